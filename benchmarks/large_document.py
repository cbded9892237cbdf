"""The largest document: a 5,000-page 公文 (22 × 28 characters a page) written as .docx, read back and
checked,
with the time of each step and the peak memory (RSS).

Usage: .venv/bin/python benchmarks/large_document.py [--pages 5000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psutil  # noqa: E402

from gov_docs.checks import AllowList, Checker, load_rules  # noqa: E402
from gov_docs.document import document_from_text, read_document, write_docx  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "gov_corpus"


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=5000)
    args = ap.parse_args()
    proc = psutil.Process()
    peak = {"rss": 0}
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            peak["rss"] = max(peak["rss"], proc.memory_info().rss)
            time.sleep(0.1)

    threading.Thread(target=watch, daemon=True).start()
    want = args.pages * 22 * 28
    parts, total = [], 0
    files = sorted(CORPUS.glob("g*.txt"))
    while total < want:
        for f in files:
            t = f.read_text(encoding="utf-8")
            parts.append(t)
            total += len(t)
            if total >= want:
                break
    doc = document_from_text("\n".join(parts))
    checker = Checker(load_rules([ROOT / "rules"]), allow_list=AllowList())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "large.docx"
        t0 = time.perf_counter()
        write_docx(doc, path)
        t_write = time.perf_counter() - t0
        t0 = time.perf_counter()
        back = read_document(path)
        t_read = time.perf_counter() - t0
        t0 = time.perf_counter()
        findings = checker.check(back)
        t_check = time.perf_counter() - t0
        size = path.stat().st_size
    stop.set()
    print(f"document: {total:,} characters ≈ {total / 616:,.0f} pages, {len(doc.paragraphs):,} paragraphs, "
          f".docx {size / 2**20:.1f} MB")
    print(f"write {t_write:.1f} s, read {t_read:.1f} s, check {t_check:.1f} s ({len(findings)} findings)")
    print(f"peak memory (RSS): {peak['rss'] / 2**20:.0f} MB")
    for w in checker.warnings:
        print(f"WARNING: {w}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
