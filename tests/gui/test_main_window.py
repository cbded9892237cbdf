"""The main window as a whole: indexing, drafting and checking at once, each cancellable."""

from __future__ import annotations

import shutil
from pathlib import Path

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.gui.main_window import MainWindow
from gov_docs.llm.backends import FakeBackend
from tests.gui.helpers import ROOT, TEXT


def test_indexing_drafting_and_checking_at_once_and_cancelling(qtbot, tmp_path: Path, corpus_dir: Path) -> None:
    from gov_docs.library.index import LibraryIndex

    checker = Checker(load_rules([ROOT / "rules"]), allow_list=AllowList())
    w = MainWindow(checker=checker, backend_factory=lambda: FakeBackend(delay_s=0.02), ask_restore=False,
                   library_index=LibraryIndex(tmp_path / "index"))
    qtbot.addWidget(w)
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("g0570.txt", "g0250.txt", "g0278.txt", "g0001.txt"):
        shutil.copy(corpus_dir / name, docs / name)
    w.start_index(str(docs))
    req = w.draft_panel.request()
    req.title, req.points, req.to, req.org = "某某局关于开展检查的通知", ["一", "二", "三", "四"], "各单位", "某某局"
    w.start_draft(req)
    w.editor.setPlainText(TEXT)  # checks run while indexing and drafting
    w.start_check(full=True)
    t0 = __import__("time").perf_counter()
    qtbot.wait(50)  # the event loop keeps running: the window stays responsive
    assert __import__("time").perf_counter() - t0 < 2
    w.stop_draft()
    qtbot.waitUntil(lambda: w.draft_worker is None, timeout=30000)
    assert w.editor.toPlainText().startswith("某某局关于开展检查的通知")  # the cancelled draft is complete as far as it went
    qtbot.waitUntil(lambda: w.index.exists(), timeout=60000)
    assert w.index.stats()["documents"] == 4
