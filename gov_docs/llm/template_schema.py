"""Schema of the document-type templates file (``resources/doctypes/templates.yaml``), file:line: key errors.

The file maps each of the 15 文种 to its template: ``direction`` (下行文 | 上行文 | 平行文 | 公布),
``addressee`` ({required: true/false, hint: 文本}), ``opening``, ``sections`` (list), ``numbered``
(true/false), ``closing``, ``guidance``, ``elements`` (list), and optionally ``length`` ([下限, 上限]
characters of the whole text), ``subsections`` (true/false: （一）（二） under each 一级 heading) and
``standard_subs`` (一级 heading → its customary sub-headings: 总体要求 → 指导思想, 基本原则, 主要目标). Every
type must be present (drafting needs all of them). Besides the 15 types, the attachment kinds 方案, 规划,
办法 may appear: they also need ``issued_by`` (the 文种 of the 印发通知 that sends them) and ``cover``
(its text, with ``{attachment}`` for the attachment's title). The variant 复函 (a 函 that replies,
chosen by its title) may appear too. ``reason`` (true/false, default true) says whether the model writes
a 缘由 before the opening formula (a reply's opening is the formula "……收悉" alone). ``outline`` (text)
is the task given to the model for the outline of a type whose parts are customary (a 报告: 开展情况,
问题, 打算) instead of the directive one (tasks as 动宾 headings). Unknown types and unknown keys are
errors, as in the rule files.
"""

from __future__ import annotations

from pathlib import Path

from gov_docs.checks.schema import LineDict, RuleLoadError, load_yaml_with_lines
from gov_docs.document.doctypes import DOC_TYPES

#: key → (accepted types, required). Adding a template key: one line here.
TEMPLATE_KEYS: dict[str, tuple[tuple[type, ...], bool]] = {
    "direction": ((str,), True),
    "addressee": ((dict,), True),
    "opening": ((str,), True),
    "sections": ((list,), True),
    "numbered": ((bool,), True),
    "closing": ((str,), True),
    "guidance": ((str,), True),
    "elements": ((list,), True),
    "length": ((list,), False),
    "subsections": ((bool,), False),
    "standard_subs": ((dict,), False),
    "examples": ((list,), False),
    "reason": ((bool,), False),
    "outline": ((str,), False),
}
EXAMPLE_KEYS: dict[str, tuple[tuple[type, ...], bool]] = {"title": ((str,), False),
                                                          "contains": ((list,), True)}
#: Kinds sent as the attachment of a 印发通知, with the keys they need on top of TEMPLATE_KEYS.
ATTACHMENT_KINDS = ("方案", "规划", "办法")
#: Variants of a 文种 with their own template, chosen by the title (a reply 函 is a 复函): variant → 文种.
VARIANTS = {"复函": "函"}
ATTACHMENT_KEYS: dict[str, tuple[tuple[type, ...], bool]] = {"issued_by": ((str,), True),
                                                             "cover": ((str,), True)}
ADDRESSEE_KEYS: dict[str, tuple[tuple[type, ...], bool]] = {
    "required": ((bool,), True),
    "hint": ((str,), True),
}
DIRECTIONS = ("下行文", "上行文", "平行文", "公布")
_TYPE_NAMES = {str: "文本", bool: "true/false", list: "列表", dict: "映射"}


def _check(path: Path, data: LineDict, keys: dict, where: str, errors: list[RuleLoadError]) -> None:
    for key in data:
        if key not in keys:
            errors.append(RuleLoadError(path, data.line_of(key), f"{where}.{key}",
                                        f"未知的键（可用：{'、'.join(keys)}）"))
    for key, (types, required) in keys.items():
        if key not in data:
            if required:
                errors.append(RuleLoadError(path, data.line, f"{where}.{key}", "缺少必需的键"))
            continue
        value = data[key]
        if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
            names = "或".join(_TYPE_NAMES.get(t, t.__name__) for t in types)
            errors.append(RuleLoadError(path, data.line_of(key), f"{where}.{key}",
                                        f"应为{names}，实际是 {type(value).__name__}"))


def validate_templates(path: Path) -> tuple[LineDict | None, list[RuleLoadError]]:
    """Validate a templates file.

    Args:
        path: the YAML file.

    Returns:
        (the parsed mapping or None, the problems as RuleLoadErrors).
    """
    errors: list[RuleLoadError] = []
    try:
        data = load_yaml_with_lines(path)
    except RuleLoadError as exc:
        return None, [exc]
    if not isinstance(data, LineDict):
        return None, [RuleLoadError(path, 1, "file", "应为 文种: 模板 的映射")]
    for doc_type in data:
        if doc_type not in DOC_TYPES and doc_type not in ATTACHMENT_KINDS and doc_type not in VARIANTS:
            errors.append(RuleLoadError(path, data.line_of(doc_type), doc_type,
                                        f"未知的文种（可用：{'、'.join(DOC_TYPES)}）"))
    for doc_type in (*DOC_TYPES, *ATTACHMENT_KINDS, *VARIANTS):
        if doc_type not in data:
            if doc_type in DOC_TYPES:  # attachment kinds and variants are optional
                errors.append(RuleLoadError(path, data.line, doc_type,
                                            "缺少该文种的模板（15 种公文都须有模板）"))
            continue
        tpl = data[doc_type]
        if not isinstance(tpl, LineDict):
            errors.append(RuleLoadError(path, data.line_of(doc_type), doc_type, "应为映射（键: 值）"))
            continue
        attachment = doc_type in ATTACHMENT_KINDS
        _check(path, tpl, {**TEMPLATE_KEYS, **(ATTACHMENT_KEYS if attachment else {})}, doc_type, errors)
        if attachment and isinstance(tpl.get("issued_by"), str) and tpl["issued_by"] not in DOC_TYPES:
            errors.append(RuleLoadError(path, tpl.line_of("issued_by"), f"{doc_type}.issued_by",
                                        f"应为 15 种文种之一，实际是 {tpl['issued_by']!r}"))
        length = tpl.get("length")
        if isinstance(length,
                      list) and not (len(length) == 2 and all(isinstance(x, int) and x > 0 for x in length)
                                             and length[0] <= length[1]):
            errors.append(RuleLoadError(path, tpl.line_of("length"), f"{doc_type}.length",
                                        "应为 [下限, 上限] 两个正整数（字数），下限不大于上限"))
        if isinstance(tpl.get("direction"), str) and tpl["direction"] not in DIRECTIONS:
            errors.append(RuleLoadError(path, tpl.line_of("direction"), f"{doc_type}.direction",
                                        f"应为 {'、'.join(DIRECTIONS)}，实际是 {tpl['direction']!r}"))
        if isinstance(tpl.get("addressee"), LineDict):
            _check(path, tpl["addressee"], ADDRESSEE_KEYS, f"{doc_type}.addressee", errors)
        for i, example in enumerate(tpl.get("examples") if isinstance(tpl.get("examples"), list) else []):
            if not isinstance(example, LineDict):
                errors.append(RuleLoadError(path, tpl.line_of("examples"), f"{doc_type}.examples[{i}]",
                                            "应为映射（title、contains）"))
                continue
            _check(path, example, EXAMPLE_KEYS, f"{doc_type}.examples[{i}]", errors)
        subs = tpl.get("standard_subs")
        if isinstance(subs, dict) and not all(
                isinstance(k, str) and isinstance(v, list) and v and all(isinstance(x, str) for x in v)
                for k, v in subs.items()):
            errors.append(RuleLoadError(path, tpl.line_of("standard_subs"), f"{doc_type}.standard_subs",
                                        "应为映射：一级标题: [小节标题, …]"))
        for key in ("sections", "elements"):
            for i, item in enumerate(tpl.get(key) if isinstance(tpl.get(key), list) else []):
                if not isinstance(item, str) or not item.strip():
                    errors.append(RuleLoadError(path, tpl.line_of(key), f"{doc_type}.{key}[{i}]",
                                                "应为非空文本"))
    return data, errors


def selftest_templates(path: Path) -> list:
    """Run the templates' examples: the frame 按文种新建 opens must hold each ``contains`` text, and its title
    must name the 文种. Returns one :class:`~gov_docs.checks.selftest.SelfTestResult` per example.
    """
    from gov_docs.checks.selftest import SelfTestResult
    from gov_docs.document.doctypes import doc_type_of_title
    from gov_docs.llm.drafting import blank_frame

    data, errors = validate_templates(path)
    if data is None or errors:
        return []
    results = []
    for doc_type in DOC_TYPES:
        tpl = data[doc_type]
        for i, example in enumerate(tpl.get("examples") or []):
            frame = blank_frame(doc_type, tpl, example.get("title", ""))
            missing = [c for c in example.get("contains", []) if c not in frame]
            named = doc_type_of_title(frame.split("\n", 1)[0]) == doc_type
            message = ("缺少：" + "、".join(missing)) if missing else ("" if named else "标题未以该文种结尾")
            results.append(SelfTestResult(f"templates.{doc_type}", path, example.line, "good", i, not message,
                                          message))
    return results
