"""Drafting for the main window: the model writes in the background, the panel previews the cleaned text,
and a finished draft opens as a new untitled document (never bound to the file that was open before).

One sentence becomes a plan (文种, title, outline) in the background too; the clerk edits the outline in
the panel before drafting. 参考范文 insert at the editor's cursor as one undo step.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from gov_docs import api
from gov_docs.errors import GovDocsError
from gov_docs.gui.workers import FuncWorker


def changes_line(original: str, proposed: str, most: int = 5) -> str:
    """Return "改动 N 处：“甲”→“乙”；删去“丙”；……" and two line breaks, or "" when the two differ everywhere.

    A 润色 of a long paragraph may change one word; shown two whole paragraphs, a clerk cannot see which.
    """
    from difflib import SequenceMatcher

    matcher = SequenceMatcher(None, original, proposed, autojunk=False)
    if matcher.ratio() < 0.5:  # rewritten throughout (扩写, 缩写): a list of changes says nothing
        return ""
    parts = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace":
            parts.append(f"“{original[i1:i2]}”→“{proposed[j1:j2]}”")
        elif op == "delete":
            parts.append(f"删去“{original[i1:i2]}”")
        elif op == "insert":
            parts.append(f"加上“{proposed[j1:j2]}”")
    if not parts:
        return ""
    more = f"等（共 {len(parts)} 处）" if len(parts) > most else ""
    return f"改动 {len(parts)} 处：{'；'.join(parts[:most])}{more}\n\n"


class DraftingController(QObject):
    """Starts, streams, stops and finishes drafts and rewrite proposals."""

    def __init__(self, window) -> None:
        super().__init__(window)  # a QObject in the UI thread: worker results are queued to it
        self.w = window
        self.worker: FuncWorker | None = None
        self.edit_job = None
        panel = window.draft_panel
        panel.plan_requested.connect(self.plan)
        panel.insert_requested.connect(self.insert_passage)
        panel.open_requested.connect(self.show_source)
        self.source_views: list = []

    def backend(self):
        """Return the backend the panel or settings choose, or None after saying why not (in Chinese).

        When no model is installed at all the message names the folders the app looked in and the two
        other ways to give it a model, instead of a ``models/`` folder the clerk cannot find.
        """
        w = self.w
        try:
            return w.backend()
        except GovDocsError as exc:
            w.error(self._no_model_message() or str(exc))
            return None

    def _no_model_message(self) -> str:
        """Return the message for "no model installed and none chosen", or "" when that is not the case."""
        from gov_docs import config, paths
        from gov_docs.llm.backends import installed_models

        if self.w._backend_factory is not None or self.w.draft_panel.backend_override():
            return ""
        try:
            llm = config.load()["llm"]
        except config.ConfigError:
            llm = {}
        if llm.get("model_path") or llm.get("backend") == "server" or installed_models():
            return ""
        folders = "\n".join(f"  {d}" for d in paths.models_dirs())
        return ("没有找到起草用的模型文件（.gguf）。请把模型文件放入以下任一文件夹后重试：\n"
                f"{folders}\n也可以在本面板“模型”处选择“本机模型文件…”或“模型服务地址…”，"
                "或在“工具—设置”中指定。")

    PREVIEW = "\0preview"  # the token signal's section name for a preview of the cleaned text

    def plan(self, sentence: str, org: str = "") -> None:
        """Infer 文种, title and outline from one sentence in the background; the panel shows them to edit."""
        w = self.w
        try:
            from gov_docs.llm.outline import check_sentence

            check_sentence(sentence)
        except GovDocsError as exc:
            w.error(str(exc))
            return
        backend = self.backend()
        if backend is None:
            return
        job = next(w.jobs)
        worker = FuncWorker(job, lambda cancel, tok, _prog: api.plan_draft(sentence, backend=backend, org=org,
                                                                             on_token=tok, cancel=cancel))
        worker.signals.token.connect(lambda _j, _s, piece: w.draft_panel.output.insertPlainText(piece))
        worker.signals.done.connect(self._planned)
        worker.signals.failed.connect(self._failed)
        self.worker = worker
        w.draft_panel.set_busy(True)
        w.statusBar().showMessage("正在生成提纲…")
        w.pool.start(worker)

    def _planned(self, _job: int, plan) -> None:
        stopped = self.worker is not None and self.worker.cancel.is_set()
        self.worker = None
        self.w.draft_panel.set_busy(False)
        if stopped:  # the clerk pressed 停止: what the model guessed so far is not a plan to fill in
            self.w.statusBar().showMessage("已停止生成提纲；表单未改动", 8000)
            return
        self.w.draft_panel.set_plan(plan)
        self.w.statusBar().showMessage("提纲已生成：可修改后点“起草”", 8000)

    def show_source(self, path: str, passage: str = "") -> None:
        """Show a 参考范文's document read-only beside the draft, the passage selected (the draft stays)."""
        from gov_docs.gui.source_view import SourceViewDialog

        try:
            view = SourceViewDialog(path, passage, self.w)
        except GovDocsError as exc:
            self.w.error(str(exc))
            return
        view.edit_requested.connect(lambda p: self.w.open_path(Path(p)))
        view.finished.connect(lambda _r, v=view: self._forget(v))
        self.source_views.append(view)
        view.show()

    def _forget(self, view) -> None:
        if view in self.source_views:
            self.source_views.remove(view)
        view.deleteLater()

    def insert_passage(self, text: str) -> None:
        """Insert a 参考范文 passage at the editor's cursor (one undo step)."""
        editor = self.w.editor
        cursor = editor.textCursor()
        if editor._touches_protected(cursor):
            self.w.error("光标在表格或文本框中（只读），未插入")
            return
        cursor.insertText(text)
        editor.setTextCursor(cursor)

    def start(self, request) -> None:
        """Draft in the background; stream into the panel; the result becomes a new untitled document."""
        w = self.w
        if self._needs_title(request) or self._needs_addressee(request):
            return
        backend = self.backend()
        if backend is None:
            return
        retriever = api.library_retriever(w.index)
        checker, tokens = w.checker, w.section_tokens
        job = next(w.jobs)
        preview = self.PREVIEW
        worker = FuncWorker(job, lambda cancel, tok, _prog: api.draft(
            request, backend=backend, retriever=retriever, checker=checker, cancel=cancel,
            section_tokens=tokens, on_preview=lambda text: tok(preview, text)))
        worker.signals.token.connect(lambda _j, s, text: s == preview and self._preview(text))
        worker.signals.done.connect(self._done)
        worker.signals.failed.connect(self._failed)
        self.worker = worker
        w.draft_panel.set_busy(True)
        w.statusBar().showMessage(self.DRAFTING + "正在载入模型…")
        w.pool.start(worker)

    DRAFTING = "正在起草（可随时点“停止”，已写好的部分会放入编辑器）："

    def _preview(self, text: str) -> None:
        """Show the cleaned draft so far, and in the status bar how much is written (the model may take
        minutes; a moving bar alone does not say whether anything is happening).
        """
        if self.worker is None:  # a preview queued before the draft finished or stopped
            return
        self.w.draft_panel.show_preview(text)
        chars = sum(1 for ch in text if not ch.isspace())
        self.w.statusBar().showMessage(f"{self.DRAFTING}已写 {chars} 字…")

    def _needs_title(self, request) -> bool:
        """Say at once (before the model loads) that the draft needs a title, naming the panel's fields.

        The drafting engine's own message asks for a 事由, a field the panel does not have; and it came
        only after the model had loaded.
        """
        if request.title.strip() or request.subject.strip():
            return False
        self.w.error("请填写“标题”，或在上方输入一句话说明要写什么，点“生成提纲”自动生成标题和提纲")
        self.w.draft_panel.title.setFocus()
        return True

    def _needs_addressee(self, request) -> bool:
        """Say at once (before the model starts) that this 文种 needs a 主送机关, and put the cursor there."""
        from gov_docs.llm.drafting import missing_addressee

        problem = missing_addressee(request.doc_type, request.to)
        if not problem:
            return False
        self.w.error(f"{problem}，请在“主送机关”栏填写")
        self.w.draft_panel.to.setFocus()
        return True

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
        panel = w.draft_panel
        panel.show_preview("\n".join(p.text for p in result.document.paragraphs))
        panel.show_exemplars(result.exemplars)
        used = "；".join(f"《{s.title}》" for s in result.sources)
        gaps = f"；待补充 {len(result.gaps)} 处：{'、'.join(result.gaps)}" if result.gaps else ""
        panel.sources.setText(
            (f"参考范文 {len(result.sources)} 篇：{used}" if used else "未引用文档库范文") + gaps)
        if not w.files.open_draft(outcome.document):
            return
        if result.error:
            w.error(result.error)
        state = "（已停止）" if result.cancelled else "（部分）" if result.error else ""
        chars = sum(len(p.text) for p in result.document.paragraphs)
        w.statusBar().showMessage(f"起草完成{state}：{chars} 字，用时 {result.seconds:.0f} 秒，"
                                  f"{result.stats.tokens_per_s:.1f} 词元/秒；文稿尚未保存", 8000)

    def start_edit(self, action: str) -> None:
        """Propose a rewrite of the selected text; the clerk accepts or rejects it."""
        w = self.w
        cursor = w.editor.textCursor()
        text = cursor.selectedText().replace("\u2029", "\n")
        if not text.strip():
            w.error("请先在编辑器中选中要处理的文字")
            return
        from gov_docs.llm.editing import ACTIONS, propose

        backend = self.backend()
        if backend is None:
            return
        job = next(w.jobs)
        worker = FuncWorker(job, lambda cancel, _tok, _prog: propose(backend, action, text, cancel=cancel))
        # bound methods of this UI-thread QObject: the results are queued to the UI thread
        worker.signals.done.connect(self._edit_finished)
        worker.signals.failed.connect(self._edit_failed)
        self.edit_job = (worker, cursor, ACTIONS[action][0])
        w.statusBar().showMessage(f"正在{ACTIONS[action][0]}…")
        w.pool.start(worker)

    def _edit_failed(self, _job: int, message: str) -> None:
        self.edit_job = None
        self.w.error(message)

    def _edit_finished(self, _job: int, proposal) -> None:
        if self.edit_job is None:
            return
        _worker, cursor, label = self.edit_job
        self.edit_job = None
        self._edit_done(cursor, proposal, label)

    def _edit_done(self, cursor, proposal, label: str) -> None:
        if proposal.unchanged:
            QMessageBox.information(self.w, f"{label}建议", proposal.note or f"无需{label}")
            return
        note = f"（{proposal.note}）\n\n" if proposal.note else ""
        answer = QMessageBox.question(self.w, f"{label}建议",
                                      f"原文：{proposal.original}\n\n建议："
                                      f"{proposal.text}\n\n{changes_line(proposal.original, proposal.text)}"
                                      f"{note}采纳建议？")
        if answer != QMessageBox.StandardButton.Yes:
            return
        if self.w.editor._touches_protected(cursor):
            self.w.error("所选文字在表格或文本框中（只读），未替换")
            return
        cursor.insertText(proposal.text)
