"""The 15 document types (文种) of 《党政机关公文处理工作条例》 art. 8, and finding one in a title."""

from __future__ import annotations

#: The 15 types in the order of the regulation.
DOC_TYPES: tuple[str, ...] = (
    "决议",
    "决定",
    "命令",
    "公报",
    "公告",
    "通告",
    "意见",
    "通知",
    "通报",
    "报告",
    "请示",
    "批复",
    "议案",
    "函",
    "纪要",
)

# Title endings that name a type in other words, longest first: 指导意见 → 意见, 复函 → 函, 令 → 命令.
_ALIASES: tuple[tuple[str, str], ...] = (
    ("会议纪要", "纪要"),
    ("实施意见", "意见"),
    ("指导意见", "意见"),
    ("若干意见", "意见"),
    ("复函", "函"),
    ("的函", "函"),
    ("国务院令", "命令"),
    ("令", "命令"),
)


def doc_type_of_title(title: str) -> str:
    """Return the document type a title ends with (e.g. ``"…的通知"`` → ``"通知"``), or ''.

    Args:
        title: the title text, possibly with spaces or a trailing line break.

    Returns:
        One of :data:`DOC_TYPES`, or '' when the title names none of them.
    """
    t = "".join(title.split()).rstrip("。")
    # "关于印发《…办法》的通知" ends with 通知 even though it names an 办法 inside.
    for doc_type in sorted(DOC_TYPES, key=len, reverse=True):
        if t.endswith(doc_type):
            return doc_type
    for ending, doc_type in _ALIASES:
        if t.endswith(ending):
            return doc_type
    return ""
