"""The page view in the main window: pages follow typing, clicks place the cursor, print and PDF draw the
layout.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pdfplumber
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QKeyEvent, QPainter
from PySide6.QtWidgets import QApplication, QMessageBox

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.gui.main_window import MainWindow
from gov_docs.gui.page_view import paint_page
from gov_docs.layout import geometry as g

ROOT = Path(__file__).resolve().parent.parent.parent
NOTICE = (ROOT / "tests" / "fixtures" / "full_notice.txt").read_text(encoding="utf-8")


@pytest.fixture
def window(qtbot):
    checker = Checker(load_rules([ROOT / "rules"]), allow_list=AllowList())
    w = MainWindow(checker=checker, ask_restore=False)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    return w


def _page_mode(qtbot, window, text: str):
    ctl = window.page_view
    window.editor.setPlainText(text)
    ctl.set_mode("page")
    qtbot.waitUntil(lambda: ctl.layout is not None and ctl.layout.page_count >= 1, timeout=10000)
    return ctl


def test_modes_switch_between_text_page_and_both(qtbot, window) -> None:
    ctl = _page_mode(qtbot, window, NOTICE)
    assert ctl.view.isVisible() and not window.editor.isVisible()
    assert ctl.layout.page_count == 3
    assert ctl.mode_actions["page"].isChecked()
    ctl.set_mode("both")
    assert ctl.view.isVisible() and window.editor.isVisible()
    ctl.set_mode("text")
    assert not ctl.view.isVisible() and window.editor.isVisible()
    names = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert {"打印…", "打印预览…", "导出PDF…"} <= set(names)


def test_typing_on_the_page_edits_the_text_and_relays_only_later_pages(qtbot, window) -> None:
    body = "\n".join(["某某市人民政府关于做好安全生产工作的通知", "各区县人民政府："]
                     + [
                         "为切实做好安全生产工作，防范化解重大风险，保障人民群众生命财产安全，"
                         "现就有关事项通知如下。" * 3] * 40)
    ctl = _page_mode(qtbot, window, body)
    pages = ctl.layout.page_count
    assert pages >= 10
    last = window.editor.document().lastBlock()
    cur = window.editor.textCursor()
    cur.setPosition(last.position())
    window.editor.setTextCursor(cur)
    ctl.view.canvas.setFocus()
    QApplication.sendEvent(ctl.view.canvas,
                           QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, "新"))
    assert window.editor.document().lastBlock().text().startswith("新为切实")
    ctl.refresh()
    assert ctl.layout.page_count == pages
    assert ctl.last_relaid <= 2  # only the page(s) holding the last paragraph were laid out again


def test_click_on_a_page_puts_the_cursor_on_that_character(qtbot, window) -> None:
    ctl = _page_mode(qtbot, window, NOTICE)
    canvas = ctl.view.canvas
    page = ctl.layout.pages[0]
    line = next(ln for ln in page.lines if ln.role is not None and ln.role.value == "主送机关")
    ch, x, adv, _f, _s = line.char_positions()[3]
    origin = canvas.page_origin(0)
    pos = QPoint(round(origin.x() + (x + adv * 0.25) * canvas.scale),
                 round(origin.y() + line.baseline * canvas.scale - 3))
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=pos)
    cur = window.editor.textCursor()
    assert cur.blockNumber() == line.paragraph
    assert cur.positionInBlock() == line.start + 3
    assert cur.block().text()[cur.positionInBlock()] == ch


def test_findings_are_underlined_on_the_page(qtbot, window) -> None:
    text = NOTICE.replace("各地要认真贯彻落实。", "各地要认真贯彻落实,要再接再励。")
    ctl = _page_mode(qtbot, window, text)
    qtbot.waitUntil(lambda: any(f.matched == "再接再励" for f in window.findings), timeout=20000)
    finding = next(f for f in window.findings if f.matched == "再接再励")
    assert finding in ctl.view.canvas.findings[finding.paragraph]
    page_i, line = next((p.index, ln) for p in ctl.layout.pages for ln in p.lines
                        if ln.paragraph == finding.paragraph)
    page = ctl.layout.pages[page_i]

    def draw(findings) -> QImage:
        img = QImage(round(g.PAGE_WIDTH * 2), round(g.PAGE_HEIGHT * 2), QImage.Format.Format_RGB32)
        img.fill(QColor("white"))
        p = QPainter(img)
        paint_page(p, page, QPointF(0, 0), 2.0, ctl.view.fonts, findings=findings)
        p.end()
        return img

    plain, marked = draw({}), draw(ctl.view.canvas.findings)
    x0 = line.char_positions()[finding.start - line.start][1]
    y = line.baseline + 0.18 * 16
    differs = [plain.pixel(round((x0 + dx) * 2), round((y + dy) * 2)) != marked.pixel(round((x0 + dx) * 2),
                                                                                      round((y + dy) * 2))
               for dx in range(0, 30, 2) for dy in (-1, 0, 0.5)]
    assert any(differs)


def test_print_to_pdf_draws_the_same_pages(qtbot, window, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    ctl = _page_mode(qtbot, window, NOTICE)
    printer = ctl.make_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    ctl.render(printer)
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == ctl.layout.page_count
        text = pdf.pages[0].extract_text()
        assert round(pdf.pages[0].width) == 595 and round(pdf.pages[0].height) == 842
    # Qt's PDF engine maps glyphs shared with radicals (人 → ⼈, 民 → ⺠) in its ToUnicode table: compare
    # lines without such characters.
    flat = unicodedata.normalize("NFKC", text).replace(" ", "")
    for part in ("某政发〔2024〕7号", "基层治理工作的通知", "各地要认真贯彻落实。", "—1—"):
        assert part in flat


def test_export_pdf_in_the_background(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    ctl = _page_mode(qtbot, window, NOTICE)
    out = tmp_path / "公文.pdf"
    worker = ctl.export_pdf_to(out)
    with qtbot.waitSignal(worker.signals.done, timeout=60000):
        pass
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == 3
    # Never over the file being edited.
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    own = tmp_path / "own.pdf"
    own.write_bytes(b"original")
    window.od.path = own  # as if the clerk had opened own.pdf
    assert ctl.export_pdf_to(own) is None
    assert own.read_bytes() == b"original" and "不能覆盖" in shown[0]
