"""Checking speed: characters per second over the whole corpus (all rule packs, one core), and the
latency of re-checking one edited paragraph of a 30-page document.

Baseline in the same run: reading the same files and detecting roles (what any check must do first), so
the figure "check / read" says how much the rules cost relative to parsing.

Usage: .venv/bin/python benchmarks/check_speed.py [--rules DIR] [--repeat 50]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gov_docs.checks import AllowList, Checker, load_rules  # noqa: E402
from gov_docs.document import document_from_text, read_document  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "gov_corpus"
PAGE_CHARS = 22 * 28


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--rules", type=Path, default=ROOT / "rules")
    ap.add_argument("--repeat", type=int, default=50)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    t0 = time.perf_counter()
    ruleset = load_rules([args.rules])
    checker = Checker(ruleset, allow_list=AllowList())
    # warm up lazy resources (jieba dictionary) outside the timed loop
    checker.check(document_from_text("关于开展检查的通知\n各单位：\n请认真落实。"))
    t_load = time.perf_counter() - t0

    files = sorted(CORPUS.glob("g*.txt"))
    t0 = time.perf_counter()
    docs = [read_document(p) for p in files]
    t_read = time.perf_counter() - t0
    chars = sum(len(d.text) for d in docs)
    t0 = time.perf_counter()
    findings = sum(len(checker.check(d)) for d in docs)
    t_check = time.perf_counter() - t0
    print(f"rules: {len(ruleset.rules)} from {args.rules} (load + warm-up {t_load:.2f} s)")
    print(f"corpus: {len(docs)} documents, {chars:,} characters, {findings} findings")
    print(f"read + roles : {t_read:6.2f} s  ({chars / t_read:,.0f} chars/s)")
    print(f"check (1 core): {t_check:6.2f} s  ({chars / t_check:,.0f} chars/s)  check/read = {t_check / t_read:.2f}")

    # 30-page document: consecutive corpus texts
    text, total = [], 0
    for d in docs[200:]:
        text.append(d.text)
        total += len(d.text)
        if total >= 30 * PAGE_CHARS:
            break
    doc = document_from_text("\n".join(text))
    t0 = time.perf_counter()
    checker.check(doc)
    t_full = time.perf_counter() - t0
    body = [i for i, p in enumerate(doc.paragraphs) if len(p.text) > 60]
    target = body[len(body) // 2]
    times = []
    for k in range(args.repeat):
        p = doc.paragraphs[target]
        doc.paragraphs[target] = p.with_text(p.text[:10] + ("按装" if k % 2 else "安装") + p.text[10:])
        t0 = time.perf_counter()
        checker.check_paragraphs(doc, [target])
        times.append(time.perf_counter() - t0)
        doc.paragraphs[target] = p
    times.sort()
    print(f"30-page document: {len(doc.text):,} characters, {len(doc.paragraphs)} paragraphs; full check {t_full * 1000:.0f} ms")
    print(f"re-check one edited paragraph (+ document rules): median {statistics.median(times) * 1000:.1f} ms, "
          f"p95 {times[int(len(times) * 0.95) - 1] * 1000:.1f} ms over {args.repeat} edits")
    for w in checker.warnings:
        print(f"WARNING: {w}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
