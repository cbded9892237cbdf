"""Validate any one file the app reads, or an edited text of it, before anything is saved.

Kinds: ``rule`` (a check rule YAML), ``wordlist`` (a ``.tsv``/``.txt`` list used by rules of its pack),
``departments`` and ``retention`` (handling files, :mod:`gov_docs.handling.schemas`) and ``templates``
(:mod:`gov_docs.llm.template_schema`). Every problem is ``file:line: key: message``; examples run as
self-tests (a rule's bad/good sentences; a handling file's sample documents).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from gov_docs.checks.loader import RULE_SUFFIXES, is_handling_path, load_rules
from gov_docs.checks.schema import RuleLoadError
from gov_docs.checks.selftest import SelfTestResult, selftest_rule
from gov_docs.handling.schemas import handling_kind, selftest_handling, validate_handling_file

KIND_LABELS = {
    "rule": "核验规则",
    "wordlist": "词表",
    "departments": "部门职责（拟办）",
    "retention": "归档规则",
    "templates": "文种模板",
}
WORDLIST_SUFFIXES = (".tsv", ".txt")
_ID_LINE = re.compile(r"^-?\s*id:\s*['\"]?([^'\"\s#]+)", re.M)


@dataclass
class FileReport:
    """What validating one file found: problems (``file:line: key: message``) and examples run."""

    path: Path
    kind: str
    problems: list[str] = field(default_factory=list)
    results: list[SelfTestResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Return True when nothing is wrong."""
        return not self.problems

    @property
    def passed(self) -> int:
        """Return how many examples passed."""
        return sum(r.ok for r in self.results)

    def summary(self) -> str:
        """Return one Chinese line: kind, examples and problems."""
        label = KIND_LABELS.get(self.kind, self.kind)
        if self.ok:
            tail = f"（示例 {len(self.results)} 条全部通过）" if self.results else ""
            return f"{self.path}：{label}，验证通过{tail}"
        return f"{self.path}：{label}，{len(self.problems)} 处问题"


def is_templates_file(path: Path) -> bool:
    """Return True for a document-type templates file (``doctypes/templates.yaml`` or 15 文种 keys)."""
    if path.suffix not in RULE_SUFFIXES:
        return False
    if path.name.startswith("templates") and path.parent.name == "doctypes":
        return True
    try:
        head = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return bool(re.search(r"^(通知|请示|报告|意见|批复|纪要):\s*$", head, re.M))


def detect_kind(path: Path) -> str:
    """Return the kind of file ``path`` is (see :data:`KIND_LABELS`)."""
    if path.suffix.lower() in WORDLIST_SUFFIXES:
        return "wordlist"
    kind = handling_kind(path)
    if kind:
        return kind
    if is_templates_file(path):
        return "templates"
    return "rule"


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _duplicate_ids(path: Path, ids: Iterable[tuple[str, int]]) -> list[str]:
    """Report rule ids of ``path`` that another rule file of the same folder already uses."""
    others: dict[str, Path] = {}
    for sib in sorted(path.parent.glob("*")):
        if sib.suffix in RULE_SUFFIXES and not _same(sib, path) and sib.is_file():
            for m in _ID_LINE.finditer(sib.read_text(encoding="utf-8", errors="replace")):
                others.setdefault(m.group(1), sib)
    return [str(RuleLoadError(path, line, "id", f"规则编号 {rid} 与 {others[rid]} 重复"))
            for rid, line in ids if rid in others]


def _validate_rules(path: Path, rule_paths: list[Path], report: FileReport) -> None:
    ruleset = load_rules(rule_paths)
    report.problems.extend(ruleset.error_lines)
    for rule in ruleset.rules:
        report.results.extend(selftest_rule(rule))
        if _same(rule.spec.path, path):
            report.problems.extend(_duplicate_ids(path, [(rule.id, rule.spec.line_of("id"))]))
    report.problems.extend(str(r) for r in report.results if not r.ok)


def referencing_rules(wordlist: Path) -> list[Path]:
    """Return the rule files next to ``wordlist`` that name it (rules may only read lists of their pack)."""
    out = []
    for p in sorted(wordlist.parent.glob("*")):
        if p.suffix in RULE_SUFFIXES and p.is_file():
            text = p.read_text(encoding="utf-8", errors="replace")
            if re.search(rf"(?<![\w.-]){re.escape(wordlist.name)}(?![\w.-])", text):
                out.append(p)
    return out


def validate_file(path: Path | str, kind: str | None = None) -> FileReport:
    """Validate one file and run its examples (or those of the rules that use it, for a word list).

    Args:
        path: the file.
        kind: force a kind instead of detecting it.

    Returns:
        The report; ``report.ok`` is False when anything is wrong (bad YAML, schema, failed example).
    """
    path = Path(path)
    kind = kind or detect_kind(path)
    report = FileReport(path, kind)
    if not path.is_file():
        report.problems.append(f"{path}:1: file: 文件不存在")
        return report
    if kind in ("departments", "retention"):
        hf = validate_handling_file(path, kind)
        report.problems.extend(hf.error_lines)
        report.results = selftest_handling(hf)
        report.problems.extend(str(r) for r in report.results if not r.ok)
    elif kind == "templates":
        from gov_docs.llm.template_schema import selftest_templates, validate_templates

        report.problems.extend(str(e) for e in validate_templates(path)[1])
        report.results = selftest_templates(path)
        report.problems.extend(str(r) for r in report.results if not r.ok)
    elif kind == "wordlist":
        try:
            path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            report.problems.append(f"{path}:1: file: 不是 UTF-8 编码：{exc.reason}")
            return report
        users = referencing_rules(path)
        if not users:
            report.notes.append(f"{path.name} 没有被同一文件夹中的规则引用，未做规则检查")
        else:
            report.notes.append("引用此词表的规则：" + "、".join(p.name for p in users))
            _validate_rules(path, users, report)
    else:
        _validate_rules(path, [path], report)
    return report


def validate_text(path: Path | str, text: str, kind: str | None = None) -> FileReport:
    """Validate ``text`` as the new content of ``path`` without touching ``path``.

    The file's folder (its pack: the rules that share a word list) is copied to a temporary folder,
    the text written there and validated; the report names the original path.
    """
    path = Path(path)
    kind = kind or detect_kind(path)
    with tempfile.TemporaryDirectory(prefix="gov-docs-validate-") as tmp_s:
        tmp_dir = Path(tmp_s) / path.parent.name
        if kind in ("rule", "wordlist") and path.parent.is_dir():
            shutil.copytree(path.parent, tmp_dir, ignore=shutil.ignore_patterns("*.bak", "__pycache__"))
        else:
            tmp_dir.mkdir(parents=True)
        target = tmp_dir / path.name
        target.write_text(text, encoding="utf-8")
        report = validate_file(target, kind)
        prefix = str(tmp_dir)
        report.problems = [p.replace(prefix, str(path.parent)) for p in report.problems]
        report.notes = [n.replace(prefix, str(path.parent)) for n in report.notes]
        for r in report.results:
            if str(r.path).startswith(prefix):
                r.path = path.parent / Path(r.path).relative_to(tmp_dir)
        report.path = path
        return report


def handling_files(targets: Iterable[Path]) -> list[Path]:
    """Return the handling rule files (departments, retention) in or among ``targets``."""
    out: list[Path] = []
    for t in targets:
        t = Path(t)
        if t.is_file() and handling_kind(t):
            out.append(t)
        elif t.is_dir():
            out.extend(sorted(p for p in t.rglob("*") if p.suffix in RULE_SUFFIXES and p.is_file()
                              and is_handling_path(p, t) and handling_kind(p)))
    return out


def run_all_selftests(targets: Iterable[Path | str] | None = None) -> tuple[list[SelfTestResult], list[str]]:
    """Run every self-test: check rules, handling files and (by default) the document-type templates.

    Args:
        targets: folders or files; default: the bundled rules, the configured rule folders and the
            bundled templates.

    Returns:
        (example results, problems as ``file:line: key: message``).
    """
    from gov_docs.checks.selftest import run_selftest

    tlist = None if targets is None else [Path(t) for t in targets]
    rule_targets = None if tlist is None else [t for t in tlist if detect_kind(t) == "rule" or t.is_dir()]
    results: list[SelfTestResult] = []
    errors: list[str] = []
    if rule_targets is None or rule_targets:
        results, errors = run_selftest(rule_targets)
    if tlist is None:
        from gov_docs import paths

        tlist = [paths.rules_dir(), paths.resources_dir() / "doctypes" / "templates.yaml"]
    for hf_path in handling_files(tlist):
        hf = validate_handling_file(hf_path)
        errors.extend(hf.error_lines)
        results.extend(selftest_handling(hf))
    for t in tlist:
        if t.is_file() and detect_kind(t) in ("templates", "wordlist"):
            report = validate_file(t)
            errors.extend(p for p in report.problems if p not in errors)
            results.extend(report.results)
    return results, errors
