/* json.c -- one record as one JSON object: the schema every consumer
 * (tools, bindings, pipelines) shares.  Output is valid JSON and UTF-8
 * whatever bytes the line holds. */
#include "json/json_out.h"
#include "mta/dialect.h"
#include "reason/reason.h"

/* Each field's key as the writer puts it, ,"name": -- quoted once, here,
 * rather than measured and quoted for every record. */
#define ML_KEY(s) {",\"" s "\":", (uint8_t)(sizeof(s) + 3)},
static const ml_out_piece keys[MAILLOG_F_COUNT] = {ML_FIELD_NAMES(ML_KEY)};
#undef ML_KEY
/* The named values with their keys, whole: ,"event":"delivery" */
#define ML_PAIR(key, s) {",\"" key "\":\"" s "\"", (uint8_t)(sizeof(key) + sizeof(s) + 4)},
#define ML_EVENT(s) ML_PAIR("event", s)
#define ML_STATUS(s) ML_PAIR("status", s)
#define ML_SEVERITY(s) ML_PAIR("severity", s)
#define ML_REASON(s) ML_PAIR("reason", s)
static const ml_out_piece events[MAILLOG_EV_COUNT] = {ML_EVENT_NAMES(ML_EVENT)};
static const ml_out_piece statuses[MAILLOG_STATUS_COUNT] = {ML_STATUS_NAMES(ML_STATUS)};
static const ml_out_piece severities[8] = {ML_SEVERITY_NAMES(ML_SEVERITY)};
static const ml_out_piece reasons[MAILLOG_REASON_COUNT] = {ML_REASON_NAMES(ML_REASON)};
#undef ML_PAIR
#undef ML_EVENT
#undef ML_STATUS
#undef ML_SEVERITY
#undef ML_REASON

/* A field's decoded text (no CSV quoting to undo).  Apart, so that
 * field() stays as small as it was on every line. */
static ML_NOINLINE void field_text(ml_out *o, const maillog_record *r, int f)
{
    int csv = o->csv;
    o->csv = 0;
    ml_out_str_at(o, r->xbuf, r->f[f].off, r->f[f].len);
    o->csv = csv;
}

static void field(ml_out *o, const maillog_record *r, int f)
{
    if (!ml_has(r, f))
        return;
    ml_out_piece_put(o, &keys[f]);
    if ((r->wmask >> f) & 1u)
        ml_out_str_at(o, ml_field_words, r->f[f].off, r->f[f].len);
    else if ((r->xmask >> f) & 1u)
        field_text(o, r, f);
    else
        ml_out_str_at(o, r->line, r->f[f].off, r->f[f].len);
}

static void number(ml_out *o, const maillog_record *r, int f, int n)
{
    if (!ml_hasn(r, n))
        return;
    ml_out_piece_put(o, &keys[f]);
    ml_out_int(o, r->n[n]);
}

static void attrs(ml_out *o, const maillog_record *r)
{
    uint32_t cur = 0;
    const char *k, *v;
    size_t kn, vn;
    int first = 1;
    while (maillog_record_attr_next(r, &cur, &k, &kn, &v, &vn) == 1) {
        if (first)
            ML_OUT_LIT(o, ",\"attrs\":"), ML_OUT_LIT(o, "{");
        else
            ML_OUT_LIT(o, ",");
        first = 0;
        if (r->dialect && r->dialect->attr_next) /* a column's name, not in the line */
            ml_out_str(o, k, kn);
        else
            ml_out_str_at(o, r->line, (size_t)(k - r->line), kn);
        ML_OUT_LIT(o, ":");
        ml_out_str_at(o, r->line, (size_t)(v - r->line), vn);
    }
    if (!first)
        ML_OUT_LIT(o, "}");
}

int maillog_record_to_json(const maillog_record *r, char *buf, size_t cap, size_t *written)
{
    ml_out o;
    int i;
    if (!r || ml_out_init(&o, buf, cap) != MAILLOG_OK)
        return MAILLOG_E_INVAL;
    o.csv = (r->flags & ML_REC_CSV) != 0;
    ML_OUT_LIT(&o, "{\"line\":");
    ml_out_int(&o, (int64_t)r->line_no);
    if (r->flags & MAILLOG_REC_HAS_TIME) {
        ML_OUT_LIT(&o, ",\"ts\":");
        ml_out_time(&o, r->ts_sec, r->ts_usec, r->ts_off, (r->flags & ML_REC_HAS_FRAC) != 0,
                    (r->flags & MAILLOG_REC_HAS_OFFSET) != 0);
    }
    field(&o, r, MAILLOG_F_HOST);
    field(&o, r, MAILLOG_F_PROGRAM);
    number(&o, r, MAILLOG_F_PID, MAILLOG_N_PID);
    if (r->dialect && r->dialect->name_len) { /* names are plain ASCII */
        ML_OUT_LIT(&o, ",\"mta\":\"");
        ml_out_put(&o, r->dialect->name, r->dialect->name_len);
        ML_OUT_LIT(&o, "\"");
    }
    field(&o, r, MAILLOG_F_INSTANCE);
    field(&o, r, MAILLOG_F_SERVICE);
    if (r->severity >= 0 && r->severity < 8)
        ml_out_piece_put(&o, &severities[r->severity]);
    if (!(r->flags & MAILLOG_REC_UNPARSED) && r->event >= 0 && r->event < MAILLOG_EV_COUNT)
        ml_out_piece_put(&o, &events[r->event]);
    field(&o, r, MAILLOG_F_EVENT_RAW);
    for (i = MAILLOG_F_QUEUE_ID; i <= MAILLOG_F_RELAY_PORT; i++) {
        if (i == MAILLOG_F_CLIENT_PORT)
            number(&o, r, i, MAILLOG_N_CLIENT_PORT);
        else if (i == MAILLOG_F_RELAY_PORT)
            number(&o, r, i, MAILLOG_N_RELAY_PORT);
        else
            field(&o, r, i);
    }
    if (r->flags & ML_REC_TO_LIST) { /* every recipient of a to= list */
        uint32_t cur = 0;
        const char *p;
        size_t n;
        int first = 1;
        ML_OUT_LIT(&o, ",\"recipients\":");
        while (maillog_record_recipient_next(r, &cur, &p, &n) == 1) {
            ml_out_put(&o, first ? "[" : ",", 1);
            ml_out_str(&o, p, n);
            first = 0;
        }
        if (first)
            ML_OUT_LIT(&o, "[]");
        else
            ML_OUT_LIT(&o, "]");
    }
    number(&o, r, MAILLOG_F_CONN_USE, MAILLOG_N_CONN_USE);
    if (ml_hasn(r, MAILLOG_N_DELAY_US))
        ML_OUT_LIT(&o, ",\"delay\":"), ml_out_seconds(&o, r->n[MAILLOG_N_DELAY_US]);
    if (ml_has(r, MAILLOG_F_DELAYS)) {
        ML_OUT_LIT(&o, ",\"delays\":");
        for (i = 0; i < 4; i++) {
            ml_out_put(&o, i ? "," : "[", 1);
            ml_out_seconds(&o, r->n[MAILLOG_N_DELAY_BEFORE_US + i]);
        }
        ML_OUT_LIT(&o, "]");
    }
    field(&o, r, MAILLOG_F_DSN);
    if (r->status > MAILLOG_STATUS_NONE && r->status < MAILLOG_STATUS_COUNT) {
        ml_out_piece_put(&o, &statuses[r->status]);
        if (r->status == MAILLOG_STATUS_OTHER)
            field(&o, r, MAILLOG_F_STATUS);
    }
    if (ml_status_has_reason(r->status)) /* a failure: never a sent line */
        ml_out_piece_put(&o, &reasons[maillog_record_reason(r)]);
    field(&o, r, MAILLOG_F_REPLY);
    number(&o, r, MAILLOG_F_REPLY_CODE, MAILLOG_N_REPLY_CODE);
    number(&o, r, MAILLOG_F_SIZE, MAILLOG_N_SIZE);
    number(&o, r, MAILLOG_F_NRCPT, MAILLOG_N_NRCPT);
    field(&o, r, MAILLOG_F_NEW_QUEUE_ID);
    field(&o, r, MAILLOG_F_PARENT_ID);
    field(&o, r, MAILLOG_F_SESSION_ID);
    field(&o, r, MAILLOG_F_DELIVERY_ID);
    field(&o, r, MAILLOG_F_ACTION);
    field(&o, r, MAILLOG_F_STAGE);
    field(&o, r, MAILLOG_F_SUBJECT);
    field(&o, r, MAILLOG_F_USER);
    field(&o, r, MAILLOG_F_AUTH_METHOD);
    field(&o, r, MAILLOG_F_HELO);
    field(&o, r, MAILLOG_F_SESSION_END);
    attrs(&o, r);
    if (r->flags & MAILLOG_REC_TRUNCATED)
        ML_OUT_LIT(&o, ",\"truncated\":true");
    if (r->flags & MAILLOG_REC_JOINED)
        ML_OUT_LIT(&o, ",\"joined\":true");
    if (r->flags & MAILLOG_REC_PARTIAL)
        ML_OUT_LIT(&o, ",\"partial\":true");
    if (r->flags & MAILLOG_REC_UNPARSED) {
        ML_OUT_LIT(&o, ",\"unparsed\":true,\"raw\":");
        ml_out_str(&o, r->line, r->len);
    }
    ML_OUT_LIT(&o, "}");
    return ml_out_finish(&o, buf, cap, written);
}
