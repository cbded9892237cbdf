"""From one sentence to a plan: the 文种, the title and an outline the clerk edits before bodies are written.

"撰写一篇关于某某市新污染物治理工作方案" → 方案, which goes out as the attachment of a 印发通知:
title "关于印发某某市新污染物治理工作方案的通知", attachment "某某市新污染物治理工作方案", and an outline of
3–6 一级 sections with （一）（二） sub-sections where the type calls for them. The 文种 and the title are
inferred by rule (the words of the sentence); the outline comes from the model, checked and repaired, and
falls back to the type's default sections when the model's is unusable. The outline is plain text the
clerk can edit ("一、总体要求" lines, "（一）指导思想" lines under them): :func:`parse_outline` reads it back.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from gov_docs.document.doctypes import DOC_TYPES
from gov_docs.errors import GovDocsError
from gov_docs.llm.backends import Backend, Sampling
from gov_docs.text.headings import LOOSE_LEVEL1 as _HEADING1
from gov_docs.text.headings import LOOSE_LEVEL2 as _HEADING2

CN_NUMS = "一二三四五六七八九十"
#: Kinds that go out as the attachment of a 印发通知 (templates.yaml: ``issued_by``).
ATTACHMENT_KINDS = ("实施方案", "工作方案", "行动方案", "方案", "规划", "实施办法", "管理办法", "办法",
                    "行动计划")
_KIND_BASE = {"实施方案": "方案", "工作方案": "方案", "行动方案": "方案", "行动计划": "方案",
              "实施办法": "办法",
              "管理办法": "办法"}
_TYPE_ALIASES = (("指导意见", "意见"), ("实施意见", "意见"), ("复函", "函"), ("会议纪要", "纪要"))
_LEAD = re.compile(
    r"^(?:请(?!示)|麻烦|帮我|帮忙|我要|我想|需要|要)?"
    r"(?:撰写|起草|草拟|拟写|拟制|拟|写|制定|编制|出台|发(?!布)|报送|报(?!告))?"
    r"(?:一下)?(?:一篇|一份|一个|一则|篇|份|个)?(?:关于)?")
#: Words that show a sentence is about some work (a subject a 公文 can be about).
_TOPIC = re.compile(
    r"工作|管理|治理|建设|发展|安全|检查|开展|加强|做好|推进|实施|改革|保障|服务|防控|防治|整治|保护|"
                    r"申请|请求|商请|征求|表彰|通报|会议|规划|方案|办法|意见|通知|报告|请示|批复|决定|公告|通"
                    r"告|"
                    r"任务|资金|项目|制度|机制|监管|监督|创建|提升|促进|落实|部署|应对|预防|防范|优化|调整")


class PlanError(GovDocsError):
    """A one-sentence request says too little to draft from; the message says what to add."""


@dataclass
class Section:
    """One 一级 section of the outline: its heading, its （一）（二） sub-headings, and the clerk's note."""

    heading: str
    subs: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class Plan:
    """What a sentence asks for: the 文种 sent, the title, the attachment (for 方案/规划/办法), the
    outline.
    """

    doc_type: str
    title: str
    sections: list[Section]
    kind: str = ""  # 方案/规划/办法 when the text is an attachment of a 印发通知, else ''
    attachment_title: str = ""
    subject: str = ""
    org: str = ""  # the 发文机关, when the clerk gave it (or the sentence named it)
    to: str = ""  # the 主送机关, when the sentence named it (给市政府写个请示 → 市人民政府)
    ask: str = ""  # the clerk's sentence itself: what a 函 or 请示 asks for is read from it (llm.asks)

    def outline_text(self) -> str:
        """Return the outline as the editable text the clerk sees."""
        return format_outline(self.sections)


def format_outline(sections: list[Section]) -> str:
    """Return sections as "一、…" lines with "（一）…" lines under them."""
    lines = []
    for i, s in enumerate(sections):
        lines.append(f"{_cn(i)}、{s.heading}")
        lines.extend(f"（{_cn(k)}）{sub}" for k, sub in enumerate(s.subs))
    return "\n".join(lines)


def _cn(i: int) -> str:
    return CN_NUMS[i] if i < len(CN_NUMS) else str(i + 1)


def _clean_heading(text: str) -> str:
    text = re.sub(r"\*\*|#+|`", "", text).strip()
    text = re.split(r"[：:。；;]", text)[0].strip()
    return text.strip("，、 ")


def parse_outline(text: str) -> list[Section]:
    """Read an outline back from text: "一、" starts a section, "（一）" a sub-section.

    When no line is numbered, every line is a section (a clerk can type one heading per line, as in the
    key-points box). When some are, an unnumbered line is the clerk's note on the section above it
    (what that section must say); before the first section it is ignored.
    """
    lines = [ln.strip() for ln in text.replace("\r", "").split("\n") if ln.strip()]
    numbered = any(_HEADING1.match(ln) for ln in lines)
    sections: list[Section] = []
    for line in lines:
        m2 = _HEADING2.match(line)
        if m2:
            sub = _clean_heading(m2.group(2))
            if sub and sections:
                sections[-1].subs.append(sub)
            continue
        m1 = _HEADING1.match(line)
        if m1 or not numbered:
            heading = _clean_heading(m1.group(2) if m1 else re.sub(r"^\d+[.、．]\s*", "", line))
            if heading and heading not in ("提纲", "目录", "大纲"):
                sections.append(Section(heading))
        elif sections:
            sections[-1].note = (sections[-1].note + "；" + line).strip("；")
    return sections


def infer_type(sentence: str) -> tuple[str, str]:
    """Return (文种 sent, attachment kind) named in a sentence: ("通知", "方案") for a 方案, ("意见", "") …

    Defaults to 通知 when no type is named.
    """
    s = re.sub(r"\s", "", sentence)
    for kind in ATTACHMENT_KINDS:
        if kind in s:  # also "关于印发……方案的通知": the notice sends the 方案, which is what is drafted
            return "通知", _KIND_BASE.get(kind, kind)
    for alias, doc_type in _TYPE_ALIASES:
        if alias in s:
            return doc_type, ""
    # the type named last in the sentence wins ("关于召开会议的通知" → 通知, not 会议 … ); 函 only at the end
    best, pos = "", -1
    for t in DOC_TYPES:
        if t == "函":
            if re.search(r"函$|的函", s):
                idx = s.rfind("函")
            else:
                continue
        else:
            idx = s.rfind(t)
        if idx > pos:
            best, pos = t, idx
    return (best or "通知"), ""


def infer_subject(sentence: str, doc_type: str, kind: str) -> str:
    """Return the 事由 of a sentence: "撰写一篇关于XX市新污染物治理工作方案" → "XX市新污染物治理工作".

    A 报告 named by what it reports ("安全生产工作总结报告", "调研报告") reports on a 情况: "安全生产工作情况"
    (the title becomes "关于安全生产工作情况的报告", not "……总结的报告").
    """
    s = re.sub(r"\s", "", sentence).strip("。！？!?，,：:“”\"'")
    s = _LEAD.sub("", s, count=1)
    s = re.sub(r"^(?:关于)", "", s)
    endings = [k for k in ATTACHMENT_KINDS if kind and _KIND_BASE.get(k, k) == kind] if kind else []
    endings += [alias for alias, t in _TYPE_ALIASES if t == doc_type] + [doc_type]
    for end in sorted(set(endings), key=len, reverse=True):
        if s.endswith(end):
            s = s[: -len(end)]
            break
    s = s.rstrip("的")
    if doc_type == "报告" and not kind:
        s = re.sub(r"的(总结|调研|自查|检查|评估|督查|整改)$", r"\1", s)  # 工作的总结 → 工作总结
        s = re.sub(r"(?<!工作)总结$", "工作情况", s)
        s = re.sub(r"工作总结$", "工作情况", s)
        s = re.sub(r"(调研|自查|检查|评估|督查|整改)$", r"\1情况", s)
    return s


_CLAUSE = re.compile(r"[，,。；;！!？?]")
#: A clause naming the sender ("发文机关为某某市人民政府办公室"): the 署名, never part of the title.
_ORG_CLAUSE = re.compile(
    r"^(?:并且?|且)?(?:(?:发文机关|发文单位|发文机构|署名|落款)(?:为|是|：|:)?(.+?)|以(.+?)的?名义(?:"
    r"发文|印发|行文)?)$")


_ORG_PREFIX = re.compile(
    r"^([\u4e00-\u9fff]{1,30}?(?:区|市|县|省|局|厅|委|办|办公室|政府|部|院|会|中心|镇|乡|街道|"
                         r"学校|公司|小组))关于(.{2,})$")


def _type_words() -> list[str]:
    words = set(DOC_TYPES) | set(ATTACHMENT_KINDS) | {alias for alias, _ in _TYPE_ALIASES}
    return sorted(words, key=len, reverse=True)


def main_clause(sentence: str) -> tuple[str, str]:
    """Return (the clause that names the document, the 发文机关 a later clause names, or '').

    "起草关于做好冬季森林防火工作的通知，发文机关为某某市人民政府办公室" → ("起草关于做好冬季森林防火工作的通
    知",
    "某某市人民政府办公室"): what follows the 文种 is no part of the title. "帮我写个通知，关于做好X工作"
    → ("关于做好X工作的通知", "").
    """
    s = re.sub(r"\s", "", sentence or "")
    typed = _TYPE_COLON.match(s)
    if typed and _LEAD.sub("", typed.group(1), count=1) in _type_words():
        s = typed.group(1) + "，" + s[typed.end():]  # 请示：增加3名事业编制 → 请示，增加3名事业编制
    clauses = [c.strip("“”\"'：:") for c in _CLAUSE.split(s)]
    clauses = [c for c in clauses if c]
    org = ""
    rest = []
    for c in clauses:
        named_at_start = _IN_THE_NAME.match(c)
        if named_at_start and not org:  # 以区政府办公室名义印发……方案
            org, c = named_at_start.group(1), named_at_start.group(2)
        m = _ORG_CLAUSE.match(c)
        named = m and (m.group(1) or m.group(2))
        named = re.sub("的?(?:" + "|".join(_type_words()) + ")$", "", named or "")
        if len(named) >= 2 and not org:
            org = named
        else:
            rest.append(c)
    words = _type_words()
    for i, c in enumerate(rest):
        # the first "……的通知" / "……工作方案" in the clause ends the document's name
        ends = [m.end() for w in words for m in re.finditer(re.escape(w), c)
                if m.end() == len(c) or c[m.start() - 1: m.start()] == "的"]
        if not ends:
            continue
        c = c[: min(ends)] if any(e < len(c) for e in ends) else c
        bare = _LEAD.sub("", c, count=1)
        if len(re.sub(r"[^\u4e00-\u9fff]", "", bare)) <= max(len(w) for w in words if c.endswith(w)) + 1 \
                and i + 1 < len(rest):
            # "帮我写个通知，关于做好X工作": the 事由 is in the next clause
            word = next(w for w in words if c.endswith(w))
            return rest[i + 1].rstrip("的") + "的" + word, org
        return c, org
    return (rest[0] if rest else s), org


#: 给市政府写个请示 / 向省应急管理厅报一个请示: who the document goes to, named before the verb.
_RECIPIENT = re.compile(
    r"^((?:请|麻烦|帮我|帮忙|我要|我想|需要|要)?)(?:给|向)([\u4e00-\u9fff]{2,20}?)"
    r"(?=(?:撰写|起草|草拟|拟写|拟制|写|拟|报送|呈报|报|发|请示))")
#: 写一个函给区教育局，商请… / 写个请示，报市政府，申请…: the 文种 first, then who it goes to (the sentence
#: was read as "关于函给区教育局的通知", 2026-12-02). The organ must end as an organ's name does.
_ORGAN_END = r"(?:人民政府|政府|办公室|办公厅|局|厅|委|委员会|部|院|中心|学校|公司|街道|乡镇|区县|部门|单位)"
_RECIPIENT_AFTER = re.compile(
    r"^((?:请|麻烦|帮我|帮忙|我要|我想|需要|要)?(?:撰写|起草|草拟|拟写|拟制|写|拟|报送|呈报|报|发)(?:一下)?"
    r"(?:一篇|一份|一个|一则|篇|份|个)?(?:函|请示|报告|复函|通知|意见|通报|批复))[，,]?"
    r"(?:给|致|至|报送?(?:给|至)?|呈报|发(?:给|至)|送)([\u4e00-\u9fff]{1,20}?" + _ORGAN_END + r")"
    r"(?=[，,。；;]|$|关于|商请|申请|请求|恳请|请|就|要求)[，,]?")
#: "……的报告，报市人民政府" / "，主送各区县人民政府、市政府各部门": who it goes to, in a clause of its own at
#: the end (the name must end as an organ's does: "，报送后执行" names nobody).
_TRAILING_RECIPIENT = re.compile(
    r"[，,；;](?:主送(?:机关)?(?:为|是|：|:)?|(?:报送|呈报|上报|报)(?:给|至)?|(?:发|印发|下发)(?:给|至|(?=各|有关|全)))"
    r"((?:[\u4e00-\u9fff]{1,20}?(?:人民政府|政府|办公室|办公厅|局|厅|委|委员会|部|院|中心|乡镇|街道|区县|部门|单位)"
    r"[、，,]?)+?)[。.]?$")
#: 市政府 is written out in a 主送: 市人民政府 (the 人民 of a level of government is never left out).
_SHORT_GOVERNMENT = re.compile(r"^(.*(?:省|市|县|区|州|盟|旗|镇|乡))政府(办公室|办公厅)?$")
#: 通知各乡镇做好…: 通知 is the verb, 各乡镇 who is told, the rest the 事由.
_NOTIFY = re.compile(r"^(?:请|帮我)?通知((?:各|全市|全区|全县|有关)[\u4e00-\u9fff、]{1,20}?)"
                     r"(?=做好|加强|开展|认真|切实|进一步|抓好|落实|组织|按时|及时|报送|参加|学习)")
#: "请示：增加3名事业编制": the 文种, a colon, the 事由.
_TYPE_COLON = re.compile(r"^((?:写|起草|拟)?(?:一?[个份篇])?[\u4e00-\u9fff]{1,4})[：:]")
#: "以区政府办公室名义印发……": the sender, at the start of a clause.
_IN_THE_NAME = re.compile(r"^以([\u4e00-\u9fff]{2,20}?)的?名义(.{2,})$")
#: Relative years a clerk says and a title never keeps: 今年 → 2026年.
_RELATIVE_YEARS = (("今年", 0), ("本年度", 0), ("明年", 1), ("去年", -1))


def split_recipient(sentence: str) -> tuple[str, str]:
    """Return (the 主送机关 the sentence names before its verb, the sentence without it).

    "给市政府写个请示，申请拨付防汛经费" → ("市人民政府", "写个请示，申请拨付防汛经费"), also named in a
    last clause ("……的报告，报市政府"); ('', sentence) when none is named.
    """
    s = re.sub(r"\s", "", sentence or "")
    after = _RECIPIENT_AFTER.match(s)
    if after:  # 写一个函给区教育局，商请…  →  区教育局; 写一个函，商请…
        rest = s[after.end():]
        return full_organ_name(after.group(2)), after.group(1) + ("，" + rest if rest else "")
    m = _RECIPIENT.match(s)
    if not m:
        end = _TRAILING_RECIPIENT.search(s)  # "……的报告，报市人民政府"
        if end:
            names = [full_organ_name(n) for n in re.split(r"[、，,]", end.group(1).rstrip("、，,")) if n]
            return "、".join(names), s[:end.start()]
        return "", sentence
    return full_organ_name(m.group(2)), m.group(1) + s[m.end():]


def full_organ_name(name: str) -> str:
    """Return a government's name as a 主送 or 署名 writes it: 市政府 → 市人民政府, 区政府办公室 →
    区人民政府办公室 (the 人民 of a level of government is never left out).
    """
    short = _SHORT_GOVERNMENT.match(name)
    if short and "人民政府" not in name:
        return f"{short.group(1)}人民政府{short.group(2) or ''}"
    return name


def absolute_years(subject: str, today: dt.date) -> str:
    """Return the subject with 今年/明年/去年 written as years (a title says 2026年, never 今年)."""
    for word, delta in _RELATIVE_YEARS:
        subject = subject.replace(word, f"{today.year + delta}年")
    return subject


def kind_suffix(sentence: str, kind: str) -> str:
    """Return the attachment title's ending as the sentence names it (工作方案, 实施方案 …), or ``kind``."""
    for k in ATTACHMENT_KINDS:
        if k in sentence and _KIND_BASE.get(k, k) == kind:
            return k
    return kind


def check_sentence(sentence: str) -> None:
    """Raise PlanError unless the sentence names a subject a 公文 can be about."""
    han = re.sub(r"[^\u4e00-\u9fff]", "", sentence or "")
    if not han:
        raise PlanError("请用一句话说明要写什么公文，如：撰写一篇关于某某市新污染物治理工作方案")
    if len(han) < 4 or not _TOPIC.search(han):
        raise PlanError(f"无法从“{sentence.strip()[:30]}”看出要写什么公文：请写明事由和文种，"
                        "如“起草关于做好冬季森林防火工作的通知”")


def build_plan_frame(sentence: str, *, org: str = "", today: dt.date | None = None) -> Plan:
    """Return the plan's 文种, title, attachment title and a 主送 the sentence names, by rule (no outline)."""
    check_sentence(sentence)
    original = sentence.strip()
    to, sentence = split_recipient(sentence)
    bare = re.sub(r"\s", "", sentence)
    told = _NOTIFY.match(bare)
    if told and not to:  # 通知各乡镇做好……工作 → 主送 各乡镇, 关于做好……工作的通知
        to, sentence = told.group(1), bare[told.end():] + "的通知"
    sentence, named_org = main_clause(sentence)
    org = org or full_organ_name(named_org)
    doc_type, kind = infer_type(sentence)
    subject = absolute_years(infer_subject(sentence, doc_type, kind), today or dt.date.today())
    m = _ORG_PREFIX.match(subject)
    if m:  # "某某区关于申请防汛专项资金的请示": the sender before 关于 is the 发文机关, not part of the 事由
        org, subject = org or full_organ_name(m.group(1)), m.group(2)
    if doc_type == "请示":
        # 向市政府请示增拨…: not 关于请示增拨…的请示
        subject = re.sub(r"^请示(?=[\u4e00-\u9fff]{2})", "", subject)
    if len(re.sub(r"[^\u4e00-\u9fff]", "", subject)) < 2:
        raise PlanError(f"“{sentence.strip()[:30]}”没有写明事由：请说明是关于什么工作的{kind or doc_type}")
    if kind:
        # "做好……工作方案" is no 方案 title: the title names the work, not the verb of the request
        subject = re.sub(r"^印发", "", subject)  # "关于印发……方案的通知": the 方案 is what is drafted
        suffix = kind_suffix(sentence, kind)
        attachment = re.sub(r"^(?:做好|抓好|切实做好)", "", subject)
        attachment += "" if attachment.endswith(suffix) else suffix
        subject = subject[: -len(suffix)] if subject.endswith(suffix) else subject
        title = f"{org}关于印发{attachment}的通知"
        return Plan("通知", title, [], kind=kind, attachment_title=attachment, subject=subject, org=org,
                    to=to, ask=original)
    ending = f"的{doc_type}"
    if doc_type == "纪要" and subject.endswith("会议"):  # 关于研究老旧小区改造的专题会议纪要, not 会议的纪要
        ending = "纪要"
    if subject.endswith("的若干"):  # "……的若干意见": 若干 belongs to the 文种's name, not to the 事由
        subject, ending = subject[: -len("的若干")], f"的若干{doc_type}"
    return Plan(doc_type, f"{org}关于{subject}{ending}", [], subject=subject, org=org, to=to, ask=original)


def outline_messages(plan: Plan, tpl: dict, system: str, *, insist: bool = False) -> list[dict]:
    """Return the chat messages asking the model for an outline.

    The type's default sections are not shown as "the structure": given them, the 1.5B model copied them
    back (总体要求、主要任务、工作要求 for a 春耕 指南 and for a 放管服 分工方案: the two --ask outlines
    of the 2026-12-01 run that looked like a fallback). The headings must name the work of this document
    (no example headings either: the model copied "严格野外火源管控" into a 春耕 outline);
    ``insist`` is the second asking, after an outline of generic headings.
    """
    what = plan.attachment_title or plan.title
    subs = bool(tpl.get("subsections"))
    # a 报告 reports (开展情况, 问题, 打算): told to head each part with a task and that 总体要求 may come
    # first, the 1.5B gave a work report 一、总体要求 … 三、重点工作安排 (lead, 2026-12-02)
    first = "除第一部分可以是“总体要求”外，" if (tpl.get("sections") or [""])[0] == "总体要求" else ""
    task = tpl.get("outline") or (
        "列出4至5个一级标题，每个以“一、”“二、”等开头，4至12个字"
        + ("；每个一级标题下列2至4个二级标题，以“（一）”“（二）”等开头，6至15个字" if subs else "")
        + f"。{first}每个一级标题都用动宾短语写明本文这项工作的一项具体任务，"
          "不用“主要任务”“工作要求”“有关事项”这类通用标题")
    task += "。一级标题之间不重复，覆盖这份公文应有的内容。只输出提纲，不写正文。"
    if insist:
        task += f"提纲要围绕“{plan.subject or what}”的具体内容来拟。"
    user = f"为下面这份{plan.kind or plan.doc_type}拟写提纲。\n标题：{what}\n任务：{task}"
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


#: Headings that name no work of their own: an outline of these (or of the type's defaults) is asked again.
GENERIC_HEADINGS = {"总体要求", "主要任务", "重点任务", "工作要求", "有关要求", "保障措施", "组织实施",
                    "工作措施", "主要内容", "有关事项", "基本情况", "工作目标", "指导思想", "组织领导"}


#: Headings that are no part of a document at all: a 纪要's time, place and chair belong in its opening, a
#: 通报 does not head a part "what is reported" (the 1.5B's outlines of 2026-12-02). They are dropped; with
#: fewer than three sections left, the type's own parts are used.
EMPTY_HEADINGS = {"会议时间", "会议地点", "会议主持", "主持人", "参加人员", "出席人员", "列席人员",
                  "会议内容", "会议目的", "会议总结", "会议安排", "会议议题", "通报内容", "报告内容",
                  "表彰决定", "决定内容"}


#: Headings of a preamble or of the meeting itself, no part a document is divided into: the 1.5B outlined a
#: 纪要 会议背景/研究目的与任务/会议议定工作 (2026-12-02), the meeting's 议定事项 unnamed.
_PREAMBLE = re.compile(r"^(?:会议|研究|工作)?(?:背景|目的|意义|目的(?:与|和|及)(?:任务|意义)|"
                       r"背景(?:与|和|及)意义|议定工作|主要精神|精神)$")


def is_generic(sections: list[Section], tpl: dict) -> bool:
    """Return True when at most one heading of ``sections`` names the document's own work."""
    generic = GENERIC_HEADINGS | set(tpl.get("sections", []))
    return sum(s.heading not in generic for s in sections) <= 1


def repair_outline(sections: list[Section], tpl: dict, subject: str) -> list[Section]:
    """Keep 3–6 distinct, reasonable sections; sub-sections only where the type calls for them.

    Headings that are too long, repeat the title or each other are dropped; with fewer than three left
    the type's default sections are used instead.
    """
    subs_wanted = bool(tpl.get("subsections"))
    out: list[Section] = []
    seen: set[str] = set()
    for s in sections:
        h = s.heading
        if not (2 <= len(h) <= 20) or h in seen or (subject and subject in h and len(h) > len(subject) + 6):
            continue
        if h in EMPTY_HEADINGS or _PREAMBLE.match(h):
            continue
        if not re.search(r"[\u4e00-\u9fff]{2}", h):
            continue
        seen.add(h)
        subs = [x for x in dict.fromkeys(s.subs) if 2 <= len(x) <= 24 and x != h][:5] if subs_wanted else []
        out.append(Section(h, subs))
    out = out[:6]
    if len(out) < 3:
        out = [Section(h) for h in tpl.get("sections", [])]
    return out


class Planner:
    """Infers a plan from one sentence with a backend (the outline) and the templates (the frame)."""

    def __init__(self, backend: Backend | None, templates: dict, system: str) -> None:
        self.backend = backend
        self.templates = templates
        self.system = system

    def plan(self, sentence: str, *, org: str = "", on_token: Callable[[str, str], None] | None = None,
             cancel: threading.Event | None = None) -> Plan:
        """Return the plan for ``sentence`` (文种, title, attachment, outline).

        Raises:
            PlanError: the sentence is empty or says too little to draft from.
        """
        plan = build_plan_frame(sentence, org=org)
        tpl = self.templates.get(plan.kind or plan.doc_type, {})
        sections: list[Section] = []
        # a 请示 or 函 has no numbered headings: its parts (基本情况, 请示事项) are the template's, and a
        # model asked for "4 to 5 headings" gave a 请示 总体要求/具体任务/注意事项
        if self.backend is not None and tpl.get("numbered", True):
            for insist in (False, True):
                pieces = []
                sampling = Sampling(max_tokens=320 if tpl.get("subsections") else 200,
                                    temperature=0.5 if insist else 0.2, top_p=0.9, repeat_penalty=1.1)
                for piece in self.backend.stream(outline_messages(plan, tpl, self.system, insist=insist),
                                                 sampling, cancel):
                    pieces.append(piece)
                    if on_token:
                        on_token("提纲", piece)
                sections = parse_outline("".join(pieces))
                for s in sections:
                    s.note = ""  # lines between headings are the model's chatter, not the clerk's notes
                sections = repair_outline(sections, tpl, plan.subject)
                if not is_generic(sections, tpl) or (cancel is not None and cancel.is_set()):
                    break
        plan.sections = sections or repair_outline([], tpl, plan.subject)
        return plan
