"""Related documents for a draft: 上位文件, 法规依据 and 相关主题, with the reasons for each.

Scoring adds up, per library document:
(1) explicit citations — titles in 《》 matched to library titles or to the names of documents a library
    file publishes (关于印发《…》的通知, a 国务院令 publishing 《…条例》), and 发文字号 (+2);
(2) content similarity — BM25 over character bigrams for the draft's most characteristic bigrams
    (weighted against the library's own statistics), scaled so the best document scores 1;
(3) title coverage — how much of the document's subject (its title without organ, 关于 and 文种) the
    draft's text mentions, each bigram weighted by its rarity among library titles (0–1);
(4) authority — a drafter builds on documents from its own level or above, and on normative documents
    (条例, 法, 规定, 办法, +0.2). When the draft's issuing level is known (its 发文字号, 署名, title or
    主送: 国务院 5, 国务院办公厅 4, a ministry or a province's government 3, a province's department or a
    city's government 2 …, records.authority), every document at or above it gets the same +0.2 and those
    below nothing; when it is not (a text without organ or 主送), +0.6 per level above the general
    offices (中共中央 > 国务院 > 办公厅). A library document without organ takes its level from its 主送
    (an untitled 国务院 notice addressed to 各省、自治区、直辖市人民政府 is central). The relative form
    was chosen on the State Council pairs of the development sets (BENCHMARKS.md, issue 17): a fixed bonus
    for 中共中央 and 国务院 pushed their documents above the 办公厅 notices that State Council drafts cite.
    The two weights were chosen apart by grouped cross-validation (session 9): one 0.6 for both (session
    8) gained only where the draft's level is unknown (Party drafts without organ citing 中共中央
    documents); at a known level it moved no State Council pair into the top five and buried a 国务院
    draft's 国务院 notice known only as central (4): rank 9 → 48 in a quarter of the library;
(5) time — a small bonus for recent documents; a document dated after the draft's own 成文日期 cannot be
    its basis and keeps only half its score — unless it is a regulation revised since that records its
    first publication before the draft (the library holds the 2021 text of the 医疗器械监督管理条例 of 2000,
    which a 2017 draft cites; first_published);
(6) co-citation — a draft citing 《A》 likely rests on what the library's documents citing A also
    cite: 0.5·ln(1+n) for n such documents (a State Council draft citing one 国办发 notice, a Party
    document citing one 条例, usually rest on the others cited beside it). How often other library
    documents cite a document (0.2·ln(1+n), W_CITED_BY) is no longer counted: a popularity prior that
    lifted the 20-times-cited 机构改革方案 into unrelated Party drafts, and helped only where the library
    held the draft's sibling documents (benchmarks/library_strict.py, BENCHMARKS.md, issue 17, session 6);
(7) meaning — the e5 cosine between the draft's title and body opening (as a query; its 发文字号 and 主送
    lines left out, as the heads leave them out) and each document's head (title and first passage,
    passages.py), scaled so the median document scores 0 and the best 1. On the
    development pairs it neither helped nor hurt up to a weight of 0.25 (more, or body passages, hurt);
    with co-citation, 0.5 beside title coverage at 0.5 was chosen in every cross-validation fold; in a
    library with 5,196 more documents (title-only distractors, benchmarks/library_strict.py) 0.5 lost
    State Council pairs to distractors' heads and 0 was chosen, while 0.25 equals the best of both
    libraries under every protocol (session 6): 0.25.
(8) series — another document of the draft's own series (its title with another subject, year or place:
    the other 部际联席会议 函 beside a 联席会议 函, the 2017 督查激励 通报 beside the 2019 one) is a model of
    the draft, not its basis: it loses W_SIBLING × the share of the two titles they have in common (session
    11; normative documents never do).
Versions of one document (试行, 修订, (2016—2020年)) take one place: the best-ranked is kept.

The recommendations are documents the draft does not cite yet (session 10, the lead's decision: a clerk gains
nothing from being told what the draft already cites). The library documents it cites by 《title》 or
发文字号 are listed apart as 本文已引用 (related(), Ranking.cited_documents), never counted in the top N;
they still feed co-citation. A recommendation's relation: 法规依据 for a normative document from the
draft's level or above, 上位文件 for one from above it, 相关主题 otherwise (_relation).
Each weight's effect, and signals tried and left out (basis sentences, rank fusion, best body passage), are
measured by benchmarks/library_ablation.py (BENCHMARKS.md, issue 17). Switches measured and never chosen were
removed in session 8 (their figures stay in BENCHMARKS.md): title coverage by the draft's head only, title
phrases in one piece, an undated draft dated by the dates it mentions, co-citation as a share.
Questions such as 这两天基层治理方面发了新文件吗？ are answered in question.py.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from gov_docs.document.model import Document, Role
from gov_docs.library.index import LibraryIndex
from gov_docs.library.records import DERIVED_MARK, addressee_authority, authority, cited_titles
from gov_docs.text.han import run_bigrams

REL_SUPERIOR = "上位文件"
REL_LAW = "法规依据"
REL_TOPIC = "相关主题"
#: The library documents a draft already cites: listed apart, never among its recommendations.
REL_CITED = "本文已引用"

#: Weights of the signals (see the module docstring); chosen on a development set of corpus citations
#: that is disjoint from CITATIONS.tsv (benchmarks/data/recommend_dev_pairs.tsv). W_COCITED, W_SEMANTIC and
#: W_COVERAGE were chosen together by five-fold cross-validation grouped by cited document
#: (benchmarks/library_cv.py; BENCHMARKS.md, issue 17, session 4); W_CITED_BY and W_COCITED again, with the
#: library also stripped of the other documents citing the same one (benchmarks/library_strict.py, session 6:
#: the same choice in every fold).
W_CITED = 2.0
W_COVERAGE = 0.5
#: At or above a draft's known level. Chosen by grouped cross-validation on the development pairs apart
#: from W_AUTHORITY_PER_LEVEL (session 9: 0.2 or 0.4 in every fold, never 0.6; the State Council pairs
#: cannot tell them apart, and 0.6 buried the notices one level under a 国务院 draft). Session 13: 0.1,
#: chosen on half A of the development material after KEY_TERMS 40 (benchmarks/library_halves.py; session
#: 9's grid held 0 and 0.2, not 0.1): on half B usual MRR 0.773 → 0.789, group1 0.586 → 0.601, title set
#: 0.341 → 0.363, and no loss on either half of a second split (seed 7). A prior the next library need not
#: share: content and subject decide more. CITATIONS.tsv, read after: @1 0.42 → 0.38 (one pair; not changed).
W_AUTHORITY = 0.1
#: A draft of unknown level: per level above the general offices (中共中央 > 国务院 > 办公厅); 0.6 in 4 of
#: 5 folds (0.4 when the 20 pairs citing the 机构改革方案 are held out: it rests on them).
W_AUTHORITY_PER_LEVEL = 0.6
#: Authority relative to the draft's own level when that is known (see (4) above); 0: always per level.
AUTHORITY_RELATIVE = True
W_NORMATIVE = 0.2
W_RECENT = 0.1
#: Years over which the recency bonus falls to 1/e of itself (from the draft's 成文日期, or today).
RECENT_YEARS = 3.0
W_SEMANTIC = 0.25
#: Citations inside the library as a prior (W_CITED_BY·ln(1+n) for n citing documents): measured, 0.
W_CITED_BY = 0.0
#: Co-citation: W_COCITED·ln(1+n) for a document n library documents cite together with a title the draft
#: cites (both in 《》): documents cited together are bases of the same kind of document.
W_COCITED = 0.5
#: Another document of the draft's own series (the same title with another subject, year or place:
#: 国务院办公厅关于同意建立X部际联席会议制度的函 beside the draft's Y 联席会议 函, the 海南 自贸区
#: 总体方案 beside 辽宁's, the 2017 督查激励 通报 beside the 2019 one) is a model of the draft, not what it
#: rests on: it loses W_SIBLING × the share of the two titles they have in common. Normative documents
#: (条例 beside 条例) are never siblings: one rests on another. Chosen on both development sets (session
#: 11): 1 and 2 tie on the corpus pairs, 1 is best on the title set.
W_SIBLING = 1.0
#: Match a title cited without its organ (《关于…的通知》 after 国务院办公厅印发的) to the one library
#: document whose title reads so after its organ.
BARE_TITLES = True
#: Characters of the draft (title, then opening) embedded as the semantic query: about 60 ms of model time
#: (100 gave 0.04 more recall@5 on the development pairs than 64).
SEMANTIC_QUERY_CHARS = 100
LATER_FACTOR = 0.5
#: Keep only the best-ranked of several versions of one document (same subject once (试行), (2016—2020年) and
#: 修订 are gone): versions would otherwise fill the top five. Neutral on both labelled sets (no versions
#: there).
DEDUP_VERSIONS = True
#: The draft's most characteristic bigrams in the BM25 query (session 13: 50 → 40, chosen on half A of the
#: development material — corpus pairs under the usual and group1 protocols and the title set, @1 then MRR —
#: among 20 / 25 / 30 / 40 / 50 / 100 and other weights; on half B, never looked at for the choice,
#: group1 @1 0.40 → 0.47, the rest equal or better: benchmarks/library_halves.py, BENCHMARKS.md issue 17).
#: Fewer terms leave out bigrams every document of the draft's kind shares.
KEY_TERMS = 40
CANDIDATES = 100
CF_CACHE_SIZE = 500_000

_NORMATIVE = re.compile(r"(法|条例|规定|办法|细则|规则)$")
#: A 发文字号 in any bracket a text uses (国发〔2016〕12号, 国发[2016]12号, 国发（2016）第12号) or a decree's
#: number (国务院令第739号). The organ code may run on from the words before it (按照国办发…): it is matched
#: from its end (see number_keys).
_RE_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,16}?)\s*(?:[〔\[［(（【〖]\s*(\d{4})\s*[〕\]］)）】〗]\s*第?|(?<=令)第)\s*(\d{1,4})\s*号")
_RE_NUMBER_CODE = re.compile(r"[\u4e00-\u9fff]{1,16}$")
#: What every 发文字号 ends with: found first, so a long draft is not scanned from every character.
_RE_NUMBER_TAIL = re.compile(r"(?:[〔\[［(（【〖]\s*\d{4}\s*[〕\]］)）】〗]\s*第?|令第)\s*\d{1,4}\s*号")


def number_mentions(text: str) -> list[str]:
    """Return the 发文字号 and decree numbers in ``text``, each with up to 16 characters before it."""
    out = []
    for tail in _RE_NUMBER_TAIL.finditer(text):
        m = _RE_NUMBER.search(text, max(0, tail.start() - 16), tail.end())
        if m:
            out.append(m.group(0))
    return out


def number_keys(number: str) -> list[str]:
    """Return the keys a 发文字号 may be known by, the most specific first.

    国发〔2016〕12号, 国发[2016]12号 and 国发（2016）第12号 share the key 国发2016-12;
    按照国办发〔2016〕82号 gives 按照国办发2016-82, 照国办发2016-82, 国办发2016-82, 办发2016-82 (two
    characters at least), so the organ code is found whatever words run into it. A text that is not a
    number keeps itself without spaces and brackets as its only key.
    """
    m = _RE_NUMBER.search(number)
    if not m:
        return [_norm(number)] if number.strip() else []
    head = number[:m.end(1)]
    code = _RE_NUMBER_CODE.search(head)
    code_text = code.group(0) if code else m.group(1)
    tail = f"{m.group(2) or ''}-{int(m.group(3))}"
    return [f"{code_text[i:]}{tail}" for i in range(len(code_text) - (2 if len(code_text) > 1 else 1) + 1)]
_PUBLISHES = re.compile(r"(?:印发|发布|公布|转发)(?:了|修订后的)*《([^《》]{4,80})》")


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
    # False: a law or regulation the draft should cite that the library lacks (未收录)
    in_library: bool = True

    def to_dict(self) -> dict:
        """Return a JSON-ready dict."""
        return {**self.__dict__, "date": self.date.isoformat() if self.date else None}


def missing_basis(index: LibraryIndex | None, draft: Document | str, *,
                  limit: int = 3) -> list[Recommendation]:
    """Return the laws and regulations the draft cites or is about that the library lacks (未收录).

    Args:
        index: the library (None: every name counts as not held).
        draft: a document or its text.
        limit: at most this many names found by subject (cited ones are always listed).

    Returns:
        Recommendations with no path and ``in_library`` False: relation 本文已引用 for the names the draft
        cites, 法规依据 for those found by subject.
    """
    from gov_docs.library.regulations import missing_regulations

    title, text, _organ, _path, _date = _draft_parts(draft)
    view = library_view(index) if index is not None and index.exists() else None

    def held(name: str) -> bool:
        return view is not None and view.match(name) is not None

    # a name the draft cites is listed with what it cites (本文已引用), not recommended to it
    return [Recommendation(path="", title=reg.name, score=0.0, reasons=["未收录", why], in_library=False,
                           relation=REL_CITED if why.startswith("文中引用") else REL_LAW)
            for reg, why in missing_regulations(title, text, held, limit=limit)]


def _norm(title: str) -> str:
    return re.sub(r"[\s“”\"'（）()〈〉<>《》、]", "", title)


def _bare_title(title: str) -> str:
    """Return a title without the organ before its 关于 (国务院办公厅关于X的通知 → 关于X的通知), or '' when
    it has none or what is left is short (fewer than ten characters).
    """
    i = title.find("关于")
    if i < 2 or i > 40:
        return ""
    bare = _norm(title[i:])
    return bare if len(bare) >= 10 else ""


#: what a 国务院令 publishes: 现公布（修订后的）《X》 or 《X》已经……通过，现予公布 — not the laws its first
#: lines cite (根据《中华人民共和国安全生产法》…), which made the 生产安全事故应急条例 "be" the 安全生产法
_ORDER_PUBLISHES = re.compile(
    r"公布(?:了|修订后的)*《([^《》]{4,80})》|《([^《》]{4,80})》[^。《》]{0,60}?(?:现予|予以)公布")


#: what a 印发/转发 notice publishes when its title has no 《》: 关于印发X的通知 (国务院关于印发“十三五”
#: 国家科技创新规划的通知 publishes 《“十三五”国家科技创新规划》), and its first lines: 现将《X》印发给你们,
#: 《X》已经国务院同意，现印发给你们.
_TITLE_PUBLISHES = re.compile(r"关于(?:印发|转发)([^《》]{4,80}?)的(?:通知|函)$")
_HEAD_PUBLISHES = re.compile(r"现将((?:《[^《》]{4,80}》[、和及]?)+)(?:印发|转发)"
                             r"|(《[^《》]{4,80}》)[^。《》]{0,40}?(?:现|予以)?(?:印发|转发)给你们")
_NAME = re.compile(r"《([^《》]{4,80})》")


def published_names(stored: dict) -> list[str]:
    """Return the names of documents a library file publishes (from its title and first lines)."""
    title = stored.get("title", "")
    names = _PUBLISHES.findall(title)
    head = stored.get("content", "")[:400]
    if "令" in title[-2:] or "公布" in head:
        names += [a or b for a, b in _ORDER_PUBLISHES.findall(head) if (a or b) not in names]
    if not names:  # the names in the first lines (several: 现将《A》、《B》印发给你们), else the title's
        for listed, single in _HEAD_PUBLISHES.findall(head):
            names += [n for n in _NAME.findall(listed or single) if n not in names]
        m = _TITLE_PUBLISHES.search(title) if not names else None
        names += [m.group(1)] if m else []
    return names


def title_subject(title: str) -> str:
    """Return what a title is about: the published name, without organ, 关于, years and 文种.

    国务院办公厅关于印发国家残疾预防行动计划（2016—2020年）的通知 → 国家残疾预防行动计划;
    中共中央印发《中国共产党农村工作条例》 → 中国共产党农村工作条例.
    """
    m = _PUBLISHES.search(title)
    t = m.group(1) if m else title
    t = re.sub(r"[（(][^）)]*[）)]", "", t)
    i = t.find("关于")
    if 0 <= i < 40:
        t = t[i + 2:]
    t = re.sub(r"(印发|转发)", " ", t)
    return re.sub(r"的?(通知|指导意见|实施意见|若干意见|意见|批复|决定|函|通报|报告|请示)$", "", t.strip())


_SERIES_LEAD = re.compile(r"^(?:印发|转发|同意|批转)+")
_SERIES_TAIL = re.compile(
    r"的?(?:通知|指导意见|实施意见|若干意见|意见|批复|决定|复函|函|通报|报告|请示|公告)$")
#: Characters two titles must share at their two ends (after the organ, 关于, 印发 and the 文种) to be of
#: one series: fewer is a common word (建立, 中国), not a form.
SERIES_MIN_CHARS = 4


def series_form(title: str) -> str:
    """Return the part of a title a series of documents shares or varies: without the organ before 关于,
    a leading 印发/转发/同意, the 文种 and punctuation (brackets dropped, their words kept: 中国（海南）
    → 中国海南).

    '' for a title that does not end in a 文种 of a one-off document (通知, 函, 批复 …): a regulation, a
    plan's own name or a news item's first sentence (an untitled copy's library title) has no series form.
    """
    t = title.replace(DERIVED_MARK, "").strip()
    if not _SERIES_TAIL.search(t):
        return ""
    i = t.find("关于")
    if 0 <= i < 40:
        t = t[i + 2:]
    t = re.sub(r"[\s“”\"'（）()〈〉<>《》、，,—－-]", "", t)
    return _SERIES_TAIL.sub("", _SERIES_LEAD.sub("", t))


def sibling_share(a: str, b: str) -> float:
    """Return how much two series forms (series_form) share as one series: the characters of their common
    start and end over the longer one, 0 when they are one document (nothing differs in the middle of one of
    them) or share fewer than SERIES_MIN_CHARS.

    联席会议 函: 建立市场监管部际联席会议制度 and 建立服务业发展部际联席会议制度 share 建立 and
    部际联席会议制度.
    """
    if not a or not b:
        return 0.0
    n = min(len(a), len(b))
    start = 0
    while start < n and a[start] == b[start]:
        start += 1
    end = 0
    while end < n - start and a[-1 - end] == b[-1 - end]:
        end += 1
    if start + end >= n or start + end < SERIES_MIN_CHARS:
        return 0.0
    return (start + end) / max(len(a), len(b))


#: The policy words that open a new version of one programme's title (深化改革推进… → 全面推进…, 加强… →
#: 进一步加强…): a version core is a series form without them.
_VERSION_LEAD = re.compile(
    r"^(?:进一步|全面|深化改革|深化|深入|加快|加大|大力|积极|切实|扎实|持续|着力|统筹|做好|推进|推动|加强|完善|健全)+")
VERSION_MIN_CHARS = 6
#: An earlier version of a programme the library also holds in a version not after the draft: a draft rests
#: on the version in force (×, with the reason 库中有其新版本).
SUPERSEDED_FACTOR = 0.5


def version_core(form: str) -> str:
    """Return what the versions of one programme share: a series form (series_form) without the policy
    words that open it, '' when fewer than VERSION_MIN_CHARS are left.

    国务院关于深化改革推进北京市服务业扩大开放综合试点工作方案的批复 and
    国务院关于全面推进北京市服务业扩大开放综合试点工作方案的批复 →
    北京市服务业扩大开放综合试点工作方案: two versions, not two documents of a series (their places or
    subjects would differ).
    """
    core = _VERSION_LEAD.sub("", form)
    return core if len(core) >= VERSION_MIN_CHARS else ""


#: A revised regulation's history line under its title: （2000年1月4日中华人民共和国国务院令第276号公布
#: 2014年…修订通过　…）.
_FIRST_PUBLISHED = re.compile(
    r"[（(]\s*(\d{4})年(\d{1,2})月(\d{1,2})日[^（）()]{0,40}?公布[^（）()]*?修[订正]")


def first_published(head: str) -> dt.date | None:
    """Return when a revised regulation was first published, read from the history line under its title in
    ``head`` (the start of its text), or None when the text records no revision.
    """
    m = _FIRST_PUBLISHED.search(head)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


@dataclass
class _Facts:
    """What ranking needs of one library document."""

    title: str
    doc_number: str
    organ: str
    date: dt.date | None
    authority: float
    normative: bool
    #: a law or regulation itself, or a notice or order publishing one (法规依据): not a 批复 or 决定 whose
    #: subject ends in one (同意…暂时调整实施有关行政法规规定的批复)
    regulation: bool = False
    #: what its series shares or varies (series_form of its title)
    series: str = ""
    #: when a revised regulation was first published (its history line), else None
    since: dt.date | None = None
    #: what its versions share (version_core of its series form)
    core: str = ""


class LibraryView:
    """Titles, published names, 发文字号, subjects and facts of every library document; built once per index
    version.
    """

    def __init__(self, index: LibraryIndex) -> None:
        self.by_title: dict[str, str] = {}
        self.by_number: dict[str, str] = {}
        self.facts: dict[str, _Facts] = {}
        self.path_of: dict[int, str] = {}  # document number → path (ranking never loads stored fields)
        self._cf: dict[str, float] = {}  # bigram → frequency in the library (memoised lookups)
        subjects: dict[str, set[str]] = {}
        cites: dict[str, list[str]] = {}
        bare_paths: dict[str, set[str]] = defaultdict(set)
        with index.searcher() as s:
            for docnum, stored in s.reader().iter_docs():
                path = stored["path"]
                self.path_of[docnum] = path
                title = stored.get("title", "")
                names = published_names(stored)
                if stored.get("doc_number"):
                    keys = number_keys(stored["doc_number"])
                    if keys:
                        self.by_number.setdefault(keys[0], path)
                if len(_norm(title)) >= 4:
                    self.by_title.setdefault(_norm(title), path)
                    bare = _bare_title(title)
                    if bare:
                        bare_paths[bare].add(path)
                for name in names:
                    self.by_title.setdefault(_norm(name), path)
                subject = title_subject(title)
                date = stored.get("date")
                organ = stored.get("organ", "")
                # an untitled copy (no organ, no 发文字号) still says whom it addresses
                level = authority(title, organ) or addressee_authority(
                    _addressee_line(stored.get("content", "")[:400]))
                self.facts[path] = _Facts(title=title, doc_number=stored.get("doc_number", ""), organ=organ,
                                          date=date.date() if date else None,
                                          authority=level,
                                          regulation=any(_NORMATIVE.search(_norm(n)) for n in [title, *names]
                                                         if n),
                                          normative=any(_NORMATIVE.search(_norm(n)) for n in [subject, *names]
                                                        if n),
                                          series=(form := series_form(title)),
                                          core=version_core(form),
                                          since=first_published(stored.get("content", "")[:1500]))
                grams = run_bigrams(subject)
                if len(grams) >= 3:  # a subject of one or two words says too little
                    subjects[path] = grams
                cites[path] = [t for t in (stored.get("cited") or "").split(",") if t]
        # A title cited without its organ (国务院办公厅印发的《关于…的通知》, 领导小组《关于…》) names the one
        # document whose title reads so after the organ; a form two documents share names neither.
        self.by_bare = {bare: next(iter(paths)) for bare, paths in bare_paths.items()
                        if len(paths) == 1 and bare not in self.by_title}
        # Who cites whom inside the library: a document many others rest on is a likely basis for a new one.
        self.citers: dict[str, set[str]] = defaultdict(set)
        # …and who cites a title, held or not (co-citation: what else the documents citing it rest on)
        self.citing_title: dict[str, set[str]] = defaultdict(set)
        self.cites_path: dict[str, set[str]] = defaultdict(set)
        for path, titles in cites.items():
            for t in titles:
                self.citing_title[_norm(t)].add(path)
                target = self.match(t)
                if target and target != path:
                    self.citers[target].add(path)
                    self.cites_path[path].add(target)
        # Coverage is computed through an inverted list (bigram → documents) so a query touches only
        # the documents whose subjects share a bigram with the draft.
        df: dict[str, int] = defaultdict(int)
        for grams in subjects.values():
            for g in grams:
                df[g] += 1
        n = max(len(subjects), 1)
        self.idf = {g: math.log(1 + n / (1 + c)) for g, c in df.items()}
        self.postings: dict[str, list[str]] = defaultdict(list)
        self.subject_weight: dict[str, float] = {}
        for path, grams in subjects.items():
            for g in grams:
                self.postings[g].append(path)
            self.subject_weight[path] = sum(self.idf[g] for g in grams)

    def key_terms(self, reader, text: str, number: int) -> list[tuple[str, float]]:
        """Return the ``number`` bigrams of ``text`` most characteristic against the library, with weights.

        Bo1 divergence from randomness (Whoosh's key-term model): tf·log2((1+f)/f) + log2(1+f), f = the
        bigram's frequency in the library per document. Library frequencies are memoised for this index
        version, so repeated bigrams cost one lookup per session.

        Bigrams are taken from the most frequent in the draft down, and the rest are never looked up once
        none of them can reach the ``number`` best: with cf ≥ 1, f ≥ 1/N (N documents), and f is at most
        the field's length per document F, a bigram seen tf times scores at most
        tf·log2(1+N) + log2(1+F) + 1/ln 2. The result is the same as scoring every bigram; a long draft
        (tens of thousands of characters) no longer looks up thousands of once-seen bigrams.
        """
        import heapq

        from gov_docs.library.analysis import bigram_counts  # imports Whoosh: only when ranking

        tf = bigram_counts(text)
        n_docs = max(reader.doc_count_all(), 1)
        per_count = math.log2(1 + n_docs)
        tail = math.log2(1 + reader.field_length("content_bigram") / n_docs) + 1 / math.log(2) + 1e-6
        best_n: list[tuple[float, str]] = []  # the ``number`` best so far, the worst first
        for term, count in tf.most_common():
            if number > 0 and len(best_n) >= number and count * per_count * (1 + 1e-9) + tail < best_n[0][0]:
                break  # no bigram from here on (seen as often or less) can enter the best
            cf = self._cf.get(term)
            if cf is None:
                if len(self._cf) >= CF_CACHE_SIZE:
                    self._cf.clear()
                cf = self._cf[term] = reader.frequency("content_bigram", term)
            if cf:
                f = cf / n_docs
                item = (count * math.log2((1 + f) / f) + math.log2(1 + f), term)
                if len(best_n) < number:
                    heapq.heappush(best_n, item)
                elif number > 0 and item > best_n[0]:
                    heapq.heapreplace(best_n, item)
        scored = sorted(best_n, reverse=True)
        best = scored[0][0] if scored else 1.0
        return [(term, score / best) for score, term in scored]

    def cocited(self, titles: list[str], held: dict[str, str], own: set[str]) -> dict[str, tuple[float, str]]:
        """Return, per library document, how strongly the library ties it to the draft's citations, and why.

        The draft's citations are ``titles`` (in 《》, held by the library or not) and ``held`` (path → how
        the draft cites it, by title or 发文字号): a held document counts as cited whatever form of its
        title or number the library's documents use. Library documents in ``own`` (the draft itself) never
        count. A document's strength is ln(1+n) for the n documents citing any of the draft's citations and
        it (a share of the documents citing each title, n/(m+1), was measured and never chosen: session 6).
        """
        sources = [(self.citing_title.get(_norm(t), set()) - own, f"《{t}》") for t in titles]
        sources += [(self.citers.get(path, set()) - own, how) for path, how in held.items()]
        counts: dict[str, int] = defaultdict(int)
        why: dict[str, str] = {}
        seen: set[str] = set()
        for citing_docs, how in sources:
            for citing in citing_docs:
                if citing in seen:
                    continue
                seen.add(citing)
                for target in self.cites_path.get(citing, ()):
                    counts[target] += 1
                    why.setdefault(target, how)
        return {t: (math.log1p(n), f"库中 {n} 篇文件将其与文中引用的{why[t]}一并引用")
                for t, n in counts.items()}

    def match(self, title: str) -> str | None:
        """Return the path of the library document with this (cited) title."""
        key = _norm(title)
        return self.by_title.get(key) or (self.by_bare.get(key) if BARE_TITLES else None)

    def match_number(self, number: str) -> str | None:
        """Return the path of the library document with this 发文字号."""
        return next((self.by_number[k] for k in number_keys(number) if k in self.by_number), None)

    def coverage(self, text: str) -> dict[str, float]:
        """Return, per library document, the idf-weighted share of its subject's bigrams found in ``text``."""
        got: dict[str, float] = defaultdict(float)
        for g in run_bigrams(text):
            for path in self.postings.get(g, ()):
                got[path] += self.idf[g]
        return {path: w / self.subject_weight[path] for path, w in got.items()}


_views: dict[str, LibraryView] = {}


def library_view(index: LibraryIndex) -> LibraryView:
    """Return the (cached) LibraryView of the index's current version."""
    key = f"{index.path}:{index._open().latest_generation()}"
    if key not in _views:
        _views.clear()
        _views[key] = LibraryView(index)
    return _views[key]


def _draft_parts(draft: Document | str) -> tuple[str, str, str, str, dt.date | None]:
    """Return (title, text, organ, path, date) of a draft."""
    if isinstance(draft, Document):
        from gov_docs.library.records import record_from_document

        rec = record_from_document(draft)
        own = str(Path(draft.source).resolve()) if draft.source else ""  # the index stores resolved paths
        return rec.title, draft.text, rec.organ, own, rec.date
    text = str(draft)
    first = text.strip().split("\n", 1)[0]
    return (first if len(first) <= 60 else ""), text, "", "", None


def _addressee_line(text: str, lines: int = 6) -> str:
    """Return the 主送机关 line of a plain text: a short line ending in ： among its first ``lines``."""
    head = [ln.strip() for ln in text.strip().split("\n") if ln.strip()][:lines]
    return next((ln for ln in head if ln.endswith(("：", ":")) and len(ln) <= 80), "")


def _draft_addressees(draft: Document | str) -> str:
    """Return a draft's 主送机关 (its role; in a plain text, a short line ending in ： near the top)."""
    if isinstance(draft, Document):
        return next((p.text for p in draft.paragraphs if p.role is Role.ADDRESSEE), "")
    return _addressee_line(str(draft), 4)


def _version_key(title: str) -> str:
    """Return what versions of one document share: its subject without brackets ((2016—2020年), (试行)) or 修
    订.

    Years in the subject stay: 关于做好2019年…的通知 and 关于做好2020年…的通知 are two documents.
    A key of fewer than six characters (a bare 文种, an untitled text) is never merged.
    """
    if title.rstrip().endswith("…"):  # an untitled copy's opening words name no document
        return ""
    kept = _VERSION_BRACKET.sub(lambda m: "" if _VERSION_NOTE.fullmatch(m.group(1)) else m.group(1), title)
    t = _norm(re.sub(r"修订版?|修正", "", title_subject(kept)))
    return t if len(t) >= 6 else ""


_VERSION_BRACKET = re.compile(r"[（(〔]([^）)〕]*)[）)〕]")
#: What a bracket says of a version (a period, 试行, 2019年版, 修订): dropped from the version key; any other
#: bracket names the document (中国（海南）自由贸易试验区总体方案 and 中国（辽宁）… are two documents, not two
#: versions of one).
_VERSION_NOTE = re.compile(r"[\d〇一二三四五六七八九十—\-－~～至年版第次修订正试行草案暂行征求意见稿\s]*")


def _content_scores(searcher, view: LibraryView, text: str, limit: int) -> dict[str, float]:
    """Return BM25 over character bigrams for the draft's most characteristic bigrams, best = 1."""
    from whoosh import query as Q

    terms = view.key_terms(searcher.reader(), text, KEY_TERMS)
    if not terms:
        return {}
    # Every matching document is scored (optimize=False): with 50 terms Whoosh's block skipping spent more
    # time checking blocks than it saved (15 against 8–12 ms; the same hits and scores on 40 drafts).
    results = searcher.search(Q.Or([Q.Term("content_bigram", t, boost=w) for t, w in terms]), limit=limit,
                              optimize=False)
    best = max((r.score for r in results), default=1.0) or 1.0
    # paths by document number: reading a hit's stored fields would load its whole text and passages
    return {view.path_of[r.docnum]: float(r.score) / best for r in results if r.docnum in view.path_of}


_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def _background() -> ThreadPoolExecutor:
    """Return the one worker thread that embeds drafts beside the ranking (the model takes one at a time)."""
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="library-meaning")
        return _executor


_BODY_ROLES = (Role.BODY, Role.HEADING1, Role.HEADING2, Role.HEADING3, Role.HEADING4)


def _draft_opening(draft: Document | str, text: str) -> str:
    """Return the start of a draft's body as the library's document heads embed it (passages.head_text):
    body and headings only, without its 发文字号 and 主送 lines (a plain text: the text itself).
    """
    if not isinstance(draft, Document):
        return text
    parts: list[str] = []
    for p in draft.paragraphs:
        if p.role in _BODY_ROLES and p.text.strip():
            parts.append(p.text.strip())
            if sum(map(len, parts)) >= SEMANTIC_QUERY_CHARS:
                break
    return "\n".join(parts) or text


def semantic_query(title: str, text: str) -> str:
    """Return what the draft's semantic query embeds: its title, then the start of its body."""
    body = text
    if title and body.lstrip().startswith(title):
        body = body.lstrip()[len(title):]
    return f"{title}\n{' '.join(body.split())}"[:SEMANTIC_QUERY_CHARS].strip()


def semantic_scores(index: LibraryIndex, title: str, text: str, *, beside: int = 0) -> dict[str, float]:
    """Return path → 0–1 meaning similarity of each embedded library document to the draft ({} without
    vectors); ``beside``: threads of this process busy meanwhile (embedding.embed_query).
    """
    from gov_docs.library import embedding
    from gov_docs.library.passages import load_vectors, rescale, semantic_doc_scores

    if not len(load_vectors(index.path)):
        return {}
    try:
        qv = embedding.embed_query(semantic_query(title, text), beside=beside)
    except embedding.EmbeddingUnavailable:
        return {}
    return rescale(semantic_doc_scores(index.path, qv))


@functools.lru_cache(maxsize=64)
def _draft_keywords(head: str) -> tuple[str, ...]:
    """Return the keywords (jieba TF-IDF) of a draft's head; memoised, as a clerk asks again for one draft."""
    from gov_docs.library.analysis import keywords

    return tuple(w for w, _s in keywords(head, top=16))


def _shared_words_head(title: str, text: str) -> str:
    """Return the part of a draft whose keywords explain its recommendations."""
    return f"{title}\n{text[:SHARED_WORDS_CHARS]}"


def _shared_words(searcher, view: LibraryView, title: str, text: str,
                  paths: list[str]) -> dict[str, list[str]]:
    """Return, per document, up to four of the draft's keywords (jieba TF-IDF) that its text contains.

    Looked up in the index's word postings, not in the stored texts (loading five stored texts costs more
    than the whole ranking); each posting list is only skipped to the few documents shown, not read whole.
    """
    words = _draft_keywords(_shared_words_head(title, text))
    out: dict[str, list[str]] = {p: [] for p in paths}
    wanted = set(paths)
    numbers = sorted((num, path) for num, path in view.path_of.items() if path in wanted)
    reader = searcher.reader()
    for w in words:
        hits: set[int] = set()
        for name in ("content", "title"):
            if (name, w) not in reader:
                continue
            postings = reader.postings(name, w)
            for num, _path in numbers:
                if num in hits or not postings.is_active():
                    continue
                if postings.id() < num:
                    postings.skip_to(num)
                if postings.is_active() and postings.id() == num:
                    hits.add(num)
        for num, path in numbers:
            if num in hits and len(out[path]) < 4:
                out[path].append(w)
    return out


#: Characters of the draft whose keywords explain a recommendation (共同关键词); the reasons only, not the
#: ranking.
SHARED_WORDS_CHARS = 2000


def _relation(facts: _Facts, own_authority: float) -> str:
    """Return how a library document the draft does not cite stands to it.

    法规依据: a law or regulation (条例, 办法, 规定 …; or what publishes one) from the draft's level or above,
    not a 批复 or 决定 that only names one in its subject; 上位文件: a document
    from above the draft's level (a draft of unknown level: from the State Council or the Party Central
    Committee); 相关主题 otherwise.
    """
    above = facts.authority > own_authority if own_authority else facts.authority >= 5
    if facts.regulation and (facts.authority >= own_authority or not facts.authority):
        return REL_LAW
    return REL_SUPERIOR if above else REL_TOPIC


@dataclass
class Ranking:
    """One draft's library documents ranked, the ones it cites included, and what it cites.

    ``rows`` are (score, path, relation, reasons), best first; a document the draft cites has relation
    本文已引用. ``cited`` maps each library document the draft cites (by 《title》 or 发文字号) to how, in
    the order of the text.
    """

    index: LibraryIndex
    view: LibraryView
    title: str
    text: str
    rows: list[tuple[float, str, str, list[str]]]
    cited: dict[str, str]

    def _recs(self, rows, explain: bool) -> list[Recommendation]:
        shared = {}
        if explain and rows:
            with self.index.searcher() as s:
                shared = _shared_words(s, self.view, self.title, self.text, [row[1] for row in rows])
        out = []
        for score, path, relation, reasons in rows:
            reasons = list(reasons)
            if shared.get(path):
                reasons.insert(0, "共同关键词：" + "、".join(shared[path]))
            facts = self.view.facts[path]
            out.append(Recommendation(path=path, title=facts.title or path, relation=relation,
                                      score=round(score, 4), reasons=reasons, doc_number=facts.doc_number,
                                      organ=facts.organ, date=facts.date))
        return out

    def recommended(self, top: int = 5, explain: bool = True) -> list[Recommendation]:
        """Return the best ``top`` documents the draft does not cite (上位文件, 法规依据, 相关主题).

        Versions of one document take one place; a version of a document the draft cites is left out
        unless it is newer (then it says so: the draft may cite an old version).
        """
        cited_keys: dict[str, tuple[dt.date | None, str]] = {}
        for path, how in self.cited.items():
            key = _version_key(self.view.facts[path].title) if DEDUP_VERSIONS else ""
            if key:
                cited_keys.setdefault(key, (self.view.facts[path].date, how))
        seen: set[str] = set()
        kept = []
        for score, path, relation, reasons in self.rows:
            if path in self.cited:
                continue
            if DEDUP_VERSIONS:
                facts = self.view.facts[path]
                key = _version_key(facts.title)
                if key and key in seen:
                    continue
                if key in cited_keys:
                    when, how = cited_keys[key]
                    if not (facts.date and when and facts.date > when):
                        continue
                    reasons = [*reasons, f"文中所引{how}的新版本"]
                seen.add(key)
            kept.append((score, path, relation, reasons))
            if len(kept) >= top:
                break
        return self._recs(kept, explain)

    def cited_documents(self) -> list[Recommendation]:
        """Return the library documents the draft cites (本文已引用), in the order of its text."""
        rows = {path: (score, path, relation, [w for w in reasons if w.startswith("文中引用")
                                                or w == "成文日期晚于本文"])
                for score, path, relation, reasons in self.rows}
        return self._recs([rows[path] for path in self.cited if path in rows], explain=False)

    def among_all(self, top: int = 5, explain: bool = False) -> list[Recommendation]:
        """Return the best ``top`` of every library document, those the draft cites included (本文已引用).

        The ranking before the 本文已引用 list (session 10), kept for the benchmarks' figure "among all
        documents": the product never shows it.
        """
        kept = []
        seen: set[str] = set()
        for row in self.rows:
            key = _version_key(self.view.facts[row[1]].title) if DEDUP_VERSIONS else ""
            if key and key in seen:
                continue
            seen.add(key)
            kept.append(row)
            if len(kept) >= top:
                break
        return self._recs(kept, explain)


def _cited(view: LibraryView, text: str, titles: list[str], own: set[str]) -> dict[str, str]:
    """Return path → how the draft cites it (《title》 or 发文字号) for the library documents it cites, in
    the order of the text.
    """
    found: dict[str, tuple[int, str]] = {}
    for t in titles:
        path = view.match(t)
        if path and path not in own:
            pos = text.find(f"《{t}》")
            if path not in found or pos < found[path][0]:
                found[path] = (pos, f"《{t}》")
    for number in number_mentions(text):
        path = view.match_number(number)
        if path and path not in own and path not in found:
            # the number as the library writes it: the mention may run on from the words before it (根据国函…)
            found[path] = (text.find(number), view.facts[path].doc_number if path in view.facts else number)
    return {path: how for path, (_pos, how) in sorted(found.items(), key=lambda kv: kv[1][0])}


def rank(index: LibraryIndex, draft: Document | str, *, today: dt.date | None = None,
         explain: bool = True) -> Ranking:
    """Return the draft's Ranking: every candidate library document scored (the module docstring), the
    documents it cites marked 本文已引用.

    Args:
        index: the library.
        draft: a document or its text.
        today: reference date for recency when the draft has no 成文日期 (default: today).
        explain: prepare the draft's keywords for the reasons (共同关键词) beside the ranking.
    """
    title, text, organ, own_path, draft_date = _draft_parts(draft)
    own_series = series_form(title) if title else ""
    # The draft's meaning is embedded in another thread while everything else that does not need it runs
    # here (the model's C engine releases the interpreter): with a core free the two overlap, and the query
    # vector (about 90 ms of CPU) is what a recommendation waits for, so it starts first.
    # On two cores the query embeds on one thread: the ranking keeps the other busy, and an engine thread
    # sharing its core held the other one up at every layer (session 10).
    meaning_job = (_background().submit(semantic_scores, index, title, _draft_opening(draft, text), beside=1)
                   if W_SEMANTIC else None)
    try:
        reference = draft_date or today or dt.date.today()
        # a draft without organ (a clerk's unsigned draft) still says whom it addresses, so where it stands
        own_authority = (authority(title, organ) or addressee_authority(_draft_addressees(draft))
                         if AUTHORITY_RELATIVE else 0)
        view = library_view(index)
        own = {own_path}
        # a copy of the draft already in the library (same 发文字号) is itself
        if isinstance(draft, Document):
            own_number = next((p.text.strip() for p in draft.paragraphs if p.role is Role.DOC_NUMBER), "")
            own.add((view.match_number(own_number) or "") if own_number else "")
        draft_titles = cited_titles(text)
        cited = _cited(view, text, draft_titles, own)
        with index.searcher() as s:
            content = _content_scores(s, view, f"{title}\n{text}", CANDIDATES)
        coverage = view.coverage(text)
        cocited = view.cocited(draft_titles, cited, own) if W_COCITED else {}
        if explain:  # the reasons' keywords (memoised) are ready when the ranking is
            _draft_keywords(_shared_words_head(title, text))
    finally:
        meaning = meaning_job.result() if meaning_job else {}
    # Candidates: the best by content, by title coverage and by meaning, every cited document and every
    # document cited together with one the draft cites.
    by_cov = sorted(coverage, key=coverage.__getitem__, reverse=True)[:CANDIDATES]
    by_meaning = sorted(meaning, key=meaning.__getitem__, reverse=True)[:CANDIDATES]
    candidates = (set(content) | set(by_cov) | set(by_meaning) | set(cited) | set(cocited)) - own
    # The version of each candidate's programme in force when the draft was written (the latest not after
    # it): an earlier one is not what the draft rests on, and the current one is always a candidate.
    current: dict[str, tuple[dt.date, str]] = {}
    if SUPERSEDED_FACTOR < 1:
        cores = {f.core for f in map(view.facts.get, candidates) if f is not None and f.core}
        if cores:
            for path, f in view.facts.items():
                if (f.core in cores and f.date and f.date <= reference and path not in own
                        and (f.core not in current or current[f.core][0] < f.date)):
                    current[f.core] = (f.date, path)
            candidates |= {path for _d, path in current.values()}

    out = []
    for path in candidates:
        facts = view.facts.get(path)
        if facts is None:
            continue
        reasons = []
        sem = meaning.get(path, 0.0)
        cov = coverage.get(path, 0.0)
        score = content.get(path, 0.0) + W_SEMANTIC * sem + W_COVERAGE * cov
        if sem >= 0.6:
            reasons.append("语义相近")
        if cov >= 0.5:
            reasons.append(f"文中涉及其主题（{cov:.0%}）")
        if path in cited:
            score += W_CITED
            reasons.append(f"文中引用{cited[path]}")
        if path in cocited:
            strength, why = cocited[path]
            score += W_COCITED * strength
            if path not in cited:
                reasons.append(why)
        if own_authority:
            if facts.authority >= own_authority:
                score += W_AUTHORITY
                if facts.authority > own_authority:
                    reasons.append("发文机关层级高于本文")
        elif facts.authority > 4:
            score += W_AUTHORITY_PER_LEVEL * (facts.authority - 4)
            reasons.append("发文机关层级较高")
        if facts.normative:
            score += W_NORMATIVE
        elif W_SIBLING and own_series:
            share = sibling_share(own_series, facts.series)
            if share:
                score -= W_SIBLING * share
                reasons.append("与本文同属一个系列（另一件同类文件）")
        cited_by = len(view.citers.get(path, set()) - own)  # the draft's own citations never count
        if cited_by and W_CITED_BY:
            # a prior, weighed by how related the document is to this draft (content and subject)
            score += W_CITED_BY * math.log1p(cited_by) * min(1.0, content.get(path, 0.0) + cov)
            if cited_by >= 2:
                reasons.append(f"库中 {cited_by} 篇文件引用")
        newer = current.get(facts.core) if facts.core else None
        if newer and facts.date and newer[0] > facts.date:
            score *= SUPERSEDED_FACTOR
            reasons.append(f"库中有其新版本《{view.facts[newer[1]].title}》（{newer[0].isoformat()}）")
        if facts.date:
            age = max(0.0, (reference - facts.date).days / 365.25)
            score += W_RECENT * math.exp(-age / RECENT_YEARS)
            if facts.date > reference:
                if facts.since and facts.since <= reference:  # the draft knew an earlier text of it
                    reasons.append(f"库中为本文之后的修订本（{facts.since.year}年首次公布）")
                else:
                    score *= LATER_FACTOR
                    reasons.append("成文日期晚于本文")
        relation = REL_CITED if path in cited else _relation(facts, own_authority)
        out.append((score, path, relation, reasons))
    out.sort(key=lambda r: (-r[0], r[1]))
    return Ranking(index=index, view=view, title=title, text=text, rows=out, cited=cited)


def related(index: LibraryIndex, draft: Document | str, *, top: int = 5, today: dt.date | None = None,
            explain: bool = True) -> tuple[list[Recommendation], list[Recommendation]]:
    """Return (recommendations, the library documents the draft already cites) from one ranking.

    A clerk gains nothing from being recommended what the draft already cites: the recommendations are the
    best ``top`` documents it does not cite (上位文件, 法规依据, 相关主题); the documents it cites by
    《title》 or 发文字号 are listed apart (本文已引用, in the order of the text), never counted in the
    ``top``. What they cite still counts: documents the library cites together with them rank higher
    (co-citation).

    Args:
        index: the library.
        draft: a document or its text.
        top: how many recommendations.
        today: reference date for recency when the draft has no 成文日期 (default: today).
        explain: name the keywords each recommendation shares with the draft (共同关键词) among its reasons.
    """
    ranking = rank(index, draft, today=today, explain=explain)
    return ranking.recommended(top, explain), ranking.cited_documents()


def recommend(index: LibraryIndex, draft: Document | str, *, top: int = 5,
              today: dt.date | None = None, explain: bool = True) -> list[Recommendation]:
    """Return up to ``top`` related library documents the draft does not cite yet, best first.

    Args:
        index: the library.
        draft: a document or its text.
        top: how many.
        today: reference date for recency when the draft has no 成文日期 (default: today).
        explain: name the keywords each document shares with the draft (共同关键词) among the reasons.

    Returns:
        Recommendations with relation 上位文件 / 法规依据 / 相关主题 and reasons (``related`` also gives
        the documents the draft cites).
    """
    return rank(index, draft, today=today, explain=explain).recommended(top, explain)
