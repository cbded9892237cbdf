"""Cross-validated typo figures on odw.train: confusion pairs AND thresholds learned without the test fold.

For each outer fold K of 2 (sentence index mod 2):
1. the other fold T is the training fold; the confusion pairs used on fold K are counted from T only;
2. thresholds are chosen on T itself, honestly: T is split in two halves (inner folds), each half is
   scored with pairs counted from the other half only, and the thresholds that maximise correction F1
   on T while keeping at least ``--untouched`` of T's correct sentences unchanged are kept; the hint
   (疑似) threshold is the lowest that keeps hints on T's clean characters (every character of a correct
   sentence, and of a wrong one away from its errors) at or under ``--hints`` per 10k characters;
3. fold K is scored once with those thresholds and the T pairs.

Nothing from fold K is looked at before step 3; SIGHAN and gov_corpus are never used here.
Modes: ``fast`` (statistical fast path) and ``lm`` (fast candidates verified by the GGUF model; the model's
window gains are cached per window pair in ``--cache`` so the folds reuse them).

Usage: .venv/bin/python benchmarks/typo_cv.py [--mode fast|lm] [--model FILE] [--untouched 0.997]
       [--hints 1.0] [--folds 2] [--limit N]
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gov_docs.checks.findings import Finding, Level  # noqa: E402
from gov_docs.typo import resources as R  # noqa: E402
from gov_docs.typo.corrector import (  # noqa: E402
    STATISTICAL_RULE,
    LexiconCorrector,
    Thresholds,
    apply_corrections,
    confirm_window,
    confirmed,
    fast_bar,
    fast_decisions,
    finding_for,
    fix_backed,
    lm_chosen,
    lm_decisions,
    lm_window,
    merged,
    second_pass,
    span_of,
    statistical_rule,
    to_confirm,
)
from gov_docs.typo.detector import FastDetector  # noqa: E402

ODW = ROOT.parent / "shared" / "data" / "ecspell_odw" / "odw.train"
HINT_CEILING = 16.0  # highest hint threshold tried (log units of model gain + weighted fast score)


def load_odw(path: Path) -> list[tuple[str, str]]:
    """(wrong, right) pairs of equal length, in file order (the index decides the fold)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) >= 3 and len(cols[1]) == len(cols[2]):
            out.append((cols[1], cols[2]))
    return out


def count_pairs(data: list[tuple[str, str]], indices: list[int]) -> dict[tuple[str, str], int]:
    """Character confusions (wrong, right) counted from the diffs of the given sentences only."""
    counts: collections.Counter = collections.Counter()
    for i in indices:
        src, tgt = data[i]
        counts.update((a, b) for a, b in zip(src, tgt, strict=True) if a != b)
    return dict(counts)


def resources_with(base: R.TypoResources, learned: dict[tuple[str, str], int]) -> R.TypoResources:
    """The base resources with confusion sets rebuilt from ``learned`` pairs (word tables shared)."""
    missing: list[str] = []
    data = R.pycorrector_data_dir()
    conf = R.build_confusions(data, learned, missing)
    R.add_similar_sounds(conf, base.common_chars, missing)
    R.add_one_stroke_shapes(conf, data, base.common_chars, missing)
    R.add_rare_characters(conf, data, base.common_chars, missing)
    res = dataclasses.replace(base, confusions=conf)
    res.__dict__["log_probs"] = base.log_probs
    res.__dict__["joins"] = base.joins
    return res


@dataclasses.dataclass
class Scored:
    """One sentence with its lexicon corrections and statistical candidates (all scores kept)."""

    src: str
    tgt: str
    lexical: list[Finding]
    cands: list  # Candidate
    lm: list[float] | None = None  # model gain per candidate (lm mode)
    rescan: object = None  # corrected text → its candidates (the fast path's second pass)


class LMCache:
    """Window-pair gains of one model, kept on disk between runs."""

    def __init__(self, path: Path, model: str | None) -> None:
        self.path = path
        self.model = model
        self.data: dict[tuple[str, str], float] = {}
        if path.is_file():
            self.data = pickle.loads(path.read_bytes())
        self.scorer = None
        self.threads: int | None = None
        self.unsaved = 0

    def gains(self, pairs: list[tuple[str, str]]) -> list[float]:
        todo = sorted({p for p in pairs if p not in self.data})
        if todo:
            if self.scorer is None:
                from gov_docs.typo.lm import scorer_for

                self.scorer = scorer_for(self.model, self.threads)
            for i in range(0, len(todo), 256):
                chunk = todo[i:i + 256]
                self.data.update(zip(chunk, self.scorer.gains(chunk), strict=True))
                self.unsaved += len(chunk)
                if self.unsaved >= 256 or (len(todo) > 1 and i + 256 >= len(todo)):
                    self.save()
                    print(f"  model: {min(i + 256, len(todo))}/{len(todo)} window pairs", file=sys.stderr,
                          flush=True)
        return [self.data[p] for p in pairs]

    def save(self) -> None:
        """Write the gains scored so far to the cache file."""
        self.path.write_bytes(pickle.dumps(self.data))
        self.unsaved = 0


def rescanner(det: FastDetector, covered: set[int]):
    """The candidates of a corrected sentence, as score_sentences finds them (second_pass's rescan)."""
    return lambda text: [c for c in det.candidates(text, (), 1, min_score=0.0) if c.pos not in covered]


def score_sentences(data, indices, res, lexicon, th: Thresholds, lm: LMCache | None) -> list[Scored]:
    """Candidates (and model gains) for the given sentences under resources ``res``."""
    det = FastDetector(res)
    out = []
    for i in indices:
        src, tgt = data[i]
        lex = lexicon.analyse(src)
        covered = {k for f in lex for k in range(f.edits[0].start, f.edits[0].end)}
        cands = [c for c in det.candidates(src, (), th.lm_per_position if lm else 1, min_score=0.0)
                 if c.pos not in covered]
        if lm is not None and th.lm_words:  # words of the same sound, as the verified mode shows them
            cands = merged(cands, [c for c in det.word_candidates(src, (), min(WORD_FLOORS),
                                                                  min_count=min(WORD_COUNTS))
                                   if not set(range(*span_of(c))) & covered])
        out.append(Scored(src, tgt, lex, cands, rescan=rescanner(det, covered)))
    if lm is not None:
        windows = []
        for s in out:
            s.cands = lm_chosen(s.cands, th)
            windows.extend(lm_window(s.src, c, th.lm_left, th.lm_right) for c in s.cands)
        gains = iter(lm.gains(windows))
        for s in out:
            s.lm = [next(gains) for _ in s.cands]
    return out


COUNTS: list[R.TypoResources] = []  # the word counts (the base resources), for lm_word_count


def count_of(word: str) -> int:
    """The merged word count of ``word`` (as FastDetector.word_candidates reads it)."""
    res = COUNTS[0]
    res.ensure(word)
    return res.freq.get(word, 0)


def shown_to_model(c, th: Thresholds) -> bool:
    """Whether a recorded candidate (scored for the lowest floors) is shown to the model under ``th``."""
    return c.score >= th.lm_floor and (len(c.wrong) == 1 or (
        c.score >= th.lm_word_floor and count_of(c.right) >= th.lm_word_count))


def model_reads(scored: list[Scored], th: Thresholds) -> int:
    """The windows the verified mode would have the model read for ``scored`` under ``th``: every candidate
    shown (at ``lm_floor``, words at ``lm_word_floor``; at most ``max_lm_candidates`` positions) and every
    one-click fix's second reading.
    """
    n = 0
    for s in scored:
        shown = [(c, g) for c, g in zip(s.cands, s.lm, strict=True) if shown_to_model(c, th)]
        shown = [(c, g) for c, g in shown if c in lm_chosen([c for c, _ in shown], th)]
        kept = lm_decisions([c for c, _ in shown], [g for _, g in shown], th)
        n += len(shown) + len(to_confirm(s.src, kept, th))
    return n


RULE = statistical_rule()
WIDE: list[LMCache] = []  # the model's cache, for the second reading of one-click fixes (lm mode)


def decide(s: Scored, th: Thresholds, mode: str) -> list[Finding]:
    """The findings the corrector would return for this sentence under thresholds ``th`` (its functions)."""
    if mode == "fast":
        kept, error_at = second_pass(s.src, fast_decisions(s.cands, th), th, s.rescan), th.fast_error
    else:  # candidates scored for the lowest floor; a higher one shows the model fewer (the best kept)
        shown = [(c, g) for c, g in zip(s.cands, s.lm, strict=True) if shown_to_model(c, th)]
        kept, error_at = lm_decisions([c for c, _ in shown], [g for _, g in shown], th), th.lm_error
        pairs = to_confirm(s.src, kept, th)
        if pairs:  # the one-click fixes read again with more context, as the corrector does
            kept = confirmed(s.src, kept, th, dict(zip(pairs, WIDE[0].gains(pairs), strict=True)))
    stats = [finding_for(RULE, score, c, fast_bar(c, th) if mode == "fast" else error_at)
             for score, c in kept]
    return sorted(s.lexical + stats, key=lambda f: f.start)


def evaluate(scored: list[Scored], th: Thresholds, mode: str, hints_too: bool = False) -> dict[str, float]:
    """Correction P/R/F1 (SIGHAN sentence level), untouched share, hints per 10k clean characters.
    ``hints_too``: the 疑似 corrections are applied as well (``correct --include-warnings``).
    """
    tp = fp = fn = 0
    clean = touched = 0
    hints = clean_chars = 0
    for s in scored:
        found = decide(s, th, mode)
        pred = apply_corrections(s.src, [f for f in found if f.auto_fixable or hints_too])
        has_err = s.src != s.tgt
        if not has_err:
            clean += 1
            touched += pred != s.src
        if has_err and pred == s.tgt:
            tp += 1
        else:
            fp += pred != s.src and pred != s.tgt
            fn += has_err and pred != s.tgt
        errs = {i for i, (a, b) in enumerate(zip(s.src, s.tgt, strict=True)) if a != b}
        near = {j for i in errs for j in range(i - 2, i + 3)}
        clean_chars += len(s.src) - len(near)
        hints += sum(1 for f in found if f.level is Level.WARNING and f.rule_id == STATISTICAL_RULE
                     and f.start not in near)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"P": p, "R": r, "F1": 2 * p * r / (p + r) if p + r else 0.0,
            "untouched": 1 - touched / max(clean, 1), "hints10k": hints * 1e4 / max(clean_chars, 1),
            "sentences": len(scored), "clean": clean}


FIXED: dict[str, float] = {}  # thresholds given on the command line (chosen elsewhere), not tuned here


CORPUS: dict[str, object] = {}  # a corpus part the verified mode was recorded on (--corpus), for choosing


def corpus_errors(th: Thresholds) -> float:
    """必错 per 10k characters of the recorded corpus part under ``th`` (0 when none was given), counted as
    the verified mode makes them: every one-click fix is read again with more context (``confirmed``, the
    second windows from the model's cache, asked for when missing) and stays one only if it passes there
    too. ``--corpus-first-reading`` counts the first reading's fixes (how the limit was counted before the
    twelfth session: stricter than the product, which never shows a fix its second reading rejects).
    """
    if not CORPUS:
        return 0.0
    from typo_verify_sweep import decide as corpus_decide
    from typo_verify_sweep import level_of

    decided = corpus_decide(CORPUS["shown"], th)
    if CORPUS.get("second_reading") and WIDE:
        groups: dict[int, tuple[object, list]] = {}
        for s, sc, c in decided:
            groups.setdefault(id(s), (s, []))[1].append((sc, c))
        pairs = [p for s, ks in groups.values() for p in to_confirm(s.text, ks, th)]
        wide = dict(zip(pairs, WIDE[0].gains(pairs), strict=True)) if pairs else {}
        decided = [(s, sc, c) for s, ks in groups.values() for sc, c in confirmed(s.text, ks, th, wide)]
    n = sum(level_of(sc, c, th) is Level.ERROR for _, sc, c in decided)
    return n * 1e4 / CORPUS["chars"]


FAST_CORPUS: dict[str, object] = {}  # --fast-corpus: the fast path's candidates on a clean corpus part


def record_fast_corpus(part: str) -> tuple[list[tuple[float, bool]], int]:
    """The fast path's first-pass decisions on a clean corpus part, as ``gov-docs check --fast`` makes them
    (sentences, the document's terms, lists of names): (score, one-click possible: neither softly protected
    nor a rare written character) of every kept candidate at a score ≥ 4, and the part's characters.
    ``part``: "tune" (index % 3 == 1) or "rest" (index % 3 == 2), parts used for choosing; never "report".
    """
    import typo_verify_sweep

    from gov_docs.checks import AllowList, Checker
    from gov_docs.checks.loader import LoadedRule, RuleSet
    from gov_docs.document import read_document
    from gov_docs.typo import corrector as C
    from gov_docs.typo.kind import TypoKind

    if part == "report":
        raise SystemExit("the report part is never used for choosing")
    spec = dataclasses.replace(RULE.spec, params={**RULE.spec.params, "error_threshold": 4.0,
                                                     "warning_threshold": 4.0, "verify_with_model": False})
    kind = TypoKind(spec)
    kind.verify, kind.time_budget_s = False, 1e6
    checker = Checker(RuleSet(rules=[LoadedRule(spec=spec, kind=kind)]), allow_list=AllowList())
    seen: list[tuple[float, bool]] = []
    real_finding_for, real_second_pass = C.finding_for, C.second_pass

    def record(rule, score, c, *args, **kwargs):
        seen.append((score, not c.capped and not c.rare and len(c.right) == 1))
        return real_finding_for(rule, score, c, *args, **kwargs)

    C.finding_for = record
    C.second_pass = lambda text, kept, th, rescan: kept  # the first pass: a fix at a lower bar is no fix
    chars = 0
    try:
        for path in typo_verify_sweep.part_files(part, 1):
            doc = read_document(path)
            chars += len(doc.text)
            checker.check(doc)
    finally:
        C.finding_for, C.second_pass = real_finding_for, real_second_pass
    return seen, chars


def fast_corpus_errors(th: Thresholds) -> float:
    """The fast path's first-pass 必错 per 10k characters of the --fast-corpus part under ``th``."""
    if not FAST_CORPUS:
        return 0.0
    n = sum(ok and score >= th.fast_error for score, ok in FAST_CORPUS["seen"])
    return n * 1e4 / FAST_CORPUS["chars"]


PROMOTE_GAINS = (99.0, *[g / 2 for g in range(32, 11, -1)])  # 99: no promotion; then 16 … 6, safest first
PROMOTE_FLOORS = (6.0, 5.0, 4.0, 3.0, 2.0, 1.0)
FIX_FAST = (12.0, 11.0, 10.0, 9.5, 9.0, 8.0, 7.0, 6.0, 5.0)
# the model's own gain a fix the fast score backs needs (lm_fix_gain), safest first
FIX_GAINS = (12.0, 11.0, 10.0, 9.0, 8.0, 6.0, 0.0)
# the fast score a word of the same sound needs to reach the model (lm_word_floor) and the model gain that
# makes it a fix (lm_word_promote), safest first (99: none)
WORD_FLOORS = (99.0, 10.0, 8.0, 6.0, 4.0, 3.5, 3.0, 2.5, 2.0)
WORD_PROMOTES = (99.0, 20.0, 18.0, 16.0, 14.0, 12.0, 11.0)
# the count a word needs to be shown (lm_word_count), cheapest first (a tie keeps the one that asks less)
WORD_COUNTS = (3000, 1000, 300, 30)
WORD_CORPUS: dict[str, object] = {}  # --word-corpus: a clean corpus part recorded with words shown


def word_corpus_errors(th: Thresholds) -> float:
    """Word 必错 per 10k characters of the --word-corpus part under ``th`` (both readings must pass; a
    second reading the record lacks counts as passed).
    """
    if not WORD_CORPUS:
        return 0.0
    n = 0
    gains = WORD_CORPUS["gains"]
    for s in WORD_CORPUS["shown"]:
        for c, g in zip(s.cands, s.gains, strict=True):
            w = th.lm_fast_weight * c.score
            if len(c.wrong) < 2 or not shown_to_model(c, th) or g + w < th.lm_error \
                    or not fix_backed(c, g, th):
                continue
            wide = gains.get(confirm_window(s.text, c, th))
            if wide is None or (fix_backed(c, wide, th) and wide + w >= th.lm_error):
                n += 1
    return n * 1e4 / WORD_CORPUS["chars"]


def word_floor(scored: list[Scored], th: Thresholds, untouched: float) -> Thresholds:
    """Choose ``lm_word_floor`` and ``lm_word_promote`` with the other thresholds fixed: best F1 on
    ``scored`` with the untouched share kept and no more word 必错 on the --word-corpus part than
    ``--corpus-errors`` per 10k; ties go to the safer choice.
    """
    if not th.lm_words:
        return th
    floors = (FIXED["lm_word_floor"],) if "lm_word_floor" in FIXED else WORD_FLOORS
    promotes = (FIXED["lm_word_promote"],) if "lm_word_promote" in FIXED else WORD_PROMOTES
    counts = (int(FIXED["lm_word_count"]),) if "lm_word_count" in FIXED else WORD_COUNTS
    grid = (dataclasses.replace(th, lm_word_floor=f, lm_word_promote=wp, lm_word_count=n)
            for f in floors for wp in promotes for n in counts)
    best = best_f1(scored, grid, untouched,
                   lambda t: bool(WORD_CORPUS) and word_corpus_errors(t) > WORD_CORPUS["limit"])
    return best or dataclasses.replace(th, lm_word_floor=99.0)


def best_f1(scored: list[Scored], grid, untouched: float, over_limit) -> Thresholds | None:
    """Return the settings of ``grid`` (tried in order: the safer first) with the best F1 on ``scored``
    that keep the untouched share and are not ``over_limit`` (too many 必错 on clean corpus text); a tie
    keeps the earlier one. None when no setting qualifies.
    """
    best: tuple[float, Thresholds] | None = None
    for t in grid:
        m = evaluate(scored, t, "lm")
        if m["untouched"] < untouched or (best is not None and m["F1"] <= best[0]):
            continue
        if over_limit(t):
            continue
        best = (m["F1"], t)
    return best[1] if best else None


def promote(scored: list[Scored], th: Thresholds, untouched: float) -> Thresholds:
    """Choose when the model's gain alone is overwhelming enough for a one-click fix (``lm_promote_gain``
    with the fast score at ``lm_promote_fast``), and the fast score a fix needs otherwise (``lm_fix_fast``,
    with the model's own gain at ``lm_fix_gain``):
    best F1 on ``scored`` with the untouched share kept and, when a corpus part is given (``--corpus``), at
    most ``CORPUS["limit"]`` 必错 per 10k of its clean characters. Ties go to the safer choice (tried
    first: higher thresholds).
    """
    fix_gains = (FIXED["lm_fix_gain"],) if "lm_fix_gain" in FIXED else FIX_GAINS
    grid = (dataclasses.replace(th, lm_fix_fast=fe, lm_promote_gain=g, lm_promote_fast=f, lm_fix_gain=fg)
            for fe in sorted({*FIX_FAST, th.lm_fix_fast}, reverse=True)
            for f in PROMOTE_FLOORS
            for g in PROMOTE_GAINS if not (g == 99.0 and f != PROMOTE_FLOORS[0])
            for fg in fix_gains)
    best = best_f1(scored, grid, untouched, lambda t: bool(CORPUS) and corpus_errors(t) > CORPUS["limit"])
    return best or dataclasses.replace(th, lm_fix_fast=99.0)


def tune(scored: list[Scored], mode: str, base: Thresholds, untouched: float, hint_rate: float) -> Thresholds:
    """Thresholds maximising F1 on ``scored`` with the untouched share kept; then the hint threshold.

    With the model and ``lm_fix_needs_fast``: the model's thresholds are tuned as if its decisions were
    one-click fixes (the model's own verdict), and ``fast_error`` as for the fast path on the same
    sentences; a one-click fix then needs both, and the model's other decisions are hints.
    """
    if mode == "lm" and base.lm_fix_needs_fast:
        model = tune(scored, "lm", dataclasses.replace(base, lm_fix_needs_fast=False), untouched, hint_rate)
        fast = tune(scored, "fast", base, untouched, hint_rate)
        both = dataclasses.replace(model, lm_fix_needs_fast=True, lm_fix_fast=fast.fast_error)
        both = word_floor(scored, promote(scored, both, untouched), untouched)
        # the hint threshold again, under the rule as shipped: the model's decisions that the fast score
        # does not back are hints now too, so the hints counted when the model was tuned alone were too few
        if "lm_warning" in FIXED:
            return dataclasses.replace(both, lm_warning=FIXED["lm_warning"])
        chosen = HINT_CEILING
        for w in [HINT_CEILING - k / 2 for k in range(int(HINT_CEILING * 2) - 1)]:
            if evaluate(scored, dataclasses.replace(both, lm_warning=w), "lm")["hints10k"] > hint_rate:
                break
            chosen = w
        return dataclasses.replace(both, lm_warning=chosen)
    best = None
    if mode == "fast":
        grid = [dict(fast_error=e / 2) for e in range(8, 41)]
    else:
        # the floor decides which suspects reach the model (and whether a page loads it at all): higher
        # floors first, so a tie goes to the one that asks the model less
        floors = (FIXED["lm_floor"],) if "lm_floor" in FIXED else (6.0, 5.0, 4.0, 3.0, 2.0, 1.0)
        weights = (FIXED["lm_fast_weight"],) if "lm_fast_weight" in FIXED else (0.0, 0.25, 0.5, 0.75, 1.0)
        grid = [dict(lm_error=e / 2, lm_fast_weight=w, lm_floor=f) for f in floors
                for e in range(4, 31) for w in weights]
    for g in grid:
        th = dataclasses.replace(base, **g)
        th = dataclasses.replace(th, fast_warning=min(th.fast_warning, th.fast_error),
                                 lm_warning=min(th.lm_warning, th.lm_error))
        m = evaluate(scored, th, mode)
        if m["untouched"] >= untouched and (best is None or m["F1"] > best[0]) and not (
                mode == "fast" and FAST_CORPUS and fast_corpus_errors(th) > FAST_CORPUS["limit"]):
            best = (m["F1"], th)
    th = best[1] if best else dataclasses.replace(base, fast_error=99.0, lm_error=99.0)
    key = "fast_warning" if mode == "fast" else "lm_warning"
    top = th.fast_error if mode == "fast" else th.lm_error
    chosen = top
    for w in [top - k / 2 for k in range(0, int(top * 2))]:
        if w < 1.0:
            break
        if evaluate(scored, dataclasses.replace(th, **{key: w}), mode)["hints10k"] <= hint_rate:
            chosen = w
        else:
            break
    return dataclasses.replace(th, **{key: chosen})


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", choices=("fast", "lm"), default="fast")
    ap.add_argument("--model", default=None)
    ap.add_argument("--untouched", type=float, default=0.997, help="share of correct training sentences kept")
    ap.add_argument("--hints", type=float, default=1.0, help="疑似 hints per 10k clean training characters")
    ap.add_argument("--folds", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--threads", type=int, default=None, help="llama.cpp threads (default: all cores)")
    ap.add_argument("--include-warnings", action="store_true",
                    help="apply the 疑似 corrections too in the held-out fold (same thresholds)")
    ap.add_argument("--lm-alone", action="store_true",
                    help="with --mode lm: the model's decision alone makes a one-click fix (the old rule)")
    ap.add_argument("--final", action="store_true",
                    help="choose the shipped thresholds: the same inner procedure on all of odw.train")
    ap.add_argument("--hint", type=float, default=None,
                    help="with --mode lm: this hint threshold instead of one chosen on the folds (e.g. one "
                         "chosen on a part of gov_corpus with typo_verify_sweep.py)")
    ap.add_argument("--floor", type=float, default=None,
                    help="with --mode lm: the fast score a suspect needs to reach the model (not tuned)")
    ap.add_argument("--corpus", type=Path, default=None,
                    help="with --mode lm: a corpus part recorded by typo_verify_sweep.py --save (the tune "
                         "part only): one-click thresholds must keep its 必错 at or under --corpus-errors")
    ap.add_argument("--corpus-errors", type=float, default=0.03, help="必错 per 10k characters of --corpus")
    ap.add_argument("--corpus-first-reading", action="store_true",
                    help="count --corpus's 必错 at the first reading (before the twelfth session); by "
                         "default a fix counts only if its second reading passes too, as in the product")
    ap.add_argument("--corpus-cache", type=Path, default=None,
                    help="the gains cache (--cache) of the typo_verify_sweep.py run that recorded --corpus: "
                         "its second readings join the model cache, so they are not decoded again")
    ap.add_argument("--weight", type=float, default=None,
                    help="with --mode lm: the fast score's share in the model's decision score (not tuned; "
                         "the hint bar was chosen on the corpus with 0.5)")
    ap.add_argument("--fix-gain", type=float, default=None,
                    help="with --mode lm: this lm_fix_gain instead of one chosen on the folds")
    ap.add_argument("--curve", action="store_true",
                    help="with --mode lm: the held-out fold's figures for other promotion gains (not chosen)")
    ap.add_argument("--no-words", action="store_true",
                    help="with --mode lm: no two-character words of the same sound (as before)")
    ap.add_argument("--word-floor", type=float, default=None,
                    help="with --mode lm: this lm_word_floor instead of one chosen on the folds")
    ap.add_argument("--word-promote", type=float, default=None,
                    help="with --mode lm: this lm_word_promote instead of one chosen on the folds")
    ap.add_argument("--word-count", type=int, default=None,
                    help="with --mode lm: this lm_word_count instead of one chosen on the folds")
    ap.add_argument("--word-corpus", type=Path, default=None,
                    help="with --mode lm: a corpus part recorded by typo_verify_sweep.py --save with words "
                         "shown; the word thresholds must keep its word 必错 at or under --corpus-errors")
    ap.add_argument("--word-cache", type=Path, default=None,
                    help="the gains cache (--cache) of that typo_verify_sweep.py run (the second readings)")
    ap.add_argument("--small-grid", action="store_true",
                    help="with --mode lm: a coarser grid for the one-click thresholds (fix fast 12…9, "
                         "promotion floor 2 or 1, promotion gain 16…9; ~75 settings instead of ~9,000)")
    ap.add_argument("--only-fold", type=int, default=None, help="score only this outer fold")
    ap.add_argument("--fast-corpus", choices=("tune", "rest"), default=None,
                    help="the fast path's one-click bar (fast_error, and lm_fix_fast's fast tune) must keep "
                         "its first-pass 必错 on this clean corpus part at or under --fast-corpus-errors")
    ap.add_argument("--fast-corpus-errors", type=float, default=0.0, help="必错 per 10k characters")
    args = ap.parse_args()
    if args.weight is not None:
        FIXED["lm_fast_weight"] = args.weight
    if args.corpus is not None:
        import typo_verify_sweep

        sys.modules["__main__"].Shown = typo_verify_sweep.Shown  # the --save file was pickled from there
        shown, chars, _ = pickle.loads(args.corpus.read_bytes())
        CORPUS.update(shown=shown, chars=chars, limit=args.corpus_errors,
                      second_reading=not args.corpus_first_reading)
    if args.fast_corpus is not None:
        seen, chars = record_fast_corpus(args.fast_corpus)
        FAST_CORPUS.update(seen=seen, chars=chars, limit=args.fast_corpus_errors)
        shipped = sum(ok and sc >= Thresholds().fast_error for sc, ok in seen)
        print(f"fast path on the corpus {args.fast_corpus} part: {chars:,} characters, {shipped} first-pass "
              "必错 at the shipped bar", flush=True)
    if args.hint is not None:
        FIXED["lm_warning"] = args.hint
    if args.floor is not None:
        FIXED["lm_floor"] = args.floor
    if args.small_grid:
        global FIX_FAST, PROMOTE_FLOORS, PROMOTE_GAINS
        FIX_FAST = (12.0, 11.0, 10.0, 9.5, 9.0)
        PROMOTE_FLOORS = (2.0, 1.0)
        PROMOTE_GAINS = (99.0, 16.0, 14.0, 13.0, 12.0, 11.0, 10.0, 9.0)
    if args.word_promote is not None:
        FIXED["lm_word_promote"] = args.word_promote
    if args.word_corpus is not None:
        import typo_verify_sweep

        sys.modules["__main__"].Shown = typo_verify_sweep.Shown
        shown, chars, _ = pickle.loads(args.word_corpus.read_bytes())
        gains = pickle.loads(args.word_cache.read_bytes()) if args.word_cache else {}
        WORD_CORPUS.update(shown=shown, chars=chars, gains=gains, limit=args.corpus_errors)
    if args.word_floor is not None:
        FIXED["lm_word_floor"] = args.word_floor
    if args.word_count is not None:
        FIXED["lm_word_count"] = args.word_count
    if args.fix_gain is not None:
        FIXED["lm_fix_gain"] = args.fix_gain
    data = load_odw(ODW)
    if args.limit:
        data = data[: args.limit]
    base_res = R.load_resources()
    COUNTS.append(base_res)
    lexicon = LexiconCorrector()
    base = Thresholds(lm_fix_needs_fast=not args.lm_alone, lm_words=not args.no_words)
    lm = None
    if args.mode == "lm":
        name = Path(args.model).stem if args.model else "default"
        lm = LMCache(args.cache or Path(f"/tmp/typo_cv_{name}.pkl"), args.model)
        lm.threads = args.threads
        if args.corpus_cache is not None and args.corpus_cache.is_file():
            lm.data.update({k: v for k, v in pickle.loads(args.corpus_cache.read_bytes()).items()
                            if k not in lm.data})
        WIDE.append(lm)
    t0 = time.perf_counter()
    totals = collections.Counter()
    n = args.folds
    if args.final:
        every = list(range(len(data)))
        halves = [every[0::2], every[1::2]]
        inner = []
        for h in range(2):
            res = resources_with(base_res, count_pairs(data, halves[1 - h]))
            inner += score_sentences(data, halves[h], res, lexicon, base, lm)
        th = tune(inner, args.mode, base, args.untouched, args.hints)
        m = evaluate(inner, th, args.mode, args.include_warnings)
        print(f"thresholds for all of odw.train ({args.mode}): {th}"
              + (f"; corpus 必错 {corpus_errors(th):.3f} per 10k" if CORPUS else ""))
        print(f"  on the two halves (pairs from the other half): F1 {m['F1']:.3f}, untouched "
              f"{m['untouched']:.2%}, hints {m['hints10k']:.2f} per 10k")
        return 0
    for k in range(n):
        if args.only_fold is not None and k != args.only_fold:
            continue
        train = [i for i in range(len(data)) if i % n != k]
        test = [i for i in range(len(data)) if i % n == k]
        halves = [train[0::2], train[1::2]]
        inner = []
        for h in range(2):
            res = resources_with(base_res, count_pairs(data, halves[1 - h]))
            inner += score_sentences(data, halves[h], res, lexicon, base, lm)
        th = tune(inner, args.mode, base, args.untouched, args.hints)
        res = resources_with(base_res, count_pairs(data, train))
        held_out = score_sentences(data, test, res, lexicon, th, lm)
        m = evaluate(held_out, th, args.mode, args.include_warnings)
        other = evaluate(held_out, th, args.mode, not args.include_warnings)
        chosen = (f"error ≥ {th.fast_error}, hint ≥ {th.fast_warning}"
                  + (f"; corpus 必错 {fast_corpus_errors(th):.3f} per 10k" if FAST_CORPUS else "")
                  if args.mode == "fast" else
                  f"error ≥ {th.lm_error}, hint ≥ {th.lm_warning}, fast weight {th.lm_fast_weight}, "
                  f"model sees fast score ≥ {th.lm_floor}"
                  + (f"; one-click needs fast score ≥ {th.lm_fix_fast} with model gain ≥ "
                     f"{th.lm_fix_gain}, or model gain ≥ {th.lm_promote_gain}"
                     f" with fast score ≥ {th.lm_promote_fast}" if th.lm_fix_needs_fast else "")
                  + (f"; words of the same sound shown at fast score ≥ {th.lm_word_floor} and count ≥ "
                     f"{th.lm_word_count}, fixed at model gain ≥ {th.lm_word_promote}" if th.lm_words else "")
                  + (f"; word 必错 on the word corpus {word_corpus_errors(th):.3f} per 10k" if WORD_CORPUS
                     else "")
                  + (f"; corpus 必错 {corpus_errors(th):.3f} per 10k" if CORPUS else ""))
        print(f"fold {k}/{n}: {m['sentences']} sentences ({m['sentences'] - m['clean']} with errors); "
              f"thresholds from the other fold: {chosen}")
        print(f"  correction P {m['P']:.3f} R {m['R']:.3f} F1 {m['F1']:.3f}; correct sentences untouched "
              f"{m['untouched']:.2%}; hints {m['hints10k']:.2f} per 10k clean characters")
        if args.mode == "lm":
            print(f"  the model read {model_reads(held_out, th) / len(held_out):.2f} windows a sentence "
                  "(candidates shown at the chosen floors, and the second readings)")
        print(f"  {'without' if args.include_warnings else 'with'} the 疑似 applied: P {other['P']:.3f} "
              f"R {other['R']:.3f} F1 {other['F1']:.3f}; untouched {other['untouched']:.2%}")
        if args.curve and args.mode == "lm":
            for g in (99.0, 16.0, 14.0, 12.0, 11.0, 10.0, 9.0, 8.0, 6.0):
                c = evaluate(held_out, dataclasses.replace(th, lm_promote_gain=g), "lm")
                print(f"  curve: promote at model gain ≥ {g:4.1f}: P {c['P']:.3f} R {c['R']:.3f} "
                      f"F1 {c['F1']:.3f}, untouched {c['untouched']:.2%}")
        for key in ("F1", "untouched", "hints10k"):
            totals[key] += m[key] / n
        totals["other F1"] += other["F1"] / n
        totals["other untouched"] += other["untouched"] / n
    print(f"mean over {n} folds: F1 {totals['F1']:.3f}, untouched {totals['untouched']:.2%}, "
          f"hints {totals['hints10k']:.2f} per 10k ({time.perf_counter() - t0:.0f} s, mode {args.mode})")
    print(f"  {'without' if args.include_warnings else 'with'} the 疑似 applied: "
          f"F1 {totals['other F1']:.3f}, untouched {totals['other untouched']:.2%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
