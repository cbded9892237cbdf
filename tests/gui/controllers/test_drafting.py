"""The drafting controller: a draft from the panel with the fake backend or the demo model, and the
choice of model file or server."""

from __future__ import annotations

from pathlib import Path

import pytest

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.gui.main_window import MainWindow
from tests.gui.helpers import CHECK_TIMEOUT_MS, ROOT


def fill_notice(window, title: str, points: str, to: str, org: str):
    """Fill the 起草 form for a 通知 as a clerk would; return the panel."""
    p = window.draft_panel
    p.doc_type.setCurrentText("通知")
    p.title.setText(title)
    p.points.setPlainText(points)
    p.to.setText(to)
    p.org.setText(org)
    return p


def test_draft_with_the_fake_backend_fills_the_editor(qtbot, window) -> None:
    p = fill_notice(window, "某某市人民政府办公室关于开展冬季消防安全检查的通知", "检查范围\n工作要求",
                    "各区县人民政府", "某某市人民政府办公室")
    p.date.setText("2026年11月22日")
    p.btn_draft.click()
    # the fake model answers at once; the cleaning and checks of the draft take 20 s and more under load
    qtbot.waitUntil(lambda: "二、工作要求" in window.editor.toPlainText(), timeout=CHECK_TIMEOUT_MS)
    assert window.editor.toPlainText().startswith("某某市人民政府办公室关于开展冬季消防安全检查的通知")
    assert p.output.toPlainText()  # the stream was shown


def test_the_panel_passes_the_clerks_sentence_for_what_a_letter_asks(qtbot, window) -> None:
    from gov_docs.llm.asks import ask_of

    p = window.draft_panel
    sentence = "给市财政局发个函，商请安排2027年城市公园改造提升专项资金800万元，用于5个公园的提升改造"
    p.ask.setText(sentence)
    p.doc_type.setCurrentText("函")
    p.title.setText("江北市园林绿化局关于商请安排2027年城市公园改造提升专项资金800万元的函")
    req = p.request()
    assert req.ask == sentence
    assert ask_of(req.doc_type, req.title, req.ask).details == ["用于5个公园的提升改造"]


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


def _record_warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []

    def warning(parent, title, text, *args, **kwargs):
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    return shown


def test_draft_without_a_title_names_the_panels_fields_before_the_model_loads(
        qtbot, window, monkeypatch: pytest.MonkeyPatch) -> None:
    """Found trying the panel: 起草 with the title empty waited for the model to load, then asked for a
    "事由", a field the panel does not have.
    """
    shown = _record_warnings(monkeypatch)
    p = window.draft_panel
    p.doc_type.setCurrentText("通知")
    p.title.clear()
    p.to.setText("各区县应急管理局")
    p.points.setPlainText("一、排查重点")
    p.btn_draft.click()
    assert window.drafting.worker is None  # nothing started: no model load to wait for
    assert len(shown) == 1 and "“标题”" in shown[0] and "生成提纲" in shown[0] and "事由" not in shown[0]
    assert window.editor.toPlainText() == ""


def test_no_model_installed_names_the_folders_searched(qtbot, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Found with GOV_DOCS_MODELS pointing at an empty folder: the message said "放入 models/ 文件夹" and
    "运行 scripts/setup.sh", neither of which a clerk can act on; it now lists the folders looked in and
    the panel's and the settings' model choices. A file the clerk named keeps its own message.
    """
    from gov_docs import paths

    empty = tmp_path / "models"
    empty.mkdir()
    monkeypatch.setattr(paths, "models_dirs", lambda: [empty])
    shown = _record_warnings(monkeypatch)
    checker = Checker(load_rules([ROOT / "rules"]), allow_list=AllowList())
    w = MainWindow(checker=checker, ask_restore=False)
    qtbot.addWidget(w)
    p = w.draft_panel
    p.ask.setText("请起草一份江北市应急管理局关于开展2027年汛期安全隐患排查的通知，发各区县应急管理局")
    p.btn_plan.click()
    assert w.drafting.worker is None
    assert len(shown) == 1 and str(empty) in shown[0] and "本机模型文件…" in shown[0]
    assert "scripts/setup.sh" not in shown[0]
    p.backend_choice.setCurrentIndex(1)
    p.backend_value.setText(str(tmp_path / "missing.gguf"))
    p.btn_plan.click()
    assert len(shown) == 2 and shown[1] == f"模型文件 {tmp_path / 'missing.gguf'} 不存在"


def test_drafting_says_what_it_is_doing_in_the_status_bar(qtbot, window) -> None:
    """Found watching a draft: while the model loaded and wrote (minutes on a clerk's machine) the status
    bar was empty and only a moving bar showed; it now says the draft is under way, that 停止 keeps what
    is written, and how many characters are written so far.
    """
    p = fill_notice(window, "江北市应急管理局关于开展2027年汛期安全隐患排查的通知",
                    "一、排查重点\n二、工作要求", "各区县应急管理局", "江北市应急管理局")
    p.btn_draft.click()
    assert window.statusBar().currentMessage().startswith(window.drafting.DRAFTING)
    assert "已写好的部分会放入编辑器" in window.drafting.DRAFTING
    written: list[str] = []
    window.statusBar().messageChanged.connect(written.append)
    qtbot.waitUntil(lambda: window.drafting.worker is None, timeout=CHECK_TIMEOUT_MS)
    assert any(m.startswith("正在起草") and "已写" in m and "字" in m for m in written)
    # the finished draft's check may already have replaced it: the messages shown, not the last one
    assert any(m.startswith("起草完成") for m in written)


def test_stopping_the_outline_leaves_the_form_as_it_was(qtbot, window) -> None:
    """Found pressing 停止 while 生成提纲 ran (0.5B): the form was filled anyway with a generic outline and
    "提纲已生成". A stopped outline now changes nothing and says it was stopped.
    """
    from gov_docs.llm.backends import FakeBackend

    window._backend_factory = lambda: FakeBackend(delay_s=0.05)
    p = window.draft_panel
    p.title.setText("我自己的标题")
    p.points.setPlainText("一、我自己的提纲")
    p.ask.setText("请起草一份江北市应急管理局关于开展2027年汛期安全隐患排查的通知，发各区县应急管理局")
    p.btn_plan.click()
    assert p.btn_stop.isEnabled()
    p.btn_stop.click()
    qtbot.waitUntil(lambda: window.drafting.worker is None, timeout=CHECK_TIMEOUT_MS)
    assert (p.title.text(), p.points.toPlainText()) == ("我自己的标题", "一、我自己的提纲")
    assert window.statusBar().currentMessage() == "已停止生成提纲；表单未改动"
    assert p.btn_plan.isEnabled() and not p.btn_stop.isEnabled()
