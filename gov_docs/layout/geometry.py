"""The GB/T 9704-2012 page grid in points: A4, 版心 156 × 225 mm, 22 lines × 28 characters.

Everything the layout places is measured in points (1/72 inch) from the top-left corner of the
page. The grid is the standard's whatever font draws it: a 3号 character takes 156 mm / 28 of the
width, a line 225 mm / 22 of the height.
"""

from __future__ import annotations

# The grid's character advances (re-exported: the layout and its renderers measure with these).
from gov_docs.text.linebreak import CHAR_DELTA as CHAR_DELTA
from gov_docs.text.linebreak import char_width as char_width
from gov_docs.text.linebreak import is_full_width as is_full_width

MM = 72.0 / 25.4

PAGE_WIDTH = 210.0 * MM
PAGE_HEIGHT = 297.0 * MM
TOP = 37.0 * MM  # 天头 (§5.2.1)
LEFT = 28.0 * MM  # 订口
TEXT_WIDTH = 156.0 * MM  # 版心
TEXT_HEIGHT = 225.0 * MM
RIGHT = LEFT + TEXT_WIDTH
BOTTOM = TOP + TEXT_HEIGHT

ROWS = 22  # lines per page (§5.2.2)
COLUMNS = 28  # 3号 characters per line
ROW = TEXT_HEIGHT / ROWS  # ≈ 28.99 pt
PITCH_3 = TEXT_WIDTH / COLUMNS  # ≈ 15.79 pt: one 3号 character cell

#: Where the top edge of the 发文机关标志 sits below the top of the 版心 (§7.2.3): 35 mm, 上行文 80 mm.
MARK_OFFSET = 35.0 * MM
MARK_OFFSET_UP = 80.0 * MM
#: Largest size of the 发文机关标志 (it is also narrowed to fit the 版心).
MARK_MAX_SIZE = 50.0
#: The red rule lies 4 mm under the 发文字号 (§7.2.5); 版记 rules 0.35 / 0.25 mm (§7.4.1).
RED_RULE_GAP = 4.0 * MM
RED_RULE_WIDTH = 0.5 * MM
COLOPHON_THICK = 0.35 * MM
COLOPHON_THIN = 0.25 * MM
#: The page number's top edge is 7 mm under the 版心 (§7.5).
PAGE_NUMBER_GAP = 7.0 * MM
RED = "E60012"

#: Ascent of the ideographic em box (CJK fonts put the baseline at 0.88 em from the top).
ASCENT = 0.88

def pitch(size: float) -> float:
    """Return the advance of one full-width character of ``size`` points on the grid."""
    return size + CHAR_DELTA


def row_top(row: int) -> float:
    """Return the top of grid line ``row`` (0–21) on a page."""
    return TOP + row * ROW


def baseline(top: float, height: float, size: float) -> float:
    """Return the baseline of ``size``-point text centred in a line box."""
    return top + (height - size) / 2 + ASCENT * size
