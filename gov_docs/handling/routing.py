"""拟办建议: which department should lead a document and which take part, with reasons.

Scores come from the editable responsibilities file ``rules/routing/departments.yaml``: keywords in the
title count 3, in the text 1 per occurrence up to 3 per keyword, a usual document type 1. For the lead, a
keyword neither the title nor the opening paragraph holds counts a quarter (a passing mention: a 乡村振兴
plan speaks of 学校, a 物流 notice of 农产品), one the opening holds 1 more (KEYWORD_PASSING_POINTS,
KEYWORD_OPENING_POINTS). A department the text names (发展改革委, 财政部门) gets 1.5 per mention up to 5,
and 5 more each time it leads, up to 3:
某部牵头, 某部会同, 某部要会同 (a modal word may stand between), 某部商某部, 配合某部. A department in
the clause after 牵头/会同/商 (会同发展改革委、财政部), or before 配合/协助, always takes part and gets no
points for it: named as another's partner is no reason to lead (PARTNER_POINTS 0; 林业部门要会同
应急管理部门 is 林业's). Similar past documents add their recorded decisions (the review-history store,
weighted by similarity). The lead is the best score; departments with at least 15% of it (and 2 points)
take part.

A text that hands out its tasks one by one — three or more parentheticals such as （农业农村部、国家发展改革委
按职责分工负责） — is a task list: each parenthetical says who does that one task, not who takes part in the
document. There a department named only inside those parentheticals takes part when it carries at least a
quarter of the tasks (TASK_SHARE), and the 牵头/会同 lists inside them are not the document's own partner list
(which is otherwise never cut short).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from gov_docs.document.model import Document, Role
from gov_docs.errors import GovDocsError
from gov_docs.handling.rulefiles import load_yaml

NAMED_POINTS, NAMED_CAP = 1.5, 5
LEADS_POINTS, LEADS_CAP = 5.0, 3
PARTNER_POINTS = 0.0
#: A reply (批复, 复函: 你们《…》收悉) answers whoever asked: the department its 主送 names first asked, and
#: handles the answer (体育总局、财政部、国务院港澳办： → 体育, though the 全运会 函 also speaks of 疫情防控).
REPLY_POINTS = 5.0
_REPLY = re.compile(r"收悉")
_MODAL = r"(?:要|应当|应|须|需要|需|必须|将|可|继续|负责)?"
#: What makes a named department the lead: 牵头, 会同 or 商 (发展改革委商财政部) right after its name, or
#: after a modal word (林业部门要会同应急管理部门…, 财政部门应当会同…, 由发展改革委负责牵头)…
_CONSULTS = r"(?<![会协磋])商(?![务业品标贸会场])"
_LEAD_CUE = re.compile(_MODAL + r"(?:牵头|会同|" + _CONSULTS + ")")
#: …or 配合/协助 right before it (公安机关要配合林业部门…): the department assisted leads…
_ASSISTED = ("配合", "协助")
#: …and the one named before 配合/协助 takes part.
_ASSIST_CUE = re.compile(_MODAL + r"(?:配合|协助)")
_PARTNER_CLAUSE = re.compile(r"(?:牵头|会同|" + _CONSULTS + r")([^。；;）)]{2,120})")
#: A task-assignment parenthetical: （…按职责分工负责）, （农业农村部牵头，财政部等参与）.
_TASK_CLAUSE = re.compile(r"[（(]([^（）()]{2,200}?(?:负责|分工|参与)[^（）()]*)[）)]")
TASK_LIST_MIN = 3
TASK_SHARE = 0.25
#: A participant's score must reach this share of the lead's (session 13: 0.15 → 0.1 with MAX_PARTICIPANTS
#: 6 → 4, chosen together on the 40 labelled documents, participant F1 0.53 → 0.58; on 24 blind labels
#: 0.48 → 0.48, BENCHMARKS.md issue 17): a lower bar lets in a department the text dwells on, the cap keeps
#: the list to what a clerk names (the labels hold 0–4, most 1–2).
PARTICIPANT_SHARE = 0.1
PARTICIPANT_MIN = 2.0
PARTICIPANT_MIN_UNNAMED = 3.0
DWELLS_PER_1000 = 3.0
MAX_PARTICIPANTS = 4
#: Routing memory: a similar recorded decision adds this much × similarity to its lead and participants;
#: records less similar than HISTORY_MIN_SIMILARITY are ignored, at most HISTORY_TOP are used.
HISTORY_LEAD = 12.0
HISTORY_PARTICIPANT = 6.0
HISTORY_MIN_SIMILARITY = 0.35
HISTORY_TOP = 5
HISTORY_FORCE_SIMILARITY = 0.6
#: A recorded decision that says what the clerk changed (the suggestion is recorded beside it): a participant
#: the clerk struck from a similar document's suggestion loses HISTORY_PARTICIPANT × similarity and is not
#: suggested again from the responsibilities file or the text's mentions alone (the text's own partner list
#: still counts); one the clerk added is kept like a near-identical document's partners.
HISTORY_CORRECTIONS = True
ROUTING_TEXT_CHARS = 3000
#: Where a keyword stands, for the lead: a keyword the title or the opening (the first paragraph of the body,
#: where a document says what it is about: 为推进乡村振兴…) holds counts in full; one mentioned only further
#: on counts KEYWORD_PASSING_POINTS per mention (up to 3, as before). Long texts touch other departments'
#: words in passing (a 乡村振兴 plan speaks of 学校 and 教师, a 家政 opinion of 培训 and 就业). A keyword in
#: the opening and not in the title adds KEYWORD_OPENING_POINTS once. Participants are chosen on the
#: scores without these (every mention counts 1): how much a text dwells on a department's words.
KEYWORD_OPENING_POINTS = 1.0
KEYWORD_PASSING_POINTS = 0.25
#: The title's matter: Chinese noun phrases end in their head (增加教师编制 is about 编制, 自然资源领域…财政
#: 事权和支出责任划分 about 事权和支出责任). When the department word that ends last in the matter is one of
#: a department's head words (``heads:``, what it allocates: 编制, 资金, 事权) and the matter holds the words
#: of two or more departments (HEAD_MIN_DEPARTMENTS), that department gets HEAD_POINTS: more than a
#: department whose words only qualify the matter gets from the title and the text's talk of it (教育 for
#: 增加教师编制: 标题含“教师” 3, its words in the text 8). Only head words: an activity ending the matter is
#: not its owner (污染源普查入户调查 is 生态环境's survey, not 统计's 调查).
HEAD_POINTS = 15.0
HEAD_MIN_DEPARTMENTS = 2
_TITLE_TAIL = re.compile(r"(?:的)?(?:紧急)?(?:指导|实施)?"
                         r"(?:通知|请示|报告|意见|批复|函|决定|公告|通告|通报|纪要)$")
#: where a title's 文种 ends it, in a title line that runs on into the text (…组成人员的通知程丽华财政部…)
_TITLE_END = re.compile(r"的(?:紧急)?(?:通知|请示|报告|批复|函|决定|公告|通告|通报)")
_TITLE_KIND = re.compile(r"(?:实施|工作|总体|行动|指导|若干|暂行|试行|管理)*"
                         r"(?:方案|规定|办法|条例|规划|纲要|细则|意见|计划|规则|预案|标准|要点)$")
_HAN = re.compile(r"[\u4e00-\u9fff]+")


@dataclass
class Department:
    """One department of the responsibilities file."""

    name: str
    duties: str
    keywords: list[str]
    doc_types: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # how documents name the department: 财政部, 财政部门
    #: words that make a title's matter this department's when they end it (教师编制: 编制), beside keywords
    heads: list[str] = field(default_factory=list)

    @functools.cached_property
    def name_pattern(self) -> re.Pattern | None:
        """Any of the department's names, longest first (财政部门 before 财政部)."""
        if not self.names:
            return None
        return re.compile("|".join(map(re.escape, sorted(self.names, key=len, reverse=True))))


@dataclass
class RoutingSuggestion:
    """Lead and participating departments with the reasons."""

    lead: str
    participants: list[str]
    reasons: dict[str, list[str]]
    scores: dict[str, float]
    # (title, lead, similarity) from history
    similar: list[tuple[str, str, float]] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Return a JSON-ready dict."""
        return dict(self.__dict__)


def departments_path() -> Path:
    """Return the bundled responsibilities file."""
    from gov_docs import paths

    return paths.rules_dir() / "routing" / "departments.yaml"


def departments_from_data(data: dict) -> tuple[Department, ...]:
    """Build the departments from a validated responsibilities file (see :mod:`gov_docs.handling.schemas`)."""
    return tuple(Department(str(d["name"]), str(d.get("duties", "")), [str(k) for k in d["keywords"]],
                            [str(t) for t in d.get("doc_types", []) or []],
                            [str(n) for n in d.get("names", []) or []],
                            [str(h) for h in d.get("heads", []) or []])
                 for d in data["departments"])


@functools.lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> tuple[Department, ...]:
    return departments_from_data(load_yaml(Path(path), "departments"))


def load_departments(path: Path | None = None) -> tuple[Department, ...]:
    """Load (cached by mtime) the responsibilities file."""
    path = path or departments_path()
    if not path.exists():
        raise GovDocsError(f"部门职责文件 {path} 不存在")
    return _load(str(path), path.stat().st_mtime)


def _count_words(text: str, word: str, cap: int) -> int:
    """Count occurrences of ``word`` that start a word (up to ``cap``).

    民政 inside 人民政府 does not count; 财政 at the start of 财政资金 does.
    """
    from gov_docs.text.segment import starts_word

    n = 0
    pos = text.find(word)
    while pos != -1 and n < cap:
        if starts_word(text, pos):
            n += 1
        pos = text.find(word, pos + len(word))
    return n


def title_matter(title: str) -> tuple[str, str]:
    """Return (sender, matter) of a title: who writes, and what the document is about.

    江北市教育局关于增加教师编制的请示 → (江北市教育局, 增加教师编制); 国务院办公厅关于印发自然资源领域中央
    与地方财政事权和支出责任划分改革方案的通知 → (国务院办公厅, 自然资源领域中央与地方财政事权和支出责任划分
    改革); a title without 关于 has no sender here (海关总署职能配置、内设机构和人员编制规定 is about
    海关总署).
    """
    title = re.sub(r"\s+", "", title)
    sender, sep, rest = title.partition("关于")
    if not sep:
        sender, rest = "", title
    end = _TITLE_END.search(rest)
    rest = re.sub(r"[（(][^）)]*[）)]|[《》“”〈〉]", "", rest[:end.start()] if end else rest)
    rest = re.sub(r"^(?:印发|转发|发布|批转)", "", rest)
    rest = _TITLE_TAIL.sub("", rest)
    rest = _TITLE_KIND.sub("", rest)
    return sender, rest


def _head_department(matter: str, departments: tuple[Department, ...]) -> tuple[str, str]:
    """Return (department, head word) when one of a department's head words ends last among the department
    words of a title's matter ('' if another word ends last, or the matter holds the words of fewer than two
    departments).
    """
    from gov_docs.text.segment import starts_word

    best: dict[str, tuple[int, int, str]] = {}
    for d in departments:
        for word in [*d.keywords, *d.heads]:
            pos = matter.find(word)
            while pos != -1:
                if starts_word(matter, pos):
                    key = (pos + len(word), word in d.heads, len(word), word)
                    if key > best.get(d.name, (-1, False, 0, "")):
                        best[d.name] = key
                pos = matter.find(word, pos + 1)
    if len(best) < HEAD_MIN_DEPARTMENTS:
        return "", ""
    name, (_end, is_head, _n, word) = max(best.items(), key=lambda kv: kv[1])
    return (name, word) if is_head else ("", "")


def _short(title: str, width: int = 24) -> str:
    return title if len(title) <= width else title[:width] + "…"


def similar_routings(doc: Document, records: list) -> list[tuple[float, object]]:
    """Return (similarity, record) of recorded routings similar to ``doc``, most similar first.

    Similarity is the cosine of the two documents' characteristic words (jieba TF-IDF, whose idf comes from
    general language, so what a document is about weighs and its form — 组成人员, 通知如下 — little; the
    character-bigram profiles used before rated a document's other half barely above an unrelated document
    of the same form); a record of the same text counts 1. Records below HISTORY_MIN_SIMILARITY are left
    out.
    """
    if not records:
        return []
    import hashlib

    from gov_docs.library.analysis import profile_from_text, subject_profile

    digest = hashlib.sha1(doc.text.encode("utf-8")).hexdigest()
    mine = subject_profile(doc.title, doc.text[:ROUTING_TEXT_CHARS])
    out = []
    for rec in records:
        if rec.doc_text and hashlib.sha1(rec.doc_text.encode("utf-8")).hexdigest() == digest:
            sim = 1.0
        else:  # stored with the record; an older record's is worked out here
            theirs = profile_from_text(getattr(rec, "doc_words", "") or "") or subject_profile(
                rec.doc_title, (rec.doc_text or rec.doc_title)[:ROUTING_TEXT_CHARS])
            sim = sum(v * theirs.get(w, 0.0) for w, v in mine.items())
        if sim >= HISTORY_MIN_SIMILARITY:
            out.append((sim, rec))
    out.sort(key=lambda item: -item[0])
    return out[:HISTORY_TOP]


#: "气象、水文部门要加强会商" / "公安、交通运输等部门": a list of departments sharing one ending. Each is
#: named (气象部门, 水文部门), as the responsibilities file writes names; before, only the last was.
_SHARED_ENDING = re.compile(
    r"((?:[\u4e00-\u9fff]{2,10}、)+[\u4e00-\u9fff]{2,10}?)(等)?(主管部门|部门|机关|单位)")


def shared_endings(text: str) -> str:
    """Return ``text`` with a list sharing one ending written out: 气象、水文部门 → 气象部门、水文部门."""
    def out(m: re.Match) -> str:
        return "、".join(item + m.group(3) for item in m.group(1).split("、")) + (m.group(2) or "")
    return _SHARED_ENDING.sub(out, text)


def _reply_asker(doc: Document, departments: tuple[Department, ...]) -> str:
    """Return the department a reply answers (its first 主送 when its body opens with ……收悉), or ''."""
    addressees = next((p.text for p in doc.paragraphs if p.role is Role.ADDRESSEE), "")
    opening = next((p.text for p in doc.paragraphs if p.role is Role.BODY and p.text.strip()), "")
    if not addressees or not _REPLY.search(opening[:120]):
        return ""
    first = re.split(r"[、，,：:\s]+", addressees.strip(), maxsplit=1)[0]
    return next((d.name for d in departments
                 if d.name_pattern is not None and d.name_pattern.search(first)), "")


def _opening(doc: Document, sender: str, names: list[str]) -> str:
    """Return the first body paragraph of ``doc`` as the keywords are counted in it: the sender's name and
    the departments' names blanked out ('' when the document has no body paragraph).
    """
    text = next((p.text for p in doc.paragraphs if p.role is Role.BODY and p.text.strip()), "")
    if len(sender) >= 4:
        text = text.replace(sender, "　" * len(sender))
    text = shared_endings(text)
    if names:
        text = re.sub("|".join(map(re.escape, names)), lambda m: "　" * len(m.group(0)), text)
    return text


def suggest_routing(doc: Document, *, departments: tuple[Department, ...] | None = None,
                    index=None, store=None) -> RoutingSuggestion:
    """Suggest the lead and participating departments for ``doc``.

    Args:
        doc: the document.
        departments: the responsibilities (default: rules/routing/departments.yaml).
        index: unused (kept for callers of the earlier signature); similar documents are found among the
            recorded decisions themselves, so documents outside the library count too.
        store: the CommentStore holding recorded routing decisions (optional): similar documents' leads
            and participants add to the scores (HISTORY_LEAD/HISTORY_PARTICIPANT × similarity).

    Returns:
        The suggestion; lead is '' when nothing matches.
    """
    departments = departments or load_departments()
    sender, matter = title_matter(doc.title)
    # The sender of a 请示 or 报告 asks; the department of what it asks for handles it: the sender's own
    # words (教育 in 江北市教育局) and its name in the text (title, signature) are not counted.
    title = doc.title[len(sender):] if sender and doc.title.startswith(sender) else doc.title
    body = doc.text.replace(sender, "　" * len(sender)) if len(sender) >= 4 else doc.text
    body = shared_endings(body)
    scores: dict[str, float] = {}
    reasons: dict[str, list[str]] = {}
    # The clauses after 牵头/会同 list the departments that work with the lead: 生态环境部会同发展改革委、财政
    # 部…
    task_clauses = _TASK_CLAUSE.findall(body)
    head, head_word = _head_department(matter, departments) if HEAD_POINTS else ("", "")
    task_list = len(task_clauses) >= TASK_LIST_MIN
    # In a task list, the parentheticals are read as tasks; the rest of the text as usual.
    outside = _TASK_CLAUSE.sub("", body) if task_list else body
    partner_text = " ".join(_PARTNER_CLAUSE.findall(outside))
    tasks: dict[str, int] = {}  # department → how many of the task list's tasks name it
    partners: set[str] = set()
    partners_by_history: set[str] = set()
    # A department the text names counts as named, not also through the keywords inside its name
    # (公安 in 公安机关, 林业 in 林业和草原主管部门): keywords are counted in the text with names blanked out.
    all_names = sorted({n for d in departments for n in d.names}, key=len, reverse=True)
    keyword_body = re.sub("|".join(map(re.escape, all_names)), lambda m: "　" * len(m.group(0)), body) \
        if all_names else body
    opening = _opening(doc, sender, all_names)
    named_departments: set[str] = set()
    in_title: set[str] = set()  # departments one of whose keywords the title holds
    keyword_points: dict[str, float] = {}
    lead_extra: dict[str, float] = {}  # the lead is chosen on scores + these; participants on the scores
    for d in departments:
        s = 0.0
        named_why: list[str] = []  # the text names the department: the strongest reasons, listed first
        title_why: list[str] = []
        body_why: list[str] = []
        raw = 0.0  # keyword points (how much the text dwells on the department's words: participants)
        placed = 0.0  # what the place of the keywords adds to the department's claim to lead
        for kw in d.keywords:
            if _count_words(title, kw, 1):
                s += 3
                raw += 3
                title_why.append(f"标题含“{kw}”")
                in_title.add(d.name)
            n = _count_words(keyword_body, kw, 3)
            if n:
                s += n
                raw += n
                if kw not in title:  # a title keyword counts in full
                    if opening and _count_words(opening, kw, 1):
                        placed += KEYWORD_OPENING_POINTS
                    else:
                        placed += (KEYWORD_PASSING_POINTS - 1) * n
                if kw not in title:
                    body_why.append(f"正文提及“{kw}”{n}次")
        keyword_points[d.name] = raw
        if placed:
            lead_extra[d.name] = placed
        if doc.doc_type and doc.doc_type in d.doc_types:
            s += 1
        if d.name_pattern is not None:
            named = list(d.name_pattern.finditer(body))
            leads = [m.group(0) for m in named
                     if _LEAD_CUE.match(body, m.end()) or body.endswith(_ASSISTED, 0, m.start())]
            if leads:
                s += LEADS_POINTS * min(len(leads), LEADS_CAP)
                named_why.append(f"“{leads[0]}”牵头或会同{len(leads)}次")
            partner = d.name_pattern.search(partner_text) or next(
                (m for m in named if _ASSIST_CUE.match(body, m.end())), None)
            if partner:
                partners.add(d.name)
                s += PARTNER_POINTS
                named_why.append(f"文中“{partner.group(0)}”参与办理")
            if named:
                s += NAMED_POINTS * min(len(named), NAMED_CAP)
                if not task_list or d.name_pattern.search(outside):
                    named_departments.add(d.name)
                    named_why.append(f"正文点名“{named[0].group(0)}”{len(named)}次")
                if task_list:
                    tasks[d.name] = sum(1 for c in task_clauses if d.name_pattern.search(c))
                    if tasks[d.name]:
                        named_why.append(f"承担文中 {tasks[d.name]} 项分工任务（共 {len(task_clauses)} 项）")
        if doc.doc_type and doc.doc_type in d.doc_types and s:
            body_why.append(f"常办{doc.doc_type}")
        if s:
            scores[d.name] = s
            reasons[d.name] = (named_why[:2] + title_why + named_why[2:] + body_why)[:5]
    asker = _reply_asker(doc, departments) if REPLY_POINTS else ""
    if asker:
        scores[asker] = scores.get(asker, 0.0) + REPLY_POINTS
        reasons.setdefault(asker, []).insert(0, "答复其来文（主送首位）")
    if head:
        scores[head] = scores.get(head, 0.0) + HEAD_POINTS
        reasons.setdefault(head, []).insert(0, f"标题所办事项“{head_word}”属其职责")
    history: list[tuple[float, object]] = []
    by_history: set[str] = set()
    struck: set[str] = set()  # participants the clerk struck from a similar document's suggestion
    if store is not None:
        known = {d.name for d in departments}
        history = similar_routings(doc, store.routings())
        for rank_, (sim, rec) in enumerate(history):
            if rec.lead in known:
                scores[rec.lead] = scores.get(rec.lead, 0.0) + HISTORY_LEAD * sim
                by_history.add(rec.lead)
                reasons.setdefault(rec.lead, []).insert(0, f"相似文件《{_short(rec.doc_title)}》由其主办"
                                                           f"（{rec.created[:10]} 记录，相似度 {sim:.0%}）")
            suggested = set(rec.suggested_participants or []) if rec.suggested_lead else set()
            if HISTORY_CORRECTIONS and rec.suggested_lead:
                for p in sorted(suggested - set(rec.participants) - {rec.lead}):
                    if p in known:
                        scores[p] = scores.get(p, 0.0) - HISTORY_PARTICIPANT * sim
                        struck.add(p)
                        reasons.setdefault(p, []).insert(
                            0, f"相似文件《{_short(rec.doc_title)}》拟办时未用其协办"
                               f"（{rec.created[:10]} 记录）")
            for p in rec.participants:
                if p in known and p != rec.lead:
                    scores[p] = scores.get(p, 0.0) + HISTORY_PARTICIPANT * sim
                    by_history.add(p)
                    # a near-identical document's partners are kept, and so is a partner the clerk added
                    # to a similar document's suggestion
                    if sim >= HISTORY_FORCE_SIMILARITY or (HISTORY_CORRECTIONS and rec.suggested_lead
                                                           and p not in suggested and rank_ == 0):
                        partners_by_history.add(p)
                    reasons.setdefault(p, []).insert(0, f"相似文件《{_short(rec.doc_title)}》由其协办"
                                                        f"（{rec.created[:10]} 记录）")
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if not ranked:
        return RoutingSuggestion("", [], {}, {})
    lead = max(scores, key=lambda k: (scores[k] + lead_extra.get(k, 0.0), scores[k]))
    top = scores[lead]
    ranked = [(lead, top)] + [kv for kv in ranked if kv[0] != lead]
    # A participant is named by the text or listed as a partner, kept from a near-identical recorded
    # decision, or — from the responsibilities file alone — has the document's subject among its duties (a
    # keyword in the title) or a text that dwells on them (keyword points per thousand characters): long
    # texts touch every department's words in passing.
    # the title's head decides the lead; it does not raise the bar for the others
    floor = (top - HEAD_POINTS if lead == head else top) * PARTICIPANT_SHARE
    per_k = 1000 / max(len(body), 1)
    task_floor = TASK_SHARE * len(task_clauses)
    above = [name for name, s in ranked[1:]
             if name in partners or name in partners_by_history or name not in struck and (
             (tasks.get(name, 0) >= max(task_floor, 1) and s >= PARTICIPANT_MIN)
             or (s >= max(PARTICIPANT_MIN, floor) and (name in named_departments or name in by_history))
             or (s >= max(PARTICIPANT_MIN_UNNAMED, floor)
                 and (name in in_title or keyword_points.get(name, 0) * per_k >= DWELLS_PER_1000)))]
    # the text's own list of partners is never cut short; other departments fill up to MAX_PARTICIPANTS
    participants = [name for i, name in enumerate(above) if i < MAX_PARTICIPANTS or name in partners]
    return RoutingSuggestion(lead, participants, {k: reasons.get(k, [])[:5] for k in [lead, *participants]},
                             {k: round(scores[k], 2) for k in [lead, *participants]},
                             similar=[(rec.doc_title, rec.lead, round(sim, 2)) for sim, rec in history[:3]])
