"""Background work: checking a text snapshot, drafting, indexing. Results come back by signal with a job id."""

from __future__ import annotations

import threading
import traceback

from PySide6.QtCore import QObject, QRunnable, Signal

from gov_docs.document import document_from_text


def _emit(signal, *args) -> None:
    """Emit unless the receiving side is gone (the window closed while the worker ran)."""
    try:
        signal.emit(*args)
    except RuntimeError:
        pass


class WorkerSignals(QObject):
    """Signals a worker emits (QRunnable cannot have signals itself)."""

    done = Signal(int, object)  # job id, result
    failed = Signal(int, str)  # job id, Chinese message
    token = Signal(int, str, str)  # job id, section, piece
    progress = Signal(int, int, int)  # job id, done, total


class CheckWorker(QRunnable):
    """Check a plain-text snapshot; emits (job, (document, findings)).

    Incremental: given the previous snapshot's paragraph texts and findings, only paragraphs whose text
    changed are re-checked by the paragraph rules (document rules always run); findings of unchanged
    paragraphs are kept. A change in the number of paragraphs means a full check.
    """

    def __init__(self, job: int, text: str, checker, locked_roles: dict[int, object] | None = None,
                 previous: tuple[list[str], list] | None = None) -> None:
        super().__init__()
        self.job, self.text, self.checker = job, text, checker
        self.locked_roles = locked_roles or {}
        self.previous = previous
        self.signals = WorkerSignals()
        self.changed: list[int] | None = None  # paragraphs re-checked (None: full check)

    def run(self) -> None:  # noqa: D102 - QRunnable API
        try:
            doc = document_from_text(self.text) if self.text.strip() else None
            if doc is None:
                _emit(self.signals.done, self.job, (None, []))
                return
            for i, role in self.locked_roles.items():
                if i < len(doc.paragraphs):
                    doc.paragraphs[i].role, doc.paragraphs[i].role_locked = role, True
            texts = [p.text for p in doc.paragraphs]
            if self.previous is not None and len(self.previous[0]) == len(texts):
                old_texts, old_findings = self.previous
                self.changed = [i for i, (a, b) in enumerate(zip(old_texts, texts, strict=True)) if a != b]
                paragraph_rules = {r.id for r in self.checker.paragraph_rules}
                kept = [f for f in old_findings if f.rule_id in paragraph_rules and f.paragraph not in self.changed]
                fresh = self.checker.check_paragraphs(doc, self.changed, include_document=True)
                findings = sorted(kept + fresh, key=lambda f: (f.paragraph, f.start, f.level.rank, f.rule_id))
            else:
                findings = self.checker.check(doc)
        except Exception as exc:  # noqa: BLE001 - shown in the status bar, never a crash
            _emit(self.signals.failed, self.job, f"核验出错：{type(exc).__name__}: {exc}")
            return
        _emit(self.signals.done, self.job, (doc, findings))


class FuncWorker(QRunnable):
    """Run ``fn(cancel, emit_token, emit_progress)`` in the thread pool; emits its return value."""

    def __init__(self, job: int, fn) -> None:
        super().__init__()
        self.job, self.fn = job, fn
        self.cancel = threading.Event()
        self.signals = WorkerSignals()

    def run(self) -> None:  # noqa: D102 - QRunnable API
        try:
            result = self.fn(self.cancel, lambda s, p: _emit(self.signals.token, self.job, s, p),
                             lambda d, t: _emit(self.signals.progress, self.job, d, t))
        except Exception as exc:  # noqa: BLE001 - shown in a dialog, never a crash
            from gov_docs.errors import GovDocsError

            msg = str(exc) if isinstance(exc, GovDocsError) else f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=2)}"
            _emit(self.signals.failed, self.job, msg)
            return
        _emit(self.signals.done, self.job, result)
