"""Asking for the administrator password (gui/admin_prompts.py): set twice on first use, checked after."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from gov_docs.admin import access
from gov_docs.gui import admin_prompts
from gov_docs.gui.admin_prompts import NewPasswordDialog


def test_the_new_password_must_be_long_enough_and_typed_twice(qtbot) -> None:
    dialog = NewPasswordDialog()
    qtbot.addWidget(dialog)
    dialog.first.setText("短")
    dialog.second.setText("短")
    dialog.accept()
    assert dialog.result() == 0 and "至少" in dialog.error.text()
    dialog.first.setText("gongwen-2026")
    dialog.second.setText("gongwen-2027")
    dialog.accept()
    assert dialog.result() == 0 and dialog.error.text() == "两次输入的密码不一致"
    dialog.second.setText("gongwen-2026")
    dialog.accept()
    assert dialog.result() == 1


def test_unlock_sets_the_password_first_then_checks_it(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    monkeypatch.setattr(admin_prompts, "ask_new_password", lambda parent: "gongwen-2026")
    assert not access.password_is_set()
    assert admin_prompts.unlock_admin(None)
    assert access.password_is_set() and access.check_password("gongwen-2026")
    monkeypatch.setattr(admin_prompts, "ask_password", lambda parent: "wrong-password")
    assert not admin_prompts.unlock_admin(None) and warned == ["密码不正确，未进入管理员模式。"]
    monkeypatch.setattr(admin_prompts, "ask_password", lambda parent: None)  # cancelled
    assert not admin_prompts.unlock_admin(None) and len(warned) == 1
    monkeypatch.setattr(admin_prompts, "ask_password", lambda parent: "gongwen-2026")
    assert admin_prompts.unlock_admin(None)
