/* parallel.c -- many files read on every core (parallel.h).
 *
 * A serial run reads the files one after the other, each as its own stream
 * (tool_run resets the parser between files), so the correlator sees file 1's
 * records, then file 2's...  Here each worker thread takes the next file not
 * yet taken, reads, decompresses and parses it with a parser of its own, and
 * copies each record and its line into a batch (maillog_record_copy, into
 * records placed in the batch once); the calling thread gives the batches'
 * records to the tool's callback where they lie, file after file, in the
 * order given, so the callback sees the same records in the same order: the
 * output is byte for byte the serial run's.  The workers' parsers look up
 * each failure's reason (MAILLOG_OPT_REASON), and count what the tool
 * counts of each record alone into a tally of the file's own (run.h's
 * file hooks), added to the tool's after the file's records: the calling
 * thread, the one the others wait for, does neither.
 *
 * A copy into a placed record costs less than maillog_record_pack and its
 * unpack together, and the calling thread reads the record where the
 * worker left it: callgrind counted the whole hand-off at about 290
 * instructions a record instead of 630 (docs/PERFORMANCE.md).
 *
 * Memory stays bounded: a file holds at most PAR_QUEUE batches not yet
 * consumed (its worker waits), and at most o->threads files are open.  Files
 * are taken in order, so the file the calling thread waits for has always
 * been taken by a worker that can go on. */
#include "parallel.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "input.h"

#define PAR_RECS 128          /* records in a batch: 124 KB of structs, of
                                 which a copy writes about half */
#define PAR_TEXT (64u << 10) /* their lines' bytes, unless a line is longer */
#define PAR_QUEUE 8           /* batches of a file not yet consumed */
/* A thread that waits for batches, or for room, is woken when PAR_WAKE of
 * them are there, or free, rather than for each: a wake-up costs more than
 * a batch's copy on a virtual machine. */
#define PAR_WAKE 4

typedef struct par_batch {
    struct par_batch *next;
    unsigned nrec;
    size_t text_len, text_cap;
    char *text;
    unsigned char *mem;              /* PAR_RECS records, placed once */
    maillog_record *rec[PAR_RECS];
    char err[320];                   /* "FILE: why", printed before the records */
    int end;                         /* the file's last batch */
    int rc;                          /* with end: 0, or -1 after a read error */
    int refused;                     /* with end: the file could not be opened */
    uint64_t ctr[MAILLOG_CTR_COUNT]; /* with end: the file's counters */
    /* with end: the file's parser, freed once its records are consumed,
     * since a record may read its stream state (a header's column names) */
    maillog_parser *parser;
    void *tally; /* with end: the file's (run.h's file hooks), or NULL */
} par_batch;

typedef struct par_file {
    par_batch *head, *tail;
    int queued;
    int lost; /* its worker gave it up (out of memory) without an end batch */
    unsigned long pushed, done; /* batches queued, and given to the callback */
    pthread_cond_t cv;          /* its worker's: room, batches consumed, stop */
    int waits;                  /* its worker waits on cv */
} par_file;

typedef struct par {
    tool_opts *o;
    int hooks; /* the tool's file hooks are used */
    const char **files;
    int nfiles;
    size_t rsize;        /* maillog_record_sizeof() */
    pthread_mutex_t mu;
    /* Threads are woken only when one waits for what changed */
    pthread_cond_t main_cv;   /* the calling thread's: batches, an end or a loss */
    int main_waits;           /* the file it waits for, or -1 */
    int next;          /* the next file no worker has taken */
    int stop;          /* the calling thread needs no more */
    par_file *f;
    par_batch *pool;   /* consumed batches, for reuse */
} par;

typedef struct par_worker {
    par *pa;
    pthread_t th;
    int file;
    par_batch *cur;
    maillog_parser *p; /* the file's: a new one for each */
    void *tally;       /* the file's, with pa->hooks */
    int bol;           /* the bytes fed so far end a line (or a byte order mark) */
    char *buf;         /* TOOL_READ_SIZE decoded bytes, for every file */
    tool_zone zone;    /* --timezone's cache: a worker's own */
} par_worker;

/* A file's tally that will not be added to the tool's. */
static void par_drop_tally(par *pa, void **tally)
{
    if (*tally)
        pa->o->file_done(pa->o->file_user, *tally, 0);
    *tally = NULL;
}

static void par_batch_free(par *pa, par_batch *b)
{
    if (b) {
        par_drop_tally(pa, &b->tally);
        maillog_parser_free(b->parser);
        free(b->text);
        free(b->mem);
        free(b);
    }
}

/* A batch from the pool, or a new one with its records placed once. */
static par_batch *par_batch_get(par *pa)
{
    par_batch *b;
    pthread_mutex_lock(&pa->mu);
    if ((b = pa->pool) != NULL)
        pa->pool = b->next;
    pthread_mutex_unlock(&pa->mu);
    if (!b) {
        unsigned k;
        if (!(b = calloc(1, sizeof *b)) || !(b->mem = malloc(pa->rsize * PAR_RECS)) ||
            !(b->text = malloc(PAR_TEXT))) {
            par_batch_free(pa, b);
            return NULL;
        }
        for (k = 0; k < PAR_RECS; k++) /* malloc's memory is aligned for any record */
            maillog_record_init(b->mem + k * pa->rsize, pa->rsize, &b->rec[k]);
        b->text_cap = PAR_TEXT;
    }
    b->next = NULL;
    b->nrec = 0;
    b->text_len = 0;
    b->err[0] = 0;
    b->end = b->rc = b->refused = 0;
    b->parser = NULL;
    b->tally = NULL;
    memset(b->ctr, 0, sizeof b->ctr);
    return b;
}

/* A worker waits on its file's cv, pa->mu held. */
static void par_worker_wait(par *pa, par_file *f)
{
    f->waits = 1;
    pthread_cond_wait(&f->cv, &pa->mu);
    f->waits = 0;
}

/* Wake the calling thread if it waits for file i, pa->mu held. */
static void par_wake_main(par *pa, int i)
{
    if (pa->main_waits == i)
        pthread_cond_signal(&pa->main_cv);
}

/* Queue w's batch for the calling thread, waiting while its file has
 * PAR_QUEUE queued; then a fresh one.  -1 when the run is being stopped or
 * memory ran out (w->cur NULL then). */
static int par_push(par_worker *w)
{
    par *pa = w->pa;
    par_file *f = &pa->f[w->file];
    int stop;
    pthread_mutex_lock(&pa->mu);
    while (f->queued >= PAR_QUEUE && !pa->stop)
        par_worker_wait(pa, f);
    if (!(stop = pa->stop)) {
        if (f->tail)
            f->tail->next = w->cur;
        else
            f->head = w->cur;
        f->tail = w->cur;
        f->queued++;
        f->pushed++;
        if (f->queued >= PAR_WAKE || w->cur->end)
            par_wake_main(pa, w->file);
    }
    pthread_mutex_unlock(&pa->mu);
    if (stop) {
        par_batch_free(w->pa, w->cur);
        w->cur = NULL;
        return -1;
    }
    w->cur = par_batch_get(pa);
    return w->cur ? 0 : -1;
}

/* The worker's parser callback: the record and its line copied into the
 * batch. */
static int par_on_record(void *user, const maillog_record *rec)
{
    par_worker *w = user;
    par_batch *b = w->cur;
    size_t len;
    maillog_record_line(rec, &len);
    if (b->nrec == PAR_RECS || b->text_cap - b->text_len < len) {
        if (b->nrec > 0 && par_push(w) != 0)
            return 1;
        b = w->cur;
        if (b->text_cap < len) { /* a line longer than a batch: this batch's own */
            char *t = realloc(b->text, len);
            if (!t) { /* the file is lost, and said to be, not cut short */
                par_batch_free(w->pa, w->cur);
                w->cur = NULL;
                return 1;
            }
            b->text = t;
            b->text_cap = len;
        }
    }
    if (w->tally)
        w->pa->o->file_count(w->tally, rec);
    maillog_record_copy(b->rec[b->nrec], rec, b->text + b->text_len);
    b->nrec++;
    b->text_len += len;
    return 0;
}

/* Queue w's batch and wait until the callback has had every record of the
 * file so far.  -1 when the run is being stopped. */
static int par_sync(par_worker *w)
{
    par *pa = w->pa;
    par_file *f = &pa->f[w->file];
    int stop;
    if (w->cur->nrec > 0 && par_push(w) != 0)
        return -1;
    pthread_mutex_lock(&pa->mu);
    if (f->done != f->pushed)
        par_wake_main(pa, w->file); /* it may wait for PAR_WAKE batches */
    while (f->done != f->pushed && !pa->stop)
        par_worker_wait(pa, f);
    stop = pa->stop;
    pthread_mutex_unlock(&pa->mu);
    return stop ? -1 : 0;
}

/* Feed n bytes to w's parser.  A line that starts with '#' (after a byte
 * order mark, maybe) may be a header that changes the stream's columns
 * (Exchange's "#Fields:"), which records already parsed read their
 * attributes by: the records before it are given to the callback first.
 * Logs without such lines pay a memchr.  0, or -1 when stopped. */
static int par_feed(par_worker *w, const char *buf, size_t n)
{
    size_t from = 0, at = 0;
    const char *h;
    while (at < n && (h = memchr(buf + at, '#', n - at)) != NULL) {
        size_t i = (size_t)(h - buf);
        at = i + 1;
        if (i > 0 ? buf[i - 1] != '\n' && buf[i - 1] != '\xBF' : !w->bol)
            continue;
        if (i > from && maillog_parser_feed(w->p, buf + from, i - from, NULL) != MAILLOG_OK)
            return -1;
        from = i;
        if (par_sync(w) != 0)
            return -1;
    }
    if (n > 0)
        w->bol = buf[n - 1] == '\n' || buf[n - 1] == '\xBF';
    return from < n && maillog_parser_feed(w->p, buf + from, n - from, NULL) != MAILLOG_OK ? -1 : 0;
}

/* w's file will have no end batch (the run is stopped, or memory ran out):
 * the calling thread must not wait for one. */
static void par_lost(par_worker *w)
{
    pthread_mutex_lock(&w->pa->mu);
    w->pa->f[w->file].lost = 1;
    par_wake_main(w->pa, w->file);
    pthread_mutex_unlock(&w->pa->mu);
}

/* Read, decompress and parse one file into batches, the last one marked. */
static void par_read_file(par_worker *w)
{
    const tool_opts *o = w->pa->o;
    const char *name = w->pa->files[w->file];
    static const int ctrs[] = {MAILLOG_CTR_LINES, MAILLOG_CTR_PARSED, MAILLOG_CTR_UNPARSED,
                               MAILLOG_CTR_TRUNCATED, MAILLOG_CTR_BYTES};
    char err[256];
    tool_in in;
    long n = 0;
    size_t k;
    int ended = 0;
    if (!(w->cur = par_batch_get(w->pa))) {
        par_lost(w);
        return;
    }
    if (tool_open(&in, name, o->text ? TOOL_IN_TEXT : 0, err, sizeof err) != 0) {
        snprintf(w->cur->err, sizeof w->cur->err, "%s: %s", name, err);
        w->cur->end = w->cur->refused = 1;
        if (par_push(w) != 0)
            par_lost(w);
        par_batch_free(w->pa, w->cur);
        w->cur = NULL;
        return;
    }
    if (!(w->p = tool_parser_new(o)) ||
        (w->pa->hooks && !(w->tally = o->file_new(o->file_user)))) {
        maillog_parser_free(w->p);
        w->p = NULL;
        tool_close(&in);
        par_batch_free(w->pa, w->cur);
        w->cur = NULL;
        par_lost(w);
        return;
    }
    maillog_parser_set_callback(w->p, par_on_record, w);
    maillog_parser_set_option(w->p, MAILLOG_OPT_REASON, 1);
    if (o->zone.name) {
        w->zone = o->zone;
        w->zone.have = 0;
        maillog_parser_set_zone(w->p, tool_zone_offset, &w->zone);
    }
    tool_parser_file(o, w->p, &in);
    w->bol = 1;
    while ((n = tool_read(&in, w->buf, TOOL_READ_SIZE, err, sizeof err)) > 0)
        if (par_feed(w, w->buf, (size_t)n) != 0) {
            n = 0;
            break; /* stopped */
        }
    if (w->cur && n < 0) { /* the records before the error, then the message */
        if (w->cur->nrec == 0 || par_push(w) == 0)
            snprintf(w->cur->err, sizeof w->cur->err, "%s: %s", in.name, err);
    }
    if (w->cur && maillog_parser_finish(w->p) == MAILLOG_OK && w->cur) {
        w->cur->end = 1;
        w->cur->rc = n < 0 ? -1 : 0;
        for (k = 0; k < sizeof ctrs / sizeof ctrs[0]; k++)
            maillog_parser_counter(w->p, ctrs[k], &w->cur->ctr[ctrs[k]]);
        w->cur->parser = w->p; /* the batch's now */
        w->p = NULL;
        w->cur->tally = w->tally;
        w->tally = NULL;
        if (par_push(w) == 0)
            ended = 1;
    }
    maillog_parser_free(w->p);
    w->p = NULL;
    par_drop_tally(w->pa, &w->tally);
    par_batch_free(w->pa, w->cur);
    w->cur = NULL;
    tool_close(&in);
    if (!ended)
        par_lost(w);
}

static void *par_main(void *arg)
{
    par_worker *w = arg;
    par *pa = w->pa;
    for (;;) {
        pthread_mutex_lock(&pa->mu);
        w->file = pa->stop || pa->next >= pa->nfiles ? -1 : pa->next++;
        pthread_mutex_unlock(&pa->mu);
        if (w->file < 0)
            return NULL;
        par_read_file(w);
    }
}

/* The next batch of file i, waiting for it; NULL when it will never come. */
static par_batch *par_pop(par *pa, int i)
{
    par_file *f = &pa->f[i];
    par_batch *b;
    pthread_mutex_lock(&pa->mu);
    pa->main_waits = i;
    while (!f->head && !f->lost)
        pthread_cond_wait(&pa->main_cv, &pa->mu);
    pa->main_waits = -1;
    if (!(b = f->head)) {
        pthread_mutex_unlock(&pa->mu);
        return NULL;
    }
    if (!(f->head = b->next))
        f->tail = NULL;
    f->queued--;
    if (f->waits && f->queued <= PAR_QUEUE - PAR_WAKE)
        pthread_cond_signal(&f->cv);
    pthread_mutex_unlock(&pa->mu);
    return b;
}

/* Batch b of file i was given to the callback: back to the pool. */
static void par_release(par *pa, int i, par_batch *b)
{
    maillog_parser_free(b->parser);
    b->parser = NULL;
    par_drop_tally(pa, &b->tally);
    pthread_mutex_lock(&pa->mu);
    pa->f[i].done++;
    if (pa->f[i].waits && pa->f[i].done == pa->f[i].pushed)
        pthread_cond_signal(&pa->f[i].cv);
    b->next = pa->pool;
    pa->pool = b;
    pthread_mutex_unlock(&pa->mu);
}

/* Give the files' batches to the callback in order: like tool_run.  A
 * file's tally is added once all its records were given (a run stopped
 * by the callback adds none of the file it stopped in). */
static int par_consume(par *pa)
{
    tool_opts *o = pa->o;
    maillog_record_cb cb = pa->hooks ? o->rest_cb : o->run_cb;
    int i, status = 0, stopped = 0;
    for (i = 0; i < pa->nfiles && !stopped; i++) {
        for (;;) {
            par_batch *b = par_pop(pa, i);
            unsigned k;
            int end;
            if (!b) {
                fprintf(stderr, "%s: %s: out of memory\n", o->prog, pa->files[i]);
                status = 1;
                stopped = 1;
                break;
            }
            end = b->end;
            if (b->err[0])
                fprintf(stderr, "%s: %s\n", o->prog, b->err);
            if (b->refused) {
                status = 2;
                stopped = 1;
            }
            for (k = 0; k < b->nrec && !stopped; k++)
                if (cb(o->run_user, b->rec[k]))
                    stopped = 1;
            if (end && b->tally && !stopped) {
                o->file_done(o->file_user, b->tally, 1);
                b->tally = NULL;
            }
            if (end) {
                for (k = 0; k < MAILLOG_CTR_COUNT; k++)
                    o->ctr[k] += b->ctr[k];
                if (b->rc < 0)
                    status = status ? status : 1;
            }
            par_release(pa, i, b);
            if (end || stopped)
                break;
        }
    }
    return status == 2 ? 2 : status || stopped;
}

int tool_run_parallel(tool_opts *o, const char **files, int nfiles)
{
    par pa;
    par_worker *w;
    int i, nw = o->threads < nfiles ? (int)o->threads : nfiles, started = 0, status;
    memset(&pa, 0, sizeof pa);
    pa.o = o;
    pa.hooks = o->file_new && o->file_count && o->file_done && o->rest_cb && !tool_windowed(o);
    pa.files = files;
    pa.nfiles = nfiles;
    pa.rsize = maillog_record_sizeof();
    if (!(pa.f = calloc((size_t)nfiles, sizeof *pa.f)) || !(w = calloc((size_t)nw, sizeof *w))) {
        free(pa.f);
        return -1;
    }
    pthread_mutex_init(&pa.mu, NULL);
    pthread_cond_init(&pa.main_cv, NULL);
    for (i = 0; i < nfiles; i++)
        pthread_cond_init(&pa.f[i].cv, NULL);
    pa.main_waits = -1;
    for (i = 0; i < nw; i++) {
        w[i].pa = &pa;
        if (!(w[i].buf = malloc(TOOL_READ_SIZE)))
            break;
        if (pthread_create(&w[i].th, NULL, par_main, &w[i]) != 0) {
            free(w[i].buf);
            break;
        }
        started++;
    }
    if (started == 0) {
        status = -1;
    } else {
        status = par_consume(&pa);
        pthread_mutex_lock(&pa.mu);
        pa.stop = 1;
        for (i = 0; i < nfiles; i++)
            pthread_cond_signal(&pa.f[i].cv);
        pthread_mutex_unlock(&pa.mu);
    }
    for (i = 0; i < started; i++) {
        pthread_join(w[i].th, NULL);
        free(w[i].buf);
    }
    for (i = 0; i < nfiles; i++)
        while (pa.f[i].head) {
            par_batch *b = pa.f[i].head;
            pa.f[i].head = b->next;
            par_batch_free(&pa, b);
        }
    while (pa.pool) {
        par_batch *b = pa.pool;
        pa.pool = b->next;
        par_batch_free(&pa, b);
    }
    pthread_cond_destroy(&pa.main_cv);
    for (i = 0; i < nfiles; i++)
        pthread_cond_destroy(&pa.f[i].cv);
    pthread_mutex_destroy(&pa.mu);
    free(pa.f);
    free(w);
    return status;
}
