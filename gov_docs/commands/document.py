"""``gov-docs format`` (typeset a plain-text 公文 as GB/T 9704 .docx) and ``gov-docs roles`` (show roles)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from gov_docs.errors import GovDocsError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the document subcommands."""
    p = sub.add_parser("format", help="把纯文本或 .docx 公文排版为符合 GB/T 9704-2012 的 .docx")
    p.add_argument("input", type=Path, help="输入文件（.txt 或 .docx）")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出 .docx 路径（不得与输入相同）")
    p.set_defaults(func=cmd_format)

    p = sub.add_parser("roles", help="显示公文各段落的角色（标题、发文字号、主送机关、层次标题……）")
    p.add_argument("input", type=Path, help="输入文件（.txt 或 .docx）")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式")
    p.set_defaults(func=cmd_roles)


def cmd_format(args: argparse.Namespace) -> int:
    """Typeset ``args.input`` into ``args.output``."""
    from gov_docs import api
    from gov_docs.fileio import same_file

    if same_file(args.input, args.output):
        raise GovDocsError(f"输出文件 {args.output} 与输入相同；为防止覆盖原文，请指定另一个文件名")
    if args.output.suffix.lower() != ".docx":
        raise GovDocsError(f"输出文件 {args.output} 必须以 .docx 结尾")
    od = api.open(args.input)
    od.typeset(args.output)
    doc = od.document
    counts: dict[str, int] = {}
    for p in doc.paragraphs:
        counts[p.role.value] = counts.get(p.role.value, 0) + 1
    counts.pop("空行", None)
    summary = "，".join(f"{k}{v}段" for k, v in counts.items())
    print(f"已排版：{args.output}（{summary}）")
    return 0


def cmd_roles(args: argparse.Namespace) -> int:
    """Print the role of every non-blank paragraph."""
    from gov_docs import api
    from gov_docs.document import Role

    doc = api.open(args.input).document
    rows = [
        {"index": i, "role": p.role.value, "text": p.text}
        for i, p in enumerate(doc.paragraphs)
        if p.role is not Role.BLANK
    ]
    if args.format == "json":
        json.dump({"file": str(args.input), "doc_type": doc.doc_type, "paragraphs": rows}, sys.stdout,
                  ensure_ascii=False, indent=2)
        print()
    else:
        for row in rows:
            text = row["text"] if len(row["text"]) <= 40 else row["text"][:40] + "…"
            # numbered from 1 like check's 第N段 (the JSON "index" stays 0-based)
            print(f"{row['index'] + 1:>4}  {row['role']:<6}  {text}")
    return 0
