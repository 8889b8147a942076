/* test_csv.c — the CSV reader (csv.h) against SPEC §5: a table of inputs,
 * each with the exact records (fields and start lines) or the exact error
 * (return code and message) it must give. Every case is read four ways —
 * the whole input in one read, 1 byte per read, 2 bytes and 7 bytes per
 * read — so that every chunk boundary falls everywhere (a CR at the end of
 * one read and its LF in the next, a quote pair split, a GB18030 or UTF-8
 * sequence split, the BOM split) and all four must agree with the table.
 * Then the limits (65536-byte field, 1 MiB row, 256 fields) with large
 * generated inputs, read errors, UTF-16 BOMs, and the encoding detector fed
 * at every split point. */
#include "csv.h"
#include "t.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define IN(s) s, sizeof(s) - 1   /* input bytes with their length (NUL allowed) */

/* ---- a memory feed ------------------------------------------------- */

struct feed {
    const char *p;     /* the input */
    size_t len;        /* its length */
    size_t pos;        /* bytes handed out so far */
    size_t chunk;      /* at most this many bytes per read */
    long fail_after;   /* a read error once pos reaches this (-1: never) */
};

static long feed_read(void *ctx, char *buf, size_t n)
{
    struct feed *f = ctx;
    if (f->fail_after >= 0 && f->pos >= (size_t)f->fail_after) return -1;
    size_t k = f->len - f->pos;
    if (k > n) k = n;
    if (k > f->chunk) k = f->chunk;
    memcpy(buf, f->p + f->pos, k);
    f->pos += k;
    return (long)k;
}

/* ---- the table ------------------------------------------------------- */

#define MAXF 6
#define MAXR 7

/* One result of csv_next: rc 1 with fields, -1 or -2 with a message. The
 * list ends with rc 0 (end of input) or -2. */
struct want {
    int rc;                  /* 1, -1, -2, or 0 for the end */
    long line;               /* rec->line */
    int nf;                  /* fields (rc 1) */
    const char *f[MAXF];     /* their values */
    const char *msg;         /* exact e->msg for -1 / -2 */
};

struct ccase {
    const char *label;       /* what the case is about */
    const char *in;          /* input bytes */
    size_t inlen;            /* their count */
    csv_encoding enc;        /* encoding passed to csv_open */
    char delim;              /* delimiter passed (0: detect) */
    char want_delim;         /* csv_delimiter after the first record */
    struct want w[MAXR];     /* the results in order */
};

#define U CSV_ENC_UTF8
#define G CSV_ENC_GB18030
#define END { 0, 0, 0, {0}, NULL }

static const struct ccase cases[] = {
    { "plain", IN("a,b,c\n1,2,3\n"), U, 0, ',',
      { { 1, 1, 3, { "a", "b", "c" }, NULL }, { 1, 2, 3, { "1", "2", "3" }, NULL }, END } },
    { "quoted fields", IN("\"a\",\"b,c\",\"\"\n"), U, 0, ',',
      { { 1, 1, 3, { "a", "b,c", "" }, NULL }, END } },
    { "doubled quotes", IN("\"he said \"\"hi\"\"\",\"\"\"\"\n"), U, 0, ',',
      { { 1, 1, 2, { "he said \"hi\"", "\"" }, NULL }, END } },
    { "embedded LF", IN("h1,h2\n\"a\nb\",c\nd,e\n"), U, 0, ',',
      { { 1, 1, 2, { "h1", "h2" }, NULL }, { 1, 2, 2, { "a\nb", "c" }, NULL },
        { 1, 4, 2, { "d", "e" }, NULL }, END } },
    { "embedded CRLF", IN("h\r\n\"a\r\nb\"\r\nz\r\n"), U, 0, ',',
      { { 1, 1, 1, { "h" }, NULL }, { 1, 2, 1, { "a\r\nb" }, NULL }, { 1, 4, 1, { "z" }, NULL }, END } },
    { "embedded lone CR", IN("h\r\"a\rb\"\rz\r"), U, 0, ',',
      { { 1, 1, 1, { "h" }, NULL }, { 1, 2, 1, { "a\rb" }, NULL }, { 1, 4, 1, { "z" }, NULL }, END } },
    { "embedded LF CR LF", IN("\"\n\r\n\",x\ny\n"), U, 0, ',',
      { { 1, 1, 2, { "\n\r\n", "x" }, NULL }, { 1, 4, 1, { "y" }, NULL }, END } },
    { "CRLF ends", IN("a,b\r\nc,d\r\n"), U, 0, ',',
      { { 1, 1, 2, { "a", "b" }, NULL }, { 1, 2, 2, { "c", "d" }, NULL }, END } },
    { "lone CR ends, no final newline", IN("a,b\rc,d\re"), U, 0, ',',
      { { 1, 1, 2, { "a", "b" }, NULL }, { 1, 2, 2, { "c", "d" }, NULL },
        { 1, 3, 1, { "e" }, NULL }, END } },
    { "mixed ends", IN("a\r\nb\nc\rd"), U, 0, ',',
      { { 1, 1, 1, { "a" }, NULL }, { 1, 2, 1, { "b" }, NULL }, { 1, 3, 1, { "c" }, NULL },
        { 1, 4, 1, { "d" }, NULL }, END } },
    { "missing final newline", IN("a,b\nc,d"), U, 0, ',',
      { { 1, 1, 2, { "a", "b" }, NULL }, { 1, 2, 2, { "c", "d" }, NULL }, END } },
    { "quoted last field, no final newline", IN("a,\"b\""), U, 0, ',',
      { { 1, 1, 2, { "a", "b" }, NULL }, END } },
    { "trailing delimiter at end of input", IN("a,"), U, 0, ',',
      { { 1, 1, 2, { "a", "" }, NULL }, END } },
    { "empty last line", IN("a\nb\n\n"), U, 0, ',',
      { { 1, 1, 1, { "a" }, NULL }, { 1, 2, 1, { "b" }, NULL }, END } },
    { "blank lines in the middle", IN("a\n\n\r\n\rb\n\n"), U, 0, ',',
      { { 1, 1, 1, { "a" }, NULL }, { 1, 5, 1, { "b" }, NULL }, END } },
    { "blank lines before the header", IN("\n\r\nid\n"), U, 0, ',',
      { { 1, 3, 1, { "id" }, NULL }, END } },
    { "line of delimiters is a record", IN("a,b\n,\n"), U, 0, ',',
      { { 1, 1, 2, { "a", "b" }, NULL }, { 1, 2, 2, { "", "" }, NULL }, END } },
    { "line of tabs is a record", IN("a\tb\n\t\n"), U, 0, '\t',
      { { 1, 1, 2, { "a", "b" }, NULL }, { 1, 2, 2, { "", "" }, NULL }, END } },
    { "spaces are a value", IN("a\n  \n"), U, 0, ',',
      { { 1, 1, 1, { "a" }, NULL }, { 1, 2, 1, { "  " }, NULL }, END } },
    { "values never altered", IN("  007 ,=SUM(A1),\" x \"\n"), U, 0, ',',
      { { 1, 1, 3, { "  007 ", "=SUM(A1)", " x " }, NULL }, END } },
    { "quote inside an unquoted field is a byte", IN("5\" screen,a\"b\"\n"), U, 0, ',',
      { { 1, 1, 2, { "5\" screen", "a\"b\"" }, NULL }, END } },
    { "ragged rows keep their true nfields", IN("a,b,c\n1,2\n1,2,3,4\n"), U, 0, ',',
      { { 1, 1, 3, { "a", "b", "c" }, NULL }, { 1, 2, 2, { "1", "2" }, NULL },
        { 1, 3, 4, { "1", "2", "3", "4" }, NULL }, END } },
    { "UTF-8 BOM skipped", IN("\xef\xbb\xbfid,name\n1,x\n"), U, 0, ',',
      { { 1, 1, 2, { "id", "name" }, NULL }, { 1, 2, 2, { "1", "x" }, NULL }, END } },
    { "UTF-8 BOM skipped in GB18030 mode", IN("\xef\xbb\xbfid\n\xd6\xd0\n"), G, 0, ',',
      { { 1, 1, 1, { "id" }, NULL }, { 1, 2, 1, { "\xe4\xb8\xad" }, NULL }, END } },
    { "BOM only in the first record", IN("a\n\xef\xbb\xbf" "b\n"), U, 0, ',',
      { { 1, 1, 1, { "a" }, NULL }, { 1, 2, 1, { "\xef\xbb\xbf" "b" }, NULL }, END } },
    { "BOM only", IN("\xef\xbb\xbf"), U, 0, ',', { END } },
    { "empty input", IN(""), U, 0, ',', { END } },
    { "only blank lines", IN("\r\n\n\r"), U, 0, ',', { END } },
    { "UTF-8 CJK", IN("\xe5\xa7\x93\xe5\x90\x8d,\xf0\xa0\xae\xb7\n"), U, 0, ',',
      { { 1, 1, 2, { "\xe5\xa7\x93\xe5\x90\x8d", "\xf0\xa0\xae\xb7" }, NULL }, END } },   /* 姓名, 𠮷 */

    /* GB18030 */
    { "GB18030 two-byte", IN("\xd6\xd0\xce\xc4,x\n\"\xd6\xd0,\"\n"), G, 0, ',',
      { { 1, 1, 2, { "\xe4\xb8\xad\xe6\x96\x87", "x" }, NULL },   /* 中文 */
        { 1, 2, 1, { "\xe4\xb8\xad," }, NULL }, END } },
    { "GB18030 euro 0x80 (code page 936)", IN("\x80" "100,\xd6\xd0\x80,\x80\n"), G, 0, ',',
      { { 1, 1, 3, { "\xe2\x82\xac" "100", "\xe4\xb8\xad\xe2\x82\xac", "\xe2\x82\xac" }, NULL }, END } },
    { "GB18030 euro A2E3", IN("\xa2\xe3\n"), G, 0, ',',
      { { 1, 1, 1, { "\xe2\x82\xac" }, NULL }, END } },
    { "GB18030 0x80 as a trail byte", IN("\x81\x80\n"), G, 0, ',',
      { { 1, 1, 1, { "\xe4\xba\x90" }, NULL }, END } },
    { "GB18030 four-byte", IN("\x81\x30\x81\x30,\x90\x30\x81\x30\n"), G, 0, ',',
      { { 1, 1, 2, { "\xc2\x80", "\xf0\x90\x80\x80" }, NULL }, END } },   /* U+0080, U+10000 */
    { "GB18030 invalid byte, then recovery", IN("ok\n\xff\x41,b\nnext\n"), G, 0, ',',
      { { 1, 1, 1, { "ok" }, NULL },
        { -1, 2, 0, {0}, "t.csv:2: field 1 is not valid GB18030: bytes FF at byte 1 of the field" },
        { 1, 3, 1, { "next" }, NULL }, END } },
    { "GB18030 bad trail byte", IN("a,x\xa1\x20y\n"), G, 0, ',',
      { { -1, 1, 0, {0}, "t.csv:1: field 2 is not valid GB18030: bytes A1 20 at byte 2 of the field" },
        END } },
    { "GB18030 bad four-byte", IN("\xfe\x39\xfe\x39\n"), G, 0, ',',
      { { -1, 1, 0, {0}, "t.csv:1: field 1 is not valid GB18030: bytes FE 39 FE 39 at byte 1 of the field" },
        END } },
    { "GB18030 truncated at field end", IN("a,\xd6\nb,\x81\x30\n"), G, 0, ',',
      { { -1, 1, 0, {0}, "t.csv:1: field 2 is not valid GB18030: truncated sequence D6 at the end of the field" },
        { -1, 2, 0, {0}, "t.csv:2: field 2 is not valid GB18030: truncated sequence 81 30 at the end of the field" },
        END } },
    { "GB18030 sequence cut by a delimiter", IN("\xd6,\xd0\n"), G, 0, ',',
      { { -1, 1, 0, {0}, "t.csv:1: field 1 is not valid GB18030: truncated sequence D6 at the end of the field" },
        END } },

    /* invalid UTF-8 */
    { "UTF-8 bad continuation", IN("h\nx,\xc3\x28\ny\n"), U, 0, ',',
      { { 1, 1, 1, { "h" }, NULL },
        { -1, 2, 0, {0}, "t.csv:2: field 2 is not valid UTF-8: bytes C3 28 at byte 1 of the field" },
        { 1, 3, 1, { "y" }, NULL }, END } },
    { "UTF-8 GB18030 bytes", IN("\xd6\xd0\xce\xc4\n"), U, 0, ',',
      { { -1, 1, 0, {0}, "t.csv:1: field 1 is not valid UTF-8: bytes D6 D0 at byte 1 of the field" }, END } },
    { "UTF-8 overlong", IN("ab\xc0\xaf\n\xe0\x80\x80\n"), U, 0, ',',
      { { -1, 1, 0, {0}, "t.csv:1: field 1 is not valid UTF-8: bytes C0 at byte 3 of the field" },
        { -1, 2, 0, {0}, "t.csv:2: field 1 is not valid UTF-8: bytes E0 80 at byte 1 of the field" }, END } },
    { "UTF-8 surrogate", IN("\xed\xa0\x80\n"), U, 0, ',',
      { { -1, 1, 0, {0}, "t.csv:1: field 1 is not valid UTF-8: bytes ED A0 at byte 1 of the field" }, END } },
    { "UTF-8 above U+10FFFF", IN("\xf4\x90\x80\x80\n\xf5\x80\n"), U, 0, ',',
      { { -1, 1, 0, {0}, "t.csv:1: field 1 is not valid UTF-8: bytes F4 90 at byte 1 of the field" },
        { -1, 2, 0, {0}, "t.csv:2: field 1 is not valid UTF-8: bytes F5 at byte 1 of the field" }, END } },
    { "UTF-8 truncated at field end", IN("a,ab\xe4\xb8\n"), U, 0, ',',
      { { -1, 1, 0, {0}, "t.csv:1: field 2 is not valid UTF-8: truncated sequence E4 B8 at the end of the field" },
        END } },
    { "UTF-8 edges valid", IN("\xed\x9f\xbf,\xee\x80\x80,\xef\xbf\xbf,\xf4\x8f\xbf\xbf,\xc2\x80\n"), U, 0, ',',
      { { 1, 1, 5, { "\xed\x9f\xbf", "\xee\x80\x80", "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf", "\xc2\x80" }, NULL },
        END } },

    /* bad records and recovery */
    { "NUL byte, recovery on the next line", IN("a,b\nx,y\0z\nc,d\n"), U, 0, ',',
      { { 1, 1, 2, { "a", "b" }, NULL }, { -1, 2, 0, {0}, "t.csv:2: NUL byte in field 2" },
        { 1, 3, 2, { "c", "d" }, NULL }, END } },
    { "NUL in a quoted field spanning lines", IN("h\n\"x\0\ny\",z\nq\n"), U, 0, ',',
      { { 1, 1, 1, { "h" }, NULL }, { -1, 2, 0, {0}, "t.csv:2: NUL byte in field 1" },
        { 1, 4, 1, { "q" }, NULL }, END } },
    { "NUL after a closing quote", IN("\"a\"\0,b\nc\n"), U, 0, ',',
      { { -1, 1, 0, {0}, "t.csv:1: NUL byte in field 1" }, { 1, 2, 1, { "c" }, NULL }, END } },
    { "text after closing quote, recovery", IN("h,i\n\"ab\"c,d\ne,f\n"), U, 0, ',',
      { { 1, 1, 2, { "h", "i" }, NULL },
        { -1, 2, 0, {0}, "t.csv:2: text after the closing quote in field 1" },
        { 1, 3, 2, { "e", "f" }, NULL }, END } },
    { "text after closing quote, with a quote after", IN("h\nx,\"a\"b\"c\nnext\n"), U, 0, ',',
      { { 1, 1, 1, { "h" }, NULL },
        { -1, 2, 0, {0}, "t.csv:2: text after the closing quote in field 2" },
        { 1, 3, 1, { "next" }, NULL }, END } },
    { "space after closing quote", IN("\"a\" ,b\n"), U, 0, ',',
      { { -1, 1, 0, {0}, "t.csv:1: text after the closing quote in field 1" }, END } },
    { "first error wins", IN("\"a\"b,\0\n"), U, 0, ',',
      { { -1, 1, 0, {0}, "t.csv:1: text after the closing quote in field 1" }, END } },
    { "unterminated quote", IN("a\n\"b,c\nd\n"), U, 0, ',',
      { { 1, 1, 1, { "a" }, NULL },
        { -2, 2, 0, {0}, "t.csv:2: unterminated quoted field 1 (quote opened on line 2)" } } },
    { "unterminated quote later in the record", IN("h\nx,\"y\",\"abc\n\n"), U, 0, ',',
      { { 1, 1, 1, { "h" }, NULL },
        { -2, 2, 0, {0}, "t.csv:2: unterminated quoted field 3 (quote opened on line 2)" } } },
    { "unterminated quote opened on a later line", IN("h\nx,\"a\nb\",\"c\nd"), U, 0, ',',
      { { 1, 1, 1, { "h" }, NULL },
        { -2, 2, 0, {0}, "t.csv:2: unterminated quoted field 3 (quote opened on line 3)" } } },

    /* delimiters */
    { "tab-delimited with commas in values", IN("name\tnote\nA,B\tc,d\n"), U, 0, '\t',
      { { 1, 1, 2, { "name", "note" }, NULL }, { 1, 2, 2, { "A,B", "c,d" }, NULL }, END } },
    { "header quotes hide commas: tab", IN("\"a,b\"\t\"c\td\"\n1\t2,3\n"), U, 0, '\t',
      { { 1, 1, 2, { "a,b", "c\td" }, NULL }, { 1, 2, 2, { "1", "2,3" }, NULL }, END } },
    { "header quotes hide tabs: comma", IN("\"a\tb\",c\n1\t2,3\n"), U, 0, ',',
      { { 1, 1, 2, { "a\tb", "c" }, NULL }, { 1, 2, 2, { "1\t2", "3" }, NULL }, END } },
    { "one column: comma", IN("\"x,y\"\nv\n"), U, 0, ',',
      { { 1, 1, 1, { "x,y" }, NULL }, { 1, 2, 1, { "v" }, NULL }, END } },
    { "both outside quotes: comma", IN("a\tb,c\n1\t2,3\n"), U, 0, ',',
      { { 1, 1, 2, { "a\tb", "c" }, NULL }, { 1, 2, 2, { "1\t2", "3" }, NULL }, END } },
    /* Read with both delimiters the header is x | "y,z\nw" | v over two
     * lines; with comma alone the quote is an ordinary byte and the header
     * ends on line 1 — the kept bytes are read again. */
    { "both outside quotes: header read again", IN("x\t\"y,z\nw\",v\nnext\n"), U, 0, ',',
      { { 1, 1, 2, { "x\t\"y", "z" }, NULL }, { 1, 2, 2, { "w\"", "v" }, NULL },
        { 1, 3, 1, { "next" }, NULL }, END } },
    { "both, header ends on CR then LF", IN("a\tb,c\r\n1,2\r\n"), U, 0, ',',
      { { 1, 1, 2, { "a\tb", "c" }, NULL }, { 1, 2, 2, { "1", "2" }, NULL }, END } },
    { "comma only inside quotes: tab, unterminated", IN("a\t\"b,c\n"), U, 0, '\t',
      { { -2, 1, 0, {0}, "t.csv:1: unterminated quoted field 2 (quote opened on line 1)" } } },
    { "both, unterminated in the first reading only", IN("x,a\t\"b\n"), U, 0, ',',
      { { 1, 1, 2, { "x", "a\t\"b" }, NULL }, END } },
    { "tab given: commas are bytes", IN("a,b\tc\n"), U, '\t', '\t',
      { { 1, 1, 2, { "a,b", "c" }, NULL }, END } },
    { "comma given: tabs are bytes", IN("a\tb,c\n"), U, ',', ',',
      { { 1, 1, 2, { "a\tb", "c" }, NULL }, END } },
    { "comma given: tab after closing quote", IN("\"a\"\tb\n"), U, ',', ',',
      { { -1, 1, 0, {0}, "t.csv:1: text after the closing quote in field 1" }, END } },
};

/* Runs one case with reads of at most `chunk` bytes; returns the number of
 * checks that failed (the harness counts them too). */
static void run_case(const struct ccase *c, size_t chunk)
{
    char label[160];
    struct feed f = { c->in, c->inlen, 0, chunk, -1 };
    kerr e;
    kerr_clear(&e);
    csv_reader *r = csv_open(feed_read, &f, c->enc, c->delim, "t.csv", &e);
    snprintf(label, sizeof label, "%s [chunk %zu] open", c->label, chunk);
    T_CHECK(r != NULL, "%s: %s", label, e.msg);
    if (!r) return;
    for (int i = 0; i < MAXR; i++) {
        const struct want *w = &c->w[i];
        csv_record rec;
        kerr_clear(&e);
        int rc = csv_next(r, &rec, &e);
        snprintf(label, sizeof label, "%s [chunk %zu] result %d", c->label, chunk, i + 1);
        T_EQ_INT(rc, w->rc, label);
        if (rc != w->rc) break;
        if (i == 0) T_EQ_INT(csv_delimiter(r), c->want_delim, label);
        if (rc == 0) break;
        T_EQ_INT(rec.line, w->line, label);
        if (rc == 1) {
            T_EQ_INT(rec.nfields, w->nf, label);
            for (int k = 0; k < rec.nfields && k < w->nf && k < MAXF; k++) {
                T_EQ_STR(rec.fields[k], w->f[k], label);
                T_EQ_INT(rec.lens[k], strlen(w->f[k]), label);
            }
        } else {
            T_EQ_STR(e.msg, w->msg, label);
            T_EQ_INT(e.code, EXIT_DATAERR, label);
        }
        if (rc == -2) {   /* stays failed */
            T_EQ_INT(csv_next(r, &rec, &e), -2, label);
            break;
        }
    }
    csv_close(r);
}

/* ---- generated inputs ------------------------------------------------ */

/* Reads all of `in` and returns the results as text, one line per record:
 * "L:rc:nfields:len,len,...|msg" — to compare feeds and check limits; with
 * `values` each field's bytes follow as JSON strings. */
static char *digest(const char *in, size_t len, size_t chunk, csv_encoding enc, char delim,
                    int values)
{
    sbuf out = {0};
    struct feed f = { in, len, 0, chunk, -1 };
    kerr e;
    kerr_clear(&e);
    csv_reader *r = csv_open(feed_read, &f, enc, delim, "big.csv", &e);
    if (!r) {
        sbuf_printf(&out, "open:%s\n", e.msg);
        return out.p;
    }
    for (;;) {
        csv_record rec;
        int rc = csv_next(r, &rec, &e);
        if (rc == 0) break;
        sbuf_printf(&out, "%ld:%d:%d:", rec.line, rc, rec.nfields);
        for (int k = 0; k < rec.nfields; k++) sbuf_printf(&out, "%zu,", rec.lens[k]);
        for (int k = 0; values && k < rec.nfields; k++) sbuf_json_str(&out, rec.fields[k]);
        if (rc < 0) sbuf_printf(&out, "|%s", e.msg);
        sbuf_addc(&out, '\n');
        if (rc == -2) break;
    }
    csv_close(r);
    if (!out.p) sbuf_adds(&out, "");
    return out.p;
}

static void fill(sbuf *b, char c, size_t n)
{
    for (size_t i = 0; i < n; i++) sbuf_addc(b, c);
}

static void test_limits(void)
{
    sbuf b = {0};
    char *d, *d1;

    /* A field of exactly 65536 bytes is read; 65537 is a bad record, and
     * the next line is read. Quoted too (the quotes do not count). */
    sbuf_adds(&b, "h1,h2\nx,");
    fill(&b, 'a', KEFU_MAX_FIELD);
    sbuf_adds(&b, "\ny,");
    fill(&b, 'b', KEFU_MAX_FIELD + 1);
    sbuf_adds(&b, ",z\nw,\"");
    fill(&b, 'c', KEFU_MAX_FIELD - 2);
    sbuf_adds(&b, "\"\"\n\"\nv,1\n");
    d = digest(b.p, b.len, 65536, CSV_ENC_UTF8, 0, 0);
    T_EQ_STR(d, "1:1:2:2,2,\n"
                "2:1:2:1,65536,\n"
                "3:-1:0:|big.csv:3: field 2 is longer than 65536 bytes\n"
                "4:1:2:1,65536,\n"
                "6:1:2:1,1,\n", "field of 65536 and 65537 bytes");
    d1 = digest(b.p, b.len, 1, CSV_ENC_UTF8, 0, 0);
    T_EQ_STR(d1, d, "field limits: 1-byte feed gives the same");
    free(d);
    free(d1);

    /* A record over 1 MiB: 20 fields of 60000 bytes; then recovery. */
    sbuf_reset(&b);
    sbuf_adds(&b, "a\n");
    for (int i = 0; i < 20; i++) {
        if (i) sbuf_addc(&b, ',');
        fill(&b, 'r', 60000);
    }
    sbuf_adds(&b, "\r\nnext\n");
    d = digest(b.p, b.len, 4096, CSV_ENC_UTF8, ',', 0);
    T_EQ_STR(d, "1:1:1:1,\n"
                "2:-1:0:|big.csv:2: record is longer than 1048576 bytes\n"
                "3:1:1:4,\n", "row over 1 MiB");
    free(d);

    /* 256 fields are read; 257 are a bad record. */
    sbuf_reset(&b);
    for (int i = 0; i < KEFU_MAX_COLUMNS; i++) sbuf_adds(&b, i ? ",x" : "x");
    sbuf_addc(&b, '\n');
    for (int i = 0; i <= KEFU_MAX_COLUMNS; i++) sbuf_adds(&b, i ? ",y" : "y");
    sbuf_adds(&b, "\nz\n");
    {
        struct feed f = { b.p, b.len, 0, 3, -1 };
        kerr e;
        csv_record rec;
        csv_reader *r = csv_open(feed_read, &f, CSV_ENC_UTF8, 0, "w.csv", &e);
        T_EQ_INT(csv_next(r, &rec, &e), 1, "256 fields");
        T_EQ_INT(rec.nfields, KEFU_MAX_COLUMNS, "256 fields: count");
        T_EQ_STR(rec.fields[255], "x", "256 fields: last");
        T_EQ_INT(csv_next(r, &rec, &e), -1, "257 fields");
        T_EQ_STR(e.msg, "w.csv:2: record has more than 256 fields", "257 fields: message");
        T_EQ_INT(csv_next(r, &rec, &e), 1, "after 257 fields");
        T_EQ_STR(rec.fields[0], "z", "after 257 fields: value");
        T_EQ_INT(rec.line, 3, "after 257 fields: line");
        csv_close(r);
    }
    sbuf_free(&b);
}

/* A mixed input of every construct, read in whole and in chunks of 1..9
 * bytes, must give identical results. */
static void test_chunking(void)
{
    static const char in[] =
        "\xef\xbb\xbf" "id,\"na,me\",note\r\n"
        "1,\"a\"\"b\",\"x\r\ny\"\r\n"
        "\r\n"
        "2,\xe4\xb8\xad\xe6\x96\x87,\"\"\r"
        "3,\"q\"z,w\n"
        "4,n\0l,\n"
        "5,\xe4\xb8,x\n"
        ",,\n"
        "6,\"\n\n\",end";
    char *whole = digest(in, sizeof in - 1, 1 << 20, CSV_ENC_UTF8, 0, 0);
    T_CHECK(strstr(whole, "9:1:3:0,0,0,") != NULL, "chunking: ,, record on line 9: %s", whole);
    for (size_t chunk = 1; chunk < 10; chunk++) {
        char *d = digest(in, sizeof in - 1, chunk, CSV_ENC_UTF8, 0, 0);
        char label[64];
        snprintf(label, sizeof label, "chunking: chunk %zu equals whole", chunk);
        T_EQ_STR(d, whole, label);
        free(d);
    }
    T_EQ_STR(whole,
             "1:1:3:2,5,4,\n"
             "2:1:3:1,3,4,\n"
             "5:1:3:1,6,0,\n"
             "6:-1:0:|big.csv:6: text after the closing quote in field 2\n"
             "7:-1:0:|big.csv:7: NUL byte in field 2\n"
             "8:-1:0:|big.csv:8: field 2 is not valid UTF-8: truncated sequence E4 B8 at the end of the field\n"
             "9:1:3:0,0,0,\n"
             "10:1:3:1,2,3,\n",
             "chunking: the records");
    free(whole);
}

/* Random inputs over the bytes that matter (delimiters, quotes, line
 * ends, NUL, pieces of UTF-8 and GB18030 sequences): a fixed LCG, so the
 * run is reproducible. Reading in chunks of 1, 2 and 5 bytes must give what
 * one whole read gives, in both encodings, detected delimiter or not. */
static void test_random_chunking(void)
{
    static const unsigned char alpha[] = { 'a', 'b', ',', '\t', '"', '"', '\r', '\n', 0,
                                           0xE4, 0xB8, 0xAD, 0x80, 0xD6, 0xD0, 0x81, 0x30, 0xEF,
                                           0xBB, 0xBF };
    unsigned long seed = 20261102;
    char buf[48];
    int same = 1;
    for (int iter = 0; iter < 3000 && same; iter++) {
        seed = seed * 1103515245UL + 12345UL;
        size_t len = (seed >> 16) % sizeof buf;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245UL + 12345UL;
            buf[i] = (char)alpha[(seed >> 16) % sizeof alpha];
        }
        csv_encoding enc = iter % 2 ? CSV_ENC_GB18030 : CSV_ENC_UTF8;
        char delim = iter % 3 == 0 ? ',' : 0;
        char *whole = digest(buf, len, 1 << 20, enc, delim, 1);
        static const size_t chunks[] = { 1, 2, 5 };
        for (size_t k = 0; k < N(chunks) && same; k++) {
            char *d = digest(buf, len, chunks[k], enc, delim, 1);
            same = strcmp(d, whole) == 0;
            T_CHECK(same, "random input %d, chunk %zu: got\n%s\nwant\n%s", iter, chunks[k], d, whole);
            free(d);
        }
        free(whole);
    }
}

static void test_open_errors(void)
{
    static const struct { const char *in; size_t len; size_t chunk; } u16[] = {
        { IN("\xff\xfei\0d\0"), 64 },
        { IN("\xff\xfei\0d\0"), 1 },
        { IN("\xfe\xff\0i\0d"), 1 },
        { IN("\xff\xfe"), 1 },
    };
    for (size_t i = 0; i < N(u16); i++) {
        for (int enc = CSV_ENC_UTF8; enc <= CSV_ENC_GB18030; enc++) {
            struct feed f = { u16[i].in, u16[i].len, 0, u16[i].chunk, -1 };
            kerr e;
            kerr_clear(&e);
            csv_reader *r = csv_open(feed_read, &f, (csv_encoding)enc, 0, "u16.csv", &e);
            T_CHECK(r == NULL, "UTF-16 BOM %zu rejected", i);
            T_EQ_STR(e.msg, "u16.csv: the file is UTF-16 (it starts with a UTF-16 byte order mark): "
                            "save it as UTF-8 or GB18030", "UTF-16 message");
            T_EQ_INT(e.code, EXIT_DATAERR, "UTF-16 code");
            csv_close(r);
        }
    }
    /* A read error during open, and in the middle of a record. */
    {
        struct feed f = { "abc", 3, 0, 1, 0 };
        kerr e;
        csv_reader *r = csv_open(feed_read, &f, CSV_ENC_UTF8, 0, "io.csv", &e);
        T_CHECK(r == NULL, "read error in open");
        T_EQ_STR(e.msg, "io.csv: read error", "read error in open: message");
        T_EQ_INT(e.code, EXIT_NOINPUT, "read error in open: code");
    }
    {
        static const char in[] = "a,b\nc,d\ne,f\n";
        struct feed f = { in, sizeof in - 1, 0, 2, 6 };
        kerr e;
        csv_record rec;
        csv_reader *r = csv_open(feed_read, &f, CSV_ENC_UTF8, 0, "io.csv", &e);
        T_EQ_INT(csv_next(r, &rec, &e), 1, "read error: first record");
        T_EQ_INT(csv_next(r, &rec, &e), -2, "read error: second record");
        T_EQ_STR(e.msg, "io.csv: read error", "read error: message");
        T_EQ_INT(e.code, EXIT_NOINPUT, "read error: code");
        T_EQ_INT(csv_next(r, &rec, &e), -2, "read error: stays");
        csv_close(r);
    }
    /* Invalid arguments are refused, not guessed. */
    {
        kerr e;
        struct feed f = { "", 0, 0, 1, -1 };
        T_CHECK(csv_open(feed_read, &f, CSV_ENC_AUTO, 0, "a.csv", &e) == NULL, "AUTO refused");
        T_CHECK(csv_open(feed_read, &f, CSV_ENC_UTF8, ';', "a.csv", &e) == NULL, "';' refused");
    }
    csv_close(NULL);
}

/* ---- detection ------------------------------------------------------- */

struct dcase {
    const char *label;    /* what it is */
    const char *in;       /* bytes */
    size_t len;           /* their count */
    csv_encoding want;    /* the verdict */
    int utf16;            /* 1 for a UTF-16 BOM */
};

static const struct dcase dcases[] = {
    { "empty", IN(""), CSV_ENC_UTF8, 0 },
    { "ASCII", IN("id,name\r\n1,x\r\n"), CSV_ENC_UTF8, 0 },
    { "UTF-8 CJK", IN("\xe5\xa7\x93\xe5\x90\x8d,\xe4\xb8\xad\xe6\x96\x87\n"), CSV_ENC_UTF8, 0 },
    { "UTF-8 four-byte", IN("a\xf0\x9f\x98\x80" "b\xf4\x8f\xbf\xbf"), CSV_ENC_UTF8, 0 },
    { "UTF-8 edges", IN("\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf\xf0\x90\x80\x80"),
      CSV_ENC_UTF8, 0 },
    { "GB18030 two-byte", IN("\xd0\xd5\xc3\xfb,\xd6\xd0\xce\xc4\n"), CSV_ENC_GB18030, 0 },  /* 姓名,中文 */
    { "GB18030 euro", IN("\x80" "5\n"), CSV_ENC_GB18030, 0 },
    { "overlong C0", IN("a\xc0\xaf"), CSV_ENC_GB18030, 0 },
    { "overlong C1", IN("\xc1\xbf"), CSV_ENC_GB18030, 0 },
    { "overlong E0", IN("\xe0\x9f\xbf"), CSV_ENC_GB18030, 0 },
    { "overlong F0", IN("\xf0\x8f\xbf\xbf"), CSV_ENC_GB18030, 0 },
    { "surrogate", IN("\xed\xa0\x80"), CSV_ENC_GB18030, 0 },
    { "above U+10FFFF", IN("\xf4\x90\x80\x80"), CSV_ENC_GB18030, 0 },
    { "F5", IN("\xf5\x80\x80\x80"), CSV_ENC_GB18030, 0 },
    { "lone continuation", IN("a\x80"), CSV_ENC_GB18030, 0 },
    { "truncated at end", IN("abc\xe4\xb8"), CSV_ENC_GB18030, 0 },
    { "truncated before ASCII", IN("\xe4\xb8" "a"), CSV_ENC_GB18030, 0 },
    { "UTF-8 BOM", IN("\xef\xbb\xbf" "a"), CSV_ENC_UTF8, 0 },
    { "UTF-8 BOM wins over bad bytes", IN("\xef\xbb\xbf\xd6\xd0\xce\xc4"), CSV_ENC_UTF8, 0 },
    /* a UTF-8 export with a damaged byte stays UTF-8 (its bad row is then
     * rejected by line; the good ones are not stored as mojibake) */
    { "UTF-8 hanzi, one bad byte", IN("n\n\xe4\xb8\xad\xe6\x96\x87\xe5\xa4\x87\xe6\xb3\xa8\nx\xff\n"),
      CSV_ENC_UTF8, 0 },   /* 中文备注 */
    { "UTF-8 hanzi, truncated row", IN("\xe4\xb8\xad\xe6\x96\x87\xe5\xa4\x87\n\xe4\xb8\n"), CSV_ENC_UTF8, 0 },
    { "one UTF-8 hanzi, two bad bytes", IN("\xe4\xb8\xad\n\xff\n\xfe\n"), CSV_ENC_GB18030, 0 },
    { "GB18030 hanzi that read as UTF-8 pairs", IN("\xca\xaf\xd6\xd0\xce\xc4"), CSV_ENC_GB18030, 0 },  /* 石中文 */
    { "UTF-16LE BOM", IN("\xff\xfe" "a\0"), CSV_ENC_UTF8, 1 },
    { "UTF-16BE BOM", IN("\xfe\xff\0a"), CSV_ENC_UTF8, 1 },
};

static void test_detect(void)
{
    for (size_t i = 0; i < N(dcases); i++) {
        const struct dcase *c = &dcases[i];
        /* Two chunks split at every point, and one byte at a time. */
        for (size_t split = 0; split <= c->len; split++) {
            csv_detect d;
            int u16 = -1;
            csv_detect_init(&d);
            csv_detect_feed(&d, c->in, split);
            csv_detect_feed(&d, c->in + split, c->len - split);
            char label[96];
            snprintf(label, sizeof label, "detect %s, split at %zu", c->label, split);
            T_EQ_INT(csv_detect_result(&d, &u16), c->want, label);
            T_EQ_INT(u16, c->utf16, label);
            T_EQ_INT(d.pos, c->len, label);
        }
        csv_detect d;
        int u16 = -1;
        csv_detect_init(&d);
        for (size_t k = 0; k < c->len; k++) csv_detect_feed(&d, c->in + k, 1);
        T_EQ_INT(csv_detect_result(&d, &u16), c->want, c->label);
        T_EQ_INT(u16, c->utf16, c->label);
    }
    /* every GB2312 hanzi (rows B0..F7) is GB18030, and so is each row alone */
    csv_detect all;
    csv_detect_init(&all);
    for (int hi = 0xB0; hi <= 0xF7; hi++) {
        csv_detect row;
        csv_detect_init(&row);
        for (int lo = 0xA1; lo <= 0xFE; lo++) {
            unsigned char b[2] = { (unsigned char)hi, (unsigned char)lo };
            csv_detect_feed(&row, b, 2);
            csv_detect_feed(&all, b, 2);
        }
        char label[64];
        snprintf(label, sizeof label, "GB2312 row %02X detected as GB18030", hi);
        T_EQ_INT(csv_detect_result(&row, NULL), CSV_ENC_GB18030, label);
    }
    T_EQ_INT(csv_detect_result(&all, NULL), CSV_ENC_GB18030, "all GB2312 hanzi detected as GB18030");
}

int main(void)
{
    static const size_t chunks[] = { 1 << 20, 1, 2, 7 };
    for (size_t i = 0; i < N(cases); i++)
        for (size_t k = 0; k < N(chunks); k++) run_case(&cases[i], chunks[k]);
    test_limits();
    test_chunking();
    test_random_chunking();
    test_open_errors();
    test_detect();
    return t_done();
}
