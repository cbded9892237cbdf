"""Background workers (gui/workers.py): a full check sends the quick rules' findings first, then all;
a failing job is a message, never an exception; a function worker reports tokens, progress, its result
and stops when cancelled."""

from __future__ import annotations

from gov_docs.api import OpenDocument
from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.document import document_from_text
from gov_docs.errors import GovDocsError
from gov_docs.gui.workers import CheckWorker, FuncWorker
from tests.gui.helpers import ROOT, TEXT


def _record(worker) -> list[tuple]:
    got: list[tuple] = []
    for name in ("partial", "done", "failed", "token", "progress"):
        getattr(worker.signals, name).connect(lambda *args, name=name: got.append((name, *args)))
    return got


def test_a_full_check_sends_the_quick_findings_first_then_all(qtbot) -> None:
    checker = Checker(load_rules([ROOT / "rules"]), allow_list=AllowList())
    od = OpenDocument(document_from_text(TEXT), checker=checker)
    worker = CheckWorker(7, od.check_job(full=True))
    got = _record(worker)
    worker.run()  # on this thread: the signals are delivered at once
    kinds = [g[0] for g in got]
    assert kinds[0] == "partial" and kinds[-1] == "done" and set(kinds[1:-1]) <= {"partial"}
    assert {g[1] for g in got} == {7}  # one job id throughout: a newer check drops every stage
    quick = {f.matched for f in got[0][2][1].findings}
    full = {f.matched for f in got[-1][2][1].findings}
    assert "," in quick and "按装" not in quick  # punctuation first; the typo rules are the heavy ones
    assert {",", "按装", "再接再励"} <= full


def test_a_failing_check_is_a_message_not_an_exception(qtbot) -> None:
    class Broken:
        changed = [0]
        light_only = True

        def run(self):
            raise ValueError("坏了")

    worker = CheckWorker(3, Broken())
    got = _record(worker)
    worker.run()
    assert got == [("failed", 3, "核验出错：ValueError: 坏了")]


def test_a_function_worker_reports_tokens_progress_and_its_result(qtbot) -> None:
    def job(cancel, token, progress):
        for k in range(3):
            token("一、总体要求", f"片段{k}")
            progress(k + 1, 3)
        return "完成"

    worker = FuncWorker(5, job)
    got = _record(worker)
    worker.run()
    steps = [(("token", 5, "一、总体要求", f"片段{k}"), ("progress", 5, k + 1, 3)) for k in range(3)]
    assert got == [event for step in steps for event in step] + [("done", 5, "完成")]


def test_a_function_worker_stops_when_cancelled_and_reports_errors_in_chinese(qtbot) -> None:
    seen = []

    def job(cancel, token, progress):
        for k in range(100):
            if cancel.is_set():
                return f"停在第{k}步"
            seen.append(k)
            if k == 2:
                worker.cancel.set()  # the clerk pressed 停止
        return "没有停"

    worker = FuncWorker(1, job)
    got = _record(worker)
    worker.run()
    assert got == [("done", 1, "停在第3步")] and seen == [0, 1, 2]

    def refuse(cancel, token, progress):
        raise GovDocsError("模型文件 x.gguf 不存在")

    worker = FuncWorker(2, refuse)
    got = _record(worker)
    worker.run()
    assert got == [("failed", 2, "模型文件 x.gguf 不存在")]  # a known error: its message alone
