"""Paired marks (punctuation.unbalanced-pairs): a title set over several paragraphs is one unit, and a mark
left open at the end of a paragraph may close a few paragraphs later (hard returns, 题注)."""

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


def test_a_sentence_broken_by_hard_returns_is_balanced_as_a_whole(checker: Checker) -> None:
    """A clerk pressing Enter at the end of each line, and a regulation's 题注 set over three lines
    (g0151 of the corpus): the marks are complete, so nothing is "missing half"."""
    doc = document_from_text("关于做好检查工作的通知\n各单位：\n按照《某某市安全生产\n条例》执行（具体\n"
                             "办法另行通知）。\n"
                             "（1995年11月22日中华人民共和国国务院令第186号发布\n\n"
                             "2020年8月3日中华人民共和国国务院令第729号修订）\n"
                             "某某局\n2024年3月5日\n")
    assert _pairs(checker, doc) == []


def test_a_mark_never_closed_nearby_is_still_flagged_where_it_opens(checker: Checker) -> None:
    doc = document_from_text("关于做好检查工作的通知\n各单位：\n按照《某某市安全生产条例执行。\n"
                             "一、加强组织领导\n二、压实工作责任\n三、强化督促检查\n四、做好总结\n"
                             "五、其他事项\n六、附则\n》\n某某局\n2024年3月5日\n")
    body = {doc.paragraphs[i].text: i for i in range(len(doc.paragraphs))}
    assert _pairs(checker, doc) == [(body["按照《某某市安全生产条例执行。"], 2, "《"), (body["》"], 0, "》")]


def test_an_edit_that_closes_a_mark_rechecks_the_line_that_opened_it() -> None:
    from gov_docs import api

    od = api.from_text("关于做好检查工作的通知\n各单位：\n按照《某某市安全生产\n条例执行。\n"
                       "某某局\n2024年3月5日\n",
                       checker=Checker(allow_list=AllowList(), categories=["punctuation"]))
    job = od.check_job(full=True)
    od.accept(job, job.run())
    assert [f.matched for f in od.findings if f.rule_id == RULE] == ["《"]
    second = next(i for i, p in enumerate(od.document.paragraphs) if p.text == "条例执行。")
    od.replace(second, 2, 2, "》")  # the clerk types the missing 》 on the next line
    job = od.check_job()
    assert second - 1 in job.changed  # the line with the 《 is checked again too
    od.accept(job, job.run())
    assert not [f for f in od.findings if f.rule_id == RULE]


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
