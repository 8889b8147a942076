/* retain.h — the retention and custody engine of SPEC §7.3 (第一篇 档案管理,
 * 钥匙管理, 档案销毁; 第四篇 业主档案管理细则).
 *
 * retain_run is a pure function of (facts, policy, as-of day). For every
 * archive record it computes a retention status; for every loan it judges
 * custody and appends findings. Every period, trigger, disposition, role
 * and article comes from the policy (policy_retention); nothing of §7.3 is
 * written into the C code.
 *
 * Retention (one retain_status per record, facts order = record_id order):
 *   trigger_on  the category's trigger field (created_on or closed_on);
 *               FACT_NODAY when that field is empty.
 *   expires_on  trigger_on + period (policy_add_duration: years and months
 *               clamp to the month's last day, "N workdays" use the
 *               calendar); FACT_NODAY when open or permanent.
 *   status      what stops the record from being eligible, the first of:
 *               permanent the category is permanent;
 *               open      the trigger date is unknown, or the category is
 *                         not in the policy (article "(unknown category)");
 *               active    the period is not over (expires_on > as-of);
 *               held      an active hold covers the record (by record_id,
 *                         category or owner; hold rows or a standing hold of
 *                         the policy) and is the only obstacle;
 *               eligible  otherwise.
 *   hold_id     the hold that covers the record, beside any status (a
 *               permanent record under an owner's hold is "permanent" with
 *               the hold's id), "" when none.
 *   A hold row is active on day D when placed_on <= D and (no lifted_on or
 *   lifted_on > D): lifted on D means free on D. A hold naming no record,
 *   category or owner covers nothing. When several holds cover a record the
 *   first in hold_id order (hold rows, then the policy's standing holds in
 *   file order) is reported; a standing hold's id is "policy:CATEGORY".
 *   newly_eligible counts eligible records whose expires_on is the as-of day
 *   itself (they became eligible during the day the nightly run judges:
 *   expiry in (as-of - 1 day, as-of]).
 *
 * Custody findings (subject_kind "loan", subject_id the loan_id; sanction
 * none, amount 0 — the regulations set custody standards, not penalties;
 * each cites its borrowing row, and the record's row when it names one):
 *   key_loan_overdue      a key not back by the deadline: with the policy's
 *                         same-day rule, the end of the day it went out
 *                         (23:59:59); otherwise out_at + within. Returned
 *                         after the deadline, or not returned and the
 *                         deadline's day is before the as-of day (still out:
 *                         a key out on the as-of day is judged the next day,
 *                         as the export of that day may not hold its return
 *                         yet). Dated on the deadline's day.
 *   archive_loan_overdue  the same for archives (default within P7D).
 *   external_loan_unapproved
 *                         an external borrower without an approver, or with
 *                         an approver who is not an employee or whose role is
 *                         not ret.external_role (dated on the out day).
 *   confidential_loan     an archive loan of a confidential record while the
 *                         policy says confidential records are not lendable.
 *   The loan rules of issue 11, each only when the policy has its element,
 *   each with the policy's sanction (none, or a warning of amount 0) and a
 *   detail that ends with who must act (the borrower, and the employee of
 *   ret.copy.role in the borrower's department — for an outside borrower,
 *   the approver's):
 *   archive_loan_unapproved  a staff archive loan whose approver is missing,
 *                         not an employee, or not of ret.staff_archive.role
 *                         (the employee list's role: no role by day is
 *                         stored). Dated on the out day.
 *   archive_loan_at_leaving  an archive out with an employee who has a
 *                         left_on, gone out by the end of that day and not
 *                         back by it (not back by the as-of day counts as
 *                         not back); judged once the day is within as-of,
 *                         dated on it; cites the employee row.
 *   archive_copy_unsigned a staff loan with action copy or take_away whose
 *                         signed_by is missing, not an employee, or not of
 *                         ret.copy.role. Dated on the out day.
 *   key_loan_no_purpose   a staff key loan whose purpose is empty or blank.
 *   key_loan_external_unsigned
 *                         an outside key loan whose approved_by (the
 *                         signer) is missing, not an employee, or not of
 *                         ret.external_key.role; with this rule on,
 *                         external_loan_unapproved judges archives only.
 *   retention_unknown_category
 *                         subject "record": a record whose category the
 *                         policy does not declare (it stays open until the
 *                         policy says what to do with it), dated on as-of.
 * Time model (as in visits.h): as of D means the end of day D; a loan that
 * went out after the end of the as-of day, or a return after it, has not
 * happened yet. Deadlines are inclusive (returned at 23:59:59 of the out
 * day is on time). */
#ifndef KEFU_RETAIN_H
#define KEFU_RETAIN_H

#include <stddef.h>
#include <stdint.h>

#include "facts.h"
#include "util.h"

struct policy;
struct policy_category;

/* A record's retention status (the CHECK values of the retention table). */
typedef enum retain_state {
    RETAIN_ACTIVE,       /* within its period */
    RETAIN_ELIGIBLE,     /* period over, no active hold: may be purged */
    RETAIN_HELD,         /* period over, but under an active hold */
    RETAIN_OPEN,         /* trigger date unknown (or category unknown) */
    RETAIN_PERMANENT,    /* permanent category */
    RETAIN_NSTATES
} retain_state;

#define RETAIN_HOLD_ID_MAX 80    /* hold ids are <= 64 bytes; "policy:" + a category code */

/* The retention of one record. Strings are borrowed from the facts and the
 * policy given to retain_run: valid while both live. */
typedef struct retain_status {
    int record;                  /* index into facts.record */
    retain_state state;          /* status */
    int32_t trigger_on;          /* trigger date, or FACT_NODAY */
    int32_t expires_on;          /* trigger + period, or FACT_NODAY (open, permanent) */
    int disposition;             /* policy_disposition of the category, -1 when permanent or unknown */
    const struct policy_category *cat; /* the record's category, NULL when unknown */
    const char *article;         /* the category's article ("(unknown category)" when unknown) */
    char hold_id[RETAIN_HOLD_ID_MAX]; /* the active hold covering the record, whatever
                                    its status, else "" */
    const char *hold_reason;     /* its reason, else NULL */
} retain_status;

/* What retain_run computed. */
typedef struct retain_result {
    retain_status *v;            /* one per record, facts.record order (owned) */
    size_t n;                    /* entries (= facts.nrecord) */
    long count[RETAIN_NSTATES];  /* records per status */
    long newly_eligible;         /* eligible records whose expiry is the as-of day */
    int32_t as_of;               /* the day judged */
} retain_result;

/* Computes the retention status of every record and appends the custody
 * findings to fnd (the caller sorts them with finding_list_sort). `out` is
 * overwritten; free it with retain_result_free. Returns 0, or -1 with e set
 * (EXIT_DATAERR) when the policy lacks what the engine needs. */
int retain_run(const facts *f, const struct policy *p, int32_t as_of, retain_result *out,
               finding_list *fnd, kerr *e);
void retain_result_free(retain_result *r);  /* NULL ok; leaves it zeroed */

/* "active", "eligible", "held", "open", "permanent". */
const char *retain_state_name(retain_state s);
/* "destroy", "transfer", or NULL for -1. */
const char *retain_disposition_name(int disposition);

/* Judges one record alone (what purge execute re-checks): the same rules
 * as retain_run for facts.record[rec]. Strings borrowed as above. */
void retain_judge(const facts *f, const struct policy *p, int32_t as_of, int rec, retain_status *out);

#endif
