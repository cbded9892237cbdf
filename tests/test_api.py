"""gov_docs.api on real .docx files: the CLI and the api agree, saving writes back into the original
package and changes nothing else, failed saves keep the edits, roles travel with paragraphs."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from gov_docs import api
from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.cli import main
from gov_docs.document import DocumentWriteError, Role
from gov_docs.errors import GovDocsError
from tests.docx_cases import TEXT, build_all

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def cases(tmp_path_factory) -> dict[str, Path]:
    return build_all(tmp_path_factory.mktemp("cases"))


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(load_rules([ROOT / "rules"]), allow_list=AllowList())


def _key(f) -> tuple:
    return (f.rule_id, f.paragraph, f.start, f.end, f.matched)


def test_the_cli_prints_what_the_api_finds(cases, capsys) -> None:
    assert len(cases) >= 10
    code = main(["check", "--format", "json", "--rules", str(ROOT / "rules"), *map(str, cases.values())])
    assert code in (0, 1)
    by_path = {r["path"]: r["findings"] for r in json.loads(capsys.readouterr().out)["files"]}
    checker = Checker(load_rules([ROOT / "rules"]), allow_list=AllowList())
    for path in cases.values():
        got = {(f.rule_id, f.paragraph, f.start, f.end, f.matched)
               for f in api.open(path, checker=checker).check()}
        cli = {(f["rule_id"], f["paragraph"], f["start"], f["end"], f["matched"]) for f in by_path[str(path)]}
        assert got == cli, path.name
    wrong = {f.rule_id for f in api.open(cases["wrong_fonts_margins"], checker=checker).check()}
    assert any(r.startswith("format.") for r in wrong)  # format findings come through the api


def _snapshot(path: Path) -> dict:
    """Everything python-docx can tell about a file: paragraphs, runs, tables, header/footer, sections."""
    import docx
    from lxml import etree

    d = docx.Document(str(path))

    def runs(p):
        return [(r.text, r.bold, r.italic, r.font.size, r.font.name,
                 r.font.color.rgb if r.font.color.type else None,
                 r._r.rPr.xml if r._r.rPr is not None else "") for r in p.runs]

    return {
        "paragraphs": [(p.text, p.style.name, p.alignment, runs(p)) for p in d.paragraphs],
        "tables": [[[c.text for c in row.cells] for row in t.rows] for t in d.tables],
        "headers": [(s.header.paragraphs[0].text, s.footer.paragraphs[0].text) for s in d.sections],
        "sections": [
            (s.page_width, s.page_height, s.top_margin, s.bottom_margin, s.left_margin, s.right_margin,
                      s.orientation) for s in d.sections],
        "textboxes": [etree.tostring(el) for el in d.element.body.iter(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}txbxContent")],
    }


def test_round_trip_edits_one_word_and_nothing_else(cases, checker, tmp_path) -> None:
    path = shutil.copy(cases["mixed"], tmp_path / "mine.docx")
    before = _snapshot(path)
    od = api.open(path, checker=checker)
    assert "表格 1 个" in od.unshown and "文本框 1 个" in od.unshown and "页眉/页脚" in od.unshown
    i = next(k for k, p in enumerate(od.document.paragraphs) if p.text.startswith("请及时"))
    od.replace(i, 3, 5, "安装")
    assert od.modified
    assert od.save() == path and not od.modified
    after = _snapshot(path)
    for key in ("tables", "headers", "sections", "textboxes"):
        assert after[key] == before[key], key
    changed = [k for k,
               (a, b) in enumerate(zip(before["paragraphs"], after["paragraphs"], strict=True)) if a != b]
    assert len(changed) == 1
    edited = after["paragraphs"][changed[0]]
    assert edited[0] == "请及时安装设备,务必要再接再励。"
    # the bold word and the italic run kept their formatting
    assert ("务必", True) in [(r[0], r[1]) for r in edited[3]]
    assert any(r[0].endswith("要再接再励。") and r[2] is True for r in edited[3])


def test_fix_writes_text_and_format_fixes_into_the_original_package(cases, checker, tmp_path) -> None:
    path = shutil.copy(cases["wrong_fonts_margins"], tmp_path / "w.docx")
    od = api.open(path, checker=checker)
    before = od.check()
    applied = od.fix(before)
    assert any(f.rule_id.startswith("format.") for f in applied) and any(f.matched == "按装" for f in applied)
    od.save(tmp_path / "fixed.docx")
    again = api.open(tmp_path / "fixed.docx", checker=checker).check()
    assert {_key(f) for f in applied} & {_key(f) for f in again} == set()
    assert "安装" in api.open(tmp_path / "fixed.docx").document.text


def test_new_and_deleted_paragraphs_are_written_in_place(cases, checker, tmp_path) -> None:
    import docx

    path = shutil.copy(cases["table"], tmp_path / "t.docx")
    od = api.open(path, checker=checker)
    paras = od.document.paragraphs
    items = [(p.uid, p.text) for p in paras]
    items.insert(1, (None, "（新增一行）"))
    del items[3]  # the body paragraph after the addressee
    assert od.set_paragraphs(items)
    od.save()
    d = docx.Document(str(path))
    texts = [p.text for p in d.paragraphs]
    assert texts[1] == "（新增一行）" and "请及时按装设备,要再接再励。" not in texts
    assert [[c.text for c in r.cells] for r in d.tables[0].rows] == [["单位", "数量"], ["一局", "3"]]


def test_roles_travel_with_paragraphs_when_lines_are_inserted_and_deleted(checker) -> None:
    od = api.from_text(TEXT, checker=checker)
    target = next(i for i, p in enumerate(od.document.paragraphs) if p.text.startswith("各单位要在"))
    od.set_role(target, Role.NOTE)
    uid = od.document.paragraphs[target].uid
    items = [(p.uid, p.text) for p in od.document.paragraphs]
    od.set_paragraphs([items[0], (None, "插入的第一行"), (None, "插入的第二行"), *items[1:]])
    i = od.document.index_of_id(uid)
    assert i == target + 2 and od.document.paragraphs[i].role is Role.NOTE
    items = [(p.uid, p.text) for p in od.document.paragraphs]
    del items[1:4]
    od.set_paragraphs(items)
    i = od.document.index_of_id(uid)
    assert (i == target - 1 and od.document.paragraphs[i].role is Role.NOTE
            and od.document.paragraphs[i].role_locked)


def test_a_failed_save_says_why_and_keeps_the_edits(cases, checker, tmp_path) -> None:
    path = shutil.copy(cases["formatted"], tmp_path / "ro.docx")
    original = path.read_bytes()
    od = api.open(path, checker=checker)
    od.replace(1, 0, 0, "各")
    os.chmod(path, stat.S_IREAD)
    try:
        with pytest.raises(DocumentWriteError, match="只读"):
            od.save()
    finally:
        os.chmod(path, stat.S_IREAD | stat.S_IWRITE)
    assert path.read_bytes() == original and od.modified and od.document.paragraphs[1].text.startswith("各各")
    lock = tmp_path / "~$ro.docx"
    lock.write_bytes(b"owner")
    with pytest.raises(DocumentWriteError, match="WPS"):
        od.save()
    lock.unlink()
    assert od.save() == path and not od.modified


def test_untitled_documents_need_a_path_and_drafts_are_never_bound(checker, tmp_path) -> None:
    od = api.from_text(TEXT, checker=checker)
    assert od.path is None and od.modified
    with pytest.raises(GovDocsError, match="未命名"):
        od.save()
    out = od.save(tmp_path / "new.docx")  # typeset per GB/T 9704, then bound to the new file
    assert od.path == out and od.is_docx
    od.replace(1, 0, 0, "各")
    od.save()
    assert api.open(out).document.paragraphs[1].text.startswith("各各区县")


def test_typeset_and_export_never_overwrite_the_open_file(cases, checker, tmp_path) -> None:
    path = shutil.copy(cases["table"], tmp_path / "a.docx")
    od = api.open(path, checker=checker)
    with pytest.raises(DocumentWriteError):
        od.typeset(path)
    assert any("表格" in line for line in od.typeset_changes())
    od.export(tmp_path / "a.html")
    assert "按装" in (tmp_path / "a.html").read_text(encoding="utf-8")
    assert od.annotate(tmp_path / "a.批注.docx") >= 2


def test_a_check_job_returns_switch_offs_as_data(tmp_path) -> None:
    shutil.copytree(ROOT / "tests" / "fixtures" / "rules_ok" / "typo", tmp_path / "typo")
    checker = Checker(load_rules([tmp_path]), allow_list=AllowList())
    rule = checker.rules[0]
    rule.kind.check_paragraph = lambda *a: (_ for _ in ()).throw(RuntimeError("坏规则"))
    od = api.from_text(TEXT, checker=checker)
    job = od.check_job(full=True)
    run = job.run()
    assert rule.id in run.switched_off and not checker.switched_off  # nothing shared changed in the job
    new = od.accept(job, run)
    assert rule.id in checker.switched_off and any("坏规则" in w for w in new)


def test_the_example_in_docs_api_md_runs(tmp_path, monkeypatch, capsys) -> None:
    import re

    code = re.search(r"```python\n(.*?)```", (ROOT / "docs" / "api.md").read_text(encoding="utf-8"),
                     re.S).group(1)
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "docs/api.md", "exec"), {})
    out = capsys.readouterr().out
    assert "['表格 1 个']" in out and "处已修改" in out
    assert (tmp_path / "例.批注.docx").exists() and (tmp_path / "例.报告.html").exists()
    assert "各市县" in api.open(tmp_path / "例.docx").document.text


REAL_DOCX = sorted((ROOT / "tests" / "fixtures" / "real_docx").glob("*.docx"))


@pytest.mark.parametrize("path", REAL_DOCX, ids=lambda p: p.stem)
def test_real_style_files_edit_one_word_and_keep_everything_else(path: Path, checker, tmp_path) -> None:
    """On the hand-labelled real-style set: change one character of a body paragraph, save, compare."""
    import docx
    from lxml import etree

    from gov_docs.document.docx_edit import paragraph_elements

    mine = shutil.copy(path, tmp_path / path.name)
    before_pkg = docx.Document(str(mine))
    before = [etree.tostring(el) for el in paragraph_elements(before_pkg)]
    before_rest = _snapshot(mine)
    od = api.open(mine, checker=checker)
    editable = [i for i, p in enumerate(od.document.paragraphs)
                if not od.is_protected(i) and any("\u4e00" <= ch <= "\u9fff" for ch in p.text)]
    body = [i for i in editable if od.document.paragraphs[i].role is Role.BODY]
    target = (body or editable)[0]
    text = od.document.paragraphs[target].text
    k = next(j for j, ch in enumerate(text) if "\u4e00" <= ch <= "\u9fff")
    od.replace(target, k, k + 1, "〇")
    od.save()
    after_pkg = docx.Document(str(mine))
    after = [etree.tostring(el) for el in paragraph_elements(after_pkg)]
    assert len(after) == len(before)
    changed = [j for j, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert len(changed) == 1
    reread = api.open(mine)
    assert reread.document.paragraphs[target].text == text[:k] + "〇" + text[k + 1:]
    after_rest = _snapshot(mine)
    for key in ("tables", "headers", "sections", "textboxes"):
        assert after_rest[key] == before_rest[key], key


def test_every_real_style_file_can_be_typeset_into_a_new_file(checker, tmp_path) -> None:
    """按 GB/T 9704 重新排版 on every real-style file (tables, text boxes, 版记 tables) writes a readable
    .docx.
    """
    for path in REAL_DOCX:
        od = api.open(path, checker=checker)
        out = od.typeset(tmp_path / f"{path.stem}.排版.docx")

        def han(text: str) -> int:
            return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")

        kept = han("".join(p.text for i, p in enumerate(od.document.paragraphs) if not od.is_protected(i)))
        assert han(api.open(out).document.text) >= 0.9 * kept, path.name  # the text arrives in the new file


def test_a_file_changed_by_another_program_is_noticed(cases, checker, tmp_path) -> None:
    path = shutil.copy(cases["formatted"], tmp_path / "shared.docx")
    od = api.open(path, checker=checker)
    assert not od.changed_on_disk()
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5_000_000_000))
    assert od.changed_on_disk()
    od.save()
    assert not od.changed_on_disk()


def test_after_a_quick_first_pass_the_next_check_is_a_full_one(checker) -> None:
    """The window shows the quick rules' findings first; they must not count as a complete check."""
    from dataclasses import replace as dc_replace

    od = api.from_text(TEXT, checker=checker)
    quick = dc_replace(od.check_job(full=True), light_only=True)
    od.accept(quick, quick.run())
    od.replace(2, 0, 0, "请")
    assert od.check_job().changed is None  # every paragraph goes through the heavy rules too
    job = od.check_job()
    od.accept(job, job.run())
    od.replace(2, 0, 1, "")
    assert od.check_job().changed == [2]


def test_tracked_save_keeps_the_revision_mode_until_turned_off(tmp_path):
    """Once saved with 修订, later saves are revisions too (as in Word) until track_changes=False."""
    import docx

    from gov_docs.document import read_document
    from gov_docs.document.revisions import revision_count

    src = ROOT / "tests" / "fixtures" / "real_docx" / "17_punctuation_slips.docx"
    od = api.open(src)
    texts = [p.text for p in od.document.paragraphs]
    first, second, third = [i for i, t in enumerate(texts) if len(t) > 20][:3]
    od.replace(first, 0, 2, "测试")
    out = od.save(tmp_path / "修订.docx", track_changes=True)
    counted = revision_count(docx.Document(str(out)).element.body)
    assert od.track_changes and counted > 0
    od.replace(second, 0, 2, "再改")
    od.save()
    counted_again = revision_count(docx.Document(str(out)).element.body)
    assert counted_again > counted
    od.replace(third, 0, 2, "三改")
    od.save(track_changes=False)
    assert not od.track_changes
    assert revision_count(docx.Document(str(out)).element.body) == counted_again
    assert read_document(out).paragraphs[third].text.startswith("三改")


def test_opening_a_docx_parses_it_once_and_annotate_once_more(tmp_path, monkeypatch):
    """The reader's parse is the one the edits bind to; annotating renders one fresh copy (issue 21)."""
    import docx

    from gov_docs.document import read_document

    real = docx.Document
    calls = []

    def counting(*args, **kwargs):
        calls.append(args[0] if args else None)
        return real(*args, **kwargs)

    monkeypatch.setattr(docx, "Document", counting)
    src = ROOT / "tests" / "fixtures" / "real_docx" / "17_punctuation_slips.docx"
    od = api.open(src)
    assert len(calls) == 1
    assert od.document.paragraphs and od.document.source_format == "docx"
    n = od.annotate(tmp_path / "批注.docx")
    assert len(calls) == 2 and n > 0
    # the bound package is the file's: a fix written back leaves every other paragraph as it was
    before = [p.text for p in od.document.paragraphs]
    fixed = od.fix()
    out = od.save(tmp_path / "改.docx")
    after = [p.text for p in read_document(out).paragraphs]
    assert fixed and len(after) == len(before)
    assert sum(a != b for a, b in zip(after, before, strict=True)) == len({f.paragraph for f in fixed})
