"""Reviewer CLI: check (text/json, exit codes, folders, bad files), --annotate with Word comments, fix, rules
test.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parent.parent.parent
RULES = ROOT / "tests" / "fixtures" / "rules_ok"
BROKEN = ROOT / "tests" / "fixtures" / "broken_rules"
TEXT = "关于做好设备管理的通知\n各单位：\n请及时按装设备，要再接再励。\n某某局\n2024年3月5日\n"


def gd(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gov_docs.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=600)


def _commented_spans(path: Path) -> list[str]:
    """Return the text between each commentRangeStart and commentRangeEnd in document.xml."""
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    spans = []
    for m in re.finditer(r'<w:commentRangeStart w:id="(\d+)"/>(.*?)<w:commentRangeEnd w:id="\1"/>', xml,
                         re.S):
        spans.append("".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", m.group(2))))
    return spans


def test_check_text_json_and_exit_codes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(TEXT, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text(TEXT.replace("按装", "安装").replace("再接再励", "再接再厉"), encoding="utf-8")
    res = gd("check", str(bad), "--rules", str(RULES))
    assert res.returncode == 1 and "“按装” → “安装”" in res.stdout and "第3段第4字" in res.stdout
    assert gd("check", str(good), "--rules", str(RULES)).returncode == 0
    res = gd("check", str(bad), "--format", "json", "--rules", str(RULES))
    data = json.loads(res.stdout)
    f = data["files"][0]["findings"][0]
    assert (f["paragraph"], f["start"], f["end"], f["matched"], f["level"]) == (2, 3, 5, "按装", "error")
    assert f["basis"] and f["rule_id"] == "fixture.typo.sample"


def test_folder_with_a_bad_file_checks_the_rest_and_exits_2(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "broken.docx").write_bytes(b"not a docx")
    res = gd("check", str(tmp_path), "--rules", str(RULES))
    assert res.returncode == 2
    assert "a.txt：2 处" in res.stdout and "broken.docx" in res.stderr and "Traceback" not in res.stderr


def test_annotate_docx_puts_comments_exactly_on_the_findings(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "annotated.docx"
    res = gd("check", str(src), "--annotate", str(out), "--rules", str(RULES))
    assert res.returncode == 1, res.stderr
    assert _commented_spans(out) == ["按装", "再接再励"]
    d = docx.Document(str(out))
    comments = list(d.comments)
    assert len(comments) == 2 and "依据" in comments[0].text and "必错" in comments[0].text
    # the annotated copy still reads as the same document
    assert "请及时按装设备，要再接再励。" in [p.text for p in d.paragraphs]


def test_annotate_a_folder_of_docx_keeps_formatting(tmp_path: Path) -> None:
    from gov_docs.document import document_from_text, write_docx

    inputs = tmp_path / "in"
    inputs.mkdir()
    write_docx(document_from_text(TEXT), inputs / "one.docx")
    (inputs / "two.txt").write_text(TEXT, encoding="utf-8")
    outdir = tmp_path / "out"
    res = gd("check", str(inputs), "--annotate", str(outdir), "--rules", str(RULES))
    assert res.returncode == 1
    one = outdir / "one.核验批注.docx"
    assert _commented_spans(one) == ["按装", "再接再励"]
    runs = [r for p in docx.Document(str(one)).paragraphs for r in p.runs if "按装" in r.text
            or "再接再励" in r.text]
    assert runs and all(r.font.size.pt == 16 for r in runs)
    assert (outdir / "two.核验批注.docx").exists()


def test_fix_docx_keeps_runs_and_never_overwrites(tmp_path: Path) -> None:
    from gov_docs.document import document_from_text, write_docx

    src = write_docx(document_from_text(TEXT), tmp_path / "in.docx")
    before = src.read_bytes()
    out = tmp_path / "fixed.docx"
    res = gd("fix", str(src), "-o", str(out), "--rules", str(RULES))
    assert res.returncode == 0 and "已自动修改 2 处" in res.stdout
    assert src.read_bytes() == before
    d = docx.Document(str(out))
    p = next(p for p in d.paragraphs if "设备，" in p.text)
    assert p.text == "请及时安装设备，要再接再厉。"
    assert all(r.font.size.pt == 16 for r in p.runs)
    assert gd("check", str(out), "--rules", str(RULES)).returncode == 0
    res = gd("fix", str(src), "-o", str(src), "--rules", str(RULES))
    assert res.returncode == 2 and "与输入相同" in res.stderr


def test_rules_test_reports_file_line_key(tmp_path: Path) -> None:
    res = gd("rules", "test", str(RULES))
    assert res.returncode == 0 and "失败 0" in res.stdout
    res = gd("rules", "test", str(BROKEN))
    assert res.returncode == 1
    assert re.search(r"broken\.yaml:8: colour: 未知的键", res.stdout)
    assert re.search(r"format/key_of_another_check\.yaml:12: size: 未知的键", res.stdout)
    pack = tmp_path / "typo"
    pack.mkdir()
    (pack / "r.yaml").write_text((RULES / "typo" / "sample.yaml").read_text(encoding="utf-8").replace(
        "fixed: 请及时安装设备。", "fixed: 请及时女装设备。"), encoding="utf-8")
    (pack / "sample.tsv").write_text((RULES / "typo" / "sample.tsv").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    res = gd("rules", "test", str(tmp_path))
    assert (res.returncode == 1 and "r.yaml:16: fixture.typo.sample bad[0] 失败" in res.stdout
            and "女装" in res.stdout)


def test_a_large_folder_gets_the_fast_typo_path_unless_verify_is_asked(tmp_path: Path) -> None:
    """Checking a reviewer's folder: above BATCH_FAST_FILES files the typo rule's fast path is used and
    said once (verifying every suspect with the model would take ~100x as long); --verify insists."""
    import os

    from gov_docs.commands.checks import BATCH_FAST_FILES

    folder = tmp_path / "来文"
    folder.mkdir()
    for k in range(BATCH_FAST_FILES + 1):
        (folder / f"{k:02d}.txt").write_text(TEXT, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "GOV_DOCS_TYPO_VERIFY"}  # the shipped setting: verify
    env["GOV_DOCS_HOME"] = str(tmp_path / "home")

    def run(*extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "gov_docs.cli", "check", str(folder), "--format", "json",
                               *extra], capture_output=True, text=True, cwd=ROOT, timeout=600, env=env)

    default, fast, verify = run(), run("--fast"), run("--verify")
    said = f"共 {BATCH_FAST_FILES + 1} 个文件，错别字只用快速检测"
    assert said in default.stderr and "--verify" in default.stderr
    assert json.loads(default.stdout)["files"] == json.loads(fast.stdout)["files"]
    assert "快速检测" not in fast.stderr and "只用快速检测" not in verify.stderr
    found = json.loads(verify.stdout)["files"][0]["findings"]
    assert {"按装", "再接再励"} <= {f["matched"] for f in found}
    assert subprocess.run([sys.executable, "-m", "gov_docs.cli", "check", str(folder), "--fast", "--verify"],
                          capture_output=True, text=True, cwd=ROOT, env=env).returncode == 2


def test_a_very_long_file_gets_the_fast_typo_path_and_says_so(tmp_path: Path, corpus_dir: Path) -> None:
    """One 500-page file is as much work as a folder: verifying every suspect with the model would take a
    quarter of an hour with nothing on the screen, so the default switches to the fast path and says why.
    """
    import os

    from gov_docs.commands.checks import BATCH_FAST_CHARS, _chars_estimate

    texts, size = [], 0
    for f in sorted(corpus_dir.glob("g0*.txt")):
        texts.append(f.read_text(encoding="utf-8"))
        size += len(texts[-1])
        if size > BATCH_FAST_CHARS * 1.2:
            break
    long_file = tmp_path / "汇编.txt"
    long_file.write_text("\n".join(texts), encoding="utf-8")
    assert BATCH_FAST_CHARS < _chars_estimate(long_file) < BATCH_FAST_CHARS * 1.5
    real = ROOT / "tests" / "fixtures" / "real_docx" / "01_notice_red_border.docx"
    from gov_docs import api

    shown = sum(len(p.text) for p in api.open(real).document.paragraphs)
    assert shown * 0.8 <= _chars_estimate(real) <= shown * 1.3  # the w:t texts, not the XML's size
    assert _chars_estimate(tmp_path / "missing.docx") == 0
    env = {k: v for k, v in os.environ.items() if k != "GOV_DOCS_TYPO_VERIFY"}  # the shipped setting: verify
    env["GOV_DOCS_HOME"] = str(tmp_path / "home")
    res = subprocess.run([sys.executable, "-m", "gov_docs.cli", "check", str(long_file), "--only", "typo"],
                         capture_output=True, text=True, cwd=ROOT, timeout=600, env=env)
    assert res.returncode in (0, 1) and "万字，错别字只用快速检测" in res.stderr and "--verify" in res.stderr
    short = tmp_path / "短.txt"
    short.write_text(TEXT, encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "gov_docs.cli", "check", str(short), "--only", "number"],
                         capture_output=True, text=True, cwd=ROOT, timeout=600, env=env)
    assert "快速检测" not in res.stderr


def test_annotate_to_a_file_that_is_no_folder_is_a_clear_error(tmp_path: Path) -> None:
    # --annotate notes.txt: not a .docx, so a folder is meant, but a file of that name exists (it was a
    # traceback: FileExistsError); the file is left as it was
    src = tmp_path / "in.txt"
    src.write_text(TEXT, encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("审核记录", encoding="utf-8")
    res = gd("check", str(src), "--annotate", str(notes), "--rules", str(RULES))
    assert res.returncode == 2 and "Traceback" not in res.stderr and "内部错误" not in res.stderr
    assert f"{notes} 是已有的文件，不是文件夹" in res.stderr
    assert notes.read_text(encoding="utf-8") == "审核记录"
    blocked = tmp_path / "plain" / "sub"
    (tmp_path / "plain").write_text("", encoding="utf-8")  # a file where a folder should be made
    res = gd("check", str(src), "--annotate", str(blocked), "--rules", str(RULES))
    assert res.returncode == 2 and f"无法创建批注文件夹 {blocked}：" in res.stderr
