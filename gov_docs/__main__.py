"""``python -m gov_docs``: start the desktop app (falls back to the CLI help without a display or Qt)."""

from __future__ import annotations

import sys


def main() -> int:
    """Start the GUI if it is installed, else explain how to use the CLI."""
    if len(sys.argv) > 1 and sys.argv[1] not in ("--gui",):
        from gov_docs.cli import main as cli_main

        return cli_main(sys.argv[1:])
    import os

    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM"))
    if headless:
        print("没有图形显示环境（DISPLAY 未设置），无法打开桌面应用；可使用命令行：", file=sys.stderr)
        from gov_docs.cli import main as cli_main

        return cli_main(["--help"])
    try:
        from gov_docs.gui.app import run
    except ImportError as exc:
        print(f"图形界面不可用（{exc}）；可使用命令行：gov-docs --help", file=sys.stderr)
        from gov_docs.cli import main as cli_main

        return cli_main(["--help"])
    return run(sys.argv)


if __name__ == "__main__":
    sys.exit(main())
