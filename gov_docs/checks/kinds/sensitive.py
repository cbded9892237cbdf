"""``extends: sensitive`` — admin-maintained word lists (banned or use-with-care), Aho-Corasick matched.

Keys: ``wordlist`` (one file or a list: ``term[<TAB>suggestion|…[<TAB>note]]``), ``allow_contexts``
(longer phrases in which a term is fine) and ``whole_word`` (default true: a term must be a whole
word by jieba segmentation, so 鲜族 inside 朝鲜族 is not matched). The message may use
``{note}`` for the list's explanation of the entry. Offices keep their own lists in separate files
and swap them without touching the rule.
"""

from __future__ import annotations

from gov_docs.checks.kinds.base import SpecError
from gov_docs.checks.kinds.existence import ExistenceKind


class SensitiveKind(ExistenceKind):
    """Terms from word lists, with allow-list contexts."""

    name = "sensitive"
    keys = {"wordlist": ((str, list), True), "allow_contexts": ((list,), False),
            "whole_word": ((bool,), False)}
    whole_word_default = True

    def __init__(self, spec) -> None:
        super().__init__(spec)
        if self.automaton is None and not spec.params.get("wordlist"):
            raise SpecError("wordlist", "sensitive 规则须有 wordlist")
