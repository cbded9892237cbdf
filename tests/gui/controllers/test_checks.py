"""The desktop app, offscreen: open a real .docx, see findings, fix and undo, draft, search, edit a rule."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.document import document_from_text, write_docx
from gov_docs.gui.main_window import MainWindow  # noqa: E402
from gov_docs.gui.rules_dialog import RuleEditorDialog  # noqa: E402
from gov_docs.gui.textpos import from_qt, to_qt  # noqa: E402
from gov_docs.llm.backends import FakeBackend  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent.parent
TEXT = "某某市人民政府办公室关于做好设备管理的通知\n各区县人民政府：\n请及时按装设备,要再接再励。\n某某市人民政府办公室\n2026年11月22日"


#: Only a safety net: the waits below end on a signal (a check's findings on screen), not on time.
CHECK_TIMEOUT_MS = 300_000


@pytest.fixture
def window(qtbot):
    # The engine switches off a rule that takes over its time budget on one paragraph (a clerk's
    # runaway regex); on a loaded test machine that would switch off the typo rules at random, so the
    # window's checker gets a budget no rule reaches here.
    checker = Checker(load_rules([ROOT / "rules"]), allow_list=AllowList(), time_budget_s=600.0)
    w = MainWindow(checker=checker, backend_factory=FakeBackend, ask_restore=False)
    qtbot.addWidget(w)
    w.show()
    return w


def _until_checked(qtbot, window):
    """Wait (``with``) until the newest check started in the block has its findings on screen."""
    return qtbot.waitSignal(window.checks.findings_shown, timeout=CHECK_TIMEOUT_MS,
                            check_params_cb=lambda job: job == window.checks.latest)


def test_text_positions_convert_between_qt_and_python() -> None:
    s = "甲𠀋乙"  # 𠀋 is outside the BMP: two UTF-16 units
    assert to_qt(s, 2) == 3 and from_qt(s, 3) == 2 and to_qt(s, 3) == 4


def test_open_real_docx_see_findings_fix_and_undo(qtbot, window, tmp_path: Path) -> None:
    # It used to wait 15 s for 按装 to appear: a loaded machine took longer (typo resources load on the
    # first check) and the typo rules could be switched off by their time budget. Now each step waits for
    # the findings_shown signal of the check it started, then asserts on the final findings.
    path = write_docx(document_from_text(TEXT), tmp_path / "in.docx")
    with _until_checked(qtbot, window):
        assert window.open_path(path)
    assert window.editor.roles[:2] == ["标题", "主送机关"]
    cats = {f.category.value for f in window.findings}
    assert {"typo", "punctuation"} <= cats
    fix = next(f for f in window.findings if f.matched == "按装")
    with _until_checked(qtbot, window):
        window.apply_fix(fix)  # the fix starts a check of the fixed text
    assert "请及时安装设备" in window.editor.toPlainText()
    assert not any(f.matched == "按装" for f in window.findings)
    assert any(f.matched == "再接再励" for f in window.findings)  # the other findings stay
    window.editor.undo()  # one undo step restores the original
    assert "请及时按装设备" in window.editor.toPlainText()
    with qtbot.waitActive(window, timeout=CHECK_TIMEOUT_MS):  # a window shortcut needs the active window
        window.activateWindow()
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # Word/WPS redo
    assert "请及时安装设备" in window.editor.toPlainText()


def test_bad_file_gives_a_dialog_not_a_crash(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"garbage")
    assert not window.open_path(bad)
    assert shown and str(bad) in shown[0]


def test_a_stale_check_result_is_dropped_not_shown(qtbot, window, monkeypatch) -> None:
    """A check of an outdated snapshot returns after an edit: its findings never reach the screen."""
    held: list = []
    monkeypatch.setattr(window.pool, "start", held.append)  # run the workers by hand, in a chosen order
    arrived: dict[int, object] = {}
    window.editor.setPlainText(TEXT)
    window.check_timer.stop()
    window.start_check(full=True)
    stale = held[-1]
    stale.signals.done.connect(lambda job, payload: arrived.__setitem__(job, payload))
    window.editor.setPlainText(TEXT.replace("按装", "安装"))  # the clerk fixes it by hand meanwhile
    window.check_timer.stop()
    window.start_check(full=True)
    fresh = held[-1]
    assert stale.job_id < fresh.job_id == window.latest_check

    stale.run()  # the old snapshot's result comes back first (on this thread: delivered at once)
    _job, stale_run = arrived[stale.job_id]
    assert "按装" in {f.matched for f in stale_run.findings}  # the stale result really carried 按装 …
    shown = window.findings_panel.tree
    texts = [shown.topLevelItem(i).child(k).text(0) for i in range(shown.topLevelItemCount())
             for k in range(shown.topLevelItem(i).childCount())]
    assert not any("按装" in t for t in texts) and window.checks.shown != stale.job_id  # … and was not shown
    assert not any(f.matched == "按装" for f in window.findings)

    with qtbot.waitSignal(window.checks.findings_shown, timeout=CHECK_TIMEOUT_MS) as blocker:
        fresh.run()
    assert blocker.args == [fresh.job_id]
    texts = [shown.topLevelItem(i).child(k).text(0) for i in range(shown.topLevelItemCount())
             for k in range(shown.topLevelItem(i).childCount())]
    assert any("再接再励" in t for t in texts) and not any("按装" in t for t in texts)
    underlined = window.editor.extraSelections()
    assert underlined and not any(sel.cursor.selectedText() == "按装" for sel in underlined)


def test_draft_with_the_fake_backend_fills_the_editor(qtbot, window) -> None:
    p = window.draft_panel
    p.doc_type.setCurrentText("通知")
    p.title.setText("某某市人民政府办公室关于开展冬季消防安全检查的通知")
    p.points.setPlainText("检查范围\n工作要求")
    p.to.setText("各区县人民政府")
    p.org.setText("某某市人民政府办公室")
    p.date.setText("2026年11月22日")
    p.btn_draft.click()
    qtbot.waitUntil(lambda: "二、工作要求" in window.editor.toPlainText(), timeout=15000)
    assert window.editor.toPlainText().startswith("某某市人民政府办公室关于开展冬季消防安全检查的通知")
    assert p.output.toPlainText()  # the stream was shown


def test_library_search_and_recommend(qtbot, window, tmp_path: Path, corpus_dir: Path) -> None:
    from gov_docs.library.index import LibraryIndex

    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("g0570.txt", "g0250.txt", "g0278.txt"):
        shutil.copy(corpus_dir / name, docs / name)
    index = LibraryIndex(tmp_path / "index")
    index.build([docs], workers=1)
    window._index = index
    window.search_library("民政服务机构", "", "")
    assert "民政服务机构" in window.library_panel.results.item(0).text()
    window.editor.setPlainText("关于做好第二次全国污染源普查入户调查的通知\n各县（区）：\n请做好污染源普查工作。")
    window.recommend()
    texts = [window.library_panel.results.item(i).text() for i in range(window.library_panel.results.count())]
    assert any("【相关主题】" in t for t in texts)
    assert "拟办：主办 生态环境" in window.library_panel.handling.text()


def test_rule_editor_refuses_a_broken_edit(qtbot, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules" / "punctuation", rules / "punctuation")
    dialog = RuleEditorDialog(rules, unlocked=True)
    qtbot.addWidget(dialog)
    target = rules / "punctuation" / "doubled-marks.yaml"
    original = target.read_text(encoding="utf-8")
    dialog.open_file(target)
    dialog.editor.setPlainText(original.replace("level: error", "level: fatal"))
    assert not dialog.save()
    messages = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert any("doubled-marks.yaml:4: level:" in m for m in messages)
    assert target.read_text(encoding="utf-8") == original  # never saved over the working rule
    dialog.editor.setPlainText(original.replace("name: 标点重复", "name: 标点符号重复"))
    assert dialog.save() and "标点符号重复" in target.read_text(encoding="utf-8")


def test_export_reports(qtbot, window, tmp_path: Path) -> None:
    import docx

    window.editor.setPlainText(TEXT)
    window.export_report_to(tmp_path / "r.docx")
    assert len(list(docx.Document(str(tmp_path / "r.docx")).comments)) >= 2
    window.export_html_to(tmp_path / "r.html")
    assert "按装" in (tmp_path / "r.html").read_text(encoding="utf-8")


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


@pytest.mark.slow
def test_draft_with_the_demo_model(qtbot, demo_model_path: Path) -> None:
    from gov_docs.llm.backends import LlamaCppBackend

    checker = Checker(load_rules([ROOT / "rules"]), allow_list=AllowList())
    w = MainWindow(checker=checker, backend_factory=lambda: LlamaCppBackend(demo_model_path, n_ctx=2048),
                   ask_restore=False, section_tokens=48)
    qtbot.addWidget(w)
    req = w.draft_panel.request()
    req.title, req.points, req.to, req.org = "某某市人民政府办公室关于开展冬季消防安全检查的通知", ["工作要求"], "各区县人民政府", "某某市人民政府办公室"
    w.start_draft(req)
    qtbot.waitUntil(lambda: "一、工作要求" in w.editor.toPlainText(), timeout=300000)
    lines = w.editor.toPlainText().split("\n")
    assert lines[0] == "某某市人民政府办公室关于开展冬季消防安全检查的通知" and len(lines[lines.index("一、工作要求") + 1]) > 8


def test_incremental_check_rechecks_only_the_edited_paragraph(qtbot, window) -> None:
    window.editor.setPlainText(TEXT)
    window.check_timer.stop()
    with _until_checked(qtbot, window):
        window.start_check(full=True)
    assert any(f.matched == "按装" for f in window.findings)
    cur = window.editor.span_cursor(1, 8, 8)
    cur.insertText("再接再励")
    window.sync()
    job = window.od.check_job()
    assert job.changed == [1]
    run = job.run()
    matched = {(f.paragraph, f.matched) for f in run.findings}
    assert (2, "按装") in matched and (1, "再接再励") in matched
    window.od.accept(job, run)
    cur = window.editor.span_cursor(0, 0, 0)
    cur.insertText("新的一行\n")  # a line above: the others keep their findings, moved down one
    window.sync()
    job = window.od.check_job()
    window.od.accept(job, job.run())
    assert job.changed == [0]
    assert (3, "按装") in {(f.paragraph, f.matched) for f in window.findings}


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


def test_rule_enable_disable_and_import(qtbot, tmp_path: Path) -> None:
    import zipfile

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules" / "punctuation", rules / "punctuation")
    dialog = RuleEditorDialog(rules, unlocked=True)
    qtbot.addWidget(dialog)
    target = rules / "punctuation" / "doubled-marks.yaml"
    dialog.open_file(target)
    assert dialog.toggle_enabled() and "enabled: false" in target.read_text(encoding="utf-8")
    assert dialog.toggle_enabled() and "enabled: false" not in target.read_text(encoding="utf-8")
    good = tmp_path / "pack.zip"
    with zipfile.ZipFile(good, "w") as zf:
        for f in (ROOT / "tests" / "fixtures" / "rules_ok" / "typo").iterdir():
            zf.write(f, f"typo/{f.name}")
    assert dialog.import_pack(good) == [] and (rules / "typo" / "sample.yaml").exists()
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("broken/r.yaml", "id: x\nname: [\n")
    assert any("r.yaml" in p for p in dialog.import_pack(bad)) and not (rules / "broken").exists()


def test_indexing_drafting_and_checking_at_once_and_cancelling(qtbot, tmp_path: Path, corpus_dir: Path) -> None:
    from gov_docs.library.index import LibraryIndex

    checker = Checker(load_rules([ROOT / "rules"]), allow_list=AllowList())
    w = MainWindow(checker=checker, backend_factory=lambda: FakeBackend(delay_s=0.02), ask_restore=False,
                   library_index=LibraryIndex(tmp_path / "index"))
    qtbot.addWidget(w)
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("g0570.txt", "g0250.txt", "g0278.txt", "g0001.txt"):
        shutil.copy(corpus_dir / name, docs / name)
    w.start_index(str(docs))
    req = w.draft_panel.request()
    req.title, req.points, req.to, req.org = "某某局关于开展检查的通知", ["一", "二", "三", "四"], "各单位", "某某局"
    w.start_draft(req)
    w.editor.setPlainText(TEXT)  # checks run while indexing and drafting
    w.start_check(full=True)
    t0 = __import__("time").perf_counter()
    qtbot.wait(50)  # the event loop keeps running: the window stays responsive
    assert __import__("time").perf_counter() - t0 < 2
    w.stop_draft()
    qtbot.waitUntil(lambda: w.draft_worker is None, timeout=30000)
    assert w.editor.toPlainText().startswith("某某局关于开展检查的通知")  # the cancelled draft is complete as far as it went
    qtbot.waitUntil(lambda: w.index.exists(), timeout=60000)
    assert w.index.stats()["documents"] == 4


def test_drafting_panel_chooses_the_model_or_server(qtbot, tmp_path: Path) -> None:
    from gov_docs.llm.backends import ModelError, OpenAIServerBackend

    checker = Checker(load_rules([ROOT / "rules"]), allow_list=AllowList())
    w = MainWindow(checker=checker, ask_restore=False)
    qtbot.addWidget(w)
    p = w.draft_panel
    p.backend_choice.setCurrentIndex(2)
    p.backend_value.setText("http://127.0.0.1:8080")
    assert isinstance(w.backend(), OpenAIServerBackend)
    p.backend_choice.setCurrentIndex(1)
    p.backend_value.setText(str(tmp_path / "missing.gguf"))
    with pytest.raises(ModelError, match="不存在"):
        w.backend()


def test_checker_warnings_reach_the_clerk_once(qtbot, window) -> None:
    window.checker.warnings.append("规则 typo.statistical：错别字模型核验不可用（模型文件 x.gguf 不存在），本次改用快速检测")
    window.editor.setPlainText("关于开展检查的通知\n各单位：\n要严格执行财经纪率。")
    qtbot.waitUntil(lambda: any(f.matched == "率" for f in window.findings), timeout=90000)  # typo statistics load
    box = window.checker_warning_box
    assert box.isVisible() and not box.isModal() and "x.gguf" in box.text()
    box.close()
    window._show_checker_warnings()
    assert not window.checker_warning_box.isVisible()  # the same warning is not shown again


def test_indexing_reports_skipped_files_and_a_bad_catalog_in_a_dialog(qtbot, tmp_path: Path, corpus_dir: Path) -> None:
    from gov_docs.library.index import LibraryIndex

    w = MainWindow(checker=Checker(load_rules([ROOT / "rules"]), allow_list=AllowList()), backend_factory=FakeBackend,
                   ask_restore=False, library_index=LibraryIndex(tmp_path / "index"))
    qtbot.addWidget(w)
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(corpus_dir / "g0250.txt", docs / "g0250.txt")
    (docs / "坏文件.docx").write_bytes(b"not a docx")
    (docs / "目录.csv").write_text("没有文件名的一行\n", encoding="utf-8")
    w.start_index(str(docs))
    qtbot.waitUntil(lambda: getattr(w, "index_report_box", None) is not None, timeout=60000)
    box = w.index_report_box
    assert not box.isModal() and "坏文件.docx" in box.text() and "目录.csv" in box.text()
    assert "索引完成：1 篇，失败 1 篇" in w.statusBar().currentMessage()
