/* punch.c — pairing punches with the roster's shifts (punch.h). */
#include "punch.h"
#include "policy.h"
#include "util.h"
#include "value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One end of a shift a punch can belong to. */
typedef struct anchor {
    int64_t t;          /* the shift's start or end */
    int64_t lo, hi;     /* the window, inclusive */
    long shift;         /* index into facts.shift */
    int end;            /* 0 start, 1 end */
} anchor;

/* Anchors by instant; at the same instant an end before a start (the end
 * of one shift is the earlier anchor), then by shift. */
static int cmp_anchor(const void *a, const void *b)
{
    const anchor *x = a, *y = b;
    if (x->t != y->t) return x->t < y->t ? -1 : 1;
    if (x->end != y->end) return x->end ? -1 : 1;
    return (x->shift > y->shift) - (x->shift < y->shift);
}

/* Index sorts; the comparators reach the facts through qsort_r. */
static int cmp_punch(const void *a, const void *b, void *ctx)
{
    const facts *f = ctx;
    const fact_punch *x = &f->punch[*(const size_t *)a], *y = &f->punch[*(const size_t *)b];
    int c = strcmp(x->emp_id, y->emp_id);
    if (c) return c;
    if (x->at != y->at) return x->at < y->at ? -1 : 1;
    return (x->rowid > y->rowid) - (x->rowid < y->rowid);
}

static int cmp_shift(const void *a, const void *b, void *ctx)
{
    const facts *f = ctx;
    const fact_shift *x = &f->shift[*(const size_t *)a], *y = &f->shift[*(const size_t *)b];
    if (x->emp != y->emp) return x->emp < y->emp ? -1 : 1;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    return (x->rowid > y->rowid) - (x->rowid < y->rowid);
}

/* The working state of one pairing. */
typedef struct pairing {
    const facts *f;
    const policy_punch *w;   /* the windows */
    int64_t as_of_end;       /* last second judged */
    size_t *pi;              /* punch indexes by (employee, at) (owned) */
    size_t *si;              /* shift indexes by (emp, start) (owned) */
    long *in_idx, *out_idx;  /* per shift: the punch giving its clock-in / clock-out, or -1 (owned) */
    punch_plan_entry *plan;  /* per punch (the caller's) */
    anchor *an;              /* one employee's anchors (owned, reused) */
    size_t cap_an;           /* anchors allocated */
} pairing;

/* The nearest anchor among an[0..n) whose window holds t, or -1. */
static long nearest(const anchor *an, size_t n, int64_t width, int64_t t)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {               /* first anchor at or after t - width */
        size_t mid = lo + (hi - lo) / 2;
        if (an[mid].t < t - width) lo = mid + 1;
        else hi = mid;
    }
    long best = -1;
    int64_t bestd = 0;
    for (size_t k = lo; k < n && an[k].t <= t + width; k++) {
        if (t < an[k].lo || t > an[k].hi) continue;
        int64_t d = t >= an[k].t ? t - an[k].t : an[k].t - t;
        if (best < 0 || d < bestd) {   /* strict: the earlier anchor keeps a tie */
            best = (long)k;
            bestd = d;
        }
    }
    return best;
}

/* The shift of sh[0..n) (indexes sorted by start) running at t, or -1. */
static long running(const facts *f, const size_t *sh, size_t n, int64_t t)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {               /* first shift starting after t */
        size_t mid = lo + (hi - lo) / 2;
        if (f->shift[sh[mid]].start <= t) lo = mid + 1;
        else hi = mid;
    }
    /* a shift lasts at most a day: look back that far only */
    for (size_t k = lo; k-- > 0 && f->shift[sh[k]].start > t - 86400;)
        if (f->shift[sh[k]].end >= t) return (long)sh[k];
    return -1;
}

/* Pairs the punches pi[a..b) of one known employee with its shifts
 * sh[0..nsh). */
static void pair_employee(pairing *g, size_t a, size_t b, const size_t *sh, size_t nsh)
{
    const facts *f = g->f;
    const policy_punch *w = g->w;
    size_t n = 2 * nsh;
    if (n > g->cap_an) {
        g->cap_an = n;
        g->an = xrealloc(g->an, n * sizeof *g->an);
    }
    for (size_t k = 0; k < nsh; k++) {
        const fact_shift *s = &f->shift[sh[k]];
        g->an[2 * k] = (anchor){ s->start, s->start - w->outside, s->start + w->inside, (long)sh[k], 0 };
        g->an[2 * k + 1] = (anchor){ s->end, s->end - w->inside, s->end + w->outside, (long)sh[k], 1 };
    }
    if (n > 1) qsort(g->an, n, sizeof *g->an, cmp_anchor);
    int64_t width = w->outside > w->inside ? w->outside : w->inside;

    int64_t first_at = 0;
    for (size_t k = a; k < b; k++) {
        size_t i = g->pi[k];
        const fact_punch *pu = &f->punch[i];
        punch_plan_entry *pe = &g->plan[i];
        if (k > a && pu->at - first_at <= w->duplicate) {
            /* the same clock event as the punch that opened it */
            pe->use = PUNCH_DUPLICATE;
            pe->shift = -1;
            for (size_t j = k; j-- > a;)
                if (g->plan[g->pi[j]].use != PUNCH_DUPLICATE) { pe->shift = g->plan[g->pi[j]].shift; break; }
            continue;
        }
        first_at = pu->at;
        long an = nearest(g->an, n, width, pu->at);
        if (an < 0) {
            pe->shift = running(f, sh, nsh, pu->at);
            pe->use = pe->shift >= 0 ? PUNCH_INSIDE : pu->at > g->as_of_end ? PUNCH_LATER : PUNCH_STRAY;
            continue;
        }
        const anchor *x = &g->an[an];
        long si = x->shift;
        const fact_shift *s = &f->shift[si];
        pe->shift = si;
        if (x->end == 0) {
            if (s->clock_in != FACT_NONE) pe->use = PUNCH_KEPT;
            else if (g->in_idx[si] < 0) { pe->use = PUNCH_IN; g->in_idx[si] = (long)i; }
            else pe->use = PUNCH_SPARE;          /* punches come in time order: the first stays */
        } else {
            if (s->clock_out != FACT_NONE) pe->use = PUNCH_KEPT;
            else {
                if (g->out_idx[si] >= 0) g->plan[g->out_idx[si]].use = PUNCH_SPARE;
                pe->use = PUNCH_OUT;             /* the latest so far */
                g->out_idx[si] = (long)i;
            }
        }
    }
}

/* Runs the pairing into g (plan, in_idx, out_idx filled). */
static void pair_all(pairing *g, const facts *f, const policy *p, int32_t as_of, punch_plan_entry *plan)
{
    memset(g, 0, sizeof *g);
    g->f = f;
    g->w = &p->punch;
    g->plan = plan;
    g->as_of_end = as_of == FACT_NODAY ? INT64_MAX : (int64_t)as_of * 86400 + 86399;
    g->pi = xmalloc((f->npunch + 1) * sizeof *g->pi);
    g->si = xmalloc((f->nshift + 1) * sizeof *g->si);
    g->in_idx = xmalloc((f->nshift + 1) * sizeof *g->in_idx);
    g->out_idx = xmalloc((f->nshift + 1) * sizeof *g->out_idx);
    for (size_t i = 0; i < f->npunch; i++) g->pi[i] = i;
    for (size_t i = 0; i < f->nshift; i++) {
        g->si[i] = i;
        g->in_idx[i] = g->out_idx[i] = -1;
    }
    qsort_r(g->pi, f->npunch, sizeof *g->pi, cmp_punch, (void *)f);
    qsort_r(g->si, f->nshift, sizeof *g->si, cmp_shift, (void *)f);

    size_t a = 0, sa = 0;
    while (a < f->npunch) {
        const fact_punch *pa = &f->punch[g->pi[a]];
        size_t b = a + 1;
        while (b < f->npunch && strcmp(f->punch[g->pi[b]].emp_id, pa->emp_id) == 0) b++;
        if (p->punch.line == 0 || pa->emp < 0) {
            /* no rule to pair by, or no employee to pair for */
            for (size_t k = a; k < b; k++) {
                plan[g->pi[k]].use = p->punch.line == 0 ? PUNCH_NO_POLICY
                                   : f->punch[g->pi[k]].at > g->as_of_end ? PUNCH_LATER : PUNCH_STRAY;
                plan[g->pi[k]].shift = -1;
            }
        } else {
            /* the employee's shifts: a run of si (sorted by emp) */
            while (sa < f->nshift && f->shift[g->si[sa]].emp < pa->emp) sa++;
            size_t sb = sa;
            while (sb < f->nshift && f->shift[g->si[sb]].emp == pa->emp) sb++;
            pair_employee(g, a, b, g->si + sa, sb - sa);
            sa = sb;
        }
        a = b;
    }
}

static void pair_free(pairing *g)
{
    free(g->pi);
    free(g->si);
    free(g->in_idx);
    free(g->out_idx);
    free(g->an);
}

void punch_plan(const facts *f, const policy *p, int32_t as_of, punch_plan_entry *plan,
                int64_t *in_at, int64_t *out_at)
{
    pairing g;
    pair_all(&g, f, p, as_of, plan);
    for (size_t i = 0; i < f->nshift; i++) {
        if (in_at) in_at[i] = g.in_idx[i] >= 0 ? f->punch[g.in_idx[i]].at : FACT_NONE;
        if (out_at) out_at[i] = g.out_idx[i] >= 0 ? f->punch[g.out_idx[i]].at : FACT_NONE;
    }
    pair_free(&g);
}

/* ------------------------------------------------- schedule, no roster */

/* The day of an instant (floor division). */
static int32_t day_of(int64_t at)
{
    return (int32_t)(at >= 0 ? at / 86400 : -((-at + 86399) / 86400));
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Shifts by (emp, start), the roster's row before a generated shift of the
 * same instant, then by rowid: the order facts.h promises. */
static int cmp_shift_all(const void *a, const void *b)
{
    const fact_shift *x = a, *y = b;
    if (x->emp != y->emp) return x->emp < y->emp ? -1 : 1;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->generated != y->generated) return x->generated - y->generated;
    return (x->rowid > y->rowid) - (x->rowid < y->rowid);
}

/* The (employee, day) key of a roster row, for the binary search. */
static int64_t emp_day_key(int emp, int32_t day)
{
    return (int64_t)emp * 4294967296LL + ((int64_t)day + 2147483648LL);
}

long punch_schedule(facts *f, const policy *p, int32_t as_of, kerr *e)
{
    const policy_schedule *sc = &p->sched;
    if (!sc->line || f->npunch == 0 || f->nemp == 0) return 0;
    /* the days of the log: its known employees' punches */
    int32_t lo = INT32_MAX, hi = INT32_MIN;
    for (size_t i = 0; i < f->npunch; i++) {
        if (f->punch[i].emp < 0) continue;
        int32_t d = day_of(f->punch[i].at);
        if (d < lo) lo = d;
        if (d > hi) hi = d;
    }
    if (as_of != FACT_NODAY && hi > as_of) hi = as_of;
    if (lo > hi) return 0;
    /* who punched on those days */
    unsigned char *punched = xcalloc(f->nemp, 1);
    size_t nemp = 0;
    for (size_t i = 0; i < f->npunch; i++) {
        const fact_punch *pu = &f->punch[i];
        if (pu->emp < 0 || (size_t)pu->emp >= f->nemp || punched[pu->emp]) continue;
        int32_t d = day_of(pu->at);
        if (d < lo || d > hi) continue;
        punched[pu->emp] = 1;
        nemp++;
    }
    int64_t days = (int64_t)hi - lo + 1;
    if ((int64_t)nemp * days > PUNCH_MAX_GENERATED) {
        char a[11], b[11];
        val_days_str(lo, a);
        val_days_str(hi, b);
        free(punched);
        kerr_set(e, EXIT_DATAERR, "policy line %ld: <schedule>: %zu employees with punches from %s to %s "
                 "would make more than %d generated shifts: give their roster (attendance rows), or check "
                 "the punch dates", sc->line, nemp, a, b, PUNCH_MAX_GENERATED);
        return -1;
    }
    /* the roster's (employee, day) pairs */
    int64_t *ros = xmalloc((f->nshift + 1) * sizeof *ros);
    size_t nros = 0;
    for (size_t i = 0; i < f->nshift; i++)
        if (f->shift[i].emp >= 0) ros[nros++] = emp_day_key(f->shift[i].emp, f->shift[i].date);
    qsort(ros, nros, sizeof *ros, cmp_i64);

    size_t cap = f->nshift, n0 = f->nshift;
    for (size_t k = 0; k < f->nemp; k++) {
        if (!punched[k]) continue;
        const fact_employee *em = &f->emp[k];
        int32_t a = lo, b = hi;
        if (em->hired_on != FACT_NODAY && em->hired_on > a) a = em->hired_on;
        if (em->left_on != FACT_NODAY && em->left_on < b) b = em->left_on;
        for (int32_t d = a; d <= b; d++) {
            if (!policy_is_workday(p, d)) continue;
            int64_t key = emp_day_key((int)k, d);
            if (nros && bsearch(&key, ros, nros, sizeof *ros, cmp_i64)) continue;
            if (f->nshift == cap) {
                cap = cap < 64 ? 128 : cap * 2;
                f->shift = xrealloc(f->shift, cap * sizeof *f->shift);
            }
            fact_shift *s = &f->shift[f->nshift++];
            memset(s, 0, sizeof *s);
            s->emp = (int)k;
            s->date = d;
            s->start = (int64_t)d * 86400 + sc->start;
            s->end = (int64_t)d * 86400 + sc->end + (sc->end <= sc->start ? 86400 : 0);
            s->clock_in = s->clock_out = FACT_NONE;
            s->generated = 1;
        }
    }
    free(ros);
    free(punched);
    long made = (long)(f->nshift - n0);
    if (made) qsort(f->shift, f->nshift, sizeof *f->shift, cmp_shift_all);
    return made;
}

/* HH:MM:SS of an instant. */
static void tod_str(int64_t at, char out[9])
{
    char full[20];
    val_secs_str(at, full);
    memcpy(out, full + 11, 8);
    out[8] = '\0';
}

/* 1 when employee emp has a shift dated `day` (a binary search over the
 * shift indexes sorted by (emp, start)). */
static int has_shift_on(const pairing *g, int emp, int32_t day)
{
    const facts *f = g->f;
    size_t lo = 0, hi = f->nshift;
    int64_t t = (int64_t)day * 86400;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const fact_shift *s = &f->shift[g->si[mid]];
        if (s->emp < emp || (s->emp == emp && s->start < t)) lo = mid + 1;
        else hi = mid;
    }
    return lo < f->nshift && f->shift[g->si[lo]].emp == emp && f->shift[g->si[lo]].date == day;
}

/* One warning for the stray punches pi[a..b) of one employee on one day
 * (their duplicates included). */
static void stray_finding(const facts *f, const policy *p, const pairing *g, size_t a, size_t b,
                          finding_list *out)
{
    const fact_punch *p0 = &f->punch[g->pi[a]];
    int32_t day = (int32_t)(p0->at >= 0 ? p0->at / 86400 : -((-p0->at + 86399) / 86400));
    finding *x = finding_add(out);
    snprintf(x->rule, sizeof x->rule, "punch_unpaired");
    x->article = xstrdup(p->punch.article ? p->punch.article : "");
    snprintf(x->subject_kind, sizeof x->subject_kind, "employee");
    x->subject_id = xstrdup(p0->emp_id);
    val_days_str(day, x->date);
    memcpy(x->period, x->date, 7);
    x->period[7] = '\0';
    x->sanction = SANCTION_WARNING;
    x->amount_fen = 0;
    sbuf d = {0};
    sbuf_adds(&d, "打卡不属于任何班次：");
    int nev = 0, ndup = 0;
    for (size_t k = a; k < b; k++) {
        const fact_punch *pu = &f->punch[g->pi[k]];
        finding_cite(x, "punch", pu->rowid);
        if (g->plan[g->pi[k]].use == PUNCH_DUPLICATE) { ndup++; continue; }
        char t[9];
        tod_str(pu->at, t);
        sbuf_printf(&d, "%s%s", nev++ ? "、" : "", t);
        if (pu->device && *pu->device) {
            /* one line: the device text comes from the export */
            sbuf_adds(&d, "（");
            for (const char *q = pu->device; *q; q++) sbuf_addc(&d, (unsigned char)*q < 0x20 || *q == 0x7f ? ' ' : *q);
            sbuf_adds(&d, "）");
        }
    }
    if (ndup) sbuf_printf(&d, "（另有 %d 次重复打卡）", ndup);
    if (p->punch.line == 0)
        sbuf_adds(&d, "；政策未声明 <punch-pairing>，打卡未与班次配对");
    else if (p0->emp < 0)
        sbuf_adds(&d, "；员工编号未登记，打卡无法配对");
    else if (!has_shift_on(g, p0->emp, day))
        sbuf_adds(&d, "；当天无排班");
    else
        sbuf_adds(&d, "；不在当天班次的上下班打卡时段内");
    x->detail = d.p ? d.p : xstrdup("");   /* the finding owns it */
}

/* 1 when punch use u is reported as a warning. */
static int is_stray(punch_use u) { return u == PUNCH_STRAY || u == PUNCH_NO_POLICY; }

void punch_pair(facts *f, const policy *p, int32_t as_of, finding_list *out)
{
    if (f->npunch == 0) return;
    punch_plan_entry *plan = xcalloc(f->npunch, sizeof *plan);
    pairing g;
    pair_all(&g, f, p, as_of, plan);
    for (size_t i = 0; i < f->nshift; i++) {
        fact_shift *s = &f->shift[i];
        if (g.in_idx[i] >= 0 && s->clock_in == FACT_NONE) {
            s->clock_in = f->punch[g.in_idx[i]].at;
            s->in_punch = f->punch[g.in_idx[i]].rowid;
        }
        if (g.out_idx[i] >= 0 && s->clock_out == FACT_NONE) {
            s->clock_out = f->punch[g.out_idx[i]].at;
            s->out_punch = f->punch[g.out_idx[i]].rowid;
        }
    }
    /* strays, one finding per employee and day; a duplicate of a stray
     * punch goes with it */
    size_t k = 0;
    while (k < f->npunch) {
        size_t i = g.pi[k];
        int as_of_ok = p->punch.line != 0 || f->punch[i].at <= g.as_of_end;
        if (!is_stray(plan[i].use) || !as_of_ok) { k++; continue; }
        int64_t day = f->punch[i].at >= 0 ? f->punch[i].at / 86400 : -((-f->punch[i].at + 86399) / 86400);
        size_t b = k + 1;
        while (b < f->npunch) {
            const fact_punch *q = &f->punch[g.pi[b]];
            int64_t qd = q->at >= 0 ? q->at / 86400 : -((-q->at + 86399) / 86400);
            if (strcmp(q->emp_id, f->punch[i].emp_id) != 0 || qd != day) break;
            punch_use u = plan[g.pi[b]].use;
            if (!is_stray(u) && !(u == PUNCH_DUPLICATE && plan[g.pi[b]].shift < 0)) break;
            b++;
        }
        stray_finding(f, p, &g, k, b, out);
        k = b;
    }
    pair_free(&g);
    free(plan);
}

const char *punch_use_name(punch_use u)
{
    switch (u) {
    case PUNCH_IN: return "in";
    case PUNCH_OUT: return "out";
    case PUNCH_DUPLICATE: return "duplicate";
    case PUNCH_SPARE: return "spare";
    case PUNCH_KEPT: return "kept";
    case PUNCH_INSIDE: return "inside";
    case PUNCH_STRAY: return "stray";
    case PUNCH_LATER: return "later";
    case PUNCH_NO_POLICY: return "unpaired";
    }
    return "stray";
}
