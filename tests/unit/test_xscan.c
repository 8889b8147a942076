/* test_xscan.c — the worksheet XML scanner (xscan.h): what it hands out
 * for well-formed input, and what it refuses, each case fed whole, in
 * 1-byte and in 7-byte reads (every token cut at every place) with the
 * same result. Events are written as a trace: <name a=v> for a start tag,
 * </name> for an end, [text] for character data. */
#include "t.h"
#include "util.h"
#include "xscan.h"

#include <stdlib.h>

typedef struct feed {
    const char *p;   /* the document */
    size_t n, at;    /* length, read so far */
    size_t chunk;    /* bytes per read */
} feed;

static long rd(void *ctx, char *buf, size_t n)
{
    feed *f = ctx;
    size_t k = f->n - f->at;
    if (k > n) k = n;
    if (k > f->chunk) k = f->chunk;
    memcpy(buf, f->p + f->at, k);
    f->at += k;
    return (long)k;
}

static int cb_bad;   /* a callback saw a broken promise of xscan.h */

static int on_start(void *ctx, const char *l, int na, const xscan_attr *a)
{
    sbuf *b = ctx;
    sbuf_printf(b, "<%s", l);
    for (int i = 0; i < na; i++) {
        if (strlen(a[i].value) != a[i].len) cb_bad = 1;   /* len matches the NUL */
        sbuf_printf(b, " %s=%s", a[i].name, a[i].value);
    }
    sbuf_adds(b, ">");
    return strcmp(l, "stop") == 0;
}

static int on_end(void *ctx, const char *l)
{
    sbuf_printf(ctx, "</%s>", l);
    return 0;
}

static int on_text(void *ctx, const char *s, size_t n)
{
    sbuf *b = ctx;
    if (n == 0) cb_bad = 1;   /* pieces are never empty */
    sbuf_adds(b, "[");
    sbuf_add(b, s, n);
    sbuf_adds(b, "]");
    return 0;
}

/* Runs doc in reads of chunk bytes; returns the trace with text pieces
 * merged ("[a][b]" as "[ab]") so that the chunking does not show, or
 * "ERR why @line" / "DOCTYPE @line" / "STOPPED". Caller frees. */
static char *run(const char *doc, size_t n, size_t chunk)
{
    feed f = { doc, n, 0, chunk };
    sbuf b = { 0 };
    static const xscan_ops ops = { on_start, on_end, on_text };
    char why[160];
    long line = 0;
    int rc = xscan_run(rd, &f, &ops, &b, why, sizeof why, &line);
    sbuf out = { 0 };
    if (rc == XSCAN_OK) {
        const char *s = b.p ? b.p : "";
        for (size_t i = 0; s[i]; i++) {
            if (s[i] == ']' && s[i + 1] == '[') { i++; continue; }
            sbuf_add(&out, &s[i], 1);
        }
        if (!out.p) sbuf_adds(&out, "");
    } else if (rc == XSCAN_BAD) {
        sbuf_printf(&out, "ERR %s @%ld", why, line);
    } else if (rc == XSCAN_DOCTYPE) {
        sbuf_printf(&out, "DOCTYPE @%ld", line);
    } else if (rc == XSCAN_STOPPED) {
        sbuf_adds(&out, "STOPPED");
    } else {
        sbuf_printf(&out, "rc %d", rc);
    }
    sbuf_free(&b);
    T_CHECK(!cb_bad, "callbacks got NUL-terminated values and non-empty text (%.40s)", doc);
    cb_bad = 0;
    return out.p;
}

static const struct { const char *doc, *want; } cases[] = {
    /* what a sheet looks like */
    { "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<worksheet xmlns=\"u\" xmlns:r=\"v\">"
      "<sheetData><row r=\"1\"><c r=\"A1\" s=\"3\" t=\"s\"><v>12</v></c><c r=\"B1\"/></row></sheetData></worksheet>",
      "<worksheet><sheetData><row r=1><c r=A1 s=3 t=s><v>[12]</v></c><c r=B1></c></row></sheetData></worksheet>" },
    { "\xEF\xBB\xBF<?xml version='1.0'?><a/>", "<a></a>" },
    /* prefixes dropped, namespace declarations not handed out */
    { "<x:ws xmlns:x=\"u\"><x:c x:r=\"A1\" xmlns=\"w\"/></x:ws>", "<ws><c r=A1></c></ws>" },
    /* entities and character references, in text and in attributes */
    { "<a t=\"&lt;&amp;&#x41;&#66;\">&lt;&gt;&amp;&apos;&quot;&#20013;&#x1F600;</a>",
      "<a t=<&AB>[<>&'\"中😀]</a>" },
    /* line ends: CR LF and CR as LF in text; white space as spaces in attributes */
    { "<a b=\"x\ty\r\nz\">1\r\n2\r3\n4</a>", "<a b=x y z>[1\n2\n3\n4]</a>" },
    /* '>' inside a quoted attribute value, single quotes */
    { "<a b='x>y' c=\"'\"/>", "<a b=x>y c='></a>" },
    /* CDATA read as text; comments and PIs skipped */
    { "<!-- c --><a><![CDATA[<v>&amp;]]]]><!-- x --><?pi d?>t</a><!-- end -->", "<a>[<v>&amp;]]t]</a>" },
    { "<a> <b/>\t</a>\n", "<a>[ ]<b></b>[\t]</a>" },
    { "<a>中文 ü</a>", "<a>[中文 ü]</a>" },
    { "<a>x]y]]z</a>", "<a>[x]y]]z]</a>" },
    { "<a/>", "<a></a>" },
    { "<a></a >", "<a></a>" },
    /* refused: DOCTYPE, entities, characters, encodings */
    { "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", "DOCTYPE @2" },
    { "<a>&x;</a>", "ERR an entity other than the five XML predefines, or a bad character reference @1" },
    { "<a>&lt</a>", "ERR an entity other than the five XML predefines, or a bad character reference @1" },
    { "<a>&#0;</a>", "ERR an entity other than the five XML predefines, or a bad character reference @1" },
    { "<a>&#xD800;</a>", "ERR an entity other than the five XML predefines, or a bad character reference @1" },
    { "<a>&#x110000;</a>", "ERR an entity other than the five XML predefines, or a bad character reference @1" },
    { "<a b=\"&x;\"/>", "ERR an entity other than the five XML predefines, or a bad character reference @1" },
    { "<a>\n\n\xC3\x28</a>", "ERR bytes that are not UTF-8 @3" },
    { "<a>\xC0\xAF</a>", "ERR bytes that are not UTF-8 @1" },
    { "<a>\xED\xA0\x80</a>", "ERR bytes that are not UTF-8 @1" },
    { "<a>\xF4\x90\x80\x80</a>", "ERR bytes that are not UTF-8 @1" },
    { "<a>\xE4\xB8</a>", "ERR bytes that are not UTF-8 @1" },
    { "<a>\xE4\xB8", "ERR bytes that are not UTF-8 @1" },
    { "<a>\x01</a>", "ERR a character not allowed in XML @1" },
    { "<a>\xEF\xBF\xBE</a>", "ERR a character not allowed in XML @1" },
    { "<a b=\"\xFF\"/>", "ERR bytes that are not UTF-8 @1" },
    { "<a><!-- \xFF --></a>", "ERR bytes that are not UTF-8 @1" },
    { "<?xml version=\"1.0\" encoding=\"GB2312\"?><a/>", "ERR an encoding other than UTF-8 @1" },
    { "\xFF\xFE<\0a\0/\0>\0", "ERR an encoding other than UTF-8 @1" },
    { " <?xml version=\"1.0\"?><a/>", "ERR an XML declaration not at the start @1" },
    { "<a>]]></a>", "ERR ']]>' in text @1" },
    /* refused: structure */
    { "<a><b></a></b>", "ERR an end tag that does not match its start tag @1" },
    { "<a><b>", "ERR unexpected end of input @1" },
    { "<a>", "ERR unexpected end of input @1" },
    { "<a", "ERR unexpected end of input @1" },
    { "<a b=\"1", "ERR unexpected end of input @1" },
    { "<a><!-- x", "ERR unexpected end of input @1" },
    { "<a><![CDATA[x", "ERR unexpected end of input @1" },
    { "", "ERR no root element @1" },
    { "  \n ", "ERR no root element @2" },
    { "</a>", "ERR an end tag without its start tag @1" },
    { "<a/><b/>", "ERR content after the root element @1" },
    { "<a/>x", "ERR text outside the root element @1" },
    { "x<a/>", "ERR text outside the root element @1" },
    { "<![CDATA[x]]><a/>", "ERR text outside the root element @1" },
    { "<a b=1/>", "ERR an attribute value without quotes @1" },
    { "<a b/>", "ERR a malformed attribute @1" },
    { "<a b=\"1\"c=\"2\"/>", "ERR a malformed start tag @1" },
    { "<a b=\"1\" b=\"2\"/>", "ERR an attribute given twice @1" },
    { "<a b=\"<\"/>", "ERR '<' in an attribute value @1" },
    { "<a <b/>", "ERR a malformed start tag @1" },
    { "<1a/>", "ERR a malformed start tag @1" },
    { "<a/ >", "ERR a malformed start tag @1" },
    { "<a></ a>", "ERR a malformed end tag @1" },
    { "<a><!-- a -- b --></a>", "ERR '--' inside a comment @1" },
    { "<a><!ELEMENT a ANY></a>", "ERR a malformed declaration @1" },
    { "<a><stop/></a>", "STOPPED" },
};

static void test_cases(void)
{
    static const size_t chunks[] = { 65536, 1, 7 };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = strlen(cases[i].doc);
        if (cases[i].doc[0] == '\xFF') n = 10;   /* the UTF-16 case holds NULs */
        for (size_t k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
            char *got = run(cases[i].doc, n, chunks[k]);
            char label[200];
            snprintf(label, sizeof label, "case %zu (%.40s) in %zu-byte reads", i, cases[i].doc, chunks[k]);
            T_EQ_STR(got, cases[i].want, label);
            free(got);
        }
    }
}

/* Limits: depth, attributes, name length, the buffer; and a long
 * document in small reads keeps its line count. */
static void test_limits(void)
{
    sbuf d = { 0 };
    for (int i = 0; i < XSCAN_MAX_DEPTH; i++) sbuf_adds(&d, "<a>");
    for (int i = 0; i < XSCAN_MAX_DEPTH; i++) sbuf_adds(&d, "</a>");
    char *got = run(d.p, d.len, 4096);
    T_CHECK(got && strncmp(got, "<a><a>", 6) == 0, "64 levels are read: %.20s", got);
    free(got);
    sbuf_reset(&d);
    for (int i = 0; i <= XSCAN_MAX_DEPTH; i++) sbuf_adds(&d, "<a>");
    got = run(d.p, d.len, 4096);
    T_EQ_STR(got, "ERR elements nested deeper than 64 @1", "65 levels");
    free(got);

    sbuf_reset(&d);
    sbuf_adds(&d, "<a");
    for (int i = 0; i <= XSCAN_MAX_ATTRS; i++) sbuf_printf(&d, " b%d=\"\"", i);
    sbuf_adds(&d, "/>");
    got = run(d.p, d.len, 4096);
    T_EQ_STR(got, "ERR more than 64 attributes in a tag @1", "65 attributes");
    free(got);

    sbuf_reset(&d);
    sbuf_adds(&d, "<");
    for (int i = 0; i <= XSCAN_MAX_NAME; i++) sbuf_adds(&d, "n");
    sbuf_adds(&d, "/>");
    got = run(d.p, d.len, 4096);
    T_EQ_STR(got, "ERR an element name over 256 bytes @1", "a 257-byte name");
    free(got);

    sbuf_reset(&d);
    sbuf_adds(&d, "<a b=\"");
    for (int i = 0; i < XSCAN_BUF; i++) sbuf_adds(&d, "x");
    sbuf_adds(&d, "\"/>");
    got = run(d.p, d.len, 65536);
    T_EQ_STR(got, "ERR a tag, comment or CDATA section over 256 KiB @1", "a tag longer than the buffer");
    free(got);

    /* 300,000 lines of text: read in pieces, the error's line is right */
    sbuf_reset(&d);
    sbuf_adds(&d, "<a>");
    for (int i = 0; i < 300000; i++) sbuf_adds(&d, "<b>x</b>\n");
    sbuf_adds(&d, "&bad;</a>");
    got = run(d.p, d.len, 65536);
    T_EQ_STR(got, "ERR an entity other than the five XML predefines, or a bad character reference @300001",
             "line of an error 2.7 MB in");
    free(got);
    sbuf_free(&d);
}

int main(void)
{
    test_cases();
    test_limits();
    return t_done();
}
