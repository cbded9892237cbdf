"""Moved to :mod:`gov_docs.document.docx_edit` (write-back belongs next to the readers); kept as an alias."""

from __future__ import annotations

from gov_docs.document.docx_edit import (  # noqa: F401 - re-exported for older callers
    annotate,
    apply_format_edits,
    apply_text_edits,
    comment_text,
    paragraph_elements,
    runs_for_span,
    save_docx,
    split_run,
)
