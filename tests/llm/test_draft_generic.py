"""Sections that are not generic: no body the clerk never named, no purpose said again in other words.

The lead's reading of the idle g0193 通知 (2026-12-02): "确保各项政策的有效执行和落地" and "促进跨地区、
跨部门的合作" each came twice in other wording, and it invented "国务院成立……领导小组".
"""

from __future__ import annotations

from gov_docs.llm.cleaning import Cleaner, clause_grams
from gov_docs.llm.drafting import Drafter, DraftRequest
from tests.llm.test_draft_sections import _Scripted

G0193 = "国务院关于做好自由贸易试验区第六批改革试点经验复制推广工作的通知"
SECTIONS = ("复制推广的主要内容", "高度重视复制推广工作", "切实做好组织实施")


def _cleaner(allowed: str = "") -> Cleaner:
    return Cleaner(title=G0193, doc_type="通知", allowed=allowed, org="国务院", sections=SECTIONS)


def test_a_body_the_clerk_never_named_is_not_set_up() -> None:
    c = _cleaner()
    body = c.clean("各地区要加强对改革试点经验的学习借鉴。国务院成立复制推广工作领导小组，统筹推进各项工作。"
                   "各地区要组建工作专班，专人负责。", heading="复制推广的主要内容")
    assert body == "各地区要加强对改革试点经验的学习借鉴。"
    # named by the clerk (a point, the title), it stays; 工作组织 is no 工作组
    c = _cleaner(allowed="成立复制推广工作领导小组")
    kept = "国务院成立复制推广工作领导小组，统筹推进各项工作。要加强工作组织实施，压实各方责任。"
    assert c.clean(kept, heading="切实做好组织实施") == kept


def test_a_purpose_said_in_an_earlier_section_is_not_said_again_in_other_words() -> None:
    c = _cleaner()
    first = c.clean("各地区要加强对改革试点经验的学习借鉴，确保各项政策的有效执行和落地。",
                    heading="复制推广的主要内容")
    assert first.endswith("确保各项政策的有效执行和落地。")
    assert clause_grams(first) and len(c.tails) == 2
    body = c.clean("各部门要建立健全工作机制，确保政策有效执行和落地。要加强跨部门协同，促进跨地区、"
                   "跨部门的合作。要定期开展督查评估，及时总结经验做法，促进跨部门跨地区合作。",
                   heading="切实做好组织实施")
    # the measures stay; their purposes said before (in 一, and in this section's second sentence) go
    assert body == ("各部门要建立健全工作机制。要加强跨部门协同，促进跨地区、跨部门的合作。"
                    "要定期开展督查评估，及时总结经验做法。")
    # a preview (commit=False) remembers nothing
    before = len(c.tails)
    c.clean("要强化宣传引导，营造良好氛围。", heading="高度重视复制推广工作", commit=False)
    assert len(c.tails) == before


def test_the_drafter_cuts_an_invented_body_and_a_purpose_said_again() -> None:
    backend = _Scripted({
        "写“复制推广的主要内容”": "各地区要对照改革事项清单逐项推进，确保各项政策的有效执行和落地。",
        "写“切实做好组织实施”": ("国务院成立复制推广工作领导小组，负责统筹协调。各部门要细化工作方案，"
                           "明确时间节点和责任单位，确保政策有效执行和落地。"),
    })
    req = DraftRequest("通知", title=G0193, points=["复制推广的主要内容", "切实做好组织实施"],
                       to="各省、自治区、直辖市人民政府，国务院各部委、各直属机构", org="国务院")
    texts = [p.text for p in Drafter(backend, paraphrase=0).draft(req).document.paragraphs]
    two = texts[texts.index("二、切实做好组织实施") + 1]
    assert two == "各部门要细化工作方案，明确时间节点和责任单位。"
    assert "确保政策有效执行和落地" not in two


def test_a_list_marks_stray_comma_goes_with_it() -> None:
    # the 1.5B's g0183 (40-document run, main 9fe6880): "（四）、完善……" left "……能力。、完善……", an
    # error-level finding (punctuation.adjacent-marks) after the automatic fixes
    c = Cleaner(title="国务院关于促进天然气协调稳定发展的若干意见", doc_type="意见", org="国务院")
    body = c.clean("（三）加强天然气供应保障能力建设，提高市场适应能力。\n\n（四）、完善天然气价格形成机制，"
                   "确保市场价格在合理区间内波动。", heading="完善天然气供应保障机制")
    assert body == ("加强天然气供应保障能力建设，提高市场适应能力。"
                    "完善天然气价格形成机制，确保市场价格在合理区间内波动。")


def test_duties_given_to_organs_the_clerk_never_named_go() -> None:
    # the 1.5B's g0414 函 (40-document run, main 9fe6880 and this session's code alike)
    title = "国务院办公厅关于同意建立交通运输新业态协同监管部际联席会议制度的函"
    c = Cleaner(title=title, doc_type="函", allowed=title + " 交通运输部", org="国务院办公厅")
    body = c.clean("各成员单位要按照职责分工，加强协作，共同推动交通运输新业态协同监管工作。"
                   "交通运输部负责制定相关法律法规和标准，工业和信息化部负责推动信息基础设施建设，"
                   "市场监管总局负责规范市场秩序，国家发展改革委负责提供资金支持，公安部负责维护公共安全。",
                   heading="成员单位")
    assert body == "各成员单位要按照职责分工，加强协作，共同推动交通运输新业态协同监管工作。"
    # the organ the clerk named (the 主送) keeps its duty
    kept = "交通运输部负责联席会议的日常工作，联席会议办公室设在交通运输部。"
    assert c.clean(kept, heading="工作规则") == kept
