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
    if (fines_run(&f, p, day, &r->findings, e)) goto out;
    if (visits_run(&f, p, day, &obl, &r->findings, e)) goto out;
    if (retain_run(&f, p, day, &rres, &r->findings, e)) goto out;
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
    sbuf_adds(out, "]}");
}
