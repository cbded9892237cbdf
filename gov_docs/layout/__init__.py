"""GB/T 9704 page layout (core, no Qt): a document becomes pages of positioned lines.

The page view, printing and the PDF all draw from :func:`layout_document`; :mod:`.fonts` says which
installed font draws each standard font; :mod:`.pdf` writes the PDF.
"""

from __future__ import annotations

from gov_docs.layout.engine import Layout, Line, Page, RuleLine, Span, layout_document, relayout

__all__ = ["Layout", "Line", "Page", "RuleLine", "Span", "layout_document", "relayout"]
