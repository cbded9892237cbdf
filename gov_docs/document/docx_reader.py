"""The .docx reader: text, runs with East Asian fonts and sizes resolved through the style chain, page setup.

Formatting is resolved the way Word does it, most specific first: the run's own
properties, its character style, the paragraph style and its ``basedOn`` chain, then the
document defaults. A theme font attribute (``w:eastAsiaTheme``) wins over an explicit
``w:eastAsia`` in Word, so it is reported as ``主题字体(…)`` for the format checks to flag.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

from gov_docs.document.errors import TEMPLATE_MESSAGE, DocumentReadError
from gov_docs.document.model import ROLE_STYLE_PREFIX, Alignment, Document, PageSetup, Paragraph, Role, Run
from gov_docs.document.numbering import ListNumbering, numbering_of, paragraph_num
from gov_docs.document.roles import detect_roles

#: Limits that keep a hostile file from exhausting memory (zip bombs, absurd sizes).
MAX_DOCX_BYTES = 200 * 1024 * 1024
MAX_XML_BYTES = 400 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_EMU_PER_MM = 36000
_EMU_PER_PT = 12700


def _check_container(path: Path) -> None:
    """Reject what is not a sane .docx before python-docx touches it."""
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise DocumentReadError(path, "文件不存在") from exc
    if path.is_dir():
        raise DocumentReadError(path, "这是一个文件夹，不是文件")
    if size == 0:
        raise DocumentReadError(path, "文件为空（0 字节）")
    if size > MAX_DOCX_BYTES:
        raise DocumentReadError(path,
                                f"文件过大（{size / 1048576:.0f} MB），上限为 {MAX_DOCX_BYTES // 1048576} MB")
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except PermissionError as exc:
        raise DocumentReadError(path, "没有读取权限") from exc
    if head == _OLE_MAGIC:
        if path.suffix.lower() in (".doc", ".wps", ".dot"):
            raise DocumentReadError(path, "这是旧版 Word/WPS 二进制格式，请先在 Word 或 WPS 中另存为 .docx")
        raise DocumentReadError(
            path, "文件已加密（设有打开密码）或是旧版 .doc 格式，请去除密码或另存为 .docx 后再试")
    if not head.startswith(b"PK"):
        raise DocumentReadError(path, "不是有效的 .docx 文件（文件已损坏或不是 Word 文档）")
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "word/document.xml" not in names:
                raise DocumentReadError(path, "不是 Word 文档（压缩包中没有 word/document.xml）")
            total = 0
            for info in zf.infolist():
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if info.compress_size and ratio > MAX_COMPRESSION_RATIO and info.file_size > 20 * 1024 * 1024:
                    raise DocumentReadError(
                        path, f"疑似压缩炸弹：{info.filename} 解压后达 {info.file_size // 1048576} MB")
            if total > MAX_XML_BYTES:
                raise DocumentReadError(
                    path, f"文件解压后过大（{total // 1048576} MB），上限为 {MAX_XML_BYTES // 1048576} MB")
            bad = zf.testzip()
            if bad is not None:
                raise DocumentReadError(path, f"文件已损坏（{bad} 校验失败）")
            _check_package_kind(path, zf)
            _check_xml_parts(path, zf)
    except (zipfile.BadZipFile, zlib.error) as exc:
        raise DocumentReadError(path, "文件已损坏或被截断，无法解压") from exc
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
        raise DocumentReadError(path, f"文件无法解压：{exc}") from exc


#: Word packages that are not plain documents, by the main part's content type: python-docx refuses them
#: with a bare ValueError, so they are named here (a clerk keeps the file; Word/WPS save it as .docx).
_PACKAGE_KINDS = {
    "document.macroEnabled.main+xml":
        "这是启用宏的 Word 文档（.docm），本程序不运行也不保存宏：请在 Word 或 WPS 中另存为 .docx 后再打开",
    "template.main+xml": TEMPLATE_MESSAGE,
    "template.macroEnabledTemplate.main+xml": TEMPLATE_MESSAGE,
}


def _check_package_kind(path: Path, zf: zipfile.ZipFile) -> None:
    """Name a macro-enabled document or a template (their main part has another content type)."""
    try:
        types = zf.read("[Content_Types].xml").decode("utf-8", "replace")
    except KeyError:
        return  # the XML checks name the missing part
    main = re.search(r'PartName="/word/document\.xml"\s+ContentType="([^"]+)"', types) \
        or re.search(r'ContentType="([^"]+)"\s+PartName="/word/document\.xml"', types)
    kind = next((k for k in _PACKAGE_KINDS if main and main.group(1).endswith("." + k)), None)
    if kind:
        raise DocumentReadError(path, _PACKAGE_KINDS[kind])


#: What each part of a Word package holds, to name a broken one in words.
_PART_NAMES = {
    "[Content_Types].xml": "内容类型清单",
    "_rels/.rels": "包关系清单",
    "word/document.xml": "正文",
    "word/styles.xml": "样式表",
    "word/numbering.xml": "编号定义",
    "word/settings.xml": "文档设置",
    "word/fontTable.xml": "字体表",
    "word/comments.xml": "批注",
    "word/footnotes.xml": "脚注",
    "word/endnotes.xml": "尾注",
    "word/_rels/document.xml.rels": "正文关系清单",
}
_ROOTS = {
    "word/document.xml": "document",
    "word/styles.xml": "styles",
    "word/numbering.xml": "numbering",
    "word/settings.xml": "settings",
}


def part_label(name: str) -> str:
    """Return "样式表（word/styles.xml）" for a package part."""
    if name in _PART_NAMES:
        return f"{_PART_NAMES[name]}（{name}）"
    if name.startswith("word/header"):
        return f"页眉（{name}）"
    if name.startswith("word/footer"):
        return f"页脚（{name}）"
    return f"部件 {name}"


def _check_xml_parts(path: Path, zf: zipfile.ZipFile) -> None:
    """Parse every XML part once so that a broken one is named in words (not as a parser exception)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    for info in zf.infolist():
        name = info.filename
        if not name.endswith((".xml", ".rels")):
            continue
        try:
            root = etree.fromstring(zf.read(name), parser)
        except etree.XMLSyntaxError as exc:
            line = f"第{exc.lineno}行" if getattr(exc, "lineno", None) else ""
            raise DocumentReadError(
                path,
                f"文档的{part_label(name)}已损坏：{line}不是完整的 XML（可能是保存中断或被其他软件改坏），"
                      "请在 Word 或 WPS 中打开后另存为 .docx 再试") from exc
        want = _ROOTS.get(name)
        if want and etree.QName(root).localname != want:
            raise DocumentReadError(
                path,
                f"文档的{part_label(name)}内容不对（应为 {want}，实际为 {etree.QName(root).localname}），"
                      "请在 Word 或 WPS 中打开后另存为 .docx 再试")


def _explain(exc: Exception) -> str:
    """Say in words what a python-docx failure on a package that passed the checks above means."""
    if isinstance(exc, KeyError):
        return f"文档缺少必需的组成部分（{str(exc).strip(chr(39))}）"
    if isinstance(exc, ValueError | TypeError | AttributeError):
        return "文档内部结构不符合 Word 格式（某个组成部分的内容或类型不对）"
    if isinstance(exc, MemoryError):
        return "文档过大，内存不足"
    return "文档内部结构异常"


def _attr(el: Any, name: str) -> str | None:
    return None if el is None else el.get(_W + name)


def _is_on(switch: Any) -> bool:
    """Return whether an on/off element (``w:b``, ``w:pageBreakBefore``) is on: val not 0/false/off."""
    return _attr(switch, "val") not in ("0", "false", "off")


def _rpr_props(rpr: Any) -> dict[str, Any]:
    """Return the formatting a ``w:rPr`` element sets explicitly."""
    props: dict[str, Any] = {}
    if rpr is None:
        return props
    fonts = rpr.find(_W + "rFonts")
    if fonts is not None:
        theme = _attr(fonts, "eastAsiaTheme")
        if theme:
            props["east_asia"] = f"主题字体({theme})"
        elif _attr(fonts, "eastAsia"):
            props["east_asia"] = _attr(fonts, "eastAsia")
        ascii_theme = _attr(fonts, "asciiTheme")
        if ascii_theme:
            props["ascii"] = f"主题字体({ascii_theme})"
        elif _attr(fonts, "ascii"):
            props["ascii"] = _attr(fonts, "ascii")
    sz = rpr.find(_W + "sz")
    if sz is not None and _attr(sz, "val"):
        try:
            props["size"] = int(_attr(sz, "val")) / 2
        except ValueError:
            pass
    b = rpr.find(_W + "b")
    if b is not None:
        props["bold"] = _is_on(b)
    color = rpr.find(_W + "color")
    if color is not None and _attr(color, "val"):
        props["color"] = _attr(color, "val")
    return props


class _StyleResolver:
    """Resolves run/paragraph properties through style ``basedOn`` chains and docDefaults (cached)."""

    def __init__(self, styles_element: Any) -> None:
        self.by_id: dict[str, Any] = {}
        self.default_para_style: str | None = None
        self.defaults: dict[str, Any] = {}
        self._cache: dict[str, dict[str, Any]] = {}
        self._ppr_cache: dict[str, dict[str, Any]] = {}
        if styles_element is None:
            return
        for st in styles_element.findall(_W + "style"):
            sid = _attr(st, "styleId")
            if sid:
                self.by_id[sid] = st
                if _attr(st, "type") == "paragraph" and _attr(st, "default") in ("1", "true"):
                    self.default_para_style = sid
        dd = styles_element.find(_W + "docDefaults")
        if dd is not None:
            rpr = dd.find(f"{_W}rPrDefault/{_W}rPr")
            self.defaults = _rpr_props(rpr)

    def run_props(self, style_id: str | None) -> dict[str, Any]:
        """Return the run properties a style (and everything it is based on) gives."""
        if not style_id:
            return {}
        if style_id in self._cache:
            return self._cache[style_id]
        chain: list[Any] = []
        seen: set[str] = set()
        sid: str | None = style_id
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            st = self.by_id[sid]
            chain.append(st)
            based = st.find(_W + "basedOn")
            sid = _attr(based, "val")
        props: dict[str, Any] = {}
        for st in reversed(chain):
            props.update(_rpr_props(st.find(_W + "rPr")))
        self._cache[style_id] = props
        return props

    def numbering(self, style_id: str | None) -> tuple[str, int | None] | None:
        """Return (numId, ilvl or None) of the list a paragraph style puts its paragraphs in, or None."""
        seen: set[str] = set()
        sid = style_id
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            st = self.by_id[sid]
            num_pr = st.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                num_id = _attr(num_pr.find(_W + "numId"), "val")
                if not num_id or num_id == "0":
                    return None
                ilvl = _attr(num_pr.find(_W + "ilvl"), "val")
                return num_id, None if ilvl is None else int(ilvl)
            sid = _attr(st.find(_W + "basedOn"), "val")
        return None

    def para_props(self, style_id: str | None) -> dict[str, Any]:
        """Return alignment/indent/spacing a paragraph style chain gives."""
        if not style_id:
            return {}
        if style_id in self._ppr_cache:
            return self._ppr_cache[style_id]
        chain: list[Any] = []
        seen: set[str] = set()
        sid: str | None = style_id
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            chain.append(self.by_id[sid])
            sid = _attr(self.by_id[sid].find(_W + "basedOn"), "val")
        props: dict[str, Any] = {}
        for st in reversed(chain):
            props.update(_ppr_props(st.find(_W + "pPr")))
        self._ppr_cache[style_id] = props
        return props


_ALIGN = {
    "center": Alignment.CENTER,
    "right": Alignment.RIGHT,
    "end": Alignment.RIGHT,
    "left": Alignment.LEFT,
    "start": Alignment.LEFT,
    "both": Alignment.JUSTIFY,
    "distribute": Alignment.DISTRIBUTE,
}


def _twips(v: str | None) -> float | None:
    if v is None:
        return None
    try:
        return int(v) / 20.0
    except ValueError:
        return None


def _ppr_props(ppr: Any) -> dict[str, Any]:
    props: dict[str, Any] = {}
    if ppr is None:
        return props
    jc = ppr.find(_W + "jc")
    if jc is not None and _attr(jc, "val") in _ALIGN:
        props["alignment"] = _ALIGN[_attr(jc, "val")]
    ind = ppr.find(_W + "ind")
    if ind is not None:
        # Each attribute merges on its own through the style chain, as in Word: a non-zero firstLineChars
        # wins over firstLine; firstLineChars="0" (Word writes it when an indent in cm replaces a style's
        # indent in characters) leaves firstLine in force.
        if _attr(ind, "firstLineChars") is not None:
            try:
                props["first_line_chars"] = int(_attr(ind, "firstLineChars")) / 100
            except ValueError:
                pass
        if _attr(ind, "firstLine") is not None:
            props["first_line_pt"] = _twips(_attr(ind, "firstLine"))
        elif _attr(ind, "hanging") is not None:
            hanging = _twips(_attr(ind, "hanging"))
            props["first_line_pt"] = -hanging if hanging is not None else None
        left = _attr(ind, "left") or _attr(ind, "start")
        if left is not None:
            props["left_pt"] = _twips(left)
        right = _attr(ind, "right") or _attr(ind, "end")
        if right is not None:
            props["right_pt"] = _twips(right)
    spacing = ppr.find(_W + "spacing")
    if spacing is not None and _attr(spacing, "line") is not None:
        rule = _attr(spacing, "lineRule") or "auto"
        try:
            line = int(_attr(spacing, "line"))
        except ValueError:
            line = 0
        if rule == "exact":
            props["line_spacing_rule"], props["line_spacing_pt"] = "exact", line / 20.0
        elif rule == "atLeast":
            props["line_spacing_rule"], props["line_spacing_pt"] = "at_least", line / 20.0
        else:
            props["line_spacing_rule"], props["line_spacing_pt"] = "multiple", line / 240.0
    pbb = ppr.find(_W + "pageBreakBefore")
    if pbb is not None:  # WPS writes every switch out, off ones as w:val="0"
        props["page_break_before"] = _is_on(pbb)
    bdr = ppr.find(_W + "pBdr")
    if bdr is not None:
        for side in ("top", "bottom"):
            el = bdr.find(_W + side)
            if el is not None and _attr(el, "val") not in (None, "nil", "none"):
                props[f"border_{side}"] = (_attr(el, "color") or "auto").upper()
    return props


_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_V = "{urn:schemas-microsoft-com:vml}"
_VML_COLORS = {"red": "FF0000", "black": "000000", "windowtext": "000000"}


def _line_shape_color(p_el: Any) -> str | None:
    """Return the colour of a straight line drawn in the paragraph (DrawingML or VML), or None."""
    for geom in p_el.iter(_A + "prstGeom"):
        if geom.get("prst") in ("line", "straightConnector1"):
            sp = geom.getparent().getparent()  # a:prstGeom → spPr → wsp
            clr = sp.find(f".//{_A}ln/{_A}solidFill/{_A}srgbClr")
            return (clr.get("val") if clr is not None else "auto").upper()
    for line in p_el.iter(_V + "line"):
        color = (line.get("strokecolor") or "black").lstrip("#").lower()
        return _VML_COLORS.get(color, color).upper()
    return None


def _container_of(p_el: Any, tables: dict[Any, int]) -> tuple[str, tuple[int, int, int] | None]:
    """Return ("表格"/"文本框"/"", (table, row, column)) for a paragraph element."""
    anc = p_el.getparent()
    cell = None
    while anc is not None:
        if anc.tag == _TXBX:
            return "文本框", cell
        if anc.tag == _W + "tc" and cell is None:
            tr = anc.getparent()
            tbl = tr.getparent() if tr is not None else None
            if tbl is not None:
                row = list(tbl.iterchildren(_W + "tr")).index(tr)
                col = list(tr.iterchildren(_W + "tc")).index(anc)
                cell = (tables.setdefault(tbl, len(tables)), row, col)
        anc = anc.getparent()
    return ("表格", cell) if cell is not None else ("", None)


def _child_text(child: Any) -> str:
    """Return the text one child of a ``w:r`` contributes (tabs and breaks count as one character)."""
    tag = child.tag
    if tag == _W + "t":
        return child.text or ""
    if tag in (_W + "tab", _W + "ptab", _W + "br", _W + "cr"):
        return " "  # same length as a character: offsets stay stable
    if tag == _W + "noBreakHyphen":
        return "-"
    if tag == _W + "sym":
        return "□"
    return ""


def _run_text(r_el: Any) -> str:
    return "".join(_child_text(c) for c in r_el)


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TXBX = _W + "txbxContent"


def _iter_paragraph_elements(body: Any):
    """Yield ``w:p`` elements in reading order, descending into tables, content controls and text boxes.

    The paragraphs of a text box come just before the paragraph it is anchored in (the box floats
    where the page shows it, usually at the top: a 发文机关标志 in a text box is read first). Word writes
    a text box twice (DrawingML and a VML fallback); only the first is read.
    """
    for child in body:
        tag = child.tag
        if tag == _W + "p":
            yield from _textbox_paragraphs(child)
            if not _deleted_paragraph(child):
                yield child
        elif tag == _W + "tbl":
            for tr in child.iterchildren(_W + "tr"):
                for tc in tr.iterchildren(_W + "tc"):
                    yield from _iter_paragraph_elements(tc)
        elif tag in (_W + "sdt", _W + "customXml"):
            content = child.find(_W + "sdtContent") if tag == _W + "sdt" else child
            if content is not None:
                yield from _iter_paragraph_elements(content)


def _deleted_paragraph(p_el: Any) -> bool:
    """Return True for a paragraph removed as a tracked change: its mark and all its text are deleted."""
    ppr = p_el.find(_W + "pPr")
    rpr = ppr.find(_W + "rPr") if ppr is not None else None
    if rpr is None or rpr.find(_W + "del") is None:
        return False
    return not any(_run_text(r) for r in _runs_of(p_el))


def _textbox_paragraphs(p_el: Any):
    """Yield the paragraphs of text boxes anchored in ``p_el`` (not those of VML fallbacks or nested
    boxes).
    """
    for box in p_el.iter(_TXBX):
        anc = box.getparent()
        skip = False
        while anc is not None and anc is not p_el:
            if anc.tag in (_MC_FALLBACK, _TXBX):
                skip = True
                break
            anc = anc.getparent()
        if not skip:
            yield from _iter_paragraph_elements(box)


def _runs_of(p_el: Any) -> list[Any]:
    """Return the ``w:r`` elements of a paragraph, including those inside hyperlinks and fields."""
    runs = []
    for el in p_el.iter(_W + "r"):
        parent = el.getparent()
        # Skip runs of deleted revisions and of nested paragraphs in text boxes.
        if parent is not None and parent.tag == _W + "del":
            continue
        anc = el.getparent()
        nested = False
        while anc is not None and anc is not p_el:
            if anc.tag in (_W + "txbxContent",):
                nested = True
                break
            anc = anc.getparent()
        if not nested:
            runs.append(el)
    return runs


def read_docx(path: Path | str) -> Document:
    """Read a .docx into the document model and detect paragraph roles.

    Args:
        path: the file.

    Returns:
        The document, with runs carrying resolved fonts, sizes and bold, and the page setup.

    Raises:
        DocumentReadError: missing, empty, encrypted, legacy .doc, corrupt or oversized file.
    """
    return read_docx_package(path)[0]


def read_docx_package(path: Path | str) -> tuple[Document, Any]:
    """Like :func:`read_docx`, also returning the parsed python-docx package the document was read from.

    The package is not changed by reading; a caller that edits the original file (api.open binds our
    paragraphs to its ``w:p`` elements) uses it instead of parsing the file a second time.
    """
    path = Path(path)
    _check_container(path)
    import docx  # lazy: python-docx and lxml take a while to import

    try:
        d = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many types on broken packages
        raise DocumentReadError(
            path, f"无法打开：{_explain(exc)}，请在 Word 或 WPS 中打开后另存为 .docx 再试") from exc

    try:
        return _convert(d, path), d
    except DocumentReadError:
        raise
    except Exception as exc:  # a malformed part deep inside: still a clear message
        raise DocumentReadError(
            path, f"无法读取内容：{_explain(exc)}，请在 Word 或 WPS 中打开后另存为 .docx 再试") \
            from exc


def _list_label(numbering: ListNumbering, resolver: _StyleResolver, ppr: Any,
                pstyle: str | None) -> tuple[str, dict[str, Any]]:
    """Return the label Word's list numbering shows before a paragraph and the indents its level sets."""
    if not numbering:
        return "", {}
    style_num = resolver.numbering(pstyle)
    if style_num is not None and style_num[1] is None:
        style_num = (style_num[0], numbering.style_level(style_num[0], pstyle or ""))
    num = paragraph_num(ppr, style_num)
    if num is None:
        return "", {}
    level = numbering.level(*num)
    return numbering.label(*num), (_ppr_props(level.ppr) if level is not None else {})


def _convert(d: Any, path: Path) -> Document:
    resolver = _StyleResolver(d.styles.element)
    numbering = numbering_of(d)
    body = d.element.body
    paragraphs: list[Paragraph] = []
    tables: dict[Any, int] = {}
    elements: list[Any] = []  # the w:p of each paragraph
    for p_el in _iter_paragraph_elements(body):
        elements.append(p_el)
        ppr = p_el.find(_W + "pPr")
        pstyle = _attr(ppr.find(_W + "pStyle"), "val") if ppr is not None else None
        pstyle = pstyle or resolver.default_para_style
        style_run = {**resolver.defaults, **resolver.run_props(pstyle)}
        para_mark = _rpr_props(ppr.find(_W + "rPr")) if ppr is not None else {}
        label, list_props = _list_label(numbering, resolver, ppr, pstyle)
        # Word's order: the style, then the list level's indents, then the paragraph's own
        pprops = {**resolver.para_props(pstyle), **list_props, **_ppr_props(ppr)}
        runs: list[Run] = []
        for r_el in _runs_of(p_el):
            text = _run_text(r_el)
            if not text:
                continue
            rpr = r_el.find(_W + "rPr")
            rstyle = _attr(rpr.find(_W + "rStyle"), "val") if rpr is not None else None
            props = {**style_run, **resolver.run_props(rstyle), **_rpr_props(rpr)}
            runs.append(
                Run(
                    text=text,
                    font_east_asia=props.get("east_asia"),
                    font_ascii=props.get("ascii"),
                    size_pt=props.get("size"),
                    bold=props.get("bold", False),
                    color=props.get("color"),
                )
            )
        text = "".join(r.text for r in runs)
        # Character units are the paragraph's own size (its dominant run), as Word lays them out.
        dominant = max(runs, key=lambda r: len(r.text.strip()), default=None)
        size_for_chars = (dominant.size_pt if dominant else None) or para_mark.get("size") \
            or style_run.get("size") or 10.5
        first_line = pprops.get("first_line_pt", 0.0)  # nothing set anywhere: no indent
        first_line_chars = pprops.get("first_line_chars") or None  # 0 characters: firstLine counts
        if first_line_chars is not None:
            first_line = first_line_chars * size_for_chars
        container, cell = _container_of(p_el, tables)
        style_name = None
        if pstyle and pstyle in resolver.by_id:
            name_el = resolver.by_id[pstyle].find(_W + "name")
            style_name = _attr(name_el, "val") or pstyle
        role, locked = Role.BODY, False
        if style_name and style_name.startswith(ROLE_STYLE_PREFIX):
            try:
                role, locked = Role.parse(style_name[len(ROLE_STYLE_PREFIX):]), True
            except ValueError:
                pass
        paragraphs.append(
            Paragraph(
                role=role,
                role_locked=locked,
                text=text,
                runs=runs,
                alignment=pprops.get("alignment"),
                first_line_indent_pt=first_line,
                left_indent_pt=pprops.get("left_pt"),
                right_indent_pt=pprops.get("right_pt"),
                line_spacing_pt=pprops.get("line_spacing_pt"),
                line_spacing_rule=pprops.get("line_spacing_rule"),
                style_name=style_name,
                page_break_before=pprops.get("page_break_before", False),
                container=container,
                cell=cell,
                first_line_indent_chars=first_line_chars,
                border_top=pprops.get("border_top"),
                border_bottom=pprops.get("border_bottom"),
                line_shape=_line_shape_color(p_el),
                number_label=label,
            )
        )
    _breaks_from_blank_paragraphs(elements, paragraphs)
    # Strip leading/trailing blank space inside paragraphs? No: offsets must match the file.
    while paragraphs and not paragraphs[-1].text.strip():
        paragraphs.pop()
    if not any(p.text.strip() for p in paragraphs):
        raise DocumentReadError(path, "文档中没有文字内容")
    doc = Document(
        paragraphs=paragraphs, page=_page_setup(d), source=path, source_format="docx", has_formatting=True
    )
    return detect_roles(doc)


def _breaks_from_blank_paragraphs(elements: list[Any], paragraphs: list[Paragraph]) -> None:
    """Start the paragraph after one holding only a page break (Ctrl+Enter before 附件 or 版记) on a new page.

    Only outside tables and text boxes; a break inside text is left to the text.
    """
    for k, p_el in enumerate(elements[:len(paragraphs) - 1]):
        if paragraphs[k].text.strip() or paragraphs[k].container:
            continue
        if any(_attr(br, "type") == "page" for br in p_el.iter(_W + "br")):
            paragraphs[k + 1].page_break_before = True


def _mm(v: Any) -> float | None:
    return None if v is None else round(int(v) / _EMU_PER_MM, 1)


def _page_setup(d: Any) -> PageSetup:
    if not d.sections:
        return PageSetup.unknown()
    s = d.sections[0]
    page = PageSetup(
        width_mm=_mm(s.page_width),
        height_mm=_mm(s.page_height),
        top_mm=_mm(s.top_margin),
        bottom_mm=_mm(s.bottom_margin),
        left_mm=_mm(s.left_margin),
        right_mm=_mm(s.right_margin),
    )
    grid = s._sectPr.find(_W + "docGrid")
    if grid is not None and _attr(grid, "linePitch"):
        try:
            page.line_pitch_pt = int(_attr(grid, "linePitch")) / 20.0
            page.grid_snaps = _attr(grid, "type") in ("lines", "linesAndChars", "snapToChars")
        except ValueError:
            pass
    if page.line_pitch_pt and page.height_mm and page.top_mm is not None and page.bottom_mm is not None:
        text_height_pt = (page.height_mm - page.top_mm - page.bottom_mm) / 25.4 * 72
        page.lines_per_page = int(text_height_pt / page.line_pitch_pt + 0.01)
    page.page_number_forms = _page_number_forms(s)
    return page


_PAGE_FIELD = re.compile(r"^\s*PAGE\b(.*)$")
_ARABIC_SWITCHES = re.compile(r"\\\*\s*(MERGEFORMAT|Arabic|CHARFORMAT)\b", re.IGNORECASE)


def _page_number_forms(section: Any) -> tuple[str, ...]:
    """Return the distinct forms of the page number in a section's footers ("— N —"); see PageSetup."""
    forms: list[str] = []
    fmt = _attr(section._sectPr.find(_W + "pgNumType"), "fmt") or "decimal"
    for name in ("footer", "even_page_footer", "first_page_footer"):
        try:
            part = getattr(section, name)
            if part.is_linked_to_previous:
                continue
            element = part._element
        except Exception:  # noqa: BLE001 - an absent or broken footer part shows no page number
            continue
        for p_el in element.iter(_W + "p"):
            if any(anc.tag == _MC_FALLBACK for anc in p_el.iterancestors()):
                continue  # the VML copy of a text box
            form = _page_number_form(p_el)
            if not form:
                continue
            if fmt == "numberInDash":
                form = form.replace("N", "- N -", 1)  # Word and WPS draw "- 1 -" (hyphens)
            elif fmt != "decimal":
                form = form.replace("N", f"N\\* {fmt}", 1)
            if form not in forms:
                forms.append(form)
    return tuple(forms)


def _page_number_form(p_el: Any) -> str | None:
    """Return a footer paragraph's text with its PAGE field as N, or None when it holds no PAGE field."""
    out: list[str] = []
    found = False
    state = None  # None: text; "code": inside a field's instruction; "result": inside its shown value
    code: list[str] = []
    page_field = False
    for el in p_el.iter(_W + "r", _W + "fldSimple"):
        if next(el.iterancestors(_W + "p"), None) is not p_el:
            continue  # a text box's paragraph anchored here: read as a paragraph of its own
        if el.tag == _W + "fldSimple":
            m = _PAGE_FIELD.match(_attr(el, "instr") or "")
            if m:
                found = True
                out.append("N" + _switch(m.group(1)))
            continue
        if any(anc.tag == _W + "fldSimple" for anc in el.iterancestors()):
            continue  # the simple field's shown value: taken above
        for c in el:
            if c.tag == _W + "fldChar":
                kind = _attr(c, "fldCharType")
                if kind == "begin":
                    state, code = "code", []
                elif kind == "separate":
                    m = _PAGE_FIELD.match("".join(code))
                    page_field = bool(m)
                    if page_field:
                        found = True
                        out.append("N" + _switch(m.group(1)))
                    state = "result"
                elif kind == "end":
                    state, page_field = None, False
            elif c.tag == _W + "instrText" and state == "code":
                code.append(c.text or "")
            elif state is None or (state == "result" and not page_field):
                out.append(_child_text(c))
    if not found:
        return None
    return re.sub(r"[\s\u3000]+", " ", "".join(out)).strip()


def _switch(rest: str) -> str:
    """Return a PAGE field's number format switch when it is not Arabic (CHINESENUM3 …), else ''."""
    rest = _ARABIC_SWITCHES.sub("", rest).strip()
    m = re.search(r"\\\*\s*(\S+)", rest)
    return f"\\* {m.group(1)}" if m else ""


# Public names of the walk above, for the write-back code (:mod:`gov_docs.document.docx_edit`), the
# revisions and the Word comments: they must visit the same paragraphs in the same order, count characters
# the same way and refuse the same broken files as the reader.
W_NS = _W
check_container = _check_container
child_text = _child_text
run_text = _run_text
iter_paragraph_elements = _iter_paragraph_elements
runs_of = _runs_of
