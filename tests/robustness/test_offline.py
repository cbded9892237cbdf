"""Offline guarantee: check, draft with the embedded model and recommend with socket creation made to fail."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.document import read_document
from gov_docs.library.index import LibraryIndex
from gov_docs.library.recommend import recommend
from gov_docs.llm.backends import LlamaCppBackend
from gov_docs.llm.drafting import Drafter, DraftRequest

ROOT = Path(__file__).resolve().parent.parent.parent


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
    doc = read_document(corpus_dir / "g0155.txt")
    assert checker.check(doc) is not None
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("g0155.txt", "g0570.txt", "g0250.txt"):
        shutil.copy(corpus_dir / name, docs / name)
    index = LibraryIndex(tmp_path / "index")
    index.build([docs], workers=1)
    assert recommend(index, doc, top=2)
    result = Drafter(LlamaCppBackend(demo_model_path, n_ctx=1024), checker=checker, section_tokens=24).draft(
        DraftRequest("通知", title="某某局关于开展检查的通知", points=["工作要求"], to="各单位", org="某某局",
                     date="2026年11月22日"))
    assert result.document.title == "某某局关于开展检查的通知"
    assert no_network == []
    # the guard really catches a connection: the configured-server backend is the one that may connect
    from gov_docs.llm.backends import OpenAIServerBackend, Sampling

    with pytest.raises(NetworkUsed):
        list(OpenAIServerBackend("http://127.0.0.1:9").stream([{"role": "user", "content": "x"}], Sampling()))
    assert len(no_network) == 1
