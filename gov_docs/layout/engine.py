"""The GB/T 9704-2012 page layout: a :class:`Document` becomes pages of positioned lines.

One layout feeds the page view, printing and the PDF, so what the clerk sees is what the printer
produces. The flow follows the standard (``../shared/specs/gbt9704.md``):

* 版头: 份号/密级/紧急程度 top left; the 发文机关标志 in red, its top edge 35 mm below the 版心
  (上行文 80 mm); the 发文字号 two lines under it (上行文: left, with 签发人 on the right); the red rule
  4 mm under the 发文字号.
* 主体: the title in 2号小标宋 two lines under the rule, split into a 梯形/菱形 keeping words whole;
  主送; the body on the 28 × 22 grid with 避头尾; 附件说明 with hanging alignment; 署名 centred over the
  日期, which stands 右空四字; 附注; each 附件 on a new page.
* 版记 (抄送, 印发) at the foot of the last page, or alone on a page without a number when it does not fit.
* Page numbers "— N —" in 4号宋体 7 mm under the 版心, odd pages right and even pages left, one
  character in.

Only paragraphs from the page holding the first edit onward are laid out again by :func:`relayout`;
line breaking results are cached per paragraph.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from gov_docs.document.docx_writer import (
    FONT_BODY,
    FONT_H2,
    FONT_PAGE_NUMBER,
    GAP_BEFORE,
    SIZE_3,
    SIZE_4,
    STYLES,
    RoleStyle,
    heading_split,
)
from gov_docs.document.model import COLOPHON_ROLES, Document, Paragraph, Role
from gov_docs.layout import geometry as g
from gov_docs.text.linebreak import break_lines, justify, split_title, widths


@dataclass(frozen=True)
class Span:
    """A stretch of one line drawn in one font: its characters and the x of each (points)."""

    text: str
    xs: tuple[float, ...]
    font: str  # the standard font name (仿宋_GB2312, 方正小标宋简体 …); renderers pick what stands in
    size: float
    color: str = "000000"

    @property
    def right(self) -> float:
        """Return the x where the last character ends."""
        if not self.text:
            return self.xs[0] if self.xs else 0.0
        return self.xs[-1] + g.char_width(self.text[-1], self.size)


@dataclass(frozen=True)
class Line:
    """One positioned line: spans, its line box and baseline, and where its text comes from.

    ``paragraph`` is the index in ``Document.paragraphs`` (-1 for page numbers); ``start`` is the
    code-point offset in that paragraph's text of the line's first character.
    """

    spans: tuple[Span, ...]
    top: float
    height: float
    baseline: float
    role: Role | None
    paragraph: int
    start: int
    kind: str = "text"  # text | page_number

    @property
    def text(self) -> str:
        """Return the characters of the line."""
        return "".join(s.text for s in self.spans)

    @property
    def left(self) -> float:
        """Return the x of the first character."""
        for s in self.spans:
            if s.xs:
                return s.xs[0]
        return g.LEFT

    @property
    def right(self) -> float:
        """Return the x where the last character ends."""
        return self.spans[-1].right if self.spans else g.LEFT

    def char_positions(self) -> list[tuple[str, float, float, str, float]]:
        """Return ``(char, x, advance, font, size)`` for every character."""
        out = []
        for s in self.spans:
            for ch, x in zip(s.text, s.xs, strict=False):
                out.append((ch, x, g.char_width(ch, s.size), s.font, s.size))
        return out


@dataclass(frozen=True)
class RuleLine:
    """A horizontal rule: the red separator, or a 版记 line."""

    x0: float
    x1: float
    y: float
    width: float
    color: str = "000000"


@dataclass
class Page:
    """One A4 page: its lines and rules; ``number`` is the printed page number (None: not numbered)."""

    index: int
    lines: list[Line] = field(default_factory=list)
    rules: list[RuleLine] = field(default_factory=list)
    number: int | None = None
    kind: str = "body"  # body | colophon (a page holding only the 版记)
    seal: tuple[float, float, float] | None = None  # 印章位置: centre x, centre y, radius (screen only)

    @property
    def width(self) -> float:
        """Return the page width in points."""
        return g.PAGE_WIDTH

    @property
    def height(self) -> float:
        """Return the page height in points."""
        return g.PAGE_HEIGHT


@dataclass(frozen=True)
class _State:
    """Where the flow stood when a page began: enough to resume there."""

    paragraph: int
    line: int
    prev: Role | None


@dataclass
class _Content:
    index: int
    state: _State
    lines: list[Line] = field(default_factory=list)
    rules: list[RuleLine] = field(default_factory=list)
    rows: int = 0  # grid lines used


@dataclass
class Layout:
    """The laid-out document: pages, and what the incremental re-layout needs."""

    pages: list[Page]
    signature: tuple[tuple[str, Role], ...]
    up_document: bool
    _content: list[_Content] = field(default_factory=list, repr=False)
    _cache: dict = field(default_factory=dict, repr=False)
    relaid_pages: int = 0  # pages laid out again by the last (re)layout

    @property
    def page_count(self) -> int:
        """Return the number of pages."""
        return len(self.pages)

    def lines_of(self, paragraph: int) -> list[tuple[int, Line]]:
        """Return ``(page index, line)`` for every line of a paragraph."""
        return [(p.index, ln) for p in self.pages for ln in p.lines if ln.paragraph == paragraph]


# ---- paragraph formatting -----------------------------------------------------------------------

_RE_SIGNER = re.compile(r"\s*签发人[：:]\s*")
_RE_PRINTER = re.compile(r"^(?P<org>.*?)\s+(?P<date>\S*\d{4}\s*年.*印发)\s*$")
_RE_NOTE_ITEM = re.compile(r"^(附件[：:])?\s*(\d+[.．、]\s*)?")
_RE_CC = re.compile(r"^(抄\s*送|抄报|分送)[：:]")
_LEAD_SPACE = " \t\u3000\xa0"


@dataclass(frozen=True)
class _Draft:
    """A line before it is given a row: spans and its source offset."""

    start: int
    spans: tuple[Span, ...]


def _style(role: Role) -> RoleStyle:
    return STYLES.get(role, STYLES[Role.BODY])


def _spans(text: str, start: int, end: int, xs: list[float], fonts: list[tuple[int, str]], size: float,
           color: str) -> tuple[Span, ...]:
    """Cut ``text[start:end]`` into spans at the font changes ``fonts`` ((offset, font), sorted)."""
    out = []
    for k, (at, font) in enumerate(fonts):
        nxt = fonts[k + 1][0] if k + 1 < len(fonts) else end
        a, b = max(start, at), min(end, nxt)
        if a < b or (a == b == start == end and k == 0):
            out.append(Span(text[a:b], tuple(xs[a - start:b - start]), font, size, color))
    return tuple(out) or (Span("", (xs[0] if xs else g.LEFT,), fonts[0][1], size, color),)


def _flow(text: str, offset: int, style: RoleStyle, fonts: list[tuple[int, str]], *, first_x: float,
          rest_x: float, right: float, align: str, size: float | None = None) -> list[_Draft]:
    """Break ``text`` (which starts at ``offset`` in its paragraph) and place each line's characters."""
    size = size or style.size
    adv = widths(text, size)
    lines = break_lines(text, size, right - first_x, right - rest_x, adv)
    drafts = []
    for k, (a, b) in enumerate(lines):
        x0 = first_x if k == 0 else rest_x
        room = right - x0
        seg = adv[a:b]
        used = sum(seg)
        last = k == len(lines) - 1
        if align == "center":
            xs = justify(seg, x0 + (room - used) / 2, room, False)
        elif align == "right":
            xs = justify(seg, right - used, room, False)
        else:
            xs = justify(seg, x0, room, align == "justify" and not last)
        shifted = [(at - offset, f) for at, f in fonts]
        drafts.append(_Draft(a + offset, _spans(text, a, b, xs, shifted, size, style.color or "000000")))
    return drafts


def _strip(text: str) -> tuple[int, str]:
    body = text.lstrip(_LEAD_SPACE)
    lead = len(text) - len(body)
    return lead, body.rstrip()


def _format(para: Paragraph, role: Role, ctx: tuple) -> list[_Draft]:
    """Return the lines of one paragraph (x positions; rows come later)."""
    up, prev, next_width = ctx
    style = _style(role)
    lead, text = _strip(para.text)
    p3 = g.pitch(style.size)
    left = g.LEFT + style.left_chars * p3
    right = g.RIGHT - style.right_chars * p3
    plain = [(lead, style.font)]
    if role is Role.ISSUER_MARK:
        size = min(g.MARK_MAX_SIZE, g.TEXT_WIDTH * 0.96 / max(1, len(text)) - g.CHAR_DELTA)
        spec = RoleStyle(style.font, size, align="center", color=g.RED)
        return _flow(text, lead, spec, plain, first_x=g.LEFT, rest_x=g.LEFT, right=g.RIGHT,
                     align="center", size=size)
    if role is Role.TITLE:
        out = []
        for a, b in split_title(text, style.size, g.TEXT_WIDTH):
            piece = text[a:b]
            adv = widths(piece, style.size)
            x0 = g.LEFT + (g.TEXT_WIDTH - sum(adv)) / 2
            xs = justify(adv, x0, g.TEXT_WIDTH, False)
            out.append(_Draft(lead + a, (Span(piece, tuple(xs), style.font, style.size),)))
        return out
    if role is Role.DOC_NUMBER:
        m = _RE_SIGNER.search(text)
        number = text[:m.start()].rstrip() if m else text
        out = _flow(number, lead, style, plain, first_x=g.LEFT + (p3 if up else 0), rest_x=g.LEFT,
                    right=g.RIGHT, align="left" if up else "center")
        if m:
            out += _signer(text[m.start():].strip(), lead + m.start() + (len(text[m.start():])
                                                                         - len(text[m.start():].lstrip())))
        return out
    if role is Role.SIGNER:
        return _signer(text, lead)
    if role is Role.ATTACHMENT_NOTE:
        m = _RE_NOTE_ITEM.match(text)
        first_x = g.LEFT + 2 * p3 if prev is not Role.ATTACHMENT_NOTE else g.LEFT + 5 * p3
        if prev is Role.ATTACHMENT_NOTE and m and m.group(1):
            first_x = g.LEFT + 2 * p3  # a second "附件：" line starts a new note
        hang = sum(widths(m.group(0), style.size)) if m else 0.0
        if prev is Role.ATTACHMENT_NOTE and not (m and m.group(1)):
            hang = sum(widths(m.group(2) or "", style.size)) if m else 0.0
        return _flow(text, lead, style, plain, first_x=first_x, rest_x=first_x + hang, right=g.RIGHT,
                     align="justify")
    if role is Role.CC:
        m = _RE_CC.match(text)
        hang = sum(widths(m.group(0), style.size)) if m else 0.0
        return _flow(text, lead, style, plain, first_x=left, rest_x=left + hang, right=right,
                     align="justify")
    if role is Role.PRINTER:
        m = _RE_PRINTER.match(text)
        if m:
            org = _flow(m.group("org"), lead, style, plain, first_x=left, rest_x=left, right=right,
                        align="left")
            date = _flow(m.group("date"), lead + m.start("date"), style, plain, first_x=left, rest_x=left,
                         right=right, align="right")
            return [org[0], date[0]] if len(org) == len(date) == 1 else org + date
        return _flow(text, lead, style, plain, first_x=left, rest_x=left, right=right, align="left")
    if role is Role.SIGNATURE and next_width:
        # 署名 centred over the 成文日期 (which stands 右空四字), kept inside the 版心.
        adv = widths(text, style.size)
        date_right = g.RIGHT - 4 * p3
        centre = date_right - next_width / 2
        x0 = min(centre - sum(adv) / 2, g.RIGHT - sum(adv))
        xs = justify(adv, max(g.LEFT, x0), 0, False)
        return [_Draft(lead, (Span(text, tuple(xs), style.font, style.size),))]
    if para.number_label:  # Word's list number, drawn before the text: its characters sit at offsets < 0
        text, lead = para.number_label + text, lead - len(para.number_label)
        plain = [(lead, style.font)]
    if role in (Role.HEADING1, Role.HEADING2):
        cut = heading_split(text, role.heading_level)
        fonts = [(lead, style.font)] + ([(lead + cut, FONT_BODY)] if cut < len(text) else [])
        return _flow(text, lead, style, fonts, first_x=left + style.first_line_chars * p3, rest_x=left,
                     right=right, align=style.align)
    return _flow(text, lead, style, plain, first_x=left + style.first_line_chars * p3, rest_x=left,
                 right=right, align=style.align)


def _signer(text: str, offset: int) -> list[_Draft]:
    """Return the 签发人 line: "签发人：" in 3号仿宋, the name in 3号楷体, one character from the right."""
    m = re.match(r"签发人[：:]\s*", text)
    label = m.end() if m else 0
    adv = widths(text, SIZE_3)
    x0 = g.RIGHT - g.PITCH_3 - sum(adv)
    xs = justify(adv, x0, 0, False)
    fonts = [(offset, FONT_BODY)] + ([(offset + label, FONT_H2)] if label < len(text) else [])
    return [_Draft(offset, _spans(text, 0, len(text), xs, [(a - offset, f) for a, f in fonts], SIZE_3,
                                  "000000"))]


# ---- the flow ----------------------------------------------------------------------------------


def _is_up_document(doc: Document) -> bool:
    """Return True for a 上行文 (a 签发人 is given): 版头 lower, 发文字号 on the left."""
    return any(p.role is Role.SIGNER or (p.role is Role.DOC_NUMBER and "签发人" in p.text)
               for p in doc.paragraphs)


class _Resynced(Exception):  # noqa: N818 - control flow, not an error
    """Raised when a re-layout reaches a page that starts exactly as before: the old pages follow."""

    def __init__(self, rest: list) -> None:
        super().__init__()
        self.rest = rest


class _Flow:
    """Places formatted lines on grid rows, page after page."""

    def __init__(self, doc: Document, up: bool, cache: dict) -> None:
        self.doc = doc
        self.paras = doc.paragraphs
        self.up = up
        self.cache = cache
        self.pages: list[_Content] = []
        self.docnum_row: int | None = None
        self.resync: tuple[int, list[_Content]] | None = None  # (last changed paragraph, old pages)
        self.reused = 0
        self.signer_row: int | None = None

    def drafts(self, i: int, prev: Role | None) -> list[_Draft]:
        para = self.paras[i]
        role = para.role
        next_width = 0.0
        if role is Role.SIGNATURE:
            for j in range(i + 1, min(i + 3, len(self.paras))):
                if self.paras[j].role is Role.DATE:
                    next_width = sum(widths(_strip(self.paras[j].text)[1], SIZE_3))
                    break
                if self.paras[j].role is not Role.BLANK:
                    break
        ctx = (self.up, prev if role is Role.ATTACHMENT_NOTE else None, round(next_width, 3))
        key = (para.number_label, para.text, role, ctx)
        hit = self.cache.get(key)
        if hit is None:
            hit = _format(para, role, ctx)
            if len(self.cache) > 20000:
                self.cache.clear()
            self.cache[key] = hit
        return hit

    def new_page(self, state: _State) -> _Content:
        index = len(self.pages)
        if self.resync is not None and state.paragraph >= self.resync[0]:
            old = self.resync[1]
            if index < len(old) and old[index].state == state:
                # The flow is back where it was before the edit: the rest of the pages are unchanged.
                raise _Resynced(old[index:])
        page = _Content(index, state)
        self.pages.append(page)
        return page

    def run(self, start: _State, kept: list[_Content]) -> list[_Content]:
        self.pages = list(kept)
        try:
            return self._run(start)
        except _Resynced as done:
            self.reused = len(done.rest)
            return self.pages + done.rest

    def _run(self, start: _State) -> list[_Content]:
        page = self.new_page(start)
        row = 0
        prev = start.prev
        first_line = start.line
        for i in range(start.paragraph, len(self.paras)):
            para = self.paras[i]
            role = para.role
            skip_lines, first_line = first_line, 0
            if role in COLOPHON_ROLES:
                continue
            if role is Role.BLANK:
                if row > 0:
                    row += 1
                prev = role
                continue
            if (role is Role.ATTACHMENT_MARK or para.page_break_before) and (row > 0 or page.lines) \
                    and skip_lines == 0:
                page.rows = row
                page, row = self.new_page(_State(i, 0, prev)), 0
            if (skip_lines == 0 and row > 0 and prev is not None and prev is not role
                and prev is not Role.BLANK):
                gap = GAP_BEFORE.get(role, 0)
                if role is Role.TITLE and prev is Role.ATTACHMENT_MARK:
                    gap = 1  # the 附件 title stands on the third line of the page
                row += gap
            if role is Role.TITLE and self.docnum_row is not None and page.index == 0:
                row = max(row, self.docnum_row + 3)  # two lines under the red rule (§7.3.1)
            if role is Role.ISSUER_MARK and page.index == 0:
                row = self.place_mark(page, i, role)
                prev = role
                continue
            drafts = self.drafts(i, prev)
            if role is Role.SIGNER and self.docnum_row is not None and page.index == 0:
                for d in drafts:
                    page.lines.append(self.line(d, self.docnum_row, role, i))
                prev = role
                continue
            if role is Role.DOC_NUMBER and self.signer_row is not None and page.index == 0:
                row = self.signer_row
            for k, d in enumerate(drafts[skip_lines:], start=skip_lines):
                if row >= g.ROWS:
                    page.rows = g.ROWS
                    page, row = self.new_page(_State(i, k, prev)), 0
                if role is Role.SIGNER or (role is Role.DOC_NUMBER and k > 0
                                           and d.spans[0].text.startswith("签发人")):
                    at = row - 1 if role is Role.DOC_NUMBER else row  # beside the 发文字号
                    page.lines.append(self.line(d, at, role, i))
                    self.signer_row = at
                    continue
                if role is Role.PRINTER and k > 0 and len(drafts) == 2 and drafts[1].spans[0].xs[0] > \
                        drafts[0].spans[-1].right:
                    page.lines.append(self.line(d, row - 1, role, i))  # the date shares the organ's line
                    continue
                page.lines.append(self.line(d, row, role, i))
                row += 1
            if role is Role.DOC_NUMBER and page.index == 0:
                self.docnum_row = row - 1
                if any(p.role is Role.ISSUER_MARK for p in self.paras[:i]):
                    y = page.lines[-1].baseline + 0.12 * SIZE_3 + g.RED_RULE_GAP
                    page.rules.append(RuleLine(g.LEFT, g.RIGHT, y, g.RED_RULE_WIDTH, g.RED))
            prev = role
        page.rows = min(row, g.ROWS)
        return self.pages

    def place_mark(self, page: _Content, i: int, role: Role) -> int:
        """Put the 发文机关标志 at its fixed height; return the row of the 发文字号 under it."""
        drafts = self.drafts(i, None)
        marks = [ln for ln in page.lines if ln.role is Role.ISSUER_MARK]
        top = (marks[-1].top + marks[-1].height) if marks else \
            g.TOP + (g.MARK_OFFSET_UP if self.up else g.MARK_OFFSET)
        for d in drafts:
            size = d.spans[0].size if d.spans else SIZE_3
            height = size * 1.05
            page.lines.append(Line(d.spans, top, height, top + g.ASCENT * size, role, i, d.start))
            top += height
        bottom_rows = (top - g.TOP) / g.ROW
        return min(g.ROWS - 1, math.ceil(bottom_rows - 0.25) + 2) - GAP_BEFORE.get(Role.DOC_NUMBER, 0)

    def line(self, d: _Draft, row: int, role: Role, i: int) -> Line:
        top = g.row_top(row)
        size = max((s.size for s in d.spans), default=SIZE_3)
        return Line(d.spans, top, g.ROW, g.baseline(top, g.ROW, size), role, i, d.start)


def _colophon(doc: Document, flow: _Flow, pages: list[_Content]) -> tuple[list[Line], list[RuleLine], bool]:
    """Lay the 版记 out at the foot of the last page; return its lines, rules and whether it needs a page."""
    idx = [i for i, p in enumerate(doc.paragraphs) if p.role in COLOPHON_ROLES]
    if not idx:
        return [], [], False
    groups: list[list[_Draft]] = []
    roles = []
    for i in idx:
        drafts = flow.drafts(i, None)
        groups.append(drafts)
        roles.append(doc.paragraphs[i].role)
    rows_needed = 0
    for drafts, role in zip(groups, roles, strict=False):
        same_line = (role is Role.PRINTER and len(drafts) == 2
                     and drafts[1].spans[0].xs[0] > drafts[0].spans[-1].right)
        rows_needed += 1 if same_line else len(drafts)
    last = pages[-1]
    own_page = last.rows + rows_needed > g.ROWS or rows_needed > g.ROWS
    row = g.ROWS - rows_needed
    lines: list[Line] = []
    rules = [RuleLine(g.LEFT, g.RIGHT, g.row_top(max(0, row)), g.COLOPHON_THICK)]
    for n, (i, drafts, role) in enumerate(zip(idx, groups, roles, strict=False)):
        same_line = (role is Role.PRINTER and len(drafts) == 2
                     and drafts[1].spans[0].xs[0] > drafts[0].spans[-1].right)
        for k, d in enumerate(drafts):
            r = row - 1 if same_line and k == 1 else row
            top = g.row_top(max(0, r))
            lines.append(Line(d.spans, top, g.ROW, g.baseline(top, g.ROW, SIZE_4), role, i, d.start))
            if not (same_line and k == 1):
                row += 1
        y = g.row_top(max(0, row))
        rules.append(RuleLine(g.LEFT, g.RIGHT, y, g.COLOPHON_THICK if n == len(idx) - 1 else g.COLOPHON_THIN))
    return lines, rules, own_page


def page_number_line(number: int) -> Line:
    """Return the "— N —" line of page ``number``: 4号宋体, odd pages right, even pages left, 1 char in."""
    text = f"— {number} —"
    adv = widths(text, SIZE_4)
    one = g.pitch(SIZE_4)
    x0 = g.RIGHT - one - sum(adv) if number % 2 else g.LEFT + one
    xs = justify(adv, x0, 0, False)
    top = g.BOTTOM + g.PAGE_NUMBER_GAP
    span = Span(text, tuple(xs), FONT_PAGE_NUMBER, SIZE_4)
    return Line((span,), top, SIZE_4, top + g.ASCENT * SIZE_4, None, -1, 0, kind="page_number")


def _decorate(doc: Document, flow: _Flow, content: list[_Content]) -> list[Page]:
    pages = [Page(c.index, list(c.lines), list(c.rules)) for c in content]
    lines, rules, own_page = _colophon(doc, flow, content)
    if lines:
        if own_page:
            pages.append(Page(len(pages), lines, rules, kind="colophon"))
        else:
            pages[-1].lines.extend(lines)
            pages[-1].rules.extend(rules)
    for p in pages:
        if p.kind == "body":
            p.number = p.index + 1
            p.lines.append(page_number_line(p.number))
    _place_seal(pages)
    return pages


SEAL_RADIUS = 21.0 * g.MM  # a 42 mm round seal


def _place_seal(pages: list[Page]) -> None:
    """Mark where the seal goes: centred on the 日期, pressing on 署名 and 日期, which sit a little below
    its centre (GB/T 9704-2012 7.3.5.1).
    """
    for page in pages:
        dates = [ln for ln in page.lines if ln.role is Role.DATE]
        if not dates:
            continue
        date = dates[0]
        sigs = [ln for ln in page.lines if ln.role is Role.SIGNATURE and ln.top < date.top]
        top = sigs[-1].top if sigs else date.top
        middle = (top + date.top + date.height) / 2
        page.seal = ((date.left + date.right) / 2, middle - 4 * g.MM, SEAL_RADIUS)
        return


def _signature(doc: Document) -> tuple[tuple[str, Role], ...]:
    return tuple((p.number_label, p.text, p.role) for p in doc.paragraphs)


def layout_document(doc: Document) -> Layout:
    """Lay ``doc`` out on GB/T 9704 pages.

    Args:
        doc: the document; paragraph roles decide fonts, sizes and places.

    Returns:
        The layout: pages of positioned lines (points from the page's top-left corner).
    """
    return relayout(None, doc)


def relayout(old: Layout | None, doc: Document, first_changed: int | None = None) -> Layout:
    """Lay ``doc`` out again after an edit, keeping the pages before the first changed paragraph.

    Args:
        old: the previous layout of (an earlier version of) the document, or None.
        doc: the document now.
        first_changed: the first paragraph that differs; found by comparing texts and roles if None.

    Returns:
        The new layout; ``relaid_pages`` says how many pages were laid out again.
    """
    up = _is_up_document(doc)
    sig = _signature(doc)
    cache = old._cache if old is not None else {}
    flow = _Flow(doc, up, cache)
    kept: list[_Content] = []
    start = _State(0, 0, None)
    if old is not None and old.up_document == up:
        if first_changed is None:
            first_changed = next(
                (i for i, (a, b) in enumerate(zip(old.signature, sig, strict=False)) if a != b),
                                 min(len(old.signature), len(sig)))
        # The 署名 looks ahead at the 日期, a 附件说明 back at its neighbour: start two paragraphs earlier.
        limit = max(0, first_changed - 2)
        resumable = [c for c in old._content[1:] if c.state.paragraph < limit]
        if resumable:
            kept, start = old._content[: resumable[-1].index], resumable[-1].state
        if len(old.signature) == len(sig):
            # Paragraphs after the last changed one are the same: once a page starts as it did, stop.
            last = next((i for i in range(len(sig) - 1, -1, -1) if old.signature[i] != sig[i]), -1)
            if last >= 0 and not any(sig[j][1] in COLOPHON_ROLES for j in range(first_changed, last + 1)):
                flow.resync = (last + 1, old._content)
    content = flow.run(start, kept)
    pages = _decorate(doc, flow, content)
    return Layout(pages, sig, up, content, cache, relaid_pages=len(content) - len(kept) - flow.reused)
