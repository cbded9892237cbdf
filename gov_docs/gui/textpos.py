"""Qt positions are UTF-16 code units; Python offsets are code points. This module converts between them."""

from __future__ import annotations


def utf16_len(text: str) -> int:
    """Return the length of ``text`` in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def to_qt(text: str, offset: int) -> int:
    """Convert a code-point offset in ``text`` to a UTF-16 offset."""
    return utf16_len(text[:offset])


def from_qt(text: str, qt_offset: int) -> int:
    """Convert a UTF-16 offset in ``text`` to a code-point offset."""
    units = 0
    for i, ch in enumerate(text):
        if units >= qt_offset:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
    return len(text)
