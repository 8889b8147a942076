/* ingest.c — export files to stored rows: recognition, normalisation,
 * validation, rejects, one transaction per file (see ingest.h). */
#include "msg.h"
#include "ingest.h"
#include "csv.h"
#include "hash.h"
#include "kinds.h"
#include "mapping.h"
#include "policy.h"
#include "store_retain.h"
#include "value.h"
#include "xlsx.h"
#include "xmlin.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ATTACHMENT_MAX (256L * 1024 * 1024)  /* a scan larger than this is refused */

/* inspect: one accepted row, kept until the file ends, since a later row
 * with the same natural key replaces it in the store (INSERT OR REPLACE)
 * and so is not a row ingest stores. */
typedef struct insp_row {
    char *key;                 /* kind name and natural key values, '\x1f'-separated (owned) */
    char *json;                /* the record's JSON (owned) */
    long line;                 /* the line (workbook: row) it starts on */
    size_t seq;                /* order of acceptance */
    int superseded;            /* 1: a later row of the same key replaces it */
} insp_row;

/* State for one file being read. */
typedef struct filectx {
    store *st;                 /* NULL when inspecting */
    const struct policy *pol;  /* vocabularies (roles, offences, categories) */
    const ingest_opts *o;      /* options */
    ingest_file *f;            /* result being filled */
    const kind_def *k;         /* the file's kind */
    char *dir;                 /* directory of the file (attachments are relative to it) */
    char *realdir;             /* dir with symlinks resolved, once, on the first attachment */
    int internal;              /* 1 after an internal (SQLite) error: stop */
    kerr *e;                   /* where an internal error goes */
    int strict_failed;         /* 1 once a row failed under --strict */
    sbuf *inspect;             /* inspect: JSON records array being built (the rows take_row
                                * accepts; with nokind, the rows as the header splits them), or NULL */
    sbuf *errors;              /* inspect: JSON errors array, or NULL */
    sbuf *human;               /* inspect: human error lines, or NULL */
    int64_t before;            /* rows of the kind's table before the file (replacements) */
    int64_t src_id;            /* the file's source row (its rows cite it) */
    int nokind;                /* inspect: the header matched no kind (its error is of kind "kind") */
    const char *const *header; /* CSV header names (inspect JSON), or NULL */
    int nheader;               /* entries in header */
    const char *sheet;         /* workbook: the sheet being read, or NULL (CSV, XML) */
    int64_t sheet_id;          /* workbook: the sheet's row in the store's sheet table, or 0 */
    int fcol[KIND_MAX_FIELDS]; /* workbook: the column of each field, -1 when absent */
    int sheet_counted;         /* workbook: replacements were counted per sheet */
    insp_row *irows;           /* inspect: the accepted rows (owned) */
    size_t nirows, cap_irows;
    map_cols mc;               /* --mapping: where its fields are in the header */
    char *unmapped;            /* --mapping: the header's columns it does not know, or NULL (owned) */
} filectx;

/* --- small helpers --- */

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcasecmp(s + n - m, suf) == 0;
}

/* Trims ASCII spaces and tabs at both ends (header names only; values are
 * never altered by the reader). */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = '\0';
    return s;
}

/* Records one bad row: message on the message stream, reject row in the
 * store (or the inspect lists). field/value may be NULL for row errors. */
static void reject(filectx *c, long line, const char *field, const char *value, const char *msg)
{
    c->f->rejected++;
    if (c->o->strict) c->strict_failed = 1;
    if (c->o->msgs) fprintf(c->o->msgs, "kefu: %s\n", msg);
    if (c->errors) {
        if (c->errors->len > 1) sbuf_addc(c->errors, ',');
        sbuf_printf(c->errors, "{\"line\":%ld,\"kind\":\"%s\",\"message\":", line, field ? "field" : "row");
        sbuf_json_str(c->errors, msg);
        sbuf_addc(c->errors, '}');
    }
    if (c->human) sbuf_printf(c->human, "  %s\n", msg);
    if (c->st && !c->internal &&
        store_put_reject(c->st, c->f->path, c->f->sha256, line, field, value, msg, c->e))
        c->internal = 1;
}

/* The place of a field as a user sees it: "FILE:LINE" for CSV and XML,
 * "FILE[SHEET]!C7" (the field's cell) for a workbook, or "FILE[SHEET]!7"
 * (the row) when the field has no column. */
static void where(const filectx *c, long line, const char *field, char *out, size_t outsz)
{
    if (!c->sheet) {
        snprintf(out, outsz, "%s:%ld", c->f->path, line);
        return;
    }
    int f = field && c->k ? kind_field_index(c->k, field) : -1;
    char col[4] = "";
    if (f >= 0 && c->fcol[f] >= 0) xlsx_col_name(c->fcol[f], col);
    snprintf(out, outsz, "%s[%s]!%s%ld", c->f->path, c->sheet, col, line);
}

/* "FILE:LINE: field 'F': 'VALUE' is …" with the value clipped; in
 * Chinese the field's Chinese header follows its code, as a reader of the
 * export knows the column: "字段 'clock_in'（签到时间）". */
static void reject_field(filectx *c, long line, const char *field, const char *value, const char *what)
{
    char clip[96], at[700];
    util_clip(value, clip, sizeof clip);
    where(c, line, field, at, sizeof at);
    int f = msg_zh() && c->k ? kind_field_index(c->k, field) : -1;
    char *msg = f >= 0 && c->k->fields[f].zh
              ? xasprintf(msg_tr("%s: field '%s' (%s): '%s' %s"), at, field, c->k->fields[f].zh, clip, what)
              : xasprintf(msg_tr("%s: field '%s': '%s' %s"), at, field, clip, what);
    reject(c, line, field, value, msg);
    free(msg);
}

/* Checks an identifier: no control characters, no '/' or '\\', no
 * surrounding spaces, at most 64 bytes (ids may name output files). */
/* Matches a header against the --mapping: 0 with c->mc filled (the
 * columns the mapping does not know are reported once per file: a line on
 * msgs, or inspect's "unmapped" line), -1 with *msg for a missing required
 * column. */
static int mapped_header(filectx *c, const char *const *names, int n, char **msg)
{
    sbuf unknown = {0};
    if (map_header(c->o->mapping, names, n, &c->mc, &unknown, msg)) {
        sbuf_free(&unknown);
        return -1;
    }
    if (unknown.len && !c->unmapped) {
        c->unmapped = xstrdup(unknown.p);
        if (!c->inspect && c->o->msgs && !c->o->quiet)
            fprintf(c->o->msgs, msg_tr("kefu: %s%s%s%s: columns not in mapping %s, ignored: %s\n"), c->f->path,
                    c->sheet ? "[" : "", c->sheet ? c->sheet : "", c->sheet ? "]" : "", map_name(c->o->mapping),
                    unknown.p);
    }
    sbuf_free(&unknown);
    return 0;
}

static int valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64 || s[0] == ' ' || s[n - 1] == ' ' || s[0] == '.') return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\') return 0;
    return 1;
}

/* An attachment path: relative, no '..' component, no backslash, no
 * control characters, at most 255 bytes. */
static int valid_relpath(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 255 || s[0] == '/' || strchr(s, '\\')) return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f) return 0;
    const char *p = s;
    while (*p) {
        const char *q = strchr(p, '/');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        if ((len == 2 && p[0] == '.' && p[1] == '.') || len == 0) return 0;
        if (!q) break;
        p = q + 1;
    }
    return 1;
}

/* Resolves a punch given as a bare time to the instant (date-1, date or
 * date+1 at that time) closest to the scheduled reference instant, so a
 * 06:02 clock-out of a 22:00–06:00 shift lands on the next day. */
static void resolve_punch(const char *date, const char *time, int64_t ref, char out[20])
{
    int64_t base = (int64_t)val_days(date) * 86400 + val_tod(time);
    int64_t best = base;
    for (int d = -1; d <= 1; d++) {
        int64_t cand = base + (int64_t)d * 86400;
        int64_t dc = cand > ref ? cand - ref : ref - cand;
        int64_t db = best > ref ? best - ref : ref - best;
        if (dc < db) best = cand;
    }
    val_secs_str(best, out);
}

/* Per-row conversion buffers: one slot per field. */
typedef struct rowbuf {
    char text[KIND_MAX_FIELDS][24];  /* canonical dates, times, periods */
    const char *code[KIND_MAX_FIELDS];
    kval v[KIND_MAX_FIELDS];
} rowbuf;

/* A hold row's placed_by: an employee kefu recorded (role history, with
 * its audit entry) holding a role the policy lets place holds, hired by
 * and not gone on placed_on. Rejects the row otherwise: 1, or -1 on a
 * store error; 0 when it may stand. */
static int hold_placer(filectx *c, const char *by, const char *placed_on, long line, const char *raw)
{
    char allowed[1024], why[1400];
    policy_hold_roles_describe(c->pol, allowed, sizeof allowed);
    if (!by || !*by) {
        snprintf(why, sizeof why, msg_tr("is empty, but a hold needs the person who placed it: an employee with a hold "
                 "role (%s)"), allowed);
        reject_field(c, line, "placed_by", raw ? raw : "", why);
        return 1;
    }
    store_role r;
    int rc = store_role_at(c->st, by, 0, &r, c->e);
    if (rc < 0) {
        c->internal = 1;
        return -1;
    }
    if (rc == 0)
        snprintf(why, sizeof why, msg_tr("is not an employee kefu has recorded: ingest the employee file before the holds"));
    else if (!r.audited)
        snprintf(why, sizeof why, msg_tr("has a role row (history %ld) that no audit entry records"), r.seq);
    else if (r.hired_on[0] && placed_on && strcmp(r.hired_on, placed_on) > 0)
        snprintf(why, sizeof why, msg_tr("is hired on %s, after the hold's placed_on %s"), r.hired_on, placed_on);
    else if (r.left_on[0] && placed_on && strcmp(r.left_on, placed_on) <= 0)
        snprintf(why, sizeof why, msg_tr("left on %s, by the hold's placed_on %s"), r.left_on, placed_on);
    else if (!policy_may_hold(c->pol, r.role)) {
        const char *zh = policy_vocab_name(c->pol, POLICY_VOCAB_ROLE, r.role);
        snprintf(why, sizeof why, msg_tr("is %s %s (%s); the policy's <hold-roles> allows only %s"), r.name, r.role,
                 zh ? zh : r.role, allowed);
    } else {
        return 0;
    }
    reject_field(c, line, "placed_by", raw ? raw : by, why);
    return 1;
}

/* Normalises and stores one record (values by field index; NULL = absent).
 * Returns 0 (stored or rejected), -1 to stop (internal error). */
/* Keeps a row take_row accepted for inspect's records — {"line":N,
 * ["sheet":S,] "fields":{field: raw, …}} — with its natural key (from the
 * checked values in v, as the store compares them), so that inspect_finish
 * lists the rows ingest stores; a rejected row is only in the errors. */
static void inspect_row(filectx *c, long line, const char *const *values, const kval *v)
{
    sbuf j = {0}, key = {0};
    sbuf_printf(&j, "{\"line\":%ld,", line);
    if (c->sheet) {
        sbuf_adds(&j, "\"sheet\":");
        sbuf_json_str(&j, c->sheet);
        sbuf_addc(&j, ',');
    }
    sbuf_adds(&j, "\"fields\":{");
    int first = 1;
    for (int i = 0; i < c->k->nfields; i++) {
        if (!values[i]) continue;
        if (!first) sbuf_addc(&j, ',');
        first = 0;
        sbuf_json_str(&j, c->k->fields[i].name);
        sbuf_addc(&j, ':');
        sbuf_json_str(&j, values[i]);
    }
    sbuf_adds(&j, "}}");
    sbuf_adds(&key, c->k->name);
    for (int i = 0; i < c->k->nkey; i++) {
        const kval *kv = &v[c->k->key[i]];
        sbuf_addc(&key, '\x1f');
        if (kv->null) sbuf_addc(&key, '\x1e');   /* NULL is never equal: no replacement */
        else if (kv->is_int) sbuf_printf(&key, "%lld", (long long)kv->i);
        else sbuf_adds(&key, kv->s ? kv->s : "");
    }
    if (c->nirows == c->cap_irows) {
        c->cap_irows = c->cap_irows ? c->cap_irows * 2 : 64;
        c->irows = xrealloc(c->irows, c->cap_irows * sizeof *c->irows);
    }
    insp_row *r = &c->irows[c->nirows];
    r->key = key.p;
    r->json = j.p;
    r->line = line;
    r->superseded = 0;
    r->seq = c->nirows++;
}

static int cmp_irow_key(const void *a, const void *b)
{
    const insp_row *x = a, *y = b;
    int k = strcmp(x->key, y->key);
    return k ? k : (x->seq < y->seq ? -1 : x->seq > y->seq);
}

static int cmp_irow_seq(const void *a, const void *b)
{
    const insp_row *x = a, *y = b;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Appends inspect's records to c->inspect: the kept rows in file order,
 * but a row a later one of the same natural key replaces, whose line goes
 * to `superseded` (a JSON array's members) instead. Sorting keeps it
 * O(n log n) on a large file. Frees the rows. */
static void inspect_finish(filectx *c, sbuf *superseded)
{
    if (c->nirows == 0) return;   /* irows is NULL: qsort must not see it */
    qsort(c->irows, c->nirows, sizeof *c->irows, cmp_irow_key);
    for (size_t i = 0; i + 1 < c->nirows; i++) {
        const char *k = c->irows[i].key;
        c->irows[i].superseded = !strchr(k, '\x1e') && strcmp(k, c->irows[i + 1].key) == 0;
    }
    qsort(c->irows, c->nirows, sizeof *c->irows, cmp_irow_seq);
    for (size_t i = 0; i < c->nirows; i++) {
        if (c->irows[i].superseded) {
            if (superseded->len) sbuf_addc(superseded, ',');
            sbuf_printf(superseded, "%ld", c->irows[i].line);
        } else {
            if (c->inspect->len > 1) sbuf_addc(c->inspect, ',');
            sbuf_adds(c->inspect, c->irows[i].json);
        }
        free(c->irows[i].json);
        free(c->irows[i].key);
    }
    free(c->irows);
    c->irows = NULL;
    c->nirows = c->cap_irows = 0;
}

static int take_row(filectx *c, long line, const char *const *values)
{
    const kind_def *k = c->k;
    rowbuf rb;
    char fsha[HASH_HEX_LEN];
    const char *file_sha = NULL;
    char *att = NULL;
    size_t attlen = 0;
    if (c->strict_failed) return 0;   /* the file is lost anyway; count nothing more */
    for (int i = 0; i < k->nfields; i++) {
        const kfield *fd = &k->fields[i];
        const char *raw = values[i] ? values[i] : "";
        kval *v = &rb.v[i];
        /* each slot is set here, not by clearing the whole row buffer
         * (a million rows of it showed in the profile) */
        v->null = v->is_int = 0;
        v->i = 0;
        v->s = NULL;
        rb.code[i] = NULL;
        if (raw[0] == '\0') {
            if (fd->required) {
                char at[700];
                where(c, line, fd->name, at, sizeof at);
                char *msg = xasprintf(msg_tr("%s: field '%s': '' is empty, but the field is required"), at, fd->name);
                reject(c, line, fd->name, raw, msg);
                free(msg);
                goto out;
            }
            if (fd->type == FT_BOOL) { v->is_int = 1; v->i = 0; }
            else v->null = 1;
            continue;
        }
        char desc[1200];
        int bad = 0;
        switch (fd->type) {
        case FT_TEXT:
            v->s = raw;
            break;
        case FT_ID:
            if (!valid_id(raw)) {
                reject_field(c, line, fd->name, raw, msg_tr("is not an identifier (1–64 bytes, no '/', '\\', control characters or surrounding spaces)"));
                goto out;
            }
            v->s = raw;
            break;
        case FT_DATE:
            if (val_date(raw, rb.text[i])) {
                reject_field(c, line, fd->name, raw, msg_tr("is not a date (YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD or YYYY年MM月DD日)"));
                goto out;
            }
            v->s = rb.text[i];
            break;
        case FT_TIME:
            if (val_time(raw, rb.text[i])) {
                reject_field(c, line, fd->name, raw, msg_tr("is not a time (HH:MM or HH:MM:SS)"));
                goto out;
            }
            v->s = rb.text[i];
            break;
        case FT_DATETIME:
            if (val_datetime(raw, rb.text[i]) == 0) {
                v->s = rb.text[i];
            } else if (strcmp(k->name, "attendance") == 0 && val_time(raw, rb.text[i]) == 0) {
                /* a bare punch time: resolved after the shift fields (below) */
                v->s = NULL;
            } else {
                reject_field(c, line, fd->name, raw, strcmp(k->name, "attendance") == 0
                             ? msg_tr("is not a time (HH:MM) or a date and time (YYYY-MM-DD HH:MM)")
                             : msg_tr("is not a date and time (YYYY-MM-DD HH:MM[:SS])"));
                goto out;
            }
            break;
        case FT_MONEY:
            if (val_money(raw, &v->i)) {
                reject_field(c, line, fd->name, raw, msg_tr("is not an amount of money (e.g. 1234.50, 1,234.50, ¥1234.5, 1234.5元)"));
                goto out;
            }
            /* wages, bonuses and fines are never negative (a negative wage
             * made a fine of -2,000.00 yuan); no kind documents a signed
             * amount — one that does needs a field type of its own */
            if (v->i < 0) {
                reject_field(c, line, fd->name, raw, msg_tr("is negative: an amount of money here is 0 or more"));
                goto out;
            }
            v->is_int = 1;
            break;
        case FT_BOOL: {
            int b;
            if (val_bool(raw, &b)) {
                reject_field(c, line, fd->name, raw, msg_tr("is not a yes/no value (是/否, Y/N, yes/no, true/false, 1/0, √/×)"));
                goto out;
            }
            v->is_int = 1;
            v->i = b;
            break;
        }
        case FT_ENUM:
            rb.code[i] = kind_enum_lookup(fd->enumset, raw);
            if (!rb.code[i]) {
                char list[400];
                kind_enum_describe(fd->enumset, list, sizeof list);
                snprintf(desc, sizeof desc, msg_tr("is not one of %s"), list);
                reject_field(c, line, fd->name, raw, desc);
                goto out;
            }
            v->s = rb.code[i];
            break;
        case FT_PERIOD: {
            int weekly;
            if (val_period(raw, rb.text[i], &weekly)) {
                reject_field(c, line, fd->name, raw, msg_tr("is not a period (YYYY-MM or ISO week YYYY-Www)"));
                goto out;
            }
            v->s = rb.text[i];
            break;
        }
        case FT_ROLE:
        case FT_OFFENSE:
        case FT_CATEGORY: {
            policy_vocab_kind vk = fd->type == FT_ROLE ? POLICY_VOCAB_ROLE
                                 : fd->type == FT_OFFENSE ? POLICY_VOCAB_OFFENSE : POLICY_VOCAB_CATEGORY;
            rb.code[i] = c->pol ? policy_vocab(c->pol, vk, raw) : raw;
            if (!rb.code[i]) {
                const char *what = fd->type == FT_ROLE ? msg_tr("role") : fd->type == FT_OFFENSE ? msg_tr("offence")
                                 : msg_tr("archive category");
                snprintf(desc, sizeof desc, msg_tr("is not a %s declared by the policy (code or Chinese name)"), what);
                reject_field(c, line, fd->name, raw, desc);
                goto out;
            }
            v->s = rb.code[i];
            break;
        }
        case FT_FILE: {
            if (!valid_relpath(raw)) {
                reject_field(c, line, fd->name, raw, msg_tr("is not a relative attachment path (no '..', no absolute path)"));
                goto out;
            }
            char *full = xasprintf("%s/%s", c->dir, raw);
            /* the file itself, symlinks resolved, must lie under the export's
             * directory: a link must not smuggle /etc/passwd into the store */
            if (!c->realdir) c->realdir = realpath(c->dir, NULL);
            char *real = realpath(full, NULL), *rdir = c->realdir;
            size_t rl = rdir ? strlen(rdir) : 0;
            int inside = real && rdir && strncmp(real, rdir, rl) == 0 && (real[rl] == '/' || rl == 1);
            if (real && inside) {
                free(full);
                full = real;
            } else {
                free(real);
            }
            struct stat sb;
            kerr fe;
            kerr_clear(&fe);
            if (stat(full, &sb) != 0 || !S_ISREG(sb.st_mode)) {
                bad = 1;
                snprintf(desc, sizeof desc, msg_tr("names an attachment that does not exist (%s)"), full);
            } else if (!inside) {
                bad = 1;
                snprintf(desc, sizeof desc, msg_tr("names an attachment that is a link to a file outside the export's "
                         "directory (%s)"), full);
            } else if (sb.st_size > ATTACHMENT_MAX) {
                bad = 1;
                snprintf(desc, sizeof desc, msg_tr("names an attachment larger than %ld bytes"), ATTACHMENT_MAX);
            } else if (util_read_file(full, &att, &attlen, &fe)) {
                bad = 1;
                snprintf(desc, sizeof desc, msg_tr("cannot be read (%s)"), fe.msg);
            }
            free(full);
            if (bad) {
                reject_field(c, line, fd->name, raw, desc);
                goto out;
            }
            hash_hex(att, attlen, fsha);
            file_sha = fsha;
            v->s = raw;
            break;
        }
        }
    }

    /* Checks across fields. */
    if (strcmp(k->name, "attendance") == 0) {
        /* fields: 1 date, 2 shift_start, 3 shift_end, 4 clock_in, 5 clock_out */
        int64_t start = val_secs(rb.text[1]) + val_tod(rb.text[2]);
        int64_t end = val_secs(rb.text[1]) + val_tod(rb.text[3]);
        if (end <= start) end += 86400;
        for (int i = 4; i <= 5; i++) {
            if (!rb.v[i].null && rb.v[i].s == NULL) {
                char t[9];
                memcpy(t, rb.text[i], sizeof t);
                resolve_punch(rb.text[1], t, i == 4 ? start : end, rb.text[i]);
                rb.v[i].s = rb.text[i];
            }
        }
    } else if (strcmp(k->name, "leave") == 0) {
        if (strcmp(rb.text[4], rb.text[3]) < 0) {
            reject_field(c, line, "end_date", values[4], msg_tr("is before start_date"));
            goto out;
        }
    } else if (strcmp(k->name, "report_submission") == 0) {
        int weekly = strchr(rb.text[2], 'W') != NULL;
        if (weekly != (strcmp(rb.code[1], "weekly") == 0)) {
            reject_field(c, line, "period", values[2],
                         weekly ? msg_tr("is a week, but report_type is monthly (needs YYYY-MM)")
                                : msg_tr("is a month, but report_type is weekly (needs YYYY-Www)"));
            goto out;
        }
    } else if (strcmp(k->name, "hold") == 0) {
        if (rb.v[1].null && rb.v[2].null && rb.v[3].null) {
            char at[700];
            where(c, line, "record_id", at, sizeof at);
            char *msg = xasprintf(msg_tr("%s: field 'record_id': '' is empty, but a hold needs a record_id, category or owner"),
                                  at);
            reject(c, line, "record_id", "", msg);
            free(msg);
            goto out;
        }
        /* ingest never lifts a hold: a lift needs a person and a date the
         * audit chain can vouch for (issue 13) */
        if (!rb.v[6].null) {
            reject_field(c, line, "lifted_on", values[6],
                         msg_tr("is set, but ingest never lifts a hold: lift it with `kefu hold lift HOLD_ID --by ID`"));
            goto out;
        }
        /* who placed it is checked as `kefu hold add --by` checks it */
        int bad = c->st ? hold_placer(c, rb.v[7].null ? NULL : rb.v[7].s, rb.text[5], line, values[7]) : 0;
        if (bad) goto out;
    }

    if (c->st) {
        if (file_sha && store_put_attachment(c->st, file_sha, rb.v[8].s, att, attlen, c->e)) {
            c->internal = 1;
            goto out;
        }
        if (store_put_record(c->st, k, rb.v, c->src_id, line, c->sheet_id, file_sha, c->e)) {
            c->internal = 1;
            goto out;
        }
    } else if (c->o->row_fn) {
        c->o->row_fn(c->o->row_ctx, k, rb.v, line);
    }
    c->f->stored++;
    if (c->inspect) inspect_row(c, line, values, rb.v);
out:
    free(att);
    return c->internal ? -1 : 0;
}

/* Called once the file's kind is known: counts the kind's rows so that
 * replacements can be told from new rows at the end. */
static int kind_known(filectx *c)
{
    if (!c->st) return 0;
    c->before = store_count(c->st, c->k, c->e);
    if (c->before < 0) {
        c->internal = 1;
        return -1;
    }
    return 0;
}

/* --- CSV --- */

static long file_read(void *ctx, char *buf, size_t n)
{
    FILE *fp = ctx;
    size_t got = fread(buf, 1, n, fp);
    if (got == 0 && ferror(fp)) return -1;
    return (long)got;
}

/* inspect of a file whose header matches no kind: adds one record as the
 * header splits it, {"line":N,"fields":{column: raw, …}}. */
static void inspect_record(filectx *c, const csv_record *rec)
{
    if (!c->inspect) return;
    if (c->inspect->len > 1) sbuf_addc(c->inspect, ',');
    sbuf_printf(c->inspect, "{\"line\":%ld,\"fields\":{", rec->line);
    for (int i = 0; i < rec->nfields && i < c->nheader; i++) {
        if (i) sbuf_addc(c->inspect, ',');
        sbuf_json_str(c->inspect, c->header[i]);
        sbuf_addc(c->inspect, ':');
        sbuf_json_str(c->inspect, rec->fields[i]);
    }
    sbuf_adds(c->inspect, "}}");
}

/* A row whose field count differs from the header's is rejected by line;
 * returns 1 when it was (the caller skips the row), else 0. */
static int ragged(filectx *c, const csv_record *rec, int nnames)
{
    if (rec->nfields == nnames) return 0;
    char *msg = xasprintf(msg_tr("%s:%ld: row has %d fields, the header has %d"), c->f->path, rec->line, rec->nfields,
                          nnames);
    reject(c, rec->line, NULL, NULL, msg);
    free(msg);
    return 1;
}

/* The message for a header no kind matches: the columns found, and the
 * kind that matches most of them with the required columns it lacks. */
static char *header_mismatch(const char *at, const char *const *names, int n)
{
    sbuf cols = {0}, miss = {0};
    const kind_def *best = NULL;
    int best_cover = 0;
    for (int i = 0; i < n && i < 12; i++) sbuf_printf(&cols, "%s%s", i ? ", " : "", names[i]);
    for (int k = 0; k < KIND_COUNT; k++) {
        int cover = 0;
        for (int i = 0; i < n; i++) cover += kind_field_index(&kind_all()[k], names[i]) >= 0;
        if (cover > best_cover) {
            best_cover = cover;
            best = &kind_all()[k];
        }
    }
    char *msg;
    if (best) {
        for (int f = 0; f < best->nfields; f++) {
            int seen = 0;
            for (int i = 0; i < n; i++) seen |= kind_field_index(best, names[i]) == f;
            if (!seen && best->fields[f].required)
                sbuf_printf(&miss, "%s%s (%s)", miss.len ? ", " : "", best->fields[f].name, best->fields[f].zh);
        }
        msg = xasprintf(msg_tr("%s: header does not match any record kind (columns: %s); closest is %s (%s), "
                        "which also needs %s"), at, cols.p, best->name, best->zh,
                        miss.p ? miss.p : msg_tr("a unique match (use --kind)"));
    } else {
        msg = xasprintf(msg_tr("%s: header does not match any record kind (columns: %s); no column is a "
                        "field name of any kind (canonical or Chinese, see README 'Record kinds')"),
                        at, cols.p ? cols.p : "");
    }
    sbuf_free(&cols);
    sbuf_free(&miss);
    return msg;
}

/* Reads a CSV file whose encoding is known. File-level failures fill
 * c->f->msg and set failed. */
static int read_csv(filectx *c, FILE *fp, csv_encoding enc, char *delim_out, sbuf *header_out)
{
    kerr re;
    kerr_clear(&re);
    csv_record rec;
    int map[KEFU_MAX_COLUMNS];
    char **names = NULL;
    int nnames = 0, rc, ret = 0;
    csv_reader *r = csv_open(file_read, fp, enc, 0, c->f->path, &re);
    if (!r) {
        c->f->failed = 1;
        c->f->msg = xstrdup(re.msg);
        return 0;
    }
    /* The header record, after a mapping's title rows. */
    for (int t = c->o->mapping ? map_title_rows(c->o->mapping) : 0; t > 0; t--)
        if ((rc = csv_next(r, &rec, &re)) != 1) break;
    rc = csv_next(r, &rec, &re);
    if (rc != 1) {
        c->f->failed = 1;
        c->f->msg = rc == 0 ? xasprintf(msg_tr("%s: the file is empty (no header row)"), c->f->path)
                            : xasprintf("%s", re.msg);
        goto out;
    }
    if (rec.nfields > KEFU_MAX_COLUMNS) {
        c->f->failed = 1;
        c->f->msg = xasprintf(msg_tr("%s:%ld: header has %d columns (at most %d)"), c->f->path, rec.line,
                              rec.nfields, KEFU_MAX_COLUMNS);
        goto out;
    }
    nnames = rec.nfields;
    names = xcalloc((size_t)nnames, sizeof *names);
    for (int i = 0; i < nnames; i++) {
        names[i] = xstrdup(trim(rec.fields[i]));
        if (names[i][0] == '\0') {
            c->f->failed = 1;
            c->f->msg = xasprintf(msg_tr("%s:%ld: header column %d is empty"), c->f->path, rec.line, i + 1);
            goto out;
        }
        for (int j = 0; j < i; j++)
            if (strcmp(names[i], names[j]) == 0) {
                c->f->failed = 1;
                c->f->msg = xasprintf(msg_tr("%s:%ld: header column %d '%s' repeats column %d"), c->f->path,
                                      rec.line, i + 1, names[i], j + 1);
                goto out;
            }
        if (header_out) {
            if (i) sbuf_addc(header_out, ',');
            sbuf_json_str(header_out, names[i]);
        }
    }
    if (delim_out) *delim_out = csv_delimiter(r);
    c->header = (const char *const *)names;
    c->nheader = nnames;
    if (c->o->mapping) {
        char *why = NULL;
        c->k = map_kind(c->o->mapping);
        if (mapped_header(c, (const char *const *)names, nnames, &why)) {
            c->f->failed = 1;
            c->f->msg = xasprintf("%s:%ld: %s", c->f->path, rec.line, why);
            free(why);
            goto out;
        }
    } else if (c->o->kind) {
        c->k = kind_by_name(c->o->kind);
        for (int i = 0; i < nnames; i++) map[i] = kind_field_index(c->k, names[i]);
        for (int f = 0; f < c->k->nfields; f++) {
            int seen = 0;
            for (int i = 0; i < nnames; i++) seen |= map[i] == f;
            if (!seen && c->k->fields[f].required) {
                c->f->failed = 1;
                c->f->msg = xasprintf(msg_tr("%s:%ld: header has no column '%s' (%s), required for kind %s"),
                                      c->f->path, rec.line, c->k->fields[f].name, c->k->fields[f].zh, c->k->name);
                goto out;
            }
        }
    } else {
        c->k = kind_from_header((const char *const *)names, nnames, map);
    }
    if (!c->k) {
        c->f->failed = 1;
        char at[600];
        snprintf(at, sizeof at, "%s:%ld", c->f->path, rec.line);
        c->f->msg = header_mismatch(at, (const char *const *)names, nnames);
        /* inspect still shows the rows as the header splits them, and their
         * reading errors, since seeing how kefu splits a file is its purpose */
        if (c->inspect) {
            c->nokind = 1;
            while ((rc = csv_next(r, &rec, &re)) != 0) {
                if (rc == -2 || rc == -1) {
                    reject(c, rec.line, NULL, NULL, re.msg);
                    if (rc == -2) break;
                    continue;
                }
                inspect_record(c, &rec);
                ragged(c, &rec, nnames);
            }
        }
        goto out;
    }
    c->f->kind = c->k->name;
    if (kind_known(c)) { ret = -1; goto out; }

    const char *vals[KIND_MAX_FIELDS];
    while ((rc = csv_next(r, &rec, &re)) != 0) {
        if (rc == -2) {
            c->f->failed = 1;
            c->f->msg = xstrdup(re.msg);
            goto out;
        }
        if (rc == -1) {
            reject(c, rec.line, NULL, NULL, re.msg);
            if (c->internal) { ret = -1; goto out; }
            continue;
        }
        if (ragged(c, &rec, nnames)) {
            if (c->internal) { ret = -1; goto out; }
            continue;
        }
        if (c->o->mapping) {
            /* one record per repetition (one without <repeat>); a value map
             * may say one is none (缺卡) */
            map_rowbuf mrb;
            for (int rp = 0; rp < map_reps(c->o->mapping); rp++) {
                if (map_row(c->o->mapping, &c->mc, rp, (const char *const *)rec.fields, rec.nfields, &mrb, vals))
                    continue;
                if (take_row(c, rec.line, vals)) { ret = -1; goto out; }
            }
            continue;
        }
        for (int f = 0; f < KIND_MAX_FIELDS; f++) vals[f] = NULL;
        for (int i = 0; i < nnames; i++)
            if (map[i] >= 0) vals[map[i]] = rec.fields[i];
        if (take_row(c, rec.line, vals)) { ret = -1; goto out; }
    }
out:
    csv_close(r);
    if (names)
        for (int i = 0; i < nnames; i++) free(names[i]);
    free(names);
    c->header = NULL;
    c->nheader = 0;
    return ret;
}

/* --- XML --- */

static int xml_row(void *ctx, const kind_def *k, long line, const char *const *values)
{
    filectx *c = ctx;
    (void)k;
    return take_row(c, line, values);
}

/* The bytes read before parsing: the kind is sniffed from the root start
 * tag, which must lie within them. */
#define XML_HEAD (64 * 1024)

static int read_xml(filectx *c, const char *path)
{
    kerr re;
    kerr_clear(&re);
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        c->f->failed = 1;
        c->f->msg = xasprintf(msg_tr("%s: cannot open: %s"), path, msg_strerror(errno));
        return 0;
    }
    char *head = xmalloc(XML_HEAD);
    size_t headlen = fread(head, 1, XML_HEAD, fp);
    int ret = 0;
    const kind_def *want = c->o->kind ? kind_by_name(c->o->kind) : NULL;
    c->k = xmlin_sniff(head, headlen, c->f->path, &re);
    if (!c->k || (want && c->k != want)) {
        c->f->failed = 1;
        c->f->msg = c->k ? xasprintf(msg_tr("%s: root element <%s> is not the kind given by --kind (%s)"),
                                     c->f->path, c->k->name, want->name)
                         : xstrdup(re.msg);
        goto out;
    }
    c->f->kind = c->k->name;
    if (kind_known(c)) {
        ret = -1;
        goto out;
    }
    int rc = xmlin_parse_stream(head, headlen, file_read, fp, c->f->path, c->k, xml_row, c, &re);
    if (rc && c->internal) {
        ret = -1;
    } else if (rc) {
        c->f->failed = 1;
        c->f->msg = xstrdup(re.msg);
    }
out:
    free(head);
    fclose(fp);
    return ret;
}


/* --- workbooks --- */

/* The rows examined for a header: title rows above it are skipped. */
#define XLSX_HEADER_ROWS 10

static long fd_pread(void *ctx, void *buf, size_t n, uint64_t off)
{
    int fd = *(int *)ctx;
    size_t got = 0;
    while (got < n) {
        ssize_t k = pread(fd, (char *)buf + got, n - got, (off_t)(off + got));
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) return -1;
        if (k == 0) break;
        got += (size_t)k;
    }
    return (long)got;
}

/* The state of one sheet being read. */
typedef struct sheetctx {
    filectx *c;                    /* the file */
    int found;                     /* 1 once the header row was found */
    int examined;                  /* rows examined for a header */
    int map[KEFU_MAX_COLUMNS];     /* column → field index, -1 for other columns */
    int ncols;                     /* columns of the header row */
    char *mismatch;                /* why the best candidate row is no header (owned) */
    int best;                      /* non-empty cells of that row */
    long header_row;               /* the header's row number */
    sbuf *header_json;             /* inspect: the header names as JSON, or NULL */
    int64_t before;                /* rows of the kind's table before the sheet */
} sheetctx;

/* Looks for the header in the first rows; once found, maps each row's
 * cells to fields and takes it. Returns 0 to go on, 1 when no header was
 * found in time, -1 on an internal error. */
static int sheet_row(void *ctx, long row, int ncells, const char *const *cells)
{
    sheetctx *sc = ctx;
    filectx *c = sc->c;
    if (!sc->found && c->o->mapping && row <= map_title_rows(c->o->mapping)) return 0;   /* a title row */
    if (!sc->found) {
        char *names[KEFU_MAX_COLUMNS];
        int filled = 0;
        for (int i = 0; i < ncells; i++) {
            names[i] = xstrdup(cells[i] ? trim((char *)cells[i]) : "");
            filled += names[i][0] != '\0';
        }
        const kind_def *k = NULL;
        int map[KEFU_MAX_COLUMNS];
        if (c->o->mapping) {
            /* the header is the first row (after the title rows) that has
             * every required column; map[] stays unused */
            char *why = NULL;
            k = map_kind(c->o->mapping);
            for (int i = 0; i < ncells; i++) map[i] = -1;
            if (mapped_header(c, (const char *const *)names, ncells, &why)) {
                k = NULL;
                char at[600];
                snprintf(at, sizeof at, "%s[%s]!%ld", c->f->path, c->sheet, row);
                if (filled > sc->best) {
                    free(sc->mismatch);
                    sc->mismatch = xasprintf("%s: %s", at, why);
                    sc->best = filled;
                }
                free(why);
                for (int i = 0; i < ncells; i++) free(names[i]);
                if (++sc->examined >= XLSX_HEADER_ROWS) return 1;
                return 0;
            }
        } else if (c->o->kind) {
            k = kind_by_name(c->o->kind);
            for (int i = 0; i < ncells; i++) map[i] = kind_field_index(k, names[i]);
            for (int f = 0; f < k->nfields && k; f++) {
                int seen = 0;
                for (int i = 0; i < ncells; i++) seen |= map[i] == f;
                if (!seen && k->fields[f].required) k = NULL;
            }
        } else {
            k = kind_from_header((const char *const *)names, ncells, map);
        }
        if (k) {
            sc->found = 1;
            sc->header_row = row;
            sc->ncols = ncells;
            c->k = k;
            if (c->st && (sc->before = store_count(c->st, k, c->e)) < 0) {
                c->internal = 1;
                for (int i = 0; i < ncells; i++) free(names[i]);
                return -1;
            }
            for (int f = 0; f < KIND_MAX_FIELDS; f++) c->fcol[f] = -1;
            if (c->o->mapping)                  /* cells are named by the mapped columns */
                for (int f = 0; f < KIND_MAX_FIELDS; f++) c->fcol[f] = c->mc.col[f];
            for (int i = 0; i < ncells; i++) {
                sc->map[i] = map[i];
                if (map[i] >= 0) c->fcol[map[i]] = i;
                if (sc->header_json) {
                    if (sc->header_json->len) sbuf_addc(sc->header_json, ',');
                    sbuf_json_str(sc->header_json, names[i]);
                }
            }
        } else if (filled > sc->best) {
            char at[600];
            snprintf(at, sizeof at, "%s[%s]!%ld", c->f->path, c->sheet, row);
            free(sc->mismatch);
            sc->mismatch = header_mismatch(at, (const char *const *)names, ncells);
            sc->best = filled;
        }
        for (int i = 0; i < ncells; i++) free(names[i]);
        if (!k && ++sc->examined >= XLSX_HEADER_ROWS) return 1;
        return 0;
    }
    const char *vals[KIND_MAX_FIELDS];
    map_rowbuf mrb;
    int any = 0;
    for (int f = 0; f < KIND_MAX_FIELDS; f++) vals[f] = NULL;
    if (c->o->mapping) {
        /* one record per repetition (one without <repeat>), each error
         * naming the cell of its own column */
        int nrep = map_reps(c->o->mapping);
        for (int rp = 0; rp < nrep; rp++) {
            if (map_row(c->o->mapping, &c->mc, rp, cells, ncells < sc->ncols ? ncells : sc->ncols, &mrb, vals))
                continue;     /* a value map says it is no record (缺卡), or its punch is blank */
            any = 0;
            for (int f = 0; f < KIND_MAX_FIELDS; f++) any |= vals[f] != NULL;
            if (!any) continue;
            if (nrep > 1)
                for (int f = 0; f < KIND_MAX_FIELDS; f++) c->fcol[f] = c->mc.rcol[rp][f];
            if (take_row(c, row, vals)) return -1;
        }
        return 0;
    } else {
        for (int i = 0; i < ncells && i < sc->ncols; i++)
            if (sc->map[i] >= 0 && cells[i]) {
                vals[sc->map[i]] = cells[i];
                any = 1;
            }
    }
    if (!any) return 0;   /* a row with nothing under the header's columns: a blank or a note */
    return take_row(c, row, vals) ? -1 : 0;
}

/* Reads a workbook: every sheet whose header (in its first
 * XLSX_HEADER_ROWS rows) names a kind, or only --sheet. A sheet without a
 * recognisable header is skipped with a note when another sheet holds
 * records; when none does, the file fails with the best candidate's
 * message. Replacements are counted here, per sheet. */
static int read_xlsx(filectx *c, const char *path, sbuf *header_out, sbuf *notes)
{
    kerr re;
    kerr_clear(&re);
    int ret = 0, recognised = 0;
    sbuf why = {0}, sheets = {0};
    c->f->format = "xlsx";
    c->sheet_counted = 1;
    int fd = open(path, O_RDONLY);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0) {
        c->f->failed = 1;
        c->f->msg = xasprintf(msg_tr("%s: cannot open: %s"), path, msg_strerror(errno));
        if (fd >= 0) close(fd);
        return 0;
    }
    xlsx_book *b = xlsx_open(fd_pread, &fd, (uint64_t)sb.st_size, c->f->path, &re);
    if (!b) {
        c->f->failed = 1;
        c->f->msg = xstrdup(re.msg);
        goto out;
    }
    int only = -1;
    if (c->o->sheet) {
        for (int i = 0; i < xlsx_sheet_count(b); i++)
            if (strcmp(xlsx_sheet_name(b, i), c->o->sheet) == 0) only = i;
        if (only < 0) {
            sbuf list = {0};
            for (int i = 0; i < xlsx_sheet_count(b); i++)
                sbuf_printf(&list, "%s%s", i ? ", " : "", xlsx_sheet_name(b, i));
            c->f->failed = 1;
            c->f->msg = xasprintf(msg_tr("%s: --sheet: no sheet named '%s' (sheets: %s)"), c->f->path, c->o->sheet, list.p);
            sbuf_free(&list);
            goto out;
        }
    }
    for (int i = 0; i < xlsx_sheet_count(b); i++) {
        if (only >= 0 && i != only) continue;
        sheetctx sc = { .c = c, .header_json = header_out && !recognised ? header_out : NULL };
        c->sheet = xlsx_sheet_name(b, i);
        c->k = NULL;
        /* the stored rows name their sheet (the sheet table's id); a
         * sheet without rows leaves an unused name, which costs nothing */
        if (c->st && store_sheet_id(c->st, c->src_id, c->sheet, &c->sheet_id, c->e)) {
            c->internal = 1;
            ret = -1;
            goto out;
        }
        long stored0 = c->f->stored, rejected0 = c->f->rejected;
        kerr_clear(&re);
        int rc = xlsx_read_sheet(b, i, sheet_row, &sc, &re);
        if (c->internal) {
            free(sc.mismatch);
            ret = -1;
            goto out;
        }
        if (rc == -1) {
            free(sc.mismatch);
            c->f->failed = 1;
            c->f->msg = xstrdup(re.msg);
            goto out;
        }
        if (!sc.found) {
            char *m = sc.mismatch ? sc.mismatch
                                  : xasprintf(msg_tr("%s[%s]: the sheet is empty (no header row)"), c->f->path, c->sheet);
            sbuf_printf(&why, "%s%s", why.len ? "; " : "", m);
            if (notes) sbuf_printf(notes, msg_tr("  %s: skipped: %s\n"), c->sheet, m);
            free(m);
            continue;
        }
        free(sc.mismatch);
        if (!recognised) c->f->kind = c->k->name;
        recognised++;
        if (notes) sbuf_printf(notes, msg_tr("  %s: %s (%s), header in row %ld, %ld rows\n"), c->sheet, c->k->name,
                               c->k->zh, sc.header_row, c->f->stored - stored0);
        /* the sheet of each stored row, for the audit entry: rows of one
         * sheet are stored together, after its header row */
        sbuf_adds(&sheets, sheets.len ? ",{\"sheet\":" : "[{\"sheet\":");
        sbuf_json_str(&sheets, c->sheet);
        sbuf_adds(&sheets, ",\"kind\":");
        sbuf_json_str(&sheets, c->k->name);
        sbuf_printf(&sheets, ",\"header_row\":%ld,\"stored\":%ld,\"rejected\":%ld}", sc.header_row,
                    c->f->stored - stored0, c->f->rejected - rejected0);
        if (c->st) {
            int64_t after = store_count(c->st, c->k, c->e);
            if (after < 0) {
                c->internal = 1;
                ret = -1;
                goto out;
            }
            c->f->replaced += (c->f->stored - stored0) - (long)(after - sc.before);
        }
    }
    if (!recognised) {
        c->f->failed = 1;
        c->f->msg = why.p ? xstrdup(why.p) : xasprintf(msg_tr("%s: no sheet holds records"), c->f->path);
    }
    if (sheets.len) {
        sbuf_addc(&sheets, ']');
        free(c->f->sheets);
        c->f->sheets = sheets.p;
        sheets.p = NULL;
    }
out:
    sbuf_free(&sheets);
    sbuf_free(&why);
    c->sheet = NULL;
    c->sheet_id = 0;
    xlsx_close(b);
    close(fd);
    return ret;
}

/* --- files --- */

/* 1 when the file is a workbook (or a compound file posing as one): by
 * its name (.xlsx, .xlsm, .xls) or by its first bytes (a ZIP or compound
 * file signature: no CSV starts with one). */
static int is_workbook(const char *path)
{
    if (has_suffix(path, ".xlsx") || has_suffix(path, ".xlsm") || has_suffix(path, ".xls")) return 1;
    unsigned char head[8];
    FILE *fp = fopen(path, "rb");
    if (!fp) return 0;
    size_t n = fread(head, 1, sizeof head, fp);
    fclose(fp);
    return xlsx_magic(head, n) != 0;
}

/* Pass 1: SHA-256, size and encoding detection in one streaming read. A
 * workbook or an XML file (named .xml, as read_any decides) is hashed
 * only: the CSV encoding detector has nothing to find in a ZIP archive,
 * and XML declares its own encoding (d is initialised all the same, and
 * left unread; it was 2 % of an XML file's ingest). */
static int scan_file(const char *path, char sha[HASH_HEX_LEN], int64_t *bytes, csv_detect *d, kerr *e)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return kerr_set(e, EXIT_NOINPUT, "%s: cannot open: %s", path, msg_strerror(errno));
    hash_ctx h;
    hash_init(&h);
    csv_detect_init(d);
    int detect = !is_workbook(path) && !has_suffix(path, ".xml");
    char *buf = xmalloc(65536);
    size_t n;
    *bytes = 0;
    while ((n = fread(buf, 1, 65536, fp)) > 0) {
        hash_update(&h, buf, n);
        if (detect) csv_detect_feed(d, buf, n);
        *bytes += (int64_t)n;
    }
    int bad = ferror(fp);
    fclose(fp);
    free(buf);
    if (bad) return kerr_set(e, EXIT_NOINPUT, "%s: read error", path);
    hash_final_hex(&h, sha);
    return 0;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
}

/* Reads the file into c (format by extension or signature: a workbook,
 * .xml is XML, anything else CSV). notes (inspect) gets one line per sheet. */
/* 1 when the file's first byte but a BOM and white space is '<': standard
 * input has no name to tell XML by, and no CSV starts so. */
static int is_xml_head(const char *path)
{
    unsigned char head[256];
    FILE *fp = fopen(path, "rb");
    size_t n = fp ? fread(head, 1, sizeof head, fp) : 0;
    if (fp) fclose(fp);
    size_t i = n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF ? 3 : 0;
    while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) i++;
    return i < n && head[i] == '<';
}

/* The file to open for `path`: standard input's copy for "-" (ingest_opts.stdin_file). */
static const char *source_of(const ingest_opts *o, const char *path)
{
    return o->stdin_file && strcmp(path, "-") == 0 ? o->stdin_file : path;
}

/* Reads the file at `path` (for "-", the copy of standard input; c->f->path
 * is then "-") by its format. */
static int read_any(filectx *c, const char *path, const csv_detect *d, char *delim, sbuf *header,
                    sbuf *notes)
{
    if (is_workbook(path)) return read_xlsx(c, path, header, notes);
    if (has_suffix(path, ".xml") || (c->o->stdin_file && strcmp(c->f->path, "-") == 0 && is_xml_head(path))) {
        c->f->format = "xml";
        return read_xml(c, path);
    }
    c->f->format = "csv";
    int utf16 = 0;
    csv_encoding enc = csv_detect_result(d, &utf16);
    if (c->o->encoding)
        enc = strcasecmp(c->o->encoding, "gb18030") == 0 || strcasecmp(c->o->encoding, "gbk") == 0
                  ? CSV_ENC_GB18030 : CSV_ENC_UTF8;
    c->f->encoding = enc == CSV_ENC_GB18030 ? "GB18030" : "UTF-8";
    /* a UTF-16 file is refused (read_csv says so), but named as what it is */
    if (utf16 && !c->o->encoding) c->f->encoding = d->first[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        c->f->failed = 1;
        c->f->msg = xasprintf(msg_tr("%s: cannot open: %s"), path, msg_strerror(errno));
        return 0;
    }
    int rc = read_csv(c, fp, enc, delim, header);
    fclose(fp);
    return rc;
}

static long json_audit_detail(const ingest_file *f, sbuf *b)
{
    sbuf_adds(b, "{\"file\":");
    sbuf_json_str(b, f->path);
    sbuf_printf(b, ",\"sha256\":\"%s\",\"kind\":", f->sha256);
    sbuf_json_str(b, f->kind ? f->kind : "");
    sbuf_printf(b, ",\"stored\":%ld,\"rejected\":%ld,\"replaced\":%ld", f->stored, f->rejected, f->replaced);
    if (f->sheets && !f->failed) {
        sbuf_adds(b, ",\"sheets\":");
        sbuf_adds(b, f->sheets);
    }
    if (f->msg) {
        sbuf_adds(b, ",\"error\":");
        sbuf_json_str(b, f->msg);
    }
    sbuf_addc(b, '}');
    return 0;
}

/* Ingests one file; returns -1 on internal error only. */
static int ingest_one(store *st, const struct policy *pol, const char *path, const ingest_opts *o,
                      ingest_file *f, kerr *e)
{
    csv_detect d;
    int64_t bytes;
    kerr fe;
    kerr_clear(&fe);
    f->path = xstrdup(path);
    const char *src = source_of(o, path);
    if (scan_file(src, f->sha256, &bytes, &d, &fe)) {
        f->failed = 1;
        f->msg = xstrdup(fe.msg);
        return 0;
    }
    char at[20], prev[512];
    int seen = store_source_seen(st, f->sha256, at, prev, sizeof prev, e);
    if (seen < 0) return -1;
    f->standing = store_rejects_standing(st, f->sha256, e);
    if (f->standing < 0) return -1;
    if (seen && f->standing && !o->nightly) {
        /* the same bytes whose rows were rejected: nothing new to store, but
         * the rejects still stand, and an explicit ingest says so (65) */
        f->skipped = 1;
        f->msg = xasprintf(msg_tr("%s: already ingested on %s (as %s), and %ld of its rows were rejected: "
                           "they still stand; fix the file and ingest it again ('kefu rejects' lists them)"),
                           path, at, prev, f->standing);
        return 0;
    }
    if (seen) {
        f->skipped = 1;
        f->msg = xasprintf(msg_tr("%s: already ingested on %s (as %s); skipped"), path, at, prev);
        return 0;
    }
    if (f->standing && o->nightly) {
        /* rejected whole on an earlier night: the nightly run does not
         * reject it again every night (an explicit ingest retries it) */
        f->skipped = 1;
        f->msg = xasprintf(msg_tr("%s: rejected whole before and unchanged; skipped"), path);
        return 0;
    }

    filectx c = { .st = st, .pol = pol, .o = o, .f = f, .dir = dir_of(path), .e = e };
    int ret = -1;
    FILE *fp = NULL;   /* the file again, for its stored copy */
    if (store_begin(st, e)) goto out;
    if (store_source_begin(st, path, f->sha256, bytes, o->now, &c.src_id, e)) goto out;
    /* the stored copy is compressed meanwhile, on another core */
    fp = fopen(src, "rb");
    if (!fp) {
        kerr_set(e, EXIT_NOINPUT, "%s: cannot reopen: %s", path, msg_strerror(errno));
        goto out;
    }
    if (store_source_compress(st, c.src_id, file_read, fp, e)) goto out;
    if (read_any(&c, src, &d, NULL, NULL, NULL)) goto out;
    if (c.strict_failed && !f->failed) {
        f->failed = 1;
        f->msg = xasprintf(msg_tr("%s: rejected whole under --strict (%ld bad row%s)"), path, f->rejected,
                           f->rejected == 1 ? "" : "s");
    }
    if (f->failed) {
        /* Nothing of the file is kept but the reason: one reject row and an
         * audit entry, so that a re-run with the same file fails the same way. */
        store_rollback(st);
        if (o->msgs) fprintf(o->msgs, "kefu: %s\n", f->msg);
        f->stored = 0;
        if (store_begin(st, e)) goto out;
        /* the same bytes rejected whole again: the standing reject says it once */
        if (!f->standing && store_put_reject(st, path, f->sha256, 0, NULL, NULL, f->msg, e)) goto out;
        sbuf det = {0};
        json_audit_detail(f, &det);
        int rc = store_audit(st, o->now, "ingest_rejected", det.p, e);
        sbuf_free(&det);
        if (rc || store_commit(st, e)) goto out;
        ret = 0;
        goto out;
    }
    if (!c.sheet_counted) {
        int64_t after = store_count(st, c.k, e);
        if (after < 0) goto out;
        f->replaced = f->stored - (long)(after - c.before);
    }
    if (store_source_finish(st, c.src_id, f->kind, f->format, f->encoding, f->stored,
                            f->rejected, f->replaced, file_read, fp, e)) goto out;
    /* rejects that follow the file: this file, of the same name as an
     * earlier one whose rows were rejected, replaces it — but every
     * standard input is named "-": one replaces no other */
    const char *base = strrchr(path, '/');
    if (strcmp(path, "-") != 0 &&
        store_rejects_resolve(st, base ? base + 1 : path, f->sha256, &f->resolved, e)) goto out;
    sbuf det = {0};
    json_audit_detail(f, &det);
    int rc = store_audit(st, o->now, "ingest", det.p, e);
    sbuf_free(&det);
    if (rc) goto out;
    /* who holds which role, from this file on: each change its own entry */
    if (f->kind && strcmp(f->kind, "employee") == 0 && store_roles_record(st, c.src_id, o->now, NULL, e))
        goto out;
    if (store_commit(st, e)) goto out;
    ret = 0;
out:
    if (ret) store_rollback(st);   /* joins the compression: then fp may close */
    if (fp) fclose(fp);
    free(c.dir);
    free(c.realdir);
    free(c.unmapped);
    return ret;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Expands a directory into its sorted *.csv, *.xml and *.xlsx files. */
static int list_dir(const char *dir, char ***out, size_t *n, kerr *e)
{
    DIR *d = opendir(dir);
    if (!d) return kerr_set(e, EXIT_NOINPUT, "%s: cannot open directory: %s", dir, msg_strerror(errno));
    struct dirent *de;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') continue;
        if (!has_suffix(de->d_name, ".csv") && !has_suffix(de->d_name, ".xml") &&
            !has_suffix(de->d_name, ".xlsx"))
            continue;
        size_t dl = strlen(dir);
        char *full = xasprintf("%.*s/%s", (int)(dl > 1 && dir[dl - 1] == '/' ? dl - 1 : dl), dir,
                               de->d_name);
        struct stat sb;
        if (stat(full, &sb) != 0 || !S_ISREG(sb.st_mode)) { free(full); continue; }
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        (*out)[(*n)++] = full;
    }
    closedir(d);
    if (*n > 1) qsort(*out, *n, sizeof **out, cmp_str);
    return 0;
}

static ingest_file *new_file(ingest_result *res)
{
    res->files = xrealloc(res->files, (res->nfiles + 1) * sizeof *res->files);
    ingest_file *f = &res->files[res->nfiles++];
    memset(f, 0, sizeof *f);
    return f;
}

int ingest_paths(store *st, const struct policy *pol, char *const *paths, int npaths,
                 const ingest_opts *o, ingest_result *res, kerr *e)
{
    memset(res, 0, sizeof *res);
    for (int i = 0; i < npaths; i++) {
        struct stat sb;
        char **list = NULL;
        size_t nlist = 0;
        if (o->stdin_file && strcmp(paths[i], "-") == 0) {
            memset(&sb, 0, sizeof sb);   /* standard input: one file, read from its copy */
            sb.st_mode = S_IFREG;
        } else if (stat(paths[i], &sb) != 0) {
            ingest_file *f = new_file(res);
            f->path = xstrdup(paths[i]);
            f->failed = 1;
            f->msg = xasprintf(msg_tr("%s: no such file or directory"), paths[i]);
            if (o->msgs) fprintf(o->msgs, "kefu: %s\n", f->msg);
            if (res->exit_code == 0 || res->exit_code == EXIT_DATAERR) res->exit_code = EXIT_NOINPUT;
            continue;
        }
        if (S_ISDIR(sb.st_mode)) {
            kerr le;
            kerr_clear(&le);
            if (list_dir(paths[i], &list, &nlist, &le)) {
                ingest_file *f = new_file(res);
                f->path = xstrdup(paths[i]);
                f->failed = 1;
                f->msg = xstrdup(le.msg);
                if (o->msgs) fprintf(o->msgs, "kefu: %s\n", f->msg);
                res->exit_code = EXIT_NOINPUT;
                continue;
            }
        } else {
            list = xmalloc(sizeof *list);
            list[0] = xstrdup(paths[i]);
            nlist = 1;
        }
        for (size_t j = 0; j < nlist; j++) {
            ingest_file *f = new_file(res);
            int rc = ingest_one(st, pol, list[j], o, f, e);
            if (rc && e && strncmp(e->msg, list[j], strlen(list[j])) != 0) {
                char *m = xasprintf(msg_tr("ingest of %s: %s"), list[j], e->msg);   /* which file was being stored */
                snprintf(e->msg, sizeof e->msg, "%s", m);
                free(m);
            }
            if (rc) {
                /* its transaction was rolled back: nothing of it is stored */
                f->failed = 1;
                f->stored = f->replaced = 0;
                for (size_t k = j; k < nlist; k++) free(list[k]);
                free(list);
                return -1;
            }
            int stands = f->skipped && f->standing && !o->nightly;
            if (f->skipped && o->msgs && (!o->quiet || stands)) fprintf(o->msgs, "kefu: %s\n", f->msg);
            if (stands && res->exit_code == 0) res->exit_code = EXIT_DATAERR;
            if (f->resolved && o->msgs && !o->quiet)
                fprintf(o->msgs, msg_tr("kefu: %s: replaces an earlier file of that name: %ld of its rejects resolved\n"),
                        f->path, f->resolved);
            res->stored += f->stored;
            res->rejected += f->rejected;
            res->replaced += f->replaced;
            res->skipped += f->skipped;
            res->failed += f->failed;
            if ((f->failed || f->rejected) && res->exit_code == 0) res->exit_code = EXIT_DATAERR;
            free(list[j]);
        }
        free(list);
    }
    return 0;
}

void ingest_result_free(ingest_result *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->nfiles; i++) {
        free(r->files[i].path);
        free(r->files[i].msg);
        free(r->files[i].sheets);
    }
    free(r->files);
    memset(r, 0, sizeof *r);
}

void ingest_result_json(const ingest_result *r, sbuf *b)
{
    sbuf_adds(b, "{\"files\":[");
    for (size_t i = 0; i < r->nfiles; i++) {
        const ingest_file *f = &r->files[i];
        if (i) sbuf_addc(b, ',');
        sbuf_addc(b, '{');
        util_json_name(b, "path", f->path);
        sbuf_printf(b, ",\"sha256\":\"%s\",\"kind\":", f->sha256);
        if (f->kind) sbuf_json_str(b, f->kind); else sbuf_adds(b, "null");
        sbuf_adds(b, ",\"status\":");
        sbuf_json_str(b, f->skipped ? "skipped" : f->failed ? "rejected" : "ingested");
        sbuf_printf(b, ",\"stored\":%ld,\"rejected\":%ld,\"replaced\":%ld,\"message\":",
                    f->stored, f->rejected, f->replaced);
        if (f->msg) sbuf_json_str(b, f->msg); else sbuf_adds(b, "null");
        if (f->sheets) {
            sbuf_adds(b, ",\"sheets\":");
            sbuf_adds(b, f->sheets);
        }
        sbuf_addc(b, '}');
    }
    sbuf_printf(b, "],\"stored\":%ld,\"rejected\":%ld,\"replaced\":%ld,\"skipped\":%ld,"
                "\"failed_files\":%ld}", r->stored, r->rejected, r->replaced, r->skipped, r->failed);
}

int ingest_inspect(const struct policy *pol, const char *path, const ingest_opts *o, int json, sbuf *out)
{
    ingest_file f;
    memset(&f, 0, sizeof f);
    f.path = xstrdup(path);
    csv_detect d;
    int64_t bytes = 0;
    kerr fe;
    kerr_clear(&fe);
    sbuf recs = {0}, errs = {0}, human = {0}, header = {0}, notes = {0};
    char delim = 0;
    ingest_opts quiet = *o;
    quiet.msgs = NULL;
    quiet.strict = 0;
    filectx c = { .st = NULL, .pol = pol, .o = &quiet, .f = &f, .dir = dir_of(path),
                  .e = &fe, .inspect = &recs, .errors = &errs, .human = &human };
    sbuf_addc(&recs, '[');
    sbuf_addc(&errs, '[');
    int code = 0;
    if (scan_file(source_of(o, path), f.sha256, &bytes, &d, &fe)) {
        f.failed = 1;
        f.msg = xstrdup(fe.msg);
        code = EXIT_NOINPUT;
    } else {
        read_any(&c, source_of(o, path), &d, &delim, &header, &notes);
        if (f.failed || f.rejected) code = EXIT_DATAERR;
    }
    sbuf superseded = {0};
    inspect_finish(&c, &superseded);
    if (f.failed) {
        /* the line the message names ("PATH:LINE: …"), 0 when it names none */
        long line = 0;
        size_t pl = strlen(path);
        if (strncmp(f.msg, path, pl) == 0 && f.msg[pl] == ':') {
            char *end;
            long v = strtol(f.msg + pl + 1, &end, 10);
            if (end > f.msg + pl + 1 && *end == ':' && v > 0) line = v;
        }
        if (errs.len > 1) sbuf_addc(&errs, ',');
        sbuf_printf(&errs, "{\"line\":%ld,\"kind\":\"%s\",\"message\":", line, c.nokind ? "kind" : "file");
        sbuf_json_str(&errs, f.msg);
        sbuf_addc(&errs, '}');
    }
    sbuf_addc(&recs, ']');
    sbuf_addc(&errs, ']');
    long rows = f.stored + f.rejected;
    /* a file refused whole stores nothing: no record is what ingest would
     * store (the rows read before the refusal are counted, not listed) */
    const char *records = f.failed && !c.nokind ? "[]" : recs.p;
    if (json) {
        sbuf_adds(out, "{\"file\":");
        sbuf_json_str(out, path);
        sbuf_printf(out, ",\"sha256\":\"%s\",\"bytes\":%lld,\"format\":", f.sha256, (long long)bytes);
        sbuf_json_str(out, f.format ? f.format : "");
        sbuf_adds(out, ",\"encoding\":");
        if (f.encoding) sbuf_json_str(out, f.encoding); else sbuf_adds(out, "null");
        sbuf_adds(out, ",\"delimiter\":");
        if (delim) sbuf_json_str(out, delim == '\t' ? "\t" : ","); else sbuf_adds(out, "null");
        sbuf_adds(out, ",\"kind\":");
        if (f.kind) sbuf_json_str(out, f.kind); else sbuf_adds(out, "null");
        sbuf_printf(out, ",\"header\":[%s],\"rows\":%ld,\"valid\":%ld,\"records\":%s,",
                    header.p ? header.p : "", rows, f.stored, c.nokind ? "[]" : records);
        /* no kind: the rows as the header splits them, which ingest stores none of */
        if (c.nokind) sbuf_printf(out, "\"split\":%s,", recs.p);
        sbuf_printf(out, "\"superseded\":[%s],", f.failed ? "" : superseded.p ? superseded.p : "");
        sbuf_printf(out, "\"errors\":%s", errs.p);
        if (o->mapping) {
            /* --mapping: its name and the header columns it does not know */
            sbuf_adds(out, ",\"mapping\":");
            sbuf_json_str(out, map_name(o->mapping));
            sbuf_adds(out, ",\"unmapped\":");
            if (c.unmapped) sbuf_json_str(out, c.unmapped); else sbuf_adds(out, "null");
        }
        sbuf_adds(out, "}\n");
    } else {
        sbuf_printf(out, msg_tr("file:      %s (%lld bytes)\nsha256:    %s\nformat:    %s\n"), path,
                    (long long)bytes, f.sha256, f.format ? f.format : "?");
        if (f.encoding) sbuf_printf(out, msg_tr("encoding:  %s\n"), f.encoding);
        if (delim) sbuf_printf(out, msg_tr("delimiter: %s\n"), delim == '\t' ? msg_tr("tab") : msg_tr("comma"));
        if (header.p) sbuf_printf(out, msg_tr("header:    %s\n"), header.p);
        if (notes.p) sbuf_printf(out, msg_tr("sheets:\n%s"), notes.p);
        if (c.unmapped) sbuf_printf(out, msg_tr("mapping:   %s; columns it does not know, ignored: %s\n"),
                                    map_name(o->mapping), c.unmapped);
        else if (o->mapping) sbuf_printf(out, msg_tr("mapping:   %s\n"), map_name(o->mapping));
        if (f.kind) sbuf_printf(out, msg_tr("kind:      %s (%s)\n"), f.kind, kind_by_name(f.kind)->zh);
        else sbuf_printf(out, msg_tr("kind:      not recognised\n"));
        sbuf_printf(out, msg_tr("rows:      %ld (%ld valid, %ld with errors)\n"), rows, f.stored, f.rejected);
        if (superseded.p && !f.failed)
            sbuf_printf(out, msg_tr("replaced:  line %s (a later row has the same key; ingest keeps the later)\n"),
                        superseded.p);
        if (f.failed) sbuf_printf(out, msg_tr("error:     %s\n"), f.msg);
        if (human.p) sbuf_printf(out, msg_tr("errors:\n%s"), human.p);
    }
    sbuf_free(&recs);
    sbuf_free(&superseded);
    sbuf_free(&errs);
    sbuf_free(&human);
    sbuf_free(&header);
    sbuf_free(&notes);
    free(c.dir);
    free(c.realdir);
    free(c.unmapped);
    free(f.path);
    free(f.msg);
    free(f.sheets);
    return code;
}
