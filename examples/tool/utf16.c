/* utf16.c -- UTF-16 logs (some Windows exports: Exchange, hMailServer and
 * MailEnable files saved by a Windows editor or PowerShell) read as the
 * UTF-8 the library parses (utf16.h). */
#include "utf16.h"

#include <string.h>

int tool_utf16_sniff(const char *head, size_t n)
{
    const unsigned char *b = (const unsigned char *)head;
    size_t i, zero_even = 0, zero_odd = 0, units = n / 2;
    if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE)
        return TOOL_UTF16LE;
    if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF)
        return TOOL_UTF16BE;
    /* No byte order mark: text in a Latin script has a NUL in nearly
     * every unit's high byte and almost never in its low byte.  A short
     * head decides nothing (a binary file is refused by the text check). */
    if (units < 32)
        return 0;
    for (i = 0; i + 1 < n; i += 2) {
        zero_even += b[i] == 0;
        zero_odd += b[i + 1] == 0;
    }
    if (zero_odd * 10 >= units * 9 && zero_even * 20 <= units)
        return TOOL_UTF16LE;
    if (zero_even * 10 >= units * 9 && zero_odd * 20 <= units)
        return TOOL_UTF16BE;
    return 0;
}

static size_t put_utf8(char *out, unsigned long c)
{
    unsigned char *o = (unsigned char *)out;
    if (c < 0x80) {
        o[0] = (unsigned char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (unsigned char)(0xC0 | c >> 6);
        o[1] = (unsigned char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (unsigned char)(0xE0 | c >> 12);
        o[1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
        o[2] = (unsigned char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | c >> 18);
    o[1] = (unsigned char)(0x80 | (c >> 12 & 0x3F));
    o[2] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
    o[3] = (unsigned char)(0x80 | (c & 0x3F));
    return 4;
}

size_t tool_utf16_to_utf8(int order, const char *in, size_t n, int final, size_t *used,
                          char *out)
{
    const unsigned char *b = (const unsigned char *)in;
    size_t i = 0, o = 0;
    int hi = order == TOOL_UTF16BE ? 0 : 1; /* index of the high byte */
    while (i + 1 < n) {
        unsigned long c = (unsigned long)b[i + hi] << 8 | b[i + 1 - hi];
        if (c >= 0xD800 && c < 0xDC00) { /* a high surrogate: its pair next */
            unsigned long d;
            if (i + 3 >= n) {
                if (!final)
                    break; /* the low half comes with the next block */
                o += put_utf8(out + o, 0xFFFD);
                i += 2;
                continue;
            }
            d = (unsigned long)b[i + 2 + hi] << 8 | b[i + 3 - hi];
            if (d >= 0xDC00 && d < 0xE000) {
                o += put_utf8(out + o, 0x10000 + ((c - 0xD800) << 10) + (d - 0xDC00));
                i += 4;
            } else {
                o += put_utf8(out + o, 0xFFFD);
                i += 2;
            }
            continue;
        }
        if (c >= 0xDC00 && c < 0xE000)
            c = 0xFFFD; /* a low half alone */
        if (c != 0xFEFF) /* byte order marks (the first, or files joined) */
            o += put_utf8(out + o, c);
        i += 2;
    }
    if (final && i < n) { /* an odd byte at the end */
        o += put_utf8(out + o, 0xFFFD);
        i = n;
    }
    *used = i;
    return o;
}
