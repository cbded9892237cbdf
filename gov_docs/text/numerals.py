"""Chinese numerals (core, no Qt): counting numbers (十二, 一百零五) and date digits (二〇二四).

Used by the structure checks (heading numbers), the 成文日期 reader of the word-list rules and the
library's records (发文字号, 第N期).
"""

from __future__ import annotations

#: value of each Chinese digit in counting numbers (两 as in 两百)
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8,
             "九": 9}
#: value of each digit as written in a date (二〇二四年: 〇 and its look-alikes ○ Ｏ are zero)
DATE_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0}


def cn_number(text: str) -> int:
    """Return the value of a Chinese numeral up to 999 (一 → 1, 十二 → 12, 二十 → 20), or 0."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return 0
    return total + current


def date_number(s: str) -> int:
    """Return the value of a date part: 二〇二四 → 2024 (digit by digit), 十二 → 12, 三十一 → 31, 2024 → 2024.

    Raises:
        KeyError: a character that is not a date digit.
    """
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (DATE_DIGITS.get(tens, 1) if tens else 1) * 10 + (DATE_DIGITS.get(ones, 0) if ones else 0)
    return int("".join(str(DATE_DIGITS[c]) for c in s))
