"""20 real corpus documents through ``gov-docs pdf``, read back with pdfplumber: the printed page keeps the
grid.

Each document gets a 版记 appended (抄送 and 印发 lines, as a clerk adds them) so the foot of the last
page is checked too. Positions come from the PDF itself, not from the layout objects.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from gov_docs.cli import main
from gov_docs.layout import geometry as g
from gov_docs.text.linebreak import NO_LINE_START, char_width

DOCS = [f"g{n:04d}.txt" for n in range(1, 600, 30)]  # 20 documents spread over the corpus
COLOPHON = (
    "\n抄送：各省、自治区、直辖市人民政府，国务院各部委、各直属机构。\n国务院办公厅秘书局 2021年3月5日印发")
CELL = g.PITCH_3


def _lines(page) -> list[list[dict]]:
    """Group the page's characters into lines by their baseline."""
    rows: dict[int, list[dict]] = {}
    for ch in page.chars:
        if ch["text"].strip():  # the baseline (the text matrix), not the glyph box, which differs per font
            rows.setdefault(round(page.height - ch["matrix"][5]), []).append(ch)
    return [sorted(rows[k], key=lambda c: c["x0"]) for k in sorted(rows)]


@pytest.fixture(scope="module")
def pdfs(corpus_dir, tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("pdfs")
    out = []
    for name in DOCS:
        src = folder / name
        src.write_text((corpus_dir / name).read_text(encoding="utf-8").rstrip() + COLOPHON + "\n",
                       encoding="utf-8")
        pdf = folder / (src.stem + ".pdf")
        assert main(["pdf", str(src), "-o", str(pdf), "--quiet"]) == 0
        out.append(pdf)
    return out


def test_every_page_keeps_the_28_by_22_grid(pdfs) -> None:
    full_lines = carried = 0
    for pdf_path in pdfs:
        with pdfplumber.open(pdf_path) as pdf:
            for page in pdf.pages:
                body = [ln for ln in _lines(page) if ln[0]["top"] < g.BOTTOM and ln[0]["size"] < 20]
                assert len(body) <= g.ROWS, pdf_path.name
                for ln in body:
                    cells = sum(char_width(c["text"], 16.0) for c in ln) / CELL if ln[0]["size"] > 15 else 0
                    assert cells <= g.COLUMNS + 1e-6, (pdf_path.name, "".join(c["text"] for c in ln))
                    if ln[0]["size"] > 15 and ln[0]["x0"] < g.LEFT + 1 and ln[-1]["x1"] > g.RIGHT - 3 \
                            and all(ord(c["text"]) > 0x2000 for c in ln):
                        # A full line of full-width characters holds 28, or fewer spread out when 避头尾
                        # carried
                        # characters down (2 for 策”、, 3 for 出国（境）).
                        full_lines += 1
                        carried += len(ln) < g.COLUMNS
                        assert g.COLUMNS - 3 <= len(ln) <= g.COLUMNS, (
                            pdf_path.name, "".join(c["text"] for c in ln))
                    if abs(ln[0]["x0"] - g.LEFT) < 0.5 and ln[0]["size"] > 15:  # a continuation line
                        assert ln[0]["text"] not in NO_LINE_START, (pdf_path.name,
                                                                    "".join(c["text"] for c in ln))
                    assert g.LEFT - 0.5 <= ln[0]["x0"] and ln[-1]["x1"] <= g.RIGHT + 0.5
    assert full_lines > 500 and carried < full_lines * 0.2


def test_page_numbers_alternate_sides_and_the_colophon_ends_the_last_page(pdfs) -> None:
    for pdf_path in pdfs:
        with pdfplumber.open(pdf_path) as pdf:
            for k, page in enumerate(pdf.pages, start=1):
                foot = [ln for ln in _lines(page) if ln[0]["top"] > g.BOTTOM]
                if k == len(pdf.pages) and not foot:
                    continue  # a 版记 page of its own carries no number
                assert len(foot) == 1
                text = "".join(c["text"] for c in foot[0])
                assert text == f"—{k}—"
                baseline = page.height - foot[0][0]["matrix"][5]
                # top edge 7 mm under the 版心
                assert abs(baseline - (g.BOTTOM + 7 * g.MM + g.ASCENT * 14)) < 0.5
                if k % 2:  # the last dash ends one 4号 character from the right edge of the 版心
                    last_dash = g.RIGHT - g.pitch(14) - char_width("—", 14.0)
                    assert abs(foot[0][-1]["x0"] - last_dash) < 0.5
                else:
                    assert abs(foot[0][0]["x0"] - (g.LEFT + g.pitch(14))) < 1
            last = _lines(pdf.pages[-1])
            body = [ln for ln in last if ln[0]["top"] < g.BOTTOM]
            printed = "".join(c["text"] for c in body[-1])
            assert printed.endswith("印发"), pdf_path.name
            assert g.BOTTOM - g.ROW < body[-1][-1]["bottom"] < g.BOTTOM  # on the last line of the 版心
            cc = next(ln for ln in body if "".join(c["text"] for c in ln).startswith("抄送"))
            assert abs(cc[0]["x0"] - (g.LEFT + g.pitch(14))) < 0.5  # 1 character in, 4号
            lines = pdf.pages[-1].lines
            assert any(abs(x["width"] - g.TEXT_WIDTH) < 1 and x["top"] > body[-1][-1]["bottom"]
                       for x in lines)


def test_title_is_centred_and_text_reads_back(pdfs, corpus_dir) -> None:
    from gov_docs.document import read_document

    for pdf_path in pdfs:
        doc = read_document(corpus_dir / (pdf_path.stem + ".txt"))
        with pdfplumber.open(pdf_path) as pdf:
            first = _lines(pdf.pages[0])
            titles = [ln for ln in first if ln[0]["size"] > 20]
            if doc.title:
                assert titles, pdf_path.name
                assert "".join(c["text"] for ln in titles for c in ln) == doc.title.replace(" ", "")
            for ln in titles:
                centre = (ln[0]["x0"] + ln[-1]["x1"]) / 2
                assert abs(centre - (g.LEFT + g.RIGHT) / 2) < 1.5, pdf_path.name
            text = "".join(c["text"] for p in pdf.pages for ln in _lines(p) for c in ln
                           if c["top"] < g.BOTTOM)
        for p in doc.paragraphs:
            if len(p.text.strip()) > 40:
                assert p.text.strip().replace(" ", "").replace("\u3000", "")[:40] in text, pdf_path.name
