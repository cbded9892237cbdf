"""Drafting for the main window: the model writes in the background, the stream shows in the panel, and a
finished draft opens as a new untitled document (never bound to the file that was open before).
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from gov_docs import api
from gov_docs.errors import GovDocsError
from gov_docs.gui.workers import FuncWorker


class DraftingController(QObject):
    """Starts, streams, stops and finishes drafts and rewrite proposals."""

    def __init__(self, window) -> None:
        super().__init__(window)  # a QObject in the UI thread: worker results are queued to it
        self.w = window
        self.worker: FuncWorker | None = None

    def start(self, request) -> None:
        """Draft in the background; stream into the panel; the result becomes a new untitled document."""
        w = self.w
        try:
            backend = w.backend()
        except GovDocsError as exc:
            w.error(str(exc))
            return
        retriever = api.library_retriever(w.index)
        checker, tokens = w.checker, w.section_tokens
        job = next(w.jobs)
        worker = FuncWorker(job, lambda cancel, tok, _prog: api.draft(
            request, backend=backend, retriever=retriever, checker=checker, on_token=tok, cancel=cancel,
            section_tokens=tokens))
        worker.signals.token.connect(lambda _j, _s, piece: w.draft_panel.output.insertPlainText(piece))
        worker.signals.done.connect(self._done)
        worker.signals.failed.connect(self._failed)
        self.worker = worker
        w.draft_panel.set_busy(True)
        w.pool.start(worker)

    def _failed(self, _job: int, message: str) -> None:
        self.worker = None
        self.w.draft_panel.set_busy(False)
        self.w.error(message)

    def stop(self) -> None:
        """Stop drafting; what was written so far is kept."""
        if self.worker is not None:
            self.worker.cancel.set()

    def _done(self, _job: int, outcome) -> None:
        w = self.w
        w.draft_panel.set_busy(False)
        self.worker = None
        for run in outcome.checker_runs:  # switch-offs found while drafting, taken in on the UI thread
            w.checker.merge(run)
        result = outcome.result
        used = "；".join(f"《{s.title}》" for s in result.sources)
        w.draft_panel.sources.setText(("参考的相关文件：" + used) if used else "未引用文档库文件")
        if not w.files.open_draft(outcome.document):
            return
        state = "（已停止）" if result.cancelled else ""
        w.statusBar().showMessage(f"起草完成{state}：{result.stats.tokens} 个词元，{result.stats.tokens_per_s:.1f} 词元/秒；"
                                  "文稿尚未保存", 8000)

    def start_edit(self, action: str) -> None:
        """Propose a rewrite of the selected text; the clerk accepts or rejects it."""
        w = self.w
        cursor = w.editor.textCursor()
        text = cursor.selectedText().replace("\u2029", "\n")
        if not text.strip():
            w.error("请先在编辑器中选中要处理的文字")
            return
        from gov_docs.llm.editing import ACTIONS, propose

        try:
            backend = w.backend()
        except GovDocsError as exc:
            w.error(str(exc))
            return
        job = next(w.jobs)
        worker = FuncWorker(job, lambda cancel, _tok, _prog: propose(backend, action, text, cancel=cancel))
        worker.signals.done.connect(lambda _j, proposal: self._edit_done(cursor, proposal, ACTIONS[action][0]))
        worker.signals.failed.connect(lambda _j, msg: w.error(msg))
        w.pool.start(worker)

    def _edit_done(self, cursor, proposal, label: str) -> None:
        answer = QMessageBox.question(self.w, f"{label}建议",
                                      f"原文：{proposal.original}\n\n建议：{proposal.text}\n\n采纳建议？")
        if answer != QMessageBox.StandardButton.Yes:
            return
        if self.w.editor._touches_protected(cursor):
            self.w.error("所选文字在表格或文本框中（只读），未替换")
            return
        cursor.insertText(proposal.text)
