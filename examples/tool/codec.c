/* codec.c -- the decompressors behind tool_in (codec.h): gzip through
 * ISA-L's igzip (HAVE_ISAL) or else zlib, xz through liblzma, bzip2 through libbz2, zstd through libzstd,
 * each when the build found its library (HAVE_ZLIB, HAVE_LZMA, HAVE_BZIP2,
 * HAVE_ZSTD).  Each reads as its command-line tool does: concatenated
 * streams (gzip members, xz streams, bzip2 streams as pbzip2 writes them,
 * zstd frames) are one file, and the end of the file before the end of a
 * stream is an error ("compressed data is truncated").  Each decodes
 * straight into the caller's buffer. */
#include "codec.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define TRUNCATED "compressed data is truncated"

/* ------------------------------------------------------------ gzip */
#if defined(HAVE_ISAL)
/* Intel ISA-L's igzip inflate, when the build found it: three times
 * zlib's speed on one core (81 MB of log from its 9.5 MB .gz: 0.036 s
 * against 0.115 s; libdeflate, whole-buffer only, 0.046 s with its output
 * buffer already touched), which brings maillog-report on a .gz within
 * 1.2 times its time on the plain file (docs/PERFORMANCE.md). */
#include <isa-l/igzip_lib.h>
#if defined(__x86_64__) && defined(__AVX__)
#include <immintrin.h>
#endif

static int gz_init(tool_in *in)
{
    struct inflate_state *s = malloc(sizeof *s);
    if (!s) {
        tool_fail(in, "out of memory");
        return -1;
    }
    isal_inflate_init(s);
    s->crc_flag = ISAL_GZIP; /* the gzip wrapper, its CRC and length checked */
    in->dec = s;
    return 0;
}

/* zlib's words for the same faults, so that messages do not depend on the
 * library the build found. */
static const char *gz_isal_error(int rc)
{
    switch (rc) {
    case ISAL_INVALID_WRAPPER: return "incorrect header check";
    case ISAL_UNSUPPORTED_METHOD: return "unknown compression method";
    case ISAL_INCORRECT_CHECKSUM: return "incorrect data check";
    case ISAL_INVALID_LOOKBACK: return "invalid distance too far back";
    case ISAL_INVALID_BLOCK: return "invalid block type";
    default: return "compressed data is corrupt";
    }
}

/* igzip's inflate runs AVX2 or AVX-512 code and returns with the upper
 * halves of the vector registers in use.  Until a vzeroupper, every
 * SSE2 instruction of the parser (legacy encoding, built without -mavx)
 * then waits on those halves: maillog-report on a .gz took 1.75 times its
 * time on the plain file, on one core, where the inflate itself is 0.2
 * of it (docs/PERFORMANCE.md).  So the upper halves are cleared after
 * each read, on CPUs that have them. */
static void gz_clear_upper(void)
{
#if defined(__x86_64__) && defined(__AVX__)
    _mm256_zeroupper();
#elif defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    if (__builtin_cpu_supports("avx")) /* vzeroupper is an AVX instruction */
        __asm__ __volatile__("vzeroupper" ::: "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5",
                             "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12",
                             "xmm13", "xmm14", "xmm15");
#endif
}

static size_t gz_read(tool_in *in, char *buf, size_t n)
{
    struct inflate_state *s = in->dec;
    s->next_out = (uint8_t *)buf;
    s->avail_out = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
    while (s->avail_out > 0) {
        int rc;
        uint32_t before_out = s->avail_out, before_in;
        if (tool_fill(in) != 0)
            break;
        s->next_in = in->raw + in->raw_off;
        s->avail_in = before_in = (uint32_t)(in->raw_len - in->raw_off);
        rc = isal_inflate(s);
        in->raw_off = in->raw_len - s->avail_in;
        if (rc < 0) {
            tool_fail(in, gz_isal_error(rc));
            break;
        }
        if (s->block_state == ISAL_BLOCK_FINISH) {
            /* another member, or the end (trailing bytes that are not a
             * member are ignored, as gzip and zlib's gzread() do) */
            if (tool_fill(in) != 0)
                break;
            if (in->raw_off < in->raw_len && in->raw[in->raw_off] == 0x1F) {
                isal_inflate_reset(s);
                s->crc_flag = ISAL_GZIP;
                continue;
            }
            in->done = 1;
            break;
        }
        /* nothing read, nothing written: the file ended inside a member */
        if (in->raw_eof && s->avail_in == before_in && s->avail_out == before_out) {
            tool_fail(in, TRUNCATED);
            break;
        }
    }
    gz_clear_upper();
    return (size_t)((char *)s->next_out - buf);
}

static void gz_end(tool_in *in)
{
    free(in->dec);
    in->dec = NULL;
}
#define GZ_FNS gz_init, gz_read, gz_end
#elif defined(HAVE_ZLIB)
#include <zlib.h>

static int gz_init(tool_in *in)
{
    z_stream *z = calloc(1, sizeof *z);
    if (!z || inflateInit2(z, 15 + 16) != Z_OK) { /* gzip wrapper only */
        free(z);
        tool_fail(in, "out of memory");
        return -1;
    }
    in->dec = z;
    return 0;
}

static size_t gz_read(tool_in *in, char *buf, size_t n)
{
    z_stream *z = in->dec;
    z->next_out = (Bytef *)buf;
    z->avail_out = n > UINT_MAX ? UINT_MAX : (uInt)n;
    while (z->avail_out > 0) {
        int rc;
        if (tool_fill(in) != 0)
            break;
        z->next_in = in->raw + in->raw_off;
        z->avail_in = (uInt)(in->raw_len - in->raw_off);
        rc = inflate(z, Z_NO_FLUSH);
        in->raw_off = in->raw_len - z->avail_in;
        if (rc == Z_STREAM_END) {
            /* another member, or the end (trailing bytes that are not a
             * member are ignored, as zlib's gzread() did) */
            if (tool_fill(in) != 0)
                break;
            if (in->raw_off < in->raw_len && in->raw[in->raw_off] == 0x1F) {
                inflateReset(z);
                continue;
            }
            in->done = 1;
            break;
        }
        if (rc == Z_BUF_ERROR) { /* no progress: the file ended inside a member */
            tool_fail(in, TRUNCATED);
            break;
        }
        if (rc == Z_MEM_ERROR) {
            tool_fail(in, "out of memory");
            break;
        }
        if (rc != Z_OK) {
            tool_fail(in, z->msg ? z->msg : "compressed data is corrupt");
            break;
        }
    }
    return (size_t)((char *)z->next_out - buf);
}

static void gz_end(tool_in *in)
{
    if (in->dec)
        inflateEnd(in->dec);
    free(in->dec);
    in->dec = NULL;
}
#define GZ_FNS gz_init, gz_read, gz_end
#else
#define GZ_FNS NULL, NULL, NULL
#endif

/* ------------------------------------------------------------ xz */
#ifdef HAVE_LZMA
#include <lzma.h>

static int xz_init(tool_in *in)
{
    lzma_stream *s = malloc(sizeof *s), init = LZMA_STREAM_INIT;
    if (!s) {
        tool_fail(in, "out of memory");
        return -1;
    }
    *s = init;
    if (lzma_stream_decoder(s, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK) {
        free(s);
        tool_fail(in, "out of memory");
        return -1;
    }
    in->dec = s;
    return 0;
}

static size_t xz_read(tool_in *in, char *buf, size_t n)
{
    lzma_stream *s = in->dec;
    s->next_out = (uint8_t *)buf;
    s->avail_out = n;
    while (s->avail_out > 0) {
        lzma_ret rc;
        if (tool_fill(in) != 0)
            break;
        s->next_in = in->raw + in->raw_off;
        s->avail_in = in->raw_len - in->raw_off;
        /* LZMA_FINISH at the end of the file: the decoder then says
         * whether its streams ended there */
        rc = lzma_code(s, in->raw_eof ? LZMA_FINISH : LZMA_RUN);
        in->raw_off = in->raw_len - s->avail_in;
        if (rc == LZMA_STREAM_END) {
            in->done = 1;
            break;
        }
        if (rc != LZMA_OK) {
            tool_fail(in, rc == LZMA_BUF_ERROR      ? TRUNCATED
                          : rc == LZMA_MEM_ERROR    ? "out of memory"
                          : rc == LZMA_OPTIONS_ERROR ? "xz options this liblzma cannot read"
                                                     : "compressed data is corrupt");
            break;
        }
    }
    return (size_t)((char *)s->next_out - buf);
}

static void xz_end(tool_in *in)
{
    if (in->dec)
        lzma_end(in->dec);
    free(in->dec);
    in->dec = NULL;
}
#define XZ_FNS xz_init, xz_read, xz_end
#else
#define XZ_FNS NULL, NULL, NULL
#endif

/* ------------------------------------------------------------ bzip2 */
#ifdef HAVE_BZIP2
#include <bzlib.h>

static int bz_init(tool_in *in)
{
    bz_stream *s = calloc(1, sizeof *s);
    if (!s || BZ2_bzDecompressInit(s, 0, 0) != BZ_OK) {
        free(s);
        tool_fail(in, "out of memory");
        return -1;
    }
    in->dec = s;
    return 0;
}

static size_t bz_read(tool_in *in, char *buf, size_t n)
{
    bz_stream *s = in->dec;
    s->next_out = buf;
    s->avail_out = n > UINT_MAX ? UINT_MAX : (unsigned)n;
    while (s->avail_out > 0) {
        int rc;
        unsigned before_out = s->avail_out, before_in;
        if (tool_fill(in) != 0)
            break;
        s->next_in = (char *)in->raw + in->raw_off;
        s->avail_in = before_in = (unsigned)(in->raw_len - in->raw_off);
        rc = BZ2_bzDecompress(s);
        in->raw_off = in->raw_len - s->avail_in;
        if (rc == BZ_STREAM_END) {
            /* another stream follows (pbzip2 writes one per block), or
             * the end (trailing bytes that are not a stream are ignored,
             * as bzip2 does) */
            char *out = s->next_out;
            unsigned room = s->avail_out;
            if (tool_fill(in) != 0)
                break;
            if (in->raw_off < in->raw_len && in->raw[in->raw_off] == 'B') {
                BZ2_bzDecompressEnd(s);
                memset(s, 0, sizeof *s);
                if (BZ2_bzDecompressInit(s, 0, 0) != BZ_OK) {
                    tool_fail(in, "out of memory");
                    s->next_out = out;
                    break;
                }
                s->next_out = out;
                s->avail_out = room;
                continue;
            }
            in->done = 1;
            break;
        }
        if (rc != BZ_OK) {
            tool_fail(in, rc == BZ_MEM_ERROR ? "out of memory" : "compressed data is corrupt");
            break;
        }
        /* nothing read, nothing written: the file ended inside a stream */
        if (in->raw_eof && s->avail_in == before_in && s->avail_out == before_out) {
            tool_fail(in, TRUNCATED);
            break;
        }
    }
    return (size_t)(s->next_out - buf);
}

static void bz_end(tool_in *in)
{
    if (in->dec)
        BZ2_bzDecompressEnd(in->dec);
    free(in->dec);
    in->dec = NULL;
}
#define BZ_FNS bz_init, bz_read, bz_end
#else
#define BZ_FNS NULL, NULL, NULL
#endif

/* ------------------------------------------------------------ zstd */
#ifdef HAVE_ZSTD
#include <zstd.h>

static int zs_init(tool_in *in)
{
    ZSTD_DStream *d = ZSTD_createDStream();
    if (!d || ZSTD_isError(ZSTD_initDStream(d))) {
        ZSTD_freeDStream(d);
        tool_fail(in, "out of memory");
        return -1;
    }
    in->dec = d;
    return 0;
}

static size_t zs_read(tool_in *in, char *buf, size_t n)
{
    ZSTD_outBuffer out;
    out.dst = buf;
    out.size = n;
    out.pos = 0;
    while (out.pos < out.size) {
        ZSTD_inBuffer src;
        size_t rc, before = out.pos;
        if (tool_fill(in) != 0)
            break;
        src.src = in->raw + in->raw_off;
        src.size = in->raw_len - in->raw_off;
        src.pos = 0;
        rc = ZSTD_decompressStream(in->dec, &out, &src);
        in->raw_off += src.pos;
        if (ZSTD_isError(rc)) {
            tool_fail(in, ZSTD_getErrorName(rc));
            break;
        }
        if (src.pos == 0 && out.pos == before) {
            if (!in->raw_eof)
                continue;
            /* no progress at the end of the file: the end of the data if
             * the last frame ended there */
            if (in->dec_state)
                tool_fail(in, TRUNCATED);
            else
                in->done = 1;
            break;
        }
        in->dec_state = rc != 0; /* 0: a frame ended, flushed whole */
    }
    return out.pos;
}

static void zs_end(tool_in *in)
{
    ZSTD_freeDStream(in->dec);
    in->dec = NULL;
}
#define ZS_FNS zs_init, zs_read, zs_end
#else
#define ZS_FNS NULL, NULL, NULL
#endif

const tool_codec tool_codecs[TOOL_KINDS] = {
    {"plain", "", NULL, NULL, NULL},
    {"gzip", "zlib1g-dev", GZ_FNS},
    {"xz", "liblzma-dev", XZ_FNS},
    {"bzip2", "libbz2-dev", BZ_FNS},
    {"zstd", "libzstd-dev", ZS_FNS},
};
