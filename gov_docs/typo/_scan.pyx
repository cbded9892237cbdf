# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""The fast path's scan of a sentence, compiled: the same functions as ``scan.py``, line for line, with C
types (``scan.py`` documents them; ``tests/typo/test_scan.py`` checks that both give the same answers).

Built by ``setup.py`` (``pip install -e .``, which ``scripts/setup.sh`` runs); where it was not built,
``detector.py`` imports ``scan.py`` instead. The arithmetic is the same double-precision arithmetic in
the same order (``log`` is the C library's, which ``math.log`` calls), so the bounds and memo keys are
the same to the bit.
"""

from cpython.dict cimport PyDict_GetItem
from cpython.ref cimport PyObject
from libc.math cimport log

from gov_docs.text._route cimport KeyFilter

from gov_docs.text.segment import tokens
from gov_docs.typo import scan as _py

SOURCE_SHA256 = SOURCE_SHA256_  # the .pyx this was built from (gov_docs.compiled.current)
cdef Py_ssize_t MAX_WORD = _py.MAX_WORD
cdef Py_ssize_t WINDOW = _py.WINDOW
cdef Py_ssize_t OFFICE_MIN = _py.OFFICE_MIN
cdef Py_ssize_t OFFICE_MAX = _py.OFFICE_MAX
cdef long FUNCTION_CHAR_COUNT = _py.FUNCTION_CHAR_COUNT
cdef double FUNCTION_CHAR_PENALTY = _py.FUNCTION_CHAR_PENALTY
cdef Py_ssize_t NEAR_MEMO = _py.NEAR_MEMO
cdef Py_ssize_t PIECE_MEMO = _py.PIECE_MEMO
cdef Py_ssize_t DEAD_MEMO = _py.DEAD_MEMO
cdef double BOUND_SLACK = _py.BOUND_SLACK


# the typo counts' filter (see gov_docs/text/_route.pyx); used only while they are whole (res.lazy complete)
cdef KeyFilter _filter = KeyFilter()


cdef inline bint _is_han(Py_UCS4 c):
    return 0x4e00 <= c <= 0x9fff


def suspects(str text, dict freq, long rare):
    """See ``scan.suspects``."""
    cdef list out = []
    cdef Py_ssize_t start, end, i
    cdef object count
    for word, start, end in tokens(text):
        if end - start == 1:
            if _is_han(text[start]):
                out.append(start)
        else:
            count = freq.get(word, 0)
            if count < rare:
                for i in range(start, end):
                    if _is_han(text[i]):
                        out.append(i)
    return out


def reach_and_office(str text, dict freq, vocab):
    """See ``scan.reach_and_office``."""
    return _reach_and_office(text, freq, vocab, _filter)


cdef tuple _reach_and_office(str text, dict freq, vocab, KeyFilter f):
    cdef Py_ssize_t n = len(text), k, end, limit, e, j
    cdef list reach = []
    cdef set office = set()
    cdef str word
    for k in range(n):
        if f.count1(freq, text[k]) < 0:
            reach.append(k)
            continue
        end = k + 1
        limit = k + MAX_WORD if k + MAX_WORD < n else n
        while end < limit:
            word = text[k:end + 1]
            if f.get(freq, word) is NULL:
                break
            end += 1
            if end - k >= OFFICE_MIN and word in vocab:
                for j in range(k, end):
                    office.add(j)
        else:
            if end - k == MAX_WORD:  # longer office words: the walk goes on for them alone
                e = end
                while e < n and e - k < OFFICE_MAX:
                    word = text[k:e + 1]
                    if f.get(freq, word) is NULL:
                        break
                    e += 1
                    if word in vocab:
                        for j in range(k, e):
                            office.add(j)
        reach.append(end)
    return reach, office


def near_key(str text, Py_ssize_t pos):
    """See ``scan.near_key``."""
    return text[pos - 1:pos + 2] if pos else (text[:2],)


cdef double _segmentation_logp(str text, dict freq, double lt):
    cdef Py_ssize_t n = len(text), end, length, top_len
    cdef list best = [0.0] + [-1e18] * n
    cdef double unknown = -lt, value, top
    cdef PyObject* found
    cdef long count
    for end in range(1, n + 1):
        top = -1e18
        top_len = MAX_WORD if MAX_WORD < end else end
        for length in range(1, top_len + 1):
            found = PyDict_GetItem(freq, text[end - length:end])
            count = <long>(<object>found) if found is not NULL and <object>found is not None else 0
            if count:
                value = log(<double>count) - lt
            elif length > 1:
                continue
            else:
                value = unknown
            value += <double>best[end - length]
            if value > top:
                top = value
        best[end] = top
    return best[n]


def segmentation_logp(str text, dict freq, double lt):
    """See ``scan.segmentation_logp``."""
    return _segmentation_logp(text, freq, lt)


cdef double _piece_logp(str piece, res, dict memo) except? -1e300:
    cdef PyObject* found = PyDict_GetItem(memo, piece)
    cdef double value
    if found is not NULL:
        return <double>(<object>found)
    if len(memo) > PIECE_MEMO:
        memo.clear()
    res.ensure(piece)
    value = _segmentation_logp(piece, res.freq, res.log_total)
    memo[piece] = value
    return value


def piece_logp(str piece, res, dict memo):
    """See ``scan.piece_logp``."""
    return _piece_logp(piece, res, memo)


cdef frozenset _NONE = frozenset()


cdef tuple _near_of(det, str ch, str left, str right):
    """``FastDetector.near`` without its memo of triples (the caller keeps them): from its halves, kept
    per character pair in the detector's ``_after`` and ``_before`` — the same sets, so the same tuple."""
    cdef dict after_memo = det._after, before_memo = det._before
    cdef object after, before, key
    if left:
        key = (ch, left)
        after = after_memo.get(key)
        if after is None:
            after = after_memo[key] = det._options(ch) & det.res.joins[0].get(left, _NONE)
    else:
        after = _NONE
    if right:
        key = (ch, right)
        before = before_memo.get(key)
        if before is None:
            before = before_memo[key] = det._options(ch) & det.res.joins[1].get(right, _NONE)
    else:
        before = _NONE
    return tuple(after | before)


cdef int _extend_word(KeyFilter f, dict freq, str word, Py_ssize_t a, Py_ssize_t b, Py_ssize_t end,
                      Py_ssize_t pos, list after_chars, long min_count, Py_ssize_t* wa, Py_ssize_t* wb,
                      long* wc, Py_ssize_t* nw) except -1:
    """See ``scan.extend_word``: ``after_chars[i]`` is the character at ``pos + 1 + i``; the words go to
    ``wa``/``wb``/``wc`` from ``nw[0]`` on. Return 1 when one counts at least ``min_count``, else 0.
    """
    cdef int forms = 0
    cdef PyObject* got
    cdef long count
    while b < end:
        word = word + <str>after_chars[b - pos - 1]
        got = f.get(freq, word)
        if got is NULL:
            break
        b += 1
        count = <long>(<object>got)
        if count:
            wa[nw[0]], wb[nw[0]], wc[nw[0]] = a, b, count
            nw[0] += 1
            if count >= min_count:
                forms = 1
    return forms


def scan(det, str text, double min_score, hard):
    """See ``scan.scan``."""
    res = det.res
    cdef dict freq = res.freq
    cdef list found = []
    cdef list positions = suspects(text, freq, det.suspect_count)
    if not positions:
        return found, None
    lazy = res.lazy
    cdef KeyFilter f = _filter
    if lazy is None or lazy.complete:  # (while the counts fill as texts need them, no filter is built)
        f.watch(freq)
    reach_office = _reach_and_office(text, freq, res.vocab, f)
    cdef list reach = reach_office[0]
    cdef set office = reach_office[1]
    cdef Py_ssize_t n = len(text), pos, lo, hi, a, b, start, i, low, own_end, tail_end, nstems
    cdef dict near_at = det._near_at
    dead = det._dead
    cdef dict pieces = det._pieces
    confusions = res.confusions
    cdef double lt = res.log_total
    cdef long min_count = det.min_word_count, count
    cdef double penalty, floor, top, value, here
    cdef bint have_here, settled, forms, dead_is_set = type(dead) is set
    cdef object key, near, context, options, left, right
    cdef PyObject* got
    cdef str ch, x, word
    cdef Py_ssize_t stems[8]
    cdef Py_ssize_t wa[64]
    cdef Py_ssize_t wb[64]
    cdef long wc[64]
    cdef Py_ssize_t nw
    cdef long long single
    cdef list after_chars = [None] * (WINDOW + 1), stem_strs = [None] * MAX_WORD
    for pos in positions:
        if pos in office or hard is not None and pos in hard:
            continue
        key = text[pos - 1:pos + 2] if pos else (text[:2],)
        got = PyDict_GetItem(near_at, key)
        if got is NULL:
            near = _near_of(det, text[pos:pos + 1], text[pos - 1:pos], text[pos + 1:pos + 2])
            if len(near_at) > NEAR_MEMO:
                near_at.clear()
                det._after.clear()
                det._before.clear()
            near_at[key] = near
        else:
            near = <object>got
        if not near:
            continue  # no candidate can form a word here
        lo = pos - WINDOW if pos > WINDOW else 0
        hi = pos + WINDOW + 1 if pos + WINDOW + 1 < n else n
        # where a word covering pos may start: only where the characters up to pos begin a word (stems)
        low = lo - 1 if lo - 1 > pos - MAX_WORD else pos - MAX_WORD
        nstems = 0
        a = pos - 1
        while a > low:
            if <Py_ssize_t>reach[a] >= pos:
                stems[nstems] = a
                nstems += 1
            a -= 1
        if pos:
            start = stems[nstems - 1] if nstems and stems[nstems - 1] < pos - 1 else pos - 1
        else:
            start = 0
        context = (text[start:hi], pos - start, min_score)
        if context in dead:
            continue
        ch = text[pos:pos + 1]
        penalty = FUNCTION_CHAR_PENALTY if f.count1(freq, text[pos]) >= FUNCTION_CHAR_COUNT else 0.0
        options = confusions[ch]
        if lazy is not None and lazy.complete:
            lazy = None
        left, right = text[pos - 1:pos], text[pos + 1:pos + 2]
        own_end = hi if hi < pos + MAX_WORD else pos + MAX_WORD
        # the characters after the position and the stems, cut once for all the candidates
        for i in range(hi - pos - 1):
            after_chars[i] = text[pos + 1 + i:pos + 2 + i]
        for i in range(nstems):
            stem_strs[i] = text[stems[i]:pos]
        have_here = False
        here = 0.0
        settled = True
        for x in near:
            if lazy is not None and not lazy.complete:  # the pairs x makes with its neighbours
                lazy.ensure(left + x + right)
            nw = 0  # the words of two or more characters over the position: wa, wb, wc
            forms = False
            # every prefix of a key is a key: when x + own[0] is one, so is x
            if _extend_word(f, freq, x, pos, pos + 1, own_end, pos, after_chars, min_count, wa, wb, wc, &nw):
                forms = True
            for i in range(nstems):
                a = stems[i]
                word = <str>stem_strs[i] + x
                got = f.get(freq, word)
                if got is NULL:
                    continue  # not even the start of a word: most candidates end here
                count = <long>(<object>got)
                b = pos + 1
                if count:
                    wa[nw], wb[nw], wc[nw] = a, b, count
                    nw += 1
                    if count >= min_count:
                        forms = True
                tail_end = hi if hi < a + MAX_WORD else a + MAX_WORD
                if _extend_word(f, freq, word, a, b, tail_end, pos, after_chars, min_count, wa, wb, wc, &nw):
                    forms = True
            if not forms:
                continue
            value = min_score - <double>options[x] + penalty
            floor = (value if not (0.0 > value) else 0.0) - BOUND_SLACK
            if len(x) == 1:
                single = f.count1(freq, x[0])
            else:  # (confusion sets hold single characters)
                got = PyDict_GetItem(freq, x)
                single = -1 if got is NULL else <long long>(<object>got)
            if not have_here:
                here = _piece_logp(ch, res, pieces)
                have_here = True
            if single > 0:
                top = (log(<double>single) - lt) - here
            else:
                top = -lt - here
            for i in range(nw):
                value = log(<double>wc[i]) - lt - _piece_logp(text[wa[i]:wb[i]], res, pieces)
                if value > top:
                    top = value
            if top >= floor:
                settled = False  # this one may reach the threshold: the position is ranked exactly
                break
        if settled:
            if len(dead) > DEAD_MEMO:
                dead.clear()
            if dead_is_set:
                (<set>dead).add(context)
            else:
                dead.add(context)
        else:
            found.append((pos, near))
    return found, (reach, office)
