"""归档建议: category, subject class, retention period, year and organ (国家档案局令第8号, DA/T 22-2015).

Rules live in the editable ``rules/archiving/retention.yaml``: ordered rules, the first whose title
pattern or document type matches gives the retention period and the reason; categories likewise.
The subject class (问题) is the lead department of the routing suggestion.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from gov_docs.document.model import Document
from gov_docs.document.roles import RE_PLACEHOLDER
from gov_docs.errors import GovDocsError
from gov_docs.handling.rulefiles import load_yaml

RETENTIONS = ("永久", "定期30年", "定期10年")


@dataclass
class ArchiveSuggestion:
    """Where and for how long a document is kept."""

    category: str
    subject: str
    retention: str
    reason: str
    year: int | None
    organ: str

    def to_dict(self) -> dict:
        """Return a JSON-ready dict."""
        return dict(self.__dict__)


def retention_path() -> Path:
    """Return the bundled archiving rules."""
    from gov_docs import paths

    return paths.rules_dir() / "archiving" / "retention.yaml"


@functools.lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> dict:
    data = load_yaml(Path(path), "rules")
    for i, r in enumerate(data["rules"]):
        if not isinstance(r, dict) or r.get("retention") not in RETENTIONS:
            raise GovDocsError(f"归档规则 {path} 第 {i + 1} 条的 retention 应为 {'、'.join(RETENTIONS)}")
        try:
            r["_rx"] = [re.compile(p) for p in r.get("title_patterns", []) or []]
        except re.error as exc:
            raise GovDocsError(f"归档规则 {path} 第 {i + 1} 条的正则有误：{exc}") from exc
    for c in data.get("categories", []) or []:
        c["_rx"] = [re.compile(p) for p in c.get("title_patterns", []) or []]
    return data


def suggest_archiving(doc: Document, *, path: Path | None = None) -> ArchiveSuggestion:
    """Suggest category, subject, retention, year and organ for ``doc``."""
    from gov_docs.handling.routing import suggest_routing
    from gov_docs.library.records import record_from_document

    path = path or retention_path()
    if not path.exists():
        raise GovDocsError(f"归档规则文件 {path} 不存在")
    data = _load(str(path), path.stat().st_mtime)
    rec = record_from_document(doc)
    title = rec.title
    retention, reason = "定期30年", "未匹配任何规则，按一般业务文件处理"
    for r in data["rules"]:
        if (any(rx.search(title) for rx in r["_rx"])
            or (doc.doc_type and doc.doc_type in (r.get("doc_types") or []))):
            retention, reason = r["retention"], str(r.get("reason", ""))
            break
    category = next((c["name"] for c in data.get("categories", [])
                     if any(rx.search(title) for rx in c["_rx"])), "公文档案")
    subject = suggest_routing(doc).lead or "综合"
    # a template's XXXXXX, or its 发文机关署名 prompt, is no organ
    organ = "" if RE_PLACEHOLDER.search(rec.organ) or "发文机关" in rec.organ else rec.organ
    return ArchiveSuggestion(category, subject, retention, reason, _year(rec), organ)


def _year(rec) -> int | None:
    """Return the 年度: the 成文日期's year; without a date (still 20××年×月×日), the 发文字号's 〔year〕."""
    if rec.date:
        return rec.date.year
    m = re.search(r"[〔\[［(（【](\d{4})[〕\]］)）】]", rec.doc_number or "")
    return int(m.group(1)) if m and 1949 <= int(m.group(1)) <= 2100 else None
