"""The settings' ``checks.disabled_rules`` switch rules off wherever the user's own settings apply."""

from __future__ import annotations

from gov_docs import config
from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.document.model import Document, Paragraph, Role
from gov_docs.paths import rules_dir

RULE = "punctuation.doubled-marks"


def _doc() -> Document:
    return Document(paragraphs=[Paragraph(text="各单位要认真落实。。", role=Role.BODY)])


def test_a_disabled_rule_does_not_run_with_the_users_settings() -> None:
    ruleset = load_rules([rules_dir() / "punctuation"])
    assert RULE in {f.rule_id for f in Checker(ruleset).check(_doc())}
    settings = config.load()
    settings["checks"]["disabled_rules"] = [RULE]
    config.save(settings)
    checker = Checker(ruleset)
    assert RULE not in {r.id for r in checker.rules}
    assert RULE not in {f.rule_id for f in checker.check(_doc())}
    assert checker.rules  # the other punctuation rules still run
    # a caller with its own allow-list (the rules' self-test) runs every rule
    assert RULE in {f.rule_id for f in Checker(ruleset, allow_list=AllowList()).check(_doc())}


def test_an_unreadable_settings_file_disables_nothing() -> None:
    config.config_path().parent.mkdir(parents=True, exist_ok=True)
    config.config_path().write_text("checks = [", encoding="utf-8")
    ruleset = load_rules([rules_dir() / "punctuation"])
    assert RULE in {r.id for r in Checker(ruleset).rules}
