"""Cold start: wall time and peak memory of fresh ``gov-docs`` processes checking the one-page sample.

Each round starts new processes in turn — ``gov-docs --version`` (the baseline: interpreter start and
argument parsing), ``check`` of ``resources/samples/示例通知.txt`` with all rule packs (the default
mode: the 0.5B model verifies suspected typos, loaded only if there is one), with ``--fast`` (typos on
the statistical fast path, no model), and with ``--only punctuation`` and ``--only format`` — and the
medians over the rounds are compared with the baseline's median from the same run, so the ratios hold on
a busy machine; the processes' CPU time (user + system) is printed too, which other work on the machine
inflates less than wall time. Before the rounds, one check runs against an empty cache folder: the
one-time cost of building the precompiled resources.

Usage: .venv/bin/python benchmarks/cold_start.py [--rounds 7] [--file PATH]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "示例通知.txt"
ENTRY = "import sys; from gov_docs.cli import main; sys.exit(main())"  # what the gov-docs script runs


def run(args: list[str], env: dict[str, str]) -> tuple[float, int, float]:
    """Run ``gov-docs args`` in a new process; return (wall seconds, peak RSS in MB, CPU seconds)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", ENTRY, *args], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"gov-docs {' '.join(args)} failed ({proc.returncode}): {err}")
    return wall, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--file", type=Path, default=SAMPLE)
    args = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="gov-docs-cold-"))
    env = {**os.environ, "GOV_DOCS_HOME": str(home), "PYTHONPATH": str(ROOT)}
    env.pop("GOV_DOCS_CACHE", None)
    target = str(args.file)
    cases = {
        "--version": ["--version"],
        "check (all packs)": ["check", target],
        "check --fast (no model)": ["check", "--fast", target],
        "check --only punctuation": ["check", "--only", "punctuation", target],
        "check --only format": ["check", "--only", "format", target],
    }
    print(f"file: {args.file.name} ({len(args.file.read_text(encoding='utf-8'))} characters); "
          f"{args.rounds} rounds; load average {os.getloadavg()[0]:.2f} at start")
    first, first_mb, _ = run(cases["check (all packs)"], env)  # empty cache: builds the precompiled resources
    cache_mb = sum(f.stat().st_size for f in (home / "cache").glob("*")) / 1e6
    times: dict[str, list[float]] = {k: [] for k in cases}
    cpus: dict[str, list[float]] = {k: [] for k in cases}
    peaks: dict[str, int] = {k: 0 for k in cases}
    for _ in range(args.rounds):
        for name, argv in cases.items():
            wall, mb, cpu = run(argv, env)
            times[name].append(wall)
            cpus[name].append(cpu)
            peaks[name] = max(peaks[name], mb)
    base = statistics.median(times["--version"])
    base_cpu = statistics.median(cpus["--version"])
    print(f"{'command':28s} {'median s':>9s} {'min s':>7s} {'× --version':>12s} {'CPU s':>7s} "
          f"{'CPU ×':>6s} {'peak MB':>8s}")
    for name in cases:
        med, cpu = statistics.median(times[name]), statistics.median(cpus[name])
        print(f"{name:28s} {med:9.3f} {min(times[name]):7.3f} {med / base:12.2f} {cpu:7.3f} "
              f"{cpu / base_cpu:6.2f} {peaks[name]:8d}")
    print(f"first check with an empty cache (builds it): {first:.2f} s, peak {first_mb} MB; "
          f"cache folder {cache_mb:.1f} MB")
    print(f"load average {os.getloadavg()[0]:.2f} at end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
