"""Recommendation changes one at a time: recall on the development pairs (where choices are made), without
the catalog; CITATIONS.tsv (the test set) only with --test, to be reported once, never chosen on.

Each variant sets ranking constants of gov_docs.library.recommend (NAME=VALUE, comma-separated) on top of
the shipped values; the first row is the shipped ranking. Besides recall@1/@5 it prints recall@10, the
mean reciprocal rank of the cited document, and recall@5 per cited document (macro: 20 of the 46 pairs
cite one document). The pairs are also split by what they cite: State Council documents (国务院, 国务院办公厅
and their 联防联控 bodies — what the held-out set of issue 17 holds) and Party documents (中共中央 …).

Usage: .venv/bin/python benchmarks/library_ablation.py [--index DIR] [--test] [VARIANT ...]
  --index DIR: an index of a copy of the corpus without MANIFEST.tsv (built there when missing).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from library_bench import CORPUS, DEV_PAIRS, citation_pairs, citing_document, recommended_rank  # noqa: E402

from gov_docs.library import recommend as R  # noqa: E402
from gov_docs.library.index import LibraryIndex  # noqa: E402

DEFAULT_VARIANTS = ["", "AUTHORITY_RELATIVE=0", "LATER_FACTOR=0", "W_AUTHORITY=0", "W_AUTHORITY=0.4",
                    "W_NORMATIVE=0", "W_CITED_BY=0", "W_SEMANTIC=0", "W_SEMANTIC=0.5", "KEY_TERMS=30",
                    "DEDUP_VERSIONS=0"]


def ranks(index: LibraryIndex, lib: Path, pairs: Path, depth: int = 50) -> list[int]:
    """Return the rank of the cited document in the recommendations for each pair (depth + 1 when not in the
    first ``depth``); its title and 发文字号 are removed from the citing text (library_bench.citing_document).
    """
    out = []
    facts = R.library_view(index).facts
    for citing, cited, title in citation_pairs(pairs):
        target = str(lib / cited)
        doc = citing_document(lib / citing, title, facts[target].doc_number if target in facts else "")
        out.append(recommended_rank(R.rank(index, doc, explain=False), target, depth))
    return out


def state_council(index: LibraryIndex, lib: Path, cited: str) -> bool:
    """Return True when the cited document is issued by the State Council or its general office."""
    facts = R.library_view(index).facts[str(lib / cited)]
    return facts.authority in (4, 5) and not facts.title.startswith(("中共", "中国共产党"))


def figures(rk: list[int], cited: list[str]) -> str:
    """Return recall@1/5/10, MRR and recall@5 per cited document of the ranks."""
    n = len(rk) or 1
    by: dict[str, list[bool]] = {}
    for r, c in zip(rk, cited, strict=True):
        by.setdefault(c, []).append(r <= 5)
    macro = sum(sum(v) / len(v) for v in by.values()) / max(len(by), 1)
    return (f"{sum(r == 1 for r in rk) / n:.2f}  {sum(r <= 5 for r in rk) / n:.2f}  "
            f"{sum(r <= 10 for r in rk) / n:.2f}  {sum(1 / r for r in rk) / n:.3f}  {macro:.2f}")


def apply(spec: str, shipped: dict) -> None:
    """Reset the ranking constants to the shipped values, then set those named in ``spec``."""
    for name, value in shipped.items():
        setattr(R, name, value)
    for item in filter(None, spec.split(",")):
        name, value = item.split("=")
        if name not in shipped:
            raise SystemExit(f"unknown ranking constant: {name}")
        old = shipped[name]
        setattr(R, name, value == "1" if isinstance(old, bool) else type(old)(float(value)))


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", type=Path)
    ap.add_argument("--test", action="store_true",
                    help="also CITATIONS.tsv (report once, never choose on it)")
    ap.add_argument("variants", nargs="*")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="gov-docs-ablation-"))
    index_dir = args.index or tmp / "index"
    lib = index_dir.parent / "corpus"
    index = LibraryIndex(index_dir)
    if not index.exists():
        shutil.copytree(CORPUS, lib)
        (lib / "MANIFEST.tsv").unlink()
        index.build([lib])
    lib = Path(index.meta()["folders"][0])
    shipped = {k: getattr(R, k) for k in dir(R) if k.isupper() and isinstance(getattr(R, k), (int, float))}
    cited = [c for _a, c, _t in citation_pairs(DEV_PAIRS)]
    sc = [state_council(index, lib, c) for c in cited]
    print(f"development pairs: {len(cited)} ({sum(sc)} citing State Council documents, {len(sc) - sum(sc)} "
          f"Party documents), {len(set(cited))} cited documents")
    head = "@1    @5    @10   MRR    macro@5"
    print(f"{'variant':34s} | all: {head} | State Council: {head} | Party @5"
          + (" | CITATIONS @1  @5" if args.test else ""))
    for spec in args.variants or DEFAULT_VARIANTS:
        apply(spec, shipped)
        dev = ranks(index, lib, DEV_PAIRS)
        pick = [i for i, s in enumerate(sc) if s]
        party = [dev[i] for i in range(len(dev)) if not sc[i]]
        line = (f"{spec or 'shipped':34s} | {figures(dev, cited)} | "
                f"{figures([dev[i] for i in pick], [cited[i] for i in pick])} | "
                f"{sum(r <= 5 for r in party) / max(len(party), 1):.2f}")
        if args.test:
            test = ranks(index, lib, CORPUS / "CITATIONS.tsv")
            m = len(test)
            line += f" | {sum(r == 1 for r in test) / m:.2f}   {sum(r <= 5 for r in test) / m:.2f}"
        print(line, flush=True)
    if not args.index:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
