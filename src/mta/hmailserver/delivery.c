/* delivery.c -- hMailServer's APPLICATION, DEBUG, TCPIP and ERROR lines,
 * and what the stream remembers to tie a message's lines together.
 *
 * A message is named by its database id N ("SMTPDeliverer - Message N:
 * ..."), the queue id here.  Each delivery attempt starts with
 * "Delivering message from S to R1, R2. File: F" on a delivery thread:
 * the first attempt seen is the message's arrival (client), a later one a
 * retry (queued).  The thread then opens an SMTPC session per remote
 * server (smtp.c takes the message from the thread), or delivers locally,
 * which logs nothing of its own: an attempt that ends ("Message delivery
 * thread completed.") with no remote session and no failure delivered
 * its recipients.  The lines that end an attempt for every recipient
 * (deferred, returned to the sender, deleted) name none: the correlator
 * applies them to the recipients the delivery line listed that have no
 * final status yet (ML_CORR_LISTED_RCPTS). */
#include "mta/hmailserver/hms.h"

hm_session *ml_hm_session(hm_state *st, int64_t id)
{
    hm_session *old = &st->ses[0];
    uint32_t i;
    for (i = 0; i < HM_SESSIONS; i++) {
        if (st->ses[i].id == id) {
            st->ses[i].used = st->lines;
            return &st->ses[i];
        }
        if (st->ses[i].used < old->used)
            old = &st->ses[i];
    }
    memset(old, 0, sizeof *old);
    old->id = id;
    old->msg = -1;
    old->thread = -1;
    old->used = st->lines;
    return old;
}

hm_thread *ml_hm_thread(hm_state *st, int64_t thread)
{
    uint32_t i;
    for (i = 0; i < HM_THREADS; i++)
        if (st->thr[i].thread == thread)
            return &st->thr[i];
    return NULL;
}

/* A new attempt on a thread: its slot, the least recently used one. */
static void thread_start(hm_state *st, int64_t thread, int64_t msg)
{
    hm_thread *t = ml_hm_thread(st, thread);
    uint32_t i;
    if (!t) {
        t = &st->thr[0];
        for (i = 1; i < HM_THREADS; i++)
            if (st->thr[i].used < t->used)
                t = &st->thr[i];
    }
    t->thread = thread;
    t->msg = msg;
    t->flags = 0;
    t->used = st->lines;
}

/* 1 the first time a message id is seen (its arrival), 0 after. */
static int first_sight(hm_state *st, int64_t msg)
{
    uint32_t i;
    for (i = 0; i < HM_SEEN; i++)
        if (st->seen[i] == msg)
            return 0;
    st->seen[st->seen_pos] = msg;
    st->seen_pos = (st->seen_pos + 1) % HM_SEEN;
    return 1;
}

/* "Delivering message from S to R1, R2. File: F" at [a, b). */
static void delivering(hm_state *st, maillog_record *r, const hm_line *l, int64_t msg,
                       uint32_t a, uint32_t b)
{
    const char *s = r->line;
    uint32_t to = ML_FIND(s, a, b, " to "), end, p, n = 0;
    r->event = first_sight(st, msg) ? MAILLOG_EV_CLIENT : MAILLOG_EV_QUEUED;
    thread_start(st, l->thread_n, msg);
    if (to >= b)
        return;
    if (to - a == 7 && memcmp(s + a, "<Empty>", 7) == 0)
        ml_set(r, MAILLOG_F_FROM, a, 0); /* the null sender (a bounce) */
    else
        ml_set(r, MAILLOG_F_FROM, a, to - a);
    to += 4;
    end = ML_FIND(s, to, b, ". File: ");
    if (end >= b && end > to && s[end - 1] == '.')
        end--;
    for (p = to; p < end; p = ml_list_item_end(s, p, end) + 1)
        n++;
    if (!n)
        return;
    ml_set_to_list(r, to, end, ml_list_item_end(s, to, end));
    ml_setn(r, MAILLOG_N_NRCPT, n);
}

/* What an attempt that ends did for the recipients still open, when no
 * line of its own said it: delivered to local accounts (no remote
 * server), taken by the remote servers, or refused by them for good (a
 * bounce follows, logged as a message of its own).  A mixed or failed
 * attempt: none (the failure line spoke, or no line names who got what). */
static int32_t outcome(uint32_t f)
{
    if (f & HM_T_FAILED)
        return MAILLOG_STATUS_NONE;
    if (!(f & HM_T_REMOTE))
        return MAILLOG_STATUS_SENT;
    if ((f & HM_T_SENT) && !(f & (HM_T_TEMP | HM_T_PERM)))
        return MAILLOG_STATUS_SENT;
    if ((f & HM_T_PERM) && !(f & (HM_T_SENT | HM_T_TEMP)))
        return MAILLOG_STATUS_BOUNCED;
    return MAILLOG_STATUS_NONE;
}

/* The rest of "SMTPDeliverer - Message N: " at [a, b). */
static void message_line(hm_state *st, maillog_record *r, const hm_line *l, int64_t msg,
                         uint32_t a, uint32_t b)
{
    const char *s = r->line;
    hm_thread *t = ml_hm_thread(st, l->thread_n);
    uint32_t q;
    if (t && t->msg != msg)
        t = NULL; /* another message's thread */
    r->event = MAILLOG_EV_NOTICE;
    if (ML_AT(s, a, b, "Delivering message from ")) {
        delivering(st, r, l, msg, a + 24, b);
    } else if (ML_AT(s, a, b, "Relaying to host ")) {
        q = b > a + 17 && s[b - 1] == '.' ? b - 1 : b;
        ml_set(r, MAILLOG_F_RELAY_HOST, a + 17, q - a - 17);
        if (t)
            t->flags |= HM_T_REMOTE;
    } else if (ML_AT(s, a, b, "No mail servers could be found for the address ")) {
        q = b > a + 47 && s[b - 1] == '.' ? b - 1 : b;
        ml_set(r, MAILLOG_F_TO, a + 47, q - a - 47);
        r->event = MAILLOG_EV_RELAY_ERROR; /* the deferral follows */
        if (t)
            t->flags |= HM_T_REMOTE;
    } else if (ML_AT(s, a, b, "Message could not be delivered. ")) {
        r->event = MAILLOG_EV_DELIVERY;
        r->status = ML_FIND(s, a, b, "Returning error log") < b ? MAILLOG_STATUS_BOUNCED
                                                                : MAILLOG_STATUS_DEFERRED;
        ml_set(r, MAILLOG_F_REPLY, a, b - a);
        if (t)
            t->flags |= HM_T_FAILED;
    } else if (ML_AT(s, a, b, "Message will be deleted")) {
        r->event = MAILLOG_EV_DELIVERY; /* a virus, a rule, a script */
        r->status = MAILLOG_STATUS_DISCARDED;
        ml_set(r, MAILLOG_F_REPLY, a, b - a);
        if (t)
            t->flags |= HM_T_FAILED;
    } else if (ML_AT(s, a, b, "The message was not delivered to ")) {
        q = ML_FIND(s, a + 33, b, ". ");
        r->event = MAILLOG_EV_DELIVERY; /* an account rule, a forward, a full box */
        r->status = MAILLOG_STATUS_DISCARDED;
        ml_set(r, MAILLOG_F_TO, a + 33, q - a - 33);
        if (q < b)
            ml_set(r, MAILLOG_F_REPLY, q + 2, b - q - 2);
    } else if (ML_AT(s, a, b, "Message delivery thread completed.")) {
        r->status = t ? outcome(t->flags) : MAILLOG_STATUS_NONE;
        if (r->status != MAILLOG_STATUS_NONE)
            r->event = MAILLOG_EV_DELIVERY;
        /* a delivery's last word (a refusal's words are the SMTPC reply's) */
        if (r->status == MAILLOG_STATUS_SENT)
            ml_set(r, MAILLOG_F_REPLY, a, b - a);
        if (t)
            t->thread = -1;
    }
}

/* "SMTPDeliverer - Message N" at [a, b): the id's end, or 0. */
static uint32_t message_id(maillog_record *r, uint32_t a, uint32_t b, int64_t *msg)
{
    const char *s = r->line;
    uint32_t p = a + 24, q = p;
    if (!ML_AT(s, a, b, "SMTPDeliverer - Message "))
        return 0;
    while (q < b && ml_is((unsigned char)s[q], ML_C_DIGIT))
        q++;
    if (!ml_hm_number(s, p, q, msg))
        return 0;
    ml_set(r, MAILLOG_F_QUEUE_ID, p, q - p);
    return q;
}

/* "... session N" at the end of [a, b): N as the session id. */
static int session_word(maillog_record *r, uint32_t a, uint32_t b, const char *lit, uint32_t n)
{
    int64_t v;
    if (!ml_at(r->line, a, b, lit, n) || !ml_hm_number(r->line, a + n, b, &v))
        return 0;
    ml_set(r, MAILLOG_F_SESSION_ID, a + n, b - a - n);
    r->event = MAILLOG_EV_SESSION;
    return 1;
}
#define SESSION_WORD(r, a, b, lit) session_word((r), (a), (b), (lit), (uint32_t)(sizeof(lit) - 1))

int ml_hm_app_line(hm_state *st, maillog_record *r, const hm_line *l)
{
    const char *s = r->line;
    uint32_t a = l->text.off, b = l->text.off + l->text.len, q;
    int64_t msg;
    r->event = MAILLOG_EV_NOTICE;
    if (l->kind == HM_K_DEBUG)
        r->severity = MAILLOG_SEV_DEBUG;
    else if (l->kind == HM_K_ERROR)
        r->severity = MAILLOG_SEV_ERROR;
    if ((q = message_id(r, a, b, &msg)) != 0) {
        if (q + 2 <= b && s[q] == ':' && s[q + 1] == ' ')
            message_line(st, r, l, msg, q + 2, b);
        else if (ML_AT(s, q, b, " - Connection failed: ")) {
            r->event = MAILLOG_EV_RELAY_ERROR; /* a remote server did not answer */
            ml_set(r, MAILLOG_F_REPLY, q + 22, b - q - 22);
        }
        return 1;
    }
    if (l->kind == HM_K_DEBUG)
        (void)(SESSION_WORD(r, a, b, "Creating session ") ||
               SESSION_WORD(r, a, b, "TCP connection started for session ") ||
               SESSION_WORD(r, a, b, "Ending session "));
    return 1;
}
