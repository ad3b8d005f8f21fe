/* record_pack.c -- a record as the bytes it uses, for a hand-off between
 * threads.
 *
 * maillog_record_copy() moves the whole struct, 992 bytes on x86-64,
 * mostly spans no field set and an unused text buffer.  A record handed
 * from a parsing thread to the one that correlates crosses between cores'
 * caches, where every byte counts: packing writes the scalars, then only
 * the spans and numbers whose mask bits are set, then the decoded text a
 * field may have (xbuf) when there is some: about a quarter of the struct
 * on mail logs.  The reason (src/reason) is looked up while packing, so
 * that the thread that packs, not the one that unpacks, pays for it. */
#include "internal.h"
#include "scan/simd.h"

#include <stddef.h>
#include <string.h>

#define ML_PACK_HEAD offsetof(maillog_record, f)

static size_t bits64(uint64_t m)
{
    size_t n = 0;
    for (; m; m &= m - 1)
        n++;
    return n;
}

size_t maillog_record_pack(const maillog_record *rec, void *buf, size_t cap)
{
    size_t need;
    unsigned char *o = buf;
    uint32_t flags;
    int32_t reason;
    const void *none = NULL;
    uint64_t m;
    if (!rec)
        return 0;
    need = ML_PACK_HEAD + bits64(rec->fmask) * sizeof(ml_span) +
           bits64(rec->nmask) * sizeof(int64_t);
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
    for (m = rec->fmask; m; m &= m - 1) {
        memcpy(o, &rec->f[ml_ctz64(m)], sizeof(ml_span));
        o += sizeof(ml_span);
    }
    for (m = rec->nmask; m; m &= m - 1) {
        memcpy(o, &rec->n[ml_ctz((uint32_t)m)], sizeof(int64_t));
        o += sizeof(int64_t);
    }
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
    uint64_t m;
    if (!dst || !buf || !line)
        return 0;
    memcpy(dst, buf, ML_PACK_HEAD);
    dst->line = line;
    in += ML_PACK_HEAD;
    for (m = dst->fmask; m; m &= m - 1) {
        memcpy(&dst->f[ml_ctz64(m)], in, sizeof(ml_span));
        in += sizeof(ml_span);
    }
    for (m = dst->nmask; m; m &= m - 1) {
        memcpy(&dst->n[ml_ctz((uint32_t)m)], in, sizeof(int64_t));
        in += sizeof(int64_t);
    }
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
