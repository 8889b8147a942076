/* fuzz_xscan.c — libFuzzer target for the worksheet XML scanner (xscan.h)
 * alone, without the zip around it: the fuzzer reaches the scanner's
 * states far faster than through a deflated member.
 *
 * The first byte chooses the read size (1 to 255 bytes, 0: 64 KiB); the
 * rest is the XML. Each input is scanned twice, in those reads and in one
 * read of it all, and the two must agree: the same result and the same
 * events (a hash of them). Besides memory errors, leaks and timeouts, it
 * traps on a broken promise of the header: an attribute whose len is not
 * its strlen, an empty name or text piece, text that is not UTF-8 or
 * holds a NUL or CR, ends that do not match starts on success, a result
 * outside the enum, a failure without a cause or line. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xscan.h"

struct fs_in {
    const uint8_t *p;   /* the XML */
    size_t n, at;       /* length, read so far */
    size_t chunk;       /* bytes per read */
};

static long fs_read(void *ctx, char *buf, size_t n)
{
    struct fs_in *in = ctx;
    size_t k = in->n - in->at;
    if (k > n) k = n;
    if (k > in->chunk) k = in->chunk;
    memcpy(buf, in->p + in->at, k);
    in->at += k;
    return (long)k;
}

struct fs_state {
    uint64_t h;         /* FNV-1a of the events */
    long depth;         /* starts minus ends */
};

static void fs_mix(struct fs_state *st, const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++) st->h = (st->h ^ c[i]) * 0x100000001b3ULL;
}

/* 1 when s[0, n) is UTF-8 without NUL or CR (text is handed out so). */
static int fs_text_ok(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c == 0 || c == '\r') return 0;
        int need = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
                 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
        if (need < 0 || i + (size_t)need >= n + (need ? 0 : 1)) return 0;
        for (int k = 1; k <= need; k++)
            if ((s[i + (size_t)k] & 0xC0) != 0x80) return 0;
        i += (size_t)need + 1;
    }
    return 1;
}

static int fs_start(void *ctx, const char *l, int na, const xscan_attr *a)
{
    struct fs_state *st = ctx;
    if (!l[0] || strlen(l) > XSCAN_MAX_NAME || na < 0 || na > XSCAN_MAX_ATTRS) __builtin_trap();
    fs_mix(st, "<", 1);
    fs_mix(st, l, strlen(l) + 1);
    for (int i = 0; i < na; i++) {
        if (!a[i].name[0] || strlen(a[i].value) != a[i].len) __builtin_trap();
        fs_mix(st, a[i].name, strlen(a[i].name) + 1);
        fs_mix(st, a[i].value, a[i].len + 1);
    }
    st->depth++;
    return 0;
}

static int fs_end(void *ctx, const char *l)
{
    struct fs_state *st = ctx;
    if (!l[0] || st->depth <= 0) __builtin_trap();
    fs_mix(st, ">", 1);
    fs_mix(st, l, strlen(l) + 1);
    st->depth--;
    return 0;
}

static int fs_text(void *ctx, const char *s, size_t n)
{
    struct fs_state *st = ctx;
    if (n == 0 || !fs_text_ok((const unsigned char *)s, n)) __builtin_trap();
    fs_mix(st, s, n);   /* no separator: pieces cut anywhere hash alike */
    return 0;
}

static int fs_scan(const uint8_t *p, size_t n, size_t chunk, uint64_t *h, char why[160], long *line)
{
    static const xscan_ops ops = { fs_start, fs_end, fs_text };
    struct fs_in in = { p, n, 0, chunk };
    struct fs_state st = { 0xcbf29ce484222325ULL, 0 };
    why[0] = '\0';
    *line = 0;
    int rc = xscan_run(fs_read, &in, &ops, &st, why, 160, line);
    if (rc != XSCAN_OK && rc != XSCAN_BAD && rc != XSCAN_DOCTYPE) __builtin_trap();
    if (rc == XSCAN_OK && st.depth != 0) __builtin_trap();
    if (rc != XSCAN_OK && (why[0] == '\0' || *line < 1)) __builtin_trap();
    *h = st.h;
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    size_t chunk = data[0] ? data[0] : 65536;
    uint64_t h1, h2;
    char w1[160], w2[160];
    long l1, l2;
    int r1 = fs_scan(data + 1, size - 1, chunk, &h1, w1, &l1);
    int r2 = fs_scan(data + 1, size - 1, (size_t)-1, &h2, w2, &l2);
    if (r1 != r2 || strcmp(w1, w2) != 0 || l1 != l2) __builtin_trap();
    if (r1 == XSCAN_OK && h1 != h2) __builtin_trap();
    return 0;
}
