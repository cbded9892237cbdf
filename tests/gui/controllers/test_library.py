"""The library controller: search, recommendation with routing, and what indexing could not read."""

from __future__ import annotations

import shutil
from pathlib import Path

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.gui.main_window import MainWindow
from gov_docs.llm.backends import FakeBackend
from tests.gui.helpers import ROOT


def test_library_search_and_recommend(qtbot, window, tmp_path: Path, corpus_dir: Path) -> None:
    from gov_docs.library.index import LibraryIndex

    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("g0570.txt", "g0250.txt", "g0278.txt"):
        shutil.copy(corpus_dir / name, docs / name)
    index = LibraryIndex(tmp_path / "index")
    index.build([docs], workers=1)
    window._index = index
    window.search_library("民政服务机构", "", "")
    assert "民政服务机构" in window.library_panel.results.item(0).text()
    window.editor.setPlainText(
        "关于做好第二次全国污染源普查入户调查的通知\n各县（区）：\n请做好污染源普查工作。\n"
        "某某市生态环境局\n2026年3月1日")
    window.recommend()
    texts = [window.library_panel.results.item(i).text() for i in range(window.library_panel.results.count())]
    assert any("【相关主题】" in t for t in texts)
    assert "拟办：主办 生态环境" in window.library_panel.handling.text()
    # 归档 names the year and the organ too, as the CLI's archive does
    assert "年度 2026；机构 某某市生态环境局" in window.library_panel.handling.text()


def test_indexing_reports_skipped_files_and_a_bad_catalog_in_a_dialog(qtbot, tmp_path: Path,
                                                                      corpus_dir: Path) -> None:
    from gov_docs.library.index import LibraryIndex

    w = MainWindow(checker=Checker(load_rules([ROOT / "rules"]), allow_list=AllowList()),
                   backend_factory=FakeBackend,
                   ask_restore=False, library_index=LibraryIndex(tmp_path / "index"))
    qtbot.addWidget(w)
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(corpus_dir / "g0250.txt", docs / "g0250.txt")
    (docs / "坏文件.docx").write_bytes(b"not a docx")
    (docs / "目录.csv").write_text("没有文件名的一行\n", encoding="utf-8")
    w.start_index(str(docs))
    qtbot.waitUntil(lambda: getattr(w, "index_report_box", None) is not None, timeout=60000)
    box = w.index_report_box
    assert not box.isModal() and "坏文件.docx" in box.text() and "目录.csv" in box.text()
    assert "索引完成：1 篇，失败 1 篇" in w.statusBar().currentMessage()
