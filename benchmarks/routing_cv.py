"""Would other participant thresholds route better? Five-fold cross-validation over the 40 labelled documents
(benchmarks/data/routing_archiving_labels.tsv): on each four fifths, the grid setting with the best
participant F1 is chosen; it routes the remaining fifth; the pooled figures are what a fitted setting would
give on documents it was not fitted on. Printed beside the shipped setting and the best in-sample setting.

Usage: .venv/bin/python benchmarks/routing_cv.py
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from handling_eval import CORPUS, LABELS, _parts, score  # noqa: E402

from gov_docs.document import read_document  # noqa: E402
from gov_docs.handling import routing as RT  # noqa: E402

GRID = {"MAX_PARTICIPANTS": [2, 3, 4, 6], "PARTICIPANT_SHARE": [0.15, 0.25, 0.35, 0.5],
        "PARTICIPANT_MIN_UNNAMED": [3.0, 5.0, 8.0], "DWELLS_PER_1000": [3.0, 5.0]}


def main() -> int:  # noqa: D103
    rows = [ln.split("\t") for ln in LABELS.read_text(encoding="utf-8").splitlines()
            if ln and not ln.startswith("#")][1:]
    docs = {name: read_document(CORPUS / name) for name, *_ in rows}
    shipped = {k: getattr(RT, k) for k in GRID}
    combos = [dict(zip(GRID, v, strict=True)) for v in itertools.product(*GRID.values())]
    routed: dict[tuple, dict] = {}

    def run(setting: dict, names: list[str]) -> list:
        key = tuple(sorted(setting.items()))
        if key not in routed:
            for k, v in setting.items():
                setattr(RT, k, v)
            routed[key] = {}
            for name, lead, _ret, parts in rows:
                r = RT.suggest_routing(docs[name])
                routed[key][name] = (lead, r.lead, _parts(parts), set(r.participants))
            for k, v in shipped.items():
                setattr(RT, k, v)
        return [routed[key][n] for n in names]

    names = [r[0] for r in rows]
    pooled = []
    for i in range(5):
        test = names[i::5]
        train = [n for n in names if n not in test]
        best = max(combos, key=lambda c: score(run(c, train))[3])
        pooled += run(best, test)
        print(f"fold {i + 1}: chosen {best}")

    def line(label: str, results: list) -> str:
        lead, p, r, f1, exact = score(results)
        return (f"{label}: lead accuracy {lead:.2f}; participants precision {p:.2f}, recall {r:.2f}, "
                f"F1 {f1:.2f}, exact sets {exact:.2f}")

    print(line("shipped setting", run(shipped, names)))
    best_all = max(combos, key=lambda c: score(run(c, names))[3])
    print(line(f"best setting in-sample {best_all}", run(best_all, names)))
    print(line("5-fold cross-validated (setting fitted on the other folds)", pooled))
    return 0


if __name__ == "__main__":
    sys.exit(main())
