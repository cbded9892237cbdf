"""PDF export drawn from the GB/T 9704 layout, with the fonts embedded (subsets).

fpdf2 (LGPL-3.0) writes the file. It embeds TrueType outlines only, so a CFF-flavoured font (the
Noto CJK stand-ins) is subset with fontTools and its outlines converted to TrueType first; every
character is placed at the x the layout gave it, so the PDF has exactly the layout's grid.
"""

from __future__ import annotations

import io
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

from gov_docs.document.docx_writer import FONT_LATIN
from gov_docs.document.errors import DocumentWriteError
from gov_docs.document.model import Document
from gov_docs.layout.engine import Layout, layout_document
from gov_docs.layout.fonts import FontChoice, resolve_fonts, substitution_note


def _to_truetype(font) -> None:
    """Convert a CFF-outline font (``OTTO``) to TrueType outlines in place."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        width, _ = hmtx.metrics[name]
        hmtx.metrics[name] = (width, getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 1 if attr == "maxZones" else 0)
    maxp.compile(font)
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"


def subset_font(choice: FontChoice, text: str, folder: Path) -> Path:
    """Write a TrueType subset of ``choice`` holding the characters of ``text``; return its path."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(choice.path), fontNumber=choice.index, lazy=True)
    opts = subset.Options()
    opts.layout_features = []
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.hinting = False
    opts.desubroutinize = True
    opts.drop_tables += ["FFTM", "DSIG", "BASE", "JSTF", "MATH", "GSUB", "GPOS", "GDEF", "vhea", "vmtx"]
    sub = subset.Subsetter(opts)
    sub.populate(text=text)
    sub.subset(font)
    if font.sfntVersion == "OTTO":
        _to_truetype(font)
    out = folder / f"{abs(hash((choice.path, choice.index, choice.bold))):x}.ttf"
    buf = io.BytesIO()
    font.save(buf)
    out.write_bytes(buf.getvalue())
    return out


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def render_pdf(layout: Layout, *, title: str = "", fonts: dict[str, FontChoice] | None = None,
               progress: Callable[[int, int], None] | None = None) -> bytes:
    """Return the PDF of a layout: one A4 page per layout page, fonts embedded.

    Args:
        layout: the layout (from :func:`layout_document`).
        title: the document title for the PDF's metadata.
        fonts: the fonts to draw with (default: :func:`resolve_fonts`).
        progress: called with (pages done, pages) while drawing.

    Returns:
        The PDF bytes.
    """
    from fpdf import FPDF

    fonts = fonts if fonts is not None else resolve_fonts()
    latin = fonts.get(FONT_LATIN)
    used: dict[str, set[str]] = {}
    for page in layout.pages:
        for line in page.lines:
            for span in line.spans:
                for ch in span.text:
                    key = FONT_LATIN if ch.isascii() and latin is not None and latin.path else span.font
                    used.setdefault(key, set()).add(ch)
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_compression(True)
    pdf.set_title(title or "公文")
    pdf.set_creator("gov-docs（GB/T 9704 排版）")
    note = substitution_note(fonts)
    if note:
        pdf.set_subject(note)
    # Standard fonts drawn by the same file (仿宋 and 宋体 by one stand-in) share one embedded subset.
    files: dict[tuple, set[str]] = {}
    for standard, chars in used.items():
        choice = fonts.get(standard)
        if choice is not None and choice.path is not None:
            files.setdefault((choice.path, choice.index), set()).update(chars)
    names: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="gov-docs-pdf-") as tmp:
        embedded: dict[tuple, str] = {}
        for n, (key, chars) in enumerate(sorted(files.items(), key=lambda kv: str(kv[0]))):
            choice = next(c for c in fonts.values() if (c.path, c.index) == key)
            path = subset_font(choice, "".join(sorted(chars)) + " ", Path(tmp))
            embedded[key] = f"F{n}"
            pdf.add_font(f"F{n}", fname=str(path))
        for standard in used:
            choice = fonts.get(standard)
            if choice is not None and (choice.path, choice.index) in embedded:
                names[standard] = embedded[(choice.path, choice.index)]
        if not names:
            raise DocumentWriteError("PDF", "找不到可嵌入的中文字体，请安装 fonts-noto-cjk 或标准公文字体")
        fallback = names.get(next(iter(names)))
        total = len(layout.pages)
        for k, page in enumerate(layout.pages):
            pdf.add_page()
            for rule in page.rules:
                pdf.set_draw_color(*_rgb(rule.color))
                pdf.set_line_width(rule.width)
                pdf.line(rule.x0, rule.y, rule.x1, rule.y)
            for line in page.lines:
                for span in line.spans:
                    pdf.set_text_color(*_rgb(span.color))
                    current = None
                    for ch, x in zip(span.text, span.xs, strict=False):
                        # zero-width marks: nothing to draw
                        if ch.isspace() or unicodedata.category(ch) == "Cf":
                            continue
                        key = FONT_LATIN if ch.isascii() and FONT_LATIN in names else span.font
                        name = names.get(key, fallback)
                        if name != current:
                            pdf.set_font(name, size=span.size)
                            current = name
                        pdf.text(x, line.baseline, ch)
            if progress:
                progress(k + 1, total)
        return bytes(pdf.output())


def export_pdf(doc: Document, path: Path | str, *,
               progress: Callable[[int, int], None] | None = None) -> Layout:
    """Lay ``doc`` out per GB/T 9704 and write it as a PDF atomically.

    Args:
        doc: the document.
        path: the .pdf to write (never the document's own file).
        progress: called with (pages done, pages).

    Returns:
        The layout that was drawn.

    Raises:
        DocumentWriteError: the folder is missing or not writable, or no CJK font is installed.
    """
    from gov_docs.fileio import atomic_write_bytes

    path = Path(path)
    layout = layout_document(doc)
    data = render_pdf(layout, title=doc.title, progress=progress)
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        from gov_docs.errors import os_reason

        raise DocumentWriteError(path, os_reason(exc)) from exc
    return layout
