"""The checks controller: background checks on snapshots, findings shown (stale ones dropped), fixes as
one undo step, incremental re-checks, warnings and reports."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from gov_docs.document import Role, document_from_text, write_docx
from gov_docs.gui.workers import CheckWorker
from tests.gui.helpers import CHECK_TIMEOUT_MS, ROOT, TEXT, until_checked

REAL = ROOT / "tests" / "fixtures" / "real_docx"


def test_open_real_docx_see_findings_fix_and_undo(qtbot, window, tmp_path: Path) -> None:
    # It used to wait 15 s for 按装 to appear: a loaded machine took longer (typo resources load on the
    # first check) and the typo rules could be switched off by their time budget. Now each step waits for
    # the findings_shown signal of the check it started, then asserts on the final findings.
    path = write_docx(document_from_text(TEXT), tmp_path / "in.docx")
    with until_checked(qtbot, window):
        assert window.open_path(path)
    assert window.editor.roles[:2] == ["标题", "主送机关"]
    cats = {f.category.value for f in window.findings}
    assert {"typo", "punctuation"} <= cats
    fix = next(f for f in window.findings if f.matched == "按装")
    with until_checked(qtbot, window):
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


def test_a_stale_check_result_is_dropped_not_shown(qtbot, window, monkeypatch) -> None:
    """A check of an outdated snapshot returns after an edit: its findings never reach the screen."""
    held: list = []
    monkeypatch.setattr(window.check_pool, "start", held.append)  # run the workers by hand, in a chosen order
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

    stale.is_stale = lambda: False  # it had passed its last stage when the clerk typed: it finishes …
    stale.run()  # … and the old snapshot's result comes back first (on this thread: delivered at once)
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


def test_a_newly_opened_document_says_it_is_being_checked_and_the_old_check_stops(
        qtbot, window, tmp_path: Path, monkeypatch) -> None:
    """Opening another document while the first one's check still runs (the model loading, say): the
    panel says 正在核验 rather than 没有发现问题 until the new document's own findings arrive, and the first
    check computes nothing more for a document no longer open."""
    assert window.findings_panel.summary.text() == "尚无内容：输入或打开公文后自动核验"  # a new window
    held: list = []
    monkeypatch.setattr(window.check_pool, "start", held.append)  # run the workers by hand, in a chosen order
    clean, slips = tmp_path / "无误.docx", tmp_path / "有误.docx"
    shutil.copy(REAL / "h08_notice_with_attachment_table.docx", clean)
    shutil.copy(REAL / "17_punctuation_slips.docx", slips)
    assert window.open_path(clean)
    first = held[-1]
    assert window.findings_panel.summary.text() == "正在核验……"
    with qtbot.waitSignal(window.checks.findings_shown, timeout=CHECK_TIMEOUT_MS):
        first.run()
    assert window.findings_panel.summary.text() == "没有发现问题"  # said by its own check

    assert window.open_path(slips)
    new = held[-1]
    assert new is not first and first.is_stale() and not new.is_stale()
    got: list[str] = []
    stale = CheckWorker(first.job_id, first.job, is_stale=first.is_stale)
    for name in ("partial", "done"):
        getattr(stale.signals, name).connect(lambda *_a, name=name: got.append(name))
    stale.run()  # the first document's check, had it still been running: it stops at its next stage
    assert "done" not in got
    assert window.findings_panel.summary.text() == "正在核验……" and not window.findings
    with qtbot.waitSignal(window.checks.findings_shown, timeout=CHECK_TIMEOUT_MS):
        new.run()
    assert window.findings_panel.summary.text().startswith("共 ") and window.findings


def _title_lines(job) -> set[int]:
    return {i for i, p in enumerate(job.document.paragraphs) if p.role is Role.TITLE}


def test_incremental_check_rechecks_only_the_edited_paragraph(qtbot, window) -> None:
    window.editor.setPlainText(TEXT)
    window.check_timer.stop()
    with until_checked(qtbot, window):
        window.start_check(full=True)
    assert any(f.matched == "按装" for f in window.findings)
    cur = window.editor.span_cursor(1, 8, 8)
    cur.insertText("再接再励")
    window.sync()
    job = window.od.check_job()
    # the edited line, plus the title's lines when it is one of them (a title is one unit for paired marks)
    assert job.changed == sorted({1} | _title_lines(job)) and 2 not in job.changed
    run = job.run()
    matched = {(f.paragraph, f.matched) for f in run.findings}
    assert (2, "按装") in matched and (1, "再接再励") in matched
    window.od.accept(job, run)
    cur = window.editor.span_cursor(0, 0, 0)
    cur.insertText("新的一行\n")  # a line above: the others keep their findings, moved down one
    window.sync()
    job = window.od.check_job()
    window.od.accept(job, job.run())
    assert job.changed == sorted({0} | _title_lines(job)) and 3 not in job.changed
    assert (3, "按装") in {(f.paragraph, f.matched) for f in window.findings}


def test_checker_warnings_reach_the_clerk_once(qtbot, window) -> None:
    window.checker.warnings.append(
        "规则 typo.statistical：错别字模型核验不可用（模型文件 x.gguf 不存在），本次改用快速检测")
    window.editor.setPlainText("关于开展检查的通知\n各单位：\n要严格执行财经纪率。")
    # typo statistics load
    qtbot.waitUntil(lambda: any(f.matched == "率" for f in window.findings), timeout=90000)
    box = window.checker_warning_box
    assert box.isVisible() and not box.isModal() and "x.gguf" in box.text()
    box.close()
    window._show_checker_warnings()
    assert not window.checker_warning_box.isVisible()  # the same warning is not shown again


def test_export_reports(qtbot, window, tmp_path: Path) -> None:
    import docx

    window.editor.setPlainText(TEXT)
    window.export_report_to(tmp_path / "r.docx")
    assert len(list(docx.Document(str(tmp_path / "r.docx")).comments)) >= 2
    window.export_html_to(tmp_path / "r.html")
    assert "按装" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_closing_the_window_stops_a_running_check(qtbot, window, monkeypatch) -> None:
    """A long document still being verified when the clerk closes the window: the check stops at its next
    paragraph instead of keeping the closed app running for minutes."""
    held: list = []
    monkeypatch.setattr(window.check_pool, "start", held.append)  # the worker, as it was started
    window.editor.setPlainText(TEXT)
    window.check_timer.stop()
    window.start_check(full=True)
    running = held[-1]
    assert not running.is_stale()
    window.editor.document().setModified(False)  # nothing to save: the window closes without asking
    window.close()
    assert running.is_stale()
    seen: list = []
    running.signals.done.connect(lambda *a: seen.append(a))
    running.signals.partial.connect(lambda *a: seen.append(a))
    running.run()  # stopped before its first stage: nothing is computed or shown
    assert seen == []


def test_word_keys_f7_checks_and_f12_saves_as(qtbot, window, monkeypatch) -> None:
    # Word/WPS users press F7 (拼写和语法检查) to check; F5 stays
    calls: list = []
    monkeypatch.setattr(window, "start_check", lambda full=False: calls.append(full))
    with qtbot.waitActive(window, timeout=CHECK_TIMEOUT_MS):  # a window shortcut needs the active window
        window.activateWindow()
    window.editor.setFocus()
    qtbot.keyClick(window.editor, Qt.Key.Key_F7)
    qtbot.keyClick(window.editor, Qt.Key.Key_F5)
    assert calls == [True, True]
    save_as = next(a for a in window.findChildren(QAction) if a.text() == "另存为…")
    assert {k.toString() for k in save_as.shortcuts()} >= {"Ctrl+Shift+S", "F12"}  # Word's F12 on Windows too
