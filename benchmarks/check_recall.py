"""Recall of the checks on the injected-error set (benchmarks/data/injected_errors.jsonl), per category.

A text case is caught when a finding of the expected category overlaps the injected span; a format case
when a format finding concerns the damaged property (its paragraph role or the page); a structure case
when a structure finding lands on the damaged paragraph. "Other findings" counts findings elsewhere in
the same sentence (text cases), a rough precision signal: the sentences come from published documents.

Usage: .venv/bin/python benchmarks/check_recall.py [--data FILE] [--rules DIR] [--show-misses CATEGORY]
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gov_docs.checks import AllowList, Checker, load_rules  # noqa: E402
from gov_docs.document import Role, document_from_text, read_document  # noqa: E402
from gov_docs.document.docx_writer import build_docx  # noqa: E402
from gov_docs.document.model import Document, PageSetup, Paragraph  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "gov_corpus"


def damaged_docx(case: dict, tmp: Path) -> tuple[Document, str]:
    """Typeset the case's corpus file, damage one property, read it back; return (doc, role or 'page')."""
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    from gov_docs.document.docx_edit import paragraph_elements

    src = read_document(CORPUS / case["file"])
    d = build_docx(src)
    dmg = case["damage"]
    if dmg["what"] in ("margins", "paper"):
        s = d.sections[0]
        for key, attr in (("top_mm", "top_margin"), ("left_mm", "left_margin"), ("width_mm", "page_width"),
                          ("height_mm", "page_height")):
            if key in dmg:
                setattr(s, attr, Mm(dmg[key]))
        target = "page"
    else:
        role = Role.parse(dmg["role"])
        target = dmg["role"]
        paras = paragraph_elements(d)
        idx = [i for i, p in enumerate(src.paragraphs) if p.role is role and p.text.strip()][:3]
        for i in idx:
            p = docx.text.paragraph.Paragraph(paras[i], d)
            if dmg["what"] == "font":
                for r in p.runs:
                    r._r.get_or_add_rPr().find(qn("w:rFonts")).set(qn("w:eastAsia"), dmg["font"])
            elif dmg["what"] == "size":
                for r in p.runs:
                    r.font.size = Pt(dmg["size"])
            elif dmg["what"] == "align":
                from docx.enum.text import WD_ALIGN_PARAGRAPH

                p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            elif dmg["what"] == "indent":
                ind = p._p.get_or_add_pPr().find(qn("w:ind"))
                ind.set(qn("w:firstLineChars"), "0")
                ind.set(qn("w:firstLine"), "0")
    buf = io.BytesIO()
    d.save(buf)
    path = tmp / "case.docx"
    path.write_bytes(buf.getvalue())
    return read_document(path), target


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT / "benchmarks" / "data" / "injected_errors.jsonl")
    ap.add_argument("--rules", type=Path, default=ROOT / "rules")
    ap.add_argument("--show-misses", default=None)
    args = ap.parse_args()
    checker = Checker(load_rules([args.rules]), allow_list=AllowList())
    cases = [json.loads(ln) for ln in args.data.read_text(encoding="utf-8").splitlines() if ln.strip()]
    caught: collections.Counter = collections.Counter()
    total: collections.Counter = collections.Counter()
    other: collections.Counter = collections.Counter()
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        for c in cases:
            cat = c["category"]
            total[cat] += 1
            want = "typo" if cat == "typo-other" else cat
            if c["kind"] == "text":
                doc = Document([Paragraph(c["text"], role=Role.BODY, role_locked=True)],
                               page=PageSetup.unknown())
                found = checker.check(doc)
                hit = [f for f in found if f.category.value == want and f.start < c["end"]
                       and c["start"] < f.end]
                other[cat] += sum(1 for f in found if not (f.start < c["end"] and c["start"] < f.end))
            elif c["kind"] == "docx":
                doc, target = damaged_docx(c, tmp)
                found = checker.check(doc)
                hit = [f for f in found if f.category.value == "format" and (
                    (target == "page" and f.scope == "document")
                    or (target != "page" and 0 <= f.paragraph < len(doc.paragraphs)
                        and doc.paragraphs[f.paragraph].role.value == target))]
            else:
                doc = document_from_text(c["text"])
                found = checker.check(doc)
                hit = [f for f in found if f.category.value == "structure"
                       and f.paragraph in (c["paragraph"], -1)]
            if hit:
                caught[cat] += 1
            elif args.show_misses == cat:
                print("MISS", c.get("note", c.get("damage")), c.get("text", c.get("file"))[:60])
    print(f"injected-error set: {len(cases)} cases from {args.data.name}")
    print(f"{'category':<12} {'caught':>6} {'cases':>6} {'recall':>7} {'other findings':>15}")
    for cat in total:
        print(f"{cat:<12} {caught[cat]:>6} {total[cat]:>6} {caught[cat] / total[cat]:>7.1%} {other[cat]:>15}")
    all_caught, all_total = sum(caught.values()), sum(total.values())
    print(f"{'all':<12} {all_caught:>6} {all_total:>6} {all_caught / all_total:>7.1%}")
    for w in checker.warnings:
        print(f"WARNING: {w}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
