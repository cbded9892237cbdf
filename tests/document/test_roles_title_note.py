"""A 题注 under a title — a date in brackets — is not a line of the title (g0048 of the corpus)."""

from __future__ import annotations

from gov_docs.document import Role, document_from_text


def test_a_bracketed_date_under_the_title_ends_the_title() -> None:
    doc = document_from_text("中共中央办公厅 国务院办公厅关于调整国务院办公厅职责机构编制的通知\n"
                             "（2018年9月13日）\n"
                             "根据《深化党和国家机构改革方案》，现就国务院办公厅职责、机构和编制调整情况通知如下。\n")
    roles = [(p.text, p.role) for p in doc.paragraphs if p.text]
    assert roles[0][1] is Role.TITLE and roles[1] == ("（2018年9月13日）", Role.BODY)


def test_a_title_broken_over_two_lines_still_joins() -> None:
    doc = document_from_text("国务院办公厅关于加强石窟寺\n保护利用工作的指导意见\n国办发〔2020〕41号\n"
                             "各省、自治区、直辖市人民政府：\n为深入贯彻落实有关要求，提出如下意见。\n")
    assert [p.text for p in doc.paragraphs if p.role is Role.TITLE] == ["国务院办公厅关于加强石窟寺",
                                                                        "保护利用工作的指导意见"]


LAW_DATABASE = """不动产登记暂行条例
2014年11月24日 中华人民共和国国务院令第656号公布
2019年3月24日 《国务院关于修改部分行政法规的决定》第一次修订
第一章 总则
第一条 为整合不动产登记职责，规范登记行为，制定本条例。
"""


def test_history_lines_as_the_law_database_lays_them_out_end_the_title() -> None:
    # flk.npc.gov.cn: one line per event under the title, without brackets; they were read as title lines
    doc = document_from_text(LAW_DATABASE)
    assert doc.title == "不动产登记暂行条例"
    assert [p.role for p in doc.paragraphs[1:3]] == [Role.BODY, Role.BODY]
