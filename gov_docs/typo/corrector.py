"""Sentence correction with the typo lexicon rules: each sentence in, the corrected sentence out."""

from __future__ import annotations

from pathlib import Path

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.checks.findings import apply_edits, select_non_overlapping
from gov_docs.document.model import Document, PageSetup, Paragraph, Role


class LexiconCorrector:
    """Correct sentences with the typo-category rules (lexicon entries; only their first suggestion)."""

    def __init__(self, rule_dirs: list[Path] | None = None, *, errors_only: bool = True) -> None:
        from gov_docs import paths

        ruleset = load_rules(rule_dirs or [paths.rules_dir() / "typo"])
        self.checker = Checker(ruleset, allow_list=AllowList.load(), categories=["typo"])
        self.errors_only = errors_only

    def correct(self, sentence: str) -> str:
        """Return the sentence with confident (error-level) lexicon corrections applied."""
        if not sentence.strip():
            return sentence
        doc = Document([Paragraph(sentence, role=Role.BODY, role_locked=True)], page=PageSetup.unknown())
        findings = [f for f in self.checker.check(doc) if f.edits and (f.auto_fixable or not self.errors_only)]
        edits = [e for f in select_non_overlapping(findings) for e in f.edits]
        return apply_edits(sentence, edits) if edits else sentence
