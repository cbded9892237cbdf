"""Protected entities (issue 16): names, places, organisations, brands, 文号, titles and quotations are never
"corrected", and no 必错 lands inside a common word; real slips next to them are still found."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.checks.loader import RuleSet
from gov_docs.document import read_document
from gov_docs.typo.corrector import TypoCorrector
from gov_docs.typo.protect import Protection, is_names_document, proper_lists, protect
from gov_docs.typo.resources import load_resources

ROOT = Path(__file__).resolve().parent.parent.parent

# 40 people as a 表彰 decision lists them; the given names hold the characters the statistical rule used to
# "correct" in real documents (鑫 凯 娟 媛 菲 妮 柯 麦)
NAMES = (
    "王鑫 李凯 张娟 刘媛媛 陈菲 杨妮 赵柯 黄麦 周晓燕 吴建华 徐丽娜 孙志刚 马俊杰 朱婷 胡海燕 郭卫民 何静 "
    "高翔 "
         "林晓东 罗敏 郑伟 梁淑芬 谢芳 宋佳 唐亮 许振宇 韩雪 冯涛 邓丽君 曹颖 彭博 曾志伟 肖鹏 田甜 董明珠 "
         "袁媛 "
         "潘婷婷 于洋 蒋欣 蔡卓妍").split()


@pytest.fixture(scope="module")
def fast() -> TypoCorrector:
    return TypoCorrector()


def _typo_checker() -> Checker:
    rules = load_rules([ROOT / "rules" / "typo"])
    return Checker(RuleSet(rules=[r for r in rules.rules if r.id == "typo.statistical"]),
                   allow_list=AllowList())


def _commendation_docx(path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("关于表彰2025年度全省优秀公务员的决定")
    d.add_paragraph("各市人民政府，省政府各部门：")
    d.add_paragraph("为激励广大公务员担当作为，省政府决定，对以下40名同志予以表彰。")
    d.add_paragraph("、".join(NAMES[:20]) + "。")
    # the other half as a printed list: two-character names padded with a full-width space, names apart
    d.add_paragraph("  ".join(n if len(n) == 3 else n[0] + "\u3000" + n[1] for n in NAMES[20:]))
    d.add_paragraph("希望受表彰的同志珍惜荣誉，再接再厉。")
    d.save(path)
    return path


def test_forty_names_in_a_commendation_get_no_finding(tmp_path: Path) -> None:
    assert len(NAMES) == 40
    doc = read_document(_commendation_docx(tmp_path / "表彰决定.docx"))
    assert is_names_document(doc.title) and "表彰" in doc.title
    found = _typo_checker().check(doc)
    assert [f for f in found if f.paragraph in (3, 4)] == []
    # and the protection pass itself covers every character of every name, in both layouts
    res = load_resources()
    for para in (doc.paragraphs[3].text, doc.paragraphs[4].text):
        hard = protect(para, res, names_document=True).hard
        unprotected = [ch for i, ch in enumerate(para) if "\u4e00" <= ch <= "\u9fff" and i not in hard]
        assert unprotected == [], para
    # without the document's title the same list is still recognised as a list of names
    plain = doc.paragraphs[3].text
    hard = protect(plain, res).hard
    assert all(i in hard for i, ch in enumerate(plain) if ch not in "、。")


def test_names_after_posts_appointments_and_before_tongzhi() -> None:
    res = load_resources()
    for text, name in (("任命李鑫为市财政局局长。", "李鑫"), ("免去张娟的市审计局局长职务。", "张娟"),
                       ("刘妮同志任市委副书记。", "刘妮"), ("会议由副省长王广华主持。", "王广华"),
                       ("欧阳菲菲同志不再担任该职务。", "欧阳菲菲")):
        start = text.index(name)
        assert set(range(start, start + len(name))) <= protect(text, res).hard, text


@pytest.mark.parametrize("text", [
    "各地要毫不放松抓好疫情防控工作。",
    "广泽公路改扩建工程年内开工。",
    "推动国有企业提质增效。",
    "根据湘党办发〔2020〕12号文件精神，结合实际制定本方案。",
    "X党办发",
    "蔚来、理想等新能源汽车企业加快布局。",
    "船企手持订单量保持增长。",
    "国务院办公厅关于印发《国家突发环境事件应急预案》的通知",
])
def test_right_words_and_proper_names_are_left_alone(fast: TypoCorrector, text: str) -> None:
    assert fast.analyse(text) == []


def test_protection_does_not_blind_the_rest_of_the_sentence(fast: TypoCorrector) -> None:
    found = fast.analyse("广泽公路和船企都要严格执行财经纪率。")
    assert [(f.matched, f.suggestions) for f in found] == [("率", ("律",))]
    res = load_resources()
    text = "根据湘党办发〔2020〕12号文件"
    assert set(range(text.index("湘"), text.index("号") + 1)) <= protect(text, res).hard


def test_quotations_short_ones_untouched_long_ones_hint_at_most(fast: TypoCorrector) -> None:
    res = load_resources()
    short = "持续深化“放管服”改革。"
    assert set(range(short.index("“"), short.index("”") + 1)) <= protect(short, res).hard
    long_quote = "他强调：“各地要加强组织领导，严格执行财经纪率，确保各项任务落到实处。”"
    found = fast.analyse(long_quote)
    assert [(f.matched, f.suggestions, f.level) for f in found] == [("率", ("律",), "warning")]
    assert fast.analyse("各地要加强组织领导，严格执行财经纪率。")[0].level == "error"


def test_a_deletion_shows_what_the_text_becomes(fast: TypoCorrector) -> None:
    found = fast.analyse("请认真贯彻执执行。")
    assert [(f.start, f.end, f.matched, f.suggestions) for f in found] == [(5, 7, "执执", ("执",))]
    assert all(f.suggestions[0] and f.edits for f in found)
    finding = _typo_checker().check(read_document_from_text("请认真贯彻执执行。"))
    assert [(f.matched, f.suggestions) for f in finding] == [("执执", ("执",))]
    assert "“”" not in finding[0].message


def read_document_from_text(text: str):
    from gov_docs.document.model import Document, PageSetup, Paragraph, Role

    return Document([Paragraph(text, role=Role.BODY, role_locked=True)], page=PageSetup.unknown())


@pytest.mark.parametrize("text",
                         ["中医医院、中医师为中医养生保健提供服务。", "队徽徽章", "不彻底解决决不松手。",
                                  "严禁在党内搞团团伙伙。"])
def test_doubled_characters_that_belong_to_two_words_are_no_deletion(fast: TypoCorrector, text: str) -> None:
    assert [f for f in fast.analyse(text) if f.matched == f.suggestions[0] * 2] == []


def test_names_in_award_lists_with_annotations_and_before_titles(fast: TypoCorrector) -> None:
    # real layouts from the corpus: a name, its annotation, then the unit; a name before 研究员/院士
    for text in ("屠呦呦（女）　中国中医科学院终身研究员", "王俐俐（女）　陕西煤业化工集团职工",
                 "立克拢拢（彝族）　四川省凉山州公安局民警",
                 "授予赵忠贤院士、屠呦呦研究员国家最高科学技术奖。"):
        assert fast.analyse(text) == [], text


def test_terms_a_document_defines_are_protected_wherever_they_recur(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("关于促进外贸综合服务企业健康发展的指导意见")
    d.add_paragraph("外贸综合服务企业（以下简称综服企业）是新型外贸业态。")
    d.add_paragraph("在综服企业严格履行合规义务的前提下，简化办理流程，严格执行财经纪率。")
    d.save(tmp_path / "意见.docx")
    found = _typo_checker().check(read_document(tmp_path / "意见.docx"))
    assert [(f.matched, f.suggestions) for f in found] == [("率", ("律",))]


def test_parallel_frames_get_a_hint_at_most(fast: TypoCorrector) -> None:
    found = fast.analyse("实施补碘、改炉改灶改水、移民搬迁等措施。")
    assert all(c.level == "warning" for c in found)


def test_places_in_an_address_chain_and_scenic_areas_are_names() -> None:
    """A unit named after the one above it (乡 → 村, 街道 → 社区) and a 风景名胜区 are proper names."""
    res = load_resources()
    for text, name in (("云南省勐腊县勐仑镇曼边村党总支书记", "曼边"),
                       ("河东区二号桥街道陶然庭苑社区党委书记", "陶然庭苑"),
                       ("稼依镇大稼依社区党委书记", "大稼依"), ("歙县深渡镇大茂社区", "深渡"),
                       ("加强荔波樟江风景名胜区保护", "荔波樟江")):
        start = text.index(name)
        assert set(range(start, start + len(name))) <= protect(text, res).hard, text
    # a slip next to such a name is still a slip
    assert TypoCorrector().correct(
        "严格执行财经纪率，加强自然保护区建设。") == "严格执行财经纪律，加强自然保护区建设。"


@pytest.mark.parametrize("text", [
    "重庆市石柱县中益乡华溪村党支部书记、村委会主任",  # 溪→西 was a 必错 (华西村 is a famous village)
    "以九寨沟风景名胜区、荔波樟江风景名胜区为重点",  # 樟→长 (长江)
])
def test_real_false_alarms_in_place_names_are_gone(fast: TypoCorrector, text: str) -> None:
    assert fast.analyse(text) == []


@pytest.mark.parametrize(("text", "slot"), [
    ("民营企业走出去要遵法守法、合规经营。", "法"),  # the character repeats in a four-character frame
    ("城乡一体编制村庄布局规划，因村制宜编制村庄建设规划。", "村"),  # 因地/因时/因人制宜: a productive frame
    ("做到账实相符和账账相符。", "账账"),  # a reduplication meaning "every" (the kept 账 forms no word)
])
def test_chosen_forms_get_a_hint_at_most(fast: TypoCorrector, text: str, slot: str) -> None:
    found = fast.analyse(text)
    assert [f.matched for f in found] == [slot]
    assert all(f.level == "warning" and not f.auto_fixable for f in found)
    assert fast.correct(text) == text


def test_real_doubled_characters_and_idiom_slips_stay_one_click(fast: TypoCorrector) -> None:
    """What the hint-at-most classes must not swallow: a doubled character inside a word, an idiom slot
    that only one character fills (事必躬亲)."""
    assert fast.correct("请认真贯彻执执行。") == "请认真贯彻执行。"
    from gov_docs.typo.detector import FastDetector

    det = FastDetector()
    assert det.productive_slot("因村制宜", 1, "时") and not det.productive_slot("事必恭亲", 2, "躬")


PORTS = ("内蒙古策克、甘其毛都、满都拉、二连浩特、珠恩嘎达布其、阿尔山、额布都格、阿日哈沙特、满洲里、"
         "黑山头、室韦，黑龙江虎林、密山、绥芬河等地开展试点。")


def test_an_enumeration_of_places_is_never_touched() -> None:
    """A list of ports (a real 国务院 document): the verified mode had made 额布都格 → 阿布都格 a 必错."""
    res = load_resources()
    prot = protect(PORTS, res)
    for port in ("额布都格", "甘其毛都", "珠恩嘎达布其", "阿日哈沙特", "室韦", "密山"):
        start = PORTS.index(port)
        assert set(range(start, start + len(port))) <= prot.hard, port
    listed = Protection()
    proper_lists(PORTS, res, listed)
    assert PORTS.index("等地开展") not in listed.hard  # the sentence after the list is not part of it


def test_an_enumeration_of_abbreviations_gets_a_hint_at_most() -> None:
    """职工技协 (职工技术协会) in a list of organisations: 技协 → 技术 was a 必错 on the fast score alone."""
    res = load_resources()
    text = "充分发挥企业科协、企业团委、职工技协、研发中心等作用，结合职工技能培训开展科普活动。"
    prot = protect(text, res)
    start = text.index("职工技协")
    assert set(range(start, start + 4)) <= prot.soft | prot.hard
    listed = Protection()
    proper_lists(text, res, listed)  # the list's own part: the items, not the words around them
    assert listed.soft == set(range(text.index("企业科协"), text.index("等作用"))) - {
        i for i, ch in enumerate(text) if ch == "、"}


def test_a_slip_in_a_list_of_ministries_is_still_shown(fast: TypoCorrector) -> None:
    """Organisations in a list are softly protected: a slip in one is a hint (疑似), never a one-click fix;
    a list of actions is no list of names at all."""
    found = fast.analyse("由国家发展改革委、教育部、工业和言息化部、卫生健康委按职责分工负责。")
    assert [(f.matched, f.auto_fixable) for f in found if f.matched == "言"] in ([("言", False)], [])
    res = load_resources()
    actions = "加强监管、完善制度、强化执法，推进工作落实。"
    listed = Protection()
    proper_lists(actions, res, listed)
    assert not listed.hard and not listed.soft
