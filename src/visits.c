/* visits.c — the visit-coverage engine of SPEC §7.2 (visits.h): obligations
 * from the policy's SLA blocks, judged against the as-of date, and the
 * findings for late and missed obligations and for callbacks in quiet hours.
 *
 * Cost: callbacks are indexed once, by event and by customer (compact
 * references bucketed by a counting sort, linear when the facts come in
 * their documented (at, id) order, n log n otherwise); every obligation
 * then finds its callback by binary search inside its subject's bucket.
 * Progress chains and recurring windows are bounded by the as-of date and
 * by VISITS_MAX_CHAIN / VISITS_MAX_WINDOWS. */
#include "visits.h"
#include "kinds.h"
#include "value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SECS_PER_DAY 86400

/* The sanction of a late or missed obligation's finding (visits.h says
 * why it is "none"); quiet hours are warnings (SPEC §7.2). */
#define VISITS_OBL_SANCTION   SANCTION_NONE
#define VISITS_QUIET_SANCTION SANCTION_WARNING

/* The time fields of fact_event an SLA block may name. */
enum { EV_OPENED, EV_DISPATCHED, EV_ARRIVED, EV_RESOLVED, EV_REGISTERED, EV_NTIMES };

static const char *const ev_time_names[EV_NTIMES] = {
    "opened_at", "dispatched_at", "arrived_at", "resolved_at", "registered_at"
};

/* An SLA block with its field names resolved and its texts prepared. */
typedef struct sla_plan {
    const policy_sla *s;     /* the block (owned by the policy) */
    int from;                /* event: EV_* of `from`; customer: unused (since) */
    int fallback;            /* EV_* of `fallback`, or -1 */
    int to;                  /* EV_* of `to` (the first one named), or -1 */
    unsigned to_mask;        /* DEADLINE: bit EV_* of every field named in `to` */
    int cond;                /* service_event field index of if_field, or -1 */
    int cond_bool;           /* 1 when that field is boolean: empty reads as "0" */
    const char *cond_value;  /* if_value as stored: "0"/"1", an enumeration code, or as given */
    const char *from_zh;     /* Chinese name of `from` (static, kinds.c) */
    const char *fallback_zh; /* … of `fallback`, or NULL */
    const char *to_zh;       /* … of `to`, or NULL (points into to_zh_buf when several) */
    char to_zh_buf[96];      /* the Chinese names of several `to` fields, joined by "/" */
    char kind_zh[64];        /* Chinese name of the event or customer kind */
    char within_zh[64];      /* `within` in Chinese ("24小时", "3天") */
} sla_plan;

/* A reached callback in an index: its subject key, time and position. */
typedef struct cb_ref {
    int32_t key;             /* event or customer index */
    int32_t idx;             /* index into facts.callback */
    int64_t at;              /* callback time */
} cb_ref;

/* Reached callbacks before the horizon, sorted by (key, at, idx); the
 * bucket of key k is v[off[k]] .. v[off[k + 1] - 1]. */
typedef struct cb_index {
    cb_ref *v;               /* references (owned) */
    size_t *off;             /* bucket offsets, nkeys + 2 allocated (the last is
                                scratch for the counting sort) (owned) */
    size_t nkeys;            /* number of keys */
} cb_index;

/* Everything one run needs. */
typedef struct vctx {
    const facts *f;          /* input */
    const policy *p;         /* policy */
    int64_t horizon;         /* end of the as-of day: nothing at or after it has happened */
    int64_t owed_from;       /* policy vis.owed_from 00:00: nothing anchored before it is owed */
    obligation_list *obl;    /* output obligations */
    finding_list *fnd;       /* output findings */
    cb_index by_event;       /* reached callbacks by event */
    cb_index by_cust;        /* reached callbacks by customer */
} vctx;

/* ---- small helpers -------------------------------------------------- */

/* The time field `which` (EV_*) of an event, or FACT_NONE. */
static int64_t ev_time(const fact_event *ev, int which)
{
    switch (which) {
    case EV_OPENED: return ev->opened_at;
    case EV_DISPATCHED: return ev->dispatched_at;
    case EV_ARRIVED: return ev->arrived_at;
    case EV_RESOLVED: return ev->resolved_at;
    case EV_REGISTERED: return ev->registered_at;
    default: return FACT_NONE;
    }
}

/* EV_* of a field named canonically or in Chinese, or -1. */
static int ev_time_field(const char *name)
{
    const kind_def *k = kind_by_name("service_event");
    int fi = name && k ? kind_field_index(k, name) : -1;
    if (fi < 0) return -1;
    for (int i = 0; i < EV_NTIMES; i++)
        if (strcmp(k->fields[fi].name, ev_time_names[i]) == 0) return i;
    return -1;
}

static const char *ev_time_zh(int which)
{
    const kind_def *k = kind_by_name("service_event");
    int fi = which >= 0 && k ? kind_field_index(k, ev_time_names[which]) : -1;
    return fi >= 0 ? k->fields[fi].zh : "";
}

/* A duration in Chinese: "24小时", "3天", "15分钟", "1个月", "2个工作日". */
static void duration_zh(const val_duration *d, char *out, size_t outsz)
{
    size_t used = 0;
    int64_t h = d->seconds / 3600, m = d->seconds / 60 % 60, s = d->seconds % 60;
    out[0] = '\0';
#define DZ_ADD(cond, ...) do {                                                   \
        if ((cond) && used < outsz) {                                            \
            int n_ = snprintf(out + used, outsz - used, __VA_ARGS__);            \
            if (n_ > 0) used += (size_t)n_;                                      \
        }                                                                        \
    } while (0)
    DZ_ADD(d->workdays > 0, "%d个工作日", d->workdays);
    DZ_ADD(d->years > 0, "%d年", d->years);
    DZ_ADD(d->months > 0, "%d个月", d->months);
    DZ_ADD(d->days > 0, "%d天", d->days);
    DZ_ADD(h > 0, "%lld小时", (long long)h);
    DZ_ADD(m > 0, "%lld分钟", (long long)m);
    DZ_ADD(s > 0, "%lld秒", (long long)s);
#undef DZ_ADD
    if (out[0] == '\0') snprintf(out, outsz, "0秒");
}

/* Copies s into a fixed field of size n, cut to fit (no printf: this runs
 * once per obligation). */
static void set_field(char *dst, size_t n, const char *s)
{
    size_t len = s ? strlen(s) : 0;
    if (len >= n) len = n - 1;
    if (len) memcpy(dst, s, len);
    dst[len] = '\0';
}

/* 1 when the duration moves time forward. */
static int duration_positive(const val_duration *d)
{
    return d->years > 0 || d->months > 0 || d->days > 0 || d->seconds > 0 || d->workdays > 0;
}

/* Whole months of a duration that is only years and months, else -1. */
static int duration_months(const val_duration *d)
{
    if (d->days || d->seconds || d->workdays) return -1;
    int n = d->years * 12 + d->months;
    return n > 0 ? n : -1;
}

/* "YYYY-MM-DD HH:MM" of an instant, or "YYYY-MM-DD HH:MM:SS" when the
 * seconds are not zero (a deadline judged to the second must not print
 * "10:00" for both the deadline and a callback one second after it). */
static void fmt_min(int64_t secs, char out[20])
{
    val_secs_str(secs, out);
    if (strcmp(out + 16, ":00") == 0) out[16] = '\0';
}

static int64_t floor_div64(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* ---- the callback indexes ------------------------------------------- */

static int cmp_cb_ref(const void *a, const void *b)
{
    const cb_ref *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    if (x->at != y->at) return x->at < y->at ? -1 : 1;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

/* Builds the index of reached callbacks before the horizon by event
 * (by_cust == 0) or by customer (by_cust == 1): a counting sort by key,
 * which keeps the facts' (at, id) order inside each bucket, so the usual
 * cost is linear; a bucket found out of order (facts not sorted as
 * facts.h promises) is sorted on its own. */
static void cb_index_build(cb_index *ix, const facts *f, int64_t horizon, int by_cust)
{
    ix->nkeys = by_cust ? f->ncust : f->nevent;
    ix->off = xcalloc(ix->nkeys + 2, sizeof *ix->off);
    /* count into off[key + 2], prefix sums give starts in off[key + 1] */
    for (size_t i = 0; i < f->ncallback; i++) {
        const fact_callback *c = &f->callback[i];
        int key = by_cust ? c->cust : c->event;
        if (!c->reached || c->at == FACT_NONE || c->at >= horizon) continue;
        if (key < 0 || (size_t)key >= ix->nkeys) continue;
        ix->off[key + 2]++;
    }
    for (size_t k = 2; k < ix->nkeys + 2; k++) ix->off[k] += ix->off[k - 1];
    size_t n = ix->off[ix->nkeys + 1];
    ix->v = xmalloc((n ? n : 1) * sizeof *ix->v);
    for (size_t i = 0; i < f->ncallback; i++) {
        const fact_callback *c = &f->callback[i];
        int key = by_cust ? c->cust : c->event;
        if (!c->reached || c->at == FACT_NONE || c->at >= horizon) continue;
        if (key < 0 || (size_t)key >= ix->nkeys) continue;
        cb_ref *r = &ix->v[ix->off[key + 1]++];
        r->key = key;
        r->idx = (int32_t)i;
        r->at = c->at;
    }
    /* now off[k + 1] is the end of bucket k, i.e. off[k] its start */
    for (size_t k = 0; k < ix->nkeys; k++) {
        size_t lo = ix->off[k], hi = ix->off[k + 1];
        for (size_t j = lo + 1; j < hi; j++)
            if (ix->v[j - 1].at > ix->v[j].at) {
                qsort(ix->v + lo, hi - lo, sizeof *ix->v, cmp_cb_ref);
                break;
            }
    }
}

static void cb_index_free(cb_index *ix)
{
    free(ix->v);
    free(ix->off);
    memset(ix, 0, sizeof *ix);
}

/* The first reached callback of `key` at or after t (strict == 0) or after
 * t (strict == 1), or NULL: a binary search in the key's bucket. */
static const cb_ref *cb_first(const cb_index *ix, int key, int64_t t, int strict)
{
    if (key < 0 || (size_t)key >= ix->nkeys) return NULL;
    size_t lo = ix->off[key], hi = ix->off[key + 1], end = hi;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int before = strict ? ix->v[mid].at <= t : ix->v[mid].at < t;
        if (before) lo = mid + 1;
        else hi = mid;
    }
    return lo < end ? &ix->v[lo] : NULL;
}

/* ---- output --------------------------------------------------------- */

/* Appends one judged obligation. cb: the callback that met it or made it
 * late, or NULL. */
static obligation *add_obl(vctx *c, const sla_plan *pl, int customer, const char *subject_id,
                           int64_t anchor, int64_t due, int64_t done, obl_status st,
                           const cb_ref *cb)
{
    char buf[20];
    obligation *o = obligation_add(c->obl);
    set_field(o->rule, sizeof o->rule, pl->s->code);
    /* strings are borrowed from the policy and the facts (facts.h) */
    o->article = pl->s->article ? pl->s->article : "";
    set_field(o->subject_kind, sizeof o->subject_kind, customer ? "customer" : "event");
    o->subject_id = subject_id ? subject_id : "";
    o->anchor_at = anchor;
    o->due_at = due;
    o->done_at = done;
    o->status = st;
    val_secs_str(due, buf);
    memcpy(o->period, buf, 7);
    o->period[7] = '\0';
    if (cb) {
        const fact_callback *fc = &c->f->callback[cb->idx];
        o->callback_rowid = fc->rowid;
        o->callback_id = fc->id ? fc->id : "";
    }
    return o;
}

/* Appends a finding with the common fields set; detail is taken over. */
static finding *add_finding(vctx *c, const char *rule, const char *article,
                            const char *subject_kind, const char *subject_id, int64_t when,
                            sanction sn, char *detail)
{
    char buf[20];
    finding *fd = finding_add(c->fnd);
    set_field(fd->rule, sizeof fd->rule, rule);
    fd->article = xstrdup(article ? article : "");
    set_field(fd->subject_kind, sizeof fd->subject_kind, subject_kind);
    fd->subject_id = xstrdup(subject_id ? subject_id : "");
    val_secs_str(when, buf);
    memcpy(fd->date, buf, 10);
    fd->date[10] = '\0';
    memcpy(fd->period, buf, 7);
    fd->period[7] = '\0';
    fd->sanction = sn;
    fd->amount_fen = 0;
    fd->detail = detail;
    return fd;
}

/* The finding of a late or missed obligation; detail is taken over. */
static void obl_finding(vctx *c, const sla_plan *pl, const obligation *o, const char *src_kind,
                        int64_t src_rowid, const cb_ref *cb, char *detail)
{
    finding *fd = add_finding(c, pl->s->code, pl->s->article, o->subject_kind, o->subject_id,
                              o->due_at, VISITS_OBL_SANCTION, detail);
    finding_cite(fd, src_kind, src_rowid);
    if (cb) finding_cite(fd, "callback", c->f->callback[cb->idx].rowid);
}

/* The warning that a subject hit a cap. */
static void cap_finding(vctx *c, const sla_plan *pl, int customer, const char *subject_id,
                        int64_t when, const char *src_kind, int64_t rowid, int cap)
{
    char *d = xasprintf("%s：义务超过每个对象 %d 项的上限，其后的未生成（请检查数据）",
                        pl->kind_zh, cap);
    finding *fd = add_finding(c, pl->s->code, pl->s->article, customer ? "customer" : "event",
                              subject_id, when, SANCTION_WARNING, d);
    finding_cite(fd, src_kind, rowid);
}

/* ---- the four kinds of SLA ----------------------------------------- */

/* DEADLINE: `to` within `within` of `from` (or `fallback`). */
static void run_deadline(vctx *c, const sla_plan *pl, const fact_event *ev)
{
    const char *anchor_zh = pl->from_zh;
    int64_t anchor = ev_time(ev, pl->from);
    if (anchor == FACT_NONE && pl->fallback >= 0) {
        anchor = ev_time(ev, pl->fallback);
        anchor_zh = pl->fallback_zh;
    }
    if (anchor == FACT_NONE || anchor >= c->horizon) return;   /* owes nothing (yet) */
    if (anchor < c->owed_from) return;                         /* before kefu's records began */
    int64_t due = pl->s->same_day
        ? floor_div64(anchor, SECS_PER_DAY) * SECS_PER_DAY + SECS_PER_DAY - 1   /* 23:59:59 */
        : policy_add_duration(c->p, anchor, &pl->s->within.d);
    /* the earliest of the completion fields recorded before the horizon */
    int64_t done = FACT_NONE;
    for (int i = 0; i < EV_NTIMES; i++) {
        if (!((pl->to_mask >> i) & 1u)) continue;
        int64_t t = ev_time(ev, i);
        if (t == FACT_NONE || t >= c->horizon) continue;      /* not yet happened */
        if (done == FACT_NONE || t < done) done = t;
    }
    obl_status st;
    if (done != FACT_NONE) st = done <= due ? OBL_MET : OBL_LATE;
    else st = due < c->horizon ? OBL_MISSED : OBL_PENDING;
    const obligation *o = add_obl(c, pl, 0, ev->id, anchor, due, done, st, NULL);
    if (st != OBL_LATE && st != OBL_MISSED) return;
    char dues[20], dones[20];
    fmt_min(due, dues);
    char *d;
    if (st == OBL_MISSED) {
        d = xasprintf("%s：未记录%s（应在%s后%s内，截止 %s）", pl->kind_zh, pl->to_zh,
                      anchor_zh, pl->within_zh, dues);
    } else {
        fmt_min(done, dones);
        d = xasprintf("%s：%s %s 超过%s后%s的时限（截止 %s）", pl->kind_zh, pl->to_zh, dones,
                      anchor_zh, pl->within_zh, dues);
    }
    obl_finding(c, pl, o, "service_event", ev->rowid, NULL, d);
}

/* The callback judgement shared by event and customer CALLBACK blocks:
 * the first reached callback at or after the anchor decides. */
static void judge_callback(vctx *c, const sla_plan *pl, int customer, const char *subject_id,
                           const cb_index *ix, int key, int64_t anchor, const char *src_kind,
                           int64_t src_rowid)
{
    int64_t due = policy_add_duration(c->p, anchor, &pl->s->within.d);
    const cb_ref *cb = cb_first(ix, key, anchor, 0);
    obl_status st;
    if (cb && cb->at <= due) st = OBL_MET;
    else if (cb) st = OBL_LATE;            /* after due, before the horizon */
    else st = due < c->horizon ? OBL_MISSED : OBL_PENDING;
    const obligation *o = add_obl(c, pl, customer, subject_id, anchor, due,
                                  cb ? cb->at : FACT_NONE, st, cb);
    if (st != OBL_LATE && st != OBL_MISSED) return;
    char dues[20], dones[20];
    fmt_min(due, dues);
    char *d;
    if (st == OBL_MISSED) {
        d = xasprintf("%s：%s后%s内未回访（截止 %s）", pl->kind_zh, pl->from_zh,
                      pl->within_zh, dues);
    } else {
        fmt_min(cb->at, dones);
        d = xasprintf("%s：%s后%s内未回访，首次回访于 %s（截止 %s）", pl->kind_zh, pl->from_zh,
                      pl->within_zh, dones, dues);
    }
    obl_finding(c, pl, o, src_kind, src_rowid, cb, d);
}

/* 1 when the event satisfies the block's condition (or it has none). */
static int cond_holds(const sla_plan *pl, const fact_event *ev)
{
    if (pl->cond < 0) return 1;
    const char *v = ev->raw ? ev->raw[pl->cond] : NULL;
    if (!v) v = pl->cond_bool ? "0" : "";
    return strcmp(v, pl->cond_value ? pl->cond_value : "") == 0;
}

/* CALLBACK on an event. */
static void run_callback_event(vctx *c, const sla_plan *pl, size_t ei)
{
    const fact_event *ev = &c->f->event[ei];
    int64_t anchor = ev_time(ev, pl->from);
    if (anchor == FACT_NONE || anchor >= c->horizon) return;  /* e.g. not resolved yet */
    if (anchor < c->owed_from) return;                        /* before kefu's records began */
    if (!cond_holds(pl, ev)) return;
    judge_callback(c, pl, 0, ev->id, &c->by_event, (int)ei, anchor, "service_event", ev->rowid);
}

/* PROGRESS: the chain of SPEC §7.2 from `from` until `to`. */
static void run_progress(vctx *c, const sla_plan *pl, size_t ei)
{
    const fact_event *ev = &c->f->event[ei];
    int64_t t = ev_time(ev, pl->from);
    if (t == FACT_NONE || t >= c->horizon || t < c->owed_from) return;
    int64_t end = pl->to >= 0 ? ev_time(ev, pl->to) : FACT_NONE;
    if (end == FACT_NONE || end >= c->horizon) end = INT64_MAX;   /* still open as of the date */
    for (int n = 0;; n++) {
        if (n == VISITS_MAX_CHAIN) {
            cap_finding(c, pl, 0, ev->id, t, "service_event", ev->rowid, VISITS_MAX_CHAIN);
            return;
        }
        int64_t dl = policy_add_duration(c->p, t, &pl->s->within.d);
        if (dl <= t || dl >= end) return;   /* no obligation at or after resolution */
        const cb_ref *cb = cb_first(&c->by_event, (int)ei, t, 1);
        obl_status st;
        if (cb && cb->at <= dl) st = OBL_MET;
        else if (dl >= c->horizon) st = OBL_PENDING;          /* open, deadline ahead */
        else if (cb && cb->at < end) st = OBL_LATE;
        else st = OBL_MISSED;
        const cb_ref *used = (st == OBL_MET || st == OBL_LATE) ? cb : NULL;
        const obligation *o = add_obl(c, pl, 0, ev->id, t, dl, used ? used->at : FACT_NONE,
                                      st, used);
        if (st == OBL_LATE || st == OBL_MISSED) {
            char ts[20], dues[20], dones[20];
            fmt_min(t, ts);
            fmt_min(dl, dues);
            char *d;
            if (st == OBL_MISSED) {
                d = xasprintf("%s：未解决期间每%s回访一次，自 %s 起未回访（截止 %s）",
                              pl->kind_zh, pl->within_zh, ts, dues);
            } else {
                fmt_min(used->at, dones);
                d = xasprintf("%s：未解决期间每%s回访一次，自 %s 起首次回访于 %s（截止 %s）",
                              pl->kind_zh, pl->within_zh, ts, dones, dues);
            }
            obl_finding(c, pl, o, "service_event", ev->rowid, used, d);
        }
        if (st == OBL_PENDING) return;
        t = used ? used->at : dl;
    }
}

/* The start of the first calendar-aligned window of `len` months on or
 * after `day`: the first day of a month whose index (year * 12 + month - 1)
 * is a multiple of len. */
static int32_t align_up(int32_t day, int len)
{
    int y, m, d;
    val_ymd(day, &y, &m, &d);
    int64_t mi = (int64_t)y * 12 + (m - 1) + (d != 1);
    int64_t r = mi % len;
    if (r) mi += len - r;
    return val_days_ymd((int)(mi / 12), (int)(mi % 12) + 1, 1);
}

/* base + cum, the duration applied in one step from base (so that
 * since + k months clamps from since, never from a clamped date). */
static int64_t offset_from(const policy *p, int64_t base, const val_duration *cum)
{
    val_duration d = *cum;
    d.workdays = 0;
    int64_t t = val_add_duration(base, &d);
    return cum->workdays > 0 ? policy_add_workdays(p, t, cum->workdays) : t;
}

/* The Chinese name of a role code, or the code. */
static const char *role_zh(const policy *p, const char *code)
{
    const char *n = policy_vocab_name(p, POLICY_VOCAB_ROLE, code);
    return n ? n : code;
}

/* 1 when the callback was made by an employee who holds the block's
 * by-role. The role is the employee's current one (employee.role): the
 * role history records when kefu learned a role, not from which day it
 * held, so there is no role "as of the callback's day" to read. */
static int by_role(const vctx *c, const sla_plan *pl, const fact_callback *cb)
{
    int e = cb->staff_id ? facts_emp_index(c->f, cb->staff_id) : -1;
    return e >= 0 && c->f->emp[e].role && strcmp(c->f->emp[e].role, pl->s->by_role) == 0;
}

/* Judges one recurring window [start, end) of a customer. */
static void judge_window(vctx *c, const sla_plan *pl, size_t ci, int64_t start, int64_t end)
{
    const fact_customer *cu = &c->f->cust[ci];
    const cb_ref *cb = cb_first(&c->by_cust, (int)ci, start, 0);
    if (pl->s->by_role) {
        /* the first callback in the window made by someone holding the role */
        const cb_ref *last = c->by_cust.v + c->by_cust.off[ci + 1];
        while (cb && cb < last && cb->at < end && !by_role(c, pl, &c->f->callback[cb->idx])) cb++;
        if (cb == last) cb = NULL;
    }
    int64_t due = end - 1;   /* the window's last second */
    obl_status st;
    if (cb && cb->at < end) st = OBL_MET;
    else {
        cb = NULL;
        st = end <= c->horizon ? OBL_MISSED : OBL_PENDING;
    }
    const obligation *o = add_obl(c, pl, 1, cu->id, start, due, cb ? cb->at : FACT_NONE, st, cb);
    if (st != OBL_MISSED) return;
    char s1[20], s2[20];
    val_secs_str(start, s1);
    val_secs_str(due, s2);
    s1[10] = s2[10] = '\0';
    char *d = pl->s->by_role
        ? xasprintf("%s：%s 至 %s 期间无%s的回访", pl->kind_zh, s1, s2, role_zh(c->p, pl->s->by_role))
        : xasprintf("%s：%s 至 %s 期间未回访", pl->kind_zh, s1, s2);
    obl_finding(c, pl, o, "customer", cu->rowid, NULL, d);
}

/* RECURRING: windows from `since`, anchored or calendar-aligned. */
static void run_recurring(vctx *c, const sla_plan *pl, size_t ci)
{
    const fact_customer *cu = &c->f->cust[ci];
    const policy_sla *s = pl->s;
    if (cu->since == FACT_NODAY) return;
    int64_t since = (int64_t)cu->since * SECS_PER_DAY;
    int phase = 0, k = 0;
    val_duration cum = {0};
    int32_t cal_start = s->align_calendar
        ? align_up(cu->since, duration_months(&s->phases[0].every.d)) : 0;
    for (int n = 0;; n++) {
        const policy_phase *ph = &s->phases[phase];
        int64_t start, end;
        if (s->align_calendar) {
            start = (int64_t)cal_start * SECS_PER_DAY;
        } else {
            start = offset_from(c->p, since, &cum);
        }
        if (start >= c->horizon) return;   /* windows after the as-of date are not generated */
        if (n == VISITS_MAX_WINDOWS) {
            cap_finding(c, pl, 1, cu->id, start, "customer", cu->rowid, VISITS_MAX_WINDOWS);
            return;
        }
        if (s->align_calendar) {
            int32_t e = val_add_months(cal_start, duration_months(&ph->every.d));
            end = (int64_t)e * SECS_PER_DAY;
        } else {
            const val_duration *w = &ph->every.d;
            cum.years += w->years;
            cum.months += w->months;
            cum.days += w->days;
            cum.seconds += w->seconds;
            cum.workdays += w->workdays;
            end = offset_from(c->p, since, &cum);
        }
        if (end <= start) return;   /* cannot happen with positive durations */
        if (start >= c->owed_from) judge_window(c, pl, ci, start, end);
        if (ph->count > 0 && ++k >= ph->count) {
            if (++phase >= s->nphases) return;
            k = 0;
        }
        if (s->align_calendar)
            cal_start = align_up((int32_t)floor_div64(end, SECS_PER_DAY),
                                 duration_months(&s->phases[phase].every.d));
    }
}

/* CALLBACK on a customer: anchored at `since` 00:00. */
static void run_callback_customer(vctx *c, const sla_plan *pl, size_t ci)
{
    const fact_customer *cu = &c->f->cust[ci];
    if (cu->since == FACT_NODAY) return;
    int64_t anchor = (int64_t)cu->since * SECS_PER_DAY;
    if (anchor >= c->horizon || anchor < c->owed_from) return;
    judge_callback(c, pl, 1, cu->id, &c->by_cust, (int)ci, anchor, "customer", cu->rowid);
}

/* ---- quiet hours ---------------------------------------------------- */

static int in_quiet(const policy_quiet *q, int32_t tod)
{
    if (q->from_tod < q->to_tod) return tod >= q->from_tod && tod < q->to_tod;
    if (q->from_tod > q->to_tod) return tod >= q->from_tod || tod < q->to_tod;
    return 0;   /* from == to: an empty period */
}

static void run_quiet(vctx *c)
{
    const facts *f = c->f;
    const policy_visits *v = &c->p->vis;
    for (size_t i = 0; i < f->ncallback; i++) {
        const fact_callback *cb = &f->callback[i];
        if (cb->at == FACT_NONE || cb->at >= c->horizon) continue;
        int32_t tod = (int32_t)(cb->at - floor_div64(cb->at, SECS_PER_DAY) * SECS_PER_DAY);
        for (int q = 0; q < v->nquiet; q++) {
            if (!in_quiet(&v->quiet[q], tod)) continue;
            char at[20];
            fmt_min(cb->at, at);
            int fq = v->quiet[q].from_tod, tq = v->quiet[q].to_tod;
            char *d = xasprintf("回访 %s 于 %s 在客户休息时段 %02d:%02d–%02d:%02d 内",
                                cb->id ? cb->id : "", at, fq / 3600, fq / 60 % 60,
                                tq / 3600, tq / 60 % 60);
            const char *subject = cb->cust >= 0 && (size_t)cb->cust < f->ncust
                ? f->cust[cb->cust].id : "(unknown)";
            finding *fd = add_finding(c, "quiet_hours", v->quiet_article, "customer", subject,
                                      cb->at, VISITS_QUIET_SANCTION, d);
            finding_cite(fd, "callback", cb->rowid);
            break;   /* one finding per callback */
        }
    }
}

/* ---- the valid-complaint rate -------------------------------------- */

int32_t visits_rate_pm(long n, long base)
{
    if (base <= 0 || n < 0) return -1;
    return (int32_t)((long long)n * 1000 / base);   /* integer division: rounded down */
}

/* The day a valid complaint of the rate counts on (its opened_at), or
 * FACT_NODAY when the event is not one: the numerator's definition. */
static int32_t rate_event_day(const policy_complaint_rate *r, const fact_event *ev)
{
    if (!ev->valid || ev->opened_at == FACT_NONE || !ev->kind || strcmp(ev->kind, r->event_kind) != 0)
        return FACT_NODAY;
    return (int32_t)floor_div64(ev->opened_at, SECS_PER_DAY);
}

/* The day a customer joins the rate's base (its since; INT32_MIN when it
 * has none: always counted), or FACT_NODAY when it is not of the kind: the
 * denominator's definition. */
static int32_t rate_customer_day(const policy_complaint_rate *r, const fact_customer *cu)
{
    if (!cu->kind || strcmp(cu->kind, r->customer_kind) != 0) return FACT_NODAY;
    return cu->since == FACT_NODAY ? INT32_MIN + 1 : cu->since;
}

int32_t visits_complaint_rate(const facts *f, const policy *p, int32_t from, int32_t to,
                              long *valid, long *base)
{
    const policy_complaint_rate *r = &p->vis.crate;
    *valid = *base = 0;
    if (!r->code) return -1;
    for (size_t i = 0; i < f->nevent; i++) {
        int32_t d = rate_event_day(r, &f->event[i]);
        if (d != FACT_NODAY && d >= from && d <= to) (*valid)++;
    }
    for (size_t i = 0; i < f->ncust; i++) {
        int32_t d = rate_customer_day(r, &f->cust[i]);
        if (d != FACT_NODAY && d <= to) (*base)++;
    }
    return visits_rate_pm(*valid, *base);
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* Entries of the sorted v[0..n) that are <= d. */
static size_t count_le(const int32_t *v, size_t n, int32_t d)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] <= d) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* One warning per calendar month, from owed-from's month (or the first
 * month with a valid complaint) to the last month ended by the as-of date,
 * whose valid-complaint rate (visits_complaint_rate's definition, counted
 * here from sorted days so that a long history costs n log n, not months
 * × n) is not below the target. The target is compared exactly (valid ÷
 * base >= below), not on the rounded figure. */
static void run_complaint_rate(vctx *c, int32_t as_of)
{
    const policy_complaint_rate *r = &c->p->vis.crate;
    const facts *f = c->f;
    if (!r->code) return;
    int32_t *ev = xmalloc((f->nevent ? f->nevent : 1) * sizeof *ev);
    int32_t *cu = xmalloc((f->ncust ? f->ncust : 1) * sizeof *cu);
    size_t nev = 0, ncu = 0;
    for (size_t i = 0; i < f->nevent; i++) {
        int32_t d = rate_event_day(r, &f->event[i]);
        if (d != FACT_NODAY) ev[nev++] = d;
    }
    for (size_t i = 0; i < f->ncust; i++) {
        int32_t d = rate_customer_day(r, &f->cust[i]);
        if (d != FACT_NODAY) cu[ncu++] = d;
    }
    qsort(ev, nev, sizeof *ev, cmp_i32);
    qsort(cu, ncu, sizeof *cu, cmp_i32);
    int32_t first = c->p->vis.owed_from;
    if (first == INT32_MIN) first = nev ? ev[0] : INT32_MIN;
    if (first == INT32_MIN) goto out;
    int y, m, d;
    val_ymd(first, &y, &m, &d);
    int32_t start = val_days_ymd(y, m, 1);
    /* a month only partly after owed-from is not judged; without owed-from
     * the month of the first valid complaint is */
    if (start < first && c->p->vis.owed_from != INT32_MIN) start = val_add_months(start, 1);
    for (int n = 0; n < VISITS_MAX_WINDOWS; n++) {
        int32_t next = val_add_months(start, 1);
        if (next - 1 > as_of) break;                       /* the month has not ended */
        long valid = (long)(count_le(ev, nev, next - 1) - count_le(ev, nev, start - 1));
        long base = (long)count_le(cu, ncu, next - 1);
        int32_t pm = visits_rate_pm(valid, base);
        if (pm >= 0 && (long long)valid * 10000 >= (long long)r->below_bp * base) {
            char rate[16], below[16], kind_zh[64];
            visits_coverage_str(pm, rate, "");
            if (r->below_bp % 100 == 0) snprintf(below, sizeof below, "%d%%", (int)(r->below_bp / 100));
            else snprintf(below, sizeof below, "%d.%02d%%", (int)(r->below_bp / 100), (int)(r->below_bp % 100));
            kind_enum_zh("customer_kind", r->customer_kind, kind_zh, sizeof kind_zh);
            char *det = xasprintf("有效投诉率 %s（当月有效投诉 %ld 件 ÷ %s数 %ld），未达 %s 以下的目标",
                                  rate, valid, kind_zh, base, below);
            finding *fd = add_finding(c, r->code, r->article, "department", r->dept,
                                      (int64_t)(next - 1) * SECS_PER_DAY, SANCTION_WARNING, det);
            for (size_t i = 0; i < f->nevent; i++) {
                int32_t od = rate_event_day(r, &f->event[i]);
                if (od != FACT_NODAY && od >= start && od < next) finding_cite(fd, "service_event", f->event[i].rowid);
            }
        }
        start = next;
    }
out:
    free(ev);
    free(cu);
}

/* ---- planning and the run ------------------------------------------- */

/* Resolves one SLA block; -1 with e filled when it asks for what this
 * engine cannot do. */
static int plan_sla(const policy *p, const policy_sla *s, sla_plan *pl, kerr *e)
{
    const char *src = p->source ? p->source : "policy";
    memset(pl, 0, sizeof *pl);
    pl->s = s;
    pl->from = pl->fallback = pl->to = pl->cond = -1;
    kind_enum_zh(s->for_customer ? "customer_kind" : "event_kind", s->kind ? s->kind : "",
            pl->kind_zh, sizeof pl->kind_zh);
    if (s->same_day) snprintf(pl->within_zh, sizeof pl->within_zh, "当天");
    else duration_zh(&s->within.d, pl->within_zh, sizeof pl->within_zh);
    if (s->for_customer) {
        const kind_def *k = kind_by_name("customer");
        int fi = k && s->from ? kind_field_index(k, s->from) : -1;
        if (fi < 0 || strcmp(k->fields[fi].name, "since") != 0)
            return kerr_set(e, EXIT_DATAERR, "%s:%ld: SLA '%s': from '%s': a customer block "
                            "counts from 'since'", src, s->line, s->code, s->from ? s->from : "");
        pl->from_zh = k->fields[fi].zh;
        if (s->type != POLICY_SLA_RECURRING && s->type != POLICY_SLA_CALLBACK)
            return kerr_set(e, EXIT_DATAERR, "%s:%ld: SLA '%s': a customer block can only be "
                            "recurring or a callback", src, s->line, s->code);
    } else {
        pl->from = ev_time_field(s->from);
        if (pl->from < 0)
            return kerr_set(e, EXIT_DATAERR, "%s:%ld: SLA '%s': from '%s' is not a time field "
                            "of service_event (opened_at, dispatched_at, arrived_at, "
                            "resolved_at, registered_at)", src, s->line, s->code,
                            s->from ? s->from : "");
        pl->from_zh = ev_time_zh(pl->from);
        if (s->fallback) {
            pl->fallback = ev_time_field(s->fallback);
            if (pl->fallback < 0)
                return kerr_set(e, EXIT_DATAERR, "%s:%ld: SLA '%s': fallback '%s' is not a "
                                "time field of service_event", src, s->line, s->code,
                                s->fallback);
            pl->fallback_zh = ev_time_zh(pl->fallback);
        }
        if (s->to) {
            /* one field, or (deadline) several separated by spaces */
            const char *q = s->to;
            int nto = 0;
            size_t used = 0;
            while (*q) {
                size_t n = strcspn(q, " \t\n");
                if (n == 0) { q++; continue; }
                char name[32];
                int fi = -1;
                if (n < sizeof name) {
                    memcpy(name, q, n);
                    name[n] = '\0';
                    fi = ev_time_field(name);
                }
                if (fi < 0)
                    return kerr_set(e, EXIT_DATAERR, "%s:%ld: SLA '%s': '%.*s' is not a time field "
                                    "of service_event", src, s->line, s->code, (int)n, q);
                if (nto++ == 0) pl->to = fi;
                pl->to_mask |= 1u << fi;
                int w = snprintf(pl->to_zh_buf + used, sizeof pl->to_zh_buf - used, "%s%s",
                                 used ? "/" : "", ev_time_zh(fi));
                if (w > 0 && (size_t)w < sizeof pl->to_zh_buf - used) used += (size_t)w;
                q += n;
            }
            if (nto > 1 && s->type != POLICY_SLA_DEADLINE)
                return kerr_set(e, EXIT_DATAERR, "%s:%ld: SLA '%s': only a deadline may name "
                                "several fields in 'to'", src, s->line, s->code);
            pl->to_zh = pl->to_zh_buf;
        }
        if (s->type == POLICY_SLA_DEADLINE && pl->to < 0)
            return kerr_set(e, EXIT_DATAERR, "%s:%ld: SLA '%s': a deadline needs a 'to' field",
                            src, s->line, s->code);
        if (s->type == POLICY_SLA_RECURRING)
            return kerr_set(e, EXIT_DATAERR, "%s:%ld: SLA '%s': recurring windows are counted "
                            "for customers only", src, s->line, s->code);
        if (s->if_field) {
            const kind_def *k = kind_by_name("service_event");
            pl->cond = k ? kind_field_index(k, s->if_field) : -1;
            if (pl->cond < 0 || pl->cond >= FACT_EVENT_NFIELDS)
                return kerr_set(e, EXIT_DATAERR, "%s:%ld: SLA '%s': if field '%s' is not a "
                                "field of service_event", src, s->line, s->code, s->if_field);
            pl->cond_bool = k->fields[pl->cond].type == FT_BOOL;
            /* compared with the stored value, so written as the data may
             * write it: 是/否/Y/N/1/0 for a boolean, code or Chinese name */
            pl->cond_value = s->if_value;
            if (pl->cond_bool) {
                int b = 0;
                if (val_bool(s->if_value, &b))
                    return kerr_set(e, EXIT_DATAERR, "%s:%ld: SLA '%s': if-value '%s' is not a boolean "
                                    "(是/否, Y/N, 1/0) for field '%s'", src, s->line, s->code, s->if_value,
                                    s->if_field);
                pl->cond_value = b ? "1" : "0";
            } else if (k->fields[pl->cond].type == FT_ENUM) {
                pl->cond_value = kind_enum_lookup(k->fields[pl->cond].enumset, s->if_value);
                if (!pl->cond_value)
                    return kerr_set(e, EXIT_DATAERR, "%s:%ld: SLA '%s': if-value '%s' is not a value of "
                                    "field '%s'", src, s->line, s->code, s->if_value, s->if_field);
            }
        }
    }
    if (s->same_day && s->type != POLICY_SLA_DEADLINE)
        return kerr_set(e, EXIT_DATAERR, "%s:%ld: SLA '%s': within=\"same-day\" is for a deadline only",
                        src, s->line, s->code);
    if (s->type == POLICY_SLA_PROGRESS && !duration_positive(&s->within.d))
        return kerr_set(e, EXIT_DATAERR, "%s:%ld: SLA '%s': a progress cadence must be longer "
                        "than zero", src, s->line, s->code);
    if (s->type == POLICY_SLA_RECURRING) {
        if (s->nphases <= 0 || !s->phases)
            return kerr_set(e, EXIT_DATAERR, "%s:%ld: SLA '%s': recurring without phases",
                            src, s->line, s->code);
        for (int i = 0; i < s->nphases; i++) {
            const policy_phase *ph = &s->phases[i];
            if (!duration_positive(&ph->every.d))
                return kerr_set(e, EXIT_DATAERR, "%s:%ld: SLA '%s': a window must be longer "
                                "than zero", src, ph->line, s->code);
            if (s->align_calendar && duration_months(&ph->every.d) < 0)
                return kerr_set(e, EXIT_DATAERR, "%s:%ld: SLA '%s': calendar-aligned windows "
                                "must be whole months or years, not '%s'", src, ph->line,
                                s->code, ph->every.text ? ph->every.text : "");
        }
    }
    return 0;
}

int visits_check_policy(const policy *p, kerr *e)
{
    sla_plan pl;
    for (int i = 0; i < p->vis.nslas; i++)
        if (plan_sla(p, &p->vis.slas[i], &pl, e)) return -1;
    return 0;
}

int visits_run(const facts *f, const policy *p, int32_t as_of, obligation_list *obl,
               finding_list *fnd, kerr *e)
{
    const policy_visits *v = &p->vis;
    sla_plan *plans = xcalloc(v->nslas > 0 ? (size_t)v->nslas : 1, sizeof *plans);
    vctx c;
    int ret = -1;

    memset(&c, 0, sizeof c);
    /* Check every block before producing anything, so a failure appends nothing. */
    for (int i = 0; i < v->nslas; i++)
        if (plan_sla(p, &v->slas[i], &plans[i], e)) goto out;
    c.f = f;
    c.p = p;
    c.horizon = ((int64_t)as_of + 1) * SECS_PER_DAY;
    c.owed_from = p->vis.owed_from == INT32_MIN ? INT64_MIN : (int64_t)p->vis.owed_from * SECS_PER_DAY;
    c.obl = obl;
    c.fnd = fnd;
    cb_index_build(&c.by_event, f, c.horizon, 0);
    cb_index_build(&c.by_cust, f, c.horizon, 1);

    int64_t owed_from = c.owed_from;
    for (int i = 0; i < v->nslas; i++) {
        const sla_plan *pl = &plans[i];
        const policy_sla *s = pl->s;
        c.owed_from = s->owed_from == INT32_MIN ? owed_from : (int64_t)s->owed_from * SECS_PER_DAY;
        if (s->for_customer) {
            for (size_t ci = 0; ci < f->ncust; ci++) {
                if (!f->cust[ci].kind || strcmp(f->cust[ci].kind, s->kind) != 0) continue;
                if (s->type == POLICY_SLA_RECURRING) run_recurring(&c, pl, ci);
                else run_callback_customer(&c, pl, ci);
            }
            continue;
        }
        for (size_t ei = 0; ei < f->nevent; ei++) {
            const fact_event *ev = &f->event[ei];
            if (!ev->kind || strcmp(ev->kind, s->kind) != 0) continue;
            switch (s->type) {
            case POLICY_SLA_DEADLINE: run_deadline(&c, pl, ev); break;
            case POLICY_SLA_CALLBACK: run_callback_event(&c, pl, ei); break;
            case POLICY_SLA_PROGRESS: run_progress(&c, pl, ei); break;
            case POLICY_SLA_RECURRING: break;   /* refused by plan_sla */
            }
        }
    }
    c.owed_from = owed_from;
    run_quiet(&c);
    run_complaint_rate(&c, as_of);
    ret = 0;
out:
    cb_index_free(&c.by_event);
    cb_index_free(&c.by_cust);
    free(plans);
    return ret;
}

/* ---- coverage ------------------------------------------------------- */

int32_t visits_coverage_pm(long met, long late, long missed)
{
    long long judged = (long long)met + late + missed;
    if (judged <= 0 || met < 0) return -1;
    return (int32_t)((long long)met * 1000 / judged);   /* integer division: rounded down */
}

const char *visits_coverage_str(int32_t pm, char out[16], const char *none)
{
    if (pm < 0) snprintf(out, 16, "%s", none ? none : "");
    else snprintf(out, 16, "%d.%d%%", (int)(pm / 10), (int)(pm % 10));
    return out;
}

/* An obligation reduced to what coverage needs: a sortable key made of
 * the rule's rank among the distinct rules and the month, and its status. */
typedef struct cov_item {
    uint64_t key;            /* rule rank << 32 | month index + 1 (0: unreadable period) */
    obl_status status;       /* its status */
} cov_item;

static int cmp_str_ptr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_cov_item(const void *a, const void *b)
{
    const cov_item *x = a, *y = b;
    return (x->key > y->key) - (x->key < y->key);
}

/* The month index (year * 12 + month - 1) of "YYYY-MM", or -1. */
static int32_t period_index(const char *s)
{
    for (int i = 0; i < 7; i++)
        if (i == 4 ? s[i] != '-' : (s[i] < '0' || s[i] > '9')) return -1;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    if (s[7] != '\0' || m < 1 || m > 12) return -1;
    return y * 12 + m - 1;
}

static void cov_count(visits_cov *r, obl_status st)
{
    switch (st) {
    case OBL_MET: r->met++; break;
    case OBL_LATE: r->late++; break;
    case OBL_MISSED: r->missed++; break;
    case OBL_PENDING: r->pending++; break;
    }
}

static void cov_finish(visits_cov *r)
{
    r->coverage_pm = visits_coverage_pm(r->met, r->late, r->missed);
}

/* Cost: the distinct rules are found from the runs of equal rules (the
 * engine emits each rule's obligations together), then every obligation
 * becomes a 16-byte item sorted by integer key: O(n log n) with cheap
 * comparisons. */
void visits_coverage(const obligation_list *l, const char *from, const char *to,
                     visits_cov_list *out)
{
    size_t n = 0, nrules = 0;
    visits_cov_free(out);
    const char **rules = xmalloc((l->n ? l->n : 1) * sizeof *rules);
    cov_item *items = xmalloc((l->n ? l->n : 1) * sizeof *items);
    const char *prev = NULL;
    for (size_t i = 0; i < l->n; i++) {
        const obligation *o = &l->v[i];
        if (from && strcmp(o->period, from) < 0) continue;
        if (to && strcmp(o->period, to) > 0) continue;
        if (!prev || strcmp(prev, o->rule) != 0) rules[nrules++] = prev = o->rule;
    }
    if (nrules > 1) qsort(rules, nrules, sizeof *rules, cmp_str_ptr);
    size_t u = 0;
    for (size_t i = 0; i < nrules; i++)
        if (u == 0 || strcmp(rules[u - 1], rules[i]) != 0) rules[u++] = rules[i];
    nrules = u;
    prev = NULL;
    uint64_t rank = 0;
    for (size_t i = 0; i < l->n; i++) {
        const obligation *o = &l->v[i];
        if (from && strcmp(o->period, from) < 0) continue;
        if (to && strcmp(o->period, to) > 0) continue;
        if (!prev || strcmp(prev, o->rule) != 0) {
            const char *key = o->rule;
            const char **hit = bsearch(&key, rules, nrules, sizeof *rules, cmp_str_ptr);
            rank = (uint64_t)(hit - rules);   /* always found: rules holds every rule */
            prev = o->rule;
        }
        items[n].key = rank << 32 | (uint32_t)(period_index(o->period) + 1);
        items[n].status = o->status;
        n++;
    }
    if (n > 1) qsort(items, n, sizeof *items, cmp_cov_item);
    /* at most one month row and one total row per item, plus the grand total */
    out->v = xcalloc(2 * n + 1, sizeof *out->v);
    visits_cov total;
    memset(&total, 0, sizeof total);
    for (size_t i = 0; i < n;) {
        uint64_t r = items[i].key >> 32;
        visits_cov rt;
        memset(&rt, 0, sizeof rt);
        set_field(rt.rule, sizeof rt.rule, rules[r]);
        size_t j = i;
        while (j < n && items[j].key >> 32 == r) {
            visits_cov *m = &out->v[out->n++];
            uint32_t mi = (uint32_t)items[j].key;
            set_field(m->rule, sizeof m->rule, rules[r]);
            if (mi > 0)
                snprintf(m->period, sizeof m->period, "%04u-%02u", (mi - 1) / 12 % 10000,
                         (mi - 1) % 12 + 1);
            else
                set_field(m->period, sizeof m->period, "?");   /* not "YYYY-MM" */
            size_t k = j;
            while (k < n && items[k].key == items[j].key) {
                cov_count(m, items[k].status);
                cov_count(&rt, items[k].status);
                cov_count(&total, items[k].status);
                k++;
            }
            cov_finish(m);
            j = k;
        }
        cov_finish(&rt);
        out->v[out->n++] = rt;
        i = j;
    }
    cov_finish(&total);
    out->v[out->n++] = total;
    free(items);
    free(rules);
}

void visits_cov_free(visits_cov_list *l)
{
    if (!l) return;
    free(l->v);
    l->v = NULL;
    l->n = 0;
}
