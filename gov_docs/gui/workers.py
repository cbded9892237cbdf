"""Background work: checking a document snapshot, drafting, indexing. Results come back by signal with a job
id.

A worker never changes shared state: a check gets a :class:`gov_docs.api.CheckJob` (a snapshot of the
document and a copy of the allow-list) and returns a :class:`gov_docs.checks.CheckRun`; the window takes
the findings, switch-offs and warnings in on the UI thread.
"""

from __future__ import annotations

import dataclasses
import threading
import traceback

from PySide6.QtCore import QObject, QRunnable, Signal


def _emit(signal, *args) -> None:
    """Emit unless the receiving side is gone (the window closed while the worker ran)."""
    try:
        signal.emit(*args)
    except RuntimeError:
        pass


class WorkerSignals(QObject):
    """Signals a worker emits (QRunnable cannot have signals itself)."""

    done = Signal(int, object)  # job id, result
    partial = Signal(int, object)  # job id, a first result (the quick rules) before ``done``
    failed = Signal(int, str)  # job id, Chinese message
    token = Signal(int, str, str)  # job id, section, piece
    progress = Signal(int, int, int)  # job id, done, total


class CheckWorker(QRunnable):
    """Run one check job (a document snapshot); emits (job id, (CheckJob, CheckRun))."""

    def __init__(self, job_id: int, job, is_stale=None) -> None:
        super().__init__()
        self.job_id, self.job = job_id, job
        #: asked between stages: True when a newer check or another document made this one pointless
        #: (its results would be dropped), so the rest is not computed and the pool is free for the new one
        self.is_stale = is_stale or (lambda: False)
        self.signals = WorkerSignals()

    @property
    def changed(self) -> list[int] | None:
        """Return the paragraphs re-checked by the paragraph rules (None: a full check)."""
        return self.job.changed

    def run(self) -> None:  # noqa: D102 - QRunnable API
        try:
            self._run_stages()
        except Exception as exc:  # noqa: BLE001 - shown in the status bar, never a crash
            _emit(self.signals.failed, self.job_id, f"核验出错：{type(exc).__name__}: {exc}")

    def _run_stages(self) -> None:
        job = dataclasses.replace(self.job, stop=self.is_stale)  # a stage stops at its next paragraph
        stages = []
        if job.changed is None and not job.light_only and job.checker.has_heavy_rules:
            # a full check (a document just opened): the quick rules first, shown while the heavy ones
            # (segmentation, typo statistics) load and run
            stages.append((self.signals.partial, dataclasses.replace(job, light_only=True)))
        if not job.light_only and not job.quick and job.checker.verifies:
            # the typo rule verifies with the model: its fast path is shown at once (while typing too), the
            # verified findings replace it when the model is done
            stages.append((self.signals.partial, dataclasses.replace(job, quick=True)))
        stages.append((self.signals.done, job))
        for signal, stage in stages:
            if self.is_stale():  # queued behind other work, or outdated while it ran: nothing more to do
                return
            result = stage.run()
            if self.is_stale():  # stopped part-way: an incomplete result is never shown
                return
            _emit(signal, self.job_id, (stage, result))


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

            msg = str(exc) if isinstance(
                exc, GovDocsError) else f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=2)}"
            _emit(self.signals.failed, self.job, msg)
            return
        _emit(self.signals.done, self.job, result)
