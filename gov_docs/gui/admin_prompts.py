"""Asking for the administrator password: set it on first use, or enter it to switch admin mode on."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
)

from gov_docs.admin import access


class NewPasswordDialog(QDialog):
    """Set the administrator password (typed twice); shown the first time admin mode is switched on."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("设置管理员密码")
        self.first = QLineEdit()
        self.second = QLineEdit()
        for field in (self.first, self.second):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.note = QLabel(f"首次使用管理员模式，请设置管理员密码（至少 {access.MIN_LENGTH} 个字符）。"
                           "密码只以加盐散列保存在本机用户设置中。")
        self.note.setWordWrap(True)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #c62828")
        form = QFormLayout()
        form.addRow("新密码", self.first)
        form.addRow("再输入一次", self.second)
        ok_cancel = QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        buttons = QDialogButtonBox(ok_cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def accept(self) -> None:
        """Accept only two equal passwords of the minimum length."""
        if len(self.first.text()) < access.MIN_LENGTH:
            self.error.setText(f"密码至少 {access.MIN_LENGTH} 个字符")
        elif self.first.text() != self.second.text():
            self.error.setText("两次输入的密码不一致")
        else:
            super().accept()


def ask_new_password(parent) -> str | None:
    """Ask for a new administrator password; None when cancelled."""
    dialog = NewPasswordDialog(parent)
    try:
        return dialog.first.text() if dialog.exec() else None
    finally:
        dialog.deleteLater()


def ask_password(parent) -> str | None:
    """Ask for the administrator password; None when cancelled."""
    text, ok = QInputDialog.getText(parent, "管理员密码", "请输入管理员密码：", QLineEdit.EchoMode.Password)
    return text if ok else None


def unlock_admin(parent) -> bool:
    """Ask for the password (or set it on first use); return True when the administrator is confirmed."""
    if not access.password_is_set():
        new = ask_new_password(parent)
        if new is None:
            return False
        access.set_password(new)
        return True
    entered = ask_password(parent)
    if entered is None:
        return False
    if access.check_password(entered):
        return True
    QMessageBox.warning(parent, "管理员密码", "密码不正确，未进入管理员模式。")
    return False
