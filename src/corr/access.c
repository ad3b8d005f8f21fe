/* access.c -- the public getters of messages and sessions, as handed to
 * the callbacks (maillog_correlate.h). */
#include "corr/corr.h"

static int str_out(const ml_str *s, const char **ptr, size_t *len)
{
    if (ptr)
        *ptr = s->p;
    if (len)
        *len = s->p ? s->n : 0;
    return s->p != NULL;
}

/* Number n of an entry's numbers (present when bit n of mask is set). */
static int num_out(const int64_t *num, uint32_t mask, int32_t n, int64_t *v)
{
    int has = (int)((mask >> n) & 1u);
    if (v)
        *v = has ? num[n] : 0;
    return has;
}

int32_t maillog_message_end(const maillog_message *m) { return m ? m->end : MAILLOG_END_OPEN; }
uint32_t maillog_message_flags(const maillog_message *m)
{
    return m ? m->e.flags & 0xFFFFu : 0; /* public bits only */
}

int maillog_message_field(const maillog_message *m, int32_t f, const char **ptr, size_t *len)
{
    if (!m || f < 0 || f >= MAILLOG_M_COUNT)
        return MAILLOG_E_INVAL;
    return str_out(&m->f[f], ptr, len);
}

int maillog_message_number(const maillog_message *m, int32_t n, int64_t *v)
{
    if (!m || n < 0 || n >= MAILLOG_MN_COUNT)
        return MAILLOG_E_INVAL;
    return num_out(m->n, m->nmask, n, v);
}

uint32_t maillog_message_recipient_count(const maillog_message *m) { return m ? m->nrcpt : 0; }

int maillog_message_recipient_field(const maillog_message *m, uint32_t i, int32_t f,
                                    const char **ptr, size_t *len)
{
    if (!m || i >= m->nrcpt || f < 0 || f >= MAILLOG_R_COUNT)
        return MAILLOG_E_INVAL;
    return str_out(&m->rcpt[i].f[f], ptr, len);
}

int maillog_message_recipient_number(const maillog_message *m, uint32_t i, int32_t n,
                                     int64_t *v)
{
    if (!m || i >= m->nrcpt || n < 0 || n >= MAILLOG_RN_COUNT)
        return MAILLOG_E_INVAL;
    if (v)
        *v = m->rcpt[i].n[n];
    return 1;
}

uint32_t maillog_message_child_count(const maillog_message *m) { return m ? m->nchild : 0; }

int maillog_message_child(const maillog_message *m, uint32_t i, const char **ptr, size_t *len)
{
    if (!m || i >= m->nchild)
        return MAILLOG_E_INVAL;
    return str_out(&m->child[i], ptr, len);
}

uint32_t maillog_message_line_count(const maillog_message *m) { return m ? m->nlines : 0; }

int maillog_message_line(const maillog_message *m, uint32_t i, const char **ptr, size_t *len,
                         uint64_t *number)
{
    if (!m || i >= m->nlines)
        return MAILLOG_E_INVAL;
    if (number)
        *number = m->lines[i].number;
    return str_out(&m->lines[i].text, ptr, len);
}

uint32_t maillog_session_flags(const maillog_session *s)
{
    return s ? s->e.flags & 0xFFFFu : 0;
}

int maillog_session_field(const maillog_session *s, int32_t f, const char **ptr, size_t *len)
{
    if (!s || f < 0 || f >= MAILLOG_S_COUNT)
        return MAILLOG_E_INVAL;
    return str_out(&s->f[f], ptr, len);
}

int maillog_session_number(const maillog_session *s, int32_t n, int64_t *v)
{
    if (!s || n < 0 || n >= MAILLOG_SN_COUNT)
        return MAILLOG_E_INVAL;
    return num_out(s->n, s->nmask, n, v);
}

uint32_t maillog_session_message_count(const maillog_session *s) { return s ? s->nmsg : 0; }

int maillog_session_message(const maillog_session *s, uint32_t i, const char **ptr, size_t *len)
{
    if (!s || i >= s->nmsg)
        return MAILLOG_E_INVAL;
    return str_out(&s->msg[i], ptr, len);
}
