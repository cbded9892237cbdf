"""Whoosh analyzers for Chinese: jieba words (search mode) and character bigrams (substring recall).

Built once per process (module-level cache) so queries never rebuild them. Stop words are the
function words and 公文 boilerplate that carry no topic.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter

from whoosh.analysis import LowercaseFilter, Token, Tokenizer

STOP_WORDS = frozenset(
    "的 了 和 与 及 或 等 在 对 为 以 于 按 按照 根据 关于 有关 进行 开展 加强 推进 推动 工作 做好 各 各地 "
    "各级 "
    "要 应 应当 可 可以 将 把 被 由 从 向 并 并且 同时 其 该 此 这 这些 那 是 有 不 也 都 中 上 下 内 外 一 "
    "地区 部门 单位 省 自治区 直辖市 人民政府 国务院 通知 意见 办法 规定 方案 实施 印发 现 如下 认真 贯彻 "
    "落实 "
    "进一步 全面 切实 积极 坚持 建立 健全 完善 提高 提升 加快 强化 深入 组织 领导 相关 情况 问题 方面 重要 "
    "主要".split()
)

_HAN = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")


class JiebaTokenizer(Tokenizer):
    """jieba search-mode words (overlapping sub-words included) as Whoosh tokens.

    Module-level so Whoosh can pickle it into the index's schema.
    """

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,  # noqa: D102
                 start_pos=0, start_char=0, mode="", **kwargs):
        from gov_docs.text.segment import segmenter

        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for word, start, end in segmenter().tokenize(value, mode="search", HMM=False):
            if not _WORD.search(word) or word in STOP_WORDS:
                continue
            t.original = t.text = word
            t.boost = 1.0
            if positions:
                t.pos = pos
                pos += 1
            if chars:
                t.startchar, t.endchar = start_char + start, start_char + end
            yield t


class BigramTokenizer(Tokenizer):
    """Overlapping character bigrams inside runs of Chinese characters."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,  # noqa: D102
                 start_pos=0, start_char=0, mode="", **kwargs):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for m in _HAN.finditer(value):
            run = m.group(0)
            grams = [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]
            for i, g in enumerate(grams):
                t.original = t.text = g
                t.boost = 1.0
                if positions:
                    t.pos = pos
                    pos += 1
                if chars:
                    t.startchar = start_char + m.start() + i
                    t.endchar = t.startchar + len(g)
                yield t


def bigram_counts(text: str) -> Counter:
    """Return the count of each token :class:`BigramTokenizer` makes of ``text`` (without making tokens)."""
    tf: Counter = Counter()
    for run in _HAN.findall(text):
        if len(run) == 1:
            tf[run] += 1
        else:
            tf.update(map(str.__add__, run, run[1:]))
    return tf


@functools.cache
def word_analyzer():
    """Return the jieba word analyzer (lower-cased)."""
    return JiebaTokenizer() | LowercaseFilter()


@functools.cache
def bigram_analyzer():
    """Return the character-bigram analyzer."""
    return BigramTokenizer()


def keywords(text: str, top: int = 40) -> list[tuple[str, float]]:
    """Return the most characteristic words of ``text`` (jieba TF-IDF), stop words removed."""
    import jieba.analyse

    from gov_docs.text.segment import segmenter

    segmenter()
    words = jieba.analyse.extract_tags(text, topK=top * 2, withWeight=True)
    return [(w, s) for w, s in words if w not in STOP_WORDS and len(w) >= 2 and _HAN.search(w)][:top]


@functools.lru_cache(maxsize=4096)
def subject_profile(title: str, text: str) -> dict[str, float]:
    """Return what a document is about for comparing it with others: its 40 most characteristic words
    (jieba TF-IDF against general-language idf, the title counted three times), weights of unit length.

    About 20 ms of CPU for 3,000 characters: routing memory stores it with each record.
    """
    words = dict(keywords((title + "\n") * 3 + text, top=40))
    norm = math.sqrt(sum(v * v for v in words.values())) or 1.0
    return {w: round(v / norm, 4) for w, v in words.items()}


def profile_text(profile: dict[str, float]) -> str:
    """Return a profile as stored: word:weight, space-separated."""
    return " ".join(f"{w}:{v}" for w, v in profile.items())


def profile_from_text(text: str) -> dict[str, float]:
    """Return a stored profile (profile_text); {} for an empty or damaged one."""
    out = {}
    for item in text.split():
        w, _sep, v = item.rpartition(":")
        try:
            out[w] = float(v)
        except ValueError:
            return {}
    return out
