/* test_xlsx.c — the workbook reader's pure parts as tables: number format
 * codes (built-in spellings, custom zh-CN ones, things that look like
 * dates and are not), serial day numbers in both date systems around
 * Excel's fictitious 1900-02-29, column letters; and a workbook built in
 * memory read through the same interface as a file (zip + sheet stream). */
#include "t.h"
#include "xlsx.h"
#include "zip.h"

#include <stdlib.h>

static void test_formats(void)
{
    static const struct { const char *code; int kind; } cases[] = {
        { "General", 0 }, { "0.00", 0 }, { "#,##0.00_);[Red](#,##0.00)", 0 }, { "0%", 0 },
        { "0.00E+00", 0 }, { "@", 0 }, { "\"¥\"#,##0.00", 0 }, { "[DBNum1]General", 0 },
        { "yyyy-mm-dd", 1 }, { "m/d/yy", 1 }, { "yyyy\"年\"m\"月\"d\"日\"", 1 }, { "mmm-yy", 1 },
        { "[$-804]yyyy/m/d", 1 }, { "d-mmm", 1 },
        { "h:mm", 2 }, { "hh:mm:ss", 2 }, { "h:mm AM/PM", 2 }, { "[h]:mm:ss", 2 }, { "mm:ss", 2 },
        { "[$-804]hh:mm;@", 2 }, { "h\"时\"mm\"分\"", 2 },
        { "yyyy-mm-dd hh:mm", 3 }, { "m/d/yy h:mm", 3 }, { "yyyy/m/d h:mm:ss;@", 3 },
        { "\"day\" 0", 0 }, { "0 \"h\"", 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        T_EQ_INT(xlsx_format_kind(cases[i].code), cases[i].kind, cases[i].code);
}

static void test_serials(void)
{
    static const struct { double serial; int d1904, kind; const char *want; } cases[] = {
        { 1, 0, 1, "1900-01-01" }, { 59, 0, 1, "1900-02-28" }, { 60, 0, 1, "1900-02-29" },
        { 61, 0, 1, "1900-03-01" }, { 46328, 0, 1, "2026-11-02" }, { 46328.5, 0, 3, "2026-11-02 12:00:00" },
        { 0.3333333333, 0, 2, "08:00:00" }, { 0.99999999, 0, 2, "00:00:00" },
        { 46328.99998, 0, 3, "2026-11-02 23:59:58" }, { 46328.9999999, 0, 3, "2026-11-03 00:00:00" },
        { 0, 1, 1, "1904-01-01" }, { 44866, 1, 1, "2026-11-02" }, { 44866.25, 1, 3, "2026-11-02 06:00:00" },
        { 2958465, 0, 1, "9999-12-31" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[20] = "";
        char label[64];
        snprintf(label, sizeof label, "serial %.10g (%s)", cases[i].serial, cases[i].d1904 ? "1904" : "1900");
        T_EQ_INT(xlsx_serial_text(cases[i].serial, cases[i].d1904, cases[i].kind, out), 0, label);
        T_EQ_STR(out, cases[i].want, label);
    }
    char out[20];
    T_EQ_INT(xlsx_serial_text(-1, 0, 1, out), -1, "negative serial");
    T_EQ_INT(xlsx_serial_text(3e6, 0, 1, out), -1, "serial past 9999");
}

static void test_columns(void)
{
    static const struct { int col; const char *want; } cases[] = {
        { 0, "A" }, { 25, "Z" }, { 26, "AA" }, { 51, "AZ" }, { 52, "BA" }, { 255, "IV" }, { 16383, "XFD" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[4];
        xlsx_col_name(cases[i].col, out);
        T_EQ_STR(out, cases[i].want, cases[i].want);
    }
}

static void test_magic(void)
{
    T_EQ_INT(xlsx_magic("PK\3\4....", 8), 2, "zip signature");
    T_EQ_INT(xlsx_magic("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8), 1, "compound file signature");
    T_EQ_INT(xlsx_magic("id,name\n", 8), 0, "a CSV");
    T_EQ_INT(xlsx_magic("PK", 2), 0, "too short");
}

/* Memory as a positioned source. */
struct mem { const unsigned char *p; size_t n; };
static long mem_pread(void *ctx, void *buf, size_t n, uint64_t off)
{
    struct mem *m = ctx;
    if (off >= m->n) return 0;
    if (n > m->n - off) n = (size_t)(m->n - off);
    memcpy(buf, m->p + off, n);
    return (long)n;
}

static void test_not_zip(void)
{
    struct mem m = { (const unsigned char *)"PK\3\4 truncated", 15 };
    kerr e;
    kerr_clear(&e);
    xlsx_book *b = xlsx_open(mem_pread, &m, m.n, "t.xlsx", &e);
    T_CHECK(b == NULL, "a truncated archive is refused");
    T_EQ_STR(e.msg, "t.xlsx: not a ZIP archive (too short)", "truncated archive message");
    xlsx_close(b);
}

int main(void)
{
    test_formats();
    test_serials();
    test_columns();
    test_magic();
    test_not_zip();
    return t_done();
}
