"""Starting the app (gui/app.py): Qt's own dialogs speak Chinese, and the installer's smoke start opens
the sample 通知, shows the window and quits cleanly."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from tests.gui.helpers import ROOT


def test_standard_dialogs_speak_chinese(qtbot) -> None:  # qtbot: the QApplication exists
    from gov_docs.gui.app import install_translations

    app = QApplication.instance()
    translators = install_translations(app)
    try:
        assert translators
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    finally:
        for tr in translators:
            app.removeTranslator(tr)


def test_the_smoke_start_opens_the_sample_and_quits_with_0(tmp_path) -> None:
    env = dict(os.environ, GOV_DOCS_GUI_SMOKE="1", QT_QPA_PLATFORM="offscreen", GOV_DOCS_HOME=str(tmp_path))
    code = "import sys; from gov_docs.gui.app import run; sys.exit(run(['gov-docs-gui']))"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                         timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "Traceback" not in res.stderr
    settings = (tmp_path / "settings.toml").read_text(encoding="utf-8")
    assert "示例通知.txt" in settings  # the sample was opened: it is the recent file
