"""Line breaking with 避头尾 and the splitting of long titles into a 梯形 or 菱形.

避头尾 (GB/T 15834 practice, Word/WPS 中文换行规则): a line never starts with a closing mark
(。，、；：？！）》” …) and never ends with an opening one (（《“ …); a character is carried to the next
line instead, and the line is justified. Runs of Latin letters and figures, ``……`` and ``——`` are
never split.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence

#: Widths of the printable ASCII characters in a Times New Roman–metric serif, in 1/1000 em
#: (the half-width figures and letters of 公文 are set in Times New Roman).
_TIMES = (
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,  # space … /
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,  # 0 … ?
    921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,  # @ … O
    556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,  # P … _
    333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,  # ` … o
    500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,  # p … ~
)
#: The GB/T 9704 grid narrows every full-width character: 156 mm / 28 = 15.79 pt for a 16 pt font.
CHAR_DELTA = 156.0 * 72.0 / 25.4 / 28 - 16.0


def is_full_width(ch: str) -> bool:
    """Return True when ``ch`` takes a whole character cell (Han, full-width and CJK punctuation)."""
    if ch < "\u0080":
        return False
    return unicodedata.east_asian_width(ch) in ("W", "F", "A")


def char_width(ch: str, size: float) -> float:
    """Return the advance of ``ch`` at ``size`` points: a grid cell, or its Times width when half-width."""
    if ch < "\u0080":
        code = ord(ch)
        if 32 <= code <= 126:
            return _TIMES[code - 32] * size / 1000.0
        return 0.0 if code < 32 else size / 2
    if is_full_width(ch):
        return size + CHAR_DELTA
    if unicodedata.combining(ch):
        return 0.0
    return size / 2

#: Marks that may not begin a line.
NO_LINE_START = frozenset("。，、；：？！）》”’」』】〕〉｝］…—·%‰℃,.;:?!)]}")
#: Marks that may not end a line.
NO_LINE_END = frozenset("（《“‘「『【〔〈｛［([{")
_EPS = 0.01


def widths(text: str, size: float) -> list[float]:
    """Return the advance of every character of ``text`` at ``size`` points."""
    return [char_width(ch, size) for ch in text]


def _unbreakable(text: str, i: int) -> bool:
    """Return True when a break between ``text[i-1]`` and ``text[i]`` would split a unit."""
    a, b = text[i - 1], text[i]
    if a.isascii() and b.isascii() and (a.isalnum() or a in ".%,") and b.isalnum():
        return not (a in ".," and not b.isdigit())
    return (a == b == "…") or (a == b == "—")


def _allowed(text: str, i: int, start: int) -> bool:
    return (
        i > start
        and text[i] not in NO_LINE_START
        and text[i - 1] not in NO_LINE_END
        and not _unbreakable(text, i)
    )


def break_lines(text: str, size: float, first_width: float, width: float,
                advances: Sequence[float] | None = None) -> list[tuple[int, int]]:
    """Break ``text`` into lines that fit, keeping the 避头尾 rules.

    Args:
        text: the paragraph text.
        size: the font size in points.
        first_width: room on the first line (after the first-line indent), in points.
        width: room on the following lines, in points.
        advances: the character advances if already known.

    Returns:
        ``(start, end)`` code-point slices, one per line (one empty slice for empty text).
    """
    adv = list(advances) if advances is not None else widths(text, size)
    n = len(text)
    if n == 0:
        return [(0, 0)]
    out: list[tuple[int, int]] = []
    pos = 0
    room = first_width
    while pos < n:
        w = 0.0
        end = pos
        while end < n and w + adv[end] <= room + _EPS:
            w += adv[end]
            end += 1
        if end >= n:
            out.append((pos, n))
            break
        if end == pos:  # not even one character fits: take it anyway
            end = pos + 1
        cut = end
        while cut > pos and not _allowed(text, cut, pos):
            cut -= 1
        if cut <= pos:  # no legal break inside the line (a long run of figures): break where it is full
            cut = end
        out.append((pos, cut))
        pos = cut
        room = width
    return out


def justify(adv: Sequence[float], x0: float, room: float, spread: bool) -> list[float]:
    """Return the x of each character starting at ``x0``; ``spread`` shares the leftover room evenly."""
    xs: list[float] = []
    extra = 0.0
    if spread and len(adv) > 1:
        extra = max(0.0, room - sum(adv)) / (len(adv) - 1)
    x = x0
    for a in adv:
        xs.append(x)
        x += a + extra
    return xs


# ---- titles -------------------------------------------------------------------------------------

_PAIRS = {"《": "》", "“": "”", "（": "）", "〈": "〉"}


@functools.lru_cache(maxsize=256)
def _word_bounds(text: str) -> frozenset[int]:
    """Return the offsets where ``text`` may be broken without splitting a word or a 《名称》."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    bounds: set[int] = set()
    pos = 0
    for word in jieba.lcut(text, HMM=True):
        pos += len(word)
        bounds.add(pos)
    bounds.discard(len(text))
    # Keep book titles and quotations whole when they are short enough to fit on a line.
    depth_close = []
    for i, ch in enumerate(text):
        if ch in _PAIRS:
            depth_close.append((i, _PAIRS[ch]))
        elif depth_close and ch == depth_close[-1][1]:
            start, _ = depth_close.pop()
            if i - start < 18:
                bounds -= set(range(start + 1, i + 1))
    return frozenset(b for b in bounds if 0 < b < len(text) and _allowed(text, b, 0))


def _shape_cost(lengths: Sequence[float]) -> float:
    """Score how far line lengths are from a 梯形 (2 lines) or 菱形/梯形 (3+ lines); lower is better."""
    k = len(lengths)
    mean = sum(lengths) / k
    cost = sum((x - mean) ** 2 for x in lengths) / k
    if k == 2 and abs(lengths[0] - lengths[1]) < 0.5:
        cost += 1.0  # a rectangle is accepted but a trapezoid looks better
    if k >= 3:
        mids = lengths[1:-1]
        if min(mids) < lengths[0] and min(mids) < lengths[-1]:
            cost += 40.0  # 沙漏形 (hourglass): the shape the practice rules out
    return cost


_GOOD_START = ("关于",)
_BAD_START = ("的", "和", "及", "与", "之")
_BAD_END = ("关于", "对", "在", "和", "及", "与")


def _break_cost(text: str, b: int) -> float:
    head, tail = text[:b], text[b:]
    cost = 0.0
    if tail.startswith(_GOOD_START):
        cost -= 6.0
    if tail.startswith(_BAD_START):
        cost += 12.0
    if head.endswith(_BAD_END):
        cost += 12.0
    if head[-1:].isdigit():
        cost += 15.0  # a figure stays with its unit: 2024年度, 3个
    return cost


def split_title(text: str, size: float, width: float) -> list[tuple[int, int]]:
    """Split a title into centred lines that keep words whole, shaped as a 梯形 or 菱形.

    Args:
        text: the title.
        size: its font size (2号 = 22 pt).
        width: the room on a line in points.

    Returns:
        ``(start, end)`` slices, one per line; a title that fits stays on one line.
    """
    adv = widths(text, size)
    total = sum(adv)
    if total <= width + _EPS or len(text) < 4:
        return [(0, len(text))]
    cum = [0.0]
    for a in adv:
        cum.append(cum[-1] + a)
    bounds = sorted(_word_bounds(text))
    best: tuple[float, list[int]] | None = None
    min_lines = int(total // width) + 1
    for k in range(min_lines, min_lines + 2):
        for cuts in _combinations(bounds, k - 1, cum, width):
            edges = [0, *cuts, len(text)]
            lengths = [cum[b] - cum[a] for a, b in zip(edges, edges[1:], strict=False)]
            pitch = adv[0] or size
            cost = _shape_cost([x / pitch for x in lengths]) + sum(_break_cost(text, c) for c in cuts)
            cost += 25.0 * (k - min_lines)
            box = max(lengths) + 0.25 * size
            if break_lines(text, size, box, box, adv) != list(zip(edges, edges[1:], strict=False)):
                cost += 6.0  # a narrowed centred box in Word/WPS could not reproduce these lines
            if best is None or cost < best[0]:
                best = (cost, list(cuts))
        if best is not None:
            break
    if best is None:  # no word boundary works (one enormous word): fall back to plain breaking
        return break_lines(text, size, width, width, adv)
    edges = [0, *best[1], len(text)]
    return list(zip(edges, edges[1:], strict=False))


def _combinations(bounds: Sequence[int], k: int, cum: Sequence[float], width: float):
    """Yield increasing cut lists of ``k`` offsets from ``bounds`` whose lines all fit in ``width``."""

    def rec(start: int, first: int, left: int, acc: list[int]):
        if left == 0:
            if cum[-1] - cum[start] <= width + _EPS:
                yield list(acc)
            return
        for j in range(first, len(bounds)):
            b = bounds[j]
            if cum[b] - cum[start] > width + _EPS:
                break
            acc.append(b)
            yield from rec(b, j + 1, left - 1, acc)
            acc.pop()

    yield from rec(0, 0, k, [])
