"""The document editor: one block per paragraph of the open document, shown with its runs' fonts, sizes,
bold and colour, roles in a gutter, findings underlined, and table / text-box paragraphs protected.

The run formatting is drawn by a syntax highlighter from the document model (it is display, not part of
the editable text), so typing, undo and redo only ever change text; the model keeps the formatting and
:meth:`gov_docs.api.OpenDocument.save` writes the text changes back into the original file's runs.

Each block remembers the id of the paragraph it shows (``QTextBlock.userState``). Qt moves or drops that
state when blocks are split or merged, so :meth:`DocumentEditor.paragraph_items` re-derives the ids by a
line diff against the model (the state is a hint for split paragraphs): a line inserted above a paragraph
never takes that paragraph's id or role.
"""

from __future__ import annotations

import difflib

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeySequence,
    QPainter,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from gov_docs.gui.textpos import to_qt

CATEGORY_COLORS = {
    "format": "#8e44ad", "punctuation": "#2980b9", "number": "#16a085", "typo": "#e74c3c",
    "sensitive": "#d35400", "expression": "#c0392b", "structure": "#7f8c8d",
}
ROLE_SHORT = {
    "标题": "标题", "主送机关": "主送", "正文": "正文", "一级标题": "一级", "二级标题": "二级",
    "三级标题": "三级",
    "四级标题": "四级", "附件说明": "附件", "发文机关署名": "署名", "成文日期": "日期", "发文字号": "文号",
    "附注": "附注", "附件标识": "附标", "抄送": "抄送", "印发": "印发", "空行": "", "份号": "份号",
    "密级": "密级",
    "紧急程度": "紧急", "发文机关标志": "版头", "签发人": "签发",
}
#: Fonts a clerk's files name, and what to try on a machine that lacks them.
FONT_FALLBACKS = {
    "仿宋_GB2312": ["仿宋_GB2312", "FangSong", "仿宋", "Noto Serif CJK SC"],
    "仿宋": ["仿宋", "FangSong", "Noto Serif CJK SC"],
    "楷体_GB2312": ["楷体_GB2312", "KaiTi", "楷体", "Noto Serif CJK SC"],
    "黑体": ["黑体", "SimHei", "Noto Sans CJK SC"],
    "方正小标宋简体": ["方正小标宋简体", "方正小标宋_GBK", "SimSun", "Noto Serif CJK SC"],
    "宋体": ["宋体", "SimSun", "Noto Serif CJK SC"],
}
PROTECTED_BACKGROUND = "#eef1f5"
#: Keys that change text.
_EDIT_KEYS = {Qt.Key.Key_Backspace, Qt.Key.Key_Delete, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab}


class _Gutter(QWidget):
    def __init__(self, editor: DocumentEditor) -> None:
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:  # noqa: N802, D102 - Qt override
        return QSize(self.editor.gutter_width(), 0)

    def paintEvent(self, event) -> None:  # noqa: N802, D102 - Qt override
        self.editor.paint_gutter(event)


class RunHighlighter(QSyntaxHighlighter):
    """Draws each block with the fonts, sizes, bold and colour of its paragraph's runs (display only)."""

    def __init__(self, editor: DocumentEditor) -> None:
        super().__init__(editor.document())
        self.editor = editor

    def highlightBlock(self, text: str) -> None:  # noqa: N802, D102 - Qt override
        p = self.editor.paragraph_for_block(self.currentBlock())
        if p is None:
            return
        protected = self.editor.is_protected_paragraph(p)
        pos = 0
        for run in p.runs or []:
            start, end = pos, min(len(text), pos + len(run.text))
            pos += len(run.text)
            if end <= start:
                continue
            fmt = _char_format(run)
            if protected:
                fmt.setBackground(QColor(PROTECTED_BACKGROUND))
            self.setFormat(start, end - start, fmt)
        if protected and not p.runs:
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(PROTECTED_BACKGROUND))
            self.setFormat(0, len(text), fmt)


def _char_format(run) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if run.font_east_asia and not run.font_east_asia.startswith("主题字体"):
        fmt.setFontFamilies(FONT_FALLBACKS.get(run.font_east_asia, [run.font_east_asia, "Noto Serif CJK SC"]))
    if run.size_pt:
        fmt.setFontPointSize(float(run.size_pt) * 0.8)  # 三号 (16 pt) reads like Word's 100 % zoom on screen
    if run.bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    if run.color and len(run.color) == 6 and run.color.lower() not in ("auto", "000000"):
        fmt.setForeground(QColor("#" + run.color))
    return fmt


class DocumentEditor(QPlainTextEdit):
    """Editing of a 公文, one paragraph per block; roles in the left gutter; protected blocks refuse edits."""

    #: A refused edit (a table or text-box paragraph): the Chinese reason, for the status bar.
    refused = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.roles: list[str] = []
        self.model = None  # the Document shown (paragraph ids, runs, containers)
        self._by_uid: dict[int, object] = {}
        self.protected_containers: tuple[str, ...] = ()
        self.gutter = _Gutter(self)
        font = QFont()
        font.setFamilies(["FangSong", "仿宋", "Noto Serif CJK SC", "Noto Sans CJK SC"])
        font.setPointSize(13)
        self.setFont(font)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.blockCountChanged.connect(lambda _n: self.setViewportMargins(self.gutter_width(), 0, 0, 0))
        self.updateRequest.connect(self._update_gutter)
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)
        self.setPlaceholderText("在此输入或粘贴公文，每段一行；也可从“文件”菜单打开 .docx / .txt")
        self.highlighter = RunHighlighter(self)

    # -- the model --------------------------------------------------------------------------------
    def load(self, document, protected_containers: tuple[str, ...] = ()) -> None:
        """Show ``document``: one block per paragraph, ids remembered, formatting drawn; undo starts
        afresh.
        """
        self.protected_containers = protected_containers
        self.set_model(document, rehighlight=False)
        self.setPlainText("\n".join(p.text for p in document.paragraphs) if document is not None else "")
        block = self.document().firstBlock()
        for p in document.paragraphs if document is not None else []:
            if not block.isValid():
                break
            block.setUserState(p.uid)
            block = block.next()
        self.highlighter.rehighlight()
        self.document().setModified(False)
        self._place_gutter()  # wider for list numbers
        self.set_roles([p.role.value for p in document.paragraphs] if document is not None else [])

    def set_model(self, document, rehighlight: bool = True) -> None:
        """Take a new version of the model (after a sync, a fix, a role change) and redraw formatting."""
        old = self._by_uid
        self.model = document
        self._by_uid = {p.uid: p for p in document.paragraphs} if document is not None else {}
        if not rehighlight:
            return
        changed = {uid for uid, p in self._by_uid.items() if old.get(uid) is not p}
        if len(changed) * 2 > len(self._by_uid):
            self.highlighter.rehighlight()
            return
        block = self.document().firstBlock()  # only the paragraphs that are new objects (edited, fixed, new)
        while block.isValid() and changed:
            if block.userState() in changed:
                self.highlighter.rehighlightBlock(block)
            block = block.next()

    def paragraph_for_block(self, block):
        """Return the model paragraph a block shows, or None (a new line not yet synced)."""
        return self._by_uid.get(block.userState())

    def is_protected_paragraph(self, p) -> bool:
        """Return True when ``p`` sits in a container the editor must not change (table, text box …)."""
        return bool(p is not None and p.container and p.container in self.protected_containers)

    def is_protected_block(self, block) -> bool:
        """Return True when ``block`` shows a protected paragraph."""
        return block.isValid() and self.is_protected_paragraph(self.paragraph_for_block(block))

    def paragraph_items(self) -> list[tuple[int | None, str]]:
        """Return (paragraph id or None, text) for every block, ids re-derived by a line diff with the model.

        Also writes the derived ids back into the blocks, so later edits start from correct hints.
        """
        blocks = []
        b = self.document().firstBlock()
        while b.isValid():
            blocks.append(b)
            b = b.next()
        texts = [b.text() for b in blocks]
        hints = [b.userState() for b in blocks]
        ids: list[int | None] = [None] * len(blocks)
        old = list(self.model.paragraphs) if self.model is not None else []
        sm = difflib.SequenceMatcher(None, [p.text for p in old], texts, autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "equal":
                for k in range(i2 - i1):
                    ids[j1 + k] = old[i1 + k].uid
            elif tag == "replace":
                region = {p.uid: p for p in old[i1:i2]}
                taken: set[int] = set()
                for j in range(j1, j2):  # a block that still carries one of the region's ids keeps it
                    if hints[j] in region and hints[j] not in taken:
                        ids[j] = hints[j]
                        taken.add(hints[j])
                last = j1 - 1
                for p in old[i1:i2]:  # the rest: the most similar free block after the previous match
                    if p.uid in taken:
                        last = max(last, ids.index(p.uid, j1, j2))
                        continue
                    best, best_ratio = None, 0.34
                    for j in range(last + 1, j2):
                        if ids[j] is None:
                            r = difflib.SequenceMatcher(None, p.text, texts[j], autojunk=False).ratio()
                            if r > best_ratio:
                                best, best_ratio = j, r
                    if best is not None:
                        ids[best] = p.uid
                        taken.add(p.uid)
                        last = best
        for b, uid in zip(blocks, ids, strict=True):
            if uid is not None and b.userState() != uid:
                b.setUserState(uid)
        return list(zip(ids, texts, strict=True))

    def adopt_ids(self, document) -> None:
        """After a sync that created paragraphs, give their blocks the new paragraphs' ids."""
        b = self.document().firstBlock()
        for p in document.paragraphs:
            if not b.isValid():
                break
            if b.text() == p.text and b.userState() != p.uid:
                b.setUserState(p.uid)
            b = b.next()
        self.set_model(document)

    # -- protection -----------------------------------------------------------------------------------
    def _touches_protected(self, cursor: QTextCursor, key: int | None = None) -> bool:
        doc = self.document()
        start, end = sorted((cursor.anchor(), cursor.position()))
        first, last = doc.findBlock(start), doc.findBlock(end)
        b = first
        while b.isValid():
            if self.is_protected_block(b):
                return True
            if b == last:
                break
            b = b.next()
        if start == end and key is not None:
            block = doc.findBlock(start)
            if (key == Qt.Key.Key_Backspace and start == block.position()
                and self.is_protected_block(block.previous())):
                return True
            if key == Qt.Key.Key_Delete and start == block.position() + block.length() - 1 \
                    and self.is_protected_block(block.next()):
                return True
        return False

    @staticmethod
    def _changes_text(event) -> bool:
        if event.matches(QKeySequence.StandardKey.Cut) or event.matches(QKeySequence.StandardKey.Paste):
            return True
        if event.key() in _EDIT_KEYS:
            return True
        mods = event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                                     | Qt.KeyboardModifier.MetaModifier)
        return bool(event.text()) and event.text().isprintable() and not mods

    def keyPressEvent(self, event) -> None:  # noqa: N802, D102 - Qt override
        if self._changes_text(event) and self._touches_protected(self.textCursor(), event.key()):
            self.refused.emit(
                "表格、文本框中的文字在此只读（已原样保留，保存时不改动）；请在 Word/WPS 中修改")
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source) -> None:  # noqa: N802, D102 - Qt override
        if self._touches_protected(self.textCursor()):
            self.refused.emit("不能粘贴到表格或文本框中（只读）")
            return
        super().insertFromMimeData(source)

    def inputMethodEvent(self, event) -> None:  # noqa: N802, D102 - Qt override (Chinese input methods)
        if event.commitString() and self._touches_protected(self.textCursor()):
            self.refused.emit("表格、文本框中的文字在此只读")
            event.accept()
            return
        super().inputMethodEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802, D102 - Qt override
        if event.source() is self and self._touches_protected(self.textCursor()):
            event.setDropAction(Qt.DropAction.CopyAction)  # dragging out of a table copies, never moves
        super().dropEvent(event)

    def canInsertFromMimeData(self, source) -> bool:  # noqa: N802, D102 - Qt override
        return super().canInsertFromMimeData(source) and not self._touches_protected(self.textCursor())

    # -- gutter ---------------------------------------------------------------------------------------
    def gutter_width(self) -> int:
        """Return the gutter width in pixels: room for a two-character role label, or for a list number
        (（十一）) when the document numbers paragraphs with Word's list feature.
        """
        numbered = self.model is not None and any(p.number_label for p in self.model.paragraphs)
        return self.fontMetrics().horizontalAdvance("（十一）" if numbered else "一级") + 16

    def resizeEvent(self, event) -> None:  # noqa: N802, D102 - Qt override
        super().resizeEvent(event)
        self._place_gutter()

    def _place_gutter(self) -> None:
        width = self.gutter_width()
        self.setViewportMargins(width, 0, 0, 0)
        cr = self.contentsRect()
        self.gutter.setGeometry(QRect(cr.left(), cr.top(), width, cr.height()))

    def _update_gutter(self, rect, dy) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def paint_gutter(self, event) -> None:
        """Paint each block's role label (and 表格/文本框 for protected blocks)."""
        painter = QPainter(self.gutter)
        painter.fillRect(event.rect(), QColor("#f4f1ea"))
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        small = QFont(self.font())
        small.setPointSize(max(8, self.font().pointSize() - 4))
        painter.setFont(small)
        while block.isValid() and top <= event.rect().bottom():
            bottom = top + round(self.blockBoundingRect(block).height())
            n = block.blockNumber()
            if block.isVisible():
                p = self.paragraph_for_block(block)
                if self.is_protected_paragraph(p):
                    label, color = p.container[:2], "#5b6b7f"
                elif p is not None and p.number_label:  # the number Word's list feature shows
                    label, color = p.number_label, "#2f5f8f"
                else:
                    label = ROLE_SHORT.get(self.roles[n], self.roles[n][:2]) if n < len(self.roles) else ""
                    color = "#8a6d3b"
                painter.setPen(QColor(color))
                painter.drawText(2, top, self.gutter.width() - 4, self.fontMetrics().height(),
                                 Qt.AlignmentFlag.AlignRight, label)
            block = block.next()
            top = bottom

    def set_roles(self, roles: list[str]) -> None:
        """Show these role names, one per paragraph."""
        self.roles = roles
        self.gutter.update()

    # -- positions and findings ----------------------------------------------------------------------
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
        """Underline text findings with a wave in their category colour (paragraph findings: light
        background).
        """
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

    def char_count(self) -> int:
        """Return the number of characters, not counting spaces and line breaks (as WPS's 字数)."""
        return sum(1 for ch in self.toPlainText() if not ch.isspace())
