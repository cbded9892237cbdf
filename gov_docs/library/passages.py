"""Passages of library documents: splitting, the passage index, their embeddings and passage search.

A passage is a body paragraph (a heading joined to the paragraph under it; long paragraphs cut at sentence
ends to at most ``MAX_CHARS``). Passages are stored with their document in the library index (a stored
field, no extra analysis), so they are built, swapped and updated with it; passage search scores them by
BM25 of the query's character bigrams inside the documents the index finds first.

Embeddings (multilingual-e5-small, ``embedding.py``) are computed after the text index is in place, in the
background, with progress: first each document's head (title and opening, used to rank documents), then its
first ``EMBED_PASSAGES`` passages. They are stored beside the index in ``passages-e5.npz`` (keys = sha1 of
the embedded text, with path and passage number), written to a temporary file and renamed, so a reader never
sees half a file and a killed run keeps what it had checkpointed. Unchanged texts are never embedded twice:
vectors are reused by key across updates and full rebuilds.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

VECTORS_FILE = "passages-e5.npz"
MAX_CHARS = 200
MIN_CHARS = 20
HEAD_CHARS = 120
#: Body passages embedded per document besides its head: by design, not all of them. A 200-character passage
#: costs about 0.10 s of one core (3,786 passages: 395 s of CPU, session 11), so the corpus's 23,845 would
#: take about 40 minutes of one core — 20 on two free cores, four times the 5-minute build budget — where
#: 600 heads and first passages take about 1.5 minutes. And more would not change the ranking: documents
#: represented by their head and seven body passages spread over the text (their best passage, the mean of
#: the best two, or their centroid instead of the head) ranked the development pairs no better (MRR 0.828 →
#: 0.819–0.829 under the usual protocol, @5 at half the library 0.87 → 0.85; BENCHMARKS.md, issue 17,
#: session 11). Recommendations rank by heads (semantic_doc_scores); passage search (drafting exemplars)
#: scores every passage by BM25 and only the embedded ones by meaning.
EMBED_PASSAGES = 1
EMBED_BATCH = 8
CHECKPOINT_SECONDS = 20.0

_SENTENCE_END = re.compile(r"(?<=[。；！？])")
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class LibraryPassage:
    """One passage found by passage search (same field names as gov_docs.llm.grounding.Passage)."""

    title: str
    text: str
    path: str = ""
    doc_number: str = ""
    score: float = 0.0
    organ: str = ""
    date: str = ""
    position: int = 0  # the passage's number in its document (0 = the first body passage)
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """Return a JSON-ready dict."""
        return {**self.__dict__, "reasons": list(self.reasons)}


def split_passages(paragraphs: Iterable[tuple[str, bool]]) -> list[str]:
    """Cut body paragraphs into passages.

    Args:
        paragraphs: (text, is_heading) of the body paragraphs in order.

    Returns:
        Passages of at most MAX_CHARS characters (a heading stays with what follows it; paragraphs shorter
        than MIN_CHARS are joined to the next; long ones are cut at sentence ends).
    """
    out: list[str] = []
    pending = ""
    for text, heading in paragraphs:
        text = text.strip()
        if not text:
            continue
        if heading or len(text) < MIN_CHARS:
            pending = f"{pending}{text}" if not pending else f"{pending}\n{text}"
            if len(pending) < MAX_CHARS:
                continue
            text, pending = pending, ""
        elif pending:
            text, pending = f"{pending}\n{text}", ""
        chunk = ""
        for sentence in _SENTENCE_END.split(text):
            if chunk and len(chunk) + len(sentence) > MAX_CHARS:
                out.append(chunk)
                chunk = ""
            while len(sentence) > MAX_CHARS:  # one sentence longer than a passage: cut it
                out.append(sentence[:MAX_CHARS])
                sentence = sentence[MAX_CHARS:]
            chunk += sentence
        if chunk:
            out.append(chunk)
    if pending:
        out.append(pending)
    return [p for p in out if len(_HAN.findall(p)) >= MIN_CHARS // 2]


def text_key(text: str) -> str:
    """Return the key of an embedded text (sha1 hex)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def head_text(title: str, passages: list[str]) -> str:
    """Return what a document's head vector embeds: its title and opening."""
    opening = passages[0][:HEAD_CHARS] if passages else ""
    return f"{title}\n{opening}".strip()


# -- vectors ------------------------------------------------------------------------------------------
@dataclass
class Vectors:
    """Embedded texts of an index: one row per (document, passage number); n = -1 is the document's head."""

    keys: list[str]
    paths: list[str]
    nums: list[int]
    matrix: object  # numpy (rows, 384) float32

    def __len__(self) -> int:
        return len(self.keys)


def empty_vectors() -> Vectors:
    """Return a store with no rows."""
    import numpy as np

    return Vectors([], [], [], np.zeros((0, 384), dtype=np.float32))


def vectors_path(index_dir: Path) -> Path:
    """Return the vector file of an index folder."""
    return Path(index_dir) / VECTORS_FILE


_cache: dict[str, tuple[tuple, Vectors]] = {}
_cache_lock = threading.Lock()


def load_vectors(index_dir: Path) -> Vectors:
    """Return the vectors stored beside an index (cached until the file changes); empty when none."""
    import numpy as np

    path = vectors_path(index_dir)
    try:
        st = path.stat()
    except OSError:
        return empty_vectors()
    sig = (st.st_mtime_ns, st.st_size)
    with _cache_lock:
        hit = _cache.get(str(path))
        if hit and hit[0] == sig:
            return hit[1]
    try:
        with np.load(path, allow_pickle=False) as data:
            vec = Vectors([str(k) for k in data["keys"]], [str(p) for p in data["paths"]],
                          [int(n) for n in data["nums"]], data["vecs"].astype(np.float32))
    except (OSError, ValueError, KeyError):  # damaged: treated as absent, recomputed by the next update
        return empty_vectors()
    with _cache_lock:
        _cache[str(path)] = (sig, vec)
    return vec


def save_vectors(index_dir: Path, vec: Vectors) -> None:
    """Write the vectors atomically (temporary file, then rename)."""
    import numpy as np

    path = vectors_path(index_dir)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with open(tmp, "wb") as fh:
        np.savez(fh, keys=np.array(vec.keys, dtype="U40"), paths=np.array(vec.paths, dtype=str),
                 nums=np.array(vec.nums, dtype=np.int32), vecs=np.asarray(vec.matrix, dtype=np.float16))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


@dataclass
class EmbedReport:
    """What an embedding run did."""

    embedded: int = 0  # texts run through the model
    reused: int = 0  # texts whose vector was already known
    pending: int = 0  # texts left (cancelled, or the model is unavailable)
    seconds: float = 0.0
    error: str = ""


def wanted_texts(index) -> list[tuple[str, int, str]]:
    """Return (path, n, text) for every text the index should have a vector for, heads first."""
    heads, bodies = [], []
    with index.searcher() as s:
        for stored in s.all_stored_fields():
            path = stored["path"]
            passages = stored.get("passages") or []
            head = stored.get("head") or head_text(stored.get("title", ""), passages)
            if head:
                heads.append((path, -1, head))
            bodies += [(path, n, text) for n, text in enumerate(passages[:EMBED_PASSAGES])]
    bodies.sort(key=lambda item: (item[1], item[0]))  # every document's first passage before any second one
    return heads + bodies


def embed_missing(index, *, progress: Callable[[int, int, str], None] | None = None,
                  cancel: threading.Event | None = None, cache: dict | None = None) -> EmbedReport:
    """Compute the vectors the index lacks and store them beside it, checkpointing as it goes.

    Args:
        index: the LibraryIndex.
        progress: called as (done, total, status line) after each batch.
        cancel: set it to stop; what was computed so far is kept.
        cache: key → vector of texts embedded before (e.g. read from the index a rebuild replaces).

    Returns:
        An EmbedReport.
    """
    import numpy as np

    from gov_docs.library import embedding

    t0 = time.perf_counter()
    report = EmbedReport()
    wanted = wanted_texts(index)
    old = load_vectors(index.path)
    known: dict[str, np.ndarray] = dict(cache or {})
    for i, key in enumerate(old.keys):
        known[key] = old.matrix[i]
    rows_keys, rows_paths, rows_nums, rows_vecs = [], [], [], []
    todo: list[tuple[str, int, str, str]] = []
    for path, n, text in wanted:
        key = text_key(text)
        if key in known:
            rows_keys.append(key)
            rows_paths.append(path)
            rows_nums.append(n)
            rows_vecs.append(known[key])
            report.reused += 1
        else:
            todo.append((path, n, text, key))

    def snapshot() -> Vectors:
        matrix = np.vstack(rows_vecs).astype(np.float32) if rows_vecs else np.zeros(
            (0, embedding.DIM), np.float32)
        return Vectors(list(rows_keys), list(rows_paths), list(rows_nums), matrix)

    total = len(todo)
    if progress:
        progress(0, total, f"语义向量 0/{total}")
    last_save = time.perf_counter()
    try:
        for start in range(0, total, EMBED_BATCH):
            if cancel is not None and cancel.is_set():
                break
            batch = todo[start:start + EMBED_BATCH]
            vecs = embedding.embed_passages([text for _p, _n, text, _k in batch])
            for (path, n, _text, key), v in zip(batch, vecs, strict=True):
                rows_keys.append(key)
                rows_paths.append(path)
                rows_nums.append(n)
                rows_vecs.append(v)
                known[key] = v
            report.embedded += len(batch)
            if progress:
                progress(report.embedded, total, f"语义向量 {report.embedded}/{total}")
            if time.perf_counter() - last_save > CHECKPOINT_SECONDS:
                save_vectors(index.path, snapshot())
                last_save = time.perf_counter()
    except embedding.EmbeddingUnavailable as exc:
        report.error = str(exc)
    report.pending = total - report.embedded
    if report.embedded or len(rows_keys) != len(old) or report.reused != len(old):
        save_vectors(index.path, snapshot())
    report.seconds = time.perf_counter() - t0
    return report


class EmbedPipeline:
    """Embeds the texts of documents as a build reads them, in a thread beside the text indexing.

    The engine releases the interpreter lock while it computes, so embedding runs on the second core while
    the build analyses text on the first. Texts already embedded (``cache``, by key) are not embedded again.
    """

    def __init__(self, cache: dict | None = None, cancel: threading.Event | None = None) -> None:
        import queue

        self.cache = dict(cache or {})
        self.cancel = cancel or threading.Event()
        self.report = EmbedReport()
        self.total = 0  # texts queued for the model
        self._rows: list[tuple[str, str, int, object]] = []  # key, path, n, vector
        self._queue: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="gov-docs-embed", daemon=True)
        self._t0 = time.perf_counter()
        self._thread.start()

    def add_document(self, path: str, title: str, passages: list[str]) -> None:
        """Queue a document's head and first passages."""
        items = [(path, -1, head_text(title, passages))]
        items += [(path, n, text) for n, text in enumerate(passages[:EMBED_PASSAGES])]
        for path_, n, text in items:
            key = text_key(text)
            if key in self.cache:
                with self._lock:
                    self._rows.append((key, path_, n, self.cache[key]))
                self.report.reused += 1
            else:
                self.total += 1
                self._queue.put((path_, n, text, key))

    def _run(self) -> None:
        import queue

        from gov_docs.library import embedding

        while True:
            item = self._queue.get()
            if item is None:
                return
            batch = [item]
            while len(batch) < EMBED_BATCH:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    self._queue.put(None)
                    break
                batch.append(nxt)
            if self.cancel.is_set() or self._stop.is_set() or self.report.error:
                continue
            try:
                vecs = embedding.embed_passages([text for _p, _n, text, _k in batch])
            except embedding.EmbeddingUnavailable as exc:
                self.report.error = str(exc)
                continue
            with self._lock:
                for (path, n, _text, key), v in zip(batch, vecs, strict=True):
                    self._rows.append((key, path, n, v))
                    self.cache[key] = v
                self.report.embedded += len(batch)

    @property
    def done(self) -> int:
        """Texts embedded so far."""
        return self.report.embedded

    def snapshot(self) -> Vectors:
        """Return the vectors computed or reused so far."""
        import numpy as np

        with self._lock:
            rows = list(self._rows)
        if not rows:
            return empty_vectors()
        return Vectors([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows],
                       np.vstack([r[3] for r in rows]).astype(np.float32))

    def finish(self, index_dir: Path | None, *,
               progress: Callable[[int, int], None] | None = None) -> EmbedReport:
        """Wait for the queue to drain (or cancel), checkpointing into ``index_dir``; save and report."""
        self._queue.put(None)
        last_save = time.perf_counter()
        if progress:
            progress(self.done, self.total)
        while self._thread.is_alive():
            self._thread.join(0.5)
            if progress:
                progress(self.done, self.total)
            if index_dir is not None and time.perf_counter() - last_save > CHECKPOINT_SECONDS:
                save_vectors(index_dir, self.snapshot())
                last_save = time.perf_counter()
        if index_dir is not None:
            save_vectors(index_dir, self.snapshot())
        self.report.pending = self.total - self.report.embedded
        self.report.seconds = time.perf_counter() - self._t0
        return self.report

    def abandon(self) -> None:
        """Stop the thread without saving (the build failed or was cancelled before the swap)."""
        self._stop.set()
        self._queue.put(None)


def vector_cache(index_dir: Path) -> dict:
    """Return key → vector of the vectors stored in ``index_dir`` (to carry them across a rebuild)."""
    vec = load_vectors(index_dir)
    return {key: vec.matrix[i] for i, key in enumerate(vec.keys)}


# -- scoring --------------------------------------------------------------------------------------------
def semantic_doc_scores(index_dir: Path, query_vec) -> dict[str, float]:
    """Return, per document, the cosine between ``query_vec`` and the document's head (title and opening).

    Heads only: on the development pairs, adding the best body passage made recommendations worse (a
    passage on 加强组织领导 matches every draft's closing section); with seven more passages per document
    (session 11) the best passage, the best two or the centroid did no better than the head.
    """
    vec = load_vectors(index_dir)
    if not len(vec):
        return {}
    rows = _head_rows(vec)
    if not rows:
        return {}
    sims = vec.matrix[rows] @ query_vec
    return {vec.paths[i]: float(v) for i, v in zip(rows, sims, strict=True)}


def _head_rows(vec: Vectors) -> list[int]:
    return [i for i, n in enumerate(vec.nums) if n < 0]


def rescale(scores: dict[str, float]) -> dict[str, float]:
    """Map cosines to 0–1: the median document scores 0, the best 1 (e5 cosines sit in a narrow band)."""
    if not scores:
        return {}
    values = sorted(scores.values())
    base = values[len(values) // 2]
    best = values[-1]
    span = (best - base) or 1.0
    return {k: max(0.0, (v - base) / span) for k, v in scores.items()}


_K1, _B, _AVG = 1.2, 0.75, 120.0


def _grams(text: str) -> list[str]:
    return [run[i:i + 2] for run in re.findall(r"[\u4e00-\u9fff]+", text) for i in range(len(run) - 1)]


def passage_bm25(searcher, text: str, excluded: set[str],
                 docs: int) -> tuple[dict[str, float], dict[str, str]]:
    """Return ({pid: 0–1 lexical score}, {pid: passage text}) for the passages of the best documents.

    The query's 40 most characteristic bigrams (tf·idf against the library) find ``docs`` documents by BM25;
    each of their passages is scored by BM25 of those bigrams inside it, plus a fifth of its document's score.
    """
    from collections import Counter

    from whoosh import query as Q

    reader = searcher.reader()
    n_docs = max(reader.doc_count_all(), 1)
    idf: dict[str, float] = {}
    weighted = []
    for g, tf in Counter(_grams(text)).items():
        df = reader.doc_frequency("content_bigram", g)
        if df:
            idf[g] = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
            weighted.append((min(tf, 3) * idf[g], g))
    weighted.sort(reverse=True)
    terms = {g: w for w, g in weighted[:40]}
    if not terms:
        return {}, {}
    results = searcher.search(Q.Or([Q.Term("content_bigram", g, boost=w) for g, w in terms.items()]),
                              limit=docs + len(excluded))
    best_doc = max((r.score for r in results), default=1.0) or 1.0
    raw: dict[str, float] = {}
    texts: dict[str, str] = {}
    for r in results:
        if r["path"] in excluded:
            continue
        doc_score = float(r.score) / best_doc
        for n, passage in enumerate(r.get("passages") or []):
            counts = Counter(g for g in _grams(passage) if g in terms)
            if not counts:
                continue
            norm = _K1 * (1 - _B + _B * len(passage) / _AVG)
            score = sum(idf[g] * c * (_K1 + 1) / (c + norm) for g, c in counts.items())
            pid = f"{r['path']}#{n}"
            raw[pid] = score * (0.8 + 0.2 * doc_score)
            texts[pid] = passage
    best = max(raw.values(), default=1.0) or 1.0
    return {pid: v / best for pid, v in raw.items()}, texts


def semantic_passages(index_dir: Path, query: str, excluded: set[str], number: int) -> dict[str, float]:
    """Return {pid: 0–1} for the ``number`` embedded passages closest to ``query`` ({} without vectors)."""
    from gov_docs.library import embedding

    vec = load_vectors(index_dir)
    if not len(vec):
        return {}
    try:
        qv = embedding.embed_query(query)
    except embedding.EmbeddingUnavailable:
        return {}
    rows = [i for i, n in enumerate(vec.nums) if n >= 0]
    if not rows:
        return {}
    sims = vec.matrix[rows] @ qv
    scaled = rescale({f"{vec.paths[i]}#{vec.nums[i]}": float(v) for i, v in zip(rows, sims, strict=True)})
    out = {}
    for pid in sorted(scaled, key=scaled.__getitem__, reverse=True):
        if pid.rsplit("#", 1)[0] not in excluded:
            out[pid] = scaled[pid]
            if len(out) >= number:
                break
    return out
