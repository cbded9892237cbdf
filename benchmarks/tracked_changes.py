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

from gov_docs import api
from gov_docs.document.revisions import accept_all, content_signature, revision_count

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    """Print one line per file and the totals; return 1 when a file fails."""
    folders = [Path(a) for a in argv] or [ROOT / "tests" / "fixtures" / "real_docx"]
    files = sorted(f for folder in folders for f in folder.glob("*.docx"))
    opened = equal = with_fixes = revisions = 0
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for src in files:
            plain_doc = api.open(src)
            done_plain = plain_doc.fix(plain_doc.check())
            plain = plain_doc.save(Path(tmp) / f"{src.stem}.plain.docx")
            tracked_doc = api.open(src)
            done = tracked_doc.fix(tracked_doc.check())
            tracked = tracked_doc.save(Path(tmp) / f"{src.stem}.tracked.docx", track_changes=True)
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
            same = content_signature(reopened.element.body) == content_signature(
                docx.Document(str(plain)).element.body)
            same = same and [f.rule_id for f in done] == [f.rule_id for f in done_plain]
            equal += same
            if not same:
                failures.append(f"{src.name}: accepted ≠ plain fix")
            print(f"{src.name}: {len(done)} fixes as {n} revisions, accepted = plain fix: {same}")
    print(f"\n{len(files)} files; tracked output opens: {opened}/{len(files)}; accepted equals plain fix: "
          f"{equal}/{len(files)}; files with at least one fix: {with_fixes}; revisions written: {revisions}")
    for line in failures:
        print("  FAIL", line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
