"""``gov-docs pdf IN -o OUT.pdf``: the 公文 laid out per GB/T 9704 and written as a PDF with embedded fonts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gov_docs.errors import GovDocsError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the pdf subcommand."""
    p = sub.add_parser("pdf", help="按 GB/T 9704 版式输出 PDF（嵌入字体；与页面视图、打印同一版面）")
    p.add_argument("input", type=Path, help="输入文件（.docx 或 .txt）")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出 .pdf 路径（不得与输入相同）")
    p.add_argument("--quiet", action="store_true", help="不显示进度和字体替代说明")
    p.set_defaults(func=cmd_pdf)


def cmd_pdf(args: argparse.Namespace) -> int:
    """Lay ``args.input`` out and write ``args.output``."""
    from gov_docs.document import read_document
    from gov_docs.fileio import same_file
    from gov_docs.layout.fonts import substitution_note
    from gov_docs.layout.pdf import export_pdf

    if same_file(args.input, args.output):
        raise GovDocsError(f"输出文件 {args.output} 与输入相同；为防止覆盖原文，请指定另一个文件名")
    if args.output.suffix.lower() != ".pdf":
        raise GovDocsError(f"输出文件 {args.output} 必须以 .pdf 结尾")
    if args.output.is_dir():
        raise GovDocsError(f"输出路径 {args.output} 是一个文件夹，请给出 .pdf 文件名")
    doc = read_document(args.input)

    def progress(done: int, total: int) -> None:
        if not args.quiet and sys.stderr.isatty():
            print(f"\r正在输出 PDF：第 {done}/{total} 页", end="", file=sys.stderr, flush=True)

    layout = export_pdf(doc, args.output, progress=progress)
    if not args.quiet and sys.stderr.isatty():
        print(file=sys.stderr)
    note = substitution_note()
    if note and not args.quiet:
        print(note, file=sys.stderr)
    print(f"已输出：{args.output}（{layout.page_count} 页）")
    return 0
