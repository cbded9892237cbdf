"""Findings and fixes as data: what a rule found, where, why (the clause), and the edits that repair it.

Offsets are code points inside one paragraph (``paragraph`` is its index in the document).
Format findings that concern a whole paragraph or page have ``start == end == 0`` and
``scope`` set to ``"paragraph"`` or ``"document"``; their fixes, if any, are format edits
(``FormatEdit``) rather than text edits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum


class Level(str, Enum):
    """How sure a rule is: error = 必错 (one-click fix allowed), warning = 疑似, suggestion = 提示."""

    ERROR = "error"
    WARNING = "warning"
    SUGGESTION = "suggestion"

    @property
    def label(self) -> str:
        """Return the Chinese label (必错/疑似/提示)."""
        return {"error": "必错", "warning": "疑似", "suggestion": "提示"}[self.value]

    @property
    def rank(self) -> int:
        """Return 0 for error, 1 for warning, 2 for suggestion (for sorting)."""
        return {"error": 0, "warning": 1, "suggestion": 2}[self.value]


class Category(str, Enum):
    """The finding categories the GUI groups by."""

    FORMAT = "format"
    PUNCTUATION = "punctuation"
    NUMBER = "number"
    TYPO = "typo"
    SENSITIVE = "sensitive"
    EXPRESSION = "expression"
    STRUCTURE = "structure"

    @property
    def label(self) -> str:
        """Return the Chinese label shown to users."""
        return _CATEGORY_LABELS[self]


_CATEGORY_LABELS = {
    Category.FORMAT: "格式",
    Category.PUNCTUATION: "标点",
    Category.NUMBER: "数字",
    Category.TYPO: "错别字",
    Category.SENSITIVE: "敏感词",
    Category.EXPRESSION: "规范表述",
    Category.STRUCTURE: "结构",
}


@dataclass(frozen=True)
class Edit:
    """Replace ``[start, end)`` of paragraph ``paragraph`` with ``replacement`` (code points)."""

    paragraph: int
    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class FormatEdit:
    """Set a formatting property: ``target`` is "run"/"paragraph"/"page", ``prop`` e.g. "font_east_asia"."""

    paragraph: int  # -1 for page-level edits
    target: str
    prop: str
    value: object


def shown_suggestion(suggestion: str) -> str:
    """Return one suggestion quoted for display, or 删去 when it deletes (……等 → ……: "等" → 删去)."""
    return f"“{suggestion}”" if suggestion else "删去"


@dataclass(frozen=True)
class Finding:
    """One problem found by one rule.

    Attributes:
        rule_id: the rule's ``id``.
        category: format | punctuation | number | typo | sensitive | expression | structure.
        level: error (必错) | warning (疑似) | suggestion (提示).
        message: Chinese explanation, placeholders already filled.
        basis: the clause the rule rests on, e.g. ``GB/T 15834-2011 4.5.3.1``.
        paragraph: index of the paragraph (-1 for document-level findings).
        start, end: code-point span inside the paragraph (0, 0 for paragraph/document scope).
        matched: the offending text.
        suggestions: candidate corrections, best first.
        edits: text edits that apply the first suggestion (empty when no automatic fix).
        format_edits: formatting edits for format findings.
        scope: "text" | "paragraph" | "document".
        confidence: 0–1, for statistical rules (typo); 1.0 for deterministic rules.
    """

    rule_id: str
    category: Category
    level: Level
    message: str
    basis: str
    paragraph: int
    start: int
    end: int
    matched: str = ""
    suggestions: tuple[str, ...] = ()
    edits: tuple[Edit, ...] = ()
    format_edits: tuple[FormatEdit, ...] = ()
    scope: str = "text"
    confidence: float = 1.0

    def shown_suggestions(self) -> str:
        """Return the suggestions as a clerk reads them: “…”／“…”, a deletion as 删去 (never an empty “”)."""
        return "／".join(shown_suggestion(s) for s in self.suggestions)

    def shown_fix(self) -> str:
        """Return what the one-click fix writes, as a clerk reads it (the first suggestion; 删去)."""
        return shown_suggestion(self.suggestions[0] if self.suggestions else "")

    @property
    def auto_fixable(self) -> bool:
        """True when the fix is unambiguous: level error with edits and at most one suggestion."""
        return (self.level is Level.ERROR and bool(self.edits or self.format_edits)
                and len(self.suggestions) <= 1)

    def to_dict(self) -> dict:
        """Return a JSON-ready dict."""
        return {
            "rule_id": self.rule_id,
            "category": self.category.value,
            "category_label": self.category.label,
            "level": self.level.value,
            "level_label": self.level.label,
            "message": self.message,
            "basis": self.basis,
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
            "matched": self.matched,
            "suggestions": list(self.suggestions),
            "edits": [e.__dict__ for e in self.edits],
            "format_edits": [{**e.__dict__, "value": e.value} for e in self.format_edits],
            "scope": self.scope,
            "confidence": self.confidence,
            "auto_fixable": self.auto_fixable,
        }


class OverlappingEditsError(ValueError):
    """Two edits in one paragraph overlap; applying both would be ambiguous."""


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply text edits of one paragraph in reverse order; refuse overlapping edits.

    Args:
        text: the paragraph text.
        edits: edits whose offsets refer to ``text``.

    Returns:
        The edited text.

    Raises:
        OverlappingEditsError: two edits overlap.
    """
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b.start < a.end or (a.start == a.end == b.start == b.end):
            raise OverlappingEditsError(f"edits overlap: {a} / {b}")
    out = text
    for e in reversed(ordered):
        out = out[: e.start] + e.replacement + out[e.end :]
    return out


def drop_shadowed(findings: Iterable[Finding], guessing: set[str]) -> list[Finding]:
    """Return ``findings`` without the guesses another rule already reports: one finding per span.

    A finding of a rule in ``guessing`` (statistical rules) is dropped where a finding of another rule of
    the same category overlaps its text span in the same paragraph — the lexicon's 严历→严厉 is more
    specific than the statistics' 历→厉 and says the same. Everything else is kept, in order.
    """
    findings = list(findings)
    known: dict[tuple[int, str], list[tuple[int, int]]] = {}
    for f in findings:
        if f.rule_id not in guessing and f.scope == "text":
            known.setdefault((f.paragraph, f.category.value), []).append((f.start, f.end))
    if not known:
        return findings
    kept = [f for f in findings if f.rule_id not in guessing or f.scope != "text"
            or not any(s < f.end and f.start < e for s, e in known.get((f.paragraph, f.category.value), ()))]
    return _drop_same_fix(kept) if len(kept) > 1 else kept


def _drop_same_fix(findings: list[Finding]) -> list[Finding]:
    """Drop a finding another one of its category already makes, from a span covering it, with the same
    fix: two list rules both reporting 要象 → 要像 and 象 → 像 would show the clerk the same slip twice.
    The same span with the same fix is one slip whatever the categories: a half-width : after the 主送机关
    is reported once (format.addressee-colon), not again as a punctuation slip.
    """
    by_place: dict[int, list[Finding]] = {}
    for f in findings:
        if f.scope == "text" and f.suggestions:
            by_place.setdefault(f.paragraph, []).append(f)
    dropped: set[int] = set()
    for group in by_place.values():
        for i, a in enumerate(group):
            for j, b in enumerate(group):
                if i == j or id(a) in dropped or not (a.start <= b.start and b.end <= a.end):
                    continue
                if (a.start, a.end) == (b.start, b.end) and j < i:
                    continue  # the same span twice: the first one stays
                if a.category is not b.category and (a.start, a.end) != (b.start, b.end):
                    continue
                inner = a.matched[:b.start - a.start] + b.suggestions[0] + a.matched[b.end - a.start:]
                if inner == a.suggestions[0]:
                    dropped.add(id(b))
    return [f for f in findings if id(f) not in dropped] if dropped else findings


def select_non_overlapping(findings: Sequence[Finding]) -> list[Finding]:
    """Return fixable findings whose edits do not overlap, preferring earlier and higher-level ones."""
    chosen: list[Finding] = []
    taken: dict[int, list[tuple[int, int]]] = {}
    for f in sorted(findings, key=lambda f: (f.level.rank, f.paragraph, f.start)):
        spans = [(e.paragraph, e.start, e.end) for e in f.edits]
        if any(
            s < e2 and s2 < e or (s == e == s2 == e2)
            for (p, s, e) in spans
            for (s2, e2) in taken.get(p, [])
        ):
            continue
        for p, s, e in spans:
            taken.setdefault(p, []).append((s, e))
        chosen.append(f)
    return sorted(chosen, key=lambda f: (f.paragraph, f.start))
