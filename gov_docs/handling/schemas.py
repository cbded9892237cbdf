"""Schemas of the handling rule files, with ``file:line: key: message`` errors and runnable examples.

Two files drive the handling suggestions and are edited by administrators like any check rule:

- ``rules/routing/departments.yaml`` (拟办): ``departments:`` a list of {name, names, duties, keywords,
  doc_types, heads}; ``examples:`` a list of {title, text, lead, participants} — a sample document and the
  department that must lead it (and, optionally, departments that must take part).
- ``rules/archiving/retention.yaml`` (归档): ``rules:`` ordered {retention, reason, title_patterns,
  doc_types}; ``categories:`` {name, title_patterns}; ``examples:`` {title, text, retention, category}.

Unknown keys, wrong types, bad regexes, unknown 文种 and duplicate department names are errors, as in the
check rules (Vale's model). The examples run as self-tests: the file's own departments (or retention
rules) are applied to the sample document and must give the expected lead (or retention period).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from gov_docs.checks.schema import LineDict, RuleLoadError, load_yaml_with_lines
from gov_docs.checks.selftest import SelfTestResult
from gov_docs.document.doctypes import DOC_TYPES
from gov_docs.errors import regex_reason

#: key → (accepted types, required)
KeySpec = dict[str, tuple[tuple[type, ...], bool]]

DEPARTMENTS_TOP: KeySpec = {"departments": ((list,), True), "examples": ((list,), True)}
DEPARTMENT_KEYS: KeySpec = {
    "name": ((str,), True),
    "names": ((list,), False),
    "duties": ((str,), False),
    "keywords": ((list,), True),
    "doc_types": ((list,), False),
    "heads": ((list,), False),
}
ROUTING_EXAMPLE_KEYS: KeySpec = {
    "title": ((str,), True),
    "text": ((str,), False),
    "lead": ((str,), True),
    "participants": ((list,), False),
}
RETENTION_TOP: KeySpec = {
    "rules": ((list,), True),
    "categories": ((list,), False),
    "examples": ((list,), True),
}
RETENTION_RULE_KEYS: KeySpec = {
    "retention": ((str,), True),
    "reason": ((str,), True),
    "title_patterns": ((list,), False),
    "doc_types": ((list,), False),
}
CATEGORY_KEYS: KeySpec = {"name": ((str,), True), "title_patterns": ((list,), False)}
ARCHIVE_EXAMPLE_KEYS: KeySpec = {
    "title": ((str,), True),
    "text": ((str,), False),
    "retention": ((str,), True),
    "category": ((str,), False),
}
#: The retention periods of 国家档案局令第8号.
RETENTIONS = ("永久", "定期30年", "定期10年")
HANDLING_KINDS = ("departments", "retention")

_TYPE_NAMES = {str: "文本", bool: "true/false", int: "整数", float: "数字", list: "列表", dict: "映射"}


@dataclass
class HandlingFile:
    """A handling rule file as validated: its kind, parsed data, problems and examples."""

    kind: str  # "departments" | "retention"
    path: Path
    data: LineDict | None
    errors: list[RuleLoadError] = field(default_factory=list)
    examples: list[LineDict] = field(default_factory=list)

    @property
    def error_lines(self) -> list[str]:
        """Return every problem as ``file:line: key: message``."""
        return [str(e) for e in self.errors]


def _line(data: object, key: str | None = None, default: int = 1) -> int:
    if isinstance(data, LineDict):
        return data.line_of(key) if key else data.line
    return default


def _check_mapping(path: Path, data: object, keys: KeySpec, where: str, errors: list[RuleLoadError],
                   line: int = 1) -> bool:
    """Check a mapping against ``keys`` (unknown, missing and mistyped keys); return True if usable."""
    if not isinstance(data, dict):
        errors.append(RuleLoadError(path, _line(data, default=line), where or "file",
                                    "应为 YAML 映射（键: 值）"))
        return False
    ok = True
    prefix = f"{where}." if where else ""
    for key in data:
        if key not in keys:
            errors.append(RuleLoadError(path, _line(data, key), prefix + key,
                                        f"未知的键（可用：{'、'.join(keys)}）"))
            ok = False
    for key, (types, required) in keys.items():
        if key not in data:
            if required:
                errors.append(RuleLoadError(path, _line(data, default=line), prefix + key, "缺少必需的键"))
                ok = False
            continue
        value = data[key]
        if isinstance(value, bool) and bool not in types or not isinstance(value, types):
            names = "或".join(_TYPE_NAMES.get(t, t.__name__) for t in types)
            errors.append(RuleLoadError(path, _line(data, key), prefix + key,
                                        f"应为{names}，实际是 {type(value).__name__}"))
            ok = False
        elif isinstance(value, str) and required and not value.strip():
            errors.append(RuleLoadError(path, _line(data, key), prefix + key, "不能为空"))
            ok = False
    return ok


def _check_texts(path: Path, data: dict, key: str, where: str, errors: list[RuleLoadError],
                 allowed: tuple[str, ...] | None = None) -> list[str]:
    """Check that ``data[key]`` (if present) is a list of non-empty texts; return the texts."""
    items = data.get(key)
    if not isinstance(items, list):
        return []
    out = []
    for i, item in enumerate(items):
        name = f"{where}.{key}[{i}]"
        if not isinstance(item, str | int | float) or isinstance(item, bool) or not str(item).strip():
            errors.append(RuleLoadError(path, _line(data, key), name, "应为非空文本"))
            continue
        if allowed is not None and str(item) not in allowed:
            errors.append(RuleLoadError(path, _line(data, key), name,
                                        f"未知的文种 {item!r}（可用：{'、'.join(allowed)}）"))
            continue
        out.append(str(item))
    return out


def _check_patterns(path: Path, data: dict, where: str, errors: list[RuleLoadError]) -> None:
    for i, pattern in enumerate(_check_texts(path, data, "title_patterns", where, errors)):
        try:
            re.compile(pattern)
        except re.error as exc:
            errors.append(RuleLoadError(path, _line(data, "title_patterns"), f"{where}.title_patterns[{i}]",
                                        regex_reason(exc, pattern)))


def _read(path: Path, top: KeySpec, errors: list[RuleLoadError], require_examples: bool) -> LineDict | None:
    try:
        data = load_yaml_with_lines(path)
    except RuleLoadError as exc:
        errors.append(exc)
        return None
    if data is None:
        errors.append(RuleLoadError(path, 1, "file", "文件为空"))
        return None
    keys = top if require_examples else {k: (t, req and k != "examples") for k, (t, req) in top.items()}
    _check_mapping(path, data, keys, "", errors)
    return data if isinstance(data, LineDict) else None


def _check_examples(path: Path, data: LineDict, keys: KeySpec, errors: list[RuleLoadError],
                    require: bool) -> list[LineDict]:
    raw = data.get("examples")
    if not isinstance(raw, list):
        return []
    if not raw and require:
        errors.append(RuleLoadError(path, data.line_of("examples"), "examples", "至少需要一条示例"))
    good = []
    for i, ex in enumerate(raw):
        if _check_mapping(path, ex, keys, f"examples[{i}]", errors, line=data.line_of("examples")):
            good.append(ex)
    return good


def validate_departments(path: Path, *, require_examples: bool = True) -> HandlingFile:
    """Validate a responsibilities file (拟办); return it with its problems and examples.

    Args:
        path: the YAML file.
        require_examples: report a missing ``examples:`` (validation does; loading for use does not).
    """
    errors: list[RuleLoadError] = []
    data = _read(path, DEPARTMENTS_TOP, errors, require_examples)
    hf = HandlingFile("departments", path, data, errors)
    if data is None or not isinstance(data.get("departments"), list):
        return hf
    seen: dict[str, int] = {}
    for i, d in enumerate(data["departments"]):
        where = f"departments[{i}]"
        if not _check_mapping(path, d, DEPARTMENT_KEYS, where, errors, line=data.line_of("departments")) and (
                not isinstance(d, LineDict) or not isinstance(d.get("name"), str)):
            continue
        name = d["name"].strip()
        if name in seen:
            errors.append(RuleLoadError(path, d.line_of("name"), f"{where}.name",
                                        f"部门 {name} 与第 {seen[name]} 行重复"))
        seen.setdefault(name, d.line_of("name"))
        if not _check_texts(path, d, "keywords", where, errors) and not d.get("names"):
            errors.append(RuleLoadError(path, d.line_of("keywords"), f"{where}.keywords",
                                        "关键词为空且没有 names：该部门永远不会被建议"))
        _check_texts(path, d, "names", where, errors)
        _check_texts(path, d, "doc_types", where, errors, allowed=DOC_TYPES)
        _check_texts(path, d, "heads", where, errors)
    hf.examples = _check_examples(path, data, ROUTING_EXAMPLE_KEYS, errors, require_examples)
    for i, ex in enumerate(hf.examples):
        for key in ("lead", "participants"):
            names = [ex[key]] if key == "lead" else _check_texts(path, ex, key, f"examples[{i}]", errors)
            for n in names:
                if n not in seen:
                    errors.append(RuleLoadError(path, ex.line_of(key), f"examples[{i}].{key}",
                                                f"未知的部门 {n!r}（须为 departments 中的 name）"))
    return hf


def validate_retention(path: Path, *, require_examples: bool = True) -> HandlingFile:
    """Validate an archiving rules file (归档); return it with its problems and examples.

    Args:
        path: the YAML file.
        require_examples: report a missing ``examples:`` (validation does; loading for use does not).
    """
    errors: list[RuleLoadError] = []
    data = _read(path, RETENTION_TOP, errors, require_examples)
    hf = HandlingFile("retention", path, data, errors)
    if data is None:
        return hf
    for i, r in enumerate(data.get("rules") if isinstance(data.get("rules"), list) else []):
        where = f"rules[{i}]"
        if not _check_mapping(path, r, RETENTION_RULE_KEYS, where, errors, line=data.line_of("rules")) and (
                not isinstance(r, LineDict)):
            continue
        if isinstance(r.get("retention"), str) and r["retention"] not in RETENTIONS:
            errors.append(RuleLoadError(path, r.line_of("retention"), f"{where}.retention",
                                        f"应为 {'、'.join(RETENTIONS)}，实际是 {r['retention']!r}"))
        if not r.get("title_patterns") and not r.get("doc_types"):
            errors.append(RuleLoadError(path, r.line, where,
                                        "须有 title_patterns 或 doc_types，否则永远不会命中"))
        _check_patterns(path, r, where, errors)
        _check_texts(path, r, "doc_types", where, errors, allowed=DOC_TYPES)
    categories = data.get("categories") if isinstance(data.get("categories"), list) else []
    names = set()
    for i, c in enumerate(categories):
        where = f"categories[{i}]"
        if _check_mapping(path, c, CATEGORY_KEYS, where, errors, line=data.line_of("categories")):
            names.add(c["name"])
            _check_patterns(path, c, where, errors)
    hf.examples = _check_examples(path, data, ARCHIVE_EXAMPLE_KEYS, errors, require_examples)
    for i, ex in enumerate(hf.examples):
        if ex["retention"] not in RETENTIONS:
            errors.append(RuleLoadError(path, ex.line_of("retention"), f"examples[{i}].retention",
                                        f"应为 {'、'.join(RETENTIONS)}，实际是 {ex['retention']!r}"))
        if "category" in ex and ex["category"] not in names | {"公文档案"}:
            errors.append(RuleLoadError(path, ex.line_of("category"), f"examples[{i}].category",
                                        f"未知的类别 {ex['category']!r}（须为 categories 中的 name）"))
    return hf


def handling_kind(path: Path) -> str | None:
    """Return "departments" or "retention" when ``path`` is a handling rule file, else None.

    The file name decides (``departments*.yaml`` under ``routing/``, ``retention*.yaml`` under
    ``archiving/``); a file elsewhere is recognised by its top-level keys.
    """
    if path.suffix not in (".yaml", ".yml"):
        return None
    parent = path.parent.name
    if parent == "routing":
        return "departments"
    if parent == "archiving":
        return "retention"
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:20000]
    except OSError:
        return None
    if re.search(r"^departments:", head, re.M):
        return "departments"
    if re.search(r"^rules:\s*$", head, re.M) and re.search(r"^\s*-?\s*retention:", head, re.M):
        return "retention"
    return None


def validate_handling_file(path: Path, kind: str | None = None, *,
                           require_examples: bool = True) -> HandlingFile:
    """Validate a handling rule file of ``kind`` (detected from the path when None)."""
    kind = kind or handling_kind(path) or "departments"
    if kind == "retention":
        return validate_retention(path, require_examples=require_examples)
    return validate_departments(path, require_examples=require_examples)


def _example_document(ex: dict):
    from gov_docs.document import document_from_text

    body = str(ex.get("text", "") or "")
    return document_from_text(ex["title"] + ("\n" + body if body.strip() else ""))


def selftest_handling(hf: HandlingFile) -> list[SelfTestResult]:
    """Run the examples of a valid handling file: each sample document must give the expected outcome.

    Returns:
        One result per example (``rule_id`` is ``routing`` or ``archiving``); none when the file has errors.
    """
    if hf.errors or hf.data is None:
        return []
    out = []
    for i, ex in enumerate(hf.examples):
        rule_id = "routing" if hf.kind == "departments" else "archiving"
        result = SelfTestResult(rule_id, hf.path, ex.line, "example", i, ok=False)
        try:
            result.message = _run_example(hf, ex)
        except Exception as exc:  # a broken example must be reported, not crash the self-test
            result.message = f"示例无法运行：{exc}"
        result.ok = not result.message
        out.append(result)
    return out


def _run_example(hf: HandlingFile, ex: dict) -> str:
    """Return '' when the example holds, else what went wrong (in Chinese)."""
    doc = _example_document(ex)
    if hf.kind == "departments":
        from gov_docs.handling.routing import departments_from_data, suggest_routing

        s = suggest_routing(doc, departments=departments_from_data(hf.data))
        if s.lead != ex["lead"]:
            top = "、".join(f"{k} {v}" for k, v in list(s.scores.items())[:3]) or "无"
            return f"主办应为 {ex['lead']}，实际建议 {s.lead or '（无）'}（得分：{top}）"
        missing = [p for p in ex.get("participants", []) or [] if p not in s.participants]
        if missing:
            return f"协办应含 {'、'.join(missing)}，实际建议 {'、'.join(s.participants) or '（无）'}"
        return ""
    from gov_docs.handling.archiving import suggest_archiving

    a = suggest_archiving(doc, path=hf.path)
    if a.retention != ex["retention"]:
        return f"保管期限应为 {ex['retention']}，实际 {a.retention}（{a.reason}）"
    if "category" in ex and a.category != ex["category"]:
        return f"类别应为 {ex['category']}，实际 {a.category}"
    return ""
