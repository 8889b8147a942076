/* policy.h — the department's written rules as data (SPEC §6, §7).
 *
 * A policy is one XML file validated against schemas/policy.xsd (embedded)
 * and then checked semantically (every reference resolves, codes are unique,
 * ladders have steps, ranges are ordered, durations and amounts parse,
 * holidays lie in their declared year …). Every number, deadline, role,
 * amount and article citation of SPEC §7 lives here, never in C: the rule
 * engines (fines_, visits_, retain_) read the structs below.
 *
 * The structs are plain and documented; the rule engines read them
 * directly. Everything (strings, arrays) is owned by the policy and freed by
 * policy_free. A loaded policy is immutable. Amounts are integer fen; the
 * decimals of the file (21.75 days, 20 %) are kept exact in hundredths.
 * `line` fields give the line of the element in the policy file, so that a
 * finding or a message can cite it.
 *
 * libxml2 is touched here (and in the record and template readers) only. */
#ifndef KEFU_POLICY_H
#define KEFU_POLICY_H

#include <stddef.h>
#include <stdint.h>
#include "util.h"
#include "value.h"

/* Floors on durations (issue 13: `every="PT1S"` passed policy check and
 * grew a database from 1.8 MB to 137 MB in 4 s). Any duration — a
 * deadline, a window, a cadence — is at least a minute; a cadence that
 * makes obligations again and again (a progress step, a recurring window)
 * is at least an hour, so one subject owes at most 8,760 a year. Shorter
 * is a policy error with its line. */
#define POLICY_MIN_DURATION 60     /* seconds */
#define POLICY_MIN_CADENCE  3600   /* seconds */

/* A list of strings (role codes, department codes, leave types …). */
typedef struct policy_strs {
    int n;                 /* entries */
    const char **v;        /* the strings (owned by the policy) */
} policy_strs;

/* A duration as written and as parsed (SPEC §4: ISO 8601 or "N workdays"). */
typedef struct policy_duration {
    const char *text;      /* as written in the file, e.g. "PT15M", "2 workdays" */
    val_duration d;        /* parsed; d.workdays > 0 for "N workdays" */
} policy_duration;

/* A code with its Chinese name: a role, a department. */
typedef struct policy_term {
    const char *code;      /* canonical code ("cs_chief"; departments: "客服部") */
    const char *name;      /* Chinese name ("客服主任") */
    const char *name_en;   /* English name (name-en, "Customer service chief"), or NULL */
    long line;             /* line of the element in the policy file */
} policy_term;

/* --- organisation and adoption (SPEC §6) --- */

typedef struct policy_org {
    const char *name;      /* printed on every report */
    const char *timezone;  /* IANA name (default "Asia/Shanghai"): times in the exports are
                            * wall-clock times there (SPEC §4); the as-of day is its yesterday */
    const char *currency;  /* "CNY" */
} policy_org;

/* When and how the rules were adopted and made public (劳动合同法 art. 4);
 * printed on every fines report. */
typedef struct policy_adoption {
    const char *adopted_on;   /* "YYYY-MM-DD" (canonical) */
    const char *published_on; /* "YYYY-MM-DD" (canonical) */
    const char *procedure;    /* how adopted (e.g. 职工代表大会讨论通过) */
    const char *publication;  /* how made public (公告栏公示、员工签收) */
    const char *article;      /* the law requiring it ("《劳动合同法》第四条") */
} policy_adoption;

/* --- calendar --- */

/* One holiday period or one make-up working day as written. */
typedef struct policy_holiday {
    const char *name;      /* "春节", "春节调休" */
    int32_t from, to;      /* day numbers (value.h), inclusive; from == to for one day */
    int workday;           /* 0: days off (holiday); 1: make-up working day(s) (调休上班) */
    long line;             /* line in the policy file */
} policy_holiday;

/* A year the calendar covers (one <year> element). */
typedef struct policy_year {
    int year;              /* e.g. 2026 */
    const char *source;    /* the notice it follows (国办发明电〔2024〕12号) */
    long line;             /* line in the policy file */
} policy_year;

typedef struct policy_calendar {
    unsigned rest_mask;    /* bit (1u << wd) set for each ISO weekday wd (1 Mon … 7 Sun) of weekly rest */
    int nyears;            /* entries in years */
    policy_year *years;    /* covered years, ascending */
    int nperiods;          /* entries in periods */
    policy_holiday *periods; /* holidays and make-up days as written, file order */
    int noff;              /* entries in off */
    int32_t *off;          /* sorted day numbers of all holiday days off */
    int nwork;             /* entries in work */
    int32_t *work;         /* sorted day numbers of all make-up working days */
} policy_calendar;

/* --- pay (SPEC §6, §7.1 item 9) --- */

typedef struct policy_pay {
    int64_t days_per_month_x100; /* daily-rate divisor in hundredths: 2175 = 21.75 */
    const char *days_article;    /* 人社部发〔2025〕2号 */
    int32_t warning_bp;          /* monthly fines+deductions warning line, hundredths of a
                                    percent of the monthly wage: 2000 = 20 % */
    const char *warning_article; /* 《工资支付暂行规定》第十六条 */
    int64_t minimum_wage_fen;    /* local monthly minimum wage, fen */
    const char *minimum_wage_article; /* where the figure comes from */
    long line;                   /* line of <pay> */
} policy_pay;

/* --- §7.1 attendance and fines --- */

/* One row of the leave approval matrix; the first matching row decides. */
typedef struct policy_leave_rule {
    policy_strs requester_roles; /* requester's role codes it applies to; n == 0: any role */
    policy_strs types;           /* leave type codes (SPEC §3) it applies to; n == 0: any type */
    int min_days;                /* length in calendar days (start and end included) at least; 0: no bound */
    int max_days;                /* at most; 0: no bound */
    policy_strs approvers;       /* role codes that may approve */
    policy_strs same_dept;       /* of those, the roles that must be in the requester's department */
    const char *article;         /* 第一篇 第三十条 */
    long line;                   /* line in the policy file */
} policy_leave_rule;

/* A leave type that needs a hospital certificate (sick leave). */
typedef struct policy_certificate {
    const char *type;            /* leave type code */
    const char *article;         /* 第一篇 第三十四条 */
    long line;                   /* line in the policy file */
} policy_certificate;

/* How an absence run of length L is costed (SPEC §7.1 item 5), with
 * D = (W + B) × 100 / days_per_month_x100, W = wage, B = bonus. */
typedef enum policy_tier_kind {
    POLICY_TIER_PER_DAY,         /* k × L × D */
    POLICY_TIER_FRACTION,        /* (W + B) × num / den */
    POLICY_TIER_WAGE_PLUS_BONUS  /* W + k × B */
} policy_tier_kind;

typedef struct policy_tier {
    int min_len;                 /* shortest run this tier covers (>= 1) */
    int max_len;                 /* longest run; 0: no upper bound (last tier) */
    policy_tier_kind kind;       /* formula */
    int k;                       /* PER_DAY: multiple; WAGE_PLUS_BONUS: bonus multiple */
    int num, den;                /* FRACTION: numerator and denominator (den > 0) */
    long line;                   /* line in the policy file */
} policy_tier;

typedef struct policy_attendance {
    int grace_minutes;           /* clock-in later than start + grace is late */
    const char *late_article;    /* article for late / early occurrences */
    int occurrences_per_day;     /* every n-th occurrence in a month is an absence day (3);
                                    0 when the policy fines each occurrence instead */
    int64_t occurrence_fen;      /* each late or early occurrence is fined this much (the
                                    hospital's 10 yuan per breach); 0 when counted into
                                    absence days instead */
    const char *occurrences_article; /* 第一篇 第三十三条 */
    int ntiers;                  /* entries in tiers */
    policy_tier *tiers;          /* absence-run ladder, ascending, contiguous from 1 */
    const char *absence_article; /* 第一篇 第三十一条 */
    int dismiss_consecutive;     /* a run this long adds a dismissal finding (15) */
    int dismiss_per_year;        /* the n-th absence day in a calendar year does too (30) */
    const char *dismiss_wording; /* "meets the regulation's dismissal threshold — for HR review" */
    const char *dismiss_article; /* article of the threshold */
    long line;                   /* line of <attendance> */
} policy_attendance;

/* How punches become a shift's clock-in and clock-out (punch.c; README
 * "Punch logs"). The regulations give no number for any of these: the
 * packs mark them assumed. */
typedef struct policy_punch {
    int64_t outside;             /* seconds a punch may lie before a shift's start or after its end */
    int64_t inside;              /* seconds a punch may lie after the start or before the end */
    int64_t duplicate;           /* punches of one employee within this of the first of them are
                                    one clock event */
    const char *article;         /* citation of the pairing's warnings */
    long line;                   /* line of <punch-pairing>; 0 when the policy has none (punches
                                    are then not paired) */
} policy_punch;

/* The organisation's working hours, from which shifts are generated where
 * a department gives no roster (punch.h punch_schedule; README "Punch
 * logs"). The working days are the calendar's. */
typedef struct policy_schedule {
    int32_t start;               /* seconds after midnight the working day starts */
    int32_t end;                 /* seconds after midnight it ends; at or before start: the next day */
    const char *article;         /* citation of the warnings judged against it */
    long line;                   /* line of <schedule>; 0 when the policy has none (no shift is
                                    generated) */
} policy_schedule;

/* Meeting cases (SPEC §7.1 item 6), the index into policy_meetings.fine. */
typedef enum policy_meeting_case {
    POLICY_MEET_ABSENT,          /* expected, not arrived, not excused */
    POLICY_MEET_LATE,            /* arrived after the start */
    POLICY_MEET_LEFT_EARLY,      /* left before the end */
    POLICY_MEET_DISRUPTION,      /* disrupted the meeting */
    POLICY_MEET_NCASES
} policy_meeting_case;

typedef struct policy_meeting_fine {
    int64_t fen;                 /* amount */
    const char *article;         /* 第二篇 会议制度 … */
    long line;                   /* line in the policy file; 0 when not declared */
} policy_meeting_fine;

typedef struct policy_meetings {
    policy_meeting_fine fine[POLICY_MEET_NCASES]; /* one per case; all four are required */
} policy_meetings;

/* When a required meeting falls due (policy_required_meeting.on). */
typedef enum policy_meet_on {
    POLICY_MEET_ON_WORKDAYS,     /* every working day of the calendar ("每天") */
    POLICY_MEET_ON_WEEKLY,       /* one ISO weekday each week, when that day is a working day */
    POLICY_MEET_ON_WEEK,         /* once in each ISO week, any day ("每周一次"); only full weeks
                                    inside the department's data are owed */
    POLICY_MEET_ON_MONTHLY       /* the last such ISO weekday of the month (often a rest day),
                                    moved to the next working day when a public holiday, as
                                    the monthly report's meeting day */
} policy_meet_on;

/* A meeting a department must hold (<required-meetings>, issue 11): a day
 * it falls due on with no meeting record of `type` that day is a
 * department warning (meeting_not_held). Meeting records carry no
 * department, so any meeting of the type that day counts for it. */
typedef struct policy_required_meeting {
    const char *type;            /* meeting type code (kinds.c meeting_type: morning, weekly …) */
    const char *dept;            /* department that must hold it: the finding's subject */
    policy_meet_on on;           /* which days */
    int weekday;                 /* WEEKLY, MONTHLY: ISO weekday (1 Mon … 7 Sun); else 0 */
    int32_t start_tod, end_tod;  /* the time the text gives, seconds since midnight (printed in
                                    the detail; a record at another time still counts); -1 none */
    const char *article;         /* citation */
    long line;                   /* line in the policy file */
} policy_required_meeting;

/* Report deadlines (SPEC §7.1 item 7). A deadline that falls on a day off
 * moves to the same time of the next working day (policy_next_workday). */
typedef struct policy_reports {
    int weekly_due_weekday;      /* ISO weekday of the week after the reported week (1 = Monday) */
    int32_t weekly_due_tod;      /* time of day, seconds since midnight (09:00 = 32400) */
    int64_t weekly_fen;          /* late or missing weekly report */
    const char *weekly_article;  /* 第二篇 报表制度 */
    long weekly_line;            /* line in the policy file */
    int monthly_meeting_weekday; /* the monthly meeting is the last such ISO weekday of the
                                    month (6 = Saturday), moved to the next working day when a
                                    day off; the report is due by the end of the day before */
    int64_t monthly_fen;         /* late or missing monthly report */
    const char *monthly_article; /* 第二篇 报表制度 */
    long monthly_line;           /* line in the policy file */
    policy_strs depts;           /* department codes that owe reports */
} policy_reports;

/* Incident ladders (SPEC §7.1 item 8). */
typedef enum policy_step_kind {
    POLICY_STEP_WARNING,         /* a warning, no amount */
    POLICY_STEP_FINE,            /* a fixed amount (fen) */
    POLICY_STEP_RANGE,           /* the incident's amount must lie in [min_fen, max_fen] */
    POLICY_STEP_DISMISSAL,       /* meets the dismissal threshold — for HR review */
    POLICY_STEP_ABSENCE_DAY      /* the day counts as one absence day, costed by the
                                    absence ladder as a run of 1 (第一篇 第三十二条) */
} policy_step_kind;

/* Whether a FINE or RANGE step also carries a dismissal (club 8–10). */
typedef enum policy_step_dismissal {
    POLICY_DISMISS_NONE,         /* the step is the amount only */
    POLICY_DISMISS_AND,          /* the amount AND dismissal (罚…,并开除) */
    POLICY_DISMISS_OR            /* the amount OR dismissal (罚…或开除): an incident recorded
                                    without an amount is the dismissal chosen */
} policy_step_dismissal;

typedef struct policy_step {
    policy_step_kind kind;       /* what the n-th occurrence gets */
    int64_t fen;                 /* FINE: the amount */
    int64_t min_fen, max_fen;    /* RANGE: bounds, inclusive */
    int or_monthly_wage;         /* RANGE: 1 when the employee's whole monthly wage is the
                                    alternative amount (…或扣除所有工资) */
    policy_step_dismissal dismissal; /* FINE, RANGE: dismissal with the amount */
    long line;                   /* line in the policy file */
} policy_step;

/* The window over which occurrences are counted. */
typedef enum policy_window {
    POLICY_WINDOW_MONTH,         /* calendar month (the default) */
    POLICY_WINDOW_QUARTER,       /* calendar quarter */
    POLICY_WINDOW_YEAR,          /* calendar year */
    POLICY_WINDOW_ALL            /* never reset */
} policy_window;

typedef struct policy_offense {
    const char *code;            /* "leave_post" (what incident.offense holds) */
    const char *name;            /* "窜岗脱岗" */
    policy_window window;        /* counting window */
    int nsteps;                  /* entries in steps (>= 1) */
    policy_step *steps;          /* n-th occurrence gets steps[min(n, nsteps) - 1] */
    const char *ladder_of;       /* code of the offence whose ladder this one shares (its
                                    steps are copied here; occurrences still count per
                                    offence), or NULL when the offence declares its own */
    const char *article;         /* citation */
    long line;                   /* line in the policy file */
} policy_offense;

/* A reward for a clean month (club 奖励1): an employee with shifts in a
 * past month, no leave in it and no finding of any rule about them in it
 * gets `fen` (the text's further condition, 工作突出, is the manager's to
 * confirm: the detail says so). */
typedef struct policy_reward {
    const char *code;            /* rule code of the finding ("reward_clean_month") */
    const char *name;            /* "当月全勤无违规奖励" */
    int64_t fen;                 /* amount paid, > 0 */
    const char *article;         /* citation */
    long line;                   /* line in the policy file; 0 when the policy has none */
} policy_reward;

/* --- §7.2 visit coverage --- */

typedef enum policy_sla_type {
    POLICY_SLA_DEADLINE,         /* field `to` within `within` after field `from` (or `fallback`) */
    POLICY_SLA_CALLBACK,         /* a reached callback within `within` after field `from` */
    POLICY_SLA_PROGRESS,         /* while open: a reached callback every `within` from `from` until `to` */
    POLICY_SLA_RECURRING         /* a reached callback in every window of the phases from `from` */
} policy_sla_type;

/* One phase of recurring windows: `count` windows of length `every`, then
 * the next phase; the last phase has count 0 and repeats. */
typedef struct policy_phase {
    policy_duration every;       /* window length (P1M, P3M …) */
    int count;                   /* windows in this phase; 0: repeats for ever (last phase) */
    long line;                   /* line in the policy file */
} policy_phase;

typedef struct policy_sla {
    const char *code;            /* rule code of the obligation ("complaint_callback"), unique */
    policy_sla_type type;        /* what is owed */
    int for_customer;            /* 0: `kind` is an event kind; 1: a customer kind */
    const char *kind;            /* event kind (repair …) or customer kind (project …) code */
    const char *from;            /* anchor field (opened_at, resolved_at, since …) */
    const char *fallback;        /* DEADLINE: anchor used when `from` is empty, or NULL */
    const char *to;              /* DEADLINE: the completion field, or several separated by spaces
                                    (the earliest one recorded counts); PROGRESS: the end field;
                                    else NULL */
    int same_day;                /* DEADLINE: within="same-day": due at the end of the anchor's
                                    calendar day (23:59:59), `within` unused */
    policy_duration within;      /* DEADLINE/CALLBACK: time allowed; PROGRESS: cadence; RECURRING: unused */
    const char *if_field;        /* CALLBACK: only events whose field … (or NULL) */
    const char *if_value;        /* … has this value (booleans as "1"/"0") */
    int align_calendar;          /* RECURRING: 0 windows anchored at `from`; 1 at calendar boundaries
                                    of the window length (month, quarter, year), the first one on or
                                    after `from` (the partial period before it is not owed) */
    int nphases;                 /* RECURRING: entries in phases */
    policy_phase *phases;        /* RECURRING: the phases in order */
    int32_t owed_from;           /* this block's own owed-from day (a yearly duty counted from the
                                    first whole year), or INT32_MIN: the <visits> one */
    const char *by_role;         /* RECURRING: only callbacks whose staff_id is an employee holding
                                    this role count (办公室主任 …), or NULL: any reached callback */
    int32_t target_bp;           /* target coverage, hundredths of a percent (10000 = 100 %) */
    const char *article;         /* citation */
    long line;                   /* line in the policy file */
} policy_sla;

/* The valid-complaint rate (规章制度10 二、1(4) 有效投诉率): valid complaints
 * (events of kind `event_kind` with valid = 1) opened in a calendar month
 * over the customers of kind `customer_kind` on the books by the month's
 * end, one figure per month (visits_complaint_rate). A month whose rate is
 * not below `below_bp` is a department warning. code == NULL: no such
 * element. */
typedef struct policy_complaint_rate {
    const char *code;            /* rule code of the finding ("valid_complaint_rate"), or NULL */
    const char *event_kind;      /* event kind counted (complaint) */
    const char *customer_kind;   /* customer kind of the denominator (household) */
    int32_t below_bp;            /* target: the rate stays below this, hundredths of a percent */
    const char *dept;            /* department the finding is about */
    const char *article;         /* citation */
    long line;                   /* line in the policy file */
} policy_complaint_rate;

/* A quiet period of the day; from > to wraps midnight (21:00–08:00). */
typedef struct policy_quiet {
    int32_t from_tod, to_tod;    /* seconds since midnight, [from, to) */
    long line;                   /* line in the policy file */
} policy_quiet;

typedef struct policy_visits {
    int32_t owed_from;           /* the day kefu's visit records begin (owed-from): events anchored
                                    and recurring windows starting before it owe nothing;
                                    INT32_MIN when not set (everything since `since` is owed) */
    int nslas;                   /* entries in slas */
    policy_sla *slas;            /* file order */
    int nquiet;                  /* entries in quiet */
    policy_quiet *quiet;         /* quiet hours: a callback inside counts but is warned about */
    const char *quiet_article;   /* 避免在客户休息时打扰客户 … */
    policy_complaint_rate crate; /* the valid-complaint rate; crate.code NULL when absent */
} policy_visits;

/* --- §7.3 retention and custody --- */

typedef enum policy_trigger {
    POLICY_TRIGGER_CREATED_ON,   /* archive_record.created_on */
    POLICY_TRIGGER_CLOSED_ON     /* archive_record.closed_on */
} policy_trigger;

typedef enum policy_disposition {
    POLICY_DISPOSE_DESTROY,      /* destroy; the bundle is the certificate (销毁清册) */
    POLICY_DISPOSE_TRANSFER      /* hand over; the bundle carries the records (移交清册) */
} policy_disposition;

typedef struct policy_category {
    const char *code;            /* "move_in" (what archive_record.category holds) */
    const char *name;            /* "入住档案" */
    const char *name_en;         /* name-en, "Move-in records", or NULL */
    int permanent;               /* 1: never eligible; period unused */
    policy_duration period;      /* retention period counted from the trigger */
    policy_trigger trigger;      /* which date field starts the period */
    policy_disposition disposition; /* what happens when eligible */
    const char *article;         /* citation */
    long line;                   /* line in the policy file */
} policy_category;

/* A hold the policy itself places on a whole category (e.g. during an
 * audit or litigation); the retention engine treats it as an active hold. */
typedef struct policy_standing_hold {
    const char *category;        /* category code */
    const char *reason;          /* why */
    const char *article;         /* citation */
    long line;                   /* line in the policy file */
} policy_standing_hold;

/* How long a borrowed item may stay out. */
typedef struct policy_loan {
    int same_day;                /* 1: must come back the day it went out; `within` unused */
    policy_duration within;      /* else: returned within this after out_at */
    const char *article;         /* citation */
    long line;                   /* line in the policy file */
} policy_loan;

/* One of the loan rules of issue 11 (<staff-archive-loan>,
 * <archive-handover>, <archive-copy>, <key-purpose>, <external-key-loan>);
 * all zero when the element is absent (the rule checks nothing). */
typedef struct policy_loan_rule {
    int on;                      /* 1 when the policy has the element */
    const char *role;            /* approver-role or head-role, NULL for the others */
    int warning;                 /* sanction: 1 warning (amount 0), 0 none */
    const char *article;         /* citation */
} policy_loan_rule;

typedef struct policy_retention {
    int ncategories;             /* entries in categories */
    policy_category *categories; /* file order */
    int nholds;                  /* entries in holds */
    policy_standing_hold *holds; /* standing holds, file order */
    policy_loan key_loan;        /* item_type key */
    policy_loan archive_loan;    /* item_type archive */
    const char *external_role;   /* an external borrower needs an approver of this role */
    const char *external_article;/* citation */
    int confidential_lendable;   /* 0: lending a confidential record is a finding */
    const char *confidential_article; /* citation */
    policy_loan_rule staff_archive;  /* a staff archive loan's approver (archive_loan_unapproved) */
    policy_loan_rule handover;   /* archives back before the borrower leaves (archive_loan_at_leaving) */
    policy_loan_rule copy;       /* copy or take-away signed by role, the department head named in
                                    every loan finding (archive_copy_unsigned) */
    policy_loan_rule key_purpose;/* a staff key loan states its purpose (key_loan_no_purpose) */
    policy_loan_rule external_key; /* an outside key borrower's signer (key_loan_external_unsigned);
                                    when on, external_role judges archive loans only */
    const char *purge_preparer;  /* role code that prepares a purge batch (cs_chief) */
    const char *purge_reviewer;  /* role code that reviews (cs_supervisor) */
    const char *purge_approver;  /* role code that approves (center_director) */
    const char *purge_rechecker; /* role code that re-checks a destruction on the spot (cs_supervisor), or
                                  * NULL when the text asks for nobody */
    int purge_min_witnesses;     /* distinct witnesses at execution (>= 2) */
    const char *purge_article;   /* citation */
    long purge_line;             /* line of <purge> */
    policy_strs hold_roles;      /* <hold-roles roles>: who may place or lift a hold;
                                    n == 0 (element absent): the purge reviewer and approver */
} policy_retention;

/* --- time off (issue 11): when leave is asked for, and rest days --- */

/* <time-off>: each rule is the pack's own (no <adopt> takes it); a rule
 * whose line is 0 is not checked. A leave without requested_at is judged
 * by neither leave rule. */
typedef struct policy_time_off {
    int ahead_days;              /* <ask-ahead days>: a leave is asked for by 23:59:59 of the day this many
                                    days before its first day (leave_late_request) */
    int64_t ahead_fen;           /* fine per late request; 0: a warning */
    const char *ahead_article;   /* its citation */
    long ahead_line;             /* line of <ask-ahead>; 0 when absent */
    int64_t notice_secs;         /* <notice within>: a leave asked for after 00:00 of its first day (an
                                    emergency) is notified within this many seconds of it
                                    (leave_late_notice) */
    int64_t notice_fen;          /* fine per late notice; 0: a warning */
    const char *notice_article;  /* its citation */
    long notice_line;            /* line of <notice>; 0 when absent */
    int rest_per_week;           /* <rest-days per-week>: days of each Monday–Sunday week with no worked
                                    shift (rest_day_missing) */
    const char *rest_article;    /* its citation */
    long rest_line;              /* line of <rest-days>; 0 when absent */
    int swap_per_month;          /* <swap-limit per-month>: shift swaps an employee may make in a
                                    calendar month (shift_swap_excess beyond) */
    const char *swap_limit_article; /* its citation */
    long swap_limit_line;        /* line of <swap-limit>; 0 when absent */
    policy_strs swap_roles;      /* <swap-report roles>: a swap is reported to an employee holding one
                                    (shift_swap_unreported otherwise) */
    const char *swap_report_article; /* its citation */
    long swap_report_line;       /* line of <swap-report>; 0 when absent */
} policy_time_off;

/* --- sign-off (issue 12) --- */

/* Who signs the fines, visits and retention reports: the roles of the
 * 制表 / 审核 / 批准 lines. All NULL when the policy has no <sign-off>. */
typedef struct policy_signoff {
    const char *prepared;        /* role code that prepares the report (制表) */
    const char *reviewed;        /* role code that reviews it (审核) */
    const char *approved;        /* role code that approves it (批准) */
    long line;                   /* line of <sign-off>; 0 when absent */
} policy_signoff;

/* --- citations (issue 11): where each rule comes from --- */

/* The rule groups a pack may take from another with <adopt>. */
typedef enum policy_group {
    POLICY_GROUP_NONE = -1,      /* an element no <adopt> can take (pay, offences, visits …) */
    POLICY_GROUP_LEAVE,          /* <leave>: approvals and certificates */
    POLICY_GROUP_ATTENDANCE,     /* <late-early> and <occurrences> */
    POLICY_GROUP_ABSENCE,        /* <absence-ladder> and <dismissal> */
    POLICY_GROUP_MEETINGS,       /* <meetings> */
    POLICY_GROUP_REPORTS,        /* <reports> */
    POLICY_NGROUPS
} policy_group;

/* One rule element's citation: every element that carries an `article`
 * (except <adoption>, which cites a law) is listed here in file order,
 * adopted ones after the pack's own. */
typedef struct policy_cite {
    const char *element;         /* element name ("offense", "callback", "fraction" …) */
    const char *code;            /* the element's rule code or case when it has one, else NULL */
    const char *article;         /* the citation, as the document numbers it */
    const char *quote;           /* the sentence it implements, verbatim, or NULL */
    const char *assumed;         /* why a number or role the document does not give was chosen, or NULL */
    policy_group group;          /* the adoptable group it belongs to */
    const char *adopted_from;    /* the pack it was adopted from, or NULL for the pack's own */
    int only;                    /* 1: quoted by findings of rule `code` alone (an element
                                    sharing its article with another rule's) */
    long line;                   /* line in the file it was written in (the adopted pack's for
                                    adopted ones) */
} policy_cite;

/* One <adopt> element. */
typedef struct policy_adopt {
    const char *pack;            /* the shipped pack's name ("landscaping") */
    policy_strs rules;           /* the groups taken ("leave attendance absence") */
    long line;                   /* line in the policy file */
} policy_adopt;

/* The whole policy. */
typedef struct policy {
    const char *source;          /* name given at load ("templates/policy/default.xml", a path) */
    policy_org org;              /* organisation */
    policy_adoption adoption;    /* adoption and publication */
    policy_calendar cal;         /* working-day calendar */
    int ndepts;                  /* entries in depts */
    policy_term *depts;          /* departments: code is what employee.dept holds */
    int nroles;                  /* entries in roles */
    policy_term *roles;          /* roles: code is what employee.role holds */
    const char *dept_head_role;  /* <roles dept-head>: the role of a department's head, who answers
                                    for its staff's missed callbacks and overdue loans; NULL: the
                                    pack names none */
    policy_pay pay;              /* pay figures and the deduction check */
    int nleave_rules;            /* entries in leave_rules */
    policy_leave_rule *leave_rules; /* approval matrix, first match decides */
    int ncertificates;           /* entries in certificates */
    policy_certificate *certificates; /* leave types needing a hospital certificate */
    policy_attendance att;       /* attendance rules */
    policy_punch punch;          /* punch pairing, or line 0 */
    policy_schedule sched;       /* the schedule shifts are generated from, or line 0 */
    policy_time_off off;         /* leave asked in time, rest days */
    policy_meetings meet;        /* meeting fines */
    policy_reports rep;          /* report deadlines */
    int nreq_meetings;           /* entries in req_meetings */
    policy_required_meeting *req_meetings; /* meetings that must be held, file order */
    int noffenses;               /* entries in offenses */
    policy_offense *offenses;    /* incident ladders, file order */
    policy_reward reward;        /* the clean-month reward, or line 0 */
    policy_visits vis;           /* §7.2 */
    policy_retention ret;        /* §7.3 */
    policy_signoff signoff;      /* who signs the reports */
    int ncites;                  /* entries in cites */
    policy_cite *cites;          /* every rule element's citation, quote and assumption */
    int nadopts;                 /* entries in adopts */
    policy_adopt *adopts;        /* <adopt> elements, file order */
    struct policy_mem *mem;      /* private: allocations to free */
    int nsubs;                   /* private: entries in subs */
    struct policy **subs;        /* private: the adopted packs, whose strings the copied rules
                                    point into; freed with this policy */
} policy;

/* Parses and checks a policy held in memory. `name` names it in messages
 * ("NAME:LINE: …"). On success returns 0 and *out (free with policy_free).
 * On failure returns -1, *out = NULL, appends EVERY problem found to
 * `problems` (may be NULL) one per line "NAME:LINE: message\n" — schema
 * problems first (then the semantic checks are skipped), else all semantic
 * problems in file order — and fills e (EXIT_DATAERR) with the first problem
 * followed by " (N problems in all)" when there are more. */
int policy_load_mem(const char *buf, size_t len, const char *name, policy **out,
                    sbuf *problems, kerr *e);
/* Reads `path` (EXIT_NOINPUT when unreadable) and loads it as above. */
int policy_load_file(const char *path, policy **out, sbuf *problems, kerr *e);
/* Loads the embedded templates/policy/default.xml. */
int policy_load_default(policy **out, sbuf *problems, kerr *e);
/* Loads a shipped pack by name ("property" — the default —, "landscaping",
 * "club" …) as policy_load_mem; EXIT_USAGE naming the shipped packs when
 * there is no such pack. */
int policy_load_pack(const char *name, policy **out, sbuf *problems, kerr *e);
/* The bytes of a shipped pack (static), or NULL when there is none by that
 * name; *len receives the length (may be NULL), *path (may be NULL) the
 * embedded file's name. */
const char *policy_pack_text(const char *name, size_t *len, const char **path);
/* Calls fn with the name of every shipped pack, the default first. */
void policy_pack_each(void (*fn)(void *ctx, const char *name), void *ctx);
/* Loads `arg` as a shipped pack's name when it is one and no file of that
 * name exists, else as a file (policy_load_file). */
int policy_load_named(const char *arg, policy **out, sbuf *problems, kerr *e);

/* Checks every quote of the policy against the document text `doc` (UTF-8;
 * whitespace, ASCII and ideographic, is ignored on both sides). Appends
 * "NAME:LINE: <element> '<article>': quote not found in DOCNAME: '…'\n"
 * to `problems` for each quote not found (a rule element with neither a
 * quote nor an assumption never loads). Returns the number of problems.
 * Adopted elements are checked in their own pack, not here. */
int policy_check_quotes(const policy *p, const char *doc, size_t len, const char *docname,
                        sbuf *problems);

/* The quotes and assumptions behind a finding's citation `article`: every
 * distinct quote of the rule elements cited so (a citation joined by "；"
 * is looked up part by part), joined by "\n", into *quote, and likewise the
 * assumptions into *assumed. When `rule` (the finding's rule code, may be
 * NULL) names some of those elements — their code or case, or their
 * element name, is the rule or ends it after a '_' (meeting_absent →
 * case "absent", report_weekly → <weekly>) — only those count. Both are
 * malloc'd strings ("" when none), freed by the caller. */
void policy_cite_texts(const policy *p, const char *article, const char *rule, char **quote, char **assumed);

/* Frees a policy; accepts NULL. */
void policy_free(policy *p);

/* The bytes of the embedded default policy (static; for `kefu policy show`);
 * *len receives the length (may be NULL). */
const char *policy_default_text(size_t *len);

/* --- vocabularies (the ingest validates FT_ROLE, FT_OFFENSE, FT_CATEGORY
 * and employee.dept with these) --- */
typedef enum policy_vocab_kind {
    POLICY_VOCAB_ROLE,
    POLICY_VOCAB_OFFENSE,
    POLICY_VOCAB_CATEGORY,
    POLICY_VOCAB_DEPT
} policy_vocab_kind;

/* Returns the canonical code (owned by the policy) for a code or a Chinese
 * name, exact match; NULL when unknown. */
const char *policy_vocab(const policy *p, policy_vocab_kind kind, const char *value);
/* Writes "code (中文), code (中文), …" for messages into out (truncated
 * with "…" when it does not fit; outsz >= 8). */
void policy_vocab_describe(const policy *p, policy_vocab_kind kind, char *out, size_t outsz);

/* 1 when a person of `role` may place or lift a hold: a role of the
 * policy's <hold-roles>, or when it names none, the purge reviewer or
 * approver. hold_roles_describe writes the roles allowed, "code (中文), …". */
int policy_may_hold(const policy *p, const char *role);
void policy_hold_roles_describe(const policy *p, char *out, size_t outsz);
/* The Chinese name of a code of that vocabulary, or NULL. */
const char *policy_vocab_name(const policy *p, policy_vocab_kind kind, const char *code);
/* The English name (name-en) of a role or category code, or NULL when the
 * pack gives none (the reports then print the code). */
const char *policy_vocab_name_en(const policy *p, policy_vocab_kind kind, const char *code);

/* Finders by canonical code; NULL when unknown. */
const policy_offense *policy_offense_find(const policy *p, const char *code);
const policy_category *policy_category_find(const policy *p, const char *code);
const policy_sla *policy_sla_find(const policy *p, const char *code);

/* --- calendar --- */

/* 1 when `day` (days since 1970-01-01, value.h) is a working day: a
 * make-up working day, or not a holiday and not a weekly rest day. Days in
 * uncovered years follow the weekly rest days only. */
int policy_is_workday(const policy *p, int32_t day);
/* 1 when the calendar declares public holidays for `year`; the CLI warns
 * when an as-of date falls in a year that is not covered. */
int policy_year_covered(const policy *p, int year);
/* The first working day on or after `day` (the day itself when it is one). */
int32_t policy_next_workday(const policy *p, int32_t day);
/* Adds n >= 0 working days to an instant (seconds, value.h): the same time
 * of day on the n-th working day after the instant's day; n == 0 returns
 * secs unchanged. */
int64_t policy_add_workdays(const policy *p, int64_t secs, int n);
/* Adds a policy duration to an instant: "N workdays" with
 * policy_add_workdays, anything else with val_add_duration. */
int64_t policy_add_duration(const policy *p, int64_t secs, const val_duration *d);

#endif
