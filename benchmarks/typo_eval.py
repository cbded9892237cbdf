"""Sentence-level typo detection and correction scores (SIGHAN convention), false-positive rate on correct
sentences, and sentences per second.

Formats: ``sighan`` — ``wrong<TAB>right`` per line (pycorrector/data/sighan2015_test.tsv); ``odw`` —
``N<TAB>wrong<TAB>right`` (../shared/data/ecspell_odw/odw.train; the N column is ignored: the strings are
compared). Correction: a sentence counts as corrected when the output equals the reference; detection:
when the changed positions equal the erroneous ones. The corrector is gov_docs.typo (today: the lexicon).

Usage: .venv/bin/python benchmarks/typo_eval.py --data FILE [--format sighan|odw] [--include-warnings]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gov_docs.typo.corrector import LexiconCorrector  # noqa: E402


def default_sighan() -> Path:
    """Return pycorrector's SIGHAN 2015 test file (located without importing pycorrector)."""
    spec = importlib.util.find_spec("pycorrector")
    return Path(spec.submodule_search_locations[0]) / "data" / "sighan2015_test.tsv"


def load(path: Path, fmt: str) -> list[tuple[str, str]]:
    """Return (source, target) pairs of equal length."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        src, tgt = (cols[0], cols[1]) if fmt == "sighan" and len(cols) >= 2 else (cols[1], cols[2]) if len(cols) >= 3 else (None, None)
        if src is not None and len(src) == len(tgt):
            pairs.append((src, tgt))
    return pairs


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Return precision, recall and F1."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--format", choices=("sighan", "odw"), default="sighan")
    ap.add_argument("--include-warnings", action="store_true")
    args = ap.parse_args()
    path = args.data or default_sighan()
    pairs = load(path, args.format)
    corrector = LexiconCorrector(errors_only=not args.include_warnings)
    corrector.correct("预热")
    t0 = time.perf_counter()
    preds = [corrector.correct(src) for src, _ in pairs]
    seconds = time.perf_counter() - t0
    c_tp = c_fp = c_fn = d_tp = d_fp = d_fn = 0
    correct_sents = changed_correct = 0
    for (src, tgt), pred in zip(pairs, preds, strict=True):
        has_err = src != tgt
        changed = pred != src
        if not has_err:
            correct_sents += 1
            changed_correct += changed
        if has_err and pred == tgt:
            c_tp += 1
        else:
            c_fp += changed and pred != tgt
            c_fn += has_err and pred != tgt
        gold = {i for i, (a, b) in enumerate(zip(src, tgt, strict=True)) if a != b}
        got = {i for i, (a, b) in enumerate(zip(src, pred, strict=False)) if a != b} if len(pred) == len(src) else {-1}
        if has_err and got == gold:
            d_tp += 1
        else:
            d_fp += bool(got) and got != gold
            d_fn += has_err and got != gold
    dp, dr, df = prf(d_tp, d_fp, d_fn)
    cp, cr, cf = prf(c_tp, c_fp, c_fn)
    print(f"data: {path} ({args.format}), {len(pairs)} sentences, {len(pairs) - correct_sents} with errors")
    print(f"detection : P {dp:.3f}  R {dr:.3f}  F1 {df:.3f}")
    print(f"correction: P {cp:.3f}  R {cr:.3f}  F1 {cf:.3f}")
    print(f"false-positive rate on correct sentences: {changed_correct}/{correct_sents} = "
          f"{changed_correct / max(correct_sents, 1):.2%}")
    print(f"speed: {len(pairs) / seconds:.0f} sentences/s (one process)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
