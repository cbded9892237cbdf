from cpython.ref cimport PyObject


cdef class KeyFilter:
    cdef object table
    cdef Py_ssize_t size, calls, every
    cdef bytes store
    cdef const unsigned char* bits
    cdef long long* singles
    cdef bint ready
    cdef void watch(self, dict table) except *
    cdef PyObject* get(self, dict table, str key) except? NULL
    cdef long long count1(self, dict table, Py_UCS4 c) except? -2
