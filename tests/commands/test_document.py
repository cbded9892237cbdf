"""`gov-docs format` and `gov-docs roles` (commands/document.py): typesetting a corpus file, roles as JSON
and numbered like `check` numbers paragraphs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx
import pytest

from gov_docs.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """Run ``python -m gov_docs.cli`` in a subprocess (a real process: exit codes, stderr)."""
    return subprocess.run([sys.executable, "-m", "gov_docs.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=600)


def test_format_a_corpus_file(tmp_path: Path, corpus_dir: Path) -> None:
    out = tmp_path / "g0250.docx"
    res = run_cli("format", str(corpus_dir / "g0250.txt"), "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert "已排版" in res.stdout
    d = docx.Document(str(out))
    s = d.sections[0]
    assert (round(s.top_margin.mm), round(s.bottom_margin.mm), round(s.left_margin.mm),
            round(s.right_margin.mm)) == (
        37, 35, 28, 26)
    assert d.paragraphs[0].runs[0].font.size.pt == 22


def test_roles_json(tmp_path: Path, corpus_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["roles", str(corpus_dir / "g0250.txt"), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"doc_type": "批复"' in out and '"role": "发文字号"' in out


def test_roles_text_numbers_paragraphs_like_check(capsys: pytest.CaptureFixture[str]) -> None:
    """`roles` and `check` name the same paragraph by the same number (roles printed 0-based, check 第N段)."""
    src = ROOT / "tests" / "fixtures" / "real_docx" / "01_notice_red_border.docx"
    assert main(["roles", str(src)]) == 0
    roles = {ln.split()[0]: ln.split()[1] for ln in capsys.readouterr().out.splitlines() if ln.strip()}
    main(["check", str(src)])
    out = capsys.readouterr().out
    assert "第17段" in out and "1." in out  # the skipped-level hint on "1.加强日常监测。"
    assert roles["17"] == "三级标题"
