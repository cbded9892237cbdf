"""Administrator commands: ``gov-docs admin set-password|status`` and ``gov-docs rules validate PATH``.

``rules validate`` checks any one file the app reads (a check rule, a word list, the departments or
retention file, the document-type templates), runs its examples and exits 0 when all is well, 2 when
anything is wrong (each problem as ``file:line: key: message``).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from gov_docs.errors import GovDocsError


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``admin``."""
    p = sub.add_parser("admin", help="管理员：设置管理员密码、查看管理员模式")
    asub = p.add_subparsers(dest="admin_command", metavar="子命令")
    s = asub.add_parser("set-password", help="设置管理员密码（加盐散列保存在用户设置中）")
    s.add_argument("--stdin", action="store_true", help="从标准输入读取密码（部署脚本用），不提示")
    s.add_argument("--enable", action="store_true", help="同时打开管理员模式")
    s.set_defaults(func=cmd_set_password)
    st = asub.add_parser("status", help="显示是否已设置密码、管理员模式是否打开、规则目录是否可写")
    st.set_defaults(func=cmd_status)
    p.set_defaults(func=lambda a: p.print_help() or 0)


def register_rules_validate(rsub: argparse._SubParsersAction) -> None:
    """Add ``rules validate`` to the ``rules`` subcommands."""
    v = rsub.add_parser("validate", help="验证任一规则文件（规则、词表、部门职责、归档规则、文种模板），有误时退出码 2")
    v.add_argument("paths", nargs="+", type=Path, help="要验证的文件")
    v.add_argument("-v", "--verbose", action="store_true", help="也列出通过的示例")
    v.set_defaults(func=cmd_rules_validate)


def cmd_rules_validate(args: argparse.Namespace) -> int:
    """Validate each file; print problems; exit 2 when any file has one."""
    from gov_docs.admin.files import validate_file

    bad = False
    for path in args.paths:
        if path.is_dir():
            raise GovDocsError(f"{path} 是文件夹；验证整个规则目录请用 gov-docs rules test {path}")
        report = validate_file(path)
        for line in report.problems:
            print(line)
        for r in report.results if args.verbose else []:
            print(r)
        for note in report.notes:
            print(f"  {note}")
        print(report.summary())
        bad = bad or not report.ok
    return 2 if bad else 0


def _read_password(args: argparse.Namespace) -> str:
    if args.stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("新的管理员密码：")
    if getpass.getpass("再输入一次：") != first:
        raise GovDocsError("两次输入的密码不一致，未修改")
    return first


def cmd_set_password(args: argparse.Namespace) -> int:
    """Store the hash of a new administrator password."""
    from gov_docs.admin.access import set_password

    path = set_password(_read_password(args), enable_admin=args.enable)
    state = "，管理员模式已打开" if args.enable else ""
    print(f"已设置管理员密码（加盐散列保存在 {path}）{state}")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    """Print the password, admin mode and rule-folder state."""
    from gov_docs import config, paths
    from gov_docs.admin.access import admin_mode_on, folder_writable, password_is_set

    settings = config.load()
    print(f"管理员密码：{'已设置' if password_is_set(settings) else '未设置（gov-docs admin set-password）'}")
    print(f"管理员模式：{'打开' if admin_mode_on(settings) else '关闭'}")
    for d in [paths.rules_dir(), *[Path(x) for x in settings.get("checks", {}).get("rule_dirs", [])]]:
        print(f"规则目录 {d}：{'可写' if folder_writable(d) else '只读'}")
    return 0
