/* state.c -- maillog-exporter's state file (state.h).  A text file:
 *
 *   maillog-exporter-state 1
 *   source INODE DEVICE OFFSET HASH MESSAGES SESSIONS REFTIME PATH
 *   set SET MTA HOST INSTANCE    (host and instance %-encoded; "-" empty)
 *   v SET SLOT VALUE             (the non-zero counters of set number SET)
 *   evicted N
 */
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EX_STATE_MAGIC "maillog-exporter-state 1"

static void ex_enc(FILE *f, const char *s, size_t n)
{
    size_t i;
    if (n == 0)
        fputc('-', f);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c <= ' ' || c >= 0x7f || c == '%' || (i == 0 && n == 1 && c == '-'))
            fprintf(f, "%%%02x", c);
        else
            fputc(c, f);
    }
}

/* Decode in place; the length. */
static size_t ex_dec(char *s)
{
    size_t i, o = 0;
    unsigned v;
    if (strcmp(s, "-") == 0)
        return 0;
    for (i = 0; s[i]; i++) {
        if (s[i] == '%' && s[i + 1] && s[i + 2] && sscanf(s + i + 1, "%2x", &v) == 1) {
            s[o++] = (char)v;
            i += 2;
        } else {
            s[o++] = s[i];
        }
    }
    s[o] = 0;
    return o;
}

int ex_state_save(const char *path, const ex_metrics *m, ex_source *src, int n)
{
    size_t len = strlen(path), i, k;
    char *tmp = malloc(len + 5);
    FILE *f;
    int i2, ok;
    if (!tmp)
        return -1;
    memcpy(tmp, path, len);
    memcpy(tmp + len, ".tmp", 5);
    if (!(f = fopen(tmp, "w"))) {
        fprintf(stderr, "maillog-exporter: %s: %s\n", tmp, strerror(errno));
        free(tmp);
        return -1;
    }
    fprintf(f, "%s\n", EX_STATE_MAGIC);
    for (i2 = 0; i2 < n; i2++)
        if (src[i2].fd >= 0)
            fprintf(f, "source %lld %lld %lld %llu %llu %llu %lld %s\n", src[i2].ino, src[i2].dev,
                    src[i2].off, (unsigned long long)src[i2].hash,
                    (unsigned long long)src[i2].msgs, (unsigned long long)src[i2].sessions,
                    (long long)src[i2].ref, src[i2].path);
    for (i = 0; i <= EX_MAX_SETS; i++) {
        const ex_set *s = &m->sets[i];
        if (i >= m->nsets && i < EX_MAX_SETS)
            continue;
        fprintf(f, "set %zu %s ", i, s->mta);
        ex_enc(f, s->host, s->hlen);
        fputc(' ', f);
        ex_enc(f, s->instance, s->ilen);
        fputc('\n', f);
        for (k = 0; k < S_COUNT; k++)
            if (s->v[k])
                fprintf(f, "v %zu %zu %llu\n", i, k, (unsigned long long)s->v[k]);
    }
    fprintf(f, "evicted %llu\n", (unsigned long long)m->evicted);
    ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        fprintf(stderr, "maillog-exporter: cannot write %s: %s\n", path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return 0;
}

static int ex_state_source(char *line, ex_source *src, int n)
{
    long long ino, dev, off, ref;
    unsigned long long hash, msgs, sessions;
    int at = 0, i;
    if (sscanf(line, "source %lld %lld %lld %llu %llu %llu %lld %n", &ino, &dev, &off, &hash, &msgs,
               &sessions, &ref, &at) < 7 || at == 0)
        return -1;
    line[strcspn(line, "\n")] = 0;
    for (i = 0; i < n; i++) {
        if (strcmp(src[i].path, line + at) != 0)
            continue;
        (void)dev;
        if (!src[i].compressed) {
            if (ex_source_resume(&src[i], ino, off, hash, msgs, sessions, ref) != 0)
                fprintf(stderr, "maillog-exporter: %s is not the file the state file names "
                                "(replaced while stopped): read from its start\n", src[i].path);
        }
    }
    return 0;
}

int ex_state_load(const char *path, ex_metrics *m, ex_source *src, int n)
{
    FILE *f = fopen(path, "r");
    char line[8192], mta[64], host[4096], inst[4096];
    ex_set *map[EX_MAX_SETS + 1] = {0};
    size_t setno, slot;
    unsigned long long v;
    int bad = 0;
    if (!f) {
        if (errno == ENOENT)
            return 0;
        fprintf(stderr, "maillog-exporter: %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (!fgets(line, sizeof line, f) || strncmp(line, EX_STATE_MAGIC, strlen(EX_STATE_MAGIC)) != 0) {
        fprintf(stderr, "maillog-exporter: %s: not a state file of this version\n", path);
        fclose(f);
        return -1;
    }
    /* the counters first: the sources' replays learn sets but count nothing */
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "set %zu %63s %4095s %4095s", &setno, mta, host, inst) == 4) {
            size_t hn = ex_dec(host), in = ex_dec(inst);
            if (setno > EX_MAX_SETS) {
                bad = 1;
                break;
            }
            map[setno] = setno == EX_MAX_SETS ? &m->sets[EX_MAX_SETS]
                                              : ex_set_get(m, mta, host, hn, inst, in);
        } else if (sscanf(line, "v %zu %zu %llu", &setno, &slot, &v) == 3) {
            if (setno > EX_MAX_SETS || !map[setno] || slot >= S_COUNT) {
                bad = 1;
                break;
            }
            map[setno]->v[slot] = v;
        } else if (sscanf(line, "evicted %llu", &v) == 1) {
            m->evicted = v;
        } else if (strncmp(line, "source ", 7) != 0) {
            bad = 1;
            break;
        }
    }
    if (!bad) {
        rewind(f);
        while (fgets(line, sizeof line, f))
            if (strncmp(line, "source ", 7) == 0 && ex_state_source(line, src, n) != 0)
                bad = 1;
    }
    fclose(f);
    if (bad)
        fprintf(stderr, "maillog-exporter: %s: damaged state file\n", path);
    return bad ? -1 : 0;
}
