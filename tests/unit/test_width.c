/* test_width.c — display width (util_display_width, sbuf_pad) and CSV
 * fields (list_csv_field): the
 * columns a string takes, so that text tables line up when they hold
 * Chinese, whatever the locale (cron runs under C). */
#include "util.h"
#include "listing.h"
#include "t.h"

#include <locale.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct { const char *s; int w; } cases[] = {
    { "", 0 },
    { "abc", 3 },
    { "第三十三条", 10 },                       /* CJK ideographs: 2 each */
    { "客服部 E001", 11 },                      /* mixed */
    { "（补录）", 8 },                          /* fullwidth parentheses */
    { "，。、", 6 },                            /* CJK punctuation */
    { "ＡＢ", 4 },                              /* fullwidth Latin */
    { "ｱｲ", 2 },                                /* halfwidth katakana: 1 each */
    { "ひらがな", 8 },                          /* kana */
    { "한글", 4 },                              /* hangul */
    { "é", 1 },                                 /* precomposed */
    { "e\xCC\x81", 1 },                         /* e + combining acute */
    { "¥1,234.50", 9 },                         /* yen sign: narrow */
    { "\xF0\xA0\x80\x80", 2 },                  /* U+20000, CJK extension B */
    { "a\xFF" "b", 3 },                         /* a stray byte counts 1 */
    { "\xE4\xB8", 2 },                          /* a truncated sequence: 1 per byte */
};

int main(void)
{
    setlocale(LC_ALL, "C");   /* the answer must not depend on the locale */
    for (size_t i = 0; i < N(cases); i++) T_EQ_INT(util_display_width(cases[i].s), cases[i].w, cases[i].s);
    sbuf b = {0};
    sbuf_pad(&b, "部门", 6);
    sbuf_adds(&b, "|");
    sbuf_pad(&b, "dept", 6);
    sbuf_adds(&b, "|");
    sbuf_pad(&b, "客服部门名称", 4);   /* wider than the column: nothing added */
    T_EQ_STR(b.p, "部门  |dept  |客服部门名称", "padded by display width");
    sbuf_free(&b);
    /* a header line (Chinese column names) as wide as printf's %-6s %5s %-4s */
    sbuf_header(&b, 2, 3, (const char *const[]){ "部门", "项数", "原因" }, (const int[]){ -6, 5, -4 });
    T_EQ_STR(b.p, "  部门    项数 原因\n", "header: left, right, last left without blanks");
    sbuf_reset(&b);
    sbuf_header(&b, 0, 2, (const char *const[]){ "dept", "count" }, (const int[]){ -6, 7 });
    sbuf_printf(&b, "%-6s %7s\n", "E", "12");
    T_EQ_STR(b.p, "dept     count\nE           12\n", "header: same columns as printf in ASCII");
    sbuf_free(&b);
    /* CSV fields (listing.h): RFC 4180 quoting, formulas defused */
    static const struct { const char *in, *want; } csv[] = {
        { "plain", "plain" }, { "", "" }, { "a,b", "\"a,b\"" }, { "say \"hi\"", "\"say \"\"hi\"\"\"" },
        { "two\nlines", "\"two\nlines\"" }, { "=1+1", "\"'=1+1\"" }, { "-5", "\"'-5\"" }, { "客服部", "客服部" },
    };
    for (size_t i = 0; i < N(csv); i++) {
        sbuf c = {0};
        list_csv_field(&c, csv[i].in);
        T_EQ_STR(c.p ? c.p : "", csv[i].want, csv[i].in);
        sbuf_free(&c);
    }
    return t_done();
}
