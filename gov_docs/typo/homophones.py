"""Words of the same sound: the typo checker's candidates for a two-character word typed wrong whole.

With a pinyin input method a slip is often a whole word: the writer typed the right syllables and took the
wrong word from the list (规划 → 桂花, 措施 → 错失, 假冒 → 家猫, 税基 → 水迹). Both characters are then
wrong, so no single-character candidate forms a word, and the character-level path cannot find it: on
odw.train such pairs hold about a quarter of all wrong characters (issue 16, seventh-session analysis).

This module keeps, for every pair of toneless syllables, the two-character words of the word counts
(jieba's dictionary, pycorrector's ``word_freq.txt``, ``wordfreq``, the shipped office vocabularies: the
same counts as :mod:`gov_docs.typo.resources`) counted at least :data:`WORD_MIN_COUNT` times and written in
simplified characters (GB 2312), and every
Han character's toneless readings (``pypinyin``, all readings of a character). Built once (a few seconds)
and kept in the precompiled cache (:mod:`gov_docs.cache`); loaded only when a check asks for word
candidates (the verified mode).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

WORD_MIN_COUNT = 30  # a sound-alike word must be counted this often to be proposed
HAN_FIRST, HAN_LAST = 0x4E00, 0x9FFF


@dataclass(frozen=True)
class Homophones:
    """Character → its toneless readings; "reading reading" → the two-character words that sound so."""

    readings: dict[str, str]  # 地 → "de di"
    words: dict[str, str]  # "gui hua" → "规划桂花…" (two characters a word)

    def alternatives(self, pair: str) -> list[str]:
        """Return the counted two-character words that can sound like ``pair`` and differ from it in both
        characters (a word with one character in common is the single-character path's), sorted.
        """
        first, second = self.readings.get(pair[0]), self.readings.get(pair[1])
        if not first or not second:
            return []
        found: set[str] = set()
        for a in first.split():
            for b in second.split():
                words = self.words.get(f"{a} {b}", "")
                for i in range(0, len(words), 2):
                    w = words[i:i + 2]
                    if w[0] != pair[0] and w[1] != pair[1]:
                        found.add(w)
        return sorted(found)


def simplified(word: str) -> bool:
    """Return True when every character of ``word`` is in GB 2312 (simplified characters: the counts from
    ``wordfreq`` also hold traditional forms, 規劃, which a 公文 never wants).
    """
    try:
        word.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def build_homophones(freq: dict[str, int]) -> Homophones:
    """Build the tables from word counts (every Han character's readings; words counted enough)."""
    from pypinyin import Style, pinyin

    readings: dict[str, str] = {}
    for code in range(HAN_FIRST, HAN_LAST + 1):
        ch = chr(code)
        found = [r for r in pinyin(ch, style=Style.NORMAL, heteronym=True)[0] if r.isascii() and r.isalpha()]
        if found:
            readings[ch] = " ".join(dict.fromkeys(found))
    words: dict[str, list[str]] = {}
    for word, count in freq.items():
        if count < WORD_MIN_COUNT or len(word) != 2 or word[0] not in readings or word[1] not in readings \
                or not simplified(word):
            continue
        words.setdefault(word_reading(word), []).append(word)
    return Homophones(readings, {k: "".join(sorted(v)) for k, v in words.items()})


def word_reading(word: str) -> str:
    """Return the toneless reading of a two-character word as the word is read ("dan shi" for 但是):
    pypinyin's phrase reading, each character's usual one where it knows no phrase.

    A word is proposed for the syllables the writer typed, and those are the word's own reading — not any
    combination of its characters' rare readings. Indexed under every reading of each character, 但是 (但
    also "yan", 是 "shi") sounded like 岩寺 (yán sì) and 王冠 (王 also "yu") like 寓管: on clean corpus
    text the model preferred both, and the verified mode made one-click fixes of a place name
    (岩寺新四军军部旧址纪念馆) and of 寓管于服 (issue 16, twelfth session). The written pair keeps every
    reading of its characters (:meth:`Homophones.alternatives`): the input method offered them for the
    syllables typed.
    """
    from pypinyin import Style, pinyin

    return " ".join(r[0] for r in pinyin(word, style=Style.NORMAL, heteronym=False))


@functools.lru_cache(maxsize=1)
def load_homophones() -> Homophones:
    """Load the tables once per process (from the precompiled cache, built on first use: it is keyed by
    this module, the word-count sources and the pypinyin version).
    """
    from gov_docs import cache, paths
    from gov_docs.text.segment import segmenter
    from gov_docs.typo import resources as R

    jieba = segmenter()
    data = R.pycorrector_data_dir()
    sources = [Path(__file__), Path(R.__file__), Path(jieba.__file__).resolve().parent / "dict.txt",
               *[data / f for f in ("word_freq.txt",) if data is not None],
               *[paths.resources_dir() / "wordlists" / f for f in R.VOCABULARY_FILES]]
    parts = [f"{p}={R.installed_version(p)}" for p in ("pypinyin", "wordfreq")]

    def build() -> dict:
        table = build_homophones(R.load_resources().complete())
        return {"readings": table.readings, "words": table.words}

    packed = cache.load_or_build("typo-homophones", sources, build, parts=parts)
    return Homophones(packed["readings"], packed["words"])
