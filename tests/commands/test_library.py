"""gov-docs recommend: the documents a draft does not cite yet are recommended, those it cites are listed
apart (本文已引用, the lead's decision, issue 17 session 10). Real corpus documents, a real index, a real
process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from gov_docs.library.index import LibraryIndex

ROOT = Path(__file__).resolve().parent.parent.parent

DRAFT = ("某某市卫生健康委关于加强医疗器械使用管理的通知\n各区卫生健康局：\n"
         "根据《医疗器械监督管理条例》和《中华人民共和国药品管理法》，按照国函〔2018〕42号文件要求，"
         "现就加强医疗器械使用管理通知如下。\n某某市卫生健康委\n2021年7月1日\n")


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """Run ``python -m gov_docs.cli`` in a subprocess (a real process: exit codes, stderr)."""
    return subprocess.run([sys.executable, "-m", "gov_docs.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def test_recommend_lists_what_the_draft_cites_apart(tmp_path: Path, corpus_dir: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("g0164.txt", "g0250.txt", "g0155.txt", "g0570.txt", "g0278.txt", "g0212.txt", "g0590.txt"):
        shutil.copy(corpus_dir / name, docs / name)
    index = LibraryIndex(tmp_path / "index")
    index.build([docs], workers=1, embed=False)
    draft = tmp_path / "草稿.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    res = run_cli("recommend", str(draft), "--index", str(index.path), "--top", "3")
    assert res.returncode == 0, res.stderr
    out = res.stdout
    head, _, cited = out.partition("【本文已引用】\n")
    cited = cited.split("【历史审核意见】")[0]
    # the 条例 (by title) and the 潜江 批复 (by 发文字号), with their facts, in the order of the text; the law
    # the library lacks is cited too (未收录)
    assert cited.index("医疗器械监督管理条例") < cited.index("国务院关于同意潜江高新技术产业园区")
    assert "文中引用《医疗器械监督管理条例》" in cited and "国务院令第739号" not in head
    assert "国函〔2018〕42号  国务院  2018-02-28\n    文中引用国函〔2018〕42号" in cited
    law = "《中华人民共和国药品管理法》"
    assert f"{law}（未收录；文中引用{law}，文档库未收录）" in cited
    # three recommendations, none of them cited
    assert head.count("理由：") == 3 and "医疗器械监督管理条例" not in head and "潜江" not in head
    assert "药品管理法" not in head
    res = run_cli("recommend", str(draft), "--index", str(index.path), "--top", "3", "--format", "json")
    assert res.returncode == 0, res.stderr
    recs = json.loads(res.stdout)["recommendations"]
    relations = [r["relation"] for r in recs]
    assert relations[3:] == ["本文已引用"] * 3 and "本文已引用" not in relations[:3]
    assert [Path(r["path"]).name for r in recs[3:5]] == ["g0164.txt", "g0250.txt"]
    assert recs[5]["in_library"] is False
