/* simd.h -- the SIMD primitives, and the one place that decides which are
 * built.  ML_SIMD_SSE2: SSE2 intrinsics, 16 bytes a step.  ML_SWAR_LE:
 * word-at-a-time tests whose bit i is byte i in memory order (little-endian
 * only).  ML_NO_SIMD (make SIMD=0) turns SSE2 off, leaving the portable
 * path alone; the results are the same, and the tests compare the two
 * builds.  Files with their own SSE2 code test ML_SIMD_SSE2 from here and
 * keep a portable path beside it. */
#ifndef MAILLOG_SIMD_H
#define MAILLOG_SIMD_H

#include <stdint.h>

#if defined(__SSE2__) && !defined(ML_NO_SIMD) && (defined(__GNUC__) || defined(__clang__))
#include <emmintrin.h>
#define ML_SIMD_SSE2 1
#endif

#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__)
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define ML_SWAR_LE 1
#endif
#endif

/* Index of the lowest set bit of a nonzero m. */
static inline uint32_t ml_ctz(uint32_t m)
{
#if defined(__GNUC__) || defined(__clang__)
    return (uint32_t)__builtin_ctz(m);
#else
    static const uint8_t debruijn[32] = {0,  1,  28, 2,  29, 14, 24, 3,  30, 22, 20,
                                         15, 25, 17, 4,  8,  31, 27, 13, 23, 21, 19,
                                         16, 7,  26, 12, 18, 6,  11, 5,  10, 9};
    return debruijn[((m & (0u - m)) * 0x077CB531u) >> 27];
#endif
}

/* Index of the lowest set bit of a nonzero 64-bit m. */
static inline uint32_t ml_ctz64(uint64_t m)
{
#if defined(__GNUC__) || defined(__clang__)
    return (uint32_t)__builtin_ctzll(m); /* one instruction on 64-bit targets */
#else
    return (uint32_t)m ? ml_ctz((uint32_t)m) : 32u + ml_ctz((uint32_t)(m >> 32));
#endif
}

/* Index of the highest set bit of a nonzero m. */
static inline uint32_t ml_msb(uint32_t m)
{
#if defined(__GNUC__) || defined(__clang__)
    return 31u - (uint32_t)__builtin_clz(m);
#else
    uint32_t i = 0;
    while (m >>= 1)
        i++;
    return i;
#endif
}

#ifdef ML_SIMD_SSE2
/* The bytes of x in [lo, hi] (ASCII bounds), as lanes of all ones.  The
 * add moves lo to -128 (mod 256, so every byte has exactly one image),
 * and the range is then one signed compare: two operations, not three. */
static inline __m128i ml_in_range16(__m128i x, char lo, char hi)
{
    __m128i y = _mm_add_epi8(x, _mm_set1_epi8((char)(unsigned char)(128u - (unsigned char)lo)));
    return _mm_cmplt_epi8(y, _mm_set1_epi8((char)(-128 + (hi - lo) + 1)));
}
#endif

#define ML_ONES  0x0101010101010101ULL
#define ML_HIGHS 0x8080808080808080ULL
/* Nonzero when some byte of x is zero (exact as a truth value). */
static inline uint64_t ml_zero_byte(uint64_t x) { return (x - ML_ONES) & ~x & ML_HIGHS; }

#ifdef ML_SWAR_LE
/* The word-at-a-time mask: bit i set when byte i of the word x (in memory order,
 * so little-endian only) is a, b, c or d.  Each byte's "not equal" is its
 * high bit after an add that cannot carry across bytes; one multiply
 * gathers the eight high bits. */
static inline uint32_t ml_word_mask_any(uint64_t x, char a, char b, char c, char d)
{
#define ML_NE(ch)                                                                    \
    ((((x ^ (ML_ONES * (unsigned char)(ch))) & 0x7F7F7F7F7F7F7F7FULL) + 0x7F7F7F7F7F7F7F7FULL) | \
     (x ^ (ML_ONES * (unsigned char)(ch))))
    uint64_t eq = ~(ML_NE(a) & ML_NE(b) & ML_NE(c) & ML_NE(d)) & ML_HIGHS;
#undef ML_NE
    return (uint32_t)(((eq >> 7) * 0x0102040810204080ULL) >> 56);
}

/* Bit i set when byte i of x is not an ASCII digit: a low nibble above 9
 * carries into the high nibble, which must be 3. */
static inline uint32_t ml_word_nondigits(uint64_t x)
{
    uint64_t bad = (((x & 0x0F0F0F0F0F0F0F0FULL) + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) |
                   ((x & 0xF0F0F0F0F0F0F0F0ULL) ^ 0x3030303030303030ULL);
    bad = (((bad & 0x7F7F7F7F7F7F7F7FULL) + 0x7F7F7F7F7F7F7F7FULL) | bad) & ML_HIGHS;
    return (uint32_t)(((bad >> 7) * 0x0102040810204080ULL) >> 56);
}

/* The value of the first n (1 to 8) bytes of x, all digits: they move to
 * the top (zeros, as leading zero digits, below), then pairs, quads and
 * the whole are combined, three multiplies. */
static inline uint64_t ml_word_digits(uint64_t x, uint32_t n)
{
    uint64_t v = (x << (8 * (8 - n))) & 0x0F0F0F0F0F0F0F0FULL;
    v = (v * 2561) >> 8;
    v = ((v & 0x00FF00FF00FF00FFULL) * 6553601) >> 16;
    return ((v & 0x0000FFFF0000FFFFULL) * 42949672960001ULL) >> 32;
}
#endif

#endif
