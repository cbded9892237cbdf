"""The Whoosh index of prior documents: build (both cores), incremental update, search with filters.

A build writes a fresh index into a temporary folder next to the target and swaps it in only when
complete, so an interrupted build never damages the existing index (a rerun simply builds again).
Updates go through Whoosh's own commit (new segments, then the table of contents), which is atomic;
its lock is a file lock released by the operating system if the process dies.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from gov_docs.errors import GovDocsError
from gov_docs.library.passages import (
    EmbedPipeline,
    EmbedReport,
    LibraryPassage,
    embed_missing,
    head_text,
    vector_cache,
)
from gov_docs.library.records import DocRecord

META_FILE = "gov-docs-library.json"
#: A one-process build commits every BATCH_FILES files. One commit per library of up to 1,000 files: each
#: commit leaves a segment, and every query pays per segment (six segments of 100 files made a
#: recommendation 20–35% slower than one); batches also cost about 16% more build work.
BATCH_FILES = 1000
#: Passage search: documents whose passages are scored lexically, semantic candidates, characters of the
#: query embedded, and the weights of the two signals (BM25 first: e5 cosines of unrelated 公文 passages sit
#: close to those of related ones; there is no labelled passage set to choose them on).
PASSAGE_DOCS = 20
PASSAGE_CANDIDATES = 50
QUERY_CHARS = 100
P_W_BM25 = 0.65
P_W_SEMANTIC = 0.35
READABLE = (".docx", ".txt")

#: (done, total, status line): units are files read plus texts embedded; the line says which and how far.
ProgressFn = Callable[[int, int, str], None]


class LibraryError(GovDocsError):
    """The library index is missing, locked or unreadable; the message says which and what to do."""


@dataclass
class Hit:
    """One search result."""

    path: str
    title: str
    doc_number: str
    organ: str
    doc_type: str
    date: dt.date | None
    score: float
    snippet: str = ""
    marks: list[tuple[int, int]] = field(default_factory=list)  # spans of matched words in the snippet

    def to_dict(self) -> dict:
        """Return a JSON-ready dict."""
        return {**self.__dict__, "date": self.date.isoformat() if self.date else None,
                "marks": [list(m) for m in self.marks]}

    def marked_snippet(self, before: str = "「", after: str = "」") -> str:
        """Return the snippet with each matched word between ``before`` and ``after``."""
        return mark(self.snippet, self.marks, before, after)


@dataclass
class BuildReport:
    """What a build or update did."""

    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (catalog path, reason): titles not used
    seconds: float = 0.0
    cancelled: bool = False
    passages: int = 0  # passages written to the passage index
    embedding: EmbedReport = field(default_factory=EmbedReport)
    text_seconds: float = 0.0  # until the text index was in place (searchable)


def scan(folders: Iterable[Path]) -> list[Path]:
    """Return every .docx/.txt under ``folders`` (sorted; temp and hidden files skipped)."""
    out: list[Path] = []
    for folder in folders:
        folder = Path(folder)
        if folder.is_file():
            out.append(folder.resolve())
            continue
        if not folder.is_dir():
            raise LibraryError(f"文件夹 {folder} 不存在")
        for p in folder.rglob("*"):
            if p.suffix.lower() in READABLE and p.is_file() and not p.name.startswith(("~$", ".")):
                out.append(p.resolve())
    return sorted(set(out))


def catalog_warnings(files: Iterable[Path]) -> list[tuple[str, str]]:
    """Return (catalog, reason) for every unreadable folder catalog among the folders of ``files``."""
    from gov_docs.library.catalog import folder_catalog

    out = []
    for folder in sorted({Path(f).parent for f in files}):
        catalog = folder_catalog(folder)
        if catalog.error:
            out.append((str(catalog.path), catalog.error))
    return out


def parse_file(path: str) -> tuple[str, DocRecord | None, str]:
    """Parse one file into a record (runs in a worker process); returns (path, record, error)."""
    from gov_docs.document import DocumentReadError, read_document
    from gov_docs.library.catalog import catalog_title
    from gov_docs.library.records import record_from_document

    try:
        doc = read_document(path)
        return path, record_from_document(doc, Path(path), catalog_title(Path(path))), ""
    except DocumentReadError as exc:
        return path, None, exc.reason
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the build
        return path, None, f"{type(exc).__name__}: {exc}"


def schema():
    """Return the Whoosh schema (analyzers built once per process)."""
    from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

    from gov_docs.library.analysis import bigram_analyzer, word_analyzer

    return Schema(
        path=ID(stored=True, unique=True),
        title=TEXT(analyzer=word_analyzer(), stored=True),
        title_bigram=TEXT(analyzer=bigram_analyzer(), phrase=False),
        doc_number=ID(stored=True),
        organ=ID(stored=True),
        doc_type=ID(stored=True),
        date=DATETIME(stored=True),
        year=NUMERIC(stored=True),
        content=TEXT(analyzer=word_analyzer(), stored=True, phrase=False),
        content_bigram=TEXT(analyzer=bigram_analyzer(), phrase=False),
        cited=KEYWORD(stored=True, commas=True, scorable=True),
        catalog=STORED,
        head=STORED,
        passages=STORED,
        mtime=STORED,
        size=STORED,
        sha1=STORED,
    )


def _fields(rec: DocRecord) -> dict:
    date = dt.datetime.combine(rec.date, dt.time()) if rec.date else None
    fields = {
        "path": rec.path,
        "title": rec.title,
        "title_bigram": rec.title,
        "doc_number": rec.doc_number,
        "organ": rec.organ,
        "doc_type": rec.doc_type,
        "content": rec.text,
        "content_bigram": rec.text,
        "cited": ",".join(t.replace(",", "，") for t in rec.cited_titles),
        "catalog": rec.catalog_title,
        "head": head_text(rec.title, rec.passages),
        "passages": rec.passages,
        "mtime": rec.mtime,
        "size": rec.size,
        "sha1": rec.sha1,
    }
    if date:
        fields["date"] = date
        fields["year"] = rec.date.year
    return fields


class _Shown:
    """Turns build steps into progress calls: (done, total, a status line) over files and vectors."""

    def __init__(self, fn: ProgressFn | None, files: int, pipeline) -> None:
        self.fn = fn
        self.files = files
        self.files_done = 0
        self.pipeline = pipeline
        self.last = ""

    def _vector_counts(self) -> tuple[int, int]:
        p = self.pipeline
        if p is None:
            return 0, 0
        # while files are still being read, extrapolate the number of texts still to come
        expected = p.total if self.files_done >= self.files else p.total * self.files // max(
            self.files_done, 1)
        return p.done, max(expected, p.done)

    def _emit(self, line: str) -> None:
        if self.fn is None:
            return
        vdone, vtotal = self._vector_counts()
        self.last = line
        self.fn(self.files_done + vdone, self.files + vtotal, line)

    def file(self, done: int, path: str) -> None:
        """Report a file read and analysed."""
        self.files_done = done
        vdone, vtotal = self._vector_counts()
        tail = f"，语义向量 {vdone}/{vtotal}" if self.pipeline is not None else ""
        self._emit(f"读取文件 {done}/{self.files}：{Path(path).name}{tail}")

    def message(self, line: str) -> None:
        """Report a step without a count."""
        self._emit(line)

    def vectors(self, done: int, total: int) -> None:
        """Report vectors computed after the text index is in place."""
        self._emit(f"文本索引已可检索；语义向量 {done}/{total}")


def default_index_path() -> Path:
    """Return the configured index folder, or ``<user data>/index``."""
    from gov_docs import config, paths

    try:
        configured = config.load().get("library", {}).get("index_path", "")
    except config.ConfigError:
        configured = ""
    return Path(configured) if configured else paths.user_data_dir() / "index"


class LibraryIndex:
    """A library index on disk."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path else default_index_path()
        self._ix = None
        self._lock = threading.Lock()
        # One searcher per thread (a thread's local data goes with it; the weak set lets _release close all).
        self._local = threading.local()
        self._searchers: weakref.WeakSet = weakref.WeakSet()
        self._embed_lock = threading.Lock()

    # -- opening ----------------------------------------------------------------------------------
    def exists(self) -> bool:
        """Return True when an index has been built here."""
        from whoosh import index

        return self.path.is_dir() and index.exists_in(str(self.path))

    def _open(self):
        from whoosh import index

        if self._ix is None:
            if not self.exists():
                raise LibraryError(f"文档库索引 {self.path} 不存在，请先运行 gov-docs index build 文件夹")
            try:
                self._ix = index.open_dir(str(self.path))
            except Exception as exc:  # noqa: BLE001 - a damaged index gets one clear message
                raise LibraryError(f"文档库索引 {self.path} 无法打开（{exc}），请重新建立索引") from exc
        return self._ix

    @contextlib.contextmanager
    def searcher(self):
        """Yield this thread's searcher: opened once (about 40 ms) and reused until the index changes."""
        ix = self._open()
        cached = getattr(self._local, "cached", None)
        if cached is None or cached[0] is not ix:
            if cached is not None:
                cached[1].close()
            cached = self._local.cached = (ix, ix.searcher())
            with self._lock:
                self._searchers.add(cached[1])
        yield cached[1]

    def _release(self) -> None:
        """Close every cached searcher and forget the open index (before swapping or after updating it)."""
        with self._lock:
            searchers = list(self._searchers)
            self._searchers = weakref.WeakSet()
            self._local = threading.local()
        for s in searchers:
            s.close()
        self._ix = None

    def meta(self) -> dict:
        """Return the stored build metadata (folders, build time)."""
        try:
            return json.loads((self.path / META_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    # -- building ---------------------------------------------------------------------------------
    def build(self, folders: Iterable[Path | str], *, progress: ProgressFn | None = None,
              cancel: threading.Event | None = None, workers: int | None = None,
              embed: bool = True) -> BuildReport:
        """Index every .docx/.txt under ``folders`` from scratch; swap the new index in when complete.

        The text index (documents and passages) is swapped in first, so search works at once; then the
        passages are embedded (``embed``), reusing the vectors of unchanged texts from the old index.

        Args:
            folders: folders (or files) to index.
            progress: called as (done, total, status line) over files read and passages embedded.
            cancel: set it to stop; the old index stays as it was (while embedding: the vectors computed
                so far are kept and the next update continues).
            workers: indexing processes (default: all cores).
            embed: compute passage embeddings after the text index is in place.

        Returns:
            A BuildReport (files that failed to parse are listed, never fatal).
        """
        import time

        from whoosh import index

        t0 = time.perf_counter()
        folders = [Path(f).resolve() for f in folders]
        files = scan(folders)
        report = BuildReport(warnings=catalog_warnings(files))
        tmp = self.path.parent / f".{self.path.name}.building-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        for stale in self.path.parent.glob(f".{self.path.name}.building-*"):
            shutil.rmtree(stale, ignore_errors=True)
        tmp.mkdir(parents=True)
        ix = index.create_in(str(tmp), schema())
        # Analysing text (jieba words, bigrams) is where the text index spends its time. With embeddings,
        # one process analyses (so the progress shown is the work done, file by file) while the embedding
        # thread uses the other core; without them, Whoosh's multiprocess writer takes all cores.
        # One process commits every BATCH_FILES files (once for most libraries: one segment keeps queries
        # fast);
        # the bar moves with the files read and the vectors embedded; several processes only when asked for.
        procs = workers or (1 if embed else os.cpu_count() or 1)

        def new_writer():
            return ix.writer(limitmb=128, procs=procs,
                             multisegment=True) if procs > 1 else ix.writer(limitmb=256)

        writer = new_writer()
        pending = 0
        pipeline = EmbedPipeline(vector_cache(self.path), cancel) if embed else None
        shown = _Shown(progress, len(files), pipeline)
        try:
            for done, (path, rec, err) in enumerate(map(parse_file, [str(f) for f in files]), 1):
                if cancel is not None and cancel.is_set():
                    report.cancelled = True
                    break
                if rec is None:
                    report.failed.append((path, err))
                else:
                    writer.add_document(**_fields(rec))
                    if pipeline is not None:
                        pipeline.add_document(rec.path, rec.title, rec.passages)
                    report.passages += len(rec.passages)
                    report.added += 1
                    pending += 1
                if procs == 1 and pending >= BATCH_FILES:
                    shown.message(f"写入索引（已读 {done}/{len(files)} 个文件）")
                    writer.commit()
                    writer = new_writer()
                    pending = 0
                shown.file(done, path)
            if not report.cancelled:
                shown.message("写入索引…")
                writer.commit()
        except BaseException:
            if pipeline is not None:
                pipeline.abandon()
            writer.cancel()
            ix.close()
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        if report.cancelled:
            if pipeline is not None:
                pipeline.abandon()
            writer.cancel()
            ix.close()
            shutil.rmtree(tmp, ignore_errors=True)
            report.seconds = time.perf_counter() - t0
            return report
        ix.close()
        meta = {"folders": [str(f) for f in folders],
                "built": dt.datetime.now().isoformat(timespec="seconds")}
        (tmp / META_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        with self._embed_lock:
            self._swap_in(tmp)  # searchable from here on; embeddings go on and land beside it
            report.text_seconds = time.perf_counter() - t0
            if pipeline is not None:
                report.embedding = pipeline.finish(self.path, progress=shown.vectors)
                if cancel is not None and cancel.is_set():
                    report.embedding.error = (report.embedding.error
                                              or "已取消：其余语义向量将在下次更新索引时计算")
        report.seconds = time.perf_counter() - t0
        return report

    def embed(self, *, progress: ProgressFn | None = None, cancel: threading.Event | None = None,
              cache: dict | None = None) -> EmbedReport:
        """Embed the passages (and document heads) that have no vector yet; see passages.embed_missing."""
        with self._embed_lock:
            return embed_missing(self, progress=progress, cancel=cancel, cache=cache)


    def _swap_in(self, tmp: Path) -> None:
        self._release()  # open files would stop the folder from being replaced on Windows
        old = self.path.parent / f".{self.path.name}.old-{os.getpid()}"
        if self.path.exists():
            os.replace(self.path, old)
        os.replace(tmp, self.path)
        shutil.rmtree(old, ignore_errors=True)

    def update(self, *, progress: ProgressFn | None = None, cancel: threading.Event | None = None,
               embed: bool = True) -> BuildReport:
        """Re-index only new, changed (size, mtime or content) and deleted files of the indexed folders.

        Passages of new and changed files are embedded (``embed``); an index built before passages were
        stored gets them here (every file is read once more).
        """
        import hashlib
        import time

        from whoosh.fields import STORED

        from gov_docs.library.catalog import catalog_title

        t0 = time.perf_counter()
        ix = self._open()
        rebuild_passages = "passages" not in ix.schema
        folders = [Path(f) for f in self.meta().get("folders", [])]
        known: dict[str, tuple] = {}
        with ix.searcher() as s:
            for stored in s.all_stored_fields():
                known[stored["path"]] = (stored.get("mtime"), stored.get("size"), stored.get("sha1"),
                                         stored.get("catalog", ""))
        files = {str(p): p for p in scan(folders)}
        report = BuildReport(warnings=catalog_warnings(files.values()))
        changed: list[str] = []
        reread: list[str] = []  # unchanged, read again only to fill a new passage index
        for path, p in files.items():
            st = p.stat()
            old = known.get(path)
            if old is None or old[3] != catalog_title(p):  # new, or its catalog entry changed
                changed.append(path)
            elif (old[0], old[1]) != (st.st_mtime, st.st_size) and \
                    hashlib.sha1(p.read_bytes()).hexdigest() != old[2]:
                changed.append(path)
            elif rebuild_passages:
                reread.append(path)
            else:
                report.unchanged += 1
        reread_set = set(reread)
        changed += reread
        deleted = [p for p in known if p not in files]
        with self._lock:
            writer = ix.writer()
            try:
                if rebuild_passages:
                    writer.add_field("head", STORED)
                    writer.add_field("passages", STORED)
                for path in deleted:
                    writer.delete_by_term("path", path)
                    report.deleted += 1
                for done, (path, rec, err) in enumerate(map(parse_file, changed), 1):
                    if cancel is not None and cancel.is_set():
                        report.cancelled = True
                        break
                    if rec is None:
                        report.failed.append((path, err))
                        continue
                    writer.update_document(**_fields(rec))
                    report.passages += len(rec.passages)
                    if path not in known:
                        report.added += 1
                    elif path in reread_set:
                        report.unchanged += 1
                    else:
                        report.updated += 1
                    if progress:
                        progress(done, len(changed), f"读取文件 {done}/{len(changed)}：{Path(path).name}")
            except BaseException:
                writer.cancel()
                raise
            if report.cancelled:
                writer.cancel()
            else:
                writer.commit()
        self._release()
        report.text_seconds = time.perf_counter() - t0
        if embed and not report.cancelled:
            report.embedding = self.embed(progress=progress, cancel=cancel)
        report.seconds = time.perf_counter() - t0
        return report

    # -- querying ---------------------------------------------------------------------------------
    def stats(self) -> dict:
        """Return document and passage counts, embedded texts, index size on disk and build metadata."""
        from gov_docs.library.passages import load_vectors

        ix = self._open()
        size = sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())
        vec = load_vectors(self.path)
        with self.searcher() as s:
            passages = sum(len(f.get("passages") or ()) for f in s.all_stored_fields())
        return {"documents": ix.doc_count(), "passages": passages, "vectors": len(vec), "bytes": size,
                **self.meta()}

    def _text_query(self, text: str, *, title_boost: float = 3.0, bigram_weight: float = 0.5):
        from whoosh import query as Q

        from gov_docs.library.analysis import bigram_analyzer, word_analyzer

        words = {t.text for t in word_analyzer()(text)}
        grams = {t.text for t in bigram_analyzer()(text)}
        parts = []
        for w in words:
            parts.append(Q.Term("title", w, boost=title_boost))
            parts.append(Q.Term("content", w))
        for g in grams:
            parts.append(Q.Term("title_bigram", g, boost=title_boost * bigram_weight))
            parts.append(Q.Term("content_bigram", g, boost=bigram_weight))
        return Q.Or(parts) if parts else Q.NullQuery

    @staticmethod
    def _filter(doc_type: str | None, organ: str | None, year: int | None,
                date_from: dt.date | None, date_to: dt.date | None):
        from whoosh import query as Q

        parts = []
        if doc_type:
            parts.append(Q.Term("doc_type", doc_type))
        if organ:
            parts.append(Q.Term("organ", organ))
        if year:
            parts.append(Q.NumericRange("year", year, year))
        if date_from or date_to:
            start = dt.datetime.combine(date_from, dt.time()) if date_from else None
            end = dt.datetime.combine(date_to, dt.time(23, 59)) if date_to else None
            parts.append(Q.DateRange("date", start, end))
        return Q.And(parts) if parts else None

    def search(self, text: str, *, doc_type: str | None = None, organ: str | None = None,
               year: int | None = None,
               date_from: dt.date | None = None, date_to: dt.date | None = None, limit: int = 10,
               sort_by_date: bool = False) -> list[Hit]:
        """Search titles and full texts (words and bigrams), optionally filtered.

        Args:
            text: the query (words or a phrase; substrings work through the bigram fields).
            doc_type: only this 文种.
            organ: only this issuing organ.
            year: only this year.
            date_from: earliest date.
            date_to: latest date.
            limit: number of hits.
            sort_by_date: newest first instead of by relevance.

        Returns:
            Hits with a snippet around the best match.
        """
        from whoosh import query as Q

        flt = self._filter(doc_type, organ, year, date_from, date_to)
        with self.searcher() as s:
            hits: list = []
            # The query's phrases as written (基层治理, not 基层 … 治理 far apart) when that leaves any
            # result;
            # then every query word (in the title or the text); otherwise "any word", ranked by BM25.
            stages = (self._phrase_query(text), self._all_words_query(text), self._text_query(text))
            for q in stages if text.strip() else (Q.Every(),):
                if q is Q.NullQuery:
                    continue
                if sort_by_date:  # Whoosh puts documents without a date first: dated ones first, then those
                    dated = Q.Every("date")
                    results = list(s.search(Q.And([q, dated]), filter=flt, limit=limit, sortedby="date",
                                            reverse=True))
                    if len(results) < limit:
                        results += s.search(Q.AndNot(q, dated), filter=flt, limit=limit - len(results))
                else:
                    results = s.search(q, filter=flt, limit=limit)
                hits = [self._hit(r, text) for r in results]
                if hits:
                    break
            return hits

    def by_doc_number(self, number: str, limit: int = 10) -> list[Hit]:
        """Return the documents whose 发文字号 is ``number`` (国办发〔2020〕48号), or, for a number
        without its serial (国办发〔2020〕), every document of that 机关代字 and year, newest first.

        Brackets are read as clerks type them ([2020], （2020）, 【2020】 are 〔2020〕). A 文号 is not
        searched as words: its characters (国办发) would match documents that merely contain them.
        """
        from whoosh import query as Q

        key = normalise_doc_number(number)
        if not key:
            return []
        q = Q.Term("doc_number", key) if key.endswith("号") else Q.Prefix("doc_number", key)
        with self.searcher() as s:
            results = s.search(q, limit=limit, sortedby="date", reverse=True)
            return [self._hit(r, "") for r in results]

    @staticmethod
    def _phrase_query(text: str):
        """Return a query for the text's chunks as written: all consecutive character bigrams in one field."""
        from whoosh import query as Q

        chunks = [c for c in re.findall(r"[\u4e00-\u9fff]{3,12}", text)]
        if not chunks or len(chunks) > 4 or len("".join(text.split())) > 24:
            return Q.NullQuery
        must = []
        for chunk in chunks:
            grams = [chunk[i:i + 2] for i in range(len(chunk) - 1)]
            must.append(Q.Or(
                [Q.And([Q.Term(field, g) for g in grams]) for field in ("content_bigram", "title_bigram")]))
        return Q.And(must)

    def _all_words_query(self, text: str):
        from whoosh import query as Q

        from gov_docs.library.analysis import word_analyzer

        words = list(dict.fromkeys(t.text for t in word_analyzer()(text)))
        if not words or len(words) > 8:
            return Q.NullQuery
        must = [Q.Or([Q.Term("title", w, boost=3.0), Q.Term("content", w)]) for w in words]
        return Q.And(must)

    @staticmethod
    def _hit(r, query: str) -> Hit:
        date = r.get("date")
        text, marks = snippet_marks(r.get("content", ""), query)
        return Hit(
            path=r["path"], title=r.get("title", ""), doc_number=r.get("doc_number", ""),
            organ=r.get("organ", ""),
            doc_type=r.get("doc_type", ""), date=date.date() if date else None, score=float(r.score or 0.0),
            snippet=text, marks=marks,
        )

    def search_passages(self, text: str, k: int = 5, exclude_paths: Iterable[str] = (), *, per_doc: int = 2,
                        semantic: bool = True) -> list[LibraryPassage]:
        """Return the library passages closest to ``text`` (drafting exemplars, grounding), best first.

        Lexical: BM25 over character bigrams picks candidate documents, then each of their passages is
        scored by BM25 of the query's bigrams inside it. Semantic: where passages are embedded, the e5 cosine
        between ``text`` (as a query) and each passage. Both are scaled to 0–1 and added with the weights
        ``P_W_BM25``/``P_W_SEMANTIC``.

        Args:
            text: what to match (a title, key points, a paragraph of the draft).
            k: number of passages.
            exclude_paths: documents to leave out (e.g. the draft itself).
            per_doc: at most this many passages of one document.
            semantic: use the embeddings (when present and the model loads).

        Returns:
            LibraryPassage items with the source's title, 发文字号, organ, date and the reasons.
        """
        from gov_docs.library.passages import passage_bm25, semantic_passages

        if not text.strip():
            return []
        excluded = {str(Path(p).resolve()) for p in exclude_paths} | {str(p) for p in exclude_paths}
        with self.searcher() as s:
            lexical, texts = passage_bm25(s, text, excluded, PASSAGE_DOCS)
            sem = semantic_passages(self.path, text[:QUERY_CHARS], excluded,
                                    PASSAGE_CANDIDATES) if semantic else {}
            docs: dict[str, dict] = {}

            def doc(path: str) -> dict:
                if path not in docs:
                    docs[path] = s.document(path=path) or {}
                return docs[path]

            for pid in set(sem) - set(texts):
                path, n = pid.rsplit("#", 1)
                stored = doc(path).get("passages") or []
                if int(n) < len(stored):
                    texts[pid] = stored[int(n)]
            ranked = sorted(((P_W_BM25 * lexical.get(pid, 0.0) + P_W_SEMANTIC * sem.get(pid, 0.0), pid)
                             for pid in texts), reverse=True)
            out: list[LibraryPassage] = []
            per: dict[str, int] = {}
            for score, pid in ranked:
                path, n = pid.rsplit("#", 1)
                if per.get(path, 0) >= per_doc:
                    continue
                per[path] = per.get(path, 0) + 1
                reasons = []
                if lexical.get(pid):
                    reasons.append(f"字面相近 {lexical[pid]:.2f}")
                if sem.get(pid):
                    reasons.append(f"语义相近 {sem[pid]:.2f}")
                d = doc(path)
                date = d.get("date")
                out.append(LibraryPassage(title=d.get("title", ""), text=texts[pid], path=path,
                                          doc_number=d.get("doc_number", ""), score=round(score, 4),
                                          organ=d.get("organ", ""),
                                          date=date.date().isoformat() if date else "",
                                          position=int(n), reasons=tuple(reasons)))
                if len(out) >= k:
                    break
            return out

    def stored(self, path: str) -> dict | None:
        """Return the stored fields of the document at ``path``."""
        with self.searcher() as s:
            return s.document(path=path)

    def all_titles(self) -> list[tuple[str, str, str]]:
        """Return (path, title, organ) of every document."""
        with self.searcher() as s:
            return [(f["path"], f.get("title", ""), f.get("organ", "")) for f in s.all_stored_fields()]

    def close(self) -> None:
        """Release the index and its searchers."""
        ix = self._ix
        self._release()
        if ix is not None:
            ix.close()


def query_terms(query: str) -> list[str]:
    """Return the words of a query worth marking in a snippet (jieba words of two or more characters)."""
    from gov_docs.library.analysis import word_analyzer

    words = {t.text for t in word_analyzer()(query) if len(t.text) >= 2}
    compact = "".join(query.split())
    if 2 <= len(compact) <= 12 and not any(w == compact for w in words):
        words.add(compact)
    return sorted(words, key=len, reverse=True)


def snippet_marks(text: str, query: str, width: int = 80) -> tuple[str, list[tuple[int, int]]]:
    """Return the window of ``text`` with the most query words, and the spans of those words in it.

    Sentences are scored by the query words they contain (each word once, longer words more), then by
    query characters, so the snippet shows the words the clerk asked for; the window is centred on the
    first match when the sentence is longer than ``width``.
    """
    if not text:
        return "", []
    terms = query_terms(query)
    qchars = set(query)
    sentences = [x.strip() for x in re.split(r"(?<=[。；！？\n])", text) if x.strip()][:400]
    if not sentences:
        return "", []

    def value(sentence: str) -> tuple[int, int]:
        return (sum(len(t) for t in terms if t in sentence), sum(1 for ch in sentence if ch in qchars))

    best = max(sentences, key=value)
    if value(best) == (0, 0):  # nothing asked for (最新的文件, a 文号): the text's opening sentence, not the
        best = next((x for x in sentences if len(x) >= 20 and x.endswith("。")), best)  # title's first line
    if len(best) > width:
        first = min((best.find(t) for t in terms if t in best), default=0)
        start = max(0, min(first - width // 4, len(best) - width))
        window = ("…" if start
                  else "") + best[start:start + width] + ("…" if start + width < len(best) else "")
    else:
        window = best
    marks: list[tuple[int, int]] = []
    taken = [False] * len(window)
    for t in terms:  # longest first: 基层治理 before 基层
        pos = window.find(t)
        while pos != -1:
            if not any(taken[pos:pos + len(t)]):
                marks.append((pos, pos + len(t)))
                for k in range(pos, pos + len(t)):
                    taken[k] = True
            pos = window.find(t, pos + len(t))
    return window, sorted(marks)


def mark(text: str, marks: list[tuple[int, int]], before: str, after: str) -> str:
    """Return ``text`` with ``before``/``after`` around each (start, end) span."""
    out, last = [], 0
    for start, end in sorted(marks):
        out += [text[last:start], before, text[start:end], after]
        last = end
    out.append(text[last:])
    return "".join(out)


def snippet(text: str, query: str, width: int = 80) -> str:
    """Return the sentence-ish window of ``text`` with the most query characters."""
    if not text:
        return ""
    sentences = [s for s in re.split(r"(?<=[。；！？\n])", text) if s.strip()]
    qchars = set(query)
    best = max(sentences[:400], key=lambda s: sum(1 for ch in s if ch in qchars), default="")
    best = best.strip()
    return best[:width] + ("…" if len(best) > width else "")


#: A 发文字号 as a clerk may type it into a search: 机关代字, the year in any bracket, and the serial, which
#: may be left out (document.roles.RE_DOC_NUMBER reads a number written in a document: serial and 号 given).
_TYPED_DOC_NUMBER = re.compile(
    r"^\s*([\u4e00-\u9fff]{1,16})\s*[〔\[［(（【〖]\s*(\d{4})\s*[〕\]］)）】〗]\s*(?:(?:第\s*)?(\d{1,5})\s*号?)?\s*$")


def normalise_doc_number(text: str) -> str:
    """Return ``text`` as the index stores a 发文字号 (国办发[2020]48 → 国办发〔2020〕48号; 国办发(2020) →
    国办发〔2020〕), or '' when it is not one.
    """
    m = _TYPED_DOC_NUMBER.match(text)
    if not m:
        return ""
    code, year, serial = m.groups()
    return f"{code}〔{year}〕" + (f"{int(serial)}号" if serial else "")
