"""Time to check a 10-page document for typos: lexicon rules (baseline), the statistical fast path, and the
statistical checker with LM verification (the demo model unless --model is given).

A 10-page document: GB/T 9704 pages hold 22 lines × 28 characters = 616 characters, so paragraphs of real
documents from gov_corpus are concatenated until 6,160 characters. The model is loaded before timing (its
load time is printed separately); every figure is the median of --repeat runs.

Usage: .venv/bin/python benchmarks/typo_document.py [--pages 10] [--repeat 3] [--model FILE]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gov_docs.checks import AllowList, Checker, load_rules  # noqa: E402
from gov_docs.checks.loader import LoadedRule, RuleSet  # noqa: E402
from gov_docs.document.model import Document, PageSetup, Paragraph, Role  # noqa: E402
from gov_docs.typo.kind import SENTENCE_END, TypoKind  # noqa: E402

CHARS_PER_PAGE = 22 * 28


def build_document(pages: int) -> Document:
    """Paragraphs of real documents (every 7th corpus file) up to ``pages`` pages of text."""
    corpus = ROOT.parent / "shared" / "data" / "gov_corpus"
    paras, total = [], 0
    for path in sorted(corpus.glob("g*.txt"))[::7]:
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line) < 20:
                continue
            paras.append(Paragraph(line, role=Role.BODY, role_locked=True))
            total += len(line)
            if total >= pages * CHARS_PER_PAGE:
                return Document(paras, page=PageSetup.unknown())
    return Document(paras, page=PageSetup.unknown())


def timed(checker: Checker, doc: Document, repeat: int, forget=None) -> tuple[float, int, int]:
    """Median seconds, error findings, warning findings; ``forget()`` before each run empties the typo
    checker's memories (sentences' candidates, model gains), so every run is a first check of the text."""
    times, found = [], []
    for _ in range(repeat):
        if forget is not None:
            forget()
        t0, cpu0 = time.perf_counter(), time.process_time()
        found = checker.check(doc)
        times.append(time.perf_counter() - t0)
        CPU[id(checker)] = time.process_time() - cpu0  # the last run's CPU seconds (all threads)
    errors = sum(1 for f in found if f.level.value == "error")
    return statistics.median(times), errors, len(found) - errors


CPU: dict = {}  # checker → CPU seconds of its last timed run


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=10)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--model", default=None)
    args = ap.parse_args()
    doc = build_document(args.pages)
    chars = sum(len(p.text) for p in doc.paragraphs)
    rules = load_rules([ROOT / "rules" / "typo"])
    lexicon = RuleSet(rules=[r for r in rules.rules if r.spec.kind != "typo"])
    statistical = [r for r in rules.rules if r.spec.kind == "typo"]
    fast_kind = TypoKind(statistical[0].spec)
    fast_kind.verify = False  # the settings' default verifies with the model; this run times both paths
    fast = RuleSet(rules=[LoadedRule(spec=statistical[0].spec, kind=fast_kind)])
    lm_spec = replace(statistical[0].spec, params={**statistical[0].spec.params, "verify_with_model": True})
    lm_kind = TypoKind(lm_spec)
    verify = RuleSet(rules=[LoadedRule(spec=lm_spec, kind=lm_kind)])
    t0 = time.perf_counter()
    if args.model:
        from gov_docs.typo.corrector import TypoCorrector

        lm_kind._corrector = TypoCorrector(use_lm=True, model_path=args.model, thresholds=lm_kind.thresholds,
                                           lexicon=False, rule=lm_kind)
    corrector = lm_kind.corrector()
    if corrector.scorer is None:
        print("LM verification unavailable: no model could be loaded", file=sys.stderr)
        return 2
    corrector.scorer.scorer()  # the model loads on first need in use; here it is loaded and timed apart
    load_s = time.perf_counter() - t0

    def forget() -> None:
        for kind in (fast_kind, lm_kind):
            for c in (kind._corrector, kind._fast):
                if c is not None:
                    c.detector._seen.clear()
                    c._gains.clear()
    print(
        f"document: {len(doc.paragraphs)} paragraphs, {chars} characters ({chars / CHARS_PER_PAGE:.1f} "
        f"pages)")
    checkers = [Checker(r, allow_list=AllowList()) for r in (lexicon, fast, verify)]
    base_s, be, bw = timed(checkers[0], doc, args.repeat)
    fast_s, fe, fw = timed(checkers[1], doc, args.repeat, forget)
    lm_s, le, lw = timed(checkers[2], doc, args.repeat, forget)
    print(f"lexicon typo rules (baseline): {base_s:.3f} s  ({be} errors, {bw} warnings)")
    print(
        f"statistical, fast path       : {fast_s:.3f} s  ({fe} errors, {fw} warnings)  = "
        f"{fast_s / base_s:.1f}× baseline")
    print(
        f"statistical, LM verification : {lm_s:.3f} s  ({le} errors, {lw} warnings)  = {lm_s / base_s:.1f}× "
        f"baseline"
          f"; model load {load_s:.1f} s (once per session)")
    scorer = corrector.scorer
    print(
        f"windows scored by the model: {scorer.windows_scored}, tokens decoded: "
        f"{scorer.scorer().tokens_decoded}"
          f" ({scorer.model_path.name})")
    print(f"CPU seconds of the last run: fast path {CPU[id(checkers[1])]:.2f}, LM verification "
          f"{CPU[id(checkers[2])]:.2f} (robust to other work on the machine)")
    sentences = sum(len([s for s in SENTENCE_END.split(p.text) if s.strip()]) for p in doc.paragraphs)
    print(f"sentences: {sentences}; fast path {sentences / fast_s:.1f} sentences/s, LM verification "
          f"{sentences / lm_s:.1f} sentences/s (this run, this machine's load)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
