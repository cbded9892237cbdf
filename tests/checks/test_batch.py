"""Checking many files on every core: the same findings as one by one, in input order, whatever happens."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gov_docs.checks import AllowList, Checker, batch, load_rules
from gov_docs.commands.progress import ProgressBar

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    """Seven corpus documents of different sizes, a broken .docx and a notice with a misspelling and a
    half-width comma."""
    out = tmp_path_factory.mktemp("batch")
    for src in sorted(corpus_dir.glob("g*.txt"))[5:600:90]:
        shutil.copy(src, out / src.name)
    (out / "g0300_broken.docx").write_bytes(b"not a docx")
    (out / "g0400_typo.txt").write_text(
        "关于加强财务管理的通知\n各单位：\n各地要加强组织领导，严格执行财经纪率。\n请于3月底前报送,逾期不候。\n",
                                        encoding="utf-8")
    return out


def _summary(results) -> list[tuple[str, str | None, list[dict]]]:
    return [(r.path.name, r.error and r.error[:2], [f.to_dict() for f in r.findings]) for r in results]


def _files(folder: Path) -> list[Path]:
    return sorted(folder.iterdir())


def test_parallel_equals_sequential_in_input_order(folder: Path) -> None:
    checker = Checker(load_rules([ROOT / "rules"]), allow_list=AllowList())
    files = _files(folder)
    done: list[int] = []
    one = list(batch.check_files(files, checker, jobs=1))
    two = list(batch.check_files(files, checker, jobs=2, progress=lambda d, t, p: done.append(d)))
    assert [r.path for r in two] == files and [r.index for r in two] == list(range(len(files)))
    assert _summary(two) == _summary(one)
    found = {(f.rule_id, f.matched) for r in two for f in r.findings}
    assert {("typo.statistical", "率"), ("punctuation.halfwidth-comma", ",")} <= found  # the notice's slips
    broken = next(r for r in two if r.path.suffix == ".docx")
    assert broken.error and broken.path.name in broken.error and broken.document is None
    assert done == list(range(1, len(files) + 1))


def test_spawned_workers_rebuild_the_same_checker(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where workers cannot inherit the rules (Windows, a caller with threads) they rebuild them, allow-list
    too.
    """
    import multiprocessing

    monkeypatch.setattr(batch, "_context", lambda: (multiprocessing.get_context("spawn"), False))
    rules = load_rules([FIXTURES / "rules_ok", ROOT / "rules" / "punctuation"])
    checker = Checker(rules, allow_list=AllowList(["各省、自治区"]), disabled=["punctuation.doubled-marks"])
    files = _files(folder)
    spawned = list(batch.check_files(files, checker, jobs=2))
    here = list(batch.check_files(files, checker, jobs=1))
    assert _summary(spawned) == _summary(here) and sum(len(r.findings) for r in here) > 0
    assert all(f.rule_id != "punctuation.doubled-marks" for r in spawned for f in r.findings)


def test_a_dying_worker_does_not_lose_files(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parent = os.getpid()
    real = batch.check_one

    def crash_on_one_file(checker, index, path):
        if os.getpid() != parent and index == 3:
            os._exit(3)  # a worker killed mid-batch (out of memory, a crashing library)
        return real(checker, index, path)

    monkeypatch.setattr(batch, "check_one", crash_on_one_file)
    checker = Checker(load_rules([FIXTURES / "rules_ok"]), allow_list=AllowList())
    files = _files(folder)
    results = list(batch.check_files(files, checker, jobs=2))
    assert [r.path for r in results] == files
    assert _summary(results) == _summary(real(checker, i, p) for i, p in enumerate(files))


def test_cli_checks_a_folder_on_both_cores_in_order(folder: Path, tmp_path: Path) -> None:
    env = {**os.environ, "GOV_DOCS_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-m", "gov_docs.cli", "check", str(folder), "--only", "punctuation,number"]
    par = subprocess.run([*args, "-j", "2"], capture_output=True, text=True, env=env, timeout=600)
    seq = subprocess.run([*args, "-j", "1"], capture_output=True, text=True, env=env, timeout=600)
    assert par.returncode == seq.returncode == 2  # the broken file
    assert par.stdout == seq.stdout
    listed = [line.split("：")[0] for line in par.stdout.splitlines() if not line.startswith(("  ", "共"))]
    assert listed == [str(p) for p in _files(folder) if p.suffix == ".txt"]
    assert "\r" not in par.stderr and "\x1b" not in par.stderr  # no progress bar when not on a terminal
    assert "g0300_broken.docx" in par.stderr and "Traceback" not in par.stderr
    bad = subprocess.run([*args, "-j", "0"], capture_output=True, text=True, env=env, timeout=600)
    assert bad.returncode == 2 and "--jobs" in bad.stderr


def test_progress_bar_draws_only_on_a_terminal() -> None:
    piped = io.StringIO()
    bar = ProgressBar(600, stream=piped)
    bar.update(120, 600)
    bar.finish()
    assert piped.getvalue() == ""
    shown = io.StringIO()
    bar = ProgressBar(600, stream=shown, force=True)
    bar.update(120, 600)
    assert "120/600" in shown.getvalue() and "20%" in shown.getvalue() and "约剩" in shown.getvalue()
    bar.clear()
    assert shown.getvalue().endswith("\r\x1b[2K")


def test_cli_names_the_files_of_a_folder_it_cannot_read(tmp_path: Path, corpus_dir: Path) -> None:
    """A reviewer's folder mixes old .doc/.wps files in: they are named, and the summary says a file was
    unreadable, so a clean-looking total never hides documents that were not checked."""
    folder = tmp_path / "收文"
    folder.mkdir()
    shutil.copy(corpus_dir / "g0001.txt", folder / "g0001.txt")
    (folder / "旧稿.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))  # an OLE header
    (folder / "草稿.wps").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    (folder / "坏文件.docx").write_bytes(b"not a docx")
    # without LibreOffice (GOV_DOCS_SOFFICE empty) the .doc is named with the .wps
    env = {**os.environ, "GOV_DOCS_HOME": str(tmp_path / "home"), "PYTHONPATH": str(ROOT),
           "GOV_DOCS_SOFFICE": ""}
    cli = [sys.executable, "-m", "gov_docs.cli", "check"]
    res = subprocess.run([*cli, str(folder), "--only", "punctuation"], capture_output=True, text=True,
                         env=env, timeout=600)
    assert res.returncode == 2  # the broken .docx
    assert "跳过 2 个 .doc、.wps 文件" in res.stderr and "安装 LibreOffice 后可直接核验" in res.stderr
    assert "旧稿.doc" in res.stderr and "草稿.wps" in res.stderr and "另存为 .docx" in res.stderr
    assert "坏文件.docx" in res.stderr and "Traceback" not in res.stderr
    assert res.stdout.splitlines()[-1].startswith("共 2 个文件（1 个无法读取，见上方错误），")
    # with LibreOffice (installed by the setup) the .doc and binary .wps are read through it: these are broken
    with_lo = {k: v for k, v in env.items() if k != "GOV_DOCS_SOFFICE"}
    res = subprocess.run([*cli, str(folder), "--only", "punctuation"], capture_output=True, text=True,
                         env=with_lo, timeout=600)
    assert res.returncode == 2 and "跳过" not in res.stderr
    assert "旧稿.doc" in res.stderr and "草稿.wps" in res.stderr and "LibreOffice 无法转换" in res.stderr
    assert "Traceback" not in res.stderr
    assert res.stdout.splitlines()[-1].startswith("共 4 个文件（3 个无法读取，见上方错误），")
    only_old = tmp_path / "只有旧格式"
    only_old.mkdir()
    shutil.copy(folder / "旧稿.doc", only_old / "旧稿.doc")
    res = subprocess.run([*cli, str(only_old)], capture_output=True, text=True, env=env, timeout=600)
    assert res.returncode == 2 and "旧稿.doc" in res.stderr
    assert "没有找到可核验的 .docx 或 .txt 文件" in res.stderr
