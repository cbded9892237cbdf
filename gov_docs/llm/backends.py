"""LLM backends: a common streaming protocol, the embedded llama.cpp model, an OpenAI-compatible server,
and a deterministic fake for tests.

Every backend streams text pieces, honours a cancel event between pieces, and reports tokens, time to
first token and tokens per second of its last call in ``last_stats``. The embedded model is loaded once
per (path, context size) and kept for the life of the process; models load from local files only.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from gov_docs.errors import GovDocsError
from gov_docs.text.headings import MARK_TOKEN

Message = dict[str, str]


class ModelError(GovDocsError):
    """A model file is missing or unusable, or a server cannot be reached; the message says which."""


@dataclass
class GenStats:
    """Figures of one generation."""

    tokens: int = 0
    seconds: float = 0.0
    first_token_s: float = 0.0
    cancelled: bool = False
    #: Prompt tokens the model evaluated, and those it took from the previous call's evaluation instead
    #: (the longest common token prefix); tokens decoded; milliseconds spent on each (embedded model only:
    #: counts that do not depend on the machine's load, and times that do).
    prompt_tokens: int = 0
    reused_tokens: int = 0
    decoded_tokens: int = 0
    prompt_ms: float = 0.0
    decode_ms: float = 0.0
    calls: int = 0

    def add(self, other: GenStats) -> None:
        """Add the figures of ``other`` (one call) to these (a draft's totals)."""
        for name in ("tokens", "seconds", "prompt_tokens", "reused_tokens", "decoded_tokens", "prompt_ms",
                     "decode_ms"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.calls += 1
        self.cancelled = self.cancelled or other.cancelled

    @property
    def tokens_per_s(self) -> float:
        """Return tokens per second (0 when nothing was generated)."""
        return self.tokens / self.seconds if self.seconds > 0 else 0.0


@dataclass
class Sampling:
    """Sampling settings; each caller (drafting, outline, editing) chooses its own for its task."""

    max_tokens: int = 512
    temperature: float = 0.3
    top_p: float = 0.9
    repeat_penalty: float = 1.15
    #: With n > 0 no sentence may open with the n tokens another sentence of the context (the prompt, the
    #: model's earlier answers in it, what it has written so far) opens with, nor a run of 3n tokens be
    #: written again (:func:`no_repeat_processor`; llama.cpp backend only, a server ignores it).
    no_repeat: int = 0


def counted(pieces: Iterator[str | None], stats: GenStats, t0: float,
            cancel: threading.Event | None) -> Iterator[str]:
    """Yield the non-empty pieces, recording tokens, time to first token and time; stop on ``cancel``."""
    for piece in pieces:
        if not piece:
            continue
        if stats.tokens == 0:
            stats.first_token_s = time.perf_counter() - t0
        stats.tokens += 1
        stats.seconds = time.perf_counter() - t0
        yield piece
        if cancel is not None and cancel.is_set():
            stats.cancelled = True
            break
    stats.seconds = time.perf_counter() - t0


def _pending(pending: int, data: bytes) -> int:
    """Return the UTF-8 continuation bytes still expected after ``data``, ``pending`` expected before it."""
    for byte in data:
        if pending and 0x80 <= byte < 0xC0:
            pending -= 1
        else:
            pending = 3 if byte >= 0xF0 else 2 if byte >= 0xE0 else 1 if byte >= 0xC0 else 0
    return pending


def no_repeat_processor(n: int, boundary: Callable[[int], bool],
                        exempt: frozenset[int] = frozenset(),
                        mark: Callable[[int], bool] | None = None,
                        token_bytes: Callable[[int], bytes] | None = None) -> Callable:
    """Return a llama.cpp logits processor that keeps the model from saying again what its context has.

    A sentence may not open with the ``n`` tokens another sentence of the context opens with (a sentence
    starts after a token ``boundary`` says ends one: 。；！？ or a new line), and no run of ``3 * n`` tokens
    of the context may be written again anywhere. ``exempt`` (the stop tokens) are always allowed.

    The 1.5B's continue turns wrote their sub-section again word for word, and the cleaning cut every
    sentence of them (held-out g0394, ninth session). Barred from the same opening, a sentence names
    another measure; barring every repeated short run instead garbled common phrases ("严管控野外用火烧").

    A token ``mark`` says is a list mark ("7", ".", " **", "（", "一", "）"), right at a sentence's start, is
    no part of its opening: the 1.5B's continue turns numbered the items on ("7. 加强国际合作与交流：……"
    after "1. **加强国际合作与交流**：……", the run's g0181, twelfth session), so no two openings matched.

    With ``token_bytes`` (a token's bytes) a character the tokenizer writes as several byte tokens counts as
    one, and nothing is barred inside a character. After "7." the 1.5B writes " 考" as three byte tokens,
    so the opening was one character's bytes and the bar fell on its last byte: another character of the
    same UTF-8 block came out ("覃虑到", "覚虑到", "視情变化" in the thirteenth session's g0154; probably
    "推动简 放" in the twelfth's g0167), never another measure.
    """
    long = 3 * n
    openings: dict[tuple[int, ...], set[int]] = {}
    runs: dict[tuple[int, ...], set[int]] = {}
    # tokens indexed; whole characters (or tokens) since the last sentence boundary; where the sentence's
    # opening starts (after its list marks); UTF-8 continuation bytes still expected
    state = {"done": 0, "since": 0, "start": 0, "pending": 0}

    def process(input_ids, scores):
        ids = input_ids.tolist()
        if state["done"] > len(ids):  # another context: start over
            openings.clear()
            runs.clear()
            state.update(done=0, since=0, start=0, pending=0)
        for i in range(state["done"], len(ids)):
            token = ids[i]
            whole = state["pending"] == 0  # token i starts a character
            if whole and state["since"] == n - 1:  # token i starts the n-th unit of its sentence
                openings.setdefault(tuple(ids[state["start"]:i]), set()).add(token)
            if i >= long - 1 and whole:
                runs.setdefault(tuple(ids[i - long + 1:i]), set()).add(token)
            if token_bytes is not None:
                state["pending"] = _pending(state["pending"], token_bytes(token))
            if boundary(token):
                state.update(since=0, start=i + 1, pending=0)
            elif whole and state["since"] == 0 and state["start"] == i and mark is not None and mark(token):
                state["start"] = i + 1
            elif state["pending"] == 0:
                state["since"] += 1
        state["done"] = len(ids)
        if state["pending"]:
            return scores  # inside a character: nothing is barred
        banned = set(runs.get(tuple(ids[len(ids) - long + 1:]), ()))
        if state["since"] == n - 1:
            banned |= openings.get(tuple(ids[state["start"]:]), set())
        banned -= exempt
        if banned:
            scores[list(banned)] = -float("inf")
        return scores

    return process


class Backend(Protocol):
    """Anything that streams a chat completion."""

    name: str
    last_stats: GenStats

    def stream(self, messages: list[Message], sampling: Sampling,
               cancel: threading.Event | None = None) -> Iterator[str]:
        """Yield text pieces; stop early when ``cancel`` is set.

        A last message of role ``assistant`` is the start of the answer (a prefill): the model goes on
        from it, and the pieces are what follows it.
        """
        ...


def prefill_of(messages: list[Message]) -> tuple[list[Message], str]:
    """Return the messages without a last ``assistant`` message, and that message's text ('' if none)."""
    if messages and messages[-1]["role"] == "assistant":
        return messages[:-1], messages[-1]["content"]
    return messages, ""


def without_prefill(messages: list[Message]) -> list[Message]:
    """Return ``messages`` for a backend that cannot start the answer itself: the prefill becomes words of
    the last user turn (the model is asked to go on from it, and to write only what follows).
    """
    messages, start = prefill_of(messages)
    if not start:
        return messages
    last = dict(messages[-1])
    last["content"] += f"\n已写出的开头如下，从它的末尾接着往下写，只输出接下来的文字：\n{start}"
    return [*messages[:-1], last]


#: The models setup installs (scripts/fetch_models.py), by the short names ``--model`` and the settings
#: accept.
KNOWN_MODELS: dict[str, str] = {
    "1.5b": "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",  # drafting default: coherent sections
    "0.5b": "qwen2.5-coder-0.5b-instruct-q4.gguf",  # fast, weak prose: tests and fallback
}
#: Order in which drafting picks an installed model when none is chosen.
DRAFT_PREFERENCE = ("1.5b", "0.5b")


def installed_models() -> list[Path]:
    """Return every ``*.gguf`` in the model folders (most specific folder first, then by name)."""
    from gov_docs import paths

    out: list[Path] = []
    for d in paths.models_dirs():
        if d.is_dir():
            out.extend(sorted(d.glob("*.gguf")))
    return out


def find_model(path: str | Path | None = None, *, prefer: tuple[str, ...] = ()) -> Path:
    """Return the GGUF to use.

    Args:
        path: a file path, or a short name of :data:`KNOWN_MODELS` ("1.5b", "0.5b"); used when given.
        prefer: short names tried in order when no path is given (drafting passes
            :data:`DRAFT_PREFERENCE`); after them the first ``*.gguf`` found.

    Raises:
        ModelError: the file is missing, or no model is installed.
    """
    if path:
        name = str(path).strip().lower()
        if name in KNOWN_MODELS:
            for candidate in installed_models():
                if candidate.name == KNOWN_MODELS[name]:
                    return candidate
            raise ModelError(f"模型 {path}（{KNOWN_MODELS[name]}）未安装：请运行 scripts/setup.sh")
        p = Path(path)
        if not p.is_file():
            raise ModelError(f"模型文件 {p} 不存在")
        return p
    found = installed_models()
    for short in prefer:
        for candidate in found:
            if candidate.name == KNOWN_MODELS.get(short):
                return candidate
    if found:
        return found[0]
    raise ModelError(
        "没有找到模型文件：请把 .gguf 模型放入 models/ 文件夹（运行 scripts/setup.sh 会安装起草模型）")


def free_cores() -> int:
    """Return the number of cores not busy with other work (at least 1).

    llama.cpp with more threads than free cores spins on the busy ones and decodes many times slower, so
    the default is the usable cores minus the 1-minute load average (rounded down).
    """
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        load = 0.0
    return max(1, min(usable, usable - int(load)))


_MODELS: dict[tuple[str, int], object] = {}
_MODELS_LOCK = threading.Lock()


def check_gguf(path: Path) -> None:
    """Raise ModelError unless ``path`` is a readable GGUF file."""
    try:
        with path.open("rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise ModelError(f"模型文件 {path} 无法读取：{exc.strerror or exc}") from exc
    if magic != b"GGUF":
        raise ModelError(f"模型文件 {path} 不是 GGUF 格式或已损坏")


class LlamaCppBackend:
    """The embedded llama.cpp model (llama-cpp-python); loaded once and kept."""

    name = "embedded"

    def __init__(self, model_path: str | Path | None = None, *, n_ctx: int = 4096, threads: int = 0,
                 prefer: tuple[str, ...] = DRAFT_PREFERENCE) -> None:
        self.model_path = find_model(model_path, prefer=prefer)
        self.n_ctx = n_ctx
        self.threads = threads or free_cores()
        self.last_stats = GenStats()
        self.last_tokens: tuple[list[int], list[int]] = ([], [])  # last call: prompt and generated tokens

    @property
    def model(self):
        """Return the loaded Llama (loading it on first use)."""
        key = (str(self.model_path.resolve()), self.n_ctx)
        with _MODELS_LOCK:
            if key not in _MODELS:
                check_gguf(self.model_path)
                try:
                    from llama_cpp import Llama

                    _MODELS[key] = Llama(model_path=str(self.model_path), n_ctx=self.n_ctx,
                                         n_threads=self.threads,
                                         n_threads_batch=self.threads, verbose=False)
                except (ValueError, RuntimeError, OSError) as exc:
                    raise ModelError(f"模型文件 {self.model_path} 无法加载（{exc}）") from exc
            return _MODELS[key]

    @staticmethod
    def _formatter(model):
        """Return the model's chat template as a formatter (None: let llama.cpp pick the chat format)."""
        if model.chat_format != "chat_template.default" or "tokenizer.chat_template" not in model.metadata:
            return None
        key = id(model)
        if key not in _FORMATTERS:
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter

            eos, bos = model.token_eos(), model.token_bos()
            _FORMATTERS[key] = Jinja2ChatFormatter(
                template=model.metadata["tokenizer.chat_template"],
                eos_token=model._model.token_get_text(eos) if eos != -1 else "",
                bos_token=model._model.token_get_text(bos) if bos != -1 else "",
                stop_token_ids=[eos])
        return _FORMATTERS[key]

    def stream(self, messages: list[Message], sampling: Sampling,
               cancel: threading.Event | None = None) -> Iterator[str]:
        """Stream a chat completion with the model's own chat template."""
        model = self.model
        stats = GenStats()
        self.last_stats = stats
        t0 = time.perf_counter()
        formatter = self._formatter(model)
        prompt: list[int] = []
        cache: list[int] = []
        processors = None
        if sampling.no_repeat > 0:
            from llama_cpp import LogitsProcessorList

            stops = {model.token_eos(),
                     *model.tokenize(b"<|im_end|><|endoftext|>", add_bos=False, special=True)}
            processors = LogitsProcessorList([no_repeat_processor(sampling.no_repeat, _boundary(model),
                                                                  frozenset(stops), _list_mark(model),
                                                                  _token_bytes(model))])
        if formatter is None:
            chunks = model.create_chat_completion(
                messages=without_prefill(messages), stream=True, max_tokens=sampling.max_tokens,
                temperature=sampling.temperature, top_p=sampling.top_p,
                repeat_penalty=sampling.repeat_penalty, logits_processor=processors)
            pieces = (c["choices"][0]["delta"].get("content") for c in chunks)
        else:
            # the model's chat template, as create_chat_completion applies it, with the tokens of the
            # model's own earlier answer kept as it wrote them (see cached_prompt)
            # a prefill is the start of the answer: the turn the template opens for the model, then it
            turns, start = prefill_of(messages)
            chat = formatter(messages=turns)
            cache = model._input_ids[:model.n_tokens].tolist()
            prompt = cached_prompt(model, chat.prompt + start, cache)
            chunks = model.create_completion(
                prompt=prompt, stream=True, max_tokens=sampling.max_tokens, temperature=sampling.temperature,
                top_p=sampling.top_p, repeat_penalty=sampling.repeat_penalty, stop=chat.stop,
                stopping_criteria=chat.stopping_criteria, logits_processor=processors)
            pieces = (c["choices"][0]["text"] for c in chunks)
        try:
            yield from counted(pieces, stats, t0, cancel)
        finally:
            close = getattr(chunks, "close", None)
            if close:
                close()
            stats.seconds = time.perf_counter() - t0
            if prompt:
                _count_work(model, prompt, cache, stats)
                self.last_tokens = (prompt, model._input_ids[len(prompt):model.n_tokens].tolist())


_FORMATTERS: dict[int, object] = {}
_BOUNDARIES: dict[int, Callable[[int], bool]] = {}
_MARKS: dict[int, Callable[[int], bool]] = {}
_BYTES: dict[int, Callable[[int], bytes]] = {}


def _per_token(table: dict, model, compute: Callable[[int], object]) -> Callable[[int], object]:
    """Return ``compute`` for tokens of ``model``, remembered per token (one memo per model in ``table``)."""
    key = id(model)
    if key not in table:
        cache: dict[int, object] = {}

        def of(token: int):
            if token not in cache:
                cache[token] = compute(token)
            return cache[token]

        table[key] = of
    return table[key]


def _token_bytes(model) -> Callable[[int], bytes]:
    """Return the bytes of a token of ``model`` (cached)."""
    return _per_token(_BYTES, model, lambda token: model.detokenize([token]))


def _token_text(model, token: int) -> str:
    return _token_bytes(model)(token).decode("utf-8", errors="ignore")


def _list_mark(model) -> Callable[[int], bool]:
    """Return the test of a token of ``model`` that is only a list mark (:data:`text.headings.MARK_TOKEN`)."""
    def is_mark(token: int) -> bool:
        text = _token_text(model, token)
        return bool(text) and bool(MARK_TOKEN.match(text))

    return _per_token(_MARKS, model, is_mark)


def _boundary(model) -> Callable[[int], bool]:
    """Return the test of a token of ``model`` that ends a sentence (its text ends in 。；！？： or a new
    line).
    """
    def ends(token: int) -> bool:
        return _token_text(model, token).rstrip(" ”’）)").endswith(("。", "；", "！", "？", "\n", "："))

    return _per_token(_BOUNDARIES, model, ends)


def cached_prompt(model, prompt: str, cache: list[int] | None = None) -> list[int]:
    """Return the tokens of ``prompt``, reusing the model's cached tokens wherever they spell the same text.

    llama.cpp evaluates only what follows the longest common token prefix of the cache and the new prompt.
    When a prompt carries the model's own last answer (a "continue" turn), the answer tokenized afresh
    often differs from the tokens the model generated ("火"+"源" against "火源") though the text is the
    same, and everything after the first difference would be evaluated again. Here the cached tokens are
    kept for as long as their text is the prompt's text (cut at a whole character), and only the rest is
    tokenized.
    """
    data = prompt.encode("utf-8")
    tokens = model.tokenize(data, add_bos=False, special=True)
    cache = model._input_ids[:model.n_tokens].tolist() if cache is None else cache
    k = 0
    for a, b in zip(cache, tokens, strict=False):
        if a != b:
            break
        k += 1
    if k == len(tokens) or k == len(cache):
        return tokens
    pos = len(model.detokenize(tokens[:k], special=True))
    j, end, best = k, pos, (k, pos)
    while j < len(cache):
        piece = model.detokenize([cache[j]], special=True)
        if not piece or data[end:end + len(piece)] != piece:
            break
        j, end = j + 1, end + len(piece)
        if end == len(data) or data[end] & 0xC0 != 0x80:  # the cut must fall between characters
            best = (j, end)
    j, end = best
    if j == k:
        return tokens
    return cache[:j] + model.tokenize(data[end:], add_bos=False, special=True)


def _count_work(model, prompt: list[int], cache: list[int], stats: GenStats) -> None:
    """Set the prompt tokens evaluated and reused, and the tokens decoded, of one call.

    llama.cpp keeps the longest common token prefix of its cache (``cache``, before the call) and the
    prompt, evaluates the rest of the prompt in batches, then one token per generated token; the model's
    token count after the call tells how many were decoded. The time to the first piece is the prompt's
    evaluation, the rest the decoding.
    """
    same = 0
    for a, b in zip(cache, prompt, strict=False):
        if a != b:
            break
        same += 1
    reused = min(same, len(prompt) - 1)  # with the whole prompt cached, llama.cpp evaluates its last token
    stats.reused_tokens = max(0, reused)
    stats.prompt_tokens = len(prompt) - stats.reused_tokens
    stats.decoded_tokens = max(0, model.n_tokens - len(prompt))
    stats.prompt_ms = stats.first_token_s * 1000
    stats.decode_ms = max(0.0, stats.seconds - stats.first_token_s) * 1000


def connection_reason(exc: Exception) -> str:
    """Return in Chinese why a connection to the configured model server failed (no errno, no English)."""
    import socket

    reason = getattr(exc, "reason", exc)
    if isinstance(reason, ConnectionRefusedError):
        return "连接被拒绝（服务没有启动，或地址、端口不对）"
    if isinstance(reason, socket.gaierror):
        return "找不到这个主机（地址写错，或不在本单位网络内）"
    if isinstance(reason, TimeoutError | socket.timeout):
        return "连接超时（服务没有响应）"
    if isinstance(reason, ConnectionResetError):
        return "连接被服务端断开"
    if isinstance(reason, OSError) and reason.errno in (101, 113):  # ENETUNREACH, EHOSTUNREACH
        return "网络不通（本机无法到达该地址）"
    return f"连接失败（{reason}）"


class OpenAIServerBackend:
    """An OpenAI-compatible chat server (llama.cpp server, vLLM …) that the user configured."""

    name = "server"

    def __init__(self, base_url: str, model: str = "", api_key: str = "", timeout: float = 120.0) -> None:
        if not re.match(r"^https?://", base_url or ""):
            raise ModelError(f"服务地址 {base_url!r} 应以 http:// 或 https:// 开头")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.timeout = timeout
        self.last_stats = GenStats()

    def _url(self) -> str:
        return self.base_url + ("/chat/completions" if self.base_url.endswith("/v1")
                                else "/v1/chat/completions")

    def stream(self, messages: list[Message], sampling: Sampling,
               cancel: threading.Event | None = None) -> Iterator[str]:
        """Stream from the server (Server-Sent Events)."""
        import urllib.error
        import urllib.request

        body = {"messages": without_prefill(messages), "stream": True, "max_tokens": sampling.max_tokens,
                "temperature": sampling.temperature, "top_p": sampling.top_p,
                "repeat_penalty": sampling.repeat_penalty,
                "frequency_penalty": max(0.0, sampling.repeat_penalty - 1)}
        if self.model:
            body["model"] = self.model
        headers = {"Content-Type": "application/json", "Accept": "text/event-stream"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        req = urllib.request.Request(self._url(), data=json.dumps(body).encode("utf-8"), headers=headers)
        stats = GenStats()
        self.last_stats = stats
        t0 = time.perf_counter()
        try:
            # the user's configured server
            resp = urllib.request.urlopen(req, timeout=self.timeout)  # noqa: S310
        except urllib.error.HTTPError as exc:
            raise ModelError(f"模型服务 {self.base_url} 返回错误 {exc.code}：{exc.reason}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise ModelError(f"无法连接模型服务 {self.base_url}：{connection_reason(exc)}") from exc
        with resp:
            yield from counted(self._sse_pieces(resp), stats, t0, cancel)

    @staticmethod
    def _sse_pieces(resp) -> Iterator[str | None]:
        """Yield the content pieces of a Server-Sent Events chat stream."""
        for raw in resp:
            line = raw.decode("utf-8", "replace").strip()
            if not line.startswith("data:"):
                continue
            data = line[5:].strip()
            if data == "[DONE]":
                return
            try:
                yield json.loads(data)["choices"][0].get("delta", {}).get("content")
            except (ValueError, KeyError, IndexError):
                continue


class FakeBackend:
    """A deterministic backend for tests and demos: plausible, non-repeating sentences about the request.

    With ``reply`` it streams that text; otherwise three sentences about the section named in the prompt
    (写“…”这一部分), taken in turn from a pool so that successive sections do not repeat each other.
    ``fail_after`` makes every later call raise ModelError after ``fail_at`` characters (a server that
    stops mid-draft).
    """

    name = "fake"
    POOL = (
        "各有关单位要把{t}摆上重要位置，主要负责同志亲自部署、亲自过问。",
        "围绕{t}，逐项明确牵头部门、配合部门和完成时限，建立工作台账。",
        "对{t}中发现的薄弱环节，要立行立改，不能立即整改的要制定计划限期完成。",
        "加强{t}的日常督促检查，定期通报进展情况，对工作不力的予以约谈。",
        "统筹用好现有资金和人员力量，为{t}提供必要保障。",
        "注重总结{t}的经验做法，及时推广成熟有效的措施。",
        "畅通群众反映问题渠道，主动接受社会监督，推动{t}取得实效。",
        "加强与相关地区和部门的沟通协作，形成推进{t}的工作合力。",
        "完善{t}的长效机制，健全制度规范，防止问题反弹。",
        "市直有关部门按照职责分工，各负其责、密切配合，共同抓好{t}。",
        "把{t}纳入年度目标考核，考核结果作为评先评优的重要依据。",
        "对{t}涉及的重大事项，实行清单化管理，按月调度、按季评估。",
        "选派业务骨干深入基层一线，对{t}开展面对面指导。",
        "利用报纸、广播、电视和新媒体，广泛宣传{t}的政策要求。",
        "建立{t}信息报送制度，重要情况随时报告，不得迟报漏报。",
        "分级组织{t}业务培训，提高基层工作人员的履职能力。",
        "对{t}中表现突出的集体和个人，按照有关规定给予表扬。",
        "引导社会组织和志愿者有序参与{t}，壮大基层力量。",
        "严肃工作纪律，对{t}中敷衍塞责、弄虚作假的依规依纪追责问责。",
        "运用信息化手段，推动{t}数据共享、流程优化。",
        "结合本地实际细化{t}实施步骤，做到时间表、路线图清晰。",
        "财政部门按规定安排{t}所需经费，加强资金使用监管。",
        "审计部门对{t}资金使用情况开展专项审计。",
        "各区县每半年向市政府报送一次{t}进展情况。",
        "乡镇（街道）要明确专人负责{t}，做到任务到岗、责任到人。",
        "对{t}中群众反映强烈的问题，实行挂牌督办，限期办结。",
        "组织开展{t}专项检查，检查结果在一定范围内通报。",
        "建立{t}联络员制度，加强上下联动和信息互通。",
        "依托政务服务平台公开{t}办理流程和服务承诺。",
        "邀请人大代表、政协委员参与{t}监督，听取意见建议。",
        "针对{t}的重点时段，提前研判风险，制定工作预案。",
        "健全{t}投诉举报受理机制，做到件件有回音。",
        "把{t}与日常业务工作统筹安排，同部署、同推进。",
        "对{t}相关政策开展评估，根据评估结果及时调整完善。",
        "加大{t}基础设施投入，补齐装备和设施短板。",
        "发挥行业协会作用，引导企业自觉参与{t}。",
    )

    def __init__(self, reply: str | None = None, delay_s: float = 0.0, fail_after: int = -1,
                 fail_at: int = 6) -> None:
        self.reply = reply
        self.delay_s = delay_s
        self.fail_after = fail_after
        self.fail_at = fail_at
        self.last_stats = GenStats()
        self.calls: list[list[Message]] = []

    def _text(self, messages: list[Message]) -> str:
        if self.reply is not None:
            return self.reply
        # a "continue" turn is about the section named in the turn before it
        m = next((m for msg in reversed(messages) if msg["role"] == "user"
                  and (m := re.search(r"写“([^”]{2,40})”这一部分", msg["content"]))), None)
        topic = m.group(1) if m else "本项工作"
        k = 3 * (len(self.calls) - 1)
        return "".join(self.POOL[(k + j) % len(self.POOL)].format(t=topic) for j in range(3))

    def stream(self, messages: list[Message], sampling: Sampling,
               cancel: threading.Event | None = None) -> Iterator[str]:
        """Yield the reply two characters at a time (raising ModelError midway when told to fail)."""
        self.calls.append(messages)
        text = self._text(messages)
        stats = GenStats()
        self.last_stats = stats
        t0 = time.perf_counter()
        failing = 0 <= self.fail_after < len(self.calls)
        if failing and self.fail_at <= 0:
            raise ModelError("模型服务 http://fake 连接中断")
        for i in range(0, min(len(text), sampling.max_tokens * 2), 2):
            if cancel is not None and cancel.is_set():
                stats.cancelled = True
                break
            if failing and i >= self.fail_at:
                raise ModelError("模型服务 http://fake 连接中断")
            if self.delay_s:
                time.sleep(self.delay_s)
            if stats.tokens == 0:
                stats.first_token_s = time.perf_counter() - t0
            stats.tokens += 1
            yield text[i:i + 2]
        stats.seconds = time.perf_counter() - t0


def backend_from_settings(llm: dict | None = None, *, model: str | None = None,
                          server: str | None = None) -> Backend:
    """Return the backend the settings (or the CLI's --model/--server) ask for."""
    from gov_docs import config

    llm = llm if llm is not None else config.load()["llm"]
    if server or (llm.get("backend") == "server" and llm.get("server_url")):
        return OpenAIServerBackend(server or llm["server_url"], llm.get("server_model", ""),
                                   llm.get("api_key", ""))
    return LlamaCppBackend(model or llm.get("model_path") or None, n_ctx=int(llm.get("n_ctx", 4096)),
                           threads=int(llm.get("threads", 0)))
