/* message.h -- the per-record part of a message's life cycle, inline:
 * every record with a queue id finds its message (the memo, or the
 * index), touches it and applies its event, and maillog_corr_add
 * (handle.c) inlines that path, as a call per record costs more than the
 * path's own bookkeeping.  The rest of the life cycle -- deliveries, the
 * end, hand-offs and parents -- is in message.c. */
#ifndef ML_CORR_MESSAGE_H
#define ML_CORR_MESSAGE_H

#include "corr/index.h"
#include "mta/dialect.h"

/* ---- message.c */
/* A new message under k (its instance too, with with_instance), in the
 * index; NULL on OOM. */
ML_HIDDEN maillog_message *ml_corr_new_message(maillog_corr *c, const ml_key *k,
                                               int with_instance);
/* A delivery line: one attempt for each recipient it names; then the end,
 * for an MTA that logs no removal, once every recipient is final. */
ML_HIDDEN int ml_corr_delivery(maillog_corr *c, maillog_message *m, const maillog_record *r,
                               int64_t t);
/* A new recipient TO at the end of m's list, all else zero; NULL when
 * out of memory. */
ML_HIDDEN ml_rcpt *ml_corr_new_rcpt(maillog_corr *c, maillog_message *m, const char *to,
                                    size_t to_n);
/* discard.c: a recipient discarded before its message had a queue id
 * (ML_CORR_EARLY_DISCARDS) waits for the arrival (1 when kept); the
 * arrival r of m takes those of its client and sender; a new run
 * forgets them. */
ML_HIDDEN int ml_corr_pending_discard(maillog_corr *c, const maillog_record *r, int64_t t);
ML_HIDDEN int ml_corr_take_discards(maillog_corr *c, maillog_message *m, const maillog_record *r,
                                    int64_t t);
ML_HIDDEN void ml_corr_pending_clear(maillog_corr *c);
/* The recipients an arrival line lists, without a status (their last
 * time the arrival's), for a dialect with ML_CORR_LISTED_RCPTS or
 * ML_CORR_ARRIVAL_RCPTS. */
ML_HIDDEN int ml_corr_listed(maillog_corr *c, maillog_message *m, const maillog_record *r,
                             int64_t t);
/* One delivery attempt of message m for recipient (to, to_n). */
ML_HIDDEN int ml_corr_delivery_to(maillog_corr *c, maillog_message *m, const maillog_record *r,
                                  int64_t t, const char *to, size_t to_n);
/* For an MTA that logs no removal (ML_CORR_IMPLICIT_END): m ends once
 * every recipient it accepted has a final status (after a delivery line,
 * or a delivery tie's result). */
ML_HIDDEN void ml_corr_implicit_end(maillog_corr *c, maillog_message *m, const maillog_record *r,
                                    int64_t t);
/* A reject, discard or hold of the whole message: a hold is a state, the
 * others end it. */
ML_HIDDEN int ml_corr_refused(maillog_corr *c, maillog_message *m, const maillog_record *r,
                              int64_t t);
/* The MTA gave the message up (its lifetime ended): it ends expired, and
 * so does every recipient not final yet. */
ML_HIDDEN int ml_corr_expired(maillog_corr *c, maillog_message *m, const maillog_record *r,
                              int64_t t);
/* A line that shows a held message back in the queue (a release, a queue
 * manager's line, a delivery attempt): the hold is over. */
static inline void ml_corr_unhold(maillog_message *m, const maillog_record *r)
{
    if (m->end == MAILLOG_END_HELD && !(m->e.flags & ML_ENTRY_DONE) &&
        r->status != MAILLOG_STATUS_HELD &&
        (r->event == MAILLOG_EV_QUEUE_ADMIN || r->event == MAILLOG_EV_QUEUED ||
         r->event == MAILLOG_EV_DELIVERY))
        m->end = MAILLOG_END_OPEN;
}
/* Delivery record r to a local relay answered with a new queue id (id,
 * n): a hand-off only once that id's own lines are seen (hop.c); for an
 * organisation's hop (ML_CORR_ORG_HOPS), only when they name m's
 * message-id too, and under the host r names for it. */
ML_HIDDEN int ml_corr_hop(maillog_corr *c, maillog_message *m, ml_rcpt *rc, const char *id,
                          size_t n, const maillog_record *r, int64_t t);
/* A pending entry (ml_tie) of kind hop (ML_TIE_*) for message m under
 * id, with m's host and instance; NULL on OOM.  The caller copies what
 * else it keeps, then ml_corr_tie_done() puts it in the index under hash,
 * or frees it when a copy failed (MAILLOG_E_NOMEM). */
ML_HIDDEN ml_tie *ml_corr_tie_for(maillog_corr *c, const maillog_message *m, const char *id,
                                  size_t n, int32_t hop, int64_t t);
ML_HIDDEN int ml_corr_tie_done(maillog_corr *c, ml_tie *d, uint64_t hash, int failed);
/* A new message under k, opened by r: the hand-off a pending hop waited
 * for (hop.c). */
ML_HIDDEN int ml_corr_hop_arrived(maillog_corr *c, maillog_message *m, const ml_key *k,
                                  const maillog_record *r, int64_t t);
/* The hand-off of the message pk names to a new queue id (id, n): the
 * child is found or opened, and flagged child_flags. */
ML_HIDDEN int ml_corr_link_child(maillog_corr *c, maillog_message *parent, const ml_key *pk,
                                 const char *id, size_t n, uint32_t child_flags, int64_t t);
/* Message m (key k) names its parent (p, n): it notifies about it. */
ML_HIDDEN int ml_corr_link_parent(maillog_corr *c, maillog_message *m, const ml_key *k,
                                  const char *p, size_t n, int64_t t);
/* The client of a message whose arrival line names none, from its
 * session (an MTA that names its sessions gives it on the connect line). */
ML_HIDDEN int ml_corr_client_of_session(maillog_corr *c, maillog_message *m,
                                        const maillog_record *r);

/* The key (hashed) of the message a tie or a pending hop names. */
static inline void ml_tie_message_key(const ml_tie *d, ml_key *k)
{
    const ml_str *h = d->phost.p ? &d->phost : &d->host; /* a hop to another host */
    k->host = h->p;
    k->host_n = h->n;
    k->inst = d->inst.p;
    k->inst_n = d->inst.n;
    k->id = d->qid.p;
    k->id_n = d->qid.n;
    k->pid = 0;
    ml_key_hash(k, ML_KIND_MESSAGE);
}

/* ---- link.c */
/* An action line of an MTA that logs rewriting (ML_CORR_REWRITES): its
 * to list replaces its orig_to recipient. */
ML_HIDDEN int ml_corr_rewrite(maillog_corr *c, maillog_message *m, const maillog_record *r);
/* The link the record's dialect finds in it (ml_dialect.link_of). */
ML_HIDDEN int ml_corr_link_event(maillog_corr *c, maillog_message *m, const maillog_record *r,
                                 int64_t t);

/* Final statuses: no later attempt changes them. */
static inline int ml_final_status(int64_t st)
{
    return st == MAILLOG_STATUS_SENT || st == MAILLOG_STATUS_BOUNCED ||
           st == MAILLOG_STATUS_EXPIRED || st == MAILLOG_STATUS_DISCARDED ||
           st == MAILLOG_STATUS_REJECTED;
}

/* The first recipient of m whatever its orig_to; m->nrcpt when none. */
static inline uint32_t ml_rcpt_find(const maillog_message *m, const char *to, size_t to_n)
{
    uint32_t i;
    for (i = 0; i < m->nrcpt; i++)
        if (ml_str_eq(&m->rcpt[i].f[MAILLOG_R_TO], to, to_n))
            break;
    return i;
}

/* An MTA whose servers log into one view (ML_CORR_ORG_HOPS). */
static inline int ml_org_hops(const maillog_record *r)
{
    return r->dialect && (r->dialect->corr_flags & ML_CORR_ORG_HOPS);
}

/* ---- inline: the path of every record */
/* An MTA that logs no removal (ML_CORR_IMPLICIT_END): the correlator ends
 * its messages itself. */
static inline int ml_implicit_end_of(const maillog_record *r)
{
    return r->dialect && (r->dialect->corr_flags & ML_CORR_IMPLICIT_END);
}

/* A message held when it is removed keeps its end: it left the queue
 * from hold, undelivered. */
static inline void ml_message_finish(maillog_corr *c, maillog_message *m, int32_t end, int64_t t)
{
    if (m->end == MAILLOG_END_OPEN || end != MAILLOG_END_REMOVED)
        m->end = end;
    m->e.flags |= MAILLOG_MSG_COMPLETE;
    if (!(m->e.flags & ML_ENTRY_DONE)) {
        m->e.flags |= ML_ENTRY_DONE;
        m->e.done_time = t;
        ml_done_append(c, &m->e);
    }
    ml_msg_setn(m, MAILLOG_MN_COMPLETION, t);
}

static inline int ml_starts_message(const maillog_record *r)
{
    return r->event == MAILLOG_EV_CLIENT || r->event == MAILLOG_EV_PICKUP;
}

/* A RCPT-stage reject with a queue id refuses one recipient of a message
 * that goes on; any other reject, discard or hold ends the message. */
static inline int ml_rcpt_stage(const maillog_record *r)
{
    const char *p;
    size_t n;
    return (r->flags & ML_REC_RCPT_REFUSAL) ||
           (ml_rec_field(r, MAILLOG_F_STAGE, &p, &n) && n == 4 && memcmp(p, "RCPT", 4) == 0);
}

/* The memo when k names it, by a test stricter than ml_lookup()'s: the
 * instance must be the same or absent on both sides.  An entry found
 * before the memo in its chain would then have been found for the memo's
 * own line too, so the memo is what ml_lookup() returns. */
static inline maillog_message *ml_message_memo(const maillog_corr *c, const ml_key *k)
{
    maillog_message *m = (maillog_message *)c->memo;
    if (!m || !ml_str_eq(&m->f[MAILLOG_M_QUEUE_ID], k->id, k->id_n) ||
        !ml_str_eq(&m->f[MAILLOG_M_HOST], k->host, k->host_n))
        return NULL;
    if (m->f[MAILLOG_M_INSTANCE].p ? !ml_str_eq(&m->f[MAILLOG_M_INSTANCE], k->inst, k->inst_n)
                                   : k->inst != NULL)
        return NULL;
    return m;
}

/* The login name: the user field, or a sasl_username attribute of an MTA
 * that does not make it a field. */
static inline int ml_sasl_user(maillog_corr *c, maillog_message *m, const maillog_record *r)
{
    uint32_t cur = 0;
    const char *k, *v;
    size_t kn, vn;
    if (ml_has(r, MAILLOG_F_USER))
        return ml_copy_text(c, &m->e, &m->f[MAILLOG_M_SASL_USERNAME], r, MAILLOG_F_USER);
    while (maillog_record_attr_next(r, &cur, &k, &kn, &v, &vn) == 1)
        if (kn == 13 && memcmp(k, "sasl_username", 13) == 0)
            return ml_str_copy(c, &m->e.arena, &m->f[MAILLOG_M_SASL_USERNAME], v, vn);
    return MAILLOG_OK;
}

/* What an arrival or queue line says besides its event: an MTA may log
 * sender, size, count and message-id on the arrival line itself. */
static inline int ml_arrival_fields(maillog_corr *c, maillog_message *m, const maillog_record *r,
                                    int64_t t)
{
    int err = MAILLOG_OK;
    if (ml_has(r, MAILLOG_F_MESSAGE_ID))
        err |= ml_copy_field(c, &m->e, &m->f[MAILLOG_M_MESSAGE_ID], r, MAILLOG_F_MESSAGE_ID);
    if (ml_hasn(r, MAILLOG_N_SIZE))
        ml_msg_setn(m, MAILLOG_MN_SIZE, r->n[MAILLOG_N_SIZE]);
    if (ml_hasn(r, MAILLOG_N_NRCPT))
        ml_msg_setn(m, MAILLOG_MN_NRCPT, r->n[MAILLOG_N_NRCPT]);
    if (r->event != MAILLOG_EV_PICKUP && ml_has(r, MAILLOG_F_FROM))
        err |= ml_copy_field(c, &m->e, &m->f[MAILLOG_M_FROM], r, MAILLOG_F_FROM);
    /* an MTA that logs no removal logs a message whose every recipient
     * was refused with a count of 0, and drops it */
    if (ml_implicit_end_of(r) && ml_hasn(r, MAILLOG_N_NRCPT) && r->n[MAILLOG_N_NRCPT] == 0)
        ml_message_finish(c, m, MAILLOG_END_REJECTED, t);
    return err;
}

/* A record with a queue id: MAILLOG_OK or MAILLOG_E_NOMEM. */
static inline int ml_message_event(maillog_corr *c, const maillog_record *r, int64_t t)
{
    ml_key k;
    maillog_message *m;
    int err = MAILLOG_OK;
    const char *p;
    size_t n;
    ml_rec_text(r, MAILLOG_F_HOST, &k.host, &k.host_n);
    ml_rec_field(r, MAILLOG_F_INSTANCE, &k.inst, &k.inst_n);
    ml_rec_field(r, MAILLOG_F_QUEUE_ID, &k.id, &k.id_n);
    k.pid = 0;
    if (c->no_memo || !(m = ml_message_memo(c, &k))) {
        ml_key_hash(&k, ML_KIND_MESSAGE);
        m = (maillog_message *)ml_lookup(c, &k, ML_KIND_MESSAGE, 0);
    } else {
        k.hash = m->e.hash; /* the same host and id: the same hash */
    }
    /* A short queue id comes back once its file is gone: a new arrival for
     * a finished message, or a second arrival, starts a new message.  An
     * MTA whose ids are never reused (ML_CORR_LISTED_RCPTS: hMailServer's
     * database ids) only repeats an open message's arrival when a new file
     * starts the dialect's memory afresh: it is the same message. */
    if (m && ml_starts_message(r) &&
        ((m->e.flags & ML_ENTRY_DONE) ||
         (((m->nmask >> MAILLOG_MN_ARRIVAL) & 1u) &&
          !(r->dialect && (r->dialect->corr_flags & ML_CORR_LISTED_RCPTS))))) {
        ml_corr_emit(c, &m->e, (m->e.flags & ML_ENTRY_DONE) ? 0 : MAILLOG_MSG_EVICTED);
        m = NULL;
    }
    if (!m) {
        m = ml_corr_new_message(c, &k, 1);
        if (!m)
            return MAILLOG_E_NOMEM;
        if (c->nties && ml_corr_hop_arrived(c, m, &k, r, t))
            return MAILLOG_E_NOMEM;
    } else if (!m->f[MAILLOG_M_INSTANCE].p && k.inst) { /* a placeholder gets its instance */
        err |= ml_str_copy(c, &m->e.arena, &m->f[MAILLOG_M_INSTANCE], k.inst, k.inst_n);
    }
    c->memo = &m->e;
    if (!((m->nmask >> MAILLOG_MN_FIRST_TIME) & 1u))
        ml_msg_setn(m, MAILLOG_MN_FIRST_TIME, t);
    ml_msg_setn(m, MAILLOG_MN_LAST_TIME, t);
    ml_touch(c, &m->e, t);
    if (c->limit[MAILLOG_CORR_KEEP_LINES]) {
        ml_line *arr = ml_corr_arena_grow(c, &m->e.arena, m->lines, m->nlines, &m->lines_cap,
                                          sizeof *arr, 4);
        if (!arr)
            return MAILLOG_E_NOMEM;
        m->lines = arr;
        arr[m->nlines].number = r->line_no;
        if (ml_str_copy(c, &m->e.arena, &arr[m->nlines].text, r->line, r->len))
            return MAILLOG_E_NOMEM;
        m->nlines++;
    }
    if (r->event == MAILLOG_EV_CLIENT || r->event == MAILLOG_EV_PICKUP ||
        r->event == MAILLOG_EV_QUEUED)
        err |= ml_arrival_fields(c, m, r, t) | ml_corr_listed(c, m, r, t);
    else if (!m->f[MAILLOG_M_MESSAGE_ID].p && ml_has(r, MAILLOG_F_MESSAGE_ID))
        /* a copy whose arrival is not logged (a mailbox delivery's own)
         * names its Message-ID on its other lines */
        err |= ml_copy_field(c, &m->e, &m->f[MAILLOG_M_MESSAGE_ID], r, MAILLOG_F_MESSAGE_ID);
    ml_corr_unhold(m, r);
    switch (r->event) {
    case MAILLOG_EV_CLIENT:
        ml_msg_setn(m, MAILLOG_MN_ARRIVAL, t);
        err |= ml_copy_field(c, &m->e, &m->f[MAILLOG_M_CLIENT_HOST], r, MAILLOG_F_CLIENT_HOST);
        err |= ml_copy_field(c, &m->e, &m->f[MAILLOG_M_CLIENT_IP], r, MAILLOG_F_CLIENT_IP);
        if (ml_hasn(r, MAILLOG_N_CLIENT_PORT))
            ml_msg_setn(m, MAILLOG_MN_CLIENT_PORT, r->n[MAILLOG_N_CLIENT_PORT]);
        err |= ml_sasl_user(c, m, r);
        if (c->npending && r->dialect && (r->dialect->corr_flags & ML_CORR_EARLY_DISCARDS))
            err |= ml_corr_take_discards(c, m, r, t);
        if (!ml_has(r, MAILLOG_F_CLIENT_IP) && ml_has(r, MAILLOG_F_SESSION_ID))
            err |= ml_corr_client_of_session(c, m, r);
        break;
    case MAILLOG_EV_PICKUP:
        ml_msg_setn(m, MAILLOG_MN_ARRIVAL, t);
        err |= ml_copy_field(c, &m->e, &m->f[MAILLOG_M_FROM], r, MAILLOG_F_FROM);
        break;
    case MAILLOG_EV_MESSAGE_ID:
        err |= ml_copy_field(c, &m->e, &m->f[MAILLOG_M_MESSAGE_ID], r, MAILLOG_F_MESSAGE_ID);
        break;
    case MAILLOG_EV_QUEUED:
        break;
    case MAILLOG_EV_DELIVERY:
        err |= ml_corr_delivery(c, m, r, t);
        break;
    case MAILLOG_EV_REMOVED:
        ml_message_finish(c, m, MAILLOG_END_REMOVED, t);
        break;
    case MAILLOG_EV_EXPIRED:
        err |= ml_corr_expired(c, m, r, t);
        break;
    case MAILLOG_EV_QUEUE_ADMIN:
        if (r->status == MAILLOG_STATUS_HELD)
            err |= ml_corr_refused(c, m, r, t);
        break;
    case MAILLOG_EV_REJECT:
        if (ml_rcpt_stage(r) && ml_has(r, MAILLOG_F_TO))
            err |= ml_corr_delivery(c, m, r, t); /* the refused recipient, status rejected */
        else
            err |= ml_corr_refused(c, m, r, t);
        break;
    case MAILLOG_EV_NOTIFICATION:
        if (ml_rec_field(r, MAILLOG_F_NEW_QUEUE_ID, &p, &n))
            err |= ml_corr_link_child(c, m, &k, p, n, MAILLOG_MSG_BOUNCE, t);
        break;
    case MAILLOG_EV_ACTION:
        if (r->dialect && (r->dialect->corr_flags & ML_CORR_REWRITES))
            err |= ml_corr_rewrite(c, m, r);
        break;
    default:
        break;
    }
    if (r->dialect && r->dialect->link_of)
        err |= ml_corr_link_event(c, m, r, t);
    if (ml_rec_field(r, MAILLOG_F_PARENT_ID, &p, &n) && ml_starts_message(r))
        err |= ml_corr_link_parent(c, m, &k, p, n, t);
    return err ? MAILLOG_E_NOMEM : MAILLOG_OK;
}

#endif
