"""Fixtures shared by the typo tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.checks.loader import RuleSet

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def verifying(monkeypatch: pytest.MonkeyPatch):
    """The statistical typo rule alone with verification on (设置 → 错别字检测用本机模型核验, the default);
    test_default_mode.py has its own, with every typo rule.
    """
    monkeypatch.setenv("GOV_DOCS_TYPO_VERIFY", "1")
    rules = load_rules([ROOT / "rules" / "typo"])
    statistical = [r for r in rules.rules if r.id == "typo.statistical"]
    return Checker(RuleSet(rules=statistical), allow_list=AllowList()), statistical[0].kind
