"""False alarms of the statistical typo rule on clean published text: all 600 gov_corpus documents.

The corpus was published by the State Council and is nearly error-free, so every 必错 (error-level) finding
is a false alarm or a rare real slip: all of them are listed with their context; 疑似 hints are counted
and the most frequent (character → suggestion) listed. Nothing here tunes anything: the thresholds come
from odw.train (benchmarks/typo_cv.py).

Usage: .venv/bin/python benchmarks/typo_clean.py [--lm] [--model FILE] [--limit N] [--every K]
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gov_docs.checks import AllowList, Checker, load_rules  # noqa: E402
from gov_docs.checks.loader import LoadedRule, RuleSet  # noqa: E402
from gov_docs.document import read_document  # noqa: E402

CORPUS = ROOT.parent / "shared" / "data" / "gov_corpus"


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--lm", action="store_true", help="verify with the model (default: the rule file's mode)")
    ap.add_argument("--fast", action="store_true", help="fast path only")
    ap.add_argument("--model", default=None)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--every", type=int, default=1, help="only every K-th document")
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    from gov_docs.typo.kind import TypoKind

    rule = next(r for r in load_rules([ROOT / "rules" / "typo"]).rules if r.id == "typo.statistical")
    spec = rule.spec
    if args.lm or args.fast:
        spec = replace(spec, params={**spec.params, "verify_with_model": bool(args.lm)})
    kind = TypoKind(spec)
    if args.fast or args.lm:
        kind.verify = bool(args.lm)
    kind.time_budget_s = 1e6  # a measurement: a loaded machine must not switch the rule off halfway
    if args.model:
        from gov_docs.typo.corrector import TypoCorrector

        kind._corrector = TypoCorrector(use_lm=True, model_path=args.model, thresholds=kind.thresholds,
                                        lexicon=False, detector=kind._detector, rule=kind)
    checker = Checker(RuleSet(rules=[LoadedRule(spec=spec, kind=kind)]), allow_list=AllowList())
    files = sorted(CORPUS.glob("g*.txt"))[:: args.every]
    if args.limit:
        files = files[: args.limit]
    chars = errors = hints = 0
    listed: list[str] = []
    hint_pairs: collections.Counter = collections.Counter()
    hint_example: dict[str, str] = {}
    t0 = time.perf_counter()
    for path in files:
        doc = read_document(path)
        chars += len(doc.text)
        for f in checker.check(doc):
            text = doc.paragraphs[f.paragraph].text
            ctx = (
                f"…{text[max(0, f.start - 12):f.start]}[{f.matched}→{f.suggestions[0]}]"
                f"{text[f.end:f.end + 8]}…")
            if f.level.value == "error":
                errors += 1
                listed.append(f"{path.name}: {ctx}")
            else:
                hints += 1
                key = f"{f.matched}→{f.suggestions[0]}"
                hint_pairs[key] += 1
                hint_example.setdefault(key, f"{path.name}: {ctx}")
    secs = time.perf_counter() - t0
    mode = "LM verification" if kind.verify else "fast path"
    print(f"corpus: {len(files)} documents, {chars:,} characters, typo.statistical ({mode}), {secs:.0f} s")
    print(f"必错 (error): {errors} = {errors * 1e4 / chars:.3f} per 10k characters")
    print(f"疑似 (hint) : {hints} = {hints * 1e4 / chars:.3f} per 10k characters")
    print("every 必错:")
    for line in listed:
        print("  " + line)
    print(f"most frequent 疑似 (top {args.top}):")
    for key, n in hint_pairs.most_common(args.top):
        print(f"  {n:4d}  {hint_example[key]}")
    for w in checker.warnings:
        print(f"WARNING: {w}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
