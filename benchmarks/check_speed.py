"""Checking speed: characters per second over the whole corpus on one core — all rule packs including the
statistical typo rule in its default mode (fast path), and without that rule — and the latency of
re-checking one edited paragraph of a 30-page document.

Baseline in the same run: reading the same files and detecting roles (what any check must do first), so
the figure "check / read" says how much the rules cost relative to parsing. Wall time and CPU time are
both printed (CPU time is what the check costs when other work shares the machine). Each pass uses a
freshly loaded rule set, so nothing one pass remembered (the typo rule's sentence memo) helps another;
within a pass, sentences that repeat across documents (主送 lines, closing formulas) are scored once.

Passes alternate (``--passes``, default 3): without the statistical rule, then all packs, each with fresh
checkers, so every pass does the same work document by document. The figures are the medians of the
passes, and — less moved by other programs, which only ever add time — the sum over the documents of each
one's least CPU time in any pass.

With ``--verify`` the "all packs" pass runs the typo rule in the app's default mode (the 0.5B model
verifies the suspects; loaded before the timed loop) and prints how many windows the model scored and its
share of the time.

Usage: .venv/bin/python benchmarks/check_speed.py [--rules DIR] [--repeat 50] [--limit N] [--every N]
       [--verify] [--no-edits] [--passes N]
"""

from __future__ import annotations

import argparse
import gc
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
    ap.add_argument("--limit", type=int, default=0, help="only the first N corpus documents")
    ap.add_argument("--every", type=int, default=1, help="only every Nth corpus document")
    ap.add_argument("--verify", action="store_true",
                    help="the typo rule's default mode: suspects verified by the model")
    ap.add_argument("--no-edits", action="store_true", help="skip the 30-page document part")
    ap.add_argument("--passes", type=int, default=0,
                    help="timed passes of each kind, medians reported (default 3; 1 with --verify)")
    args = ap.parse_args()
    if args.verify:
        os.environ["GOV_DOCS_TYPO_VERIFY"] = "1"
    args.passes = args.passes or (1 if args.verify else 3)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    # the figure is the statistical rule's fast path, whatever the user's setting (model verification is
    # the app's default since issue 16 and is measured by benchmarks/typo_eval.py); GOV_DOCS_TYPO_VERIFY=1
    # measures the verified mode instead
    os.environ.setdefault("GOV_DOCS_TYPO_VERIFY", "0")

    warm = document_from_text("关于开展检查的通知\n各单位：\n请认真落实。")

    def fresh(**kw) -> tuple[Checker, float]:
        t0 = time.perf_counter()
        # no per-paragraph time limit: on a busy machine the wall clock would switch the typo rule off
        # in the middle of the timed loop and the figure would be that of the engine without it
        checker = Checker(load_rules([args.rules]), allow_list=AllowList(), time_budget_s=1e9, **kw)
        # load every resource (from the precompiled cache) outside the timed loop: the word tables are
        # filled as texts need them, and past an eighth of them (a few documents in) wholly
        checker.prepare(everything=True)
        checker.check(warm)
        scorer = model_scorer(checker)
        if scorer is not None:
            scorer.scorer()  # the model loads outside the timed loop too (once per process)
        return checker, time.perf_counter() - t0

    files = sorted(CORPUS.glob("g*.txt"))[: args.limit or None][:: args.every]
    t0 = time.perf_counter()
    docs = [read_document(p) for p in files]
    t_read = time.perf_counter() - t0
    chars = sum(len(d.text) for d in docs)

    def run(checker: Checker) -> tuple[float, float, int, list[float]]:
        """Check every document; return wall and CPU seconds, findings and each document's CPU seconds."""
        gc.collect()  # no garbage of the previous pass collected inside this one
        w0, c0 = time.perf_counter(), time.process_time()
        n, per_doc, last = 0, [], c0
        for d in docs:
            n += len(checker.check(d))
            now = time.process_time()
            per_doc.append(now - last)
            last = now
        return time.perf_counter() - w0, last - c0, n, per_doc

    # the passes alternate (without the statistical rule, all packs), each with fresh checkers doing the
    # same work document by document: the medians of the passes, and the sum over the documents of each
    # one's least CPU time in any pass (another program's burst only ever adds time) are what to compare
    light_runs, all_runs = [], []
    model_cpu = [0.0]
    scored = 0
    for _ in range(args.passes):
        light, t_load_light = fresh(exclude_kinds=("typo",))
        *light_run, n_light, light_docs = run(light)
        light_runs.append((*light_run, light_docs))
        checker, t_load = fresh()
        scorer = model_scorer(checker)
        scored0 = scorer.windows_scored if scorer is not None else 0
        if scorer is not None:  # the model's own share of the CPU time (its decodes run in this process)
            gains = scorer.gains

            def timed_gains(pairs, gains=gains):
                c0 = time.process_time()
                try:
                    return gains(pairs)
                finally:
                    model_cpu[0] += time.process_time() - c0
            scorer.gains = timed_gains
        *all_run, findings, all_docs = run(checker)
        all_runs.append((*all_run, all_docs))
        if scorer is not None:
            scored += scorer.windows_scored - scored0
            scorer.gains = gains
    t_light, cpu_light = (statistics.median(r[i] for r in light_runs) for i in (0, 1))
    t_check, cpu_check = (statistics.median(r[i] for r in all_runs) for i in (0, 1))
    least_light = sum(map(min, zip(*(r[2] for r in light_runs), strict=True)))
    least_all = sum(map(min, zip(*(r[2] for r in all_runs), strict=True)))
    ruleset = checker.ruleset
    print(f"rules: {len(ruleset.rules)} from {args.rules} (load + warm-up {t_load:.2f} s; "
          f"without the statistical typo rule {t_load_light:.2f} s); load average {os.getloadavg()[0]:.1f}; "
          f"typo mode: {'verified' if os.environ['GOV_DOCS_TYPO_VERIFY'] == '1' else 'fast path'}")
    print(f"corpus: {len(docs)} documents, {chars:,} characters, {findings} findings "
          f"({n_light} without the statistical typo rule); median of {args.passes} passes")
    print(f"read + roles : {t_read:6.2f} s  ({chars / t_read:,.0f} chars/s)")
    print(f"check without typo.statistical (1 core): {t_light:6.2f} s wall ({chars / t_light:,.0f} chars/s), "
          f"{cpu_light:6.2f} s CPU ({chars / cpu_light:,.0f} chars/CPU-s)  check/read = "
          f"{t_light / t_read:.2f}")
    print(f"check, all packs (1 core)              : {t_check:6.2f} s wall ({chars / t_check:,.0f} chars/s), "
          f"{cpu_check:6.2f} s CPU ({chars / cpu_check:,.0f} chars/CPU-s)  check/read = "
          f"{t_check / t_read:.2f}")
    print(f"all packs ÷ without (CPU time): {cpu_check / cpu_light:.2f}")
    if args.passes > 1:
        print("passes, chars/CPU-s (without | all packs): " + "; ".join(
            f"{chars / a[1]:,.0f} | {chars / b[1]:,.0f}" for a, b in zip(light_runs, all_runs, strict=True)))
        print(f"each document's least CPU time over the passes, summed: without {least_light:.2f} s "
              f"({chars / least_light:,.0f} chars/CPU-s), all packs {least_all:.2f} s "
              f"({chars / least_all:,.0f} chars/CPU-s)")
    if scorer is not None:
        print(f"model verification: {scored:,} windows scored ({scored // 2:,} pairs) over the passes, "
              f"{model_cpu[0]:.2f} CPU-s in the model "
              f"({model_cpu[0] / sum(r[1] for r in all_runs):.0%} of the all-packs passes)")
    if args.no_edits:
        return 0

    # 30-page document: consecutive corpus texts
    text, total = [], 0
    for d in docs[min(200, len(docs) // 2):]:  # (--limit: the second half of the documents)
        text.append(d.text)
        total += len(d.text)
        if total >= 30 * PAGE_CHARS:
            break
    doc = document_from_text("\n".join(text))
    first, _ = fresh()  # nothing of this document scored before
    t0 = time.perf_counter()
    first.check(doc)
    t_full = time.perf_counter() - t0
    body = [i for i, p in enumerate(doc.paragraphs) if len(p.text) > 60] or [len(doc.paragraphs) - 1]
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
    print(
        f"30-page document: {len(doc.text):,} characters, {len(doc.paragraphs)} paragraphs; full check "
        f"{t_full * 1000:.0f} ms")
    print(
        f"re-check one edited paragraph (+ document rules): median {statistics.median(times) * 1000:.1f} ms, "
          f"p95 {times[int(len(times) * 0.95) - 1] * 1000:.1f} ms over {args.repeat} edits")
    for w in checker.warnings:
        print(f"WARNING: {w}")
    return 0


def model_scorer(checker: Checker):
    """Return the typo rule's model (a LazyScorer) when the rule verifies with it, else None."""
    for rule in checker.rules:
        corrector = getattr(rule.kind, "_corrector", None)
        if getattr(rule.kind, "verify", False) and corrector is not None and corrector.scorer is not None:
            return corrector.scorer
    return None


if __name__ == "__main__":
    sys.exit(main())
