/* postfix.c -- the Postfix dialect: every daemon's lines into the shared
 * record vocabulary.  Formats follow Postfix's own sources (log_adhoc.c for
 * delivery lines, smtpd_check.c log_whatsup() for access actions, cleanup's
 * action log, postscreen, bounce notifications). */
#include "mta/postfix/postfix.h"
#include "scan/scan.h"


static const ml_word daemons[] = {
    ML_W("anvil"), ML_W("bounce"), ML_W("cleanup"), ML_W("defer"), ML_W("discard"),
    ML_W("dnsblog"), ML_W("error"), ML_W("flush"), ML_W("lmtp"), ML_W("local"), ML_W("master"),
    ML_W("nqmgr"), ML_W("oqmgr"), ML_W("pickup"), ML_W("pipe"), ML_W("postdrop"),
    ML_W("postlogd"), ML_W("postqueue"), ML_W("postscreen"), ML_W("postsuper"),
    ML_W("proxymap"), ML_W("qmgr"), ML_W("qmqpd"), ML_W("retry"), ML_W("scache"),
    ML_W("sendmail"), ML_W("showq"), ML_W("smtp"), ML_W("smtpd"), ML_W("spawn"), ML_W("tlsmgr"),
    ML_W("tlsproxy"), ML_W("trace"), ML_W("verify"), ML_W("virtual"), {NULL, 0}};

static int sniff(const void *state, const maillog_record *r)
{
    const char *s = r->line;
    const ml_span *in = &r->f[MAILLOG_F_INSTANCE], *sv = &r->f[MAILLOG_F_SERVICE];
    (void)state;
    if (!ml_has(r, MAILLOG_F_PROGRAM))
        return ML_SNIFF_NO;
    if (in->len >= 7 && memcmp(s + in->off, "postfix", 7) == 0 &&
        (in->len == 7 || s[in->off + 7] == '-'))
        return ML_SNIFF_TAG;
    /* A custom syslog_name ("mx/smtpd"): trust a known daemon name only
     * behind a slash, since OpenSMTPD also logs as plain "smtpd". */
    if (r->f[MAILLOG_F_PROGRAM].len == sv->len)
        return ML_SNIFF_NO;
    return ml_word_index(s + sv->off, sv->len, daemons) >= 0 ? ML_SNIFF_TAG : ML_SNIFF_NO;
}

/* Span equals one of the words (table ends with {NULL, 0}). */
static int is_one_of(const char *p, uint32_t len, const ml_word *w)
{
    return ml_word_index(p, len, w) >= 0;
}

/* The keys reported as fields, told apart by length and first byte before
 * one memcmp: this runs for every pair of every line. */
enum { K_NONE, K_TO, K_FROM, K_ORIG_TO, K_RELAY, K_CLIENT, K_CONN_USE, K_SIZE, K_NRCPT,
       K_DELAY, K_DELAYS, K_DSN, K_STATUS, K_MESSAGE_ID };

static int key_id(const char *k, uint32_t n)
{
#define K(lit, id) return memcmp(k, lit, n) == 0 ? id : K_NONE
    switch (n) {
    case 2: K("to", K_TO);
    case 3: K("dsn", K_DSN);
    case 4: if (k[0] == 'f') K("from", K_FROM); K("size", K_SIZE);
    case 5: if (k[0] == 'r') K("relay", K_RELAY); if (k[0] == 'n') K("nrcpt", K_NRCPT);
            K("delay", K_DELAY);
    case 6: if (k[0] == 'c') K("client", K_CLIENT); if (k[0] == 'd') K("delays", K_DELAYS);
            K("status", K_STATUS);
    case 7: K("orig_to", K_ORIG_TO);
    case 8: K("conn_use", K_CONN_USE);
    case 10: K("message-id", K_MESSAGE_ID);
    default: return K_NONE;
    }
#undef K
}

static int field_key(const char *k, uint32_t n) { return key_id(k, n) != K_NONE; }

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
    case 's': KK("status", K_STATUS); KK("size", K_SIZE); break;
    case 'o': KK("orig_to", K_ORIG_TO); break;
    case 'c': KK("client", K_CLIENT); KK("conn_use", K_CONN_USE); break;
    case 'f': KK("from", K_FROM); break;
    case 'n': KK("nrcpt", K_NRCPT); break;
    default: break;
    }
    return K_NONE;
#undef KK
}

/* ------------------------------------------------------------ helpers */

/* Length of a queue id at p that ends at a non-alphanumeric byte or at
 * end, or 0.  Short ids are upper-case hex (5 hex
 * digits of microseconds + the inode), long ids (enable_long_queue_ids)
 * use an alphabet without vowels and contain the 'z' separator. */
/* The alphanumeric run of n bytes at p, whose class bits ANDed are all, has
 * a queue id's shape. */
static int qid_shape(const char *s, uint32_t p, uint32_t n, unsigned all)
{
    if (n > 32)
        return 0;
    return (all & ML_C_HEXUP) ? n >= 6
                              : n >= 10 && (all & ML_C_QIDLG) && memchr(s + p, 'z', n) != NULL;
}

static uint32_t qid_len_scalar(const char *s, uint32_t p, uint32_t end)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t q = p, lim = end - p > 33 ? p + 33 : end;
    unsigned all = 0xFFu, c;
    /* AND of the class bits tells "all hex" and "no vowel" in one pass,
     * four bytes a step while all four are alphanumeric. */
    while (lim - q >= 4 && ((c = ml_class[u[q]] & ml_class[u[q + 1]] & ml_class[u[q + 2]] &
                                 ml_class[u[q + 3]]) & ML_C_ALNUM)) {
        all &= c;
        q += 4;
    }
    while (q < lim && ((c = ml_class[u[q]]) & ML_C_ALNUM)) {
        all &= c;
        q++;
    }
    return qid_shape(s, p, q - p, all) ? q - p : 0;
}

#ifdef ML_SIMD_SSE2
/* Of the 16 bytes at p: the mask of the alphanumeric ones, and in *hexup
 * of the upper-case hex ones -- a queue id's two classes. */
static inline uint32_t qid_classes16(const char *p, uint32_t *hexup)
{
    const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i hex = _mm_or_si128(ml_in_range16(x, '0', '9'), ml_in_range16(x, 'A', 'F'));
    *hexup = (uint32_t)_mm_movemask_epi8(hex);
    return (uint32_t)_mm_movemask_epi8(_mm_or_si128(
        hex, _mm_or_si128(ml_in_range16(x, 'G', 'Z'), ml_in_range16(x, 'a', 'z'))));
}
#endif

static uint32_t qid_len(const char *s, uint32_t p, uint32_t end)
{
#ifdef ML_SIMD_SSE2
    /* The usual short id: one 16-byte load tells its length (the alphanumeric
     * run) and whether it is all upper-case hex. */
    if (end - p >= 16) {
        uint32_t hex, alnum = qid_classes16(s + p, &hex);
        uint32_t n = ml_ctz(~alnum), want = (1u << n) - 1u;
        if (n < 16) {
            if ((hex & want) == want)
                return n >= 6 ? n : 0;
            if (n < 10) /* too short for a long id too */
                return 0;
        }
    }
#endif
    return qid_len_scalar(s, p, end);
}

/* Queue id at p followed by ": " (or NOQUEUE). */
static uint32_t queue_id(const char *s, uint32_t p, uint32_t end, int *is_noqueue)
{
    uint32_t n;
    *is_noqueue = 0;
    if (ML_AT(s, p, end, "NOQUEUE: ")) {
        *is_noqueue = 1;
        return 7;
    }
    n = qid_len(s, p, end);
    return n && ML_AT(s, p + n, end, ": ") ? n : 0;
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
static uint32_t hostaddr(maillog_record *r, uint32_t p, uint32_t end, int relay)
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

/* "queued as QID" at the very end of a reply: a content filter or the next
 * hop took the message under a new queue id; local(8) says "forwarded as
 * QID" when an alias or .forward re-queues it. */
static void handoff(maillog_record *r, uint32_t off, uint32_t end)
{
    static const ml_word marks[] = {ML_W("queued as "), ML_W("forwarded as ")};
    const char *s = r->line;
    uint32_t q = end, i;
    unsigned all = 0xFFu, c;
#ifdef ML_SIMD_SSE2
    /* The usual short id: the last 16 bytes tell its length (the run of
     * alphanumeric bytes at their end) and whether it is all upper-case
     * hex; anything else is measured byte by byte below. */
    if (end - off >= 16) {
        uint32_t hex, other = ~qid_classes16(s + end - 16, &hex) & 0xFFFFu;
        uint32_t n = other ? 15u - ml_msb(other) : 16u, want = 0xFFFFu & ~((1u << (16 - n)) - 1u);
        if (n < 16 && (hex & want) == want) {
            if (n < 6) /* too short for a short id; not a long one */
                return;
            q = end - n;
            goto marks;
        }
    }
#endif
    /* The id ends the reply: step back over it, then look at what precedes. */
    while (q > off && ((c = ml_class[(unsigned char)s[q - 1]]) & ML_C_ALNUM)) {
        all &= c;
        q--;
    }
    if (q == end || !qid_shape(s, q, end - q, all))
        return;
#ifdef ML_SIMD_SSE2
marks:
#endif
    for (i = 0; i < 2; i++) {
        if (q - off >= marks[i].n && memcmp(s + q - marks[i].n, marks[i].s, marks[i].n) == 0) {
            ml_set(r, MAILLOG_F_NEW_QUEUE_ID, q, end - q);
            return;
        }
    }
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

static void set_reply(maillog_record *r, uint32_t off, uint32_t end)
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
    if (hostaddr(r, v, ve, 1) == v)
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
        set_reply(r, ve + 2, s[end - 1] == ')' ? end - 1 : end);
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
static void kv_fields(maillog_record *r, uint32_t p, uint32_t end)
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
            hostaddr(r, kv.v_off, ve, 0);
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
 * then sets what kv_fields() sets, without finding each key and each end
 * twice.  Any other shape returns 0 with r untouched, and kv_fields()
 * reads the line (delivery_fast_path_matches_general in
 * tests/test_postfix.c compares the two). */
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

void ml_postfix_kv_fields(maillog_record *r, uint32_t p, uint32_t end) { kv_fields(r, p, end); }

/* Start of the key=value tail after an access-action reply: the first "; "
 * followed by key=, outside <...>, so addresses inside the reply cannot
 * move it.  Returns end when there is none. */
static uint32_t kv_tail(const char *s, uint32_t p, uint32_t end)
{
    int depth = 0;
    /* from one '<', '>' or ';' to the next: the reply's text between them
     * is passed over 16 bytes at a time */
    for (; (p = ml_find_any(s, p, end, '<', '>', ';', ';')) + 2 < end; p++) {
        char c = s[p];
        if (c == '<')
            depth++;
        else if (c == '>' && depth > 0)
            depth--;
        else if (c == ';' && depth == 0 && s[p + 1] == ' ') {
            uint32_t k = p + 2;
            while (k < end && ml_is((unsigned char)s[k], ML_C_KEY))
                k++;
            if (k > p + 2 && k < end && s[k] == '=')
                return p;
        }
    }
    return end;
}

/* " from host[addr]" at p: the client, for lines that name one. */
static uint32_t from_client(maillog_record *r, uint32_t p, uint32_t end)
{
    if (ML_AT(r->line, p, end, " from "))
        return hostaddr(r, p + 6, end, 0);
    return p;
}

static int set_action(maillog_record *r, uint32_t off, uint32_t len)
{
    const char *a = r->line + off;
    ml_set(r, MAILLOG_F_ACTION, off, len);
    static const ml_word rejects[] = {ML_W("reject"), ML_W("milter-reject"),
                                      ML_W("proxy-reject"), ML_W("milter-body-reject"),
                                      ML_W("milter-header-reject"), {NULL, 0}};
    static const ml_word discards[] = {ML_W("discard"), ML_W("milter-discard"), {NULL, 0}};
    static const ml_word holds[] = {ML_W("hold"), ML_W("milter-hold"), {NULL, 0}};
    if (is_one_of(a, len, rejects)) {
        r->status = MAILLOG_STATUS_REJECTED;
    } else if (is_one_of(a, len, discards)) {
        r->status = MAILLOG_STATUS_DISCARDED;
    } else if (is_one_of(a, len, holds)) {
        r->status = MAILLOG_STATUS_HELD;
    } else {
        r->event = MAILLOG_EV_ACTION;
        return 1;
    }
    r->event = MAILLOG_EV_REJECT;
    return 1;
}

/* ACTION: ... -- smtpd/postscreen access actions ("reject: RCPT from
 * h[a]: reply; from=<> to=<> proto= helo=<>"), cleanup header/body actions
 * ("warning: header Subject: text from h[a]; from=<> ...: optional text")
 * and before-queue proxy results ("proxy-reject: END-OF-MESSAGE: reply; ..."). */
static int access_action(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t a = p, st, q, tail;
    while (p < end && (ml_is((unsigned char)s[p], ML_C_ALPHA) || s[p] == '-' || s[p] == '_'))
        p++;
    if (p == a || !ML_AT(s, p, end, ": "))
        return 0;
    set_action(r, a, p - a);
    p += 2;
    st = p;
    if (ML_AT(s, p, end, "header ") || ML_AT(s, p, end, "body ")) {
        /* The header text is client data cut at 200 bytes by cleanup: the
         * real " from h[a];" is the last one that starts within reach. */
        uint32_t text = ml_find(s, p, end, ' ') + 1, lim = text + 201, best = end, c;
        ml_set(r, MAILLOG_F_STAGE, st, text - 1 - st);
        for (c = text; c < end && c <= lim; c++) {
            c = ML_FIND(s, c, end, " from ");
            if (c >= end || c > lim)
                break;
            q = from_client(r, c, end);
            if (q != c && q < end && s[q] == ';')
                best = c;
        }
        if (best == end) {
            r->fmask &= ~(((uint64_t)1 << MAILLOG_F_CLIENT_HOST) |
                          ((uint64_t)1 << MAILLOG_F_CLIENT_IP) |
                          ((uint64_t)1 << MAILLOG_F_CLIENT_PORT));
            return 1;
        }
        q = from_client(r, best, end) + 1;
        /* kv pairs, then optionally ": text" from the check's action. */
        {
            ml_kv kv;
            uint32_t k = q, last = q;
            while (ml_kv_next(s, k, end, &kv)) {
                last = kv.end;
                k = kv.end;
                if (k < end && s[k] == ':')
                    break;
            }
            kv_fields(r, q, last);
            if (ML_AT(s, last, end, ": "))
                set_reply(r, last + 2, end);
        }
        return 1;
    }
    /* STAGE from h[a]: reply  |  STAGE: reply */
    while (p < end && s[p] != ' ' && s[p] != ':')
        p++;
    ml_set(r, MAILLOG_F_STAGE, st, p - st);
    q = from_client(r, p, end);
    if (!ML_AT(s, q, end, ": "))
        return 1;
    q += 2;
    tail = kv_tail(s, q, end);
    set_reply(r, q, tail);
    if (tail < end)
        kv_fields(r, tail + 1, end);
    return 1;
}

static const ml_word notifications[] = {
    ML_W("sender non-delivery notification: "), ML_W("sender delivery status notification: "),
    ML_W("sender delay notification: "), ML_W("postmaster non-delivery notification: "),
    ML_W("postmaster delay notification: "), ML_W("postmaster delivery status notification: "),
    {NULL, 0}};

/* Lines after "QID: " (or "NOQUEUE: "). */
static int queue_line(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    size_t i;
    /* the first byte settles the usual lines in a compare or two */
    const char c = p < end ? s[p] : '\0';
    if (c == 't' && ML_AT(s, p, end, "to=")) {
        r->event = MAILLOG_EV_DELIVERY;
        if (!ml_postfix_delivery_fast(r, p, end))
            kv_fields(r, p, end);
        if (r->status == MAILLOG_STATUS_SENT && ml_has(r, MAILLOG_F_REPLY))
            handoff(r, r->f[MAILLOG_F_REPLY].off, ML_SPAN_END(r, MAILLOG_F_REPLY));
        return ml_has(r, MAILLOG_F_TO);
    }
    if (c == 'f' && ML_AT(s, p, end, "from=")) {
        if (!ml_postfix_queued_fast(r, p, end))
            kv_fields(r, p, end);
        r->event = r->status == MAILLOG_STATUS_EXPIRED ? MAILLOG_EV_EXPIRED : MAILLOG_EV_QUEUED;
        return 1;
    }
    if (c == 'c' && ML_AT(s, p, end, "client=")) {
        r->event = MAILLOG_EV_CLIENT;
        kv_fields(r, p, end);
        return 1;
    }
    if ((c == 'm' && ML_AT(s, p, end, "message-id=")) ||
        (c == 'r' && ML_AT(s, p, end, "resent-message-id="))) {
        /* The value is the rest of the line: message ids may hold spaces
         * or RFC 2047 junk. */
        uint32_t v = ml_find(s, p, end, '=') + 1, e = end;
        if (ML_AT(s, p, end, "resent-"))
            return r->event = MAILLOG_EV_NOTICE, 1;
        if (e > v && s[v] == '<' && s[e - 1] == '>') {
            v++;
            e--;
        }
        r->event = MAILLOG_EV_MESSAGE_ID;
        ml_set(r, MAILLOG_F_MESSAGE_ID, v, e - v);
        return 1;
    }
    if (c == 'u' && ML_AT(s, p, end, "uid=")) {
        r->event = MAILLOG_EV_PICKUP;
        kv_fields(r, p, end);
        return 1;
    }
    if (c == 'r' && end - p == 7 && ML_AT(s, p, end, "removed")) {
        r->event = MAILLOG_EV_REMOVED;
        return 1;
    }
    for (i = 0; notifications[i].s && p < end && (s[p] == 's' || s[p] == 'p'); i++) {
        uint32_t n = notifications[i].n, q;
        if (ml_at(s, p, end, notifications[i].s, n)) {
            r->event = MAILLOG_EV_NOTIFICATION;
            q = p + n;
            if (q < end && qid_len(s, q, end) == end - q)
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
        hostaddr(r, h, end, 1);
        set_reply(r, p, end);
        return 1;
    }
    if (ML_AT(s, p, end, "enabling PIX workarounds")) {
        uint32_t f = ML_FIND(s, p, end, " for ");
        r->event = MAILLOG_EV_NOTICE;
        if (f < end)
            hostaddr(r, f + 5, end, 1);
        return 1;
    }
    if (ML_AT(s, p, end, "SASL authentication failed; server ")) {
        uint32_t q = hostaddr(r, p + 35, end, 1);
        r->event = MAILLOG_EV_AUTH_FAILED;
        set_reply(r, q + (ML_AT(s, q, end, " said: ") ? 7 : 0), end);
        return 1;
    }
    if (ML_AT(s, p, end, "requeued") || ML_AT(s, p, end, "placed on hold") ||
        ML_AT(s, p, end, "released from hold") || ML_AT(s, p, end, "skipped, ") ||
        ML_AT(s, p, end, "expired")) {
        r->event = MAILLOG_EV_QUEUE_ADMIN;
        return 1;
    }
    if (access_action(r, p, end))
        return 1;
    return 0;
}

/* lost connection after DATA (7774180 bytes) from h[a] -- and friends. */
static int session_after(maillog_record *r, uint32_t p, uint32_t end)
{
    static const ml_word heads[] = {ML_W("lost connection after "), ML_W("timeout after "),
                                 ML_W("too many errors after "),
                                 ML_W("improper command pipelining after "),
                                 ML_W("bare <LF> received after "), {NULL, 0}};
    const char *s = r->line;
    size_t i;
    for (i = 0; heads[i].s; i++) {
        uint32_t n = heads[i].n, st, f;
        if (!ml_at(s, p, end, heads[i].s, n))
            continue;
        st = p + n;
        f = ML_FIND(s, st, end, " from ");
        r->event = MAILLOG_EV_SESSION;
        ml_set(r, MAILLOG_F_STAGE, st, (s[f - 1] == ')' ? ml_find(s, st, f, ' ') : f) - st);
        from_client(r, f, end);
        return 1;
    }
    return 0;
}

static const ml_word screen_verbs[] = {
    ML_W("PASS NEW "), ML_W("PASS OLD "), ML_W("WHITELIST VETO "), ML_W("ALLOWLIST VETO "),
    ML_W("WHITELISTED "), ML_W("ALLOWLISTED "), ML_W("BLACKLISTED "), ML_W("DENYLISTED "),
    ML_W("DNSBL rank "), ML_W("PREGREET "), ML_W("HANGUP "), ML_W("COMMAND TIME LIMIT "),
    ML_W("COMMAND COUNT LIMIT "), ML_W("COMMAND LENGTH LIMIT "), ML_W("NON-SMTP COMMAND "),
    ML_W("BARE NEWLINE "), ML_W("COMMAND PIPELINING "), {NULL, 0}};

/* postscreen: verdicts name the client as [addr]:port, after "from " or
 * "for " or directly. */
static int postscreen(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    size_t i;
    if (ML_AT(s, p, end, "CONNECT from [")) {
        r->event = MAILLOG_EV_CONNECT;
        hostaddr(r, p + 13, end, 0);
        return 1;
    }
    if (ML_AT(s, p, end, "DISCONNECT [")) {
        r->event = MAILLOG_EV_DISCONNECT;
        hostaddr(r, p + 11, end, 0);
        return 1;
    }
    for (i = 0; screen_verbs[i].s; i++) {
        uint32_t n = screen_verbs[i].n, b;
        if (!ml_at(s, p, end, screen_verbs[i].s, n))
            continue;
        r->event = MAILLOG_EV_SCREEN;
        ml_set(r, MAILLOG_F_ACTION, p, n - 1);
        b = ml_find(s, p + n, end, '[');
        if (b < end && (b == p + n || s[b - 1] == ' ')) {
            b = hostaddr(r, b, end, 0);
            if (ML_AT(s, b, end, " after ")) { /* "after CONNECT", "after .: text" */
                uint32_t st = b + 7, e = st;
                while (e < end && s[e] != ' ' && !(s[e] == ':' && e > st))
                    e++;
                ml_set(r, MAILLOG_F_STAGE, st, e - st);
            }
        }
        return 1;
    }
    return 0;
}

static int tls_line(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t t = ML_FIND(s, p, end, " TLS connection established ");
    if (t >= end || t - p > 12)
        return 0;
    t += 28;
    r->event = MAILLOG_EV_SESSION;
    if (ML_AT(s, t, end, "from "))
        t = hostaddr(r, t + 5, end, 0);
    else if (ML_AT(s, t, end, "to "))
        t = hostaddr(r, t + 3, end, 1);
    if (ML_AT(s, t, end, ": "))
        ml_set(r, MAILLOG_F_REPLY, t + 2, end - t - 2);
    return 1;
}

/* Lines without a queue id. */
static int plain_line(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    if (ML_AT(s, p, end, "connect from ")) {
        r->event = MAILLOG_EV_CONNECT;
        hostaddr(r, p + 13, end, 0);
        return 1;
    }
    if (ML_AT(s, p, end, "disconnect from ")) {
        uint32_t q = hostaddr(r, p + 16, end, 0);
        r->event = MAILLOG_EV_DISCONNECT;
        r->kv_off = q;
        r->kv_end = end;
        return 1;
    }
    if (session_after(r, p, end) || postscreen(r, p, end) || tls_line(r, p, end))
        return 1;
    if (ML_AT(s, p, end, "connect to ")) {
        r->event = MAILLOG_EV_RELAY_ERROR;
        hostaddr(r, p + 11, end, 1);
        set_reply(r, p, end);
        return 1;
    }
    if (ML_AT(s, p, end, "SSL_accept error from ")) {
        r->event = MAILLOG_EV_SESSION;
        hostaddr(r, p + 22, end, 0);
        return 1;
    }
    if (ML_AT(s, p, end, "addr ")) { /* dnsblog: addr A listed by domain D as R */
        uint32_t a = p + 5, e = ml_find(s, a, end, ' ');
        if (!ML_AT(s, e, end, " listed by domain "))
            return 0;
        r->event = MAILLOG_EV_DNSBL;
        ml_set(r, MAILLOG_F_CLIENT_IP, a, e - a);
        return 1;
    }
    if (ML_AT(s, p, end, "statistics: ")) {
        /* anvil: "... for (smtpd:ADDR) at ..." names the client */
        uint32_t f = ML_FIND(s, p, end, " for (");
        r->event = MAILLOG_EV_STATISTICS;
        if (f < end) {
            /* The service may itself hold colons ("127.0.0.1:2525"): an
             * IPv4 client follows the last colon, an IPv6 one the first. */
            uint32_t c = ml_find(s, f + 6, end, ':'), e = ML_FIND(s, f, end, ") at "), l = e;
            while (l > c && s[l - 1] != ':')
                l--;
            if (c < e && e < end)
                ml_set(r, MAILLOG_F_CLIENT_IP, ml_find(s, l, e, '.') < e ? l : c + 1,
                       e - (ml_find(s, l, e, '.') < e ? l : c + 1));
        }
        return 1;
    }
    if (ML_AT(s, p, end, "cache ") && ML_FIND(s, p, end, " cleanup: ") < end) {
        /* postscreen/verify cache cleanup: retained=N dropped=N entries */
        r->event = MAILLOG_EV_STATISTICS;
        r->kv_off = ML_FIND(s, p, end, " cleanup: ") + 10;
        r->kv_end = end;
        return 1;
    }
    if (ML_AT(s, p, end, "certificate verification failed for ") ||
        ML_AT(s, p, end, "SSL_connect error to ")) {
        uint32_t h = ML_AT(s, p, end, "SSL") ? p + 21 : p + 36, q;
        r->event = MAILLOG_EV_SESSION;
        q = hostaddr(r, h, end, 1);
        if (ML_AT(s, q, end, ": "))
            ml_set(r, MAILLOG_F_REPLY, q + 2, end - q - 2);
        return 1;
    }
    if (ML_AT(s, p, end, "discarding EHLO keywords: ")) {
        r->event = MAILLOG_EV_NOTICE;
        return 1;
    }
    if ((ML_AT(s, p, end, "proxy-accept: ") || ML_AT(s, p, end, "proxy-reject: ")) &&
        access_action(r, p, end)) {
        if (ML_AT(s, p, end, "proxy-accept") && ml_has(r, MAILLOG_F_REPLY))
            handoff(r, r->f[MAILLOG_F_REPLY].off, ML_SPAN_END(r, MAILLOG_F_REPLY));
        return 1;
    }
    if (ML_AT(s, p, end, "daemon started") || ML_AT(s, p, end, "reload ") ||
        ML_AT(s, p, end, "terminating on signal") || ML_AT(s, p, end, "starting the Postfix") ||
        ML_AT(s, p, end, "stopping the Postfix") || ML_AT(s, p, end, "refreshing the Postfix") ||
        ML_AT(s, p, end, "table ") || ML_AT(s, p, end, "daemon stopped")) {
        r->event = MAILLOG_EV_DAEMON;
        return 1;
    }
    if (ML_AT(s, p, end, "Deleted: ") || ML_AT(s, p, end, "Requeued: ") ||
        ML_AT(s, p, end, "Placed on hold: ") || ML_AT(s, p, end, "Released from hold: ")) {
        r->event = MAILLOG_EV_QUEUE_ADMIN;
        return 1;
    }
    return 0;
}

/* Diagnostics (after "warning: " and the like): pick out the client where
 * the text names it, and SASL failures. */
static void diagnostic(maillog_record *r, uint32_t p, uint32_t end)
{
    const char *s = r->line;
    uint32_t q;
    r->event = MAILLOG_EV_NOTICE;
    q = hostaddr(r, p, end, 0);
    if (q != p && ML_AT(s, q, end, ": SASL ") &&
        ML_FIND(s, q, end, " authentication failed") < end) {
        r->event = MAILLOG_EV_AUTH_FAILED;
        ml_set(r, MAILLOG_F_REPLY, q + 2, end - q - 2);
        return;
    }
    if (ML_AT(s, p, end, "hostname ")) {
        uint32_t h = p + 9, he = ml_find(s, h, end, ' ');
        if (ML_AT(s, he, end, " does not resolve to address ")) {
            /* IPv6 addresses hold ':'; the text after them starts ": ". */
            uint32_t a = he + 29, ae = ML_FIND(s, a, end, ": ");
            ml_set(r, MAILLOG_F_CLIENT_HOST, h, he - h);
            ml_set(r, MAILLOG_F_CLIENT_IP, a, ae - a);
        }
        return;
    }
    if (q == p) {
        uint32_t f = ML_FIND(s, p, end, " from ");
        if (f < end)
            from_client(r, f, end);
    }
}

static int severity_prefix(maillog_record *r, uint32_t *p, uint32_t end)
{
    static const ml_word words[] = {ML_W("warning: "), ML_W("error: "), ML_W("fatal: "),
                                    ML_W("panic: ")};
    static const int32_t sev[] = {MAILLOG_SEV_WARNING, MAILLOG_SEV_ERROR, MAILLOG_SEV_FATAL,
                                  MAILLOG_SEV_PANIC};
    size_t i;
    unsigned char c = *p < end ? (unsigned char)r->line[*p] : 0;
    if (c != 'w' && c != 'e' && c != 'f' && c != 'p') /* most lines: no prefix */
        return 0;
    for (i = 0; i < 4; i++) {
        if (ml_at(r->line, *p, end, words[i].s, words[i].n)) {
            r->severity = sev[i];
            *p += words[i].n;
            return 1;
        }
    }
    return 0;
}

static int parse_body(void *state, maillog_record *r)
{
    const char *s = r->line;
    uint32_t p = r->f[MAILLOG_F_BODY].off, end = r->len, n;
    int noq, sev;
    (void)state;
    sev = severity_prefix(r, &p, end);
    n = queue_id(s, p, end, &noq);
    if (n) {
        if (!noq)
            ml_set(r, MAILLOG_F_QUEUE_ID, p, n);
        p += n + 2;
        if (queue_line(r, p, end) || (!sev && plain_line(r, p, end)))
            goto done;
        if (!sev)
            return 0;
        diagnostic(r, p, end);
        goto done;
    }
    if (!sev && plain_line(r, p, end))
        goto done;
    if (!sev)
        return 0;
    diagnostic(r, p, end);
done:
    return 1;
}

/* Postfix runs one smtpd process per client and names no session: a
 * session is smtpd's program name and pid. */
static int session_of(const maillog_record *r, ml_span *id, int64_t *pid)
{
    const ml_span *sv = &r->f[MAILLOG_F_SERVICE];
    if (!ml_hasn(r, MAILLOG_N_PID) || !ml_has(r, MAILLOG_F_SERVICE) || sv->len != 5 ||
        memcmp(r->line + sv->off, "smtpd", 5) != 0)
        return 0;
    *id = r->f[MAILLOG_F_PROGRAM];
    *pid = r->n[MAILLOG_N_PID];
    return 1;
}

const ml_dialect ml_dialect_postfix = {
    MAILLOG_MTA_POSTFIX, "postfix", 7, sniff, parse_body, field_key,
    NULL, NULL, NULL, NULL, NULL, NULL, session_of, 0,
};
