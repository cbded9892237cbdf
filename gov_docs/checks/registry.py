"""The registry of rule kinds: ``extends:`` value → "module:Class". Adding a kind: one line here."""

from __future__ import annotations

import importlib

from gov_docs.checks.kinds.base import RuleKind

KINDS: dict[str, str] = {
    "substitution": "gov_docs.checks.kinds.substitution:SubstitutionKind",
    "existence": "gov_docs.checks.kinds.existence:ExistenceKind",
    "punctuation": "gov_docs.checks.kinds.punctuation:PunctuationKind",
    "number": "gov_docs.checks.kinds.number:NumberKind",
    "format": "gov_docs.checks.kinds.format:FormatKind",
    "structure": "gov_docs.checks.kinds.structure:StructureKind",
    "sensitive": "gov_docs.checks.kinds.sensitive:SensitiveKind",
    # lives in gov_docs.typo (it needs the corrector, which itself runs the typo lexicon rules through
    # checks): named here, never imported by checks, so the packages do not import each other
    "typo": "gov_docs.typo.kind:TypoKind",
}

_cache: dict[str, type[RuleKind]] = {}


def kind_class(name: str) -> type[RuleKind] | None:
    """Return the kind class for ``extends: name`` (imported on first use), or None if unknown."""
    if name in _cache:
        return _cache[name]
    target = KINDS.get(name)
    if target is None:
        return None
    module, _, cls = target.partition(":")
    kind = getattr(importlib.import_module(module), cls)
    _cache[name] = kind
    return kind
