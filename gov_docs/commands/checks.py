"""Reviewer commands: ``gov-docs check``, ``gov-docs fix``, ``gov-docs rules test|list``.

``check`` exits 0 when no error-level finding, 1 when any, 2 when an input could not be read (the
other inputs are still checked). ``--annotate OUT`` writes each input as a .docx with every finding as
a Word comment at the offending text. ``fix`` applies only unambiguous fixes and never writes over its
input; on a .docx it edits the original runs, so every run keeps its formatting.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import zipfile
from pathlib import Path

from gov_docs.commands.progress import ProgressBar
from gov_docs.errors import GovDocsError, os_reason

CATEGORY_NAMES = ("format", "punctuation", "number", "typo", "sensitive", "expression", "structure")


#: above this many files a check uses the typo rule's fast path unless --verify: the model's verification
#: costs about 8 CPU-seconds per 10,000 characters (~100x the whole engine), so a reviewer's folder of
#: 600 documents would take a quarter of an hour instead of a minute; the fast path keeps 必错 and 疑似
#: within issue 16's limits on clean text (BENCHMARKS.md), it only finds fewer real slips
BATCH_FAST_FILES = 20
#: the same budget in characters, for a few long files (a 500-page .txt would otherwise be verified for a
#: quarter of an hour with nothing on the screen): about 50 pages
BATCH_FAST_CHARS = 100_000

_DOCX_TEXT = re.compile(rb"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def _chars_estimate(path: Path) -> int:
    """Roughly how many characters a file holds, without reading it as a document: a .txt's bytes over
    3 (UTF-8 Chinese; GBK counts high, which only errs towards the fast path), a .docx's ``w:t`` texts.
    Unreadable files count 0: reading them later reports the problem.
    """
    try:
        if path.suffix.lower() != ".docx":
            return path.stat().st_size // 3
        from gov_docs.document.docx_reader import MAX_XML_BYTES  # (a .txt check never loads python-docx)

        with zipfile.ZipFile(path) as z:
            if z.getinfo("word/document.xml").file_size > MAX_XML_BYTES:
                return 0  # refused as too large when read
            xml = z.read("word/document.xml")
        return sum(len(m.group(1).decode("utf-8", "ignore")) for m in _DOCX_TEXT.finditer(xml))
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add check, fix and rules."""
    p = sub.add_parser("check", help="核验公文（格式、标点、数字、错别字、敏感词、规范表述、结构）")
    p.add_argument("paths", nargs="+", type=Path,
                   help="文件或文件夹（.docx/.wps/.txt，.doc/.rtf/.odt 经 LibreOffice 转换；文件夹递归）")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    p.add_argument("--annotate", type=Path, metavar="OUT",
                   help="输出带批注的 .docx：单个输入为文件路径，多个输入为文件夹")
    p.add_argument("--only", default="", help=f"只检查这些类别，逗号分隔：{','.join(CATEGORY_NAMES)}")
    p.add_argument("--rules", type=Path, action="append", help="规则目录（可多次指定；默认为内置规则）")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--fast", action="store_true",
                      help="错别字只用快速检测，不用本机模型核验（默认用本机小模型核验疑点，"
                           "无模型时自动改用快速检测；设置 checks.typo_lm_verify 可关闭核验）")
    mode.add_argument("--verify", action="store_true",
                      help=f"错别字疑点一律用本机模型核验，文件再多再长也是（默认超过 {BATCH_FAST_FILES} "
                           f"个文件或共约 {BATCH_FAST_CHARS // 10000} 万字时只用快速检测："
                           "逐一核验耗时约为其百倍）")
    p.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="并行核验的进程数（默认：每个处理器核一个；1 为不并行）")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("fix", help="自动修改必错项（仅限唯一正确写法的情形），保留原格式")
    p.add_argument("input", type=Path,
                   help="输入文件（.docx、.wps 或 .txt；.doc、.rtf、.odt 经 LibreOffice 转换）")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出文件（不得与输入相同）")
    p.add_argument("--rules", type=Path, action="append", help="规则目录")
    p.add_argument("--track-changes", action="store_true",
                   help="以修订方式保存：每处修改记为 Word 修订（作者 gov-docs），附批注说明依据，可在 "
                        "Word/WPS 中逐条接受或拒绝")
    p.set_defaults(func=cmd_fix)

    p = sub.add_parser("rules", help="规则管理：test 运行规则自带示例；validate 验证单个文件；list 列出规则")
    rsub = p.add_subparsers(dest="rules_command", metavar="子命令")
    t = rsub.add_parser("test", help="运行规则示例并报告问题（文件:行: 键: 说明）")
    t.add_argument("dirs", nargs="*", type=Path, help="规则目录或文件（默认：内置规则）")
    t.add_argument("-v", "--verbose", action="store_true", help="也列出通过的示例")
    t.set_defaults(func=cmd_rules_test)
    ls = rsub.add_parser("list", help="列出规则")
    ls.add_argument("dirs", nargs="*", type=Path, help="规则目录或文件（默认：内置规则）")
    ls.set_defaults(func=cmd_rules_list)
    from gov_docs.commands.admin import register_rules_packs, register_rules_validate

    register_rules_validate(rsub)
    register_rules_packs(rsub)
    p.set_defaults(func=lambda a: p.print_help() or 0)


def _inputs(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Return the files to check (folders walked) and, from folders, the files no reader takes.

    A clerk's folder often mixes .doc and .wps files in: a .doc, binary .wps, .rtf or .odt is checked
    through LibreOffice when it is installed; the others are named rather than passed over in silence, so a
    clean summary never hides documents that were not checked.
    """
    from gov_docs.document import LEGACY_SUFFIXES, READABLE_SUFFIXES, converts_through_office, reads_as_docx
    from gov_docs.document.legacy import office_converter

    converter = office_converter() is not None
    out: list[Path] = []
    skipped: list[Path] = []
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if not f.is_file() or f.name.startswith(("~$", ".")):
                    continue
                if (f.suffix.lower() in READABLE_SUFFIXES or reads_as_docx(f)
                        or (converter and converts_through_office(f))):
                    out.append(f)
                elif f.suffix.lower() in LEGACY_SUFFIXES:
                    skipped.append(f)
        else:
            out.append(p)
    return out, skipped


def _report_skipped(skipped: list[Path]) -> None:
    if not skipped:
        return
    names = "、".join(str(f) for f in skipped[:5]) + ("等" if len(skipped) > 5 else "")
    kinds = "、".join(sorted({f.suffix.lower() for f in skipped}))
    from gov_docs.document import converts_through_office

    hint = ("；安装 LibreOffice 后可直接核验 .doc、.wps、.rtf、.odt"
            if any(converts_through_office(f) for f in skipped) else "")
    print(f"提示：跳过 {len(skipped)} 个 {kinds} 文件（{names}）：请在 Word 或 WPS 中另存为 .docx 后再核验"
          f"{hint}", file=sys.stderr)


def _checker(rule_dirs: list[Path] | None, only: str = ""):
    from gov_docs.checks import Checker, load_rules
    from gov_docs.checks.loader import rule_files

    cats = [c.strip() for c in only.split(",") if c.strip()] or None
    for c in cats or []:
        if c not in CATEGORY_NAMES:
            raise GovDocsError(f"未知的类别 {c}（可用：{','.join(CATEGORY_NAMES)}）")
    for d in rule_dirs or []:
        if not d.exists():
            raise GovDocsError(f"规则目录 {d} 不存在")
        if not rule_files([d]):  # an empty folder would silently check nothing
            raise GovDocsError(f"规则目录 {d} 中没有规则文件（.yaml）")
    ruleset = load_rules(rule_dirs, categories=cats)  # --only: other packs are not even compiled
    for line in ruleset.error_lines:
        print(f"警告：规则加载错误 {line}", file=sys.stderr)
    return Checker(ruleset, categories=cats)


def _location(doc, f) -> str:
    if f.scope == "document" or f.paragraph < 0:
        return "全文"
    where = f"第{f.paragraph + 1}段"
    if f.scope == "text":
        where += f"第{f.start + 1}字"
    return where


def _print_text(path: Path, doc, findings) -> None:
    print(f"{path}：{len(findings)} 处")
    for f in findings:
        sugg = f" → {f.shown_suggestions()}" if f.suggestions else ""
        print(f"  {_location(doc, f)} [{f.level.label}][{f.category.label}] “{f.matched}”{sugg}："
              f"{f.message}（依据：{f.basis}；{f.rule_id}）")


def _choose_typo_mode(args: argparse.Namespace, files: list[Path]) -> None:
    """Set the typo mode before the rules load (batch workers inherit it): --fast, --verify, else the
    setting — except for more than :data:`BATCH_FAST_FILES` files or :data:`BATCH_FAST_CHARS`
    characters, which get the fast path, said once.
    """
    if args.fast or args.verify:
        os.environ["GOV_DOCS_TYPO_VERIFY"] = "1" if args.verify else "0"
        return
    if os.environ.get("GOV_DOCS_TYPO_VERIFY", "").strip():  # chosen by a script (see settings_verify)
        return
    from gov_docs.typo.kind import settings_verify

    if "typo" not in (args.only or "typo") or not settings_verify():
        return
    why = f"共 {len(files)} 个文件" if len(files) > BATCH_FAST_FILES else ""
    if not why:
        chars = sum(_chars_estimate(f) for f in files)
        if chars > BATCH_FAST_CHARS:
            why = f"文稿共约 {chars / 10000:.0f} 万字"
    if why:
        os.environ["GOV_DOCS_TYPO_VERIFY"] = "0"
        print(f"提示：{why}，错别字只用快速检测；需要逐一用本机模型核验疑点时加 --verify"
              "（耗时约为快速检测的百倍）", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    """Check files and folders; print findings; optionally write annotated copies."""
    from gov_docs import api
    from gov_docs.checks.findings import Level
    from gov_docs.document import DocumentReadError

    files, skipped = _inputs(args.paths)
    _report_skipped(skipped)
    if not files:
        raise GovDocsError("没有找到可核验的 .docx 或 .txt 文件")
    _choose_typo_mode(args, files)
    checker = _checker(args.rules, args.only)
    annotate_dir = None
    if args.annotate is not None:
        if len(files) > 1 or args.annotate.suffix.lower() != ".docx":
            annotate_dir = args.annotate
            if annotate_dir.exists() and not annotate_dir.is_dir():
                raise GovDocsError(f"--annotate：{annotate_dir} 是已有的文件，不是文件夹；一个文件的批注请给"
                                   " .docx 文件名，多个文件请给一个文件夹")
            try:
                annotate_dir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise GovDocsError(f"无法创建批注文件夹 {annotate_dir}：{os_reason(exc)}") from exc
    if args.jobs is not None and args.jobs < 1:
        raise GovDocsError("--jobs 应为正整数")
    results = []
    bad_input = False
    any_error = False
    bar = ProgressBar(len(files))  # on a terminal only; files are checked on every core, printed in order
    for r in api.check_files(files, checker=checker, jobs=args.jobs, progress=bar.update):
        bar.clear()
        path = r.path
        if r.error is not None:
            bad_input = True
            print(f"错误：{r.error}", file=sys.stderr)
            results.append({"path": str(path), "error": r.error, "findings": []})
            bar.draw()
            continue
        findings = r.findings
        doc = r.document
        if r.revisions:
            print(f"提示：{path} 含 {r.revisions} 处修订，已按接受全部修订后的文本核验", file=sys.stderr)
        any_error = any_error or any(f.level is Level.ERROR for f in findings)
        if args.format == "text":
            _print_text(path, doc, findings)
            sys.stdout.flush()
        results.append({"path": str(path), "error": None, "doc_type": doc.doc_type,
                        "findings": [f.to_dict() for f in findings]})
        if args.annotate is not None:
            out = (annotate_dir / (path.stem + ".核验批注.docx")) if annotate_dir else args.annotate
            try:
                n = api.open(path, checker=checker).annotate(out, findings)
            except DocumentReadError as exc:
                bad_input = True
                print(f"错误：{exc}", file=sys.stderr)
                continue
            print(f"已写出批注文件：{out}（{n} 条批注）", file=sys.stderr)
        bar.draw()
    bar.finish()
    for w in checker.warnings:
        print(f"警告：{w}", file=sys.stderr)
    total = sum(len(r["findings"]) for r in results)
    if args.format == "json":
        json.dump({"files": results, "total": total, "warnings": checker.warnings,
                   "skipped": [str(f) for f in skipped]}, sys.stdout,
                  ensure_ascii=False, indent=2)
        print()
    else:
        levels = {lv: sum(1 for r in results for f in r["findings"] if f["level"] == lv.value)
                  for lv in Level}
        unread = sum(1 for r in results if r["error"])
        unread_note = f"（{unread} 个无法读取，见上方错误）" if unread else ""
        print(f"共 {len(files)} 个文件{unread_note}，{total} 处：" + "，".join(f"{lv.label} {n}" for lv,
                                                                      n in levels.items()))
    if bad_input:
        return 2
    return 1 if any_error else 0


def cmd_fix(args: argparse.Namespace) -> int:
    """Apply the unambiguous fixes to a copy of the input (a .docx keeps every run's formatting)."""
    from gov_docs import api
    from gov_docs.fileio import same_file

    if same_file(args.input, args.output):
        raise GovDocsError(f"输出文件 {args.output} 与输入相同；为防止覆盖原文，请指定另一个文件名")
    if args.output.suffix.lower() not in (".docx", ".txt"):
        raise GovDocsError(f"输出文件 {args.output} 应为 .docx 或 .txt")
    od = api.open(args.input, checker=_checker(args.rules))
    if args.track_changes and not (od.is_docx and args.output.suffix.lower() == ".docx"):
        raise GovDocsError(f"以修订方式保存只适用于 Word 文档：{args.input} 与 {args.output} 都应为 .docx")
    findings = od.check()
    applied = od.fix(findings)
    od.save(args.output, track_changes=args.track_changes)
    remaining = len(findings) - len(applied)
    print(
        f"已自动修改 {len(applied)} 处，写出 {args.output}；另有 {remaining} 处需人工判断（用 gov-docs check "
        f"查看）")
    for f in applied:
        where = f"第{f.paragraph + 1}段" if f.paragraph >= 0 else "全文"
        print(f"  {where} “{f.matched}” → {f.shown_fix()}（{f.rule_id}）")
    for note in od.save_notes:
        print(f"  注意：{note}", file=sys.stderr)
    return 0


def _fix_docx_in_place(src: Path, applied, out: Path):
    """Apply already chosen fixes to the original .docx through the api and write ``out``; return those
    applied.

    Kept for callers comparing other ways of writing fixes (Word revisions) with the plain fix.
    """
    from gov_docs import api

    od = api.open(src)
    done = od.fix(list(applied))
    od.save(out)
    return done


def cmd_rules_test(args: argparse.Namespace) -> int:
    """Run every rule's examples (and the handling files'); print problems as file:line: key: message."""
    from gov_docs.admin.files import run_all_selftests

    for d in args.dirs:
        if not d.exists():
            raise GovDocsError(f"规则目录 {d} 不存在")
    results, errors = run_all_selftests(args.dirs or None)
    for e in errors:
        print(e)
    failed = [r for r in results if not r.ok]
    for r in results if args.verbose else failed:
        print(r)
    rules = len({r.rule_id for r in results})
    print(f"规则 {rules} 条，示例 {len(results)} 条：通过 {len(results) - len(failed)}，失败 {len(failed)}；"
          f"加载错误 {len(errors)}")
    return 1 if failed or errors else 0


def cmd_rules_list(args: argparse.Namespace) -> int:
    """List rules: id, kind, level, category, name, basis."""
    from gov_docs.checks import load_rules

    rs = load_rules(args.dirs or None)
    for r in rs.rules:
        s = r.spec
        state = "" if s.enabled else "（已停用）"
        print(f"{s.id}\t{s.kind}\t{s.level.label}\t{s.category.label}\t{s.name}{state}\t{s.basis}")
    for e in rs.error_lines:
        print(f"加载错误：{e}", file=sys.stderr)
    return 0
