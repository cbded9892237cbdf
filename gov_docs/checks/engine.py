"""The checker: runs compiled rules over a document, paragraph by paragraph, and filters the findings.

Rules are compiled once (when the RuleSet loads) and reused for every document. Paragraph rules
run per paragraph (so an edit re-checks only the edited paragraphs); document rules run once per
check. A rule that raises, or that takes longer than its time budget on one paragraph (a regex that
backtracks catastrophically), is switched off for the rest of the session with a warning in
``Checker.warnings``; the check itself always completes.

Resources are loaded lazily: a rule's heavy tables (jieba's dictionary, the typo statistics) are loaded by
its kind's ``prepare()`` the first time the rule is about to run, outside its time budget, and only for
the rules this Checker runs (``categories=["punctuation"]`` never loads a segmenter).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from gov_docs import cache
from gov_docs.checks.allowlist import AllowList
from gov_docs.checks.findings import Finding, drop_shadowed
from gov_docs.checks.kinds.existence import RuleTimeout
from gov_docs.checks.loader import LoadedRule, RuleSet, load_rules
from gov_docs.checks.prefilter import chars_of
from gov_docs.document.model import Document, Role

#: Seconds one rule may spend on one paragraph (or one document, for document rules).
DEFAULT_TIME_BUDGET_S = 1.0


@dataclass
class CheckRun:
    """What one check produced, as data: findings, rules switched off during it, and warnings.

    A check running in a worker thread returns this instead of changing the shared Checker; the
    caller merges ``switched_off`` and ``warnings`` on its own thread (:meth:`Checker.merge`).
    """

    findings: list[Finding] = field(default_factory=list)
    switched_off: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


def on_placeholder(doc: Document, f: Finding) -> bool:
    """Return True when ``f`` is about an unfilled template placeholder (reported once, by its own rule)."""
    if f.rule_id == "format.unfilled-placeholders" or not 0 <= f.paragraph < len(doc.paragraphs):
        return False
    p = doc.paragraphs[f.paragraph]
    if not p.placeholders:
        return False
    if f.scope != "text":
        return p.placeholder_share > 0.5
    return any(a <= f.end and f.start <= b for a, b in p.placeholders)


def _settings_disabled() -> list[str]:
    """Return the settings' ``checks.disabled_rules`` (none when the settings file cannot be read)."""
    from gov_docs import config

    try:
        return [str(x) for x in config.load().get("checks", {}).get("disabled_rules", [])]
    except config.ConfigError:
        return []


class Checker:
    """Runs a RuleSet over documents.

    Args:
        ruleset: the rules (default: :func:`load_rules` on the default folders).
        allow_list: terms and ignores (default: the user's, from the user data folder).
        disabled: rule ids to skip; when the user's allow-list is used (``allow_list`` None), the ids in
            the settings' ``checks.disabled_rules`` are skipped too (the self-test passes its own list).
        categories: only rules of these categories ("format", "typo", …); None for all.
        exclude_kinds: leave out rules of these kinds (e.g. ``("typo",)`` for the lexicon alone).
        time_budget_s: per rule per paragraph.
    """

    def __init__(
        self,
        ruleset: RuleSet | None = None,
        *,
        allow_list: AllowList | None = None,
        disabled: Iterable[str] = (),
        categories: Iterable[str] | None = None,
        exclude_kinds: Iterable[str] = (),
        time_budget_s: float = DEFAULT_TIME_BUDGET_S,
    ) -> None:
        self.ruleset = ruleset if ruleset is not None else load_rules()
        disabled = set(disabled)
        if allow_list is None:
            disabled |= set(_settings_disabled())
        self.allow_list = allow_list if allow_list is not None else AllowList.load()
        cats = set(categories) if categories is not None else None
        skip_kinds = set(exclude_kinds)
        self.rules: list[LoadedRule] = [
            r for r in self.ruleset.rules
            if r.spec.enabled and r.id not in disabled and (cats is None or r.spec.category.value in cats)
            and r.spec.kind not in skip_kinds
        ]
        self.paragraph_rules = [r for r in self.rules if r.kind.scope == "paragraph"]
        self.document_rules = [r for r in self.rules if r.kind.scope == "document"]
        self.time_budget_s = time_budget_s
        self.switched_off: set[str] = set()
        self.warnings: list[str] = []
        self._by_role: dict[tuple, list[tuple]] = {}
        self._prepared: dict[str, str] = {}  # rule id → "" (ready) or why its resources failed to load

    def prepare(self, rules: Iterable[LoadedRule] | None = None, *,
                everything: bool = False) -> list[tuple[LoadedRule, str]]:
        """Load the resources of ``rules`` (default: every rule this Checker runs) now, once each.

        The engine calls this itself before a rule first runs (outside the rule's time budget); call it
        ahead to move the loading out of the first check (a batch's workers, a window that has just opened).
        Safe on any thread (each kind loads under its own lock). ``everything``: also what only some
        texts need (see ``RuleKind.prepare``), for a batch about to start its workers.

        Returns:
            (rule, reason) for every rule whose resources could not be loaded (the check switches it off).
        """
        failed = []
        for rule in self.rules if rules is None else rules:
            why = self._prepared.get(rule.id)
            if why is None or everything:
                try:
                    rule.kind.prepare(everything)
                    why = ""
                # a rule whose resources fail is off, the check goes on
                except Exception as exc:  # noqa: BLE001
                    why = f"资源加载失败：{type(exc).__name__}: {exc}"
                self._prepared[rule.id] = why
            if why:
                failed.append((rule, why))
        return failed

    def _switch_off(self, state: CheckRun, rule: LoadedRule, why: str) -> None:
        if rule.id not in self.switched_off and rule.id not in state.switched_off:
            state.switched_off.add(rule.id)
            state.warnings.append(f"规则 {rule.id}（{rule.spec.path.name}）{why}，本次已停用")

    def _run(self, state: CheckRun, rule: LoadedRule, fn, cpu0: float, *args) -> list[Finding]:
        """Run one rule's check; ``cpu0``: this thread's CPU time when its paragraph began (see below)."""
        t0 = time.perf_counter()
        loaded0 = cache.loading_seconds()
        try:
            found = fn(*args)
            if found.__class__ is not list:
                found = list(found)
        except Exception as exc:  # noqa: BLE001 - one broken rule never stops the check
            self._failed(state, rule, exc)
            return []
        self._ran(state, rule, t0, loaded0, cpu0, self._limit(rule))
        return found

    def _applicable(self, role: Role, quick: bool, off: set[str]) -> list[tuple]:
        """Return (rule, id, its check, needs, may_find, time limit, kind) of the paragraph rules that look
        at ``role`` and are not in ``off``. Which rules look at a role is kept per Checker (the rules never
        change); their check methods are read now, as before every check.
        """
        key = (role, frozenset(off))
        found = self._by_role.get(key)
        if found is None:
            found = self._by_role[key] = [
                (rule, rule.id, rule.kind.needs, rule.kind.may_find, self._limit(rule), rule.kind)
                for rule in self.paragraph_rules if rule.kind.applies_to(role) and rule.id not in off]
        return [(rule, rule_id, kind.quick_check_paragraph if quick else kind.check_paragraph, needs,
                 may_find, limit, kind) for rule, rule_id, needs, may_find, limit, kind in found]

    def _limit(self, rule: LoadedRule) -> float:
        """Return the seconds ``rule`` may take on one paragraph (or document)."""
        return max(self.time_budget_s, rule.kind.time_budget_s)

    def _failed(self, state: CheckRun, rule: LoadedRule, exc: Exception) -> None:
        """Switch off a rule whose check raised ``exc``."""
        if isinstance(exc, RuleTimeout):
            self._switch_off(state, rule, f"正则表达式超时（超过 {self.time_budget_s:g} 秒）")
        else:
            self._switch_off(state, rule, f"运行出错：{type(exc).__name__}: {exc}")

    def _ran(self, state: CheckRun, rule: LoadedRule, t0: float, loaded0: float, cpu0: float,
             limit: float) -> None:
        """After a rule's check that began at ``t0`` (wall clock): report its kind's notice, and switch it
        off when it took longer than ``limit``.
        """
        # a table loaded on first use (the POS tagger, a model) is not the rule being slow
        elapsed = time.perf_counter() - t0 - (cache.loading_seconds() - loaded0)
        notice = rule.kind.notice
        if notice:
            line = f"规则 {rule.id}：{notice}"
            if line not in self.warnings and line not in state.warnings:
                state.warnings.append(line)
        if elapsed > limit:
            # wall time includes waiting for a busy machine (a draft running beside the check): what this
            # thread computed since its paragraph began — this rule's work and no less — says whether the
            # rule itself is slow (the CPU clock is read once per paragraph: it costs 10x the wall clock)
            spent = time.thread_time() - cpu0 - (cache.loading_seconds() - loaded0)
            if spent > limit:
                self._switch_off(state, rule, f"单段耗时 {spent:.1f} 秒，超过时限 {limit:g} 秒")

    @property
    def verifies(self) -> bool:
        """Return True when some rule verifies with a local model (its quick answer can be shown first)."""
        return any(r.kind.verifies and r.id not in self.switched_off for r in self.rules)

    @property
    def has_heavy_rules(self) -> bool:
        """Return True when some rule needs heavy resources or is slow (segmentation, typo statistics)."""
        return any(r.kind.heavy for r in self.rules)

    def run(self, doc: Document, indices: Iterable[int] | None = None, *, include_document: bool = True,
            allow_list: AllowList | None = None, light_only: bool = False, quick: bool = False,
            stop: Callable[[], bool] | None = None) -> CheckRun:
        """Check without changing this Checker: safe to call from a worker thread on a document snapshot.

        Args:
            doc: the document (not modified).
            indices: paragraph indices for the paragraph rules (None: every paragraph).
            include_document: also run document rules (format, structure) over the whole document.
            allow_list: the allow-list to filter with (default: this Checker's); pass a copy when the
                original may change on another thread.
            light_only: leave out the heavy rules (``kind.heavy``: word segmentation, typo statistics) —
                a quick first pass whose findings can be shown while the full check runs.
            quick: rules that verify with a model answer without it (``RuleKind.quick_check_paragraph``:
                the typo rule's fast path) — a second quick pass, shown while the model verifies.
            stop: asked before each paragraph; True ends the check there (a front end whose document
                changed or closed), with the findings so far, which the caller drops.

        Returns:
            The findings (sorted, allow-list and ignores applied), rules switched off, and warnings.
        """
        state = CheckRun()
        rules = [r for r in (self.rules if include_document else self.paragraph_rules)
                 if not (light_only and r.kind.heavy)]
        for rule, why in self.prepare(rules):
            self._switch_off(state, rule, why)
        findings = state.findings
        paras = doc.paragraphs
        off = set(self.switched_off)
        if light_only:
            off |= {r.id for r in self.rules if r.kind.heavy}
        switched = state.switched_off
        by_role: dict[Role, list[tuple]] = {}  # the rules that look at a role (see _applicable)
        thread_time, perf_counter = time.thread_time, time.perf_counter
        loading_seconds = cache.loading_seconds
        for i in range(len(paras)) if indices is None else indices:
            if not 0 <= i < len(paras):
                continue
            if stop is not None and stop():
                return state
            p = paras[i]
            role, text = p.role, p.text
            if role is Role.BLANK or not text:
                continue
            cpu0 = thread_time()
            applicable = by_role.get(role)
            if applicable is None:
                applicable = by_role[role] = self._applicable(role, quick, off)
            chars = chars_of(text)  # (kept for the rules' own pattern filters too)
            # what _run does, inline: this loop runs every rule on every paragraph
            for rule, rule_id, check, needs, may_find, limit, kind in applicable:
                if needs is not None and needs.isdisjoint(chars):
                    continue  # none of the characters any finding of the rule needs (RuleKind.needs)
                if may_find is not None and not may_find(text, chars):
                    continue
                if rule_id in switched:
                    continue
                t0 = perf_counter()
                loaded0 = loading_seconds()
                try:
                    found = check(doc, i, text)
                    if found.__class__ is not list:
                        found = list(found)
                except Exception as exc:  # noqa: BLE001 - one broken rule never stops the check
                    self._failed(state, rule, exc)
                    continue
                if found:
                    findings.extend(found)
                # loading time only lowers the elapsed time _ran measures: no need to ask it otherwise
                if kind.notice or perf_counter() - t0 > limit:
                    self._ran(state, rule, t0, loaded0, cpu0, limit)
        if include_document:
            for rule in self.document_rules:
                if rule.id not in off and rule.id not in state.switched_off:
                    findings.extend(self._run(state, rule, rule.kind.check_document, thread_time(), doc))
        findings = drop_shadowed([f for f in findings if not on_placeholder(doc, f)],
                                 {r.id for r in self.rules if r.kind.statistical})
        state.findings = (allow_list if allow_list is not None else self.allow_list).filter(findings, doc)
        state.findings.sort(key=lambda f: (f.paragraph, f.start, f.level.rank, f.rule_id))
        return state

    def merge(self, run: CheckRun) -> list[str]:
        """Take a run's switch-offs and warnings into this Checker (on its owner's thread); return new
        warnings.
        """
        self.switched_off |= run.switched_off
        new = [w for w in run.warnings if w not in self.warnings]
        self.warnings.extend(new)
        return new

    def check_paragraphs(self, doc: Document, indices: Iterable[int], *,
                         include_document: bool = True) -> list[Finding]:
        """Check the paragraphs at ``indices`` (and, by default, the document-level rules).

        Args:
            doc: the document.
            indices: paragraph indices to check (e.g. the edited ones).
            include_document: also run document rules (format, structure) over the whole document.

        Returns:
            Findings sorted by paragraph and position, allow-list and ignores applied.
        """
        run = self.run(doc, indices, include_document=include_document)
        self.merge(run)
        return run.findings

    def check(self, doc: Document) -> list[Finding]:
        """Check the whole document."""
        return self.check_paragraphs(doc, range(len(doc.paragraphs)))
