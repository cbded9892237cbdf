"""The fast path: find characters whose confusion-set neighbour makes the sentence far more probable.

For each Chinese character we try the characters it is commonly confused with (same pinyin, similar
shape, pairs learned from real clerks' errors). A candidate is considered only when it forms a
dictionary word with its neighbours; it is scored by how much it raises the probability of a short
window under a unigram word model with optimal segmentation (jieba's dictionary counts, the same model
jieba segments with), plus the prior of that kind of confusion. No candidate survives where the
original character already sits in a well-attested word, inside 《titles》, in a known person or place
name, in an allow-listed term, or next to Latin letters and digits.

The result is a list of ``Candidate`` objects per sentence, best first, with a score in natural-log
units; ``gov_docs.typo.corrector`` turns scores into confidence levels and, on request, asks the
language model to verify them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gov_docs.typo.resources import TypoResources, is_han, load_resources

MAX_WORD = 5  # longest word the window segmentation considers
WINDOW = 4  # characters either side of the position scored
TITLE_SPAN = re.compile(r"《[^《》]{0,80}》")


@dataclass(frozen=True)
class Candidate:
    """A proposed single-character replacement."""

    pos: int
    wrong: str
    right: str
    score: float  # log-probability gain of the window plus the confusion prior
    gain: float  # the window gain alone
    prior: float


def best_segmentation_logp(text: str, res: TypoResources) -> float:
    """Log probability of ``text`` under the unigram word model with its best segmentation."""
    n = len(text)
    best = [0.0] + [-1e18] * n
    logp = res.log_probs
    unknown = -res.log_total  # unknown character: count 1, as jieba does
    for end in range(1, n + 1):
        top = -1e18
        for length in range(1, min(MAX_WORD, end) + 1):
            word = text[end - length:end]
            value = logp.get(word)
            if value is None:
                if length > 1:
                    continue
                value = unknown
            value += best[end - length]
            if value > top:
                top = value
        best[end] = top
    return best[n]


def word_support(text: str, pos: int, res: TypoResources, min_len: int = 2) -> tuple[int, str]:
    """Return the highest count of a dictionary word of length ≥ min_len covering ``pos`` and that word."""
    top, top_word = 0, ""
    n = len(text)
    for length in range(min_len, MAX_WORD + 1):
        for start in range(max(0, pos - length + 1), min(pos, n - length) + 1):
            word = text[start:start + length]
            count = res.freq.get(word, 0)
            if count > top:
                top, top_word = count, word
    return top, top_word


def protected_positions(text: str, res: TypoResources, allow_terms: tuple[str, ...] = ()) -> set[int]:
    """Positions the checker must not change: titles, names, allow-listed terms, Latin/digit neighbours."""
    protected: set[int] = set()
    for m in TITLE_SPAN.finditer(text):
        protected.update(range(m.start(), m.end()))
    for term in allow_terms:
        if term:
            start = text.find(term)
            while start >= 0:
                protected.update(range(start, start + len(term)))
                start = text.find(term, start + 1)
    n = len(text)
    for length in (4, 3, 2):
        for start in range(0, n - length + 1):
            if text[start:start + length] in res.names:
                protected.update(range(start, start + length))
    for i, ch in enumerate(text):
        if ch.isascii() and ch.isalnum():
            protected.update((i - 1, i, i + 1))
    return protected


class FastDetector:
    """Propose single-character corrections from confusion sets and word statistics."""

    def __init__(self, resources: TypoResources | None = None, *, min_word_count: int = 3,
                 strong_word_count: int = 2000) -> None:
        self.res = resources or load_resources()
        self.min_word_count = min_word_count
        self.strong_word_count = strong_word_count

    def candidates(self, text: str, allow_terms: tuple[str, ...] = ()) -> list[Candidate]:
        """Return the best candidate per position, highest score first."""
        res = self.res
        protected = protected_positions(text, res, allow_terms)
        found: list[Candidate] = []
        for pos, ch in enumerate(text):
            if pos in protected or not is_han(ch):
                continue
            options = res.confusions.get(ch)
            if not options:
                continue
            orig_support, orig_word = word_support(text, pos, res, min_len=3)
            if orig_support >= self.strong_word_count:
                continue  # the character sits in a well-attested word of three or more characters
            lo, hi = max(0, pos - WINDOW), min(len(text), pos + WINDOW + 1)
            window = text[lo:hi]
            base = None
            best: Candidate | None = None
            for right, prior in options.items():
                new_text = text[:pos] + right + text[pos + 1:]
                support, _ = word_support(new_text, pos, res)
                if support < self.min_word_count:
                    continue
                if base is None:
                    base = best_segmentation_logp(window, res)
                new_window = window[:pos - lo] + right + window[pos - lo + 1:]
                gain = best_segmentation_logp(new_window, res) - base
                score = gain + prior
                if best is None or score > best.score:
                    best = Candidate(pos, ch, right, score, gain, prior)
            if best is not None and best.gain > 0:
                found.append(best)
        found.sort(key=lambda c: -c.score)
        return found
