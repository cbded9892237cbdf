"""Would the 1.5B model as a second opinion make promotion safer? (issue 16; an exploration, no choice.)

A promotion (``Thresholds.lm_promote_gain``) makes a one-click fix from the 0.5B model's gain alone. This
script collects the would-be promotions — verified candidates the fast path does not back (fast score
under ``lm_fix_fast``, not capped) with a 0.5B gain ≥ 8 — on the even sentences of odw.train (labelled:
is the candidate the reference's character?) and on the corpus tune part recorded by
``typo_verify_sweep.py --save`` (clean text: every one is wrong), asks the 1.5B model for the same
windows, and counts what each pair of bars would promote. odw here is scored with the shipped confusion
pairs (learned from all of odw.train), so its counts are indicative, not cross-validated.

Usage: .venv/bin/python benchmarks/typo_second_opinion.py --corpus TUNE.pkl [--cache CV_GAINS.pkl]
       [--model 1.5B.gguf]
(``--cache``: the 0.5B window gains of ``typo_cv.py --mode lm``; windows not in it are skipped.)
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import typo_verify_sweep  # noqa: E402
from typo_cv import ODW, load_odw  # noqa: E402

from gov_docs.typo.corrector import Thresholds, lm_chosen  # noqa: E402
from gov_docs.typo.detector import FastDetector  # noqa: E402


def window(th: Thresholds, text: str, c) -> tuple[str, str]:
    """The window pair the verifier scores for candidate ``c``."""
    lo, hi = max(0, c.pos - th.lm_left), c.pos + th.lm_right + 1
    return text[lo:hi], text[lo:c.pos] + c.right + text[c.pos + 1:hi]


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/typo_cv_qwen2.5-coder-0.5b-instruct-q4.pkl"))
    ap.add_argument("--model", default=None, help="the second model (default: models/*1.5b*.gguf)")
    args = ap.parse_args()
    th = Thresholds()
    small = pickle.loads(args.cache.read_bytes())
    rows: list[tuple[str, bool, float, tuple[str, str]]] = []  # (source, right, 0.5B gain, window)
    det = FastDetector()
    for src, tgt in load_odw(ODW)[::2]:
        for c in lm_chosen(det.candidates(src, (), 1, min_score=0.0), th):
            w = window(th, src, c)
            gain = small.get(w)
            if gain is None or gain < 8 or c.capped or c.score >= th.lm_fix_fast:
                continue
            rows.append(("odw", bool(c.right) and tgt[c.pos] == c.right, gain, w))
    sys.modules["__main__"].Shown = typo_verify_sweep.Shown  # the --save file was pickled from there
    shown, chars, _ = pickle.loads(args.corpus.read_bytes())
    for s in shown:
        for c, gain in zip(s.cands, s.gains, strict=True):
            if gain >= 8 and not c.capped and c.score < th.lm_fix_fast:
                rows.append(("corpus", False, gain, window(th, s.text, c)))
    from gov_docs.llm.backends import find_model
    from gov_docs.typo.lm import scorer_for

    model = args.model or find_model(None, prefer=("1.5b",))
    scorer = scorer_for(model, 1)
    cpu = time.process_time()
    big = scorer.gains([r[3] for r in rows])
    cpu = time.process_time() - cpu
    n_odw = sum(r[0] == "odw" for r in rows)
    print(f"would-be promotions (0.5B gain ≥ 8, fast score < {th.lm_fix_fast}): {n_odw} on odw (even "
          f"sentences), {len(rows) - n_odw} on the corpus part ({chars:,} characters); second model "
          f"{Path(model).name}: {len(rows) / cpu:.1f} windows per CPU-second (one thread)")
    for small_bar in (8, 9, 10, 11, 12):
        for big_bar in (-99, 0, 3, 5, 8, 10):
            sel = [r for r, g in zip(rows, big, strict=True) if r[2] >= small_bar and g >= big_bar]
            right = sum(1 for r in sel if r[0] == "odw" and r[1])
            wrong = sum(1 for r in sel if r[0] == "odw" and not r[1])
            corpus = sum(1 for r in sel if r[0] == "corpus")
            print(f"  0.5B ≥ {small_bar:2d}, 1.5B ≥ {big_bar:3d}: odw right {right:3d}, odw wrong "
                  f"{wrong:2d}, corpus (all wrong) {corpus:2d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
