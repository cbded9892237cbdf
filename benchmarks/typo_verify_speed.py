"""Speed of verified-mode settings in one process: sentences per CPU-second and the windows the model reads.

Every setting checks the same sentences with one detector and one loaded model (the 0.5B by default), in
turns (each setting once, then each again), its memo of window gains emptied before each turn, so the ratios
to the first setting hold on a busy machine (CPU time of this process, all its threads). The settings: the
verified mode before issue 16's ninth session (the model sees fast scores ≥ 1, every counted word of the
same sound, every one-click fix read again), the same without words of the same sound, the ninth
session's cheaper word and second-reading rules at the old floor and at 1.5, the tenth session's (floor 2;
words of the same sound from a fast score of 4, also beside a stronger character candidate), and the shipped
thresholds; ``--set NAME=VALUE`` adds the shipped thresholds with one changed. Accuracy is measured elsewhere
(``typo_cv.py``, ``typo_eval.py``); this script only times.

Usage: .venv/bin/python benchmarks/typo_verify_speed.py [--limit 150] [--offset 0] [--model FILE]
       [--set lm_floor=1.5]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from typo_eval import default_sighan, load  # noqa: E402

from gov_docs.commands.typo import BATCH  # noqa: E402
from gov_docs.typo.corrector import Thresholds, TypoCorrector  # noqa: E402
from gov_docs.typo.detector import FastDetector  # noqa: E402


def settings(extra: list[str]) -> dict[str, Thresholds]:
    """The settings compared, the reference first."""
    shipped = Thresholds()
    tenth = replace(shipped, lm_word_outranked=True, lm_word_floor=4.0)  # the tenth session's thresholds
    before = replace(tenth, lm_floor=1.0, lm_word_count=0, lm_confirm_skip=99.0, lm_warning=8.0)
    out = {
        "before (floor 1, every word, every fix read again)": before,
        "before, no words of the same sound": replace(before, lm_words=False),
        "word count + second-reading skip, floor 1": replace(tenth, lm_floor=1.0),
        "word count + second-reading skip, floor 1.5": replace(tenth, lm_floor=1.5),
        "tenth session (floor 2, word floor 4, outranked words shown)": tenth,
        "shipped": shipped,
    }
    for item in extra:
        name, value = item.split("=", 1)
        cast = type(getattr(shipped, name))
        out[f"shipped with {name}={value}"] = replace(shipped, **{name: cast(float(value))})
    return out


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=150, help="SIGHAN 2015 sentences checked")
    ap.add_argument("--offset", type=int, default=0, help="the first sentence")
    ap.add_argument("--model", default=None, help="GGUF (default: the typo checker's choice)")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    args = ap.parse_args()
    sentences = [s for s, _ in load(default_sighan(), "sighan")[args.offset:args.offset + args.limit]]
    detector = FastDetector()
    correctors: dict[str, TypoCorrector] = {}
    for name, th in settings(args.set).items():
        c = TypoCorrector(use_lm=True, model_path=args.model, detector=detector, thresholds=th)
        if correctors:
            c.scorer = next(iter(correctors.values())).scorer  # one model for all
        c.analyse_many(["预热一下模型，完善预算管里。"])  # loads the model and the tables outside the timing
        correctors[name] = c
    cpu = dict.fromkeys(correctors, 0.0)
    windows = dict.fromkeys(correctors, 0)
    for _ in range(2):
        for name, c in correctors.items():
            c._gains.clear()
            t = time.process_time()
            for i in range(0, len(sentences), BATCH):
                c.analyse_many(sentences[i:i + BATCH])
            cpu[name] += time.process_time() - t
            windows[name] = len(c._gains)
    ref = next(iter(cpu))
    print(f"{len(sentences)} SIGHAN 2015 sentences from {args.offset}, each setting twice, one process")
    for name in cpu:
        print(f"  {name:52s} {2 * len(sentences) / cpu[name]:6.2f} sentences per CPU-s, {windows[name]:4d} "
              f"windows, {cpu[ref] / cpu[name]:.3f}x the first")
    return 0


if __name__ == "__main__":
    sys.exit(main())
