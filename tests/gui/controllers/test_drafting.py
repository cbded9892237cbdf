"""The drafting controller: a draft from the panel with the fake backend or the demo model, and the
choice of model file or server."""

from __future__ import annotations

from pathlib import Path

import pytest

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.gui.main_window import MainWindow
from tests.gui.helpers import CHECK_TIMEOUT_MS, ROOT


def test_draft_with_the_fake_backend_fills_the_editor(qtbot, window) -> None:
    p = window.draft_panel
    p.doc_type.setCurrentText("通知")
    p.title.setText("某某市人民政府办公室关于开展冬季消防安全检查的通知")
    p.points.setPlainText("检查范围\n工作要求")
    p.to.setText("各区县人民政府")
    p.org.setText("某某市人民政府办公室")
    p.date.setText("2026年11月22日")
    p.btn_draft.click()
    # the fake model answers at once; the cleaning and checks of the draft take 20 s and more under load
    qtbot.waitUntil(lambda: "二、工作要求" in window.editor.toPlainText(), timeout=CHECK_TIMEOUT_MS)
    assert window.editor.toPlainText().startswith("某某市人民政府办公室关于开展冬季消防安全检查的通知")
    assert p.output.toPlainText()  # the stream was shown


@pytest.mark.slow
def test_draft_with_the_demo_model(qtbot, demo_model_path: Path) -> None:
    from gov_docs.llm.backends import LlamaCppBackend

    checker = Checker(load_rules([ROOT / "rules"]), allow_list=AllowList())
    w = MainWindow(checker=checker, backend_factory=lambda: LlamaCppBackend(demo_model_path, n_ctx=2048),
                   ask_restore=False, section_tokens=48)
    qtbot.addWidget(w)
    req = w.draft_panel.request()
    req.title, req.points, req.to, req.org = "某某市人民政府办公室关于开展冬季消防安全检查的通知", [
        "工作要求"], "各区县人民政府", "某某市人民政府办公室"
    w.start_draft(req)
    qtbot.waitUntil(lambda: "一、工作要求" in w.editor.toPlainText(), timeout=300000)
    lines = w.editor.toPlainText().split("\n")
    assert (lines[0] == "某某市人民政府办公室关于开展冬季消防安全检查的通知"
            and len(lines[lines.index("一、工作要求") + 1]) > 8)


def test_drafting_panel_chooses_the_model_or_server(qtbot, tmp_path: Path) -> None:
    from gov_docs.llm.backends import ModelError, OpenAIServerBackend

    checker = Checker(load_rules([ROOT / "rules"]), allow_list=AllowList())
    w = MainWindow(checker=checker, ask_restore=False)
    qtbot.addWidget(w)
    p = w.draft_panel
    p.backend_choice.setCurrentIndex(2)
    p.backend_value.setText("http://127.0.0.1:8080")
    assert isinstance(w.backend(), OpenAIServerBackend)
    p.backend_choice.setCurrentIndex(1)
    p.backend_value.setText(str(tmp_path / "missing.gguf"))
    with pytest.raises(ModelError, match="不存在"):
        w.backend()
