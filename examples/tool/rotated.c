/* rotated.c -- rotated sets of log files put in time order (rotated.h). */
#include "rotated.h"

#include <stdlib.h>
#include <string.h>

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
