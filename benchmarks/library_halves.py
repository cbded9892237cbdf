"""Choose on one half, read the other: the ranking's figures on two halves of the development material.

Issue 17's held-out figure (another library of 1,193 State Council documents, 65 citing documents outside
it) is @5 0.54, @1 0.31 against 0.89 / 0.78 on the development pairs: a change chosen on all the development
pairs may fit them and not the next library. Here every development pair is put in half A or half B,
grouped by cited document (all pairs citing one document in one half; seeded), and a variant is read on both
halves. A variant is chosen on A alone; what it does on B — pairs it was not chosen on — is the figure that
counts.

Pairs: benchmarks/data/recommend_dev_pairs.tsv (44) and recommend_ref_pairs.tsv (4, session 13), ranked in
the corpus library (an index of the corpus without MANIFEST.tsv, as for library_strict.py) under the
protocols of library_strict.py (``usual``: the whole library; ``group1``: the other documents citing the
same document left out but one, as in a library that knows one earlier citation of it). The 20 pairs citing
深化党和国家机构改革方案 count as at most ``--cap`` (default 3, the first by file name): one cited document
would otherwise decide half a half. With ``--titles DIR`` (a title library built by library_title_dev.py
--index DIR) the title set's pairs (corpus documents citing one of 5,609 real titles, test documents out) are
split the same way by cited title and read as a third set.

The cited title and 发文字号 are removed from the citing text (library_bench.citing_document). CITATIONS.tsv
is never read here.

Usage: .venv/bin/python benchmarks/library_halves.py --index DIR [--protocol usual,group1] [--titles DIR]
       [--seed 13] [--cap 3] [--misses A|B] [VARIANT ...]
"""

from __future__ import annotations

import argparse
import functools
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from library_ablation import apply  # noqa: E402
from library_bench import DEV_PAIRS, citation_pairs, citing_document, recommended_rank  # noqa: E402
from library_strict import Library  # noqa: E402

from gov_docs.library import embedding  # noqa: E402
from gov_docs.library import recommend as R  # noqa: E402
from gov_docs.library.index import LibraryIndex  # noqa: E402

REF_PAIRS = DEV_PAIRS.parent / "recommend_ref_pairs.tsv"


def figures(rk: list[int]) -> str:
    """Return '@1 / @5 / MRR (n)' of ranks (a rank beyond the depth counts 0 in the MRR)."""
    n = max(len(rk), 1)
    mrr = sum(1 / r for r in rk if r <= 50) / n
    return f"{sum(r <= 1 for r in rk) / n:.2f} / {sum(r <= 5 for r in rk) / n:.2f} / {mrr:.3f} ({len(rk)})"


def split(keys: list[str], seed: int) -> dict[str, str]:
    """Return key → 'A' or 'B': the distinct keys shuffled (seeded), alternately assigned."""
    distinct = sorted(set(keys))
    random.Random(seed).shuffle(distinct)
    return {k: "AB"[i % 2] for i, k in enumerate(distinct)}


def corpus_rows(cap: int) -> list[list[str]]:
    """Return the development and reference pairs, at most ``cap`` per cited document (first by citing)."""
    rows = sorted(citation_pairs(DEV_PAIRS) + citation_pairs(REF_PAIRS))
    kept: list[list[str]] = []
    for row in rows:
        if sum(r[1] == row[1] for r in kept) < cap:
            kept.append(row)
    return kept


#: the ranking's own functions: library_strict.Library replaces them with its protocol's views of the corpus
_OWN = (R.library_view, R._content_scores, R.semantic_scores)


def title_ranks(root: Path) -> tuple[list[str], list[int], list[str]]:
    """Return (cited titles, ranks, citing files) of the title set in the title library at ``root``."""
    import library_title_dev as T

    swapped = (R.library_view, R._content_scores, R.semantic_scores)
    R.library_view, R._content_scores, R.semantic_scores = _OWN
    try:
        return _title_ranks(T, root)
    finally:
        R.library_view, R._content_scores, R.semantic_scores = swapped


def _title_ranks(T, root: Path) -> tuple[list[str], list[int], list[str]]:  # noqa: N803

    lib = T.title_library()
    index = LibraryIndex(root / "index")
    file_of = {key: root / "titles" / f"t{i:05d}.txt" for i, key in enumerate(sorted(lib))}
    rows = T.pairs(lib)
    ranks = []
    for citing, cited in rows:
        doc = citing_document(T.CORPUS / citing, cited)
        own = T.norm(R._draft_parts(doc)[0])
        ranking = R.rank(index, doc, explain=False)
        rank = recommended_rank(ranking, str(file_of[T.norm(cited)]), 50,
                                lambda r, own=own: T.norm(r.title) != own or not own)
        ranks.append(rank)
    return [T.norm(c) for _a, c in rows], ranks, [a for a, _c in rows]


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--protocol", default="usual,group1")
    ap.add_argument("--titles", type=Path, help="the title library of library_title_dev.py --index")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--cap", type=int, default=3)
    ap.add_argument("--misses", choices=("A", "B"), help="list the pairs of this half not first")
    ap.add_argument("variants", nargs="*")
    args = ap.parse_args()
    embedding.embed_query = functools.lru_cache(maxsize=None)(embedding.embed_query)
    index = LibraryIndex(args.index)
    lib = Library(index)
    rows = corpus_rows(args.cap)
    half = split([c for _a, c, _t in rows], args.seed)
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False, encoding="utf-8") as f:
        f.write("citing\tcited\tcited_title\n" + "".join("\t".join(r) + "\n" for r in rows))
    pairs = Path(f.name)
    shipped = {k: getattr(R, k) for k in dir(R) if k.isupper() and isinstance(getattr(R, k), (int, float))}
    sides = [half[c] for _a, c, _t in rows]
    print(f"corpus pairs: {len(rows)} (cap {args.cap} per cited document), A {sides.count('A')}, "
          f"B {sides.count('B')}; seed {args.seed}")
    for spec in args.variants or [""]:
        apply(spec, shipped)
        line = f"{spec or 'shipped':44s}"
        for protocol in args.protocol.split(","):
            rk = lib.ranks(protocol, pairs)
            a = [r for r, s in zip(rk, sides, strict=True) if s == "A"]
            b = [r for r, s in zip(rk, sides, strict=True) if s == "B"]
            line += f" | {protocol} A {figures(a)} B {figures(b)}"
            if args.misses and protocol == args.protocol.split(",")[0]:
                for (citing, cited, _t), r, s in zip(rows, rk, sides, strict=True):
                    if s == args.misses and r > 1:
                        print(f"    {protocol} {s} {citing}→{cited} rank {r}")
        if args.titles:
            cited, rk, citing = title_ranks(args.titles)
            th = split(cited, args.seed)
            a = [r for r, c in zip(rk, cited, strict=True) if th[c] == "A"]
            b = [r for r, c in zip(rk, cited, strict=True) if th[c] == "B"]
            line += f" | titles A {figures(a)} B {figures(b)}"
        print(line, flush=True)
    apply("", shipped)
    pairs.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
