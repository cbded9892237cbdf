"""Checks and fixes for the main window: background checks on snapshots, findings shown and selected,
fixes through the api (the same path as ``gov-docs fix``), ignore / allow-list at once, reports.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFileDialog, QMessageBox

from gov_docs.errors import GovDocsError
from gov_docs.gui.workers import CheckWorker


class ChecksController(QObject):
    """Runs checks in the thread pool and applies what the clerk chooses to the open document."""

    #: A check's findings are on screen (its job id): results of older jobs never emit it.
    findings_shown = Signal(int)

    def __init__(self, window) -> None:
        super().__init__(window)  # a QObject in the UI thread: worker results are queued to it
        self.w = window
        self.latest = 0
        self.shown = 0  # id of the job whose findings are on screen
        self.last_check_ms = 0.0
        self.first_findings_ms = 0.0  # a full check's quick first findings (0: shown with the rest)
        self._started = 0.0
        self._job_text = ""
        self._job_od = None
        self.shown_warnings: set[str] = set()
        #: Format fixes on the editor's undo stack: {"step", "before", "after", "applied"} (see _follow_undo).
        self.format_undo: list[dict] = []
        doc = window.editor.document()
        doc.contentsChanged.connect(self._follow_undo)
        doc.undoCommandAdded.connect(self._drop_redone_away)
        self.warning_box: QMessageBox | None = None

    @property
    def od(self):
        """Return the open document."""
        return self.w.files.od

    # -- running --------------------------------------------------------------------------------------
    def stop(self) -> None:
        """Make every running check outdated: each stops at its next paragraph (on closing the window;
        verifying a 300-page document with the model would otherwise keep the closed app running).
        """
        self.latest = next(self.w.jobs)

    def start(self, full: bool = False) -> None:
        """Check a snapshot in the background (only changed paragraphs unless ``full``); stale results
        drop.
        """
        self.w.sync()
        job_id = next(self.w.jobs)
        self.latest = job_id
        if not self.od.document.text.strip():  # nothing to check (and no rules to load yet)
            self.od.findings = []
            self.refresh()
            self.w.findings_panel.summary.setText("尚无内容：输入或打开公文后自动核验")  # not "没有发现问题"
            self.shown = job_id
            self.findings_shown.emit(job_id)
            return
        self._started = time.perf_counter()
        self.first_findings_ms = 0.0
        if full:  # not while typing: an incremental check says nothing until it has findings
            self.w.statusBar().showMessage("正在核验……", 10000)
        self._job_text = self.w.editor.toPlainText()
        self._job_od = self.od
        job = self.od.check_job(full=full)
        worker = CheckWorker(job_id, job, is_stale=lambda: self.latest != job_id)
        worker.signals.partial.connect(self._partial)
        worker.signals.done.connect(self._done)
        worker.signals.failed.connect(lambda _j, msg: self.w.statusBar().showMessage(msg, 10000))
        self.w.check_pool.start(worker)

    def _partial(self, job_id: int, payload) -> None:
        """Show the quick rules' findings of a full check at once; the rest follow in ``_done``."""
        if (job_id != self.latest or self._job_od is not self.od
            or self.w.editor.toPlainText() != self._job_text):
            return
        job, run = payload
        self.od.accept(job, run)
        if job.quick:  # the typo fast path is on screen; the model's verdict follows in _done
            self.refresh()
            self.w.statusBar().showMessage("已显示快速检测结果，正在用本机模型核验错别字……", 10000)
            return
        self.first_findings_ms = (time.perf_counter() - self._started) * 1000
        self.refresh()
        self.w.statusBar().showMessage(f"已显示格式、标点等核验结果（{self.first_findings_ms:.0f} 毫秒），"
                                       "正在核验错别字等……", 10000)

    def _done(self, job_id: int, payload) -> None:
        if job_id != self.latest or self._job_od is not self.od:
            return  # stale: a newer check runs, or another document is open
        job, run = payload
        new_warnings = self.od.accept(job, run)
        if self.w.editor.toPlainText() != self._job_text:
            self.w.check_timer.start()  # typed while it ran: findings would point at old positions
            return
        self.last_check_ms = (time.perf_counter() - self._started) * 1000
        self.refresh()
        self.shown = job_id
        self.w.statusBar().showMessage(
            f"核验完成：{len(self.od.findings)} 处（{self.last_check_ms:.0f} 毫秒）", 4000)
        self.show_warnings(new_warnings)
        self.findings_shown.emit(job_id)

    def refresh(self) -> None:
        """Show the open document's findings (underlines, panel) and roles."""
        findings = self.od.findings
        self.w.editor.underline(findings)
        self.w.findings_panel.review_notes = self.review_notes()
        self.w.findings_panel.set_findings(findings)
        self.w.editor.set_roles([p.role.value for p in self.od.document.paragraphs])

    def review_notes(self) -> list:
        """Return the open file's reviewer comments with where their text is now (审核意见)."""
        from gov_docs.gui.panels import ReviewNote

        notes = []
        for c in self.od.review_comments:
            span = self.od.review_span(c) or (-1, 0, 0)
            notes.append(ReviewNote(c.author, c.date, c.text, c.anchor, *span))
        return notes

    def show_warnings(self, new: list[str] | None = None) -> None:
        """Tell the clerk once, in a non-blocking dialog, when a rule was switched off or fell back."""
        pending = list(new or []) + [w for w in self.w.checker.warnings if w not in (new or [])]
        pending = [w for w in pending if w not in self.shown_warnings]
        if not pending:
            return
        self.shown_warnings.update(pending)
        if self.warning_box is not None and not self.warning_box.isVisible():
            self.warning_box.deleteLater()  # read and closed: not kept as a hidden child of the window
        box = QMessageBox(QMessageBox.Icon.Warning, "核验提示", "\n".join(pending), parent=self.w)
        box.setModal(False)
        box.show()
        self.warning_box = box

    # -- fixes ----------------------------------------------------------------------------------------
    def _stale(self, findings) -> bool:
        self.w.sync()
        if all(self.od.is_current(f) for f in findings):
            return False
        self.start()
        self.w.error("文稿在核验后又有改动，已重新核验，请再试一次")
        return True

    def _apply(self, findings) -> list:
        """Apply fixes through the api and mirror them in the editor as one undo step.

        Text edits go into the editor; a format fix also places one step on the editor's undo stack
        (replacing a character by itself), so Ctrl+Z takes back a format fix like any other edit.
        """
        formats = any(f.format_edits for f in findings)
        before = self.od.format_state() if formats else None
        applied = self.od.fix(list(findings))
        if not applied:
            return []
        editor = self.w.editor
        doc = editor.document()
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        for e in sorted((e for f in applied for e in f.edits), key=lambda e: (e.paragraph, e.start),
                        reverse=True):
            cur = editor.span_cursor(e.paragraph, e.start, e.end)
            if cur is not None:
                cur.insertText(e.replacement)
        format_applied = any(f.format_edits for f in applied)
        if format_applied:
            block = doc.firstBlock()
            while block.isValid() and not block.text():
                block = block.next()
            if block.isValid():  # the undo step that stands for the format fix
                mark = QTextCursor(block)
                mark.movePosition(QTextCursor.MoveOperation.NextCharacter, QTextCursor.MoveMode.KeepAnchor)
                mark.insertText(mark.selectedText())
        cursor.endEditBlock()
        if format_applied and before is not None:
            self.format_undo.append({"step": doc.availableUndoSteps(), "before": before,
                                     "after": self.od.format_state(), "applied": True})
            self.w.files.dirty_extra = True
        editor.set_model(self.od.document)
        self.w.files.update_title()
        self.start()
        return applied

    def _follow_undo(self) -> None:
        """Undo/redo passed a format fix's step: take the fix back (or apply it again) in the document."""
        if not self.format_undo:
            return
        steps = self.w.editor.document().availableUndoSteps()
        changed = False
        for entry in reversed(self.format_undo):
            if entry["applied"] and steps < entry["step"]:
                self.od.restore_format_state(entry["before"])
                entry["applied"], changed = False, True
        for entry in self.format_undo:
            if not entry["applied"] and steps >= entry["step"]:
                self.od.restore_format_state(entry["after"])
                entry["applied"], changed = True, True
        if changed:
            self.w.editor.set_model(self.od.document)
            self.w.check_timer.start()

    def _drop_redone_away(self) -> None:
        """Forget undone format fixes once a new edit follows (they can no longer be redone)."""
        self.format_undo = [e for e in self.format_undo if e["applied"]]

    def apply_fix(self, finding) -> None:
        """Apply one finding's fix (text as one undo step; formatting to the document)."""
        if not (finding.edits or finding.format_edits) or not finding.auto_fixable:
            self.w.error("此问题需要人工判断，没有可自动应用的修改")
            return
        if self._stale([finding]):
            return
        if not self._apply([finding]):
            self.w.error("这处修改未能应用（与其他修改重叠或需要人工判断）")

    def fix_category(self, category: str) -> None:
        """Preview and apply all unambiguous fixes of one category (text edits: one undo step)."""
        from gov_docs.checks.findings import select_non_overlapping

        fixes = select_non_overlapping(
            [f for f in self.od.findings if f.category.value == category and f.auto_fixable])
        if not fixes:
            self.w.error("本类没有可自动修改的问题")
            return
        preview = "\n".join(f"{'全文' if f.paragraph < 0 else f'第{f.paragraph + 1}段'} “{f.matched[:20]}” → "
                            f"{f.shown_fix()}" for f in fixes[:20])
        if QMessageBox.question(self.w, "全部自动修改", f"将修改以下 {len(fixes)} 处：\n{preview}") \
                != QMessageBox.StandardButton.Yes:
            return
        if self._stale(fixes):
            return
        self._apply(fixes)

    def select_finding(self, finding) -> None:
        """Select the finding's text in the editor and scroll to it (手动修改)."""
        editor = self.w.editor
        if finding.paragraph < 0:
            return
        if finding.scope == "text" and finding.end > finding.start:
            cur = editor.span_cursor(finding.paragraph, finding.start, finding.end)
        else:
            block = editor.document().findBlockByNumber(finding.paragraph)
            cur = QTextCursor(block) if block.isValid() else None
            if cur is not None:
                cur.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        if cur is not None:
            editor.setTextCursor(cur)
            editor.centerCursor()
            editor.setFocus()

    def ignore_finding(self, finding) -> None:
        """Ignore this finding from now on; it disappears at once."""
        self.w.sync()
        try:
            self.od.ignore(finding)
        except OSError as exc:
            self.w.error(f"无法保存忽略记录：{exc}")
            return
        self.refresh()

    def allow_finding(self, finding) -> None:
        """Add the matched text to the allow-list (at least two characters); its findings disappear at
        once.
        """
        try:
            self.od.allow(finding.matched)
        except GovDocsError as exc:
            self.w.error(str(exc))
            return
        except OSError as exc:
            self.w.error(f"无法保存白名单：{exc}")
            return
        self.refresh()

    # -- reports --------------------------------------------------------------------------------------
    def export_report(self) -> None:
        """Write the document with each finding as a Word comment (a copy; the file itself is untouched)."""
        path, _ = QFileDialog.getSaveFileName(self.w, "导出核验报告", "核验报告.docx", "Word (*.docx)")
        if path:
            self.export_report_to(Path(path))

    def export_report_to(self, path: Path) -> None:
        """Write the annotated .docx to ``path``."""
        self.w.sync()
        try:
            n = self.od.annotate(path)
        except GovDocsError as exc:
            self.w.error(str(exc))
            return
        self.w.statusBar().showMessage(f"已导出 {path}（{n} 条批注）", 8000)

    def export_html(self) -> None:
        """Write an HTML report of the findings."""
        path, _ = QFileDialog.getSaveFileName(self.w, "导出核验报告", "核验报告.html", "HTML (*.html)")
        if path:
            self.export_html_to(Path(path))

    def export_html_to(self, path: Path) -> None:
        """Write the HTML report to ``path`` (the same findings as ``gov-docs check``)."""
        self.w.sync()
        try:
            self.od.export(path)
        except GovDocsError as exc:
            self.w.error(str(exc))
