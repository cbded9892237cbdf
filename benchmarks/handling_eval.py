"""Routing and archiving accuracy on 40 hand-labelled corpus documents (benchmarks/data/routing_archiving_labels.tsv).

Usage: .venv/bin/python benchmarks/handling_eval.py [--show-misses]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gov_docs.document import read_document  # noqa: E402
from gov_docs.handling.archiving import suggest_archiving  # noqa: E402
from gov_docs.handling.routing import suggest_routing  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "gov_corpus"
LABELS = ROOT / "benchmarks" / "data" / "routing_archiving_labels.tsv"


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    rows = [ln.split("\t") for ln in LABELS.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")][1:]
    lead_ok = ret_ok = lead_top2 = 0
    for name, lead, retention in rows:
        doc = read_document(CORPUS / name)
        r = suggest_routing(doc)
        a = suggest_archiving(doc)
        lead_ok += r.lead == lead
        lead_top2 += lead in [r.lead, *r.participants[:1]]
        ret_ok += a.retention == retention
        if args.show_misses and (r.lead != lead or a.retention != retention):
            print(f"{name} {doc.title[:30]} | lead {lead} → {r.lead} | retention {retention} → {a.retention}")
    n = len(rows)
    print(f"labelled documents: {n}")
    print(f"lead department accuracy: {lead_ok / n:.2f} (in the top two: {lead_top2 / n:.2f})")
    print(f"retention period accuracy: {ret_ok / n:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
