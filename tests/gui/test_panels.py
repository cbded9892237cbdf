"""The panels (gui/panels.py), offscreen — the drafting panel: one sentence → editable outline → draft with a
live cleaned preview and 参考范文.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.gui.main_window import MainWindow  # noqa: E402
from gov_docs.llm.backends import FakeBackend  # noqa: E402
from tests.gui.helpers import CHECK_TIMEOUT_MS  # mechanics, not speed: a loaded machine loads jieba slowly

ROOT = Path(__file__).resolve().parent.parent.parent


class CorpusParagraphs:
    """A retriever over the paragraphs of real corpus documents (the library's own search is tested there)."""

    def __init__(self, paths: list[Path]) -> None:
        manifest = dict(line.split("\t") for line in (paths[0].parent / "MANIFEST.tsv").read_text(
            encoding="utf-8").splitlines()[1:] if "\t" in line)
        self.items = []
        for path in paths:
            title = manifest[path.name].removesuffix(".txt")
            lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
            self.items += [(path, title, para) for para in lines if len(para) >= 60]

    def related(self, query: str, top_k: int = 3):
        from gov_docs.llm.grounding import Passage

        scored = sorted(self.items, key=lambda it: -sum(ch in it[2] for ch in set(query)))
        return [Passage(title, para[:300], str(path)) for path, title, para in scored[:top_k]]


@pytest.fixture
def window(qtbot, corpus_dir: Path, monkeypatch):
    from gov_docs import api

    library = CorpusParagraphs([corpus_dir / n for n in ("g0278.txt", "g0570.txt", "g0250.txt")])
    monkeypatch.setattr(api, "library_retriever", lambda *_a, **_k: library)
    w = MainWindow(checker=Checker(load_rules([ROOT / "rules"]), allow_list=AllowList()),
                   backend_factory=lambda: FakeBackend(delay_s=0.002), ask_restore=False)
    qtbot.addWidget(w)
    w.show()
    return w


def test_one_sentence_outline_edit_draft_preview_and_exemplars(qtbot, window) -> None:
    p = window.draft_panel
    p.ask.setText("撰写一篇关于做好第二次全国污染源普查工作的方案")
    p.org.setText("某某市人民政府办公室")
    p.to.setText("各区县人民政府，市政府各部门")
    p.btn_plan.click()
    qtbot.waitUntil(lambda: p.points.toPlainText().startswith("一、"), timeout=CHECK_TIMEOUT_MS)
    assert p.doc_type.currentText() == "方案"
    assert p.title.text() == "某某市人民政府办公室关于印发第二次全国污染源普查工作方案的通知"
    assert "印发" in p.plan_note.text()
    # the clerk edits the outline before the bodies are written
    p.points.setPlainText("一、普查对象和内容\n二、普查组织实施\n入户调查要按时完成\n三、普查保障措施")
    previews: list[str] = []
    p.output.textChanged.connect(lambda: previews.append(p.output.toPlainText()))
    p.btn_draft.click()
    qtbot.waitUntil(lambda: "三、普查保障措施" in window.editor.toPlainText(), timeout=CHECK_TIMEOUT_MS)
    text = window.editor.toPlainText()
    assert "现将《第二次全国污染源普查工作方案》印发给你们" in text and "二、普查组织实施" in text
    assert len(previews) > 5 and not any("**" in t for t in previews)
    assert p.output.toPlainText().startswith("某某市人民政府办公室关于印发")
    # 参考范文: listed with their source, inserted at the cursor in one undo step
    assert p.exemplars.topLevelItemCount() >= 1
    child = p.exemplars.topLevelItem(0).child(0)
    assert "污染源普查" in child.text(1)
    p.exemplars.setCurrentItem(child)
    cursor = window.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)
    before = window.editor.toPlainText()
    p.btn_insert.click()
    passage = p.current_passage().text
    assert window.editor.toPlainText() == before + passage
    window.editor.undo()
    assert window.editor.toPlainText() == before


def test_a_recipient_named_in_the_sentence_fills_the_empty_addressee(qtbot, window) -> None:
    p = window.draft_panel
    p.ask.setText("给市政府写个请示，申请拨付防汛抗旱物资储备经费")
    p.btn_plan.click()
    qtbot.waitUntil(lambda: p.points.toPlainText().startswith("一、"), timeout=CHECK_TIMEOUT_MS)
    assert (p.doc_type.currentText(), p.to.text()) == ("请示", "市人民政府")
    assert p.title.text() == "关于申请拨付防汛抗旱物资储备经费的请示"
    assert p.points.toPlainText() == "一、基本情况\n二、请示事项"
    # what the clerk typed into 主送 stays
    p.to.setText("江北市人民政府")
    p.points.clear()
    p.btn_plan.click()
    qtbot.waitUntil(lambda: p.points.toPlainText().startswith("一、"), timeout=CHECK_TIMEOUT_MS)
    assert p.to.text() == "江北市人民政府"


def test_a_request_that_says_nothing_gets_a_dialog(qtbot, window, monkeypatch) -> None:
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    window.draft_panel.ask.setText("你好")
    window.draft_panel.btn_plan.click()
    assert shown and "无法从" in shown[0]
    assert window.draft_panel.btn_draft.isEnabled()


def test_an_edit_that_needs_no_change_says_so(qtbot, window, monkeypatch) -> None:
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: told.append(a[2]))
    window._backend_factory = lambda: FakeBackend(reply="各地要加强森林防火巡护。")
    window.editor.setPlainText("各地要加强森林防火巡护。")
    window.editor.selectAll()
    window.start_edit("polish")
    qtbot.waitUntil(lambda: bool(told), timeout=CHECK_TIMEOUT_MS)
    assert "无需润色" in told[0] and window.editor.toPlainText() == "各地要加强森林防火巡护。"


def test_a_notice_without_addressee_is_refused_at_once_with_the_cursor_in_the_field(qtbot, window,
                                                                                   monkeypatch) -> None:
    """起草 a 通知 with 主送机关 empty: a dialog naming the field before the model starts, the field
    focused.
    """
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    window.activateWindow()
    p = window.draft_panel
    p.doc_type.setCurrentText("通知")
    p.title.setText("关于做好冬季森林防火工作的通知")
    p.points.setPlainText("一、加强火源管控\n二、落实巡护责任")
    p.to.clear()
    p.btn_draft.click()
    assert shown and "须写明主送机关" in shown[0] and "主送机关" in shown[0]
    assert window.drafting.worker is None and p.btn_draft.isEnabled()
    qtbot.waitUntil(lambda: p.to.hasFocus() or window.focusWidget() is p.to, timeout=3000)
    assert window.editor.toPlainText() == ""


def test_open_source_shows_the_passage_beside_the_draft_without_replacing_it(qtbot, window, corpus_dir,
                                                                              unsaved_prompt) -> None:
    """Found trying the panel: 打开原文 opened the library document in the editor, so reading where a
    passage came from asked to save or drop the draft just written (and "不保存" lost it). The source now
    opens read-only in its own window at the passage; "在编辑器中打开" still opens it for editing.
    """
    from gov_docs import api
    from gov_docs.gui.source_view import SourceViewDialog
    from gov_docs.llm.grounding import Passage

    source = corpus_dir / "g0250.txt"
    lines = [ln.strip() for ln in source.read_text(encoding="utf-8").splitlines() if len(ln.strip()) >= 60]
    passage = Passage("某文件", lines[1][:300], str(source))
    draft = ("江北市应急管理局关于开展2027年汛期安全隐患排查的通知\n各区县应急管理局：\n"
             "一、排查重点\n各地要认真排查。")
    assert window.files.open_draft(api.from_text(draft))
    p = window.draft_panel
    p.show_exemplars({"排查重点": [passage]})
    p.exemplars.setCurrentItem(p.exemplars.topLevelItem(0).child(0))
    p.btn_open_source.click()
    assert window.editor.toPlainText() == draft and window.path is None and unsaved_prompt.asked == 0
    views = [v for v in window.findChildren(SourceViewDialog) if v.isVisible()]
    assert len(views) == 1
    view = views[0]
    assert view.text.isReadOnly() and view.found
    assert view.text.textCursor().selectedText() == passage.text
    assert str(source) in view.where.text()
    # the window names the document by its title (it read a role value that no role has: the file name)
    title = api.open(source).document.title
    assert title and view.windowTitle() == f"参考范文原文 — {title}"
    view.btn_edit.click()  # the clerk does want it in the editor: asked about the draft first
    assert unsaved_prompt.asked == 1 and window.path == source and not view.isVisible()


def test_the_preview_has_room_while_no_exemplars_are_listed(qtbot, window) -> None:
    """Found watching a draft at the window's usual size: the empty 参考范文 list and its buttons took the
    room, and the live preview showed three lines. The list appears when a draft drew on passages.
    """
    from gov_docs.llm.grounding import Passage

    p = window.draft_panel
    window.tabs.setCurrentWidget(p)
    qtbot.waitUntil(lambda: p.output.isVisible())
    line = p.output.fontMetrics().lineSpacing()
    assert p.exemplars.isHidden() and p.btn_insert.isHidden()
    assert p.output.height() >= 8 * line
    p.show_exemplars({"排查重点": [Passage("某文件", "各地要认真排查。", "")]})
    assert p.exemplars.isVisible() and p.btn_insert.isVisible() and p.btn_open_source.isVisible()
    p.show_exemplars({})
    assert p.exemplars.isHidden()


def test_an_edit_proposal_says_what_it_changes(qtbot, window, monkeypatch) -> None:
    """Found reading a 1.5B 润色 of a 130-character paragraph: the proposal dropped one "要", and the box
    showed the two whole paragraphs with nothing to say where they differ. It now lists the changes.
    """
    asked = []

    def question(parent, title, text, *a, **k):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    original = "各地要加强森林防火巡护。要建立健全巡护制度，及时消除火灾隐患。"
    proposed = "各地要加强森林防火巡护。建立健全巡护制度，及时排除火灾隐患。"
    window._backend_factory = lambda: FakeBackend(reply=proposed)
    window.editor.setPlainText(original)
    window.editor.selectAll()
    window.start_edit("polish")
    qtbot.waitUntil(lambda: bool(asked), timeout=CHECK_TIMEOUT_MS)
    assert "改动 2 处：删去“要”；“消”→“排”" in asked[0]
    qtbot.waitUntil(lambda: window.editor.toPlainText() == proposed, timeout=CHECK_TIMEOUT_MS)
    window.editor.undo()
    assert window.editor.toPlainText() == original
