"""GUI test fixtures: the Save/Discard/Cancel question is answered without a modal dialog."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from gov_docs.gui.controllers.files import FilesController


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
