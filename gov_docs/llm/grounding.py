"""Grounding for drafting: passages of related prior documents, and the retriever protocol that gives them.

The library implements :class:`Retriever` (``gov_docs.library.retriever.LibraryRetriever``); tests and
offices without a library can pass any object with the same ``related`` method.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    """Anything that returns related passages for a query (a draft's title and key points)."""

    def related(self, query: str, top_k: int = 3) -> list[Passage]:
        """Return up to ``top_k`` passages, best first."""
        ...
