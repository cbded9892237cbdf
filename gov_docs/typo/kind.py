"""The ``typo`` kind: statistical detection of 音近/形近 errors no lexicon lists (gov_docs.typo).

Keys:
    error_threshold / warning_threshold: fast-path score thresholds (log units; defaults tuned on the
        ECSpell odw development set). Findings at or above the error threshold are level error with a
        one-click fix; between the two, level warning (疑似) with the suggestion but no automatic fix.
    verify_with_model: always ask the local GGUF model (the small one unless ``checks.typo_model`` names
        another). The setting ``checks.typo_lm_verify`` (on by default) does the same for every check.
        A 必错 needs the fast path at its fix level too, or an overwhelming model gain (``Thresholds.
        lm_promote_gain``); the model's other finds are 疑似 (when the model could fix on a small margin,
        clean published text got 0.60 wrong 必错 per 10k characters, names among them). Its hints stay
        near 1 per 10k clean characters: a term the document keeps using gets none
        (``gov_docs.typo.protect.recurring_terms``).
        The model loads when a suspect first needs verifying, once per process; when it is missing or
        does not load, the fast path runs and the check says so once, in one line.
        ``quick_check_paragraph`` answers from the fast path (a front end shows it while the model
        verifies).

Protected, never flagged (``gov_docs.typo.protect``): 《titles》, 文号, person names (lists of names, names
after posts and appointment verbs, every list in a 表彰/任免 document — decided from the title), place,
road and organisation names, quoted material, office-vocabulary words, the user's allow-list (the engine
also drops findings inside allowed terms), characters next to Latin letters or digits, characters inside
well-attested words.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

from gov_docs.checks.findings import Finding
from gov_docs.checks.kinds.base import RuleKind, SpecError
from gov_docs.document.model import Document

SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")


class TypoKind(RuleKind):
    """Flag characters whose commonly confused neighbour makes the text far more probable.

    Paragraphs are split into sentences so the per-sentence candidate limit of LM verification applies
    to each sentence; with the model on, a long paragraph may take seconds, so the kind raises the
    engine's per-paragraph time limit for itself (``time_budget_s``).
    """

    name = "typo"
    statistical = True
    keys = {
        "error_threshold": ((int, float), False),
        "warning_threshold": ((int, float), False),
        "verify_with_model": ((bool,), False),
    }

    def __init__(self, spec) -> None:
        super().__init__(spec)
        from dataclasses import replace

        from gov_docs.typo.corrector import Thresholds

        th = Thresholds()
        err = float(spec.params.get("error_threshold", th.fast_error))
        warn = float(spec.params.get("warning_threshold", th.fast_warning))
        if warn > err:
            raise SpecError("warning_threshold", "疑似阈值不能高于必错阈值")
        self.thresholds = replace(th, fast_error=err, fast_warning=warn)
        self.verify = bool(spec.params.get("verify_with_model", False)) or settings_verify()
        # long paragraphs on a slow machine: a few seconds on the fast path, a minute with the model
        self.time_budget_s = 60.0 if self.verify else 5.0
        self.heavy = True
        self._detector = None  # jieba and the statistics load in prepare(), only when the rule runs
        self._corrector = None
        self._fast = None  # the fast path alone, for a quick first answer while verification runs
        self._lock = threading.Lock()
        self._notice = ""  # set when the model could not be used; the engine reports it once
        # (paragraphs, their text, their defined terms, their recurring two-character terms or None until
        # a verifying check first needs them, whether the title makes it a 表彰/任免 document)
        self._terms_of: tuple[list, str, tuple[str, ...], frozenset[str] | None, bool] = (
            [None], "", (), None, False)

    def prepare(self, everything: bool = False) -> None:
        """Load jieba and the typo statistics (from the precompiled cache) before the first timed check;
        with ``everything`` also jieba's POS tagger (person names) and every word count, otherwise loaded
        when a text needs them. (The detector computes word log probabilities from the counts as it goes:
        building the whole ``log_probs`` table, a pass over ~900k words, took more than half of a cold
        one-page check and nothing reads it.) The verification model is not loaded here: it loads when a
        suspect first needs verifying, in the process that checks (a page with no suspects never loads it,
        and a batch forks its workers before any model is loaded).
        """
        corrector = self.corrector()
        if everything:  # a batch about to fork its workers: they inherit whole tables instead of each
            from gov_docs.text.segment import pos_tagger, whole_dictionary  # filling its own

            pos_tagger()
            whole_dictionary()
            corrector.detector.res.complete()

    def _factory(self, use_lm: bool):
        from gov_docs.typo.corrector import TypoCorrector
        from gov_docs.typo.detector import FastDetector

        if self._detector is None:
            self._detector = FastDetector()  # precompiled tables; word log probabilities load on first use
        return TypoCorrector(use_lm=use_lm, model_path=_settings_model(), thresholds=self.thresholds,
                             lexicon=False, detector=self._detector, rule=self)

    @property
    def notice(self) -> str:
        """Return why verification is off for this session (the engine shows it once), or ""."""
        return self._notice or (self._corrector.notice if self._corrector is not None else "")

    @property
    def verifies(self) -> bool:
        """Return True while the full check asks the model (a front end shows the quick answer first)."""
        return self.verify and (self._corrector is None or self._corrector.use_lm)

    def corrector(self):
        """Return the statistical corrector (the model is loaded on first use when verification is on)."""
        with self._lock:
            if self._corrector is None:
                try:
                    self._corrector = self._factory(self.verify)
                except Exception as exc:  # noqa: BLE001 - no model: fall back to the fast path, never fail
                    if not self.verify:
                        raise
                    self._notice = f"错别字模型核验不可用（{exc}），本次改用快速检测"
                    self._corrector = self._factory(False)
            return self._corrector

    def fast_corrector(self):
        """Return the fast-path corrector (the verifying one when verification is off or fell back)."""
        corrector = self.corrector()
        if not corrector.use_lm:
            return corrector
        with self._lock:
            if self._fast is None:
                self._fast = self._factory(False)
            return self._fast

    def quick_check_paragraph(self, doc: Document, index: int, text: str) -> Iterable[Finding]:
        """Return the fast path's findings of one paragraph, without waiting for the model."""
        return self._check(self.fast_corrector(), doc, index, text)

    def check_paragraph(self, doc: Document, index: int, text: str) -> Iterable[Finding]:
        """Return the statistical findings of one paragraph (built by this rule, in its positions)."""
        return self._check(self.corrector(), doc, index, text)

    def _check(self, corrector, doc: Document, index: int, text: str) -> list[Finding]:
        pieces = SENTENCE_END.split(text)
        starts, at = [], 0
        for p in pieces:
            starts.append(at)
            at += len(p)
        terms, recurring, names = self._document_terms(doc, recurring=corrector.use_lm)
        found = corrector.statistical_many(pieces, terms, names_document=names,
                                           paragraph=index, offsets=starts, recurring=recurring)
        return [f for sentence in found for f in sentence]

    def _document_terms(self, doc: Document, *,
                        recurring: bool) -> tuple[tuple[str, ...], frozenset[str], bool]:
        """Terms the document defines for itself (以下简称…), when ``recurring`` (only the verified mode
        uses them) the two-character sequences it keeps using (its own terms: see
        ``gov_docs.typo.protect.recurring_terms``), and whether it is a 表彰/任免 document by its title;
        found once per document and kept (the title alone is a walk over the paragraphs: asked for each
        paragraph, a 4 MB text without a title took hours).
        """
        from gov_docs.typo.protect import defined_terms, is_names_document, recurring_terms

        paras = doc.paragraphs
        # the same paragraphs as last time (compared one by one, by identity first: a list of hundreds
        # costs less than a microsecond, where summing their lengths for every paragraph made checking
        # a long document quadratic); an edited paragraph is a new Paragraph, so its document is looked
        # at again
        known, text, terms, repeated, names = self._terms_of
        if known != paras:
            known, text = list(paras), "\n".join(p.text for p in paras)
            terms, repeated, names = defined_terms(text), None, is_names_document(doc.title)
        if recurring and repeated is None:  # the fast path never counts them (0.8 s over the corpus)
            repeated = recurring_terms(text)
        self._terms_of = (known, text, terms, repeated, names)
        return terms, repeated if recurring else frozenset(), names


def _settings(section: str, key: str, default):
    try:
        from gov_docs import config

        return config.load().get(section, {}).get(key, default)
    except Exception:  # noqa: BLE001 - unreadable settings never break checking
        return default


def settings_verify() -> bool:
    """Return whether typo suspects are verified with the model: ``GOV_DOCS_TYPO_VERIFY`` (0/1, for scripts
    and test runs, inherited by subprocesses and batch workers) over the setting ``checks.typo_lm_verify``.
    """
    import os

    env = os.environ.get("GOV_DOCS_TYPO_VERIFY", "").strip()
    if env in ("0", "1"):
        return env == "1"
    return bool(_settings("checks", "typo_lm_verify", True))


def _settings_model() -> str | None:
    """Return the model typo verification uses: ``checks.typo_model`` (a file or "0.5b"/"1.5b");
    empty: the small model when installed (see gov_docs.typo.lm.TYPO_PREFERENCE), not the drafting model.
    """
    return _settings("checks", "typo_model", "") or None
