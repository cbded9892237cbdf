"""The CLI skeleton (cli.py): help, version, and one-line Chinese errors with exit code 2."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from gov_docs import __version__
from gov_docs.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """Run ``python -m gov_docs.cli`` in a subprocess (a real process: exit codes, stderr)."""
    return subprocess.run([sys.executable, "-m", "gov_docs.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=600)


def test_help_and_version() -> None:
    res = run_cli("--help")
    assert res.returncode == 0 and "format" in res.stdout
    assert "用法：" in res.stdout and "显示本帮助并退出" in res.stdout and "show this help" not in res.stdout
    res = run_cli("index", "build", "--help")  # nested sub-commands too
    assert res.returncode == 0 and "选项" in res.stdout and "options" not in res.stdout
    res = run_cli("--version")
    assert res.returncode == 0 and __version__ in res.stdout


def _parsers(parser: argparse.ArgumentParser, name: str = "gov-docs"):
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from _parsers(sub, f"{name} {sub_name}")


def test_every_argument_says_what_it_is_for() -> None:
    """A reviewer reading ``--help`` sees what each argument means, in Chinese, not a bare ``--top TOP``."""
    bare = [f"{name} {'/'.join(action.option_strings) or action.dest}"
            for name, parser in _parsers(build_parser()) for action in parser._actions
            if not action.help and not isinstance(action, argparse._SubParsersAction)]
    assert bare == []


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["format", "{tmp}/missing.txt", "-o", "{tmp}/o.docx"], "文件不存在"),
        (["format", "{tmp}/bin.txt", "-o", "{tmp}/o.docx"], "不是文本文件"),
        (["format", "{tmp}/bad.docx", "-o", "{tmp}/o.docx"], "不是有效的 .docx"),
        (["format", "{tmp}/ok.txt", "-o", "{tmp}/ok.txt"], "与输入相同"),
        (["format", "{tmp}/ok.txt", "-o", "{tmp}/o.pdf"], "必须以 .docx 结尾"),
        (["nosuchcommand"], "没有 'nosuchcommand' 这个命令"),
        (["fix", "{tmp}/ok.txt"], "缺少必填参数 -o/--output"),  # argparse's English, in Chinese
        # a 通知 needs a 主送机关: refused at once, naming --to (not after the model wrote an outline)
        (["draft", "--ask", "起草关于做好冬季森林防火工作的通知", "--model", "{tmp}/none.gguf", "-o",
          "{tmp}/d.docx"],
         "请用 --to 指定"),
        # an output under a file (not a folder): Chinese reason, not the system's English text
        (["format", "{tmp}/ok.txt", "-o", "{tmp}/ok.txt/o.docx"], "不是文件夹"),
        (["fix", "{tmp}/ok.txt", "-o", "{tmp}/fixed.txt", "--rules", "{tmp}/empty"], "没有规则文件"),
        # a read-only output: says nothing was written (not the GUI's "your edits are kept")
        (["fix", "{tmp}/ok.txt", "-o", "{tmp}/ro.txt"], "文件为只读，未写入"),
    ],
)
def test_errors_are_one_chinese_line_and_exit_2(tmp_path: Path, args: list[str], fragment: str) -> None:
    (tmp_path / "empty").mkdir()  # a --rules folder with no rules would silently check nothing
    (tmp_path / "bin.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "bad.docx").write_bytes(b"garbage")
    (tmp_path / "ok.txt").write_text("关于开展检查的通知\n各单位：\n请落实。", encoding="utf-8")
    (tmp_path / "ro.txt").write_text("旧稿", encoding="utf-8")
    (tmp_path / "ro.txt").chmod(0o444)
    res = run_cli(*[a.format(tmp=tmp_path) for a in args])
    assert "编辑内容" not in res.stderr
    assert res.returncode == 2
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, res.stderr
    assert fragment in lines[0]
    assert "Traceback" not in res.stderr
    assert (tmp_path / "ok.txt").read_text(encoding="utf-8").startswith("关于")  # input never overwritten


def test_unexpected_errors_still_print_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    import gov_docs.document as document

    def boom(path):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(document, "read_document", boom)
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    code = main(["format", str(tmp_path / "a.txt"), "-o", str(tmp_path / "b.docx")])
    err = capsys.readouterr().err
    assert code == 2 and "内部错误" in err and "simulated bug" in err and "Traceback" not in err


def test_edit_takes_the_chinese_action_names_and_a_text_file(tmp_path: Path) -> None:
    """A clerk writes 扩写, as the GUI's button says, and may hand over a .txt file in GBK."""
    from gov_docs.commands.draft import _edit_text

    parser = build_parser()
    for name, action in (("润色", "polish"), ("扩写", "expand"), ("缩写", "condense"), ("正式", "formal"),
                         ("expand", "expand")):
        assert parser.parse_args(["edit", name, "一段文字"]).action == action
    src = tmp_path / "段落.txt"
    src.write_bytes("各单位要高度重视森林防火工作。\n加强巡查。\n".encode("gbk"))
    assert _edit_text(str(src)) == "各单位要高度重视森林防火工作。\n加强巡查。"
    assert _edit_text("加强巡查。") == "加强巡查。"
    with pytest.raises(SystemExit) as exit_info:
        main(["edit", "翻译", "一段文字"])
    assert exit_info.value.code == 2
