"""Co-citation (issue 17, session 4): a draft citing 《A》 is pointed to what the library's documents citing
A also cite. Real corpus documents, a real index: four 三定 规定 (g0156, g0160, g0579, g0580) each
cite 《中共中央关于深化党和国家机构改革的决定》 (not in the library), 《国务院机构改革方案》 and
《深化党和国家机构改革方案》 (g0127, in the library)."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

import pytest

from gov_docs.document import document_from_text, read_document
from gov_docs.library import recommend as R
from gov_docs.library.index import LibraryIndex

CITERS = ["g0156.txt", "g0160.txt", "g0579.txt", "g0580.txt"]
OTHERS = ["g0127.txt", "g0120.txt", "g0121.txt", "g0200.txt", "g0357.txt", "g0413.txt"]
PLAN = "深化党和国家机构改革方案"


@pytest.fixture(scope="module")
def cocite_library(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> tuple[LibraryIndex, Path]:
    root = tmp_path_factory.mktemp("cocite")
    docs = root / "docs"
    docs.mkdir()
    for name in CITERS + OTHERS:
        shutil.copy(corpus_dir / name, docs / name)
    index = LibraryIndex(root / "index")
    assert index.build([docs]).added == len(CITERS + OTHERS)
    return index, docs


def _ranked(index: LibraryIndex, draft) -> dict:
    return {Path(r.path).name: (i, r) for i, r in enumerate(R.recommend(index, draft, top=10, explain=False))}


DRAFT = ("某市应急管理局职能配置、内设机构和人员编制规定\n"
         "第一条　根据《中共中央关于深化党和国家机构改革的决定》和《国务院机构改革方案》，"
         "制定本规定。\n第二条　市应急管理局是市政府工作部门，为正处级。\n"
         "第三条　市应急管理局贯彻落实党中央关于应急管理工作的方针政策和决策部署。")


def test_a_document_cited_beside_the_drafts_citations_is_recommended_with_the_reason(
        cocite_library, monkeypatch) -> None:
    index, _ = cocite_library
    draft = document_from_text(DRAFT)
    place, rec = _ranked(index, draft)["g0127.txt"]
    assert place == 0
    why = [r for r in rec.reasons if "一并引用" in r]
    assert why and why[0].startswith("库中 4 篇文件将其与文中引用的《")  # the four 规定, each counted once
    weight = R.W_COCITED
    monkeypatch.setattr(R, "W_COCITED", 0.0)
    without = _ranked(index, draft).get("g0127.txt")
    assert without is not None and not any("一并引用" in r for r in without[1].reasons)
    # its score loses exactly the co-citation term, whatever its place
    assert rec.score - without[1].score == pytest.approx(weight * math.log1p(4), abs=2e-4)


def test_the_drafts_own_library_copy_never_counts_as_a_co_citer(cocite_library) -> None:
    """g0156 with 《深化党和国家机构改革方案》 removed: its own copy in the library still cites the plan, but
    only the three other 规定 count."""
    index, docs = cocite_library
    doc = read_document(docs / "g0156.txt")
    for i, p in enumerate(doc.paragraphs):
        text = re.sub(f"《{PLAN}》", "", p.text)
        if text != p.text:
            doc.paragraphs[i] = p.with_text(text)
    place, rec = _ranked(index, doc)["g0127.txt"]
    assert any(r.startswith("库中 3 篇文件") and "一并引用" in r for r in rec.reasons)
    assert place < 3


def test_a_draft_without_citations_gets_no_co_citation(cocite_library) -> None:
    index, _ = cocite_library
    recs = R.recommend(index, re.sub(r"《[^》]*》", "有关规定", DRAFT), top=10, explain=False)
    assert not any("一并引用" in r for rec in recs for r in rec.reasons)


def test_a_title_cited_without_its_organ_is_the_library_document(cocite_library) -> None:
    """国务院办公厅印发的《关于加强政府网站域名管理的通知》 names g0357 (国务院办公厅关于加强政府网站
    域名管理的通知): the organ stands outside the 《》."""
    index, _ = cocite_library
    view = R.library_view(index)
    full = view.match("国务院办公厅关于加强政府网站域名管理的通知")
    assert full and view.match("关于加强政府网站域名管理的通知") == full
    draft = document_from_text("关于做好本市政府网站域名工作的通知\n各区人民政府：\n按照国务院办公厅印发的"
                               "《关于加强政府网站域名管理的通知》要求，现就有关事项通知如下。")
    recs, cited = R.related(index, draft, top=1)
    assert [Path(c.path).name for c in cited] == ["g0357.txt"] and recs and recs[0].path != cited[0].path
    assert cited[0].reasons == ["文中引用《关于加强政府网站域名管理的通知》"]


def test_a_bare_title_two_documents_share_names_neither(corpus_dir, tmp_path) -> None:
    """g0357 and a province's copy of it (its first title line changed to 某省人民政府办公厅): 《关于加强政府
    网站域名管理的通知》 could be either, so it names neither; each full title still names its own."""
    assert R._bare_title("国务院办公厅关于加强政府网站域名管理的通知") == "关于加强政府网站域名管理的通知"
    assert R._bare_title("关于加强政府网站域名管理的通知") == ""  # no organ before 关于
    assert R._bare_title("国务院关于X的通知") == ""  # too short to name one document
    docs = tmp_path / "docs"
    docs.mkdir()
    text = (corpus_dir / "g0357.txt").read_text(encoding="utf-8")
    (docs / "g0357.txt").write_text(text, encoding="utf-8")
    (docs / "province.txt").write_text(text.replace("国务院办公厅关于", "某省人民政府办公厅关于", 1),
                                       encoding="utf-8")
    index = LibraryIndex(tmp_path / "index")
    index.build([docs], embed=False, workers=1)
    view = R.library_view(index)
    assert view.match("关于加强政府网站域名管理的通知") is None
    assert Path(view.match("国务院办公厅关于加强政府网站域名管理的通知")).name == "g0357.txt"
    assert Path(view.match("某省人民政府办公厅关于加强政府网站域名管理的通知")).name == "province.txt"


def test_the_strict_benchmark_protocol_takes_sibling_citers_out_of_the_library(cocite_library,
                                                                                monkeypatch) -> None:
    """benchmarks/library_strict.py (session 6): under ``group`` the other documents citing the cited one
    are gone from the library — no recommendation, no co-citation through them; ``group1`` keeps one."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from library_strict import Library

    index, docs = cocite_library
    for name in ("library_view", "_content_scores", "semantic_scores"):  # restored after the test
        monkeypatch.setattr(R, name, getattr(R, name))
    lib = Library(index)
    citers = {str(lib.lib / n) for n in CITERS}
    assert lib.left_out("group", "g0156.txt", "g0127.txt", {}) == citers - {str(lib.lib / "g0156.txt")}
    assert lib.left_out("group1", "g0156.txt", "g0127.txt", {}) == {str(lib.lib / n) for n in CITERS[2:]}
    assert lib.left_out("usual", "g0156.txt", "g0127.txt", {}) == set()
    draft = document_from_text(DRAFT)
    lib.gone = citers
    recs = R.recommend(index, draft, top=10)
    assert recs and not {r.path for r in recs} & citers
    assert not any("一并引用" in r for rec in recs for r in rec.reasons)  # its only co-citers are gone
    lib.gone = set()
    assert any("一并引用" in r for rec in R.recommend(index, draft, top=10) for r in rec.reasons)
