"""Reviewers' Word comments (批注) read from a .docx: author, date, text and the text they are anchored on.

A reviewer annotates a draft in Word or WPS; these comments come back into gov-docs as 审核意见 and into
the review history. The anchored text is what lies between ``w:commentRangeStart`` and
``w:commentRangeEnd`` with the same id, in the accepted view of the document (deleted text is left out),
and the paragraph index is the reader's (the same numbering findings use).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gov_docs.document.docx_reader import W_NS as _W
from gov_docs.document.docx_reader import iter_paragraph_elements as _iter_paragraph_elements
from gov_docs.document.errors import DocumentReadError

# Authors under which gov-docs itself writes comments: not reviewers' words.
OWN_AUTHORS = ("gov-docs", "gov-docs 公文核验")


@dataclass(frozen=True)
class WordComment:
    """One Word comment: who wrote it, when, what, and on which text of which paragraph."""

    id: int
    author: str
    initials: str
    date: str
    text: str
    anchor: str
    paragraph: int

    @property
    def is_own(self) -> bool:
        """Return True for comments gov-docs wrote itself (its findings), not a reviewer's."""
        return self.author in OWN_AUTHORS


def read_word_comments(path: Path | str) -> list[WordComment]:
    """Return the Word comments of a .docx in document order (empty when it has none).

    Raises:
        DocumentReadError: the file cannot be opened as a Word document.
    """
    import docx

    from gov_docs.document.docx_reader import check_container

    path = Path(path)
    check_container(path)  # corrupt, encrypted, legacy or oversized files: the reader's own messages
    try:
        d = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types for a bad package
        raise DocumentReadError(path, "不是有效的 Word 文档，无法读取批注") from exc
    return word_comments_of(d)


def word_comments_of(d: Any) -> list[WordComment]:
    """Return the Word comments of an open python-docx Document in document order."""
    if not _has_comments_part(d):
        return []
    entries = {}
    for c in d.comments:
        stamp = c.timestamp
        entries[c.comment_id] = (c.author or "", c.initials or "", stamp.isoformat() if stamp else "",
                                 c.text.strip())
    anchors, paragraphs = _anchors(d.element.body)
    out = []
    for cid, (author, initials, date, text) in entries.items():
        if not text:
            continue
        out.append(WordComment(cid, author, initials, date, text, anchors.get(cid, "").strip(),
                               paragraphs.get(cid, -1)))
    out.sort(key=lambda c: (c.paragraph if c.paragraph >= 0 else 1 << 30, c.id))
    return out


def _has_comments_part(d: Any) -> bool:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    return any(rel.reltype == RT.COMMENTS for rel in d.part.rels.values())


def _anchors(body: Any) -> tuple[dict[int, str], dict[int, int]]:
    """Return comment id → anchored text and comment id → paragraph index where its range starts."""
    paragraphs = list(_iter_paragraph_elements(body))  # kept alive: lxml proxies (and their ids) stay stable
    index = {id(p): i for i, p in enumerate(paragraphs)}
    start_tag, end_tag, t_tag, del_tag = (_W + "commentRangeStart", _W + "commentRangeEnd", _W + "t",
                                          _W + "del")
    open_ids: list[int] = []
    text: dict[int, list[str]] = {}
    where: dict[int, int] = {}
    current = -1
    for el in body.iter():
        if el.tag == _W + "p" and id(el) in index:
            current = index[id(el)]
            for cid in open_ids:
                if text[cid]:
                    text[cid].append("\n")
        elif el.tag == start_tag:
            cid = _id(el)
            if cid is not None:
                open_ids.append(cid)
                text.setdefault(cid, [])
                where.setdefault(cid, current)
        elif el.tag == end_tag:
            cid = _id(el)
            if cid in open_ids:
                open_ids.remove(cid)
        elif el.tag == t_tag and open_ids and not _inside(el, del_tag):
            for cid in open_ids:
                text[cid].append(el.text or "")
    return {cid: "".join(parts) for cid, parts in text.items()}, {k: max(v, 0) for k, v in where.items()}


def _id(el: Any) -> int | None:
    v = el.get(_W + "id")
    return int(v) if v is not None and v.lstrip("-").isdigit() else None


def _inside(el: Any, tag: str) -> bool:
    anc = el.getparent()
    while anc is not None:
        if anc.tag == tag:
            return True
        anc = anc.getparent()
    return False
