"""Every field of the settings dialog does something: each is saved and read by the code it configures.

(The allow-list and admin mode: tests/gui/controllers/test_files.py, with the recent files.)
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "real_docx" / "16_font_variants.docx"


def _dialog(qtbot):
    from gov_docs.gui.settings_dialog import SettingsDialog

    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    return dialog


def test_server_backend_fields_choose_the_drafting_backend(qtbot) -> None:
    from gov_docs.llm.backends import OpenAIServerBackend, backend_from_settings

    dialog = _dialog(qtbot)
    dialog.backend.setCurrentIndex(1)
    dialog.server_url.setText("http://10.0.0.5:8080/")
    dialog.server_model.setText("qwen2.5-7b")
    dialog.save()
    backend = backend_from_settings()
    assert isinstance(backend, OpenAIServerBackend)
    assert (backend.base_url, backend.model) == ("http://10.0.0.5:8080", "qwen2.5-7b")


def test_model_file_and_threads_configure_the_local_backend(qtbot, demo_model_path: Path) -> None:
    from gov_docs.llm.backends import LlamaCppBackend, backend_from_settings

    dialog = _dialog(qtbot)
    dialog.backend.setCurrentIndex(0)
    dialog.model_path.setText(str(demo_model_path))
    dialog.threads.setValue(3)
    dialog.save()
    backend = backend_from_settings()
    assert isinstance(backend, LlamaCppBackend)
    assert Path(backend.model_path) == demo_model_path and backend.threads == 3


def test_rule_folders_are_loaded_with_the_bundled_rules(qtbot, tmp_path: Path) -> None:
    from gov_docs.checks import load_rules

    extra = tmp_path / "office-rules"
    extra.mkdir()
    shutil.copy(ROOT / "rules" / "punctuation" / "doubled-marks.yaml", extra / "office-doubled.yaml")
    text = (extra / "office-doubled.yaml").read_text(encoding="utf-8")
    (extra / "office-doubled.yaml").write_text(text.replace("id: punctuation.doubled-marks",
                                                            "id: office.doubled-marks"), encoding="utf-8")
    assert "office.doubled-marks" not in {r.id for r in load_rules().rules}
    dialog = _dialog(qtbot)
    dialog.rule_dirs.setPlainText(f"{extra}\n")
    dialog.save()
    assert "office.doubled-marks" in {r.id for r in load_rules().rules}


def test_typo_model_verification_switches_the_typo_kind(qtbot, monkeypatch) -> None:
    from gov_docs.checks import load_rules

    monkeypatch.delenv("GOV_DOCS_TYPO_VERIFY")  # the setting decides, as in the app

    def verify() -> bool:
        rule = next(r for r in load_rules([ROOT / "rules" / "typo"]).rules if r.spec.kind == "typo")
        return rule.kind.verify

    dialog = _dialog(qtbot)
    assert dialog.typo_lm.isChecked() and verify()  # on by default: suspects verified (issue 16)
    for on in (False, True):
        dialog.typo_lm.setChecked(on)
        dialog.save()
        assert verify() is on


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
