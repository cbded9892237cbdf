"""Word segmentation (jieba), loaded lazily and once, with its dictionary from the precompiled cache.

jieba builds a prefix dictionary of about 500,000 entries from its 5 MB word list; its own cache loads in
about half a second. Here the dictionary is kept in the user cache folder in buckets by the words' first
two characters (keyed by the word list's content and jieba's version, see :mod:`gov_docs.cache`), and only
the words that can occur in the texts segmented so far are decoded — a one-page notice needs a few per
cent of them — and only when a rule that needs words runs: punctuation, number and format checks never
load it.

``tokens(text)`` segments a paragraph once (no HMM, as every rule here uses it) and keeps the result for
the other rules that ask for the same text; ``is_whole_word``, ``joins_two_words`` and ``starts_word``
test word boundaries around a match.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from math import log
from pathlib import Path

from gov_docs.compiled import current

_jieba = None
_lock = threading.RLock()
_POS_TAGGER = None


def _dictionary_file(jieba) -> Path:
    return Path(jieba.__file__).resolve().parent / "dict.txt"


def _import_jieba():
    """Import jieba without ``pkg_resources`` (its import alone takes a third of a second).

    Without it jieba opens its data files from its own folder: the same files.
    """
    import sys

    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # makes "import pkg_resources" fail inside jieba only
    try:
        import jieba
    finally:
        if "pkg_resources" in sys.modules and sys.modules["pkg_resources"] is None:
            del sys.modules["pkg_resources"]
    return jieba


def segmenter():
    """Return the jieba module with its default dictionary loaded (from the precompiled cache).

    The dictionary is filled as texts need it (:class:`gov_docs.cache.WordShards`): before jieba looks at
    a text, every word whose first two characters stand together in the text is in ``jieba.dt.FREQ`` —
    every word jieba's segmentation of that text can look up, as it only looks up pieces of the text —
    so the result is the same as with the whole dictionary. :func:`whole_dictionary` loads all of it.
    """
    global _jieba
    if _jieba is not None:
        return _jieba
    with _lock:
        if _jieba is None:
            import logging

            from gov_docs import cache

            with cache.loading():
                jieba = _import_jieba()
            jieba.setLogLevel(logging.WARNING)
            dt = jieba.dt
            with dt.lock:
                if not dt.initialized and dt.dictionary == jieba.DEFAULT_DICT:
                    dict_file = _dictionary_file(jieba)
                    if dict_file.is_file():
                        shards = cache.load_or_build_shards(
                            "jieba-dict", [dict_file], lambda: dt.gen_pfdict(dt.get_dict_file()),
                            parts=[f"jieba={jieba.__version__}"])
                        dt.FREQ, dt.total = shards.table, shards.meta
                        _fill_on_demand(dt, shards)
                        dt.initialized = True
            with cache.loading():
                jieba.initialize()  # no-op when loaded above; jieba's own loading otherwise
            _jieba = jieba
    return _jieba


_shards = None


def _fill_on_demand(dt, shards) -> None:
    """Make ``dt.get_DAG`` (where all of jieba's cutting starts: plain, HMM, search mode and the POS
    tagger) first put the words the text can contain into ``dt.FREQ``.
    """
    global _shards
    _shards = shards
    get_dag = dt.get_DAG

    def get_DAG(sentence):  # noqa: N802 - jieba's name
        if not shards.complete:
            shards.ensure(sentence)
        return get_dag(sentence)

    dt.get_DAG = get_DAG


def whole_dictionary() -> dict[str, int]:
    """Return jieba's whole prefix dictionary (``jieba.dt.FREQ``, all of it loaded)."""
    jieba = segmenter()
    if _shards is not None:
        _shards.fill_all()
    return jieba.dt.FREQ


def pos_tagger():
    """Return ``jieba.posseg`` with its word-tag table from the precompiled cache.

    Importing ``jieba.posseg`` reads the whole word list again to build a word → tag table (about a
    second); here the import is given an empty list and the table comes from the cache instead.
    """
    global _POS_TAGGER
    if _POS_TAGGER is not None:
        return _POS_TAGGER
    with _lock:
        if _POS_TAGGER is None:
            import sys

            from gov_docs import cache

            jieba = segmenter()
            with cache.loading():  # compiling jieba's tagger models can take a while on a busy machine
                if "jieba.posseg" not in sys.modules:
                    _load_pos_tagger(jieba)
                import jieba.posseg as posseg
            _POS_TAGGER = posseg
    return _POS_TAGGER


def _load_pos_tagger(jieba) -> None:
    import io

    from gov_docs import cache

    dt = jieba.dt
    dt.get_dict_file = lambda: io.BytesIO(b"")  # the import builds an empty table …
    try:
        import jieba.posseg as posseg
    finally:
        del dt.get_dict_file

    def build() -> dict[str, str]:
        posseg.dt.load_word_tag(jieba.dt.get_dict_file())
        return posseg.dt.word_tag_tab

    posseg.dt.word_tag_tab = cache.load_or_build(  # … and the real one comes from the cache
        "jieba-tags", [_dictionary_file(jieba)], build, parts=[f"jieba={jieba.__version__}"])


class _Memo:
    """A small least-recently-used memo of paragraph segmentations (shared by the rules of one check)."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self.items: OrderedDict[str, tuple[tuple[str, int, int], ...]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, text: str) -> tuple[tuple[str, int, int], ...] | None:
        with self.lock:
            found = self.items.get(text)
            if found is not None:
                self.items.move_to_end(text)
            return found

    def put(self, text: str, value: tuple[tuple[str, int, int], ...]) -> None:
        with self.lock:
            self.items[text] = value
            if len(self.items) > self.size:
                self.items.popitem(last=False)


_memo = _Memo()


def tokens(text: str) -> tuple[tuple[str, int, int], ...]:
    """Return (word, start, end) of every token of ``text`` (jieba, no HMM), segmenting each text once.

    jieba cuts inside runs of Han characters, letters and digits and never across punctuation, so the
    tokens of a paragraph are exactly the tokens of its sentences: a rule that works sentence by
    sentence may use the paragraph's segmentation.
    """
    found = _memo.get(text)
    if found is None:
        found = tuple(_tokenize(segmenter(), text))
        _memo.put(text, found)
    return found


def _route(blk: str, freq: dict[str, int], logtotal: float) -> list[int]:
    """Return the end of the word jieba chooses at each start of a block of Han characters: its ``get_DAG``
    and ``calc`` folded into one backward loop (the same dictionary lookups, the same arithmetic in the same
    order and the same tie-breaking, the longer word). ``_route.pyx`` holds the same code compiled.
    """
    get = freq.get
    n = len(blk)
    value = [0.0] * (n + 1)
    nxt = [0] * n
    for k in range(n - 1, -1, -1):  # calc: max over the words starting at k, the longer on ties
        best = None
        i = k
        frag = blk[k]
        count = get(frag)
        while count is not None:
            if count:
                v = log(count) - logtotal + value[i + 1]
                if best is None or v >= best:
                    best, end = v, i
            i += 1
            if i >= n:
                break
            frag = blk[k:i + 1]
            count = get(frag)
        if best is None:  # no word starts here: the character alone, counted 1 if unknown
            best, end = log(get(blk[k]) or 1) - logtotal + value[k + 1], k
        value[k] = best
        nxt[k] = end + 1
    return nxt


ENGLISH = re.compile("[a-zA-Z0-9]", re.U)  # jieba's re_eng: single letters and digits are merged


def _cut(blk: str, freq: dict[str, int], logtotal: float, at: int, out: list[tuple[str, int, int]]) -> int:
    """Append (word, start, end) of the tokens of a block of Han characters, letters and digits that
    starts at offset ``at`` to ``out`` (jieba's route, then single letters and digits merged as its
    ``cut`` does) and return the offset after the block. ``_route.pyx`` holds the same code compiled.
    """
    n = len(blk)
    nxt = _route(blk, freq, logtotal)
    x = 0
    buf = ""
    while x < n:
        y = nxt[x]
        word = blk[x:y]
        if y - x == 1 and ENGLISH.match(word):
            buf += word
        else:
            if buf:
                out.append((buf, at, at + len(buf)))
                at += len(buf)
                buf = ""
            out.append((word, at, y - x + at))
            at += y - x
        x = y
    if buf:
        out.append((buf, at, at + len(buf)))
        at += len(buf)
    return at


# compiled by setup.py where a compiler was found (most of the segmentation's time), unless stale
_compiled = current("gov_docs.text._route")
route = getattr(_compiled, "route", _route)
cut = getattr(_compiled, "cut", _cut)


def _tokenize(jieba, text: str) -> list[tuple[str, int, int]]:
    """Return ``jieba.tokenize(text, HMM=False)`` as a list, computed in one pass per block.

    The same steps as jieba's ``cut`` (blocks of Han/Latin/digits cut on the dictionary, whitespace runs
    and other characters one by one, single Latin letters and digits merged) with its ``get_DAG`` and
    ``calc`` folded into one backward loop: the same dictionary lookups, the same arithmetic in the same
    order and the same tie-breaking (the longer word), so the tokens are jieba's (tested on the corpus).
    """
    dt = jieba.dt
    dt.check_initialized()
    re_han, re_skip = jieba.re_han_default, jieba.re_skip_default
    shards = _shards if _shards is not None and not _shards.complete else None
    freq = dt.FREQ
    logtotal = log(dt.total)
    out: list[tuple[str, int, int]] = []
    at = 0
    for blk in re_han.split(text):
        if not blk:
            continue
        if re_han.match(blk):
            if shards is not None:
                shards.ensure(blk)
            at = cut(blk, freq, logtotal, at, out)
        else:
            for piece in re_skip.split(blk):
                if re_skip.match(piece):
                    out.append((piece, at, at + len(piece)))
                    at += len(piece)
                else:
                    for ch in piece:
                        out.append((ch, at, at + 1))
                        at += 1
    return out


def _window_tokens(text: str, start: int, end: int, window: int = 8) -> list[tuple[int, int]]:
    lo = max(0, start - window)
    hi = min(len(text), end + window)
    # jieba's cut(HMM=False) of the window, in one pass (_tokenize: the same tokens, the compiled route)
    return [(lo + a, lo + b) for _word, a, b in _tokenize(segmenter(), text[lo:hi])]


def is_whole_word(text: str, start: int, end: int, window: int = 8) -> bool:
    """Return True when ``text[start:end]`` starts and ends on word boundaries (jieba, around the match).

    "鲜族" inside 朝鲜族, "村长" inside 农村长治久安 and "署长" inside 副署长 are not whole words.
    """
    bounds = {max(0, start - window)}
    bounds.update(b for _, b in _window_tokens(text, start, end, window))
    return start in bounds and end in bounds


def joins_two_words(text: str, start: int, end: int) -> bool:
    """Return True when ``text[start:end]`` is the tail of one word plus the head of the next.

    定单 in 制定|单项, 展转 in 发展|转变, 备按 in 设备|按照 and 股分 in 按|股|分红 cut into a real word
    and are not the misspelling they look like; 竟争 in 竟争力 (one token holds the whole match) still is.
    Precision first: a misspelling glued to a neighbouring word (部们 in 各部|们) is given up.
    """
    overlapping = [(a, b) for a, b in _window_tokens(text, start, end) if a < end and start < b]
    if len(overlapping) < 2:
        return False
    (a0, b0), (a1, b1) = overlapping[0], overlapping[-1]
    return (a0 < start and b0 - a0 >= 2) or (b1 > end and b1 - a1 >= 2)


def starts_word(text: str, pos: int) -> bool:
    """Return True when a word starts at ``pos`` (jieba boundaries around it)."""
    return any(a == pos for a, _ in _window_tokens(text, pos, pos + 1))
