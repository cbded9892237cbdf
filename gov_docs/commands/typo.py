"""``gov-docs correct``: sentences on standard input, one per line; corrected sentences on standard output."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    """Add correct."""
    p = sub.add_parser("correct", help="逐行纠正错别字：从标准输入读句子，向标准输出写纠正后的句子（行数不变）")
    p.add_argument("--include-warnings", action="store_true", help="也应用“疑似”级别的纠正（默认只用“必错”）")
    p.set_defaults(func=cmd_correct)


def cmd_correct(args: argparse.Namespace) -> int:
    """Correct stdin line by line; unchanged lines are written as they were."""
    from gov_docs.typo.corrector import LexiconCorrector

    corrector = LexiconCorrector(errors_only=not args.include_warnings)
    stdin = sys.stdin.buffer.read().decode("utf-8", "replace")
    lines = stdin.split("\n")
    trailing = stdin.endswith("\n")
    if trailing:
        lines = lines[:-1]
    out = "\n".join(corrector.correct(line.rstrip("\r")) for line in lines)
    sys.stdout.write(out + ("\n" if trailing else ""))
    return 0
