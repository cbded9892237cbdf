"""Side panels: findings (核验), drafting (起草), library (文档库). They talk to the main window by
signals.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gov_docs.checks.findings import Category, Finding
from gov_docs.document.doctypes import DOC_TYPES
from gov_docs.gui.library_panel import LibraryPanel

__all__ = ["DraftPanel", "FindingsPanel", "LibraryPanel"]

CATEGORY_ORDER = [Category.FORMAT, Category.PUNCTUATION, Category.NUMBER, Category.TYPO, Category.SENSITIVE,
                  Category.EXPRESSION, Category.STRUCTURE]


@dataclass(frozen=True)
class ReviewNote:
    """A reviewer's Word comment (审核意见) as the findings panel shows it, with where its text is now."""

    author: str
    date: str
    text: str
    anchor: str
    paragraph: int  # -1 when its paragraph is gone
    start: int
    end: int
    scope: str = "text"


#: The same problem (rule, level, message, suggestion) this many times is shown as one row that opens.
GROUP_AT = 3


class FindingsPanel(QWidget):
    """Findings grouped by category with counts, and the actions on the selected finding."""

    fix_requested = Signal(object)  # Finding
    select_requested = Signal(object)
    ignore_requested = Signal(object)
    allow_requested = Signal(object)
    recheck_requested = Signal(object)
    fix_category_requested = Signal(str)  # category value

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["问题", "依据"])
        self.tree.setColumnWidth(0, 300)
        self.detail = QLabel("选中一条问题查看说明")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        self.btn_fix = QPushButton("自动修改")
        self.btn_select = QPushButton("手动修改")
        self.btn_ignore = QPushButton("忽略")
        self.btn_allow = QPushButton("加入白名单")
        self.btn_recheck = QPushButton("修改核验")
        self.btn_fix_cat = QPushButton("本类全部自动修改")
        for b in (self.btn_fix, self.btn_select, self.btn_ignore, self.btn_allow, self.btn_recheck,
                  self.btn_fix_cat):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        self.summary = QLabel("尚未核验")
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        self.tree.currentItemChanged.connect(self._on_current)
        self.tree.itemDoubleClicked.connect(lambda *_: self._emit(self.select_requested))
        self.btn_fix.clicked.connect(lambda: self._emit(self.fix_requested))
        self.btn_select.clicked.connect(lambda: self._emit(self.select_requested))
        self.btn_ignore.clicked.connect(lambda: self._emit(self.ignore_requested))
        self.btn_allow.clicked.connect(lambda: self._emit(self.allow_requested))
        self.btn_recheck.clicked.connect(lambda: self._emit(self.recheck_requested))
        self.btn_fix_cat.clicked.connect(self._fix_category)
        self.findings: list[Finding] = []
        self.review_notes: list[ReviewNote] = []

    def set_review_notes(self, notes: list[ReviewNote]) -> None:
        """Show reviewers' Word comments as 审核意见 above the findings (kept across re-checks)."""
        self.review_notes = list(notes)
        self.set_findings(self.findings)

    def set_findings(self, findings: list[Finding]) -> None:
        """Show findings grouped by category, keeping the selection by rule and position if possible."""
        self.findings = findings
        self.tree.clear()
        counts = {}
        if self.review_notes:
            top = QTreeWidgetItem([f"审核意见（{len(self.review_notes)}）", ""])
            self.tree.addTopLevelItem(top)
            for n in self.review_notes:
                where = f"第{n.paragraph + 1}段" if n.paragraph >= 0 else "（原文已删）"
                child = QTreeWidgetItem([f"{n.author} {where} “{n.anchor[:12]}” {n.text[:40]}", n.date[:10]])
                tip = f"{n.author}（{n.date[:16].replace('T', ' ')}）批注于 “{n.anchor}”：\n{n.text}"
                child.setToolTip(0, tip)
                child.setToolTip(1, tip)
                child.setData(0, Qt.ItemDataRole.UserRole, n)
                top.addChild(child)
            top.setExpanded(True)
        for cat in CATEGORY_ORDER:
            items = [f for f in findings if f.category is cat]
            if not items:
                continue
            counts[cat.label] = len(items)
            top = QTreeWidgetItem([f"{cat.label}（{len(items)}）", ""])
            top.setData(0, Qt.ItemDataRole.UserRole, cat.value)
            self.tree.addTopLevelItem(top)
            # the same problem in many paragraphs (a WPS file's line spacing, paragraph after paragraph) is
            # one row that opens onto them, so the slips around it are not buried
            keys = [(f.rule_id, f.level, f.message, f.suggestions) for f in items]
            same = Counter(keys)
            groups: dict[tuple, QTreeWidgetItem] = {}
            for f, key in zip(items, keys, strict=True):
                parent = top
                if same[key] >= GROUP_AT:
                    if key not in groups:
                        groups[key] = QTreeWidgetItem(
                            [f"[{f.level.label}] {same[key]} 处：{f.message[:40]}", f.basis])
                        groups[key].setToolTip(0, f"{f.message}\n依据：{f.basis}")
                        top.addChild(groups[key])
                    parent = groups[key]
                where = "全文" if f.paragraph < 0 else f"第{f.paragraph + 1}段"
                child = QTreeWidgetItem(
                    [f"[{f.level.label}] {where} “{f.matched[:16]}” {f.message[:40]}", f.basis])
                sugg = f"\n建议：{f.shown_suggestions()}" if f.suggestions else ""
                tip = (
                    f"[{f.level.label}·{f.category.label}] {where} “{f.matched}”\n{f.message}{sugg}\n依据："
                    f"{f.basis}")
                child.setToolTip(0, tip)
                child.setToolTip(1, tip)
                child.setData(0, Qt.ItemDataRole.UserRole, f)
                parent.addChild(child)
            top.setExpanded(True)
        total = len(findings)
        summary = "没有发现问题" if not total else f"共 {total} 处：" + "，".join(
            f"{k}{v}" for k, v in counts.items())
        if self.review_notes:
            summary += f"；审核意见 {len(self.review_notes)} 条"
        self.summary.setText(summary)

    def set_checking(self) -> None:
        """Show that a newly opened document is being checked: no findings yet, and never "没有发现问题"
        before its check has said so (an earlier document's check may still hold the model); the earlier
        document's reviewer comments go with it.
        """
        self.review_notes = []
        self.set_findings([])
        self.summary.setText("正在核验……")

    def current_finding(self) -> Finding | None:
        """Return the selected finding, or None."""
        item = self.tree.currentItem()
        data = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        return data if isinstance(data, Finding) else None

    def current_note(self) -> ReviewNote | None:
        """Return the selected reviewer comment, or None."""
        item = self.tree.currentItem()
        data = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        return data if isinstance(data, ReviewNote) else None

    def _on_current(self, item, _prev) -> None:
        note = self.current_note()
        for b in (self.btn_fix, self.btn_ignore, self.btn_allow, self.btn_recheck, self.btn_fix_cat):
            b.setEnabled(note is None)
        if note is not None:
            self.detail.setText(
                f"{note.author}（{note.date[:16].replace('T', ' ')}）：{note.text}\n批注位置："
                f"“{note.anchor}”")
            return
        f = self.current_finding()
        if f is None:
            first = item.child(0).data(0, Qt.ItemDataRole.UserRole) if item and item.parent() and \
                item.childCount() else None
            if isinstance(first, Finding):
                self.detail.setText(f"{first.message}\n同一问题共 {item.childCount()} 处，展开后逐处处理"
                                    + ("，或用“本类全部自动修改”" if first.auto_fixable else ""))
            else:
                self.detail.setText("选中一条问题查看说明")
            return
        sugg = f"；建议：{f.shown_suggestions()}" if f.suggestions else ""
        self.detail.setText(f"{f.message}{sugg}\n依据：{f.basis}（{f.rule_id}）")
        self.btn_fix.setEnabled(f.auto_fixable)

    def _emit(self, signal) -> None:
        f = self.current_finding()
        if f is not None:
            signal.emit(f)
        elif signal is self.select_requested and self.current_note() is not None:
            signal.emit(self.current_note())  # 手动修改 / double-click: go to the commented text

    def _fix_category(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        while item.parent() is not None:  # a finding, or one inside a group of the same problem
            item = item.parent()
        self.fix_category_requested.emit(item.data(0, Qt.ItemDataRole.UserRole))


class DraftPanel(QWidget):
    """Drafting: one sentence → 文种, title and an editable outline; the form; live cleaned preview; 参考范文.

    The clerk types one sentence and asks for an outline (生成提纲), edits the outline ("一、" lines,
    "（一）" sub-sections, unnumbered lines as notes on the section above), fills or corrects the form, and
    drafts. While the model writes, the preview shows the cleaned text that will land in the document.
    The passages of real documents the draft drew on are listed as 参考范文 with their source; one click
    inserts a passage at the editor's cursor, another opens its document.
    """

    draft_requested = Signal(object)  # DraftRequest
    plan_requested = Signal(str, str)  # sentence, 发文机关
    stop_requested = Signal()
    edit_requested = Signal(str)  # action
    insert_requested = Signal(str)  # passage text
    open_requested = Signal(str, str)  # path of a passage's document, the passage

    ATTACHMENT_KINDS = ("方案", "规划", "办法")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.ask = QLineEdit()
        self.ask.setPlaceholderText("一句话说明要写什么，如：撰写一篇关于某某市新污染物治理工作方案")
        self.btn_plan = QPushButton("生成提纲")
        self.btn_plan.setToolTip(
            "根据这句话确定文种、标题和提纲（方案、规划、办法以印发通知发出），提纲可修改后再起草")
        form = QFormLayout()
        self.doc_type = QComboBox()
        self.doc_type.addItems([*DOC_TYPES, *self.ATTACHMENT_KINDS])
        self.doc_type.setCurrentText("通知")
        self.doc_type.setToolTip("方案、规划、办法作为附件，随“关于印发……的通知”发出")
        self.title = QLineEdit()
        self.title.setPlaceholderText("如：某某市人民政府办公室关于开展冬季消防安全检查的通知")
        self.points = QPlainTextEdit()
        self.points.setPlaceholderText("提纲：每行一节，如\n一、总体要求\n（一）工作目标\n二、重点任务\n"
                                       "不带序号的行是对上一节内容的要求")
        self.points.setMaximumHeight(150)
        self.plan_note = QLabel("")
        self.plan_note.setWordWrap(True)
        self.to = QLineEdit()
        self.org = QLineEdit()
        self.date = QLineEdit()
        today = dt.date.today()
        self.date.setPlaceholderText(f"默认今天（{today.year}年{today.month}月{today.day}日）")
        self.use_exemplars = QCheckBox("参考文档库中的范文")
        self.use_exemplars.setChecked(True)
        self.model_label = QLabel("模型：")
        self.backend_choice = QComboBox()
        self.backend_choice.addItems(["设置中的模型", "本机模型文件…", "模型服务地址…"])
        self.backend_value = QLineEdit()
        self.backend_value.setPlaceholderText("模型文件路径（.gguf）、1.5b、0.5b 或服务地址（http://…）")
        self.backend_value.setEnabled(False)
        self.backend_choice.currentIndexChanged.connect(lambda i: self.backend_value.setEnabled(i > 0))
        form.addRow("文种", self.doc_type)
        form.addRow("标题", self.title)
        form.addRow("提纲", self.points)
        form.addRow("", self.plan_note)
        form.addRow("主送机关", self.to)
        form.addRow("发文机关", self.org)
        form.addRow("成文日期", self.date)
        self.btn_draft = QPushButton("起草")
        self.btn_stop = QPushButton("停止")
        self.btn_stop.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.output = QPlainTextEdit()
        self.output.setReadOnly(True)
        self.output.setPlaceholderText("起草时在这里预览清理后的文稿")
        self.sources = QLabel("")
        self.sources.setWordWrap(True)
        self.exemplars = QTreeWidget()
        self.exemplars.setHeaderLabels(["参考范文", "来源"])
        self.exemplars.setColumnWidth(0, 260)
        self.exemplars.setMaximumHeight(160)
        self.btn_insert = QPushButton("插入到光标处")
        self.btn_insert.setToolTip("把选中的范文段落插入编辑器的光标处（可撤销）")
        self.btn_open_source = QPushButton("打开原文")
        self.btn_open_source.setToolTip("在单独的窗口中查看选中范文的原文（只读，定位到该段；编辑器中的文稿不变）")
        edit_row = QHBoxLayout()
        for action, label in (("polish", "润色"), ("expand", "扩写"), ("condense", "缩写"),
                              ("formal", "正式语体")):
            b = QPushButton(label)
            b.setToolTip(f"对编辑器中选中的文字{label}，生成建议供采纳或放弃")
            b.clicked.connect(lambda _=False, a=action: self.edit_requested.emit(a))
            edit_row.addWidget(b)
        ask_row = QHBoxLayout()
        ask_row.addWidget(self.ask, 1)
        ask_row.addWidget(self.btn_plan)
        row = QHBoxLayout()
        row.addWidget(self.btn_draft)
        row.addWidget(self.btn_stop)
        row.addWidget(self.use_exemplars)
        ex_row = QHBoxLayout()
        ex_row.addWidget(self.btn_insert)
        ex_row.addWidget(self.btn_open_source)
        layout = QVBoxLayout(self)
        layout.addLayout(ask_row)
        layout.addLayout(form)
        model_row = QHBoxLayout()
        model_row.addWidget(self.model_label)
        model_row.addWidget(self.backend_choice)
        model_row.addWidget(self.backend_value, 1)
        layout.addLayout(model_row)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.output, 1)
        layout.addWidget(self.sources)
        layout.addWidget(self.exemplars)
        layout.addLayout(ex_row)
        layout.addWidget(QLabel("选中文字后："))
        layout.addLayout(edit_row)
        self.btn_draft.clicked.connect(self._request)
        self.btn_stop.clicked.connect(self.stop_requested.emit)
        self.btn_plan.clicked.connect(self._plan)
        self.ask.returnPressed.connect(self._plan)
        self.btn_insert.clicked.connect(self._insert)
        self.btn_open_source.clicked.connect(self._open_source)
        self.exemplars.itemDoubleClicked.connect(lambda *_: self._insert())
        self._show_exemplar_list(False)

    def _show_exemplar_list(self, shown: bool) -> None:
        """Show the 参考范文 list and its buttons only when a draft drew on passages: while empty they took
        the room of the live preview, which a clerk watched in three lines.
        """
        for widget in (self.exemplars, self.btn_insert, self.btn_open_source):
            widget.setVisible(shown)

    # -- the form ---------------------------------------------------------------------------------
    def request(self):
        """Return the DraftRequest the form describes (the outline as edited)."""
        from gov_docs.llm.drafting import DraftRequest
        from gov_docs.llm.outline import parse_outline

        outline = parse_outline(self.points.toPlainText())
        return DraftRequest(self.doc_type.currentText(), title=self.title.text().strip(),
                            outline=outline or None,
                            to=self.to.text().strip(), org=self.org.text().strip(),
                            date=self.date.text().strip(),
                            use_exemplars=self.use_exemplars.isChecked(),
                            # what a 函 or 请示 asks for, with details the title leaves out ("，用于……")
                            ask=self.ask.text().strip())

    def set_plan(self, plan) -> None:
        """Show an inferred plan: 文种, title and the outline to edit; a 主送 or 署名 the sentence named
        fills its field when the clerk left it empty (what the clerk typed stays).
        """
        self.doc_type.setCurrentText(plan.kind or plan.doc_type)
        self.title.setText(plan.title)
        for field, named in ((self.to, plan.to), (self.org, plan.org)):
            if named and not field.text().strip():
                field.setText(named)
        self.points.setPlainText(plan.outline_text())
        self.output.clear()
        self.plan_note.setText(f"{plan.kind}作为附件，随《{plan.title}》印发：《{plan.attachment_title}》"
                               if plan.kind
                               else "可修改提纲后点“起草”")

    def backend_override(self) -> dict:
        """Return {"model": path} or {"server": url} when the clerk chose one here, else {}."""
        value = self.backend_value.text().strip()
        if self.backend_choice.currentIndex() == 1 and value:
            return {"model": value}
        if self.backend_choice.currentIndex() == 2 and value:
            return {"server": value}
        return {}

    def _request(self) -> None:
        self.draft_requested.emit(self.request())

    def _plan(self) -> None:
        self.plan_requested.emit(self.ask.text(), self.org.text().strip())

    def set_busy(self, busy: bool) -> None:
        """Show progress and enable stop while drafting or planning."""
        self.btn_draft.setEnabled(not busy)
        self.btn_plan.setEnabled(not busy)
        self.btn_stop.setEnabled(busy)
        self.progress.setVisible(busy)
        if busy:
            self.output.clear()

    def show_preview(self, text: str) -> None:
        """Show the cleaned draft so far (what will land in the document), keeping the end in view."""
        self.output.setPlainText(text)
        bar = self.output.verticalScrollBar()
        bar.setValue(bar.maximum())

    # -- 参考范文 ----------------------------------------------------------------------------------
    def show_exemplars(self, exemplars: dict) -> None:
        """List the passages each section drew on: section → 《title》 passage, with source and path."""
        self.exemplars.clear()
        self._show_exemplar_list(any(exemplars.values()))
        for section, passages in exemplars.items():
            if not passages:
                continue
            top = QTreeWidgetItem([section, ""])
            self.exemplars.addTopLevelItem(top)
            for p in passages:
                child = QTreeWidgetItem([p.text[:60] + ("…" if len(p.text) > 60 else ""),
                                         f"《{p.title}》{p.doc_number}"])
                child.setToolTip(0, p.text)
                child.setToolTip(1, p.path)
                child.setData(0, Qt.ItemDataRole.UserRole, p)
                top.addChild(child)
            top.setExpanded(True)

    def current_passage(self):
        """Return the selected passage, or None."""
        item = self.exemplars.currentItem()
        data = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        return data if data is not None and hasattr(data, "text") else None

    def _insert(self) -> None:
        p = self.current_passage()
        if p is not None:
            self.insert_requested.emit(p.text)

    def _open_source(self) -> None:
        p = self.current_passage()
        if p is not None and p.path:
            self.open_requested.emit(p.path, p.text)

