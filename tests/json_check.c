/* json_check.c -- a strict RFC 8259 + UTF-8 validator for the tests and
 * the fuzz harnesses (no Check dependency). */
#include <stddef.h>
#include <string.h>

int json_valid(const char *s, size_t len);

typedef struct js {
    const unsigned char *s;
    size_t n, i;
    int depth;
} js;

static int ws(js *j)
{
    while (j->i < j->n && (j->s[j->i] == ' ' || j->s[j->i] == '\t' || j->s[j->i] == '\n' ||
                           j->s[j->i] == '\r'))
        j->i++;
    return 1;
}
static int value(js *j);
static int string(js *j)
{
    if (j->i >= j->n || j->s[j->i] != '"')
        return 0;
    j->i++;
    while (j->i < j->n) {
        unsigned char c = j->s[j->i];
        if (c == '"') {
            j->i++;
            return 1;
        }
        if (c < 0x20)
            return 0;
        if (c == '\\') {
            j->i++;
            if (j->i >= j->n)
                return 0;
            c = j->s[j->i];
            if (c == 'u') {
                int k;
                for (k = 1; k <= 4; k++)
                    if (j->i + (size_t)k >= j->n || !strchr("0123456789abcdefABCDEF", j->s[j->i + k]) ||
                        j->s[j->i + k] == 0)
                        return 0;
                j->i += 4;
            } else if (!strchr("\"\\/bfnrt", c) || c == 0) {
                return 0;
            }
            j->i++;
            continue;
        }
        if (c >= 0x80) { /* UTF-8 validity */
            size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
            size_t k;
            if (!len || c > 0xF4 || j->i + len > j->n)
                return 0;
            for (k = 1; k < len; k++)
                if ((j->s[j->i + k] & 0xC0) != 0x80)
                    return 0;
            if ((c == 0xE0 && j->s[j->i + 1] < 0xA0) || (c == 0xED && j->s[j->i + 1] > 0x9F) ||
                (c == 0xF0 && j->s[j->i + 1] < 0x90) || (c == 0xF4 && j->s[j->i + 1] > 0x8F))
                return 0;
            j->i += len;
            continue;
        }
        j->i++;
    }
    return 0;
}
static int number(js *j)
{
    size_t st = j->i;
    if (j->i < j->n && j->s[j->i] == '-')
        j->i++;
    if (j->i < j->n && j->s[j->i] == '0')
        j->i++;
    else if (j->i < j->n && j->s[j->i] >= '1' && j->s[j->i] <= '9')
        while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
            j->i++;
    else
        return 0;
    if (j->i < j->n && j->s[j->i] == '.') {
        j->i++;
        if (!(j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9'))
            return 0;
        while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
            j->i++;
    }
    return j->i > st;
}
static int lit(js *j, const char *w)
{
    size_t n = strlen(w);
    if (j->n - j->i < n || memcmp(j->s + j->i, w, n) != 0)
        return 0;
    j->i += n;
    return 1;
}
static int container(js *j, char open, char close, int obj)
{
    j->i++;
    if (++j->depth > 64)
        return 0;
    ws(j);
    if (j->i < j->n && j->s[j->i] == (unsigned char)close) {
        j->i++;
        j->depth--;
        return 1;
    }
    (void)open;
    for (;;) {
        ws(j);
        if (obj) {
            if (!string(j))
                return 0;
            ws(j);
            if (j->i >= j->n || j->s[j->i] != ':')
                return 0;
            j->i++;
        }
        if (!value(j))
            return 0;
        ws(j);
        if (j->i < j->n && j->s[j->i] == ',') {
            j->i++;
            continue;
        }
        if (j->i < j->n && j->s[j->i] == (unsigned char)close) {
            j->i++;
            j->depth--;
            return 1;
        }
        return 0;
    }
}
static int value(js *j)
{
    ws(j);
    if (j->i >= j->n)
        return 0;
    switch (j->s[j->i]) {
    case '{': return container(j, '{', '}', 1);
    case '[': return container(j, '[', ']', 0);
    case '"': return string(j);
    case 't': return lit(j, "true");
    case 'f': return lit(j, "false");
    case 'n': return lit(j, "null");
    default: return number(j);
    }
}
int json_valid(const char *s, size_t len)
{
    js j = {(const unsigned char *)s, len, 0, 0};
    if (!value(&j))
        return 0;
    ws(&j);
    return j.i == j.n;
}

