/* listing.c — `kefu findings` and `kefu rejects` (listing.h): rows from the
 * store's list queries, formatted as a text table (padded by display
 * width), JSON or CSV. */
#include "listing.h"
#include "msg.h"
#include "store_report.h"
#include "value.h"

#include <stdlib.h>
#include <string.h>

void list_csv_field(sbuf *b, const char *s)
{
    util_csv_cell_safe(b, s ? s : "");
}

/* The rows collected before formatting (a text table needs every width). */
typedef struct rows {
    int ncol;              /* columns per row */
    char **cells;          /* n * ncol strings (owned; "" for NULL) */
    long n;
} rows;

static int collect(void *ctx, int ncol, const char *const *cols)
{
    rows *r = ctx;
    r->ncol = ncol;
    r->cells = xrealloc(r->cells, (size_t)(r->n + 1) * (size_t)ncol * sizeof *r->cells);
    for (int i = 0; i < ncol; i++) r->cells[r->n * ncol + i] = xstrdup(cols[i] ? cols[i] : "");
    r->n++;
    return 0;
}

static void rows_free(rows *r)
{
    for (long i = 0; i < r->n * r->ncol; i++) free(r->cells[i]);
    free(r->cells);
}

/* One output column: its header, the query column it shows, and how. */
typedef struct col {
    const char *name;      /* header (text, CSV) and JSON key */
    int src;               /* query column */
    int kind;              /* 0 text, 1 integer, 2 fen shown as yuan (JSON: fen integer) */
} col;

static const char *cell(const rows *r, long i, int c) { return r->cells[i * r->ncol + c]; }

/* Formats the rows as the columns say. */
static void format_rows(const rows *r, const col *cols, int ncols, const char *what, const char *count_fmt,
                        int format, sbuf *out)
{
    char yuan[32];
    if (format == LIST_JSON) {
        sbuf_printf(out, "{\"%s\":[", what);
        for (long i = 0; i < r->n; i++) {
            sbuf_adds(out, i ? ",{" : "{");
            for (int c = 0; c < ncols; c++) {
                const char *v = cell(r, i, cols[c].src);
                sbuf_printf(out, "%s\"%s\":", c ? "," : "", cols[c].kind == 2 ? "amount_fen" : cols[c].name);
                if (cols[c].kind && *v) sbuf_adds(out, v);
                else if (cols[c].kind) sbuf_adds(out, "null");
                else sbuf_json_str(out, v);
            }
            sbuf_addc(out, '}');
        }
        sbuf_printf(out, "],\"count\":%ld}\n", r->n);
        return;
    }
    if (format == LIST_CSV) {
        for (int c = 0; c < ncols; c++) {
            if (c) sbuf_addc(out, ',');
            sbuf_adds(out, cols[c].name);
        }
        sbuf_adds(out, "\r\n");
        for (long i = 0; i < r->n; i++) {
            for (int c = 0; c < ncols; c++) {
                const char *v = cell(r, i, cols[c].src);
                if (c) sbuf_addc(out, ',');
                if (cols[c].kind == 2 && *v) {
                    val_fen_str(strtoll(v, NULL, 10), yuan, sizeof yuan);
                    list_csv_field(out, yuan);
                } else {
                    list_csv_field(out, v);
                }
            }
            sbuf_adds(out, "\r\n");
        }
        return;
    }
    /* text: every column as wide as its widest value, by display width */
    int *w = xcalloc((size_t)ncols, sizeof *w);
    for (int c = 0; c < ncols; c++) {
        w[c] = util_display_width(cols[c].name);
        for (long i = 0; i < r->n; i++) {
            const char *v = cell(r, i, cols[c].src);
            int dw;
            if (cols[c].kind == 2 && *v) {
                val_fen_str(strtoll(v, NULL, 10), yuan, sizeof yuan);
                dw = util_display_width(yuan);
            } else {
                dw = util_display_width(v);
            }
            if (dw > w[c]) w[c] = dw;
        }
    }
    for (long i = -1; i < r->n; i++) {
        for (int c = 0; c < ncols; c++) {
            const char *v = i < 0 ? cols[c].name : cell(r, i, cols[c].src);
            if (i >= 0 && cols[c].kind == 2 && *v) {
                val_fen_str(strtoll(v, NULL, 10), yuan, sizeof yuan);
                v = yuan;
            }
            if (c) sbuf_adds(out, "  ");
            if (c == ncols - 1) sbuf_adds(out, v);   /* no trailing blanks */
            else if (cols[c].kind) {
                for (int k = util_display_width(v); k < w[c]; k++) sbuf_addc(out, ' ');
                sbuf_adds(out, v);
            } else {
                sbuf_pad(out, v, w[c]);
            }
        }
        sbuf_addc(out, '\n');
    }
    sbuf_printf(out, count_fmt, r->n);
    free(w);
}

int list_findings(store *st, const list_filter *f, int format, sbuf *out, long *count, kerr *e)
{
    static const col cols[] = {
        { "date", 0, 0 }, { "rule", 1, 0 }, { "subject_kind", 3, 0 }, { "subject_id", 4, 0 },
        { "name", 5, 0 }, { "dept", 6, 0 }, { "sanction", 7, 0 }, { "amount", 8, 2 }, { "article", 2, 0 },
        { "detail", 9, 0 },
    };
    const char *params[5] = { f->from ? f->from : "0000-01-01", f->to ? f->to : "9999-12-31",
                              f->rule ? f->rule : "", f->dept ? f->dept : "", f->employee ? f->employee : "" };
    rows r = {0};
    if (store_report_query(st, SRQ_LIST_FINDINGS, params, 5, collect, &r, e)) {
        rows_free(&r);
        return -1;
    }
    format_rows(&r, cols, (int)(sizeof cols / sizeof cols[0]), "findings", msg_tr("%ld findings\n"), format, out);
    *count = r.n;
    rows_free(&r);
    return 0;
}

int list_rejects(store *st, const list_filter *f, int format, sbuf *out, long *count, kerr *e)
{
    static const col cols[] = {
        { "ingested_at", 0, 0 }, { "file", 1, 0 }, { "line", 2, 1 }, { "field", 3, 0 }, { "value", 4, 0 },
        { "message", 5, 0 }, { "resolved_by", 6, 0 },
    };
    const char *params[2] = { f->from ? f->from : "0000-01-01", f->to ? f->to : "9999-12-31" };
    rows r = {0};
    if (store_report_query(st, SRQ_LIST_REJECTS, params, 2, collect, &r, e)) {
        rows_free(&r);
        return -1;
    }
    format_rows(&r, cols, (int)(sizeof cols / sizeof cols[0]), "rejects", msg_tr("%ld rejects\n"), format, out);
    *count = r.n;
    rows_free(&r);
    return 0;
}
