"""Role detection on the 600 real corpus documents: share with title, 发文字号, 主送机关, 署名, 成文日期
found.

Ground truth that needs no labelling:
- title: MANIFEST.tsv gives each file's original title; "found" = the detected title equals it
  (ignoring spaces and a trailing "（全文）"-style suffix), counted over documents whose text contains the
  title in its first lines at all (scraped news items start without one).
- 发文字号: a line in the first 8 lines matching 机关代字〔年份〕序号号 (or 第N号 for 令); found = detected.
- 主送机关 / 成文日期 / 署名: a line that is, by its form, an addressee (ends with ：, names organs, in the
  first 6 lines) / a standalone date in the last 15 lines / short lines right above that date;
  found = detected on the same line. These are checked by hand on a 20-document sample in
  tests/fixtures/corpus_roles_sample.tsv (see tests/document/test_corpus_roles.py).

Usage: .venv/bin/python benchmarks/role_detection.py [--corpus DIR] [--show-misses ROLE]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gov_docs.document import Role, read_document  # noqa: E402
from gov_docs.document.roles import RE_DATE, RE_DOC_NUMBER, RE_ORDER_NUMBER, clean  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "gov_corpus"


def norm(s: str) -> str:
    """Drop all whitespace for comparisons."""
    return re.sub(r"\s+", "", s).replace("(", "（").replace(")", "）")


def load_manifest(corpus: Path) -> dict[str, str]:
    """Return file → original title."""
    out = {}
    for line in (corpus / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        f, name = line.split("\t", 1)
        out[f] = re.sub(r"\.txt$", "", name)
    return out


def evaluate(corpus: Path, show: str | None = None) -> dict[str, tuple[int, int]]:
    """Return role → (found, expected) over the corpus."""
    titles = load_manifest(corpus)
    stats = {k: [0, 0] for k in ("标题", "发文字号", "主送机关", "发文机关署名", "成文日期")}
    t0 = time.perf_counter()
    files = sorted(corpus.glob("g*.txt"))
    for path in files:
        doc = read_document(path)
        lines = [clean(p.text) for p in doc.paragraphs]
        nonblank = [i for i, t in enumerate(lines) if t]
        head = nonblank[:8]
        tail = nonblank[-15:]
        # title
        want = norm(titles.get(path.name, ""))
        top = norm("".join(lines[i] for i in nonblank[:4]))
        if want and top.startswith(want[: max(4, len(want) // 2)]):
            stats["标题"][1] += 1
            got = norm(doc.title)
            if got == want:
                stats["标题"][0] += 1
            elif show == "标题":
                print(path.name, "want", want, "got", got)
        # doc number
        dn = [i for i in head if RE_DOC_NUMBER.match(lines[i]) or RE_ORDER_NUMBER.match(lines[i])]
        if dn:
            stats["发文字号"][1] += 1
            if doc.paragraphs[dn[0]].role is Role.DOC_NUMBER:
                stats["发文字号"][0] += 1
            elif show == "发文字号":
                print(path.name, lines[dn[0]])
        # addressee
        ad = [i for i in nonblank[:6] if lines[i].endswith(("：", ":")) and len(lines[i]) < 200
              and re.search(r"(政府|部门|委员会|机构|单位|办公厅|办公室|局|厅|委|部|院|党委|人民政府)[:：]$",
                            lines[i])
              and "。" not in lines[i]]
        if ad:
            stats["主送机关"][1] += 1
            if doc.paragraphs[ad[0]].role is Role.ADDRESSEE:
                stats["主送机关"][0] += 1
            elif show == "主送机关":
                print(path.name, lines[ad[0]][:60])
        # date and signature
        dates = [i for i in tail if RE_DATE.match(lines[i])]
        if dates:
            stats["成文日期"][1] += 1
            if any(doc.paragraphs[i].role is Role.DATE for i in dates):
                stats["成文日期"][0] += 1
            elif show == "成文日期":
                print(path.name, [lines[i] for i in dates])
            d = next((i for i in dates if doc.paragraphs[i].role is Role.DATE), dates[-1])
            above = [i for i in nonblank if i < d][-1:] if d else []
            if (above and len(lines[above[0]]) <= 30 and not re.search(r"[。；，：]", lines[above[0]])
                    and not re.match(r"^\d+[.．]", lines[above[0]])):
                stats["发文机关署名"][1] += 1
                if doc.paragraphs[above[0]].role is Role.SIGNATURE:
                    stats["发文机关署名"][0] += 1
                elif show == "发文机关署名":
                    print(path.name, lines[above[0]])
    elapsed = time.perf_counter() - t0
    print(f"corpus: {corpus} ({len(files)} documents, read + role detection {elapsed:.2f} s, "
          f"{len(files) / elapsed:.0f} docs/s)")
    print(f"{'role':<8} {'found':>6} {'expected':>8} {'rate':>7}")
    for role, (found, expected) in stats.items():
        rate = found / expected if expected else 0.0
        print(f"{role:<8} {found:>6} {expected:>8} {rate:>7.1%}")
    return {k: (v[0], v[1]) for k, v in stats.items()}


def main() -> int:  # noqa: D103
    """Run the evaluation."""
    ap = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--show-misses", default=None)
    args = ap.parse_args()
    try:
        evaluate(args.corpus, args.show_misses)
    except BrokenPipeError:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
