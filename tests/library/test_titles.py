"""Library titles: folder catalogs, decrees, news items, title-like file names; catalog changes and bad
catalogs.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from gov_docs.document import document_from_text, read_document
from gov_docs.library.catalog import read_catalog
from gov_docs.library.index import LibraryIndex
from gov_docs.library.records import addressee_authority, authority, local_authority, record_from_document

ROOT = Path(__file__).resolve().parent.parent.parent


def _titles(index: LibraryIndex) -> dict[str, str]:
    return {Path(p).name: t for p, t, _ in index.all_titles()}


def test_decree_is_titled_by_the_regulation_it_publishes(corpus_dir: Path) -> None:
    rec = record_from_document(read_document(corpus_dir / "g0164.txt"))
    assert rec.title == "医疗器械监督管理条例"
    assert (rec.doc_number, rec.organ) == ("国务院令第739号", "国务院")
    # "现公布修订后的《…》" puts the name after the verb
    assert record_from_document(read_document(corpus_dir / "g0584.txt")).title == "奥林匹克标志保护条例"


def test_news_item_takes_its_headline_and_untitled_text_its_opening(corpus_dir: Path) -> None:
    rec = record_from_document(read_document(corpus_dir / "g0028.txt"))
    assert rec.title == "中共中央 国务院关于进一步加强城市规划建设管理工作的若干意见"
    assert rec.organ == "中共中央 国务院"
    untitled = record_from_document(read_document(corpus_dir / "g0027.txt"))  # a 决定 that never names itself
    assert untitled.title.startswith("今年是我国改革开放40周年") and untitled.title.endswith("…")
    assert untitled.organ == ""  # never an organ guessed from the opening words


def test_news_item_without_title_lines_is_named_by_what_it_says_it_is_about(corpus_dir: Path) -> None:
    # 新华社北京7月15日电 and then the body of a 意见: its first sentence is no title, nor is the dateline;
    # the sentence that states its purpose (为支持…，现提出如下意见) names it, marked as the library's
    doc = read_document(corpus_dir / "g0019.txt")
    assert doc.paragraphs[0].text.startswith("新华社北京7月15日电")
    rec = record_from_document(doc)
    assert rec.title == "关于支持浦东新区高水平改革开放、打造社会主义现代化建设引领区的意见（标题据正文）"
    assert "新华社" not in rec.title and "电" not in rec.title
    # 现就X提出如下意见
    assert record_from_document(read_document(corpus_dir / "g0011.txt")).title == \
        "关于学前教育深化改革规范发展的意见（标题据正文）"
    # the purpose clauses that only name the spirit carried out (为深入贯彻…精神) are no subject
    assert record_from_document(read_document(corpus_dir / "g0038.txt")).title.startswith(
        "关于切实加强党的政治建设")


def test_untitled_texts_named_by_what_they_answer_forward_or_propose(corpus_dir: Path) -> None:
    """Copies without title lines, as a clerk's folder holds them: a 批复 names the 请示 it answers, a
    印发/转发 notice the document it sends, a 建议 its subject (就X提出以下建议, no 现 before 就), and a
    purpose clause that only says the State Council agreed (经国务院同意) is no part of the subject."""
    mark = "（标题据正文）"
    expected = {
        "g0418.txt": f"关于建立反不正当竞争部际联席会议制度的批复{mark}",  # 你局关于…的请示收悉
        "g0243.txt": f"关于建立国务院中医药工作部际联席会议制度的批复{mark}",  # 你委《关于…的请示》（…）收悉
        "g0257.txt": f"关于批准设立新疆塔城重点开发开放试验区的批复{mark}",  # 《…委关于…的请示》
        "g0390.txt": "国家自然灾害救助应急预案",  # 经国务院同意，现将修订后的《…》印发给你们
        "g0561.txt": "关于清理规范城镇供水供电供气供暖行业收费促进行业高质量发展的意见",  # 部门《…》…现转发
        "g0005.txt": f"关于制定国民经济和社会发展“十四五”规划和二〇三五年远景目标的建议{mark}",
        "g0368.txt": f"关于加快应用现代信息技术建设重要产品追溯体系的意见{mark}",
    }
    for name, title in expected.items():
        assert record_from_document(read_document(corpus_dir / name)).title == title, name


def test_title_like_file_name_is_used_when_the_text_has_no_title(tmp_path: Path, corpus_dir: Path) -> None:
    named = tmp_path / "中共中央 国务院关于支持海南全面深化改革开放的指导意见.txt"
    shutil.copy(corpus_dir / "g0020.txt", named)
    rec = record_from_document(read_document(named), named)
    assert rec.title == "中共中央 国务院关于支持海南全面深化改革开放的指导意见"
    plain = tmp_path / "g0020.txt"
    shutil.copy(corpus_dir / "g0020.txt", plain)
    assert record_from_document(read_document(plain), plain).title.endswith("的意见（标题据正文）")


def test_authority_orders_the_centre() -> None:
    assert authority("中共中央 国务院关于推进贸易高质量发展的指导意见", "") == 6
    assert authority("医疗器械监督管理条例", "国务院") == 5
    assert authority("国务院办公厅关于促进家政服务业提质扩容的意见", "国务院办公厅") == 4
    assert authority("中办国办印发《关于促进小农户和现代农业发展有机衔接的意见》", "中办国办") == 4
    assert authority("关于加强医疗器械使用管理的通知", "某某县人民政府") == 1
    assert authority("一份没有机关的材料", "") == 0
    assert authority("", "中共中央组织部") == 3  # a central Party department ranks with a ministry
    assert authority("国 务 院 公 告", "") == 5  # a title line spaced out (g0172)


def test_local_organs_rank_by_their_administrative_level() -> None:
    """A provincial department's draft builds on everything central and provincial: its organ must have a
    level, or the ranking takes it for a text without organ and lifts 中共中央 documents above the rest."""
    assert authority("关于做好冬季森林防火工作的通知", "省应急管理厅") == 2
    assert authority("", "河北省应急管理厅") == 2
    assert authority("", "某某省人民政府") == 3  # with a ministry
    assert authority("", "中共某某省委") == 3
    assert authority("", "某某省人民政府办公厅") == 2.5
    assert authority("", "北京市人民政府") == 3  # a municipality is a province
    assert authority("", "北京市海淀区人民政府") == 2
    assert authority("", "杭州市人民政府") == 2  # 杭州 is no place of its own
    assert authority("", "杭州市人民政府办公厅") == 1.5
    assert authority("", "江北市教育局") == 1  # a city's bureau is no ministry
    assert authority("", "某某县市场监督管理局") == 0.5  # 市场 is no 市
    assert authority("", "县安全生产委员会办公室") == 0.5
    assert authority("", "某某县某某镇人民政府") == 0.5
    assert authority("", "广西壮族自治区人民政府") == 3
    assert authority("某某省人民政府关于加强森林防火工作的意见", "") == 3  # the organ before 关于
    assert authority("", "国家林业和草原局") == 3
    assert local_authority("国家市场监督管理总局") == 0


def test_addressees_say_where_a_document_comes_from() -> None:
    assert addressee_authority("各省、自治区、直辖市人民政府，国务院各部委、各直属机构：") == 4
    assert addressee_authority("各市、县（区）人民政府，省直有关部门：") == 2
    assert addressee_authority("各县（市、区）人民政府，市直各单位：") == 1
    assert addressee_authority("各乡镇人民政府，县直各单位：") == 0.5
    assert addressee_authority("市人民政府：") == 0  # a request goes up: nothing of its sender's level


def test_a_signature_run_into_the_last_paragraph_still_names_the_organ(corpus_dir: Path) -> None:
    """g0520 (国家森林防火指挥部 members) has no title line and its signature follows the last sentence
    after a run of spaces: the organ was unknown, so the ranking could not tell it came from 国务院办公厅."""
    rec = record_from_document(read_document(corpus_dir / "g0520.txt"), corpus_dir / "g0520.txt")
    assert rec.organ == "国务院办公厅"
    # words after a gap that are no organ are no signature
    doc = document_from_text("关于某事的通知\n各单位：\n请遵照执行。　　　　　　　　按时报送材料\n")
    assert record_from_document(doc).organ == ""


def test_catalog_titles_win_and_a_catalog_change_reindexes(tmp_path: Path, corpus_dir: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("g0020.txt", "g0017.txt", "g0250.txt"):
        shutil.copy(corpus_dir / name, docs / name)
    catalog = docs / "目录.tsv"
    catalog.write_text("文件名\t标题\n"
                       "g0020.txt\t中共中央 国务院关于支持海南全面深化改革开放的指导意见.txt\n"
                       "g0017.txt\t中共中央 国务院关于推进贸易高质量发展的指导意见\n", encoding="utf-8")
    index = LibraryIndex(tmp_path / "index")
    report = index.build([docs], workers=1)
    assert report.added == 3 and not report.warnings
    titles = _titles(index)
    # file suffix dropped
    assert titles["g0020.txt"] == "中共中央 国务院关于支持海南全面深化改革开放的指导意见"
    assert titles["g0017.txt"] == "中共中央 国务院关于推进贸易高质量发展的指导意见"
    assert titles["g0250.txt"].startswith("国务院关于")  # not in the catalog: its own title lines
    hits = index.search("支持海南全面深化改革开放")
    assert Path(hits[0].path).name == "g0020.txt" and hits[0].organ == "中共中央 国务院"

    catalog.write_text("g0017.txt,中共中央 国务院关于推进贸易高质量发展的指导意见\n", encoding="utf-8")
    catalog.rename(docs / "目录.csv")  # comma-separated works too; g0020 is no longer listed
    update = index.update()
    assert (update.updated, update.unchanged) == (1, 2)
    assert _titles(index)["g0020.txt"].endswith("（标题据正文）")


def test_unreadable_catalog_is_reported_and_indexing_goes_on(tmp_path: Path, corpus_dir: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(corpus_dir / "g0250.txt", docs / "g0250.txt")
    (docs / "catalog.tsv").write_bytes(b"\xff\xfe\x00\x81\x00garbage" * 10)
    report = LibraryIndex(tmp_path / "index").build([docs], workers=1)
    assert report.added == 1
    assert len(report.warnings) == 1 and report.warnings[0][0].endswith("catalog.tsv")
    assert "编码" in report.warnings[0][1] or "不是文本" in report.warnings[0][1]
    empty = docs / "catalog.tsv"
    empty.write_text("只有一列\n", encoding="utf-8")
    assert "没有" in read_catalog(empty).error
    gbk = tmp_path / "目录.tsv"
    gbk.write_bytes("g0250.txt\t国务院关于同意某某高新区升级的批复\n".encode("gb18030"))
    assert read_catalog(gbk).titles == {"g0250.txt": "国务院关于同意某某高新区升级的批复"}


def test_cli_prints_catalog_problems_and_exits_zero(tmp_path: Path, corpus_dir: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(corpus_dir / "g0250.txt", docs / "g0250.txt")
    (docs / "目录.csv").write_text("这不是目录\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "gov_docs.cli", "index", "build", str(docs), "--index",
                           str(tmp_path / "index")], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "目录文件" in proc.stderr and "目录.csv" in proc.stderr and "Traceback" not in proc.stderr


def test_draft_without_a_path_gets_no_catalog_title() -> None:
    rec = record_from_document(document_from_text("关于做好某项工作的通知\n各单位：\n请做好工作。"))
    assert rec.title == "关于做好某项工作的通知" and rec.catalog_title == ""


def test_a_regulation_laid_out_as_the_law_database_has_its_decree_number_and_organ() -> None:
    rec = record_from_document(document_from_text(
        "收费公路管理条例\n2004年8月18日 国务院第61次常务会议通过\n"
        "2004年9月13日 中华人民共和国国务院令第417号公布\n2004年11月1日 施行\n第一章 总则\n"
        "第一条 为了加强对收费公路的管理，制定本条例。\n"))
    assert (rec.title, rec.doc_number, rec.organ) == ("收费公路管理条例", "国务院令第417号", "国务院")
    assert authority(rec.title, rec.organ) == 5
