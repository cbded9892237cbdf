"""Real .docx files of the kinds clerks open, built with python-docx (no mocks): formatted, unformatted,
with a table, a red 版头 in a text box, wrong fonts and margins, header/footer, comments, a picture …

``build_all(folder)`` writes every case and returns {name: path}.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

TEXT = ("某某市人民政府办公室关于做好设备管理的通知\n各区县人民政府：\n请及时按装设备,要再接再励。\n"
        "一、工作要求\n各单位要在2026年12月底前完成。\n某某市人民政府办公室\n2026年11月22日")

_VML_TEXTBOX = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape id="banner" style="width:400pt;height:60pt">'
    '<v:textbox><w:txbxContent><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr>'
    '<w:rFonts w:eastAsia="方正小标宋简体"/><w:color w:val="FF0000"/><w:sz w:val="72"/></w:rPr>'
    '<w:t>某某市人民政府办公室文件</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>')


def _set_east_asia(run, font: str) -> None:
    from docx.oxml.ns import qn

    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), font)


def _plain(d, lines: list[str], font: str | None = None, size: float | None = None):
    from docx.shared import Pt

    for line in lines:
        p = d.add_paragraph()
        r = p.add_run(line)
        if font:
            _set_east_asia(r, font)
        if size:
            r.font.size = Pt(size)


def _png() -> bytes:
    raw = b"\x00\xff\x00\x00" * 1
    def chunk(tag, data):
        return struct.pack(">I",
                           len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def build_all(folder: Path) -> dict[str, Path]:
    """Write every case into ``folder``; return {case name: path}."""
    import docx
    from docx.oxml import parse_xml
    from docx.shared import Mm, Pt, RGBColor

    from gov_docs.document import document_from_text, write_docx

    folder.mkdir(parents=True, exist_ok=True)
    lines = TEXT.split("\n")
    out: dict[str, Path] = {}

    out["formatted"] = write_docx(document_from_text(TEXT), folder / "formatted.docx")

    d = docx.Document()
    _plain(d, lines)
    d.save(folder / "unformatted.docx")
    out["unformatted"] = folder / "unformatted.docx"

    d = docx.Document()
    for s in d.sections:
        s.top_margin, s.left_margin = Mm(20), Mm(20)
    _plain(d, lines, font="宋体", size=12)
    d.save(folder / "wrong_fonts_margins.docx")
    out["wrong_fonts_margins"] = folder / "wrong_fonts_margins.docx"

    d = docx.Document()
    _plain(d, lines[:3])
    t = d.add_table(rows=2, cols=2)
    for (r, c), v in {(0, 0): "单位", (0, 1): "数量", (1, 0): "一局", (1, 1): "3"}.items():
        t.cell(r, c).text = v
    _plain(d, lines[3:])
    d.save(folder / "table.docx")
    out["table"] = folder / "table.docx"

    d = docx.Document()
    p = d.add_paragraph()
    p._p.append(parse_xml(_VML_TEXTBOX))
    _plain(d, ["某政办发〔2026〕5号", *lines], font="仿宋_GB2312", size=16)
    d.save(folder / "red_banner_textbox.docx")
    out["red_banner_textbox"] = folder / "red_banner_textbox.docx"

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "页眉：内部资料"
    d.sections[0].footer.paragraphs[0].text = "页脚：第 1 页"
    p = d.add_paragraph()
    r = p.add_run(lines[0])
    r.bold = True
    _set_east_asia(r, "方正小标宋简体")
    r.font.size = Pt(22)
    p.alignment = 1
    _plain(d, [lines[1]], font="仿宋_GB2312", size=16)
    p = d.add_paragraph()
    for text, bold, italic in (("请及时按装设备,", False, False), ("务必", True, False),
                               ("要再接再励。", False, True)):
        r = p.add_run(text)
        r.bold, r.italic = bold, italic
        _set_east_asia(r, "仿宋_GB2312")
        r.font.size = Pt(16)
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "项目", "金额"
    p = d.add_paragraph()
    p._p.append(parse_xml(_VML_TEXTBOX))
    _plain(d, lines[3:], font="仿宋_GB2312", size=16)
    d.save(folder / "mixed_runs_header_table_textbox.docx")
    out["mixed"] = folder / "mixed_runs_header_table_textbox.docx"

    d = docx.Document()
    _plain(d, lines, font="仿宋_GB2312", size=16)
    d.add_comment(d.paragraphs[2].runs, text="请核实", author="审核人")
    d.save(folder / "with_comment.docx")
    out["with_comment"] = folder / "with_comment.docx"

    d = docx.Document()
    _plain(d, lines[:3], font="仿宋_GB2312", size=16)
    img = folder / "dot.png"
    img.write_bytes(_png())
    d.add_picture(str(img), width=Mm(10))
    _plain(d, lines[3:], font="仿宋_GB2312", size=16)
    d.save(folder / "with_picture.docx")
    out["with_picture"] = folder / "with_picture.docx"

    d = docx.Document()
    _plain(d, [*lines, "抄送：市委办公室，市人大常委会办公室。", "某某市人民政府办公室  2026年11月22日印发"],
           font="仿宋_GB2312", size=16)
    red = d.paragraphs[0].runs[0]
    red.font.color.rgb = RGBColor(0xFF, 0, 0)
    d.save(folder / "colophon_red_title.docx")
    out["colophon_red_title"] = folder / "colophon_red_title.docx"

    d = docx.Document()
    _plain(d, lines[:4], font="仿宋_GB2312", size=16)
    d.add_section()
    _plain(d, lines[4:], font="黑体", size=14)
    d.save(folder / "two_sections.docx")
    out["two_sections"] = folder / "two_sections.docx"

    d = docx.Document()
    _plain(d, lines, font="仿宋_GB2312", size=16)
    d.paragraphs[2].runs[0].add_tab()
    d.paragraphs[2].add_run("（见附件）")
    d.save(folder / "tab_in_body.docx")
    out["tab_in_body"] = folder / "tab_in_body.docx"
    return out


#: The content types of a plain and of a macro-enabled document's main part.
PLAIN_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_MAIN_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"


def make_docm(out: Path, source: Path | None = None) -> Path:
    """Write ``source`` as Word writes a .docm: the macro-enabled main type, a VBA project and its data,
    their content types and the document's relationship to the project (``source``: a .docx, by default
    the red-header notice of tests/fixtures/real_docx)."""
    fixtures = Path(__file__).resolve().parent / "fixtures"
    source = source or fixtures / "real_docx" / "01_notice_red_border.docx"
    with zipfile.ZipFile(source) as zi, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zo:
        for it in zi.infolist():
            data = zi.read(it.filename)
            if it.filename == "[Content_Types].xml":
                data = data.replace(PLAIN_MAIN_TYPE.encode(), MACRO_MAIN_TYPE.encode()).replace(
                    b"</Types>",
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                    b'<Override PartName="/word/vbaData.xml" '
                    b'ContentType="application/vnd.ms-word.vbaData+xml"/></Types>')
            elif it.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/'
                    b'vbaProject" Target="vbaProject.bin"/></Relationships>')
            zo.writestr(it, data)
        zo.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
        zo.writestr("word/vbaData.xml", '<?xml version="1.0"?><wne:vbaSuppData '
                    'xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml"/>')
        zo.writestr("word/_rels/vbaProject.bin.rels", '<?xml version="1.0"?><Relationships '
                    'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>')
    return out
