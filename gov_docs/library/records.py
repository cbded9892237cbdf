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
    (re.compile(r"^(中共中央(?!办公厅|(组织|宣传|统战|统一战线工作|对外联络)部|政法委)|中央委员会|全国人民代表大会|全国人大"
                r"|中央军委(?!办公厅))"), 6),
    (re.compile(r"^(中华人民共和国国务院|国务院(?!办公厅))"), 5),
    (re.compile(r"^(中共中央办公厅|国务院办公厅|中办|国办)"), 4),
)

#: A local organ's place, read from the start of its name: 某某省, 某某市, 某某县, 某某自治区 … A place ends
#: where another does not follow (杭州 is not a place of 杭州市), and 市场 is no 市 (某某县市场监督管理局).
_PLACE = re.compile(r"[\u4e00-\u9fff]{1,8}?(自治区|自治州|自治县|自治旗|特别行政区|省|市(?!场)|地区|州|盟"
                    r"|县|区|旗)(?![省市州盟县区旗](?!场))")
#: A signature that leaves its place out: 省应急管理厅, 市人民政府办公室, 县安全生产委员会办公室.
_BARE_PLACE = re.compile(r"(省|市|州|县|区)(?=[\u4e00-\u9fff]{2})")
#: Rank (行政级别) of a place's own government: a province with a ministry (3), a prefecture-level city with
#: a province's departments (2), a county with a city's departments (1).
_PLACE_RANK = {"自治区": 3, "特别行政区": 3, "省": 3, "市": 2, "地区": 2, "州": 2, "自治州": 2, "盟": 2,
               "县": 1, "区": 1, "旗": 1, "自治县": 1, "自治旗": 1}
#: The four municipalities rank as provinces, and their districts and counties as cities.
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
#: What follows the place: the government itself (its Party committee and people's congress rank with it)…
_GOVERNMENT = re.compile(r"^(人民政府|政府|行政公署|委员会|委|党委|人民代表大会(常务委员会)?|人大常委会"
                         r"|人大)$")
#: …its general office, half a step under it (as 国务院办公厅 stands between 国务院 and the ministries)…
_GOVERNMENT_OFFICE = re.compile(r"^(人民政府|政府|委|党委)?办公[厅室]$")
#: …or a township's government (乡镇 and 街道 rank with a county's departments).
_TOWNSHIP = re.compile(r"^[\u4e00-\u9fff]{1,8}?(乡|镇|街道)(人民政府|政府|党委|办事处)$")


def local_authority(organ: str) -> float:
    """Return the rank of a local organ (by 行政级别), or 0 when ``organ`` names no local place.

    A province's government, Party committee and people's congress 3 (with a ministry); its general office
    2.5; its departments (厅, 局, 委员会) and a prefecture-level city's government 2; a city's departments
    and a county's government 1; a county's departments and a township 0.5. 省应急管理厅 → 2, 江北市教育局
    → 1, 某某县人民政府 → 1, 北京市人民政府 → 3.
    """
    name = re.sub(r"\s+", "", organ)
    name = name[2:] if name.startswith("中共") and not name.startswith("中共中央") else name
    ranks: list[int] = []
    pos = 0
    municipality = name.startswith(_MUNICIPALITIES)
    m = _BARE_PLACE.match(name)
    if m and not _PLACE.match(name):
        ranks.append(_PLACE_RANK[m.group(1)])
        pos = m.end()
    else:
        while (m := _PLACE.match(name, pos)) is not None:
            rank = _PLACE_RANK[m.group(1)]
            if municipality and rank < 3:
                rank += 1  # 北京市海淀区 ranks as a city
            ranks.append(rank)
            pos = m.end()
    if not ranks:
        return 0.0
    base = float(min(ranks))
    rest = name[pos:]
    if _GOVERNMENT.match(rest):
        return base
    if _GOVERNMENT_OFFICE.match(rest):
        return base - 0.5
    if _TOWNSHIP.match(rest):
        return 0.5
    return max(base - 1, 0.5)  # a department of that government


#: Whom a document is sent to says where it comes from: one level above its addressees. The lowest
#: sender each 主送 allows (a department of the level that addresses them): 各省、自治区、直辖市 or
#: 国务院各部委 come from the centre's general offices or above (4); 各市（州）or 省直各部门 from a
#: province's departments (2); 各县（市、区）or 市直 from a city's departments (1); 各乡镇 or 县直 from a
#: county's departments (0.5).
_ADDRESSEE_LEVELS = (
    (re.compile(r"各省|自治区、直辖市|国务院各部委|国务院各直属机构|中央和国家机关各部委"), 4.0),
    (re.compile(r"各(?:设区的|地级)?市|各州|省直|省政府各|省级各|省委各|省人民政府各"), 2.0),
    (re.compile(r"各县|各区|县（市、区）|县（区）|区县|市直|市政府各|市人民政府各|市委各"), 1.0),
    (re.compile(r"各乡|各镇|各街道|乡镇|县直|县政府各|县人民政府各|县委各"), 0.5),
)


def addressee_authority(addressees: str) -> float:
    """Return the lowest issuing level the 主送机关 ``addressees`` allow (see _ADDRESSEE_LEVELS), 0 if none.

    各省、自治区、直辖市人民政府，国务院各部委 → 4; 各市、县（区）人民政府，省直有关部门 → 2 (the highest
    addressees decide: a province writes to its cities and counties).
    """
    for rx, level in _ADDRESSEE_LEVELS:
        if rx.search(addressees):
            return level
    return 0.0


def authority(title: str, organ: str) -> float:
    """Return the issuing authority of a document, from its organ or else its title.

    6 the Party Central Committee, the NPC (中共中央 国务院 joint documents included), 5 the State Council,
    4 their general offices, 3 ministries; local organs by rank (local_authority: 3 a province's
    government down to 0.5 a county's departments); 0 unknown. A title names its organ before 关于.
    """
    title = re.sub(r"\s+", "", title)  # a title line spaced out: 国 务 院 公 告
    for text in (organ, title):
        for rx, level in _AUTHORITY:
            if text and rx.search(text):
                return level
    for text in (organ, title[:title.find("关于")] if "关于" in title[:40] else ""):
        local = local_authority(text) if text else 0.0
        if local:
            return local
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
    # joint signatures stand side by side or on several lines (江北市教育局　　江北市财政局): one 、 list
    # (a name broken over two lines is one name; a person's 职务 and name keep one space between them)
    lines = [re.sub(r"[\s\u3000]+", " ", clean(p.text)).strip() for p in doc.paragraphs
             if p.role is Role.SIGNATURE]
    signers = " ".join(lines).split()
    signature = page.get("发文机关") or ("、".join(signers) if all(map(_ORGAN_NAME.match, signers))
                                        else "".join(lines))
    if not number:  # the law database's history line (2004年9月13日 中华人民共和国国务院令第417号公布)
        m = next(filter(None, (_DECREE_LINE.match(clean(p.text)) for p in doc.paragraphs[1:6])), None)
        if m:
            number, signature = f"{m.group(1)}令第{m.group(2)}号", signature or m.group(1)
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
    if not _ORGAN_NAME.match(re.split(r"[\s\u3000、]+", signature)[0]):
        # a 令 is signed by a person (市长　王明) and a 纪要 not at all: the 版头 names the organ
        signature = _organ_from_mark(doc) or signature
    organ = organ_from_number(number) or signature or _glued_signature(doc)
    if not organ:
        m = _ORGAN_IN_TITLE.match(title)
        organ = m.group(1) if m else publisher
    title = title or _purpose_title(doc) or _reply_title(doc) or _opening(doc)
    date = parse_date(page["成文日期"]) if page.get("成文日期") else None
    date = date or next((d for p in doc.paragraphs if p.role is Role.DATE and (d := parse_date(p.text))),
                        None)
    if date is None:  # a 纪要 has no 成文日期: the 印发 line of its 版记 dates it
        date = next((d for p in doc.paragraphs if p.role is Role.PRINTER
                     and (m := _PRINTED_ON.search(p.text)) and (d := parse_date(m.group(1)))), None)
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
#: A regulation's publication line under its title, as the national law database (flk.npc.gov.cn) lays it
#: out: 2004年9月13日 中华人民共和国国务院令第417号公布 (a revised one lists it first).
_DECREE_LINE = re.compile(
    r"^\d{4}年\d{1,2}月\d{1,2}日\s*(?:中华人民共和国)?(国务院)令第(\d{1,4})号(?:公布|发布)")
#: Who publishes, in a news item's lead: a central organ or a name ending like one.
_PUBLISHER = re.compile(
    r"^(中共中央|国务院|中央|全国|中办|国办|国家)[\u4e00-\u9fff、]{0,30}$|^[\u4e00-\u9fff、]{2,"
    r"30}(部|委|局|署|办公厅|委员会|政府)$")
#: Besides a 文种, a headline may end with the name of a normative or planning document.
_NAME_END = re.compile(r"(方案|规划|纲要|条例|规定|办法|细则|规则|建议|计划|准则)$")


_ORGAN_NAME = re.compile(
    r"^[\u4e00-\u9fff]{2,16}(中央|国务院|办公厅|委员会|人民政府|政府|部|委|局|署|办|院)$")


#: A signature that a damaged copy runs into the last body paragraph after a run of spaces (…办公室主任。
#: 　　　　　　国务院办公厅): the organ after the gap.
_GLUED_SIGNATURE = re.compile(r"[。）)][\s\u3000\xa0]{6,}([^\s\u3000\xa0。，；]{2,40})[\s\u3000\xa0]*$")


#: A 版头 that names its organ before 文件, 令 or a 纪要's name (江北市人民政府常务会议纪要).
_MARK_ORGAN = re.compile(r"^(.{2,30}?)(?:文件|令|(?:常务|专题|办公)?会议纪要|纪要)$")
_PRINTED_ON = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日)印发")


def _organ_from_mark(doc: Document) -> str:
    """Return the organ a single-organ 发文机关标志 names (江北市人民政府令 → 江北市人民政府), or ''."""
    mark = next((clean(p.text) for p in doc.paragraphs if p.role is Role.ISSUER_MARK), "")
    m = _MARK_ORGAN.match(re.sub(r"\s+", "", mark))  # a spaced-out 版头, as authority() reads titles
    return m.group(1) if m and _ORGAN_NAME.match(m.group(1)) else ""


def _glued_signature(doc: Document) -> str:
    """Return the organ a damaged copy's last paragraphs end with after a wide gap, or ''."""
    for p in reversed([p for p in doc.paragraphs if p.text.strip()][-4:]):
        m = _GLUED_SIGNATURE.search(p.text)
        if m and only_organs(m.group(1)):
            return clean(m.group(1))
    return ""


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
