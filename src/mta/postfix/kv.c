/* kv.c -- Postfix's key=value pairs, and the setters that other lines
 * share with them (status, relay, client, delays, reply).  Delivery and
 * qmgr lines, most of a log, take the fast paths here that read their
 * fixed order; the general walk reads any other shape. */
#include "mta/postfix/postfix.h"
#include "scan/scan.h"

/* The keys reported as fields, told apart by length and first byte before
 * one memcmp: this runs for every pair of every line. */
enum { K_NONE, K_TO, K_FROM, K_ORIG_TO, K_RELAY, K_CLIENT, K_CONN_USE, K_SIZE, K_NRCPT,
       K_DELAY, K_DELAYS, K_DSN, K_STATUS, K_MESSAGE_ID, K_HELO, K_SASL_METHOD,
       K_SASL_USERNAME };

static int key_id(const char *k, uint32_t n)
{
#define K(lit, id) return memcmp(k, lit, n) == 0 ? id : K_NONE
    switch (n) {
    case 2: K("to", K_TO);
    case 3: K("dsn", K_DSN);
    case 4: if (k[0] == 'f') K("from", K_FROM); if (k[0] == 'h') K("helo", K_HELO);
            K("size", K_SIZE);
    case 5: if (k[0] == 'r') K("relay", K_RELAY); if (k[0] == 'n') K("nrcpt", K_NRCPT);
            K("delay", K_DELAY);
    case 6: if (k[0] == 'c') K("client", K_CLIENT); if (k[0] == 'd') K("delays", K_DELAYS);
            K("status", K_STATUS);
    case 7: K("orig_to", K_ORIG_TO);
    case 8: K("conn_use", K_CONN_USE);
    case 10: K("message-id", K_MESSAGE_ID);
    case 11: K("sasl_method", K_SASL_METHOD);
    case 13: K("sasl_username", K_SASL_USERNAME);
    default: return K_NONE;
    }
#undef K
}

int ml_postfix_field_key(const char *k, uint32_t n) { return key_id(k, n) != K_NONE; }

/* The key at p when it is one of Postfix's and followed by '=': its id,
 * and *eq at the '='.  K_NONE otherwise (then the generic walker reads
 * the pair).  Saves scanning the key and matching it again.  Every key
 * here is one of key_id's (a key missing here still works, slower). */
static int known_key(const char *s, uint32_t p, uint32_t end, uint32_t *eq)
{
#define KK(lit, id)                                                                  \
    if (ML_AT(s, p, end, lit "=")) {                                                 \
        *eq = p + (uint32_t)sizeof(lit) - 1;                                         \
        return id;                                                                   \
    }
    switch (s[p]) {
    case 't': KK("to", K_TO); break;
    case 'r': KK("relay", K_RELAY); break;
    case 'd': KK("delay", K_DELAY); KK("delays", K_DELAYS); KK("dsn", K_DSN); break;
    case 's':
        KK("status", K_STATUS);
        KK("size", K_SIZE);
        KK("sasl_method", K_SASL_METHOD);
        KK("sasl_username", K_SASL_USERNAME);
        break;
    case 'h': KK("helo", K_HELO); break;
    case 'o': KK("orig_to", K_ORIG_TO); break;
    case 'c': KK("client", K_CLIENT); KK("conn_use", K_CONN_USE); break;
    case 'f': KK("from", K_FROM); break;
    case 'n': KK("nrcpt", K_NRCPT); break;
    default: break;
    }
    return K_NONE;
#undef KK
}

static void set_status(maillog_record *r, uint32_t off, uint32_t len)
{
    static const struct {
        const char *word;
        int32_t st;
    } map[] = {{"sent", MAILLOG_STATUS_SENT},
               {"deferred", MAILLOG_STATUS_DEFERRED},
               {"bounced", MAILLOG_STATUS_BOUNCED},
               {"expired", MAILLOG_STATUS_EXPIRED},
               {"force-expired", MAILLOG_STATUS_EXPIRED},
               {"softbounce", MAILLOG_STATUS_SOFTBOUNCE},
               {"undeliverable", MAILLOG_STATUS_UNDELIVERABLE},
               {"undeliverable-but-not-cached", MAILLOG_STATUS_UNDELIVERABLE},
               {"deliverable", MAILLOG_STATUS_DELIVERABLE},
               {NULL, 0}};
    size_t i;
    const char *w = r->line + off;
    ml_set(r, MAILLOG_F_STATUS, off, len);
    /* Nearly every delivery line says sent: four letters, any case. */
    if (len == 4 && (w[0] | 0x20) == 's' && (w[1] | 0x20) == 'e' && (w[2] | 0x20) == 'n' &&
        (w[3] | 0x20) == 't') {
        r->status = MAILLOG_STATUS_SENT;
        return;
    }
    r->status = MAILLOG_STATUS_OTHER;
    for (i = 0; map[i].word && len; i++)
        if (ml_lower((unsigned char)w[0]) == (unsigned char)map[i].word[0] &&
            ml_eq_nocase(w, len, map[i].word)) {
            r->status = map[i].st;
            break;
        }
}

/* host[addr]:port at p into the client or relay fields. */
uint32_t ml_postfix_hostaddr(maillog_record *r, uint32_t p, uint32_t end, int relay)
{
    ml_span h, a, pt;
    int64_t port;
    uint32_t q = ml_hostaddr(r->line, p, end, &h, &a, &pt, &port);
    if (q == p)
        return p;
    if (relay)
        ml_set_hostaddr(r, MAILLOG_F_RELAY_HOST, MAILLOG_F_RELAY_IP, MAILLOG_F_RELAY_PORT,
                        MAILLOG_N_RELAY_PORT, &h, &a, &pt, port);
    else
        ml_set_hostaddr(r, MAILLOG_F_CLIENT_HOST, MAILLOG_F_CLIENT_IP, MAILLOG_F_CLIENT_PORT,
                        MAILLOG_N_CLIENT_PORT, &h, &a, &pt, port);
    return q;
}

/* "(in reply to X command)" at the end of a reply names the SMTP stage. */
static void reply_stage(maillog_record *r, uint32_t off, uint32_t end)
{
    static const char head[] = "(in reply to ", tail[] = " command)";
    const char *s = r->line;
    uint32_t h, t = end;
    if (end - off < sizeof head + sizeof tail || memcmp(s + end - 9, tail, 9) != 0)
        return;
    t = end - 9;
    for (h = t; h > off; h--) {
        if (s[h - 1] == '(') {
            h--;
            break;
        }
    }
    if (end - h > 13 && memcmp(s + h, head, 13) == 0 && t > h + 13)
        ml_set(r, MAILLOG_F_STAGE, h + 13, t - h - 13);
}

void ml_postfix_set_reply(maillog_record *r, uint32_t off, uint32_t end)
{
    ml_set(r, MAILLOG_F_REPLY, off, end - off);
    ml_reply_codes(r, off, end, 1);
    reply_stage(r, off, end);
}

/* "a/b/c/d" at p, each a number of seconds: the offset after d, or 0. */
static uint32_t delays_at(const char *s, uint32_t p, uint32_t end, int64_t us[4])
{
    uint32_t i;
    for (i = 0; i < 4; i++) {
        if (!ml_seconds_at(s, &p, end, &us[i]) || (i < 3 && (p >= end || s[p++] != '/')))
            return 0;
    }
    return p;
}

static void put_delays(maillog_record *r, uint32_t off, uint32_t len, const int64_t us[4])
{
    int i;
    ml_set(r, MAILLOG_F_DELAYS, off, len);
    for (i = 0; i < 4; i++)
        ml_setn(r, MAILLOG_N_DELAY_BEFORE_US + i, us[i]);
}

static void set_delays(maillog_record *r, uint32_t off, uint32_t len)
{
    int64_t us[4];
    if (delays_at(r->line, off, off + len, us) == off + len) /* nothing else */
        put_delays(r, off, len, us);
}

/* relay=, every time it appears: a repeated key replaces all of the first. */
static void set_relay(maillog_record *r, uint32_t v, uint32_t ve)
{
    r->fmask &= ~(((uint64_t)1 << MAILLOG_F_RELAY_HOST) | ((uint64_t)1 << MAILLOG_F_RELAY_IP) |
                  ((uint64_t)1 << MAILLOG_F_RELAY_PORT));
    r->nmask &= ~((uint32_t)1 << MAILLOG_N_RELAY_PORT);
    if (ml_postfix_hostaddr(r, v, ve, 1) == v)
        ml_set(r, MAILLOG_F_RELAY_HOST, v, ve - v);
}

/* status=WORD at k (value [v,ve)), the last pair: what follows is the reply,
 * in parentheses, or qmgr's ", returned to sender". */
static void set_status_pair(maillog_record *r, uint32_t k, uint32_t v, uint32_t ve, uint32_t end)
{
    const char *s = r->line;
    set_status(r, v, ve - v);
    r->kv_end = k;
    if (ve + 1 < end && s[ve] == ' ' && s[ve + 1] == '(') {
        ml_postfix_set_reply(r, ve + 2, s[end - 1] == ')' ? end - 1 : end);
    } else if (ve + 1 < end && s[ve] == ',') {
        uint32_t t = ve + 1;
        while (t < end && s[t] == ' ')
            t++;
        ml_set(r, MAILLOG_F_REPLY, t, end - t);
    }
}

/* Walk key=value pairs in [p,end) and fill the fields they name.  Stops
 * before status=, whose reply runs to the end of the line (log_adhoc.c
 * writes it last) and may hold anything the remote server said. */
void ml_postfix_kv_fields(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    ml_kv kv;
    /* The attribute iterator starts at the first pair that is not a field:
     * it would only walk the fields before it to skip them. */
    uint32_t first_attr = UINT32_MAX;
    r->kv_end = end;
    for (;;) {
        uint32_t ve, eq;
        int id;
        while (p < end && ml_is((unsigned char)s[p], ML_C_SEP))
            p++;
        if (p >= end)
            break;
        if ((id = known_key(s, p, end, &eq)) != K_NONE) {
            ml_kv_value(s, p, eq, end, &kv);
        } else {
            if (!ml_kv_next(s, p, end, &kv))
                break;
            id = key_id(s + kv.k_off, kv.k_len);
            if (id == K_NONE && first_attr == UINT32_MAX)
                first_attr = kv.k_off;
        }
        ve = kv.v_off + kv.v_len;
        p = kv.end;
        switch (id) {
        case K_TO: ml_set(r, MAILLOG_F_TO, kv.v_off, kv.v_len); break;
        case K_FROM: ml_set(r, MAILLOG_F_FROM, kv.v_off, kv.v_len); break;
        case K_ORIG_TO: ml_set(r, MAILLOG_F_ORIG_TO, kv.v_off, kv.v_len); break;
        case K_RELAY: set_relay(r, kv.v_off, ve); break;
        case K_CLIENT:
            r->fmask &= ~(((uint64_t)1 << MAILLOG_F_CLIENT_HOST) |
                          ((uint64_t)1 << MAILLOG_F_CLIENT_IP) | ((uint64_t)1 << MAILLOG_F_CLIENT_PORT));
            r->nmask &= ~((uint32_t)1 << MAILLOG_N_CLIENT_PORT);
            ml_postfix_hostaddr(r, kv.v_off, ve, 0);
            break;
        case K_CONN_USE:
            ml_set_uint(r, MAILLOG_F_CONN_USE, MAILLOG_N_CONN_USE, kv.v_off, kv.v_len);
            break;
        case K_SIZE: ml_set_uint(r, MAILLOG_F_SIZE, MAILLOG_N_SIZE, kv.v_off, kv.v_len); break;
        case K_NRCPT: ml_set_uint(r, MAILLOG_F_NRCPT, MAILLOG_N_NRCPT, kv.v_off, kv.v_len); break;
        case K_DELAY: {
            int64_t us;
            ml_set(r, MAILLOG_F_DELAY, kv.v_off, kv.v_len);
            if (ml_seconds_us(s, kv.v_off, kv.v_len, &us))
                ml_setn(r, MAILLOG_N_DELAY_US, us);
            break;
        }
        case K_DELAYS: set_delays(r, kv.v_off, kv.v_len); break;
        case K_DSN: ml_set(r, MAILLOG_F_DSN, kv.v_off, kv.v_len); break;
        case K_HELO: ml_set(r, MAILLOG_F_HELO, kv.v_off, kv.v_len); break;
        case K_SASL_METHOD: ml_set(r, MAILLOG_F_AUTH_METHOD, kv.v_off, kv.v_len); break;
        case K_SASL_USERNAME: ml_set(r, MAILLOG_F_USER, kv.v_off, kv.v_len); break;
        case K_STATUS: set_status_pair(r, kv.k_off, kv.v_off, ve, end); goto done;
        default: break;
        }
    }
done:
    r->kv_off = first_attr < r->kv_end ? first_attr : r->kv_end;
}

/* [p,q) is one or more of the bytes "0123456789." and a ", " follows:
 * a value the general walk would end at q too. */
static int dsn_value(const char *s, uint32_t p, uint32_t *q, uint32_t end)
{
    uint32_t e = p;
    while (e < end && ((unsigned char)(s[e] - '0') < 10 || s[e] == '.'))
        e++;
    *q = e;
    return e > p && ML_AT(s, e, end, ", ");
}

/* A delivery line as log_adhoc.c writes it, read in its fixed order:
 * to=<>, [orig_to=<>,] relay=, [conn_use=,] delay=, delays=a/b/c/d, dsn=,
 * status= (reply).  It ends every value where the general walk would and
 * then sets what ml_postfix_kv_fields() sets, without finding each key and
 * each end twice.  Any other shape returns 0 with r untouched, and
 * ml_postfix_kv_fields() reads the line (delivery_fast_path_matches_general
 * in tests/test_postfix.c compares the two). */
int ml_postfix_delivery_fast(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t to_e, ot = 0, ot_e = 0, rl, rl_e, cu = 0, cu_e = 0, dl, dl_e, ds, ds_e, dsn, dsn_e,
                    st, st_e, q;
    int64_t dl_us, ds_us[4], cu_n = 0;
    if (!ML_AT(s, p, end, "to=<") || (to_e = ml_angle_end(s, p + 3, end)) >= end)
        return 0;
    q = to_e + 1;
    if (ML_AT(s, q, end, ", orig_to=<")) {
        ot = q + 11;
        if ((ot_e = ml_angle_end(s, ot - 1, end)) >= end)
            return 0;
        q = ot_e + 1;
    }
    if (!ML_AT(s, q, end, ", relay="))
        return 0;
    rl = q + 8;
    if (rl < end && (s[rl] == '<' || s[rl] == '"'))
        return 0;
    q = rl_e = ml_find_any(s, rl, end, ' ', ',', '\t', '\t');
    if (ML_AT(s, q, end, ", conn_use=")) {
        cu = cu_e = q + 11;
        if (!ml_uint(s, &cu_e, end, &cu_n))
            return 0;
        q = cu_e;
    }
    if (!ML_AT(s, q, end, ", delay="))
        return 0;
    dl = dl_e = q + 8;
    if (!ml_seconds_at(s, &dl_e, end, &dl_us) || !ML_AT(s, dl_e, end, ", delays="))
        return 0;
    ds = dl_e + 9;
    if ((ds_e = delays_at(s, ds, end, ds_us)) == 0 || !ML_AT(s, ds_e, end, ", dsn="))
        return 0;
    dsn = ds_e + 6;
    if (!dsn_value(s, dsn, &dsn_e, end) || !ML_AT(s, dsn_e, end, ", status="))
        return 0;
    st = dsn_e + 9;
    if (st < end && (s[st] == '<' || s[st] == '"')) /* the walk would read it as one value */
        return 0;
    st_e = ml_find_any(s, st, end, ' ', ',', '\t', '\t');
    if (!(st_e == end || s[st_e] == ' '))
        return 0;
    r->kv_end = end;
    ml_set(r, MAILLOG_F_TO, p + 4, to_e - p - 4);
    if (ot)
        ml_set(r, MAILLOG_F_ORIG_TO, ot, ot_e - ot);
    set_relay(r, rl, rl_e);
    if (cu) {
        ml_set(r, MAILLOG_F_CONN_USE, cu, cu_e - cu);
        ml_setn(r, MAILLOG_N_CONN_USE, cu_n);
    }
    ml_set(r, MAILLOG_F_DELAY, dl, dl_e - dl);
    ml_setn(r, MAILLOG_N_DELAY_US, dl_us);
    put_delays(r, ds, ds_e - ds, ds_us);
    ml_set(r, MAILLOG_F_DSN, dsn, dsn_e - dsn);
    set_status_pair(r, dsn_e + 2, st, st_e, end);
    r->kv_off = r->kv_end;
    return 1;
}

/* " (queue NAME)" from p to the end, NAME in lower case: what qmgr writes
 * after nrcpt=, and a group the general walk skips whole. */
static int queue_note(const char *s, uint32_t p, uint32_t end)
{
    uint32_t q = p + 8;
    if (!ML_AT(s, p, end, " (queue ") || s[end - 1] != ')')
        return 0;
    while (q < end - 1 && s[q] >= 'a' && s[q] <= 'z')
        q++;
    return q == end - 1 && q > p + 8;
}

/* qmgr's "from=<sender>, size=N, nrcpt=N (queue active)", read in that
 * order as ml_postfix_delivery_fast() reads a delivery line; 0 (r
 * untouched) for any other shape, such as "from=<>, status=expired". */
int ml_postfix_queued_fast(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t fe, sz, sz_e, nr, nr_e;
    int64_t size, nrcpt;
    if (!ML_AT(s, p, end, "from=<") || (fe = ml_angle_end(s, p + 5, end)) >= end ||
        !ML_AT(s, fe + 1, end, ", size="))
        return 0;
    sz = sz_e = fe + 8;
    if (!ml_uint(s, &sz_e, end, &size) || !ML_AT(s, sz_e, end, ", nrcpt="))
        return 0;
    nr = nr_e = sz_e + 8;
    if (!ml_uint(s, &nr_e, end, &nrcpt) || !(nr_e == end || queue_note(s, nr_e, end)))
        return 0;
    ml_set(r, MAILLOG_F_FROM, p + 6, fe - p - 6);
    ml_set(r, MAILLOG_F_SIZE, sz, sz_e - sz);
    ml_setn(r, MAILLOG_N_SIZE, size);
    ml_set(r, MAILLOG_F_NRCPT, nr, nr_e - nr);
    ml_setn(r, MAILLOG_N_NRCPT, nrcpt);
    r->kv_off = r->kv_end = end;
    return 1;
}
