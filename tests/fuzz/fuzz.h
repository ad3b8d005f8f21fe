/* fuzz.h -- shared by the fuzz harnesses: an abort-on-failure check (so
 * libFuzzer and AFL++ see a crash) and the JSON validator. */
#ifndef MAILLOG_FUZZ_H
#define MAILLOG_FUZZ_H

#include <maillog.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int json_valid(const char *s, size_t len);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                       \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__,   \
                    #cond);                                                    \
            abort();                                                           \
        }                                                                      \
    } while (0)

/* JSON of a record through a size query, checked valid; caller frees. */
static inline char *fuzz_json(const maillog_record *r, size_t *len)
{
    size_t need = 0;
    char *buf;
    FUZZ_CHECK(maillog_record_to_json(r, NULL, 0, &need) == MAILLOG_E_NOSPC);
    buf = malloc(need + 1);
    FUZZ_CHECK(buf != NULL);
    FUZZ_CHECK(maillog_record_to_json(r, buf, need + 1, len) == MAILLOG_OK);
    FUZZ_CHECK(*len == need && strlen(buf) == need);
    FUZZ_CHECK(json_valid(buf, need));
    return buf;
}

#endif
