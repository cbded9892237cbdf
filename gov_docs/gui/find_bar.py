"""The find / replace bar under the editor (Ctrl+F, Ctrl+H), as in Word and WPS: next / previous with the
match count, replace one, replace all (one undo step); table and text-box text is never replaced.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QToolButton, QWidget


class FindBar(QWidget):
    """Find and replace in a :class:`~gov_docs.gui.editor.DocumentEditor`."""

    message = Signal(str)

    def __init__(self, editor, parent=None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText("查找内容")
        self.replace_edit = QLineEdit()
        self.replace_edit.setPlaceholderText("替换为")
        self.count_label = QLabel("")
        self.btn_prev = QPushButton("上一处")
        self.btn_next = QPushButton("下一处")
        self.btn_replace = QPushButton("替换")
        self.btn_replace_all = QPushButton("全部替换")
        self.btn_close = QToolButton()
        self.btn_close.setText("×")
        self.btn_close.setToolTip("关闭（Esc）")
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        row.addWidget(QLabel("查找"))
        row.addWidget(self.find_edit, 2)
        row.addWidget(self.btn_prev)
        row.addWidget(self.btn_next)
        row.addWidget(self.count_label)
        self.replace_label = QLabel("替换为")
        row.addWidget(self.replace_label)
        row.addWidget(self.replace_edit, 2)
        row.addWidget(self.btn_replace)
        row.addWidget(self.btn_replace_all)
        row.addWidget(self.btn_close)
        self.find_edit.textChanged.connect(self._on_text)
        self.find_edit.returnPressed.connect(self.find_next)
        self.replace_edit.returnPressed.connect(self.replace_one)
        self.btn_next.clicked.connect(self.find_next)
        self.btn_prev.clicked.connect(self.find_previous)
        self.btn_replace.clicked.connect(self.replace_one)
        self.btn_replace_all.clicked.connect(self.replace_all)
        self.btn_close.clicked.connect(self.close_bar)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar)
        QShortcut(QKeySequence("Shift+Return"), self.find_edit, self.find_previous)
        self.hide()

    # -- showing ---------------------------------------------------------------------------------------
    def _set_replace_visible(self, visible: bool) -> None:
        for w in (self.replace_label, self.replace_edit, self.btn_replace, self.btn_replace_all):
            w.setVisible(visible)

    def show_find(self) -> None:
        """Show the bar for finding (the selected text, if any, becomes the search)."""
        self._open(replace=False)

    def show_replace(self) -> None:
        """Show the bar with the replace fields."""
        self._open(replace=True)

    def _open(self, replace: bool) -> None:
        selected = self.editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find_edit.setText(selected)
        self._set_replace_visible(replace)
        self.show()
        self.find_edit.setFocus()
        self.find_edit.selectAll()
        self._update_count()

    def close_bar(self) -> None:
        """Hide the bar and return to the text."""
        self.hide()
        self.editor.setFocus()

    # -- finding ---------------------------------------------------------------------------------------
    def _matches(self) -> list[QTextCursor]:
        text = self.find_edit.text()
        doc = self.editor.document()
        out: list[QTextCursor] = []
        if not text:
            return out
        cur = doc.find(text, 0)
        while not cur.isNull():
            out.append(cur)
            cur = doc.find(text, cur.selectionEnd())
        return out

    def _update_count(self) -> int:
        matches = self._matches()
        sel = self.editor.textCursor()
        current = next((i for i, m in enumerate(matches)
                        if m.selectionStart() == sel.selectionStart()
                        and m.selectionEnd() == sel.selectionEnd()), -1)
        if not self.find_edit.text():
            self.count_label.setText("")
        elif not matches:
            self.count_label.setText("未找到")
        elif current >= 0:
            self.count_label.setText(f"第 {current + 1} 处，共 {len(matches)} 处")
        else:
            self.count_label.setText(f"共 {len(matches)} 处")
        return len(matches)

    def _on_text(self, _text: str) -> None:
        self._update_count()

    def _go(self, backward: bool) -> bool:
        text = self.find_edit.text()
        if not text:
            return False
        doc = self.editor.document()
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        cur = doc.find(text, self.editor.textCursor(), flags)
        if cur.isNull():  # wrap around, as Word does
            start = QTextCursor(doc)
            if backward:
                start.movePosition(QTextCursor.MoveOperation.End)
            cur = doc.find(text, start, flags)
        if cur.isNull():
            self._update_count()
            return False
        self.editor.setTextCursor(cur)
        self.editor.centerCursor()
        self._update_count()
        return True

    def find_next(self) -> bool:
        """Select the next match (wrapping at the end); return False when there is none."""
        return self._go(backward=False)

    def find_previous(self) -> bool:
        """Select the previous match (wrapping at the start)."""
        return self._go(backward=True)

    # -- replacing -------------------------------------------------------------------------------------
    def replace_one(self) -> bool:
        """Replace the selected match (if it is one) and move to the next."""
        text = self.find_edit.text()
        cur = self.editor.textCursor()
        if text and cur.selectedText() == text:
            if self.editor._touches_protected(cur):
                self.message.emit("表格或文本框中的文字只读，未替换")
            else:
                cur.insertText(self.replace_edit.text())
        return self.find_next()

    def replace_all(self) -> int:
        """Replace every match outside tables and text boxes as one undo step; return how many."""
        matches = [m for m in self._matches() if not self.editor._touches_protected(m)]
        skipped = self._update_count() - len(matches)
        if not matches:
            self.message.emit("没有可替换的内容")
            return 0
        new = self.replace_edit.text()
        edit = QTextCursor(self.editor.document())
        edit.beginEditBlock()
        for m in reversed(matches):
            m.insertText(new)
        edit.endEditBlock()
        self._update_count()
        note = f"（表格、文本框中的 {skipped} 处只读，未替换）" if skipped else ""
        self.message.emit(f"已替换 {len(matches)} 处{note}")
        return len(matches)
