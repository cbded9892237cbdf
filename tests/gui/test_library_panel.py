"""The library panel, offscreen: progress over files and embeddings, answers with marked snippets, 拟办
recorded.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.gui.library_panel import HTML_ROLE
from gov_docs.gui.main_window import MainWindow
from gov_docs.library.comments import CommentStore
from gov_docs.library.index import LibraryIndex
from gov_docs.llm.backends import FakeBackend

ROOT = Path(__file__).resolve().parent.parent.parent
FOREST = ROOT / "tests" / "library" / "data" / "冬季森林防火通知.txt"


@pytest.fixture
def window(qtbot, tmp_path: Path):
    checker = Checker(load_rules([ROOT / "rules"]), allow_list=AllowList())
    w = MainWindow(checker=checker, backend_factory=FakeBackend, ask_restore=False,
                   library_index=LibraryIndex(tmp_path / "index"),
                   comment_store=CommentStore(tmp_path / "h.sqlite"))
    qtbot.addWidget(w)
    w.show()
    return w


def test_indexing_progress_names_files_then_embeddings(qtbot, window, tmp_path: Path,
                                                       corpus_dir: Path) -> None:
    window.tabs.setCurrentWidget(window.library_panel)  # a new clerk opens the tab: what to do first
    assert "选择文件夹建立索引" in window.library_panel.answer.text()
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("g0570.txt", "g0250.txt", "g0388.txt"):
        shutil.copy(corpus_dir / name, docs / name)
    seen: list[str] = []
    panel = window.library_panel
    shown = panel.show_progress
    # recorded from the first count on: connecting to the worker after it started could miss the
    # reading phase of three small files (a fresh-clone CI run did)
    panel.show_progress = lambda d, t, what: (shown(d, t, what), seen.append(panel.progress.format()))
    window.start_index(str(docs))
    qtbot.waitUntil(lambda: not window.library_panel.btn_cancel.isEnabled(), timeout=120000)
    assert any(s.startswith("读取文件") for s in seen)
    assert any("语义向量" in s for s in seen)
    assert window.index.stats()["vectors"] >= 3
    assert "语义向量" in window.statusBar().currentMessage()
    assert window.library_panel.answer.text() == ""  # the hint goes once the library has documents


def test_question_answer_and_marked_snippets(qtbot, window, tmp_path: Path, corpus_dir: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("g0570.txt", "g0250.txt"):
        shutil.copy(corpus_dir / name, docs / name)
    window.index.build([docs], workers=1, embed=False)
    panel = window.library_panel
    window.search_library("民政服务机构", "", "")
    first = panel.results.item(0)
    assert "民政服务机构" in first.text() and "2020-02-28" in first.text()  # title and date, not titles only
    assert "background" in first.data(HTML_ROLE) and "民政服务机构" in first.data(HTML_ROLE)
    # a time word with nothing in the period still answers, with the latest relevant document
    window.search_library("这两天民政服务机构方面发了新文件吗？", "", "")
    assert "没有" in panel.answer.text() and "最近的相关文件是" in panel.answer.text()
    assert panel.results.count() >= 1 and "民政服务机构" in panel.results.item(0).text()
    assert dt.date.today().year > 2020


def test_routing_is_shown_with_reasons_accepted_edited_and_remembered(qtbot, window, tmp_path: Path) -> None:
    window.editor.setPlainText(FOREST.read_text(encoding="utf-8"))
    window.recommend()
    panel = window.library_panel
    assert panel.route_lead.currentText() == "应急管理"
    assert {"林业和草原", "公安", "气象"} <= set(panel.route_participants.text().split("、"))
    assert "主办 应急管理：" in panel.route_reasons.text() and "协办 公安：" in panel.route_reasons.text()
    panel.route_participants.setText("林业和草原、公安、气象、交通运输")  # the clerk adds a department
    panel.btn_route.click()
    records = window.store.routings()
    assert len(records) == 1 and records[0].lead == "应急管理" and records[0].edited
    assert records[0].participants == ["林业和草原", "公安", "气象", "交通运输"]
    assert "已记录拟办（已修改建议）" in window.statusBar().currentMessage()
    # a similar later document: the recorded decision is used and said so
    window.editor.setPlainText(FOREST.read_text(encoding="utf-8").replace("冬季", "春季"))
    window.recommend()
    assert "交通运输" in panel.route_participants.text()
    assert "相似文件" in panel.route_reasons.text()
    # an unknown department is refused with a dialog, nothing recorded
    errors: list[str] = []
    window.error = errors.append
    panel.route_participants.setText("林业和草原、消防队")
    panel.btn_route.click()
    assert errors and "未知部门：消防队" in errors[0] and len(window.store.routings()) == 1
