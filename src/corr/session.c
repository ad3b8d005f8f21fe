/* session.c -- a session's life cycle beyond the per-record path of
 * session.h: its key (the MTA's own session id, or the dialect's rule),
 * opening it, and its end at the disconnect. */
#include "corr/session.h"
#include "mta/dialect.h"

int ml_corr_session_key(const maillog_record *r, ml_key *k)
{
    ml_span id;
    ml_rec_text(r, MAILLOG_F_HOST, &k->host, &k->host_n);
    k->inst = NULL;
    k->inst_n = 0;
    if (ml_rec_field(r, MAILLOG_F_SESSION_ID, &k->id, &k->id_n)) { /* the MTA names it */
        k->pid = -1;
        return 1;
    }
    /* else the dialect's rule, when its MTA keys sessions otherwise */
    if (!r->dialect || !r->dialect->session_of || !r->dialect->session_of(r, &id, &k->pid))
        return 0;
    k->id = r->line + id.off;
    k->id_n = id.len;
    return 1;
}

const maillog_session *ml_corr_session_of(maillog_corr *c, const maillog_record *r)
{
    ml_key k;
    if (!ml_corr_session_key(r, &k))
        return NULL;
    ml_key_hash(&k, ML_KIND_SESSION);
    return (const maillog_session *)ml_lookup(c, &k, ML_KIND_SESSION, 0);
}

maillog_session *ml_corr_open_session(maillog_corr *c, const ml_key *k, const maillog_record *r,
                                      int64_t t)
{
    maillog_session *s = (maillog_session *)ml_corr_entry_new(c, ML_KIND_SESSION);
    if (!s)
        return NULL;
    /* a host is always stored ("" when the line had none), so lookups of
     * hostless lines find their entry */
    if (ml_str_copy(c, &s->e.arena, &s->f[MAILLOG_S_HOST], k->host, k->host_n) ||
        ml_copy_field(c, &s->e, &s->f[MAILLOG_S_PROGRAM], r, MAILLOG_F_PROGRAM) ||
        (k->pid < 0 && ml_str_copy(c, &s->e.arena, &s->f[MAILLOG_S_SESSION_ID], k->id, k->id_n))) {
        ml_corr_entry_free(c, &s->e);
        return NULL;
    }
    if (ml_hasn(r, MAILLOG_N_PID))
        ml_ses_setn(s, MAILLOG_SN_PID, r->n[MAILLOG_N_PID]);
    ml_ses_setn(s, MAILLOG_SN_REJECTS, 0);
    ml_ses_setn(s, MAILLOG_SN_AUTH_FAILURES, 0);
    if (r->event == MAILLOG_EV_CONNECT)
        ml_ses_setn(s, MAILLOG_SN_CONNECT_TIME, t);
    s->e.last_time = t;
    ml_corr_insert(c, &s->e, k->hash);
    return s;
}

/* With the command counters the line gives after its client. */
int ml_corr_disconnect(maillog_corr *c, maillog_session *s, const maillog_record *r, int64_t t)
{
    int err = MAILLOG_OK;
    ml_ses_setn(s, MAILLOG_SN_END_TIME, t);
    if (r->kv_end > r->kv_off) {
        uint32_t a = r->kv_off, b = r->kv_end;
        while (a < b && r->line[a] == ' ')
            a++;
        err |= ml_str_copy(c, &s->e.arena, &s->f[MAILLOG_S_COUNTERS], r->line + a, b - a);
    }
    s->e.flags |= MAILLOG_MSG_COMPLETE;
    ml_corr_emit(c, &s->e, 0);
    return err ? MAILLOG_E_NOMEM : MAILLOG_OK;
}
