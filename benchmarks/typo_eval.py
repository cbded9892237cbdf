"""Sentence-level typo detection and correction scores (SIGHAN convention), false-positive rate on correct
sentences, and sentences per second.

Formats: ``sighan`` — ``wrong<TAB>right`` per line (pycorrector/data/sighan2015_test.tsv); ``odw`` —
``N<TAB>wrong<TAB>right`` (../shared/data/ecspell_odw/odw.train; the N column is ignored: the strings are
compared). Correction: a sentence counts as corrected when the output equals the reference; detection:
when the changed positions equal the erroneous ones. Modes: ``lexicon`` (the typo word lists only),
``fast`` (lexicon + statistical detection; the default), ``lm`` (fast candidates verified by the GGUF model).

Honest cross-validation on odw (whose diffs the shipped confusion pairs were counted from):
``--fold K/N`` evaluates only sentences with index % N == K, with pairs learned from the other sentences
(benchmarks/learn_confusions.py --fold K/N --out FILE; pass that FILE as ``--pairs``).

Usage: .venv/bin/python benchmarks/typo_eval.py [--data FILE] [--format sighan|odw] [--mode lexicon|fast|lm]
       [--include-warnings] [--pairs FILE] [--fold K/N] [--limit N]
"""

from __future__ import annotations

import argparse
import importlib.util
import pickle
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gov_docs.commands.typo import BATCH  # noqa: E402 - sentences handed to the corrector at once
from gov_docs.typo.corrector import (  # noqa: E402
    LexiconCorrector,
    Thresholds,
    TypoCorrector,
    apply_corrections,
)
from gov_docs.typo.detector import FastDetector  # noqa: E402
from gov_docs.typo.resources import load_resources  # noqa: E402


def default_sighan() -> Path:
    """Return pycorrector's SIGHAN 2015 test file (located without importing pycorrector)."""
    spec = importlib.util.find_spec("pycorrector")
    return Path(spec.submodule_search_locations[0]) / "data" / "sighan2015_test.tsv"


def load(path: Path, fmt: str, fold: tuple[int, int] | None = None) -> list[tuple[str, str]]:
    """Return (source, target) pairs of equal length (only fold K of N when ``fold`` is given)."""
    pairs = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if fold and n % fold[1] != fold[0]:
            continue
        cols = line.split("\t")
        src, tgt = (cols[0], cols[1]) if fmt == "sighan" and len(cols) >= 2 else (cols[1], cols[2]) if len(
            cols) >= 3 else (None, None)
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
    ap.add_argument("--mode", choices=("lexicon", "fast", "lm"), default="fast")
    ap.add_argument("--model", default=None, help="GGUF for --mode lm (default: the first in models/)")
    ap.add_argument("--pairs", type=Path, default=None,
                    help="learned confusion pairs file (default: shipped)")
    ap.add_argument("--fold", default=None, help="K/N: evaluate sentences with index %% N == K only")
    ap.add_argument("--limit", type=int, default=0, help="only the first N sentences")
    ap.add_argument("--curve", action="store_true",
                    help="with --mode lm: one-click F1 for other promotion gains (gains reused; no choice)")
    ap.add_argument("--cache", type=Path, default=None,
                    help="with --mode lm: keep the window gains in this file (a second run with other "
                         "thresholds asks the model nothing; its speed figure is then no measurement)")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="a threshold other than the shipped one (e.g. lm_word_floor=6, lm_words=0)")
    args = ap.parse_args()
    path = args.data or default_sighan()
    fold = tuple(int(x) for x in args.fold.split("/")) if args.fold else None
    pairs = load(path, args.format, fold)
    if args.limit:
        pairs = pairs[: args.limit]
    if args.mode == "lexicon":
        lex = LexiconCorrector(errors_only=not args.include_warnings)

        def fix(texts: list[str]) -> list[str]:
            return [lex.correct(t) for t in texts]
    else:
        detector = FastDetector(load_resources(args.pairs.resolve()) if args.pairs else None)
        th = Thresholds()
        for item in args.set:
            name, value = item.split("=", 1)
            th = replace(th, **{name: type(getattr(th, name))(float(value))})
        corrector = TypoCorrector(use_lm=args.mode == "lm", model_path=args.model, detector=detector,
                                  thresholds=th)
        if args.cache and args.cache.is_file():
            corrector._gains.update(pickle.loads(args.cache.read_bytes()))

        def fix(texts: list[str]) -> list[str]:
            found = corrector.analyse_many(texts)
            other.extend(apply_corrections(t, [f for f in fs if f.auto_fixable or not args.include_warnings])
                         for t, fs in zip(texts, found, strict=True))
            return [apply_corrections(t, [f for f in fs if f.auto_fixable or args.include_warnings])
                    for t, fs in zip(texts, found, strict=True)]
    other: list[str] = []  # with the 疑似 applied when the main figures are without (and the reverse)
    fix(["预热一下模型，完善预算管里。"])
    other.clear()
    t0, cpu0 = time.perf_counter(), time.process_time()
    preds = [p for i in range(0, len(pairs), BATCH) for p in fix([src for src, _ in pairs[i:i + BATCH]])]
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    if args.cache and args.mode == "lm":
        args.cache.write_bytes(pickle.dumps(dict(corrector._gains)))
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
        got = {i for i,
               (a, b) in enumerate(zip(src, pred, strict=False)) if a != b} if len(pred) == len(src) else {-1}
        if has_err and got == gold:
            d_tp += 1
        else:
            d_fp += bool(got) and got != gold
            d_fn += has_err and got != gold
    if other:
        tp = sum(1 for (src, tgt), pred in zip(pairs, other, strict=True) if src != tgt and pred == tgt)
        fp = sum(1 for (src, tgt), pred in zip(pairs, other, strict=True) if pred != src and pred != tgt)
        fn = sum(1 for (src, tgt), pred in zip(pairs, other, strict=True) if src != tgt and pred != tgt)
        kept = sum(1 for (src, tgt), pred in zip(pairs, other, strict=True) if src == tgt and pred == src)
        op, orr, of = prf(tp, fp, fn)
        other_line = (f"{'without' if args.include_warnings else 'with'} the 疑似 applied: "
                      f"correction P {op:.3f}  R {orr:.3f}  F1 {of:.3f}; correct sentences untouched "
                      f"{kept / max(sum(1 for s, t in pairs if s == t), 1):.2%}")
    dp, dr, df = prf(d_tp, d_fp, d_fn)
    cp, cr, cf = prf(c_tp, c_fp, c_fn)
    print(f"data: {path} ({args.format}{', fold ' + args.fold if fold else ''}), mode {args.mode}"
          f"{' + warnings' if args.include_warnings else ''}, {len(pairs)} sentences, "
          f"{len(pairs) - correct_sents} with errors")
    print(f"detection : P {dp:.3f}  R {dr:.3f}  F1 {df:.3f}")
    print(f"correction: P {cp:.3f}  R {cr:.3f}  F1 {cf:.3f}")
    print(f"false-positive rate on correct sentences: {changed_correct}/{correct_sents} = "
          f"{changed_correct / max(correct_sents, 1):.2%}")
    print(f"correct sentences left untouched: {1 - changed_correct / max(correct_sents, 1):.2%}")
    if other:
        print(other_line)
    print(f"speed: {len(pairs) / seconds:.1f} sentences/s (one process); {len(pairs) / cpu:.1f} sentences "
          f"per CPU-second of this process (all its threads)")
    if args.curve and args.mode == "lm":
        shipped = corrector.thresholds
        for gain in (99.0, 16.0, 15.0, 14.0, 13.0, 12.0, 11.0, 10.0, 9.0, 8.0):
            corrector.thresholds = replace(shipped, lm_promote_gain=gain)
            out = [p for i in range(0, len(pairs), BATCH)
                   for p in corrector.correct_many([src for src, _ in pairs[i:i + BATCH]])]
            tp = sum(1 for (src, tgt), pred in zip(pairs, out, strict=True) if src != tgt and pred == tgt)
            fp = sum(1 for (src, tgt), pred in zip(pairs, out, strict=True) if pred != src and pred != tgt)
            fn = sum(1 for (src, tgt), pred in zip(pairs, out, strict=True) if src != tgt and pred != tgt)
            kept = sum(1 for (src, tgt), pred in zip(pairs, out, strict=True) if src == tgt and pred == src)
            p, r, f = prf(tp, fp, fn)
            print(f"  curve: promote at model gain ≥ {gain:4.1f}: correction P {p:.3f} R {r:.3f} F1 {f:.3f}; "
                  f"untouched {kept / max(correct_sents, 1):.2%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
