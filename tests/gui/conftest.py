"""GUI test fixtures: the Save/Discard/Cancel question is answered without a modal dialog; a main window."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.gui.controllers.files import FilesController
from gov_docs.gui.main_window import MainWindow
from gov_docs.llm.backends import FakeBackend
from tests.gui.helpers import ROOT


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
