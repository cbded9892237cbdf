"""Fixes as Word revisions over the real-style .docx fixtures: does every file's tracked output open, and do
its revisions, accepted, give exactly what plain `gov-docs fix` gives?

For each file under tests/fixtures/real_docx/ (and any folders given): check it, apply the auto-fixable
findings once plainly and once as revisions, open the tracked file with python-docx, accept every revision
(`accept_all`) and compare what a reader sees (text with run properties per character, paragraph and
section properties; comments left out) with the plain fix.

Run: .venv/bin/python benchmarks/tracked_changes.py [FOLDER ...]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import docx

from gov_docs.checks import default_checker
from gov_docs.checks.fixes import fix_document
from gov_docs.checks.revisions import accept_all, apply_fixes_tracked, content_signature, revision_count
from gov_docs.document import read_document

ROOT = Path(__file__).resolve().parent.parent


def _plain_fix(src: Path, applied: list, out: Path) -> list:
    from gov_docs.checks.docx_edit import apply_format_edits, apply_text_edits, paragraph_elements, save_docx

    d = docx.Document(str(src))
    paras = paragraph_elements(d)
    done = []
    by_para: dict[int, list] = {}
    for f in applied:
        if f.format_edits:
            if apply_format_edits(d, list(f.format_edits)):
                done.append(f)
        elif f.edits:
            by_para.setdefault(f.paragraph, []).append(f)
    for i, fs in by_para.items():
        if 0 <= i < len(paras) and apply_text_edits(paras[i], [e for f in fs for e in f.edits]):
            done.extend(fs)
    save_docx(d, out)
    return done


def main(argv: list[str]) -> int:
    """Print one line per file and the totals; return 1 when a file fails."""
    from gov_docs.checks.docx_edit import save_docx

    folders = [Path(a) for a in argv] or [ROOT / "tests" / "fixtures" / "real_docx"]
    files = sorted(f for folder in folders for f in folder.glob("*.docx"))
    checker = default_checker()
    opened = equal = with_fixes = revisions = 0
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for src in files:
            doc = read_document(src)
            _, applied = fix_document(doc, checker.check(doc))
            plain = Path(tmp) / f"{src.stem}.plain.docx"
            done_plain = _plain_fix(src, applied, plain)
            d = docx.Document(str(src))
            done = apply_fixes_tracked(d, applied)
            tracked = Path(tmp) / f"{src.stem}.tracked.docx"
            save_docx(d, tracked)
            try:
                reopened = docx.Document(str(tracked))
            except Exception as exc:  # noqa: BLE001 - any failure to open is the figure
                failures.append(f"{src.name}: does not open ({exc})")
                continue
            opened += 1
            n = revision_count(reopened.element.body)
            revisions += n
            with_fixes += bool(done)
            accept_all(reopened.element.body)
            same = content_signature(reopened.element.body) == content_signature(docx.Document(str(plain)).element.body)
            same_findings = sorted(f.rule_id for f in done) == sorted(f.rule_id for f in done_plain)
            equal += same and same_findings
            if not (same and same_findings):
                failures.append(f"{src.name}: accepted ≠ plain fix")
            print(f"{src.name}: {len(done)} fixes as {n} revisions, accepted = plain fix: {same and same_findings}")
    print(f"\n{len(files)} files; tracked output opens: {opened}/{len(files)}; accepted equals plain fix: "
          f"{equal}/{len(files)}; files with at least one fix: {with_fixes}; revisions written: {revisions}")
    for line in failures:
        print("  FAIL", line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
