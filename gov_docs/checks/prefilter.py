"""Cheap tests that let a rule skip a paragraph its regex cannot match.

Most rule regexes need one of a few characters to match at all — a half-width comma, an ellipsis, the
character 年 — and most paragraphs hold none of them. Running a ``regex`` pattern with a time limit costs
several microseconds even when it finds nothing (the time limit alone costs more than the search), and
the rules run it hundreds of thousands of times over a folder of documents; testing a small set of
characters against the paragraph's characters costs a tenth of a microsecond.

:func:`required_chars` reads a pattern (with the standard library's regex parser) and returns a set of
characters of which every non-empty match must contain at least one, or None when it finds no such small
set (a pattern the parser does not know, case-insensitive matching, a match that may be empty, a match
made only of large classes such as any Han character). The answer is conservative: a paragraph that
holds none of the characters has no match, so skipping it changes no finding.

:func:`any_char_of` does the same for a list of terms (an Aho-Corasick word list): a set holding one
character of each term. A kind combines its patterns' and terms' sets into ``RuleKind.needs``, and the
engine skips the whole rule on a paragraph holding none of them — most rules find nothing in most
paragraphs, and calling a rule costs more than the test.
"""

from __future__ import annotations

import collections
import functools
import re

try:  # the standard library's parser (Python 3.11+), the same one re compiles with
    from re import _constants as C
    from re import _parser as P
except ImportError:  # pragma: no cover - older layout
    import sre_constants as C
    import sre_parse as P

MAX_CLASS = 64  # a class larger than this (such as every Han character) is no use as a filter
MAX_SET = 256
# regex-module property classes (\p{Han}, \P{...}): unknown to the standard parser; read as \w, which is
# as unhelpful to a filter as they are, so the answer stays conservative
PROPERTY = re.compile(r"\\[pP]\{[^}]*\}|\\[pP][A-Za-z]")
POSIX_CLASS = re.compile(r"\[:\^?[A-Za-z]+:\]")
NOT_A_REPEAT = re.compile(r"(?<!\\)\{(?![\d,])")  # a brace that opens no {m,n}


@functools.lru_cache(maxsize=1024)
def _parse(pattern: str, flags: int = 0):
    """Return the standard parser's reading of ``pattern`` (regex V0), or None where it may misread it."""
    if flags & re.IGNORECASE or flags & 0x4000:  # re.I, regex.FULLCASE
        return None
    if "\\\\" in pattern or POSIX_CLASS.search(pattern):  # an escaped backslash (before p{…}?), POSIX
        return None  # classes ([[:alpha:]], which the standard parser reads as plain characters): no filter
    pattern = PROPERTY.sub(r"\\w", pattern)
    if NOT_A_REPEAT.search(pattern):  # fuzzy matching ((?:abc){e<=1}), \N{…}: the parser reads literals
        return None
    try:
        parsed = P.parse(pattern, 0)
    except Exception:  # noqa: BLE001 - regex-only syntax: no filter
        return None
    if parsed.state.flags & re.IGNORECASE:
        return None
    return parsed


def required_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Return characters of which every non-empty match of ``pattern`` holds at least one, or None.

    Args:
        pattern: the regex as written in the rule file (``regex`` module syntax, version 0).
        flags: its compile flags; any case-insensitive flag gives None.
    """
    parsed = _parse(pattern, flags)
    if parsed is None:
        return None
    found = _sequence(list(parsed))
    return found if found else None


def _sequence(items) -> frozenset[str] | None:
    """Return the smallest required set of any item that every match of the sequence consumes."""
    best = None
    for op, av in items:
        found = _item(op, av)
        if found is not None and (best is None or len(found) < len(best)):
            best = found
    return best


def _class_chars(op, av, most: int) -> frozenset[str] | None:
    """Return the characters a literal or a class of at most ``most`` characters matches, else None."""
    if op is C.LITERAL:
        return frozenset(chr(av))
    if op is C.IN:
        chars: set[str] = set()
        for iop, iav in av:
            if iop is C.LITERAL:
                chars.add(chr(iav))
            elif iop is C.RANGE and iav[1] - iav[0] < most:
                chars.update(chr(c) for c in range(iav[0], iav[1] + 1))
            else:  # NEGATE, CATEGORY (\d \w \s), a large range
                return None
        return frozenset(chars) if 0 < len(chars) <= most else None
    return None


def _branches(av, each, most: int) -> frozenset[str] | None:
    """Return the union of ``each`` over a branch's alternatives (None if one is None or it is too big)."""
    union: set[str] = set()
    for branch in av[1]:
        found = each(list(branch))
        if found is None:
            return None
        union |= found
    return frozenset(union) if len(union) <= most else None


def _item(op, av) -> frozenset[str] | None:
    if op is C.LITERAL or op is C.IN:
        return _class_chars(op, av, MAX_CLASS)
    if op is C.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & re.IGNORECASE:
            return None
        return _sequence(list(sub))
    if op in (C.MAX_REPEAT, C.MIN_REPEAT) or op is getattr(C, "POSSESSIVE_REPEAT", None):
        low, _high, sub = av
        return _sequence(list(sub)) if low >= 1 else None
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _sequence(list(av))
    if op is C.BRANCH:
        return _branches(av, _sequence, MAX_SET)
    return None  # ANY, anchors, look-arounds, back-references, conditionals: require nothing


MAX_ALTERNATIVES = 32  # a piece with more spellings than this is no use as a filter
MAX_TESTS = 3  # substring tests kept per pattern (the most telling)


def required_strings(pattern: str, flags: int = 0) -> tuple[tuple[str, ...], ...]:
    """Return tests a text must pass for ``pattern`` to match in it: each test is a tuple of strings of
    which the text holds at least one (none: no test).

    Read from literal pieces every match — with its look-arounds, which match text too — is made of:
    ``(?<=各部委)，(?=各直属机构)`` needs 各部委, ， and 各直属机构; ``。{3,}`` needs 。。。;
    ``[ 　]{2,}`` one of the four pairs of spaces. Conservative like :func:`required_chars`.
    """
    parsed = _parse(pattern, flags)
    if parsed is None:
        return ()
    found: list[frozenset[str]] = []
    _pieces(list(parsed), found)
    tests = {_shortest(t) for t in found if t and "" not in t}
    ranked = sorted(tests, key=lambda t: (-min(map(len, t)), len(t), sorted(t)))
    return tuple(tuple(sorted(t)) for t in ranked[:MAX_TESTS])


def _shortest(spellings: frozenset[str]) -> frozenset[str]:
    """Drop the spellings that hold another one (a text holding 等等 holds 等)."""
    return frozenset(a for a in spellings if not any(b != a and b in a for b in spellings))


class PatternFilter:
    """The tests of one pattern (:func:`required_chars`, :func:`head_chars`, :func:`required_strings`)."""

    __slots__ = ("chars", "head", "no_han_head", "tests", "untimed")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.chars = required_chars(pattern, flags)
        self.head = head_chars(pattern, flags)
        self.no_han_head = han_never_first(pattern, flags)
        self.tests = required_strings(pattern, flags)
        #: the longest text the pattern may search without a time limit (see :func:`untimed_length`)
        self.untimed = untimed_length(pattern, flags)

    def skips(self, text: str, chars: frozenset[str]) -> bool:
        """Return True when the pattern cannot match in ``text`` (whose characters are ``chars``)."""
        if self.chars is not None and self.chars.isdisjoint(chars):
            return True
        if self.head is not None and text[:1] not in self.head:
            return True
        if self.no_han_head and "\u4e00" <= text[:1] <= "\u9fff":
            return True
        for spellings in self.tests:
            for s in spellings:
                if s in text:
                    break
            else:
                return True
        return False


# -- how long a text a pattern can search without a time limit ---------------------------------------
# The ``regex`` module's time limit reads the CPU clock: a few microseconds a call, more than most searches.
# A pattern whose backtracking is bounded (no nested unbounded repeats, no repeat of a sub-pattern that
# can match in several ways) cannot run away on a short text: the work of one search is bounded by a
# polynomial in the text's length, read from the pattern. Below the length where that bound reaches
# UNTIMED_STEPS, the rules search without the limit: measured on patterns made to backtrack (\d+[^\d] on
# digits), the bound is close to the real work there, and a search at that length took 12-15 ms on a
# loaded 2-core machine — far under the 0.2 s limit.

UNTIMED_STEPS = 1_000_000
UNTIMED_CAP = 100_000
_MANY = 64  # a bounded repeat with more counts than this is treated as unbounded
_Poly = tuple[float, int]  # c * N**d with N = len(text) + 1: an upper bound
_ONE: _Poly = (1.0, 0)


def _add(a: _Poly, b: _Poly) -> _Poly:
    return (a[0] + b[0], max(a[1], b[1]))


def _mul(a: _Poly, b: _Poly) -> _Poly:
    return (a[0] * b[0], a[1] + b[1])


def _pow(a: _Poly, k: int) -> _Poly:
    return (a[0] ** k, a[1] * k)


class _Unbounded(Exception):
    """The pattern's backtracking has no polynomial bound this reading can prove."""


def untimed_length(pattern: str, flags: int = 0) -> int:
    """Return the length of the longest text ``pattern`` may be searched in without a time limit (-1:
    every search needs one).

    The bound counts, for a backtracking matcher, the ways each piece can match (1 for a character, N+1
    for an unbounded repeat of a fixed-length piece, the sum over a branch's alternatives) and the steps
    to try them all (a sequence tries its rest once per way of its head), for each starting position.
    """
    parsed = _parse(pattern, flags)
    if parsed is None:
        return -1
    try:
        _ways, steps, _lo, _hi = _cost(list(parsed), {})
    except _Unbounded:
        return -1
    c, d = _mul((1.0, 1), steps)  # every starting position
    # the largest n with c * (n + 1) ** d <= UNTIMED_STEPS (N = n + 1), at most UNTIMED_CAP
    n = min(UNTIMED_CAP, int((UNTIMED_STEPS / c) ** (1 / d)) - 1) if c <= UNTIMED_STEPS else -1
    while n >= 0 and c * (n + 1) ** d > UNTIMED_STEPS:  # (the float root may round up)
        n -= 1
    return n


def _cost(items, groups: dict[int, tuple[int, float]]) -> tuple[_Poly, _Poly, int, float]:
    """Return (ways, steps, least width, greatest width) of a sequence; ``groups``: group → its least and
    greatest width (for back-references).
    """
    ways, steps, lo, hi = _ONE, (0.0, 0), 0, 0.0
    for op, av in items:
        w, st, ilo, ihi = _item_cost(op, av, groups)
        steps = _add(steps, _mul(ways, st))
        ways = _mul(ways, w)
        lo, hi = lo + ilo, hi + ihi
    return ways, steps, lo, hi


def _item_cost(op, av, groups: dict[int, tuple[int, float]]) -> tuple[_Poly, _Poly, int, float]:
    if op in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY):
        return _ONE, _ONE, 1, 1.0
    if op is C.AT:
        return _ONE, _ONE, 0, 0.0
    if op is C.GROUPREF:  # compares the group's text: as many steps as it is long, one way
        lo, hi = groups.get(av, (0, float("inf")))
        return _ONE, (hi, 0) if hi != float("inf") else (1.0, 1), lo, hi
    if op is C.SUBPATTERN:
        result = _cost(list(av[3]), groups)
        if av[0] is not None:
            groups[av[0]] = (result[2], result[3])
        return result
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _cost(list(av), groups)
    if op in (C.ASSERT, C.ASSERT_NOT):  # tried whole at each attempt; matches one way (atomic)
        _w, st, _lo, _hi = _cost(list(av[1]), groups)
        return _ONE, st, 0, 0.0
    if op is C.BRANCH:
        ways, steps, lo, hi = (0.0, 0), (0.0, 0), None, 0.0
        for branch in av[1]:
            w, st, blo, bhi = _cost(list(branch), groups)
            ways, steps = _add(ways, w), _add(steps, st)
            lo, hi = blo if lo is None else min(lo, blo), max(hi, bhi)
        return ways, steps, lo or 0, hi
    if op in (C.MAX_REPEAT, C.MIN_REPEAT) or op is getattr(C, "POSSESSIVE_REPEAT", None):
        low, high, sub = av
        w, st, slo, shi = _cost(list(sub), groups)
        unbounded = high is C.MAXREPEAT or high - low >= _MANY
        if w == _ONE:  # one way per count: the counts are the ways
            if unbounded:
                if slo < 1:
                    raise _Unbounded  # an empty iteration repeated without end
                return (1.0, 1), _mul((1.0, 1), st), low * slo, float("inf")
            return (float(high - low + 1), 0), _mul((float(high), 0), st), low * slo, high * shi
        if unbounded or high > 8:
            raise _Unbounded  # a repeat of several ways: exponential in the count
        return (_mul((float(high - low + 1), 0), _pow(w, high)),
                _mul((float(high), 0), _mul(_pow(w, max(high - 1, 0)), st)), low * slo, high * shi)
    raise _Unbounded  # conditionals and anything else this reading does not know


def head_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Return the characters a text must begin with for ``pattern`` to match in it (a pattern anchored
    at the start, ``^[一二三]、``), or None.
    """
    items = _anchored(pattern, flags)
    return _first(items) if items else None


def han_never_first(pattern: str, flags: int = 0) -> bool:
    r"""Return True when ``pattern`` is anchored at the start and cannot match in a text beginning with a
    Han character of the main block (U+4E00–U+9FFF): its first character is a digit (``^\d+、``), a space
    or a listed character outside the block. (Han characters are never digits or spaces.)
    """
    items = _anchored(pattern, flags)
    return bool(items) and _not_han(items)


def _anchored(pattern: str, flags: int):
    """Return the items after ``^`` of a pattern anchored at the start of the text, or None."""
    parsed = _parse(pattern, flags)
    if parsed is None or (parsed.state.flags | flags) & re.MULTILINE:
        return None
    items = list(parsed)
    if len(items) < 2 or items[0] not in ((C.AT, C.AT_BEGINNING), (C.AT, C.AT_BEGINNING_STRING)):
        return None
    return items[1:]


HAN_FIRST, HAN_LAST = 0x4E00, 0x9FFF


def _not_han(items) -> bool:
    """Return True when the sequence's first consumed character is never a Han character of the block."""
    if not items:
        return False
    op, av = items[0]
    if op is C.LITERAL:
        return not HAN_FIRST <= av <= HAN_LAST
    if op is C.IN:
        for iop, iav in av:
            if iop is C.LITERAL and HAN_FIRST <= iav <= HAN_LAST:
                return False
            if iop is C.RANGE and iav[0] <= HAN_LAST and iav[1] >= HAN_FIRST:
                return False
            if iop is C.CATEGORY and iav not in (C.CATEGORY_DIGIT, C.CATEGORY_SPACE):
                return False
            if iop not in (C.LITERAL, C.RANGE, C.CATEGORY):  # NEGATE and anything else
                return False
        return True
    if op is C.SUBPATTERN:
        return _not_han(list(av[3]))
    if op in (C.MAX_REPEAT, C.MIN_REPEAT) or op is getattr(C, "POSSESSIVE_REPEAT", None):
        return av[0] >= 1 and _not_han(list(av[2]))
    if op is C.BRANCH:
        return all(_not_han(list(branch)) for branch in av[1])
    return False


def _first(items) -> frozenset[str] | None:
    """Return the characters the sequence's first consumed character may be, or None (unknown)."""
    if not items:
        return None
    op, av = items[0]
    if op is C.LITERAL or op is C.IN:
        return _spellings(op, av)
    if op is C.SUBPATTERN:
        return None if av[1] & re.IGNORECASE else _first(list(av[3]))
    if op in (C.MAX_REPEAT, C.MIN_REPEAT) or op is getattr(C, "POSSESSIVE_REPEAT", None):
        return _first(list(av[2])) if av[0] >= 1 else None
    if op is C.BRANCH:
        return _branches(av, _first, MAX_SET)
    return None


def _spellings(op, av) -> frozenset[str] | None:
    """Return every string one item matches when they are few (a literal, a small class), else None."""
    return _class_chars(op, av, MAX_ALTERNATIVES)


def _joined(left: frozenset[str], right: frozenset[str]) -> frozenset[str] | None:
    """Return every left + right, or None when they are too many."""
    if len(left) * len(right) > MAX_ALTERNATIVES:
        return None
    return frozenset(a + b for a in left for b in right)


def _whole(items) -> frozenset[str] | None:
    """Return every string the sequence matches when they are few, else None."""
    out = frozenset([""])
    for op, av in items:
        part = _whole_item(op, av)
        out = _joined(out, part) if part is not None else None
        if out is None:
            return None
    return out


def _whole_item(op, av) -> frozenset[str] | None:
    found = _spellings(op, av)
    if found is not None:
        return found
    if op is C.SUBPATTERN:
        return None if av[1] & re.IGNORECASE else _whole(list(av[3]))
    if op in (C.MAX_REPEAT, C.MIN_REPEAT) or op is getattr(C, "POSSESSIVE_REPEAT", None):
        low, high, sub = av
        if low != high or low < 1:
            return None
        return _whole(list(sub) * low)
    if op is C.BRANCH:
        return _branches(av, _whole, MAX_ALTERNATIVES)
    return None


def _pieces(items, found: list[frozenset[str]]) -> None:
    """Add to ``found`` the sets of spellings of the contiguous pieces every match of the sequence holds."""
    run = frozenset([""])  # the spellings of the piece being read

    def close() -> None:
        nonlocal run
        found.append(run)
        run = frozenset([""])

    for op, av in items:
        whole = _whole_item(op, av)
        if whole is not None:
            joined = _joined(run, whole)
            if joined is None:
                close()
                joined = whole
            run = joined
            continue
        if op in (C.MAX_REPEAT, C.MIN_REPEAT) or op is getattr(C, "POSSESSIVE_REPEAT", None):
            low, _high, sub = av
            least = _whole(list(sub) * low) if low >= 1 else None
            if least is not None:  # x{3,}: the piece goes on with xxx, and a new one starts with it
                joined = _joined(run, least)
                if joined is not None:
                    run = joined
                close()
                run = least
                continue
            close()
            if low >= 1:
                _pieces(list(sub), found)
            continue
        close()
        if op is C.SUBPATTERN and not av[1] & re.IGNORECASE:
            _pieces(list(av[3]), found)
        elif op is getattr(C, "ATOMIC_GROUP", None):
            _pieces(list(av), found)
        elif op is C.ASSERT:  # a positive look-around: its text is in the paragraph too
            _pieces(list(av[1]), found)
        # anything else (a large class, a branch, an anchor, a negative look-around): the piece ends there
    close()


def any_char_of(terms) -> frozenset[str] | None:
    """Return characters of which every term in ``terms`` holds at least one (None: an empty term).

    One character per term, chosen greedily among those most terms share, so the set stays small.
    """
    terms = [str(t) for t in terms]
    if any(not t for t in terms):
        return None
    shared = collections.Counter(c for t in terms for c in set(t))
    chosen: set[str] = set()
    for t in terms:
        if chosen.isdisjoint(t):
            chosen.add(max(sorted(set(t)), key=shared.__getitem__))
    return frozenset(chosen)


def union_of(sets) -> frozenset[str] | None:
    """Return the union of character sets, or None when any of them is None (no filter)."""
    out: set[str] = set()
    for s in sets:
        if s is None:
            return None
        out |= s
    return frozenset(out)


_last: tuple[str, frozenset[str]] = ("", frozenset())


def chars_of(text: str) -> frozenset[str]:
    """Return the set of ``text``'s characters; the last text's set is kept (every rule asks for it)."""
    global _last
    last = _last
    if last[0] is text:
        return last[1]
    found = frozenset(text)
    _last = (text, found)
    return found
