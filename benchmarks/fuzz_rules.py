"""Fuzz the rule loader: mutated rule files must load or be rejected with file:line: key: message, never
raise.

Inputs are the bundled rule files with random byte flips, deleted or duplicated lines, swapped indentation,
random YAML tags and values of the wrong type. Every input is written into a pack folder and loaded.

Usage: .venv/bin/python benchmarks/fuzz_rules.py [--n 10000] [--seed 3]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gov_docs.checks.loader import load_rule_file  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
JUNK = ["!!python/object/apply:os.system ['true']", "[", "{", "&a", "*a", "~", "0x10", "- - -", "'''",
        "\"\\x\"",
        "level: 42", "extends: []", "pattern: '(('", "wordlist: ../../etc/passwd", "examples: 3", "  bad: {}",
        "tokens: [{pattern: 1}]", "swap: {a: {right: 3}}", "check: nothing", "pairs: ['“']", "\t", "\x00"]


def mutate(rng: random.Random, text: str) -> str:
    """Damage a rule file's text."""
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(5)
        i = rng.randrange(len(lines))
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, rng.choice(JUNK))
        elif op == 2:
            lines[i] = " " * rng.randint(0, 6) + lines[i].lstrip()
        elif op == 3:
            lines.insert(i, lines[rng.randrange(len(lines))])
        else:
            b = bytearray(lines[i].encode("utf-8"))
            if b:
                b[rng.randrange(len(b))] = rng.randrange(32, 127)
            lines[i] = b.decode("utf-8", "replace")
    return "\n".join(lines)


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    sources = [(p, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "rules").rglob("*.yaml"))
               if p.parent.name not in ("routing", "archiving")]
    loaded = rejected = failures = 0
    slowest = 0.0
    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp_s:
        pack = Path(tmp_s) / "pack"
        pack.mkdir()
        for src, _ in sources:  # word lists the rules refer to
            for wl in src.parent.glob("*.tsv"):
                (pack / wl.name).write_bytes(wl.read_bytes())
        target = pack / "rule.yaml"
        for i in range(args.n):
            src, text = rng.choice(sources)
            target.write_text(mutate(rng, text), encoding="utf-8", errors="replace")
            t0 = time.perf_counter()
            try:
                rules, errors = load_rule_file(target)
                if errors:
                    rejected += 1
                    assert all(str(e).startswith(str(target)) for e in errors)
                else:
                    loaded += 1
            except Exception:  # anything escaping is a loader bug
                failures += 1
                print(f"FAIL #{i} ({src.name}): {traceback.format_exc().splitlines()[-1]}")
            slowest = max(slowest, time.perf_counter() - t0)
    print(f"inputs: {args.n} (seed {args.seed}) in {time.perf_counter() - t_start:.0f} s; loaded: {loaded}, "
          f"rejected with file:line messages: {rejected}, failures: {failures}, slowest: "
          f"{slowest * 1000:.0f} ms")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
