"""The verified typo mode on clean corpus text: record what the model was shown, then try thresholds.

``typo_clean.py --lm`` gives one figure per run and a run costs minutes of model time. This script runs
the same checker (the ``typo.statistical`` rule, verified with the model) on a part of gov_corpus, records
for every sentence the candidates shown to the model and the model's gains (window gains are kept on disk
in ``--cache``, so a second run costs no model time), and then counts 必错 and 疑似 per 10k characters for
other thresholds (``--sweep``) without asking the model again.

The corpus is split by document index so that a part used to choose something is never the part
reported: ``--part tune`` is every document with index % 3 == 1, ``--part report`` index % 3 == 0 (the
200 documents of the earlier ``typo_clean.py --lm --every 3`` figures). ``--every K`` subsamples a part.

Usage: .venv/bin/python benchmarks/typo_verify_sweep.py --part tune|report [--every K] [--cache FILE]
       [--model FILE] [--sweep] [--list N]
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gov_docs.checks import AllowList, Checker, load_rules  # noqa: E402
from gov_docs.checks.findings import Level  # noqa: E402
from gov_docs.checks.loader import LoadedRule, RuleSet  # noqa: E402
from gov_docs.document import read_document  # noqa: E402
from gov_docs.typo import corrector as C  # noqa: E402

CORPUS = ROOT.parent / "shared" / "data" / "gov_corpus"
PARTS = {"report": 0, "tune": 1, "rest": 2}


@dataclasses.dataclass
class Shown:
    """One sentence's candidates shown to the model, with the model's gains."""

    doc: str
    text: str
    cands: list
    gains: list[float]


def part_files(part: str, every: int, offset: int = 0) -> list[Path]:
    """The documents of a part (index % 3), every K-th of them from the ``offset``-th."""
    files = sorted(CORPUS.glob("g*.txt"))
    return [f for i, f in enumerate(files) if i % 3 == PARTS[part]][offset::every]


def record(files: list[Path], cache: Path, model: str | None) -> tuple[list[Shown], int, list]:
    """Check the files with the verifying rule; return what the model saw, the characters, the findings."""
    from gov_docs.typo.kind import TypoKind

    rule = next(r for r in load_rules([ROOT / "rules" / "typo"]).rules if r.id == "typo.statistical")
    spec = dataclasses.replace(rule.spec, params={**rule.spec.params, "verify_with_model": True})
    kind = TypoKind(spec)
    kind.verify = True
    kind.time_budget_s = 1e6
    corr = kind.corrector()
    if model:
        corr = kind._corrector = C.TypoCorrector(use_lm=True, model_path=model, thresholds=kind.thresholds,
                                                 lexicon=False, detector=kind._detector, rule=kind)
    C.GAIN_MEMO = 10**7
    if cache.is_file():
        corr._gains.update(pickle.loads(cache.read_bytes()))
    known = len(corr._gains)
    shown: list[Shown] = []
    current: dict[str, object] = {}
    original_many, original_decisions = corr.statistical_many, C.lm_decisions

    def many(texts, *args, **kwargs):
        current["texts"], current["i"] = texts, 0
        return original_many(texts, *args, **kwargs)

    def decisions(cands, gains, th):
        gains = list(gains)
        i = current["i"]
        current["i"] = i + 1
        shown.append(Shown(current["doc"], current["texts"][i], list(cands), gains))
        return original_decisions(cands, gains, th)

    corr.statistical_many = many
    C.lm_decisions = decisions
    checker = Checker(RuleSet(rules=[LoadedRule(spec=spec, kind=kind)]), allow_list=AllowList())
    chars = 0
    findings = []
    t0 = time.perf_counter()
    try:
        for n, path in enumerate(files, 1):
            doc = read_document(path)
            chars += len(doc.text)
            current["doc"] = path.name
            findings += [(path.name, doc.paragraphs[f.paragraph].text, f) for f in checker.check(doc)]
            if n % 10 == 0 or n == len(files):
                cache.write_bytes(pickle.dumps(dict(corr._gains)))
                print(f"  {n}/{len(files)} documents, {len(corr._gains) - known} new window pairs, "
                      f"{time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    finally:
        C.lm_decisions = original_decisions
    return shown, chars, findings


_RECURRING: dict[str, frozenset[str]] = {}


def recurring_of(doc: str) -> frozenset[str]:
    """The document's recurring two-character terms, as the typo rule finds them (paragraphs joined)."""
    if doc not in _RECURRING:
        from gov_docs.typo.protect import recurring_terms

        paras = read_document(CORPUS / doc).paragraphs
        _RECURRING[doc] = recurring_terms("\n".join(p.text for p in paras))
    return _RECURRING[doc]


def decide(shown: list[Shown], th: C.Thresholds) -> list[tuple[Shown, float, object]]:
    """The kept decisions under ``th`` (the corrector's own functions)."""
    out = []
    for s in shown:
        keep = [(c, g) for c, g in zip(s.cands, s.gains, strict=True) if c.score >= th.lm_floor]
        kept = C.lm_decisions([c for c, _ in keep], [g for _, g in keep], th)
        for score, c in C.without_recurring(s.text, kept, th, recurring_of(s.doc)):
            out.append((s, score, c))
    return out


def level_of(score: float, c, th: C.Thresholds) -> Level:
    """The level finding_for gives a kept decision."""
    return Level.ERROR if score >= th.lm_error and not c.capped else Level.WARNING


def show(s: Shown, c) -> str:
    """The decision in its context."""
    a, b = C.span_of(c)
    return f"{s.doc}: …{s.text[max(0, a - 10):a]}[{s.text[a:b]}→{c.right or s.text[a]}]{s.text[b:b + 8]}…"


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", choices=tuple(PARTS), default="tune")
    ap.add_argument("--every", type=int, default=1)
    ap.add_argument("--offset", type=int, default=0,
                    help="with --every K: start at the part's offset-th document (--every 2 --offset 1: the "
                         "other half of a part)")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--model", default=None)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/typo_verify_gains.pkl"))
    ap.add_argument("--save", type=Path, default=None, help="keep what the model saw in this file")
    ap.add_argument("--load", type=Path, default=None,
                    help="use a --save file instead of checking again (no model, no detector)")
    ap.add_argument("--sweep", action="store_true", help="count findings for other hint thresholds")
    ap.add_argument("--curve", action="store_true", help="count 必错 for other promotion gains")
    ap.add_argument("--list", type=int, default=0, help="list this many 疑似 with their scores")
    args = ap.parse_args()
    files = part_files(args.part, args.every, args.offset)
    if args.limit:
        files = files[: args.limit]
    if args.load:
        shown, chars, findings = pickle.loads(args.load.read_bytes())
    else:
        shown, chars, findings = record(files, args.cache, args.model)
    if args.save:
        args.save.write_bytes(pickle.dumps((shown, chars, findings)))
    errors = [f for f in findings if f[2].level is Level.ERROR]
    hints = [f for f in findings if f[2].level is not Level.ERROR]
    print(f"part {args.part}: {len(files)} documents, {chars:,} characters "
          "(verified mode, shipped thresholds)")
    print(f"必错 {len(errors)} = {len(errors) * 1e4 / chars:.3f} per 10k; 疑似 {len(hints)} = "
          f"{len(hints) * 1e4 / chars:.3f} per 10k")
    for doc, text, f in errors:
        print(f"  必错 {doc}: …{text[max(0, f.start - 10):f.start]}[{f.matched}→{f.suggestions[0]}]"
              f"{text[f.end:f.end + 8]}…")
    th0 = C.Thresholds()
    if args.list:
        kept = sorted(decide(shown, th0), key=lambda d: -d[1])
        for s, score, c in kept[: args.list]:
            print(f"  {level_of(score, c, th0).value:7s} score {score:5.2f} fast {c.score:5.2f} "
                  f"model {score - th0.lm_fast_weight * c.score:5.2f} {'capped ' if c.capped else ''}"
                  f"{show(s, c)}")
    if args.sweep:
        print("疑似 per 10k (必错 count) by the fast score that reaches the model (floor) and the hint "
              "threshold (model gain + weight × fast score):")
        for floor in (1.0, 2.0, 3.0, 4.0, 5.0):
            row = []
            for w in (7.5, 8.0, 8.5, 9.0, 9.5, 10.0, 11.0):
                th = dataclasses.replace(th0, lm_warning=w, lm_floor=floor)
                levels = collections.Counter(level_of(sc, c, th) for _, sc, c in decide(shown, th))
                row.append(f"{w:4.1f}: {levels[Level.WARNING] * 1e4 / chars:.2f} ({levels[Level.ERROR]})")
            print(f"  floor {floor}: " + "  ".join(row))
    if args.curve:
        print("必错 per 10k (count) by the model gain that makes a one-click fix without the fast path's "
              "fix score (lm_promote_gain; 99 = never), the other thresholds as shipped:")
        before = dataclasses.replace(th0, lm_fix_fast=9.5, lm_promote_gain=99.0)  # main at 6bdfdb5
        for label, th in [("before: fast ≥ 9.5, no promotion", before)] + [
                (f"gain ≥ {gain:4.1f}", dataclasses.replace(th0, lm_promote_gain=gain))
                for gain in (99.0, 16.0, 15.0, 14.0, 13.0, 12.0, 11.0, 10.0, 9.0, 8.0)]:
            levels = collections.Counter(level_of(sc, c, th) for _, sc, c in decide(shown, th))
            n, hints = levels[Level.ERROR], levels[Level.WARNING]
            print(f"  {label}: 必错 {n * 1e4 / chars:.3f} ({n}), 疑似 {hints * 1e4 / chars:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
