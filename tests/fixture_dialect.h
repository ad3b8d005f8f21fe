/* fixture_dialect.h -- a dialect known only to the tests and the fuzz
 * harness, reading files whose "#Fields:" header lines declare their
 * space-separated columns: it proves the dialect interface's per-stream
 * state and header claims without being built into the library. */
#ifndef MAILLOG_FIXTURE_DIALECT_H
#define MAILLOG_FIXTURE_DIALECT_H

#include "mta/dialect.h"

#define TCOLS 8
typedef struct tstate {
    int32_t ncol;
    int32_t col[TCOLS]; /* MAILLOG_F_* of each column, -1: skipped */
    int32_t headers;    /* "#Fields:" lines read */
} tstate;

/* The built-in dialects and the test one after them; its table slot. */
const ml_dialect *const *fixture_tab(void);
int32_t fixture_slot(void);
#define fixture_table (fixture_tab())
#define FIXTURE_SLOT (fixture_slot())

/* A parser over fixture_table, in memory of its own: free() it. */
maillog_parser *fixture_parser(uint32_t max_line);

#endif
