"""A second, larger development set for related-document recommendation, drawn like the held-out set of
issue 17 (State Council documents cited by documents outside the library): a library of titles.

The library holds one short file per title — the 5,608 real policy and regulation titles of
../shared/data/wordlists/政策法规标题.txt and the names of the 600 corpus documents (their catalog titles, or
the name a 印发 notice publishes), 5,609 after merging equal titles — each file holding its title only. The
citing documents are the corpus documents that cite one of these titles in 《》; documents that are citing
documents of CITATIONS.tsv (the test set) are left out entirely, and so is a document's own title. As in
library_bench.py, the cited title (and its 《》) is removed from the citing text; the ranking must find the
title file among the 5,609.

Only the title side of the ranking can act here (title coverage, authority and normative priors from the
title, BM25 of the draft against a title; no text, no date, no embeddings), so the set measures what
these signals do on State Council–style citations (most cited titles are 国务院… documents and 条例), not the
whole ranking. Variants are set as in library_ablation.py. Each is printed twice: the cited title's rank in
the recommendations (the documents the draft does not cite: its other cited titles are all in this library
and listed apart, session 10) and among all documents (the list before).

Usage: .venv/bin/python benchmarks/library_title_dev.py [--index DIR] [VARIANT ...]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from library_ablation import apply  # noqa: E402
from library_bench import CORPUS, citing_document, recommended_rank  # noqa: E402

from gov_docs.library import recommend as R  # noqa: E402
from gov_docs.library.index import LibraryIndex  # noqa: E402

TITLES = CORPUS.parent / "wordlists" / "政策法规标题.txt"
_PUBLISHES = re.compile(r"(?:印发|发布|公布|转发)(?:了|修订后的)*《([^《》]{4,80})》")


def norm(text: str) -> str:
    """Return the text without spaces, quotes and brackets."""
    return re.sub(r"[\s“”\"'（）()〈〉<>《》、\u3000]", "", text)


def title_library() -> dict[str, str]:
    """Return normalised title → title of the library (list titles first, then corpus names)."""
    lib: dict[str, str] = {}
    for line in TITLES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            lib.setdefault(norm(line), line.strip())
    for row in CORPUS.joinpath("MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        title = row.split("\t")[1].removesuffix(".txt")
        for name in _PUBLISHES.findall(title) or [title]:
            lib.setdefault(norm(name), name)
    return lib


def pairs(lib: dict[str, str]) -> list[tuple[str, str]]:
    """Return (citing file, cited title) for corpus documents citing a library title, test documents out."""
    test_citing = {ln.split("\t")[0] for ln in
                   CORPUS.joinpath("CITATIONS.tsv").read_text(encoding="utf-8").splitlines()[1:]}
    manifest = dict(ln.split("\t") for ln in
                    CORPUS.joinpath("MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:])
    out = []
    for name in sorted(manifest):
        if name in test_citing:
            continue
        title = manifest[name].removesuffix(".txt")
        own = {norm(n) for n in (_PUBLISHES.findall(title) or [title])}
        text = CORPUS.joinpath(name).read_text(encoding="utf-8")
        for cited in sorted(set(re.findall(r"《([^《》]{4,80})》", text))):
            if norm(cited) in lib and norm(cited) not in own:
                out.append((name, cited))
    return out


def kind(title: str) -> str:
    """Return 国务院 for a title of the State Council or its office, 条例 for another regulation, else ''.

    Only a 国务院… title gives its issuing organ (and so its authority) here: a regulation's organ comes
    from its decree number, which a title file lacks.
    """
    if title.startswith("国务院"):
        return "国务院"
    return "条例" if title.endswith("条例") and not title.startswith(("中国共产党", "中共")) else ""


def _fig(rk: list[int], at: tuple[int, ...]) -> str:
    n = max(len(rk), 1)
    return "  ".join(f"{sum(r <= k for r in rk) / n:.2f}" for k in at) + f"  {sum(1 / r for r in rk) / n:.3f}"


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", type=Path, help="where the title library and its index are kept")
    ap.add_argument("variants", nargs="*")
    args = ap.parse_args()
    root = args.index or Path(tempfile.mkdtemp(prefix="gov-docs-titles-"))
    lib = title_library()
    folder = root / "titles"
    index = LibraryIndex(root / "index")
    file_of = {}
    for i, key in enumerate(sorted(lib)):
        file_of[key] = folder / f"t{i:05d}.txt"
    if not index.exists():
        folder.mkdir(parents=True, exist_ok=True)
        for key, path in file_of.items():
            path.write_text(lib[key] + "\n", encoding="utf-8")
        index.build([folder], embed=False, workers=1)
    rows = pairs(lib)
    kinds = [kind(cited) for _c, cited in rows]
    print(f"title library: {len(lib)} titles; {len(rows)} citations from {len({c for c, _ in rows})} corpus "
          f"documents ({kinds.count('国务院')} of 国务院… titles, {kinds.count('条例')} of other 条例), "
          f"{len({norm(t) for _c, t in rows})} titles")
    shipped = {k: getattr(R, k) for k in dir(R) if k.isupper() and isinstance(getattr(R, k), (int, float))}
    print(f"{'variant':34s} | all: @1    @5    @20   MRR   | 国务院…: @1    @5    MRR   "
          f"| 条例: @1    @5    MRR")
    for spec in args.variants or ["", "AUTHORITY_RELATIVE=0", "W_AUTHORITY=0", "W_NORMATIVE=0"]:
        apply(spec, shipped)
        ranks, every = [], []
        for citing, cited in rows:
            doc = citing_document(CORPUS / citing, cited)
            own = norm(R._draft_parts(doc)[0])
            ranking = R.rank(index, doc, explain=False)
            target = file_of[norm(cited)]
            # the recommendations (documents the draft does not cite; session 10), and among all documents
            rank = recommended_rank(ranking, str(target), 60,
                                    lambda r, own=own: norm(r.title) != own or not own)
            ranks.append(rank if rank <= 60 else 1000)
            names = [Path(r.path) for r in ranking.among_all(60) if norm(r.title) != own or not own]
            every.append(names.index(target) + 1 if target in names else 1000)
        for label, rk in (("", ranks), (" among all", every)):
            gw = [r for r, k in zip(rk, kinds, strict=True) if k == "国务院"]
            regs = [r for r, k in zip(rk, kinds, strict=True) if k == "条例"]
            print(f"{(spec or 'shipped') + label:34s} | {_fig(rk, (1, 5, 20))} | {_fig(gw, (1, 5))} | "
                  f"{_fig(regs, (1, 5))}", flush=True)
    if not args.index:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
