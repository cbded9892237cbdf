r"""``extends: existence`` — flag any occurrence of a pattern or a listed term.

Keys: ``tokens`` (list of regexes), ``pattern`` (one regex), ``wordlist`` (term list file(s):
``term[<TAB>suggestion|…[<TAB>note]]``), ``suggestion`` (replacement used when ``fix: replace``; may
use regex group references like ``\1`` for ``pattern``/``tokens``), ``allow_contexts`` (longer phrases
in which a match is fine), ``halfwidth`` (true: the suggestion is the match in half-width form, e.g.
２０２４ → 2024). Terms are matched with Aho-Corasick; regexes with the ``regex`` module and
a time limit.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import regex

from gov_docs.checks.findings import Finding
from gov_docs.checks.kinds.base import RuleKind, SpecError
from gov_docs.checks.kinds.wordlists import (
    build_automaton,
    compile_regex,
    read_term_entries,
)
from gov_docs.checks.prefilter import PatternFilter, any_char_of, chars_of, union_of
from gov_docs.document.model import Document
from gov_docs.text.segment import is_whole_word, segmenter

REGEX_TIMEOUT_S = 0.2


def finditer(rx, flt: PatternFilter, text: str):
    """Return ``rx``'s matches in ``text``: with the regex module's time limit, except on a text short
    enough that the pattern cannot run away (``PatternFilter.untimed``; the limit's clock costs more than
    such a search).
    """
    return rx.finditer(text) if len(text) <= flt.untimed else rx.finditer(text, timeout=REGEX_TIMEOUT_S)


class RuleTimeout(Exception):
    """A rule's regex ran past its time limit on one paragraph."""


class ExistenceKind(RuleKind):
    """Report every occurrence of a pattern or term."""

    name = "existence"
    keys = {
        "tokens": ((list,), False),
        "pattern": ((str,), False),
        "wordlist": ((str, list), False),
        "suggestion": ((str,), False),
        "allow_contexts": ((list,), False),
        "whole_word": ((bool,), False),
        "halfwidth": ((bool,), False),
    }
    #: Default of ``whole_word``: only whole words (jieba boundaries) match.
    whole_word_default = False

    def __init__(self, spec) -> None:
        super().__init__(spec)
        params = spec.params
        self.suggestion = params.get("suggestion")
        self.halfwidth = bool(params.get("halfwidth", False))
        # tokens: regex strings (using ``suggestion``) or {pattern: …, suggestion: …} with their own.
        self.regexes = []
        self.token_suggestions: list[str | None] = []
        for i, t in enumerate(params.get("tokens", [])):
            if isinstance(t, dict) and isinstance(t.get("pattern"), str):
                self.regexes.append(compile_regex(t["pattern"], f"tokens[{i}]"))
                self.token_suggestions.append(t.get("suggestion"))
            elif isinstance(t, str):
                self.regexes.append(compile_regex(t, f"tokens[{i}]"))
                self.token_suggestions.append(self.suggestion)
            else:
                raise SpecError(f"tokens[{i}]", "应为正则表达式，或 {pattern: 正则, suggestion: 建议}")
        if params.get("pattern"):
            self.regexes.append(compile_regex(str(params["pattern"]), "pattern"))
            self.token_suggestions.append(self.suggestion)
        # characters one of which each regex's match needs (None: no such set): a paragraph without any
        # skips the regex (see gov_docs.checks.prefilter)
        # and the strings or first characters it needs
        self.filters = [PatternFilter(rx.pattern, rx.flags) for rx in self.regexes]
        self.required = [f.chars for f in self.filters]
        terms: dict[str, tuple[tuple[str, ...], str, object]] = {}
        lists = params.get("wordlist") or []
        for name in [lists] if isinstance(lists, str) else lists:
            for term, sugg, note, cond, _ in read_term_entries(self.wordlist_path(str(name))):
                terms[term] = (sugg, note, cond)
        self.automaton = build_automaton(terms) if terms else None
        self.has_wordlist = bool(lists)
        if (not self.regexes and self.automaton is None and not self.has_wordlist
            and not self.has_other_checks()):
            raise SpecError("tokens", f"{self.name} 规则须有 tokens、pattern 或 wordlist")
        self.allow_contexts = tuple(str(c) for c in params.get("allow_contexts", []))
        self.whole_word = bool(params.get("whole_word", self.whole_word_default))
        self.heavy = self.whole_word
        self.needs = self.paragraph_needs()
        if self.regexes and self.automaton is None:
            self.may_find = self.any_pattern_may_match

    def any_pattern_may_match(self, text: str, chars: frozenset[str]) -> bool:
        """Return False when no pattern can match in ``text`` (``RuleKind.may_find`` of a kind that checks
        only patterns).
        """
        for flt in self.filters:
            if not flt.skips(text, chars):
                return True
        return False

    def paragraph_needs(self) -> frozenset[str] | None:
        """Return the characters a paragraph needs for any match (``RuleKind.needs``): one of each
        pattern's required characters or of each term's; None when a pattern has no such set.
        """
        terms = any_char_of(self.automaton.keys()) if self.automaton is not None else frozenset()
        return union_of([*self.required, terms])

    def prepare(self, everything: bool = False) -> None:
        """Load jieba's dictionary when the rule matches whole words only (before its first timed check)."""
        if self.whole_word:
            segmenter()

    def has_other_checks(self) -> bool:
        """Return True when a subclass checks something besides patterns (then patterns are optional)."""
        return False

    def _allowed(self, text: str, start: int, end: int) -> bool:
        for ctx in self.allow_contexts:
            pos = text.find(ctx, max(0, end - len(ctx)))
            while pos != -1 and pos <= start:
                if pos + len(ctx) >= end:
                    return True
                pos = text.find(ctx, pos + 1)
        return False

    def spans(self, text: str) -> list[tuple[int, int, tuple[str, ...], str]]:
        """Return (start, end, suggestions, note) of every match, leftmost-longest, non-overlapping."""
        found: list[tuple[int, int, tuple[str, ...], str]] = []
        exact: set[tuple[int, int]] = set()  # matches whose 前接/后接 conditions already fix the context
        chars = chars_of(text) if self.regexes else frozenset()
        for rx, suggestion, flt in zip(self.regexes, self.token_suggestions, self.filters, strict=True):
            if flt.skips(text, chars):
                continue
            try:
                for m in finditer(rx, flt, text):
                    if m.end() == m.start():
                        continue
                    sugg: tuple[str, ...] = ()
                    if self.halfwidth:
                        sugg = (unicodedata.normalize("NFKC", m.group()),)
                    elif suggestion is not None:
                        try:
                            sugg = (m.expand(suggestion),)
                        except (regex.error, IndexError):
                            sugg = (suggestion,)
                    found.append((m.start(), m.end(), sugg, ""))
            except TimeoutError as exc:
                raise RuleTimeout(self.spec.id) from exc
        if self.automaton is not None:
            for end_idx, (length, (sugg, note, cond)) in self.automaton.iter(text):
                start, end = end_idx - length + 1, end_idx + 1
                if not cond.hold(text, start, end):
                    continue
                if cond.positional:
                    exact.add((start, end))
                found.append((start, end, sugg, note))
        if not found:
            return found
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        out = []
        last = -1
        for f in found:
            if f[0] >= last and not self._allowed(text, f[0], f[1]) and (
                    not self.whole_word or (f[0], f[1]) in exact or is_whole_word(text, f[0], f[1])):
                out.append(f)
                last = f[1]
        return out

    def check_paragraph(self, doc: Document, index: int, text: str) -> Iterable[Finding]:
        """Flag every match in the paragraph."""
        out = []
        for start, end, sugg, note in self.spans(text):
            matched = text[start:end]
            msg = self.message_for(matched, "或".join(sugg), note=note)
            out.append(self.finding(index, start, end, matched, sugg, message=msg))
        return out
