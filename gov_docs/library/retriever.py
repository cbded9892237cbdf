"""The library as a retriever for drafting: best passages of the most related prior documents."""

from __future__ import annotations

import re

from gov_docs.library.index import LibraryIndex
from gov_docs.llm.grounding import Passage

PASSAGE_CHARS = 300


class LibraryRetriever:
    """Passages from the library index for a draft's title and key points (gov_docs.llm.grounding.Retriever)."""

    def __init__(self, index: LibraryIndex | None = None) -> None:
        self.index = index or LibraryIndex()

    def related(self, query: str, top_k: int = 3) -> list[Passage]:
        """Return up to ``top_k`` passages: for each related document, the paragraph sharing most with the query."""
        from gov_docs.library.recommend import recommend

        if not self.index.exists():
            return []
        out = []
        qchars = set(re.sub(r"\s", "", query))
        for rec in recommend(self.index, query, top=top_k):
            stored = self.index.stored(rec.path) or {}
            paras = [p.strip() for p in stored.get("content", "").split("\n") if len(p.strip()) >= 20]
            if not paras:
                continue
            best = max(paras, key=lambda p: sum(1 for ch in set(p) if ch in qchars) / (len(p) ** 0.5))
            out.append(Passage(title=rec.title, text=best[:PASSAGE_CHARS], path=rec.path,
                               doc_number=rec.doc_number, score=rec.score))
        return out
