"""Grounding for drafting: passages of real prior documents (范文), and the retriever protocol that gives them.

The library implements :class:`Retriever` (``gov_docs.library.retriever.LibraryRetriever``); tests and
offices without a library can pass any object with the same ``related`` method. The drafter asks for
passages per section (the subject plus the section's heading), drops the draft's own document and
passages that share too little with the request, and gives 1–3 of them to the model as examples of the
register; the GUI lists them as 参考范文 with their source.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass
class Passage:
    """An excerpt of a prior document, with where it came from."""

    title: str
    text: str
    path: str = ""
    doc_number: str = ""
    score: float = 0.0


class Retriever(Protocol):
    """Anything that returns related passages for a query (a draft's subject and a section heading)."""

    def related(self, query: str, top_k: int = 3) -> list[Passage]:
        """Return up to ``top_k`` passages, best first (a retriever may also take ``exclude=`` paths)."""
        ...


def _han(s: str) -> str:
    return re.sub(r"[^\u4e00-\u9fff]", "", s)


def _grams(s: str) -> set[str]:
    s = _han(s)
    return {s[i:i + 2] for i in range(len(s) - 1)}


def shares_topic(text: str, query: str, minimum: int = 2) -> bool:
    """Return True when a passage shares at least ``minimum`` character bigrams of the query's subject."""
    return len(_grams(query) & _grams(text)) >= minimum


def _excluded(p: Passage, exclude: Collection[str]) -> bool:
    if not exclude:
        return False
    names = {p.path, Path(p.path).name if p.path else "", p.title}
    return any(e and (e in names or (p.title and e == p.title)) for e in exclude)


def exemplars(retriever: Retriever | None, query: str, *, top_k: int = 3, exclude: Collection[str] = (),
              topic: str = "", min_chars: int = 40) -> list[Passage]:
    """Return up to ``top_k`` passages of real documents to show the model as 范文 for one section.

    Args:
        retriever: the library (or None: no exemplars).
        query: what the section is about (subject + heading).
        top_k: how many.
        exclude: paths, file names or titles never to return (the draft's own document).
        topic: words a passage must share something with (the subject); defaults to ``query``.
        min_chars: shorter passages (a heading, a line of a table) are no example of prose.

    Returns:
        Distinct passages, best first.
    """
    if retriever is None:
        return []
    want = top_k + len(exclude) + 2
    if "exclude" in inspect.signature(retriever.related).parameters:
        found = retriever.related(query, top_k=want, exclude=list(exclude))
    else:
        found = retriever.related(query, top_k=want)
    out: list[Passage] = []
    seen_text: set[str] = set()
    for p in found:
        if _excluded(p, exclude) or len(_han(p.text)) < min_chars or p.text[:40] in seen_text:
            continue
        if not shares_topic(p.title + p.text, topic or query):
            continue
        seen_text.add(p.text[:40])
        out.append(p)
        if len(out) >= top_k:
            break
    return out
