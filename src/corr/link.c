/* link.c -- what an MTA that logs in its own terms tells about a message
 * besides its queue id: recipients rewritten on lines of their own, and
 * links to other messages under ids that are not queue ids.
 *
 * Rewriting (ML_CORR_REWRITES): an action line whose to list replaces its
 * orig_to recipient (a distribution group expanded, a recipient
 * redirected or resolved to another address).  The replaced recipient
 * leaves the message -- it is delivered to no one under that address --
 * and the new ones wait in it, with orig_to, for outcomes of their own; so
 * the message is complete only when they all have one.
 *
 * Links by another id (ml_dialect.link_of): a record offers one side of a
 * meeting under an id both messages log -- a failure names the message-id
 * of the notification it caused, and the notification is logged under that
 * message-id; a hand-off to the next copy of a message and that copy share
 * the id the MTA keeps across copies.  The first side waits under (host,
 * id) as an ml_tie, like a pending hop (hop.c), and the second one makes
 * the link, in whichever order the two come: nothing is linked on one
 * side's word alone. */
#include "corr/message.h"

/* ------------------------------------------------------------ rewriting */
static int add_rewritten(maillog_corr *c, maillog_message *m, const char *to, size_t to_n,
                         const char *orig, size_t orig_n)
{
    ml_rcpt *arr = ml_corr_arena_grow(c, &m->e.arena, m->rcpt, m->nrcpt, &m->rcpt_cap,
                                      sizeof *arr, 4);
    if (!arr)
        return MAILLOG_E_NOMEM;
    m->rcpt = arr;
    memset(&arr[m->nrcpt], 0, sizeof *arr);
    if (ml_str_copy(c, &m->e.arena, &arr[m->nrcpt].f[MAILLOG_R_TO], to, to_n) ||
        ml_str_copy(c, &m->e.arena, &arr[m->nrcpt].f[MAILLOG_R_ORIG_TO], orig, orig_n))
        return MAILLOG_E_NOMEM;
    m->nrcpt++;
    return MAILLOG_OK;
}

int ml_corr_rewrite(maillog_corr *c, maillog_message *m, const maillog_record *r)
{
    const char *orig, *to;
    size_t orig_n, to_n;
    uint32_t cur = 0, i, added = 0, removed = 0;
    if (!ml_rec_field(r, MAILLOG_F_ORIG_TO, &orig, &orig_n) || !ml_has(r, MAILLOG_F_TO))
        return MAILLOG_OK;
    /* the replaced recipient, while it has no outcome of its own */
    i = ml_rcpt_find(m, orig, orig_n);
    if (i < m->nrcpt && !ml_final_status(m->rcpt[i].n[MAILLOG_RN_STATUS])) {
        memmove(&m->rcpt[i], &m->rcpt[i + 1], (m->nrcpt - i - 1) * sizeof *m->rcpt);
        m->nrcpt--;
        removed = 1;
    }
    while (maillog_record_recipient_next(r, &cur, &to, &to_n) == 1) {
        if (ml_rcpt_find(m, to, to_n) < m->nrcpt)
            continue; /* named twice (a member of two groups): one recipient */
        if (add_rewritten(c, m, to, to_n, orig, orig_n))
            return MAILLOG_E_NOMEM;
        added++;
    }
    if (((m->nmask >> MAILLOG_MN_NRCPT) & 1u) && m->n[MAILLOG_MN_NRCPT] >= removed)
        m->n[MAILLOG_MN_NRCPT] += (int64_t)added - (int64_t)removed;
    return MAILLOG_OK;
}

/* ------------------------------------------------------------ links */
/* The hash salt of meetings: neither an entry's kind nor hop.c's salt. */
#define ML_LINK_SALT (ML_KIND_COUNT + 2)

static void message_key(ml_key *k, const maillog_message *m, const ml_str *id)
{
    k->host = m->f[MAILLOG_M_HOST].p;
    k->host_n = m->f[MAILLOG_M_HOST].n;
    k->inst = m->f[MAILLOG_M_INSTANCE].p;
    k->inst_n = m->f[MAILLOG_M_INSTANCE].n;
    k->id = id->p;
    k->id_n = id->n;
    k->pid = 0;
    ml_key_hash(k, ML_KIND_MESSAGE);
}

/* Parent handed the message to child (a queue id seen in this log): both
 * ways.  A notification is flagged bounce; a copy takes over every
 * recipient the parent handed off (sent, not linked yet). */
static int link_messages(maillog_corr *c, maillog_message *parent, const ml_str *child,
                         int32_t kind, int64_t t)
{
    ml_key pk, ck;
    uint32_t i;
    const maillog_message *ch;
    message_key(&ck, parent, child);
    ch = (const maillog_message *)ml_lookup(c, &ck, ML_KIND_MESSAGE, 1);
    if (!ch)
        return MAILLOG_OK; /* emitted already: no placeholder for it */
    if (kind == ML_TIE_THREAD && ch->f[MAILLOG_M_PARENT].p)
        return MAILLOG_OK; /* a copy whose own hand-off is known already */
    message_key(&pk, parent, &parent->f[MAILLOG_M_QUEUE_ID]);
    if (kind == ML_TIE_THREAD)
        for (i = 0; i < parent->nrcpt; i++) {
            ml_rcpt *rc = &parent->rcpt[i];
            if (rc->n[MAILLOG_RN_STATUS] == MAILLOG_STATUS_SENT && !rc->f[MAILLOG_R_CHILD].p &&
                ml_str_copy(c, &parent->e.arena, &rc->f[MAILLOG_R_CHILD], child->p, child->n))
                return MAILLOG_E_NOMEM;
        }
    return ml_corr_link_child(c, parent, &pk, child->p, child->n,
                              kind == ML_TIE_NOTIFY ? MAILLOG_MSG_BOUNCE : 0, t);
}

/* A waiting copy (the child side of a thread) that has found its parent
 * meanwhile, or left: it continues no other hand-off. */
static int stale_copy(const maillog_corr *c, const maillog_message *m, const ml_tie *d)
{
    ml_key ck;
    const maillog_message *ch;
    message_key(&ck, m, &d->to);
    ch = (const maillog_message *)ml_lookup(c, &ck, ML_KIND_MESSAGE, 1);
    return !ch || ch->f[MAILLOG_M_PARENT].p;
}

/* The other side waiting under the id: link.  Else m waits there. */
static int meet(maillog_corr *c, maillog_message *m, int32_t kind, int child_side,
                const char *id, size_t n, int64_t t)
{
    const ml_str *q = &m->f[MAILLOG_M_QUEUE_ID];
    ml_key k;
    ml_tie *d;
    int err = MAILLOG_OK;
    k.host = m->f[MAILLOG_M_HOST].p;
    k.host_n = m->f[MAILLOG_M_HOST].n;
    k.inst = NULL;
    k.inst_n = 0;
    k.id = id;
    k.id_n = n;
    k.pid = 0;
    ml_key_hash(&k, ML_LINK_SALT + kind);
    d = (ml_tie *)ml_lookup(c, &k, ML_KIND_TIE, 0);
    if (d && d->hop == kind) {
        const ml_str *other = child_side ? &d->qid : &d->to;
        if (other->p && ml_str_eq(other, q->p, q->n))
            return MAILLOG_OK; /* the same message on both sides: no link */
        if (other->p && !(!child_side && kind == ML_TIE_THREAD && stale_copy(c, m, d))) {
            if (child_side) {
                ml_key pk;
                maillog_message *parent;
                ml_tie_message_key(d, &pk);
                parent = (maillog_message *)ml_lookup(c, &pk, ML_KIND_MESSAGE, 1);
                if (parent)
                    err = link_messages(c, parent, q, kind, t);
                else if (!m->f[MAILLOG_M_PARENT].p) /* the parent was emitted already */
                    err = ml_str_copy(c, &m->e.arena, &m->f[MAILLOG_M_PARENT], d->qid.p,
                                      d->qid.n);
            } else {
                err = link_messages(c, m, &d->to, kind, t);
            }
            ml_corr_emit(c, &d->e, 0);
            return err;
        }
        ml_corr_emit(c, &d->e, 0); /* the same side again: the newer one waits */
    }
    d = ml_corr_tie_for(c, m, id, n, kind, t);
    if (!d)
        return MAILLOG_E_NOMEM;
    return ml_corr_tie_done(c, d, k.hash,
                            ml_str_copy(c, &d->e.arena, child_side ? &d->to : &d->qid, q->p, q->n));
}

int ml_corr_link_event(maillog_corr *c, maillog_message *m, const maillog_record *r, int64_t t)
{
    const char *id = NULL;
    size_t n = 0;
    switch (r->dialect->link_of(r, &id, &n)) {
    case ML_LINK_NOTIFY_PARENT:
        return n ? meet(c, m, ML_TIE_NOTIFY, 0, id, n, t) : MAILLOG_OK;
    case ML_LINK_NOTIFY_CHILD:
        return n ? meet(c, m, ML_TIE_NOTIFY, 1, id, n, t) : MAILLOG_OK;
    case ML_LINK_THREAD_PARENT:
        return n ? meet(c, m, ML_TIE_THREAD, 0, id, n, t) : MAILLOG_OK;
    case ML_LINK_THREAD_CHILD: /* a copy whose hand-off is known continues no other */
        return n && !m->f[MAILLOG_M_PARENT].p ? meet(c, m, ML_TIE_THREAD, 1, id, n, t)
                                               : MAILLOG_OK;
    default:
        return MAILLOG_OK;
    }
}
