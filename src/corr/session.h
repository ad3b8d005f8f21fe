/* session.h -- the per-record part of a session's life cycle, inline:
 * every record a session key can be made for finds its session (the
 * memo, or the index), touches it and counts its event into it, and
 * maillog_corr_add (handle.c) inlines that path.  The key, opening a
 * session and its end are in session.c. */
#ifndef ML_CORR_SESSION_H
#define ML_CORR_SESSION_H

#include "corr/index.h"

/* ---- session.c */
/* The key of r's session: 1, or 0 when r names none.  A session is named
 * by the MTA's own session id, or else by the dialect's rule
 * (ml_dialect.session_of). */
ML_HIDDEN int ml_corr_session_key(const maillog_record *r, ml_key *k);
/* The open session r belongs to, or NULL. */
ML_HIDDEN const maillog_session *ml_corr_session_of(maillog_corr *c, const maillog_record *r);
/* A new session under k (hashed), in the index; NULL on OOM. */
ML_HIDDEN maillog_session *ml_corr_open_session(maillog_corr *c, const ml_key *k,
                                                const maillog_record *r, int64_t t);
/* The disconnect: the session ends and is emitted. */
ML_HIDDEN int ml_corr_disconnect(maillog_corr *c, maillog_session *s, const maillog_record *r,
                                 int64_t t);

static inline void ml_ses_setn(maillog_session *s, int n, int64_t v)
{
    s->n[n] = v;
    s->nmask |= 1u << n;
}

/* ---- inline: the path of every record */
/* A record: -1 when it concerns no session, else MAILLOG_OK or
 * MAILLOG_E_NOMEM.  qid: r's queue id, or NULL. */
static inline int ml_session_event(maillog_corr *c, const maillog_record *r, int64_t t,
                                   const char *qid, size_t qid_n)
{
    ml_key k;
    maillog_session *s;
    int err = MAILLOG_OK;
    if (!ml_corr_session_key(r, &k))
        return -1;
    /* the memo, as for messages (see ml_message_memo): with an exact key,
     * the first entry that matches is the one ml_lookup() finds */
    s = (maillog_session *)c->memo_ses;
    if (c->no_memo || !s || !ml_session_is(s, &k)) {
        ml_key_hash(&k, ML_KIND_SESSION);
        s = (maillog_session *)ml_lookup(c, &k, ML_KIND_SESSION, 0);
    } else {
        k.hash = s->e.hash;
    }
    if (r->event == MAILLOG_EV_CONNECT && s) { /* pid reused: the old one ends */
        ml_corr_emit(c, &s->e, MAILLOG_MSG_EVICTED);
        s = NULL;
    }
    if (!s) {
        if (r->event != MAILLOG_EV_CONNECT && r->event != MAILLOG_EV_DISCONNECT &&
            r->event != MAILLOG_EV_REJECT && r->event != MAILLOG_EV_AUTH_FAILED &&
            r->event != MAILLOG_EV_CLIENT)
            return -1; /* no session to attach a passing remark to */
        s = ml_corr_open_session(c, &k, r, t);
        if (!s)
            return MAILLOG_E_NOMEM;
    }
    c->memo_ses = &s->e;
    ml_touch(c, &s->e, t);
    if (!s->f[MAILLOG_S_CLIENT_IP].p && ml_has(r, MAILLOG_F_CLIENT_IP)) {
        err |= ml_copy_field(c, &s->e, &s->f[MAILLOG_S_CLIENT_HOST], r, MAILLOG_F_CLIENT_HOST);
        err |= ml_copy_field(c, &s->e, &s->f[MAILLOG_S_CLIENT_IP], r, MAILLOG_F_CLIENT_IP);
    }
    switch (r->event) {
    case MAILLOG_EV_REJECT:
        if (!qid) {
            s->n[MAILLOG_SN_REJECTS]++;
            err |= ml_copy_field(c, &s->e, &s->f[MAILLOG_S_LAST_REJECT], r, MAILLOG_F_REPLY);
        }
        break;
    case MAILLOG_EV_AUTH_FAILED:
        s->n[MAILLOG_SN_AUTH_FAILURES]++;
        break;
    case MAILLOG_EV_CLIENT:
        /* a client line without a queue id (the receiving process in
         * front of a before-queue filter logs none) names no message */
        if (qid && qid_n &&
            ml_str_append(c, &s->e, &s->msg, &s->nmsg, &s->msg_cap, qid, qid_n))
            return MAILLOG_E_NOMEM;
        break;
    case MAILLOG_EV_DISCONNECT:
        err |= ml_corr_disconnect(c, s, r, t); /* s is gone */
        return err ? MAILLOG_E_NOMEM : MAILLOG_OK;
    default:
        /* a before-queue filter's result names the queue id the mail got
         * behind it: the message this session carried */
        if (!qid && r->status != MAILLOG_STATUS_REJECTED) {
            const char *p;
            size_t n;
            if (ml_rec_field(r, MAILLOG_F_NEW_QUEUE_ID, &p, &n) && n &&
                ml_str_append(c, &s->e, &s->msg, &s->nmsg, &s->msg_cap, p, n))
                return MAILLOG_E_NOMEM;
        }
        break;
    }
    ml_ses_setn(s, MAILLOG_SN_END_TIME, t);
    return err ? MAILLOG_E_NOMEM : MAILLOG_OK;
}

#endif
