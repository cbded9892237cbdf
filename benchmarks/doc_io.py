"""Time to read and to write a 20-page 公文, against plain python-docx doing the least it can, in the same
run.

A GB/T 9704 page holds 22 lines × 28 characters = 616 characters; the 20-page document is built from
consecutive corpus documents until it holds 20 × 616 characters. Baselines: python-docx opening the file
and reading every paragraph's text (reading), and python-docx writing the same paragraphs with no
formatting (writing). Each figure is the median of N repetitions.

Usage: .venv/bin/python benchmarks/doc_io.py [--pages 20] [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import docx  # noqa: E402

from gov_docs.document import document_from_text, read_document, write_docx  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "gov_corpus"
CHARS_PER_PAGE = 22 * 28


def build_text(pages: int) -> str:
    """Return the text of a document of about ``pages`` pages from consecutive corpus files."""
    parts: list[str] = []
    total = 0
    for path in sorted(CORPUS.glob("g02*.txt")):
        text = path.read_text(encoding="utf-8")
        parts.append(text)
        total += len("".join(text.split()))
        if total >= pages * CHARS_PER_PAGE:
            break
    return "\n".join(parts)


def median_time(fn, repeat: int) -> float:
    """Return the median wall time of ``fn()`` over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    text = build_text(args.pages)
    doc = document_from_text(text)
    chars = len("".join(text.split()))
    with tempfile.TemporaryDirectory() as tmp:
        ours = Path(tmp) / "ours.docx"
        plain = Path(tmp) / "plain.docx"
        txt = Path(tmp) / "doc.txt"
        txt.write_text(text, encoding="utf-8")

        def plain_write() -> None:
            d = docx.Document()
            for p in doc.paragraphs:
                d.add_paragraph(p.text)
            d.save(str(plain))

        def plain_read() -> None:
            d = docx.Document(str(plain))
            _ = [p.text for p in d.paragraphs]

        t_write = median_time(lambda: write_docx(doc, ours), args.repeat)
        t_plain_write = median_time(plain_write, args.repeat)
        t_read = median_time(lambda: read_document(ours), args.repeat)
        t_plain_read = median_time(plain_read, args.repeat)
        t_txt = median_time(lambda: read_document(txt), args.repeat)
        size_kb = ours.stat().st_size / 1024
    print(
        f"document: {chars} characters ≈ {chars / CHARS_PER_PAGE:.1f} pages, {len(doc.paragraphs)} "
        f"paragraphs, "
          f"{size_kb:.0f} KB .docx")
    print(
        f"write GB/T 9704 .docx : {t_write * 1000:7.1f} ms   plain python-docx write: "
        f"{t_plain_write * 1000:7.1f} ms"
          f"   ratio {t_write / t_plain_write:.2f}")
    print(
        f"read .docx (+roles)   : {t_read * 1000:7.1f} ms   plain python-docx read : "
        f"{t_plain_read * 1000:7.1f} ms"
          f"   ratio {t_read / t_plain_read:.2f}")
    print(f"read .txt (+roles)    : {t_txt * 1000:7.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
