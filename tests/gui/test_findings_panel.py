"""The findings panel (gui/panels.py FindingsPanel), offscreen: one row for a problem repeated in many
paragraphs, so that the slips around it are not buried."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.document import read_document
from gov_docs.gui.panels import FindingsPanel

ROOT = Path(__file__).resolve().parents[2]


def test_a_problem_in_many_paragraphs_is_one_row_that_opens(qtbot) -> None:
    # a LibreOffice-written notice: single line spacing in its 7 body paragraphs, and two real slips
    doc = read_document(ROOT / "tests" / "fixtures" / "office_docx" / "lo01_notice.docx")
    findings = Checker(load_rules([ROOT / "rules"]), allow_list=AllowList()).check(doc)
    spacing = [f for f in findings if f.rule_id == "format.line-spacing-multiple"]
    assert len(spacing) == 7
    panel = FindingsPanel()
    qtbot.addWidget(panel)
    panel.set_findings(findings)
    rows = {panel.tree.topLevelItem(i).text(0): panel.tree.topLevelItem(i)
            for i in range(panel.tree.topLevelItemCount())}
    fmt = next(item for text, item in rows.items() if text.startswith("格式"))
    group = next(fmt.child(k) for k in range(fmt.childCount()) if "] 7 处：" in fmt.child(k).text(0))
    assert group.childCount() == 7
    assert [group.child(k).data(0, Qt.ItemDataRole.UserRole) for k in range(7)] == spacing
    # the colon after the 主送 stays a row of its own, next to the group
    assert any(fmt.child(k).data(0, Qt.ItemDataRole.UserRole) is not None
               and fmt.child(k).data(0, Qt.ItemDataRole.UserRole).rule_id == "format.addressee-colon"
               for k in range(fmt.childCount()))
    panel.tree.setCurrentItem(group)
    assert "同一问题共 7 处" in panel.detail.text() and panel.current_finding() is None
    # 本类全部自动修改 from inside the group still names the category
    asked: list = []
    panel.fix_category_requested.connect(asked.append)
    panel.tree.setCurrentItem(group.child(3))
    assert panel.current_finding() is spacing[3]
    panel.btn_fix_cat.click()
    assert asked == ["format"]
