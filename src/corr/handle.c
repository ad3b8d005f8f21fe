/* handle.c -- the correlator's handle: making and freeing it, its limits
 * and counters, handing finished entries to the callbacks, and
 * maillog_corr_add's dispatch of a record to what it concerns (a delivery
 * tie, a session, a message). */
#include "corr/message.h"
#include "corr/session.h"

#include <stdlib.h>

static const int64_t limit_defaults[8] = {0, 100000, 20000, 256 << 20, 0, 5, 0, 0};

int maillog_corr_new(const maillog_allocator *a, maillog_corr **out)
{
    maillog_corr *c;
    if (!out)
        return MAILLOG_E_INVAL;
    *out = NULL;
    if (a && (!a->alloc || !a->free))
        return MAILLOG_E_INVAL;
    c = a ? a->alloc(a->ctx, sizeof *c) : malloc(sizeof *c);
    if (!c)
        return MAILLOG_E_NOMEM;
    memset(c, 0, sizeof *c);
    if (a)
        c->alloc = *a;
    memcpy(c->limit, limit_defaults, sizeof c->limit);
    c->now = INT64_MIN;
    *out = c;
    return MAILLOG_OK;
}

void maillog_corr_free(maillog_corr *c)
{
    maillog_allocator a;
    if (!c)
        return;
    ml_corr_drop_all(c);
    ml_corr_free_spares(c);
    ml_corr_release(c, c->buckets, c->nbuckets * sizeof *c->buckets);
    a = c->alloc;
    if (a.free)
        a.free(a.ctx, c);
    else
        free(c);
}

int maillog_corr_set_callbacks(maillog_corr *c, maillog_message_cb m, maillog_session_cb s,
                               void *user)
{
    if (!c)
        return MAILLOG_E_INVAL;
    c->on_message = m;
    c->on_session = s;
    c->user = user;
    return MAILLOG_OK;
}

int maillog_corr_set_limit(maillog_corr *c, int32_t which, int64_t v)
{
    if (!c || which < MAILLOG_CORR_MAX_MESSAGES || which > MAILLOG_CORR_KEEP_LINES)
        return MAILLOG_E_INVAL;
    if (v < 0 || (which == MAILLOG_CORR_KEEP_LINES && v > 1))
        return MAILLOG_E_RANGE;
    c->limit[which] = v;
    return MAILLOG_OK;
}

int maillog_corr_counter(const maillog_corr *c, int32_t which, uint64_t *v)
{
    if (!c || !v || which < 0 || which >= MAILLOG_CORR_CTR_COUNT)
        return MAILLOG_E_INVAL;
    if (which == MAILLOG_CORR_CTR_OPEN)
        *v = c->nentries; /* open delivery ties included */
    else if (which == MAILLOG_CORR_CTR_MEMORY)
        *v = c->memory;
    else
        *v = c->ctr[which];
    return MAILLOG_OK;
}

const char *maillog_end_name(int32_t end)
{
    static const char *const names[MAILLOG_END_COUNT] = {"open", "removed", "expired",
                                                         "rejected", "discarded", "held"};
    return end >= 0 && end < MAILLOG_END_COUNT ? names[end] : "";
}

void ml_corr_no_memo(maillog_corr *c) { c->no_memo = 1; }

/* ------------------------------------------------------------- emission */
void ml_corr_emit(maillog_corr *c, ml_entry *e, uint32_t extra_flags)
{
    int rc = 0;
    ml_corr_unindex(c, e);
    if (e->kind == ML_KIND_TIE) { /* internal: no callback, no count */
        ml_corr_entry_free(c, e);
        return;
    }
    e->flags |= extra_flags;
    if (extra_flags & MAILLOG_MSG_EVICTED)
        c->ctr[MAILLOG_CORR_CTR_EVICTED]++;
    c->in_callback = 1;
    if (e->kind == ML_KIND_MESSAGE) {
        c->ctr[MAILLOG_CORR_CTR_MESSAGES]++;
        if (c->on_message)
            rc = c->on_message(c->user, (const maillog_message *)e);
    } else {
        c->ctr[MAILLOG_CORR_CTR_SESSIONS]++;
        if (c->on_session)
            rc = c->on_session(c->user, (const maillog_session *)e);
    }
    c->in_callback = 0;
    if (rc)
        c->stop = 1;
    ml_corr_entry_free(c, e);
}

/* The least recently active entry of one of the kinds (bits 1 << kind). */
static ml_entry *oldest_of(maillog_corr *c, uint32_t kinds)
{
    ml_entry *e = c->lru_head;
    while (e && !((kinds >> e->kind) & 1u))
        e = e->lnext;
    return e;
}

/* Finished entries whose grace has passed, idle entries, and entries over
 * the count and memory limits leave, oldest first.  Every loop stops at the
 * first entry that may stay, so the cost per record is constant.
 * MAX_SESSIONS bounds sessions and delivery ties together: a tie is what
 * a delivery in progress holds open, as a session is what a connection
 * does, and neither is a message. */
static void enforce_limits(maillog_corr *c)
{
    int64_t grace = c->limit[MAILLOG_CORR_GRACE], idle = c->limit[MAILLOG_CORR_MAX_IDLE];
    while (c->done_head && c->done_head->done_time + grace <= c->now)
        ml_corr_emit(c, c->done_head, 0);
    while (idle && c->lru_head && c->lru_head->last_time + idle < c->now)
        ml_corr_emit(c, c->lru_head,
                     c->lru_head->flags & MAILLOG_MSG_COMPLETE ? 0 : MAILLOG_MSG_EVICTED);
    while (c->limit[MAILLOG_CORR_MAX_MESSAGES] &&
           c->nmessages > (size_t)c->limit[MAILLOG_CORR_MAX_MESSAGES])
        ml_corr_emit(c, oldest_of(c, 1u << ML_KIND_MESSAGE), MAILLOG_MSG_EVICTED);
    while (c->limit[MAILLOG_CORR_MAX_SESSIONS] &&
           c->nsessions + c->nties > (size_t)c->limit[MAILLOG_CORR_MAX_SESSIONS])
        ml_corr_emit(c, oldest_of(c, 1u << ML_KIND_SESSION | 1u << ML_KIND_TIE),
                     MAILLOG_MSG_EVICTED);
    while (c->limit[MAILLOG_CORR_MAX_MEMORY] && c->lru_head &&
           c->memory > (size_t)c->limit[MAILLOG_CORR_MAX_MEMORY])
        ml_corr_emit(c, c->lru_head,
                     c->lru_head->flags & MAILLOG_MSG_COMPLETE ? 0 : MAILLOG_MSG_EVICTED);
}

/* ------------------------------------------------------------- records */
int maillog_corr_add(maillog_corr *c, const maillog_record *r)
{
    int64_t t;
    int rc = MAILLOG_OK, handled = 0;
    const char *qid;
    size_t qid_n;
    if (!c || !r)
        return MAILLOG_E_INVAL;
    if (c->in_callback)
        return MAILLOG_E_STATE;
    c->stop = 0;
    c->ctr[MAILLOG_CORR_CTR_RECORDS]++;
    if (r->flags & MAILLOG_REC_HAS_TIME) {
        t = r->ts_sec;
        if (t > c->now)
            c->now = t;
    } else {
        t = c->now == INT64_MIN ? 0 : c->now;
    }
    if (r->mta != MAILLOG_MTA_UNKNOWN && !(r->flags & MAILLOG_REC_UNPARSED)) {
        int has_qid = ml_rec_field(r, MAILLOG_F_QUEUE_ID, &qid, &qid_n), s;
        if (ml_has(r, MAILLOG_F_DELIVERY_ID)) {
            handled = 1;
            rc |= ml_corr_tie_event(c, r, t);
        }
        s = ml_session_event(c, r, t, has_qid ? qid : NULL, qid_n);
        if (s != -1) {
            handled = 1;
            rc |= s;
        }
        if (has_qid) {
            handled = 1;
            rc |= ml_message_event(c, r, t);
        } else if (r->event == MAILLOG_EV_REJECT && r->status == MAILLOG_STATUS_DISCARDED &&
                   r->dialect && (r->dialect->corr_flags & ML_CORR_EARLY_DISCARDS) &&
                   ml_corr_pending_discard(c, r, t)) {
            handled = 1; /* waits for its message's arrival */
        }
    }
    if (!handled)
        c->ctr[MAILLOG_CORR_CTR_IGNORED]++;
    enforce_limits(c);
    if (rc)
        return MAILLOG_E_NOMEM;
    return c->stop ? MAILLOG_STOPPED : MAILLOG_OK;
}

int maillog_corr_finish(maillog_corr *c)
{
    if (!c)
        return MAILLOG_E_INVAL;
    if (c->in_callback)
        return MAILLOG_E_STATE;
    c->stop = 0;
    while (c->lru_head)
        ml_corr_emit(c, c->lru_head, 0);
    c->now = INT64_MIN;
    ml_corr_pending_clear(c);
    return c->stop ? MAILLOG_STOPPED : MAILLOG_OK;
}
