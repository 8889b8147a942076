/* fines.h — the attendance and fines engine of SPEC §7.1 (第一篇 第二十八条–
 * 第三十四条; meetings and reports: 第二篇; incident ladders).
 *
 * fines_run is a pure function of (facts, policy, as-of day): it reads the
 * facts (facts.h) and the policy (policy.h) and appends findings. No number,
 * deadline, role, amount or article is written in the C code: each comes
 * from the policy, and each finding carries its article from the policy.
 * Same inputs give the same findings in the same order (the caller still
 * sorts them with finding_list_sort).
 *
 * Rule codes (finding.rule), subject, sanction and amount:
 *
 *   late                 employee; none, 0 (fine, att.occurrence_fen, when the
 *                        policy fines each breach: <occurrences fine=…/>, the
 *                        hospital's 10 yuan). One occurrence (SPEC §7.1 item 3):
 *                        clock-in after start + grace, or no clock-in on a
 *                        shift with a clock-out. Reported so that the auditor
 *                        sees every occurrence; the cost comes only through
 *                        absence_occurrences (第三十三条).
 *   early                employee; none, 0. Clock-out before the shift end, or
 *                        no clock-out on a shift with a clock-in.
 *   late_schedule, early_schedule, absence_schedule
 *                        employee; warning, 0. The same tests on a shift
 *                        generated from the policy's <schedule> (no roster row
 *                        that day; punch_schedule), citing the schedule; they
 *                        count towards no run, monthly count, dismissal or
 *                        reward until a roster row replaces the shift.
 *   absence_occurrences  employee; deduction. Every n-th occurrence
 *                        (att.occurrences_per_day) of one employee in one
 *                        calendar month of the shift date is one absence day,
 *                        dated on that occurrence's shift, costed as a run of 1.
 *   absence_run          employee; deduction. Absent shifts consecutive in the
 *                        employee's roster, costed by the policy tiers; dated
 *                        on the run's last day (period: that day's month).
 *   dismissal            employee; dismissal, 0. A run of at least
 *                        att.dismiss_consecutive days (dated on its last day),
 *                        or the att.dismiss_per_year-th absence day of a
 *                        calendar year (once per year, dated on that day).
 *   meeting_absent, meeting_late, meeting_left_early, meeting_disruption
 *                        employee; fine (warning when the policy amount is 0).
 *   report_weekly, report_monthly
 *                        department; fine (warning when the amount is 0).
 *                        Dated on the deadline's day.
 *   leave_late_request   employee; warning, 0 (fine when <ask-ahead fine>). A
 *                        leave whose requested_at is after 23:59:59 of the
 *                        day off.ahead_days before its first day. Dated on
 *                        its first day; rests on the leave row.
 *   leave_late_notice    employee; warning, 0 (or fine). A leave asked for
 *                        after 00:00 of its first day (an emergency) whose
 *                        requested_at is later than off.notice_secs after
 *                        it; such a leave is then not judged by ask-ahead.
 *   rest_day_missing     employee; warning, 0. A Monday–Sunday week (Sunday
 *                        on or before the as-of day) with worked shifts (a
 *                        clock-in or clock-out) on more than 7 − per-week
 *                        days; dated on the Sunday, resting on the shifts.
 *   shift_swap_excess    employee; warning, 0. A shift swap beyond
 *                        off.swap_per_month of one employee in a calendar
 *                        month (of the swap dates, in (date, swap_id) order).
 *   shift_swap_unreported employee; warning, 0. A swap whose reported_to is
 *                        empty, not an employee, or one without a role of
 *                        off.swap_roles. Both dated on the swap, resting on
 *                        its row.
 *   meeting_not_held     department; warning, 0 (the text gives no
 *                        sanction). A day a <required-meeting> of the
 *                        department falls due on, with no meeting record of
 *                        its type that day; only days from the department's
 *                        first shift to its last one, and not after the
 *                        as-of day, are owed. Dated on that day.
 *   incident             employee; the ladder step: warning (0), fine (the
 *                        step's amount, or the recorded amount of a range
 *                        step), dismissal (0), absence-day (deduction: the
 *                        absence ladder's cost of a 1-day run, 第一篇
 *                        第三十二条). A fine or range step with dismissal="and"
 *                        adds a second incident finding, the dismissal; with
 *                        "or", an incident recorded without an amount is the
 *                        dismissal. A range step with or-monthly-wage also
 *                        accepts the employee's monthly wage W exactly (扣除
 *                        所有工资), as a deduction.
 *   incident_amount_invalid
 *                        employee; none, 0. A range step whose incident has
 *                        no recorded amount or one outside [min, max].
 *   incident_unknown     employee; none, 0. An offence code the policy does
 *                        not declare (the ingest should have rejected it).
 *   <reward.code>        employee; reward, reward.fen (> 0). The policy's
 *                        clean-month reward (club 奖励1): a past month with
 *                        shifts, no leave and no other finding about the
 *                        employee, dated on its last day. Never counted in
 *                        the pay notes.
 *
 * The deduction and minimum-wage lines (pay.warning_bp, pay.minimum_wage_fen)
 * are national pay law, not the regulations: they make no finding here but
 * the pay notes computed from the stored findings (store_report.h,
 * SRQ_PAY_NOTES), shown by the fines report and the check's summary.
 *
 * Decisions where SPEC §7.1 is silent (each a choice a careful user would
 * expect; the README repeats them):
 *
 *  - Only shifts, meetings and incidents dated on or before the as-of day
 *    are judged; reports only when the deadline is at or before the end of
 *    the as-of day. A run of absences still going on at the as-of day is
 *    costed as it stands; the nightly run recomputes everything, so the
 *    finding grows (and its date moves to the new last day) as the run
 *    grows.
 *  - Shifts, leaves, meeting rows and incidents of unknown employees
 *    (emp == -1) are skipped: there is no wage or department to judge them
 *    by (the ingest rejects such rows where it can).
 *  - A shift on a valid leave is not judged at all (punches ignored).
 *  - Leave coverage is by the shift's date (an overnight shift belongs to
 *    the day it starts).
 *  - Run length and yearly counts are in days: two absent shifts of one
 *    day count once. Each occurrence-made absence day counts as one day of
 *    its year. The yearly dismissal finding is produced once per calendar
 *    year, on the day the count reaches the threshold.
 *  - Absence-run tiers: D = (W + B) × 100 / days_per_month_x100; every
 *    amount is computed exactly in integers (128-bit intermediates) and
 *    rounded half-up to the fen once.
 *  - Leave validity: the first matching approval row decides; no matching
 *    row makes the leave invalid. Checks in order: an approver is named, is
 *    not the requester, is a known employee, has an allowed role, and (for
 *    same-dept roles) is in the requester's department; then the
 *    certificate. An invalid leave is not itself a finding; an absent shift
 *    that only an invalid leave covers names it in the run's detail.
 *  - Meetings: excused exempts from the absence, late and left-early
 *    fines (the text fines only 无故 lateness, early leaving and absence),
 *    not from the disruption fine; a row with an arrival and no departure
 *    time is taken as having stayed to the end.
 *  - Reports: the owed periods start at the first full period inside the
 *    data: weeks whose Monday, and months whose first day, is on or after
 *    the earliest shift date in the facts (of any employee); or earlier,
 *    from the earliest period that department submitted. A submission
 *    exactly at the deadline is on time; one recorded after the end of the
 *    as-of day, or without a time, counts as not (yet) submitted. The
 *    weekly deadline moves to the next working day when its day is not a
 *    working day. The monthly meeting (the last rep.monthly_meeting_weekday
 *    of the month) moves only when it is a public holiday of the calendar
 *    (SPEC: "when it falls on a holiday"): it is usually held on a weekly
 *    rest day (Saturday), which must not move it; the report is due by
 *    23:59:59 of the day before the (moved) meeting.
 *  - Incidents: occurrences are ordered by (date, incident_id) within one
 *    employee, offence and window. SPEC says a range step's bad amount means
 *    "the row is rejected"; the ingest cannot know the ladder position, so
 *    the engine reports it as incident_amount_invalid (sanction none)
 *    asking for the row to be corrected, and imposes nothing; the
 *    incident still counts as an occurrence of its offence (the offence
 *    happened; only its amount is wrong). An unknown offence code counts
 *    for nothing and gets incident_unknown (article empty).
 *  - Sources (finding_cite): late/early the shift; absence_occurrences
 *    the shifts of the n occurrences; absence_run the invalid leaves it
 *    names, then its shifts; dismissal the run's shifts or the shift of
 *    the n-th day; meetings the attendance row and the meeting; a late
 *    report its submission (a missing one rests on no row); incidents
 *    their row.
 *  - Details are one line: control characters from record text (a
 *    meeting title, clipped to 60 bytes) become spaces.
 */
#ifndef KEFU_FINES_H
#define KEFU_FINES_H

#include <stdint.h>
#include "facts.h"
#include "policy.h"
#include "util.h"

/* Judges the facts against the policy as of `as_of` (a day number,
 * value.h) and appends the findings to `out` (strings owned by the list).
 * Returns 0; -1 with e filled (EXIT_SOFTWARE) only when called with no
 * facts, policy or list, or an absent as-of day. Out of memory aborts
 * (util.h). */
int fines_run(const facts *f, const policy *p, int32_t as_of, finding_list *out, kerr *e);

#endif
