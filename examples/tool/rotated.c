/* rotated.c -- the input list: directories read, rotated sets of log
 * files put in time order (rotated.h). */
#include "rotated.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* "mail.log.3.gz" -> base length of "mail.log", rotation 3; a name without
 * a rotation number sorts last (newest) in its set.  The suffixes are
 * logrotate's for the compressors the tools read (its compressext). */
static long tool_rotation(const char *name, size_t *base_len)
{
    static const char *const ext[] = {".gz", ".xz", ".bz2", ".zst"};
    size_t n = strlen(name), end = n, digits, k;
    for (k = 0; k < sizeof ext / sizeof ext[0]; k++) {
        size_t e = strlen(ext[k]);
        if (n > e && strcmp(name + n - e, ext[k]) == 0)
            end = n - e;
    }
    digits = end;
    while (digits > 0 && name[digits - 1] >= '0' && name[digits - 1] <= '9')
        digits--;
    if (digits < end && digits > 0 && name[digits - 1] == '.' && end - digits < 9) {
        *base_len = digits - 1;
        return atol(name + digits);
    }
    *base_len = end;
    return -1;
}

/* Stable insertion sort: argument lists are short. */
void tool_sort_rotated(const char **files, int n)
{
    int i, j;
    for (i = 1; i < n; i++) {
        const char *x = files[i];
        size_t xb, yb;
        long xr = tool_rotation(x, &xb);
        for (j = i; j > 0; j--) {
            const char *y = files[j - 1];
            long yr = tool_rotation(y, &yb);
            int same = xb == yb && strncmp(x, y, xb) == 0;
            /* older = higher rotation number; no number = newest */
            int x_older = xr >= 0 && (yr < 0 || xr > yr);
            if (!same || !x_older)
                break;
            files[j] = files[j - 1];
        }
        files[j] = x;
    }
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int is_dir(const char *name)
{
    struct stat st;
    return strcmp(name, "-") != 0 && stat(name, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The entries of one directory that are regular files and not hidden:
 * their count, with their "dir/entry" bytes and NULs added to *bytes.
 * With out, they are written there too, as many as fit in cap bytes and
 * max entries (a directory may change between two reads).  -1 on error
 * (errno set). */
static int dir_files(const char *dir, char *out, size_t cap, int max, size_t *bytes)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    size_t dl = strlen(dir);
    int n = 0;
    if (!d)
        return -1;
    while ((e = readdir(d)) != NULL) {
        struct stat st;
        size_t el = strlen(e->d_name), need = dl + 1 + el + 1;
        char path[4096];
        if (e->d_name[0] == '.' || need > sizeof path)
            continue;
        memcpy(path, dir, dl);
        path[dl] = '/';
        memcpy(path + dl + 1, e->d_name, el + 1);
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (out) {
            if (n >= max || *bytes + need > cap)
                break;
            memcpy(out + *bytes, path, need);
        }
        *bytes += need;
        n++;
    }
    closedir(d);
    return n;
}

int tool_list_inputs(const char ***files, int *nfiles, const char *prog)
{
    const char **in = *files, **list;
    size_t bytes = 0, used = 0;
    char *text;
    int i, k, total = 0, dirs = 0;
    for (i = 0; i < *nfiles; i++) {
        int n;
        if (!is_dir(in[i])) {
            total++;
            continue;
        }
        dirs++;
        if ((n = dir_files(in[i], NULL, 0, 0, &bytes)) < 0) {
            fprintf(stderr, "%s: %s: %s\n", prog, in[i], strerror(errno));
            return 2;
        }
        if (n == 0) {
            fprintf(stderr, "%s: %s: a directory without log files\n", prog, in[i]);
            return 2;
        }
        total += n;
    }
    if (dirs) {
        /* one block, pointers then names, so that free(*files) frees all */
        if (!(list = malloc(((size_t)total + 1) * sizeof *list + bytes))) {
            fprintf(stderr, "%s: out of memory\n", prog);
            return 2;
        }
        text = (char *)(list + total + 1);
        for (i = 0, k = 0; i < *nfiles; i++) {
            size_t at = used;
            int n, j;
            if (!is_dir(in[i])) {
                list[k++] = in[i];
                continue;
            }
            n = dir_files(in[i], text, bytes, total - k, &used);
            for (j = 0; j < n; j++) {
                list[k + j] = text + at;
                at += strlen(text + at) + 1;
            }
            qsort(list + k, (size_t)(n > 0 ? n : 0), sizeof *list, by_name);
            k += n > 0 ? n : 0;
        }
        list[k] = NULL;
        free(in);
        *files = list;
        *nfiles = k;
    }
    tool_sort_rotated(*files, *nfiles);
    return 0;
}
