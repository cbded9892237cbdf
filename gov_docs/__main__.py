"""``python -m gov_docs``: start the desktop app (falls back to the CLI help without a display or Qt)."""

from __future__ import annotations

import sys


def main() -> int:
    """Start the GUI if it is installed, else explain how to use the CLI."""
    if len(sys.argv) > 1 and sys.argv[1] not in ("--gui",):
        from gov_docs.cli import main as cli_main

        return cli_main(sys.argv[1:])
    try:
        from gov_docs.gui.app import run
    except ImportError as exc:
        print(f"图形界面不可用（{exc}）；可使用命令行：gov-docs --help", file=sys.stderr)
        from gov_docs.cli import main as cli_main

        return cli_main(["--help"])
    return run(sys.argv)


if __name__ == "__main__":
    sys.exit(main())
