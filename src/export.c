/* export.c — a kind's stored rows as CSV in kefu's own layout (see export.h). */
#include "export.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

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
