/* hop.c -- hand-offs to a local relay, linked on evidence.  A delivery to
 * a relay on this host (a content filter on 127.0.0.1:10024, a local
 * smarthost, a tunnel) that answers "queued as X" is a hand-off only when
 * X is a queue id of this host's MTA: when X's own lines are seen.  The
 * filter's re-injection usually logs X before the parent's delivery line
 * (the filter answers only once X is queued), and then the hop is linked
 * at once; otherwise a pending hop waits, under (host, X), for X's first
 * line.  A hop whose X never appears is a delivery to that relay: the
 * mail left the log's view there, and no placeholder message is opened
 * for it.  Pending hops are delivery ties (ml_tie, flagged hop) under a
 * hash of their own, so that they share the ties' bounds and eviction.
 *
 * An organisation's hop (ML_CORR_ORG_HOPS) may name the host that holds X
 * (the record's ML_F_HOP_HOST: the next server, named in its reply):
 * X is then looked for, and waited for, under that host, since
 * ids are each server's own; the pending hop keeps the parent's host in
 * phost. */
#include "corr/message.h"

/* The hash salt of pending hops: not a kind an entry has (they are
 * ML_KIND_TIE), so that a tie and a hop of the same id never meet. */
#define ML_HOP_SALT (ML_KIND_COUNT + 1)

static void hop_key(ml_key *k, const ml_str *host, const char *id, size_t n)
{
    k->host = host->p;
    k->host_n = host->n;
    k->inst = NULL;
    k->inst_n = 0;
    k->id = id;
    k->id_n = n;
    k->pid = 0;
    ml_key_hash(k, ML_HOP_SALT);
}

static void message_key(ml_key *k, const maillog_message *m)
{
    k->host = m->f[MAILLOG_M_HOST].p;
    k->host_n = m->f[MAILLOG_M_HOST].n;
    k->inst = m->f[MAILLOG_M_INSTANCE].p;
    k->inst_n = m->f[MAILLOG_M_INSTANCE].n;
    k->id = m->f[MAILLOG_M_QUEUE_ID].p;
    k->id_n = m->f[MAILLOG_M_QUEUE_ID].n;
    k->pid = 0;
}

/* Recipient rc of parent went to child (id, n) on host (NULL: the
 * parent's): both ways.  The key the child is found under is the
 * parent's with the child's host and id. */
static int link_hop(maillog_corr *c, maillog_message *parent, ml_rcpt *rc, const char *id,
                    size_t n, const ml_str *host, int64_t t)
{
    ml_key pk;
    message_key(&pk, parent);
    if (host) {
        pk.host = host->p;
        pk.host_n = host->n;
        pk.inst = NULL;
        pk.inst_n = 0;
    }
    if (ml_str_copy(c, &parent->e.arena, &rc->f[MAILLOG_R_CHILD], id, n))
        return MAILLOG_E_NOMEM;
    return ml_corr_link_child(c, parent, &pk, id, n, 0, t);
}

/* The evidence an organisation's hop needs besides the id (same_mid): the
 * child names the parent's message-id.  Either side without one: none. */
static int same_message_id(const ml_str *parent_mid, const char *mid, size_t mid_n)
{
    return mid && ml_str_eq(parent_mid, mid, mid_n);
}

ml_tie *ml_corr_tie_for(maillog_corr *c, const maillog_message *m, const char *id, size_t n,
                        int32_t hop, int64_t t)
{
    ml_tie *d = (ml_tie *)ml_corr_entry_new(c, ML_KIND_TIE);
    if (!d)
        return NULL;
    d->hop = hop;
    d->e.last_time = t;
    if (ml_str_copy(c, &d->e.arena, &d->host, m->f[MAILLOG_M_HOST].p, m->f[MAILLOG_M_HOST].n) ||
        ml_str_copy(c, &d->e.arena, &d->id, id, n) ||
        (m->f[MAILLOG_M_INSTANCE].p &&
         ml_str_copy(c, &d->e.arena, &d->inst, m->f[MAILLOG_M_INSTANCE].p,
                     m->f[MAILLOG_M_INSTANCE].n))) {
        ml_corr_entry_free(c, &d->e);
        return NULL;
    }
    return d;
}

int ml_corr_tie_done(maillog_corr *c, ml_tie *d, uint64_t hash, int failed)
{
    if (failed) {
        ml_corr_entry_free(c, &d->e);
        return MAILLOG_E_NOMEM;
    }
    ml_corr_insert(c, &d->e, hash);
    return MAILLOG_OK;
}

int ml_corr_hop(maillog_corr *c, maillog_message *m, ml_rcpt *rc, const char *id, size_t n,
                const maillog_record *r, int64_t t)
{
    ml_key k;
    ml_tie *d;
    ml_entry *seen;
    int same_mid = ml_org_hops(r);
    const ml_str *there = &m->f[MAILLOG_M_HOST], *host = NULL;
    ml_str named; /* the next server, when the record names another one */
    const char *hp;
    size_t hn;
    if (same_mid && ml_rec_text(r, ML_F_HOP_HOST, &hp, &hn) && !ml_str_eq(there, hp, hn)) {
        named.p = hp;
        named.n = (uint32_t)hn;
        there = host = &named;
    }
    message_key(&k, m);
    k.host = there->p;
    k.host_n = there->n;
    k.id = id;
    k.id_n = n;
    ml_key_hash(&k, ML_KIND_MESSAGE);
    seen = ml_lookup(c, &k, ML_KIND_MESSAGE, 1);
    if (seen) { /* X's lines were seen: the evidence (a message naming itself: none) */
        const ml_str *mid = &((const maillog_message *)seen)->f[MAILLOG_M_MESSAGE_ID];
        if (seen == &m->e ||
            (same_mid && !same_message_id(&m->f[MAILLOG_M_MESSAGE_ID], mid->p, mid->n)))
            return MAILLOG_OK;
        return link_hop(c, m, rc, id, n, host, t);
    }
    hop_key(&k, there, id, n);
    if ((d = (ml_tie *)ml_lookup(c, &k, ML_KIND_TIE, 0)) != NULL) {
        /* another recipient of the same line (an organisation's hop lists
         * them all): the waiting hop takes it along (hop_arrived) */
        if (same_mid && d->hop == ML_TIE_HOP_MID && d->e.last_time == t &&
            ml_str_eq(&d->qid, m->f[MAILLOG_M_QUEUE_ID].p, m->f[MAILLOG_M_QUEUE_ID].n))
            return rc->f[MAILLOG_R_TO].p ? ml_str_append(c, &d->e, &d->more, &d->nmore,
                                                         &d->more_cap, rc->f[MAILLOG_R_TO].p,
                                                         rc->f[MAILLOG_R_TO].n)
                                         : MAILLOG_OK;
        ml_corr_emit(c, &d->e, 0); /* the newer hop wins */
    }
    d = ml_corr_tie_for(c, m, id, n, same_mid ? ML_TIE_HOP_MID : ML_TIE_HOP, t);
    if (!d)
        return MAILLOG_E_NOMEM;
    return ml_corr_tie_done(
        c, d, k.hash,
        (host && (ml_str_copy(c, &d->e.arena, &d->phost, d->host.p, d->host.n) ||
                  ml_str_copy(c, &d->e.arena, &d->host, host->p, host->n))) ||
            ml_str_copy(c, &d->e.arena, &d->qid, m->f[MAILLOG_M_QUEUE_ID].p,
                    m->f[MAILLOG_M_QUEUE_ID].n) ||
            (same_mid && m->f[MAILLOG_M_MESSAGE_ID].p &&
             ml_str_copy(c, &d->e.arena, &d->mid, m->f[MAILLOG_M_MESSAGE_ID].p,
                         m->f[MAILLOG_M_MESSAGE_ID].n)) ||
            (rc->f[MAILLOG_R_TO].p && ml_str_copy(c, &d->e.arena, &d->to, rc->f[MAILLOG_R_TO].p,
                                                  rc->f[MAILLOG_R_TO].n)));
}

int ml_corr_hop_arrived(maillog_corr *c, maillog_message *m, const ml_key *k,
                        const maillog_record *r, int64_t t)
{
    ml_key hk, pk;
    ml_tie *d;
    maillog_message *parent;
    uint32_t i, j;
    const char *mid;
    size_t mid_n;
    int err = MAILLOG_OK;
    hk = *k;
    hop_key(&hk, &m->f[MAILLOG_M_HOST], k->id, k->id_n);
    d = (ml_tie *)ml_lookup(c, &hk, ML_KIND_TIE, 0);
    if (!d || (d->hop != ML_TIE_HOP && d->hop != ML_TIE_HOP_MID))
        return MAILLOG_OK;
    ml_tie_message_key(d, &pk);
    parent = (maillog_message *)ml_lookup(c, &pk, ML_KIND_MESSAGE, 0);
    ml_rec_field(r, MAILLOG_F_MESSAGE_ID, &mid, &mid_n);
    if (d->hop == ML_TIE_HOP_MID && !same_message_id(&d->mid, mid, mid_n)) {
        ml_corr_emit(c, &d->e, 0); /* another message under that id: no hop */
        return MAILLOG_OK;
    }
    if (parent) {
        for (i = 0; i < parent->nrcpt; i++) {
            ml_rcpt *rc = &parent->rcpt[i];
            if (!rc->f[MAILLOG_R_CHILD].p && rc->n[MAILLOG_RN_STATUS] == MAILLOG_STATUS_SENT &&
                (d->to.p ? ml_str_eq(&rc->f[MAILLOG_R_TO], d->to.p, d->to.n)
                         : !rc->f[MAILLOG_R_TO].p))
                break;
        }
        if (i < parent->nrcpt)
            err = link_hop(c, parent, &parent->rcpt[i], k->id, k->id_n,
                           d->phost.p ? &m->f[MAILLOG_M_HOST] : NULL, t);
        /* the other recipients of the same line */
        for (j = 0; j < d->nmore; j++) {
            ml_rcpt *rc;
            i = ml_rcpt_find(parent, d->more[j].p, d->more[j].n);
            rc = i < parent->nrcpt ? &parent->rcpt[i] : NULL;
            if (rc && !rc->f[MAILLOG_R_CHILD].p &&
                rc->n[MAILLOG_RN_STATUS] == MAILLOG_STATUS_SENT &&
                ml_str_copy(c, &parent->e.arena, &rc->f[MAILLOG_R_CHILD], k->id, k->id_n))
                err = MAILLOG_E_NOMEM;
        }
    } else if (!m->f[MAILLOG_M_PARENT].p) { /* the parent was emitted already */
        err = ml_str_copy(c, &m->e.arena, &m->f[MAILLOG_M_PARENT], d->qid.p, d->qid.n);
    }
    ml_corr_emit(c, &d->e, 0);
    return err;
}
