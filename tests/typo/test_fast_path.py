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


class _Forgetful(set):
    """A memo that never keeps anything (the detector without its memo of settled contexts)."""

    def add(self, item) -> None:  # noqa: D102
        pass


def test_settled_contexts_are_decided_by_their_characters(detector: FastDetector, corpus_dir: Path) -> None:
    """Where rank() settles a position by its bound alone, another text with the same context (other
    characters in front) is settled the same way — the memo of settled contexts relies on it."""
    res = detector.res
    same = 0
    for text in _sentences(corpus_dir, step=90):
        graph = WordGraph(text, res)
        for pos in detector.suspects(text):
            ch = text[pos]
            near = detector.near(ch, text[pos - 1:pos], text[pos + 1:pos + 2])
            if not near or pos < 1:
                continue
            options = res.confusions[ch]
            lo, hi = max(0, pos - WINDOW), min(len(text), pos + WINDOW + 1)
            scorer = WindowScorer(graph, pos, lo, hi, detector.min_word_count)
            if scorer.rank(near, options, 1.0, 0.0, {}) or scorer.table is not None:
                continue
            context, at = scorer.context()
            start = pos - at
            for prefix in ("关于", "各", "的", "人民政府"):
                other = prefix + text[start:]
                p = len(prefix) + at
                o_lo, o_hi = max(0, p - WINDOW), min(len(other), p + WINDOW + 1)
                o_scorer = WindowScorer(WordGraph(other, res), p, o_lo, o_hi, detector.min_word_count)
                if o_scorer.context() != (context, at):
                    continue  # the prefix made a new stem: another context
                assert o_scorer.rank(near, options, 1.0, 0.0, {}) == [] and o_scorer.table is None
                same += 1
    assert same > 500


def test_memo_of_settled_contexts_changes_no_candidate(corpus_dir: Path) -> None:
    """A detector that remembers settled contexts proposes exactly what one that forgets them proposes, on
    corpus sentences seen once and seen again."""
    sentences = _sentences(corpus_dir, step=45)
    remembering = FastDetector()
    forgetting = FastDetector(remembering.res)
    forgetting._dead = _Forgetful()
    for min_score in (1.0, 8.0):
        for text in sentences + sentences[::3]:
            assert remembering._candidates(text, (), 1, min_score, False, None) == \
                forgetting._candidates(text, (), 1, min_score, False, None), text
    assert remembering._dead
