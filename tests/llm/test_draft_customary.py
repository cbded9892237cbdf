"""Sections of an 意见 that came out empty: a 一级 section that is itself a customary part of a 总体要求
(一、指导思想, 二、原则目标) is written in that form, and a heading that is the title's own subject does not
make every sentence on the subject another section's business.

Seen on the held-out g0362 (the 1.5B with 范文, 2026-12-02): its outline was 指导思想, 原则目标,
体系建设, 重点任务, 组织落实; 指导思想 became a list of measures, and 原则目标 and 重点任务 were 【待补充】
because each of their sentences said "农村寄递物流体系建设" (the title's subject), which named the section
体系建设. The texts below are written for the test (no held-out text is used).
"""

from __future__ import annotations

from gov_docs.document import Role
from gov_docs.llm.cleaning import Cleaner
from gov_docs.llm.drafting import Drafter, DraftRequest, customary_parts
from tests.llm.test_draft_sections import _Scripted

TO = "各省、自治区、直辖市人民政府，国务院各部委、各直属机构"


def test_headings_that_are_customary_parts_are_told_from_headings_of_work() -> None:
    assert customary_parts("指导思想") == ["指导思想"]
    assert customary_parts("原则目标") == ["基本原则", "主要目标"]
    assert customary_parts("基本原则和工作目标") == ["基本原则", "主要目标"]
    assert customary_parts("指导思想、基本原则和主要目标") == ["指导思想", "基本原则", "主要目标"]
    # a section of work, and 总体要求 (the template's standard_subs handle it)
    for heading in ("总体要求", "重点任务", "目标任务", "体系建设", "组织落实", "加强目标考核"):
        assert customary_parts(heading) == []


def test_a_heading_that_is_the_titles_subject_is_no_other_sections_business() -> None:
    title = "国务院办公厅关于加快推进农村饮水安全体系建设的意见"
    cleaner = Cleaner(title=title, doc_type="意见", headings=("工作目标", "体系建设", "重点任务", "保障措施"))
    text = ("坚持统筹推进农村饮水安全体系建设，强化水源保护和水质监测。"
            "完善保障措施，落实资金和人员。")
    # the first sentence names the title's subject, not the section 体系建设; the second names 保障措施
    kept = cleaner.clean(text, heading="重点任务")
    assert kept == "坚持统筹推进农村饮水安全体系建设，强化水源保护和水质监测。"
    # a heading that is not the title's subject still keeps its business to itself
    other = Cleaner(title="国务院办公厅关于做好农村饮水安全工作的意见", doc_type="意见",
                    headings=("体系建设", "重点任务"))
    assert other.clean("加快农村饮水安全体系建设，完善工程布局。", heading="重点任务") == ""


def test_sections_that_are_customary_parts_are_written_in_their_form() -> None:
    backend = _Scripted({
        # the answer of a customary part goes on from its heading (and lead words)
        "（一）指导思想。": "以习近平新时代中国特色社会主义思想为指导，坚持以人民为中心的发展思想，"
                           "着力补齐农村饮水短板。加强水源保护。推进水厂建设。",
        "（一）基本原则。坚持": "政府主导，社会参与。各级政府承担主体责任。坚持因地制宜，分类施策。",
        "（二）主要目标。到××××年，": "农村饮水安全保障水平明显提高，供水工程体系基本完善。加强水源保护，"
                                     "开展水质监测。",
        "“重点任务”这一部分拟": "加强水源保护\n推进供水工程建设",
        "“加强水源保护”这一小节": "划定农村饮用水水源保护区，设立标志，清理保护区内的污染源。",
        "“推进供水工程建设”这一小节": "新建和改造一批规模化供水工程，推进城乡供水一体化。",
        "接着写": "好的。"})
    req = DraftRequest("意见", title="国务院办公厅关于做好农村饮水安全工作的意见", to=TO, org="国务院办公厅",
                       points=["指导思想", "原则目标", "重点任务"])
    drafter = Drafter(backend, paraphrase=0)
    paras = drafter.draft(req).document.paragraphs
    texts = [p.text for p in paras]
    # 一、指导思想 is one part, no （一）; 二、原则目标 is 基本原则 and 主要目标; 三 has its own sub-sections
    assert [p.text for p in paras if p.role in (Role.HEADING1, Role.HEADING2)] == [
        "一、指导思想", "二、原则目标", "（一）基本原则", "（二）主要目标",
        "三、重点任务", "（一）加强水源保护", "（二）推进供水工程建设"]
    guidance = texts[texts.index("一、指导思想") + 1]
    assert guidance.startswith("以习近平新时代中国特色社会主义思想为指导") and "推进水厂建设" not in guidance
    principles = texts[texts.index("（一）基本原则") + 1]
    assert principles.startswith("坚持政府主导，社会参与。")
    goals = texts[texts.index("（二）主要目标") + 1]
    assert goals.startswith("到××××年，农村饮水安全保障水平明显提高") and "开展水质监测" not in goals
    prompts = [c[-1]["content"] for c in backend.calls]
    assert not any("“指导思想”这一部分拟" in p or "“原则目标”这一部分拟" in p for p in prompts)
    assert not any("接着写“指导思想”" in p or "接着写“主要目标”" in p for p in prompts)  # no continue turns
