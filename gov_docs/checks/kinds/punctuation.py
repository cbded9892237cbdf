"""``extends: punctuation`` — GB/T 15834 checks: regex/term matches like ``existence``, plus paired marks.

Extra key ``pairs``: list of two-character strings such as ``"“”"`` or ``"（）"``; an opening mark
without its closing mark in the same paragraph (or a closing mark without an opening one) is reported.
A title set over several paragraphs (a long title broken into lines, GB/T 9704 7.3.1) is one unit: its
《 may close in the next paragraph. So is a sentence broken by hard returns (a clerk pressing Enter at
the end of each line, a 题注 （……国务院令第N号公布　根据……修订） set over three lines): a mark left open
at the end of a paragraph is balanced by the first unmatched closing mark within the next
``CARRY_PARAGRAPHS`` paragraphs, and only what stays unmatched is reported.
"""

from __future__ import annotations

from collections.abc import Iterable

from gov_docs.checks.findings import Finding
from gov_docs.checks.kinds.base import SpecError
from gov_docs.checks.kinds.existence import ExistenceKind
from gov_docs.checks.prefilter import chars_of, union_of
from gov_docs.document.model import Document, Role
from gov_docs.document.roles import title_span

CARRY_PARAGRAPHS = 5  # how far a mark left open may close (a 题注 or a hard-wrapped sentence)


class PunctuationKind(ExistenceKind):
    """Punctuation patterns and unbalanced paired marks."""

    name = "punctuation"
    keys = {**ExistenceKind.keys, "pairs": ((list,), False)}

    def __init__(self, spec) -> None:
        pairs = spec.params.get("pairs") or []
        for p in pairs:
            if not isinstance(p, str) or len(p) != 2 or p[0] == p[1]:
                raise SpecError("pairs", f"成对标点应为两个不同字符，如 “”：{p!r}")
        self.pairs = [(p[0], p[1]) for p in pairs]
        self.pair_chars = frozenset("".join(pairs))
        super().__init__(spec)

    def any_pattern_may_match(self, text: str, chars: frozenset[str]) -> bool:
        """Return True for a paired mark (its balance is checked) or a pattern that may match."""
        return not self.pair_chars.isdisjoint(chars) or super().any_pattern_may_match(text, chars)

    def paragraph_needs(self) -> frozenset[str] | None:
        """Patterns' and terms' characters, and the paired marks (an unbalanced mark is in the paragraph)."""
        return union_of([super().paragraph_needs(), self.pair_chars])

    def has_other_checks(self) -> bool:
        """Paired-mark checks make patterns optional."""
        return bool(self.pairs)

    def check_paragraph(self, doc: Document, index: int, text: str) -> Iterable[Finding]:
        """Regex/term matches, then unbalanced pairs."""
        out = list(super().check_paragraph(doc, index, text))
        if not self.pairs:
            return out
        unit, offset = _title_unit(doc, index, text)
        chars = chars_of(unit)
        for open_, close in self.pairs:
            if open_ not in chars and close not in chars:
                continue  # neither mark: nothing can be unbalanced
            unbalanced = _unmatched(unit, open_, close)
            if unbalanced:  # the paragraphs around may close what this one opens (and the reverse)
                unit, offset = _carried_unit(doc, index, text)
                unbalanced = _unmatched(unit, open_, close)
            for i, ch in unbalanced:
                if offset <= i < offset + len(text):  # report only what lies in this paragraph
                    out.append(self.finding(index, i - offset, i - offset + 1, ch, (),
                                            message=self.message_for(ch, open_ + close)))
        return sorted(out, key=lambda f: f.start) if len(out) > 1 else out


def _unmatched(unit: str, open_: str, close: str) -> list[tuple[int, str]]:
    """Return (position, mark) of every opening mark never closed and every closing mark never opened."""
    stack: list[int] = []
    unbalanced: list[tuple[int, str]] = []
    for i, ch in enumerate(unit):
        if ch == open_:
            stack.append(i)
        elif ch == close:
            if stack:
                stack.pop()
            else:
                unbalanced.append((i, ch))
    return unbalanced + [(i, open_) for i in stack]


def _carried_unit(doc: Document, index: int, text: str) -> tuple[str, int]:
    """Return (paragraph ``index`` with up to CARRY_PARAGRAPHS paragraphs on either side, its offset)."""
    paras = doc.paragraphs
    if not 0 <= index < len(paras):
        return text, 0
    return _joined(paras, index, text, max(0, index - CARRY_PARAGRAPHS),
                   min(len(paras) - 1, index + CARRY_PARAGRAPHS))


def _title_unit(doc: Document, index: int, text: str) -> tuple[str, int]:
    """Return (text of the unit paragraph ``index`` belongs to, offset of ``text`` in it).

    A paragraph of a title set over several consecutive paragraphs belongs to the whole title; any
    other paragraph is its own unit.
    """
    paras = doc.paragraphs
    if not 0 <= index < len(paras) or paras[index].role is not Role.TITLE:
        return text, 0
    return _joined(paras, index, text, *title_span(paras, index))


def _joined(paras: list, index: int, text: str, first: int, last: int) -> tuple[str, int]:
    """Return (paragraphs ``first``…``last`` joined, with ``text`` standing for paragraph ``index``, the
    offset of ``text`` in it).
    """
    before = "".join(p.text for p in paras[first:index])
    return before + text + "".join(p.text for p in paras[index + 1:last + 1]), len(before)
