/* queue_id.c -- Postfix queue ids: the id that starts most lines (through
 * ml_postfix_queue_id() in postfix.h), a notification's new id, and the
 * one a hand-off names at the end of a reply.  Every line is measured
 * here, so the usual short id is told by one 16-byte load where SSE2 is
 * there, and the portable path below it reads four bytes a step. */
#include "mta/postfix/postfix.h"
#include "scan/scan.h"

/* The alphanumeric run of n bytes at p, whose class bits ANDed are all, has
 * a queue id's shape. */
static int qid_shape(const char *s, uint32_t p, uint32_t n, unsigned all)
{
    if (n > 32)
        return 0;
    return (all & ML_C_HEXUP) ? n >= 6
                              : n >= 10 && (all & ML_C_QIDLG) && memchr(s + p, 'z', n) != NULL;
}

static uint32_t qid_len_scalar(const char *s, uint32_t p, uint32_t end)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t q = p, lim = end - p > 33 ? p + 33 : end;
    unsigned all = 0xFFu, c;
    /* AND of the class bits tells "all hex" and "no vowel" in one pass,
     * four bytes a step while all four are alphanumeric. */
    while (lim - q >= 4 && ((c = ml_class[u[q]] & ml_class[u[q + 1]] & ml_class[u[q + 2]] &
                                 ml_class[u[q + 3]]) & ML_C_ALNUM)) {
        all &= c;
        q += 4;
    }
    while (q < lim && ((c = ml_class[u[q]]) & ML_C_ALNUM)) {
        all &= c;
        q++;
    }
    return qid_shape(s, p, q - p, all) ? q - p : 0;
}

#ifdef ML_SIMD_SSE2
/* Of the 16 bytes at p: the mask of the alphanumeric ones, and in *hexup
 * of the upper-case hex ones -- a queue id's two classes. */
static inline uint32_t qid_classes16(const char *p, uint32_t *hexup)
{
    const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i hex = _mm_or_si128(ml_in_range16(x, '0', '9'), ml_in_range16(x, 'A', 'F'));
    *hexup = (uint32_t)_mm_movemask_epi8(hex);
    return (uint32_t)_mm_movemask_epi8(_mm_or_si128(
        hex, _mm_or_si128(ml_in_range16(x, 'G', 'Z'), ml_in_range16(x, 'a', 'z'))));
}
#endif

/* Length of a queue id at p that ends at a non-alphanumeric byte or at
 * end, or 0.  Short ids are upper-case hex (5 hex
 * digits of microseconds + the inode), long ids (enable_long_queue_ids)
 * use an alphabet without vowels and contain the 'z' separator. */
uint32_t ml_postfix_qid_len(const char *s, uint32_t p, uint32_t end)
{
#ifdef ML_SIMD_SSE2
    /* The usual short id: one 16-byte load tells its length (the alphanumeric
     * run) and whether it is all upper-case hex. */
    if (end - p >= 16) {
        uint32_t hex, alnum = qid_classes16(s + p, &hex);
        uint32_t n = ml_ctz(~alnum), want = (1u << n) - 1u;
        if (n < 16) {
            if ((hex & want) == want)
                return n >= 6 ? n : 0;
            if (n < 10) /* too short for a long id too */
                return 0;
        }
    }
#endif
    return qid_len_scalar(s, p, end);
}

/* "queued as QID" at the very end of a reply: a content filter or the next
 * hop took the message under a new queue id; local(8) says "forwarded as
 * QID" when an alias or .forward re-queues it. */
void ml_postfix_handoff(maillog_record *r, uint32_t off, uint32_t end)
{
    static const ml_word marks[] = {ML_W("queued as "), ML_W("forwarded as ")};
    const char *s = r->line;
    uint32_t q = end, i;
    unsigned all = 0xFFu, c;
#ifdef ML_SIMD_SSE2
    /* The usual short id: the last 16 bytes tell its length (the run of
     * alphanumeric bytes at their end) and whether it is all upper-case
     * hex; anything else is measured byte by byte below. */
    if (end - off >= 16) {
        uint32_t hex, other = ~qid_classes16(s + end - 16, &hex) & 0xFFFFu;
        uint32_t n = other ? 15u - ml_msb(other) : 16u, want = 0xFFFFu & ~((1u << (16 - n)) - 1u);
        if (n < 16 && (hex & want) == want) {
            if (n < 6) /* too short for a short id; not a long one */
                return;
            q = end - n;
            goto marks;
        }
    }
#endif
    /* The id ends the reply: step back over it, then look at what precedes. */
    while (q > off && ((c = ml_class[(unsigned char)s[q - 1]]) & ML_C_ALNUM)) {
        all &= c;
        q--;
    }
    if (q == end || !qid_shape(s, q, end - q, all))
        return;
#ifdef ML_SIMD_SSE2
marks:
#endif
    for (i = 0; i < 2; i++) {
        if (q - off >= marks[i].n && memcmp(s + q - marks[i].n, marks[i].s, marks[i].n) == 0) {
            ml_set(r, MAILLOG_F_NEW_QUEUE_ID, q, end - q);
            return;
        }
    }
}
