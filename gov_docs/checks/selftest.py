"""Run every rule's own examples (the LanguageTool invariants), for pytest, the CLI and the GUI.

For each bad example: exactly one finding of the rule, at the ``[[…]]`` marker; applying its fix gives
the example's ``fixed`` text; re-checking the fixed text finds nothing of the rule. For each good
example: no finding of the rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from gov_docs.checks.allowlist import AllowList
from gov_docs.checks.engine import Checker
from gov_docs.checks.examples import build_example
from gov_docs.checks.fixes import apply_findings
from gov_docs.checks.loader import LoadedRule, RuleSet, load_rules
from gov_docs.checks.schema import Example


@dataclass
class SelfTestResult:
    """The outcome of one example of one rule."""

    rule_id: str
    path: Path
    line: int
    which: str  # "bad" | "good"
    index: int
    ok: bool
    message: str = ""

    def __str__(self) -> str:
        status = "通过" if self.ok else "失败"
        tail = f"：{self.message}" if self.message else ""
        return f"{self.path}:{self.line}: {self.rule_id} {self.which}[{self.index}] {status}{tail}"


def _checker_for(rule: LoadedRule) -> Checker:
    # A disabled rule's examples are still tested: switching a rule off must not hide a broken one.
    ruleset = RuleSet(rules=[LoadedRule(spec=replace(rule.spec, enabled=True), kind=rule.kind)])
    return Checker(ruleset, allow_list=AllowList(), time_budget_s=5.0)


def check_example(rule: LoadedRule, example: Example, which: str, index: int) -> SelfTestResult:
    """Check one example of one rule against the invariants."""
    result = SelfTestResult(rule.id, rule.spec.path, example.line, which, index, ok=False)
    checker = _checker_for(rule)
    marked = build_example(rule.spec, example)
    findings = [f for f in checker.check(marked.doc) if f.rule_id == rule.id]
    if which == "good":
        if findings:
            f = findings[0]
            result.message = f"正确示例被误报：第 {f.paragraph + 1} 段 “{f.matched}” — {f.message}"
        else:
            result.ok = True
        return result
    if len(findings) != 1:
        result.message = f"错误示例应恰好报告 1 处，实际 {len(findings)} 处" + (
            "：" + "；".join(f"“{f.matched}”" for f in findings[:3]) if findings else "")
        return result
    f = findings[0]
    if marked.paragraph >= 0:
        if f.paragraph != marked.paragraph:
            result.message = f"报告在第 {f.paragraph + 1} 段，标记在第 {marked.paragraph + 1} 段"
            return result
        if f.scope == "text" and (f.start, f.end) != (marked.start, marked.end):
            text = marked.doc.paragraphs[marked.paragraph].text
            result.message = (
                f"报告位置 “{text[f.start:f.end]}” 与标记 “{text[marked.start:marked.end]}” 不一致")
            return result
    if rule.spec.fix != "none" and example.fixed is None and example.document is None:
        result.message = "规则可自动修改（fix 不是 none），错误示例须给出 fixed"
        return result
    if example.fixed is not None or f.edits or f.format_edits:
        fixed_doc = apply_findings(marked.doc, [f])
        if example.fixed is not None:
            got = fixed_doc.paragraphs[marked.paragraph].text if (
                marked.paragraph >= 0 and "\n" not in example.fixed.strip("\n")) else fixed_doc.text
            if got.strip("\n") != example.fixed.strip("\n"):
                result.message = f"修改结果为 “{got}”，应为 “{example.fixed}”"
                return result
        again = [g for g in _checker_for(rule).check(fixed_doc) if g.rule_id == rule.id]
        if again:
            result.message = f"修改后复查仍报告：“{again[0].matched}” — {again[0].message}"
            return result
    result.ok = True
    return result


def selftest_rule(rule: LoadedRule) -> list[SelfTestResult]:
    """Run all examples of one rule."""
    results = [check_example(rule, ex, "bad", i) for i, ex in enumerate(rule.spec.bad)]
    results += [check_example(rule, ex, "good", i) for i, ex in enumerate(rule.spec.good)]
    return results


def run_selftest(targets: Iterable[Path | str] | None = None) -> tuple[list[SelfTestResult], list[str]]:
    """Load rules from ``targets`` (folders or files; default: the bundled rules) and run every example.

    Returns:
        (results, load errors as ``file:line: key: message``).
    """
    ruleset = load_rules(None if targets is None else [Path(t) for t in targets])
    results: list[SelfTestResult] = []
    for rule in ruleset.rules:
        results.extend(selftest_rule(rule))
    return results, ruleset.error_lines
