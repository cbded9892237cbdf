"""Heading numbers of a 公文 (core, no Qt): the one place where 一、 （一） 1. （1） are parsed.

GB/T 9704-2012 7.3.3 numbers the levels of the body's headings 一、 → （一） → 1. → （1）. Role detection
(:mod:`gov_docs.document.roles`), the structure checks (sequence, levels), the drafting model's output
parsers (:mod:`gov_docs.llm`) and the benchmarks all read heading numbers through this module, so a
heading is the same thing everywhere.

Two readings:
- :data:`HEADING_PATTERNS` (strict): a line of a document starts with a heading number. ``1.5亿`` is not
  a heading, ``1.2019年底前……`` is.
- :data:`LOOSE_LEVEL1` / :data:`LOOSE_LEVEL2` (loose): text a person or the model typed (an outline, a
  section's output): leading spaces, ``一.`` / ``一．`` for ``一、``, spaces after the number.
"""

from __future__ import annotations

import re

from gov_docs.text.numerals import cn_number

#: The characters of a Chinese heading number (一、 （十二） 一百零一、).
NUMERALS = "一二三四五六七八九十百零〇"
_N = f"[{NUMERALS}]+"

#: (level, pattern) in the order they are tried; group ``n`` is the number. Match on a stripped line.
HEADING_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^(?P<n>{_N})、")),
    (2, re.compile(rf"^[（(](?P<n>{_N})[）)]")),
    (3, re.compile(r"^(?P<n>\d{1,2})[.．](?:(?!\d)|(?=\d{4}年))")),  # "1.2019年底前…" yes, "1.5亿" no
    (4, re.compile(r"^[（(](?P<n>\d{1,2})[）)]")),
)
#: How each level is written, for messages ("“（一）”层次后才能用“1.”").
LEVEL_FORMS = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}

#: "一、二季度" / "一、二是": two numerals joined by 、 are running text, not a level-1 heading.
RUNNING_TEXT = re.compile(rf"^{_N}、{_N}(季度|、|是|要)")
#: Any heading number at the start of a sentence (一、 （一） 1. （1） 1、 and the half-width forms).
ANY_NUMBER = re.compile(rf"^[（(]?[{NUMERALS}\d]+[)）、.．]?")

#: Loose level 1 of typed text: "一、标题", " 二. 标题"; group 1 the number, group 2 the heading.
LOOSE_LEVEL1 = re.compile(rf"^\s*({_N})[、.．]\s*(.+)$")
#: Loose level 2 of typed text: "（一）标题", "(二) 标题"; group 1 the number, group 2 the heading.
LOOSE_LEVEL2 = re.compile(rf"^\s*[（(]({_N})[）)]\s*(.+)$")
#: The start of a level-2 line in typed text (up to the heading): "（一）", " (二) ".
LOOSE_LEVEL2_START = re.compile(rf"^\s*[（(]({_N})[）)]\s*")
#: A level-1 number or a numbered-list number at the start of a heading typed by a person: "一、", "3.".
TYPED_NUMBER = re.compile(rf"^{_N}、|^\d+[.、．]")
#: List marks a model puts before its lines: bullets, 1. 1、 1) （1） 一、 一. （一） 第一，
LIST_MARK = re.compile(
    rf"^\s*(?:[-*•·]\s+|\d{{1,2}}[.、．)]\s*|[（(]\d{{1,2}}[）)]\s*|{_N}[、.．]\s*"
    rf"|[（(]{_N}[）)]\s*|第{_N}[，,、]\s*)")

#: A level-2 number that lost its opening bracket, at a line's or a clause's start: "……。七）完善配套制度。"
#: (the 1.5B's g0193 section 三, lead's idle draft, twelfth session); group 2 the spaces before it, group 3
#: the number. Written back as （七） (:func:`restore_bracket`) so that it is read, and renumbered, as one.
LOST_BRACKET = re.compile(rf"(^|(?<=[。；！？：:\n]))([ \t]*)({_N})[）)](?=[\u4e00-\u9fff“])", re.M)
#: A list item that is only its label, alone on its line or at the text's end ("（十七）加强国际合作交流。",
#: "3. **强化资金保障**"): group 1 the label. The 1.5B wrote such items when their text was cut by the token
#: limit or never written (g0193, lead's idle draft, twelfth session).
MARKED_LABEL = re.compile(
    rf"(?:^|(?<=[。；！？]))[ \t]*(?:[（(]{_N}[）)]|{_N}[、.．]|\d{{1,2}}[.．、](?!\d)|[（(]\d{{1,2}}[）)])"
    r"[ \t]*(?:\*\*)?([\u4e00-\u9fff]{2,14})(?:\*\*)?[。；]?[ \t]*$", re.M)
#: A model token that is only (part of) a list mark, as a tokenizer cuts "7. " or "（三）": a number, its
#: dot or 、, bold stars, a bracket, a numeral with or without its closing bracket.
MARK_TOKEN = re.compile(r"^\s*(?:\d+|[.．、:：*#\-•]+|[（(]|[)）]|[一二三四五六七八九十]+[)）]?)\s*$")


def restore_bracket(text: str) -> str:
    """Return ``text`` with each level-2 number that lost its opening bracket ("七）") written "（七）"."""
    return LOST_BRACKET.sub(lambda m: f"{m.group(2)}（{m.group(3)}）", text)


def match_heading(text: str) -> tuple[int, re.Match[str]] | None:
    """Return (level, match) of the heading number that the stripped line ``text`` starts with, or None.

    Only the number is looked at; whether the line is a heading or a numbered sentence is the role
    detector's decision (:func:`gov_docs.document.roles.heading_level`).
    """
    for level, rx in HEADING_PATTERNS:
        m = rx.match(text)
        if m:
            return level, m
    return None


def heading_number(text: str) -> tuple[int, int, int]:
    """Return (level, number, end) of the heading number ``text`` starts with, or (0, 0, 0).

    Args:
        text: a stripped line (leading spaces are not skipped).

    Returns:
        The level (1–4), the number's value (``十二`` → 12) and the end of the mark (after ``、`` / ``）``).
    """
    hit = match_heading(text)
    if hit is None:
        return 0, 0, 0
    level, m = hit
    return level, cn_number(m.group("n")), m.end()


def strip_typed_number(text: str) -> str:
    """Return a heading typed by a person without its leading ``一、`` or ``3.`` (only the first)."""
    return TYPED_NUMBER.sub("", text, count=1)
