"""Recommendations for a draft, the drafting retriever, and review-comment history."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from gov_docs.document import document_from_text, read_document
from gov_docs.library.comments import CommentStore
from gov_docs.library.index import LibraryIndex
from gov_docs.library.recommend import rank, recommend, related
from gov_docs.library.retriever import LibraryRetriever

ROOT = Path(__file__).resolve().parent.parent.parent


def test_a_cited_document_is_listed_apart_and_never_recommended(library) -> None:
    """The lead's decision (session 10): a clerk gains nothing from being recommended what the draft already
    cites. g0155 cites g0570 by title and 发文字号: it is listed as 本文已引用 with its facts, and the five
    recommendations are five other documents."""
    index, docs = library
    draft = read_document(docs / "g0155.txt")
    recs, cited = related(index, draft, top=5)
    assert [Path(c.path).name for c in cited] == ["g0570.txt"]
    c = cited[0]
    assert c.relation == "本文已引用" and c.reasons and all(r.startswith("文中引用") for r in c.reasons)
    assert c.doc_number and c.organ and c.date  # the clerk sees which document it is
    assert len(recs) == 5 and not {"g0570.txt", "g0155.txt"} & {Path(r.path).name for r in recs}
    assert all(r.relation in ("上位文件", "法规依据", "相关主题") for r in recs)
    assert [r.path for r in recommend(index, draft, top=5)] == [r.path for r in recs]


def test_a_regulation_cited_is_listed_apart_and_one_not_cited_is_a_legal_basis(library) -> None:
    index, _ = library
    draft = document_from_text("某某市卫生健康委关于加强医疗器械使用管理的通知\n各区卫生健康局：\n"
                               "根据《医疗器械监督管理条例》，现就加强医疗器械使用管理通知如下。")
    recs, cited = related(index, draft, top=5)
    assert [Path(c.path).name for c in cited] == ["g0164.txt"]
    assert cited[0].reasons == ["文中引用《医疗器械监督管理条例》"]
    assert all(Path(r.path).name != "g0164.txt" for r in recs)
    # the same draft without the citation: the 条例 (a 国务院令, above a city's bureau) is its 法规依据
    uncited = document_from_text("某某市卫生健康委关于加强医疗器械使用管理的通知\n各区卫生健康局：\n"
                                 "为加强医疗器械监督管理，现就加强医疗器械使用管理通知如下。")
    recs, cited = related(index, uncited, top=5)
    law = [r for r in recs if r.relation == "法规依据"]
    assert not cited and law and Path(law[0].path).name == "g0164.txt"


def test_a_topic_from_above_is_the_superior_document(library) -> None:
    """A county's notice (主送 各县（区）) on the census: the State Council's notice on it (an untitled copy
    addressed to 各省、自治区、直辖市, so central) is its 上位文件 though the draft does not cite it."""
    index, _ = library
    draft = (
        "关于做好第二次全国污染源普查入户调查的通知\n各县（区）：\n请做好污染源普查清查建库和入户调查工作。")
    recs = recommend(index, draft, top=3)
    assert Path(recs[0].path).name == "g0278.txt" and recs[0].relation == "上位文件"
    # a draft of the same level (the State Council's, as its signature says) gets it as a topic
    same = ("国务院关于做好第二次全国污染源普查入户调查的通知\n各省、自治区、直辖市人民政府：\n"
            "请做好污染源普查清查建库和入户调查工作。")
    first = recommend(index, same, top=3)[0]
    assert Path(first.path).name == "g0278.txt" and first.relation == "相关主题"


def test_retriever_gives_passages_with_titles(library) -> None:
    index, _ = library
    passages = LibraryRetriever(index).related("关于做好养老服务机构疫情防控工作的通知 加强人员管理", top_k=2)
    assert len(passages) == 2 and passages[0].title and len(passages[0].text) >= 20


def test_comments_are_suggested_for_similar_drafts(library, tmp_path: Path) -> None:
    index, docs = library
    store = CommentStore(tmp_path / "history.sqlite")
    store.add(str(docs / "g0570.txt"), "“民政服务机构”应写全称，附件名称后不加句号。", reviewer="王审核",
              doc_title="民政服务机构疫情防控")
    draft = document_from_text("关于进一步做好养老服务机构疫情防控工作的通知\n各区民政局：\n"
                               "加强民政服务机构疫情防控，严格人员出入管理，做好物资保障。")
    suggested = store.suggest(index, draft)
    assert suggested and suggested[0][0].reviewer == "王审核" and "民政服务机构" in suggested[0][1]


def test_comment_store_survives_a_killed_writer(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    code = (
        "import sys\nfrom gov_docs.library.comments import CommentStore\n"
        f"s = CommentStore({str(db)!r})\n"
        "i = 0\nwhile True:\n    s.add('/x/doc.txt', '意见%d' % i, reviewer='r'); i += 1\n"
        "    if i == 50: print('ready', flush=True)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    proc.kill()
    proc.wait()
    store = CommentStore(db)
    assert store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    texts = [c.text for c in store.for_document("/x/doc.txt")]
    assert len(texts) >= 50 and texts == [f"意见{i}" for i in range(len(texts))]


def test_subject_mentioned_without_citation_recommends_the_regulation(library) -> None:
    index, _ = library
    draft = document_from_text("某某市残联关于做好残疾预防和残疾人康复服务工作的通知\n各区残联：\n"
                               "为做好残疾预防工作，提高残疾人康复服务水平，"
                               "现就残疾人康复服务有关事项通知如下。\n"
                               "一、加强残疾预防宣传。\n二、做好残疾人康复服务。\n某某市残联\n2021年3月1日")
    recs = recommend(index, draft, top=3)
    law = next(r for r in recs if Path(r.path).name == "g0590.txt")
    assert law.title == "残疾预防和残疾人康复条例" and any("涉及其主题" in r for r in law.reasons)


def test_documents_dated_after_the_draft_are_not_its_basis(library) -> None:
    """A regulation first published after the draft (残疾预防和残疾人康复条例, 2017) cannot be its basis and
    keeps half its score; the library's 2021 text of the 医疗器械监督管理条例 was first published in 2000, so
    a 2017 draft rests on an earlier text of it (session 11: it is no longer halved, and says so)."""
    index, _ = library
    text = ("某某市残联关于做好残疾预防和残疾人康复服务工作的通知\n各区残联：\n"
            "为做好残疾预防工作，提高残疾人康复服务水平，现就残疾人康复服务有关事项通知如下。\n"
            "某某市残联\n{date}")
    before = recommend(index, document_from_text(text.format(date="2016年3月1日")), top=5)
    after = recommend(index, document_from_text(text.format(date="2018年3月1日")), top=5)
    old = next(r for r in before if Path(r.path).name == "g0590.txt")
    new = next(r for r in after if Path(r.path).name == "g0590.txt")
    assert "成文日期晚于本文" in old.reasons and "成文日期晚于本文" not in new.reasons
    assert old.score < new.score and new.relation == "法规依据"
    devices = ("某某市卫生健康委关于加强医疗器械使用管理的通知\n各区卫生健康局：\n"
               "为加强医疗器械监督管理，现就加强医疗器械使用管理通知如下。\n某某市卫生健康委\n2017年3月1日")
    revised = next(r for r in recommend(index, document_from_text(devices), top=5)
                   if Path(r.path).name == "g0164.txt")  # the 2021 revision
    assert "成文日期晚于本文" not in revised.reasons
    assert "库中为本文之后的修订本（2000年首次公布）" in revised.reasons and revised.relation == "法规依据"


def test_concurrent_recommendations_agree(library) -> None:
    from concurrent.futures import ThreadPoolExecutor

    index, docs = library
    drafts = [read_document(docs / name) for name in ("g0155.txt", "g0273.txt", "g0212.txt", "g0278.txt")] * 3
    alone = [[r.path for r in recommend(index, d, top=5)] for d in drafts]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda d: [r.path for r in recommend(index, d, top=5)], drafts))
    assert together == alone


def test_winter_forest_fire_draft_rests_on_the_forest_fire_documents(tmp_path, corpus_dir) -> None:
    """The clerk's example: a 冬季森林防火 notice gets the 预案 and the 森林防火指挥部 notices, and the
    森林防火条例 the library lacks as 未收录 — with reasons that are words, not bare scores."""
    import shutil
    from pathlib import Path

    from gov_docs.document import read_document
    from gov_docs.library.index import LibraryIndex
    from gov_docs.library.recommend import missing_basis, recommend

    docs = tmp_path / "docs"
    docs.mkdir()
    forest = {"g0388.txt", "g0520.txt", "g0524.txt"}
    for name in sorted(forest | {p.name for p in sorted(corpus_dir.glob("g*.txt"))[::10]}):  # 63 documents
        shutil.copy(corpus_dir / name, docs / name)
    index = LibraryIndex(tmp_path / "index")
    index.build([docs], workers=1, embed=False)
    draft = read_document(Path(__file__).parent / "data" / "冬季森林防火通知.txt")
    recs = recommend(index, draft, top=5)
    assert Path(recs[0].path).name == "g0388.txt"  # 国家森林草原火灾应急预案
    assert forest <= {Path(r.path).name for r in recs}  # and both 森林防火指挥部 notices
    forest_recs = [r for r in recs if Path(r.path).name in forest]
    assert all(r.reasons[0].startswith("共同关键词：") and "森林" in r.reasons[0] for r in forest_recs)
    # the 省应急管理厅 ranks as a province's department: everything central is above it alike, so the
    # 中共中央 documents gain nothing over the 预案 (they did while the organ had no level)
    assert all(r.organ != "中共中央" for r in recs[:3])
    # the clerk's unsigned draft: its 主送 (各市、县（区）人民政府，省直有关部门) says where it stands
    unsigned = "\n".join(draft.text.strip().split("\n")[:-2])
    assert "省应急管理厅" not in unsigned
    recs = recommend(index, unsigned, top=5)
    assert Path(recs[0].path).name == "g0388.txt"
    assert forest <= {Path(r.path).name for r in recs}
    missing = missing_basis(index, draft)
    # the regulation on the draft's own subject first, then the law above it (法律名称.txt)
    assert [m.title for m in missing] == ["森林防火条例", "中华人民共和国森林法"]
    assert not missing[0].in_library and "未收录" in missing[0].reasons


def test_a_draft_on_a_national_law_s_subject_is_told_the_law() -> None:
    """政策法规标题.txt holds State Council documents only: a 安全生产 notice was told no 法规依据 at all,
    where every clerk cites the 安全生产法; a notice that only mentions 教育 once in passing gets no
    教育法.
    """
    from gov_docs.library.recommend import missing_basis

    text = ("关于进一步加强安全生产工作的通知\n各乡镇人民政府，县直各单位：\n为切实做好岁末年初安全生产工作，"
            "现将有关事项通知如下：\n一、强化隐患排查。要对重点企业全面排查，发现问题立即整改。\n"
            "县安全生产委员会办公室\n2026年12月1日")
    assert [m.title for m in missing_basis(None, text)] == ["中华人民共和国安全生产法"]
    other = ("关于做好2027年元旦春节期间有关工作的通知\n各单位：\n请做好值班安排，并加强安全教育。\n"
             "县人民政府办公室\n2026年12月20日")
    assert missing_basis(None, other) == []


def test_a_copy_of_a_library_document_does_not_recommend_itself(tmp_path: Path) -> None:
    """The clerk opens a copy (an e-mail attachment) of a document already in the library: its own 发文字号
    made the library's copy its 上位文件 ("文中引用江政发〔2021〕12号")."""
    real = ROOT / "tests" / "fixtures" / "real_docx"
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("01_notice_red_border.docx", "04_vml_rule.docx", "02_party_committee_drawn_rule.docx"):
        shutil.copy(real / name, docs / name)
    index = LibraryIndex(tmp_path / "index")
    index.build([docs])
    copy = tmp_path / "附件-01.docx"
    shutil.copy(real / "01_notice_red_border.docx", copy)
    recs = recommend(index, read_document(copy), top=10)
    assert recs  # the two other documents are still related
    assert all(Path(r.path).name != "01_notice_red_border.docx" for r in recs)


def test_two_versions_of_one_regulation_take_one_place(tmp_path: Path, corpus_dir: Path) -> None:
    """A library holding the 试行 version and the final one of a regulation shows the better-ranked one only,
    so versions do not crowd the other documents out of the top five."""
    from gov_docs.library import recommend as rec_module

    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("g0590.txt", "g0155.txt", "g0164.txt", "g0212.txt", "g0250.txt", "g0001.txt"):
        shutil.copy(corpus_dir / name, docs / name)
    real = (corpus_dir / "g0590.txt").read_text(encoding="utf-8")
    trial = real.replace("《残疾预防和残疾人康复条例》", "《残疾预防和残疾人康复条例（试行）》", 1)
    trial = trial.replace("第675号", "第601号", 1).replace("2017年2月7日", "2015年3月2日")
    (docs / "残疾预防条例试行.txt").write_text(trial, encoding="utf-8")
    index = LibraryIndex(tmp_path / "index")
    index.build([docs], workers=1, embed=False)
    draft = document_from_text("某某市残联关于做好残疾预防和残疾人康复服务工作的通知\n各区残联：\n"
                               "为做好残疾预防工作，提高残疾人康复服务水平，"
                               "现就残疾人康复服务有关事项通知如下。\n"
                               "一、加强残疾预防宣传。\n二、做好残疾人康复服务。\n某某市残联\n2021年3月1日")
    titles = [r.title for r in recommend(index, draft, top=5)]
    assert titles.count("残疾预防和残疾人康复条例") + titles.count("残疾预防和残疾人康复条例（试行）") == 1
    rec_module.DEDUP_VERSIONS = False
    try:
        both = [r.title for r in recommend(index, draft, top=5)]
    finally:
        rec_module.DEDUP_VERSIONS = True
    assert {"残疾预防和残疾人康复条例", "残疾预防和残疾人康复条例（试行）"} <= set(both)


def test_a_state_council_order_publishes_its_regulation_not_the_laws_it_cites(corpus_dir) -> None:
    """g0594 (国务院令第708号) publishes the 生产安全事故应急条例 and cites the 安全生产法 in its first lines:
    the library took it for the 安全生产法 too, so a 安全生产 draft was never told the law was missing."""
    from gov_docs.library.recommend import published_names

    def names(name: str) -> list[str]:
        text = (corpus_dir / name).read_text(encoding="utf-8")
        return published_names({"title": text.strip().splitlines()[0], "content": text})

    assert names("g0594.txt") == ["生产安全事故应急条例"]
    assert names("g0149.txt") == ["中华人民共和国民办教育促进法实施条例"]  # 现公布修订后的《…》
    assert names("g0599.txt") == ["行政区划管理条例"]  # not 宪法 nor the 组织法 it rests on


def test_a_regulation_known_by_its_amendment_is_named_and_a_repealed_one_is_not() -> None:
    """The title list names the 防汛条例 only in 国务院关于修改《中华人民共和国防汛条例》的决定: a 请示 on
    防汛抗旱 funds was told the 抗旱条例 and not it. A regulation the list says was repealed (废止《…》) is
    never recommended."""
    from gov_docs.library.recommend import missing_basis
    from gov_docs.library.regulations import regulations

    names = {r.name for r in regulations()}
    assert "中华人民共和国防汛条例" in names
    assert "中华人民共和国营业税暂行条例" not in names  # 国务院关于废止《中华人民共和国营业税暂行条例》…
    text = ("江北市应急管理局关于申请拨付2026年防汛抗旱物资储备经费的请示\n市人民政府：\n"
            "今年以来，我市防汛抗旱形势严峻，防汛抗旱物资储备不足。\n妥否，请批示。\n江北市应急管理局\n"
            "2026年12月2日")
    titles = [m.title for m in missing_basis(None, text)]
    assert {"中华人民共和国防汛条例", "中华人民共和国抗旱条例"} <= set(titles)


def test_a_notice_publishes_what_its_first_lines_hand_out(tmp_path: Path, corpus_dir: Path) -> None:
    """国务院关于印发“十三五”国家科技创新规划的通知 has no 《》 in its title: the library did not know it
    publishes 《“十三五”国家科技创新规划》, so a draft citing the plan got no 上位文件 (22 of the 25 corpus
    notices that say 现将《X》印发给你们)."""
    from gov_docs.library.recommend import published_names

    def names(name: str, title: str = "") -> list[str]:
        text = (corpus_dir / name).read_text(encoding="utf-8")
        return published_names({"title": title or text.strip().splitlines()[0], "content": text})

    assert names("g0211.txt") == ["“十三五”国家科技创新规划"]
    assert names("g0212.txt") == ["“十三五”国家食品安全规划", "“十三五”国家药品安全规划"]
    assert len(names("g0209.txt")) == 6 and names("g0209.txt")[0] == "中国（山东）自由贸易试验区总体方案"
    # 现将修订后的《国务院工作规则》印发给你们
    assert names("g0216.txt", "国务院关于印发《国务院工作规则》的通知") == ["国务院工作规则"]
    assert published_names({"title": "国务院办公厅关于印发国家残疾预防行动计划（2016—2020年）的通知",
                            "content": "各省、自治区、直辖市人民政府：\n经国务院同意，现印发给你们。"}) \
        == ["国家残疾预防行动计划（2016—2020年）"]
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("g0211.txt", "g0212.txt", "g0250.txt"):
        shutil.copy(corpus_dir / name, docs / name)
    index = LibraryIndex(tmp_path / "index")
    index.build([docs], workers=1, embed=False)
    draft = ("关于加快建设区域科技创新中心的实施意见\n各市人民政府，省直各部门：\n"
             "为贯彻落实《“十三五”国家药品安全规划》和《“十三五”国家科技创新规划》，提出如下意见。\n"
             "某某省人民政府\n2017年6月1日")
    recs, cited = related(index, draft, top=5)
    # listed apart as 本文已引用, in the order the draft cites them
    assert [(Path(c.path).name, c.reasons) for c in cited] == [
        ("g0212.txt", ["文中引用《“十三五”国家药品安全规划》"]),
        ("g0211.txt", ["文中引用《“十三五”国家科技创新规划》"])]
    assert [Path(r.path).name for r in recs] == ["g0250.txt"]


def test_an_untitled_copy_takes_its_level_from_its_addressees_and_a_state_council_draft_finds_it(
        tmp_path: Path, corpus_dir: Path) -> None:
    """g0217 (国务院 印发 the 中医药发展战略规划纲要) has no title lines: no organ, no 发文字号. Its level was
    unknown, so every central document ranked above it for a central draft; its 主送 (各省、自治区、直辖市人民
    政府，国务院各部委) says it comes from the centre. A 国务院 批复 resting on it (g0243, the cited title
    removed as in the benchmarks) finds it first among central documents of other subjects."""
    from gov_docs.library.recommend import library_view

    docs = tmp_path / "docs"
    docs.mkdir()
    names = ["g0217.txt", *(p.name for p in sorted(corpus_dir.glob("g*.txt"))[150:330:6])]  # 31 documents
    for name in names:
        shutil.copy(corpus_dir / name, docs / name)
    index = LibraryIndex(tmp_path / "index")
    index.build([docs], workers=1, embed=False)
    facts = library_view(index).facts[str((docs / "g0217.txt").resolve())]
    assert facts.organ == "" and facts.authority == 4
    draft = read_document(corpus_dir / "g0243.txt")
    cited = "《国务院关于印发中医药发展战略规划纲要（2016—2030年）的通知》"
    assert cited in draft.text
    draft.paragraphs[:] = [p.with_text(p.text.replace(cited, "")) for p in draft.paragraphs]
    # the 国务院's own level (5) is above the copy's (4, all its 主送 tells): a soft preference, not a wall —
    # at 0.6 per known level the 国务院 documents of other subjects ranked above it (third)
    recs = recommend(index, draft, top=5)
    assert Path(recs[0].path).name == "g0217.txt"


def test_the_meaning_query_reads_the_body_as_the_library_s_heads_do(corpus_dir: Path) -> None:
    """The draft's embedded query (title, then 100 characters) spent a third of them on its 发文字号 and 主送
    line, which the library's document heads never hold (passages.head_text: title and first passage)."""
    from gov_docs.library.recommend import _draft_opening, _draft_parts, semantic_query

    draft = read_document(corpus_dir / "g0574.txt")
    title, text, *_ = _draft_parts(draft)
    query = semantic_query(title, _draft_opening(draft, text))
    assert query.startswith(title)
    assert "国函" not in query and "北京市人民政府：" not in query
    assert "请示收悉" in query
    assert semantic_query("", _draft_opening("一段纯文本", "一段纯文本")) == "一段纯文本"


def test_a_reply_about_a_regulation_is_no_legal_basis(tmp_path: Path, corpus_dir: Path) -> None:
    """国务院关于同意在浙江省暂时调整实施有关行政法规规定的批复: its subject ends in 规定, so it counted as
    normative and was shown as 法规依据 — a 批复 is none. The 条例 and a notice publishing a 办法 are."""
    from gov_docs.library.recommend import REL_LAW, REL_TOPIC, _relation, library_view

    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("g0164.txt", "g0399.txt"):
        shutil.copy(corpus_dir / name, docs / name)
    (docs / "reply.txt").write_text("国务院关于同意在浙江省暂时调整实施有关行政法规规定的批复\n"
                                    "浙江省人民政府：\n你省关于暂时调整实施有关行政法规规定的请示收悉。现批复如下：\n"
                                    "一、同意在浙江省暂时调整实施有关行政法规规定。\n国务院\n2021年3月1日\n",
                                    encoding="utf-8")
    index = LibraryIndex(tmp_path / "index")
    index.build([docs], workers=1, embed=False)
    facts = {Path(p).name: f for p, f in library_view(index).facts.items()}
    assert facts["g0164.txt"].regulation and facts["g0399.txt"].regulation  # 条例; 印发…实施办法的通知
    reply = facts["reply.txt"]
    assert reply.normative and not reply.regulation  # the ranking's flag is unchanged
    assert _relation(reply, 1.0) != REL_LAW and _relation(facts["g0164.txt"], 1.0) == REL_LAW
    assert _relation(reply, 5.0) == REL_TOPIC  # a 国务院 draft: same level


def test_another_document_of_the_draft_s_series_is_a_model_not_its_basis(tmp_path: Path,
                                                                        corpus_dir: Path) -> None:
    """g0243 (the 批复 setting up the 国务院中医药工作部际联席会议) rests on the 中医药发展战略规划纲要
    (g0217); the library's other 联席会议 函 and 批复 share its words and its form, and took the first
    five places above the 纲要. Another document of the draft's own series (the same title with another
    subject) loses W_SIBLING × the share of the titles they have in common and says so."""
    from gov_docs.library import recommend as rec_module

    docs = tmp_path / "docs"
    docs.mkdir()
    series = ["g0421.txt", "g0418.txt", "g0424.txt", "g0423.txt", "g0419.txt", "g0420.txt", "g0429.txt"]
    names = ["g0217.txt", *series, *(p.name for p in sorted(corpus_dir.glob("g*.txt"))[150:330:12])]
    for name in names:
        shutil.copy(corpus_dir / name, docs / name)
    index = LibraryIndex(tmp_path / "index")
    index.build([docs], workers=1, embed=False)
    draft = read_document(corpus_dir / "g0243.txt")
    cited = "《国务院关于印发中医药发展战略规划纲要（2016—2030年）的通知》"
    assert cited in draft.text
    draft.paragraphs[:] = [p.with_text(p.text.replace(cited, "")) for p in draft.paragraphs]
    recs = recommend(index, draft, top=5)
    top = [Path(r.path).name for r in recs]
    assert "g0217.txt" in top[:2]
    assert sum(name in series for name in top) <= 2
    marked = [r for r in recs if "与本文同属一个系列（另一件同类文件）" in r.reasons]
    assert marked and all(Path(r.path).name in series for r in marked)
    saved = rec_module.W_SIBLING
    rec_module.W_SIBLING = 0.0
    try:
        before = [Path(r.path).name for r in recommend(index, draft, top=5)]
    finally:
        rec_module.W_SIBLING = saved
    assert "g0217.txt" not in before and all(name in series for name in before)


def test_a_series_is_read_from_the_title_s_form() -> None:
    """Titles of one series share their start and end and differ in the middle (a subject, a place, a year);
    a regulation, a plan's own name and a news item's sentence have no series form; one document is no
    sibling of itself or of its subject's own 意见."""
    from gov_docs.library.recommend import series_form, sibling_share

    hainan = series_form("国务院关于印发中国（海南）自由贸易试验区总体方案的通知")
    assert hainan == "中国海南自由贸易试验区总体方案"
    assert sibling_share(hainan, series_form("国务院关于印发中国（辽宁）自由贸易试验区总体方案的通知")) > 0.8
    trade = series_form("国务院办公厅关于同意建立国务院推进贸易高质量发展部际联席会议制度的函")
    assert sibling_share(trade, series_form("国务院办公厅关于同意建立市场监管部际联席会议制度的函")) > 0.4
    assert sibling_share(trade, series_form(
        "关于建立国务院中医药工作部际联席会议制度的批复（标题据正文）")) > 0.3
    inspection = series_form(
        "国务院办公厅关于对2019年落实有关重大政策措施真抓实干成效明显地方予以督查激励的通报")
    assert sibling_share(inspection, series_form(
        "国务院办公厅关于对2017年落实有关重大政策措施真抓实干成效明显地方予以督查激励的通报")) > 0.9
    household = series_form("国务院办公厅关于同意建立促进家政服务业提质扩容部际联席会议制度的函")
    assert sibling_share(household, series_form("国务院办公厅关于促进家政服务业提质扩容的意见")) == 0.0
    assert sibling_share(hainan, hainan) == 0.0
    assert series_form("中国共产党重大事项请示报告条例") == ""
    assert series_form("深化党和国家机构改革方案") == ""
    assert series_form("根据党的十九届三中全会审议通过的《深化党和国家机构改革方案》，现将有关事项") == ""
    # a common word at both ends is no form
    assert sibling_share(series_form("国务院关于建立健全X制度的通知"),
                         series_form("国务院关于建立Y的通知")) == 0.0


def test_a_regulation_revised_after_the_draft_was_there_before_it(tmp_path: Path, corpus_dir: Path) -> None:
    """The library holds the 2021 text of the 医疗器械监督管理条例 (国务院令第739号), first published in
    2000: a 2018 draft on 医疗器械 rests on an earlier text of it. Dated after the draft, it kept half its
    score as if it could not be the draft's basis; its history line (2000年1月4日…公布 … 修订) says it
    could."""
    from gov_docs.library.recommend import first_published, library_view

    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("g0164.txt", "g0590.txt", "g0163.txt", "g0153.txt", "g0001.txt", "g0250.txt"):
        shutil.copy(corpus_dir / name, docs / name)
    index = LibraryIndex(tmp_path / "index")
    index.build([docs], workers=1, embed=False)
    facts = library_view(index).facts
    devices = str((docs / "g0164.txt").resolve())
    assert facts[devices].date.isoformat() == "2021-02-09"
    assert facts[devices].since.isoformat() == "2000-01-04"
    assert facts[str((docs / "g0590.txt").resolve())].since is None  # issued once, never revised
    assert first_published((corpus_dir / "g0596.txt").read_text(encoding="utf-8")[:1500]).year == 1997
    draft = document_from_text(
        "江北市市场监督管理局关于加强医疗器械经营使用环节监督检查的通知\n各区市场监管局：\n"
        "为加强医疗器械监督管理，保证医疗器械安全、有效，保障人体健康和生命安全，现就加强医疗器械经营、"
        "使用环节监督检查有关事项通知如下。\n一、落实医疗器械经营企业主体责任，严格执行进货查验记录制度。\n"
        "二、加强对医疗器械使用单位的监督检查，依法查处使用不合格医疗器械的行为。\n"
        "江北市市场监督管理局\n2018年3月1日")
    ranking = rank(index, draft, explain=False)
    row = next(r for r in ranking.rows if r[1] == devices)
    assert "库中为本文之后的修订本（2000年首次公布）" in row[3]
    assert "成文日期晚于本文" not in row[3]
    later = next(r for r in ranking.rows if r[1] == str((docs / "g0163.txt").resolve()))
    assert "成文日期晚于本文" in later[3]  # first published in 2021: after the draft
    assert Path(recommend(index, draft, top=1)[0].path).name == "g0164.txt"


def test_an_earlier_version_of_a_programme_gives_way_to_the_version_in_force(tmp_path: Path,
                                                                            corpus_dir: Path) -> None:
    """g0574 (2019-11, 北京 暂时调整实施 批复) rests on the 2019 批复
    全面推进北京市服务业扩大开放综合试点工作方案 (g0196); the library also holds the 2017 version
    (深化改革推进…, g0305), which shares more of the draft's words and was first. A version replaced
    before the draft was written is not what it rests on: it keeps half its score and names the newer one.
    Siblings of a series (other places, other subjects) are no versions."""
    from gov_docs.library.recommend import series_form, version_core

    new, old = (version_core(series_form(t)) for t in (
        "国务院关于全面推进北京市服务业扩大开放综合试点工作方案的批复",
        "国务院关于深化改革推进北京市服务业扩大开放综合试点工作方案的批复"))
    assert new == old == "北京市服务业扩大开放综合试点工作方案"
    assert version_core(series_form("国务院办公厅关于进一步加强人工影响天气工作的意见")) == version_core(
        series_form("国务院办公厅关于加强人工影响天气工作的通知"))
    hainan = version_core(series_form("国务院关于印发中国（海南）自由贸易试验区总体方案的通知"))
    assert hainan != version_core(series_form("国务院关于印发中国（辽宁）自由贸易试验区总体方案的通知"))
    assert version_core(series_form("国务院关于加强X的通知")) == ""  # too short to be a programme

    docs = tmp_path / "docs"
    docs.mkdir()
    names = ["g0196.txt", "g0305.txt", "g0249.txt",
             *(p.name for p in sorted(corpus_dir.glob("g*.txt"))[160:340:15])]
    for name in dict.fromkeys(names):
        if name != "g0574.txt":
            shutil.copy(corpus_dir / name, docs / name)
    index = LibraryIndex(tmp_path / "index")
    index.build([docs], workers=1, embed=False)
    draft = read_document(corpus_dir / "g0574.txt")
    cited = "《全面推进北京市服务业扩大开放综合试点工作方案》"  # the name g0196 approves
    assert cited in draft.text
    draft.paragraphs[:] = [p.with_text(p.text.replace(cited, "")) for p in draft.paragraphs]
    recs = recommend(index, draft, top=5)
    top = [Path(r.path).name for r in recs]
    assert "g0196.txt" in top[:2] and top.index("g0196.txt") < top.index("g0305.txt")
    old_row = next(r for r in recs if Path(r.path).name == "g0305.txt")
    newer = "库中有其新版本《国务院关于全面推进北京市服务业扩大开放综合试点工作方案的批复》（2019-01-31"
    assert any(w.startswith(newer) for w in old_row.reasons)
    from gov_docs.library import recommend as rec_module

    saved = rec_module.SUPERSEDED_FACTOR
    rec_module.SUPERSEDED_FACTOR = 1.0
    try:
        before = [Path(r.path).name for r in recommend(index, draft, top=5)]
        assert before.index("g0305.txt") < before.index("g0196.txt")
    finally:
        rec_module.SUPERSEDED_FACTOR = saved


def test_versions_share_a_key_and_documents_of_other_places_or_untitled_copies_do_not() -> None:
    """Versions of one document take one place in the recommendations (a period, 试行, 2019年版 apart); the
    自贸区 方案 of 海南 and of 辽宁 are two documents (their brackets name them), and so are five untitled
    三定 copies that open with the same words."""
    from gov_docs.library.recommend import _version_key

    assert _version_key("国务院办公厅关于印发国家残疾预防行动计划（2016—2020年）的通知") == _version_key(
        "国务院办公厅关于印发国家残疾预防行动计划（2021-2025年）的通知") == "国家残疾预防行动计划"
    assert _version_key("中华人民共和国X条例（试行）") == _version_key("中华人民共和国X条例")
    assert _version_key("外商投资准入特别管理措施（负面清单）（2019年版）") == _version_key(
        "外商投资准入特别管理措施（负面清单）（2020年版）")
    assert _version_key("国务院关于印发中国（海南）自由贸易试验区总体方案的通知") != _version_key(
        "国务院关于印发中国（辽宁）自由贸易试验区总体方案的通知")
    assert _version_key("根据党的十九届三中全会审议通过的《深化党和国家机构改革方案》…") == ""
