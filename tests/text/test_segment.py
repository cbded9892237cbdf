"""The shared segmenter: the cached dictionary and POS table are jieba's own, and a paragraph's tokens are
its sentences' tokens (so a rule working sentence by sentence may share the paragraph's segmentation)."""

from __future__ import annotations

import re
from pathlib import Path

from gov_docs.text import segment

SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")


def _paragraphs(corpus_dir: Path, step: int = 40) -> list[str]:
    out = []
    for path in sorted(corpus_dir.glob("g*.txt"))[::step]:
        out.extend(p.strip() for p in path.read_text(encoding="utf-8").splitlines() if len(p.strip()) > 20)
    return out


def test_cached_dictionary_is_jiebas(tmp_path: Path) -> None:
    import jieba

    jb = segment.segmenter()
    fresh = jieba.Tokenizer()
    freq, total = fresh.gen_pfdict(fresh.get_dict_file())
    assert jb.dt.total == total and segment.whole_dictionary() == freq


def test_cached_pos_table_is_jiebas() -> None:
    posseg = segment.pos_tagger()
    import jieba.posseg

    fresh = jieba.posseg.POSTokenizer(segment.segmenter().dt)  # reads the word list again
    assert posseg.dt.word_tag_tab == fresh.word_tag_tab and len(fresh.word_tag_tab) > 300_000
    assert [(w.word, w.flag) for w in posseg.cut("部长王广华同志出席会议", HMM=True)][:2] == [("部长", "n"),
                                                                                            ("王广华", "nr")]


def test_paragraph_tokens_are_its_sentences_tokens(corpus_dir: Path) -> None:
    paras = _paragraphs(corpus_dir)
    assert len(paras) > 100
    for text in paras:
        whole = segment.tokens(text)
        assert "".join(w for w, _, _ in whole) == text
        at, pieces = 0, []
        for piece in SENTENCE_END.split(text):
            pieces.extend((w, s + at, e + at) for w, s, e in segment.segmenter().tokenize(piece, HMM=False))
            at += len(piece)
        assert list(whole) == pieces


def test_word_boundaries() -> None:
    text = "各族群众包括朝鲜族同胞"
    start = text.index("鲜族")
    assert not segment.is_whole_word(text, start, start + 2)
    assert segment.is_whole_word("全体群众参加", 2, 4)
    text = "要制定单项措施"
    assert segment.joins_two_words(text, 2, 4)  # 定单 in 制定|单项
    assert segment.starts_word("财政部门负责", 4) and not segment.starts_word("财政部门负责", 2)


def test_window_tokens_are_jiebas_cut(corpus_dir: Path) -> None:
    """The word-boundary tests cut a window around a match in one pass: the same tokens as jieba's
    ``cut(HMM=False)`` of the window, with letters, digits, spaces and marks."""
    jieba = segment.segmenter()
    texts = _paragraphs(corpus_dir, 60) + ["2024年 GDP增长5.2%，A B  c１２３　各族群众"]
    windows = 0
    for text in texts:
        for start in range(0, len(text), 7):
            lo, hi = max(0, start - 8), min(len(text), start + 10)
            pos, expected = lo, []
            for tok in jieba.cut(text[lo:hi], HMM=False):
                expected.append((pos, pos + len(tok)))
                pos += len(tok)
            assert segment._window_tokens(text, start, start + 2) == expected, text[lo:hi]
            windows += 1
    assert windows > 1000
