"""Offline guarantee: check, draft with the embedded model and recommend with socket creation made to fail."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.document import Role, document_from_text, read_document
from gov_docs.library.index import LibraryIndex
from gov_docs.library.recommend import related
from gov_docs.llm.backends import LlamaCppBackend
from gov_docs.llm.cleaning import RE_PLACEHOLDER
from gov_docs.llm.drafting import Drafter, DraftRequest

ROOT = Path(__file__).resolve().parent.parent.parent
NOTICE = ("某某市人民政府办公室关于做好设备管理的通知\n各区县人民政府：\n请及时按装设备,要再接再励。\n"
          "某某市人民政府办公室\n2026年11月22日")


class NetworkUsed(AssertionError):
    """Something tried to open a network connection."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    attempts: list[tuple] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise NetworkUsed(f"network access attempted: {args}")

    class GuardedSocket(socket.socket):
        """A socket class whose instances cannot be created (subclassing keeps ssl importable)."""

        def __init__(self, *args, **kwargs) -> None:
            refuse(*args)

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


@pytest.mark.slow
def test_check_draft_and_recommend_open_no_connection(no_network, tmp_path: Path, corpus_dir: Path,
                                                      demo_model_path: Path) -> None:
    checker = Checker(load_rules([ROOT / "rules"]), allow_list=AllowList())
    findings = checker.check(document_from_text(NOTICE))
    assert {(f.rule_id, f.paragraph, f.matched, f.suggestions[:1]) for f in findings} == {
        ("typo.common-confusions", 2, "按装", ("安装",)), ("typo.idioms", 2, "再接再励", ("再接再厉",)),
        ("punctuation.halfwidth-comma", 2, ",", ("，",))}
    doc = read_document(corpus_dir / "g0155.txt")
    assert checker.check(doc) == []  # a published State Council notice: nothing to report
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("g0155.txt", "g0570.txt", "g0250.txt"):
        shutil.copy(corpus_dir / name, docs / name)
    index = LibraryIndex(tmp_path / "index")
    index.build([docs], workers=1)
    recs, cited = related(index, doc, top=2)
    # g0155 cites g0570 by its full title (CITATIONS.tsv): listed as 本文已引用, apart from the
    # recommendations of what it does not cite yet
    assert [Path(c.path).name for c in cited] == ["g0570.txt"]
    assert any(r.startswith("文中引用《") for r in cited[0].reasons)
    assert recs and "g0570.txt" not in {Path(r.path).name for r in recs}
    result = Drafter(LlamaCppBackend(demo_model_path, n_ctx=1024), checker=checker, section_tokens=48).draft(
        DraftRequest("通知", title="某某局关于开展检查的通知", points=["加强组织领导"], to="各单位",
                     org="某某局",
                     date="2026年11月22日"))
    assert result.document.title == "某某局关于开展检查的通知"
    paras = result.document.paragraphs
    heading = next(i for i, p in enumerate(paras) if p.role is Role.HEADING1)
    assert paras[heading].text == "一、加强组织领导"  # under a bare 工作要求 the 0.5B writes nothing usable
    # the model wrote under it, or the section is honestly marked 【待补充】 and reported: what the 0.5B
    # writes in 48 tokens depends on what the shared model's cache held before (after tests/llm in the same
    # process it wrote nothing usable there, alone it did), and the guard is about the connection
    body = [p.text for p in paras[heading + 1:] if p.role is Role.BODY]
    assert body and (any(len(t) >= 4 and not RE_PLACEHOLDER.search(t) for t in body)
                     or (RE_PLACEHOLDER.search(body[0]) and result.gaps == ["加强组织领导"]))
    assert no_network == []
    # the guard really catches a connection: the configured-server backend is the one that may connect
    from gov_docs.llm.backends import OpenAIServerBackend, Sampling

    with pytest.raises(NetworkUsed):
        list(OpenAIServerBackend("http://127.0.0.1:9").stream([{"role": "user", "content": "x"}], Sampling()))
    assert len(no_network) == 1
