"""The text editor (gui/editor.py): one block per paragraph with its id and role, spans in code points
(characters outside the BMP too), underlines per finding, 字数 as WPS counts, protected table text."""

from __future__ import annotations

from gov_docs.checks.findings import Category, Finding, Level
from gov_docs.document import document_from_text
from gov_docs.gui.editor import DocumentEditor


def _finding(paragraph: int, start: int, end: int, matched: str, scope: str = "text") -> Finding:
    return Finding(rule_id="t", category=Category.TYPO, level=Level.ERROR, message="m", basis="b",
                   paragraph=paragraph, start=start, end=end, matched=matched, scope=scope)


def test_load_puts_one_paragraph_per_block_with_its_id_and_role(qtbot) -> None:
    doc = document_from_text("关于开展检查的通知\n各单位：\n请认真落实。")
    editor = DocumentEditor()
    qtbot.addWidget(editor)
    editor.load(doc)
    assert editor.paragraph_texts() == ["关于开展检查的通知", "各单位：", "请认真落实。"]
    assert editor.roles == ["标题", "主送机关", "正文"]
    block = editor.document().findBlockByNumber(2)
    assert editor.paragraph_for_block(block) is doc.paragraphs[2]
    assert not editor.document().isModified() and not editor.document().isUndoAvailable()


def test_spans_are_code_points_even_outside_the_bmp(qtbot) -> None:
    editor = DocumentEditor()
    qtbot.addWidget(editor)
    editor.setPlainText("标题\n甲𠀋乙按装设备")  # 𠀋 is two UTF-16 units
    cur = editor.span_cursor(1, 3, 5)
    assert cur.selectedText() == "按装"
    assert editor.span_cursor(1, 0, 99).selectedText() == "甲𠀋乙按装设备"  # clipped to the paragraph
    assert editor.span_cursor(5, 0, 1) is None
    assert editor.char_count() == 9


def test_underlines_follow_the_findings(qtbot) -> None:
    editor = DocumentEditor()
    qtbot.addWidget(editor)
    editor.setPlainText("标题\n甲𠀋乙按装设备")
    editor.underline([_finding(1, 3, 5, "按装"), _finding(0, 0, 0, "", scope="paragraph"),
                      _finding(-1, 0, 0, ""), _finding(9, 0, 1, "x")])
    sels = editor.extraSelections()
    assert [s.cursor.selectedText() for s in sels][0] == "按装"
    assert len(sels) == 2  # the document-level and out-of-range findings draw nothing
    editor.underline([])
    assert editor.extraSelections() == []


def test_protected_paragraphs_are_known_by_their_container(qtbot) -> None:
    doc = document_from_text("关于开展检查的通知\n各单位：\n请认真落实。")
    doc.paragraphs[2].container = "table:0"
    editor = DocumentEditor()
    qtbot.addWidget(editor)
    editor.load(doc, protected_containers=("table:0",))
    assert editor.is_protected_block(editor.document().findBlockByNumber(2))
    assert not editor.is_protected_block(editor.document().findBlockByNumber(1))
