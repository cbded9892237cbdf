"""The handling rule files: each shipped example is a test case, and broken fixtures give file:line: key."""

from __future__ import annotations

from pathlib import Path

import pytest

from gov_docs import paths
from gov_docs.document.doctypes import DOC_TYPES
from gov_docs.handling.schemas import selftest_handling, validate_handling_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "broken_handling"
SHIPPED = [paths.rules_dir() / "routing" / "departments.yaml",
           paths.rules_dir() / "archiving" / "retention.yaml"]


def _cases():
    for path in SHIPPED:
        hf = validate_handling_file(path)
        for i, ex in enumerate(hf.examples):
            yield pytest.param(path, i, id=f"{path.parent.name}-example{i}-{ex['title'][:12]}")


def test_shipped_handling_files_are_valid_and_have_examples() -> None:
    for path in SHIPPED:
        hf = validate_handling_file(path)
        assert hf.error_lines == [] and len(hf.examples) >= 3


@pytest.mark.parametrize(("path", "index"), list(_cases()))
def test_handling_example(path: Path, index: int) -> None:
    hf = validate_handling_file(path)
    result = selftest_handling(hf)[index]
    assert result.ok, str(result)


def test_broken_departments_fixture() -> None:
    path = FIXTURES / "routing" / "departments.yaml"
    errors = validate_handling_file(path).error_lines
    assert errors == [
        f"{path}:5: departments[0].doc_type: "
        "未知的键（可用：name、names、duties、keywords、doc_types、heads）",
        f"{path}:6: departments[1].name: 部门 财政 与第 3 行重复",
        f"{path}:7: departments[1].keywords: 关键词为空且没有 names：该部门永远不会被建议",
        f"{path}:8: departments[2].name: 缺少必需的键",
        f"{path}:13: examples[0].leader: 未知的键（可用：title、text、lead、participants）",
    ]


def test_broken_retention_fixture() -> None:
    path = FIXTURES / "archiving" / "retention.yaml"
    errors = validate_handling_file(path).error_lines
    assert errors == [
        f"{path}:3: rules[0].retention: 应为 永久、定期30年、定期10年，实际是 '长期'",
        f"{path}:8: rules[1].title_patterns[0]: 正则表达式错误：缺少右括号“)”（第 3 个字符处）：条例(",
        f"{path}:9: rules[1].doc_types[0]: 未知的文种 '通知书'（可用：{'、'.join(DOC_TYPES)}）",
        f"{path}:10: rules[2]: 须有 title_patterns 或 doc_types，否则永远不会命中",
        f"{path}:13: categories[0].name: 缺少必需的键",
        f"{path}:15: examples[0].retention: 缺少必需的键",
    ]
