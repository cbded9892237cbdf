"""The GB/T 9704-2012 .docx writer: typesets a document model as a 公文.

Page: A4, margins 37/35/28/26 mm (§5.2.1), 22 lines × 28 characters (§5.2.2).
Fonts: title 2号方正小标宋简体 (§7.3.1), body 3号仿宋_GB2312 (§5.2.2), headings 黑体 /
楷体_GB2312 / 仿宋_GB2312 (§7.3.3), 版记 4号仿宋 (§7.4), page numbers 4号半角宋体 "— N —"
odd right, even left (§7.5). East Asian fonts go into ``w:eastAsia``; theme font
attributes are removed everywhere so Word and WPS cannot substitute 等线/宋体.
Every paragraph also gets a style named ``公文-<角色>`` so the roles survive a round trip.
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gov_docs.document.errors import DocumentWriteError
from gov_docs.document.model import ROLE_STYLE_PREFIX, Document, Paragraph, Role

# GB/T 9704 sizes: 2号 = 22 pt, 3号 = 16 pt, 4号 = 14 pt.
SIZE_2 = 22.0
SIZE_3 = 16.0
SIZE_4 = 14.0

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_H1 = "黑体"
FONT_H2 = "楷体_GB2312"
FONT_PAGE_NUMBER = "宋体"
FONT_LATIN = "Times New Roman"

#: Page geometry in millimetres (GB/T 9704-2012 5.2.1).
PAGE = {"width": 210.0, "height": 297.0, "top": 37.0, "bottom": 35.0, "left": 28.0, "right": 26.0}
#: 225 mm of text block / 22 lines = 28.95 pt per line (5.2.2).
LINE_PITCH_TWIPS = 579
#: 156 mm / 28 characters = 15.79 pt per character → -0.207 pt of character spacing for a 16 pt font.
CHAR_SPACE = -849
#: Distance of the page number from the bottom edge: 7 mm under the text block (7.5), 4号 ≈ 5 mm tall.
FOOTER_DISTANCE_MM = 23.0


@dataclass(frozen=True)
class RoleStyle:
    """How one role is typeset."""

    font: str
    size: float
    bold: bool = False
    align: str = "justify"  # left | center | right | justify
    first_line_chars: float = 0.0
    left_chars: float = 0.0
    right_chars: float = 0.0
    color: str | None = None
    space_before_lines: int = 0


STYLES: dict[Role, RoleStyle] = {
    Role.COPY_NUMBER: RoleStyle(FONT_H1, SIZE_3, align="left"),
    Role.SECRECY: RoleStyle(FONT_H1, SIZE_3, align="left"),
    Role.URGENCY: RoleStyle(FONT_H1, SIZE_3, align="left"),
    Role.ISSUER_MARK: RoleStyle(FONT_TITLE, 36.0, align="center", color="FF0000"),
    Role.DOC_NUMBER: RoleStyle(FONT_BODY, SIZE_3, align="center", space_before_lines=2),
    Role.SIGNER: RoleStyle(FONT_BODY, SIZE_3, align="right", right_chars=1),
    Role.TITLE: RoleStyle(FONT_TITLE, SIZE_2, align="center"),
    Role.ADDRESSEE: RoleStyle(FONT_BODY, SIZE_3, align="justify"),
    Role.BODY: RoleStyle(FONT_BODY, SIZE_3, first_line_chars=2),
    Role.HEADING1: RoleStyle(FONT_H1, SIZE_3, first_line_chars=2),
    Role.HEADING2: RoleStyle(FONT_H2, SIZE_3, first_line_chars=2),
    Role.HEADING3: RoleStyle(FONT_BODY, SIZE_3, first_line_chars=2),
    Role.HEADING4: RoleStyle(FONT_BODY, SIZE_3, first_line_chars=2),
    Role.ATTACHMENT_NOTE: RoleStyle(FONT_BODY, SIZE_3, first_line_chars=2),
    Role.SIGNATURE: RoleStyle(FONT_BODY, SIZE_3, align="right", right_chars=4),
    Role.DATE: RoleStyle(FONT_BODY, SIZE_3, align="right", right_chars=4),
    Role.NOTE: RoleStyle(FONT_BODY, SIZE_3, first_line_chars=2),
    Role.ATTACHMENT_MARK: RoleStyle(FONT_H1, SIZE_3, align="left"),
    Role.CC: RoleStyle(FONT_BODY, SIZE_4, align="justify", left_chars=1, right_chars=1),
    Role.PRINTER: RoleStyle(FONT_BODY, SIZE_4, align="left", left_chars=1, right_chars=1),
    Role.BLANK: RoleStyle(FONT_BODY, SIZE_3),
}

_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
_RE_PRINTER_SPLIT = re.compile(r"^(?P<org>.*?)\s+(?P<date>\S*\d{4}\s*年.*印发)$")


@functools.cache
def _w(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(f"w:{tag}")


def set_run_fonts(rpr_owner: Any, east_asia: str, latin: str = FONT_LATIN) -> None:
    """Set ``w:rFonts`` on a run or style (``rpr_owner`` has ``get_or_add_rPr``) without theme fonts."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(_w("rFonts"))
    if fonts is None:
        from docx.oxml import OxmlElement

        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(_w(attr), None)
    fonts.set(_w("ascii"), latin)
    fonts.set(_w("hAnsi"), latin)
    fonts.set(_w("eastAsia"), east_asia)
    fonts.set(_w("cs"), latin)


def _strip_theme_fonts(element: Any) -> None:
    """Remove every theme font attribute under ``element`` (styles part, docDefaults)."""
    for fonts in element.iter(_w("rFonts")):
        for attr in _THEME_ATTRS:
            fonts.attrib.pop(_w(attr), None)


def _mm(value: float) -> Any:
    from docx.shared import Mm

    return Mm(value)


def _setup_page(d: Any) -> None:
    from docx.oxml import OxmlElement

    s = d.sections[0]
    s.page_width, s.page_height = _mm(PAGE["width"]), _mm(PAGE["height"])
    s.top_margin, s.bottom_margin = _mm(PAGE["top"]), _mm(PAGE["bottom"])
    s.left_margin, s.right_margin = _mm(PAGE["left"]), _mm(PAGE["right"])
    s.header_distance = _mm(15)
    s.footer_distance = _mm(FOOTER_DISTANCE_MM)
    sect = s._sectPr
    grid = sect.find(_w("docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.set(_w("type"), "linesAndChars")
    grid.set(_w("linePitch"), str(LINE_PITCH_TWIPS))
    grid.set(_w("charSpace"), str(CHAR_SPACE))


def _setup_defaults(d: Any) -> None:
    """Make the Normal style a 公文 body paragraph and drop theme fonts and spacing from the template."""
    from docx.shared import Pt

    styles_el = d.styles.element
    _strip_theme_fonts(styles_el)
    dd = styles_el.find(_w("docDefaults"))
    if dd is not None:
        ppr_default = dd.find(_w("pPrDefault"))
        if ppr_default is not None:
            dd.remove(ppr_default)
        rpr = dd.find(f"{_w('rPrDefault')}/{_w('rPr')}")
        if rpr is not None:
            fonts = rpr.find(_w("rFonts"))
            if fonts is not None:
                fonts.set(_w("ascii"), FONT_LATIN)
                fonts.set(_w("hAnsi"), FONT_LATIN)
                fonts.set(_w("eastAsia"), FONT_BODY)
                fonts.set(_w("cs"), FONT_LATIN)
            # The character grid counts 3号 cells (LibreOffice sizes the grid from the default font).
            rpr.get_or_add_sz().set(_w("val"), str(int(SIZE_3 * 2)))
            lang = rpr.find(_w("lang"))
            if lang is not None:
                lang.set(_w("eastAsia"), "zh-CN")
    normal = d.styles["Normal"]
    normal.font.size = Pt(SIZE_3)
    set_run_fonts(normal.element, FONT_BODY)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    _exact_spacing(normal.element.get_or_add_pPr())


def _exact_spacing(ppr: Any) -> None:
    from docx.oxml import OxmlElement

    spacing = ppr.find(_w("spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        ppr.append(spacing)
    spacing.set(_w("before"), "0")
    spacing.set(_w("after"), "0")
    spacing.set(_w("line"), str(LINE_PITCH_TWIPS))
    spacing.set(_w("lineRule"), "exact")


def _role_style(d: Any, role: Role) -> Any:
    """Return (creating once) the paragraph style ``公文-<role>`` carrying the role's formatting."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    name = ROLE_STYLE_PREFIX + role.value
    try:
        return d.styles[name]
    except KeyError:
        pass
    spec = STYLES.get(role, STYLES[Role.BODY])  # roles without a style of their own (表格 cells) read as 正文
    st = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = d.styles["Normal"]
    st.font.size = Pt(spec.size)
    st.font.bold = spec.bold
    set_run_fonts(st.element, spec.font)
    _apply_paragraph_format(st.element.get_or_add_pPr(), spec)
    return st


_JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}


def _apply_paragraph_format(ppr: Any, spec: RoleStyle) -> None:
    from docx.oxml import OxmlElement

    for tag in ("jc", "ind"):
        old = ppr.find(_w(tag))
        if old is not None:
            ppr.remove(old)
    _exact_spacing(ppr)
    ind = OxmlElement("w:ind")
    unit = spec.size * 20  # twips per character of this size
    if spec.first_line_chars:
        ind.set(_w("firstLineChars"), str(int(spec.first_line_chars * 100)))
        ind.set(_w("firstLine"), str(int(spec.first_line_chars * unit)))
    else:
        ind.set(_w("firstLineChars"), "0")
        ind.set(_w("firstLine"), "0")
    if spec.left_chars:
        ind.set(_w("leftChars"), str(int(spec.left_chars * 100)))
        ind.set(_w("left"), str(int(spec.left_chars * unit)))
    if spec.right_chars:
        ind.set(_w("rightChars"), str(int(spec.right_chars * 100)))
        ind.set(_w("right"), str(int(spec.right_chars * unit)))
    ppr.append(ind)
    jc = OxmlElement("w:jc")
    jc.set(_w("val"), _JC[spec.align])
    ppr.append(jc)
    _sort_ppr(ppr)


# Schema order of the pPr children we touch (CT_PPrBase); Word is strict about it.
_PPR_ORDER = [
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
    "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
    "sectPr", "pPrChange",
]


@functools.cache
def _ppr_order() -> dict[str, int]:
    return {_w(t): i for i, t in enumerate(_PPR_ORDER)}


def _sort_ppr(ppr: Any) -> None:
    order = _ppr_order()
    children = list(ppr)
    children.sort(key=lambda el: order.get(el.tag, len(order)))
    for el in children:
        ppr.remove(el)
    for el in children:
        ppr.append(el)


def _add_border(ppr: Any, side: str, size_eighths: int, color: str = "000000") -> None:
    from docx.oxml import OxmlElement

    pbdr = ppr.find(_w("pBdr"))
    if pbdr is None:
        pbdr = OxmlElement("w:pBdr")
        ppr.append(pbdr)
    el = OxmlElement(f"w:{side}")
    el.set(_w("val"), "single")
    el.set(_w("sz"), str(size_eighths))
    el.set(_w("space"), "1")
    el.set(_w("color"), color)
    pbdr.append(el)
    _sort_ppr(ppr)


def _add_run(p: Any, text: str, spec: RoleStyle, *, font: str | None = None, bold: bool | None = None) -> Any:
    from docx.shared import Pt, RGBColor

    run = p.add_run(text)
    run.font.size = Pt(spec.size)
    run.font.bold = spec.bold if bold is None else bold
    set_run_fonts(run._r, font or spec.font)
    if spec.color:
        run.font.color.rgb = RGBColor.from_string(spec.color)
    return run


def heading_split(text: str, level: int) -> int:
    """Return the length of the heading sentence of a run-in heading ("（一）标题。正文…"), or len(text)."""
    m = re.search(r"[。]", text)
    if m and m.end() < len(text):
        return m.end()
    return len(text)


def _write_paragraph(d: Any, para: Paragraph, role: Role, style_ids: dict[Role, str]) -> Any:
    spec = STYLES.get(role, STYLES[Role.BODY])
    if role not in style_ids:
        style_ids[role] = _role_style(d, role).style_id
    p = d.add_paragraph()
    # Set w:pStyle directly: python-docx's style setter rescans every style per paragraph.
    p._p.get_or_add_pPr().get_or_add_pStyle().val = style_ids[role]
    _apply_paragraph_format(p._p.get_or_add_pPr(), spec)
    text = para.text
    if role is Role.PRINTER:
        m = _RE_PRINTER_SPLIT.match(text)
        if m:
            _add_printer_tab(p)
            _add_run(p, m.group("org"), spec)
            _add_run(p, "\t", spec)
            _add_run(p, m.group("date"), spec)
            return p
    if role in (Role.HEADING1, Role.HEADING2):
        # A run-in heading: only the heading sentence takes 黑体/楷体, the rest is body text.
        cut = heading_split(text, role.heading_level)
        _add_run(p, text[:cut], spec)
        if cut < len(text):
            _add_run(p, text[cut:], spec, font=FONT_BODY)
        return p
    if text:
        _add_run(p, text, spec)
    return p


def _add_printer_tab(p: Any) -> None:
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Mm, Pt

    width = Mm(PAGE["width"] - PAGE["left"] - PAGE["right"]) - Pt(2 * SIZE_4)
    p.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    _sort_ppr(p._p.get_or_add_pPr())


def _page_number_footer(footer: Any, align_right: bool) -> None:
    """Fill a footer with "— PAGE —" in 4号半角宋体, 1 character in from the right or left edge."""
    from docx.oxml import OxmlElement

    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    for r in list(p.runs):
        r._r.getparent().remove(r._r)
    spec = RoleStyle(FONT_PAGE_NUMBER, SIZE_4, align="right" if align_right else "left",
                     right_chars=1 if align_right else 0, left_chars=0 if align_right else 1)
    _apply_paragraph_format(p._p.get_or_add_pPr(), spec)
    _add_run(p, "— ", spec, font=FONT_PAGE_NUMBER)
    run = _add_run(p, "", spec, font=FONT_PAGE_NUMBER)
    rfonts = run._r.get_or_add_rPr().find(_w("rFonts"))
    rfonts.set(_w("ascii"), FONT_PAGE_NUMBER)
    rfonts.set(_w("hAnsi"), FONT_PAGE_NUMBER)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            fc = OxmlElement("w:fldChar")
            fc.set(_w("fldCharType"), kind)
            run._r.append(fc)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)
    _add_run(p, " —", spec, font=FONT_PAGE_NUMBER)


def _setup_page_numbers(d: Any) -> None:
    d.settings.odd_and_even_pages_header_footer = True
    s = d.sections[0]
    _page_number_footer(s.footer, align_right=True)
    _page_number_footer(s.even_page_footer, align_right=False)


#: Blank lines the standard puts before a role (applied as spacing when the text has no blank line):
#: title two lines under the 发文字号 (7.3.1), 主送 one line under the title (7.3.2), 附件说明 one line
#: under the body (7.3.4), 署名 one line under the body or 附件说明 (7.3.5), 附注 one line under the date.
GAP_BEFORE = {Role.TITLE: 2, Role.ADDRESSEE: 1, Role.ATTACHMENT_NOTE: 1, Role.SIGNATURE: 2, Role.NOTE: 1}


def _space_before(ppr: Any, lines: int) -> None:
    spacing = ppr.find(_w("spacing"))
    if spacing is not None:
        spacing.set(_w("before"), str(lines * LINE_PITCH_TWIPS))


def colophon_lines(doc: Document) -> int:
    """Return how many grid lines the 版记 (抄送, 印发) of ``doc`` takes in 4号 type."""
    from gov_docs.text.linebreak import break_lines, char_width

    width = (PAGE["width"] - PAGE["left"] - PAGE["right"]) / 25.4 * 72 - 2 * char_width("一", SIZE_4)
    rows = 0
    for p in doc.paragraphs:
        if p.role is Role.CC:
            rows += len(break_lines(p.text.strip(), SIZE_4, width, width - 3 * char_width("一", SIZE_4)))
        elif p.role is Role.PRINTER:
            rows += 1
    return rows


def _frame_at_foot(ppr: Any, rows: int) -> None:
    """Put the paragraph in a frame whose last line is the last line of the 版心 (GB/T 9704-2012 7.4).

    Consecutive paragraphs with the same frame properties share one frame, so 抄送 and 印发 stack there.
    The frame is placed from the top of the page (Word, WPS and LibreOffice agree on that).
    """
    from docx.oxml import OxmlElement

    old = ppr.find(_w("framePr"))
    if old is not None:
        ppr.remove(old)
    frame = OxmlElement("w:framePr")
    twips = 1440 / 25.4
    frame.set(_w("w"), str(round((PAGE["width"] - PAGE["left"] - PAGE["right"]) * twips)))
    frame.set(_w("wrap"), "around")
    frame.set(_w("hRule"), "exact")
    frame.set(_w("h"), str(rows * LINE_PITCH_TWIPS + 40))
    frame.set(_w("vAnchor"), "page")
    frame.set(_w("hAnchor"), "margin")
    frame.set(_w("xAlign"), "center")
    bottom = (PAGE["height"] - PAGE["bottom"]) * twips
    frame.set(_w("y"), str(round(bottom - rows * LINE_PITCH_TWIPS - 40)))  # 40: the two 版记 rules
    ppr.append(frame)
    _sort_ppr(ppr)


def _no_grid(ppr: Any) -> None:
    """Let a paragraph in a size other than 3号 keep its own spacing instead of snapping to the grid."""
    from docx.oxml import OxmlElement

    el = ppr.find(_w("snapToGrid"))
    if el is None:
        el = OxmlElement("w:snapToGrid")
        ppr.append(el)
    el.set(_w("val"), "0")
    _sort_ppr(ppr)


def _fit_title(ppr: Any, text: str) -> None:
    """Narrow a long title's line box so Word and WPS break it where the layout does (words whole, 梯形).

    The lines come from :func:`gov_docs.text.linebreak.split_title`; the box is as wide as the longest
    line and centred, which reproduces the split exactly when breaking that width greedily gives the same
    lines (the splitter prefers such shapes). Otherwise the title is left to the word processor. No
    character is added, so the paragraph's text stays the same.
    """
    from gov_docs.text.linebreak import break_lines, split_title, widths

    body = text.strip()
    width = (PAGE["width"] - PAGE["left"] - PAGE["right"]) / 25.4 * 72
    lines = split_title(body, SIZE_2, width)
    if len(lines) < 2:
        return
    adv = widths(body, SIZE_2)
    box = max(sum(adv[a:b]) for a, b in lines) + 0.25 * SIZE_2
    if box > width or break_lines(body, SIZE_2, box, box, adv) != lines:
        return
    side = str(round((width - box) / 2 * 20))
    ind = ppr.find(_w("ind"))
    if ind is None:
        from docx.oxml import OxmlElement

        ind = OxmlElement("w:ind")
        ppr.append(ind)
    for attr in list(ind.attrib):
        del ind.attrib[attr]
    ind.set(_w("left"), side)
    ind.set(_w("right"), side)
    ind.set(_w("firstLine"), "0")
    _sort_ppr(ppr)


def build_docx(doc: Document) -> Any:
    """Return a python-docx ``Document`` typeset from ``doc`` per GB/T 9704-2012."""
    import docx

    d = docx.Document()
    # The default template starts with one empty paragraph: drop it.
    body = d.element.body
    for p in list(body.iterchildren(_w("p"))):
        body.remove(p)
    _setup_page(d)
    _setup_defaults(d)
    _setup_page_numbers(d)

    paras = doc.paragraphs
    roles = [p.role for p in paras]
    has_signer = Role.SIGNER in roles or any(
        p.role is Role.DOC_NUMBER and "签发人" in p.text for p in paras
    )
    colophon = [i for i, r in enumerate(roles) if r in (Role.CC, Role.PRINTER)]
    colophon_rows = colophon_lines(doc)
    style_ids: dict[Role, str] = {}
    for i, para in enumerate(paras):
        role = para.role
        p = _write_paragraph(d, para, role, style_ids)
        ppr = p._p.get_or_add_pPr()
        if role is Role.DOC_NUMBER and has_signer:
            # 上行文: 发文字号 left, one character in (GB/T 9704-2012 7.2.4).
            _apply_paragraph_format(ppr, RoleStyle(FONT_BODY, SIZE_3, align="left", left_chars=1))
        if role is Role.DOC_NUMBER and Role.ISSUER_MARK in roles:
            _add_border(ppr, "bottom", 12, "FF0000")  # the red separator line under the 发文字号
        prev = roles[i - 1] if i > 0 else None
        gap = GAP_BEFORE.get(role, 0)
        if gap and prev is not None and prev is not role and prev is not Role.BLANK:
            _space_before(ppr, gap)
        if role is Role.ATTACHMENT_MARK:
            p.paragraph_format.page_break_before = True
            _sort_ppr(ppr)
        if role is Role.ATTACHMENT_NOTE and i > 0 and roles[i - 1] is Role.ATTACHMENT_NOTE:
            # Continuation lines align with the first attachment name after "附件：".
            _apply_paragraph_format(ppr, RoleStyle(FONT_BODY, SIZE_3, left_chars=5))
        if role is Role.TITLE:
            _fit_title(ppr, para.text)
        if role in (Role.TITLE, Role.ISSUER_MARK):
            _no_grid(ppr)
        if i in colophon:
            _frame_at_foot(ppr, colophon_rows)
        if i in colophon:
            # The same borders on every 版记 paragraph: 0.35 mm above the first and below the last, 0.25 mm
            # between them (w:between). Identical properties keep the paragraphs in one frame everywhere.
            _add_border(ppr, "top", 8)
            _add_border(ppr, "bottom", 8)
            _add_border(ppr, "between", 6)
    return d



def write_docx(doc: Document, path: Path | str) -> Path:
    """Write ``doc`` as a GB/T 9704 .docx atomically (temp file, then rename).

    Args:
        doc: the document (roles decide the typesetting).
        path: the output .docx path.

    Returns:
        The path written.

    Raises:
        DocumentWriteError: the folder is missing or not writable.
    """
    from gov_docs.fileio import atomic_write_bytes

    path = Path(path)
    d = build_docx(doc)
    buf = io.BytesIO()
    d.save(buf)
    try:
        atomic_write_bytes(path, buf.getvalue())
    except OSError as exc:
        from gov_docs.errors import os_reason

        raise DocumentWriteError(path, os_reason(exc)) from exc
    return path


#: Public names for the write-back code (:mod:`gov_docs.document.docx_edit`).
w_tag = _w
sort_ppr = _sort_ppr
