"""Language-model verification: does the replacement make the text around it more probable?

The local GGUF model (llama.cpp) scores a short window with and without a candidate. Both variants are
tokenised whole (split tokenisation puts the model off: "大数"+"据" is far less likely than the one token
"大数据"); the tokens they share at the start are context, and only the tokens after it are compared —
they cover the same text, so the difference of their log probabilities is the model's verdict.

Each pair is one decode of its own, after the prefix's cells (the prefix is decoded once, alone, and kept;
everything after it is dropped before each pair): the rest of the shared start belongs to both sequences,
then the differing rest of each variant. A pair is never decoded together with other pairs: the arithmetic
of a batched decode depends on what else is in the batch (which cells, which rows, which kernel), and the
model's 8-bit activations turn those rounding differences into gains that moved by up to 0.5 (issue 16:
66 of 252 corpus pairs by more than 0.1), so a paragraph re-checked alone after an edit got another
verdict than in the full check. One pair per decode makes a window's gain a function of the window alone
(the same bits in any check, any order, any thread count) at about 1.07× the model's time per
paragraph-sized call and 1.75× that of large batches (BENCHMARKS.md, issue 16); keeping the prefix's cells
saves 2 of the ~11 tokens a pair decodes (about 1.1–1.2× faster, seventh session).

Several free cores decode different pairs side by side, one thread each (a lane: a context of its own on
the shared weights), never one pair on several threads: a decode of ~11 tokens is too small to share, and
two threads on it cost 4–6× the CPU time of one on a busy machine (issue 16, tenth session).
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
MAX_SEQS = 2  # llama.cpp sequences per decode: the original and the changed window of one pair
MAX_WINDOW_TOKENS = 64
MAX_TOKENS = 4 * MAX_WINDOW_TOKENS  # KV cells: one pair (both variants and the prefix) fits with room


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
            self.llama = Llama(model_path=str(model_path), n_ctx=64, n_batch=64, n_threads=1,
                               n_threads_batch=1, verbose=False)
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelError(f"模型文件 {model_path} 无法加载（{exc}）") from exc
        # One lane per thread: a context of its own on the shared weights, decoding on one thread. A pair
        # of ~11 tokens is too small a decode to share between threads: two threads on one decode cost
        # 1.4x the CPU time of one when the cores were free and 4-6x on a busy machine (they wait for each
        # other at every layer), while lanes decode different pairs side by side (issue 16, tenth
        # session). A pair's gain is the same bits on any lane (one thread, the same prefix cells).
        params = self.llama.context_params
        params.n_ctx = MAX_TOKENS
        params.n_batch = MAX_TOKENS
        params.n_ubatch = MAX_TOKENS
        params.n_seq_max = MAX_SEQS
        params.kv_unified = True
        params.n_threads = params.n_threads_batch = 1
        self._lanes = [_Lane(internals.LlamaContext(model=self.llama._model, params=params, verbose=False),
                             internals.LlamaBatch(n_tokens=MAX_TOKENS, embd=0, n_seq_max=MAX_SEQS,
                                                  verbose=False))
                       for _ in range(threads)]
        self._pool = None  # the lanes' threads, started on the first call with pairs for two lanes or more
        self._n_vocab = self.llama.n_vocab()
        # A short plain-text prefix gives the first character a context. Measured on odw windows: with
        # Qwen's <|endoftext|> as the start instead, clean text got gains of +10 to +17 for wrong changes.
        self._prefix = self._tokens(PREFIX)
        self._lock = threading.Lock()  # one call at a time uses the lanes

    def _tokens(self, text: str) -> list[int]:
        return self.llama.tokenize(text.encode("utf-8"), add_bos=False, special=False) if text else []

    def _row(self, lane: _Lane, batch_index: int) -> np.ndarray:
        """Return the logits row of batch position ``batch_index`` of the lane's last decode (a view)."""
        import llama_cpp
        import numpy as np  # here, not at module level: a check that verifies nothing never imports it

        return np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(lane.ctx.ctx, batch_index),
                                     shape=(self._n_vocab,))

    def _logprobs(self, lane: _Lane, batch_index: int, tokens: tuple[int, ...]) -> list[float]:
        """Log probabilities of ``tokens`` under the logits row of batch position ``batch_index``."""
        return self._from_row(self._row(lane, batch_index), tokens)

    @staticmethod
    def _from_row(row: np.ndarray, tokens: tuple[int, ...]) -> list[float]:
        import numpy as np

        top = float(row.max())
        norm = top + float(np.log(np.exp(row - top).sum()))
        return [float(row[t]) - norm for t in tokens]

    @staticmethod
    def _add_tokens(lane: _Lane, tokens: list[int], first_pos: int, seqs: tuple[int, ...], *,
                    all_logits: bool = False, last_logits: bool = False) -> list[int]:
        """Append tokens belonging to the sequences ``seqs`` to the lane's batch; return their indices."""
        b = lane.batch.batch
        out = []
        for i, tok in enumerate(tokens):
            j = b.n_tokens
            b.token[j] = tok
            b.pos[j] = first_pos + i
            for k, seq in enumerate(seqs):
                b.seq_id[j][k] = seq
            b.n_seq_id[j] = len(seqs)
            b.logits[j] = all_logits or (last_logits and i == len(tokens) - 1)
            b.n_tokens += 1
            out.append(j)
        return out

    def gains(self, pairs: list[tuple[str, str]]) -> list[float]:
        """For each (original window, changed window) return log P(changed) − log P(original) (natural
        log); each pair is scored on its own, so its gain never depends on the other pairs.
        """
        work = []
        for orig, new in pairs:
            a = self._prefix + self._tokens(orig)[: MAX_WINDOW_TOKENS]
            b = self._prefix + self._tokens(new)[: MAX_WINDOW_TOKENS]
            common = len(self._prefix)
            while common < min(len(a), len(b)) - 1 and a[common] == b[common]:
                common += 1
            work.append((a, b, common))
        with self._lock:
            lanes = self._lanes[:max(1, min(len(self._lanes), len(work)))]
            if len(lanes) == 1:
                return [self._pair_gain(lanes[0], *w) for w in work]
            if self._pool is None:
                from concurrent.futures import ThreadPoolExecutor

                self._pool = ThreadPoolExecutor(len(self._lanes), thread_name_prefix="typo-lane")
            n = len(lanes)
            parts = list(self._pool.map(lambda k: [self._pair_gain(lanes[k], *w) for w in work[k::n]],
                                        range(n)))
            out = [0.0] * len(work)
            for k, gains in enumerate(parts):
                out[k::n] = gains
            return out

    def _prefix_state(self, lane: _Lane) -> list[float]:
        """Decode the prefix alone, on an empty cache, into both sequences (once per lane; every pair then
        starts from these same cells); return the log probabilities of the token after it, by token id.
        """
        import llama_cpp

        if lane.after_prefix is None:
            llama_cpp.llama_memory_clear(llama_cpp.llama_get_memory(lane.ctx.ctx), True)
            lane.batch.reset()
            last = self._add_tokens(lane, self._prefix, 0, (0, 1), last_logits=True)[-1]
            lane.ctx.decode(lane.batch)
            lane.tokens += len(self._prefix)
            row = self._row(lane, last)
            lane.after_prefix = self._from_row(row, tuple(range(len(row))))
        return lane.after_prefix

    def _pair_gain(self, lane: _Lane, a: list[int], b: list[int], common: int) -> float:
        """One decode after the prefix's cells (everything decoded after them is dropped first): the rest of
        the shared start in both sequences, then the differing rest of each variant but its last token
        (nothing is predicted from it); return log P(b) − log P(a) over the tokens after the shared start.

        The prefix is the same in every window, so it is decoded once, alone (``_prefix_state``): every
        pair's decode sees the same prefix cells and takes the cells after them, whatever was decoded before,
        so its gain stays a function of the pair alone — two tokens a pair cheaper (issue 16).
        """
        import llama_cpp

        after_prefix = self._prefix_state(lane)
        start = len(self._prefix)
        llama_cpp.llama_memory_seq_rm(llama_cpp.llama_get_memory(lane.ctx.ctx), -1, start, -1)
        lane.batch.reset()
        shared = self._add_tokens(lane, a[start:common], start, (0, 1), last_logits=True)
        ia = self._add_tokens(lane, a[common:-1], common, (0,), all_logits=True)
        ib = self._add_tokens(lane, b[common:-1], common, (1,), all_logits=True)
        if lane.batch.batch.n_tokens:  # empty when each variant is one token after the prefix
            lane.ctx.decode(lane.batch)
            lane.tokens += lane.batch.batch.n_tokens
        lane.windows += 2
        if shared:
            fa, fb = self._logprobs(lane, shared[-1], (a[common], b[common]))
        else:  # the windows differ from their first token on: it is predicted from the prefix
            fa, fb = after_prefix[a[common]], after_prefix[b[common]]
        la = fa + sum(self._logprobs(lane, j, (a[common + 1 + n],))[0] for n, j in enumerate(ia))
        lb = fb + sum(self._logprobs(lane, j, (b[common + 1 + n],))[0] for n, j in enumerate(ib))
        return lb - la

    @property
    def windows_scored(self) -> int:
        """Return how many windows (two per pair) the lanes have scored."""
        return sum(lane.windows for lane in self._lanes)

    @property
    def tokens_decoded(self) -> int:
        """Return how many tokens the lanes have decoded."""
        return sum(lane.tokens for lane in self._lanes)


class _Lane:
    """A llama.cpp context on the scorer's weights, its batch and its prefix cells (one thread)."""

    __slots__ = ("ctx", "batch", "after_prefix", "windows", "tokens")

    def __init__(self, ctx, batch) -> None:
        self.ctx, self.batch = ctx, batch
        self.after_prefix: list[float] | None = None  # set by WindowScorer._prefix_state
        self.windows = 0
        self.tokens = 0


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

