"""Screenshots of the page view for the README: a 通知 with 版头 and 版记, a 请示 with 签发人.

Usage (a real X server): xvfb-run -a -s "-screen 0 1600x1000x24" env QT_QPA_PLATFORM=xcb \
    .venv/bin/python scripts/screenshots_page_view.py docs/screenshots
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:  # noqa: D103
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    from gov_docs.gui.main_window import MainWindow

    shots = [
        (ROOT / "tests/fixtures/full_notice.txt", "page_view_notice.png", "both", 0),
        (ROOT / "tests/fixtures/full_notice.txt", "page_view_notice_colophon.png", "both", -1),
        (ROOT / "tests/layout/fixtures/qingshi.txt", "page_view_qingshi.png", "both", 0),
        (ROOT / "tests/layout/fixtures/qingshi.txt", "page_view_qingshi_signature.png", "both", 1),
    ]
    windows = []

    def take(k: int = 0) -> None:
        if k == len(shots):
            app.quit()
            return
        src, name, mode, page = shots[k]
        w = MainWindow(ask_restore=False)
        windows.append(w)
        w.resize(1500, 960)
        w.show()
        w.open_path(src)
        ctl = w.page_view
        ctl.set_mode(mode)

        def snap() -> None:
            ctl.refresh()
            index = page if page >= 0 else ctl.layout.page_count - 1
            ctl.view.scroll.verticalScrollBar().setValue(int(ctl.view.canvas.page_origin(index).y()) - 8)
            app.processEvents()
            w.grab().save(str(out / name))
            print(out / name, ctl.layout.page_count, "pages")
            w.close()
            take(k + 1)

        QTimer.singleShot(6000, snap)

    QTimer.singleShot(0, take)
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
