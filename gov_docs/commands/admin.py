"""Administrator commands: ``gov-docs admin set-password|status``, ``gov-docs rules validate PATH`` and
``gov-docs rules import|undo-import|export`` (the rule editor's pack buttons; import and undo need admin
mode).

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
    v = rsub.add_parser("validate",
                        help="验证任一规则文件（规则、词表、部门职责、归档规则、文种模板），有误时退出码 2")
    v.add_argument("paths", nargs="+", type=Path, help="要验证的文件")
    v.add_argument("-v", "--verbose", action="store_true", help="也列出通过的示例")
    v.set_defaults(func=cmd_rules_validate)


def register_rules_packs(rsub: argparse._SubParsersAction) -> None:
    """Add ``rules import|undo-import|export`` (the rule editor's pack buttons, for scripts)."""
    i = rsub.add_parser("import", help="导入 zip 规则包：先验证并列出新增/替换/删除的文件，"
                                       "加 --yes 才安装（原规则包自动备份）")
    i.add_argument("archive", type=Path, help="规则包 zip 文件")
    i.add_argument("--yes", action="store_true", help="验证通过后安装（否则只显示将做的修改）")
    i.add_argument("--rules-dir", type=Path, help="目标规则目录（默认：内置规则目录）")
    i.set_defaults(func=cmd_rules_import)
    u = rsub.add_parser("undo-import", help="撤销最近一次规则包导入（恢复备份）")
    u.set_defaults(func=cmd_rules_undo_import)
    e = rsub.add_parser("export", help="把一个规则包导出为 zip")
    e.add_argument("pack", help="规则包（文件夹名，如 sensitive）")
    e.add_argument("output", type=Path, help="导出的 zip 文件")
    e.add_argument("--rules-dir", type=Path, help="规则目录（默认：内置规则目录）")
    e.set_defaults(func=cmd_rules_export)


def _require_admin(folder: Path) -> None:
    from gov_docs.admin.access import rule_access

    state = rule_access(folder)
    if not state.editable:
        hint = "点“管理员登录…”输入管理员密码后可修改规则（首次使用时设置密码）"
        cli_hint = "请先用 gov-docs admin set-password --enable 打开管理员模式"
        raise GovDocsError(state.reason.replace(hint, cli_hint))


def cmd_rules_import(args: argparse.Namespace) -> int:
    """Show what a pack import changes; install it (with a backup) when --yes is given."""
    from gov_docs import paths
    from gov_docs.admin.packs import inspect_pack, install_pack

    rules_dir = args.rules_dir or paths.rules_dir()
    if not args.archive.is_file():
        raise GovDocsError(f"规则包 {args.archive} 不存在")
    preview = inspect_pack(args.archive, rules_dir)
    for line in preview.describe():
        print(line)
    if not preview.ok:
        return 2
    if not args.yes:
        preview.cleanup()
        print("未安装：确认无误后加 --yes 再运行。")
        return 0
    _require_admin(rules_dir)
    record = install_pack(preview, rules_dir)
    backup = f"，原规则包备份在 {record.backup}" if record.backup else ""
    print(f"已导入规则包 {record.pack} 到 {record.target}{backup}；撤销：gov-docs rules undo-import")
    return 0


def cmd_rules_undo_import(args: argparse.Namespace) -> int:
    """Undo the last pack import."""
    from gov_docs.admin.packs import last_import, undo_import

    record = last_import()
    if record is None:
        raise GovDocsError("没有可撤销的规则包导入")
    _require_admin(record.target.parent)
    print(undo_import(record))
    return 0


def cmd_rules_export(args: argparse.Namespace) -> int:
    """Write one pack as a zip."""
    from gov_docs import paths
    from gov_docs.admin.packs import export_pack

    out = export_pack(args.rules_dir or paths.rules_dir(), args.pack, args.output)
    print(f"已导出 {out}")
    return 0


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
