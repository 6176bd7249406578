# Exact decimal arithmetic on Arrow decimal128 integers (the value times
# 10**scale), shared by the money kernels. Inline only, so no module of its own.

cimport cython

from accel._arrow cimport int128_t


cdef extern from *:
    # GCC/Clang builtin, type-generic: returns true when a * b overflowed.
    bint mul_overflow "__builtin_mul_overflow"(int128_t a, int128_t b, int128_t* product) noexcept nogil


cdef inline int128_t power_of_ten(int exponent) noexcept nogil:
    """Return 10**exponent for 0 <= exponent <= 38 (10**38 still fits in 128 bits)."""
    cdef int128_t result = 1
    cdef int i
    for i in range(exponent):
        result *= 10
    return result


@cython.cdivision(True)
cdef inline int128_t divide_half_away(int128_t value, int128_t divisor) noexcept nogil:
    """Divide by a positive divisor, rounding halves away from zero (0.125 -> 0.13)."""
    cdef int128_t quotient = value / divisor        # C division truncates toward zero
    cdef int128_t remainder = value % divisor       # with the sign of value
    if remainder < 0:
        if -2 * remainder >= divisor:
            quotient -= 1
    elif 2 * remainder >= divisor:
        quotient += 1
    return quotient
