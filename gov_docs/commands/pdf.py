"""``gov-docs pdf IN -o OUT.pdf``: the 公文 laid out per GB/T 9704 and written as a PDF with embedded
fonts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    """Add the pdf subcommand."""
    p = sub.add_parser("pdf", help="按 GB/T 9704 版式输出 PDF（嵌入字体；与页面视图、打印同一版面）")
    p.add_argument("input", type=Path,
                   help="输入文件（.docx、.wps 或 .txt；.doc、.rtf、.odt 经 LibreOffice 转换）")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出 .pdf 路径（不得与输入相同）")
    p.add_argument("--quiet", action="store_true", help="不显示进度和字体替代说明")
    p.set_defaults(func=cmd_pdf)


def cmd_pdf(args: argparse.Namespace) -> int:
    """Lay ``args.input`` out and write ``args.output``."""
    from gov_docs import api
    from gov_docs.layout.fonts import substitution_note

    doc = api.open(args.input)

    def progress(done: int, total: int) -> None:
        if not args.quiet and sys.stderr.isatty():
            print(f"\r正在输出 PDF：第 {done}/{total} 页", end="", file=sys.stderr, flush=True)

    layout = doc.export_pdf(args.output, progress=progress)
    if not args.quiet and sys.stderr.isatty():
        print(file=sys.stderr)
    note = substitution_note()
    if note and not args.quiet:
        print(note, file=sys.stderr)
    print(f"已输出：{args.output}（{layout.page_count} 页）")
    return 0
