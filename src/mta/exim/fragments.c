/* fragments.c -- Exim through syslog splits a long or multi-line entry
 * into "[i/m] " fragments (at most 870 bytes each).  They are joined here,
 * in the stream's Exim state, into one record: the first fragment's
 * envelope and every fragment's text.  Other lines in between pass as they
 * come.  A fragment out of turn ends the entry early, flagged partial:
 * nothing is lost. */
#include "mta/exim/exim.h"

typedef struct join {
    uint32_t cap, len;   /* cap: max_line, the most a joined entry keeps */
    uint32_t next, m;    /* next: the fragment awaited; 0: nothing pending */
    int32_t nl, cut;     /* the last split was at a newline; text was cut */
    int32_t dump;        /* the rejectlog's header dump is going on */
    uint64_t entry_line; /* continuation.c */
    int64_t pid;
    uint64_t line_no;    /* of the first fragment */
    char text[];
} join;

size_t ml_exim_join_size(uint32_t max_line) { return sizeof(join) + max_line; }

void ml_exim_join_reset(void *state, uint32_t max_line)
{
    join *j = state;
    j->cap = max_line;
    j->len = j->next = j->m = 0;
    j->nl = j->cut = 0;
    j->dump = 0;
    j->entry_line = 0;
}

uint64_t ml_exim_entry_line(const void *state)
{
    return state ? ((const join *)state)->entry_line : 0;
}
void ml_exim_set_entry_line(void *state, uint64_t line_no)
{
    if (state)
        ((join *)state)->entry_line = line_no;
}

int ml_exim_dump(const void *state) { return state ? ((const join *)state)->dump : 0; }
void ml_exim_set_dump(void *state, int on)
{
    if (state)
        ((join *)state)->dump = on;
}

/* Append text to the joined entry, as much as fits. */
static void add(join *j, const char *s, uint32_t n)
{
    uint32_t room = j->cap - j->len;
    if (n > room) {
        n = room;
        j->cut = 1;
    }
    memcpy(j->text + j->len, s, n);
    j->len += n;
}

/* Deliver the joined entry (partial when fragments are missing). */
static int deliver(maillog_parser *p, join *j, uint32_t extra)
{
    uint32_t n = j->len;
    j->next = 0;
    j->len = 0;
    ml_stream_parse(p, j->text, n,
                    MAILLOG_REC_JOINED | extra | (j->cut ? MAILLOG_REC_TRUNCATED : 0u),
                    j->line_no);
    return ml_stream_deliver(p);
}

int ml_exim_join_hold(maillog_parser *p, void *state, const char *line)
{
    join *j = state;
    maillog_record *r = &p->rec;
    int64_t pid = ml_hasn(r, MAILLOG_N_PID) ? r->n[MAILLOG_N_PID] : -1;
    uint32_t mark = r->note[0], text = r->note[1], i = r->note[2] & 0xFFFFu;
    uint32_t m = r->note[2] >> 16;
    int32_t nl = (int32_t)r->note[3];
    int rc = 0;
    if (j->next && i == j->next && m == j->m && pid == j->pid) {
        if (j->nl) /* the split was at a newline */
            add(j, "\n", 1);
        add(j, line + text, r->len - text);
        j->nl = nl;
        if (++j->next > j->m)
            return deliver(p, j, 0);
        return 0;
    }
    if (j->next) { /* the pending entry will not be completed */
        uint64_t no = r->line_no;
        uint32_t n = r->len, flags = r->flags & (MAILLOG_REC_TRUNCATED | MAILLOG_REC_NO_NEWLINE);
        /* a stop asked for here still lets this line be handled: the
         * stream stops after the line, and it made two records */
        rc = deliver(p, j, MAILLOG_REC_PARTIAL);
        ml_stream_parse(p, line, n, flags, no); /* this line again, into the record */
    }
    if (i != 1)
        return ml_stream_deliver(p) | rc; /* a stray continuation: delivered as it is */
    j->next = 2;
    j->m = m;
    j->nl = nl;
    j->cut = 0;
    j->pid = pid;
    j->line_no = r->line_no;
    j->len = 0;
    add(j, line, mark);
    add(j, line + text, r->len - text);
    return rc;
}

int ml_exim_join_flush(maillog_parser *p, void *state)
{
    join *j = state;
    return j->next ? deliver(p, j, MAILLOG_REC_PARTIAL) : 0;
}
