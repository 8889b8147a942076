/* rules.c — the check: facts in, findings and obligations out (rules.h). */
#include "msg.h"
#include "rules.h"
#include "fines.h"
#include "policy.h"
#include "value.h"
#include "kinds.h"
#include "visits.h"
#include "retain.h"
#include "store_retain.h"
#include "store_report.h"
#include "punch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_dept(const void *a, const void *b)
{
    return strcmp(((const rules_dept_sum *)a)->dept, ((const rules_dept_sum *)b)->dept);
}

static int cmp_obl(const void *a, const void *b)
{
    const obligation *x = a, *y = b;
    int c = strcmp(x->rule, y->rule);
    return c ? c : strcmp(x->period, y->period);
}

/* One row of SRQ_FINDINGS_BY_RULE appended to r->rules. */
static int rule_row(void *ctx, int ncol, const char *const *c)
{
    rules_result *r = ctx;
    (void)ncol;
    r->rules = xrealloc(r->rules, (r->nrules + 1) * sizeof *r->rules);
    rules_rule_sum *s = &r->rules[r->nrules++];
    memset(s, 0, sizeof *s);
    snprintf(s->rule, sizeof s->rule, "%s", c[0] ? c[0] : "");
    s->article = xstrdup(c[1] ? c[1] : "");
    s->count = c[2] ? strtol(c[2], NULL, 10) : 0;
    s->amount_fen = c[3] ? (int64_t)strtoll(c[3], NULL, 10) : 0;
    s->quote = xstrdup(c[4] ? c[4] : "");
    s->assumed = xstrdup(c[5] ? c[5] : "");
    return 0;
}

/* Findings by rule and article, as stored: the one query every output of
 * this figure reads (issue 12), over every date. */
static int summarise_rules(store *st, rules_result *r, kerr *e)
{
    const char *par[2] = { "0000-01-01", "9999-12-31" };
    return store_report_query(st, SRQ_FINDINGS_BY_RULE, par, 2, rule_row, r, e);
}

/* A row of SRQ_PAY_NOTES into r->notes. */
static int pay_note_row(void *ctx, int ncol, const char *const *c)
{
    rules_result *r = ctx;
    (void)ncol;
    r->notes = xrealloc(r->notes, (r->nnotes + 1) * sizeof *r->notes);
    rules_pay_note *n = &r->notes[r->nnotes++];
    memset(n, 0, sizeof *n);
    snprintf(n->employee_id, sizeof n->employee_id, "%s", c[0] ? c[0] : "");
    snprintf(n->month, sizeof n->month, "%s", c[3] ? c[3] : "");
    n->total_fen = c[4] ? strtoll(c[4], NULL, 10) : 0;
    n->wage_fen = c[5] ? strtoll(c[5], NULL, 10) : 0;
    snprintf(n->warn_day, sizeof n->warn_day, "%s", c[6] ? c[6] : "");
    snprintf(n->min_day, sizeof n->min_day, "%s", c[7] ? c[7] : "");
    return 0;
}

/* The pay notes of everything stored up to the as-of day. */
static int summarise_pay(store *st, const struct policy *p, rules_result *r, kerr *e)
{
    char bp[24], mw[24];
    snprintf(bp, sizeof bp, "%d", (int)p->pay.warning_bp);
    snprintf(mw, sizeof mw, "%lld", (long long)p->pay.minimum_wage_fen);
    const char *par[4] = { "0001-01-01", r->as_of, bp, mw };
    return store_report_query(st, SRQ_PAY_NOTES, par, 4, pay_note_row, r, e);
}

static rules_dept_sum *dept_slot(rules_result *r, const char *dept)
{
    for (size_t i = 0; i < r->ndepts; i++)
        if (strcmp(r->depts[i].dept, dept) == 0) return &r->depts[i];
    r->depts = xrealloc(r->depts, (r->ndepts + 1) * sizeof *r->depts);
    rules_dept_sum *s = &r->depts[r->ndepts++];
    memset(s, 0, sizeof *s);
    snprintf(s->dept, sizeof s->dept, "%s", dept);
    return s;
}

static void summarise(rules_result *r, const facts *f, obligation_list *obl)
{
    for (size_t i = 0; i < r->findings.n; i++) {
        const finding *x = &r->findings.v[i];
        const char *dept = NULL;
        if (strcmp(x->subject_kind, "employee") == 0) {
            int e = facts_emp_index(f, x->subject_id);
            dept = e >= 0 ? f->emp[e].dept : "(unknown)";
        } else if (strcmp(x->subject_kind, "department") == 0) {
            dept = x->subject_id;
        }
        if (dept) {
            rules_dept_sum *ds = dept_slot(r, dept);
            ds->count++;
            if (x->sanction != SANCTION_REWARD) ds->amount_fen += x->amount_fen;  /* a reward is no fine */
            ds->dismissals += x->sanction == SANCTION_DISMISSAL;
            ds->warnings += x->sanction == SANCTION_WARNING;
        }
    }
    /* Coverage: the obligations sorted by (rule, period), then counted in
     * one pass (their order in the table does not matter any more). */
    if (obl->n > 1) qsort(obl->v, obl->n, sizeof *obl->v, cmp_obl);
    for (size_t i = 0; i < obl->n; i++) {
        const obligation *o = &obl->v[i];
        if (r->ncov == 0 || strcmp(r->cov[r->ncov - 1].rule, o->rule) != 0 ||
            strcmp(r->cov[r->ncov - 1].period, o->period) != 0) {
            r->cov = xrealloc(r->cov, (r->ncov + 1) * sizeof *r->cov);
            rules_cov *c = &r->cov[r->ncov++];
            memset(c, 0, sizeof *c);
            snprintf(c->rule, sizeof c->rule, "%s", o->rule);
            snprintf(c->period, sizeof c->period, "%s", o->period);
        }
        rules_cov *c = &r->cov[r->ncov - 1];
        c->met += o->status == OBL_MET;
        c->late += o->status == OBL_LATE;
        c->missed += o->status == OBL_MISSED;
        c->pending += o->status == OBL_PENDING;
    }
    if (r->ndepts > 1) qsort(r->depts, r->ndepts, sizeof *r->depts, cmp_dept);
}

/* The quotes and assumptions of one citation, computed once per distinct
 * article pointer (obligations share their SLA's article). */
typedef struct cite_memo {
    const char *article;   /* the citation (borrowed), the key with rule */
    const char *rule;      /* the obligation's rule code (borrowed) */
    char *quote;           /* policy_cite_texts (owned) */
    char *assumed;         /* policy_cite_texts (owned) */
} cite_memo;

/* Gives every finding and obligation the quotes and assumptions behind its
 * citation (issue 11), so that the stored row carries the rule's words.
 * The obligations borrow from *memo, which the caller frees. */
static void fill_cites(const policy *p, finding_list *fl, obligation_list *ol, cite_memo **memo, int *nmemo)
{
    for (size_t i = 0; i < fl->n; i++) {
        finding *x = &fl->v[i];
        policy_cite_texts(p, x->article, x->rule, &x->quote, &x->assumed);
    }
    for (size_t i = 0; i < ol->n; i++) {
        obligation *o = &ol->v[i];
        int k = 0;
        while (k < *nmemo && ((*memo)[k].article != o->article || strcmp((*memo)[k].rule, o->rule) != 0)) k++;
        if (k == *nmemo) {
            *memo = xrealloc(*memo, (size_t)(*nmemo + 1) * sizeof **memo);
            (*memo)[k].article = o->article;
            (*memo)[k].rule = o->rule;
            policy_cite_texts(p, o->article, o->rule, &(*memo)[k].quote, &(*memo)[k].assumed);
            (*nmemo)++;
        }
        o->quote = (*memo)[k].quote;
        o->assumed = (*memo)[k].assumed;
    }
}

int rules_check(store *st, const struct policy *p, const char *policy_name,
                const char *policy_sha256, const char *as_of, const char *now, rules_result *r, kerr *e)
{
    facts f;
    obligation_list obl;
    finding_list unpaired = {0};
    retain_result rres;
    cite_memo *memo = NULL;
    int nmemo = 0;
    memset(&obl, 0, sizeof obl);
    int ret = -1, in_tx = 0;
    memset(&rres, 0, sizeof rres);
    memset(r, 0, sizeof *r);
    snprintf(r->as_of, sizeof r->as_of, "%s", as_of);
    int32_t day = val_days(as_of);
    int y, m, d;
    val_ymd(day, &y, &m, &d);
    r->year_uncovered = !policy_year_covered(p, y);
    /* the event fields SLA conditions read (policy if-field), kept as text */
    unsigned raw_mask = 0;
    const kind_def *ev = kind_by_name("service_event");
    for (int i = 0; i < p->vis.nslas; i++) {
        int fi = p->vis.slas[i].if_field ? kind_field_index(ev, p->vis.slas[i].if_field) : -1;
        if (fi >= 0) raw_mask |= 1u << fi;
    }
    if (store_load_facts(st, &f, raw_mask, e)) return -1;
    /* punches become the shifts' clock times before the attendance rules
     * read them; their warnings join the findings after the fines, so that
     * a stray punch is no rule broken (the clean-month reward reads them) */
    if (punch_schedule(&f, p, day, e) < 0) goto out;
    punch_pair(&f, p, day, &unpaired);
    if (fines_run(&f, p, day, &r->findings, e)) goto out;
    if (visits_run(&f, p, day, &obl, &r->findings, e)) goto out;
    if (retain_run(&f, p, day, &rres, &r->findings, e)) goto out;
    for (size_t i = 0; i < unpaired.n; i++) *finding_add(&r->findings) = unpaired.v[i];
    free(unpaired.v);                   /* the entries moved, not copied */
    memset(&unpaired, 0, sizeof unpaired);
    finding_list_sort(&r->findings);
    fill_cites(p, &r->findings, &obl, &memo, &nmemo);
    if (store_begin(st, e)) goto out;
    in_tx = 1;
    if (store_replace_findings(st, &r->findings, e)) goto out;
    if (store_replace_obligations(st, &obl, e)) goto out;
    if (store_replace_retention(st, &f, &rres, e)) goto out;
    if (store_put_check_run(st, as_of, policy_name, policy_sha256, (long)r->findings.n,
                            (long)obl.n, e)) goto out;
    /* one audit entry for the whole check: the digests of what it stored,
     * so that an edit of a finding is seen by `audit verify` (issue 13) */
    int written = 0;
    if (store_audit_check(st, now, as_of, policy_sha256, &written, e)) goto out;
    if (store_commit(st, e)) goto out;
    in_tx = 0;
    r->nobligations = obl.n;
    summarise(r, &f, &obl);
    if (summarise_rules(st, r, e)) goto out;
    if (summarise_pay(st, p, r, e)) goto out;
    ret = 0;
out:
    if (in_tx) store_rollback(st);
    retain_result_free(&rres);
    obligation_list_free(&obl);
    for (int i = 0; i < nmemo; i++) {
        free(memo[i].quote);
        free(memo[i].assumed);
    }
    free(memo);
    finding_list_free(&unpaired);
    facts_free(&f);
    return ret;
}

int rules_judge_apart(store *st, const struct policy *p, const char *policy_name,
                      const char *policy_sha256, const char *as_of, kerr *e)
{
    rules_result r;
    memset(&r, 0, sizeof r);
    if (store_judge_apart(st, e)) return -1;
    int rc = rules_check(st, p, policy_name, policy_sha256, as_of, NULL, &r, e);
    rules_result_free(&r);
    return rc;
}

void rules_result_free(rules_result *r)
{
    if (!r) return;
    finding_list_free(&r->findings);
    for (size_t i = 0; i < r->nrules; i++) {
        free(r->rules[i].article);
        free(r->rules[i].quote);
        free(r->rules[i].assumed);
    }
    free(r->rules);
    free(r->depts);
    free(r->cov);
    free(r->notes);
    memset(r, 0, sizeof *r);
}

int rules_cov_pm(const rules_cov *c)
{
    return visits_coverage_pm(c->met, c->late, c->missed);
}

void rules_summary_text(const rules_result *r, sbuf *out)
{
    char amt[32];
    sbuf_printf(out, msg_tr("check as of %s: %zu findings, %zu obligations\n"), r->as_of, r->findings.n,
                r->nobligations);
    if (r->year_uncovered)
        sbuf_printf(out, msg_tr("warning: the policy calendar does not cover %.4s; holidays of that year are unknown\n"),
                    r->as_of);
    /* columns as wide as their widest value, in display columns */
    int wr = 28, wa = 28, wd = 20;
    for (size_t i = 0; i < r->nrules; i++) {
        int w = util_display_width(r->rules[i].rule);
        if (w > wr) wr = w;
        w = util_display_width(r->rules[i].article);
        if (w > wa) wa = w;
    }
    for (size_t i = 0; i < r->ndepts; i++) {
        int w = util_display_width(r->depts[i].dept);
        if (w > wd) wd = w;
    }
    sbuf_adds(out, msg_tr("\nfindings by rule:\n"));
    sbuf_header(out, 2, 4, (const char *const[]){ msg_tr("rule"), msg_tr("article"), msg_tr("count"), msg_tr("amount (yuan)") },
           (const int[]){ -wr, -wa, 7, 16 });
    for (size_t i = 0; i < r->nrules; i++) {
        val_fen_str(r->rules[i].amount_fen, amt, sizeof amt);
        /* padded by display width: articles and departments are Chinese */
        sbuf_adds(out, "  ");
        sbuf_pad(out, r->rules[i].rule, wr);
        sbuf_addc(out, ' ');
        sbuf_pad(out, r->rules[i].article, wa);
        sbuf_printf(out, " %7ld %16s\n", r->rules[i].count, amt);
    }
    sbuf_adds(out, msg_tr("\nfindings by department:\n"));
    sbuf_header(out, 2, 5, (const char *const[]){ msg_tr("department"), msg_tr("count"), msg_tr("amount (yuan)"),
                                          msg_tr("warnings"), msg_tr("dismissal") },
           (const int[]){ -wd, 7, 16, 9, 10 });
    for (size_t i = 0; i < r->ndepts; i++) {
        val_fen_str(r->depts[i].amount_fen, amt, sizeof amt);
        sbuf_adds(out, "  ");
        sbuf_pad(out, r->depts[i].dept, wd);
        sbuf_printf(out, " %7ld %16s %9ld %10ld\n", r->depts[i].count, amt, r->depts[i].warnings,
                    r->depts[i].dismissals);
    }
    sbuf_adds(out, msg_tr("\nvisit coverage by rule and month:\n"));
    sbuf_header(out, 2, 7, (const char *const[]){ msg_tr("rule"), msg_tr("month"), msg_tr("met"), msg_tr("late"),
                                          msg_tr("missed"), msg_tr("pending"), msg_tr("coverage") },
           (const int[]){ -24, -8, 6, 6, 7, 8, 9 });
    for (size_t i = 0; i < r->ncov; i++) {
        const rules_cov *c = &r->cov[i];
        char pct[16];
        visits_coverage_str(rules_cov_pm(c), pct, "-");
        sbuf_adds(out, "  ");
        sbuf_pad(out, c->rule, 24);
        sbuf_addc(out, ' ');
        sbuf_pad(out, c->period, 8);
        sbuf_printf(out, " %6ld %6ld %7ld %8ld %9s\n", c->met, c->late, c->missed, c->pending, pct);
    }
    if (!r->nnotes) return;
    sbuf_adds(out, msg_tr("\npay notes (national pay law, not the regulations: no finding):\n"));
    sbuf_header(out, 2, 6, (const char *const[]){ msg_tr("employee"), msg_tr("month"), msg_tr("total (yuan)"),
                                          msg_tr("wage (yuan)"), msg_tr("over the line"), msg_tr("below minimum") },
           (const int[]){ -12, -8, 14, 14, 14, 14 });
    for (size_t i = 0; i < r->nnotes; i++) {
        const rules_pay_note *n = &r->notes[i];
        char ts[32], ws[32];
        val_fen_str(n->total_fen, ts, sizeof ts);
        val_fen_str(n->wage_fen, ws, sizeof ws);
        sbuf_adds(out, "  ");
        sbuf_pad(out, n->employee_id, 12);
        sbuf_addc(out, ' ');
        sbuf_pad(out, n->month, 8);
        sbuf_printf(out, " %14s %14s %14s %14s\n", ts, ws, n->warn_day[0] ? n->warn_day : "-",
                    n->min_day[0] ? n->min_day : "-");
    }
}

void rules_summary_json(const rules_result *r, sbuf *out)
{
    sbuf_printf(out, "{\"as_of\":\"%s\",\"calendar_covers_as_of\":%s,\"findings\":%zu,\"obligations\":%zu,"
                "\"by_rule\":[", r->as_of, r->year_uncovered ? "false" : "true", r->findings.n,
                r->nobligations);
    for (size_t i = 0; i < r->nrules; i++) {
        sbuf_printf(out, "%s{\"rule\":", i ? "," : "");
        sbuf_json_str(out, r->rules[i].rule);
        sbuf_adds(out, ",\"article\":");
        sbuf_json_str(out, r->rules[i].article);
        sbuf_adds(out, ",\"quote\":");
        sbuf_json_str(out, r->rules[i].quote);
        sbuf_adds(out, ",\"assumed\":");
        sbuf_json_str(out, r->rules[i].assumed);
        sbuf_printf(out, ",\"count\":%ld,\"amount_fen\":%lld}", r->rules[i].count,
                    (long long)r->rules[i].amount_fen);
    }
    sbuf_adds(out, "],\"by_department\":[");
    for (size_t i = 0; i < r->ndepts; i++) {
        sbuf_printf(out, "%s{\"dept\":", i ? "," : "");
        sbuf_json_str(out, r->depts[i].dept);
        sbuf_printf(out, ",\"count\":%ld,\"amount_fen\":%lld,\"warnings\":%ld,\"dismissals\":%ld}",
                    r->depts[i].count, (long long)r->depts[i].amount_fen, r->depts[i].warnings,
                    r->depts[i].dismissals);
    }
    sbuf_adds(out, "],\"coverage\":[");
    for (size_t i = 0; i < r->ncov; i++) {
        const rules_cov *c = &r->cov[i];
        sbuf_printf(out, "%s{\"rule\":", i ? "," : "");
        sbuf_json_str(out, c->rule);
        sbuf_printf(out, ",\"period\":\"%s\",\"met\":%ld,\"late\":%ld,\"missed\":%ld,\"pending\":%ld,"
                    "\"coverage_permille\":", c->period, c->met, c->late, c->missed, c->pending);
        int pm = rules_cov_pm(c);
        if (pm < 0) sbuf_adds(out, "null}");
        else sbuf_printf(out, "%d}", pm);
    }
    sbuf_adds(out, "],\"pay_notes\":[");
    for (size_t i = 0; i < r->nnotes; i++) {
        const rules_pay_note *n = &r->notes[i];
        sbuf_printf(out, "%s{\"employee_id\":", i ? "," : "");
        sbuf_json_str(out, n->employee_id);
        sbuf_printf(out, ",\"month\":\"%s\",\"total_fen\":%lld,\"wage_fen\":%lld,\"warning_day\":", n->month,
                    (long long)n->total_fen, (long long)n->wage_fen);
        if (n->warn_day[0]) sbuf_printf(out, "\"%s\"", n->warn_day);
        else sbuf_adds(out, "null");
        sbuf_adds(out, ",\"minimum_wage_day\":");
        if (n->min_day[0]) sbuf_printf(out, "\"%s\"}", n->min_day);
        else sbuf_adds(out, "null}");
    }
    sbuf_adds(out, "]}");
}

/* "HH:MM:SS" of an instant, or "-" for none; the date too when it is not
 * ref_day's (an overnight shift's clock-out). */
static void preview_time(int64_t at, int32_t ref_day, char out[20])
{
    if (at == FACT_NONE) {
        snprintf(out, 20, "-");
        return;
    }
    char full[20];
    val_secs_str(at, full);
    int32_t day = (int32_t)(at >= 0 ? at / 86400 : -((-at + 86399) / 86400));
    snprintf(out, 20, "%s", day == ref_day ? full + 11 : full);
}

/* A window length as "2h00m". */
static void preview_span(int64_t secs, char out[24])
{
    snprintf(out, 24, "%lldh%02lldm", (long long)(secs / 3600), (long long)(secs % 3600 / 60));
}

/* Where a shift's clock time comes from: the punch row (its line), the
 * attendance row, or nowhere. */
static const char *preview_from(const fact_shift *s, int in, int64_t paired, long line, char buf[32])
{
    int64_t stored = in ? s->clock_in : s->clock_out;
    if (stored != FACT_NONE) return msg_tr("stored");
    if (paired == FACT_NONE) return msg_tr("none");
    snprintf(buf, 32, msg_tr("line %ld"), line);
    return buf;
}

/* What rules_punch_preview worked out, for its two printers. */
typedef struct preview {
    const facts *f;                /* the roster and the file's punches */
    const struct policy *p;        /* the windows */
    const char *db;                /* the database's name */
    const punch_plan_entry *plan;  /* per punch: its use */
    const int64_t *in_at, *out_at; /* per shift: the paired clock times, or FACT_NONE */
    const long *in_line, *out_line;/* per shift: the line of the punch behind them */
    const unsigned char *shown;    /* per shift: 1 when printed */
} preview;

/* The pairing as one JSON object (docs/json.md). */
static void preview_json(const preview *v, sbuf *out)
{
    char a[20], b[20], fa[32], fb[32], d[11];
    sbuf_adds(out, "{\"database\":");
    sbuf_json_str(out, v->db);
    sbuf_printf(out, ",\"policy_pairs\":%s,\"shifts\":[", v->p->punch.line ? "true" : "false");
    int first = 1;
    for (size_t k = 0; k < v->f->nshift; k++) {
        if (!v->shown[k]) continue;
        const fact_shift *s = &v->f->shift[k];
        int64_t ci = s->clock_in != FACT_NONE ? s->clock_in : v->in_at[k];
        int64_t co = s->clock_out != FACT_NONE ? s->clock_out : v->out_at[k];
        char ca[20] = "", cb[20] = "";
        if (ci != FACT_NONE) val_secs_str(ci, ca);
        if (co != FACT_NONE) val_secs_str(co, cb);
        val_days_str(s->date, d);
        val_secs_str(s->start, a);
        val_secs_str(s->end, b);
        sbuf_printf(out, "%s{\"employee_id\":", first ? "" : ",");
        sbuf_json_str(out, v->f->emp[s->emp].id);
        sbuf_printf(out, ",\"date\":\"%s\",\"start\":\"%s\",\"end\":\"%s\",\"generated\":%s,\"clock_in\":", d, a, b,
                    s->generated ? "true" : "false");
        if (*ca) sbuf_printf(out, "\"%s\"", ca); else sbuf_adds(out, "null");
        const char *from = preview_from(s, 1, v->in_at[k], v->in_line[k], fa);
        sbuf_printf(out, ",\"clock_in_from\":\"%s\",\"clock_in_line\":", strncmp(from, "line", 4) ? from : "punch");
        if (strncmp(from, "line", 4) == 0) sbuf_printf(out, "%ld", v->in_line[k]); else sbuf_adds(out, "null");
        sbuf_adds(out, ",\"clock_out\":");
        if (*cb) sbuf_printf(out, "\"%s\"", cb); else sbuf_adds(out, "null");
        from = preview_from(s, 0, v->out_at[k], v->out_line[k], fb);
        sbuf_printf(out, ",\"clock_out_from\":\"%s\",\"clock_out_line\":", strncmp(from, "line", 4) ? from : "punch");
        if (strncmp(from, "line", 4) == 0) sbuf_printf(out, "%ld}", v->out_line[k]); else sbuf_adds(out, "null}");
        first = 0;
    }
    sbuf_adds(out, "],\"punches\":[");
    for (size_t i = 0; i < v->f->npunch; i++) {
        val_secs_str(v->f->punch[i].at, a);
        sbuf_printf(out, "%s{\"line\":%lld,\"employee_id\":", i ? "," : "", (long long)v->f->punch[i].rowid);
        sbuf_json_str(out, v->f->punch[i].emp_id);
        sbuf_printf(out, ",\"at\":\"%s\",\"use\":\"%s\"}", a, punch_use_name(v->plan[i].use));
    }
    sbuf_adds(out, "]}");
}

/* The pairing as lines of text under inspect's own. */
static void preview_text(const preview *v, sbuf *out)
{
    char a[20], b[20], fa[32], fb[32], d[11];
    if (v->p->punch.line) {
        char o1[24], o2[24], o3[24];
        preview_span(v->p->punch.outside, o1);
        preview_span(v->p->punch.inside, o2);
        preview_span(v->p->punch.duplicate, o3);
        sbuf_printf(out, msg_tr("pairing:   with the roster in %s, as kefu check would (<punch-pairing> outside %s, "
                           "inside %s, duplicate %s)\n"), v->db, o1, o2, o3);
    } else {
        sbuf_adds(out, msg_tr("pairing:   none: the policy declares no <punch-pairing> (check warns of every day of punches)\n"));
    }
    long nshown = 0, nsched = 0;
    for (size_t k = 0; k < v->f->nshift; k++) {
        if (!v->shown[k]) continue;
        const fact_shift *s = &v->f->shift[k];
        val_days_str(s->date, d);
        char t1[20], t2[20];
        val_secs_str(s->start, a);
        val_secs_str(s->end, b);
        preview_time(s->clock_in != FACT_NONE ? s->clock_in : v->in_at[k], s->date, t1);
        preview_time(s->clock_out != FACT_NONE ? s->clock_out : v->out_at[k], s->date, t2);
        sbuf_adds(out, "  ");
        sbuf_pad(out, v->f->emp[s->emp].id, 10);
        sbuf_printf(out, msg_tr(" %s %.5s-%.5s%s  in %s (%s)  out %s (%s)%s\n"), d, a + 11, b + 11,
                    s->end / 86400 != s->date ? msg_tr(" (+1 day)") : "",
                    t1, preview_from(s, 1, v->in_at[k], v->in_line[k], fa), t2,
                    preview_from(s, 0, v->out_at[k], v->out_line[k], fb),
                    s->generated ? msg_tr("  [schedule, no roster: warnings only]") : "");
        nshown++;
        nsched += s->generated;
    }
    if (!nshown) sbuf_adds(out, msg_tr("  (no shift of these employees on these days in the roster)\n"));
    if (v->p->sched.line) {
        char hs[16], he[16];
        snprintf(hs, sizeof hs, "%02d:%02d", (int)(v->p->sched.start / 3600 % 24), (int)(v->p->sched.start % 3600 / 60));
        snprintf(he, sizeof he, "%02d:%02d", (int)(v->p->sched.end / 3600 % 24), (int)(v->p->sched.end % 3600 / 60));
        sbuf_printf(out, msg_tr("  %ld shifts from the policy's <schedule> %s-%s (%s), on working days with no roster row\n"),
                    nsched, hs, he, v->p->sched.article ? v->p->sched.article : "");
    }
    long ndup = 0, ninside = 0, nspare = 0;
    for (size_t i = 0; i < v->f->npunch; i++) {
        punch_use u = v->plan[i].use;
        ndup += u == PUNCH_DUPLICATE;
        ninside += u == PUNCH_INSIDE;
        nspare += u == PUNCH_SPARE || u == PUNCH_KEPT;
        if (u != PUNCH_STRAY && u != PUNCH_NO_POLICY) continue;
        val_secs_str(v->f->punch[i].at, a);
        sbuf_printf(out, msg_tr("  not paired: line %lld %s %s (%s: a warning at check)\n"), (long long)v->f->punch[i].rowid,
                    v->f->punch[i].emp_id, a,
                    v->f->punch[i].emp < 0 ? msg_tr("unknown employee") : msg_tr("in no shift's window"));
    }
    sbuf_printf(out, msg_tr("  %ld duplicate, %ld inside a shift (unused), %ld not the first or last of their window\n"),
                ndup, ninside, nspare);
}

int rules_punch_preview(store *st, const struct policy *p, const char *db, const rules_punch_row *rows,
                        size_t n, int json, sbuf *out, kerr *e)
{
    facts f;
    if (store_load_facts(st, &f, 0, e)) return -1;
    /* the file's punches stand in for the stored ones; rowid is the line */
    f.npunch = 0;
    free(f.punch);
    f.punch = xcalloc(n + 1, sizeof *f.punch);
    int32_t lo = INT32_MAX, hi = INT32_MIN;
    for (size_t i = 0; i < n; i++) {
        fact_punch *x = &f.punch[f.npunch++];
        x->emp_id = facts_str(&f, rows[i].employee_id);
        x->emp = facts_emp_index(&f, rows[i].employee_id);
        x->at = val_secs(rows[i].at);
        x->device = facts_str(&f, rows[i].device);
        x->rowid = rows[i].line;
        int32_t d = (int32_t)(x->at / 86400);
        if (d < lo) lo = d;
        if (d > hi) hi = d;
    }
    /* the schedule's shifts where the roster has none, as check makes them */
    if (punch_schedule(&f, p, FACT_NODAY, e) < 0) {
        facts_free(&f);
        return -1;
    }
    punch_plan_entry *plan = xcalloc(n + 1, sizeof *plan);
    int64_t *in_at = xmalloc((f.nshift + 1) * sizeof *in_at), *out_at = xmalloc((f.nshift + 1) * sizeof *out_at);
    punch_plan(&f, p, FACT_NODAY, plan, in_at, out_at);
    /* the line of the punch behind each paired time */
    long *in_line = xcalloc(f.nshift + 1, sizeof *in_line), *out_line = xcalloc(f.nshift + 1, sizeof *out_line);
    for (size_t i = 0; i < f.npunch; i++) {
        if (plan[i].use == PUNCH_IN) in_line[plan[i].shift] = (long)f.punch[i].rowid;
        if (plan[i].use == PUNCH_OUT) out_line[plan[i].shift] = (long)f.punch[i].rowid;
    }
    /* the shifts shown: of the file's employees, dated within the days its
     * punches cover (the day before too: an overnight shift's clock-out) */
    unsigned char *shown = xcalloc(f.nshift + 1, 1), *in_file = xcalloc(f.nemp + 1, 1);
    for (size_t i = 0; i < f.npunch; i++)
        if (f.punch[i].emp >= 0) in_file[f.punch[i].emp] = 1;
    for (size_t k = 0; k < f.nshift; k++)
        shown[k] = f.shift[k].emp >= 0 && in_file[f.shift[k].emp] && f.shift[k].date >= lo - 1 &&
                   f.shift[k].date <= hi;
    free(in_file);
    preview v = { &f, p, db, plan, in_at, out_at, in_line, out_line, shown };
    if (json) preview_json(&v, out);
    else preview_text(&v, out);
    free(shown);
    free(in_line);
    free(out_line);
    free(in_at);
    free(out_at);
    free(plan);
    facts_free(&f);
    return 0;
}

void rules_punch_collect(void *ctx, const kind_def *k, const kval *v, long line)
{
    rules_punch_rows *r = ctx;
    if (strcmp(k->name, "punch") != 0) return;
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 64;
        r->v = xrealloc(r->v, r->cap * sizeof *r->v);
    }
    /* fields: 0 employee_id, 1 at, 2 device (kinds.c) */
    rules_punch_row *x = &r->v[r->n++];
    x->employee_id = xstrdup(v[0].s);
    x->at = xstrdup(v[1].s);
    x->device = v[2].null ? NULL : xstrdup(v[2].s);
    x->line = line;
}

void rules_punch_rows_free(rules_punch_rows *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->n; i++) {
        free((char *)r->v[i].employee_id);
        free((char *)r->v[i].at);
        free((char *)r->v[i].device);
    }
    free(r->v);
    memset(r, 0, sizeof *r);
}
