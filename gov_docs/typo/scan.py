"""The fast path's scan of a sentence: which positions could hold a typo at all (the pure-Python version).

:func:`scan` walks a sentence's suspects (characters alone or in rare words) and settles, for each, every
candidate it can by a bound (the candidate's own words, see ``WindowScorer.rank``); the few positions
left, about one in a hundred, are what ``FastDetector`` ranks exactly. This is the loop the statistical
rule spends its time in — half a million candidates per corpus pass — so ``_scan.pyx`` holds the same
code compiled (built by ``setup.py``: ``pip install -e .``). The compiled twin is used when it was built and
this module otherwise (a source tree without a compiler); both give the same answers, bit for bit
(``tests/typo/test_scan.py``). A change here must be made there too.
"""

from __future__ import annotations

from math import log

from gov_docs.text.segment import tokens

MAX_WORD = 5  # longest word the window segmentation considers
WINDOW = 4  # characters either side of the position scored
OFFICE_MIN, OFFICE_MAX = 3, 8  # office-vocabulary words protect() makes hard (see WordGraph.office)
FUNCTION_CHAR_COUNT = 150_000  # characters this frequent on their own (的 是 在 和 …) need more evidence
FUNCTION_CHAR_PENALTY = 3.0
NEAR_MEMO = 200_000  # (character, left, right) triples whose word-forming candidates are kept
PIECE_MEMO = 400_000  # pieces of text whose best segmentation is kept (WindowScorer.rank)
DEAD_MEMO = 400_000  # contexts where no candidate reaches the threshold (scan)
BOUND_SLACK = 1e-9  # rounding allowance of the gain bound (WindowScorer.gain; scores are tens of units)


def suspects(text: str, freq: dict[str, int], rare: int) -> list[int]:
    """Positions of Chinese characters of ``text`` that stand alone or sit in a word counted under
    ``rare`` times (jieba's segmentation, no HMM). ``freq`` must hold the text's words (``res.ensure``).
    """
    out = []
    for word, start, end in tokens(text):
        if end - start == 1:
            if "\u4e00" <= word <= "\u9fff":  # is_han, inline: this runs for every character
                out.append(start)
        elif freq.get(word, 0) < rare:
            out.extend(i for i in range(start, end) if "\u4e00" <= text[i] <= "\u9fff")
    return out


def reach_and_office(text: str, freq: dict[str, int], vocab: frozenset[str]) -> tuple[list[int], set[int]]:
    """Return (``reach``, ``office``) of ``text`` (see ``WordGraph``): ``reach[k]`` is the largest ``e``
    with ``text[k:e]`` a key of jieba's prefix dictionary ``freq`` (``k`` when none is, at most
    ``k + MAX_WORD``), and ``office`` the positions inside an office-vocabulary word (``vocab``) of
    ``OFFICE_MIN`` to ``OFFICE_MAX`` characters — every such word and its prefixes are keys of ``freq``,
    so one walk per start finds both.
    """
    n = len(text)
    reach: list[int] = []
    office: set[int] = set()
    for k in range(n):
        word = text[k]
        if word not in freq:
            reach.append(k)
            continue
        end = k + 1
        limit = k + MAX_WORD if k + MAX_WORD < n else n
        while end < limit:
            word += text[end]
            if word not in freq:
                break
            end += 1
            if end - k >= OFFICE_MIN and word in vocab:
                office.update(range(k, end))
        else:
            if end - k == MAX_WORD:  # longer office words: the walk goes on for them alone
                e = end
                while e < n and e - k < OFFICE_MAX:
                    word += text[e]
                    if word not in freq:
                        break
                    e += 1
                    if word in vocab:
                        office.update(range(k, e))
        reach.append(end)
    return reach, office


def near_key(text: str, pos: int) -> object:
    """Return the key of ``FastDetector._near_at`` for ``pos``: the position's character with its
    neighbours (a string of two or three characters; at the start, a tuple — never equal to a string).
    """
    return text[pos - 1:pos + 2] if pos else (text[:2],)


def scan(det, text: str, min_score: float, hard) -> tuple[list[tuple[int, tuple[str, ...]]], tuple | None]:
    """Return the positions of ``text`` where a candidate of ``det`` (a ``FastDetector``) may reach
    ``min_score`` — each with its word-forming candidates (``FastDetector.near``) — and the
    (``reach``, ``office``) of the text (None when it has no suspect).

    Skipped: positions in an office word or in ``hard`` (a set, or None), with no candidate forming a
    word, in a context settled before (``det._dead``), or settled now: every candidate that forms a word
    is bounded below its floor by its own words, the first test of ``WindowScorer.rank`` (whose answer
    for such a position is [] without the window's tables; the context is remembered). The caller ranks
    the positions returned exactly. ``res.ensure(text)`` must have been called.
    """
    res = det.res
    freq = res.freq
    found: list[tuple[int, tuple[str, ...]]] = []
    positions = suspects(text, freq, det.suspect_count)
    if not positions:
        return found, None
    reach, office = reach_and_office(text, freq, res.vocab)
    n = len(text)
    near_at, dead, pieces = det._near_at, det._dead, det._pieces
    confusions, lazy, lt = res.confusions, res.lazy, res.log_total
    min_count = det.min_word_count
    for pos in positions:
        if pos in office or hard is not None and pos in hard:
            continue
        key = near_key(text, pos)
        near = near_at.get(key)
        if near is None:
            near = det.near(text[pos], text[pos - 1:pos], text[pos + 1:pos + 2])
            if len(near_at) > NEAR_MEMO:
                near_at.clear()
            near_at[key] = near
        if not near:
            continue  # no candidate can form a word here
        lo, hi = max(0, pos - WINDOW), min(n, pos + WINDOW + 1)
        # where a word covering pos may start: only where the characters up to pos begin a word (stems)
        stems = [a for a in range(pos - 1, max(lo - 1, pos - MAX_WORD), -1) if reach[a] >= pos]
        # the characters that decide the bound (WindowScorer.context): a context settled once is
        # settled everywhere
        start = (min(stems[-1], pos - 1) if stems else pos - 1) if pos else 0
        context = (text[start:hi], pos - start, min_score)
        if context in dead:
            continue
        ch = text[pos]
        penalty = FUNCTION_CHAR_PENALTY if freq.get(ch, 0) >= FUNCTION_CHAR_COUNT else 0.0
        options = confusions[ch]
        if lazy is not None and lazy.complete:
            lazy = None
        left, right = text[pos - 1:pos], text[pos + 1:pos + 2]
        own = text[pos + 1:min(hi, pos + MAX_WORD)]
        before = [(a, text[a:pos], text[pos + 1:min(hi, a + MAX_WORD)]) for a in stems]
        here = None
        settled = True
        for x in near:
            if lazy is not None and not lazy.complete:  # the pairs x makes with its neighbours
                lazy.ensure(left + x + right)
            words, forms = words_over(x, pos, own, before, freq, min_count)
            if not forms:
                continue
            floor = max(min_score - options[x] + penalty, 0.0) - BOUND_SLACK
            single = freq.get(x)
            if here is None:
                here = piece_logp(text[pos], res, pieces)
            top = (log(single) - lt if single else -lt) - here
            for a, b, count in words:
                value = log(count) - lt - piece_logp(text[a:b], res, pieces)
                if value > top:
                    top = value
            if top >= floor:
                settled = False  # this one may reach the threshold: the position is ranked exactly
                break
        if settled:
            if len(dead) > DEAD_MEMO:
                dead.clear()
            dead.add(context)
        else:
            found.append((pos, near))
    return found, (reach, office)


def words_over(x: str, pos: int, own: str, before: list[tuple[int, str, str]], freq: dict[str, int],
               min_count: int) -> tuple[list[tuple[int, int, int]], bool]:
    """Return the words of two or more characters over ``pos`` with ``x`` there — (start, end, count) —
    and whether one of them counts at least ``min_count`` (``x`` forms a word there).

    ``own``: the characters after the position a word starting there may take; ``before``: (start,
    stem, tail) of each start before the position where the characters up to it begin a word (the
    stem) and the characters after the position a word from there may take (the tail).
    """
    words: list[tuple[int, int, int]] = []
    # every prefix of a key is a key: when x + own[0] is one, so is x
    forms = extend_word(x, pos, pos + 1, own, freq, min_count, words)
    for a, stem, tail in before:
        word = stem + x
        if word not in freq:
            continue  # not even the start of a word: most candidates end here
        count = freq[word]
        if count:
            words.append((a, pos + 1, count))
            if count >= min_count:
                forms = True
        if extend_word(word, a, pos + 1, tail, freq, min_count, words):
            forms = True
    return words, forms


def extend_word(word: str, a: int, b: int, tail: str, freq: dict[str, int], min_count: int,
                words: list[tuple[int, int, int]]) -> bool:
    """Lengthen ``word`` (``text[a:b]`` with a candidate in it) by the characters of ``tail`` while it
    stays a key of ``freq``; add (a, end, count) of each longer form that is a word to ``words``; return
    True when one of them counts at least ``min_count``.
    """
    forms = False
    for c in tail:
        word += c
        if word not in freq:
            break
        b += 1
        count = freq[word]
        if count:
            words.append((a, b, count))
            if count >= min_count:
                forms = True
    return forms


def segmentation_logp(text: str, freq: dict[str, int], lt: float) -> float:
    """Log probability of ``text`` with its best segmentation under the unigram word model (words of up to
    ``MAX_WORD`` characters counted in ``freq``, an unknown character counted 1, as jieba does; ``lt``:
    the log of the total count). ``freq`` must hold the text's words.
    """
    return fill_segmentation(text, freq, lt, [0.0] + [-1e18] * len(text), 0)[len(text)]


def fill_segmentation(text: str, freq: dict[str, int], lt: float, best: list[float],
                      start: int) -> list[float]:
    """Fill ``best[k]`` for k = ``start`` + 1 … len(text): the log probability of ``text[:k]`` with its best
    segmentation (``best[:start + 1]`` known, see :func:`segmentation_logp`); return ``best``.
    """
    unknown = -lt  # unknown character: count 1, as jieba does
    for end in range(start + 1, len(text) + 1):
        top = -1e18
        for length in range(1, min(MAX_WORD, end) + 1):
            count = freq.get(text[end - length:end])
            if count:
                value = log(count) - lt  # the same value as res.log_probs holds
            elif length > 1:
                continue
            else:
                value = unknown
            value += best[end - length]
            if value > top:
                top = value
        best[end] = top
    return best


def piece_logp(piece: str, res, memo: dict[str, float]) -> float:
    """Return ``segmentation_logp`` of ``piece`` (``res``: the ``TypoResources``), remembered in ``memo``
    (emptied when it grows large).
    """
    found = memo.get(piece)
    if found is None:
        if len(memo) > PIECE_MEMO:
            memo.clear()
        res.ensure(piece)
        found = memo[piece] = segmentation_logp(piece, res.freq, res.log_total)
    return found
