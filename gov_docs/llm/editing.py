"""Editing help on a selection: 润色, 扩写, 缩写, 改写为正式公文语体 — proposals that really edit.

Every proposal either changes the text or says explicitly that nothing needs changing (``unchanged``):
扩写 returns at least 1.5× the original length (a second call continues the text when the first falls
short), 缩写 at most 0.6× (the model's own sentences, cut at a sentence end when it overshoots). The
output is cleaned like drafted text (register, Markdown, invented facts); the original is never touched.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from gov_docs.llm.backends import Backend, Sampling
from gov_docs.llm.cleaning import SENTENCE, clean_section
from gov_docs.llm.drafting import SYSTEM
from gov_docs.text.han import han_bigrams

ACTIONS = {
    "polish": ("润色",
               "在不改变原意的前提下润色下面这段公文文字，使表述更准确、简洁、规范，至少改进一处用词或语序"),
    "expand": ("扩写",
               "把下面这段公文文字扩写为内容更充实的一段，篇幅扩大到原文的两倍左右，补充具体措施、"
               "责任和要求，"
                       "不编造数字、日期和文件名称"),
    "condense": ("缩写", "把下面这段公文文字压缩到原来一半以内的篇幅，保留核心要求，删去次要的修饰和重复"),
    "formal": ("改写为正式公文语体",
               "把下面这段文字改写为庄重、规范的党政机关公文语体，去掉口语化表达，以机关名义行文"),
}
EXPAND_MIN = 1.5
CONDENSE_MAX = 0.6


@dataclass
class Proposal:
    """A proposed replacement for the selection; the GUI shows it next to the original.

    ``unchanged`` is True when the proposal says the text needs no change (``text`` is then the
    original); ``note`` says so, or why a length target was not reached.
    """

    action: str
    original: str
    text: str
    cancelled: bool = False
    unchanged: bool = False
    note: str = ""


#: The writer's framing ("我们认为，", "我觉得"): a 公文 states the matter without it.
_FRAMING = re.compile(r"(?:我们|我)(?:认为|觉得|感到)[，,]?")
#: The sender as an object ("请及时报告给我们", "向我们反馈"): the report goes to the sender, unsaid.
_TO_US = re.compile(r"(?:给|向|跟|和|与)我们")
#: The sender as the subject of a clause ("，我们要……", "我们希望各单位……"): the clause keeps its verb.
_US_SUBJECT = re.compile(
    r"(?:^|(?<=[，；：。]))(?:我们|我)(?=要|将|应|必须|需要|会|一定|把|对|在|希望|建议|请)")
#: Added to the instruction when the model's wording kept the first person: the second try is told so.
IMPERSONAL = "不用“我们”“我”“大家”等口语称谓，以机关名义或无主语句表述"


def impersonal(raw: str) -> str:
    """Return the model's edit with the writer's first person taken out where the sentence stands without
    it ("我们认为这个事情非常重要" → "这个事情非常重要", "请及时报告给我们" → "请及时报告").

    The original of a 润色 or 正式语体 edit is often the clerk's own words with 我们 in them; the model keeps
    it, and the drafting cleaner drops every sentence that still has it, which left whole proposals empty.
    """
    return _US_SUBJECT.sub("", _TO_US.sub("", _FRAMING.sub("", raw)))


def _norm(s: str) -> str:
    return re.sub(r"[\s。，；、：！？,.;:!?]", "", s)


def edit_stream(backend: Backend, action: str, text: str, *, cancel: threading.Event | None = None,
                sampling: Sampling | None = None, instruction: str = "") -> Iterator[str]:
    """Stream the raw model output for an editing action on ``text``."""
    if action not in ACTIONS:
        raise ValueError(f"未知的编辑操作 {action}（可用：{'、'.join(ACTIONS)}）")
    _label, default = ACTIONS[action]
    length = len(text)
    budget = {"expand": length * 3, "condense": length, "polish": length * 2, "formal": length * 2}[action]
    s = sampling or Sampling()
    s = Sampling(max(64, min(max(s.max_tokens, budget), 1500)), s.temperature, s.top_p, s.repeat_penalty)
    messages = [{"role": "system", "content": SYSTEM},
                {"role": "user",
                 "content": f"任务：{instruction or default}。只输出改写后的文字。\n原文：{text}"}]
    yield from backend.stream(messages, s, cancel)


def _run(backend, action, text, cancel, on_token, instruction: str = "") -> str:
    pieces = []
    for piece in edit_stream(backend, action, text, cancel=cancel, instruction=instruction):
        pieces.append(piece)
        if on_token:
            on_token(piece)
    return "".join(pieces)


def _cut(text: str, limit: int) -> str:
    out = ""
    for sent in SENTENCE.findall(text):
        if len(out) + len(sent) > limit:
            break
        out += sent
    return out


def propose(backend: Backend, action: str, text: str, *, on_token: Callable[[str], None] | None = None,
            cancel: threading.Event | None = None) -> Proposal:
    """Run an editing action and return the cleaned proposal (the original is never changed here).

    Args:
        backend: the model.
        action: polish | expand | condense | formal.
        text: the selected text.
        on_token: called with each raw piece (streaming UIs).
        cancel: stop early; what came so far is used.
    """
    n = len(text)

    def clean(raw: str, seen: list | None = None, limit: int | None = None) -> str:
        return clean_section(raw, title="", heading="", seen=seen if seen is not None else [],
                             max_chars=limit or n * 4 + 40, allowed=text)

    raw = _run(backend, action, text, cancel, on_token)
    cancelled = bool(cancel and cancel.is_set())
    label = ACTIONS[action][0]
    if action == "expand":
        seen: list[set[str]] = []
        result = clean(raw, seen)
        if len(result) < EXPAND_MIN * n and not cancelled:
            base = result if len(result) >= n else text
            seen = [han_bigrams(s) for s in SENTENCE.findall(base)]
            more = _run(backend, action, base, cancel, on_token,
                        instruction=f"接着下面这段公文文字往下写3至5句，补充新的具体措施和要求，"
                                    f"不重复原文已有的内容，"
                                    f"不少于{int(EXPAND_MIN * n - len(base)) + 20}字")
            result = base + clean(more, seen)
        if len(result) < EXPAND_MIN * n:
            ratio = len(result) / max(1, n)
            return Proposal(action, text, result or text, cancelled, unchanged=not result,
                            note=f"扩写后为原文的{ratio:.1f}倍，未达到{EXPAND_MIN}倍，可再次扩写或手工补充")
        return Proposal(action, text, result, cancelled, note=f"扩写为原文的{len(result) / n:.1f}倍")
    if action == "condense":
        result = clean(raw)
        if len(result) > CONDENSE_MAX * n:
            result = _cut(result, int(CONDENSE_MAX * n))
        if not result:
            result = _cut(clean(text), int(CONDENSE_MAX * n))
        if not result or len(result) >= n:
            return Proposal(action, text, text, cancelled, unchanged=True,
                            note="原文已很简短，无法在保留要点的前提下再压缩")
        return Proposal(action, text, result, cancelled, note=f"压缩为原文的{len(result) / n:.0%}")
    result = clean(impersonal(raw))
    if not result and raw.strip() and not cancelled:  # every sentence failed the register: once more, so told
        raw = _run(backend, action, text, cancel, on_token,
                   instruction=f"{ACTIONS[action][1]}，{IMPERSONAL}")
        result = clean(impersonal(raw))
    if not result and raw.strip():
        return Proposal(action, text, text, cancelled, unchanged=True,
                        note=f"模型的{label}结果不符合公文语体（如用了第一人称），未采用；请重试或手工修改")
    if not result or _norm(result) == _norm(text):
        return Proposal(action, text, text, cancelled, unchanged=True, note=f"无需{label}：原文表述已较规范")
    return Proposal(action, text, result, cancelled)
