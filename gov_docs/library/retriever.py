"""The library as a retriever for drafting: passages of prior documents close to a query.

``LibraryRetriever`` implements ``gov_docs.llm.grounding.Retriever`` (``related``) and adds ``passages``
with an exclusion list and a per-document cap, for exemplars (范文). Both go through
``LibraryIndex.search_passages`` (BM25 over passages, plus e5 embeddings where the index has them).
"""

from __future__ import annotations

from collections.abc import Iterable

from gov_docs.library.index import LibraryIndex, LibraryPassage
from gov_docs.llm.grounding import Passage


def to_grounding(p: LibraryPassage) -> Passage:
    """Return a library passage as the drafting layer's Passage."""
    return Passage(title=p.title, text=p.text, path=p.path, doc_number=p.doc_number, score=p.score)


class LibraryRetriever:
    """Passages from the library index for a draft's title and key points
    (gov_docs.llm.grounding.Retriever).
    """

    def __init__(self, index: LibraryIndex | None = None) -> None:
        self.index = index or LibraryIndex()

    def related(self, query: str, top_k: int = 3) -> list[Passage]:
        """Return up to ``top_k`` passages, one per document, best first ([] without an index)."""
        return self.passages(query, top_k, per_doc=1)

    def passages(self, query: str, k: int = 5, exclude_paths: Iterable[str] = (), *,
                 per_doc: int = 2) -> list[Passage]:
        """Return up to ``k`` passages close to ``query``, leaving out ``exclude_paths``.

        Args:
            query: a title, key points or a paragraph.
            k: number of passages.
            exclude_paths: library files not to use (the draft itself).
            per_doc: at most this many passages from one document.

        Returns:
            Passages with the source title, 发文字号, path and score, best first.
        """
        if not self.index.exists():
            return []
        return [to_grounding(p) for p in self.index.search_passages(query, k, exclude_paths, per_doc=per_doc)]
