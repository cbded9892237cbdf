"""The rule loader: every problem reported as file:line: key: message, all at once, others still load."""

from __future__ import annotations

from pathlib import Path

from gov_docs.checks import load_rules

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_broken_rules_are_all_reported_with_file_line_key() -> None:
    rs = load_rules([FIXTURES / "broken_rules"])
    assert rs.rules == []
    lines = rs.error_lines
    expected = [
        ("bad_regex.yaml:7: pattern:", "正则表达式错误"),
        ("bad_yaml.yaml:", "YAML 语法错误"),
        ("broken.yaml:8: colour:", "未知的键"),
        ("broken.yaml:4: level:", "error、warning 或 suggestion"),
        ("broken.yaml:11: examples.bad:", "缺少错误示例"),
        ("kind.yaml:3: extends:", "未知的规则类型"),
        ("outside.yaml:8: wordlist:", "不在规则包目录"),
    ]
    for where, what in expected:
        assert any(where in ln and what in ln for ln in lines), (where, lines)


def test_each_check_of_a_kind_has_its_own_keys() -> None:
    """A key valid for one format/structure check is an error in a rule of another check (Vale's model)."""
    rs = load_rules([FIXTURES / "broken_rules"])
    mine = [ln for ln in rs.error_lines if "/format/" in ln or "/structure/" in ln]
    assert [ln.split("/broken_rules/", 1)[1] for ln in mine] == [
        "format/key_of_another_check.yaml:12: size: 未知的键（size 只用于 font、first_line_indent 检查；"
        "alignment 检查可用：alignment）",
        "format/unknown_check.yaml:5: check: 未知的格式检查 'alignement'（可用：page_size, "
        "page_margins, font, alignment, first_line_indent, line_spacing, line_spacing_multiple, "
        "signature_alignment, placeholders, page_number）",
        "structure/key_of_another_check.yaml:10: phrases: 未知的键（phrases 只用于 closing_request、"
        "forbidden_request、one_matter 检查；heading_sequence 检查可用：doc_types）",
    ]


def test_the_shipped_format_and_structure_rules_use_only_their_checks_keys() -> None:
    from gov_docs.checks.kinds.format import FormatKind
    from gov_docs.checks.kinds.structure import StructureKind

    rs = load_rules()
    assert rs.errors == []
    for kind in (FormatKind, StructureKind):
        rules = [r for r in rs.rules if r.spec.kind == kind.name]
        assert {r.kind.check for r in rules} == set(kind.checks)  # every check is used by a shipped rule
        for r in rules:
            assert set(r.spec.params) <= set(kind.keys_for(r.spec.params)), r.id


def test_a_broken_file_never_stops_the_others(tmp_path: Path) -> None:
    pack = tmp_path / "typo"
    pack.mkdir()
    for src in (FIXTURES / "rules_ok" / "typo").iterdir():
        (pack / src.name).write_bytes(src.read_bytes())
    (pack / "zz_broken.yaml").write_text("id: x\nname: [\n", encoding="utf-8")
    rs = load_rules([tmp_path])
    assert [r.id for r in rs.rules] == ["fixture.typo.sample"]
    assert len(rs.errors) == 1 and "zz_broken.yaml:" in rs.error_lines[0]


def test_yaml_is_loaded_safely(tmp_path: Path) -> None:
    pack = tmp_path / "typo"
    pack.mkdir()
    (pack / "evil.yaml").write_text("id: !!python/object/apply:os.system ['echo pwned > /tmp/pwned']\n",
                                    encoding="utf-8")
    rs = load_rules([tmp_path])
    assert rs.rules == [] and "evil.yaml:1" in rs.error_lines[0]
    assert not Path("/tmp/pwned").exists()


def test_duplicate_ids_are_errors(tmp_path: Path) -> None:
    for name in ("a", "b"):
        d = tmp_path / name / "typo"
        d.mkdir(parents=True)
        for src in (FIXTURES / "rules_ok" / "typo").iterdir():
            (d / src.name).write_bytes(src.read_bytes())
    rs = load_rules([tmp_path / "a", tmp_path / "b"])
    assert len(rs.rules) == 1
    assert any("重复" in ln for ln in rs.error_lines)


def test_bad_wordlist_line_is_reported_at_its_line(tmp_path: Path) -> None:
    d = tmp_path / "typo"
    d.mkdir()
    (d / "r.yaml").write_text((FIXTURES / "rules_ok" / "typo" / "sample.yaml").read_text(encoding="utf-8"),
                              encoding="utf-8")
    (d / "sample.tsv").write_text("# c\n再接再励\t再接再厉\n只有错词\n", encoding="utf-8")
    rs = load_rules([tmp_path])
    assert any("sample.tsv:3: wordlist:" in ln for ln in rs.error_lines), rs.error_lines


def test_regex_and_yaml_mistakes_are_explained_in_chinese(tmp_path: Path) -> None:
    # an administrator reads what is wrong and where, not the parser's English ("missing ) at position 4")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "paren.yaml").write_text(
        "id: x.paren\nname: 测试\nextends: existence\nlevel: error\nmessage: “{actual}”\nbasis: x\n"
        "tokens:\n  - pattern: '(abc'\nexamples:\n  bad:\n    - '[[abc]]'\n  good:\n    - x\n",
        encoding="utf-8")
    (rules / "list.yaml").write_text(
        "id: x.list\nname: 测试\nextends: existence\nlevel: [error\nmessage: a\n", encoding="utf-8")
    lines = load_rules([rules]).error_lines
    assert any("paren.yaml:" in ln and "正则表达式错误：缺少右括号“)”（第 5 个字符处）：(abc" in ln
               for ln in lines), lines
    assert any("list.yaml:5: " in ln and "方括号列表“[…]”没有闭合" in ln and "（从第 4 行开始）" in ln
               for ln in lines), lines
    assert not any(word in ln for ln in lines for word in ("missing", "expected", "position"))
