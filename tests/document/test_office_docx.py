"""Word files written by an office suite (tests/fixtures/office_docx, LibreOffice Writer 7.4): roles, no
false 必错 from runs of digits and half-width marks, and fixes that keep the neighbours' fonts.

The suite splits runs by script: a run of digits or of a half-width mark carries only ``w:ascii``/``w:hAnsi``
and inherits the default style's East Asian font (Noto Serif CJK SC). Word draws such a run in its ascii
font, so its inherited East Asian font is no font error; and a ：fixed into such a run must be drawn in the
仿宋 of its neighbours, not in the inherited font.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from gov_docs import api
from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.checks.findings import Level
from gov_docs.document import Role, read_document
from gov_docs.paths import rules_dir

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "office_docx"

#: file → the true 必错, as (first words of the paragraph, rule): read by hand in LibreOffice.
ERRORS = {
    "lo01_notice.docx": {("各区县住房和城乡建设局", "format.addressee-colon"),
                         ("各单位要高度重视", "punctuation.halfwidth-comma")},
    "lo02_qingshi.docx": set(),
    "lo03_han.docx": set(),
    "lo04_report.docx": set(),
    "lo05_opinion.docx": set(),  # headings in the suite's Heading 1/2 styles, a table in the body
    # "（一）强化入山管理，压实卡口责任。": a 二级标题 in its style's 楷体 although its sentence has a comma
    "lo06_scheme.docx": set(),
}
#: file → the key roles, in order (and lo05's headings, which its styles format).
ROLES = {
    "lo01_notice.docx": [Role.ISSUER_MARK, Role.DOC_NUMBER, Role.TITLE, Role.ADDRESSEE, Role.ATTACHMENT_NOTE,
                         Role.SIGNATURE, Role.DATE, Role.CC, Role.PRINTER],
    "lo02_qingshi.docx": [Role.ISSUER_MARK, Role.DOC_NUMBER, Role.TITLE, Role.ADDRESSEE, Role.ATTACHMENT_NOTE,
                          Role.SIGNATURE, Role.DATE, Role.NOTE],
    "lo03_han.docx": [Role.ISSUER_MARK, Role.DOC_NUMBER, Role.TITLE, Role.ADDRESSEE, Role.SIGNATURE,
                      Role.DATE],
    "lo04_report.docx": [Role.TITLE, Role.ADDRESSEE, Role.SIGNATURE, Role.DATE],
    "lo05_opinion.docx": [Role.TITLE, Role.ADDRESSEE, Role.SIGNATURE, Role.DATE, Role.NOTE],
    "lo06_scheme.docx": [Role.TITLE, Role.ADDRESSEE, Role.SIGNATURE, Role.DATE],
}
KEY = {Role.ISSUER_MARK, Role.DOC_NUMBER, Role.TITLE, Role.ADDRESSEE, Role.ATTACHMENT_NOTE, Role.SIGNATURE,
       Role.DATE, Role.NOTE, Role.CC, Role.PRINTER}


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(load_rules([rules_dir()]), allow_list=AllowList())


def test_the_files_were_written_by_the_office_suite() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.docx")) == sorted(ERRORS)
    for name in ERRORS:
        with zipfile.ZipFile(FIXTURES / name) as z:
            assert "LibreOffice" in z.read("docProps/app.xml").decode()
            # the property the tests are about: runs with an ascii font only, in a 仿宋 paragraph (lo05 sets
            # and lo06 set their fonts in styles instead)
            if name not in ("lo05_opinion.docx", "lo06_scheme.docx"):
                assert 'w:ascii="仿宋_GB2312" w:hAnsi="仿宋_GB2312"/>' in z.read("word/document.xml").decode()


@pytest.mark.parametrize("name", sorted(ROLES))
def test_key_roles(name: str) -> None:
    doc = read_document(FIXTURES / name)
    assert [p.role for p in doc.paragraphs if p.role in KEY] == ROLES[name]


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_every_error_is_a_true_one(name: str, checker: Checker) -> None:
    doc = read_document(FIXTURES / name)
    errors = [(doc.paragraphs[f.paragraph].text, f.rule_id) for f in checker.check(doc)
              if f.level is Level.ERROR]

    def labelled(text: str, rule: str) -> bool:
        return any(text.startswith(start) and rule == want for start, want in ERRORS[name])

    assert [e for e in errors if not labelled(*e)] == [], "a 必错 the hand reading does not list"
    assert len(errors) == len(ERRORS[name]), "a listed 必错 missing, or reported twice"


def test_one_slip_is_one_finding(checker: Checker) -> None:
    # the half-width : after the 主送机关 breaks a format rule and a punctuation rule: shown once
    doc = read_document(FIXTURES / "lo01_notice.docx")
    at = [f for f in checker.check(doc) if doc.paragraphs[f.paragraph].role is Role.ADDRESSEE]
    assert [f.rule_id for f in at] == ["format.addressee-colon"]


def test_a_fixed_mark_is_drawn_in_its_neighbours_font(checker: Checker, tmp_path: Path) -> None:
    src = tmp_path / "notice.docx"
    shutil.copy(FIXTURES / "lo01_notice.docx", src)
    od = api.open(src, checker=checker)
    od.fix(od.check())
    out = tmp_path / "fixed.docx"
    od.save(out)
    doc = read_document(out)
    addressee = next(p for p in doc.paragraphs if p.role is Role.ADDRESSEE)
    assert addressee.text.endswith("：")
    assert {r.font_east_asia for r in addressee.runs if r.text.strip()} == {"仿宋_GB2312"}
    assert not [f for f in checker.check(doc) if f.level is Level.ERROR]
    # the 版头 is untouched: its size and colour are the clerk's
    before = next(p for p in read_document(src).paragraphs if p.role is Role.ISSUER_MARK)
    mark = next(p for p in doc.paragraphs if p.role is Role.ISSUER_MARK)
    assert [(r.size_pt, r.color, r.font_east_asia) for r in mark.runs] == \
        [(r.size_pt, r.color, r.font_east_asia) for r in before.runs] == [(48.0, "FF0000", "方正小标宋简体")]


def test_headings_formatted_by_their_styles_are_read() -> None:
    doc = read_document(FIXTURES / "lo05_opinion.docx")
    levels = [(p.role, p.text[:4]) for p in doc.paragraphs if p.role in (Role.HEADING1, Role.HEADING2)]
    assert levels == [(Role.HEADING1, "一、总体"), (Role.HEADING1, "二、重点"), (Role.HEADING2, "（一）实"),
                      (Role.HEADING2, "（二）加"), (Role.HEADING1, "三、保障")]


def test_a_heading_in_its_level_font_is_a_heading_whatever_its_sentence() -> None:
    """"（一）强化入山管理，压实卡口责任。" has a comma, which alone would make it a numbered body item; its
    楷体 (the 二级标题's font, here from the Heading 2 style) says it is a heading. "（三）县林业局会同……" in
    仿宋 stays a body item."""
    doc = read_document(FIXTURES / "lo06_scheme.docx")
    roles = {p.text[:5]: p.role for p in doc.paragraphs}
    assert roles["（一）强化"] is Role.HEADING2 and roles["（二）规范"] is Role.HEADING2
    assert roles["（三）县林"] is Role.BODY
