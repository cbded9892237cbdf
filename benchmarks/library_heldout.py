"""A held-out-like test library from outside the 600: State Council regulations and laws, cited by local
regulations and judicial interpretations whose cited 《title》 is removed.

Issue 17's held-out figure (a library of 1,193 State Council documents the team does not have, 65 citing
documents outside it: @5 0.54, @1 0.31) is far below the figures on our own pairs, and our corpus holds no
more citation pairs (16 per development half). This builds a second library of the same kind from a public
collection of Chinese laws and regulations: the LawRefBook/Laws repository (github.com/LawRefBook/Laws, the
texts of flk.npc.gov.cn; official texts are outside copyright, PRC Copyright Law art. 5). Nothing of it is
committed: pass a checkout (or an exported tree) of it as ``--laws``; everything is built under ``--out``.

- **Library** (no catalog): the newest text of every 行政法规 (State Council regulations, 国务院令), of
  every law (法律: 宪法相关法, 民法商法, 行政法, 经济法, 社会法, 刑法, 诉讼与非诉讼程序法, 民法典, 宪法, 其他)
  and of every 部门规章 in the collection, one .txt each (title line, the publication lines, the body). A
  text whose title (with or without 中华人民共和国) is a title or published name of the 600 corpus documents
  is left out, so the library shares no document with ../shared/data/gov_corpus.
- **Citing documents**, outside the library: the 地方性法规 of seven provinces (DLC/) and the 司法解释. A
  document cites a library document when a 《》 title in it is that document's title (with or without
  中华人民共和国). Per citing document one cited regulation and one cited law are drawn (seeded); each
  cited document is cited by at most ``--cap`` citing documents (default 2), so no one regulation decides
  the figure; at most ``--pairs`` pairs per kind (default 150).
- **Protocol** as library_bench.py / CITATIONS.tsv: every in-text form of the cited title (with its 《》)
  and the cited document's 发文字号 (a 国务院令 number) are removed from the citing text; the figure is the
  cited document's rank among the recommendations (the documents the draft does not cite).

This is a test set: read it, do not choose on it. Regulations are cited by local regulations mostly in
their first article (根据《…条例》…，结合本市实际，制定本条例): the subject of the draft is the subject of the
regulation, the situation of a drafter looking for the national document under a local one. Laws are read
apart: every local regulation names its parent law, and a law library is not what the issue's held-out
library holds.

Usage: .venv/bin/python benchmarks/library_heldout.py --laws DIR --out DIR [--cap 2] [--pairs 150]
       [--seed 17] [--misses] [VARIANT ...]
  The first run builds the library, the citing texts, pairs.tsv and the index (embeddings included) in
  --out; later runs reuse them. VARIANT as in library_ablation.py (NAME=VALUE,...).
"""

from __future__ import annotations

import argparse
import functools
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from library_ablation import apply  # noqa: E402
from library_bench import CORPUS, _loose, number_pattern, recommended_rank  # noqa: E402

from gov_docs.document import read_document  # noqa: E402
from gov_docs.library import embedding  # noqa: E402
from gov_docs.library import recommend as R  # noqa: E402
from gov_docs.library.index import LibraryIndex  # noqa: E402

LAW_FOLDERS = ("宪法", "宪法相关法", "民法典", "民法商法", "行政法", "经济法", "社会法", "刑法",
               "诉讼与非诉讼程序法", "其他")
_DATED = re.compile(r"^(.*?)(?:\((\d{4}-\d{2}-\d{2})\))?\.md$")
_CITED = re.compile(r"《([^《》\n]{2,80})》")
_PUBLISHES = re.compile(r"(?:印发|发布|公布|转发)(?:了|修订后的)*《([^《》]{4,80})》")


def norm(title: str) -> str:
    """Return a title without spaces, brackets and quotes, and without a leading 中华人民共和国."""
    t = re.sub(r"[\s“”\"'（）()〈〉<>《》、\u3000]", "", title)
    return t.removeprefix("中华人民共和国")


def newest(folder: Path) -> list[Path]:
    """Return the newest version of every text under ``folder`` (the date in its file name)."""
    best: dict[tuple[Path, str], tuple[str, Path]] = {}
    for p in sorted(folder.rglob("*.md")):
        m = _DATED.match(p.name)
        if p.name.startswith("_") or not m:
            continue
        key = (p.parent, m.group(1))
        if key not in best or (m.group(2) or "") > best[key][0]:
            best[key] = (m.group(2) or "", p)
    return [p for _d, p in sorted(best.values(), key=lambda dp: str(dp[1]))]


def plain(md: str) -> tuple[str, str]:
    """Return (title, plain text) of a LawRefBook markdown text: heading marks and comments dropped."""
    lines = []
    for line in md.splitlines():
        line = line.strip()
        if not line or line.startswith("<!--") or line == "---":
            continue
        lines.append(line.lstrip("#").strip())
    title = lines[0] if lines else ""
    return title, "\n".join(lines) + "\n"


def corpus_titles() -> set[str]:
    """Return the normalised titles and published names of the 600 corpus documents."""
    out = set()
    for row in CORPUS.joinpath("MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        title = row.split("\t")[1].removesuffix(".txt")
        out |= {norm(n) for n in (_PUBLISHES.findall(title) or [])} | {norm(title)}
    return out


def build(laws: Path, out: Path, cap: int, limit: int, seed: int) -> None:
    """Write the library (out/lib), the citing texts (out/citing) and out/pairs.tsv."""
    known = corpus_titles()
    lib_of: dict[str, tuple[str, str]] = {}  # normalised title → (library file, kind)
    dropped = []
    for kind, folders in (("reg", ("行政法规",)), ("law", LAW_FOLDERS), ("rule", ("部门规章",))):
        for folder in folders:
            for p in newest(laws / folder):
                title, text = plain(p.read_text(encoding="utf-8"))
                key = norm(title)
                if len(key) < 4 or key in lib_of:
                    continue
                if key in known:
                    dropped.append(title)
                    continue
                name = f"lib/{kind}/{kind}{sum(k == kind for _f, k in lib_of.values()):04d}.txt"
                (out / name).parent.mkdir(parents=True, exist_ok=True)
                (out / name).write_text(text, encoding="utf-8")
                lib_of[key] = (name, kind)
    kinds = Counter(k for _f, k in lib_of.values())
    print(f"library: {len(lib_of)} documents ({kinds['reg']} 行政法规, {kinds['law']} 法律, "
          f"{kinds['rule']} 部门规章); left out as corpus documents: {len(dropped)} "
          f"({', '.join(dropped[:6])})")
    draw(laws, out, lib_of, "citing", "pairs.tsv", cap, limit, seed)


def library_titles(out: Path) -> dict[str, tuple[str, str]]:
    """Return normalised title → (library file, kind) of the library built in ``out``."""
    lib_of: dict[str, tuple[str, str]] = {}
    for p in sorted((out / "lib").rglob("*.txt")):
        title = p.read_text(encoding="utf-8").split("\n", 1)[0]
        lib_of.setdefault(norm(title), (str(p.relative_to(out)), p.parent.name))
    return lib_of


def draw(laws: Path, out: Path, lib_of: dict[str, tuple[str, str]], folder: str, pairs: str, cap: int,
         limit: int, seed: int, used_sources: frozenset[str] = frozenset(),
         used_cited: frozenset[str] = frozenset()) -> None:
    """Draw the pairs (one cited regulation and one cited law per citing document) into out/``pairs``, the
    citing texts into out/``folder``; citing documents in ``used_sources`` and cited documents in
    ``used_cited`` are left out (the development pairs share neither with the test pairs).
    """
    kind_of = dict(lib_of.values())
    citing = newest(laws / "DLC") + newest(laws / "司法解释")
    rng = random.Random(seed)
    rng.shuffle(citing)
    rows: dict[str, list[tuple[str, str, str]]] = {"reg": [], "law": []}
    per_cited: Counter = Counter()
    n_citing = 0
    for p in citing:
        if str(p.relative_to(laws)) in used_sources:
            continue
        title, text = plain(p.read_text(encoding="utf-8"))
        if norm(title) in lib_of:
            continue
        forms: dict[str, set[str]] = defaultdict(set)  # library file → the in-text forms citing it
        for cited in _CITED.findall(text):
            hit = lib_of.get(norm(cited))
            if hit and norm(cited) != norm(title):
                forms[hit[0]].add(cited)
        name = f"{folder}/c{n_citing:04d}.txt"
        used = False
        for kind in ("reg", "law"):
            options = sorted(f for f in forms
                             if kind_of[f] == kind and per_cited[f] < cap and f not in used_cited)
            if not options or len(rows[kind]) >= limit:
                continue
            pick = rng.choice(options)
            per_cited[pick] += 1
            rows[kind].append((name, pick, "|".join(sorted(forms[pick], key=len, reverse=True))))
            used = True
        if used:
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_text(text, encoding="utf-8")
            with (out / folder / "sources.tsv").open("a", encoding="utf-8") as f:
                f.write(f"{name}\t{p.relative_to(laws)}\n")
            n_citing += 1
    with (out / pairs).open("w", encoding="utf-8") as f:
        f.write("kind\tciting\tcited\tcited_forms\n")
        for kind, items in rows.items():
            f.writelines(f"{kind}\t{a}\t{c}\t{t}\n" for a, c, t in items)
    print(f"{pairs}: {len(rows['reg'])} citing a 行政法规, {len(rows['law'])} citing a law, from {n_citing} "
          f"citing documents (cap {cap} per cited document, seed {seed})")


def build_dev(laws: Path, out: Path, cap: int, limit: int, seed: int) -> None:
    """Draw development pairs (out/dev_pairs.tsv, texts in out/dev) sharing no citing and no cited document
    with the test pairs."""
    sources = (out / "citing" / "sources.tsv").read_text(encoding="utf-8").splitlines()
    test = (out / "pairs.tsv").read_text(encoding="utf-8").splitlines()[1:]
    draw(laws, out, library_titles(out), "dev", "dev_pairs.tsv", cap, limit, seed + 1,
         frozenset(ln.split("\t")[1] for ln in sources), frozenset(ln.split("\t")[2] for ln in test))


def citing_document(path: Path, forms: list[str], number: str):
    """Return the citing document with every form of the cited title (and its 《》) and ``number`` removed."""
    doc = read_document(path)
    patterns = [_loose(t) for t in forms]
    nx = number_pattern(number) if number else None
    for i, p in enumerate(doc.paragraphs):
        text = p.text
        for rx in patterns:
            text = rx.sub("", re.sub(f"《{rx.pattern}》", "", text))
        if nx is not None:
            text = nx.sub("", text)
        if text != p.text:
            doc.paragraphs[i] = p.with_text(text)
    return doc


def figures(rk: list[int]) -> str:
    """Return '@1 / @5 / MRR (n)' (a rank beyond the depth counts 0 in the MRR)."""
    n = max(len(rk), 1)
    return (f"{sum(r <= 1 for r in rk) / n:.2f} / {sum(r <= 5 for r in rk) / n:.2f} / "
            f"{sum(1 / r for r in rk if r <= 50) / n:.3f} ({len(rk)})")


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--laws", type=Path, required=True, help="a checkout of LawRefBook/Laws")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--cap", type=int, default=2)
    ap.add_argument("--pairs", type=int, default=150)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--misses", action="store_true", help="list the regulation pairs not first")
    ap.add_argument("--dev", action="store_true",
                    help="the development pairs instead (no citing or cited document of the test pairs; "
                         "drawn on first use): choose on these, read the test pairs once after")
    ap.add_argument("variants", nargs="*")
    args = ap.parse_args()
    out = args.out
    if not (out / "pairs.tsv").exists():
        build(args.laws, out, args.cap, args.pairs, args.seed)
    if args.dev and not (out / "dev_pairs.tsv").exists():
        build_dev(args.laws, out, args.cap, args.pairs, args.seed)
    index = LibraryIndex(out / "index")
    if not index.exists():
        t0, c0 = time.perf_counter(), time.process_time()
        report = index.build([out / "lib"], workers=1)
        print(f"index: {report.added} documents, {time.perf_counter() - t0:.0f} s wall, "
              f"{time.process_time() - c0:.0f} s CPU (this process)")
    embedding.embed_query = functools.lru_cache(maxsize=None)(embedding.embed_query)
    view = R.library_view(index)
    lib = (out / "lib").resolve()
    pairs = out / ("dev_pairs.tsv" if args.dev else "pairs.tsv")
    rows = [ln.split("\t") for ln in pairs.read_text(encoding="utf-8").splitlines()[1:]]
    shipped = {k: getattr(R, k) for k in dir(R) if k.isupper() and isinstance(getattr(R, k), (int, float))}
    for spec in args.variants or [""]:
        apply(spec, shipped)
        ranks: dict[str, list[int]] = defaultdict(list)
        for kind, citing, cited, forms in rows:
            target = str(lib / cited.removeprefix("lib/"))
            facts = view.facts.get(target)
            doc = citing_document(out / citing, forms.split("|"), facts.doc_number if facts else "")
            rank = recommended_rank(R.rank(index, doc, explain=False), target, 50)
            ranks[kind].append(rank)
            if args.misses and kind == "reg" and rank > 1:
                shown = rank if rank <= 50 else ">50"
                print(f"    {citing} → {cited} rank {shown}  《{forms.split('|')[0]}》")
        print(f"{spec or 'shipped':40s} | 行政法规 {figures(ranks['reg'])} | 法律 {figures(ranks['law'])}",
              flush=True)
    apply("", shipped)
    return 0


if __name__ == "__main__":
    sys.exit(main())
