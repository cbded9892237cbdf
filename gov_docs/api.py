"""The one API both front ends call: open a document, check it, fix it, edit it, save it back into the
original file, annotate, export, and draft / search / recommend / route / archive.

``gov-docs`` subcommands and the desktop window are thin callers of this module; a thing one front end
can do and the other cannot (or the two doing it differently) is a bug here.

Example::

    from gov_docs import api

    doc = api.open("通知.docx")
    for f in doc.check():
        print(f.paragraph, f.message)
    applied = doc.fix()                 # the unambiguous fixes only
    doc.replace(2, 0, 2, "请")          # paragraph 2, code points [0, 2)
    doc.save()                          # written back into 通知.docx: only the changed runs

A .docx stays a .docx: saving edits the paragraphs and runs that changed inside the original package,
so tables, headers and footers, text boxes, images, comments and section settings are kept as they
were. Typesetting per GB/T 9704 is a separate, explicit step (:meth:`OpenDocument.typeset`) that
writes a new file.
"""

from __future__ import annotations

import copy
import io
import os
import stat
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import gov_docs.document as _documents
from gov_docs.checks import AllowList, Checker, CheckRun, Finding, default_checker
from gov_docs.checks.fixes import edit_paragraph, fix_document
from gov_docs.document import Document, DocumentReadError, DocumentWriteError, Paragraph, Role
from gov_docs.document.docx_edit import comment_text, diff_edits
from gov_docs.document.model import PageSetup, new_paragraph_id
from gov_docs.document.numbering import typed_list_numbers
from gov_docs.document.revisions import revision_count
from gov_docs.document.roles import detect_roles
from gov_docs.errors import GovDocsError

__all__ = [
    "CheckJob",
    "OpenDocument",
    "archive",
    "check_writable",
    "draft",
    "from_document",
    "from_text",
    "new",
    "open",
    "recommend",
    "record_comment",
    "route",
    "record_routing",
    "search",
]

#: Labels of paragraph containers the editor shows but protects (their text is edited only through the api).
PROTECTED_CONTAINERS = ("表格", "文本框", "无法对应原文件")


# ---------------------------------------------------------------------------------------------------------
# Opening
# ---------------------------------------------------------------------------------------------------------
def open(path: Path | str, *, checker: Checker | None = None) -> OpenDocument:  # noqa: A001 - the API's verb
    """Open a .docx or .txt 公文 for checking and editing.

    Args:
        path: the file.
        checker: the rules to check with (default: the process-wide default rules).

    Returns:
        The open document, bound to ``path``: :meth:`OpenDocument.save` writes back into it. A .doc, binary
        .wps, .rtf or .odt is converted by LibreOffice (when installed), a .docm read without its macros;
        both are bound to no file: saving asks for a .docx.

    Raises:
        DocumentReadError: missing, empty, corrupt, encrypted, legacy or oversized file (message names it).
    """
    path = Path(path)
    if _documents.opens_as_copy(path):
        return _open_converted(path, checker)
    parsed = None
    if _documents.reads_as_docx(path):  # read once: the reader's package is bound below
        from gov_docs.document.docx_reader import read_docx_package

        doc, parsed = read_docx_package(path)
    else:
        doc = _documents.read_document(path)  # looked up at call time (tests replace the reader)
    od = OpenDocument(doc, path=path, checker=checker)
    if doc.source_format == "docx":
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DocumentReadError(path, f"无法读取：{exc.strerror or exc}") from exc
        od._bind_package(data, parsed)
    od._stamp = _file_stamp(path)
    return od


def _open_converted(path: Path, checker: Checker | None) -> OpenDocument:
    """Open a .doc/.rtf/.odt (or binary .wps) converted by LibreOffice, or a .docm without its macros: a .docx
    in memory, bound to no file.

    The clerk's file is never written: :meth:`OpenDocument.save` needs a path (the GUI proposes the same
    name with .docx beside it), and what is saved is the converted package with the edits written into it.
    """
    from gov_docs.document.legacy import read_converted

    doc, parsed, data = read_converted(path)
    od = OpenDocument(doc, path=None, checker=checker)
    od._bind_package(data, parsed)
    return od


def _file_stamp(path: Path) -> tuple[int, int] | None:
    """Return (modification time in ns, size) of a file, or None when it cannot be read."""
    try:
        st = Path(path).stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def new(*, checker: Checker | None = None) -> OpenDocument:
    """Return an empty untitled document (saving asks for a path)."""
    return OpenDocument(Document(page=PageSetup.unknown(), source_format=""), checker=checker)


def from_text(text: str, *, checker: Checker | None = None) -> OpenDocument:
    """Return an untitled document holding ``text`` (one paragraph per line, roles detected)."""
    from gov_docs.document import document_from_text

    od = OpenDocument(document_from_text(text), checker=checker)
    od.document.source_format = ""
    od.modified = bool(text.strip())
    return od


def from_document(doc: Document, *, checker: Checker | None = None) -> OpenDocument:
    """Return an untitled document holding ``doc`` (a finished draft, a restored recovery copy …).

    It is never bound to a file: the first save asks for a path, so nothing is written over another file.
    """
    doc = copy.deepcopy(doc)
    doc.source = None
    od = OpenDocument(doc, checker=checker)
    od.modified = bool(doc.text.strip())
    return od


def check_files(paths: Iterable[Path | str], *, checker: Checker | None = None, jobs: int | None = None,
                progress: Callable[[int, int, Path], None] | None = None) -> Iterable[Any]:
    """Check many files on every core (one process per core); yield results in input order.

    Args:
        paths: .docx/.txt files.
        checker: the rules (default: the process-wide default rules).
        jobs: worker processes (default: one per usable core; 1 checks in this process).
        progress: called as ``progress(done, total, path)`` after each file.

    Yields:
        :class:`gov_docs.checks.batch.FileResult` per file: ``document``, ``findings`` (the same as
        ``open(path).check()``), or ``error`` (a Chinese message) for a file that could not be read.
    """
    from gov_docs.checks.batch import check_files as run_batch

    return run_batch(paths, checker or default_checker(), jobs=jobs, progress=progress)


# ---------------------------------------------------------------------------------------------------------
# Saving helpers
# ---------------------------------------------------------------------------------------------------------
def _lock_files(path: Path) -> list[Path]:
    """Word and WPS leave ``~$name.docx`` (long names lose their first one or two characters) while open."""
    names = {"~$" + path.name, "~$" + path.name[1:], "~$" + path.name[2:], ".~lock." + path.name + "#"}
    return [path.with_name(n) for n in names if len(n) > 6]


def check_writable(path: Path) -> None:
    """Refuse, with a clear message, to write where it would fail or clobber: read-only, locked, a folder.

    Raises:
        DocumentWriteError: the path cannot be written (message says why).
    """
    path = Path(path)
    if path.is_dir():
        raise DocumentWriteError(path, "这是一个文件夹，不是文件")
    if path.exists():
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            raise DocumentWriteError(path, f"无法访问（{exc.strerror or exc}）") from exc
        if not mode & stat.S_IWUSR or not os.access(path, os.W_OK):
            raise DocumentWriteError(
                path, "文件为只读，未写入：请另存为其他文件名，或取消文件的只读属性后再保存")
        for lock in _lock_files(path):
            if lock.exists():
                raise DocumentWriteError(
                    path, f"文件正被 Word 或 WPS 打开（发现锁定文件 {lock.name}），未写入："
                          "请先在 Word/WPS 中关闭该文件再保存，或另存为其他文件名")
    parent = path.parent if str(path.parent) else Path(".")
    if parent.exists() and not os.access(parent, os.W_OK):
        raise DocumentWriteError(path, f"没有写入文件夹 {parent} 的权限，未写入：请另存到其他位置")


def _write(path: Path, data: bytes) -> None:
    from gov_docs.fileio import atomic_write_bytes

    check_writable(path)
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        from gov_docs.errors import os_reason

        why = os_reason(exc)
        raise DocumentWriteError(path, f"{why}；未写入任何内容，原有文件未改动") from exc


# ---------------------------------------------------------------------------------------------------------
# Checks in a worker thread
# ---------------------------------------------------------------------------------------------------------
@dataclass
class CheckJob:
    """A check to run on another thread: a snapshot of the document and a copy of the allow-list.

    :meth:`run` touches nothing shared: it returns the findings and the rules it switched off as a
    :class:`CheckRun`; :meth:`OpenDocument.accept` takes them in on the owner's thread.
    """

    document: Document
    checker: Checker
    allow_list: AllowList
    changed: list[int] | None = None  # paragraphs to re-check; None: everything
    kept: list[Finding] = field(default_factory=list)  # findings of unchanged paragraphs, re-indexed
    light_only: bool = False  # a quick first pass without the heavy rules (see Checker.run)
    quick: bool = False  # rules that verify with a model answer without it (see Checker.run)
    stop: Callable[[], bool] | None = None  # True: the result is no longer wanted (see Checker.run)

    def run(self) -> CheckRun:
        """Check the snapshot; safe on any thread."""
        result = self.checker.run(self.document, self.changed, allow_list=self.allow_list,
                                  light_only=self.light_only, quick=self.quick, stop=self.stop)
        if self.kept:
            result.findings = sorted(self.kept + result.findings,
                                     key=lambda f: (f.paragraph, f.start, f.level.rank, f.rule_id))
        return result


def _reindex(f: Finding, new_index: int) -> Finding:
    edits = tuple(replace(e, paragraph=new_index) for e in f.edits)
    fedits = tuple(replace(e, paragraph=new_index) if e.paragraph >= 0 else e for e in f.format_edits)
    return replace(f, paragraph=new_index, edits=edits, format_edits=fedits)


class _WorkerChecker:
    """A Checker stand-in for a worker thread (drafting): checks without changing the shared Checker."""

    def __init__(self, checker: Checker) -> None:
        self._checker = checker
        self._allow = AllowList(checker.allow_list.terms, checker.allow_list.ignored)
        self.runs: list[CheckRun] = []
        self.paragraph_rules = checker.paragraph_rules
        self.document_rules = checker.document_rules

    @property
    def warnings(self) -> list[str]:
        return [w for r in self.runs for w in r.warnings]

    def check(self, doc: Document) -> list[Finding]:
        run = self._checker.run(doc, allow_list=self._allow)
        self.runs.append(run)
        return run.findings

    def check_paragraphs(self, doc: Document, indices: Iterable[int], *, include_document: bool = True):
        run = self._checker.run(doc, indices, include_document=include_document, allow_list=self._allow)
        self.runs.append(run)
        return run.findings


# ---------------------------------------------------------------------------------------------------------
# The open document
# ---------------------------------------------------------------------------------------------------------
class OpenDocument:
    """A document open for checking and editing, bound to the file it came from (or untitled).

    Attributes:
        document: the core :class:`Document` (paragraphs with ids, runs, roles, page setup; table and
            text-box paragraphs in order, marked by ``Paragraph.container``).
        path: the file :meth:`save` writes to (None: untitled).
        modified: True when there are edits not yet saved.
        findings: the findings of the last check (indices refer to ``document``).
        save_notes: remarks from the last save (paragraphs that could not be edited run by run).
    """

    def __init__(self, document: Document, *, path: Path | None = None,
                 checker: Checker | None = None) -> None:
        self.document = document
        self.path = Path(path) if path is not None else None
        self._checker = checker
        self.modified = False
        self.findings: list[Finding] = []
        self.save_notes: list[str] = []
        self._pkg: bytes | None = None  # the .docx as last opened or saved
        # Tracked changes (修订) in that .docx; the text read is the one with all of them accepted.
        self.revisions = 0
        # 修订模式: on after a tracked save, so later saves are tracked too (as in Word)
        self.track_changes = False
        # Reviewers' Word comments (批注) in that .docx (gov-docs' own finding comments left out).
        self.review_comments: list[Any] = []
        self._base: dict[int, tuple[int, str]] = {}  # paragraph id -> (element index in _pkg, text there)
        # (paragraph id, target, prop, value)
        self._format_log: list[tuple[int | None, str, str, object]] = []
        # What each automatic fix said, by paragraph id (text fixes, format fixes): the comment on its
        # revision when saved as 修订.
        self._fix_messages: dict[int | None, list[str]] = {}
        self._format_messages: dict[int | None, list[str]] = {}
        self._checked: dict[int, tuple[str, Role]] = {}  # paragraph id -> (text, role) at the last check
        self._checked_order: list[int] = []  # paragraph ids in the order of the last check
        self._checked_light = False  # the last check ran the quick rules only
        self._stamp: tuple[int, int] | None = None  # the bound file's (mtime, size) when opened or saved
        self._lock = threading.RLock()

    # -- properties ---------------------------------------------------------------------------------
    @property
    def checker(self) -> Checker:
        """Return the Checker (the default rules, loaded on first use)."""
        if self._checker is None:
            self._checker = default_checker()
        return self._checker

    @checker.setter
    def checker(self, value: Checker) -> None:
        self._checker = value
        self._checked = {}

    @property
    def is_docx(self) -> bool:
        """True when saving writes back into an original .docx package."""
        return self._pkg is not None

    @property
    def name(self) -> str:
        """Return the file name, or 未命名 (a converted .doc: its name, marked as converted)."""
        if self.path:
            return self.path.name
        source = self.document.source
        return f"{source.name}（已转换，未另存）" if self.document.converted_from and source else "未命名"

    @property
    def suggested_path(self) -> Path | None:
        """Where 另存为 proposes to save: the bound file, or a converted .doc's name with .docx beside it."""
        if self.path is not None:
            return self.path
        source = self.document.source
        return source.with_suffix(".docx") if self.document.converted_from and source else None

    @property
    def unshown(self) -> list[str]:
        """Name the parts of the file kept as they are but not editable here (tables, text boxes …)."""
        return list(self.document.unshown)

    def is_protected(self, index: int) -> bool:
        """Return True when paragraph ``index`` sits in a table, a text box or cannot be matched to the
        file.
        """
        return self.document.paragraphs[index].container in PROTECTED_CONTAINERS

    def _index(self, paragraph: int) -> int:
        n = len(self.document.paragraphs)
        if not 0 <= paragraph < n:
            raise GovDocsError(f"段落序号 {paragraph} 超出范围（共 {n} 段）")
        return paragraph

    # -- the original package -------------------------------------------------------------------------
    def _bind_package(self, data: bytes, parsed: Any | None = None) -> None:
        """Match our paragraphs to the package's ``w:p`` elements (by text, in order) and mark containers.

        ``parsed`` is ``data`` already parsed by python-docx (the reader's, when the file was just read);
        it is only read here, so the file is not parsed twice.
        """
        import difflib

        import docx

        from gov_docs.document.docx_edit import paragraph_elements, run_text, runs_of, unshown_parts

        d = parsed if parsed is not None else docx.Document(io.BytesIO(data))
        els = paragraph_elements(d)
        el_texts = ["".join(run_text(r) for r in runs_of(el)) for el in els]
        paras = self.document.paragraphs
        sm = difflib.SequenceMatcher(None, [p.text for p in paras], el_texts, autojunk=False)
        base: dict[int, tuple[int, str]] = {}
        for a, b, n in sm.get_matching_blocks():
            for k in range(n):
                base[paras[a + k].uid] = (b + k, paras[a + k].text)
        tbl, txbx = _W + "tbl", _W + "txbxContent"
        unmatched = 0
        for p in paras:
            if p.uid not in base:
                if p.text.strip():
                    p.container = "无法对应原文件"
                    unmatched += 1
                continue
            el = els[base[p.uid][0]]
            anc = el.getparent()
            while anc is not None:
                if anc.tag == tbl:
                    p.container = "表格"
                    break
                if anc.tag == txbx:
                    p.container = "文本框"
                    break
                anc = anc.getparent()
        self._pkg, self._base = data, base
        self.revisions = revision_count(d.element.body)
        from gov_docs.document.word_comments import word_comments_of

        self.review_comments = [c for c in word_comments_of(d) if not c.is_own]
        self.document.unshown = unshown_parts(d) + ([f"{unmatched} 段无法与原文件对应（只读）"] if unmatched
                                                    else [])

    def _render_docx(self, track_author: str | None = None) -> tuple[Any, list[Any], list[str]]:
        """Apply the edits to a fresh copy of the package; return (python-docx Document, elements, notes).

        With ``track_author`` the edits are written as Word revisions (修订) by that author, each
        automatic fix's message a comment on its revision; accepting them all gives the plain result.
        """
        import docx

        from gov_docs.document.docx_edit import (
            apply_format_edits,
            insert_paragraph_after,
            insert_paragraph_before,
            paragraph_elements,
            remove_paragraph,
            set_paragraph_text,
        )

        d = docx.Document(io.BytesIO(self._pkg or b""))
        els = paragraph_elements(d)
        track = None
        if track_author is not None:
            from gov_docs.document.revisions import RevisionWriter

            track = RevisionWriter(d, author=track_author)
        placed: list[Any] = []
        used: set[int] = set()
        notes: list[str] = []
        last_idx, last_el = -1, None
        pending_top: list[tuple[int, str]] = []  # new paragraphs before the first matched one
        for i, p in enumerate(self.document.paragraphs):
            b = self._base.get(p.uid)
            if b is not None and b[0] > last_idx and b[0] < len(els):
                el = els[b[0]]
                last_idx = b[0]
                used.add(p.uid)
                if p.text != b[1] and track is not None:
                    span = track.paragraph_text(el, b[1], p.text)
                    if span is None:
                        set_paragraph_text(el, b[1], p.text)
                        notes.append(f"第{i + 1}段含域或特殊字符，已按纯文字写回该段（未记为修订）")
                    elif self._fix_messages.get(p.uid):
                        track.comment(span[0], span[1], "\n\n".join(self._fix_messages[p.uid]))
                elif p.text != b[1] and not set_paragraph_text(el, b[1], p.text):
                    notes.append(f"第{i + 1}段含域或特殊字符，已按纯文字写回该段")
                if pending_top:
                    for j, text in pending_top:
                        placed[j] = insert_paragraph_before(el, text)
                        if track is not None:
                            track.inserted_paragraph(placed[j])
                    pending_top = []
            elif last_el is not None:
                el = insert_paragraph_after(last_el, p.text, like=last_el)
                if track is not None:
                    track.inserted_paragraph(el)
            else:
                el = None
                pending_top.append((i, p.text))
            placed.append(el)
            if el is not None:
                last_el = el
        if pending_top:  # nothing matched at all: append to the body (before its section settings)
            body = d.element.body
            for j, text in pending_top:
                new = insert_paragraph_after(body[-1] if len(body) else body, text)
                sect = body.find(_W + "sectPr")
                if sect is not None:
                    body.remove(new)
                    sect.addprevious(new)
                placed[j] = new
        for uid, (idx, _text) in self._base.items():
            if uid not in used and idx < len(els):
                if track is not None:
                    track.deleted_paragraph(els[idx])
                else:
                    remove_paragraph(els[idx])
        if self._format_log:
            pos = {p.uid: i for i, p in enumerate(self.document.paragraphs)}
            edits = [SimpleNamespace(paragraph=pos.get(uid, -1) if uid is not None else -1, target=t, prop=pr,
                                     value=v)
                     for uid, t, pr, v in self._format_log if uid is None or uid in pos]
            if track is None:
                apply_format_edits(d, edits, paras=placed)
            else:
                self._track_format(d, track, edits, placed)
        if track is not None:
            track.unique_ids()
        return d, placed, notes

    def _track_format(self, d: Any, track: Any, edits: list[Any], placed: list[Any]) -> None:
        """Apply format edits as revisions, one paragraph (or the page) at a time, each with its comment."""
        from gov_docs.document.docx_edit import apply_format_edits, run_text, runs_of

        by_paragraph: dict[int, list[Any]] = {}
        for e in edits:
            by_paragraph.setdefault(e.paragraph if e.target != "page" else -1, []).append(e)
        for i, group in by_paragraph.items():
            p_el = placed[i] if 0 <= i < len(placed) else None
            if i >= 0 and p_el is None:
                continue
            targets = [s._sectPr for s in d.sections] if i < 0 else [p_el, *runs_of(p_el)]
            track.tracked_format(targets, lambda group=group: apply_format_edits(d, group, paras=placed))
            anchor = p_el if p_el is not None else next((el for el in placed if el is not None), None)
            uid = self.document.paragraphs[i].uid if i >= 0 else None
            runs = [r for r in runs_of(anchor) if run_text(r)] if anchor is not None else []
            messages = self._format_messages.get(uid, [])
            if runs and messages:
                track.comment(runs[0], runs[-1], "\n\n".join(messages))

    def render_bytes(self) -> bytes:
        """Return the file as saving would write it (.docx with the edits written back; else typeset)."""
        from gov_docs.document.docx_edit import package_bytes

        if self._pkg is not None:
            d, _placed, _notes = self._render_docx()
            return package_bytes(d)
        from gov_docs.document.docx_writer import build_docx

        return package_bytes(build_docx(self.document))

    # -- checks ---------------------------------------------------------------------------------------
    def check(self, only: Iterable[str] | None = None) -> list[Finding]:
        """Check the whole document.

        Args:
            only: category values to keep ("format", "typo", …); None for all.

        Returns:
            Findings sorted by paragraph and position (allow-list and ignores applied).
        """
        with self._lock:
            run = self.checker.run(self.document)
            self.checker.merge(run)
            self._accept_findings(self.document, run.findings)
        cats = set(only) if only is not None else None
        return [f for f in self.findings if cats is None or f.category.value in cats]

    def check_paragraphs(self, indices: Iterable[int]) -> list[Finding]:
        """Re-check only ``indices`` (the edited paragraphs) plus the document-level rules.

        Findings of the other paragraphs from the last check are kept; the merged list is returned.
        """
        job = self.check_job(changed=list(indices))
        run = job.run()
        self.accept(job, run)
        return self.findings

    def check_job(self, *, full: bool = False, changed: list[int] | None = None) -> CheckJob:
        """Return a check to run on another thread, over a snapshot of the document.

        Args:
            full: re-check every paragraph.
            changed: re-check these paragraphs (default: those whose text or role changed since the
                last check, by paragraph id, so inserting a line above does not re-check the rest).
        """
        snap = self.snapshot()
        paragraph_rules = {r.id for r in self.checker.paragraph_rules}
        allow = AllowList(self.checker.allow_list.terms, self.checker.allow_list.ignored)
        if full or not self._checked or self._checked_light:
            return CheckJob(snap, self.checker, allow)
        if changed is None:
            changed = [i for i,
                       p in enumerate(snap.paragraphs) if self._checked.get(p.uid) != (p.text, p.role)]
            # A title set over several paragraphs is one unit (its 《 may close on the next line): an edit
            # to one of its lines re-checks them all.
            if any(snap.paragraphs[i].role is Role.TITLE for i in changed):
                changed += [i for i, p in enumerate(snap.paragraphs) if p.role is Role.TITLE]
            changed += self._pair_neighbours(snap, changed)
        changed_set = set(changed)
        new_pos = {p.uid: i for i, p in enumerate(snap.paragraphs)}
        kept = []
        for f in self.findings:
            if f.rule_id not in paragraph_rules or not 0 <= f.paragraph < len(self._checked_order):
                continue
            uid = self._checked_order[f.paragraph]
            i = new_pos.get(uid)
            if i is not None and i not in changed_set:
                kept.append(_reindex(f, i) if i != f.paragraph else f)
        return CheckJob(snap, self.checker, allow, changed=sorted(changed_set), kept=kept)

    def _pair_neighbours(self, snap: Document, changed: list[int]) -> list[int]:
        """Return the paragraphs near an edited one whose paired marks it may open or close.

        A mark left open at the end of a paragraph closes up to CARRY_PARAGRAPHS paragraphs later
        (gov_docs.checks.kinds.punctuation): typing or deleting a 《 》（ ） re-checks the paragraphs around
        that hold such marks. An edit without them re-checks nothing more.
        """
        from gov_docs.checks.kinds.punctuation import CARRY_PARAGRAPHS

        marks = {c for r in self.checker.paragraph_rules
                 for pair in getattr(r.kind, "pairs", ()) for c in pair}
        if not marks:
            return []
        paras = snap.paragraphs
        touched = [i for i in changed if marks.intersection(paras[i].text)
                   or marks.intersection(self._checked.get(paras[i].uid, ("",))[0])]
        return [j for i in touched for j in range(max(0, i - CARRY_PARAGRAPHS),
                                                   min(len(paras), i + CARRY_PARAGRAPHS + 1))
                if marks.intersection(paras[j].text)]

    def accept(self, job: CheckJob, run: CheckRun) -> list[str]:
        """Take a finished job's findings, switch-offs and warnings (on the owner's thread).

        Returns:
            Warnings not seen before (a rule switched off, a fallback), for the clerk.
        """
        new = self.checker.merge(run)
        self._accept_findings(job.document, run.findings)
        # After a quick first pass the heavy rules have not seen any paragraph (or the model has not
        # verified them): the next job is a full one.
        self._checked_light = job.light_only or job.quick
        return new

    def _accept_findings(self, snap: Document, findings: list[Finding]) -> None:
        self._checked_light = False
        self.findings = findings
        self._checked = {p.uid: (p.text, p.role) for p in snap.paragraphs}
        self._checked_order = [p.uid for p in snap.paragraphs]

    def is_current(self, finding: Finding) -> bool:
        """Return True when the finding's paragraph is unchanged since the check that found it."""
        if finding.paragraph < 0:
            return [p.uid for p in self.document.paragraphs] == self._checked_order and all(
                self._checked.get(p.uid, ("",))[0] == p.text for p in self.document.paragraphs)
        if finding.paragraph >= len(self._checked_order):
            return False
        uid = self._checked_order[finding.paragraph]
        i = self.document.index_of_id(uid)
        return i == finding.paragraph and self.document.paragraphs[i].text == self._checked[uid][0]

    def refilter(self) -> list[Finding]:
        """Apply the current allow-list and ignores to the last findings at once (no re-check)."""
        self.findings = self.checker.allow_list.filter(self.findings, self.document)
        return self.findings

    def ignore(self, finding: Finding) -> None:
        """Ignore this finding from now on (saved in the user's data); it disappears at once."""
        self.checker.allow_list.ignore(finding, self.document)
        self.refilter()

    def allow(self, term: str) -> None:
        """Add ``term`` to the allow-list (at least two characters); its findings disappear at once.

        Raises:
            GovDocsError: the term is shorter than two characters (it would silence that character
            everywhere).
        """
        self.checker.allow_list.add_term(term)
        self.refilter()

    def snapshot(self) -> Document:
        """Return a copy of the document that later edits do not change (for a worker thread)."""
        with self._lock:
            doc = copy.copy(self.document)
            doc.paragraphs = [copy.copy(p) for p in self.document.paragraphs]
            doc.page = copy.copy(self.document.page)
            doc.unshown = list(self.document.unshown)
            return doc

    # -- edits ----------------------------------------------------------------------------------------
    def fix(self, findings: list[Finding] | None = None) -> list[Finding]:
        """Apply the unambiguous fixes (必错 with one correction) and return the findings applied.

        Args:
            findings: the findings to fix from (default: a fresh check). Only auto-fixable,
                non-overlapping ones are applied — the same path as ``gov-docs fix``.
        """
        if findings is None:
            findings = self.check()
        with self._lock:
            fixed, applied = fix_document(self.document, findings)
            if not applied:
                return []
            uids = [p.uid for p in self.document.paragraphs]
            for f in applied:
                for fe in f.format_edits:
                    uid = uids[fe.paragraph] if 0 <= fe.paragraph < len(uids) else None
                    self._format_log.append((uid, fe.target, fe.prop, fe.value))
                uid = uids[f.paragraph] if 0 <= f.paragraph < len(uids) else None
                log = self._format_messages if f.format_edits else self._fix_messages
                log.setdefault(uid, []).append(comment_text(f))
            fixed.unshown = self.document.unshown
            self.document = fixed
            self.modified = True
        return applied

    def replace(self, paragraph: int, start: int, end: int, text: str) -> None:
        """Replace code points ``[start, end)`` of paragraph ``paragraph`` with ``text`` (run formatting
        kept).
        """
        from gov_docs.document.docx_edit import TextEdit

        with self._lock:
            i = self._index(paragraph)
            p = self.document.paragraphs[i]
            if not 0 <= start <= end <= len(p.text):
                raise GovDocsError(f"第{i + 1}段没有位置 {start}–{end}（该段 {len(p.text)} 字）")
            self.document.paragraphs[i] = edit_paragraph(p, [TextEdit(start, end, text)])
            detect_roles(self.document)
            self.modified = True

    def format_state(self) -> tuple:
        """Return the formatting state (the document's formatting, pending format edits) for an undo."""
        with self._lock:
            return (copy.deepcopy(self.document), list(self._format_log), copy.deepcopy(self._fix_messages),
                    copy.deepcopy(self._format_messages))

    def restore_format_state(self, state: tuple) -> None:
        """Go back to a :meth:`format_state` (undo/redo of a format fix); the current texts are kept."""
        with self._lock:
            texts = [(p.uid, p.text) for p in self.document.paragraphs]
            doc, log, fix_messages, format_messages = state
            self.document = copy.deepcopy(doc)
            self._format_log, self._fix_messages = list(log), copy.deepcopy(fix_messages)
            self._format_messages = copy.deepcopy(format_messages)
            self.set_paragraphs(texts)
            self.modified = True

    def set_role(self, paragraph: int, role: Role | str) -> None:
        """Set (and lock) the role of a paragraph; it stays with the paragraph when lines move around it."""
        with self._lock:
            i = self._index(paragraph)
            role = role if isinstance(role, Role) else Role.parse(role)
            self.document.paragraphs[i] = replace(self.document.paragraphs[i], role=role, role_locked=True)
            detect_roles(self.document)

    def set_paragraphs(self, items: list[tuple[int | None, str]]) -> bool:
        """Make the document hold these paragraphs, in order: (paragraph id or None for a new one, text).

        The editor calls this with its lines. A known id keeps its paragraph (role, runs, link to the
        file), with the text edited run by run; an unknown id or None is a new paragraph formatted
        like the one before it (as Word does on Enter). Missing ids are deleted paragraphs.

        Returns:
            True when anything changed.
        """
        from gov_docs.document.docx_edit import TextEdit

        with self._lock:
            old = self.document.paragraphs
            by_uid = {p.uid: p for p in old}
            out: list[Paragraph] = []
            prev: Paragraph | None = None
            for uid, text in items:
                p = by_uid.pop(uid, None) if uid is not None else None
                if p is None:
                    like = prev or (old[0] if old else None)
                    runs = []
                    if like is not None and like.dominant_run is not None and text:
                        runs = [replace(like.dominant_run, text=text)]
                    p = Paragraph(text=text, runs=runs, uid=uid if uid is not None else new_paragraph_id())
                    if like is not None:
                        p.alignment, p.first_line_indent_pt = like.alignment, like.first_line_indent_pt
                        p.line_spacing_pt, p.line_spacing_rule = like.line_spacing_pt, like.line_spacing_rule
                        p.style_name = like.style_name if not (like.style_name
                                                               or "").startswith("公文-") else None
                elif p.text != text:
                    p = edit_paragraph(
                        p, [TextEdit(e.start, e.end, e.replacement) for e in diff_edits(p.text, text)])
                out.append(p)
                prev = p
            changed = [p.uid for p in out] != [p.uid for p in old] or any(
                a is not b for a, b in zip(out, old, strict=False))
            if not changed:
                return False
            self.document.paragraphs = out
            detect_roles(self.document)
            self.modified = True
            return True

    # -- saving and writing ---------------------------------------------------------------------------
    def save(self, path: Path | str | None = None, *, track_changes: bool | None = None,
             author: str = "gov-docs") -> Path:
        """Save: a .docx gets the edits written back into its original package (only changed paragraphs
        and runs); a .txt gets the text; an untitled document saved as .docx is typeset per GB/T 9704.

        Args:
            path: where to save (default: the file it was opened from). The document is bound to it
                afterwards (like Word's 另存为).
            track_changes: write the edits into the original .docx as Word revisions (修订) by
                ``author``, each automatic fix's message as a comment, for a reviewer to accept or
                reject in Word/WPS (only for a .docx opened from a file). ``None`` (the default) keeps
                the document's 修订模式: once saved with revisions, later saves record revisions too,
                as Word does once 修订 is on; ``False`` turns it off.
            author: the name Word shows on those revisions.

        Returns:
            The path written.

        Raises:
            GovDocsError: untitled and no path given.
            DocumentWriteError: read-only, locked by Word/WPS, disk full … — nothing was written and the
                edits are still here.
        """
        from gov_docs.document.docx_edit import package_bytes

        target = Path(path) if path is not None else self.path
        if target is None:
            if self.document.converted_from:
                raise GovDocsError(f"{self.name}：由 {self.document.converted_from} 转换而来，"
                                   "请指定另存为的 .docx 位置（原文件不会被改写）")
            raise GovDocsError("未命名文稿，请指定保存位置")
        if track_changes is None:
            track_changes = self.track_changes
        suffix = target.suffix.lower()
        if suffix == ".wps" and self._pkg is not None:
            suffix = ".docx"  # a .wps that WPS wrote as a Word 2007 package stays one
        self.save_notes = []
        with self._lock:
            if suffix == ".docx":
                if self._pkg is not None:
                    d, placed, notes = self._render_docx(author if track_changes else None)
                    data = package_bytes(d)
                else:
                    from gov_docs.document.docx_writer import build_docx

                    d, placed, notes = None, [], []
                    data = package_bytes(build_docx(self.document))
                _write(target, data)
                self.save_notes = notes
                if d is not None:
                    self._rebase(d, placed, data)
                else:
                    self._bind_package(data)
                self._format_log, self._fix_messages, self._format_messages = [], {}, {}
                self.document.source_format = "docx"
                self.track_changes = bool(track_changes and d is not None)
            elif suffix in (".txt", ".text"):
                _write(target, (self.document.text + "\n").encode("utf-8"))
                self._pkg, self._base, self._format_log = None, {}, []
                self.document.source_format = "txt"
                self.track_changes = False
            else:
                raise DocumentWriteError(target, "只能保存为 .docx 或 .txt")
            self.path = target
            self.document.source = target
            self.modified = False
            self._stamp = _file_stamp(target)
        return target

    def changed_on_disk(self) -> bool:
        """Return True when the bound file was changed by another program since it was opened or saved."""
        if self.path is None or self._stamp is None:
            return False
        return _file_stamp(self.path) != self._stamp

    def _rebase(self, d: Any, placed: list[Any], data: bytes) -> None:
        """After a save, the saved package is the new original: re-link paragraph ids to its elements."""
        from gov_docs.document.docx_edit import paragraph_elements

        pos = {id(el): i for i, el in enumerate(paragraph_elements(d))}
        base = {}
        for p, el in zip(self.document.paragraphs, placed, strict=False):
            if el is not None and id(el) in pos:
                base[p.uid] = (pos[id(el)], p.text)
        self._pkg, self._base = data, base
        self.revisions = revision_count(d.element.body)

    def review_span(self, comment: Any) -> tuple[int, int, int] | None:
        """Return (paragraph, start, end) of a reviewer's comment's anchored text in the document now, or
        None.

        The comment's paragraph is the one it was anchored in when the file was read; if the clerk has
        since changed the anchored words, the whole paragraph is returned, and None once it is gone.
        """
        with self._lock:
            for i, p in enumerate(self.document.paragraphs):
                base = self._base.get(p.uid)
                if base is None or base[0] != comment.paragraph:
                    continue
                first_line = comment.anchor.split("\n", 1)[0]
                start = p.text.find(first_line) if first_line else -1
                if start < 0:
                    return i, 0, len(p.text)
                return i, start, start + len(first_line)
        return None

    def remember_review_comments(self, store: Any) -> int:
        """Store the reviewers' Word comments of this file in the review history (once); return how many were
        new.
        """
        from gov_docs.document.doctypes import doc_type_of_title

        if not self.review_comments or self.path is None:
            return 0
        title = self.document.title
        return store.import_word_comments(str(Path(self.path).resolve()), self.review_comments,
                                          doc_title=title,
                                          doc_type=doc_type_of_title(title))

    def typeset_changes(self) -> list[str]:
        """Say what 按 GB/T 9704 重新排版 changes, before it is done."""
        from gov_docs.document.docx_writer import FONT_BODY, FONT_TITLE

        out = ["页面设为 A4，页边距 上 37、下 35、左 28、右 26 毫米，每页 22 行、每行 28 字",
               f"标题用 {FONT_TITLE} 二号，正文用 {FONT_BODY} 三号，层次标题用 黑体/楷体_GB2312，行距固定",
               "页码改为 4 号半角宋体阿拉伯数字，单页居右、双页居左"]
        page = self.document.page
        if page.top_mm is not None:
            out.append(
                f"原页边距 上 {page.top_mm:g}、下 {page.bottom_mm:g}、左 {page.left_mm:g}、右 "
                f"{page.right_mm:g} 毫米将被替换")
        lost = [u for u in self.document.unshown if not u.startswith(("域", "修订"))]
        if lost:
            out.append("以下内容不会带入排版后的新文件：" + "、".join(lost) + "（原文件保持不变）")
        return out

    def typeset(self, out: Path | str) -> Path:
        """Write a new .docx typeset per GB/T 9704 from this document (never over the opened file)."""
        from gov_docs.document.docx_edit import package_bytes
        from gov_docs.document.docx_writer import build_docx
        from gov_docs.fileio import same_file

        out = Path(out)
        if self.path is not None and same_file(out, self.path):
            raise DocumentWriteError(out, "排版结果不能覆盖正在编辑的原文件，请另选文件名")
        if out.suffix.lower() != ".docx":
            raise DocumentWriteError(out, "排版结果必须保存为 .docx")
        _write(out, package_bytes(build_docx(typed_list_numbers(self.document))))
        return out

    def export_pdf(self, out: Path | str, *, progress: Callable[[int, int], None] | None = None) -> Any:
        """Write a PDF laid out per GB/T 9704 (the same layout as the page view and printing), fonts embedded.

        Returns:
            The layout drawn (:class:`gov_docs.layout.Layout`; ``page_count`` pages).

        Raises:
            DocumentWriteError: ``out`` is the opened file, not a .pdf, unwritable, or no CJK font exists.
        """
        from gov_docs.fileio import same_file
        from gov_docs.layout.pdf import export_pdf

        out = Path(out)
        if self.path is not None and same_file(out, self.path):
            raise DocumentWriteError(out, "PDF 不能覆盖正在编辑的原文件，请另选文件名")
        if out.suffix.lower() != ".pdf":
            raise DocumentWriteError(out, "PDF 文件名必须以 .pdf 结尾")
        if out.is_dir():
            raise DocumentWriteError(out, "这是一个文件夹，请给出 .pdf 文件名")
        return export_pdf(self.snapshot(), out, progress=progress)  # the layout draws list numbers

    def export(self, out: Path | str) -> Path:
        """Write a copy: ``.docx`` typeset per GB/T 9704, ``.txt`` plain text, ``.html`` the check report.

        The open document stays bound to its own file; ``out`` must not be that file.
        """
        from gov_docs.fileio import same_file

        out = Path(out)
        if self.path is not None and same_file(out, self.path):
            raise DocumentWriteError(out, "导出文件与正在编辑的原文件相同；为防止覆盖原文，请另选文件名")
        suffix = out.suffix.lower()
        if suffix == ".docx":
            return self.typeset(out)
        if suffix in (".txt", ".text"):
            _write(out, (typed_list_numbers(self.document).text + "\n").encode("utf-8"))
            return out
        if suffix in (".html", ".htm"):
            _write(out, self.report_html().encode("utf-8"))
            return out
        if suffix == ".pdf":
            self.export_pdf(out)
            return out
        raise DocumentWriteError(out, "只能导出为 .docx、.txt、.html 或 .pdf")

    def report_html(self, findings: list[Finding] | None = None) -> str:
        """Return an HTML report of the findings (default: a fresh check)."""
        import html

        findings = self.check() if findings is None else findings
        doc = self.document
        rows = "".join(
            f"<tr><td>{'全文' if f.paragraph < 0 else f.paragraph + 1}</td><td>{f.level.label}</td>"
            f"<td>{f.category.label}</td><td>{html.escape(f.matched)}</td><td>{html.escape(f.message)}</td>"
            f"<td>{html.escape(f.basis)}</td></tr>" for f in findings)
        return (f"<!doctype html><meta charset='utf-8'><title>核验报告</title>"
                f"<h1>{html.escape(doc.title or self.name)}</h1><p>共 {len(findings)} 处</p>"
                "<table border=1 cellpadding=4><tr><th>段</th><th>级别</th><th>类别</th><th>原文</th><th>说明"
                "</th>"
                f"<th>依据</th></tr>{rows}</table>")

    def annotate(self, out: Path | str, findings: list[Finding] | None = None) -> int:
        """Write a copy of the document with each finding as a Word comment at its text.

        A .docx keeps everything (the current edits written back first); other documents are typeset.

        Returns:
            The number of comments written.
        """
        from gov_docs.document.docx_edit import annotate as add_comments
        from gov_docs.document.docx_edit import package_bytes
        from gov_docs.fileio import same_file

        out = Path(out)
        if self.path is not None and same_file(out, self.path):
            raise DocumentWriteError(out, "批注输出与输入相同；为防止覆盖原文，请指定另一个文件名")
        findings = self.check() if findings is None else findings
        if self._pkg is not None:
            d, placed, _notes = self._render_docx()
            n = add_comments(d, findings, paras=placed)
        else:
            from gov_docs.document.docx_writer import build_docx

            d = build_docx(self.document)
            n = add_comments(d, findings)
        _write(out, package_bytes(d))
        return n


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# ---------------------------------------------------------------------------------------------------------
# Drafting, library, handling
# ---------------------------------------------------------------------------------------------------------
def library_retriever(index: Any | None = None) -> Any | None:
    """Return the retriever drafting uses (the library index, when one has been built), or None."""
    from gov_docs.library.index import LibraryIndex
    from gov_docs.library.retriever import LibraryRetriever

    try:
        index = index if index is not None else LibraryIndex()
        return LibraryRetriever(index) if index.exists() else None
    except GovDocsError:
        return None


@dataclass
class DraftOutcome:
    """A finished draft: the untitled document holding it, and the drafter's result (stats, sources …)."""

    document: OpenDocument
    result: Any
    checker_runs: list[CheckRun] = field(default_factory=list)


def plan_draft(sentence: str, *, backend: Any, org: str = "",
               on_token: Callable[[str, str], None] | None = None,
               cancel: threading.Event | None = None) -> Any:
    """Infer 文种, title and an editable outline from one sentence (gov_docs.llm.outline.Plan)."""
    from gov_docs.llm.drafting import Drafter

    return Drafter(backend).plan(sentence, org=org, on_token=on_token, cancel=cancel)


def draft(request: Any, *, backend: Any, retriever: Any | None = None, checker: Checker | None = None,
          on_token: Callable[[str, str], None] | None = None, cancel: threading.Event | None = None,
          section_tokens: int = 0, sampling: Any | None = None,
          on_preview: Callable[[str], None] | None = None) -> DraftOutcome:
    """Draft a 公文 and return it as a new untitled document (never bound to another file).

    Safe on a worker thread: the checks drafting runs do not change the shared ``checker``; their
    switch-offs come back in ``DraftOutcome.checker_runs``. ``section_tokens`` 0 sizes each section from
    the 文种's length target; ``on_preview`` receives the cleaned draft text as it grows.
    """
    from gov_docs.llm.drafting import Drafter, warm_up

    warm_up(backend)  # the model loads while the checks are prepared (first text sooner)
    checker = checker or default_checker()
    worker_checker = _WorkerChecker(checker)
    from gov_docs.library.embedding import embed_passages

    # restatements in other words are cut by the library's e5 vectors (a missing model: the check is off)
    kwargs: dict[str, Any] = {"retriever": retriever, "checker": worker_checker,
                              "section_tokens": section_tokens, "embed": embed_passages}
    if sampling is not None:
        kwargs["sampling"] = sampling
    result = Drafter(backend, **kwargs).draft(request, on_token=on_token, cancel=cancel,
                                              on_preview=on_preview)
    od = from_document(result.document, checker=checker)
    return DraftOutcome(od, result, worker_checker.runs)


def search(index: Any, query: str, *, doc_type: str | None = None, organ: str | None = None,
           year: int | None = None, limit: int = 10) -> tuple[str, list]:
    """Search the library, or answer a question with time words ("这两天…发了新文件吗？").

    Never silence alone: a period with nothing gives the latest relevant documents, words found nowhere
    give documents close in meaning (gov_docs.library.question.answer).

    Returns:
        (one Chinese sentence saying what was found or which fallback was taken, hits).
    """
    from gov_docs.library.question import answer

    a = answer(index, query, doc_type=doc_type, organ=organ, year=year, limit=limit)
    return a.message, a.hits


#: Library documents whose review comments are suggested for a draft (CommentStore.suggest's top_docs).
SUGGEST_DOCS = 8


def recommend(index: Any, doc: Document, *, top: int = 5, store: Any | None = None) -> tuple[list, list]:
    """Return (related documents, past review comments on similar documents) for ``doc``.

    The related documents are the library's best ``top`` that the draft does not cite yet (上位文件,
    法规依据, 相关主题), then the library documents it cites (relation 本文已引用, in the order of its text,
    never counted in ``top``: the clerk sees they exist and can open them), then laws and regulations it
    cites or is about that the library lacks (``in_library`` False, shown as 未收录; a cited one is
    本文已引用 too).
    """
    from gov_docs.library.comments import CommentStore
    from gov_docs.library.recommend import missing_basis, related

    store = store if store is not None else CommentStore()
    if not index.exists():  # no library yet: reviewers' comments on similar files still help
        return missing_basis(None, doc), store.suggest(None, doc)
    # one ranking serves both lists (the comments look at the best eight; the first ``top`` are the same)
    recs, cited = related(index, doc, top=max(top, SUGGEST_DOCS))
    return (recs[:top] + cited + missing_basis(index, doc),
            store.suggest(index, doc, top_docs=SUGGEST_DOCS, related=recs))


def route(doc: Document, *, index: Any | None = None, store: Any | None = None) -> Any:
    """Suggest the lead and participating departments (拟办)."""
    from gov_docs.handling.routing import suggest_routing

    return suggest_routing(doc, index=index if index is not None and index.exists() else None, store=store)


def record_routing(doc: Document, lead: str, participants: list[str], *, path: Path | str | None = None,
                   suggestion: Any | None = None, store: Any | None = None, decided_by: str = "") -> int:
    """Record the 拟办 decision a clerk accepted or edited, so later suggestions for similar documents use it.

    Args:
        doc: the document routed.
        lead: the lead department (a name of rules/routing/departments.yaml).
        participants: the participating departments.
        path: its file (default: its source, else a key from its title).
        suggestion: the RoutingSuggestion shown, to tell an accepted suggestion from an edited one.
        store: the CommentStore (default: the user's).
        decided_by: who decided.

    Returns:
        The record's id. Unknown department names raise GovDocsError naming them.
    """
    from gov_docs.handling.routing import load_departments
    from gov_docs.library.comments import CommentStore

    known = [d.name for d in load_departments()]
    participants = [p.strip() for p in participants if p.strip() and p.strip() != lead.strip()]
    unknown = [n for n in [lead.strip(), *participants] if n not in known]
    if not lead.strip():
        raise GovDocsError("拟办记录缺少主办部门")
    if unknown:
        raise GovDocsError(f"未知部门：{'、'.join(unknown)}（可用的部门：{'、'.join(known)}）")
    source = path or getattr(doc, "source", None)
    key = str(Path(source).resolve()) if source else f"未命名:{doc.title}"
    store = store if store is not None else CommentStore()
    return store.add_routing(key, lead.strip(), list(dict.fromkeys(participants)), doc_title=doc.title,
                             doc_text=doc.text, suggested_lead=getattr(suggestion, "lead", ""),
                             suggested_participants=list(getattr(suggestion, "participants", []) or []),
                             decided_by=decided_by)


def record_comment(text: str, doc: Document, *, path: Path | None = None, reviewer: str = "",
                   store: Any | None = None) -> int:
    """Record a reviewer's comment on a document (its file, or 未命名:<title>); return the comment id."""
    from gov_docs.library.comments import CommentStore

    store = store if store is not None else CommentStore()
    key = str(Path(path).resolve()) if path is not None else f"未命名:{doc.title}"
    return store.add(key, text, reviewer=reviewer, doc_title=doc.title, content=doc.text)


def archive(doc: Document) -> Any:
    """Suggest category, subject, retention, year and organ (归档)."""
    from gov_docs.handling.archiving import suggest_archiving

    return suggest_archiving(doc)
