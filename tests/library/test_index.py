"""The library index: build, search with filters and substrings, incremental update, interrupted builds."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gov_docs.library.index import LibraryError, LibraryIndex
from gov_docs.library.question import ask, parse_question

ROOT = Path(__file__).resolve().parent.parent.parent


def test_search_words_substrings_and_filters(library) -> None:
    index, _ = library
    hits = index.search("民政服务机构")
    assert Path(hits[0].path).name == "g0570.txt"
    assert "民政服务机构" in hits[0].title and hits[0].date == dt.date(2020, 2, 28)
    # a substring that is not a jieba word still finds the document through the bigram field
    assert any(Path(h.path).name == "g0570.txt" for h in index.search("务机构疫"))
    assert all(h.doc_type == "批复" for h in index.search("开发区", doc_type="批复"))
    assert [Path(h.path).name for h in index.search("高新技术产业开发区", year=2018)] == ["g0250.txt"]
    assert all(h.organ == "国务院办公厅" for h in index.search("政府网站", organ="国务院办公厅"))


def test_missing_index_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="不存在.*index build"):
        LibraryIndex(tmp_path / "none").search("x")


def test_question_with_time_words() -> None:
    topic, date_from, date_to, year = parse_question("这两天基层治理方面发了新文件吗？",
                                                     today=dt.date(2026, 11, 22))
    assert topic == "基层治理" and date_from == dt.date(2026, 11, 19) and date_to == dt.date(2026, 11, 22)
    topic, _f, _t, year = parse_question("今年有哪些关于养老服务的通知？", today=dt.date(2026, 11, 22))
    assert topic == "养老服务" and year == 2026  # not "养老服务的" (the answer quotes the topic)


def test_ask_filters_by_date(library) -> None:
    index, _ = library
    parsed, hits = ask(index, "最近疫情防控方面发了新文件吗？", today=dt.date(2020, 3, 10))
    assert parsed["topic"] == "疫情防控"
    assert hits and all(dt.date(2019, 12, 1) <= h.date <= dt.date(2020, 3, 10) for h in hits)


def test_incremental_update(tmp_path: Path, corpus_dir: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("g0250.txt", "g0001.txt", "g0420.txt"):
        shutil.copy(corpus_dir / name, docs / name)
    index = LibraryIndex(tmp_path / "index")
    index.build([docs], workers=1)
    (docs / "g0001.txt").unlink()
    shutil.copy(corpus_dir / "g0570.txt", docs / "g0570.txt")
    changed = docs / "g0250.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n补充说明：增加紫菜加工园区。\n",
                       encoding="utf-8")
    report = index.update()
    assert (report.added, report.updated, report.deleted, report.unchanged) == (1, 1, 1, 1)
    assert index.stats()["documents"] == 3
    assert [Path(h.path).name for h in index.search("紫菜加工园区")] == ["g0250.txt"]
    again = index.update()
    assert (again.added, again.updated, again.deleted, again.unchanged) == (0, 0, 0, 3)


def test_killed_build_leaves_the_old_index_and_a_rerun_completes(tmp_path: Path, corpus_dir: Path) -> None:
    index_dir = tmp_path / "index"
    small = tmp_path / "small"
    small.mkdir()
    shutil.copy(corpus_dir / "g0250.txt", small / "g0250.txt")
    LibraryIndex(index_dir).build([small], workers=1)
    proc = subprocess.Popen(
        [sys.executable, "-m", "gov_docs.cli", "index", "build", str(corpus_dir), "--index",
                             str(index_dir)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(4)
    proc.kill()
    proc.wait()
    old = LibraryIndex(index_dir)
    assert old.stats()["documents"] == 1
    assert [Path(h.path).name for h in old.search("高新技术产业开发区")] == ["g0250.txt"]
    rerun = LibraryIndex(index_dir).build([small, corpus_dir / "g0001.txt"], workers=1)
    assert rerun.added == 2 and not list(tmp_path.glob(".index.building-*"))


def test_questions_always_get_an_answer(library) -> None:
    from gov_docs.library.question import answer

    index, _ = library
    late = dt.date(2030, 1, 10)
    a = answer(index, "这两天疫情防控方面发了新文件吗？", today=late)
    assert a.fallback == "recent" and a.hits
    assert a.message.startswith("这两天没有“疫情防控”方面的新文件；最近的相关文件是《")
    assert a.hits[0].date and a.hits[0].date.isoformat() in a.message
    dates = [h.date for h in a.hits if h.date]
    assert dates == sorted(dates, reverse=True)
    b = answer(index, "最近发了什么文件？", today=late)
    assert b.hits and "没有新文件；最新的文件是《" in b.message
    c = answer(index, "民政服务机构", today=late)
    assert not c.fallback and "民政服务机构" in c.hits[0].title and "共找到" in c.message
    first = c.hits[0]
    assert (first.marks
            and all(first.snippet[s:e] in ("民政服务机构", "民政", "服务", "机构") for s, e in first.marks))
