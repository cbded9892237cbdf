"""Working on the original .docx: map our paragraph offsets to its runs, split runs, edit text in place,
and anchor Word comments exactly at a finding's span.

Paragraphs are visited in the same order as the reader visits them (``docx_reader._iter_paragraph_elements``),
and characters are counted the same way (``w:t`` text, tabs and breaks as one character each), so a
finding's (paragraph, start, end) lands on the same characters in the file. Every run keeps its
formatting: splitting a run copies its ``w:rPr``.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

from gov_docs.checks.findings import Edit, Finding
from gov_docs.document.docx_reader import _W, _child_text, _iter_paragraph_elements, _run_text, _runs_of

_T = _W + "t"


def paragraph_elements(d: Any) -> list[Any]:
    """Return the ``w:p`` elements of a python-docx Document in reader order."""
    return list(_iter_paragraph_elements(d.element.body))


def split_run(r_el: Any, offset: int) -> Any:
    """Split run ``r_el`` at character ``offset``; return the new right-hand run (inserted after it).

    Only ``w:t`` text can be split inside; other content (tabs, breaks) moves whole.
    """
    right = copy.deepcopy(r_el)
    # Left keeps characters [0, offset), right keeps [offset, end).
    pos = 0
    left_children = [c for c in r_el if c.tag != _W + "rPr"]
    right_children = [c for c in right if c.tag != _W + "rPr"]
    for lc, rc in zip(left_children, right_children, strict=True):
        n = len(_child_text(lc))
        if pos + n <= offset:  # wholly left
            right.remove(rc)
        elif pos >= offset:  # wholly right
            r_el.remove(lc)
        else:  # straddles: only w:t can
            k = offset - pos
            text = lc.text or ""
            lc.text, rc.text = text[:k], text[k:]
            for t in (lc, rc):
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        pos += n
    r_el.addnext(right)
    return right


def runs_for_span(p_el: Any, start: int, end: int) -> list[Any]:
    """Split runs of paragraph ``p_el`` so that [start, end) is covered exactly; return those runs."""
    for cut in (start, end):
        pos = 0
        for r in _runs_of(p_el):
            n = len(_run_text(r))
            if pos < cut < pos + n:
                split_run(r, cut - pos)
                break
            pos += n
    out = []
    pos = 0
    for r in _runs_of(p_el):
        n = len(_run_text(r))
        if n and start <= pos and pos + n <= end:
            out.append(r)
        pos += n
    return out


def apply_text_edits(p_el: Any, edits: list[Edit]) -> bool:
    """Apply edits to a paragraph's runs in place; return False (nothing changed) if a span is not plain text."""
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        runs = runs_for_span(p_el, e.start, e.end) if e.end > e.start else []
        if any(c.tag not in (_T, _W + "rPr") for r in runs for c in r):
            return False
        if runs:
            first = runs[0]
            ts = first.findall(_T)
            ts[0].text = e.replacement
            ts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            for t in ts[1:]:
                first.remove(t)
            for r in runs[1:]:
                r.getparent().remove(r)
        else:  # pure insertion: put it at the end of the run that ends at e.start
            pos = 0
            target = None
            for r in _runs_of(p_el):
                n = len(_run_text(r))
                if pos <= e.start <= pos + n and r.findall(_T):
                    target, k = r, e.start - pos
                    break
                pos += n
            if target is None:
                return False
            acc = 0
            for t in target.findall(_T):
                n = len(t.text or "")
                if acc + n >= k:
                    t.text = (t.text or "")[: k - acc] + e.replacement + (t.text or "")[k - acc :]
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                    break
                acc += n
    return True


def annotate(d: Any, findings: list[Finding], author: str = "gov-docs 公文核验", initials: str = "GD") -> int:
    """Add each finding as a Word comment anchored at its text; return the number of comments added."""
    from docx.text.run import Run as DocxRun

    paras = paragraph_elements(d)
    added = 0
    for f in findings:
        if 0 <= f.paragraph < len(paras):
            p_el = paras[f.paragraph]
        elif paras:
            p_el = paras[0]
        else:
            continue
        if f.scope == "text" and f.end > f.start:
            runs = runs_for_span(p_el, f.start, f.end)
        else:
            runs = [r for r in _runs_of(p_el) if _run_text(r)]
        if not runs:
            continue
        parent = d.paragraphs[0]._parent if d.paragraphs else d
        docx_runs = [DocxRun(r, parent) for r in runs]
        d.add_comment(docx_runs, text=comment_text(f), author=author, initials=initials)
        added += 1
    return added


def comment_text(f: Finding) -> str:
    """Return the comment body for a finding: level, category, message, suggestion, basis, rule id."""
    parts = [f"【{f.level.label}·{f.category.label}】{f.message}"]
    if f.suggestions:
        parts.append(f"建议：{'／'.join(f.suggestions)}")
    parts.append(f"依据：{f.basis}")
    parts.append(f"规则：{f.rule_id}")
    return "\n".join(parts)


def save_docx(d: Any, path: Path) -> None:
    """Save a python-docx Document atomically."""
    from gov_docs.fileio import atomic_write_bytes

    buf = io.BytesIO()
    d.save(buf)
    atomic_write_bytes(path, buf.getvalue())


_JC = {"left": "left", "center": "center", "right": "right", "justify": "both", "distribute": "distribute"}


def apply_format_edits(d: Any, edits: list) -> int:
    """Apply format edits to a python-docx Document in place; return how many were applied."""
    from docx.shared import Mm, Pt

    from gov_docs.document.docx_writer import _w

    paras = paragraph_elements(d)
    done = 0
    for e in edits:
        if e.target == "page":
            attr = {"top_mm": "top_margin", "bottom_mm": "bottom_margin", "left_mm": "left_margin",
                    "right_mm": "right_margin", "width_mm": "page_width", "height_mm": "page_height"}.get(e.prop)
            if attr:
                for s in d.sections:
                    setattr(s, attr, Mm(float(e.value)))
                done += 1
            continue
        if not 0 <= e.paragraph < len(paras):
            continue
        p_el = paras[e.paragraph]
        if e.target == "run":
            for r in _runs_of(p_el):
                rpr = r.get_or_add_rPr()
                if e.prop == "font_east_asia":
                    fonts = rpr.find(_w("rFonts"))
                    if fonts is None:
                        fonts = rpr.makeelement(_w("rFonts"), {})
                        rpr.insert(0, fonts)
                    fonts.attrib.pop(_w("eastAsiaTheme"), None)
                    fonts.set(_w("eastAsia"), str(e.value))
                elif e.prop == "size_pt":
                    rpr.sz_val = Pt(float(e.value))
                elif e.prop == "bold":
                    rpr.b_val = bool(e.value)
            done += 1
        elif e.target == "paragraph":
            ppr = p_el.get_or_add_pPr()
            if e.prop == "alignment":
                value = getattr(e.value, "value", e.value)
                jc = ppr.find(_w("jc"))
                if jc is None:
                    jc = ppr.makeelement(_w("jc"), {})
                    ppr.append(jc)
                jc.set(_w("val"), _JC[value])
            elif e.prop == "first_line_indent_pt":
                ind = ppr.find(_w("ind"))
                if ind is None:
                    ind = ppr.makeelement(_w("ind"), {})
                    ppr.append(ind)
                for a in ("firstLineChars", "hanging", "hangingChars"):
                    ind.attrib.pop(_w(a), None)
                ind.set(_w("firstLine"), str(int(float(e.value) * 20)))
            elif e.prop == "line_spacing_pt":
                spacing = ppr.find(_w("spacing"))
                if spacing is None:
                    spacing = ppr.makeelement(_w("spacing"), {})
                    ppr.append(spacing)
                spacing.set(_w("line"), str(int(float(e.value) * 20)))
                spacing.set(_w("lineRule"), "exact")
            else:
                continue
            from gov_docs.document.docx_writer import _sort_ppr

            _sort_ppr(ppr)
            done += 1
    return done
