"""The checker: findings, allow-list, ignores, incremental checks, fixes that keep run formatting, time
limits.
"""

from __future__ import annotations

from pathlib import Path

from gov_docs.checks import AllowList, Checker, fix_document, load_rules
from gov_docs.checks.findings import Level
from gov_docs.document import document_from_text
from gov_docs.document.model import Paragraph, Run

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _checker(**kw) -> Checker:
    return Checker(load_rules([FIXTURES / "rules_ok"]), allow_list=kw.pop("allow_list", AllowList()), **kw)


def test_findings_carry_location_basis_and_fix() -> None:
    doc = document_from_text("关于做好设备管理的通知\n各单位：\n请及时按装设备，要再接再励。")
    findings = _checker().check(doc)
    assert [(f.paragraph, f.matched, f.suggestions) for f in findings] == [
        (2, "按装", ("安装",)), (2, "再接再励", ("再接再厉",))]
    f = findings[0]
    assert f.level is Level.ERROR and f.basis == "《现代汉语词典》（第7版）" and f.auto_fixable
    assert doc.paragraphs[2].text[f.start:f.end] == "按装"
    assert f.message == "“按装”应为“安装”"


def test_context_conditions() -> None:
    doc = document_from_text("关于报名的通知\n各单位：\n截止目前已有三人报名，报名截止日期另行通知。")
    found = [f.matched for f in _checker().check(doc)]
    assert found == ["截止"]  # only the one followed by 目前


def test_incremental_check_only_looks_at_given_paragraphs() -> None:
    doc = document_from_text("关于做好设备管理的通知\n各单位：\n请及时按装设备。\n要再接再励。")
    checker = _checker()
    assert [f.paragraph for f in checker.check_paragraphs(doc, [3])] == [3]


def test_fix_keeps_run_formatting() -> None:
    doc = document_from_text("关于做好设备管理的通知\n各单位：\n请及时按装设备。")
    doc.paragraphs[2] = Paragraph("请及时按装设备。", role=doc.paragraphs[2].role,
                                  runs=[Run("请及时按", "仿宋_GB2312", size_pt=16),
                                        Run("装设备。", "黑体", size_pt=16)])
    fixed, applied = fix_document(doc, _checker().check(doc))
    assert len(applied) == 1
    p = fixed.paragraphs[2]
    assert p.text == "请及时安装设备。"
    assert [(r.text, r.font_east_asia) for r in p.runs] == [("请及时安装", "仿宋_GB2312"), ("设备。", "黑体")]
    assert doc.paragraphs[2].text == "请及时按装设备。"  # the original is untouched


def test_a_slow_or_crashing_rule_is_switched_off_and_the_check_completes(tmp_path: Path) -> None:
    pack = tmp_path / "typo"
    pack.mkdir()
    (pack / "slow.yaml").write_text(
        """id: slow.regex
name: 灾难性回溯
extends: existence
level: warning
message: 慢
basis: 无
pattern: "(a|aa)+$"
examples:
  bad:
    - text: "[[aaaa]]"
  good:
    - b
""", encoding="utf-8")
    for src in (FIXTURES / "rules_ok" / "typo").iterdir():
        (pack / src.name).write_bytes(src.read_bytes())
    checker = Checker(load_rules([tmp_path]), allow_list=AllowList(), time_budget_s=0.2)
    doc = document_from_text("关于检查的通知\n各单位：\n" + "a" * 60 + "b请及时按装设备。")
    found = checker.check(doc)
    assert [f.rule_id for f in found] == ["fixture.typo.sample"]
    assert "slow.regex" in checker.switched_off and "已停用" in checker.warnings[0]


def test_two_rules_making_the_same_fix_report_it_once(tmp_path: Path) -> None:
    """要象 → 要像 from one list and 象 → 像 from another are one slip: the clerk sees it once, from the rule
    that matched more context; a different fix of the same characters is still shown."""
    pack = tmp_path / "typo"
    pack.mkdir()

    def rule(name: str, pattern: str, suggestion: str) -> None:
        (pack / f"{name}.yaml").write_text(f"""id: t.{name}
name: {name}
extends: existence
level: error
message: “{{actual}}”应为“{{expected}}”
basis: 无
fix: replace
tokens:
  - pattern: '{pattern}'
    suggestion: {suggestion}
examples:
  bad:
    - text: 各单位[[{pattern.split('(')[0]}]]抓经济工作一样抓安全生产。
      fixed: 各单位{suggestion}抓经济工作一样抓安全生产。
  good:
    - 好
""", encoding="utf-8")

    rule("pair", "要象", "要像")
    rule("single", "象(?=抓)", "像")
    checker = Checker(load_rules([tmp_path]), allow_list=AllowList())
    doc = document_from_text("关于安全生产的通知\n各单位：\n各单位要象抓经济工作一样抓安全生产。")
    assert [(f.rule_id, f.matched, f.suggestions) for f in checker.check(doc)] == [
        ("t.pair", "要象", ("要像",))]
    rule("single", "象(?=抓)", "相")  # another fix of the same 象: the clerk must see both
    checker = Checker(load_rules([tmp_path]), allow_list=AllowList())
    assert sorted(f.rule_id for f in checker.check(doc)) == ["t.pair", "t.single"]


def test_a_deletion_is_shown_as_deletion_never_as_empty_quotes(tmp_path: Path) -> None:
    """"……等方面" drops 等: the CLI, the panel and the Word comment said “等” → “”; they say 删去."""
    import shutil

    from gov_docs.checks.findings import shown_suggestion
    from gov_docs.document.docx_edit import comment_text
    from gov_docs.paths import rules_dir

    shutil.copy(rules_dir() / "punctuation" / "ellipsis-deng.yaml", tmp_path)
    doc = document_from_text("关于做好普查工作的通知\n各单位：\n包括教育、卫生、文化……等方面。")
    checker = Checker(load_rules([tmp_path]), allow_list=AllowList())
    f = next(f for f in checker.check(doc) if f.rule_id == "punctuation.ellipsis-with-deng")
    assert f.suggestions == ("",) and f.auto_fixable
    assert f.shown_suggestions() == "删去" and "建议：删去" in comment_text(f)
    assert shown_suggestion("安装") == "“安装”"
