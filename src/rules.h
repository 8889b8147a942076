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

typedef struct rules_result {
    finding_list findings;     /* all findings, canonical order */
    size_t nobligations;       /* obligations computed (stored in the obligation table; the
                                  list itself is freed inside rules_check with the facts it
                                  borrows from) */
    rules_rule_sum *rules;  size_t nrules;  /* by rule code, then article */
    rules_dept_sum *depts;  size_t ndepts;  /* by department code */
    rules_cov *cov;         size_t ncov;    /* by rule, period */
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

/* The summary for people (text) or machines (one JSON object). */
void rules_summary_text(const rules_result *r, sbuf *out);
void rules_summary_json(const rules_result *r, sbuf *out);

#endif
