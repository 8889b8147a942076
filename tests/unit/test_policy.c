/* test_policy.c — the policy loader (SPEC §6): the shipped packs load clean;
 * the default calendar reproduces the check figures of calendar-cn.md; the
 * default pack's numbers are the SPEC's; broken policies give the exact
 * problem text and line (a table of small documents); vocabulary lookups. */
#include "policy.h"
#include "embed.h"
#include "t.h"

#include <stdlib.h>

/* --- the shipped packs ------------------------------------------------- */

static void test_packs(void)
{
    static const char *const packs[] = {
        "templates/policy/default.xml", "templates/policy/club.xml", "templates/policy/landscaping.xml",
        "templates/policy/clinic.xml", "templates/policy/online-shop.xml",
        "templates/policy/member-service.xml", "templates/policy/tech-service.xml",
    };
    for (size_t i = 0; i < sizeof packs / sizeof *packs; i++) {
        size_t len = 0;
        const char *buf = embed_get(packs[i], &len);
        T_CHECK(buf != NULL, "%s is embedded", packs[i]);
        if (!buf) continue;
        policy *p = NULL;
        sbuf probs = {0};
        kerr e = {0};
        int rc = policy_load_mem(buf, len, packs[i], &p, &probs, &e);
        T_EQ_INT(rc, 0, packs[i]);
        T_CHECK(probs.len == 0, "%s: no problems, got:\n%s", packs[i], probs.p ? probs.p : "");
        T_CHECK(p && p->cal.nyears == 2 && policy_year_covered(p, 2025) && policy_year_covered(p, 2026) &&
                !policy_year_covered(p, 2027) && !policy_year_covered(p, 2024),
                "%s: covers 2025 and 2026 only", packs[i]);
        /* every pack says who signs its reports, with declared roles */
        T_CHECK(p && p->signoff.line > 0 && policy_vocab_name(p, POLICY_VOCAB_ROLE, p->signoff.prepared) &&
                policy_vocab_name(p, POLICY_VOCAB_ROLE, p->signoff.reviewed) &&
                policy_vocab_name(p, POLICY_VOCAB_ROLE, p->signoff.approved),
                "%s: <sign-off> with declared roles", packs[i]);
        /* every offence has steps (ladder-of resolved) and an article */
        for (int k = 0; p && k < p->noffenses; k++)
            T_CHECK(p->offenses[k].nsteps > 0 && p->offenses[k].article && *p->offenses[k].article,
                    "%s: offence %s has steps and an article", packs[i], p->offenses[k].code);
        sbuf_free(&probs);
        policy_free(p);
    }
}

/* --- the calendar checks of calendar-cn.md --------------------------- */

static void test_calendar(const policy *p)
{
    /* working days of a Monday–Friday roster, by month */
    static const int want[2][12] = {
        { 19, 19, 21, 22, 19, 20, 23, 21, 23, 18, 20, 23 },
        { 21, 16, 22, 21, 19, 21, 23, 21, 22, 18, 21, 23 },
    };
    for (int y = 0; y < 2; y++) {
        int total = 0;
        for (int m = 1; m <= 12; m++) {
            int n = 0;
            for (int d = 1; d <= val_month_days(2025 + y, m); d++)
                n += policy_is_workday(p, val_days_ymd(2025 + y, m, d));
            char label[48];
            snprintf(label, sizeof label, "working days %d-%02d", 2025 + y, m);
            T_EQ_INT(n, want[y][m - 1], label);
            total += n;
        }
        T_EQ_INT(total, 248, y ? "working days 2026" : "working days 2025");
    }

    /* the Mondays that are days off, and no others */
    static const char *const off_mondays[] = {
        "2025-02-03", "2025-05-05", "2025-06-02", "2025-10-06",
        "2026-02-16", "2026-02-23", "2026-04-06", "2026-05-04", "2026-10-05",
    };
    int found = 0;
    for (int32_t d = val_days("2025-01-01"); d <= val_days("2026-12-31"); d++) {
        if (val_weekday(d) != 1 || policy_is_workday(p, d)) continue;
        char s[11];
        val_days_str(d, s);
        int listed = 0;
        for (size_t i = 0; i < sizeof off_mondays / sizeof *off_mondays; i++)
            if (strcmp(s, off_mondays[i]) == 0) listed = 1;
        T_CHECK(listed, "Monday %s is a day off but not in calendar-cn.md", s);
        found++;
    }
    T_EQ_INT(found, 9, "Mondays that are days off, 2025-2026");

    /* single days */
    static const struct { const char *day; int work; } days[] = {
        { "2026-02-28", 1 },   /* working Saturday (春节调休) */
        { "2025-05-31", 0 },   /* last Saturday of May 2025: 端午 */
        { "2026-09-26", 0 },   /* last Saturday of Sep 2026: 中秋 */
        { "2025-01-26", 1 },   /* make-up Sunday */
        { "2026-01-04", 1 },   /* make-up Sunday */
        { "2025-10-08", 0 },   /* Wednesday in 国庆 */
        { "2025-10-11", 1 },   /* make-up Saturday */
        { "2026-10-10", 1 },
        { "2026-10-09", 1 },   /* ordinary Friday */
        { "2027-01-01", 1 },   /* uncovered year: Friday, weekly rest only */
        { "2027-01-02", 0 },   /* uncovered year: Saturday */
    };
    for (size_t i = 0; i < sizeof days / sizeof *days; i++) {
        char label[64];
        snprintf(label, sizeof label, "is_workday %s", days[i].day);
        T_EQ_INT(policy_is_workday(p, val_days(days[i].day)), days[i].work, label);
    }

    /* next workday (on or after) and adding work days */
    static const struct { const char *from, *want; } next[] = {
        { "2025-02-03", "2025-02-05" },   /* Monday in 春节 → Wednesday */
        { "2026-02-16", "2026-02-24" },
        { "2026-10-05", "2026-10-08" },
        { "2026-10-09", "2026-10-09" },   /* a working day is itself */
        { "2026-09-26", "2026-09-28" },   /* holiday Saturday → Monday */
    };
    for (size_t i = 0; i < sizeof next / sizeof *next; i++) {
        char got[11];
        val_days_str(policy_next_workday(p, val_days(next[i].from)), got);
        char label[64];
        snprintf(label, sizeof label, "next_workday %s", next[i].from);
        T_EQ_STR(got, next[i].want, label);
    }
    static const struct { const char *from; int n; const char *want; } add[] = {
        { "2025-09-30 10:00:00", 1, "2025-10-09 10:00:00" },  /* across 国庆 */
        { "2025-09-30 10:00:00", 2, "2025-10-10 10:00:00" },
        { "2025-09-30 10:00:00", 3, "2025-10-11 10:00:00" },  /* make-up Saturday counts */
        { "2026-02-27 23:30:00", 1, "2026-02-28 23:30:00" },
        { "2026-11-06 09:00:00", 0, "2026-11-06 09:00:00" },
        { "2026-11-06 09:00:00", 1, "2026-11-09 09:00:00" },  /* Friday → Monday */
    };
    for (size_t i = 0; i < sizeof add / sizeof *add; i++) {
        char got[20];
        val_secs_str(policy_add_workdays(p, val_secs(add[i].from), add[i].n), got);
        char label[80];
        snprintf(label, sizeof label, "add_workdays %s + %d", add[i].from, add[i].n);
        T_EQ_STR(got, add[i].want, label);
    }
    val_duration two = { 0, 0, 0, 0, 2 };
    char got[20];
    val_secs_str(policy_add_duration(p, val_secs("2025-09-30 10:00:00"), &two), got);
    T_EQ_STR(got, "2025-10-10 10:00:00", "add_duration 2 workdays");
}

/* --- the default pack's numbers (SPEC §6, §7) ------------------------- */

static void test_default_numbers(const policy *p)
{
    T_EQ_INT(p->pay.days_per_month_x100, 2175, "days per month 21.75");
    T_EQ_INT(p->pay.warning_bp, 2000, "warning line 20%");
    T_EQ_STR(p->pay.warning_article, "《工资支付暂行规定》第十六条", "warning line article");
    T_EQ_INT(p->pay.minimum_wage_fen, 269000, "minimum wage");
    T_EQ_STR(p->adoption.article, "《劳动合同法》第四条", "adoption article");
    T_EQ_STR(p->adoption.adopted_on, "2025-01-02", "adopted on");
    T_EQ_INT(p->cal.rest_mask, (1u << 6) | (1u << 7), "rest days sat sun");

    /* leave approval matrix */
    /* adopted from the landscaping pack (第一篇 第三十条, 第三十四条) */
    T_EQ_INT(p->nleave_rules, 6, "leave rules");
    if (p->nleave_rules == 6) {
        const policy_leave_rule *r = p->leave_rules;
        T_CHECK(r[0].requester_roles.n == 1 && strcmp(r[0].requester_roles.v[0], "dept_head") == 0 &&
                r[0].approvers.n == 1 && strcmp(r[0].approvers.v[0], "gm") == 0,
                "leave rule 1: dept_head's leave → gm");
        T_CHECK(r[1].types.n == 1 && strcmp(r[1].types.v[0], "personal") == 0 && r[1].max_days == 3 &&
                r[1].approvers.n == 1 && r[1].same_dept.n == 1 && strcmp(r[1].same_dept.v[0], "dept_head") == 0,
                "leave rule 2: personal ≤ 3 days → dept_head (same dept): 由主管部门的领导批准");
        T_CHECK(r[2].min_days == 4 && r[2].max_days == 0 && r[2].approvers.n == 1, "leave rule 3: personal ≥ 4 → gm");
        T_CHECK(r[3].types.n == 1 && strcmp(r[3].types.v[0], "sick") == 0, "leave rule 4: sick");
        T_CHECK(r[5].types.n == 0 && r[5].requester_roles.n == 0, "leave rule 6: any other");
        T_EQ_STR(r[0].article, "第一篇 第三十条", "leave article");
    }
    T_CHECK(p->ncertificates == 1 && strcmp(p->certificates[0].type, "sick") == 0 &&
            strcmp(p->certificates[0].article, "第一篇 第三十条") == 0, "sick certificate 第三十条 (请病假必须持有医院证明)");
    int adopted = 0;
    for (int i = 0; i < p->ncites; i++) adopted += p->cites[i].adopted_from && strcmp(p->cites[i].adopted_from, "landscaping") == 0;
    T_EQ_INT(adopted, 11, "property adopts 11 rule elements of landscaping (leave 7, attendance 2, absence 2)");
    T_CHECK(p->nadopts == 1 && strcmp(p->adopts[0].pack, "landscaping") == 0, "property's <adopt>");

    /* attendance */
    T_EQ_INT(p->att.grace_minutes, 0, "grace");
    T_EQ_INT(p->att.occurrences_per_day, 3, "occurrences per absence day");
    T_EQ_STR(p->att.occurrences_article, "第一篇 第三十三条", "occurrences article");
    T_EQ_INT(p->att.ntiers, 4, "absence tiers");
    if (p->att.ntiers == 4) {
        const policy_tier *t = p->att.tiers;
        T_CHECK(t[0].min_len == 1 && t[0].max_len == 2 && t[0].kind == POLICY_TIER_PER_DAY && t[0].k == 2,
                "tier L≤2: 2·L·D (第三十一条)");
        T_CHECK(t[1].min_len == 3 && t[1].max_len == 5 && t[1].kind == POLICY_TIER_FRACTION &&
                t[1].num == 1 && t[1].den == 2, "tier 3–5: (W+B)/2");
        T_CHECK(t[2].min_len == 6 && t[2].max_len == 10 && t[2].kind == POLICY_TIER_FRACTION &&
                t[2].num == 1 && t[2].den == 1, "tier 6–10: W+B");
        T_CHECK(t[3].min_len == 11 && t[3].max_len == 0 && t[3].kind == POLICY_TIER_WAGE_PLUS_BONUS &&
                t[3].k == 2, "tier ≥11: W+2B");
    }
    T_EQ_STR(p->att.absence_article, "第一篇 第三十一条", "absence article");
    T_EQ_INT(p->att.dismiss_consecutive, 15, "dismissal consecutive");
    T_EQ_INT(p->att.dismiss_per_year, 30, "dismissal per year");
    T_EQ_STR(p->att.dismiss_wording, "达到规章制度的除名条件，交人力资源部复核（meets the regulation's dismissal threshold — for HR review）", "wording");

    /* meetings and reports */
    static const int64_t meet[POLICY_MEET_NCASES] = { 2000, 1000, 1000, 2000 };
    for (int i = 0; i < POLICY_MEET_NCASES; i++) {
        T_EQ_INT(p->meet.fine[i].fen, meet[i], "meeting fine");
        T_CHECK(p->meet.fine[i].article != NULL, "meeting article %d", i);
    }
    T_EQ_INT(p->rep.weekly_due_weekday, 1, "weekly due Monday");
    T_EQ_INT(p->rep.weekly_due_tod, 9 * 3600, "weekly due 09:00");
    T_EQ_INT(p->rep.weekly_fen, 1000, "weekly fine");
    T_EQ_INT(p->rep.monthly_meeting_weekday, 6, "monthly meeting Saturday");
    T_EQ_INT(p->rep.monthly_fen, 1000, "monthly fine");
    T_CHECK(p->rep.depts.n == 3 && strcmp(p->rep.depts.v[0], "客服部") == 0 &&
            strcmp(p->rep.depts.v[2], "秩序维护部") == 0, "departments owing reports");

    /* offence ladders: the centre's text fines one offence, 议论客户 10 yuan
     * (接待来访客户管理规定 3); the others were the hospital's and the club's
     * (issue 11) and live in the clinic and club packs */
    /* ... and 第一篇 第三十二条 [86] with the attendance rules it adopts:
     * "上班时间禁止对外出私事、或未经批准接待亲友,违反者当天按旷工处理" */
    T_EQ_INT(p->noffenses, 3, "the property pack's offences");
    for (int i = 0; i < 2; i++) {
        const policy_offense *ab = policy_offense_find(p, i ? "unapproved_visit" : "errand");
        T_CHECK(ab && ab->nsteps == 1 && ab->steps[0].kind == POLICY_STEP_ABSENCE_DAY &&
                strcmp(ab->article, "第一篇 第三十二条") == 0, "第三十二条 %d: an absence day", i);
    }
    /* 会议制度管理规定 1 [414, 416]: 晨会 每天 8:05–8:30; 月分析例会 每月最后一周的周六 10:00 */
    T_EQ_INT(p->nreq_meetings, 2, "the property pack's required meetings");
    if (p->nreq_meetings == 2) {
        const policy_required_meeting *m = p->req_meetings;
        T_CHECK(strcmp(m[0].type, "morning") == 0 && strcmp(m[0].dept, "客服部") == 0 &&
                m[0].on == POLICY_MEET_ON_WORKDAYS && m[0].start_tod == 8 * 3600 + 5 * 60 &&
                m[0].end_tod == 8 * 3600 + 30 * 60, "晨会(每天上午8:05---8:30)");
        T_CHECK(strcmp(m[1].type, "monthly") == 0 && m[1].on == POLICY_MEET_ON_MONTHLY && m[1].weekday == 6 &&
                m[1].start_tod == 10 * 3600 && m[1].end_tod == -1, "月分析例会(每月最后一周的周六上午10:00)");
    }
    const policy_offense *go = policy_offense_find(p, "gossip");
    T_CHECK(go && strcmp(go->name, "议论客户") == 0 && go->nsteps == 1 && go->steps[0].kind == POLICY_STEP_FINE &&
            go->steps[0].fen == 1000 && go->window == POLICY_WINDOW_MONTH, "gossip: 10 yuan");
    static const char *const foreign[] = { "appearance", "uniform_outside", "leave_post", "phone_private",
                                           "sleeping_on_duty", "eating_at_post", "false_receipt" };
    for (size_t i = 0; i < sizeof foreign / sizeof *foreign; i++)
        T_CHECK(policy_offense_find(p, foreign[i]) == NULL, "%s is not the property centre's offence", foreign[i]);

    /* §7.2 */
    static const struct {
        const char *code;
        policy_sla_type type;
        const char *kind, *from, *to, *within;
        int64_t secs;
        int days;
    } sla[] = {
        { "complaint_callback", POLICY_SLA_CALLBACK, "complaint", "resolved_at", NULL, "PT24H", 86400, 0 },
        { "complaint_progress", POLICY_SLA_PROGRESS, "complaint", "opened_at", "resolved_at", "P2D", 0, 2 },
        { "repair_arrival", POLICY_SLA_DEADLINE, "repair", "dispatched_at", "arrived_at", "PT15M", 900, 0 },
        { "repair_callback", POLICY_SLA_CALLBACK, "repair", "resolved_at", NULL, "P3D", 0, 3 },
        { "reception_register", POLICY_SLA_DEADLINE, "reception", "resolved_at", "registered_at", "PT10M", 600, 0 },
    };
    for (size_t i = 0; i < sizeof sla / sizeof *sla; i++) {
        const policy_sla *s = policy_sla_find(p, sla[i].code);
        T_CHECK(s != NULL, "sla %s", sla[i].code);
        if (!s) continue;
        T_EQ_INT(s->type, sla[i].type, sla[i].code);
        T_EQ_INT(s->for_customer, 0, sla[i].code);
        T_EQ_STR(s->kind, sla[i].kind, sla[i].code);
        T_EQ_STR(s->from, sla[i].from, sla[i].code);
        T_EQ_STR(s->to, sla[i].to, sla[i].code);
        T_EQ_STR(s->within.text, sla[i].within, sla[i].code);
        T_EQ_INT(s->within.d.seconds, sla[i].secs, sla[i].code);
        T_EQ_INT(s->within.d.days, sla[i].days, sla[i].code);
        T_EQ_INT(s->target_bp, 10000, sla[i].code);
        T_CHECK(s->article && *s->article, "%s has an article", sla[i].code);
    }
    const policy_sla *ra = policy_sla_find(p, "repair_arrival");
    T_EQ_STR(ra ? ra->fallback : NULL, "opened_at", "repair arrival fallback");
    /* the members' callback and rest hours (规章制度2), the projects' visits
     * (规章制度5) and the households' quarterly visits (规章制度10) are other
     * organisations' rules (issue 11) */
    T_CHECK(policy_sla_find(p, "membership_callback") == NULL, "no membership callback in the property pack");
    T_CHECK(policy_sla_find(p, "project_visit") == NULL, "no project visits in the property pack");
    T_CHECK(policy_sla_find(p, "household_visit") == NULL, "no household visits in the property pack");
    T_EQ_INT(p->vis.nquiet, 0, "no rest hours in the property pack");
    policy *ts = NULL, *ms = NULL;
    sbuf pr = {0};
    kerr e = {0};
    T_EQ_INT(policy_load_named("tech-service", &ts, &pr, &e), 0, "tech-service pack loads");
    const policy_sla *pv = ts ? policy_sla_find(ts, "project_visit") : NULL;
    T_CHECK(pv && pv->type == POLICY_SLA_RECURRING && pv->for_customer && !pv->align_calendar &&
            pv->nphases == 2 && pv->phases[0].every.d.months == 1 && pv->phases[0].count == 12 &&
            pv->phases[1].every.d.months == 3 && pv->phases[1].count == 0, "tech-service project: P1M ×12 then P3M");
    T_EQ_INT(policy_load_named("member-service", &ms, &pr, &e), 0, "member-service pack loads");
    const policy_sla *mc = ms ? policy_sla_find(ms, "membership_callback") : NULL;
    T_CHECK(mc && mc->type == POLICY_SLA_CALLBACK && mc->within.d.days == 3 && strcmp(mc->from, "opened_at") == 0,
            "member-service: callback within P3D of opened_at");
    T_CHECK(ms && ms->vis.nquiet == 2 && ms->vis.quiet[0].from_tod == 12 * 3600 && ms->vis.quiet[0].to_tod == 14 * 3600 &&
            ms->vis.quiet[1].from_tod == 21 * 3600 && ms->vis.quiet[1].to_tod == 8 * 3600, "member-service quiet hours");
    policy_free(ts);
    policy_free(ms);
    sbuf_free(&pr);
    kerr_clear(&e);

    /* §7.3 */
    static const struct { const char *code, *name; int permanent, years; } cat[] = {
        { "move_in", "入住档案", 1, 0 }, { "renovation", "装修档案", 0, 30 },
        { "daily", "日常资料档案", 0, 10 }, { "fee_notice", "催费通知书", 0, 3 },
        { "lawyer_letter", "律师函", 0, 5 }, { "outsourcing_contract", "外判公司合同", 0, 10 },
        { "visitor_register", "来访客户登记表", 0, 3 }, { "repair_order", "维修服务通知单", 0, 5 },
    };
    T_EQ_INT(p->ret.ncategories, 8, "categories");
    for (size_t i = 0; i < sizeof cat / sizeof *cat; i++) {
        const policy_category *k = policy_category_find(p, cat[i].code);
        T_CHECK(k && strcmp(k->name, cat[i].name) == 0 && k->permanent == cat[i].permanent &&
                k->period.d.years == cat[i].years && k->article, "category %s", cat[i].code);
    }
    T_CHECK(p->ret.key_loan.same_day, "keys back the same day");
    T_CHECK(!p->ret.archive_loan.same_day && p->ret.archive_loan.within.d.days == 7, "archives within P7D");
    T_EQ_STR(p->ret.external_role, "center_director", "external borrower approver");
    T_EQ_INT(p->ret.confidential_lendable, 0, "confidential not lendable");
    T_EQ_STR(p->ret.purge_preparer, "cs_chief", "purge preparer");
    T_EQ_STR(p->ret.purge_reviewer, "cs_supervisor", "purge reviewer");
    T_EQ_STR(p->ret.purge_approver, "center_director", "purge approver");
    T_EQ_INT(p->ret.purge_min_witnesses, 2, "witnesses");
}

/* --- vocabularies ---------------------------------------------------- */

static void test_vocab(const policy *p)
{
    static const struct { policy_vocab_kind k; const char *in, *want; } v[] = {
        { POLICY_VOCAB_ROLE, "cs_chief", "cs_chief" },
        { POLICY_VOCAB_ROLE, "客服主任", "cs_chief" },
        { POLICY_VOCAB_ROLE, "服务中心主任", "center_director" },
        { POLICY_VOCAB_ROLE, "总经理", "gm" },
        { POLICY_VOCAB_ROLE, "boss", NULL },
        { POLICY_VOCAB_ROLE, "", NULL },
        { POLICY_VOCAB_ROLE, "客服部", NULL },
        { POLICY_VOCAB_DEPT, "客服部", "客服部" },
        { POLICY_VOCAB_DEPT, "秩序维护部", "秩序维护部" },
        { POLICY_VOCAB_DEPT, "财务部", NULL },
        { POLICY_VOCAB_OFFENSE, "leave_post", NULL },
        { POLICY_VOCAB_OFFENSE, "gossip", "gossip" },
        { POLICY_VOCAB_OFFENSE, "议论客户", "gossip" },
        { POLICY_VOCAB_OFFENSE, "窜岗脱岗", NULL },      /* the club's and the hospital's, not the centre's */
        { POLICY_VOCAB_OFFENSE, "move_in", NULL },
        { POLICY_VOCAB_CATEGORY, "入住档案", "move_in" },
        { POLICY_VOCAB_CATEGORY, "repair_order", "repair_order" },
        { POLICY_VOCAB_CATEGORY, "维修服务通知单", "repair_order" },
        { POLICY_VOCAB_CATEGORY, "仪容仪表", NULL },
    };
    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        char label[80];
        snprintf(label, sizeof label, "vocab %d '%s'", (int)v[i].k, v[i].in);
        T_EQ_STR(policy_vocab(p, v[i].k, v[i].in), v[i].want, label);
    }
    T_EQ_STR(policy_vocab_name(p, POLICY_VOCAB_ROLE, "cs_supervisor"), "客户服务部主管", "role name");
    T_EQ_STR(policy_vocab_name(p, POLICY_VOCAB_ROLE, "客服主任"), NULL, "name of a name");

    char out[512];
    policy_vocab_describe(p, POLICY_VOCAB_DEPT, out, sizeof out);
    T_EQ_STR(out, "客服部, 工程部, 秩序维护部", "describe depts");
    policy_vocab_describe(p, POLICY_VOCAB_ROLE, out, 24);
    T_EQ_STR(out, "staff (员工), cs_c\xE2\x80\xA6", "describe cut");
    T_CHECK(strlen(out) < 24, "describe fits");
    policy_vocab_describe(p, POLICY_VOCAB_ROLE, out, sizeof out);
    T_EQ_STR(out, "staff (员工), cs_chief (客服主任), cs_supervisor (客户服务部主管), dept_head (部门负责人), "
                  "center_director (服务中心主任), gm (总经理)", "describe roles");
}

/* --- broken policies --------------------------------------------------- */

/* A small valid policy, one thing per line so that the lines below are
 * stable. Each case replaces one snippet of it. */
static const char base[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                            /* 1 */
    "<policy version=\"1\">\n"                                                                /* 2 */
    "<organization name=\"T\" timezone=\"Asia/Shanghai\" currency=\"CNY\"/>\n"                /* 3 */
    "<adoption adopted-on=\"2025-01-01\" published-on=\"2025-01-02\" procedure=\"p\" publication=\"q\" article=\"a\"/>\n" /* 4 */
    "<calendar rest-days=\"sat sun\">\n"                                                      /* 5 */
    "<year value=\"2025\" source=\"s\">\n"                                                    /* 6 */
    "<holiday name=\"元旦\" from=\"2025-01-01\"/>\n"                                          /* 7 */
    "<workday name=\"调休\" date=\"2025-01-26\"/>\n"                                          /* 8 */
    "</year>\n"                                                                               /* 9 */
    "</calendar>\n"                                                                           /* 10 */
    "<departments><department code=\"客服部\" name=\"客服部\"/></departments>\n"              /* 11 */
    "<roles><role code=\"staff\" name=\"员工\"/><role code=\"gm\" name=\"总经理\"/></roles>\n" /* 12 */
    "<pay><days-per-month value=\"21.75\" article=\"a\" assumed=\"t\"/><deduction-warning percent=\"20\" article=\"a\" assumed=\"t\"/>"
    "<minimum-wage amount=\"2690.00\" article=\"a\" assumed=\"t\"/></pay>\n"                                /* 13 */
    "<leave><approval approvers=\"gm\" article=\"a\" assumed=\"t\"/><certificate type=\"sick\" article=\"a\" assumed=\"t\"/></leave>\n" /* 14 */
    "<attendance><late-early grace-minutes=\"0\" article=\"a\" assumed=\"t\"/><occurrences per-absence-day=\"3\" article=\"a\" assumed=\"t\"/>\n" /* 15 */
    "<absence-ladder article=\"a\" assumed=\"t\"><per-day min=\"1\" max=\"2\" multiple=\"2\"/><wage-plus-bonus min=\"3\" bonus-multiple=\"2\"/></absence-ladder>\n" /* 16 */
    "<dismissal consecutive-days=\"15\" days-per-year=\"30\" wording=\"w\" article=\"a\" assumed=\"t\"/></attendance>\n" /* 17 */
    "<meetings><fine case=\"absent\" amount=\"20.00\" article=\"a\" assumed=\"t\"/><fine case=\"late\" amount=\"10.00\" article=\"a\" assumed=\"t\"/>"
    "<fine case=\"left_early\" amount=\"10.00\" article=\"a\" assumed=\"t\"/><fine case=\"disruption\" amount=\"20.00\" article=\"a\" assumed=\"t\"/></meetings>\n" /* 18 */
    "<reports><weekly due-weekday=\"mon\" due-time=\"09:00\" amount=\"10.00\" article=\"a\" assumed=\"t\"/>"
    "<monthly meeting-weekday=\"sat\" amount=\"10.00\" article=\"a\" assumed=\"t\"/><owed-by dept=\"客服部\"/></reports>\n" /* 19 */
    "<offenses>\n"                                                                            /* 20 */
    "<offense code=\"leave_post\" name=\"窜岗脱岗\" article=\"a\" assumed=\"t\"><warning/><fine amount=\"10.00\"/></offense>\n" /* 21 */
    "<offense code=\"false_receipt\" name=\"虚开收据\" article=\"a\" assumed=\"t\"><range min=\"100.00\" max=\"500.00\"/><dismissal/></offense>\n" /* 22 */
    "</offenses>\n"                                                                           /* 23 */
    "<visits target=\"100\">\n"                                                               /* 24 */
    "<event kind=\"repair\"><deadline code=\"repair_arrival\" from=\"dispatched_at\" to=\"arrived_at\" within=\"PT15M\" article=\"a\" assumed=\"t\"/></event>\n" /* 25 */
    "<customer kind=\"household\"><recurring code=\"hh\" from=\"since\" align=\"calendar\" article=\"a\" assumed=\"t\"><phase every=\"P3M\"/></recurring></customer>\n" /* 26 */
    "</visits>\n"                                                                             /* 27 */
    "<retention>\n"                                                                           /* 28 */
    "<category code=\"daily\" name=\"日常资料档案\" period=\"P10Y\" trigger=\"created_on\" disposition=\"destroy\" article=\"a\" assumed=\"t\"/>\n" /* 29 */
    "<key-loan within=\"same-day\" article=\"a\" assumed=\"t\"/>\n"                                         /* 30 */
    "<archive-loan within=\"P7D\" article=\"a\" assumed=\"t\"/>\n"                                          /* 31 */
    "<external-borrower approver-role=\"gm\" article=\"a\" assumed=\"t\"/>\n"                               /* 32 */
    "<confidential lendable=\"false\" article=\"a\" assumed=\"t\"/>\n"                                      /* 33 */
    "<purge preparer=\"staff\" reviewer=\"gm\" approver=\"gm\" min-witnesses=\"2\" article=\"a\" assumed=\"t\"/>\n" /* 34 */
    "</retention>\n"                                                                          /* 35 */
    "</policy>\n";                                                                            /* 36 */

/* base with each `find` replaced by `repl` (first occurrence; up to 3). */
static char *mutate3(const char *f1, const char *r1, const char *f2, const char *r2,
                     const char *f3, const char *r3)
{
    sbuf b = {0};
    sbuf_adds(&b, base);
    const char *f[3] = { f1, f2, f3 }, *r[3] = { r1, r2, r3 };
    for (int i = 0; i < 3; i++) {
        if (!f[i]) continue;
        char *at = strstr(b.p, f[i]);
        if (!at) { fprintf(stderr, "test bug: '%s' not in base\n", f[i]); abort(); }
        sbuf n = {0};
        sbuf_add(&n, b.p, (size_t)(at - b.p));
        sbuf_adds(&n, r[i]);
        sbuf_adds(&n, at + strlen(f[i]));
        sbuf_free(&b);
        b = n;
    }
    return b.p;
}

static char *mutate(const char *f1, const char *r1, const char *f2, const char *r2)
{
    return mutate3(f1, r1, f2, r2, NULL, NULL);
}

/* Loads doc as "t.xml" and checks every problem line (want "" : valid). */
static void check_case(const char *label, const char *doc, const char *want)
{
    policy *p = NULL;
    sbuf probs = {0};
    kerr e = {0};
    int rc = policy_load_mem(doc, strlen(doc), "t.xml", &p, &probs, &e);
    int want_ok = want[0] == '\0';
    T_EQ_INT(rc, want_ok ? 0 : -1, label);
    T_EQ_STR(probs.p ? probs.p : "", want, label);
    T_CHECK(want_ok ? p != NULL : p == NULL, "%s: policy returned only on success", label);
    if (!want_ok) {
        T_EQ_INT(e.code, EXIT_DATAERR, label);
        /* the kerr message is the first problem line */
        const char *nl = strchr(want, '\n');
        size_t first = nl ? (size_t)(nl - want) : strlen(want);
        T_CHECK(strncmp(e.msg, want, first) == 0, "%s: kerr '%s'", label, e.msg);
    }
    policy_free(p);
    sbuf_free(&probs);
}

/* <adopt> (issue 11): a section is written or adopted, never both, never
 * neither; what is adopted must fit the adopting pack. */
static void test_adopt_broken(void)
{
    static const struct {
        const char *label;
        const char *f1, *r1, *f2, *r2;
        const char *want;   /* every problem, in order */
        const char *f3, *r3;
    } cases[] = {
        { "adopt: an unknown pack",
          "<calendar rest-days", "<adopt pack=\"nosuch\" rules=\"leave\"/><calendar rest-days", NULL, NULL,
          "t.xml:5: adopt: pack: 'nosuch' is not a shipped pack (kefu policy list)\n" , NULL, NULL },
        { "adopt: the adopted section is also written here",
          "<calendar rest-days", "<adopt pack=\"property\" rules=\"meetings\"/><calendar rest-days", NULL, NULL,
          "t.xml:18: meetings: these rules are adopted from pack 'property' (line 5); leave them out here\n" , NULL, NULL },
        { "adopt: the same rules twice",
          "<calendar rest-days", "<adopt pack=\"property\" rules=\"meetings\"/><adopt pack=\"property\" rules=\"meetings\"/><calendar rest-days",
          "<meetings>", "<!--<meetings>",
          "t.xml:5: adopt: rules 'meetings' are already adopted on line 5\n", "</meetings>", "</meetings>-->" },
        { "a section neither written nor adopted",
          "<leave>", "<!--<leave>", "</leave>", "</leave>-->",
          "t.xml:2: policy: <leave> missing, and no <adopt> takes the rules 'leave'\n", NULL, NULL },
        { "no meetings and no reports: the organisation fines none and owes none",
          "<meetings>", "<!--<meetings>", "</reports>", "</reports>-->", "", NULL, NULL },
        { "late-early without occurrences: lateness shown, not costed (a text without a sanction)",
          "<occurrences per-absence-day=\"3\" article=\"a\" assumed=\"t\"/>", "", NULL, NULL, "", NULL, NULL },
        { "occurrences without late-early",
          "<late-early grace-minutes=\"0\" article=\"a\" assumed=\"t\"/>", "", NULL, NULL,
          "t.xml:15: attendance: <late-early> is missing (it goes with <occurrences>)\n" , NULL, NULL },
        { "adopted reports owed by a department not declared here",
          "<calendar rest-days", "<adopt pack=\"property\" rules=\"reports\"/><calendar rest-days",
          "<reports>", "<!--<reports>",
          "t.xml:5: adopt: pack 'property' reports are owed by department '工程部', which this policy does not declare\n"
          "t.xml:5: adopt: pack 'property' reports are owed by department '秩序维护部', which this policy does not declare\n",
          "</reports>", "</reports>-->" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *doc = mutate3(cases[i].f1, cases[i].r1, cases[i].f2, cases[i].r2, cases[i].f3, cases[i].r3);
        check_case(cases[i].label, doc, cases[i].want);
        free(doc);
    }
}

/* A pack that adopts a section gets its rules and their citations, marked
 * with where they came from. */
static void test_adopt_ok(void)
{
    char *doc = mutate3("<calendar rest-days", "<adopt pack=\"property\" rules=\"meetings\"/><calendar rest-days",
                        "<meetings>", "<!--<meetings>", "</meetings>", "</meetings>-->");
    policy *p = NULL, *prop = NULL;
    kerr e = {0};
    T_EQ_INT(policy_load_mem(doc, strlen(doc), "t.xml", &p, NULL, &e), 0, "adopt meetings loads");
    T_EQ_INT(policy_load_pack("property", &prop, NULL, &e), 0, "property pack by name");
    if (p && prop) {
        T_EQ_INT(p->nadopts, 1, "one adopt");
        T_EQ_STR(p->adopts[0].pack, "property", "adopt pack");
        T_EQ_INT(p->adopts[0].line, 5, "adopt line");
        for (int i = 0; i < POLICY_MEET_NCASES; i++) {
            T_EQ_INT(p->meet.fine[i].fen, prop->meet.fine[i].fen, "adopted meeting fine");
            T_EQ_STR(p->meet.fine[i].article, prop->meet.fine[i].article, "adopted meeting article");
        }
        int adopted = 0, own = 0;
        for (int i = 0; i < p->ncites; i++) {
            if (p->cites[i].adopted_from) {
                adopted++;
                T_EQ_STR(p->cites[i].adopted_from, "property", "adopted from");
                T_EQ_INT(p->cites[i].group, POLICY_GROUP_MEETINGS, "adopted group");
                T_CHECK(p->cites[i].line > 20, "adopted line is the property pack's, got %ld", p->cites[i].line);
            } else own++;
        }
        T_EQ_INT(adopted, 4, "four adopted meeting citations");
        T_EQ_INT(own, 21, "the base's own citations but meetings (not <adoption>)");
    }
    policy_free(p);
    policy_free(prop);
    free(doc);
    T_EQ_INT(policy_load_pack("nosuch", &p, NULL, &e), -1, "unknown pack");
    T_EQ_INT(e.code, EXIT_USAGE, "unknown pack code");
    T_CHECK(strstr(e.msg, "'nosuch' is neither a file nor a shipped policy pack (property, ") != NULL,
            "unknown pack message: %s", e.msg);
}

/* quote= and assumed= (issue 11): checked against a document ignoring
 * whitespace (a rule element with neither never loads: test_table's
 * "neither quote nor assumed" cases); a finding's citation finds its quotes
 * and assumptions. */
static void test_quotes(void)
{
    char *doc = mutate3("<approval approvers=\"gm\" article=\"a\" assumed=\"t\"/>",
                        "<approval approvers=\"gm\" article=\"第一条\" quote=\"上班 不得\n迟到\"/>",
                        "<certificate type=\"sick\" article=\"a\" assumed=\"t\"/>",
                        "<certificate type=\"sick\" article=\"第一条\" quote=\"病假须有医院证明\" assumed=\"x\"/>",
                        "<late-early grace-minutes=\"0\" article=\"a\" assumed=\"t\"/>",
                        "<late-early grace-minutes=\"0\" article=\"第二条\" assumed=\"文件未给出宽限\"/>");
    static const char text[] = "第一条　上班不得迟到，\n不得早退。\n第二条 迟到者……\n";
    policy *p = NULL;
    kerr e = {0};
    T_EQ_INT(policy_load_mem(doc, strlen(doc), "t.xml", &p, NULL, &e), 0, "quoted policy loads");
    if (p) {
        sbuf probs = {0};
        int n = policy_check_quotes(p, text, strlen(text), "doc.txt", &probs);
        /* 25 rule elements: 2 quoted (1 found, 1 not), 23 only assumed; the
         * quote's newline moved the certificate to line 15 */
        T_EQ_INT(n, 1, "quote problems");
        T_CHECK(probs.p && strstr(probs.p, "t.xml:15: certificate '第一条': quote not found in doc.txt: '病假须有医院证明'\n"),
                "missing quote named with its line:\n%s", probs.p ? probs.p : "");
        T_CHECK(probs.p && !strstr(probs.p, "approval '第一条'"), "the quote found across whitespace passes");
        T_CHECK(probs.p && !strstr(probs.p, "late-early"), "an assumed element needs no quote");
        sbuf_free(&probs);
        char *q, *a;
        policy_cite_texts(p, "第一条", NULL, &q, &a);
        T_EQ_STR(q, "上班 不得 迟到\n病假须有医院证明", "quotes of a citation, in file order");
        T_EQ_STR(a, "x", "assumptions of a citation");
        free(q); free(a);
        policy_cite_texts(p, "第一条；第二条", "late", &q, &a);
        T_EQ_STR(q, "上班 不得 迟到\n病假须有医院证明", "a joined citation, part by part");
        T_EQ_STR(a, "x\n文件未给出宽限", "a joined citation's assumptions");
        free(q); free(a);
        policy_cite_texts(p, "第九条", NULL, &q, &a);
        T_EQ_STR(q, "", "unknown citation: no quote");
        T_EQ_STR(a, "", "unknown citation: no assumption");
        free(q); free(a);
        policy_cite_texts(p, "第一条", "sick_certificate", &q, &a);
        T_EQ_STR(q, "病假须有医院证明", "a rule naming one element (<certificate>) takes its quote only");
        T_EQ_STR(a, "x", "and its assumption only");
        free(q); free(a);
    }
    policy_free(p);
    free(doc);
}

/* The landscaping pack (第一篇), number by number from the text's own
 * sentences (the document's lines in brackets). */
/* <time-off> of the shipped packs (issue 11): each pack's own numbers. */
static void test_time_off(void)
{
    static const struct {
        const char *pack;
        int ahead, rest, swaps;     /* days ahead, rest days a week, swaps a month (0: none) */
        int64_t notice;             /* notice seconds (0: none) */
        const char *swap_role;      /* role swaps are reported to, or NULL */
    } cases[] = {
        /* 办公环境管理规定 1 "提前一天" */
        { "property", 1, 0, 0, 0, NULL },
        /* 五、4 "提前一天" */
        { "member-service", 1, 0, 0, 0, NULL },
        /* 四、2(1) "当班前一天"; 四、2(4) "换班需提前向店长报备。每月换班不得超不2次。" */
        { "online-shop", 1, 0, 2, 0, "shop_manager" },
        /* 六、1 "每周轮休一天"; 六、2 "(24小时内)" */
        { "clinic", 0, 1, 0, 86400, NULL },
        /* 第一篇 has none of them */
        { "landscaping", 0, 0, 0, 0, NULL },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        policy *p = NULL;
        kerr e = {0};
        T_EQ_INT(policy_load_pack(cases[i].pack, &p, NULL, &e), 0, cases[i].pack);
        if (!p) continue;
        const policy_time_off *o = &p->off;
        T_EQ_INT(o->ahead_line ? o->ahead_days : 0, cases[i].ahead, cases[i].pack);
        T_EQ_INT(o->rest_line ? o->rest_per_week : 0, cases[i].rest, cases[i].pack);
        T_EQ_INT(o->swap_limit_line ? o->swap_per_month : 0, cases[i].swaps, cases[i].pack);
        T_EQ_INT(o->notice_line ? o->notice_secs : 0, cases[i].notice, cases[i].pack);
        T_CHECK(cases[i].swap_role ? (o->swap_report_line && o->swap_roles.n == 1 &&
                                      strcmp(o->swap_roles.v[0], cases[i].swap_role) == 0)
                                   : !o->swap_report_line, "%s: swaps reported to", cases[i].pack);
        T_EQ_INT(o->ahead_fen + o->notice_fen, 0, "no text gives a sanction: warnings");
        policy_free(p);
    }
}

static void test_landscaping(void)
{
    policy *p = NULL;
    kerr e = {0};
    T_EQ_INT(policy_load_pack("landscaping", &p, NULL, &e), 0, "landscaping loads");
    if (!p) return;
    /* C [124]: "六天八小时" — six working days; which day is rest is assumed (Sunday) */
    T_EQ_INT(p->cal.rest_mask, 1u << 7, "C: one weekly rest day, Sunday (assumed)");
    /* 第三十条 [80]: "公司部门负责人请假,一律由总经理批准" */
    const policy_leave_rule *r = p->leave_rules;
    T_EQ_INT(p->nleave_rules, 6, "第三十条/第三十四条: six approval rows");
    if (p->nleave_rules == 6) {
        T_CHECK(r[0].requester_roles.n == 1 && strcmp(r[0].requester_roles.v[0], "dept_head") == 0 &&
                r[0].approvers.n == 1 && strcmp(r[0].approvers.v[0], "gm") == 0, "部门负责人请假 → 总经理");
        /* "员工因私事请假3天以内的(含3天),由主管部门的领导批准" — the leader of the
         * employee's own department, and only he (not the gm) */
        T_CHECK(r[1].types.n == 1 && strcmp(r[1].types.v[0], "personal") == 0 && r[1].max_days == 3 &&
                r[1].min_days == 0 && r[1].approvers.n == 1 && strcmp(r[1].approvers.v[0], "dept_head") == 0 &&
                r[1].same_dept.n == 1, "私事 ≤ 3 天(含3天) → 主管部门的领导");
        /* "4天以上的,报总经理批准" */
        T_CHECK(r[2].min_days == 4 && r[2].max_days == 0 && r[2].approvers.n == 1 &&
                strcmp(r[2].approvers.v[0], "gm") == 0, "私事 ≥ 4 天 → 总经理");
        /* 第三十四条 [88]: 公休假、婚假、产育假 → 主管领导 */
        T_CHECK(r[4].types.n == 3 && strcmp(r[4].article, "第一篇 第三十四条") == 0, "第三十四条: three leave types");
    }
    /* "请病假必须持有医院证明" */
    T_CHECK(p->ncertificates == 1 && strcmp(p->certificates[0].type, "sick") == 0, "病假 needs a certificate");
    /* 第二十八条 [78]: "不迟到、不早退" — no grace; 第三十三条 [88]: "每达3次按旷工1天" */
    T_EQ_INT(p->att.grace_minutes, 0, "第二十八条: no grace");
    T_EQ_INT(p->att.occurrences_per_day, 3, "第三十三条: 3 lates/earlies = 1 absence day");
    /* 第三十一条 [82, 84]: 1-2 天 每天扣 2 天; 3-5 天 半个月; 6-10 天 1 个月; 11-14 天 1 个月工资 + 2 个月奖金 */
    T_EQ_INT(p->att.ntiers, 4, "第三十一条: four tiers");
    if (p->att.ntiers == 4) {
        const policy_tier *t = p->att.tiers;
        T_CHECK(t[0].min_len == 1 && t[0].max_len == 2 && t[0].kind == POLICY_TIER_PER_DAY && t[0].k == 2,
                "旷工1-2天的每天扣发2天工资和奖金");
        T_CHECK(t[1].min_len == 3 && t[1].max_len == 5 && t[1].kind == POLICY_TIER_FRACTION && t[1].num == 1 &&
                t[1].den == 2, "连续旷工3天至5天的,扣发半个月的工资和奖金");
        T_CHECK(t[2].min_len == 6 && t[2].max_len == 10 && t[2].kind == POLICY_TIER_FRACTION && t[2].num == 1 &&
                t[2].den == 1, "连续旷工6天至10天的,扣发1个月的工资和奖金");
        T_CHECK(t[3].min_len == 11 && t[3].kind == POLICY_TIER_WAGE_PLUS_BONUS && t[3].k == 2,
                "连续旷工11天至14天的,扣发1个月的工资和2个月的奖金");
    }
    /* "连续旷工15天经上或年累计旷工30天以上的,按规定予以除名" */
    T_EQ_INT(p->att.dismiss_consecutive, 15, "除名: 15 consecutive days");
    T_EQ_INT(p->att.dismiss_per_year, 30, "除名: 30 days a year");
    /* 第一篇 fines no meeting, owes no report, ladders no offence */
    for (int i = 0; i < POLICY_MEET_NCASES; i++) T_EQ_INT(p->meet.fine[i].line, 0, "no meeting fine");
    T_EQ_INT(p->rep.depts.n, 0, "no report owed");
    /* 第三十二条 [86]: the errand and the unapproved visit, each an absence day */
    T_EQ_INT(p->noffenses, 2, "第三十二条: two offences");
    for (int i = 0; i < p->noffenses; i++)
        T_CHECK(p->offenses[i].nsteps == 1 && p->offenses[i].steps[0].kind == POLICY_STEP_ABSENCE_DAY,
                "%s: an absence day", p->offenses[i].code);
    /* D [128, 132]: 每天8:100-8:30开晨会 (8:00 assumed), 分享会(17:10-17:30), 每周开一个小总结会 */
    T_EQ_INT(p->nreq_meetings, 3, "D: three required meetings");
    if (p->nreq_meetings == 3) {
        const policy_required_meeting *m = p->req_meetings;
        T_CHECK(strcmp(m[0].type, "morning") == 0 && m[0].on == POLICY_MEET_ON_WORKDAYS &&
                m[0].start_tod == 8 * 3600, "晨会 8:00 (garbled 8:100)");
        T_CHECK(strcmp(m[1].type, "sharing") == 0 && m[1].start_tod == 17 * 3600 + 10 * 60 &&
                m[1].end_tod == 17 * 3600 + 30 * 60, "分享会 17:10-17:30");
        T_CHECK(strcmp(m[2].type, "weekly") == 0 && m[2].on == POLICY_MEET_ON_WEEK, "小总结会 once a week");
        for (int i = 0; i < 3; i++) T_CHECK(strcmp(m[i].dept, "销售部") == 0, "D is the sales team");
    }
    /* every rule element quotes or assumes */
    for (int i = 0; i < p->ncites; i++)
        T_CHECK(p->cites[i].quote || p->cites[i].assumed, "landscaping line %ld: quote or assumed", p->cites[i].line);
    policy_free(p);
}

static void test_broken(void)
{
    static const struct {
        const char *label;
        const char *f1, *r1, *f2, *r2;
        const char *want;   /* every problem, in order */
    } cases[] = {
        { "the base itself", NULL, NULL, NULL, NULL, "" },
        { "timezone as free text, not an IANA name",
          "timezone=\"Asia/Shanghai\"", "timezone=\"Asia/Shanghai (UTC+8)\"", NULL, NULL,
          "t.xml:3: organization: timezone: 'Asia/Shanghai (UTC+8)' is not an IANA timezone name (e.g. Asia/Shanghai)\n" },
        { "timezone that is no zone",
          "timezone=\"Asia/Shanghai\"", "timezone=\"Mars/Olympus_Mons\"", NULL, NULL,
          "t.xml:3: organization: timezone: 'Mars/Olympus_Mons' is not a known timezone (no zoneinfo file; "
          "is the tzdata package installed?)\n" },
        { "timezone absent: Asia/Shanghai",
          " timezone=\"Asia/Shanghai\"", "", NULL, NULL, "" },
        { "unknown role in the approval matrix",
          "approvers=\"gm\"", "approvers=\"gm boss\"", NULL, NULL,
          "t.xml:14: approval: approvers: 'boss' is not a declared role\n" },
        { "unknown requester role and same-dept not among approvers",
          "<approval approvers=\"gm\"", "<approval requester-roles=\"chief\" same-dept=\"staff\" approvers=\"gm\"", NULL, NULL,
          "t.xml:14: approval: requester-roles: 'chief' is not a declared role\n"
          "t.xml:14: approval: same-dept: 'staff' is not among the approvers\n" },
        { "unknown role in purge",
          "preparer=\"staff\"", "preparer=\"cs_chief\"", NULL, NULL,
          "t.xml:34: purge: preparer: 'cs_chief' is not a declared role\n" },
        { "unknown role in the sign-off",
          "</retention>\n", "</retention>\n<sign-off prepared=\"staff\" reviewed=\"boss\" approved=\"gm\" article=\"a\" assumed=\"x\"/>", NULL, NULL,
          "t.xml:36: sign-off: reviewed: 'boss' is not a declared role\n" },
        { "sign-off before retention is out of the schema's order",
          "<retention>\n", "<sign-off prepared=\"staff\" reviewed=\"gm\" approved=\"gm\" article=\"a\"/><retention>\n", NULL, NULL,
          "t.xml:28: Element 'sign-off': This element is not expected. Expected is ( retention ).\n" },
        { "unknown role for external borrowers",
          "approver-role=\"gm\"", "approver-role=\"center_director\"", NULL, NULL,
          "t.xml:32: external-borrower: approver-role: 'center_director' is not a declared role\n" },
        { "unknown category in a standing hold",
          "<key-loan", "<standing-hold category=\"move_in\" reason=\"审计\" article=\"a\" assumed=\"t\"/><key-loan", NULL, NULL,
          "t.xml:30: standing-hold: category: 'move_in' is not a declared category\n" },
        { "unknown offence in ladder-of",
          "<offense code=\"false_receipt\"", "<offense code=\"x\" name=\"X\" ladder-of=\"nope\" article=\"a\" assumed=\"t\"/><offense code=\"false_receipt\"", NULL, NULL,
          "t.xml:22: offense 'x': ladder-of: 'nope' is not a declared offence\n" },
        { "ladder-of chained",
          "<offense code=\"false_receipt\"",
          "<offense code=\"x\" name=\"X\" ladder-of=\"y\" article=\"a\" assumed=\"t\"/><offense code=\"y\" name=\"Y\" ladder-of=\"leave_post\" article=\"a\" assumed=\"t\"/><offense code=\"false_receipt\"", NULL, NULL,
          "t.xml:22: offense 'x': ladder-of: 'y' itself shares the ladder of 'leave_post'\n" },
        { "unknown department owing reports",
          "<owed-by dept=\"客服部\"/>", "<owed-by dept=\"客服部\"/><owed-by dept=\"财务部\"/>", NULL, NULL,
          "t.xml:19: owed-by: dept: '财务部' is not a declared department\n" },
        { "required meeting of an unknown type",
          "<reports><weekly", "<required-meetings><required-meeting type=\"daily\" dept=\"客服部\" on=\"workdays\" article=\"a\" assumed=\"t\"/></required-meetings><reports><weekly", NULL, NULL,
          "t.xml:19: required-meeting: type: 'daily' is not a meeting type code (morning (晨会), monthly (月分析例会), topic (专题会议), training (培训会议), weekly (周例会/部门例会/小组例会/周总结会), sharing (分享会))\n" },
        { "required meeting of an unknown department, ending before it starts",
          "<reports><weekly", "<required-meetings><required-meeting type=\"morning\" dept=\"财务部\" on=\"workdays\" start=\"08:30\" end=\"08:05\" article=\"a\" assumed=\"t\"/></required-meetings><reports><weekly", NULL, NULL,
          "t.xml:19: required-meeting: dept: '财务部' is not a declared department\n"
          "t.xml:19: required-meeting: end 08:05 is not after start 08:30\n" },
        { "required meeting declared twice for one department",
          "<reports><weekly", "<required-meetings><required-meeting type=\"weekly\" dept=\"客服部\" on=\"fri\" article=\"a\" assumed=\"t\"/>\n"
          "<required-meeting type=\"weekly\" dept=\"客服部\" on=\"last-sat\" article=\"a\" assumed=\"t\"/></required-meetings><reports><weekly", NULL, NULL,
          "t.xml:20: required-meeting: type 'weekly' of dept '客服部' is declared twice (first on line 19)\n" },
        { "required meeting on a day the schema does not know",
          "<reports><weekly", "<required-meetings><required-meeting type=\"weekly\" dept=\"客服部\" on=\"biweekly\" article=\"a\" assumed=\"t\"/></required-meetings><reports><weekly", NULL, NULL,
          "t.xml:19: Element 'required-meeting', attribute 'on': [facet 'pattern'] The value 'biweekly' is not accepted "
          "by the pattern 'workdays|week|(last-)?(mon|tue|wed|thu|fri|sat|sun)'.\n" },
        { "required meeting without a quote or an assumption",
          "<reports><weekly", "<required-meetings><required-meeting type=\"morning\" dept=\"客服部\" on=\"workdays\" article=\"a\"/></required-meetings><reports><weekly", NULL, NULL,
          "t.xml:19: required-meeting 'a': neither a quote of the document (quote=) nor an assumed=\"why\"\n" },
        { "duplicate role code",
          "<role code=\"gm\" name=\"总经理\"/>", "<role code=\"gm\" name=\"总经理\"/><role code=\"gm\" name=\"老板\"/>", NULL, NULL,
          "t.xml:12: role: code 'gm' is declared twice (first on line 12)\n" },
        { "duplicate role name",
          "<role code=\"gm\" name=\"总经理\"/>", "<role code=\"gm\" name=\"总经理\"/>\n<role code=\"boss\" name=\"总经理\"/>", NULL, NULL,
          "t.xml:13: role 'boss': name '总经理' is already used on line 12\n" },
        { "duplicate offence code",
          "<offense code=\"false_receipt\"", "<offense code=\"leave_post\" name=\"脱岗\" article=\"a\" assumed=\"t\"><warning/></offense>\n<offense code=\"false_receipt\"", NULL, NULL,
          "t.xml:22: offense: code 'leave_post' is declared twice (first on line 21)\n" },
        { "duplicate category and sla code",
          "<key-loan", "<category code=\"daily\" name=\"日常\" period=\"P1Y\" trigger=\"created_on\" disposition=\"destroy\" article=\"a\" assumed=\"t\"/><key-loan",
          "code=\"hh\"", "code=\"repair_arrival\"",
          "t.xml:26: recurring: code 'repair_arrival' is declared twice (first on line 25)\n"
          "t.xml:30: category: code 'daily' is declared twice (first on line 29)\n" },
        { "DOCTYPE",
          "<policy version=\"1\">", "<!DOCTYPE policy [<!ENTITY x \"y\">]>\n<policy version=\"1\">", NULL, NULL,
          "t.xml:2: DOCTYPE is not allowed in a policy file (no DTD or entity is ever loaded)\n" },
        { "XXE",
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE policy [\n<!ENTITY x SYSTEM \"file:///etc/passwd\">\n]>", NULL, NULL,
          "t.xml:1: DOCTYPE is not allowed in a policy file (no DTD or entity is ever loaded)\n" },
        /* <time-off> (issue 11) goes after <attendance>, on line 18 with the meetings */
        { "time-off: a notice window in months",
          "<meetings>", "<time-off><notice within=\"P1M\" article=\"a\" assumed=\"t\"/></time-off><meetings>", NULL, NULL,
          "t.xml:18: notice: within: 'P1M' must be days, hours or minutes, not months or years\n" },
        { "time-off: seven rest days a week",
          "<meetings>", "<time-off><rest-days per-week=\"7\" article=\"a\" assumed=\"t\"/></time-off><meetings>", NULL, NULL,
          "t.xml:18: rest-days: per-week 7 leaves no working day in a week\n" },
        { "time-off: swaps reported to an undeclared role",
          "<meetings>", "<time-off><swap-report roles=\"shop_manager\" article=\"a\" assumed=\"t\"/></time-off><meetings>", NULL, NULL,
          "t.xml:18: swap-report: roles: 'shop_manager' is not a declared role\n" },
        { "time-off: an ask-ahead rule with neither quote nor assumption",
          "<meetings>", "<time-off><ask-ahead days=\"1\" article=\"a\"/></time-off><meetings>", NULL, NULL,
          "t.xml:18: ask-ahead 'a': neither a quote of the document (quote=) nor an assumed=\"why\"\n" },
        { "time-off: all five rules, well formed",
          "<meetings>", "<time-off><ask-ahead days=\"1\" fine=\"5.00\" article=\"a\" assumed=\"t\"/>"
          "<notice within=\"PT24H\" article=\"a\" assumed=\"t\"/><rest-days per-week=\"1\" article=\"a\" assumed=\"t\"/>"
          "<swap-limit per-month=\"2\" article=\"a\" assumed=\"t\"/><swap-report roles=\"gm\" article=\"a\" assumed=\"t\"/>"
          "</time-off><meetings>", NULL, NULL, "" },
        { "bad duration",
          "within=\"PT15M\"", "within=\"15 minutes\"", NULL, NULL,
          "t.xml:25: deadline 'repair_arrival': within: '15 minutes' is not a duration (ISO 8601 like PT15M, P3D, P1M, 'N workdays' or 'same-day')\n" },
        { "bad retention period",
          "period=\"P10Y\"", "period=\"10 years\"", NULL, NULL,
          "t.xml:29: category 'daily': period: '10 years' is not a duration (ISO 8601 like PT15M, P3D, P1M or 'permanent')\n" },
        { "work days in a retention period",
          "period=\"P10Y\"", "period=\"10 workdays\"", NULL, NULL,
          "t.xml:29: category 'daily': period: '10 workdays' must be a calendar duration here, not work days\n" },
        { "bad loan period",
          "within=\"P7D\"", "within=\"a week\"", NULL, NULL,
          "t.xml:31: archive-loan: within: 'a week' is not a duration (ISO 8601 like PT15M, P3D, P1M, 'N workdays' or 'same-day')\n" },
        { "range min greater than max",
          "min=\"100.00\"", "min=\"600.00\"", NULL, NULL,
          "t.xml:22: offense 'false_receipt': range min 600.00 is greater than max 500.00\n" },
        { "bad amount",
          "<fine amount=\"10.00\"/>", "<fine amount=\"10.0.0\"/>", NULL, NULL,
          "t.xml:21: offense 'leave_post': amount: '10.0.0' is not an amount in yuan (e.g. 20.00)\n" },
        { "negative meeting amount",
          "case=\"late\" amount=\"10.00\"", "case=\"late\" amount=\"-10.00\"", NULL, NULL,
          "t.xml:18: meetings 'late': amount: '-10.00' is not an amount in yuan (e.g. 20.00)\n" },
        { "ladder with no steps",
          "<warning/><fine amount=\"10.00\"/></offense>", "</offense>", NULL, NULL,
          "t.xml:21: offense 'leave_post': the ladder has no steps\n" },
        /* issue 11: nothing passes silently as the regulation's word */
        { "neither quote nor assumed: a load error at the element's line",
          "<days-per-month value=\"21.75\" article=\"a\" assumed=\"t\"/>", "<days-per-month value=\"21.75\" article=\"a\"/>",
          NULL, NULL,
          "t.xml:13: days-per-month 'a': neither a quote of the document (quote=) nor an assumed=\"why\"\n" },
        { "neither quote nor assumed, on two elements: both named",
          "<offense code=\"leave_post\" name=\"窜岗脱岗\" article=\"a\" assumed=\"t\">",
          "<offense code=\"leave_post\" name=\"窜岗脱岗\" article=\"惩罚3\">",
          "<key-loan within=\"same-day\" article=\"a\" assumed=\"t\"/>", "<key-loan within=\"same-day\" article=\"a\"/>",
          "t.xml:21: offense '惩罚3': neither a quote of the document (quote=) nor an assumed=\"why\"\n"
          "t.xml:30: key-loan 'a': neither a quote of the document (quote=) nor an assumed=\"why\"\n" },
        { "a quote alone is enough",
          "<key-loan within=\"same-day\" article=\"a\" assumed=\"t\"/>", "<key-loan within=\"same-day\" article=\"a\" quote=\"当天借当天还\"/>",
          NULL, NULL, "" },
        { "missing article attribute",
          "<offense code=\"leave_post\" name=\"窜岗脱岗\" article=\"a\" assumed=\"t\">", "<offense code=\"leave_post\" name=\"窜岗脱岗\">", NULL, NULL,
          "t.xml:21: Element 'offense': The attribute 'article' is required but missing.\n" },
        { "schema errors are all reported",
          "<offense code=\"leave_post\" name=\"窜岗脱岗\" article=\"a\" assumed=\"t\">", "<offense code=\"leave_post\" name=\"窜岗脱岗\">",
          "<key-loan within=\"same-day\" article=\"a\" assumed=\"t\"/>", "<key-loan within=\"same-day\"/>",
          "t.xml:21: Element 'offense': The attribute 'article' is required but missing.\n"
          "t.xml:30: Element 'key-loan': The attribute 'article' is required but missing.\n" },
        { "year listed twice",
          "</calendar>", "<year value=\"2025\" source=\"again\"/>\n</calendar>", NULL, NULL,
          "t.xml:10: calendar: year 2025 is listed twice (first on line 6)\n" },
        { "holiday outside its year",
          "from=\"2025-01-01\"", "from=\"2024-12-31\" to=\"2025-01-01\"", NULL, NULL,
          "t.xml:7: holiday '元旦': 2024-12-31 is outside year 2025\n" },
        { "make-up day outside its year, holiday backwards",
          "date=\"2025-01-26\"", "date=\"2026-01-04\"",
          "from=\"2025-01-01\"", "from=\"2025-01-03\" to=\"2025-01-01\"",
          "t.xml:7: holiday '元旦': from 2025-01-03 is after to 2025-01-01\n"
          "t.xml:8: workday '调休': 2026-01-04 is outside year 2025\n" },
        { "make-up day that is also a holiday",
          "date=\"2025-01-26\"", "date=\"2025-01-01\"", NULL, NULL,
          "t.xml:8: workday '调休': 2025-01-01 is also declared a holiday\n" },
        { "no working day in the week",
          "rest-days=\"sat sun\"", "rest-days=\"mon tue wed thu fri sat sun\"", NULL, NULL,
          "t.xml:5: calendar: rest-days leave no working day in the week\n" },
        { "tier gap",
          "<wage-plus-bonus min=\"3\"", "<wage-plus-bonus min=\"4\"", NULL, NULL,
          "t.xml:16: absence-ladder: tier min 4 leaves a gap or overlap (expected min 3)\n" },
        { "tier min greater than max",
          "<per-day min=\"1\" max=\"2\"", "<per-day min=\"3\" max=\"2\"", NULL, NULL,
          "t.xml:16: absence-ladder: tier min 3 is greater than max 2\n" },
        { "absence-day step without tiers to cost it (a ladder without tiers is allowed)",
          "<per-day min=\"1\" max=\"2\" multiple=\"2\"/><wage-plus-bonus min=\"3\" bonus-multiple=\"2\"/>", "",
          "<warning/><fine amount=\"10.00\"/>", "<absence-day/>",
          "t.xml:21: offense 'leave_post': an absence-day step needs the attendance absence-ladder to cost the day\n" },
        { "occurrences both counted and fined",
          "per-absence-day=\"3\"", "per-absence-day=\"3\" fine=\"10.00\"", NULL, NULL,
          "t.xml:15: occurrences: per-absence-day and fine exclude each other (an occurrence is either counted into absence days or fined)\n" },
        { "occurrences neither counted nor fined",
          "per-absence-day=\"3\"", "", NULL, NULL,
          "t.xml:15: occurrences: needs per-absence-day or fine\n" },
        { "meeting case missing and twice",
          "case=\"disruption\"", "case=\"absent\"", NULL, NULL,
          "t.xml:18: meetings: case 'absent' is declared twice (first on line 18)\n"
          "t.xml:18: meetings: no fine for case 'disruption'\n" },
        { "calendar alignment needs whole months",
          "<phase every=\"P3M\"/>", "<phase every=\"P5M\"/>", NULL, NULL,
          "t.xml:26: recurring 'hh': align=\"calendar\" needs whole months that divide a year (P1M, P3M, P6M, P1Y), not 'P5M'\n" },
        { "open phase not last",
          "<phase every=\"P3M\"/>", "<phase every=\"P1M\"/><phase every=\"P3M\"/>", NULL, NULL,
          "t.xml:26: recurring 'hh': a phase without count must be the last\n" },
        { "too few witnesses",
          "min-witnesses=\"2\"", "min-witnesses=\"1\"", NULL, NULL,
          "t.xml:34: purge: min-witnesses 1 is fewer than 2 (两人以上在场)\n" },
        { "bad days per month",
          "value=\"21.75\"", "value=\"0\"", NULL, NULL,
          "t.xml:13: days-per-month: value '0' is not a number of days in a month (e.g. 21.75)\n" },
        { "not well-formed",
          "</offenses>", "</offense>", NULL, NULL,
          "t.xml:23: not well-formed XML: Opening and ending tag mismatch: offenses line 20 and offense\n" },
        { "min-days greater than max-days",
          "<approval approvers=\"gm\"", "<approval min-days=\"5\" max-days=\"3\" approvers=\"gm\"", NULL, NULL,
          "t.xml:14: approval: min-days 5 is greater than max-days 3\n" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *doc = mutate(cases[i].f1, cases[i].r1, cases[i].f2, cases[i].r2);
        check_case(cases[i].label, doc, cases[i].want);
        free(doc);
    }

    /* a document too deep, and one that is not XML at all */
    sbuf deep = {0};
    sbuf_adds(&deep, "<policy version=\"1\">");
    for (int i = 0; i < 20; i++) sbuf_adds(&deep, "<a>");
    for (int i = 0; i < 20; i++) sbuf_adds(&deep, "</a>");
    sbuf_adds(&deep, "</policy>");
    policy *p = NULL;
    sbuf probs = {0};
    kerr e = {0};
    T_EQ_INT(policy_load_mem(deep.p, deep.len, "deep.xml", &p, &probs, &e), -1, "deep");
    T_EQ_STR(probs.p, "deep.xml:1: elements nested deeper than 8 levels\n", "deep message");
    sbuf_free(&probs);
    sbuf_free(&deep);
    T_EQ_INT(policy_load_mem("", 0, "empty.xml", &p, &probs, &e), -1, "empty");
    T_CHECK(probs.p && strncmp(probs.p, "empty.xml:", 10) == 0, "empty message: %s", probs.p ? probs.p : "");
    sbuf_free(&probs);
    /* NULL problems buffer: the kerr still says it, with the count */
    char *two = mutate("approvers=\"gm\"", "approvers=\"x y\"", NULL, NULL);
    T_EQ_INT(policy_load_mem(two, strlen(two), "t.xml", &p, NULL, &e), -1, "no problems buffer");
    T_EQ_STR(e.msg, "t.xml:14: approval: approvers: 'x' is not a declared role (2 problems in all)", "kerr count");
    free(two);
    /* a missing file */
    T_EQ_INT(policy_load_file("/nonexistent/policy.xml", &p, NULL, &e), -1, "missing file");
    T_EQ_INT(e.code, EXIT_NOINPUT, "missing file code");
}

int main(void)
{
    test_packs();
    test_adopt_broken();
    test_adopt_ok();
    test_quotes();
    test_landscaping();
    test_time_off();
    policy *p = NULL;
    sbuf probs = {0};
    kerr e = {0};
    int rc = policy_load_default(&p, &probs, &e);
    T_EQ_INT(rc, 0, "load default");
    if (p) {
        test_calendar(p);
        test_default_numbers(p);
        test_vocab(p);
    }
    size_t len = 0;
    const char *txt = policy_default_text(&len);
    T_CHECK(txt && len > 1000 && strstr(txt, "<policy version=\"1\">"), "default text");
    policy_free(p);
    policy_free(NULL);
    sbuf_free(&probs);
    test_broken();
    return t_done();
}
