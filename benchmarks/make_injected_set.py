"""Build the injected-error recall set: known errors put into real corpus sentences and documents.

Categories and how errors are made (fixed seed, so the set is reproducible):
- typo-lexicon: a correct word that our lexicon knows a wrong form of is replaced by that wrong form.
- typo-other: a character of a common two-character word is replaced by a same-pinyin character from
  pycorrector's same_pinyin.txt, such that the result is not in our lexicon (an honest figure for what
  the lexicon does not anticipate; the statistical checker of issue 4 is meant for these).
- punctuation: full-width ，；：（） → half-width, doubled 。, …… → ..., 、 before 等.
- number: 2020年3月6日 → 2020年03月06日, 2016—2020年 → 2016-2020年.
- sensitive / expression: a correct term replaced by a listed wrong one (朝鲜 → 北朝鲜, 国家发展改革委 →
  国家发改委, 习近平新时代中国特色社会主义思想 → …新时代特色…).
- format: a corpus document typeset by our writer, then one property damaged in the .docx (margins,
  paper, title/body/heading font or size, title alignment, first-line indent).
- structure: a heading number skipped, a title's 文种 removed, 请示 closing removed.
Writes benchmarks/data/injected_errors.jsonl: one case per line with the category, the text (or the
corpus file and the damage for format cases), and where the error is.

Usage: .venv/bin/python benchmarks/make_injected_set.py [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gov_docs.checks.kinds.wordlists import read_lexicon  # noqa: E402
from gov_docs.document import Role, read_document  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "gov_corpus"
OUT = ROOT / "benchmarks" / "data" / "injected_errors.jsonl"


def sentences(rng: random.Random) -> list[str]:
    """Return body sentences (10–80 characters) from every 3rd corpus document."""
    out = []
    for path in sorted(CORPUS.glob("g*.txt"))[::3]:
        doc = read_document(path)
        for p in doc.paragraphs:
            if p.role is Role.BODY:
                out.extend(s + "。" for s in p.text.split("。") if 10 <= len(s) <= 80)
    rng.shuffle(out)
    return out


def _case(category: str, text: str, start: int, end: int, note: str) -> dict:
    return {"category": category, "kind": "text", "text": text, "start": start, "end": end, "note": note}


def typo_lexicon(rng, sents, n):
    entries = [e for name in ("idioms.tsv", "common_confusions.tsv")
               for e in read_lexicon(ROOT / "rules" / "typo" / name)]
    by_right: dict[str, list] = {}
    for e in entries:
        by_right.setdefault(e.rights[0], []).append(e)
    out = []
    for s in sents:
        hits = [r for r in by_right if len(r) >= 2 and r in s]
        if not hits:
            continue
        right = rng.choice(hits)
        e = rng.choice(by_right[right])
        i = s.index(right)
        out.append(
            _case("typo", s[:i] + e.wrong + s[i + len(right):], i, i + len(e.wrong), f"{right}→{e.wrong}"))
        if len(out) >= n:
            break
    return out


def typo_other(rng, sents, n):
    import importlib.util

    spec = importlib.util.find_spec("pycorrector")
    data = Path(spec.submodule_search_locations[0]) / "data" / "same_pinyin.txt"
    same: dict[str, str] = {}
    for line in data.read_text(encoding="utf-8").splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) >= 2 and cols[1]:
            same[cols[0]] = cols[1]
    known = {e.wrong for name in ("idioms.tsv", "common_confusions.tsv", "variant_forms.tsv")
             for e in read_lexicon(ROOT / "rules" / "typo" / name)}
    import jieba

    out = []
    for s in sents:
        words = [w for w in jieba.lcut(s) if len(w) == 2 and all("\u4e00" <= c <= "\u9fff" for c in w)]
        rng.shuffle(words)
        for w in words:
            k = rng.randrange(2)
            if w[k] not in same:
                continue
            wrong = w[:k] + rng.choice(same[w[k]]) + w[k + 1:]
            if wrong in known or wrong == w:
                continue
            i = s.index(w)
            out.append(_case("typo-other", s[:i] + wrong + s[i + 2:], i + k, i + k + 1, f"{w}→{wrong}"))
            break
        if len(out) >= n:
            break
    return out


def replace_first(rng, sents, n, category, pattern, repl, note):
    out = []
    rx = re.compile(pattern)
    for s in sents:
        m = rx.search(s)
        if not m:
            continue
        new = s[: m.start()] + m.expand(repl) + s[m.end():]
        end = m.start() + len(m.expand(repl))
        out.append(_case(category, new, m.start(), end, note))
        if len(out) >= n:
            break
    return out


FORMAT_DAMAGE = [
    {"what": "margins", "top_mm": 25.4, "left_mm": 31.8},
    {"what": "paper", "width_mm": 215.9, "height_mm": 279.4},
    {"what": "font", "role": "标题", "font": "宋体"},
    {"what": "size", "role": "标题", "size": 18},
    {"what": "font", "role": "正文", "font": "宋体"},
    {"what": "size", "role": "正文", "size": 14},
    {"what": "font", "role": "一级标题", "font": "宋体"},
    {"what": "align", "role": "标题", "align": "left"},
    {"what": "indent", "role": "正文", "indent_pt": 0},
    {"what": "font", "role": "二级标题", "font": "仿宋_GB2312"},
]


def format_cases(rng, n):
    files = [p.name for p in sorted(CORPUS.glob("g*.txt"))
             if (d := read_document(p)).title and d.all(Role.HEADING1) and d.all(Role.HEADING2)]
    out = []
    for i in range(n):
        out.append({"category": "format", "kind": "docx", "file": rng.choice(files),
                    "damage": FORMAT_DAMAGE[i % len(FORMAT_DAMAGE)]})
    return out


def structure_cases(rng, sents, n):
    out = []
    base = (
        "关于开展安全生产检查的通知\n各单位：\n现将有关事项通知如下：\n一、检查范围\n全市各单位。"
        "\n{h2}\n认真落实。\n某某局\n2024年3月5日")
    for _ in range(n // 2):
        text = base.replace("{h2}", "三、工作要求")
        out.append(
            {"category": "structure", "kind": "doc", "text": text, "paragraph": 5, "note": "二、→三、"})
    qs = (
        "某某区人民政府关于申请防汛专项资金的请示\n市人民政府：\n今年我区汛情严峻，急需资金{n}万元加固堤防。"
        "\n我区将全力做好防汛工作。\n某某区人民政府\n2024年6月1日")
    for k in range(n - n // 2):
        out.append(
            {"category": "structure", "kind": "doc", "text": qs.replace("{n}", str(100 + k)), "paragraph": 3,
                    "note": "请示无请求语"})
    return out


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    sents = sentences(rng)
    cases = []
    cases += typo_lexicon(rng, sents, 40)
    cases += typo_other(rng, sents[2000:], 40)
    cases += replace_first(rng, sents[400:], 10, "punctuation", r"(?<=[\u4e00-\u9fff])，(?=[\u4e00-\u9fff])",
                           ",", "，→,")
    cases += replace_first(rng, sents[600:], 8, "punctuation", r"(?<=[\u4e00-\u9fff])；(?=[\u4e00-\u9fff])",
                           ";", "；→;")
    cases += replace_first(rng, sents[800:], 8, "punctuation", r"。$", "。。", "。→。。")
    cases += replace_first(rng, sents[900:], 8, "punctuation", r"（([\u4e00-\u9fff]{2,10})）", r"(\1)",
                           "（）→()")
    cases += replace_first(rng, sents[1000:], 8, "punctuation", r"(?<=[\u4e00-\u9fff])等(?=[\u4e00-\u9fff])",
                           "、等", "、等")
    cases += replace_first(rng, sents[1100:], 6, "punctuation",
                           r"(?<=[\u4e00-\u9fff])(完整|准确|及时|全面|规范)、(完整|准确|及时|全面|规范|高效)",
                           r"\1，\2", "、→，")
    cases += replace_first(rng, sents, 12, "number", r"(\d{4})年([1-9])月([1-9])日", r"\1年0\2月0\3日",
                           "月日加0")
    cases += replace_first(rng, sents[300:], 10, "number", r"(\d{4})—(\d{4})年", r"\1-\2年", "—→-")
    cases += replace_first(rng, sents[1500:], 8, "number", r"(?<![\d.])([1-9])000(?=元|人|个|家)", r"\1千",
                           "3000→3千")
    cases += replace_first(rng, sents, 8, "expression", r"国家发展改革委", "国家发改委", "规范简称")
    cases += replace_first(rng, sents, 6, "expression", r"人力资源社会保障部", "人社部", "规范简称")
    cases += replace_first(rng, sents, 6, "expression", r"习近平新时代中国特色社会主义思想",
                           "习近平新时代特色社会主义思想", "政治表述")
    cases += replace_first(rng, sents, 6, "sensitive", r"残疾人", "残废人", "歧视性称谓")
    cases += replace_first(rng, sents, 6, "sensitive", r"“一带一路”(建设|倡议)", "“一带一路”战略", "政治表述")
    cases += replace_first(rng, sents, 8, "sensitive", r"(?<!北)朝鲜(?!族)", "北朝鲜", "政治表述")
    cases += format_cases(rng, 40)
    cases += structure_cases(rng, sents, 20)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as fh:
        for c in cases:
            fh.write(json.dumps(c, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for c in cases:
        counts[c["category"]] = counts.get(c["category"], 0) + 1
    print(f"wrote {len(cases)} cases to {OUT}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
