"""Format rules on real .docx files: our GB/T 9704 output is clean, a plain Word default is not, and fix
repairs it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
from docx.shared import Pt

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.document import read_document, write_docx

ROOT = Path(__file__).resolve().parent.parent.parent


def _format_checker() -> Checker:
    return Checker(load_rules([ROOT / "rules"]), allow_list=AllowList(), categories=["format"])


def test_our_typesetting_passes_every_format_rule(tmp_path: Path, corpus_dir: Path) -> None:
    checker = _format_checker()
    for name in ("g0250.txt", "g0001.txt", "g0420.txt", "g0155.txt"):
        doc = read_document(write_docx(read_document(corpus_dir / name), tmp_path / "o.docx"))
        found = [f for f in checker.check(doc) if f.scope != "text"]
        assert found == [], (name, [(f.rule_id, f.message) for f in found])


def _plain_word_file(path: Path) -> Path:
    d = docx.Document()  # US Letter, theme fonts, 11 pt
    d.add_paragraph("某某市人民政府关于开展安全检查的通知")
    d.add_paragraph("各区县人民政府：")
    p = d.add_paragraph("一、检查范围")
    p.runs[0].font.size = Pt(16)
    d.add_paragraph("全市各行业领域生产经营单位，重点是危险化学品。")
    d.save(path)
    return path


def test_a_plain_word_file_is_flagged_and_fix_repairs_it(tmp_path: Path) -> None:
    src = _plain_word_file(tmp_path / "plain.docx")
    ids = {f.rule_id for f in _format_checker().check(read_document(src))}
    assert {"format.page-size", "format.page-margins", "format.title-font", "format.body-font",
            "format.heading1-font"} <= ids
    out = tmp_path / "fixed.docx"
    res = subprocess.run([sys.executable, "-m", "gov_docs.cli", "fix", str(src), "-o", str(out)],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert res.returncode == 0, res.stderr
    after = {f.rule_id for f in _format_checker().check(read_document(out))}
    assert not after & {"format.page-size", "format.page-margins", "format.title-font", "format.body-font",
                        "format.heading1-font"}, after
    s = docx.Document(str(out)).sections[0]
    assert (round(s.page_width.mm), round(s.top_margin.mm), round(s.left_margin.mm)) == (210, 37, 28)


def test_a_footer_page_number_in_another_form_is_a_hint(tmp_path: Path) -> None:
    """Our own output reads "— N —" (the test above finds nothing); a 第1页 footer is reported once, as
    疑似 without a fix."""
    from docx.oxml import parse_xml

    src = _plain_word_file(tmp_path / "plain.docx")
    d = docx.Document(str(src))
    p = d.sections[0].footer.paragraphs[0]._p
    for el in parse_xml('<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                        '<w:r><w:t>第</w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r>'
                        '</w:fldSimple><w:r><w:t>页</w:t></w:r></w:p>'):
        p.append(el)
    d.save(str(src))
    found = [f for f in _format_checker().check(read_document(src)) if f.rule_id == "format.page-number"]
    assert len(found) == 1 and found[0].level.name == "WARNING" and not found[0].auto_fixable
    assert "第1页" in found[0].message and "— 1 —" in found[0].message
