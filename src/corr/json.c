/* json.c -- messages and sessions as JSON objects (schema in
 * README.md), through the same bounded writer as records. */
#include "corr/corr.h"
#include "json/json_out.h"
#include "reason/reason.h"

static void str(ml_out *o, const char *key, const ml_str *s)
{
    if (!s->p)
        return;
    ml_out_key(o, key, 0);
    ml_out_str(o, s->p, s->n);
}

static void word(ml_out *o, const char *key, const char *w)
{
    ml_out_key(o, key, 0);
    ml_out_str(o, w, strlen(w));
}

static void num(ml_out *o, const char *key, int present, int64_t v)
{
    if (!present)
        return;
    ml_out_key(o, key, 0);
    ml_out_int(o, v);
}

/* Times of correlated entries are printed in UTC. */
static void when(ml_out *o, const char *key, int present, int64_t t)
{
    if (!present)
        return;
    ml_out_key(o, key, 0);
    ml_out_time(o, t, 0, 0, 0, 1);
}

static void flag(ml_out *o, const char *key, int v)
{
    ml_out_key(o, key, 0);
    if (v)
        ML_OUT_LIT(o, "true");
    else
        ML_OUT_LIT(o, "false");
}

static void str_array(ml_out *o, const char *key, const ml_str *a, uint32_t n)
{
    uint32_t i;
    ml_out_key(o, key, 0);
    ML_OUT_LIT(o, "[");
    for (i = 0; i < n; i++) {
        if (i)
            ML_OUT_LIT(o, ",");
        ml_out_str(o, a[i].p, a[i].n);
    }
    ML_OUT_LIT(o, "]");
}

#define HAS(m, i) (((m)->nmask >> (i)) & 1u)

int maillog_message_to_json(const maillog_message *m, char *buf, size_t cap, size_t *written)
{
    ml_out o;
    uint32_t i;
    if (!m || ml_out_init(&o, buf, cap) != MAILLOG_OK)
        return MAILLOG_E_INVAL;
    ML_OUT_LIT(&o, "{");
    ml_out_key(&o, "queue_id", 1);
    ml_out_str(&o, m->f[MAILLOG_M_QUEUE_ID].p, m->f[MAILLOG_M_QUEUE_ID].n);
    str(&o, "host", &m->f[MAILLOG_M_HOST]);
    str(&o, "instance", &m->f[MAILLOG_M_INSTANCE]);
    word(&o, "end", maillog_end_name(m->end));
    flag(&o, "complete", (m->e.flags & MAILLOG_MSG_COMPLETE) != 0);
    if (m->e.flags & MAILLOG_MSG_EVICTED)
        flag(&o, "evicted", 1);
    if (m->e.flags & MAILLOG_MSG_BOUNCE)
        flag(&o, "bounce", 1);
    when(&o, "first_ts", HAS(m, MAILLOG_MN_FIRST_TIME), m->n[MAILLOG_MN_FIRST_TIME]);
    when(&o, "last_ts", HAS(m, MAILLOG_MN_LAST_TIME), m->n[MAILLOG_MN_LAST_TIME]);
    when(&o, "arrival_ts", HAS(m, MAILLOG_MN_ARRIVAL), m->n[MAILLOG_MN_ARRIVAL]);
    when(&o, "completion_ts", HAS(m, MAILLOG_MN_COMPLETION), m->n[MAILLOG_MN_COMPLETION]);
    str(&o, "client_host", &m->f[MAILLOG_M_CLIENT_HOST]);
    str(&o, "client_ip", &m->f[MAILLOG_M_CLIENT_IP]);
    num(&o, "client_port", HAS(m, MAILLOG_MN_CLIENT_PORT), m->n[MAILLOG_MN_CLIENT_PORT]);
    str(&o, "sasl_username", &m->f[MAILLOG_M_SASL_USERNAME]);
    str(&o, "message_id", &m->f[MAILLOG_M_MESSAGE_ID]);
    str(&o, "from", &m->f[MAILLOG_M_FROM]);
    num(&o, "size", HAS(m, MAILLOG_MN_SIZE), m->n[MAILLOG_MN_SIZE]);
    num(&o, "nrcpt", HAS(m, MAILLOG_MN_NRCPT), m->n[MAILLOG_MN_NRCPT]);
    str(&o, "end_text", &m->f[MAILLOG_M_END_TEXT]);
    str(&o, "parent", &m->f[MAILLOG_M_PARENT]);
    str_array(&o, "children", m->child, m->nchild);
    ml_out_key(&o, "recipients", 0);
    ML_OUT_LIT(&o, "[");
    for (i = 0; i < m->nrcpt; i++) {
        const ml_rcpt *r = &m->rcpt[i];
        if (i)
            ML_OUT_LIT(&o, ",");
        ML_OUT_LIT(&o, "{");
        ml_out_key(&o, "to", 1);
        ml_out_str(&o, r->f[MAILLOG_R_TO].p, r->f[MAILLOG_R_TO].n);
        str(&o, "orig_to", &r->f[MAILLOG_R_ORIG_TO]);
        word(&o, "status", maillog_status_name((int32_t)r->n[MAILLOG_RN_STATUS]));
        if (ml_status_has_reason(r->n[MAILLOG_RN_STATUS]))
            word(&o, "reason", maillog_reason_name(maillog_message_recipient_reason(m, i)));
        str(&o, "dsn", &r->f[MAILLOG_R_DSN]);
        str(&o, "relay", &r->f[MAILLOG_R_RELAY]);
        num(&o, "attempts", 1, r->n[MAILLOG_RN_ATTEMPTS]);
        ml_out_key(&o, "delay", 0);
        ml_out_seconds(&o, r->n[MAILLOG_RN_DELAY_US]);
        when(&o, "last_ts", 1, r->n[MAILLOG_RN_LAST_TIME]);
        str(&o, "reply", &r->f[MAILLOG_R_REPLY]);
        if (r->f[MAILLOG_R_FIRST_REPLY].p != r->f[MAILLOG_R_REPLY].p)
            str(&o, "first_reply", &r->f[MAILLOG_R_FIRST_REPLY]);
        str(&o, "child", &r->f[MAILLOG_R_CHILD]);
        ML_OUT_LIT(&o, "}");
    }
    ML_OUT_LIT(&o, "]");
    if (m->nlines) {
        ml_out_key(&o, "lines", 0);
        ML_OUT_LIT(&o, "[");
        for (i = 0; i < m->nlines; i++) {
            if (i)
                ML_OUT_LIT(&o, ",");
            ML_OUT_LIT(&o, "{\"line\":");
            ml_out_int(&o, (int64_t)m->lines[i].number);
            ML_OUT_LIT(&o, ",\"raw\":");
            ml_out_str(&o, m->lines[i].text.p, m->lines[i].text.n);
            ML_OUT_LIT(&o, "}");
        }
        ML_OUT_LIT(&o, "]");
    }
    ML_OUT_LIT(&o, "}");
    return ml_out_finish(&o, buf, cap, written);
}

int maillog_session_to_json(const maillog_session *s, char *buf, size_t cap, size_t *written)
{
    ml_out o;
    if (!s || ml_out_init(&o, buf, cap) != MAILLOG_OK)
        return MAILLOG_E_INVAL;
    ML_OUT_LIT(&o, "{");
    ml_out_key(&o, "session", 1);
    ML_OUT_LIT(&o, "true");
    str(&o, "host", &s->f[MAILLOG_S_HOST]);
    str(&o, "program", &s->f[MAILLOG_S_PROGRAM]);
    str(&o, "session_id", &s->f[MAILLOG_S_SESSION_ID]);
    num(&o, "pid", 1, s->n[MAILLOG_SN_PID]);
    flag(&o, "complete", (s->e.flags & MAILLOG_MSG_COMPLETE) != 0);
    if (s->e.flags & MAILLOG_MSG_EVICTED)
        flag(&o, "evicted", 1);
    when(&o, "connect_ts", HAS(s, MAILLOG_SN_CONNECT_TIME), s->n[MAILLOG_SN_CONNECT_TIME]);
    when(&o, "end_ts", HAS(s, MAILLOG_SN_END_TIME), s->n[MAILLOG_SN_END_TIME]);
    str(&o, "client_host", &s->f[MAILLOG_S_CLIENT_HOST]);
    str(&o, "client_ip", &s->f[MAILLOG_S_CLIENT_IP]);
    num(&o, "rejects", 1, s->n[MAILLOG_SN_REJECTS]);
    str(&o, "last_reject", &s->f[MAILLOG_S_LAST_REJECT]);
    num(&o, "auth_failures", 1, s->n[MAILLOG_SN_AUTH_FAILURES]);
    str_array(&o, "messages", s->msg, s->nmsg);
    str(&o, "counters", &s->f[MAILLOG_S_COUNTERS]);
    ML_OUT_LIT(&o, "}");
    return ml_out_finish(&o, buf, cap, written);
}
