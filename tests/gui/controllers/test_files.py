"""The files controller: opening (a bad file gives a dialog), autosave and recovery, recent files, new
from a template."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.gui.main_window import MainWindow
from tests.gui.helpers import ROOT, TEXT


def test_bad_file_gives_a_dialog_not_a_crash(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"garbage")
    assert not window.open_path(bad)
    assert shown and str(bad) in shown[0]


def test_autosave_and_recovery(qtbot, tmp_path: Path, monkeypatch) -> None:
    from gov_docs.gui.controllers.files import recovery_dir

    checker = Checker(load_rules([ROOT / "rules"]), allow_list=AllowList())
    w1 = MainWindow(checker=checker, ask_restore=False)
    qtbot.addWidget(w1)
    mine = tmp_path / "mine.txt"
    mine.write_text("原来的文字\n", encoding="utf-8")
    assert w1.open_path(mine)
    w1.editor.selectAll()
    w1.editor.insertPlainText(TEXT)  # typed: the window is modified
    w1.autosave()
    assert mine.read_text(encoding="utf-8") == "原来的文字\n"  # autosave never writes the user's file
    copy = w1.files.recovery_path
    assert copy is not None and copy.parent == recovery_dir() and copy.exists()
    w1.files.recovery_path = None  # as if the app had crashed: the copy stays behind
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    w2 = MainWindow(checker=checker, ask_restore=False)
    qtbot.addWidget(w2)
    assert w2.offer_recovery()
    assert w2.editor.toPlainText() == TEXT and w2.path is None  # restored into an untitled document
    assert w2.isWindowModified()
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "restored.txt"), ""))
    assert w2.save()
    assert not copy.exists()  # saved: the recovery copy is gone
    assert mine.read_text(encoding="utf-8") == "原来的文字\n"


def test_a_declined_recovery_copy_is_deleted(qtbot, monkeypatch) -> None:
    checker = Checker(load_rules([ROOT / "rules"]), allow_list=AllowList())
    w1 = MainWindow(checker=checker, ask_restore=False)
    qtbot.addWidget(w1)
    w1.editor.insertPlainText(TEXT)
    w1.autosave()
    copy = w1.files.recovery_path
    w1.files.recovery_path = None
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    w2 = MainWindow(checker=checker, ask_restore=False)
    qtbot.addWidget(w2)
    assert not w2.offer_recovery() and not copy.exists() and w2.editor.toPlainText() == ""


def test_new_from_template_recent_files_and_settings(qtbot, window, tmp_path: Path) -> None:
    from gov_docs import config
    from gov_docs.gui.settings_dialog import SettingsDialog

    window.new_from_template("请示")
    text = window.editor.toPlainText()
    assert "妥否，请批示。" in text and text.startswith("××××关于××××的请示")
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    window.open_path(path)
    assert config.load()["ui"]["recent_files"][0] == str(path)
    assert [a.text() for a in window.recent_menu.actions()][0] == str(path)
    dialog = SettingsDialog(window)
    dialog.server_url.setText("http://127.0.0.1:8080")
    dialog.admin.setChecked(True)
    dialog.allow_list.setPlainText("按装公司")
    dialog.save()
    s = config.load()
    assert s["llm"]["server_url"] == "http://127.0.0.1:8080" and s["ui"]["admin_mode"] is True
    from gov_docs.checks.allowlist import AllowList

    assert "按装公司" in AllowList.load().terms
