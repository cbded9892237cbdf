"""Recommendation changes one at a time: recall on the development pairs (where choices are made) and on
CITATIONS.tsv (the test set, reported, never chosen on), without the catalog.

Each variant sets ranking constants of gov_docs.library.recommend (NAME=VALUE, comma-separated) on top of
the shipped values; the first row is the shipped ranking. Besides recall@1/@5 it prints recall@10 and the
mean reciprocal rank of the cited document on the development pairs: with 27 pairs, recall@5 moves in steps
of 0.04 and ties are common, so the finer measures say whether a change moves cited documents up at all.

Usage: .venv/bin/python benchmarks/library_ablation.py [--index DIR] [VARIANT ...]
  --index DIR: an index of a copy of the corpus without MANIFEST.tsv (built there when missing).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from library_bench import CORPUS, DEV_PAIRS, citation_pairs, citing_document  # noqa: E402

from gov_docs.library import recommend as R  # noqa: E402
from gov_docs.library.index import LibraryIndex  # noqa: E402

DEFAULT_VARIANTS = ["", "LATER_FACTOR=0", "W_AUTHORITY=0", "W_AUTHORITY=0.4", "W_NORMATIVE=0", "W_CITED_BY=0",
                    "W_SEMANTIC=0", "W_SEMANTIC=0.5", "KEY_TERMS=30", "DEDUP_VERSIONS=0"]


def ranks(index: LibraryIndex, lib: Path, pairs: Path, depth: int = 50) -> list[int]:
    """Return the rank of the cited document for each pair (depth + 1 when not in the first ``depth``)."""
    out = []
    for citing, cited, title in citation_pairs(pairs):
        doc = citing_document(lib / citing, title)
        names = [Path(r.path).name for r in R.recommend(index, doc, top=depth, explain=False)]
        out.append(names.index(cited) + 1 if cited in names else depth + 1)
    return out


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
    print(f"{'variant':34s} | dev @1  @5   @10  MRR   | CITATIONS @1  @5")
    for spec in args.variants or DEFAULT_VARIANTS:
        apply(spec, shipped)
        dev = ranks(index, lib, DEV_PAIRS)
        test = ranks(index, lib, CORPUS / "CITATIONS.tsv")
        n, m = len(dev), len(test)
        print(
            f"{spec or 'shipped':34s} | {sum(r == 1 for r in dev) / n:.2f}   "
            f"{sum(r <= 5 for r in dev) / n:.2f} "
              f" {sum(r <= 10 for r in dev) / n:.2f}  {sum(1 / r for r in dev) / n:.3f} | "
              f"{sum(r == 1 for r in test) / m:.2f}         {sum(r <= 5 for r in test) / m:.2f}", flush=True)
    if not args.index:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
