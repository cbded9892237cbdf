"""The word-list packs: size, every entry fires in a sentence, and few findings on clean real text."""

from __future__ import annotations

from pathlib import Path

import pytest

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.checks.kinds.wordlists import read_lexicon, read_term_entries
from gov_docs.document import document_from_text

RULES = Path(__file__).resolve().parent.parent.parent / "rules"
TYPO_LISTS = ["idioms.tsv", "common_confusions.tsv"]


def _checker(pack: str) -> Checker:
    return Checker(load_rules([RULES / pack]), allow_list=AllowList())


def test_typo_lexicon_has_at_least_500_entries_beyond_de_di_de() -> None:
    entries = [e for name in TYPO_LISTS for e in read_lexicon(RULES / "typo" / name)]
    assert len(entries) >= 500
    assert not [e for e in entries if e.wrong in ("的", "地", "得")]
    assert len({e.wrong for e in entries}) == len(entries), "duplicate wrong forms"


@pytest.mark.parametrize("name", TYPO_LISTS + ["variant_forms.tsv"])
def test_every_lexicon_entry_fires_in_a_sentence(name: str) -> None:
    checker = _checker("typo")
    missed = []
    for e in read_lexicon(RULES / "typo" / name):
        if e.conditions.regex is not None:  # only in its construction (tests/typo/test_recall.py)
            continue
        doc = document_from_text(f"关于工作的通知\n各单位：\n我们要{e.wrong}。")
        found = [f for f in checker.check(doc) if f.paragraph == 2]
        if not any(f.matched == e.wrong and e.rights[0] in f.suggestions for f in found):
            missed.append(e.wrong)
    assert not missed, missed


@pytest.mark.parametrize("name", ["political_terms.tsv", "discriminatory.tsv", "vulgar.tsv", "careful.tsv"])
def test_every_sensitive_term_fires(name: str) -> None:
    checker = _checker("sensitive")
    missed = []
    for term, _sugg, _note, cond, _line in read_term_entries(RULES / "sensitive" / name):
        if cond.positional or cond.regex is not None or cond.not_before or cond.not_after:
            continue  # context-bound entries: their contexts are tested in test_lexicon_conditions
        doc = document_from_text(f"关于工作的通知\n各单位：\n不要写{term}这样的话。")
        if not any(f.matched == term for f in checker.check(doc)):
            missed.append(term)
    assert len(missed) <= 3, missed  # a few terms are split differently by jieba in this carrier sentence


def test_error_level_findings_on_clean_corpus_are_rare(corpus_dir: Path) -> None:
    checker = Checker(load_rules([RULES / "typo", RULES / "sensitive", RULES / "expression"]),
                      allow_list=AllowList())
    chars = errors = statistical = 0
    from gov_docs.document import read_document

    for path in sorted(corpus_dir.glob("g*.txt"))[::3]:
        doc = read_document(path)
        chars += len(doc.text)
        for f in checker.check(doc):
            if f.level.value == "error":
                if f.rule_id == "typo.statistical":
                    statistical += 1
                else:
                    errors += 1
    assert errors / chars * 10000 < 0.2, (errors, chars)  # lexicon, sensitive, expression rules
    assert statistical / chars * 10000 <= 0.3, (statistical, chars)  # the statistical typo checker's target
    assert checker.warnings == []  # no rule was switched off for being slow or broken
