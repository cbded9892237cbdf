"""The GB/T 9704 writer, verified by reading the file back and by plain python-docx (an independent
reader).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from gov_docs.document import Role, document_from_text, read_document, write_docx

FULL = (Path(__file__).resolve().parent.parent / "fixtures" / "full_notice.txt").read_text(encoding="utf-8")
CORPUS_SAMPLE = ["g0001.txt", "g0155.txt", "g0250.txt", "g0420.txt", "g0590.txt", "g0395.txt"]


def _east_asia(run) -> str | None:
    rpr = run._r.rPr
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


@pytest.fixture
def written(tmp_path: Path) -> tuple[Path, object]:
    doc = document_from_text(FULL)
    path = write_docx(doc, tmp_path / "full.docx")
    return path, doc


def test_page_setup_is_gbt9704(written) -> None:
    path, _ = written
    s = docx.Document(str(path)).sections[0]
    assert round(s.page_width.mm) == 210 and round(s.page_height.mm) == 297
    assert round(s.top_margin.mm) == 37 and round(s.bottom_margin.mm) == 35
    assert round(s.left_margin.mm) == 28 and round(s.right_margin.mm) == 26
    grid = s._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    # 22 lines in the 225 mm text block
    assert int(225 / 25.4 * 72 / (int(grid.get(qn("w:linePitch"))) / 20)) == 22


def test_fonts_sizes_and_alignment_per_role(written) -> None:
    path, doc = written
    d = docx.Document(str(path))
    expected = {
        Role.TITLE: ("方正小标宋简体", 22.0, "CENTER"),
        Role.BODY: ("仿宋_GB2312", 16.0, "JUSTIFY"),
        Role.HEADING1: ("黑体", 16.0, "JUSTIFY"),
        Role.HEADING2: ("楷体_GB2312", 16.0, "JUSTIFY"),
        Role.HEADING3: ("仿宋_GB2312", 16.0, "JUSTIFY"),
        Role.DATE: ("仿宋_GB2312", 16.0, "RIGHT"),
        Role.CC: ("仿宋_GB2312", 14.0, "JUSTIFY"),
        Role.PRINTER: ("仿宋_GB2312", 14.0, "LEFT"),
        Role.ATTACHMENT_MARK: ("黑体", 16.0, "LEFT"),
    }
    assert len(d.paragraphs) == len(doc.paragraphs)
    seen = set()
    for para, model in zip(d.paragraphs, doc.paragraphs, strict=True):
        if model.role not in expected or not para.runs:
            continue
        font, size, align = expected[model.role]
        run = para.runs[0]
        assert _east_asia(run) == font, (model.role, para.text)
        assert run.font.size.pt == size
        assert para.alignment.name == align
        seen.add(model.role)
    assert seen == set(expected)
    body = next(p for p, m in zip(d.paragraphs, doc.paragraphs, strict=True) if m.role is Role.BODY)
    assert body.paragraph_format.first_line_indent.pt == 32  # two characters of 16 pt
    assert body.paragraph_format.line_spacing.pt == pytest.approx(28.95)


def test_no_theme_fonts_anywhere(written) -> None:
    path, _ = written
    with zipfile.ZipFile(path) as zf:
        for name in ("word/document.xml", "word/styles.xml"):
            xml = zf.read(name).decode("utf-8")
            assert not re.search(r"w:(eastAsia|ascii|hAnsi)Theme=", xml), name


def test_page_numbers_odd_right_even_left(written) -> None:
    path, _ = written
    d = docx.Document(str(path))
    assert d.settings.odd_and_even_pages_header_footer
    s = d.sections[0]
    for footer, align in ((s.footer, "RIGHT"), (s.even_page_footer, "LEFT")):
        p = footer.paragraphs[0]
        assert p.alignment.name == align
        xml = p._p.xml
        assert "PAGE" in xml and "— " in p.text and " —" in p.text
        assert p.runs[0].font.size.pt == 14
        assert _east_asia(p.runs[0]) == "宋体"


@pytest.mark.parametrize("name", CORPUS_SAMPLE)
def test_round_trip_keeps_roles_text_and_formatting(tmp_path: Path, corpus_dir: Path, name: str) -> None:
    original = read_document(corpus_dir / name)
    path = write_docx(original, tmp_path / "out.docx")
    back = read_document(path)
    assert back.roles() == original.roles()
    for a, b in zip(original.paragraphs, back.paragraphs, strict=True):
        assert re.sub(r"\s+", "", a.text) == re.sub(r"\s+", "", b.text)
    again = write_docx(back, tmp_path / "again.docx")
    third = read_document(again)
    for b, c in zip(back.paragraphs, third.paragraphs, strict=True):
        assert b.text == c.text and b.role is c.role and b.alignment == c.alignment
        assert [(r.font_east_asia, r.size_pt, r.bold) for r in b.runs] == [
            (r.font_east_asia, r.size_pt, r.bold) for r in c.runs
        ]
    assert back.page == third.page


def test_run_in_heading_keeps_body_font_after_the_heading_sentence(tmp_path: Path) -> None:
    doc = document_from_text("关于开展检查的通知\n各单位：\n一、总体要求。各地要认真落实。")
    back = read_document(write_docx(doc, tmp_path / "h.docx"))
    runs = back.paragraphs[2].runs
    assert [(r.text, r.font_east_asia) for r in runs] == [("一、总体要求。", "黑体"),
                                                          ("各地要认真落实。", "仿宋_GB2312")]


def test_write_into_missing_folder_is_created_and_unwritable_is_clear(tmp_path: Path) -> None:
    doc = document_from_text("关于开展检查的通知\n各单位：\n请认真落实。")
    out = write_docx(doc, tmp_path / "sub" / "dir" / "x.docx")
    assert out.exists()
    from gov_docs.document import DocumentWriteError

    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    with pytest.raises(DocumentWriteError) as err:
        write_docx(doc, blocker / "x.docx")
    assert str(blocker) in str(err.value)
