"""Rule engine: rule files, kinds, findings, fixes, self-test.

Public API (used by the CLI, the GUI and drafting):
    load_rules(dirs) -> RuleSet          rules + every load error as "file:line: key: message"
    Checker(ruleset, allow_list=…)       .check(doc), .check_paragraphs(doc, indices)
    lint(doc_or_path, …) -> findings     one call for callers that check once
    fix(doc, findings=None)              -> (fixed document, applied findings): unambiguous fixes only
    run_selftest(targets)                -> (results, load errors): every rule's examples
"""

from __future__ import annotations

from pathlib import Path

from gov_docs.checks.allowlist import AllowList
from gov_docs.checks.engine import Checker
from gov_docs.checks.findings import Category, Edit, Finding, FormatEdit, Level
from gov_docs.checks.fixes import apply_findings, fix_document
from gov_docs.checks.loader import LoadedRule, RuleSet, load_rules
from gov_docs.checks.schema import RuleLoadError
from gov_docs.checks.selftest import SelfTestResult, run_selftest, selftest_rule
from gov_docs.document.model import Document

_default_checker: Checker | None = None


def default_checker() -> Checker:
    """Return a process-wide Checker over the default rules (compiled once)."""
    global _default_checker
    if _default_checker is None:
        _default_checker = Checker()
    return _default_checker


def lint(target: Document | Path | str, checker: Checker | None = None) -> list[Finding]:
    """Check a document (or a file path) with ``checker`` (default: the default rules)."""
    if not isinstance(target, Document):
        from gov_docs.document import read_document

        target = read_document(target)
    return (checker or default_checker()).check(target)


def fix(doc: Document, findings: list[Finding] | None = None, checker: Checker | None = None) -> tuple[Document, list[Finding]]:
    """Apply the unambiguous fixes (level error, one suggestion) and return (fixed copy, applied findings)."""
    if findings is None:
        findings = (checker or default_checker()).check(doc)
    return fix_document(doc, findings)


__all__ = [
    "AllowList",
    "Category",
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
    "fix",
    "fix_document",
    "lint",
    "load_rules",
    "run_selftest",
    "selftest_rule",
]
