"""A window's model verdict depends on the window alone (issue 16): a paragraph re-checked on its own after an
edit in the app gets the findings it got inside the full check. Before, the pairs of a call were decoded
together and a pair's gain moved with its batch neighbours by up to 0.5 log units. Real sentences with the
slips of the odw set; the real 0.5B model."""

from __future__ import annotations

import pytest

from gov_docs.document.model import Document, PageSetup, Paragraph, Role
from gov_docs.typo.lm import WindowScorer, scorer_for

# a paragraph with three real slips (odw) and clean context around it
PARAGRAPH = ("完善浓产品上行发展机制，研究制定可行生评估办法。宗教团体按照章成开展活动，受法律保护。"
             "各地区要加强统筹协调，抓好工作落实。")
OTHERS = [
    "为深入贯彻落实党中央、国务院决策部署，进一步优化营商环境，现提出如下意见。",
    "司法人员的个大信息受法律保护，任何单位和个人不得非法获取。",
    "互联网企业未取得相关金融业务资质不得医托互联网开展相应业务。",
    "各有关部门要按照职责分工，密切配合，形成工作合力，确保各项措施落到实处。",
]
PAIRS = [("完善浓产品上行", "完善农产品上行"), ("制定可行生评估", "制定可行性评估"),
         ("团体按照章成开展", "团体按照章程开展"), ("加强统筹协调，抓", "加强统筹携调，抓"),
         ("人员的个大信息受", "人员的个人信息受"), ("资质不得医托互联", "资质不得依托互联")]


def _doc(*texts: str) -> Document:
    return Document([Paragraph(t, role=Role.BODY, role_locked=True) for t in texts], page=PageSetup.unknown())


def test_a_pair_gain_is_the_same_alone_among_others_and_in_any_order() -> None:
    scorer = scorer_for(None, 1)
    alone = [scorer.gains([p])[0] for p in PAIRS]
    together = scorer.gains(PAIRS)
    backwards = scorer.gains(PAIRS[::-1])[::-1]
    doubled = scorer.gains(PAIRS[3:] + PAIRS + PAIRS[:3])[3:-3]
    assert together == alone  # the same bits, not merely close
    assert backwards == alone
    assert doubled == alone
    assert alone[0] > 5 > alone[3]  # real verdicts: 农产品 far more likely, 统筹携调 far less


def test_pairs_decoded_side_by_side_on_two_lanes_get_the_same_bits() -> None:
    """With two free cores the pairs of a call are shared between two lanes (contexts of one thread each,
    decoding side by side); every gain is the one a single lane computes, whichever lane decoded it."""
    one = scorer_for(None, 1)
    two = WindowScorer(None, threads=2)
    assert len(two._lanes) == 2
    alone = [one.gains([p])[0] for p in PAIRS]
    assert two.gains(PAIRS) == alone
    assert two.gains(PAIRS[1:] + PAIRS[:1]) == alone[1:] + alone[:1]  # each pair on the other lane now
    assert two.gains(PAIRS[:1]) == alone[:1]  # one pair: one lane
    assert two.windows_scored == 2 * (2 * len(PAIRS) + 1) and two.tokens_decoded > 0


def _findings(checker, doc: Document, index: int):
    return sorted((f.start, f.end, f.matched, f.suggestions, f.level, f.confidence)
                  for f in checker.check(doc) if f.paragraph == index)


@pytest.fixture
def fresh_verifying(verifying):
    """A verifying checker whose memo of scored windows is empty (a new session)."""
    checker, kind = verifying
    kind.corrector()._gains.clear()
    return checker, kind


def test_a_paragraph_checked_alone_gets_the_findings_it_got_inside_the_document(fresh_verifying) -> None:
    checker, kind = fresh_verifying
    whole = _findings(checker, _doc(*OTHERS[:2], PARAGRAPH, *OTHERS[2:]), 2)
    assert {f[2] for f in whole} >= {"浓", "生", "成"}  # the model really verified the slips
    kind.corrector()._gains.clear()  # nothing remembered: the paragraph's windows are scored again
    alone = _findings(checker, _doc(PARAGRAPH), 0)
    assert alone == whole
    # re-checked after an edit elsewhere in the document, with the other windows remembered
    edited = _findings(checker, _doc(OTHERS[1], PARAGRAPH, "本意见自印发之日起施行。"), 1)
    assert edited == whole


def test_an_edit_in_one_sentence_leaves_the_verdicts_on_the_others_as_they_were(
        fresh_verifying, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app re-checks an edited paragraph (check_paragraph): the sentences the clerk did not touch keep
    their findings, confidence included, though their windows are now scored next to other ones."""
    checker, kind = fresh_verifying
    scorer = kind.corrector().scorer
    seen: list[dict[tuple[str, str], float]] = [{}, {}]
    score = scorer.gains

    def recording(pairs):
        gains = score(pairs)
        seen[-1].update(zip(pairs, gains, strict=True))
        return gains

    monkeypatch.setattr(scorer, "gains", recording)
    doc = _doc(*OTHERS, PARAGRAPH)
    whole = _findings(checker, doc, len(OTHERS))
    edited_text = PARAGRAPH.replace("各地区要加强统筹协调，抓好工作落实。",
                                    "各地方要加强统筹携调，狠抓工作落实。")
    kind.corrector()._gains.clear()
    seen.append({})
    cut = PARAGRAPH.index("各地区")
    again = sorted((f.start, f.end, f.matched, f.suggestions, f.level, f.confidence)
                   for f in kind.check_paragraph(_doc(*OTHERS, edited_text), len(OTHERS), edited_text)
                   if f.start < cut)
    assert again == [f for f in whole if f[0] < cut]
    assert again
    shared = seen[-2].keys() & seen[-1].keys()  # the windows of the sentences not edited, scored again
    assert len(shared) >= 3 and all(seen[-2][w] == seen[-1][w] for w in shared)  # the same bits


def test_sentences_corrected_together_or_one_by_one_get_the_same_findings(fresh_verifying) -> None:
    """``gov-docs correct`` hands many sentences to the corrector at once: grouping changes nothing."""
    _checker, kind = fresh_verifying
    corrector = kind.corrector()
    sentences = [*OTHERS, *PARAGRAPH.split("。")[:-1]]
    together = corrector.analyse_many(sentences)
    corrector._gains.clear()
    one_by_one = [corrector.analyse(s) for s in reversed(sentences)][::-1]
    assert together == one_by_one
    assert sum(len(f) for f in together) >= 5
