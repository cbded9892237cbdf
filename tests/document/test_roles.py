"""Role detection on a complete synthetic 公文 and on tricky lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from gov_docs.document import Role, document_from_text, heading_level

FULL = (Path(__file__).resolve().parent.parent / "fixtures" / "full_notice.txt").read_text(encoding="utf-8")


def test_every_role_of_a_complete_document() -> None:
    doc = document_from_text(FULL)
    roles = {p.text.strip(): p.role for p in doc.paragraphs if p.text.strip()}
    assert roles["000123"] is Role.COPY_NUMBER
    assert roles["机密★1年"] is Role.SECRECY
    assert roles["特急"] is Role.URGENCY
    assert roles["某某省人民政府文件"] is Role.ISSUER_MARK
    assert roles["某政发〔2024〕7号"] is Role.DOC_NUMBER
    assert roles["某某省人民政府关于加强"] is Role.TITLE
    assert roles["基层治理工作的通知"] is Role.TITLE
    assert roles["各市、县（区）人民政府，省政府各部门："] is Role.ADDRESSEE
    assert roles["为加强基层治理，现将有关事项通知如下："] is Role.BODY
    assert roles["一、总体要求"] is Role.HEADING1
    assert roles["（一）指导思想。坚持以人民为中心。"] is Role.HEADING2
    assert roles["1.完善机制。"] is Role.HEADING3
    assert roles["（1）建立台账。"] is Role.HEADING4
    assert roles["附件：1.基层治理任务清单"] is Role.ATTACHMENT_NOTE
    assert roles["2.联系人名单"] is Role.ATTACHMENT_NOTE
    assert roles["某某省人民政府"] is Role.SIGNATURE
    assert roles["2024年3月5日"] is Role.DATE
    assert roles["（此件公开发布）"] is Role.NOTE
    assert roles["附件1"] is Role.ATTACHMENT_MARK
    assert roles["抄送：省委各部门，省人大常委会办公厅。"] is Role.CC
    assert roles["某某省人民政府办公厅 2024年3月5日印发"] is Role.PRINTER
    assert doc.title == "某某省人民政府关于加强基层治理工作的通知"
    assert doc.doc_type == "通知"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("一、总体要求", 1),
        ("十二、其他", 1),
        ("（一）指导思想", 2),
        ("(二)基本原则", 2),
        ("1.完善机制", 3),
        ("12．加强领导", 3),
        ("（1）建立台账", 4),
        ("1.5亿元资金已经到位", 0),
        ("1.2019年底前完成修订", 3),
        ("一、二季度发现的问题", 0),
        ("各地区要认真贯彻", 0),
    ],
)
def test_heading_levels(text: str, level: int) -> None:
    assert heading_level(text) == level


def test_locked_roles_are_kept() -> None:
    doc = document_from_text("关于开展检查的通知\n各单位：\n请做好准备。")
    doc.paragraphs[2].role = Role.NOTE
    doc.paragraphs[2].role_locked = True
    from gov_docs.document import detect_roles

    detect_roles(doc)
    assert doc.paragraphs[2].role is Role.NOTE
    assert doc.paragraphs[0].role is Role.TITLE
    assert doc.paragraphs[1].role is Role.ADDRESSEE


def test_body_sentence_ending_with_colon_is_not_an_addressee() -> None:
    doc = document_from_text("关于开展检查的通知\n现将有关事项通知如下：\n一、检查范围")
    assert doc.paragraphs[1].role is Role.BODY


def test_upward_document_number_with_signer() -> None:
    doc = document_from_text(
        "某市人民政府文件\n某政〔2024〕3号    签发人：张三\n\n某市人民政府关于申请专项资金的请示\n省人民政府"
        "：\n妥否，请批示。")
    assert doc.paragraphs[0].role is Role.ISSUER_MARK
    assert doc.paragraphs[1].role is Role.DOC_NUMBER
    assert doc.title == "某市人民政府关于申请专项资金的请示"
    assert doc.doc_type == "请示"
