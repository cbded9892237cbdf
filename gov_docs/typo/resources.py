"""The statistics the typo checker works from, all shipped with installed packages or with gov-docs.

- Word frequencies: jieba's dictionary (349,046 words with counts; already loaded for segmentation).
- Confusion sets: pycorrector's ``same_pinyin.txt`` (同音同调 / 同音异调), ``same_stroke.txt`` (形近),
  ``common_char_set.txt`` (3,500 common characters), read as data files located with
  ``importlib.util.find_spec`` — pycorrector's ``__init__`` is never imported (it needs torch).
- Learned confusion pairs: ``resources/typo/confusion_pairs.tsv`` (which character was written for which,
  counted from the ECSpell odw training diffs by ``benchmarks/learn_confusions.py``; no sentence is kept).
- Similar shapes beyond the stroke sets: common characters whose stroke sequences (pycorrector's
  ``stroke.txt``) differ by one stroke (木/术, 日/目, 厂/广, 大/太).
- Similar sounds beyond same pinyin: common characters whose pinyin differs only by a front/back nasal
  or a retroflex/flat initial or n/l, f/h (yin/ying, zhen/zheng, si/shi), from ``pypinyin``.
- Protected names: pycorrector's ``person_name.txt`` / ``place_name.txt``.
- More words than jieba knows (issue 16: the corrected word must be a known word for its candidate to
  count): pycorrector's ``word_freq.txt`` (jieba's counts plus 235k words), the ``wordfreq`` package's
  Chinese list (334k words; its data is CC-BY-SA 4.0 and stays inside the installed package, it is never
  copied into gov-docs), and the shipped office vocabularies ``resources/wordlists/公文写作词表.txt``,
  ``法律.txt``, ``成语.txt`` (ECSpell, MIT). The merged counts are a copy: jieba's own dictionary, which
  the other checks segment with, is left unchanged.

Everything is built once (a few seconds) and kept in the precompiled cache (:mod:`gov_docs.cache`, keyed by
the content of every source file), then loaded once per process (``lru_cache``) in a few hundredths of a
second. The word counts are filled as texts need them (``TypoResources.ensure``): a one-page check
decodes the words its character pairs (and its candidates') can begin, a few per cent of 900,000; a missing
data file degrades the checker (fewer candidates) instead of failing, and
``TypoResources.missing`` names what was not found.
"""

from __future__ import annotations

import functools
import importlib.util
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gov_docs import paths
from gov_docs.cache import WordShards

# Relative prior weights (log-space) of each kind of confusion.
PRIOR_LEARNED = -1.0
PRIOR_SAME_TONE = -1.0
PRIOR_OTHER_TONE = -2.0
PRIOR_SHAPE = -2.5
PRIOR_FUZZY_SOUND = -3.0
PRIOR_ONE_STROKE = -3.0
# a rare character's sound-alike or shape-alike common character (add_rare_characters): as weak as a fuzzy
# sound, since rare characters are also what river and person names are written with (耒水, 纾困)
PRIOR_RARE = -3.0

FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"), ("f", "h"), ("r", "l"))
FUZZY_FINALS = (("ing", "in"), ("eng", "en"), ("ang", "an"), ("iang", "ian"), ("uang", "uan"))


def pycorrector_data_dir() -> Path | None:
    """Return pycorrector's data folder without importing the package (its __init__ pulls in torch).

    In the installed app (PyInstaller) pycorrector's code is left out and its data files sit in
    ``<app>/pycorrector/data``.
    """
    import sys

    try:
        spec = importlib.util.find_spec("pycorrector")
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0]) / "data"
    frozen = getattr(sys, "_MEIPASS", None)
    for folder in ([Path(frozen) / "pycorrector" / "data"] if frozen else []) + [
            paths.resources_dir() / "typo" / "pycorrector_data"]:
        if folder.is_dir():
            return folder
    return None


def is_han(ch: str) -> bool:
    """Return True for a CJK unified ideograph."""
    return "\u4e00" <= ch <= "\u9fff"


@dataclass
class TypoResources:
    """Word counts, confusion candidates and protected names."""

    freq: dict[str, int]
    log_total: float
    confusions: dict[str, dict[str, float]]  # char → {candidate char: log prior}
    common_chars: frozenset[str]
    names: frozenset[str]
    missing: list[str] = field(default_factory=list)
    vocab: frozenset[str] = frozenset()  # words of the shipped office vocabularies (protected as written)
    # counts laid over jieba's (see extra_counts); empty when loaded from the cache (they are in freq)
    overlay: dict[str, int] = field(default_factory=dict)
    # None: ``freq`` is whole; otherwise the cache entry that fills ``freq`` as texts need it (ensure)
    lazy: WordShards | None = field(default=None, repr=False, compare=False)

    def ensure(self, text: str) -> None:
        """Make ``freq`` hold every word whose first two characters stand together in ``text``.

        Every lookup of the detector is a piece of the text it checks, or of the text with one character
        changed (``ensure`` is called on the changed piece: left neighbour, candidate, right neighbour),
        so the answers are those of the whole table. A no-op once the table is whole.
        """
        lazy = self.lazy
        if lazy is not None and not lazy.complete:
            lazy.ensure(text)

    def complete(self) -> dict[str, int]:
        """Return ``freq`` with every word in it (loads the rest when it was filled as needed)."""
        if self.lazy is not None:
            self.lazy.fill_all()
        return self.freq

    @functools.cached_property
    def log_probs(self) -> dict[str, float]:
        """Word → unigram log probability, for every counted word (prefix-only entries left out)."""
        self.complete()
        lt = self.log_total
        return {w: math.log(c) - lt for w, c in self.freq.items() if c}

    @functools.cached_property
    def joins(self) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
        """(follows, precedes): for each character, the characters that stand right after / right before it
        inside a dictionary word counted at least 3 times. A candidate can only form a word with its
        neighbours if it is in follows[left neighbour] or precedes[right neighbour] — a set intersection
        that rejects most candidates before any word is looked up.
        """
        follows: dict[str, set[str]] = {}
        precedes: dict[str, set[str]] = {}
        for word, count in self.freq.items():
            if count >= 3 and len(word) >= 2:
                for a, b in zip(word, word[1:], strict=False):
                    follows.setdefault(a, set()).add(b)
                    precedes.setdefault(b, set()).add(a)
        return ({k: frozenset(v) for k, v in follows.items()}, {k: frozenset(v) for k, v in precedes.items()})


def _read_lines(path: Path) -> list[str]:
    return [line.rstrip("\n") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def _add(conf: dict[str, dict[str, float]], a: str, b: str, prior: float) -> None:
    if a == b or not (is_han(a) and is_han(b)):
        return
    slot = conf.setdefault(a, {})
    if prior > slot.get(b, -99.0):
        slot[b] = prior


def learned_pairs_path() -> Path:
    """Return the shipped learned confusion pairs file."""
    return paths.resources_dir() / "typo" / "confusion_pairs.tsv"


def read_learned_pairs(path: Path) -> dict[tuple[str, str], int]:
    """Read ``wrong<TAB>right<TAB>count`` lines."""
    pairs: dict[tuple[str, str], int] = {}
    for line in _read_lines(path):
        cols = line.split("\t")
        if len(cols) >= 3 and len(cols[0]) == 1 and len(cols[1]) == 1 and cols[2].isdigit():
            pairs[(cols[0], cols[1])] = int(cols[2])
    return pairs


def build_confusions(data: Path | None, learned: dict[tuple[str, str], int],
                     missing: list[str]) -> dict[str, dict[str, float]]:
    """Merge pycorrector's pinyin and stroke sets with learned pairs into char → {candidate: prior}."""
    conf: dict[str, dict[str, float]] = {}
    pinyin = data / "same_pinyin.txt" if data else None
    if pinyin and pinyin.is_file():
        for line in _read_lines(pinyin):
            cols = line.split("\t")
            if len(cols) < 2 or len(cols[0]) != 1:
                continue
            for ch in cols[1]:
                _add(conf, cols[0], ch, PRIOR_SAME_TONE)
            for ch in cols[2] if len(cols) > 2 else "":
                _add(conf, cols[0], ch, PRIOR_OTHER_TONE)
    else:
        missing.append("same_pinyin.txt")
    stroke = data / "same_stroke.txt" if data else None
    if stroke and stroke.is_file():
        for line in _read_lines(stroke):
            group = [c for c in line.split("\t") if len(c) == 1]
            for a in group:
                for b in group:
                    _add(conf, a, b, PRIOR_SHAPE)
    else:
        missing.append("same_stroke.txt")
    for (wrong, right), count in learned.items():
        _add(conf, wrong, right, PRIOR_LEARNED + min(math.log(count), 1.0))
    return conf


def fuzzy_variants(pinyin: str) -> set[str]:
    """Pinyin strings one common confusion away (front/back nasal, flat/retroflex, n/l, f/h, r/l)."""
    out = set()
    for a, b in FUZZY_INITIALS:
        for x, y in ((a, b), (b, a)):
            if pinyin.startswith(x) and not (x == "z" and pinyin.startswith(("zh",))) \
                    and not (x in ("c", "s") and pinyin.startswith(x + "h")):
                out.add(y + pinyin[len(x):])
    for a, b in FUZZY_FINALS:
        for x, y in ((a, b), (b, a)):
            if pinyin.endswith(x) and not (x == "an" and pinyin.endswith(("ian", "uan", "ang"))) \
                    and not (x == "in"
                             and pinyin.endswith("ing")) and not (x == "en" and pinyin.endswith("eng")):
                out.add(pinyin[: -len(x)] + y)
    out.discard(pinyin)
    return out


def add_similar_sounds(conf: dict[str, dict[str, float]], common: frozenset[str], missing: list[str]) -> None:
    """Add fuzzy-pinyin candidates among common characters."""
    try:
        from pypinyin import Style, pinyin
    except ImportError:
        missing.append("pypinyin")
        return
    by_sound: dict[str, list[str]] = {}
    sound: dict[str, list[str]] = {}
    for ch in common:
        readings = pinyin(ch, style=Style.NORMAL, heteronym=True)[0]
        sound[ch] = readings
        for r in readings:
            by_sound.setdefault(r, []).append(ch)
    for ch, readings in sound.items():
        for r in readings:
            for v in fuzzy_variants(r):
                for other in by_sound.get(v, ()):
                    _add(conf, ch, other, PRIOR_FUZZY_SOUND)


def add_one_stroke_shapes(conf: dict[str, dict[str, float]], data: Path | None, common: frozenset[str],
                          missing: list[str]) -> None:
    """Add common characters whose stroke sequences are one stroke apart (at least three strokes)."""
    path = data / "stroke.txt" if data else None
    if not path or not path.is_file():
        missing.append("stroke.txt")
        return
    strokes: dict[str, str] = {}
    for line in _read_lines(path):
        cols = line.split("\t")
        if len(cols) >= 2 and cols[0] in common:
            strokes[cols[0]] = cols[1]
    # one stroke apart = equal after deleting one stroke at the same place (a substituted stroke) or
    # one sequence equals the other with one stroke deleted (an added stroke); indexed, not pairwise
    by_seq: dict[str, list[str]] = {}
    deleted: dict[tuple[str, int], list[str]] = {}
    for ch, seq in strokes.items():
        by_seq.setdefault(seq, []).append(ch)
        for i in range(len(seq)):
            deleted.setdefault((seq[:i] + seq[i + 1:], i), []).append(ch)
    for group in deleted.values():
        for a in group:
            for b in group:
                if len(strokes[a]) >= 3:
                    _add(conf, a, b, PRIOR_ONE_STROKE)
    for ch, seq in strokes.items():
        if len(seq) < 3:
            continue
        for i in range(len(seq)):
            for other in by_seq.get(seq[:i] + seq[i + 1:], ()):
                _add(conf, ch, other, PRIOR_ONE_STROKE)
                _add(conf, other, ch, PRIOR_ONE_STROKE)


RARE_SHARED_STROKES = 6  # a rare character's shape neighbour shares its first or last strokes, this many


def add_rare_characters(conf: dict[str, dict[str, float]], data: Path | None, common: frozenset[str],
                        missing: list[str]) -> None:
    """Give the characters outside the common set that have no confusion set yet common characters to be
    read as: the same sound (any reading, tones aside; 侥悻 → 侥幸, 菅理 → 管理) and a shared component —
    the same first or last :data:`RARE_SHARED_STROKES` strokes (密隼 → 密集, 嗨关 → 海关) or one stroke
    apart (炅活 → 灵活). A rare character is where a slip of the input method or the eye lands most
    visibly (it forms no word), and pycorrector's sets hold common characters only: on odw.train about
    one wrong character in twenty had no candidate at all.
    """
    if not common:
        return
    try:
        from pypinyin import Style, pinyin
    except ImportError:
        missing.append("pypinyin")
        return
    sounds: dict[str, list[str]] = {}
    for ch in common:
        for r in pinyin(ch, style=Style.NORMAL, heteronym=True)[0]:
            sounds.setdefault(r, []).append(ch)
    strokes: dict[str, str] = {}
    path = data / "stroke.txt" if data else None
    if path and path.is_file():
        for line in _read_lines(path):
            cols = line.split("\t")
            if len(cols) >= 2 and len(cols[0]) == 1:
                strokes[cols[0]] = cols[1]
    n = RARE_SHARED_STROKES
    heads: dict[str, list[str]] = {}
    tails: dict[str, list[str]] = {}
    near: dict[tuple[str, int], list[str]] = {}  # a stroke deleted (as add_one_stroke_shapes)
    for ch in common:
        seq = strokes.get(ch, "")
        if len(seq) >= n:
            heads.setdefault(seq[:n], []).append(ch)
            tails.setdefault(seq[-n:], []).append(ch)
        if len(seq) >= 3:
            for i in range(len(seq)):
                near.setdefault((seq[:i] + seq[i + 1:], i), []).append(ch)
    for code in range(0x4E00, 0xA000):
        ch = chr(code)
        if ch in common or ch in conf:
            continue
        for r in pinyin(ch, style=Style.NORMAL, heteronym=True)[0]:
            for other in sounds.get(r, ()):
                _add(conf, ch, other, PRIOR_RARE)
        seq = strokes.get(ch, "")
        if len(seq) >= n:
            for other in heads.get(seq[:n], []) + tails.get(seq[-n:], []):
                if abs(len(strokes[other]) - len(seq)) <= 3:
                    _add(conf, ch, other, PRIOR_RARE)
        if len(seq) >= 4:
            for i in range(len(seq)):
                for other in near.get((seq[:i] + seq[i + 1:], i), ()):  # a stroke substituted
                    _add(conf, ch, other, PRIOR_RARE)


#: pycorrector's data files the tables are built from (their content keys the precompiled cache).
DATA_FILES = ("same_pinyin.txt", "same_stroke.txt", "stroke.txt", "common_char_set.txt", "person_name.txt",
              "place_name.txt", "word_freq.txt")


WORDFREQ_SCALE = 1.85  # wordfreq frequency × jieba's total × this ≈ a jieba count (median, 44k shared words)
VOCAB_COUNT = 300  # count given to an office-vocabulary word that no frequency list knows
MAX_EXTRA_WORD = 8
VOCABULARY_FILES = ("公文写作词表.txt", "法律.txt", "成语.txt")


def _han_word(word: str) -> bool:
    return 2 <= len(word) <= MAX_EXTRA_WORD and all(is_han(c) for c in word)


def read_office_vocabulary(folder: Path | None = None) -> frozenset[str]:
    """Words of the shipped vocabularies (``resources/wordlists``: 公文写作词表, 法律, 成语), Han only."""
    folder = folder or paths.resources_dir() / "wordlists"
    words: set[str] = set()
    for name in VOCABULARY_FILES:
        path = folder / name
        if path.is_file():
            for line in _read_lines(path):
                word = line.split("\t")[0].strip()
                if _han_word(word):
                    words.add(word)
    return frozenset(words)


def read_extra_counts(data: Path | None, total: int, missing: list[str]) -> dict[str, int]:
    """Word → count from pycorrector's word_freq.txt and wordfreq's Chinese list (on jieba's scale)."""
    counts: dict[str, int] = {}
    wf = data / "word_freq.txt" if data else None
    if wf and wf.is_file():
        with wf.open(encoding="utf-8") as fh:
            for line in fh:
                cols = line.split(" ")
                if len(cols) >= 2 and cols[1].isdigit() and _han_word(cols[0]):
                    counts[cols[0]] = int(cols[1])
    else:
        missing.append("word_freq.txt")
    try:
        import wordfreq
    except ImportError:
        missing.append("wordfreq")
        return counts
    scale = total * WORDFREQ_SCALE
    for word, f in wordfreq.get_frequency_dict("zh", wordlist="large").items():
        if _han_word(word):
            c = int(f * scale)
            if c > counts.get(word, 0):
                counts[word] = c
    return counts


def extra_counts(base: dict[str, int], extra: dict[str, int], vocab: frozenset[str]) -> dict[str, int]:
    """Return the entries to lay over jieba's prefix dictionary: words whose count the other lists raise
    (an office-vocabulary word gets at least :data:`VOCAB_COUNT`) and their new prefixes (count 0).
    """
    overlay: dict[str, int] = {}
    for word in vocab:
        if extra.get(word, 0) < VOCAB_COUNT:
            extra[word] = VOCAB_COUNT
    for word, count in extra.items():
        if count > base.get(word, 0):
            overlay[word] = count
            for k in range(1, len(word)):
                if word[:k] not in base:
                    overlay.setdefault(word[:k], 0)
    return overlay


def merged_counts(base: dict[str, int], overlay: dict[str, int]) -> dict[str, int]:
    """Return a copy of jieba's prefix dictionary with ``overlay`` laid over it (jieba's stays unchanged)."""
    freq = dict(base)
    freq.update(overlay)
    return freq


def build_resources(tok, base: dict[str, int], data: Path | None, learned_path: Path) -> TypoResources:
    """Build every table from the source files (a few seconds; :func:`load_resources` caches the result).

    Args:
        tok: jieba's initialised default Tokenizer (its total count).
        base: jieba's whole prefix dictionary (:func:`gov_docs.text.segment.whole_dictionary`).
        data: pycorrector's data folder, or None.
        learned_path: the learned confusion pairs file.
    """
    missing: list[str] = []
    if data is None:
        missing.append("pycorrector 数据目录")
    extra = read_extra_counts(data, tok.total, missing)
    # the lists carry a few slips of their own (法律.txt: 效律): a two-character entry counts only when
    # a frequency list knows it too
    vocab = frozenset(w for w in read_office_vocabulary() if len(w) >= 3 or base.get(w) or extra.get(w))
    overlay = extra_counts(base, extra, vocab)
    freq = merged_counts(base, overlay)
    lp = learned_path
    learned = read_learned_pairs(lp) if lp.is_file() else {}
    if not learned:
        missing.append(str(lp))
    common: frozenset[str] = frozenset()
    names: set[str] = set()
    if data is not None:
        cc = data / "common_char_set.txt"
        common = frozenset(c for c in (_read_lines(cc) if cc.is_file() else []) if len(c) == 1)
    conf = build_confusions(data, learned, missing)
    add_similar_sounds(conf, common, missing)
    add_one_stroke_shapes(conf, data, common, missing)
    add_rare_characters(conf, data, common, missing)
    if data is not None:
        for name_file in ("person_name.txt", "place_name.txt"):
            f = data / name_file
            if f.is_file():
                names.update(w.split()[0] for w in _read_lines(f) if len(w.split()[0]) >= 2)
    return TypoResources(freq=freq, log_total=math.log(tok.total), confusions=conf, common_chars=common,
                         names=frozenset(names), missing=missing, vocab=vocab,
                         overlay=overlay)


def _pack(res: TypoResources) -> dict:
    """Return the cacheable part of ``res``: all but the counts (their own cache entry), and the per-
    character tables (join sets, confusion sets) as bytes that are decoded only for the characters a
    check meets; the names as one string (a set of 58,000 strings unpickles twice as slowly).
    """
    import marshal

    follows, precedes = res.joins
    return {
        "fields": {k: v for k, v in vars(res).items()
                   if k not in ("freq", "joins", "log_probs", "overlay", "lazy", "confusions", "names")},
        "follows": {k: "".join(sorted(v)).encode() for k, v in follows.items()},
        "precedes": {k: "".join(sorted(v)).encode() for k, v in precedes.items()},
        "confusions": {k: marshal.dumps(v) for k, v in res.confusions.items()},
        "names": "\n".join(sorted(res.names)),
    }


class LazyTable(Mapping):
    """Character → value, kept as bytes and decoded (by ``decode``) the first time a character is asked.

    Loading 13,000 join sets of half a million characters or 4,000 confusion sets takes tens of
    milliseconds; a one-page check needs a few hundred of them.
    """

    def __init__(self, blobs: dict[str, bytes], decode) -> None:
        self._blobs = blobs
        self._decode = decode
        self._values: dict = {}

    def __getitem__(self, key: str):
        found = self._values.get(key)
        if found is None:
            found = self._values[key] = self._decode(self._blobs[key])
        return found

    def get(self, key: str, default=None):
        """Return the value of ``key``, or ``default``."""
        found = self._values.get(key)
        if found is None:
            blob = self._blobs.get(key)
            if blob is None:
                return default
            found = self._values[key] = self._decode(blob)
        return found

    def __contains__(self, key: object) -> bool:
        return key in self._blobs

    def __iter__(self):
        return iter(self._blobs)

    def __len__(self) -> int:
        return len(self._blobs)


def _char_set(blob: bytes) -> frozenset[str]:
    return frozenset(blob.decode())


def _unpack(packed: dict, counts: WordShards) -> TypoResources:
    import marshal

    names = packed["names"]
    res = TypoResources(freq=counts.table, **packed["fields"], lazy=counts,
                        confusions=LazyTable(packed["confusions"], marshal.loads),
                        names=frozenset(names.split("\n")) if names else frozenset())
    res.__dict__["joins"] = (LazyTable(packed["follows"], _char_set),
                             LazyTable(packed["precedes"], _char_set))
    return res


def installed_version(package: str) -> str:
    """Return the name of ``package``'s installed ``*.dist-info`` folder (it holds the version), or "?".

    Read from the folder name: ``importlib.metadata`` costs a twentieth of a second to import, a tenth
    of a cold one-page check. Frozen builds may have no such folder: the app version still keys the cache.
    """
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return "?"
    if spec is None or not spec.origin:
        return "?"
    site = Path(spec.origin).parent.parent
    found = sorted(p.name for p in site.glob(f"{package}-*.dist-info"))
    return found[-1] if found else "?"


@functools.lru_cache(maxsize=4)
def load_resources(learned_path: Path | None = None) -> TypoResources:
    """Load everything once per process, from the precompiled cache (:mod:`gov_docs.cache`) when it is
    current: it is keyed by the content of jieba's dictionary, pycorrector's data files, the learned pairs
    and this module, so changing any of them rebuilds the tables on first use.
    """
    from gov_docs import cache
    from gov_docs.text.segment import segmenter, whole_dictionary

    jieba = segmenter()
    tok = jieba.dt  # the default Tokenizer, initialised by segmenter()
    data = pycorrector_data_dir()
    lp = learned_path or learned_pairs_path()
    sources = [Path(__file__), lp, Path(jieba.__file__).resolve().parent / "dict.txt",
               *[data / f for f in DATA_FILES if data is not None],
               *[paths.resources_dir() / "wordlists" / f for f in VOCABULARY_FILES]]
    versions = [f"{package}={installed_version(package)}" for package in ("pypinyin", "wordfreq")]
    parts = [str(data), str(lp), *versions, f"total={tok.total}"]
    built: list[TypoResources] = []

    def build() -> TypoResources:  # once per process at most: both entries come from one build
        if not built:
            built.append(build_resources(tok, whole_dictionary(), data, lp))
        return built[0]

    packed = cache.load_or_build("typo-resources", sources, lambda: _pack(build()), parts=parts)
    counts = cache.load_or_build_shards("typo-counts", sources, lambda: (build().freq, None), parts=parts)
    return _unpack(packed, counts)
