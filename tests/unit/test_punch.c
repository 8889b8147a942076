/* test_punch.c — pairing punches with the roster (punch.h, README "Punch
 * logs") against hand-worked cases.
 *
 * Every case is one employee (P1, wage 4,350.00) of the default pack,
 * whose <punch-pairing> is outside PT2H, inside PT4H, duplicate PT1M: a
 * punch counts for a start from 2 h before to 4 h after it, for an end from
 * 4 h before to 2 h after it. Each row gives the roster (shifts with the
 * clock times the attendance row holds), the punches, and what pairing must
 * make: each shift's clock-in and clock-out, each punch's use, the
 * punch_unpaired warnings (count, date, a piece of the detail), and the
 * late/early findings the attendance rules then make from those times.
 * 2026-10-12 is a Monday; 10-18 a Sunday with no shift. */
#include "punch.h"
#include "fines.h"
#include "facts.h"
#include "policy.h"
#include "value.h"
#include "util.h"
#include "t.h"

#include <stdlib.h>

#define GROW1(arr, n) ((arr) = xrealloc((arr), ((n) + 1) * sizeof *(arr)), &(arr)[(n)++])

typedef struct shift_row {
    const char *date, *start, *end;   /* the roster row */
    const char *in, *out;             /* clock times it holds ("YYYY-MM-DD HH:MM:SS"), or NULL */
    const char *want_in, *want_out;   /* after pairing, or NULL for none */
} shift_row;

typedef struct punch_row {
    const char *emp;                  /* employee_id (P1 unless given) */
    const char *at;                   /* "YYYY-MM-DD HH:MM:SS" */
    const char *use;                  /* expected punch_use_name */
} punch_row;

typedef struct pcase {
    const char *label;
    const char *variant_from, *variant_to;  /* a change to the default pack's text, or NULL */
    shift_row shifts[4];
    punch_row punches[8];
    int warnings;                     /* punch_unpaired findings */
    const char *warn_date;            /* the first one's date */
    const char *warn_has;             /* a piece of its detail */
    int late, early;                  /* late / early findings of P1 after pairing */
} pcase;

static const pcase cases[] = {
    /* 07:58 is 2 min before the start (window 06:00–12:00), 17:31 1 min
     * after the end (13:30–19:30): on time both ways, no finding */
    { "on time", NULL, NULL,
      { { "2026-10-12", "08:00:00", "17:30:00", NULL, NULL, "2026-10-12 07:58:00", "2026-10-12 17:31:00" } },
      { { NULL, "2026-10-12 07:58:00", "in" }, { NULL, "2026-10-12 17:31:00", "out" } },
      0, NULL, NULL, 0, 0 },
    /* 08:01 > 08:00 + grace 0: one late occurrence (第一篇 第二十八条) */
    { "late by 1 min", NULL, NULL,
      { { "2026-10-12", "08:00:00", "17:30:00", NULL, NULL, "2026-10-12 08:01:00", "2026-10-12 17:30:00" } },
      { { NULL, "2026-10-12 08:01:00", "in" }, { NULL, "2026-10-12 17:30:00", "out" } },
      0, NULL, NULL, 1, 0 },
    /* no punch near 17:30: clock-out stays empty, a missing single punch
     * counts as early (SPEC §7.1 item 3) */
    { "missing out-punch", NULL, NULL,
      { { "2026-10-12", "08:00:00", "17:30:00", NULL, NULL, "2026-10-12 07:59:00", NULL } },
      { { NULL, "2026-10-12 07:59:00", "in" } },
      0, NULL, NULL, 0, 1 },
    /* 22:00–06:00 ends the next day: in 21:50 (10 min early), out 10-15
     * 06:05 (window 02:00–08:00 of 10-15) */
    { "overnight shift 22:00-06:00", NULL, NULL,
      { { "2026-10-14", "22:00:00", "06:00:00", NULL, NULL, "2026-10-14 21:50:00", "2026-10-15 06:05:00" } },
      { { NULL, "2026-10-14 21:50:00", "in" }, { NULL, "2026-10-15 06:05:00", "out" } },
      0, NULL, NULL, 0, 0 },
    /* 20 s apart is within PT1M: the second of each pair is the same event */
    { "duplicates 20 s apart", NULL, NULL,
      { { "2026-10-12", "08:00:00", "17:30:00", NULL, NULL, "2026-10-12 07:58:00", "2026-10-12 17:31:00" } },
      { { NULL, "2026-10-12 07:58:00", "in" }, { NULL, "2026-10-12 07:58:20", "duplicate" },
        { NULL, "2026-10-12 17:31:00", "out" }, { NULL, "2026-10-12 17:31:20", "duplicate" } },
      0, NULL, NULL, 0, 0 },
    /* Sunday 10-18 has no shift: one warning, amount 0, dated that day;
     * its duplicate joins it, not a second warning */
    { "stray punch on a day off", NULL, NULL,
      { { "2026-10-12", "08:00:00", "17:30:00", NULL, NULL, "2026-10-12 07:58:00", "2026-10-12 17:31:00" } },
      { { NULL, "2026-10-12 07:58:00", "in" }, { NULL, "2026-10-12 17:31:00", "out" },
        { NULL, "2026-10-18 10:00:00", "stray" }, { NULL, "2026-10-18 10:00:30", "duplicate" } },
      1, "2026-10-18", "10:00:00（门禁1）（另有 1 次重复打卡）；当天无排班", 0, 0 },
    /* the attendance row's clock-in wins over the 08:30 punch, which is
     * used up by that anchor, not stray */
    { "stored clock-in wins", NULL, NULL,
      { { "2026-10-12", "08:00:00", "17:30:00", "2026-10-12 07:50:00", NULL, "2026-10-12 07:50:00",
          "2026-10-12 17:35:00" } },
      { { NULL, "2026-10-12 08:30:00", "kept" }, { NULL, "2026-10-12 17:35:00", "out" } },
      0, NULL, NULL, 0, 0 },
    /* 12:30 is in neither window (in ends 12:00, out starts 13:30) but
     * inside the shift: unused, no warning */
    { "lunch punch inside the shift", NULL, NULL,
      { { "2026-10-12", "08:00:00", "17:30:00", NULL, NULL, "2026-10-12 07:58:00", "2026-10-12 17:31:00" } },
      { { NULL, "2026-10-12 07:58:00", "in" }, { NULL, "2026-10-12 12:30:00", "inside" },
        { NULL, "2026-10-12 17:31:00", "out" } },
      0, NULL, NULL, 0, 0 },
    /* split shifts: 12:02 is 2 min from the first end, 118 from the second
     * start: nearest anchor → out of the first; 13:58 → in of the second */
    { "split shifts, nearest anchor", NULL, NULL,
      { { "2026-10-12", "08:00:00", "12:00:00", NULL, NULL, "2026-10-12 07:55:00", "2026-10-12 12:02:00" },
        { "2026-10-12", "14:00:00", "18:00:00", NULL, NULL, "2026-10-12 13:58:00", "2026-10-12 18:01:00" } },
      { { NULL, "2026-10-12 07:55:00", "in" }, { NULL, "2026-10-12 12:02:00", "out" },
        { NULL, "2026-10-12 13:58:00", "in" }, { NULL, "2026-10-12 18:01:00", "out" } },
      0, NULL, NULL, 0, 0 },
    /* the last punch of the end window is the clock-out */
    { "last out-punch wins", NULL, NULL,
      { { "2026-10-12", "08:00:00", "17:30:00", NULL, NULL, "2026-10-12 07:58:00", "2026-10-12 18:40:00" } },
      { { NULL, "2026-10-12 07:58:00", "in" }, { NULL, "2026-10-12 17:31:00", "spare" },
        { NULL, "2026-10-12 18:40:00", "out" } },
      0, NULL, NULL, 0, 0 },
    /* 05:59 is 2 h 1 min early: in no window and outside the shift →
     * warning, and the shift has no clock-in (late) */
    { "too early for the window", NULL, NULL,
      { { "2026-10-12", "08:00:00", "17:30:00", NULL, NULL, NULL, "2026-10-12 17:30:00" } },
      { { NULL, "2026-10-12 05:59:00", "stray" }, { NULL, "2026-10-12 17:30:00", "out" } },
      1, "2026-10-12", "05:59:00（门禁1）；不在当天班次的上下班打卡时段内", 1, 0 },
    /* the window is the policy's: outside PT1H makes 06:30 stray, where
     * the default's PT2H takes it as the clock-in */
    { "window from the policy", "outside=\"PT2H\"", "outside=\"PT1H\"",
      { { "2026-10-12", "08:00:00", "17:30:00", NULL, NULL, NULL, "2026-10-12 17:30:00" } },
      { { NULL, "2026-10-12 06:30:00", "stray" }, { NULL, "2026-10-12 17:30:00", "out" } },
      1, "2026-10-12", "06:30:00", 1, 0 },
    { "same punch, default window", NULL, NULL,
      { { "2026-10-12", "08:00:00", "17:30:00", NULL, NULL, "2026-10-12 06:30:00", "2026-10-12 17:30:00" } },
      { { NULL, "2026-10-12 06:30:00", "in" }, { NULL, "2026-10-12 17:30:00", "out" } },
      0, NULL, NULL, 0, 0 },
    /* after the as-of day (10-31): not judged yet, no warning */
    { "punch after the as-of day", NULL, NULL,
      { { "2026-10-12", "08:00:00", "17:30:00", NULL, NULL, "2026-10-12 08:00:00", "2026-10-12 17:30:00" } },
      { { NULL, "2026-10-12 08:00:00", "in" }, { NULL, "2026-10-12 17:30:00", "out" },
        { NULL, "2026-11-02 08:00:00", "later" } },
      0, NULL, NULL, 0, 0 },
    /* an employee_id with no employee row cannot be paired */
    { "unknown employee", NULL, NULL,
      { { "2026-10-12", "08:00:00", "17:30:00", NULL, NULL, "2026-10-12 08:00:00", "2026-10-12 17:30:00" } },
      { { NULL, "2026-10-12 08:00:00", "in" }, { NULL, "2026-10-12 17:30:00", "out" },
        { "P9", "2026-10-12 08:00:00", "stray" } },
      1, "2026-10-12", "员工编号未登记", 0, 0 },
    /* without <punch-pairing> nothing is paired: the shift stays absent and
     * the day of punches is one warning */
    { "no <punch-pairing> in the policy", "<punch-pairing ", "<!-- <punch-pairing ",
      { { "2026-10-12", "08:00:00", "17:30:00", NULL, NULL, NULL, NULL } },
      { { NULL, "2026-10-12 07:58:00", "unpaired" }, { NULL, "2026-10-12 17:31:00", "unpaired" } },
      1, "2026-10-12", "政策未声明 <punch-pairing>", 0, 0 },
};

/* The default pack, or its text with one change (the change "<!-- X"
 * comments the element out up to its end "/>": the closing is added). */
static policy *load(const char *from, const char *to)
{
    size_t len;
    const char *txt = policy_pack_text("default", &len, NULL);
    sbuf b = {0};
    if (!from) {
        sbuf_add(&b, txt, len);
    } else {
        const char *hit = strstr(txt, from);
        if (!hit) { fprintf(stderr, "variant: '%s' not in the default pack\n", from); abort(); }
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

static void build(facts *f, const pcase *c)
{
    memset(f, 0, sizeof *f);
    fact_employee *e = GROW1(f->emp, f->nemp);
    memset(e, 0, sizeof *e);
    e->id = xstrdup("P1");
    e->name = xstrdup("甲");
    e->dept = xstrdup("客服部");
    e->role = xstrdup("staff");
    e->wage_fen = 435000;
    e->hired_on = e->left_on = FACT_NODAY;
    e->rowid = 1;
    for (int i = 0; i < 4 && c->shifts[i].date; i++) {
        const shift_row *r = &c->shifts[i];
        fact_shift *s = GROW1(f->shift, f->nshift);
        memset(s, 0, sizeof *s);
        s->emp = 0;
        s->date = val_days(r->date);
        s->start = (int64_t)s->date * 86400 + val_tod(r->start);
        s->end = (int64_t)s->date * 86400 + val_tod(r->end);
        if (s->end <= s->start) s->end += 86400;
        s->clock_in = r->in ? val_secs(r->in) : FACT_NONE;
        s->clock_out = r->out ? val_secs(r->out) : FACT_NONE;
        s->rowid = 100 + i;
    }
    for (int i = 0; i < 8 && c->punches[i].at; i++) {
        const punch_row *r = &c->punches[i];
        fact_punch *q = GROW1(f->punch, f->npunch);
        q->emp_id = xstrdup(r->emp ? r->emp : "P1");
        q->emp = facts_emp_index(f, q->emp_id);
        q->at = val_secs(r->at);
        q->device = xstrdup("门禁1");
        q->rowid = 200 + i;
    }
}

static void time_eq(int64_t got, const char *want, const char *label, const char *what)
{
    char g[20] = "(none)";
    if (got != FACT_NONE) val_secs_str(got, g);
    T_CHECK(strcmp(g, want ? want : "(none)") == 0, "%s: %s: got %s, want %s", label, what, g,
            want ? want : "(none)");
}

static void run_case(const pcase *c, const policy *dflt)
{
    policy *var = c->variant_from ? load(c->variant_from, c->variant_to) : NULL;
    const policy *p = var ? var : dflt;
    int32_t as_of = val_days("2026-10-31");
    facts f;
    build(&f, c);

    /* the plan: each punch's use */
    punch_plan_entry *plan = xcalloc(f.npunch + 1, sizeof *plan);
    punch_plan(&f, p, as_of, plan, NULL, NULL);
    for (size_t i = 0; i < f.npunch; i++) {
        char what[64];
        snprintf(what, sizeof what, "punch %zu's use", i + 1);
        T_CHECK(strcmp(punch_use_name(plan[i].use), c->punches[i].use) == 0, "%s: %s: got %s, want %s",
                c->label, what, punch_use_name(plan[i].use), c->punches[i].use);
    }
    free(plan);

    /* the pairing: clock times and warnings */
    finding_list w = {0};
    punch_pair(&f, p, as_of, &w);
    for (size_t i = 0; i < f.nshift; i++) {
        time_eq(f.shift[i].clock_in, c->shifts[i].want_in, c->label, "clock_in");
        time_eq(f.shift[i].clock_out, c->shifts[i].want_out, c->label, "clock_out");
    }
    T_EQ_INT(w.n, c->warnings, c->label);
    for (size_t i = 0; i < w.n; i++) {
        T_EQ_STR(w.v[i].rule, "punch_unpaired", c->label);
        T_CHECK(w.v[i].sanction == SANCTION_WARNING && w.v[i].amount_fen == 0,
                "%s: a warning of amount 0", c->label);
        T_CHECK(w.v[i].nsrc >= 1 && strcmp(w.v[i].src[0].kind, "punch") == 0, "%s: cites its punch", c->label);
    }
    if (w.n) {
        T_EQ_STR(w.v[0].date, c->warn_date, c->label);
        T_CHECK(strstr(w.v[0].detail, c->warn_has) != NULL, "%s: detail '%s' lacks '%s'", c->label,
                w.v[0].detail, c->warn_has);
    }

    /* the attendance rules, unchanged, on the paired times */
    finding_list fl = {0};
    kerr e = {0};
    T_EQ_INT(fines_run(&f, p, as_of, &fl, &e), 0, c->label);
    int late = 0, early = 0, cites_punch = 0;
    for (size_t i = 0; i < fl.n; i++) {
        if (strcmp(fl.v[i].subject_id, "P1") != 0) continue;
        late += strcmp(fl.v[i].rule, "late") == 0;
        early += strcmp(fl.v[i].rule, "early") == 0;
        for (int j = 0; j < fl.v[i].nsrc; j++) cites_punch += strcmp(fl.v[i].src[j].kind, "punch") == 0;
    }
    T_CHECK(late == c->late, "%s: late findings: got %d, want %d", c->label, late, c->late);
    T_CHECK(early == c->early, "%s: early findings: got %d, want %d", c->label, early, c->early);
    /* a late finding made from a punch names the punch row */
    if (c->late && f.shift[0].in_punch)
        T_CHECK(cites_punch > 0, "%s: the late finding cites the punch it rests on", c->label);
    finding_list_free(&fl);
    finding_list_free(&w);
    facts_free(&f);
    policy_free(var);
}

int main(void)
{
    policy *p = load(NULL, NULL);
    T_CHECK(p->punch.line > 0 && p->punch.outside == 7200 && p->punch.inside == 14400 &&
            p->punch.duplicate == 60, "the default pack declares PT2H / PT4H / PT1M");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) run_case(&cases[i], p);

    /* the policy refuses windows that reach the next day, and months */
    static const struct { const char *from, *to, *msg; } bad[] = {
        { "outside=\"PT2H\"", "outside=\"PT13H\"", "outside and inside are at most PT12H" },
        { "duplicate=\"PT1M\"", "duplicate=\"P1M\"", "must be days, hours or minutes" },
        { "duplicate=\"PT1M\"", "duplicate=\"PT2H\"", "duplicate is at most PT1H" },
        { "duplicate=\"PT1M\"", "duplicate=\"PT10S\"", "shorter than one minute" },
    };
    size_t len;
    const char *txt = policy_pack_text("default", &len, NULL);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *hit = strstr(txt, bad[i].from);
        sbuf b = {0}, probs = {0};
        sbuf_add(&b, txt, (size_t)(hit - txt));
        sbuf_adds(&b, bad[i].to);
        sbuf_adds(&b, hit + strlen(bad[i].from));
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
