"""Role detection: decide which paragraph is the title, 发文字号, 主送机关, a heading, 署名, 成文日期 …

Works on text alone (plain-text input, scraped documents) and uses formatting hints
(centred, right-aligned, large size) when the document came from a .docx.
Paragraphs whose role the user set (``role_locked``) are never changed.
"""

from __future__ import annotations

import re

from gov_docs.document.doctypes import doc_type_of_title
from gov_docs.document.model import HEADER_ROLES, Alignment, Document, Paragraph, Role
from gov_docs.text.headings import ANY_NUMBER, RUNNING_TEXT, match_heading

_SPACES = " \t\u3000\u00a0\u2002\u2003\u200b\ufeff"

RE_COPY_NUMBER = re.compile(r"^\d{6}$")
#: 密级: also a template's blank level (×密★10年, XX密), which the clerk fills in.
RE_SECRECY = re.compile(r"^(绝密|机密|秘密|[×XＸ*＊○□]{1,2}密)(\s*[★☆*]\s*\S*)?$")
RE_URGENCY = re.compile(r"^(特急|加急|特提|平急)$")
#: 发文字号: 机关代字 + 〔年份〕 + 序号 + 号. Loose on brackets so that wrong forms are still recognised
#: (the format rules then report them).
RE_DOC_NUMBER = re.compile(
    r"^(?P<code>[\u4e00-\u9fffA-Za-z]{1,16})\s*(?P<open>[〔\[［(（【〖])\s*(?P<year>\d{2,4})\s*"
    r"(?P<close>[〕\]］)）】〗])\s*(?P<first>第)?\s*(?P<serial>\d+)\s*号$"
)
RE_ORDER_NUMBER = re.compile(r"^第\s*\d+\s*号$")  # 令: "第675号"
RE_SIGNER = re.compile(r"^签发人[:：]")
RE_DATE = re.compile(
    r"^(?:\d{4}|[〇零一二三四五六七八九○Ｏ]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*"
    r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]$"  # 号: a spoken-style slip the date rules report
)
RE_ATTACHMENT_NOTE = re.compile(r"^附\s*件\s*\d*\s*[:：]")
RE_ATTACHMENT_CONT = re.compile(r"^\d{1,2}[.．]\S")
RE_ATTACHMENT_MARK = re.compile(r"^附\s*件\s*\d{0,2}$")
RE_CC = re.compile(r"^(抄\s*送|抄\s*报|分\s*送)\s*[:：]")
#: The 抄送 label alone on its line: the organs follow on the next line.
RE_CC_LABEL = re.compile(r"^(抄\s*送|抄\s*报|分\s*送)\s*[:：]$")
RE_PRINTER = re.compile(r"印\s*发$|印发\s*$")
RE_NOTE = re.compile(r"^[（(][^（）()]{2,40}[）)]$")
RE_ISSUER_MARK = re.compile(r"^\S{2,40}文件$")
_SENTENCE_PUNCT = re.compile(r"[。；！？]")
RE_NEWS_LEAD = re.compile(r"^新华社.{0,12}电")  # 新华社北京2月21日电: the lead of a news item
RE_COPIES = re.compile(r"^[（(]?\s*共\s*印\s*\d+\s*份\s*[）)]?$")  # 版记: （共印2份）

#: Template placeholders: runs of X/×/○/□, X next to digits (20XX, X号), empty 〔〕 or 〔2020〕号 without a
#: serial, blank 年  月  日, and bracketed prompts ([此处输入…], 【单击此处输入文字】).
RE_PLACEHOLDER = re.compile(
    r"[XＸ×xｘ]{2,}|[○〇□]{2,}"
    r"|(?<=\d)[XＸ×]+(?=[\d〕\]）)号年月日])|(?<=[〔\[（(])[XＸ×]+(?=[\d〕\]）)])|(?<=〕)[XＸ×]+(?=号)"
    r"|(?<=[年月])[XＸ×]+(?=[月日])|[XＸ×](?=[\u4e00-\u9fff]{0,3}〔)"
    r"|〔\s*〕|(?<=〕)\s*(?=号)|(?<=\d{4}〕)(?=号)"
    r"|(?<=年)\s{2,}(?=月)|(?<=月)\s{2,}(?=日)"
    r"|[\[【［][^\]】］]{0,20}(?:此处|输入|填写|单击|点击|键入)[^\]】］]{0,30}[\]】］]"
    r"|^[XＸ×*＊○□]{1,2}(?=密\s*[★☆*])"  # a template's blank 密级: ×密★10年
)


def find_placeholders(text: str) -> list[tuple[int, int]]:
    """Return the spans of template placeholders in ``text`` (XXXX, 〔20XX〕, 201X年X月XX日, [此处输入…]).

    Zero-width spans mark a missing value (the serial of ``〔2020〕号``).
    """
    return [(m.start(), m.end()) for m in RE_PLACEHOLDER.finditer(text)]


def fill_placeholders(text: str, spans: list[tuple[int, int]] | None = None) -> str:
    """Return ``text`` with placeholders replaced by neutral values, so that they do not shift roles.

    ``201X年X月XX日`` reads as a date, ``XX发〔20XX〕X号`` as a 发文字号, ``[此处输入标题]`` as plain words.
    """
    spans = find_placeholders(text) if spans is None else spans
    out = text
    for a, b in reversed(spans):
        chunk = text[a:b]
        before = text[a - 1] if a else ""
        after = text[b] if b < len(text) else ""
        if chunk.startswith("〔"):
            fill = "〔1111〕"  # an empty year: still a 发文字号
        elif b == a or not chunk.strip():
            fill = "1" if ((before and before in "〕年月") or (after and after in "号月日")) else ""
        elif chunk[0] in "[【［":
            fill = "某某"
        elif after == "密" and a == 0:
            fill = "秘"  # a blank 密级 (×密★10年) reads as 秘密★10年
        elif (before.isdigit() or after.isdigit() or (after and after in "〕号年月日")
              or (before and before in "〔年月")):
            fill = "1" * len(chunk)
        else:
            fill = "某" * len(chunk)
        out = out[:a] + fill + out[b:]
    return out


def clean(text: str) -> str:
    """Return ``text`` without leading/trailing spaces of any width (full-width, nbsp …)."""
    return text.strip(_SPACES + "\r\n")


def heading_level(text: str) -> int:
    """Return the heading level (1–4) that ``text`` starts with, or 0.

    ``一、`` → 1, ``（一）`` → 2, ``1.`` → 3, ``（1）`` → 4 (GB/T 9704-2012 7.3.3).
    """
    t = clean(text)
    hit = match_heading(t)
    if hit is None or (hit[0] == 1 and RUNNING_TEXT.match(t)):
        return 0  # "一、二季度…" is running text, not a heading
    return hit[0]


def _looks_like_title(t: str) -> bool:
    if not t or len(t) > 80 or _SENTENCE_PUNCT.search(t) or t.endswith(("：", ":", "，")):
        return False
    if RE_DOC_NUMBER.match(t) or RE_DATE.match(t) or heading_level(t) or RE_NEWS_LEAD.match(t):
        return False
    return True


def _looks_like_addressee(t: str) -> bool:
    if not t.endswith(("：", ":")) or len(t) > 200 or _SENTENCE_PUNCT.search(t):
        return False
    if heading_level(t) or RE_ATTACHMENT_NOTE.match(t) or RE_CC.match(t) or RE_SIGNER.match(t):
        return False
    # "现将有关事项通知如下：" is body, not an addressee.
    return not re.search(r"(如下|通知|报告|批复|函复|请示|意见|说明|决定)[:：]$", t) or bool(
        re.search(r"(政府|部门|委员会|机构|单位|办公厅|办公室|局|厅|委|部|院|党委|各[^，、]{0,6})[:：]$", t)
    )


#: Closing words that stand on a line of their own above the 署名 (特此通知 without its 。, a letter's 此致 /
#: 敬礼): never part of the signing organ.
RE_CLOSING_LINE = re.compile(r"^(此致|敬礼|此致敬礼|特此[\u4e00-\u9fff]{2}|此复|此函)$")


def _looks_like_signature(t: str) -> bool:
    return (
        0 < len(t) <= 40
        and not RE_CLOSING_LINE.match(t)
        and not _SENTENCE_PUNCT.search(t)
        and not re.search(r"[，：:、“”《》]", t)
        and not heading_level(t)
        and not RE_DATE.match(t)
        and not RE_ATTACHMENT_MARK.match(t)
    )


def detect_roles(doc: Document) -> Document:
    """Assign a role to every paragraph of ``doc`` (in place) and return it.

    Args:
        doc: the document; paragraphs with ``role_locked`` keep their role.

    Returns:
        The same document, roles set.
    """
    paras = doc.paragraphs
    roles: list[Role | None] = [p.role if p.role_locked else None for p in paras]
    for p in paras:
        p.placeholders = find_placeholders(p.text)
    # Placeholders are read as neutral values (201X年X月XX日 as a date), so that they do not shift roles.
    # a heading numbered by Word's list feature reads as its label and text (一、 + 总体要求)
    texts = [clean(p.number_label + (fill_placeholders(p.text, p.placeholders) if p.placeholders else p.text))
             for p in paras]
    n = len(paras)
    formatted = doc.has_formatting

    for i, t in enumerate(texts):
        if roles[i] is None and not t:
            roles[i] = Role.BLANK

    def free(i: int) -> bool:
        return 0 <= i < n and roles[i] is None

    if formatted:
        _page_header(paras, texts, roles)

    # ---- 版头 and title: scan the top of the document -------------------------------------
    first_content = next((i for i in range(n) if roles[i] is not Role.BLANK), n)
    top_end = min(n, first_content + (24 if formatted else 12))
    title_done = False
    i = first_content
    while i < top_end:
        t = texts[i]
        if not free(i):
            if roles[i] is Role.TITLE:
                title_done = True
            i += 1
            continue
        if RE_COPY_NUMBER.match(t):
            roles[i] = Role.COPY_NUMBER
        elif RE_SECRECY.match(t):
            roles[i] = Role.SECRECY
        elif RE_URGENCY.match(t):
            roles[i] = Role.URGENCY
        elif RE_DOC_NUMBER.match(t) or RE_ORDER_NUMBER.match(t) or _doc_number_with_signer(t):
            roles[i] = Role.DOC_NUMBER
        elif RE_SIGNER.match(t):
            roles[i] = Role.SIGNER
        elif not title_done and RE_ISSUER_MARK.match(t) and _next_content_is_doc_number(texts, i):
            roles[i] = Role.ISSUER_MARK
        elif not title_done and _looks_like_title(t):
            # A title may span several lines (梯形/菱形 splitting): take consecutive title-like lines.
            lines = _title_lines(texts, roles, i, top_end)
            block = "".join(texts[k] for k in lines)
            if _title_block_plausible(block, paras[i], len(lines)):
                for k in lines:
                    roles[k] = Role.TITLE
                title_done = True
                i = lines[-1] + 1
                continue
            break
        elif _looks_like_addressee(t):
            break
        else:
            break
        i += 1

    # ---- 主送机关: first addressee-like line near the top, before body text -----------------
    top_roles = HEADER_ROLES | {Role.TITLE}
    start = max((k for k in range(min(n, top_end + 1)) if roles[k] in top_roles),
                default=first_content - 1) + 1
    for k in range(start, min(n, start + 4)):
        if not free(k):
            continue
        if _looks_like_addressee(texts[k]):
            roles[k] = Role.ADDRESSEE
            break
        nxt = k + 1
        if texts[k].endswith(("，", "、")) and nxt < n and free(nxt) and _looks_like_addressee(texts[nxt]) \
                and _looks_like_addressee(texts[k][:-1] + "："):
            roles[k] = roles[nxt] = Role.ADDRESSEE  # 主送机关 on two lines: "……，" then "……："
            break
        if texts[k]:
            break

    # ---- 版记 and the end matter: scan from the bottom ------------------------------------
    for k, t in enumerate(texts):
        if not free(k):
            continue
        prev = texts[k - 1] if k else ""
        if RE_CC.match(t) or (k and roles[k - 1] is Role.CC
                              and (prev.endswith(("，", "、", ",")) or RE_CC_LABEL.match(prev))
                              and not _SENTENCE_PUNCT.search(t[:-1]) and len(t) <= 80):
            # 抄送 organs wrapped by hand: the line after "抄送：……，" (or a bare "抄送：", as in WPS's 版记
            # table) goes on with the list
            roles[k] = Role.CC
        elif RE_PRINTER.search(t) and re.search(r"\d{4}\s*年", t) and len(t) <= 60:
            roles[k] = Role.PRINTER

    if formatted:
        _page_colophon(paras, texts, roles)

    date_idx = _find_date(texts, roles)
    if date_idx >= 0:
        roles[date_idx] = Role.DATE
        # 署名: up to three short lines right above the date.
        # Joint documents put each organ on its own line, sometimes with blank lines between them.
        k = date_idx - 1
        sig: list[int] = []
        blanks = 0
        while k >= 0 and len(sig) < 4:
            if roles[k] is Role.BLANK and blanks < 3:
                blanks += 1
                k -= 1
                continue
            if not (free(k) and _looks_like_signature(texts[k])):
                break
            if formatted and paras[k].placeholder_share > 0.5 and paras[k].alignment is not Alignment.RIGHT:
                # "[此处输入正文]" above the date is the body left to fill, not a signature
                break
            sig.append(k)
            blanks = 0
            k -= 1
        if sig and not _is_run_in_body(texts, sig):
            for s in sig:
                roles[s] = Role.SIGNATURE
        # 附注: one parenthesised line just after the date.
        for k in range(date_idx + 1, min(n, date_idx + 4)):
            if not free(k):
                if roles[k] is Role.BLANK:
                    continue
                break
            if RE_NOTE.match(texts[k]):
                roles[k] = Role.NOTE
            break

    # ---- 附件说明 (with its continuation lines) and 附件标识 ---------------------------------
    in_note = False
    for k, t in enumerate(texts):
        if not free(k):
            if roles[k] is not Role.BLANK:
                in_note = False
            continue
        if RE_ATTACHMENT_NOTE.match(t) and (date_idx < 0 or k < date_idx):
            roles[k] = Role.ATTACHMENT_NOTE
            in_note = True
            continue
        if in_note and RE_ATTACHMENT_CONT.match(t) and len(t) <= 80 and not _SENTENCE_PUNCT.search(t):
            roles[k] = Role.ATTACHMENT_NOTE
            continue
        in_note = False
        if RE_ATTACHMENT_MARK.match(t) and (date_idx < 0 or k > date_idx or k > n * 0.5):
            roles[k] = Role.ATTACHMENT_MARK
            # The attachment's own title follows: mark it like a title.
            nxt = next((m for m in range(k + 1, min(n, k + 4)) if texts[m]), -1)
            if nxt >= 0 and free(nxt) and _looks_like_title(texts[nxt]):
                roles[nxt] = Role.TITLE

    # ---- table cells, headings and body --------------------------------------------------------
    for k, t in enumerate(texts):
        if free(k):
            if paras[k].container == "表格":
                roles[k] = Role.TABLE
                continue
            level = heading_level(t)
            if level and formatted and _is_body_item(t, level, paras[k]):
                level = 0  # "一、同意……，定名为……。": a numbered item of the body, not a heading
            roles[k] = Role.heading(level) if level else Role.BODY

    for p, role in zip(paras, roles, strict=True):
        p.role = role if role is not None else Role.BODY
    _set_confidence(paras, texts, formatted)
    return doc


# ---- the page: what a reviewer sees before reading ---------------------------------------------------
def is_red(color: str | None) -> bool:
    """Return True for a red colour given as "RRGGBB" (FF0000, C00000, E60012 …)."""
    if not color or len(color) != 6:
        return False
    try:
        r, g, b = int(color[:2], 16), int(color[2:4], 16), int(color[4:], 16)
    except ValueError:
        return False
    return r >= 0xB0 and g <= 0x60 and b <= 0x60


def _is_red_text(p: Paragraph) -> bool:
    dom = p.dominant_run
    return dom is not None and is_red(dom.color)


def _looks_like_mark(p: Paragraph, t: str) -> bool:
    """Return True for what looks like the 发文机关标志: red or very large text, short, no sentence marks."""
    size = p.size_pt or 0
    return (_is_red_text(p) or size >= 26) and 0 < len(t) <= 40 and not _SENTENCE_PUNCT.search(t) \
        and not t.endswith(("：", ":"))


def _is_doc_number(t: str) -> bool:
    return bool(RE_DOC_NUMBER.match(t) or RE_ORDER_NUMBER.match(t) or _doc_number_with_signer(t))


RE_ISSUE_NUMBER = re.compile(r"^第\s*[\d一二三四五六七八九十〇零]+\s*期$")  # 纪要、简报: 第12期


def _page_header(paras: list[Paragraph], texts: list[str], roles: list[Role | None]) -> None:
    """Read the 版头 from the page: the red separator line, red/large organ names, then the large title.

    Sets 发文机关标志 (also several organs for 联合行文, in text boxes or table cells), 发文字号, 签发人
    and 标题 where the page shows them; what is left is read from the text as for plain documents.
    """
    n = len(paras)
    zone = range(min(n, 30))
    rule = -1
    for k in zone:
        p = paras[k]
        if is_red(p.border_bottom) or is_red(p.line_shape):
            rule = k
            break
        if is_red(p.border_top):
            rule = k - 1
            break
    docnum = next((k for k in zone if roles[k] is None and _is_doc_number(texts[k])), -1)
    stop = rule + 1 if rule >= 0 else (docnum + 1 if docnum >= 0 else len(zone))
    marks: list[int] = []
    for k in range(stop):
        t = texts[k]
        if roles[k] is not None or not t:
            continue
        if RE_COPY_NUMBER.match(t) or RE_SECRECY.match(t) or RE_URGENCY.match(t):
            continue
        if _is_doc_number(t):
            roles[k] = Role.DOC_NUMBER
        elif RE_SIGNER.match(t):
            roles[k] = Role.SIGNER
        elif _looks_like_mark(paras[k], t):
            marks.append(k)
        elif marks and RE_ISSUE_NUMBER.match(t):
            roles[k] = Role.DOC_NUMBER
        elif rule < 0:
            break  # without a separator line the mark is a block at the very top
    if not marks and rule < 0:
        return
    for k in marks:
        roles[k] = Role.ISSUER_MARK
    # The title: the large lines after the separator (or after the 发文字号).
    after = max(rule, docnum, max(marks, default=-1))
    k = after + 1
    while k < n and roles[k] is Role.BLANK:
        k += 1
    while k < n and roles[k] is None and texts[k] and docnum >= 0 and k < docnum:
        k += 1  # 信函格式: the 发文字号 comes after the separator line
    if k < n and _is_doc_number(texts[k]) and roles[k] is None:
        roles[k] = Role.DOC_NUMBER
        k += 1
    while k < n and roles[k] is Role.BLANK:
        k += 1
    lines: list[int] = []
    mark_size = min((paras[m].size_pt or 99 for m in marks), default=99)
    while k < n and len(lines) < 4 and roles[k] is None and texts[k]:
        size = paras[k].size_pt or 0
        if (not 18 <= size < max(mark_size, 26) or texts[k].endswith(("：", ":"))
            or _SENTENCE_PUNCT.search(texts[k])):
            break
        lines.append(k)
        k += 1
    for k in lines:
        roles[k] = Role.TITLE


def _page_colophon(paras: list[Paragraph], texts: list[str], roles: list[Role | None]) -> None:
    """Complete the 版记: （共印N份） lines, and the other cells of a table holding 抄送/印发 lines."""
    n = len(paras)
    for k in range(n // 2, n):
        if roles[k] is None and RE_COPIES.match(texts[k]):
            roles[k] = Role.PRINTER
    tables = {paras[k].cell[0] for k in range(n) if paras[k].cell and roles[k] in (Role.CC, Role.PRINTER)}
    for k in range(n):
        cell = paras[k].cell
        if roles[k] is None and texts[k] and cell and cell[0] in tables:
            roles[k] = Role.PRINTER


def _is_body_item(t: str, level: int, p: Paragraph | None = None) -> bool:
    """Return True when a numbered paragraph is a whole sentence (a body item, not a heading).

    "一、同意设立……，定名为……。" is an item of a 批复; "一、总体要求" and "一、总体要求。各地要……" are
    headings (a short first sentence). A first run in the level's heading font (黑体 for "一、", 楷体 for
    "（一）") makes a heading whatever the sentence: "（一）强化组织领导，压实工作责任。".
    """
    m = re.match(r"^.*?[。；！？]", t)
    first = m.group(0) if m else t
    head = first[len(ANY_NUMBER.match(first).group(0)):].rstrip("。；！？")
    run = next((r for r in p.runs if r.text.strip()), None) if p is not None else None
    font = (run.font_east_asia or "") if run is not None else ""
    if level == 1:
        if "黑" in font:
            return False
        return "，" in head or len(head) > 10
    if level == 2:
        if "楷" in font:
            return False  # "（一）强化组织领导，压实工作责任。" in the 二级标题's 楷体: a heading
        return "，" in head or len(head) > 30
    return False


def _set_confidence(paras: list[Paragraph], texts: list[str], formatted: bool) -> None:
    """Say how sure the detected role is, from the agreement of the text and the page."""
    n = len(paras)
    for k, p in enumerate(paras):
        p.role_confidence = 1.0 if p.role_locked else _confidence(paras, texts, k, formatted, n)


def title_span(paras: list[Paragraph], k: int) -> tuple[int, int]:
    """Return (first, last) index of the title set over consecutive 标题 paragraphs around paragraph ``k``."""
    first = k
    while first > 0 and paras[first - 1].role is Role.TITLE:
        first -= 1
    last = k
    while last + 1 < len(paras) and paras[last + 1].role is Role.TITLE:
        last += 1
    return first, last


def _title_block(paras: list[Paragraph], k: int) -> str:
    a, b = title_span(paras, k)
    return "".join(clean(paras[i].text) for i in range(a, b + 1))


def _confidence(paras: list[Paragraph], texts: list[str], k: int, formatted: bool, n: int) -> float:
    p, t, role = paras[k], texts[k], paras[k].role
    size = p.size_pt or 0
    if role in (Role.BLANK, Role.TABLE):
        return 1.0
    if role is Role.ISSUER_MARK:
        return 0.97 if (_is_red_text(p) or size >= 26) else 0.85
    if role is Role.DOC_NUMBER:
        return 0.95 if _is_doc_number(t) else 0.85
    if role in (Role.SIGNER, Role.COPY_NUMBER, Role.SECRECY, Role.URGENCY, Role.DATE, Role.CC,
                Role.ATTACHMENT_NOTE, Role.ATTACHMENT_MARK):
        return 0.95
    if role is Role.PRINTER:
        return 0.95 if RE_PRINTER.search(t) else 0.85
    if role is Role.TITLE:
        block = _title_block(paras, k)
        words = bool(doc_type_of_title(block) or "关于" in block)
        if not formatted:
            return 0.9 if words else 0.6
        big, centred = size >= 18, p.alignment is Alignment.CENTER
        if (words or big) and (big or centred):
            return 0.95
        return 0.85 if words else 0.6
    if role is Role.ADDRESSEE:
        return 0.9
    if role is Role.SIGNATURE:
        if not formatted:
            return 0.8
        right = (p.alignment is Alignment.RIGHT or (p.left_indent_pt or 0) >= 96
                 or (p.right_indent_pt or 0) > 0)
        return 0.95 if right else 0.85
    if role is Role.NOTE:
        return 0.9
    if role.heading_level:
        return 0.9
    # 正文: a sentence of running text is sure; a short line without punctuation may be something else.
    return 0.9 if _SENTENCE_PUNCT.search(t) or len(t) > 40 else 0.75


# A 题注 under a title: （2018年9月13日） or （2016年3月5日第十二届全国人民代表大会第四次会议通过）; or,
# as the national law database (flk.npc.gov.cn) lays out a law's or regulation's history, one line per event
# without brackets: 2014年11月24日 中华人民共和国国务院令第656号公布, 2019年3月1日 施行
RE_TITLE_NOTE = re.compile(r"^\s*(?:[（(][^（）()]*\d{4}年\d{1,2}月\d{1,2}日[^（）()]*[)）]"
                           r"|\d{4}年\d{1,2}月\d{1,2}日\s*[^，。；]{0,100}?(?:通过|公布|发布|施行|修正|修订|批准))\s*$")


def _title_lines(texts: list[str], roles: list[Role | None], i: int, end: int) -> list[int]:
    """Return the indices of the title lines starting at ``i``: consecutive title-like lines (at most 4).

    Blank lines inside a title (scraped text) are skipped while the title does not yet end with a
    document type and the next line still looks like a title. A 题注 line (a date in brackets) ends it.
    """
    lines = [i]
    j = i + 1
    while j < end and len(lines) < 4:
        if roles[j] is Role.BLANK:
            if doc_type_of_title("".join(texts[k] for k in lines)):
                break
            j += 1
            continue
        if (roles[j] is not None or not _looks_like_title(texts[j]) or _is_header_line(texts[j])
                or RE_TITLE_NOTE.match(texts[j])):
            break
        if j > lines[-1] + 1 and not doc_type_of_title("".join(texts[k] for k in [*lines, j])):
            break  # across a blank line only when the joined text then ends with a 文种
        lines.append(j)
        j += 1
    return lines


def _is_header_line(t: str) -> bool:
    """Return True for a 版头 line that is never part of a title (份号, 密级, 紧急程度, 发文字号, 签发人)."""
    return bool(RE_DOC_NUMBER.match(t) or RE_ORDER_NUMBER.match(t) or RE_SIGNER.match(t)
                or RE_COPY_NUMBER.match(t) or RE_SECRECY.match(t) or RE_URGENCY.match(t))


def _doc_number_with_signer(t: str) -> bool:
    """Return True for "国办发〔2019〕5号    签发人：张三" on one line (上行文)."""
    m = re.match(r"^(\S+号)\s+签发人[:：]", t)
    return bool(m and RE_DOC_NUMBER.match(m.group(1)))


def _next_content_is_doc_number(texts: list[str], i: int) -> bool:
    for t in texts[i + 1 : i + 4]:
        if t:
            return bool(RE_DOC_NUMBER.match(t) or _doc_number_with_signer(t))
    return False


def _title_block_plausible(block: str, first: Paragraph, lines: int) -> bool:
    """Decide whether top lines that look like a title really are one."""
    if doc_type_of_title(block) or "关于" in block:
        return True
    if first.alignment is Alignment.CENTER:
        return True
    size = first.dominant_run.size_pt if first.dominant_run else None
    if size is not None and size >= 18:
        return True
    # Plain text: a short line standing alone at the top (no sentence punctuation) is a title.
    return lines <= 3 and len(block) <= 60


def _find_date(texts: list[str], roles: list[Role | None]) -> int:
    """Return the index of the 成文日期: the last standalone date before the 版记/attachments."""
    n = len(texts)
    limit = n
    for k in range(n):
        if roles[k] in (Role.CC, Role.PRINTER):
            limit = min(limit, k)
            break
    candidates = [k for k in range(limit) if roles[k] is None and RE_DATE.match(texts[k])]
    if not candidates:
        return -1
    # Prefer a date that sits after the body (second half of the document, or the last one before 附件).
    mark = next((k for k in range(limit) if RE_ATTACHMENT_MARK.match(texts[k]) and k > n * 0.3), limit)
    before_mark = [k for k in candidates if k < mark]
    return before_mark[-1] if before_mark else candidates[-1]


def _is_run_in_body(texts: list[str], sig: list[int]) -> bool:
    """Signature lines are short; a long body line ending a paragraph is not a signature."""
    return all(len(texts[s]) > 30 for s in sig)
