"""The ``gov-docs`` command line: one parser, subcommands registered by modules in ``gov_docs.commands``.

Exit codes: 0 success (and "no error-level finding" for ``check``), 1 error-level findings,
2 bad input or any other error (one Chinese line on stderr, never a traceback), 130 cancelled.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
import traceback
from collections.abc import Sequence

from gov_docs import __version__
from gov_docs.errors import GovDocsError

#: Modules that add subcommands; each exposes ``register(subparsers)``. Adding a command: one line here.
COMMAND_MODULES = (
    "gov_docs.commands.document",
    "gov_docs.commands.checks",
    "gov_docs.commands.library",
    "gov_docs.commands.draft",
    "gov_docs.commands.typo",
    "gov_docs.commands.admin",
    "gov_docs.commands.pdf",
)

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
EXIT_CANCELLED = 130


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help headings and usage errors are Chinese; errors are one line, exit code
    2.
    """

    def __init__(self, *args, add_help: bool = True, **kwargs) -> None:
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="显示本帮助并退出")

    def format_usage(self) -> str:  # noqa: D102 - argparse override
        return super().format_usage().replace("usage: ", "用法：", 1)

    def format_help(self) -> str:  # noqa: D102 - argparse override
        return super().format_help().replace("usage: ", "用法：", 1)

    def error(self, message: str) -> None:  # noqa: D102 - argparse override
        self.exit(EXIT_ERROR,
                  f"{self.prog}: 参数错误：{chinese_usage_error(message)}（用 --help 查看用法）\n")


#: argparse's English usage errors and their Chinese wording (what argparse says is kept where unknown).
_USAGE_ERRORS = [
    (re.compile(r"argument (?:命令|子命令): invalid choice: (\S+) \(choose from (.+)\)"),
     r"没有 \1 这个命令（可用：\2）"),
    (re.compile(r"the following arguments are required: (.+)"), r"缺少必填参数 \1"),
    (re.compile(r"unrecognized arguments: (.+)"), r"无法识别的参数 \1"),
    (re.compile(r"argument (\S+): invalid choice: (\S+) \(choose from (.+)\)"),
     r"参数 \1 不能取 \2（可选：\3）"),
    (re.compile(r"argument (\S+): expected one argument"), r"参数 \1 后面缺少取值"),
    (re.compile(r"argument (\S+): invalid (?:int|float) value: (\S+)"), r"参数 \1 的取值 \2 不是数字"),
    (re.compile(r"argument (\S+): ignored explicit argument (\S+)"), r"参数 \1 不接受取值 \2"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"), r"参数 \1 不能与 \2 同时使用"),
]


def chinese_usage_error(message: str) -> str:
    """Return argparse's usage error in Chinese ("the following arguments are required: -o" → "缺少必填参数
    -o").
    """
    for rx, zh in _USAGE_ERRORS:
        m = rx.fullmatch(message.strip())
        if m:
            return m.expand(zh)
    return message


def build_parser() -> argparse.ArgumentParser:
    """Return the top-level parser with every registered subcommand."""
    parser = ChineseArgumentParser(
        prog="gov-docs",
        description="离线公文助手：排版（GB/T 9704）、核验、纠错、起草、素材推荐与办理建议。",
    )
    parser.add_argument("--version", action="version", version=f"gov-docs {__version__}",
                        help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseArgumentParser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _log_crash() -> str:
    """Write the current traceback to the user data folder; return the log path."""
    try:
        from gov_docs.paths import user_data_dir

        log = user_data_dir() / "crash.log"
        with log.open("a", encoding="utf-8") as fh:
            fh.write(traceback.format_exc())
            fh.write("\n")
        return str(log)
    except OSError:
        return "（日志无法写入）"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_OK
    try:
        code = args.func(args)
        return EXIT_OK if code is None else int(code)
    except GovDocsError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return EXIT_CANCELLED
    except BrokenPipeError:
        return EXIT_OK
    except MemoryError:
        print("错误：内存不足，文件过大。", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # a bug: still one line for the user, the traceback goes to the log
        log = _log_crash()
        print(f"错误：内部错误 {type(exc).__name__}: {exc}（详情已记录到 {log}）", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
