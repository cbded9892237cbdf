"""Checking many files at once on every core: one process per core, results in the order of the input.

``check_files(paths, …)`` reads and checks each file in a pool of worker processes and yields one
:class:`FileResult` per input, in input order, as soon as it and every file before it are done — so a
caller can print as it goes. Both front ends use it (``gov-docs check folder/`` and the api).

Workers get their rules cheaply: where the platform can fork (Linux, macOS from a single-threaded
caller), the parent loads the rules and their resources once and the workers inherit them; elsewhere
(Windows, or a caller with threads such as the GUI) each worker loads the same rules itself, from the
precompiled cache (:mod:`gov_docs.cache`), so a worker starts in about a second. A worker that dies is
not the end of the batch: the files it left are checked in this process.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from gov_docs.checks.allowlist import AllowList
from gov_docs.checks.engine import Checker
from gov_docs.checks.findings import Finding
from gov_docs.checks.loader import load_rules
from gov_docs.document.model import Document


@dataclass
class FileResult:
    """The outcome of checking one file.

    Attributes:
        index: position of the file in the input.
        path: the file.
        document: the document as read (None when it could not be read).
        findings: sorted findings (allow-list and ignores applied).
        error: a Chinese message naming the file and the problem when it could not be read, else None.
        warnings: rules switched off or falling back while checking this file.
        switched_off: ids of those rules.
        revisions: tracked changes (修订) in a .docx; the text checked is the one with all of them accepted.
    """

    index: int
    path: Path
    document: Document | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    switched_off: set[str] = field(default_factory=set)
    revisions: int = 0


@dataclass(frozen=True)
class CheckerSpec:
    """What a spawned worker needs to rebuild the caller's Checker: rule files, running rules, allow-list."""

    rule_files: tuple[Path, ...]
    categories: tuple[str, ...]
    disabled: tuple[str, ...] = ()
    allow_terms: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()
    time_budget_s: float = 1.0

    @classmethod
    def of(cls, checker: Checker) -> CheckerSpec:
        """Describe ``checker`` (the files its rules came from, which of them run, its allow-list)."""
        running = {r.id for r in checker.rules}
        return cls(rule_files=tuple(checker.ruleset.files),
                   categories=tuple(sorted({r.spec.category.value for r in checker.rules})),
                   disabled=tuple(sorted({r.id for r in checker.ruleset.rules} - running)),
                   allow_terms=tuple(sorted(checker.allow_list.terms)),
                   ignored=tuple(sorted(checker.allow_list.ignored)),
                   time_budget_s=checker.time_budget_s)

    def build(self) -> Checker:
        """Return a Checker running these rules with this allow-list."""
        ruleset = load_rules(list(self.rule_files), categories=list(self.categories))
        return Checker(ruleset, allow_list=AllowList(list(self.allow_terms), list(self.ignored)),
                       disabled=self.disabled, time_budget_s=self.time_budget_s)


def check_one(checker: Checker, index: int, path: Path) -> FileResult:
    """Read and check one file; an unreadable file gives a result with ``error`` set (never raises)."""
    from gov_docs.document import DocumentReadError, read_document

    try:
        doc = read_document(path)
    except DocumentReadError as exc:
        return FileResult(index, path, error=str(exc))
    except (OSError, ValueError, MemoryError) as exc:
        return FileResult(index, path, error=f"无法读取 {path}：{type(exc).__name__}: {exc}")
    run = checker.run(doc)
    revisions = _docx_revisions(path) if doc.source_format == "docx" else 0
    return FileResult(index, path, doc, run.findings, None, run.warnings, run.switched_off, revisions)


def _docx_revisions(path: Path) -> int:
    """Count the tracked changes in a .docx body (0 when the package cannot be read again)."""
    import zipfile

    from lxml import etree

    from gov_docs.document.revisions import revision_count

    try:
        with zipfile.ZipFile(path) as z:
            root = etree.fromstring(z.read("word/document.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return 0
    body = root.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body")
    return revision_count(body) if body is not None else 0


# -- worker side ----------------------------------------------------------------------------------------
_worker_checker: Checker | None = None


def _init_worker(spec: CheckerSpec | None) -> None:
    global _worker_checker
    if spec is not None:  # spawned: build the rules here (the fork start method inherits the parent's)
        _worker_checker = spec.build()
    if _worker_checker is not None:
        _worker_checker.prepare(everything=True)


def _work(item: tuple[int, Path]) -> FileResult:
    assert _worker_checker is not None, "worker started without a Checker"
    result = check_one(_worker_checker, *item)
    merge(_worker_checker, result)  # this worker stops running a rule it switched off
    return result


def usable_cores() -> int:
    """Return the number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _context():
    """Return (start method, whether workers inherit this process's objects)."""
    import multiprocessing  # only for a batch: a one-file check does not pay for importing it

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork"), True
    return multiprocessing.get_context("spawn"), False


def check_files(paths: Iterable[Path | str], checker: Checker, *, spec: CheckerSpec | None = None,
                jobs: int | None = None, progress: Callable[[int, int, Path], None] | None = None,
                ) -> Iterator[FileResult]:
    """Check every file and yield one result per file, in input order.

    Args:
        paths: the files (.docx/.txt).
        checker: the rules to check with; used in this process and inherited by forked workers.
        spec: how a spawned worker rebuilds ``checker`` (default: :meth:`CheckerSpec.of` the checker).
        jobs: worker processes (default: one per usable core; 1 checks in this process).
        progress: called as ``progress(done, total, path)`` after each file (in input order).

    Yields:
        FileResult for each input, in order.
    """
    items = [(i, Path(p)) for i, p in enumerate(paths)]
    total = len(items)
    jobs = max(1, min(jobs or usable_cores(), total))
    done = 0

    def report(result: FileResult) -> FileResult:
        nonlocal done
        done += 1
        merge(checker, result)
        if progress is not None:
            progress(done, total, result.path)
        return result

    if jobs == 1:
        for i, path in items:
            yield report(check_one(checker, i, path))
        return

    global _worker_checker
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    ctx, inherits = _context()
    if inherits:
        checker.prepare(everything=True)  # load everything once, before forking: the workers share it
        _worker_checker = checker
        init_spec = None
    else:
        init_spec = spec or CheckerSpec.of(checker)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                               initargs=(init_spec,))
    futures = [pool.submit(_work, item) for item in items]
    next_index = 0
    try:
        for future in futures:
            try:
                result = future.result()
            except BrokenProcessPool:
                break
            next_index += 1
            yield report(result)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        if inherits:
            _worker_checker = None
    pool.shutdown(wait=True, cancel_futures=True)
    for i, path in items[next_index:]:  # a worker died: finish here, still in order
        yield report(check_one(checker, i, path))


def merge(checker: Checker, result: FileResult) -> None:
    """Take a file's switch-offs and warnings into ``checker`` (each warning kept once)."""
    checker.switched_off |= result.switched_off
    checker.warnings.extend(w for w in result.warnings if w not in checker.warnings)
