"""The page view: the 公文 drawn page by page from the GB/T 9704 layout, plus print, print preview and 导出
PDF.

What the clerk sees here is what the printer and the PDF produce: all three draw the same
:class:`gov_docs.layout.Layout`. The view follows the editor as the clerk types (only the pages from
the edited paragraph on are laid out again), underlines findings on the page, and a click puts the
editor's cursor on that character; typing while the page has the focus goes to the editor.

Hooked into the main window by :func:`install_page_view` (one call): 视图 → 文本视图 / 页面视图 /
并排 (Ctrl+Alt+N / Ctrl+Alt+P / Ctrl+Alt+S, as in Word), 文件 → 打印… (Ctrl+P), 打印预览…, 导出PDF….
"""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QKeyEvent, QKeySequence, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gov_docs.gui.editor import CATEGORY_COLORS
from gov_docs.gui.textpos import from_qt, to_qt
from gov_docs.layout import Layout, Page, relayout
from gov_docs.layout import geometry as g

PAGE_GAP = 16  # pixels between pages
RELAYOUT_DELAY_MS = 120
ZOOMS = (0.5, 0.67, 0.75, 0.9, 1.0, 1.25, 1.5, 2.0)


class PageFonts:
    """QFonts for the standard font names, drawn by what :func:`gov_docs.layout.fonts.resolve_fonts` found."""

    def __init__(self) -> None:
        from gov_docs.document.docx_writer import FONT_LATIN
        from gov_docs.layout.fonts import resolve_fonts, substitution_note

        self.choices = resolve_fonts()
        self.note = substitution_note(self.choices)
        self.latin = FONT_LATIN
        self._cache: dict[tuple[str, int], QFont] = {}

    def font(self, standard: str, pixels: int) -> QFont:
        """Return the QFont drawing ``standard`` at ``pixels`` pixels."""
        key = (standard, pixels)
        f = self._cache.get(key)
        if f is None:
            choice = self.choices.get(standard)
            f = QFont()
            f.setFamilies([choice.family] if choice else [])
            if choice is not None and choice.bold:
                f.setWeight(QFont.Weight.Bold)
            f.setPixelSize(max(1, pixels))
            f.setKerning(False)
            self._cache[key] = f
        return f


def paint_page(painter: QPainter, page: Page, origin: QPointF, scale: float, fonts: PageFonts, *,
               findings: dict[int, list] | None = None, caret: tuple[float, float, float] | None = None,
               paper: bool = True) -> None:
    """Draw one layout page with its top-left corner at ``origin``, ``scale`` device pixels per point.

    Args:
        painter: an active painter (widget, printer or image).
        page: the layout page.
        origin: where the page's top-left corner goes, in device pixels.
        scale: device pixels per point.
        fonts: the fonts to draw with.
        findings: findings by paragraph, underlined on the page (the screen only).
        caret: ``(x, top, height)`` of the editor's cursor on this page in points (the screen only).
        paper: fill the page white with a thin border (the screen; not when printing).
    """
    ox, oy = origin.x(), origin.y()

    def pt(x: float, y: float) -> QPointF:
        return QPointF(ox + x * scale, oy + y * scale)

    if paper:
        rect = QRectF(ox, oy, page.width * scale, page.height * scale)
        painter.fillRect(rect, QColor("white"))
        painter.setPen(QPen(QColor("#c8c8c8"), 1))
        painter.drawRect(rect)
    if paper and page.seal is not None:  # where the seal will be pressed (the screen only, never printed)
        cx, cy, r = page.seal
        pen = QPen(QColor(230, 0, 18, 110), 1, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(pt(cx, cy), r * scale, r * scale)
        painter.setFont(fonts.font(fonts.latin, max(6, round(9 * scale))))
        painter.drawText(QRectF(pt(cx - r, cy - r + 4), pt(cx + r, cy - r + 16)),
                         Qt.AlignmentFlag.AlignHCenter,
                         "印章位置")
    for rule in page.rules:
        pen = QPen(QColor("#" + rule.color), max(1.0, rule.width * scale))
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.drawLine(pt(rule.x0, rule.y), pt(rule.x1, rule.y))
    for line in page.lines:
        for span in line.spans:
            painter.setPen(QColor("#" + span.color))
            pixels = round(span.size * scale)
            current = None
            for ch, x in zip(span.text, span.xs, strict=False):
                if ch.isspace():
                    continue
                standard = fonts.latin if ch.isascii() else span.font
                if standard != current:
                    painter.setFont(fonts.font(standard, pixels))
                    current = standard
                painter.drawText(pt(x, line.baseline), ch)
        if findings and line.paragraph in findings:
            _underline(painter, line, findings[line.paragraph], pt, scale)
    if caret is not None:
        x, top, height = caret
        painter.setPen(QPen(QColor("#1a73e8"), max(1.0, 1.2 * scale)))
        painter.drawLine(pt(x, top + 0.15 * height), pt(x, top + 0.85 * height))


def _underline(painter: QPainter, line, findings: list, pt, scale: float) -> None:
    """Underline the characters of ``line`` that findings cover: a wave for text, a margin bar otherwise."""
    chars = line.char_positions()
    end = line.start + len(chars)
    for f in findings:
        color = QColor(CATEGORY_COLORS.get(f.category.value, "#e74c3c"))
        if getattr(f, "scope", "text") != "text" or f.end <= f.start:
            painter.fillRect(QRectF(pt(g.LEFT - 9, line.top + 4), pt(g.LEFT - 6, line.top + line.height - 4)),
                             color)
            continue
        a, b = max(f.start, line.start), min(f.end, end)
        if a >= b:
            continue
        x0 = chars[a - line.start][1]
        last = chars[b - 1 - line.start]
        x1 = last[1] + last[2]
        y = line.baseline + 0.18 * last[4]
        path = QPainterPath(pt(x0, y))
        step = 2.0
        x, up = x0, True
        while x < x1:
            x = min(x1, x + step)
            path.lineTo(pt(x, y - 1.2 if up else y + 0.3))
            up = not up
        painter.setPen(QPen(color, max(1.0, 0.8 * scale)))
        painter.drawPath(path)


def locate(layout: Layout, paragraph: int, offset: int) -> tuple[int, float, float, float] | None:
    """Return ``(page, x, top, height)`` of the character position ``offset`` in ``paragraph``, or None."""
    best = None
    for page in layout.pages:
        for line in page.lines:
            if line.paragraph != paragraph or line.kind != "text":
                continue
            n = len(line.text)
            if line.start <= offset <= line.start + n:
                chars = line.char_positions()
                if offset - line.start < n:
                    x = chars[offset - line.start][1]
                else:
                    x = line.right
                best = (page.index, x, line.top, line.height)
                if offset - line.start < n:
                    return best
            elif best is None and offset < line.start:
                best = (page.index, line.left, line.top, line.height)
    return best


def hit_test(page: Page, x: float, y: float) -> tuple[int, int] | None:
    """Return ``(paragraph, offset)`` of the character nearest the point (x, y) in points, or None."""
    lines = [ln for ln in page.lines if ln.kind == "text" and ln.paragraph >= 0]
    if not lines:
        return None
    line = min(lines, key=lambda ln: 0 if ln.top <= y < ln.top + ln.height else
               min(abs(y - ln.top), abs(y - ln.top - ln.height)) + (0 if ln.left <= x <= ln.right else 0.5))
    on_row = [ln for ln in lines if ln.top == line.top]
    line = min(on_row,
               key=lambda ln: 0 if ln.left <= x <= ln.right else min(abs(x - ln.left), abs(x - ln.right)))
    offset = line.start
    for ch_x_adv in line.char_positions():
        _ch, cx, adv, _f, _s = ch_x_adv
        if x >= cx + adv / 2:
            offset += 1
    return line.paragraph, max(0, offset)  # a list number (offsets < 0) puts the cursor before the text


class PageCanvas(QWidget):
    """The pages stacked vertically at a zoom; draws only the pages in view."""

    cursor_requested = Signal(int, int)  # paragraph, code-point offset

    def __init__(self, fonts: PageFonts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fonts = fonts
        self.layout_: Layout | None = None
        self.zoom = 1.0
        self.findings: dict[int, list] = {}
        self.caret: tuple[int, float, float, float] | None = None
        self.key_target: QWidget | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
        self.setAutoFillBackground(True)
        pal = self.palette()
        pal.setColor(self.backgroundRole(), QColor("#e8e6e1"))
        self.setPalette(pal)
        self.setCursor(Qt.CursorShape.IBeamCursor)

    @property
    def scale(self) -> float:
        """Return device pixels per point at the current zoom."""
        return self.zoom * self.logicalDpiX() / 72.0

    def page_size(self) -> QSize:
        """Return the size of one page in pixels."""
        return QSize(round(g.PAGE_WIDTH * self.scale), round(g.PAGE_HEIGHT * self.scale))

    def page_origin(self, index: int) -> QPointF:
        """Return the top-left corner of page ``index`` in widget pixels."""
        ps = self.page_size()
        x = max(PAGE_GAP, (self.width() - ps.width()) / 2)
        return QPointF(x, PAGE_GAP + index * (ps.height() + PAGE_GAP))

    def sizeHint(self) -> QSize:  # noqa: N802, D102 - Qt override
        ps = self.page_size()
        n = self.layout_.page_count if self.layout_ else 1
        return QSize(ps.width() + 2 * PAGE_GAP, PAGE_GAP + n * (ps.height() + PAGE_GAP))

    def set_layout(self, layout: Layout) -> None:
        """Show ``layout``; repaint."""
        resized = self.layout_ is None or self.layout_.page_count != layout.page_count
        self.layout_ = layout
        if resized:
            self.resize(max(self.width(), self.sizeHint().width()), self.sizeHint().height())
            self.setMinimumSize(self.sizeHint())
        self.update()

    def set_zoom(self, zoom: float) -> None:
        """Change the zoom."""
        self.zoom = zoom
        self.setMinimumSize(self.sizeHint())
        self.resize(max(self.parentWidget().width() if self.parentWidget() else 0, self.sizeHint().width()),
                    self.sizeHint().height())
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802, D102 - Qt override
        if self.layout_ is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        ps = self.page_size()
        visible = event.rect()
        for page in self.layout_.pages:
            o = self.page_origin(page.index)
            if o.y() > visible.bottom() or o.y() + ps.height() < visible.top():
                continue
            caret = None
            if self.caret is not None and self.caret[0] == page.index and self.hasFocus():
                caret = self.caret[1:]
            paint_page(painter, page, o, self.scale, self.fonts, findings=self.findings, caret=caret)
        painter.end()

    def mousePressEvent(self, event) -> None:  # noqa: N802, D102 - Qt override
        if self.layout_ is None:
            return
        ps = self.page_size()
        pos = event.position()
        for page in self.layout_.pages:
            o = self.page_origin(page.index)
            if o.y() <= pos.y() <= o.y() + ps.height():
                hit = hit_test(page, (pos.x() - o.x()) / self.scale, (pos.y() - o.y()) / self.scale)
                if hit is not None:
                    self.cursor_requested.emit(*hit)
                break
        self.setFocus()

    # Qt override: typing on the page edits the text
    def keyPressEvent(self, event) -> None:  # noqa: N802, D102
        if self.key_target is not None:
            copy = QKeyEvent(event.type(), event.key(), event.modifiers(), event.text(), event.isAutoRepeat(),
                             event.count())
            QApplication.sendEvent(self.key_target, copy)
            event.setAccepted(copy.isAccepted())
        else:
            super().keyPressEvent(event)

    def inputMethodEvent(self, event) -> None:  # noqa: N802, D102 - Qt override: Chinese input methods
        if self.key_target is not None:
            QApplication.sendEvent(self.key_target, event)

    def focusInEvent(self, event) -> None:  # noqa: N802, D102 - Qt override
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:  # noqa: N802, D102 - Qt override
        super().focusOutEvent(event)
        self.update()


class PageView(QWidget):
    """The page view panel: zoom buttons, a note on stand-in fonts, the scrolled pages."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fonts = PageFonts()
        self.canvas = PageCanvas(self.fonts)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.canvas)
        self.scroll.setWidgetResizable(False)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.setBackgroundRole(self.canvas.backgroundRole())
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        self.btn_out = QToolButton(text="－", toolTip="缩小页面")
        self.btn_in = QToolButton(text="＋", toolTip="放大页面")
        self.btn_fit = QToolButton(text="适合宽度", toolTip="页面宽度随窗口缩放", checkable=True,
                                   checked=True)
        self.zoom_label = QLabel()
        self.info = QLabel()
        self.info.setStyleSheet("color:#8a6d3b")
        self.info.setMinimumWidth(10)  # the full note is in the tooltip; no word wrap (it loops layouts)
        self.info.setSizePolicy(self.info.sizePolicy().horizontalPolicy().Ignored,
                                self.info.sizePolicy().verticalPolicy())
        self.info.setText(("字体替代：" + self.fonts.note.split("：", 1)[-1]) if self.fonts.note else "")
        self.info.setToolTip(self.fonts.note)
        for w in (self.btn_out, self.zoom_label, self.btn_in, self.btn_fit):
            bar.addWidget(w)
        bar.addWidget(self.info, 1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addLayout(bar)
        box.addWidget(self.scroll, 1)
        self.btn_in.clicked.connect(lambda: self.step_zoom(1))
        self.btn_out.clicked.connect(lambda: self.step_zoom(-1))
        self.btn_fit.toggled.connect(lambda on: on and self.fit())
        self.set_zoom(0.75)

    def set_zoom(self, zoom: float) -> None:
        """Show the pages at ``zoom`` (1.0 = actual size)."""
        self.canvas.set_zoom(zoom)
        self.zoom_label.setText(f"{round(zoom * 100)}%")

    def fit(self) -> None:
        """Zoom so that a page fills the width of the view."""
        room = self.scroll.viewport().width() - 2 * PAGE_GAP
        per_point = self.canvas.logicalDpiX() / 72.0
        if room > 50:
            self.set_zoom(max(0.3, min(3.0, room / (g.PAGE_WIDTH * per_point))))

    def step_zoom(self, direction: int) -> None:
        """Go to the next larger (1) or smaller (-1) zoom."""
        self.btn_fit.setChecked(False)
        i = min(range(len(ZOOMS)), key=lambda k: abs(ZOOMS[k] - self.canvas.zoom))
        self.set_zoom(ZOOMS[max(0, min(len(ZOOMS) - 1, i + direction))])

    def resizeEvent(self, event) -> None:  # noqa: N802, D102 - Qt override
        super().resizeEvent(event)
        if self.btn_fit.isChecked():
            QTimer.singleShot(0, self.fit)
        self.canvas.resize(max(self.scroll.viewport().width(), self.canvas.sizeHint().width()),
                           self.canvas.sizeHint().height())

    def ensure_visible(self, page: int, y: float) -> None:
        """Scroll so that point ``y`` of page ``page`` is in view."""
        o = self.canvas.page_origin(page)
        self.scroll.ensureVisible(int(o.x()), int(o.y() + y * self.canvas.scale), 0, 60)


class PageViewController(QObject):
    """Keeps the page view in step with the editor; print, print preview and 导出PDF."""

    layout_done = Signal(object)  # the new Layout

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.editor = window.editor
        self.view = PageView()
        self.view.canvas.key_target = self.editor
        self.layout: Layout | None = None
        self.last_relaid = 0
        self.jobs = itertools.count(1)
        self.timer = QTimer(self, singleShot=True, interval=RELAYOUT_DELAY_MS)
        self.timer.timeout.connect(self.refresh)
        self.editor.textChanged.connect(self._text_changed)
        self.editor.cursorPositionChanged.connect(self._cursor_moved)
        self.view.canvas.cursor_requested.connect(self.place_cursor)

    # -- following the editor ---------------------------------------------------------------------
    def _text_changed(self) -> None:
        if self.view.isVisible():
            self.timer.start()
        else:
            self.layout = None if not self.editor.toPlainText() else self.layout

    def document(self):
        """Return the editor's text as a document, with the roles the window knows."""
        current = getattr(self.window, "current_document", None)
        if callable(current):
            return current()
        from gov_docs.document import document_from_text

        return document_from_text(self.editor.toPlainText())

    def refresh(self) -> None:
        """Lay the editor's text out again (only pages from the first changed paragraph on)."""
        self.timer.stop()
        try:
            doc = self.document()
            self.layout = relayout(self.layout, doc)
        except Exception as exc:  # noqa: BLE001 - the view must never take the editor down
            self.window.statusBar().showMessage(f"页面排版出错：{type(exc).__name__}: {exc}", 10000)
            return
        self.last_relaid = self.layout.relaid_pages
        self.view.canvas.set_layout(self.layout)
        self._cursor_moved()
        self.layout_done.emit(self.layout)

    def show_findings(self, findings) -> None:
        """Underline these findings on the pages."""
        by_para: dict[int, list] = {}
        for f in findings:
            if f.paragraph >= 0:
                by_para.setdefault(f.paragraph, []).append(f)
        self.view.canvas.findings = by_para
        self.view.canvas.update()

    def _cursor_moved(self) -> None:
        if self.layout is None:
            return
        cur = self.editor.textCursor()
        block = cur.block()
        offset = from_qt(block.text(), cur.positionInBlock())
        where = locate(self.layout, block.blockNumber(), offset)
        self.view.canvas.caret = where
        if where is not None and self.view.canvas.hasFocus():
            self.view.ensure_visible(where[0], where[2])
        self.view.canvas.update()

    def place_cursor(self, paragraph: int, offset: int) -> None:
        """Put the editor's cursor at ``offset`` of ``paragraph`` (a click on the page)."""
        block = self.editor.document().findBlockByNumber(paragraph)
        if not block.isValid():
            return
        cur = self.editor.textCursor()
        cur.setPosition(block.position() + to_qt(block.text(), min(offset, len(block.text()))))
        self.editor.setTextCursor(cur)
        self.editor.ensureCursorVisible()

    # -- modes ----------------------------------------------------------------------------------------
    def set_mode(self, mode: str) -> None:
        """Show the text view (``text``), the page view (``page``) or both side by side (``both``)."""
        self.editor.setVisible(mode in ("text", "both"))
        self.view.setVisible(mode in ("page", "both"))
        outer = getattr(self, "outer", None)
        if outer is not None and outer.count() > 1:
            total = sum(outer.sizes()) or outer.width()
            main = int(total * (0.74 if mode == "both" else 0.62))
            mine = outer.indexOf(self.outer_child)
            rest = [i for i in range(outer.count()) if i != mine]
            sizes = [(total - main) // len(rest)] * outer.count()
            sizes[mine] = main
            outer.setSizes(sizes)
        if mode == "both":
            QTimer.singleShot(0, self._halve)
        if mode != "text":
            self.refresh()
            if mode == "page":
                self.view.canvas.setFocus()
        else:
            self.editor.setFocus()
        self.mode = mode
        for name, act in getattr(self, "mode_actions", {}).items():
            act.setChecked(name == mode)

    def _halve(self) -> None:
        half = max(300, self.splitter.width() // 2)
        self.splitter.setSizes([half, half])

    # -- print, preview, PDF ----------------------------------------------------------------------------
    def current_layout(self) -> Layout:
        """Return an up-to-date layout of the editor's text."""
        if self.layout is None or self.timer.isActive() or not self.view.isVisible():
            self.layout = relayout(self.layout, self.document())
        return self.layout

    def render(self, printer) -> None:
        """Draw every page on ``printer`` (QPrinter: paper, PDF or the preview)."""
        layout = self.current_layout()
        painter = QPainter()
        if not painter.begin(printer):
            self.window.error("无法开始打印：打印机不可用")
            return
        scale = printer.resolution() / 72.0
        for k, page in enumerate(layout.pages):
            if k:
                printer.newPage()
            paint_page(painter, page, QPointF(0, 0), scale, self.view.fonts, paper=False)
        painter.end()

    def make_printer(self):
        """Return a high-resolution A4 printer with no margins (the layout places everything)."""
        from PySide6.QtCore import QMarginsF
        from PySide6.QtGui import QPageLayout, QPageSize
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(
            QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                          QMarginsF(0, 0, 0, 0)))
        printer.setFullPage(True)
        printer.setDocName(self.document().title or "公文")
        return printer

    def print_document(self) -> None:
        """Ask for a printer and print (Ctrl+P)."""
        from PySide6.QtPrintSupport import QPrintDialog

        printer = self.make_printer()
        dialog = QPrintDialog(printer, self.window)
        dialog.setWindowTitle("打印公文")
        if dialog.exec():
            self.render(printer)
            self.window.statusBar().showMessage(f"已发送到打印机：{self.current_layout().page_count} 页",
                                                5000)
        dialog.deleteLater()

    def print_preview(self) -> None:
        """Show Qt's print preview of the pages."""
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        # Keep the printer referenced while the dialog lives: the dialog does not own it, and a temporary
        # would be collected at once and leave the preview drawing on a deleted printer (a crash).
        printer = self.make_printer()
        dialog = QPrintPreviewDialog(printer, self.window)
        dialog.setWindowTitle("打印预览")
        dialog.paintRequested.connect(self.render)
        dialog.resize(900, 1000)
        dialog.exec()
        dialog.deleteLater()

    def export_pdf_dialog(self) -> None:
        """Ask for a .pdf path and export."""
        base = getattr(self.window, "path", None)
        suggested = str(Path(base).with_suffix(".pdf")) if base else "公文.pdf"
        path, _ = QFileDialog.getSaveFileName(self.window, "导出PDF", suggested, "PDF (*.pdf)")
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self.export_pdf_to(Path(path))

    def export_pdf_to(self, path: Path):
        """Write the PDF in the background through the api; progress in the status bar, errors in a dialog."""
        from gov_docs import api
        from gov_docs.fileio import same_file
        from gov_docs.gui.workers import FuncWorker

        own = getattr(self.window, "path", None)
        if own is not None and same_file(path, own):
            self.window.error(f"无法写入 {path}：PDF 不能覆盖正在编辑的原文件，请另选文件名")
            return None
        od = getattr(self.window, "od", None)
        if od is None or not hasattr(od, "export_pdf"):
            od = api.from_document(self.document())
        else:
            self.document()  # the open document takes the editor's text first
        worker = FuncWorker(next(self.jobs), lambda _cancel, _tok, prog: od.export_pdf(path, progress=prog))
        bar = self.window.statusBar()
        worker.signals.progress.connect(lambda _j, d, t: bar.showMessage(f"正在导出 PDF：第 {d}/{t} 页"))
        worker.signals.done.connect(lambda _j,
                                    lay: bar.showMessage(f"已导出 PDF：{path}（{lay.page_count} 页）",
                                                                    8000))
        worker.signals.failed.connect(lambda _j, msg: self.window.error(msg))
        bar.showMessage("正在导出 PDF……")
        self.pdf_worker = worker
        QThreadPool.globalInstance().start(worker)
        return worker


def _find_menu(window, title: str):
    for act in window.menuBar().actions():
        if act.menu() is not None and act.text().replace("&", "") == title:
            return act.menu()
    return window.menuBar().addMenu(title)


def install_page_view(window) -> PageViewController:
    """Put the page view beside the window's editor and add the view, print and PDF actions.

    The editor keeps its place: it and the page view share a splitter where the editor was.
    Returns the controller (``window.page_view``).
    """
    ctl = PageViewController(window)
    editor = window.editor
    parent = editor.parentWidget()
    pair = QSplitter(Qt.Orientation.Horizontal)
    ctl.outer = None
    if isinstance(parent, QSplitter):
        index = parent.indexOf(editor)
        sizes = parent.sizes()
        parent.replaceWidget(index, pair)
        parent.setSizes(sizes)
    elif parent is not None and parent.layout() is not None:
        parent.layout().replaceWidget(editor, pair)
    # The nearest splitter above shares the window's width between the pages and the side panels.
    holder, outer = pair, pair.parentWidget()
    while outer is not None and not isinstance(outer, QSplitter):
        holder, outer = outer, outer.parentWidget()
    if outer is not None:
        ctl.outer, ctl.outer_child = outer, holder
        outer.setStretchFactor(outer.indexOf(holder), 3)
    editor.setMinimumWidth(160)
    pair.addWidget(editor)
    pair.addWidget(ctl.view)
    pair.setChildrenCollapsible(False)
    ctl.splitter = pair
    ctl.view.hide()
    ctl.mode = "text"

    def add(menu, text, slot, shortcut=None, checkable=False) -> QAction:
        act = QAction(text, window)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.setCheckable(checkable)
        act.triggered.connect(slot)
        menu.addAction(act)
        return act

    view_menu = _find_menu(window, "视图")
    view_menu.addSeparator()
    ctl.mode_actions = {
        "text": add(view_menu, "文本视图", lambda: ctl.set_mode("text"), "Ctrl+Alt+N", True),
        "page": add(view_menu, "页面视图", lambda: ctl.set_mode("page"), "Ctrl+Alt+P", True),
        "both": add(view_menu, "文本与页面并排", lambda: ctl.set_mode("both"), "Ctrl+Alt+S", True),
    }
    ctl.mode_actions["text"].setChecked(True)
    file_menu = _find_menu(window, "文件")
    quit_action = next((a for a in file_menu.actions() if a.text() == "退出"), None)
    acts = [QAction("打印…", window), QAction("打印预览…", window), QAction("导出PDF…", window)]
    acts[0].setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
    acts[1].setShortcut(QKeySequence("Ctrl+F2"))
    for act, slot in zip(acts, (ctl.print_document, ctl.print_preview, ctl.export_pdf_dialog), strict=True):
        act.triggered.connect(slot)
    if quit_action is not None:
        file_menu.insertActions(quit_action, acts)
        file_menu.insertSeparator(quit_action)
    else:
        file_menu.addActions(acts)
    ctl.print_actions = acts

    # Findings reach the page through the editor's underline call (the window stays unaware of the view).
    underline = editor.underline

    def underline_both(findings) -> None:
        underline(findings)
        ctl.show_findings(findings)

    editor.underline = underline_both
    window.page_view = ctl
    return ctl

