"""What the library stores about one document: title, 发文字号, issuing organ, type, date, text, file facts."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from gov_docs.document.model import Document, Role
from gov_docs.document.roles import RE_DATE, RE_DOC_NUMBER, clean

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
    m = re.match(r"^(.{4})\s*年\s*(.{1,3})\s*月\s*(.{1,3})\s*日$", t)
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
    from gov_docs.checks.kinds.structure import cn_number

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
    mtime: float = 0.0
    size: int = 0
    sha1: str = ""


_RE_CITED = re.compile(r"《([^《》]{4,80})》")
_ORGAN_IN_TITLE = re.compile(r"^(.{2,30}?)(关于|印发|转发)")


def record_from_document(doc: Document, path: Path | None = None) -> DocRecord:
    """Extract a DocRecord from a parsed document (title from the roles, organ from 发文字号 or 署名)."""
    number = next((clean(p.text) for p in doc.paragraphs if p.role is Role.DOC_NUMBER), "")
    signature = "".join(clean(p.text) for p in doc.paragraphs if p.role is Role.SIGNATURE)
    title = doc.title or _untitled_title(doc) or (path.stem if path else "")
    organ = organ_from_number(number) or signature
    if not organ:
        m = _ORGAN_IN_TITLE.match(title)
        organ = m.group(1) if m else ""
    date = next((d for p in doc.paragraphs if p.role is Role.DATE and (d := parse_date(p.text))), None)
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
    )
    if path is not None and path.exists():
        st = path.stat()
        rec.mtime, rec.size = st.st_mtime, st.st_size
        rec.sha1 = hashlib.sha1(path.read_bytes()).hexdigest()
    return rec


_PUBLISHED = re.compile(r"(?:印发|发布|公布)了?《([^《》]{4,80})》")


def _untitled_title(doc: Document) -> str:
    """Return a display title for an untitled document (news item): what it publishes, or its opening."""
    head = " ".join(clean(p.text) for p in doc.paragraphs[:4])
    m = _PUBLISHED.search(head)
    if m:
        return m.group(1)
    first = next((clean(p.text) for p in doc.paragraphs if p.role is Role.BODY and clean(p.text)), "")
    first = re.sub(r"^新华社\S{0,12}电\s*", "", first)
    return first[:30] + ("…" if len(first) > 30 else "")


def cited_titles(text: str) -> list[str]:
    """Return the titles cited in 《》 in ``text``."""
    return sorted(set(_RE_CITED.findall(text)))
