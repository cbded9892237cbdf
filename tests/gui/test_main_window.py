"""The main window as a whole: indexing, drafting and checking at once, each cancellable."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.gui.admin_prompts import ask_new_password
from gov_docs.gui.main_window import MainWindow
from gov_docs.llm.backends import FakeBackend
from tests.gui.helpers import CHECK_TIMEOUT_MS, ROOT, TEXT


def test_indexing_drafting_and_checking_at_once_and_cancelling(qtbot, tmp_path: Path,
                                                               corpus_dir: Path) -> None:
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
    req.title, req.points, req.to, req.org = "某某局关于开展检查的通知", ["一", "二", "三",
                                                              "四"], "各单位", "某某局"
    w.start_draft(req)
    w.editor.setPlainText(TEXT)  # checks run while indexing and drafting
    w.start_check(full=True)
    t0 = __import__("time").perf_counter()
    qtbot.wait(50)  # the event loop keeps running: the window stays responsive
    assert __import__("time").perf_counter() - t0 < 2
    w.stop_draft()
    # the pool may still be busy with the index and the check: the cancelled draft ends when it gets a
    # thread, so the wait is on its state with only a safety-net timeout (it used to fail at load 10)
    qtbot.waitUntil(lambda: w.draft_worker is None, timeout=CHECK_TIMEOUT_MS)
    # the cancelled draft is complete as far as it went
    assert w.editor.toPlainText().startswith("某某局关于开展检查的通知")
    # the build ends after the text index exists (the passages are embedded next): wait for the worker,
    # or it outlives this window and reports into the next test's (it did at load 8)
    qtbot.waitUntil(lambda: w.index_worker is None, timeout=CHECK_TIMEOUT_MS)
    assert w.index.exists() and w.index.stats()["documents"] == 4


def _dialogs(window) -> list:
    """The dialogs the window still holds once deferred deletions have run."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return window.findChildren(QDialog)


def _answer_modal(action) -> None:
    """Run ``action``, which shows a modal dialog; the dialog is cancelled as soon as it is up."""
    def cancel() -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None:
            modal.reject()
        else:
            QTimer.singleShot(10, cancel)

    QTimer.singleShot(0, cancel)
    action()


def test_dialogs_do_not_pile_up_as_hidden_children_of_the_window(qtbot, window) -> None:
    """Opening and closing each dialog again and again leaves nothing behind (novelWriter's leak check)."""
    before = {id(d) for d in _dialogs(window)}

    def new() -> list:
        return [type(d).__name__ for d in _dialogs(window) if id(d) not in before]

    for _ in range(3):
        _answer_modal(window.open_settings)
        _answer_modal(window.page_view.print_preview)  # it used to crash: its printer was collected
        _answer_modal(lambda: ask_new_password(window))
    assert new() == []
    for _ in range(3):
        window.open_rules()
        window.rules_dialog.close()
    window.open_rules()
    window.open_rules()  # already open: raised, not opened twice
    assert new() == ["RuleEditorDialog"]
    window.rules_dialog.close()
    for k in range(3):
        window.checker.warnings.append(f"规则 x{k}：测试警告")
        window.checks.show_warnings()
        window.checker_warning_box.close()
    assert new() == ["RuleEditorDialog", "QMessageBox"]  # the last ones, kept for their properties
