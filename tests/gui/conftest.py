"""GUI test fixtures: no modal box waits for a click; the Save/Discard/Cancel question; a main window."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QMessageBox

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.gui.controllers.files import FilesController
from gov_docs.gui.main_window import MainWindow
from gov_docs.llm.backends import FakeBackend
from tests.gui.helpers import ROOT


@pytest.fixture(autouse=True)
def unanswered_dialogs(monkeypatch: pytest.MonkeyPatch):
    """Fail a test that shows a message box it did not answer, instead of hanging until the timeout.

    A modal ``QMessageBox.question/warning/…`` nobody clicks blocks the event loop; it used to happen when
    an assertion failed and the widget, closed at teardown, still held unsaved edits (the rules dialog
    then waited 900 s). Tests that expect a box patch it themselves, which replaces this. An unanswered
    question is answered "取消" so nothing is saved or discarded behind the test's back.
    """
    shown: list[str] = []

    def record(answer):
        def box(parent, title, text, *args, **kwargs):
            shown.append(f"{title}: {text}")
            return answer
        return staticmethod(box)

    cancel, ok = QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Ok
    for name, answer in (("question", cancel), ("warning", ok), ("critical", ok), ("information", ok)):
        monkeypatch.setattr(QMessageBox, name, record(answer))
    yield shown
    assert not shown, f"a message box the test did not answer was shown: {shown}"


@pytest.fixture(autouse=True)
def unsaved_prompt(monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """Answer "unsaved edits?" with ``state.answer`` (default "discard") and count how often it was asked.

    Without this a window with edits would wait for a click when the test closes it.
    """
    state = SimpleNamespace(answer="discard", asked=0)

    def ask(self) -> str:
        state.asked += 1
        return state.answer

    monkeypatch.setattr(FilesController, "ask_unsaved", ask)
    return state


@pytest.fixture
def window(qtbot):
    """A shown main window with the shipped rules, an empty allow-list and the fake drafting backend."""
    # The engine switches off a rule that takes over its time budget on one paragraph (a clerk's
    # runaway regex); on a loaded test machine that would switch off the typo rules at random, so the
    # window's checker gets a budget no rule reaches here.
    checker = Checker(load_rules([ROOT / "rules"]), allow_list=AllowList(), time_budget_s=600.0)
    w = MainWindow(checker=checker, backend_factory=FakeBackend, ask_restore=False)
    qtbot.addWidget(w)
    w.show()
    return w
