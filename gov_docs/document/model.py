"""The document model: paragraphs with roles, runs with East Asian fonts and sizes, page setup.

Everything here is plain data (dataclasses), independent of python-docx and Qt, so
checks, the writer, the library and the GUI all speak the same language.
Offsets inside a paragraph are Python code points.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path

_paragraph_ids = itertools.count(1)


def new_paragraph_id() -> int:
    """Return a paragraph id never handed out before in this process."""
    return next(_paragraph_ids)


class Role(str, Enum):
    """The role a paragraph plays in a 公文 (GB/T 9704-2012 §7; 条例 art. 9)."""

    COPY_NUMBER = "份号"
    SECRECY = "密级"
    URGENCY = "紧急程度"
    ISSUER_MARK = "发文机关标志"
    DOC_NUMBER = "发文字号"
    SIGNER = "签发人"
    TITLE = "标题"
    ADDRESSEE = "主送机关"
    BODY = "正文"
    HEADING1 = "一级标题"
    HEADING2 = "二级标题"
    HEADING3 = "三级标题"
    HEADING4 = "四级标题"
    ATTACHMENT_NOTE = "附件说明"
    SIGNATURE = "发文机关署名"
    DATE = "成文日期"
    NOTE = "附注"
    ATTACHMENT_MARK = "附件标识"
    CC = "抄送"
    PRINTER = "印发"
    TABLE = "表格"
    BLANK = "空行"

    @property
    def heading_level(self) -> int:
        """Return 1–4 for heading roles, 0 otherwise."""
        return _HEADING_LEVELS.get(self, 0)

    @classmethod
    def heading(cls, level: int) -> Role:
        """Return the heading role of ``level`` (1–4)."""
        return (cls.HEADING1, cls.HEADING2, cls.HEADING3, cls.HEADING4)[level - 1]

    @classmethod
    def parse(cls, value: str) -> Role:
        """Return the role named by its Chinese label or its enum name (``"标题"`` or ``"TITLE"``)."""
        for role in cls:
            if value in (role.value, role.name, role.name.lower()):
                return role
        raise ValueError(f"未知的段落角色：{value}")


_HEADING_LEVELS = {Role.HEADING1: 1, Role.HEADING2: 2, Role.HEADING3: 3, Role.HEADING4: 4}

#: Paragraph styles named "公文-<角色>" (written by our writer, or set by the user) carry the role.
ROLE_STYLE_PREFIX = "公文-"

#: Role confidence at or above which format fixes are applied automatically (below: report only, 疑似).
HIGH_CONFIDENCE = 0.8

#: Roles that belong to the 版记 (GB/T 9704-2012 §7.4).
COLOPHON_ROLES = frozenset({Role.CC, Role.PRINTER})
#: Roles that belong to the 版头 (GB/T 9704-2012 §7.2).
HEADER_ROLES = frozenset(
    {Role.COPY_NUMBER, Role.SECRECY, Role.URGENCY, Role.ISSUER_MARK, Role.DOC_NUMBER, Role.SIGNER}
)


class Alignment(str, Enum):
    """Paragraph alignment, as far as the checks care."""

    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"
    JUSTIFY = "justify"
    DISTRIBUTE = "distribute"


def drawn_east_asian(text: str) -> bool:
    """Return True when some character of ``text`` is drawn in a run's East Asian font (汉字, full-width
    forms and Chinese punctuation, curly quotes), not only in its ascii font (digits, Latin, half-width
    marks).
    """
    return any(ord(c) >= 0x2E80 or c in "“”‘’…—·" for c in text)


@dataclass
class Run:
    """A stretch of text with one formatting: East Asian font, Latin font, size in points, bold.

    ``None`` means "not known" (plain text input) rather than "not set".
    """

    text: str
    font_east_asia: str | None = None
    font_ascii: str | None = None
    size_pt: float | None = None
    bold: bool | None = None
    color: str | None = None  # "RRGGBB" or None


@dataclass
class Paragraph:
    """A paragraph: its text, its role, its runs and paragraph-level formatting.

    ``text`` is authoritative; when ``runs`` is non-empty their texts join to ``text``.
    """

    text: str
    role: Role = Role.BODY
    runs: list[Run] = field(default_factory=list)
    alignment: Alignment | None = None
    first_line_indent_pt: float | None = None
    left_indent_pt: float | None = None
    right_indent_pt: float | None = None
    line_spacing_pt: float | None = None  # exact/at-least spacing in points
    line_spacing_rule: str | None = None  # "exact" | "at_least" | "multiple"
    style_name: str | None = None
    role_locked: bool = False  # set by the user: role detection leaves it alone
    page_break_before: bool = False
    #: Where the paragraph sits when not in the running text: "表格" (a table cell), "文本框" … ("" = body).
    container: str = ""
    #: Identity of the paragraph: kept by copies and edits (``dataclasses.replace``), so a role set by the
    #: user and a link to the original file travel with the paragraph when lines are inserted above it.
    uid: int = field(default_factory=new_paragraph_id, compare=False)
    #: How sure role detection is of ``role`` (0–1); format fixes are applied only at HIGH_CONFIDENCE or
    #: above.
    role_confidence: float = 1.0
    #: First-line indent in characters when the file gives it in characters (``w:firstLineChars``).
    first_line_indent_chars: float | None = None
    #: Colours ("RRGGBB" or "auto") of the paragraph's top/bottom borders and of a line shape anchored in it:
    #: the red separator line and the 版记 rules are drawn one of these ways.
    border_top: str | None = None
    border_bottom: str | None = None
    line_shape: str | None = None
    #: (table number, row, column) of a table-cell paragraph.
    cell: tuple[int, int, int] | None = None
    #: Spans of template placeholders (XXXX, 〔20XX〕, [此处输入…]) in ``text``.
    placeholders: list[tuple[int, int]] = field(default_factory=list)
    #: The number Word's automatic list numbering shows before the text (一、 （一） 1.), not part of
    #: ``text``: role detection reads it, edits never touch it (gov_docs.document.numbering).
    number_label: str = ""

    def __post_init__(self) -> None:
        if self.runs:
            joined = "".join(r.text for r in self.runs)
            if joined != self.text:
                raise ValueError("Paragraph.runs do not join to Paragraph.text")

    @property
    def size_pt(self) -> float | None:
        """Return the size of the dominant run (the paragraph's own font size), or None."""
        dom = self.dominant_run
        return dom.size_pt if dom is not None else None

    @property
    def placeholder_share(self) -> float:
        """Return the share of the paragraph's non-space characters that are template placeholders."""
        n = len("".join(self.text.split()))
        if not n or not self.placeholders:
            return 0.0
        covered = sum(len("".join(self.text[a:b].split())) for a, b in self.placeholders)
        return covered / n

    @property
    def dominant_run(self) -> Run | None:
        """Return the run covering most non-space characters (the paragraph's "real" formatting)."""
        best: Run | None = None
        best_len = -1
        for run in self.runs:
            n = len(run.text.strip())
            if n > best_len:
                best, best_len = run, n
        return best

    def with_text(self, text: str) -> Paragraph:
        """Return a copy with new text; runs collapse to one run carrying the dominant formatting."""
        dom = self.dominant_run
        runs = [replace(dom, text=text)] if dom is not None else []
        return replace(self, text=text, runs=runs)


@dataclass
class PageSetup:
    """Paper size and margins in millimetres (``None``: unknown, e.g. plain text)."""

    width_mm: float | None = 210.0
    height_mm: float | None = 297.0
    top_mm: float | None = 37.0
    bottom_mm: float | None = 35.0
    left_mm: float | None = 28.0
    right_mm: float | None = 26.0
    line_pitch_pt: float | None = None  # docGrid linePitch
    grid_snaps: bool = False  # docGrid type lines/linesAndChars: single-spaced lines snap to the pitch
    chars_per_line: int | None = None
    lines_per_page: int | None = None
    #: How the footers show the page number, the number written as N ("— N —", "第 N 页"), one entry per
    #: distinct form; "N" is followed by the field's format switch when it is not Arabic ("N\\* CHINESENUM3").
    #: Empty: no page number field, or unknown (plain text).
    page_number_forms: tuple[str, ...] = ()

    @classmethod
    def unknown(cls) -> PageSetup:
        """Return a page setup with nothing known (plain-text input)."""
        return cls(None, None, None, None, None, None)


@dataclass
class Document:
    """A 公文: paragraphs in order, the page setup, and where it came from."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    page: PageSetup = field(default_factory=PageSetup)
    source: Path | None = None
    source_format: str = ""  # "docx" | "txt" | ""
    #: ".doc", ".wps", ".rtf" or ".odt" when ``source`` was converted by LibreOffice (document/legacy.py):
    #: the document is a .docx in memory, and saving never writes over ``source``.
    converted_from: str = ""
    has_formatting: bool = False  # True when fonts/sizes were read from a file
    #: Parts of the file that are kept as they are but not shown as editable paragraphs
    #: (e.g. "表格 1 个", "页眉/页脚", "文本框 1 个"); filled in by :func:`gov_docs.api.open`.
    unshown: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Return the whole text, paragraphs joined by newlines."""
        return "\n".join(p.text for p in self.paragraphs)

    def first(self, role: Role) -> Paragraph | None:
        """Return the first paragraph with ``role``, or None."""
        for p in self.paragraphs:
            if p.role is role:
                return p
        return None

    def all(self, role: Role) -> list[Paragraph]:
        """Return every paragraph with ``role``."""
        return [p for p in self.paragraphs if p.role is role]

    def index_of(self, role: Role) -> int:
        """Return the index of the first paragraph with ``role``, or -1."""
        for i, p in enumerate(self.paragraphs):
            if p.role is role:
                return i
        return -1

    @property
    def title(self) -> str:
        """Return the main title (its lines joined; attachment titles later on are not part of it), or ''."""
        parts: list[str] = []
        for p in self.paragraphs:
            if p.role is Role.ATTACHMENT_MARK:
                break
            if p.role is Role.TITLE:
                parts.append(p.text.strip())
            elif parts and p.role is not Role.BLANK:
                break
        return "".join(parts)

    @property
    def doc_type(self) -> str:
        """Return the document type (文种) the title ends with, or ''."""
        from gov_docs.document.doctypes import doc_type_of_title

        return doc_type_of_title(self.title)

    def index_of_id(self, uid: int) -> int:
        """Return the index of the paragraph whose ``uid`` is ``uid``, or -1."""
        for i, p in enumerate(self.paragraphs):
            if p.uid == uid:
                return i
        return -1

    def roles(self) -> list[Role]:
        """Return the role of every paragraph, in order."""
        return [p.role for p in self.paragraphs]

    def body_paragraph_indices(self) -> list[int]:
        """Return indices of 正文 and heading paragraphs (the running text of the document)."""
        return [i for i, p in enumerate(self.paragraphs) if p.role is Role.BODY or p.role.heading_level]
