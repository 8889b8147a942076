/* store_report.h — the store's SQL for the PDF reports (report.c, SPEC §8):
 * part of the store module (store.h), which alone touches SQLite. Each
 * report query is named by a store_rq; its SQL lives in store_report.c,
 * prepared with bound text parameters, and hands its rows to a callback as
 * text (NULL for SQL NULL; integers as decimal text). The parameters and
 * the columns of each query are listed below, in order. */
#ifndef KEFU_STORE_REPORT_H
#define KEFU_STORE_REPORT_H

#include <stdint.h>

#include "store.h"
#include "util.h"

typedef enum store_rq {
    /* (from, to) → id, dept, employee_id, name, date, rule, article, sanction,
     * amount_fen, detail, sources: employee findings dated in [from, to]
     * except the auditor's warnings (dismissal) and rewards; by dept,
     * employee, date, id. */
    SRQ_FINES_EMP,
    /* (from, to) → id, dept, date, rule, article, sanction, amount_fen,
     * detail, sources: department findings (late reports), by dept, date. */
    SRQ_FINES_DEPT,
    /* (from, to) → the same columns as SRQ_FINES_EMP for the warnings left
     * out there (dismissal findings). */
    SRQ_FINES_WARN,
    /* (from, to, warning_bp, minimum_wage_fen) → employee_id, name, dept,
     * month (YYYY-MM), total_fen, wage_fen, warn_day, min_day: the pay
     * notes, kefu's one definition of them (README "Pay notes"). For each
     * employee and calendar month touching [from, to], the fines and
     * deductions stored (sanction fine or deduction) are added up in date
     * order; warn_day is the first day the running total exceeds warning_bp
     * hundredths of a percent of the monthly wage, min_day the first day
     * the wage left falls below minimum_wage_fen (NULL when never); both
 * strict: a total of exactly the line is no note. Only
     * months with a day in [from, to] are listed; by dept, employee, month.
     * They are national pay law, not the regulations: not findings. */
    SRQ_PAY_NOTES,
    /* (from, to) → the same columns as SRQ_FINES_EMP for the rewards (sanction
     * reward), which SRQ_FINES_EMP and the totals leave out */
    SRQ_FINES_REWARDS,
    /* (from, to) → dept, amount_fen, findings: the rows of SRQ_FINES_EMP by
     * the employee's department plus those of SRQ_FINES_DEPT, summed per
     * dept — what the detail tables show (no warnings, no rewards). */
    SRQ_FINES_DEPT_TOTALS,
    /* (from, to) → rule, article, met, late, missed, pending: obligations
     * whose deadline falls in [from, to], per rule and article. */
    SRQ_VISITS_BY_RULE,
    /* (from, to) → id, rule, article, subject_kind, subject_id, customer_id,
     * customer name, phone, anchor_at, due_at, done_at, status, callback_id,
     * sources ("service_event#ROWID" or "customer#ROWID", then " callback#ROWID"
     * when a callback counted; "KIND:ID" when the subject's row is gone),
     * staff_id, staff name (the callback's staff, else the event's), heads
     * (see below): the late and missed obligations due in [from, to], by
     * rule, due_at. The third parameter, here and in SRQ_RET_LOANS and
     * SRQ_RET_LOAN_FINDINGS, is the policy's department-head role ('' for
     * none); heads lists the employees of the staff member's (borrower's)
     * department in that role, not left by the due day, as "ID name"
     * joined by ", " (NULL: none). */
    SRQ_VISITS_LIST,
    /* (from, to) → date, met, not_met (late + missed): per deadline day. */
    SRQ_VISITS_BY_DAY,
    /* () → category, status ("unchecked" without a retention row), count. */
    SRQ_RET_COUNTS,
    /* () → record_id, category, owner, title, trigger_on, expires_on,
     * disposition: eligible records, by expires_on, record_id. */
    SRQ_RET_ELIGIBLE,
    /* () → record_id, category, owner, title, expires_on, hold_id, reason,
     * placed_on, status: records an active hold covers, whatever their
     * status (held: the hold is the only obstacle), by record_id. */
    SRQ_RET_HELD,
    /* (after, until) → record_id, category, owner, title, trigger_on,
     * expires_on, disposition: active records expiring in (after, until]. */
    SRQ_RET_UPCOMING,
    /* (head_role) → loan_id, item_type, item_id, borrower, borrower name,
     * external, approved_by, out_at, returned_at, purpose, date (due),
     * article, sources, heads: the overdue loans (key_loan_overdue,
     * archive_loan_overdue findings), by out_at. */
    SRQ_RET_LOANS,
    /* (head_role) → id, rule, article, subject_id, date, detail, sources,
     * borrower, borrower name, heads: the other custody findings (subject_kind
     * 'loan', whatever their rule), by date. */
    SRQ_RET_LOAN_FINDINGS,
    /* (batch_id) → batch_id, state, category, as_of, prepared_by,
     * prepared_at, reviewed_by, approved_by, approved_at, witnesses,
     * executed_at, bundle_path, bundle_sha256, rechecked_by. */
    SRQ_REG_BATCH,
    /* () → batch_id of the most recently prepared batch. */
    SRQ_REG_LATEST,
    /* (batch_id) → record_id, category, title, owner, trigger_on, expires_on,
     * disposition, status, note: its items, by record_id. */
    SRQ_REG_ITEMS,
    /* (batch_id) → duty (preparer, reviewer, approver, rechecker, witness), employee_id,
     * name, role, src_file, ingested_at, recorded (1 when its audit entry
     * records it): each person of the batch with the role row that counted
     * when it was planned (the last one whose audit entry precedes the
     * plan's), in duty order; name and the rest NULL when there is none. */
    SRQ_REG_PEOPLE,
    /* (employee_id) → name, role, dept. */
    SRQ_EMPLOYEE,
    /* () → as_of, policy, policy_sha256, findings, obligations of the last check. */
    SRQ_RUN_CHECK,
    /* (from, to) → file, kind, format, encoding, ingested_at, rows_stored,
     * rows_rejected, rows_replaced, sha256, message: "files imported" (issue
     * 12), the export files the nightly runs of as-of days in [from, to]
     * read (the night's last 'run_files' audit entry), each file once, in
     * the order read; kind … rows_replaced NULL for a file rejected whole
     * (no source row), whose last whole-file reject message is `message`. */
    SRQ_RUN_SOURCES,
    /* (from, to) → file, line, field, value, message: "rejects", the reject
     * rows of those files (rows and whole files), by id. */
    SRQ_RUN_REJECTS,
    /* (from, to) → rule, article, findings, amount_fen, quote, assumed:
     * "findings counted" (issue 12), the findings dated in [from, to] per
     * rule and article (a rule may cite several), by rule, article. */
    SRQ_FINDINGS_BY_RULE,
    /* (from, to, rule, dept, employee; '' matches any) → date, rule,
     * article, subject_kind, subject_id, name, dept, sanction, amount_fen,
     * detail: stored findings dated in [from, to] (`kefu findings`); dept is
     * an employee's department or a department finding's subject; by date,
     * rule, subject, id. */
    SRQ_LIST_FINDINGS,
    /* (from, to) → ingested_at, file, line, field, value, message,
     * resolved_by (the replacing file's name, '' while it stands): rejects
     * of files ingested on days in [from, to], and of whole files refused
     * (ingested_at NULL) when the period is open (`kefu rejects`); by id. */
    SRQ_LIST_REJECTS,
    /* () → file, sha256, rejects: the files whose rejects still stand (not
     * resolved by a later file of the same name), by first reject. */
    SRQ_REJECTS_STANDING,
    /* (from, to) → article, quote, assumed, rules (the distinct rule codes,
     * space-separated): the citations of the employee and department
     * findings dated in [from, to] (the fines report's appendix), by
     * article, quote. */
    SRQ_APPX_FINDINGS,
    /* (from, to) → the same for the obligations due in [from, to] (visits). */
    SRQ_APPX_OBLIGATIONS,
    /* () → the same for the custody findings (retention). */
    SRQ_APPX_CUSTODY,
    /* (day) → records, batches: archive records destroyed or transferred
     * after `day` (tombstones), and their batch ids, space-separated. */
    SRQ_PURGED_SINCE,
    SRQ_COUNT
} store_rq;

/* A row: ncol columns as text (NULL for SQL NULL). Return nonzero to stop. */
typedef int (*store_report_row_fn)(void *ctx, int ncol, const char *const *cols);

/* Runs report query q with `nparams` text parameters (checked against the
 * query's count) and calls fn per row. Returns 0 (also when fn stopped
 * early), -1 with e set (EXIT_SOFTWARE naming the database and the query). */
int store_report_query(store *st, store_rq q, const char *const *params, int nparams,
                       store_report_row_fn fn, void *ctx, kerr *e);

/* Where the rows a finding rests on came from (issue 12: every finding
 * line names its source). A resolver holds one prepared statement per
 * record kind, made on first use, so a report of 100,000 findings looks up
 * each of its rows by rowid without preparing anything again. */
typedef struct store_srcq store_srcq;
/* The provenance of one row, as the kind's view gives it. */
typedef struct store_src {
    char file[512];              /* src_file, the path as given to ingest */
    long line;                   /* src_line: the CSV line, the XML <record>'s line, the sheet's row */
    char sheet[128];             /* src_sheet, "" for CSV, XML and rows stored before version 8 */
} store_src;
/* A new resolver over st (borrowed; close it before the store). */
store_srcq *store_srcq_new(store *st);
/* Looks up row `rowid` of record kind `kind` ("attendance"): 1 with *out
 * filled, 0 when the kind has no such row (purged, or replaced by a later
 * file, since the check; or a kind kefu does not know), -1 with e set. */
int store_srcq_get(store_srcq *q, const char *kind, int64_t rowid, store_src *out, kerr *e);
/* Frees q and its statements; accepts NULL. */
void store_srcq_free(store_srcq *q);

/* The page cache while a report reads, as PRAGMA cache_size takes it
 * (negative: KiB). A report reads each table page once per query, in
 * order, so a large cache buys it nothing; and SQLite's sorter (the
 * ORDER BY of the findings: a dept comes from the employee join, so no
 * index gives that order) keeps up to the same cache_size of rows in
 * memory before it spills sorted runs to a temp file. With the store's
 * 16 MiB (for ingest and check) the two grew the 100,000-finding report's
 * peak by 33 MB; 4 MiB bounds them at a constant whatever the number of
 * findings, at no measured cost in time (issue 12, BENCHMARKS.md). */
#define STORE_REPORT_CACHE (-4096)

/* Sets the connection's page cache (PRAGMA cache_size) to `cache_size`,
 * and stores the size it had in *old when `old` is not NULL, for the caller
 * to set back. Returns 0, or -1 with e set (EXIT_SOFTWARE). */
int store_report_cache(store *st, int cache_size, int *old, kerr *e);

/* TEST ONLY: runs a script of SQL statements (the unit tests and the
 * benchmark build small databases with it). Not used by kefu itself. */
int store_report_exec(store *st, const char *sql, kerr *e);

#endif
