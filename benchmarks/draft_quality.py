"""Draft quality on 30 prompts (two per document type) with the embedded model.

For each draft: does it pass the structure and format rules with no error-level finding after the
automatic fixes; does it contain repeated sentences. Also peak memory (RSS) and three drafts printed
as examples. Prompts are written here, not taken from the corpus.

Usage: .venv/bin/python benchmarks/draft_quality.py [--tokens 100] [--limit 30]
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psutil  # noqa: E402

from gov_docs.checks import AllowList, Checker, load_rules  # noqa: E402
from gov_docs.llm.backends import LlamaCppBackend, Sampling  # noqa: E402
from gov_docs.llm.drafting import Drafter, DraftRequest, has_repeated_sentences  # noqa: E402

ORG = "某某市人民政府"
PROMPTS = [
    ("决议", "某某市第十七届人民代表大会第三次会议关于政府工作报告的决议", "", ["会议审议情况", "会议要求"]),
    ("决议", "某某市人民代表大会常务委员会关于加强生态环境保护的决议", "", ["总体要求", "主要任务"]),
    ("决定", "某某市人民政府关于表彰2026年度安全生产先进集体的决定", "各区县人民政府，市政府各部门", ["表彰对象", "有关要求"]),
    ("决定", "某某市人民政府关于废止部分规范性文件的决定", "各区县人民政府，市政府各部门", ["废止范围", "实施要求"]),
    ("命令", "某某市人民政府关于实施森林防火戒严的命令", "", ["戒严范围", "禁止事项"]),
    ("命令", "某某市人民政府关于发布防汛紧急动员的命令", "", ["动员事项", "纪律要求"]),
    ("公报", "某某市2026年国民经济和社会发展统计公报", "", ["综合情况", "农业和工业"]),
    ("公报", "某某市第二次全国污染源普查公报", "", ["普查基本情况", "主要结果"]),
    ("公告", "某某市人民政府关于调整机动车限行措施的公告", "", ["限行时间", "限行区域"]),
    ("公告", "某某市人民政府关于征收集体土地的公告", "", ["征收范围", "补偿安置"]),
    ("通告", "某某市人民政府关于禁止燃放烟花爆竹的通告", "", ["禁放区域", "法律责任"]),
    ("通告", "某某市公安局关于加强城区道路交通管理的通告", "", ["管理措施", "违规处理"]),
    ("意见", "某某市人民政府关于加快发展养老服务业的意见", "各区县人民政府，市政府各部门", ["总体要求", "重点任务", "保障措施"]),
    ("意见", "某某市人民政府关于进一步优化营商环境的意见", "各区县人民政府，市政府各部门", ["主要目标", "重点举措"]),
    ("通知", "某某市人民政府办公室关于开展冬季消防安全检查的通知", "各区县人民政府，市政府各部门", ["检查范围", "检查重点", "工作要求"]),
    ("通知", "某某市人民政府办公室关于做好2027年元旦春节期间有关工作的通知", "各区县人民政府，市政府各部门", ["保障供应", "安全稳定"]),
    ("通报", "某某市人民政府办公室关于2026年第三季度政府网站检查情况的通报", "各区县人民政府，市政府各部门", ["总体情况", "存在问题", "工作要求"]),
    ("通报", "某某市人民政府关于表扬防汛抗洪先进单位的通报", "各区县人民政府，市政府各部门", ["基本情况", "希望和要求"]),
    ("报告", "某某市人民政府关于2026年法治政府建设情况的报告", "省人民政府", ["主要工作", "存在问题", "下一步打算"]),
    ("报告", "某某市人民政府关于冬季大气污染防治工作情况的报告", "省人民政府", ["工作开展情况", "下一步工作"]),
    ("请示", "某某市人民政府关于申请地方政府专项债券额度的请示", "省人民政府", ["申请理由", "申请事项"]),
    ("请示", "某某市人民政府关于设立某某高新技术产业园区的请示", "省人民政府", ["基本情况", "请示事项"]),
    ("批复", "某某市人民政府关于同意某某区调整行政区划的批复", "某某区人民政府", ["批复意见", "有关要求"]),
    ("批复", "某某市人民政府关于某某片区控制性详细规划的批复", "市自然资源和规划局", ["原则同意", "实施要求"]),
    ("议案", "某某市人民政府关于提请审议某某市养犬管理条例草案的议案", "市人民代表大会常务委员会", ["立法必要性", "主要内容"]),
    ("议案", "某某市人民政府关于提请审议城市更新专项规划的议案", "市人民代表大会常务委员会", ["规划背景", "主要内容"]),
    ("函", "某某市人民政府办公室关于商请支持某某机场改扩建项目的函", "某某省民用航空局", ["项目情况", "商请事项"]),
    ("函", "某某市财政局关于征求预算管理办法修订意见的函", "市直各部门", ["修订背景", "征求意见事项"]),
    ("纪要", "某某市人民政府第十五次常务会议纪要", "", ["会议议定事项", "有关要求"]),
    ("纪要", "某某市安全生产工作专题会议纪要", "", ["会议情况", "议定事项"]),
]


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--tokens", type=int, default=100)
    ap.add_argument("--limit", type=int, default=30)
    args = ap.parse_args()
    proc = psutil.Process()
    peak = {"rss": proc.memory_info().rss}
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            peak["rss"] = max(peak["rss"], proc.memory_info().rss)
            time.sleep(0.2)

    threading.Thread(target=watch, daemon=True).start()
    rules = load_rules([Path(__file__).resolve().parent.parent / "rules"])
    checker = Checker(rules, allow_list=AllowList())
    structure_format = Checker(rules, allow_list=AllowList(), categories=["structure", "format"])
    drafter = Drafter(LlamaCppBackend(n_ctx=2048), checker=checker, sampling=Sampling(max_tokens=args.tokens),
                      section_tokens=args.tokens)
    passed = repeated = 0
    examples = []
    t0 = time.perf_counter()
    prompts = PROMPTS[: args.limit]
    for doc_type, title, to, points in prompts:
        req = DraftRequest(doc_type, title=title, points=points, to=to, org=ORG, date="2026年11月22日")
        result = drafter.draft(req)
        errors = [f for f in structure_format.check(result.document) if f.level.value == "error"]
        ok = not errors
        passed += ok
        rep = has_repeated_sentences(result.document)
        repeated += rep
        print(f"{'PASS' if ok else 'FAIL'} {'REPEAT ' if rep else ''}{doc_type} {title[:30]}"
              + (f"  ({'; '.join(f.rule_id for f in errors)})" if errors else ""))
        if doc_type in ("通知", "请示", "函") and len(examples) < 3 and title not in [e[0] for e in examples]:
            examples.append((title, "\n".join(p.text for p in result.document.paragraphs)))
    stop.set()
    n = len(prompts)
    print(f"\ndrafts: {n} in {time.perf_counter() - t0:.0f} s; pass structure+format with no error after auto-fix: "
          f"{passed}/{n} = {passed / n:.0%}; with repeated sentences: {repeated}/{n}")
    print(f"peak memory (RSS) while drafting: {peak['rss'] / 2**20:.0f} MB")
    for title, text in examples:
        print(f"\n--- example: {title}\n{text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
