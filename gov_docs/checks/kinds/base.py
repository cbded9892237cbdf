"""The base of every rule kind: declared keys, compile-once, and helpers to build findings.

A kind is constructed once per rule at load time (compiling patterns and word lists) and then
checks many documents. Paragraph kinds implement :meth:`RuleKind.check_paragraph`; document kinds
(format, structure) set ``scope = "document"`` and implement :meth:`RuleKind.check_document`.
Raise :class:`SpecError` from ``__init__`` for a bad kind-specific key; the loader turns it into
``file:line: key: message``.

Compiling stays cheap: heavy resources (jieba's dictionary, the typo checker's statistics) are loaded in
:meth:`RuleKind.prepare`, which the engine calls once, untimed, before the rule first runs — so a check
that does not run a rule never pays for its resources (``--only punctuation`` loads no segmenter).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

from gov_docs.checks.findings import Edit, Finding
from gov_docs.checks.schema import RuleSpec
from gov_docs.document.model import Document, Role


class SpecError(Exception):
    """A kind-specific key of a rule is wrong; ``key`` names it (``path``/``line``: a word-list line)."""

    def __init__(self, key: str, message: str, path: Path | None = None, line: int | None = None) -> None:
        self.key = key
        self.message = message
        self.path = path
        self.line = line
        super().__init__(f"{key}: {message}")


#: Kind-specific keys: key → (accepted types, required).
KeySpec = dict[str, tuple[tuple[type, ...], bool]]

#: Roles whose text is running prose: what text rules look at unless a rule says otherwise.
TEXT_ROLES = frozenset(r for r in Role if r is not Role.BLANK)


class RuleKind:
    """Base class of rule kinds.

    Class attributes:
        name: the ``extends:`` value.
        keys: kind-specific keys → (accepted types, required).
        scope: "paragraph" (check_paragraph per paragraph) or "document" (check_document once).
    """

    name: ClassVar[str] = ""
    keys: ClassVar[KeySpec] = {}
    scope: ClassVar[str] = "paragraph"
    #: True when the rule needs heavy resources or is slow per character (segmentation, statistics):
    #: a front end that wants quick first results runs the other rules first.
    heavy: bool = False
    #: True when the rule guesses from statistics (the typo kind): where a rule that knows (a lexicon entry)
    #: reports an overlapping span of the same category, the guess is dropped — one finding per span.
    statistical: ClassVar[bool] = False
    #: True when the rule's full check asks a local model (slow): a front end shows the answer of
    #: :meth:`quick_check_paragraph` first and the verified one when it is ready.
    verifies: bool = False
    #: Characters of which a paragraph must hold at least one for :meth:`check_paragraph` (and
    #: :meth:`quick_check_paragraph`) to find anything in it, or None (no such set): the engine skips the
    #: rule on a paragraph holding none of them. A kind that sets it and a subclass that checks more
    #: than its parent must keep it true (see :func:`gov_docs.checks.prefilter.union_of`).
    needs: frozenset[str] | None = None
    #: A finer test after :attr:`needs`, or None: ``may_find(text, chars)`` False (``chars``: the text's
    #: characters) when :meth:`check_paragraph` finds nothing in ``text`` (the patterns' own filters).
    may_find: Callable[[str, frozenset[str]], bool] | None = None
    #: Seconds the rule may take on one paragraph when more than the engine's own limit (a slow kind).
    time_budget_s: float = 0.0
    #: A note the engine shows once (the rule runs in a degraded mode), or "".
    notice: str = ""

    def __init__(self, spec: RuleSpec) -> None:
        self.spec = spec
        roles = {Role.parse(r) for r in spec.roles} if spec.roles else set(TEXT_ROLES)
        roles -= {Role.parse(r) for r in spec.exclude_roles}
        self.roles = frozenset(roles)

    @classmethod
    def keys_for(cls, data: Mapping[str, Any]) -> KeySpec:
        """Return the kind-specific keys that the rule ``data`` (its YAML mapping) may use: :attr:`keys`."""
        return cls.keys

    @classmethod
    def key_hint(cls, data: Mapping[str, Any], key: str) -> str:
        """Return a hint for an unknown ``key`` of the rule ``data`` (shown after "未知的键"), or ''."""
        return ""

    # -- helpers for kinds ---------------------------------------------------------------------------
    def wordlist_path(self, name: str, key: str = "wordlist") -> Path:
        """Resolve a word-list file next to the rule; it must stay inside the rule's pack folder."""
        base = self.spec.path.parent.resolve()
        path = (base / name).resolve()
        if base != path and base not in path.parents:
            raise SpecError(key, f"词表 {name} 不在规则包目录 {base} 内（规则包不得读取包外文件）")
        if not path.is_file():
            raise SpecError(key, f"词表文件不存在：{name}")
        return path

    def applies_to(self, role: Role) -> bool:
        """Return True when the rule looks at paragraphs of ``role``."""
        return role in self.roles

    def message_for(self, actual: str, expected: str = "", **extra: Any) -> str:
        """Fill the rule's message template."""
        try:
            return self.spec.message.format(actual=actual, expected=expected, **extra)
        except (KeyError, IndexError, ValueError):
            return self.spec.message

    def finding(
        self,
        paragraph: int,
        start: int,
        end: int,
        matched: str,
        suggestions: Iterable[str] = (),
        *,
        message: str | None = None,
        scope: str = "text",
        confidence: float = 1.0,
        level=None,
        format_edits=(),
        edits: Iterable[Edit] | None = None,
    ) -> Finding:
        """Build a finding of this rule; text edits follow ``fix:`` and the first suggestion."""
        suggestions = tuple(suggestions)
        if edits is None:
            edits = ()
            if self.spec.fix == "replace" and suggestions:
                edits = (Edit(paragraph, start, end, suggestions[0]),)
            elif self.spec.fix == "remove":
                edits = (Edit(paragraph, start, end, ""),)
        return Finding(
            rule_id=self.spec.id,
            category=self.spec.category,
            level=level or self.spec.level,
            message=message if message is not None else self.message_for(matched, "或".join(suggestions)),
            basis=self.spec.basis,
            paragraph=paragraph,
            start=start,
            end=end,
            matched=matched,
            suggestions=suggestions,
            edits=tuple(edits),
            format_edits=tuple(format_edits),
            scope=scope,
            confidence=confidence,
        )

    def prepare(self, everything: bool = False) -> None:
        """Load what the rule needs to run (called once by the engine, before the rule's first check).

        ``everything``: also what only some texts need (a batch loads it once before starting workers).
        """

    # -- the two entry points -----------------------------------------------------------------------
    def check_paragraph(self, doc: Document, index: int, text: str) -> Iterable[Finding]:
        """Return findings in paragraph ``index`` whose text is ``text`` (paragraph kinds)."""
        return ()

    def quick_check_paragraph(self, doc: Document, index: int, text: str) -> Iterable[Finding]:
        """Return what the rule can say at once (a statistical rule without its model); default: the check."""
        return self.check_paragraph(doc, index, text)

    def check_document(self, doc: Document) -> Iterable[Finding]:
        """Return findings about the whole document (document kinds)."""
        return ()


class Check(NamedTuple):
    """One check of a :class:`CheckKind`: the function that runs it and the keys it alone reads."""

    run: Callable[[Any, Document], Iterable[Finding]]
    keys: KeySpec = {}  # noqa: RUF012 - never mutated


class CheckKind(RuleKind):
    """A document kind made of several checks, one chosen per rule by ``check:`` (format, structure).

    Each check has its own schema, as each kind has in Vale: a rule may use ``check``, the kind's
    :attr:`shared_keys` and the keys of its own check, nothing else, so a key that belongs to another
    check (``size`` in an ``alignment`` rule) is an error naming the file, line and key instead of being
    silently accepted.

    Class attributes:
        checks: check name → :class:`Check` (runner and own keys).
        shared_keys: keys every check of the kind reads.
        label: what a check is called in messages (格式检查, 结构检查).
    """

    scope = "document"
    checks: ClassVar[dict[str, Check]] = {}
    shared_keys: ClassVar[KeySpec] = {}
    label: ClassVar[str] = "检查"

    @classmethod
    def keys_for(cls, data: Mapping[str, Any]) -> KeySpec:
        """Return ``check``, the shared keys and the chosen check's own keys.

        An unknown or missing ``check`` gets the keys of every check (optional), so that the one real
        error (the ``check`` key) is not buried under a line per key.
        """
        chosen = data.get("check")
        if isinstance(chosen, str) and chosen in cls.checks:
            own = cls.checks[chosen].keys
        else:
            own = {k: (types, False) for c in cls.checks.values() for k, (types, _) in c.keys.items()}
        return {"check": ((str,), True), **cls.shared_keys, **own}

    @classmethod
    def key_hint(cls, data: Mapping[str, Any], key: str) -> str:
        """Say which checks read ``key`` and which keys the chosen check reads."""
        owners = [name for name, c in cls.checks.items() if key in c.keys]
        if not owners:
            return ""
        allowed = [*cls.shared_keys, *cls.checks.get(str(data.get("check")), Check(None)).keys]
        return (f"（{key} 只用于 {'、'.join(owners)} 检查；{data.get('check')} 检查可用："
                f"{'、'.join(allowed) or '无其他键'}）")

    def __init__(self, spec: RuleSpec) -> None:
        super().__init__(spec)
        self.check = spec.params["check"]
        if self.check not in self.checks:
            raise SpecError("check", f"未知的{self.label} {self.check!r}（可用：{', '.join(self.checks)}）")

    def check_document(self, doc: Document) -> Iterable[Finding]:
        """Run the chosen check."""
        return list(self.checks[self.check].run(self, doc))
