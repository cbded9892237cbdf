"""Drafting: the program builds the frame of a 公文, the model writes only the section bodies.

The frame comes from the document-type template (``resources/doctypes/templates.yaml``) and the clerk:
标题 (发文机关 + 关于 + 事由 + 文种, or the clerk's), 发文字号 (only from the clerk), 主送机关, the opening
formula, headings 一、二、… from the clerk's key points (or the template's default sections), the fixed
closing, 附件说明, 署名 and 成文日期. For each body the model gets the title, the section heading, the key
points and passages of related prior documents (grounding); its output is cleaned (Markdown, list
markers, headings it repeats, half-width punctuation), repeated sentences are cut, then the checks run
and the unambiguous fixes are applied. Nothing is invented: numbers, dates and titles come from the
clerk or the library.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from gov_docs.document.doctypes import DOC_TYPES
from gov_docs.document.model import Document, PageSetup, Paragraph, Role
from gov_docs.errors import GovDocsError
from gov_docs.llm.backends import Backend, GenStats, Sampling
from gov_docs.llm.grounding import Passage, Retriever

CN_NUMS = "一二三四五六七八九十"
TokenFn = Callable[[str, str], None]  # (section name, text piece)


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

    # Keys this version does not know are reported by `gov-docs rules validate`, not a reason to stop drafting.
    problems = [str(e) for e in validate_templates(Path(path))[1] if not e.message.startswith("未知的键")]
    if problems:
        raise DraftError(f"文种模板文件 {path} 有误：\n" + "\n".join(problems[:5]))
    return data


def templates(path: Path | None = None) -> dict:
    """Return the 15 document-type templates (cached by file mtime)."""
    from gov_docs import paths

    path = path or paths.resources_dir() / "doctypes" / "templates.yaml"
    if not path.exists():
        raise DraftError(f"文种模板文件 {path} 不存在")
    return _templates(str(path), path.stat().st_mtime)


@dataclass
class DraftRequest:
    """What the clerk asks for."""

    doc_type: str
    title: str = ""
    subject: str = ""  # 事由, used when no title is given
    points: list[str] = field(default_factory=list)
    to: str = ""
    org: str = ""
    date: str = ""
    number: str = ""
    attachments: list[str] = field(default_factory=list)


@dataclass
class DraftResult:
    """The draft, what it drew on, what the checks still say, and generation figures."""

    document: Document
    sources: list[Passage]
    findings: list
    fixed: list
    stats: GenStats
    cancelled: bool = False


def today_cn(today: dt.date | None = None) -> str:
    """Return a date as 2026年11月22日 (GB/T 9704: Arabic numerals, no leading zeros)."""
    d = today or dt.date.today()
    return f"{d.year}年{d.month}月{d.day}日"


def build_title(req: DraftRequest) -> str:
    """Return the clerk's title, or 发文机关 + 关于 + 事由 + 文种."""
    if req.title.strip():
        return req.title.strip()
    if not req.subject.strip():
        raise DraftError("请填写标题，或填写事由以生成标题")
    subject = req.subject.strip()
    subject = subject[2:] if subject.startswith("关于") else subject
    return f"{req.org.strip()}关于{subject}的{req.doc_type}"


# -- cleaning -------------------------------------------------------------------------------------
_MD = re.compile(r"(\*\*|__|`{1,3}|^#{1,6}\s*|^>\s*)", re.M)
_LIST_MARK = re.compile(r"^\s*(?:[-*•·]\s+|\d{1,2}[.、．)]\s*|[（(]\d{1,2}[）)]\s*|[一二三四五六七八九十]+[、.．]\s*|[（(][一二三四五六七八九十]+[）)]\s*)")
_HALF = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_SENT = re.compile(r"[^。！？；]+[。！？；]?")


def to_fullwidth(text: str) -> str:
    """Replace half-width , ; : ? ! ( ) next to Chinese characters with full-width marks."""
    def repl(m: re.Match) -> str:
        return _HALF[m.group(0)]

    return re.sub(r"(?<=[\u4e00-\u9fff])[,;:?!]|[,;:?!](?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])[()]|[()](?=[\u4e00-\u9fff])",
                  repl, text)


def _bigrams(s: str) -> set[str]:
    s = re.sub(r"[^\u4e00-\u9fff]", "", s)
    return {s[i:i + 2] for i in range(len(s) - 1)}


#: Prompt lines the model sometimes echoes ("文种：通知（下行文）"): dropped whole.
_ECHO_LINE = re.compile(r"^(?:公文标题|标题|文种|任务|写作要求|要点|办文人给出的要点|参考资料)[:：]")
#: Prefixes it sometimes puts before the text ("请示（上行文）：", "正文："): stripped.
_ECHO = re.compile(r"^(?:正文|开头)[:：]|^[\u4e00-\u9fff]{1,4}（(?:[上下平]行文|公布)）[:：]?")
#: First-person or assistant talk that never belongs in a 公文.
_PERSONA = re.compile(r"我将|我会|我们将为您|作为(?:一个)?(?:AI|人工智能|助手)|以下是|希望(?:以上|这些)")
_INVENTED = re.compile(r"\d{4}\s*年|〔\d{4}〕|\d+号|《[^》]+》|如下[：:]")


def clean_section(raw: str, *, title: str, heading: str, seen: list[set[str]], max_chars: int = 400,
                  allowed: str = "") -> str:
    """Turn model output into one clean body paragraph.

    Drops Markdown, list markers, lines repeating the title or a heading, greetings and sign-offs the
    program writes itself; converts punctuation to full width; cuts sentences that repeat (exactly or
    nearly: 80% shared character bigrams) anything already in the draft (``seen`` is updated). A
    sentence with a year, a 发文字号, a 《title》 or a "如下：" formula is dropped unless that text is
    in ``allowed`` (the clerk's own words): the model must not invent dates, numbers or titles.
    """
    lines = []
    for line in raw.replace("\r", "").split("\n"):
        line = _MD.sub("", line).strip()
        if _ECHO_LINE.match(line):
            continue
        line = _ECHO.sub("", line).strip()
        if not line:
            continue
        bare = _LIST_MARK.sub("", line).strip("：: ")
        if bare in (title, heading) or title.startswith(bare) or (heading and bare.startswith(heading) and len(bare) <= len(heading) + 2):
            continue
        if re.match(r"^(各.{0,30}：|.{0,20}人民政府.{0,10}：|特此|此致|妥否|以上|附件[:：]|\d{4}年\d{1,2}月\d{1,2}日)", line):
            continue
        lines.append(_LIST_MARK.sub("", line))
    text = to_fullwidth("".join(lines))
    out: list[str] = []
    total = 0
    for sent in _SENT.findall(text):
        sent = sent.strip()
        if len(re.sub(r"[^\u4e00-\u9fff]", "", sent)) < 4:
            continue
        if any(m.group(0) not in allowed for m in _INVENTED.finditer(sent)) or _PERSONA.search(sent):
            continue
        grams = _bigrams(sent)
        if any(grams and (len(grams & g) / len(grams)) >= 0.8 for g in seen):
            continue
        if total + len(sent) > max_chars and out:
            break
        seen.append(grams)
        out.append(sent)
        total += len(sent)
    body = "".join(out)
    if body and body[-1] not in "。！？；：":
        body = body.rstrip("，、；") + "。"
    return body


def has_repeated_sentences(doc: Document, threshold: float = 0.8) -> bool:
    """Return True when two body sentences of ``doc`` share ≥ ``threshold`` of their character bigrams."""
    seen: list[set[str]] = []
    for p in doc.paragraphs:
        if p.role is not Role.BODY:
            continue
        for sent in _SENT.findall(p.text):
            grams = _bigrams(sent)
            if len(grams) < 4:
                continue
            if any(len(grams & g) / len(grams) >= threshold for g in seen):
                return True
            seen.append(grams)
    return False


# -- prompts --------------------------------------------------------------------------------------
SYSTEM = ("你是党政机关的公文写作助手，熟悉《党政机关公文处理工作条例》和GB/T 9704-2012。"
          "只输出要求的那一段正文，使用规范、庄重、简洁的书面语；不写标题、不写序号、不用Markdown、不分条列举；"
          "不编造数字、日期、文号和文件名称。")


def section_prompt(req: DraftRequest, title: str, tpl: dict, heading: str, role: str, sources: list[Passage]) -> list[dict]:
    """Return the chat messages for one section body."""
    refs = ""
    if sources:
        refs = "参考资料（可借鉴表述，不得照抄文号和日期）：\n" + "\n".join(
            f"《{p.title}》：{p.text[:160]}" for p in sources) + "\n"
    points = "；".join(req.points) if req.points else "（无）"
    if role == "opening":
        task = f"写开头一段（缘由和目的，60至100字），说明为什么制发本{req.doc_type}，不要写“现将……如下”。"
    else:
        task = f"写“{heading}”这一部分的正文，一段，80至150字，内容紧扣“{heading}”。"
    user = (f"{refs}公文标题：{title}\n文种：{req.doc_type}（{tpl.get('direction', '')}）\n"
            f"写作要求：{tpl.get('guidance', '')}\n办文人给出的要点：{points}\n任务：{task}")
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


def _shares_topic(text: str, query: str) -> bool:
    """Return True when a passage shares at least two topic words with the request (else it is noise)."""
    from gov_docs.checks.kinds.wordlists import segmenter
    from gov_docs.library.analysis import STOP_WORDS

    words = {w for w in segmenter().cut(query, HMM=False) if len(w) >= 2 and w not in STOP_WORDS
             and re.search(r"[\u4e00-\u9fff]", w)}
    return sum(1 for w in words if w in text) >= 2


# -- the drafter ----------------------------------------------------------------------------------
class Drafter:
    """Builds a draft with a backend, an optional retriever and the checks."""

    def __init__(self, backend: Backend, *, retriever: Retriever | None = None, checker=None,
                 sampling: Sampling | None = None, section_tokens: int = 200) -> None:
        self.backend = backend
        self.retriever = retriever
        self.checker = checker
        self.sampling = sampling or Sampling()
        self.section_tokens = section_tokens

    def _generate(self, messages: list[dict], name: str, on_token: TokenFn | None, cancel: threading.Event | None,
                  totals: GenStats) -> str:
        sampling = Sampling(min(self.sampling.max_tokens, self.section_tokens), self.sampling.temperature,
                            self.sampling.top_p, self.sampling.repeat_penalty)
        pieces = []
        for piece in self.backend.stream(messages, sampling, cancel):
            pieces.append(piece)
            if on_token:
                on_token(name, piece)
        s = self.backend.last_stats
        if totals.tokens == 0:
            totals.first_token_s = s.first_token_s
        totals.tokens += s.tokens
        totals.seconds += s.seconds
        totals.cancelled = totals.cancelled or s.cancelled
        return "".join(pieces)

    def draft(self, req: DraftRequest, *, on_token: TokenFn | None = None,
              cancel: threading.Event | None = None, today: dt.date | None = None) -> DraftResult:
        """Write the draft.

        Args:
            req: the clerk's request.
            on_token: called with (section, text piece) as the model writes (for streaming UIs).
            cancel: set it to stop; the sections written so far are kept and ``cancelled`` is True.
            today: the date used when the request has none.

        Returns:
            The draft document (roles set), the passages it drew on, the findings left after the
            automatic fixes, the fixes applied, and the generation figures.
        """
        tpls = templates()
        if req.doc_type not in tpls:
            raise DraftError(f"未知的文种“{req.doc_type}”（可选：{'、'.join(DOC_TYPES)}）")
        tpl = tpls[req.doc_type]
        title = build_title(req)
        if tpl.get("addressee", {}).get("required") and not req.to.strip():
            raise DraftError(f"{req.doc_type}须写明主送机关（如：{tpl['addressee'].get('hint', '')}）")
        sources: list[Passage] = []
        if self.retriever is not None:
            query = " ".join([title, *req.points])
            sources = [p for p in self.retriever.related(query, top_k=3) if _shares_topic(p.title + p.text, query)]
        allowed = " ".join([title, req.to, req.org, req.number, req.date, *req.points, *req.attachments])
        headings = [p.strip() for p in req.points if p.strip()] or list(tpl.get("sections", []))
        totals = GenStats()
        # The writing guidance counts as "already said": a model echoing it is cut like a repetition.
        seen: list[set[str]] = [_bigrams(part) for part in re.split(r"[，。；]", tpl.get("guidance", "")) if len(part) >= 4]
        paras: list[Paragraph] = []

        def add(text: str, role: Role) -> None:
            paras.append(Paragraph(text=text, role=role, role_locked=True))

        if req.number.strip():
            add(req.number.strip(), Role.DOC_NUMBER)
        add(title, Role.TITLE)
        if req.to.strip():
            add(req.to.strip().rstrip("：:") + "：", Role.ADDRESSEE)
        opening = self._generate(section_prompt(req, title, tpl, "", "opening", sources), "开头", on_token, cancel, totals)
        opening = clean_section(opening, title=title, heading="", seen=seen, max_chars=160, allowed=allowed)
        formula = tpl.get("opening", "")
        add((opening.rstrip("。") + "，" + formula if opening and formula else opening or formula) or title, Role.BODY)
        for i, heading in enumerate(headings):
            if cancel is not None and cancel.is_set():
                break
            heading = re.sub(r"^[一二三四五六七八九十]+、|^\d+[.、．]", "", heading).strip("。；; ")
            raw = self._generate(section_prompt(req, title, tpl, heading, "section", sources), heading, on_token, cancel, totals)
            body = clean_section(raw, title=title, heading=heading, seen=seen, allowed=allowed)
            if tpl.get("numbered", True):
                add(f"{CN_NUMS[i] if i < len(CN_NUMS) else i + 1}、{heading}", Role.HEADING1)
                add(body or f"认真做好{heading}相关工作。", Role.BODY)
            else:
                add(body or f"关于{heading}，特此说明。", Role.BODY)
        if tpl.get("closing"):
            add(tpl["closing"], Role.BODY)
        for k, name in enumerate(req.attachments):
            prefix = "附件：" if k == 0 else ""
            number = f"{k + 1}." if len(req.attachments) > 1 else ""
            add(f"{prefix}{number}{name.strip().rstrip('。')}", Role.ATTACHMENT_NOTE)
        if req.org.strip():
            add(req.org.strip(), Role.SIGNATURE)
        add(req.date.strip() or today_cn(today), Role.DATE)
        doc = Document(paragraphs=paras, page=PageSetup(), source_format="draft")
        findings, fixed = [], []
        if self.checker is not None:
            from gov_docs.checks.fixes import fix_document

            doc, fixed = fix_document(doc, self.checker.check(doc))
            findings = self.checker.check(doc)
        return DraftResult(doc, sources, findings, fixed, totals, cancelled=totals.cancelled)
