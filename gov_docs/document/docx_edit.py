"""Writing back into the original .docx: map our paragraph offsets to its runs, split runs, edit text in
place, insert and remove paragraphs, apply format edits, and anchor Word comments at a finding's span.

Paragraphs are visited in the same order as the reader visits them
(:func:`docx_reader.iter_paragraph_elements`),
and characters are counted the same way (``w:t`` text, tabs and breaks as one character each), so a
finding's (paragraph, start, end) lands on the same characters in the file. Every run keeps its
formatting: splitting a run copies its ``w:rPr``. Everything this module does not touch (headers,
footers, text boxes, images, comments, section settings, other paragraphs) stays byte-for-byte as it was.

Edits and findings are duck-typed (``start``/``end``/``replacement``; ``paragraph``/``scope``/…) so this
core module does not depend on the checks package.
"""

from __future__ import annotations

import copy
import difflib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gov_docs.document.docx_reader import W_NS as _W
from gov_docs.document.docx_reader import child_text as _child_text
from gov_docs.document.docx_reader import iter_paragraph_elements, run_text, runs_of
from gov_docs.document.model import drawn_east_asian

_T = _W + "t"
_run_text = run_text
_runs_of = runs_of


@dataclass(frozen=True)
class TextEdit:
    """Replace code points ``[start, end)`` of one paragraph with ``replacement``."""

    start: int
    end: int
    replacement: str


def diff_edits(old: str, new: str) -> list[TextEdit]:
    """Return the smallest edits (character diff) that turn ``old`` into ``new``.

    Several small edits rather than one span from the first to the last change, so the runs between
    two changes (a bold word between two fixed punctuation marks) keep their own formatting.
    """
    if old == new:
        return []
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [TextEdit(i1, i2, new[j1:j2]) for tag, i1, i2, j1, j2 in sm.get_opcodes() if tag != "equal"]


def _upright_sections(d: Any) -> list[Any]:
    """Return the sections a page fix may set: those turned like the first one.

    A landscape section holding a wide attachment table keeps its size and margins: GB/T 9704 sets the
    upright page, and turning that section upright would break the table the clerk laid out.
    """
    def landscape(s: Any) -> bool:
        return bool(s.page_width and s.page_height and s.page_width > s.page_height)

    sections = list(d.sections)
    return [s for s in sections if landscape(s) == landscape(sections[0])] if sections else []


def paragraph_elements(d: Any) -> list[Any]:
    """Return the ``w:p`` elements of a python-docx Document in reader order."""
    return list(iter_paragraph_elements(d.element.body))


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


def apply_text_edits(p_el: Any, edits: list) -> bool:
    """Apply edits to a paragraph's runs in place; return False (nothing changed) if a span is not plain
    text.
    """
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        runs = runs_for_span(p_el, e.start, e.end) if e.end > e.start else []
        if any(c.tag not in (_T, _W + "rPr") for r in runs for c in r):
            return False
        if runs and not e.replacement:  # a deletion: drop the runs that held the span (no empty runs left)
            for r in runs:
                r.getparent().remove(r)
        elif runs:
            first = runs[0]
            ts = first.findall(_T)
            _east_asian_font_for(p_el, first, e.replacement)
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
            _east_asian_font_for(p_el, target, e.replacement)
            acc = 0
            for t in target.findall(_T):
                n = len(t.text or "")
                if acc + n >= k:
                    t.text = (t.text or "")[: k - acc] + e.replacement + (t.text or "")[k - acc :]
                    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                    break
                acc += n
    return True


def annotate(d: Any, findings: list, author: str = "gov-docs 公文核验", initials: str = "GD",
             paras: list[Any] | None = None) -> int:
    """Add each finding as a Word comment anchored at its text; return the number of comments added.

    ``paras`` are the paragraph elements the findings' indices refer to (default: reader order).
    """
    from docx.text.run import Run as DocxRun

    paras = [p for p in (paragraph_elements(d) if paras is None else paras)]
    added = 0
    for f in findings:
        if 0 <= f.paragraph < len(paras) and paras[f.paragraph] is not None:
            p_el = paras[f.paragraph]
        elif paras and paras[0] is not None:
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


def comment_text(f: Any) -> str:
    """Return the comment body for a finding: level, category, message, suggestion, basis, rule id."""
    parts = [f"【{f.level.label}·{f.category.label}】{f.message}"]
    if f.suggestions:
        parts.append(f"建议：{f.shown_suggestions()}")
    parts.append(f"依据：{f.basis}")
    parts.append(f"规则：{f.rule_id}")
    return "\n".join(parts)


def package_bytes(d: Any) -> bytes:
    """Return a python-docx Document serialised as .docx bytes."""
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def save_docx(d: Any, path: Path) -> None:
    """Save a python-docx Document atomically."""
    from gov_docs.fileio import atomic_write_bytes

    atomic_write_bytes(path, package_bytes(d))


_JC = {"left": "left", "center": "center", "right": "right", "justify": "both", "distribute": "distribute"}


def run_indices(target: str) -> list[int] | None:
    """Return the run indices a format edit's target names ("run:0,2" → [0, 2]); None for all runs ("run").

    Indices count the runs that carry text, as the reader does (``Paragraph.runs``).
    """
    if not target.startswith("run:"):
        return None
    return [int(x) for x in target[4:].split(",") if x.strip().isdigit()]


def format_edit_order(e: Any) -> int:
    """Sort key: run edits (font, size) before paragraph edits, so indents in characters see the final
    size.
    """
    return 0 if str(e.target).startswith("run") else 1


def _paragraph_size_pt(p_el: Any) -> float:
    """Return the size (pt) the paragraph's text runs set explicitly, else its mark's, else 16 (3号)."""
    for r in _runs_of(p_el):
        sz = r.find(f"{_W}rPr/{_W}sz")
        if _run_text(r).strip() and sz is not None and sz.get(_W + "val", "").isdigit():
            return int(sz.get(_W + "val")) / 2
    sz = p_el.find(f"{_W}pPr/{_W}rPr/{_W}sz")
    if sz is not None and sz.get(_W + "val", "").isdigit():
        return int(sz.get(_W + "val")) / 2
    return 16.0


def apply_format_edits(d: Any, edits: list, paras: list[Any] | None = None) -> int:
    """Apply format edits to a python-docx Document in place; return how many were applied.

    Args:
        d: the python-docx Document.
        edits: format edits (``paragraph``, ``target`` run|paragraph|page, ``prop``, ``value``).
        paras: the paragraph elements the edits' ``paragraph`` indices refer to (default: reader order).
    """
    from docx.shared import Mm, Pt

    from gov_docs.document.docx_writer import w_tag as _w

    paras = paragraph_elements(d) if paras is None else paras
    done = 0
    for e in sorted(edits, key=format_edit_order):  # sizes first: indents in characters depend on them
        if e.target == "page":
            attr = {"top_mm": "top_margin", "bottom_mm": "bottom_margin", "left_mm": "left_margin",
                    "right_mm": "right_margin", "width_mm": "page_width",
                    "height_mm": "page_height"}.get(e.prop)
            if attr:
                for s in _upright_sections(d):
                    setattr(s, attr, Mm(float(e.value)))
                done += 1
            continue
        if not 0 <= e.paragraph < len(paras):
            continue
        p_el = paras[e.paragraph]
        if e.target.startswith("run"):
            # only the runs the finding was about (a run-in heading's body stays)
            wanted = run_indices(e.target)
            for k, r in enumerate(r for r in _runs_of(p_el) if _run_text(r)):
                if wanted is not None and k not in wanted:
                    continue
                rpr = r.get_or_add_rPr()
                if e.prop == "font_east_asia":
                    _set_east_asia_font(r, str(e.value))
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
            elif e.prop == "first_line_indent_chars":
                ind = ppr.find(_w("ind"))
                if ind is None:
                    ind = ppr.makeelement(_w("ind"), {})
                    ppr.append(ind)
                for a in ("hanging", "hangingChars"):
                    ind.attrib.pop(_w(a), None)
                # Characters of the paragraph's own size (Word reads firstLineChars first; firstLine for
                # others).
                ind.set(_w("firstLineChars"), str(int(round(float(e.value) * 100))))
                ind.set(_w("firstLine"), str(int(round(float(e.value) * _paragraph_size_pt(p_el) * 20))))
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
            from gov_docs.document.docx_writer import sort_ppr

            sort_ppr(ppr)
            done += 1
    return done


def _east_asian_font_for(p_el: Any, r_el: Any, new_text: str) -> None:
    """Give run ``r_el`` the East Asian font of its neighbours when it is about to hold Chinese characters
    and has none of its own.

    WPS and LibreOffice give a run of digits or half-width marks only ``w:ascii``/``w:hAnsi``: a half-width
    ：fixed to full width in such a run would be drawn in the style's default East Asian font (a Noto or
    宋体 among 仿宋 neighbours). The nearest run before it (else after it) with an explicit ``w:eastAsia``
    lends it.
    """
    if not drawn_east_asian(new_text) or drawn_east_asian(_run_text(r_el)):
        return
    rpr = r_el.find(_W + "rPr")
    fonts = rpr.find(_W + "rFonts") if rpr is not None else None
    if fonts is not None and (fonts.get(_W + "eastAsia") or fonts.get(_W + "eastAsiaTheme")):
        return
    runs = list(_runs_of(p_el))
    k = next((i for i, r in enumerate(runs) if r is r_el), None)
    if k is None:
        return
    for r in [*reversed(runs[:k]), *runs[k + 1:]]:
        other = r.find(_W + "rPr/" + _W + "rFonts")
        font = other.get(_W + "eastAsia") if other is not None else None
        if font and other.get(_W + "eastAsiaTheme") is None:
            _set_east_asia_font(r_el, font)
            return


def _set_east_asia_font(r_el: Any, font: str) -> None:
    """Set a run's East Asian font (its ``w:rPr``/``w:rFonts`` made where missing, in schema order; a theme
    font, which Word would draw instead, removed).
    """
    fonts = r_el.get_or_add_rPr().get_or_add_rFonts()
    fonts.attrib.pop(_W + "eastAsiaTheme", None)
    fonts.set(_W + "eastAsia", font)


def set_paragraph_text(p_el: Any, old: str, new: str) -> bool:
    """Turn paragraph ``p_el`` (whose reader text is ``old``) into ``new``, touching only changed characters.

    Returns:
        True when done run by run; False when a changed span was not plain text (a field, a tab
        inside the change) and the paragraph's text runs were rewritten instead (the first text run's
        formatting carries the whole text; pictures and other non-text content stay).
    """
    edits = diff_edits(old, new)
    if not edits:
        return True
    work = copy.deepcopy(p_el)  # edit a copy: a refused edit must leave the paragraph untouched
    if apply_text_edits(work, edits) and "".join(_run_text(r) for r in _runs_of(work)) == new:
        for child in list(p_el):
            p_el.remove(child)
        for child in list(work):
            p_el.append(child)
        return True
    _rewrite_text_runs(p_el, new)
    return False


def _rewrite_text_runs(p_el: Any, new: str) -> None:
    text_runs = [r for r in _runs_of(p_el) if r.find(_T) is not None]
    if not text_runs:
        r = p_el.makeelement(_W + "r", {})
        p_el.append(r)
        text_runs = [r]
    first = text_runs[0]
    for r in text_runs[1:]:
        for t in r.findall(_T):
            r.remove(t)
        if not [c for c in r if c.tag != _W + "rPr"]:
            r.getparent().remove(r)
    for child in [c for c in first if c.tag != _W + "rPr"]:
        first.remove(child)
    t = first.makeelement(_T, {})
    t.text = new
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    first.append(t)


def body_level(el: Any) -> Any:
    """Return the ancestor of ``el`` that is a direct child of ``w:body`` (a table for a cell paragraph)."""
    while el.getparent() is not None and el.getparent().tag != _W + "body":
        el = el.getparent()
    return el


def insert_paragraph_after(anchor: Any, text: str, like: Any | None = None) -> Any:
    """Insert a new paragraph with ``text`` after ``anchor``'s body-level block; return it.

    The new paragraph copies the paragraph and run properties of ``like`` (the paragraph it was split
    from, as Word does when Enter is pressed), so it looks like its neighbour.
    """
    model = like if like is not None else anchor
    p = model.makeelement(_W + "p", {})
    ppr = model.find(_W + "pPr")
    if ppr is not None:
        ppr = copy.deepcopy(ppr)
        for tag in ("sectPr", "numPr"):  # never duplicate a section break or a list number
            for el in ppr.findall(_W + tag):
                ppr.remove(el)
        p.append(ppr)
    r = p.makeelement(_W + "r", {})
    text_runs = [x for x in _runs_of(model) if x.find(_T) is not None]
    if text_runs and text_runs[0].find(_W + "rPr") is not None:
        r.append(copy.deepcopy(text_runs[0].find(_W + "rPr")))
    t = r.makeelement(_T, {})
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)
    p.append(r)
    body_level(anchor).addnext(p)
    return p


def insert_paragraph_before(anchor: Any, text: str) -> Any:
    """Insert a new paragraph with ``text`` (formatted like ``anchor``) before ``anchor``'s block."""
    p = insert_paragraph_after(anchor, text, like=anchor)
    block = body_level(anchor)
    p.getparent().remove(p)
    block.addprevious(p)
    return p


def remove_paragraph(p_el: Any) -> None:
    """Remove a body paragraph (a paragraph holding the last section break only loses its text)."""
    ppr = p_el.find(_W + "pPr")
    parent = p_el.getparent()
    if ((ppr is not None and ppr.find(_W + "sectPr") is not None) or parent is None
        or parent.tag != _W + "body"):
        _rewrite_text_runs(p_el, "")
        return
    parent.remove(p_el)


def unshown_parts(d: Any) -> list[str]:
    """Name the parts of a .docx that exist but are not shown as editable text (kept as they are).

    Returns:
        Chinese labels with counts, e.g. ``["表格 1 个", "页眉/页脚", "文本框 1 个"]``.
    """
    body = d.element.body
    out: list[str] = []
    ntbl = len(body.findall(_W + "tbl"))
    if ntbl:
        out.append(f"表格 {ntbl} 个")
    ntx = len(list(body.iter(_W + "txbxContent")))
    if ntx:
        out.append(f"文本框 {ntx} 个")
    npic = len(list(body.iter("{http://schemas.openxmlformats.org/drawingml/2006/picture}pic")))
    if npic:
        out.append(f"图片 {npic} 张")
    headers = 0
    for s in d.sections:
        for part in (s.header, s.footer, s.first_page_header, s.first_page_footer, s.even_page_header,
                     s.even_page_footer):
            try:
                if not part.is_linked_to_previous and part._element is not None:
                    headers += 1
            except Exception:  # noqa: BLE001 - a missing part is simply not there
                continue
    if headers:
        out.append("页眉/页脚")
    if len(d.sections) > 1:
        out.append(f"分节 {len(d.sections)} 节")
    try:
        ncomments = len(list(d.comments))
    except Exception:  # noqa: BLE001 - python-docx without comment support, or no comments part
        ncomments = 0
    if ncomments:
        out.append(f"批注 {ncomments} 条")
    nfields = len(list(body.iter(_W + "fldSimple"))) + len(list(body.iter(_W + "fldChar"))) // 3
    if nfields:
        out.append(f"域 {nfields} 个")
    if next(body.iter(_W + "ins"), None) is not None or next(body.iter(_W + "del"), None) is not None:
        out.append("修订标记")
    return out
