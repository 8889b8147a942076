/* fines.c — the attendance and fines engine (SPEC §7.1): leave validity,
 * absences, late and early occurrences, absence runs and their cost,
 * dismissal thresholds, meetings, report deadlines, incident ladders and
 * the clean-month reward.
 *
 * Every number, role, deadline, amount and article comes from the policy;
 * the C code only holds the arithmetic and the Chinese wording of the
 * details. Work is O(n log n) in the size of the facts: each array is
 * sorted once into an index, then walked once (see fines.h for the rule
 * codes and the decisions taken where the SPEC is silent). */
#include "fines.h"
#include "kinds.h"
#include "value.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Intermediates of the absence-ladder arithmetic: (W + B) × multiple ×
 * length × 100 can exceed 64 bits for absurd but parseable wages, and the
 * SPEC wants one exact rounding at the end, so products are formed in 128
 * bits (a GCC extension available on every target Debian ships kefu for). */
__extension__ typedef __int128 wide;

/* What one fines_run call works with. */
typedef struct ctx {
    const facts *f;      /* input facts */
    const policy *p;     /* the policy */
    int32_t as_of;       /* judged day */
    int64_t as_of_end;   /* last second of the as-of day */
    finding_list *out;   /* where findings go */
    size_t *occ;         /* scratch: shift positions of the current occurrence batch (owned) */
    size_t nocc, capocc; /* used and allocated entries of occ */
} ctx;

/* ---------------------------------------------------------------- helpers */

/* Rounds num / den (den > 0) half-up (half away from zero) to an integer. */
static int64_t div_half_up(wide num, wide den)
{
    if (num < 0) return -div_half_up(-num, den);
    return (int64_t)((2 * num + den) / (2 * den));
}

static int ym_key(int32_t day)
{
    int y, m, d;
    val_ymd(day, &y, &m, &d);
    return y * 12 + (m - 1);
}

static int year_of(int32_t day)
{
    int y, m, d;
    val_ymd(day, &y, &m, &d);
    return y;
}

static void fen_str(int64_t fen, char out[32])
{
    val_fen_str(fen, out, 32);
}

/* Writes an instant for a detail: "HH:MM" (":SS" when not whole minutes)
 * when it falls on `ref_day`, else "YYYY-MM-DD HH:MM[:SS]". */
static void instant_str(int64_t secs, int32_t ref_day, char out[24])
{
    char full[20];
    val_secs_str(secs, full);
    int64_t day = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    int whole = full[17] == '0' && full[18] == '0';
    if (day == ref_day) snprintf(out, 24, "%.*s", whole ? 5 : 8, full + 11);
    else snprintf(out, 24, "%.*s", whole ? 16 : 19, full);
}

/* A hundredths value (2175, 2000) as a decimal ("21.75", "20"). */
static void hundredths_str(int64_t v, char out[32]) { val_hundredths_str(v, out, 32); }

static int strs_has(const policy_strs *s, const char *v)
{
    if (!v) return 0;
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->v[i], v) == 0) return 1;
    return 0;
}

static const char *role_zh(const policy *p, const char *code)
{
    const char *n = code ? policy_vocab_name(p, POLICY_VOCAB_ROLE, code) : NULL;
    return n ? n : (code ? code : "");
}

/* Takes the buffer's text as a new string (the buffer is left empty). */
static char *sbuf_take(sbuf *b)
{
    char *s = b->p ? b->p : xstrdup("");
    memset(b, 0, sizeof *b);
    return s;
}

/* Appends a finding; takes ownership of `detail`. emp >= 0 makes an
 * employee finding, else a department finding for `dept`. Control
 * characters in the detail become spaces (a detail is one line). Returns
 * the finding, valid until the next append. */
static finding *emit(ctx *c, const char *rule, const char *article, int emp, const char *dept,
                     int32_t date, sanction s, int64_t amount, char *detail)
{
    finding *x = finding_add(c->out);
    snprintf(x->rule, sizeof x->rule, "%s", rule);
    x->article = xstrdup(article ? article : "");
    snprintf(x->subject_kind, sizeof x->subject_kind, "%s", emp >= 0 ? "employee" : "department");
    x->subject_id = xstrdup(emp >= 0 ? c->f->emp[emp].id : (dept ? dept : ""));
    val_days_str(date, x->date);
    memcpy(x->period, x->date, 7);
    x->period[7] = '\0';
    x->sanction = s;
    x->amount_fen = amount;
    /* one line: text from the records (a meeting title) may hold controls */
    for (char *q = detail; *q; q++)
        if ((unsigned char)*q < 0x20 || *q == 0x7f) *q = ' ';
    x->detail = detail;
    return x;
}

/* A fixed amount from the policy is a fine, or a warning when it is 0. */
static sanction fine_or_warning(int64_t fen)
{
    return fen > 0 ? SANCTION_FINE : SANCTION_WARNING;
}

/* ---------------------------------------------------------- leave (item 1) */

/* Judges one leave against the approval matrix and the certificate list.
 * Returns 1 when valid; else 0 and *why receives the reason (caller frees). */
static int leave_judge(const ctx *c, const fact_leave *l, char **why)
{
    const policy *p = c->p;
    const facts *f = c->f;
    const fact_employee *req = &f->emp[l->emp];
    int days = (int)(l->end - l->start) + 1;
    char tname[32];
    kind_enum_zh("leave_type", l->type, tname, sizeof tname);
    const policy_leave_rule *r = NULL;

    *why = NULL;
    for (int i = 0; i < p->nleave_rules; i++) {
        const policy_leave_rule *x = &p->leave_rules[i];
        if (x->requester_roles.n && !strs_has(&x->requester_roles, req->role)) continue;
        if (x->types.n && !strs_has(&x->types, l->type)) continue;
        if (x->min_days && days < x->min_days) continue;
        if (x->max_days && days > x->max_days) continue;
        r = x;
        break;
    }
    if (!r) {
        *why = xasprintf("%d 天%s无适用的审批规则", days, tname);
        return 0;
    }

    /* Who may approve, for the messages: "本部门部门负责人或总经理". */
    sbuf allowed = { 0 };
    for (int i = 0; i < r->approvers.n; i++) {
        if (i) sbuf_adds(&allowed, "或");
        if (strs_has(&r->same_dept, r->approvers.v[i])) sbuf_adds(&allowed, "本部门");
        sbuf_adds(&allowed, role_zh(p, r->approvers.v[i]));
    }
    char *subj = r->requester_roles.n ? xasprintf("%s的 ", role_zh(p, req->role)) : xstrdup("");

    const char *ap = l->approved_by;
    int ai = -1;
    if (!ap || !*ap) {
        *why = xstrdup("无批准人");
    } else if (strcmp(ap, req->id) == 0) {
        *why = xasprintf("批准人为请假人本人（%s%d 天%s须%s批准）", subj, days, tname,
                         allowed.p ? allowed.p : "");
    } else if ((ai = facts_emp_index(f, ap)) < 0) {
        *why = xasprintf("批准人 %s 不在员工名册中", ap);
    } else if (!strs_has(&r->approvers, f->emp[ai].role)) {
        *why = xasprintf("%s%d 天%s须%s批准（批准人为%s）", subj, days, tname,
                         allowed.p ? allowed.p : "", role_zh(p, f->emp[ai].role));
    } else if (strs_has(&r->same_dept, f->emp[ai].role) &&
               strcmp(f->emp[ai].dept ? f->emp[ai].dept : "", req->dept ? req->dept : "") != 0) {
        *why = xasprintf("批准人 %s 为其他部门（%s）的%s，%s%d 天%s须%s批准", ap,
                         f->emp[ai].dept ? f->emp[ai].dept : "", role_zh(p, f->emp[ai].role),
                         subj, days, tname, allowed.p ? allowed.p : "");
    }
    sbuf_free(&allowed);
    free(subj);
    if (*why) return 0;

    if (!l->certificate && l->type) {
        for (int i = 0; i < p->ncertificates; i++) {
            if (strcmp(p->certificates[i].type, l->type) == 0) {
                *why = xasprintf("%s无医院证明", tname);
                return 0;
            }
        }
    }
    return 1;
}

/* ------------------------------------------------------- absence costing */

static const policy_tier *tier_for(const policy *p, int len)
{
    for (int i = 0; i < p->att.ntiers; i++) {
        const policy_tier *t = &p->att.tiers[i];
        if (len >= t->min_len && (t->max_len == 0 || len <= t->max_len)) return t;
    }
    return NULL;
}

/* The cost of a run of `len` days for wage w and bonus b, exact with one
 * half-up rounding: PER_DAY k·L·(W+B)·100/days_x100; FRACTION (W+B)·num/den;
 * WAGE_PLUS_BONUS W + k·B. */
static int64_t tier_cost(const policy *p, const policy_tier *t, int len, int64_t w, int64_t b)
{
    wide s = (wide)w + b;
    switch (t->kind) {
    case POLICY_TIER_PER_DAY:
        return div_half_up(s * t->k * len * 100, p->pay.days_per_month_x100 > 0 ?
                           p->pay.days_per_month_x100 : 1);
    case POLICY_TIER_FRACTION:
        return div_half_up(s * t->num, t->den > 0 ? t->den : 1);
    case POLICY_TIER_WAGE_PLUS_BONUS:
        return (int64_t)((wide)w + (wide)b * t->k);
    }
    return 0;
}

/* Appends "formula = amount 元（D = (W+B)/21.75，W = …，B = …）" for a run
 * of `len` days, or a note when no tier covers it. Returns the amount. */
static int64_t cost_text(sbuf *b, const policy *p, int len, const fact_employee *e)
{
    const policy_tier *t = tier_for(p, len);
    char ws[32], bs[32], as[32], dpm[32];
    fen_str(e->wage_fen, ws);
    fen_str(e->bonus_fen, bs);
    if (!t && p->att.ntiers == 0) {
        sbuf_printf(b, "本单位制度未规定旷工扣款，未计扣款（W = %s，B = %s）", ws, bs);
        return 0;
    }
    if (!t) {
        sbuf_printf(b, "制度中无 %d 天的扣款档位，未计扣款（W = %s，B = %s）", len, ws, bs);
        return 0;
    }
    int64_t amt = tier_cost(p, t, len, e->wage_fen, e->bonus_fen);
    fen_str(amt, as);
    switch (t->kind) {
    case POLICY_TIER_PER_DAY:
        hundredths_str(p->pay.days_per_month_x100, dpm);
        sbuf_printf(b, "%d×%d×D = %s 元（D = (W+B)/%s，W = %s，B = %s）", t->k, len, as, dpm, ws, bs);
        break;
    case POLICY_TIER_FRACTION:
        if (t->num == t->den) sbuf_printf(b, "W+B");
        else if (t->num == 1) sbuf_printf(b, "(W+B)/%d", t->den);
        else sbuf_printf(b, "(W+B)×%d/%d", t->num, t->den);
        sbuf_printf(b, " = %s 元（W = %s，B = %s）", as, ws, bs);
        break;
    case POLICY_TIER_WAGE_PLUS_BONUS:
        if (t->k == 0) sbuf_printf(b, "W");
        else if (t->k == 1) sbuf_printf(b, "W+B");
        else sbuf_printf(b, "W+%dB", t->k);
        sbuf_printf(b, " = %s 元（W = %s，B = %s）", as, ws, bs);
        break;
    }
    return amt;
}

/* ------------------------------------------------ one employee's roster */

/* Per-employee state of the roster walk. */
typedef struct roster {
    int emp;              /* employee index */
    const size_t *sh;     /* the employee's shifts (indexes into facts.shift), by date */
    int *inv;             /* per position in sh: invalid leave index covering it, or -1 */
    long run_a, run_b;    /* first and last position of the open run in sh; run_a < 0: none */
    int run_days;         /* distinct days in the open run */
    int32_t run_first, run_last; /* first and last day of the open run */
    int year;             /* calendar year being counted */
    int ydays;            /* absence days counted in that year */
    int ydismissed;       /* 1 once the yearly dismissal finding was made */
    int32_t last_abs_day; /* day of the last absent shift counted in ydays */
    int occ_ym;           /* month key of the occurrence count */
    int occ_n;            /* occurrences so far in that month */
} roster;

/* Counts one absence day of `day` towards the yearly threshold. */
static void year_count(ctx *c, roster *r, int32_t day, int64_t cite_rowid)
{
    const policy_attendance *a = &c->p->att;
    int y = year_of(day);
    if (y != r->year) {
        r->year = y;
        r->ydays = 0;
        r->ydismissed = 0;
    }
    r->ydays++;
    if (!r->ydismissed && a->dismiss_per_year > 0 && r->ydays >= a->dismiss_per_year) {
        char ds[11];
        val_days_str(day, ds);
        finding *x = emit(c, "dismissal", a->dismiss_article, r->emp, NULL, day, SANCTION_DISMISSAL, 0,
                          xasprintf("%d 年累计旷工第 %d 天（%s）：%s", y, r->ydays, ds,
                                    a->dismiss_wording ? a->dismiss_wording : ""));
        finding_cite(x, "attendance", cite_rowid);
        r->ydismissed = 1;
    }
}

/* Closes the open absence run, if any: its cost finding and, when long
 * enough, the dismissal finding. */
static void run_close(ctx *c, roster *r)
{
    if (r->run_a < 0) return;
    const facts *f = c->f;
    const policy_attendance *a = &c->p->att;
    const fact_employee *e = &f->emp[r->emp];
    char d1[11], d2[11];
    sbuf b = { 0 };

    val_days_str(r->run_first, d1);
    val_days_str(r->run_last, d2);
    if (r->run_days == 1) sbuf_printf(&b, "旷工 1 天（%s）：", d1);
    else sbuf_printf(&b, "连续旷工 %d 天（%s 至 %s）：", r->run_days, d1, d2);
    int64_t amt = cost_text(&b, c->p, r->run_days, e);

    /* Name the invalid leaves that made shifts absent (distinct ids; the
     * positions are in date order, so a repeat is usually the previous). */
    enum { NAMED_MAX = 4 };
    int named[NAMED_MAX], nnamed = 0, more = 0;
    for (long k = r->run_a; k <= r->run_b; k++) {
        int li = r->inv[k];
        if (li < 0) continue;
        int seen = 0;
        for (int j = 0; j < nnamed; j++) seen |= named[j] == li;
        if (seen) continue;
        if (nnamed < NAMED_MAX) named[nnamed++] = li;
        else more++;
    }
    for (int j = 0; j < nnamed; j++) {
        const fact_leave *l = &f->leave[named[j]];
        char *w = NULL;
        leave_judge(c, l, &w);
        /* the leave named whole (issue 12): its id, type and days, so the
         * line can be checked against the leave form */
        char tname[32], ls[11], le[11];
        kind_enum_zh("leave_type", l->type, tname, sizeof tname);
        val_days_str(l->start, ls);
        val_days_str(l->end, le);
        if (l->start == l->end) sbuf_printf(&b, "；请假单 %s（%s，%s）无效（%s），按旷工处理", l->id, tname, ls, w ? w : "");
        else sbuf_printf(&b, "；请假单 %s（%s，%s 至 %s）无效（%s），按旷工处理", l->id, tname, ls, le, w ? w : "");
        free(w);
    }
    if (more) sbuf_printf(&b, "；另有 %d 张无效请假单", more);

    /* no tiers: the organisation's text sets no cost; the run is still shown */
    finding *x = emit(c, "absence_run", a->absence_article, r->emp, NULL, r->run_last,
                      a->ntiers ? SANCTION_DEDUCTION : SANCTION_NONE, amt, sbuf_take(&b));
    /* the invalid leaves first: a long run's shifts may overflow the sources */
    for (int j = 0; j < nnamed; j++) finding_cite(x, "leave", f->leave[named[j]].rowid);
    for (long k = r->run_a; k <= r->run_b; k++) finding_cite(x, "attendance", f->shift[r->sh[k]].rowid);

    if (a->dismiss_consecutive > 0 && r->run_days >= a->dismiss_consecutive) {
        x = emit(c, "dismissal", a->dismiss_article, r->emp, NULL, r->run_last, SANCTION_DISMISSAL, 0,
                 xasprintf("连续旷工 %d 天（%s 至 %s）：%s", r->run_days, d1, d2,
                           a->dismiss_wording ? a->dismiss_wording : ""));
        for (long k = r->run_a; k <= r->run_b; k++) finding_cite(x, "attendance", f->shift[r->sh[k]].rowid);
    }
    r->run_a = -1;
}

/* Records one late or early occurrence on the shift at position `pos`,
 * and turns every n-th of the month into an absence day. */
static void occurrence(ctx *c, roster *r, long pos, int late)
{
    const facts *f = c->f;
    const policy *p = c->p;
    const fact_shift *s = &f->shift[r->sh[pos]];
    int ym = ym_key(s->date);
    char t1[24], t2[24];
    char *d;

    if (ym != r->occ_ym) {
        r->occ_ym = ym;
        r->occ_n = 0;
        c->nocc = 0;
    }
    r->occ_n++;
    if (late) {
        instant_str(s->start, s->date, t1);
        if (s->clock_in == FACT_NONE)
            d = xasprintf("缺上班打卡，按迟到计（班次 %s 开始；本月第 %d 次迟到早退）", t1, r->occ_n);
        else {
            instant_str(s->clock_in, s->date, t2);
            d = xasprintf("迟到：上班打卡 %s，班次 %s 开始，宽限 %d 分钟（本月第 %d 次迟到早退）",
                          t2, t1, p->att.grace_minutes, r->occ_n);
        }
    } else {
        instant_str(s->end, s->date, t1);
        if (s->clock_out == FACT_NONE)
            d = xasprintf("缺下班打卡，按早退计（班次 %s 结束；本月第 %d 次迟到早退）", t1, r->occ_n);
        else {
            instant_str(s->clock_out, s->date, t2);
            d = xasprintf("早退：下班打卡 %s，班次 %s 结束（本月第 %d 次迟到早退）", t2, t1, r->occ_n);
        }
    }
    finding *x;
    if (p->att.occurrence_fen > 0) {
        /* fined per breach (the hospital's 10 yuan), never an absence day */
        char as[32];
        fen_str(p->att.occurrence_fen, as);
        char *d2 = xasprintf("%s，罚款 %s 元", d, as);
        free(d);
        x = emit(c, late ? "late" : "early", p->att.occurrences_article, r->emp, NULL, s->date,
                 SANCTION_FINE, p->att.occurrence_fen, d2);
    } else
        x = emit(c, late ? "late" : "early", p->att.late_article, r->emp, NULL, s->date,
                 SANCTION_NONE, 0, d);
    finding_cite(x, "attendance", s->rowid);
    /* the punch the clock time came from, when the roster row had none */
    int64_t pr = late ? s->in_punch : s->out_punch;
    if (pr > 0) finding_cite(x, "punch", pr);

    if (c->nocc == c->capocc) {
        c->capocc = c->capocc ? c->capocc * 2 : 64;
        c->occ = xrealloc(c->occ, c->capocc * sizeof *c->occ);
    }
    c->occ[c->nocc++] = (size_t)pos;

    int n = p->att.occurrences_per_day;
    if (n > 0 && r->occ_n % n == 0) {
        sbuf b = { 0 };
        char ds[11];
        val_days_str(s->date, ds);
        sbuf_printf(&b, "本月第 %d 次迟到早退（每 %d 次按旷工 1 天），按旷工 1 天计（%s）：", r->occ_n, n, ds);
        int64_t amt = cost_text(&b, p, 1, &f->emp[r->emp]);
        char *art;
        if (p->att.occurrences_article && p->att.absence_article &&
            strcmp(p->att.occurrences_article, p->att.absence_article) != 0)
            art = xasprintf("%s；%s", p->att.occurrences_article, p->att.absence_article);
        else
            art = xstrdup(p->att.absence_article ? p->att.absence_article : "");
        x = emit(c, "absence_occurrences", art, r->emp, NULL, s->date, SANCTION_DEDUCTION, amt,
                 sbuf_take(&b));
        free(art);
        int64_t last_rowid = -1;
        for (size_t k = 0; k < c->nocc; k++) {
            int64_t rid = f->shift[r->sh[c->occ[k]]].rowid;
            if (rid != last_rowid) finding_cite(x, "attendance", rid);
            last_rowid = rid;
        }
        c->nocc = 0;
        year_count(c, r, s->date, s->rowid);
    }
}

/* Judges one shift generated from the policy's <schedule> (no roster row
 * that day): an absence, a late clock-in and an early clock-out by the
 * same tests as a roster's shift, each a warning of amount 0 citing the
 * schedule and the punches behind the times. It counts towards no absence
 * run, monthly occurrence count or yearly total: a roster confirms it
 * first (README "Punch logs"). */
static void schedule_judge(ctx *c, int emp, const fact_shift *s, int64_t grace)
{
    const policy *p = c->p;
    const char *art = p->sched.article;
    char t1[24], he[24], ds[11], hs[8];
    val_days_str(s->date, ds);
    instant_str(s->start, s->date, t1);
    snprintf(hs, sizeof hs, "%.5s", t1);
    instant_str(s->end, s->date, he);
    finding *x;
    if (s->clock_in == FACT_NONE && s->clock_out == FACT_NONE) {
        emit(c, "absence_schedule", art, emp, NULL, s->date, SANCTION_WARNING, 0,
             xasprintf("作息表班次（无排班）%s %s-%s 无打卡，按作息表可能旷工；待排班确认，不计扣款", ds, hs, he));
        return;
    }
    if (s->clock_in == FACT_NONE || s->clock_in > s->start + grace) {
        char *d;
        if (s->clock_in == FACT_NONE)
            d = xasprintf("作息表班次（无排班）缺上班打卡（作息 %s 开始）；待排班确认", hs);
        else {
            instant_str(s->clock_in, s->date, t1);
            d = xasprintf("作息表班次（无排班）迟到：上班打卡 %s，作息 %s 开始，宽限 %d 分钟；待排班确认",
                          t1, hs, p->att.grace_minutes);
        }
        x = emit(c, "late_schedule", art, emp, NULL, s->date, SANCTION_WARNING, 0, d);
        if (s->in_punch > 0) finding_cite(x, "punch", s->in_punch);
        if (s->out_punch > 0) finding_cite(x, "punch", s->out_punch);
    }
    if ((s->clock_out == FACT_NONE && s->end <= c->as_of_end) ||
        (s->clock_out != FACT_NONE && s->clock_out < s->end)) {
        char *d;
        if (s->clock_out == FACT_NONE)
            d = xasprintf("作息表班次（无排班）缺下班打卡（作息 %s 结束）；待排班确认", he);
        else {
            instant_str(s->clock_out, s->date, t1);
            d = xasprintf("作息表班次（无排班）早退：下班打卡 %s，作息 %s 结束；待排班确认", t1, he);
        }
        x = emit(c, "early_schedule", art, emp, NULL, s->date, SANCTION_WARNING, 0, d);
        if (s->in_punch > 0) finding_cite(x, "punch", s->in_punch);
        if (s->out_punch > 0) finding_cite(x, "punch", s->out_punch);
    }
}

/* Walks one employee's roster: `sh` holds its shifts by date, `lv` its
 * leaves by start, `valid` the validity of every leave (by leave index). */
static void roster_walk(ctx *c, int emp, const size_t *sh, size_t nsh, int *inv,
                        const size_t *lv, size_t nlv, const unsigned char *valid)
{
    const facts *f = c->f;
    const policy *p = c->p;
    roster r;
    memset(&r, 0, sizeof r);
    r.emp = emp;
    r.sh = sh;
    r.inv = inv;
    r.run_a = -1;
    r.year = INT_MIN;
    r.last_abs_day = FACT_NODAY;
    r.occ_ym = INT_MIN;
    c->nocc = 0;

    size_t lp = 0;
    int32_t maxend_valid = FACT_NODAY, maxend_inv = FACT_NODAY;
    int inv_leave = -1;
    int64_t grace = (int64_t)p->att.grace_minutes * 60;

    for (size_t k = 0; k < nsh; k++) {
        const fact_shift *s = &f->shift[sh[k]];
        if (s->date > c->as_of) break;
        /* Leaves that started by this day: the furthest end of the valid
         * ones, and the invalid one reaching furthest. */
        while (lp < nlv && f->leave[lv[lp]].start <= s->date) {
            const fact_leave *l = &f->leave[lv[lp]];
            if (valid[lv[lp]]) {
                if (l->end > maxend_valid) maxend_valid = l->end;
            } else if (l->end > maxend_inv) {
                maxend_inv = l->end;
                inv_leave = (int)lv[lp];
            }
            lp++;
        }
        inv[k] = -1;
        if (s->generated) {
            /* a shift of the schedule, no roster: warnings only, and no
             * part of the roster's runs and monthly counts */
            if (maxend_valid == FACT_NODAY || maxend_valid < s->date) schedule_judge(c, emp, s, grace);
            continue;
        }
        if (maxend_valid != FACT_NODAY && maxend_valid >= s->date) {
            run_close(c, &r);                   /* on leave: breaks a run, not judged */
            continue;
        }
        if (s->clock_in == FACT_NONE && s->clock_out == FACT_NONE) {
            inv[k] = (maxend_inv != FACT_NODAY && maxend_inv >= s->date) ? inv_leave : -1;
            if (r.run_a < 0) {
                r.run_a = (long)k;
                r.run_days = 0;
                r.run_first = s->date;
                r.run_last = FACT_NODAY;
            }
            if (s->date != r.run_last) r.run_days++;
            r.run_last = s->date;
            r.run_b = (long)k;
            if (s->date != r.last_abs_day) {
                r.last_abs_day = s->date;
                year_count(c, &r, s->date, s->rowid);
            }
            continue;
        }
        run_close(c, &r);
        if (s->clock_in == FACT_NONE || s->clock_in > s->start + grace) occurrence(c, &r, (long)k, 1);
        /* an overnight shift still running at the end of the as-of day has
         * no clock-out yet: not an early leave (judged on the next run) */
        if ((s->clock_out == FACT_NONE && s->end <= c->as_of_end) ||
            (s->clock_out != FACT_NONE && s->clock_out < s->end))
            occurrence(c, &r, (long)k, 0);
    }
    run_close(c, &r);
}

/* Sort orders of the shift and leave indexes (the facts arrays should
 * already be in these orders; sorting again makes the engine independent
 * of the caller). The comparators get the facts through qsort_r. */

static int cmp_shift(const void *a, const void *b, void *ctxp)
{
    const facts *ff = ctxp;
    const fact_shift *x = &ff->shift[*(const size_t *)a];
    const fact_shift *y = &ff->shift[*(const size_t *)b];
    if (x->emp != y->emp) return x->emp < y->emp ? -1 : 1;
    if (x->date != y->date) return x->date < y->date ? -1 : 1;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    return x->rowid < y->rowid ? -1 : x->rowid > y->rowid;
}

static int cmp_leave(const void *a, const void *b, void *ctxp)
{
    const facts *ff = ctxp;
    const fact_leave *x = &ff->leave[*(const size_t *)a];
    const fact_leave *y = &ff->leave[*(const size_t *)b];
    if (x->emp != y->emp) return x->emp < y->emp ? -1 : 1;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    int c = strcmp(x->id ? x->id : "", y->id ? y->id : "");
    if (c) return c;
    return x->rowid < y->rowid ? -1 : x->rowid > y->rowid;
}

static void attendance_run(ctx *c)
{
    const facts *f = c->f;
    size_t *sh = xmalloc((f->nshift + 1) * sizeof *sh);
    size_t *lv = xmalloc((f->nleave + 1) * sizeof *lv);
    unsigned char *valid = xcalloc(f->nleave + 1, 1);
    int *inv = xmalloc((f->nshift + 1) * sizeof *inv);
    size_t nsh = 0, nlv = 0;

    for (size_t i = 0; i < f->nshift; i++)
        if (f->shift[i].emp >= 0 && (size_t)f->shift[i].emp < f->nemp) sh[nsh++] = i;
    for (size_t i = 0; i < f->nleave; i++) {
        if (f->leave[i].emp < 0 || (size_t)f->leave[i].emp >= f->nemp) continue;
        lv[nlv++] = i;
        char *why = NULL;
        valid[i] = (unsigned char)leave_judge(c, &f->leave[i], &why);
        free(why);
    }
    qsort_r(sh, nsh, sizeof *sh, cmp_shift, (void *)f);
    qsort_r(lv, nlv, sizeof *lv, cmp_leave, (void *)f);

    size_t i = 0, j = 0;
    while (i < nsh) {
        int emp = f->shift[sh[i]].emp;
        size_t i2 = i;
        while (i2 < nsh && f->shift[sh[i2]].emp == emp) i2++;
        while (j < nlv && f->leave[lv[j]].emp < emp) j++;
        size_t j2 = j;
        while (j2 < nlv && f->leave[lv[j2]].emp == emp) j2++;
        roster_walk(c, emp, sh + i, i2 - i, inv + i, lv + j, j2 - j, valid);
        i = i2;
        j = j2;
    }
    free(sh);
    free(lv);
    free(valid);
    free(inv);
}

/* ---------------------------------------------- time off (issue 11) */

/* "YYYY-MM-DD HH:MM" (seconds when not whole) of an instant. */
static void stamp_str(int64_t secs, char out[24])
{
    instant_str(secs, INT32_MIN, out);
}

/* When each leave was asked for: <ask-ahead> (leave_late_request) and,
 * for a leave asked for after 00:00 of its first day, <notice>
 * (leave_late_notice) when the pack has it — such a leave is the
 * emergency the notice rule is about, and is judged by it alone. Leaves
 * without requested_at, of unknown employees, or starting after the
 * as-of day are not judged. Dated on the leave's first day. */
static void request_run(ctx *c)
{
    const facts *f = c->f;
    const policy_time_off *o = &c->p->off;
    if (!o->ahead_line && !o->notice_line) return;
    for (size_t i = 0; i < f->nleave; i++) {
        const fact_leave *l = &f->leave[i];
        if (l->emp < 0 || (size_t)l->emp >= f->nemp || l->requested_at == FACT_NONE) continue;
        if (l->start == FACT_NODAY || l->start > c->as_of) continue;
        int64_t begins = (int64_t)l->start * 86400;
        char tname[32], from[11], to[11], at[24], by[24];
        kind_enum_zh("leave_type", l->type, tname, sizeof tname);
        val_days_str(l->start, from);
        val_days_str(l->end, to);
        stamp_str(l->requested_at, at);
        const char *rule = NULL, *article = NULL;
        int64_t fen = 0;
        char *d = NULL;
        if (o->notice_line && l->requested_at > begins) {
            if (l->requested_at <= begins + o->notice_secs) continue;
            stamp_str(begins + o->notice_secs, by);
            rule = "leave_late_notice";
            article = o->notice_article;
            fen = o->notice_fen;
            d = xasprintf("请假 %s（%s %s 至 %s）假期开始后才告知，告知时间 %s，晚于期限 %s", l->id, tname,
                          from, to, at, by);
        } else if (o->ahead_line) {
            int64_t deadline = ((int64_t)l->start - o->ahead_days) * 86400 + 86399;
            if (l->requested_at <= deadline) continue;
            stamp_str(deadline, by);
            rule = "leave_late_request";
            article = o->ahead_article;
            fen = o->ahead_fen;
            d = xasprintf("请假 %s（%s %s 至 %s）于 %s 提出，未提前 %d 天（最迟 %s）", l->id, tname, from, to,
                          at, o->ahead_days, by);
        } else {
            continue;
        }
        if (fen > 0) {
            char as[32];
            fen_str(fen, as);
            char *t = xasprintf("%s，罚款 %s 元", d, as);
            free(d);
            d = t;
        }
        finding *x = emit(c, rule, article, l->emp, NULL, l->start, fine_or_warning(fen), fen, d);
        finding_cite(x, "leave", l->rowid);
    }
}

/* The Monday on or before day d (day 0, 1970-01-01, is a Thursday). */
static int32_t monday_of(int32_t d)
{
    return d - (int32_t)((((int64_t)d + 3) % 7 + 7) % 7);
}

/* <rest-days>: every Monday–Sunday week whose Sunday is on or before the
 * as-of day in which an employee worked (a shift with a clock-in or a
 * clock-out) on more than 7 − per-week days is rest_day_missing, dated on
 * the Sunday and resting on that week's worked shifts. Shifts without a
 * punch (absent, or on leave) are rest, whatever their cause. */
static void rest_run(ctx *c)
{
    const facts *f = c->f;
    const policy_time_off *o = &c->p->off;
    if (!o->rest_line) return;
    size_t *sh = xmalloc((f->nshift + 1) * sizeof *sh);
    size_t nsh = 0;
    for (size_t i = 0; i < f->nshift; i++) {
        const fact_shift *x = &f->shift[i];
        if (x->emp < 0 || (size_t)x->emp >= f->nemp || x->date == FACT_NODAY) continue;
        if (x->clock_in == FACT_NONE && x->clock_out == FACT_NONE) continue;
        sh[nsh++] = i;
    }
    qsort_r(sh, nsh, sizeof *sh, cmp_shift, (void *)f);
    for (size_t i = 0; i < nsh;) {
        const fact_shift *first = &f->shift[sh[i]];
        int32_t mon = monday_of(first->date);
        size_t i2 = i;
        int days = 0;
        int32_t last = FACT_NODAY;
        while (i2 < nsh && f->shift[sh[i2]].emp == first->emp && f->shift[sh[i2]].date <= mon + 6) {
            if (f->shift[sh[i2]].date != last) days++;
            last = f->shift[sh[i2]].date;
            i2++;
        }
        if (mon + 6 <= c->as_of && days > 7 - o->rest_per_week) {
            char a[11], b[11];
            val_days_str(mon, a);
            val_days_str(mon + 6, b);
            finding *x = emit(c, "rest_day_missing", o->rest_article, first->emp, NULL, mon + 6,
                              SANCTION_WARNING, 0,
                              xasprintf("%s 至 %s 一周上班 %d 天，轮休 %d 天，少于每周 %d 天", a, b, days,
                                        7 - days, o->rest_per_week));
            for (size_t k = i; k < i2; k++) finding_cite(x, "attendance", f->shift[sh[k]].rowid);
        }
        i = i2;
    }
    free(sh);
}

static int cmp_swap(const void *a, const void *b, void *ctxp)
{
    const facts *ff = ctxp;
    const fact_swap *x = &ff->swap[*(const size_t *)a];
    const fact_swap *y = &ff->swap[*(const size_t *)b];
    if (x->emp != y->emp) return x->emp < y->emp ? -1 : 1;
    if (x->date != y->date) return x->date < y->date ? -1 : 1;
    int c = strcmp(x->id ? x->id : "", y->id ? y->id : "");
    if (c) return c;
    return x->rowid < y->rowid ? -1 : x->rowid > y->rowid;
}

/* Shift swaps dated on or before the as-of day, of known employees:
 * <swap-limit> — the swaps of one employee in one calendar month of
 * their dates, in (date, swap_id) order, beyond per-month are each
 * shift_swap_excess; <swap-report> — a swap whose reported_to is empty,
 * no employee, or an employee without one of the roles is
 * shift_swap_unreported. Both warnings of 0 (the text gives no
 * sanction), dated on the swap, resting on its row. */
static void swap_run(ctx *c)
{
    const facts *f = c->f;
    const policy_time_off *o = &c->p->off;
    if (!o->swap_limit_line && !o->swap_report_line) return;
    size_t *ix = xmalloc((f->nswap + 1) * sizeof *ix);
    size_t n = 0;
    for (size_t i = 0; i < f->nswap; i++)
        if (f->swap[i].emp >= 0 && (size_t)f->swap[i].emp < f->nemp && f->swap[i].date != FACT_NODAY &&
            f->swap[i].date <= c->as_of)
            ix[n++] = i;
    qsort_r(ix, n, sizeof *ix, cmp_swap, (void *)f);
    int count = 0, last_emp = -1, last_ym = -1;
    for (size_t k = 0; k < n; k++) {
        const fact_swap *w = &f->swap[ix[k]];
        int ym = ym_key(w->date);
        if (w->emp != last_emp || ym != last_ym) count = 0;
        last_emp = w->emp;
        last_ym = ym;
        count++;
        char ds[11];
        val_days_str(w->date, ds);
        if (o->swap_limit_line && count > o->swap_per_month) {
            finding *x = emit(c, "shift_swap_excess", o->swap_limit_article, w->emp, NULL, w->date,
                              SANCTION_WARNING, 0,
                              xasprintf("换班 %s（%s）为 %04d-%02d 第 %d 次换班，每月不得超过 %d 次", w->id, ds,
                                        ym / 12, ym % 12 + 1, count, o->swap_per_month));
            finding_cite(x, "shift_swap", w->rowid);
        }
        if (!o->swap_report_line) continue;
        sbuf allowed = { 0 };
        for (int i = 0; i < o->swap_roles.n; i++) {
            if (i) sbuf_adds(&allowed, "或");
            sbuf_adds(&allowed, role_zh(c->p, o->swap_roles.v[i]));
        }
        const char *to = w->reported_to;
        int ti = to && *to ? facts_emp_index(f, to) : -1;
        char *why = NULL;
        if (!to || !*to)
            why = xasprintf("未报备（须向%s报备）", allowed.p ? allowed.p : "");
        else if (ti < 0)
            why = xasprintf("报备人 %s 不在员工名册中（须向%s报备）", to, allowed.p ? allowed.p : "");
        else if (!strs_has(&o->swap_roles, f->emp[ti].role))
            why = xasprintf("报备人 %s 为%s，须向%s报备", to, role_zh(c->p, f->emp[ti].role),
                            allowed.p ? allowed.p : "");
        sbuf_free(&allowed);
        if (!why) continue;
        finding *x = emit(c, "shift_swap_unreported", o->swap_report_article, w->emp, NULL, w->date,
                          SANCTION_WARNING, 0, xasprintf("换班 %s（%s）%s", w->id, ds, why));
        free(why);
        finding_cite(x, "shift_swap", w->rowid);
    }
    free(ix);
}

/* ------------------------------------------------------- meetings (item 6) */

static void meetings_run(ctx *c)
{
    const facts *f = c->f;
    const policy_meetings *pm = &c->p->meet;
    for (size_t i = 0; i < f->nmatt; i++) {
        const fact_meeting_att *a = &f->matt[i];
        if (a->meeting < 0 || (size_t)a->meeting >= f->nmeeting) continue;
        if (a->emp < 0 || (size_t)a->emp >= f->nemp) continue;
        const fact_meeting *m = &f->meeting[a->meeting];
        if (m->date > c->as_of) continue;
        char t1[24], t2[24], ds[11];
        instant_str(m->start, m->date, t1);
        val_days_str(m->date, ds);
        char title[80] = "";
        if (m->title && *m->title) util_clip(m->title, title, sizeof title);
        char mtype[32];
        kind_enum_zh("meeting_type", m->type, mtype, sizeof mtype);
        char *what = xasprintf("%s %s（%s %s%s%s）", mtype, m->id, ds, t1,
                               *title ? "，" : "", title);
        struct { policy_meeting_case k; const char *rule; char *detail; } cases[POLICY_MEET_NCASES];
        int n = 0;
        if (a->arrived == FACT_NONE) {
            if (!a->excused) {
                cases[n].k = POLICY_MEET_ABSENT; cases[n].rule = "meeting_absent";
                cases[n++].detail = xasprintf("%s：未到会且未请假", what);
            }
        } else if (!a->excused) {
            /* the text fines only lateness and early leaving 无故 (without
             * leave): an excused row arriving late or leaving early is not
             * fined (第二篇 规章制度1 会议制度管理规定 违规处理(1)) */
            if (a->arrived > m->start) {
                instant_str(a->arrived, m->date, t2);
                cases[n].k = POLICY_MEET_LATE; cases[n].rule = "meeting_late";
                cases[n++].detail = xasprintf("%s：迟到，到会 %s", what, t2);
            }
            if (a->left != FACT_NONE && a->left < m->end) {
                instant_str(a->left, m->date, t2);
                instant_str(m->end, m->date, t1);
                cases[n].k = POLICY_MEET_LEFT_EARLY; cases[n].rule = "meeting_left_early";
                cases[n++].detail = xasprintf("%s：提前离会，离会 %s，会议 %s 结束", what, t2, t1);
            }
        }
        if (a->disruption) {
            cases[n].k = POLICY_MEET_DISRUPTION; cases[n].rule = "meeting_disruption";
            cases[n++].detail = xasprintf("%s：扰乱会议秩序", what);
        }
        for (int k = 0; k < n; k++) {
            const policy_meeting_fine *pf = &pm->fine[cases[k].k];
            if (!pf->line) {                 /* the policy fines no meeting (no <meetings>) */
                free(cases[k].detail);
                continue;
            }
            char as[32];
            fen_str(pf->fen, as);
            char *d = xasprintf("%s，罚款 %s 元", cases[k].detail, as);
            free(cases[k].detail);
            finding *x = emit(c, cases[k].rule, pf->article, a->emp, NULL, m->date,
                              fine_or_warning(pf->fen), pf->fen, d);
            finding_cite(x, "meeting_attendance", a->rowid);
            finding_cite(x, "meeting", m->rowid);
        }
        free(what);
    }
}

/* -------------------------------------------------------- reports (item 7) */

static int cmp_report(const void *a, const void *b, void *ctxp)
{
    const facts *ff = ctxp;
    const fact_report *x = &ff->report[*(const size_t *)a];
    const fact_report *y = &ff->report[*(const size_t *)b];
    int c = strcmp(x->dept ? x->dept : "", y->dept ? y->dept : "");
    if (c) return c;
    if (x->weekly != y->weekly) return x->weekly < y->weekly ? -1 : 1;
    c = strcmp(x->period ? x->period : "", y->period ? y->period : "");
    if (c) return c;
    return x->rowid < y->rowid ? -1 : x->rowid > y->rowid;
}

/* Index of the first entry of the sorted report index not before
 * (dept, weekly, period); period NULL means the smallest period. */
static size_t report_lower(const facts *f, const size_t *ix, size_t n, const char *dept,
                           int weekly, const char *period)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const fact_report *r = &f->report[ix[mid]];
        int c = strcmp(r->dept ? r->dept : "", dept);
        if (!c) c = r->weekly - weekly;
        if (!c && period) c = strcmp(r->period ? r->period : "", period);
        if (!c && !period) c = 1;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* Reads n decimal digits at s; -1 when one is not a digit. */
static int digits_at(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* The first day of a canonical period ("YYYY-Www" Monday, "YYYY-MM" 1st),
 * or FACT_NODAY when it does not parse. */
static int32_t period_first_day(const char *s, int weekly)
{
    if (!s) return FACT_NODAY;
    size_t len = strlen(s);
    int y = len >= 4 ? digits_at(s, 4) : -1;
    if (y < 0) return FACT_NODAY;
    if (weekly) {
        if (len != 8 || s[4] != '-' || s[5] != 'W') return FACT_NODAY;
        int w = digits_at(s + 6, 2);
        if (w < 1 || w > 53) return FACT_NODAY;
        return val_iso_week_monday(y, w);
    }
    if (len != 7 || s[4] != '-') return FACT_NODAY;
    int m = digits_at(s + 5, 2);
    if (m < 1 || m > 12) return FACT_NODAY;
    return val_days_ymd(y, m, 1);
}

/* 1 when `day` is a public holiday (a day off the calendar lists; not a
 * weekly rest day). */
static int is_holiday(const policy *p, int32_t day)
{
    int lo = 0, hi = p->cal.noff;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (p->cal.off[mid] == day) return 1;
        if (p->cal.off[mid] < day) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}

/* The monthly meeting day of (y, m): the last policy weekday of the month,
 * moved to the next working day when it is a public holiday (SPEC §7.1
 * item 7: "moved to the next working day when it falls on a holiday"). The
 * meeting weekday is usually a weekly rest day (Saturday), so an ordinary
 * rest day does not move it; a make-up working Saturday is not a holiday
 * either. */
static int32_t monthly_meeting_day(const policy *p, int wd, int y, int m)
{
    int32_t d = val_days_ymd(y, m, val_month_days(y, m));
    if (wd >= 1 && wd <= 7) d -= (val_weekday(d) - wd + 7) % 7;
    if (is_holiday(p, d)) d = policy_next_workday(p, d);
    return d;
}

/* Judges one owed report: `due` is the deadline instant, `due_day` its day;
 * `label` names it ("周报表 2026-W40"). */
static void report_judge(ctx *c, const char *dept, const size_t *ix, size_t n, int weekly,
                         const char *period, const char *label, int64_t due, int32_t due_day)
{
    const facts *f = c->f;
    const policy_reports *rp = &c->p->rep;
    size_t k = report_lower(f, ix, n, dept, weekly, period);
    const fact_report *r = NULL;
    if (k < n) {
        const fact_report *x = &f->report[ix[k]];
        if (strcmp(x->dept ? x->dept : "", dept) == 0 && x->weekly == weekly &&
            strcmp(x->period ? x->period : "", period) == 0) r = x;
    }
    char dues[24], subs[24];
    instant_str(due, FACT_NODAY, dues);
    int64_t fen = weekly ? rp->weekly_fen : rp->monthly_fen;
    const char *art = weekly ? rp->weekly_article : rp->monthly_article;
    char as[32];
    fen_str(fen, as);
    char *d;
    if (r && r->submitted_at != FACT_NONE && r->submitted_at <= c->as_of_end) {
        if (r->submitted_at <= due) return;
        instant_str(r->submitted_at, FACT_NODAY, subs);
        d = xasprintf("%s 逾期提交：截止 %s，提交于 %s，罚款 %s 元", label, dues, subs, as);
    } else {
        d = xasprintf("%s 未提交：截止 %s，罚款 %s 元", label, dues, as);
    }
    finding *x = emit(c, weekly ? "report_weekly" : "report_monthly", art, -1, dept, due_day,
                      fine_or_warning(fen), fen, d);
    if (r) finding_cite(x, "report_submission", r->rowid);
}

static void reports_run(ctx *c)
{
    const facts *f = c->f;
    const policy *p = c->p;
    const policy_reports *rp = &p->rep;
    int32_t earliest = FACT_NODAY;
    for (size_t i = 0; i < f->nshift; i++)
        if (!f->shift[i].generated && f->shift[i].date != FACT_NODAY &&
            (earliest == FACT_NODAY || f->shift[i].date < earliest))
            earliest = f->shift[i].date;

    size_t *ix = xmalloc((f->nreport + 1) * sizeof *ix);
    for (size_t i = 0; i < f->nreport; i++) ix[i] = i;
    qsort_r(ix, f->nreport, sizeof *ix, cmp_report, (void *)f);
    size_t n = f->nreport;

    for (int di = 0; di < rp->depts.n; di++) {
        const char *dept = rp->depts.v[di];
        for (int weekly = 1; weekly >= 0; weekly--) {
            /* Start: the first full period on or after the earliest shift,
             * or the dept's earliest submitted period when earlier. */
            int32_t start = FACT_NODAY;
            if (earliest != FACT_NODAY) {
                if (weekly) start = earliest + (8 - val_weekday(earliest)) % 7;
                else {
                    int y, m, d;
                    val_ymd(earliest, &y, &m, &d);
                    start = d == 1 ? earliest : val_add_months(val_days_ymd(y, m, 1), 1);
                }
            }
            size_t k = report_lower(f, ix, n, dept, weekly, NULL);
            for (; k < n; k++) {
                const fact_report *r = &f->report[ix[k]];
                if (strcmp(r->dept ? r->dept : "", dept) != 0 || r->weekly != weekly) break;
                int32_t d0 = period_first_day(r->period, weekly);
                if (d0 != FACT_NODAY && (start == FACT_NODAY || d0 < start)) start = d0;
            }
            if (start == FACT_NODAY) continue;
            if (weekly) {
                int wd = rp->weekly_due_weekday >= 1 && rp->weekly_due_weekday <= 7 ? rp->weekly_due_weekday : 1;
                for (int32_t mon = start;; mon += 7) {
                    int32_t due_day = mon + 7 + (wd - 1);
                    if (!policy_is_workday(p, due_day)) due_day = policy_next_workday(p, due_day);
                    int64_t due = (int64_t)due_day * 86400 + rp->weekly_due_tod;
                    if (due > c->as_of_end) break;
                    int iy, w;
                    val_iso_week(mon, &iy, &w);
                    char period[16], label[64];
                    snprintf(period, sizeof period, "%04d-W%02d", iy, w);
                    snprintf(label, sizeof label, "周报表 %s", period);
                    report_judge(c, dept, ix, n, 1, period, label, due, due_day);
                }
            } else {
                int y, m, d;
                val_ymd(start, &y, &m, &d);
                for (;;) {
                    int32_t meet = monthly_meeting_day(p, rp->monthly_meeting_weekday, y, m);
                    int32_t due_day = meet - 1;
                    if (due_day > c->as_of) break;
                    char period[16], label[96], ms[11];
                    snprintf(period, sizeof period, "%04d-%02d", y, m);
                    val_days_str(meet, ms);
                    snprintf(label, sizeof label, "月报表 %s（月度例会 %s）", period, ms);
                    report_judge(c, dept, ix, n, 0, period, label, (int64_t)due_day * 86400 + 86399, due_day);
                    if (++m > 12) { m = 1; y++; }
                }
            }
        }
    }
    free(ix);
}

/* ---------------------------------------------- required meetings (issue 11) */

static int cmp_meeting_type_day(const void *a, const void *b, void *ctxp)
{
    const facts *ff = ctxp;
    const fact_meeting *x = &ff->meeting[*(const size_t *)a];
    const fact_meeting *y = &ff->meeting[*(const size_t *)b];
    int c = strcmp(x->type ? x->type : "", y->type ? y->type : "");
    if (c) return c;
    return x->date < y->date ? -1 : x->date > y->date;
}

/* 1 when the index (sorted by type, date) holds a meeting of `type` on a
 * day in [d0, d1]. */
static int meeting_held(const facts *f, const size_t *ix, size_t n, const char *type, int32_t d0, int32_t d1)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {                   /* the first (type, date) not before (type, d0) */
        size_t mid = lo + (hi - lo) / 2;
        const fact_meeting *m = &f->meeting[ix[mid]];
        int c = strcmp(m->type ? m->type : "", type);
        if (!c) c = m->date < d0 ? -1 : 1;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    if (lo == n) return 0;
    const fact_meeting *m = &f->meeting[ix[lo]];
    return strcmp(m->type ? m->type : "", type) == 0 && m->date <= d1;
}

/* The first and last shift day of the employees of `dept`; 0 when none. */
static int dept_shift_days(const facts *f, const char *dept, int32_t *first, int32_t *last)
{
    int any = 0;
    for (size_t i = 0; i < f->nshift; i++) {
        const fact_shift *s = &f->shift[i];
        if (s->emp < 0 || (size_t)s->emp >= f->nemp || s->date == FACT_NODAY) continue;
        const char *d = f->emp[s->emp].dept;
        if (!d || strcmp(d, dept) != 0) continue;
        if (!any || s->date < *first) *first = s->date;
        if (!any || s->date > *last) *last = s->date;
        any = 1;
    }
    return any;
}

/* Judges one day a required meeting falls due on, or with on="week" the
 * ISO week from `day` (its Monday) to day + 6. */
static void required_judge(ctx *c, const policy_required_meeting *r, const size_t *ix, size_t n, int32_t day)
{
    int week = r->on == POLICY_MEET_ON_WEEK;
    if (meeting_held(c->f, ix, n, r->type, day, week ? day + 6 : day)) return;
    static const char *const wdn[] = { "", "一", "二", "三", "四", "五", "六", "日" };
    char ds[11], de[11], mtype[32], when[48] = "";
    val_days_str(day, ds);
    val_days_str(day + 6, de);
    kind_enum_zh("meeting_type", r->type, mtype, sizeof mtype);
    char *alias = strchr(mtype, '/');        /* the first of its Chinese names */
    if (alias) *alias = '\0';
    if (r->start_tod >= 0 && r->end_tod >= 0)
        snprintf(when, sizeof when, " %02d:%02d–%02d:%02d", r->start_tod / 3600, r->start_tod / 60 % 60,
                 r->end_tod / 3600, r->end_tod / 60 % 60);
    else if (r->start_tod >= 0)
        snprintf(when, sizeof when, " %02d:%02d", r->start_tod / 3600, r->start_tod / 60 % 60);
    char *d = week ? xasprintf("%s 应每周召开%s一次（%s 至 %s），本周无%s记录（警告）", r->dept, mtype, ds, de, mtype)
                   : xasprintf("%s 应召开%s（%s 星期%s%s），当日无%s记录（警告）", r->dept, mtype, ds,
                               wdn[val_weekday(day)], when, mtype);
    emit(c, "meeting_not_held", r->article, -1, r->dept, week ? day + 6 : day, SANCTION_WARNING, 0, d);
}

/* Every day each required meeting falls due on, from its department's
 * first shift to its last one (a day kefu has no attendance of is not a
 * day it knows the department worked) and not after the as-of day. */
static void required_meetings_run(ctx *c)
{
    const facts *f = c->f;
    const policy *p = c->p;
    if (p->nreq_meetings == 0) return;
    size_t *ix = xmalloc((f->nmeeting + 1) * sizeof *ix);
    for (size_t i = 0; i < f->nmeeting; i++) ix[i] = i;
    qsort_r(ix, f->nmeeting, sizeof *ix, cmp_meeting_type_day, (void *)f);
    for (int k = 0; k < p->nreq_meetings; k++) {
        const policy_required_meeting *r = &p->req_meetings[k];
        int32_t first = 0, last = 0;
        if (!dept_shift_days(f, r->dept, &first, &last)) continue;
        if (last > c->as_of) last = c->as_of;
        if (r->on == POLICY_MEET_ON_MONTHLY) {
            int y, m, d;
            val_ymd(first, &y, &m, &d);
            for (;;) {
                int32_t day = monthly_meeting_day(p, r->weekday, y, m);
                if (day > last && val_days_ymd(y, m, 1) > last) break;
                if (day >= first && day <= last) required_judge(c, r, ix, f->nmeeting, day);
                if (++m > 12) { m = 1; y++; }
            }
            continue;
        }
        if (r->on == POLICY_MEET_ON_WEEK) {     /* full ISO weeks inside [first, last] only */
            for (int32_t mon = first + (8 - val_weekday(first)) % 7; mon + 6 <= last; mon += 7)
                required_judge(c, r, ix, f->nmeeting, mon);
            continue;
        }
        int32_t day = first;
        if (r->on == POLICY_MEET_ON_WEEKLY) day += (r->weekday - val_weekday(first) + 7) % 7;
        for (; day <= last; day += r->on == POLICY_MEET_ON_WEEKLY ? 7 : 1)
            if (policy_is_workday(p, day)) required_judge(c, r, ix, f->nmeeting, day);
    }
    free(ix);
}

/* ------------------------------------------------------ incidents (item 8) */

static int cmp_incident(const void *a, const void *b, void *ctxp)
{
    const facts *ff = ctxp;
    const fact_incident *x = &ff->incident[*(const size_t *)a];
    const fact_incident *y = &ff->incident[*(const size_t *)b];
    if (x->emp != y->emp) return x->emp < y->emp ? -1 : 1;
    int c = strcmp(x->offense ? x->offense : "", y->offense ? y->offense : "");
    if (c) return c;
    if (x->date != y->date) return x->date < y->date ? -1 : 1;
    c = strcmp(x->id ? x->id : "", y->id ? y->id : "");
    if (c) return c;
    return x->rowid < y->rowid ? -1 : x->rowid > y->rowid;
}

static int window_key(policy_window w, int32_t day)
{
    int y, m, d;
    val_ymd(day, &y, &m, &d);
    switch (w) {
    case POLICY_WINDOW_MONTH: return y * 12 + (m - 1);
    case POLICY_WINDOW_QUARTER: return y * 4 + (m - 1) / 3;
    case POLICY_WINDOW_YEAR: return y;
    case POLICY_WINDOW_ALL: return 0;
    }
    return 0;
}

static const char *window_zh(policy_window w)
{
    switch (w) {
    case POLICY_WINDOW_MONTH: return "本月";
    case POLICY_WINDOW_QUARTER: return "本季度";
    case POLICY_WINDOW_YEAR: return "本年";
    case POLICY_WINDOW_ALL: return "累计";
    }
    return "";
}

static void incidents_run(ctx *c)
{
    const facts *f = c->f;
    const policy *p = c->p;
    size_t *ix = xmalloc((f->nincident + 1) * sizeof *ix);
    size_t n = 0;
    for (size_t i = 0; i < f->nincident; i++)
        if (f->incident[i].emp >= 0 && (size_t)f->incident[i].emp < f->nemp && f->incident[i].date <= c->as_of)
            ix[n++] = i;
    qsort_r(ix, n, sizeof *ix, cmp_incident, (void *)f);

    int last_emp = -1, last_key = 0, count = 0;
    const char *last_off = NULL;
    for (size_t k = 0; k < n; k++) {
        const fact_incident *in = &f->incident[ix[k]];
        const char *code = in->offense ? in->offense : "";
        const policy_offense *o = policy_offense_find(p, code);
        int key = o ? window_key(o->window, in->date) : 0;
        if (in->emp != last_emp || !last_off || strcmp(code, last_off) != 0 || key != last_key) count = 0;
        last_emp = in->emp;
        last_off = code;
        last_key = key;
        count++;

        finding *x;
        if (!o) {
            x = emit(c, "incident_unknown", "（制度未定义该违规类别）", in->emp, NULL, in->date, SANCTION_NONE, 0,
                     xasprintf("违规记录 %s：违规类别 %s 未在制度中定义，应退回更正该记录", in->id, code));
            finding_cite(x, "incident", in->rowid);
            continue;
        }
        int step_no = count < o->nsteps ? count : o->nsteps;
        if (step_no < 1) continue;              /* a ladder without steps: the loader refuses it */
        const policy_step *st = &o->steps[step_no - 1];
        char a1[32], a2[32], a3[32];
        char *head = xasprintf("%s（记录 %s）%s第 %d 次，第 %d 档", o->name ? o->name : code, in->id,
                               window_zh(o->window), count, step_no);
        const fact_employee *emp = &f->emp[in->emp];
        const char *dism = p->att.dismiss_wording ? p->att.dismiss_wording : "交人力资源部复核";
        int dismiss = 0;              /* 1: a dismissal finding goes with this step */
        switch (st->kind) {
        case POLICY_STEP_WARNING:
            x = emit(c, "incident", o->article, in->emp, NULL, in->date, SANCTION_WARNING, 0,
                     xasprintf("%s：警告", head));
            break;
        case POLICY_STEP_FINE:
            fen_str(st->fen, a1);
            if (st->dismissal == POLICY_DISMISS_OR && in->amount_fen == FACT_NONE) {
                /* 罚…或开除 recorded without an amount: the dismissal was chosen */
                x = emit(c, "incident", o->article, in->emp, NULL, in->date, SANCTION_DISMISSAL, 0,
                         xasprintf("%s：罚款 %s 元或开除，记录未填罚款金额，按开除处理：%s", head, a1, dism));
                break;
            }
            x = emit(c, "incident", o->article, in->emp, NULL, in->date, fine_or_warning(st->fen), st->fen,
                     xasprintf("%s：罚款 %s 元%s", head, a1,
                               st->dismissal == POLICY_DISMISS_AND ? "，并开除" : ""));
            dismiss = st->dismissal == POLICY_DISMISS_AND;
            break;
        case POLICY_STEP_RANGE:
            fen_str(st->min_fen, a1);
            fen_str(st->max_fen, a2);
            dismiss = st->dismissal == POLICY_DISMISS_AND;
            if (in->amount_fen != FACT_NONE && in->amount_fen >= st->min_fen && in->amount_fen <= st->max_fen) {
                fen_str(in->amount_fen, a3);
                x = emit(c, "incident", o->article, in->emp, NULL, in->date, fine_or_warning(in->amount_fen),
                         in->amount_fen, xasprintf("%s：罚款 %s 元（本档范围 %s–%s 元）%s", head, a3, a1, a2,
                                                   dismiss ? "，并开除" : ""));
            } else if (in->amount_fen != FACT_NONE && st->or_monthly_wage && in->amount_fen == emp->wage_fen) {
                /* …或扣除所有工资: "all wages" is the monthly wage W */
                fen_str(in->amount_fen, a3);
                x = emit(c, "incident", o->article, in->emp, NULL, in->date, SANCTION_DEDUCTION, in->amount_fen,
                         xasprintf("%s：扣除所有工资，即月工资 W = %s 元%s", head, a3, dismiss ? "，并开除" : ""));
            } else if (in->amount_fen == FACT_NONE && st->dismissal == POLICY_DISMISS_OR) {
                x = emit(c, "incident", o->article, in->emp, NULL, in->date, SANCTION_DISMISSAL, 0,
                         xasprintf("%s：罚款 %s–%s 元或开除，记录未填罚款金额，按开除处理：%s", head, a1, a2, dism));
            } else {
                char alt[96] = "";
                if (st->or_monthly_wage) {
                    fen_str(emp->wage_fen, a3);
                    snprintf(alt, sizeof alt, "或月工资 %s 元", a3);
                }
                if (in->amount_fen == FACT_NONE)
                    x = emit(c, "incident_amount_invalid", o->article, in->emp, NULL, in->date, SANCTION_NONE, 0,
                             xasprintf("%s：未记录罚款金额，本档须在 %s–%s 元之间%s；应退回补正该记录，未计罚款",
                                       head, a1, a2, alt));
                else {
                    fen_str(in->amount_fen, a3);
                    x = emit(c, "incident_amount_invalid", o->article, in->emp, NULL, in->date, SANCTION_NONE, 0,
                             xasprintf("%s：记录金额 %s 元不在本档范围 %s–%s 元内%s；应退回更正该记录，未计罚款",
                                       head, a3, a1, a2, alt));
                }
            }
            break;
        case POLICY_STEP_ABSENCE_DAY: {
            /* 第一篇 第三十二条: the day is an absence day, costed as a run of 1 */
            sbuf b = { 0 };
            char ds[11];
            val_days_str(in->date, ds);
            sbuf_printf(&b, "%s：当日（%s）按旷工 1 天处理：", head, ds);
            int64_t amt = cost_text(&b, p, 1, emp);
            x = emit(c, "incident", o->article, in->emp, NULL, in->date, SANCTION_DEDUCTION, amt, sbuf_take(&b));
            break;
        }
        case POLICY_STEP_DISMISSAL:
        default:
            x = emit(c, "incident", o->article, in->emp, NULL, in->date, SANCTION_DISMISSAL, 0,
                     xasprintf("%s：%s", head, dism));
            break;
        }
        if (dismiss) {
            /* 罚…,并开除: the fine and, beside it, the dismissal for HR review */
            finding_cite(x, "incident", in->rowid);
            x = emit(c, "incident", o->article, in->emp, NULL, in->date, SANCTION_DISMISSAL, 0,
                     xasprintf("%s：并开除：%s", head, dism));
        }
        finding_cite(x, "incident", in->rowid);
        free(head);
    }
    free(ix);
}

/* ------------------------------------------------ reward (club 奖励1) */

/* An (employee, month) pair; key = emp * 100000 + ym_key. */
static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static int64_t *push_key(int64_t *v, size_t *n, size_t *cap, int64_t k)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        v = xrealloc(v, *cap * sizeof *v);
    }
    v[(*n)++] = k;
    return v;
}

/* The policy's clean-month reward: every (employee, month) with a shift,
 * the month over by the as-of day, no leave touching it and no finding
 * about the employee dated in it gets a `reward` finding of p->reward.fen
 * on the month's last day. Runs after every rule that judges employees and
 * before the deduction check (which never counts a reward). */
static void reward_run(ctx *c)
{
    const facts *f = c->f;
    const policy_reward *rw = &c->p->reward;
    if (!rw->line || rw->fen <= 0) return;
    int64_t *have = NULL, *bad = NULL;
    size_t nh = 0, caph = 0, nb = 0, capb = 0;
    for (size_t i = 0; i < f->nshift; i++) {
        const fact_shift *sh = &f->shift[i];
        /* a month of schedule shifts only is not confirmed by a roster */
        if (sh->emp < 0 || (size_t)sh->emp >= f->nemp || sh->date == FACT_NODAY || sh->generated) continue;
        have = push_key(have, &nh, &caph, (int64_t)sh->emp * 100000 + ym_key(sh->date));
    }
    for (size_t i = 0; i < f->nleave; i++) {
        const fact_leave *l = &f->leave[i];
        if (l->emp < 0 || l->start == FACT_NODAY || l->end == FACT_NODAY || l->end < l->start) continue;
        for (int k = ym_key(l->start); k <= ym_key(l->end); k++)
            bad = push_key(bad, &nb, &capb, (int64_t)l->emp * 100000 + k);
    }
    for (size_t i = 0; i < c->out->n; i++) {
        const finding *x = &c->out->v[i];
        if (strcmp(x->subject_kind, "employee") != 0) continue;
        int e = facts_emp_index(f, x->subject_id);
        if (e < 0) continue;
        int32_t d = val_days(x->date);
        if (d == FACT_NODAY) continue;
        bad = push_key(bad, &nb, &capb, (int64_t)e * 100000 + ym_key(d));
    }
    if (nh > 1) qsort(have, nh, sizeof *have, cmp_i64);
    if (nb > 1) qsort(bad, nb, sizeof *bad, cmp_i64);
    char as[32];
    fen_str(rw->fen, as);
    size_t b = 0;
    for (size_t i = 0; i < nh; i++) {
        if (i && have[i] == have[i - 1]) continue;
        while (b < nb && bad[b] < have[i]) b++;
        if (b < nb && bad[b] == have[i]) continue;
        int emp = (int)(have[i] / 100000), ym = (int)(have[i] % 100000);
        int y = ym / 12, m = ym % 12 + 1;
        int32_t last = val_days_ymd(y, m, val_month_days(y, m));
        if (last > c->as_of) continue;
        finding *x = emit(c, rw->code, rw->article, emp, NULL, last, SANCTION_REWARD, rw->fen,
                          xasprintf("%04d-%02d 无违规、无请假、出全勤：%s %s 元（\"工作突出\"须部门经理确认）",
                                    y, m, rw->name ? rw->name : "", as));
        finding_cite(x, "employee", f->emp[emp].rowid);
    }
    free(have);
    free(bad);
}

/* ------------------------------------------------------------- interface */

int fines_run(const facts *f, const policy *p, int32_t as_of, finding_list *out, kerr *e)
{
    if (!f || !p || !out || as_of == FACT_NODAY)
        return kerr_set(e, EXIT_SOFTWARE, "fines: called without facts, policy, list or as-of date");
    ctx c;
    memset(&c, 0, sizeof c);
    c.f = f;
    c.p = p;
    c.as_of = as_of;
    c.as_of_end = (int64_t)as_of * 86400 + 86399;
    c.out = out;

    attendance_run(&c);
    request_run(&c);
    rest_run(&c);
    swap_run(&c);
    meetings_run(&c);
    reports_run(&c);
    required_meetings_run(&c);
    incidents_run(&c);
    reward_run(&c);
    /* The deduction and minimum-wage lines are national pay law, not the
     * regulations: they are no finding but the pay notes the reports and
     * the check's summary compute from the stored findings (SRQ_PAY_NOTES). */

    free(c.occ);
    return 0;
}
