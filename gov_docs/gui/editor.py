"""The document editor: a plain-text editor with each paragraph's role in a gutter and findings underlined."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from gov_docs.gui.textpos import to_qt

CATEGORY_COLORS = {
    "format": "#8e44ad", "punctuation": "#2980b9", "number": "#16a085", "typo": "#e74c3c",
    "sensitive": "#d35400", "expression": "#c0392b", "structure": "#7f8c8d",
}
ROLE_SHORT = {
    "标题": "标题", "主送机关": "主送", "正文": "正文", "一级标题": "一级", "二级标题": "二级", "三级标题": "三级",
    "四级标题": "四级", "附件说明": "附件", "发文机关署名": "署名", "成文日期": "日期", "发文字号": "文号",
    "附注": "附注", "附件标识": "附标", "抄送": "抄送", "印发": "印发", "空行": "", "份号": "份号", "密级": "密级",
    "紧急程度": "紧急", "发文机关标志": "版头", "签发人": "签发",
}


class _Gutter(QWidget):
    def __init__(self, editor: DocumentEditor) -> None:
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:  # noqa: N802, D102 - Qt override
        return QSize(self.editor.gutter_width(), 0)

    def paintEvent(self, event) -> None:  # noqa: N802, D102 - Qt override
        self.editor.paint_gutter(event)


class DocumentEditor(QPlainTextEdit):
    """Plain-text editing of a 公文, one paragraph per line; roles shown in the left gutter."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.roles: list[str] = []
        self.gutter = _Gutter(self)
        font = QFont()
        font.setFamilies(["FangSong", "仿宋", "Noto Serif CJK SC", "Noto Sans CJK SC"])
        font.setPointSize(14)
        self.setFont(font)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.blockCountChanged.connect(lambda _n: self.setViewportMargins(self.gutter_width(), 0, 0, 0))
        self.updateRequest.connect(self._update_gutter)
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)
        self.setPlaceholderText("在此输入或粘贴公文，每段一行；也可从“文件”菜单打开 .docx / .txt")

    def gutter_width(self) -> int:
        """Return the gutter width in pixels (room for a two-character role label)."""
        return self.fontMetrics().horizontalAdvance("一级") + 16

    def resizeEvent(self, event) -> None:  # noqa: N802, D102 - Qt override
        super().resizeEvent(event)
        cr = self.contentsRect()
        self.gutter.setGeometry(QRect(cr.left(), cr.top(), self.gutter_width(), cr.height()))

    def _update_gutter(self, rect, dy) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def paint_gutter(self, event) -> None:
        """Paint each block's role label."""
        painter = QPainter(self.gutter)
        painter.fillRect(event.rect(), QColor("#f4f1ea"))
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        small = QFont(self.font())
        small.setPointSize(max(8, self.font().pointSize() - 5))
        painter.setFont(small)
        painter.setPen(QColor("#8a6d3b"))
        while block.isValid() and top <= event.rect().bottom():
            bottom = top + round(self.blockBoundingRect(block).height())
            n = block.blockNumber()
            if block.isVisible() and n < len(self.roles):
                painter.drawText(2, top, self.gutter.width() - 4, self.fontMetrics().height(),
                                 Qt.AlignmentFlag.AlignRight, ROLE_SHORT.get(self.roles[n], self.roles[n][:2]))
            block = block.next()
            top = bottom

    def set_roles(self, roles: list[str]) -> None:
        """Show these role names, one per paragraph."""
        self.roles = roles
        self.gutter.update()

    def paragraph_texts(self) -> list[str]:
        """Return the text of every paragraph (block)."""
        return self.toPlainText().split("\n")

    def span_cursor(self, paragraph: int, start: int, end: int) -> QTextCursor | None:
        """Return a cursor selecting code points [start, end) of a paragraph, or None if out of range."""
        block = self.document().findBlockByNumber(paragraph)
        if not block.isValid():
            return None
        text = block.text()
        start, end = min(start, len(text)), min(end, len(text))
        cur = QTextCursor(block)
        cur.setPosition(block.position() + to_qt(text, start))
        cur.setPosition(block.position() + to_qt(text, end), QTextCursor.MoveMode.KeepAnchor)
        return cur

    def underline(self, findings) -> None:
        """Underline text findings with a wave in their category colour (paragraph findings: light background)."""
        selections = []
        for f in findings:
            if f.paragraph < 0:
                continue
            block = self.document().findBlockByNumber(f.paragraph)
            if not block.isValid():
                continue
            sel = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            color = QColor(CATEGORY_COLORS.get(f.category.value, "#e74c3c"))
            if f.scope == "text" and f.end > f.start:
                cur = self.span_cursor(f.paragraph, f.start, f.end)
                if cur is None:
                    continue
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                fmt.setUnderlineColor(color)
            else:
                cur = QTextCursor(block)
                cur.select(QTextCursor.SelectionType.BlockUnderCursor)
                color.setAlpha(28)
                fmt.setBackground(color)
                fmt.setProperty(QTextFormat.Property.FullWidthSelection, True)
            sel.cursor, sel.format = cur, fmt
            selections.append(sel)
        self.setExtraSelections(selections)
