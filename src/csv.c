/* csv.c — the streaming CSV reader of csv.h: RFC 4180 as SPEC §5 widens it,
 * split on raw bytes, each finished field decoded (UTF-8 validated, or
 * GB18030 through iconv) into UTF-8.
 *
 * Shape: one fixed input buffer (CSV_BUF bytes) refilled from the caller's
 * read function; a state machine that consumes it span by span (a table
 * says which bytes end a span, so the hot loop over ordinary bytes is one
 * load and one test); the record's raw field bytes go to a buffer bounded
 * by KEFU_MAX_ROW, each field by KEFU_MAX_FIELD, the field count by
 * KEFU_MAX_COLUMNS. A record that breaks a rule is read to its end (its
 * bytes discarded) so that the next call starts on the next record.
 *
 * Delimiter detection (delim 0): the header record is parsed with both ','
 * and '\t' acting as delimiters while its raw bytes are kept. When only one
 * of them occurred outside quotes (or none) that parse is the parse with
 * that delimiter. When both did, comma wins and the kept bytes are parsed
 * again with comma alone (a quote can open a field in one reading and not
 * in the other, so the two parses may not even end at the same byte). */
#include "msg.h"
#include "csv.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CSV_BUF (64 * 1024)   /* input buffer: one read of the caller's function */
/* The raw bytes kept of the header while the delimiter is unknown: a good
 * record holds at most KEFU_MAX_ROW bytes of content, and its raw form at
 * most twice that (doubled quotes) plus quotes and a delimiter per field.
 * A header that runs longer in the first reading is bad in that reading and
 * is reported as such, without a second reading (which could differ only
 * for a header with both a tab and a comma outside quotes and a quote that
 * opens in one reading alone — not something an export tool writes). */
#define CSV_CAPTURE_MAX (2 * (size_t)KEFU_MAX_ROW + 4 * (size_t)KEFU_MAX_COLUMNS + 16)

/* Scanner states (local to one scan; a record is finished within a call). */
enum {
    ST_START,    /* before the first byte of a record: blank lines are skipped */
    ST_FIELD,    /* at the start of a field: a quote here opens a quoted field */
    ST_UNQUOTED, /* inside an unquoted field (a quote here is an ordinary byte) */
    ST_QUOTED,   /* inside a quoted field */
    ST_QUOTE     /* just after a quote inside a quoted field: "" or the close */
};

/* Classes in the byte tables; 0 is an ordinary byte. */
enum { C_NONE, C_DELIM, C_LF, C_CR, C_NUL, C_QUOTE };

struct csv_reader {
    csv_read_fn fn;             /* the caller's read function */
    void *ctx;                  /* its context */
    char *name;                 /* file name for messages (owned) */
    csv_encoding enc;           /* CSV_ENC_UTF8 or CSV_ENC_GB18030 */
    char delim;                 /* ',' or '\t'; 0 until the header decided it */
    iconv_t cd;                 /* GB18030 -> UTF-8, (iconv_t)-1 in UTF-8 mode */
    unsigned char uq[256];      /* byte classes that end an unquoted span */
    unsigned char qt[256];      /* byte classes that end a quoted span */

    unsigned char *in;          /* the input buffer, CSV_BUF bytes (owned) */
    const unsigned char *win;   /* current window: in, or replay */
    size_t wpos;                /* next unread byte in win */
    size_t wlen;                /* bytes valid in win */
    unsigned char *replay;      /* header bytes being read again, or NULL (owned) */
    int eof;                    /* the read function returned 0 */
    int dead;                   /* -2 was returned: every later call returns it */
    kerr fatal;                 /* the -2 message */

    long line;                  /* physical line of the next unread byte */
    int prev_cr;                /* the last byte consumed was a CR (CRLF is one end) */
    long rec_line;              /* line where the current record starts */

    char *rb;                   /* the record's raw fields, each NUL-terminated (owned) */
    size_t rlen;                /* bytes used in rb */
    size_t rcap;                /* bytes allocated for rb */
    size_t fstart[KEFU_MAX_COLUMNS]; /* offset in rb of each field */
    size_t flen[KEFU_MAX_COLUMNS];   /* raw byte length of each finished field */
    int nf;                     /* fields begun (counts past the cap when bad) */
    size_t cur;                 /* raw bytes in the field being read */
    int bad;                    /* the record broke a rule: its bytes are discarded */
    kerr err;                   /* the first rule it broke */

    char *db;                   /* decoded fields (GB18030 mode) (owned) */
    size_t dcap;                /* bytes allocated for db */
    char *fields[KEFU_MAX_COLUMNS]; /* what csv_record.fields points at */
    size_t lens[KEFU_MAX_COLUMNS];  /* what csv_record.lens points at */

    int detecting;              /* the header is being read with both delimiters */
    int seen_comma;             /* a comma acted as a delimiter in it */
    int seen_tab;               /* a tab acted as a delimiter in it */
    unsigned char *cap;         /* its raw bytes, kept for a second reading (owned) */
    size_t caplen;              /* bytes in cap */
    size_t capcap;              /* bytes allocated for cap */
    size_t cap_from;            /* first byte of win not yet copied into cap */
    int capturing;              /* bytes of the current record go to cap */
    int cap_over;               /* cap overflowed CSV_CAPTURE_MAX: no second reading */
};

/* ---- byte tables ----------------------------------------------------- */

/* Sets the span tables for the delimiters in use (both while detecting). */
static void set_tables(csv_reader *r, int comma, int tab)
{
    memset(r->uq, C_NONE, sizeof r->uq);
    memset(r->qt, C_NONE, sizeof r->qt);
    r->uq['\n'] = r->qt['\n'] = C_LF;
    r->uq['\r'] = r->qt['\r'] = C_CR;
    r->uq[0] = r->qt[0] = C_NUL;
    r->qt['"'] = C_QUOTE;
    if (comma) r->uq[','] = C_DELIM;
    if (tab) r->uq['\t'] = C_DELIM;
}

/* ---- input ----------------------------------------------------------- */

/* Appends win[cap_from, upto) to the header capture, or gives it up when it
 * would grow past CSV_CAPTURE_MAX. */
static void capture(csv_reader *r, size_t upto)
{
    if (!r->capturing || r->cap_over || upto <= r->cap_from) {
        r->cap_from = upto;
        return;
    }
    size_t n = upto - r->cap_from;
    if (r->caplen + n > CSV_CAPTURE_MAX) {
        r->cap_over = 1;
        free(r->cap);
        r->cap = NULL;
        r->caplen = r->capcap = 0;
    } else {
        if (r->caplen + n > r->capcap) {
            size_t c = r->capcap ? r->capcap : 4096;
            while (c < r->caplen + n) c *= 2;
            r->cap = xrealloc(r->cap, c);
            r->capcap = c;
        }
        memcpy(r->cap + r->caplen, r->win + r->cap_from, n);
        r->caplen += n;
    }
    r->cap_from = upto;
}

/* Makes the window non-empty. Returns 1 when bytes are ready, 0 at end of
 * input, -1 on a read error (r->fatal filled). */
static int refill(csv_reader *r)
{
    capture(r, r->wlen);
    r->cap_from = 0;
    r->wpos = r->wlen = 0;
    if (r->replay) {              /* the second reading of the header is done */
        free(r->replay);
        r->replay = NULL;
        r->win = r->in;
    }
    if (r->eof) return 0;
    long n = r->fn(r->ctx, (char *)r->in, CSV_BUF);
    if (n < 0 || n > CSV_BUF) {
        kerr_set(&r->fatal, EXIT_NOINPUT, "%s: read error", r->name);
        return -1;
    }
    r->wpos = 0;
    r->wlen = (size_t)n;
    if (n == 0) {
        r->eof = 1;
        return 0;
    }
    return 1;
}

/* ---- building a record ----------------------------------------------- */

/* Marks the current record bad with "NAME:LINE: <message>" unless it
 * already is (the first broken rule is the one reported). */
__attribute__((format(printf, 2, 3)))
static void set_bad(csv_reader *r, const char *fmt, ...)
{
    if (r->bad) return;
    r->bad = 1;
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, msg_tr(fmt), ap);
    va_end(ap);
    kerr_set(&r->err, EXIT_DATAERR, "%s:%ld: %s", r->name, r->rec_line, what);
}

/* Makes room for n more bytes in rb (the callers keep rlen within the row
 * limit, so rb never exceeds KEFU_MAX_ROW + KEFU_MAX_COLUMNS bytes). */
static void rb_reserve(csv_reader *r, size_t n)
{
    if (r->rlen + n <= r->rcap) return;
    size_t c = r->rcap;
    while (c < r->rlen + n) c *= 2;
    r->rb = xrealloc(r->rb, c);
    r->rcap = c;
}

/* Adds n raw bytes to the current field, enforcing the field and row limits. */
static void add_bytes(csv_reader *r, const unsigned char *p, size_t n)
{
    if (r->bad || n == 0) return;
    if (r->cur + n > KEFU_MAX_FIELD) {
        set_bad(r, "field %d is longer than %d bytes", r->nf, KEFU_MAX_FIELD);
        return;
    }
    if (r->rlen + n > KEFU_MAX_ROW) {
        set_bad(r, "record is longer than %d bytes", KEFU_MAX_ROW);
        return;
    }
    rb_reserve(r, n);
    memcpy(r->rb + r->rlen, p, n);
    r->rlen += n;
    r->cur += n;
}

/* Starts the next field of the record; past KEFU_MAX_COLUMNS the record
 * is bad (fields are still counted so that reading goes on to its end). */
static void begin_field(csv_reader *r)
{
    r->cur = 0;
    if (r->nf == KEFU_MAX_COLUMNS) {
        r->nf++;
        set_bad(r, "record has more than %d fields", KEFU_MAX_COLUMNS);
        return;
    }
    if (r->nf < KEFU_MAX_COLUMNS) r->fstart[r->nf] = r->rlen;
    r->nf++;
}

/* Finishes the current field: its length, and the NUL after it in rb. */
static void end_field(csv_reader *r)
{
    if (r->bad) return;
    rb_reserve(r, 1);
    r->flen[r->nf - 1] = r->cur;
    r->rb[r->rlen++] = '\0';
}

/* Reads one record's raw bytes into rb. Returns 1 for a record (r->bad
 * says whether it broke a rule), 0 at end of input, -2 when reading cannot
 * go on (r->fatal filled). */
static int scan(csv_reader *r)
{
    int st = ST_START;
    long qline = 0;      /* line where the open quote is */
    r->rlen = 0;
    r->nf = 0;
    r->cur = 0;
    r->bad = 0;
    for (;;) {
        if (r->wpos == r->wlen) {
            int f = refill(r);
            if (f < 0) return -2;
            if (f == 0) {
                if (st == ST_START) return 0;
                if (st == ST_QUOTED) {
                    kerr_set(&r->fatal, EXIT_DATAERR,
                             "%s:%ld: unterminated quoted field %d (quote opened on line %ld)",
                             r->name, r->rec_line, r->nf, qline);
                    return -2;
                }
                end_field(r);
                capture(r, r->wpos);
                return 1;
            }
        }
        const unsigned char *p = r->win + r->wpos, *end = r->win + r->wlen;
        while (p < end) {
            switch (st) {
            case ST_START:
                if (*p == '\n') {
                    if (!r->prev_cr) r->line++;
                    r->prev_cr = 0;
                    p++;
                    continue;
                }
                if (*p == '\r') {
                    r->line++;
                    r->prev_cr = 1;
                    p++;
                    continue;
                }
                r->prev_cr = 0;
                r->rec_line = r->line;
                if (r->detecting) {
                    r->capturing = 1;
                    r->cap_from = (size_t)(p - r->win);
                }
                begin_field(r);
                st = ST_FIELD;
                /* fall through */
            case ST_FIELD:
                if (*p == '"') {
                    p++;
                    qline = r->line;
                    r->prev_cr = 0;
                    st = ST_QUOTED;
                    continue;
                }
                st = ST_UNQUOTED;
                /* fall through */
            case ST_UNQUOTED: {
                const unsigned char *q = p;
                const unsigned char *tab = r->uq;
                while (q < end && !tab[*q]) q++;
                add_bytes(r, p, (size_t)(q - p));
                p = q;
                if (p == end) continue;
                switch (tab[*p++]) {
                case C_DELIM:
                    if (p[-1] == ',') r->seen_comma = 1;
                    else r->seen_tab = 1;
                    end_field(r);
                    begin_field(r);
                    st = ST_FIELD;
                    continue;
                case C_NUL:
                    set_bad(r, "NUL byte in field %d", r->nf);
                    continue;
                case C_LF:
                    r->line++;
                    r->prev_cr = 0;
                    break;
                default:  /* C_CR */
                    r->line++;
                    r->prev_cr = 1;
                    break;
                }
                end_field(r);
                r->wpos = (size_t)(p - r->win);
                capture(r, r->wpos);
                return 1;
            }
            case ST_QUOTED: {
                const unsigned char *q = p;
                const unsigned char *tab = r->qt;
                while (q < end && !tab[*q]) q++;
                if (q > p) {
                    add_bytes(r, p, (size_t)(q - p));
                    r->prev_cr = 0;
                    p = q;
                }
                if (p == end) continue;
                switch (tab[*p]) {
                case C_QUOTE:
                    st = ST_QUOTE;
                    break;
                case C_NUL:
                    set_bad(r, "NUL byte in field %d", r->nf);
                    r->prev_cr = 0;
                    break;
                case C_LF:     /* embedded line ends are kept verbatim */
                    if (!r->prev_cr) r->line++;
                    r->prev_cr = 0;
                    add_bytes(r, p, 1);
                    break;
                default:       /* C_CR */
                    r->line++;
                    r->prev_cr = 1;
                    add_bytes(r, p, 1);
                    break;
                }
                p++;
                continue;
            }
            default: {         /* ST_QUOTE */
                unsigned char c = *p;
                if (c == '"') {            /* a doubled quote */
                    add_bytes(r, p, 1);
                    p++;
                    st = ST_QUOTED;
                    continue;
                }
                switch (r->uq[c]) {
                case C_DELIM:
                case C_LF:
                case C_CR:
                    st = ST_UNQUOTED;      /* ends the field (or record) there */
                    continue;
                case C_NUL:
                    set_bad(r, "NUL byte in field %d", r->nf);
                    p++;
                    st = ST_UNQUOTED;
                    continue;
                default:
                    /* Discarded from here to the end of the line. */
                    set_bad(r, "text after the closing quote in field %d", r->nf);
                    st = ST_UNQUOTED;
                    continue;
                }
            }
            }
        }
        r->wpos = (size_t)(p - r->win);
    }
}

/* ---- decoding -------------------------------------------------------- */

/* Validates UTF-8 (no overlongs, surrogates or code points over U+10FFFF).
 * Returns 0, or -1 with *off at the first byte of the bad sequence and
 * *blen the bytes of it seen (a truncated sequence at the end sets *trunc). */
static int utf8_check(const unsigned char *s, size_t n, size_t *off, size_t *blen, int *trunc)
{
    size_t i = 0;
    while (i < n) {
        /* ASCII runs eight bytes at a time (the common case). */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ULL) break;
            i += 8;
        }
        if (i == n) break;
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned char lo = 0x80, hi = 0xBF;   /* range of the first continuation */
        if (c >= 0xC2 && c <= 0xDF) need = 1;
        else if (c == 0xE0) { need = 2; lo = 0xA0; }
        else if (c == 0xED) { need = 2; hi = 0x9F; }
        else if (c >= 0xE1 && c <= 0xEF) need = 2;
        else if (c == 0xF0) { need = 3; lo = 0x90; }
        else if (c == 0xF4) { need = 3; hi = 0x8F; }
        else if (c >= 0xF1 && c <= 0xF3) need = 3;
        else {
            *off = i;
            *blen = 1;
            *trunc = 0;
            return -1;
        }
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= n) {
                *off = i;
                *blen = n - i;
                *trunc = 1;
                return -1;
            }
            unsigned char d = s[i + k];
            if (d < lo || d > hi) {
                *off = i;
                *blen = k + 1;
                *trunc = 0;
                return -1;
            }
            lo = 0x80;
            hi = 0xBF;
        }
        i += need + 1;
    }
    return 0;
}

/* Marks the record bad for a field that does not decode: the bytes at
 * s[off, off+blen) (at most 4 shown). */
static void bad_encoding(csv_reader *r, int field, const char *encname, const unsigned char *s,
                         size_t off, size_t blen, int trunc)
{
    char hex[16] = "";
    size_t h = 0;
    if (blen > 4) blen = 4;
    for (size_t k = 0; k < blen; k++) {
        snprintf(hex + h, sizeof hex - h, "%s%02X", k ? " " : "", s[off + k]);
        h = strlen(hex);
    }
    if (trunc)
        set_bad(r, "field %d is not valid %s: truncated sequence %s at the end of the field",
                field, encname, hex);
    else
        set_bad(r, "field %d is not valid %s: bytes %s at byte %zu of the field", field, encname,
                hex, off + 1);
}

/* Converts one GB18030 field into db at *dlen. Excel in China saves CSV in
 * code page 936, which stores the euro sign as the single byte 0x80; glibc's
 * GB18030 table (correctly, for GB 18030) has no such byte, so a 0x80 where
 * a character starts is taken as U+20AC here. Returns 0, or -1 with the
 * record marked bad. */
static int gb_field(csv_reader *r, int field, const unsigned char *s, size_t n, size_t *dlen)
{
    iconv(r->cd, NULL, NULL, NULL, NULL);
    char *in = (char *)s;
    size_t inleft = n;
    while (inleft > 0) {
        char *out = r->db + *dlen;
        size_t outleft = r->dcap - *dlen;
        size_t rc = iconv(r->cd, &in, &inleft, &out, &outleft);
        *dlen = (size_t)(out - r->db);
        if (rc != (size_t)-1) break;
        size_t off = (size_t)((unsigned char *)in - s);
        unsigned char c = s[off];
        if (errno == EILSEQ && c == 0x80 && r->dcap - *dlen >= 3) {
            memcpy(r->db + *dlen, "\xE2\x82\xAC", 3);
            *dlen += 3;
            in++;
            inleft--;
            continue;
        }
        if (errno == EILSEQ) {
            /* Show the sequence the lead byte announces: 4 bytes for a
             * four-byte form (second byte a digit), else 2, else 1. */
            size_t len = 1;
            if (c >= 0x81 && c <= 0xFE)
                len = inleft >= 2 && s[off + 1] >= 0x30 && s[off + 1] <= 0x39 ? 4 : 2;
            if (len > inleft) len = inleft;
            bad_encoding(r, field, "GB18030", s, off, len, 0);
        } else if (errno == EINVAL) {
            bad_encoding(r, field, "GB18030", s, off, inleft, 1);
        } else {
            /* E2BIG: db holds 4 output bytes per input byte, which no
             * GB18030 character needs; report rather than loop. */
            set_bad(r, "field %d: internal error converting from GB18030: %s", field,
                    msg_strerror(errno));
        }
        return -1;
    }
    return 0;
}

/* Decodes the finished record's fields into r->fields / r->lens. Returns 0,
 * or -1 with the record marked bad. */
static int decode(csv_reader *r)
{
    int nf = r->nf;
    if (r->enc == CSV_ENC_UTF8) {
        for (int i = 0; i < nf; i++) {
            const unsigned char *s = (const unsigned char *)r->rb + r->fstart[i];
            size_t off, blen;
            int trunc;
            if (utf8_check(s, r->flen[i], &off, &blen, &trunc)) {
                bad_encoding(r, i + 1, "UTF-8", s, off, blen, trunc);
                return -1;
            }
            r->fields[i] = r->rb + r->fstart[i];
            r->lens[i] = r->flen[i];
        }
        return 0;
    }
    /* GB18030: ASCII is itself; anything else goes through iconv into db,
     * which is sized once for the whole record (positions are kept as
     * offsets until then: a field points into rb or db). */
    size_t need = 4 * r->rlen + 1;
    if (need > r->dcap) {
        r->db = xrealloc(r->db, need);
        r->dcap = need;
    }
    size_t dlen = 0;
    for (int i = 0; i < nf; i++) {
        const unsigned char *s = (const unsigned char *)r->rb + r->fstart[i];
        size_t n = r->flen[i], k = 0;
        while (k < n && s[k] < 0x80) k++;
        if (k == n) {
            r->fields[i] = r->rb + r->fstart[i];
            r->lens[i] = n;
            continue;
        }
        size_t at = dlen;
        if (gb_field(r, i + 1, s, n, &dlen)) return -1;
        r->db[dlen++] = '\0';
        r->fields[i] = r->db + at;
        r->lens[i] = dlen - at - 1;
    }
    return 0;
}

/* ---- interface ------------------------------------------------------- */

void csv_detect_init(csv_detect *d)
{
    memset(d, 0, sizeof *d);
    d->valid_utf8 = 1;
}

/* The validator's state: `need` continuation bytes are still expected, and
 * `state` restricts the first of them (1: A0..BF after E0, 2: 80..9F after
 * ED, 3: 90..BF after F0, 4: 80..8F after F4, 0: 80..BF). */
void csv_detect_feed(csv_detect *d, const void *buf, size_t n)
{
    const unsigned char *s = buf;
    size_t i = 0;
    while (d->pos < 3 && i < n) d->first[d->pos++] = s[i++];
    d->pos += (unsigned long)(n - i);
    const unsigned char *p = s, *end = s + n;
    int need = d->need, state = d->state, cjk = d->cjk;
    while (p < end) {
        if (need == 0) {
            /* ASCII run: the common case. */
            while (p < end && *p < 0x80) p++;
            if (p == end) break;
            unsigned char c = *p++;
            cjk = c >= 0xE3 && c <= 0xE9;
            if (c >= 0xC2 && c <= 0xDF) { need = 1; state = 0; }
            else if (c == 0xE0) { need = 2; state = 1; }
            else if (c == 0xED) { need = 2; state = 2; }
            else if (c >= 0xE1 && c <= 0xEF) { need = 2; state = 0; }
            else if (c == 0xF0) { need = 3; state = 3; }
            else if (c == 0xF4) { need = 3; state = 4; }
            else if (c >= 0xF1 && c <= 0xF3) { need = 3; state = 0; }
            else { d->valid_utf8 = 0; d->mb_bad++; }
            continue;
        }
        unsigned char c = *p;
        unsigned char lo = 0x80, hi = 0xBF;
        switch (state) {
        case 1: lo = 0xA0; break;
        case 2: hi = 0x9F; break;
        case 3: lo = 0x90; break;
        case 4: hi = 0x8F; break;
        default: break;
        }
        if (c < lo || c > hi) {   /* resynchronise on this byte */
            d->valid_utf8 = 0;
            d->mb_bad++;
            need = 0;
            continue;
        }
        p++;
        state = 0;
        if (--need == 0 && cjk) d->mb_ok++;
    }
    d->need = need;
    d->state = state;
    d->cjk = cjk;
}

csv_encoding csv_detect_result(const csv_detect *d, int *utf16)
{
    if (utf16) *utf16 = 0;
    if (d->pos >= 2 && ((d->first[0] == 0xFF && d->first[1] == 0xFE) ||
                        (d->first[0] == 0xFE && d->first[1] == 0xFF))) {
        if (utf16) *utf16 = 1;
        return CSV_ENC_UTF8;
    }
    if (d->pos >= 3 && d->first[0] == 0xEF && d->first[1] == 0xBB && d->first[2] == 0xBF)
        return CSV_ENC_UTF8;
    if (d->valid_utf8 && d->need == 0) return CSV_ENC_UTF8;
    /* A UTF-8 export with a few damaged bytes stays UTF-8, so that only the
     * damaged rows are rejected (by line) and no good row is stored as
     * mojibake. GB18030 hanzi read as UTF-8 are mostly ill-formed and
     * almost never form a well-formed 3-byte sequence of U+3000..U+9FFF
     * (that needs a lead E3..E9, then two bytes 80..BF); UTF-8 Chinese text
     * is made of them. */
    unsigned long bad = d->mb_bad + (d->need != 0);
    return d->mb_ok > 2 * bad ? CSV_ENC_UTF8 : CSV_ENC_GB18030;
}

csv_reader *csv_open(csv_read_fn fn, void *ctx, csv_encoding enc, char delim,
                     const char *name, kerr *e)
{
    if (enc != CSV_ENC_UTF8 && enc != CSV_ENC_GB18030) {
        kerr_set(e, EXIT_SOFTWARE, "%s: internal error: CSV encoding not decided", name);
        return NULL;
    }
    if (delim != 0 && delim != ',' && delim != '\t') {
        kerr_set(e, EXIT_SOFTWARE, "%s: internal error: CSV delimiter must be comma or tab", name);
        return NULL;
    }
    csv_reader *r = xcalloc(1, sizeof *r);
    r->fn = fn;
    r->ctx = ctx;
    r->name = xstrdup(name ? name : "(input)");
    r->enc = enc;
    r->delim = delim;
    r->cd = (iconv_t)-1;
    r->in = xmalloc(CSV_BUF);
    r->win = r->in;
    r->line = 1;
    r->rcap = 4096;
    r->rb = xmalloc(r->rcap);
    if (delim) {
        set_tables(r, delim == ',', delim == '\t');
    } else {
        r->detecting = 1;
        set_tables(r, 1, 1);
    }
    if (enc == CSV_ENC_GB18030) {
        r->cd = iconv_open("UTF-8", "GB18030");
        if (r->cd == (iconv_t)-1) {
            kerr_set(e, EXIT_SOFTWARE, "%s: cannot convert from GB18030: iconv_open: %s", r->name,
                     msg_strerror(errno));
            goto fail;
        }
    }
    /* The first bytes, for the byte order mark (a feed may give 1 at a time). */
    while (r->wlen < 3 && !r->eof) {
        long n = fn(ctx, (char *)r->in + r->wlen, CSV_BUF - r->wlen);
        if (n < 0 || n > (long)(CSV_BUF - r->wlen)) {
            kerr_set(e, EXIT_NOINPUT, "%s: read error", r->name);
            goto fail;
        }
        if (n == 0) r->eof = 1;
        r->wlen += (size_t)n;
    }
    if (r->wlen >= 2 && ((r->in[0] == 0xFF && r->in[1] == 0xFE) ||
                         (r->in[0] == 0xFE && r->in[1] == 0xFF))) {
        kerr_set(e, EXIT_DATAERR, "%s: the file is UTF-16 (it starts with a UTF-16 byte order "
                 "mark): save it as UTF-8 or GB18030", r->name);
        goto fail;
    }
    if (r->wlen >= 3 && r->in[0] == 0xEF && r->in[1] == 0xBB && r->in[2] == 0xBF) r->wpos = 3;
    return r;
fail:
    csv_close(r);
    return NULL;
}

/* After the header was read with both delimiters: picks one and, when
 * both acted, reads the header's kept bytes again with comma alone.
 * Returns the scan result for the header. */
static int decide_delimiter(csv_reader *r, int rc, long line0)
{
    int both = r->seen_comma && r->seen_tab;
    r->delim = r->seen_tab && !r->seen_comma ? '\t' : ',';
    set_tables(r, r->delim == ',', r->delim == '\t');
    r->detecting = 0;
    r->capturing = 0;
    if (both && !r->cap_over && r->caplen > 0 && rc != 0 && !(rc == -2 && r->fatal.code == EXIT_NOINPUT)) {
        /* The second reading: kept bytes, then what is left in the window. */
        size_t rest = r->wlen - r->wpos;
        unsigned char *b = xmalloc(r->caplen + rest);
        memcpy(b, r->cap, r->caplen);
        memcpy(b + r->caplen, r->win + r->wpos, rest);
        free(r->replay);   /* the window was never the replay buffer here */
        r->replay = b;
        r->win = b;
        r->wpos = 0;
        r->wlen = r->caplen + rest;
        r->line = line0;
        r->prev_cr = 0;
        kerr_clear(&r->fatal);
        rc = scan(r);
    }
    free(r->cap);
    r->cap = NULL;
    r->caplen = r->capcap = 0;
    return rc;
}

int csv_next(csv_reader *r, csv_record *rec, kerr *e)
{
    rec->nfields = 0;
    rec->fields = r->fields;
    rec->lens = r->lens;
    if (r->dead) {
        rec->line = r->rec_line;
        if (e) *e = r->fatal;
        return -2;
    }
    int rc = scan(r);
    if (r->detecting) rc = decide_delimiter(r, rc, r->rec_line);
    rec->line = r->rec_line;
    if (rc == 0) return 0;
    if (rc == -2) {
        r->dead = 1;
        if (e) *e = r->fatal;
        return -2;
    }
    if (r->bad || decode(r)) {
        if (e) *e = r->err;
        return -1;
    }
    rec->nfields = r->nf;
    return 1;
}

char csv_delimiter(const csv_reader *r)
{
    return r->delim;
}

void csv_close(csv_reader *r)
{
    if (!r) return;
    if (r->cd != (iconv_t)-1) iconv_close(r->cd);
    free(r->name);
    free(r->in);
    free(r->replay);
    free(r->rb);
    free(r->db);
    free(r->cap);
    free(r);
}
