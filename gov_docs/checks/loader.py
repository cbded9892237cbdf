"""Load and validate every rule file under the rule folders; report all problems at once.

A broken file (bad YAML, unknown key, wrong type, bad regex, missing examples, unknown kind, a word
list outside its pack) yields :class:`RuleLoadError`s formatted ``file:line: key: message`` and never
stops the other files from loading.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from gov_docs.checks.findings import Category, Level
from gov_docs.checks.kinds.base import RuleKind, SpecError
from gov_docs.checks.registry import KINDS, kind_class
from gov_docs.checks.schema import (
    COMMON_KEYS,
    FIX_VALUES,
    PACK_CATEGORIES,
    Example,
    LineDict,
    RuleLoadError,
    RuleSpec,
    load_yaml_with_lines,
)
from gov_docs.document.model import Role

RULE_SUFFIXES = (".yaml", ".yml")
#: Folders under rules/ that hold other editable files (handling suggestions), not check rules.
NON_RULE_FOLDERS = frozenset({"routing", "archiving"})
MARK_OPEN, MARK_CLOSE = "[[", "]]"


@dataclass
class LoadedRule:
    """A rule ready to run: its spec and its compiled kind."""

    spec: RuleSpec
    kind: RuleKind

    @property
    def id(self) -> str:
        """Return the rule id."""
        return self.spec.id


@dataclass
class RuleSet:
    """The rules loaded from some folders, and every problem found while loading them."""

    rules: list[LoadedRule] = field(default_factory=list)
    errors: list[RuleLoadError] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def by_id(self, rule_id: str) -> LoadedRule | None:
        """Return the rule with ``rule_id``, or None."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        return None

    @property
    def error_lines(self) -> list[str]:
        """Return every load error as ``file:line: key: message``."""
        return [str(e) for e in self.errors]


def _type_name(types: tuple[type, ...]) -> str:
    names = {str: "文本", bool: "true/false", int: "整数", float: "数字", list: "列表", dict: "映射"}
    return "或".join(names.get(t, t.__name__) for t in types)


def _check_type(path: Path, data: LineDict, key: str, types: tuple[type, ...],
                errors: list[RuleLoadError]) -> bool:
    value = data[key]
    if bool in types or not isinstance(value, bool):
        if isinstance(value, types):
            return True
    errors.append(RuleLoadError(path, data.line_of(key), key,
                                f"应为{_type_name(types)}，实际是 {type(value).__name__}"))
    return False


def _parse_examples(path: Path, data: LineDict,
                    errors: list[RuleLoadError]) -> tuple[list[Example], list[Example]]:
    ex = data.get("examples")
    bad: list[Example] = []
    good: list[Example] = []
    if not isinstance(ex, dict):
        return bad, good
    line0 = data.line_of("examples")
    for key in ex:
        if key not in ("bad", "good"):
            errors.append(RuleLoadError(path, ex.line_of(key) if isinstance(ex, LineDict) else line0,
                                        f"examples.{key}", "未知的键（只允许 bad 和 good）"))
    raw_bad = ex.get("bad")
    raw_good = ex.get("good")
    if not isinstance(raw_bad, list) or not raw_bad:
        errors.append(
            RuleLoadError(path, line0, "examples.bad", "缺少错误示例（至少一条，用 [[…]] 标出错误）"))
        raw_bad = []
    if not isinstance(raw_good, list) or not raw_good:
        errors.append(RuleLoadError(path, line0, "examples.good", "缺少正确示例（至少一条）"))
        raw_good = []
    for i, item in enumerate(raw_bad):
        line = item.line if isinstance(item, LineDict) else line0
        if isinstance(item, str):
            item = {"text": item}
        if not isinstance(item, dict):
            errors.append(RuleLoadError(path, line, f"examples.bad[{i}]", "应为 {text: …, fixed: …}"))
            continue
        unknown = set(item) - {"text", "fixed", "document"}
        if unknown:
            errors.append(
                RuleLoadError(path, line, f"examples.bad[{i}]", f"未知的键 {', '.join(sorted(unknown))}"))
        text = item.get("text")
        document = item.get("document")
        if not isinstance(text, str) and not isinstance(document, dict):
            errors.append(RuleLoadError(path, line, f"examples.bad[{i}].text", "缺少示例文本"))
            continue
        fixed = item.get("fixed")
        if fixed is not None and not isinstance(fixed, str):
            errors.append(RuleLoadError(path, line, f"examples.bad[{i}].fixed", "应为文本"))
            fixed = None
        if isinstance(text, str) and document is None:
            if (text.count(MARK_OPEN) != 1 or text.count(MARK_CLOSE) != 1
                or text.index(MARK_OPEN) > text.index(MARK_CLOSE)):
                if MARK_OPEN in text or MARK_CLOSE in text:
                    errors.append(RuleLoadError(path, line, f"examples.bad[{i}].text",
                                                "错误示例须用一对 [[…]] 标出错误位置"))
                    continue
        bad.append(Example(text=text or "", fixed=fixed, line=line, document=document))
    for i, item in enumerate(raw_good):
        line = item.line if isinstance(item, LineDict) else line0
        if isinstance(item, str):
            good.append(Example(text=item, line=line, good=True))
        elif isinstance(item, dict) and isinstance(item.get("document"), dict):
            good.append(Example(text=item.get("text", ""), line=line, good=True, document=item["document"]))
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            good.append(Example(text=item["text"], line=line, good=True))
        else:
            errors.append(RuleLoadError(path, line, f"examples.good[{i}]", "应为文本"))
    return bad, good


def _parse_rule(path: Path, data: object, errors: list[RuleLoadError]) -> LoadedRule | None:
    """Validate one rule mapping; append problems to ``errors``; return the rule if it is usable."""
    if not isinstance(data, LineDict):
        errors.append(RuleLoadError(path, getattr(data, "line", 1), "rule", "规则应为 YAML 映射（键: 值）"))
        return None
    n_errors = len(errors)
    kind_name = data.get("extends")
    kind = kind_class(kind_name) if isinstance(kind_name, str) else None
    if "extends" in data and isinstance(kind_name, str) and kind is None:
        errors.append(RuleLoadError(path, data.line_of("extends"), "extends",
                                    f"未知的规则类型 {kind_name!r}（可用：{', '.join(sorted(KINDS))}）"))
    allowed = dict(COMMON_KEYS)
    if kind is not None:
        allowed.update(kind.keys_for(data))
    for key in data:
        if key not in allowed:
            hint = kind.key_hint(data, key) if kind is not None else ""
            errors.append(RuleLoadError(path, data.line_of(key), key, "未知的键" + hint))
    for key, (types, required) in allowed.items():
        if key not in data:
            if required and (key in COMMON_KEYS or kind is not None):
                errors.append(RuleLoadError(path, data.line, key, "缺少必需的键"))
            continue
        _check_type(path, data, key, types, errors)
    level = data.get("level")
    if isinstance(level, str) and level not in {lv.value for lv in Level}:
        errors.append(RuleLoadError(path, data.line_of("level"), "level",
                                    f"应为 error、warning 或 suggestion，实际是 {level!r}"))
    fix = data.get("fix", "none")
    if isinstance(fix, str) and fix not in FIX_VALUES:
        errors.append(
            RuleLoadError(path, data.line_of("fix"), "fix", f"应为 replace、remove 或 none，实际是 {fix!r}"))
    category = data.get("category", path.parent.name)
    if category not in PACK_CATEGORIES:
        if "category" in data:
            errors.append(RuleLoadError(path, data.line_of("category"), "category",
                                        f"未知的类别 {category!r}（可用：{', '.join(PACK_CATEGORIES)}）"))
        category = "expression"
    for key in ("roles", "exclude_roles"):
        for r in data.get(key, []) if isinstance(data.get(key), list) else []:
            try:
                Role.parse(str(r))
            except ValueError:
                errors.append(RuleLoadError(path, data.line_of(key), key, f"未知的段落角色 {r!r}"))
    bad, good = _parse_examples(path, data, errors)
    if len(errors) > n_errors or kind is None:
        return None
    spec = RuleSpec(
        id=data["id"],
        name=data["name"],
        kind=kind_name,
        level=Level(level),
        category=Category(category),
        message=data["message"],
        basis=data["basis"],
        fix=fix,
        enabled=data.get("enabled", True),
        roles=tuple(str(r) for r in data.get("roles", [])),
        exclude_roles=tuple(str(r) for r in data.get("exclude_roles", [])),
        params={k: v for k, v in data.items() if k not in COMMON_KEYS},
        bad=bad,
        good=good,
        path=path,
        line=data.line,
        key_lines=dict(data.key_lines),
    )
    try:
        compiled = kind(spec)
    except SpecError as exc:
        base_key = exc.key.split(".")[0].split("[")[0]
        errors.append(
            RuleLoadError(exc.path or path, exc.line or spec.line_of(base_key), exc.key, exc.message))
        return None
    except Exception as exc:  # a kind's own bug must not stop other rules loading
        errors.append(RuleLoadError(path, spec.line, "extends", f"规则无法编译：{type(exc).__name__}: {exc}"))
        return None
    return LoadedRule(spec=spec, kind=compiled)


_UNPARSED = object()


def _category_of(path: Path, item: object) -> str:
    category = item.get("category", path.parent.name) if isinstance(item, dict) else path.parent.name
    return category if category in PACK_CATEGORIES else "expression"


def load_rule_file(path: Path, parsed: object = _UNPARSED, categories: set[str] | None = None,
                   ) -> tuple[list[LoadedRule], list[RuleLoadError]]:
    """Load one rule file (a rule mapping, or ``rules:`` with a list of them).

    ``parsed``: the file's YAML already parsed (from :func:`parsed_rule_files`); read from disk if absent.
    ``categories``: compile only rules of these categories (the others are skipped unread, word lists and
    all); None for every rule.
    """
    errors: list[RuleLoadError] = []
    try:
        data = load_yaml_with_lines(path) if parsed is _UNPARSED else parsed
    except RuleLoadError as exc:
        return [], [exc]
    if data is None:
        return [], [RuleLoadError(path, 1, "file", "文件为空")]
    items = data["rules"] if isinstance(data, LineDict) and set(data) == {"rules"} else [data]
    if not isinstance(items, list):
        return [], [RuleLoadError(path, data.line_of("rules"), "rules", "应为规则列表")]
    rules = []
    for item in items:
        if categories is not None and _category_of(path, item) not in categories:
            continue
        rule = _parse_rule(path, item, errors)
        if rule is not None:
            rules.append(rule)
    return rules, errors


def rule_files(dirs: Iterable[Path]) -> list[Path]:
    """Return every rule file (``*.yaml``/``*.yml``) under ``dirs`` (or the files themselves), sorted."""
    out: list[Path] = []
    for d in dirs:
        d = Path(d)
        if d.is_file():
            if not is_handling_path(d, d.parent):
                out.append(d)
        elif d.is_dir():
            out.extend(sorted(p for p in d.rglob("*") if p.suffix in RULE_SUFFIXES and p.is_file()
                              and not is_handling_path(p, d)))
    return out


def is_handling_path(path: Path, root: Path) -> bool:
    """Return True for a file of the handling folders (routing/, archiving/), however the walk started.

    ``rules/``, ``rules/routing`` and ``rules/routing/departments.yaml`` all lead to the same answer:
    those files have their own schemas (:mod:`gov_docs.handling.schemas`) and are not check rules.
    """
    parts = {path.parent.name, *Path(path).relative_to(root).parts[:-1]}
    return bool(NON_RULE_FOLDERS & parts)


def parsed_rule_files(files: list[Path]) -> dict[Path, object]:
    """Return path → parsed YAML of every file that parses, from the precompiled cache when current.

    Parsing YAML with line numbers is the slow part of loading rules; the parsed files are kept in the
    user cache (:mod:`gov_docs.cache`), keyed by every file's content, so any edit re-parses. Files that do
    not parse are left out (loading them again reports their errors).
    """
    from gov_docs import cache
    from gov_docs.checks import schema

    def build() -> dict[str, object]:
        out: dict[str, object] = {}
        for f in files:
            try:
                out[str(f)] = load_yaml_with_lines(f)
            except RuleLoadError:
                continue
        return out

    found = cache.load_or_build("rule-files", [Path(schema.__file__), *files], build)
    return {Path(k): v for k, v in found.items()}


def load_rules(dirs: Iterable[Path | str] | None = None, *,
               categories: Iterable[str] | None = None) -> RuleSet:
    """Load every rule under ``dirs`` (default: the bundled ``rules/`` plus the configured folders).

    Args:
        dirs: folders or single rule files.
        categories: load only rules of these categories ("format", "punctuation", …): a check that asks for
            some packs neither compiles the others nor reads their word lists (nor reports their errors).

    Returns:
        A RuleSet; problems are in ``.errors`` (never raised), duplicates of an id are errors.
    """
    if dirs is None:
        from gov_docs import config, paths

        extra = config.load().get("checks", {}).get("rule_dirs", []) if _config_readable() else []
        dirs = [paths.rules_dir(), *[Path(x) for x in extra]]
    ruleset = RuleSet()
    seen: dict[str, Path] = {}
    cats = set(categories) if categories is not None else None
    files = rule_files(Path(d) for d in dirs)
    parsed = parsed_rule_files(files)
    for path in files:
        ruleset.files.append(path)
        rules, errors = load_rule_file(path, parsed.get(path, _UNPARSED), cats)
        ruleset.errors.extend(errors)
        for rule in rules:
            if rule.id in seen:
                ruleset.errors.append(RuleLoadError(path, rule.spec.line_of("id"), "id",
                                                    f"规则编号 {rule.id} 与 {seen[rule.id]} 重复"))
                continue
            seen[rule.id] = path
            ruleset.rules.append(rule)
    return ruleset


def _config_readable() -> bool:
    from gov_docs import config

    try:
        config.load()
        return True
    except config.ConfigError:
        return False
