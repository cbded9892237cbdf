"""``extends: punctuation`` — GB/T 15834 checks: regex/term matches like ``existence``, plus paired marks.

Extra key ``pairs``: list of two-character strings such as ``"“”"`` or ``"（）"``; an opening mark
without its closing mark in the same paragraph (or a closing mark without an opening one) is reported.
"""

from __future__ import annotations

from collections.abc import Iterable

from gov_docs.checks.findings import Finding
from gov_docs.checks.kinds.base import SpecError
from gov_docs.checks.kinds.existence import ExistenceKind
from gov_docs.document.model import Document


class PunctuationKind(ExistenceKind):
    """Punctuation patterns and unbalanced paired marks."""

    name = "punctuation"
    keys = {**ExistenceKind.keys, "pairs": ((list,), False)}

    def __init__(self, spec) -> None:
        pairs = spec.params.get("pairs") or []
        for p in pairs:
            if not isinstance(p, str) or len(p) != 2 or p[0] == p[1]:
                raise SpecError("pairs", f"成对标点应为两个不同字符，如 “”：{p!r}")
        self.pairs = [(p[0], p[1]) for p in pairs]
        super().__init__(spec)

    def has_other_checks(self) -> bool:
        """Paired-mark checks make patterns optional."""
        return bool(self.pairs)

    def check_paragraph(self, doc: Document, index: int, text: str) -> Iterable[Finding]:
        """Regex/term matches, then unbalanced pairs."""
        out = list(super().check_paragraph(doc, index, text))
        for open_, close in self.pairs:
            stack: list[int] = []
            for i, ch in enumerate(text):
                if ch == open_:
                    stack.append(i)
                elif ch == close:
                    if stack:
                        stack.pop()
                    else:
                        out.append(self.finding(index, i, i + 1, ch, (),
                                                message=self.message_for(ch, open_ + close)))
            for i in stack:
                out.append(self.finding(index, i, i + 1, open_, (), message=self.message_for(open_, open_ + close)))
        return sorted(out, key=lambda f: f.start)
