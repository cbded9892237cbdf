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
import shutil
import threading
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from gov_docs.errors import GovDocsError
from gov_docs.library.records import DocRecord

META_FILE = "gov-docs-library.json"
READABLE = (".docx", ".txt")

ProgressFn = Callable[[int, int, str], None]  # (done, total, current file)


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

    def to_dict(self) -> dict:
        """Return a JSON-ready dict."""
        return {**self.__dict__, "date": self.date.isoformat() if self.date else None}


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
        title_bigram=TEXT(analyzer=bigram_analyzer()),
        doc_number=ID(stored=True),
        organ=ID(stored=True),
        doc_type=ID(stored=True),
        date=DATETIME(stored=True),
        year=NUMERIC(stored=True),
        content=TEXT(analyzer=word_analyzer(), stored=True),
        content_bigram=TEXT(analyzer=bigram_analyzer()),
        cited=KEYWORD(stored=True, commas=True, scorable=True),
        catalog=STORED,
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
        "mtime": rec.mtime,
        "size": rec.size,
        "sha1": rec.sha1,
    }
    if date:
        fields["date"] = date
        fields["year"] = rec.date.year
    return fields


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
              cancel: threading.Event | None = None, workers: int | None = None) -> BuildReport:
        """Index every .docx/.txt under ``folders`` from scratch; swap the new index in when complete.

        Args:
            folders: folders (or files) to index.
            progress: called as (done, total, file) after each file.
            cancel: set it to stop; the old index stays as it was.
            workers: indexing processes (default: all cores).

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
        # Parsing is cheap; analysing text (jieba words, bigrams) is where the time goes, so the cores
        # go to Whoosh's multiprocess writer, and files are parsed in this process as they are fed to it.
        procs = workers or os.cpu_count() or 1
        writer = ix.writer(limitmb=128, procs=procs, multisegment=procs > 1) if procs > 1 else ix.writer(limitmb=256)
        try:
            for done, (path, rec, err) in enumerate(map(parse_file, [str(f) for f in files]), 1):
                if cancel is not None and cancel.is_set():
                    report.cancelled = True
                    break
                if rec is None:
                    report.failed.append((path, err))
                else:
                    writer.add_document(**_fields(rec))
                    report.added += 1
                if progress:
                    progress(done, len(files), path)
        except BaseException:
            writer.cancel()
            ix.close()
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        if report.cancelled:
            writer.cancel()
            ix.close()
            shutil.rmtree(tmp, ignore_errors=True)
            report.seconds = time.perf_counter() - t0
            return report
        writer.commit()
        ix.close()
        meta = {"folders": [str(f) for f in folders], "built": dt.datetime.now().isoformat(timespec="seconds")}
        (tmp / META_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        self._swap_in(tmp)
        report.seconds = time.perf_counter() - t0
        return report

    def _swap_in(self, tmp: Path) -> None:
        self._release()  # open files would stop the folder from being replaced on Windows
        old = self.path.parent / f".{self.path.name}.old-{os.getpid()}"
        if self.path.exists():
            os.replace(self.path, old)
        os.replace(tmp, self.path)
        shutil.rmtree(old, ignore_errors=True)

    def update(self, *, progress: ProgressFn | None = None, cancel: threading.Event | None = None) -> BuildReport:
        """Re-index only new, changed (size, mtime or content) and deleted files of the indexed folders."""
        import hashlib
        import time

        from gov_docs.library.catalog import catalog_title

        t0 = time.perf_counter()
        ix = self._open()
        folders = [Path(f) for f in self.meta().get("folders", [])]
        known: dict[str, tuple] = {}
        with ix.searcher() as s:
            for stored in s.all_stored_fields():
                known[stored["path"]] = (stored.get("mtime"), stored.get("size"), stored.get("sha1"),
                                         stored.get("catalog", ""))
        files = {str(p): p for p in scan(folders)}
        report = BuildReport(warnings=catalog_warnings(files.values()))
        changed: list[str] = []
        for path, p in files.items():
            st = p.stat()
            old = known.get(path)
            if old is None or old[3] != catalog_title(p):  # new, or its catalog entry changed
                changed.append(path)
            elif (old[0], old[1]) != (st.st_mtime, st.st_size):
                if hashlib.sha1(p.read_bytes()).hexdigest() != old[2]:
                    changed.append(path)
                else:
                    report.unchanged += 1
            else:
                report.unchanged += 1
        deleted = [p for p in known if p not in files]
        with self._lock:
            writer = ix.writer()
            try:
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
                    if path in known:
                        report.updated += 1
                    else:
                        report.added += 1
                    if progress:
                        progress(done, len(changed), path)
            except BaseException:
                writer.cancel()
                raise
            if report.cancelled:
                writer.cancel()
            else:
                writer.commit()
        self._release()
        report.seconds = time.perf_counter() - t0
        return report

    # -- querying ---------------------------------------------------------------------------------
    def stats(self) -> dict:
        """Return document count, index size on disk and build metadata."""
        ix = self._open()
        size = sum(f.stat().st_size for f in self.path.iterdir() if f.is_file())
        return {"documents": ix.doc_count(), "bytes": size, **self.meta()}

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

    def search(self, text: str, *, doc_type: str | None = None, organ: str | None = None, year: int | None = None,
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
            # Every query word must occur (in the title or the text) when that leaves any result;
            # otherwise fall back to "any word", ranked by BM25.
            for q in (self._all_words_query(text), self._text_query(text)) if text.strip() else (Q.Every(),):
                if q is Q.NullQuery:
                    continue
                kw = {"sortedby": "date", "reverse": True} if sort_by_date else {}
                results = s.search(q, filter=flt, limit=limit, **kw)
                hits = [self._hit(r, text) for r in results]
                if hits:
                    break
            return hits

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
        return Hit(
            path=r["path"], title=r.get("title", ""), doc_number=r.get("doc_number", ""), organ=r.get("organ", ""),
            doc_type=r.get("doc_type", ""), date=date.date() if date else None, score=float(r.score or 0.0),
            snippet=snippet(r.get("content", ""), query),
        )

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


def snippet(text: str, query: str, width: int = 80) -> str:
    """Return the sentence-ish window of ``text`` with the most query characters."""
    if not text:
        return ""
    import re

    sentences = [s for s in re.split(r"(?<=[。；！？\n])", text) if s.strip()]
    qchars = set(query)
    best = max(sentences[:400], key=lambda s: sum(1 for ch in s if ch in qchars), default="")
    best = best.strip()
    return best[:width] + ("…" if len(best) > width else "")
