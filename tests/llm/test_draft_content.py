"""Drafts a clerk would keep: no filler, 公文 register, one-sentence plans, 方案 as attachments, 范文, bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.document import Role
from gov_docs.llm.backends import FakeBackend, LlamaCppBackend, ModelError
from gov_docs.llm.cleaning import Cleaner, filler_count, register_counts
from gov_docs.llm.drafting import Drafter, DraftRequest
from gov_docs.llm.editing import propose
from gov_docs.llm.grounding import Passage
from gov_docs.llm.outline import PlanError, Section, build_plan_frame, parse_outline

ROOT = Path(__file__).resolve().parent.parent.parent
CHECKER = Checker(load_rules([ROOT / "rules"]), allow_list=AllowList())
TO = "各区县人民政府，市政府各部门"
ORG = "某某市人民政府办公室"


def _req(**kw) -> DraftRequest:
    base = dict(doc_type="通知", title="某某市人民政府办公室关于做好冬季森林防火工作的通知",
                points=["加强火源管控", "落实巡护责任", "做好应急准备"], to=TO, org=ORG, date="2026年11月22日")
    base.update(kw)
    return DraftRequest(**base)


def _bodies(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.role is Role.BODY]


def test_a_section_the_model_cannot_write_is_left_visible_never_filled() -> None:
    result = Drafter(FakeBackend(reply="以下是正文：\n**好的**"), checker=CHECKER).draft(_req())
    bodies = _bodies(result.document)
    assert "【待补充：加强火源管控】" in bodies and "【待补充：做好应急准备】" in bodies
    assert result.gaps == ["加强火源管控", "落实巡护责任", "做好应急准备"]
    assert filler_count(bodies) == 0 and not any("相关工作。" in b for b in bodies)
    gaps = [f for f in result.findings if f.rule_id == "structure.draft-placeholder"]
    assert len(gaps) == 3 and all(f.level.value == "warning" for f in gaps)


def test_register_cleaning_removes_first_person_chains_echoes_markdown_and_invented_facts() -> None:
    raw = ("## 加强火源管控\n我制定了以下具体步骤：\n首先，要严格控制野外用火，严禁在林区吸烟、烧纸。"
           "其次，我们要在2025年前建成30个检查站。此外，根据《森林防火条例》加强执法。"
           "要做好冬季森林防火工作的通知，落实责任。我市要加密重点时段巡查。")
    cleaner = Cleaner(title="某某市人民政府办公室关于做好冬季森林防火工作的通知", doc_type="通知", allowed="")
    body = cleaner.clean(raw, heading="加强火源管控")
    assert body == ("要严格控制野外用火，严禁在林区吸烟、烧纸。要在××××年前建成××个检查站。"
                    "要做好冬季森林防火工作，落实责任。我市要加密重点时段巡查。")  # the echo loses "的通知"
    counts = register_counts([body], title=cleaner.title, doc_type="通知")
    assert (counts.first_person, counts.chains, counts.echo, counts.markdown) == (0, 0, 0, 0)
    # the same sentence in a later section is cut (no repetition across sections)
    assert cleaner.clean("要严格控制野外用火，严禁在林区吸烟、烧纸。各地要储备灭火器材。") == "各地要储备灭火器材。"


def test_clerks_own_facts_stay() -> None:
    cleaner = Cleaner(title="关于做好2026年冬季森林防火工作的通知", doc_type="通知", allowed="2026年 12月1日前")
    assert cleaner.clean("各地要在2026年12月1日前完成隐患排查。") == "各地要在2026年12月1日前完成隐患排查。"


def test_one_sentence_gives_type_title_and_attachment() -> None:
    plan = build_plan_frame("撰写一篇关于某某市新污染物治理工作方案", org="某某市人民政府办公室")
    assert (plan.doc_type, plan.kind) == ("通知", "方案")
    assert plan.attachment_title == "某某市新污染物治理工作方案"
    assert plan.title == "某某市人民政府办公室关于印发某某市新污染物治理工作方案的通知"
    assert build_plan_frame("起草关于做好冬季森林防火工作的通知").title == "关于做好冬季森林防火工作的通知"
    assert build_plan_frame("帮我写一份关于商请支持机场改扩建项目的函").doc_type == "函"
    assert build_plan_frame("关于促进婴幼儿照护服务发展的指导意见").title == "关于促进婴幼儿照护服务发展的意见"
    assert build_plan_frame("某某区关于申请防汛专项资金的请示").doc_type == "请示"


@pytest.mark.parametrize("sentence", ["", "   ", "你好", "asdfgh qwerty", "今天天气不错"])
def test_empty_or_nonsense_requests_get_a_clear_message(sentence: str) -> None:
    with pytest.raises(PlanError, match="请"):
        build_plan_frame(sentence)


def test_outline_from_the_model_is_parsed_and_repaired() -> None:
    reply = ("好的，以下是提纲：\n一、总体要求\n（一）指导思想\n（二）工作目标\n二、重点任务\n（一）开展调查评估\n"
             "（二）严格源头管控\n三、保障措施\n（一）加强组织领导\n四、保障措施\n")
    plan = Drafter(FakeBackend(reply=reply)).plan("撰写一篇关于某某市新污染物治理工作方案")
    assert [s.heading for s in plan.sections] == ["总体要求", "重点任务", "保障措施"]  # the duplicate went
    assert plan.sections[1].subs == ["开展调查评估", "严格源头管控"]
    assert plan.sections[0].note == ""  # the model's chatter is no note of the clerk
    assert plan.outline_text().splitlines()[:3] == ["一、总体要求", "（一）指导思想", "（二）工作目标"]
    garbage = Drafter(FakeBackend(reply="抱歉，我无法完成。")).plan("起草关于做好冬季森林防火工作的通知")
    assert [s.heading for s in garbage.sections] == ["总体要求", "主要任务", "工作要求"]  # the type's defaults


def test_the_clerks_edited_outline_is_read_back_with_notes() -> None:
    sections = parse_outline("一、加强火源管控\n严格野外用火审批\n（一）野外用火\n二、落实巡护责任")
    assert sections[0] == Section("加强火源管控", ["野外用火"], "严格野外用火审批")
    assert [s.heading for s in parse_outline("检查范围\n检查重点")] == ["检查范围", "检查重点"]


def test_a_plan_goes_out_as_the_attachment_of_a_printing_notice() -> None:
    plan = Drafter(FakeBackend(reply="一、总体要求\n（一）工作目标\n（二）基本原则\n二、重点任务\n（一）开展调查\n（二）源头管控\n"
                                     "三、保障措施\n（一）组织领导\n（二）资金保障")).plan(
        "撰写一篇关于某某市新污染物治理工作方案", org=ORG)
    req = DraftRequest.from_plan(plan, to=TO, org=ORG, date="2026年11月22日")
    result = Drafter(FakeBackend(), checker=CHECKER).draft(req)
    doc = result.document
    texts = [(p.role, p.text) for p in doc.paragraphs]
    assert texts[0] == (Role.TITLE, "某某市人民政府办公室关于印发某某市新污染物治理工作方案的通知")
    assert texts[2] == (Role.BODY, "现将《某某市新污染物治理工作方案》印发给你们，请结合实际认真组织实施。")
    assert (Role.ATTACHMENT_NOTE, "附件：某某市新污染物治理工作方案") in texts
    mark = doc.index_of(Role.ATTACHMENT_MARK)
    assert mark > doc.index_of(Role.DATE) and doc.paragraphs[mark + 1].text == "某某市新污染物治理工作方案"
    assert [p.text for p in doc.paragraphs if p.role is Role.HEADING2][:2] == ["（一）工作目标", "（二）基本原则"]
    assert doc.title == "某某市人民政府办公室关于印发某某市新污染物治理工作方案的通知"
    assert not [f for f in result.findings if f.level.value == "error"]


class _Library:
    """A retriever over three passages; one of them is the draft's own document."""

    def __init__(self) -> None:
        self.queries: list[tuple[str, list]] = []

    def related(self, query: str, top_k: int = 3, exclude=()):
        self.queries.append((query, list(exclude)))
        return [
            Passage("关于做好冬季森林防火工作的通知", "各地要严格野外火源管理，在重点时段、重点部位设卡布点，"
                    "严禁携带火种进山入林，对违规用火行为依法从严查处，切实消除森林火灾隐患。", "/lib/own.txt"),
            Passage("关于加强森林草原防灭火工作的意见", "加强森林草原防火巡护，落实网格化管理责任，"
                    "层层签订防火责任书，把责任落实到山头地块和具体人员，实现巡护全覆盖。", "/lib/a.txt"),
            Passage("关于开展国土调查的通知", "开展国土调查工作，各地要按照统一部署认真组织实施，"
                    "确保调查数据真实准确可靠，按时完成各阶段的工作任务和要求。", "/lib/b.txt"),
        ]


def test_exemplars_per_section_exclude_the_drafts_own_document() -> None:
    lib = _Library()
    backend = FakeBackend()
    result = Drafter(backend, retriever=lib).draft(_req(exclude=["/lib/own.txt"]))
    assert [s.path for s in result.sources] == ["/lib/a.txt"]
    assert all(["/lib/own.txt"] == ex for _q, ex in lib.queries)
    assert any("落实巡护责任" in q for q, _ in lib.queries)  # one query per section
    prompt = backend.calls[2][-1]["content"]
    assert "参考范文" in prompt and "网格化管理" in prompt and "设卡布点" not in prompt
    no_refs = Drafter(FakeBackend(), retriever=lib).draft(_req(use_exemplars=False))
    assert no_refs.sources == []


def test_a_server_that_stops_mid_draft_keeps_what_was_written() -> None:
    result = Drafter(FakeBackend(fail_after=2), checker=CHECKER).draft(_req())
    assert "连接中断" in result.error and "已保留" in result.error
    bodies = _bodies(result.document)
    assert "【待补充：做好应急准备】" in bodies and len(bodies[1]) > 40  # section 1 was written
    assert result.document.first(Role.DATE) is not None
    with pytest.raises(ModelError, match="连接中断"):
        Drafter(FakeBackend(fail_after=0, fail_at=0)).draft(_req())


def test_live_preview_shows_the_cleaned_text() -> None:
    previews: list[str] = []
    Drafter(FakeBackend(reply="**首先**，我们要加强领导，明确分工，层层压实工作责任。")).draft(
        _req(points=["加强领导"]), on_preview=previews.append)
    assert previews[0].startswith("某某市人民政府办公室关于做好冬季森林防火工作的通知")  # the frame at once
    assert any("要加强领导，明确分工" in p for p in previews)
    assert not any("**" in p or "首先" in p or "我们" in p for p in previews)


def test_editing_proposals_edit_or_say_so() -> None:
    text = "各地要加强森林防火巡护，落实责任。"
    long = "各地要加强森林防火巡护，落实网格化管理责任。要在重点时段加密巡查频次，及时发现和处置火情。"
    p = propose(FakeBackend(reply=long), "expand", text)
    assert len(p.text) >= 1.5 * len(text) and not p.unchanged
    short = propose(FakeBackend(reply=long), "condense", long + "对违规用火行为依法从严查处，切实消除火灾隐患。")
    assert len(short.text) <= 0.6 * len(short.original) and short.text
    same = propose(FakeBackend(reply=text), "polish", text)
    assert same.unchanged and "无需" in same.note and same.text == text
    # expand falls short on the first call: the second call continues the text
    backend = FakeBackend(reply="各地要加强森林防火巡护。")
    grown = propose(backend, "expand", text)
    assert len(backend.calls) == 2 and "扩写" in grown.note


def _cli(*args: str, env_home: Path) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ, GOV_DOCS_HOME=str(env_home), PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "gov_docs", "draft", *args], capture_output=True, env=env,
                          timeout=120)


def test_cli_never_writes_over_an_existing_file_and_names_problems(tmp_path: Path) -> None:
    out = tmp_path / "已有.docx"
    out.write_bytes(b"the clerk's file")
    res = _cli("--type", "通知", "--title", "关于做好冬季森林防火工作的通知", "--to", TO, "-o", str(out),
               env_home=tmp_path)
    assert res.returncode == 2 and "已存在" in res.stderr.decode() and out.read_bytes() == b"the clerk's file"
    res = _cli("--ask", "", "-o", str(tmp_path / "新.docx"), env_home=tmp_path)
    assert res.returncode == 2 and "--ask" in res.stderr.decode()
    res = _cli("--ask", "起草关于做好冬季森林防火工作的通知", "--to", TO, "--model", str(tmp_path / "无此模型.gguf"),
               "-o", str(tmp_path / "新.docx"), env_home=tmp_path)
    assert res.returncode == 2 and "无此模型.gguf" in res.stderr.decode() and "Traceback" not in res.stderr.decode()
    bad = tmp_path / "坏模型.gguf"
    bad.write_bytes(b"not a model at all")
    res = _cli("--type", "通知", "--title", "关于做好冬季森林防火工作的通知", "--to", TO, "--model", str(bad),
               "--no-library", "-o", str(tmp_path / "新.docx"), env_home=tmp_path)
    assert res.returncode == 2 and "坏模型.gguf" in res.stderr.decode() and not (tmp_path / "新.docx").exists()


@pytest.mark.slow
def test_real_small_model_plans_an_outline_and_drafts_without_filler(demo_model_path: Path) -> None:
    drafter = Drafter(LlamaCppBackend(demo_model_path, n_ctx=2048), checker=CHECKER, section_tokens=60)
    plan = drafter.plan("起草关于做好冬季森林防火工作的通知", org=ORG)
    assert 3 <= len(plan.sections) <= 6 and all(2 <= len(s.heading) <= 20 for s in plan.sections)
    plan.sections = plan.sections[:2]
    result = drafter.draft(DraftRequest.from_plan(plan, to=TO, org=ORG, date="2026年11月22日"))
    bodies = _bodies(result.document)
    counts = register_counts(bodies, title=plan.title, doc_type="通知")
    assert filler_count(bodies) == 0 and counts.first_person == 0 and counts.markdown == 0
    assert counts.repeated == 0 and not [f for f in result.findings if f.level.value == "error"]
    assert result.first_text_s > 0 and result.stats.tokens > 20


def test_sub_sections_without_marks_share_the_sentences_in_order() -> None:
    from gov_docs.llm.drafting import split_subsections

    raw = "各地要成立工作专班。主要负责同志亲自抓。要按时完成入户调查。调查数据要真实准确。"
    assert split_subsections(raw, ["加强组织领导", "做好入户调查"]) == [
        "各地要成立工作专班。主要负责同志亲自抓。", "要按时完成入户调查。调查数据要真实准确。"]
    marked = "（一）加强组织领导。各地要成立工作专班。\n（二）做好入户调查\n要按时完成入户调查。"
    assert split_subsections(marked, ["加强组织领导", "做好入户调查"]) == ["各地要成立工作专班。\n", "要按时完成入户调查。\n"]


def test_exemplars_prefer_the_librarys_passage_search_with_exclusion() -> None:
    from gov_docs.llm.grounding import exemplars

    class PassageLibrary(_Library):
        def passages(self, query: str, k: int = 5, exclude_paths=(), *, per_doc: int = 2):
            self.queries.append((query, list(exclude_paths), per_doc))
            return [p for p in _Library.related(self, query) if p.path not in exclude_paths][:k]

    lib = PassageLibrary()
    found = exemplars(lib, "冬季森林防火工作 落实巡护责任", exclude=["/lib/own.txt"], topic="冬季森林防火工作")
    assert [p.path for p in found] == ["/lib/a.txt"]
    assert lib.queries[0][1:] == (["/lib/own.txt"], 1)  # one passage per document, own one excluded


def test_list_talk_of_small_models_is_cleaned() -> None:
    raw = ("要保障好困难群众基本生活，应采取以下措施。提供紧急医疗援助，包括但不限于药物、护理等。"
           "建立临时困境外来人员基本生活保障机制：对于临时困境外来人员，应给予基本的生活保障。")
    assert Cleaner().clean(raw) == "建立临时困境外来人员基本生活保障机制，对于临时困境外来人员，应给予基本的生活保障。"


def test_list_introductions_and_prompt_words_go() -> None:
    c = Cleaner(title="国务院关于促进天然气协调稳定发展的若干意见", doc_type="意见")
    raw = "国务院决定采取以下总体措施。加强产供储销体系建设，确保供需平衡。重点包括：\n提高天然气产量，鼓励企业加大勘探开发。"
    assert c.clean(raw) == "加强产供储销体系建设，确保供需平衡。提高天然气产量，鼓励企业加大勘探开发。"
    assert c.clean("为促进天然气协调稳定发展的若干意见，下行文，现提出如下意见：") == ""
