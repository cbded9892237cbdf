"""``gov-docs draft`` (write a GB/T 9704 draft with the local model) and ``gov-docs edit`` (润色/扩写/缩写/正式语体)."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from gov_docs.errors import GovDocsError


def register(sub: argparse._SubParsersAction) -> None:
    """Add draft and edit."""
    p = sub.add_parser("draft", help="用本地大模型起草公文，输出符合 GB/T 9704 的 .docx")
    p.add_argument("--type", dest="doc_type", required=True, help="文种：通知、请示、报告、函、意见……")
    p.add_argument("--title", default="", help="标题（不填则由 发文机关+关于+事由+文种 生成）")
    p.add_argument("--subject", default="", help="事由（不填标题时用）")
    p.add_argument("--points", default="", help="要点，用“；”分隔，各成一节")
    p.add_argument("--to", default="", help="主送机关")
    p.add_argument("--org", default="", help="发文机关（署名）")
    p.add_argument("--date", default="", help="成文日期，如 2026年11月22日（默认今天）")
    p.add_argument("--number", default="", help="发文字号，如 某政办发〔2026〕1号（只用办文人给出的）")
    p.add_argument("--attachment", action="append", default=[], help="附件名称（可多次）")
    p.add_argument("--model", help="模型：1.5b（默认）、0.5b（快）或 .gguf 文件路径")
    p.add_argument("--server", help="OpenAI 兼容的模型服务地址，如 http://10.0.0.5:8080")
    p.add_argument("--max-tokens", type=int, default=200, help="每节最多生成的词元数")
    p.add_argument("--no-library", action="store_true", help="不引用文档库中的相关文件")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出 .docx")
    p.set_defaults(func=cmd_draft)

    e = sub.add_parser("edit", help="对一段文字润色/扩写/缩写/改写为正式公文语体（输出建议，不改原文）")
    e.add_argument("action", choices=("polish", "expand", "condense", "formal"))
    e.add_argument("text")
    e.add_argument("--model")
    e.add_argument("--server")
    e.set_defaults(func=cmd_edit)


def _backend(args: argparse.Namespace):
    from gov_docs.llm.backends import backend_from_settings

    return backend_from_settings(model=args.model, server=args.server)


def cmd_draft(args: argparse.Namespace) -> int:
    """Draft a document and write it as .docx; Ctrl+C cancels without writing."""
    from gov_docs import api
    from gov_docs.llm.backends import Sampling
    from gov_docs.llm.drafting import DraftRequest

    if args.output.suffix.lower() != ".docx":
        raise GovDocsError(f"输出文件 {args.output} 必须以 .docx 结尾")
    req = DraftRequest(args.doc_type, title=args.title, subject=args.subject,
                       points=[p for p in args.points.replace(";", "；").split("；") if p.strip()], to=args.to,
                       org=args.org, date=args.date, number=args.number, attachments=args.attachment)
    retriever = None if args.no_library else api.library_retriever()
    backend = _backend(args)
    cancel = threading.Event()
    progress = {"section": ""}

    def on_token(section: str, piece: str) -> None:
        if section != progress["section"]:
            progress["section"] = section
            print(f"\n[{section}] ", end="", file=sys.stderr)
        print(piece, end="", file=sys.stderr, flush=True)

    try:
        outcome = api.draft(req, backend=backend, retriever=retriever, on_token=on_token if sys.stderr.isatty() else None,
                            cancel=cancel, sampling=Sampling(max_tokens=args.max_tokens),
                            section_tokens=args.max_tokens)
    except KeyboardInterrupt:
        cancel.set()
        raise
    result = outcome.result
    outcome.document.save(args.output)
    print(f"\n已起草：{args.output}（{result.stats.tokens} 个词元，{result.stats.tokens_per_s:.1f} 词元/秒）")
    for p in result.document.paragraphs:
        print(f"  {p.role.value:<6} {p.text[:50]}{'…' if len(p.text) > 50 else ''}")
    if result.sources:
        print("参考的相关文件：" + "；".join(f"《{s.title}》" for s in result.sources))
    if result.fixed:
        print(f"已自动修改 {len(result.fixed)} 处")
    if result.findings:
        print(f"仍需人工核对 {len(result.findings)} 处：")
        for f in result.findings:
            print(f"  [{f.level.label}][{f.category.label}] {f.message}")
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    """Print a proposal for the selected text."""
    from gov_docs.llm.editing import ACTIONS, propose

    proposal = propose(_backend(args), args.action, args.text)
    print(f"【{ACTIONS[args.action][0]}建议】{proposal.text}")
    return 0
