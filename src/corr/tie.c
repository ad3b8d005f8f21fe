/* tie.c -- delivery ties.  An MTA that numbers its deliveries logs
 * "starting delivery D: msg N to X", which ties delivery D to message N
 * and recipient X, and then "delivery D: result", which names D only.
 * The tie is an entry of its own kind (ml_tie), in the index and the
 * activity order like any other, from the start until the result; it is
 * never handed to a callback nor counted as emitted. */
#include "corr/message.h"

static void tie_key(const maillog_record *r, ml_key *k)
{
    ml_rec_text(r, MAILLOG_F_HOST, &k->host, &k->host_n);
    ml_rec_field(r, MAILLOG_F_DELIVERY_ID, &k->id, &k->id_n);
    k->inst = NULL;
    k->inst_n = 0;
    k->pid = 0;
    ml_key_hash(k, ML_KIND_TIE);
}

/* The start: a new tie (replacing one of the same delivery id). */
static int tie_open(maillog_corr *c, const ml_key *k, const maillog_record *r, int64_t t)
{
    ml_tie *d = (ml_tie *)ml_corr_entry_new(c, ML_KIND_TIE);
    if (!d)
        return MAILLOG_E_NOMEM;
    d->e.last_time = t;
    if (ml_str_copy(c, &d->e.arena, &d->host, k->host, k->host_n) ||
        ml_str_copy(c, &d->e.arena, &d->id, k->id, k->id_n) ||
        ml_copy_field(c, &d->e, &d->qid, r, MAILLOG_F_QUEUE_ID) ||
        ml_copy_field(c, &d->e, &d->to, r, MAILLOG_F_TO) ||
        ml_copy_field(c, &d->e, &d->inst, r, MAILLOG_F_INSTANCE)) {
        ml_corr_entry_free(c, &d->e);
        return MAILLOG_E_NOMEM;
    }
    ml_corr_insert(c, &d->e, k->hash);
    return MAILLOG_OK;
}

/* The result: one attempt of the tied message for the tied recipient. */
static int tie_result(maillog_corr *c, const ml_tie *d, const maillog_record *r, int64_t t)
{
    ml_key mk;
    maillog_message *m;
    ml_tie_message_key(d, &mk);
    m = (maillog_message *)ml_lookup(c, &mk, ML_KIND_MESSAGE, 1);
    if (!m)
        return MAILLOG_OK;
    ml_msg_setn(m, MAILLOG_MN_LAST_TIME, t);
    ml_touch(c, &m->e, t);
    if (ml_corr_delivery_to(c, m, r, t, d->to.p, d->to.n))
        return MAILLOG_E_NOMEM;
    ml_corr_implicit_end(c, m, r, t); /* an MTA without a removal line */
    return MAILLOG_OK;
}

int ml_corr_tie_event(maillog_corr *c, const maillog_record *r, int64_t t)
{
    ml_key k;
    ml_tie *d;
    int err = MAILLOG_OK;
    tie_key(r, &k);
    d = (ml_tie *)ml_lookup(c, &k, ML_KIND_TIE, 0);
    if (d && d->hop) /* a pending hop (hop.c) under an equal hash: not ours */
        d = NULL;
    if (ml_has(r, MAILLOG_F_QUEUE_ID)) { /* the start: remember the tie */
        if (d)
            ml_corr_emit(c, &d->e, 0);
        return tie_open(c, &k, r, t);
    }
    if (d) {
        err = tie_result(c, d, r, t);
        ml_corr_emit(c, &d->e, 0);
    }
    return err;
}
