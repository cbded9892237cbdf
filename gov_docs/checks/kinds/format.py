"""``extends: format`` — GB/T 9704 formatting checks on the document model (fonts, sizes, page, alignment).

Key ``check`` picks one of:
- ``page_size``: A4; keys ``width_mm``, ``height_mm``, ``tolerance_mm``.
- ``page_margins``: keys ``top_mm``, ``bottom_mm``, ``left_mm``, ``right_mm``, ``tolerance_mm``.
- ``font``: runs of paragraphs with the rule's ``roles`` use one of ``fonts`` (East Asian font) and
  ``size`` (points); ``first_run_only`` checks only the heading sentence of a run-in heading.
- ``alignment``: paragraphs of ``roles`` have ``alignment`` (left/center/right/justify).
- ``first_line_indent``: paragraphs of ``roles`` are indented ``chars`` characters (of ``size`` pt).
- ``line_spacing``: exact line spacing between ``min_pt`` and ``max_pt``.
Formatting checks need formatting: a plain-text document (``has_formatting`` false) is not checked.
Fixes are :class:`FormatEdit` s; the message may use ``{role}``, ``{actual}``, ``{expected}``.
"""

from __future__ import annotations

from collections.abc import Iterable

from gov_docs.checks.findings import Finding, FormatEdit
from gov_docs.checks.kinds.base import RuleKind, SpecError
from gov_docs.document.model import Alignment, Document

CHECKS = ("page_size", "page_margins", "font", "alignment", "first_line_indent", "line_spacing")
_ALIGN_NAMES = {"left": "左对齐", "center": "居中", "right": "右对齐", "justify": "两端对齐", "distribute": "分散对齐"}


def _num(spec_params: dict, key: str, default: float | None = None) -> float | None:
    v = spec_params.get(key, default)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise SpecError(key, "应为数字")
    return float(v)


class FormatKind(RuleKind):
    """One GB/T 9704 formatting check, chosen by ``check``."""

    name = "format"
    scope = "document"
    keys = {
        "check": ((str,), True),
        "fonts": ((list,), False),
        "size": ((int, float), False),
        "bold": ((bool,), False),
        "first_run_only": ((bool,), False),
        "alignment": ((str,), False),
        "chars": ((int, float), False),
        "min_pt": ((int, float), False),
        "max_pt": ((int, float), False),
        "width_mm": ((int, float), False),
        "height_mm": ((int, float), False),
        "top_mm": ((int, float), False),
        "bottom_mm": ((int, float), False),
        "left_mm": ((int, float), False),
        "right_mm": ((int, float), False),
        "tolerance_mm": ((int, float), False),
    }

    def __init__(self, spec) -> None:
        super().__init__(spec)
        p = spec.params
        self.check = p["check"]
        if self.check not in CHECKS:
            raise SpecError("check", f"未知的格式检查 {self.check!r}（可用：{', '.join(CHECKS)}）")
        self.fonts = [str(f) for f in p.get("fonts", [])]
        self.size = _num(p, "size")
        self.bold = p.get("bold")
        self.first_run_only = bool(p.get("first_run_only", False))
        self.tolerance = _num(p, "tolerance_mm", 1.0)
        if self.check == "font" and not self.fonts and self.size is None:
            raise SpecError("fonts", "font 检查须给出 fonts 或 size")
        if self.check == "alignment":
            if p.get("alignment") not in _ALIGN_NAMES:
                raise SpecError("alignment", f"应为 {'/'.join(_ALIGN_NAMES)}")
            self.alignment = Alignment(p["alignment"])
        if self.check == "first_line_indent":
            self.chars = _num(p, "chars", 2)
        if self.check == "line_spacing":
            self.min_pt, self.max_pt = _num(p, "min_pt", 28.0), _num(p, "max_pt", 29.5)
        if self.check == "page_size":
            self.want = {"width_mm": _num(p, "width_mm", 210), "height_mm": _num(p, "height_mm", 297)}
        if self.check == "page_margins":
            self.want = {k: _num(p, k, d) for k, d in
                         (("top_mm", 37), ("bottom_mm", 35), ("left_mm", 28), ("right_mm", 26))}

    def check_document(self, doc: Document) -> Iterable[Finding]:
        """Run the chosen check; nothing for documents without formatting."""
        if not doc.has_formatting:
            return []
        return list(getattr(self, f"_check_{self.check}")(doc))

    # -- page ---------------------------------------------------------------------------------------
    def _page(self, doc: Document, labels: dict[str, str]):
        wrong = []
        for key, want in self.want.items():
            got = getattr(doc.page, key)
            if got is not None and want is not None and abs(got - want) > self.tolerance:
                wrong.append((key, got, want))
        if wrong:
            actual = "，".join(f"{labels[k]} {g:g} mm" for k, g, _ in wrong)
            expected = "，".join(f"{labels[k]} {w:g} mm" for k, _, w in wrong)
            edits = tuple(FormatEdit(-1, "page", k, w) for k, _, w in wrong)
            yield self.finding(-1, 0, 0, actual, (expected,), scope="document",
                               message=self.message_for(actual, expected), format_edits=edits, edits=())

    def _check_page_size(self, doc: Document):
        yield from self._page(doc, {"width_mm": "宽", "height_mm": "高"})

    def _check_page_margins(self, doc: Document):
        yield from self._page(doc, {"top_mm": "上边距", "bottom_mm": "下边距", "left_mm": "左边距", "right_mm": "右边距"})

    # -- paragraphs ---------------------------------------------------------------------------------
    def _paragraphs(self, doc: Document):
        for i, p in enumerate(doc.paragraphs):
            if p.text.strip() and self.applies_to(p.role):
                yield i, p

    def _finding(self, i: int, p, actual: str, expected: str, edits: tuple[FormatEdit, ...]) -> Finding:
        msg = self.message_for(actual, expected, role=p.role.value)
        return self.finding(i, 0, 0, p.text[:30], (expected,), scope="paragraph", message=msg,
                            format_edits=edits, edits=())

    def _check_font(self, doc: Document):
        for i, p in self._paragraphs(doc):
            runs = [r for r in p.runs if r.text.strip()]
            if self.first_run_only:
                runs = runs[:1]
            problems = []
            edits: list[FormatEdit] = []
            fonts = {r.font_east_asia for r in runs if r.font_east_asia is not None}
            if self.fonts and fonts - set(self.fonts):
                problems.append("字体" + "、".join(sorted(fonts - set(self.fonts))))
                edits.append(FormatEdit(i, "run", "font_east_asia", self.fonts[0]))
            sizes = {r.size_pt for r in runs if r.size_pt is not None}
            if self.size is not None and any(abs(s - self.size) > 0.25 for s in sizes):
                problems.append("字号" + "、".join(f"{s:g}磅" for s in sorted(sizes)))
                edits.append(FormatEdit(i, "run", "size_pt", self.size))
            if self.bold is not None and any(bool(r.bold) != self.bold for r in runs if r.bold is not None):
                problems.append("加粗" if not self.bold else "未加粗")
                edits.append(FormatEdit(i, "run", "bold", self.bold))
            if problems:
                expected = "、".join(filter(None, [self.fonts[0] if self.fonts else "",
                                                   f"{self.size:g}磅" if self.size else ""]))
                yield self._finding(i, p, "，".join(problems), expected, tuple(edits))

    def _check_alignment(self, doc: Document):
        for i, p in self._paragraphs(doc):
            if p.alignment is not None and p.alignment is not self.alignment:
                yield self._finding(i, p, _ALIGN_NAMES[p.alignment.value], _ALIGN_NAMES[self.alignment.value],
                                    (FormatEdit(i, "paragraph", "alignment", self.alignment),))

    def _check_first_line_indent(self, doc: Document):
        for i, p in self._paragraphs(doc):
            size = self.size or next((r.size_pt for r in p.runs if r.size_pt), None) or 16.0
            want = self.chars * size
            got = p.first_line_indent_pt
            if got is not None and abs(got - want) > size * 0.3:
                yield self._finding(i, p, f"{got / size:.1f}字", f"{self.chars:g}字",
                                    (FormatEdit(i, "paragraph", "first_line_indent_pt", want),))

    def _check_line_spacing(self, doc: Document):
        for i, p in self._paragraphs(doc):
            if p.line_spacing_rule == "multiple" or p.line_spacing_pt is None:
                continue
            if not self.min_pt <= p.line_spacing_pt <= self.max_pt:
                yield self._finding(i, p, f"{p.line_spacing_pt:g}磅", f"固定值{self.min_pt:g}～{self.max_pt:g}磅",
                                    (FormatEdit(i, "paragraph", "line_spacing_pt", round((self.min_pt + self.max_pt) / 2, 2)),))
