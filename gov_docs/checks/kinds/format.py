"""``extends: format`` — GB/T 9704 formatting checks on the document model (fonts, sizes, page, alignment).

Key ``check`` picks one of these checks; each reads only its own keys (any other key is an error):
- ``page_size``: A4; keys ``width_mm``, ``height_mm``, ``tolerance_mm``.
- ``page_margins``: keys ``top_mm``, ``bottom_mm``, ``left_mm``, ``right_mm``, ``tolerance_mm``.
- ``font``: runs of paragraphs with the rule's ``roles`` use one of ``fonts`` (East Asian font) and
  ``size`` (points); ``first_run_only`` checks only the heading sentence of a run-in heading.
- ``alignment``: paragraphs of ``roles`` have ``alignment`` (left/center/right/justify).
- ``first_line_indent``: paragraphs of ``roles`` are indented ``chars`` characters (of ``size`` pt).
- ``line_spacing``: exact line spacing between ``min_pt`` and ``max_pt``.
- ``line_spacing_multiple``: spacing given as a multiple (single, 1.5 …) that does not give 22 lines a page
  (single spacing on a document grid of ``min_pt``–``max_pt`` does).
- ``signature_alignment``: 署名/日期 sit on the right (right-aligned, or pushed right by an indent) or
centred.
- ``placeholders``: template placeholders left unfilled, reported once per document (also in plain text).
- ``page_number``: the footers' page number reads "— 1 —" (Arabic, an 一字线 on each side), once per
  document for each other form (第1页, - 1 -, 一).

Fonts: ``font_family`` names a family of ``font_families.tsv`` next to the rule (仿宋 ≈ 仿宋_GB2312 ≈
方正仿宋_GBK ≈ FangSong …); which members count depends on the strictness (``font_strictness`` key, else the
setting ``checks.font_strictness``: strict = the GB names only, standard = + same-design variants, loose = +
near look-alikes). ``fonts`` adds names explicitly.

Formatting checks need formatting: a plain-text document (``has_formatting`` false) is not checked.
A finding on a paragraph whose role is not sure (``role_confidence`` below ``HIGH_CONFIDENCE``) is only
reported (疑似, no fix), and so is one on a paragraph that is mostly template placeholders.
Fixes are :class:`FormatEdit` s; the message may use ``{role}``, ``{actual}``, ``{expected}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from gov_docs.checks.findings import Finding, FormatEdit, Level
from gov_docs.checks.kinds.base import Check, CheckKind, SpecError
from gov_docs.document.model import HIGH_CONFIDENCE, Alignment, Document, drawn_east_asian

STRICTNESS = {"strict": ("标准",), "standard": ("标准", "等同"), "loose": ("标准", "等同", "近似")}
_STRICTNESS_NAMES = {"严格": "strict", "标准": "standard", "宽松": "loose"}
_LEADING_SPACE = (" ", "\u3000", "\u00a0", "\t")
#: GB/T 9704 7.5: Arabic numerals with an 一字线 on each side (spaces of any width between them).
_PAGE_NUMBER_OK = re.compile(r"^[—―]\s?N\s?[—―]$")


def read_font_families(path: Path) -> dict[str, list[tuple[str, str]]]:
    """Read ``family<TAB>font name<TAB>tier`` lines (tier 标准/等同/近似); ``#`` starts a comment.

    Raises:
        SpecError: a line without three fields or with an unknown tier (names the file and line).
    """
    families: dict[str, list[tuple[str, str]]] = {}
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        parts = [x.strip() for x in line.split("\t")]
        if len(parts) != 3 or parts[2] not in STRICTNESS["loose"]:
            raise SpecError("font_family", "每行应为“字族<Tab>字体名<Tab>标准|等同|近似”", path, no)
        families.setdefault(parts[0], []).append((parts[1], parts[2]))
    return families


def font_strictness_setting() -> str:
    """Return the user's ``checks.font_strictness`` (strict/standard/loose; standard when unset or
    unreadable).
    """
    try:
        from gov_docs import config

        value = str(config.load().get("checks", {}).get("font_strictness", "standard"))
    except Exception:  # noqa: BLE001 - a broken settings file must not stop a check
        return "standard"
    value = _STRICTNESS_NAMES.get(value, value)
    return value if value in STRICTNESS else "standard"
_NUMBER = ((int, float), False)
_ALIGN_NAMES = {"left": "左对齐", "center": "居中", "right": "右对齐", "justify": "两端对齐",
                "distribute": "分散对齐"}


def _num(spec_params: dict, key: str, default: float | None = None) -> float | None:
    v = spec_params.get(key, default)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise SpecError(key, "应为数字")
    return float(v)


class FormatKind(CheckKind):
    """One GB/T 9704 formatting check, chosen by ``check`` (the table :attr:`checks` at the end)."""

    name = "format"
    label = "格式检查"

    def __init__(self, spec) -> None:
        super().__init__(spec)
        p = spec.params
        self.fonts = [str(f) for f in p.get("fonts", [])]
        self.family = p.get("font_family")
        self.family_members: list[tuple[str, str]] = []
        if self.family is not None:
            families = read_font_families(self.wordlist_path("font_families.tsv", key="font_family"))
            if self.family not in families:
                raise SpecError("font_family",
                                f"font_families.tsv 中没有字族 {self.family!r}（有：{'、'.join(families)}）")
            self.family_members = families[self.family]
        self.strictness = p.get("font_strictness")
        if self.strictness is not None:
            self.strictness = _STRICTNESS_NAMES.get(self.strictness, self.strictness)
            if self.strictness not in STRICTNESS:
                raise SpecError("font_strictness", "应为 strict/standard/loose（严格/标准/宽松）")
        self.size = _num(p, "size")
        self.bold = p.get("bold")
        self.first_run_only = bool(p.get("first_run_only", False))
        self.tolerance = _num(p, "tolerance_mm", 1.0)
        if self.check == "font" and not self.fonts and not self.family and self.size is None:
            raise SpecError("fonts", "font 检查须给出 fonts 或 size")
        if self.check == "alignment":
            if p.get("alignment") not in _ALIGN_NAMES:
                raise SpecError("alignment", f"应为 {'/'.join(_ALIGN_NAMES)}")
            self.alignment = Alignment(p["alignment"])
        if self.check == "first_line_indent":
            self.chars = _num(p, "chars", 2)
        if self.check in ("line_spacing", "line_spacing_multiple"):
            self.min_pt, self.max_pt = _num(p, "min_pt", 28.0), _num(p, "max_pt", 29.5)
        if self.check == "page_size":
            self.want = {"width_mm": _num(p, "width_mm", 210), "height_mm": _num(p, "height_mm", 297)}
        if self.check == "page_margins":
            self.want = {k: _num(p, k, d) for k, d in
                         (("top_mm", 37), ("bottom_mm", 35), ("left_mm", 28), ("right_mm", 26))}

    def check_document(self, doc: Document) -> Iterable[Finding]:
        """Run the chosen check; nothing for documents without formatting (placeholders aside)."""
        if not doc.has_formatting and self.check != "placeholders":
            return []
        return super().check_document(doc)

    # -- fonts ----------------------------------------------------------------------------------------
    def accepted_fonts(self) -> tuple[set[str], str]:
        """Return (accepted East Asian font names, the name a fix sets) at the current strictness."""
        tiers = STRICTNESS[self.strictness or font_strictness_setting()]
        names = {n for n, tier in self.family_members if tier in tiers} | set(self.fonts)
        preferred = next((n for n, tier in self.family_members if tier == "标准"), None)
        return names, preferred or (self.fonts[0] if self.fonts else "")

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
        yield from self._page(
            doc, {"top_mm": "上边距", "bottom_mm": "下边距", "left_mm": "左边距", "right_mm": "右边距"})

    def _check_page_number(self, doc: Document):
        for form in doc.page.page_number_forms:
            if _PAGE_NUMBER_OK.match(form):
                continue
            actual = form.replace("N", "1", 1)
            yield self.finding(-1, 0, 0, actual, ("— 1 —",), scope="document",
                               message=self.message_for(actual, "— 1 —"), edits=())

    # -- paragraphs ---------------------------------------------------------------------------------
    def _paragraphs(self, doc: Document):
        for i, p in enumerate(doc.paragraphs):
            if p.text.strip() and self.applies_to(p.role) and p.placeholder_share <= 0.5:
                yield i, p

    def _finding(self, i: int, p, actual: str, expected: str, edits: tuple[FormatEdit, ...]) -> Finding:
        msg = self.message_for(actual, expected, role=p.role.value)
        level = None
        if p.role_confidence < HIGH_CONFIDENCE:
            # Not sure what the paragraph is: say so, and change nothing.
            msg += f"（段落角色“{p.role.value}”把握不大，仅作提示，未自动修改）"
            edits = ()
            if self.spec.level is Level.ERROR:
                level = Level.WARNING
        return self.finding(i, 0, 0, p.text[:30], (expected,), scope="paragraph", message=msg,
                            format_edits=edits, edits=(), level=level, confidence=p.role_confidence)

    def _check_font(self, doc: Document):
        accepted, fix_font = self.accepted_fonts() if (self.fonts or self.family) else (set(), "")
        family = f"{self.family}（{fix_font}或同族字体）" if self.family else fix_font
        for i, p in self._paragraphs(doc):
            idx = [k for k, r in enumerate(p.runs) if r.text.strip()]
            if self.first_run_only:
                idx = idx[:1]
            problems = []
            edits: list[FormatEdit] = []
            # a run of digits or Latin letters is drawn in its ascii font, whatever w:eastAsia it inherits:
            # WPS and LibreOffice give such runs (2024, a half-width :) only w:ascii/w:hAnsi
            bad_font = [k for k in idx if accepted and p.runs[k].font_east_asia is not None
                        and p.runs[k].font_east_asia not in accepted and drawn_east_asian(p.runs[k].text)]
            if bad_font:
                problems.append("字体" + "、".join(sorted({p.runs[k].font_east_asia for k in bad_font})))
                edits.append(FormatEdit(i, _run_target(bad_font, p), "font_east_asia", fix_font))
            bad_size = [k for k in idx if self.size is not None and p.runs[k].size_pt is not None
                        and abs(p.runs[k].size_pt - self.size) > 0.25]
            if bad_size:
                problems.append(
                    "字号" + "、".join(f"{s:g}磅" for s in sorted({p.runs[k].size_pt for k in bad_size})))
                edits.append(FormatEdit(i, _run_target(bad_size, p), "size_pt", self.size))
                edits.extend(self._keep_indent_in_chars(i, p, bad_size))
            bad_bold = [k for k in idx if self.bold is not None and p.runs[k].bold is not None
                        and bool(p.runs[k].bold) != self.bold]
            if bad_bold:
                problems.append("加粗" if not self.bold else "未加粗")
                edits.append(FormatEdit(i, _run_target(bad_bold, p), "bold", self.bold))
            if problems:
                expected = "、".join(filter(None, [family, f"{self.size:g}磅" if self.size else ""]))
                yield self._finding(i, p, "，".join(problems), expected, tuple(edits))

    @staticmethod
    def _keep_indent_in_chars(i: int, p, resized: list[int]) -> list[FormatEdit]:
        """When the size of the whole paragraph changes, keep an indent given in points as the same
        characters.

        An indent of 24 pt is 2 characters of 12 pt text; set to 16 pt, the text needs 32 pt, or the fixed
        paragraph would show a new indent finding (1.5 characters).
        """
        size = p.size_pt
        text_runs = [k for k, r in enumerate(p.runs) if r.text.strip()]
        if (resized != text_runs or not size or p.first_line_indent_chars is not None
            or not p.first_line_indent_pt):
            return []
        chars = p.first_line_indent_pt / size
        if round(chars) < 1 or abs(chars - round(chars)) > 0.15:
            return []
        return [FormatEdit(i, "paragraph", "first_line_indent_chars", float(round(chars)))]

    def _check_alignment(self, doc: Document):
        for i, p in self._paragraphs(doc):
            if p.alignment is not None and p.alignment is not self.alignment:
                yield self._finding(i, p, _ALIGN_NAMES[p.alignment.value], _ALIGN_NAMES[self.alignment.value],
                                    (FormatEdit(i, "paragraph", "alignment", self.alignment),))

    def _check_first_line_indent(self, doc: Document):
        for i, p in self._paragraphs(doc):
            if p.text.startswith(_LEADING_SPACE):
                continue  # indented with spaces: the leading-spaces rule says what to do
            # Characters are the paragraph's own size: 2 characters of 12 pt text are 24 pt, not 32 pt.
            size = p.size_pt or self.size or 16.0
            if p.first_line_indent_chars is not None:
                got = p.first_line_indent_chars
            elif p.first_line_indent_pt is not None:
                got = p.first_line_indent_pt / size
            else:
                continue
            if abs(got - self.chars) > 0.3:
                yield self._finding(i, p, f"{got:.1f}字", f"{self.chars:g}字",
                                    (FormatEdit(i, "paragraph", "first_line_indent_chars", self.chars),))

    def _check_line_spacing(self, doc: Document):
        for i, p in self._paragraphs(doc):
            if p.line_spacing_rule == "multiple" or p.line_spacing_pt is None:
                continue
            if not self.min_pt <= p.line_spacing_pt <= self.max_pt:
                yield self._finding(i, p, f"{p.line_spacing_pt:g}磅",
                                    f"固定值{self.min_pt:g}～{self.max_pt:g}磅",
                                    (FormatEdit(i, "paragraph", "line_spacing_pt",
                                                round((self.min_pt + self.max_pt) / 2, 2)),))

    def _check_line_spacing_multiple(self, doc: Document):
        grid = doc.page.line_pitch_pt if doc.page.grid_snaps else None
        on_grid = grid is not None and self.min_pt <= grid <= self.max_pt
        for i, p in self._paragraphs(doc):
            rule = p.line_spacing_rule or "multiple"  # nothing set: Word's single spacing
            if rule != "multiple":
                continue
            times = p.line_spacing_pt if p.line_spacing_pt is not None else 1.0
            if abs(times - 1.0) < 0.01 and on_grid:
                continue  # single spacing snapped to a 22-line grid
            actual = "单倍行距" if abs(times - 1.0) < 0.01 else f"{times:g}倍行距"
            if abs(times - 1.0) < 0.01:
                actual += "（文档网格不是每页22行）"
            yield self._finding(i, p, actual, f"固定值{self.min_pt:g}～{self.max_pt:g}磅", ())

    def _check_signature_alignment(self, doc: Document):
        for i, p in self._paragraphs(doc):
            size = p.size_pt or 16.0
            pushed = (p.left_indent_pt or 0) + max(p.first_line_indent_pt or 0, 0) >= 8 * size
            if (p.alignment in (Alignment.RIGHT, Alignment.CENTER) or pushed
                or p.text.startswith(_LEADING_SPACE)):
                continue
            actual = _ALIGN_NAMES[p.alignment.value] if p.alignment else "左对齐"
            yield self._finding(i, p, actual, "右对齐（署名右空二字，日期右空四字）", ())

    def _check_placeholders(self, doc: Document):
        found = [(i, a, b) for i, p in enumerate(doc.paragraphs) for a, b in p.placeholders]
        if not found:
            return
        shown: list[str] = []
        for i in dict.fromkeys(i for i, _a, _b in found):  # the paragraphs, in order
            text = doc.paragraphs[i].text.strip()
            shown.append(text if len(text) <= 20 else text[:20] + "…")
        actual = "、".join(f"“{x}”" for x in shown[:4]) + ("等" if len(shown) > 4 else "")
        i, a, b = found[0]
        yield self.finding(i, a, b, doc.paragraphs[i].text[a:b] or doc.paragraphs[i].text[:20], (),
                           message=self.message_for(actual, f"共{len(found)}处，{len(shown)}段"),
                           scope="paragraph",
                           edits=())

    _MM = {"tolerance_mm": _NUMBER}
    checks = {
        "page_size": Check(_check_page_size, {"width_mm": _NUMBER, "height_mm": _NUMBER, **_MM}),
        "page_margins": Check(_check_page_margins,
                              {"top_mm": _NUMBER, "bottom_mm": _NUMBER, "left_mm": _NUMBER,
                                                    "right_mm": _NUMBER, **_MM}),
        "font": Check(_check_font, {"fonts": ((list,), False), "font_family": ((str,), False),
                                    "font_strictness": ((str,), False), "size": _NUMBER,
                                    "bold": ((bool,), False),
                                    "first_run_only": ((bool,), False)}),
        "alignment": Check(_check_alignment, {"alignment": ((str,), False)}),
        "first_line_indent": Check(_check_first_line_indent, {"chars": _NUMBER, "size": _NUMBER}),
        "line_spacing": Check(_check_line_spacing, {"min_pt": _NUMBER, "max_pt": _NUMBER}),
        "line_spacing_multiple": Check(_check_line_spacing_multiple, {"min_pt": _NUMBER, "max_pt": _NUMBER}),
        "signature_alignment": Check(_check_signature_alignment),
        "placeholders": Check(_check_placeholders),
        "page_number": Check(_check_page_number),
    }
    del _MM


def _run_target(indices: list[int], p) -> str:
    """Return the FormatEdit target for some runs of ``p``: "run" (all of them) or "run:0,2"."""
    all_runs = [k for k, r in enumerate(p.runs) if r.text.strip()]
    return "run" if indices == all_runs else "run:" + ",".join(map(str, indices))
