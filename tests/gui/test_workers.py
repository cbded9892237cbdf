"""Background workers (gui/workers.py): a full check sends the quick rules' findings first, then all;
a failing job is a message, never an exception; a function worker reports tokens, progress, its result
and stops when cancelled. With typo verification on (the default), the typo rule's fast path comes before
the model's verdict, under the same job id."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from gov_docs.api import CheckJob, OpenDocument
from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.document import document_from_text
from gov_docs.document.model import Document, PageSetup, Paragraph, Role
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
    @dataclasses.dataclass
    class Broken:
        changed: list = dataclasses.field(default_factory=lambda: [0])
        light_only: bool = True
        stop: object = None

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


# -- the typo rule's fast path first, then the 0.5B model's verdict (issue 16) ----------------------------

def test_check_worker_shows_the_fast_path_first_then_the_verified_findings(monkeypatch) -> None:
    monkeypatch.setenv("GOV_DOCS_TYPO_VERIFY", "1")  # 设置 → 错别字检测用本机模型核验
    ruleset = load_rules([ROOT / "rules" / "typo"])
    kind = next(r.kind for r in ruleset.rules if r.id == "typo.statistical")
    checker = Checker(ruleset, allow_list=AllowList())
    texts = ("要严格执行财经纪率。", "加大对中小微企业的支持力渡。")
    doc = Document([Paragraph(t, role=Role.BODY, role_locked=True) for t in texts], page=PageSetup.unknown())
    worker = CheckWorker(7, CheckJob(doc, checker, AllowList()))
    seen = []
    worker.signals.partial.connect(lambda job_id, payload: seen.append(("partial", job_id, *payload)))
    worker.signals.done.connect(lambda job_id, payload: seen.append(("done", job_id, *payload)))
    worker.run()
    stages = [(kind_, job.light_only, job.quick) for kind_, _id, job, _run in seen]
    assert stages == [("partial", True, False), ("partial", False, True), ("done", False, False)]
    assert {i for _k, i, _j, _r in seen} == {7}  # one job id: a newer check drops all three
    quick_run, done_run = seen[1][3], seen[2][3]
    assert {f.matched for f in quick_run.findings} == {"率", "渡"}
    assert {f.matched for f in done_run.findings} >= {"率"} and kind.corrector().scorer.loaded


def test_a_quick_answer_is_not_taken_as_checked(tmp_path: Path, monkeypatch) -> None:
    from gov_docs import api

    monkeypatch.setenv("GOV_DOCS_TYPO_VERIFY", "1")
    path = tmp_path / "通知.txt"
    path.write_text("关于加强财务管理的通知\n各单位：\n要严格执行财经纪率。\n", encoding="utf-8")
    od = api.open(path, checker=Checker(load_rules([ROOT / "rules" / "typo"]), allow_list=AllowList()))
    job = od.check_job(full=True)
    quick = CheckJob(job.document, job.checker, job.allow_list, quick=True)
    od.accept(quick, quick.run())
    assert od.check_job().changed is None  # after the fast path, the next job is a full (verified) one


def test_a_check_outdated_while_it_runs_stops_at_the_next_paragraph_and_sends_nothing_more(qtbot) -> None:
    """The clerk opened another document (or typed) while a long check ran: the old check stops between
    paragraphs instead of finishing work whose result would be dropped, and never sends a partial
    result as if complete."""
    checker = Checker(load_rules([ROOT / "rules"]), allow_list=AllowList())
    od = OpenDocument(document_from_text(TEXT * 20), checker=checker)
    asked: list[int] = []
    outdated_after = 30  # the quick rules' pass asks once per paragraph, and is still current

    def is_stale() -> bool:
        asked.append(1)
        return len(asked) > outdated_after

    worker = CheckWorker(3, od.check_job(full=True), is_stale=is_stale)
    got = _record(worker)
    worker.run()
    paragraphs = len(od.document.paragraphs)
    assert paragraphs > outdated_after  # the stop came part-way through a stage
    assert [g[0] for g in got] in ([], ["partial"])  # never "done", never a cut-off stage's findings
    # no paragraph was checked after the answer turned: the engine's "yes" ended the stage, and the worker
    # asked once more before deciding not to send it
    assert len(asked) == outdated_after + 2
