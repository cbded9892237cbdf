"""The development pairs under stricter protocols: does the ranking find documents it was not fitted on?

The usual protocol (library_ablation.py, library_cv.py) ranks each development pair's citing document
against the whole corpus library (minus the draft itself). That library also holds the *other* documents
citing the same cited document — 20 of the 46 pairs cite 深化党和国家机构改革方案, most of them 三定 规定 of
the same days — and documents written after the draft. Two signals feed on exactly those: citations inside
the library (a document others cite) and co-citation (what the documents citing the draft's titles also
cite). A held-out library (1,193 State Council documents, citing documents from outside it) holds no such
siblings, which is where recall@5 fell to 0.54. Protocols here (each pair gets its own library):

- ``usual``: the whole library, as before;
- ``time``: the library as it stood when the draft was written — every document dated after the citing
  document is removed (undated documents stay);
- ``group``: leave the group out — every other document citing the same cited document (by any title,
  published name or 发文字号 the library matches, and the other development pairs citing it) is removed;
- ``group1``: as ``group``, but one other citing document stays (the first by file name): the library
  knows one earlier citation of the cited document, not twenty;
- ``strict``: ``time`` and ``group``.

A protocol may end in ``@F`` (usual@0.5, group1@0.25): a random share 1−F of the other documents is left
out too (seeded per pair), a library F times the size. Recall at F = 0.25, 0.5 and 1 shows how the ranking
fares as the library grows — the held-out library is twice the corpus.

``--distractors DIR`` builds (once) a bigger library in DIR to run the same protocols on: the corpus copy
of ``--index`` plus one title-only file per title of ../shared/data/wordlists/政策法规标题.txt that is not a
corpus title or published name (5,196 real laws, regulations and State Council documents the corpus does not
hold), 5,796 documents; the 600 texts' vectors are reused, the titles embedded. Then pass DIR/index as
``--index``.

The figure is the cited document's rank in the recommendations, which are the documents the draft does
not cite (by title or 发文字号; session 10, the lead's decision): the pair's other citations stay in its
text and are listed apart (本文已引用). ``--among-all`` also prints its rank among all documents, those
citations included (the list before session 10, and ``--uncited`` of session 9 the other way round): they
take the first places whenever the library holds them, and a bigger library holds more of them (the
distractor library: State Council @1 0.17 among all documents, 0.50 among those not cited, session 9).

Every protocol removes the cited title and the cited document's 发文字号 from the citing text
(``--keep-number``: the title only, as before session 10; the draft then still cites the document in 3 of
the 46 development pairs and 11 of the 26 test pairs, by number, and W_CITED put it first).

Under ``group`` and ``strict`` the cited document is never cited inside the library, so citations inside the
library and co-citation can only lift other documents there; ``group1`` is the fair protocol for them.

A removed document is gone from the library's view (its facts, titles, numbers, citations given and
received); content and meaning scores are rescaled over the documents left, as a smaller library would.
Only the Whoosh term statistics (key bigrams, BM25 idf) still count removed documents.

Weight choice: ``--cv`` chooses the grid (W_CITED_BY, W_COCITED, W_AUTHORITY, W_NORMATIVE, W_SEMANTIC,
W_COVERAGE) by recall@5 then MRR on four folds grouped by cited document and scores the fifth, under the
protocol given; and crosses organs: chosen on the Party pairs, scored on the State Council pairs (what the
held-out set cites) and the reverse. A weight whose choice changes from fold to fold is not supported by
the pairs. CITATIONS.tsv (the test set) is read only with ``--test``, to be reported once after the choice.

Usage: .venv/bin/python benchmarks/library_strict.py --index DIR [--protocol strict] [--cv] [--misses]
       [--among-all] [--test] [VARIANT ...]
  --index DIR: an index of a copy of the corpus without MANIFEST.tsv (as for library_ablation.py).
"""

from __future__ import annotations

import argparse
import copy
import functools
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from library_ablation import apply, state_council  # noqa: E402
from library_bench import (  # noqa: E402
    CORPUS,
    DEV_PAIRS,
    citation_pairs,
    citing_document,
    recommended_rank,
)
from library_cv import figures, grid_variants, grouped_folds, objective  # noqa: E402

from gov_docs.library import embedding  # noqa: E402
from gov_docs.library import recommend as R  # noqa: E402
from gov_docs.library.index import LibraryIndex  # noqa: E402

PROTOCOLS = ("usual", "time", "group", "group1", "strict")
GRID = {"W_CITED_BY": [0.0, 0.2], "W_COCITED": [0.0, 0.3, 0.8], "W_AUTHORITY": [0.0, 0.2],
        "W_NORMATIVE": [0.0, 0.2], "W_SEMANTIC": [0.25, 0.5], "W_COVERAGE": [0.5, 1.0]}


def restricted(view: R.LibraryView, gone: set[str]) -> R.LibraryView:
    """Return a copy of ``view`` in which the documents ``gone`` are not in the library."""
    v = copy.copy(view)
    v.facts = {p: f for p, f in view.facts.items() if p not in gone}
    v.by_title = {k: p for k, p in view.by_title.items() if p not in gone}
    v.by_number = {k: p for k, p in view.by_number.items() if p not in gone}
    v.by_bare = {k: p for k, p in view.by_bare.items() if p not in gone}
    v.citers = defaultdict(set, {p: s - gone for p, s in view.citers.items() if p not in gone})
    v.citing_title = defaultdict(set, {t: s - gone for t, s in view.citing_title.items()})
    v.cites_path = defaultdict(set, {p: s - gone for p, s in view.cites_path.items() if p not in gone})
    return v


class Library:
    """The corpus library seen through a protocol: per pair, which documents are left out."""

    def __init__(self, index: LibraryIndex) -> None:
        self.index = index
        self.lib = Path(index.meta()["folders"][0])
        self.full = R.library_view(index)
        self.gone: set[str] = set()
        self.keep_number = False
        self._content = R._content_scores
        self._semantic = R.semantic_scores
        R.library_view = self._view
        R._content_scores = self._content_scores
        R.semantic_scores = self._semantic_scores

    def _view(self, _index) -> R.LibraryView:
        return restricted(self.full, self.gone) if self.gone else self.full

    def _content_scores(self, searcher, view, text, limit):
        got = self._content(searcher, view, text, limit + len(self.gone))
        got = {p: s for p, s in got.items() if p not in self.gone}
        best = max(got.values(), default=1.0) or 1.0
        return {p: s / best for p, s in sorted(got.items(), key=lambda kv: -kv[1])[:limit]}

    def _semantic_scores(self, index, title, text, beside=0):
        from gov_docs.library.passages import load_vectors, rescale, semantic_doc_scores

        if not len(load_vectors(index.path)):
            return {}
        qv = embedding.embed_query(R.semantic_query(title, text), beside=beside)
        raw = semantic_doc_scores(index.path, qv)
        return rescale({p: s for p, s in raw.items() if p not in self.gone})

    def left_out(self, protocol: str, citing: str, cited: str, citers_of: dict[str, set[str]]) -> set[str]:
        """Return the documents the protocol removes for the pair ``citing`` → ``cited`` (paths)."""
        gone: set[str] = set()
        a, b = str(self.lib / citing), str(self.lib / cited)
        protocol, _at, share = protocol.partition("@")
        if share:
            rest = sorted(set(self.full.facts) - {a, b})
            rng = random.Random(f"{citing}>{cited}")
            gone |= set(rng.sample(rest, round(len(rest) * (1 - float(share)))))
        if protocol in ("time", "strict"):
            when = self.full.facts[a].date
            if when:
                gone |= {p for p, f in self.full.facts.items() if f.date and f.date > when and p != b}
        if protocol in ("group", "group1", "strict"):
            others = sorted((self.full.citers.get(b, set()) | citers_of.get(cited, set())) - {a, b})
            gone |= set(others[1:] if protocol == "group1" else others)
        return gone

    def ranks(self, protocol: str, pairs: Path, depth: int = 50) -> list[int]:
        """Return the rank of the cited document in the recommendations (the documents the draft does not
        cite) for each pair under ``protocol`` (depth + 1: not found); ``self.among_all`` then holds its
        rank among all documents, the draft's other citations included (the list before session 10), and
        ``self.still_cited`` the pairs whose draft still cites it (by a 发文字号 or another name left in its
        text: listed as 本文已引用, ranked here where its score puts it among the recommendations).
        """
        rows = citation_pairs(pairs)
        citers_of: dict[str, set[str]] = defaultdict(set)
        for citing, cited, _t in rows:
            citers_of[cited].add(str(self.lib / citing))
        out = []
        self.among_all = []
        self.still_cited = []
        for citing, cited, title in rows:
            self.gone = self.left_out(protocol, citing, cited, citers_of)
            target = str(self.lib / cited)
            number = "" if self.keep_number else self.full.facts[target].doc_number
            doc = citing_document(self.lib / citing, title, number)
            ranking = R.rank(self.index, doc, explain=False)
            names = [Path(r.path).name for r in ranking.among_all(depth)]
            self.among_all.append(names.index(cited) + 1 if cited in names else depth + 1)
            if target in ranking.cited:
                self.still_cited.append(f"{citing}→{cited}")
            out.append(recommended_rank(ranking, target, depth))
        self.gone = set()
        return out


def build_distractors(index: LibraryIndex, root: Path) -> LibraryIndex:
    """Return the library of ``index``'s corpus plus title-only distractors, built in ``root`` if missing."""
    import shutil

    titles = CORPUS.parent / "wordlists" / "政策法规标题.txt"
    out = LibraryIndex(root / "index")
    if out.exists():
        return out
    view = R.library_view(index)
    corpus = root / "corpus"
    shutil.copytree(Path(index.meta()["folders"][0]), corpus)
    (corpus / "titles").mkdir()
    known = set(view.by_title) | set(view.by_bare)
    for i, line in enumerate(titles.read_text(encoding="utf-8").splitlines()):
        t = line.strip()
        if len(t) >= 4 and R._norm(t) not in known:
            (corpus / "titles" / f"t{i:05d}.txt").write_text(t + "\n", encoding="utf-8")
    shutil.copytree(index.path, out.path)  # the corpus texts' vectors are reused
    report = out.build([corpus], workers=1)
    print(f"distractor library: {report.added} documents in {report.seconds:.0f} s")
    return out


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--protocol", default=None,
                    help="protocols, comma-separated (default: all; --cv: usual,group1,strict — a choice "
                         "must hold whether or not the library holds other documents citing the same one)")
    ap.add_argument("--cv", action="store_true", help="grouped cross-validation and organ cross-over")
    ap.add_argument("--misses", action="store_true", help="list the pairs not in the top five")
    ap.add_argument("--among-all", action="store_true",
                    help="also the cited document's rank among all documents, the draft's other "
                         "citations included (the list before session 10): they rank first whenever the "
                         "library holds them, and a bigger library holds more of them")
    ap.add_argument("--keep-number", action="store_true",
                    help="leave the cited document's 发文字号 in the citing text (the protocol before "
                         "session 10: such a draft still cites it, and it is listed as 本文已引用)")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--grid", help="the grid of --cv, e.g. 'W_COCITED=0,0.3;W_SEMANTIC=0.25,0.5' "
                                   "(the rest as GRID)")
    ap.add_argument("--test", action="store_true",
                    help="also CITATIONS.tsv (report once, never choose on it)")
    ap.add_argument("--distractors", type=Path,
                    help="build the library with distractor titles in this folder")
    ap.add_argument("variants", nargs="*")
    args = ap.parse_args()
    index = LibraryIndex(args.index)
    if args.distractors:
        build_distractors(index, args.distractors)
        return 0
    embedding.embed_query = functools.lru_cache(maxsize=None)(embedding.embed_query)
    lib = Library(index)
    lib.keep_number = args.keep_number
    shipped = {k: getattr(R, k) for k in dir(R) if k.isupper() and isinstance(getattr(R, k), (int, float))}
    rows = citation_pairs(DEV_PAIRS)
    cited = [c for _a, c, _t in rows]
    sc = [state_council(index, lib.lib, c) for c in cited]
    print(f"development pairs: {len(cited)} ({sum(sc)} citing State Council documents), "
          f"{len(set(cited))} cited documents")
    protocols = args.protocol.split(",") if args.protocol else list(PROTOCOLS)
    if any(p.partition("@")[0] not in PROTOCOLS for p in protocols):
        raise SystemExit(f"protocols: {', '.join(PROTOCOLS)}")
    if not args.cv:
        for spec in args.variants or [""]:
            apply(spec, shipped)
            for protocol in protocols:
                rk = lib.ranks(protocol, DEV_PAIRS)
                every, kept = lib.among_all, lib.still_cited
                line = (f"{spec or 'shipped':40s} {protocol:7s} | all {figures(rk)} | State Council "
                        f"{figures([r for r, s in zip(rk, sc, strict=True) if s])} | Party "
                        f"{figures([r for r, s in zip(rk, sc, strict=True) if not s])}")
                if args.among_all:
                    line += (f" | among all documents: all {figures(every)}, State Council "
                             f"{figures([r for r, s in zip(every, sc, strict=True) if s])}")
                if kept:
                    line += f" | still cited: {', '.join(kept)}"
                if args.test:
                    test = lib.ranks(protocol, CORPUS / "CITATIONS.tsv")
                    line += f" | CITATIONS {figures(test)}"
                    if args.among_all:
                        line += f", among all documents {figures(lib.among_all)}"
                    if lib.still_cited:
                        line += f", still cited: {', '.join(lib.still_cited)}"
                print(line, flush=True)
                if args.misses:
                    for (a, c, t), r in zip(rows, rk, strict=True):
                        if r > 5:
                            print(f"    miss {a}→{c} rank {r if r <= 50 else '>50'}  《{t[:30]}》")
        apply("", shipped)
        return 0
    grid = dict(GRID)
    for item in filter(None, (args.grid or "").split(";")):
        name, values = item.split("=")
        grid[name] = values.split(",")
    protocols = args.protocol.split(",") if args.protocol else ["usual", "group1", "strict"]
    variants = grid_variants(grid)
    by_variant: dict[str, dict[str, list[int]]] = {}
    for spec in ["", *variants]:
        apply(spec, shipped)
        by_variant[spec] = {p: lib.ranks(p, DEV_PAIRS) for p in protocols}
    apply("", shipped)
    docs, fold_of = grouped_folds(cited, args.seed)
    print(f"protocols {', '.join(protocols)} (a choice maximises the sum over them); grid {grid}; "
          f"folds grouped by cited document (seed {args.seed})")

    def choose(train: list[int]) -> str:
        def total(v: str) -> tuple[float, float]:
            per = [objective([by_variant[v][p][i] for i in train]) for p in protocols]
            return sum(a for a, _b in per), sum(b for _a, b in per)

        return max(variants, key=total)

    pooled: dict[str, list[int]] = defaultdict(list)
    shipped_rk: dict[str, list[int]] = defaultdict(list)
    chosen: dict[str, list[str]] = defaultdict(list)
    for f in range(5):
        train = [i for i, c in enumerate(cited) if fold_of[c] != f]
        test = [i for i, c in enumerate(cited) if fold_of[c] == f]
        best = choose(train)
        for item in best.split(","):
            k, v = item.split("=")
            chosen[k].append(v)
        for p in protocols:
            pooled[p] += [by_variant[best][p][i] for i in test]
            shipped_rk[p] += [by_variant[""][p][i] for i in test]
        print(f"fold {f + 1} ({len(test)} pairs): chosen {best}; held-out "
              + "; ".join(f"{p} {figures([by_variant[best][p][i] for i in test])}" for p in protocols))
    for p in protocols:
        print(f"{p:7s} cross-validated (weights chosen on the other folds): {figures(pooled[p])}; "
              f"shipped {figures(shipped_rk[p])}")
    print("choices per weight over the folds: "
          + "; ".join(f"{k} {'/'.join(v)}" for k, v in chosen.items()))
    best_all = choose(list(range(len(cited))))
    print(f"chosen on all pairs: {best_all}")
    for name, src, dst in (("Party → State Council", False, True), ("State Council → Party", True, False)):
        train = [i for i, s in enumerate(sc) if s == src]
        test = [i for i, s in enumerate(sc) if s == dst]
        best = choose(train)
        print(f"chosen on {name.split(' →')[0]} pairs: {best}; scored on {name.split('→ ')[1]} pairs "
              + "; ".join(f"{p} {figures([by_variant[best][p][i] for i in test])} (shipped "
                          f"{figures([by_variant[''][p][i] for i in test])})" for p in protocols))
    return 0


if __name__ == "__main__":
    sys.exit(main())
