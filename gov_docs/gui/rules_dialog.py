"""Rule administration (admin mode): browse packs, edit a rule or word list, validate, save only when valid."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from gov_docs.fileio import atomic_write_bytes


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
    """Validate an edited rule file in a copy of its pack; return problems (file:line: key: message), [] if fine."""
    from gov_docs.checks import run_selftest

    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s) / "rules"
        pack = Path(rel_path).parts[0]
        shutil.copytree(rules_dir / pack, tmp / pack)
        target = tmp / rel_path
        target.write_text(new_text, encoding="utf-8")
        results, errors = run_selftest([tmp / pack])
        problems = [e.replace(str(tmp) + "/", "") for e in errors]
        problems += [str(r).replace(str(tmp) + "/", "") for r in results if not r.ok]
        return problems


class RuleEditorDialog(QDialog):
    """Browse rule packs, edit, validate (验证规则) and save; a broken edit is never saved."""

    rules_changed = Signal()

    def __init__(self, rules_dir: Path, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("规则管理")
        self.resize(1000, 640)
        self.rules_dir = rules_dir
        self.current: Path | None = None
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["规则包 / 文件"])
        self.editor = QPlainTextEdit()
        self.highlighter = YamlHighlighter(self.editor.document())
        self.problems = QListWidget()
        self.btn_validate = QPushButton("验证规则")
        self.btn_save = QPushButton("保存")
        self.btn_export = QPushButton("导出规则包…")
        self.btn_import = QPushButton("导入规则包…")
        self.btn_toggle = QPushButton("停用/启用此规则")
        buttons = QHBoxLayout()
        for b in (self.btn_validate, self.btn_save, self.btn_toggle, self.btn_export, self.btn_import):
            buttons.addWidget(b)
        right = QVBoxLayout()
        right.addWidget(self.editor, 3)
        right.addWidget(self.problems, 1)
        right.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        from PySide6.QtWidgets import QWidget

        holder = QWidget()
        holder.setLayout(right)
        splitter.addWidget(holder)
        splitter.setSizes([260, 740])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._fill_tree()
        self.tree.currentItemChanged.connect(self._open_item)
        self.btn_validate.clicked.connect(self.validate)
        self.btn_save.clicked.connect(self.save)
        self.btn_export.clicked.connect(self._export)
        self.btn_import.clicked.connect(self._import_dialog)
        self.btn_toggle.clicked.connect(self.toggle_enabled)
        self.problems.itemClicked.connect(self._goto_problem)

    def _fill_tree(self) -> None:
        self.tree.clear()
        for pack in sorted(p for p in self.rules_dir.iterdir() if p.is_dir()):
            top = QTreeWidgetItem([pack.name])
            self.tree.addTopLevelItem(top)
            for f in sorted(pack.iterdir()):
                if f.suffix in (".yaml", ".yml", ".tsv", ".txt"):
                    child = QTreeWidgetItem([f.name])
                    child.setData(0, Qt.ItemDataRole.UserRole, str(f))
                    top.addChild(child)

    def open_file(self, path: Path) -> None:
        """Load a rule file or word list into the editor."""
        self.current = path
        self.editor.setPlainText(path.read_text(encoding="utf-8"))
        self.problems.clear()

    def _open_item(self, item, _prev) -> None:
        path = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        if path:
            self.open_file(Path(path))

    def validate(self) -> list[str]:
        """Run the loader and the examples on the edited text; list the problems with line numbers."""
        self.problems.clear()
        if self.current is None:
            return []
        rel = str(self.current.relative_to(self.rules_dir))
        problems = validate_edit(self.rules_dir, rel, self.editor.toPlainText())
        if problems:
            self.problems.addItems(problems)
        else:
            self.problems.addItem("验证通过：规则加载无误，全部示例通过。")
        return problems

    def save(self) -> bool:
        """Save atomically if valid; a broken edit is never written over the working file."""
        if self.current is None:
            return False
        if self.validate():
            self.problems.insertItem(0, "未保存：请先改正以下问题。")
            return False
        atomic_write_bytes(self.current, self.editor.toPlainText().encode("utf-8"))
        self.problems.insertItem(0, f"已保存 {self.current.name}，规则已重新加载。")
        self.rules_changed.emit()
        return True

    def toggle_enabled(self) -> bool:
        """Switch the open rule between enabled and disabled (``enabled: false``) and save if valid."""
        import re

        text = self.editor.toPlainText()
        if re.search(r"^enabled:\s*false\s*$", text, re.M):
            text = re.sub(r"^enabled:\s*false\s*\n?", "", text, flags=re.M)
        else:
            text = re.sub(r"^(level:.*)$", r"\1\nenabled: false", text, count=1, flags=re.M)
        self.editor.setPlainText(text)
        return self.save()

    def import_pack(self, archive: Path) -> list[str]:
        """Import a zipped rule pack: validated in a temporary folder first; installed only if it loads cleanly."""
        import zipfile

        from gov_docs.checks import run_selftest

        with tempfile.TemporaryDirectory() as tmp_s:
            tmp = Path(tmp_s)
            try:
                with zipfile.ZipFile(archive) as zf:
                    for name in zf.namelist():
                        if name.startswith("/") or ".." in Path(name).parts:
                            return [f"{archive}: 包含不安全的路径 {name}"]
                    zf.extractall(tmp)
            except zipfile.BadZipFile:
                return [f"{archive}: 不是有效的 zip 规则包"]
            packs = [p for p in tmp.iterdir() if p.is_dir()]
            if len(packs) != 1:
                return [f"{archive}: 规则包应只含一个文件夹"]
            results, errors = run_selftest([packs[0]])
            problems = errors + [str(r) for r in results if not r.ok]
            if problems:
                return problems
            target = self.rules_dir / packs[0].name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(packs[0], target)
        self._fill_tree()
        self.rules_changed.emit()
        return []

    def _import_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path = QFileDialog.getOpenFileName(self, "导入规则包", "", "规则包 (*.zip)")[0]
        if path:
            problems = self.import_pack(Path(path))
            self.problems.clear()
            self.problems.addItems(problems or [f"已导入 {Path(path).name}"])

    def _goto_problem(self, item) -> None:
        import re

        m = re.search(r":(\d+):", item.text())
        if m:
            block = self.editor.document().findBlockByNumber(int(m.group(1)) - 1)
            cur = QTextCursor(block)
            cur.select(QTextCursor.SelectionType.LineUnderCursor)
            self.editor.setTextCursor(cur)

    def _export(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        item = self.tree.currentItem()
        if item is None:
            return
        pack = item if item.parent() is None else item.parent()
        target = QFileDialog.getSaveFileName(self, "导出规则包", f"{pack.text(0)}.zip", "规则包 (*.zip)")[0]
        if target:
            shutil.make_archive(target.removesuffix(".zip"), "zip", self.rules_dir, pack.text(0))
