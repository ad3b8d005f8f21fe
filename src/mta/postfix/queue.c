/* queue.c -- the Postfix lines after a queue id (or NOQUEUE) that are
 * not every message's: bounce notifications, delivery agents' errors and
 * SASL failures, queue administration, and access actions.  The lines
 * every message has (to=, from=, client=, message-id=, uid=, removed) are
 * read by postfix.c's dispatch itself, where no call stands in their way. */
#include "mta/postfix/postfix.h"
#include "scan/scan.h"

static const ml_word notifications[] = {
    ML_W("sender non-delivery notification: "), ML_W("sender delivery status notification: "),
    ML_W("sender delay notification: "), ML_W("postmaster non-delivery notification: "),
    ML_W("postmaster delay notification: "), ML_W("postmaster delivery status notification: "),
    {NULL, 0}};

int ml_postfix_queue_other(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    size_t i;
    for (i = 0; notifications[i].s && p < end && (s[p] == 's' || s[p] == 'p'); i++) {
        uint32_t n = notifications[i].n, q;
        if (ml_at(s, p, end, notifications[i].s, n)) {
            r->event = MAILLOG_EV_NOTIFICATION;
            q = p + n;
            if (q < end && ml_postfix_qid_len(s, q, end) == end - q)
                ml_set(r, MAILLOG_F_NEW_QUEUE_ID, q, end - q);
            ml_set(r, MAILLOG_F_ACTION, p, n - 2);
            return 1;
        }
    }
    if (ML_AT(s, p, end, "host ") || ML_AT(s, p, end, "lost connection with ") ||
        ML_AT(s, p, end, "conversation with ") || ML_AT(s, p, end, "connect to ")) {
        uint32_t h = ml_find(s, p, end, ' ') + 1;
        if (ML_AT(s, p, end, "lost") || ML_AT(s, p, end, "conversation"))
            h = ml_find(s, h, end, ' ') + 1;
        if (ML_AT(s, p, end, "lost"))
            h = ml_find(s, h, end, ' ') + 1;
        r->event = MAILLOG_EV_RELAY_ERROR;
        ml_postfix_hostaddr(r, h, end, 1);
        ml_postfix_set_reply(r, p, end);
        return 1;
    }
    if (ML_AT(s, p, end, "enabling PIX workarounds")) {
        uint32_t f = ML_FIND(s, p, end, " for ");
        r->event = MAILLOG_EV_NOTICE;
        if (f < end)
            ml_postfix_hostaddr(r, f + 5, end, 1);
        return 1;
    }
    if (ML_AT(s, p, end, "SASL authentication failed; server ")) {
        uint32_t q = ml_postfix_hostaddr(r, p + 35, end, 1);
        r->event = MAILLOG_EV_AUTH_FAILED;
        ml_postfix_set_reply(r, q + (ML_AT(s, q, end, " said: ") ? 7 : 0), end);
        return 1;
    }
    if (ML_AT(s, p, end, "requeued") || ML_AT(s, p, end, "placed on hold") ||
        ML_AT(s, p, end, "released from hold") || ML_AT(s, p, end, "skipped, ") ||
        ML_AT(s, p, end, "expired")) {
        r->event = MAILLOG_EV_QUEUE_ADMIN;
        /* postsuper -h: the message stays, on hold (the correlator keeps
         * it open until a release or its removal) */
        if (s[p] == 'p')
            r->status = MAILLOG_STATUS_HELD;
        return 1;
    }
    if (ml_postfix_access_action(r, p, end))
        return 1;
    return 0;
}
