"""The main window: the open document in an editor with roles, live checks, findings, drafting and library
panels, a find bar, autosave. It holds widgets and menus; the work is done by its controllers
(:mod:`gov_docs.gui.controllers`), which call :mod:`gov_docs.api` — the same calls as ``gov-docs``.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStatusBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gov_docs.document import Role
from gov_docs.gui.controllers import ChecksController, DraftingController, FilesController, LibraryController
from gov_docs.gui.editor import DocumentEditor
from gov_docs.gui.find_bar import FindBar
from gov_docs.gui.page_view import install_page_view
from gov_docs.gui.panels import DraftPanel, FindingsPanel, LibraryPanel

CHECK_DELAY_MS = 600
AUTOSAVE_MS = 60_000


class MainWindow(QMainWindow):
    """公文助手 main window."""

    def __init__(self, *, checker=None, backend_factory=None, library_index=None, comment_store=None,
                 ask_restore: bool = True, section_tokens: int = 0) -> None:
        super().__init__()
        self.resize(1320, 860)
        self.pool = QThreadPool.globalInstance()  # drafting, indexing, library queries
        # checks have threads of their own: a long draft or index build never delays the findings, and
        # when an earlier document's check sits in the model's one-time load (not interruptible), a newly
        # opened document's quick rules still get a thread at once
        self.check_pool = QThreadPool(self)
        self.check_pool.setMaxThreadCount(3)
        self.jobs = itertools.count(1)
        self._checker = checker
        self._backend_factory = backend_factory
        self._index = library_index
        self._store = comment_store
        self.section_tokens = section_tokens

        self.editor = DocumentEditor()
        self.find_bar = FindBar(self.editor)
        self.info_bar = QLabel("")
        self.info_bar.setWordWrap(True)
        self.info_bar.setStyleSheet("background:#fff7e0;border:1px solid #e0c070;padding:4px;")
        self.info_bar.hide()
        self.findings_panel = FindingsPanel()
        self.draft_panel = DraftPanel()
        self.library_panel = LibraryPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.findings_panel, "核验")
        self.tabs.addTab(self.draft_panel, "起草")
        self.tabs.addTab(self.library_panel, "文档库")
        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.info_bar)
        lay.addWidget(self.editor, 1)
        lay.addWidget(self.find_bar)
        self.editor_area = left
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setSizes([820, 500])
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self.setStatusBar(QStatusBar())
        self.char_count_label = QLabel("字数 0")
        self.statusBar().addPermanentWidget(self.char_count_label)

        self.files = FilesController(self)
        self.checks = ChecksController(self)
        self.drafting = DraftingController(self)
        self.library = LibraryController(self)
        self._build_menus()

        self.check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self.check_timer.timeout.connect(self.start_check)
        self.editor.textChanged.connect(self.check_timer.start)
        self.editor.textChanged.connect(self._update_char_count)
        self.editor.document().modificationChanged.connect(lambda _m: self.files.update_title())
        self.editor.refused.connect(lambda msg: self.statusBar().showMessage(msg, 6000))
        self.find_bar.message.connect(lambda msg: self.statusBar().showMessage(msg, 6000))
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
        self.tabs.currentChanged.connect(
            lambda i: self.tabs.widget(i) is lp and self.library.show_empty_state())
        lp.index_requested.connect(self.start_index)
        lp.search_requested.connect(self.search_library)
        lp.recommend_requested.connect(self.recommend)
        lp.open_requested.connect(lambda p: self.open_path(Path(p)))
        lp.comment_submitted.connect(self.store_comment)
        lp.routing_accepted.connect(self.library.record_routing)
        lp.btn_cancel.clicked.connect(self.cancel_index)
        self.files.set_document(self.files.od)
        install_page_view(self)  # 页面视图, 打印, 打印预览, 导出PDF
        if ask_restore:
            QTimer.singleShot(0, self.offer_recovery)

    # -- lazily created services ----------------------------------------------------------------
    @property
    def checker(self):
        """Return the Checker (rules loaded on first use)."""
        if self._checker is None:
            from gov_docs.checks import default_checker

            self._checker = default_checker()  # the same rules the api uses when none is given
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

    # -- the open document ----------------------------------------------------------------------------
    @property
    def od(self):
        """Return the open document (:class:`gov_docs.api.OpenDocument`)."""
        return self.files.od

    @property
    def path(self) -> Path | None:
        """Return the file the open document saves to (None: untitled)."""
        return self.files.od.path

    @property
    def findings(self) -> list:
        """Return the findings of the last check."""
        return self.files.od.findings

    @property
    def doc(self):
        """Return the open document's model."""
        return self.files.od.document

    def sync(self) -> bool:
        """Give the open document the editor's lines (paragraph ids re-derived); return True if anything
        changed.
        """
        od = self.files.od
        changed = od.set_paragraphs(self.editor.paragraph_items())
        if changed:
            self.editor.adopt_ids(od.document)
            self.editor.set_roles([p.role.value for p in od.document.paragraphs])
        return changed

    def current_document(self):
        """Return a snapshot of the open document as the editor shows it (roles detected, set roles kept)."""
        self.sync()
        return self.files.od.snapshot()

    def show_unshown(self, parts: list[str]) -> None:
        """Name, above the editor, what the file holds that is kept but not editable here."""
        if not parts:
            self.info_bar.hide()
            return
        self.info_bar.setText("本文档中的 " + "、".join(parts) + " 在此不能编辑，已原样保留，保存时不会改动；"
                              "表格、文本框中的文字以灰底显示，只读。要改动这些内容，请在 Word/WPS 中进行。")
        self.info_bar.show()

    def error(self, message: str) -> None:
        """Show a problem in a dialog (never a traceback)."""
        self.statusBar().showMessage(message.split("\n")[0], 10000)
        QMessageBox.warning(self, "公文助手", message)

    def _update_char_count(self) -> None:
        self.char_count_label.setText(f"字数 {self.editor.char_count()}")

    # -- menus --------------------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        if tip:
            act.setStatusTip(tip)
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
        self.files.refresh_recent()
        self._action(m, "打开…", self.open_dialog, QKeySequence.StandardKey.Open)
        self._action(m, "保存", self.save, QKeySequence.StandardKey.Save,
                     "把修改写回原文件（只改动修改过的段落）")
        save_as = self._action(m, "另存为…", self.save_as)
        # Qt binds no Save As key on Windows: Word's F12 and Ctrl+Shift+S everywhere
        keys = QKeySequence.keyBindings(QKeySequence.StandardKey.SaveAs)
        save_as.setShortcuts(keys + [k for k in (QKeySequence("Ctrl+Shift+S"), QKeySequence("F12"))
                                     if k not in keys])
        self._action(m, "以修订方式保存…", self.files.save_tracked, None,
                     "每处修改记为 Word 修订（自动修改附批注说明依据），审核人可在 Word/WPS 中逐条接受或拒绝")
        self.stop_tracking_action = self._action(m, "停止修订（之后按普通修改保存）",
                                                 self.files.stop_tracking, None,
                                                 "关闭修订模式：已记下的修订保留，之后的修改直接写入文件")
        self.stop_tracking_action.setEnabled(False)
        self._action(m, "按 GB/T 9704 重新排版…", self.files.typeset, None,
                     "另存一个按 GB/T 9704-2012 排版的新文件，先说明将改动什么")
        m.addSeparator()
        self._action(m, "导出核验报告（带批注的 .docx）…", self.export_report)
        self._action(m, "导出核验报告（HTML）…", self.export_html)
        m.addSeparator()
        self._action(m, "退出", self.close, QKeySequence.StandardKey.Quit)
        e = self.menuBar().addMenu("编辑")
        self._action(e, "撤销", self.editor.undo, QKeySequence.StandardKey.Undo)
        redo = self._action(e, "重做", self.editor.redo, QKeySequence.StandardKey.Redo)
        # Word/WPS redo with Ctrl+Y on every system (Qt's Linux/macOS redo is only Ctrl+Shift+Z)
        keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        redo.setShortcuts(keys + [k for k in [QKeySequence("Ctrl+Y")] if k not in keys])
        e.addSeparator()
        self._action(e, "查找…", self.find_bar.show_find, QKeySequence.StandardKey.Find)
        self._action(e, "替换…", self.find_bar.show_replace, "Ctrl+H")
        self._action(e, "查找下一处", self.find_bar.find_next, QKeySequence.StandardKey.FindNext)
        self._action(e, "设置段落角色…", self.set_role, "Ctrl+R")
        v = self.menuBar().addMenu("视图")
        self.view_menu = v
        self._action(v, "放大", lambda: self.editor.zoomIn(1), QKeySequence.StandardKey.ZoomIn)
        self._action(v, "缩小", lambda: self.editor.zoomOut(1), QKeySequence.StandardKey.ZoomOut)
        t = self.menuBar().addMenu("工具")
        self.tools_menu = t
        check_now = self._action(t, "立即核验", lambda: self.start_check(full=True), "F5")
        check_now.setShortcuts([QKeySequence("F5"), QKeySequence("F7")])  # F7: Word/WPS 的“拼写和语法检查”
        self._action(t, "设置…", self.open_settings, QKeySequence.StandardKey.Preferences)
        self._action(t, "规则管理…", self.open_rules)

    # -- files (FilesController) -------------------------------------------------------------------------
    def new_document(self) -> bool:
        """Start an empty document (asks about unsaved edits first)."""
        return self.files.new_document()

    def new_from_template(self, doc_type: str) -> bool:
        """Start a document with the frame of a document type."""
        return self.files.new_from_template(doc_type)

    def open_dialog(self) -> None:
        """Ask for a file and open it."""
        self.files.open_dialog()

    def open_path(self, path: Path) -> bool:
        """Open a .docx or .txt (asks about unsaved edits first)."""
        return self.files.open_path(Path(path))

    def save(self) -> bool:
        """Save back into the open file (or ask where)."""
        return self.files.save()

    def save_as(self) -> bool:
        """Ask for a path and save."""
        return self.files.save_as()

    def save_to(self, path: Path) -> bool:
        """Save to ``path``; a failure says why and keeps the edits."""
        return self.files.save_to(Path(path))

    def remember(self, path: Path) -> None:
        """Put ``path`` first in the recent files."""
        self.files.remember(path)

    def autosave(self) -> None:
        """Copy unsaved edits to the recovery folder (never over the user's file)."""
        self.files.autosave()

    def recovery_file(self) -> Path:
        """Return this window's recovery copy."""
        return self.files.recovery_file()

    def offer_recovery(self) -> bool:
        """Offer to restore a copy left by a crash, into an untitled document."""
        return self.files.offer_recovery()

    def closeEvent(self, event) -> None:  # noqa: N802, D102 - Qt override
        if not self.files.maybe_save():
            event.ignore()
            return
        rules_dialog = getattr(self, "rules_dialog", None)
        if rules_dialog is not None and rules_dialog.isVisible() and not rules_dialog.confirm_discard():
            event.ignore()  # unsaved rule edits: the administrator chose 取消
            return
        if self.drafting.worker is not None:
            self.drafting.worker.cancel.set()
        if self.library.index_worker is not None:
            self.library.index_worker.cancel.set()
        self.autosave_timer.stop()
        self.check_timer.stop()
        self.checks.stop()
        self.pool.waitForDone(5000)
        self.check_pool.waitForDone(5000)
        self.files.drop_recovery()
        super().closeEvent(event)

    # -- checks (ChecksController) ------------------------------------------------------------------------
    @property
    def latest_check(self) -> int:
        """Return the id of the newest check job."""
        return self.checks.latest

    @property
    def last_check_ms(self) -> float:
        """Return how long the last check took, in milliseconds."""
        return self.checks.last_check_ms

    @property
    def checker_warning_box(self):
        """Return the last non-blocking warning dialog (rules switched off), or None."""
        return self.checks.warning_box

    def start_check(self, full: bool = False) -> None:
        """Check a snapshot in the background (only changed paragraphs unless ``full``)."""
        self.checks.start(full=full)

    def _show_checker_warnings(self) -> None:
        self.checks.show_warnings()

    def apply_fix(self, finding) -> None:
        """Apply one finding's fix."""
        self.checks.apply_fix(finding)

    def fix_category(self, category: str) -> None:
        """Preview and apply all unambiguous fixes of one category."""
        self.checks.fix_category(category)

    def select_finding(self, finding) -> None:
        """Select and show the finding's text."""
        self.checks.select_finding(finding)

    def ignore_finding(self, finding) -> None:
        """Ignore this finding from now on (at once)."""
        self.checks.ignore_finding(finding)

    def allow_finding(self, finding) -> None:
        """Add the matched text to the allow-list (at once)."""
        self.checks.allow_finding(finding)

    def export_report(self) -> None:
        """Ask where, then write the annotated .docx."""
        self.checks.export_report()

    def export_report_to(self, path: Path) -> None:
        """Write the document with each finding as a Word comment."""
        self.checks.export_report_to(Path(path))

    def export_html(self) -> None:
        """Ask where, then write the HTML report."""
        self.checks.export_html()

    def export_html_to(self, path: Path) -> None:
        """Write the HTML report."""
        self.checks.export_html_to(Path(path))

    # -- roles, rules, settings -------------------------------------------------------------------------
    def set_role(self) -> None:
        """Set the role of the paragraph under the cursor (it stays with the paragraph); opens on its role."""
        self.sync()
        n = self.editor.textCursor().blockNumber()
        paras = self.od.document.paragraphs
        if not 0 <= n < len(paras):
            self.error("请先把光标放在要设置角色的段落中")
            return
        names = [r.value for r in Role if r is not Role.BLANK]
        current = paras[n].role.value
        name, ok = QInputDialog.getItem(self, "设置段落角色", f"第{n + 1}段的角色：", names,
                                        names.index(current) if current in names else 0, False)
        if ok:
            self.od.set_role(n, Role.parse(name))
            self.editor.set_model(self.od.document)
            self.editor.set_roles([p.role.value for p in self.od.document.paragraphs])
            self.start_check()

    def open_settings(self) -> None:
        """Edit the settings; rules and the allow-list reload afterwards."""
        from gov_docs.gui.settings_dialog import SettingsDialog

        if SettingsDialog(self).exec():
            self.reload_rules()

    def open_rules(self) -> None:
        """Open the rule administration dialog (read-only until the administrator's password is given)."""
        from gov_docs import paths
        from gov_docs.gui.rules_dialog import RuleEditorDialog

        old = getattr(self, "rules_dialog", None)
        if old is not None and old.isVisible():  # one rules window, as Word has one Options window
            old.raise_()
            old.activateWindow()
            return
        if old is not None:
            old.deleteLater()  # closed: a new one reads the rules afresh (and is read-only again)
        dialog = RuleEditorDialog(paths.rules_dir(), self)
        dialog.rules_changed.connect(self.reload_rules)
        dialog.show()
        self.rules_dialog = dialog

    def reload_rules(self) -> None:
        """Reload the rules (after an admin edit) and re-check."""
        from gov_docs.checks import Checker

        self._checker = Checker()
        self.od.checker = self._checker
        self.start_check(full=True)

    # -- drafting (DraftingController) ---------------------------------------------------------------------
    @property
    def draft_worker(self):
        """Return the running draft worker, or None."""
        return self.drafting.worker

    def start_draft(self, request) -> None:
        """Draft in the background; the result opens as a new untitled document."""
        self.drafting.start(request)

    def stop_draft(self) -> None:
        """Stop drafting; what was written so far is kept."""
        self.drafting.stop()

    def start_edit(self, action: str) -> None:
        """Propose a rewrite of the selected text."""
        self.drafting.start_edit(action)

    # -- library (LibraryController) ----------------------------------------------------------------------
    @property
    def index_worker(self):
        """Return the running index worker, or None."""
        return self.library.index_worker

    @property
    def index_report_box(self):
        """Return the last indexing report dialog, or None."""
        return self.library.report_box

    def start_index(self, folder: str) -> None:
        """Index a folder in the background."""
        self.library.start_index(folder)

    def cancel_index(self) -> None:
        """Stop indexing."""
        self.library.cancel_index()

    def search_library(self, query: str, doc_type: str, year: str) -> None:
        """Search or answer a question."""
        self.library.search(query, doc_type, year)

    def recommend(self) -> None:
        """Recommend for the current text."""
        self.library.recommend()

    def store_comment(self, text: str) -> None:
        """Record a review comment."""
        self.library.store_comment(text)
