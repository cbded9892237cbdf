"""A clerk's question read as meant: abbreviations find the full forms, an organ narrows the documents."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from gov_docs.library.index import LibraryIndex
from gov_docs.library.question import answer, parse_question, topic_variants

#: g0273 (国务院, 残疾儿童康复救助) and g0354 (国务院办公厅) write 最低生活保障 and never 低保; the others
#: are about other things.
DOCS = ["g0273.txt", "g0354.txt", "g0250.txt", "g0357.txt", "g0001.txt", "g0212.txt"]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> LibraryIndex:
    root = tmp_path_factory.mktemp("question")
    (root / "docs").mkdir()
    for name in DOCS:
        shutil.copy(corpus_dir / name, root / "docs" / name)
    ix = LibraryIndex(root / "index")
    assert ix.build([root / "docs"]).added == len(DOCS)
    return ix


def test_an_abbreviation_also_finds_the_full_form(index: LibraryIndex) -> None:
    assert topic_variants("低保") == ["低保", "最低生活保障"]
    assert topic_variants("医保 改革")[1:] == ["医疗保障 改革", "医疗保险 改革"]
    assert topic_variants("最低生活保障") == ["最低生活保障"]  # written out already
    a = answer(index, "低保方面有哪些文件？", today=dt.date(2026, 12, 1))
    found = {Path(h.path).name for h in a.hits}
    assert {"g0273.txt", "g0354.txt"} <= found and not a.fallback
    assert "g0250.txt" not in found and "g0357.txt" not in found
    assert a.message.startswith("“低保”（含“最低生活保障”）方面共找到")


def test_an_organ_in_the_question_narrows_instead_of_being_searched(index: LibraryIndex) -> None:
    topic, *_ = parse_question("国务院办公厅关于最低生活保障的文件")
    assert topic.startswith("国务院办公厅")
    a = answer(index, "国务院办公厅关于最低生活保障的文件", today=dt.date(2026, 12, 1))
    assert [Path(h.path).name for h in a.hits] == ["g0354.txt"]
    assert a.message.startswith("国务院办公厅发布的“最低生活保障”方面共找到 1 篇")
    # 国务院 covers its 办公厅 too: a clerk asking for 国务院's documents means both
    b = answer(index, "国务院关于低保的文件", today=dt.date(2026, 12, 1))
    assert {Path(h.path).name for h in b.hits} == {"g0273.txt", "g0354.txt"}


def test_time_words_of_a_clerk(index: LibraryIndex) -> None:
    today = dt.date(2026, 12, 1)
    for words, days in (("上个月", 62), ("近半年", 183), ("前几天", 7)):
        topic, date_from, date_to, _ = parse_question(f"{words}关于食品安全的文件", today)
        assert (topic, date_from, date_to) == ("食品安全", today - dt.timedelta(days=days), today)
    a = answer(index, "上个月关于食品安全的文件", today=today)
    assert a.fallback == "recent"
    assert a.message.startswith("上个月没有“食品安全”方面的新文件；最近的相关文件是《")
    assert Path(a.hits[0].path).name == "g0212.txt"


def test_undated_documents_are_never_called_the_latest(tmp_path: Path, corpus_dir: Path) -> None:
    """新华社 items carry 5月23日电 but no year: none of them may be named "the latest" document."""
    (tmp_path / "docs").mkdir()
    for name in ("g0008.txt", "g0014.txt"):  # dateline 新华社北京9月25日电 / 5月23日电, no 成文日期
        shutil.copy(corpus_dir / name, tmp_path / "docs" / name)
    ix = LibraryIndex(tmp_path / "index")
    assert ix.build([tmp_path / "docs"], embed=False).added == 2
    today = dt.date(2026, 12, 1)
    a = answer(ix, "最近发了什么文件？", today=today)
    assert len(a.hits) == 2 and all(h.date is None for h in a.hits)
    assert "最新的文件是" not in a.message and "都没有可识别的成文日期" in a.message
    b = answer(ix, "近半年关于预算绩效管理的文件", today=today)
    assert b.fallback == "recent" and Path(b.hits[0].path).name == "g0008.txt"
    assert b.message.startswith("近半年没有“预算绩效管理”方面的新文件；相关文件都没有可识别的成文日期")


def test_question_words_leave_the_topic_as_meant() -> None:
    """Question words go, the subject's words stay: 新 in 新污染物 is the subject, in 新文件 it is not."""
    for question, topic in (("有没有关于新污染物治理的方案", "新污染物治理 方案"),
                            ("上个月有什么安全生产的文件", "安全生产"),
                            ("数字政府建设的指导意见是哪一年发的", "数字政府建设 指导意见"),
                            ("最近有新的创新政策吗", "创新"),
                            ("新能源汽车方面的最新政策", "新能源汽车"),
                            ("这两天基层治理方面发了新文件吗？", "基层治理"),
                            ("目的地旅游有什么文件", "目的地旅游"),
                            ("去年发布的关于数字政府建设的意见", "数字政府建设 意见"),
                            ("国务院出台的养老服务政策", "国务院 养老服务"),
                            ("政务信息发布的规定", "政务信息发布 规定")):
        assert parse_question(question, dt.date(2026, 12, 1))[0] == topic, question


def test_the_latest_documents_on_a_subject(index: LibraryIndex) -> None:
    """最新 asks which relevant document is the newest: newest first, the answer names it and its date."""
    a = answer(index, "关于最低生活保障的最新文件", today=dt.date(2026, 12, 1))
    assert a.topic == "最低生活保障" and a.fallback == "latest"
    dates = [h.date for h in a.hits]
    assert {"g0273.txt", "g0354.txt"} <= {Path(h.path).name for h in a.hits}
    assert dates == sorted(dates, reverse=True)
    latest = f"《{a.hits[0].title}》（{dates[0].isoformat()}）"
    assert a.message.startswith(f"“最低生活保障”方面最新的相关文件是{latest}")
    b = answer(index, "最新发了什么文件？", today=dt.date(2026, 12, 1))
    assert b.fallback == "latest" and b.message.startswith(f"最新的文件是《{b.hits[0].title}》")
    assert b.hits[0].date == max(h.date for h in b.hits if h.date)


def test_a_doc_number_finds_its_document_not_its_characters(index: LibraryIndex) -> None:
    """国办发〔2017〕52号 as a clerk types it: the document with that number, whatever the brackets."""
    for typed in ("国办发〔2017〕52号", "国办发[2017]52号", "国办发（2017）52号文件", "国办发〔2017〕52号？"):
        a = answer(index, typed, today=dt.date(2026, 12, 1))
        assert [Path(h.path).name for h in a.hits] == ["g0354.txt"], typed
        assert a.message == f"发文字号为“国办发〔2017〕52号”的文件是《{a.hits[0].title}》"
        assert "国办发" not in a.hits[0].snippet  # the opening sentence, not the title's first line
    b = answer(index, "国办发〔2017〕", today=dt.date(2026, 12, 1))
    assert [h.doc_number for h in b.hits] == ["国办发〔2017〕52号"]
    assert b.message.startswith("发文字号以“国办发〔2017〕”开头的文件共 1 篇")
    # a number the library does not hold: said so, not documents that merely contain 国、办、发
    c = answer(index, "国办发〔2017〕99号", today=dt.date(2026, 12, 1))
    assert c.hits == [] and c.message == "文档库中没有发文字号为“国办发〔2017〕99号”的文件，可能尚未收录"
