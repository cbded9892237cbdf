"""Routing and archiving accuracy on 40 hand-labelled corpus documents
(benchmarks/data/routing_archiving_labels.tsv).

Routing is measured twice: from the responsibilities file and the text alone, and with recorded history.
History is simulated leave-one-out: for each labelled document, a fresh store holds the labelled decisions
(lead and participants, with their texts) of the other 39 documents, as if a clerk had accepted or corrected
the suggestions for them before; the document itself is never in its own history. Those 39 are on other
subjects, so this shows what unrelated history does (it should do nothing).

A third measurement simulates history of a *similar* document: each labelled document is cut in two at the
middle of its body; the first half (without the title) stands for an earlier document on the same subject
that the office routed as labelled, and is recorded with the labelled decision beside the other 39; the second
half with the title is the new document. Routing of the second halves without any history is given beside it.

Both histories are measured twice: with the decisions alone (a clerk who typed them in), and with what the
clerk was shown recorded beside each decision (as the app records 采纳拟办: the suggestion for that document
without history), so the memory can read which departments the clerk struck from a suggestion or added to it.

``--labels benchmarks/data/routing_blind_labels.tsv``: the 24 blind labels (session 13: written before the
router was run on those documents; a note column after the participants is ignored).

Usage: .venv/bin/python benchmarks/handling_eval.py [--show-misses] [--labels FILE]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gov_docs.document import document_from_text, read_document  # noqa: E402
from gov_docs.document.model import Role  # noqa: E402
from gov_docs.handling.archiving import suggest_archiving  # noqa: E402
from gov_docs.handling.routing import suggest_routing  # noqa: E402
from gov_docs.library.comments import CommentStore  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "gov_corpus"
LABELS = ROOT / "benchmarks" / "data" / "routing_archiving_labels.tsv"


def _parts(field: str) -> set[str]:
    return set() if field.strip() in ("", "-") else set(field.strip().split("、"))


def score(results: list[tuple[str, str, set[str], set[str]]]) -> tuple[float, float, float, float, float]:
    """Return (lead accuracy, participant precision, recall, micro F1, exact participant sets)."""
    lead_ok = sum(gold == got for gold, got, _g, _p in results)
    tp = sum(len(g & p) for _l, _s, g, p in results)
    fp = sum(len(p - g) for _l, _s, g, p in results)
    fn = sum(len(g - p) for _l, _s, g, p in results)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    exact = sum(g == p for _l, _s, g, p in results)
    n = len(results)
    return lead_ok / n, precision, recall, f1, exact / n


def halves(doc) -> tuple[str, str]:
    """Return (first half of the body, title and second half of the body) of a document."""
    body = [p.text for p in doc.paragraphs if p.role is not Role.TITLE and p.text.strip()]
    cut = len(body) // 2
    return "\n".join(body[:cut]), "\n".join([doc.title, *body[cut:]])


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--labels", type=Path, default=LABELS)
    args = ap.parse_args()
    rows = [ln.split("\t")[:4] for ln in args.labels.read_text(encoding="utf-8").splitlines() if ln
            and not ln.startswith("#")][1:]
    docs = {name: read_document(CORPUS / name) for name, *_ in rows}
    plain, remembered, half_plain, half_similar = [], [], [], []
    remembered_c, half_similar_c = [], []
    ret_ok = lead_top2 = 0
    # what the office was shown for each labelled document (no history): recorded beside the decision in
    # the corrected-history simulations, as the app does when a clerk accepts or edits a suggestion
    shown = {name: suggest_routing(docs[name]) for name, *_ in rows}
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, lead, retention, participants) in enumerate(rows):
            doc = docs[name]
            gold = _parts(participants)
            r = shown[name]
            plain.append((lead, r.lead, gold, set(r.participants)))
            lead_top2 += lead in [r.lead, *r.participants[:1]]
            store = CommentStore(Path(tmp) / f"loo-{i}.sqlite")
            for other, o_lead, _ret, o_parts in rows:
                if other != name:
                    store.add_routing(other, o_lead, sorted(_parts(o_parts)), docs[other].title,
                                      doc_text=docs[other].text)
            h = suggest_routing(doc, store=store)
            remembered.append((lead, h.lead, gold, set(h.participants)))
            first, second = halves(doc)
            new_doc = document_from_text(second)
            hp = suggest_routing(new_doc)
            half_plain.append((lead, hp.lead, gold, set(hp.participants)))
            store.add_routing(f"{name}#earlier", lead, sorted(gold), "", doc_text=first)
            hs = suggest_routing(new_doc, store=store)
            store.close()
            half_similar.append((lead, hs.lead, gold, set(hs.participants)))
            # the same histories with what the clerk was shown recorded beside each decision
            store = CommentStore(Path(tmp) / f"loo-c-{i}.sqlite")
            for other, o_lead, _ret, o_parts in rows:
                if other != name:
                    store.add_routing(other, o_lead, sorted(_parts(o_parts)), docs[other].title,
                                      doc_text=docs[other].text, suggested_lead=shown[other].lead,
                                      suggested_participants=shown[other].participants)
            hc = suggest_routing(doc, store=store)
            remembered_c.append((lead, hc.lead, gold, set(hc.participants)))
            earlier = suggest_routing(document_from_text(first))
            store.add_routing(f"{name}#earlier", lead, sorted(gold), "", doc_text=first,
                              suggested_lead=earlier.lead, suggested_participants=earlier.participants)
            hsc = suggest_routing(new_doc, store=store)
            store.close()
            half_similar_c.append((lead, hsc.lead, gold, set(hsc.participants)))
            a = suggest_archiving(doc)
            ret_ok += a.retention == retention
            if (args.show_misses
                and (r.lead != lead or set(r.participants) != gold or a.retention != retention)):
                print(f"{name} {doc.title[:24]} | lead {lead} → {r.lead} (history: {h.lead}) | participants "
                      f"{'、'.join(sorted(gold)) or '-'} → {'、'.join(r.participants) or '-'} (history: "
                      f"{'、'.join(h.participants) or '-'}) | retention {retention} → {a.retention}")
    n = len(rows)
    print(f"labelled documents: {n}")
    for label, results in (("responsibilities file and text", plain),
                           ("with recorded history (leave-one-out over the other 39 labelled decisions)",
                            remembered),
                           ("second halves of the documents, no history", half_plain),
                           ("second halves, with the first half recorded as a similar earlier document",
                            half_similar),
                           ("with recorded history, what the clerk was shown recorded beside each decision",
                            remembered_c),
                           ("second halves, the first half recorded with what the clerk was shown for it",
                            half_similar_c)):
        lead, p, r, f1, exact = score(results)
        print(f"routing, {label}: lead accuracy {lead:.2f}; participants precision {p:.2f}, recall {r:.2f}, "
              f"F1 {f1:.2f}, exact sets {exact:.2f}")
    print(f"lead in the top two (no history): {lead_top2 / n:.2f}")
    print(f"retention period accuracy: {ret_ok / n:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
