"""Fixes written as Word revisions (修订): accepting every revision gives exactly what a plain fix gives."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.shared import Mm, Pt
from lxml import etree

from gov_docs import api
from gov_docs.document import read_document
from gov_docs.document.docx_edit import save_docx
from gov_docs.document.docx_reader import W_NS as _W
from gov_docs.document.docx_writer import build_docx
from gov_docs.document.revisions import AUTHOR, accept_all, content_signature, revision_count
from gov_docs.document.txt_reader import read_txt

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "data" / "gov_corpus"
REAL_DOCX = ROOT / "tests" / "fixtures" / "real_docx"

ERRORS = [("，", ","), ("严厉", "严历"), ("年7月", "年07月")]


def _typeset_with_errors(tmp: Path, name: str) -> Path:
    """A corpus document typeset by our writer, with a few punctuation, typo and date errors put in."""
    text = (CORPUS / name).read_text(encoding="utf-8")
    for right, wrong in ERRORS:
        text = text.replace(right, wrong, 2)
    src = tmp / f"{Path(name).stem}.txt"
    src.write_text(text, encoding="utf-8")
    out = tmp / f"{Path(name).stem}.docx"
    save_docx(build_docx(read_txt(src)), out)
    return out


def _typed_into_word(tmp: Path) -> Path:
    """A document typed into Word without styles: 宋体 12 pt, Word's default margins, errors in the text."""
    d = docx.Document()
    s = d.sections[0]
    s.page_width, s.page_height, s.left_margin = Mm(210), Mm(297), Mm(20)
    lines = ["关于做好冬季森林防火工作的通知", "各省、自治区、直辖市人民政府：",
             "为了做好冬季森林防火工作,现将有关事项通知如下:", "一、加强火源管控",
             "各地要在2021年07月01日前完成排查，坚持严历打击，再接再励。", "国务院办公厅", "2021年7月1日"]
    for text in lines:
        r = d.add_paragraph().add_run(text)
        r.font.size = Pt(12)
        r._r.get_or_add_rPr().get_or_add_rFonts().set(_W + "eastAsia", "宋体")
    out = tmp / "typed.docx"
    d.save(out)
    return out


def _fixtures(tmp: Path) -> list[Path]:
    files = [_typed_into_word(tmp)] + [_typeset_with_errors(tmp, n) for n in ("g0250.txt", "g0001.txt")]
    files += sorted(REAL_DOCX.glob("*.docx")) if REAL_DOCX.is_dir() else []
    return files


def _fix_both(src: Path, tmp: Path):
    """Fix ``src`` through the api twice: saved plainly, and saved as revisions; return both and what was
    fixed.
    """
    plain_doc = api.open(src)
    done_plain = plain_doc.fix(plain_doc.check())
    plain = plain_doc.save(tmp / f"{src.stem}.fixed.docx")
    tracked_doc = api.open(src)
    done_tracked = tracked_doc.fix(tracked_doc.check())
    tracked = tracked_doc.save(tmp / f"{src.stem}.tracked.docx", track_changes=True)
    return plain, done_plain, tracked, done_tracked


def test_accepting_every_revision_gives_the_plain_fix(tmp_path):
    fixtures = _fixtures(tmp_path)
    assert len(fixtures) >= 3
    changed = 0
    for src in fixtures:
        plain, done_plain, tracked, done_tracked = _fix_both(src, tmp_path)
        assert [f.rule_id for f in done_tracked] == [f.rule_id for f in done_plain], src.name
        reopened = docx.Document(str(tracked))  # python-docx opens it
        if done_tracked:
            changed += 1
            assert revision_count(reopened.element.body) >= 1
            comments = "\n".join(c.text for c in reopened.comments)
            assert all(f.message in comments for f in done_tracked), src.name
        accept_all(reopened.element.body)
        assert content_signature(reopened.element.body) == content_signature(
            docx.Document(str(plain)).element.body), \
            src.name
    assert changed >= 3


def test_revisions_carry_author_date_and_the_finding_as_comment(tmp_path):
    src = _typed_into_word(tmp_path)
    _, _, tracked, done = _fix_both(src, tmp_path)
    d = docx.Document(str(tracked))
    body = d.element.body
    dels = list(body.iter(_W + "del"))
    inss = list(body.iter(_W + "ins"))
    rpr_changes = list(body.iter(_W + "rPrChange"))
    assert dels and inss and rpr_changes and list(body.iter(_W + "sectPrChange"))
    for el in dels + inss + rpr_changes:
        assert el.get(_W + "author") == AUTHOR
        assert el.get(_W + "date", "").endswith("Z")
    ids = [el.get(_W + "id")
           for el in body.iter(_W + "ins", _W + "del", _W + "rPrChange", _W + "sectPrChange")]
    assert len(ids) == len(set(ids))
    # The deleted text is kept as w:delText; the reader sees the accepted text.
    deleted = "".join(t.text for t in body.iter(_W + "delText"))
    assert "," in deleted and "励" in deleted
    text = read_document(tracked).text
    assert "再接再厉" in text and "2021年7月1日前" in text and "," not in text
    messages = [c.text for c in d.comments]
    assert any("再接再励" in m for m in messages)
    assert all(m.startswith("【必错") for m in messages)
    assert all(c.author == AUTHOR for c in d.comments)
    # Formatting: the previous run properties are recorded (宋体 12 pt) under the new ones.
    old = rpr_changes[0].find(_W + "rPr")
    assert old.find(_W + "rFonts").get(_W + "eastAsia") == "宋体"


def _with_foreign_revisions(tmp: Path) -> Path:
    """A document where a reviewer already inserted and deleted text (tracked, author 李科长)."""
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("各地要严历打击违法行为,")
    xml = (f'<w:ins xmlns:w="{_W[1:-1]}" w:id="7" w:author="李科长" w:date="2026-11-30T09:00:00Z">'
           '<w:r><w:t>切实加强组织领导</w:t></w:r></w:ins>'
           f'<w:del xmlns:w="{_W[1:-1]}" w:id="8" w:author="李科长" w:date="2026-11-30T09:00:00Z">'
           '<w:r><w:delText>认真研究</w:delText></w:r></w:del>')
    for el in etree.fromstring(f"<root>{xml}</root>".replace("<root>", f'<root xmlns:w="{_W[1:-1]}">')):
        p._p.append(el)
    p.add_run("。")
    out = tmp / "reviewed.docx"
    d.save(out)
    return out


@pytest.mark.parametrize("tracked", [False, True])
def test_existing_revisions_are_checked_accepted_and_kept(tmp_path, tracked):
    src = _with_foreign_revisions(tmp_path)
    doc = read_document(src)
    assert doc.paragraphs[0].text == "各地要严历打击违法行为,切实加强组织领导。"
    plain, _, tracked_out, done = _fix_both(src, tmp_path)
    out = tracked_out if tracked else plain
    body = docx.Document(str(out)).element.body
    foreign = [el for el in body.iter(_W + "ins", _W + "del") if el.get(_W + "author") == "李科长"]
    assert len(foreign) == 2
    assert "".join(t.text for t in foreign[1].iter(_W + "delText")) == "认真研究"
    assert "".join(t.text for t in foreign[0].iter(_W + "t")) == "切实加强组织领导"
    assert done
    assert read_document(out).paragraphs[0].text == "各地要严厉打击违法行为，切实加强组织领导。"


def test_accept_all_merges_a_paragraph_whose_mark_was_deleted(tmp_path):
    d = docx.Document()
    d.add_paragraph("第一段")
    d.add_paragraph("第二段")
    ppr = d.paragraphs[0]._p.get_or_add_pPr()
    rpr = etree.SubElement(ppr, _W + "rPr")
    etree.SubElement(rpr, _W + "del",
                     {_W + "id": "1", _W + "author": "x", _W + "date": "2026-01-01T00:00:00Z"})
    assert accept_all(d.element.body) == 1
    assert [p.text for p in d.paragraphs] == ["第一段第二段"]


def test_a_clerks_own_edits_saved_as_revisions(tmp_path):
    """Typed changes, a new line and a removed line become an insertion, a deletion and an edit in Word."""
    src = _typed_into_word(tmp_path)

    def edited():
        od = api.open(src)
        od.replace(1, 0, 2, "各市")  # 各省 → 各市
        items = [(p.uid, p.text) for p in od.document.paragraphs]
        items.insert(4, (None, "二、落实巡护责任"))
        del items[6]  # 国务院办公厅
        assert od.set_paragraphs(items)
        return od

    od = edited()
    expected = [p.text for p in od.document.paragraphs]
    out = od.save(tmp_path / "edited.docx", track_changes=True, author="王科员")
    d = docx.Document(str(out))
    body = d.element.body
    authors = {el.get(_W + "author") for el in body.iter(_W + "ins", _W + "del")}
    assert authors == {"王科员"}
    assert len(list(d.comments)) == 0  # no automatic fix, nothing to explain
    # The reader sees the edited document; accepting every revision gives it too.
    assert [p.text for p in read_document(out).paragraphs] == expected
    accept_all(body)
    assert [p.text for p in d.paragraphs] == expected
    plain_out = edited().save(tmp_path / "edited.plain.docx")
    assert content_signature(body) == content_signature(docx.Document(str(plain_out)).element.body)


def _cli(*args: str, home: Path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "GOV_DOCS_HOME": str(home), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "gov_docs.cli", *args], capture_output=True, text=True,
                          env=env,
                          cwd=ROOT, timeout=300)


def test_cli_fix_track_changes_and_check_says_it_read_revisions(tmp_path):
    src = _typed_into_word(tmp_path)
    out = tmp_path / "out.docx"
    res = _cli("fix", str(src), "-o", str(out), "--track-changes", home=tmp_path / "home")
    assert res.returncode == 0, res.stderr
    body = docx.Document(str(out)).element.body
    assert revision_count(body) > 0
    checked = _cli("check", str(out), home=tmp_path / "home")
    assert "修订" in checked.stderr and "接受全部修订" in checked.stderr
    assert "必错 0，" in checked.stdout  # nothing auto-fixable is left in the accepted document
    txt = tmp_path / "a.txt"
    txt.write_text("关于做好工作的通知\n", encoding="utf-8")
    refused = _cli("fix", str(txt), "-o", str(tmp_path / "a.docx"), "--track-changes", home=tmp_path / "home")
    assert (refused.returncode == 2 and "只适用于 Word 文档" in refused.stderr
            and "Traceback" not in refused.stderr)
