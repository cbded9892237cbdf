"""Sentence correction: the lexicon rules, the statistical fast path, and optional LM verification.

``TypoCorrector.analyse(text)`` returns ``Correction`` objects with a confidence and a level:
``error`` (confident: one-click fix) or ``warning`` (疑似: a hint to look at). ``correct(text)`` applies the
error-level ones. The thresholds below were chosen on the ECSpell odw training set (the development set;
see BENCHMARKS.md) and never on SIGHAN or on gov_corpus.

Fast path (default, no model): ``FastDetector`` candidates; a candidate is an error when its score
(window log-probability gain under the word model + confusion prior) reaches ``fast_error``.
LM path (``use_lm=True``): every candidate scoring at least ``lm_floor`` on the fast path is re-scored by
the local GGUF model on a window around it; the decision uses the model's gain plus a share of the fast
score, so the model must agree before anything is changed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.checks.findings import Edit, apply_edits, select_non_overlapping
from gov_docs.document.model import Document, PageSetup, Paragraph, Role
from gov_docs.typo.detector import Candidate, FastDetector

NEIGHBOUR_GAP = 2  # statistical corrections this close were scored in each other's context


@dataclass(frozen=True)
class Thresholds:
    """Decision thresholds (natural-log units), chosen on odw.train by ``benchmarks/typo_cv.py --final``
    (each half scored with confusion pairs counted from the other half; error: best F1 keeping ≥ 99.7% of
    correct sentences untouched; hint: ≤ 1 hint per 10k clean characters).
    """

    fast_error: float = 9.5
    fast_warning: float = 8.0
    lm_floor: float = 1.0  # fast score a candidate needs to be shown to the model
    lm_fast_weight: float = 0.5
    lm_error: float = 9.0
    lm_warning: float = 7.5
    lm_left: int = 5  # characters of context before the candidate in the LM window
    lm_right: int = 4
    max_lm_candidates: int = 4  # positions per sentence shown to the model, best fast scores first
    lm_per_position: int = 1  # candidates per position shown to the model (the model picks)


@dataclass(frozen=True)
class Correction:
    """One proposed replacement inside a sentence."""

    start: int
    end: int
    wrong: str
    right: str
    level: str  # "error" | "warning"
    confidence: float  # 0–1
    score: float  # the decision score (log units)
    source: str  # "lexicon" | "fast" | "lm"


def confidence_of(score: float, error_at: float) -> float:
    """Map a decision score to 0–1: 0.5 at half the error threshold, about 0.9 at the threshold."""
    return 1.0 / (1.0 + math.exp(-(score - error_at / 2) * (4.4 / max(error_at, 1e-6))))


class LexiconCorrector:
    """Correct sentences with the typo-category rules (lexicon entries; only their first suggestion)."""

    def __init__(self, rule_dirs: list[Path] | None = None, *, errors_only: bool = True) -> None:
        from gov_docs import paths

        ruleset = load_rules(rule_dirs or [paths.rules_dir() / "typo"])
        self.checker = Checker(ruleset, allow_list=AllowList.load(), categories=["typo"],
                               exclude_kinds=("typo",))
        self.errors_only = errors_only

    def analyse(self, sentence: str) -> list[Correction]:
        """Return lexicon corrections (their level is the rule's level)."""
        if not sentence.strip():
            return []
        doc = Document([Paragraph(sentence, role=Role.BODY, role_locked=True)], page=PageSetup.unknown())
        findings = [f for f in self.checker.check(doc) if f.edits and (f.auto_fixable or not self.errors_only)]
        out = []
        for f in select_non_overlapping(findings):
            e = f.edits[0]
            out.append(Correction(e.start, e.end, sentence[e.start:e.end], e.replacement,
                                  "error" if f.auto_fixable else "warning", 1.0, 99.0, "lexicon"))
        return out

    def analyse_many(self, sentences: list[str]) -> list[list[Correction]]:
        """:meth:`analyse` for each sentence (the same interface as TypoCorrector's)."""
        return [self.analyse(s) for s in sentences]

    def correct(self, sentence: str) -> str:
        """Return the sentence with confident (error-level) lexicon corrections applied."""
        return apply_corrections(sentence, self.analyse(sentence))


def keep_apart(corrections: list[Correction], gap: int = NEIGHBOUR_GAP) -> list[Correction]:
    """Keep the best-scoring of corrections closer than ``gap`` characters to each other.

    Each candidate was scored against the original text, so next to a stronger correction it was judged
    in a context that is about to change (财经纪率: 率→律 is right; 纪→几 only looked better beside the
    wrong 率). Best first, a correction is dropped when a kept one is that close.
    """
    kept: list[Correction] = []
    for c in sorted(corrections, key=lambda c: -c.score):
        if all(abs(c.start - k.start) > gap for k in kept):
            kept.append(c)
    return sorted(kept, key=lambda c: c.start)


def apply_corrections(text: str, corrections: list[Correction]) -> str:
    """Return ``text`` with the (non-overlapping) corrections applied."""
    edits = [Edit(0, c.start, c.end, c.right) for c in corrections]
    return apply_edits(text, edits) if edits else text


class TypoCorrector:
    """Lexicon + statistical detection, optionally verified by the language model."""

    def __init__(self, *, use_lm: bool = False, model_path: str | Path | None = None,
                 thresholds: Thresholds | None = None, lexicon: bool = True,
                 detector: FastDetector | None = None) -> None:
        self.thresholds = thresholds or Thresholds()
        self.detector = detector or FastDetector()
        self.lexicon = LexiconCorrector() if lexicon else None
        self.use_lm = use_lm
        self.scorer = None
        if use_lm:
            from gov_docs.typo.lm import scorer_for

            self.scorer = scorer_for(model_path)

    def statistical(self, text: str, allow_terms: tuple[str, ...] = (),
                    skip: set[int] | None = None, *, names_document: bool = False) -> list[Correction]:
        """Return fast-path (and, with the LM, verified) corrections for one sentence or paragraph."""
        return self.statistical_many([text], allow_terms, [skip or set()], names_document=names_document)[0]

    def statistical_many(self, texts: list[str], allow_terms: tuple[str, ...] = (),
                         skips: list[set[int]] | None = None, *,
                         names_document: bool = False) -> list[list[Correction]]:
        """Like :meth:`statistical` for many texts; the model sees all their windows in shared batches.

        ``names_document``: the texts come from a 表彰/任免 document (two name-like list items in a row
        are already a list of names, see ``gov_docs.typo.protect``).
        """
        th = self.thresholds
        skips = skips or [set() for _ in texts]
        per = th.lm_per_position if self.use_lm else 1
        # only candidates that can be reported are scored to the end (the rest are cut inside the detector)
        floor = th.lm_floor if self.use_lm else th.fast_warning
        cands = [[c for c in self.detector.candidates(t, allow_terms, per, min_score=floor,
                                                      names_document=names_document)
                  if c.pos not in sk] for t, sk in zip(texts, skips, strict=True)]
        if not self.use_lm:
            return [keep_apart([self._make(c, c.score, th.fast_error, th.fast_warning, "fast") for c in cs
                                if c.score >= th.fast_warning]) for cs in cands]
        chosen = []
        for cs in cands:
            positions: list[int] = []
            for c in cs:  # best first
                if c.score >= th.lm_floor and c.pos not in positions and len(positions) < th.max_lm_candidates:
                    positions.append(c.pos)
            chosen.append([c for c in cs if c.pos in positions and c.score >= th.lm_floor])
        windows = []
        for text, cs in zip(texts, chosen, strict=True):
            for c in cs:
                lo, hi = max(0, c.pos - th.lm_left), c.pos + th.lm_right + 1
                windows.append((text[lo:hi], text[lo:c.pos] + c.right + text[c.pos + 1:hi]))
        gains = iter(self.scorer.gains(windows) if windows else [])
        out: list[list[Correction]] = []
        for cs in chosen:
            best: dict[int, tuple[float, Candidate]] = {}
            for c in cs:
                score = next(gains) + th.lm_fast_weight * c.score
                if score >= th.lm_warning and score > best.get(c.pos, (-1e9, c))[0]:
                    best[c.pos] = (score, c)
            out.append(keep_apart([self._make(c, score, th.lm_error, th.lm_warning, "lm")
                                   for score, c in best.values()]))
        return out

    @staticmethod
    def _make(c: Candidate, score: float, error_at: float, warning_at: float, source: str) -> Correction:
        """Build the correction at the candidate's level; a deletion (多字) covers the doubled pair and reads as
        what the text becomes (执执 → 执), never as an empty suggestion.
        """
        level = "error" if score >= error_at and not c.capped else "warning"
        conf = round(confidence_of(score, error_at), 3)
        if not c.right:
            return Correction(c.pos - 1, c.pos + 1, c.wrong * 2, c.wrong, level, conf, round(score, 2), source)
        return Correction(c.pos, c.pos + 1, c.wrong, c.right, level, conf, round(score, 2), source)

    def analyse(self, text: str, allow_terms: tuple[str, ...] = ()) -> list[Correction]:
        """All corrections for ``text``: lexicon first, then statistical ones outside the lexicon's spans."""
        return self.analyse_many([text], allow_terms)[0]

    def analyse_many(self, texts: list[str], allow_terms: tuple[str, ...] = ()) -> list[list[Correction]]:
        """:meth:`analyse` for many texts at once (the model batches their windows together)."""
        lexical = [self.lexicon.analyse(t) if self.lexicon and t.strip() else [] for t in texts]
        covered = [{i for c in lex for i in range(c.start, c.end)} for lex in lexical]
        stats = self.statistical_many(texts, allow_terms, covered)
        return [sorted(lex + st, key=lambda c: c.start) for lex, st in zip(lexical, stats, strict=True)]

    def correct(self, text: str, *, include_warnings: bool = False) -> str:
        """Return ``text`` with the error-level corrections (and warnings, if asked) applied."""
        return self.correct_many([text], include_warnings=include_warnings)[0]

    def correct_many(self, texts: list[str], *, include_warnings: bool = False) -> list[str]:
        """:meth:`correct` for many texts (batched through the model)."""
        out = []
        for text, found in zip(texts, self.analyse_many(texts), strict=True):
            out.append(apply_corrections(text, [c for c in found if c.level == "error" or include_warnings]))
        return out
