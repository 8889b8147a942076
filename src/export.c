/* export.c — a kind's stored rows as CSV in kefu's own layout (see export.h). */
#include "msg.h"
#include "export.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

/* Appends one CSV field, quoted when it holds a comma, quote, CR or LF. */
static void csv_field(sbuf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        sbuf_adds(b, s);
        return;
    }
    sbuf_addc(b, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"') sbuf_addc(b, '"');
        sbuf_addc(b, *p);
    }
    sbuf_addc(b, '"');
}

static int put_row(void *ctx, const kind_def *k, const kval *v)
{
    sbuf *b = ctx;
    for (int i = 0; i < k->nfields; i++) {
        const kfield *f = &k->fields[i];
        char buf[400];
        if (i) sbuf_addc(b, ',');
        if (v[i].null) continue;
        if (f->type == FT_MONEY) {
            uint64_t a = v[i].i < 0 ? (uint64_t)0 - (uint64_t)v[i].i : (uint64_t)v[i].i;
            snprintf(buf, sizeof buf, "%s%" PRIu64 ".%02u", v[i].i < 0 ? "-" : "", a / 100, (unsigned)(a % 100));
            sbuf_adds(b, buf);
        } else if (f->type == FT_BOOL) {
            sbuf_adds(b, v[i].i ? "是" : "否");
        } else if (f->type == FT_ENUM && v[i].s) {
            kind_enum_zh(f->enumset, v[i].s, buf, sizeof buf);
            /* an enumeration with aliases (调休/换休假): the first name */
            char *slash = strchr(buf, '/');
            if (slash) *slash = '\0';
            csv_field(b, buf);
        } else if (v[i].is_int) {
            snprintf(buf, sizeof buf, "%" PRId64, v[i].i);
            sbuf_adds(b, buf);
        } else {
            csv_field(b, v[i].s ? v[i].s : "");
        }
    }
    sbuf_adds(b, "\r\n");
    return 0;
}

int export_csv(store *st, const kind_def *k, sbuf *out, kerr *e)
{
    for (int i = 0; i < k->nfields; i++) {
        if (i) sbuf_addc(out, ',');
        csv_field(out, k->fields[i].zh);
    }
    sbuf_adds(out, "\r\n");
    return store_each_record(st, k, put_row, out, e) ? -1 : 0;
}

/* The state of one workbook being written. */
typedef struct xrow {
    lxw_worksheet *ws;     /* the sheet */
    lxw_format *money;     /* number format 0.00 */
    lxw_row_t row;         /* next row */
    lxw_error err;         /* first libxlsxwriter error, or LXW_NO_ERROR */
} xrow;

static int put_xrow(void *ctx, const kind_def *k, const kval *v)
{
    xrow *x = ctx;
    for (int i = 0; i < k->nfields && x->err == LXW_NO_ERROR; i++) {
        const kfield *f = &k->fields[i];
        lxw_col_t c = (lxw_col_t)i;
        char buf[400];
        if (v[i].null) continue;
        if (f->type == FT_MONEY) {
            x->err = worksheet_write_number(x->ws, x->row, c, (double)v[i].i / 100.0, x->money);
        } else if (f->type == FT_BOOL) {
            x->err = worksheet_write_string(x->ws, x->row, c, v[i].i ? "是" : "否", NULL);
        } else if (f->type == FT_ENUM && v[i].s) {
            kind_enum_zh(f->enumset, v[i].s, buf, sizeof buf);
            char *slash = strchr(buf, '/');
            if (slash) *slash = '\0';
            x->err = worksheet_write_string(x->ws, x->row, c, buf, NULL);
        } else if (v[i].is_int) {
            snprintf(buf, sizeof buf, "%" PRId64, v[i].i);
            x->err = worksheet_write_string(x->ws, x->row, c, buf, NULL);
        } else {
            x->err = worksheet_write_string(x->ws, x->row, c, v[i].s ? v[i].s : "", NULL);
        }
    }
    x->row++;
    return x->err != LXW_NO_ERROR;
}

/* Creates the temporary file beside `path` (exclusive, random name, the
 * output mode) and opens a workbook on it, which libxlsxwriter rewrites in
 * place; *tmp receives its name (owned; NULL when nothing was created).
 * NULL with e filled on failure. */
static lxw_workbook *workbook_open(const char *path, char **tmp, kerr *e)
{
    *tmp = NULL;
    if (util_check_target(path, e)) return NULL;
    int tfd = util_tmp_create(path, tmp, e);
    if (tfd < 0) return NULL;
    close(tfd);
    lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
    lxw_workbook *wb = workbook_new_opt(*tmp, &opt);
    if (!wb) kerr_set(e, EXIT_CANTCREAT, "%s: cannot create the workbook", path);
    return wb;
}

/* Puts a closed workbook's temporary file in place: checks the writer's
 * status err, syncs tmp and renames it to path. Returns 0, or -1 with e
 * filled (EXIT_CANTCREAT); tmp is left for the caller to remove. */
static int commit(const char *tmp, const char *path, lxw_error err, kerr *e)
{
    if (err != LXW_NO_ERROR)
        return kerr_set(e, EXIT_CANTCREAT, "%s: cannot write the workbook: %s", path, lxw_strerror(err));
    int fd = open(tmp, O_RDONLY);
    if (fd < 0 || fsync(fd) != 0) {
        kerr_set(e, EXIT_CANTCREAT, "%s: cannot sync the workbook: %s", path, msg_strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    close(fd);
    if (util_check_target(path, e)) return -1;
    if (rename(tmp, path) != 0)
        return kerr_set(e, EXIT_CANTCREAT, "%s: cannot rename the workbook into place: %s", path,
                        msg_strerror(errno));
    return 0;
}

int export_xlsx(store *st, const kind_def *k, const char *path, kerr *e)
{
    char *tmp = NULL;
    int ret = -1;
    lxw_workbook *wb = workbook_open(path, &tmp, e);
    if (!wb) goto out;
    xrow x = { .ws = workbook_add_worksheet(wb, k->zh), .money = workbook_add_format(wb) };
    if (!x.ws || !x.money) {
        kerr_set(e, EXIT_SOFTWARE, "%s: cannot add a worksheet", path);
        workbook_close(wb);
        goto out;
    }
    format_set_num_format(x.money, "0.00");
    for (int i = 0; i < k->nfields && x.err == LXW_NO_ERROR; i++)
        x.err = worksheet_write_string(x.ws, 0, (lxw_col_t)i, k->fields[i].zh, NULL);
    x.row = 1;
    int rc = x.err == LXW_NO_ERROR ? store_each_record(st, k, put_xrow, &x, e) : 0;
    lxw_error cerr = workbook_close(wb);
    if (rc < 0) goto out;
    if (commit(tmp, path, x.err != LXW_NO_ERROR ? x.err : cerr, e)) goto out;
    ret = 0;
out:
    if (ret && tmp) unlink(tmp);
    free(tmp);
    return ret;
}

static const char *const ROW_KIND[] = { "row", "group", "total" };

void export_report_csv(const report_tables *ts, sbuf *out)
{
    for (size_t i = 0; i < ts->n; i++) {
        const report_table *t = &ts->t[i];
        util_csv_cell_safe(out, t->name);
        sbuf_adds(out, ",head");
        for (size_t j = 0; j < t->ncols; j++) {
            sbuf_addc(out, ',');
            util_csv_cell_safe(out, t->heads[j]);
        }
        sbuf_adds(out, "\r\n");
        for (size_t r = 0; r < t->nrows; r++) {
            util_csv_cell_safe(out, t->name);
            sbuf_addc(out, ',');
            sbuf_adds(out, ROW_KIND[t->kinds[r] < 3 ? t->kinds[r] : 0]);
            for (size_t j = 0; j < t->ncols; j++) {
                sbuf_addc(out, ',');
                util_csv_cell_safe(out, t->cells[r * t->ncols + j]);
            }
            sbuf_adds(out, "\r\n");
        }
        for (size_t r = 0; r < t->nnotes; r++) {
            util_csv_cell_safe(out, t->name);
            sbuf_adds(out, ",note,");
            util_csv_cell_safe(out, t->notes[2 * r]);
            sbuf_addc(out, ',');
            util_csv_cell_safe(out, t->notes[2 * r + 1]);
            sbuf_adds(out, "\r\n");
        }
    }
}

int export_report_xlsx(const report_tables *ts, const char *path, kerr *e)
{
    char *tmp = NULL;
    int ret = -1;
    lxw_workbook *wb = workbook_open(path, &tmp, e);
    if (!wb) goto out;
    lxw_error err = LXW_NO_ERROR;
    for (size_t i = 0; i < ts->n && err == LXW_NO_ERROR; i++) {
        const report_table *t = &ts->t[i];
        lxw_worksheet *ws = workbook_add_worksheet(wb, t->name);
        if (!ws) {
            kerr_set(e, EXIT_SOFTWARE, "%s: cannot add the worksheet '%s'", path, t->name);
            workbook_close(wb);
            goto out;
        }
        for (size_t j = 0; j < t->ncols && err == LXW_NO_ERROR; j++)
            err = worksheet_write_string(ws, 0, (lxw_col_t)j, t->heads[j], NULL);
        if (err == LXW_NO_ERROR) err = worksheet_write_string(ws, 0, (lxw_col_t)t->ncols, "kind", NULL);
        for (size_t r = 0; r < t->nrows && err == LXW_NO_ERROR; r++) {
            lxw_row_t xr = (lxw_row_t)(r + 1);
            for (size_t j = 0; j < t->ncols && err == LXW_NO_ERROR; j++) {
                const char *v = t->cells[r * t->ncols + j];
                /* an empty string cell is no cell (libxlsxwriter writes a blank) */
                if (*v) err = worksheet_write_string(ws, xr, (lxw_col_t)j, v, NULL);
            }
            if (err == LXW_NO_ERROR)
                err = worksheet_write_string(ws, xr, (lxw_col_t)t->ncols, ROW_KIND[t->kinds[r] < 3 ? t->kinds[r] : 0],
                                             NULL);
        }
        for (size_t r = 0; r < t->nnotes && err == LXW_NO_ERROR; r++) {
            lxw_row_t xr = (lxw_row_t)(t->nrows + 1 + r);
            err = worksheet_write_string(ws, xr, 0, t->notes[2 * r], NULL);
            if (err == LXW_NO_ERROR && t->notes[2 * r + 1][0])
                err = worksheet_write_string(ws, xr, 1, t->notes[2 * r + 1], NULL);
            if (err == LXW_NO_ERROR) err = worksheet_write_string(ws, xr, (lxw_col_t)t->ncols, "note", NULL);
        }
    }
    lxw_error cerr = workbook_close(wb);
    if (commit(tmp, path, err != LXW_NO_ERROR ? err : cerr, e)) goto out;
    ret = 0;
out:
    if (ret && tmp) unlink(tmp);
    free(tmp);
    return ret;
}
