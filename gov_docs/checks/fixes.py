"""Applying fixes to the document model: text edits inside runs (formatting kept) and format edits."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import replace

from gov_docs.checks.findings import Edit, Finding, FormatEdit, select_non_overlapping
from gov_docs.document.docx_edit import format_edit_order, run_indices
from gov_docs.document.model import Document, Paragraph, Run


def edit_paragraph(p: Paragraph, edits: Iterable[Edit]) -> Paragraph:
    """Return a copy of ``p`` with text edits applied inside its runs, keeping each run's formatting.

    Edits apply in reverse order; the replacement goes into the run where the edit starts, and
    characters removed from following runs are taken out of them.
    """
    from gov_docs.checks.findings import apply_edits

    edits = sorted(edits, key=lambda e: (e.start, e.end))
    new_text = apply_edits(p.text, edits)  # validates overlaps
    if not p.runs:
        return replace(p, text=new_text)
    runs = [replace(r) for r in p.runs]
    for e in reversed(edits):
        pos = 0
        placed = False
        for r in runs:
            r_start, r_end = pos, pos + len(r.text)  # offsets before this edit touches the run
            pos = r_end
            a, b = max(e.start, r_start) - r_start, min(e.end, r_end) - r_start
            if not placed and r_start <= e.start <= r_end:
                r.text = r.text[:a] + e.replacement + r.text[max(a, b):]
                placed = True
            elif placed and b > a:
                r.text = r.text[:a] + r.text[b:]
        if not placed:  # insertion at the very end
            runs[-1].text += e.replacement
    runs = [r for r in runs if r.text] or [Run(text="", font_east_asia=p.runs[0].font_east_asia,
                                               size_pt=p.runs[0].size_pt, bold=p.runs[0].bold)]
    if "".join(r.text for r in runs) != new_text:  # defensive: fall back to one run
        return p.with_text(new_text)
    return replace(p, text=new_text, runs=runs if new_text else [])


def apply_format_edit(doc: Document, e: FormatEdit) -> None:
    """Apply one format edit in place (run properties to the runs the target names, all by default)."""
    if e.target == "page":
        setattr(doc.page, e.prop, e.value)
        return
    p = doc.paragraphs[e.paragraph]
    if e.target == "paragraph":
        if e.prop == "first_line_indent_chars":
            # In the paragraph's own size: 2 characters of 16 pt text are 32 pt.
            p.first_line_indent_chars = float(e.value)
            p.first_line_indent_pt = float(e.value) * (p.size_pt or 16.0)
        else:
            setattr(p, e.prop, e.value)
    elif e.target.startswith("run"):
        wanted = run_indices(e.target)
        for k, r in enumerate(p.runs):
            if wanted is None or k in wanted:
                setattr(r, e.prop, e.value)


def apply_findings(doc: Document, findings: Iterable[Finding]) -> Document:
    """Return a copy of ``doc`` with the edits of ``findings`` applied (they must not overlap)."""
    new = copy.deepcopy(doc)
    by_para: dict[int, list[Edit]] = {}
    format_edits: list[FormatEdit] = []
    for f in findings:
        for e in f.edits:
            by_para.setdefault(e.paragraph, []).append(e)
        format_edits.extend(f.format_edits)
    for fe in sorted(format_edits, key=format_edit_order):
        apply_format_edit(new, fe)
    for i, edits in by_para.items():
        new.paragraphs[i] = edit_paragraph(new.paragraphs[i], edits)
    return new


def fix_document(doc: Document, findings: Iterable[Finding]) -> tuple[Document, list[Finding]]:
    """Apply the unambiguous fixes (auto-fixable, non-overlapping) and return (new document, applied)."""
    chosen = select_non_overlapping([f for f in findings if f.auto_fixable])
    return apply_findings(doc, chosen), chosen

