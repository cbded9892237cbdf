"""The settings dialog sets how strictly font names are checked, and the format rules follow it."""

from __future__ import annotations

from pathlib import Path

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "real_docx" / "16_font_variants.docx"


def test_font_strictness_is_a_setting_the_rules_follow(qtbot) -> None:
    from gov_docs import config
    from gov_docs.checks import AllowList, Checker, load_rules
    from gov_docs.document import read_document
    from gov_docs.gui.settings_dialog import SettingsDialog
    from gov_docs.paths import rules_dir

    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    assert dialog.font_strictness.currentData() == "standard"
    doc = read_document(FIXTURE)

    def font_findings() -> list:
        checker = Checker(load_rules([rules_dir()]), allow_list=AllowList(), categories=["format"])
        return [f for f in checker.check(doc) if f.rule_id.endswith("-font")]

    assert font_findings() == []  # 方正仿宋_GBK, 方正黑体_GBK … are the same designs
    dialog.font_strictness.setCurrentIndex(0)
    dialog.save()
    assert config.load()["checks"]["font_strictness"] == "strict"
    found = font_findings()
    assert {f.rule_id for f in found} >= {"format.body-font", "format.title-font", "format.heading1-font"}
