"""The library panel (文档库): indexing with real progress, search and questions, recommendations, 拟办,
comments.

Results are listed with title, 发文字号, issuing organ, date and a snippet whose matched words are marked;
the item text stays plain (for screen readers and copying), an HTML delegate draws the marks. The 拟办 row
shows the suggestion with its reasons and lets the clerk accept or edit it; that decision is recorded.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from gov_docs.document.doctypes import DOC_TYPES

HTML_ROLE = Qt.ItemDataRole.UserRole + 1
MARK_STYLE = "background:#ffe58f;font-weight:bold"


def marked_html(text: str, marks) -> str:
    """Return ``text`` as HTML with the (start, end) spans highlighted."""
    out, last = [], 0
    for start, end in sorted(marks):
        out += [html.escape(text[last:start]),
                f'<span style="{MARK_STYLE}">{html.escape(text[start:end])}</span>']
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


def _meta(doc_number: str, organ: str, date) -> str:
    return "　".join(x for x in (doc_number, organ, date.isoformat() if date else "日期不详") if x)


class HtmlDelegate(QStyledItemDelegate):
    """Draws an item's HTML (HTML_ROLE) when it has one, else the plain text."""

    def _doc(self, option, index) -> QTextDocument | None:
        content = index.data(HTML_ROLE)
        if not content:
            return None
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(content)
        doc.setTextWidth(max(option.rect.width(), 200))
        return doc

    def paint(self, painter, option, index) -> None:  # noqa: D102 - Qt API
        doc = self._doc(option, index)
        if doc is None:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        option.widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter,
                                          option.widget)
        painter.save()
        painter.translate(option.rect.topLeft())
        doc.drawContents(painter)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: D102, N802 - Qt API
        doc = self._doc(option, index)
        if doc is None:
            return super().sizeHint(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 4)


class LibraryPanel(QWidget):
    """Index folders, search with filters, recommendations, routing/archiving, review comments."""

    index_requested = Signal(str)
    search_requested = Signal(str, str, str)  # query, type, year
    recommend_requested = Signal()
    open_requested = Signal(str)
    comment_submitted = Signal(str)
    routing_accepted = Signal(str, list)  # lead, participants — as accepted or edited by the clerk

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.btn_index = QPushButton("选择文件夹建立索引…")
        self.btn_cancel = QPushButton("取消索引")
        self.btn_cancel.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.query = QLineEdit()
        self.query.setPlaceholderText("检索或提问，如：这两天基层治理方面发了新文件吗？")
        self.type_filter = QComboBox()
        self.type_filter.addItems(["全部文种", *DOC_TYPES])
        self.year_filter = QLineEdit()
        self.year_filter.setPlaceholderText("年份")
        self.year_filter.setMaximumWidth(70)
        self.btn_search = QPushButton("检索")
        self.btn_recommend = QPushButton("为当前文稿推荐")
        self.answer = QLabel("")
        self.answer.setWordWrap(True)
        self.results = QListWidget()
        self.results.setWordWrap(True)
        self.results.setItemDelegate(HtmlDelegate(self.results))
        self.handling = QLabel("")
        self.handling.setWordWrap(True)
        # 拟办: the suggestion, editable, recorded when accepted
        self.route_lead = QComboBox()
        self.route_lead.setToolTip("主办部门")
        self.route_participants = QLineEdit()
        self.route_participants.setPlaceholderText("协办部门，用顿号分隔")
        self.btn_route = QPushButton("采纳拟办")
        self.btn_route.setToolTip("记录主办、协办部门；以后相似文件的拟办建议会参考")
        self.btn_route.setEnabled(False)
        self.route_reasons = QLabel("")
        self.route_reasons.setWordWrap(True)
        self.comment = QLineEdit()
        self.comment.setPlaceholderText("审核意见（记录到历史，供相似文稿参考）")
        self.btn_comment = QPushButton("记录意见")
        search_row = QHBoxLayout()
        for w in (self.query, self.type_filter, self.year_filter, self.btn_search):
            search_row.addWidget(w)
        route_row = QHBoxLayout()
        route_row.addWidget(QLabel("拟办 主办"))
        route_row.addWidget(self.route_lead)
        route_row.addWidget(QLabel("协办"))
        route_row.addWidget(self.route_participants, 1)
        route_row.addWidget(self.btn_route)
        comment_row = QHBoxLayout()
        comment_row.addWidget(self.comment)
        comment_row.addWidget(self.btn_comment)
        layout = QVBoxLayout(self)
        index_row = QHBoxLayout()
        index_row.addWidget(self.btn_index)
        index_row.addWidget(self.btn_cancel)
        layout.addLayout(index_row)
        layout.addWidget(self.progress)
        layout.addLayout(search_row)
        layout.addWidget(self.btn_recommend)
        layout.addWidget(self.answer)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.handling)
        layout.addLayout(route_row)
        layout.addWidget(self.route_reasons)
        layout.addLayout(comment_row)
        self.btn_index.clicked.connect(self._choose_folder)
        self.btn_search.clicked.connect(self._search)
        self.query.returnPressed.connect(self._search)
        self.btn_recommend.clicked.connect(self.recommend_requested.emit)
        self.results.itemDoubleClicked.connect(self._open)
        self.btn_comment.clicked.connect(lambda: self.comment.text().strip()
                                         and self.comment_submitted.emit(self.comment.text()))
        self.btn_route.clicked.connect(self._accept_route)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择要建立索引的文件夹")
        if folder:
            self.index_requested.emit(folder)

    def _search(self) -> None:
        t = self.type_filter.currentText()
        self.search_requested.emit(self.query.text(), "" if t == "全部文种" else t,
                                   self.year_filter.text().strip())

    def _open(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if path:
            self.open_requested.emit(path)

    # -- progress ---------------------------------------------------------------------------------------
    def show_progress(self, done: int, total: int, what: str) -> None:
        """Show indexing progress: files read and passages embedded, with the status line."""
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))
        self.progress.setFormat(f"{what}（%p%）" if what else "%p%")
        self.progress.show()

    # -- results ----------------------------------------------------------------------------------------
    def _heading(self, text: str) -> None:
        head = QListWidgetItem(text)
        head.setFlags(Qt.ItemFlag.NoItemFlags)
        self.results.addItem(head)

    def show_hits(self, hits, message: str = "") -> None:
        """List search hits: title, 发文字号, organ, date and the snippet with matched words marked."""
        self.results.clear()
        self.answer.setText(message or ("" if hits else "没有找到相关文件"))
        if not hits:
            self.results.addItem(message or "没有找到相关文件")
        for h in hits:
            meta = _meta(h.doc_number, h.organ, h.date)
            item = QListWidgetItem(f"{h.title}\n{meta}\n{h.snippet}".rstrip())
            item.setData(HTML_ROLE,
                         f"<b>{html.escape(h.title)}</b><br><span style='color:#555'>{html.escape(meta)}"
                                    f"</span>" + (f"<br>{marked_html(h.snippet, h.marks)}" if h.snippet
                                                  else ""))
            item.setToolTip(h.path)
            item.setData(Qt.ItemDataRole.UserRole, h.path)
            self.results.addItem(item)

    def show_recommendations(self, recs, comments) -> None:
        """List recommendations grouped by relation with their reasons (未收录 laws too), then the documents
        the draft already cites (本文已引用, apart: never counted as recommendations), then past comments.
        """
        self.results.clear()
        held = [r for r in recs if getattr(r, "in_library", True) and r.relation != "本文已引用"]
        cited = [r for r in recs if getattr(r, "in_library", True) and r.relation == "本文已引用"]
        found = (f"为当前文稿推荐 {len(held)} 篇尚未引用的相关文件" if held
                 else "文档库中没有找到本文尚未引用的相关文件")
        self.answer.setText(found + (f"；本文已引用库中 {len(cited)} 篇" if cited else ""))
        for rel in ("上位文件", "法规依据", "相关主题", "本文已引用"):
            group = [r for r in recs if r.relation == rel]
            if not group:
                continue
            self._heading(f"【{rel}】")
            for r in group:
                if not getattr(r, "in_library", True):
                    why = r.reasons[-1] if r.reasons else ""
                    item = QListWidgetItem(f"  《{r.title}》（未收录）\n  {why}")
                    item.setData(HTML_ROLE,
                                 f"《{html.escape(r.title)}》<span style='color:#b00'>（未收录）</span>"
                                            f"<br><span style='color:#555'>{html.escape(why)}</span>")
                    self.results.addItem(item)
                    continue
                meta = _meta(r.doc_number, r.organ, r.date)
                why = "；".join(r.reasons) or "内容相近"
                label = "" if rel == "本文已引用" else "理由："
                item = QListWidgetItem(f"  {r.title}\n  {meta}\n  {label}{why}")
                item.setData(HTML_ROLE, f"<b>{html.escape(r.title)}</b><br><span style='color:#555'>"
                                        f"{html.escape(meta)}</span><br>{label}{html.escape(why)}")
                item.setToolTip(r.path)
                item.setData(Qt.ItemDataRole.UserRole, r.path)
                self.results.addItem(item)
        if comments:
            self._heading("【历史审核意见】")
            for c, title, _s in comments:
                self.results.addItem(f"  《{title}》{c.reviewer}：{c.text}")
        if not recs and not comments:
            self.results.addItem("文档库中没有找到相关文件")

    # -- 拟办 -------------------------------------------------------------------------------------------
    def show_routing(self, suggestion, departments: list[str]) -> None:
        """Show a 拟办 suggestion for editing, with the reasons for each department."""
        self.route_lead.clear()
        self.route_lead.addItems(departments)
        if suggestion.lead:
            self.route_lead.setCurrentText(suggestion.lead)
        self.route_participants.setText("、".join(suggestion.participants))
        lines = [
            f"主办 {suggestion.lead}：{'；'.join(suggestion.reasons.get(suggestion.lead, [])) or '职责相符'}"
                 ] if suggestion.lead else ["没有找到与部门职责相关的内容，请选择主办部门"]
        lines += [f"协办 {p}：{'；'.join(suggestion.reasons.get(p, [])) or '职责相符'}"
                  for p in suggestion.participants]
        self.route_reasons.setText("\n".join(lines))
        self.btn_route.setEnabled(True)

    def _accept_route(self) -> None:
        parts = [p for p in re.split(r"[、,，;；\s]+", self.route_participants.text()) if p]
        self.routing_accepted.emit(self.route_lead.currentText(), parts)
