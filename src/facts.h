/* facts.h — the in-memory model the rules engines work on, and the finding
 * they produce.
 *
 * The rules are a pure function of (facts, policy, as-of date) (SPEC §1):
 * the store loads the facts from SQLite (store_load_facts), the engines
 * (fines_*, later visits_* and retain_*) read them and append findings, and
 * the store writes the findings back. Tests build facts directly in C
 * tables, with no database.
 *
 * Times are wall-clock seconds since 1970-01-01 (val_secs); dates are day
 * numbers (val_days). FACT_NONE marks an absent time, date or amount.
 *
 * Strings: facts built by hand (tests) own each string (xstrdup), and
 * facts_free frees them one by one; facts loaded by the store keep every
 * string in one arena (facts_str) and enumeration codes as the static codes
 * of kinds.c, and facts_free frees the arena — a million callbacks then cost
 * a few allocations, not millions. */
#ifndef KEFU_FACTS_H
#define KEFU_FACTS_H

#include <stdint.h>
#include <stddef.h>

#define FACT_NONE INT64_MIN   /* absent time / amount */
#define FACT_NODAY INT32_MIN  /* absent date */

typedef struct fact_employee {
    char *id;            /* employee_id */
    char *name;          /* 姓名 */
    char *dept;          /* department code */
    char *role;          /* role code (policy vocabulary) */
    int64_t wage_fen;    /* monthly_wage in fen */
    int64_t bonus_fen;   /* monthly_bonus in fen (0 when absent) */
    int32_t hired_on;    /* day, or FACT_NODAY */
    int32_t left_on;     /* day, or FACT_NODAY */
    int64_t rowid;       /* employee table rowid (source row) */
} fact_employee;

/* One scheduled shift (attendance row). */
typedef struct fact_shift {
    int emp;             /* index into facts.emp, -1 when the employee is unknown */
    int32_t date;        /* the shift's date */
    int64_t start, end;  /* shift start and end; end > start (overnight: next day) */
    int64_t clock_in;    /* punch, or FACT_NONE */
    int64_t clock_out;   /* punch, or FACT_NONE */
    int64_t rowid;       /* attendance rowid */
    int64_t in_punch;    /* rowid of the punch row that gave clock_in (punch_pair), 0 when the
                            attendance row held it or there is none */
    int64_t out_punch;   /* likewise for clock_out */
    int generated;       /* 1: made from the policy's <schedule> for a day with no roster row
                            (punch_schedule; rowid 0); judged as warnings only */
} fact_shift;

/* One clock event (punch row), paired with the shifts at check time. */
typedef struct fact_punch {
    char *emp_id;        /* employee_id as stored */
    int emp;             /* index into facts.emp, -1 when the employee is unknown */
    int64_t at;          /* the instant */
    char *device;        /* 打卡设备, or NULL */
    int64_t rowid;       /* punch rowid */
} fact_punch;

typedef struct fact_leave {
    char *id;            /* leave_id */
    int emp;             /* requester, index into facts.emp or -1 */
    char *type;          /* leave type code (personal, sick, …) */
    int32_t start, end;  /* first and last day, inclusive */
    char *approved_by;   /* employee_id of the approver, or NULL */
    int certificate;     /* 1 when a hospital certificate is recorded */
    int64_t rowid;       /* leave rowid */
    int64_t requested_at; /* when it was asked for (or notified), or FACT_NONE: not judged */
} fact_leave;

typedef struct fact_meeting {
    char *id;            /* meeting_id */
    char *type;          /* meeting type code */
    int32_t date;        /* day */
    int64_t start, end;  /* start and end instants */
    char *title;         /* 主题, may be NULL */
    int64_t rowid;       /* meeting rowid */
} fact_meeting;

typedef struct fact_meeting_att {
    int meeting;         /* index into facts.meeting, -1 when unknown */
    int emp;             /* index into facts.emp, -1 when unknown */
    int64_t arrived;     /* instant (on the meeting's date), or FACT_NONE */
    int64_t left;        /* instant, or FACT_NONE */
    int excused;         /* 1 when excused (已请假) */
    int disruption;      /* 1 when recorded as disrupting the meeting */
    int64_t rowid;       /* meeting_attendance rowid */
} fact_meeting_att;

typedef struct fact_report {
    char *dept;          /* department code */
    int weekly;          /* 1 weekly (period YYYY-Www), 0 monthly (YYYY-MM) */
    char *period;        /* canonical period text */
    int64_t submitted_at;/* instant, or FACT_NONE */
    int64_t rowid;       /* report_submission rowid */
} fact_report;

typedef struct fact_incident {
    char *id;            /* incident_id */
    int emp;             /* index into facts.emp or -1 */
    int32_t date;        /* day */
    char *offense;       /* offence code */
    int64_t amount_fen;  /* recorded amount, or FACT_NONE */
    int64_t rowid;       /* incident rowid */
} fact_incident;

/* --- visit coverage (SPEC §7.2) --- */

typedef struct fact_customer {
    char *id;            /* customer_id */
    char *kind;          /* customer kind code (member, household, project, lead) */
    int32_t since;       /* 起始日期 */
    int64_t rowid;       /* customer rowid */
} fact_customer;

/* Number of service_event fields (kinds.c order), for generic conditions. */
#define FACT_EVENT_NFIELDS 11

typedef struct fact_event {
    char *id;            /* event_id */
    char *kind;          /* event kind code */
    int cust;            /* index into facts.cust, -1 when unknown */
    int64_t opened_at, dispatched_at, arrived_at, resolved_at, registered_at; /* or FACT_NONE */
    char **raw;          /* NULL, or FACT_EVENT_NFIELDS fields as stored (canonical text,
                            "1"/"0" for booleans, NULL when empty or not loaded), kinds.c
                            order: only the fields SLA conditions read (facts_event_raw) */
    int valid;           /* 1 when recorded as a valid complaint (有效投诉) */
    int64_t rowid;       /* service_event rowid */
} fact_event;

typedef struct fact_callback {
    char *id;            /* callback_id */
    int event;           /* index into facts.event, -1 when none or unknown */
    int cust;            /* index into facts.cust, -1 when unknown */
    int64_t at;          /* when */
    char *channel;       /* channel code */
    char *outcome;       /* outcome code */
    char *staff_id;      /* 回访人 (employee_id as stored), or NULL */
    int reached;         /* 1 for satisfied, neutral, unsatisfied (SPEC §3) */
    int64_t rowid;       /* callback rowid */
} fact_callback;

/* --- retention and custody (SPEC §7.3) --- */

typedef struct fact_record {
    char *id;            /* record_id */
    char *category;      /* category code (policy vocabulary) */
    char *owner;         /* 业主, or NULL */
    char *title;         /* 标题 */
    int32_t created_on;  /* day */
    int32_t closed_on;   /* day, or FACT_NODAY */
    int confidential;    /* 1 when 保密 */
    char *file_sha256;   /* attachment hash, or NULL */
    int64_t rowid;       /* archive_record rowid */
} fact_record;

typedef struct fact_hold {
    char *id;            /* hold_id */
    char *record_id;     /* the record held, or NULL */
    char *category;      /* a whole category held, or NULL */
    char *owner;         /* every record of an owner held, or NULL */
    char *reason;        /* 原因 */
    int32_t placed_on;   /* day */
    int32_t lifted_on;   /* day, or FACT_NODAY (still active) */
    int64_t rowid;       /* hold rowid */
} fact_hold;

/* One shift swap (shift_swap row). */
typedef struct fact_swap {
    char *id;            /* swap_id */
    int emp;             /* the employee who swapped, index into facts.emp or -1 */
    int32_t date;        /* the day of the shift swapped */
    char *with;          /* with_employee, or NULL */
    char *reported_to;   /* employee_id it was reported to, or NULL */
    int64_t rowid;       /* shift_swap rowid */
} fact_swap;

typedef struct fact_loan {
    char *id;            /* loan_id */
    int archive;         /* 1: item_type archive; 0: key */
    char *item_id;       /* key number or record_id */
    char *borrower;      /* 借用人 */
    int external;        /* 1 when the borrower is external */
    char *approved_by;   /* employee_id, or NULL */
    int64_t out_at;      /* instant */
    int64_t returned_at; /* instant, or FACT_NONE */
    char *purpose;       /* 用途, or NULL */
    char *action;        /* "read", "copy", "take_away" (借阅方式), or NULL when not stated */
    char *signed_by;     /* employee_id who signed a copy or take-away, or NULL */
    int64_t rowid;       /* borrowing rowid */
} fact_loan;

struct facts_arena;
/* An id → array index hash (open addressing), built by facts_index_*. */
typedef struct facts_hash {
    uint64_t *slots;     /* per slot: 32 bits of the id's hash, then index + 1; 0 empty (owned) */
    size_t mask;         /* slots - 1 (a power of two minus one) */
} facts_hash;

/* Everything the rules engines read. Arrays are in a fixed order so that
 * results are deterministic: employees by id; shifts by (emp, start);
 * leaves by (emp, start, id); meetings by (date, start, id); meeting
 * attendance by (meeting, emp); reports by (dept, type, period); incidents
 * by (emp, date, id); customers and events by id; callbacks by (at, id). */
typedef struct facts {
    fact_employee *emp;       size_t nemp;
    fact_shift *shift;        size_t nshift;
    fact_punch *punch;        size_t npunch;     /* by (employee_id, at, rowid) */
    fact_leave *leave;        size_t nleave;
    fact_meeting *meeting;    size_t nmeeting;
    fact_meeting_att *matt;   size_t nmatt;
    fact_report *report;      size_t nreport;
    fact_incident *incident;  size_t nincident;
    fact_customer *cust;      size_t ncust;      /* by id */
    fact_event *event;        size_t nevent;     /* by id */
    fact_callback *callback;  size_t ncallback;  /* by (at, id) */
    fact_record *record;      size_t nrecord;    /* by id */
    fact_hold *hold;          size_t nhold;      /* by id */
    fact_loan *loan;          size_t nloan;      /* by id */
    fact_swap *swap;          size_t nswap;      /* by (emp id, date, id) */
    struct facts_arena *arena;   /* the strings of loaded facts, or NULL (owned) */
    facts_hash emp_ix, cust_ix, event_ix; /* id look-ups, when built (else binary search) */
} facts;

/* Copies a string into the facts: into the arena when there is one (loaded
 * facts), else with xstrdup. NULL gives NULL. */
char *facts_str(facts *f, const char *s);
/* Starts the arena (the store does, before loading). */
void facts_arena_begin(facts *f);
/* Builds the id hash of employees, customers or events (after loading
 * them); the *_index look-ups use it from then on. */
void facts_index_emp(facts *f);
void facts_index_cust(facts *f);
void facts_index_event(facts *f);

/* Frees every array and string; f may be NULL; leaves *f zeroed. */
void facts_free(facts *f);
/* Returns the index of the employee with this id (binary search over the
 * id-sorted array), or -1. */
int facts_emp_index(const facts *f, const char *id);
/* The same for customers and events (id-sorted arrays). */
int facts_cust_index(const facts *f, const char *id);
int facts_event_index(const facts *f, const char *id);
int facts_record_index(const facts *f, const char *id);
/* The raw field array of an event, allocated (zeroed) on first use. */
char **facts_event_raw(facts *f, fact_event *ev);

/* --- findings (SPEC §7) --- */

typedef enum sanction {
    SANCTION_NONE, SANCTION_WARNING, SANCTION_FINE, SANCTION_DEDUCTION, SANCTION_DISMISSAL,
    SANCTION_REWARD         /* a positive amount paid to the employee (club: a clean month); never
                               counted with fines and deductions */
} sanction;

typedef struct finding_src {
    const char *kind;    /* table name (static string, e.g. "attendance") */
    int64_t rowid;       /* rowid in that table */
} finding_src;

typedef struct finding {
    char rule[32];          /* rule code, e.g. "absence_run" */
    char *article;          /* citation, e.g. "第一篇 第三十一条" (owned) */
    char *quote;            /* the document's sentences behind the citation, one a line, or NULL
                               until rules_check fills it from the policy (owned) */
    char *assumed;          /* the assumptions behind it, one a line, or NULL (owned) */
    char subject_kind[16];  /* employee | department | event | customer | record */
    char *subject_id;       /* owned */
    char date[11];          /* YYYY-MM-DD */
    char period[8];         /* YYYY-MM */
    sanction sanction;      /* what the finding imposes */
    int64_t amount_fen;     /* amount, rounded half-up once (0 for none/warning) */
    char *detail;           /* one line, Chinese by default (owned) */
    int nsrc;               /* entries used in src */
    int capsrc;             /* entries allocated in src */
    finding_src *src;       /* the rows it rests on (owned; grown by finding_cite) */
} finding;

/* A growable list of findings. */
typedef struct finding_list {
    finding *v;    /* entries (owned) */
    size_t n;      /* used */
    size_t cap;    /* allocated */
} finding_list;

/* Appends a zeroed finding and returns it (owned by the list). */
finding *finding_add(finding_list *l);
/* Appends a source row to a finding. */
void finding_cite(finding *f, const char *kind, int64_t rowid);
const char *sanction_name(sanction s);  /* "none", "warning", … */
/* Sorts findings into the canonical order (subject, date, rule, detail) so
 * that output never depends on the engines' iteration order. */
void finding_list_sort(finding_list *l);
void finding_list_free(finding_list *l);  /* accepts NULL */

/* --- obligations (SPEC §7.2): what the visit-coverage engine owes and
 * judges, stored in the obligation table. There can be hundreds of
 * thousands, so their strings are borrowed, not copied: an obligation list
 * must not outlive the facts and the policy it was computed from. --- */

typedef enum obl_status { OBL_MET, OBL_LATE, OBL_MISSED, OBL_PENDING } obl_status;

typedef struct obligation {
    char rule[40];          /* the SLA block's code, e.g. "complaint_callback" */
    const char *article;    /* citation (borrowed from the policy) */
    const char *quote;      /* its quotes, one a line, or NULL (borrowed from rules_check) */
    const char *assumed;    /* its assumptions, one a line, or NULL (borrowed from rules_check) */
    char subject_kind[10];  /* event | customer */
    const char *subject_id; /* event_id or customer_id (borrowed from the facts) */
    int64_t anchor_at;      /* the instant the deadline counts from (window start for recurring) */
    int64_t due_at;         /* deadline (window end for recurring) */
    int64_t done_at;        /* when met (callback time or completion field), or FACT_NONE */
    obl_status status;      /* judged against the as-of date */
    char period[8];         /* YYYY-MM of due_at */
    int64_t callback_rowid; /* the callback that met it, or 0 */
    const char *callback_id;/* its callback_id, or NULL (borrowed from the facts) */
} obligation;

typedef struct obligation_list {
    obligation *v;  /* entries (owned) */
    size_t n;       /* used */
    size_t cap;     /* allocated */
} obligation_list;

obligation *obligation_add(obligation_list *l);   /* appends a zeroed entry */
const char *obl_status_name(obl_status s);         /* "met", "late", "missed", "pending" */
void obligation_list_free(obligation_list *l);     /* accepts NULL */

#endif
