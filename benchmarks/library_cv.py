"""Is a choice of ranking weights over-fitted to the development pairs? Five-fold cross-validation over
benchmarks/data/recommend_dev_pairs.tsv, the folds grouped by cited document (17 of the 46 pairs cite one
document, 深化党和国家机构改革方案: they are one fold, never split between choosing and scoring).

For each fold, the variant of the grid with the best recall@5 (MRR breaking ties) on the other four folds is
chosen and scored on the held-out fold; the pooled held-out ranks give the cross-validated figures, printed
beside those of the shipped ranking and of fixed variants on the same folds. CITATIONS.tsv (the test set)
is never read here.

Usage: .venv/bin/python benchmarks/library_cv.py --index DIR [--seed 17]
  --index DIR: an index of a copy of the corpus without MANIFEST.tsv (as for library_ablation.py).
"""

from __future__ import annotations

import argparse
import functools
import itertools
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from library_ablation import apply, ranks  # noqa: E402
from library_bench import DEV_PAIRS, citation_pairs  # noqa: E402

from gov_docs.library import embedding  # noqa: E402
from gov_docs.library import recommend as R  # noqa: E402
from gov_docs.library.index import LibraryIndex  # noqa: E402

EARLIER = "W_COCITED=0.0,W_SEMANTIC=0.25,W_COVERAGE=1.0"
GRID = {"W_COCITED": [0.0, 0.3, 0.5, 0.8], "W_SEMANTIC": [0.25, 0.5], "W_COVERAGE": [0.5, 1.0]}


def figures(rk: list[int]) -> str:
    """Return recall@1, @5 and MRR of the ranks."""
    n = len(rk) or 1
    return (f"@1 {sum(r == 1 for r in rk) / n:.2f}  @5 {sum(r <= 5 for r in rk) / n:.2f}  "
            f"MRR {sum(1 / r for r in rk) / n:.3f}")


def grid_variants(grid: dict[str, list[float]]) -> list[str]:
    """Return every combination of the grid's values as an ``apply`` spec ("W_A=0.5,W_B=1.0")."""
    return [",".join(f"{k}={v}" for k, v in zip(grid, combo, strict=True))
            for combo in itertools.product(*grid.values())]


def grouped_folds(cited: list[str], seed: int) -> tuple[list[str], dict[str, int]]:
    """Return the cited documents shuffled by ``seed`` and the fold (0–4) of each: folds grouped by them."""
    docs = sorted(set(cited))
    random.Random(seed).shuffle(docs)
    return docs, {c: i % 5 for i, c in enumerate(docs)}


def objective(rk: list[int]) -> tuple[float, float]:
    """What a fold's choice maximises: recall@5, then MRR."""
    return sum(r <= 5 for r in rk), sum(1 / r for r in rk)


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args()
    index = LibraryIndex(args.index)
    lib = Path(index.meta()["folders"][0])
    # the draft's query vector does not depend on the weights: embed each draft once
    embedding.embed_query = functools.lru_cache(maxsize=None)(embedding.embed_query)
    shipped = {k: getattr(R, k) for k in dir(R) if k.isupper() and isinstance(getattr(R, k), (int, float))}
    cited = [c for _a, c, _t in citation_pairs(DEV_PAIRS)]
    variants = grid_variants(GRID)
    by_variant = {}
    for spec in ["", *variants]:
        apply(spec, shipped)
        by_variant[spec] = ranks(index, lib, DEV_PAIRS)
    apply("", shipped)
    docs, fold_of = grouped_folds(cited, args.seed)
    print(f"development pairs: {len(cited)}, {len(docs)} cited documents; grid {GRID}; "
          f"folds grouped by cited document (seed {args.seed})")
    pooled: list[int] = []
    order: list[int] = []
    for f in range(5):
        train = [i for i, c in enumerate(cited) if fold_of[c] != f]
        test = [i for i, c in enumerate(cited) if fold_of[c] == f]
        best = max(variants, key=lambda v: objective([by_variant[v][i] for i in train]))
        pooled += [by_variant[best][i] for i in test]
        order += test
        held = figures([by_variant[best][i] for i in test])
        print(f"fold {f + 1} ({len(test)} pairs): chosen {best}; held-out {held}; "
              f"shipped {figures([by_variant[''][i] for i in test])}")
    print(f"cross-validated (weights chosen on the other folds): {figures(pooled)}")
    for spec, name in (("", "shipped"), (EARLIER, "earlier weights (session 3)")):
        print(f"{name:28s} all pairs: {figures([by_variant[spec][i] for i in order])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
