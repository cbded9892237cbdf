"""Reading a 参考范文's source document beside the draft, without replacing the document being edited."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout

from gov_docs import api


class SourceViewDialog(QDialog):
    """Show a library document read-only, the passage the draft drew on selected and in view.

    "打开原文" used to open the document in the editor, which asked to save or drop the draft that had
    just been written; a clerk only wanted to read where a passage came from. This window stays open
    beside the main window; "在编辑器中打开" still opens the file for editing.
    """

    edit_requested = Signal(str)  # path

    def __init__(self, path: str | Path, passage: str = "", parent=None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        od = api.open(self.path)  # raises GovDocsError with a Chinese message naming the file
        title = od.document.title or self.path.name
        self.setWindowTitle(f"参考范文原文 — {title}")
        self.resize(760, 720)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setPlainText("\n".join(p.text for p in od.document.paragraphs))
        self.where = QLabel(str(self.path))
        self.where.setWordWrap(True)
        self.btn_edit = QPushButton("在编辑器中打开")
        self.btn_edit.setToolTip("作为当前文稿打开此文件（编辑器中的文稿未保存时会先询问）")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.addButton(self.btn_edit, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        self.btn_edit.clicked.connect(self._edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.found = self.show_passage(passage)

    def show_passage(self, passage: str) -> bool:
        """Select the passage (or its first line) in the text and scroll to it; return True if found."""
        for needle in (passage.strip(), passage.strip().split("\n")[0][:40]):
            if not needle:
                continue
            found = self.text.document().find(needle, 0, QTextDocument.FindFlag(0))
            if not found.isNull():
                self.text.setTextCursor(found)
                self.text.centerCursor()
                return True
        self.text.moveCursor(QTextCursor.MoveOperation.Start)
        return False

    def _edit(self) -> None:
        self.edit_requested.emit(str(self.path))
        self.close()
