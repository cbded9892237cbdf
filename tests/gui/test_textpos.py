"""Qt positions (UTF-16 units) and Python positions (code points) convert both ways."""

from __future__ import annotations

from gov_docs.gui.textpos import from_qt, to_qt


def test_text_positions_convert_between_qt_and_python() -> None:
    s = "甲𠀋乙"  # 𠀋 is outside the BMP: two UTF-16 units
    assert to_qt(s, 2) == 3 and from_qt(s, 3) == 2 and to_qt(s, 3) == 4
