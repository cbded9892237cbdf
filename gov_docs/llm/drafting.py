"""Drafting: the program builds the frame of a 公文, the model writes only the section bodies.

The frame comes from the document-type template (``resources/doctypes/templates.yaml``) and the clerk:
标题 (the clerk's, or 发文机关 + 关于 + 事由 + 文种), 发文字号 (only from the clerk), 主送机关, the opening
formula, the outline (一、 headings with （一） sub-sections where the type calls for them, from the
clerk's points, an outline inferred from one sentence, or the template's default sections), the fixed
closing, 附件说明, 署名 and 成文日期. A 方案/规划/办法 goes out as the attachment of a 印发通知: the
cover says so and the drafted text follows as the attachment.

For each section the model gets the title, the whole outline (so it does not repeat other sections),
the clerk's note for the section and 1–3 passages of real documents from the library (范文) as examples
of the register, with a length target from the template. Its output is cleaned into 公文 register
(:mod:`gov_docs.llm.cleaning`); a section that cannot be written is left as 【待补充：…】 and reported,
never filled with program-written sentences. Then the checks run and the unambiguous fixes are applied.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gov_docs.document.doctypes import DOC_TYPES
from gov_docs.document.model import Document, PageSetup, Paragraph, Role
from gov_docs.errors import GovDocsError
from gov_docs.llm.asks import (
    ASKING_OPENING,
    ASKING_TYPES,
    REQUEST_PART,
    ask_of,
    asking_opening,
    filter_roles,
    keep_roles,
    request_sentence,
)
from gov_docs.llm.backends import Backend, GenStats, ModelError, Sampling
from gov_docs.llm.cleaning import (
    MEASURE_VERB,
    PERSONA,
    PLACEHOLDER,
    SENTENCE,
    Cleaner,
    clean_section,
    echoes_title,
    names_heading,
    organ_of,
    renumber,
    self_name,
    to_fullwidth,
)
from gov_docs.llm.grounding import Passage, Retriever, exemplars
from gov_docs.llm.outline import CN_NUMS, Plan, Planner, Section, parse_outline
from gov_docs.text.han import han_bigrams, han_only
from gov_docs.text.headings import LIST_MARK, LOOSE_LEVEL1, LOOSE_LEVEL2_START, strip_typed_number

__all__ = ["CN_NUMS", "SYSTEM", "DraftError", "DraftRequest", "DraftResult", "Drafter", "clean_section",
           "has_repeated_sentences", "templates", "to_fullwidth", "today_cn"]

TokenFn = Callable[[str, str], None]  # (section name, text piece)
PreviewFn = Callable[[str], None]  # the cleaned draft text so far
#: Roughly how many characters of Chinese one token of the Qwen2.5 tokenizer carries.
CHARS_PER_TOKEN = 1.3


class DraftError(GovDocsError):
    """A drafting request cannot be served (unknown type, missing title …)."""


@functools.cache
def _templates(path: str, mtime: float) -> dict:
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DraftError(f"文种模板文件 {path} 无法读取：{exc}") from exc
    missing = [t for t in DOC_TYPES if t not in (data or {})]
    if missing:
        raise DraftError(f"文种模板文件 {path} 缺少：{'、'.join(missing)}")
    from gov_docs.llm.template_schema import validate_templates

    # Keys this version does not know are reported by `gov-docs rules validate`, not a reason to stop
    # drafting.
    problems = [str(e) for e in validate_templates(Path(path))[1] if not e.message.startswith("未知的键")]
    if problems:
        raise DraftError(f"文种模板文件 {path} 有误：\n" + "\n".join(problems[:5]))
    return data


def templates(path: Path | None = None) -> dict:
    """Return the templates of the 15 types and of the attachments (方案/规划/办法), cached by file mtime."""
    from gov_docs import paths

    path = path or paths.resources_dir() / "doctypes" / "templates.yaml"
    if not path.exists():
        raise DraftError(f"文种模板文件 {path} 不存在")
    return _templates(str(path), path.stat().st_mtime)


@dataclass
class DraftRequest:
    """What the clerk asks for.

    ``doc_type`` may be one of the 15 types or an attachment kind (方案/规划/办法): then the draft is a
    印发通知 with the text as its attachment (``attachment_title``, or the title when given as the
    attachment's). ``outline`` (sections with sub-sections and notes) wins over ``points`` (one heading
    each), which win over the template's default sections. ``exclude`` names library documents never to
    use as exemplars (the benchmark's own document).
    """

    doc_type: str
    title: str = ""
    subject: str = ""  # 事由, used when no title is given
    points: list[str] = field(default_factory=list)
    to: str = ""
    org: str = ""
    date: str = ""
    number: str = ""
    attachments: list[str] = field(default_factory=list)
    outline: list[Section] | None = None
    attachment_title: str = ""
    use_exemplars: bool = True
    exclude: list[str] = field(default_factory=list)
    ask: str = ""  # the clerk's one sentence: what a 函 or 请示 asks for is read from it and its title

    @classmethod
    def from_plan(cls, plan: Plan, **kw) -> DraftRequest:
        """Return the request for a plan inferred from one sentence (the clerk's fields in ``kw``)."""
        if plan.org and not kw.get("org"):
            kw["org"] = plan.org  # named in the sentence ("发文机关为……")
        if plan.to and not kw.get("to"):
            kw["to"] = plan.to  # named in the sentence ("给市政府写个请示")
        if plan.ask and not kw.get("ask"):
            kw["ask"] = plan.ask
        if plan.kind:
            return cls(plan.kind, title=plan.title, outline=plan.sections,
                       attachment_title=plan.attachment_title,
                       **kw)
        return cls(plan.doc_type, title=plan.title, outline=plan.sections, **kw)


@dataclass
class DraftResult:
    """The draft, what it drew on, what the checks still say, and generation figures.

    ``exemplars`` maps each section heading (and "开头") to the passages shown to the model; ``sources``
    are their documents, once each. ``gaps`` are the headings left as 【待补充】; ``error`` is the
    message when the model failed mid-draft (the sections written before it are kept).
    """

    document: Document
    sources: list[Passage]
    findings: list
    fixed: list
    stats: GenStats
    cancelled: bool = False
    exemplars: dict[str, list[Passage]] = field(default_factory=dict)
    gaps: list[str] = field(default_factory=list)
    error: str = ""
    first_text_s: float = 0.0
    seconds: float = 0.0


def missing_addressee(doc_type: str, to: str) -> str:
    """Return why a ``doc_type`` draft needs a 主送机关 ('' when ``to`` is given or none is needed).

    One message for the drafter, the CLI and the window; each front end adds where to fill it in.
    """
    tpl = templates().get(doc_type, {})
    if to.strip() or not tpl.get("addressee", {}).get("required"):
        return ""
    return f"{tpl.get('issued_by') or doc_type}须写明主送机关（如：{tpl['addressee'].get('hint', '')}）"


def today_cn(today: dt.date | None = None) -> str:
    """Return a date as 2026年11月22日 (GB/T 9704: Arabic numerals, no leading zeros)."""
    d = today or dt.date.today()
    return f"{d.year}年{d.month}月{d.day}日"


def blank_frame(doc_type: str, tpl: dict | None = None, title: str = "") -> str:
    """Return the text of an empty document of ``doc_type`` from its template, ×× where the clerk fills in.

    Title, 主送机关 (when the type needs one), the opening, the sections (numbered 一、二、 when the type
    numbers them), the closing, 署名 and today's date: the frame 按文种新建 opens and the templates'
    self-test examples check.
    """
    tpl = tpl if tpl is not None else templates()[doc_type]
    # every prompt is a 【此处填写…】 the checker knows as unfilled (format.unfilled-placeholders), so the
    # frame is not checked as if the prompt were text (a 请示's hint read as two 主送机关)
    lines = [title or f"××××关于××××的{doc_type}"]
    if tpl.get("addressee", {}).get("required"):
        hint = tpl["addressee"].get("hint")
        lines.append(f"【此处填写主送机关{'：' + hint if hint else ''}】：")
    lines.append("【此处填写缘由】" + tpl.get("opening", ""))
    for i, section in enumerate(tpl.get("sections", [])):
        if tpl.get("numbered", True):
            lines.append(f"{'一二三四五六七八九十'[i]}、{section}")
        lines.append(f"【此处填写{section}】")
    if tpl.get("closing"):
        lines.append(tpl["closing"])
    lines += ["××××", today_cn()]
    return "\n".join(lines)


def build_title(req: DraftRequest) -> str:
    """Return the clerk's title, or 发文机关 + 关于 + 事由 + 文种."""
    if req.title.strip():
        return req.title.strip()
    if not req.subject.strip():
        raise DraftError("请填写标题，或填写事由以生成标题")
    subject = req.subject.strip()
    subject = subject[2:] if subject.startswith("关于") else subject
    return f"{req.org.strip()}关于{subject}的{req.doc_type}"


def subject_of(title: str) -> str:
    """Return the 事由 of a title ("某某市人民政府关于做好X工作的通知" → "做好X工作")."""
    t = re.sub(r"^.*?关于(?:印发)?", "", title)
    t = re.sub(
        r"的(?:通知|意见|报告|请示|函|批复|决定|通报|公告|通告|议案|决议|纪要|命令|公报|复函|指导意见|实施意"
        r"见)$", "", t)
    return t or title


def has_repeated_sentences(doc: Document, threshold: float = 0.8) -> bool:
    """Return True when two body sentences of ``doc`` share ≥ ``threshold`` of their character bigrams."""
    seen: list[set[str]] = []
    for p in doc.paragraphs:
        if p.role is not Role.BODY:
            continue
        for sent in SENTENCE.findall(p.text):
            grams = han_bigrams(sent)
            if len(grams) < 4:
                continue
            if any(len(grams & g) / len(grams) >= threshold for g in seen):
                return True
            seen.append(grams)
    return False


# -- prompts --------------------------------------------------------------------------------------
SYSTEM = ("你是党政机关办公室的资深文字秘书，熟悉《党政机关公文处理工作条例》和GB/T 9704-2012。"
          "只输出要求的那一部分正文，使用规范、庄重、简洁的公文书面语，以机关名义行文，不用“我”“我们”；"
          "不写标题和序号，不用Markdown，不用“首先、其次、此外、最后”串联；"
          "不编造数字、日期、文号和文件名称，需要时写“××”。")


def _refs(passages: list[Passage]) -> str:
    if not passages:
        return ""
    return (
        "参考范文（真实公文中的段落，学习其写法和用语，结合本文主题改写，不照抄，不用其中的数字、日期、"
        "地名和文件名称）：\n"
            + "\n".join(f"范文{i}：{p.text[:260]}" for i, p in enumerate(passages, 1)) + "\n")


def _head(req: DraftRequest, title: str, tpl: dict, sections: list[Section]) -> str:
    """Return the part of every prompt that is the same for all sections (llama.cpp reuses its evaluation)."""
    outline = "；".join(f"{CN_NUMS[i] if i < len(CN_NUMS) else i + 1}、{s.heading}" for i,
                       s in enumerate(sections))
    what = (f"《{req.attachment_title}》（{req.doc_type}）" if req.attachment_title
            else f"{title}（{req.doc_type}）")
    return (f"公文：{what}，{tpl.get('direction', '')}\n写作要求：{tpl.get('guidance', '')}\n"
            + (f"全文提纲：{outline}\n" if outline else ""))


def opening_prompt(req: DraftRequest, title: str, tpl: dict, sections: list[Section], refs: list[Passage],
                   chars: int, *, asking: bool = False) -> list[dict]:
    """Return the chat messages for the opening paragraph: the 缘由 (purpose and basis) before the formula.

    An asking document (``asking``: a 请示, a 函 that asks) is told its own task: the need, not the request
    (:data:`ASKING_OPENING`).
    """
    what = "本" + req.doc_type
    task = (f"写开头的缘由段，一至两句话、约{chars}字，讲清为什么制发{what}：先写目的（以“为”开头），"
            "再写依据或背景（如“根据……”“按照……部署”“针对……”）；"
            "不写具体措施，不写“现将……如下”，不重复标题，不出现“的" + req.doc_type + "”。")
    if req.doc_type in OPENING_TASKS:
        task = (f"写开头一段，一至两句话、约{chars}字，{OPENING_TASKS[req.doc_type]}；"
                "不写“现将……如下”，不重复标题。")
    if asking:
        task = ASKING_OPENING.format(chars=chars)
    user = _head(req, title, tpl, sections) + _opening_refs(refs) + f"任务：{task}"
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


#: A 范文 sentence that is a 缘由 ("为……，根据……"): the only kind worth showing for the opening.
_REASON_START = re.compile(r"^(?:为|根据|按照|依据|近年来|当前|目前)")


def _opening_refs(refs: list[Passage], limit: int = 100) -> str:
    """Return the 范文 part of the opening's prompt: the first 缘由 sentence among ``refs``, or nothing.

    The opening's prompt is evaluated before the first text appears, and its 范文 was most of it that
    varies: for the 通知 g0193 a 119-token "现将《……总体方案》……印发给你们" of 393 tokens, a formula the
    program writes itself, no 缘由. A passage that opens with one gives its first sentence (≤ ``limit``
    characters); none gives nothing.
    """
    for p in refs:
        first = SENTENCE.findall(p.text.strip())[:1]
        if first and _REASON_START.match(first[0]) and len(first[0]) <= limit:
            return _refs([dataclasses.replace(p, text=first[0])])
    return ""


#: The opening of a document that reports or records is no purpose ("为……"): told to write one, the 1.5B's
#: 报告 opened "自××××年××月起，……全面加强了……。通过定期召开安全会议，现将有关情况报告如下" (2026-12-02).
#: Given "××××年，在……的领导下" as the example, it wrote "在××××年，在市委、市政府的领导下，……".
OPENING_TASKS = {
    "报告": "概括所报工作的总体情况：在什么部署或要求下（如“在……的坚强领导下”“根据……的要求”），"
            "围绕什么开展了哪些方面的工作，总体成效如何，不写具体措施和数字",
    "纪要": "写会议的基本情况：××××年××月××日，谁主持召开什么会议，研究什么事项，哪些单位参加；"
            "日期和人名写“××”",
}


def _others(sections: list[Section], index: int) -> str:
    names = "、".join(f"“{s.heading}”" for k, s in enumerate(sections) if k != index)
    return f"{names}是其他部分，由别处写，它们的内容这里不写，也不总结、不重复。" if names else ""


def section_prompt(req: DraftRequest, title: str, tpl: dict, sections: list[Section], index: int,
                   refs: list[Passage], chars: int, own_subs: int = 0) -> list[dict]:
    """Return the chat messages for the body of section ``index`` (with its sub-sections, if any).

    The prompt names the other sections as not this one's business, and asks for an explicit length.
    With ``own_subs`` (a type that calls for （一）（二） and an outline without them) the model divides
    the section into that many sub-sections with headings of its own.
    """
    s = sections[index]
    note = f"办文人对这一部分的要求：{s.note}。" if s.note else ""
    if own_subs and not s.subs:
        per = max(120, chars // own_subs)
        task = (f"写“{s.heading}”这一部分。{note}把这一部分分为{own_subs}个小节，每个小节另起一行，"
                "以“（一）”“（二）”等序号开头，接着是6至14字、概括本小节措施的标题和句号，"
                f"标题后接着写{max(3, per // 50)}句左右、约{per}字的具体措施，"
                "讲清做什么、谁来做、怎么做。各小节写不同的措施，不互相重复。")
    elif s.subs:
        subs = "".join(f"（{CN_NUMS[k] if k < len(CN_NUMS) else k + 1}）{x}" for k, x in enumerate(s.subs))
        per = max(60, chars // len(s.subs))
        task = (f"写“{s.heading}”这一部分。{note}这一部分分为{len(s.subs)}个小节：{subs}。"
                f"按顺序每个小节写一段，每段以小节序号和标题开头，接着写{max(3, per // 50)}句左右、"
                f"约{per}字的具体措施，"
                "讲清做什么、谁来做、怎么做。")
    elif (req.doc_type, s.heading) in LETTER_TASKS:
        task = (f"写“{s.heading}”这一部分的正文，一段，约{chars}字、{max(3, chars // 50)}句左右。{note}"
                + LETTER_TASKS[(req.doc_type, s.heading)] + "。不写“申请日期”“申请内容”这类标签。")
    else:
        task = (f"写“{s.heading}”这一部分的正文，一段，约{chars}字、{max(4, chars // 50)}句左右，"
                f"{note}每句写一项具体措施或要求，讲清做什么、谁来做、怎么做、达到什么要求。")
    task += "只写这一部分，不写开场白和总结句。" + _others(sections, index)
    user = _head(req, title, tpl, sections) + _refs(refs) + f"任务：{task}"
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


#: The parts of a 请示 or 函 are no lists of measures: asked for "做什么、谁来做、怎么做", the 1.5B wrote a
#: 请示's 请示事项 as orders to the superior (请根据实际情况编制预算…) under labels (申请日期。申请内容。).
LETTER_TASKS = {
    ("请示", "基本情况"): "写请示的缘由：目前的情况、面临的困难或需要，为什么需要上级批准或支持，用陈述句",
    ("请示", "请示事项"): "写请求上级批准或解决的一个具体事项：请求什么，数额、用途和时限"
                      "只用标题和办文人给出的，其余写“××”；再写资金或事项到位后的具体安排。"
                      "语气谦敬，用“拟”“恳请”“请予”，不给上级布置工作",
    ("函", "有关情况"): "写发函的缘由和有关情况，开门见山",
    ("函", "商洽事项"): "写请对方帮助解决的具体问题和建议的解决办法，语气平和有礼",
    ("复函", "答复意见"): "先明确答复是否同意，再写同意的范围或不同意的理由",
}


#: How the customary sub-sections of a 总体要求 are written (``standard_subs`` in the templates): they are
#: no measures, and a model asked for measures there writes the other sections' ones.
STANDARD_TASKS = {
    "指导思想": "写指导思想，一段：以什么为指导，坚持什么，围绕什么，着力做什么，达到什么目的",
    "基本原则": "写三至四条基本原则，每条以“坚持……。”这样的四至八字原则名开头，后接一两句说明",
    "主要目标": "写主要目标：到××年要建成什么、形成什么、提高什么，年份和数字写“××”，不编造数字",
}


#: A 一级 heading that is itself one or more customary parts of a 总体要求 ("指导思想", "原则目标",
#: "基本原则和工作目标"): 25 of the corpus' 600 documents have one (一、指导思想 5, 二、基本原则 3, …).
_CUSTOMARY = re.compile(
    r"(?:指导思想|基本原则|工作原则|原则|主要目标|总体目标|工作目标|发展目标|目标|和|、|及)+")


def customary_parts(heading: str) -> list[str]:
    """Return the customary parts a 一级 heading names ("原则目标" → 基本原则, 主要目标), else [].

    Such a section is no list of measures: asked for its measures (and sub-sections of its own), the 1.5B
    wrote a 指导思想 of measures and a 原则目标 of measures naming the other sections, all cut (held-out
    g0362). Each part is written in its form, as those of a 总体要求 are.
    """
    if not _CUSTOMARY.fullmatch(heading.strip()):
        return []
    return [part for key, part in (("思想", "指导思想"), ("原则", "基本原则"), ("目标", "主要目标"))
            if key in heading]


def subheadings_prompt(req: DraftRequest, title: str, tpl: dict, sections: list[Section], index: int,
                       n: int) -> list[dict]:
    """Return the chat messages asking for the ``n`` （一）（二） headings of section ``index``.

    The real 意见 and 方案 divide each section into 3–6 sub-sections of 300–500 characters; asked to write
    a whole section with its own sub-sections in one go, the model wrote one or two short ones. With the
    headings first, each sub-section is then written on its own (:func:`subsection_prompt`).
    """
    s = sections[index]
    note = f"办文人对这一部分的要求：{s.note}。" if s.note else ""
    task = (f"为“{s.heading}”这一部分拟{n}个小节标题。{note}每行一个，以（一）（二）编号，每个6至12字，"
            "动宾结构，以动词开头，各概括一项不同的具体任务或措施，不写正文。"
            + _others(sections, index))
    user = _head(req, title, tpl, sections) + f"任务：{task}"
    # the answer is started with the first number: asked plainly, the 1.5B wrote the whole outline on
    # one line ("一、总体要求：明确改革目标……；二、……", g0183) or a list of measures
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user},
            {"role": "assistant", "content": "（一）"}]


def parse_subheadings(raw: str, section: str = "") -> list[str]:
    """Return the sub-headings of the model's list ("（一）加强组织领导。" → "加强组织领导").

    A line that is not a short heading of Chinese only (a sentence, a heading with a comma) is not one.
    A first clause that is the ``section``'s own heading is no sub-heading: the clause after it is
    ("赋予更大改革自主权，深化体制机制创新", "加快构建现代加工流通体系，推动全产业链发展").
    """
    heads: list[str] = []
    # "……发展（二）提升农产品加工质量，……（三）……" (g0338): the list on one line
    raw = re.sub(r"(?<=[^\n])([（(][一二三四五六七八九十]{1,2}[）)])", r"\n\1", raw.replace("\r", ""))
    for line in raw.split("\n"):
        text = re.sub(r"\*\*|#+\s*|^[-•·*]\s*", "", line.strip())
        text = LIST_MARK.sub("", text, count=1)  # （一） 一、 1. （1） 第一，
        # "加强风险预警机制建设，提高预警准确性和及时性": the first clause is the heading
        clauses = [c.strip() for c in re.split(r"[：:，,。；;]", text)]
        text = clauses[0]
        if section and len(clauses) > 1 and clauses[1] and _names(text, section):
            text = clauses[1]
        # "要加大财政投入力度" is a heading without its 要; "为加快……的发展" (a purpose) and
        # "要制定和完善相关" (cut off) are none (g0373, g0204)
        text = text[1:] if text.startswith("要") else text
        # "在国家西部大开发战略框架内", "根据国家政策要求" (g0218): a circumstance, no task
        if re.match(r"为|以|通过|在|对|按照|根据|围绕|针对|随着|关于|依据|结合", text) or text.endswith(
                ("的", "相关", "和", "及", "与", "等")):
            continue
        if 4 <= len(text) <= 16 and han_only(text) == text and text not in heads:
            heads.append(text)
    return heads


def _names(head: str, heading: str) -> bool:
    a, b = han_only(head), han_only(heading)
    return bool(a and b) and (b in a or a in b or names_heading(head, heading)
                              or names_heading(heading, head))


def _is_own(label: str, heading: str) -> bool:
    """Return True when a heading of the model's answer is ``heading`` itself, perhaps with another verb of
    doing: "强化人口监测与分析" for 加强人口监测与分析 (held-out g0394), "推动标准化屠宰和加工" for 推进标准化
    屠宰和加工 (g0338) — its text was taken for no part's and cut.
    """
    if _names(label, heading):
        return True
    a, b = MEASURE_VERB.sub("", han_only(label)), MEASURE_VERB.sub("", han_only(heading))
    return len(a) >= 4 and len(b) >= 4 and _names(a, b)


#: How the answer of a customary sub-section starts: the model goes on from these words (its 基本原则 were
#: measures, its 主要目标 a list of measures, when it chose the start itself: g0218, g0373, g0183).
STANDARD_LEADS = {"基本原则": "坚持", "主要目标": "到××××年，"}
#: The characters of a customary sub-section (the corpus' 意见 and 方案: 指导思想 150–300, 基本原则 300–500,
#: 主要目标 150–350); more would be measures.
STANDARD_CHARS = {"指导思想": 260, "基本原则": 420, "主要目标": 300}


#: A sentence that is a measure, not a goal ("加强……", "推动……"): a 主要目标 ends before it.
_MEASURE_START = re.compile(r"^(?:要|加强|加快|加大|推动|推进|建立|健全|完善|强化|优化|促进|鼓励|支持|引导|"
                            r"实施|开展|制定|深化|落实|提升|提高|扩大|规范|创新|培育|发展|坚持|通过)")


def standard_form(sub: str, body: str) -> str:
    """Return a customary sub-section's text in its form, without the measures the model ran on into.

    基本原则 are "坚持……。" sentences, each with at most two sentences saying what it means: after those, a
    run of other sentences is measures ("坚持创新驱动……的原则，……。推进金融开放，深化金融领域改革。推动
    基础设施建设……" g0218) and goes. A 主要目标 says what is reached by when: from its first sentence that
    is a measure ("加强天然气基础设施建设，……" g0183) on, the text goes. Other sub-sections are returned as
    they are.
    """
    sentences = SENTENCE.findall(body)
    kept: list[str] = []
    if sub == "基本原则":
        since = 99
        for sent in sentences:
            since = 0 if sent.startswith("坚持") else since + 1
            if since > 2:
                break
            kept.append(sent)
    elif sub == "主要目标":
        for k, sent in enumerate(sentences):
            if k and _MEASURE_START.match(sent):
                break
            kept.append(sent)
    else:
        return body
    return "".join(kept)


def _part_start(line: str) -> str | None:
    """Return the heading of a line that starts a part ("（二）……", "二、……", "### ……"), else None."""
    text = re.sub(r"^\s*(?:#{1,6}\s*)?(?:\*\*)?", "", line)
    if m := LOOSE_LEVEL2_START.match(text):
        return re.split(r"[。：:，,*]", text[m.end():], maxsplit=1)[0]
    if m := LOOSE_LEVEL1.match(text):
        return re.split(r"[。：:，,*]", m.group(2), maxsplit=1)[0]
    if re.match(r"^\s*#", line):
        return re.sub(r"[#*\s：:]", "", line)
    return None


def section_part(raw: str, own: str, others: tuple[str, ...]) -> tuple[str, bool]:
    """Return the text of the model's answer for section ``own``, and whether the model went past it.

    Asked for section 一 of a 通知, the 1.5B wrote the whole outline ("二、高度重视复制推广工作 ……三、切实做好
    组织实施 ……", g0193), and the other sections' measures ran into section 一. A level-1 part or a Markdown
    heading that is not the section's own ends it once the section has text of its own (before any
    heading, or under its own heading); its own （一）（二） do not. Text under another section's heading,
    or under a （二） named after another section, is not its own; with no text of its own at all, the
    whole answer is returned (the cleaning cuts what names other sections).
    """
    kept: list[str] = []
    state = "own"
    for line in raw.split("\n"):
        head = _part_start(line)
        if head is not None and han_only(head):
            if _names(head, own):
                state = "own"
                continue
            text = re.sub(r"^\s*(?:\*\*)?", "", line)
            if line.lstrip().startswith("#") or LOOSE_LEVEL1.match(text):
                if any(han_only(x) for x in kept):
                    return "\n".join(kept).rstrip(), True
                state = "other"
                continue
            # a （二） named after another section is that section's business; the next （三） may be its own
            state = "other" if any(_names(head, o) for o in others) else "own"
        if state == "own":
            kept.append(line)
    return ("\n".join(kept) if any(han_only(x) for x in kept) else raw).rstrip(), False


@dataclass
class _Block:
    """A heading or labelled item of the model's answer, with the lines under it (:func:`answer_blocks`)."""

    rank: tuple[int, int]  # lower is higher in the outline; the lead text before any heading is (-1, 0)
    label: str  # the heading's words, or an item's label ("**完善风险预警机制**：……" → 完善风险预警机制)
    lines: list[str]  # the item's own line (a heading alone has none), then the text lines under it


_MD_HEADING = re.compile(r"^(#{1,6})\s*(.*)$")
_BOLD_START = re.compile(r"^\*\*([^*]{2,40}?)\*\*\s*[：:]?\s*(.*)$")
_TEXT_LABEL = re.compile(r"^([\u4e00-\u9fff、“”]{2,16})[：:]\s*(.*)$")
_NUMBERED = re.compile(r"^(?:\d{1,2}[.、．)]|[（(]\d{1,2}[）)])\s*(.*)$")
_BULLET = re.compile(r"^([-*•·])\s+(.*)$")


def _label(rest: str, *, bare: bool) -> tuple[str, bool]:
    """Return the label of the words after a line's mark, and whether the line is a heading alone.

    "**完善风险预警机制**：建立……" → (完善风险预警机制, False); "加强队伍建设" → (加强队伍建设, True);
    a list item without a label ("加强各级机构建设，确保……") has none unless ``bare`` (一、 and （一） lines
    name their first clause).
    """
    if m := _BOLD_START.match(rest):
        return m.group(1).strip().rstrip("。：:，, "), not m.group(2).strip()
    plain = rest.replace("**", "").strip().rstrip("：:")
    if plain and len(plain) <= 30 and not re.search(r"[。，,；;！？]", plain):
        return plain, True
    if m := _TEXT_LABEL.match(plain):
        return m.group(1), not m.group(2).strip()
    if bare:
        return re.split(r"[。：:，,；;]", plain, maxsplit=1)[0], False
    return "", False


def answer_blocks(raw: str) -> list[_Block]:
    """Return the model's answer as an outline: the lead text, then one block per heading or labelled item.

    Markdown headings rank by their #s, above everything else; the other kinds of line (一、, （一）, 1., -,
    a bold line, "标签：", a short line of words alone) rank in the order they first appear, as a reader
    takes an outline whose levels are not declared: "### 二、进一步拓宽落户通道 / 1. **优化户籍管理流程**：……"
    is a section with its items. A numbered or bulleted line without a label is text of the block it is in.
    """
    blocks = [_Block((-1, 0), "", [])]
    order: list[str] = []
    for line in raw.replace("\r", "").split("\n"):
        text = line.strip()
        if not text:
            continue
        indent = len(line) - len(line.lstrip())
        style, rest, bare = "", text, False
        if m := _MD_HEADING.match(text):
            style, rest = f"#{len(m.group(1))}", LIST_MARK.sub("", m.group(2), count=1)
        elif m := LOOSE_LEVEL1.match(text):
            style, rest, bare = "一", m.group(2), True
        elif m := LOOSE_LEVEL2_START.match(text):
            style, rest, bare = "（一）", text[m.end():], True
        elif m := _NUMBERED.match(text):
            style, rest = f"1.{indent // 2}", m.group(1)
        elif m := _BULLET.match(text):
            style, rest = f"-{indent // 2}", m.group(2)
        elif _BOLD_START.match(text):
            style = "**"
        elif (m := _TEXT_LABEL.match(text)) and not re.search(r"如下|包括|以下|主要有", m.group(1)):
            style = "："
        elif 4 <= len(text) <= 24 and han_only(text) == text:
            style = "words"
        label, alone = _label(rest, bare=bare) if style else ("", False)
        if not label or not han_only(label):
            blocks[-1].lines.append(text)
            continue
        if style.startswith("#"):
            rank = (0, len(style))
        else:
            if style not in order:
                order.append(style)
            rank = (1, order.index(style))
        blocks.append(_Block(rank, label, [] if alone else [text]))
    return blocks


def _under(blocks: list[_Block], k: int) -> int:
    """Return the index of the first block after ``k`` that is not under it (its next sibling or higher)."""
    return next((j for j in range(k + 1, len(blocks)) if blocks[j].rank <= blocks[k].rank), len(blocks))


def _without(blocks: list[_Block], others: list[str]) -> list[str]:
    """Return the lines of ``blocks`` without those under a heading naming one of ``others``."""
    out: list[str] = []
    k = 0
    while k < len(blocks):
        if blocks[k].label and any(_names(blocks[k].label, o) for o in others):
            k = _under(blocks, k)
            continue
        out += blocks[k].lines
        k += 1
    return out


def _own_end(blocks: list[_Block], k: int, others: list[str], *, whole: bool = False) -> int:
    """Return the index of the first block after ``k`` that is no longer part of block ``k``'s own part.

    A part of a higher rank ends it, and so does one of the same rank that is a heading alone or names
    another part (``others``); an item of the same rank with its own text goes on with it: in a continue
    turn, "（二）加强随机抽查。各相关部门要…… （三）强化监督和评估。各相关部门要……" (g0200) is the model
    adding its next measure. With ``whole`` (block ``k`` is the section's heading) every part of its rank
    ends it.
    """
    rank = blocks[k].rank
    for j in range(k + 1, len(blocks)):
        b = blocks[j]
        if b.rank < rank or (b.rank == rank and (whole or not b.lines or any(_names(b.label, o)
                                                                           for o in others))):
            return j
    return len(blocks)


def _own_parts(blocks: list[_Block], name: str, others: list[str], whole: bool,
               section: str = "") -> list[tuple[int, int]]:
    """Return (start, end) of the parts of ``blocks`` under a heading or label naming ``name``.

    A sub-section's heading with another verb is its own (:func:`_is_own`), but not its ``section``'s
    heading ("建立健全动物防疫体系" is no "完善动物防疫体系").
    """
    spans = []
    k = 1
    while k < len(blocks):
        label = blocks[k].label
        if _names(label, name) or (_is_own(label, name) and not (section and _names(label, section))):
            end = _own_end(blocks, k, others, whole=whole)
            spans.append((k, end))
            k = end
        else:
            k += 1
    return spans


def own_block(raw: str, heading: str, others: list[str], section: str = "") -> str:
    r"""Return the part of a sub-section's answer that is its own.

    Asked for one sub-section, the 1.5B often wrote the whole document again, in Markdown or as an outline
    ("### 一、总体要求 …… ### 二、工作任务 #### 完善风险预警机制 1. …… #### 提升商品检验司的工作 ……", g0270;
    "一、总体要求 …… 二、夯实监管责任 \n 落实放管结合……", g0200). Read as an outline (:func:`answer_blocks`):
    the text under the sub-section's own heading or label (every time it comes) is the answer; without
    one, the text under its ``section``'s heading; less, in both, what is under another sub-section's or
    section's (``others``). Without either, all of it but what is under the others' headings.
    """
    blocks = answer_blocks(raw)
    if len(blocks) == 1:
        return raw
    for name in (heading, section):
        if not name:
            continue
        rest = [o for o in others if o != name]
        lines: list[str] = []
        for k, end in _own_parts(blocks, name, rest, whole=name == section, section=section):
            b = blocks[k]
            own = b.lines[:1]
            if own:  # "1. **完善风险预警机制**：建立……" → "建立……"
                words = LIST_MARK.sub("", re.sub(r"^#+\s*|\*\*", "", own[0]), count=1)
                own = [words[len(b.label):].lstrip("。：:，,；; ") if words.startswith(b.label) else own[0]]
            lines += own + b.lines[1:] + _without(blocks[k + 1:end], rest)
        if any(han_only(x) for x in lines):
            return "\n".join(lines)
    return "\n".join(_without(blocks, others))


def _without_next(raw: str, ended: Callable[[str], bool] | None) -> str:
    r"""Return an answer stopped where another part began without that beginning (its last line).

    It is what the next turn follows: an answer ending "……有序进行。\n\n二、" makes the 1.5B go on with
    "三、", an answer that is only "一、总体要求" with the outline.
    """
    if ended is None or not ended(raw):
        return raw
    return "\n".join(raw.rstrip("\n").split("\n")[:-1]).rstrip()


def past_own(raw: str, heading: str, section: str, others: tuple[str, ...] = ()) -> bool:
    """Return True when an answer being written has gone past its sub-section's own part.

    Once the text under the sub-section's heading (or, without one yet, its section's) has a line and the
    part ends (:func:`_own_end`: the next section, a sibling's heading), or once text before any heading
    is followed by a heading naming one of ``others``, all that follows is other parts' business, and the
    generation can stop (:func:`own_block` would drop it). A heading of a higher rank counts as soon as its
    mark is there ("二、" after the （一） being written); one of the same rank once its words are
    complete (is "（三）强化" a sibling's heading or the model's next measure?).
    """
    head, _, last = raw.rpartition("\n")
    mark = re.match(r"\s*(?:#{1,6}\s*|[-*•·]\s+|\d{1,2}[.、．)]\s*|[（(][一二三四五六七八九十\d]{1,3}[）)]\s*"
                    r"|[一二三四五六七八九十]{1,3}[、.．]\s*)", last)
    pending = bool(head and mark and not re.search(r"[。：:，,；;]", last[mark.end():]))
    if head and not mark:
        raw = head  # a line of words being written may yet turn out a sentence, not a heading
    elif pending:
        raw = f"{head}\n{last[:mark.end()]}标题"  # its words are to come; its rank is known
    blocks = answer_blocks(raw)
    if pending and len(blocks) > 1 and blocks[-1].label != "标题":
        pending = False  # the mark was no heading's (a number in a sentence)
    for name in (heading, section):
        rest = [o for o in others if o != name]
        for k, end in _own_parts(blocks, name, rest, whole=name == section, section=section):
            if any(han_only(x) for c in blocks[k:end] for x in c.lines):
                if end == len(blocks):
                    return False
                return not (pending and end == len(blocks) - 1 and blocks[end].rank >= blocks[k].rank
                            and name != section)
    body = blocks[:-1] if pending else blocks
    return bool(any(han_only(x) for x in blocks[0].lines) and any(
        _names(b.label, o) for b in body[1:] for o in others))


def restarts(raw: str, others: tuple[str, ...]) -> bool:
    r"""Return True when the model's answer for a section or sub-section starts the document over.

    Asked for one sub-section, the 1.5B often began again from the top: "一、总体要求\n加强和规范事中
    事后监管，是……" or "总体要求：……" (g0200: the first call of five of its sub-sections, 200–440
    characters each, all of it cut as other sections' business); asked for a section of a 通知, with the
    title line ("**……关于做好今冬明春森林防火工作的通知**", then 主送 and 缘由). Decided on the
    first line once it is complete: a level-1 heading, a Markdown heading or a label naming another
    section (``others``), or the title. A list of measures numbered 一、二、 is no restart.
    """
    lines = raw.lstrip().split("\n", 1)
    if len(lines) < 2:
        return False  # the first line is not complete yet
    first = re.sub(r"^\s*(?:#{1,6}\s*)?(?:\*\*)?", "", lines[0]).strip()
    if re.search(r"关于.{2,60}(?:通知|意见|方案|报告|函)(?:（[^）]{1,8}）)?\**$", first):
        return True  # the title again
    if m := LOOSE_LEVEL1.match(first):
        head = re.split(r"[。：:，,*]", m.group(2), maxsplit=1)[0]
    else:  # a heading line ("夯实监管责任") or a label ("总体要求：……"), not a sentence
        head = re.split(r"[：:*]", first, maxsplit=1)[0]
        if re.search(r"[，,。；]", head):
            return False
    return bool(han_only(head)) and any(_names(head, o) for o in others)


def subsection_prompt(req: DraftRequest, title: str, tpl: dict, sections: list[Section], index: int,
                      subs: list[str], k: int, refs: list[Passage], chars: int) -> list[dict]:
    """Return the chat messages for sub-section ``k`` of section ``index`` alone.

    The prompt names the section's other sub-sections and the other sections as not this one's business:
    each is written in its own call, and a sub-section left to itself runs through its siblings' measures.
    """
    s = sections[index]
    sub = subs[k]
    note = f"办文人对这一部分的要求：{s.note}。" if s.note else ""
    how = STANDARD_TASKS.get(sub) or (f"写{max(4, chars // 60)}句左右、约{chars}字的具体措施，一段，"
                                      "每句写一项新的措施，讲清做什么、谁来做、怎么做")
    siblings = "、".join(f"“{x}”" for j, x in enumerate(subs) if j != k)
    what = f"“{sub}”这一部分" if sub == s.heading else f"“{s.heading}”部分中“{sub}”这一小节"
    task = (f"写{what}的正文。{note}{how}。直接从正文第一句写起，"
            "不写小节标题，不写“一、”“二、”等各部分的标题和提纲，不分条列项。"
            "只写这一小节，不写开场白和总结句。"
            + (f"本部分的{siblings}是其他小节，另有专门段落，它们的内容这里不写。" if siblings else "")
            + _others(sections, index))
    user = _head(req, title, tpl, sections) + _refs(refs) + f"任务：{task}"
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


def continue_messages(messages: list[dict], raw: str, more: int, heading: str = "",
                      others: str = "", kept: str = "") -> list[dict]:
    """Return the messages asking the model to go on with a section it left short (about ``more`` characters).

    The turn names the section again and the other sections as not its business: a continuation left to
    itself drifts into the next sections' measures. With ``kept`` (the section's clean text so far) it also
    names the measures the section has (:func:`said_measures`): told only "不重复", the 1.5B wrote the same
    measures again in other words, and the cleaning cut them.
    """
    what = f"“{heading}”这一部分" if heading else "这一部分"
    have = said_measures(kept)
    have = f"这一部分已写了：{have}。这些不再写，写其他方面的措施。" if have else ""
    return messages + [
        {"role": "assistant", "content": raw.strip()},
        {"role": "user",
         "content": f"接着写{what}，再补充{max(2, more // 50)}句属于{what}的新的具体措施或要求"
                                    f"（约{more}字），不重复上面已写的内容，不写总结句。{have}"
                                    f"{others}只输出补充的文字。"}]


def said_measures(body: str, limit: int = 160) -> str:
    """Return the measures of ``body`` by their first clauses ("建立动物疫病监测体系；开展应急演练"), at most
    ``limit`` characters: what a continue turn is told not to write again.
    """
    out: list[str] = []
    for sentence in SENTENCE.findall(body):
        clause = re.split(r"[，,；：:。]", sentence, maxsplit=1)[0].strip()
        clause = re.sub(r"^(?:[一二三四五六七八九十]{1,3}是|要|各[\u4e00-\u9fff]{0,8}?要)", "", clause)
        if 4 <= len(clause) <= 30 and clause not in out:
            if sum(len(x) + 1 for x in out) + len(clause) > limit:
                break
            out.append(clause)
    return "；".join(out)


#: The formula and what follows it ("现将有关事项通知如下：", "现将《……》印发给你们"): the program writes it.
_FORMULA = re.compile(r"[，,]?(?:现将|现就|特将|现对|特此)[^。；]*$")


#: A clause that is a measure ("要加强……", "各地区要……", "建立……机制"): it belongs in the sections.
_MEASURE_CLAUSE = re.compile(
    r"^(?:要|应|须|必须|务必|请|各[\u4e00-\u9fff]{0,12}(?:要|应|须)|加强|加快|加大|严格|建立|健全|完善|"
    r"落实好|做好|开展(?!本次|此次|这次)|推进|推动|强化|实行|组织(?!开展本次|开展此次)|制定|设立|提高|"
    r"定期|及时|切实|认真|"
    r"进一步加强|进一步完善|重点|着力|坚决|抓好|狠抓|统筹)")


#: A clause announcing the document itself ("国务院提出若干意见", "特制定本方案").
_SELF_NAMING = re.compile(
    r"(?:提出|制定|印发|发布|出台)(?:了)?(?:若干|如下|以下|本|此|一系列|一批|一些|系列|多项|相关|有关|这些|具体)?"
    r"(?:的)?(?:指导|实施)?(?:意见|通知|方案|办法|规划)")


#: "国务院决定，" / "国务院决定对相关工作进行部署，" (g0284, g0193): the sender announcing its decision
#: before the formula; the formula says it.
_DECIDING = re.compile(r"^(?:国务院|党中央|[\u4e00-\u9fff]{0,12}(?:人民政府|政府|办公厅|办公室|委员会))?决定")


#: The system prompt's own references, taken by the model as the basis of a 函 (2026-12-02): never a 缘由.
_PROMPT_BASIS = re.compile(r"公文处理工作条例|GB/?T\s*9704|公文格式")


def reason_only(sentence: str) -> str:
    """Return the purpose and basis of an opening sentence, without the measures run into it.

    "为确保……，根据……，要加强火源管控，落实巡护责任" → "为确保……，根据……": from the first clause that
    is a measure on, the text is the sections' business. The first clause always stays.
    """
    clauses = re.findall(r"[^，,；;]+[，,；;]?", sentence)
    kept = clauses[:1]
    for c in clauses[1:]:
        if _MEASURE_CLAUSE.match(c.strip()):
            break
        if _SELF_NAMING.search(c) or _DECIDING.match(c.strip()):
            continue  # "国务院提出若干意见", "国务院决定，": the formula's job ("现提出如下意见")
        if _PROMPT_BASIS.search(c) or PERSONA.search(c):
            continue  # "根据《党政机关公文处理工作条例》和GB/T 9704-2012" (the system prompt), "告知您"
        kept.append(c)
    return "".join(kept).rstrip("，,；;")


#: A label before the 缘由: the prompt's words ("目的：") or the 文种 ("意见：为加快……", held-out g0362,
#: which became "意见，为加快……" in the draft once its sentence was no longer cut).
_OPENING_LABEL = re.compile(r"^(?:目的|依据|背景|依据或背景|缘由|开头|" + "|".join(sorted(
    {*DOC_TYPES, "方案", "规划", "办法", "实施意见", "指导意见"}, key=len, reverse=True)) + r")[，,：:]")


def opening_text(raw: str, cleaner: Cleaner, chars: int, exemplars: tuple[str, ...] = (),
                 reports: bool = False) -> str:
    """Return the 缘由 from the model's opening: its first one or two sentences, never the formula.

    An opening is one or two sentences ("为……，根据……，"): what the model adds after them runs ahead
    into the sections and goes; a single sentence longer than the room is cut at a comma (the formula
    follows a comma anyway); a "现将有关事项通知如下" the model wrote itself goes (the program adds it).
    """
    limit = int(chars * 1.6)
    # the first block of text that is not the title said again (the 1.5B often starts with the title line);
    # a 缘由 citing it ("为落实国务院关于……的通知，确保……", held-out g0271) is a 缘由, cleaned below
    first = next((block for block in re.split(r"\n\s*\n|\n", raw.strip()) if len(han_only(block)) >= 8
                  and not (echoes_title(block.strip().rstrip("。"), cleaner.title, cleaner.doc_type)
                           and len(han_only(block)) <= len(han_only(cleaner.title)) + 6)), "")
    # a last sentence the token budget cut short ("……在功能、设施等方面存在", the 1.5B's 函, twelfth session)
    # is no 缘由 when a whole one comes before it
    end = max(first.rfind(c) for c in "。！？")
    if first.strip() and first.strip()[-1] not in "。！？；" and end > 0:
        first = first[:end + 1]
    reasons = []
    for sent in SENTENCE.findall(first):
        # before the cleaning: a measure run into the 缘由 names a section's heading, and the cleaning would
        # drop the whole sentence for it, 缘由 and all
        sent = _OPENING_LABEL.sub("", sent.strip())
        if reports:
            # what was done, said in the opening of a 报告 ("……扎实推进……，全年未发生……"), is its summary
            reasons.append(sent.rstrip("。；！") + "。")
            continue
        if _MEASURE_CLAUSE.match(sent):
            if reasons:
                break  # a sentence that is a measure: the sections' business
            continue
        reasons.append(reason_only(sent.rstrip("。；！")) + "。")
    text = cleaner.clean("".join(reasons), max_chars=10_000, commit=False, exemplars=exemplars)
    kept = ""
    for sent in SENTENCE.findall(text)[:2]:
        # the prompt's words as labels
        sent = _OPENING_LABEL.sub("", sent)
        sent = _FORMULA.sub("", sent.rstrip("。；")).rstrip("，,")
        if len(han_only(sent)) < 8:
            continue
        if len(kept) + len(sent) + 1 > limit:
            if kept:
                break
            cut = sent[:limit].rfind("，")
            sent = sent[:cut] if cut >= 20 else ""
            if not sent:
                break
        # "……，通过定期召开安全会议" before the formula: a means whose measure was cut is no 缘由
        sent = re.sub(r"[，,](?:通过|依托|借助|利用)[^，,]*$", "", sent)
        kept += sent + "。"
    return cleaner.clean(kept, max_chars=limit + 10) if kept else ""


_SUB_START = LOOSE_LEVEL2_START


def split_subsections(raw: str, subs: list[str]) -> list[str]:
    """Split a section's output into one raw text per sub-section (by "（一）" marks or the sub headings)."""
    buckets = [""] * len(subs)
    current = 0
    for line in raw.replace("\r", "").split("\n"):
        text = re.sub(r"\*\*|#+\s*", "", line).strip()
        if not text:
            continue
        m = _SUB_START.match(text)
        hit = -1
        if m and m.group(1) in CN_NUMS:
            hit = CN_NUMS.index(m.group(1)) if len(m.group(1)) == 1 else -1
            text = text[m.end():]
        for k, sub in enumerate(subs):
            if text.startswith(sub[: max(4, len(sub) - 2)]):
                hit = k
                text = text[len(sub):] if text.startswith(sub) else text
                break
        if 0 <= hit < len(subs):
            current = hit
        text = text.lstrip("。：:，, ")
        if text:
            buckets[current] += text + "\n"
    if len(subs) > 1 and buckets[0] and not any(buckets[1:]):
        # no sub-section marks at all: the model wrote them in order as one text; share its sentences out
        sentences = SENTENCE.findall(buckets[0].replace("\n", ""))
        size = -(-len(sentences) // len(subs))
        buckets = ["".join(sentences[k * size:(k + 1) * size]) for k in range(len(subs))]
    return buckets


def own_subsections(raw: str) -> list[tuple[str, str]]:
    """Return (heading, text) of the （一）（二） sub-sections the model wrote, or [] when it wrote none.

    "（一）强化组织领导。各地要……" → ("强化组织领导", "各地要……"). A heading is the words after the mark up to
    the first 。 or ：, 2–16 characters of Chinese; the text before the first mark goes with the first one.
    """
    parts: list[list[str]] = []
    lead = ""
    for line in raw.replace("\r", "").split("\n"):
        text = re.sub(r"\*\*|#+\s*", "", line).strip()
        if not text:
            continue
        m = _SUB_START.match(text)
        if m and m.group(1) in CN_NUMS:
            rest = text[m.end():]
            head = re.split(r"[。：:；，,]", rest, maxsplit=1)[0]
            if 2 <= len(han_only(head)) <= 16 and len(han_only(head)) == len(head):
                # the rest of the heading line is a line of its own: after "（一）优化公共服务供给，提升
                # 服务质量", "1. 加强……" must not run on into "提升服务质量1. 加强……"
                after = rest[len(head):].lstrip("。：:；，, ")
                parts.append([head, after + "\n" if after else ""])
                continue
        if parts:
            parts[-1][1] += text + "\n"
        else:
            lead += text + "\n"
    if len(parts) < 2:
        return []
    parts[0][1] = lead + parts[0][1]
    return [(h, t) for h, t in parts[:MAX_OWN_SUBS]]  # asked for 2–4; a model that runs on to （十二） stops


# -- the drafter ----------------------------------------------------------------------------------
def length_target(tpl: dict, sections: int = 0) -> int:
    """Return the characters to aim for (cleaning trims some).

    The middle of the template's range is what a text with the type's default number of sections runs
    to; an outline with more (or fewer) sections gets that much per section, kept within the range (a 通知
    of six measures is longer than one of three, as the real ones are).
    """
    lo, hi = (tpl.get("length") or [600, 1500])[:2]
    mid = lo + (hi - lo) * 0.5
    if not sections:
        return int(mid)
    per = mid / max(1, len(tpl.get("sections") or []))
    return int(min(hi, max(lo, per * sections)))


#: The e5 cosine (passage to passage) at or above which a sentence says again what an earlier one said.
#: Chosen by reading the cross-section sentence pairs of the 18 drafts of the 2026-12-01 benchmark run
#: (1.5b+ex; drafts only, no real text): pairs at ≥ 0.98 restate one measure ("简化审批环节，……提高办事效率"
#: / "深化行政审批制度改革，……提高办事效率"), pairs at 0.97 are neighbouring but different measures; 1% of
#: all pairs are ≥ 0.97.
PARAPHRASE = 0.98
#: A section whose clean text is below this share of its target gets a "continue" call (up to
#: ``CONTINUATIONS``, each only when the one before added new text).
SHORT_SECTION = 0.7
CONTINUATIONS = 2
#: A section still below this share of its target once its continue turns are done (the cleaning cut what
#: they wrote: restated measures) gets one more turn, told the measures it has, and so does one whose turn
#: added nothing new while it is that short.
FILL_SECTION = 0.5
#: A generation that wrote this many sentences in a row without adding to the cleaned text is stopped.
#: Measured on the raw calls of the twelfth session's run (s12-366e462, six 1.5b+ex drafts, 17,600 decoded
#: tokens): 40% of the Han characters the model wrote sat in runs of cut sentences at the end of a call; at
#: four, the sentences after a stall kept one in five. A continue turn stops sooner (``STALLED_TURN``): its
#: cut sentences are the section said again, and the next turn is told what the section has.
STALLED_SENTENCES = 3
STALLED_TURN = 2
#: ... but a part with no text yet (its own call's nor its section's) is read as before, up to this many: a
#: last section that opens by summing up the others ("要加强火源管控、落实巡护责任，……") has its own
#: measures after them, and stopped there it would be left 【待补充】.
STALLED_EMPTY = 4
#: A continue turn's sentences may not open with the tokens a sentence of its context opens with (nor
#: write a run of three times as many again): :attr:`Sampling.no_repeat`. Three tokens are one measure's
#: verb and object ("加强/森林/防火"), so a sentence may still open with a common verb.
NO_REPEAT = 3
#: The opening's generation stops after this many sentences (the 缘由 is one or two of them).
OPENING_SENTENCES = 3
#: A section of at least this many characters of a type with sub-sections, for which the clerk gave none,
#: is written as （一）（二）… sub-sections with headings of the model's own.
OWN_SUBS_CHARS = 700
MAX_OWN_SUBS = 5
#: The characters one sub-section of the model's own aims at: the real 意见 and 方案 of the corpus run
#: 300–500 per （一）, 3–6 of them to a section.
SUB_CHARS = 380


def standard_parts(sec: Section, tpl: dict) -> list[str]:
    """Return the customary parts section ``sec`` will be written as (指导思想, 基本原则, 主要目标), or []."""
    if sec.subs:
        return []
    parts = customary_parts(sec.heading) if tpl.get("standard_subs") else []
    if tpl.get("subsections"):
        parts = parts or (tpl.get("standard_subs") or {}).get(sec.heading) or []
    return parts if parts and all(x in STANDARD_CHARS for x in parts) else []


def section_budgets(sections: list[Section], tpl: dict, chars: int) -> list[int]:
    """Return the characters each section aims at, out of ``chars`` for all of them.

    A section written as customary parts (一、总体要求: 指导思想, 基本原则, 主要目标) has their fixed sizes
    (``STANDARD_CHARS``, 980 characters); the rest is shared among the other sections by their number of
    sub-sections. An even share gave 总体要求 1,879 characters of a 4-section 方案 of which it used 980, and
    the other 900 were nobody's: the draft's own target was 12% lower than the template's.
    """
    fixed = {i: sum(STANDARD_CHARS[x] for x in parts) for i, sec in enumerate(sections)
             if (parts := standard_parts(sec, tpl))}
    free = [i for i in range(len(sections)) if i not in fixed]
    weights = {i: max(1, len(sections[i].subs)) for i in free}
    left = chars - sum(fixed.values())
    if not free or left < 80 * len(free):  # nothing to share, or too little: an even share, as before
        per = max(80, chars // max(1, sum(max(1, len(s.subs)) for s in sections)))
        return [per * max(1, len(s.subs)) for s in sections]
    per = left // sum(weights.values())
    return [fixed[i] if i in fixed else per * weights[i] for i in range(len(sections))]


def is_reply(title: str) -> bool:
    """Return True when a 函's title says it answers another document (复函, 关于同意……的函)."""
    return bool(re.search(r"复函$|答复|关于同意|关于原则同意|的回函$", title))


def template_for(req: DraftRequest, tpls: dict) -> dict:
    """Return the template of the request: a reply 函 uses the 复函 template when the file has one."""
    if req.doc_type == "函" and "复函" in tpls and is_reply(req.title or req.subject):
        return tpls["复函"]
    return tpls[req.doc_type]


def warm_up(backend: Backend) -> None:
    """Start loading an embedded model in the background, so that the load overlaps the checks' and the
    library's start and the first text comes sooner; a backend without a lazily loaded model is left alone.

    A model that fails to load here fails again, with its message, when the draft asks it to write.
    """
    if not isinstance(getattr(type(backend), "model", None), property):
        return

    def load() -> None:
        try:
            _ = backend.model
        except (ModelError, OSError, ValueError, RuntimeError):
            pass  # reported by the call that needs the model

    threading.Thread(target=load, name="model-warm-up", daemon=True).start()


class Drafter:
    """Builds a draft with a backend, an optional retriever (范文) and the checks."""

    def __init__(self, backend: Backend, *, retriever: Retriever | None = None, checker=None,
                 sampling: Sampling | None = None, section_tokens: int = 0,
                 exemplars_per_section: int = 2, paraphrase: float = PARAPHRASE,
                 embed: Callable[[list[str]], object] | None = None) -> None:
        self.backend = backend
        self.retriever = retriever
        self.checker = checker
        self.sampling = sampling or Sampling(temperature=0.3, repeat_penalty=1.1)
        self.section_tokens = section_tokens  # 0: from the template's length target
        self.exemplars_per_section = exemplars_per_section
        self.paraphrase = paraphrase  # e5 cosine at which a later sentence restates an earlier one (0: off)
        self.embed = embed  # sentence → e5 passage vectors (the library's); None: no paraphrase check
        self.call_log: list[dict] = []  # per model call of the last draft: prompt tokens evaluated/reused …

    def planner(self) -> Planner:
        """Return the planner that infers 文种, title and outline from one sentence."""
        return Planner(self.backend, templates(), SYSTEM)

    def plan(self, sentence: str, *, org: str = "", on_token: TokenFn | None = None,
             cancel: threading.Event | None = None) -> Plan:
        """Infer the plan (文种, title, attachment, outline) of a one-sentence request."""
        return self.planner().plan(sentence, org=org, on_token=on_token, cancel=cancel)

    def _generate(self, messages: list[dict], name: str, max_tokens: int, on_piece: Callable[[str], bool],
                  cancel: threading.Event | None, totals: GenStats, no_repeat: int = 0) -> str:
        """Return the model's text for ``messages``; ``on_piece`` sees each piece and returns True to stop.

        ``no_repeat``: see :attr:`Sampling.no_repeat` (a continue turn's).
        """
        sampling = Sampling(max_tokens, self.sampling.temperature, self.sampling.top_p,
                            self.sampling.repeat_penalty, no_repeat)
        pieces = []
        stopped = False
        stream = self.backend.stream(messages, sampling, cancel)
        try:
            for piece in stream:
                pieces.append(piece)
                if on_piece(piece):
                    stopped = True
                    break
        finally:
            close = getattr(stream, "close", None)
            if close:
                close()  # the backend's figures of this call are complete once its stream is closed
            s = self.backend.last_stats
            totals.add(s)
            self.call_log.append({"part": name, "prompt": s.prompt_tokens, "reused": s.reused_tokens,
                                  "decoded": s.decoded_tokens, "stopped": stopped, "raw": "".join(pieces),
                                  "messages": messages,
                                  "tokens": getattr(self.backend, "last_tokens", None)})
        return "".join(pieces)

    def _sections(self, req: DraftRequest, tpl: dict) -> list[Section]:
        if req.outline:
            sections = [Section(s.heading.strip(), list(s.subs), s.note) for s in req.outline
                        if s.heading.strip()]
        elif req.points:
            sections = parse_outline("\n".join(p for p in req.points if p.strip()))
        else:
            sections = [Section(h) for h in tpl.get("sections", [])]
        for s in sections:
            s.heading = strip_typed_number(s.heading).strip("。；; ")
        return [s for s in sections if s.heading]

    def draft(self, req: DraftRequest, *, on_token: TokenFn | None = None,
              cancel: threading.Event | None = None,
              today: dt.date | None = None, on_preview: PreviewFn | None = None) -> DraftResult:
        """Write the draft.

        Args:
            req: the clerk's request.
            on_token: called with (section, raw text piece) as the model writes.
            cancel: set it to stop; the sections written so far are kept and ``cancelled`` is True.
            today: the date used when the request has none.
            on_preview: called with the cleaned text of the whole draft so far, as it grows (live preview).

        Returns:
            The draft document (roles set), the 范文 it drew on, the findings left after the automatic
            fixes, the fixes applied, the sections left to fill, and the generation figures. When the
            model fails mid-draft the result carries ``error`` and the part written so far.

        Raises:
            DraftError: unknown type, or a required field (title or 事由, 主送机关) is missing.
            ModelError: the model cannot be loaded or reached before it wrote anything.
        """
        t_start = time.perf_counter()
        self.call_log = []
        warm_up(self.backend)  # the model loads while the frame is built and the 范文 are looked up
        req = dataclasses.replace(req)  # the caller's request is not changed
        tpls = templates()
        if req.doc_type not in tpls:
            raise DraftError(
                f"未知的文种“{req.doc_type}”（可选：{'、'.join(DOC_TYPES)}，或 方案、规划、办法）")
        tpl = template_for(req, tpls)
        cover_type = tpl.get("issued_by", "")
        if cover_type and not req.attachment_title:
            t = build_title(req)
            if t.endswith("的通知"):
                req.attachment_title = re.sub(r"^.*?关于印发", "", t)[: -len("的通知")]
            else:
                req.attachment_title = t
                req.title = f"{req.org.strip()}关于印发{t}的通知"
        title = build_title(req)
        if problem := missing_addressee(req.doc_type, req.to):
            raise DraftError(problem)
        sections = self._sections(req, tpl)
        subject = subject_of(req.attachment_title or title)
        # what a 函 or 请示 asks for (its title's 事由, the clerk's sentence): the request part is told it as
        # the clerk's note, and states it with its figures once written (llm.asks)
        asked = ask_of(req.doc_type, title, req.ask) if sections else None
        request_at = -1
        if asked:
            request_at = next((k for k, s in enumerate(sections) if s.heading == REQUEST_PART[req.doc_type]),
                              len(sections) - 1)
            if not sections[request_at].note:
                me = self_name(req.org or organ_of(title))
                sections[request_at].note = asked.note(req.doc_type, req.to, me)
        allowed = " ".join([title, req.attachment_title, req.to, req.org, req.number, req.date, *req.points,
                            *req.attachments, *(s.note for s in sections)])
        cleaner = Cleaner(title=req.attachment_title or title, doc_type=req.doc_type, allowed=allowed,
                          already_said=tuple(re.split(r"[，。；]", tpl.get("guidance", ""))),
                          headings=tuple(
                              [s.heading for s in sections] + [x for s in sections for x in s.subs]),
                          org=req.org.strip() or organ_of(title), paraphrase=self.paraphrase,
                          embed=self.embed,
                          # a measure belongs to one section (a 函's few unnumbered paragraphs: not judged)
                          sections=tuple(s.heading for s in sections) if tpl.get("numbered", True) else ())
        if req.doc_type in REQUEST_PART:
            # the roles are kept in every cleaned text, so that a part they cut short is continued (the
            # 1.5B's 请示 基本情况 kept one sentence of four, then asked for no more)
            request_heading = sections[request_at].heading if asked else ""
            cleaner.roles = functools.partial(
                lambda text, heading, me: filter_roles(text, asked, req.doc_type, me,
                                                       request_part=heading == request_heading,
                                                       org=cleaner.org),
                me=self_name(cleaner.org))
        target = length_target(tpl, len(sections))
        opening_chars = min(150, max(60, target // 10))
        budgets = section_budgets(sections, tpl, target - opening_chars)
        totals = GenStats()
        paras: list[Paragraph] = []
        state = {"first": 0.0, "error": ""}
        used: dict[str, list[Passage]] = {}
        gaps: list[str] = []

        def add(text: str, role: Role) -> None:
            if role is Role.BODY:
                # a section's count once its continue turns are in: "三是" then "十一是" → "四是"
                text = renumber(text)
            paras.append(Paragraph(text=text, role=role, role_locked=True))

        def preview(current: str = "") -> None:
            if on_preview:
                on_preview("\n".join([p.text for p in paras] + ([renumber(current)] if current else [])))

        def run(messages: list[dict], name: str, chars: int, heading: str, prefix: str = "",
                watch: bool = True, part_of: str = "", sentences: int = 0, show: bool = True,
                pick: Callable[[str], str] | None = None, ended: Callable[[str], bool] | None = None,
                no_repeat: int = 0, stall: int = STALLED_SENTENCES) -> str:
            """Generate one part; '' when cancelled before anything came or the model failed.

            With ``watch`` the generation stops once ``stall`` sentences in a row added nothing to
            the cleaned text (the model looping on one pattern, restating, or past the length the cleaning
            keeps): decoding them is the most expensive thing a draft does, and all of it would be cut.
            Once the cleaned text has its ``chars``, the first sentence that adds nothing stops it: the
            part needs no more, and what it would write is cut by the length or said again.
            With ``sentences`` it stops after that many sentences (the opening uses its first two). With
            ``ended`` (the model went past this part: :func:`section_part`) it stops
            where the model starts another part: all of that would be cut.
            """
            run.stalled = False
            if state["error"] or (cancel is not None and cancel.is_set()):
                return ""
            raw: list[str] = []
            growth = {"kept": 0, "idle": 0}

            def on_piece(piece: str) -> bool:
                if not state["first"]:
                    state["first"] = time.perf_counter() - t_start
                raw.append(piece)
                if on_token:
                    on_token(name, piece)
                ends = sum(piece.count(c) for c in "。！？；")
                if sentences and ends and sum("".join(raw).count(c) for c in "。！？") >= sentences:
                    return True
                if ended is not None and re.search(r"[）、#\n。：，]", piece) and ended("".join(raw)):
                    return True
                if not (on_preview and show) and not (watch and ends):
                    return False
                so_far = "".join(raw)
                text = cleaner.clean(pick(so_far) if pick else so_far, heading=heading,
                                     max_chars=int(chars * 1.4), commit=False, part_of=part_of)
                if on_preview and show:
                    preview(prefix + text)
                if watch and ends:
                    if len(text) > growth["kept"]:
                        growth["kept"], growth["idle"] = len(text), 0
                    else:
                        growth["idle"] += ends
                limit = stall if growth["kept"] or han_only(prefix) else max(stall, STALLED_EMPTY)
                run.stalled = growth["idle"] >= limit or (growth["idle"] > 0 and growth["kept"] >= chars)
                return run.stalled

            tokens = self.section_tokens or int(chars / CHARS_PER_TOKEN * 1.3) + 24
            try:
                return self._generate(messages, name, tokens, on_piece, cancel, totals, no_repeat)
            except ModelError as exc:
                if totals.tokens == 0 and not raw:
                    raise  # nothing was written: no draft of placeholders, just the message
                state["error"] = f"{exc}（已写出的部分已保留，未写出的部分标为【待补充】）"
                return "".join(raw)

        def refs_for(query: str) -> list[Passage]:
            if not req.use_exemplars or self.retriever is None:
                return []
            try:
                found = exemplars(self.retriever, query, top_k=self.exemplars_per_section,
                                  exclude=req.exclude, topic=subject)
            except GovDocsError:
                return []
            cleaner.note_exemplars(found)
            return found

        if req.number.strip():
            add(req.number.strip(), Role.DOC_NUMBER)
        add(title, Role.TITLE)
        if req.to.strip():
            add(req.to.strip().rstrip("：:") + "：", Role.ADDRESSEE)
        if cover_type:
            add(tpl.get("cover", "现将《{attachment}》印发给你们，请认真贯彻执行。").format(
                attachment=req.attachment_title), Role.BODY)
            add(f"附件：{req.attachment_title}", Role.ATTACHMENT_NOTE)
            self._tail(req, today, add)
            add("附件", Role.ATTACHMENT_MARK)
            add(req.attachment_title, Role.TITLE)
        preview()
        opening = ""
        # a 请示, or a 函 that asks: the opening gives the need, the request has its own part
        asking = req.doc_type in ASKING_TYPES and (asked is not None or req.doc_type == "请示")
        if tpl.get("reason", True):
            refs = refs_for(subject)
            used["开头"] = refs
            messages = opening_prompt(req, title, tpl, sections, refs, opening_chars, asking=asking)
            # the opening keeps two sentences of 缘由 (a measure before them is skipped): three are enough
            opening = opening_text(run(messages, "开头", opening_chars, "", sentences=OPENING_SENTENCES),
                                   cleaner, opening_chars, tuple(p.text for p in refs[:1]),
                                   reports=req.doc_type in OPENING_TASKS)
            if asking:
                opening = asking_opening(opening, asked, req.doc_type, cleaner.org)
        if not opening and not cover_type and tpl.get("reason", True):
            # no usable 缘由 (only the formula, or talk): ask once more, plainly, for the one sentence
            ask = (f"用一句话{OPENING_TASKS[req.doc_type]}，约60字" if req.doc_type in OPENING_TASKS
                   else "用一句话写开头的缘由：为什么需要提出这一事项（背景或实际需要），不写请求本身和金额，"
                        "约60字" if asking
                   else "用一句话写开头的缘由，以“为”开头，写明目的和依据，约60字")
            retry = [messages[0], {"role": "user", "content": _head(req, title, tpl, sections)
                                   + f"任务：{ask}，只输出这一句。"}]
            opening = opening_text(run(retry, "开头", opening_chars, "", sentences=OPENING_SENTENCES),
                                   cleaner, opening_chars, reports=req.doc_type in OPENING_TASKS)
            if asking:
                opening = asking_opening(opening, asked, req.doc_type, cleaner.org)
        formula = tpl.get("opening", "")
        if cover_type and not opening:
            pass  # an attachment may start straight with its first section
        elif opening or formula:
            text = opening.rstrip("。") + "，" + formula if opening and formula else opening or formula
            add(text, Role.BODY)
        preview()
        numbered = tpl.get("numbered", True)
        sub_heads: list[set[str]] = []
        for i, sec in enumerate(sections):
            chars = budgets[i]
            if numbered:
                add(f"{CN_NUMS[i] if i < len(CN_NUMS) else i + 1}、{sec.heading}", Role.HEADING1)
            own_subs = (not sec.subs and tpl.get("subsections") and numbered and chars >= OWN_SUBS_CHARS)
            subs = list(sec.subs)
            parts = customary_parts(sec.heading) if tpl.get("standard_subs") and not sec.subs else []
            if parts:
                subs = parts  # 一、指导思想, 二、原则目标: the customary parts in their form, one call each
            elif own_subs:
                # the type's customary sub-sections (总体要求: 指导思想, 基本原则, 主要目标), or the model's
                # headings first: each sub-section is then written on its own, to its own length
                subs = list((tpl.get("standard_subs") or {}).get(sec.heading) or []) or self._subheadings(
                    run, cleaner, req, title, tpl, sections, i, chars, sub_heads)
            if subs:
                refs = refs_for(f"{subject} {sec.heading} {' '.join(subs)}")
                used[sec.heading] = refs
                self._write_subs(run, cleaner, add, paras, req, title, tpl, sections, i, subs, refs, chars,
                                 clerks=bool(sec.subs), sub_heads=sub_heads, gaps=gaps,
                                 alone=len(parts) == 1)
                preview()
                continue
            refs = refs_for(f"{subject} {sec.heading}")
            used[sec.heading] = refs
            messages = section_prompt(req, title, tpl, sections, i, refs, chars,
                                      own_subs=min(4, max(2, chars // 450)) if own_subs else 0)
            shown = tuple(p.text for p in refs)
            # the clerk's sub-sections are cleaned one by one: the whole text, cleaned as one, is no measure
            others = [s.heading for k, s in enumerate(sections) if k != i]
            part = functools.partial(section_part, own=sec.heading, others=tuple(others))
            # the model went past its section, or started the document over (its title first: the 1.5B's
            # first answer for four of the five sections of the 森林防火 通知, 65–146 tokens decoded before
            # the next heading stopped it, and its 缘由 "……特制定本通知" ran into the section)
            went_on = functools.partial(lambda t, part, others: part(t)[1] or restarts(t, others), part=part,
                                        others=tuple(others))
            # a 函's or 请示's request, written by rule from the clerk's words, starts its part's answer: the
            # model goes on with its use (asked for the part plainly, the 1.5B asked again without the
            # 800万元 and told the 财政局 to get the work done, 2026-12-02)
            start = request_sentence(asked, req.doc_type, req.to) if asked and i == request_at else ""
            raw = part(run([*messages, {"role": "assistant", "content": start}] if start else messages,
                           sec.heading, chars, sec.heading, ended=went_on))[0]
            if not start and not own_subs and len(cleaner.clean(raw, heading=sec.heading,
                                                                max_chars=int(chars * 1.4), commit=False,
                                                                exemplars=shown)) < 20:
                # nothing of its own: asked again, answered from the section's heading line. Asked
                # plainly, the 1.5B began a 通知's later sections with the whole document again (its
                # title, then 一、总体要求 …), was stopped at the title line, and is asked so. Every answer
                # started from its heading line was tried (held-out g0271, 2026-12-02): the 1.5B then wrote
                # one or two sentences and went on to "二、基本原则", and its continue turns wrote only the
                # next heading — 0.21 of the real length against 0.40 asked plainly first
                start = f"{CN_NUMS[i] if i < len(CN_NUMS) else i + 1}、{sec.heading}\n"
                raw = part(run([*messages, {"role": "assistant", "content": start}], sec.heading, chars,
                               sec.heading, ended=went_on))[0]
            written = [(h, t) for h, t in (own_subsections(raw) if own_subs else [])
                       if not any(len(han_bigrams(h) & g) / max(1, len(han_bigrams(h))) >= 0.8
                                  for g in sub_heads)  # a sub-heading an earlier section already had
                       and not any(names_heading(h, o) or names_heading(o, h)
                                   for o in [*others, sec.heading])
                       and h not in sec.heading]  # another section's business, or the section itself
            if written:
                # the model's own （一）（二）: each kept with its heading when its text survives cleaning;
                # the section's length is shared among those that do (a 方案 section of which one of three
                # sub-sections survived ran at a third of its target)
                per = chars // len(written)
                kept = []
                for sub, part in written:
                    body = cleaner.clean(part, heading=sub, max_chars=int(per * 1.4), part_of=sec.heading,
                                         exemplars=shown)
                    if len(body) >= 20:
                        kept.append((sub, part, body))
                per = chars // max(1, len(kept))
                k = 0
                for sub, part, body in kept:
                    body = self._more(run, cleaner, messages, part, body, per, sub, sec.heading, shown,
                                      said=raw)
                    add(f"（{CN_NUMS[k] if k < len(CN_NUMS) else k + 1}）{sub}", Role.HEADING2)
                    add(body, Role.BODY)
                    sub_heads.append(han_bigrams(sub))
                    k += 1
                if k == 0:  # no sub-section survived: the text as one section, as without sub-sections
                    body = cleaner.clean(raw, heading=sec.heading, max_chars=int(chars * 1.4),
                                         exemplars=shown)
                    body = self._more(run, cleaner, messages, raw, body, chars, sec.heading, "", shown,
                                      pick=lambda t, part=part: part(t)[0], ended=went_on)
                    if len(body) < 20:
                        body = PLACEHOLDER.format(heading=sec.heading)
                        gaps.append(sec.heading)
                    add(body, Role.BODY)
            else:
                body = cleaner.clean(raw, heading=sec.heading, max_chars=int(chars * 1.4), exemplars=shown)
                body = self._more(run, cleaner, messages, raw, body, chars, sec.heading, "", shown,
                                  said=start + raw, pick=lambda t, part=part: part(t)[0], ended=went_on)
                if req.doc_type in REQUEST_PART:
                    body = keep_roles(body, asked, req.doc_type, req.to, self_name(cleaner.org),
                                      request_part=i == request_at, org=cleaner.org)
                if len(body) < 20:
                    body = PLACEHOLDER.format(heading=sec.heading)
                    gaps.append(sec.heading)
                add(body, Role.BODY)
            preview()
        if tpl.get("closing"):
            add(tpl["closing"], Role.BODY)
        if not cover_type:
            for k, name in enumerate(req.attachments):
                prefix = "附件：" if k == 0 else ""
                number = f"{k + 1}." if len(req.attachments) > 1 else ""
                add(f"{prefix}{number}{name.strip().rstrip('。')}", Role.ATTACHMENT_NOTE)
            self._tail(req, today, add)
        preview()
        doc = Document(paragraphs=paras, page=PageSetup(), source_format="draft")
        findings, fixed = [], []
        if self.checker is not None:
            from gov_docs.checks.fixes import fix_document

            doc, fixed = fix_document(doc, self.checker.check(doc))
            findings = self.checker.check(doc)
        sources: list[Passage] = []
        for passages in used.values():
            for p in passages:
                if all((p.path or p.title) != (s.path or s.title) for s in sources):
                    sources.append(p)
        return DraftResult(doc, sources, findings, fixed, totals, cancelled=totals.cancelled, exemplars=used,
                           gaps=gaps, error=state["error"], first_text_s=state["first"],
                           seconds=time.perf_counter() - t_start)

    def _subheadings(self, run: Callable[..., str], cleaner: Cleaner, req: DraftRequest, title: str,
                     tpl: dict, sections: list[Section], index: int, chars: int,
                     sub_heads: list[set[str]]) -> list[str]:
        """Return the model's （一）（二） headings for section ``index`` ([] when fewer than two are usable).

        A heading an earlier section already had, one naming another section or the section itself, and one
        whose measure is another section's (:meth:`Cleaner.elsewhere`) goes.
        """
        sec = sections[index]
        n = max(3, min(MAX_OWN_SUBS, round(chars / SUB_CHARS)))
        raw = run(subheadings_prompt(req, title, tpl, sections, index, n), sec.heading, n * 16, "",
                  watch=False, show=False)
        raw = raw if raw.lstrip().startswith("（") else "（一）" + raw  # the answer went on from its start
        others = [s.heading for k, s in enumerate(sections) if k != index]
        # a heading whose measure is another section's ("加强动物疫病防控" under 绿色循环发展, when 建立健全
        # 动物防疫体系 is a section) would write that section again
        elsewhere = cleaner.elsewhere(sec.heading, sec.heading)
        heads = [h for h in parse_subheadings(raw, sec.heading)
                 if not any(len(han_bigrams(h) & g) / max(1, len(han_bigrams(h))) >= 0.8 for g in sub_heads)
                 and not any(_names(h, o) for o in [*others, sec.heading])
                 and not (elsewhere is not None and elsewhere(h))][:n]
        return heads if len(heads) >= 2 else []

    def _write_subs(self, run: Callable[..., str], cleaner: Cleaner, add: Callable[[str, Role], None],
                    paras: list[Paragraph], req: DraftRequest, title: str, tpl: dict, sections: list[Section],
                    index: int, subs: list[str], refs: list[Passage], chars: int, *, clerks: bool,
                    sub_heads: list[set[str]], gaps: list[str], alone: bool = False) -> None:
        """Write section ``index`` as its sub-sections ``subs``, each in a call of its own with its share of
        the section's length and its continue turns.

        A customary part of 总体要求 (``STANDARD_CHARS``) has its answer started with its "（二）heading。"
        and lead words (``STANDARD_LEADS``), keeps its form (:func:`standard_form`), gets no continue turn
        (more of it were measures), and is neither cut as a copy of a 范文 (its formulas are every
        document's) nor for naming the other sections (an overview does). A sub-section of measures is
        asked plainly: started with its heading, the 1.5B wrote two or three sentences and went on to the
        next （三） (held-out g0200: 0.37 of the real length against 0.64 asked plainly). A sibling's heading
        counts as another section's for the cleaning (a sentence naming it is that sub-section's
        business). A sub-section of the model's own whose text was all cut goes with its heading; one of
        the clerk's (``clerks``) is left as 【待补充】; so is a section left with none. With ``alone`` the
        one sub-section is the section itself (一、指导思想): its text goes under the 一级 heading, no （一）.
        """
        sec = sections[index]
        cleaner.headings = cleaner.headings + tuple(x for x in subs if x not in cleaner.headings)
        shown = tuple(p.text for p in refs)
        measures = [x for x in subs if x not in STANDARD_CHARS]
        rest = chars - sum(STANDARD_CHARS[x] for x in subs if x in STANDARD_CHARS)
        per = max(120, rest // len(measures)) if measures else 0
        k = 0
        for j, sub in enumerate(subs):
            if not alone:
                add(f"（{CN_NUMS[k] if k < len(CN_NUMS) else k + 1}）{sub}", Role.HEADING2)
            standard = sub in STANDARD_CHARS
            size = STANDARD_CHARS.get(sub, per)
            lead = STANDARD_LEADS.get(sub, "")
            messages = subsection_prompt(req, title, tpl, sections, index, subs, j, refs, size)
            start = f"（{CN_NUMS[j] if j < len(CN_NUMS) else j + 1}）{sub}。{lead}" if standard else ""
            others = [s.heading for s in sections if s is not sec] + [x for x in subs if x != sub]
            pick = functools.partial(own_block, heading=sub, others=others, section=sec.heading)
            started = [*messages, {"role": "assistant", "content": start}] if start else messages
            # a plain answer that starts the document over is stopped at its first line; one that goes past
            # its own part (the next （二）, the next section) is stopped there: what follows would be cut
            over = None if standard else functools.partial(restarts, others=tuple(others))
            past = functools.partial(past_own, heading=sub, section=sec.heading, others=tuple(others))
            ended = None if standard else functools.partial(
                lambda t, over, past: over(t) or past(t), over=over, past=past)
            raw = run(started, sec.heading, size, sub, part_of=sec.heading, pick=pick,
                      sentences=2 if sub == "指导思想" else 0, ended=ended)
            said, text = _without_next(raw, ended), pick(raw)
            if over is not None and over(raw):
                # asked again with its answer started at its place in the outline: the continue turn
                # that followed a restart went on with the outline (the 1.5B's "### 二、进一步拓宽落户通道
                # 1. **优化户籍管理流程**：……" for another sub-section, all of it cut: held-out g0394)
                place = (f"{CN_NUMS[index] if index < len(CN_NUMS) else index + 1}、{sec.heading}\n"
                         f"（{CN_NUMS[j] if j < len(CN_NUMS) else j + 1}）{sub}。")
                placed = functools.partial(lambda t, place, pick: pick(place + t), place=place, pick=pick)
                placed_end = functools.partial(lambda t, place, past: past(place + t), place=place, past=past)
                raw = run([*messages, {"role": "assistant", "content": place}], sub, size, sub,
                          part_of=sec.heading, pick=placed, ended=placed_end)
                # its continue turns follow the paragraph alone: after "一、……\n（一）……。" and its text, the
                # 0.5B and the 1.5B went on with the outline ("二、健全监管规则和标准")
                said, text = _without_next(raw, placed_end), placed(raw)
            if lead and not text.lstrip().startswith(lead):
                text = lead + text  # the model went on from the lead words (a server writes them again)
            copied = () if standard else shown
            body = standard_form(sub, cleaner.clean(text, heading=sub, max_chars=int(size * 1.4),
                                                    part_of=sec.heading, exemplars=copied, commit=False,
                                                    overview=standard))
            body = cleaner.clean(body, heading=sub, max_chars=int(size * 1.4), part_of=sec.heading,
                                 exemplars=copied, overview=standard) if body else ""
            if not standard:
                body = self._more(run, cleaner, messages, raw, body, size, sub, sec.heading, shown,
                                  said=said, pick=pick, ended=ended)
            if len(body) < 20:
                if not clerks:
                    if not alone:
                        paras.pop()  # the model's own heading, with nothing under it
                    continue
                body = PLACEHOLDER.format(heading=sub)
                gaps.append(sub)
            add(body, Role.BODY)
            sub_heads.append(han_bigrams(sub))
            k += 1
        if k == 0:
            add(PLACEHOLDER.format(heading=sec.heading), Role.BODY)
            gaps.append(sec.heading)

    @staticmethod
    def _more(run: Callable[..., str], cleaner: Cleaner, messages: list[dict], raw: str, body: str,
              chars: int,
              heading: str, part_of: str, shown: tuple[str, ...] = (), turns: int = CONTINUATIONS,
              said: str = "", pick: Callable[[str], str] | None = None,
              ended: Callable[[str], bool] | None = None) -> str:
        """Return ``body`` continued while it is well under its target (as 扩写 does), up to ``turns`` times.

        The model is asked to go on with new measures; what it adds is cleaned like the rest (a sentence
        repeating the draft, in the same or in other words, or naming another section goes), so the section
        grows only by new content. A turn that adds nothing new ends the continuing. A section whose text
        was all cut (restating other sections) gets its turn too, rather than a 【待补充】 at once.

        ``said`` is the model's answer the turn follows (default: ``raw``): for a sub-section, its whole
        section as the model wrote it, which the model has evaluated already (llama.cpp reuses it) and which
        shows it the other sub-sections not to repeat.
        """
        others = next((m["content"].split("不写开场白和总结句。", 1)[-1] for m in messages
                       if m["role"] == "user" and "不写开场白和总结句。" in m["content"]), "")
        said = said or (raw if not part_of else f"（{heading}）{raw}")
        # one more turn, told the measures the section has, for a section the cuts left under half its
        # target (意见/方案 ran at 0.50 of the real length: their continue turns restated, and were cut)
        extra_turn = True
        turn = 0
        while turn < turns:
            turn += 1
            if len(body) >= SHORT_SECTION * chars or not raw.strip():
                break
            more = chars - len(body)
            before = (messages, said)
            messages = continue_messages(messages, said, more, heading, others,
                                         kept=body if turn > 1 or len(body) < FILL_SECTION * chars else "")
            # a sentence may not open as one the model has seen (its section's text, the 范文): the 1.5B's
            # continue turns wrote the sub-section again word for word (held-out g0394), all of it cut
            extra = run(messages, heading, more, heading, body, part_of=part_of, pick=pick, ended=ended,
                        no_repeat=NO_REPEAT, stall=STALLED_TURN)
            added = cleaner.clean(pick(extra) if pick else extra, heading=heading, max_chars=int(more * 1.3),
                                  part_of=part_of, exemplars=shown)
            said = _without_next(extra, ended)
            if not han_only(said):
                # a turn stopped at its first line (the outline again): the next turn does not follow it,
                # or it goes on with the outline (held-out g0394: "一、总体要求", then "### 二、……")
                messages, said = before
            if len(added) >= 20:
                body += added
            if getattr(run, "stalled", False) and len(body) >= max(20, FILL_SECTION * chars):
                # the turn was stopped saying the section again: the turns after one that ended in cut
                # sentences kept 0.26 Han characters per decoded token, the others 0.54 (twelfth session's
                # raw calls, benchmarks/draft_waste.py: 2,879 tokens of 17,620 for 751 characters). Only
                # a section with half its target: ended at less (thirteenth session's run) g0154 went from
                # 0.71 to 0.40 of the real length, its 二/三 without the numbered items later turns added
                break
            if extra_turn and turn == turns and len(body) < FILL_SECTION * chars and extra.strip():
                extra_turn = False
                turns += 1  # bounded: once per section
            elif len(added) < 20:
                if extra_turn and len(body) < FILL_SECTION * chars and extra.strip():
                    extra_turn = False  # nothing new this time: once more, told what it has
                    continue
                break
        return body

    @staticmethod
    def _tail(req: DraftRequest, today: dt.date | None, add: Callable[[str, Role], None]) -> None:
        if req.org.strip():
            add(req.org.strip(), Role.SIGNATURE)
        add(req.date.strip() or today_cn(today), Role.DATE)
