/* test_util.c — the output-safety helpers of util.h (issue 13, item 7):
 * spreadsheet-safe CSV cells, JSON strings that are always valid UTF-8,
 * exact escaped names beside them, terminal escaping, and the escaping
 * stream with a UTF-8 sequence cut between writes. */
#include "util.h"
#include "t.h"

#include <stdlib.h>

static void csv_cases(void)
{
    static const struct { const char *in, *want; } cases[] = {
        { "plain", "plain" },
        { "张三", "张三" },
        { "=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
        { "=cmd|' /C calc'!A0", "\"'=cmd|' /C calc'!A0\"" },
        { "+1+1", "\"'+1+1\"" },
        { "-2000.00", "\"'-2000.00\"" },
        { "@SUM(A1)", "\"'@SUM(A1)\"" },
        { "\t=1", "\"'\t=1\"" },
        { "\r=1", "\"'\r=1\"" },
        { "a,b", "\"a,b\"" },
        { "say \"hi\"", "\"say \"\"hi\"\"\"" },
        { "a=b", "a=b" },          /* only the first character starts a formula */
        { "", "" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sbuf b = {0};
        util_csv_cell_safe(&b, cases[i].in);
        T_EQ_STR(b.p ? b.p : "", cases[i].want, cases[i].in);
        sbuf_free(&b);
    }
    sbuf b = {0};
    util_csv_cell_safe(&b, NULL);
    T_CHECK(b.len == 0, "NULL appends nothing");
    sbuf_free(&b);
}

static void json_cases(void)
{
    static const struct { const char *in, *want; } cases[] = {
        { "abc", "\"abc\"" },
        { "张三", "\"张三\"" },
        { "\x1b[2J\x07", "\"\\u001b[2J\\u0007\"" },
        { "a\xff" "b", "\"a\\ufffdb\"" },                      /* stray byte */
        { "\xe5\xbc", "\"\\ufffd\\ufffd\"" },                 /* cut hanzi */
        { "\xc0\xaf", "\"\\ufffd\\ufffd\"" },                 /* overlong '/' */
        { "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"" },      /* surrogate */
        { "\xc2\x9b" "x", "\"\\u009bx\"" },                    /* C1 CSI */
        { "𠮷", "\"𠮷\"" },
        { "q\"\\", "\"q\\\"\\\\\"" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sbuf b = {0};
        sbuf_json_str(&b, cases[i].in);
        T_EQ_STR(b.p, cases[i].want, "sbuf_json_str");
        T_CHECK(util_utf8_valid(b.p), "JSON string %zu is valid UTF-8", i);
        sbuf_free(&b);
    }
    sbuf b = {0};
    util_json_name(&b, "path", "in/07-\xff\x1b.csv");
    T_EQ_STR(b.p, "\"path\":\"in/07-\\ufffd\\u001b.csv\",\"path_bytes\":\"in/07-\\\\xff\\\\x1b.csv\"",
             "invalid name: replaced, and its exact bytes beside it");
    sbuf_reset(&b);
    util_json_name(&b, "path", "in/员工.csv");
    T_EQ_STR(b.p, "\"path\":\"in/员工.csv\"", "valid name: no _bytes member");
    sbuf_free(&b);
}

static void term_cases(void)
{
    static const struct { const char *in, *want; } cases[] = {
        { "plain 张三\n\tok", "plain 张三\n\tok" },
        { "\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07" },
        { "\x1b[2J", "\\x1b[2J" },
        { "a\rb", "a\\x0db" },
        { "\x7f", "\\x7f" },
        { "\xc2\x9b" "2J", "\\xc2\\x9b2J" },
        { "\xc2\xa0", "\xc2\xa0" },       /* U+00A0 is not a control */
        { "bad\xff", "bad\\xff" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sbuf b = {0};
        util_term_escape(&b, cases[i].in);
        T_EQ_STR(b.p ? b.p : "", cases[i].want, "util_term_escape");
        sbuf_free(&b);
    }
}

/* The stream: a hanzi cut by the stream's buffer between writes stays
 * whole; controls are escaped across many small writes. */
static void stream_cases(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    FILE *f = util_term_stream(mem);
    T_CHECK(f != mem, "a stream is made");
    setvbuf(f, NULL, _IONBF, 0);   /* every fputc is one write: cuts every sequence */
    const char *in = "张\x1b[2J三\xff𠮷\n";
    for (const char *p = in; *p; p++) fputc(*p, f);
    fputs("\xe5", f);              /* cut at the end: escaped on close */
    T_EQ_INT(fclose(f), 0, "close");
    fclose(mem);
    T_EQ_STR(buf, "张\\x1b[2J三\\xff𠮷\n\\xe5", "byte-at-a-time writes");
    free(buf);
}

int main(void)
{
    csv_cases();
    json_cases();
    term_cases();
    stream_cases();
    return t_done();
}
