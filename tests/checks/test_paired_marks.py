"""Paired marks (punctuation.unbalanced-pairs): a title set over several paragraphs is one unit."""

from __future__ import annotations

from pathlib import Path

import pytest

from gov_docs.checks.allowlist import AllowList
from gov_docs.checks.engine import Checker
from gov_docs.document import Role, document_from_text, read_document

H12 = Path(__file__).resolve().parent.parent / "fixtures" / "real_docx" / "h12_two_line_addressee.docx"
RULE = "punctuation.unbalanced-pairs"


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(allow_list=AllowList(), categories=["punctuation"])


def _pairs(checker: Checker, doc) -> list[tuple[int, int, str]]:
    return [(f.paragraph, f.start, f.matched) for f in checker.check(doc) if f.rule_id == RULE]


def test_a_title_over_three_paragraphs_is_balanced_as_a_whole(checker: Checker) -> None:
    doc = read_document(H12)
    title = [i for i, p in enumerate(doc.paragraphs) if p.role is Role.TITLE]
    assert [doc.paragraphs[i].text for i in title] == [
        "江北市人民政府关于印发", "《江北市优化营商环境三年行动方案", "（2024—2026年）》的通知"]
    assert _pairs(checker, doc) == []  # 《 opens in the second line and closes in the third


def test_a_title_really_missing_its_closing_mark_is_still_flagged_where_it_opens(checker: Checker) -> None:
    doc = read_document(H12)
    title = [i for i, p in enumerate(doc.paragraphs) if p.role is Role.TITLE]
    last = doc.paragraphs[title[-1]]
    last.text = last.text.replace("》", "")
    assert _pairs(checker, doc) == [(title[1], 0, "《")]


def test_paragraphs_outside_the_title_are_still_their_own_unit(checker: Checker) -> None:
    doc = document_from_text("关于做好检查工作的通知\n各单位：\n按照《某某市安全生产\n》执行。\n"
                             "某某局\n2024年3月5日\n")
    body = [i for i, p in enumerate(doc.paragraphs) if p.role is Role.BODY]
    assert [doc.paragraphs[i].text for i in body] == ["按照《某某市安全生产", "》执行。"]
    assert _pairs(checker, doc) == [(body[0], 2, "《"), (body[1], 0, "》")]


def test_an_edit_to_one_title_line_rechecks_the_whole_title() -> None:
    from gov_docs import api

    od = api.open(H12, checker=Checker(allow_list=AllowList(), categories=["punctuation"]))
    title = [i for i, p in enumerate(od.document.paragraphs) if p.role is Role.TITLE]
    job = od.check_job(full=True)
    od.accept(job, job.run())
    assert not [f for f in od.findings if f.rule_id == RULE]
    text = od.document.paragraphs[title[-1]].text
    od.replace(title[-1], text.index("》"), text.index("》") + 1, "")  # the clerk deletes the 》 on line 3
    job = od.check_job()
    assert set(title) <= set(job.changed)  # the line with the 《 is checked again too
    od.accept(job, job.run())
    assert [(f.paragraph, f.matched) for f in od.findings if f.rule_id == RULE] == [(title[1], "《")]
