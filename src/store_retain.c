/* store_retain.c — the SQL of retention, holds, purge batches and source
 * bundles (store_retain.h). Part of the store module: it reaches the
 * connection through store_db() and never leaves SQLite to its callers. */
#include "store_retain.h"
#include "hash.h"
#include "msg.h"
#include "store.h"
#include "value.h"

#include <sqlite3.h>
#include <zlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STREAM_CHUNK (1 << 20)   /* blob bytes read per call while streaming */

static int dberr(sqlite3 *db, kerr *e, const char *what)
{
    const char *path = sqlite3_db_filename(db, "main");
    return kerr_set(e, EXIT_SOFTWARE, "%s: %s: %s", path && *path ? path : "database", what,
                    sqlite3_errmsg(db));
}

static int prep(sqlite3 *db, const char *sql, sqlite3_stmt **s, kerr *e, const char *what)
{
    if (sqlite3_prepare_v2(db, sql, -1, s, NULL) != SQLITE_OK) return dberr(db, e, what);
    return 0;
}

static void bind_opt(sqlite3_stmt *s, int i, const char *v)
{
    if (v) sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(s, i);
}

static char *col_dup(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? xstrdup((const char *)t) : NULL;
}

/* Runs a statement that returns no rows; returns sqlite3_changes or -1. */
static int step_done(sqlite3 *db, sqlite3_stmt *s, kerr *e, const char *what)
{
    int rc = sqlite3_step(s);
    if (rc != SQLITE_DONE) {
        dberr(db, e, what);
        return -1;
    }
    return sqlite3_changes(db);
}

/* ---- retention ---- */

int store_replace_retention(store *st, const facts *f, const retain_result *r, kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    int ret = -1;
    char d1[11], d2[11];
    if (prep(db, "DELETE FROM retention", &s, e, "clearing the retention table")) goto out;
    if (step_done(db, s, e, "clearing the retention table") < 0) goto out;
    sqlite3_finalize(s);
    s = NULL;
    if (prep(db, "INSERT INTO retention(record_id,category,status,trigger_on,expires_on,disposition,"
                 "hold_id,article) VALUES(?,?,?,?,?,?,?,?)", &s, e, "preparing the retention insert"))
        goto out;
    for (size_t i = 0; i < r->n; i++) {
        const retain_status *x = &r->v[i];
        const fact_record *rec = &f->record[x->record];
        sqlite3_bind_text(s, 1, rec->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, rec->category ? rec->category : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, retain_state_name(x->state), -1, SQLITE_STATIC);
        if (x->trigger_on != FACT_NODAY) {
            val_days_str(x->trigger_on, d1);
            sqlite3_bind_text(s, 4, d1, -1, SQLITE_STATIC);
        } else {
            sqlite3_bind_null(s, 4);
        }
        if (x->expires_on != FACT_NODAY) {
            val_days_str(x->expires_on, d2);
            sqlite3_bind_text(s, 5, d2, -1, SQLITE_STATIC);
        } else {
            sqlite3_bind_null(s, 5);
        }
        bind_opt(s, 6, retain_disposition_name(x->disposition));
        bind_opt(s, 7, x->hold_id[0] ? x->hold_id : NULL);
        sqlite3_bind_text(s, 8, x->article ? x->article : "", -1, SQLITE_STATIC);
        if (step_done(db, s, e, "storing a retention status") < 0) goto out;
        sqlite3_reset(s);
    }
    ret = 0;
out:
    sqlite3_finalize(s);
    return ret;
}

/* ---- archive records ---- */

int store_arec_get(store *st, const char *record_id, store_arec *out, kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    memset(out, 0, sizeof *out);
    if (prep(db, "SELECT record_id,category,owner,title,created_on,closed_on,location,"
                 "CAST(confidential AS TEXT),file,file_sha256,src_file,src_sha256,src_line "
                 "FROM archive_record WHERE record_id = ?", &s, e, "reading an archive record"))
        return -1;
    sqlite3_bind_text(s, 1, record_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s), ret = 0;
    if (rc == SQLITE_ROW) {
        for (int i = 0; i < AREC_NFIELDS; i++) out->f[i] = col_dup(s, i);
        out->src_file = col_dup(s, 10);
        out->src_sha256 = col_dup(s, 11);
        out->src_line = (long)sqlite3_column_int64(s, 12);
        ret = 1;
    } else if (rc != SQLITE_DONE) {
        ret = dberr(db, e, "reading an archive record");
    }
    sqlite3_finalize(s);
    return ret;
}

void store_arec_free(store_arec *r)
{
    if (!r) return;
    for (int i = 0; i < AREC_NFIELDS; i++) free(r->f[i]);
    free(r->src_file);
    free(r->src_sha256);
    memset(r, 0, sizeof *r);
}

/* Streams column `col` of `table` row `rowid` through an incremental blob
 * handle, so a large attachment never sits in memory whole. */
static int stream_blob(sqlite3 *db, const char *table, const char *col, sqlite3_int64 rowid,
                       store_emit_fn fn, void *sink, kerr *e)
{
    sqlite3_blob *b = NULL;
    char *buf = NULL;
    int ret = -1;
    if (sqlite3_blob_open(db, "main", table, col, rowid, 0, &b) != SQLITE_OK) {
        dberr(db, e, "opening a blob");
        goto out;
    }
    int len = sqlite3_blob_bytes(b);
    buf = xmalloc(STREAM_CHUNK);
    for (int off = 0; off < len;) {
        int n = len - off < STREAM_CHUNK ? len - off : STREAM_CHUNK;
        if (sqlite3_blob_read(b, buf, n, off) != SQLITE_OK) {
            dberr(db, e, "reading a blob");
            goto out;
        }
        if (fn(sink, buf, (size_t)n, e) != 0) goto out;
        off += n;
    }
    ret = 0;
out:
    if (b) sqlite3_blob_close(b);
    free(buf);
    return ret;
}

int store_attachment_stream(store *st, const char *sha256, store_emit_fn fn, void *sink,
                            int64_t *bytes, kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    if (prep(db, "SELECT rowid, length(data) FROM attachment WHERE sha256 = ?", &s, e, "finding an attachment"))
        return -1;
    sqlite3_bind_text(s, 1, sha256, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(s);
        return rc == SQLITE_DONE ? 0 : dberr(db, e, "finding an attachment");
    }
    sqlite3_int64 rowid = sqlite3_column_int64(s, 0);
    if (bytes) *bytes = sqlite3_column_int64(s, 1);
    sqlite3_finalize(s);
    if (fn && stream_blob(db, "attachment", "data", rowid, fn, sink, e)) return -1;
    return 1;
}

/* ---- employees ---- */

int store_employee_get(store *st, const char *id, char *name, size_t namesz, char *role,
                       size_t rolesz, char left_on[11], kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    if (prep(db, "SELECT name, role, coalesce(left_on,'') FROM employee WHERE employee_id = ?", &s, e,
             "reading an employee"))
        return -1;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s), ret = 0;
    if (rc == SQLITE_ROW) {
        snprintf(name, namesz, "%s", (const char *)sqlite3_column_text(s, 0));
        snprintf(role, rolesz, "%s", (const char *)sqlite3_column_text(s, 1));
        snprintf(left_on, 11, "%s", (const char *)sqlite3_column_text(s, 2));
        ret = 1;
    } else if (rc != SQLITE_DONE) {
        ret = dberr(db, e, "reading an employee");
    }
    sqlite3_finalize(s);
    return ret;
}

/* ---- role history ---- */

/* The employee rows that differ from their employee's last history row. */
static const char ROLE_NEW_SQL[] =
    "SELECT d.employee_id, d.name, d.role, " STORE_SQL_DATE("d.hired_on") ", " STORE_SQL_DATE("d.left_on") ","
    " s.file, s.sha256, d.src_line & 4294967295,"
    " s.ingested_at, (SELECT h.role FROM role_history h WHERE h.employee_id = d.employee_id"
    "  ORDER BY h.seq DESC LIMIT 1), sh.name"
    " FROM employee_data d JOIN source s ON s.id = d.src_id LEFT JOIN sheet sh ON sh.id = d.src_line >> 32"
    " WHERE (?1 = 0 OR d.src_id = ?1) AND NOT EXISTS (SELECT 1 FROM role_history h"
    "  WHERE h.seq = (SELECT max(seq) FROM role_history WHERE employee_id = d.employee_id)"
    "  AND h.role = d.role AND h.hired_on IS " STORE_SQL_DATE("d.hired_on")
    "  AND h.left_on IS " STORE_SQL_DATE("d.left_on") ")"
    " ORDER BY d.employee_id";

enum { RN_ID, RN_NAME, RN_ROLE, RN_HIRED, RN_LEFT, RN_FILE, RN_SHA, RN_LINE, RN_AT, RN_PREV, RN_SHEET, RN_N };

static void json_opt(sbuf *b, const char *key, const char *v)
{
    sbuf_printf(b, ",\"%s\":", key);
    if (v) sbuf_json_str(b, v);
    else sbuf_adds(b, "null");
}

int store_roles_record(store *st, int64_t src_id, const char *at, long *n, kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL, *ins = NULL;
    char **rows = NULL;   /* RN_N columns per row; read first, written after */
    long nrows = 0, cap = 0, next = 1;
    long long line0 = 0;
    sbuf d = {0};
    int ret = -1;
    if (n) *n = 0;
    if (prep(db, ROLE_NEW_SQL, &s, e, "reading new roles")) goto out;
    sqlite3_bind_int64(s, 1, src_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (nrows == cap) {
            cap = cap ? 2 * cap : 64;
            rows = xrealloc(rows, (size_t)cap * RN_N * sizeof *rows);
        }
        for (int i = 0; i < RN_N; i++) rows[nrows * RN_N + i] = col_dup(s, i);
        nrows++;
    }
    if (rc != SQLITE_DONE) {
        dberr(db, e, "reading new roles");
        goto out;
    }
    sqlite3_finalize(s);
    s = NULL;
    if (!nrows) {
        ret = 0;
        goto out;
    }
    if (prep(db, "SELECT coalesce(max(seq), 0) + 1 FROM role_history", &s, e, "reading the role history"))
        goto out;
    if (sqlite3_step(s) == SQLITE_ROW) next = (long)sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    s = NULL;
    if (prep(db, "INSERT INTO role_history(seq,employee_id,name,role,prev_role,hired_on,left_on,src_file,"
             "src_sha256,src_line,ingested_at,audit_seq,src_sheet) VALUES(?,?,?,?,?,?,?,?,?,?,?,"
             "(SELECT max(seq) FROM audit),?)", &ins, e, "recording a role"))
        goto out;
    for (long r = 0; r < nrows; r++, next++) {
        char **v = rows + r * RN_N;
        line0 = v[RN_LINE] ? strtoll(v[RN_LINE], NULL, 10) : 0;
        sbuf_reset(&d);
        sbuf_printf(&d, "{\"history\":%ld,\"employee\":", next);
        sbuf_json_str(&d, v[RN_ID] ? v[RN_ID] : "");
        sbuf_adds(&d, ",\"name\":");
        sbuf_json_str(&d, v[RN_NAME] ? v[RN_NAME] : "");
        sbuf_adds(&d, ",\"role\":");
        sbuf_json_str(&d, v[RN_ROLE] ? v[RN_ROLE] : "");
        json_opt(&d, "prev_role", v[RN_PREV]);
        json_opt(&d, "hired_on", v[RN_HIRED]);
        json_opt(&d, "left_on", v[RN_LEFT]);
        sbuf_addc(&d, ',');
        util_json_name(&d, "file", v[RN_FILE] ? v[RN_FILE] : "");
        sbuf_printf(&d, ",\"sha256\":\"%s\",\"line\":%lld", v[RN_SHA] ? v[RN_SHA] : "", line0);
        if (v[RN_SHEET]) {
            sbuf_adds(&d, ",\"sheet\":");
            sbuf_json_str(&d, v[RN_SHEET]);
        }
        if (!at) sbuf_adds(&d, ",\"recorded\":\"schema 5 upgrade\"");
        sbuf_addc(&d, '}');
        if (store_audit(st, at ? at : v[RN_AT], "role", d.p, e)) goto out;
        sqlite3_bind_int64(ins, 1, next);
        for (int i = 0; i < 3; i++) bind_opt(ins, 2 + i, v[i]);  /* id, name, role */
        bind_opt(ins, 5, v[RN_PREV]);
        bind_opt(ins, 6, v[RN_HIRED]);
        bind_opt(ins, 7, v[RN_LEFT]);
        bind_opt(ins, 8, v[RN_FILE]);
        bind_opt(ins, 9, v[RN_SHA]);
        sqlite3_bind_int64(ins, 10, line0);
        bind_opt(ins, 11, v[RN_AT]);
        bind_opt(ins, 12, v[RN_SHEET]);
        if (step_done(db, ins, e, "recording a role") < 0) goto out;
        sqlite3_reset(ins);
    }
    if (n) *n = nrows;
    ret = 0;
out:
    for (long i = 0; i < nrows * RN_N; i++) free(rows[i]);
    free(rows);
    sqlite3_finalize(s);
    sqlite3_finalize(ins);
    sbuf_free(&d);
    return ret;
}

static void copy_col(sqlite3_stmt *s, int i, char *out, size_t sz)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    snprintf(out, sz, "%s", t ? (const char *)t : "");
}

/* A role_history row with whether its audit entry records exactly it. */
#define ROLE_ROW_SQL \
    "SELECT h.seq, h.audit_seq, h.name, h.role, h.prev_role, h.hired_on, h.left_on, h.src_file," \
    " h.src_sha256, h.src_line, h.ingested_at, EXISTS (SELECT 1 FROM audit a WHERE a.seq = h.audit_seq" \
    "  AND a.action = 'role' AND json_valid(a.detail) AND json_extract(a.detail, '$.history') = h.seq" \
    "  AND json_extract(a.detail, '$.employee') = h.employee_id" \
    "  AND json_extract(a.detail, '$.role') = h.role" \
    "  AND json_extract(a.detail, '$.hired_on') IS h.hired_on" \
    "  AND json_extract(a.detail, '$.left_on') IS h.left_on" \
    "  AND json_extract(a.detail, '$.sha256') = h.src_sha256), h.employee_id, h.src_sheet FROM role_history h"

static void role_from_row(sqlite3_stmt *s, store_role *r)
{
    memset(r, 0, sizeof *r);
    r->seq = (long)sqlite3_column_int64(s, 0);
    r->audit_seq = (long)sqlite3_column_int64(s, 1);
    copy_col(s, 2, r->name, sizeof r->name);
    copy_col(s, 3, r->role, sizeof r->role);
    copy_col(s, 4, r->prev_role, sizeof r->prev_role);
    copy_col(s, 5, r->hired_on, sizeof r->hired_on);
    copy_col(s, 6, r->left_on, sizeof r->left_on);
    copy_col(s, 7, r->src_file, sizeof r->src_file);
    copy_col(s, 8, r->src_sha256, sizeof r->src_sha256);
    r->src_line = (long)sqlite3_column_int64(s, 9);
    copy_col(s, 10, r->ingested_at, sizeof r->ingested_at);
    r->audited = sqlite3_column_int(s, 11);
    copy_col(s, 13, r->src_sheet, sizeof r->src_sheet);
}

int store_role_at(store *st, const char *id, long before, store_role *r, kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    memset(r, 0, sizeof *r);
    if (prep(db, ROLE_ROW_SQL " WHERE h.employee_id = ?1 AND (?2 <= 0 OR h.audit_seq < ?2)"
             " ORDER BY h.seq DESC LIMIT 1", &s, e, "reading the role history"))
        return -1;
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, before);
    int rc = sqlite3_step(s), ret = 0;
    if (rc == SQLITE_ROW) {
        role_from_row(s, r);
        ret = 1;
    } else if (rc != SQLITE_DONE) {
        ret = dberr(db, e, "reading the role history");
    }
    sqlite3_finalize(s);
    return ret;
}

int store_roles_each(store *st, store_role_fn fn, void *ctx, kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    if (prep(db, ROLE_ROW_SQL " ORDER BY h.seq", &s, e, "reading the role history")) return -1;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        store_role r;
        role_from_row(s, &r);
        const unsigned char *id = sqlite3_column_text(s, 12);
        fn(ctx, id ? (const char *)id : "", &r);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : dberr(db, e, "reading the role history");
}

int store_audit_find(store *st, const char *action, const char *key, const char *value, long *seq, kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    *seq = 0;
    if (prep(db, "SELECT min(seq) FROM audit WHERE action = ?1 AND json_valid(detail)"
             " AND json_extract(detail, '$.' || ?2) = ?3", &s, e, "searching the audit log"))
        return -1;
    sqlite3_bind_text(s, 1, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, value, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s), ret = 0;
    if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
        *seq = (long)sqlite3_column_int64(s, 0);
        ret = 1;
    } else if (rc != SQLITE_ROW) {
        ret = dberr(db, e, "searching the audit log");
    }
    sqlite3_finalize(s);
    return ret;
}

/* ---- holds ---- */

#define HOLD_COLS "hold_id,record_id,category,owner,reason,placed_on,lifted_on,placed_by,src_file"

static void hold_from_row(sqlite3_stmt *s, store_hold *h)
{
    h->hold_id = col_dup(s, 0);
    h->record_id = col_dup(s, 1);
    h->category = col_dup(s, 2);
    h->owner = col_dup(s, 3);
    h->reason = col_dup(s, 4);
    h->placed_on = col_dup(s, 5);
    h->lifted_on = col_dup(s, 6);
    h->placed_by = col_dup(s, 7);
    h->src_file = col_dup(s, 8);
}

int store_hold_insert(store *st, const store_hold *h, const char *src_file, const char *ingested_at,
                      kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    /* Rows name their source by id (schema.sql); holds placed from the
     * command line share one pseudo-source: file `src_file`, SHA-256 "" (no
     * file was read), no content. */
    if (prep(db, "INSERT OR IGNORE INTO source(file,sha256,bytes,kind,format,encoding,ingested_at,rows_stored,"
                 "rows_rejected,rows_replaced,content) VALUES(?,'',0,'hold',NULL,NULL,?,0,0,0,NULL)", &s, e,
             "preparing the hold source"))
        return -1;
    sqlite3_bind_text(s, 1, src_file, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, ingested_at, -1, SQLITE_STATIC);
    int n = step_done(db, s, e, "storing the hold source");
    sqlite3_finalize(s);
    if (n < 0) return -1;
    if (prep(db, "INSERT INTO hold_data(hold_id,record_id,category,owner,reason,placed_on,lifted_on,placed_by,"
                 "src_id,src_line) SELECT ?1,?2,?3,?4,?5," STORE_SQL_DAYS("?6") "," STORE_SQL_DAYS("?7") ",?8,"
                 "(SELECT id FROM source WHERE sha256 = ''),0 "
                 "WHERE NOT EXISTS (SELECT 1 FROM hold_data WHERE hold_id = ?1)", &s, e, "preparing the hold insert"))
        return -1;
    bind_opt(s, 1, h->hold_id);
    bind_opt(s, 2, h->record_id);
    bind_opt(s, 3, h->category);
    bind_opt(s, 4, h->owner);
    bind_opt(s, 5, h->reason);
    bind_opt(s, 6, h->placed_on);
    bind_opt(s, 7, h->lifted_on);
    bind_opt(s, 8, h->placed_by);
    n = step_done(db, s, e, "storing a hold");
    sqlite3_finalize(s);
    if (n < 0) return -1;
    if (n == 0) return kerr_set(e, EXIT_DATAERR, "hold %s exists already", h->hold_id);
    return 0;
}

int store_hold_get(store *st, const char *hold_id, store_hold *out, kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    memset(out, 0, sizeof *out);
    if (prep(db, "SELECT " HOLD_COLS " FROM hold WHERE hold_id = ?", &s, e, "reading a hold")) return -1;
    sqlite3_bind_text(s, 1, hold_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s), ret = 0;
    if (rc == SQLITE_ROW) {
        hold_from_row(s, out);
        ret = 1;
    } else if (rc != SQLITE_DONE) {
        ret = dberr(db, e, "reading a hold");
    }
    sqlite3_finalize(s);
    return ret;
}

int store_hold_lift(store *st, const char *hold_id, const char *lifted_on, kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    if (prep(db, "UPDATE hold_data SET lifted_on = " STORE_SQL_DAYS("?1") " WHERE hold_id = ?2 AND lifted_on IS NULL", &s, e,
             "lifting a hold"))
        return -1;
    sqlite3_bind_text(s, 1, lifted_on, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, hold_id, -1, SQLITE_STATIC);
    int n = step_done(db, s, e, "lifting a hold");
    sqlite3_finalize(s);
    if (n < 0) return -1;
    if (n == 0) return kerr_set(e, EXIT_DATAERR, "hold %s is not in force (unknown or lifted already)", hold_id);
    return 0;
}

int store_hold_list(store *st, store_hold **v, size_t *n, kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    size_t cap = 0;
    int rc;
    *v = NULL;
    *n = 0;
    if (prep(db, "SELECT " HOLD_COLS " FROM hold ORDER BY hold_id", &s, e, "listing holds")) return -1;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *v = xrealloc(*v, cap * sizeof **v);
        }
        memset(&(*v)[*n], 0, sizeof **v);
        hold_from_row(s, &(*v)[(*n)++]);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        store_holds_free(*v, *n);
        *v = NULL;
        *n = 0;
        return dberr(db, e, "listing holds");
    }
    return 0;
}

void store_hold_free(store_hold *h)
{
    if (!h) return;
    free(h->hold_id);
    free(h->record_id);
    free(h->category);
    free(h->owner);
    free(h->reason);
    free(h->placed_on);
    free(h->lifted_on);
    free(h->placed_by);
    free(h->src_file);
    memset(h, 0, sizeof *h);
}

void store_holds_free(store_hold *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) store_hold_free(&v[i]);
    free(v);
}

int store_hold_covering(store *st, const char *record_id, const char *category, const char *owner,
                        const char *day, char *hold_id, size_t idsz, kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    /* the same test as retain.c (hold_active): placed_on <= day < lifted_on;
     * empty strings cover nothing */
    if (prep(db, "SELECT hold_id FROM hold_data WHERE placed_on <= " STORE_SQL_DAYS("?1") " AND (lifted_on IS NULL"
                 " OR lifted_on > " STORE_SQL_DAYS("?1") ") "
                 "AND ((record_id <> '' AND record_id = ?2) OR (category <> '' AND category = ?3) "
                 "OR (owner <> '' AND owner = ?4)) ORDER BY hold_id LIMIT 1", &s, e, "checking holds"))
        return -1;
    sqlite3_bind_text(s, 1, day, -1, SQLITE_STATIC);
    bind_opt(s, 2, record_id);
    bind_opt(s, 3, category);
    bind_opt(s, 4, owner);
    int rc = sqlite3_step(s), ret = 0;
    if (rc == SQLITE_ROW) {
        snprintf(hold_id, idsz, "%s", (const char *)sqlite3_column_text(s, 0));
        ret = 1;
    } else if (rc != SQLITE_DONE) {
        ret = dberr(db, e, "checking holds");
    }
    sqlite3_finalize(s);
    return ret;
}

/* ---- purge batches ---- */

#define BATCH_COLS "b.batch_id,b.state,b.category,b.as_of,b.prepared_by,b.prepared_at,b.reviewed_by," \
    "b.approved_by,b.approved_at,b.witnesses,b.executed_at,b.bundle_path,b.bundle_sha256,b.rechecked_by," \
    "(SELECT count(*) FROM purge_item i WHERE i.batch_id = b.batch_id)," \
    "(SELECT count(*) FROM purge_item i WHERE i.batch_id = b.batch_id AND i.status = 'proposed')," \
    "(SELECT count(*) FROM purge_item i WHERE i.batch_id = b.batch_id AND i.status = 'dropped')," \
    "(SELECT count(*) FROM purge_item i WHERE i.batch_id = b.batch_id AND i.status = 'destroyed')," \
    "(SELECT count(*) FROM purge_item i WHERE i.batch_id = b.batch_id AND i.status = 'transferred')"

static void batch_from_row(sqlite3_stmt *s, store_batch *b)
{
    char **cols[] = { &b->batch_id, &b->state, &b->category, &b->as_of, &b->prepared_by, &b->prepared_at,
                      &b->reviewed_by, &b->approved_by, &b->approved_at, &b->witnesses, &b->executed_at,
                      &b->bundle_path, &b->bundle_sha256, &b->rechecked_by };
    for (int i = 0; i < 14; i++) *cols[i] = col_dup(s, i);
    b->nitems = (long)sqlite3_column_int64(s, 14);
    b->nproposed = (long)sqlite3_column_int64(s, 15);
    b->ndropped = (long)sqlite3_column_int64(s, 16);
    b->ndestroyed = (long)sqlite3_column_int64(s, 17);
    b->ntransferred = (long)sqlite3_column_int64(s, 18);
}

void store_batch_free(store_batch *b)
{
    if (!b) return;
    char *cols[] = { b->batch_id, b->state, b->category, b->as_of, b->prepared_by, b->prepared_at,
                     b->reviewed_by, b->approved_by, b->approved_at, b->witnesses, b->executed_at,
                     b->bundle_path, b->bundle_sha256, b->rechecked_by };
    for (int i = 0; i < 14; i++) free(cols[i]);
    memset(b, 0, sizeof *b);
}

void store_items_free(store_item *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        store_item *x = &v[i];
        free(x->record_id); free(x->category); free(x->title); free(x->owner);
        free(x->trigger_on); free(x->expires_on); free(x->disposition);
        free(x->content_sha256); free(x->status); free(x->note);
    }
    free(v);
}

void store_batches_free(store_batch *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) store_batch_free(&v[i]);
    free(v);
}

static int read_items(sqlite3 *db, const char *batch_id, store_item **items, size_t *n, kerr *e)
{
    sqlite3_stmt *s = NULL;
    size_t cap = 0;
    int rc;
    *items = NULL;
    *n = 0;
    if (prep(db, "SELECT record_id,category,title,owner,trigger_on,expires_on,disposition,content_sha256,"
                 "status,note FROM purge_item WHERE batch_id = ? ORDER BY record_id", &s, e,
             "reading purge items"))
        return -1;
    sqlite3_bind_text(s, 1, batch_id, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            *items = xrealloc(*items, cap * sizeof **items);
        }
        store_item *x = &(*items)[(*n)++];
        x->record_id = col_dup(s, 0); x->category = col_dup(s, 1); x->title = col_dup(s, 2);
        x->owner = col_dup(s, 3); x->trigger_on = col_dup(s, 4); x->expires_on = col_dup(s, 5);
        x->disposition = col_dup(s, 6); x->content_sha256 = col_dup(s, 7); x->status = col_dup(s, 8);
        x->note = col_dup(s, 9);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        store_items_free(*items, *n);
        *items = NULL;
        *n = 0;
        return dberr(db, e, "reading purge items");
    }
    return 0;
}

int store_batch_get(store *st, const char *batch_id, store_batch *b, store_item **items, size_t *n,
                    kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    memset(b, 0, sizeof *b);
    if (items) {
        *items = NULL;
        *n = 0;
    }
    if (prep(db, "SELECT " BATCH_COLS " FROM purge_batch b WHERE b.batch_id = ?", &s, e, "reading a batch"))
        return -1;
    sqlite3_bind_text(s, 1, batch_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(s);
        return rc == SQLITE_DONE ? 0 : dberr(db, e, "reading a batch");
    }
    batch_from_row(s, b);
    sqlite3_finalize(s);
    if (items && read_items(db, batch_id, items, n, e)) {
        store_batch_free(b);
        return -1;
    }
    return 1;
}

int store_batch_list(store *st, store_batch **v, size_t *n, kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    size_t cap = 0;
    int rc;
    *v = NULL;
    *n = 0;
    if (prep(db, "SELECT " BATCH_COLS " FROM purge_batch b ORDER BY b.batch_id", &s, e, "listing batches"))
        return -1;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *v = xrealloc(*v, cap * sizeof **v);
        }
        memset(&(*v)[*n], 0, sizeof **v);
        batch_from_row(s, &(*v)[(*n)++]);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        store_batches_free(*v, *n);
        *v = NULL;
        *n = 0;
        return dberr(db, e, "listing batches");
    }
    return 0;
}

int store_batch_max_seq(store *st, const char *prefix, int *seq, kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    *seq = 0;
    /* substr/length instead of LIKE: the prefix is matched byte for byte */
    if (prep(db, "SELECT batch_id FROM purge_batch WHERE substr(batch_id, 1, length(?1)) = ?1", &s, e,
             "numbering the batch"))
        return -1;
    sqlite3_bind_text(s, 1, prefix, -1, SQLITE_STATIC);
    size_t plen = strlen(prefix);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(s, 0);
        char *end;
        long v = strtol(id + plen, &end, 10);
        if (*end == '\0' && v > *seq && v < 100000) *seq = (int)v;
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : dberr(db, e, "numbering the batch");
}

int store_pending_records(store *st, char ***ids, size_t *n, kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    size_t cap = 0;
    int rc;
    *ids = NULL;
    *n = 0;
    if (prep(db, "SELECT DISTINCT i.record_id FROM purge_item i JOIN purge_batch b ON b.batch_id = i.batch_id "
                 "WHERE b.state IN ('planned','approved') AND i.status = 'proposed' ORDER BY i.record_id",
             &s, e, "reading pending purge items"))
        return -1;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            *ids = xrealloc(*ids, cap * sizeof **ids);
        }
        (*ids)[(*n)++] = col_dup(s, 0);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return dberr(db, e, "reading pending purge items");
    return 0;
}

int store_batch_insert(store *st, const store_batch *b, const store_item *items, size_t n, kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    int ret = -1;
    if (prep(db, "INSERT INTO purge_batch(batch_id,state,category,as_of,prepared_by,prepared_at) "
                 "VALUES(?,'planned',?,?,?,?)", &s, e, "preparing the batch insert"))
        goto out;
    bind_opt(s, 1, b->batch_id);
    bind_opt(s, 2, b->category);
    bind_opt(s, 3, b->as_of);
    bind_opt(s, 4, b->prepared_by);
    bind_opt(s, 5, b->prepared_at);
    if (step_done(db, s, e, "storing the batch") < 0) goto out;
    sqlite3_finalize(s);
    s = NULL;
    if (prep(db, "INSERT INTO purge_item(batch_id,record_id,category,title,owner,trigger_on,expires_on,"
                 "disposition,content_sha256,status,note) VALUES(?,?,?,?,?,?,?,?,?,'proposed',NULL)",
             &s, e, "preparing the item insert"))
        goto out;
    for (size_t i = 0; i < n; i++) {
        const store_item *x = &items[i];
        bind_opt(s, 1, b->batch_id);
        bind_opt(s, 2, x->record_id);
        bind_opt(s, 3, x->category);
        bind_opt(s, 4, x->title);
        bind_opt(s, 5, x->owner);
        bind_opt(s, 6, x->trigger_on);
        bind_opt(s, 7, x->expires_on);
        bind_opt(s, 8, x->disposition);
        bind_opt(s, 9, x->content_sha256);
        if (step_done(db, s, e, "storing a purge item") < 0) goto out;
        sqlite3_reset(s);
    }
    ret = 0;
out:
    sqlite3_finalize(s);
    return ret;
}

/* Runs an UPDATE with up to four text parameters; returns changes or -1. */
static int update4(store *st, const char *sql, const char *a, const char *b, const char *c,
                   const char *d, kerr *e, const char *what)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    if (prep(db, sql, &s, e, what)) return -1;
    const char *v[4] = { a, b, c, d };
    int np = sqlite3_bind_parameter_count(s);
    for (int i = 0; i < np && i < 4; i++) bind_opt(s, i + 1, v[i]);
    int n = step_done(db, s, e, what);
    sqlite3_finalize(s);
    return n;
}

int store_batch_approve(store *st, const char *batch_id, const char *reviewed_by,
                        const char *approved_by, const char *approved_at, kerr *e)
{
    int n = update4(st, "UPDATE purge_batch SET state = 'approved', reviewed_by = ?, approved_by = ?, "
                        "approved_at = ? WHERE batch_id = ? AND state = 'planned'",
                    reviewed_by, approved_by, approved_at, batch_id, e, "approving the batch");
    return n < 0 ? -1 : n > 0;
}

/* Binds up to 8 optional text parameters and runs one statement: the
 * number of rows changed, or -1. */
static int update_v(store *st, const char *sql, const char *const *v, int nv, kerr *e, const char *what)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    if (prep(db, sql, &s, e, what)) return -1;
    int np = sqlite3_bind_parameter_count(s);
    for (int i = 0; i < np && i < nv; i++) bind_opt(s, i + 1, v[i]);
    int n = step_done(db, s, e, what);
    sqlite3_finalize(s);
    return n;
}

int store_batch_set_witnesses(store *st, const char *batch_id, const char *expected, const char *witnesses,
                              const char *rechecked_by, kerr *e)
{
    const char *v[] = { witnesses, batch_id, expected, rechecked_by };
    int n = update_v(st, "UPDATE purge_batch SET witnesses = ?1, rechecked_by = ?4, "
                         "bundle_path = CASE WHEN witnesses IS ?1 AND rechecked_by IS ?4 THEN bundle_path END, "
                         "bundle_sha256 = CASE WHEN witnesses IS ?1 AND rechecked_by IS ?4 THEN bundle_sha256 END "
                         "WHERE batch_id = ?2 AND state = 'approved' AND witnesses IS ?3",
                     v, 4, e, "recording the witnesses");
    return n < 0 ? -1 : n > 0;
}

int store_item_drop(store *st, const char *batch_id, const char *record_id, const char *note, kerr *e)
{
    int n = update4(st, "UPDATE purge_item SET status = 'dropped', note = ? WHERE batch_id = ? AND record_id = ? "
                    "AND status = 'proposed'", note, batch_id, record_id, NULL, e, "dropping an item");
    if (n <= 0) return n;
    if (update4(st, "UPDATE purge_batch SET bundle_path = NULL, bundle_sha256 = NULL WHERE batch_id = ? "
                    "AND state = 'approved'", batch_id, NULL, NULL, NULL, e, "forgetting the bundle") < 0)
        return -1;
    return 1;
}

int store_batch_set_bundle(store *st, const char *batch_id, const char *witnesses, const char *expect_path,
                           const char *expect_sha256, const char *path, const char *sha256, kerr *e)
{
    const char *v[] = { path, sha256, batch_id, witnesses, expect_path, expect_sha256 };
    int n = update_v(st, "UPDATE purge_batch SET bundle_path = ?1, bundle_sha256 = ?2 WHERE batch_id = ?3 "
                         "AND state = 'approved' AND witnesses IS ?4 AND bundle_path IS ?5 AND bundle_sha256 IS ?6",
                     v, 6, e, "recording the bundle");
    return n < 0 ? -1 : n > 0;
}

int store_item_dispose(store *st, const char *batch_id, const store_item *it, const char *status,
                       const char *disposed_at, kerr *e)
{
    sqlite3 *db = store_db(st);
    /* the record's attachment and export, read before the row goes */
    store_arec rec;
    int found = store_arec_get(st, it->record_id, &rec, e);
    if (found < 0) return -1;
    int ret = -1;
    sqlite3_stmt *s = NULL;
    if (prep(db, "INSERT OR REPLACE INTO tombstone(record_id,category,content_sha256,batch_id,disposition,"
                 "disposed_at) VALUES(?,?,?,?,?,?)", &s, e, "preparing the tombstone insert"))
        goto out;
    bind_opt(s, 1, it->record_id);
    bind_opt(s, 2, it->category);
    bind_opt(s, 3, it->content_sha256);
    bind_opt(s, 4, batch_id);
    bind_opt(s, 5, it->disposition);
    bind_opt(s, 6, disposed_at);
    int n = step_done(db, s, e, "keeping a tombstone");
    sqlite3_finalize(s);
    if (n < 0) goto out;
    if (update4(st, "DELETE FROM archive_record_data WHERE record_id = ?", it->record_id, NULL, NULL, NULL, e,
                "deleting a record") < 0)
        goto out;
    if (update4(st, "DELETE FROM retention WHERE record_id = ?", it->record_id, NULL, NULL, NULL, e,
                "deleting a retention status") < 0)
        goto out;
    if (found && rec.f[AREC_FILE_SHA256] &&
        update4(st, "DELETE FROM attachment WHERE sha256 = ?1 AND NOT EXISTS "
                    "(SELECT 1 FROM archive_record_data WHERE file_sha256 = ?1)",
                rec.f[AREC_FILE_SHA256], NULL, NULL, NULL, e, "deleting an attachment") < 0)
        goto out;
    /* The export the record came from still holds its line: its bytes go
     * too (purge.h: "Export files"). */
    if (found && rec.src_sha256 &&
        update4(st, "UPDATE source SET content = NULL WHERE sha256 = ? AND content IS NOT NULL",
                rec.src_sha256, NULL, NULL, NULL, e, "clearing an export's content") < 0)
        goto out;
    if (update4(st, "UPDATE purge_item SET status = ? WHERE batch_id = ? AND record_id = ?", status, batch_id,
                it->record_id, NULL, e, "marking an item disposed") < 0)
        goto out;
    ret = 0;
out:
    store_arec_free(&rec);
    return ret;
}

int store_batch_executed(store *st, const char *batch_id, const char *executed_at, const char *witnesses,
                         const char *pending, const char *sha256, const char *final_path, kerr *e)
{
    const char *v[] = { executed_at, final_path, batch_id, witnesses, pending, sha256 };
    int n = update_v(st, "UPDATE purge_batch SET state = 'executed', executed_at = ?1, bundle_path = ?2 "
                         "WHERE batch_id = ?3 AND state = 'approved' AND witnesses IS ?4 AND bundle_path IS ?5 "
                         "AND bundle_sha256 IS ?6", v, 6, e, "closing the batch");
    return n < 0 ? -1 : n > 0;
}

int store_tombstone_get(store *st, const char *record_id, char batch[64], char disposition[16], char at[20],
                        kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    if (prep(db, "SELECT batch_id, disposition, disposed_at FROM tombstone WHERE record_id = ? "
                 "ORDER BY disposed_at DESC LIMIT 1", &s, e, "reading a tombstone"))
        return -1;
    sqlite3_bind_text(s, 1, record_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const char *v[3] = { (const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 1),
                             (const char *)sqlite3_column_text(s, 2) };
        snprintf(batch, 64, "%s", v[0] ? v[0] : "");
        snprintf(disposition, 16, "%s", v[1] ? v[1] : "");
        snprintf(at, 20, "%s", v[2] ? v[2] : "");
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW) return 1;
    return rc == SQLITE_DONE ? 0 : dberr(db, e, "reading a tombstone");
}

int store_tombstone_count(store *st, const char *batch_id, long *n, kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    if (prep(db, "SELECT count(*) FROM tombstone WHERE batch_id = ?", &s, e, "counting tombstones")) return -1;
    sqlite3_bind_text(s, 1, batch_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    *n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 0 : dberr(db, e, "counting tombstones");
}

int store_wal_autocheckpoint(store *st, int pages, int *prev, kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    if (prev) {
        if (prep(db, "PRAGMA wal_autocheckpoint", &s, e, "reading wal_autocheckpoint")) return -1;
        int rc = sqlite3_step(s);
        *prev = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 1000;
        sqlite3_finalize(s);
        if (rc != SQLITE_ROW) return dberr(db, e, "reading wal_autocheckpoint");
    }
    if (sqlite3_wal_autocheckpoint(db, pages) != SQLITE_OK) return dberr(db, e, "setting wal_autocheckpoint");
    return 0;
}

int store_secure_delete(store *st, int on, kerr *e)
{
    sqlite3 *db = store_db(st);
    char *msg = NULL;
    if (sqlite3_exec(db, on ? "PRAGMA secure_delete=ON" : "PRAGMA secure_delete=OFF", NULL, NULL, &msg)) {
        kerr_set(e, EXIT_SOFTWARE, "secure_delete: %s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

int store_checkpoint_truncate(store *st, int *busy, kerr *e)
{
    sqlite3 *db = store_db(st);
    int log = 0, ckpt = 0;
    int rc = sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_TRUNCATE, &log, &ckpt);
    if (busy) *busy = rc == SQLITE_BUSY;
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) return dberr(db, e, "checkpointing the WAL");
    return 0;
}

/* ---- source bundles ---- */

int store_sources_on(store *st, const char *date, store_source **v, size_t *n, kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    size_t cap = 0;
    int rc;
    *v = NULL;
    *n = 0;
    if (prep(db, "SELECT id,file,sha256,bytes,kind,ingested_at,content IS NOT NULL FROM source "
                 "WHERE substr(ingested_at, 1, 10) = ? AND sha256 <> '' ORDER BY id", &s, e, "listing sources"))
        return -1;
    sqlite3_bind_text(s, 1, date, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *v = xrealloc(*v, cap * sizeof **v);
        }
        store_source *x = &(*v)[(*n)++];
        x->id = sqlite3_column_int64(s, 0);
        x->file = col_dup(s, 1);
        x->sha256 = col_dup(s, 2);
        x->bytes = sqlite3_column_int64(s, 3);
        x->kind = col_dup(s, 4);
        x->ingested_at = col_dup(s, 5);
        x->has_content = sqlite3_column_int(s, 6);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        store_sources_free(*v, *n);
        *v = NULL;
        *n = 0;
        return dberr(db, e, "listing sources");
    }
    return 0;
}

void store_sources_free(store_source *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].file);
        free(v[i].sha256);
        free(v[i].kind);
        free(v[i].ingested_at);
    }
    free(v);
}

/* The sink of store_source_stream: every original byte goes through the
 * hash and the count on its way to the caller's sink. */
typedef struct src_check {
    store_emit_fn fn;     /* the caller's sink */
    void *sink;           /* its argument (borrowed) */
    hash_ctx h;           /* SHA-256 of the bytes emitted so far */
    int64_t n;            /* their count */
} src_check;

static int src_check_emit(void *arg, const void *data, size_t len, kerr *e)
{
    src_check *c = arg;
    hash_update(&c->h, data, len);
    c->n += (int64_t)len;
    return c->fn(c->sink, data, len, e);
}

/* Inflates a zlib-coded blob through `emit`, a STORE_SOURCE_CHUNK of the
 * stored stream at a time. Fails on a damaged stream. */
static int stream_inflate(sqlite3 *db, int64_t id, src_check *c, kerr *e)
{
    sqlite3_blob *b = NULL;
    unsigned char *in = NULL, *out = NULL;
    z_stream z;
    int ret = -1, zr = Z_OK;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK) {
        kerr_set(e, EXIT_SOFTWARE, "source %lld: zlib inflateInit failed", (long long)id);
        return -1;
    }
    if (sqlite3_blob_open(db, "main", "source", "content", id, 0, &b) != SQLITE_OK) {
        dberr(db, e, "opening a blob");
        goto out;
    }
    int len = sqlite3_blob_bytes(b), off = 0;
    in = xmalloc(STORE_SOURCE_CHUNK);
    out = xmalloc(STORE_SOURCE_CHUNK);
    while (zr != Z_STREAM_END) {
        if (z.avail_in == 0) {
            int n = len - off < STORE_SOURCE_CHUNK ? len - off : STORE_SOURCE_CHUNK;
            if (n == 0) break;   /* the stream ends before its end mark */
            if (sqlite3_blob_read(b, in, n, off) != SQLITE_OK) {
                dberr(db, e, "reading a blob");
                goto out;
            }
            off += n;
            z.next_in = in;
            z.avail_in = (uInt)n;
        }
        z.next_out = out;
        z.avail_out = STORE_SOURCE_CHUNK;
        zr = inflate(&z, Z_NO_FLUSH);
        if (zr != Z_OK && zr != Z_STREAM_END) break;
        size_t got = STORE_SOURCE_CHUNK - z.avail_out;
        if (got && src_check_emit(c, out, got, e)) goto out;
    }
    if (zr != Z_STREAM_END || off != len || z.avail_in != 0) {
        kerr_set(e, EXIT_DATAERR, "source %lld: its stored content is damaged (zlib: %s)", (long long)id,
                 z.msg ? z.msg : zr == Z_STREAM_END ? msg_tr("data after the end of the stream")
                                                    : msg_tr("truncated stream"));
        goto out;
    }
    ret = 0;
out:
    inflateEnd(&z);
    if (b) sqlite3_blob_close(b);
    free(in);
    free(out);
    return ret;
}

int store_source_stream(store *st, int64_t id, store_emit_fn fn, void *sink, kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    char *sha = NULL, *coding = NULL;
    int64_t bytes = 0;
    int ret = -1;
    if (prep(db, "SELECT sha256, bytes, content_coding FROM source WHERE id = ?", &s, e, "reading a source"))
        return -1;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        sha = col_dup(s, 0);
        bytes = sqlite3_column_int64(s, 1);
        coding = col_dup(s, 2);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW) {
        if (rc == SQLITE_DONE) kerr_set(e, EXIT_SOFTWARE, "source %lld: no such source", (long long)id);
        else dberr(db, e, "reading a source");
        goto out;
    }
    src_check c = { .fn = fn, .sink = sink };
    hash_init(&c.h);
    if (strcmp(coding, "zlib") == 0 ? stream_inflate(db, id, &c, e)
                                    : stream_blob(db, "source", "content", id, src_check_emit, &c, e))
        goto out;
    char hex[HASH_HEX_LEN];
    hash_final_hex(&c.h, hex);
    if (c.n != bytes || strcmp(hex, sha) != 0) {
        kerr_set(e, EXIT_DATAERR, "source %lld: its stored content (%lld bytes, SHA-256 %.12s…) is not the file "
                 "ingested (%lld bytes, SHA-256 %.12s…)", (long long)id, (long long)c.n, hex, (long long)bytes, sha);
        goto out;
    }
    ret = 0;
out:
    free(sha);
    free(coding);
    return ret;
}

/* ---- purge batches against the audit log (issue 13) ---- */

/* The fields of purge_batch an audit entry records, and the key of the
 * entry's JSON detail that holds each ("@at": the entry's own time). */
typedef struct batch_field {
    const char *column;   /* purge_batch column */
    const char *action;   /* the entry that records it */
    const char *key;      /* its JSON key in that entry's detail, or "@at" */
} batch_field;

static const batch_field BATCH_FIELDS[] = {
    { "prepared_by", "purge_plan", "prepared_by" },
    { "prepared_at", "purge_plan", "@at" },
    { "category", "purge_plan", "category" },
    { "as_of", "purge_plan", "as_of" },
    { "reviewed_by", "purge_approve", "reviewed_by" },
    { "approved_by", "purge_approve", "approved_by" },
    { "approved_at", "purge_approve", "@at" },
    { "witnesses", "purge_execute", "witnesses" },
    { "rechecked_by", "purge_execute", "rechecked_by" },
    { "executed_at", "purge_execute", "@at" },
    { "bundle_path", "purge_execute", "bundle" },
    { "bundle_sha256", "purge_execute", "bundle_sha256" },
};
#define NBATCH_FIELDS (sizeof BATCH_FIELDS / sizeof *BATCH_FIELDS)

/* The last entry of `action` for one batch: 1 found (*seq, *at and
 * *detail owned by the caller), 0 none, -1 error. */
static int batch_entry(sqlite3 *db, const char *action, const char *batch_id, long *seq, char **at,
                       char **detail, kerr *e)
{
    sqlite3_stmt *s = NULL;
    if (prep(db, "SELECT seq, at, detail FROM audit WHERE action = ? AND json_valid(detail) "
                 "AND json_extract(detail, '$.batch') = ? ORDER BY seq DESC LIMIT 1", &s, e, "reading the audit log"))
        return -1;
    sqlite3_bind_text(s, 1, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, batch_id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s), found = 0;
    if (rc == SQLITE_ROW) {
        *seq = (long)sqlite3_column_int64(s, 0);
        *at = col_dup(s, 1);
        *detail = col_dup(s, 2);
        found = 1;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return dberr(db, e, "reading the audit log");
    return found;
}

/* What an entry's detail holds at `key`: 1 present (*val owned, NULL for
 * JSON null), 0 the key is absent (an older entry: not compared), -1 error. */
static int detail_field(sqlite3 *db, const char *detail, const char *key, char **val, kerr *e)
{
    sqlite3_stmt *s = NULL;
    *val = NULL;
    if (prep(db, "SELECT json_type(?1, ?2), json_extract(?1, ?2)", &s, e, "reading an audit entry")) return -1;
    char *path = xasprintf("$.%s", key);
    sqlite3_bind_text(s, 1, detail, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, path, -1, free);
    int rc = sqlite3_step(s), present = 0;
    if (rc == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
        present = 1;
        *val = col_dup(s, 1);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW) return dberr(db, e, "reading an audit entry");
    return present;
}

static int same(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The value of a purge_batch column of a row read by store_batch_verify. */
static const char *batch_col(const store_batch *b, const char *column)
{
    static const struct { const char *name; size_t off; } cols[] = {
        { "prepared_by", offsetof(store_batch, prepared_by) }, { "prepared_at", offsetof(store_batch, prepared_at) },
        { "category", offsetof(store_batch, category) }, { "as_of", offsetof(store_batch, as_of) },
        { "reviewed_by", offsetof(store_batch, reviewed_by) }, { "approved_by", offsetof(store_batch, approved_by) },
        { "approved_at", offsetof(store_batch, approved_at) }, { "witnesses", offsetof(store_batch, witnesses) },
        { "rechecked_by", offsetof(store_batch, rechecked_by) },
        { "executed_at", offsetof(store_batch, executed_at) }, { "bundle_path", offsetof(store_batch, bundle_path) },
        { "bundle_sha256", offsetof(store_batch, bundle_sha256) },
    };
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
        if (strcmp(cols[i].name, column) == 0) return *(char *const *)((const char *)b + cols[i].off);
    return NULL;
}

#define SHOW(v) ((v) ? (v) : "(NULL)")

/* Compares one batch row with its plan, approval and execution entries,
 * and an executed batch's items by status with the execution's counts.
 * 0 when it matches, >0 (the entry's seq, or 1) with e, -1 error. */
static long verify_one_batch(sqlite3 *db, const store_batch *b, kerr *e)
{
    static const char *const actions[3] = { "purge_plan", "purge_approve", "purge_execute" };
    long seq[3] = { 0, 0, 0 }, ret = -1;
    char *at[3] = { NULL, NULL, NULL }, *det[3] = { NULL, NULL, NULL };
    int has[3];
    for (int i = 0; i < 3; i++) {
        has[i] = batch_entry(db, actions[i], b->batch_id, &seq[i], &at[i], &det[i], e);
        if (has[i] < 0) goto out;
    }
    if (!has[0]) {
        kerr_set(e, EXIT_DATAERR, "purge_batch row '%s': no purge_plan audit entry records it: the row was "
                 "inserted outside kefu", b->batch_id);
        ret = 1;
        goto out;
    }
    /* the state the entries record: executed, approved or planned */
    int k = has[2] ? 2 : has[1] ? 1 : 0;
    const char *state = k == 2 ? "executed" : k == 1 ? "approved" : "planned";
    if (!same(b->state, state)) {
        if (k > 0)
            kerr_set(e, EXIT_DATAERR, "purge_batch row '%s': field 'state': '%s' is not what audit entry %ld (%s) "
                     "recorded: '%s'", b->batch_id, SHOW(b->state), seq[k], actions[k], state);
        else
            kerr_set(e, EXIT_DATAERR, "purge_batch row '%s': field 'state': '%s', but the audit log holds no "
                     "approval of it, only its plan (entry %ld): set outside kefu", b->batch_id, SHOW(b->state),
                     seq[0]);
        ret = seq[k];
        goto out;
    }
    for (size_t i = 0; i < NBATCH_FIELDS; i++) {
        const batch_field *f = &BATCH_FIELDS[i];
        int a = strcmp(f->action, "purge_plan") == 0 ? 0 : strcmp(f->action, "purge_approve") == 0 ? 1 : 2;
        const char *have = batch_col(b, f->column);
        if (!has[a]) {
            /* not yet approved: no approver may be set; not yet executed:
             * the witnesses and bundle are provisional (execute sets them
             * before its entry, and checks them again itself) */
            if (a == 1 || strcmp(f->column, "executed_at") == 0) {
                if (have) {
                    kerr_set(e, EXIT_DATAERR, "purge_batch row '%s': field '%s': '%s', but the audit log holds no "
                             "%s entry for it: set outside kefu", b->batch_id, f->column, have, f->action);
                    ret = seq[0];
                    goto out;
                }
            }
            continue;
        }
        char *want = NULL;
        if (strcmp(f->key, "@at") == 0) {
            want = at[a] ? xstrdup(at[a]) : NULL;
        } else {
            int p = detail_field(db, det[a], f->key, &want, e);
            if (p < 0) goto out;
            if (p == 0) continue;   /* an older entry that did not record it */
        }
        int ok = same(have, want);
        if (!ok)
            kerr_set(e, EXIT_DATAERR, "purge_batch row '%s': field '%s': '%s' is not what audit entry %ld (%s) "
                     "recorded: '%s'", b->batch_id, f->column, SHOW(have), seq[a], f->action, SHOW(want));
        free(want);
        if (!ok) {
            ret = seq[a];
            goto out;
        }
    }
    if (has[2]) {
        /* its items' fates, as the execution counted them */
        static const char *const fate[3] = { "destroyed", "transferred", "dropped" };
        long have[3] = { b->ndestroyed, b->ntransferred, b->ndropped };
        for (int i = 0; i < 3; i++) {
            char *want = NULL;
            int p = detail_field(db, det[2], fate[i], &want, e);
            if (p < 0) goto out;
            long w = p && want ? strtol(want, NULL, 10) : have[i];
            free(want);
            if (w != have[i]) {
                kerr_set(e, EXIT_DATAERR, "purge_item rows of batch '%s': %ld with status '%s', but audit entry %ld "
                         "(purge_execute) recorded %ld", b->batch_id, have[i], fate[i], seq[2], w);
                ret = seq[2];
                goto out;
            }
        }
    }
    ret = 0;
out:
    for (int i = 0; i < 3; i++) {
        free(at[i]);
        free(det[i]);
    }
    return ret;
}

long store_batch_verify(store *st, kerr *e)
{
    sqlite3 *db = store_db(st);
    store_batch *v = NULL;
    size_t n = 0;
    long ret = 0;
    if (store_batch_list(st, &v, &n, e)) return -1;
    for (size_t i = 0; i < n && ret == 0; i++) ret = verify_one_batch(db, &v[i], e);
    store_batches_free(v, n);
    if (ret) return ret;
    /* a batch the log planned whose row is gone */
    sqlite3_stmt *s = NULL;
    if (prep(db, "SELECT seq, json_extract(detail, '$.batch') FROM audit WHERE action = 'purge_plan' "
                 "AND json_valid(detail) AND json_extract(detail, '$.batch') NOT IN (SELECT batch_id FROM purge_batch) "
                 "ORDER BY seq LIMIT 1", &s, e, "reading the audit log"))
        return -1;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        ret = (long)sqlite3_column_int64(s, 0);
        kerr_set(e, EXIT_DATAERR, "purge_batch row '%s': missing, but audit entry %ld (purge_plan) recorded it: "
                 "deleted outside kefu", SHOW((const char *)sqlite3_column_text(s, 1)), ret);
    } else if (rc != SQLITE_DONE) {
        ret = dberr(db, e, "reading the audit log");
    }
    sqlite3_finalize(s);
    return ret;
}
