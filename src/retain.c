/* retain.c — the retention and custody engine of SPEC §7.3 (retain.h).
 *
 * Cost: holds are indexed once by record_id, category and owner (sorted
 * references, binary search), so judging n records against h holds costs
 * O((n + h) log h) plus the holds that share a key; loans are judged one by
 * one with a binary search for the approver and the record. */
#include "retain.h"
#include "policy.h"
#include "value.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SECS_PER_DAY 86400

/* The sanction of every custody finding (retain.h says why). */
#define RETAIN_CUSTODY_SANCTION SANCTION_NONE

static const char *const state_names[RETAIN_NSTATES] = {
    "active", "eligible", "held", "open", "permanent"
};

const char *retain_state_name(retain_state s)
{
    return (unsigned)s < RETAIN_NSTATES ? state_names[s] : "open";
}

const char *retain_disposition_name(int disposition)
{
    if (disposition == POLICY_DISPOSE_DESTROY) return "destroy";
    if (disposition == POLICY_DISPOSE_TRANSFER) return "transfer";
    return NULL;
}

/* ---- holds ------------------------------------------------------------ */

/* A reference to a hold row under one of its keys. */
typedef struct hold_ref {
    const char *key;   /* record_id, category or owner (borrowed from the facts) */
    int idx;           /* index into facts.hold (hold_id order) */
} hold_ref;

/* Holds indexed by each thing a hold can cover. */
typedef struct hold_index {
    hold_ref *by[3];   /* 0: record_id, 1: category, 2: owner; sorted by (key, idx) (owned) */
    size_t n[3];       /* entries in each */
} hold_index;

static int cmp_ref(const void *a, const void *b)
{
    const hold_ref *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c) return c;
    return (x->idx > y->idx) - (x->idx < y->idx);
}

static const char *hold_key(const fact_hold *h, int which)
{
    const char *k = which == 0 ? h->record_id : which == 1 ? h->category : h->owner;
    return k && *k ? k : NULL;
}

static void index_holds(const facts *f, hold_index *ix)
{
    memset(ix, 0, sizeof *ix);
    for (int w = 0; w < 3; w++) {
        ix->by[w] = xcalloc(f->nhold + 1, sizeof *ix->by[w]);
        for (size_t i = 0; i < f->nhold; i++) {
            const char *k = hold_key(&f->hold[i], w);
            if (!k) continue;
            ix->by[w][ix->n[w]].key = k;
            ix->by[w][ix->n[w]].idx = (int)i;
            ix->n[w]++;
        }
        qsort(ix->by[w], ix->n[w], sizeof *ix->by[w], cmp_ref);
    }
}

static void free_index(hold_index *ix)
{
    for (int w = 0; w < 3; w++) free(ix->by[w]);
    memset(ix, 0, sizeof *ix);
}

/* 1 when the hold is in force on `day` (retain.h). */
static int hold_active(const fact_hold *h, int32_t day)
{
    if (h->placed_on == FACT_NODAY || h->placed_on > day) return 0;
    return h->lifted_on == FACT_NODAY || h->lifted_on > day;
}

/* The first active hold (smallest index) under `key` in one list, or -1. */
static int first_active(const facts *f, const hold_ref *v, size_t n, const char *key, int32_t day)
{
    if (!key || !*key || n == 0) return -1;
    size_t lo = 0, hi = n;
    while (lo < hi) {             /* lower bound of key */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(v[mid].key, key) < 0) lo = mid + 1;
        else hi = mid;
    }
    for (size_t i = lo; i < n && strcmp(v[i].key, key) == 0; i++)
        if (hold_active(&f->hold[v[i].idx], day)) return v[i].idx;
    return -1;
}

/* The active hold row covering record `r`, or -1: through the index when
 * given, else by a linear scan (one record alone). */
static int find_hold(const facts *f, const hold_index *ix, const fact_record *r, int32_t day)
{
    int best = -1;
    if (ix) {
        const char *keys[3] = { r->id, r->category, r->owner };
        for (int w = 0; w < 3; w++) {
            int h = first_active(f, ix->by[w], ix->n[w], keys[w], day);
            if (h >= 0 && (best < 0 || h < best)) best = h;
        }
        return best;
    }
    for (size_t i = 0; i < f->nhold; i++) {
        const fact_hold *h = &f->hold[i];
        if (!hold_active(h, day)) continue;
        const char *k;
        if (((k = hold_key(h, 0)) && r->id && strcmp(k, r->id) == 0) ||
            ((k = hold_key(h, 1)) && r->category && strcmp(k, r->category) == 0) ||
            ((k = hold_key(h, 2)) && r->owner && strcmp(k, r->owner) == 0))
            return (int)i;
    }
    return -1;
}

/* ---- retention -------------------------------------------------------- */

static void judge(const facts *f, const policy *p, const hold_index *ix, int32_t as_of, int rec,
                  retain_status *out)
{
    const fact_record *r = &f->record[rec];
    memset(out, 0, sizeof *out);
    out->record = rec;
    out->trigger_on = FACT_NODAY;
    out->expires_on = FACT_NODAY;
    out->disposition = -1;
    out->cat = r->category ? policy_category_find(p, r->category) : NULL;
    out->article = out->cat && out->cat->article ? out->cat->article : "(unknown category)";
    if (out->cat) {
        out->trigger_on = out->cat->trigger == POLICY_TRIGGER_CLOSED_ON ? r->closed_on : r->created_on;
        if (!out->cat->permanent) {
            out->disposition = (int)out->cat->disposition;
            if (out->trigger_on != FACT_NODAY) {
                int64_t t = policy_add_duration(p, (int64_t)out->trigger_on * SECS_PER_DAY,
                                                &out->cat->period.d);
                /* floor division: a period with a time part still ends on a day */
                out->expires_on = (int32_t)(t >= 0 ? t / SECS_PER_DAY : -((-t + SECS_PER_DAY - 1) / SECS_PER_DAY));
            }
        }
    }
    /* the hold that applies is kept beside any status (issue 12) */
    int h = find_hold(f, ix, r, as_of);
    if (h >= 0) {
        snprintf(out->hold_id, sizeof out->hold_id, "%s", f->hold[h].id ? f->hold[h].id : "");
        out->hold_reason = f->hold[h].reason;
    }
    for (int i = 0; h < 0 && r->category && i < p->ret.nholds; i++) {
        const policy_standing_hold *sh = &p->ret.holds[i];
        if (sh->category && strcmp(sh->category, r->category) == 0) {
            snprintf(out->hold_id, sizeof out->hold_id, "policy:%s", sh->category);
            out->hold_reason = sh->reason;
            break;
        }
    }
    /* the status names the first thing that stops the record from being
     * eligible: a hold only when it is the only obstacle */
    if (out->cat && out->cat->permanent) out->state = RETAIN_PERMANENT;
    else if (!out->cat || out->trigger_on == FACT_NODAY) out->state = RETAIN_OPEN;
    else if (out->expires_on > as_of) out->state = RETAIN_ACTIVE;
    else if (out->hold_id[0]) out->state = RETAIN_HELD;
    else out->state = RETAIN_ELIGIBLE;
}

void retain_judge(const facts *f, const policy *p, int32_t as_of, int rec, retain_status *out)
{
    judge(f, p, NULL, as_of, rec, out);
}

/* ---- findings --------------------------------------------------------- */

/* Appends a finding dated on `day`; detail is taken over. */
static finding *add_finding(finding_list *fnd, const char *rule, const char *article,
                            const char *subject_kind, const char *subject_id, int32_t day,
                            char *detail)
{
    char d[11];
    finding *x = finding_add(fnd);
    snprintf(x->rule, sizeof x->rule, "%s", rule);
    x->article = xstrdup(article ? article : "");
    snprintf(x->subject_kind, sizeof x->subject_kind, "%s", subject_kind);
    x->subject_id = xstrdup(subject_id ? subject_id : "");
    val_days_str(day, d);
    memcpy(x->date, d, sizeof x->date);
    memcpy(x->period, d, 7);
    x->period[7] = '\0';
    x->sanction = RETAIN_CUSTODY_SANCTION;
    x->amount_fen = 0;
    x->detail = detail;
    return x;
}

static int32_t day_of(int64_t secs)
{
    return (int32_t)(secs >= 0 ? secs / SECS_PER_DAY : -((-secs + SECS_PER_DAY - 1) / SECS_PER_DAY));
}

/* The return deadline of a loan under rule `l` (inclusive). */
static int64_t loan_due(const policy *p, const policy_loan *l, int64_t out_at)
{
    if (l->same_day) return ((int64_t)day_of(out_at) + 1) * SECS_PER_DAY - 1;
    return policy_add_duration(p, out_at, &l->within.d);
}

/* Overdue returns (key_loan_overdue, archive_loan_overdue). */
static void judge_return(const facts *f, const policy *p, const fact_loan *ln, int64_t horizon,
                         int32_t as_of, finding_list *fnd)
{
    const policy_loan *l = ln->archive ? &p->ret.archive_loan : &p->ret.key_loan;
    const char *rule = ln->archive ? "archive_loan_overdue" : "key_loan_overdue";
    const char *what = ln->archive ? "档案" : "钥匙";
    const char *limit = l->same_day ? "当天归还" : (l->within.text ? l->within.text : "");
    int64_t due = loan_due(p, l, ln->out_at);
    char out_s[20], due_s[20], ret_s[20];
    val_secs_str(ln->out_at, out_s);
    val_secs_str(due, due_s);
    finding *x = NULL;
    int returned = ln->returned_at != FACT_NONE && ln->returned_at < horizon;
    if (returned && ln->returned_at > due) {
        val_secs_str(ln->returned_at, ret_s);
        x = add_finding(fnd, rule, l->article, "loan", ln->id, day_of(due),
                        xasprintf("%s %s 借出 %s，%s 归还，超过期限（%s，应于 %s 前归还）", what,
                                  ln->item_id ? ln->item_id : "", out_s, ret_s, limit, due_s));
    } else if (!returned && due < horizon) {   /* due by the end of the as-of day and not back */
        char asof_s[11];
        val_days_str(as_of, asof_s);
        x = add_finding(fnd, rule, l->article, "loan", ln->id, day_of(due),
                        xasprintf("%s %s 借出 %s，截至 %s 仍未归还（%s，应于 %s 前归还）", what,
                                  ln->item_id ? ln->item_id : "", out_s, asof_s, limit, due_s));
    }
    if (x) {
        finding_cite(x, "borrowing", ln->rowid);
        int r = ln->archive ? facts_record_index(f, ln->item_id) : -1;
        if (r >= 0) finding_cite(x, "archive_record", f->record[r].rowid);
    }
}

/* An external borrower needs an approver whose role is ret.external_role. */
static void judge_external(const facts *f, const policy *p, const fact_loan *ln, finding_list *fnd)
{
    const char *role = p->ret.external_role;
    if (!ln->external || !role) return;
    if (!ln->archive && p->ret.external_key.on) return;   /* keys: judge_external_key */
    const char *role_zh = policy_vocab_name(p, POLICY_VOCAB_ROLE, role);
    char *detail = NULL;
    if (!ln->approved_by || !*ln->approved_by) {
        detail = xasprintf("外部人员 %s 借用 %s 无批准人，应由 %s（%s）批准", ln->borrower ? ln->borrower : "",
                           ln->item_id ? ln->item_id : "", role, role_zh ? role_zh : role);
    } else {
        int a = facts_emp_index(f, ln->approved_by);
        if (a < 0) {
            detail = xasprintf("外部人员 %s 借用 %s 的批准人 %s 不在员工表中，应由 %s（%s）批准",
                               ln->borrower ? ln->borrower : "", ln->item_id ? ln->item_id : "",
                               ln->approved_by, role, role_zh ? role_zh : role);
        } else if (!f->emp[a].role || strcmp(f->emp[a].role, role) != 0) {
            const char *found = f->emp[a].role ? f->emp[a].role : "";
            const char *found_zh = policy_vocab_name(p, POLICY_VOCAB_ROLE, found);
            detail = xasprintf("外部人员 %s 借用 %s 由 %s %s 批准，其岗位为 %s（%s），应由 %s（%s）批准",
                               ln->borrower ? ln->borrower : "", ln->item_id ? ln->item_id : "",
                               ln->approved_by, f->emp[a].name ? f->emp[a].name : "", found,
                               found_zh ? found_zh : found, role, role_zh ? role_zh : role);
        }
    }
    if (!detail) return;
    finding *x = add_finding(fnd, "external_loan_unapproved", p->ret.external_article, "loan", ln->id,
                             day_of(ln->out_at), detail);
    finding_cite(x, "borrowing", ln->rowid);
}

/* ---- the loan rules of issue 11 ----------------------------------------- */

/* "E009 王芳" for an employee id, else the text as given. */
static const char *who(const facts *f, const char *id, char *buf, size_t n)
{
    int i = id && *id ? facts_emp_index(f, id) : -1;
    if (i < 0) return id ? id : "";
    snprintf(buf, n, "%s %s", f->emp[i].id, f->emp[i].name ? f->emp[i].name : "");
    return buf;
}

/* The department head who must see a loan finding put right: an employee
 * of the policy's archive-copy head-role in the borrower's department (an
 * outside borrower: the approver's), employed on `day`, first by id; -1
 * when there is none or the policy names no head-role. */
static int head_of(const facts *f, const policy *p, const fact_loan *ln, int32_t day)
{
    const char *role = p->ret.copy.role;
    int b = ln->borrower ? facts_emp_index(f, ln->borrower) : -1;
    if (b < 0 && ln->approved_by && *ln->approved_by) b = facts_emp_index(f, ln->approved_by);
    if (!role || b < 0 || !f->emp[b].dept) return -1;
    for (size_t i = 0; i < f->nemp; i++) {
        const fact_employee *x = &f->emp[i];
        if (!x->role || strcmp(x->role, role) != 0 || !x->dept || strcmp(x->dept, f->emp[b].dept) != 0) continue;
        if (x->left_on != FACT_NODAY && x->left_on < day) continue;
        if (x->hired_on != FACT_NODAY && x->hired_on > day) continue;
        return (int)i;
    }
    return -1;
}

/* Appends a loan rule's finding, dated `day`, citing the borrowing row:
 * detail `what` (taken over) is followed by who must act — the borrower,
 * and the department head (head_of, or the role's name when none is
 * found). The sanction is the policy's (none, or a warning of 0). */
static finding *loan_finding(const facts *f, const policy *p, finding_list *fnd, const char *rule,
                             const policy_loan_rule *l, const fact_loan *ln, int32_t day, char *what)
{
    char b1[160], b2[160];
    sbuf d = {0};
    sbuf_adds(&d, what);
    free(what);
    sbuf_printf(&d, "；须处理：借用人 %s", who(f, ln->borrower, b1, sizeof b1));
    const char *role = p->ret.copy.role;
    if (role) {
        const char *role_zh = policy_vocab_name(p, POLICY_VOCAB_ROLE, role);
        int h = head_of(f, p, ln, day);
        if (h >= 0) sbuf_printf(&d, "，%s %s", role_zh ? role_zh : role, who(f, f->emp[h].id, b2, sizeof b2));
        else sbuf_printf(&d, "，%s（%s）", role_zh ? role_zh : role, role);
    }
    finding *x = add_finding(fnd, rule, l->article, "loan", ln->id, day, d.p);
    if (l->warning) x->sanction = SANCTION_WARNING;
    finding_cite(x, "borrowing", ln->rowid);
    return x;
}

/* What is wrong with `id` as the signer or approver of `role` for a loan
 * ("无批准人" …), or NULL when the employee holds the role. The role is the
 * one on the employee list: the store keeps no dated role history (its
 * role_history is ordered by ingest, not by day). Caller frees. */
static char *signer_problem(const facts *f, const policy *p, const char *id, const char *role, const char *what,
                            const char *verb)
{
    const char *role_zh = policy_vocab_name(p, POLICY_VOCAB_ROLE, role);
    if (!role_zh) role_zh = role;
    if (!id || !*id) return xasprintf("无%s，应由 %s（%s）%s", what, role, role_zh, verb);
    int a = facts_emp_index(f, id);
    if (a < 0) return xasprintf("%s %s 不在员工表中，应由 %s（%s）%s", what, id, role, role_zh, verb);
    if (f->emp[a].role && strcmp(f->emp[a].role, role) == 0) return NULL;
    const char *found = f->emp[a].role ? f->emp[a].role : "";
    const char *found_zh = policy_vocab_name(p, POLICY_VOCAB_ROLE, found);
    return xasprintf("%s %s %s 的岗位为 %s（%s），应由 %s（%s）%s", what, id, f->emp[a].name ? f->emp[a].name : "",
                     found, found_zh ? found_zh : found, role, role_zh, verb);
}

/* 住户档案管理规定 3(4): a staff archive loan approved by the policy's
 * approver-role (archive_loan_unapproved), dated on the out day. */
static void judge_staff_archive(const facts *f, const policy *p, const fact_loan *ln, finding_list *fnd)
{
    const policy_loan_rule *l = &p->ret.staff_archive;
    if (!l->on || !ln->archive || ln->external) return;
    char *why = signer_problem(f, p, ln->approved_by, l->role, "批准人", "批准");
    if (!why) return;
    char out_s[20], b[160];
    val_secs_str(ln->out_at, out_s);
    char *what = xasprintf("员工 %s 于 %s 借出档案 %s：%s", who(f, ln->borrower, b, sizeof b), out_s,
                           ln->item_id ? ln->item_id : "", why);
    free(why);
    finding *x = loan_finding(f, p, fnd, "archive_loan_unapproved", l, ln, day_of(ln->out_at), what);
    int r = facts_record_index(f, ln->item_id);
    if (r >= 0) finding_cite(x, "archive_record", f->record[r].rowid);
}

/* 业主档案管理细则 8(8): an archive out with an employee who left — gone
 * out by the end of the leaving day and not back by it (not back by the
 * as-of day counts as not back) — is a finding dated on the leaving day
 * (archive_loan_at_leaving). Judged once the leaving day is over. */
static void judge_handover(const facts *f, const policy *p, const fact_loan *ln, int64_t horizon,
                           finding_list *fnd)
{
    const policy_loan_rule *l = &p->ret.handover;
    if (!l->on || !ln->archive || !ln->borrower) return;
    int b = facts_emp_index(f, ln->borrower);
    if (b < 0 || f->emp[b].left_on == FACT_NODAY) return;
    int64_t left_end = ((int64_t)f->emp[b].left_on + 1) * SECS_PER_DAY;
    if (left_end > horizon || ln->out_at >= left_end) return;
    int returned = ln->returned_at != FACT_NONE && ln->returned_at < horizon;
    if (returned && ln->returned_at < left_end) return;
    char left_s[11], out_s[20], ret_s[20], b1[160];
    val_days_str(f->emp[b].left_on, left_s);
    val_secs_str(ln->out_at, out_s);
    char *what;
    if (returned) {
        val_secs_str(ln->returned_at, ret_s);
        what = xasprintf("员工 %s 于 %s 离职，其 %s 借出的档案 %s 至 %s 才归还，应于离职前清理移交",
                         who(f, ln->borrower, b1, sizeof b1), left_s, out_s, ln->item_id ? ln->item_id : "", ret_s);
    } else {
        what = xasprintf("员工 %s 于 %s 离职，其 %s 借出的档案 %s 仍未归还，应于离职前清理移交",
                         who(f, ln->borrower, b1, sizeof b1), left_s, out_s, ln->item_id ? ln->item_id : "");
    }
    finding *x = loan_finding(f, p, fnd, "archive_loan_at_leaving", l, ln, f->emp[b].left_on, what);
    finding_cite(x, "employee", f->emp[b].rowid);
    int r = facts_record_index(f, ln->item_id);
    if (r >= 0) finding_cite(x, "archive_record", f->record[r].rowid);
}

/* 业主档案管理细则 8(9): a staff member who copies or takes away an archive
 * needs the department head's signature (archive_copy_unsigned), dated on
 * the out day. The text speaks of the department's own people (部门内部):
 * outside borrowers are judged by external-borrower. */
static void judge_copy(const facts *f, const policy *p, const fact_loan *ln, finding_list *fnd)
{
    const policy_loan_rule *l = &p->ret.copy;
    if (!l->on || !ln->archive || ln->external || !ln->action) return;
    const char *act = strcmp(ln->action, "copy") == 0 ? "复印" : strcmp(ln->action, "take_away") == 0 ? "带走" : NULL;
    if (!act) return;
    char *why = signer_problem(f, p, ln->signed_by, l->role, "签字人", "签字批准");
    if (!why) return;
    char out_s[20], b[160];
    val_secs_str(ln->out_at, out_s);
    char *what = xasprintf("员工 %s 于 %s %s档案 %s：%s", who(f, ln->borrower, b, sizeof b), out_s, act,
                           ln->item_id ? ln->item_id : "", why);
    free(why);
    finding *x = loan_finding(f, p, fnd, "archive_copy_unsigned", l, ln, day_of(ln->out_at), what);
    int r = facts_record_index(f, ln->item_id);
    if (r >= 0) finding_cite(x, "archive_record", f->record[r].rowid);
}

/* 1 when s holds something other than blanks. */
static int has_text(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n') return 1;
    return 0;
}

/* 钥匙收发与使用的管理制度 4(1): a staff key loan states its purpose
 * (key_loan_no_purpose), dated on the out day. */
static void judge_key_purpose(const facts *f, const policy *p, const fact_loan *ln, finding_list *fnd)
{
    const policy_loan_rule *l = &p->ret.key_purpose;
    if (!l->on || ln->archive || ln->external || has_text(ln->purpose)) return;
    char out_s[20], b[160];
    val_secs_str(ln->out_at, out_s);
    loan_finding(f, p, fnd, "key_loan_no_purpose", l, ln, day_of(ln->out_at),
                 xasprintf("员工 %s 于 %s 借用钥匙 %s 未说明用途", who(f, ln->borrower, b, sizeof b), out_s,
                           ln->item_id ? ln->item_id : ""));
}

/* 钥匙收发与使用的管理制度 4(2): an outside key borrower needs the
 * signature of the policy's approver-role (key_loan_external_unsigned),
 * dated on the out day. */
static void judge_external_key(const facts *f, const policy *p, const fact_loan *ln, finding_list *fnd)
{
    const policy_loan_rule *l = &p->ret.external_key;
    if (!l->on || ln->archive || !ln->external) return;
    char *why = signer_problem(f, p, ln->approved_by, l->role, "签字人", "签字确认");
    if (!why) return;
    char out_s[20];
    val_secs_str(ln->out_at, out_s);
    char *what = xasprintf("外部人员 %s 于 %s 借用钥匙 %s：%s", ln->borrower ? ln->borrower : "", out_s,
                           ln->item_id ? ln->item_id : "", why);
    free(why);
    loan_finding(f, p, fnd, "key_loan_external_unsigned", l, ln, day_of(ln->out_at), what);
}

static void judge_confidential(const facts *f, const policy *p, const fact_loan *ln, finding_list *fnd)
{
    if (!ln->archive || p->ret.confidential_lendable) return;
    int r = facts_record_index(f, ln->item_id);
    if (r < 0 || !f->record[r].confidential) return;
    char out_s[20];
    val_secs_str(ln->out_at, out_s);
    finding *x = add_finding(fnd, "confidential_loan", p->ret.confidential_article, "loan", ln->id,
                             day_of(ln->out_at),
                             xasprintf("保密档案 %s《%s》于 %s 借给 %s", f->record[r].id,
                                       f->record[r].title ? f->record[r].title : "", out_s,
                                       ln->borrower ? ln->borrower : ""));
    finding_cite(x, "borrowing", ln->rowid);
    finding_cite(x, "archive_record", f->record[r].rowid);
}

/* ---- the run ---------------------------------------------------------- */

int retain_run(const facts *f, const policy *p, int32_t as_of, retain_result *out,
               finding_list *fnd, kerr *e)
{
    memset(out, 0, sizeof *out);
    out->as_of = as_of;
    if (!p->ret.key_loan.article || !p->ret.archive_loan.article)
        return kerr_set(e, EXIT_DATAERR, "%s: the policy declares no key-loan or archive-loan rule (SPEC §7.3)",
                        p->source ? p->source : "policy");
    hold_index ix;
    index_holds(f, &ix);
    out->v = xcalloc(f->nrecord + 1, sizeof *out->v);
    out->n = f->nrecord;
    for (size_t i = 0; i < f->nrecord; i++) {
        retain_status *s = &out->v[i];
        judge(f, p, &ix, as_of, (int)i, s);
        out->count[s->state]++;
        if (s->state == RETAIN_ELIGIBLE && s->expires_on == as_of) out->newly_eligible++;
        if (!s->cat) {
            const fact_record *r = &f->record[i];
            finding *x = add_finding(fnd, "retention_unknown_category", "(unknown category)", "record", r->id,
                                     as_of, xasprintf("档案 %s 的类别 %s 不在政策文件中，保管期限未知",
                                                      r->id, r->category ? r->category : ""));
            finding_cite(x, "archive_record", r->rowid);
        }
    }
    free_index(&ix);
    int64_t horizon = ((int64_t)as_of + 1) * SECS_PER_DAY;
    for (size_t i = 0; i < f->nloan; i++) {
        const fact_loan *ln = &f->loan[i];
        if (ln->out_at == FACT_NONE || ln->out_at >= horizon) continue;   /* not out yet */
        judge_return(f, p, ln, horizon, as_of, fnd);
        judge_external(f, p, ln, fnd);
        judge_confidential(f, p, ln, fnd);
        judge_staff_archive(f, p, ln, fnd);
        judge_handover(f, p, ln, horizon, fnd);
        judge_copy(f, p, ln, fnd);
        judge_key_purpose(f, p, ln, fnd);
        judge_external_key(f, p, ln, fnd);
    }
    return 0;
}

void retain_result_free(retain_result *r)
{
    if (!r) return;
    free(r->v);
    memset(r, 0, sizeof *r);
}
