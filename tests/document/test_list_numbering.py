"""Headings numbered by Word's list feature (一、 （一） 1. made by Word or WPS, not typed): the reader
computes the label Word shows, role detection sees the heading, the structure checks and fixes leave
the numbers (which are not in the text) alone, and saving keeps the lists."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from gov_docs import api
from gov_docs.checks import AllowList, Checker
from gov_docs.document import Role, read_document
from gov_docs.document.numbering import chinese_counting, format_number

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# One multilevel list as Word's 定义新的多级列表 writes it: 一、 / （一） / 1. / （1）
_ABSTRACT = f"""<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>
    <w:pPr><w:ind w:firstLine="640"/></w:pPr></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/>
    <w:pPr><w:ind w:firstLine="640"/></w:pPr></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%4）"/></w:lvl>
</w:abstractNum>"""
_NUM = f'<w:num xmlns:w="{W_NS}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'

BODY = [
    ("江北市人民政府办公室关于做好冬季森林防火工作的通知", None),
    ("各区县人民政府，市政府各部门：", None),
    ("为切实做好今冬明春森林防火工作，现将有关事项通知如下。", None),
    ("总体要求", 0),
    ("工作目标", 1),
    ("坚持预防为主、积极消灭，确保不发生重特大森林火灾。", None),
    ("重点任务", 0),
    ("加强火源管控", 1),
    ("严格野外用火审批。", 2),
    ("加强巡山护林。", 2),
    ("落实巡护责任", 1),
    ("江北市人民政府办公室", None),
    ("2026年11月22日", None),
]


def _write(path: Path, abstract: str = _ABSTRACT) -> Path:
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(abstract))  # abstractNum before num, as the schema orders them
    numbering.append(parse_xml(_NUM))
    for text, level in BODY:
        p = d.add_paragraph(text)
        if level is not None:
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
    d.save(path)
    return path


@pytest.fixture
def numbered(tmp_path: Path) -> Path:
    return _write(tmp_path / "自动编号.docx")


def test_labels_are_computed_as_word_shows_them(numbered: Path) -> None:
    doc = read_document(numbered)
    labels = {p.text: p.number_label for p in doc.paragraphs if p.number_label}
    assert labels == {"总体要求": "一、", "工作目标": "（一）", "重点任务": "二、", "加强火源管控": "（一）",
                      "严格野外用火审批。": "1.", "加强巡山护林。": "2.", "落实巡护责任": "（二）"}
    assert all(not p.text.startswith(("一、", "（一）")) for p in doc.paragraphs)  # the text is the file's


def test_numbered_headings_get_heading_roles(numbered: Path) -> None:
    roles = {p.text: p.role for p in read_document(numbered).paragraphs}
    assert roles["总体要求"] is Role.HEADING1 and roles["重点任务"] is Role.HEADING1
    assert roles["工作目标"] is Role.HEADING2 and roles["落实巡护责任"] is Role.HEADING2
    assert roles["严格野外用火审批。"] is Role.HEADING3
    assert roles["江北市人民政府办公室关于做好冬季森林防火工作的通知"] is Role.TITLE


def test_checking_and_fixing_leave_the_lists_alone(numbered: Path) -> None:
    checker = Checker(allow_list=AllowList())
    od = api.open(numbered, checker=checker)
    found = checker.check(od.document)
    assert not [f for f in found if f.rule_id.startswith("structure.heading")]
    od.fix()
    od.save()
    reread = read_document(numbered)
    assert [p.number_label for p in reread.paragraphs if p.number_label] == [
        "一、", "（一）", "二、", "（一）", "1.", "2.", "（二）"]
    assert len(docx.Document(str(numbered)).part.numbering_part.element.findall(f"{{{W_NS}}}num")) >= 1


def test_damaged_list_definitions_still_open(tmp_path: Path) -> None:
    """Attributes that are not numbers (a hand-edited or damaged numbering.xml) fall back to Word's
    defaults instead of making the whole document unreadable."""
    first_start = '<w:lvl w:ilvl="0"><w:start w:val="1"/>'
    damaged = (_ABSTRACT.replace(first_start, first_start.replace('"1"', '"一"'))
               .replace('w:ilvl="3"', 'w:ilvl="x"')
               .replace('<w:lvlText w:val="%3."/>', '<w:lvlText w:val="%3."/><w:lvlRestart w:val="?"/>'))
    doc = read_document(_write(tmp_path / "损坏的编号.docx", damaged))
    labels = {p.text: p.number_label for p in doc.paragraphs if p.number_label}
    assert labels["总体要求"] == "一、" and labels["重点任务"] == "二、"  # start 一 → Word's default 1
    assert labels["严格野外用火审批。"] == "1." and labels["加强巡山护林。"] == "2."
    assert format_number(12345, "chineseCounting") == "12345"  # beyond 九百九十九: digits, no crash


def test_number_formats() -> None:
    assert [chinese_counting(n) for n in (1, 10, 11, 20, 21, 99, 100, 101, 110, 115)] == [
        "一", "十", "十一", "二十", "二十一", "九十九", "一百", "一百零一", "一百一十", "一百一十五"]
    assert format_number(3, "ideographTraditional") == "丙"
    assert format_number(2, "decimalEnclosedCircle") == "②"
    assert format_number(12, "decimalFullWidth") == "１２"
    assert format_number(4, "upperRoman") == "IV" and format_number(28, "lowerLetter") == "bb"
    assert format_number(5, "chineseLegalSimplified") == "伍"


def test_new_files_carry_the_numbers_typed(numbered: Path, tmp_path: Path) -> None:
    """Typeset .docx and plain text leave the program without Word's lists: the numbers are typed."""
    od = api.open(numbered, checker=Checker(allow_list=AllowList()))
    od.export(tmp_path / "排版.docx")
    od.export(tmp_path / "纯文本.txt")
    typeset = [p.text for p in docx.Document(str(tmp_path / "排版.docx")).paragraphs]
    assert "一、总体要求" in typeset and "（二）落实巡护责任" in typeset and "1.严格野外用火审批。" in typeset
    text = (tmp_path / "纯文本.txt").read_text(encoding="utf-8").splitlines()
    assert "二、重点任务" in text and "2.加强巡山护林。" in text
    assert read_document(numbered).paragraphs[3].text == "总体要求"  # the opened file is untouched


def test_the_page_view_and_pdf_draw_the_numbers_before_the_text(numbered: Path) -> None:
    from gov_docs.gui.page_view import hit_test, locate
    from gov_docs.layout import layout_document

    doc = read_document(numbered)
    layout = layout_document(doc)
    lines = {ln.paragraph: ln for page in layout.pages for ln in page.lines if ln.kind == "text"}
    heading = next(i for i, p in enumerate(doc.paragraphs) if p.text == "落实巡护责任")
    line = lines[heading]
    assert line.text == "（二）落实巡护责任" and line.start == -3  # the number's characters are not text
    page, x, _top, _h = locate(layout, heading, 0)  # the cursor before 落 stands after the number
    assert x == line.char_positions()[3][1]
    assert hit_test(layout.pages[page], line.left + 1, line.top + 1) == (heading, 0)


def test_typed_sub_numbers_restart_under_auto_numbered_headings(tmp_path: Path) -> None:
    """A WPS file (a reviewer's pandoc reference document) numbers only its 一级标题 with a one-level list
    (一、 二、) and types "（一）" under each: the second "（一）" follows an auto-numbered "二、", so it
    is a first item, not a repeat."""
    single = f"""<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90">
      <w:multiLevelType w:val="singleLevel"/>
      <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/>
        <w:lvlText w:val="%1、"/><w:pPr><w:ind w:left="0" w:firstLine="616"/></w:pPr></w:lvl>
    </w:abstractNum>"""
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(single))
    numbering.append(parse_xml(_NUM))
    for text, auto in [("江北市人民政府办公室关于做好冬季森林防火工作的通知", False),
                       ("各区县人民政府，市政府各部门：", False),
                       ("严格管控野外火源", True), ("（一）强化入山管理。", False),
                       ("（二）规范生产用火。", False),
                       ("落实巡护值守责任", True), ("（一）加强巡山护林。", False),
                       ("（三）严格值班值守。", False),
                       ("江北市人民政府办公室", False), ("2026年11月22日", False)]:
        p = d.add_paragraph(text)
        if auto:
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
    path = tmp_path / "单级列表.docx"
    d.save(path)
    found = Checker(allow_list=AllowList()).check(read_document(path))
    sequence = [(f.paragraph, f.message) for f in found if f.rule_id == "structure.heading-sequence"]
    assert len(sequence) == 1 and "跳号" in sequence[0][1]  # only the typed （三） after （一）
    assert read_document(path).paragraphs[sequence[0][0]].text == "（三）严格值班值守。"
