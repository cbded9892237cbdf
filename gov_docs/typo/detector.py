"""The fast path: find characters whose confusion-set neighbour makes the sentence far more probable.

The text is segmented first (jieba, no HMM); only characters that stand alone or sit in a rare word
(count < ``suspect_count``) are suspects — in clean text about a quarter of the characters, and
they hold over 90% of the real errors in the odw development set. For each suspect we try the characters
it is commonly confused with (same or similar pinyin, similar shape, pairs learned from real errors). A
candidate is considered only when it forms a
dictionary word with its neighbours; it is scored by how much it raises the probability of a short
window under a unigram word model with optimal segmentation (jieba's dictionary counts, the same model
jieba segments with), plus the prior of that kind of confusion. No candidate survives where the
original character already sits in a well-attested word or in a protected entity (``protect.py``:
《titles》, 文号, person/place/organisation names, quoted material, allow-listed terms, office-vocabulary
words, Latin letters and digits); in "soft" protected spans a candidate is capped at 疑似.

The result is a list of ``Candidate`` objects per sentence, best first, with a score in natural-log
units; ``gov_docs.typo.corrector`` turns scores into confidence levels and, on request, asks the
language model to verify them.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass, replace
from math import inf, log

from gov_docs.compiled import current
from gov_docs.text.segment import pos_tagger, segmenter
from gov_docs.typo import scan as _python_scan
from gov_docs.typo.protect import SURNAMES, Protection, protect
from gov_docs.typo.resources import TypoResources, is_han, load_resources
from gov_docs.typo.scan import (  # noqa: F401 - the constants are this module's too
    BOUND_SLACK,
    FUNCTION_CHAR_COUNT,
    FUNCTION_CHAR_PENALTY,
    MAX_WORD,
    NEAR_MEMO,
    OFFICE_MAX,
    OFFICE_MIN,
    WINDOW,
    fill_segmentation,
    words_over,
)

# the scan compiled (setup.py builds it); the same code in Python where it was not built or is stale
_compiled = current("gov_docs.typo._scan")
COMPILED = _compiled is not None
_scan_module = _compiled or _python_scan
scan, suspects, reach_and_office = _scan_module.scan, _scan_module.suspects, _scan_module.reach_and_office
_piece_logp = _scan_module.piece_logp

NAME_TAGS = frozenset({"nr", "nrfg", "nrt"})
# a person's name right after a post or before 同志: 部长王广华, 王广华同志
TITLE_BEFORE = re.compile(r"(?:长|任|员|记|席|理|委|官|监|师|士|主任|书记|同志)$")
LIST_GAP = re.compile(r"[\s\u3000：:、，,]")
PRIOR_REPEAT = 0.0
KIN_COUNT = 300  # count of the word written + suggested character (either order) that makes a candidate kin
SENTENCE_MEMO = 20_000  # sentences whose candidates are kept
_NONE: frozenset[str] = frozenset()
# a Han character written twice in a row (repeated() looks at these)
DOUBLED = re.compile(r"([\u4e00-\u9fff])\1")
# the prior of a two-character word typed for another of the same sound (word_candidates): a same-sound
# character's (resources.PRIOR_OTHER_TONE), once for the pair
PRIOR_HOMOPHONE_WORD = -2.0
PRODUCTIVE_FILLERS = 3  # fillers of a four-character frame in the vocabularies that make its slot productive
# ... and of a three-character frame's middle slot (可_性: 可查性, 可用性, 可行性, 可靠性, so 可携性 may be
# meant). On odw.train 2 slips sit in such frames at 4 fillers (副交长, 副园长), 6 at 3 (issue 16)
PRODUCTIVE_FILLERS_3 = 4
# opposites: a change from one to the other changes what the text says, not how a word is written (中等偏下
# read 下→上: 偏上 and 偏下 are both words), so statistics alone never make it a one-click fix
OPPOSITES = frozenset(
    a + b for pair in ("上下", "前后", "左右", "内外", "高低", "大小", "多少", "进出", "出入", "增减", "升降",
                       "长短", "早晚", "先后", "正反", "正负", "首末", "始终", "买卖", "收支", "东西", "南北",
                       "加减", "轻重", "强弱", "快慢", "新旧", "远近", "深浅", "难易", "优劣", "有无", "是否")
    for a, b in (pair, pair[::-1]))
# a verb with a potential complement, 豁得出来 and 冲得上去 (豁出 and 冲上 are words): the verb is read
# apart from its complement, so it looks like a slip for a word it forms with 得 (获得)
POTENTIAL_INFIXES = frozenset("得不")


@dataclass(frozen=True)
class Candidate:
    """A proposed replacement of one character (``right == ""``: delete it), or of a two-character word by
    another of the same sound (``wrong`` and ``right`` two characters, :meth:`FastDetector.word_candidates`).
    """

    pos: int
    wrong: str
    right: str
    score: float  # log-probability gain of the window plus the confusion prior
    gain: float  # the window gain alone
    prior: float
    capped: bool = False  # in a softly protected span (long quotation, office word): 疑似 at most
    # the written character is rare (outside the common set): it may be a name's (北洸村, 耒水), so the
    # model's gain alone never makes it a one-click fix (corrector.fix_backed)
    rare: bool = False
    # the written and the suggested character form a common word together (适时 for 适期 → 时期, 火灾 for 火害
    # → 灾害): the written pair may be a formation of its own on that word's pattern (适期: the right sowing
    # time), so the fast path, which reads no context, needs more to fix it alone (``Thresholds.
    # fast_kin_margin``; issue 16, thirteenth session)
    kin: bool = False


def segmentation_table(text: str, res: TypoResources, known: list[float] | None = None,
                       start: int = 0) -> list[float]:
    """Return ``best`` with ``best[k]`` = log probability of ``text[:k]`` with its best segmentation.

    ``known``: the table of a text that agrees with ``text`` on its first ``start`` characters; its first
    ``start + 1`` values are reused (they depend only on those characters).
    """
    res.ensure(text)
    n = len(text)
    if known is None or start <= 0:
        best = [0.0] + [-1e18] * n
        start = 0
    else:
        best = known[: start + 1] + [-1e18] * (n - start)
    return fill_segmentation(text, res.freq, res.log_total, best, start)


def best_segmentation_logp(text: str, res: TypoResources) -> float:
    """Log probability of ``text`` under the unigram word model with its best segmentation."""
    return segmentation_table(text, res)[len(text)]


class WordGraph:
    """The dictionary words of a text: for each start, ``(end, log probability, count)`` of every word
    beginning there — the single character always (an unknown one scored as jieba does, count 1) — and
    how far the start's prefixes reach in jieba's prefix dictionary.

    One walk of the prefix dictionary per character finds how far each start's prefixes reach and the
    office words (``office``); the words themselves are listed (``edges``, None until then) only for the
    windows that are scored (:meth:`fill`, about half the text), and shared by every position scored:
    the windows around neighbouring positions overlap.
    """

    __slots__ = ("text", "res", "edges", "reach", "office")

    def __init__(self, text: str, res: TypoResources,
                 known: tuple[list[int], set[int]] | None = None) -> None:
        """``known``: the text's (reach, office) when :func:`scan` computed them already."""
        self.text, self.res = text, res
        res.ensure(text)
        self.edges: list[list[tuple[int, float, int]] | None] = [None] * len(text)
        # reach[k]: largest e with text[k:e] a key of the prefix dictionary (k: none); office: positions
        # inside an office-vocabulary word of OFFICE_MIN..OFFICE_MAX characters, which protect() makes hard
        self.reach, self.office = known or reach_and_office(text, res.freq, res.vocab)

    def fill(self, lo: int, hi: int) -> None:
        """List the words starting at lo … hi - 1 in ``edges`` (those not listed yet)."""
        edges, text, reach = self.edges, self.text, self.reach
        get, lt = self.res.freq.get, self.res.log_total
        for k in range(lo, hi):
            if edges[k] is not None:
                continue
            word = text[k]
            count = get(word)
            out = [(k + 1, log(count) - lt if count else -lt, count or 0)]
            for end in range(k + 2, reach[k] + 1):  # every prefix up to reach[k] is a key
                word += text[end - 1]
                count = get(word)
                if count:
                    out.append((end, log(count) - lt, count))
            edges[k] = out


class WindowScorer:
    """Score one-character substitutions at one position of a window, sharing the work between them.

    The window's best segmentation (jieba's unigram model, words of up to ``MAX_WORD`` characters) is
    computed once from the text's :class:`WordGraph`; a candidate changes only the words covering its
    position, so its window is rescored from the words starting at or after the position: a handful of
    dictionary lookups (which also tell whether the candidate forms a word at all) and a few additions.
    The arithmetic is the same, in the same order, as segmenting the changed window from scratch.
    """

    __slots__ = ("graph", "pos", "lo", "hi", "min_count", "stems", "table", "back", "_own_before")

    def __init__(self, graph: WordGraph, pos: int, lo: int, hi: int, min_count: int) -> None:
        self.graph, self.pos, self.lo, self.hi, self.min_count = graph, pos, lo, hi, min_count
        # the window's words are listed (graph.fill) only when they are needed: at most positions no
        # candidate forms a word, and the position is settled by the stems alone
        reach, text = graph.reach, graph.text
        # (a, text[a:pos]): where a word covering pos may start — only where those characters begin a word
        self.stems = [(a, text[a:pos]) for a in range(pos, max(lo - 1, pos - MAX_WORD), -1)
                      if a == pos or reach[a] >= pos]
        self.table: list[float] | None = None
        self.back: list[float] | None = None
        self._own_before: tuple[str, list[tuple[int, str, str]]] | None = None  # (see _tails)

    def context(self) -> tuple[str, int]:
        """Return the characters that decide :meth:`rank` when its bound settles every candidate, and
        where the position is among them: from the first start of a word that may cover the position (or
        the left neighbour, whose join set chooses the candidates) to the end of the window.

        Before the window's own tables are built, ``rank`` looks only at the position's character and its
        neighbours, the stems (each ``text[a:pos]``, a key of the prefix dictionary, so whether a start
        is a stem depends on those characters alone) and the characters after the position up to the
        window's end; the text before the first stem plays no part. 20 % of the positions scored in the
        600 corpus documents repeat such a context (大力|推进, 的|通知), against 13 % for whole windows.
        """
        pos, text = self.pos, self.graph.text
        start = min(self.stems[-1][0], pos - 1) if pos else 0
        return text[start:self.hi], pos - start

    def covering_words(self) -> list[tuple[int, int, float, int]]:
        """Return (start, end, log probability, count) of the window's words that cover the position."""
        self.graph.fill(self.lo, self.hi)
        edges, pos, hi = self.graph.edges, self.pos, self.hi
        return [(a, e, v, c) for a, _ in self.stems for e, v, c in edges[a] if pos < e <= hi]

    def well_attested(self, min_len: int, at_least: int) -> bool:
        """Return True when a word of ``min_len`` or more characters covering the position is counted at
        least ``at_least`` times (``word_support(window, p, res, min_len) >= at_least``).
        """
        return any(e - a >= min_len and c >= at_least for a, e, _, c in self.covering_words())

    def _tails(self) -> tuple[str, list[tuple[int, str, str]]]:
        """Return the characters a word may take after the position: (from the position itself, (start,
        stem, tail) from each start before it where the characters up to the position begin a word) —
        what ``scan.words_over`` reads.
        """
        if self._own_before is None:
            text, pos, hi = self.graph.text, self.pos, self.hi
            self._own_before = (text[pos + 1:min(hi, pos + MAX_WORD)],
                                [(a, stem, text[pos + 1:min(hi, a + MAX_WORD)]) for a, stem in self.stems
                                 if a < pos])
        return self._own_before

    def _words(self, x: str) -> tuple[list[tuple[int, int, float]], bool]:
        """Return the words [a, b) covering the position with ``x`` there (``x`` alone always) and whether
        one of two or more characters is counted at least ``min_count`` times (when none is, the list
        holds ``x`` alone: the caller needs no more).
        """
        text, pos, res = self.graph.text, self.pos, self.graph.res
        lazy = res.lazy
        if lazy is not None and not lazy.complete:  # the pairs x makes with its neighbours
            lazy.ensure(text[pos - 1:pos] + x + text[pos + 1:pos + 2] if pos else x + text[1:2])
        freq = res.freq
        single = freq.get(x)
        own, before = self._tails()
        # (x not a key: no word starts with it)
        found, forms = words_over(x, pos, own if single is not None else "", before, freq, self.min_count)
        lt = res.log_total
        words = [(pos, pos + 1, log(single) - lt if single else -lt)]
        if forms:  # the log probabilities only where they are used
            words += [(a, b, log(count) - lt) for a, b, count in found]
        return words, forms

    def _forward(self) -> list[float]:
        """Best log probability of the window's first k characters, k = 0 … len (the original text)."""
        self.graph.fill(self.lo, self.hi)
        return self._relax([0.0] + [-1e18] * (self.hi - self.lo), self.lo)

    def _relax(self, best: list[float], start: int) -> list[float]:
        """Extend ``best`` (log probabilities of the window's prefixes, known up to ``start``) along the
        window's words from each character ``start`` … ``hi`` - 1; return it.
        """
        edges, lo, hi = self.graph.edges, self.lo, self.hi
        for k in range(start, hi):
            here = best[k - lo]
            for e, v, _ in edges[k]:
                if e > hi:
                    break
                value = v + here
                if value > best[e - lo]:
                    best[e - lo] = value
        return best

    def _backward(self) -> list[float]:
        """Best log probability of the window's characters from k on, for k after the position (the
        original text; the entries up to the position are left unset).
        """
        self.graph.fill(self.lo, self.hi)
        edges, lo, hi = self.graph.edges, self.lo, self.hi
        back = [-1e18] * (hi - lo + 1)
        back[hi - lo] = 0.0
        for k in range(hi - 1, self.pos, -1):
            top = -1e18
            for e, v, _ in edges[k]:
                if e > hi:
                    break
                value = v + back[e - lo]
                if value > top:
                    top = value
            back[k - lo] = top
        return back

    def gain(self, x: str, floor: float | None = None) -> float | None:
        """Return the window's log-probability gain when ``x`` replaces the character at the position, or
        None when ``x`` forms no word of two or more characters counted ``min_count`` times with its
        neighbours (the same test as :func:`forms_word`).

        ``floor``: a gain below it is of no interest; when the gain is certainly below it, return -inf
        without rescoring the window. (Every segmentation of the changed window has exactly one word over
        the position, so the best one is the best of: the original's best up to that word's start, the
        word, the original's best from its end — the same number the rescoring computes, up to the
        rounding of the additions, which ``BOUND_SLACK`` covers.)
        """
        words, forms = self._words(x)
        if not forms:
            return None
        if self.table is None:
            self.table = self._forward()
        table, lo = self.table, self.lo
        if floor is not None:
            back = self.back
            if back is None:
                back = self.back = self._backward()
            top = -1e18
            for a, b, v in words:
                value = table[a - lo] + v + back[b - lo]
                if value > top:
                    top = value
            if top - table[-1] < floor - BOUND_SLACK:
                return -inf
        return self._rescore(words)

    def rank(self, near: tuple[str, ...], options: dict[str, float], min_score: float, penalty: float,
             pieces: dict[str, float]) -> list[tuple[float, str, float, float]]:
        """Return (score, x, gain, prior) of every candidate ``x`` in ``near`` that scores at least
        ``min_score`` (score = gain + prior - penalty, gain > 0), in the order of ``near``.

        The same answers as calling :meth:`gain` with the floor ``max(min_score - prior + penalty, 0)``
        for each candidate (the loop of :meth:`_words` and the bound of :meth:`gain`, written out once for
        all the candidates of the position: this runs for half a million candidates per corpus pass, and
        most of them are settled by one dictionary lookup per stem, which a call per candidate cost many
        times over).

        Before the window is segmented at all, a candidate is bounded by its own words: the changed
        window's best path through a word over [a, b) is no better than the original's best up to a,
        the word, and the original's best from b on, and the original's best path is at least as good
        as those two parts joined by the best segmentation of ``text[a:b]`` alone, so the word gains at
        most its log probability minus that segmentation's. That settles all but about one candidate in
        four hundred, so the window's own tables are built for fewer than one position in a hundred.
        ``pieces``: the caller's memo of the segmentations of short pieces (the same few thousand pieces
        recur: 的工作, 进一步).
        """
        graph, pos, lo = self.graph, self.pos, self.lo
        text, res = graph.text, graph.res
        freq = res.freq
        min_count = self.min_count
        lazy = res.lazy
        if lazy is not None and lazy.complete:
            lazy = None
        left, right = text[pos - 1:pos], text[pos + 1:pos + 2]
        own, before = self._tails()
        lt = res.log_total
        out: list[tuple[float, str, float, float]] = []
        table = back = None
        total = 0.0
        here = None  # the best segmentation of the original character alone
        for x in near:
            if lazy is not None and not lazy.complete:  # the pairs x makes with its neighbours
                lazy.ensure(left + x + right)
            found, forms = words_over(x, pos, own, before, freq, min_count)
            if not forms:
                continue
            prior = options[x]
            floor = max(min_score - prior + penalty, 0.0) - BOUND_SLACK
            single = freq.get(x)
            v1 = log(single) - lt if single else -lt
            if here is None:
                here = _piece_logp(text[pos], res, pieces)
            top = v1 - here
            for a, b, count in found:
                piece = text[a:b]
                alone = pieces.get(piece)
                if alone is None:
                    alone = _piece_logp(piece, res, pieces)
                value = log(count) - lt - alone
                if value > top:
                    top = value
            if top < floor:
                continue  # certainly below the threshold
            words = [(pos, pos + 1, v1)] + [(a, b, log(count) - lt) for a, b, count in found]
            if table is None:
                table = self.table = self._forward()
                back = self.back = self._backward()
                total = table[-1]
            top = -1e18
            for a, b, v in words:
                value = table[a - lo] + v + back[b - lo]
                if value > top:
                    top = value
            if top - total < floor:
                continue  # still certainly below the threshold (the bound of gain())
            gain = self._rescore(words)
            score = gain + prior - penalty
            if gain > 0 and score >= min_score:
                out.append((score, x, gain, prior))
        return out

    def _rescore(self, words: list[tuple[int, int, float]]) -> float:
        """Return the window's gain with the position's words replaced by ``words`` (see :meth:`gain`)."""
        table, lo, hi, pos = self.table, self.lo, self.hi, self.pos
        best = table[: pos - lo + 1] + [-1e18] * (hi - pos)  # before the position nothing changes
        for a, b, v in words:
            value = v + best[a - lo]
            if value > best[b - lo]:
                best[b - lo] = value
        return self._relax(best, pos + 1)[-1] - table[-1]


def word_support(text: str, pos: int, res: TypoResources, min_len: int = 2) -> int:
    """Return the highest count of a dictionary word of length ≥ min_len covering ``pos``."""
    top = 0
    n = len(text)
    res.ensure(text)
    for length in range(min_len, MAX_WORD + 1):
        for start in range(max(0, pos - length + 1), min(pos, n - length) + 1):
            top = max(top, res.freq.get(text[start:start + length], 0))
    return top


def forms_word(head: str, right: str, tail: str, freq: dict[str, int], min_count: int) -> bool:
    """Return True when ``right`` placed between ``head`` and ``tail`` is inside a word of ≥ 2 characters
    counted at least ``min_count`` times. Walks jieba's prefix dictionary (every prefix of a word is a key),
    so most candidates are rejected after one lookup per start.
    """
    for back in range(min(len(head), MAX_WORD - 1), -1, -1):
        word = head[len(head) - back:] + right
        if word not in freq:
            continue
        if back and freq[word] >= min_count:
            return True
        for ch in tail[: MAX_WORD - 1 - back]:
            word += ch
            count = freq.get(word)
            if count is None:
                break
            if count >= min_count:
                return True
    return False


def protected_positions(text: str, res: TypoResources, allow_terms: tuple[str, ...] = ()) -> set[int]:
    """Positions the checker must never change (the hard part of :func:`gov_docs.typo.protect.protect`)."""
    return protect(text, res, allow_terms).hard


class FastDetector:
    """Propose single-character corrections from confusion sets and word statistics."""

    def __init__(self, resources: TypoResources | None = None, *, min_word_count: int = 3,
                 strong_word_count: int = 2000, suspect_count: int = 1000) -> None:
        self.res = resources or load_resources()
        self.min_word_count = min_word_count
        self.strong_word_count = strong_word_count
        self.suspect_count = suspect_count
        self._jieba = segmenter()
        self._near: dict[tuple[str, str, str], tuple[str, ...]] = {}
        self._option_sets: dict[str, frozenset[str]] = {}
        self._after: dict[tuple[str, str], frozenset[str]] = {}  # near(): (ch, left) → in follows[left]
        self._before: dict[tuple[str, str], frozenset[str]] = {}  # near(): (ch, right) → in precedes[right]
        self._seen: OrderedDict[tuple, tuple[Candidate, ...]] = OrderedDict()
        self._frames: dict[str, int] | None = None  # four-character frames with many fillers, built on need
        self._pieces: dict[str, float] = {}  # best_segmentation_logp of short pieces (WindowScorer.rank)
        # contexts (WindowScorer.context, min_score) where no candidate can reach the threshold (scan)
        self._dead: set[tuple[str, int, float]] = set()
        self._near_at: dict[object, tuple[str, ...]] = {}  # near() by scan.near_key

    def in_person_name(self, text: str, pos: int) -> bool:
        """Return True when ``pos`` looks like part of a person's name (jieba's POS tagger on a window).

        Three-character names are trusted; two-character ones only after a post (部长王广华), before
        同志, or standing alone between spaces as in a list of members — the tagger also calls ordinary
        misspelt pairs names (管里/nr).
        """
        posseg = pos_tagger()
        lo, hi = max(0, pos - 6), min(len(text), pos + 7)
        at = lo
        for token in posseg.cut(text[lo:hi], HMM=True):
            start, end = at, at + len(token.word)
            at = end
            if not start <= pos < end or token.flag not in NAME_TAGS:
                continue
            if len(token.word) >= 3:
                return True
            before, after = text[:start], text[end:]
            if TITLE_BEFORE.search(before) or after.startswith("同志"):
                return True
            if (not before or LIST_GAP.match(before[-1])) and (not after or LIST_GAP.match(after[0])):
                return True
            if token.flag == "nrfg" or (len(token.word) == 1 and after[:2] and token.flag == "nr"):
                return True  # 郭/nr 卫民/nrfg: a surname tagged apart from the given name
        return False

    def repeated(self, text: str, protected: set[int]) -> list[Candidate]:
        """多字: a character written twice in a row where the pair is no word (的的, 进一步步).

        Reduplications that are words (常常, 人人, 一一对应), parts of longer words and protected spans are
        left alone; the candidate deletes the second character (``right == ""``) and is scored by the
        window gain of the word model, like the substitutions. ``protected``: from protected_positions.
        """
        res = self.res
        res.ensure(text)
        out: list[Candidate] = []
        for i in range(len(text) - 1):
            ch = text[i]
            if ch != text[i + 1] or not is_han(ch) or res.freq.get(ch + ch, 0):
                continue
            lo, hi = max(0, i - WINDOW), min(len(text), i + WINDOW + 2)
            window = text[lo:hi]
            p = i - lo
            if any(res.freq.get(window[a:b], 0) for a in range(max(0, p - MAX_WORD + 2), p + 1)
                   for b in range(p + 2, min(len(window), a + MAX_WORD) + 1) if b - a >= 3):
                continue  # the pair is inside a longer word (一一对应)
            if i in protected or i + 1 in protected:
                continue
            if i and text[i - 1] in SURNAMES and (i == 1 or not is_han(text[i - 2])):
                continue  # a name starting an item: 屠呦呦, 王俐俐
            if i + 3 < len(text) and text[i + 2] == text[i + 3] or i >= 2 and text[i - 2] == text[i - 1]:
                continue  # AABB (团团伙伙, 干干净净)
            if i and res.freq.get(text[i - 1:i + 1], 0) >= self.min_word_count and \
                    res.freq.get(text[i + 1:i + 3], 0) >= self.min_word_count:
                continue  # each copy belongs to its own word: 中医|医院, 队徽|徽章, 解决|决不
            gain = best_segmentation_logp(window[: i + 1 - lo] + window[i + 2 - lo:], res) - \
                best_segmentation_logp(window, res)
            if gain > 0:
                # 必错 only when the kept character then sits in a word (贯彻执执行 → 执行), as a substitution
                # must form one; otherwise the pair may be a reduplication meaning "every" (账账相符,
                # 件件有落实, 批批全检): a hint at most
                kept = forms_word(text[max(0, i - MAX_WORD + 1):i], ch, text[i + 2:i + MAX_WORD + 1],
                                  res.freq, self.min_word_count)
                out.append(Candidate(i + 1, ch, "", gain + PRIOR_REPEAT, gain, PRIOR_REPEAT, not kept))
        return out

    def _doubled_non_word(self, text: str) -> bool:
        """Return True when a Han character stands twice in a row and the pair is no word: the only places
        :meth:`repeated` can propose anything (常常, 人人 and 一一 are words and never flagged).
        """
        freq = self.res.freq
        return any(not freq.get(m.group(), 0) for m in DOUBLED.finditer(text))

    def suspects(self, text: str) -> list[int]:
        """Positions of Chinese characters that stand alone or sit in a rare word."""
        self.res.ensure(text)
        return suspects(text, self.res.freq, self.suspect_count)

    def near(self, ch: str, left: str, right: str) -> tuple[str, ...]:
        """Return the candidates for ``ch`` that can form a word with its neighbours (``""``: no neighbour).

        A candidate qualifies when it is in follows[left] or precedes[right] (see ``TypoResources.joins``);
        the answer depends only on the three characters, so it is computed once per triple and kept, from
        the two halves, each kept per pair (a triple is new far more often than either of its pairs).
        """
        key = (ch, left, right)
        found = self._near.get(key)
        if found is None:
            after = self._after.get((ch, left)) if left else _NONE
            if after is None:
                after = self._after[(ch, left)] = self._options(ch) & self.res.joins[0].get(left, _NONE)
            before = self._before.get((ch, right)) if right else _NONE
            if before is None:
                before = self._before[(ch, right)] = self._options(ch) & self.res.joins[1].get(right, _NONE)
            found = tuple(after | before)
            if len(self._near) > NEAR_MEMO:
                self._near.clear()
                self._after.clear()
                self._before.clear()
            self._near[key] = found
        return found

    def _options(self, ch: str) -> frozenset[str]:
        """Return the confusion set of ``ch`` as a set (kept per character)."""
        options = self._option_sets.get(ch)
        if options is None:
            options = self._option_sets[ch] = frozenset(self.res.confusions.get(ch, ()))
        return options

    def candidates(self, text: str, allow_terms: tuple[str, ...] = (), per_position: int = 1,
                   min_score: float = 1.0, *, names_document: bool = False,
                   protection: Protection | None = None) -> list[Candidate]:
        """Return the best ``per_position`` candidates scoring at least ``min_score`` at each position,
        highest score first. ``names_document``: the text is from a 表彰/任免 document (lists of names).

        The answer depends only on the arguments, so it is kept for the last few thousand sentences: a
        sentence seen before (an unchanged paragraph checked again, a 主送 line or closing formula that
        every document repeats) costs one lookup. A caller's own ``protection`` is not kept.
        """
        if protection is not None:
            return self._candidates(text, tuple(allow_terms), per_position, min_score, names_document,
                                    protection)
        key = (text, tuple(allow_terms), per_position, min_score, names_document)
        found = self._seen.get(key)
        if found is None:
            found = tuple(
                self._candidates(text, tuple(allow_terms), per_position, min_score, names_document, None))
            self._seen[key] = found
            if len(self._seen) > SENTENCE_MEMO:
                self._seen.popitem(last=False)
        else:
            self._seen.move_to_end(key)
        return list(found)

    def _candidates(self, text: str, allow_terms: tuple[str, ...], per_position: int, min_score: float,
                    names_document: bool, protection: Protection | None) -> list[Candidate]:
        res = self.res
        res.ensure(text)
        prot = protection
        found: list[Candidate] = []
        # the positions where a candidate may reach the threshold (about one suspect in a hundred): the
        # rest are settled by a bound in the scan (compiled where it was built, see scan.py)
        maybe, known = scan(self, text, min_score, None if prot is None else prot.hard)
        graph = None
        for pos, near in maybe:
            if prot is not None and pos in prot.hard:
                continue
            if graph is None:
                graph = WordGraph(text, res, known)
            ch = text[pos]
            lo, hi = max(0, pos - WINDOW), min(len(text), pos + WINDOW + 1)
            scorer = WindowScorer(graph, pos, lo, hi, self.min_word_count)
            penalty = FUNCTION_CHAR_PENALTY if res.freq.get(ch, 0) >= FUNCTION_CHAR_COUNT else 0.0
            ranked = scorer.rank(near, res.confusions[ch], min_score, penalty, self._pieces)
            if not ranked:
                continue
            # asked only now (it rules out the position, whatever its candidates: a few in a hundred
            # thousand positions sit in a well-attested word of three or more characters and still have
            # a candidate that reaches the threshold)
            if scorer.well_attested(3, self.strong_word_count):
                continue
            # the protected entities are needed only here: a candidate reached the threshold (a few
            # sentences in a hundred), so protect() runs once for them, not for every sentence
            if prot is None:
                prot = protect(text, res, allow_terms, names_document=names_document)
            if pos in prot.hard or self.in_person_name(text, pos):
                continue
            soft = pos in prot.soft
            rare = bool(res.common_chars) and ch not in res.common_chars
            cands = [Candidate(pos, ch, x, score, gain, prior, soft, rare, self.kin(ch, x))
                     for score, x, gain, prior in ranked]
            cands.sort(key=lambda c: -c.score)
            found.extend(cands[:per_position])
        if prot is None and self._doubled_non_word(text):  # repeated() needs the protected spans
            prot = protect(text, res, allow_terms, names_document=names_document)
        if prot is None:
            found.sort(key=lambda c: -c.score)
            return found
        found.extend(c for c in self.repeated(text, prot.hard) if c.score >= min_score)
        # a doubled character is capped only inside a long quotation (an office word it sits next to
        # is no evidence: 贯彻执执行 holds 执行)
        found = [c if c.capped or c.right or c.pos not in prot.quoted
                 else replace(c, capped=True) for c in found]
        found = [c if c.capped or not c.right or not (self.productive_slot(text, c.pos, c.right)
                                                       or self.meaning_not_form(text, c))
                 else replace(c, capped=True) for c in found]
        found.sort(key=lambda c: -c.score)
        return found

    def word_candidates(self, text: str, allow_terms: tuple[str, ...] = (), min_score: float = 1.0, *,
                        names_document: bool = False, min_count: int = 0) -> list[Candidate]:
        """Return two-character candidates: a pair of neighbouring suspects (each alone or in a rare word)
        that sounds like a counted word differing from it in both characters (桂花 → 规划, 家猫 → 假冒,
        see :mod:`gov_docs.typo.homophones`), the best such word per pair, highest score first.

        Scored like a substitution: the window's gain under the word model (the changed window's best
        segmentation against the original's) plus :data:`PRIOR_HOMOPHONE_WORD`, less the function-character
        penalty for each character that is one (的是 → 得失). The same protections as the characters' (never
        inside a protected span, an office word or a person's name), and none in a softly protected span
        either: a word is a fix or nothing, and soft text gets no fix.
        Asked only by the verified mode: the unigram model cannot tell 桂花 from 规划 in context, the
        language model can. ``min_count``: only words counted at least this often are proposed (a slip is
        typed for a common word: on odw.train, 58 of the 59 right word fixes were words counted ≥ 300
        times, against 469 of the 538 words shown; ``Thresholds.lm_word_count``).
        """
        res = self.res
        res.ensure(text)
        found = suspects(text, res.freq, self.suspect_count)
        alone = set(found)
        pairs = [p for p in found if p + 1 in alone and is_han(text[p]) and is_han(text[p + 1])]
        if not pairs:
            return []
        from gov_docs.typo.homophones import load_homophones

        table = load_homophones()
        options = {p: table.alternatives(text[p:p + 2]) for p in pairs}
        pairs = [p for p in pairs if options[p]]
        if not pairs:
            return []
        office = reach_and_office(text, res.freq, res.vocab)[1]
        out: list[Candidate] = []
        for p in pairs:
            if {p, p + 1} & office:
                continue
            lo, hi = max(0, p - WINDOW), min(len(text), p + 2 + WINDOW)
            base = best_segmentation_logp(text[lo:hi], res)
            penalty = sum(FUNCTION_CHAR_PENALTY for ch in text[p:p + 2]
                          if res.freq.get(ch, 0) >= FUNCTION_CHAR_COUNT)
            best: Candidate | None = None
            for word in options[p]:
                res.ensure(word)
                if res.freq.get(word, 0) < min_count:
                    continue
                gain = best_segmentation_logp(text[lo:p] + word + text[p + 2:hi], res) - base
                score = gain + PRIOR_HOMOPHONE_WORD - penalty
                if gain > 0 and score >= min_score and (best is None or score > best.score):
                    best = Candidate(p, text[p:p + 2], word, score, gain, PRIOR_HOMOPHONE_WORD, False)
            if best is not None:
                out.append(best)
        if not out:
            return []
        # the protections last: names (in_person_name, lists of names) need the POS tagger (0.2 s to
        # load), which a sentence without any scoring word never has to pay for (a one-page check paid it
        # every time since word candidates came)
        out = [c for c in out
               if not self.in_person_name(text, c.pos) and not self.in_person_name(text, c.pos + 1)]
        if not out:
            return []
        # a word is a one-click fix or nothing, and softly protected text gets no fix: no word there (the
        # model read 3 such windows in 300 SIGHAN sentences, 2 % of its first readings, for no finding)
        prot = protect(text, res, allow_terms, names_document=names_document)
        out = [c for c in out if not {c.pos, c.pos + 1} & (prot.hard | prot.soft)]
        out.sort(key=lambda c: -c.score)
        return out

    def kin(self, wrong: str, right: str) -> bool:
        """Return True when the written and the suggested character form a word counted ``KIN_COUNT`` times
        or more, in either order (适 and 时: 适时; see ``Candidate.kin``).
        """
        freq = self.res.freq
        for word in (wrong + right, right + wrong):
            self.res.ensure(word)
            if freq.get(word, 0) >= KIN_COUNT:
                return True
        return False

    def meaning_not_form(self, text: str, c: Candidate) -> bool:
        """Return True when a one-character change would alter what a well-formed text says rather than
        mend a slip, so statistics alone may not make it a one-click fix (issue 16, the fast path's 必错 on
        clean State Council text): the change swaps opposites (偏下 → 偏上, ``OPPOSITES``), or the written
        character is a verb before a potential complement (豁得出来: 豁出 is a word, so 豁 is read with
        出 across 得 or 不, not taken for 获 in 获得).
        """
        if c.wrong + c.right in OPPOSITES:
            return True
        after = text[c.pos + 1:c.pos + 3]
        if len(after) < 2 or after[0] not in POTENTIAL_INFIXES:
            return False
        verb = c.wrong + after[1]
        self.res.ensure(verb)  # the counts load as texts need them: these two do not stand together
        return self.res.freq.get(verb, 0) >= self.min_word_count

    def productive_slot(self, text: str, pos: int, right: str) -> bool:
        """Return True when ``right`` would complete a four-character word of the shipped vocabularies whose
        frame they fill in ``PRODUCTIVE_FILLERS`` or more ways (因地制宜, 因时制宜, 因人制宜), or the middle
        of a three-character one filled in ``PRODUCTIVE_FILLERS_3`` or more (可行性, 可用性, 可靠性, 可查性):
        the writer may have filled the slot on purpose (因村制宜, 可携性), so the change is a hint at most.
        """
        if self._frames is None:
            frames: dict[str, set[str]] = {}
            for word in self.res.vocab:
                if len(word) == 4:
                    for i in range(4):
                        frames.setdefault(word[:i] + "_" + word[i + 1:], set()).add(word[i])
                elif len(word) == 3:
                    frames.setdefault(word[0] + "_" + word[2], set()).add(word[1])
            self._frames = {k: len(v) for k, v in frames.items()
                            if len(v) >= (PRODUCTIVE_FILLERS if len(k) == 4 else PRODUCTIVE_FILLERS_3)}
        for a in range(max(0, pos - 3), min(pos, len(text) - 4) + 1):
            frame = text[a:pos] + "_" + text[pos + 1:a + 4]
            if frame in self._frames and text[a:pos] + right + text[pos + 1:a + 4] in self.res.vocab:
                return True
        frame = text[pos - 1:pos] + "_" + text[pos + 1:pos + 2]  # the middle of three characters
        return len(frame) == 3 and frame in self._frames and frame.replace("_", right) in self.res.vocab
