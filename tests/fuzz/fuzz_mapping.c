/* fuzz_mapping.c — libFuzzer target for mapping files and their use on
 * rows (mapping.h, README "Mappings").
 *
 * The bytes are a mapping file, then optionally the line "====" and a
 * small table: lines of comma-separated cells, the first the header, the
 * rest rows (an empty cell is NULL on odd rows and "" on even ones, as the
 * workbook and CSV readers give them). A load must either succeed or fail
 * with a message; a loaded mapping is matched against the header and
 * applied to every repetition of every row, and the target traps on a
 * broken promise of mapping.h: a column index outside the header, a
 * missing required column without a message, a value that is no
 * NUL-terminated string of the row, the mapping or the row buffer, or a
 * repetition past map_reps that is not "no record". */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mapping.h"
#include "xmlin.h"

#define FM_MAX_CELLS 64     /* cells per line read from the table */
#define FM_MAX_LINES 64     /* lines of the table */

static volatile size_t fm_sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    xmlin_init();   /* the refusing entity loader, as main.c installs it */
    return 0;
}

/* Splits line [s, e) at commas into cells (malloc'd copies); empty cells
 * become NULL when null_empty. Returns the count. */
static int split_cells(const char *s, const char *e, char **cells, int null_empty)
{
    int n = 0;
    while (n < FM_MAX_CELLS) {
        const char *c = memchr(s, ',', (size_t)(e - s));
        const char *end = c ? c : e;
        size_t len = (size_t)(end - s);
        /* the cell as a C string stops at a NUL, as every reader's does */
        const char *z = memchr(s, '\0', len);
        if (z) len = (size_t)(z - s);
        cells[n++] = (len == 0 && null_empty) ? NULL : xstrndup(s, len);
        if (!c) break;
        s = c + 1;
    }
    return n;
}

static void free_cells(char **cells, int n)
{
    for (int i = 0; i < n; i++) free(cells[i]);
}

/* 1 when p points into [lo, lo + len). */
static int inside(const void *p, const void *lo, size_t len)
{
    return (const char *)p >= (const char *)lo && (const char *)p < (const char *)lo + len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char sep[] = "\n====\n";
    const char *buf = (const char *)data;
    const char *table = NULL, *tend = buf + size;
    size_t mlen = size;
    for (size_t i = 0; i + sizeof sep - 1 <= size; i++)
        if (memcmp(buf + i, sep, sizeof sep - 1) == 0) {
            mlen = i;
            table = buf + i + sizeof sep - 1;
            break;
        }
    mapping *m = NULL;
    kerr e;
    kerr_clear(&e);
    if (map_load_mem(buf, mlen, "fuzz.xml", &m, &e) != 0) {
        if (m || e.code == 0 || !e.msg[0]) __builtin_trap();
        return 0;
    }
    if (!m || !map_kind(m)) __builtin_trap();
    int nreps = map_reps(m);
    if (nreps < 1 || nreps > MAP_MAX_REPS) __builtin_trap();
    size_t t = (size_t)map_title_rows(m) + strlen(map_name(m));
    const kind_def *k = map_kind(m);

    char *head[FM_MAX_CELLS];
    int nhead = 0, header_ok = 0, line = 0;
    map_cols mc;
    const char *s = table;
    while (s && s < tend && line < FM_MAX_LINES) {
        const char *nl = memchr(s, '\n', (size_t)(tend - s));
        const char *e2 = nl ? nl : tend;
        if (line == 0) {
            nhead = split_cells(s, e2, head, 0);
            sbuf unknown = {0};
            char *msg = NULL;
            header_ok = map_header(m, (const char *const *)head, nhead, &mc, &unknown, &msg) == 0;
            if (!header_ok && (!msg || !*msg)) __builtin_trap();
            if (header_ok && msg) __builtin_trap();
            if (header_ok) {
                for (int f = 0; f < KIND_MAX_FIELDS; f++) {
                    if (mc.col[f] < -1 || mc.col[f] >= nhead || mc.date_col[f] < -1 || mc.date_col[f] >= nhead)
                        __builtin_trap();
                    for (int r = 0; r < nreps; r++)
                        if (mc.rcol[r][f] < -1 || mc.rcol[r][f] >= nhead || mc.rdate_col[r][f] < -1 ||
                            mc.rdate_col[r][f] >= nhead)
                            __builtin_trap();
                }
            }
            t += unknown.len;
            sbuf_free(&unknown);
            free(msg);
            if (!header_ok) break;
        } else {
            char *cells[FM_MAX_CELLS];
            int nc = split_cells(s, e2, cells, line & 1);
            for (int r = 0; r <= nreps; r++) {
                map_rowbuf rb;
                const char *vals[KIND_MAX_FIELDS];
                int rc = map_row(m, &mc, r, (const char *const *)cells, nc, &rb, vals);
                if (r == nreps && rc != 1) __builtin_trap();   /* past the last repetition */
                if (rc) continue;
                for (int f = 0; f < KIND_MAX_FIELDS; f++) {
                    if (!vals[f]) continue;
                    if (f >= k->nfields) __builtin_trap();
                    int from_cell = 0;
                    for (int i = 0; i < nc; i++) from_cell |= cells[i] == vals[f];
                    if (inside(vals[f], &rb, sizeof rb)) {
                        if (!memchr(vals[f], '\0', (size_t)((const char *)&rb + sizeof rb - vals[f])))
                            __builtin_trap();
                    } else if (!from_cell) {
                        t += strlen(vals[f]);   /* the mapping's own text (a value map's to=) */
                    }
                    t += strlen(vals[f]);
                }
            }
            free_cells(cells, nc);
        }
        line++;
        s = nl ? nl + 1 : NULL;
    }
    if (nhead) free_cells(head, nhead);
    fm_sink += t;
    map_free(m);
    return 0;
}
