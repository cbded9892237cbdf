"""Grounding for drafting: passages of real prior documents (范文), and the retriever protocol that gives
them.

The library implements :class:`Retriever` (``gov_docs.library.retriever.LibraryRetriever``); tests and
offices without a library can pass any object with the same ``related`` method. The drafter asks for
passages per section (the subject plus the section's heading), drops the draft's own document and
passages that share too little with the request, and gives 1–3 of them to the model as examples of the
register; the GUI lists them as 参考范文 with their source.
"""

from __future__ import annotations

import inspect
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from gov_docs.text.han import han_only


@dataclass
class Passage:
    """An excerpt of a prior document, with where it came from."""

    title: str
    text: str
    path: str = ""
    doc_number: str = ""
    score: float = 0.0


class Retriever(Protocol):
    """Anything that returns related passages for a query (a draft's subject and a section heading).

    A retriever may also offer ``passages(query, k, exclude_paths, per_doc=…)`` (the library's passage
    search); :func:`exemplars` prefers it.
    """

    def related(self, query: str, top_k: int = 3) -> list[Passage]:
        """Return up to ``top_k`` passages, best first (a retriever may also take ``exclude=`` paths)."""
        ...


#: Bigrams every 公文 uses: sharing them says nothing about the subject.
GENERIC = frozenset(
    "工作 做好 加强 开展 进一步 一步 有关 关于 全国 各地 推进 实施 管理 建设 发展 服务 落实 要求 重点 任务 "
    "保障 措施 "
    "组织 领导 部门 单位 地区 机制 制度 完善 健全 提高 提升 推动 促进 加快 深化 强化 坚持 全面 切实 认真 "
    "积极 "
    "总体 主要 基本 情况 问题 通知 意见 方案 规划 办法 报告 请示 函复 印发 第二 二次 第三 三次 年度 以上 "
    "以下 "
    "政府 人民 国务 务院 省市 市政 区县 有效 相关 及时 确保 各级 统筹 协调 责任 安全".split())


def _grams(s: str) -> set[str]:
    s = han_only(s)
    return {s[i:i + 2] for i in range(len(s) - 1)}


def shares_topic(text: str, query: str, minimum: int = 2) -> bool:
    """Return True when a passage shares at least ``minimum`` subject bigrams with the query.

    Bigrams every 公文 uses (工作, 做好, 加强 …) do not count: "做好污染源普查工作" and "做好民政服务机构
    疫情防控工作" share only those.
    """
    return len((_grams(query) - GENERIC) & _grams(text)) >= minimum


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
    want = top_k + len(exclude) + 3
    passages = getattr(retriever, "passages", None)
    if callable(passages):  # passage search (BM25 + e5) with exclusion: one passage per document
        found = passages(query, want, list(exclude), per_doc=1)
    elif "exclude" in inspect.signature(retriever.related).parameters:
        found = retriever.related(query, top_k=want, exclude=list(exclude))
    else:
        found = retriever.related(query, top_k=want)
    out: list[Passage] = []
    seen_text: set[str] = set()
    for p in found:
        if _excluded(p, exclude) or len(han_only(p.text)) < min_chars or p.text[:40] in seen_text:
            continue
        if not shares_topic(p.title + p.text, topic or query):
            continue
        seen_text.add(p.text[:40])
        out.append(p)
        if len(out) >= top_k:
            break
    return out
