"""拟办建议: which department should lead a document and which take part, with reasons.

Scores come from the editable responsibilities file ``rules/routing/departments.yaml`` (keywords in the
title count 3, in the text 1 per occurrence up to 3 per keyword, a usual document type 1; a department the
text names — 发展改革委, 财政部门 — 1.5 per mention up to 5, and 5 more each time it leads, 某部牵头 / 某部会同,
up to 3; a department in the clause after 牵头/会同 — 会同发展改革委、财政部 — 2 more) and from how similar past
documents were routed (recorded decisions in the review-history store, weighted by
similarity). The lead is the best score; departments with at least 15% of it (and 2 points) take part.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from gov_docs.document.model import Document
from gov_docs.errors import GovDocsError
from gov_docs.handling.rulefiles import load_yaml

NAMED_POINTS, NAMED_CAP = 1.5, 5
LEADS_POINTS, LEADS_CAP = 5.0, 3
PARTNER_POINTS = 2.0
_PARTNER_CLAUSE = re.compile(r"(?:牵头|会同)([^。；;）)]{2,120})")
PARTICIPANT_SHARE = 0.15
PARTICIPANT_MIN = 2.0
MAX_PARTICIPANTS = 6


@dataclass
class Department:
    """One department of the responsibilities file."""

    name: str
    duties: str
    keywords: list[str]
    doc_types: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # how documents name the department: 财政部, 财政部门

    @functools.cached_property
    def name_pattern(self) -> re.Pattern | None:
        """Any of the department's names, longest first (财政部门 before 财政部)."""
        if not self.names:
            return None
        return re.compile("|".join(map(re.escape, sorted(self.names, key=len, reverse=True))))


@dataclass
class RoutingSuggestion:
    """Lead and participating departments with the reasons."""

    lead: str
    participants: list[str]
    reasons: dict[str, list[str]]
    scores: dict[str, float]

    def to_dict(self) -> dict:
        """Return a JSON-ready dict."""
        return dict(self.__dict__)


def departments_path() -> Path:
    """Return the bundled responsibilities file."""
    from gov_docs import paths

    return paths.rules_dir() / "routing" / "departments.yaml"


def departments_from_data(data: dict) -> tuple[Department, ...]:
    """Build the departments from a validated responsibilities file (see :mod:`gov_docs.handling.schemas`)."""
    return tuple(Department(str(d["name"]), str(d.get("duties", "")), [str(k) for k in d["keywords"]],
                            [str(t) for t in d.get("doc_types", []) or []],
                            [str(n) for n in d.get("names", []) or []])
                 for d in data["departments"])


@functools.lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> tuple[Department, ...]:
    return departments_from_data(load_yaml(Path(path), "departments"))


def load_departments(path: Path | None = None) -> tuple[Department, ...]:
    """Load (cached by mtime) the responsibilities file."""
    path = path or departments_path()
    if not path.exists():
        raise GovDocsError(f"部门职责文件 {path} 不存在")
    return _load(str(path), path.stat().st_mtime)


def _count_words(text: str, word: str, cap: int) -> int:
    """Count occurrences of ``word`` that start a word (up to ``cap``).

    民政 inside 人民政府 does not count; 财政 at the start of 财政资金 does.
    """
    from gov_docs.checks.kinds.wordlists import starts_word

    n = 0
    pos = text.find(word)
    while pos != -1 and n < cap:
        if starts_word(text, pos):
            n += 1
        pos = text.find(word, pos + len(word))
    return n


def suggest_routing(doc: Document, *, departments: tuple[Department, ...] | None = None,
                    index=None, store=None) -> RoutingSuggestion:
    """Suggest the lead and participating departments for ``doc``.

    Args:
        doc: the document.
        departments: the responsibilities (default: rules/routing/departments.yaml).
        index: a LibraryIndex, to find similar past documents (optional).
        store: the CommentStore holding their recorded routings (optional).

    Returns:
        The suggestion; lead is '' when nothing matches.
    """
    departments = departments or load_departments()
    title = doc.title
    body = doc.text
    scores: dict[str, float] = {}
    reasons: dict[str, list[str]] = {}
    # The clauses after 牵头/会同 list the departments that work with the lead: 生态环境部会同发展改革委、财政部…
    partner_text = " ".join(_PARTNER_CLAUSE.findall(body))
    partners: set[str] = set()
    for d in departments:
        s = 0.0
        named_why: list[str] = []  # the text names the department: the strongest reasons, listed first
        title_why: list[str] = []
        body_why: list[str] = []
        for kw in d.keywords:
            if _count_words(title, kw, 1):
                s += 3
                title_why.append(f"标题含“{kw}”")
            n = _count_words(body, kw, 3)
            if n:
                s += n
                if kw not in title:
                    body_why.append(f"正文提及“{kw}”{n}次")
        if doc.doc_type and doc.doc_type in d.doc_types:
            s += 1
        if d.name_pattern is not None:
            named = list(d.name_pattern.finditer(body))
            leads = [m.group(0) for m in named if body.startswith(("牵头", "会同"), m.end())]
            if leads:
                s += LEADS_POINTS * min(len(leads), LEADS_CAP)
                named_why.append(f"“{leads[0]}”牵头或会同{len(leads)}次")
            partner = d.name_pattern.search(partner_text)
            if partner:
                partners.add(d.name)
                s += PARTNER_POINTS
                named_why.append(f"文中“{partner.group(0)}”参与办理")
            if named:
                s += NAMED_POINTS * min(len(named), NAMED_CAP)
                named_why.append(f"正文点名“{named[0].group(0)}”{len(named)}次")
        if s:
            scores[d.name] = s
            reasons[d.name] = (named_why[:2] + title_why + named_why[2:] + body_why)[:5]
    if index is not None and store is not None:
        from gov_docs.library.recommend import recommend

        for rec in recommend(index, doc, top=5):
            past = store.routing_of(rec.path)
            if past:
                lead, parts = past
                scores[lead] = scores.get(lead, 0) + 4 * rec.score
                reasons.setdefault(lead, []).append(f"相似文件《{rec.title}》由其主办")
                for p in parts:
                    scores[p] = scores.get(p, 0) + 1.5 * rec.score
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if not ranked:
        return RoutingSuggestion("", [], {}, {})
    lead, top = ranked[0]
    above = [name for name, s in ranked[1:] if s >= max(PARTICIPANT_MIN, top * PARTICIPANT_SHARE)]
    # the text's own list of partners is never cut short; other departments fill up to MAX_PARTICIPANTS
    participants = [name for i, name in enumerate(above) if i < MAX_PARTICIPANTS or name in partners]
    return RoutingSuggestion(lead, participants, {k: reasons.get(k, []) for k in [lead, *participants]},
                             {k: round(scores[k], 2) for k in [lead, *participants]})
