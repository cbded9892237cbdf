"""Routing (拟办) and archiving (归档) suggestions from the editable rule files."""

from __future__ import annotations

from pathlib import Path

import pytest

from gov_docs.document import document_from_text, read_document
from gov_docs.errors import GovDocsError
from gov_docs.handling.archiving import suggest_archiving
from gov_docs.handling.routing import load_departments, suggest_routing, title_matter

PLAN = """某某省人民政府办公厅关于印发新污染物治理行动方案的通知
各市人民政府，省政府各部门：
《新污染物治理行动方案》已经省政府同意，现印发给你们，请认真贯彻执行。
一、加强新污染物环境风险评估和监测。生态环境部门牵头开展新污染物调查监测，建立环境监测体系。
二、强化源头管控。推动化工、制药等重点行业绿色转型，优化产业结构，严格项目投资准入，依法淘汰落后产能，引导工业企业进入化工园区。
三、加强科技支撑。支持新污染物治理科技研发和技术创新，建设重点实验室。
四、加大资金投入。财政资金对新污染物治理给予支持，落实税收优惠政策。
某某省人民政府办公厅
2026年11月1日"""


def test_new_pollutant_plan_is_led_by_ecology_and_environment() -> None:
    s = suggest_routing(document_from_text(PLAN))
    assert s.lead == "生态环境"
    assert {"发展改革", "科技", "工业和信息化", "财政"} <= set(s.participants)
    assert any("新污染物" in r for r in s.reasons["生态环境"])


def test_departments_the_text_names_lead_and_take_part() -> None:
    text = ("某某省人民政府关于加强食用油安全管理的意见\n各市人民政府：\n"
            "由食品药品监管部门牵头，会同发展改革委、公安厅、农业部门、卫生计生委、统计局、审计厅、商务厅、"
            "信访局按职责分工负责，加强餐厨废弃物管理。\n某某省人民政府\n2017年3月1日")
    s = suggest_routing(document_from_text(text))
    assert s.lead == "市场监管"  # 食品药品监管部门 is the name before the 2018 reform
    assert any("牵头" in r for r in s.reasons["市场监管"])
    # eight named partners: the text's own list is never cut to the usual six
    assert {"发展改革", "公安", "农业农村", "卫生健康", "统计", "审计", "商务", "信访"} <= set(s.participants)
    assert any("参与办理" in r for r in s.reasons["审计"])


def test_departments_listed_with_one_shared_ending_each_take_part() -> None:
    """"气象、水文部门要加强会商" names 气象部门 too (lead's 防汛 notice: 协办 had 应急管理 only)."""
    from gov_docs.handling.routing import shared_endings

    assert shared_endings("气象、水文部门要加强会商") == "气象部门、水文部门要加强会商"
    assert shared_endings("公安、交通运输、应急管理等部门") == "公安部门、交通运输部门、应急管理部门等"
    assert shared_endings("市直各部门") == "市直各部门"
    text = ("关于做好2026年汛期防汛抗旱工作的通知\n各区县人民政府，市政府各部门：\n"
            "一、压实防汛责任。明确水库、河道、堤防的防汛责任人。\n"
            "二、加强监测预警。气象、水文部门要加强会商研判，及时发布暴雨、洪水预警信息。\n"
            "三、做好应急准备。应急管理部门要修订完善防汛应急预案。\n江北市人民政府办公室\n2026年5月10日")
    s = suggest_routing(document_from_text(text))
    assert s.lead == "水利" and {"应急管理", "气象"} <= set(s.participants)
    assert any("气象部门" in r for r in s.reasons["气象"])


def test_routing_word_must_be_whole() -> None:
    s = suggest_routing(document_from_text(
        "某某市人民政府关于开展安全生产大检查的通知\n各区人民政府：\n请做好安全生产检查。"))
    assert "民政" not in [s.lead, *s.participants]  # 民政 inside 人民政府 does not count


TEACHERS = """江北市教育局关于增加教师编制的请示
市人民政府：
近年来，我市学生人数逐年增加，现有中小学教师编制不能满足教育教学需要，教师缺口较大。为保障义务教育质量，特请示增加中小学教师编制100名。
妥否，请批示。
江北市教育局
2022年3月2日"""


def test_a_request_goes_to_the_department_of_what_it_asks_for() -> None:
    s = suggest_routing(document_from_text(TEACHERS))
    assert s.lead == "机构编制"  # 增加教师编制 is about 编制; 教师 only says whose
    assert s.reasons["机构编制"][0] == "标题所办事项“编制”属其职责"
    assert "教育" in s.participants
    # the sender's own name (title, signature) and the words in it (教育局) are not counted for it
    assert not any("教育局" in r for r in s.reasons["教育"])
    # the same for a hospital's posts, and for money asked for a land project
    posts = suggest_routing(document_from_text(
        "江北市卫生健康委关于核增市人民医院人员编制的请示\n市人民政府：\n医护人员严重不足，特请示核增事业编制80名。"))
    assert (posts.lead, posts.participants) == ("机构编制", ["卫生健康"])
    money = suggest_routing(document_from_text(
        "江北市自然资源局关于申请土地整治项目资金的请示\n市人民政府：\n为推进土地整治，特申请市级财政资金500万元。"))
    assert (money.lead, money.participants) == ("财政", ["自然资源"])


@pytest.mark.parametrize(
    ("title", "sender", "matter"),
    [
        ("江北市教育局关于增加教师编制的请示", "江北市教育局", "增加教师编制"),
        ("国务院办公厅关于印发自然资源领域中央与地方财政事权和支出责任划分改革方案的通知", "国务院办公厅",
         "自然资源领域中央与地方财政事权和支出责任划分改革"),
        ("国务院办公厅关于创新农村基础设施投融资体制机制的指导意见", "国务院办公厅",
         "创新农村基础设施投融资体制机制"),
        # a title line that runs on into the text ends at its 文种
        ("国务院办公厅关于调整国务院食品安全委员会组成人员的通知程丽华财政部副部长", "国务院办公厅",
         "调整国务院食品安全委员会组成人员"),
        ("海关总署职能配置、内设机构和人员编制规定", "", "海关总署职能配置、内设机构和人员编制"),
    ],
)
def test_title_matter(title: str, sender: str, matter: str) -> None:
    assert title_matter(title) == (sender, matter)


def test_an_activity_ending_the_matter_does_not_make_its_department_lead() -> None:
    # 污染源普查入户调查: 调查 is 统计's keyword but not what a department allocates; the survey is 生态环境's
    s = suggest_routing(document_from_text(
        "关于做好第二次全国污染源普查入户调查的通知\n各县（区）：\n请做好污染源普查工作。"))
    assert s.lead == "生态环境" and not any("标题所办事项" in r for k in s.reasons for r in s.reasons[k])


def test_a_title_with_one_department_s_words_has_no_head() -> None:
    s = suggest_routing(document_from_text(
        "某某市人民政府关于开展安全生产大检查的通知\n各区人民政府：\n请做好安全生产检查。"))
    assert s.lead == "应急管理" and not any("标题所办事项" in r for r in s.reasons["应急管理"])


ELDERLY = """某某市人民政府关于做好近期服务保障工作的通知
各区人民政府：
为加快发展养老服务，推动养老事业和产业协同发展，现就有关事项通知如下。
一、组织学校师生参与志愿活动。各学校要安排教师带领学生走进社区，学校、教师、学生共同参与。
二、加强人员培训。依托学校开展护理培训，组织教师授课，吸引学生就业。
某某市人民政府
2026年11月1日"""


def test_the_opening_s_subject_leads_over_words_mentioned_in_passing(monkeypatch) -> None:
    # the opening says what the notice is about (养老服务); 学校、教师、学生 are how it is done
    s = suggest_routing(document_from_text(ELDERLY))
    assert s.lead == "民政" and "教育" in s.participants
    from gov_docs.handling import routing

    monkeypatch.setattr(routing, "KEYWORD_OPENING_POINTS", 0.0)
    monkeypatch.setattr(routing, "KEYWORD_PASSING_POINTS", 1.0)
    assert suggest_routing(document_from_text(ELDERLY)).lead == "教育"  # every mention counted alike


@pytest.mark.parametrize(
    ("text", "retention"),
    [
        ("某某市人民政府关于印发某某市城市管理条例的通知\n各区：\n现印发。", "永久"),
        ("某某市人民政府办公室关于成立全市运动会组委会的函\n市体育局：\n同意成立。", "定期10年"),
        ("某某市人民政府办公室关于做好秋冬季安全生产工作的通知\n各区：\n请做好。", "定期30年"),
        ("某某市人民政府关于表彰2025年度先进集体的决定\n各区：\n决定表彰。", "永久"),
    ],
)
def test_retention_rules(text: str, retention: str) -> None:
    assert suggest_archiving(document_from_text(text)).retention == retention


def test_archiving_gives_year_organ_category_and_subject(corpus_dir: Path) -> None:
    a = suggest_archiving(read_document(corpus_dir / "g0250.txt"))
    assert (a.year, a.organ, a.category) == (2018, "国务院", "公文档案")
    assert a.subject == "科技" and a.retention == "定期30年" and "第8号令" in a.reason


REAL_DOCX = Path(__file__).resolve().parents[1] / "fixtures" / "real_docx"


@pytest.mark.parametrize(("name", "year", "organ"), [
    # a 令 is signed by the mayor: the organ is the one its 版头 names, not 市长　王明
    ("h03_order.docx", 2022, "江北市人民政府"),
    # a 纪要 has neither 署名 nor 成文日期: organ from its 版头, year from the 版记's 印发 date
    ("22_minutes.docx", 2022, "江北市人民政府"),
    # joint signatures side by side in a table and on separate lines: a 、 list, not one run-on name
    ("05_joint_table.docx", 2022, "江北市教育局、江北市财政局、江北市人力资源和社会保障局"),
    ("06_joint_lines.docx", 2023, "江北市应急管理局、江北市住房和城乡建设局、江北市交通运输局"),
    # a template's placeholders are no organ
    ("10_template_placeholders.docx", None, ""),
])
def test_archiving_reads_organ_and_year_of_real_word_files(name: str, year: int | None, organ: str) -> None:
    a = suggest_archiving(read_document(REAL_DOCX / name))
    assert (a.year, a.organ) == (year, organ)


def test_archiving_year_falls_back_to_the_doc_number_and_a_template_prompt_is_no_organ() -> None:
    """A draft made from WPS's 公文样章 with its date still 20××年×月×日: the 年度 is the 发文字号's year; the
    template's untouched 发文机关署名（比日期长） is no organ."""
    filled = document_from_text("江北市人民政府文件\n江政发〔2026〕12号\n"
                                "江北市人民政府关于做好冬季森林防火工作的通告\n各区人民政府：\n"
                                "现就有关事项通告如下。\n江北市人民政府\n20××年×月×日\n")
    a = suggest_archiving(filled)
    assert (a.year, a.organ) == (2026, "江北市人民政府")
    blank = document_from_text("发文机关文件\n机关代字〔20××〕×号\n×××关于×××的通告\n主送机关：\n正文内容。\n"
                               "发文机关署名（比日期长）\n20××年×月×日\n")
    a = suggest_archiving(blank)
    assert (a.year, a.organ) == (None, "")


def test_broken_rule_files_give_clear_errors(tmp_path: Path) -> None:
    bad = tmp_path / "departments.yaml"
    bad.write_text("departments: [\n", encoding="utf-8")
    with pytest.raises(GovDocsError, match=r"departments.yaml:\d+: yaml: YAML 语法错误"):
        load_departments(bad)
    bad.write_text("departments:\n  - duties: 没有名称\n", encoding="utf-8")
    with pytest.raises(GovDocsError, match=r"departments.yaml:2: departments\[0\].name: 缺少必需的键"):
        load_departments(bad)
    ret = tmp_path / "retention.yaml"
    ret.write_text("rules:\n  - retention: 五十年\n", encoding="utf-8")
    with pytest.raises(GovDocsError,
                       match=r"retention.yaml:2: rules\[0\].retention: 应为 永久、定期30年、定期10年"):
        suggest_archiving(document_from_text("关于检查的通知\n各单位：\n请落实。"), path=ret)


def test_task_list_partners_are_those_carrying_a_quarter_of_the_tasks(corpus_dir: Path) -> None:
    # g0533 (“地沟油”治理) hands out 14 tasks in parentheticals (（农业部、国家发展改革委、住房城乡建设部、
    # 食品药品监管总局负责）…): 发展改革 and 工业和信息化 appear in 3 of them and are no longer 协办.
    s = suggest_routing(read_document(corpus_dir / "g0533.txt"))
    assert s.lead == "市场监管"
    assert set(s.participants) == {"农业农村", "住房城乡建设"}
    assert any(r.startswith("承担文中 8 项分工任务（共 14 项）") for r in s.reasons["农业农村"])
    assert "发展改革" not in s.reasons  # named in tasks only, and in too few of them: no reason given either


def test_one_task_does_not_make_a_partner_but_the_text_own_list_still_does() -> None:
    tasks = "".join(f"{i}、{w}。（农业农村厅牵头，{extra}按职责分工负责）\n" for i, (w, extra) in enumerate(
        [("推进畜禽粪污资源化利用", "生态环境厅"), ("加强动物防疫体系建设", "财政厅"),
         ("提升畜产品质量安全水平", "市场监管局"), ("完善畜牧业扶持政策", "自然资源厅、财政厅"),
         ("推进畜禽养殖标准化", "水利厅"), ("发展畜产品冷链物流", "交通运输厅")], 1))
    text = ("某某省人民政府办公厅关于促进畜牧业高质量发展的实施意见\n各市人民政府，省政府各部门：\n" + tasks
            + "某某省人民政府办公厅\n2026年11月1日")
    s = suggest_routing(document_from_text(text))
    assert s.lead == "农业农村"
    # 财政 is in 2 of 6 tasks (a quarter: 1.5); a department in one task with nothing else is no partner
    # (市场监管 may be: its word 标准 in this 300-character text passes the lower bar of session 13)
    assert "财政" in s.participants
    assert not {"生态环境", "自然资源", "水利", "交通运输"} & set(s.participants)
    assert "承担文中 2 项分工任务（共 6 项）" in s.reasons["财政"]
    # the same departments in a sentence of the text's own (not a task list): all take part, as before
    own = text.replace(tasks, "由农业农村厅牵头，会同生态环境厅、财政厅、市场监管局、自然资源厅、水利厅、"
                       "交通运输厅按职责分工负责。\n")
    assert set(suggest_routing(document_from_text(own)).participants) == {
        "生态环境", "财政", "市场监管", "自然资源", "水利", "交通运输"}


FOREST = Path(__file__).resolve().parents[1] / "library" / "data" / "冬季森林防火通知.txt"


def test_the_department_that_works_together_with_others_leads() -> None:
    """林业部门要会同应急管理部门…: 林业 leads and 应急管理 takes part, though the notice comes from the
    省应急管理厅 and its words (森林防火, 火灾) favour 应急管理; a modal word (要, 应当) between the name and
    会同 still makes the lead, and being named after another's 会同 is no reason to lead."""
    text = FOREST.read_text(encoding="utf-8")
    assert "林业和草原主管部门要履行" in text
    plain = suggest_routing(document_from_text(text))
    assert plain.lead == "应急管理"  # the notice as it is: no department is told to lead
    for cue in ("林业部门要会同应急管理部门履行", "林业部门应当会同应急管理部门履行",
                "由林业部门牵头，应急管理部门配合，履行"):
        s = suggest_routing(document_from_text(text.replace("林业和草原主管部门要履行", cue)))
        assert s.lead == "林业和草原", cue
        assert "应急管理" in s.participants
        assert any("牵头或会同" in r for r in s.reasons["林业和草原"])
        assert any("参与办理" in r for r in s.reasons["应急管理"])
        assert {"公安", "气象"} <= set(s.participants)


def test_a_department_named_before_a_partner_clause_without_a_cue_does_not_lead() -> None:
    """会同 must follow the name (with at most a modal word): 财政部门意见后会同 does not make 财政 lead."""
    text = ("某某市人民政府办公室关于加强农田水利建设的通知\n各区人民政府：\n"
            "水利部门要会同农业农村部门做好农田水利规划，听取财政部门意见后会同发展改革部门安排项目。\n"
            "某某市人民政府办公室\n2026年3月1日")
    s = suggest_routing(document_from_text(text))
    assert s.lead == "水利"
    assert "农业农村" in s.participants


def test_the_department_assisted_or_consulting_leads() -> None:
    """公安机关要配合林业部门…: the department assisted leads and the one assisting takes part; 发展改革委商
    财政部…: the department that consults leads. 商务 and 会商 are no such 商."""
    text = FOREST.read_text(encoding="utf-8").replace(
        "林业和草原主管部门要履行", "公安机关要配合林业部门履行")
    s = suggest_routing(document_from_text(text))
    assert s.lead == "林业和草原"
    assert "公安" in s.participants and any("参与办理" in r for r in s.reasons["公安"])
    consult = ("某某省人民政府办公厅关于做好省级重点项目监测工作的通知\n各市人民政府：\n"
               "发展改革部门商统计部门制定省级重点项目监测方案，按季度报省政府。\n某某省人民政府办公厅\n"
               "2026年9月1日")
    s = suggest_routing(document_from_text(consult))
    assert s.lead == "发展改革" and any("牵头或会同" in r for r in s.reasons["发展改革"])
    assert "统计" in s.participants  # without 商 (发展改革部门和统计部门) 统计 would not take part
    plain = suggest_routing(document_from_text(consult.replace("部门商统计", "部门和统计")))
    assert "统计" not in plain.participants
    trade = ("某某省人民政府办公厅关于促进外贸稳定增长的通知\n各市人民政府：\n"
             "发展改革部门与商务部门会商外贸形势，商务部门牵头做好外贸企业服务。\n某某省人民政府办公厅\n2026年9月1日")
    assert suggest_routing(document_from_text(trade)).lead == "商务"


def test_a_reply_goes_to_the_department_that_asked(corpus_dir: Path) -> None:
    """A 批复 or 复函 answers whoever asked — the first of its 主送: g0413 (the 全运会 函, 主送
    体育总局、财政部、国务院港澳办) went to 卫生健康 for one sentence on 疫情防控; g0263 (主送
    国家发展改革委、科技部，四川省人民政府) to 科技 for the 创新 in its title."""
    s = suggest_routing(read_document(corpus_dir / "g0413.txt"))
    assert s.lead == "体育" and "财政" in s.participants
    assert s.reasons["体育"][0] == "答复其来文（主送首位）"
    assert suggest_routing(read_document(corpus_dir / "g0263.txt")).lead == "发展改革"
    # the same 主送 on a document that answers nothing gives no such points
    notice = document_from_text("关于做好全国运动会筹备工作的通知\n体育总局、财政部：\n"
                                "为做好全国运动会筹备工作，现就有关事项通知如下。一、加强疫情防控。"
                                "二、做好经费保障。\n国务院办公厅\n2021年8月1日")
    assert not any("答复其来文" in r for rs in suggest_routing(notice).reasons.values() for r in rs)


FOREST = Path(__file__).resolve().parent.parent / "library" / "data" / "冬季森林防火通知.txt"


def _forest_halves() -> tuple[str, str]:
    """Return (an earlier notice on the same subject: the forest notice's first half, the next year's: its
    title and second half, one paragraph shared), similar but far from identical."""
    lines = [ln for ln in FOREST.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return ("\n".join(lines[:6]),
            "\n".join([lines[0].replace("2026—2027", "2027—2028"), *lines[4:]]))


def test_a_similar_documents_corrected_suggestion_is_remembered(tmp_path: Path, monkeypatch) -> None:
    """The clerk struck 气象 from an earlier forest notice's suggestion and added 交通运输: a later notice on
    the same subject is suggested the same way, and the reasons say why."""
    from gov_docs.handling import routing
    from gov_docs.handling.routing import similar_routings
    from gov_docs.library.comments import CommentStore

    earlier, later = _forest_halves()
    later_doc = document_from_text(later)
    shown = suggest_routing(later_doc)
    assert "气象" in shown.participants and "交通运输" not in shown.participants
    earlier_doc = document_from_text(earlier)
    offered = suggest_routing(earlier_doc)
    store = CommentStore(tmp_path / "h.sqlite")
    store.add_routing("earlier.txt", "应急管理", ["林业和草原", "公安", "交通运输"], earlier_doc.title,
                      doc_text=earlier_doc.text, suggested_lead=offered.lead,
                      suggested_participants=sorted({*offered.participants, "气象"}))
    assert similar_routings(later_doc, store.routings())[0][0] >= routing.HISTORY_MIN_SIMILARITY
    got = suggest_routing(later_doc, store=store)
    assert got.lead == "应急管理"
    assert "交通运输" in got.participants and "气象" not in got.participants
    assert "林业和草原" in got.participants and "公安" in got.participants
    # the partner the clerk added is kept from the most similar record even below near-identical
    monkeypatch.setattr(routing, "HISTORY_FORCE_SIMILARITY", 1.01)
    again = suggest_routing(later_doc, store=store)
    assert "交通运输" in again.participants and "气象" not in again.participants
    # without the suggestion recorded (a decision typed in), nothing is read as struck or added
    plain = CommentStore(tmp_path / "p.sqlite")
    plain.add_routing("earlier.txt", "应急管理", ["林业和草原", "公安", "交通运输"], earlier_doc.title,
                      doc_text=earlier_doc.text)
    assert "气象" in suggest_routing(later_doc, store=plain).participants
    store.close()
    plain.close()


def test_a_partner_the_text_lists_stays_though_struck_before(tmp_path: Path) -> None:
    """A department the text itself lists as a partner (会同…) is kept even when the clerk struck it from a
    similar document's suggestion: the text says who works on this one."""
    from gov_docs.library.comments import CommentStore

    earlier, later = _forest_halves()
    later = later.replace("四、做好扑救准备。", "四、做好扑救准备。应急管理部门要会同气象部门加强会商。")
    later_doc = document_from_text(later)
    earlier_doc = document_from_text(earlier)
    store = CommentStore(tmp_path / "h.sqlite")
    store.add_routing("earlier.txt", "应急管理", ["林业和草原", "公安"], earlier_doc.title,
                      doc_text=earlier_doc.text, suggested_lead="应急管理",
                      suggested_participants=["林业和草原", "公安", "气象"])
    got = suggest_routing(later_doc, store=store)
    assert "气象" in got.participants
    store.close()


def test_history_is_matched_by_subject_not_by_form(tmp_path: Path) -> None:
    """Similar recorded documents are those on the same subject: the forest notice's second half finds its
    first half, and a notice of the same form on another subject (新污染物) is no precedent."""
    from gov_docs.handling.routing import similar_routings
    from gov_docs.library.comments import CommentStore

    earlier, later = _forest_halves()
    store = CommentStore(tmp_path / "h.sqlite")
    store.add_routing("plan.txt", "生态环境", ["财政"],
                      "某某省人民政府办公厅关于印发新污染物治理行动方案的通知", doc_text=PLAN)
    store.add_routing("earlier.txt", "应急管理", ["林业和草原"], "", doc_text=earlier)
    records = store.routings()
    assert all(rec.doc_words for rec in records)  # what each is about is stored with it
    found = similar_routings(document_from_text(later), records)
    assert [rec.doc_path for _sim, rec in found] == ["earlier.txt"]
    # a record made before the words were stored is compared all the same
    records[1].doc_words = ""
    assert [rec.doc_path for _sim, rec in similar_routings(document_from_text(later), records)] == [
        "earlier.txt"]
    store.close()
