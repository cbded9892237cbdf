"""Rule engine: rule files, kinds, findings, fixes, self-test.

Core interface (front ends go through :mod:`gov_docs.api`, which opens, checks, fixes and saves documents):
    load_rules(dirs) -> RuleSet          rules + every load error as "file:line: key: message"
    Checker(ruleset, allow_list=…)       .check(doc), .check_paragraphs(doc, indices),
                                         .run(doc, …) -> CheckRun (thread-safe: returns switch-offs as data)
    fix_document(doc, findings)          -> (fixed document, applied findings): unambiguous fixes only
    run_selftest(targets)                -> (results, load errors): every rule's examples
"""

from __future__ import annotations

from gov_docs.checks.allowlist import AllowList
from gov_docs.checks.engine import Checker, CheckRun
from gov_docs.checks.findings import Category, Edit, Finding, FormatEdit, Level
from gov_docs.checks.fixes import apply_findings, fix_document
from gov_docs.checks.loader import LoadedRule, RuleSet, load_rules
from gov_docs.checks.schema import RuleLoadError
from gov_docs.checks.selftest import SelfTestResult, run_selftest, selftest_rule

_default_checker: Checker | None = None


def default_checker() -> Checker:
    """Return a process-wide Checker over the default rules (compiled once)."""
    global _default_checker
    if _default_checker is None:
        _default_checker = Checker()
    return _default_checker


__all__ = [
    "AllowList",
    "Category",
    "CheckRun",
    "Checker",
    "Edit",
    "Finding",
    "FormatEdit",
    "Level",
    "LoadedRule",
    "RuleLoadError",
    "RuleSet",
    "SelfTestResult",
    "apply_findings",
    "default_checker",
    "fix_document",
    "load_rules",
    "run_selftest",
    "selftest_rule",
]
