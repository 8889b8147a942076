/* rules.h — `kefu check`: loads the facts from the store, runs every rules
 * engine (fines_ §7.1, visits_ §7.2, retain_ §7.3) as a pure function of
 * (facts, policy, as-of date), stores the findings, obligations and
 * retention statuses from scratch in one
 * transaction, and summarises them per rule, per department and per month. */
#ifndef KEFU_RULES_H
#define KEFU_RULES_H

#include "facts.h"
#include "store.h"
#include "util.h"

struct policy;

/* Totals of one rule's findings under one article ("findings counted",
 * issue 12: the stored findings per rule and article, SRQ_FINDINGS_BY_RULE,
 * the query the run report's table uses too). */
typedef struct rules_rule_sum {
    char rule[40];        /* rule code */
    char *article;        /* the article cited (owned) */
    char *quote;          /* the article's quotes, one a line (owned) */
    char *assumed;        /* its assumptions, one a line (owned) */
    long count;           /* findings */
    int64_t amount_fen;   /* sum of amounts */
} rules_rule_sum;

/* Totals of one department's findings (employees' by their department). */
typedef struct rules_dept_sum {
    char dept[64];        /* department code, "(unknown)" for unknown employees */
    long count;           /* findings */
    int64_t amount_fen;   /* sum of amounts */
    long dismissals;      /* dismissal findings */
    long warnings;        /* warning findings */
} rules_dept_sum;

/* Coverage of one SLA rule in one month (SPEC §7.2). */
typedef struct rules_cov {
    char rule[40];        /* SLA code */
    char period[8];       /* YYYY-MM of the deadlines */
    long met, late, missed, pending;  /* obligations by status */
} rules_cov;

/* One pay note (SRQ_PAY_NOTES): an employee's month whose fines and
 * deductions cross the policy's pay lines. National pay law, not the
 * regulations: a note for the auditor, never a finding. */
typedef struct rules_pay_note {
    char employee_id[64];    /* the employee */
    char month[8];           /* YYYY-MM */
    int64_t total_fen;       /* the month's fines and deductions */
    int64_t wage_fen;        /* the monthly wage */
    char warn_day[11];       /* first day over the deduction line, "" when never */
    char min_day[11];        /* first day below the minimum wage, "" when never */
} rules_pay_note;

typedef struct rules_result {
    finding_list findings;     /* all findings, canonical order */
    size_t nobligations;       /* obligations computed (stored in the obligation table; the
                                  list itself is freed inside rules_check with the facts it
                                  borrows from) */
    rules_rule_sum *rules;  size_t nrules;  /* by rule code, then article */
    rules_dept_sum *depts;  size_t ndepts;  /* by department code */
    rules_cov *cov;         size_t ncov;    /* by rule, period */
    rules_pay_note *notes;  size_t nnotes;  /* pay notes up to the as-of day, by dept, employee, month */
    char as_of[11];            /* the as-of date judged */
    int year_uncovered;        /* 1 when the as-of year is not in the policy calendar */
} rules_result;

/* Recomputes everything and stores it. policy_name and policy_sha256 are
 * recorded with the run; the audit log gets one `check` entry at `now`
 * with the digests of the findings and obligations stored (none when the
 * last entry already attests the same tables: store_audit_check). Returns
 * 0, or -1 with e filled. */
int rules_check(store *st, const struct policy *p, const char *policy_name,
                const char *policy_sha256, const char *as_of, const char *now, rules_result *r, kerr *e);
void rules_result_free(rules_result *r);  /* accepts NULL */

/* Judges the stored data as of `as_of` as a check would, for the reports
 * this connection renders next, and stores nothing (store_judge_apart):
 * a report of a past period shows the state at its end, never today's
 * under its label (issue 12). Returns 0, or -1 with e filled. */
int rules_judge_apart(store *st, const struct policy *p, const char *policy_name,
                      const char *policy_sha256, const char *as_of, kerr *e);

/* Coverage in tenths of a percent (visits_coverage_pm: met ÷ (met + late +
 * missed), rounded down), or -1 when nothing was due. */
int rules_cov_pm(const rules_cov *c);
/* One punch row read from a file by kefu inspect (values as ingest stores
 * them; strings borrowed). */
typedef struct rules_punch_row {
    const char *employee_id;  /* employee_id */
    const char *at;           /* "YYYY-MM-DD HH:MM:SS" */
    const char *device;       /* or NULL */
    long line;                /* the row's line (a workbook's sheet row) */
} rules_punch_row;

/* The punch rows of a file as inspect reads them (rules_punch_collect). */
typedef struct rules_punch_rows {
    rules_punch_row *v;       /* rows (owned, with their strings) */
    size_t n, cap;            /* used, allocated */
} rules_punch_rows;

/* An ingest_opts.row_fn: keeps a copy of every punch row in ctx (a
 * rules_punch_rows); rows of other kinds are ignored. */
void rules_punch_collect(void *ctx, const kind_def *k, const kval *v, long line);
void rules_punch_rows_free(rules_punch_rows *r);   /* accepts NULL */

/* kefu inspect on a punch log with a database: pairs the file's punches
 * (instead of the stored ones) with the stored roster as check would
 * (punch_plan, every punch judged), storing nothing, and appends what it
 * makes to out — the shifts of the file's employees on the days it
 * covers with the clock-in and clock-out each would take and where from,
 * and each punch's use — as text, or as one JSON value when json. db
 * names the database in the text. Returns 0, or -1 with e filled. */
int rules_punch_preview(store *st, const struct policy *p, const char *db, const rules_punch_row *rows,
                        size_t n, int json, sbuf *out, kerr *e);


/* The summary for people (text) or machines (one JSON object). */
void rules_summary_text(const rules_result *r, sbuf *out);
void rules_summary_json(const rules_result *r, sbuf *out);

#endif
