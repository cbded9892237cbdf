"""Signals that must hold beyond the corpus the ranking was tuned on (issue 17, session 3): authority
relative to the draft's own level, 发文字号 in any bracket or run into the words before it, and pages copied
from a policy library with their facts block. Real corpus documents, real index."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gov_docs.document import document_from_text, read_document
from gov_docs.library import recommend as R
from gov_docs.library.index import LibraryIndex
from gov_docs.library.records import page_facts, record_from_document


def _by_name(recs) -> dict:
    return {Path(r.path).name: r for r in recs}


def test_authority_counts_relative_to_the_drafts_own_level(library, monkeypatch) -> None:
    """A 国务院办公厅 draft: a 国务院 document and another 办公厅 document, both older, are at or above its
    level and get the same bonus; the per-level bonus (the earlier ranking, and still the one for a draft
    of unknown level) puts the 国务院 one a level's worth ahead."""
    index, docs = library
    draft = read_document(docs / "g0413.txt")  # 国务院办公厅…承办2025年第十五届全国运动会的函, 2021年8月21日

    def gap() -> tuple[float, object, object]:
        recs = _by_name(R.recommend(index, draft, top=20, explain=False))
        council, office = recs["g0200.txt"], recs["g0420.txt"]  # 国发〔2019〕18号 / 国办函〔2019〕66号
        return council.score - office.score, council, office

    relative, council, office = gap()
    assert "发文机关层级高于本文" in council.reasons and not any("层级" in r for r in office.reasons)
    monkeypatch.setattr(R, "AUTHORITY_RELATIVE", False)
    fixed, council, _office = gap()
    assert "发文机关层级较高" in council.reasons
    assert fixed - relative == pytest.approx(R.W_AUTHORITY_PER_LEVEL, abs=2e-4)


def test_a_draft_without_organ_keeps_the_per_level_bonus(library) -> None:
    index, _ = library
    recs = _by_name(R.recommend(index, "加强政府网站域名管理，规范事中事后监管。", top=20, explain=False))
    assert "发文机关层级较高" in recs["g0200.txt"].reasons  # 国务院, level 5, above the general offices


@pytest.mark.parametrize("mention", ["按照国办函[2018]55号文件要求", "（国办函（2018）第55号）",
                                     "根据国办函〔2018〕55号"])
def test_doc_number_in_any_bracket_or_run_into_words_is_a_citation(library, mention) -> None:
    index, _ = library
    draft = document_from_text(f"关于做好本市政府网站工作的通知\n各区人民政府：\n{mention}，"
                               "现就有关事项通知如下。")
    recs, cited = R.related(index, draft, top=3)
    assert [Path(c.path).name for c in cited] == ["g0357.txt"]  # 本文已引用, not a recommendation
    (how,) = cited[0].reasons
    assert how.startswith("文中引用国办函") and "55号" in how
    assert all(Path(r.path).name != "g0357.txt" for r in recs) and len(recs) == 3


def test_number_keys_never_match_another_year_or_serial() -> None:
    assert R.number_keys("国办函[2018]55号")[0] == R.number_keys("国办函〔2018〕55号")[0] == "国办函2018-55"
    assert "国办函2018-55" in R.number_keys("按照国办函〔2018〕55号")
    assert not {"国办函2018-5", "国办函2019-55"} & set(R.number_keys("国办函〔2018〕55号"))
    assert "国务院令-739" in R.number_keys("中华人民共和国国务院令第739号")


FACTS = ("索引号：000014349/2019-00090\n主题分类：综合政务\\其他\n"
         "发文机关：国务院    成文日期：2019年09月06日\n标题：国务院关于加强和规范事中事后监管的指导意见\n"
         "发文字号：国发〔2019〕18号    发布日期：2019年09月12日\n")


def test_a_page_copied_from_a_policy_library_keeps_its_title_number_and_date(corpus_dir, tmp_path) -> None:
    """The facts block above the text (as a government policy library shows it) gives the title, 发文字号,
    organ and date, even where the text's own title lines are missing; without the block the record of
    the same text falls back to the text's first line."""
    body = (corpus_dir / "g0200.txt").read_text(encoding="utf-8").split("\n", 3)[3]  # title and number gone
    page = tmp_path / "page.txt"
    page.write_text(FACTS + body, encoding="utf-8")
    doc = read_document(page)
    assert page_facts(doc)["发文字号"] == "国发〔2019〕18号"
    rec = record_from_document(doc, page)
    assert (rec.title, rec.doc_number, rec.organ, rec.date.isoformat()) == (
        "国务院关于加强和规范事中事后监管的指导意见", "国发〔2019〕18号", "国务院", "2019-09-06")
    bare = tmp_path / "bare.txt"
    bare.write_text(body, encoding="utf-8")
    assert record_from_document(read_document(bare), bare).doc_number == ""


def test_a_draft_citing_the_number_finds_the_copied_page(corpus_dir, tmp_path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    body = (corpus_dir / "g0200.txt").read_text(encoding="utf-8").split("\n", 3)[3]
    (docs / "page.txt").write_text(FACTS + body, encoding="utf-8")
    for name in ("g0357.txt", "g0420.txt", "g0278.txt"):
        shutil.copy(corpus_dir / name, docs / name)
    index = LibraryIndex(tmp_path / "index")
    index.build([docs], workers=1, embed=False)
    draft = document_from_text("关于贯彻落实国发[2019]18号文件的实施方案\n"
                               "为贯彻落实国发[2019]18号文件精神，制定本方案。")
    _recs, cited = R.related(index, draft, top=3)
    assert Path(cited[0].path).name == "page.txt" and cited[0].doc_number == "国发〔2019〕18号"
    assert cited[0].title == "国务院关于加强和规范事中事后监管的指导意见"
