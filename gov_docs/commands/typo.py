"""``gov-docs correct``: sentences on standard input, one per line; corrected sentences on standard output."""

from __future__ import annotations

import argparse
import sys

BATCH = 16  # lines handed to the corrector at once


def register(sub: argparse._SubParsersAction) -> None:
    """Add correct."""
    p = sub.add_parser("correct",
                       help="逐行纠正错别字：从标准输入读句子，向标准输出写纠正后的句子（行数不变）")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--fast", action="store_true", help="只用快速路径（词表 + 统计检测，不加载模型）")
    mode.add_argument("--lm", action="store_true", help="必须用本地语言模型核验每个候选（无模型时报错）")
    mode.add_argument("--lexicon-only", action="store_true", help="只用错别字词表规则")
    p.add_argument("--model", default=None,
                   help="核验用的 GGUF 模型文件或 0.5b/1.5b（默认：设置 checks.typo_model，"
                        "否则已安装的小模型）")
    p.add_argument("--include-warnings", action="store_true", help="也应用“疑似”级别的纠正（默认只用“必错”）")
    p.add_argument("--explain", action="store_true",
                   help="在标准错误输出逐条说明改动（位置、原字、改字、置信度、来源）")
    p.set_defaults(func=cmd_correct)


def cmd_correct(args: argparse.Namespace) -> int:
    """Correct stdin line by line; unchanged lines are written as they were."""
    from gov_docs.llm.backends import ModelError
    from gov_docs.typo.corrector import LexiconCorrector, TypoCorrector, apply_corrections

    if args.lexicon_only:
        corrector = LexiconCorrector(errors_only=not args.include_warnings)
    else:
        from gov_docs import config

        checks = config.load().get("checks", {})
        model = args.model or checks.get("typo_model") or None
        # default (no flag): as the setting checks.typo_lm_verify says (on: suspects verified by the small
        # model; a 必错 still needs the fast path's score, see docs/typo.md)
        from gov_docs.typo.kind import settings_verify

        use_lm = args.lm or (not args.fast and settings_verify())
        try:
            corrector = TypoCorrector(use_lm=use_lm, model_path=model)  # the model loads on first need
        except ModelError as exc:
            if args.lm:
                raise
            print(f"错别字模型核验不可用（{exc}），改用快速检测", file=sys.stderr)  # one line, not an error
            corrector = TypoCorrector(use_lm=False)
    stdin = sys.stdin.buffer.read().decode("utf-8", "replace")
    lines = stdin.split("\n")
    trailing = stdin.endswith("\n")
    if trailing:
        lines = lines[:-1]
    lines = [line.rstrip("\r") for line in lines]
    out = []
    for first in range(0, len(lines), BATCH):  # batches: the model scores many lines' windows together
        chunk = lines[first:first + BATCH]
        for n, (line, found) in enumerate(zip(chunk, corrector.analyse_many(chunk), strict=True), first + 1):
            picked = [f for f in found if f.auto_fixable or args.include_warnings]
            if args.explain:
                source = getattr(corrector, "source_of", lambda f: "lexicon")
                for f in picked:
                    print(f"{n}:{f.start + 1}: {f.matched}→{f.suggestions[0]} 置信度 {f.confidence:.2f}"
                          f"（{source(f)}）", file=sys.stderr)
            out.append(apply_corrections(line, picked))
    notice = getattr(corrector, "notice", "")
    if notice:  # the model file was there but did not load: the fast path ran
        if args.lm:
            raise ModelError(notice)
        print(notice, file=sys.stderr)
    sys.stdout.write("\n".join(out) + ("\n" if trailing else ""))
    return 0
