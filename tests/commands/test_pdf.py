"""``gov-docs pdf`` and ``api.OpenDocument.export_pdf``: a real PDF with embedded fonts; bad input is
refused.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from gov_docs import api
from gov_docs.cli import main
from gov_docs.document import DocumentWriteError, document_from_text, write_docx

ROOT = Path(__file__).resolve().parent.parent.parent
NOTICE = (ROOT / "tests" / "fixtures" / "full_notice.txt").read_text(encoding="utf-8")


def test_pdf_from_a_docx_embeds_its_fonts(tmp_path: Path, capsys) -> None:
    src = write_docx(document_from_text(NOTICE), tmp_path / "通知.docx")
    out = tmp_path / "通知.pdf"
    assert main(["pdf", str(src), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "已输出" in printed and "3 页" in printed
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    rows = [ln.split() for ln in fonts.splitlines()[2:]]
    assert rows and all(r[-5] == "yes" for r in rows)  # every font embedded (the "emb" column)
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == 3
        assert "某政发〔2024〕7号" in pdf.pages[0].extract_text().replace(" ", "")


def test_bad_input_gives_one_chinese_line_and_exit_2(tmp_path: Path) -> None:
    src = tmp_path / "原文.txt"
    src.write_text(NOTICE, encoding="utf-8")
    before = src.read_bytes()
    cases = [
        ["pdf", str(src), "-o", str(src)],                      # would overwrite the input
        ["pdf", str(src), "-o", str(tmp_path / "x.docx")],      # not a .pdf
        ["pdf", str(tmp_path / "无此文件.docx"), "-o", str(tmp_path / "y.pdf")],
        ["pdf", str(tmp_path), "-o", str(tmp_path / "z.pdf")],  # a folder
    ]
    broken = tmp_path / "坏.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    cases.append(["pdf", str(broken), "-o", str(tmp_path / "w.pdf")])
    for argv in cases:
        res = subprocess.run([sys.executable, "-m", "gov_docs.cli", *argv], capture_output=True, text=True,
                             cwd=ROOT, timeout=600)
        assert res.returncode == 2, (argv, res.stderr)
        assert res.stderr.startswith("错误：") and "Traceback" not in res.stderr
        assert len(res.stderr.strip().splitlines()) == 1
    assert src.read_bytes() == before
    assert not list(tmp_path.glob("*.pdf"))


def test_api_export_writes_pdf_and_keeps_the_opened_file(tmp_path: Path) -> None:
    src = write_docx(document_from_text(NOTICE), tmp_path / "in.docx")
    od = api.open(src)
    layout = od.export_pdf(tmp_path / "out.pdf")
    assert layout.page_count == 3 and (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
    assert od.export(tmp_path / "again.pdf") == tmp_path / "again.pdf"
    data = src.read_bytes()
    with pytest.raises(DocumentWriteError):
        od.export_pdf(src.with_suffix(".docx"))
    assert src.read_bytes() == data


def test_zero_width_characters_are_not_drawn_nor_warned_about(tmp_path: Path) -> None:
    """17_punctuation_slips has a zero-width space (pasted from the web): the font has no glyph for it, and
    drawing it printed the PDF library's English "missing the following glyphs" warning."""
    src = ROOT / "tests" / "fixtures" / "real_docx" / "17_punctuation_slips.docx"
    out = tmp_path / "17.pdf"
    res = subprocess.run([sys.executable, "-m", "gov_docs.cli", "pdf", str(src), "-o", str(out)],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert res.returncode == 0, res.stderr
    assert "glyph" not in res.stderr
    with pdfplumber.open(out) as pdf:
        text = "".join(p.extract_text() for p in pdf.pages).replace(" ", "").replace("\n", "")
    assert "平台建设经费由市财政统筹安排" in text and "\u200b" not in text
