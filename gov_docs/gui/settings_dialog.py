"""Settings: model path or server URL, threads, rule folders, allow-list, typo verification, font-name
strictness, admin mode (TOML).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from gov_docs import config

#: Choices of ``checks.font_strictness`` (see rules/format/font_families.tsv).
FONT_STRICTNESS = (
    ("strict", "严格：只认国标字体名（仿宋_GB2312、黑体、楷体_GB2312、方正小标宋简体）"),
    ("standard", "标准：同一字体的其他字库版本也算（方正仿宋_GBK、长城小标宋体等）"),
    ("loose", "宽松：外观相近的字体也算（华文仿宋、华文中宋等）"),
)

class SettingsDialog(QDialog):
    """Edit the settings file; saved atomically, the allow-list to its own file."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("设置")
        self.settings = config.load()
        llm, checks = self.settings["llm"], self.settings["checks"]
        self.backend = QComboBox()
        self.backend.addItems(["本机模型", "模型服务"])
        self.backend.setCurrentIndex(1 if llm.get("backend") == "server" else 0)
        self.model_path = QLineEdit(llm.get("model_path", ""))
        self.model_path.setPlaceholderText("留空：起草模型 1.5B（未安装时 0.5B）；也可填 0.5b 或 .gguf 路径")
        browse = QPushButton("选择…")
        browse.clicked.connect(self._browse)
        model_row = QHBoxLayout()
        model_row.addWidget(self.model_path)
        model_row.addWidget(browse)
        self.server_url = QLineEdit(llm.get("server_url", ""))
        self.server_url.setPlaceholderText("如 http://10.0.0.5:8080（OpenAI 兼容接口）")
        self.server_model = QLineEdit(llm.get("server_model", ""))
        self.threads = QSpinBox()
        self.threads.setRange(0, 64)
        self.threads.setValue(int(llm.get("threads", 0)))
        self.threads.setSpecialValueText("空闲核心")
        self.rule_dirs = QPlainTextEdit("\n".join(checks.get("rule_dirs", [])))
        self.rule_dirs.setMaximumHeight(60)
        from gov_docs.checks.allowlist import allow_list_path

        path = allow_list_path()
        self.allow_list = QPlainTextEdit(path.read_text(encoding="utf-8") if path.exists() else "")
        self.allow_list.setMaximumHeight(100)
        self.admin = QCheckBox("管理员模式（可编辑规则，需管理员密码）")
        from gov_docs.admin.access import admin_mode_on

        self.admin.setChecked(admin_mode_on(self.settings))
        self.admin.clicked.connect(self._admin_clicked)
        self.typo_lm = QCheckBox("错别字检测用本机模型核验（更准，较慢；重新加载规则后生效）")
        self.typo_lm.setChecked(bool(checks.get("typo_lm_verify", True)))
        self.font_strictness = QComboBox()
        for key, label in FONT_STRICTNESS:
            self.font_strictness.addItem(label, key)
        current = [k for k, _ in FONT_STRICTNESS].index(checks.get("font_strictness", "standard")) \
            if checks.get("font_strictness", "standard") in [k for k, _ in FONT_STRICTNESS] else 1
        self.font_strictness.setCurrentIndex(current)
        form = QFormLayout()
        form.addRow("起草使用", self.backend)
        form.addRow("模型文件", model_row)
        form.addRow("模型服务地址", self.server_url)
        form.addRow("服务模型名", self.server_model)
        form.addRow("线程数", self.threads)
        form.addRow("附加规则目录（每行一个）", self.rule_dirs)
        form.addRow("白名单（每行一个词）", self.allow_list)
        form.addRow("", self.typo_lm)
        form.addRow("字体名称核对", self.font_strictness)
        self.change_password = QPushButton("修改管理员密码…")
        self.change_password.clicked.connect(self._change_password)
        admin_row = QHBoxLayout()
        admin_row.addWidget(self.admin)
        admin_row.addWidget(self.change_password)
        admin_row.addStretch(1)
        form.addRow("", admin_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _admin_clicked(self, checked: bool) -> None:
        """Switching admin mode on asks for the password (set on first use); off needs nothing."""
        from gov_docs.admin.access import stored_hash
        from gov_docs.gui.admin_prompts import unlock_admin

        if not checked:
            return
        if not unlock_admin(self):
            self.admin.setChecked(False)
            return
        # the password may have just been set: keep its hash when these settings are written back
        self.settings.setdefault("admin", {})["password_hash"] = stored_hash()

    def _change_password(self) -> bool:
        """Change the administrator password: the current one first (if set), then the new one twice."""
        from PySide6.QtWidgets import QMessageBox

        from gov_docs.admin import access
        from gov_docs.gui import admin_prompts

        if access.password_is_set():
            entered = admin_prompts.ask_password(self)
            if entered is None:
                return False
            if not access.check_password(entered):
                QMessageBox.warning(self, "管理员密码", "当前密码不正确，密码未修改。")
                return False
        new = admin_prompts.ask_new_password(self)
        if new is None:
            return False
        access.set_password(new)
        self.settings.setdefault("admin", {})["password_hash"] = access.stored_hash()
        return True

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择模型文件", "", "GGUF 模型 (*.gguf)")
        if path:
            self.model_path.setText(path)

    def save(self) -> None:
        """Write the settings and the allow-list, then close."""
        from gov_docs.checks.allowlist import allow_list_path
        from gov_docs.fileio import atomic_write_bytes

        s = self.settings
        s["llm"].update(backend="server" if self.backend.currentIndex() == 1 else "embedded",
                        model_path=self.model_path.text().strip(), server_url=self.server_url.text().strip(),
                        server_model=self.server_model.text().strip(), threads=self.threads.value())
        s["checks"]["typo_lm_verify"] = self.typo_lm.isChecked()
        s["checks"]["font_strictness"] = self.font_strictness.currentData()
        s["checks"]["rule_dirs"] = [ln.strip() for ln in self.rule_dirs.toPlainText().splitlines()
                                    if ln.strip()]
        s["ui"]["admin_mode"] = self.admin.isChecked()
        config.save(s)
        atomic_write_bytes(allow_list_path(), (self.allow_list.toPlainText().strip() + "\n").encode("utf-8"))
        self.accept()
