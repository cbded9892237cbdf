"""The desktop app on real .docx files: the same findings as the CLI, edits written back into the original
file, protected tables, and no sequence of actions that loses an edit or overwrites another file."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.cli import main
from gov_docs.gui.main_window import MainWindow
from gov_docs.llm.backends import FakeBackend
from tests.docx_cases import build_all
from tests.gui.helpers import CHECK_TIMEOUT_MS
from tests.test_api import _snapshot

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def cases(tmp_path_factory) -> dict[str, Path]:
    return build_all(tmp_path_factory.mktemp("gui-cases"))


@pytest.fixture
def window(qtbot):
    w = MainWindow(checker=Checker(load_rules([ROOT / "rules"]), allow_list=AllowList()),
                   backend_factory=FakeBackend, ask_restore=False)
    qtbot.addWidget(w)
    w.show()
    return w


@pytest.fixture
def dialogs(monkeypatch):
    """Record warning dialogs instead of showing them."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    return shown


def _checked(qtbot, window) -> None:
    """Wait until the newest check has been taken in."""
    window.start_check(full=True)
    job = window.latest_check
    qtbot.waitUntil(lambda: window.checks.shown >= job and window.checks.shown == window.checks.latest
                    # the first check loads the typo data
                    and not window.check_timer.isActive(), timeout=90000)


def _key(f) -> tuple:
    return (f.rule_id, f.paragraph, f.start, f.end, f.matched)


def test_gui_and_cli_give_the_same_findings(qtbot, window, cases, capsys) -> None:
    """Our eleven cases and the real-style set of tests/fixtures/real_docx: the window shows what check
    prints.
    """
    files = [*cases.values(), *sorted((ROOT / "tests" / "fixtures" / "real_docx").glob("*.docx"))]
    assert len(files) >= 40
    main(["check", "--format", "json", "--rules", str(ROOT / "rules"), *map(str, files)])
    cli = {
        r["path"]: {(f["rule_id"], f["paragraph"], f["start"], f["end"], f["matched"]) for f in r["findings"]}
           for r in json.loads(capsys.readouterr().out)["files"]}
    formats = 0
    for path in files:
        assert window.open_path(path)
        _checked(qtbot, window)
        assert {_key(f) for f in window.findings} == cli[str(path)], path.name
        assert window.findings_panel.findings == window.findings
        formats += sum(1 for f in window.findings if f.category.value == "format")
    assert formats > 20  # format findings reach the window too


def test_edit_one_word_save_and_everything_else_is_unchanged(qtbot, window, cases, tmp_path) -> None:
    path = shutil.copy(cases["mixed"], tmp_path / "mine.docx")
    before = _snapshot(path)
    assert window.open_path(path)
    assert (window.info_bar.isVisible() and "表格 1 个" in window.info_bar.text()
            and "文本框" in window.info_bar.text())
    n = next(i for i, t in enumerate(window.editor.paragraph_texts()) if t.startswith("请及时"))
    window.editor.span_cursor(n, 3, 5).insertText("安装")
    assert window.isWindowModified() and "[*]" in window.windowTitle()
    assert window.save() and not window.isWindowModified()
    after = _snapshot(path)
    for key in ("tables", "headers", "sections", "textboxes"):
        assert after[key] == before[key], key
    diff = [k for k,
            (a, b) in enumerate(zip(before["paragraphs"], after["paragraphs"], strict=True)) if a != b]
    assert len(diff) == 1 and after["paragraphs"][diff[0]][0] == "请及时安装设备,务必要再接再励。"
    assert ("务必", True) in [(r[0], r[1]) for r in after["paragraphs"][diff[0]][3]]


def test_runs_show_their_fonts_sizes_and_bold(qtbot, window, cases) -> None:
    assert window.open_path(cases["mixed"])
    block = window.editor.document().findBlockByNumber(0)
    fmts = block.layout().formats()
    assert fmts and any(f.format.fontWeight() >= 700 for f in fmts)  # the bold title
    assert any("方正小标宋简体" in f.format.fontFamilies() for f in fmts if f.format.fontFamilies())


def test_table_text_is_protected(qtbot, window, cases, tmp_path) -> None:
    path = shutil.copy(cases["table"], tmp_path / "t.docx")
    assert window.open_path(path)
    texts = window.editor.paragraph_texts()
    n = texts.index("一局")
    cur = window.editor.span_cursor(n, 1, 1)
    window.editor.setTextCursor(cur)
    qtbot.keyClicks(window.editor, "x")
    qtbot.keyClick(window.editor, Qt.Key.Key_Backspace)
    assert window.editor.paragraph_texts()[n] == "一局"
    assert "只读" in window.statusBar().currentMessage()
    window.find_bar.show_replace()
    window.find_bar.find_edit.setText("一")
    window.find_bar.replace_edit.setText("壹")
    window.find_bar.replace_all()
    assert window.editor.paragraph_texts()[n] == "一局"  # replace all skips the table
    assert "一、工作要求" not in window.editor.toPlainText()  # but not the text around it


def test_a_finished_draft_is_a_new_untitled_document(qtbot, window, cases, tmp_path, monkeypatch) -> None:
    path = shutil.copy(cases["formatted"], tmp_path / "批复.docx")
    original = path.read_bytes()
    assert window.open_path(path)
    p = window.draft_panel
    p.title.setText("某某市人民政府办公室关于开展冬季消防安全检查的通知")
    p.points.setPlainText("检查范围")
    p.to.setText("各区县人民政府")
    p.org.setText("某某市人民政府办公室")
    p.btn_draft.click()
    qtbot.waitUntil(lambda: "一、检查范围" in window.editor.toPlainText(), timeout=CHECK_TIMEOUT_MS)
    assert window.path is None and window.isWindowModified()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "通知.docx"), ""))
    window.save()  # Ctrl+S on an untitled draft asks where: it never lands on 批复.docx
    assert path.read_bytes() == original
    assert (tmp_path / "通知.docx").exists() and window.path == tmp_path / "通知.docx"


def test_unsaved_edits_are_asked_about_on_new_open_and_quit(qtbot, window, cases, tmp_path, unsaved_prompt,
                                                            monkeypatch) -> None:
    path = shutil.copy(cases["formatted"], tmp_path / "a.docx")
    original = path.read_bytes()
    assert window.open_path(path)
    window.editor.span_cursor(1, 0, 0).insertText("各")
    unsaved_prompt.answer = "cancel"
    assert not window.new_document() and not window.open_path(cases["table"])
    window.close()
    assert window.isVisible() and window.editor.paragraph_texts()[1].startswith("各各")  # nothing lost
    assert unsaved_prompt.asked == 3
    unsaved_prompt.answer = "save"
    assert window.new_document() and window.editor.toPlainText() == ""
    from gov_docs import api

    assert path.read_bytes() != original

    assert api.open(path).document.paragraphs[1].text.startswith("各各区县")
    window.editor.insertPlainText("新文稿")
    unsaved_prompt.answer = "discard"
    window.close()
    assert not window.isVisible()


def test_saving_to_a_read_only_file_says_so_and_keeps_the_edits(qtbot, window, cases, tmp_path,
                                                                dialogs) -> None:
    path = shutil.copy(cases["formatted"], tmp_path / "ro.docx")
    original = path.read_bytes()
    assert window.open_path(path)
    window.editor.span_cursor(1, 0, 0).insertText("各")
    os.chmod(path, stat.S_IREAD)
    try:
        assert not window.save()
    finally:
        os.chmod(path, stat.S_IREAD | stat.S_IWRITE)
    assert dialogs and "只读" in dialogs[-1] and str(path) in dialogs[-1] and "没有丢失" in dialogs[-1]
    assert path.read_bytes() == original
    assert window.isWindowModified() and window.editor.paragraph_texts()[1].startswith("各各")


def test_roles_stay_with_their_paragraph_when_lines_move(qtbot, window, monkeypatch) -> None:
    window.editor.setPlainText("关于开展检查的通知\n各单位：\n请做好准备。\n某某局\n2026年11月22日")
    window.sync()
    seen = {}

    def pick(parent, title, label, items, current, editable):
        seen["current"] = items[current]
        return "附注", True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    window.editor.setTextCursor(window.editor.span_cursor(2, 0, 0))
    window.set_role()
    assert seen["current"] == "正文"  # the dialog opens on the paragraph's current role
    window.editor.span_cursor(0, 0, 0).insertText("插入一行\n再插一行\n")
    window.sync()
    texts = window.editor.paragraph_texts()
    i = texts.index("请做好准备。")
    assert window.od.document.paragraphs[i].role.value == "附注"
    assert window.editor.roles[i] == "附注"
    cur = window.editor.span_cursor(0, 0, 0)
    cur.movePosition(cur.MoveOperation.Down, cur.MoveMode.KeepAnchor, 2)
    cur.removeSelectedText()
    window.sync()
    i = window.editor.paragraph_texts().index("请做好准备。")
    assert window.od.document.paragraphs[i].role.value == "附注"
    window.editor.setTextCursor(window.editor.span_cursor(i, 0, 0))
    window.set_role()
    assert seen["current"] == "附注"


def test_ignore_and_allow_take_effect_at_once(qtbot, window, dialogs) -> None:
    window.editor.setPlainText("关于开展检查的通知\n各单位：\n请及时按装设备，要再接再励。")
    _checked(qtbot, window)
    f = next(f for f in window.findings if f.matched == "按装")
    window.allow_finding(f)
    assert not any(x.matched == "按装" for x in window.findings)  # gone before any re-check
    assert not any(x.matched == "按装" for x in window.findings_panel.findings)
    g = next(f for f in window.findings if f.matched == "再接再励")
    window.ignore_finding(g)
    assert not any(x.matched == "再接再励" for x in window.findings)
    _checked(qtbot, window)
    assert not any(x.matched in ("按装", "再接再励") for x in window.findings)
    one = type(g)(**{**g.__dict__, "matched": "励"})
    window.allow_finding(one)
    assert dialogs and "不足 2 个字" in dialogs[-1]


def test_selecting_a_finding_selects_and_scrolls_to_its_text(qtbot, window) -> None:
    window.editor.setPlainText(
        "\n".join(["关于开展检查的通知", "各单位："] + ["请做好准备。"] * 80 + ["请及时按装设备。"]))
    _checked(qtbot, window)
    f = next(f for f in window.findings if f.matched == "按装")
    window.select_finding(f)
    assert window.editor.textCursor().selectedText() == "按装"
    assert window.editor.verticalScrollBar().value() > 0


def test_format_fixes_in_the_gui_go_into_the_file(qtbot, window, cases, tmp_path, monkeypatch) -> None:
    from gov_docs import api

    path = shutil.copy(cases["wrong_fonts_margins"], tmp_path / "w.docx")
    assert window.open_path(path)
    _checked(qtbot, window)
    fmt = [f for f in window.findings if f.category.value == "format" and f.auto_fixable]
    assert fmt
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.fix_category("format")  # previewed, then applied to the document
    assert window.isWindowModified()
    fixed_fonts = [r.font_east_asia for p in window.od.document.paragraphs for r in p.runs]
    window.editor.undo()  # Ctrl+Z takes the format fix back, like any edit
    assert [r.font_east_asia for p in window.od.document.paragraphs for r in p.runs] != fixed_fonts
    assert {(f.rule_id, f.paragraph) for f in fmt} <= {(f.rule_id, f.paragraph) for f in window.od.check()}
    window.editor.redo()
    assert [r.font_east_asia for p in window.od.document.paragraphs for r in p.runs] == fixed_fonts
    assert window.save()
    again = api.open(path).check()
    assert not {(f.rule_id, f.paragraph) for f in fmt} & {(f.rule_id, f.paragraph) for f in again}


def test_finding_rows_show_the_full_message_on_hover(qtbot, window) -> None:
    window.editor.setPlainText("关于开展检查的通知\n各单位：\n请及时按装设备，要再接再励。")
    _checked(qtbot, window)
    tree = window.findings_panel.tree
    child = tree.topLevelItem(0).child(0)
    f = child.data(0, Qt.ItemDataRole.UserRole)
    assert f.message in child.toolTip(0) and f.basis in child.toolTip(0)


def test_a_text_file_saves_as_text_and_save_as_docx_typesets(qtbot, window, tmp_path, monkeypatch) -> None:
    import docx

    src = tmp_path / "稿.txt"
    src.write_text("关于开展检查的通知\n各单位：\n请做好准备。\n", encoding="utf-8")
    assert window.open_path(src)
    window.editor.span_cursor(2, 0, 0).insertText("务必")
    assert window.save()
    assert src.read_text(encoding="utf-8") == "关于开展检查的通知\n各单位：\n务必请做好准备。\n"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "稿.docx"), ""))
    assert window.save_as()
    d = docx.Document(str(tmp_path / "稿.docx"))
    assert d.sections[0].top_margin.mm == pytest.approx(37, abs=0.5)  # typeset per GB/T 9704
    assert window.path == tmp_path / "稿.docx" and src.read_text(encoding="utf-8").startswith("关于")


def test_typesetting_is_a_separate_command_that_writes_a_new_file(qtbot, window, cases, tmp_path,
                                                                  dialogs) -> None:
    import docx

    path = shutil.copy(cases["wrong_fonts_margins"], tmp_path / "w.docx")
    original = path.read_bytes()
    assert window.open_path(path)
    changes = window.od.typeset_changes()
    assert any("页边距" in c for c in changes)
    assert window.files.typeset_to(tmp_path / "w（排版）.docx", open_after=False)
    assert path.read_bytes() == original and window.path == path
    assert docx.Document(str(tmp_path / "w（排版）.docx")).sections[0].left_margin.mm == pytest.approx(
        28, abs=0.5)
    assert not window.files.typeset_to(path, open_after=False)  # never over the open file
    assert "原文件" in dialogs[-1]


def test_a_comment_recorded_in_the_window_is_the_one_the_cli_lists(qtbot, window, cases, tmp_path,
                                                                   capsys) -> None:
    path = shutil.copy(cases["table"], tmp_path / "意见.docx")
    assert window.open_path(path)
    window.library_panel.comment.setText("请核实表格中的数量")
    window.store_comment("请核实表格中的数量")
    assert main(["comments", "add", str(path), "数量已核实", "--reviewer", "李"]) == 0
    capsys.readouterr()
    assert main(["comments", "list", str(path)]) == 0
    out = capsys.readouterr().out
    assert "请核实表格中的数量" in out and "数量已核实" in out


def test_saving_over_a_file_changed_by_word_asks_first(qtbot, window, cases, tmp_path, monkeypatch) -> None:
    path = shutil.copy(cases["formatted"], tmp_path / "共享.docx")
    assert window.open_path(path)
    window.editor.span_cursor(1, 0, 0).insertText("各")
    changed_by_wps = path.read_bytes()
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5_000_000_000))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a,
                        **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    assert not window.save()
    assert (asked and "其他程序" in asked[0] and path.read_bytes() == changed_by_wps
            and window.isWindowModified())
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert window.save() and not window.isWindowModified()


def _saved_asking(window, monkeypatch) -> list[str]:
    """Save (Ctrl+S) answering the 另存为 dialog with what it proposes; return what it proposed."""
    asked: list[str] = []

    def save_dialog(_parent, _caption, proposed, _filter):
        asked.append(proposed)
        return proposed, ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    assert window.save()
    return asked


def test_a_doc_opens_converted_and_ctrl_s_proposes_a_docx_beside_it(qtbot, window, tmp_path,
                                                                     monkeypatch) -> None:
    """A .doc (Word 97, written by LibreOffice) opens through LibreOffice; Ctrl+S never writes over it but
    asks where, proposing the same name with .docx in the same folder."""
    fixture = ROOT / "tests" / "fixtures" / "legacy" / "森林防火通知.doc"
    src = shutil.copy(fixture, tmp_path / fixture.name)
    original = src.read_bytes()
    assert window.open_path(src)
    assert window.path is None and "森林防火通知.doc" in window.windowTitle()
    assert "LibreOffice" in window.statusBar().currentMessage()
    _checked(qtbot, window)
    asked = _saved_asking(window, monkeypatch)
    assert asked == [str(tmp_path / "森林防火通知.docx")]
    assert src.read_bytes() == original and window.path == tmp_path / "森林防火通知.docx"
    from gov_docs.document import read_document

    assert read_document(window.path).paragraphs[0].text.startswith("清河县人民政府办公室")


def test_a_docm_opens_as_a_copy_without_macros_and_ctrl_s_proposes_a_docx(qtbot, window, tmp_path,
                                                                          monkeypatch) -> None:
    """A .docm (an OA system's or WPS 套红 add-in's document) opens as a copy without its macros; the status
    bar says so, and Ctrl+S asks where, proposing the same name with .docx, never writing the .docm."""
    import zipfile

    from tests.docx_cases import make_docm

    src = make_docm(tmp_path / "收文.docm")
    original = src.read_bytes()
    assert window.open_path(src)
    assert window.path is None and "收文.docm" in window.windowTitle()
    assert "宏未载入" in window.statusBar().currentMessage()
    _checked(qtbot, window)
    asked = _saved_asking(window, monkeypatch)
    assert asked == [str(tmp_path / "收文.docx")]
    assert src.read_bytes() == original and window.path == tmp_path / "收文.docx"
    with zipfile.ZipFile(window.path) as z:
        assert not [n for n in z.namelist() if "vba" in n.lower()]
