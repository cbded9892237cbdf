"""A clerk's question to the library: 这两天基层治理方面发了新文件吗？ → topic and period → documents.

Time words (这两天, 本月, 今年 …) become a date window; when nothing in the window matches, the answer
falls back to the most recent relevant documents and says so (近两天没有；最近的相关文件是……), and a topic
the words do not find is answered by meaning (e5) instead of silence.

Two habits of clerks' questions are read as they are meant: an abbreviation (医保, 社保, 双创) also finds
the full forms documents write (resources/library/简称.tsv), and an issuing organ the library knows
(国务院关于医保的文件) narrows the documents to that organ and its 办公厅 instead of being searched for
as a word that nearly every document contains.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from gov_docs import paths
from gov_docs.library.index import Hit, LibraryIndex, normalise_doc_number
from gov_docs.library.recommend import library_view, semantic_scores

_TIME_WORDS = (
    (re.compile(r"(这两天|这几天|近两天|近几天|最近几天)"), 3),
    (re.compile(r"(今天|今日)"), 0),
    (re.compile(r"(昨天|昨日)"), 1),
    (re.compile(r"(本周|这周|这一周|近一周|最近一周|一周内)"), 7),
    (re.compile(r"(上周)"), 14),
    (re.compile(r"(前几天|前些天)"), 7),
    (re.compile(r"(本月|这个月|近一个月|最近一个月|一个月内)"), 31),
    (re.compile(r"(上个月|上月)"), 62),
    (re.compile(r"(近半年|最近半年|半年内|半年来)"), 183),
    (re.compile(r"(近一年|最近一年|一年内|一年来)"), 366),
    (re.compile(r"(近三个月|最近三个月|近期|最近)"), 92),
    (re.compile(r"(今年|本年度|本年)"), -1),
    (re.compile(r"(去年|上一年)"), -2),
)
_FILLER = re.compile(
    r"(有没有|有无|是否有|有什么|是什么|有哪些|哪些|什么|吗|呢|了|请问|帮我|查一下|查找|找一下|看看|方面的?|相关的?"
    r"|关于|发了|出了|印发了?"
    # 去年发布的关于…: how it came out, not what it is about (政务信息发布的规定 keeps its 发布)
    r"|(?<![信息务据闻])(?:发布|出台|下发|制定)的"
    # a question about the date: 数字政府建设的指导意见是哪一年发的 asks for the document, dated in the answer
    r"|是?(?:哪一年|哪年|什么时候|何时|几月)(?:发布|印发|出台|下发|发)?的?"
    # 新 only where it means "new documents" (发了新文件吗); 新污染物, 新能源, 创新 keep theirs
    r"|(?<![创更革最清])(?:新的|新(?=文件|政策|规定|通知|公文|文|吗|呢|[？?！!。，,\s]|$))"
    r"|文件|文|公文|通知|政策|[？?！!。，,\s])"
)
_LONE = frozenset("有是发在和与及都还要")
#: 最新的 asks for the newest relevant documents, with no window: the answer says which is the latest.
_LATEST = re.compile(r"最新(?:的|出台的|发布的|印发的)?")


def parse_question(question: str,
                   today: dt.date | None = None) -> tuple[str, dt.date | None, dt.date | None, int | None]:
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
    topic = _FILLER.sub(" ", _LATEST.sub(" ", q))
    # "关于养老服务的通知" leaves "养老服务的", 新污染物治理的方案 "…治理的方案": 的 separates topic words,
    # and a lone 有/是 left from 有新的… is no topic word
    topic = " ".join(t for t in re.split(r"(?:\s|(?<![目])的(?!确))+", topic) if t and t not in _LONE)
    return topic, date_from, date_to, year


@dataclass
class Answer:
    """A clerk's question answered: what was understood, the documents, and one sentence that says it."""

    topic: str
    date_from: dt.date | None
    date_to: dt.date | None
    year: int | None
    hits: list[Hit]
    message: str
    # '' | 'recent' (nothing in the period: the latest relevant) | 'latest' (最新: newest relevant first)
    # | 'meaning' | 'any-word'
    fallback: str = ""

    def to_dict(self) -> dict:
        """Return a JSON-ready dict."""
        return {"topic": self.topic, "date_from": _iso(self.date_from), "date_to": _iso(self.date_to),
                "year": self.year, "message": self.message, "fallback": self.fallback,
                "hits": [h.to_dict() for h in self.hits]}


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _period_words(question: str, year: int | None, today: dt.date) -> str:
    """Return how the question named its period (这两天, 本月, 2020年 …)."""
    for rx, _days in _TIME_WORDS:
        m = rx.search(question)
        if m:
            return m.group(0)
    return f"{year}年" if year else ""


def _newest_relevant(index: LibraryIndex, topic: str, organ: str, limit: int,
                     before: dt.date | None) -> list[Hit]:
    """Return the most relevant documents on ``topic`` (all words when possible), newest first.

    Undated documents (a 新华社 item has 5月23日电 but no year) are never dropped by the date filter:
    without them a library holding the subject only undated would answer that it holds nothing.
    """
    n = max(limit, 20)
    hits = _search_variants(index, topic, organ, n, date_to=before)
    seen = {h.path for h in hits}
    hits += [h for h in _search_variants(index, topic, organ, n) if h.date is None and h.path not in seen]
    hits.sort(key=lambda h: h.score, reverse=True)
    if not hits:
        return []
    best = hits[0].score or 1.0
    relevant = [h for h in hits[:RELEVANT_TOP] if h.score >= RELEVANT_SHARE * best]
    relevant.sort(key=lambda h: h.date or dt.date.min, reverse=True)
    return relevant[:limit]


def _meaning_hits(index: LibraryIndex, topic: str, limit: int) -> list[Hit]:
    """Return documents close in meaning to ``topic`` when no word of it occurs in the library."""
    meaning = semantic_scores(index, topic, topic)
    view = library_view(index) if meaning else None
    out = []
    for path in sorted(meaning, key=meaning.__getitem__, reverse=True)[:limit]:
        if meaning[path] < 0.6 or view is None or path not in view.facts:
            continue
        f = view.facts[path]
        out.append(Hit(path=path, title=f.title, doc_number=f.doc_number, organ=f.organ, doc_type="",
                       date=f.date, score=meaning[path]))
    return out


#: A document counts as relevant to a topic when its BM25 score reaches this share of the best one
#: and is among the RELEVANT_TOP best (scores of a common phrase can be flat over dozens of documents).
RELEVANT_SHARE = 0.5
RELEVANT_TOP = 5


@functools.cache
def abbreviations() -> dict[str, tuple[str, ...]]:
    """Return 简称 → full forms, read once from resources/library/简称.tsv."""
    out: dict[str, tuple[str, ...]] = {}
    path = paths.resources_dir() / "library" / "简称.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or "\t" not in line:
            continue
        short, full = line.split("\t", 1)
        out[short.strip()] = tuple(f.strip() for f in full.split("|") if f.strip())
    return out


def topic_variants(topic: str) -> list[str]:
    """Return the topic as asked, then with each abbreviation written out (医保 → 医疗保障, 医疗保险)."""
    variants = [topic]
    for short, fulls in abbreviations().items():
        if short in topic and not any(f in topic for f in fulls):
            variants += [v.replace(short, f) for v in list(variants) for f in fulls]
    return list(dict.fromkeys(variants))[:6]


def split_organ(index: LibraryIndex, topic: str) -> tuple[str, str]:
    """Return (organ, the rest of the topic) when the topic starts with an organ the library's documents
    were issued by (国务院 医保 → 国务院, 医保); otherwise ('', topic).
    """
    words = topic.split()
    if len(words) < 2:
        return "", topic
    organs = {f.organ for f in library_view(index).facts.values() if f.organ}
    first = words[0]
    for organ in sorted(organs, key=len, reverse=True):
        if first == organ or (first.startswith(organ) and len(organ) >= 3):
            rest = " ".join([first[len(organ):], *words[1:]]).strip()
            return (organ, rest) if rest else ("", topic)
    return "", topic


def _search_variants(index: LibraryIndex, topic: str, asked_organ: str, limit: int, **kw) -> list[Hit]:
    """Search each variant of the topic; keep each document once with its best score; an organ named in
    the question keeps documents of that organ or its 办公厅 (all documents when none is left).
    """
    best: dict[str, Hit] = {}
    for variant in topic_variants(topic):
        for h in index.search(variant, limit=limit * 4 if asked_organ else limit, **kw):
            if h.path not in best or h.score > best[h.path].score:
                best[h.path] = h
    hits = list(best.values())
    if asked_organ:
        own = [h for h in hits if h.organ.startswith(asked_organ)]
        hits = own or hits
    if kw.get("sort_by_date"):
        hits.sort(key=lambda h: h.date or dt.date.min, reverse=True)
    else:
        hits.sort(key=lambda h: h.score, reverse=True)
    return hits[:limit]


def answer(index: LibraryIndex, question: str, *, today: dt.date | None = None, limit: int = 10,
           doc_type: str | None = None, organ: str | None = None, year: int | None = None) -> Answer:
    """Answer a question such as 这两天基层治理方面发了新文件吗？ — never with silence alone.

    Time words become a date filter (newest first). When the period holds nothing, the most recent
    relevant documents are given instead and the message says so (近两天没有；最近的相关文件是《…》（日期）).
    When no document contains the words, documents close in meaning are offered (if the library has
    embeddings).

    Args:
        index: the library.
        question: the clerk's words.
        today: the reference date (default: today).
        limit: number of documents.
        doc_type: only this 文种.
        organ: only this issuing organ.
        year: only this year (overrides a year the question names).

    Returns:
        An Answer with hits and a one-sentence message.
    """
    today = today or dt.date.today()
    number = normalise_doc_number(question.strip().removesuffix("文件").removesuffix("文").rstrip("？?"))
    if number:  # 国办发〔2020〕48号: the document with that number, not documents with its characters
        return _by_number(index, number, limit)
    topic, date_from, date_to, asked_year = parse_question(question, today)
    year = year or asked_year
    timed = bool(date_from or year)
    asked_organ = ""
    if topic and not organ:
        asked_organ, topic = split_organ(index, topic)
    hits = _search_variants(index, topic, asked_organ, limit, date_from=date_from, date_to=date_to, year=year,
                            sort_by_date=timed, doc_type=doc_type, organ=organ)
    written_out = topic_variants(topic)[1:] if topic else []
    also = ("（含" + "".join(f"“{v}”" for v in written_out) + "）") if written_out else ""
    subject = (f"{asked_organ}发布的" if asked_organ else "") + (f"“{topic}”{also}方面" if topic else "")
    if not timed and not topic and _LATEST.search(question):  # 最新发了什么文件？
        newest = index.search("", limit=limit, sort_by_date=True, doc_type=doc_type, organ=organ)
        if newest and newest[0].date is not None:
            return Answer(topic, date_from, date_to, year, newest,
                          f"最新的文件是《{newest[0].title}》（{newest[0].date.isoformat()}），"
                          f"按日期从新到旧列出 {len(newest)} 篇", "latest")
    if hits and not timed and _LATEST.search(question) and topic:
        # 关于养老服务的最新文件: the most relevant ones, newest first, and which of them is the latest
        recent = _newest_relevant(index, topic, asked_organ, limit, None) or hits
        latest = recent[0]
        if latest.date is not None:
            return Answer(topic, date_from, date_to, year, recent,
                          f"{subject}最新的相关文件是《{latest.title}》（{latest.date.isoformat()}），"
                          f"按日期从新到旧列出 {len(recent)} 篇", "latest")
    if hits:
        when = f"{_period_words(question, year, today)}" if timed else ""
        return Answer(topic, date_from, date_to, year, hits,
                      f"{when}{subject}共找到 {len(hits)} 篇文件" + ("，按日期从新到旧" if timed
                                                               else "，按相关程度排列"))
    if timed and topic:
        recent = _newest_relevant(index, topic, asked_organ, limit,
                                  date_to or (dt.date(year, 12, 31) if year else None))
        if recent:
            latest = recent[0]
            period = _period_words(question, year, today)
            if latest.date is None:  # newest first: none of them has a date, so none is "the latest"
                return Answer(topic, date_from, date_to, year, recent,
                              f"{period}没有{subject}的新文件；相关文件都没有可识别的成文日期，"
                              f"无法判断哪份最新，按相关程度列出 {len(recent)} 篇", "recent")
            return Answer(topic, date_from, date_to, year, recent,
                          f"{period}没有{subject}的新文件；最近的相关文件是《{latest.title}》"
                          f"（{latest.date.isoformat()}）", "recent")
    if timed and not topic:  # 最近发了什么文件？ with nothing in the period: the newest documents
        newest = index.search("", limit=limit, sort_by_date=True, doc_type=doc_type, organ=organ)
        if newest:
            latest = newest[0]
            period = _period_words(question, year, today)
            if latest.date is None:
                return Answer(topic, date_from, date_to, year, newest,
                              f"{period}没有新文件；文档库中的文件都没有可识别的成文日期，无法判断哪份最新，"
                              f"列出 {len(newest)} 篇", "recent")
            return Answer(topic, date_from, date_to, year, newest,
                          f"{period}没有新文件；最新的文件是《{latest.title}》（{latest.date.isoformat()}）",
                          "recent")
    if topic:
        close = _meaning_hits(index, topic, limit)
        if close:
            return Answer(topic, date_from, date_to, year, close,
                          f"文档库中没有含“{topic}”字样的文件；意思相近的有 {len(close)} 篇", "meaning")
    return Answer(topic, date_from, date_to, year, [],
                  f"文档库中没有找到{subject or ''}相关文件" + ("，请换个说法或检查文件夹是否已建立索引"
                                                    if topic else ""))


def _by_number(index: LibraryIndex, number: str, limit: int) -> Answer:
    """Answer a question that is a 发文字号, whole (国办发〔2020〕48号) or without its serial."""
    found = index.by_doc_number(number, limit)
    whole = number.endswith("号")
    if not found:
        message = (f"文档库中没有发文字号为“{number}”的文件" if whole
                   else f"文档库中没有发文字号以“{number}”开头的文件")
        return Answer(number, None, None, None, [], message + "，可能尚未收录")
    if whole:
        message = f"发文字号为“{number}”的文件是《{found[0].title}》"
    else:
        message = f"发文字号以“{number}”开头的文件共 {len(found)} 篇，按日期从新到旧"
    return Answer(number, None, None, None, found, message)


def ask(index: LibraryIndex, question: str, *, today: dt.date | None = None,
        limit: int = 10) -> tuple[dict, list[Hit]]:
    """Answer a question; return (what was understood, with the answer's message, hits). See ``answer``."""
    a = answer(index, question, today=today, limit=limit)
    parsed = {"topic": a.topic, "date_from": a.date_from, "date_to": a.date_to, "year": a.year,
              "message": a.message, "fallback": a.fallback}
    return parsed, a.hits
