"""Recall of the fast path (issue 16): slips side by side."""

from __future__ import annotations

from dataclasses import replace

import pytest

from gov_docs.typo.corrector import Thresholds, TypoCorrector, fast_decisions, lm_decisions, second_pass


@pytest.fixture(scope="module")
def corrector() -> TypoCorrector:
    return TypoCorrector(lexicon=False)


@pytest.mark.parametrize(("text", "fixed", "hinted"), [
    ("由国家卫申建康委会同有关部门负责。", "由国家卫生健康委会同有关部门负责。", ""),
    # 瞥 is a rare written character: the fast path hints at it (督) and fixes only 沦 (勠力同心 read 勠→角
    # on the corpus: statistics alone never fix a rare character, see test_statistical.py)
    ("接受社会和舆沦监瞥，做到公开透明。", "接受社会和舆论监瞥，做到公开透明。", "瞥"),
])
def test_second_pass_finds_the_slip_next_to_a_fixed_one(corrector: TypoCorrector, text: str,
                                                         fixed: str, hinted: str) -> None:
    """The first scan finds one of two neighbouring slips (建 sits beside the wrong 申, 瞥 beside 沦); with
    that fix in place the second scan finds the other: a one-click fix, or a hint for a rare character."""
    th = corrector.thresholds
    first = fast_decisions(corrector.detector.candidates(text, (), 1, min_score=th.fast_warning), th)
    assert len([c for s, c in first if s >= th.fast_error]) == 1
    assert corrector.correct(text) == fixed
    found = corrector.analyse(text)
    assert len(found) == 2
    assert all(f.auto_fixable == (f.matched != hinted) for f in found)


def test_second_pass_leaves_a_sentence_without_a_fix_alone(corrector: TypoCorrector) -> None:
    """Only a sentence with a one-click fix is scanned again: clean text costs no second scan."""
    calls: list[str] = []

    def rescan(text: str):
        calls.append(text)
        return []

    text = "各地区、各部门要认真贯彻执行。"
    th = Thresholds()
    kept = fast_decisions(corrector.detector.candidates(text, (), 1, min_score=th.fast_warning), th)
    assert second_pass(text, kept, th, rescan) == kept == []
    assert calls == []
    assert corrector.correct(text) == text


def test_verified_decisions_need_the_fast_path_for_a_fix(corrector: TypoCorrector) -> None:
    """lm_decisions: a candidate the model scores high (but under the promotion bar, see test_promotion.py)
    and the fast path under its fix threshold is capped (疑似); with ``lm_fix_needs_fast`` off (the old
    rule) it is not."""
    text = "研究制定可行生评估办法。"
    c = next(c for c in corrector.detector.candidates(text, (), 1, min_score=1.0) if c.right == "性")
    th = Thresholds()
    assert c.score < th.lm_fix_fast and not c.capped
    gain = th.lm_promote_gain - 0.5
    (score, kept), = lm_decisions([c], [gain], th)
    assert kept.capped and score >= th.lm_error
    (_, old), = lm_decisions([c], [gain], replace(th, lm_fix_needs_fast=False))
    assert not old.capped


@pytest.mark.parametrize(("text", "fixed"), [
    ("要象保护眼睛一样保护生态环境。", "要像保护眼睛一样保护生态环境。"),
    ("就象对待生命一样对待生态环境。", "就像对待生命一样对待生态环境。"),
    # clean: 象征 (gov_corpus g-documents write 重要象征), the right 像, no 一样 in the clause
    ("这是美丽中国的重要象征，要像对待生命一样对待生态环境。", None),
    ("要象征性地收取费用。", None),
    ("要象一个整体，各部门一样负责。", None),
])
def test_a_simile_written_with_xiang_is_corrected(text: str, fixed: str | None) -> None:
    """要象……一样 (象 for the 像 of a simile) was not caught by any path: a lexicon entry with the clause's
    一样/一般/似的 as its condition (rules/typo/common_confusions.tsv)."""
    from gov_docs.typo.corrector import LexiconCorrector

    assert LexiconCorrector().correct(text) == (fixed or text)
