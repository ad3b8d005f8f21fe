/* record_pack.c -- a record's copies: into another record
 * (maillog_record_copy), or as the bytes it uses (maillog_record_pack), for
 * a hand-off between threads.
 *
 * The struct is 992 bytes on x86-64, mostly spans no field set and an
 * unused text buffer.  A record handed from a parsing thread to the one
 * that correlates crosses between cores' caches, so packing writes the
 * scalars, then the spans and numbers from the first mask bit set to the
 * last, then the decoded text a field may have (xbuf) when there is some:
 * about half of the struct on mail logs, in four memcpy calls.  The reason
 * (src/reason) is looked up while packing, so that the thread that packs,
 * not the one that unpacks, pays for it. */
#include "internal.h"
#include "scan/simd.h"

#include <stddef.h>
#include <string.h>

#define ML_PACK_HEAD offsetof(maillog_record, f)

/* The fields (or numbers) from the lowest set bit of m to the highest, as
 * one run: a record's fields sit close together, so copying the few unset
 * slots between them costs less than a loop that picks out each set one
 * (about 40 instructions a record instead of 300, measured with callgrind).
 * The slots between are never read: a field is read only by its mask bit. */
static size_t run_lo(uint64_t m)
{
    return m ? ml_ctz64(m) : 0;
}

static size_t run_n(uint64_t m)
{
    if (!m)
        return 0;
    return (uint32_t)(m >> 32) ? 33u + ml_msb((uint32_t)(m >> 32)) - ml_ctz64(m)
                               : 1u + ml_msb((uint32_t)m) - ml_ctz64(m);
}

/* Everything but the allocator, which stays dst's, and the spans and
 * numbers outside the runs that the masks set: the head and two runs as
 * three memcpy calls, about 40 instructions a record, where one memcpy of
 * the struct up to the allocator took 104 and a loop over the set spans
 * 174 (callgrind).  Of the decoded text, only the bytes used. */
int maillog_record_copy(maillog_record *dst, const maillog_record *src, char *line)
{
    size_t flo, nlo;
    if (!dst || !src || !line)
        return MAILLOG_E_INVAL;
    memcpy(dst, src, ML_PACK_HEAD);
    flo = run_lo(src->fmask);
    memcpy(&dst->f[flo], &src->f[flo], run_n(src->fmask) * sizeof(ml_span));
    nlo = run_lo(src->nmask);
    memcpy(&dst->n[nlo], &src->n[nlo], run_n(src->nmask) * sizeof(int64_t));
    dst->xmask = src->xmask;
    dst->xlen = src->xmask ? src->xlen : 0;
    if (dst->xlen)
        memcpy(dst->xbuf, src->xbuf, dst->xlen);
    if (src->len)
        memcpy(line, src->line, src->len);
    dst->line = line;
    return MAILLOG_OK;
}

size_t maillog_record_pack(const maillog_record *rec, void *buf, size_t cap)
{
    size_t need, flo, fn, nlo, nn;
    unsigned char *o = buf;
    uint32_t flags;
    int32_t reason;
    const void *none = NULL;
    if (!rec)
        return 0;
    flo = run_lo(rec->fmask);
    fn = run_n(rec->fmask);
    nlo = run_lo(rec->nmask);
    nn = run_n(rec->nmask);
    need = ML_PACK_HEAD + fn * sizeof(ml_span) + nn * sizeof(int64_t);
    if (rec->xmask)
        need += sizeof rec->xmask + sizeof rec->xlen + rec->xlen;
    if (!buf || cap < need)
        return need;
    /* buf need not be aligned: members are written with memcpy */
    flags = (rec->flags | ML_REC_REASON) & ~ML_REC_XTEXT;
    if (rec->xmask)
        flags |= ML_REC_XTEXT;
    reason = maillog_record_reason(rec);
    memcpy(o, rec, ML_PACK_HEAD);
    memcpy(o + offsetof(maillog_record, flags), &flags, sizeof flags);
    memcpy(o + offsetof(maillog_record, reason), &reason, sizeof reason);
    /* valid only while a dialect parses */
    memcpy(o + offsetof(maillog_record, pctx), &none, sizeof none);
    o += ML_PACK_HEAD;
    memcpy(o, &rec->f[flo], fn * sizeof(ml_span));
    o += fn * sizeof(ml_span);
    memcpy(o, &rec->n[nlo], nn * sizeof(int64_t));
    o += nn * sizeof(int64_t);
    if (rec->xmask) {
        memcpy(o, &rec->xmask, sizeof rec->xmask);
        memcpy(o + sizeof rec->xmask, &rec->xlen, sizeof rec->xlen);
        memcpy(o + sizeof rec->xmask + sizeof rec->xlen, rec->xbuf, rec->xlen);
    }
    return need;
}

size_t maillog_record_unpack(maillog_record *dst, const void *buf, const char *line)
{
    const unsigned char *in = buf;
    size_t fn, nn;
    if (!dst || !buf || !line)
        return 0;
    memcpy(dst, buf, ML_PACK_HEAD);
    dst->line = line;
    in += ML_PACK_HEAD;
    fn = run_n(dst->fmask);
    if (fn > ML_F_SLOTS - run_lo(dst->fmask)) /* not what pack wrote */
        fn = dst->fmask = 0;
    memcpy(&dst->f[run_lo(dst->fmask)], in, fn * sizeof(ml_span));
    in += fn * sizeof(ml_span);
    nn = run_n(dst->nmask);
    if (nn > MAILLOG_N_COUNT - run_lo(dst->nmask))
        nn = dst->nmask = 0;
    memcpy(&dst->n[run_lo(dst->nmask)], in, nn * sizeof(int64_t));
    in += nn * sizeof(int64_t);
    dst->xmask = 0;
    dst->xlen = 0;
    if (dst->flags & ML_REC_XTEXT) {
        memcpy(&dst->xmask, in, sizeof dst->xmask);
        memcpy(&dst->xlen, in + sizeof dst->xmask, sizeof dst->xlen);
        in += sizeof dst->xmask + sizeof dst->xlen;
        if (dst->xlen > ML_XBUF) /* not what pack wrote */
            dst->xlen = ML_XBUF;
        memcpy(dst->xbuf, in, dst->xlen);
        in += dst->xlen;
    }
    return (size_t)(in - (const unsigned char *)buf);
}
