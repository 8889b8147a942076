/* test_office.c — the property-office pack (第二篇 客服部规章制度10, the
 * 管理处 of a property management office) on facts built in C: one table
 * per rule, each case worked by hand from the document's sentence it cites.
 *
 * - 一、3 "对住户投诉、来访中谈到的问题,接待人员应及时进行记录,当天进行调查、
 *   核实": complaint_same_day, the first of dispatch, arrival or resolution
 *   by 23:59:59 of the day the complaint was opened.
 * - 二、2(2) "物管员按区域范围分工,每季回访1次。": household_visit, a callback by
 *   a 物管员 (role property_officer) in every calendar quarter.
 * - 二、2(1) "办公室主任每年登门回访1~2次。": director_visit, a callback by the
 *   办公室主任 (role office_director) in every calendar year, owed from
 *   2026-01-01.
 * - 二、1(4) "回访处理率达100%,有效投诉率力争在1%以下。": valid_complaint_rate, a
 *   department warning for a month whose valid complaints ÷ households is
 *   not below 1 %.
 *
 * The pack's owed-from is 2026-07-01. */
#include "visits.h"
#include "facts.h"
#include "policy.h"
#include "value.h"
#include "util.h"
#include "t.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define MAXCB 4

static policy *P;

static int64_t ts(const char *s)
{
    char buf[24];
    if (!s || !*s) return FACT_NONE;
    if (strlen(s) == 16) snprintf(buf, sizeof buf, "%s:00", s);
    else snprintf(buf, sizeof buf, "%s", s);
    return val_secs(buf);
}

static int32_t day(const char *s) { return val_days(s); }

/* The staff of every case: two 物管员, the 办公室主任 and the 管理处主任. */
static void add_staff(facts *f)
{
    static const char *const staff[][2] = {
        { "D1", "office_director" }, { "H1", "office_head" },
        { "O1", "property_officer" }, { "O2", "property_officer" },
    };
    f->emp = xcalloc(N(staff), sizeof *f->emp);
    for (size_t i = 0; i < N(staff); i++) {
        fact_employee *e = &f->emp[f->nemp++];
        e->id = xstrdup(staff[i][0]);
        e->name = xstrdup(staff[i][0]);
        e->dept = xstrdup("管理处");
        e->role = xstrdup(staff[i][1]);
        e->hired_on = e->left_on = FACT_NODAY;
        e->rowid = (int64_t)i + 1;
    }
    facts_index_emp(f);
}

static int add_cust(facts *f, const char *id, const char *kind, const char *since)
{
    f->cust = xrealloc(f->cust, (f->ncust + 1) * sizeof *f->cust);
    fact_customer *c = &f->cust[f->ncust];
    memset(c, 0, sizeof *c);
    c->id = xstrdup(id);
    c->kind = xstrdup(kind);
    c->since = since ? day(since) : FACT_NODAY;
    c->rowid = (int64_t)f->ncust + 100;
    return (int)f->ncust++;
}

static int add_event(facts *f, const char *id, const char *kind, int cust, const char *opened,
                     const char *dispatched, const char *arrived, const char *resolved, int valid)
{
    f->event = xrealloc(f->event, (f->nevent + 1) * sizeof *f->event);
    fact_event *e = &f->event[f->nevent];
    memset(e, 0, sizeof *e);
    e->id = xstrdup(id);
    e->kind = xstrdup(kind);
    e->cust = cust;
    e->opened_at = ts(opened);
    e->dispatched_at = ts(dispatched);
    e->arrived_at = ts(arrived);
    e->resolved_at = ts(resolved);
    e->registered_at = FACT_NONE;
    e->valid = valid;
    e->rowid = (int64_t)f->nevent + 1000;
    return (int)f->nevent++;
}

static void add_cb(facts *f, const char *id, int cust, const char *at, const char *outcome,
                   const char *staff)
{
    f->callback = xrealloc(f->callback, (f->ncallback + 1) * sizeof *f->callback);
    fact_callback *c = &f->callback[f->ncallback];
    memset(c, 0, sizeof *c);
    c->id = xstrdup(id);
    c->event = -1;
    c->cust = cust;
    c->at = ts(at);
    c->channel = xstrdup("visit");
    c->outcome = xstrdup(outcome);
    c->staff_id = staff ? xstrdup(staff) : NULL;
    c->reached = strcmp(outcome, "satisfied") == 0 || strcmp(outcome, "neutral") == 0 ||
                 strcmp(outcome, "unsatisfied") == 0;
    c->rowid = (int64_t)f->ncallback + 5000;
    f->ncallback++;
}

/* The statuses of a rule's obligations in order, joined by spaces, and the
 * callback ids that met them ("-" for none). */
static void statuses(const obligation_list *l, const char *rule, char *out, size_t outsz,
                     char *cbs, size_t cbsz)
{
    static const char *const names[] = { "met", "late", "missed", "pending" };
    size_t u = 0, v = 0;
    out[0] = cbs[0] = '\0';
    for (size_t i = 0; i < l->n; i++) {
        if (strcmp(l->v[i].rule, rule) != 0) continue;
        int w = snprintf(out + u, outsz - u, "%s%s", u ? " " : "", names[l->v[i].status]);
        if (w > 0 && (size_t)w < outsz - u) u += (size_t)w;
        const char *id = l->v[i].callback_id && l->v[i].callback_id[0] ? l->v[i].callback_id : "-";
        w = snprintf(cbs + v, cbsz - v, "%s%s", v ? " " : "", id);
        if (w > 0 && (size_t)w < cbsz - v) v += (size_t)w;
    }
}

/* One callback of a case. */
typedef struct cb_case {
    const char *at;          /* when */
    const char *outcome;     /* outcome code */
    const char *staff;       /* staff_id, or NULL */
} cb_case;

/* A recurring case: one household, its callbacks, the as-of date, and the
 * statuses of its windows in order. */
typedef struct rec_case {
    const char *label;
    const char *since;
    cb_case cb[MAXCB];
    const char *as_of;
    const char *want;        /* statuses, "" for no obligation */
    const char *want_cbs;    /* callbacks that met them, "-" for none */
} rec_case;

static void run_recurring(const char *rule, const rec_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const rec_case *c = &cases[i];
        facts f;
        memset(&f, 0, sizeof f);
        add_staff(&f);
        int cu = add_cust(&f, "H1", "household", c->since);
        for (int k = 0; k < MAXCB && c->cb[k].at; k++) {
            char id[16];
            snprintf(id, sizeof id, "CB%d", k + 1);
            add_cb(&f, id, cu, c->cb[k].at, c->cb[k].outcome, c->cb[k].staff);
        }
        obligation_list obl = {0};
        finding_list fnd = {0};
        kerr e = {0};
        int rc = visits_run(&f, P, day(c->as_of), &obl, &fnd, &e);
        char got[128], cbs[128], label[200];
        statuses(&obl, rule, got, sizeof got, cbs, sizeof cbs);
        snprintf(label, sizeof label, "%s: %s", rule, c->label);
        T_EQ_INT(rc, 0, label);
        T_EQ_STR(got, c->want, label);
        T_EQ_STR(cbs, c->want_cbs, label);
        /* one finding per missed window, about the household */
        long missed = 0, fmissed = 0;
        for (size_t j = 0; j < obl.n; j++)
            missed += strcmp(obl.v[j].rule, rule) == 0 && obl.v[j].status == OBL_MISSED;
        for (size_t j = 0; j < fnd.n; j++)
            fmissed += strcmp(fnd.v[j].rule, rule) == 0 && strcmp(fnd.v[j].subject_id, "H1") == 0 &&
                       fnd.v[j].sanction == SANCTION_NONE && fnd.v[j].amount_fen == 0;
        T_EQ_INT(fmissed, missed, label);
        obligation_list_free(&obl);
        finding_list_free(&fnd);
        facts_free(&f);
    }
}

/* 第二篇 规章制度10 二、2(2): calendar quarters from the first whole one
 * after since, owed from 2026-07-01; only a 物管员's reached callback. */
static void test_household_visit(void)
{
    static const rec_case cases[] = {
        { "a 物管员's visit in Q3; Q4 still open on 11-26", "2025-01-01",
          { { "2026-08-10 10:00", "satisfied", "O1" } }, "2026-11-26", "met pending", "CB1 -" },
        { "the 办公室主任's visit is not the 物管员's: Q3 missed", "2025-01-01",
          { { "2026-08-10 10:00", "satisfied", "D1" } }, "2026-11-26", "missed pending", "- -" },
        { "the 管理处主任's visit does not count either", "2025-01-01",
          { { "2026-08-10 10:00", "satisfied", "H1" } }, "2026-11-26", "missed pending", "- -" },
        { "a staff id that is no employee does not count", "2025-01-01",
          { { "2026-08-10 10:00", "satisfied", "X9" } }, "2026-11-26", "missed pending", "- -" },
        { "a callback with no staff_id does not count", "2025-01-01",
          { { "2026-08-10 10:00", "satisfied", NULL } }, "2026-11-26", "missed pending", "- -" },
        { "the household not reached (unreachable) is no visit", "2025-01-01",
          { { "2026-08-10 10:00", "unreachable", "O1" } }, "2026-11-26", "missed pending", "- -" },
        { "the director first, a 物管员 later in the same quarter: met by the later", "2025-01-01",
          { { "2026-07-05 10:00", "satisfied", "D1" }, { "2026-09-01 10:00", "neutral", "O2" } },
          "2026-11-26", "met pending", "CB2 -" },
        { "a visit at Q3's last second meets Q3", "2025-01-01",
          { { "2026-09-30 23:59:59", "unsatisfied", "O1" } }, "2026-11-26", "met pending", "CB1 -" },
        { "a visit at Q4's first second meets Q4, not Q3", "2025-01-01",
          { { "2026-10-01 00:00", "satisfied", "O1" } }, "2026-11-26", "missed met", "- CB1" },
        { "a household since 08-15 owes from Q4, the first whole quarter", "2026-08-15",
          { { "2026-08-20 10:00", "satisfied", "O1" } }, "2026-11-26", "pending", "-" },
        { "Q2 starts before owed-from 2026-07-01: not owed", "2025-01-01",
          { { "2026-05-10 10:00", "satisfied", "O1" } }, "2026-09-30", "missed", "-" },
    };
    run_recurring("household_visit", cases, N(cases));
}

/* 第二篇 规章制度10 二、2(1): calendar years, owed from 2026-01-01 (the
 * block's own owed-from); only the 办公室主任's reached callback; one
 * visit meets the year (1~2次). */
static void test_director_visit(void)
{
    static const rec_case cases[] = {
        { "the director's visit in March meets 2026", "2024-05-01",
          { { "2026-03-15 10:00", "satisfied", "D1" } }, "2026-11-26", "met", "CB1" },
        { "no visit yet: 2026 is still open on 11-26", "2024-05-01",
          { { NULL, NULL, NULL } }, "2026-11-26", "pending", "-" },
        { "no visit in 2026: missed once the year has ended", "2024-05-01",
          { { NULL, NULL, NULL } }, "2027-01-05", "missed pending", "- -" },
        { "a 物管员's visit is not the director's", "2024-05-01",
          { { "2026-06-01 10:00", "satisfied", "O1" } }, "2027-01-05", "missed pending", "- -" },
        { "a visit on 2025-12-31 belongs to 2025, which is not owed", "2024-05-01",
          { { "2025-12-31 15:00", "satisfied", "D1" } }, "2027-01-05", "missed pending", "- -" },
        { "two visits in a year: one obligation, met by the first", "2024-05-01",
          { { "2026-02-01 10:00", "satisfied", "D1" }, { "2026-08-01 10:00", "satisfied", "D1" } },
          "2026-11-26", "met", "CB1" },
        { "a household since 2026-03-01 owes from 2027", "2026-03-01",
          { { "2026-06-01 10:00", "satisfied", "D1" } }, "2026-11-26", "", "" },
    };
    run_recurring("director_visit", cases, N(cases));
}

/* 第二篇 规章制度10 一、3: the first of dispatch, arrival or resolution by
 * the end of the day the complaint was opened; owed from 2026-07-01. */
static void test_complaint_same_day(void)
{
    static const struct {
        const char *label;
        const char *kind, *opened, *dispatched, *arrived, *resolved, *as_of;
        const char *want;
    } cases[] = {
        { "dispatched two hours later: met", "complaint", "2026-10-08 09:00", "2026-10-08 11:00", NULL, NULL,
          "2026-11-26", "met" },
        { "opened 17:30, first arrival next morning: late", "complaint", "2026-10-12 17:30", NULL,
          "2026-10-13 09:00", "2026-10-13 11:00", "2026-11-26", "late" },
        { "resolved at 23:59:59 the same day: met", "complaint", "2026-10-20 16:00", NULL, NULL,
          "2026-10-20 23:59:59", "2026-11-26", "met" },
        { "resolved at 00:00 the next day: late", "complaint", "2026-10-20 16:00", NULL, NULL,
          "2026-10-21 00:00", "2026-11-26", "late" },
        { "the earliest field counts: arrival the same day, dispatch recorded later", "complaint",
          "2026-10-08 09:00", "2026-10-09 08:00", "2026-10-08 15:00", NULL, "2026-11-26", "met" },
        { "nothing recorded, the day over: missed", "complaint", "2026-11-03 10:00", NULL, NULL, NULL,
          "2026-11-03", "missed" },
        { "opened after the as-of day: owes nothing yet", "complaint", "2026-11-03 10:00", NULL, NULL, NULL,
          "2026-11-02", "" },
        { "a dispatch after the as-of day has not happened yet: missed", "complaint", "2026-11-03 10:00",
          "2026-11-04 10:00", NULL, NULL, "2026-11-03", "missed" },
        { "opened before owed-from 2026-07-01: not owed", "complaint", "2026-06-20 10:00", NULL, NULL, NULL,
          "2026-11-26", "" },
        { "a repair is not a complaint", "repair", "2026-10-08 09:00", NULL, NULL, NULL, "2026-11-26", "" },
    };
    for (size_t i = 0; i < N(cases); i++) {
        facts f;
        memset(&f, 0, sizeof f);
        add_staff(&f);
        int cu = add_cust(&f, "H1", "household", "2025-01-01");
        add_event(&f, "TS1", cases[i].kind, cu, cases[i].opened, cases[i].dispatched, cases[i].arrived,
                  cases[i].resolved, 0);
        obligation_list obl = {0};
        finding_list fnd = {0};
        kerr e = {0};
        char label[200], got[64], cbs[64];
        snprintf(label, sizeof label, "第二篇 规章制度10 一、3: %s", cases[i].label);
        T_EQ_INT(visits_run(&f, P, day(cases[i].as_of), &obl, &fnd, &e), 0, label);
        statuses(&obl, "complaint_same_day", got, sizeof got, cbs, sizeof cbs);
        T_EQ_STR(got, cases[i].want, label);
        int late_or_missed = strcmp(cases[i].want, "late") == 0 || strcmp(cases[i].want, "missed") == 0;
        int nf = 0;
        for (size_t j = 0; j < fnd.n; j++)
            nf += strcmp(fnd.v[j].rule, "complaint_same_day") == 0 && strcmp(fnd.v[j].subject_id, "TS1") == 0;
        T_EQ_INT(nf, late_or_missed, label);
        obligation_list_free(&obl);
        finding_list_free(&fnd);
        facts_free(&f);
    }
}

/* 第二篇 规章制度10 二、1(4): valid complaints opened in a calendar month ÷
 * households on the books by its end; a warning (amount 0) about the
 * 管理处 for every ended month not below 1 %. */
static void test_valid_complaint_rate(void)
{
    static const struct {
        const char *label;
        int households;          /* households since 2025-01-01 */
        const char *late_since;  /* one more household since this day, or NULL */
        int valid, invalid;      /* complaints opened 2026-10-15 */
        int valid_repairs;       /* valid repairs opened 2026-10-15 */
        const char *valid_sep30; /* one valid complaint opened at this time, or NULL */
        const char *as_of;
        long want_valid, want_base;
        int want_pm;             /* October's rate, tenths of a percent */
        int want_findings;
    } cases[] = {
        { "1 of 100 is exactly 1 %: not below, a warning", 100, NULL, 1, 0, 0, NULL, "2026-11-26", 1, 100, 10, 1 },
        { "1 of 101 is 0.99 %: below, shown as 0.9 %", 101, NULL, 1, 0, 0, NULL, "2026-11-26", 1, 101, 9, 0 },
        { "complaints not valid do not count", 100, NULL, 0, 5, 0, NULL, "2026-11-26", 0, 100, 0, 0 },
        { "valid repairs are not complaints", 100, NULL, 0, 0, 3, NULL, "2026-11-26", 0, 100, 0, 0 },
        { "October not over on 10-30: no warning yet", 100, NULL, 5, 0, 0, NULL, "2026-10-30", 5, 100, 50, 0 },
        { "a household since 11-05 is not in October's base", 100, "2026-11-05", 1, 0, 0, NULL, "2026-11-26",
          1, 100, 10, 1 },
        { "a household since 10-31 is in October's base", 100, "2026-10-31", 1, 0, 0, NULL, "2026-11-26",
          1, 101, 9, 0 },
        { "a valid complaint at 09-30 23:59 is September's", 100, NULL, 0, 0, 0, "2026-09-30 23:59",
          "2026-11-26", 0, 100, 0, 1 },
        { "2 of 119: 1.68 % shown as 1.6 %", 119, NULL, 2, 0, 0, NULL, "2026-11-26", 2, 119, 16, 1 },
    };
    for (size_t i = 0; i < N(cases); i++) {
        facts f;
        memset(&f, 0, sizeof f);
        add_staff(&f);
        char id[16];
        for (int k = 0; k < cases[i].households; k++) {
            snprintf(id, sizeof id, "H%04d", k);
            add_cust(&f, id, "household", "2025-01-01");
        }
        if (cases[i].late_since) add_cust(&f, "H9999", "household", cases[i].late_since);
        add_cust(&f, "M0001", "member", "2025-01-01");   /* a member is not a household */
        int n = 0;
        for (int k = 0; k < cases[i].valid; k++, n++) {
            snprintf(id, sizeof id, "TS%03d", n);
            add_event(&f, id, "complaint", 0, "2026-10-15 10:00", "2026-10-15 11:00", NULL, NULL, 1);
        }
        for (int k = 0; k < cases[i].invalid; k++, n++) {
            snprintf(id, sizeof id, "TS%03d", n);
            add_event(&f, id, "complaint", 0, "2026-10-15 10:00", "2026-10-15 11:00", NULL, NULL, 0);
        }
        for (int k = 0; k < cases[i].valid_repairs; k++, n++) {
            snprintf(id, sizeof id, "TS%03d", n);
            add_event(&f, id, "repair", 0, "2026-10-15 10:00", "2026-10-15 10:05", "2026-10-15 10:10", NULL, 1);
        }
        if (cases[i].valid_sep30) {
            snprintf(id, sizeof id, "TS%03d", n++);
            add_event(&f, id, "complaint", 0, cases[i].valid_sep30, "2026-09-30 23:59", NULL, NULL, 1);
        }
        char label[200];
        snprintf(label, sizeof label, "第二篇 规章制度10 二、1(4): %s", cases[i].label);
        long valid = -1, base = -1;
        int32_t pm = visits_complaint_rate(&f, P, day("2026-10-01"), day("2026-10-31"), &valid, &base);
        T_EQ_INT(valid, cases[i].want_valid, label);
        T_EQ_INT(base, cases[i].want_base, label);
        T_EQ_INT(pm, cases[i].want_pm, label);
        obligation_list obl = {0};
        finding_list fnd = {0};
        kerr e = {0};
        T_EQ_INT(visits_run(&f, P, day(cases[i].as_of), &obl, &fnd, &e), 0, label);
        int nf = 0;
        for (size_t j = 0; j < fnd.n; j++) {
            const finding *x = &fnd.v[j];
            if (strcmp(x->rule, "valid_complaint_rate") != 0) continue;
            nf++;
            T_CHECK(strcmp(x->subject_kind, "department") == 0 && strcmp(x->subject_id, "管理处") == 0 &&
                    x->sanction == SANCTION_WARNING && x->amount_fen == 0 &&
                    strcmp(x->article, "第二篇 规章制度10 二、1(4)") == 0,
                    "%s: a warning about 管理处, amount 0, citing 二、1(4)", label);
            T_CHECK(strcmp(x->date, cases[i].valid_sep30 ? "2026-09-30" : "2026-10-31") == 0,
                    "%s: dated on the month's last day, got %s", label, x->date);
        }
        T_EQ_INT(nf, cases[i].want_findings, label);
        obligation_list_free(&obl);
        finding_list_free(&fnd);
        facts_free(&f);
    }
    /* Without owed-from, months are judged from the first valid
     * complaint's, whole; with it (2026-07-01), March is not owed. */
    for (int with_owed = 0; with_owed < 2; with_owed++) {
        facts f;
        memset(&f, 0, sizeof f);
        add_staff(&f);
        char id[16];
        for (int k = 0; k < 100; k++) {
            snprintf(id, sizeof id, "H%04d", k);
            add_cust(&f, id, "household", "2025-01-01");
        }
        add_event(&f, "TS001", "complaint", 0, "2026-03-15 10:00", "2026-03-15 11:00", NULL, NULL, 1);
        int32_t saved = P->vis.owed_from;
        if (!with_owed) P->vis.owed_from = INT32_MIN;
        obligation_list obl = {0};
        finding_list fnd = {0};
        kerr e = {0};
        T_EQ_INT(visits_run(&f, P, day("2026-11-26"), &obl, &fnd, &e), 0, "rate: owed-from");
        P->vis.owed_from = saved;
        int nf = 0;
        const char *date = "";
        for (size_t j = 0; j < fnd.n; j++)
            if (strcmp(fnd.v[j].rule, "valid_complaint_rate") == 0) { nf++; date = fnd.v[j].date; }
        T_EQ_INT(nf, with_owed ? 0 : 1, with_owed ? "rate: March before owed-from is not judged"
                                                  : "rate: without owed-from, March (1 of 100) is judged");
        if (!with_owed) T_EQ_STR(date, "2026-03-31", "rate: the March warning is dated 03-31");
        obligation_list_free(&obl);
        finding_list_free(&fnd);
        facts_free(&f);
    }
    T_EQ_INT(visits_rate_pm(0, 0), -1, "no households: no rate");
    T_EQ_INT(visits_rate_pm(14, 17), 823, "14 of 17 is 82.3 %, rounded down");
}

/* What the loader and the engine refuse in the new attributes. */
static void test_refusals(void)
{
    size_t len;
    const char *txt = policy_pack_text("property-office", &len, NULL);
    T_CHECK(txt != NULL, "property-office is a shipped pack");
    if (!txt) return;
    static const struct { const char *from, *to, *label, *want; } cases[] = {
        { "by-role=\"property_officer\"", "by-role=\"nobody\"", "by-role names an undeclared role",
          "'nobody' is not a declared role" },
        { "dept=\"管理处\"", "dept=\"无此部门\"", "complaint-rate dept is undeclared",
          "'无此部门' is not a declared department" },
        { "below=\"1\"", "below=\"0\"", "a target of 0 %", "the target must be above 0 %" },
        { "to=\"dispatched_at arrived_at resolved_at\"", "to=\"dispatched_at signed_at\"",
          "a completion field that is not a time field", "signed_at" },
    };
    for (size_t i = 0; i < N(cases); i++) {
        const char *at = strstr(txt, cases[i].from);
        T_CHECK(at != NULL, "test bug: '%s' not in the pack", cases[i].from);
        if (!at) continue;
        sbuf b = {0}, pr = {0};
        sbuf_add(&b, txt, (size_t)(at - txt));
        sbuf_adds(&b, cases[i].to);
        sbuf_adds(&b, at + strlen(cases[i].from));
        policy *p = NULL;
        kerr e = {0};
        int rc = policy_load_mem(b.p, b.len, "edited.xml", &p, &pr, &e);
        if (rc == 0) rc = visits_check_policy(p, &e);
        T_CHECK(rc != 0, "%s: refused", cases[i].label);
        T_CHECK(strstr(e.msg, cases[i].want) || (pr.p && strstr(pr.p, cases[i].want)),
                "%s: the message names it (got '%s')", cases[i].label, e.msg);
        policy_free(p);
        sbuf_free(&b);
        sbuf_free(&pr);
    }
}

int main(void)
{
    sbuf problems = {0};
    kerr e = {0};
    if (policy_load_pack("property-office", &P, &problems, &e) != 0) {
        fprintf(stderr, "cannot load the property-office pack: %s\n%s", e.msg, problems.p ? problems.p : "");
        sbuf_free(&problems);
        return 1;
    }
    sbuf_free(&problems);
    T_EQ_INT(P->vis.owed_from, day("2026-07-01"), "property-office: owed-from 2026-07-01");
    const policy_sla *dv = policy_sla_find(P, "director_visit");
    T_CHECK(dv && dv->owed_from == day("2026-01-01") && dv->by_role &&
            strcmp(dv->by_role, "office_director") == 0, "director_visit: by the 办公室主任, owed from 2026-01-01");
    test_household_visit();
    test_director_visit();
    test_complaint_same_day();
    test_valid_complaint_rate();
    test_refusals();
    policy_free(P);
    return t_done();
}
