"""The allow-list and ignores (checks/allowlist.py): terms silence their findings, an ignore silences one
finding wherever its paragraph moves, both persist in the user data folder, and bad files never stop a
check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gov_docs import config
from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.checks.allowlist import allow_list_path, ignored_path
from gov_docs.document import document_from_text
from gov_docs.errors import GovDocsError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TEXT = "关于做好设备管理的通知\n各单位：\n请及时按装设备。按装公司另行通知。"


def _checker(**kw) -> Checker:
    return Checker(load_rules([FIXTURES / "rules_ok"]), allow_list=kw.pop("allow_list", AllowList()), **kw)


def test_allow_list_and_ignore() -> None:
    doc = document_from_text("关于做好设备管理的通知\n各单位：\n请及时按装设备。按装公司另行通知。")
    allow = AllowList(terms=["按装公司"])
    found = _checker(allow_list=allow).check(doc)
    assert [f.start for f in found] == [3]
    allow.ignore(found[0], doc)
    assert _checker(allow_list=allow).check(doc) == []


def test_allow_list_persists(tmp_path: Path) -> None:
    allow = AllowList.load()
    allow.add_term("按装公司")
    assert "按装公司" in AllowList.load().terms


def test_allow_list_entries_of_one_character_are_refused(tmp_path) -> None:
    allow = AllowList()
    with pytest.raises(GovDocsError, match="不足 2 个字"):
        allow.add_term("广")
    assert "广" not in AllowList(["广", "广电"]).terms


def test_the_file_the_settings_and_comments_all_count() -> None:
    allow_list_path().write_text("\ufeff# 白名单\n按装公司\n\n", encoding="utf-8")  # saved by Notepad: a BOM
    settings = config.load()
    settings["checks"]["allow_list"] = ["再接再励精神"]
    config.save(settings)
    assert AllowList.load().terms == {"按装公司", "再接再励精神"}


def test_an_ignore_follows_its_text_when_lines_are_added_above() -> None:
    doc = document_from_text(TEXT)
    allow = AllowList()
    first = _checker(allow_list=allow).check(doc)[0]
    AllowList.load().ignore(first, doc)
    moved = document_from_text(TEXT.replace("各单位：", "各单位：\n（此件公开发布）"))
    found = _checker(allow_list=AllowList.load()).check(moved)
    assert [(f.paragraph, f.start) for f in found] == [(3, 8)]  # the ignored one stays ignored, one line down
    assert json.loads(ignored_path().read_text(encoding="utf-8"))


def test_unreadable_files_give_an_empty_list_not_an_error() -> None:
    allow_list_path().write_bytes(b"\xff\xfe\x00bad")
    ignored_path().write_text("{not json", encoding="utf-8")
    allow = AllowList.load()
    assert allow.terms == set() and allow.ignored == set()
    assert len(_checker(allow_list=allow).check(document_from_text(TEXT))) == 2
