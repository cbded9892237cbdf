"""Count restatements across sections in the drafts of draft_quality.py: sentences whose e5 passage cosine
to a sentence of an EARLIER section is >= 0.98 (the cleaner's bar) or >= 0.97.

Usage: .venv/bin/python benchmarks/draft_restatements.py benchmarks/data/draft_quality.jsonl 1.5b+ex
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def sections(text: str) -> list[list[str]]:
    """Return the sentences (8+ Chinese characters) of each 一级 section of a draft's text."""
    from gov_docs.llm.cleaning import SENTENCE

    secs: list[list[str]] = []
    for line in text.split("\n"):
        if re.match(r"^[一二三四五六七八九十]、", line):
            secs.append([])
        elif secs and len(line) > 20 and not line.startswith("（"):
            secs[-1] += [s for s in SENTENCE.findall(line) if len(re.sub(r"[^\u4e00-\u9fff]", "", s)) >= 8]
    return secs


def main() -> int:  # noqa: D103
    from gov_docs.library.embedding import embed_passages

    path, cfg = sys.argv[1], sys.argv[2]
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    drafts = total = high = near = 0
    for r in rows:
        if r["config"] != cfg:
            continue
        sents = [(i, s) for i, ss in enumerate(sections(r["text"])) for s in ss]
        if len(sents) < 2:
            continue
        vectors = embed_passages([s for _, s in sents])
        sims = vectors @ vectors.T
        drafts += 1
        total += len(sents)
        for b in range(len(sents)):
            earlier = [sims[a, b] for a in range(b) if sents[a][0] < sents[b][0]]
            if earlier:
                high += max(earlier) >= 0.98
                near += max(earlier) >= 0.97
    print(f"{path} {cfg}: drafts {drafts}, sentences {total}, restating an earlier section: "
          f">=0.98 {high} ({high / max(total, 1):.1%}), >=0.97 {near} ({near / max(total, 1):.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
