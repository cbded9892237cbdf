"""What the library stores about one document: title, 发文字号, issuing organ, type, date, text, file
facts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from gov_docs.document.doctypes import doc_type_of_title
from gov_docs.document.model import Document, Role
from gov_docs.document.roles import RE_DATE, RE_DOC_NUMBER, RE_NEWS_LEAD, clean

#: 机关代字 prefixes → issuing organ (longest prefix wins). Editable in code for now; offices extend it.
ORGAN_CODES = {
    "国发": "国务院", "国函": "国务院", "国发明电": "国务院", "国令": "国务院",
    "国办发": "国务院办公厅", "国办函": "国务院办公厅", "国办发明电": "国务院办公厅",
    "中发": "中共中央", "中办发": "中共中央办公厅", "厅字": "中共中央办公厅", "中办": "中共中央办公厅",
    "发改": "国家发展改革委", "教": "教育部", "国科发": "科技部", "工信部": "工业和信息化部",
    "财": "财政部", "人社部": "人力资源社会保障部", "环": "生态环境部", "建": "住房城乡建设部",
    "交": "交通运输部", "农": "农业农村部", "商": "商务部", "国卫": "国家卫生健康委",
}

#: Rough issuing level of an organ (higher is higher): used to tell 上位文件 from peers.
ORGAN_LEVELS = (
    (re.compile(r"^(中共中央|国务院|全国人民代表大会|中央军委|中华人民共和国)"), 4),
    (re.compile(r"(部|委员会|委|总局|署|局)$"), 3),
    (re.compile(r"^.{2,3}(省|自治区|直辖市)"), 3),
    (re.compile(r"(市|州|盟)"), 2),
    (re.compile(r"(县|区|旗)"), 1),
)

#: Issuing authority, finer than ORGAN_LEVELS at the centre: what a drafter builds on comes from above.
_AUTHORITY = (
    (re.compile(r"^(中共中央(?!办公厅)|中央委员会|全国人民代表大会|全国人大|中央军委(?!办公厅))"), 6),
    (re.compile(r"^(中华人民共和国国务院|国务院(?!办公厅))"), 5),
    (re.compile(r"^(中共中央办公厅|国务院办公厅|中办|国办)"), 4),
)


def authority(title: str, organ: str) -> int:
    """Return the issuing authority of a document, from its organ or else its title.

    6 the Party Central Committee, the NPC (中共中央 国务院 joint documents included), 5 the State Council,
    4 their general offices, then ORGAN_LEVELS: 3 ministries and provinces, 2 cities, 1 counties, 0 unknown.
    """
    for text in (organ, title):
        for rx, level in _AUTHORITY:
            if text and rx.search(text):
                return level
    return min(organ_level(organ), 3) if organ else 0


_CN_DATE_DIGITS = str.maketrans("〇○Ｏ零一二三四五六七八九", "0000123456789")


def organ_level(organ: str) -> int:
    """Return 4 (central), 3 (ministry/province), 2 (city), 1 (county), 0 (unknown)."""
    for rx, level in ORGAN_LEVELS:
        if rx.search(organ):
            return level
    return 0


def parse_date(text: str) -> dt.date | None:
    """Parse 2020年3月6日 / 二〇二〇年三月六日; None if not a date."""
    t = clean(text)
    if not RE_DATE.match(t):
        return None
    m = re.match(r"^(.{4})\s*年\s*(.{1,3})\s*月\s*(.{1,3})\s*[日号]$", t)
    if not m:
        return None
    try:
        year = int(m.group(1).translate(_CN_DATE_DIGITS))
        month = _cn_int(m.group(2))
        day = _cn_int(m.group(3))
        return dt.date(year, month, day)
    except ValueError:
        return None


def _cn_int(s: str) -> int:
    if s.isdigit():
        return int(s)
    from gov_docs.text.numerals import cn_number

    value = cn_number(s)
    if not value:
        raise ValueError(s)
    return value


def organ_from_number(number: str) -> str:
    """Return the organ a 发文字号's 机关代字 names (国办发〔2019〕5号 → 国务院办公厅), or ''."""
    m = RE_DOC_NUMBER.match(clean(number))
    if not m:
        return ""
    code = m.group("code")
    for prefix in sorted(ORGAN_CODES, key=len, reverse=True):
        if code.startswith(prefix):
            return ORGAN_CODES[prefix]
    return ""


@dataclass
class DocRecord:
    """One library document as indexed."""

    path: str
    title: str
    doc_number: str = ""
    organ: str = ""
    doc_type: str = ""
    date: dt.date | None = None
    text: str = ""
    cited_titles: list[str] = field(default_factory=list)
    catalog_title: str = ""  # the title the folder's catalog gave ('' when none)
    passages: list[str] = field(default_factory=list)  # body passages (passages.split_passages)
    mtime: float = 0.0
    size: int = 0
    sha1: str = ""


_RE_CITED = re.compile(r"《([^《》]{4,80})》")
#: The facts block of a page copied from a government policy library
#: (索引号 … 标题：… 发文字号：… 成文日期：…), one fact per line or several on one line.
_META_KEYS = "索引号|主题分类|发文机关|成文日期|标题|发文字号|发布日期|文号"
_RE_META = re.compile(rf"({_META_KEYS})[:：]\s*(.*?)(?=\s*(?:{_META_KEYS})[:：]|$)")
_ORGAN_IN_TITLE = re.compile(r"^(.{2,30}?)(关于|印发|转发)")


def page_facts(doc: Document) -> dict[str, str]:
    """Return the facts block a page copied from a policy library opens with.

    标题, 发文字号 (or 文号), 发文机关 and 成文日期 among others.

    Only a block of at least two facts among the first 16 lines counts; {} otherwise.
    """
    facts: dict[str, str] = {}
    for p in doc.paragraphs[:16]:
        line = clean(p.text)
        if not line.startswith(tuple(_META_KEYS.split("|"))):
            continue
        for key, value in _RE_META.findall(line):
            key = "发文字号" if key == "文号" else key
            if value.strip() and value.strip() not in ("无", "-", "—"):
                facts.setdefault(key, value.strip())
    return facts if len(facts) >= 2 else {}


def record_from_document(doc: Document, path: Path | None = None, catalog_title: str = "") -> DocRecord:
    """Extract a DocRecord from a parsed document.

    Args:
        doc: the parsed document.
        path: its file (for file facts, and its name as a last-resort title).
        catalog_title: the title a folder catalog registers for the file; it wins over the text's.

    Returns:
        The record: title (the catalog's, the regulation a decree publishes, the title lines, a news
        item's headline or the name it publishes, a title-like file name, the subject its purpose sentence
        states (关于X的意见（标题据正文）), else the opening words), organ
        (the 发文字号's 机关代字, the 署名, the title's, a news item's publisher), date from the 成文日期.
    """
    page = page_facts(doc)
    number = page.get("发文字号") or next(
        (clean(p.text) for p in doc.paragraphs if p.role is Role.DOC_NUMBER), "")
    signature = page.get("发文机关") or "".join(clean(p.text) for p in doc.paragraphs
                                                if p.role is Role.SIGNATURE)
    decree = _DECREE.match(clean(doc.title))
    if decree:  # 中华人民共和国国务院令 / 第739号: the decree's number, organ and what it publishes
        number = f"{decree.group(1)}令{number}" if number.startswith("第") else number
        signature = decree.group(1)
    # "中共中央 国务院" above a news item's text says who issued it; it is not a title
    issuer = next((clean(p.text) for p in doc.paragraphs[:4] if only_organs(p.text)), "")
    own_title = page.get("标题") or ("" if only_organs(doc.title) else doc.title)
    signature = signature or issuer
    untitled, publisher = _untitled_title(doc) if not own_title else ("", "")
    title = (catalog_title or _decree_title(doc, decree) or own_title or untitled
             or (path.stem if path and _title_like(path.stem) else ""))
    organ = organ_from_number(number) or signature
    if not organ:
        m = _ORGAN_IN_TITLE.match(title)
        organ = m.group(1) if m else publisher
    title = title or _purpose_title(doc) or _reply_title(doc) or _opening(doc)
    date = parse_date(page["成文日期"]) if page.get("成文日期") else None
    date = date or next((d for p in doc.paragraphs if p.role is Role.DATE and (d := parse_date(p.text))),
                        None)
    if date is None:  # news items: "新华社北京2月19日电" gives no year; take a full date in the first lines
        for p in doc.paragraphs[:6]:
            m = re.search(r"(\d{4})年(\d{1,2})月(\d{1,2})日", p.text)
            if m:
                try:
                    date = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    date = None
                break
    text = doc.text
    rec = DocRecord(
        path=str(path) if path else "",
        title=title,
        doc_number=number,
        organ=organ,
        doc_type=doc.doc_type,
        date=date,
        text=text,
        cited_titles=sorted(set(_RE_CITED.findall(text))),
        catalog_title=catalog_title,
        passages=body_passages(doc),
    )
    if path is not None and path.exists():
        st = path.stat()
        rec.mtime, rec.size = st.st_mtime, st.st_size
        rec.sha1 = hashlib.sha1(path.read_bytes()).hexdigest()
    return rec


_PUBLISHED = re.compile(r"(?:印发|发布|公布)了?(?:修订后的)?《([^《》]{4,80})》")
_DATE_LINE = re.compile(r"^[（(]?\d{4}年\d{1,2}月\d{1,2}日[）)]?$")
_PUBLISHED_AHEAD = re.compile(
    r"^(?:经[^，。《》]{0,20}同意，)?(?:现将)?(?:修订后的)?"
    # who wrote what is forwarded: 国家发展改革委、财政部…《…》已经国务院同意，现转发给你们
    r"[^《》，。]{0,60}?"
    r"《([^《》]{4,80})》(?:已经[^，。]{0,30}同意，)?(?:现)?(?:印发|发布|转发)给你们")
#: A 批复 without its title answers a 请示 it names: 你局关于X的请示收悉 / 你委《关于X的请示》（…）收悉.
_REPLY_TO = re.compile(
    r"^[^，。《》]{0,40}?《?(?:[^《》，。]*?关于)?([^《》，。]{4,80}?)的请示》?(?:[（(][^）)]{0,30}[）)])?收悉")
_DECREE = re.compile(r"^(?:中华人民共和国)?([^关的]{2,10})令$")
#: Who publishes, in a news item's lead: a central organ or a name ending like one.
_PUBLISHER = re.compile(
    r"^(中共中央|国务院|中央|全国|中办|国办|国家)[\u4e00-\u9fff、]{0,30}$|^[\u4e00-\u9fff、]{2,"
    r"30}(部|委|局|署|办公厅|委员会|政府)$")
#: Besides a 文种, a headline may end with the name of a normative or planning document.
_NAME_END = re.compile(r"(方案|规划|纲要|条例|规定|办法|细则|规则|建议|计划|准则)$")


_ORGAN_NAME = re.compile(
    r"^[\u4e00-\u9fff]{2,16}(中央|国务院|办公厅|委员会|人民政府|政府|部|委|局|署|办|院)$")


def only_organs(line: str) -> bool:
    """Return True when a line only names issuing organs (中共中央 国务院; 中共中央办公厅 国务院办公厅)."""
    parts = [p for p in re.split(r"[\s、，]+", clean(line)) if p]
    return bool(parts) and len(parts) <= 4 and all(_ORGAN_NAME.match(p) or p in ("中共中央", "国务院")
                                                     for p in parts)


def _title_like(text: str) -> bool:
    """Return True for a line that reads as a document title (not a sentence, ends with a 文种 or name)."""
    text = clean(text)
    return (6 <= len(text) <= 80 and not re.search(r"[。；！？，]", text)
            and bool(doc_type_of_title(text) or _NAME_END.search(text)))


def _decree_title(doc: Document, decree: re.Match | None) -> str:
    """Return the name of the regulation a decree (…令 第N号 《…》…现予公布) publishes, or ''."""
    if not decree:
        return ""
    head = " ".join(clean(p.text) for p in doc.paragraphs[:8])
    m = re.search(
        r"《([^《》]{4,80})》[^。]{0,60}(?:公布|发布)|(?:公布|发布)[^。《]{0,10}《([^《》]{4,80})》", head)
    return (m.group(1) or m.group(2)) if m else ""


def _untitled_title(doc: Document) -> tuple[str, str]:
    """Return (title, organ) of a document without title lines.

    A news item's headline, or the name of what it publishes and who publishes it
    (近日，中共中央印发了《…》 → …, 中共中央).
    """
    lines = [clean(p.text) for p in doc.paragraphs[:6] if clean(p.text)]
    if lines and RE_NEWS_LEAD.match(lines[0]):
        rest = RE_NEWS_LEAD.sub("", lines[0]).strip()
        for line in ([rest] if rest else []) + lines[1:3]:
            if _title_like(line):
                return line, ""
    head = " ".join(lines[:4])
    body = [RE_NEWS_LEAD.sub("", clean(p.text)).strip() for p in doc.paragraphs if p.role is Role.BODY][:2]
    # a 印发 notice without its title: 现将《…》印发给你们 / 《…》已经国务院同意，现印发给你们
    for line in body:
        m = _PUBLISHED_AHEAD.match(line)
        if m:
            return m.group(1), ""
    m = _PUBLISHED.search(head)
    if not m:
        return "", ""
    clause = re.split(r"[，。；\s]|电", head[:m.start()])[-1]
    clause = re.sub(r"(近日|日前)?(发出|联合)?(关于)?$", "", re.sub(r"^(近日|日前|最近)", "", clause))
    return m.group(1), clause if _PUBLISHER.match(clause) else ""


#: The sentence that states what an untitled 意见/建议/决定 is about: 现就X提出如下意见 / 为X，现提出以下意见.
_PURPOSE_ON = re.compile(
    r"(?:现|^|[，。；])就([^。；，]{4,60}?)(?:问题)?(?:提出|作出|制定)(?:如下|以下)(意见|建议|决定)")
_PURPOSE_FOR = re.compile(
    r"(?:^|[，。；])为了?([^。；]{4,160}?)，现(?:提出|作出|制定)(?:如下|以下)(意见|建议|决定)")
#: Clauses of a purpose that only say which spirit is carried out (为深入贯彻…精神): never the subject.
_SPIRIT_CLAUSE = re.compile(r"贯彻|落实.*精神|指示|批示|部署$|^经[^，。]{0,20}(?:同意|批准)$")
#: Marks a title the library made from the text (a news item without title lines); never a real title.
DERIVED_MARK = "（标题据正文）"


def _purpose_title(doc: Document) -> str:
    """Return 关于X的意见（标题据正文） for an untitled text that states its subject, else ''.

    A news item (新华社北京7月15日电 …) often carries a 意见 or 决定 without its title lines; its opening
    says what it is about (现就X提出如下意见, 为X，现提出以下意见), which names it better than its first
    sentence does. The mark tells the clerk the title is the library's, not the issuer's.
    """
    body = [RE_NEWS_LEAD.sub("", clean(p.text)).strip() for p in doc.paragraphs if p.role is Role.BODY][:12]
    for line in body:
        m = _PURPOSE_ON.search(line)
        if m:
            return f"关于{m.group(1)}的{m.group(2)}{DERIVED_MARK}"
        m = _PURPOSE_FOR.search(line)
        if m:
            clauses = [c for c in re.split(r"[，,]", m.group(1)) if c and not _SPIRIT_CLAUSE.search(c)]
            subject = ""
            for c in clauses[:2]:
                if subject and len(subject) + len(c) > 40:
                    break
                subject = f"{subject}，{c}" if subject else c
            if len(subject) >= 4:
                return f"关于{subject}的{m.group(2)}{DERIVED_MARK}"
    return ""


def _reply_title(doc: Document) -> str:
    """Return 关于X的批复（标题据正文） for an untitled reply that names the 请示 it answers, else ''."""
    for p in doc.paragraphs[:12]:
        if p.role is Role.BODY:
            m = _REPLY_TO.match(clean(p.text).strip())
            return f"关于{m.group(1)}的批复{DERIVED_MARK}" if m else ""
    return ""


def _opening(doc: Document) -> str:
    """Return the opening words of the body, as a display title of last resort."""
    body = (RE_NEWS_LEAD.sub("", clean(p.text)).strip() for p in doc.paragraphs if p.role is Role.BODY)
    first = next((text for text in body if text and not only_organs(text) and not _DATE_LINE.match(text)), "")
    return first[:30] + ("…" if len(first) > 30 else "")


_PASSAGE_ROLES = (Role.BODY, Role.HEADING1, Role.HEADING2, Role.HEADING3, Role.HEADING4)


def body_passages(doc: Document) -> list[str]:
    """Return the passages of a document's body (headings kept with what follows them)."""
    from gov_docs.library.passages import split_passages

    return split_passages((clean(p.text), p.role is not Role.BODY) for p in doc.paragraphs
                          if p.role in _PASSAGE_ROLES)


def cited_titles(text: str) -> list[str]:
    """Return the titles cited in 《》 in ``text``."""
    return sorted(set(_RE_CITED.findall(text)))
