"""The library for the main window: indexing with progress, search and questions, recommendations with
routing and archiving, review comments — each through the same api calls as the CLI.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from gov_docs import api
from gov_docs.errors import GovDocsError
from gov_docs.gui.workers import FuncWorker


class LibraryController(QObject):
    """Index, search, recommend and record comments for the library panel."""

    def __init__(self, window) -> None:
        super().__init__(window)  # a QObject in the UI thread: worker results are queued to it
        self.w = window
        self.index_worker: FuncWorker | None = None
        self.report_box: QMessageBox | None = None
        self.status = ""  # the indexing phase, set in the UI thread from the worker's queued stage signal
        self.suggestion = None  # the 拟办 suggestion shown for the current document

    def start_index(self, folder: str) -> None:
        """Index a folder in the background; the bar counts files read, then passages embedded, and says
        which.
        """
        w = self.w
        job = next(w.jobs)
        panel = w.library_panel
        index = w.index

        def progress(done: int, total: int, what: str, tok, prog) -> None:
            tok("stage", what)  # queued before the count, so the bar names the phase the count belongs to
            prog(done, total)

        worker = FuncWorker(job, lambda cancel, tok, prog: index.build(
            [folder], cancel=cancel, progress=lambda d, t, what: progress(d, t, what, tok, prog)))
        # Bound methods of this QObject, not lambdas over the panel: when the window closes before a
        # cancelled build has noticed, Qt drops the connections with the controller instead of calling
        # into deleted widgets.
        worker.signals.token.connect(self._index_stage)
        worker.signals.progress.connect(self._index_progress)
        worker.signals.done.connect(self._index_finished)
        worker.signals.failed.connect(self._index_failed)
        panel.show_progress(0, 1, "准备建立索引…")
        panel.btn_cancel.setEnabled(True)
        self.index_worker = worker
        w.pool.start(worker)

    def _index_stage(self, _job: int, _section: str, what: str) -> None:
        self.status = what

    def _index_progress(self, _job: int, done: int, total: int) -> None:
        self.w.library_panel.show_progress(done, total, self.status)

    def _index_ended(self) -> None:
        self.index_worker = None
        self.w.library_panel.progress.hide()
        self.w.library_panel.btn_cancel.setEnabled(False)

    def _index_failed(self, _job: int, message: str) -> None:
        self._index_ended()
        self.w.error(message)

    def _index_finished(self, _job: int, report) -> None:
        self._index_ended()
        self._index_done(report)

    def _index_done(self, report) -> None:
        """Report a finished build; skipped files and unusable catalogs in a non-blocking dialog."""
        w = self.w
        self.show_empty_state()
        if report.cancelled:
            w.statusBar().showMessage("已取消索引，原索引保持不变", 8000)
            return
        emb = report.embedding
        vectors = (f"，语义向量新算 {emb.embedded} 个、沿用 {emb.reused} 个" if emb.embedded or emb.reused
                   else "")
        w.statusBar().showMessage(f"索引完成：{report.added} 篇，失败 {len(report.failed)} 篇{vectors}，"
                                  f"用时 {report.seconds:.0f} 秒", 10000)
        lines = [f"跳过 {Path(p).name}：{why}" for p, why in report.failed]
        if emb.error:
            lines.append(f"语义向量：{emb.error}（检索和推荐照常可用）")
        lines += [f"目录文件 {p}：{why}（该文件夹的标题取自正文）" for p, why in report.warnings]
        if not lines:
            return
        more = f"\n……另有 {len(lines) - 20} 条" if len(lines) > 20 else ""
        if self.report_box is not None and not self.report_box.isVisible():
            self.report_box.deleteLater()  # read and closed: not kept as a hidden child of the window
        box = QMessageBox(QMessageBox.Icon.Warning, "索引提示", "\n".join(lines[:20]) + more, parent=w)
        box.setModal(False)
        box.show()
        self.report_box = box

    EMPTY_HINT = ("文档库还是空的：点“选择文件夹建立索引…”，选存放本单位往来公文的文件夹"
                  "（.docx/.txt，含子文件夹）。建立后即可检索、提问（如“近期关于安全生产发了哪些文件？”），"
                  "并为当前文稿推荐上位文件、法规依据和拟办部门。")

    def show_empty_state(self) -> None:
        """Tell a clerk who opens the 文档库 tab before any index exists what to do first."""
        panel = self.w.library_panel
        if not panel.progress.isHidden():
            return  # indexing under way: the bar says what happens
        if not self.w.index.exists():
            panel.answer.setText(self.EMPTY_HINT)
        elif panel.answer.text() == self.EMPTY_HINT:
            panel.answer.setText("")

    def cancel_index(self) -> None:
        """Stop indexing; the previous index stays as it was."""
        if self.index_worker is not None:
            self.index_worker.cancel.set()

    def search(self, query: str, doc_type: str, year: str) -> None:
        """Search (or answer a question) and list the hits — the same dispatch as ``gov-docs search``."""
        try:
            message, hits = api.search(self.w.index, query, doc_type=doc_type or None,
                                       year=int(year) if year.isdigit() else None)
        except GovDocsError as exc:
            self.w.error(str(exc))
            return
        self.w.library_panel.show_hits(hits, message)

    def recommend(self) -> None:
        """Show related documents, past comments, routing and archiving for the current text."""
        w = self.w
        doc = w.current_document()
        if not doc.text.strip():
            w.error("编辑器中没有文稿")
            return
        try:
            recs, comments = api.recommend(w.index, doc, store=w.store)
            route = api.route(doc, index=w.index, store=w.store)
            arch = api.archive(doc)
        except GovDocsError as exc:
            w.error(str(exc))
            return
        from gov_docs.handling.routing import load_departments

        w.library_panel.show_recommendations(recs, comments)
        w.library_panel.handling.setText(
            f"拟办：主办 {route.lead or '（无）'}；协办 {'、'.join(route.participants) or '（无）'}\n"
            f"归档：{arch.category} / {arch.subject} / {arch.retention}（{arch.reason}）；"
            f"年度 {arch.year or '不详'}；机构 {arch.organ or '不详'}")
        self.suggestion = route
        w.library_panel.show_routing(route, [d.name for d in load_departments()])

    def record_routing(self, lead: str, participants: list) -> None:
        """Record the 拟办 the clerk accepted or edited; later suggestions for similar documents use it."""
        w = self.w
        doc = w.current_document()
        try:
            api.record_routing(doc, lead, participants, path=w.files.od.path, suggestion=self.suggestion,
                               store=w.store)
        except GovDocsError as exc:
            w.error(str(exc))
            return
        edited = self.suggestion is not None and (lead, sorted(participants)) != (
            self.suggestion.lead, sorted(self.suggestion.participants))
        w.statusBar().showMessage(f"已记录拟办{'（已修改建议）' if edited else ''}：主办 {lead}；"
                                  f"协办 {'、'.join(participants) or '无'}。以后相似文件会参考", 8000)

    def store_comment(self, text: str) -> None:
        """Store a reviewer's comment on the current file."""
        w = self.w
        doc = w.current_document()
        try:
            api.record_comment(text, doc, path=w.files.od.path, store=w.store)
        except GovDocsError as exc:
            w.error(str(exc))
            return
        w.library_panel.comment.clear()
        w.statusBar().showMessage("已记录审核意见", 5000)
