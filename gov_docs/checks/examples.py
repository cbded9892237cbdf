"""Turn a rule's examples into documents: plain sentences, whole documents, or structured documents.

- A one-line example becomes a one-paragraph document whose role is the rule's first ``roles:`` entry
  (正文 by default), so role-restricted rules see it as they would in a real document.
- A multi-line example is a whole document: roles are detected as for a .txt file.
- ``document:`` gives paragraphs with formatting and a page setup (format rules), e.g.
  ``{page: {top_mm: 30}, paragraphs: [{text: "…", role: 标题, font: 宋体, size: 22, align: center}]}``.
The ``[[…]]`` marker is removed; :class:`MarkedDocument` says where it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from gov_docs.checks.schema import Example, RuleSpec
from gov_docs.document.model import Alignment, Document, PageSetup, Paragraph, Role, Run
from gov_docs.document.txt_reader import document_from_text

MARK_OPEN, MARK_CLOSE = "[[", "]]"


@dataclass
class MarkedDocument:
    """A document built from an example and the marked span (paragraph -1 when unmarked)."""

    doc: Document
    paragraph: int = -1
    start: int = 0
    end: int = 0


def _strip_marker(text: str) -> tuple[str, int, int]:
    if MARK_OPEN not in text:
        return text, -1, -1
    a = text.index(MARK_OPEN)
    b = text.index(MARK_CLOSE)
    clean = text[:a] + text[a + 2 : b] + text[b + 2 :]
    return clean, a, b - 2


def document_from_spec(spec: dict) -> Document:
    """Build a formatted document from a structured example (see module doc)."""
    page = PageSetup(**{k: v for k, v in (spec.get("page") or {}).items()})
    paras = []
    for item in spec.get("paragraphs", []):
        text = str(item.get("text", ""))
        run = Run(text=text, font_east_asia=item.get("font"), font_ascii=item.get("font_ascii"),
                  size_pt=item.get("size"), bold=item.get("bold", False), color=item.get("color"))
        align = item.get("align")
        paras.append(
            Paragraph(
                text=text,
                role=Role.parse(item["role"]) if item.get("role") else Role.BODY,
                role_locked=bool(item.get("role")),
                runs=[run] if text else [],
                alignment=Alignment(align) if align else None,
                first_line_indent_pt=item.get("first_line_indent_pt"),
                line_spacing_pt=item.get("line_spacing_pt"),
                line_spacing_rule=item.get("line_spacing_rule"),
            )
        )
    doc = Document(paragraphs=paras, page=page, source_format="docx", has_formatting=True)
    from gov_docs.document.roles import detect_roles

    return detect_roles(doc)


def build_example(spec: RuleSpec, example: Example) -> MarkedDocument:
    """Return the document an example describes, and where its marker was."""
    if example.document is not None:
        marked = MarkedDocument(document_from_spec(example.document))
        for i, p in enumerate(marked.doc.paragraphs):
            if MARK_OPEN in p.text:
                clean, a, b = _strip_marker(p.text)
                marked.doc.paragraphs[i] = p.with_text(clean) if p.runs else Paragraph(clean, role=p.role)
                marked.doc.paragraphs[i].role, marked.doc.paragraphs[i].role_locked = p.role, p.role_locked
                marked.paragraph, marked.start, marked.end = i, a, b
        return marked
    text = example.text
    if "\n" not in text.strip("\n"):
        clean, a, b = _strip_marker(text.strip("\n"))
        role = Role.parse(spec.roles[0]) if spec.roles else Role.BODY
        doc = Document(paragraphs=[Paragraph(text=clean, role=role, role_locked=True)],
                       page=PageSetup.unknown(),
                       source_format="txt")
        return MarkedDocument(doc, 0 if a >= 0 else -1, max(a, 0), max(b, 0))
    lines = text.strip("\n").split("\n")
    marked_line = next((i for i, ln in enumerate(lines) if MARK_OPEN in ln), -1)
    a = b = 0
    if marked_line >= 0:
        lines[marked_line], a, b = _strip_marker(lines[marked_line])
    doc = document_from_text("\n".join(lines))
    return MarkedDocument(doc, marked_line, a, b)
