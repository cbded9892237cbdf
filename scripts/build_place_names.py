"""Write resources/places/地名.txt: the place names of jieba's dictionary that are names of a city or county.

A word jieba tags as a place (ns) is often a common word too (深度, 满意度 are tagged ns); a word that is
also a place with its level added (宜春 → 宜春市, 丰城 → 丰城市, 舟山 → 舟山市) is the name of one. The
drafter uses the list to find, in a 范文's title and text, the places that document is about (see
gov_docs.llm.cleaning.exemplar_names). Run: .venv/bin/python scripts/build_place_names.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:  # noqa: D103
    import jieba

    tags: dict[str, str] = {}
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    names = sorted(w for w, t in tags.items() if t == "ns" and 2 <= len(w) <= 4
                   and any(tags.get(w + level) == "ns" for level in "市县省区州盟旗"))
    out = ROOT / "resources" / "places" / "地名.txt"
    out.write_text("\n".join(names) + "\n", encoding="utf-8")
    print(f"{out}: {len(names)} names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
