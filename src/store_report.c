/* store_report.c — the SQL of the PDF reports (store_report.h). Part of the
 * store module: it reaches the connection through store_db() and hands rows
 * to report.c as text, so SQLite stays inside the store. Every statement is
 * a constant here, prepared with bound parameters. */
#include "store_report.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The employee view joins source; the reports need only employee_data. */
#define FINDING_EMP_COLS \
    "SELECT f.id, COALESCE(e.dept,''), f.subject_id, COALESCE(e.name,''), f.date, f.rule, f.article, " \
    "f.sanction, f.amount_fen, f.detail, f.sources FROM finding f " \
    "LEFT JOIN employee_data e ON e.employee_id = f.subject_id " \
    "WHERE f.subject_kind = 'employee' AND f.date BETWEEN ?1 AND ?2 AND "
#define WARN_RULES "(f.sanction = 'dismissal')"

/* The appendix 依据条文: each distinct citation (article, quote, assumed)
 * of the rows of TABLE matching WHERE, with the rule codes citing it. */
#define APPX(TABLE, WHERE) \
    "SELECT article, quote, assumed, group_concat(rule, ' ') FROM (SELECT DISTINCT article, quote, " \
    "assumed, rule FROM " TABLE " WHERE " WHERE " ORDER BY rule) GROUP BY article, quote, assumed " \
    "ORDER BY article, quote, assumed"

/* The heads of department DEPT on day DAY: the employees of DEPT whose
 * role is ROLE (the policy's <roles dept-head>; '' names none) and who had
 * not left by DAY, "ID name" joined by ", "; NULL when there is none. */
#define DEPT_HEADS(DEPT, ROLE, DAY) \
    "(SELECT group_concat(h.employee_id || ' ' || h.name, ', ') FROM employee_data h" \
    " WHERE " ROLE " <> '' AND h.role = " ROLE " AND h.dept = " DEPT \
    " AND (h.left_on IS NULL OR h.left_on >= " STORE_SQL_DAYS(DAY) "))"

/* One query: its SQL and the number of parameters it binds. */
typedef struct rq_def {
    const char *sql;         /* the statement */
    int nparams;             /* ?1 … ?n */
    const char *what;        /* for messages */
} rq_def;

static const rq_def RQ[SRQ_COUNT] = {
    [SRQ_FINES_EMP] = { FINDING_EMP_COLS "NOT " WARN_RULES " AND f.sanction <> 'reward' ORDER BY 2, 3, f.date, f.id", 2,
                        "reading the findings of employees" },
    [SRQ_FINES_DEPT] = { "SELECT f.id, f.subject_id, f.date, f.rule, f.article, f.sanction, f.amount_fen, "
                         "f.detail, f.sources FROM finding f WHERE f.subject_kind = 'department' "
                         "AND f.date BETWEEN ?1 AND ?2 ORDER BY 2, 3, f.id", 2,
                         "reading the findings of departments" },
    [SRQ_FINES_REWARDS] = { FINDING_EMP_COLS "f.sanction = 'reward' ORDER BY 2, 3, f.date, f.id", 2,
                           "reading the rewards" },
    [SRQ_FINES_WARN] = { FINDING_EMP_COLS WARN_RULES " ORDER BY 2, 3, f.date, f.id", 2,
                         "reading the warnings" },
    [SRQ_PAY_NOTES] = {
        "WITH c AS (SELECT f.subject_id AS emp, substr(f.date, 1, 7) AS ym, f.date AS d, f.id AS id,"
        " f.amount_fen AS a FROM finding f WHERE f.subject_kind = 'employee'"
        " AND f.sanction IN ('fine', 'deduction')"
        " AND f.date BETWEEN date(?1, 'start of month') AND date(?2, 'start of month', '+1 month', '-1 day')),"
        " r AS (SELECT emp, ym, d, SUM(a) OVER (PARTITION BY emp, ym ORDER BY d, id"
        " ROWS UNBOUNDED PRECEDING) AS run FROM c),"
        " j AS (SELECT r.*, e.name AS name, e.dept AS dept, e.monthly_wage AS w FROM r"
        " JOIN employee_data e ON e.employee_id = r.emp),"
        " n AS (SELECT emp, name, dept, ym, MAX(run) AS total, w,"
        " MIN(CASE WHEN run * 10000 > CAST(?3 AS INTEGER) * w THEN d END) AS warn_day,"
        " MIN(CASE WHEN w - run < CAST(?4 AS INTEGER) THEN d END) AS min_day FROM j GROUP BY emp, ym)"
        " SELECT emp, name, dept, ym, total, w, warn_day, min_day FROM n"
        " WHERE warn_day BETWEEN ?1 AND ?2 OR min_day BETWEEN ?1 AND ?2"
        " ORDER BY dept, emp, ym", 4, "computing the pay notes" },
    /* what the detail tables show, and nothing else (issue 12): the
     * employees' table (no auditor's warnings, no rewards) and the
     * departments' table */
    [SRQ_FINES_DEPT_TOTALS] = {
        "SELECT dept, SUM(a), COUNT(*) FROM ("
        " SELECT COALESCE(e.dept,'') AS dept, f.amount_fen AS a FROM finding f"
        " LEFT JOIN employee_data e ON e.employee_id = f.subject_id"
        " WHERE f.subject_kind = 'employee' AND f.date BETWEEN ?1 AND ?2 AND NOT " WARN_RULES
        " AND f.sanction <> 'reward'"
        " UNION ALL SELECT f.subject_id, f.amount_fen FROM finding f"
        " WHERE f.subject_kind = 'department' AND f.date BETWEEN ?1 AND ?2)"
        " GROUP BY dept ORDER BY dept", 2, "summing the findings by department" },
    [SRQ_VISITS_BY_RULE] = {
        "SELECT rule, article, SUM(status = 'met'), SUM(status = 'late'), SUM(status = 'missed'),"
        " SUM(status = 'pending') FROM obligation WHERE substr(due_at, 1, 10) BETWEEN ?1 AND ?2"
        " GROUP BY rule, article ORDER BY rule, article", 2, "counting obligations by rule" },
    [SRQ_VISITS_LIST] = {
        "SELECT o.id, o.rule, o.article, o.subject_kind, o.subject_id,"
        " COALESCE(se.customer_id, CASE WHEN o.subject_kind = 'customer' THEN o.subject_id END),"
        " c.name, c.phone, o.anchor_at, o.due_at, o.done_at, o.status, o.callback_id,"
        " CASE WHEN se.rowid IS NOT NULL THEN 'service_event#' || se.rowid"
        "  WHEN o.subject_kind = 'customer' AND c.rowid IS NOT NULL THEN 'customer#' || c.rowid"
        "  ELSE o.subject_kind || ':' || o.subject_id END"
        "  || CASE WHEN o.callback_rowid IS NOT NULL THEN ' callback#' || o.callback_rowid ELSE '' END,"
        " COALESCE(cb.staff_id, se.staff_id), st.name, " DEPT_HEADS("st.dept", "?3", "substr(o.due_at, 1, 10)")
        " FROM obligation o"
        " LEFT JOIN service_event_data se ON o.subject_kind = 'event' AND se.event_id = o.subject_id"
        " LEFT JOIN customer_data c ON c.customer_id ="
        "   COALESCE(se.customer_id, CASE WHEN o.subject_kind = 'customer' THEN o.subject_id END)"
        " LEFT JOIN callback_data cb ON cb.rowid = o.callback_rowid"
        " LEFT JOIN employee_data st ON st.employee_id = COALESCE(cb.staff_id, se.staff_id)"
        " WHERE o.status IN ('late','missed') AND substr(o.due_at, 1, 10) BETWEEN ?1 AND ?2"
        " ORDER BY o.rule, o.due_at, o.id", 3, "listing late and missed obligations" },
    [SRQ_VISITS_BY_DAY] = {
        "SELECT substr(due_at, 1, 10) AS d, SUM(status = 'met'), SUM(status IN ('late','missed'))"
        " FROM obligation WHERE substr(due_at, 1, 10) BETWEEN ?1 AND ?2 GROUP BY d ORDER BY d", 2,
        "counting obligations by day" },
    [SRQ_RET_COUNTS] = {
        "SELECT category, COALESCE(status, 'unchecked'), COUNT(*) FROM record_status"
        " GROUP BY 1, 2 ORDER BY 1, 2", 0, "counting records by category and status" },
    [SRQ_RET_ELIGIBLE] = {
        "SELECT record_id, category, owner, title, trigger_on, expires_on, disposition FROM record_status"
        " WHERE status = 'eligible' ORDER BY expires_on, record_id", 0, "listing eligible records" },
    [SRQ_RET_HELD] = {
        "SELECT r.record_id, r.category, r.owner, r.title, r.expires_on, r.hold_id, h.reason, h.placed_on,"
        " r.status FROM record_status r LEFT JOIN hold h ON h.hold_id = r.hold_id"
        " WHERE r.hold_id IS NOT NULL AND r.hold_id <> '' ORDER BY r.record_id", 0, "listing records under hold" },
    [SRQ_RET_UPCOMING] = {
        "SELECT record_id, category, owner, title, trigger_on, expires_on, disposition FROM record_status"
        " WHERE status = 'active' AND expires_on > ?1 AND expires_on <= ?2 ORDER BY expires_on, record_id",
        2, "listing records that become eligible soon" },
    /* overdue loans as the retention engine judged them (its findings),
     * with the loan row they rest on */
    [SRQ_RET_LOANS] = {
        "SELECT b.loan_id, b.item_type, b.item_id, b.borrower, e.name, b.external, b.approved_by,"
        " " STORE_SQL_DATETIME("b.out_at") ", " STORE_SQL_DATETIME("b.returned_at") ","
        " b.purpose, f.date, f.article, f.sources, "
        DEPT_HEADS("e.dept", "?1", "f.date") " FROM finding f"
        " JOIN borrowing_data b ON b.loan_id = f.subject_id"
        " LEFT JOIN employee_data e ON e.employee_id = b.borrower"
        " WHERE f.subject_kind = 'loan' AND f.rule IN ('key_loan_overdue', 'archive_loan_overdue')"
        " ORDER BY b.out_at, b.loan_id", 1, "reading overdue loans" },
    [SRQ_RET_LOAN_FINDINGS] = {
        "SELECT f.id, f.rule, f.article, f.subject_id, f.date, f.detail, f.sources, b.borrower, e.name, "
        DEPT_HEADS("e.dept", "?1", "f.date") " FROM finding f"
        " LEFT JOIN borrowing_data b ON b.loan_id = f.subject_id"
        " LEFT JOIN employee_data e ON e.employee_id = b.borrower"
        " WHERE f.subject_kind = 'loan' AND f.rule NOT IN ('key_loan_overdue', 'archive_loan_overdue')"
        " ORDER BY f.date, f.id", 1, "reading custody findings" },
    [SRQ_REG_BATCH] = {
        "SELECT batch_id, state, category, as_of, prepared_by, prepared_at, reviewed_by, approved_by,"
        " approved_at, witnesses, executed_at, bundle_path, bundle_sha256, rechecked_by FROM purge_batch"
        " WHERE batch_id = ?1", 1,
        "reading a purge batch" },
    [SRQ_REG_LATEST] = {
        "SELECT batch_id FROM purge_batch ORDER BY prepared_at DESC, batch_id DESC LIMIT 1", 0,
        "finding the latest purge batch" },
    [SRQ_REG_ITEMS] = {
        "SELECT record_id, category, title, owner, trigger_on, expires_on, disposition, status, note"
        " FROM purge_item WHERE batch_id = ?1 ORDER BY record_id", 1, "reading a batch's items" },
    [SRQ_REG_PEOPLE] = {
        "WITH b AS (SELECT * FROM purge_batch WHERE batch_id = ?1),"
        " plan AS (SELECT coalesce(min(seq), 0) AS s FROM audit WHERE action = 'purge_plan'"
        "  AND json_valid(detail) AND json_extract(detail, '$.batch') = ?1),"
        " p(ord, duty, id) AS (SELECT 1, 'preparer', prepared_by FROM b UNION ALL SELECT 2, 'reviewer', reviewed_by"
        "  FROM b WHERE reviewed_by IS NOT NULL UNION ALL SELECT 3, 'approver', approved_by FROM b"
        "  WHERE approved_by IS NOT NULL UNION ALL SELECT 4, 'rechecker', rechecked_by FROM b"
        "  WHERE rechecked_by IS NOT NULL UNION ALL SELECT 5 + j.key, 'witness', j.value FROM b,"
        "  json_each('[\"' || replace(b.witnesses, ' ', '\",\"') || '\"]') j WHERE b.witnesses IS NOT NULL),"
        " r AS (SELECT p.ord, p.duty, p.id, (SELECT h.seq FROM role_history h, plan WHERE h.employee_id = p.id"
        "  AND h.audit_seq < plan.s ORDER BY h.seq DESC LIMIT 1) AS hseq FROM p)"
        " SELECT r.duty, r.id, h.name, h.role, h.src_file || coalesce('[' || h.src_sheet || ']', ''), h.ingested_at,"
        "  EXISTS (SELECT 1 FROM audit a"
        "  WHERE a.seq = h.audit_seq AND a.action = 'role' AND json_valid(a.detail)"
        "  AND json_extract(a.detail, '$.history') = h.seq AND json_extract(a.detail, '$.role') = h.role"
        "  AND json_extract(a.detail, '$.employee') = h.employee_id)"
        " FROM r LEFT JOIN role_history h ON h.seq = r.hseq ORDER BY r.ord", 1,
        "reading a batch's people" },
    [SRQ_EMPLOYEE] = {
        "SELECT name, role, dept FROM employee_data WHERE employee_id = ?1", 1, "reading an employee" },
    [SRQ_RUN_CHECK] = {
        "SELECT as_of, policy, policy_sha256, findings, obligations FROM check_run WHERE id = 1", 0,
        "reading the last check" },
    /* the files the nightly runs of as-of days in [from, to] read: each
     * night's last run_files audit entry (run.c writes it before the
     * reports), each file once, described by its source row */
#define RUN_FILES \
        "WITH e AS (SELECT json_extract(detail, '$.as_of') AS d, max(seq) AS seq FROM audit" \
        "  WHERE action = 'run_files' AND json_valid(detail)" \
        "  AND json_extract(detail, '$.as_of') BETWEEN ?1 AND ?2 GROUP BY 1)," \
        " rf AS (SELECT e.d AS d, j.key AS k, json_extract(j.value, '$.path') AS path," \
        "  json_extract(j.value, '$.sha256') AS sha FROM e JOIN audit a ON a.seq = e.seq," \
        "  json_each(a.detail, '$.files') j)," \
        " f AS (SELECT path, sha, min(d || printf('%08d', k)) AS o FROM rf" \
        "  GROUP BY CASE WHEN sha = '' THEN 'path:' || path ELSE sha END)"
    [SRQ_RUN_SOURCES] = {
        RUN_FILES
        " SELECT f.path, s.kind, s.format, s.encoding, s.ingested_at, s.rows_stored, s.rows_rejected,"
        " s.rows_replaced, f.sha, (SELECT r.message FROM reject r WHERE r.src_sha256 = f.sha AND r.line = 0"
        "  ORDER BY r.id DESC LIMIT 1)"
        " FROM f LEFT JOIN source s ON s.sha256 = f.sha AND f.sha <> '' ORDER BY f.o", 2,
        "listing the files of the nightly runs" },
    [SRQ_RUN_REJECTS] = {
        RUN_FILES
        " SELECT r.file, r.line, r.field, r.value, r.message FROM reject r"
        " WHERE r.src_sha256 IN (SELECT sha FROM f WHERE sha <> '') ORDER BY r.id", 2,
        "listing the rejects of the nightly runs" },
    [SRQ_FINDINGS_BY_RULE] = {
        "SELECT rule, article, COUNT(*), SUM(amount_fen), MIN(quote), MIN(assumed) FROM finding"
        " WHERE date BETWEEN ?1 AND ?2 GROUP BY rule, article ORDER BY rule, article", 2,
        "counting findings by rule" },
#define LIST_DEPT "CASE f.subject_kind WHEN 'employee' THEN COALESCE(e.dept,'') " \
                  "WHEN 'department' THEN f.subject_id ELSE '' END"
    [SRQ_LIST_FINDINGS] = {
        "SELECT f.date, f.rule, f.article, f.subject_kind, f.subject_id, COALESCE(e.name,''), " LIST_DEPT ","
        " f.sanction, f.amount_fen, f.detail FROM finding f"
        " LEFT JOIN employee_data e ON f.subject_kind = 'employee' AND e.employee_id = f.subject_id"
        " WHERE f.date BETWEEN ?1 AND ?2 AND (?3 = '' OR f.rule = ?3) AND (?4 = '' OR " LIST_DEPT " = ?4)"
        " AND (?5 = '' OR (f.subject_kind = 'employee' AND f.subject_id = ?5))"
        " ORDER BY f.date, f.rule, f.subject_id, f.id", 5, "listing findings" },
    [SRQ_LIST_REJECTS] = {
        "SELECT s.ingested_at, r.file, r.line, r.field, r.value, r.message, COALESCE(rs.file, '') FROM reject r"
        " LEFT JOIN source s ON s.sha256 = r.src_sha256 LEFT JOIN source rs ON rs.sha256 = r.resolved_by"
        " WHERE substr(s.ingested_at, 1, 10) BETWEEN ?1 AND ?2"
        " OR (s.id IS NULL AND ?1 = '0000-01-01' AND ?2 = '9999-12-31') ORDER BY r.id", 2, "listing rejects" },
    [SRQ_REJECTS_STANDING] = {
        "SELECT MIN(file), src_sha256, count(*) FROM reject WHERE resolved_by IS NULL"
        " GROUP BY src_sha256 ORDER BY MIN(id)", 0, "listing standing rejects" },
    [SRQ_APPX_FINDINGS] = { APPX("finding", "subject_kind IN ('employee','department') AND date BETWEEN ?1 AND ?2"),
                            2, "listing the citations of the findings" },
    [SRQ_APPX_OBLIGATIONS] = { APPX("obligation", "substr(due_at, 1, 10) BETWEEN ?1 AND ?2"), 2,
                               "listing the citations of the obligations" },
    [SRQ_APPX_CUSTODY] = { APPX("finding", "subject_kind = 'loan'"), 0,
                           "listing the citations of the custody findings" },
    [SRQ_PURGED_SINCE] = {
        "SELECT count(*), COALESCE(group_concat(DISTINCT batch_id), '') FROM tombstone"
        " WHERE substr(disposed_at, 1, 10) > ?1", 1, "counting records disposed of since" },
};

#define MAX_COLS 24   /* the widest query above has 17 columns */

int store_report_query(store *st, store_rq q, const char *const *params, int nparams,
                       store_report_row_fn fn, void *ctx, kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    int rc = -1;
    if ((int)q < 0 || q >= SRQ_COUNT || !RQ[q].sql)
        return kerr_set(e, EXIT_SOFTWARE, "report query %d does not exist", (int)q);
    if (nparams != RQ[q].nparams)
        return kerr_set(e, EXIT_SOFTWARE, "report query '%s' takes %d parameters, not %d", RQ[q].what,
                        RQ[q].nparams, nparams);
    if (sqlite3_prepare_v2(db, RQ[q].sql, -1, &s, NULL) != SQLITE_OK) goto dberr;
    for (int i = 0; i < nparams; i++)
        if (sqlite3_bind_text(s, i + 1, params[i], -1, SQLITE_STATIC) != SQLITE_OK) goto dberr;
    int ncol = sqlite3_column_count(s);
    if (ncol > MAX_COLS) {
        kerr_set(e, EXIT_SOFTWARE, "report query '%s' has %d columns", RQ[q].what, ncol);
        goto out;
    }
    const char *cols[MAX_COLS];
    for (;;) {
        int r = sqlite3_step(s);
        if (r == SQLITE_DONE) break;
        if (r != SQLITE_ROW) goto dberr;
        for (int i = 0; i < ncol; i++) cols[i] = (const char *)sqlite3_column_text(s, i);
        if (fn(ctx, ncol, cols)) break;
    }
    rc = 0;
    goto out;
dberr:;
    const char *path = sqlite3_db_filename(db, "main");
    kerr_set(e, EXIT_SOFTWARE, "%s: %s: %s", path && *path ? path : "database", RQ[q].what, sqlite3_errmsg(db));
out:
    sqlite3_finalize(s);
    return rc;
}

/* ---- provenance of a row (store_srcq) ---- */

/* One lookup per record kind: the provenance columns of its view, read from
 * the _data table by rowid (the views' own expressions: the sheet packed
 * above the line, schema.sql). */
#define SRC_SQL(K) \
    "SELECT s.file, d.src_line & 4294967295, sh.name FROM " K "_data d JOIN source s ON s.id = d.src_id" \
    " LEFT JOIN sheet sh ON sh.id = d.src_line >> 32 WHERE d.rowid = ?1"
static const char *const SRC_KINDS[] = { "employee", "attendance", "leave", "meeting", "meeting_attendance",
                                         "report_submission", "incident", "customer", "service_event",
                                         "callback", "archive_record", "hold", "borrowing", "punch" };
static const char *const SRC_SQLS[] = { SRC_SQL("employee"), SRC_SQL("attendance"), SRC_SQL("leave"),
                                        SRC_SQL("meeting"), SRC_SQL("meeting_attendance"),
                                        SRC_SQL("report_submission"), SRC_SQL("incident"), SRC_SQL("customer"),
                                        SRC_SQL("service_event"), SRC_SQL("callback"), SRC_SQL("archive_record"),
                                        SRC_SQL("hold"), SRC_SQL("borrowing"), SRC_SQL("punch") };
#define SRC_NKINDS (sizeof SRC_KINDS / sizeof SRC_KINDS[0])

struct store_srcq {
    store *st;                          /* the store (borrowed) */
    sqlite3_stmt *s[SRC_NKINDS];        /* per kind, prepared on first use (owned) */
};

store_srcq *store_srcq_new(store *st)
{
    store_srcq *q = xcalloc(1, sizeof *q);
    q->st = st;
    return q;
}

void store_srcq_free(store_srcq *q)
{
    if (!q) return;
    for (size_t i = 0; i < SRC_NKINDS; i++) sqlite3_finalize(q->s[i]);
    free(q);
}

int store_srcq_get(store_srcq *q, const char *kind, int64_t rowid, store_src *out, kerr *e)
{
    sqlite3 *db = store_db(q->st);
    size_t k = 0;
    while (k < SRC_NKINDS && strcmp(SRC_KINDS[k], kind) != 0) k++;
    if (k == SRC_NKINDS) return 0;
    if (!q->s[k] && sqlite3_prepare_v2(db, SRC_SQLS[k], -1, &q->s[k], NULL) != SQLITE_OK) goto dberr;
    sqlite3_stmt *s = q->s[k];
    sqlite3_reset(s);
    if (sqlite3_bind_int64(s, 1, rowid) != SQLITE_OK) goto dberr;
    int r = sqlite3_step(s);
    if (r == SQLITE_DONE) return 0;
    if (r != SQLITE_ROW) goto dberr;
    const char *f = (const char *)sqlite3_column_text(s, 0), *sh = (const char *)sqlite3_column_text(s, 2);
    snprintf(out->file, sizeof out->file, "%s", f ? f : "");
    out->line = (long)sqlite3_column_int64(s, 1);
    snprintf(out->sheet, sizeof out->sheet, "%s", sh ? sh : "");
    sqlite3_reset(s);
    return 1;
dberr:;
    const char *path = sqlite3_db_filename(db, "main");
    return kerr_set(e, EXIT_SOFTWARE, "%s: reading where a %s row came from: %s", path && *path ? path : "database",
                    kind, sqlite3_errmsg(db));
}

int store_report_cache(store *st, int cache_size, int *old, kerr *e)
{
    sqlite3 *db = store_db(st);
    sqlite3_stmt *s = NULL;
    const char *what = "reading the page cache size";
    if (old) {
        if (sqlite3_prepare_v2(db, "PRAGMA cache_size", -1, &s, NULL) != SQLITE_OK || sqlite3_step(s) != SQLITE_ROW)
            goto dberr;
        *old = sqlite3_column_int(s, 0);
        sqlite3_finalize(s);
        s = NULL;
    }
    /* a PRAGMA takes no bound parameter: the value is an int, printed */
    char sql[48];
    snprintf(sql, sizeof sql, "PRAGMA cache_size=%d", cache_size);
    what = "setting the page cache size";
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) goto dberr;
    return 0;
dberr:;
    const char *path = sqlite3_db_filename(db, "main");
    kerr_set(e, EXIT_SOFTWARE, "%s: %s: %s", path && *path ? path : "database", what, sqlite3_errmsg(db));
    sqlite3_finalize(s);
    return -1;
}

int store_report_exec(store *st, const char *sql, kerr *e)
{
    sqlite3 *db = store_db(st);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        kerr_set(e, EXIT_SOFTWARE, "test SQL: %s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}
