"""The user dictionary (allow-list) and per-finding ignores, kept in the user data folder.

- ``allow_list.txt``: terms, names, organs and places the office adds; one per line. A finding whose
  matched span lies inside an occurrence of an allowed term is dropped. Settings' ``checks.allow_list``
  adds more terms.
- ``ignored.json``: fingerprints of single findings the user chose to ignore (rule id + matched text
  + a little context), so the same finding stays quiet after edits elsewhere.
Both are written atomically.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from gov_docs.checks.findings import Finding
from gov_docs.document.model import Document
from gov_docs.fileio import atomic_write_bytes

CONTEXT = 8
#: Shorter allow-list entries are refused: one character (广) would silence that character everywhere.
MIN_TERM_CHARS = 2


def allow_list_path() -> Path:
    """Return the allow-list file in the user data folder."""
    from gov_docs import paths

    return paths.user_data_dir() / "allow_list.txt"


def ignored_path() -> Path:
    """Return the ignored-findings file in the user data folder."""
    from gov_docs import paths

    return paths.user_data_dir() / "ignored.json"


def fingerprint(finding: Finding, doc: Document) -> str:
    """Return a stable fingerprint of a finding: rule, matched text and the text around it."""
    text = doc.paragraphs[finding.paragraph].text if 0 <= finding.paragraph < len(doc.paragraphs) else ""
    left = text[max(0, finding.start - CONTEXT) : finding.start]
    right = text[finding.end : finding.end + CONTEXT]
    raw = "\x1f".join((finding.rule_id, finding.matched, left, right))
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20]


class AllowList:
    """Allowed terms and ignored findings; filters findings."""

    def __init__(self, terms: Iterable[str] = (), ignored: Iterable[str] = ()) -> None:
        self.terms = {t.strip() for t in terms if t and len(t.strip()) >= MIN_TERM_CHARS}
        self.ignored = set(ignored)
        self._automaton = None

    @classmethod
    def load(cls) -> AllowList:
        """Load the user's allow-list and ignores (missing files: empty)."""
        terms: list[str] = []
        path = allow_list_path()
        if path.exists():
            try:
                terms += [ln.strip() for ln in path.read_text(encoding="utf-8-sig").splitlines()
                          if ln.strip() and not ln.startswith("#")]
            except (OSError, UnicodeDecodeError):
                pass
        try:
            from gov_docs import config

            terms += [str(t) for t in config.load().get("checks", {}).get("allow_list", [])]
        except Exception:  # noqa: BLE001 - a broken settings file must not stop checking
            pass
        ignored: list[str] = []
        ipath = ignored_path()
        if ipath.exists():
            try:
                ignored = list(json.loads(ipath.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                ignored = []
        return cls(terms, ignored)

    def add_term(self, term: str) -> None:
        """Add a term and save the allow-list file.

        Raises:
            GovDocsError: the term is shorter than two characters.
        """
        term = term.strip()
        if len(term) < MIN_TERM_CHARS:
            from gov_docs.errors import GovDocsError

            raise GovDocsError(
                f"白名单词条“{term}”不足 {MIN_TERM_CHARS} 个字，加入后会让这个字在所有地方都不再被核验；"
                               "请改用“忽略”只放过这一处")
        if term in self.terms:
            return
        self.terms.add(term)
        self._automaton = None
        path = allow_list_path()
        existing = path.read_text(
            encoding="utf-8") if path.exists() else "# 白名单：每行一个词，核验时不再标记\n"
        if existing and not existing.endswith("\n"):
            existing += "\n"
        atomic_write_bytes(path, (existing + term + "\n").encode("utf-8"))

    def ignore(self, finding: Finding, doc: Document) -> None:
        """Ignore one finding from now on and save."""
        self.ignored.add(fingerprint(finding, doc))
        atomic_write_bytes(ignored_path(), json.dumps(sorted(self.ignored)).encode("utf-8"))

    def _spans(self, text: str) -> list[tuple[int, int]]:
        if not self.terms:
            return []
        if self._automaton is None:
            from gov_docs.checks.kinds.wordlists import build_automaton

            self._automaton = build_automaton({t: None for t in self.terms})
        return [(end - length + 1, end + 1) for end, (length, _) in self._automaton.iter(text)]

    def filter(self, findings: list[Finding], doc: Document) -> list[Finding]:
        """Drop findings inside allowed terms and ignored findings."""
        if not self.terms and not self.ignored:
            return findings
        spans_cache: dict[int, list[tuple[int, int]]] = {}
        out = []
        for f in findings:
            if f.scope == "text" and 0 <= f.paragraph < len(doc.paragraphs) and self.terms:
                if f.paragraph not in spans_cache:
                    spans_cache[f.paragraph] = self._spans(doc.paragraphs[f.paragraph].text)
                if (any(s <= f.start and f.end <= e for s, e in spans_cache[f.paragraph])
                    or f.matched in self.terms):
                    continue
            if self.ignored and fingerprint(f, doc) in self.ignored:
                continue
            out.append(f)
        return out
