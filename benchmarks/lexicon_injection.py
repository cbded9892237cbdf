"""Recall of the sensitive-word and 规范表述 packs on 新华社-list expressions put into real documents.

Two sets, both inserted as one extra sentence after a sentence end in a body paragraph of a real corpus
document (``../shared/data/gov_corpus``; fixed seed, a different document per case):

- ``ten``: ten banned or use-with-care expressions in natural sentences a clerk might write (the kind of
  cases the issue reported: 安全无副作用, 保险公司保险 …).
- ``list``: every entry of ``resources/wordlists/新华社禁用词慎用词.txt`` that is an expression to avoid (the
  list also holds the correct forms 残疾人, 盲人, 新中国成立后 …, which are left out, and the entries the
  packs deliberately do not report: 亲自, 署长, 副署长, 罪犯 — see rules/sensitive/careful.tsv) in a
  neutral carrier sentence; entries whose rule has a context condition get a carrier where the
  expression is really wrong (我靠 before a comma, 根治 before a disease …).

A case is found when a finding of category sensitive or expression overlaps the inserted expression.
Also printed: findings elsewhere in the inserted sentence (none expected), and the findings of the same
packs on the 1,720 correct sentences of ``ecspell_odw/odw.train`` (official-document sentences that were
not used to write the context conditions; they carry no date, so they count as written today).

Usage: .venv/bin/python benchmarks/lexicon_injection.py [--rules DIR] [--show-misses]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gov_docs.checks import AllowList, Checker, load_rules  # noqa: E402
from gov_docs.checks.findings import Category  # noqa: E402
from gov_docs.document import Role, document_from_text  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "gov_corpus"
ODW = ROOT.parent / "shared" / "data" / "ecspell_odw" / "odw.train"
LIST = ROOT / "resources" / "wordlists" / "新华社禁用词慎用词.txt"

TEN = [
    ("安全无副作用", "部分保健食品经营者在宣传中声称产品安全无副作用，误导消费者。"),
    ("保险公司保险", "个别医疗机构在广告中宣称疗效由保险公司保险，诱导患者就医。"),
    ("疗效最佳", "有的药品广告自称同类产品中疗效最佳，违反广告法规定。"),
    ("药到病除", "一些医疗广告宣称药到病除，严重误导群众。"),
    ("根治", "个别诊所宣称可以根治糖尿病，已立案查处。"),
    ("隆重召开", "全市安全生产工作会议于3月5日隆重召开。"),
    ("影帝", "邀请影帝担任文化旅游推广大使。"),
    ("我靠", "有群众在留言中说：“我靠，办个证要跑五趟！”"),
    ("无效退款", "部分商家以无效退款为噱头推销保健品。"),
    ("老板", "企业老板要切实履行安全生产主体责任。"),
]
#: Correct forms the list holds, and entries the packs deliberately leave alone (reasons in the packs).
NOT_TO_REPORT = {"残疾人", "盲人", "聋人", "智力障碍者", "新中国成立前", "新中国成立后",
                 "亲自", "署长", "副署长", "罪犯"}
#: The list writes some entries with alternatives in brackets; the packs hold their plain forms.
SURFACE = {"穿（川）青族": "穿青族", "港澳台游客来华（国内）旅游": "港澳台游客来华旅游",
           "中港（澳）司法协助": "中港司法协助", "十字军（东征）": "十字军东征"}
GENERIC = "经核查，有关材料使用{x}等不当表述，已责令改正。"
#: Carriers for entries whose rule only fires in a particular context.
CARRIERS = {
    "我靠": "有群众在留言中说：“{x}，办个证要跑五趟！”",
    "碧莲": "个别网民留言称“真是不要{x}”，已删除。",
    "根治": "个别诊所宣称可以{x}糖尿病，已立案查处。",
    "治愈率": "该机构广告宣称{x}达百分之九十八。",
    "最好": "该保健品广告宣称效果{x}，已立案查处。",
    "安全预防": "该保健品广告宣称“{x}”，已立案查处。",
    "保险公司保险": "个别医疗机构在广告中宣称疗效由{x}，诱导患者就医。",
}


def insert(doc_text: str, sentence: str, rng: random.Random) -> tuple[str, int, int] | None:
    """Put ``sentence`` after a sentence end of a body paragraph; return (text, paragraph, offset)."""
    doc = document_from_text(doc_text)
    bodies = [i for i, p in enumerate(doc.paragraphs) if p.role is Role.BODY and "。" in p.text[:-1]]
    if not bodies:
        return None
    i = rng.choice(bodies)
    text = doc.paragraphs[i].text
    ends = [m.end() for m in re.finditer("。", text) if m.end() < len(text)]
    cut = rng.choice(ends)
    paras = [p.text for p in doc.paragraphs]
    paras[i] = text[:cut] + sentence + text[cut:]
    return "\n".join(paras), i, cut


def run(checker: Checker, cases: list[tuple[str, str]], seed: int) -> tuple[int, int, list[str], int]:
    """Return (found, total, misses, other findings in the inserted sentences)."""
    rng = random.Random(seed)
    files = sorted(CORPUS.glob("g*.txt"))
    rng.shuffle(files)
    found, misses, others = 0, [], 0
    k = 0
    for expr, sentence in cases:
        while True:
            placed = insert(files[k % len(files)].read_text(encoding="utf-8"), sentence, rng)
            k += 1
            if placed:
                break
        text, para, cut = placed
        doc = document_from_text(text)
        p_index = next(j for j, p in enumerate(doc.paragraphs) if sentence in p.text)
        base = doc.paragraphs[p_index].text.index(sentence)
        start = base + sentence.index(expr)
        end = start + len(expr)
        hits = [f for f in checker.check(doc) if f.paragraph == p_index
                and f.category in (Category.SENSITIVE, Category.EXPRESSION)]
        if any(f.start < end and start < f.end for f in hits):
            found += 1
        else:
            misses.append(f"{expr}：{sentence}")
        others += sum(1 for f in hits if not (f.start < end and start < f.end)
                      and base <= f.start < base + len(sentence))
    return found, len(cases), misses, others


def list_cases() -> list[tuple[str, str]]:
    """Every expression to avoid from the 新华社 list, in its carrier sentence."""
    out = []
    for line in LIST.read_text(encoding="utf-8").splitlines():
        entry = line.strip()
        if not entry or entry in NOT_TO_REPORT:
            continue
        x = SURFACE.get(entry, entry)
        out.append((x, CARRIERS.get(x, GENERIC).format(x=x)))
    return out


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--rules", type=Path, default=ROOT / "rules")
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    dirs = [args.rules / "sensitive", args.rules / "expression"]
    checker = Checker(load_rules(dirs), allow_list=AllowList())
    for name, cases in (("ten", TEN), ("list", list_cases())):
        found, total, misses, others = run(checker, cases, args.seed)
        print(f"{name:<5} found {found}/{total} ({found / total:.0%}); other findings in the inserted "
              f"sentences: {others}")
        if args.show_misses:
            for m in misses:
                print(f"    missed {m}")
    by_rule: dict[str, int] = {}
    sentences = [cols[2] for cols in (ln.split("\t") for ln in ODW.read_text(encoding="utf-8").splitlines())
                 if len(cols) >= 3]
    for s in sentences:
        for f in checker.check(document_from_text(s)):
            by_rule[f.rule_id] = by_rule.get(f.rule_id, 0) + 1
    total = sum(by_rule.values())
    print(f"odw.train correct sentences: {len(sentences)}, findings {total}: "
          + (", ".join(f"{k} {v}" for k, v in sorted(by_rule.items())) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
