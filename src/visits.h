/* visits.h — the visit-coverage engine (SPEC §7.2): from the service
 * events, customers and callbacks it derives what the department owed
 * (obligations: a completion deadline, a callback after an anchor, progress
 * callbacks while a complaint is open, a callback in every recurring
 * window), judges each one against the as-of date (met, late, missed,
 * pending), and reports late and missed obligations and callbacks made in
 * quiet hours as findings. It also aggregates obligations into coverage
 * figures for `kefu check` and the visits report.
 *
 * Every deadline, field, cadence, window and article comes from the policy
 * (policy_visits); nothing of §7.2 is written into the C code.
 *
 * Time model (decisions SPEC leaves open, written down here):
 * - "As of D" means the end of day D: the horizon is D+1 00:00:00. A
 *   callback or a completion time at or after the horizon has not happened
 *   yet and is ignored; so is an event whose anchor lies at or after it
 *   (it owes nothing yet). A deadline before the horizon has passed; a
 *   deadline at or after it is in the future (pending).
 * - An event without its anchor (nor the fallback, for a deadline) owes
 *   nothing for that block: a repair never dispatched nor opened, a
 *   complaint not resolved yet (no callback owed yet). A deadline block
 *   whose completion field is empty is missed once its deadline passes.
 * - Deadlines are inclusive: done_at <= due_at is met (a callback exactly
 *   at the deadline meets it, one second later is late).
 * - Recurring windows are [start, end) in days; an obligation's due_at is
 *   the window's last second (end 00:00:00 minus one second), so that its
 *   period is the month of the window's last day and "ended on or before the
 *   as-of date" is the same test as for any other deadline.
 * - Only callbacks with a reached outcome (fact_callback.reached) meet an
 *   obligation; quiet hours are checked on every callback, whatever its
 *   outcome or channel (an unanswered call at 22:00 still disturbs).
 * - Findings: a late or missed obligation is one finding with sanction
 *   "none" (the regulation sets a service standard, not a penalty; the
 *   finding exists so that an auditor sees it), amount 0, dated on the
 *   deadline. A callback in quiet hours is one finding with sanction
 *   "warning", amount 0, subject the callback's customer.
 * - A recurring block with a by-role counts only callbacks whose staff_id
 *   is an employee holding that role now (employee.role).
 * - The valid-complaint rate (<complaint-rate>): one warning, amount 0,
 *   about the policy's department, per calendar month ended by the as-of
 *   date whose rate is not below the target; months before owed-from's
 *   first whole month are not judged (without owed-from: from the month of
 *   the first valid complaint).
 *
 * Output is deterministic: SLA blocks in policy order, subjects in id order
 * (facts are id-sorted), then along each chain or window sequence. The
 * caller sorts findings (finding_list_sort). */
#ifndef KEFU_VISITS_H
#define KEFU_VISITS_H

#include <stddef.h>
#include <stdint.h>
#include "facts.h"
#include "policy.h"
#include "util.h"

/* Hard caps on what one subject can generate (STYLE 9): a complaint open
 * for decades or a customer since 1900 must not blow up the run. 4096
 * two-day progress steps are 22 years; 4096 monthly windows are 341 years.
 * Hitting a cap adds a warning finding naming the subject. */
#define VISITS_MAX_CHAIN   4096   /* progress obligations per event and SLA */
#define VISITS_MAX_WINDOWS 4096   /* recurring windows per customer and SLA */

/* Generates and judges every obligation of every SLA block of p->vis for
 * the facts as of the end of day `as_of` (day number, value.h), appending
 * them to `obl` and the findings (late, missed, quiet hours, caps) to `fnd`.
 * Pure: the result depends only on (f, p, as_of). Returns 0; or -1 with e
 * filled (EXIT_DATAERR naming the policy line) when an SLA block asks for
 * something this engine cannot do (an unknown field, a calendar-aligned
 * window that is not whole months, a zero duration …); on failure nothing
 * is appended. Entries appended are owned by the lists. */
int visits_run(const facts *f, const policy *p, int32_t as_of, obligation_list *obl,
               finding_list *fnd, kerr *e);

/* Checks that every SLA block of p->vis is one this engine can run (the
 * checks visits_run makes first), for `kefu policy check`: returns 0, or -1
 * with e filled (EXIT_DATAERR, "SOURCE:LINE: SLA 'code': …") for the first
 * block that is not. */
int visits_check_policy(const policy *p, kerr *e);

/* One coverage row: the obligations of one rule in one month (of their
 * deadlines), or a rule's total, or the grand total. */
typedef struct visits_cov {
    char rule[40];        /* SLA code; "" in the grand-total row */
    char period[8];       /* YYYY-MM of the deadlines; "" in a total row; "?" for
                             obligations whose period is not YYYY-MM */
    long met;             /* obligations met */
    long late;            /* done after the deadline */
    long missed;          /* deadline passed, not done */
    long pending;         /* deadline after the as-of date */
    int32_t coverage_pm;  /* met ÷ (met + late + missed) in tenths of a percent
                             (per mille), rounded down (so 100 % means every
                             one was met); -1 when nothing was judged */
} visits_cov;

/* A list of coverage rows (visits_coverage). */
typedef struct visits_cov_list {
    visits_cov *v;        /* rows (owned) */
    size_t n;             /* used */
} visits_cov_list;

/* Aggregates obligations whose period lies in [from, to] ("YYYY-MM",
 * inclusive; NULL for no bound) into `out` (previous contents freed):
 * for each rule in code order, one row per month in ascending order, then
 * the rule's total row (period ""); last, the grand total (rule "",
 * period ""), present even when there are no obligations. Free with
 * visits_cov_free. `out` must be zeroed or hold an earlier result. */
void visits_coverage(const obligation_list *l, const char *from, const char *to,
                     visits_cov_list *out);
/* Coverage of counts, the one definition every output prints (issue 12):
 * met ÷ (met + late + missed) in tenths of a percent, rounded down — 14 of
 * 17 is 823 (82.3 %), never 824; 100 % only when every one was met. Pending
 * obligations are not counted. Returns -1 when nothing was judged. */
int32_t visits_coverage_pm(long met, long late, long missed);
/* Writes coverage `pm` (visits_coverage_pm) as people read it, "82.3%", into
 * out (16 bytes), or `none` when pm < 0 (nothing judged). Returns out. */
const char *visits_coverage_str(int32_t pm, char out[16], const char *none);
/* Frees the rows; accepts NULL; leaves the list empty. */
void visits_cov_free(visits_cov_list *l);

/* The valid-complaint rate (规章制度10 二、1(4) 有效投诉率), the one definition
 * every output prints: of the policy's <complaint-rate>, *valid = events of
 * its event kind recorded valid (有效投诉) and opened on days [from, to];
 * *base = customers of its customer kind on the books by `to` (since on or
 * before it, or no since). Returns the rate in tenths of a percent, rounded
 * down (visits_rate_pm), or -1 when the policy has no <complaint-rate> or
 * there are no such customers. Which customers are the denominator is the
 * pack's assumption (the text does not say): README "Figures". */
int32_t visits_complaint_rate(const facts *f, const policy *p, int32_t from, int32_t to,
                              long *valid, long *base);
/* n ÷ base in tenths of a percent, rounded down; -1 when base <= 0. */
int32_t visits_rate_pm(long n, long base);

#endif
