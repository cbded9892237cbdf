"""``gov-docs draft`` (write a GB/T 9704 draft with the local model) and ``gov-docs edit`` (润色/扩写/缩写/正
式语体).
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from gov_docs.errors import GovDocsError


def register(sub: argparse._SubParsersAction) -> None:
    """Add draft and edit."""
    p = sub.add_parser("draft", help="用本地大模型起草公文，输出符合 GB/T 9704 的 .docx")
    p.add_argument("--ask", default="",
                   help="一句话说明要写什么，如“撰写一篇关于某某市新污染物治理工作方案”："
                                             "自动确定文种、标题和提纲（方案/规划/办法作为印发通知的附件）")
    p.add_argument("--outline-only", action="store_true",
                   help="与 --ask 同用：只输出推断的文种、标题和提纲，不起草")
    p.add_argument("--type", dest="doc_type", default="",
                   help="文种：通知、请示、报告、函、意见……或 方案、规划、办法")
    p.add_argument("--title", default="", help="标题（不填则由 发文机关+关于+事由+文种 生成）")
    p.add_argument("--subject", default="", help="事由（不填标题时用）")
    p.add_argument("--points", default="", help="要点或提纲，用“；”或换行分隔，各成一节；“（一）…”为小节")
    p.add_argument("--to", default="", help="主送机关")
    p.add_argument("--org", default="", help="发文机关（署名）")
    p.add_argument("--date", default="", help="成文日期，如 2026年11月22日（默认今天）")
    p.add_argument("--number", default="", help="发文字号，如 某政办发〔2026〕1号（只用办文人给出的）")
    p.add_argument("--attachment", action="append", default=[], help="附件名称（可多次）")
    p.add_argument("--model", help="模型：1.5b（默认）、0.5b（快）或 .gguf 文件路径")
    p.add_argument("--server", help="OpenAI 兼容的模型服务地址，如 http://10.0.0.5:8080")
    p.add_argument("--max-tokens", type=int, default=0, help="每节最多生成的词元数（默认按文种的字数目标）")
    p.add_argument("--no-library", action="store_true", help="不用文档库中的参考范文")
    p.add_argument("--overwrite", action="store_true", help="输出文件已存在时覆盖（默认不覆盖）")
    p.add_argument("-o", "--output", type=Path, help="输出 .docx（--outline-only 时不需要）")
    p.set_defaults(func=cmd_draft)

    e = sub.add_parser("edit", help="对一段文字润色/扩写/缩写/改写为正式公文语体（输出建议，不改原文）")
    e.add_argument("action", type=_edit_action, choices=("polish", "expand", "condense", "formal"),
                   help="润色（polish）、扩写（expand）、缩写（condense）或 正式（formal，改为正式公文语体）")
    e.add_argument("text", metavar="文字", help="要处理的一段文字；也可给 .txt 文件，或 - 从标准输入读")
    e.add_argument("--model", help="模型：1.5b（默认）、0.5b（快）或 .gguf 文件路径")
    e.add_argument("--server", help="OpenAI 兼容的模型服务地址，如 http://10.0.0.5:8080")
    e.set_defaults(func=cmd_edit)


#: The Chinese names of the editing actions, as the GUI's buttons call them.
EDIT_ACTION_NAMES = {"润色": "polish", "扩写": "expand", "缩写": "condense", "正式": "formal",
                     "正式语体": "formal", "改为正式公文语体": "formal"}


def _edit_action(value: str) -> str:
    return EDIT_ACTION_NAMES.get(value.strip(), value.strip())


def _edit_text(arg: str) -> str:
    """Return the text to edit: the argument, a .txt file's content, or standard input for '-'."""
    if arg == "-":
        return sys.stdin.read()
    path = Path(arg)
    if path.suffix.lower() == ".txt" and path.is_file():
        from gov_docs.document import read_document

        return "\n".join(p.text for p in read_document(path).paragraphs)
    return arg


def _backend(args: argparse.Namespace):
    from gov_docs.llm.backends import backend_from_settings

    return backend_from_settings(model=args.model, server=args.server)


def _points(text: str) -> list[str]:
    return [p.strip() for p in text.replace(";", "；").replace("；", "\n").split("\n") if p.strip()]


def _require_addressee(args: argparse.Namespace) -> None:
    """Refuse at once, naming --to, when the 文种 needs a 主送机关 and none was given."""
    if args.to.strip():
        return
    from gov_docs.llm.drafting import missing_addressee
    from gov_docs.llm.outline import build_plan_frame

    if args.ask.strip():
        frame = build_plan_frame(args.ask, org=args.org)
        if frame.to:  # "给市政府写个请示": the sentence names it
            return
        doc_type = frame.kind or args.doc_type or frame.doc_type
    else:
        doc_type = args.doc_type
    if problem := missing_addressee(doc_type, ""):
        raise GovDocsError(f"{problem}：请用 --to 指定")


def cmd_draft(args: argparse.Namespace) -> int:
    """Draft a document and write it as .docx; Ctrl+C cancels without writing; an existing file is kept."""
    from gov_docs import api
    from gov_docs.llm.backends import Sampling
    from gov_docs.llm.drafting import DraftRequest
    from gov_docs.llm.outline import parse_outline

    if not args.outline_only:
        if args.output is None:
            raise GovDocsError("请用 -o 指定输出的 .docx 文件")
        if args.output.suffix.lower() != ".docx":
            raise GovDocsError(f"输出文件 {args.output} 必须以 .docx 结尾")
        if args.output.exists() and not args.overwrite:
            raise GovDocsError(f"输出文件 {args.output} 已存在：请换一个文件名，或加 --overwrite 覆盖")
    if not args.ask.strip() and not args.doc_type:
        raise GovDocsError("请用 --ask 一句话说明要写什么，或用 --type 指定文种")
    if not args.outline_only:
        _require_addressee(args)  # before the model spends half a minute on an outline
    backend = _backend(args)
    progress = {"section": ""}
    stream = sys.stderr.isatty()

    def on_token(section: str, piece: str) -> None:
        if section != progress["section"]:
            progress["section"] = section
            print(f"\n[{section}] ", end="", file=sys.stderr)
        print(piece, end="", file=sys.stderr, flush=True)

    fields = dict(to=args.to, org=args.org, date=args.date, number=args.number, attachments=args.attachment)
    if args.ask.strip():
        plan = api.plan_draft(args.ask, backend=backend, org=args.org, on_token=on_token if stream else None)
        if args.doc_type and not plan.kind:
            plan.doc_type = args.doc_type
        if args.title:
            plan.title = args.title
        if args.points.strip():
            plan.sections = parse_outline("\n".join(_points(args.points)))
        kind = f"{plan.kind}（以印发通知发出：{plan.attachment_title}）" if plan.kind else plan.doc_type
        to = f"\n主送：{args.to or plan.to}" if (args.to or plan.to) else ""
        print(f"\n文种：{kind}\n标题：{plan.title}{to}\n提纲：\n{plan.outline_text()}")
        if args.outline_only:
            return 0
        req = DraftRequest.from_plan(plan, **fields)
    else:
        req = DraftRequest(args.doc_type, title=args.title, subject=args.subject, points=_points(args.points),
                           **fields)
    cancel = threading.Event()
    try:
        outcome = api.draft(req, backend=backend,
                            retriever=None if args.no_library else api.library_retriever(),
                            on_token=on_token if stream else None, cancel=cancel,
                            sampling=Sampling(temperature=0.3, repeat_penalty=1.1),
                            section_tokens=args.max_tokens)
    except KeyboardInterrupt:
        cancel.set()
        raise
    result = outcome.result
    outcome.document.save(args.output)
    chars = sum(len(p.text) for p in result.document.paragraphs)
    state = "（部分）" if result.error or result.cancelled else ""
    print(
        f"\n已起草{state}：{args.output}（{chars} 字，{result.seconds:.0f} 秒，首字 "
        f"{result.first_text_s:.1f} 秒，"
          f"{result.stats.tokens} 个词元，{result.stats.tokens_per_s:.1f} 词元/秒）")
    for p in result.document.paragraphs:
        print(f"  {p.role.value:<6} {p.text[:50]}{'…' if len(p.text) > 50 else ''}")
    if result.sources:
        print("参考范文：")
        for s in result.sources:
            print(f"  《{s.title}》{s.doc_number}  {s.path}")
    if result.gaps:
        print(f"待补充 {len(result.gaps)} 处：" + "；".join(result.gaps))
    if result.fixed:
        print(f"已自动修改 {len(result.fixed)} 处")
    if result.findings:
        print(f"仍需人工核对 {len(result.findings)} 处：")
        for f in result.findings:
            print(f"  [{f.level.label}][{f.category.label}] {f.message}")
    if result.error:
        print(f"错误：{result.error}", file=sys.stderr)
        return 2
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    """Print a proposal for the selected text."""
    from gov_docs.llm.editing import ACTIONS, propose

    text = _edit_text(args.text)
    if not text.strip():
        raise GovDocsError("请给出要处理的文字")
    proposal = propose(_backend(args), args.action, text)
    label = ACTIONS[args.action][0]
    if proposal.unchanged:
        print(f"【{label}】{proposal.note}")
    else:
        print(f"【{label}建议】{proposal.text}" + (f"\n（{proposal.note}）" if proposal.note else ""))
    return 0
