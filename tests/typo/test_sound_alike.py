"""Recall where the character path found nothing (issue 16, eighth session), with the real 0.5B model.

1. A whole word typed for another of the same sound (家猫 for 假冒, 积垢 for 机构): both characters are
   wrong, so no single-character candidate forms a word. The verified mode now shows the model the counted
   words of the same sound; only the model's own evidence can make such a fix (the word model scores both
   as words), so clean text with sound-alike pairs (医养结合, 奖优惩劣) keeps no one-click fix, and the fast
   path never proposes a word.
2. A rare character with no confusion set at all (密隼, 炅活, 嗨关): it now gets common characters of the
   same sound or a shared component.
Slips from odw.train in their own sentences; clean sentences from gov_corpus.
"""

from __future__ import annotations

import pytest

from gov_docs.checks import Level
from gov_docs.document.model import Document, PageSetup, Paragraph, Role
from gov_docs.typo.corrector import TypoCorrector, apply_corrections
from gov_docs.typo.detector import FastDetector
from gov_docs.typo.homophones import load_homophones
from gov_docs.typo.resources import load_resources

WORD_SLIPS = [
    ("实行垂直管理的行政执法机关自行确定本系统家猫伪劣和侵权行政处罚案件信息公开工作的机构层级。",
     "家猫", "假冒"),
    ("理事会、董事会或者其他形式决策机构组成人员及其近亲属不得兼任、担任监督积垢组成人员或者监事。",
     "积垢", "机构"),
]
RARE_SLIPS = [
    ("能源密隼型产业技术落后，第二产业特别是高耗能工业能源消耗比重过高。", "隼", "集"),
    ("各地区可根据实际需要制定炅活的引才引智政策，采取不改变人才的户籍、人事关系等方式。", "炅", "灵"),
]
# clean gov_corpus sentences whose rare pairs sound like a more frequent word (医养 → 一样, 奖优 → 将有,
# 宜胶 → 一号: a 必错 with the first rule) or whose rare character is a place's (北洸村: 洸 → 黄, a 必错
# on the model's gain alone with the first rule; both seen on 40 corpus documents, g0274 and g0244)
CLEAN = [
    "研究出台医养结合机构服务规范，推动医养结合，研究制定相关政策。",
    "建立健全奖优惩劣制度，提高工作质量。",
    "天然橡胶生产保护区划定的条件：风寒侵袭少、海拔高度低于900米的宜胶地块。",
    "区块三规划面积0.79平方公里，四至范围：东至农谷大道，南至北洸村庄南侧，西至北洸村地，北至南同蒲铁路。",
]


def _doc(*texts: str) -> Document:
    return Document([Paragraph(t, role=Role.BODY, role_locked=True) for t in texts], page=PageSetup.unknown())


@pytest.mark.parametrize(("text", "wrong", "right"), WORD_SLIPS + RARE_SLIPS)
def test_the_verified_check_finds_the_slip(verifying, text: str, wrong: str, right: str) -> None:
    checker, _ = verifying
    found = checker.check(_doc(text))
    assert [(f.matched, f.suggestions) for f in found] == [(wrong, (right,))]
    assert apply_corrections(text, found) == text.replace(wrong, right, 1)


@pytest.mark.parametrize(("text", "wrong", "right"), WORD_SLIPS + RARE_SLIPS)
def test_overwhelming_evidence_makes_a_one_click_fix(verifying, text: str, wrong: str, right: str) -> None:
    checker, _ = verifying
    found = checker.check(_doc(text))
    assert [(f.matched, f.level, f.auto_fixable) for f in found] == [(wrong, Level.ERROR, True)]


@pytest.mark.parametrize("text", CLEAN)
def test_clean_text_gets_no_one_click_fix(verifying, text: str) -> None:
    checker, _ = verifying
    # the new candidates are there (the model is asked) ...
    assert FastDetector().word_candidates(text, (), 4.0) or [
        c for c in FastDetector().candidates(text, (), 1, min_score=1.0) if c.rare]
    # ... but no fix: the fast score never backs a word, a word needs a larger model gain in both readings,
    # and a rare character is never fixed on the model's gain alone
    assert not [f for f in checker.check(_doc(text)) if f.level is Level.ERROR]


@pytest.mark.parametrize(("text", "wrong", "right"), WORD_SLIPS)
def test_the_fast_path_proposes_no_word(text: str, wrong: str, right: str) -> None:
    found = TypoCorrector().analyse(text)
    assert not [f for f in found if f.matched == wrong]


def test_sound_alike_words_are_simplified_and_differ_in_both_characters() -> None:
    table = load_homophones()
    alts = table.alternatives("桂花")
    assert "规划" in alts and "規劃" not in alts
    assert all(w[0] != "桂" and w[1] != "花" for w in alts)
    assert "减少" in table.alternatives("简绍")


# clean gov_corpus text (corpus tune part, g0197 and g0200) where a word sounded alike only through a rare
# reading of one of its characters (但 "yan", 王 "yu"): 必错 of the verified default until the twelfth session
RARE_READING_WORDS = [("岩寺新四军军部旧址纪念馆", "岩寺", "但是"), ("寓管于服。", "寓管", "王冠")]


def test_a_word_sounds_alike_only_by_its_own_reading() -> None:
    table = load_homophones()
    for _text, written, word in RARE_READING_WORDS:
        assert word not in table.alternatives(written)
    # the slips the words are there for keep their words (新冠肺炎 typed 费眼, 股权 typed 古泉)
    assert "肺炎" in table.alternatives("费眼") and "股权" in table.alternatives("古泉")
    assert "规划" in table.alternatives("桂花") and "措施" in table.alternatives("错失")


@pytest.mark.parametrize(("text", "written", "word"), RARE_READING_WORDS)
def test_a_place_name_is_not_read_as_a_word_of_another_sound(verifying, text: str, written: str,
                                                              word: str) -> None:
    checker, _ = verifying
    assert not [f for f in checker.check(_doc(text)) if f.level is Level.ERROR or word in f.suggestions]


def test_a_rare_character_has_common_candidates() -> None:
    conf = load_resources().confusions
    assert "集" in conf["隼"]  # the same first strokes (隹)
    assert "灵" in conf["炅"]  # one stroke apart
    assert "幸" in conf["悻"]  # the same sound; 悻 has no stroke sequence in pycorrector's data


@pytest.mark.parametrize("text", [
    "根据《关于打击家猫伪劣商品的通知》要求，开展专项行动。",  # a title is quoted as written
    "受表彰人员：王简绍、李起夜、张智齿。",  # a list of names
    "请与联系人刘起夜同志联系。",  # a name after a post
])
def test_no_word_of_the_same_sound_inside_protected_text(text: str) -> None:
    words = FastDetector().word_candidates(text, (), 0.0)
    assert not [c for c in words if c.wrong in ("家猫", "简绍", "起夜", "智齿")]


def test_no_word_of_the_same_sound_inside_softly_protected_text() -> None:
    """A word is a one-click fix or nothing, and softly protected text (a long quotation) never gets a
    fix: the model is not asked about the word there (a window read for no finding); the characters stay
    candidates (hints at most), and outside the quotation the word is proposed as before.
    """
    detector = FastDetector()
    quoted = "他说：“这样我一定会迟刀的！怎么办？”"
    assert not detector.word_candidates(quoted, (), 4.0, min_count=300)
    chars = detector.candidates(quoted, (), 1, min_score=2.0)
    assert any(c.wrong == "刀" and c.right == "到" and c.capped for c in chars)
    plain = "他想这样我一定会迟刀的，怎么办？"
    # (赤道 chì dào: 提到 sounded like 迟刀 only through 提's rare reading "chi", twelfth session)
    assert [(c.wrong, c.right) for c in detector.word_candidates(plain, (), 4.0, min_count=300)] == [
        ("迟刀", "赤道")]
