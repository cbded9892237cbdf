"""``extends: substitution`` — a lexicon of wrong → right forms with context conditions.

Keys: ``swap`` (inline: wrong → right, or wrong → {right: …, 前接/后接/不前接/不后接: […], 正则: …}) and/or
``wordlist`` (a lexicon file or a list of them, see :mod:`gov_docs.checks.kinds.wordlists`), and
``whole_word`` (only whole words by jieba segmentation: 农业部 is not matched inside 农业部门) and
``skip_joined_words`` (skip a match that cuts into a neighbouring real word: 定单 is not matched inside
制定单项, while 竟争 inside 竟争力 still is), see :mod:`gov_docs.checks.kinds.wordlists`.
All entries of a rule are compiled into one Aho-Corasick automaton; overlapping matches are resolved
leftmost-longest among those whose conditions hold.
"""

from __future__ import annotations

from collections.abc import Iterable

from gov_docs.checks.findings import Finding
from gov_docs.checks.kinds.base import RuleKind, SpecError
from gov_docs.checks.kinds.wordlists import (
    Conditions,
    LexiconEntry,
    build_automaton,
    document_date,
    parse_conditions,
    read_lexicon,
)
from gov_docs.checks.prefilter import any_char_of
from gov_docs.document.model import Document
from gov_docs.text.segment import is_whole_word, joins_two_words, segmenter


class SubstitutionKind(RuleKind):
    """Replace known wrong forms with their right forms, where the context conditions hold."""

    name = "substitution"
    keys = {
        "swap": ((dict,), False),
        "wordlist": ((str, list), False),
        "whole_word": ((bool,), False),
        "skip_joined_words": ((bool,), False),
    }

    def __init__(self, spec) -> None:
        super().__init__(spec)
        entries: list[LexiconEntry] = []
        swap = spec.params.get("swap") or {}
        for wrong, value in swap.items():
            if isinstance(value, str):
                rights, cond = value, Conditions()
            elif isinstance(value, dict) and isinstance(value.get("right"), str):
                rights = value["right"]
                cond = parse_conditions({k: v for k, v in value.items() if k != "right"}, f"swap.{wrong}")
            else:
                raise SpecError(f"swap.{wrong}", "应为 正词 或 {right: 正词, 不后接: […] …}")
            rights_t = tuple(r for r in rights.split("|") if r)
            if wrong in rights_t or not rights_t:
                raise SpecError(f"swap.{wrong}", "正词不能为空或与错词相同")
            entries.append(LexiconEntry(str(wrong), rights_t, cond))
        lists = spec.params.get("wordlist") or []
        for name in [lists] if isinstance(lists, str) else lists:
            entries.extend(read_lexicon(self.wordlist_path(str(name))))
        if not entries:
            raise SpecError("swap", "substitution 规则须有 swap 或 wordlist 条目")
        by_wrong: dict[str, list[LexiconEntry]] = {}
        for e in entries:
            by_wrong.setdefault(e.wrong, []).append(e)
        self.entries = entries
        self.automaton = build_automaton(by_wrong)
        self.whole_word = bool(spec.params.get("whole_word", False))
        self.skip_joined = bool(spec.params.get("skip_joined_words", False))
        self.heavy = self.whole_word or self.skip_joined
        self.needs = any_char_of(by_wrong)  # a match holds one of them (see RuleKind.needs)

    def prepare(self, everything: bool = False) -> None:
        """Load jieba's dictionary when the rule tests word boundaries (before its first timed check)."""
        if self.whole_word or self.skip_joined:
            segmenter()

    def check_paragraph(self, doc: Document, index: int, text: str) -> Iterable[Finding]:
        """Find lexicon entries in the paragraph whose conditions hold."""
        candidates: list[tuple[int, int, LexiconEntry]] = []
        doc_date: str | None | bool = False  # looked up once, only when an entry has a date condition
        for end_idx, (length, entries) in self.automaton.iter(text):
            start, end = end_idx - length + 1, end_idx + 1
            if self.whole_word and not is_whole_word(text, start, end):
                continue
            if self.skip_joined and joins_two_words(text, start, end):
                continue
            for e in entries:
                if e.conditions.not_before_date and doc_date is False:
                    doc_date = document_date(doc)
                if e.conditions.hold(text, start, end) and e.conditions.date_allows(doc_date or None):
                    candidates.append((start, end, e))
                    break
        if not candidates:
            return []
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        out = []
        last_end = -1
        for start, end, e in candidates:
            if start < last_end:
                continue
            last_end = end
            # {note} in the message: the lexicon's 4th column (why the form is wrong)
            message = self.message_for(e.wrong, "或".join(e.rights), note=e.note)
            out.append(self.finding(index, start, end, e.wrong, e.rights, message=message))
        return out
