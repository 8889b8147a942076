/* punch.h — pairing punches with the roster (issue 14; README "Punch logs").
 *
 * A punch log (kind punch) has one row per clock event; the attendance
 * roster has one row per scheduled shift. At check time, before the
 * attendance rules run, punch_pair gives every shift whose clock_in or
 * clock_out is empty the punch the rule below picks, and reports the
 * punches that belong to no shift. Nothing is stored: a roster ingested
 * later re-pairs them on the next check.
 *
 * The rule, with the windows of the policy's <punch-pairing>:
 *  1. An employee's punches within `duplicate` of the first of them are one
 *     clock event, at the first one's instant.
 *  2. Each shift has two anchors: its start, whose window runs from
 *     `outside` before to `inside` after it, and its end (the next day for
 *     an overnight shift), from `inside` before to `outside` after.
 *  3. Each clock event goes to the nearest anchor whose window holds it; at
 *     equal distance the earlier anchor, and at the same instant the end of
 *     one shift before the start of the next.
 *  4. A shift's clock-in is the earliest event of its start anchor, its
 *     clock-out the latest of its end anchor. A clock time the attendance
 *     row already holds wins: the punches go to its anchor all the same.
 *  5. An event in no window but between a shift's start and end (a lunch
 *     punch) is inside that shift and unused. Any other event belongs to no
 *     shift: a warning finding (punch_unpaired, amount 0) per employee and
 *     day names them; punches after the as-of day wait for their roster.
 *  With no <punch-pairing> in the policy nothing is paired, and every day
 *  of punches is such a warning.
 *
 * Pure: facts and policy in, facts' shifts and findings out. */
#ifndef KEFU_PUNCH_H
#define KEFU_PUNCH_H

#include "facts.h"
#include "util.h"

struct policy;

/* The most shifts punch_schedule makes in one call: employees with punches
 * times the days of the log (5,000 employees for a year of working days is
 * 1.5 million); past it a roster is wanted, or the punch dates are wrong. */
#define PUNCH_MAX_GENERATED 2000000

/* Shifts from the policy's <schedule> where there is no roster (README
 * "Punch logs"). The log's days run from the first to the last day of any
 * known employee's punch (at most the as-of day; FACT_NODAY: no limit).
 * Every known employee with a punch on one of those days gets, on each of
 * them that is a working day of the calendar, within the employee's
 * hired_on..left_on, and with no attendance row of that employee dated
 * that day, a shift from the schedule's start to its end (generated = 1,
 * rowid 0). The shifts are appended to f and f->shift is sorted again by
 * (emp, start). With no <schedule> nothing is made. Returns the number
 * made; -1 with e filled (EXIT_DATAERR) past PUNCH_MAX_GENERATED, nothing
 * made. Call before punch_pair / punch_plan. */
long punch_schedule(facts *f, const struct policy *p, int32_t as_of, kerr *e);

/* What became of one punch (punch_plan). */
typedef enum punch_use {
    PUNCH_IN,          /* the clock-in of shift `shift` */
    PUNCH_OUT,         /* the clock-out of shift `shift` */
    PUNCH_DUPLICATE,   /* within `duplicate` of the event's first punch */
    PUNCH_SPARE,       /* in a window of `shift` but not the earliest (in) or latest (out) */
    PUNCH_KEPT,        /* in a window of `shift`, whose stored clock time wins */
    PUNCH_INSIDE,      /* in no window, between the start and end of `shift` */
    PUNCH_STRAY,       /* belongs to no shift (a warning) */
    PUNCH_LATER,       /* after the as-of day and in no window: not judged yet */
    PUNCH_NO_POLICY    /* the policy has no <punch-pairing> */
} punch_use;

/* Per punch (same index as facts.punch): its use and shift (an index into
 * facts.shift, or -1). */
typedef struct punch_plan_entry {
    punch_use use;     /* what it became */
    long shift;        /* the shift it went to, or -1 */
} punch_plan_entry;

/* Works out the pairing without changing anything: plan[i] for every
 * punch (facts.npunch entries, allocated by the caller), and for every
 * shift the clock times it would take (in_at/out_at: facts.nshift entries
 * each, FACT_NONE when the punches give none; may be NULL). as_of is the
 * last day judged (FACT_NODAY: every punch is judged). */
void punch_plan(const facts *f, const struct policy *p, int32_t as_of, punch_plan_entry *plan,
                int64_t *in_at, int64_t *out_at);

/* Fills the empty clock_in / clock_out of f's shifts from the punches
 * (setting in_punch / out_punch to the punch rowid) and appends a
 * punch_unpaired warning per employee and day of stray punches to out. */
void punch_pair(facts *f, const struct policy *p, int32_t as_of, finding_list *out);

/* The name of a use for `kefu inspect` ("in", "out", "duplicate", …). */
const char *punch_use_name(punch_use u);

#endif
