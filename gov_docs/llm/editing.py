"""Editing help on a selection: 润色, 扩写, 缩写, 改写为正式公文语体 — streamed proposals to accept or reject."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from gov_docs.llm.backends import Backend, Sampling
from gov_docs.llm.drafting import SYSTEM, clean_section

ACTIONS = {
    "polish": ("润色", "在不改变原意的前提下润色下面这段公文文字，使表述更准确、简洁、规范"),
    "expand": ("扩写", "把下面这段公文文字扩写为内容更充实的一段，补充具体措施和要求，不编造数字、日期和文件名称"),
    "condense": ("缩写", "把下面这段公文文字压缩到原来一半左右的篇幅，保留全部要点"),
    "formal": ("改写为正式公文语体", "把下面这段文字改写为庄重、规范的党政机关公文语体，去掉口语化表达"),
}


@dataclass
class Proposal:
    """A proposed replacement for the selection; the GUI shows it next to the original."""

    action: str
    original: str
    text: str
    cancelled: bool = False


def edit_stream(backend: Backend, action: str, text: str, *, cancel: threading.Event | None = None,
                sampling: Sampling | None = None) -> Iterator[str]:
    """Stream the raw model output for an editing action on ``text``."""
    if action not in ACTIONS:
        raise ValueError(f"未知的编辑操作 {action}（可用：{'、'.join(ACTIONS)}）")
    label, instruction = ACTIONS[action]
    length = len(text)
    budget = {"expand": length * 3, "condense": length, "polish": length * 2, "formal": length * 2}[action]
    s = sampling or Sampling()
    s = Sampling(max(64, min(s.max_tokens, budget)), s.temperature, s.top_p, s.repeat_penalty)
    messages = [{"role": "system", "content": SYSTEM},
                {"role": "user", "content": f"任务：{instruction}。只输出改写后的文字。\n原文：{text}"}]
    yield from backend.stream(messages, s, cancel)


def propose(backend: Backend, action: str, text: str, *, on_token: Callable[[str], None] | None = None,
            cancel: threading.Event | None = None) -> Proposal:
    """Run an editing action and return the cleaned proposal (the original is never changed here)."""
    pieces = []
    for piece in edit_stream(backend, action, text, cancel=cancel):
        pieces.append(piece)
        if on_token:
            on_token(piece)
    max_chars = {"expand": len(text) * 4, "condense": max(20, len(text))}.get(action, len(text) * 2 + 40)
    cleaned = clean_section("".join(pieces), title="", heading="", seen=[], max_chars=max_chars, allowed=text)
    return Proposal(action, text, cleaned or text, cancelled=bool(cancel and cancel.is_set()))
