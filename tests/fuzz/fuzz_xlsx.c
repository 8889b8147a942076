/* fuzz_xlsx.c — libFuzzer target for the workbook reader (xlsx.h, zip.h).
 *
 * The input is the workbook's bytes as is, read through a memory
 * positioned-read function. Every sheet is read to the end. Besides memory
 * errors, leaks and timeouts, it traps on a broken promise of the header:
 * an open or read failure without a message, a row number that does not
 * increase or lies past XLSX_MAX_ROWS, a row with no cells or more than
 * KEFU_MAX_COLUMNS, a cell that is not valid UTF-8, a sheet without a
 * name, or a reader's return other than 0 and -1 when the row callback
 * never stops it. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xlsx.h"

struct fx_mem {
    const uint8_t *p;   /* the workbook */
    size_t n;           /* its length */
};

static long fx_pread(void *ctx, void *buf, size_t n, uint64_t off)
{
    struct fx_mem *m = ctx;
    if (off >= m->n) return 0;
    if (n > m->n - off) n = (size_t)(m->n - off);
    memcpy(buf, m->p + off, n);
    return (long)n;
}

/* 1 when s is valid UTF-8 (what libxml2 promises for text it hands out). */
static int fx_utf8(const unsigned char *s)
{
    while (*s) {
        unsigned char c = *s;
        int need = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2
                 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
        if (need < 0) return 0;
        for (int k = 1; k <= need; k++)
            if ((s[k] & 0xC0) != 0x80) return 0;
        s += need + 1;
    }
    return 1;
}

struct fx_state {
    long last;          /* previous row number */
    long rows;          /* rows seen */
};

static int fx_row(void *ctx, long row, int ncells, const char *const *cells)
{
    struct fx_state *st = ctx;
    if (row <= st->last || row > XLSX_MAX_ROWS) __builtin_trap();
    if (ncells < 1 || ncells > KEFU_MAX_COLUMNS) __builtin_trap();
    for (int i = 0; i < ncells; i++)
        if (cells[i] && !fx_utf8((const unsigned char *)cells[i])) __builtin_trap();
    st->last = row;
    st->rows++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fx_mem m = { data, size };
    kerr e;
    kerr_clear(&e);
    xlsx_book *b = xlsx_open(fx_pread, &m, size, "fuzz.xlsx", &e);
    if (!b) {
        if (e.code == 0 || e.msg[0] == '\0') __builtin_trap();
        return 0;
    }
    for (int i = 0; i < xlsx_sheet_count(b); i++) {
        if (!xlsx_sheet_name(b, i)) __builtin_trap();
        struct fx_state st = { 0, 0 };
        kerr_clear(&e);
        int rc = xlsx_read_sheet(b, i, fx_row, &st, &e);
        if (rc == -1 && (e.code == 0 || e.msg[0] == '\0')) __builtin_trap();
        if (rc != 0 && rc != -1) __builtin_trap();
    }
    xlsx_close(b);
    return 0;
}
