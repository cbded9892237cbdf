"""File handling for the main window: new, open, save (back into the original file), save as, 重新排版,
recent files, the modified marker, Save/Discard/Cancel before anything replaces unsaved edits, autosave
into the recovery folder (never over the user's file) and recovery into an untitled document.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from gov_docs import api
from gov_docs.document import converts_through_office
from gov_docs.errors import GovDocsError

RECOVERY_SUFFIX = ".autosave.json"


def recovery_dir() -> Path:
    """Return the folder of autosaved copies (in the user data folder)."""
    from gov_docs import paths

    folder = paths.user_data_dir() / "recovery"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class FilesController(QObject):
    """Owns the open document of a window and every way it is created, replaced or written."""

    def __init__(self, window) -> None:
        super().__init__(window)  # a QObject in the UI thread: worker results are queued to it
        self.w = window
        self.od: api.OpenDocument = api.new(checker=window._checker)
        # unsaved changes the editor's undo stack does not know (format fixes, drafts)
        self.dirty_extra = False
        self.recovery_path: Path | None = None

    # -- state ---------------------------------------------------------------------------------------
    def is_modified(self) -> bool:
        """Return True when there are edits not yet saved."""
        return self.w.editor.document().isModified() or self.dirty_extra

    def update_title(self) -> None:
        """Show the file name, the 修订模式 and the ``*`` modified marker in the title."""
        tracking = "（修订模式）" if self.od.track_changes else ""
        self.w.setWindowTitle(f"{self.od.name}[*]{tracking} — 公文助手")
        self.w.setWindowModified(self.is_modified())
        action = getattr(self.w, "stop_tracking_action", None)
        if action is not None:
            action.setEnabled(self.od.track_changes)

    def set_document(self, od: api.OpenDocument, *, dirty: bool = False) -> None:
        """Show ``od`` in the editor (undo starts afresh) and check it."""
        from gov_docs.api import PROTECTED_CONTAINERS

        self.od = od
        if self.w._checker is not None:  # else both use the default rules, loaded on the first check
            od.checker = self.w._checker
        self.dirty_extra = dirty
        self.w.checks.format_undo.clear()  # the undo stack starts afresh with the new text
        self.w.editor.load(od.document, PROTECTED_CONTAINERS)
        self.w.findings_panel.set_checking()
        self.w.editor.underline([])
        self.update_title()
        self.w.show_unshown(od.unshown)
        self.w.start_check(full=True)
        self.w.check_timer.stop()  # loading the text started it; the full check above covers it

    # -- asking before edits are replaced -------------------------------------------------------------
    def ask_unsaved(self) -> str:
        """Ask Save/Discard/Cancel about unsaved edits; return "save", "discard" or "cancel"."""
        box = QMessageBox(QMessageBox.Icon.Warning, "公文助手", f"“{self.od.name}”有未保存的修改。",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self.w)
        box.setInformativeText("是否保存修改？")
        box.button(QMessageBox.StandardButton.Save).setText("保存")
        box.button(QMessageBox.StandardButton.Discard).setText("不保存")
        box.button(QMessageBox.StandardButton.Cancel).setText("取消")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        return {QMessageBox.StandardButton.Save: "save",
                QMessageBox.StandardButton.Discard: "discard"}.get(QMessageBox.StandardButton(answer),
                                                                   "cancel")

    def maybe_save(self) -> bool:
        """Before the open document is replaced or closed: return True to go on (saved or discarded)."""
        if not self.is_modified():
            return True
        answer = self.ask_unsaved()
        if answer == "save":
            return self.save()
        if answer == "discard":
            self.drop_recovery()
            return True
        return False

    # -- new / open -----------------------------------------------------------------------------------
    def new_document(self) -> bool:
        """Start an empty untitled document (after asking about unsaved edits)."""
        if not self.maybe_save():
            return False
        self.set_document(api.new(checker=self.w.checker))
        return True

    def new_from_template(self, doc_type: str) -> bool:
        """Start an untitled document with the frame of a document type."""
        from gov_docs.llm.drafting import blank_frame

        if not self.maybe_save():
            return False
        self.set_document(api.from_text(blank_frame(doc_type), checker=self.w.checker))
        return True

    def open_dialog(self) -> None:
        """Ask for a file and open it."""
        kinds = "公文 (*.docx *.wps *.txt *.doc *.docm *.rtf *.odt);;所有文件 (*)"
        path, _ = QFileDialog.getOpenFileName(self.w, "打开公文", "", kinds)
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path) -> bool:
        """Open a .docx or .txt (after asking about unsaved edits); a bad file gives a dialog naming it.

        A .doc, binary .wps, .rtf or .odt is converted by LibreOffice first (a few seconds: the status bar
        says so).
        """
        if not self.maybe_save():
            return False
        converting = converts_through_office(path)
        if converting:
            self.w.statusBar().showMessage(f"正在用 LibreOffice 转换 {path.name}…")
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            QApplication.processEvents()
        try:
            od = api.open(path, checker=self.w.checker)
        except GovDocsError as exc:
            self.w.statusBar().clearMessage()
            self.w.error(str(exc))
            return False
        finally:
            if converting:
                QApplication.restoreOverrideCursor()
        self.drop_recovery()
        self.set_document(od)
        self.remember(path)
        self.remember_review_comments()
        if od.document.converted_from == ".docm":
            self.w.statusBar().showMessage(f"已打开启用宏的文档 {path.name} 的副本（宏未载入，也不会运行）；"
                                           "保存时请另存为 .docx（原文件不会被改写）", 15000)
        elif od.document.converted_from:
            self.w.statusBar().showMessage(f"已用 LibreOffice 将 {path.name} 转换后打开；"
                                           "保存时请另存为 .docx（原文件不会被改写）", 15000)
        return True

    def remember_review_comments(self) -> None:
        """Store the opened file's reviewer comments in the review history (once) and say what was read."""
        comments = self.od.review_comments
        if not comments:
            return
        try:
            new = self.od.remember_review_comments(self.w.store)
        except (GovDocsError, OSError) as exc:
            self.w.error(f"审核意见未能存入审核意见库：{exc}")
            return
        stored = f"，新存入审核意见库 {new} 条" if new else "（均已在审核意见库中）"
        revisions = (f"；文档含修订 {self.od.revisions} 处，按接受全部修订后的文本核验" if self.od.revisions
                     else "")
        self.w.statusBar().showMessage(f"读取到审核意见 {len(comments)} 条{stored}{revisions}", 10000)

    def open_draft(self, od: api.OpenDocument) -> bool:
        """Put a finished draft in the editor as a new untitled document (never bound to the previous
        file).
        """
        if not self.maybe_save():
            self.w.statusBar().showMessage("起草结果保留在“起草”面板中，未放入编辑器", 10000)
            return False
        self.drop_recovery()
        self.set_document(od, dirty=True)
        return True

    # -- save -----------------------------------------------------------------------------------------
    def save(self) -> bool:
        """Save into the file the document came from (untitled: ask where)."""
        if self.od.path is None:
            return self.save_as()
        return self.save_to(self.od.path)

    def save_as(self) -> bool:
        """Ask for a path and save there (a .docx keeps everything; .txt from untitled typesets as .docx)."""
        proposed = self.od.suggested_path  # a converted .doc: its name with .docx, beside it
        name = str(proposed) if proposed else "公文.docx"
        path, _ = QFileDialog.getSaveFileName(self.w, "另存为", name, "Word 文档 (*.docx);;纯文本 (*.txt)")
        if not path:
            return False
        path = Path(path)
        if path.suffix.lower() not in (".docx", ".txt"):
            path = path.with_suffix(".docx")
        return self.save_to(path)

    def save_tracked(self) -> bool:
        """以修订方式保存: every edit since opening becomes a Word revision a reviewer can accept or
        reject.
        """
        if not self.od.is_docx:
            self.w.error("以修订方式保存只适用于打开的 Word 文档（.docx）；请先“另存为”.docx")
            return False
        stem = self.od.path.stem if self.od.path else "公文"
        folder = self.od.path.parent if self.od.path else Path.home()
        path, _ = QFileDialog.getSaveFileName(self.w, "以修订方式保存", str(folder / f"{stem}（修订）.docx"),
                                              "Word 文档 (*.docx)")
        if not path:
            return False
        path = Path(path)
        return self.save_to(path if path.suffix.lower() == ".docx" else path.with_suffix(".docx"),
                            track_changes=True)

    def stop_tracking(self) -> None:
        """停止修订: the revisions already saved stay; later saves write the edits plainly."""
        self.od.track_changes = False
        self.update_title()
        self.w.statusBar().showMessage("已停止修订：已保存的修订保留，之后的保存直接写入修改", 8000)

    def save_to(self, path: Path, *, track_changes: bool | None = None) -> bool:
        """Write the document to ``path``; failures keep every edit.

        ``track_changes`` None keeps the document's 修订模式 (on after 以修订方式保存, as in Word).
        """
        self.w.sync()
        if self.od.path is not None and Path(path) == self.od.path and self.od.changed_on_disk():
            answer = QMessageBox.question(
                self.w, "文件已被修改",
                f"{path.name} 在打开后已被其他程序（如 Word/WPS）修改。\n保存会用本窗口的内容覆盖那些修改。"
                "\n\n仍要保存吗？（选“否”可改用“另存为”）")
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            written = self.od.save(path, track_changes=track_changes)
        except GovDocsError as exc:
            self.w.error(f"{exc}\n\n本窗口中的编辑内容仍在，没有丢失。")
            return False
        self.w.editor.document().setModified(False)
        self.dirty_extra = False
        self.drop_recovery()
        self.update_title()
        notes = "；".join(self.od.save_notes)
        if self.od.track_changes:
            notes = "；".join(x for x in (notes, "修订模式：之后的保存也记为修订，可在“文件”菜单停止修订")
                             if x)
        self.w.statusBar().showMessage(f"已保存 {written}" + (f"（{notes}）" if notes else ""), 8000)
        self.remember(written)
        return True

    def typeset(self) -> bool:
        """按 GB/T 9704 重新排版: say what changes, write a new .docx, offer to open it."""
        self.w.sync()
        changes = self.od.typeset_changes()
        stem = self.od.path.stem if self.od.path else "公文"
        answer = QMessageBox.question(
            self.w, "按 GB/T 9704 重新排版",
            "将另存一个按 GB/T 9704-2012 排版的新文件，原文件不变。排版会：\n· " + "\n· ".join(
                changes) + "\n\n继续？")
        if answer != QMessageBox.StandardButton.Yes:
            return False
        folder = self.od.path.parent if self.od.path else Path.home()
        path, _ = QFileDialog.getSaveFileName(self.w, "排版结果另存为", str(folder / f"{stem}（排版）.docx"),
                                              "Word 文档 (*.docx)")
        if not path:
            return False
        return self.typeset_to(Path(path))

    def typeset_to(self, path: Path, open_after: bool = True) -> bool:
        """Write the typeset copy to ``path``; optionally open it."""
        try:
            out = self.od.typeset(path)
        except GovDocsError as exc:
            self.w.error(str(exc))
            return False
        self.w.statusBar().showMessage(f"已排版另存为 {out}", 8000)
        if open_after and QMessageBox.question(self.w, "重新排版", f"已写出 {out.name}，是否打开？") \
                == QMessageBox.StandardButton.Yes:
            self.open_path(out)
        return True

    # -- recent files ---------------------------------------------------------------------------------
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
        self.refresh_recent()

    def refresh_recent(self) -> None:
        """Fill the 最近文件 menu from the settings."""
        from gov_docs import config

        menu = self.w.recent_menu
        menu.clear()
        try:
            recent = config.load()["ui"].get("recent_files", [])
        except GovDocsError:
            recent = []
        for p in recent:
            act = menu.addAction(p)
            act.triggered.connect(lambda _=False, path=p: self.open_path(Path(path)))
        menu.setEnabled(bool(recent))

    # -- autosave and recovery ------------------------------------------------------------------------
    def recovery_file(self) -> Path:
        """Return this window's autosave file (one per document session, never the user's file)."""
        if self.recovery_path is None:
            stem = self.od.path.stem if self.od.path else "未命名"
            self.recovery_path = (
                recovery_dir() / f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{stem}{RECOVERY_SUFFIX}")
        return self.recovery_path

    def autosave(self) -> None:
        """Copy unsaved edits into the recovery folder (atomically); the user's file is never written."""
        from gov_docs.fileio import atomic_write_bytes

        text = self.w.editor.toPlainText()
        if not self.is_modified() or not text.strip():
            return
        data = {"text": text, "source": str(self.od.path) if self.od.path else None,
                "time": time.strftime("%Y-%m-%d %H:%M")}
        try:
            atomic_write_bytes(self.recovery_file(), json.dumps(data, ensure_ascii=False).encode("utf-8"))
        except OSError as exc:
            self.w.statusBar().showMessage(f"自动保存失败：{exc}", 10000)

    def drop_recovery(self) -> None:
        """Delete this window's recovery copy (the edits were saved or discarded)."""
        if self.recovery_path is not None:
            self.recovery_path.unlink(missing_ok=True)
            self.recovery_path = None

    def offer_recovery(self) -> bool:
        """Offer the newest copy left by a crash; restore it into an untitled document, or delete it."""
        mine = self.recovery_path
        files = sorted((f for f in recovery_dir().glob("*" + RECOVERY_SUFFIX) if f != mine),
                       key=lambda f: f.stat().st_mtime)
        if not files:
            return False
        newest = files[-1]
        try:
            data = json.loads(newest.read_text(encoding="utf-8"))
            text = str(data["text"])
        except (OSError, ValueError, KeyError, TypeError):
            newest.unlink(missing_ok=True)
            return False
        source = f"（原文件 {data['source']}）" if data.get("source") else ""
        answer = QMessageBox.question(
            self.w, "恢复文稿",
            f"发现上次未正常关闭时留下的文稿{source}，自动保存于 {data.get('time', '')}。\n"
                             "是否恢复为一个未命名文稿？（选“否”将删除这份自动保存的副本）")
        if answer != QMessageBox.StandardButton.Yes:
            newest.unlink(missing_ok=True)
            return False
        if not self.maybe_save():
            return False
        self.drop_recovery()
        self.set_document(api.from_text(text, checker=self.w.checker), dirty=True)
        self.recovery_path = newest  # deleted once this document is saved or discarded
        return True
