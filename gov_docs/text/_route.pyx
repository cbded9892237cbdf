# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""``segment._route`` compiled: the same loop with C types (see there; ``tests/typo/test_scan.py`` checks
that both choose the same words). ``log`` is the C library's, which ``math.log`` calls, and the additions
are made in the same order, so the values and their ties are the same to the bit.

Most lookups of a pass over a text ask for keys the dictionary does not hold (the walk from each start
goes on until the characters stop being a prefix of a word), and in a dictionary of half a million words
each costs a few cache misses. :class:`KeyFilter` answers most of them from a bit per hash value — a
megabyte — and asks the dictionary only when the bit is set: never a different answer, since every key
of the dictionary has its bit set (the filter is rebuilt when the dictionary has grown).
"""

from cpython.dict cimport PyDict_GetItem
from cpython.object cimport PyObject_Hash
from libc.math cimport log
from libc.stdlib cimport calloc, free, malloc

DEF FILTER_BITS = 1 << 23
DEF SINGLES = 0x10000  # one-character keys kept in an array: the characters of the Basic Multilingual Plane
SOURCE_SHA256 = SOURCE_SHA256_  # the .pyx this was built from (gov_docs.compiled.current)


cdef class KeyFilter:
    """A bit per hash value (modulo ``FILTER_BITS``) for every key of a dictionary that only grows (jieba's
    prefix dictionary, the typo counts: words are added as texts need them, never removed). Used only
    while the dictionary is the one it was built from with as many keys (checked at every lookup), so it
    holds every key.
    ``every``: rebuild at most once in this many :meth:`watch` calls while the dictionary grows (a cold
    one-page check never pays for building it).
    """

    def __cinit__(self, Py_ssize_t every=500):
        self.table = None
        self.size = -1
        self.calls = 0
        self.every = every
        self.store = None
        self.bits = NULL
        self.singles = NULL
        self.ready = False

    def __dealloc__(self):
        free(self.singles)

    cdef void watch(self, dict table) except *:
        """Make :meth:`get` use the filter for ``table`` when it is current (building it when due)."""
        cdef bytearray store
        cdef unsigned char* out
        cdef Py_hash_t h
        cdef size_t b
        cdef Py_ssize_t i
        self.calls += 1
        if table is self.table and len(table) == self.size:
            self.ready = True
            return
        self.ready = False
        if self.calls < self.every:
            return
        self.calls = 0
        store = bytearray(FILTER_BITS // 8)
        out = store
        if self.singles is NULL:
            self.singles = <long long*>malloc(SINGLES * sizeof(long long))
            if self.singles is NULL:
                raise MemoryError()
        for i in range(SINGLES):
            self.singles[i] = -1
        for key, count in table.items():
            h = PyObject_Hash(key)
            b = (<size_t>h) & (FILTER_BITS - 1)
            out[b >> 3] |= <unsigned char>(1 << (b & 7))
            if len(<str>key) == 1 and ord(<str>key) < SINGLES:
                self.singles[ord(<str>key)] = count
        self.store = bytes(store)
        self.bits = <const unsigned char*>self.store
        self.table, self.size, self.ready = table, len(table), True

    cdef PyObject* get(self, dict table, str key) except? NULL:
        """``PyDict_GetItem(table, key)``: NULL when ``key`` is not there (borrowed reference). The filter
        answers only for the dictionary it was built from while it has as many keys (it only grows)."""
        cdef size_t b
        if self.ready and table is self.table and len(table) == self.size:
            b = (<size_t>PyObject_Hash(key)) & (FILTER_BITS - 1)
            if not (self.bits[b >> 3] & (1 << (b & 7))):
                return NULL
        return PyDict_GetItem(table, key)

    cdef long long count1(self, dict table, Py_UCS4 c) except? -2:
        """The value of the one-character key ``c`` in ``table`` (a count, 0 or more), -1 when it is not
        there: from the array while the filter is current (the same answer), else from the table."""
        cdef PyObject* got
        if self.ready and c < SINGLES and table is self.table and len(table) == self.size:
            return self.singles[c]
        got = PyDict_GetItem(table, chr(c))
        return -1 if got is NULL else <long long>(<object>got)


cdef KeyFilter _filter = KeyFilter()


def cut(str blk, dict freq, double logtotal, Py_ssize_t at, list out):
    """See ``segment._cut``."""
    cdef Py_ssize_t n = len(blk), x = 0, y, start = -1
    cdef list nxt = route(blk, freq, logtotal)
    cdef Py_UCS4 c
    while x < n:
        y = nxt[x]
        if y - x == 1:
            c = blk[x]
            if 48 <= c <= 57 or 97 <= c <= 122 or 65 <= c <= 90:  # [0-9a-zA-Z]
                if start < 0:  # a run of single letters and digits: one token
                    start = x
                x = y
                continue
        if start >= 0:
            out.append((blk[start:x], at, at + x - start))
            at += x - start
            start = -1
        out.append((blk[x:y], at, y - x + at))
        at += y - x
        x = y
    if start >= 0:
        out.append((blk[start:n], at, at + n - start))
        at += n - start
    return at


def route(str blk, dict freq, double logtotal):
    """See ``segment._route``."""
    cdef Py_ssize_t n = len(blk)
    cdef list nxt = [0] * n
    cdef double* value = <double*>calloc(n + 1, sizeof(double))
    if value is NULL:
        raise MemoryError()
    try:
        _filter.watch(freq)
        _fill(blk, freq, logtotal, n, value, nxt)
    finally:
        free(value)
    return nxt


cdef void _fill(str blk, dict freq, double logtotal, Py_ssize_t n, double* value, list nxt) except *:
    cdef Py_ssize_t k, i, end = 0
    cdef double best = 0.0, v
    cdef bint have
    cdef PyObject* got
    cdef long long count
    cdef KeyFilter f = _filter
    for k in range(n - 1, -1, -1):  # calc: max over the words starting at k, the longer on ties
        have = False
        i = k
        count = f.count1(freq, blk[k])  # -1: not there
        while count >= 0:
            if count:
                v = log(<double>count) - logtotal + value[i + 1]
                if not have or v >= best:
                    best, end, have = v, i, True
            i += 1
            if i >= n:
                break
            got = f.get(freq, blk[k:i + 1])
            count = -1 if got is NULL else <long long>(<object>got)
        if not have:  # no word starts here: the character alone, counted 1 if unknown
            count = f.count1(freq, blk[k])
            best, end = log(<double>(count if count > 0 else 1)) - logtotal + value[k + 1], k
        value[k] = best
        nxt[k] = end + 1
