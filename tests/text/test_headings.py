"""The heading numbers of GB/T 9704 7.3.3 (一、 （一） 1. （1）) are read in one place:
gov_docs.text.headings.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gov_docs.document import heading_level
from gov_docs.llm.outline import parse_outline
from gov_docs.text.headings import (
    LIST_MARK,
    LOOSE_LEVEL1,
    LOOSE_LEVEL2,
    heading_number,
    match_heading,
    strip_typed_number,
)

PACKAGE = Path(__file__).resolve().parents[2] / "gov_docs"


@pytest.mark.parametrize(("text", "expected"), [
    ("一、总体要求", (1, 1, 2)),
    ("十二、其他", (1, 12, 3)),
    ("一百零一、附则", (1, 101, 5)),
    ("（三）加强领导", (2, 3, 3)),
    ("(二十)附则", (2, 20, 4)),
    ("1.明确职责", (3, 1, 2)),
    ("12．落实责任", (3, 12, 3)),
    ("1.2019年底前完成", (3, 1, 2)),  # a year after the number: still a heading
    ("（4）按时报送", (4, 4, 3)),
    ("1.5亿元用于", (0, 0, 0)),  # a decimal is not a heading number
    ("123.条目", (0, 0, 0)),
    ("各地区、各部门：", (0, 0, 0)),
])
def test_heading_number(text, expected):
    assert heading_number(text) == expected


def test_running_text_is_not_a_heading_but_its_number_still_parses():
    assert match_heading("一、二季度完成")[0] == 1  # the number is there …
    assert heading_level("一、二季度完成评估工作") == 0  # … the role detector knows it is running text
    assert heading_level("  一、总体要求") == 1


def test_loose_forms_for_typed_and_generated_text():
    m = LOOSE_LEVEL1.match(" 二. 工作措施")
    assert m and m.group(1) == "二" and m.group(2) == "工作措施"
    m = LOOSE_LEVEL2.match("(三) 组织保障")
    assert m and m.group(1) == "三" and m.group(2) == "组织保障"
    sections = parse_outline("一、总体要求\n（一）指导思想\n二、重点任务\n要写清时间表")
    assert [(s.heading, s.subs, s.note) for s in sections] == [
        ("总体要求", ["指导思想"], ""), ("重点任务", [], "要写清时间表")]


@pytest.mark.parametrize(("line", "rest"), [
    ("- 要点", "要点"), ("1) 要点", "要点"), ("（2）要点", "要点"), ("三. 要点", "要点"),
    ("（十）要点", "要点"), ("第二，要点", "要点"), ("一是要点", "一是要点"), ("2019年要点", "2019年要点"),
])
def test_list_marks_of_model_output(line, rest):
    assert LIST_MARK.sub("", line) == rest


def test_strip_typed_number_takes_only_the_first():
    assert strip_typed_number("一、总体要求") == "总体要求"
    assert strip_typed_number("3.加强督查") == "加强督查"
    assert strip_typed_number("一、二季度") == "二季度"
    assert strip_typed_number("总体要求") == "总体要求"


#: A character class of Chinese numerals repeated and followed by a heading mark: a heading-number
#: pattern. Those live in gov_docs/text/headings.py only.
_HEADING_REGEX_SOURCE = re.compile(
    r"一二三四五六七八九十[^\]\n]*\]\+(?:\)?\[[^\]\n]*[、）)][^\]\n]*\]|[、）)])")


def test_no_other_module_writes_its_own_heading_pattern():
    own = PACKAGE / "text" / "headings.py"
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == own:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _HEADING_REGEX_SOURCE.search(line):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{n}: {line.strip()}")
    assert offenders == []


def test_the_guard_would_see_the_old_copies():
    old = [r'(1, re.compile(r"^([一二三四五六七八九十百]+)、")),',
           r'_HEADING2 = re.compile(r"^\s*[（(]([一二三四五六七八九十]+)[）)]\s*(.+)$")',
           r'_SUB_START = re.compile(r"^\s*[（(]([一二三四五六七八九十]+)[）)]\s*")']
    assert all(_HEADING_REGEX_SOURCE.search(line) for line in old)
