"""Reviewers' Word comments (批注): read from .docx, imported once into the review history, suggested
later.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import docx

from gov_docs.checks.findings import Category, Finding, Level
from gov_docs.document import read_document
from gov_docs.document.docx_edit import annotate
from gov_docs.document.word_comments import read_word_comments
from gov_docs.library.comments import CommentStore, import_review_comments

ROOT = Path(__file__).resolve().parents[2]


def _reviewed(path: Path, title: str, body: list[str], comments: list[tuple[int, str, str]]) -> Path:
    """A .docx with ``comments`` as (paragraph index, reviewer, text), each anchored on its paragraph."""
    d = docx.Document()
    d.add_paragraph(title)
    for line in body:
        d.add_paragraph(line)
    for i, author, text in comments:
        d.add_comment(d.paragraphs[i].runs, text=text, author=author, initials=author[:1])
    d.save(path)
    return path


def test_comments_are_read_with_author_date_and_anchored_text(tmp_path):
    f = _reviewed(tmp_path / "a.docx", "关于做好冬季森林防火工作的通知",
                  ["各地要加强野外火源管控。", "要落实巡护责任。"],
                  [(1, "张审核", "“火源管控”前应加“野外”"), (2, "王处长", "巡护责任要落实到人")])
    got = read_word_comments(f)
    assert [(c.author, c.text, c.anchor, c.paragraph) for c in got] == [
        ("张审核", "“火源管控”前应加“野外”", "各地要加强野外火源管控。", 1),
        ("王处长", "巡护责任要落实到人", "要落实巡护责任。", 2),
    ]
    assert all(c.date.startswith("20") for c in got)


def test_a_document_without_comments_and_a_broken_file(tmp_path):
    d = docx.Document()
    d.add_paragraph("没有批注")
    d.save(tmp_path / "plain.docx")
    assert read_word_comments(tmp_path / "plain.docx") == []
    (tmp_path / "bad.docx").write_bytes(b"PK\x03\x04 not really a zip")
    store = CommentStore(tmp_path / "h.sqlite")
    report = import_review_comments([tmp_path], store)
    assert report.files == 1 and report.added == 0
    assert len(report.failed) == 1 and "bad.docx" in report.failed[0][0]


def test_import_stores_once_and_skips_our_own_findings(tmp_path):
    folder = tmp_path / "reviewed"
    folder.mkdir()
    f = _reviewed(folder / "n.docx", "关于加强基层治理工作的意见", ["健全基层治理体系。"],
                  [(1, "李科长", "请补充上位文件依据")])
    d = docx.Document(str(f))
    annotate(
        d, [Finding(rule_id="x", category=Category.PUNCTUATION, level=Level.ERROR, message="测试", basis="GB",
                         paragraph=1, start=0, end=2, matched="健全", scope="text")])
    d.save(f)
    assert len(read_word_comments(f)) == 2
    store = CommentStore(tmp_path / "h.sqlite")
    first = import_review_comments([folder], store)
    again = import_review_comments([folder], store)
    assert (first.found, first.added) == (1, 1)
    assert (again.found, again.added) == (1, 0)
    [c] = store.all()
    assert (c.reviewer, c.text, c.anchor, c.doc_type) == ("李科长", "请补充上位文件依据",
                                                          "健全基层治理体系。", "意见")
    assert c.doc_title == "关于加强基层治理工作的意见"


def test_an_imported_comment_is_suggested_for_a_related_draft_only(tmp_path):
    store = CommentStore(tmp_path / "h.sqlite")
    folder = tmp_path / "r"
    folder.mkdir()
    _reviewed(folder / "fire.docx", "关于做好2025年冬季森林防火工作的通知", ["严格管控野外用火。"],
              [(1, "张审核", "应明确野外用火审批责任单位")])
    _reviewed(folder / "edu.docx", "关于加强中小学课后服务工作的意见", ["丰富课后服务内容。"],
              [(1, "王处长", "课后服务收费标准要写清楚")])
    import_review_comments([folder], store)
    draft = tmp_path / "draft.txt"
    draft.write_text("关于做好2026年冬季森林防火工作的通知\n各地要严格管控野外用火，落实巡护责任。\n",
                     encoding="utf-8")
    suggestions = store.suggest(None, read_document(draft))
    texts = [c.text for c, _title, _score in suggestions]
    assert texts == ["应明确野外用火审批责任单位"]
    assert suggestions[0][1] == "关于做好2025年冬季森林防火工作的通知"


def test_cli_comments_import(tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    _reviewed(folder / "a.docx", "关于开展安全生产大检查的通知", ["全面排查隐患。"],
              [(1, "赵主任", "检查时间要具体")])
    env = {"GOV_DOCS_HOME": str(tmp_path / "home"), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "gov_docs.cli", "comments", *args], capture_output=True,
                              text=True, env=env, cwd=ROOT, timeout=600)

    first = run("import", str(folder))
    assert first.returncode == 0, first.stderr
    assert "审核批注 1 条，新增 1 条" in first.stdout
    second = run("import", str(folder / "a.docx"))
    assert "新增 0 条" in second.stdout
    listed = run("list")
    assert "赵主任" in listed.stdout and "检查时间要具体" in listed.stdout
    missing = run("import", str(tmp_path / "nope"))
    assert missing.returncode == 2 and "不存在" in missing.stderr and "Traceback" not in missing.stderr
