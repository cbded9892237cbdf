"""Language-model verification: does the replacement make the text around it more probable?

The local GGUF model (llama.cpp) scores a short window with and without a candidate. Both variants are
tokenised whole (split tokenisation puts the model off: "大数"+"据" is far less likely than the one token
"大数据"); the tokens they share at the start are context, and only the tokens after it are compared —
they cover the same text, so the difference of their log probabilities is the model's verdict. All
windows of a batch of sentences go through the model together, in two decodes: the shared start of
each pair once, then the differing rest of both variants. That is what makes this affordable on a CPU:
a 0.5B model decodes about 150 tokens a second on two cores, and a pair costs about seven tokens.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from gov_docs.llm.backends import ModelError

if TYPE_CHECKING:
    import numpy as np

PREFIX = "文本："
MAX_SEQS = 32  # llama.cpp sequences per decode: two per pair, the last one holds the shared prefix
PREFIX_SEQ = MAX_SEQS - 1
MAX_PAIRS = (MAX_SEQS - 1) // 2
MAX_TOKENS = 1024  # KV cells; a decode uses at most half
MAX_WINDOW_TOKENS = 64


class WindowScorer:
    """Compare original and changed windows with the model: :meth:`gains` returns the log-probability gain."""

    def __init__(self, model_path: Path | None = None, threads: int | None = None) -> None:
        from gov_docs.llm.backends import check_gguf, find_model, free_cores

        model_path = find_model(model_path, prefer=TYPO_PREFERENCE)
        check_gguf(model_path)
        self.model_path = model_path
        try:
            from llama_cpp import Llama
            from llama_cpp import _internals as internals
        except ImportError as exc:  # pragma: no cover - the dependency is always installed
            raise ModelError(f"llama-cpp-python 未安装，无法用模型 {model_path} 核验（{exc}）") from exc
        threads = threads or min(free_cores(), 8)  # busy cores make llama.cpp spin (2 batch workers: 1 each)
        self.threads = threads
        try:
            self.llama = Llama(model_path=str(model_path), n_ctx=64, n_batch=64, n_threads=threads,
                               n_threads_batch=threads, verbose=False)
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelError(f"模型文件 {model_path} 无法加载（{exc}）") from exc
        params = self.llama.context_params
        params.n_ctx = MAX_TOKENS
        params.n_batch = MAX_TOKENS
        params.n_ubatch = MAX_TOKENS
        params.n_seq_max = MAX_SEQS
        params.kv_unified = True
        self._ctx = internals.LlamaContext(model=self.llama._model, params=params, verbose=False)
        self._batch = internals.LlamaBatch(n_tokens=MAX_TOKENS, embd=0, n_seq_max=MAX_SEQS, verbose=False)
        self._n_vocab = self.llama.n_vocab()
        # A short plain-text prefix gives the first character a context. Measured on odw windows: with
        # Qwen's <|endoftext|> as the start instead, clean text got gains of +10 to +17 for wrong changes.
        self._prefix = self._tokens(PREFIX)
        self._prefix_row: np.ndarray | None = None
        self._lock = threading.Lock()
        self.windows_scored = 0
        self.tokens_decoded = 0

    def _tokens(self, text: str) -> list[int]:
        return self.llama.tokenize(text.encode("utf-8"), add_bos=False, special=False) if text else []

    def _row(self, batch_index: int) -> np.ndarray:
        """Return the logits row of batch position ``batch_index`` of the last decode (a view, not a copy)."""
        import llama_cpp
        import numpy as np  # here, not at module level: a check that verifies nothing never imports it

        return np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(self._ctx.ctx, batch_index),
                                     shape=(self._n_vocab,))

    def _logprobs(self, batch_index: int, tokens: tuple[int, ...]) -> list[float]:
        """Log probabilities of ``tokens`` under the logits row of batch position ``batch_index``."""
        return self._from_row(self._row(batch_index), tokens)

    @staticmethod
    def _from_row(row: np.ndarray, tokens: tuple[int, ...]) -> list[float]:
        import numpy as np

        top = float(row.max())
        norm = top + float(np.log(np.exp(row - top).sum()))
        return [float(row[t]) - norm for t in tokens]

    def _ensure_prefix(self) -> None:
        """Decode the prefix once into its own sequence and keep its last logits row."""
        import llama_cpp

        if self._prefix_row is not None:
            return
        llama_cpp.llama_memory_clear(llama_cpp.llama_get_memory(self._ctx.ctx), True)
        self._add_tokens(self._prefix, 0, PREFIX_SEQ, last_logits=True)
        self._ctx.decode(self._batch)
        self.tokens_decoded += len(self._prefix)
        self._prefix_row = self._row(len(self._prefix) - 1).copy()

    def _add_tokens(self, tokens: list[int], first_pos: int, seq: int, *, all_logits: bool = False,
                    last_logits: bool = False, reset: bool = True) -> list[int]:
        """Append tokens of one sequence to the batch; return their batch indices."""
        if reset:
            self._batch.reset()
        b = self._batch.batch
        out = []
        for i, tok in enumerate(tokens):
            j = b.n_tokens
            b.token[j] = tok
            b.pos[j] = first_pos + i
            b.seq_id[j][0] = seq
            b.n_seq_id[j] = 1
            b.logits[j] = all_logits or (last_logits and i == len(tokens) - 1)
            b.n_tokens += 1
            out.append(j)
        return out

    def gains(self, pairs: list[tuple[str, str]]) -> list[float]:
        """For each (original window, changed window) return log P(changed) − log P(original) (natural
        log).
        """
        items = []
        n_prefix = len(self._prefix)
        for orig, new in pairs:
            a = self._prefix + self._tokens(orig)[: MAX_WINDOW_TOKENS]
            b = self._prefix + self._tokens(new)[: MAX_WINDOW_TOKENS]
            common = n_prefix
            while common < min(len(a), len(b)) - 1 and a[common] == b[common]:
                common += 1
            items.append((a, b, common))
        out: list[float] = []
        start = 0
        while start < len(items):
            chunk, used = [], 0
            for a, b, common in items[start:start + MAX_PAIRS]:
                cost = len(a) + len(b) - common
                if chunk and used + cost > MAX_TOKENS // 2:
                    break
                chunk.append((a, b, common))
                used += cost
            with self._lock:
                out.extend(self._pair_batch(chunk))
            start += len(chunk)
        return out

    def _pair_batch(self, chunk: list[tuple[list[int], list[int], int]]) -> list[float]:
        """Two decodes: the shared start of each pair once, then the differing rest of both variants.

        The original and the changed window share the prefix (decoded once per process, copied into
        each sequence) and the context tokens before the change (decoded once per pair, then copied to
        the second sequence); only the rest is decoded twice, and the last token of each variant never
        needs decoding (nothing is predicted from it).
        """
        import llama_cpp

        self._ensure_prefix()
        mem = llama_cpp.llama_get_memory(self._ctx.ctx)
        n_prefix = len(self._prefix)
        for seq in range(PREFIX_SEQ):  # every pair sequence a previous (possibly interrupted) batch left
            llama_cpp.llama_memory_seq_rm(mem, seq, -1, -1)
        # phase 1: shared context after the prefix, on the even sequence of each pair
        self._batch.reset()
        last_shared: dict[int, int] = {}
        for k, (a, _b, common) in enumerate(chunk):
            llama_cpp.llama_memory_seq_cp(mem, PREFIX_SEQ, 2 * k, -1, -1)
            if common > n_prefix:
                idx = self._add_tokens(a[n_prefix:common], n_prefix, 2 * k, last_logits=True, reset=False)
                last_shared[k] = idx[-1]
        first: list[tuple[float, float]] = []
        if self._batch.batch.n_tokens:
            self._ctx.decode(self._batch)
            self.tokens_decoded += self._batch.batch.n_tokens
        for k, (a, b, common) in enumerate(chunk):
            if k in last_shared:
                lp = self._logprobs(last_shared[k], (a[common], b[common]))
            else:
                lp = self._from_row(self._prefix_row, (a[common], b[common]))
            first.append((lp[0], lp[1]))
        # phase 2: the differing rest of both variants (all but their last token)
        self._batch.reset()
        rows: list[tuple[list[int], list[int]]] = []
        for k, (a, b, common) in enumerate(chunk):
            llama_cpp.llama_memory_seq_cp(mem, 2 * k, 2 * k + 1, -1, -1)
            ia = self._add_tokens(a[common:-1], common, 2 * k, all_logits=True, reset=False)
            ib = self._add_tokens(b[common:-1], common, 2 * k + 1, all_logits=True, reset=False)
            rows.append((ia, ib))
        if self._batch.batch.n_tokens:
            self._ctx.decode(self._batch)
            self.tokens_decoded += self._batch.batch.n_tokens
        self.windows_scored += 2 * len(chunk)
        out = []
        for (a, b, common), (ia, ib), (fa, fb) in zip(chunk, rows, first, strict=True):
            la = fa + sum(self._logprobs(j, (a[common + 1 + n],))[0] for n, j in enumerate(ia))
            lb = fb + sum(self._logprobs(j, (b[common + 1 + n],))[0] for n, j in enumerate(ib))
            out.append(lb - la)
        return out


_scorers: dict[tuple[str, int], WindowScorer] = {}
_scorers_lock = threading.Lock()
#: pid of the process whose llama.cpp ran its own worker threads (set when a scorer loads with more
#: than one); a process forked from it must decode on one thread: the OpenMP pool it inherits exists
#: only on paper, and a multi-threaded decode there waits for it forever
_threads_started_in = 0


def _one_thread_after_fork(threads: int | None) -> int | None:
    """Return the thread count for a scorer loaded in this process (1 in a child forked after the parent's
    model ran on several threads).
    """
    if _threads_started_in and _threads_started_in != os.getpid():
        return 1
    return threads


#: models tried in order when no model is named: the small one scores ~3x more windows a second, which keeps
#: verification above 10 sentences a second on two cores (the default mode, issue 16)
TYPO_PREFERENCE = ("0.5b", "1.5b")


def scorer_for(model_path: Path | str | None = None, threads: int | None = None) -> WindowScorer:
    """Return this process's scorer for a model file, loaded once per process (default: the small demo
    model when installed, else the first model in models/). A forked batch worker loads its own: a
    llama.cpp context is never shared across processes.
    """
    from gov_docs.llm.backends import find_model

    path = find_model(model_path, prefer=TYPO_PREFERENCE)
    key = (str(path.resolve()), os.getpid())
    with _scorers_lock:
        if key not in _scorers:
            scorer = WindowScorer(path, _one_thread_after_fork(threads))
            if scorer.threads > 1:
                global _threads_started_in
                _threads_started_in = _threads_started_in or os.getpid()
            _scorers[key] = scorer
        return _scorers[key]


class LazyScorer:
    """The model a typo corrector verifies with, loaded the first time a window needs scoring.

    The file is found and its header checked at once (a missing or broken file is known before any
    check runs, so the caller can fall back to the fast path); the model itself loads only when a suspect
    needs verifying — a page with no suspects never loads it — and once per process (a batch worker
    forked from a process that had loaded it loads its own).
    """

    def __init__(self, model_path: Path | str | None = None, threads: int | None = None) -> None:
        from gov_docs.llm.backends import check_gguf, find_model

        self.model_path = find_model(model_path, prefer=TYPO_PREFERENCE)
        check_gguf(self.model_path)
        self.threads = threads
        self._scorer: WindowScorer | None = None
        self._pid = 0
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        """Return True when this process has loaded the model."""
        return self._scorer is not None and self._pid == os.getpid()

    def scorer(self) -> WindowScorer:
        """Return the loaded scorer, loading the model now if this process has not (raises ModelError)."""
        with self._lock:
            if not self.loaded:
                self._scorer = scorer_for(self.model_path, self.threads)
                self._pid = os.getpid()
            return self._scorer

    def gains(self, pairs: list[tuple[str, str]]) -> list[float]:
        """:meth:`WindowScorer.gains`; loads the model on the first pairs."""
        return self.scorer().gains(pairs) if pairs else []

    @property
    def windows_scored(self) -> int:
        """Return how many windows this process's model has scored (0 before it loaded)."""
        return self._scorer.windows_scored if self.loaded else 0

