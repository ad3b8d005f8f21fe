/* attempts.c -- Exim's lines about one attempt to pass a message on that
 * carry no delivery flag: a cutthrough delivery's refusal by its target,
 * and a host's error during a delivery (with H= since 4.85, without it
 * before).  Formats from Exim's deliver.c (delivery_log), verify.c
 * (cutthrough_finaldot) and transports/smtp.c. */
#include "mta/exim/exim.h"
#include "scan/scan.h"

/* "ID U=ident addr F=<s> P=<rp> tmp-reject from cutthrough after DATA:
 * R=r T=t H=h [a] C=\"459 text\"" (the target's 4xx) or "... rejected
 * after DATA: R=..." (its 5xx): a cutthrough delivery, made while the
 * message was being received, was refused by the target after the data;
 * Exim refuses the message to its client with the same class of reply,
 * so the message is not accepted: a rejection of it, as the library
 * words every refusal, temporary or not (the reply code tells them apart).
 * Before the words, the client (H=, U=) and the address as on a delivery
 * line; after them, the delivery's fields (H= the target). */
static int cutthrough(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t m = ML_FIND_OUTSIDE(s, p, end, " tmp-reject from cutthrough after DATA:"), c, f, a;
    uint32_t act = 10;
    if (m >= end) {
        m = ML_FIND_OUTSIDE(s, p, end, " rejected after DATA: ");
        if (m >= end || !(ML_AT(s, m + 22, end, "R=") || ML_AT(s, m + 22, end, "T=")))
            return 0;
        act = 8;
    }
    f = ML_FIND_OUTSIDE(s, p, m, " F=<");
    if (f >= m)
        return 0;
    c = ml_find(s, m + 1, end, ':');
    ml_exim_fields(r, p, m, 1); /* H= (the client), F= */
    /* the address: the word before F=, or "addr <parent>" */
    for (a = f; a > p && s[a - 1] != ' '; a--)
        ;
    if (a > p + 1 && s[a] == '<' && s[f - 1] == '>') {
        ml_set(r, MAILLOG_F_ORIG_TO, a + 1, f - a - 2);
        for (f = a - 1, a = f; a > p && s[a - 1] != ' '; a--)
            ;
    }
    if (a < f)
        ml_set(r, MAILLOG_F_TO, a, f - a);
    ml_exim_fields(r, c + 1, end, 0); /* R= T= H= (the target) C= */
    ml_set(r, MAILLOG_F_ACTION, m + 1, act);
    ml_set(r, MAILLOG_F_STAGE, c - 4, 4); /* DATA */
    r->event = MAILLOG_EV_REJECT;
    r->status = MAILLOG_STATUS_REJECTED;
    return 1;
}

/* A host's error while delivering: "H=name [addr]:port text" (4.85 on),
 * "name [addr] text" before it (no H=); "H=h [a]: DANE error: ..." with
 * a colon.  The relay's fields and the text; the attempt's deferral is
 * logged on its own "==" line. */
static int host_error(maillog_record *r, uint32_t v, uint32_t end, int need_addr)
{
    const char *s = r->line;
    uint32_t e = ml_exim_host(r, v, end, 0);
    if (need_addr && !ml_has(r, MAILLOG_F_RELAY_IP))
        return 0;
    if (e < end && s[e] == ':')
        e++;
    if (e + 1 < end && s[e] == ' ')
        ml_set(r, MAILLOG_F_REPLY, e + 1, end - e - 1);
    r->event = MAILLOG_EV_RELAY_ERROR;
    return 1;
}

int ml_exim_attempt_words(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t e;
    if (cutthrough(r, p, end))
        return 1;
    /* "H=... rejected after DATA" is a rejection of the message being
     * received, "H=... Warning: x" a DATA ACL's warn verb about its client */
    if (ML_AT(s, p, end, "H=") && ML_FIND_OUTSIDE(s, p, end, " rejected ") >= end &&
        ML_FIND_OUTSIDE(s, p, end, " Warning: ") >= end) {
        return host_error(r, p + 2, end, 0);
    }
    /* the old form: a host name (no '='), then " [addr]" and the text */
    for (e = p; e < end && ml_is((unsigned char)s[e], ML_C_KEY); e++)
        ;
    if (e > p && e + 2 < end && s[e] == ' ' && s[e + 1] == '[')
        return host_error(r, p, end, 1);
    return 0;
}
