"""The review round trip in the desktop app: reviewers' Word comments shown as 审核意见 and kept once in the
history, and 以修订方式保存 writing the clerk's edits as Word revisions."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from PySide6.QtWidgets import QFileDialog

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.document import read_document
from gov_docs.document.docx_reader import W_NS
from gov_docs.document.revisions import accept_all, revision_count
from gov_docs.gui.main_window import MainWindow
from gov_docs.gui.panels import ReviewNote
from gov_docs.library.comments import CommentStore
from gov_docs.llm.backends import FakeBackend

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def store(tmp_path):
    s = CommentStore(tmp_path / "history.sqlite")
    yield s
    s.close()


@pytest.fixture
def window(qtbot, store):
    w = MainWindow(checker=Checker(load_rules([ROOT / "rules"]), allow_list=AllowList()),
                   backend_factory=FakeBackend, comment_store=store, ask_restore=False)
    qtbot.addWidget(w)
    w.show()
    return w


def _reviewed(path: Path) -> Path:
    d = docx.Document()
    for text in ["关于做好冬季森林防火工作的通知", "各县（市、区）人民政府：",
                 "各地要加强野外火源管控,严历查处违规用火。",
                 "要落实巡护责任。"]:
        d.add_paragraph(text)
    d.add_comment(d.paragraphs[2].runs, text="“火源管控”前后措施要具体到乡镇", author="张审核", initials="Z")
    d.add_comment(d.paragraphs[3].runs, text="巡护责任落实到人", author="王处长", initials="W")
    d.save(path)
    return path


def _checked(qtbot, window) -> None:
    window.start_check(full=True)
    job = window.latest_check
    qtbot.waitUntil(lambda: (window.checks.shown or 0) >= job, timeout=60000)


def test_reviewer_comments_show_as_review_notes_and_are_stored_once(qtbot, window, store, tmp_path):
    path = _reviewed(tmp_path / "通知.docx")
    assert window.open_path(path)
    _checked(qtbot, window)
    panel = window.findings_panel
    notes = panel.review_notes
    assert [(n.author, n.text, n.paragraph) for n in notes] == [
        ("张审核", "“火源管控”前后措施要具体到乡镇", 2), ("王处长", "巡护责任落实到人", 3)]
    top = panel.tree.topLevelItem(0)
    assert top.text(0) == "审核意见（2）" and top.childCount() == 2
    assert "审核意见 2 条" in panel.summary.text()
    # Selecting a note and pressing 手动修改 selects the commented text in the editor.
    panel.tree.setCurrentItem(top.child(1))
    assert isinstance(panel.current_note(), ReviewNote) and not panel.btn_fix.isEnabled()
    panel.btn_select.click()
    assert window.editor.textCursor().selectedText() == "要落实巡护责任。"
    # The notes survive a re-check and the findings are still listed below them.
    _checked(qtbot, window)
    assert len(window.findings_panel.review_notes) == 2
    assert window.findings_panel.tree.topLevelItemCount() >= 2
    # Stored once, with the document's title and 文种; opening the file again adds nothing.
    assert [(c.reviewer, c.doc_type, c.anchor) for c in store.all()] == [
        ("张审核", "通知", "各地要加强野外火源管控,严历查处违规用火。"),
        ("王处长", "通知", "要落实巡护责任。")]
    assert window.open_path(path)
    assert len(store.all()) == 2


def test_save_as_revisions_from_the_window(qtbot, window, tmp_path, monkeypatch):
    path = _reviewed(tmp_path / "通知.docx")
    assert window.open_path(path)
    _checked(qtbot, window)
    fixable = [f for f in window.files.od.findings if f.auto_fixable and f.edits]
    assert fixable
    window.checks.apply_fix(fixable[0])
    out = tmp_path / "通知（修订）.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    assert window.files.save_tracked()
    d = docx.Document(str(out))
    body = d.element.body
    assert revision_count(body) >= 2
    assert {el.get(W_NS + "author") for el in body.iter(W_NS + "ins", W_NS + "del")} == {"gov-docs"}
    authors = sorted(c.author for c in d.comments)
    assert authors == ["gov-docs", "张审核", "王处长"]  # the reviewers' comments stay, the fix explained
    accept_all(body)
    assert [p.text for p in d.paragraphs] == [p.text for p in read_document(out).paragraphs]
    assert window.windowTitle().startswith("通知（修订）.docx") and "修订模式" in window.windowTitle()
    # 修订模式 stays on, as in Word: the next edit saved with Ctrl+S is a revision too, not a plain edit.
    before = revision_count(docx.Document(str(out)).element.body)
    cursor = window.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)
    window.editor.insertPlainText("各地要于12月底前报送。")
    assert window.save()
    assert revision_count(docx.Document(str(out)).element.body) > before
    assert read_document(out).paragraphs[-1].text.endswith("各地要于12月底前报送。")
    # 停止修订: the revisions already saved stay, the next edit is written plainly.
    assert window.stop_tracking_action.isEnabled()
    window.stop_tracking_action.trigger()
    assert "修订模式" not in window.windowTitle() and not window.stop_tracking_action.isEnabled()
    saved = revision_count(docx.Document(str(out)).element.body)
    window.editor.insertPlainText("请认真落实。")
    assert window.save()
    assert revision_count(docx.Document(str(out)).element.body) == saved
    assert read_document(out).paragraphs[-1].text.endswith("请认真落实。")


def test_save_as_revisions_needs_a_word_document(qtbot, window, monkeypatch):
    shown = []
    monkeypatch.setattr(window, "error", shown.append)
    window.editor.setPlainText("关于做好工作的通知")
    assert not window.files.save_tracked()
    assert shown and "只适用于" in shown[0]
