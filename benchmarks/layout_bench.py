"""GB/T 9704 layout speed and memory, as ratios to a plain QTextDocument layout of the same text (same run),
and the page counts of 20 corpus documents beside LibreOffice's for the .docx our writer produces.

Usage:
    .venv/bin/python benchmarks/layout_bench.py [--pages 30] [--repeat 7]
    .venv/bin/python benchmarks/layout_bench.py --libreoffice      # also the page-count comparison (needs
    soffice)

Measured: a full layout of a ≥30-page document (paragraph cache empty), a re-layout after one keystroke on
page 15 and on the last page (what the page view does while the clerk types), the role detection the window
runs on each keystroke, and a PDF export; the baseline lays the same text out in a QTextDocument with a
16 pt font on a 156 mm page width (pageCount() forces the whole layout; after one inserted character
it re-lays out incrementally). Memory: tracemalloc peak of one full layout and the size of the kept layout.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from gov_docs.document import Document, document_from_text, write_docx  # noqa: E402
from gov_docs.layout import geometry as g  # noqa: E402
from gov_docs.layout import layout_document, relayout  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "gov_corpus"
SAMPLE = [f"g{n:04d}.txt" for n in range(1, 600, 30)]  # the 20 documents of tests/layout/test_pdf_corpus.py


def _median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _document(pages: int) -> str:
    """Return the start of a long corpus document that fills ``pages`` pages."""
    # The longest corpus document (a 98-page plan), cut to the first ``pages`` pages.
    lines = (CORPUS / "g0211.txt").read_text(encoding="utf-8").strip().split("\n")
    lo, hi = 1, len(lines)  # the fewest lines that fill ``pages`` pages
    while lo < hi:
        mid = (lo + hi) // 2
        if layout_document(document_from_text("\n".join(lines[:mid]))).page_count >= pages:
            hi = mid
        else:
            lo = mid + 1
    return "\n".join(lines[:lo])


def _qt_baseline(text: str):
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QFont, QGuiApplication, QTextCursor, QTextDocument

    app = QGuiApplication.instance() or QGuiApplication([])
    qdoc = QTextDocument()
    font = QFont("Noto Serif CJK SC")
    font.setPixelSize(16)
    qdoc.setDefaultFont(font)
    qdoc.setPageSize(QSizeF(g.TEXT_WIDTH, g.TEXT_HEIGHT))

    def full() -> int:
        qdoc.setPlainText(text)
        return qdoc.pageCount()

    def keystroke(block: int) -> int:
        cur = QTextCursor(qdoc.findBlockByNumber(block))
        cur.insertText("新")
        return qdoc.pageCount()

    return app, qdoc, full, keystroke


def bench(pages: int, repeat: int) -> None:
    text = _document(pages)
    doc = document_from_text(text)
    base_layout = layout_document(doc)
    n_pages = base_layout.page_count
    print(f"document: {len(doc.paragraphs)} paragraphs, {len(text)} characters, {n_pages} pages")

    _app, qdoc, q_full, q_key = _qt_baseline(text)
    t_q_full = _median(q_full, repeat)
    t_ours_full = _median(lambda: layout_document(doc), repeat)  # a fresh paragraph cache each time
    print(f"full layout: ours {t_ours_full * 1000:.1f} ms, QTextDocument {t_q_full * 1000:.1f} ms, "
          f"ratio {t_ours_full / t_q_full:.2f}")

    def para_on(page: int) -> int:
        return next(ln.paragraph for ln in base_layout.pages[page].lines if ln.paragraph >= 0
                    and ln.kind == "text")

    for label, page in (("page 15", min(14, n_pages - 1)), ("last page", n_pages - 1)):
        i = para_on(page)
        q_full()
        t_q_key = _median(lambda i=i: q_key(i), repeat)
        old = layout_document(doc)
        state = {"old": old, "n": 0}

        def key(i=i, state=state) -> None:
            state["n"] += 1
            paras = list(doc.paragraphs)
            paras[i] = paras[i].with_text(paras[i].text[:5] + "新" * state["n"] + paras[i].text[5:])
            new = relayout(state["old"], Document(paras, doc.page))
            state["old"], state["relaid"] = new, new.relaid_pages

        t_key = _median(key, repeat)
        print(
            f"keystroke on {label}: re-layout {t_key * 1000:.2f} ms ({state['relaid']} of {n_pages} pages "
            f"laid out "
              f"again), QTextDocument {t_q_key * 1000:.2f} ms, ratio {t_key / t_q_key:.2f}")
    t_roles = _median(lambda: document_from_text(text), max(3, repeat // 2))
    print(f"role detection of the whole text (the window runs it per keystroke): {t_roles * 1000:.1f} ms, "
          f"{t_roles / t_q_full:.2f} × the QTextDocument full layout")

    tracemalloc.start()
    kept = layout_document(doc)
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    lines = sum(len(p.lines) for p in kept.pages)
    print(f"memory: full layout peak {peak / 1e6:.1f} MB, kept layout {current / 1e6:.1f} MB "
          f"({lines} positioned lines)")

    from gov_docs.layout.pdf import render_pdf

    t = time.perf_counter()
    data = render_pdf(kept, title=doc.title)
    t_pdf = time.perf_counter() - t
    print(f"PDF of {n_pages} pages: {t_pdf:.1f} s, {len(data) / 1e6:.2f} MB (fonts embedded as subsets), "
          f"{t_pdf / t_q_full:.0f} × the QTextDocument full layout")


def _lines_grid_copy(src: Path, dst: Path) -> None:
    """Copy a .docx with the character grid replaced by −0.25 pt character spacing (28 a line as well).

    LibreOffice does not compress characters to Word's character grid (a 3号 character wider than the
    15.79 pt cell takes two cells), so it is given the same 28 characters a line another way.
    """
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document(str(src))
    grid = d.sections[0]._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "lines")
    for el in d.styles.element.iter(qn("w:rPr")):
        sp = el.find(qn("w:spacing"))
        if sp is None:
            sp = OxmlElement("w:spacing")
            el.append(sp)
        sp.set(qn("w:val"), "-5")
    d.save(str(dst))


def libreoffice(sample: list[str]) -> None:
    """Compare our page counts with LibreOffice's for the .docx our writer produces."""
    from gov_docs.document import read_document

    col = (
        "\n抄送：各省、自治区、直辖市人民政府，国务院各部委、各直属机构。\n国务院办公厅秘书局 "
        "2021年3月5日印发\n")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ours: dict[str, int] = {}
        for name in sample:
            src = folder / name
            src.write_text((CORPUS / name).read_text(encoding="utf-8").rstrip() + col, encoding="utf-8")
            doc = read_document(src)
            ours[src.stem] = layout_document(doc).page_count
            write_docx(doc, folder / f"{src.stem}.docx")
            _lines_grid_copy(folder / f"{src.stem}.docx", folder / f"{src.stem}-lines.docx")
        docs = sorted(str(p) for p in folder.glob("*.docx"))
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), *docs],
                       capture_output=True, timeout=1200, check=False)

        def pages(pdf: Path) -> int:
            out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False).stdout
            return int(next(ln.split()[-1] for ln in out.splitlines() if ln.startswith("Pages:")))

        same = near = 0
        for stem, n in ours.items():
            lo_grid = pages(folder / f"{stem}.pdf")
            lo_lines = pages(folder / f"{stem}-lines.pdf")
            same += lo_lines == n
            near += abs(lo_lines - n) <= 1
            print(
                f"{stem}: layout {n} pages; LibreOffice {lo_lines} (28-character copy), {lo_grid} (as "
                f"written)")
        print(f"LibreOffice (28-character copy) agrees on {same}/{len(ours)} documents, within one page on "
              f"{near}/{len(ours)}")


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=30)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--libreoffice", action="store_true")
    args = ap.parse_args()
    bench(args.pages, args.repeat)
    if args.libreoffice:
        libreoffice(SAMPLE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
