/* load.c -- maillog-index's loading (load.h).
 *
 * A file is known by the hash of its first line, whatever its name, inode
 * or compression: mail.log, renamed mail.log.1 and compressed
 * mail.log.2.gz are one file.  Its checkpoint holds how many bytes and
 * lines were indexed and the hash of the last of those lines; the next run
 * skips that many bytes (reading them, since a compressed file cannot be
 * seeked) and goes on from there when that line is still the same, else
 * reads the file from its start.  Only complete lines are read: a plain
 * file's last line without its newline is being written, and waits for the
 * next run.
 *
 * Messages still open at the end are written as incomplete, with their
 * lines.  When a run resumes a file, the lines of its label's incomplete
 * messages (of the last 7 days of log time) are read again first, so that
 * the correlator sees each message whole and the row is replaced by the
 * complete message.  Sessions are not replayed: one open across two runs
 * is stored as two rows. */
#include "load.h"

#include <maillog.h>
#include <maillog_correlate.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../tool/input.h"
#include "../tool/rotated.h"
#include "schema.h"
#include "store.h"

#define REPLAY_WINDOW (7 * 86400)

/* A file's checkpoint: what was indexed of it. */
typedef struct cpoint {
    int64_t file_id;
    const char *name;
    long long bytes, lines, last_len;
    int64_t last_hash;
} cpoint;

/* The reader: buf[start, end) not yet consumed, base the file offset of
 * buf[start]. */
typedef struct reader {
    tool_in in;
    char *buf;
    size_t cap, start, end;
    long long base;
    int eof, err;
} reader;

typedef struct loader {
    idx_writer w;
    tool_opts *o;
    maillog_parser *p;
    maillog_corr *c;
    long long fed_lines; /* lines given to the parser: the records' line numbers */
} loader;

static int64_t as_int64(uint64_t h)
{
    int64_t v;
    memcpy(&v, &h, sizeof v);
    return v;
}

/* Read more into the reader (compacting first): bytes read, 0 at the end,
 * -1 on an error (printed). */
static long rd_fill(loader *L, reader *r)
{
    char err[256];
    long n;
    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->start = 0;
    }
    if (r->end == r->cap) { /* a line longer than the buffer */
        char *bigger = realloc(r->buf, r->cap * 2);
        if (!bigger) {
            fprintf(stderr, "%s: out of memory\n", L->o->prog);
            return r->err = 1, -1;
        }
        r->buf = bigger;
        r->cap *= 2;
    }
    n = tool_read(&r->in, r->buf + r->end, r->cap - r->end, err, sizeof err);
    if (n < 0) {
        fprintf(stderr, "%s: %s: %s\n", L->o->prog, r->in.name, err);
        return r->err = 1, -1;
    }
    if (n == 0)
        r->eof = 1;
    r->end += (size_t)n;
    return n;
}

/* Skip to the checkpoint: 1 when its last line is where it says, 0 when
 * not (the reader is then somewhere before or at it), -1 on an error. */
static int rd_skip(loader *L, reader *r, const cpoint *cp)
{
    long long line_start = cp->bytes - cp->last_len;
    while (r->base + (long long)(r->end - r->start) < line_start) {
        r->base += (long long)(r->end - r->start);
        r->start = r->end;
        if (rd_fill(L, r) <= 0)
            return r->err ? -1 : 0;
    }
    r->start += (size_t)(line_start - r->base);
    r->base = line_start;
    while ((long long)(r->end - r->start) < cp->last_len)
        if (rd_fill(L, r) <= 0)
            return r->err ? -1 : 0;
    if (as_int64(idx_hash(0, r->buf + r->start, (size_t)cp->last_len)) != cp->last_hash)
        return 0;
    r->start += (size_t)cp->last_len;
    r->base = cp->bytes;
    return 1;
}

static int on_record(void *user, const maillog_record *rec)
{
    loader *L = user;
    int rc;
    if ((maillog_record_flags(rec) & MAILLOG_REC_UNPARSED) && L->w.file_id &&
        idx_store_unparsed(&L->w, rec) != 0)
        return 1;
    rc = maillog_corr_add(L->c, rec);
    if (rc < 0)
        fprintf(stderr, "%s: %s\n", L->o->prog, maillog_strerror(rc));
    return rc < 0 || L->w.failed;
}

/* Give complete lines to the parser; the checkpoint follows the last. */
static int feed(loader *L, cpoint *cp, const char *p, size_t n)
{
    const char *q = p, *end = p + n, *last = p;
    while ((q = memchr(q, '\n', (size_t)(end - q))) != NULL) {
        cp->lines++;
        L->fed_lines++;
        if (++q < end)
            last = q;
    }
    cp->bytes += (long long)n;
    cp->last_len = (long long)(end - last);
    cp->last_hash = as_int64(idx_hash(0, last, (size_t)(end - last)));
    return maillog_parser_feed(L->p, p, n, NULL) == MAILLOG_OK && !L->w.failed ? 0 : -1;
}

/* Before the first resumed file: the lines of the label's incomplete
 * messages.  0 or -1. */
static int replay(loader *L)
{
    idx_val v[2];
    int64_t newest = 0;
    char *all = NULL;
    size_t len = 0, cap = 0, n;
    const char *s;
    int rc, have = 0;
    v[0].type = IDX_TEXT, v[0].s = L->w.label, v[0].n = strlen(L->w.label);
    if (idx_db_run(L->w.db, ST_LAST_TIME, v, 1, NULL) != 0)
        return idx_fail(&L->w, "replay");
    while ((rc = idx_db_next(L->w.db, ST_LAST_TIME)) == 1)
        have = idx_db_int(L->w.db, ST_LAST_TIME, 0, &newest);
    if (rc < 0)
        return idx_fail(&L->w, "replay");
    if (!have)
        return 0;
    v[1].type = IDX_INT, v[1].i = newest - REPLAY_WINDOW;
    if (idx_db_run(L->w.db, ST_REPLAY, v, 2, NULL) != 0)
        return idx_fail(&L->w, "replay");
    while ((rc = idx_db_next(L->w.db, ST_REPLAY)) == 1) {
        if (!(s = idx_db_text(L->w.db, ST_REPLAY, 0, &n)))
            continue;
        if (len + n > cap) {
            char *bigger = realloc(all, (len + n) * 2);
            if (!bigger) {
                free(all);
                fprintf(stderr, "%s: out of memory\n", L->o->prog);
                return -1;
            }
            all = bigger;
            cap = (len + n) * 2;
        }
        memcpy(all + len, s, n);
        len += n;
        L->w.st->replayed++;
    }
    if (rc < 0) {
        free(all);
        return idx_fail(&L->w, "replay");
    }
    L->w.file_id = 0; /* these lines are parsed already: none is unparsed */
    L->w.replayed = 1;
    for (n = 0; n < len; n++) /* the records' line numbers count these lines too */
        L->fed_lines += all[n] == '\n';
    rc = len && maillog_parser_feed(L->p, all, len, NULL) != MAILLOG_OK ? -1 : 0;
    free(all);
    return rc;
}

/* The checkpoint of a file: 1 found, 0 none, -1 error. */
static int cp_get(loader *L, cpoint *cp)
{
    idx_val v[2];
    int rc, found = 0;
    v[0].type = IDX_TEXT, v[0].s = L->w.label, v[0].n = strlen(L->w.label);
    v[1].type = IDX_INT, v[1].i = cp->file_id;
    if (idx_db_run(L->w.db, ST_CP_GET, v, 2, NULL) != 0)
        return idx_fail(&L->w, "checkpoints");
    while ((rc = idx_db_next(L->w.db, ST_CP_GET)) == 1) {
        int64_t x[4] = {0, 0, 0, 0};
        int k;
        for (k = 0; k < 4; k++)
            idx_db_int(L->w.db, ST_CP_GET, k, &x[k]);
        cp->bytes = x[0], cp->lines = x[1], cp->last_len = x[2], cp->last_hash = x[3];
        found = 1;
    }
    return rc < 0 ? idx_fail(&L->w, "checkpoints") : found;
}

static int cp_put(loader *L, const cpoint *cp)
{
    idx_val v[8];
    int k;
    v[0].type = IDX_TEXT, v[0].s = L->w.label, v[0].n = strlen(L->w.label);
    v[1].i = cp->file_id;
    v[2].type = IDX_TEXT, v[2].s = cp->name, v[2].n = strlen(cp->name);
    v[3].i = cp->bytes, v[4].i = cp->lines, v[5].i = cp->last_len, v[6].i = cp->last_hash;
    v[7].i = (int64_t)time(NULL);
    for (k = 1; k < 8; k++)
        if (k != 2)
            v[k].type = IDX_INT;
    return idx_db_run(L->w.db, ST_CP_PUT, v, 8, NULL) == 0 ? 0 : idx_fail(&L->w, "checkpoints");
}

/* Index one file: 0, 1 read error, 2 refused or database error. */
/* A file's identity, which survives its rotation (a rename): the hash of
 * its first line, the first len bytes of the buffer.  A file that starts
 * with a header block (Exchange, W3C: '#' lines, written when the file is
 * created) is named by the whole block, since every file of such a log
 * has the same first line. */
static int64_t file_ident(loader *L, reader *r, size_t len)
{
    const char *nl;
    while (len < (64u << 10) && r->buf[r->start + len - 1] == '\n') {
        while (!(nl = memchr(r->buf + r->start + len, '\n', r->end - r->start - len)) &&
               !r->eof && !r->err)
            if (rd_fill(L, r) < 0)
                break;
        if (!nl || r->buf[r->start + len] != '#')
            break;
        len = (size_t)(nl - (r->buf + r->start)) + 1;
    }
    return as_int64(idx_hash(0, r->buf + r->start, len));
}

static int load_file(loader *L, const char *name, cpoint *cp, int *replayed)
{
    reader r;
    char err[256];
    const char *nl;
    int rc = 0, again, fresh = 0;
    long long lines0;
    memset(&r, 0, sizeof r);
    do {
        again = 0;
        if (tool_open(&r.in, name, L->o->text ? TOOL_IN_TEXT : 0, err, sizeof err) != 0) {
            fprintf(stderr, "%s: %s: %s\n", L->o->prog, name, err);
            free(r.buf);
            return 2;
        }
        if (!r.buf && !(r.buf = malloc(r.cap = 1 << 20))) {
            tool_close(&r.in);
            return 2;
        }
        r.start = r.end = 0, r.base = 0, r.eof = r.err = 0;
        memset(cp, 0, sizeof *cp);
        cp->name = name;
        /* the first line names the file */
        while (!(nl = memchr(r.buf + r.start, '\n', r.end - r.start)) && !r.eof && !r.err)
            rd_fill(L, &r);
        if (!nl) { /* nothing complete to index yet */
            rc = r.err;
            break;
        }
        cp->file_id = file_ident(L, &r, (size_t)(nl - r.buf) + 1);
        /* each file is a stream of its own, as the tools read it (-j) */
        maillog_parser_reset(L->p);
        if (!L->o->have_ref)
            maillog_parser_set_option(L->p, MAILLOG_OPT_REFERENCE_TIME,
                                      r.in.mtime >= 0 ? (int64_t)r.in.mtime : (int64_t)time(NULL));
        /* a file found changed is read from its start, whatever the
         * checkpoint of its name says: looking again would loop */
        if ((rc = fresh ? 0 : cp_get(L, cp)) < 0)
            break;
        if (rc == 1 && cp->bytes > 0) {
            long long lines = cp->lines;
            cpoint want = *cp;
            if ((rc = rd_skip(L, &r, &want)) < 0)
                break;
            if (rc == 0 && strcmp(name, "-") != 0) { /* changed: from its start */
                fprintf(stderr, "%s: %s: no longer what was indexed; read from its start\n",
                        L->o->prog, name);
                tool_close(&r.in);
                again = fresh = 1;
                continue;
            }
            if (rc == 0)
                fprintf(stderr, "%s: standard input differs from what was indexed at byte %lld;"
                                " read on from there\n", L->o->prog, r.base);
            L->w.st->skipped_bytes += (unsigned long long)r.base;
            L->w.st->resumed++;
            if (!*replayed) {
                *replayed = 1;
                if (replay(L) != 0)
                    return tool_close(&r.in), free(r.buf), 2;
            }
            cp->bytes = r.base, cp->lines = lines;
        } else {
            memset(cp, 0, sizeof *cp);
            cp->name = name;
            cp->file_id = file_ident(L, &r, (size_t)(nl - r.buf) + 1);
        }
        rc = 0;
    } while (again);
    lines0 = cp->lines;
    if (cp->file_id) {
        L->w.file_id = cp->file_id;
        L->w.line_base = L->fed_lines - cp->lines;
        for (;;) {
            const char *q = r.buf + r.end; /* the end of the last complete line */
            while (q > r.buf + r.start && q[-1] != '\n')
                q--;
            if (q > r.buf + r.start) {
                size_t n = (size_t)(q - (r.buf + r.start));
                if (feed(L, cp, r.buf + r.start, n) != 0) {
                    rc = 2;
                    break;
                }
                r.start += n;
                r.base += (long long)n;
            }
            if (r.eof || r.err || rd_fill(L, &r) <= 0)
                break;
        }
        /* a last line without its newline: a plain file's is being written
         * (the next run reads it whole); a stream's or a compressed file's
         * is the end */
        if (rc == 0 && !r.err && r.end > r.start && (r.in.kind != TOOL_PLAIN ||
                                                    strcmp(name, "-") == 0)) {
            if (maillog_parser_feed(L->p, r.buf + r.start, r.end - r.start, NULL) != MAILLOG_OK)
                rc = 2;
            L->fed_lines++;
        }
        if (rc == 0 && r.err)
            rc = 1;
    }
    if (maillog_parser_finish(L->p) != MAILLOG_OK || L->w.failed)
        rc = 2;
    L->w.st->lines += (unsigned long long)(cp->lines - lines0);
    tool_close(&r.in);
    free(r.buf);
    return rc;
}

int idx_load(tool_opts *o, idx_db *db, const char *label, long batch, const char **files,
             int nfiles, idx_stats *st)
{
    loader L;
    cpoint *cps = calloc((size_t)nfiles + 1, sizeof *cps);
    int i, rc = 0, status = 0, replayed = 0;
    memset(&L, 0, sizeof L);
    memset(st, 0, sizeof *st);
    L.o = o;
    L.w.db = db;
    L.w.label = label;
    L.w.st = st;
    L.w.batch = batch;
    tool_sort_rotated(files, nfiles);
    if (!cps || !(L.p = tool_parser(o, on_record, &L)) || maillog_corr_new(NULL, &L.c) != 0) {
        fprintf(stderr, "%s: out of memory\n", o->prog);
        maillog_parser_free(L.p);
        free(cps);
        return 2;
    }
    maillog_corr_set_limit(L.c, MAILLOG_CORR_KEEP_LINES, 1);
    maillog_corr_set_callbacks(L.c, idx_store_message, idx_store_session, &L.w);
    if (idx_db_exec(db, "BEGIN") != 0) {
        idx_fail(&L.w, "begin");
        status = 2;
    }
    for (i = 0; i < nfiles && status != 2; i++) {
        rc = load_file(&L, files[i], &cps[i], &replayed);
        if (rc > status)
            status = rc;
    }
    if (status != 2 && maillog_corr_finish(L.c) < 0)
        status = 2;
    for (i = 0; i < nfiles && status != 2 && !L.w.failed; i++)
        if (cps[i].file_id && cp_put(&L, &cps[i]) != 0)
            status = 2;
    if (L.w.failed)
        status = 2;
    if (status == 2)
        idx_db_exec(db, "ROLLBACK");
    else if (idx_db_exec(db, "COMMIT") != 0) {
        idx_fail(&L.w, "commit");
        status = 2;
    }
    maillog_corr_free(L.c);
    maillog_parser_free(L.p);
    free(L.w.scratch);
    free(cps);
    return status;
}
