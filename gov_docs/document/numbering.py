"""Word's automatic list numbering (``word/numbering.xml``): the label Word shows before a paragraph.

A clerk who numbers headings with Word's or WPS's list feature (一、 （一） 1. （1） made by the program,
not typed) has no number in the paragraph's text. Role detection needs the label to see a heading, and
the layout reads the level's indents. The label is computed as Word does: one counter per list and
level, a level's counter restarting when a higher level advances (``w:lvlRestart`` may say otherwise),
``w:start`` and ``w:startOverride`` honoured, ``%1``…``%9`` in ``w:lvlText`` replaced by the counters in
each level's own format.

Only what a 公文 uses is rendered; an unknown format reads as Arabic digits and a bullet as no label (a
bullet is not a heading number).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from gov_docs.document.model import Document, Paragraph

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = "零一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _attr(el: Any, name: str) -> str | None:
    return None if el is None else el.get(W + name)


#: Word's bounds: list levels 0–8, counters 0–32767. Values outside them (or not numbers at all) come
#: only from damaged or hand-edited files; they must not make the whole document unreadable.
_MAX_LEVEL = 8
_MAX_COUNTER = 32767


def _int(value: str | None, default: int, top: int) -> int:
    """Return attribute ``value`` as an int within 0..``top``; ``default`` when missing or not a number."""
    try:
        return default if value is None else min(max(int(value), 0), top)
    except ValueError:
        return default


def _level_of(value: str | None, default: int = 0) -> int:
    return _int(value, default, _MAX_LEVEL)


def chinese_counting(n: int, digits: str = _DIGITS, ten: str = "十") -> str:
    """Return 一 … 十 … 十一 … 二十 … 九十九 … 一百零一 (Word's chineseCounting)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return digits[n]
    if n >= 1000:  # Word's 千/万 forms; lists never get there in practice
        return str(n)
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else digits[tens]) + ten + (digits[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        return digits[hundreds] + "百"
    tail = chinese_counting(rest, digits, ten)
    if rest < 10:
        return digits[hundreds] + "百零" + tail
    return digits[hundreds] + "百" + (digits[1] + tail if rest < 20 else tail)


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    """Return A, B … Z, AA, BB … as Word counts letters."""
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """Return counter ``n`` in Word's number format ``fmt`` (w:numFmt)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting"):
        return chinese_counting(n)
    if fmt == "chineseLegalSimplified":
        return chinese_counting(n, _LEGAL, "拾")
    if fmt == "ideographTraditional" and 1 <= n <= len(_HEAVENLY):
        return _HEAVENLY[n - 1]
    if fmt == "ideographZodiac" and 1 <= n <= len(_EARTHLY):
        return _EARTHLY[n - 1]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    return str(n)


class _Level:
    __slots__ = ("fmt", "ppr", "restart", "start", "style", "text")

    def __init__(self, lvl: Any) -> None:
        self.start = _int(_attr(lvl.find(W + "start"), "val"), 1, _MAX_COUNTER)
        self.fmt = _attr(lvl.find(W + "numFmt"), "val") or "decimal"
        self.text = _attr(lvl.find(W + "lvlText"), "val")
        if self.text is None:
            self.text = f"%{_level_of(_attr(lvl, 'ilvl')) + 1}."
        restart = _attr(lvl.find(W + "lvlRestart"), "val")
        self.restart = None if restart is None else _level_of(restart)
        self.ppr = lvl.find(W + "pPr")
        self.style = _attr(lvl.find(W + "pStyle"), "val")


class ListNumbering:
    """The lists of one document; ``label(num_id, ilvl)`` advances the counters in reading order."""

    def __init__(self, numbering_element: Any | None) -> None:
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        if numbering_element is None:
            return
        for ab in numbering_element.iterchildren(W + "abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in ab.iterchildren(W + "lvl"):
                ilvl = _level_of(_attr(lvl, "ilvl"), -1)
                if ilvl >= 0:  # a level whose number cannot be read is ignored, as Word does
                    levels[ilvl] = _Level(lvl)
            self._abstract[_attr(ab, "abstractNumId") or ""] = levels
        for num in numbering_element.iterchildren(W + "num"):
            overrides: dict[int, int] = {}
            override_levels: dict[int, _Level] = {}
            for ov in num.iterchildren(W + "lvlOverride"):
                ilvl = _level_of(_attr(ov, "ilvl"))
                start = _attr(ov.find(W + "startOverride"), "val")
                if start is not None:
                    overrides[ilvl] = _int(start, 1, _MAX_COUNTER)
                lvl = ov.find(W + "lvl")
                if lvl is not None:
                    override_levels[ilvl] = _Level(lvl)
            abstract_id = _attr(num.find(W + "abstractNumId"), "val") or ""
            self._nums[_attr(num, "numId") or ""] = (abstract_id, overrides, override_levels)

    def __bool__(self) -> bool:
        return bool(self._nums)

    def level(self, num_id: str, ilvl: int) -> _Level | None:
        """Return the definition of level ``ilvl`` of list ``num_id`` (None when the list is unknown)."""
        entry = self._nums.get(num_id)
        if entry is None:
            return None
        abstract_id, _overrides, override_levels = entry
        return override_levels.get(ilvl) or self._abstract.get(abstract_id, {}).get(ilvl)

    def style_level(self, num_id: str, style_id: str) -> int:
        """Return the level of list ``num_id`` whose w:pStyle is ``style_id`` (a heading style linked to a
        multilevel list names no level), or 0.
        """
        entry = self._nums.get(num_id)
        levels = self._abstract.get(entry[0], {}) if entry else {}
        return next((ilvl for ilvl, lvl in sorted(levels.items()) if lvl.style == style_id), 0)

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance list ``num_id`` at level ``ilvl`` and return the label Word shows ("" for none)."""
        lvl = self.level(num_id, ilvl)
        if lvl is None or num_id in ("", "0"):
            return ""
        _abstract_id, overrides, _levels = self._nums[num_id]
        counters = self._counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, overrides.get(ilvl, lvl.start) - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            deeper_lvl = self.level(num_id, deeper)
            restart = deeper_lvl.restart if deeper_lvl is not None else None
            # by default any higher level restarts it; w:lvlRestart N: only levels above N; 0: never
            if restart is None or (restart != 0 and ilvl < restart):
                del counters[deeper]
        if lvl.fmt in ("bullet", "none"):
            return ""

        def counter(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            k_lvl = self.level(num_id, k) or lvl
            value = counters.get(k, overrides.get(k, k_lvl.start))
            return format_number(value, k_lvl.fmt)

        return re.sub(r"%([1-9])", counter, lvl.text)


def numbering_of(d: Any) -> ListNumbering:
    """Return the lists of a python-docx document (empty when it has no numbering part)."""
    try:
        element = d.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        element = None
    return ListNumbering(element)


def paragraph_num(ppr: Any, style_num: tuple[str, int] | None) -> tuple[str, int] | None:
    """Return (numId, ilvl) of a paragraph: its own w:numPr, else its style's; None when not in a list."""
    num_pr = ppr.find(W + "numPr") if ppr is not None else None
    if num_pr is None:
        return style_num
    num_id = _attr(num_pr.find(W + "numId"), "val")
    ilvl = _attr(num_pr.find(W + "ilvl"), "val")
    if num_id is None:  # only the level given: the style's list at that level
        return (style_num[0], _level_of(ilvl)) if style_num else None
    if num_id == "0":  # numbering switched off for this paragraph
        return None
    return num_id, _level_of(ilvl, style_num[1] if style_num else 0)


def typed_list_numbers(doc: Document) -> Document:
    """Return ``doc`` with each list number typed before its paragraph's text (一、总体要求).

    For what leaves the program as a new file — the typeset .docx, the PDF, plain text — where Word's
    lists do not travel: GB/T 9704 numbers are typed. The document itself is left as it is.
    """
    if not any(p.number_label for p in doc.paragraphs):
        return doc
    return replace(doc, paragraphs=[_typed(p) if p.number_label else p for p in doc.paragraphs])


def _typed(p: Paragraph) -> Paragraph:
    n = len(p.number_label)
    runs = [replace(p.runs[0], text=p.number_label + p.runs[0].text), *p.runs[1:]] if p.runs else []
    return replace(p, text=p.number_label + p.text, runs=runs, number_label="",
                   placeholders=[(a + n, b + n) for a, b in p.placeholders])
