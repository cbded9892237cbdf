"""``gov-docs check FOLDER`` over the 600 corpus documents: wall time with one worker and with one per
core, and the speed-up, measured in the same run (the command as a clerk runs it, start-up included).

All rule packs run, the statistical typo rule in its default mode. Output goes to a file, so the progress
bar stays off; both runs must print the same findings in the same order.

Usage: .venv/bin/python benchmarks/batch_speed.py [--folder DIR] [--jobs 2]
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "gov_corpus"
ENTRY = "import sys; from gov_docs.cli import main; sys.exit(main())"


def run(folder: Path, jobs: int, out: Path, env: dict[str, str]) -> float:
    """Run ``gov-docs check folder -j jobs`` with stdout to ``out``; return wall seconds."""
    t0 = time.perf_counter()
    with out.open("w", encoding="utf-8") as fh:
        res = subprocess.run([sys.executable, "-c", ENTRY, "check", str(folder), "-j", str(jobs)],
                             stdout=fh, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    wall = time.perf_counter() - t0
    if res.returncode not in (0, 1):
        raise SystemExit(f"gov-docs check failed ({res.returncode}): {res.stderr[-500:]}")
    return wall


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--folder", type=Path, default=CORPUS)
    ap.add_argument("--jobs", type=int,
                    default=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                    else (os.cpu_count() or 2))
    args = ap.parse_args()
    files = sorted(p for p in args.folder.rglob("*") if p.suffix.lower() in (".txt", ".docx"))
    chars = sum(len(p.read_text(encoding="utf-8")) for p in files if p.suffix == ".txt")
    work = Path(tempfile.mkdtemp(prefix="gov-docs-batch-"))
    env = {**os.environ, "GOV_DOCS_HOME": str(work / "home"), "PYTHONPATH": str(ROOT)}
    # the precompiled cache is built once before timing (as after installation)
    subprocess.run([sys.executable, "-c", ENTRY, "check", str(files[0])], env=env, cwd=ROOT,
                   capture_output=True, check=False)
    # the fresh user folder has the default settings: the model verifies typo suspects (issue 16), but a
    # check of more than BATCH_FAST_FILES files uses the fast path unless --verify (GOV_DOCS_TYPO_VERIFY=1
    # here: on the 600 documents that is about half an hour of CPU, not a minute)
    from gov_docs.commands.checks import BATCH_FAST_FILES

    verify = os.environ.get("GOV_DOCS_TYPO_VERIFY", "").strip()
    mode = ("verified" if verify == "1" or (verify != "0" and len(files) <= BATCH_FAST_FILES)
            else "fast path")
    mode += " (the default for this many files)" if not verify else ""
    print(f"folder: {args.folder} ({len(files)} files, {chars:,} characters in the .txt files); "
          f"load average {os.getloadavg()[0]:.1f} at start; typo mode: {mode}")
    one = run(args.folder, 1, work / "one.txt", env)
    many = run(args.folder, args.jobs, work / "many.txt", env)
    same = filecmp.cmp(work / "one.txt", work / "many.txt", shallow=False)
    total = (work / "one.txt").read_text(encoding="utf-8").splitlines()[-1]
    print(f"-j 1        : {one:7.1f} s  ({chars / one:,.0f} chars/s)")
    print(f"-j {args.jobs:<9d}: {many:7.1f} s  ({chars / many:,.0f} chars/s)   speed-up {one / many:.2f}×")
    print(f"same output in the same order: {'yes' if same else 'NO'}; {total}")
    print(f"load average {os.getloadavg()[0]:.1f} at end")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
