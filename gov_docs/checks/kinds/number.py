"""``extends: number`` — GB/T 15835 checks: regex matches like ``existence``, with optional validation.

Extra key ``validate: date``: the pattern's named groups ``month`` and ``day`` must form a real
month/day (1–12, 1–31) for the match to be reported as a well-formed date problem; impossible dates are
reported by a ``validate: impossible_date`` rule instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from gov_docs.checks.findings import Finding
from gov_docs.checks.kinds.base import SpecError
from gov_docs.checks.kinds.existence import ExistenceKind, finditer
from gov_docs.checks.prefilter import chars_of
from gov_docs.document.model import Document

VALIDATORS = ("date", "impossible_date")
_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def _possible(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _DAYS[month - 1]


class NumberKind(ExistenceKind):
    """Number-usage patterns, optionally validated as dates."""

    name = "number"
    keys = {**ExistenceKind.keys, "validate": ((str,), False)}

    def __init__(self, spec) -> None:
        super().__init__(spec)
        self.validate = spec.params.get("validate")
        if self.validate is not None and self.validate not in VALIDATORS:
            raise SpecError("validate", f"应为 {' 或 '.join(VALIDATORS)}")

    def check_paragraph(self, doc: Document, index: int, text: str) -> Iterable[Finding]:
        """Report matches; with ``validate`` keep only (im)possible dates as asked."""
        if self.validate is None:
            return super().check_paragraph(doc, index, text)
        out = []
        chars = chars_of(text)
        for rx, flt in zip(self.regexes, self.filters, strict=True):
            if flt.skips(text, chars):
                continue  # nothing the pattern needs (see gov_docs.checks.prefilter)
            for m in finditer(rx, flt, text):
                try:
                    ok = _possible(int(m.group("month")), int(m.group("day")))
                except (IndexError, ValueError):
                    continue
                if ok == (self.validate == "date"):
                    sugg = (m.expand(self.suggestion),) if self.suggestion else ()
                    out.append(self.finding(index, m.start(), m.end(), m.group(0), sugg))
        return out
