"""Every example of every rule file under rules/ (one case per example), and the rules load cleanly."""

from __future__ import annotations

import pytest

from gov_docs import paths
from gov_docs.checks import load_rules
from gov_docs.checks.selftest import check_example

RULESET = load_rules([paths.rules_dir()])


def _cases():
    for rule in RULESET.rules:
        for i, ex in enumerate(rule.spec.bad):
            yield pytest.param(rule, ex, "bad", i, id=f"{rule.id}-bad{i}")
        for i, ex in enumerate(rule.spec.good):
            yield pytest.param(rule, ex, "good", i, id=f"{rule.id}-good{i}")


def test_bundled_rules_load_without_errors() -> None:
    assert RULESET.error_lines == []
    assert RULESET.files, "rules/ holds no rule files"


@pytest.mark.parametrize(("rule", "example", "which", "index"), list(_cases()))
def test_rule_example(rule, example, which: str, index: int) -> None:
    result = check_example(rule, example, which, index)
    assert result.ok, str(result)
