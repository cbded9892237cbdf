"""One-click fixes on overwhelming model evidence (issue 16, fifth session): in the verified mode a 必错
normally needs the fast path's score too, but a very large model gain for a candidate of the confusion sets
makes one when the fast score is lower — while the protections stay: softly protected (capped) text, names,
a term the document keeps using. Real sentences of published official documents with the slips of the odw
set; the real 0.5B model."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from gov_docs.checks import Level
from gov_docs.document.model import Document, PageSetup, Paragraph, Role
from gov_docs.typo.corrector import Thresholds, fix_backed, is_fix, lm_decisions
from gov_docs.typo.detector import FastDetector

ROOT = Path(__file__).resolve().parent.parent.parent

# (sentence with one slip, the slip, its fix): the fast score is under the fix bar, the model is sure
PROMOTED = [
    ("司法人员的个大信息受法律保护。", "大", "人"),
    ("完善浓产品上行发展机制。", "浓", "农"),
    ("宗教团体按照章成开展活动，受法律保护。", "成", "程"),
    ("互联网企业未取得相关金融业务资质不得医托互联网开展相应业务。", "医", "依"),
]


def _doc(*texts: str) -> Document:
    return Document([Paragraph(t, role=Role.BODY, role_locked=True) for t in texts], page=PageSetup.unknown())


@pytest.fixture(scope="module")
def detector() -> FastDetector:
    return FastDetector()


@pytest.mark.parametrize(("text", "wrong", "right"), PROMOTED)
def test_overwhelming_model_evidence_makes_a_one_click_fix(verifying, detector: FastDetector, text: str,
                                                           wrong: str, right: str) -> None:
    th = Thresholds()
    c = next(c for c in detector.candidates(text, (), 1, min_score=th.lm_floor) if c.right == right)
    assert c.score < th.lm_fix_fast  # the fast path alone would not make it a 必错
    checker, _kind = verifying
    found = checker.check(_doc(text))
    assert [(f.matched, f.suggestions, f.level, f.auto_fixable) for f in found] == [
        (wrong, (right,), Level.ERROR, True)]


def test_a_modest_model_gain_stays_a_hint(detector: FastDetector) -> None:
    """lm_decisions on a real candidate: with a gain over the error bar but under the promotion bar the
    model's verdict is a 疑似 (capped); at the promotion bar it is a one-click fix; under the promotion's
    fast floor, or with the old rule off, as before."""
    text = "研究制定可行生评估办法。"
    th = Thresholds()
    c = next(c for c in detector.candidates(text, (), 1, min_score=1.0) if c.right == "性")
    assert th.lm_promote_fast <= c.score < th.lm_fix_fast and not c.capped
    modest = th.lm_promote_gain - 0.5
    (score, kept), = lm_decisions([c], [modest], th)
    assert score >= th.lm_error and kept.capped
    (_, kept), = lm_decisions([c], [th.lm_promote_gain], th)
    assert not kept.capped
    (_, kept), = lm_decisions([c], [th.lm_promote_gain], replace(th, lm_promote_fast=c.score + 0.1))
    assert kept.capped
    (_, old), = lm_decisions([c], [modest], replace(th, lm_fix_needs_fast=False))
    assert not old.capped


def test_softly_protected_text_is_never_promoted(verifying, detector: FastDetector) -> None:
    """入学 written 入穴: the model is sure (gain about 19), but the slot is one the vocabularies fill
    several ways, so the candidate is capped: a 疑似, never a one-click fix."""
    text = "建立义务教育入穴联控联保工作机制。"
    c = next(c for c in detector.candidates(text, (), 1, min_score=1.0) if c.right == "学")
    assert c.capped and not fix_backed(c, 99.0, Thresholds())
    checker, _kind = verifying
    found = checker.check(_doc(text))
    assert [(f.matched, f.level) for f in found] == [("穴", Level.WARNING)]


def test_names_are_never_shown_to_the_model(verifying) -> None:
    """Names the model once 'fixed' with confidence (热依扎·巴合道列提 合→格, 河南滑丰种业 滑→华) are
    protected before any score: a transliterated name with its middle dot, a company's registered name up
    to its legal form. No finding at all, so no promotion either."""
    checker, _kind = verifying
    found = checker.check(_doc(
        "授予张桂梅、黄文秀、热依扎·巴合道列提同志“全国三八红旗手”称号。",
        "推荐单位：河南滑丰种业科技有限公司。"))
    assert found == []


def test_a_promoted_fix_in_a_term_the_document_keeps_using_is_dropped(verifying) -> None:
    """章成 written three times is the document's own word as far as the model alone can tell: its
    promotion is dropped with the hints (a fix the fast path backs stays: test_verified_hints)."""
    checker, _kind = verifying
    once = checker.check(_doc("宗教团体按照章成开展活动，受法律保护。"))
    assert [f.level for f in once] == [Level.ERROR]
    thrice = checker.check(_doc("宗教团体按照章成开展活动，受法律保护。", "章成由会员代表大会制定。",
                                "修改章成应当报登记管理机关核准。"))
    assert thrice == []


def test_enumerations_of_places_and_abbreviations_get_no_one_click_fix(verifying) -> None:
    """Real false 必错 of clean 国务院 documents: a port in a list of ports (额布都格 → 阿布都格, promoted on
    the model's gain) and an abbreviation in a list of organisations (职工技协 → 技术, backed by the fast
    score). The ports are never touched; the abbreviation is a hint at most."""
    checker, _kind = verifying
    ports = ("内蒙古策克、甘其毛都、满都拉、二连浩特、珠恩嘎达布其、阿尔山、额布都格、阿日哈沙特、"
             "满洲里等口岸。")
    found = checker.check(_doc(ports, "充分发挥企业科协、企业团委、职工技协、研发中心等作用。"))
    assert [f for f in found if f.paragraph == 0] == []
    assert all(f.level is Level.WARNING and not f.auto_fixable for f in found)


def test_a_fix_the_fast_score_backs_can_be_asked_for_the_models_own_gain(detector: FastDetector) -> None:
    """``lm_fix_gain``: with it, a candidate the fast path is sure of (犯最 → 犯罪, fast score 12) is a
    one-click fix only when the model's own gain reaches it too; at 0 (shipped) the decision score decides."""
    text = "依法严厉打击违法犯最活动。"
    th = Thresholds()
    c = next(c for c in detector.candidates(text, (), 1, min_score=th.lm_floor) if c.right == "罪")
    assert c.score >= th.lm_fix_fast and not c.capped
    (_, kept), = lm_decisions([c], [9.0], th)
    assert not kept.capped  # shipped: the decision score 9 + 0.5 × 13 decides
    (_, kept), = lm_decisions([c], [9.0], replace(th, lm_fix_gain=10.0))
    assert kept.capped  # a 疑似 at most
    (_, kept), = lm_decisions([c], [10.0], replace(th, lm_fix_gain=10.0))
    assert not kept.capped


def test_a_productive_three_character_frame_is_a_hint_at_most(detector: FastDetector) -> None:
    """可_性 is filled four ways in the office vocabularies (可查性, 可用性, 可行性, 可靠性): 可携性
    (portability, a real word the counts do not hold) may be meant, so 携 → 行 is never a one-click fix,
    whatever the model says; a slip outside such a frame is not affected."""
    th = Thresholds()
    text = "提高香港长者社会保障措施的可携性。"
    c = next(c for c in detector.candidates(text, (), 1, min_score=th.lm_floor) if c.right == "行")
    assert c.capped
    (_, kept), = lm_decisions([c], [20.0], th)
    assert kept.capped and not is_fix(20.0 + th.lm_fast_weight * c.score, kept, th)
    slip = next(c for c in detector.candidates("各地要认真贯切落实。", (), 1, min_score=th.lm_floor)
                if c.right == "彻")
    assert not slip.capped
