/* fuzz_csv.c — libFuzzer target for the CSV reader (csv.h, SPEC §5, §10).
 *
 * Input layout: byte 0 chooses how the reader is opened, byte 1 the size of
 * each read, the rest is the CSV file:
 *   byte 0 bit 0    encoding: 0 UTF-8, 1 GB18030
 *          bits 1-2 delimiter: 0 or 3 detect, 1 ',', 2 '\t'
 *          bit 3    ignore bit 0 and use csv_detect_result (as ingest does)
 *   byte 1          < 128: b + 1 bytes per read (1 … 128); else
 *                   (b - 127) * 512 bytes per read (512 … 65536)
 * The seeds that `make fuzz` writes are sample files behind a two-byte
 * prefix. Every record is read to the end; the fields are checked against
 * the header's promises (lengths match, no NUL inside, valid UTF-8 out),
 * and the number of records is bounded by the input size, so that a wrong
 * answer is a crash, not only a memory error. The encoding detector is fed
 * the payload whole and in the chosen chunks, and both must agree. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

/* The memory feed: at most `chunk` bytes per call. */
struct fc_feed {
    const uint8_t *p;   /* the payload */
    size_t len;         /* its length */
    size_t pos;         /* bytes handed out */
    size_t chunk;       /* bytes per read at most */
};

static long fc_read(void *ctx, char *buf, size_t n)
{
    struct fc_feed *f = ctx;
    size_t k = f->len - f->pos;
    if (k > n) k = n;
    if (k > f->chunk) k = f->chunk;
    memcpy(buf, f->p + f->pos, k);
    f->pos += k;
    return (long)k;
}

/* 1 when s[0, n) is valid UTF-8 (the reader's output promise). */
static int fc_valid_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t need;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c < 0x80) { i++; continue; }
        if (c >= 0xC2 && c <= 0xDF) need = 1;
        else if (c == 0xE0) { need = 2; lo = 0xA0; }
        else if (c == 0xED) { need = 2; hi = 0x9F; }
        else if (c >= 0xE1 && c <= 0xEF) need = 2;
        else if (c == 0xF0) { need = 3; lo = 0x90; }
        else if (c == 0xF4) { need = 3; hi = 0x8F; }
        else if (c >= 0xF1 && c <= 0xF3) need = 3;
        else return 0;
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= n) return 0;
            if (s[i + k] < lo || s[i + k] > hi) return 0;
            lo = 0x80;
            hi = 0xBF;
        }
        i += need + 1;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    uint8_t mode = data[0], cb = data[1];
    const uint8_t *p = data + 2;
    size_t len = size - 2;
    size_t chunk = cb < 128 ? (size_t)cb + 1 : (size_t)(cb - 127) * 512;

    /* The detector, whole and chunked: the two must agree. */
    csv_detect d1, d2;
    csv_detect_init(&d1);
    csv_detect_feed(&d1, p, len);
    csv_detect_init(&d2);
    for (size_t off = 0; off < len; off += chunk)
        csv_detect_feed(&d2, p + off, len - off < chunk ? len - off : chunk);
    int u1 = 0, u2 = 0;
    csv_encoding e1 = csv_detect_result(&d1, &u1), e2 = csv_detect_result(&d2, &u2);
    if (e1 != e2 || u1 != u2) __builtin_trap();
    if (e1 != CSV_ENC_UTF8 && e1 != CSV_ENC_GB18030) __builtin_trap();

    csv_encoding enc = (mode & 1) ? CSV_ENC_GB18030 : CSV_ENC_UTF8;
    if (mode & 8) enc = e1;
    static const char delims[4] = { 0, ',', '\t', 0 };
    char delim = delims[(mode >> 1) & 3];

    struct fc_feed f = { p, len, 0, chunk };
    kerr e;
    kerr_clear(&e);
    csv_reader *r = csv_open(fc_read, &f, enc, delim, "fuzz.csv", &e);
    if (!r) {
        if (e.code == 0) __builtin_trap();          /* NULL without a message */
        return 0;
    }
    csv_record rec;
    long nrec = 0;
    for (;;) {
        kerr_clear(&e);
        int rc = csv_next(r, &rec, &e);
        if (rc == 0 || rc == -2) {
            if (rc == -2 && e.code == 0) __builtin_trap();
            break;
        }
        if (++nrec > (long)len + 1) __builtin_trap();  /* no progress */
        if (rc == -1) {
            if (e.code == 0 || rec.line < 1) __builtin_trap();
            continue;
        }
        if (rc != 1) __builtin_trap();
        if (rec.nfields < 1 || rec.nfields > KEFU_MAX_COLUMNS || rec.line < 1) __builtin_trap();
        for (int i = 0; i < rec.nfields; i++) {
            if (strlen(rec.fields[i]) != rec.lens[i]) __builtin_trap();
            if (!fc_valid_utf8((const unsigned char *)rec.fields[i], rec.lens[i])) __builtin_trap();
        }
        char dl = csv_delimiter(r);
        if (dl != ',' && dl != '\t') __builtin_trap();
    }
    /* After -2 every further call must say -2 again; after 0, 0 again. */
    int again = csv_next(r, &rec, &e);
    if (again != 0 && again != -2) __builtin_trap();
    csv_close(r);
    return 0;
}
