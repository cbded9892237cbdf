"""Related documents for a draft: 上位文件, 法规依据 and 相关主题, with the reasons for each.

Scoring combines (1) explicit citations: titles in 《》 matched to library titles or to the names of
documents a library file publishes (关于印发《…》的通知, 国务院令 publishing 《…条例》), (2) BM25 over the
draft's characteristic words and its title's bigrams, (3) title word overlap and (4) a small recency
bonus. Also answers questions such as 这两天基层治理方面发了新文件吗？ (time words → date filter).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

from gov_docs.document.model import Document
from gov_docs.library.index import Hit, LibraryIndex
from gov_docs.library.records import cited_titles, organ_level

REL_SUPERIOR = "上位文件"
REL_LAW = "法规依据"
REL_TOPIC = "相关主题"
_LAW_TITLE = re.compile(r"(法|条例|规定|办法|细则|规则|决定)$")
_RE_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}〔\d{4}〕\d+号")
_PUBLISHES = re.compile(r"(?:印发|发布|公布|转发)《([^《》]{4,80})》")


@dataclass
class Recommendation:
    """A related document and why."""

    path: str
    title: str
    relation: str
    score: float
    reasons: list[str] = field(default_factory=list)
    doc_number: str = ""
    organ: str = ""
    date: dt.date | None = None

    def to_dict(self) -> dict:
        """Return a JSON-ready dict."""
        return {**self.__dict__, "date": self.date.isoformat() if self.date else None}


def _norm(title: str) -> str:
    return re.sub(r"[\s“”\"'（）()〈〉<>《》]", "", title)


def published_names(stored: dict) -> list[str]:
    """Return the names of documents a library file publishes (from its title and first lines)."""
    names = [m for m in _PUBLISHES.findall(stored.get("title", ""))]
    head = stored.get("content", "")[:400]
    if "令" in stored.get("title", "")[-2:] or "现予公布" in head or "予以公布" in head:
        names += cited_titles(head)[:2]
    return names


class TitleMatcher:
    """Maps normalised titles, published names and 发文字号 to library paths; built once per index."""

    def __init__(self, index: LibraryIndex) -> None:
        self.by_title: dict[str, str] = {}
        self.by_number: dict[str, str] = {}
        ix = index._open()
        with ix.searcher() as s:
            for stored in s.all_stored_fields():
                path = stored["path"]
                if stored.get("doc_number"):
                    self.by_number.setdefault(_norm(stored["doc_number"]), path)
                t = _norm(stored.get("title", ""))
                if len(t) >= 4:
                    self.by_title.setdefault(t, path)
                for name in published_names(stored):
                    self.by_title.setdefault(_norm(name), path)

    def match(self, title: str) -> str | None:
        """Return the path of the library document with this (cited) title."""
        return self.by_title.get(_norm(title))

    def match_number(self, number: str) -> str | None:
        """Return the path of the library document with this 发文字号."""
        return self.by_number.get(_norm(number))


_matchers: dict[str, TitleMatcher] = {}


def _matcher(index: LibraryIndex) -> TitleMatcher:
    key = f"{index.path}:{index.meta().get('built', '')}"
    if key not in _matchers:
        _matchers.clear()
        _matchers[key] = TitleMatcher(index)
    return _matchers[key]


def _draft_parts(draft: Document | str) -> tuple[str, str, str, str]:
    """Return (title, text, organ, path) of a draft."""
    if isinstance(draft, Document):
        from gov_docs.library.records import record_from_document

        rec = record_from_document(draft)
        return rec.title, draft.text, rec.organ, str(draft.source or "")
    text = str(draft)
    first = text.strip().split("\n", 1)[0]
    return (first if len(first) <= 60 else ""), text, "", ""


def recommend(index: LibraryIndex, draft: Document | str, *, top: int = 5,
              today: dt.date | None = None) -> list[Recommendation]:
    """Return up to ``top`` related library documents for a draft, best first.

    Args:
        index: the library.
        draft: a document or its text.
        top: how many.
        today: reference date for recency (default: today).

    Returns:
        Recommendations with relation 上位文件 / 法规依据 / 相关主题 and reasons.
    """
    from whoosh import query as Q

    from gov_docs.library.analysis import bigram_analyzer, keywords

    today = today or dt.date.today()
    title, text, organ, own_path = _draft_parts(draft)
    own_level = organ_level(organ) if organ else 0
    matcher = _matcher(index)
    cited: dict[str, str] = {}
    for t in cited_titles(text):
        path = matcher.match(t)
        if path and path != own_path:
            cited.setdefault(path, f"《{t}》")
    for number in _RE_NUMBER.findall(text):
        path = matcher.match_number(number)
        if path and path != own_path:
            cited.setdefault(path, number)

    kws = keywords(text, top=30)
    parts = []
    for w, weight in kws:
        boost = max(0.2, weight)
        parts.append(Q.Term("content", w, boost=boost))
        parts.append(Q.Term("title", w, boost=3 * boost))
    for g in {t.text for t in bigram_analyzer()(title)}:
        parts.append(Q.Term("title_bigram", g, boost=1.5))
    candidates: dict[str, tuple[float, dict]] = {}
    ix = index._open()
    with ix.searcher() as s:
        if parts:
            results = s.search(Q.Or(parts), limit=top * 6)
            best = max((r.score for r in results), default=1.0) or 1.0
            for r in results:
                if r["path"] != own_path:
                    candidates[r["path"]] = (float(r.score) / best, r.fields())
        for path in cited:
            if path not in candidates:
                stored = s.document(path=path)
                if stored:
                    candidates[path] = (0.0, stored)

    kw_set = {w for w, _ in kws[:15]}
    out = []
    for path, (bm25, stored) in candidates.items():
        reasons = []
        score = bm25
        if bm25 > 0:
            reasons.append(f"内容相关度 {bm25:.2f}")
        shared = [w for w in kw_set if w in stored.get("title", "")]
        if shared:
            score += 0.1 * len(shared)
            reasons.append("标题含“" + "、".join(sorted(shared)[:4]) + "”")
        if path in cited:
            score += 2.0
            reasons.append(f"文中引用{cited[path]}")
        date = stored.get("date")
        d = date.date() if date else None
        if d:
            age = max(0.0, (today - d).days / 365.25)
            score += 0.1 * math.exp(-age / 3)
        their_title = stored.get("title", "")
        names = [their_title, *published_names(stored)]
        if path in cited and any(_LAW_TITLE.search(_norm(n)) for n in names if n):
            relation = REL_LAW
        elif path in cited and (not own_level or organ_level(stored.get("organ", "")) >= own_level):
            relation = REL_SUPERIOR
        else:
            relation = REL_TOPIC
        out.append(Recommendation(path=path, title=their_title or path, relation=relation, score=round(score, 4),
                                  reasons=reasons, doc_number=stored.get("doc_number", ""),
                                  organ=stored.get("organ", ""), date=d))
    out.sort(key=lambda r: -r.score)
    return out[:top]


_TIME_WORDS = (
    (re.compile(r"(这两天|这几天|近两天|近几天|最近几天)"), 3),
    (re.compile(r"(今天|今日)"), 0),
    (re.compile(r"(昨天|昨日)"), 1),
    (re.compile(r"(本周|这周|这一周|近一周|最近一周|一周内)"), 7),
    (re.compile(r"(上周)"), 14),
    (re.compile(r"(本月|这个月|近一个月|最近一个月|一个月内)"), 31),
    (re.compile(r"(近三个月|最近三个月|近期|最近)"), 92),
    (re.compile(r"(今年|本年度|本年)"), -1),
    (re.compile(r"(去年|上一年)"), -2),
)
_FILLER = re.compile(
    r"(有没有|有哪些|哪些|什么|吗|呢|了|请问|帮我|查一下|查找|找一下|看看|方面的?|相关的?|关于|发了|出了|印发了?|"
    r"新的?|文件|文|公文|通知|政策|[？?！!。，,\s])"
)


def parse_question(question: str, today: dt.date | None = None) -> tuple[str, dt.date | None, dt.date | None, int | None]:
    """Split a clerk's question into (topic words, date_from, date_to, year).

    这两天基层治理方面发了新文件吗？ → ("基层治理", today-3, today, None).
    """
    today = today or dt.date.today()
    date_from = date_to = None
    year = None
    q = question
    m_year = re.search(r"(\d{4})\s*年", q)
    if m_year:
        year = int(m_year.group(1))
        q = q.replace(m_year.group(0), " ")
    for rx, days in _TIME_WORDS:
        m = rx.search(q)
        if not m:
            continue
        q = q.replace(m.group(0), " ")
        if days == -1:
            year = today.year
        elif days == -2:
            year = today.year - 1
        else:
            date_from, date_to = today - dt.timedelta(days=days), today
        break
    topic = _FILLER.sub(" ", q)
    topic = " ".join(t for t in topic.split() if t)
    return topic, date_from, date_to, year


def ask(index: LibraryIndex, question: str, *, today: dt.date | None = None, limit: int = 10) -> tuple[dict, list[Hit]]:
    """Answer a question like 这两天基层治理方面发了新文件吗？ with a filtered, newest-first search."""
    topic, date_from, date_to, year = parse_question(question, today)
    hits = index.search(topic, date_from=date_from, date_to=date_to, year=year, limit=limit,
                        sort_by_date=bool(date_from or year))
    return {"topic": topic, "date_from": date_from, "date_to": date_to, "year": year}, hits
