"""Drafting with the fake backend (structure, cleaning, grounding, cancel) and with the real demo model."""

from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path

import pytest

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.document import DOC_TYPES, Role, read_document, write_docx
from gov_docs.llm.backends import (
    FakeBackend,
    LlamaCppBackend,
    ModelError,
    OpenAIServerBackend,
    Sampling,
    find_model,
)
from gov_docs.llm.drafting import (
    Drafter,
    DraftError,
    DraftRequest,
    clean_section,
    has_repeated_sentences,
    templates,
)
from gov_docs.llm.editing import propose
from gov_docs.llm.grounding import Passage

ROOT = Path(__file__).resolve().parent.parent.parent
CHECKER = Checker(load_rules([ROOT / "rules"]), allow_list=AllowList())


def _req(**kw) -> DraftRequest:
    base = dict(doc_type="通知", title="某某市人民政府办公室关于开展冬季消防安全检查的通知",
                points=["检查范围", "检查重点", "工作要求"], to="各区县人民政府，市政府各部门",
                org="某某市人民政府办公室", date="2026年11月22日")
    base.update(kw)
    return DraftRequest(**base)


def test_all_15_types_have_templates() -> None:
    t = templates()
    assert set(DOC_TYPES) <= set(t)
    assert t["请示"]["closing"] == "妥否，请批示。" and t["请示"]["addressee"]["required"]


def test_the_program_owns_the_frame() -> None:
    result = Drafter(FakeBackend(), checker=CHECKER).draft(
        _req(number="某政办发〔2026〕12号", attachments=["检查表", "联系人名单"]))
    roles = [(p.role, p.text) for p in result.document.paragraphs]
    assert roles[0] == (Role.DOC_NUMBER, "某政办发〔2026〕12号")
    assert roles[1] == (Role.TITLE, "某某市人民政府办公室关于开展冬季消防安全检查的通知")
    assert roles[2] == (Role.ADDRESSEE, "各区县人民政府，市政府各部门：")
    assert roles[3][1].endswith("现将有关事项通知如下：")
    assert [t for r, t in roles if r is Role.HEADING1] == ["一、检查范围", "二、检查重点", "三、工作要求"]
    assert [t for r, t in roles if r is Role.ATTACHMENT_NOTE] == ["附件：1.检查表", "2.联系人名单"]
    assert roles[-2:] == [(Role.SIGNATURE, "某某市人民政府办公室"), (Role.DATE, "2026年11月22日")]
    assert not [f for f in result.findings if f.level.value == "error"]


def test_request_type_closing_and_title_from_subject() -> None:
    req = _req(doc_type="请示", title="", subject="申请防汛专项资金", to="市人民政府", org="某某区人民政府",
               points=["汛情和堤防情况", "资金需求"])
    doc = Drafter(FakeBackend()).draft(req).document
    assert doc.title == "某某区人民政府关于申请防汛专项资金的请示"
    assert any(p.text == "妥否，请批示。" for p in doc.paragraphs)
    assert not any(p.role is Role.HEADING1 for p in doc.paragraphs)  # 请示 sections are plain paragraphs


def test_bad_requests_are_clear() -> None:
    with pytest.raises(DraftError, match="未知的文种"):
        Drafter(FakeBackend()).draft(_req(doc_type="便条"))
    with pytest.raises(DraftError, match="主送机关"):
        Drafter(FakeBackend()).draft(_req(to=""))


def test_cleaning_strips_markdown_lists_echoes_and_invented_facts() -> None:
    raw = ("# 一、检查范围\n**检查范围**：\n1. **重点单位**：全市人员密集场所,学校和医院。\n"
           "- 根据《某某条例》和2019年的规定开展检查。\n全市人员密集场所，学校和医院。\n文种：通知（下行文）")
    seen: list = []
    body = clean_section(raw, title="关于检查的通知", heading="检查范围", seen=seen)
    # the 《》 sentence went, the list's heading too; an item's label ends with 。 as 国务院 text writes it
    assert body == "重点单位。全市人员密集场所，学校和医院。"


def test_repetition_is_cut_and_detected() -> None:
    rep = "各单位要加强领导，落实责任。各单位要加强领导，落实责任。各单位要切实加强领导、落实责任！"
    result = Drafter(FakeBackend(reply=rep)).draft(_req())
    assert not has_repeated_sentences(result.document)


def test_grounding_passages_are_used_and_listed() -> None:
    class Lib:
        def related(self, query: str, top_k: int = 3):
            return [Passage("某某市消防安全检查工作方案", "全市开展冬季消防安全检查，重点检查人员密集场所、"
                            "高层建筑和大型商业综合体，督促各单位落实消防安全主体责任，整改火灾隐患。",
                            "/lib/a.txt"),
                    Passage("关于土地调查的通知", "开展第三次全国土地调查，各地要按照统一部署，认真组织实施，"
                            "确保调查数据真实准确，按时完成各阶段任务。", "/lib/b.txt")]

    backend = FakeBackend()
    result = Drafter(backend, retriever=Lib()).draft(_req())
    # the unrelated passage is dropped
    assert [s.title for s in result.sources] == ["某某市消防安全检查工作方案"]
    assert "重点检查人员密集场所" in backend.calls[1][-1]["content"]  # the first section's prompt
    # the opening is shown a 范文's 缘由 only, and this one opens with a measure
    assert "重点检查人员密集场所" not in backend.calls[0][-1]["content"]
    assert set(result.exemplars) == {"开头", "检查范围", "检查重点", "工作要求"}


def test_cancel_keeps_what_was_written() -> None:
    cancel = threading.Event()
    seen_sections = []

    def on_token(section: str, piece: str) -> None:
        seen_sections.append(section)
        if section == "检查范围":
            cancel.set()

    result = Drafter(FakeBackend()).draft(_req(), on_token=on_token, cancel=cancel)
    assert result.cancelled and "检查重点" not in seen_sections
    assert result.document.title and result.document.first(Role.DATE) is not None


def test_editing_proposal_does_not_touch_the_original() -> None:
    p = propose(FakeBackend(reply="此项工作须抓紧落实，不得拖延。"), "formal", "这个事大家抓紧搞，别拖。")
    assert p.text == "此项工作须抓紧落实，不得拖延。" and p.original == "这个事大家抓紧搞，别拖。"


def test_missing_and_corrupt_models_are_clear(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="不存在"):
        find_model(tmp_path / "none.gguf")
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="不是 GGUF"):
        list(LlamaCppBackend(bad).stream([{"role": "user", "content": "你好"}], Sampling(max_tokens=4)))


def test_openai_server_backend_streams_from_a_local_server() -> None:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server API
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            assert body["stream"] is True and body["messages"][-1]["content"] == "写一句"
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for piece in ("各单位", "要认真", "落实。"):
                self.wfile.write(
                    f"data: "
                    f"{json.dumps({'choices': [{'delta': {'content': piece}}]}, ensure_ascii=False)}\n"
                    f"\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        backend = OpenAIServerBackend(f"http://127.0.0.1:{server.server_port}")
        assert "".join(
            backend.stream([{"role": "user", "content": "写一句"}], Sampling())) == "各单位要认真落实。"
        assert backend.last_stats.tokens == 3
    finally:
        server.shutdown()
    with pytest.raises(ModelError, match="无法连接"):
        list(OpenAIServerBackend("http://127.0.0.1:9").stream([{"role": "user", "content": "x"}], Sampling()))


@pytest.mark.slow
def test_real_demo_model_drafts_a_checked_document(demo_model_path: Path, tmp_path: Path) -> None:
    backend = LlamaCppBackend(demo_model_path, n_ctx=2048)
    result = Drafter(backend, checker=CHECKER, section_tokens=60).draft(_req(points=["检查范围", "工作要求"]))
    doc = result.document
    bodies = [p.text for p in doc.paragraphs if p.role is Role.BODY]
    assert len(bodies) == 3 and all(len(b) >= 8 for b in bodies)
    assert result.stats.tokens > 20  # speed belongs in benchmarks, not in a test on a shared machine
    assert not [f for f in result.findings if f.level.value == "error"]
    assert not has_repeated_sentences(doc)
    back = read_document(write_docx(doc, tmp_path / "draft.docx"))
    assert back.title == doc.title and back.first(Role.DATE).text == "2026年11月22日"
