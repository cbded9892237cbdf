"""The statistical typo rule before and after issue 19, in the same run: CPU time per character of the
typo pack (lexicons + statistical rule, default fast path) over the same corpus documents.

The "before" tree is taken from git (``git archive``; default: the commit before issue 19's first change,
87581bc) into a temporary folder, and each tree checks the documents in its own process; the runs
alternate (before, after, before, after) so both see the same load. Note that the detection itself also
changed in between (issue 16: protected entities, a larger vocabulary): the ratio is of the rule as
shipped then and now, and the findings differ accordingly. A rule the engine switched off during a run
(its per-paragraph time budget, on an overloaded machine) is named: such a run is not a valid figure.

Usage: .venv/bin/python benchmarks/typo_speedup.py [--before 87581bc] [--docs 120] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "gov_corpus"

PROBE = r"""
import json, sys, time
from pathlib import Path
from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.document import document_from_text, read_document
tree, n, step = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
files = sorted(Path(sys.argv[4]).glob("g*.txt"))[::step][:n]
docs = [read_document(p) for p in files]
checker = Checker(load_rules([tree / "rules" / "typo"]), allow_list=AllowList())
checker.check(document_from_text("关于开展检查的通知\n各单位：\n请认真落实。"))
c0, w0 = time.process_time(), time.perf_counter()
found = sum(len(checker.check(d)) for d in docs)
print(json.dumps({"cpu": time.process_time() - c0, "wall": time.perf_counter() - w0,
                  "chars": sum(len(d.text) for d in docs), "findings": found,
                  "switched_off": sorted(checker.switched_off)}))
"""


def probe(tree: Path, args: argparse.Namespace, home: Path) -> dict:
    """Check the documents with ``tree``'s code and rules in a new process; return its figures."""
    env = {**os.environ, "PYTHONPATH": str(tree), "GOV_DOCS_HOME": str(home)}
    res = subprocess.run(
        [sys.executable, "-c", PROBE, str(tree), str(args.docs), str(args.step), str(CORPUS)],
                         capture_output=True, text=True, env=env, cwd=tree, timeout=7200)
    if res.returncode != 0:
        raise SystemExit(res.stderr[-800:])
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", default="87581bc")
    ap.add_argument("--docs", type=int, default=120)
    ap.add_argument("--step", type=int, default=5, help="every N-th corpus document")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gov-docs-typo-"))
    before = work / "before"
    before.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.before], capture_output=True,
                             check=True)
    subprocess.run(["tar", "-x", "-C", str(before)], input=archive.stdout, check=True)
    trees = {"before": before, "after": ROOT}
    for name, tree in trees.items():  # build each tree's caches outside the timing
        probe(tree, argparse.Namespace(docs=1, step=1), work / f"home-{name}")
    runs: dict[str, list[dict]] = {k: [] for k in trees}
    for _ in range(args.rounds):
        for name, tree in trees.items():
            runs[name].append(probe(tree, args, work / f"home-{name}"))
    chars = runs["after"][0]["chars"]
    print(f"{args.docs} corpus documents (every {args.step}th), {chars:,} characters; typo pack only; "
          f"{args.rounds} alternating rounds; load average {os.getloadavg()[0]:.1f}")
    speed = {}
    for name in trees:
        cpu = statistics.median(r["cpu"] for r in runs[name])
        wall = statistics.median(r["wall"] for r in runs[name])
        speed[name] = chars / cpu
        print(f"{name:6s} ({args.before if name == 'before' else 'this tree'}): {cpu:7.2f} s CPU "
              f"({chars / cpu:,.0f} chars/CPU-s), {wall:7.2f} s wall, {runs[name][0]['findings']} findings")
        off = sorted({r for run in runs[name] for r in run["switched_off"]})
        if off:
            print(
                f"       WARNING: switched off during the run (time budget on a busy machine): "
                f"{', '.join(off)}")
    print(f"speed-up (CPU time): {speed['after'] / speed['before']:.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
