"""What a clerk asks for in a 函 or 请示 is in the draft, with the roles of sender and addressee right.

The lead's command (2026-12-02): ``gov-docs draft --ask "给市财政局发个函，商请安排2027年城市公园改造提
升专项资金800万元" --org 江北市园林绿化局``. The 1.5B's 函 never stated the 800万元, told the 财政局
"请尽快完成这项工作", and kept "时间进度。质量保证。" as sentences; in the same session's run it asked the
财政局 to "在资金使用过程中严格遵守……", "建议贵局……优先考虑对公园内现有设施进行改造提升" and named an
unnamed "该区".
"""

from __future__ import annotations

import re
from pathlib import Path

from gov_docs.checks import default_checker
from gov_docs.document.model import Role
from gov_docs.llm.asks import (
    addressee_word,
    ask_of,
    asking_opening,
    commands_addressee,
    does_the_ask,
    keep_roles,
    request_sentence,
    states_request,
)
from gov_docs.llm.backends import LlamaCppBackend
from gov_docs.llm.cleaning import SENTENCE, Cleaner
from gov_docs.llm.drafting import Drafter, DraftRequest
from gov_docs.llm.outline import build_plan_frame
from tests.llm.test_draft_sections import _Scripted

ASK = "给市财政局发个函，商请安排2027年城市公园改造提升专项资金800万元"
ORG = "江北市园林绿化局"
TITLE = "江北市园林绿化局关于商请安排2027年城市公园改造提升专项资金800万元的函"

#: The 1.5B's 商洽事项 of the lead's 函 (main 9fe6880, 2026-12-02 12:15, one thread)
MODEL_REQUEST = ("我局恳请贵局安排2027年城市公园改造提升专项资金800万元，以支持该区的园林绿化工作。"
                 "该区计划对现有城市公园进行改造提升，包括增加绿地面积、改善设施条件等，预计总投资约800万元。恳请贵局予以支持，并在资金"
                 "使用过程中严格遵守相关法律法规和财务制度。建议贵局在资金使用过程中，优先考虑对公园内现有设施进行改造"
                 "提升，以提高其功能和美观性。强调贵局在资金使用过程中，注重环境保护和生态平衡，确保改造提升工作不会对"
                 "周边环境造成负面影响。")


def test_the_request_is_read_from_the_clerks_sentence() -> None:
    plan = build_plan_frame(ASK, org=ORG)
    assert plan.title == TITLE and plan.to == "市财政局" and plan.ask == ASK
    ask = ask_of(plan.doc_type, plan.title, plan.ask)
    assert ask.matter == "安排2027年城市公园改造提升专项资金800万元" and ask.figures == ["800万元"]
    # what the money is for, said in a later clause the title leaves out, is kept
    more = ask_of("函", TITLE, ASK + "，用于5个公园的提升改造")
    assert more.details == ["用于5个公园的提升改造"] and more.figures == ["800万元", "5个"]
    assert request_sentence(more, "函", "市财政局") == (
        "为此，特商请贵局安排2027年城市公园改造提升专项资金800万元，用于5个公园的提升改造，予以支持。")
    # a 请示 asks its superior, by its short name; the closing (妥否，请批示) asks for the decision
    plan = build_plan_frame("向市人民政府请示增拨森林防火专项经费120万元", org="江北市应急管理局")
    assert plan.title == "江北市应急管理局关于增拨森林防火专项经费120万元的请示"
    ask = ask_of("请示", plan.title, plan.ask)
    assert request_sentence(ask, "请示", plan.to) == "为此，恳请市政府增拨森林防火专项经费120万元。"
    # a matter named by its thing gets the verb of what is asked
    ask = ask_of("请示", "江北市水利局关于申请防汛专项经费50万元的请示")
    assert ask.matter == "安排防汛专项经费50万元"
    # a 函 that asks nothing (a report of the state of work) gets no request invented
    assert ask_of("函", "江北市园林绿化局关于2026年城市绿化工作有关情况的函") is None
    assert ask_of("通知", "江北市园林绿化局关于安排公园改造资金的通知") is None
    # a 函 that grants asks for nothing, and its orders to the addressee are its business
    granting = "国务院办公厅关于同意建立交通运输新业态协同监管部际联席会议制度的函"
    assert ask_of("函", granting) is None
    duty = "你部要会同有关部门抓紧制定联席会议工作规则。"
    assert keep_roles(duty, ask_of("函", granting), "函", "交通运输部", "", org="国务院办公厅") == duty
    names = ("市财政局", "市发展和改革委员会", "省交通运输厅", "市政府办公室")
    assert [addressee_word(t, "函") for t in names] == ["贵局", "贵委", "贵厅", "贵办"]


def test_the_addressee_is_asked_never_ordered() -> None:
    for order in ("请尽快完成这项工作。", "贵局要加强资金监管。", "要求贵局按时拨付资金。",
                  "建议贵局在资金使用过程中，优先考虑对公园内现有设施进行改造提升。",
                  "请贵局尽快完成资金拨付工作，确保按时到位。"):
        assert commands_addressee(order, "函"), order
    for ask in ("请贵局予以支持。", "请予研究函复。", "恳请贵局给予资金支持。",
                "我局将严格按照规定使用资金。"):
        assert not commands_addressee(ask, "函"), ask
    assert not commands_addressee("请各单位按时报送材料。", "通知")  # a 通知 orders: that is its business
    ask = ask_of("函", TITLE)
    assert does_the_ask("我局将安排专项资金800万元用于公园改造。", ask, "我局")  # the sender does the ask
    assert not does_the_ask("我局恳请贵局安排专项资金800万元。", ask, "我局")
    assert not does_the_ask("我局将严格管理和使用专项资金。", ask, "我局")


def test_the_models_request_part_keeps_its_request_and_loses_the_orders() -> None:
    ask = ask_of("函", TITLE, ASK)
    body = keep_roles(MODEL_REQUEST, ask, "函", "市财政局", "我局", request_part=True, org=ORG)
    assert body == ("我局恳请贵局安排2027年城市公园改造提升专项资金800万元，以支持我市的园林绿化工作。"
                    "我市计划对现有城市公园进行改造提升，包括增加绿地面积、改善设施条件等，预计总投资约800万元。恳请贵局予以支持。")
    # a request part that never states the amount gets it, written by rule, first; its vague asks go
    vague = "目前我市公园设施老化。希望贵局给予资金支持。请尽快完成这项工作。我局将严格管理资金。"
    body = keep_roles(vague, ask, "函", "市财政局", "我局", request_part=True, org=ORG)
    assert body == ("为此，特商请贵局安排2027年城市公园改造提升专项资金800万元，予以支持。"
                    "目前我市公园设施老化。我局将严格管理资金。")
    assert states_request(body, ask)
    # the other part keeps what it says, without orders, and gets no request
    assert keep_roles(vague, ask, "函", "市财政局", "我局", org=ORG) == (
        "目前我市公园设施老化。希望贵局给予资金支持。我局将严格管理资金。")


def test_a_label_is_never_left_as_a_sentence() -> None:
    letter = Cleaner(title=TITLE, doc_type="函", allowed=TITLE, org=ORG)
    for raw in ("时间进度。质量保证。我局将按时完成改造任务。",
                # 申请 is no one told to act (the 0.5B's 函, twelfth session: "预算申请。" was kept)
                "预算申请。时间进度。我局将按时完成改造任务。",
                "**时间进度**：我局将于2027年底前完成改造。**质量保证**：严格按照标准施工，确保工程质量。",
                "时间进度：2027年6月前完成设计，年底前完成施工。质量保证：严格执行验收标准。"):
        body = letter.clean(raw, heading="商洽事项", max_chars=600, commit=False)
        assert body and not re.search(r"(?:^|。)(?:时间进度|质量保证|预算申请)。", body), body
    notice = Cleaner(title="江北市园林绿化局关于做好2027年城市公园改造提升工作的通知", doc_type="通知",
                     org=ORG, sections=("加强组织领导", "做好质量管理"))
    body = notice.clean("时间进度。质量保证。各单位要按时完成改造任务。", heading="做好质量管理",
                        max_chars=600, commit=False)
    assert body == "各单位要按时完成改造任务。"
    # a run-in heading of something to do, before its text, is the 国务院 form and stays
    body = notice.clean("实施绿色种植模式。鼓励农户采用绿色技术。", heading="做好质量管理", max_chars=600,
                        commit=False)
    assert body == "实施绿色种植模式。鼓励农户采用绿色技术。"


def _letter(backend, **kw) -> tuple[list[str], Drafter]:
    drafter = Drafter(backend, checker=default_checker(), paraphrase=0, **kw)
    plan = build_plan_frame(ASK, org=ORG)
    plan.sections = drafter.plan(ASK, org=ORG).sections
    result = drafter.draft(DraftRequest.from_plan(plan, org=ORG))
    return [p.text for p in result.document.paragraphs if p.role is Role.BODY], drafter


def test_the_drafter_tells_the_request_part_the_request_and_states_it() -> None:
    backend = _Scripted({
        "写“有关情况”": "近年来，我市城市公园设施逐步老化，部分公园绿化景观退化，难以满足市民休闲需要。",
        "写“商洽事项”": "请尽快完成这项工作。时间进度。我局将加强项目管理，确保资金专款专用。质量保证。",
    })
    bodies, drafter = _letter(backend)
    first = next(c["messages"] for c in drafter.call_log if c["part"] == "商洽事项")
    # the clerk's request is in the part's prompt, and written by rule it starts the model's answer
    assert "办文人对这一部分的要求：商请贵局安排2027年城市公园改造提升专项资金800万元" in first[-2]["content"]
    assert first[-1] == {"role": "assistant",
                         "content": "为此，特商请贵局安排2027年城市公园改造提升专项资金800万元，予以支持。"}
    text = "".join(bodies)
    assert "为此，特商请贵局安排2027年城市公园改造提升专项资金800万元，予以支持。" in text
    assert "请尽快完成" not in text and "时间进度" not in text and "质量保证" not in text
    assert "我局将加强项目管理，确保资金专款专用。" in text and bodies[-1] == "请予研究函复。"


def test_the_small_model_drafts_the_letter_with_its_request(demo_model_path: Path) -> None:
    bodies, _ = _letter(LlamaCppBackend(demo_model_path, n_ctx=2048, threads=1), section_tokens=90)
    text = "".join(bodies)
    ask = ask_of("函", TITLE, ASK)
    assert states_request(text, ask), text
    sentences = [s for b in bodies for s in SENTENCE.findall(b)]
    assert not [s for s in sentences if commands_addressee(s, "函") or does_the_ask(s, ask, "我局")], text
    assert not [s for s in sentences if len(re.sub(r"[^\u4e00-\u9fff]", "", s)) <= 6 and "，" not in s
                and s not in ("请予研究函复。",)], text


#: The 1.5B's 基本情况 of "给市政府写个请示，申请拨付2027年森林防火专项经费120万元，用于购置扑火装备
#: 和建设瞭望塔" (江北市应急管理局, this session's code before the rules below, 2026-12-02 12:37)
REPORTED = ("江北市作为福建省的重要城市，森林资源丰富，是全省重要的生态屏障。近年来，随着经济社会的发"
            "展，森林火灾的发生频率和严重程度有所增加，对全市生态环境和人民群众生命财产安全构成了威胁"
            "。为有效应对森林火灾，维护全市的社会稳定和生态平衡，我局需申请拨付2027年森林防火专项"
            "经费120万元。江北市是福建省的重要城市，森林资源丰富，维护全市生态环境和人民群众生命财"
            "产安全，我局需申请拨付××万元的森林防火专项经费。加强对森林防火工作的宣传力度，提高公众"
            "的安全意识和火灾防范能力。建立和完善森林防火应急机制，确保在发生森林火灾时能够迅速、高效"
            "地进行扑救。")


def test_a_request_states_its_situation_once_without_an_invented_province_or_orders() -> None:
    sentence = "给市政府写个请示，申请拨付2027年森林防火专项经费120万元，用于购置扑火装备和建设瞭望塔"
    plan = build_plan_frame(sentence, org="江北市应急管理局")
    ask = ask_of(plan.doc_type, plan.title, plan.ask)
    assert ask.details == ["用于购置扑火装备和建设瞭望塔"]
    org = "江北市应急管理局"
    cleaner = Cleaner(title=plan.title, doc_type="请示", org=org,
                      allowed=plan.title + ask.note("请示", plan.to, "我局"))
    body = keep_roles(cleaner.clean(REPORTED, heading="基本情况", max_chars=900), ask, "请示", plan.to,
                      "我局", org=org)
    # the province nobody named, the request said twice outside its part and two measures nobody does go
    assert body == ("近年来，随着经济社会的发展，森林火灾的发生频率和严重程度有所增加，"
                    "对全市生态环境和人民群众生命财产安全构成了威胁。")
    # in the request part the request is the rule's, first; a measure with the sender as its doer stays
    part = keep_roles("这将确保我局能够及时应对森林火灾。我局将定期对扑火装备和瞭望塔进行维护和更新。"
                      "加强与相关部门的沟通协作。定期组织森林防火知识培训，减少火灾发生的风险。", ask, "请示",
                      plan.to, "我局", request_part=True,
                      org="江北市应急管理局")
    assert part == ("为此，恳请市政府拨付2027年森林防火专项经费120万元，用于购置扑火装备和建设瞭望塔。"
                    "这将确保我局能够及时应对森林火灾。我局将定期对扑火装备和瞭望塔进行维护和更新。")


def test_a_continue_turn_that_is_its_part_again_without_its_purpose_goes() -> None:
    # the 1.5B's 请示事项 in two turns (this session's code, 13:15): the second turn's sentence, its
    # purpose said before and cut, was the first turn's last clause again
    title = "江北市应急管理局关于申请拨付2027年森林防火专项经费120万元的请示"
    cleaner = Cleaner(title=title, doc_type="请示", allowed=title, org="江北市应急管理局")
    first = cleaner.clean("这将确保我局能够及时应对森林火灾，保障人民群众生命财产安全。拟在2027年3月15日前"
                          "完成资金到位和设备购置工作，并于同年4月15日之前完成瞭望塔的建设。",
                          heading="请示事项")
    assert first.startswith("这将确保我局能够及时应对森林火灾") and first.endswith("完成瞭望塔的建设。")
    assert cleaner.clean("拟在同年5月15日前完成瞭望塔的建设，确保我局能够及时应对森林火灾。",
                         heading="请示事项") == ""


def test_the_roles_are_kept_in_every_cleaned_text_so_a_part_cut_short_is_continued() -> None:
    backend = _Scripted({  # the continue turn's key first: "写“有关情况”" is a part of it
        "接着写“有关情况”": "目前全市××个公园中，××个建成已超过十五年，园路破损、照明不足等问题较为突出。",
        "写“有关情况”": "近年来，我市城市公园设施逐步老化，部分公园绿化景观退化，难以满足市民休闲需要。"
                      "加强公园日常养护管理，提高管理水平。",
        "写“商洽事项”": "我局将严格按照专项资金管理规定，做到专款专用，并主动接受财政、审计部门的监督。",
    })
    bodies, drafter = _letter(backend)
    situation = bodies[1]
    # the measure nobody does went in the cleaning, so the part was continued with its situation
    assert "加强公园日常养护管理" not in situation and "园路破损" in situation
    assert any(c["part"] == "有关情况" for c in drafter.call_log[2:])


def test_an_asking_opening_gives_the_need_not_the_request_nor_the_sender() -> None:
    """The 1.5B's openings (2026-12-02): the 函 to the 财政局 "为安排……800万元，我局向市政府提出商洽" (the
    request as a purpose, to the wrong addressee); the 请示 "我局是负责全市森林火灾预防和扑救工作的政府机构".
    The opening is asked for the need, and what makes the request or introduces the sender goes."""
    backend = _Scripted({
        "不介绍发文机关的职责": "为安排2027年城市公园改造提升专项资金800万元，我局向市政府提出商洽。"
                               "近年来，我市城市公园设施逐步老化，难以满足市民休闲需要。",
        "写“有关情况”": "目前全市××个公园中，××个建成已超过十五年，园路破损、照明不足等问题较为突出。",
    })
    bodies, drafter = _letter(backend)
    asked = next(c["messages"] for c in drafter.call_log if c["part"] == "开头")[-1]["content"]
    assert "不写请求事项本身和金额" in asked and "以“为”开头）" not in asked
    assert bodies[0] == "近年来，我市城市公园设施逐步老化，难以满足市民休闲需要，现将有关事项函告如下："
    ask = ask_of("请示", "江北市应急管理局关于申请拨付2027年森林防火专项经费120万元的请示")
    assert asking_opening("我局是负责全市森林火灾预防和扑救工作的政府机构，近年来全市森林火险等级持续偏高。",
                          ask, "请示") == "近年来全市森林火险等级持续偏高。"
    assert asking_opening("作为全市森林防火工作的主管部门，我局高度重视森林防火工作，扑火装备老化严重。",
                          ask, "请示") == "我局高度重视森林防火工作，扑火装备老化严重。"
    # the request made in the opening goes, its purpose stays
    # (the formula follows: "……，现将有关情况请示如下：")
    assert asking_opening("为保障2027年森林防火工作，现申请拨付专项经费120万元。", ask, "请示") == (
        "为保障2027年森林防火工作。")
    # a 函 that grants asks nothing: its opening is its own
    granting = "国务院办公厅关于同意建立交通运输新业态协同监管部际联席会议制度的函"
    text = "你部关于建立交通运输新业态协同监管部际联席会议制度的请示收悉。"
    assert asking_opening(text, ask_of("函", granting), "函") == text


def test_an_opening_cut_short_by_its_token_budget_loses_its_unfinished_sentence() -> None:
    # the 1.5B's opening of the lead's 函 (twelfth session): the request as a purpose, then a sentence the
    # budget cut; the first goes as a request, the second was kept as "……方面存在，现将有关事项函告如下："
    from gov_docs.llm.drafting import opening_text
    raw = (TITLE + "\n\n为推进我市城市公园的高质量发展，"
           "我局决定商请安排2027年城市公园改造提升专项资金800万元。"
           "目前，江北市的城市公园在功能、设施等方面存在")
    cleaner = Cleaner(title=TITLE, doc_type="函", org=ORG, allowed=TITLE)
    opening = asking_opening(opening_text(raw, cleaner, 60), ask_of("函", TITLE), "函")
    assert "存在" not in opening
