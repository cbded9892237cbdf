"""Start the desktop app: on its embedded defaults it opens the sample 通知 and checks it at once."""

from __future__ import annotations

import os
import sys


def install_translations(app) -> list:
    """Load Qt's own zh_CN translations so standard dialogs and buttons speak Chinese; return the
    translators.
    """
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    installed = []
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        tr = QTranslator(app)
        if tr.load(name, folder):
            app.installTranslator(tr)
            installed.append(tr)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    return installed


def run(argv: list[str]) -> int:
    """Create the application and the main window; return the exit code."""
    from PySide6.QtWidgets import QApplication

    from gov_docs.gui.main_window import MainWindow
    from gov_docs.paths import resources_dir

    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName("公文助手")
    install_translations(app)
    window = MainWindow()
    files = [a for a in argv[1:] if not a.startswith("-")]
    sample = resources_dir() / "samples" / "示例通知.txt"
    if files:
        window.open_path(__import__("pathlib").Path(files[0]))
    elif sample.exists():
        window.open_path(sample)
    window.show()
    if os.environ.get("GOV_DOCS_GUI_SMOKE"):  # installer smoke test: start, show, quit
        from PySide6.QtCore import QTimer

        QTimer.singleShot(500, app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(run(sys.argv))
