"""The .docx reader: formatting through the style chain, theme fonts, page setup, and bad files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gov_docs.document import DocumentReadError, Role, read_document


def _east_asia(rpr_owner, name: str) -> None:
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:eastAsiaTheme", "w:asciiTheme", "w:hAnsiTheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:eastAsia"), name)


def test_fonts_and_sizes_resolve_through_the_style_chain(tmp_path: Path) -> None:
    d = docx.Document()
    base = d.styles.add_style("公文基础", WD_STYLE_TYPE.PARAGRAPH)
    base.font.size = Pt(16)
    _east_asia(base.element, "仿宋_GB2312")
    derived = d.styles.add_style("公文正文样式", WD_STYLE_TYPE.PARAGRAPH)
    derived.base_style = base  # inherits font and size
    heading = d.styles.add_style("公文一级", WD_STYLE_TYPE.PARAGRAPH)
    heading.base_style = derived
    _east_asia(heading.element, "黑体")
    d.add_paragraph("关于开展检查的通知")
    d.add_paragraph("一、总体要求", style=heading)
    p = d.add_paragraph("请认真落实。", style=derived)
    run = p.add_run("特此通知。")
    run.font.size = Pt(14)
    run.bold = True
    s = d.sections[0]
    s.page_width, s.page_height, s.top_margin, s.left_margin = Mm(210), Mm(297), Mm(37), Mm(28)
    path = tmp_path / "styled.docx"
    d.save(path)

    doc = read_document(path)
    h1 = doc.paragraphs[1]
    assert h1.role is Role.HEADING1
    assert h1.runs[0].font_east_asia == "黑体" and h1.runs[0].size_pt == 16
    body = doc.paragraphs[2]
    assert [r.font_east_asia for r in body.runs] == ["仿宋_GB2312", "仿宋_GB2312"]
    assert [r.size_pt for r in body.runs] == [16, 14]
    assert [r.bold for r in body.runs] == [False, True]
    assert doc.page.width_mm == 210 and doc.page.top_mm == 37 and doc.page.left_mm == 28
    assert doc.has_formatting and doc.source_format == "docx"


def test_theme_font_of_the_default_template_is_reported(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("关于开展检查的通知")
    d.add_paragraph("请认真落实。")
    path = tmp_path / "theme.docx"
    d.save(path)
    doc = read_document(path)
    assert doc.paragraphs[1].runs[0].font_east_asia.startswith("主题字体")
    assert doc.page.width_mm == pytest.approx(215.9)  # python-docx's template is US Letter


def _zip_with(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("maker", "fragment"),
    [
        (lambda p: p.write_bytes(b""), "0 字节"),
        (lambda p: p.write_bytes(b"this is not a zip file at all"), "不是有效的 .docx"),
        (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512), "加密"),
        (lambda p: _zip_with(p, {"hello.txt": b"x"}), "没有 word/document.xml"),
        (lambda p: _zip_with(p, {"word/document.xml": b"<not-xml"}), "正文（word/document.xml）已损坏"),
    ],
    ids=["empty", "not-zip", "encrypted", "zip-not-docx", "broken-xml"],
)
def test_bad_docx_files(tmp_path: Path, maker, fragment: str) -> None:
    path = tmp_path / "bad.docx"
    maker(path)
    with pytest.raises(DocumentReadError) as err:
        read_document(path)
    assert str(path) in str(err.value) and fragment in str(err.value)


def test_truncated_docx(tmp_path: Path) -> None:
    good = tmp_path / "good.docx"
    d = docx.Document()
    d.add_paragraph("关于开展检查的通知")
    d.save(good)
    data = good.read_bytes()
    bad = tmp_path / "truncated.docx"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(DocumentReadError, match="损坏|截断|无法解压"):
        read_document(bad)


def test_docx_without_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.docx"
    docx.Document().save(path)
    with pytest.raises(DocumentReadError, match="没有文字"):
        read_document(path)


def test_a_switch_written_off_is_off(tmp_path: Path) -> None:
    """WPS writes every paragraph switch out, the off ones as w:val="0": ``<w:pageBreakBefore w:val="0"/>``
    is no page break. Read as one, WPS's 公文样章 printed each 版头 line on a page of its own (21 pages)."""
    from gov_docs.layout.engine import layout_document

    d = docx.Document()
    for i in range(6):
        p = d.add_paragraph(f"第{i + 1}段正文内容。")
        ppr = p._p.get_or_add_pPr()
        ppr.append(ppr.makeelement(qn("w:pageBreakBefore"), {qn("w:val"): "0"}))
    on = d.add_paragraph("附件")
    on.paragraph_format.page_break_before = True  # <w:pageBreakBefore/>: on
    d.save(str(tmp_path / "wps.docx"))
    doc = read_document(tmp_path / "wps.docx")
    assert [p.page_break_before for p in doc.paragraphs] == [False] * 6 + [True]
    assert len(layout_document(doc).pages) == 2


def test_an_indent_in_characters_of_zero_leaves_the_indent_in_twips(tmp_path: Path) -> None:
    """Word writes ``firstLineChars="0" firstLine="640"`` when an indent set in cm replaces a style's indent
    in characters: the paragraph is indented 32 pt (2 characters of 16 pt), as Word and LibreOffice show
    it. Read as 0 characters, every such body paragraph was a 必错 "首行应缩进2字，实际为0.0字"."""
    d = docx.Document()
    style = d.styles.add_style("正文缩进", WD_STYLE_TYPE.PARAGRAPH)
    sppr = style.element.get_or_add_pPr()
    sppr.append(sppr.makeelement(qn("w:ind"), {qn("w:firstLineChars"): "200"}))
    cases = [({"w:firstLineChars": "0", "w:firstLine": "640"}, None, 32.0, None),
             ({"w:firstLine": "640"}, None, 32.0, None),
             ({"w:firstLine": "0", "w:firstLineChars": "200"}, None, 32.0, 2.0),
             ({"w:firstLineChars": "0", "w:firstLine": "640"}, "正文缩进", 32.0, None),  # style's chars off
             ({"w:firstLine": "0"}, "正文缩进", 32.0, 2.0),  # the style's characters still win
             ({"w:firstLine": "0", "w:firstLineChars": "0"}, "正文缩进", 0.0, None)]  # WPS: all off
    for attrs, style_name, _, _ in cases:
        p = d.add_paragraph("为切实做好冬季森林防火工作，保护人民群众生命财产安全，现将有关事项通知如下。",
                            style=style_name)
        p.runs[0].font.size = Pt(16)
        ppr = p._p.get_or_add_pPr()
        ppr.append(ppr.makeelement(qn("w:ind"), {qn(k): v for k, v in attrs.items()}))
    d.save(str(tmp_path / "ind.docx"))
    doc = read_document(tmp_path / "ind.docx")
    got = [(p.first_line_indent_pt, p.first_line_indent_chars) for p in doc.paragraphs]
    assert got == [(pt, chars) for _, _, pt, chars in cases]


def test_a_paragraph_holding_only_a_page_break_starts_the_next_on_a_new_page(tmp_path: Path) -> None:
    """Clerks press Ctrl+Enter to start a part on a new page: the page view, print and PDF follow it."""
    from docx.enum.text import WD_BREAK

    from gov_docs.layout.engine import layout_document

    d = docx.Document()
    for t in ("江北市人民政府关于做好冬季森林防火工作的通知", "各区人民政府：", "一、总体要求",
              "为切实做好冬季森林防火工作，现将有关事项通知如下。"):
        d.add_paragraph(t)
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("二、工作措施")
    inline = d.add_paragraph("第一句。")
    inline.add_run().add_break(WD_BREAK.PAGE)  # a break inside text: left to the text
    inline.add_run("第二句。")
    for t in ("江北市人民政府", "2026年12月1日"):
        d.add_paragraph(t)
    d.save(str(tmp_path / "break.docx"))
    doc = read_document(tmp_path / "break.docx")
    assert [p.page_break_before for p in doc.paragraphs] == [False] * 5 + [True, False, False, False]
    assert len(layout_document(doc).pages) == 2


def _footer_with(footer, xml: str) -> None:
    from docx.oxml import parse_xml

    p = footer.paragraphs[0]._p
    for el in parse_xml(f'<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{xml}'
                        "</w:p>"):
        p.append(el)


_FIELD = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {code} '
          '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{shown}</w:t></w:r>'
          '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


@pytest.mark.parametrize(("xml", "fmt", "forms"), [
    # ours, and WPS's 公文样章 (full-width spaces): the standard form
    ('<w:r><w:t xml:space="preserve">— </w:t></w:r>' + _FIELD.format(code="PAGE \\* MERGEFORMAT", shown="3")
     + '<w:r><w:t xml:space="preserve"> —</w:t></w:r>', None, ("— N —",)),
    ("<w:r><w:t>—\u3000</w:t></w:r>" + '<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
     "<w:r><w:t>\u3000—</w:t></w:r>", None, ("— N —",)),
    # 第1页 共3页: NUMPAGES shows its value, PAGE is N
    ("<w:r><w:t>第</w:t></w:r>" + _FIELD.format(code="PAGE", shown="1") + "<w:r><w:t>页 共</w:t></w:r>"
     + _FIELD.format(code="NUMPAGES", shown="3") + "<w:r><w:t>页</w:t></w:r>", None, ("第N页 共3页",)),
    # WPS's "-1-" page number style is the section's number format, not text
    (_FIELD.format(code="PAGE", shown="- 1 -"), "numberInDash", ("- N -",)),
    (_FIELD.format(code="PAGE \\* CHINESENUM3", shown="一"), None, ("N\\* CHINESENUM3",)),
    ("<w:r><w:t>江北市人民政府办公室</w:t></w:r>", None, ()),  # a footer without a page number
])
def test_the_page_number_form_is_read_from_the_footer(tmp_path: Path, xml: str, fmt: str | None,
                                                       forms: tuple[str, ...]) -> None:
    d = docx.Document()
    d.add_paragraph("各单位要认真贯彻落实。")
    _footer_with(d.sections[0].footer, xml)
    if fmt:
        sect = d.sections[0]._sectPr
        sect.append(sect.makeelement(qn("w:pgNumType"), {qn("w:fmt"): fmt}))
    d.save(str(tmp_path / "footer.docx"))
    assert read_document(tmp_path / "footer.docx").page.page_number_forms == forms
