"""Lexicon packs built from the shipped 新华社 and ECSpell lists: coverage, sources, context conditions."""

from __future__ import annotations

from pathlib import Path

import pytest

from gov_docs.checks import AllowList, Checker, load_rules
from gov_docs.checks.kinds.wordlists import document_date, read_term_entries
from gov_docs.document import document_from_text

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"
XINHUA = ROOT / "resources" / "wordlists" / "新华社禁用词慎用词.txt"
#: Correct forms on the list, and entries left out on purpose (careful.tsv says why).
NOT_RULES = {"残疾人", "盲人", "聋人", "智力障碍者", "新中国成立前", "新中国成立后",
             "亲自", "署长", "副署长", "罪犯"}
SURFACE = {"穿（川）青族": "穿青族", "港澳台游客来华（国内）旅游": "港澳台游客来华",
           "中港（澳）司法协助": "中港司法协助", "十字军（东征）": "十字军东征"}


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(load_rules([RULES / "sensitive", RULES / "expression"]), allow_list=AllowList())


def _found(checker: Checker, text: str) -> list[tuple[str, str]]:
    return [(f.rule_id, f.matched) for f in checker.check(document_from_text(text))]


def test_every_expression_of_the_xinhua_list_is_in_a_pack_or_deliberately_left_out() -> None:
    terms = {t for f in (RULES / "sensitive").glob("*.tsv") for t, *_ in read_term_entries(f)}
    missing = []
    for line in XINHUA.read_text(encoding="utf-8").splitlines():
        entry = line.strip()
        if entry and entry not in NOT_RULES and SURFACE.get(entry, entry) not in terms:
            missing.append(entry)
    assert missing == []
    careful = (RULES / "sensitive" / "careful.tsv").read_text(encoding="utf-8")
    assert all(f"“{w}”" in careful for w in ("亲自", "署长", "罪犯"))  # the reasons are written down


@pytest.mark.parametrize("name", ["banned.tsv", "careful.tsv", "vulgar.tsv", "discriminatory.tsv",
                                  "political_terms.tsv"])
def test_derived_lists_say_where_they_came_from_and_the_licence(name: str) -> None:
    head = "\n".join((RULES / "sensitive" / name).read_text(encoding="utf-8").splitlines()[:4])
    assert "resources/wordlists/新华社禁用词慎用词.txt" in head
    assert "MIT" in head and "ECSPELL_LICENSE" in head


def test_variant_forms_name_their_source() -> None:
    head = (RULES / "typo" / "variant_forms.tsv").read_text(encoding="utf-8").splitlines()[0]
    assert "resources/wordlists/常见错字错词.txt" in head and "MIT" in head


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我靠，这个方案也太离谱了。", [("sensitive.vulgar", "我靠")]),
        ("我靠自己的努力完成了任务。", []),
        ("群众留言：“我靠！办个证要跑五趟。”", [("sensitive.vulgar", "我靠")]),
        ("严格执行JB/T 8888-2020标准。", []),
        ("该保健品宣称产品安全无副作用，已责令整改。", [("sensitive.banned-claims", "安全无副作用")]),
        ("个别医疗机构宣称疗效由保险公司保险，诱导患者就医。", [("sensitive.banned-claims", "保险公司保险")]),
        ("鼓励保险公司保险资金参与长期投资。", []),
        ("根治欠薪顽疾。", []),
        ("宣称可以根治糖尿病。", [("sensitive.banned-claims", "根治")]),
        ("进一步提高治愈率，降低病亡率。", []),
        ("广告宣称治愈率达98%。", [("sensitive.banned-claims", "治愈率")]),
        ("加强安全预防措施。", []),
        ("组织干部观看电影后进行讨论。", []),
        ("坚决遏制“台独”分裂活动。", []),
        ("坚决遏制台独势力。", [("sensitive.political-terms", "台独")]),
        ("加强节假日治安管理。", []),
        ("温州市永嘉县碧莲镇人民政府", []),
        ("原环境保护部已于2018年撤销。", []),
        ("由环境保护部负责组织实施。", [("expression.outdated-agency-names", "环境保护部")]),
        ("各级农业部门要加强指导。", []),
        ("以新时代中国特色社会主义思想为指导。",
         [("expression.political-fixed", "新时代中国特色社会主义思想")]),
        ("推动长三角一体化发展。", []),
        ("深入推进京津冀一体化。", [("expression.policy-names", "京津冀一体化")]),
    ],
)
def test_context_conditions(checker: Checker, text: str, expected: list) -> None:
    assert _found(checker, text) == expected


def _dated(body: str, date: str) -> str:
    return f"某某市人民政府关于做好有关工作的通知\n各区人民政府：\n{body}\n某某市人民政府\n{date}"


@pytest.mark.parametrize(
    ("date", "reported"),
    [("2017年3月1日", False), ("二〇一七年三月一日", False), ("2019年3月1日", True),
     ("二〇一九年十二月三十一日", True)],
)
def test_old_names_are_right_in_documents_written_before_the_reform(checker: Checker, date: str,
                                                                    reported: bool) -> None:
    found = _found(checker, _dated("请按照环境保护部有关要求做好环境监测工作。", date))
    assert (("expression.outdated-agency-names", "环境保护部") in found) is reported


def test_document_date_reads_the_date_paragraph() -> None:
    assert document_date(document_from_text(_dated("正文。", "二〇二〇年十月二十日"))) == "2020-10-20"
    assert document_date(document_from_text("没有日期的草稿。")) is None


def test_a_bad_condition_in_a_term_list_names_the_line(tmp_path: Path) -> None:
    pack = tmp_path / "sensitive"
    pack.mkdir()
    (pack / "words.tsv").write_text("# 注释\n好词\n坏词\t\t说明\t不后接:x;之后:y\n", encoding="utf-8")
    (pack / "r.yaml").write_text((RULES / "sensitive" / "vulgar.yaml").read_text(encoding="utf-8")
                                 .replace("vulgar.tsv", "words.tsv"), encoding="utf-8")
    rs = load_rules([pack])
    assert any(e.startswith(f"{pack / 'words.tsv'}:3: wordlist: 未知的条件 '之后'") for e in rs.error_lines)
    (pack / "words.tsv").write_text("坏词\t\t\t成文不早于:2018\n", encoding="utf-8")
    assert any("成文不早于 应为日期 YYYY-MM-DD" in e for e in load_rules([pack]).error_lines)
