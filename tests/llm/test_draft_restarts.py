"""A sub-section's answer that starts the outline over keeps its own part; one that never reaches it is asked
again with its answer started at its place in the outline.

The answers in ``tests/fixtures/model_answers/subsection_answers.json`` are the 1.5B's own, captured from
drafts of development documents (g0200, g0338; never the held-out ones): asked for one （一） of a section,
the model often wrote the document again from 一、总体要求, in Markdown or as an outline, and the whole
answer used to be cut. The last test runs the real small model for the mechanics.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gov_docs.document import Role
from gov_docs.llm.backends import LlamaCppBackend
from gov_docs.llm.cleaning import Cleaner
from gov_docs.llm.drafting import Drafter, DraftRequest, answer_blocks, own_block, past_own, restarts
from gov_docs.text.han import han_only

ANSWERS = {a["name"]: a for a in json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "model_answers" / "subsection_answers.json")
    .read_text(encoding="utf-8"))}
TITLES = {"g0200": "国务院关于加强和规范事中事后监管的指导意见",
          "g0338": "国务院办公厅关于促进畜牧业高质量发展的意见"}


def _case(name: str) -> tuple[dict, list[str]]:
    a = ANSWERS[name]
    others = [h for h in a["outline"] if h != a["section"]] + a["siblings"]
    return a, others


def _kept(a: dict, text: str) -> str:
    """The text as the drafter's cleaning leaves it for the sub-section."""
    cleaner = Cleaner(title=TITLES[a["doc"][:5]], doc_type="意见",
                      headings=tuple(a["outline"] + a["siblings"] + [a["sub"]]))
    return cleaner.clean(text, heading=a["sub"], part_of=a["section"], max_chars=600)


def test_an_outline_dump_keeps_the_text_under_its_own_section() -> None:
    # g0200: asked for a sub-section of 夯实监管责任, the 1.5B wrote 一 to 四 of the outline, a paragraph each
    a, others = _case("restart_then_own_section")
    mine = own_block(a["raw"], a["sub"], others, section=a["section"])
    assert mine.startswith("明确监管责任主体。") and "形成监管合力" in mine
    assert "全面深化改革的重要任务" not in mine  # 总体要求
    assert "确保监管有据可依" not in mine and "人工智能" not in mine  # 三 and 四
    # it was all cut before; now only the sentence naming section 三 (建立健全监管规则和标准……) goes
    assert _kept(a, mine) == ("明确监管责任主体。国务院各有关部门要按照职责分工，加强监管协调机制建设，"
                              "形成监管合力。")
    # being written, it is stopped once the next section's heading starts, not before
    raw = a["raw"]
    assert past_own(raw[: raw.index("三、") + 2], a["sub"], a["section"], tuple(others))
    assert not past_own(raw[: raw.index("三、") - 2], a["sub"], a["section"], tuple(others))


def test_a_dump_that_never_reaches_its_section_keeps_nothing_and_is_told_by_its_first_line() -> None:
    # g0200, a sub-section of the fifth section: the answer ran out in 二、夯实监管责任
    a, others = _case("restart_never_reaching_its_section")
    assert not han_only(own_block(a["raw"], a["sub"], others, section=a["section"]))
    assert restarts(a["raw"], tuple(h for h in a["outline"] if h != a["section"]))


def test_a_markdown_answer_keeps_its_own_heading_with_its_items() -> None:
    # g0200 (main of the sixth session): "### 三、加强协调与合作" (the sub-section written as a section),
    # a paragraph and four bold-labelled items, then "### 四、提升监管规范性和透明度"
    a, others = _case("markdown_outline_with_own_heading")
    mine = own_block(a["raw"], a["sub"], others, section=a["section"])
    assert "建立健全信息共享机制" in mine and "**建立跨部门协作机制**" in mine and "**加强法治保障**" in mine
    assert "监管信息公开" not in mine and "四、" not in mine
    assert past_own(a["raw"], a["sub"], a["section"], tuple(others))
    assert len(_kept(a, mine)) >= 150


def test_a_section_line_then_the_sub_sections_heading_keeps_its_items() -> None:
    # g0338: the section's heading on a line, "一、加强动物防疫机构和队伍建设" (the sub-section, in other
    # words), then four numbered measures
    a, others = _case("section_line_then_sub_heading")
    blocks = answer_blocks(a["raw"])
    assert [b.label for b in blocks[1:]] == ["建立健全动物防疫体系", "加强动物防疫机构和队伍建设"]
    assert blocks[1].rank < blocks[2].rank  # the first kind of line is the higher level
    mine = own_block(a["raw"], a["sub"], others, section=a["section"])
    assert mine.startswith("1. 加强各级动物防疫机构建设") and "4. 加强与有关部门的合作" in mine


def test_a_continue_turn_running_into_a_siblings_heading_stops_there() -> None:
    # g0338 (main of the seventh session): the turn's own bullets, then "#### 强化政策支持和资金保障"
    a, others = _case("continue_turn_running_into_a_sibling")
    mine = own_block(a["raw"], a["sub"], others, section=a["section"])
    assert "鼓励企业加大研发投入" in mine and "通过加强政策扶持" not in mine and "财政补贴" not in mine
    cut = a["raw"].index("####")
    assert not past_own(a["raw"][:cut], a["sub"], a["section"], tuple(others))
    assert past_own(a["raw"][: cut + 8], a["sub"], a["section"], tuple(others))


def test_an_answer_started_at_its_place_keeps_its_paragraph_and_stops_at_the_next() -> None:
    # today's 1.5B on g0338, its answer started with "三、建立健全动物防疫体系\n（一）完善动物防疫体系。":
    # three sentences of its own, then "（二）推进动物疫病防控信息化建设。" and more sub-sections
    a, others = _case("placed_answer_going_on_to_the_next")
    raw, place = a["raw"], a["place"]
    mine = own_block(place + raw, a["sub"], others, section=a["section"])
    assert mine == raw[: raw.index("\n（二）")]
    first_line = raw[: raw.index("\n") + 1]
    go = tuple(others)
    assert not past_own(place + first_line, a["sub"], a["section"], go)
    # a （二） being written: a sibling's heading (stop) or the model's next measure (go on)? Its words tell
    assert not past_own(place + first_line + "（二）推", a["sub"], a["section"], go)
    assert past_own(place + first_line + "（二）推进动物疫病防控信息化建设。", a["sub"], a["section"], go)
    assert not past_own(place + first_line + "（二）加强兽用疫苗管理。", a["sub"], a["section"], go)
    # a part of a higher rank ends it at its mark
    assert past_own(place + first_line + "四、", a["sub"], a["section"], go)
    # its first and last sentences are its siblings' measures (队伍建设, 信息化建设) and go in the cleaning
    assert _kept(a, mine) == "建立健全动物疫情监测预警系统，提高动物疫情的早期发现和快速反应能力。"


class _RestartsFirst(LlamaCppBackend):
    """The real small model, except that its first answer for one sub-section starts the document over."""

    def __init__(self, path: Path, sub: str) -> None:
        super().__init__(path, n_ctx=4096)
        self.sub, self.done = sub, False

    def stream(self, messages, sampling, cancel=None):
        last = messages[-1]
        if not self.done and last["role"] == "user" and f"“{self.sub}”这一小节" in last["content"]:
            self.done = True
            # the 1.5B's first line for four of the five sections of the 森林防火 通知: the title again
            return iter(["**国务院关于加强", "和规范事中事后监管的指导意见**\n", "各省、自治区、"])
        return super().stream(messages, sampling, cancel)


@pytest.mark.slow
def test_real_small_model_writes_a_restarted_sub_section_from_its_place(demo_model_path: Path) -> None:
    sub = "明确监管职责分工"
    backend = _RestartsFirst(demo_model_path, sub)
    req = DraftRequest("意见", title=TITLES["g0200"], to="各省、自治区、直辖市人民政府",
                       outline=None, points=["总体要求", "夯实监管责任", "健全监管规则和标准"])
    from gov_docs.llm.outline import Section

    req.outline = [Section("夯实监管责任", [sub, "加强监管协同配合"]), Section("健全监管规则和标准")]
    drafter = Drafter(backend, paraphrase=0, section_tokens=160)
    doc = drafter.draft(req).document
    calls = drafter.call_log
    first = next(k for k, c in enumerate(calls) if c["raw"].startswith("**国务院"))
    assert calls[first]["stopped"] and calls[first]["raw"].endswith("指导意见**\n")  # at its first line
    again = calls[first + 1]
    assert again["messages"][-1] == {"role": "assistant", "content": f"一、夯实监管责任\n（一）{sub}。"}
    texts = [p.text for p in doc.paragraphs]
    body = texts[texts.index(f"（一）{sub}") + 1]
    assert doc.paragraphs[texts.index(f"（一）{sub}") + 1].role is Role.BODY
    assert not body.startswith("【待补充") and len(body) >= 20
    assert "（二）" not in body and "二、" not in body
    if "\n（二）" in again["raw"]:  # the model went on to the next sub-section: stopped as it began
        assert again["stopped"] and again["raw"].rstrip().endswith(again["raw"].rsplit("\n", 1)[-1])


def test_a_continue_turn_that_starts_the_outline_over_is_not_followed() -> None:
    from tests.llm.test_draft_sections import _Scripted

    # the 0.5B's continue turns for a sub-section (this session): the next section's heading, then text
    backend = _Scripted({
        "“夯实监管责任”这一部分拟": "明确监管职责分工\n加强监管协同配合",
        "“明确监管职责分工”这一小节": "各机构要明确各自职责，包括监管执法、监督检查等环节。",
        "接着写“明确监管职责分工”": ["二、健全监管规则和标准\n各部门要制定规则。",
                                 "各部门要建立监管责任清单，逐项明确牵头单位和完成时限。"],
        "接着写": "好的。"})
    req = DraftRequest("意见", title=TITLES["g0200"], to="各省、自治区、直辖市人民政府",
                       points=["夯实监管责任", "健全监管规则和标准"])
    drafter = Drafter(backend, paraphrase=0)
    doc = drafter.draft(req).document
    turns = [c for c in drafter.call_log
             if c["messages"][-1]["content"].startswith("接着写“明确监管职责分工”")]
    assert turns[0]["stopped"] and turns[0]["raw"] == "二、健全监管规则和标准\n"  # stopped at its first line
    # the next turn follows the sub-section's own answer, not the restart
    assert all("二、健全监管规则和标准" not in m["content"] for m in turns[1]["messages"]
               if m["role"] == "assistant")
    texts = [p.text for p in doc.paragraphs]
    body = texts[texts.index("（一）明确监管职责分工") + 1]
    assert "逐项明确牵头单位" in body and "各部门要制定规则" not in body


def test_the_sub_sections_heading_with_another_verb_is_its_own() -> None:
    # g0338 (main of the seventh session, 1.5B): asked for 推进标准化屠宰和加工, it answered under
    # "### 推动标准化屠宰和加工" with parts of its own (its first lines; a sibling's heading added after them)
    from gov_docs.llm.drafting import _is_own

    raw = ("### 推动标准化屠宰和加工\n\n#### 一、明确标准要求\n"
           "- **制定统一的屠宰标准**：确保屠宰过程中的卫生条件和产品质量。\n\n"
           "### 加强动物疫病防控\n- **强化免疫**：开展春秋两季集中免疫。")
    mine = own_block(raw, "推进标准化屠宰和加工", ["推动绿色饲料生产", "加强动物疫病防控"],
                     section="持续推动畜牧业绿色循环发展")
    assert "制定统一的屠宰标准" in mine and "集中免疫" not in mine
    assert _is_own("强化人口监测与分析", "加强人口监测与分析")
    assert not _is_own("加强人口监测", "加强队伍建设") and not _is_own("加强", "强化")
    # the section's heading with the sub-section's object is the section's, not the sub-section's
    placed = "三、建立健全动物防疫体系\n（一）完善动物防疫体系。加强监测。\n（二）推进信息化建设。建平台。"
    section = own_block(placed, "完善动物防疫体系", ["推进信息化建设"], section="建立健全动物防疫体系")
    assert section == "加强监测。"
