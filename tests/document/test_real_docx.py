"""Real-style Word/WPS documents (tests/fixtures/real_docx): roles from the page, trustworthy 必错, safe
fixes.

The fixtures and their hand-written labels (labels.json) come from tests/fixtures/real_docx/make_fixtures.py.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import docx
import pytest

from benchmarks.real_docx import fingerprint, matches, norm  # the benchmark's own measures
from gov_docs import api
from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.checks.findings import Level
from gov_docs.document import DocumentReadError, Role, read_document
from gov_docs.paths import rules_dir

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "real_docx"
LABELS = json.loads((FIXTURES / "labels.json").read_text(encoding="utf-8"))
BY_FILE = {lab["file"]: lab for lab in LABELS}
KEY_ROLES = {"发文机关标志", "发文字号", "标题", "主送机关", "发文机关署名", "成文日期", "抄送", "印发"}


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(load_rules([rules_dir()]), allow_list=AllowList())


def test_the_set_has_thirty_documents_with_a_manifest() -> None:
    files = sorted(FIXTURES.glob("*.docx"))
    assert len(files) >= 30
    assert {f.name for f in files} == set(BY_FILE)
    manifest = (FIXTURES / "MANIFEST.tsv").read_text(encoding="utf-8")
    for f in files:
        assert f.name in manifest


@pytest.mark.parametrize("name", sorted(BY_FILE))
def test_roles_match_the_labels(name: str) -> None:
    doc = read_document(FIXTURES / name)
    labels = BY_FILE[name]["paragraphs"]
    want = [norm(p["text"]) for p in labels]
    while want and not want[-1]:
        want.pop()
    assert [norm(p.text) for p in doc.paragraphs] == want, "reader order differs from the labelled order"
    wrong = [(i, pl["role"], p.role.value, p.text[:20]) for i,
             (p, pl) in enumerate(zip(doc.paragraphs, labels,
                                                                                           strict=False))
             if pl["role"] != "空行" and pl["role"] in KEY_ROLES and p.role.value != pl["role"]]
    assert not wrong


@pytest.mark.parametrize("name", sorted(BY_FILE))
def test_every_error_is_a_labelled_true_error(name: str, checker: Checker) -> None:
    lab = BY_FILE[name]
    doc = read_document(FIXTURES / name)
    labels = [(i, e) for i, pl in enumerate(lab["paragraphs"]) for e in pl["errors"]]
    labels += [(-1, e) for e in lab.get("document_errors", [])]
    findings = checker.check(doc)
    false = [(f.paragraph, f.rule_id, f.message) for f in findings
             if f.level is Level.ERROR and not any(matches(f, e, i, doc) for i, e in labels)]
    assert not false
    missed = [(i, e["rule"]) for i, e in labels if not any(matches(f, e, i, doc) for f in findings)]
    assert not missed


@pytest.mark.parametrize("name", sorted(BY_FILE))
def test_fix_never_damages_and_reaches_a_fixed_point(name: str, checker: Checker, tmp_path: Path) -> None:
    """Fix through the api (as `gov-docs fix` and the GUI do), save, read back, check again."""
    src = FIXTURES / name
    before_doc = read_document(src)
    od = api.open(src, checker=checker)
    findings = od.check()
    od.fix(findings)
    out = tmp_path / name
    od.save(out)
    after_doc = read_document(out)
    assert len(after_doc.paragraphs) == len(before_doc.paragraphs)
    errored = {i for i, pl in enumerate(BY_FILE[name]["paragraphs"]) if pl["errors"]}
    for i, (a, b) in enumerate(zip(before_doc.paragraphs, after_doc.paragraphs, strict=True)):
        if i not in errored:
            assert fingerprint(a) == fingerprint(b), f"paragraph {i} changed without a labelled error"
        assert a.role is b.role or a.role_locked, f"paragraph {i} changed role after the fix"
    after = checker.check(after_doc)
    before = {(f.rule_id, f.paragraph) for f in findings if f.level is Level.ERROR}
    assert not [f for f in after if f.auto_fixable]
    assert not [f for f in after if f.level is Level.ERROR and (f.rule_id, f.paragraph) not in before]


def test_red_header_roles_come_from_the_page() -> None:
    doc = read_document(FIXTURES / "05_joint_table.docx")
    marks = [p.text for p in doc.paragraphs if p.role is Role.ISSUER_MARK]
    assert marks == ["江北市教育局", "江北市财政局", "江北市人力资源和社会保障局", "文件"]
    assert doc.title == "江北市教育局 江北市财政局 江北市人力资源和社会保障局关于做好2022年教师招聘工作的通知"
    tb = read_document(FIXTURES / "03_mark_in_textbox.docx")
    assert tb.paragraphs[0].role is Role.ISSUER_MARK and tb.paragraphs[0].container == "文本框"
    assert sum(p.text == "南江省教育厅文件" for p in tb.paragraphs) == 1  # the VML copy is not read again
    for p in doc.paragraphs:
        if p.role in (Role.ISSUER_MARK, Role.TITLE, Role.DOC_NUMBER):
            assert p.role_confidence >= 0.9


def test_table_cells_are_table_text_not_body(checker: Checker) -> None:
    doc = read_document(FIXTURES / "18_tables_in_body.docx")
    cells = [p for p in doc.paragraphs if p.container == "表格"]
    assert cells and all(p.role is Role.TABLE for p in cells)
    idx = {i for i, p in enumerate(doc.paragraphs) if p.role is Role.TABLE}
    assert not [f for f in checker.check(doc) if f.paragraph in idx and f.category.value == "format"]


def test_placeholders_are_one_warning_and_shift_nothing(checker: Checker) -> None:
    doc = read_document(FIXTURES / "10_template_placeholders.docx")
    assert doc.first(Role.DOC_NUMBER).text == "XX发〔20XX〕X号"
    assert doc.first(Role.DATE).text == "201X年X月XX日"
    findings = checker.check(doc)
    ph = [f for f in findings if f.rule_id == "format.unfilled-placeholders"]
    assert len(ph) == 1 and ph[0].level is Level.WARNING and "XX发〔20XX〕X号" in ph[0].message
    assert not [f for f in findings if f.level is Level.ERROR]


def test_font_strictness_setting(tmp_path: Path, monkeypatch) -> None:
    doc = read_document(FIXTURES / "16_font_variants.docx")
    monkeypatch.setenv("GOV_DOCS_CONFIG", str(tmp_path / "settings.toml"))
    standard = Checker(load_rules([rules_dir()]), allow_list=AllowList(), categories=["format"])
    assert not [f for f in standard.check(doc) if f.rule_id.endswith("-font")]
    (tmp_path / "settings.toml").write_text('[checks]\nfont_strictness = "strict"\n', encoding="utf-8")
    strict = Checker(load_rules([rules_dir()]), allow_list=AllowList(), categories=["format"])
    body = [f for f in strict.check(doc) if f.rule_id == "format.body-font"]
    assert body and "仿宋（仿宋_GB2312或同族字体）" in body[0].message and "方正仿宋_GBK" in body[0].message


def test_indent_is_fixed_in_the_paragraphs_own_size(checker: Checker, tmp_path: Path) -> None:
    """Body typed at 12 pt with a 24 pt (2-character) indent: after the fix, 16 pt and 2 characters (32
    pt).
    """
    od = api.open(FIXTURES / "25_size12_indent.docx", checker=checker)
    od.fix(od.check())
    od.save(tmp_path / "out.docx")
    doc = read_document(tmp_path / "out.docx")
    bodies = [p for p in doc.paragraphs if p.role is Role.BODY]
    assert bodies and all(p.size_pt == 16 and abs(p.first_line_indent_pt - 32) < 0.5 for p in bodies)


def test_a_run_in_heading_keeps_its_body_run(checker: Checker, tmp_path: Path) -> None:
    """A 一级标题 fix sets 黑体 on the heading's own run only, not on the body text that follows it."""
    src = tmp_path / "runin.docx"
    d = docx.Document()
    p = d.add_paragraph()
    for text, font in (("一、总体要求", "仿宋_GB2312"),
                       ("。各地要认真贯彻落实，确保各项工作落到实处。", "仿宋_GB2312")):
        r = p.add_run(text)
        r.font.size = docx.shared.Pt(16)
        r._r.get_or_add_rPr().get_or_add_rFonts().set(docx.oxml.ns.qn("w:eastAsia"), font)
    d.save(str(src))
    od = api.open(src, checker=checker)
    od.fix([f for f in od.check() if f.rule_id == "format.heading1-font"])
    od.save(tmp_path / "out.docx")
    runs = [r for r in read_document(tmp_path / "out.docx").paragraphs[0].runs if r.text.strip()]
    assert [r.font_east_asia for r in runs] == ["黑体", "仿宋_GB2312"]


def test_date_fix_takes_the_whole_date(checker: Checker) -> None:
    doc = read_document(FIXTURES / "17_punctuation_slips.docx")
    od = api.from_document(doc, checker=checker)
    od.fix([f for f in od.check() if f.rule_id == "number.date-leading-zero"])
    assert "平台将于7月1日上线试运行" in od.document.text
    assert not [f for f in checker.check(od.document) if f.rule_id == "number.date-leading-zero"]


def _rezip(src: Path, out: Path, part: str, change) -> Path:
    with zipfile.ZipFile(src) as zi, zipfile.ZipFile(out, "w") as zo:
        for it in zi.infolist():
            data = zi.read(it.filename)
            zo.writestr(it, change(data) if it.filename == part else data)
    return out


def test_broken_parts_are_named_in_words(tmp_path: Path) -> None:
    src = FIXTURES / "01_notice_red_border.docx"
    cases = [
        _rezip(src, tmp_path / "a.docx", "word/styles.xml", lambda d: d[:300]),
        _rezip(src, tmp_path / "b.docx", "word/document.xml", lambda d: d.replace(b"</w:body>", b"")),
        _rezip(src, tmp_path / "c.docx", "[Content_Types].xml",
               lambda d: d.replace(b"document.main+xml", b"styles+xml")),
    ]
    messages = []
    for path in cases:
        with pytest.raises(DocumentReadError) as err:
            read_document(path)
        messages.append(str(err.value))
    assert "样式表（word/styles.xml）已损坏" in messages[0]
    assert "正文（word/document.xml）已损坏" in messages[1]
    for m in messages:
        assert not re.search(r"[A-Z][a-z]+(Error|Exception)|lxml|_Element", m), m
        assert "另存为" in m


def test_a_binary_txt_is_refused(tmp_path: Path) -> None:
    late_nul = tmp_path / "late.txt"
    late_nul.write_bytes("正文内容。\n".encode() * 20000 + b"\x00\x01" * 100)
    noise = tmp_path / "noise.txt"
    noise.write_bytes(bytes(range(0x80, 0x100)) * 200)
    for path in (late_nul, noise):
        with pytest.raises(DocumentReadError, match="不是文本文件|无法识别文本编码"):
            read_document(path)
