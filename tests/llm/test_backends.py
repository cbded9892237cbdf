"""The drafting backends (llm/backends.py): the embedded llama.cpp model, an OpenAI-compatible server
(here a real HTTP server on 127.0.0.1 speaking Server-Sent Events), the fake backend, and their errors."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from gov_docs.llm.backends import (
    FakeBackend,
    LlamaCppBackend,
    ModelError,
    OpenAIServerBackend,
    Sampling,
    backend_from_settings,
    check_gguf,
)

MESSAGES = [{"role": "user", "content": "写“工作要求”这一部分的正文。"}]


class _ChatServer(BaseHTTPRequestHandler):
    """Answers /v1/chat/completions with three SSE pieces; /broken with 500."""

    requests: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server API
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        auth = self.headers.get("Authorization")
        type(self).requests.append({"path": self.path, "body": body, "auth": auth})
        if self.path != "/v1/chat/completions":
            self.send_error(500, "boom")
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for piece in ("各单位", "要", "高度重视。"):
            chunk = {"choices": [{"delta": {"content": piece}}]}
            self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
        self.wfile.write(b": keep-alive comment\n\ndata: not json\n\ndata: [DONE]\n\n")

    def log_message(self, *args) -> None:  # quiet
        pass


@pytest.fixture
def server():
    _ChatServer.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _ChatServer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", _ChatServer.requests
    httpd.shutdown()
    httpd.server_close()


def test_server_backend_streams_the_pieces_and_sends_the_sampling(server) -> None:
    url, requests = server
    backend = OpenAIServerBackend(url + "/", model="qwen", api_key="k1")
    pieces = list(backend.stream(MESSAGES, Sampling(max_tokens=64, temperature=0.2)))
    assert pieces == ["各单位", "要", "高度重视。"]  # comments, bad lines and [DONE] are skipped
    assert backend.last_stats.tokens == 3 and backend.last_stats.seconds > 0
    sent = requests[0]
    assert sent["path"] == "/v1/chat/completions" and sent["auth"] == "Bearer k1"
    assert sent["body"]["model"] == "qwen" and sent["body"]["max_tokens"] == 64
    assert sent["body"]["stream"] is True
    assert sent["body"]["messages"] == MESSAGES


def test_a_server_is_asked_to_go_on_from_a_started_answer(server) -> None:
    # the drafter starts a sub-section's answer with its heading; a chat server is not told to continue
    # an answer, so the start becomes words of the user's turn
    url, requests = server
    started = [*MESSAGES, {"role": "assistant", "content": "（一）加强组织领导。"}]
    list(OpenAIServerBackend(url).stream(started, Sampling(max_tokens=8)))
    sent = requests[0]["body"]["messages"]
    assert [m["role"] for m in sent] == ["user"]
    assert sent[0]["content"].startswith(MESSAGES[0]["content"]) and sent[0]["content"].endswith(
        "从它的末尾接着往下写，只输出接下来的文字：\n（一）加强组织领导。")


def test_server_backend_stops_when_cancelled(server) -> None:
    url, _ = server
    cancel = threading.Event()
    backend = OpenAIServerBackend(url + "/v1")  # a URL that already ends in /v1
    out = []
    for piece in backend.stream(MESSAGES, Sampling(), cancel):
        out.append(piece)
        cancel.set()
    assert out == ["各单位"] and backend.last_stats.cancelled


def test_server_errors_are_chinese_and_name_the_server(server) -> None:
    url, _ = server
    with pytest.raises(ModelError, match=r"返回错误 500"):
        list(OpenAIServerBackend(url + "/broken").stream(MESSAGES, Sampling()))
    with pytest.raises(ModelError, match=r"无法连接模型服务 http://127\.0\.0\.1:9：连接被拒绝（服务没有启动"):
        list(OpenAIServerBackend("http://127.0.0.1:9", timeout=5).stream(MESSAGES, Sampling()))
    with pytest.raises(ModelError, match="应以 http:// 或 https:// 开头"):
        OpenAIServerBackend("127.0.0.1:8080")


def test_a_file_that_is_not_gguf_is_refused_with_its_name(tmp_path: Path) -> None:
    bad = tmp_path / "model.gguf"
    bad.write_bytes(b"PK\x03\x04 not a model")
    with pytest.raises(ModelError, match=f"{bad} 不是 GGUF"):
        check_gguf(bad)
    with pytest.raises(ModelError, match="无法读取"):
        check_gguf(tmp_path / "missing.gguf")


def test_fake_backend_streams_two_characters_at_a_time_and_can_fail_midway() -> None:
    fake = FakeBackend(reply="各单位要高度重视。")
    assert list(fake.stream(MESSAGES, Sampling())) == ["各单", "位要", "高度", "重视", "。"]
    assert fake.last_stats.tokens == 5
    failing = FakeBackend(reply="各单位要高度重视。", fail_after=0, fail_at=4)
    got = []
    with pytest.raises(ModelError, match="连接中断"):
        for piece in failing.stream(MESSAGES, Sampling()):
            got.append(piece)
    assert got == ["各单", "位要"]


def test_settings_choose_the_backend(tmp_path: Path) -> None:
    backend = backend_from_settings({"backend": "server", "server_url": "http://127.0.0.1:8080", "model": ""})
    assert isinstance(backend, OpenAIServerBackend) and backend.base_url == "http://127.0.0.1:8080"
    with pytest.raises(ModelError, match="不存在"):
        backend_from_settings({"backend": "embedded", "model_path": str(tmp_path / "none.gguf")})


@pytest.mark.slow
def test_the_embedded_model_streams_a_short_answer(demo_model_path: Path) -> None:
    backend = LlamaCppBackend(demo_model_path, n_ctx=512)
    text = "".join(backend.stream([{"role": "user", "content": "用一句话说明安全生产的重要性。"}],
                                  Sampling(max_tokens=16, temperature=0.0)))
    assert text.strip() and backend.last_stats.tokens >= 1 and backend.last_stats.tokens <= 16
    assert backend.last_stats.first_token_s > 0


@pytest.mark.slow
def test_the_embedded_model_goes_on_from_a_started_answer(demo_model_path: Path) -> None:
    # the drafter starts the answer of a customary part of 总体要求 with "（二）基本原则。坚持": the model
    # goes on from those words in its own turn, not in a new one
    backend = LlamaCppBackend(demo_model_path, n_ctx=1024, threads=1)
    started = [{"role": "user", "content": "写“基本原则”这一小节，一段。"},
               {"role": "assistant", "content": "（二）基本原则。坚持"}]
    text = "".join(backend.stream(started, Sampling(max_tokens=24, temperature=0.0)))
    prompt, _ = backend.last_tokens
    assert backend.model.detokenize(prompt, special=True).decode("utf-8").endswith(
        "<|im_start|>assistant\n（二）基本原则。坚持")
    assert text.strip() and not text.startswith("<|im_start|>")


def test_why_a_server_cannot_be_reached_is_said_in_chinese() -> None:
    import socket
    import urllib.error

    from gov_docs.llm.backends import connection_reason

    for reason, said in ((ConnectionRefusedError(111, "Connection refused"), "连接被拒绝"),
                         (socket.gaierror(-2, "Name or service not known"), "找不到这个主机"),
                         (TimeoutError("timed out"), "连接超时"),
                         (OSError(113, "No route to host"), "网络不通")):
        assert connection_reason(urllib.error.URLError(reason)).startswith(said)
