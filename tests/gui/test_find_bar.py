"""The find/replace bar (gui/find_bar.py): counts, selects, replaces one or all (one undo step)."""

from __future__ import annotations


def test_find_bar_counts_selects_and_replaces(qtbot, window) -> None:
    window.editor.setPlainText("第一段设备\n第二段设备和设备\n第三段")
    assert window.char_count_label.text() == "字数 16"
    window.find_bar.show_find()
    assert window.find_bar.isVisible() and not window.find_bar.replace_edit.isVisible()
    window.find_bar.find_edit.setText("设备")
    assert window.find_bar.count_label.text() == "共 3 处"
    window.find_bar.find_next()
    assert window.editor.textCursor().selectedText() == "设备"
    assert window.find_bar.count_label.text().startswith("第 1 处")
    window.find_bar.find_next()
    assert window.find_bar.count_label.text() == "第 2 处，共 3 处"
    window.find_bar.show_replace()
    window.find_bar.replace_edit.setText("装置")
    window.find_bar.replace_one()
    assert window.editor.toPlainText().count("装置") == 1
    assert window.find_bar.replace_all() == 2 and "设备" not in window.editor.toPlainText()
    window.editor.undo()  # replace all is one undo step
    assert window.editor.toPlainText().count("设备") == 2
