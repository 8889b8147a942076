/* test_fines.c — the fines engine (SPEC §7.1) against hand-computed cases.
 *
 * One table per article of the default policy (templates/policy/default.xml).
 * Each row builds its facts in C, runs fines_run as of a day, keeps the
 * findings of the rules it names (and of one subject), sorts them
 * (finding_list_sort) and compares rule, sanction, amount (yuan), date and
 * period with the expectation worked out by hand in the row's comment;
 * `has` checks a piece of the one-line detail.
 *
 * Default figures used throughout: days per month 21.75; W = 4,350.00 and
 * B = 0 give D = (W + B) / 21.75 = 200.00 exactly.
 *
 * Calendar facts (docs/calendar-cn.md, 2026): 2026-10-01 is a
 * Thursday; 10-12 a Monday. 国庆 10-01..10-07 off (10-10 Sat make-up); 中秋
 * 09-25..09-27 off; 春节 02-15..02-23 off (02-14 and 02-28 Sat make-up). */
#include "fines.h"
#include "kinds.h"
#include "embed.h"
#include "facts.h"
#include "policy.h"
#include "value.h"
#include "util.h"
#include "t.h"

#include <stdlib.h>

/* ------------------------------------------------------------ the builder */

static int64_t next_rowid = 1;

#define GROW1(arr, n) ((arr) = xrealloc((arr), ((n) + 1) * sizeof *(arr)), &(arr)[(n)++])

static int64_t yuan(const char *s)
{
    int64_t fen = 0;
    if (val_money(s, &fen)) { fprintf(stderr, "bad amount in test: %s\n", s); abort(); }
    return fen;
}

/* Employees must be added in id order (facts.emp is id-sorted). */
static void add_emp(facts *f, const char *id, const char *dept, const char *role,
                    const char *wage, const char *bonus)
{
    fact_employee *e = GROW1(f->emp, f->nemp);
    memset(e, 0, sizeof *e);
    e->id = xstrdup(id);
    e->name = xstrdup(id);
    e->dept = xstrdup(dept);
    e->role = xstrdup(role);
    e->wage_fen = yuan(wage);
    e->bonus_fen = yuan(bonus);
    e->hired_on = e->left_on = FACT_NODAY;
    e->rowid = next_rowid++;
}

static int64_t instant(const char *datetime)
{
    return datetime ? val_secs(datetime) : FACT_NONE;
}

/* One shift: times "HH:MM:SS"; punches full datetimes or NULL. */
static void add_shift(facts *f, const char *emp, const char *date, const char *start,
                      const char *end, const char *in, const char *out)
{
    fact_shift *s = GROW1(f->shift, f->nshift);
    memset(s, 0, sizeof *s);                /* no punch rows behind it (in_punch 0) */
    s->emp = facts_emp_index(f, emp);
    s->date = val_days(date);
    s->start = (int64_t)s->date * 86400 + val_tod(start);
    s->end = (int64_t)s->date * 86400 + val_tod(end);
    if (s->end <= s->start) s->end += 86400;
    s->clock_in = instant(in);
    s->clock_out = instant(out);
    s->rowid = next_rowid++;
}

/* A roster from `date` on, one character per calendar day, 08:00–17:00:
 * '.' no shift (rest day), 'A' absent (no punches), 'W' worked on time,
 * 'L' late (in 08:01), 'E' early (out 16:59), 'B' late and early,
 * 'I' no clock-in, 'O' no clock-out. */
static void add_roster(facts *f, const char *emp, const char *date, const char *pattern)
{
    int32_t d0 = val_days(date);
    for (int i = 0; pattern[i]; i++) {
        char ds[11], in[20], out[20];
        val_days_str(d0 + i, ds);
        char ch = pattern[i];
        if (ch == '.') continue;
        snprintf(in, sizeof in, "%s %s", ds, (ch == 'L' || ch == 'B') ? "08:01:00" : "08:00:00");
        snprintf(out, sizeof out, "%s %s", ds, (ch == 'E' || ch == 'B') ? "16:59:00" : "17:00:00");
        add_shift(f, emp, ds, "08:00:00", "17:00:00",
                  (ch == 'A' || ch == 'I') ? NULL : in, (ch == 'A' || ch == 'O') ? NULL : out);
    }
}

static void add_leave(facts *f, const char *id, const char *emp, const char *type, const char *from,
                      const char *to, const char *approver, int certificate)
{
    fact_leave *l = GROW1(f->leave, f->nleave);
    l->id = xstrdup(id);
    l->emp = facts_emp_index(f, emp);
    l->type = xstrdup(type);
    l->start = val_days(from);
    l->end = val_days(to);
    l->approved_by = approver ? xstrdup(approver) : NULL;
    l->certificate = certificate;
    l->rowid = next_rowid++;
    l->requested_at = FACT_NONE;
}

static void add_swap(facts *f, const char *id, const char *emp, const char *date, const char *with,
                     const char *reported_to)
{
    fact_swap *w = GROW1(f->swap, f->nswap);
    w->id = xstrdup(id);
    w->emp = facts_emp_index(f, emp);
    w->date = val_days(date);
    w->with = with ? xstrdup(with) : NULL;
    w->reported_to = reported_to ? xstrdup(reported_to) : NULL;
    w->rowid = next_rowid++;
}

static int add_meeting(facts *f, const char *id, const char *type, const char *date,
                       const char *start, const char *end)
{
    fact_meeting *m = GROW1(f->meeting, f->nmeeting);
    m->id = xstrdup(id);
    m->type = xstrdup(type);
    m->date = val_days(date);
    m->start = (int64_t)m->date * 86400 + val_tod(start);
    m->end = (int64_t)m->date * 86400 + val_tod(end);
    m->title = NULL;
    m->rowid = next_rowid++;
    return (int)f->nmeeting - 1;
}

/* arrived / left: "HH:MM:SS" on the meeting's day, or NULL. */
static void add_matt(facts *f, int meeting, const char *emp, const char *arrived, const char *left,
                     int excused, int disruption)
{
    fact_meeting_att *a = GROW1(f->matt, f->nmatt);
    int32_t day = f->meeting[meeting].date;
    a->meeting = meeting;
    a->emp = facts_emp_index(f, emp);
    a->arrived = arrived ? (int64_t)day * 86400 + val_tod(arrived) : FACT_NONE;
    a->left = left ? (int64_t)day * 86400 + val_tod(left) : FACT_NONE;
    a->excused = excused;
    a->disruption = disruption;
    a->rowid = next_rowid++;
}

static void add_report(facts *f, const char *dept, int weekly, const char *period, const char *at)
{
    fact_report *r = GROW1(f->report, f->nreport);
    r->dept = xstrdup(dept);
    r->weekly = weekly;
    r->period = xstrdup(period);
    r->submitted_at = instant(at);
    r->rowid = next_rowid++;
}

static void add_incident(facts *f, const char *id, const char *emp, const char *date,
                         const char *offense, const char *amount)
{
    fact_incident *x = GROW1(f->incident, f->nincident);
    x->id = xstrdup(id);
    x->emp = facts_emp_index(f, emp);
    x->date = val_days(date);
    x->offense = xstrdup(offense);
    x->amount_fen = amount ? yuan(amount) : FACT_NONE;
    x->rowid = next_rowid++;
}

/* ----------------------------------------------------------- expectations */

/* One expected finding, in canonical order (finding_list_sort: subject,
 * date, rule, amount, detail). */
typedef struct exp_f {
    const char *rule;     /* rule code; NULL ends the list */
    sanction s;           /* sanction */
    const char *amount;   /* yuan */
    const char *date;     /* YYYY-MM-DD (the period must be its month) */
    const char *has;      /* a piece of the detail, or NULL */
} exp_f;

#define MAXEXP 8
#define S_NONE SANCTION_NONE
#define S_WARN SANCTION_WARNING
#define S_FINE SANCTION_FINE
#define S_DED SANCTION_DEDUCTION
#define S_DISM SANCTION_DISMISSAL
#define S_REWARD SANCTION_REWARD

static int rule_in(const char *rule, const char *rules)
{
    size_t n = strlen(rule);
    for (const char *p = rules; *p;) {
        const char *e = strchr(p, ' ');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && strncmp(p, rule, n) == 0) return 1;
        if (!e) break;
        p = e + 1;
    }
    return 0;
}

/* Compares the findings of `rules` (space-separated) about `subject`
 * (NULL: any) with `exp`. */
static void check(const char *label, finding_list *l, const char *rules, const char *subject,
                  const exp_f *exp)
{
    char lab[400];
    int k = 0;
    finding_list_sort(l);
    for (size_t i = 0; i < l->n; i++) {
        const finding *x = &l->v[i];
        if (!rule_in(x->rule, rules)) continue;
        if (subject && strcmp(x->subject_id, subject) != 0) continue;
        if (k >= MAXEXP || !exp[k].rule) {
            T_CHECK(0, "%s: unexpected finding %s %s %lld %s: %s", label, x->rule,
                    sanction_name(x->sanction), (long long)x->amount_fen, x->date, x->detail);
            continue;
        }
        const exp_f *w = &exp[k++];
        snprintf(lab, sizeof lab, "%s [%d] rule", label, k);
        T_EQ_STR(x->rule, w->rule, lab);
        snprintf(lab, sizeof lab, "%s [%d] sanction", label, k);
        T_EQ_STR(sanction_name(x->sanction), sanction_name(w->s), lab);
        snprintf(lab, sizeof lab, "%s [%d] amount (fen)", label, k);
        T_EQ_INT(x->amount_fen, yuan(w->amount), lab);
        snprintf(lab, sizeof lab, "%s [%d] date", label, k);
        T_EQ_STR(x->date, w->date, lab);
        T_CHECK(strncmp(x->period, w->date, 7) == 0 && strlen(x->period) == 7,
                "%s [%d] period %s for date %s", label, k, x->period, w->date);
        T_CHECK(x->article && *x->article, "%s [%d] has no article", label, k);
        T_CHECK(x->detail && *x->detail && !strchr(x->detail, '\n'), "%s [%d] detail not one line", label, k);
        if (w->has)
            T_CHECK(strstr(x->detail, w->has) != NULL, "%s [%d] detail '%s' lacks '%s'", label, k,
                    x->detail, w->has);
    }
    while (k < MAXEXP && exp[k].rule) {
        T_CHECK(0, "%s: missing finding %s %s %s %s", label, exp[k].rule, exp[k].amount,
                exp[k].date, sanction_name(exp[k].s));
        k++;
    }
}

static policy *P_default, *P_grace5, *P_occ2;
/* The ladder engine's incident cases run on P_ladders: the landscaping pack
 * with four fixture offences (the ladders the property pack carried before
 * issue 11 moved them to the club and clinic packs, whose own ladders
 * test_pack_incidents checks against their text). */
static policy *P_ladders;

/* The landscaping pack (whose attendance rules the default adopts) with one
 * attribute replaced (a small inline variant). */
static policy *variant(const char *from, const char *to)
{
    size_t len;
    /* the default (property) pack adopts its attendance rules from the
     * landscaping pack, so the attendance numbers are varied there */
    const char *txt = policy_pack_text("landscaping", &len, NULL);
    const char *hit = strstr(txt, from);
    if (!hit) { fprintf(stderr, "variant: '%s' not in the landscaping pack\n", from); abort(); }
    sbuf b = { 0 };
    sbuf_add(&b, txt, (size_t)(hit - txt));
    sbuf_adds(&b, to);
    sbuf_adds(&b, hit + strlen(from));
    policy *p = NULL;
    kerr e = { 0 };
    sbuf probs = { 0 };
    if (policy_load_mem(b.p, b.len, "variant.xml", &p, &probs, &e)) {
        fprintf(stderr, "variant: %s\n%s", e.msg, probs.p ? probs.p : "");
        abort();
    }
    sbuf_free(&b);
    sbuf_free(&probs);
    return p;
}

static void run(const char *label, const policy *p, const facts *f, const char *as_of, finding_list *out)
{
    kerr e = { 0 };
    memset(out, 0, sizeof *out);
    T_EQ_INT(fines_run(f, p, val_days(as_of), out, &e), 0, label);
}

/* ======================================================================
 * 第一篇 第三十一条 — absence runs. L ≤ 2: 2·L·D; 3..5: (W+B)/2;
 * 6..10: W+B; ≥ 11: W+2B; ≥ 15 consecutive, or the 30th day of a year:
 * dismissal finding. Roster of E001 from Monday 2026-10-12.
 * ====================================================================== */
static const struct {
    const char *name;     /* the case, with the hand computation */
    const char *w, *b;    /* monthly wage and bonus (yuan) */
    const char *start;    /* first day of the roster */
    const char *pattern;  /* roster (add_roster) */
    const char *as_of;    /* judged day */
    const char *rules;    /* rules compared */
    exp_f exp[MAXEXP];
} absence_cases[] = {
    { "第一篇 第三十一条: W=4350, B=0, D=200.00; 1-day run = 2×1×200 = 400.00",
      "4350", "0", "2026-10-12", "A", "2026-11-30", "absence_run dismissal",
      { { "absence_run", S_DED, "400.00", "2026-10-12", "旷工 1 天（2026-10-12）：2×1×D = 400.00 元" } } },
    { "第一篇 第三十一条: 2-day run = 2×2×200 = 800.00, dated on its last day",
      "4350", "0", "2026-10-12", "AA", "2026-11-30", "absence_run dismissal",
      { { "absence_run", S_DED, "800.00", "2026-10-13", "连续旷工 2 天（2026-10-12 至 2026-10-13）：2×2×D = 800.00 元" } } },
    { "第一篇 第三十一条: 3-day run = (W+B)/2 = 2175.00",
      "4350", "0", "2026-10-12", "AAA", "2026-11-30", "absence_run dismissal",
      { { "absence_run", S_DED, "2175.00", "2026-10-14", "(W+B)/2 = 2,175.00 元" } } },
    { "第一篇 第三十一条: 4-day run = (W+B)/2 = 2175.00 (the brief's example line)",
      "4350", "0", "2026-10-12", "AAAA", "2026-11-30", "absence_run dismissal",
      { { "absence_run", S_DED, "2175.00", "2026-10-15",
          "连续旷工 4 天（2026-10-12 至 2026-10-15）：(W+B)/2 = 2,175.00 元" } } },
    { "第一篇 第三十一条: 5-day run = (W+B)/2 = 2175.00",
      "4350", "0", "2026-10-12", "AAAAA", "2026-11-30", "absence_run dismissal",
      { { "absence_run", S_DED, "2175.00", "2026-10-16", NULL } } },
    { "第一篇 第三十一条: 6-day run, the weekend 10-17/18 inside does not break it: W+B = 4350.00",
      "4350", "0", "2026-10-12", "AAAAA..A", "2026-11-30", "absence_run dismissal",
      { { "absence_run", S_DED, "4350.00", "2026-10-19", "连续旷工 6 天（2026-10-12 至 2026-10-19）：W+B = 4,350.00 元" } } },
    { "第一篇 第三十一条: 10-day run = W+B = 4350.00",
      "4350", "0", "2026-10-12", "AAAAA..AAAAA", "2026-11-30", "absence_run dismissal",
      { { "absence_run", S_DED, "4350.00", "2026-10-23", NULL } } },
    { "第一篇 第三十一条: 11-day run, B=0: W+2B = 4350.00",
      "4350", "0", "2026-10-12", "AAAAA..AAAAA..A", "2026-11-30", "absence_run dismissal",
      { { "absence_run", S_DED, "4350.00", "2026-10-26", NULL } } },
    { "第一篇 第三十一条: 11-day run, W=4000, B=350 (D = 4350/21.75 = 200): W+2B = 4700.00",
      "4000", "350", "2026-10-12", "AAAAA..AAAAA..A", "2026-11-30", "absence_run dismissal",
      { { "absence_run", S_DED, "4700.00", "2026-10-26", "W+2B = 4,700.00 元（W = 4,000.00，B = 350.00）" } } },
    { "第一篇 第三十一条: 10-day run, W=4000, B=350: W+B = 4350.00 (tier boundary 10|11)",
      "4000", "350", "2026-10-12", "AAAAA..AAAAA", "2026-11-30", "absence_run dismissal",
      { { "absence_run", S_DED, "4350.00", "2026-10-23", NULL } } },
    { "第一篇 第三十一条: 14-day run = W+2B = 4700.00, below the 15-day dismissal threshold",
      "4000", "350", "2026-10-12", "AAAAA..AAAAA..AAAA", "2026-11-30", "absence_run dismissal",
      { { "absence_run", S_DED, "4700.00", "2026-10-29", NULL } } },
    { "第一篇 第三十一条: 15-day run = 4700.00 and a dismissal finding (threshold 15)",
      "4000", "350", "2026-10-12", "AAAAA..AAAAA..AAAAA", "2026-11-30", "absence_run dismissal",
      { { "absence_run", S_DED, "4700.00", "2026-10-30", NULL },
        { "dismissal", S_DISM, "0", "2026-10-30",
          "连续旷工 15 天（2026-10-12 至 2026-10-30）：达到规章制度的除名条件，交人力资源部复核（meets the regulation's dismissal threshold — for HR review）" } } },
    { "第一篇 第三十一条: 16-day run crossing into November: dated 11-02, period 2026-11",
      "4000", "350", "2026-10-12", "AAAAA..AAAAA..AAAAA..A", "2026-11-30", "absence_run dismissal",
      { { "absence_run", S_DED, "4700.00", "2026-11-02", "连续旷工 16 天（2026-10-12 至 2026-11-02）" },
        { "dismissal", S_DISM, "0", "2026-11-02", NULL } } },
    { "第一篇 第三十一条: a worked shift breaks a run: 2 + 2 days = 800.00 + 800.00",
      "4350", "0", "2026-10-12", "AAWAA", "2026-11-30", "absence_run dismissal",
      { { "absence_run", S_DED, "800.00", "2026-10-13", NULL },
        { "absence_run", S_DED, "800.00", "2026-10-16", NULL } } },
    { "第一篇 第三十一条: days without shifts between two absences do not break the run: 2 days = 800.00",
      "4350", "0", "2026-10-12", "A......A", "2026-11-30", "absence_run dismissal",
      { { "absence_run", S_DED, "800.00", "2026-10-19", "（2026-10-12 至 2026-10-19）" } } },
    { "第一篇 第三十一条: a run still going on at the as-of day (10-14) is costed as it stands: 3 days = 2175.00",
      "4350", "0", "2026-10-12", "AAAAA", "2026-10-14", "absence_run dismissal",
      { { "absence_run", S_DED, "2175.00", "2026-10-14", NULL } } },
    { "第一篇 第三十一条: shifts after the as-of day are not judged",
      "4350", "0", "2026-10-12", "AAAAA", "2026-10-11", "absence_run dismissal late early",
      { { NULL } } },
    { "第一篇 第三十一条: W=5000, D = 229.885…; 1 day = 2×1×500000×100/2175 fen = 45977.01 → 459.77",
      "5000", "0", "2026-10-12", "A", "2026-11-30", "absence_run",
      { { "absence_run", S_DED, "459.77", "2026-10-12", NULL } } },
    { "第一篇 第三十一条: W=5000, 2 days = 2×2×500000×100/2175 fen = 91954.02 → 919.54 "
      "(one rounding: not 4 × 229.89 = 919.56)",
      "5000", "0", "2026-10-12", "AA", "2026-11-30", "absence_run",
      { { "absence_run", S_DED, "919.54", "2026-10-13", NULL } } },
    { "第一篇 第三十一条: W=4350.01, 3 days = 435001/2 = 217500.5 fen → half-up 2175.01",
      "4350.01", "0", "2026-10-12", "AAA", "2026-11-30", "absence_run",
      { { "absence_run", S_DED, "2175.01", "2026-10-14", NULL } } },
    { "第一篇 第三十一条: the 30th absence day of 2026 (runs of 1 every other day from 10-12; "
      "30th = 10-12 + 58 = 12-09) adds one dismissal finding",
      "4350", "0", "2026-10-12", "AWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAW",
      "2026-12-31", "dismissal",
      { { "dismissal", S_DISM, "0", "2026-12-09", "2026 年累计旷工第 30 天（2026-12-09）" } } },
    { "第一篇 第三十一条: 31 absence days in 2026 (12-11 the 31st): still one yearly dismissal (12-09)",
      "4350", "0", "2026-10-12", "AWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWA",
      "2026-12-31", "dismissal",
      { { "dismissal", S_DISM, "0", "2026-12-09", NULL } } },
    { "第一篇 第三十一条: 29 absence days in 2026: no dismissal",
      "4350", "0", "2026-10-12", "AWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWWW",
      "2026-12-31", "dismissal", { { NULL } } },
    { "第一篇 第三十一条: 30 days across a year boundary (16 in 2026: 12-01…12-31 odd days; 14 in 2027): "
      "the count resets, no dismissal",
      "4350", "0", "2026-12-01", "AWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAW",
      "2027-01-31", "dismissal", { { NULL } } },
    { "第一篇 第三十一条 + 第三十三条: 29 absent days, then 3 late days 12-09/10/11: the occurrence-made "
      "day of 12-11 is the 30th → dismissal on 12-11",
      "4350", "0", "2026-10-12", "AWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWAWLLL",
      "2026-12-31", "dismissal",
      { { "dismissal", S_DISM, "0", "2026-12-11", NULL } } },
};

static void test_absence(void)
{
    for (size_t i = 0; i < sizeof absence_cases / sizeof absence_cases[0]; i++) {
        facts f = { 0 };
        finding_list out;
        add_emp(&f, "E001", "客服部", "staff", absence_cases[i].w, absence_cases[i].b);
        add_roster(&f, "E001", absence_cases[i].start, absence_cases[i].pattern);
        run(absence_cases[i].name, P_default, &f, absence_cases[i].as_of, &out);
        check(absence_cases[i].name, &out, absence_cases[i].rules, "E001", absence_cases[i].exp);
        finding_list_free(&out);
        facts_free(&f);
    }
}

/* ======================================================================
 * 第一篇 第三十条 / 第三十四条 — leave validity. Approval matrix of the
 * default policy (first match decides): a dept_head's leave — gm;
 * personal ≤ 3 days — own dept_head or gm; personal ≥ 4 days — gm; any
 * other type — own dept_head or gm; sick leave needs a certificate.
 * People: E001 staff 客服部 (W=4350, D=200), E002 dept_head 客服部,
 * E003 dept_head 工程部, E004 gm, E005 dept_head 客服部. Every shift of the
 * roster has no punches, so an uncovered one is absent.
 * ====================================================================== */
static const struct {
    const char *name;
    const char *who;           /* requester */
    const char *type;          /* leave type */
    const char *from, *to;     /* leave days */
    const char *approver;      /* approved_by or NULL */
    int cert;                  /* certificate */
    const char *start;         /* roster start */
    const char *pattern;       /* roster */
    exp_f exp[MAXEXP];
} leave_cases[] = {
    { "第一篇 第三十条: 3-day personal leave approved by the own dept_head: valid, no absence",
      "E001", "personal", "2026-10-12", "2026-10-14", "E002", 0, "2026-10-12", "AAA", { { NULL } } },
    { "第一篇 第三十条: 4-day personal leave approved by the dept_head: invalid (needs gm); "
      "4-day run = (W+B)/2 = 2175.00",
      "E001", "personal", "2026-10-12", "2026-10-15", "E002", 0, "2026-10-12", "AAAA",
      { { "absence_run", S_DED, "2175.00", "2026-10-15",
          "请假单 Q001（事假，2026-10-12 至 2026-10-15）无效（4 天事假须总经理批准（批准人为部门负责人））" } } },
    { "第一篇 第三十条: 4-day personal leave approved by the gm: valid",
      "E001", "personal", "2026-10-12", "2026-10-15", "E004", 0, "2026-10-12", "AAAA", { { NULL } } },
    { "第一篇 第三十条: calendar days: personal leave Fri 10-16 … Mon 10-19 is 4 days (needs gm); "
      "the 2 absent shifts form a run of 2 = 800.00",
      "E001", "personal", "2026-10-16", "2026-10-19", "E002", 0, "2026-10-16", "A..A",
      { { "absence_run", S_DED, "800.00", "2026-10-19", "4 天事假须总经理批准" } } },
    { "第一篇 第三十条: approved by the dept_head of another department: invalid; 2 days = 800.00",
      "E001", "personal", "2026-10-12", "2026-10-13", "E003", 0, "2026-10-12", "AA",
      { { "absence_run", S_DED, "800.00", "2026-10-13", "批准人 E003 为其他部门（工程部）的部门负责人" } } },
    { "第一篇 第三十四条: sick leave without a hospital certificate: invalid; 2 days = 800.00",
      "E001", "sick", "2026-10-12", "2026-10-13", "E002", 0, "2026-10-12", "AA",
      { { "absence_run", S_DED, "800.00", "2026-10-13", "请假单 Q001（病假，2026-10-12 至 2026-10-13）无效（病假无医院证明），按旷工处理" } } },
    { "第一篇 第三十四条: sick leave with a certificate, approved by the own dept_head: valid",
      "E001", "sick", "2026-10-12", "2026-10-13", "E002", 1, "2026-10-12", "AA", { { NULL } } },
    { "第一篇 第三十条: annual leave of 5 days, own dept_head: valid (no length limit for other types)",
      "E001", "annual", "2026-10-12", "2026-10-16", "E002", 0, "2026-10-12", "AAAAA", { { NULL } } },
    { "第一篇 第三十条: a dept_head's own 1-day leave approved by a dept_head: invalid (needs gm); 400.00",
      "E005", "personal", "2026-10-12", "2026-10-12", "E002", 0, "2026-10-12", "A",
      { { "absence_run", S_DED, "400.00", "2026-10-12", "请假单 Q001（事假，2026-10-12）无效（部门负责人的 1 天事假须总经理批准（批准人为部门负责人））" } } },
    { "第一篇 第三十条: a dept_head's leave approved by the gm: valid",
      "E005", "personal", "2026-10-12", "2026-10-12", "E004", 0, "2026-10-12", "A", { { NULL } } },
    { "第一篇 第三十条: no approver: invalid; 400.00",
      "E001", "personal", "2026-10-12", "2026-10-12", NULL, 0, "2026-10-12", "A",
      { { "absence_run", S_DED, "400.00", "2026-10-12", "（无批准人）" } } },
    { "第一篇 第三十条: a dept_head (E002, W=6000) approving the own leave: invalid; "
      "1 day = 2×1×600000×100/2175 fen = 55172.41 → 551.72",
      "E002", "personal", "2026-10-12", "2026-10-12", "E002", 0, "2026-10-12", "A",
      { { "absence_run", S_DED, "551.72", "2026-10-12", "批准人为请假人本人" } } },
    { "第一篇 第三十条: approver not on the employee list: invalid",
      "E001", "personal", "2026-10-12", "2026-10-12", "E999", 0, "2026-10-12", "A",
      { { "absence_run", S_DED, "400.00", "2026-10-12", "批准人 E999 不在员工名册中" } } },
    { "第一篇 第三十条: a valid leave covering 10-12..13 of 4 absent shifts: run 10-14..15 of 2 = 800.00",
      "E001", "personal", "2026-10-12", "2026-10-13", "E002", 0, "2026-10-12", "AAAA",
      { { "absence_run", S_DED, "800.00", "2026-10-15", NULL } } },
    { "第一篇 第三十条: a shift on valid leave (10-13) breaks the run: 400.00 + 400.00",
      "E001", "personal", "2026-10-13", "2026-10-13", "E002", 0, "2026-10-12", "AAA",
      { { "absence_run", S_DED, "400.00", "2026-10-12", NULL },
        { "absence_run", S_DED, "400.00", "2026-10-14", NULL } } },
};

static void test_leave(void)
{
    for (size_t i = 0; i < sizeof leave_cases / sizeof leave_cases[0]; i++) {
        facts f = { 0 };
        finding_list out;
        add_emp(&f, "E001", "客服部", "staff", "4350", "0");
        add_emp(&f, "E002", "客服部", "dept_head", "6000", "0");
        add_emp(&f, "E003", "工程部", "dept_head", "6000", "0");
        add_emp(&f, "E004", "总经办", "gm", "9000", "0");
        add_emp(&f, "E005", "客服部", "dept_head", "4350", "0");
        add_leave(&f, "Q001", leave_cases[i].who, leave_cases[i].type, leave_cases[i].from,
                  leave_cases[i].to, leave_cases[i].approver, leave_cases[i].cert);
        add_roster(&f, leave_cases[i].who, leave_cases[i].start, leave_cases[i].pattern);
        run(leave_cases[i].name, P_default, &f, "2026-11-30", &out);
        check(leave_cases[i].name, &out, "absence_run absence_occurrences late early dismissal",
              NULL, leave_cases[i].exp);
        finding_list_free(&out);
        facts_free(&f);
    }
}

/* ======================================================================
 * 第一篇 第三十三条 — every 3rd late/early occurrence of an employee in a
 * calendar month is one absence day on that occurrence: a run of 1 =
 * 2×1×D = 400.00 (W=4350). Roster from Monday 2026-10-12 unless stated.
 * ====================================================================== */
static const struct {
    const char *name;
    int variant;          /* 0 default policy; 1 per-absence-day="2" */
    const char *w;        /* wage */
    const char *start, *pattern;
    exp_f exp[MAXEXP];
} occ_cases[] = {
    { "第一篇 第三十三条: 2 occurrences in a month: nothing", 0, "4350", "2026-10-12", "LL", { { NULL } } },
    { "第一篇 第三十三条: 3 occurrences: one absence day on the 3rd (10-14) = 400.00", 0, "4350",
      "2026-10-12", "LLL",
      { { "absence_occurrences", S_DED, "400.00", "2026-10-14", "本月第 3 次迟到早退" } } },
    { "第一篇 第三十三条: 5 occurrences: still one day (10-14)", 0, "4350", "2026-10-12", "LLLLL",
      { { "absence_occurrences", S_DED, "400.00", "2026-10-14", NULL } } },
    { "第一篇 第三十三条: 6 occurrences: two days (10-14, 10-17)", 0, "4350", "2026-10-12", "LLLLLL",
      { { "absence_occurrences", S_DED, "400.00", "2026-10-14", NULL },
        { "absence_occurrences", S_DED, "400.00", "2026-10-17", NULL } } },
    { "第一篇 第三十三条: 7 occurrences: two days (10-14, 10-17)", 0, "4350", "2026-10-12", "LLLLLLL",
      { { "absence_occurrences", S_DED, "400.00", "2026-10-14", NULL },
        { "absence_occurrences", S_DED, "400.00", "2026-10-17", NULL } } },
    { "第一篇 第三十三条: late and early on one shift are two occurrences: B, L → day on 10-13", 0, "4350",
      "2026-10-12", "BL", { { "absence_occurrences", S_DED, "400.00", "2026-10-13", NULL } } },
    { "第一篇 第三十三条: missing clock-in (late), missing clock-out (early), missing clock-in: day on 10-14",
      0, "4350", "2026-10-12", "IOI",
      { { "absence_occurrences", S_DED, "400.00", "2026-10-14", NULL } } },
    { "第一篇 第三十三条: an absent day in between is no occurrence: L L A L → day on 10-15", 0, "4350",
      "2026-10-12", "LLAL", { { "absence_occurrences", S_DED, "400.00", "2026-10-15", NULL } } },
    { "第一篇 第三十三条: across a month boundary (10-30, 10-31, 11-01): 2 + 1, nothing", 0, "4350",
      "2026-10-30", "LLL", { { NULL } } },
    { "第一篇 第三十三条: 10-30..11-03: October 2, November 3 → one day on 11-03", 0, "4350",
      "2026-10-30", "LLLLL", { { "absence_occurrences", S_DED, "400.00", "2026-11-03", NULL } } },
    { "第一篇 第三十三条: W=5000: the day costs 2×1×D = 100000000/2175 fen = 45977.01 → 459.77", 0, "5000",
      "2026-10-12", "LLL", { { "absence_occurrences", S_DED, "459.77", "2026-10-14", NULL } } },
    { "policy per-absence-day=2 (inline variant): 2 occurrences make a day (10-13)", 1, "4350",
      "2026-10-12", "LL", { { "absence_occurrences", S_DED, "400.00", "2026-10-13", "每 2 次按旷工 1 天" } } },
    { "policy per-absence-day=2: 5 occurrences make two days (10-13, 10-15)", 1, "4350",
      "2026-10-12", "LLLLL",
      { { "absence_occurrences", S_DED, "400.00", "2026-10-13", NULL },
        { "absence_occurrences", S_DED, "400.00", "2026-10-15", NULL } } },
};

static void test_occurrences(void)
{
    for (size_t i = 0; i < sizeof occ_cases / sizeof occ_cases[0]; i++) {
        facts f = { 0 };
        finding_list out;
        add_emp(&f, "E001", "客服部", "staff", occ_cases[i].w, "0");
        add_roster(&f, "E001", occ_cases[i].start, occ_cases[i].pattern);
        run(occ_cases[i].name, occ_cases[i].variant ? P_occ2 : P_default, &f, "2026-11-30", &out);
        check(occ_cases[i].name, &out, "absence_occurrences", "E001", occ_cases[i].exp);
        finding_list_free(&out);
        facts_free(&f);
    }
}

/* Regression (issue 11): the hospital fines every breach 10 yuan —
 * 规章制度3 五 (line 720) "不允许迟到早退" with 客服部岗位职责 5 (line 740)
 * "(员工手册及部门规章制度中的条款如有违反罚款十元)" — and has no
 * every-3rd-late absence day: <occurrences fine="10.00"/> (P_occfine). */
static policy *P_occfine;

static const struct {
    const char *name;
    const char *pattern;
    exp_f exp[MAXEXP];
} occfine_cases[] = {
    { "规章制度3: three lates cost 3 × 10.00, no absence day", "LLL",
      { { "late", S_FINE, "10.00", "2026-10-12", "罚款 10.00 元" }, { "late", S_FINE, "10.00", "2026-10-13", NULL },
        { "late", S_FINE, "10.00", "2026-10-14", NULL } } },
    { "规章制度3: late and early on one shift: 10.00 + 10.00", "B",
      { { "early", S_FINE, "10.00", "2026-10-12", NULL }, { "late", S_FINE, "10.00", "2026-10-12", NULL } } },
    { "规章制度3: on time: nothing", "WW", { { NULL } } },
};

static void test_occurrence_fine(void)
{
    for (size_t i = 0; i < sizeof occfine_cases / sizeof occfine_cases[0]; i++) {
        facts f = { 0 };
        finding_list out;
        add_emp(&f, "E001", "客服部", "staff", "4350", "0");
        add_roster(&f, "E001", "2026-10-12", occfine_cases[i].pattern);
        run(occfine_cases[i].name, P_occfine, &f, "2026-11-30", &out);
        check(occfine_cases[i].name, &out, "late early absence_occurrences", "E001", occfine_cases[i].exp);
        finding_list_free(&out);
        facts_free(&f);
    }
}

/* ======================================================================
 * 第一篇 第二十九条 — late (clock-in after start + grace) and early
 * (clock-out before end); each occurrence is a finding with sanction none
 * and amount 0 (its cost comes through 第三十三条). Grace: default 0
 * minutes; variant 5 minutes.
 * ====================================================================== */
static const struct {
    const char *name;
    int grace5;                   /* 1: the grace-minutes="5" variant */
    const char *date, *start, *end;
    const char *in, *out;         /* punches or NULL */
    const char *as_of;
    exp_f exp[MAXEXP];
} late_cases[] = {
    { "第一篇 第二十九条: in 08:00:00 exactly, out 17:00:00: nothing", 0, "2026-10-12", "08:00:00", "17:00:00",
      "2026-10-12 08:00:00", "2026-10-12 17:00:00", "2026-10-31", { { NULL } } },
    { "第一篇 第二十九条: in one second after start (grace 0): late", 0, "2026-10-12", "08:00:00", "17:00:00",
      "2026-10-12 08:00:01", "2026-10-12 17:00:00", "2026-10-31",
      { { "late", S_NONE, "0", "2026-10-12", "迟到：上班打卡 08:00:01，班次 08:00 开始" } } },
    { "第一篇 第二十九条: grace 5: in 08:05:00 exactly at the limit: not late", 1, "2026-10-12", "08:00:00",
      "17:00:00", "2026-10-12 08:05:00", "2026-10-12 17:00:00", "2026-10-31", { { NULL } } },
    { "第一篇 第二十九条: grace 5: in 08:05:01, one second over: late", 1, "2026-10-12", "08:00:00",
      "17:00:00", "2026-10-12 08:05:01", "2026-10-12 17:00:00", "2026-10-31",
      { { "late", S_NONE, "0", "2026-10-12", "宽限 5 分钟" } } },
    { "第一篇 第二十九条: grace 0: in 08:05:00 is late", 0, "2026-10-12", "08:00:00", "17:00:00",
      "2026-10-12 08:05:00", "2026-10-12 17:00:00", "2026-10-31",
      { { "late", S_NONE, "0", "2026-10-12", NULL } } },
    { "第一篇 第二十九条: out 16:59:59: early", 0, "2026-10-12", "08:00:00", "17:00:00",
      "2026-10-12 08:00:00", "2026-10-12 16:59:59", "2026-10-31",
      { { "early", S_NONE, "0", "2026-10-12", "早退：下班打卡 16:59:59，班次 17:00 结束" } } },
    { "第一篇 第二十九条: overnight 22:00–06:00, out next day 06:00: not early", 0, "2026-10-12", "22:00:00",
      "06:00:00", "2026-10-12 22:00:00", "2026-10-13 06:00:00", "2026-10-31", { { NULL } } },
    { "第一篇 第二十九条: overnight 22:00–06:00, out next day 05:59: early, dated on the shift's day", 0,
      "2026-10-12", "22:00:00", "06:00:00", "2026-10-12 22:00:00", "2026-10-13 05:59:00", "2026-10-31",
      { { "early", S_NONE, "0", "2026-10-12", "下班打卡 2026-10-13 05:59，班次 2026-10-13 06:00 结束" } } },
    { "第一篇 第二十九条: overnight, in 22:00:01: late", 0, "2026-10-12", "22:00:00", "06:00:00",
      "2026-10-12 22:00:01", "2026-10-13 06:00:00", "2026-10-31",
      { { "late", S_NONE, "0", "2026-10-12", NULL } } },
    { "第一篇 第二十九条: no clock-in (clock-out present): counts as late", 0, "2026-10-12", "08:00:00",
      "17:00:00", NULL, "2026-10-12 17:00:00", "2026-10-31",
      { { "late", S_NONE, "0", "2026-10-12", "缺上班打卡，按迟到计" } } },
    { "第一篇 第二十九条: no clock-out: counts as early", 0, "2026-10-12", "08:00:00", "17:00:00",
      "2026-10-12 08:00:00", NULL, "2026-10-31",
      { { "early", S_NONE, "0", "2026-10-12", "缺下班打卡，按早退计" } } },
    { "第一篇 第三十一条: no punches at all: absent (2×1×D = 400.00), neither late nor early", 0,
      "2026-10-12", "08:00:00", "17:00:00", NULL, NULL, "2026-10-31",
      { { "absence_run", S_DED, "400.00", "2026-10-12", NULL } } },
    { "第一篇 第二十九条: late and early on one shift: two findings", 0, "2026-10-12", "08:00:00", "17:00:00",
      "2026-10-12 08:30:00", "2026-10-12 16:30:00", "2026-10-31",
      { { "early", S_NONE, "0", "2026-10-12", NULL }, { "late", S_NONE, "0", "2026-10-12", NULL } } },
    { "第一篇 第二十九条: overnight 20:00–08:00 on the as-of day, no clock-out yet: still running, not early", 0,
      "2026-10-12", "20:00:00", "08:00:00", "2026-10-12 19:50:00", NULL, "2026-10-12", { { NULL } } },
    { "第一篇 第二十九条: the same shift judged the next day, still no clock-out: early", 0,
      "2026-10-12", "20:00:00", "08:00:00", "2026-10-12 19:50:00", NULL, "2026-10-13",
      { { "early", S_NONE, "0", "2026-10-12", "缺下班打卡，按早退计" } } },
    { "第一篇 第二十九条: a shift after the as-of day is not judged", 0, "2026-10-12", "08:00:00", "17:00:00",
      "2026-10-12 09:00:00", NULL, "2026-10-11", { { NULL } } },
};

static void test_late_early(void)
{
    for (size_t i = 0; i < sizeof late_cases / sizeof late_cases[0]; i++) {
        facts f = { 0 };
        finding_list out;
        add_emp(&f, "E001", "客服部", "staff", "4350", "0");
        add_shift(&f, "E001", late_cases[i].date, late_cases[i].start, late_cases[i].end,
                  late_cases[i].in, late_cases[i].out);
        run(late_cases[i].name, late_cases[i].grace5 ? P_grace5 : P_default, &f, late_cases[i].as_of, &out);
        check(late_cases[i].name, &out, "late early absence_run absence_occurrences", "E001", late_cases[i].exp);
        finding_list_free(&out);
        facts_free(&f);
    }
}

/* ======================================================================
 * 第二篇 会议制度 第三条/第四条 — meeting M001 (月分析例会) on 2026-10-31
 * 09:00–11:00: absent and not excused 20.00; arrived after the start 10.00;
 * left before the end 10.00 (both: 20.00); disruption 20.00.
 * ====================================================================== */
static const struct {
    const char *name;
    const char *arrived, *left;   /* "HH:MM:SS" or NULL */
    int excused, disruption;
    const char *as_of;
    const char *total;            /* sum of the amounts */
    exp_f exp[MAXEXP];
} meeting_cases[] = {
    { "第二篇 会议制度: on time, stayed to the end: nothing", "09:00:00", "11:00:00", 0, 0, "2026-10-31", "0",
      { { NULL } } },
    { "第二篇 会议制度 第三条: not arrived, not excused: 20.00", NULL, NULL, 0, 0, "2026-10-31", "20.00",
      { { "meeting_absent", S_FINE, "20.00", "2026-10-31", "月分析例会 M001（2026-10-31 09:00）：未到会且未请假" } } },
    { "第二篇 会议制度 第三条: not arrived but excused: nothing", NULL, NULL, 1, 0, "2026-10-31", "0",
      { { NULL } } },
    { "第二篇 会议制度 第三条: arrived one second late: 10.00", "09:00:01", "11:00:00", 0, 0, "2026-10-31",
      "10.00", { { "meeting_late", S_FINE, "10.00", "2026-10-31", "迟到，到会 09:00:01" } } },
    { "第二篇 会议制度 第三条: left at 10:59: 10.00", "09:00:00", "10:59:00", 0, 0, "2026-10-31", "10.00",
      { { "meeting_left_early", S_FINE, "10.00", "2026-10-31", NULL } } },
    { "第二篇 会议制度 第三条: late and left early: 10.00 + 10.00 = 20.00", "09:05:00", "10:50:00", 0, 0,
      "2026-10-31", "20.00",
      { { "meeting_late", S_FINE, "10.00", "2026-10-31", NULL },
        { "meeting_left_early", S_FINE, "10.00", "2026-10-31", NULL } } },
    /* regression (issue 11): 第二篇 规章制度1 会议制度管理规定 违规处理(1), line 466
     * "会议期间无故迟到或早退罚款10元": only lateness 无故 (without leave) is
     * fined; 会议纪律(1) line 452 lets the one who cannot arrive on time ask
     * for leave the day before. */
    { "违规处理(1): excused late arrival (请假后迟到) is not fined", "09:30:00", "11:00:00", 1, 0,
      "2026-10-31", "0", { { NULL } } },
    { "违规处理(1): excused early departure is not fined", "09:00:00", "10:00:00", 1, 0, "2026-10-31", "0",
      { { NULL } } },
    { "违规处理(2): an excused member who disrupts is still fined 20.00", "09:30:00", "11:00:00", 1, 1,
      "2026-10-31", "20.00", { { "meeting_disruption", S_FINE, "20.00", "2026-10-31", NULL } } },
    { "第二篇 会议制度 第四条: disrupted the meeting: 20.00", "09:00:00", "11:00:00", 0, 1, "2026-10-31", "20.00",
      { { "meeting_disruption", S_FINE, "20.00", "2026-10-31", NULL } } },
    { "第二篇 会议制度: arrived, no departure time recorded: taken as stayed, nothing", "09:00:00", NULL, 0, 0,
      "2026-10-31", "0", { { NULL } } },
    { "第二篇 会议制度: a meeting after the as-of day is not judged", NULL, NULL, 0, 0, "2026-10-30", "0",
      { { NULL } } },
};

static void test_meetings(void)
{
    for (size_t i = 0; i < sizeof meeting_cases / sizeof meeting_cases[0]; i++) {
        facts f = { 0 };
        finding_list out;
        add_emp(&f, "E001", "客服部", "staff", "4350", "0");
        int m = add_meeting(&f, "M001", "monthly", "2026-10-31", "09:00:00", "11:00:00");
        add_matt(&f, m, "E001", meeting_cases[i].arrived, meeting_cases[i].left, meeting_cases[i].excused,
                 meeting_cases[i].disruption);
        run(meeting_cases[i].name, P_default, &f, meeting_cases[i].as_of, &out);
        int64_t sum = 0;
        for (size_t k = 0; k < out.n; k++) sum += out.v[k].amount_fen;
        T_EQ_INT(sum, yuan(meeting_cases[i].total), meeting_cases[i].name);
        check(meeting_cases[i].name, &out, "meeting_absent meeting_late meeting_left_early meeting_disruption",
              "E001", meeting_cases[i].exp);
        finding_list_free(&out);
        facts_free(&f);
    }
}

/* ======================================================================
 * 第二篇 报表制度 第二条/第三条 — weekly report by Monday 09:00 of the next
 * ISO week (the next working day's 09:00 when that Monday is a day off);
 * monthly report by 23:59:59 of the day before the monthly meeting, the
 * last Saturday of the month (moved to the next working day when a public
 * holiday). 10.00 each, a department finding. Owed from the first full
 * period on or after the first shift in the data (one shift of E001 on
 * `first`). Deadlines worked out from calendar-cn.md:
 *  - W40 (09-28..10-04): Monday 10-05 is 国庆 (10-01..07 off) → Thursday
 *    10-08 09:00.
 *  - W07 (02-09..15) and W08 (02-16..22): Mondays 02-16 and 02-23 are 春节
 *    (02-15..23 off) → both due Tuesday 02-24 09:00.
 *  - 2026-09: last Saturday 09-26 is 中秋 (09-25..27 off); 09-27 (Sunday)
 *    is off too; Monday 09-28 works → meeting 09-28, due 09-27 23:59:59.
 *  - 2026-02: last Saturday 02-28 is a make-up working day → meeting stays,
 *    due 02-27 23:59:59.
 *  - 2026-10: last Saturday 10-31, an ordinary rest day → stays, due
 *    10-30 23:59:59.
 *  - 2026-08: last Saturday 08-29 → due 08-28 23:59:59.
 * ====================================================================== */
static const struct {
    const char *name;
    const char *first;           /* the first shift date in the data */
    const char *as_of;
    int weekly1; const char *period1, *at1;   /* a submission of 客服部, or period1 NULL */
    const char *rules;
    const char *dept;            /* subject compared */
    exp_f exp[MAXEXP];
} report_cases[] = {
    { "第二篇 报表制度 第二条: W40 due 10-08 09:00 (holiday Monday 10-05); submitted at 09:00:00: on time",
      "2026-09-28", "2026-10-08", 1, "2026-W40", "2026-10-08 09:00:00", "report_weekly", "客服部", { { NULL } } },
    { "第二篇 报表制度 第二条: W40 submitted 10-08 09:00:01: late, 10.00",
      "2026-09-28", "2026-10-08", 1, "2026-W40", "2026-10-08 09:00:01", "report_weekly", "客服部",
      { { "report_weekly", S_FINE, "10.00", "2026-10-08",
          "周报表 2026-W40 逾期提交：截止 2026-10-08 09:00，提交于 2026-10-08 09:00:01" } } },
    { "第二篇 报表制度 第二条: W40 submitted on the holiday Monday 10-05 10:00: on time (deadline moved)",
      "2026-09-28", "2026-10-08", 1, "2026-W40", "2026-10-05 10:00:00", "report_weekly", "客服部", { { NULL } } },
    { "第二篇 报表制度 第二条: W40 not submitted, as of 10-08: missing, 10.00 on 10-08",
      "2026-09-28", "2026-10-08", 0, NULL, NULL, "report_weekly", "客服部",
      { { "report_weekly", S_FINE, "10.00", "2026-10-08", "周报表 2026-W40 未提交" } } },
    { "第二篇 报表制度 第二条: every department of the policy owes it: 工程部 missing W40 too",
      "2026-09-28", "2026-10-08", 0, NULL, NULL, "report_weekly", "工程部",
      { { "report_weekly", S_FINE, "10.00", "2026-10-08", NULL } } },
    { "第二篇 报表制度 第二条: W40 not submitted, as of 10-07: not yet due",
      "2026-09-28", "2026-10-07", 0, NULL, NULL, "report_weekly", "客服部", { { NULL } } },
    { "第二篇 报表制度 第二条: W07 and W08 (Mondays 02-16, 02-23 off) both due 02-24 09:00; none submitted",
      "2026-02-09", "2026-02-24", 0, NULL, NULL, "report_weekly", "客服部",
      { { "report_weekly", S_FINE, "10.00", "2026-02-24", "2026-W07" },
        { "report_weekly", S_FINE, "10.00", "2026-02-24", "2026-W08" } } },
    { "第二篇 报表制度 第二条: as of 02-23 neither W07 nor W08 is due yet",
      "2026-02-09", "2026-02-23", 0, NULL, NULL, "report_weekly", "客服部", { { NULL } } },
    { "第二篇 报表制度 第二条: data from Wednesday 09-30: W40 (Monday 09-28) is not owed; W41 due 10-12",
      "2026-09-30", "2026-10-12", 0, NULL, NULL, "report_weekly", "客服部",
      { { "report_weekly", S_FINE, "10.00", "2026-10-12", "2026-W41" } } },
    { "第二篇 报表制度 第三条: 2026-09 meeting moves from 09-26 (中秋) to 09-28; due 09-27 23:59:59; missing",
      "2026-09-01", "2026-09-27", 0, NULL, NULL, "report_monthly", "客服部",
      { { "report_monthly", S_FINE, "10.00", "2026-09-27",
          "月报表 2026-09（月度例会 2026-09-28） 未提交：截止 2026-09-27 23:59:59" } } },
    { "第二篇 报表制度 第三条: 2026-09 submitted 09-27 23:59:59: on time",
      "2026-09-01", "2026-09-30", 0, "2026-09", "2026-09-27 23:59:59", "report_monthly", "客服部", { { NULL } } },
    { "第二篇 报表制度 第三条: 2026-09 submitted 09-28 00:00:00: late, 10.00 dated 09-27",
      "2026-09-01", "2026-09-30", 0, "2026-09", "2026-09-28 00:00:00", "report_monthly", "客服部",
      { { "report_monthly", S_FINE, "10.00", "2026-09-27", "逾期提交" } } },
    { "第二篇 报表制度 第三条: as of 09-26 the 2026-09 report is not yet due",
      "2026-09-01", "2026-09-26", 0, NULL, NULL, "report_monthly", "客服部", { { NULL } } },
    { "第二篇 报表制度 第三条: 2026-02: 02-28 is a make-up working Saturday, the meeting stays; due 02-27",
      "2026-02-01", "2026-02-27", 0, NULL, NULL, "report_monthly", "客服部",
      { { "report_monthly", S_FINE, "10.00", "2026-02-27", "（月度例会 2026-02-28）" } } },
    { "第二篇 报表制度 第三条: as of 02-26 the 2026-02 report is not yet due",
      "2026-02-01", "2026-02-26", 0, NULL, NULL, "report_monthly", "客服部", { { NULL } } },
    { "第二篇 报表制度 第三条: 2026-10: ordinary Saturday 10-31 does not move; due 10-30",
      "2026-10-01", "2026-10-30", 0, NULL, NULL, "report_monthly", "客服部",
      { { "report_monthly", S_FINE, "10.00", "2026-10-30", "（月度例会 2026-10-31）" } } },
    { "第二篇 报表制度 第三条: data from 09-02: September is not a full month of data, not owed",
      "2026-09-02", "2026-09-30", 0, NULL, NULL, "report_monthly", "客服部", { { NULL } } },
    { "第二篇 报表制度 第三条: data from 09-02 but 2026-08 submitted on time (08-28): owed from August; "
      "September missing",
      "2026-09-02", "2026-09-30", 0, "2026-08", "2026-08-28 10:00:00", "report_monthly", "客服部",
      { { "report_monthly", S_FINE, "10.00", "2026-09-27", NULL } } },
};

static void test_reports(void)
{
    for (size_t i = 0; i < sizeof report_cases / sizeof report_cases[0]; i++) {
        facts f = { 0 };
        finding_list out;
        add_emp(&f, "E001", "客服部", "staff", "4350", "0");
        add_roster(&f, "E001", report_cases[i].first, "W");
        if (report_cases[i].period1)
            add_report(&f, "客服部", report_cases[i].weekly1, report_cases[i].period1, report_cases[i].at1);
        run(report_cases[i].name, P_default, &f, report_cases[i].as_of, &out);
        check(report_cases[i].name, &out, report_cases[i].rules, report_cases[i].dept, report_cases[i].exp);
        for (size_t k = 0; k < out.n; k++)
            if (strncmp(out.v[k].rule, "report_", 7) == 0)
                T_EQ_STR(out.v[k].subject_kind, "department", report_cases[i].name);
        finding_list_free(&out);
        facts_free(&f);
    }
}

/* ======================================================================
 * Incident ladders (default offences): leave_post 窜岗脱岗 (第一篇 第二十条)
 * warning → 10 → 20 per month, the last step repeats; false_receipt 虚开收据
 * (第一篇 第二十六条) per year: range 100–500, then dismissal; uniform_outside
 * 20 each time.
 * ====================================================================== */
typedef struct inc_in {
    const char *id, *date, *offense, *amount;  /* amount yuan or NULL */
} inc_in;

static const struct {
    const char *name;
    inc_in in[5];
    const char *as_of;
    exp_f exp[MAXEXP];
} incident_cases[] = {
    { "ladder warning → 10 → 20: leave_post 1st–4th in October: warning, 10.00, 20.00, 20.00 (last step repeats)",
      { { "I001", "2026-10-05", "leave_post", NULL }, { "I002", "2026-10-12", "leave_post", NULL },
        { "I003", "2026-10-19", "leave_post", NULL }, { "I004", "2026-10-26", "leave_post", NULL } },
      "2026-10-31",
      { { "incident", S_WARN, "0", "2026-10-05", "窜岗脱岗（记录 I001）本月第 1 次，第 1 档：警告" },
        { "incident", S_FINE, "10.00", "2026-10-12", NULL },
        { "incident", S_FINE, "20.00", "2026-10-19", "本月第 3 次，第 3 档：罚款 20.00 元" },
        { "incident", S_FINE, "20.00", "2026-10-26", "本月第 4 次，第 3 档" } } },
    { "ladder warning → 10 → 20: a new month resets the ladder: 10-26 warning, 11-02 warning again",
      { { "I001", "2026-10-26", "leave_post", NULL }, { "I002", "2026-11-02", "leave_post", NULL } },
      "2026-11-30",
      { { "incident", S_WARN, "0", "2026-10-26", NULL }, { "incident", S_WARN, "0", "2026-11-02", NULL } } },
    { "ladder warning → 10 → 20: same day, ordered by incident_id: I001 warning, I002 10.00",
      { { "I002", "2026-10-05", "leave_post", NULL }, { "I001", "2026-10-05", "leave_post", NULL } },
      "2026-10-31",
      { { "incident", S_WARN, "0", "2026-10-05", "I001" }, { "incident", S_FINE, "10.00", "2026-10-05", "I002" } } },
    { "ladders count per offence: leave_post and phone_private both warnings",
      { { "I001", "2026-10-05", "leave_post", NULL }, { "I002", "2026-10-06", "phone_private", NULL } },
      "2026-10-31",
      { { "incident", S_WARN, "0", "2026-10-05", NULL }, { "incident", S_WARN, "0", "2026-10-06", NULL } } },
    { "a one-step ladder: uniform_outside 20.00 each time",
      { { "I001", "2026-10-05", "uniform_outside", NULL }, { "I002", "2026-10-06", "uniform_outside", NULL } },
      "2026-10-31",
      { { "incident", S_FINE, "20.00", "2026-10-05", NULL }, { "incident", S_FINE, "20.00", "2026-10-06", NULL } } },
    { "range 100–500 then dismissal, window year: range 100–500, recorded 150.00: fine 150.00",
      { { "I001", "2026-03-02", "false_receipt", "150.00" } }, "2026-10-31",
      { { "incident", S_FINE, "150.00", "2026-03-02", "（本档范围 100.00–500.00 元）" } } },
    { "range 100–500 then dismissal, window year: range bounds are inclusive: 100.00 in 2026, 500.00 in 2027 (window year resets)",
      { { "I001", "2026-03-02", "false_receipt", "100.00" }, { "I002", "2027-03-01", "false_receipt", "500.00" } },
      "2027-10-31",
      { { "incident", S_FINE, "100.00", "2026-03-02", NULL }, { "incident", S_FINE, "500.00", "2027-03-01", NULL } } },
    { "range 100–500 then dismissal, window year: 99.99 is outside the range: incident_amount_invalid, nothing imposed",
      { { "I001", "2026-03-02", "false_receipt", "99.99" } }, "2026-10-31",
      { { "incident_amount_invalid", S_NONE, "0", "2026-03-02", "记录金额 99.99 元不在本档范围 100.00–500.00 元内" } } },
    { "range 100–500 then dismissal, window year: 600.00 is outside the range: incident_amount_invalid",
      { { "I001", "2026-03-02", "false_receipt", "600.00" } }, "2026-10-31",
      { { "incident_amount_invalid", S_NONE, "0", "2026-03-02", "应退回更正该记录" } } },
    { "range 100–500 then dismissal, window year: no amount recorded on a range step: incident_amount_invalid",
      { { "I001", "2026-03-02", "false_receipt", NULL } }, "2026-10-31",
      { { "incident_amount_invalid", S_NONE, "0", "2026-03-02", "未记录罚款金额" } } },
    { "range 100–500 then dismissal, window year: the 2nd false receipt within the year: dismissal step",
      { { "I001", "2026-03-02", "false_receipt", "200.00" }, { "I002", "2026-09-01", "false_receipt", NULL } },
      "2026-10-31",
      { { "incident", S_FINE, "200.00", "2026-03-02", NULL },
        { "incident", S_DISM, "0", "2026-09-01", "for HR review" } } },
    { "incidents after the as-of day are neither judged nor counted",
      { { "I001", "2026-10-05", "leave_post", NULL }, { "I002", "2026-10-12", "leave_post", NULL } },
      "2026-10-11", { { "incident", S_WARN, "0", "2026-10-05", NULL } } },
};

/* Within one day the canonical order puts the dismissal before the fine.
 * ======================================================================
 * Ladder steps the regulations need beyond warning / fine / range (issue
 * 11), on the default policy with four offences added (P_steps):
 *  - errand <absence-day/>: 第一篇 第三十二条 (line 224) "工作时间内…办私事…
 *    作旷工处理": the day is one absence day, 2·1·D = 2 × 200.00 = 400.00;
 *  - fake <range 100–500 dismissal="or"/>: 规章制度4 惩罚8 (line 856)
 *    "罚100-500元或开除": an amount is the fine; no amount, the dismissal;
 *  - pocket <range 100–500 dismissal="and"/>: 惩罚9 (line 858) "罚100-500元,
 *    并开除": the fine and a dismissal finding;
 *  - overcharge <range 100–500 or-monthly-wage dismissal="and"/>: 惩罚10
 *    (line 860) "罚100-500元或扣除所有工资,并开除": all wages = W = 4,350.00.
 * ====================================================================== */
static policy *P_steps;

static const struct {
    const char *name;
    struct { const char *id, *date, *offense, *amount; } in[3];
    exp_f exp[MAXEXP];
} step_cases[] = {
    { "第一篇 第三十二条: a private errand makes the day an absence day: 2×1×D = 400.00",
      { { "I001", "2026-10-12", "errand", NULL } },
      { { "incident", S_DED, "400.00", "2026-10-12", "按旷工 1 天处理：2×1×D = 400.00 元" } } },
    { "规章制度4 惩罚8: 罚100-500元或开除, recorded 300.00: fine 300.00, no dismissal",
      { { "I001", "2026-10-12", "fake", "300.00" } },
      { { "incident", S_FINE, "300.00", "2026-10-12", NULL } } },
    { "规章制度4 惩罚8: 罚100-500元或开除, no amount recorded: the dismissal",
      { { "I001", "2026-10-12", "fake", NULL } },
      { { "incident", S_DISM, "0", "2026-10-12", "按开除处理" } } },
    { "规章制度4 惩罚9: 罚100-500元,并开除, recorded 200.00: fine 200.00 and dismissal",
      { { "I001", "2026-10-12", "pocket", "200.00" } },
      { { "incident", S_DISM, "0", "2026-10-12", "并开除：" },
        { "incident", S_FINE, "200.00", "2026-10-12", "，并开除" } } },
    { "规章制度4 惩罚9: 并开除 stands even when the amount is wrong (50.00): invalid + dismissal",
      { { "I001", "2026-10-12", "pocket", "50.00" } },
      { { "incident", S_DISM, "0", "2026-10-12", NULL },
        { "incident_amount_invalid", S_NONE, "0", "2026-10-12", "50.00" } } },
    { "规章制度4 惩罚10: 扣除所有工资 = the monthly wage 4,350.00: deduction and dismissal",
      { { "I001", "2026-10-12", "overcharge", "4350.00" } },
      { { "incident", S_DISM, "0", "2026-10-12", NULL },
        { "incident", S_DED, "4350.00", "2026-10-12", "扣除所有工资，即月工资 W = 4,350.00 元" } } },
    { "规章制度4 惩罚10: 500.00 is in the range: fine 500.00 and dismissal",
      { { "I001", "2026-10-12", "overcharge", "500.00" } },
      { { "incident", S_DISM, "0", "2026-10-12", NULL },
        { "incident", S_FINE, "500.00", "2026-10-12", NULL } } },
    { "规章制度4 惩罚10: 4,000.00 is neither 100–500 nor W: invalid, names W, and dismissal",
      { { "I001", "2026-10-12", "overcharge", "4000.00" } },
      { { "incident", S_DISM, "0", "2026-10-12", NULL },
        { "incident_amount_invalid", S_NONE, "0", "2026-10-12", "或月工资 4,350.00 元" } } },
};

static void test_steps(void)
{
    for (size_t i = 0; i < sizeof step_cases / sizeof step_cases[0]; i++) {
        facts f = { 0 };
        finding_list out;
        add_emp(&f, "E001", "客服部", "staff", "4350", "0");
        for (int k = 0; k < 3 && step_cases[i].in[k].id; k++)
            add_incident(&f, step_cases[i].in[k].id, "E001", step_cases[i].in[k].date,
                         step_cases[i].in[k].offense, step_cases[i].in[k].amount);
        run(step_cases[i].name, P_steps, &f, "2026-10-31", &out);
        check(step_cases[i].name, &out, "incident incident_amount_invalid", "E001", step_cases[i].exp);
        finding_list_free(&out);
        facts_free(&f);
    }
}

/* ======================================================================
 * The shipped packs against their own organisation's text (issue 11's
 * wrong results, each a regression case citing the document's line).
 * ====================================================================== */
static policy *load_pack(const char *name)
{
    size_t len = 0;
    const char *buf = embed_get(name, &len);
    policy *p = NULL;
    kerr e = { 0 };
    sbuf probs = { 0 };
    if (!buf || policy_load_mem(buf, len, name, &p, &probs, &e)) {
        fprintf(stderr, "%s: %s\n%s", name, buf ? e.msg : "not embedded", probs.p ? probs.p : "");
        abort();
    }
    sbuf_free(&probs);
    return p;
}

static const struct {
    const char *name;
    const char *pack;          /* templates/policy/… */
    const char *offense;
    const char *dates[4];      /* incidents I001… of E001 */
    const char *as_of;
    exp_f exp[MAXEXP];
} pack_cases[] = {
    /* 规章制度4 惩罚1, line 836: "…睡觉,上网游戏等。第一次口头警告;第一次罚10元;第二次罚20元。" */
    { "club 惩罚1: sleeping on duty is warning → 10 → 20 (was 20 → 50)", "templates/policy/club.xml", "off_task",
      { "2026-10-05", "2026-10-12", "2026-10-19", NULL }, "2026-10-31",
      { { "incident", S_WARN, "0", "2026-10-05", NULL }, { "incident", S_FINE, "10.00", "2026-10-12", NULL },
        { "incident", S_FINE, "20.00", "2026-10-19", NULL } } },
    /* 惩罚2, line 838: dress code */
    { "club 惩罚2: dress code is warning → 10 → 20 (was warning → 20 → 50)", "templates/policy/club.xml",
      "dress_code", { "2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26" }, "2026-10-31",
      { { "incident", S_WARN, "0", "2026-10-05", NULL }, { "incident", S_FINE, "10.00", "2026-10-12", NULL },
        { "incident", S_FINE, "20.00", "2026-10-19", NULL }, { "incident", S_FINE, "20.00", "2026-10-26", NULL } } },
    /* 惩罚3, line 840: leaving the post */
    { "club 惩罚3: leaving the post is warning → 10 → 20", "templates/policy/club.xml", "leave_post",
      { "2026-10-05", "2026-10-12", "2026-10-19", NULL }, "2026-10-31",
      { { "incident", S_WARN, "0", "2026-10-05", NULL }, { "incident", S_FINE, "10.00", "2026-10-12", NULL },
        { "incident", S_FINE, "20.00", "2026-10-19", NULL } } },
    /* 惩罚4, line 842: phone use */
    { "club 惩罚4: phone use is warning → 10 → 20", "templates/policy/club.xml", "phone_private",
      { "2026-10-05", "2026-10-12", "2026-10-19", NULL }, "2026-10-31",
      { { "incident", S_WARN, "0", "2026-10-05", NULL }, { "incident", S_FINE, "10.00", "2026-10-12", NULL },
        { "incident", S_FINE, "20.00", "2026-10-19", NULL } } },
    /* line 822: "违反以上规章制度者,第一次口头警告,第二次罚款20元,第三次罚款50元。" */
    { "club 一至十三: the staff rules' own ladder is warning → 20 → 50", "templates/policy/club.xml",
      "front_desk_rule", { "2026-10-05", "2026-10-12", "2026-10-19", NULL }, "2026-10-31",
      { { "incident", S_WARN, "0", "2026-10-05", NULL }, { "incident", S_FINE, "20.00", "2026-10-12", NULL },
        { "incident", S_FINE, "50.00", "2026-10-19", NULL } } },
    /* 规章制度9 四、3(5), line 1300: "…一次罚款30元,第二次翻倍,第三次将予以开除。" — no window */
    { "online-shop 四、3(5): the complaint ladder does not reset on 1 January: 30, 60, dismissal",
      "templates/policy/online-shop.xml", "service_complaint",
      { "2026-12-20", "2027-01-05", "2027-06-01", NULL }, "2027-06-30",
      { { "incident", S_FINE, "30.00", "2026-12-20", NULL }, { "incident", S_FINE, "60.00", "2027-01-05", "累计第 2 次" },
        { "incident", S_DISM, "0", "2027-06-01", NULL } } },
};

static void test_pack_incidents(void)
{
    for (size_t i = 0; i < sizeof pack_cases / sizeof pack_cases[0]; i++) {
        policy *p = load_pack(pack_cases[i].pack);
        facts f = { 0 };
        finding_list out;
        add_emp(&f, "E001", p->depts[0].code, "staff", "4350", "0");
        for (int k = 0; k < 4 && pack_cases[i].dates[k]; k++) {
            char id[16];
            snprintf(id, sizeof id, "I%03d", k + 1);
            add_incident(&f, id, "E001", pack_cases[i].dates[k], pack_cases[i].offense, NULL);
        }
        run(pack_cases[i].name, p, &f, pack_cases[i].as_of, &out);
        check(pack_cases[i].name, &out, "incident incident_amount_invalid incident_unknown", "E001",
              pack_cases[i].exp);
        finding_list_free(&out);
        facts_free(&f);
        policy_free(p);
    }
}

/* ======================================================================
 * 第一篇 第三十二条 (line 86): "上班时间禁止对外出私事、或未经批准接待亲友,
 * 违反者当天按旷工处理。" In the landscaping pack and in the property pack
 * (which adopts 第一篇's attendance and absence rules) an incident with the
 * offence errand or unapproved_visit is one absence day, costed by
 * 第三十一条 (line 82) "旷工1-2天的每天扣发2天工资和奖金": 2 × D, D =
 * (W + B) / 21.75, rounded half-up once on the final amount.
 *   W 5,600 + B 500: 2 × 6,100 / 21.75 = 560.9195… → 560.92
 *   W 5,000 + B 600: 2 × 5,600 / 21.75 = 514.9425… → 514.94
 *   W 4,350 + B 0:   2 × 4,350 / 21.75 = 400.00
 * ====================================================================== */
static const struct {
    const char *name;
    const char *pack;          /* templates/policy/… */
    const char *w, *b;         /* E001's wage and bonus (yuan) */
    struct { const char *date, *offense; } in[3];
    exp_f exp[MAXEXP];
} absence_day_cases[] = {
    { "landscaping 第三十二条: a private errand, W 5,600 + B 500: 2×6,100/21.75 = 560.92 (up from 560.9195)",
      "templates/policy/landscaping.xml", "5600", "500", { { "2026-10-13", "errand" } },
      { { "incident", S_DED, "560.92", "2026-10-13", "按旷工 1 天处理" } } },
    { "landscaping 第三十二条: an unapproved visit, W 5,000 + B 600: 2×5,600/21.75 = 514.94 (down from 514.9425)",
      "templates/policy/landscaping.xml", "5000", "600", { { "2026-10-20", "unapproved_visit" } },
      { { "incident", S_DED, "514.94", "2026-10-20", "514.94" } } },
    { "landscaping 第三十二条: each recorded day is its own absence day (the step repeats): 2 × 560.92",
      "templates/policy/landscaping.xml", "5600", "500",
      { { "2026-10-13", "errand" }, { "2026-10-14", "unapproved_visit" }, { "2026-10-27", "errand" } },
      { { "incident", S_DED, "560.92", "2026-10-13", NULL }, { "incident", S_DED, "560.92", "2026-10-14", NULL },
        { "incident", S_DED, "560.92", "2026-10-27", NULL } } },
    { "property (adopting 第一篇's absence ladder) 第三十二条: an errand, W 4,350: 2×1×D = 400.00",
      "templates/policy/default.xml", "4350", "0", { { "2026-10-13", "errand" } },
      { { "incident", S_DED, "400.00", "2026-10-13", "2×1×D = 400.00" } } },
    { "property 第三十二条: an unapproved visit of friends, W 5,600 + B 500: 560.92",
      "templates/policy/default.xml", "5600", "500", { { "2026-11-02", "unapproved_visit" } },
      { { "incident", S_DED, "560.92", "2026-11-02", NULL } } },
};

static void test_absence_day_packs(void)
{
    for (size_t i = 0; i < sizeof absence_day_cases / sizeof absence_day_cases[0]; i++) {
        policy *p = load_pack(absence_day_cases[i].pack);
        facts f = { 0 };
        finding_list out;
        add_emp(&f, "E001", p->depts[0].code, "staff", absence_day_cases[i].w, absence_day_cases[i].b);
        for (int k = 0; k < 3 && absence_day_cases[i].in[k].date; k++) {
            char id[16];
            snprintf(id, sizeof id, "I%03d", k + 1);
            add_incident(&f, id, "E001", absence_day_cases[i].in[k].date, absence_day_cases[i].in[k].offense, NULL);
        }
        run(absence_day_cases[i].name, p, &f, "2026-11-30", &out);
        check(absence_day_cases[i].name, &out, "incident incident_amount_invalid incident_unknown", "E001",
              absence_day_cases[i].exp);
        for (size_t k = 0; k < out.n; k++)
            if (strcmp(out.v[k].rule, "incident") == 0)
                T_EQ_STR(out.v[k].article, "第一篇 第三十二条", absence_day_cases[i].name);
        finding_list_free(&out);
        facts_free(&f);
        policy_free(p);
    }
}

/* ======================================================================
 * Required meetings (issue 11): a day a <required-meeting> falls due on,
 * from the department's first shift to its last and not after the as-of
 * day, with no meeting record of its type that day, is meeting_not_held:
 * a department warning, 0 (no text gives a sanction).
 *  - property, 会议制度管理规定 1 (line 414) "晨会(每天上午8:05---8:30)": every
 *    working day; (line 416) "月分析例会(每月最后一周的周六上午10:00)": the
 *    last Saturday, moved to the next working day when a public holiday;
 *  - landscaping, 第一篇 D (line 132) "每天8:100-8:30开晨会", "下班之前分享会
 *    (17:10-17:30)" every working day (Monday–Saturday); (line 128) "每周开
 *    一个小总结会": once in each full ISO week of the data;
 *  - clinic, 规章制度3 客服部岗位职责7 (line 744) "组织每周一次的小组例会";
 *  - online-shop, 规章制度9 五、1 (line 1304) "每周一午时14:30开部门例会";
 *  - tech-service, 规章制度5 四 (line 980) "每周五午时部门例会".
 * Calendar 2026: 国庆 10-01..10-07 off, Sat 10-10 worked; 中秋 09-25..09-27
 * off, so the last Saturday of September (09-26) moves to Mon 09-28.
 * ====================================================================== */
static const struct {
    const char *name;
    const char *pack;          /* templates/policy/… */
    const char *dept;          /* E001's department */
    const char *from, *pattern;/* E001's roster (add_roster: W worked, . no shift) */
    const char *meetings[12];  /* "type date", held */
    const char *as_of;
    exp_f exp[MAXEXP];
} required_cases[] = {
    { "property 晨会: Mon–Fri 10-12..16, held but Wednesday: one warning on 10-14",
      "templates/policy/default.xml", "客服部", "2026-10-12", "WWWWW",
      { "morning 2026-10-12", "morning 2026-10-13", "morning 2026-10-15", "morning 2026-10-16" }, "2026-10-31",
      { { "meeting_not_held", S_WARN, "0", "2026-10-14", "晨会（2026-10-14 星期三 08:05–08:30）" } } },
    { "property 晨会: 国庆 10-01..07 owes none; make-up Saturday 10-10 does",
      "templates/policy/default.xml", "客服部", "2026-10-01", "WWWWWWWWWW",
      { "morning 2026-10-08", "morning 2026-10-09" }, "2026-10-31",
      { { "meeting_not_held", S_WARN, "0", "2026-10-10", "星期六" } } },
    { "property 晨会: a training that day is not a 晨会",
      "templates/policy/default.xml", "客服部", "2026-10-12", "W", { "training 2026-10-12" }, "2026-10-31",
      { { "meeting_not_held", S_WARN, "0", "2026-10-12", "当日无晨会记录" } } },
    { "property 晨会: nothing after the as-of day 10-13",
      "templates/policy/default.xml", "客服部", "2026-10-12", "WWWWW", { NULL }, "2026-10-13",
      { { "meeting_not_held", S_WARN, "0", "2026-10-12", NULL },
        { "meeting_not_held", S_WARN, "0", "2026-10-13", NULL } } },
    { "property 月分析例会: last Saturday 10-31 inside the data (10-26..11-02), not held",
      "templates/policy/default.xml", "客服部", "2026-10-26", "WWWWW..W",
      { "morning 2026-10-26", "morning 2026-10-27", "morning 2026-10-28", "morning 2026-10-29",
        "morning 2026-10-30", "morning 2026-11-02" }, "2026-11-30",
      { { "meeting_not_held", S_WARN, "0", "2026-10-31", "月分析例会（2026-10-31 星期六 10:00）" } } },
    { "property 月分析例会: held on 10-31: nothing",
      "templates/policy/default.xml", "客服部", "2026-10-26", "WWWWW..W",
      { "morning 2026-10-26", "morning 2026-10-27", "morning 2026-10-28", "morning 2026-10-29",
        "morning 2026-10-30", "morning 2026-11-02", "monthly 2026-10-31" }, "2026-11-30", { { NULL } } },
    { "property 月分析例会: last Saturday 09-26 is 中秋: owed Mon 09-28, the record on 09-26 does not count",
      "templates/policy/default.xml", "客服部", "2026-09-24", "W...WWW",
      { "morning 2026-09-24", "morning 2026-09-28", "morning 2026-09-29", "morning 2026-09-30",
        "monthly 2026-09-26" }, "2026-10-31",
      { { "meeting_not_held", S_WARN, "0", "2026-09-28", "月分析例会（2026-09-28 星期一" } } },
    { "property 月分析例会: held on the moved day 09-28: nothing",
      "templates/policy/default.xml", "客服部", "2026-09-24", "W...WWW",
      { "morning 2026-09-24", "morning 2026-09-28", "morning 2026-09-29", "morning 2026-09-30",
        "monthly 2026-09-28" }, "2026-10-31", { { NULL } } },
    { "property: 工程部 holds no required meeting",
      "templates/policy/default.xml", "工程部", "2026-10-12", "WWWWW", { NULL }, "2026-10-31", { { NULL } } },
    { "landscaping D: 晨会 held Mon–Sat; 分享会 missing Sat 10-17; no 小总结会 in the week 10-12..18",
      "templates/policy/landscaping.xml", "销售部", "2026-10-12", "WWWWWW.W",
      { "morning 2026-10-12", "morning 2026-10-13", "morning 2026-10-14", "morning 2026-10-15",
        "morning 2026-10-16", "morning 2026-10-17", "morning 2026-10-19", "sharing 2026-10-12",
        "sharing 2026-10-13", "sharing 2026-10-14", "sharing 2026-10-15", "sharing 2026-10-16" }, "2026-10-31",
      { { "meeting_not_held", S_WARN, "0", "2026-10-17", "分享会（2026-10-17 星期六 17:10–17:30）" },
        { "meeting_not_held", S_WARN, "0", "2026-10-18", "2026-10-12 至 2026-10-18" },
        { "meeting_not_held", S_WARN, "0", "2026-10-19", "当日无分享会记录" } } },
    { "landscaping D: 8:100 read as 8:00; a 小总结会 on any day of the week counts; the partial week is not owed",
      "templates/policy/landscaping.xml", "销售部", "2026-10-12", "WWWWWW.W",
      { "morning 2026-10-12", "morning 2026-10-14", "morning 2026-10-15", "morning 2026-10-16",
        "morning 2026-10-17", "morning 2026-10-19", "sharing 2026-10-12", "sharing 2026-10-13",
        "sharing 2026-10-14", "sharing 2026-10-15", "sharing 2026-10-16", "sharing 2026-10-17" }, "2026-10-19",
      { { "meeting_not_held", S_WARN, "0", "2026-10-13", "晨会（2026-10-13 星期二 08:00–08:30）" },
        { "meeting_not_held", S_WARN, "0", "2026-10-18", "应每周召开周例会一次" },
        { "meeting_not_held", S_WARN, "0", "2026-10-19", "分享会" } } },
    { "clinic 岗位职责7: week 11-02..08 without a 小组例会; week 11-09.. is partial (data end 11-13)",
      "templates/policy/clinic.xml", "客服部", "2026-11-02", "WWWWW..WWWWW", { "weekly 2026-11-10" }, "2026-11-30",
      { { "meeting_not_held", S_WARN, "0", "2026-11-08", "2026-11-02 至 2026-11-08" } } },
    { "online-shop 五、1: Mondays 09-28 (held), 10-05 (国庆, none owed), 10-12 (missing)",
      "templates/policy/online-shop.xml", "客服", "2026-09-28", "WWWWWWWWWWWWWWW", { "weekly 2026-09-28" },
      "2026-10-31", { { "meeting_not_held", S_WARN, "0", "2026-10-12", "2026-10-12 星期一 14:30" } } },
    { "tech-service 四: Fridays 10-09 (missing) and 10-16 (held)",
      "templates/policy/tech-service.xml", "技术服务部", "2026-10-08", "WW..WWWWW", { "weekly 2026-10-16" },
      "2026-10-31", { { "meeting_not_held", S_WARN, "0", "2026-10-09", "当日无周例会记录" } } },
    { "tech-service 四: the 客服部 holds no Friday meeting",
      "templates/policy/tech-service.xml", "客服部", "2026-10-08", "WW..WWWWW", { NULL }, "2026-10-31", { { NULL } } },
};

static void test_required_meetings(void)
{
    for (size_t i = 0; i < sizeof required_cases / sizeof required_cases[0]; i++) {
        policy *p = load_pack(required_cases[i].pack);
        facts f = { 0 };
        finding_list out;
        add_emp(&f, "E001", required_cases[i].dept, "staff", "4350", "0");
        add_roster(&f, "E001", required_cases[i].from, required_cases[i].pattern);
        for (int k = 0; k < 12 && required_cases[i].meetings[k]; k++) {
            char type[16], id[16];
            const char *sp = strchr(required_cases[i].meetings[k], ' ');
            snprintf(type, sizeof type, "%.*s", (int)(sp - required_cases[i].meetings[k]), required_cases[i].meetings[k]);
            snprintf(id, sizeof id, "M%03d", k);
            add_meeting(&f, id, type, sp + 1, "08:00:00", "08:30:00");
        }
        run(required_cases[i].name, p, &f, required_cases[i].as_of, &out);
        check(required_cases[i].name, &out, "meeting_not_held", required_cases[i].dept, required_cases[i].exp);
        for (size_t k = 0; k < out.n; k++) {
            if (strcmp(out.v[k].rule, "meeting_not_held") != 0) continue;
            T_CHECK(strcmp(out.v[k].subject_kind, "department") == 0 && out.v[k].article[0],
                    "%s: a department finding with its article", required_cases[i].name);
            /* each meeting has its own citation: one quote, the meeting's own */
            char *q = NULL, *as = NULL;
            policy_cite_texts(p, out.v[k].article, out.v[k].rule, &q, &as);
            T_CHECK(*q && !strchr(q, '\n') && *as, "%s: %s cites one quote '%s' and its assumption",
                    required_cases[i].name, out.v[k].article, q);
            char mtype[64];
            kind_enum_zh("meeting_type", "morning", mtype, sizeof mtype);
            if (strstr(out.v[k].detail, "应召开晨会"))
                T_CHECK(strstr(q, mtype) != NULL, "%s: the 晨会 finding quotes the 晨会 rule: '%s'",
                        required_cases[i].name, q);
            free(q);
            free(as);
        }
        finding_list_free(&out);
        facts_free(&f);
        policy_free(p);
    }
}

/* 规章制度3 五 (line 720) "不允许迟到早退" and 客服部岗位职责5 (line 740)
 * "员工手册及部门规章制度中的条款如有违反罚款十元": in the clinic pack three
 * lates are 3 × 10.00 and no absence day (was: the 3rd late an absence day
 * of 2·D = 400.00); and the pack owes no weekly or monthly reports (the
 * hospital's text has none: the old pack invented them). */
static void test_clinic(void)
{
    policy *p = load_pack("templates/policy/clinic.xml");
    facts f = { 0 };
    finding_list out;
    add_emp(&f, "E001", "客服部", "staff", "4350", "0");
    add_roster(&f, "E001", "2026-10-12", "LLLWWWWWWWWWWWWWWWWW");
    run("clinic lates", p, &f, "2026-11-30", &out);
    static const exp_f exp[MAXEXP] = {
        { "late", S_FINE, "10.00", "2026-10-12", "罚款 10.00 元" }, { "late", S_FINE, "10.00", "2026-10-13", NULL },
        { "late", S_FINE, "10.00", "2026-10-14", NULL },
    };
    check("clinic 五/岗位职责5: 10.00 per late, no absence day", &out,
          "late early absence_occurrences absence_run report_weekly report_monthly", NULL, exp);
    T_EQ_INT(p->rep.depts.n, 0, "clinic: no department owes reports");
    finding_list_free(&out);
    facts_free(&f);
    policy_free(p);
}

/* 规章制度4 奖励1 (line 826) "1、该月不违反俱乐部和部门规定,出全勤,同时工作
 * 突出者,奖励200元。" — the club pack: a past month with shifts, no finding
 * and no leave earns a reward of 200.00, dated on the month's last day,
 * sanction reward; it is never counted in the deduction checks. */
static const struct {
    const char *name;
    const char *roster;          /* from 2026-10-12 (add_roster) */
    int leave;                   /* 1: a valid day of leave on 2026-10-20 */
    const char *wage;
    const char *as_of;
    exp_f exp[MAXEXP];
} reward_cases[] = {
    { "奖励1: five clean days in October: 200.00 on 10-31", "WWWWW", 0, "3000", "2026-11-26",
      { { "reward_clean_month", S_REWARD, "200.00", "2026-10-31", "（\"工作突出\"须部门经理确认）" } } },
    { "奖励1: one late arrival (a finding) in October: no reward", "WLWWW", 0, "3000", "2026-11-26", { { NULL } } },
    { "奖励1: a day of leave is not 出全勤: no reward", "WWWWW", 1, "3000", "2026-11-26", { { NULL } } },
    { "奖励1: October not over on the as-of day: no reward yet", "WWWWW", 0, "3000", "2026-10-30", { { NULL } } },
    { "奖励1: a reward is not a deduction: W = 100.00 gives no deduction or minimum-wage warning",
      "WWWWW", 0, "100", "2026-11-26",
      { { "reward_clean_month", S_REWARD, "200.00", "2026-10-31", NULL } } },
};

static void test_reward(void)
{
    policy *p = load_pack("templates/policy/club.xml");
    for (size_t i = 0; i < sizeof reward_cases / sizeof reward_cases[0]; i++) {
        facts f = { 0 };
        finding_list out;
        add_emp(&f, "E001", "前台", "staff", reward_cases[i].wage, "0");
        add_emp(&f, "E002", "前台", "dept_manager", "6000", "0");
        add_roster(&f, "E001", "2026-10-12", reward_cases[i].roster);
        if (reward_cases[i].leave) add_leave(&f, "Q1", "E001", "personal", "2026-10-20", "2026-10-20", "E002", 0);
        run(reward_cases[i].name, p, &f, reward_cases[i].as_of, &out);
        check(reward_cases[i].name, &out, "reward_clean_month deduction_warning minimum_wage_warning", "E001",
              reward_cases[i].exp);
        finding_list_free(&out);
        facts_free(&f);
    }
    policy_free(p);
}

static void test_incidents(void)
{
    for (size_t i = 0; i < sizeof incident_cases / sizeof incident_cases[0]; i++) {
        facts f = { 0 };
        finding_list out;
        add_emp(&f, "E001", "客服部", "staff", "4350", "0");
        for (int k = 0; k < 5 && incident_cases[i].in[k].id; k++)
            add_incident(&f, incident_cases[i].in[k].id, "E001", incident_cases[i].in[k].date,
                         incident_cases[i].in[k].offense, incident_cases[i].in[k].amount);
        run(incident_cases[i].name, P_ladders, &f, incident_cases[i].as_of, &out);
        check(incident_cases[i].name, &out, "incident incident_amount_invalid incident_unknown", "E001",
              incident_cases[i].exp);
        finding_list_free(&out);
        facts_free(&f);
    }
}

/* ======================================================================
 * 《工资支付暂行规定》第十六条 and the local minimum wage are national pay
 * law, not the regulations (issue 11): fines_run makes no finding of them,
 * however far a month's fines go (the pay notes, test_paynote.c, compute
 * them from the stored findings). 51 meeting absences (20.00 each) on
 * 10-15 for W=2,700.00: 1,020.00 over the 540.00 line, 1,680.00 left.
 * ====================================================================== */
static const struct {
    const char *name;
    const char *w;           /* wage */
    int absent, late;        /* meetings on 10-15 missed (20.00) and arrived late at (10.00) */
    int absent_nov;          /* meetings on 11-16 missed */
    const char *pattern;     /* roster from 10-12, or NULL */
    exp_f exp[MAXEXP];
} deduction_cases[] = {
    { "pay law: W=2700, 51 × 20.00 = 1,020.00 over 20 %: no deduction_warning finding",
      "2700", 51, 0, 0, NULL, { { NULL } } },
    { "pay law: W=4350, absence 400.00 + 24 × 20.00 + 10.00 late: no minimum_wage_warning finding",
      "4350", 24, 1, 0, "A", { { NULL } } },
};

static void test_deduction(void)
{
    for (size_t i = 0; i < sizeof deduction_cases / sizeof deduction_cases[0]; i++) {
        facts f = { 0 };
        finding_list out;
        char id[32], st[32], en[32];
        add_emp(&f, "E001", "客服部", "staff", deduction_cases[i].w, "0");
        if (deduction_cases[i].pattern) add_roster(&f, "E001", "2026-10-12", deduction_cases[i].pattern);
        int n1 = deduction_cases[i].absent + deduction_cases[i].late;
        for (int k = 0; k < n1 + deduction_cases[i].absent_nov; k++) {
            int nov = k >= n1;
            snprintf(id, sizeof id, "M%03d", k);
            snprintf(st, sizeof st, "%02d:%02d:00", 8 + k / 60, k % 60);
            snprintf(en, sizeof en, "%02d:%02d:30", 8 + k / 60, k % 60);
            int m = add_meeting(&f, id, "morning", nov ? "2026-11-16" : "2026-10-15", st, en);
            if (!nov && k >= deduction_cases[i].absent) add_matt(&f, m, "E001", en, en, 0, 0);
            else add_matt(&f, m, "E001", NULL, NULL, 0, 0);
        }
        run(deduction_cases[i].name, P_default, &f, "2026-11-30", &out);
        check(deduction_cases[i].name, &out, "deduction_warning minimum_wage_warning", "E001",
              deduction_cases[i].exp);
        finding_list_free(&out);
        facts_free(&f);
    }
}

/* ======================================================================
 * Properties: determinism (same inputs, same findings in the same order),
 * sources cited, unknown employees skipped, no findings from no facts.
 * ====================================================================== */
static void build_mixed(facts *f)
{
    add_emp(f, "E001", "客服部", "staff", "4350", "0");
    add_emp(f, "E002", "客服部", "dept_head", "6000", "500");
    add_leave(f, "Q001", "E001", "sick", "2026-10-14", "2026-10-15", "E002", 0);
    add_roster(f, "E001", "2026-10-12", "LBAAA..WWLLI");
    add_roster(f, "E002", "2026-10-12", "AAWWW..AAAAA..AAAAA..AAAAA..AAA");
    int m = add_meeting(f, "M001", "monthly", "2026-10-31", "09:00:00", "11:00:00");
    add_matt(f, m, "E001", "09:10:00", "10:00:00", 0, 1);
    add_matt(f, m, "E002", NULL, NULL, 0, 0);
    add_report(f, "客服部", 1, "2026-W42", "2026-10-19 10:00:00");
    add_incident(f, "I001", "E001", "2026-10-05", "gossip", NULL);
    add_incident(f, "I002", "E001", "2026-10-06", "gossip", NULL);
    add_incident(f, "I003", "E001", "2026-10-07", "bogus", NULL);
}

static void test_properties(void)
{
    facts f = { 0 };
    finding_list a, b;
    build_mixed(&f);
    run("determinism run 1", P_default, &f, "2026-11-30", &a);
    run("determinism run 2", P_default, &f, "2026-11-30", &b);
    T_EQ_INT(a.n, b.n, "determinism: same number of findings");
    T_CHECK(a.n > 20, "mixed facts give findings (%zu)", a.n);
    int same = a.n == b.n;
    for (size_t i = 0; same && i < a.n; i++) {
        const finding *x = &a.v[i], *y = &b.v[i];
        same = strcmp(x->rule, y->rule) == 0 && strcmp(x->subject_id, y->subject_id) == 0 &&
               strcmp(x->date, y->date) == 0 && x->amount_fen == y->amount_fen &&
               x->sanction == y->sanction && strcmp(x->detail, y->detail) == 0 &&
               strcmp(x->article, y->article) == 0 && x->nsrc == y->nsrc;
    }
    T_CHECK(same, "determinism: identical findings in identical order");
    for (size_t i = 0; i < a.n; i++) {
        /* a missing report or meeting rests on no row; everything else cites one */
        if ((strncmp(a.v[i].rule, "report_", 7) != 0 || strstr(a.v[i].detail, "逾期")) &&
            strcmp(a.v[i].rule, "meeting_not_held") != 0)
            T_CHECK(a.v[i].nsrc > 0, "finding %s %s cites a source row", a.v[i].rule, a.v[i].date);
        if (strcmp(a.v[i].rule, "incident_unknown") == 0)
            T_CHECK(strstr(a.v[i].detail, "bogus") != NULL, "unknown offence named");
    }
    /* The sick leave without a certificate makes 10-14..10-15 absent; with
     * 10-16 (absent), the weekend, then worked 10-19: run 10-14..16 = 3
     * days = (W+B)/2 = 2175.00 citing three attendance rows and the leave. */
    int found = 0;
    for (size_t i = 0; i < a.n; i++) {
        const finding *x = &a.v[i];
        if (strcmp(x->rule, "absence_run") == 0 && strcmp(x->subject_id, "E001") == 0) {
            found++;
            T_EQ_INT(x->amount_fen, 217500, "mixed: E001 run of 3");
            T_EQ_STR(x->date, "2026-10-16", "mixed: E001 run date");
            T_EQ_INT(x->nsrc, 4, "mixed: three shifts and the leave cited");
            T_EQ_STR(x->src[0].kind, "leave", "mixed: the invalid leave is cited first");
            T_EQ_STR(x->src[1].kind, "attendance", "mixed: then the shifts");
        }
    }
    T_EQ_INT(found, 1, "mixed: E001 has one absence run");
    /* E002: runs of 2 (10-12..13) and 18 (10-19..11-11) days; W=6000, B=500: 2 days = 2×2×650000×100/2175 fen =
     * 119540.23 → 1195.40; 18 days → W+2B = 7000.00, plus dismissal. */
    int64_t e2 = 0;
    int dism = 0;
    for (size_t i = 0; i < a.n; i++) {
        const finding *x = &a.v[i];
        if (strcmp(x->subject_id, "E002") != 0) continue;
        if (strcmp(x->rule, "absence_run") == 0) e2 += x->amount_fen;
        if (strcmp(x->rule, "dismissal") == 0) dism++;
    }
    T_EQ_INT(e2, 119540 + 700000, "mixed: E002 runs 1195.40 + 7000.00");
    T_EQ_INT(dism, 1, "mixed: E002 one dismissal (run of 18)");
    finding_list_free(&a);
    finding_list_free(&b);
    facts_free(&f);

    /* A meeting title with a newline still gives a one-line detail. */
    facts t = { 0 };
    add_emp(&t, "E001", "客服部", "staff", "4350", "0");
    int mt = add_meeting(&t, "M001", "topic", "2026-10-12", "09:00:00", "10:00:00");
    t.meeting[mt].title = xstrdup("第一行\n第二行");
    add_matt(&t, mt, "E001", NULL, NULL, 0, 0);
    run("title with a newline", P_default, &t, "2026-10-31", &a);
    check("title with a newline", &a, "meeting_absent", "E001",
          (exp_f[]){ { "meeting_absent", S_FINE, "20.00", "2026-10-12",
                       "专题会议 M001（2026-10-12 09:00，第一行 第二行）：未到会且未请假" }, { NULL } });
    finding_list_free(&a);
    facts_free(&t);

    /* A shift of an unknown employee is skipped. */
    facts g = { 0 };
    add_emp(&g, "E001", "客服部", "staff", "4350", "0");
    add_shift(&g, "E001", "2026-10-12", "08:00:00", "17:00:00", "2026-10-12 08:00:00", "2026-10-12 17:00:00");
    g.shift[0].emp = -1;
    run("unknown employee", P_default, &g, "2026-10-31", &a);
    check("unknown employee: no attendance findings", &a, "absence_run late early", NULL, (exp_f[]){ { NULL } });
    finding_list_free(&a);
    facts_free(&g);

    /* Nothing in, nothing out (and no report is owed without data). */
    facts h = { 0 };
    run("empty facts", P_default, &h, "2026-10-31", &a);
    T_EQ_INT(a.n, 0, "empty facts: no findings");
    finding_list_free(&a);

    kerr e = { 0 };
    T_EQ_INT(fines_run(&h, NULL, 0, &a, &e), -1, "no policy: error");
    T_EQ_INT(e.code, EXIT_SOFTWARE, "no policy: EXIT_SOFTWARE");
}

/* ======================================================================
 * Leave asked for in time (issue 11). Each pack's own sentence:
 *  - property, 规章制度1 办公环境管理规定 1 (line 366) "如有特殊情况可提前一天
 *    向服务中心递交请假条。";
 *  - member-service, 规章制度2 五、4 (line 556) "客服部员工请假须提前一天当面
 *    向部门主管提出";
 *  - online-shop, 规章制度9 四、2(1) (line 1280) "如需请假,需在当班前一天提出;"
 *    — each read (assumed) as: by 23:59:59 of the day before the leave's
 *    first day; a warning of 0 (no text gives a sanction);
 *  - clinic, 规章制度3 六、2 (line 726) "应及时(24小时内)电话告知部门负责人":
 *    a leave asked for after 00:00 of its first day is the emergency, told
 *    within 24 hours of that 00:00 (assumed).
 * E001 asks for leave 2026-10-12 (a Monday) … 10-13, approved by E002.
 * ====================================================================== */
static const struct {
    const char *name;
    const char *pack;          /* embedded pack file */
    const char *requested;     /* requested_at, or NULL (old data) */
    const char *as_of;
    const char *article;       /* what every finding cites */
    exp_f exp[MAXEXP];
} request_cases[] = {
    { "办公环境管理规定 1: asked 10-11 23:59:59, the last second of the day before: in time",
      "templates/policy/default.xml", "2026-10-11 23:59:59", "2026-11-30", NULL, { { NULL } } },
    { "办公环境管理规定 1: asked 10-12 00:00:00, the leave's first day: late, warning 0",
      "templates/policy/default.xml", "2026-10-12 00:00:00", "2026-11-30", "第二篇 规章制度1 办公环境管理规定 1",
      { { "leave_late_request", S_WARN, "0", "2026-10-12", "于 2026-10-12 00:00 提出，未提前 1 天（最迟 2026-10-11 23:59:59）" } } },
    { "办公环境管理规定 1: asked two days ahead: in time",
      "templates/policy/default.xml", "2026-10-10 09:00:00", "2026-11-30", NULL, { { NULL } } },
    { "办公环境管理规定 1: no requested_at (data from before version 9): not judged",
      "templates/policy/default.xml", NULL, "2026-11-30", NULL, { { NULL } } },
    { "办公环境管理规定 1: a leave starting after the as-of day is not judged yet",
      "templates/policy/default.xml", "2026-10-12 08:00:00", "2026-10-11", NULL, { { NULL } } },
    { "规章制度2 五、4: asked the evening before: in time",
      "templates/policy/member-service.xml", "2026-10-11 18:00:00", "2026-11-30", NULL, { { NULL } } },
    { "规章制度2 五、4: asked on the morning of the leave: late, warning 0",
      "templates/policy/member-service.xml", "2026-10-12 08:30:00", "2026-11-30", "第二篇 规章制度2 五、4",
      { { "leave_late_request", S_WARN, "0", "2026-10-12", "请假 Q001（事假 2026-10-12 至 2026-10-13）于 2026-10-12 08:30 提出" } } },
    { "规章制度9 四、2(1): asked after the leave began (10-13): late, warning 0",
      "templates/policy/online-shop.xml", "2026-10-13 10:00:00", "2026-11-30", "第二篇 规章制度9 四、2(1)",
      { { "leave_late_request", S_WARN, "0", "2026-10-12", "于 2026-10-13 10:00 提出" } } },
    { "规章制度3 六、2: asked the day before (事先): no finding",
      "templates/policy/clinic.xml", "2026-10-11 20:00:00", "2026-11-30", NULL, { { NULL } } },
    { "规章制度3 六、2: an emergency told at 09:00 of the first day: within 24 hours",
      "templates/policy/clinic.xml", "2026-10-12 09:00:00", "2026-11-30", NULL, { { NULL } } },
    { "规章制度3 六、2: told exactly 24 hours after 00:00 of the first day: in time",
      "templates/policy/clinic.xml", "2026-10-13 00:00:00", "2026-11-30", NULL, { { NULL } } },
    { "规章制度3 六、2: told one second after the 24 hours: leave_late_notice, warning 0",
      "templates/policy/clinic.xml", "2026-10-13 00:00:01", "2026-11-30", "第二篇 规章制度3 六、2",
      { { "leave_late_notice", S_WARN, "0", "2026-10-12", "告知时间 2026-10-13 00:00:01，晚于期限 2026-10-13 00:00" } } },
    { "第一篇 (landscaping) has no such rule: asked late, no finding",
      "templates/policy/landscaping.xml", "2026-10-13 10:00:00", "2026-11-30", NULL, { { NULL } } },
};

/* A shipped pack with one piece of text replaced (the fine a pack may set
 * on <ask-ahead>, which no shipped pack does). */
static policy *pack_variant(const char *name, const char *from, const char *to)
{
    size_t len = 0;
    const char *txt = embed_get(name, &len);
    const char *hit = txt ? strstr(txt, from) : NULL;
    if (!hit) { fprintf(stderr, "pack_variant: '%s' not in %s\n", from, name); abort(); }
    sbuf b = { 0 };
    sbuf_add(&b, txt, (size_t)(hit - txt));
    sbuf_adds(&b, to);
    sbuf_adds(&b, hit + strlen(from));
    policy *p = NULL;
    kerr e = { 0 };
    sbuf probs = { 0 };
    if (policy_load_mem(b.p, b.len, name, &p, &probs, &e)) {
        fprintf(stderr, "pack_variant: %s\n%s", e.msg, probs.p ? probs.p : "");
        abort();
    }
    sbuf_free(&probs);
    sbuf_free(&b);
    return p;
}

/* <ask-ahead fine="5.00">: a late request is a fine of 5.00, counted in the
 * month's deductions like any fine. */
static void test_request_fine(void)
{
    policy *p = pack_variant("templates/policy/member-service.xml", "<ask-ahead days=\"1\"",
                             "<ask-ahead days=\"1\" fine=\"5.00\"");
    facts f = { 0 };
    finding_list out;
    add_emp(&f, "E001", p->depts[0].code, "staff", "4350", "0");
    add_emp(&f, "E002", p->depts[0].code, "dept_supervisor", "6000", "0");
    add_leave(&f, "Q001", "E001", "personal", "2026-10-12", "2026-10-12", "E002", 0);
    f.leave[0].requested_at = instant("2026-10-12 08:00:00");
    run("ask-ahead fine", p, &f, "2026-11-30", &out);
    static const exp_f exp[MAXEXP] = {
        { "leave_late_request", S_FINE, "5.00", "2026-10-12", "，罚款 5.00 元" },
    };
    check("<ask-ahead fine=5.00>: a late request is fined 5.00", &out, "leave_late_request", NULL, exp);
    finding_list_free(&out);
    facts_free(&f);
    policy_free(p);
}

static void test_requests(void)
{
    for (size_t i = 0; i < sizeof request_cases / sizeof request_cases[0]; i++) {
        policy *p = load_pack(request_cases[i].pack);
        facts f = { 0 };
        finding_list out;
        add_emp(&f, "E001", p->depts[0].code, "staff", "4350", "0");
        add_emp(&f, "E002", p->depts[0].code, "dept_head", "6000", "0");
        add_leave(&f, "Q001", "E001", "personal", "2026-10-12", "2026-10-13", "E002", 0);
        f.leave[0].requested_at = instant(request_cases[i].requested);
        run(request_cases[i].name, p, &f, request_cases[i].as_of, &out);
        check(request_cases[i].name, &out, "leave_late_request leave_late_notice", NULL, request_cases[i].exp);
        for (size_t k = 0; k < out.n; k++) {
            if (!rule_in(out.v[k].rule, "leave_late_request leave_late_notice")) continue;
            T_EQ_STR(out.v[k].article, request_cases[i].article ? request_cases[i].article : "(none)",
                     request_cases[i].name);
            T_EQ_INT(out.v[k].nsrc, 1, "one source: the leave row");
        }
        finding_list_free(&out);
        facts_free(&f);
        policy_free(p);
    }
}

/* 规章制度3 六、1 (line 724) "员工休假规定每周轮休一天": in the clinic pack a
 * Monday–Sunday week (assumed) with a worked shift on all 7 days is
 * rest_day_missing, a warning of 0 dated on the Sunday; a shift with no
 * punch is a day not worked. Rosters from Monday 2026-10-12 (add_roster:
 * 'W' worked, 'L' late, 'A' no punches, '.' no shift). */
static const struct {
    const char *name;
    const char *pack;
    const char *start;         /* first day of the roster */
    const char *roster;
    const char *as_of;
    exp_f exp[MAXEXP];
} rest_cases[] = {
    { "六、1: seven worked days Mon 10-12 … Sun 10-18: warning on 10-18",
      "templates/policy/clinic.xml", "2026-10-12", "WWWWWWW", "2026-11-30",
      { { "rest_day_missing", S_WARN, "0", "2026-10-18", "2026-10-12 至 2026-10-18 一周上班 7 天，轮休 0 天" } } },
    { "六、1: six days and a rest day: no finding",
      "templates/policy/clinic.xml", "2026-10-12", "WWWWWW.", "2026-11-30", { { NULL } } },
    { "六、1: the Sunday's shift has no punch (not worked): no finding",
      "templates/policy/clinic.xml", "2026-10-12", "WWWWWWA", "2026-11-30", { { NULL } } },
    { "六、1: late every day still worked: warning",
      "templates/policy/clinic.xml", "2026-10-12", "LLLLLLL", "2026-11-30",
      { { "rest_day_missing", S_WARN, "0", "2026-10-18", NULL } } },
    { "六、1: the week has not ended on the as-of day (Sat 10-17): not judged yet",
      "templates/policy/clinic.xml", "2026-10-12", "WWWWWWW", "2026-10-17", { { NULL } } },
    { "六、1: two weeks without rest: two warnings, 10-18 and 10-25",
      "templates/policy/clinic.xml", "2026-10-12", "WWWWWWWWWWWWWW", "2026-11-30",
      { { "rest_day_missing", S_WARN, "0", "2026-10-18", NULL }, { "rest_day_missing", S_WARN, "0", "2026-10-25", NULL } } },
    { "六、1: seven days Wed 10-14 … Tue 10-20 straddle two weeks (5 + 2): no finding",
      "templates/policy/clinic.xml", "2026-10-14", "WWWWWWW", "2026-11-30", { { NULL } } },
    { "六、1 is the hospital's: the property pack has no rest-day rule",
      "templates/policy/default.xml", "2026-10-12", "WWWWWWW", "2026-11-30", { { NULL } } },
};

static void test_rest_days(void)
{
    for (size_t i = 0; i < sizeof rest_cases / sizeof rest_cases[0]; i++) {
        policy *p = load_pack(rest_cases[i].pack);
        facts f = { 0 };
        finding_list out;
        add_emp(&f, "E001", p->depts[0].code, "staff", "4350", "0");
        add_roster(&f, "E001", rest_cases[i].start, rest_cases[i].roster);
        run(rest_cases[i].name, p, &f, rest_cases[i].as_of, &out);
        check(rest_cases[i].name, &out, "rest_day_missing", "E001", rest_cases[i].exp);
        for (size_t k = 0; k < out.n; k++) {
            if (strcmp(out.v[k].rule, "rest_day_missing") != 0) continue;
            T_EQ_STR(out.v[k].article, "第二篇 规章制度3 六、1", rest_cases[i].name);
            T_EQ_INT(out.v[k].nsrc, 7, "rests on the week's 7 shifts");
        }
        finding_list_free(&out);
        facts_free(&f);
        policy_free(p);
    }
}

/* 规章制度9 四、2(4) (line 1286) "(4)原则上允许换班,换班需提前向店长报备。
 * 每月换班不得超不2次。" — the online-shop pack: the 3rd and later swap of an
 * employee in a calendar month of the swap dates is shift_swap_excess; a
 * swap not reported to an employee holding the 店长 role (shop_manager) is
 * shift_swap_unreported; both warnings of 0 (no sanction in the text).
 * S001 客服 swaps; M001 is the 店长, S002 another 客服. */
static const struct {
    const char *name;
    const char *pack;
    struct { const char *id, *date, *to; } sw[4];   /* swaps of S001 (id NULL ends) */
    const char *as_of;
    exp_f exp[MAXEXP];
} swap_cases[] = {
    { "四、2(4): two swaps in October, both reported to the 店长: none", "templates/policy/online-shop.xml",
      { { "W1", "2026-10-05", "M001" }, { "W2", "2026-10-12", "M001" } }, "2026-11-30", { { NULL } } },
    { "四、2(4): a third swap in October (10-20): shift_swap_excess on 10-20", "templates/policy/online-shop.xml",
      { { "W1", "2026-10-05", "M001" }, { "W2", "2026-10-12", "M001" }, { "W3", "2026-10-20", "M001" } }, "2026-11-30",
      { { "shift_swap_excess", S_WARN, "0", "2026-10-20", "换班 W3（2026-10-20）为 2026-10 第 3 次换班，每月不得超过 2 次" } } },
    { "四、2(4): the month is the calendar month: 3 in October, the 4th (11-01) is November's first",
      "templates/policy/online-shop.xml",
      { { "W1", "2026-10-05", "M001" }, { "W2", "2026-10-12", "M001" }, { "W3", "2026-10-31", "M001" },
        { "W4", "2026-11-01", "M001" } }, "2026-11-30",
      { { "shift_swap_excess", S_WARN, "0", "2026-10-31", NULL } } },
    { "四、2(4): a swap dated after the as-of day is not counted yet", "templates/policy/online-shop.xml",
      { { "W1", "2026-10-05", "M001" }, { "W2", "2026-10-12", "M001" }, { "W3", "2026-10-20", "M001" } }, "2026-10-19",
      { { NULL } } },
    { "四、2(4): a swap reported to nobody: shift_swap_unreported", "templates/policy/online-shop.xml",
      { { "W1", "2026-10-05", NULL } }, "2026-11-30",
      { { "shift_swap_unreported", S_WARN, "0", "2026-10-05", "换班 W1（2026-10-05）未报备（须向店长报备）" } } },
    { "四、2(4): reported to a colleague, not the 店长: shift_swap_unreported", "templates/policy/online-shop.xml",
      { { "W1", "2026-10-05", "S002" } }, "2026-11-30",
      { { "shift_swap_unreported", S_WARN, "0", "2026-10-05", "报备人 S002 为客服，须向店长报备" } } },
    { "四、2(4): reported to someone not on the employee list: shift_swap_unreported",
      "templates/policy/online-shop.xml", { { "W1", "2026-10-05", "X999" } }, "2026-11-30",
      { { "shift_swap_unreported", S_WARN, "0", "2026-10-05", "报备人 X999 不在员工名册中" } } },
    { "四、2(4): three unreported swaps in a month: three unreported and one excess",
      "templates/policy/online-shop.xml",
      { { "W1", "2026-10-05", NULL }, { "W2", "2026-10-06", NULL }, { "W3", "2026-10-07", NULL } }, "2026-11-30",
      { { "shift_swap_unreported", S_WARN, "0", "2026-10-05", NULL },
        { "shift_swap_unreported", S_WARN, "0", "2026-10-06", NULL },
        { "shift_swap_excess", S_WARN, "0", "2026-10-07", "第 3 次" },
        { "shift_swap_unreported", S_WARN, "0", "2026-10-07", NULL } } },
    { "the property pack has no swap rule", "templates/policy/default.xml",
      { { "W1", "2026-10-05", NULL }, { "W2", "2026-10-06", NULL }, { "W3", "2026-10-07", NULL } }, "2026-11-30",
      { { NULL } } },
};

static void test_swaps(void)
{
    for (size_t i = 0; i < sizeof swap_cases / sizeof swap_cases[0]; i++) {
        policy *p = load_pack(swap_cases[i].pack);
        const char *mgr = strstr(swap_cases[i].pack, "online-shop") ? "shop_manager" : "dept_head";
        facts f = { 0 };
        finding_list out;
        add_emp(&f, "M001", p->depts[0].code, mgr, "6000", "0");
        add_emp(&f, "S001", p->depts[0].code, "staff", "4350", "0");
        add_emp(&f, "S002", p->depts[0].code, "staff", "4350", "0");
        for (int k = 0; k < 4 && swap_cases[i].sw[k].id; k++)
            add_swap(&f, swap_cases[i].sw[k].id, "S001", swap_cases[i].sw[k].date, "S002", swap_cases[i].sw[k].to);
        run(swap_cases[i].name, p, &f, swap_cases[i].as_of, &out);
        check(swap_cases[i].name, &out, "shift_swap_excess shift_swap_unreported", NULL, swap_cases[i].exp);
        for (size_t k = 0; k < out.n; k++) {
            if (strncmp(out.v[k].rule, "shift_swap", 10) != 0) continue;
            T_EQ_STR(out.v[k].article, "第二篇 规章制度9 四、2(4)", swap_cases[i].name);
            T_EQ_INT(out.v[k].nsrc, 1, "one source: the swap row");
        }
        finding_list_free(&out);
        facts_free(&f);
        policy_free(p);
    }
}

int main(void)
{
    kerr e = { 0 };
    sbuf probs = { 0 };
    if (policy_load_default(&P_default, &probs, &e)) {
        fprintf(stderr, "default policy: %s\n%s", e.msg, probs.p ? probs.p : "");
        return 1;
    }
    sbuf_free(&probs);
    P_grace5 = variant("grace-minutes=\"0\"", "grace-minutes=\"5\"");
    P_occ2 = variant("per-absence-day=\"3\"", "per-absence-day=\"2\"");
    P_occfine = variant("per-absence-day=\"3\"", "fine=\"10.00\"");
    /* the landscaping pack's <offenses> holds 第三十二条's errand and
     * unapproved visit: three more ladders are put in it */
    P_steps = variant("<offenses>",
                      "<offenses>\n"
                      "<offense code=\"fake\" name=\"假单据\" article=\"惩罚8\" assumed=\"测试用的梯级\">"
                      "<range min=\"100.00\" max=\"500.00\" dismissal=\"or\"/></offense>\n"
                      "<offense code=\"pocket\" name=\"拾遗不交\" article=\"惩罚9\" assumed=\"测试用的梯级\">"
                      "<range min=\"100.00\" max=\"500.00\" dismissal=\"and\"/></offense>\n"
                      "<offense code=\"overcharge\" name=\"多收少收\" article=\"惩罚10\" assumed=\"测试用的梯级\">"
                      "<range min=\"100.00\" max=\"500.00\" or-monthly-wage=\"true\" dismissal=\"and\"/></offense>\n");

    P_ladders = variant("<offenses>",
                        "<offenses>\n"
                        "<offense code=\"uniform_outside\" name=\"工作服穿出\" article=\"t\" assumed=\"测试用的梯级\">"
                        "<fine amount=\"20.00\"/></offense>\n"
                        "<offense code=\"leave_post\" name=\"窜岗脱岗\" article=\"t\" assumed=\"测试用的梯级\">"
                        "<warning/><fine amount=\"10.00\"/><fine amount=\"20.00\"/></offense>\n"
                        "<offense code=\"phone_private\" name=\"私用手机\" article=\"t\" assumed=\"测试用的梯级\">"
                        "<warning/><fine amount=\"10.00\"/><fine amount=\"20.00\"/></offense>\n"
                        "<offense code=\"false_receipt\" name=\"虚开收据\" window=\"year\" article=\"t\" assumed=\"测试用的梯级\">"
                        "<range min=\"100.00\" max=\"500.00\"/><dismissal/></offense>\n");

    test_absence();
    test_leave();
    test_occurrences();
    test_occurrence_fine();
    test_late_early();
    test_meetings();
    test_reports();
    test_incidents();
    test_steps();
    test_pack_incidents();
    test_absence_day_packs();
    test_required_meetings();
    test_clinic();
    test_reward();
    test_requests();
    test_request_fine();
    test_rest_days();
    test_swaps();
    test_deduction();
    test_properties();

    policy_free(P_default);
    policy_free(P_steps);
    policy_free(P_ladders);
    policy_free(P_occfine);
    policy_free(P_grace5);
    policy_free(P_occ2);
    return t_done();
}
