/* follow.h -- maillog-exporter's sources: one log file followed like
 * tail -F (rotation by rename and by copytruncate), with a parser and a
 * correlator of its own, fed whole lines only, so that its position is
 * always at a line boundary and can be written to the state file. */
#ifndef MAILLOG_EXPORTER_FOLLOW_H
#define MAILLOG_EXPORTER_FOLLOW_H

#include <maillog.h>
#include <maillog_correlate.h>

#include <stdint.h>

#include "../tool/run.h"
#include "metrics.h"

/* Bytes of a line's end that its hash covers (the state file's check). */
#define EX_HASH_TAIL 4096

typedef struct ex_source {
    const char *path;
    int fd;             /* -1 while the file is absent */
    int compressed;     /* a compressed (rotated) file was named: skipped */
    long long ino, dev; /* identity of the open file */
    long long off;      /* bytes fed up to the end of the last whole line */
    long long pos;      /* bytes fed (past off only in a line longer than the buffer) */
    uint64_t hash;      /* of the line that ends at off; 0 at offset 0 */
    char *buf;          /* bytes read and not yet fed: a line's start */
    size_t blen;
    maillog_parser *p;
    maillog_corr *c;
    int64_t ref; /* the parser's reference time for year-less stamps */
    /* messages and sessions emitted since the correlator started (the
     * file's start): a restart reads the file again from there, and the
     * first skip_* of them were counted before it */
    uint64_t msgs, sessions, skip_msgs, skip_sessions;
    int replay; /* 1: records were counted before the restart */
    int at_eof; /* the last read found the end of the file */
    ex_metrics *m;
    const tool_opts *o;
} ex_source;

/* Parser, correlator and buffer; the file is opened by ex_source_open. */
int ex_source_init(ex_source *s, const char *path, tool_opts *o, ex_metrics *m);
void ex_source_free(ex_source *s);

/* Open the file (1), find it absent (0, not an error when following), or
 * fail (-1, printed). */
int ex_source_open(ex_source *s);

/* Read and feed what the file holds now, up to limit bytes of position
 * (-1: no limit); the bytes read, 0 at its end, -1 on a read error. */
long ex_source_pump(ex_source *s, long long limit);

/* When the file was renamed away or truncated: read the rest of the old
 * one, emit every open message (the next file starts the correlator
 * afresh, as a restart will read it) and start on the new one.  1 when it
 * switched. */
int ex_source_rotate(ex_source *s);

/* End of input: the parser's held lines and every open message and
 * session are emitted, and counted. */
void ex_source_finish(ex_source *s);

/* After a restart: the file must be the same (inode) and hold the line
 * whose hash was saved, ending at off.  Then it is read again from its
 * start to off, its records not counted again and its first msgs and
 * sessions emissions skipped, which rebuilds the correlator's state.  0 on
 * success; -1 when the file is another one (the caller starts it afresh). */
int ex_source_resume(ex_source *s, long long ino, long long off, uint64_t hash, uint64_t msgs,
                     uint64_t sessions, int64_t ref);

/* FNV-1a of the last EX_HASH_TAIL bytes of a line. */
uint64_t ex_line_hash(const char *line, size_t n);

#endif
