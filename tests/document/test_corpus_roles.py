"""Role detection on the real corpus: a hand-checked sample of 20 documents and rates over all 600."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from gov_docs.document import Role, read_document

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "corpus_roles_sample.tsv"
ROOT = Path(__file__).resolve().parent.parent.parent


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _sample_rows() -> list[dict[str, str]]:
    lines = [ln for ln in SAMPLE.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, (ln.split("\t") + [""] * 6)[: len(header)], strict=True)) for ln in lines[1:]]


def _joined(doc, role: Role) -> str:
    return _norm("".join(p.text for p in doc.paragraphs if p.role is role))


@pytest.mark.parametrize("row", _sample_rows(), ids=lambda r: r["file"])
def test_hand_checked_sample(row: dict[str, str], corpus_dir: Path) -> None:
    doc = read_document(corpus_dir / row["file"])
    assert _norm(doc.title) == _norm(row["title"])
    numbers = [_norm(p.text) for p in doc.paragraphs if p.role is Role.DOC_NUMBER]
    assert (numbers[0] if numbers else "") == _norm(row["doc_number"])
    addressees = [_norm(p.text) for p in doc.paragraphs if p.role is Role.ADDRESSEE]
    assert (addressees[0] if addressees else "") == _norm(row["addressee"])
    assert _joined(doc, Role.SIGNATURE) == _norm(row["signature"])
    dates = [_norm(p.text) for p in doc.paragraphs if p.role is Role.DATE]
    assert (dates[0] if dates else "") == _norm(row["date"])


def test_rates_over_the_whole_corpus(corpus_dir: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from role_detection import evaluate

    stats = evaluate(corpus_dir)
    rates = {k: found / expected for k, (found, expected) in stats.items()}
    assert stats["标题"][1] > 300 and stats["发文字号"][1] > 350
    assert rates["标题"] >= 0.95
    assert rates["发文字号"] >= 0.98
    assert rates["主送机关"] >= 0.95
    assert rates["成文日期"] >= 0.98
    assert rates["发文机关署名"] >= 0.95
