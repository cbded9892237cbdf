"""The main window: editor with roles, live checks, findings, drafting and library panels, autosave."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStatusBar,
    QTabWidget,
)

from gov_docs.document import Role
from gov_docs.errors import GovDocsError
from gov_docs.gui.editor import DocumentEditor
from gov_docs.gui.panels import DraftPanel, FindingsPanel, LibraryPanel
from gov_docs.gui.workers import CheckWorker, FuncWorker

CHECK_DELAY_MS = 600
AUTOSAVE_MS = 60_000


class MainWindow(QMainWindow):
    """公文助手 main window."""

    def __init__(self, *, checker=None, backend_factory=None, library_index=None, comment_store=None,
                 ask_restore: bool = True, section_tokens: int = 200) -> None:
        super().__init__()
        self.setWindowTitle("公文助手 — 未命名")
        self.resize(1320, 860)
        self.pool = QThreadPool.globalInstance()
        self.jobs = itertools.count(1)
        self.latest_check = 0
        self.path: Path | None = None
        self.doc = None
        self.findings: list = []
        self.locked_roles: dict[int, Role] = {}
        self._checker = checker
        self._backend_factory = backend_factory
        self._index = library_index
        self._store = comment_store
        self.draft_worker: FuncWorker | None = None
        self.section_tokens = section_tokens
        self.last_check_ms = 0.0
        self._check_started = 0.0

        self.editor = DocumentEditor()
        self.findings_panel = FindingsPanel()
        self.draft_panel = DraftPanel()
        self.library_panel = LibraryPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.findings_panel, "核验")
        self.tabs.addTab(self.draft_panel, "起草")
        self.tabs.addTab(self.library_panel, "文档库")
        splitter = QSplitter()
        splitter.addWidget(self.editor)
        splitter.addWidget(self.tabs)
        splitter.setSizes([820, 500])
        self.setCentralWidget(splitter)
        self.setStatusBar(QStatusBar())
        self._build_menus()

        self.check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self.check_timer.timeout.connect(self.start_check)
        self.editor.textChanged.connect(self.check_timer.start)
        self.autosave_timer = QTimer(self, interval=AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start()

        fp = self.findings_panel
        fp.fix_requested.connect(self.apply_fix)
        fp.select_requested.connect(self.select_finding)
        fp.ignore_requested.connect(self.ignore_finding)
        fp.allow_requested.connect(self.allow_finding)
        fp.recheck_requested.connect(lambda f: self.start_check(full=True))
        fp.fix_category_requested.connect(self.fix_category)
        self.draft_panel.draft_requested.connect(self.start_draft)
        self.draft_panel.stop_requested.connect(self.stop_draft)
        self.draft_panel.edit_requested.connect(self.start_edit)
        lp = self.library_panel
        lp.index_requested.connect(self.start_index)
        lp.search_requested.connect(self.search_library)
        lp.recommend_requested.connect(self.recommend)
        lp.open_requested.connect(lambda p: self.open_path(Path(p)))
        lp.comment_submitted.connect(self.store_comment)
        lp.btn_cancel.clicked.connect(self.cancel_index)
        if ask_restore:
            QTimer.singleShot(0, self.offer_recovery)

    # -- lazily created services ----------------------------------------------------------------
    @property
    def checker(self):
        """Return the Checker (rules loaded on first use)."""
        if self._checker is None:
            from gov_docs.checks import Checker

            self._checker = Checker()
        return self._checker

    @property
    def index(self):
        """Return the library index."""
        if self._index is None:
            from gov_docs.library.index import LibraryIndex

            self._index = LibraryIndex()
        return self._index

    @property
    def store(self):
        """Return the review-comment store."""
        if self._store is None:
            from gov_docs.library.comments import CommentStore

            self._store = CommentStore()
        return self._store

    def backend(self):
        """Return the LLM backend from the settings (or the injected factory)."""
        if self._backend_factory is not None:
            return self._backend_factory()
        from gov_docs.llm.backends import backend_from_settings

        return backend_from_settings(**self.draft_panel.backend_override())

    # -- menus --------------------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        act = QAction(text, self)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        menu.addAction(act)
        return act

    def _build_menus(self) -> None:
        m = self.menuBar().addMenu("文件")
        self._action(m, "新建", self.new_document, QKeySequence.StandardKey.New)
        tpl_menu = m.addMenu("按文种新建")
        from gov_docs.document.doctypes import DOC_TYPES

        for doc_type in DOC_TYPES:
            self._action(tpl_menu, doc_type, lambda _=False, t=doc_type: self.new_from_template(t))
        self.recent_menu = m.addMenu("最近文件")
        self._refresh_recent()
        self._action(m, "打开…", self.open_dialog, QKeySequence.StandardKey.Open)
        self._action(m, "保存", self.save, QKeySequence.StandardKey.Save)
        self._action(m, "另存为…", self.save_as, QKeySequence.StandardKey.SaveAs)
        self._action(m, "导出核验报告（带批注的 .docx）…", self.export_report)
        self._action(m, "导出核验报告（HTML）…", self.export_html)
        m.addSeparator()
        self._action(m, "退出", self.close, QKeySequence.StandardKey.Quit)
        e = self.menuBar().addMenu("编辑")
        self._action(e, "撤销", self.editor.undo, QKeySequence.StandardKey.Undo)
        self._action(e, "重做", self.editor.redo, QKeySequence.StandardKey.Redo)
        self._action(e, "查找替换…", self.find_replace, QKeySequence.StandardKey.Replace)
        self._action(e, "设置段落角色…", self.set_role, "Ctrl+R")
        v = self.menuBar().addMenu("视图")
        self._action(v, "放大", lambda: self.editor.zoomIn(1), QKeySequence.StandardKey.ZoomIn)
        self._action(v, "缩小", lambda: self.editor.zoomOut(1), QKeySequence.StandardKey.ZoomOut)
        t = self.menuBar().addMenu("工具")
        self._action(t, "立即核验", lambda: self.start_check(full=True), "F5")
        self._action(t, "设置…", self.open_settings, QKeySequence.StandardKey.Preferences)
        self._action(t, "规则管理…", self.open_rules)

    # -- documents ----------------------------------------------------------------------------------
    def error(self, message: str) -> None:
        """Show a problem in a dialog (never a traceback)."""
        self.statusBar().showMessage(message, 10000)
        QMessageBox.warning(self, "公文助手", message)

    def new_document(self) -> None:
        """Start an empty document."""
        self.path = None
        self.locked_roles = {}
        self.editor.setPlainText("")
        self.setWindowTitle("公文助手 — 未命名")

    def new_from_template(self, doc_type: str) -> None:
        """Start a document with the frame of a document type (title, 主送, opening, sections, closing, 署名, 日期)."""
        from gov_docs.llm.drafting import templates, today_cn

        tpl = templates()[doc_type]
        lines = [f"××××关于××××的{doc_type}"]
        if tpl.get("addressee", {}).get("required"):
            lines.append((tpl["addressee"].get("hint") or "××××") + "：")
        lines.append("（缘由）" + tpl.get("opening", ""))
        for i, section in enumerate(tpl.get("sections", [])):
            if tpl.get("numbered", True):
                lines.append(f"{'一二三四五六七八九十'[i]}、{section}")
            lines.append(f"（{section}的内容）")
        if tpl.get("closing"):
            lines.append(tpl["closing"])
        lines += ["××××", today_cn()]
        self.path = None
        self.locked_roles = {}
        self.doc = None
        self.editor.setPlainText("\n".join(lines))
        self.setWindowTitle(f"公文助手 — 新{doc_type}")

    def remember(self, path: Path) -> None:
        """Put ``path`` first in the recent files (settings) and refresh the menu."""
        from gov_docs import config

        try:
            settings = config.load()
            recent = [str(path)] + [p for p in settings["ui"].get("recent_files", []) if p != str(path)]
            settings["ui"]["recent_files"] = recent[:10]
            config.save(settings)
        except (GovDocsError, OSError):
            return
        self._refresh_recent()

    def _refresh_recent(self) -> None:
        from gov_docs import config

        self.recent_menu.clear()
        try:
            recent = config.load()["ui"].get("recent_files", [])
        except GovDocsError:
            recent = []
        for p in recent:
            self._action(self.recent_menu, p, lambda _=False, path=p: self.open_path(Path(path)))
        self.recent_menu.setEnabled(bool(recent))

    def open_settings(self) -> None:
        """Edit the settings; rules and the allow-list reload afterwards."""
        from gov_docs.gui.settings_dialog import SettingsDialog

        if SettingsDialog(self).exec():
            self.reload_rules()

    def open_dialog(self) -> None:
        """Ask for a file and open it."""
        path, _ = QFileDialog.getOpenFileName(self, "打开公文", "", "公文 (*.docx *.txt);;所有文件 (*)")
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path) -> bool:
        """Open a .docx or .txt; a bad file gives a dialog naming it."""
        from gov_docs.document import read_document

        try:
            doc = read_document(path)
        except GovDocsError as exc:
            self.error(str(exc))
            return False
        self.path = path
        self.locked_roles = {i: p.role for i, p in enumerate(doc.paragraphs) if p.role_locked}
        self.editor.setPlainText("\n".join(p.text for p in doc.paragraphs))
        self.setWindowTitle(f"公文助手 — {path.name}")
        self.doc = None
        self.start_check(full=True)
        self.remember(path)
        return True

    def current_document(self):
        """Return the editor text as a document (roles detected, user-set roles kept)."""
        from gov_docs.document import document_from_text

        doc = document_from_text(self.editor.toPlainText())
        for i, role in self.locked_roles.items():
            if i < len(doc.paragraphs):
                doc.paragraphs[i].role, doc.paragraphs[i].role_locked = role, True
        return doc

    def save(self) -> bool:
        """Save to the current path (or ask)."""
        if self.path is None:
            return self.save_as()
        return self.save_to(self.path)

    def save_as(self) -> bool:
        """Ask for a path and save."""
        path, _ = QFileDialog.getSaveFileName(self, "保存", "公文.docx", "GB/T 9704 公文 (*.docx);;纯文本 (*.txt)")
        return bool(path) and self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        """Save atomically: .docx typeset per GB/T 9704, or .txt."""
        from gov_docs.document import write_docx
        from gov_docs.fileio import atomic_write_bytes

        try:
            if path.suffix.lower() == ".docx":
                write_docx(self.current_document(), path)
            else:
                atomic_write_bytes(path, (self.editor.toPlainText() + "\n").encode("utf-8"))
        except (GovDocsError, OSError) as exc:
            self.error(f"无法保存 {path}：{exc}")
            return False
        self.path = path
        self.setWindowTitle(f"公文助手 — {path.name}")
        self.statusBar().showMessage(f"已保存 {path}", 5000)
        self.remember(path)
        self.recovery_file().unlink(missing_ok=True)
        return True

    # -- autosave and recovery --------------------------------------------------------------------
    def recovery_file(self) -> Path:
        """Return the autosave file for the current document."""
        from gov_docs import paths

        folder = paths.user_data_dir() / "recovery"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{self.path.stem if self.path else '未命名'}.autosave.txt"

    def autosave(self) -> None:
        """Write the text to the recovery folder (atomically) if it is not empty."""
        from gov_docs.fileio import atomic_write_bytes

        text = self.editor.toPlainText()
        if text.strip():
            atomic_write_bytes(self.recovery_file(), text.encode("utf-8"))

    def offer_recovery(self) -> None:
        """Offer to restore autosaved text left by a crash."""
        from gov_docs import paths

        files = sorted((paths.user_data_dir() / "recovery").glob("*.autosave.txt"))
        if not files:
            return
        answer = QMessageBox.question(self, "恢复文稿", f"发现上次未保存的文稿 {files[-1].name}，是否恢复？")
        if answer == QMessageBox.StandardButton.Yes:
            self.editor.setPlainText(files[-1].read_text(encoding="utf-8"))

    def closeEvent(self, event) -> None:  # noqa: N802, D102 - Qt override
        self.autosave()
        if self.draft_worker is not None:
            self.draft_worker.cancel.set()
        self.pool.waitForDone(5000)
        super().closeEvent(event)

    # -- live checks --------------------------------------------------------------------------------
    def start_check(self, full: bool = False) -> None:
        """Check a snapshot of the text in the background (only edited paragraphs unless ``full``);
        older results are dropped when they arrive.
        """
        job = next(self.jobs)
        self.latest_check = job
        self._check_started = time.perf_counter()
        previous = ([p.text for p in self.doc.paragraphs], list(self.findings)) if self.doc is not None and not full else None
        worker = CheckWorker(job, self.editor.toPlainText(), self.checker, dict(self.locked_roles), previous)
        worker.signals.done.connect(self._check_done)
        worker.signals.failed.connect(lambda j, msg: self.statusBar().showMessage(msg, 10000))
        self.pool.start(worker)

    def _check_done(self, job: int, result) -> None:
        if job != self.latest_check:
            return  # stale: the text changed since
        doc, findings = result
        self.last_check_ms = (time.perf_counter() - self._check_started) * 1000
        self.doc, self.findings = doc, findings
        self.editor.set_roles([p.role.value for p in doc.paragraphs] if doc else [])
        self.editor.underline(findings)
        self.findings_panel.set_findings(findings)
        self.statusBar().showMessage(f"核验完成：{len(findings)} 处（{self.last_check_ms:.0f} 毫秒）", 4000)
        self._show_checker_warnings()

    def _show_checker_warnings(self) -> None:
        """Tell the clerk once, in a non-blocking dialog, when a rule was switched off or fell back."""
        from PySide6.QtWidgets import QMessageBox

        shown = getattr(self, "_shown_warnings", None)
        if shown is None:
            shown = self._shown_warnings = set()
        new = [w for w in getattr(self.checker, "warnings", []) if w not in shown]
        if not new:
            return
        shown.update(new)
        box = QMessageBox(QMessageBox.Icon.Warning, "核验提示", "\n".join(new), parent=self)
        box.setModal(False)
        box.show()
        self.checker_warning_box = box

    def apply_fix(self, finding) -> None:
        """Apply one finding's text edits as a single undo step."""
        if not finding.edits:
            self.error("此问题需要人工判断，没有可自动应用的修改")
            return
        self._apply_edits([finding])

    def fix_category(self, category: str) -> None:
        """Preview and apply all unambiguous fixes of one category (one undo step)."""
        from gov_docs.checks.findings import select_non_overlapping

        fixes = select_non_overlapping([f for f in self.findings if f.category.value == category and f.auto_fixable and f.edits])
        if not fixes:
            self.error("本类没有可自动修改的问题")
            return
        preview = "\n".join(f"第{f.paragraph + 1}段 “{f.matched}” → “{f.suggestions[0] if f.suggestions else ''}”" for f in fixes[:20])
        if QMessageBox.question(self, "全部自动修改", f"将修改以下 {len(fixes)} 处：\n{preview}") != QMessageBox.StandardButton.Yes:
            return
        self._apply_edits(fixes)

    def _apply_edits(self, findings) -> None:
        """Apply the text edits of non-overlapping findings, last first, as one undo step; re-check."""
        cursor = QTextCursor(self.editor.document())
        cursor.beginEditBlock()
        for e in sorted((e for f in findings for e in f.edits), key=lambda e: (e.paragraph, e.start), reverse=True):
            cur = self.editor.span_cursor(e.paragraph, e.start, e.end)
            if cur is not None:
                cur.insertText(e.replacement)
        cursor.endEditBlock()
        self.start_check()

    def select_finding(self, finding) -> None:
        """Select the finding's text in the editor (手动修改)."""
        cur = self.editor.span_cursor(max(0, finding.paragraph), finding.start, finding.end)
        if cur is not None:
            self.editor.setTextCursor(cur)
            self.editor.setFocus()

    def ignore_finding(self, finding) -> None:
        """Ignore this finding from now on."""
        if self.doc is not None:
            self.checker.allow_list.ignore(finding, self.doc)
        self.start_check()

    def allow_finding(self, finding) -> None:
        """Add the matched text to the allow-list."""
        self.checker.allow_list.add_term(finding.matched)
        self.start_check()

    # -- roles, find/replace, rules -----------------------------------------------------------------
    def set_role(self) -> None:
        """Set the role of the paragraph under the cursor (kept over role detection)."""
        n = self.editor.textCursor().blockNumber()
        names = [r.value for r in Role if r is not Role.BLANK]
        name, ok = QInputDialog.getItem(self, "设置段落角色", f"第{n + 1}段的角色：", names, 0, False)
        if ok:
            self.locked_roles[n] = Role.parse(name)
            self.start_check()

    def find_replace(self) -> None:
        """Replace all occurrences of a text (one undo step)."""
        old, ok = QInputDialog.getText(self, "查找替换", "查找：")
        if not ok or not old:
            return
        new, ok = QInputDialog.getText(self, "查找替换", f"将“{old}”替换为：")
        if not ok:
            return
        doc = self.editor.document()
        cursor = QTextCursor(doc)
        cursor.beginEditBlock()
        count = 0
        found = doc.find(old, 0)
        while not found.isNull():
            found.insertText(new)
            count += 1
            found = doc.find(old, found.position())
        cursor.endEditBlock()
        self.statusBar().showMessage(f"已替换 {count} 处", 5000)

    def open_rules(self) -> None:
        """Open the rule administration dialog (read-only until the administrator's password is given)."""
        from gov_docs import paths
        from gov_docs.gui.rules_dialog import RuleEditorDialog

        dialog = RuleEditorDialog(paths.rules_dir(), self)
        dialog.rules_changed.connect(self.reload_rules)
        dialog.show()
        self.rules_dialog = dialog

    def reload_rules(self) -> None:
        """Reload the rules (after an admin edit) and re-check."""
        from gov_docs.checks import Checker

        self._checker = Checker()
        self.start_check(full=True)

    # -- export -------------------------------------------------------------------------------------
    def export_report(self) -> None:
        """Write the document as .docx with each finding as a Word comment."""
        path, _ = QFileDialog.getSaveFileName(self, "导出核验报告", "核验报告.docx", "Word (*.docx)")
        if path:
            self.export_report_to(Path(path))

    def export_report_to(self, path: Path) -> None:
        """Write the annotated .docx to ``path``."""
        from gov_docs.checks.docx_edit import annotate, save_docx
        from gov_docs.document.docx_writer import build_docx

        doc = self.current_document()
        d = build_docx(doc)
        annotate(d, self.checker.check(doc))
        save_docx(d, path)

    def export_html(self) -> None:
        """Write an HTML report of the findings."""
        path, _ = QFileDialog.getSaveFileName(self, "导出核验报告", "核验报告.html", "HTML (*.html)")
        if path:
            self.export_html_to(Path(path))

    def export_html_to(self, path: Path) -> None:
        """Write the HTML report to ``path``."""
        import html

        from gov_docs.fileio import atomic_write_bytes

        doc = self.current_document()
        rows = "".join(
            f"<tr><td>{'全文' if f.paragraph < 0 else f.paragraph + 1}</td><td>{f.level.label}</td><td>{f.category.label}</td>"
            f"<td>{html.escape(f.matched)}</td><td>{html.escape(f.message)}</td><td>{html.escape(f.basis)}</td></tr>"
            for f in self.checker.check(doc))
        page = (f"<!doctype html><meta charset='utf-8'><title>核验报告</title><h1>{html.escape(doc.title or '核验报告')}</h1>"
                "<table border=1 cellpadding=4><tr><th>段</th><th>级别</th><th>类别</th><th>原文</th><th>说明</th><th>依据</th></tr>"
                f"{rows}</table>")
        atomic_write_bytes(path, page.encode("utf-8"))

    # -- drafting -----------------------------------------------------------------------------------
    def start_draft(self, request) -> None:
        """Draft in the background; stream into the panel; put the result in the editor."""
        from gov_docs.llm.drafting import Drafter

        try:
            backend = self.backend()
        except GovDocsError as exc:
            self.error(str(exc))
            return
        retriever = None
        try:
            if self.index.exists():
                from gov_docs.library.retriever import LibraryRetriever

                retriever = LibraryRetriever(self.index)
        except GovDocsError:
            retriever = None
        drafter = Drafter(backend, retriever=retriever, checker=self.checker, section_tokens=self.section_tokens)
        job = next(self.jobs)
        worker = FuncWorker(job, lambda cancel, tok, _prog: drafter.draft(request, on_token=tok, cancel=cancel))
        worker.signals.token.connect(lambda _j, _s, piece: self.draft_panel.output.insertPlainText(piece))
        worker.signals.done.connect(self._draft_done)
        worker.signals.failed.connect(lambda _j, msg: (self.draft_panel.set_busy(False), self.error(msg)))
        self.draft_worker = worker
        self.draft_panel.set_busy(True)
        self.pool.start(worker)

    def stop_draft(self) -> None:
        """Stop drafting; what was written so far is kept."""
        if self.draft_worker is not None:
            self.draft_worker.cancel.set()

    def _draft_done(self, _job: int, result) -> None:
        self.draft_panel.set_busy(False)
        self.draft_worker = None
        doc = result.document
        self.locked_roles = {i: p.role for i, p in enumerate(doc.paragraphs)}
        self.editor.setPlainText("\n".join(p.text for p in doc.paragraphs))
        self.doc = None
        self.start_check(full=True)  # roles and findings of the new text right away, not after the typing pause
        used = "；".join(f"《{s.title}》" for s in result.sources)
        self.draft_panel.sources.setText(("参考的相关文件：" + used) if used else "未引用文档库文件")
        state = "（已停止）" if result.cancelled else ""
        self.statusBar().showMessage(f"起草完成{state}：{result.stats.tokens} 个词元，{result.stats.tokens_per_s:.1f} 词元/秒", 8000)

    def start_edit(self, action: str) -> None:
        """Propose a rewrite of the selected text; the clerk accepts or rejects it."""
        cursor = self.editor.textCursor()
        text = cursor.selectedText().replace("\u2029", "\n")
        if not text.strip():
            self.error("请先在编辑器中选中要处理的文字")
            return
        from gov_docs.llm.editing import ACTIONS, propose

        try:
            backend = self.backend()
        except GovDocsError as exc:
            self.error(str(exc))
            return
        job = next(self.jobs)
        worker = FuncWorker(job, lambda cancel, _tok, _prog: propose(backend, action, text, cancel=cancel))
        worker.signals.done.connect(lambda _j, proposal: self._edit_done(cursor, proposal, ACTIONS[action][0]))
        worker.signals.failed.connect(lambda _j, msg: self.error(msg))
        self.pool.start(worker)

    def _edit_done(self, cursor, proposal, label: str) -> None:
        answer = QMessageBox.question(self, f"{label}建议", f"原文：{proposal.original}\n\n建议：{proposal.text}\n\n采纳建议？")
        if answer == QMessageBox.StandardButton.Yes:
            cursor.insertText(proposal.text)

    # -- library ------------------------------------------------------------------------------------
    def start_index(self, folder: str) -> None:
        """Index a folder in the background with a progress bar."""
        job = next(self.jobs)
        panel = self.library_panel
        worker = FuncWorker(job, lambda cancel, _tok, prog: self.index.build([folder], cancel=cancel,
                                                                             progress=lambda d, t, _p: prog(d, t)))
        worker.signals.progress.connect(lambda _j, d, t: (panel.progress.setRange(0, t), panel.progress.setValue(d)))
        worker.signals.done.connect(lambda _j, r: (panel.progress.hide(), self._index_done(r)))
        worker.signals.failed.connect(lambda _j, msg: (panel.progress.hide(), self.error(msg)))
        panel.progress.show()
        panel.btn_cancel.setEnabled(True)
        worker.signals.done.connect(lambda *_: panel.btn_cancel.setEnabled(False))
        self.index_worker = worker
        self.pool.start(worker)

    def _index_done(self, report) -> None:
        """Report a finished build; skipped files and unusable catalogs in a non-blocking dialog."""
        from PySide6.QtWidgets import QMessageBox

        if report.cancelled:
            self.statusBar().showMessage("已取消索引，原索引保持不变", 8000)
            return
        self.statusBar().showMessage(f"索引完成：{report.added} 篇，失败 {len(report.failed)} 篇", 8000)
        lines = [f"跳过 {Path(p).name}：{why}" for p, why in report.failed]
        lines += [f"目录文件 {p}：{why}（该文件夹的标题取自正文）" for p, why in report.warnings]
        if not lines:
            return
        more = f"\n……另有 {len(lines) - 20} 条" if len(lines) > 20 else ""
        box = QMessageBox(QMessageBox.Icon.Warning, "索引提示", "\n".join(lines[:20]) + more, parent=self)
        box.setModal(False)
        box.show()
        self.index_report_box = box

    def cancel_index(self) -> None:
        """Stop indexing; the previous index stays as it was."""
        if getattr(self, "index_worker", None) is not None:
            self.index_worker.cancel.set()

    def search_library(self, query: str, doc_type: str, year: str) -> None:
        """Search (or answer a question) and list the hits."""
        from gov_docs.library.recommend import ask, parse_question

        try:
            topic, date_from, _to, qyear = parse_question(query)
            if date_from or qyear or topic != query.strip():
                _parsed, hits = ask(self.index, query)
            else:
                hits = self.index.search(query, doc_type=doc_type or None, year=int(year) if year.isdigit() else None)
        except GovDocsError as exc:
            self.error(str(exc))
            return
        self.library_panel.show_hits(hits)

    def recommend(self) -> None:
        """Show related documents, past comments, routing and archiving for the current text."""
        from gov_docs.handling.archiving import suggest_archiving
        from gov_docs.handling.routing import suggest_routing
        from gov_docs.library.recommend import recommend

        doc = self.current_document()
        if not doc.text.strip():
            self.error("编辑器中没有文稿")
            return
        try:
            recs = recommend(self.index, doc) if self.index.exists() else []
            comments = self.store.suggest(self.index, doc) if self.index.exists() else []
            route = suggest_routing(doc)
            arch = suggest_archiving(doc)
        except GovDocsError as exc:
            self.error(str(exc))
            return
        self.library_panel.show_recommendations(recs, comments)
        self.library_panel.handling.setText(
            f"拟办：主办 {route.lead or '（无）'}；协办 {'、'.join(route.participants) or '（无）'}\n"
            f"归档：{arch.category} / {arch.subject} / {arch.retention}（{arch.reason}）")

    def store_comment(self, text: str) -> None:
        """Store a reviewer's comment on the current file."""
        doc = self.current_document()
        key = str(self.path.resolve()) if self.path else f"未命名:{doc.title}"
        try:
            self.store.add(key, text, doc_title=doc.title, content=doc.text)
        except GovDocsError as exc:
            self.error(str(exc))
            return
        self.library_panel.comment.clear()
        self.statusBar().showMessage("已记录审核意见", 5000)
