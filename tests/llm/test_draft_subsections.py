"""意见 and 方案 written sub-section by sub-section: the headings first, then each （一） in its own call (a
customary part of 总体要求 with its answer started by its heading and lead words).

The texts are the 1.5B's own answers from the 2026-12-01 evening runs (g0270 意见 on 进出口商品质量安全,
g0373 方案 on 无废城市, g0183 意见 on 天然气, g0218 方案 on 四川自贸试验区): the 40-document run's 意见 and
方案 stopped at 0.40 and 0.31 of the real length, with one or two short sub-sections to a section where the
real ones have 3–6 of 300–500 characters; asked for one sub-section, the 1.5B often wrote the whole
outline again.
"""

from __future__ import annotations

from gov_docs.document import Role
from gov_docs.llm.cleaning import Cleaner
from gov_docs.llm.drafting import (
    Drafter,
    DraftRequest,
    length_target,
    own_block,
    parse_subheadings,
    restarts,
    section_budgets,
    standard_form,
    templates,
)
from gov_docs.llm.outline import Section
from tests.llm.test_draft_sections import _Scripted

TO = "各省、自治区、直辖市人民政府，国务院各部委、各直属机构"
TITLE = "国务院关于完善进出口商品质量安全风险预警和快速反应监管体系切实保护消费者权益的意见"

# asked for the headings of 工作任务 (g0270), the 1.5B wrote a list with labels and went on
HEADINGS = ("### 任务\n\n"
            "1. **完善风险预警机制**：建立和完善进出口商品质量安全风险预警系统，"
            "及时发现并报告潜在的安全隐患。\n"
            "2. **强化快速反应能力**：建立健全进出口商品质量安全快速反应机制，"
            "提高对突发安全事件的响应速度和处理效率。\n"
            "3. **加强信息共享与合作**：加强进出口商品质量安全信息的收集、分析和共享，"
            "建立跨部门、跨地区的协同")
# the same for 保障措施: the outline's own headings first, then items with a clause after the heading
HEADINGS_2 = ("一、总体要求\n二、工作任务\n"
              "1. 加强风险预警机制建设，提高预警准确性和及时性。\n"
              "2. 完善快速反应机制，确保在突发事件发生后能够迅速响应和处理。\n"
              "3. 强化监管信息共享机制，促进跨部门合作和信息交流。\n"
              "4. 提高消费者权益保护意识，增强消费者的自我保护能力。")
# asked for the sub-section 完善风险预警机制 alone, the 1.5B wrote the whole document (cut short here)
DUMP = ("### 一、总体要求\n\n"
        "为完善进出口商品质量安全风险预警和快速反应监管体系，切实保护消费者权益，国务院提出以下意见：\n\n"
        "### 二、工作任务\n\n#### 完善风险预警机制\n\n"
        "1. **建立覆盖全国口岸的进出口商品质量安全监测网络**：通过设立专门的监测机构，"
        "确保所有进口出口商品都能得到及时、准确的质量监控。\n"
        "2. **畅通覆盖消费者投诉和企业报告的进出口商品风险信息监测渠道**："
        "设置专门的投诉处理部门，接收并记录消费者的反馈。\n\n"
        "#### 提升商品检验司的工作\n\n"
        "1. **拟订进出口商品法定检验和监督管理的工作制度**：制定详细的工作流程，明确各环节的责任和要求。\n\n"
        "#### 强化快速反应能力\n\n"
        "1. **建立快速响应机制**：确保在发现潜在问题时能够迅速采取措施，防止问题扩大。")
# asked for 基本原则 alone: 总体要求 with all three of its parts in bold labels
PRINCIPLES = ("### 一、总体要求\n\n**基本原则：**\n"
              "- **坚持依法监管，确保公平公正。** 持续完善进出口商品法定检验和监督管理制度，"
              "确保检验结果的准确性和透明度。\n"
              "- **强化风险预警，及时应对问题。** 建立覆盖全国口岸的进出口商品质量安全监测网络，"
              "畅通信息监测渠道。\n\n"
              "**指导思想：**\n通过建立健全进出口商品质量安全风险预警和快速反应监管体系，"
              "切实保护消费者权益，维护国家利益和市场秩序。\n\n"
              "**主要目标：**\n- **提升进出口消费品质量。** 建成覆盖全国口岸的进出口商品质量安全监测网络。")


def test_the_sub_headings_are_read_from_the_models_list() -> None:
    assert parse_subheadings(HEADINGS) == ["完善风险预警机制", "强化快速反应能力", "加强信息共享与合作"]
    # a heading is the first clause of an item; the outline's own headings are read too (the drafter
    # drops them: they are other sections)
    assert parse_subheadings(HEADINGS_2) == [
        "总体要求", "工作任务", "加强风险预警机制建设", "完善快速反应机制", "强化监管信息共享机制",
        "提高消费者权益保护意识"]
    # g0373 and g0204 (1.5B): a heading with 要 loses it; a purpose clause and a cut-off heading are none
    assert parse_subheadings("要深入贯彻习近平生态文明思想\n要加大财政投入力度\n"
                             "为加快康复辅助器具产业的发展\n要制定和完善相关\n提升技术标准") == [
        "深入贯彻习近平生态文明思想", "加大财政投入力度", "提升技术标准"]
    # g0218 (1.5B, 区位布局 and 主要任务和措施): a circumstance is no task
    circumstances = "要根据国家政策要求\n在国家西部大开发战略框架内\n推进贸易自由化和投资自由化"
    assert parse_subheadings(circumstances) == ["推进贸易自由化和投资自由化"]
    # g0338 (1.5B, seventh session): the list on one line, each item opening with the section's heading;
    # the clause after it is the sub-heading (the first clauses were all the section itself, and the
    # section was written without sub-sections)
    one_line = ("加快构建现代加工流通体系，推动全产业链发展（二）提升农产品加工质量，"
                "确保食品安全和市场供应安全（三）加强农产品物流体系建设，提高农产品流通效率")
    assert parse_subheadings("（一）" + one_line, "加快构建现代加工流通体系") == [
        "推动全产业链发展", "提升农产品加工质量", "加强农产品物流体系建设"]
    # without the section, the first clause stays the heading (the drafter then drops it as the section's)
    assert parse_subheadings("（一）" + one_line)[0] == "加快构建现代加工流通体系"


def test_a_sub_sections_answer_keeps_only_its_own_block() -> None:
    others = ["总体要求", "保障措施", "强化快速反应能力", "加强信息共享与合作"]
    mine = own_block(DUMP, "完善风险预警机制", others)
    assert "设立专门的监测机构" in mine and "投诉处理部门" in mine
    assert "国务院提出以下意见" not in mine and "商品检验司" not in mine and "快速响应机制" not in mine
    principles = own_block(PRINCIPLES, "基本原则", ["工作任务", "保障措施", "指导思想", "主要目标"])
    assert "坚持依法监管" in principles and "强化风险预警" in principles
    assert "维护国家利益" not in principles and "提升进出口消费品质量" not in principles
    # no own heading: the blocks under the other sections' and sub-sections' headings go, the rest stays
    rest = own_block(DUMP, "加强口岸监管", others)
    assert "国务院提出以下意见" not in rest and "快速响应机制" not in rest and "设立专门的监测机构" in rest
    plain = "建立企业报告机制。\n1. 设立消费者投诉平台。"
    assert own_block(plain, "完善风险预警机制", others) == plain  # no headings at all: all of it


def test_principles_and_goals_keep_their_form() -> None:
    # g0218 基本原则: three principles, then a list of measures (推进……) that is not a principle
    principles = ("坚持开放包容、互利共赢的原则，推动形成全方位、多层次、宽领域的对外开放格局。"
                  "坚持市场主导、政府引导的原则，促进市场主体参与和政府监管相结合。"
                  "坚持创新驱动、绿色低碳的原则，推动产业转型升级和绿色发展。推进金融开放，深化金融领域改革。"
                  "推动基础设施建设，提升区域交通和信息基础设施水平。加强生态环境保护，促进绿色发展。"
                  "推进科技创新，培育新的经济增长点。")
    assert standard_form("基本原则", principles).endswith(
        "推动基础设施建设，提升区域交通和信息基础设施水平。")
    # g0218 主要目标: the goal, then measures (提升产业水平……) — the measures go
    goals = ("到××××年，中国（四川）自由贸易试验区要建成具有国际竞争力的开放型经济体系，成为我国西部地区对外"
             "开放的重要门户。提升产业水平，推动制造业、服务业和高新技术产业协同发展。优化营商环境，完善市场准入"
             "制度。")
    assert standard_form("主要目标", goals) == goals[:goals.index("提升产业水平")]
    assert standard_form("健全市场机制", goals) == goals


def test_a_heading_written_as_a_label_before_the_text_goes() -> None:
    cleaner = Cleaner(title="“无废城市”建设试点工作方案", doc_type="方案")
    # g0373 (the 40-document run): the section's heading and a （一） run into its first sentence
    assert cleaner.clean("总体要求，（一）树立绿色发展理念，推动经济社会发展全面绿色转型。",
                         heading="总体要求") == "树立绿色发展理念，推动经济社会发展全面绿色转型。"
    assert cleaner.clean("保障措施，（一）加强组织领导，形成工作合力；完善政策法规，提供支持和指导。",
                         heading="保障措施") == "加强组织领导，形成工作合力；完善政策法规，提供支持和指导。"
    # the 0.5B's 指导思想 (g0270): the sub-section's heading as a label
    principle = "以进出口商品安全风险评估、风险预警和快速反应工作为中心，坚持依法合规、科学严谨的原则。"
    assert Cleaner(title=TITLE, doc_type="意见").clean(
        "指导思想：" + principle, heading="指导思想", part_of="总体要求") == principle


def test_an_opinion_is_written_sub_section_by_sub_section() -> None:
    texts = {
        "“完善风险预警机制”这一小节": DUMP,
        "“强化快速反应能力”这一小节": "定期对进出口商品进行质量检查和评估，及时发现并处理质量问题。"
                                  "建立快速反应响应机制，制定应急预案，确保发生质量风险时迅速采取措施。",
        "“加强信息共享与合作”这一小节": "建立跨境信息共享平台，实现进出口商品质量数据的实时传输和共享。"
                                    "加强与国际组织的合作，推动全球范围内的风险预警和快速反应合作。",
        "“加强组织领导”这一小节": "各部门要建立跨部门、跨行业的工作机制，明确职责分工，形成工作合力。",
        "“落实经费保障”这一小节": "财政部门要将风险监测、预警平台建设和运行经费纳入预算，加强资金使用监管。",
        # 基本原则 go on from their lead word; what follows the principles is measures and goes
        "（二）基本原则。坚持": "依法监管，确保公平公正。完善进出口商品法定检验和监督管理制度。"
                              "坚持风险防控，及时应对问题。建立覆盖全国口岸的监测网络。加强口岸监管。"
                              "推动建立跨部门信息交流平台。",
    }
    # the dump starts the document over: stopped at its first line, the sub-section is asked again with its
    # answer started at its place in the outline ("二、工作任务\n（一）完善风险预警机制。"); the 1.5B then
    # wrote a few sentences and went on to the next （二） (as for g0338's 完善动物防疫体系), where it stops
    own = ("建立覆盖全国口岸的进出口商品质量安全监测网络，设立专门的监测机构，确保所有进口出口商品都能"
           "得到及时、准确的质量监控。畅通覆盖消费者投诉和企业报告的进出口商品风险信息监测渠道，"
           "设置专门的投诉处理部门，接收并记录消费者的反馈。\n（二）强化快速反应能力。建立快速响应机制，"
           "确保在发现潜在问题时能够迅速采取措施。")
    backend = _Scripted({"（一）完善风险预警机制。": own, "“工作任务”这一部分拟": HEADINGS, **texts,
                         "“保障措施”这一部分拟": "加强组织领导\n落实经费保障", "接着写": "好的。"})
    req = DraftRequest("意见", title=TITLE, points=["总体要求", "工作任务", "保障措施"], to=TO, org="国务院")
    drafter = Drafter(backend, paraphrase=0)
    doc = drafter.draft(req).document
    dump = next(c for c in drafter.call_log if c["raw"].startswith("### 一、总体要求"))
    assert dump["stopped"] and dump["raw"].strip() == "### 一、总体要求"
    again = drafter.call_log[drafter.call_log.index(dump) + 1]
    assert again["messages"][-1] == {"role": "assistant", "content": "二、工作任务\n（一）完善风险预警机制。"}
    # stopped once the next sub-section's heading is complete: a sibling's
    assert again["stopped"] and again["raw"].endswith("（二）强化快速反应能力。")
    paras = doc.paragraphs
    subs = [p.text for p in paras if p.role is Role.HEADING2]
    assert subs == ["（一）指导思想", "（二）基本原则", "（三）主要目标",  # the customary parts of 总体要求
                    "（一）完善风险预警机制", "（二）强化快速反应能力", "（三）加强信息共享与合作",
                    "（一）加强组织领导", "（二）落实经费保障"]
    prompts = [next(m["content"] for m in reversed(c) if m["role"] == "user") for c in backend.calls]
    assert not any("“总体要求”这一部分拟" in p for p in prompts)  # no headings asked for 总体要求
    own = next(p for p in prompts if "“强化快速反应能力”这一小节" in p)
    # the siblings are named as not its business
    assert "“完善风险预警机制”、“加强信息共享与合作”是其他小节" in own
    # a customary part's answer is started with its heading and lead words; one of measures is not
    assert any(c[-1] == {"role": "assistant", "content": "（二）基本原则。坚持"} for c in backend.calls)
    asked = next(c for c in backend.calls if "“强化快速反应能力”这一小节" in c[-1]["content"])
    assert asked[-1]["role"] == "user"
    texts_ = [p.text for p in paras]
    first = texts_[texts_.index("（一）完善风险预警机制") + 1]
    assert "设立专门的监测机构" in first and "商品检验司" not in first and "国务院提出" not in first
    assert "快速响应机制" not in first  # the block under a sibling's heading went
    assert paras[texts_.index("（二）强化快速反应能力") + 1].text.startswith("定期对进出口商品进行质量检查")
    principles = texts_[texts_.index("（二）基本原则") + 1]
    assert principles.startswith("坚持依法监管，确保公平公正。") and "跨部门信息交流平台" not in principles
    # the customary parts get no continue turn
    assert not any("接着写“基本原则”" in c[-1]["content"] for c in backend.calls)


def test_a_sub_section_of_the_models_own_that_was_all_cut_goes_with_its_heading() -> None:
    # the model's second heading gets only the other sections' text: the heading goes, no 【待补充】
    backend = _Scripted({
        "“工作任务”这一部分拟": "完善风险预警机制\n提升商品检验司的工作",
        "“提升商品检验司的工作”这一小节": "### 一、总体要求\n为完善监管体系，国务院提出以下意见。",
        "“完善风险预警机制”这一小节": "建立覆盖全国口岸的进出口商品质量监测网络，分析风险信息。",
        "接着写": "好的。"})
    req = DraftRequest("意见", title=TITLE, points=["总体要求", "工作任务"], to=TO, org="国务院")
    result = Drafter(backend, paraphrase=0).draft(req)
    subs = [p.text for p in result.document.paragraphs if p.role is Role.HEADING2]
    assert "（一）完善风险预警机制" in subs and not any("商品检验司" in s for s in subs)
    assert "提升商品检验司的工作" not in result.gaps


def test_a_label_said_again_in_its_sentence_and_a_generic_label_go() -> None:
    # sentences of the sub-section by sub-section drafts of g0270 and g0224 (1.5B): a Markdown item
    # "**label**：text" whose text says its label again, or whose label is a bare "目标"
    cleaner = Cleaner(title="国家技术转移体系建设方案", doc_type="方案")
    cases = {
        "加强国际合作与交流，加强国际合作与交流，共享风险信息，提高风险预警和快速反应处置能力。":
            "加强国际合作与交流，共享风险信息，提高风险预警和快速反应处置能力。",
        "建立健全质量追溯体系，建立质量追溯体系，实现进口商品从生产到流通的全过程可追踪。":
            "建立质量追溯体系，实现进口商品从生产到流通的全过程可追踪。",
        "建立知识产权交易平台，搭建知识产权交易平台，为技术转移提供便捷的知识产权交易服务。":
            "搭建知识产权交易平台，为技术转移提供便捷的知识产权交易服务。",
        "目标， 创造一个高效、便捷的技术转移服务平台，促进科技成果与市场对接。":
            "创造一个高效、便捷的技术转移服务平台，促进科技成果与市场对接。",
        # a label followed by what it means in other words stays
        "加强监管队伍建设，建立一支高素质、专业化的监管队伍，定期开展培训和考核。":
            "加强监管队伍建设，建立一支高素质、专业化的监管队伍，定期开展培训和考核。",
    }
    for k, (raw, clean) in enumerate(cases.items()):
        assert cleaner.clean(raw, heading=f"第{k}节") == clean


def test_an_answer_that_starts_the_document_over_is_told_by_its_first_line() -> None:
    # first lines of the 1.5B's answers for one sub-section of g0200 (意见) and a section of the
    # 森林防火 通知: the document again from the top, or its title
    others = ("总体要求", "夯实监管责任", "健全监管规则和标准")
    assert restarts("一、总体要求\n加强和规范事中事后监管，是全面深化改革的重要任务。", others)
    assert restarts("### 一、总体要求\n\n", others)
    assert restarts("总体要求：加强和规范事中事后监管，维护良好市场秩序。\n\n夯实监管责任：", others)
    assert restarts("**江北市人民政府办公室关于做好今冬明春森林防火工作的通知**\n\n各乡镇：", others)
    # its own section's heading, a list of measures numbered 一、二、, or a line not yet complete: no restart
    assert not restarts("创新和完善监管方式\n（十六）加强监管手段的运用。", others)
    assert not restarts("一、建立跨部门协调机制，形成监管合力。\n二、", others)
    assert not restarts("一、总体要", others)


def test_the_length_a_customary_section_does_not_use_goes_to_the_sections_of_measures() -> None:
    """A 方案's 总体要求 is written as 指导思想, 基本原则, 主要目标 of fixed sizes (980 characters): given an
    even share (1,879 of a four-section 方案) it left 900 characters to nobody, and the draft aimed 12% under
    the template's target (the 1.5B's 方案 ran at 0.27 of the real length, eleventh session)."""
    tpl = templates()["方案"]
    sections = [Section(h) for h in ("总体要求", "区位布局", "主要任务和措施", "保障机制")]
    target = length_target(tpl, len(sections))
    budgets = section_budgets(sections, tpl, target - 150)
    assert budgets[0] == 980 and sum(budgets) >= target - 150 - 3
    assert budgets[1] == budgets[2] == budgets[3] > (target - 150) // 4
    # the clerk's sub-sections weigh as before; a section of the clerk's is never a customary one
    sections = [Section("总体要求", subs=["指导思想", "工作目标"]),
                Section("重点任务", subs=["甲", "乙", "丙"])]
    assert section_budgets(sections, tpl, 5000) == [2000, 3000]
    # a 通知 has no customary parts: an even share
    notice = [Section("总体要求"), Section("主要任务"), Section("工作要求")]
    assert section_budgets(notice, templates()["通知"], 1950) == [650, 650, 650]
