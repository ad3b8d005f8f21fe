/* message.c -- a message's life cycle beyond the per-record path of
 * message.h: opening it, delivery attempts per recipient, the end (logged,
 * or implicit for an MTA that logs no removal), and the links between a
 * message and the messages it hands off to or that notify about it. */
#include "corr/message.h"
#include "corr/session.h"

/* A new queue id is ours when the hop stayed on this host: a loopback
 * relay (content filters), a local delivery that forwards, or a line
 * with no relay at all (a filter's own line naming its re-injection). */
static int stays_local(const maillog_record *r)
{
    const char *p;
    size_t n;
    if (!ml_has(r, MAILLOG_F_RELAY_IP) && !ml_has(r, MAILLOG_F_RELAY_HOST))
        return 1;
    if (ml_rec_field(r, MAILLOG_F_RELAY_IP, &p, &n))
        return (n >= 4 && memcmp(p, "127.", 4) == 0) || (n == 3 && memcmp(p, "::1", 3) == 0);
    return ml_rec_field(r, MAILLOG_F_RELAY_HOST, &p, &n) &&
           ((n == 9 && memcmp(p, "localhost", 9) == 0) || (n == 5 && memcmp(p, "local", 5) == 0));
}

maillog_message *ml_corr_new_message(maillog_corr *c, const ml_key *k, int with_instance)
{
    maillog_message *m = (maillog_message *)ml_corr_entry_new(c, ML_KIND_MESSAGE);
    if (!m)
        return NULL;
    m->end = MAILLOG_END_OPEN;
    if (ml_str_copy(c, &m->e.arena, &m->f[MAILLOG_M_HOST], k->host, k->host_n) ||
        ml_str_copy(c, &m->e.arena, &m->f[MAILLOG_M_QUEUE_ID], k->id, k->id_n) ||
        (with_instance &&
         ml_str_copy(c, &m->e.arena, &m->f[MAILLOG_M_INSTANCE], k->inst, k->inst_n))) {
        ml_corr_entry_free(c, &m->e);
        return NULL;
    }
    ml_corr_insert(c, &m->e, k->hash);
    return m;
}

/* ------------------------------------------------------------ hand-offs */
static int add_child(maillog_corr *c, maillog_message *m, const char *id, size_t n)
{
    uint32_t i;
    for (i = 0; i < m->nchild; i++)
        if (ml_str_eq(&m->child[i], id, n))
            return MAILLOG_OK;
    return ml_str_append(c, &m->e, &m->child, &m->nchild, &m->child_cap, id, n);
}

/* The next hop of a hand-off: found in any instance of the host, or opened
 * as a placeholder that the hop's own lines will fill in. */
int ml_corr_link_child(maillog_corr *c, maillog_message *parent, const ml_key *pk, const char *id,
                       size_t n, uint32_t child_flags, int64_t t)
{
    ml_key k = *pk;
    maillog_message *ch;
    int rc = add_child(c, parent, id, n);
    if (rc)
        return rc;
    k.id = id;
    k.id_n = n;
    ml_key_hash(&k, ML_KIND_MESSAGE);
    ch = (maillog_message *)ml_lookup(c, &k, ML_KIND_MESSAGE, 1);
    if (!ch) {
        ch = ml_corr_new_message(c, &k, 0);
        if (!ch)
            return MAILLOG_E_NOMEM;
        ch->e.last_time = t;
    }
    ch->e.flags |= child_flags;
    if (!ch->f[MAILLOG_M_PARENT].p)
        return ml_str_copy(c, &ch->e.arena, &ch->f[MAILLOG_M_PARENT], pk->id, pk->id_n);
    return MAILLOG_OK;
}

/* The message names its parent (a parent id on its arrival line): it is
 * a notification about that message. */
int ml_corr_link_parent(maillog_corr *c, maillog_message *m, const ml_key *k, const char *p,
                        size_t n, int64_t t)
{
    ml_key pk = *k;
    maillog_message *parent;
    pk.id = p;
    pk.id_n = n;
    ml_key_hash(&pk, ML_KIND_MESSAGE);
    parent = (maillog_message *)ml_lookup(c, &pk, ML_KIND_MESSAGE, 0);
    if (parent)
        return ml_corr_link_child(c, parent, &pk, k->id, k->id_n, MAILLOG_MSG_BOUNCE, t);
    /* the parent's lines are not in this log */
    m->e.flags |= MAILLOG_MSG_BOUNCE;
    if (!m->f[MAILLOG_M_PARENT].p)
        return ml_str_copy(c, &m->e.arena, &m->f[MAILLOG_M_PARENT], p, n);
    return MAILLOG_OK;
}

/* ------------------------------------------------------------ the end */
/* An MTA that logs no removal (ML_CORR_IMPLICIT_END) is done with a
 * message when every recipient it accepted has a final status. */
void ml_corr_implicit_end(maillog_corr *c, maillog_message *m, const maillog_record *r, int64_t t)
{
    uint32_t i, final = 0;
    if (!ml_implicit_end_of(r))
        return;
    for (i = 0; i < m->nrcpt; i++) {
        int64_t st = m->rcpt[i].n[MAILLOG_RN_STATUS];
        if (st == MAILLOG_STATUS_REJECTED)
            continue; /* refused before queueing: not in nrcpt */
        if (!ml_final_status(st))
            return;
        final++;
    }
    if (final &&
        (!((m->nmask >> MAILLOG_MN_NRCPT) & 1u) || final >= (uint64_t)m->n[MAILLOG_MN_NRCPT]))
        ml_message_finish(c, m, MAILLOG_END_REMOVED, t);
}

int ml_corr_expired(maillog_corr *c, maillog_message *m, const maillog_record *r, int64_t t)
{
    uint32_t i;
    int err = ml_copy_field(c, &m->e, &m->f[MAILLOG_M_FROM], r, MAILLOG_F_FROM);
    for (i = 0; i < m->nrcpt; i++) {
        ml_rcpt *rc = &m->rcpt[i];
        if (ml_final_status(rc->n[MAILLOG_RN_STATUS]))
            continue;
        rc->n[MAILLOG_RN_STATUS] = MAILLOG_STATUS_EXPIRED;
        rc->n[MAILLOG_RN_LAST_TIME] = t;
    }
    m->end = MAILLOG_END_EXPIRED;
    ml_message_finish(c, m, MAILLOG_END_EXPIRED, t);
    return err;
}

/* Slots for a message's first recipient array: as many as the queue
 * line's nrcpt said, since an arena keeps every array it outgrows. */
static uint32_t rcpt_slots(const maillog_message *m)
{
    int64_t n = m->n[MAILLOG_MN_NRCPT];
    return ((m->nmask >> MAILLOG_MN_NRCPT) & 1u) && n > 0 && n <= 64 ? (uint32_t)n : 2;
}

/* A new recipient TO at the end of the message's list, all else zero;
 * NULL when out of memory (the list is then as it was). */
ml_rcpt *ml_corr_new_rcpt(maillog_corr *c, maillog_message *m, const char *to, size_t to_n)
{
    ml_rcpt *arr = ml_corr_arena_grow(c, &m->e.arena, m->rcpt, m->nrcpt, &m->rcpt_cap,
                                      sizeof *arr, rcpt_slots(m));
    if (!arr)
        return NULL;
    m->rcpt = arr;
    memset(&arr[m->nrcpt], 0, sizeof *arr);
    if (ml_str_copy(c, &m->e.arena, &arr[m->nrcpt].f[MAILLOG_R_TO], to, to_n))
        return NULL;
    return &arr[m->nrcpt++];
}

/* The recipient an action line names (a header check's hold, discard or
 * reject after queueing, with its to=<rcpt>), listed with the action's status
 * when no delivery line has listed it: a message held or discarded before
 * any delivery attempt still has a recipient whose outcome it gives.  No
 * attempt is counted; a delivery after a release takes the entry over. */
static int action_rcpt(maillog_corr *c, maillog_message *m, const maillog_record *r, int64_t t)
{
    const char *to;
    size_t to_n;
    uint32_t i;
    ml_rcpt *rc;
    if (!ml_rec_field(r, MAILLOG_F_TO, &to, &to_n) || !to_n)
        return MAILLOG_OK;
    for (i = 0; i < m->nrcpt; i++)
        if (ml_str_eq(&m->rcpt[i].f[MAILLOG_R_TO], to, to_n) ||
            ml_str_eq(&m->rcpt[i].f[MAILLOG_R_ORIG_TO], to, to_n))
            return MAILLOG_OK;
    if (!(rc = ml_corr_new_rcpt(c, m, to, to_n)))
        return MAILLOG_E_NOMEM;
    rc->n[MAILLOG_RN_STATUS] = r->status;
    rc->n[MAILLOG_RN_LAST_TIME] = t;
    return ml_copy_field(c, &m->e, &rc->f[MAILLOG_R_REPLY], r, MAILLOG_F_REPLY);
}

int ml_corr_refused(maillog_corr *c, maillog_message *m, const maillog_record *r, int64_t t)
{
    int err = MAILLOG_OK;
    if (r->status == MAILLOG_STATUS_HELD || r->status == MAILLOG_STATUS_DISCARDED ||
        r->status == MAILLOG_STATUS_REJECTED)
        err |= action_rcpt(c, m, r, t);
    /* the refusing line may name the sender and client: keep them when
     * the message's own lines did not */
    if (!m->f[MAILLOG_M_FROM].p)
        err |= ml_copy_field(c, &m->e, &m->f[MAILLOG_M_FROM], r, MAILLOG_F_FROM);
    if (!m->f[MAILLOG_M_CLIENT_IP].p) {
        err |= ml_copy_field(c, &m->e, &m->f[MAILLOG_M_CLIENT_HOST], r, MAILLOG_F_CLIENT_HOST);
        err |= ml_copy_field(c, &m->e, &m->f[MAILLOG_M_CLIENT_IP], r, MAILLOG_F_CLIENT_IP);
    }
    err |= ml_copy_field(c, &m->e, &m->f[MAILLOG_M_END_TEXT], r, MAILLOG_F_REPLY);
    if (r->status == MAILLOG_STATUS_HELD || r->status == MAILLOG_STATUS_DISCARDED) {
        /* every recipient still open shares the message's state (a hold:
         * until the next attempt after the release says otherwise) */
        uint32_t i;
        for (i = 0; i < m->nrcpt; i++)
            if (!ml_final_status(m->rcpt[i].n[MAILLOG_RN_STATUS]))
                m->rcpt[i].n[MAILLOG_RN_STATUS] = r->status;
    }
    if (r->status == MAILLOG_STATUS_HELD) {
        /* a state: the release continues the same message */
        if (!(m->e.flags & ML_ENTRY_DONE))
            m->end = MAILLOG_END_HELD;
        return err;
    }
    ml_message_finish(c, m,
                      r->status == MAILLOG_STATUS_DISCARDED ? MAILLOG_END_DISCARDED
                                                            : MAILLOG_END_REJECTED,
                      t);
    return err;
}

/* ------------------------------------------------------------ deliveries */
/* One delivery attempt for one recipient: it keeps count, first and last
 * reply. */
int ml_corr_delivery_to(maillog_corr *c, maillog_message *m, const maillog_record *r, int64_t t,
                        const char *to, size_t to_n)
{
    const char *orig, *p;
    size_t orig_n, n;
    uint32_t i;
    ml_rcpt *rc;
    int err = MAILLOG_OK;
    ml_rec_field(r, MAILLOG_F_ORIG_TO, &orig, &orig_n);
    for (i = 0; i < m->nrcpt; i++) {
        rc = &m->rcpt[i];
        if (ml_str_eq(&rc->f[MAILLOG_R_TO], to, to_n) &&
            (orig ? ml_str_eq(&rc->f[MAILLOG_R_ORIG_TO], orig, orig_n)
                  : !rc->f[MAILLOG_R_ORIG_TO].p))
            break;
    }
    /* a held recipient, or one the arrival listed, now delivered after
     * alias expansion: the first delivery of the address takes it over */
    if (i == m->nrcpt && orig)
        for (i = 0; i < m->nrcpt; i++)
            if (!m->rcpt[i].n[MAILLOG_RN_ATTEMPTS] && !m->rcpt[i].f[MAILLOG_R_ORIG_TO].p &&
                (m->rcpt[i].n[MAILLOG_RN_STATUS] == MAILLOG_STATUS_HELD ||
                 m->rcpt[i].n[MAILLOG_RN_STATUS] == MAILLOG_STATUS_NONE) &&
                ml_str_eq(&m->rcpt[i].f[MAILLOG_R_TO], orig, orig_n)) {
                rc = &m->rcpt[i];
                if (ml_str_copy(c, &m->e.arena, &rc->f[MAILLOG_R_TO], to, to_n) ||
                    ml_str_copy(c, &m->e.arena, &rc->f[MAILLOG_R_ORIG_TO], orig, orig_n))
                    return MAILLOG_E_NOMEM;
                break;
            }
    /* an MTA that logs rewriting apart names the new recipient alone */
    if (i == m->nrcpt && !orig && r->dialect && (r->dialect->corr_flags & ML_CORR_REWRITES))
        i = ml_rcpt_find(m, to, to_n);
    if (i == m->nrcpt) {
        if (!(rc = ml_corr_new_rcpt(c, m, to, to_n)))
            return MAILLOG_E_NOMEM;
        if (orig && ml_str_copy(c, &m->e.arena, &rc->f[MAILLOG_R_ORIG_TO], orig, orig_n))
            return MAILLOG_E_NOMEM;
    }
    rc = &m->rcpt[i];
    rc->n[MAILLOG_RN_ATTEMPTS]++;
    rc->n[MAILLOG_RN_STATUS] = r->status;
    rc->n[MAILLOG_RN_LAST_TIME] = t;
    rc->n[MAILLOG_RN_DELAY_US] = ml_hasn(r, MAILLOG_N_DELAY_US) ? r->n[MAILLOG_N_DELAY_US] : 0;
    if (ml_has(r, MAILLOG_F_RELAY_HOST)) { /* relay as logged: host[addr]:port */
        uint32_t a = r->f[MAILLOG_F_RELAY_HOST].off, b = a + r->f[MAILLOG_F_RELAY_HOST].len;
        /* extend only over spans that really follow in the line */
        if (ml_has(r, MAILLOG_F_RELAY_IP) && r->f[MAILLOG_F_RELAY_IP].off == b + 1) {
            b = r->f[MAILLOG_F_RELAY_IP].off + r->f[MAILLOG_F_RELAY_IP].len + 1;
            if (ml_has(r, MAILLOG_F_RELAY_PORT) && r->f[MAILLOG_F_RELAY_PORT].off == b + 1)
                b = r->f[MAILLOG_F_RELAY_PORT].off + r->f[MAILLOG_F_RELAY_PORT].len;
        }
        if (!ml_str_eq(&rc->f[MAILLOG_R_RELAY], r->line + a, b - a))
            err |= ml_str_copy(c, &m->e.arena, &rc->f[MAILLOG_R_RELAY], r->line + a, b - a);
    }
    err |= ml_copy_field(c, &m->e, &rc->f[MAILLOG_R_DSN], r, MAILLOG_F_DSN);
    err |= ml_copy_field(c, &m->e, &rc->f[MAILLOG_R_REPLY], r, MAILLOG_F_REPLY);
    if (rc->n[MAILLOG_RN_ATTEMPTS] == 1)
        rc->f[MAILLOG_R_FIRST_REPLY] = rc->f[MAILLOG_R_REPLY];
    if (r->status == MAILLOG_STATUS_SENT && ml_rec_field(r, MAILLOG_F_NEW_QUEUE_ID, &p, &n) &&
        n && (stays_local(r) || ml_org_hops(r)))
        err |= ml_corr_hop(c, m, rc, p, n, r, t);
    return err ? MAILLOG_E_NOMEM : MAILLOG_OK;
}

static int listed_rcpts(const maillog_record *r)
{
    return r->dialect && (r->dialect->corr_flags & ML_CORR_LISTED_RCPTS);
}

/* The arrival's to list makes recipients (ML_CORR_LISTED_RCPTS or
 * ML_CORR_ARRIVAL_RCPTS). */
static int arrival_rcpts(const maillog_record *r)
{
    return r->dialect && (r->dialect->corr_flags & (ML_CORR_LISTED_RCPTS | ML_CORR_ARRIVAL_RCPTS));
}

int ml_corr_listed(maillog_corr *c, maillog_message *m, const maillog_record *r, int64_t t)
{
    uint32_t cur = 0, i;
    const char *to;
    size_t to_n;
    ml_rcpt *rc;
    if (!arrival_rcpts(r))
        return MAILLOG_OK;
    while (maillog_record_recipient_next(r, &cur, &to, &to_n) == 1) {
        for (i = 0; i < m->nrcpt; i++)
            if (ml_str_eq(&m->rcpt[i].f[MAILLOG_R_TO], to, to_n))
                break;
        if (i < m->nrcpt)
            continue;
        if (!(rc = ml_corr_new_rcpt(c, m, to, to_n)))
            return MAILLOG_E_NOMEM;
        rc->n[MAILLOG_RN_LAST_TIME] = t; /* known since the arrival */
    }
    return MAILLOG_OK;
}

int ml_corr_delivery(maillog_corr *c, maillog_message *m, const maillog_record *r, int64_t t)
{
    uint32_t cur = 0, i, n = m->nrcpt;
    const char *to;
    size_t to_n;
    int err = MAILLOG_OK, any = 0;
    while (maillog_record_recipient_next(r, &cur, &to, &to_n) == 1) {
        err |= ml_corr_delivery_to(c, m, r, t, to, to_n);
        any = 1;
    }
    /* a line for the whole message: every listed recipient still open */
    if (!any && listed_rcpts(r))
        for (i = 0; i < n; i++)
            if (m->rcpt[i].f[MAILLOG_R_TO].p && !ml_final_status(m->rcpt[i].n[MAILLOG_RN_STATUS])) {
                err |= ml_corr_delivery_to(c, m, r, t, m->rcpt[i].f[MAILLOG_R_TO].p,
                                           m->rcpt[i].f[MAILLOG_R_TO].n);
                any = 2;
            }
    if (!any) /* no to= at all: still an attempt, for an unnamed recipient */
        err |= ml_corr_delivery_to(c, m, r, t, NULL, 0);
    ml_corr_implicit_end(c, m, r, t);
    return err;
}

/* ------------------------------------------------------------ sessions */
int ml_corr_client_of_session(maillog_corr *c, maillog_message *m, const maillog_record *r)
{
    int err = MAILLOG_OK;
    const maillog_session *s = ml_corr_session_of(c, r);
    if (s && s->f[MAILLOG_S_CLIENT_IP].p) {
        err |= ml_str_copy(c, &m->e.arena, &m->f[MAILLOG_M_CLIENT_IP], s->f[MAILLOG_S_CLIENT_IP].p,
                           s->f[MAILLOG_S_CLIENT_IP].n);
        if (s->f[MAILLOG_S_CLIENT_HOST].p)
            err |= ml_str_copy(c, &m->e.arena, &m->f[MAILLOG_M_CLIENT_HOST],
                               s->f[MAILLOG_S_CLIENT_HOST].p, s->f[MAILLOG_S_CLIENT_HOST].n);
    }
    return err;
}
