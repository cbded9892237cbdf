"""List the corpus documents that cite another corpus document by its title in 《》, for the development
pairs of related-document recommendation (benchmarks/data/recommend_dev_pairs.tsv).

A cited title matches a corpus document when, without spaces and brackets, it equals the document's
catalog title (MANIFEST.tsv), a name the document publishes (印发《X》 in its title or first lines), or the
title without its issuing organ. Each candidate is marked TEST when the pair is in CITATIONS.tsv (never
to be used for choices) and DEV when it is already among the development pairs; the rest are new
candidates to read by hand before they are added.

Usage: .venv/bin/python benchmarks/find_citation_pairs.py
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "gov_corpus"
DEV_PAIRS = ROOT / "benchmarks" / "data" / "recommend_dev_pairs.tsv"
_PUBLISHES = re.compile(r"(?:印发|发布|公布|转发)(?:了|修订后的)*《([^《》]{4,80})》")


def norm(text: str) -> str:
    """Return the text without spaces, quotes and brackets."""
    return re.sub(r"[\s“”\"'（）()〈〉<>《》、\u3000]", "", text)


def without_organ(title: str) -> str:
    """Return the title from its 关于 on (the issuing organ dropped)."""
    t = norm(title)
    i = t.find("关于")
    return t[i:] if 0 <= i < 30 else t


def pairs_of(path: Path) -> set[tuple[str, str]]:
    """Return the (citing, cited) pairs of a pairs file."""
    return {tuple(ln.split("\t")[:2]) for ln in path.read_text(encoding="utf-8").splitlines()
            if ln and not ln.startswith(("#", "citing\t"))}


def main() -> int:  # noqa: D103
    rows = CORPUS.joinpath("MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    titles = {f: t.removesuffix(".txt") for f, t in (ln.split("\t") for ln in rows)}
    texts = {f: CORPUS.joinpath(f).read_text(encoding="utf-8") for f in titles}
    by_name: dict[str, set[str]] = defaultdict(set)
    for f, t in titles.items():
        by_name[norm(t)].add(f)
        by_name[without_organ(t)].add(f)
        for name in _PUBLISHES.findall(t) + _PUBLISHES.findall(texts[f][:400]):
            by_name[norm(name)].add(f)
    test, dev = pairs_of(CORPUS / "CITATIONS.tsv"), pairs_of(DEV_PAIRS)
    found = set()
    for f, text in texts.items():
        for cited in re.findall(r"《([^《》]{4,80})》", text):
            for g in by_name.get(norm(cited), set()) | by_name.get(without_organ(cited), set()):
                if g != f:
                    found.add((f, g, cited))
    for f, g, cited in sorted(found):
        mark = "TEST" if (f, g) in test else "DEV" if (f, g) in dev else "new"
        print(f"{mark}\t{f}\t{g}\t{cited}\t| {titles[g]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
