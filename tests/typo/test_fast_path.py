"""The typo fast path's mechanics give the same answers as the plain definitions they replace."""

from __future__ import annotations

from pathlib import Path

import pytest

from gov_docs.typo.detector import (
    WINDOW,
    FastDetector,
    WindowScorer,
    WordGraph,
    best_segmentation_logp,
    forms_word,
    word_support,
)


@pytest.fixture(scope="module")
def detector() -> FastDetector:
    return FastDetector()


def _sentences(corpus_dir: Path, step: int = 60) -> list[str]:
    out = []
    for path in sorted(corpus_dir.glob("g*.txt"))[::step]:
        for line in path.read_text(encoding="utf-8").splitlines():
            out.extend(s for s in line.strip().split("。") if len(s) > 8)
    return out


def test_window_scorer_equals_full_rescoring(detector: FastDetector, corpus_dir: Path) -> None:
    """For every suspect and every confusion candidate: forms a word iff forms_word, the same gain to the
    last bit as segmenting the changed window from scratch, the same well-attested test as word_support."""
    res = detector.res
    checked = formed = 0
    for text in _sentences(corpus_dir):
        graph = WordGraph(text, res)
        for pos in detector.suspects(text):
            options = res.confusions.get(text[pos])
            if not options:
                continue
            lo, hi = max(0, pos - WINDOW), min(len(text), pos + WINDOW + 1)
            window, p = text[lo:hi], pos - lo
            scorer = WindowScorer(graph, pos, lo, hi, detector.min_word_count)
            for at_least in (1, 50, 2000):
                assert scorer.well_attested(3, at_least) == (word_support(window, p, res, 3) >= at_least)
            base = best_segmentation_logp(window, res)
            for right in list(options)[:12]:
                gain = scorer.gain(right)
                forms = forms_word(window[:p], right, window[p + 1:], res.freq, detector.min_word_count)
                assert (gain is not None) == forms, (window, p, right)
                checked += 1
                if forms:
                    formed += 1
                    assert gain == best_segmentation_logp(window[:p] + right + window[p + 1:], res) - base
    assert checked > 5000 and formed > 1000


def test_near_candidates_form_words_on_one_side(detector: FastDetector) -> None:
    follows, precedes = detector.res.joins
    for ch, left, right in (("律", "纪", "。"), ("率", "纪", "，"), ("按", "", "装")):
        near = detector.near(ch, left, right)
        opts = set(detector.res.confusions.get(ch, {}))
        expected = (opts & set(follows.get(left, ()))) | (opts & set(precedes.get(right, ())))
        assert set(near) == expected
        assert detector.near(ch, left, right) is near  # memoised


def test_rank_equals_scoring_each_candidate(detector: FastDetector, corpus_dir: Path) -> None:
    """WindowScorer.rank (all of a position's candidates at once, most of them bounded by their own words
    before the window is segmented) keeps exactly the candidates, scores and gains that scoring each
    candidate on its own keeps — at the default threshold and at the low floor of the verified mode."""
    res = detector.res
    kept = positions = 0
    for min_score in (1.0, 4.0, 8.0):
        pieces: dict[str, float] = {}
        for text in _sentences(corpus_dir, step=90):
            graph = WordGraph(text, res)
            for pos in detector.suspects(text):
                ch = text[pos]
                near = detector.near(ch, text[pos - 1:pos], text[pos + 1:pos + 2])
                if not near:
                    continue
                options = res.confusions[ch]
                penalty = 3.0 if res.freq.get(ch, 0) >= 150_000 else 0.0
                lo, hi = max(0, pos - WINDOW), min(len(text), pos + WINDOW + 1)
                ranked = WindowScorer(graph, pos, lo, hi, detector.min_word_count).rank(
                    near, options, min_score, penalty, pieces)
                one = WindowScorer(graph, pos, lo, hi, detector.min_word_count)
                expected = []
                for x in near:
                    gain = one.gain(x, max(min_score - options[x] + penalty, 0.0))
                    if gain is not None and gain > 0 and gain + options[x] - penalty >= min_score:
                        expected.append((gain + options[x] - penalty, x, gain, options[x]))
                assert ranked == expected, (text, pos)
                positions += 1
                kept += len(ranked)
    assert positions > 1000 and kept > 20
