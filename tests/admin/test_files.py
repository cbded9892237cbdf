"""Every file the app reads validates on its own, with file:line: key errors and runnable examples."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gov_docs.admin.files import detect_kind, run_all_selftests, validate_file, validate_text
from gov_docs.checks import load_rules
from gov_docs.cli import main

ROOT = Path(__file__).resolve().parents[2]
DEPARTMENTS = ROOT / "rules" / "routing" / "departments.yaml"
RETENTION = ROOT / "rules" / "archiving" / "retention.yaml"
TEMPLATES = ROOT / "resources" / "doctypes" / "templates.yaml"


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        (DEPARTMENTS, "departments"),
        (RETENTION, "retention"),
        (TEMPLATES, "templates"),
        (ROOT / "rules" / "sensitive" / "careful.tsv", "wordlist"),
        (ROOT / "rules" / "punctuation" / "doubled-marks.yaml", "rule"),
    ],
)
def test_each_shipped_file_validates_and_the_cli_exits_0(path: Path, kind: str, capsys) -> None:
    assert detect_kind(path) == kind
    report = validate_file(path)
    assert report.ok, report.problems
    if kind in ("departments", "retention", "wordlist", "rule"):
        assert report.results and all(r.ok for r in report.results)
    assert main(["rules", "validate", str(path)]) == 0
    assert "验证通过" in capsys.readouterr().out


def test_unedited_handling_files_pass_the_editor_validation() -> None:
    # The rule editor validates the text it holds: the shipped files must pass as they are.
    for path in (DEPARTMENTS, RETENTION, TEMPLATES):
        assert validate_text(path, path.read_text(encoding="utf-8")).ok


def test_loading_the_routing_folder_alone_is_not_taken_for_check_rules() -> None:
    for target in (ROOT / "rules" / "routing", DEPARTMENTS, ROOT / "rules" / "archiving"):
        rs = load_rules([target])
        assert rs.errors == [] and rs.rules == []
    results, errors = run_all_selftests([ROOT / "rules" / "routing"])
    assert errors == [] and len(results) >= 3 and all(r.ok for r in results)


def test_departments_errors_name_file_line_and_key(tmp_path: Path, capsys) -> None:
    text = DEPARTMENTS.read_text(encoding="utf-8")
    added = "    keyword: [学校]\n    doc_types: [通知书]\n"
    text = text.replace("  - name: 教育\n", "  - name: 教育\n" + added, 1)
    text = text.replace("  - name: 公安\n", "  - name: 科技\n", 1)
    path = tmp_path / "routing" / "departments.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    keyword_line = lines.index("    keyword: [学校]") + 1
    dup_line = lines.index("  - name: 科技", lines.index("  - name: 科技") + 1) + 1
    report = validate_file(path)
    keys = "name、names、duties、keywords、doc_types、heads"
    assert f"{path}:{keyword_line}: departments[2].keyword: 未知的键（可用：{keys}）" in report.problems
    assert any(p.startswith(f"{path}:{keyword_line + 1}: departments[2].doc_types[0]: 未知的文种 '通知书'")
               for p in report.problems)
    dup = f"{path}:{dup_line}: departments[5].name: 部门 科技 与第"
    assert any(p.startswith(dup) for p in report.problems)
    assert main(["rules", "validate", str(path)]) == 2
    assert "departments[2].keyword" in capsys.readouterr().out


def test_a_departments_edit_that_breaks_an_example_is_refused() -> None:
    # Dropping 生态环境's names and keywords: the new-pollutant example no longer goes to it.
    text = DEPARTMENTS.read_text(encoding="utf-8")
    start = text.index("  - name: 生态环境")
    end = text.index("  - name: 住房城乡建设")
    broken = text[:start] + "  - name: 生态环境\n    keywords: [碳达峰]\n" + text[end:]
    report = validate_text(DEPARTMENTS, broken)
    assert not report.ok
    failed = [p for p in report.problems if "routing example[0] 失败" in p]
    assert failed and "主办应为 生态环境" in failed[0] and failed[0].startswith(str(DEPARTMENTS) + ":")
    assert DEPARTMENTS.read_text(encoding="utf-8") == text  # validation never writes


def test_retention_errors_and_failing_examples(tmp_path: Path) -> None:
    text = RETENTION.read_text(encoding="utf-8")
    broken = text.replace("'细则'", "'细则('").replace("reason: 表彰", "reasons: 表彰")
    report = validate_text(RETENTION, broken)
    assert any(": rules[1].title_patterns[5]: 正则表达式错误" in p for p in report.problems)
    assert any(": rules[3].reasons: 未知的键" in p for p in report.problems)
    assert any(": rules[3].reason: 缺少必需的键" in p for p in report.problems)
    # 表彰 no longer permanent: the example 关于表彰…的决定 still is (决定 is a permanent type) …
    assert validate_text(RETENTION, text.replace("'表彰', ", "")).ok
    # … but a rule order that makes every 通知 ten-year breaks the examples.
    swapped = text.replace("title_patterns: ['组成人员'", "title_patterns: ['通知', '组成人员'")
    report = validate_text(RETENTION, swapped)
    assert any("archiving example[0] 失败：保管期限应为 永久，实际 定期10年" in p for p in report.problems)
    no_examples = text[:text.index("examples:")]
    assert any(p.endswith("examples: 缺少必需的键") for p in validate_text(RETENTION, no_examples).problems)


def test_templates_errors(tmp_path: Path) -> None:
    text = TEMPLATES.read_text(encoding="utf-8")
    broken = text.replace("  numbered: false\n", "  numbered: 否\n", 1).replace("纪要:\n", "会议纪要:\n", 1)
    broken = broken.replace("  closing: 妥否，请批示。\n", "  closing: 妥否，请批示。\n  ending: x\n", 1)
    report = validate_text(TEMPLATES, broken)
    assert any(": 请示.numbered: 应为true/false，实际是 str" in p for p in report.problems)
    assert any(": 会议纪要: 未知的文种" in p for p in report.problems)
    assert any(": 纪要: 缺少该文种的模板" in p for p in report.problems)
    assert any(": 请示.ending: 未知的键" in p for p in report.problems)


def test_word_list_errors_point_at_the_list_line(tmp_path: Path) -> None:
    pack = tmp_path / "typo"
    shutil.copytree(ROOT / "rules" / "typo", pack, ignore=shutil.ignore_patterns("statistical.yaml"))
    lexicon = pack / "idioms.tsv"
    lines = lexicon.read_text(encoding="utf-8").splitlines()
    lines.insert(5, "一如既往")  # no right form
    lexicon.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = validate_file(lexicon)
    assert any(p.startswith(f"{lexicon}:6: wordlist: 第 6 行应为 错词<TAB>正词") for p in report.problems)
    assert main(["rules", "validate", str(lexicon)]) == 2


def test_validate_refuses_a_missing_file_and_a_folder(tmp_path: Path, capsys) -> None:
    assert main(["rules", "validate", str(tmp_path / "nope.yaml")]) == 2
    assert "文件不存在" in capsys.readouterr().out
    assert main(["rules", "validate", str(tmp_path)]) == 2
    assert "gov-docs rules test" in capsys.readouterr().err
