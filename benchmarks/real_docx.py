"""Real-style Word/WPS documents: role accuracy, 必错 precision, true-error recall, fix safety, fixed point.

Ground truth: ``tests/fixtures/real_docx/labels.json`` — every paragraph's role and every true error,
written by hand next to the text in ``tests/fixtures/real_docx/make_fixtures.py``.

- Role accuracy per role: paragraphs whose detected role equals the labelled one (blank lines left out).
- 必错 precision: error-level findings that match a labelled true error (same rule, same paragraph, and
  the labelled text inside the finding's span when one is given) over all error-level findings.
- Recall: labelled true errors reported at any level (and at error level).
- Damaged by fix: after the fix path of ``gov-docs fix`` and the GUI (``api.open`` → ``fix`` → ``save``:
  the edits written into the original .docx), any paragraph without a labelled error whose text, fonts, sizes,
  alignment or indent changed,
  or any change of the paragraph count.
- Fixed-point failures: checking the fixed file again leaves an auto-fixable finding, or an error-level
  finding (rule, paragraph) that the first check did not report.
- With ``--corpus``: error-level findings per 10,000 characters on the 600 corpus documents, with the
  share of the structure and number rules.

Usage: .venv/bin/python benchmarks/real_docx.py [--corpus] [--verbose]
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gov_docs import api  # noqa: E402
from gov_docs.checks import AllowList, Checker, load_rules  # noqa: E402
from gov_docs.checks.findings import Level  # noqa: E402
from gov_docs.document import read_document  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "real_docx"
CORPUS = ROOT.parent / "shared" / "data" / "gov_corpus"
KEY_ROLES = ("发文机关标志", "发文字号", "标题", "主送机关", "发文机关署名", "成文日期", "抄送", "印发")


def norm(s: str) -> str:
    """Drop all whitespace (tabs are read as spaces) for text comparisons."""
    return re.sub(r"\s+", "", s)


def load_labels() -> list[dict]:
    """Return the labelled documents."""
    return json.loads((FIXTURES / "labels.json").read_text(encoding="utf-8"))


def aligned(doc, labels: dict) -> bool:
    """True when the reader's paragraphs are the labelled ones, in order (trailing blanks aside)."""
    want = [norm(p["text"]) for p in labels["paragraphs"]]
    got = [norm(p.text) for p in doc.paragraphs]
    while want and not want[-1]:
        want.pop()
    return want == got


def matches(f, label: dict, index: int, doc) -> bool:
    """Does finding ``f`` report the labelled error ``label`` of paragraph ``index``?"""
    if f.rule_id != label["rule"]:
        return False
    if index < 0:  # a document-level label: the finding may sit at any paragraph (e.g. the first placeholder)
        return True
    if f.paragraph != index:
        return False
    m = label.get("match") or ""
    if not m or f.scope != "text":
        return True
    text = doc.paragraphs[index].text
    pos = text.find(m)
    while pos >= 0:
        if pos < f.end and f.start < pos + len(m):
            return True
        pos = text.find(m, pos + 1)
    return False


def fingerprint(p) -> tuple:
    """What a fix may not change in a paragraph it has no business touching."""
    runs = tuple((r.text, r.font_east_asia, r.size_pt, r.bold, r.color) for r in p.runs)
    return (p.text, runs, p.alignment, round(p.first_line_indent_pt or 0, 1), p.line_spacing_pt)


def evaluate(checker: Checker, docs: list[dict], verbose: bool = False) -> dict:
    """Run every measure over the labelled documents ``docs``; return the figures."""
    role_hits: collections.Counter = collections.Counter()
    role_total: collections.Counter = collections.Counter()
    tp = fp = 0
    found_any = found_err = total_err = 0
    damaged: list[str] = []
    not_fixed_point: list[str] = []
    misaligned: list[str] = []
    fixes_applied = 0
    false_alarms: list[str] = []
    missed: list[str] = []
    for lab in docs:
        path = FIXTURES / lab["file"]
        doc = read_document(path)
        if not aligned(doc, lab):
            misaligned.append(lab["file"])
            continue
        for i, (p, pl) in enumerate(zip(doc.paragraphs, lab["paragraphs"], strict=False)):
            if pl["role"] == "空行":
                continue
            role_total[pl["role"]] += 1
            if p.role.value == pl["role"]:
                role_hits[pl["role"]] += 1
            elif verbose:
                print(
                    f"  role {lab['file']}#{i}: want {pl['role']} got {p.role.value} "
                    f"({p.role_confidence:.2f}) "
                      f"{p.text[:24]!r}")
        findings = checker.check(doc)
        labels = [(i, e) for i, pl in enumerate(lab["paragraphs"]) for e in pl["errors"]]
        labels += [(-1, e) for e in lab.get("document_errors", [])]
        for f in findings:
            if f.level is not Level.ERROR:
                continue
            if any(matches(f, e, i, doc) for i, e in labels):
                tp += 1
            else:
                fp += 1
                false_alarms.append(
                    f"{lab['file']}#{f.paragraph} {f.rule_id} {f.matched[:20]!r}: {f.message[:50]}")
        for i, e in labels:
            hits = [f for f in findings if matches(f, e, i, doc)]
            total_err += 1
            found_any += bool(hits)
            found_err += any(f.level is Level.ERROR for f in hits)
            if not hits:
                missed.append(f"{lab['file']}#{i} {e['rule']} {e.get('match', '')!r}")
        # fix through the api (what `gov-docs fix` and the GUI do), save, then read and check again
        with tempfile.TemporaryDirectory() as tmp:
            od = api.open(path, checker=checker)
            applied = od.fix(od.check())
            fixes_applied += len(applied)
            out = Path(tmp) / lab["file"]
            od.save(out)
            fixed = read_document(out)
            after = checker.check(fixed)
        errored = {i for i, pl in enumerate(lab["paragraphs"]) if pl["errors"]}
        bad = len(fixed.paragraphs) != len(doc.paragraphs)
        if not bad:
            for i, (a, b) in enumerate(zip(doc.paragraphs, fixed.paragraphs, strict=True)):
                if i not in errored and fingerprint(a) != fingerprint(b):
                    bad = True
                    if verbose:
                        print(f"  damaged {lab['file']}#{i}: {fingerprint(a)} -> {fingerprint(b)}")
        if bad:
            damaged.append(lab["file"])
        before = {(f.rule_id, f.paragraph) for f in findings if f.level is Level.ERROR}
        left = [f for f in after if f.auto_fixable
                or (f.level is Level.ERROR and (f.rule_id, f.paragraph) not in before)]
        if left:
            not_fixed_point.append(lab["file"])
            if verbose:
                for f in left:
                    print(f"  not fixed point {lab['file']}#{f.paragraph} {f.rule_id}: {f.message[:60]}")
    return {
        "roles": {r: (role_hits[r], role_total[r]) for r in sorted(role_total, key=lambda r: -role_total[r])},
        "tp": tp, "fp": fp, "found_any": found_any, "found_err": found_err, "total_err": total_err,
        "damaged": damaged, "not_fixed_point": not_fixed_point, "misaligned": misaligned,
        "fixes_applied": fixes_applied, "false_alarms": false_alarms, "missed": missed,
    }


def corpus_false_alarms(checker: Checker) -> tuple[float, int, int, collections.Counter]:
    """Return (error findings per 10k characters, characters, error findings, count by rule)."""
    chars = 0
    by_rule: collections.Counter = collections.Counter()
    for path in sorted(CORPUS.glob("g*.txt")):
        doc = read_document(path)
        chars += len(doc.text)
        for f in checker.check(doc):
            if f.level is Level.ERROR:
                by_rule[f.rule_id] += 1
    n = sum(by_rule.values())
    return n * 10000 / max(chars, 1), chars, n, by_rule


def report(r: dict, n_docs: int) -> None:
    """Print the figures of one labelled set."""
    print(f"labelled set: {n_docs} documents ({len(r['misaligned'])} not aligned with their labels: "
          f"{', '.join(r['misaligned']) or '-'})")
    print("role accuracy per role (correct / labelled paragraphs):")
    for role, (hit, tot) in r["roles"].items():
        mark = " *" if role in KEY_ROLES else ""
        print(f"  {role:<8}{hit:4d} / {tot:<4d} {hit / tot:7.1%}{mark}")
    hit = sum(h for h, _ in r["roles"].values())
    tot = sum(t for _, t in r["roles"].values())
    print(f"  all     {hit:4d} / {tot:<4d} {hit / max(tot, 1):7.1%}")
    prec = r["tp"] / max(r["tp"] + r["fp"], 1)
    print(f"必错 precision: {r['tp']} / {r['tp'] + r['fp']} = {prec:.1%}")
    print(f"true-error recall (any level): {r['found_any']} / {r['total_err']} = "
          f"{r['found_any'] / max(r['total_err'], 1):.1%}; at 必错 level: {r['found_err']} / "
          f"{r['total_err']}")
    print(f"fixes applied: {r['fixes_applied']}; documents damaged by fix: {len(r['damaged'])} "
          f"{r['damaged'] or ''}; fixed-point failures: {len(r['not_fixed_point'])} "
          f"{r['not_fixed_point'] or ''}")
    if r["false_alarms"]:
        print("error-level findings not in the labels:")
        for line in r["false_alarms"]:
            print("  " + line)
    if r["missed"]:
        print("labelled errors not reported:")
        for line in r["missed"]:
            print("  " + line)


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", action="store_true",
                    help="also measure false alarms on the 600 corpus documents")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    checker = Checker(load_rules([ROOT / "rules"]), allow_list=AllowList())
    labels = load_labels()
    splits = {"development set (detector tuned on it)": [d for d in labels if d.get("split") != "holdout"],
              "held-out set (written after the detector was settled)": [d for d in labels
                                                                        if d.get("split") == "holdout"]}
    for name, docs in splits.items():
        print(f"== {name}")
        report(evaluate(checker, docs, args.verbose), len(docs))
    if args.corpus:
        rate, chars, n, by_rule = corpus_false_alarms(checker)
        print(f"corpus: {chars:,} characters, {n} error-level findings = {rate:.2f} per 10,000 characters")
        for prefix in ("structure.", "number.", "format.", "punctuation."):
            k = sum(v for rid, v in by_rule.items() if rid.startswith(prefix))
            print(f"  {prefix[:-1]:<12} {k:5d}  ({k * 10000 / chars:.2f} per 10k)")
        for rid, k in by_rule.most_common(8):
            print(f"    {k:5d}  {rid}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
