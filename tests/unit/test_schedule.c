/* test_schedule.c — shifts from the policy's <schedule> where there is no
 * roster (punch.h punch_schedule, README "Punch logs"), against
 * hand-worked cases.
 *
 * Every case runs under the landscaping pack: <schedule> 08:00–17:30 on
 * the working days of its calendar (Sunday the rest day; 2026: National
 * Day 10-01…10-07 off, Sunday 09-20 a make-up working day), <punch-pairing>
 * PT2H / PT4H / PT1M, grace 0. P1 is staff of 销售部, P2 its dept_head (the
 * approver of P1's leave). Each case gives the roster rows, P1's leave,
 * the punches, the as-of day, the shifts punch_schedule must generate and
 * every employee finding that pairing and the attendance rules then make.
 * 2026-11-16 is a Monday. */
#include "punch.h"
#include "fines.h"
#include "facts.h"
#include "policy.h"
#include "value.h"
#include "util.h"
#include "t.h"

#include <stdlib.h>

#define GROW1(arr, n) ((arr) = xrealloc((arr), ((n) + 1) * sizeof *(arr)), &(arr)[(n)++])

typedef struct scase {
    const char *label;
    const char *variant_from, *variant_to;  /* a change to the pack's text, or NULL */
    const char *as_of;                /* the judged day */
    const char *p2_hired;             /* P2's hired_on, or NULL */
    struct { const char *emp, *date, *start, *end; } roster[2];   /* attendance rows, clock times empty */
    const char *leave_from, *leave_to;/* P1's personal leave approved by P2, or NULL */
    struct { const char *emp, *at; } punches[16];
    const char *want_shifts;          /* the generated shifts: "EMP DATE HH:MM-HH:MM[+1];" each */
    const char *want;                 /* every employee finding: "EMP DATE RULE SANCTION AMOUNT;" */
} scase;

#define ON_TIME(e, d) { e, d " 07:55:00" }, { e, d " 17:35:00" }

static const scase cases[] = {
    /* Mon–Sat on time: six shifts, Sunday none (the log ends Saturday) */
    { "a working week on time", NULL, NULL, "2026-11-30", NULL, { { 0 } }, NULL, NULL,
      { ON_TIME("P1", "2026-11-16"), ON_TIME("P1", "2026-11-17"), ON_TIME("P1", "2026-11-18"),
        ON_TIME("P1", "2026-11-19"), ON_TIME("P1", "2026-11-20"), ON_TIME("P1", "2026-11-21") },
      "P1 2026-11-16 08:00-17:30;P1 2026-11-17 08:00-17:30;P1 2026-11-18 08:00-17:30;"
      "P1 2026-11-19 08:00-17:30;P1 2026-11-20 08:00-17:30;P1 2026-11-21 08:00-17:30;",
      "" },
    /* 08:01 > 08:00 + 0; Tuesday no punch at all (inside the log's days);
     * 17:29 < 17:30: each a warning of 0, none a deduction or an occurrence */
    { "late, absent, early: warnings only", NULL, NULL, "2026-11-30", NULL, { { 0 } }, NULL, NULL,
      { { "P1", "2026-11-16 08:01:00" }, { "P1", "2026-11-16 17:30:00" },
        { "P1", "2026-11-18 07:59:00" }, { "P1", "2026-11-18 17:29:00" } },
      "P1 2026-11-16 08:00-17:30;P1 2026-11-17 08:00-17:30;P1 2026-11-18 08:00-17:30;",
      "P1 2026-11-16 late_schedule warning 0;P1 2026-11-17 absence_schedule warning 0;"
      "P1 2026-11-18 early_schedule warning 0;" },
    /* three lates in a month: against a roster the third is an absence day
     * (第三十三条); against the schedule they stay three warnings */
    { "occurrences do not add up", NULL, NULL, "2026-11-30", NULL, { { 0 } }, NULL, NULL,
      { { "P1", "2026-11-16 08:05:00" }, { "P1", "2026-11-16 17:30:00" },
        { "P1", "2026-11-17 08:05:00" }, { "P1", "2026-11-17 17:30:00" },
        { "P1", "2026-11-18 08:05:00" }, { "P1", "2026-11-18 17:30:00" } },
      "P1 2026-11-16 08:00-17:30;P1 2026-11-17 08:00-17:30;P1 2026-11-18 08:00-17:30;",
      "P1 2026-11-16 late_schedule warning 0;P1 2026-11-17 late_schedule warning 0;"
      "P1 2026-11-18 late_schedule warning 0;" },
    /* a roster row on Tuesday (09:00–18:00) replaces that day's shift: the
     * late of 09:10 is the roster's `late`, not a warning */
    { "a roster row replaces the day's shift", NULL, NULL, "2026-11-30", NULL,
      { { "P1", "2026-11-17", "09:00:00", "18:00:00" } }, NULL, NULL,
      { ON_TIME("P1", "2026-11-16"), { "P1", "2026-11-17 09:10:00" }, { "P1", "2026-11-17 18:00:00" } },
      "P1 2026-11-16 08:00-17:30;",
      "P1 2026-11-17 late none 0;" },
    /* an absent roster day is a deduction: 2 × D, D = 4,350.00 / 21.75 =
     * 200.00; the schedule's day before it stays a warning */
    { "a roster's absence is costed, the schedule's is not", NULL, NULL, "2026-11-30", NULL,
      { { "P1", "2026-11-18", "08:00:00", "17:30:00" } }, NULL, NULL,
      { ON_TIME("P1", "2026-11-16"), ON_TIME("P1", "2026-11-19") },
      "P1 2026-11-16 08:00-17:30;P1 2026-11-17 08:00-17:30;P1 2026-11-19 08:00-17:30;",
      "P1 2026-11-17 absence_schedule warning 0;P1 2026-11-18 absence_run deduction 40000;" },
    /* the calendar: Sunday 09-20 is a make-up working day (a shift, absent);
     * 10-01…10-07 are National Day (no shift) */
    { "a make-up Sunday is a working day", NULL, NULL, "2026-11-30", NULL, { { 0 } }, NULL, NULL,
      { ON_TIME("P1", "2026-09-19"), ON_TIME("P1", "2026-09-21") },
      "P1 2026-09-19 08:00-17:30;P1 2026-09-20 08:00-17:30;P1 2026-09-21 08:00-17:30;",
      "P1 2026-09-20 absence_schedule warning 0;" },
    { "a holiday has no shift", NULL, NULL, "2026-11-30", NULL, { { 0 } }, NULL, NULL,
      { ON_TIME("P1", "2026-09-30"), ON_TIME("P1", "2026-10-08") },
      "P1 2026-09-30 08:00-17:30;P1 2026-10-08 08:00-17:30;",
      "" },
    /* a valid leave (1 day, approved by the department's head) covers
     * Tuesday: its shift is made but not judged; P2, with no punch, gets no
     * shift at all */
    { "a day of valid leave is not judged", NULL, NULL, "2026-11-30", NULL, { { 0 } },
      "2026-11-17", "2026-11-17",
      { ON_TIME("P1", "2026-11-16"), ON_TIME("P1", "2026-11-18") },
      "P1 2026-11-16 08:00-17:30;P1 2026-11-17 08:00-17:30;P1 2026-11-18 08:00-17:30;",
      "" },
    /* P2 hired on Wednesday: no shift before it */
    { "no shift before hired_on", NULL, NULL, "2026-11-30", "2026-11-18", { { 0 } }, NULL, NULL,
      { ON_TIME("P1", "2026-11-16"), ON_TIME("P1", "2026-11-18"), ON_TIME("P2", "2026-11-18") },
      "P1 2026-11-16 08:00-17:30;P1 2026-11-17 08:00-17:30;P1 2026-11-18 08:00-17:30;"
      "P2 2026-11-18 08:00-17:30;",
      "P1 2026-11-17 absence_schedule warning 0;" },
    /* the log's days end at the as-of day: Wednesday's punches wait */
    { "the as-of day ends the log", NULL, NULL, "2026-11-17", NULL, { { 0 } }, NULL, NULL,
      { ON_TIME("P1", "2026-11-16"), { "P1", "2026-11-17 08:30:00" }, { "P1", "2026-11-17 17:35:00" },
        ON_TIME("P1", "2026-11-18") },
      "P1 2026-11-16 08:00-17:30;P1 2026-11-17 08:00-17:30;",
      "P1 2026-11-17 late_schedule warning 0;" },
    /* a Sunday punch: no shift that day, the punch is a stray warning */
    { "a rest-day punch is a stray", NULL, NULL, "2026-11-30", NULL, { { 0 } }, NULL, NULL,
      { ON_TIME("P1", "2026-11-21"), { "P1", "2026-11-22 10:00:00" } },
      "P1 2026-11-21 08:00-17:30;",
      "P1 2026-11-22 punch_unpaired warning 0;" },
    /* an unknown employee's punches make no shift */
    { "no shift for an unknown employee", NULL, NULL, "2026-11-30", NULL, { { 0 } }, NULL, NULL,
      { { "P9", "2026-11-16 07:55:00" } },
      "",
      "P9 2026-11-16 punch_unpaired warning 0;" },
    /* a night schedule ends the next morning; the shift of the as-of day
     * still running at its end is not yet an early leave */
    { "an overnight schedule", "start=\"08:00\" end=\"17:30\"", "start=\"20:00\" end=\"08:00\"",
      "2026-11-16", NULL, { { 0 } }, NULL, NULL,
      { { "P1", "2026-11-16 19:55:00" }, { "P1", "2026-11-17 08:02:00" } },
      "P1 2026-11-16 20:00-08:00+1;",
      "" },
    /* no <schedule>: nothing is generated, the punches are strays */
    { "no schedule, no shift", "<schedule ", "<!--<schedule ", "2026-11-30", NULL, { { 0 } }, NULL, NULL,
      { ON_TIME("P1", "2026-11-16") },
      "",
      "P1 2026-11-16 punch_unpaired warning 0;" },
};

/* The landscaping pack, with `from` replaced by `to` when given (a "<!--"
 * replacement comments the element out up to its "/>"). */
static policy *load(const char *from, const char *to)
{
    size_t len;
    const char *txt = policy_pack_text("landscaping", &len, NULL);
    sbuf b = {0};
    if (!from) sbuf_add(&b, txt, len);
    else {
        const char *hit = strstr(txt, from);
        if (!hit) { fprintf(stderr, "variant: '%s' not in the pack\n", from); abort(); }
        sbuf_add(&b, txt, (size_t)(hit - txt));
        sbuf_adds(&b, to);
        const char *rest = hit + strlen(from);
        if (strncmp(to, "<!--", 4) == 0) {
            const char *end = strstr(rest, "/>");
            sbuf_add(&b, rest, (size_t)(end + 2 - rest));
            sbuf_adds(&b, " -->");
            rest = end + 2;
        }
        sbuf_adds(&b, rest);
    }
    policy *p = NULL;
    kerr e = {0};
    sbuf probs = {0};
    if (policy_load_mem(b.p, b.len, "variant.xml", &p, &probs, &e)) {
        fprintf(stderr, "variant: %s\n%s", e.msg, probs.p ? probs.p : "");
        abort();
    }
    sbuf_free(&b);
    sbuf_free(&probs);
    return p;
}

static void add_emp(facts *f, const char *id, const char *role, const char *hired)
{
    fact_employee *e = GROW1(f->emp, f->nemp);
    memset(e, 0, sizeof *e);
    e->id = xstrdup(id);
    e->name = xstrdup("甲");
    e->dept = xstrdup("销售部");
    e->role = xstrdup(role);
    e->wage_fen = 435000;
    e->hired_on = hired ? val_days(hired) : FACT_NODAY;
    e->left_on = FACT_NODAY;
    e->rowid = (int64_t)f->nemp;
}

static void build(facts *f, const scase *c)
{
    memset(f, 0, sizeof *f);
    add_emp(f, "P1", "staff", NULL);
    add_emp(f, "P2", "dept_head", c->p2_hired);
    for (int i = 0; i < 2 && c->roster[i].emp; i++) {
        fact_shift *s = GROW1(f->shift, f->nshift);
        memset(s, 0, sizeof *s);
        s->emp = facts_emp_index(f, c->roster[i].emp);
        s->date = val_days(c->roster[i].date);
        s->start = (int64_t)s->date * 86400 + val_tod(c->roster[i].start);
        s->end = (int64_t)s->date * 86400 + val_tod(c->roster[i].end);
        if (s->end <= s->start) s->end += 86400;
        s->clock_in = s->clock_out = FACT_NONE;
        s->rowid = 100 + i;
    }
    if (c->leave_from) {
        fact_leave *l = GROW1(f->leave, f->nleave);
        memset(l, 0, sizeof *l);
        l->id = xstrdup("L1");
        l->emp = 0;
        l->type = xstrdup("personal");
        l->start = val_days(c->leave_from);
        l->end = val_days(c->leave_to);
        l->approved_by = xstrdup("P2");
        l->rowid = 300;
    }
    for (int i = 0; i < 16 && c->punches[i].at; i++) {
        fact_punch *q = GROW1(f->punch, f->npunch);
        memset(q, 0, sizeof *q);
        q->emp_id = xstrdup(c->punches[i].emp);
        q->emp = facts_emp_index(f, q->emp_id);
        q->at = val_secs(c->punches[i].at);
        q->device = xstrdup("门禁1");
        q->rowid = 200 + i;
    }
}

static void run_case(const scase *c, const policy *dflt)
{
    policy *var = c->variant_from ? load(c->variant_from, c->variant_to) : NULL;
    const policy *p = var ? var : dflt;
    int32_t as_of = val_days(c->as_of);
    facts f;
    build(&f, c);
    size_t nroster = f.nshift;
    kerr e = {0};
    long made = punch_schedule(&f, p, as_of, &e);

    /* the generated shifts, in the (emp, start) order of facts.h */
    sbuf got = {0};
    long ngen = 0;
    for (size_t i = 0; i < f.nshift; i++) {
        const fact_shift *s = &f.shift[i];
        if (i) T_CHECK(s->emp > f.shift[i - 1].emp || (s->emp == f.shift[i - 1].emp && s->start >= f.shift[i - 1].start),
                       "%s: shifts sorted by (emp, start)", c->label);
        if (!s->generated) continue;
        ngen++;
        char d[11], a[20], b[20];
        val_days_str(s->date, d);
        val_secs_str(s->start, a);
        val_secs_str(s->end, b);
        sbuf_printf(&got, "%s %s %.5s-%.5s%s;", f.emp[s->emp].id, d, a + 11, b + 11,
                    s->end / 86400 != s->date ? "+1" : "");
        T_CHECK(s->rowid == 0 && s->clock_in == FACT_NONE && s->clock_out == FACT_NONE,
                "%s: a generated shift has no row and no clock times", c->label);
    }
    T_EQ_INT(made, ngen, c->label);
    T_EQ_INT(f.nshift, nroster + (size_t)ngen, c->label);
    T_EQ_STR(got.p ? got.p : "", c->want_shifts, c->label);
    sbuf_free(&got);

    /* pairing and the attendance rules on the generated shifts */
    finding_list fl = {0};
    punch_pair(&f, p, as_of, &fl);
    T_EQ_INT(fines_run(&f, p, as_of, &fl, &e), 0, c->label);
    finding_list_sort(&fl);
    sbuf w = {0};
    for (size_t i = 0; i < fl.n; i++) {
        const finding *x = &fl.v[i];
        if (strcmp(x->subject_kind, "employee") != 0) continue;
        sbuf_printf(&w, "%s %s %s %s %lld;", x->subject_id, x->date, x->rule, sanction_name(x->sanction),
                    (long long)x->amount_fen);
        if (strstr(x->rule, "_schedule")) {
            T_EQ_STR(x->article, "第一篇 C", c->label);
            T_CHECK(strstr(x->detail, "作息表班次（无排班）") != NULL, "%s: detail '%s' says schedule, no roster",
                    c->label, x->detail);
        }
        /* a late or early against the schedule names the punch it rests on */
        if (strcmp(x->rule, "late_schedule") == 0 || strcmp(x->rule, "early_schedule") == 0)
            T_CHECK(x->nsrc >= 1 && strcmp(x->src[0].kind, "punch") == 0, "%s: %s cites its punch", c->label, x->rule);
    }
    T_EQ_STR(w.p ? w.p : "", c->want, c->label);
    sbuf_free(&w);
    finding_list_free(&fl);
    facts_free(&f);
    policy_free(var);
}

/* Past PUNCH_MAX_GENERATED the call fails, names the limit and makes
 * nothing: 60 employees with punches 100 years apart would need 2.2
 * million shifts. */
static void too_many(const policy *p)
{
    facts f;
    memset(&f, 0, sizeof f);
    char id[16];
    for (int i = 0; i < 60; i++) {
        snprintf(id, sizeof id, "Q%02d", i);
        add_emp(&f, id, "staff", NULL);
    }
    for (int i = 0; i < 60; i++) {
        for (int k = 0; k < 2; k++) {
            fact_punch *q = GROW1(f.punch, f.npunch);
            memset(q, 0, sizeof *q);
            q->emp_id = xstrdup(f.emp[i].id);
            q->emp = i;
            q->at = val_secs(k ? "2026-01-05 08:00:00" : "1926-01-05 08:00:00");
            q->rowid = (int64_t)f.npunch;
        }
    }
    kerr e = {0};
    T_EQ_INT(punch_schedule(&f, p, FACT_NODAY, &e), -1, "too many generated shifts");
    T_EQ_INT(e.code, EXIT_DATAERR, "too many generated shifts: exit 65");
    T_CHECK(strstr(e.msg, "60 employees with punches from 1926-01-05 to 2026-01-05") &&
            strstr(e.msg, "more than 2000000 generated shifts"), "the message names the span: %s", e.msg);
    T_EQ_INT(f.nshift, 0, "nothing generated");
    facts_free(&f);
}

int main(void)
{
    policy *p = load(NULL, NULL);
    T_CHECK(p->sched.line > 0 && p->sched.start == 8 * 3600 && p->sched.end == 17 * 3600 + 1800,
            "the landscaping pack declares the schedule 08:00–17:30");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) run_case(&cases[i], p);
    too_many(p);

    /* the policy refuses a schedule of no length, and one without pairing */
    static const struct { const char *from, *to, *msg; } bad[] = {
        { "end=\"17:30\"", "end=\"08:00\"", "schedule: start and end are both 08:00" },
        { "<punch-pairing ", "<!--<punch-pairing ", "schedule: needs <punch-pairing>" },
    };
    size_t len;
    const char *txt = policy_pack_text("landscaping", &len, NULL);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *hit = strstr(txt, bad[i].from);
        sbuf b = {0}, probs = {0};
        sbuf_add(&b, txt, (size_t)(hit - txt));
        sbuf_adds(&b, bad[i].to);
        const char *rest = hit + strlen(bad[i].from);
        if (strncmp(bad[i].to, "<!--", 4) == 0) {
            const char *end = strstr(rest, "/>");
            sbuf_add(&b, rest, (size_t)(end + 2 - rest));
            sbuf_adds(&b, " -->");
            rest = end + 2;
        }
        sbuf_adds(&b, rest);
        policy *q = NULL;
        kerr e = {0};
        int rc = policy_load_mem(b.p, b.len, "bad.xml", &q, &probs, &e);
        T_CHECK(rc != 0 && probs.p && strstr(probs.p, bad[i].msg), "policy %s: want a problem '%s', got '%s'",
                bad[i].to, bad[i].msg, probs.p ? probs.p : "(none)");
        policy_free(q);
        sbuf_free(&b);
        sbuf_free(&probs);
    }
    policy_free(p);
    return t_done();
}
