"""The library controller: search, recommendation with routing, and what indexing could not read."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt

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
    # the State Council's census notice, from above a county's draft
    assert texts[0] == "【上位文件】" and "污染源普查" in texts[1]
    assert "拟办：主办 生态环境" in window.library_panel.handling.text()
    # 归档 names the year and the organ too, as the CLI's archive does
    assert "年度 2026；机构 某某市生态环境局" in window.library_panel.handling.text()
    # a draft citing the 潜江 批复 by its 发文字号 and the 民政 notice by title: both listed apart as
    # 本文已引用 with their facts, after the recommendations, and not counted among them
    window.editor.setPlainText(
        "关于做好第二次全国污染源普查入户调查的通知\n各县（区）：\n根据国函〔2018〕42号文件和《国务院应对新型冠状病毒"
        "感染肺炎疫情联防联控机制关于进一步做好民政服务机构疫情防控工作的通知》，请做好污染源普查工作。")
    window.recommend()
    panel = window.library_panel
    texts = [panel.results.item(i).text() for i in range(panel.results.count())]
    at = texts.index("【本文已引用】")
    assert "污染源普查" in texts[1] and not any("潜江" in t or "民政服务机构" in t for t in texts[:at])
    assert "国函〔2018〕42号" in texts[at + 1] and "文中引用国函〔2018〕42号" in texts[at + 1]
    assert "国发明电〔2020〕6号" in texts[at + 2] and "民政服务机构" in texts[at + 2]
    assert panel.results.item(at + 1).data(Qt.ItemDataRole.UserRole).endswith("g0250.txt")  # it opens
    assert panel.answer.text() == "为当前文稿推荐 1 篇尚未引用的相关文件；本文已引用库中 2 篇"


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
