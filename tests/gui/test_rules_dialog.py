"""The rule editor as an administrator and a clerk meet it: read-only without the password, no edit
lost silently, handling files validated on save, pack import previewed and undoable."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from gov_docs.admin import access
from gov_docs.gui import admin_prompts
from gov_docs.gui.rules_dialog import RuleEditorDialog

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def rules(tmp_path: Path) -> Path:
    out = tmp_path / "rules"
    for pack in ("punctuation", "routing", "archiving"):
        shutil.copytree(ROOT / "rules" / pack, out / pack)
    return out


def _item(dialog: RuleEditorDialog, pack: str, name: str):
    for i in range(dialog.tree.topLevelItemCount()):
        top = dialog.tree.topLevelItem(i)
        if top.text(0) == pack:
            for j in range(top.childCount()):
                if top.child(j).text(0) == name:
                    return top.child(j)
    raise AssertionError(f"{pack}/{name} not in the tree")


def _messages(dialog: RuleEditorDialog) -> list[str]:
    return [dialog.problems.item(i).text() for i in range(dialog.problems.count())]


def _answer(monkeypatch, button) -> list[str]:
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_a_clerk_sees_the_rules_read_only(qtbot, rules: Path) -> None:
    dialog = RuleEditorDialog(rules, extra_files=[])
    qtbot.addWidget(dialog)
    target = rules / "punctuation" / "doubled-marks.yaml"
    original = target.read_text(encoding="utf-8")
    dialog.tree.setCurrentItem(_item(dialog, "punctuation", "doubled-marks.yaml"))
    assert dialog.current == target and dialog.editor.isReadOnly()
    assert not dialog.btn_save.isEnabled() and not dialog.btn_import.isEnabled()
    assert "只读" in dialog.banner.text() and not dialog.btn_login.isHidden()
    dialog.editor.setPlainText(original.replace("name: 标点重复", "name: 改过"))  # programmatic, not typing
    assert not dialog.save() and "未保存" in _messages(dialog)[0]
    assert target.read_text(encoding="utf-8") == original
    dialog.editor.setPlainText(original)


def test_the_password_is_set_on_first_use_and_then_required(qtbot, rules: Path, monkeypatch) -> None:
    monkeypatch.setattr(admin_prompts, "ask_new_password", lambda parent: "s3cret-pw")
    dialog = RuleEditorDialog(rules, extra_files=[])
    qtbot.addWidget(dialog)
    assert dialog.login() and access.password_is_set() and access.check_password("s3cret-pw")
    dialog.open_file(rules / "punctuation" / "doubled-marks.yaml")
    assert not dialog.editor.isReadOnly() and dialog.btn_save.isEnabled()
    # a second dialog asks for the password; a wrong one leaves it read-only
    monkeypatch.setattr(admin_prompts, "ask_password", lambda parent: "guess")
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)
    other = RuleEditorDialog(rules, extra_files=[])
    qtbot.addWidget(other)
    assert not other.login() and other.read_only
    monkeypatch.setattr(admin_prompts, "ask_password", lambda parent: "s3cret-pw")
    assert other.login() and not other.read_only


def test_a_system_wide_folder_that_is_not_writable_is_respected(qtbot, rules: Path, monkeypatch) -> None:
    monkeypatch.setattr(access, "folder_writable", lambda folder: False)
    dialog = RuleEditorDialog(rules, unlocked=True, extra_files=[])
    qtbot.addWidget(dialog)
    dialog.open_file(rules / "punctuation" / "doubled-marks.yaml")
    assert dialog.editor.isReadOnly() and "系统级规则目录" in dialog.banner.text()
    assert dialog.import_pack(rules / "nothing.zip")[0].startswith("规则目录")


def test_switching_files_asks_before_dropping_unsaved_edits(qtbot, rules: Path, monkeypatch) -> None:
    dialog = RuleEditorDialog(rules, unlocked=True, extra_files=[])
    qtbot.addWidget(dialog)
    a = rules / "punctuation" / "doubled-marks.yaml"
    original = a.read_text(encoding="utf-8")
    dialog.tree.setCurrentItem(_item(dialog, "punctuation", "doubled-marks.yaml"))
    edited = original.replace("name: 标点重复", "name: 标点符号重复")
    dialog.editor.setPlainText(edited)
    assert dialog.dirty and "未保存" in dialog.windowTitle()
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    dialog.tree.setCurrentItem(_item(dialog, "punctuation", "ellipsis.yaml"))
    assert asked and "doubled-marks.yaml" in asked[0]
    assert dialog.current == a and dialog.editor.toPlainText() == edited
    assert dialog.tree.currentItem().text(0) == "doubled-marks.yaml"
    _answer(monkeypatch, QMessageBox.StandardButton.Save)
    dialog.tree.setCurrentItem(_item(dialog, "punctuation", "ellipsis.yaml"))
    assert dialog.current.name == "ellipsis.yaml" and a.read_text(encoding="utf-8") == edited
    dialog.editor.setPlainText(dialog.editor.toPlainText().replace("level: ", "level: fatal-", 1))
    _answer(monkeypatch, QMessageBox.StandardButton.Save)  # the edit is invalid: saving fails, we stay
    dialog.tree.setCurrentItem(_item(dialog, "punctuation", "doubled-marks.yaml"))
    assert dialog.current.name == "ellipsis.yaml" and any("level" in m for m in _messages(dialog))
    _answer(monkeypatch, QMessageBox.StandardButton.Discard)
    dialog.tree.setCurrentItem(_item(dialog, "punctuation", "doubled-marks.yaml"))
    assert dialog.current == a
    assert "fatal-" not in (rules / "punctuation" / "ellipsis.yaml").read_text("utf-8")
    # closing with unsaved edits asks too, and Cancel keeps the dialog open
    dialog.show()
    dialog.editor.setPlainText(edited + "\n")
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    dialog.reject()
    assert asked and dialog.isVisible()
    _answer(monkeypatch, QMessageBox.StandardButton.Discard)
    dialog.reject()
    assert not dialog.isVisible() and a.read_text(encoding="utf-8") == edited
    dialog.editor.setPlainText(edited)


def test_handling_files_validate_and_save_in_the_editor(qtbot, rules: Path) -> None:
    dialog = RuleEditorDialog(rules, unlocked=True, extra_files=[])
    qtbot.addWidget(dialog)
    ret = rules / "archiving" / "retention.yaml"
    dialog.tree.setCurrentItem(_item(dialog, "archiving", "retention.yaml"))
    assert dialog.validate() == [] and "归档规则" in _messages(dialog)[0]
    text = ret.read_text(encoding="utf-8")
    dialog.editor.setPlainText(text.replace("retention: 定期10年", "retention: 十年"))
    assert not dialog.save() and ret.read_text(encoding="utf-8") == text
    assert any(":6: rules[0].retention: 应为" in m for m in _messages(dialog))
    dialog.editor.setPlainText(text.replace("reason: 表彰奖励", "reason: 表彰、奖励"))
    assert dialog.save() and "表彰、奖励" in ret.read_text(encoding="utf-8")
    dep = rules / "routing" / "departments.yaml"
    dialog.tree.setCurrentItem(_item(dialog, "routing", "departments.yaml"))
    dialog.editor.setPlainText(dep.read_text(encoding="utf-8").replace("lead: 应急管理", "lead: 公安"))
    assert not dialog.save()
    assert any("routing example[3] 失败：主办应为 公安，实际建议 应急管理" in m for m in _messages(dialog))
    dialog.editor.setPlainText(dep.read_text(encoding="utf-8"))


def test_the_templates_file_is_in_the_tree_and_validated(qtbot, rules: Path, tmp_path: Path) -> None:
    tpl = tmp_path / "doctypes" / "templates.yaml"
    tpl.parent.mkdir()
    shutil.copy(ROOT / "resources" / "doctypes" / "templates.yaml", tpl)
    dialog = RuleEditorDialog(rules, unlocked=True, extra_files=[("文种模板", tpl)])
    qtbot.addWidget(dialog)
    dialog.tree.setCurrentItem(_item(dialog, "文种模板", "templates.yaml"))
    text = tpl.read_text(encoding="utf-8")
    dialog.editor.setPlainText(text.replace("  numbered: false\n", "  numbered: 否\n", 1))
    assert not dialog.save() and any("请示.numbered" in m for m in _messages(dialog))
    dialog.editor.setPlainText(text.replace("妥否，请批示。", "妥否，请予批示。"))
    assert dialog.save() and "请予批示" in tpl.read_text(encoding="utf-8")


def test_pack_import_shows_what_changes_and_can_be_undone(qtbot, rules: Path, tmp_path: Path,
                                                          monkeypatch) -> None:
    dialog = RuleEditorDialog(rules, unlocked=True, extra_files=[])
    qtbot.addWidget(dialog)
    before = {p.name: p.read_bytes() for p in (rules / "punctuation").iterdir()}
    pack = tmp_path / "punctuation.zip"
    with zipfile.ZipFile(pack, "w") as zf:
        for name, data in before.items():
            if name == "ellipsis.yaml":
                continue  # dropped by the new pack
            if name == "doubled-marks.yaml":
                data = data.decode("utf-8").replace("name: 标点重复", "name: 新版").encode("utf-8")
            zf.writestr(f"punctuation/{name}", data)
        zf.writestr("punctuation/extra.yaml", (rules / "punctuation" / "ellipsis.yaml").read_text("utf-8")
                    .replace("id: punctuation.ellipsis", "id: punctuation.ellipsis-copy"))
    preview = dialog.preview_import(pack)
    assert preview.ok and preview.added == ["extra.yaml"] and preview.replaced == ["doubled-marks.yaml"]
    assert preview.removed == ["ellipsis.yaml"] and "可随时撤销" in "\n".join(preview.describe())
    preview.cleanup()
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    assert dialog.import_pack(pack, confirm=True) == ["已取消导入"]
    assert "新增 1 个：extra.yaml" in asked[0] and "替换 1 个：doubled-marks.yaml" in asked[0]
    assert {p.name: p.read_bytes() for p in (rules / "punctuation").iterdir()} == before
    _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(dialog.rules_changed, timeout=1000):
        assert dialog.import_pack(pack, confirm=True) == []
    assert (rules / "punctuation" / "extra.yaml").exists()
    assert not (rules / "punctuation" / "ellipsis.yaml").exists()
    assert dialog.btn_undo_import.isEnabled()
    assert "恢复为导入前的版本" in dialog.undo_last_import()
    assert {p.name: p.read_bytes() for p in (rules / "punctuation").iterdir()} == before
    assert not dialog.btn_undo_import.isEnabled()


def test_settings_admin_mode_needs_the_password(qtbot, monkeypatch) -> None:
    from gov_docs import config
    from gov_docs.gui.settings_dialog import SettingsDialog

    monkeypatch.setattr(admin_prompts, "ask_new_password", lambda parent: "s3cret-pw")
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    assert not dialog.admin.isChecked()
    dialog.admin.click()  # first use: the password is set
    assert dialog.admin.isChecked()
    dialog.save()
    assert access.admin_mode_on() and access.check_password("s3cret-pw")
    assert "s3cret-pw" not in config.config_path().read_text(encoding="utf-8")
    s = config.load()
    s["ui"]["admin_mode"] = False
    config.save(s)
    monkeypatch.setattr(admin_prompts, "ask_password", lambda parent: "wrong")
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)
    again = SettingsDialog()
    qtbot.addWidget(again)
    again.admin.click()
    assert not again.admin.isChecked()
    again.save()
    assert not access.admin_mode_on()


def test_configured_rule_folders_are_editable_too(qtbot, rules: Path, tmp_path: Path) -> None:
    from gov_docs import config

    own = tmp_path / "office-rules"
    shutil.copytree(ROOT / "rules" / "sensitive", own / "sensitive")
    s = config.load()
    s["checks"]["rule_dirs"] = [str(own)]
    config.save(s)
    dialog = RuleEditorDialog(rules, unlocked=True, extra_files=[])
    qtbot.addWidget(dialog)
    target = own / "sensitive" / "office_local.tsv"
    dialog.tree.setCurrentItem(_item(dialog, "office-rules/sensitive", "office_local.tsv"))
    assert dialog.current == target
    dialog.editor.setPlainText(dialog.editor.toPlainText() + "内部代号甲\t\t不得外传\n")
    assert dialog.save() and "内部代号甲" in target.read_text(encoding="utf-8")
    assert any("office_local.yaml" in m for m in _messages(dialog))


def test_the_main_window_opens_the_editor_read_only_for_a_clerk(qtbot) -> None:
    from gov_docs.checks import Checker, RuleSet
    from gov_docs.gui.main_window import MainWindow

    w = MainWindow(checker=Checker(RuleSet()), ask_restore=False)
    qtbot.addWidget(w)
    w.open_rules()
    qtbot.addWidget(w.rules_dialog)
    assert w.rules_dialog.isVisible() and w.rules_dialog.read_only
    assert "管理员登录" in w.rules_dialog.btn_login.text() and not w.rules_dialog.btn_login.isHidden()
    w.rules_dialog.close()


def test_changing_the_password_needs_the_current_one(qtbot, monkeypatch) -> None:
    from gov_docs.gui.settings_dialog import SettingsDialog

    access.set_password("first-pw")
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    monkeypatch.setattr(admin_prompts, "ask_password", lambda parent: "not-it")
    monkeypatch.setattr(admin_prompts, "ask_new_password", lambda parent: "second-pw")
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)
    assert not dialog._change_password() and access.check_password("first-pw")
    monkeypatch.setattr(admin_prompts, "ask_password", lambda parent: "first-pw")
    assert dialog._change_password() and access.check_password("second-pw")
    dialog.save()  # writing the other settings back keeps the new hash
    assert access.check_password("second-pw")


def test_closing_the_main_window_asks_about_unsaved_rule_edits(qtbot, rules: Path, monkeypatch) -> None:
    from gov_docs.checks import Checker, RuleSet
    from gov_docs.gui.main_window import MainWindow

    w = MainWindow(checker=Checker(RuleSet()), ask_restore=False)
    qtbot.addWidget(w)
    w.show()
    w.rules_dialog = RuleEditorDialog(rules, w, unlocked=True, extra_files=[])
    w.rules_dialog.show()
    target = rules / "punctuation" / "doubled-marks.yaml"
    w.rules_dialog.open_file(target)
    w.rules_dialog.editor.setPlainText(target.read_text(encoding="utf-8") + "# 未保存的说明\n")
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    assert not w.close() and asked and w.isVisible()
    # a problem line of the open file selects that line in the editor
    w.rules_dialog.editor.setPlainText(
        w.rules_dialog.editor.toPlainText().replace("level: error", "level: x"))
    w.rules_dialog.validate()
    item = next(w.rules_dialog.problems.item(i) for i in range(w.rules_dialog.problems.count())
                if ":4: level" in w.rules_dialog.problems.item(i).text())
    w.rules_dialog._goto_problem(item)
    assert w.rules_dialog.editor.textCursor().blockNumber() == 3
    _answer(monkeypatch, QMessageBox.StandardButton.Discard)
    assert w.close()


def test_a_missing_rules_folder_is_said_not_a_crash(qtbot, tmp_path: Path) -> None:
    dialog = RuleEditorDialog(tmp_path / "gone", unlocked=True, extra_files=[])
    qtbot.addWidget(dialog)
    assert dialog.tree.topLevelItemCount() == 0 and "不存在" in dialog.banner.text()


def test_rule_editor_refuses_a_broken_edit(qtbot, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules" / "punctuation", rules / "punctuation")
    dialog = RuleEditorDialog(rules, unlocked=True)
    qtbot.addWidget(dialog)
    target = rules / "punctuation" / "doubled-marks.yaml"
    original = target.read_text(encoding="utf-8")
    dialog.open_file(target)
    dialog.editor.setPlainText(original.replace("level: error", "level: fatal"))
    assert not dialog.save()
    messages = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert any("doubled-marks.yaml:4: level:" in m for m in messages)
    assert target.read_text(encoding="utf-8") == original  # never saved over the working rule
    dialog.editor.setPlainText(original.replace("name: 标点重复", "name: 标点符号重复"))
    assert dialog.save() and "标点符号重复" in target.read_text(encoding="utf-8")


def test_rule_enable_disable_and_import(qtbot, tmp_path: Path) -> None:
    import zipfile

    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules" / "punctuation", rules / "punctuation")
    dialog = RuleEditorDialog(rules, unlocked=True)
    qtbot.addWidget(dialog)
    target = rules / "punctuation" / "doubled-marks.yaml"
    dialog.open_file(target)
    assert dialog.toggle_enabled() and "enabled: false" in target.read_text(encoding="utf-8")
    assert dialog.toggle_enabled() and "enabled: false" not in target.read_text(encoding="utf-8")
    good = tmp_path / "pack.zip"
    with zipfile.ZipFile(good, "w") as zf:
        for f in (ROOT / "tests" / "fixtures" / "rules_ok" / "typo").iterdir():
            zf.write(f, f"typo/{f.name}")
    assert dialog.import_pack(good) == [] and (rules / "typo" / "sample.yaml").exists()
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("broken/r.yaml", "id: x\nname: [\n")
    assert any("r.yaml" in p for p in dialog.import_pack(bad)) and not (rules / "broken").exists()
