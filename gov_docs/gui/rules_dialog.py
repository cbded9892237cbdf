"""Rule administration: browse every rule file the app reads, edit, validate, save only when valid.

Read-only unless the administrator has entered the password (admin mode) and the folder is writable;
a system-wide rule folder the clerk cannot write is shown read-only with the reason. Unsaved edits are
never dropped silently; a pack import shows what it adds or replaces first and can be undone.
Validation, packs and access live in :mod:`gov_docs.admin` (shared with the CLI).
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gov_docs.admin import access
from gov_docs.admin.files import KIND_LABELS, detect_kind, validate_text
from gov_docs.fileio import atomic_write_bytes

EDITABLE_SUFFIXES = (".yaml", ".yml", ".tsv", ".txt")


class YamlHighlighter(QSyntaxHighlighter):
    """Keys, comments, strings and [[error markers]] in rule files."""

    def __init__(self, document) -> None:
        super().__init__(document)

        def fmt(color: str, bold: bool = False) -> QTextCharFormat:
            f = QTextCharFormat()
            f.setForeground(QColor(color))
            if bold:
                f.setFontWeight(700)
            return f

        self.rules = [
            (QRegularExpression(r"^\s*-?\s*[A-Za-z_\x{4e00}-\x{9fff}]+(?=:)"), fmt("#1f5fa8", True)),
            (QRegularExpression(r"\"[^\"]*\"|'[^']*'"), fmt("#2e7d32")),
            (QRegularExpression(r"\[\[[^\]]*\]\]"), fmt("#c62828", True)),
            (QRegularExpression(r"#.*$"), fmt("#888888")),
        ]

    def highlightBlock(self, text: str) -> None:  # noqa: N802, D102 - Qt override
        for rx, f in self.rules:
            it = rx.globalMatch(text)
            while it.hasNext():
                m = it.next()
                self.setFormat(m.capturedStart(), m.capturedLength(), f)


def validate_edit(rules_dir: Path, rel_path: str, new_text: str) -> list[str]:
    """Validate an edited file of ``rules_dir``; return problems (file:line: key: message), [] if fine."""
    return validate_text(rules_dir / rel_path, new_text).problems


def default_extra_files() -> list[tuple[str, Path]]:
    """Other files the app reads that an administrator may edit: the document-type templates."""
    from gov_docs import paths

    return [("文种模板", paths.resources_dir() / "doctypes" / "templates.yaml")]


def configured_rule_dirs() -> list[Path]:
    """Return the extra rule folders of the settings (设置—附加规则目录), which the checks also read."""
    from gov_docs import config

    try:
        return [Path(d) for d in config.load().get("checks", {}).get("rule_dirs", []) if Path(d).is_dir()]
    except config.ConfigError:
        return []


class RuleEditorDialog(QDialog):
    """Browse rule packs, edit, validate (验证规则) and save; a broken edit is never saved."""

    rules_changed = Signal()

    def __init__(self, rules_dir: Path, parent=None, *, unlocked: bool | None = None,
                 extra_files: list[tuple[str, Path]] | None = None,
                 extra_rule_dirs: list[Path] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("规则管理")
        self.resize(1100, 680)
        self.rules_dir = rules_dir
        self.extra_files = default_extra_files() if extra_files is None else extra_files
        self.extra_rule_dirs = configured_rule_dirs() if extra_rule_dirs is None else extra_rule_dirs
        self.unlocked = access.admin_mode_on() if unlocked is None else unlocked
        self.current: Path | None = None
        self._saved_text = ""  # the open file's text as on disk: anything else is an unsaved edit
        self.last_import = None
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["规则包 / 文件"])
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.btn_login = QPushButton("管理员登录…")
        self.file_label = QLabel()
        self.editor = QPlainTextEdit()
        self.highlighter = YamlHighlighter(self.editor.document())
        self.problems = QListWidget()
        self.problems.setWordWrap(True)
        self.btn_validate = QPushButton("验证规则")
        self.btn_save = QPushButton("保存")
        self.btn_save.setShortcut("Ctrl+S")
        self.btn_toggle = QPushButton("停用/启用此规则")
        self.btn_export = QPushButton("导出规则包…")
        self.btn_import = QPushButton("导入规则包…")
        self.btn_undo_import = QPushButton("撤销导入")
        self.btn_undo_import.setEnabled(False)
        buttons = QHBoxLayout()
        for b in (self.btn_validate, self.btn_save, self.btn_toggle, self.btn_export, self.btn_import,
                  self.btn_undo_import):
            buttons.addWidget(b)
        top = QHBoxLayout()
        top.addWidget(self.banner, 1)
        top.addWidget(self.btn_login)
        right = QVBoxLayout()
        right.addWidget(self.file_label)
        right.addWidget(self.editor, 3)
        right.addWidget(self.problems, 1)
        right.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        holder = QWidget()
        holder.setLayout(right)
        splitter.addWidget(holder)
        splitter.setSizes([280, 820])
        layout = QVBoxLayout(self)
        layout.addLayout(top, 0)
        layout.addWidget(splitter, 1)
        self._fill_tree()
        self.tree.currentItemChanged.connect(self._open_item)
        self.btn_validate.clicked.connect(self.validate)
        self.btn_save.clicked.connect(self.save)
        self.btn_export.clicked.connect(self._export)
        self.btn_import.clicked.connect(self._import_dialog)
        self.btn_undo_import.clicked.connect(self.undo_last_import)
        self.btn_toggle.clicked.connect(self.toggle_enabled)
        self.btn_login.clicked.connect(self.login)
        self.problems.itemClicked.connect(self._goto_problem)
        self.editor.textChanged.connect(self._update_title)
        self._apply_access()

    # -- access ---------------------------------------------------------------------------------------
    def access_for(self, path: Path | None) -> access.RuleAccess:
        """Return whether ``path`` (default: the rule folder) may be edited now."""
        folder = path.parent if path is not None else self.rules_dir
        return access.rule_access(folder, unlocked=self.unlocked)

    @property
    def read_only(self) -> bool:
        """Return True when the open file (or the rule folder) cannot be changed now."""
        return not self.access_for(self.current).editable

    def _apply_access(self) -> None:
        state = self.access_for(self.current)
        folder_state = self.access_for(None)
        self.editor.setReadOnly(not state.editable)
        self.btn_save.setEnabled(state.editable and self.current is not None)
        self.btn_toggle.setEnabled(state.editable and self.current is not None
                                   and detect_kind(self.current) == "rule")
        self.btn_import.setEnabled(folder_state.editable)
        self.btn_undo_import.setEnabled(folder_state.editable and self.last_import is not None)
        self.btn_login.setVisible(not self.unlocked)
        if state.editable:
            self.banner.setText("管理员模式：可编辑。保存前自动验证（格式、示例），有误时不会保存。")
            self.banner.setStyleSheet("color: #1b5e20")
        else:
            self.banner.setText(state.reason)
            self.banner.setStyleSheet("color: #8a4b00; font-weight: bold")

    def login(self) -> bool:
        """Ask for the administrator password (set on first use) and unlock editing in this dialog."""
        from gov_docs.gui.admin_prompts import unlock_admin

        if unlock_admin(self):
            self.unlocked = True
        self._apply_access()
        return self.unlocked

    # -- files ----------------------------------------------------------------------------------------
    def _fill_tree(self) -> None:
        self.tree.clear()
        packs = [(p.name, p) for p in sorted(self.rules_dir.iterdir())
                 if p.is_dir() and not p.name.startswith(".")] if self.rules_dir.is_dir() else []
        for root in self.extra_rule_dirs:
            packs += [(f"{root.name}/{p.name}", p) for p in sorted(root.iterdir())
                      if p.is_dir() and not p.name.startswith(".")]
        for label, pack in packs:
            top = QTreeWidgetItem([label])
            top.setToolTip(0, str(pack))
            self.tree.addTopLevelItem(top)
            for f in sorted(pack.iterdir()):
                if f.suffix in EDITABLE_SUFFIXES and f.is_file():
                    child = QTreeWidgetItem([f.name])
                    child.setData(0, Qt.ItemDataRole.UserRole, str(f))
                    child.setToolTip(0, f"{KIND_LABELS[detect_kind(f)]}：{f}")
                    top.addChild(child)
        for label, path in self.extra_files:
            if path.is_file():
                top = QTreeWidgetItem([label])
                child = QTreeWidgetItem([path.name])
                child.setData(0, Qt.ItemDataRole.UserRole, str(path))
                child.setToolTip(0, f"{KIND_LABELS[detect_kind(path)]}：{path}")
                top.addChild(child)
                self.tree.addTopLevelItem(top)

    @property
    def dirty(self) -> bool:
        """Return True when the editor holds edits that are not saved."""
        return self.current is not None and self.editor.toPlainText() != self._saved_text

    def _update_title(self, *_args) -> None:
        if self.current is None:
            self.file_label.setText("")
            self.setWindowTitle("规则管理")
            return
        mark = "（未保存）" if self.dirty else ""
        ro = "（只读）" if self.read_only else ""
        self.file_label.setText(f"{KIND_LABELS[detect_kind(self.current)]}：{self.current}{mark}{ro}")
        self.setWindowTitle(f"规则管理 — {self.current.name}{mark}")

    def confirm_discard(self) -> bool:
        """Ask what to do with unsaved edits; return True when it is fine to leave the file.

        保存 saves (and stays when the edit is invalid), 放弃 drops the edits, 取消 stays.
        """
        if not self.dirty:
            return True
        answer = QMessageBox.question(
            self, "未保存的修改", f"{self.current.name} 有未保存的修改。是否保存？",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def open_file(self, path: Path) -> bool:
        """Load a rule file or word list into the editor (after asking about unsaved edits)."""
        if path != self.current and not self.confirm_discard():
            return False
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            QMessageBox.warning(self, "无法打开", f"无法读取 {path}：{exc}")
            return False
        self.current = path
        self._saved_text = text
        self.editor.setPlainText(text)
        self.problems.clear()
        self._apply_access()
        self._update_title()
        return True

    def _open_item(self, item, prev) -> None:
        path = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        if path and not self.open_file(Path(path)):
            self.tree.blockSignals(True)
            self.tree.setCurrentItem(prev)
            self.tree.blockSignals(False)

    def validate(self) -> list[str]:
        """Validate the edited text (schema and examples); list the problems with line numbers."""
        self.problems.clear()
        if self.current is None:
            return []
        report = validate_text(self.current, self.editor.toPlainText())
        if report.problems:
            self.problems.addItems(report.problems)
        else:
            tail = f"全部 {len(report.results)} 条示例通过" if report.results else "格式无误"
            self.problems.addItem(f"验证通过：{KIND_LABELS[report.kind]}加载无误，{tail}。")
        self.problems.addItems(report.notes)
        return report.problems

    def save(self) -> bool:
        """Save atomically if valid and allowed; a broken edit is never written over the working file."""
        if self.current is None:
            return False
        state = self.access_for(self.current)
        if not state.editable:
            self.problems.clear()
            self.problems.addItem(f"未保存：{state.reason}")
            return False
        if self.validate():
            self.problems.insertItem(0, "未保存：请先改正以下问题。")
            return False
        try:
            atomic_write_bytes(self.current, self.editor.toPlainText().encode("utf-8"))
        except OSError as exc:
            self.problems.insertItem(0, f"未保存：无法写入 {self.current}（{exc.strerror or exc}）")
            QMessageBox.warning(self, "无法保存", f"无法写入 {self.current}：{exc.strerror or exc}")
            return False
        self._saved_text = self.editor.toPlainText()
        self.problems.insertItem(0, f"已保存 {self.current.name}，规则已重新加载。")
        self._update_title()
        self.rules_changed.emit()
        return True

    def toggle_enabled(self) -> bool:
        """Switch the open rule between enabled and disabled (``enabled: false``) and save if valid."""
        if self.current is None or detect_kind(self.current) != "rule" or self.read_only:
            return False
        text = self.editor.toPlainText()
        if re.search(r"^enabled:\s*false\s*$", text, re.M):
            text = re.sub(r"^enabled:\s*false\s*\n?", "", text, flags=re.M)
        else:
            text = re.sub(r"^(level:.*)$", r"\1\nenabled: false", text, count=1, flags=re.M)
        self.editor.setPlainText(text)
        return self.save()

    # -- packs ----------------------------------------------------------------------------------------
    def preview_import(self, archive: Path):
        """Validate a zipped pack and return the preview (what it adds, replaces, removes)."""
        from gov_docs.admin.packs import inspect_pack

        return inspect_pack(archive, self.rules_dir)

    def import_pack(self, archive: Path, *, confirm: bool = False) -> list[str]:
        """Import a zipped rule pack: validated first, installed only if clean, the old pack backed up.

        Args:
            archive: the .zip file.
            confirm: show what the import adds or replaces and ask before installing.

        Returns:
            The problems ([] when installed, or ["已取消导入"] when the administrator said no).
        """
        from gov_docs.admin.packs import PackError, install_pack

        if not self.access_for(None).editable:
            return [self.access_for(None).reason]
        preview = self.preview_import(archive)
        if not preview.ok:
            return preview.problems
        if confirm:
            text = "\n".join(preview.describe()) + "\n\n确定导入？"
            answer = QMessageBox.question(self, "导入规则包", text)
            if answer != QMessageBox.StandardButton.Yes:
                preview.cleanup()
                return ["已取消导入"]
        if self.dirty and self.current is not None and self.current.parent.name == preview.pack \
                and not self.confirm_discard():
            preview.cleanup()
            return ["已取消导入"]
        try:
            self.last_import = install_pack(preview, self.rules_dir)
        except PackError as exc:
            return [str(exc)]
        self._after_pack_change()
        return []

    def undo_last_import(self) -> str:
        """Put back the pack the last import replaced; return the message shown."""
        from gov_docs.admin.packs import PackError, undo_import

        if self.last_import is None:
            return ""
        try:
            message = undo_import(self.last_import)
        except PackError as exc:
            message = str(exc)
        else:
            self.last_import = None
        self._after_pack_change()
        self.problems.clear()
        self.problems.addItem(message)
        return message

    def _after_pack_change(self) -> None:
        if self.current is not None and not self.current.exists():
            self.current = None
            self.editor.clear()
        elif self.current is not None and not self.dirty:
            self._saved_text = self.current.read_text(encoding="utf-8")
            self.editor.setPlainText(self._saved_text)
        self._fill_tree()
        self._apply_access()
        self._update_title()
        self.rules_changed.emit()

    def _import_dialog(self) -> None:
        path = QFileDialog.getOpenFileName(self, "导入规则包", "", "规则包 (*.zip)")[0]
        if path:
            problems = self.import_pack(Path(path), confirm=True)
            self.problems.clear()
            done = f"已导入 {Path(path).name}；如需恢复原规则包，点“撤销导入”。"
            self.problems.addItems(problems or [done])

    def _goto_problem(self, item) -> None:
        """Select the line a problem names, when it is in the open file (not, say, the rule using a list)."""
        m = re.match(r"(.+?):(\d+): ", item.text())
        if m and self.current is not None and Path(m.group(1)) == self.current:
            block = self.editor.document().findBlockByNumber(int(m.group(2)) - 1)
            cur = QTextCursor(block)
            cur.select(QTextCursor.SelectionType.LineUnderCursor)
            self.editor.setTextCursor(cur)

    def _export(self) -> None:
        from gov_docs.admin.packs import PackError, export_pack

        item = self.tree.currentItem()
        if item is None:
            return
        pack = item if item.parent() is None else item.parent()
        if not (self.rules_dir / pack.text(0)).is_dir():
            return
        target = QFileDialog.getSaveFileName(self, "导出规则包", f"{pack.text(0)}.zip", "规则包 (*.zip)")[0]
        if target:
            try:
                out = export_pack(self.rules_dir, pack.text(0), Path(target))
            except PackError as exc:
                QMessageBox.warning(self, "无法导出", str(exc))
                return
            self.problems.clear()
            self.problems.addItem(f"已导出 {out}")

    # -- closing --------------------------------------------------------------------------------------
    def closeEvent(self, event) -> None:  # noqa: N802, D102 - Qt override
        if self.confirm_discard():
            event.accept()
        else:
            event.ignore()

    def reject(self) -> None:  # noqa: D102 - Esc / the window's close button
        if self.confirm_discard():
            super().reject()
