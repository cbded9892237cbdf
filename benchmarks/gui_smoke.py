"""GUI smoke run (offscreen): screenshots of the main window with findings, the drafting panel and the
rule editor, plus cold start to an editable window and keystroke-to-updated-findings on a 30-page text.

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_smoke.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
T0 = time.perf_counter()
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "data" / "gov_corpus"


def wait(app, predicate, timeout=30.0) -> None:
    """Process events until ``predicate()`` or timeout."""
    end = time.perf_counter() + timeout
    while not predicate() and time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.005)


def main() -> int:  # noqa: D103
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    from gov_docs.gui.main_window import MainWindow
    from gov_docs.llm.backends import FakeBackend

    w = MainWindow(backend_factory=FakeBackend, ask_restore=False)
    w.resize(1400, 860)
    w.show()
    app.processEvents()
    cold = time.perf_counter() - T0
    print(f"cold start to an editable window: {cold:.2f} s (rules and model load lazily in the background)")
    sample = ROOT / "resources" / "samples" / "示例通知.txt"
    text = sample.read_text(encoding="utf-8").replace("安全生产大检查。", "安全生产大检查,请及时按装设备。",
                                                      1)
    w.editor.setPlainText(text)
    w.start_check()
    wait(app, lambda: bool(w.findings))
    w.grab().save(str(args.out / "main_window_findings.png"))
    w.tabs.setCurrentWidget(w.draft_panel)
    p = w.draft_panel
    p.title.setText("某某市人民政府办公室关于开展冬季消防安全检查的通知")
    p.points.setPlainText("检查范围\n工作要求")
    p.to.setText("各区县人民政府，市政府各部门")
    p.org.setText("某某市人民政府办公室")
    p.btn_draft.click()
    wait(app, lambda: "二、工作要求" in w.editor.toPlainText())
    wait(app, lambda: w.doc is not None and len(w.editor.roles) == w.editor.blockCount())
    w.grab().save(str(args.out / "drafting_panel.png"))
    from gov_docs import paths
    from gov_docs.gui.rules_dialog import RuleEditorDialog

    dialog = RuleEditorDialog(paths.rules_dir())
    dialog.resize(1100, 640)
    dialog.open_file(paths.rules_dir() / "punctuation" / "parallel-words-comma.yaml")
    dialog.validate()
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(args.out / "rule_editor.png"))
    # keystroke to updated findings on a 30-page document
    parts, total = [], 0
    for f in sorted(CORPUS.glob("g02*.txt")):
        t = f.read_text(encoding="utf-8")
        parts.append(t)
        total += len(t)
        if total > 30 * 616:
            break
    w.editor.setPlainText("\n".join(parts))
    w.start_check()
    wait(app, lambda: w.latest_check and w.doc is not None)
    times = []
    for _ in range(5):
        cursor = w.editor.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        job_before = w.latest_check
        t0 = time.perf_counter()
        cursor.insertText("按")
        app.processEvents()
        typed = time.perf_counter() - t0
        w.check_timer.stop()
        w.start_check()
        wait(app,
             lambda jb=job_before: w.latest_check > jb and w.findings is not None and w.last_check_ms > 0)
        wait(app, lambda: w.statusBar().currentMessage().startswith("核验完成"))
        times.append((typed, w.last_check_ms))
    print(
        f"30-page document ({total:,} characters): keystroke to screen "
        f"{statistics.median(t for t, _ in times) * 1000:.1f} ms; "
          f"check in the background {statistics.median(c for _, c in times):.0f} ms (plus the {600} ms "
          f"typing pause)")
    import psutil

    print(f"memory (RSS): {psutil.Process().memory_info().rss / 2**20:.0f} MB without the model loaded")
    w.close()
    dialog.close()
    print(f"screenshots: {', '.join(sorted(p.name for p in args.out.glob('*.png')))} in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
