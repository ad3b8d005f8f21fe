/* sa.c -- sa-exim's lines: the SpamAssassin local_scan() module writes
 * "SA: Action: <what>: <score> (scanned in a/b secs | Message-Id: <id>).
 * From <sender> (host=<name> [<addr>]) for <r1>, <r2>" (or "(local)" for a
 * local sender, "(time: a/b secs | ...)" when spamd did not answer), and
 * "SA: Debug...:", "SA: Notice:", "SA: Warning:", "SA: PANIC:" lines.
 * Written from local_scan(), with or without the message id before them.
 * Wordings follow sa-exim's sa-exim.c.  The verdict is a notice: when it
 * refuses the message Exim logs the refusal itself ("rejected by
 * local_scan()"), so the outcome is counted once. */
#include "mta/exim/exim.h"
#include "scan/scan.h"

/* "... for r1, r2" at q: the recipients, ','-separated. */
static void sa_rcpts(maillog_record *r, uint32_t q, uint32_t end)
{
    uint32_t a = q + 5;
    if (a < end)
        ml_set_to_list(r, a, end, ml_list_item_end(r->line, a, end));
}

/* ". From <s> (host=name [addr]) for r1, r2" after the parenthesis */
static void sa_mailinfo(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t e, q;
    if (!ML_AT(s, p, end, ". From <"))
        return;
    p += 8;
    e = ml_find(s, p, end, '>');
    if (e >= end)
        return;
    ml_set(r, MAILLOG_F_FROM, p, e - p);
    p = e + 1;
    if (ML_AT(s, p, end, " (host=")) {
        uint32_t c = ml_paren_end(s, p + 1, end);
        if (c >= end)
            return;
        q = ml_find(s, p + 7, c, ' ');
        if (q > p + 7 && !(q - p - 7 == 6 && memcmp(s + p + 7, "(null)", 6) == 0))
            ml_set(r, MAILLOG_F_CLIENT_HOST, p + 7, q - p - 7);
        if (q + 2 < c && s[q + 1] == '[' && s[c - 1] == ']')
            ml_set(r, MAILLOG_F_CLIENT_IP, q + 2, c - q - 3);
        p = c + 1;
    } else if (ML_AT(s, p, end, " (local)")) {
        p += 8;
    }
    if (ML_AT(s, p, end, " for "))
        sa_rcpts(r, p, end);
}

int ml_exim_sa(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t c, o, bar;
    if (!ML_AT(s, p, end, "SA: "))
        return 0;
    r->event = MAILLOG_EV_NOTICE;
    p += 4;
    if (ML_AT(s, p, end, "PANIC: "))
        r->severity = MAILLOG_SEV_ERROR;
    else if (ML_AT(s, p, end, "Warning: "))
        r->severity = MAILLOG_SEV_WARNING;
    else if (ML_AT(s, p, end, "Debug"))
        r->severity = MAILLOG_SEV_DEBUG;
    if (!ML_AT(s, p, end, "Action: ")) {
        c = ML_FIND(s, p, end, ": ");
        if (c < end)
            ml_set(r, MAILLOG_F_REPLY, c + 2, end - c - 2);
        return 1;
    }
    p += 8;
    /* the verdict runs to ": " (a score follows) or to " (" (timings) */
    c = ML_FIND(s, p, end, ": ");
    o = ML_FIND(s, p, end, " (");
    if (c > o)
        c = o;
    if (c >= end) {
        ml_set(r, MAILLOG_F_ACTION, p, end - p);
        return 1;
    }
    ml_set(r, MAILLOG_F_ACTION, p, c - p);
    if (s[c] == ':' && (o < end ? o : end) > c + 2) /* score=5.1 required=5.0 ... */
        ml_set(r, MAILLOG_F_REPLY, c + 2, (o < end ? o : end) - c - 2);
    if (o >= end)
        return 1;
    /* "(scanned in 2/2 secs | Message-Id: id)" */
    bar = ML_FIND(s, o, end, " | Message-Id: ");
    c = ml_paren_end(s, o + 1, end);
    if (c >= end)
        return 1;
    if (bar < c && c > bar + 15)
        ml_set(r, MAILLOG_F_MESSAGE_ID, bar + 15, c - bar - 15);
    sa_mailinfo(r, c + 1, end);
    return 1;
}
