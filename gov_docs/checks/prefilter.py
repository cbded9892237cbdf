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


def required_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Return characters of which every non-empty match of ``pattern`` holds at least one, or None.

    Args:
        pattern: the regex as written in the rule file (``regex`` module syntax, version 0).
        flags: its compile flags; any case-insensitive flag gives None.
    """
    if flags & re.IGNORECASE or flags & 0x4000:  # re.I, regex.FULLCASE
        return None
    if "\\\\" in pattern or POSIX_CLASS.search(pattern):  # an escaped backslash (before p{…}?), POSIX
        return None  # classes ([[:alpha:]], which the standard parser reads as plain characters): no filter
    try:
        parsed = P.parse(PROPERTY.sub(r"\\w", pattern), 0)
    except Exception:  # noqa: BLE001 - regex-only syntax: no filter
        return None
    if parsed.state.flags & re.IGNORECASE:
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


def _item(op, av) -> frozenset[str] | None:
    if op is C.LITERAL:
        return frozenset(chr(av))
    if op is C.IN:
        chars: set[str] = set()
        for iop, iav in av:
            if iop is C.LITERAL:
                chars.add(chr(iav))
            elif iop is C.RANGE and iav[1] - iav[0] < MAX_CLASS:
                chars.update(chr(c) for c in range(iav[0], iav[1] + 1))
            else:  # NEGATE, CATEGORY (\d \w \s), a large range
                return None
        return frozenset(chars) if 0 < len(chars) <= MAX_CLASS else None
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
        union: set[str] = set()
        for branch in av[1]:
            found = _sequence(list(branch))
            if found is None:
                return None
            union |= found
        return frozenset(union) if len(union) <= MAX_SET else None
    return None  # ANY, anchors, look-arounds, back-references, conditionals: require nothing


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
