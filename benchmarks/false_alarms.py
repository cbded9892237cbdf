"""False alarms on clean text: findings per 10,000 characters over the 600 real corpus documents,
per category and level, and the rules that fire most (with examples, to find noisy rules).

The corpus was published by the State Council and is nearly error-free, so every error-level finding is
either a real slip in the source or a false alarm; the examples printed let a reviewer tell which.

Usage: .venv/bin/python benchmarks/false_alarms.py [--rules DIR] [--packs a,b] [--skip RULE_ID,…] [--top 15]
[--examples 3]
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gov_docs.checks import AllowList, Checker, load_rules  # noqa: E402
from gov_docs.checks.findings import Category, Level  # noqa: E402
from gov_docs.document import read_document  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "gov_corpus"


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--rules", type=Path, default=ROOT / "rules")
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("--packs", default="",
                    help="only these rule folders, comma-separated: sensitive,expression")
    ap.add_argument("--skip", default="", help="rule ids to leave out, comma-separated: typo.statistical")
    args = ap.parse_args()
    packs = [p for p in args.packs.split(",") if p]
    ruleset = load_rules([args.rules / p for p in packs] if packs else [args.rules])
    skip = {s for s in args.skip.split(",") if s}
    ruleset.rules = [r for r in ruleset.rules if r.id not in skip]
    checker = Checker(ruleset, allow_list=AllowList())
    by_cat: collections.Counter = collections.Counter()
    by_rule: collections.Counter = collections.Counter()
    by_pack: collections.Counter = collections.Counter()
    pack_of = {r.id: r.spec.pack for r in checker.ruleset.rules} if hasattr(checker, "ruleset") else {}
    examples: dict[str, list[str]] = collections.defaultdict(list)
    chars = 0
    files = sorted(CORPUS.glob("g*.txt"))
    for path in files:
        doc = read_document(path)
        chars += len(doc.text)
        for f in checker.check(doc):
            by_cat[(f.category, f.level)] += 1
            by_rule[(f.rule_id, f.level)] += 1
            by_pack[pack_of.get(f.rule_id, f.category.value)] += 1
            if len(examples[f.rule_id]) < args.examples and f.paragraph >= 0:
                text = doc.paragraphs[f.paragraph].text
                examples[f.rule_id].append(
                    f"{path.name}: …{text[max(0, f.start - 10):f.end + 10]}… [{f.matched[:20]}]")
    per10k = 10000 / chars
    print(f"corpus: {len(files)} documents, {chars:,} characters; findings per 10,000 characters")
    print(f"{'category':<12}" + "".join(f"{lv.label:>8}" for lv in Level))
    for cat in Category:
        print(f"{cat.label:<12}" + "".join(f"{by_cat[(cat, lv)] * per10k:8.2f}" for lv in Level))
    totals = {lv: sum(v for (c, level), v in by_cat.items() if level is lv) for lv in Level}
    print(f"{'all':<12}" + "".join(f"{totals[lv] * per10k:8.2f}" for lv in Level))
    print("\nby pack (rule folder), all levels:")
    for pack, n in sorted(by_pack.items()):
        print(f"  {pack:<12}{n * per10k:8.2f}  ({n})")
    print(
        f"\nerror-level (必错) rate: {totals[Level.ERROR] * per10k:.2f} per 10,000 characters (target < 0.5)")
    print(f"\ntop {args.top} rules by count:")
    for (rule_id, level), n in by_rule.most_common(args.top):
        print(f"  {n:5d}  {level.label}  {rule_id}")
        for ex in examples[rule_id]:
            print(f"           {ex}")
    for w in checker.warnings:
        print(f"WARNING: {w}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
