"""Rule files: the common keys every rule has, the error type that names file:line: key, and RuleSpec.

A rule file is YAML (one rule per file, or a list of rules under ``rules:``) loaded with
:func:`load_yaml_with_lines`, which keeps the line of every key so that every problem is reported as
``file:line: key: message``. Kind-specific keys are declared by each kind (``RuleKind.keys``; format
and structure declare them per check, ``CheckKind.checks``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gov_docs.checks.findings import Category, Level
from gov_docs.errors import yaml_reason

#: Keys every rule may have, with the accepted types and whether they are required.
COMMON_KEYS: dict[str, tuple[tuple[type, ...], bool]] = {
    "id": ((str,), True),
    "name": ((str,), True),
    "extends": ((str,), True),
    "level": ((str,), True),
    "category": ((str,), False),
    "message": ((str,), True),
    "basis": ((str,), True),
    "fix": ((str,), False),
    "enabled": ((bool,), False),
    "roles": ((list,), False),
    "exclude_roles": ((list,), False),
    "examples": ((dict,), True),
    "description": ((str,), False),
}

FIX_VALUES = ("replace", "remove", "none")
PACK_CATEGORIES = {c.value: c for c in Category}


class RuleLoadError(Exception):
    """One problem in one rule file, formatted ``file:line: key: message``."""

    def __init__(self, path: Path | str, line: int, key: str, message: str) -> None:
        self.path = Path(path)
        self.line = line
        self.key = key
        self.message = message
        super().__init__(f"{self.path}:{line}: {key}: {message}")


class LineDict(dict):
    """A dict from YAML that remembers the line of each key (1-based) and its own start line."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """Return the line of ``key`` (or of the mapping when the key is absent)."""
        return self.key_lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    """SafeLoader (no object construction) whose mappings are LineDicts."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "mapping keys must be plain text", key_node.start_mark
            )
        key = str(key)
        if key in out:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml_with_lines(path: Path) -> Any:
    """Parse a YAML file safely, mappings as :class:`LineDict`.

    Raises:
        RuleLoadError: unreadable file, bad encoding or YAML syntax error (with its line).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise RuleLoadError(path, 1, "file", f"不是 UTF-8 编码：{exc.reason}") from exc
    except OSError as exc:
        raise RuleLoadError(path, 1, "file", f"无法读取：{exc.strerror or exc}") from exc
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - _LineLoader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        # an unclosed [ or { is found where something else begins: say where it opened
        opened = exc.context_mark.line + 1 if exc.context_mark is not None else line
        since = f"（从第 {opened} 行开始）" if opened < line else ""
        raise RuleLoadError(path, line, "yaml", f"YAML 语法错误：{yaml_reason(exc)}{since}") from exc
    except yaml.YAMLError as exc:
        raise RuleLoadError(path, 1, "yaml", f"YAML 错误：{exc}") from exc


@dataclass
class Example:
    """A bad or good example of a rule; ``text`` may contain one ``[[…]]`` marker (bad examples)."""

    text: str
    fixed: str | None = None
    line: int = 0
    good: bool = False
    document: dict | None = None  # a structured document (format examples), see checks.examples


@dataclass
class RuleSpec:
    """A validated rule as read from its file (kind-specific keys in ``params``)."""

    id: str
    name: str
    kind: str
    level: Level
    category: Category
    message: str
    basis: str
    fix: str
    enabled: bool
    roles: tuple[str, ...]
    exclude_roles: tuple[str, ...]
    params: dict[str, Any]
    bad: list[Example] = field(default_factory=list)
    good: list[Example] = field(default_factory=list)
    path: Path = Path()
    line: int = 0
    key_lines: dict[str, int] = field(default_factory=dict)

    @property
    def pack(self) -> str:
        """Return the pack (folder) name the rule lives in."""
        return self.path.parent.name

    def line_of(self, key: str) -> int:
        """Return the line of ``key`` in the rule file."""
        return self.key_lines.get(key, self.line)
