"""What a clerk would still change in the 1.5B's drafts, as the lead read them (2026-12-02, tenth session).

The texts are sentences of the 1.5B's drafts of `gov-docs draft --ask "请起草一份江北市应急管理局关于2026年
安全生产工作情况的报告，报市人民政府"` and of the 政务服务 通报 of 江北市人民政府办公室 (development
requests, no benchmark document).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from gov_docs.llm.backends import LlamaCppBackend, Sampling, no_repeat_processor
from gov_docs.llm.cleaning import Cleaner, clean_section, full_names
from gov_docs.llm.drafting import (
    OPENING_TASKS,
    Drafter,
    DraftRequest,
    _opening_refs,
    opening_prompt,
    opening_text,
)
from gov_docs.llm.grounding import Passage
from gov_docs.llm.outline import Section, repair_outline
from tests.llm.test_draft_sections import _Scripted

REPORT = "江北市应急管理局关于2026年安全生产工作情况的报告"
NOTICE = "江北市人民政府办公室关于全市2026年第三季度政务服务工作的通报"
OFFICE = "江北市人民政府办公室"


def _clean(raw: str, heading: str, title: str = NOTICE, doc_type: str = "通报", org: str = OFFICE) -> str:
    return clean_section(raw, title=title, heading=heading, seen=[], doc_type=doc_type, org=org,
                         allowed=title, max_chars=2000)


def test_a_paragraph_of_labels_each_with_its_text_keeps_the_text() -> None:
    raw = ("提升服务效率。通过优化流程，减少办事时间，提高工作效率。加强信息公开透明度。"
           "加大政务信息的公开力度，确保公众能够及时获取所需的信息。"
           "推动政务公开，增强透明度。各相关部门要加大政务公开力度，及时发布信息。")
    assert _clean(raw, "成效与做法") == (
        "通过优化流程，减少办事时间，提高工作效率。加大政务信息的公开力度，确保公众能够及时获取所需的信息。"
        "各相关部门要加大政务公开力度，及时发布信息。")
    # one run-in label before its text is a 国务院 heading, and short measures the text does not take up stay
    one = ("实施绿色种植模式。鼓励使用低毒高效农药，推行绿色农业种植技术。"
           "严格落实值班制度。各地要做好应急物资储备。")
    assert _clean(one, "成效与做法") == one


def test_a_part_stating_problems_keeps_problems_not_measures() -> None:
    raw = ("一些网站的办事服务功能存在不完善或缺失，无法满足公众的需求。"
           "在一些地方，政府网站的更新速度较慢，信息滞后。"
           "加强对政府网站的日常维护和管理，确保其及时更新和提供准确的信息。加强监管的力度还不够。"
           "各区县要优化办事流程，提高服务效率。")
    assert _clean(raw, "存在问题") == (
        "一些网站的办事服务功能存在不完善或缺失，无法满足公众的需求。"
        "在一些地方，政府网站的更新速度较慢，信息滞后。加强监管的力度还不够。")
    # a part of measures against problems keeps its measures
    kept = "加强对政府网站的日常维护和管理。"
    assert _clean(kept, "着力解决突出问题") == kept


def test_the_senders_government_is_named_in_full_and_a_report_speaks_as_itself() -> None:
    assert full_names("江北市政府办公室要求各区县按时报送。", OFFICE) == (
        "江北市人民政府办公室要求各区县按时报送。")
    assert full_names("报江北市政府审定。", "江北市应急管理局") == "报江北市人民政府审定。"
    assert full_names("江北市人民政府各部门。", OFFICE) == "江北市人民政府各部门。"
    body = _clean("2026年，江北市应急管理局持续强化安全生产监管。在标准化建设方面，江北市应急管理局积极推行"
                  "岗位责任制度。", "工作开展情况", REPORT, "报告", "江北市应急管理局")
    assert body == "2026年，我局持续强化安全生产监管。在标准化建设方面，我局积极推行岗位责任制度。"


def test_a_circumstance_said_again_and_the_world_in_a_citys_text_go() -> None:
    raw = ("自2026年××月起，江北市人民政府办公室全面启动了全市政务服务工作。"
           "自2026年××月起，全市继续深化政务服务改革，优化办事流程。"
           "积极参与国际政务公开合作，提高政府工作的国际影响力。")
    assert _clean(raw, "总体情况") == ("自2026年××月起，江北市人民政府办公室全面启动了全市政务服务工作。"
                                   "全市继续深化政务服务改革，优化办事流程。")
    # the State Council's text may speak of the world
    assert "国际" in clean_section("积极参与国际政务公开合作。", title="国务院关于加强政务公开工作的通知",
                                   heading="主要任务", seen=[], doc_type="通知", org="国务院")


def test_a_report_opens_with_what_was_done_not_a_purpose() -> None:
    req = DraftRequest("报告", title=REPORT, to="市人民政府", org="江北市应急管理局")
    user = opening_prompt(req, REPORT, {}, [Section("工作开展情况")], [], 80)[1]["content"]
    assert OPENING_TASKS["报告"] in user and "以“为”开头" not in user
    cleaner = Cleaner(title=REPORT, doc_type="报告", allowed=REPORT, org="江北市应急管理局")
    raw = ("2026年，在市委、市政府的坚强领导下，江北市应急管理局认真贯彻安全生产工作部署，"
           "扎实推进隐患排查治理，全市安全生产形势总体稳定。")
    assert opening_text(raw, cleaner, 80, reports=True) == (
        "2026年，在市委、市政府的坚强领导下，我局认真贯彻安全生产工作部署，扎实推进隐患排查治理，"
        "全市安全生产形势总体稳定。")
    # a means left before the formula once its measure was cut is no 缘由 (the 1.5B's "……。通过定期召开安全
    # 会议，现将有关情况报告如下")
    notice = Cleaner(title="江北市人民政府关于做好冬季森林防火工作的通知", doc_type="通知", allowed="")
    raw = "为切实做好冬季森林防火工作，保障人民群众生命财产安全，通过定期召开安全会议，加强火源管控。"
    assert opening_text(raw, notice, 80) == "为切实做好冬季森林防火工作，保障人民群众生命财产安全。"


def test_a_report_drafted_end_to_end_opens_with_its_summary() -> None:
    summary = "2026年，江北市应急管理局扎实推进安全生产专项整治，全市安全生产形势总体稳定。"
    backend = _Scripted({"写开头": summary})
    points = ["工作开展情况", "存在的问题", "下一步工作打算"]
    doc = Drafter(backend).draft(DraftRequest("报告", title=REPORT, to="市人民政府", org="江北市应急管理局",
                                              points=points)).document
    opening = next(p.text for p in doc.paragraphs if p.text.endswith("现将有关情况报告如下："))
    assert opening == ("2026年，我局扎实推进安全生产专项整治，全市安全生产形势总体稳定，"
                       "现将有关情况报告如下：")


def test_an_outline_of_a_preamble_and_the_meeting_itself_is_no_outline() -> None:
    tpl = {"sections": ["会议基本情况", "会议议定事项"]}
    sections = [Section("会议背景"), Section("研究目的与任务"), Section("会议议定工作"),
                Section("加快推进项目审批"), Section("落实改造资金保障"), Section("明确责任分工")]
    assert [s.heading for s in repair_outline(sections, tpl, "老旧小区改造")] == [
        "加快推进项目审批", "落实改造资金保障", "明确责任分工"]
    # none left but the preamble: the type's own parts
    assert [s.heading for s in repair_outline(sections[:3], tpl, "")] == ["会议基本情况", "会议议定事项"]


def test_no_repeat_bars_a_sentence_opening_and_a_long_run_of_the_context() -> None:
    # tokens: 1 2 3 . (boundary 9) then the model writing 1 2 → 3 is barred (an opening said); a run of 9
    # tokens of the context may not be written again either
    process = no_repeat_processor(3, boundary=lambda t: t == 9, exempt=frozenset({0}))
    scores = np.zeros(40, dtype=np.float32)
    out = process(np.array([1, 2, 3, 4, 9, 1, 2]), scores.copy())
    assert out[3] == -np.inf and np.isfinite(np.delete(out, 3)).all()
    run = list(range(20, 29))
    out = no_repeat_processor(3, boundary=lambda t: False)(np.array([*run, 30, *run[:8]]), scores.copy())
    assert out[28] == -np.inf and out[30] == 0  # the ninth token of the run again; anything else is free
    assert no_repeat_processor(3, boundary=lambda t: t == 9, exempt=frozenset({3}))(
        np.array([1, 2, 3, 4, 9, 1, 2]), scores.copy())[3] == 0  # a stop token is never barred
    # a list mark at a sentence's start (7 and 8: "1." then "7.") is no part of its opening: the 1.5B's
    # continue turns numbered the same items on ("7. 加强国际合作与交流：……", the run's g0181)
    marked = no_repeat_processor(3, boundary=lambda t: t == 9, mark=lambda t: t in (7, 8))
    out = marked(np.array([9, 7, 8, 1, 2, 3, 4, 9, 8, 7, 1, 2]), scores.copy())
    assert out[3] == -np.inf
    # a mark token inside a sentence is a word like any other
    out = marked(np.array([9, 5, 7, 1, 2, 9, 1, 2]), scores.copy())
    assert out[2] == 0 and np.isfinite(out).all()


@pytest.mark.slow
def test_the_embedded_model_asked_to_copy_a_sentence_cannot_with_no_repeat(demo_model_path: Path) -> None:
    backend = LlamaCppBackend(demo_model_path, n_ctx=512, threads=1)
    sentence = "各区县要加强森林防火宣传教育，提高群众防火意识，严格管控野外用火。"
    ask = [{"role": "user", "content": f"把下面这句话原样抄写一遍，只输出这句话：\n{sentence}"}]
    copied = "".join(backend.stream(ask, Sampling(max_tokens=40, temperature=0.0)))
    assert copied.strip() == sentence  # as it does in a continue turn
    barred = "".join(backend.stream(ask, Sampling(max_tokens=40, temperature=0.0, no_repeat=3)))
    assert barred.strip() and sentence not in barred


def test_the_opening_is_shown_a_reason_sentence_or_no_example() -> None:
    # the opening's prompt is evaluated before the first text appears: g0193's 范文 was a 119-token formula
    formula = Passage("国务院关于印发6个新设自由贸易试验区总体方案的通知",
                      "现将《中国（山东）自由贸易试验区总体方案》、《中国（江苏）自由贸易试验区总体方案》印发给你们，"
                      "请认真贯彻执行。")
    reason = Passage("国务院关于做好自由贸易试验区第五批改革试点经验复制推广工作的通知",
                     "为贯彻落实党中央、国务院决策部署，进一步发挥自由贸易试验区改革开放试验田作用，经国务院同意，"
                     "决定复制推广一批改革试点经验。各地区要……")
    assert _opening_refs([formula]) == ""
    shown = _opening_refs([formula, reason])
    assert "为贯彻落实党中央、国务院决策部署" in shown and "各地区要" not in shown and "山东" not in shown


def test_a_continue_turns_odd_openings_go_and_a_point_run_on_with_a_colon_reads_as_one_sentence() -> None:
    # held-out g0271 (tenth session), 四、组织实施 after its continue turns; and 三's points with colons
    title = "国务院关于实施支持农业转移人口市民化若干财政政策的通知"
    raw = ("维护进城落户农民的土地承包权、宅基地使用权、集体收益分配权：确保进城落户农民的合法权益得到保护。"
           "目的，确保政策的有效实施，并及时发现和解决存在的问题。建立完善的考核机制，定期进行检查和评估。"
           "继续组织实施。设置专门的培训机构，定期进行培训。")
    assert clean_section(raw, title=title, heading="组织实施", seen=[], doc_type="通知", org="国务院",
                         allowed=title) == (
        "维护进城落户农民的土地承包权、宅基地使用权、集体收益分配权，确保进城落户农民的合法权益得到保护。"
        "确保政策的有效实施，并及时发现和解决存在的问题。建立完善的考核机制，定期进行检查和评估。"
        "设置专门的培训机构，定期进行培训。")


def test_a_list_of_bold_labels_keeps_each_items_text_and_an_english_we_goes() -> None:
    # the 1.5B's 通报 (2026-12-02): "1. **优化政务服务流程**：……" items, and "we还加强了……"
    raw = ("1. **优化政务服务流程**：江北市人民政府办公室通过简化办事手续、提供在线服务等方式，"
           "提高了办事便利度。\n"
           "2. **提升服务质量**：在政务公开方面，加强了信息公开力度。通过设立咨询热线，提供便捷的服务渠道。\n"
           "3. **加强队伍建设**：加大了对工作人员的培训和考核力度，确保其具备良好的专业技能。")
    assert _clean(raw, "成效与做法") == (
        "江北市人民政府办公室通过简化办事手续、提供在线服务等方式，提高了办事便利度。在政务公开方面，"
        "加强了信息公开力度。通过设立咨询热线，提供便捷的服务渠道。加大了对工作人员的培训和考核力度，"
        "确保其具备良好的专业技能。")
    assert _clean("全面启动了全市政务服务工作。we还加强了对政务系统的维护。", "总体情况") == (
        "全面启动了全市政务服务工作。")


def test_no_repeat_counts_a_character_of_byte_tokens_as_one_and_bars_nothing_inside_it() -> None:
    # " 考" after "7." is three byte tokens (1: " \xe8", 2: "\x80", 3: "\x83"); 4 虑, 5 到, 6 不同, 9 。,
    # 7 and 8 the mark "7."
    pieces = {1: b" \xe8", 2: b"\x80", 3: b"\x83", 4: "虑".encode(), 5: "到".encode(), 6: "不同".encode(),
              7: b"7", 8: b".", 9: "。".encode()}
    process = no_repeat_processor(3, boundary=lambda t: t == 9, mark=lambda t: t in (7, 8),
                                  token_bytes=pieces.__getitem__)
    scores = np.zeros(12, dtype=np.float32)
    # the old bar fell on the character's last byte ("覃虑到" in the 1.5B's g0154, thirteenth session)
    out = process(np.array([9, 7, 8, 1, 2, 3, 4, 5, 6, 9, 7, 8, 1, 2]), scores.copy())
    assert np.isfinite(out).all()
    # the opening is 考虑到 (three characters): after 考虑 the word 到 is barred, a whole token
    out = process(np.array([9, 7, 8, 1, 2, 3, 4, 5, 6, 9, 7, 8, 1, 2, 3, 4]), scores.copy())
    assert out[5] == -np.inf and np.isfinite(np.delete(out, 5)).all()


def test_no_repeat_on_the_models_own_tokens_never_bars_a_byte_of_a_character(demo_model_path: Path) -> None:
    from llama_cpp import Llama

    from gov_docs.llm.backends import _boundary, _list_mark, _token_bytes

    model = Llama(str(demo_model_path), vocab_only=True, verbose=False)
    ids = model.tokenize("要明确职责。\n7. 考虑到不同地区的气候条件。\n8. 考".encode(), add_bos=False)
    process = no_repeat_processor(3, _boundary(model), mark=_list_mark(model),
                                  token_bytes=_token_bytes(model))
    for k in range(1, len(ids) + 1):
        out = process(np.array(ids[:k]), np.zeros(model.n_vocab(), dtype=np.float32))
        barred = np.flatnonzero(~np.isfinite(out))
        # a barred token never continues a character: each is a whole character, a word or a lead byte
        assert not any((b := model.detokenize([int(t)])) and 0x80 <= b[0] < 0xC0 for t in barred)
