/* report.c — the five PDF reports (report.h, SPEC §8).
 *
 * Each kind declares its sections and, per table section, the fields of its
 * row model (tpl_spec); the template picks, orders, titles and sizes them.
 * A section function streams rows from the store (store_report.h) into the
 * PDF writer (pdf.h), one row at a time, so a report of 100,000 findings
 * needs no more memory than one of ten. Every cell passes through
 * report_mask_text, so an ID number or a phone typed into a free-text field
 * is masked too. Nothing here reads the clock: the same database and
 * options give the same bytes. */
#include "kinds.h"
#include "msg.h"
#include "report.h"
#include "pdf.h"
#include "store_report.h"
#include "tpl.h"
#include "value.h"
#include "visits.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UPCOMING_DAYS 90        /* SPEC §8: records eligible in the next 90 days */
#define MAX_REJECTS_LISTED 1000 /* a run with more rejects lists the first ones and counts the rest */
#define MAX_CATEGORIES 256      /* distinct categories in the counts table */
#define MAX_DEPT_BARS PDF_MAX_BARS

const char *const REPORT_KINDS[] = { "fines", "visits", "retention", "register", "run", NULL };

/* ====================================================================== */
/* masking                                                                */

/* Byte length of the UTF-8 sequence starting with c (1 for invalid bytes). */
static size_t u8len(unsigned char c)
{
    if (c >= 0xF0 && c <= 0xF4) return 4;
    if (c >= 0xE0) return c <= 0xEF ? 3 : 1;
    if (c >= 0xC2 && c <= 0xDF) return 2;
    return 1;
}

/* Splits s into characters: starts[i] is the byte offset of character i.
 * Returns the number of characters (at most cap; more are not indexed). */
static size_t u8split(const char *s, size_t *starts, size_t cap, size_t *total)
{
    size_t n = 0, i = 0, len = strlen(s);
    while (i < len) {
        if (n < cap) starts[n] = i;
        n++;
        size_t k = u8len((unsigned char)s[i]);
        i += (i + k <= len) ? k : 1;
    }
    *total = len;
    return n;
}

#define MASK_MAX_CHARS 256   /* an ID or phone field longer than this is masked whole */

/* Keeps `keep_head` characters, masks `mask` characters (or all up to the
 * tail when mask < 0), keeps `keep_tail`; when the value is shorter than
 * `min_len` characters (or too long to index), masks it whole. */
static void mask_chars(const char *in, char *out, size_t outsz, size_t min_len, size_t keep_head,
                       long mask, size_t keep_tail)
{
    sbuf b = {0};
    size_t starts[MASK_MAX_CHARS], total;
    if (!in) in = "";
    size_t n = u8split(in, starts, MASK_MAX_CHARS, &total);
    if (n < min_len || n > MASK_MAX_CHARS) {
        for (size_t i = 0; i < n && i < MASK_MAX_CHARS; i++) sbuf_addc(&b, '*');
    } else {
        size_t mask_from = keep_head;
        size_t mask_to = mask < 0 ? n - keep_tail : (mask_from + (size_t)mask);
        if (mask_to > n - keep_tail) mask_to = n - keep_tail;
        for (size_t i = 0; i < n; i++) {
            if (i >= mask_from && i < mask_to) { sbuf_addc(&b, '*'); continue; }
            size_t end = i + 1 < n ? starts[i + 1] : total;
            sbuf_add(&b, in + starts[i], end - starts[i]);
        }
    }
    snprintf(out, outsz, "%s", b.p ? b.p : "");
    sbuf_free(&b);
}

void report_mask_id(const char *in, char *out, size_t outsz)
{
    mask_chars(in, out, outsz, 11, 6, -1, 4);
}

void report_mask_phone(const char *in, char *out, size_t outsz)
{
    size_t starts[MASK_MAX_CHARS], total;
    size_t n = u8split(in ? in : "", starts, MASK_MAX_CHARS, &total);
    mask_chars(in, out, outsz, 8, n >= 8 ? n - 8 : 0, 4, 4);
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

void report_mask_text(const char *in, sbuf *out)
{
    if (!in) return;
    size_t i = 0, len = strlen(in);
    sbuf_add(out, "", 0);
    while (i < len) {
        if (!is_digit(in[i])) {
            size_t j = i;
            while (j < len && !is_digit(in[j])) j++;
            sbuf_add(out, in + i, j - i);
            i = j;
            continue;
        }
        size_t j = i;
        while (j < len && is_digit(in[j])) j++;
        size_t run = j - i;
        /* an ID number may end in X */
        if (run == 17 && j < len && (in[j] == 'X' || in[j] == 'x') &&
            !(j + 1 < len && (is_digit(in[j + 1]) || in[j + 1] == 'X'))) {
            j++;
            run++;
        }
        if (run == 18 || run == 15) {
            sbuf_add(out, in + i, 6);
            for (size_t k = 0; k < run - 10; k++) sbuf_addc(out, '*');
            sbuf_add(out, in + j - 4, 4);
        } else if (run == 11 && in[i] == '1') {
            sbuf_add(out, in + i, 3);
            sbuf_adds(out, "****");
            sbuf_add(out, in + j - 4, 4);
        } else {
            sbuf_add(out, in + i, run);
        }
        i = j;
    }
}

/* ====================================================================== */
/* the kinds: sections and row models                                     */

/* fines */
/* detail: the finding's text with its source as a second line ("来源：
 * 02-attendance.xml:17"); source: that source alone; sources: the rows as
 * the database names them ("attendance#12") */
enum { FE_DATE, FE_RULE, FE_ARTICLE, FE_DETAIL, FE_SANCTION, FE_AMOUNT, FE_EMPLOYEE_ID, FE_NAME,
       FE_DEPT, FE_FINDING_ID, FE_SOURCES, FE_SOURCE, FE_N };
static const char *const F_EMP[] = { "date", "rule", "article", "detail", "sanction", "amount",
                                     "employee_id", "name", "dept", "finding_id", "sources", "source", NULL };
enum { FD_DATE, FD_DEPT, FD_RULE, FD_ARTICLE, FD_DETAIL, FD_SANCTION, FD_AMOUNT, FD_FINDING_ID,
       FD_SOURCES, FD_SOURCE, FD_N };
static const char *const F_DEPT[] = { "date", "dept", "rule", "article", "detail", "sanction", "amount",
                                      "finding_id", "sources", "source", NULL };
enum { FT_DEPT, FT_FINDINGS, FT_AMOUNT, FT_N };
static const char *const F_TOTALS[] = { "dept", "findings", "amount", NULL };
static const char *const CH_DEPT[] = { "dept_totals", NULL };

/* visits (and run's coverage) */
enum { VR_RULE, VR_ARTICLE, VR_MET, VR_LATE, VR_MISSED, VR_PENDING, VR_COVERAGE, VR_TARGET, VR_N };
static const char *const V_RULE[] = { "rule", "article", "met", "late", "missed", "pending", "coverage",
                                      "target", NULL };
/* customer: the customer with the obligation's source as a second line;
 * responsible: the staff member and, below, the department's head */
enum { VL_RULE, VL_ARTICLE, VL_SUBJECT, VL_CUSTOMER, VL_PHONE, VL_ANCHOR, VL_DEADLINE, VL_ACTUAL,
       VL_STATUS, VL_CALLBACK, VL_SOURCE, VL_RESPONSIBLE, VL_STAFF, VL_DEPT_HEAD, VL_N };
static const char *const V_LIST[] = { "rule", "article", "subject", "customer", "phone", "anchor",
                                      "deadline", "actual", "status", "callback", "source", "responsible",
                                      "staff", "dept_head", NULL };
static const char *const CH_WEEK[] = { "coverage_by_week", NULL };

/* retention */
enum { RC_CATEGORY, RC_CATEGORY_NAME, RC_ACTIVE, RC_ELIGIBLE, RC_HELD, RC_OPEN, RC_PERMANENT,
       RC_UNCHECKED, RC_TOTAL, RC_N };
static const char *const R_COUNTS[] = { "category", "category_name", "active", "eligible", "held", "open",
                                        "permanent", "unchecked", "total", NULL };
enum { RE_RECORD_ID, RE_CATEGORY, RE_CATEGORY_NAME, RE_OWNER, RE_TITLE, RE_TRIGGER_ON, RE_EXPIRES_ON,
       RE_DISPOSITION, RE_N };
static const char *const R_REC[] = { "record_id", "category", "category_name", "owner", "title",
                                     "trigger_on", "expires_on", "disposition", NULL };
enum { RH_RECORD_ID, RH_CATEGORY, RH_CATEGORY_NAME, RH_OWNER, RH_TITLE, RH_EXPIRES_ON, RH_HOLD_ID,
       RH_REASON, RH_PLACED_ON, RH_STATUS, RH_N };
static const char *const R_HELD[] = { "record_id", "category", "category_name", "owner", "title",
                                      "expires_on", "hold_id", "reason", "placed_on", "status", NULL };
/* overdue: how late, with the loan's source as a second line; responsible:
 * the borrower and, below, the head of the borrower's department */
enum { RL_LOAN_ID, RL_ITEM_TYPE, RL_ITEM_ID, RL_BORROWER, RL_BORROWER_NAME, RL_OUT_AT, RL_DUE_AT,
       RL_RETURNED_AT, RL_OVERDUE, RL_APPROVED_BY, RL_PURPOSE, RL_ARTICLE, RL_SOURCE, RL_RESPONSIBLE,
       RL_DEPT_HEAD, RL_N };
static const char *const R_LOANS[] = { "loan_id", "item_type", "item_id", "borrower", "borrower_name",
                                       "out_at", "due_at", "returned_at", "overdue", "approved_by",
                                       "purpose", "article", "source", "responsible", "dept_head", NULL };
enum { RF_DATE, RF_LOAN_ID, RF_RULE, RF_ARTICLE, RF_DETAIL, RF_FINDING_ID, RF_SOURCE, RF_RESPONSIBLE,
       RF_BORROWER, RF_DEPT_HEAD, RF_N };
static const char *const R_CUSTODY[] = { "date", "loan_id", "rule", "article", "detail", "finding_id", "source",
                                         "responsible", "borrower", "dept_head", NULL };

/* register */
enum { GI_RECORD_ID, GI_CATEGORY, GI_CATEGORY_NAME, GI_TITLE, GI_OWNER, GI_TRIGGER_ON, GI_EXPIRES_ON,
       GI_DISPOSITION, GI_STATUS, GI_NOTE, GI_PERIOD, GI_YEAR, GI_ITEMS, GI_REASON, GI_N };
static const char *const G_ITEMS[] = { "record_id", "category", "category_name", "title", "owner",
                                       "trigger_on", "expires_on", "disposition", "status", "note",
                                       "period", "year", "items", "reason", NULL };
enum { GP_DUTY, GP_PERSON, GP_ROLE, GP_SOURCE, GP_READ_AT, GP_N };
static const char *const G_PEOPLE[] = { "duty", "person", "role", "source", "read_at", NULL };

/* run */
enum { US_FILE, US_KIND, US_FORMAT, US_ENCODING, US_INGESTED_AT, US_STORED, US_REJECTED, US_REPLACED,
       US_N };
static const char *const U_SOURCES[] = { "file", "kind", "format", "encoding", "ingested_at", "stored",
                                         "rejected", "replaced", NULL };
enum { UR_FILE, UR_LINE, UR_FIELD, UR_VALUE, UR_MESSAGE, UR_N };
static const char *const U_REJECTS[] = { "file", "line", "field", "value", "message", NULL };
enum { UF_RULE, UF_ARTICLE, UF_FINDINGS, UF_AMOUNT, UF_N };
static const char *const U_FINDINGS[] = { "rule", "article", "findings", "amount", NULL };

#define MAX_FIELDS 16   /* the widest row model above has 15 fields */

typedef struct rctx rctx;
/* Fills one section; returns 0 or -1 with the error in rc->e. */
typedef int (*section_fn)(rctx *rc, const tpl_section *s);

/* A kind: what its templates may say and how each section is drawn. */
typedef struct report_kind {
    tpl_spec spec;               /* sections and fields for the template loader */
    const section_fn *fns;       /* fns[i] draws spec.secs[i] */
    int needs_period;            /* 1: --from/--to required */
} report_kind;

/* The state of one rendering. */
struct rctx {
    store *st;                   /* the store (borrowed) */
    const policy *p;             /* the policy (borrowed) */
    const report_opts *o;        /* the options (borrowed) */
    int en;                      /* 1: English labels */
    pdf_doc *d;                  /* the document being drawn (owned by render) */
    tpl *t;                      /* the template (owned by render) */
    kerr *e;                     /* where the first error goes */
    char from[11], to[11];       /* the period ("" when not given) */
    char as_of[11];              /* the reference date for retention and register */
    sbuf cell[PDF_MAX_COLS];     /* masked cell texts of the row being drawn */
    int table_open;              /* 1 while a pdf table is open */
    const tpl_spec *spec;        /* the kind's sections (for their names) */
    report_tables *tabs;         /* when set, every table row is kept here too */
    store_srcq *srcq;            /* where finding rows came from; made on first use (owned) */
    sbuf src, who, det;          /* the source, "who must act" and English detail texts of the row
                                    being drawn */
    const tpl_section *tab_sec;  /* the section of tabs' last table */
    long rows;                   /* data rows drawn in the current section */
    /* register */
    long n_destroy, n_transfer;  /* items by disposition (title and witness wording) */
};

static const char *L(const rctx *rc, const char *zh, const char *en) { return rc->en ? en : zh; }

/* Parses decimal integer text from SQLite (NULL and junk read as 0). */
static int64_t num(const char *s)
{
    if (!s || !*s) return 0;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || !end || *end) return 0;
    return (int64_t)v;
}

static int store_fail(rctx *rc) { (void)rc; return -1; }

/* Records the PDF writer's first error into rc->e; returns -1. */
static int pdf_fail(rctx *rc)
{
    if (!rc->e->code) pdf_error(rc->d, rc->e);
    if (!rc->e->code) kerr_set(rc->e, EXIT_SOFTWARE, "PDF writer failed");
    return -1;
}

/* ---- labels ---- */

/* Rule codes of SPEC §7 with their names; other codes print as they are. */
static const struct { const char *code, *zh, *en; } RULES[] = {
    { "absence_occurrences", "迟到早退累计旷工", "Late/early counted as absence" },
    { "absence_run", "旷工", "Absence" },
    { "late", "迟到", "Late" },
    { "early", "早退", "Left early" },
    { "punch_unpaired", "打卡无对应班次", "Punch in no shift" },
    { "late_schedule", "迟到（作息表，无排班）", "Late (schedule, no roster)" },
    { "early_schedule", "早退（作息表，无排班）", "Left early (schedule, no roster)" },
    { "absence_schedule", "缺勤（作息表，无排班）", "Absent (schedule, no roster)" },
    { "leave_late_request", "请假未提前申请", "Leave not asked in time" },
    { "leave_late_notice", "突发请假告知逾期", "Emergency leave told late" },
    { "rest_day_missing", "每周无轮休日", "No weekly rest day" },
    { "shift_swap_excess", "换班超过每月次数", "Too many shift swaps in a month" },
    { "shift_swap_unreported", "换班未报备", "Shift swap not reported" },
    { "dismissal", "达到解除劳动合同条件", "Dismissal threshold" },
    { "deduction_warning", "罚扣款超警戒线", "Deductions over the warning line" },
    { "minimum_wage_warning", "低于最低工资", "Below the minimum wage" },
    { "meeting_absent", "会议缺席", "Meeting: absent" },
    { "meeting_late", "会议迟到", "Meeting: late" },
    { "meeting_left_early", "会议早退", "Meeting: left early" },
    { "meeting_disruption", "扰乱会议", "Meeting: disruption" },
    { "meeting_not_held", "应开会议未召开", "Required meeting not held" },
    { "report_weekly", "周报表逾期", "Weekly report late" },
    { "report_monthly", "月报表逾期", "Monthly report late" },
    { "incident", "违规记录", "Violation record" },
    { "complaint_callback", "投诉回访", "Complaint callback" },
    { "complaint_progress", "投诉进度回访", "Complaint progress callback" },
    { "membership_callback", "会员回访", "Membership callback" },
    { "repair_arrival", "维修到场", "Repair arrival" },
    { "repair_callback", "维修回访", "Repair callback" },
    { "reception_register", "来访登记", "Visitor register" },
    { "household_visit", "住户季度回访", "Household visit" },
    { "director_visit", "办公室主任年度回访", "Office director's yearly visit" },
    { "complaint_same_day", "投诉当天调查", "Complaint investigated the same day" },
    { "valid_complaint_rate", "有效投诉率超标", "Valid-complaint rate over target" },
    { "project_visit", "项目回访", "Project visit" },
    { "quiet_hours", "休息时段回访", "Callback in quiet hours" },
    { "key_loan_overdue", "钥匙逾期未还", "Key returned late" },
    { "archive_loan_overdue", "档案逾期未还", "Archive returned late" },
    { "external_loan_unapproved", "外借未经批准", "External loan not approved" },
    { "confidential_loan", "保密档案外借", "Confidential record lent" },
    { "archive_loan_unapproved", "档案借出未经批准", "Archive loan not approved" },
    { "archive_loan_at_leaving", "离职未还档案", "Archive still out at leaving" },
    { "archive_copy_unsigned", "复印带走未签字", "Copy or take-away not signed" },
    { "key_loan_no_purpose", "借钥匙未说明用途", "Key loan without a purpose" },
    { "key_loan_external_unsigned", "外部借钥匙未签字", "Outside key loan not signed" },
};

static const char *rule_label(const rctx *rc, const char *code)
{
    if (!code) return "";
    for (size_t i = 0; i < sizeof RULES / sizeof RULES[0]; i++)
        if (strcmp(RULES[i].code, code) == 0) return L(rc, RULES[i].zh, RULES[i].en);
    return code;
}

/* A code of one of the schema's enumerations, translated. */
static const char *word(const rctx *rc, const char *code)
{
    static const struct { const char *code, *zh, *en; } W[] = {
        { "none", "记录", "record" }, { "warning", "警告", "warning" }, { "fine", "罚款", "fine" },
        { "deduction", "扣款", "deduction" }, { "dismissal", "解除（待人事审核）", "dismissal (HR review)" },
        { "reward", "奖励", "reward" },
        { "met", "按时", "met" }, { "late", "逾期完成", "late" }, { "missed", "未完成", "missed" },
        { "pending", "未到期", "pending" }, { "active", "保管中", "active" }, { "eligible", "可处理", "eligible" },
        { "held", "冻结", "held" }, { "open", "未结", "open" }, { "permanent", "永久", "permanent" },
        { "destroy", "销毁", "destroy" }, { "transfer", "移交", "transfer" }, { "proposed", "拟处理", "proposed" },
        { "dropped", "已剔除", "dropped" }, { "destroyed", "已销毁", "destroyed" },
        { "transferred", "已移交", "transferred" }, { "planned", "已拟定", "planned" },
        { "approved", "已批准", "approved" }, { "executed", "已执行", "executed" },
        { "key", "钥匙", "key" }, { "archive", "档案", "archive" },
    };
    if (!code) return "";
    for (size_t i = 0; i < sizeof W / sizeof W[0]; i++)
        if (strcmp(W[i].code, code) == 0) return L(rc, W[i].zh, W[i].en);
    return code;
}

/* A category's name in the report's language: the policy's name, or its
 * name-en in English; the code when the pack gives none. */
static const char *category_name(const rctx *rc, const char *code)
{
    if (!code) return "";
    const char *n = rc->en ? policy_vocab_name_en(rc->p, POLICY_VOCAB_CATEGORY, code)
                           : policy_vocab_name(rc->p, POLICY_VOCAB_CATEGORY, code);
    return n ? n : code;
}

/* ---- sections and tables ---- */

static int heading(rctx *rc, int level, const char *zh, const char *en)
{
    return pdf_heading(rc->d, level, L(rc, zh, en), NULL) < 0 ? pdf_fail(rc) : 0;
}

/* Starts a table in rc->tabs for section s (its headings as the PDF's). */
static void tab_begin(rctx *rc, const tpl_section *s)
{
    report_tables *ts = rc->tabs;
    if (ts->n == ts->cap) {
        ts->cap = ts->cap ? 2 * ts->cap : 8;
        ts->t = xrealloc(ts->t, ts->cap * sizeof *ts->t);
    }
    report_table *t = &ts->t[ts->n++];
    memset(t, 0, sizeof *t);
    t->name = xstrdup(rc->spec->secs[s->spec].name);
    t->title = xstrdup(L(rc, s->zh, s->en));
    t->ncols = s->ncols < PDF_MAX_COLS ? s->ncols : PDF_MAX_COLS;
    t->heads = xmalloc(t->ncols * sizeof *t->heads);
    for (size_t j = 0; j < t->ncols; j++) t->heads[j] = xstrdup(L(rc, s->cols[j].zh, s->cols[j].en));
    rc->tab_sec = s;
}

/* Keeps one row, as drawn (cells[0..ncols-1]), in the section's table. */
static void tab_row(rctx *rc, const tpl_section *s, const char *const *cells, unsigned flags)
{
    if (rc->tab_sec != s) tab_begin(rc, s);
    report_table *t = &rc->tabs->t[rc->tabs->n - 1];
    if (t->nrows == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 64;
        t->cells = xrealloc(t->cells, t->cap * (t->ncols ? t->ncols : 1) * sizeof *t->cells);
        t->kinds = xrealloc(t->kinds, t->cap);
    }
    for (size_t j = 0; j < t->ncols; j++) t->cells[t->nrows * t->ncols + j] = xstrdup(cells[j]);
    t->kinds[t->nrows++] = flags & PDF_ROW_GROUP ? REPORT_ROW_GROUP
                         : flags & (PDF_ROW_BOLD | PDF_ROW_SHADE | PDF_ROW_END) ? REPORT_ROW_TOTAL
                         : REPORT_ROW_DATA;
}

/* Keeps a "label value" line of the current table section as a note. */
static void tab_note(rctx *rc, const char *label, const char *value)
{
    report_table *t = &rc->tabs->t[rc->tabs->n - 1];
    t->notes = xrealloc(t->notes, (t->nnotes + 1) * 2 * sizeof *t->notes);
    t->notes[2 * t->nnotes] = xstrdup(label);
    t->notes[2 * t->nnotes + 1] = xstrdup(value);
    t->nnotes++;
}

void report_tables_free(report_tables *ts)
{
    if (!ts) return;
    for (size_t i = 0; i < ts->n; i++) {
        report_table *t = &ts->t[i];
        for (size_t j = 0; j < t->ncols; j++) free(t->heads[j]);
        for (size_t j = 0; j < t->nrows * t->ncols; j++) free(t->cells[j]);
        for (size_t j = 0; j < 2 * t->nnotes; j++) free(t->notes[j]);
        free(t->notes);
        free(t->heads);
        free(t->cells);
        free(t->kinds);
        free(t->name);
        free(t->title);
    }
    free(ts->t);
    memset(ts, 0, sizeof *ts);
}

static int section_heading(rctx *rc, const tpl_section *s)
{
    rc->rows = 0;
    rc->table_open = 0;
    /* a table section is a table in the spreadsheet even when it has no row */
    if (rc->tabs) {
        rc->tab_sec = NULL;
        if (s->ncols > 0) tab_begin(rc, s);
    }
    return heading(rc, 2, s->zh, s->en);
}

static int table_open(rctx *rc, const tpl_section *s)
{
    if (rc->table_open || s->ncols == 0) return 0;
    pdf_col cols[PDF_MAX_COLS];
    size_t n = s->ncols < PDF_MAX_COLS ? s->ncols : PDF_MAX_COLS;
    for (size_t j = 0; j < n; j++) {
        cols[j].heading = L(rc, s->cols[j].zh, s->cols[j].en);
        cols[j].mm = s->cols[j].mm;
        cols[j].frac = s->cols[j].frac;
        cols[j].align = s->cols[j].align == TPL_RIGHT ? PDF_RIGHT
                      : s->cols[j].align == TPL_CENTER ? PDF_CENTER : PDF_LEFT;
        cols[j].words = s->cols[j].wrap_words;
    }
    if (pdf_table_begin(rc->d, cols, n) < 0) return pdf_fail(rc);
    rc->table_open = 1;
    return 0;
}

/* Ends the section's table, or says the period has nothing when no row came. */
static int table_close(rctx *rc, const tpl_section *s)
{
    (void)s;
    if (rc->table_open) {
        rc->table_open = 0;
        return pdf_table_end(rc->d) < 0 ? pdf_fail(rc) : 0;
    }
    if (rc->rows == 0)
        return pdf_paragraph(rc->d, L(rc, rc->t->empty_zh, rc->t->empty_en), NULL) < 0 ? pdf_fail(rc) : 0;
    return 0;
}

/* Draws one row: vals[field] for each template column (NULL = empty). */
static int row(rctx *rc, const tpl_section *s, const char *const *vals, unsigned flags, const char *ctx)
{
    if (s->ncols == 0) { rc->rows++; return 0; }
    if (table_open(rc, s) < 0) return -1;
    const char *cells[PDF_MAX_COLS];
    size_t n = s->ncols < PDF_MAX_COLS ? s->ncols : PDF_MAX_COLS;
    for (size_t j = 0; j < n; j++) {
        const char *v = vals[s->cols[j].field];
        sbuf_reset(&rc->cell[j]);
        if (v) report_mask_text(v, &rc->cell[j]);
        cells[j] = rc->cell[j].p ? rc->cell[j].p : "";
    }
    rc->rows++;
    if (rc->tabs) tab_row(rc, s, cells, flags);
    return pdf_table_row(rc->d, cells, flags, ctx) < 0 ? pdf_fail(rc) : 0;
}

/* A label row (a group heading, a subtotal): `vals` holds the figures; the
 * label goes into the widest column the figures leave empty (170 mm is
 * about the A4 text width, to compare fractions with millimetres). */
static int label_row(rctx *rc, const tpl_section *s, const char *label, const char **vals,
                     unsigned flags)
{
    /* the widest empty column: one without a width first (it takes what is
     * left), then the one with the most millimetres or the largest fraction */
    long best = -1;
    double best_w = -1;
    for (size_t j = 0; j < s->ncols; j++) {
        if (vals[s->cols[j].field]) continue;
        const tpl_col *c = &s->cols[j];
        double w = c->mm > 0 ? c->mm : c->frac > 0 ? c->frac * 170.0 : 1e9;
        if (w > best_w) { best_w = w; best = (long)j; }
    }
    if (best >= 0) vals[s->cols[best].field] = label;
    int r = row(rc, s, vals, flags, NULL);
    rc->rows--;   /* not a data row */
    return r;
}

static int para(rctx *rc, const char *text)
{
    return pdf_paragraph(rc->d, text, NULL) < 0 ? pdf_fail(rc) : 0;
}

static int kv(rctx *rc, const char *zh, const char *en, const char *value)
{
    if (rc->tabs && rc->tab_sec) tab_note(rc, L(rc, zh, en), value ? value : "");
    return pdf_keyvalue(rc->d, L(rc, zh, en), value ? value : "", NULL) < 0 ? pdf_fail(rc) : 0;
}

static void fen_str(int64_t fen, char out[32]) { val_fen_str(fen, out, 32); }

/* "YYYY-MM-DD HH:MM:SS" shortened to minutes for table cells. */
static const char *minutes(const char *dt, char out[17])
{
    if (!dt) return NULL;
    snprintf(out, 17, "%.16s", dt);
    return out;
}

/* ---- the findings' details in English (issue 12) ---- */

/* kefu's check stores each finding's detail in Chinese, composed of fixed
 * phrases (fines.c, retain.c) around numbers, dates, ids and the data's
 * own text. The English reports put each phrase into English here; the
 * data's text (names, titles, departments) stays as it is, and the
 * policy's Chinese role, category, offence and reward names become their
 * name-en or code (detail_en). The longest phrase matching at a point wins. */
static const struct { const char *zh, *en; } DETAIL_EN[] = {
    /* attendance (fines.c occurrence, run_close, cost_text) */
    { "迟到：上班打卡 ", "Late: clocked in at " }, { "早退：下班打卡 ", "Left early: clocked out at " },
    { "缺上班打卡，按迟到计（班次 ", "No clock-in, counted as late (shift starting " },
    { "缺下班打卡，按早退计（班次 ", "No clock-out, counted as leaving early (shift ending " },
    { "，班次 ", ", shift " }, { " 开始，宽限 ", " start, grace " }, { " 分钟（本月第 ", " min (no. " },
    { " 结束（本月第 ", " end (no. " }, { " 开始；本月第 ", " start; no. " }, { " 结束；本月第 ", " end; no. " },
    { " 次迟到早退）", " late/early this month)" },
    { " 次迟到早退（每 ", " late/early this month (every " },
    { " 次按旷工 1 天），按旷工 1 天计（", " count as 1 day of absence): 1 day of absence (" },
    { "连续旷工 ", "Absent on consecutive days: " }, { "旷工 ", "Absent " }, { " 天（", " days (" },
    { " 年累计旷工第 ", ": absences this year reach day " },
    { "本单位制度未规定旷工扣款，未计扣款", "the rules set no deduction for absence; nothing deducted" },
    { "制度中无 ", "the rules have no deduction tier for " }, { " 天的扣款档位，未计扣款", " days; nothing deducted" },
    { "；请假单 ", "; leave " }, { "；另有 ", "; " }, { " 张无效请假单", " more invalid leaves" },
    { "），按旷工处理", "); counted as absence" },
    /* leave approval (fines.c leave_judge) */
    { "无适用的审批规则", "no approval rule applies" }, { "无批准人", "no approver" },
    { "批准人为请假人本人", "approved by the requester" }, { "（批准人为", " (approved by " },
    { "批准人 ", "approver " }, { " 不在员工名册中", " is not on the staff roll" },
    { " 为其他部门（", " is of another department (" }, { "无医院证明", " without a hospital certificate" },
    { "本部门", "own department's " }, { "的 ", "'s " }, { " 天", " days " }, { "须", "needs approval by " },
    { "批准）", ")" }, { "批准", "" }, { " 无效（", " invalid (" }, { "无效（", " invalid (" }, { "或", " or " },
    { "事假", "personal leave" }, { "病假", "sick leave" }, { "年假", "annual leave" }, { "婚假", "marriage leave" },
    { "产假", "maternity leave" }, { "丧假", "bereavement leave" }, { "调休/换休假", "time off in lieu" },
    { "工伤假", "injury leave" }, { "带薪假", "paid leave" },
    /* shifts from the policy's schedule where there is no roster (fines.c) */
    { "作息表班次（无排班）", "Schedule shift (no roster) " },
    { " 无打卡，按作息表可能旷工；待排班确认，不计扣款",
      " no punch, possibly absent by the schedule; pending roster confirmation, no deduction" },
    { "缺上班打卡（作息 ", "no clock-in (schedule " }, { "缺下班打卡（作息 ", "no clock-out (schedule " },
    { " 开始）；待排班确认", " start); pending roster confirmation" },
    { " 结束）；待排班确认", " end); pending roster confirmation" }, { "，作息 ", ", schedule " },
    { " 分钟；待排班确认", " min; pending roster confirmation" },
    { " 结束；待排班确认", " end; pending roster confirmation" }, { "；当天无排班", "; no roster that day" },
    /* punches paired with no shift (punch.c) */
    { "打卡不属于任何班次：", "Punches in no shift: " }, { "（另有 ", " (" }, { " 次重复打卡）", " more repeated)" },
    { "；政策未声明 <punch-pairing>，打卡未与班次配对", "; the policy declares no <punch-pairing>: not paired" },
    { "；员工编号未登记，打卡无法配对", "; the employee id is not on the roll: not paired" },
    { "；不在当天班次的上下班打卡时段内", "; outside the day's clock-in and clock-out windows" },
    /* meetings */
    { "晨会 ", "Morning meeting " }, { "月分析例会 ", "Monthly review meeting " },
    { "专题会议 ", "Topic meeting " }, { "培训会议 ", "Training meeting " }, { "：未到会且未请假", ": absent without leave" },
    { "：迟到，到会 ", ": late, arrived " }, { "：提前离会，离会 ", ": left early at " },
    { "，会议 ", ", the meeting ending " }, { " 结束", "" }, { "：扰乱会议秩序", ": disrupted the meeting" },
    /* required meetings (fines.c required_judge) */
    { " 应召开", " must hold a " }, { " 应每周召开", " must hold a " }, { "一次（", " once a week (" },
    { "，当日无", ", that day no " }, { "，本周无", ", that week no " }, { "记录（警告）", " record (warning)" },
    { "晨会", "morning meeting" }, { "月分析例会", "monthly review meeting" }, { "周例会", "weekly meeting" },
    { "分享会", "sharing meeting" }, { "专题会议", "topic meeting" }, { "培训会议", "training meeting" },
    { "星期一", "Mon" }, { "星期二", "Tue" }, { "星期三", "Wed" }, { "星期四", "Thu" }, { "星期五", "Fri" },
    { "星期六", "Sat" }, { "星期日", "Sun" },
    /* leave asked in time, rest days, shift swaps (fines.c time-off rules) */
    { "请假 ", "Leave " }, { "假期开始后才告知，告知时间 ", " told only after the leave began, at " },
    { "，晚于期限 ", ", later than the limit " }, { "于 ", " asked on " }, { " 提出，未提前 ", ", not " },
    { " 天（最迟 ", " day(s) ahead (latest " },
    { " 一周上班 ", ": worked " }, { " 天，轮休 ", " days, rested " }, { " 天，少于每周 ", " days, fewer than the weekly " },
    { "换班 ", "Shift swap " }, { "）为 ", ") is in " }, { " 第 ", ", no. " },
    { " 次换班，每月不得超过 ", " swap; at most " }, { " 次", " a month" },
    { "未报备（须向", " not reported (to be reported to " }, { "报备人 ", " reported to " },
    { " 不在员工名册中（须向", " who is not on the staff roll (to be reported to " },
    { " 为", ", whose role is " }, { "，须向", "; to be reported to " }, { "报备）", ")" }, { "报备", "" },
    /* reports */
    { "周报表 ", "Weekly report " }, { "月报表 ", "Monthly report " }, { "（月度例会 ", " (monthly meeting " },
    { " 逾期提交：截止 ", " submitted late: due " }, { "，提交于 ", ", submitted " },
    { " 未提交：截止 ", " not submitted: due " },
    /* incidents */
    { "（记录 ", " (record " }, { "本月第 ", "this month no. " }, { "本季度第 ", "this quarter no. " },
    { "本年第 ", "this year no. " }, { "累计第 ", "in all no. " }, { " 次，第 ", ", tier " }, { " 档", "" },
    { "：警告", ": warning" }, { "，并开除", ", and dismissal" },
    { "或开除，记录未填罚款金额，按开除处理：", " or dismissal; the record has no amount, so dismissal: " },
    { "（本档范围 ", " (tier range " }, { "：扣除所有工资，即月工资 W = ", ": all wages deducted, the monthly wage W = " },
    { "或月工资 ", " or the monthly wage " }, { "：未记录罚款金额，本档须在 ", ": no amount recorded; this tier needs " },
    { " 元之间", " yuan" }, { "；应退回补正该记录，未计罚款", "; return the record for completion, no fine counted" },
    { "：记录金额 ", ": recorded amount " }, { " 元不在本档范围 ", " yuan is outside the tier range " },
    { " 元内", " yuan" }, { "；应退回更正该记录，未计罚款", "; return the record for correction, no fine counted" },
    { "：当日（", ": the day (" }, { "）按旷工 1 天处理：", ") counted as 1 day of absence: " },
    { "：并开除：", ": and dismissal: " }, { "违规记录 ", "Violation record " }, { "：违规类别 ", ": offence " },
    { " 未在制度中定义，应退回更正该记录", " is not defined in the rules; return the record for correction" },
    { "：罚款 ", ": fine " }, { "，罚款 ", ", fine " },
    /* the auditor's warnings */
    { " 罚款与扣款合计 ", " fines and deductions total " }, { " 元，超过月工资 ", " yuan, over " },
    { " 元的 ", " yuan × " }, { "；金额不作调整，供审计复核", "; no amount altered, for the auditor's review" },
    { " 元，月工资 ", " yuan; the monthly wage " }, { " 元扣除后余 ", " yuan leaves " },
    { " 元，低于当地月最低工资 ", " yuan, below the local monthly minimum wage " },
    /* the valid-complaint rate (visits.c) and the clean-month reward */
    { "有效投诉率 ", "Valid complaint rate " }, { "（当月有效投诉 ", " (valid complaints this month: " },
    { " 件 ÷ ", " ÷ " }, { "住户数 ", "households " }, { "会员数 ", "members " }, { "项目数 ", "projects " },
    { "意向客户数 ", "leads " }, { "），未达 ", "), not under the target of " }, { " 以下的目标", "" },
    { " 无违规、无请假、出全勤：", ": no violation, no leave, full attendance: " },
    { "（\"工作突出\"须部门经理确认）", " (\"outstanding work\" to be confirmed by the department manager)" },
    /* custody (retain.c) */
    { "钥匙 ", "Key " }, { "档案 ", "Record " }, { " 借出 ", " out " },
    { " 归还，超过期限（", " returned, past the limit (" }, { "，截至 ", ", as of " },
    { " 仍未归还（", " not returned (" }, { "当天归还", "same day" }, { "，应于 ", ", due by " },
    { " 前归还）", ")" }, { "外部人员 ", "External borrower " }, { " 借用 ", " borrowed " },
    { " 无批准人，应由 ", " without an approver; required: " }, { " 的批准人 ", ", approver " },
    { " 不在员工表中，应由 ", " is not on the staff roll; required: " }, { " 由 ", ", approved by " },
    { " 批准，其岗位为 ", ", whose role is " }, { "），应由 ", "); required: " }, { "，应由 ", "; required: " },
    { "）批准", ") approval" }, { "）签字批准", ") signed approval" }, { "）签字确认", ") signed confirmation" },
    { "无签字人", "no signer" }, { "签字人 ", "signer " }, { " 的岗位为 ", " whose role is " },
    { "员工 ", "Employee " }, { "；须处理：借用人 ", "; to act: borrower " }, { " 于 ", " on " }, { " 借出档案 ", " took out record " },
    { " 离职，其 ", " left; out on " }, { " 借出的档案 ", ", record " },
    { " 才归还，应于离职前清理移交", " returned only then; to be cleared before leaving" },
    { " 仍未归还，应于离职前清理移交", " still not returned; to be cleared before leaving" },
    { "复印档案 ", "copied record " }, { "带走档案 ", "took away record " },
    { " 借用钥匙 ", " borrowed key " }, { " 未说明用途", " without stating the purpose" },
    { "保密档案 ", "Confidential record " }, { "》于 ", "\" lent on " }, { " 借给 ", " to " },
    { " 的类别 ", " has category " }, { " 不在政策文件中，保管期限未知", ", not in the policy: retention unknown" },
    /* words and punctuation left between the phrases */
    { " 至 ", " to " }, { " 元", " yuan" }, { "元", " yuan" }, { "（", " (" }, { "）", ")" }, { "，", ", " },
    { "：", ": " }, { "；", "; " }, { "、", ", " }, { "《", " \"" }, { "》", "\"" },
};

/* Appends the English of detail `zh` to out (see DETAIL_EN); a Chinese
 * role, category or offence name of the policy becomes its English name
 * or its code. Text matching nothing is kept: it is the data's own. */
static void detail_en(const rctx *rc, const char *zh, sbuf *out)
{
    const policy *p = rc->p;
    size_t start = out->len;
    for (const char *s = zh; s && *s;) {
        /* a phrase starts with a Chinese character or a blank */
        if ((unsigned char)*s < 0x80 && *s != ' ') { sbuf_addc(out, *s++); continue; }
        const char *en = NULL;
        size_t best = 0;
        for (size_t i = 0; i < sizeof DETAIL_EN / sizeof DETAIL_EN[0]; i++) {
            size_t n = strlen(DETAIL_EN[i].zh);
            if (n > best && strncmp(s, DETAIL_EN[i].zh, n) == 0) { best = n; en = DETAIL_EN[i].en; }
        }
        for (int i = 0; i < p->nroles; i++) {
            size_t n = strlen(p->roles[i].name);
            if (n > best && strncmp(s, p->roles[i].name, n) == 0) {
                best = n;
                en = p->roles[i].name_en ? p->roles[i].name_en : p->roles[i].code;
            }
        }
        for (int i = 0; i < p->ret.ncategories; i++) {
            const policy_category *k = &p->ret.categories[i];
            size_t n = k->name ? strlen(k->name) : 0;
            if (n > best && strncmp(s, k->name, n) == 0) { best = n; en = k->name_en ? k->name_en : k->code; }
        }
        if (p->reward.name && p->reward.code) {
            size_t n = strlen(p->reward.name);
            if (n > best && strncmp(s, p->reward.name, n) == 0) { best = n; en = p->reward.code; }
        }
        for (int i = 0; i < p->noffenses; i++) {
            const char *nm = p->offenses[i].name;
            size_t n = nm ? strlen(nm) : 0;
            if (n > best && strncmp(s, nm, n) == 0) { best = n; en = p->offenses[i].code; }
        }
        if (!en) {
            size_t k = (unsigned char)*s < 0x80 ? 1 : u8len((unsigned char)*s);
            for (size_t j = 0; j < k && s[j]; j++) sbuf_addc(out, s[j]);
            s += k;
            continue;
        }
        /* no doubled or leading blank where two phrases meet */
        if (*en == ' ' && (out->len == start || out->p[out->len - 1] == ' ' || out->p[out->len - 1] == '('))
            en++;
        sbuf_adds(out, en);
        s += best;
    }
    sbuf_add(out, "", 0);
}

/* A finding's stored detail as the report prints it: as stored, or in
 * English (detail_en) into rc->det. */
static const char *detail_text(rctx *rc, const char *zh)
{
    if (!rc->en || !zh) return zh;
    sbuf_reset(&rc->det);
    detail_en(rc, zh, &rc->det);
    return rc->det.p;
}

/* ---- where a line comes from, and who must act (issue 12) ---- */

#define SRC_LISTED 6   /* rows named per line; more are counted ("+N") */

/* The last part of a path: the export's file name. */
static const char *base_name(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

/* Sets rc->src to where the rows of `sources` ("attendance#12
 * leave#3 …", SRQ_* columns) came from, compactly: "02-attendance.xml:17,
 * 18 03-leave.csv:4", a workbook row as "book.xlsx[Sheet1]!17" (as the
 * ingest messages write them); a row no longer stored (purged, or replaced
 * by a later file, since the check) says so, and a finding resting on no
 * row (a report never submitted) says that. Returns rc->src.p, or NULL
 * with rc->e set. */
static const char *source_text(rctx *rc, const char *sources)
{
    sbuf *o = &rc->src;
    sbuf_reset(o);
    sbuf_add(o, "", 0);
    if (!sources || !sources[strspn(sources, " ")]) {
        /* a finding on a missing record (a report never submitted) */
        sbuf_adds(o, L(rc, "无（依据为应有记录的缺失）", "none (the finding is a missing record)"));
        return o->p;
    }
    if (!rc->srcq) rc->srcq = store_srcq_new(rc->st);
    char last[700] = "";
    int listed = 0, more = 0;
    for (const char *t = sources; *t;) {
        while (*t == ' ') t++;
        size_t n = strcspn(t, " ");
        if (!n) break;
        char tok[160];
        snprintf(tok, sizeof tok, "%.*s", (int)(n < sizeof tok ? n : sizeof tok - 1), t);
        t += n;
        if (listed == SRC_LISTED) { more++; continue; }
        char *hash = strchr(tok, '#');
        store_src where;
        int found = 0;
        if (hash) {
            *hash = 0;
            char *end = NULL;
            errno = 0;
            long long rowid = strtoll(hash + 1, &end, 10);
            if (!errno && end && !*end && end != hash + 1) {
                found = store_srcq_get(rc->srcq, tok, (int64_t)rowid, &where, rc->e);
                if (found < 0) return NULL;
            }
            *hash = '#';
        }
        listed++;
        if (!found) {
            sbuf_printf(o, "%s%s %s", o->len ? "; " : "", tok, L(rc, "（记录已不在库：已清除或被替换）",
                                                               "(record no longer stored: purged or replaced)"));
            last[0] = 0;
            continue;
        }
        char file[700];
        if (where.sheet[0]) snprintf(file, sizeof file, "%s[%s]!", base_name(where.file), where.sheet);
        else snprintf(file, sizeof file, "%s:", base_name(where.file));
        if (strcmp(file, last) == 0) sbuf_printf(o, ", %ld", where.line);
        else sbuf_printf(o, "%s%s%ld", o->len ? "; " : "", file, where.line);
        snprintf(last, sizeof last, "%s", file);
    }
    if (more) sbuf_printf(o, L(rc, "（另 %d 行）", " (+%d more rows)"), more);
    return o->p;
}

/* "text", then a line "来源：SOURCE" when there is a source; into out. */
static const char *with_line(rctx *rc, sbuf *out, const char *text, const char *zh, const char *en,
                             const char *line)
{
    sbuf_reset(out);
    sbuf_adds(out, text ? text : "");
    if (line && *line) sbuf_printf(out, "%s%s%s", out->len ? "\n" : "", L(rc, zh, en), line);
    return out->p ? out->p : "";
}

/* Sets rc->who to who must act on an exception: "ID name" of the person
 * (staff member or borrower; `none_zh`/`none_en` when not recorded; name
 * NULL when the id is not on the staff roll), then a line naming the head
 * of that person's department — the employees in the policy's <roles
 * dept-head> role, or that the pack names no such role, or that the
 * department has none, or that the person has no department. Returns
 * rc->who.p. */
static const char *who_text(rctx *rc, const char *id, const char *name, const char *heads, const char *none_zh,
                            const char *none_en)
{
    sbuf *o = &rc->who;
    sbuf_reset(o);
    if (id && *id) sbuf_printf(o, "%s%s%s", id, name && *name ? " " : "", name ? name : "");
    else sbuf_adds(o, L(rc, none_zh, none_en));
    const char *role = rc->p->dept_head_role;
    const char *rn = !role ? NULL : rc->en ? policy_vocab_name_en(rc->p, POLICY_VOCAB_ROLE, role)
                                           : policy_vocab_name(rc->p, POLICY_VOCAB_ROLE, role);
    if (id && *id && !name)
        sbuf_adds(o, L(rc, "\n不在员工名册中，无所属部门", "\nnot on the staff roll: no department"));
    else if (!role)
        sbuf_adds(o, L(rc, "\n部门负责人：本政策包未指定部门负责人角色", "\nHead of department: the policy names no such role"));
    else if (heads && *heads)
        sbuf_printf(o, rc->en ? "\n%s: %s" : "\n%s：%s", rn ? rn : role, heads);
    else if (id && *id)
        sbuf_printf(o, rc->en ? "\n%s: none in the department" : "\n%s：该部门无在职人员", rn ? rn : role);
    return o->p ? o->p : "";
}

/* The department-head role as the queries take it ('' for none). */
static const char *head_role(const rctx *rc) { return rc->p->dept_head_role ? rc->p->dept_head_role : ""; }

/* ====================================================================== */
/* the appendix 依据条文 (issue 11) and the sign-off (issue 12)           */

#define APPX_MAX 2000       /* distinct citations listed; a policy has a few hundred rule elements */
#define SIGNOFF_MM 56.0     /* the sign-off heading and its three lines: kept on one page */

/* One citation of the appendix and what cites it in this report. */
typedef struct appx_entry {
    char *article;               /* the citation (owned) */
    char *quote;                 /* the document's text, "" when none (owned) */
    char *assumed;               /* the policy's assumption, "" when none (owned) */
    sbuf labels;                 /* the rules citing it, translated, joined by "、" or ", " */
} appx_entry;

/* The citations of one report, in the order found, without repeats. */
typedef struct appx {
    rctx *rc;                    /* the rendering */
    appx_entry *v;               /* the entries (owned) */
    size_t n, cap;               /* entries used and allocated */
    size_t dropped;              /* entries past APPX_MAX, counted */
} appx;

static void appx_free(appx *a)
{
    for (size_t i = 0; i < a->n; i++) {
        free(a->v[i].article);
        free(a->v[i].quote);
        free(a->v[i].assumed);
        sbuf_free(&a->v[i].labels);
    }
    free(a->v);
}

/* Adds `label` to the entry of (article, quote, assumed), made when new. */
static void appx_add(appx *a, const char *article, const char *quote, const char *assumed, const char *label)
{
    if (!article) article = "";
    if (!quote) quote = "";
    if (!assumed) assumed = "";
    appx_entry *x = NULL;
    for (size_t i = 0; i < a->n && !x; i++)
        if (strcmp(a->v[i].article, article) == 0 && strcmp(a->v[i].quote, quote) == 0 &&
            strcmp(a->v[i].assumed, assumed) == 0)
            x = &a->v[i];
    if (!x) {
        if (a->n == APPX_MAX) { a->dropped++; return; }
        if (a->n == a->cap) {
            a->cap = a->cap ? 2 * a->cap : 32;
            a->v = xrealloc(a->v, a->cap * sizeof *a->v);
        }
        x = &a->v[a->n++];
        memset(x, 0, sizeof *x);
        x->article = xstrdup(article);
        x->quote = xstrdup(quote);
        x->assumed = xstrdup(assumed);
    }
    if (!label || !*label) return;
    const char *sep = a->rc->en ? ", " : "\xE3\x80\x81";   /* "、" */
    /* a label already listed is not repeated (compared whole, between separators) */
    for (const char *l = x->labels.p; l && *l;) {
        const char *nx = strstr(l, sep);
        size_t ln = nx ? (size_t)(nx - l) : strlen(l);
        if (ln == strlen(label) && memcmp(l, label, ln) == 0) return;
        if (!nx) break;
        l = nx + strlen(sep);
    }
    if (x->labels.len) sbuf_adds(&x->labels, sep);
    sbuf_adds(&x->labels, label);
}

/* A row of SRQ_APPX_*: article, quote, assumed, rule codes (space-separated). */
static int appx_row(void *ctx, int ncol, const char *const *c)
{
    appx *a = ctx;
    (void)ncol;
    const char *r = c[3] ? c[3] : "";
    int any = 0;
    while (*r) {
        while (*r == ' ') r++;
        char code[128];
        size_t k = 0;
        while (*r && *r != ' ') {
            if (k + 1 < sizeof code) code[k++] = *r;
            r++;
        }
        code[k] = 0;
        if (!k) break;
        appx_add(a, c[0], c[1], c[2], rule_label(a->rc, code));
        any = 1;
    }
    if (!any) appx_add(a, c[0], c[1], c[2], NULL);
    return 0;
}

/* What a retention rule element is about, for its appendix line. */
static const char *retention_element(const rctx *rc, const policy_cite *k)
{
    static const struct { const char *el, *zh, *en; } E[] = {
        { "standing-hold", "冻结", "Standing hold" }, { "key-loan", "钥匙借用", "Key loans" },
        { "archive-loan", "档案借用", "Archive loans" }, { "external-borrower", "外部借用", "External borrowers" },
        { "confidential", "保密档案", "Confidential records" }, { "purge", "过期文件处理", "Disposal of expired files" },
        { "staff-archive-loan", "员工借阅档案", "Staff archive loans" },
        { "archive-handover", "离职移交档案", "Archives handed over at leaving" },
        { "archive-copy", "复印或带走档案", "Copying or taking away archives" },
        { "key-purpose", "钥匙借用用途", "Key loan purpose" },
        { "external-key-loan", "外部借用钥匙", "Outside key borrowers" },
    };
    if (strcmp(k->element, "category") == 0) return category_name(rc, k->code);
    for (size_t i = 0; i < sizeof E / sizeof E[0]; i++)
        if (strcmp(E[i].el, k->element) == 0) return L(rc, E[i].zh, E[i].en);
    return NULL;
}

/* The rule groups of <adopt>, translated. */
static const char *group_label(const rctx *rc, const char *g)
{
    static const struct { const char *code, *zh, *en; } G[] = {
        { "leave", "请假审批", "leave approval" }, { "attendance", "迟到早退", "lateness and leaving early" },
        { "absence", "旷工与解除", "absence and dismissal" }, { "meetings", "会议", "meetings" },
        { "reports", "报表", "reports" },
    };
    for (size_t i = 0; i < sizeof G / sizeof G[0]; i++)
        if (strcmp(G[i].code, g) == 0) return L(rc, G[i].zh, G[i].en);
    return g;
}

/* Which thresholds a report's pay notes cross (a row of SRQ_PAY_NOTES). */
typedef struct pay_seen {
    const rctx *rc;              /* the report: its days */
    int seen[2];                 /* the deduction line, the minimum wage */
} pay_seen;

/* 1 when a pay note's day (warn_day or min_day) is a day of the report. */
static int pay_day_in(const rctx *rc, const char *day)
{
    return day && strcmp(day, rc->from) >= 0 && strcmp(day, rc->to) <= 0;
}

static int pay_note_seen(void *ctx, int ncol, const char *const *c)
{
    pay_seen *ps = ctx;
    (void)ncol;
    for (int k = 0; k < 2; k++)
        if (pay_day_in(ps->rc, c[6 + k])) ps->seen[k] = 1;
    return 0;
}

/* The pay law behind the pay notes the fines report lists: the policy's
 * <pay> elements, with their assumptions (no quote: not the regulations). */
static int appx_pay_notes(rctx *rc, appx *a)
{
    char bp[24], mw[24];
    snprintf(bp, sizeof bp, "%d", (int)rc->p->pay.warning_bp);
    snprintf(mw, sizeof mw, "%lld", (long long)rc->p->pay.minimum_wage_fen);
    const char *pp[4] = { rc->from, rc->to, bp, mw };
    pay_seen ps = { rc, { 0, 0 } };
    if (store_report_query(rc->st, SRQ_PAY_NOTES, pp, 4, pay_note_seen, &ps, rc->e) < 0) return -1;
    static const char *const EL[2] = { "deduction-warning", "minimum-wage" };
    for (int k = 0; k < 2; k++) {
        if (!ps.seen[k]) continue;
        const char *label = k == 0 ? L(rc, "罚扣款超警戒线（法规提示）", "Deductions over the warning line (pay law)")
                                   : L(rc, "低于最低工资（法规提示）", "Below the minimum wage (pay law)");
        const policy_cite *hit = NULL;
        for (int i = 0; i < rc->p->ncites && !hit; i++)
            if (rc->p->cites[i].element && strcmp(rc->p->cites[i].element, EL[k]) == 0) hit = &rc->p->cites[i];
        const char *art = k == 0 ? rc->p->pay.warning_article : rc->p->pay.minimum_wage_article;
        appx_add(a, art, hit ? hit->quote : "", hit ? hit->assumed : "", label);
    }
    return 0;
}

/* The citations behind the report's figures: the stored ones of its
 * findings or obligations (what the check stored is what the lines show),
 * and for retention the policy's retention rules, which every count uses. */
static int appx_collect(rctx *rc, appx *a)
{
    const char *kind = rc->o->kind;
    const char *par[2] = { rc->from, rc->to };
    if (strcmp(kind, "fines") == 0) {
        if (store_report_query(rc->st, SRQ_APPX_FINDINGS, par, 2, appx_row, a, rc->e) < 0) return -1;
        return appx_pay_notes(rc, a);
    }
    if (strcmp(kind, "visits") == 0)
        return store_report_query(rc->st, SRQ_APPX_OBLIGATIONS, par, 2, appx_row, a, rc->e);
    for (int i = 0; i < rc->p->ncites; i++) {
        const policy_cite *k = &rc->p->cites[i];
        const char *label = retention_element(rc, k);
        if (label) appx_add(a, k->article, k->quote, k->assumed, label);
    }
    return store_report_query(rc->st, SRQ_APPX_CUSTODY, NULL, 0, appx_row, a, rc->e);
}

/* 1 when the line "article: assumed" is already in `seen` (one a line); adds it. */
static int seen_once(sbuf *seen, const char *article, const char *assumed)
{
    sbuf l = {0};
    sbuf_printf(&l, "%s\t%s\n", article ? article : "", assumed);
    int dup = seen->p && strstr(seen->p, l.p) != NULL;
    if (!dup) sbuf_adds(seen, l.p);
    sbuf_free(&l);
    return dup;
}

/* One assumption, "article：text" (the citation first, so it is never
 * broken across lines). Several lines of text print as several. */
static int assumption(rctx *rc, sbuf *seen, const char *article, const char *text)
{
    for (const char *t = text; t && *t;) {
        const char *nl = strchr(t, '\n');
        size_t n = nl ? (size_t)(nl - t) : strlen(t);
        if (n) {
            char *one = xmalloc(n + 1);
            memcpy(one, t, n);
            one[n] = 0;
            int r = 0;
            if (!seen_once(seen, article, one)) {
                sbuf l = {0};
                if (article && *article) sbuf_printf(&l, rc->en ? "%s: %s" : "%s\xEF\xBC\x9A%s", article, one);
                else sbuf_adds(&l, one);
                /* one assumption stays on one page: the running header and
                 * footer never cut it in two (the key-value height, with its
                 * narrower column, bounds the paragraph's) */
                if (pdf_keep(rc->d, pdf_keyvalue_height(rc->d, NULL, l.p)) < 0) r = pdf_fail(rc);
                else r = para(rc, l.p);
                sbuf_free(&l);
            }
            free(one);
            if (r < 0) return -1;
        }
        if (!nl) break;
        t = nl + 1;
    }
    return 0;
}

/* The appendix: each citation once, with the rules citing it and the
 * document's text verbatim (quotes stay Chinese in the English report);
 * then every assumption in force — those behind these figures first, then
 * the rest of the pack's — and what the pack adopted from which pack. */
static int appendix(rctx *rc, const tpl_section *s)
{
    appx a = { rc, NULL, 0, 0, 0 };
    sbuf seen = {0};
    int ret = -1;
    if (section_heading(rc, s) < 0) goto out;
    if (appx_collect(rc, &a) < 0) goto out;
    if (heading(rc, 3, "条文原文", "The rules and their text") < 0) goto out;
    if (a.n == 0 && para(rc, L(rc, rc->t->empty_zh, rc->t->empty_en)) < 0) goto out;
    for (size_t i = 0; i < a.n; i++) {
        const appx_entry *x = &a.v[i];
        const char *text = x->quote[0] ? x->quote
                         : L(rc, "（本文件无原文，见下列假定）", "(no text in the document: see the assumptions below)");
        /* a rule taken with <adopt> names the pack it comes from */
        const char *from = NULL;
        for (int j = 0; j < rc->p->ncites && !from; j++)
            if (rc->p->cites[j].adopted_from && rc->p->cites[j].article &&
                strcmp(rc->p->cites[j].article, x->article) == 0)
                from = rc->p->cites[j].adopted_from;
        char adopted[160] = "";
        if (from) snprintf(adopted, sizeof adopted, rc->en ? "pack %s" : "%s 包", from);
        const struct { const char *zh, *en, *v; } lines[5] = {
            { "依据条款", "Article", x->article }, { "事项", "Rule", x->labels.len ? x->labels.p : NULL },
            { "采自", "Adopted from", from ? adopted : NULL },
            { "原文", "Text", text }, { "假定", "Assumed", x->assumed[0] ? x->assumed : NULL },
        };
        /* one citation stays on one page (unless it is taller than a page) */
        double h = 2;
        for (int j = 0; j < 5; j++)
            if (lines[j].v) h += pdf_keyvalue_height(rc->d, L(rc, lines[j].zh, lines[j].en), lines[j].v);
        if (pdf_keep(rc->d, h) < 0) { pdf_fail(rc); goto out; }
        for (int j = 0; j < 5; j++)
            if (lines[j].v && kv(rc, lines[j].zh, lines[j].en, lines[j].v) < 0) goto out;
        if (pdf_space(rc->d, 2) < 0) { pdf_fail(rc); goto out; }
    }
    if (a.dropped) {
        char buf[96];
        snprintf(buf, sizeof buf, L(rc, "另有 %zu 条依据未列出", "%zu more citations not listed"), a.dropped);
        if (para(rc, buf) < 0) goto out;
    }
    if (heading(rc, 3, "本政策的假定", "Assumptions in force") < 0) goto out;
    for (size_t i = 0; i < a.n; i++)
        if (a.v[i].assumed[0] && assumption(rc, &seen, a.v[i].article, a.v[i].assumed) < 0) goto out;
    for (int i = 0; i < rc->p->ncites; i++) {
        const policy_cite *k = &rc->p->cites[i];
        if (k->assumed && assumption(rc, &seen, k->article, k->assumed) < 0) goto out;
    }
    if (!seen.len && para(rc, L(rc, "无", "None")) < 0) goto out;
    if (heading(rc, 3, "采用的其他规则包", "Rules adopted from other packs") < 0) goto out;
    for (int i = 0; i < rc->p->nadopts; i++) {
        const policy_adopt *ad = &rc->p->adopts[i];
        sbuf l = {0};
        sbuf_printf(&l, rc->en ? "Adopted from pack %s: " : "采用 %s 包的规则：", ad->pack);
        for (int j = 0; j < ad->rules.n; j++)
            sbuf_printf(&l, "%s%s (%s)", j ? L(rc, "、", ", ") : "", group_label(rc, ad->rules.v[j]),
                        ad->rules.v[j]);
        int r = para(rc, l.p);
        sbuf_free(&l);
        if (r < 0) goto out;
    }
    if (rc->p->nadopts == 0 && para(rc, L(rc, "无：本政策包的规则均为本单位自己的。", "None: every rule is the pack's own.")) < 0)
        goto out;
    ret = 0;
out:
    appx_free(&a);
    sbuf_free(&seen);
    return ret;
}

/* The role of a sign-off line: its name from the policy (name-en in
 * English; the code where the pack gives none), or NULL when the policy
 * names no role. */
static const char *signoff_role(const rctx *rc, const char *code)
{
    if (!code) return NULL;
    const char *n = rc->en ? policy_vocab_name_en(rc->p, POLICY_VOCAB_ROLE, code)
                           : policy_vocab_name(rc->p, POLICY_VOCAB_ROLE, code);
    return n ? n : code;
}

/* 制表 / 审核 / 批准 with name and date lines, the roles from the
 * policy's <sign-off>; the block is never split across pages. */
static int signoff(rctx *rc, const tpl_section *s)
{
    const policy_signoff *so = &rc->p->signoff;
    const struct { const char *zh, *en, *role; } lines[3] = {
        { "制表", "Prepared by", so->prepared },
        { "审核", "Reviewed by", so->reviewed },
        { "批准", "Approved by", so->approved },
    };
    if (pdf_keep(rc->d, SIGNOFF_MM) < 0) return pdf_fail(rc);
    if (section_heading(rc, s) < 0) return -1;
    for (int i = 0; i < 3; i++) {
        char label[300];
        const char *role = signoff_role(rc, lines[i].role);
        if (rc->en) snprintf(label, sizeof label, role ? "%s (%s)" : "%s, name", lines[i].en, role);
        else snprintf(label, sizeof label, role ? "%s（%s）姓名" : "%s 姓名", lines[i].zh, role);
        if (pdf_signature(rc->d, label, L(rc, "日期", "Date"), "sign-off") < 0) return pdf_fail(rc);
    }
    return 0;
}

/* ====================================================================== */
/* fines                                                                  */

/* Streaming state of the per-department, per-employee table. */
typedef struct fines_state {
    rctx *rc;                    /* the rendering */
    const tpl_section *s;        /* the section */
    char dept[256];              /* the department being drawn */
    char emp[128];               /* the employee being drawn */
    char emp_name[128];          /* and the name */
    int64_t emp_total, dept_total, grand_total; /* amounts, fen */
    long emp_n, dept_n, grand_n; /* findings */
    int started;                 /* 1 after the first row */
    int failed;                  /* 1 after an error */
} fines_state;

static const char *amount_cell(const char *sanction, int64_t fen, char out[32])
{
    if (fen == 0 && sanction && (strcmp(sanction, "none") == 0 || strcmp(sanction, "warning") == 0 ||
                                 strcmp(sanction, "dismissal") == 0))
        return "—";
    fen_str(fen, out);
    return out;
}

static int fines_close_emp(fines_state *fs)
{
    rctx *rc = fs->rc;
    if (!fs->emp[0]) return 0;
    const char *vals[MAX_FIELDS] = {0};
    char amt[32], label[300];
    fen_str(fs->emp_total, amt);
    vals[FE_AMOUNT] = amt;
    snprintf(label, sizeof label, L(rc, "小计 %s %s（%ld 项）", "Subtotal %s %s (%ld)"), fs->emp, fs->emp_name,
             fs->emp_n);
    fs->emp[0] = 0;
    return label_row(rc, fs->s, label, vals, PDF_ROW_SHADE | PDF_ROW_END);
}

static int fines_close_dept(fines_state *fs)
{
    rctx *rc = fs->rc;
    if (fines_close_emp(fs) < 0) return -1;
    if (!fs->started) return 0;
    const char *vals[MAX_FIELDS] = {0};
    char amt[32], label[400];
    fen_str(fs->dept_total, amt);
    vals[FE_AMOUNT] = amt;
    snprintf(label, sizeof label, L(rc, "%s 合计（%ld 项）", "Total %s (%ld)"), fs->dept, fs->dept_n);
    if (label_row(rc, fs->s, label, vals, PDF_ROW_SHADE | PDF_ROW_BOLD | PDF_ROW_END) < 0) return -1;
    return table_close(rc, fs->s);
}

static int fines_emp_row(void *ctx, int ncol, const char *const *c)
{
    fines_state *fs = ctx;
    rctx *rc = fs->rc;
    (void)ncol;
    const char *dept = c[1] ? c[1] : "", *emp = c[2] ? c[2] : "";
    if (!fs->started || strcmp(dept, fs->dept) != 0) {
        if (fines_close_dept(fs) < 0) goto fail;
        fs->started = 1;
        snprintf(fs->dept, sizeof fs->dept, "%s", dept);
        fs->dept_total = 0;
        fs->dept_n = 0;
        if (pdf_heading(rc->d, 3, dept[0] ? dept : L(rc, "（未知部门）", "(unknown department)"), NULL) < 0) {
            pdf_fail(rc);
            goto fail;
        }
    }
    if (strcmp(emp, fs->emp) != 0) {
        if (fines_close_emp(fs) < 0) goto fail;
        snprintf(fs->emp, sizeof fs->emp, "%s", emp);
        snprintf(fs->emp_name, sizeof fs->emp_name, "%s", c[3] ? c[3] : "");
        fs->emp_total = 0;
        fs->emp_n = 0;
        const char *vals[MAX_FIELDS] = {0};
        char label[300];
        snprintf(label, sizeof label, "%s %s", emp, c[3] ? c[3] : "");
        if (label_row(rc, fs->s, label, vals, PDF_ROW_BOLD | PDF_ROW_GROUP) < 0) goto fail;
        if (pdf_bookmark(rc->d, 4, label) < 0) {   /* an outline entry per employee */
            pdf_fail(rc);
            goto fail;
        }
    }
    int64_t fen = num(c[8]);
    char amt[32], where[160];
    const char *vals[MAX_FIELDS] = {0};
    vals[FE_DATE] = c[4];
    vals[FE_RULE] = rule_label(rc, c[5]);
    vals[FE_ARTICLE] = c[6];
    vals[FE_SANCTION] = word(rc, c[7]);
    vals[FE_AMOUNT] = amount_cell(c[7], fen, amt);
    sbuf detail = {0};
    vals[FE_SOURCE] = source_text(rc, c[10]);
    if (!vals[FE_SOURCE]) goto fail;
    vals[FE_DETAIL] = with_line(rc, &detail, detail_text(rc, c[9]), "来源：", "Source: ", vals[FE_SOURCE]);
    vals[FE_EMPLOYEE_ID] = emp;
    vals[FE_NAME] = c[3];
    vals[FE_DEPT] = dept;
    vals[FE_FINDING_ID] = c[0];
    vals[FE_SOURCES] = c[10];
    snprintf(where, sizeof where, msg_tr("finding %s (%s %s)"), c[0] ? c[0] : "?", emp, c[10] ? c[10] : "");
    int drawn = row(rc, fs->s, vals, 0, where);
    sbuf_free(&detail);
    if (drawn < 0) goto fail;
    fs->emp_total += fen;
    fs->dept_total += fen;
    fs->grand_total += fen;
    fs->emp_n++;
    fs->dept_n++;
    fs->grand_n++;
    return 0;
fail:
    fs->failed = 1;
    return 1;
}

static int fines_employees(rctx *rc, const tpl_section *s)
{
    if (section_heading(rc, s) < 0) return -1;
    fines_state fs = { .rc = rc, .s = s };
    const char *par[2] = { rc->from, rc->to };
    if (store_report_query(rc->st, SRQ_FINES_EMP, par, 2, fines_emp_row, &fs, rc->e) < 0) return store_fail(rc);
    if (fs.failed) return -1;
    if (!fs.started) return table_close(rc, s);
    if (fines_close_dept(&fs) < 0) return -1;
    char amt[32], v[80];
    fen_str(fs.grand_total, amt);
    snprintf(v, sizeof v, L(rc, "%s 元（%ld 项）", "%s yuan (%ld findings)"), amt, fs.grand_n);
    return kv(rc, "员工合计", "Total, employees", v);
}

/* Department findings: a flat table with its total. */
typedef struct dept_state {
    rctx *rc;                    /* the rendering */
    const tpl_section *s;        /* the section */
    int64_t total;               /* fen */
    int failed;                  /* 1 after an error */
    long n;                      /* findings counted (the run's table) */
} dept_state;

static int fines_dept_row(void *ctx, int ncol, const char *const *c)
{
    dept_state *ds = ctx;
    rctx *rc = ds->rc;
    (void)ncol;
    int64_t fen = num(c[6]);
    char amt[32], where[160];
    const char *vals[MAX_FIELDS] = {0};
    vals[FD_DATE] = c[2];
    vals[FD_DEPT] = c[1];
    vals[FD_RULE] = rule_label(rc, c[3]);
    vals[FD_ARTICLE] = c[4];
    vals[FD_SANCTION] = word(rc, c[5]);
    vals[FD_AMOUNT] = amount_cell(c[5], fen, amt);
    sbuf detail = {0};
    vals[FD_SOURCE] = source_text(rc, c[8]);
    if (!vals[FD_SOURCE]) { ds->failed = 1; return 1; }
    vals[FD_DETAIL] = with_line(rc, &detail, detail_text(rc, c[7]), "来源：", "Source: ", vals[FD_SOURCE]);
    vals[FD_FINDING_ID] = c[0];
    vals[FD_SOURCES] = c[8];
    snprintf(where, sizeof where, msg_tr("finding %s (%s)"), c[0] ? c[0] : "?", c[1] ? c[1] : "");
    int drawn = row(rc, ds->s, vals, 0, where);
    sbuf_free(&detail);
    if (drawn < 0) { ds->failed = 1; return 1; }
    ds->total += fen;
    return 0;
}

static int fines_departments(rctx *rc, const tpl_section *s)
{
    if (section_heading(rc, s) < 0) return -1;
    dept_state ds = { rc, s, 0, 0, 0 };
    const char *par[2] = { rc->from, rc->to };
    if (store_report_query(rc->st, SRQ_FINES_DEPT, par, 2, fines_dept_row, &ds, rc->e) < 0) return -1;
    if (ds.failed) return -1;
    if (rc->rows > 0) {
        const char *vals[MAX_FIELDS] = {0};
        char amt[32];
        fen_str(ds.total, amt);
        vals[FD_AMOUNT] = amt;
        if (label_row(rc, s, L(rc, "合计", "Total"), vals, PDF_ROW_SHADE | PDF_ROW_BOLD | PDF_ROW_END) < 0) return -1;
    }
    return table_close(rc, s);
}

/* Warnings for the auditor: dismissal thresholds, deduction lines. */
typedef struct warn_state {
    rctx *rc;                    /* the rendering */
    const tpl_section *s;        /* the section */
    int failed;                  /* 1 after an error */
} warn_state;

static int fines_warn_row(void *ctx, int ncol, const char *const *c)
{
    warn_state *ws = ctx;
    rctx *rc = ws->rc;
    (void)ncol;
    char amt[32], where[160];
    const char *vals[MAX_FIELDS] = {0};
    vals[FE_DATE] = c[4];
    vals[FE_RULE] = rule_label(rc, c[5]);
    vals[FE_ARTICLE] = c[6];
    vals[FE_SANCTION] = word(rc, c[7]);
    vals[FE_AMOUNT] = amount_cell(c[7], num(c[8]), amt);
    sbuf detail = {0};
    vals[FE_SOURCE] = source_text(rc, c[10]);
    if (!vals[FE_SOURCE]) { ws->failed = 1; return 1; }
    vals[FE_DETAIL] = with_line(rc, &detail, detail_text(rc, c[9]), "来源：", "Source: ", vals[FE_SOURCE]);
    vals[FE_EMPLOYEE_ID] = c[2];
    vals[FE_NAME] = c[3];
    vals[FE_DEPT] = c[1];
    vals[FE_FINDING_ID] = c[0];
    vals[FE_SOURCES] = c[10];
    snprintf(where, sizeof where, msg_tr("finding %s (%s)"), c[0] ? c[0] : "?", c[2] ? c[2] : "");
    int drawn = row(rc, ws->s, vals, 0, where);
    sbuf_free(&detail);
    if (drawn < 0) { ws->failed = 1; return 1; }
    return 0;
}

/* The pay notes (SRQ_PAY_NOTES): national pay law, not the regulations, so
 * no finding: a line per threshold crossed on a day of the report. */
static int fines_paynote_row(void *ctx, int ncol, const char *const *c)
{
    warn_state *ws = ctx;
    rctx *rc = ws->rc;
    const policy_pay *pay = &rc->p->pay;
    (void)ncol;
    char ts[32], wgs[32], ls[32], pcs[32], rs[32], ms[32], where[160];
    int64_t total = num(c[4]), wage = num(c[5]);
    fen_str(total, ts);
    fen_str(wage, wgs);
    for (int k = 0; k < 2; k++) {
        const char *day = c[6 + k];
        if (!pay_day_in(rc, day)) continue;
        sbuf d = {0};
        if (k == 0) {
            /* the line, rounded half-up once: wage × bp / 10000 */
            int64_t line = (int64_t)(((__int128)wage * pay->warning_bp * 2 + 10000) / 20000);
            fen_str(line, ls);
            val_hundredths_str(pay->warning_bp, pcs, sizeof pcs);
            sbuf_printf(&d, L(rc, "%s 罚款与扣款合计 %s 元，超过月工资 %s 元的 %s%%（%s 元）；金额不作调整，供审计复核",
                              "%1$s: fines and deductions total %2$s yuan, over %4$s%% (%5$s yuan) of the monthly "
                              "wage of %3$s yuan; no amount is altered, for the auditor"),
                        c[3], ts, wgs, pcs, ls);
        } else {
            fen_str(wage - total, rs);
            fen_str(pay->minimum_wage_fen, ms);
            sbuf_printf(&d, L(rc, "%s 罚款与扣款合计 %s 元，月工资 %s 元扣除后余 %s 元，低于当地月最低工资 %s 元；金额不作调整，供审计复核",
                              "%1$s: fines and deductions total %2$s yuan; %4$s yuan of the monthly wage of %3$s yuan "
                              "is left, below the local minimum wage of %5$s yuan; no amount is altered, for the auditor"),
                        c[3], ts, wgs, rs, ms);
        }
        const char *vals[MAX_FIELDS] = {0};
        vals[FE_DATE] = day;
        vals[FE_RULE] = k == 0 ? L(rc, "罚扣款超警戒线（法规提示）", "Deductions over the warning line (pay law)")
                               : L(rc, "低于最低工资（法规提示）", "Below the minimum wage (pay law)");
        vals[FE_ARTICLE] = k == 0 ? pay->warning_article : pay->minimum_wage_article;
        vals[FE_SANCTION] = L(rc, "提示", "note");
        vals[FE_AMOUNT] = "—";
        vals[FE_DETAIL] = d.p;
        vals[FE_EMPLOYEE_ID] = c[0];
        vals[FE_NAME] = c[1];
        vals[FE_DEPT] = c[2];
        vals[FE_FINDING_ID] = "—";
        snprintf(where, sizeof where, msg_tr("pay note %s %s"), c[0] ? c[0] : "?", c[3] ? c[3] : "");
        int r = row(rc, ws->s, vals, 0, where);
        sbuf_free(&d);
        if (r < 0) { ws->failed = 1; return 1; }
    }
    return 0;
}

static int fines_warnings(rctx *rc, const tpl_section *s)
{
    if (section_heading(rc, s) < 0) return -1;
    if (para(rc, L(rc, "以下为提示审核人员注意的事项，金额不因此调整；解除劳动合同的提示仅表示达到制度规定的条件，须经人事部门审核。"
                       "罚扣款警戒线与最低工资为国家工资法规的提示，不是本规章的条文，不计入违规记录。",
                   "For the auditor's attention; no amount is altered. A dismissal line only means the "
                   "regulation's threshold is met — for HR review. The deduction and minimum-wage lines are "
                   "national pay law, not the regulations: notes, not findings.")) < 0) return -1;
    warn_state ws = { rc, s, 0 };
    const char *par[2] = { rc->from, rc->to };
    if (store_report_query(rc->st, SRQ_FINES_WARN, par, 2, fines_warn_row, &ws, rc->e) < 0) return -1;
    if (ws.failed) return -1;
    char bp[24], mw[24];
    snprintf(bp, sizeof bp, "%d", (int)rc->p->pay.warning_bp);
    snprintf(mw, sizeof mw, "%lld", (long long)rc->p->pay.minimum_wage_fen);
    const char *pp[4] = { rc->from, rc->to, bp, mw };
    if (store_report_query(rc->st, SRQ_PAY_NOTES, pp, 4, fines_paynote_row, &ws, rc->e) < 0) return -1;
    if (ws.failed) return -1;
    return table_close(rc, s);
}

/* Rewards (club 奖励1): shown apart, never added to fines and deductions. */
static int fines_rewards(rctx *rc, const tpl_section *s)
{
    if (section_heading(rc, s) < 0) return -1;
    warn_state ws = { rc, s, 0 };
    const char *par[2] = { rc->from, rc->to };
    if (store_report_query(rc->st, SRQ_FINES_REWARDS, par, 2, fines_warn_row, &ws, rc->e) < 0) return -1;
    if (ws.failed) return -1;
    return table_close(rc, s);
}

/* Totals by department, with the bar chart. */
typedef struct totals_state {
    rctx *rc;                    /* the rendering */
    const tpl_section *s;        /* the section */
    pdf_bar bars[MAX_DEPT_BARS]; /* chart data; labels owned */
    size_t nbars;                /* bars used */
    int64_t total;               /* fen */
    long findings;               /* count */
    int failed;                  /* 1 after an error */
} totals_state;

static int fines_total_row(void *ctx, int ncol, const char *const *c)
{
    totals_state *ts = ctx;
    rctx *rc = ts->rc;
    (void)ncol;
    int64_t fen = num(c[1]);
    char amt[32];
    fen_str(fen, amt);
    const char *vals[MAX_FIELDS] = {0};
    vals[FT_DEPT] = c[0] && c[0][0] ? c[0] : L(rc, "（未知部门）", "(unknown)");
    vals[FT_FINDINGS] = c[2];
    vals[FT_AMOUNT] = amt;
    if (row(rc, ts->s, vals, 0, NULL) < 0) { ts->failed = 1; return 1; }
    if (ts->nbars < MAX_DEPT_BARS) {
        ts->bars[ts->nbars].label = xstrdup(vals[FT_DEPT]);
        ts->bars[ts->nbars].value = (double)fen / 100.0;
        ts->nbars++;
    }
    ts->total += fen;
    ts->findings += num(c[2]);
    return 0;
}

static int fines_totals(rctx *rc, const tpl_section *s)
{
    int ret = -1;
    if (section_heading(rc, s) < 0) return -1;
    totals_state ts = { .rc = rc, .s = s };
    const char *par[2] = { rc->from, rc->to };
    if (store_report_query(rc->st, SRQ_FINES_DEPT_TOTALS, par, 2, fines_total_row, &ts, rc->e) < 0) goto out;
    if (ts.failed) goto out;
    if (rc->rows > 0) {
        const char *vals[MAX_FIELDS] = {0};
        char amt[32], cnt[32];
        fen_str(ts.total, amt);
        snprintf(cnt, sizeof cnt, "%ld", ts.findings);
        vals[FT_AMOUNT] = amt;
        vals[FT_FINDINGS] = cnt;
        if (label_row(rc, s, L(rc, "总计", "Grand total"), vals, PDF_ROW_SHADE | PDF_ROW_BOLD | PDF_ROW_END) < 0) goto out;
    }
    if (table_close(rc, s) < 0) goto out;
    if (s->chart >= 0 && ts.nbars > 0 &&
        pdf_bar_chart(rc->d, L(rc, "各部门罚款与扣款合计", "Fines and deductions by department"),
                      L(rc, "元", "yuan"), ts.bars, ts.nbars, 0, NULL) < 0) {
        pdf_fail(rc);
        goto out;
    }
    ret = 0;
out:
    for (size_t i = 0; i < ts.nbars; i++) free((char *)ts.bars[i].label);
    return ret;
}

static int fines_adoption(rctx *rc, const tpl_section *s)
{
    const policy_adoption *a = &rc->p->adoption;
    if (section_heading(rc, s) < 0) return -1;
    if (kv(rc, "通过日期", "Adopted on", a->adopted_on) < 0 || kv(rc, "通过程序", "Procedure", a->procedure) < 0 ||
        kv(rc, "公示日期", "Published on", a->published_on) < 0 ||
        kv(rc, "公示方式", "Publication", a->publication) < 0 ||
        kv(rc, "法律依据", "Legal basis", a->article ? a->article : "《劳动合同法》第四条") < 0)
        return -1;
    return 0;
}

/* Summary: counts of the period. */
typedef struct sum_state {
    int64_t total;               /* fen */
    long n;                      /* findings */
} sum_state;

static int sum_row(void *ctx, int ncol, const char *const *c)
{
    sum_state *ss = ctx;
    (void)ncol;
    ss->total += num(c[1]);
    ss->n += (long)num(c[2]);
    return 0;
}

static int fines_summary(rctx *rc, const tpl_section *s)
{
    if (section_heading(rc, s) < 0) return -1;
    sum_state ss = {0};
    const char *par[2] = { rc->from, rc->to };
    if (store_report_query(rc->st, SRQ_FINES_DEPT_TOTALS, par, 2, sum_row, &ss, rc->e) < 0) return -1;
    char period[40], amt[32], v[80];
    snprintf(period, sizeof period, "%s — %s", rc->from, rc->to);
    if (kv(rc, "期间", "Period", period) < 0) return -1;
    if (ss.n == 0) return para(rc, L(rc, rc->t->empty_zh, rc->t->empty_en));
    snprintf(v, sizeof v, "%ld", ss.n);
    if (kv(rc, "记录数", "Findings", v) < 0) return -1;
    fen_str(ss.total, amt);
    snprintf(v, sizeof v, L(rc, "%s 元", "%s yuan"), amt);
    return kv(rc, "罚款与扣款合计", "Fines and deductions", v);
}

static const tpl_section_spec FINES_SECS[] = {
    { "summary", NULL, NULL },
    { "adoption", NULL, NULL },
    { "employees", F_EMP, NULL },
    { "departments", F_DEPT, NULL },
    { "totals", F_TOTALS, CH_DEPT },
    { "warnings", F_EMP, NULL },
    { "rewards", F_EMP, NULL },
    { "appendix", NULL, NULL },
    { "signoff", NULL, NULL },
};
static const section_fn FINES_FNS[] = { fines_summary, fines_adoption, fines_employees, fines_departments,
                                        fines_totals, fines_warnings, fines_rewards, appendix, signoff };

/* ====================================================================== */
/* visits                                                                 */

/* Coverage as every output prints it: the one definition of visits.h
 * (rounded down to a tenth of a percent), "—" when nothing was judged. */
static void coverage_str(int64_t met, int64_t late, int64_t missed, char out[16])
{
    visits_coverage_str(visits_coverage_pm((long)met, (long)late, (long)missed), out, "—");
}

typedef struct cov_state {
    rctx *rc;                    /* the rendering */
    const tpl_section *s;        /* the section */
    int64_t met, late, missed, pending; /* totals */
    int failed;                  /* 1 after an error */
} cov_state;

static int cov_row(void *ctx, int ncol, const char *const *c)
{
    cov_state *cs = ctx;
    rctx *rc = cs->rc;
    (void)ncol;
    int64_t met = num(c[2]), late = num(c[3]), missed = num(c[4]), pending = num(c[5]);
    char cov[16], target[16] = "";
    coverage_str(met, late, missed, cov);
    const policy_sla *sla = c[0] ? policy_sla_find(rc->p, c[0]) : NULL;
    if (sla) snprintf(target, sizeof target, "%d%%", (int)(sla->target_bp / 100));
    const char *vals[MAX_FIELDS] = {0};
    vals[VR_RULE] = rule_label(rc, c[0]);
    vals[VR_ARTICLE] = c[1];
    vals[VR_MET] = c[2];
    vals[VR_LATE] = c[3];
    vals[VR_MISSED] = c[4];
    vals[VR_PENDING] = c[5];
    vals[VR_COVERAGE] = cov;
    vals[VR_TARGET] = target;
    if (row(rc, cs->s, vals, 0, NULL) < 0) { cs->failed = 1; return 1; }
    cs->met += met;
    cs->late += late;
    cs->missed += missed;
    cs->pending += pending;
    return 0;
}

/* The valid-complaint rate of the period (visits_complaint_rate, the one
 * definition), when the policy has a <complaint-rate>: a paragraph under
 * the coverage table. Read from the facts as they are now, like the
 * register; nothing when the policy has none. */
static int complaint_rate_para(rctx *rc)
{
    const policy_complaint_rate *r = &rc->p->vis.crate;
    if (!r->code || !rc->from[0] || !rc->to[0]) return 0;
    facts f;
    if (store_load_facts(rc->st, &f, 0, rc->e)) return -1;
    long valid = 0, base = 0;
    int32_t pm = visits_complaint_rate(&f, rc->p, val_days(rc->from), val_days(rc->to), &valid, &base);
    facts_free(&f);
    char rate[16], below[16], kind_zh[64];
    visits_coverage_str(pm, rate, "—");
    kind_enum_zh("customer_kind", r->customer_kind, kind_zh, sizeof kind_zh);
    if (r->below_bp % 100 == 0) snprintf(below, sizeof below, "%d%%", (int)(r->below_bp / 100));
    else snprintf(below, sizeof below, "%d.%02d%%", (int)(r->below_bp / 100), (int)(r->below_bp % 100));
    char *t = xasprintf(L(rc, "有效投诉率（%s）：%s —— %s 至 %s 受理的有效投诉 %ld 件 ÷ 截至 %s 的%s数 %ld，"
                              "向下取整到 0.1%%；目标 %s 以下。",
                          "Valid-complaint rate (%s): %s — valid complaints opened %s to %s: %ld, divided by "
                          "the customers on the books by %s of kind %s: %ld; rounded down to 0.1%%; target "
                          "below %s."),
                        r->article, rate, rc->from, rc->to, valid, rc->to, rc->en ? r->customer_kind : kind_zh,
                        base, below);
    int rcode = para(rc, t);
    free(t);
    return rcode;
}

static int coverage_table(rctx *rc, const tpl_section *s)
{
    if (section_heading(rc, s) < 0) return -1;
    cov_state cs = { .rc = rc, .s = s };
    const char *par[2] = { rc->from, rc->to };
    if (store_report_query(rc->st, SRQ_VISITS_BY_RULE, par, 2, cov_row, &cs, rc->e) < 0) return -1;
    if (cs.failed) return -1;
    if (rc->rows > 0) {
        char a[24], b[24], c[24], d[24], cov[16];
        snprintf(a, sizeof a, "%lld", (long long)cs.met);
        snprintf(b, sizeof b, "%lld", (long long)cs.late);
        snprintf(c, sizeof c, "%lld", (long long)cs.missed);
        snprintf(d, sizeof d, "%lld", (long long)cs.pending);
        coverage_str(cs.met, cs.late, cs.missed, cov);
        const char *vals[MAX_FIELDS] = {0};
        vals[VR_MET] = a;
        vals[VR_LATE] = b;
        vals[VR_MISSED] = c;
        vals[VR_PENDING] = d;
        vals[VR_COVERAGE] = cov;
        if (label_row(rc, s, L(rc, "合计", "Total"), vals, PDF_ROW_SHADE | PDF_ROW_BOLD | PDF_ROW_END) < 0) return -1;
    }
    if (table_close(rc, s) < 0) return -1;
    if (para(rc, L(rc, "覆盖率 = 按时 ÷（按时 + 逾期完成 + 未完成）；未到期的不计入。",
                   "Coverage = met ÷ (met + late + missed); pending obligations are not counted.")) < 0)
        return -1;
    return complaint_rate_para(rc);
}

/* Weekly coverage chart state. */
typedef struct week_state {
    int32_t monday0;             /* Monday of the first week shown */
    int nweeks;                  /* weeks in the period */
    int64_t met[PDF_MAX_BARS];   /* met per week */
    int64_t judged[PDF_MAX_BARS];/* met + late + missed per week */
} week_state;

static int week_row(void *ctx, int ncol, const char *const *c)
{
    week_state *ws = ctx;
    (void)ncol;
    char d[11];
    if (!c[0] || val_date(c[0], d) < 0) return 0;
    int32_t day = val_days(d);
    int32_t idx = ((day - val_weekday(day) + 1) - ws->monday0) / 7;
    if (idx < 0 || idx >= ws->nweeks) return 0;
    ws->met[idx] += num(c[1]);
    ws->judged[idx] += num(c[1]) + num(c[2]);
    return 0;
}

static int visits_chart(rctx *rc, const tpl_section *s)
{
    if (section_heading(rc, s) < 0) return -1;
    int32_t f = val_days(rc->from), t = val_days(rc->to);
    int32_t mon_f = f - val_weekday(f) + 1, mon_t = t - val_weekday(t) + 1;
    week_state ws;
    memset(&ws, 0, sizeof ws);
    int32_t weeks = (mon_t - mon_f) / 7 + 1;
    /* a long period shows its last PDF_MAX_BARS weeks */
    if (weeks > PDF_MAX_BARS) { mon_f = mon_t - 7 * (PDF_MAX_BARS - 1); weeks = PDF_MAX_BARS; }
    ws.monday0 = mon_f;
    ws.nweeks = weeks;
    char from[11];
    val_days_str(mon_f > f ? mon_f : f, from);
    const char *par[2] = { from, rc->to };
    if (store_report_query(rc->st, SRQ_VISITS_BY_DAY, par, 2, week_row, &ws, rc->e) < 0) return -1;
    pdf_bar bars[PDF_MAX_BARS];
    char labels[PDF_MAX_BARS][16];
    size_t n = 0;
    for (int i = 0; i < ws.nweeks; i++) {
        if (ws.judged[i] == 0) continue;
        int y, w;
        val_iso_week(mon_f + 7 * i, &y, &w);
        snprintf(labels[n], sizeof labels[n], "W%02d", w);
        bars[n].label = labels[n];
        bars[n].value = visits_coverage_pm((long)ws.met[i], (long)(ws.judged[i] - ws.met[i]), 0) / 10.0;
        n++;
    }
    if (n == 0) return para(rc, L(rc, rc->t->empty_zh, rc->t->empty_en));
    if (s->chart >= 0 &&
        pdf_bar_chart(rc->d, L(rc, "按截止日所在 ISO 周的覆盖率", "Coverage by ISO week of the deadline"), "%",
                      bars, n, 0, NULL) < 0)
        return pdf_fail(rc);
    return 0;
}

typedef struct list_state {
    rctx *rc;                    /* the rendering */
    const tpl_section *s;        /* the section */
    int failed;                  /* 1 after an error */
} list_state;

/* A query callback's row: drawn, or the query stopped with `failed` set. */
static int list_row(list_state *ls, const char *const *vals, const char *where)
{
    if (row(ls->rc, ls->s, vals, 0, where) < 0) {
        ls->failed = 1;
        return 1;
    }
    return 0;
}

/* A table section filled by one report query: heading, a row per result
 * (fn renders it and sets failed on error), then the table's close. */
static int list_section(rctx *rc, const tpl_section *s, store_rq q, const char *const *par, int npar,
                        int (*fn)(void *ctx, int ncol, const char *const *c))
{
    if (section_heading(rc, s) < 0) return -1;
    list_state ls = { rc, s, 0 };
    if (store_report_query(rc->st, q, par, npar, fn, &ls, rc->e) < 0) return -1;
    if (ls.failed) return -1;
    return table_close(rc, s);
}

static int visits_list_row(void *ctx, int ncol, const char *const *c)
{
    list_state *ls = ctx;
    rctx *rc = ls->rc;
    (void)ncol;
    char phone[64] = "", cust[300], subj[200], a[17], dl[17], ac[17], where[160];
    const char *vals[MAX_FIELDS] = {0};
    if (c[7]) report_mask_phone(c[7], phone, sizeof phone);
    /* the customer with the masked phone, so the callback can be made */
    snprintf(cust, sizeof cust, "%s %s%s%s", c[5] ? c[5] : "", c[6] ? c[6] : "", phone[0] ? " " : "", phone);
    sbuf custs = {0};
    vals[VL_SOURCE] = source_text(rc, c[13]);
    if (!vals[VL_SOURCE]) { ls->failed = 1; return 1; }
    vals[VL_CUSTOMER] = with_line(rc, &custs, cust, "来源：", "Source: ", vals[VL_SOURCE]);
    vals[VL_STAFF] = c[14];
    vals[VL_DEPT_HEAD] = c[16];
    vals[VL_RESPONSIBLE] = who_text(rc, c[14], c[15], c[16], "（未记录经办人）", "(no staff recorded)");
    snprintf(subj, sizeof subj, "%s", c[4] ? c[4] : "");
    vals[VL_RULE] = rule_label(rc, c[1]);
    vals[VL_ARTICLE] = c[2];
    vals[VL_SUBJECT] = subj;
    vals[VL_PHONE] = phone;
    vals[VL_ANCHOR] = minutes(c[8], a);
    vals[VL_DEADLINE] = minutes(c[9], dl);
    vals[VL_ACTUAL] = c[10] ? minutes(c[10], ac) : L(rc, "（无）", "(none)");
    vals[VL_STATUS] = word(rc, c[11]);
    vals[VL_CALLBACK] = c[12];
    snprintf(where, sizeof where, msg_tr("obligation %.20s (%.100s)"), c[0] ? c[0] : "?", subj);
    int r = list_row(ls, vals, where);
    sbuf_free(&custs);
    return r;
}

static int visits_list(rctx *rc, const tpl_section *s)
{
    const char *par[3] = { rc->from, rc->to, head_role(rc) };
    return list_section(rc, s, SRQ_VISITS_LIST, par, 3, visits_list_row);
}

static const tpl_section_spec VISITS_SECS[] = {
    { "by_rule", V_RULE, NULL },
    { "by_week", NULL, CH_WEEK },
    { "late_missed", V_LIST, NULL },
    { "appendix", NULL, NULL },
    { "signoff", NULL, NULL },
};
static const section_fn VISITS_FNS[] = { coverage_table, visits_chart, visits_list, appendix, signoff };

/* ====================================================================== */
/* retention                                                              */

/* Counts pivoted per category. */
typedef struct counts_state {
    char *cat[MAX_CATEGORIES];   /* category codes (owned) */
    int64_t n[MAX_CATEGORIES][6];/* active, eligible, held, open, permanent, unchecked */
    size_t ncat;                 /* categories seen */
} counts_state;

static int counts_row(void *ctx, int ncol, const char *const *c)
{
    counts_state *cs = ctx;
    static const char *const ST[] = { "active", "eligible", "held", "open", "permanent", "unchecked" };
    (void)ncol;
    const char *cat = c[0] ? c[0] : "";
    size_t i;
    for (i = 0; i < cs->ncat; i++)
        if (strcmp(cs->cat[i], cat) == 0) break;
    if (i == cs->ncat) {
        if (cs->ncat == MAX_CATEGORIES) return 0;
        cs->cat[cs->ncat++] = xstrdup(cat);
    }
    for (int k = 0; k < 6; k++)
        if (c[1] && strcmp(c[1], ST[k]) == 0) cs->n[i][k] += num(c[2]);
    return 0;
}

static int ret_counts(rctx *rc, const tpl_section *s)
{
    int ret = -1;
    counts_state *cs = xcalloc(1, sizeof *cs);
    if (section_heading(rc, s) < 0) goto out;
    if (store_report_query(rc->st, SRQ_RET_COUNTS, NULL, 0, counts_row, cs, rc->e) < 0) goto out;
    int64_t tot[7] = {0};
    for (size_t i = 0; i < cs->ncat; i++) {
        char v[7][24];
        int64_t sum = 0;
        const char *vals[MAX_FIELDS] = {0};
        for (int k = 0; k < 6; k++) {
            snprintf(v[k], sizeof v[k], "%lld", (long long)cs->n[i][k]);
            sum += cs->n[i][k];
            tot[k] += cs->n[i][k];
            vals[RC_ACTIVE + k] = v[k];
        }
        tot[6] += sum;
        snprintf(v[6], sizeof v[6], "%lld", (long long)sum);
        vals[RC_TOTAL] = v[6];
        vals[RC_CATEGORY] = cs->cat[i];
        vals[RC_CATEGORY_NAME] = category_name(rc, cs->cat[i]);
        if (row(rc, s, vals, 0, NULL) < 0) goto out;
    }
    if (cs->ncat) {
        char v[7][24];
        const char *vals[MAX_FIELDS] = {0};
        for (int k = 0; k < 7; k++) {
            snprintf(v[k], sizeof v[k], "%lld", (long long)tot[k]);
            vals[RC_ACTIVE + k] = v[k];
        }
        if (label_row(rc, s, L(rc, "合计", "Total"), vals, PDF_ROW_SHADE | PDF_ROW_BOLD | PDF_ROW_END) < 0) goto out;
    }
    if (table_close(rc, s) < 0) goto out;
    if (tot[5] > 0 && para(rc, L(rc, "“未核对”：尚未运行 kefu check 计算保管期限的档案。",
                                 "\"unchecked\": records kefu check has not judged yet.")) < 0)
        goto out;
    ret = 0;
out:
    for (size_t i = 0; i < cs->ncat; i++) free(cs->cat[i]);
    free(cs);
    return ret;
}

static int rec_row(void *ctx, int ncol, const char *const *c)
{
    list_state *ls = ctx;
    rctx *rc = ls->rc;
    (void)ncol;
    char where[160];
    const char *vals[MAX_FIELDS] = {0};
    vals[RE_RECORD_ID] = c[0];
    vals[RE_CATEGORY] = c[1];
    vals[RE_CATEGORY_NAME] = category_name(rc, c[1]);
    vals[RE_OWNER] = c[2];
    vals[RE_TITLE] = c[3];
    vals[RE_TRIGGER_ON] = c[4];
    vals[RE_EXPIRES_ON] = c[5];
    vals[RE_DISPOSITION] = word(rc, c[6]);
    snprintf(where, sizeof where, msg_tr("record %s"), c[0] ? c[0] : "?");
    return list_row(ls, vals, where);
}

static int ret_eligible(rctx *rc, const tpl_section *s)
{
    return list_section(rc, s, SRQ_RET_ELIGIBLE, NULL, 0, rec_row);
}

static int ret_upcoming(rctx *rc, const tpl_section *s)
{
    if (section_heading(rc, s) < 0) return -1;
    char until[11], note[200];
    val_days_str(val_days(rc->as_of) + UPCOMING_DAYS, until);
    snprintf(note, sizeof note, L(rc, "%s 之后、%s 及之前到期的档案。", "Records whose period ends after %s, by %s."),
             rc->as_of, until);
    if (para(rc, note) < 0) return -1;
    list_state ls = { rc, s, 0 };
    const char *par[2] = { rc->as_of, until };
    if (store_report_query(rc->st, SRQ_RET_UPCOMING, par, 2, rec_row, &ls, rc->e) < 0) return -1;
    if (ls.failed) return -1;
    return table_close(rc, s);
}

static int held_row(void *ctx, int ncol, const char *const *c)
{
    list_state *ls = ctx;
    rctx *rc = ls->rc;
    (void)ncol;
    char where[160];
    const char *vals[MAX_FIELDS] = {0};
    vals[RH_RECORD_ID] = c[0];
    vals[RH_CATEGORY] = c[1];
    vals[RH_CATEGORY_NAME] = category_name(rc, c[1]);
    vals[RH_OWNER] = c[2];
    vals[RH_TITLE] = c[3];
    vals[RH_EXPIRES_ON] = c[4];
    vals[RH_HOLD_ID] = c[5];
    vals[RH_REASON] = c[6];
    vals[RH_PLACED_ON] = c[7];
    vals[RH_STATUS] = word(rc, c[8]);
    snprintf(where, sizeof where, msg_tr("record %s"), c[0] ? c[0] : "?");
    return list_row(ls, vals, where);
}

static int ret_held(rctx *rc, const tpl_section *s)
{
    return list_section(rc, s, SRQ_RET_HELD, NULL, 0, held_row);
}

/* Overdue loans: the retention engine's findings (retain.c judges them;
 * the report only shows them), with the loan row and the due date (the
 * finding's date); days overdue count to the return or the as-of date. */
static int loan_row(void *ctx, int ncol, const char *const *c)
{
    list_state *ls = ctx;
    rctx *rc = ls->rc;
    (void)ncol;
    char out_at[20], ret_at[20], due_d[11];
    if (!c[7] || val_datetime(c[7], out_at) < 0 || !c[10] || val_date(c[10], due_d) < 0) return 0;
    /* the period (when given) selects by due date */
    if (rc->from[0] && (strcmp(due_d, rc->from) < 0 || strcmp(due_d, rc->to) > 0)) return 0;
    int64_t asof_end = (int64_t)(val_days(rc->as_of) + 1) * 86400;
    int have_ret = c[8] && val_datetime(c[8], ret_at) == 0 && val_secs(ret_at) < asof_end;
    int32_t until = have_ret ? val_days(ret_at) : val_days(rc->as_of);
    long days = (long)(until - val_days(due_d));
    if (days < 1) days = 1;   /* overdue within its due day (a key back after midnight) */
    char overdue[120], where[160], o16[17], r16[17];
    snprintf(overdue, sizeof overdue, have_ret ? L(rc, "逾期 %ld 天归还", "returned %ld days late")
                                               : L(rc, "未归还，已逾期 %ld 天", "not returned, %ld days overdue"),
             days);
    const char *vals[MAX_FIELDS] = {0};
    vals[RL_LOAN_ID] = c[0];
    vals[RL_ITEM_TYPE] = word(rc, c[1]);
    vals[RL_ITEM_ID] = c[2];
    sbuf over = {0};
    vals[RL_SOURCE] = source_text(rc, c[12]);
    if (!vals[RL_SOURCE]) { ls->failed = 1; return 1; }
    vals[RL_RESPONSIBLE] = who_text(rc, c[3], c[4], c[13], "（未记录借用人）", "(no borrower recorded)");
    vals[RL_DEPT_HEAD] = c[13];
    vals[RL_BORROWER] = c[3];
    vals[RL_BORROWER_NAME] = c[4] ? c[4] : c[3];
    vals[RL_OUT_AT] = minutes(out_at, o16);
    vals[RL_DUE_AT] = c[10];
    vals[RL_RETURNED_AT] = have_ret ? minutes(ret_at, r16) : L(rc, "（未归还）", "(out)");
    vals[RL_OVERDUE] = with_line(rc, &over, overdue, "来源：", "Source: ", vals[RL_SOURCE]);
    vals[RL_APPROVED_BY] = c[6];
    vals[RL_PURPOSE] = c[9];
    vals[RL_ARTICLE] = c[11];
    snprintf(where, sizeof where, msg_tr("loan %s"), c[0] ? c[0] : "?");
    int r = list_row(ls, vals, where);
    sbuf_free(&over);
    return r;
}

static int ret_loans(rctx *rc, const tpl_section *s)
{
    const char *par[1] = { head_role(rc) };
    return list_section(rc, s, SRQ_RET_LOANS, par, 1, loan_row);
}

static int custody_row(void *ctx, int ncol, const char *const *c)
{
    list_state *ls = ctx;
    rctx *rc = ls->rc;
    (void)ncol;
    char where[160];
    const char *vals[MAX_FIELDS] = {0};
    vals[RF_FINDING_ID] = c[0];
    vals[RF_RULE] = rule_label(rc, c[1]);
    vals[RF_ARTICLE] = c[2];
    vals[RF_LOAN_ID] = c[3];
    vals[RF_DATE] = c[4];
    sbuf detail = {0};
    vals[RF_SOURCE] = source_text(rc, c[6]);
    if (!vals[RF_SOURCE]) { ls->failed = 1; return 1; }
    vals[RF_DETAIL] = with_line(rc, &detail, detail_text(rc, c[5]), "来源：", "Source: ", vals[RF_SOURCE]);
    vals[RF_BORROWER] = c[7];
    vals[RF_DEPT_HEAD] = c[9];
    vals[RF_RESPONSIBLE] = who_text(rc, c[7], c[8], c[9], "（未记录借用人）", "(no borrower recorded)");
    snprintf(where, sizeof where, msg_tr("finding %s (loan %s)"), c[0] ? c[0] : "?", c[3] ? c[3] : "?");
    int r = list_row(ls, vals, where);
    sbuf_free(&detail);
    return r;
}

static int ret_custody(rctx *rc, const tpl_section *s)
{
    const char *par[1] = { head_role(rc) };
    return list_section(rc, s, SRQ_RET_LOAN_FINDINGS, par, 1, custody_row);
}

static int check_as_of_row(void *ctx, int ncol, const char *const *c)
{
    char *out = ctx;
    (void)ncol;
    snprintf(out, 11, "%s", c[0] ? c[0] : "");
    return 1;
}

int report_last_check(store *st, char out[11], kerr *e)
{
    out[0] = 0;
    return store_report_query(st, SRQ_RUN_CHECK, NULL, 0, check_as_of_row, out, e);
}

/* Records disposed of after a day (SRQ_PURGED_SINCE). */
typedef struct purged {
    long n;                      /* records */
    char batches[200];           /* their batches, comma-separated (cut) */
} purged;

static int purged_row(void *ctx, int ncol, const char *const *c)
{
    purged *pg = ctx;
    (void)ncol;
    pg->n = (long)num(c[0]);
    snprintf(pg->batches, sizeof pg->batches, "%s", c[1] ? c[1] : "");
    return 1;
}

static int ret_summary(rctx *rc, const tpl_section *s)
{
    if (section_heading(rc, s) < 0) return -1;
    char checked[11] = "", note[600];
    if (store_report_query(rc->st, SRQ_RUN_CHECK, NULL, 0, check_as_of_row, checked, rc->e) < 0) return -1;
    if (kv(rc, "基准日", "As of", rc->as_of) < 0) return -1;
    if (kv(rc, "保管状态计算日", "Statuses computed as of",
           checked[0] ? checked : L(rc, "（尚未运行 kefu check）", "(kefu check has not run)")) < 0)
        return -1;
    /* what the stored data can no longer show: records disposed of since */
    purged pg = { 0, "" };
    const char *par[1] = { rc->as_of };
    if (store_report_query(rc->st, SRQ_PURGED_SINCE, par, 1, purged_row, &pg, rc->e) < 0) return -1;
    if (pg.n > 0) {
        snprintf(note, sizeof note, L(rc, "【注意】%s 之后已销毁或移交 %ld 件档案（批次 %s），已不在数据库中：本报告无法显示它们在 %s 的状态。",
                                      "[NOTE] After %s, %ld records were destroyed or transferred (batch %s) and are no "
                                      "longer in the database: this report cannot show their state on %s."),
                 rc->as_of, pg.n, pg.batches, rc->as_of);
        if (para(rc, note) < 0) return -1;
    }
    return 0;
}

static const tpl_section_spec RETENTION_SECS[] = {
    { "summary", NULL, NULL },
    { "counts", R_COUNTS, NULL },
    { "eligible", R_REC, NULL },
    { "held", R_HELD, NULL },
    { "upcoming", R_REC, NULL },
    { "loans", R_LOANS, NULL },
    { "custody", R_CUSTODY, NULL },
    { "appendix", NULL, NULL },
    { "signoff", NULL, NULL },
};
static const section_fn RETENTION_FNS[] = { ret_summary, ret_counts, ret_eligible, ret_held, ret_upcoming,
                                            ret_loans, ret_custody, appendix, signoff };

/* ====================================================================== */
/* register                                                               */

/* The batch row (SRQ_REG_BATCH columns), owned copies. */
typedef struct batch_row {
    char *c[14];                 /* columns; NULL for SQL NULL */
    int found;                   /* 1 when the batch exists */
} batch_row;

static int batch_row_cb(void *ctx, int ncol, const char *const *c)
{
    batch_row *b = ctx;
    for (int i = 0; i < ncol && i < 14; i++) b->c[i] = c[i] ? xstrdup(c[i]) : NULL;
    b->found = 1;
    return 1;
}

static int disp_count_cb(void *ctx, int ncol, const char *const *c)
{
    rctx *rc = ctx;
    (void)ncol;
    if (c[6] && strcmp(c[6], "transfer") == 0) rc->n_transfer++;
    else rc->n_destroy++;
    return 0;
}

/* A category's retention period as the register prints it: "10 年",
 * "永久" ("10 years", "permanent"); a period with a time part or in
 * workdays prints as the policy writes it; "" for an unknown category. */
static void period_str(const rctx *rc, const policy_category *k, char *out, size_t outsz)
{
    out[0] = 0;
    if (!k) return;
    if (k->permanent) { snprintf(out, outsz, "%s", L(rc, "永久", "permanent")); return; }
    const val_duration *d = &k->period.d;
    if (d->seconds || d->workdays) { snprintf(out, outsz, "%s", k->period.text ? k->period.text : ""); return; }
    size_t n = 0;
    const struct { int v; const char *zh, *en; } parts[3] = {
        { d->years, "%d 年", "%d years" }, { d->months, "%d 个月", "%d months" }, { d->days, "%d 天", "%d days" } };
    for (int i = 0; i < 3 && n < outsz; i++) {
        if (!parts[i].v) continue;
        n += (size_t)snprintf(out + n, outsz - n, "%s", n ? " " : "");
        if (n < outsz) n += (size_t)snprintf(out + n, outsz - n, L(rc, parts[i].zh, parts[i].en), parts[i].v);
    }
}

static int items_row(void *ctx, int ncol, const char *const *c)
{
    list_state *ls = ctx;
    rctx *rc = ls->rc;
    (void)ncol;
    char where[160], period[64], year[8], reason[400];
    const char *vals[MAX_FIELDS] = {0};
    vals[GI_RECORD_ID] = c[0];
    vals[GI_CATEGORY] = c[1];
    vals[GI_CATEGORY_NAME] = category_name(rc, c[1]);
    vals[GI_TITLE] = c[2];
    vals[GI_OWNER] = c[3];
    vals[GI_TRIGGER_ON] = c[4];
    vals[GI_EXPIRES_ON] = c[5];
    vals[GI_DISPOSITION] = word(rc, c[6]);
    vals[GI_STATUS] = word(rc, c[7]);
    vals[GI_NOTE] = c[8];
    /* the period and the reason come from the policy's category; the year
     * is that of the date the period runs from (the record itself may be
     * gone once the batch is executed); kefu's records carry no page
     * count, so each record is one item and its pages are not recorded */
    const policy_category *k = c[1] ? policy_category_find(rc->p, c[1]) : NULL;
    period_str(rc, k, period, sizeof period);
    vals[GI_PERIOD] = period;
    snprintf(year, sizeof year, "%.4s", c[4] ? c[4] : "");
    vals[GI_YEAR] = year;
    vals[GI_ITEMS] = L(rc, "1 件 / 页数未记录", "1 item / pages not recorded");
    if (k && k->article)
        snprintf(reason, sizeof reason, rc->en ? "retention period expired (%s)" : "保管期限已满（%s）", k->article);
    else
        snprintf(reason, sizeof reason, "%s", L(rc, "保管期限已满", "retention period expired"));
    vals[GI_REASON] = reason;
    snprintf(where, sizeof where, msg_tr("record %s"), c[0] ? c[0] : "?");
    return list_row(ls, vals, where);
}

static int reg_batch(rctx *rc, const tpl_section *s);
static int reg_items(rctx *rc, const tpl_section *s);
static int reg_people(rctx *rc, const tpl_section *s);
static int reg_signatures(rctx *rc, const tpl_section *s);

static const tpl_section_spec REGISTER_SECS[] = {
    { "batch", NULL, NULL },
    { "items", G_ITEMS, NULL },
    { "people", G_PEOPLE, NULL },
    { "signatures", NULL, NULL },
};
static const section_fn REGISTER_FNS[] = { reg_batch, reg_items, reg_people, reg_signatures };

/* Name of an employee ("郑丽娟（E005）"), or the id alone when unknown. */
typedef struct emp_name {
    char name[200];              /* the name found, "" when none */
} emp_name;

static int emp_cb(void *ctx, int ncol, const char *const *c)
{
    emp_name *en = ctx;
    (void)ncol;
    snprintf(en->name, sizeof en->name, "%s", c[0] ? c[0] : "");
    return 1;
}

static int person(rctx *rc, const char *id, char *out, size_t outsz)
{
    out[0] = 0;
    if (!id || !*id) return 0;
    emp_name en = { "" };
    const char *par[1] = { id };
    if (store_report_query(rc->st, SRQ_EMPLOYEE, par, 1, emp_cb, &en, rc->e) < 0) return -1;
    if (en.name[0]) snprintf(out, outsz, rc->en ? "%s (%s)" : "%s（%s）", en.name, id);
    else snprintf(out, outsz, "%s", id);
    return 0;
}

/* Reads the batch row; the sections that need it re-read it (one row),
 * so that no state outlives a section. */
static int load_batch(rctx *rc, batch_row *b)
{
    memset(b, 0, sizeof *b);
    const char *par[1] = { rc->o->batch_id };
    return store_report_query(rc->st, SRQ_REG_BATCH, par, 1, batch_row_cb, b, rc->e);
}

static void batch_free(batch_row *b)
{
    for (int i = 0; i < 14; i++) free(b->c[i]);
}

static int reg_batch(rctx *rc, const tpl_section *s)
{
    batch_row b;
    int ret = -1;
    if (section_heading(rc, s) < 0) return -1;
    if (load_batch(rc, &b) < 0) return -1;
    char who[260], cnt[80];
    if (kv(rc, "批次编号", "Batch", b.c[0]) < 0) goto out;
    if (kv(rc, "状态", "State", word(rc, b.c[1])) < 0) goto out;
    if (kv(rc, "档案类别", "Category", b.c[2] ? category_name(rc, b.c[2]) : L(rc, "全部", "all")) < 0) goto out;
    if (kv(rc, "基准日", "As of", b.c[3] ? b.c[3] : rc->as_of) < 0) goto out;
    if (person(rc, b.c[4], who, sizeof who) < 0) goto out;
    if (kv(rc, "拟定", "Prepared", who) < 0 || kv(rc, "拟定时间", "Prepared at", b.c[5]) < 0) goto out;
    if (b.c[8] && kv(rc, "批准时间", "Approved at", b.c[8]) < 0) goto out;
    if (b.c[10] && kv(rc, "执行时间", "Executed at", b.c[10]) < 0) goto out;
    /* the bundle this register certifies: known only once executed, so the
     * register inside the bundle (made before the bundle is sealed) cannot
     * carry it; `kefu report register` after execution does */
    if (b.c[1] && strcmp(b.c[1], "executed") == 0 && b.c[12] &&
        kv(rc, "凭证包 SHA-256", "Bundle SHA-256", b.c[12]) < 0)
        goto out;
    snprintf(cnt, sizeof cnt, L(rc, "销毁 %ld 件，移交 %ld 件", "%ld to destroy, %ld to transfer"), rc->n_destroy,
             rc->n_transfer);
    if (kv(rc, "件数", "Items", cnt) < 0) goto out;
    ret = 0;
out:
    batch_free(&b);
    return ret;
}

static int reg_items(rctx *rc, const tpl_section *s)
{
    const char *par[1] = { rc->o->batch_id };
    return list_section(rc, s, SRQ_REG_ITEMS, par, 1, items_row);
}

/* One person of the batch and where the role that counted came from
 * (issue 13: an approver minted by a dropped file shows here). */
static int people_row(void *ctx, int ncol, const char *const *c)
{
    list_state *ls = ctx;
    rctx *rc = ls->rc;
    (void)ncol;
    static const char *const duty[][3] = { { "preparer", "经办人", "Prepared by" },
                                           { "reviewer", "审核", "Reviewed by" },
                                           { "approver", "批准", "Approved by" },
                                           { "rechecker", "复核人", "Re-checked by" },
                                           { "witness", "监销/监交人", "Witness" } };
    const char *d = c[0];
    for (size_t i = 0; i < sizeof duty / sizeof *duty; i++)
        if (c[0] && strcmp(c[0], duty[i][0]) == 0) d = L(rc, duty[i][1], duty[i][2]);
    char who[300], role[200], where[120];
    snprintf(who, sizeof who, rc->en ? "%s (%s)" : "%s（%s）", c[2] ? c[2] : "?", c[1] ? c[1] : "?");
    const char *rn = !c[3] ? NULL : rc->en ? policy_vocab_name_en(rc->p, POLICY_VOCAB_ROLE, c[3])
                                           : policy_vocab_name(rc->p, POLICY_VOCAB_ROLE, c[3]);
    snprintf(role, sizeof role, "%s", rn ? rn : c[3] ? c[3] : "");
    const char *vals[MAX_FIELDS] = {0};
    vals[GP_DUTY] = d;
    vals[GP_PERSON] = who;
    vals[GP_ROLE] = c[3] ? role : L(rc, "计划时无岗位记录", "no role row at the plan");
    vals[GP_SOURCE] = c[4] ? (c[6] && strcmp(c[6], "1") == 0 ? c[4] : L(rc, "未记入审计日志！", "NOT IN THE AUDIT LOG"))
                           : "";
    vals[GP_READ_AT] = c[5];
    snprintf(where, sizeof where, "person %.60s", c[1] ? c[1] : "?");
    return list_row(ls, vals, where);
}

static int reg_people(rctx *rc, const tpl_section *s)
{
    const char *par[1] = { rc->o->batch_id };
    return list_section(rc, s, SRQ_REG_PEOPLE, par, 1, people_row);
}

/* A role's name in the report's language (name-en in English, else the
 * code), or `fallback` for no role. */
static const char *role_name(const rctx *rc, const char *code, const char *fallback)
{
    if (!code) return fallback;
    const char *n = rc->en ? policy_vocab_name_en(rc->p, POLICY_VOCAB_ROLE, code)
                           : policy_vocab_name(rc->p, POLICY_VOCAB_ROLE, code);
    return n ? n : rc->en ? code : fallback;
}

static int sig(rctx *rc, const char *label)
{
    return pdf_signature(rc->d, label, L(rc, "日期", "Date"), NULL) < 0 ? pdf_fail(rc) : 0;
}

static int reg_signatures(rctx *rc, const tpl_section *s)
{
    batch_row b;
    int ret = -1;
    char who[260], label[400];
    const policy_retention *r = &rc->p->ret;
    if (section_heading(rc, s) < 0) return -1;
    if (load_batch(rc, &b) < 0) return -1;
    struct { const char *zh, *en, *role, *fallback; const char *id; } lines[3] = {
        { "经办人", "Prepared by", r->purge_preparer, "客服主任", b.c[4] },
        { "审核", "Reviewed by", r->purge_reviewer, "客户服务部主管", b.c[6] },
        { "批准", "Approved by", r->purge_approver, "服务中心主任", b.c[7] },
    };
    for (int i = 0; i < 3; i++) {
        if (person(rc, lines[i].id, who, sizeof who) < 0) goto out;
        snprintf(label, sizeof label, rc->en ? "%s (%s) %s" : "%s（%s） %s", L(rc, lines[i].zh, lines[i].en),
                 role_name(rc, lines[i].role, lines[i].fallback), who);
        if (sig(rc, label) < 0) goto out;
    }
    /* witnesses: every one recorded, and at least the policy's minimum (two) */
    int min = r->purge_min_witnesses > 2 ? r->purge_min_witnesses : 2, n = 0;
    const char *wz = rc->n_destroy ? "监销人" : "监交人";
    const char *w = b.c[9] ? b.c[9] : "";
    while (*w || n < min) {
        while (*w == ' ') w++;
        char id[64] = "";
        size_t k = 0;
        while (*w && *w != ' ' && k + 1 < sizeof id) id[k++] = *w++;
        while (*w && *w != ' ') w++;
        id[k] = 0;
        if (!id[0] && n >= min) break;
        if (person(rc, id, who, sizeof who) < 0) goto out;
        if (rc->en) snprintf(label, sizeof label, "Witness %d %s", n + 1, who);
        else snprintf(label, sizeof label, "%s %d %s", wz, n + 1, who);
        if (sig(rc, label) < 0) goto out;
        n++;
        if (n > 64) break;
    }
    /* 住户档案管理规定 6: the destruction re-checked on the spot */
    if (r->purge_rechecker && rc->n_destroy) {
        if (person(rc, b.c[13], who, sizeof who) < 0) goto out;
        snprintf(label, sizeof label, rc->en ? "%s (%s) %s" : "%s（%s） %s", L(rc, "复核人", "Re-checked by"),
                 role_name(rc, r->purge_rechecker, "客户服务部主管"), who);
        if (sig(rc, label) < 0) goto out;
    }
    if (rc->n_transfer && sig(rc, L(rc, "接收方（业主委员会）", "Received by (owners' committee)")) < 0) goto out;
    ret = 0;
out:
    batch_free(&b);
    return ret;
}

/* ====================================================================== */
/* run                                                                    */

typedef struct check_row {
    char *c[5];                  /* SRQ_RUN_CHECK columns (owned) */
    int found;                   /* 1 when a check ran */
} check_row;

static int check_row_cb(void *ctx, int ncol, const char *const *c)
{
    check_row *cr = ctx;
    for (int i = 0; i < ncol && i < 5; i++) cr->c[i] = c[i] ? xstrdup(c[i]) : NULL;
    cr->found = 1;
    return 1;
}

/* Sums SRQ_FINDINGS_BY_RULE rows: the period's findings and amount. */
typedef struct fsum {
    long n;                      /* findings */
    int64_t fen;                 /* their amounts */
} fsum;

static int fsum_row(void *ctx, int ncol, const char *const *c)
{
    fsum *fs = ctx;
    (void)ncol;
    fs->n += (long)num(c[2]);
    fs->fen += num(c[3]);
    return 0;
}

static int run_check(rctx *rc, const tpl_section *s)
{
    check_row cr;
    memset(&cr, 0, sizeof cr);
    int ret = -1;
    if (section_heading(rc, s) < 0) return -1;
    if (store_report_query(rc->st, SRQ_RUN_CHECK, NULL, 0, check_row_cb, &cr, rc->e) < 0) goto out;
    char period[40];
    snprintf(period, sizeof period, "%s — %s", rc->from, rc->to);
    if (kv(rc, "期间", "Period", period) < 0) goto out;
    if (!cr.found) {
        if (para(rc, L(rc, "尚未运行 kefu check。", "kefu check has not run.")) < 0) goto out;
    } else {
        char sha[20], v[40];
        snprintf(sha, sizeof sha, "%.16s", cr.c[2] ? cr.c[2] : "");
        if (kv(rc, "最近一次检查基准日", "Last check as of", cr.c[0]) < 0) goto out;
        if (kv(rc, "制度文件", "Policy", cr.c[1]) < 0) goto out;
        if (kv(rc, "制度 SHA-256", "Policy SHA-256", sha) < 0) goto out;
        /* the period's count is the findings table's total (one query);
         * the check's own count covers every date, and says so */
        fsum fs = {0};
        const char *par[2] = { rc->from, rc->to };
        if (store_report_query(rc->st, SRQ_FINDINGS_BY_RULE, par, 2, fsum_row, &fs, rc->e) < 0) goto out;
        snprintf(v, sizeof v, "%ld", fs.n);
        if (kv(rc, "本期发现问题", "Findings in the period", v) < 0) goto out;
        if (kv(rc, "全部发现问题", "Findings, all dates", cr.c[3]) < 0) goto out;
        if (kv(rc, "全部回访义务", "Obligations, all dates", cr.c[4]) < 0) goto out;
    }
    ret = 0;
out:
    for (int i = 0; i < 5; i++) free(cr.c[i]);
    return ret;
}

/* The files of the run with their row totals (the run JSON's "rows"). */
typedef struct src_state {
    list_state ls;               /* the table */
    int64_t n[3];                /* rows stored, rejected, replaced */
    long files;                  /* files listed */
} src_state;

static int sources_row(void *ctx, int ncol, const char *const *c)
{
    src_state *ss = ctx;
    rctx *rc = ss->ls.rc;
    (void)ncol;
    char where[300];
    const char *vals[MAX_FIELDS] = {0};
    char at[17];
    for (int i = 0; i < US_N; i++) vals[i] = c[i];
    vals[US_INGESTED_AT] = minutes(c[US_INGESTED_AT], at);
    if (!c[US_KIND]) vals[US_KIND] = L(rc, "整文件拒收", "rejected whole");
    for (int i = 0; i < 3; i++) ss->n[i] += num(c[US_STORED + i]);
    ss->files++;
    snprintf(where, sizeof where, msg_tr("source %.200s"), c[0] ? c[0] : "?");
    return list_row(&ss->ls, vals, where);
}

static int run_sources(rctx *rc, const tpl_section *s)
{
    if (section_heading(rc, s) < 0) return -1;
    src_state ss = { { rc, s, 0 }, { 0, 0, 0 }, 0 };
    const char *par[2] = { rc->from, rc->to };
    if (store_report_query(rc->st, SRQ_RUN_SOURCES, par, 2, sources_row, &ss, rc->e) < 0) return -1;
    if (ss.ls.failed) return -1;
    if (rc->rows > 0) {
        char v[3][24], label[80];
        const char *vals[MAX_FIELDS] = {0};
        for (int i = 0; i < 3; i++) {
            snprintf(v[i], sizeof v[i], "%lld", (long long)ss.n[i]);
            vals[US_STORED + i] = v[i];
        }
        snprintf(label, sizeof label, L(rc, "合计（%ld 个文件）", "Total (%ld files)"), ss.files);
        if (label_row(rc, s, label, vals, PDF_ROW_SHADE | PDF_ROW_BOLD | PDF_ROW_END) < 0) return -1;
    }
    return table_close(rc, s);
}

typedef struct rej_state {
    list_state ls;               /* the table */
    long more;                   /* rejects past MAX_REJECTS_LISTED */
} rej_state;

static int rejects_row(void *ctx, int ncol, const char *const *c)
{
    rej_state *rs = ctx;
    (void)ncol;
    if (rs->ls.rc->rows >= MAX_REJECTS_LISTED) { rs->more++; return 0; }
    char where[300];
    const char *vals[MAX_FIELDS] = {0};
    for (int i = 0; i < UR_N; i++) vals[i] = c[i];
    snprintf(where, sizeof where, msg_tr("reject %s:%s"), c[0] ? c[0] : "?", c[1] ? c[1] : "?");
    if (row(rs->ls.rc, rs->ls.s, vals, 0, where) < 0) { rs->ls.failed = 1; return 1; }
    return 0;
}

static int run_rejects(rctx *rc, const tpl_section *s)
{
    if (section_heading(rc, s) < 0) return -1;
    rej_state rs = { { rc, s, 0 }, 0 };
    const char *par[2] = { rc->from, rc->to };
    if (store_report_query(rc->st, SRQ_RUN_REJECTS, par, 2, rejects_row, &rs, rc->e) < 0) return -1;
    if (rs.ls.failed) return -1;
    if (table_close(rc, s) < 0) return -1;
    char m[160];
    long all = rc->rows + rs.more;
    if (all == 0) return 0;
    if (rs.more)
        snprintf(m, sizeof m, L(rc, "拒收共 %ld 条，另有 %ld 条未列出。", "Rejects: %ld in all, %ld more not listed."),
                 all, rs.more);
    else
        snprintf(m, sizeof m, L(rc, "拒收共 %ld 条。", "Rejects: %ld in all."), all);
    return para(rc, m);
}

static int run_findings_row(void *ctx, int ncol, const char *const *c)
{
    dept_state *ds = ctx;
    rctx *rc = ds->rc;
    (void)ncol;
    char amt[32];
    int64_t fen = num(c[3]);
    fen_str(fen, amt);
    const char *vals[MAX_FIELDS] = {0};
    vals[UF_RULE] = rule_label(rc, c[0]);
    vals[UF_ARTICLE] = c[1];
    vals[UF_FINDINGS] = c[2];
    vals[UF_AMOUNT] = amt;
    if (row(rc, ds->s, vals, 0, NULL) < 0) { ds->failed = 1; return 1; }
    ds->total += fen;
    ds->n += (long)num(c[2]);
    return 0;
}

static int run_findings(rctx *rc, const tpl_section *s)
{
    if (section_heading(rc, s) < 0) return -1;
    dept_state ds = { rc, s, 0, 0, 0 };
    const char *par[2] = { rc->from, rc->to };
    if (store_report_query(rc->st, SRQ_FINDINGS_BY_RULE, par, 2, run_findings_row, &ds, rc->e) < 0) return -1;
    if (ds.failed) return -1;
    if (rc->rows > 0) {
        char amt[32], cnt[24];
        fen_str(ds.total, amt);
        snprintf(cnt, sizeof cnt, "%ld", ds.n);
        const char *vals[MAX_FIELDS] = {0};
        vals[UF_AMOUNT] = amt;
        vals[UF_FINDINGS] = cnt;
        if (label_row(rc, s, L(rc, "合计", "Total"), vals, PDF_ROW_SHADE | PDF_ROW_BOLD | PDF_ROW_END) < 0) return -1;
    }
    return table_close(rc, s);
}

static int run_retention(rctx *rc, const tpl_section *s)
{
    if (section_heading(rc, s) < 0) return -1;
    char prev[11], newly[24], all[24], since[120];
    long n = 0, t = 0;
    /* the one definition the run JSON prints too (store_newly_eligible) */
    if (store_newly_eligible(rc->st, rc->from, prev, &n, &t, rc->e) < 0) return -1;
    snprintf(newly, sizeof newly, "%ld", n);
    snprintf(all, sizeof all, "%ld", t);
    if (prev[0]) snprintf(since, sizeof since, L(rc, "%s 的运行之后到期", "expired after the run of %s"), prev);
    else snprintf(since, sizeof since, "%s", L(rc, "此前无运行：全部计入", "no earlier run: all counted"));
    if (kv(rc, "本期新到期可处理", "Newly eligible", newly) < 0) return -1;
    if (kv(rc, "新到期的起算", "Newly: since", since) < 0) return -1;
    if (kv(rc, "可处理档案总数", "Eligible records in all", all) < 0) return -1;
    return para(rc, L(rc, "夜间批处理从不自动处理档案：销毁或移交须经 kefu purge 拟定、审核、批准并在监销人在场时执行。",
                      "The nightly run never disposes of records: kefu purge plan, approve and execute, "
                      "with witnesses, is required."));
}

static const tpl_section_spec RUN_SECS[] = {
    { "check", NULL, NULL },
    { "sources", U_SOURCES, NULL },
    { "rejects", U_REJECTS, NULL },
    { "findings", U_FINDINGS, NULL },
    { "coverage", V_RULE, NULL },
    { "retention", NULL, NULL },
};
static const section_fn RUN_FNS[] = { run_check, run_sources, run_rejects, run_findings, coverage_table,
                                      run_retention };

/* ====================================================================== */
/* rendering                                                              */

#define NSECS(a) (sizeof (a) / sizeof (a)[0])
static const report_kind KINDS[] = {
    { { "fines", FINES_SECS, NSECS(FINES_SECS) }, FINES_FNS, 1 },
    { { "visits", VISITS_SECS, NSECS(VISITS_SECS) }, VISITS_FNS, 1 },
    { { "retention", RETENTION_SECS, NSECS(RETENTION_SECS) }, RETENTION_FNS, 0 },
    { { "register", REGISTER_SECS, NSECS(REGISTER_SECS) }, REGISTER_FNS, 0 },
    { { "run", RUN_SECS, NSECS(RUN_SECS) }, RUN_FNS, 1 },
};

static const report_kind *kind_find(const char *kind, kerr *e)
{
    for (size_t i = 0; kind && i < NSECS(KINDS); i++)
        if (strcmp(KINDS[i].spec.kind, kind) == 0) return &KINDS[i];
    kerr_set(e, EXIT_USAGE, "unknown report '%s' (fines, visits, retention, register, run)", kind ? kind : "");
    return NULL;
}

int report_check_template(const char *kind, const char *dir, kerr *e)
{
    const report_kind *k = kind_find(kind, e);
    if (!k) return -1;
    tpl *t = NULL;
    if (tpl_load(&k->spec, dir, &t, e) < 0) return -1;
    tpl_free(t);
    return 0;
}

static int latest_cb(void *ctx, int ncol, const char *const *c)
{
    char *out = ctx;
    (void)ncol;
    snprintf(out, 64, "%s", c[0] ? c[0] : "");
    return 1;
}

/* ---- the basis of every page (issue 12) ---- */

/* The last check's row (SRQ_RUN_CHECK): the day the stored findings,
 * obligations and statuses were judged, and the policy they applied. */
typedef struct check_info {
    char as_of[11];              /* "" when kefu check has not run */
    char policy[256];            /* "default" or the --policy path */
    char sha[65];                /* SHA-256 of the policy's bytes */
} check_info;

static int check_info_row(void *ctx, int ncol, const char *const *c)
{
    check_info *ci = ctx;
    if (ncol >= 3) {
        snprintf(ci->as_of, sizeof ci->as_of, "%s", c[0] ? c[0] : "");
        snprintf(ci->policy, sizeof ci->policy, "%s", c[1] ? c[1] : "");
        snprintf(ci->sha, sizeof ci->sha, "%s", c[2] ? c[2] : "");
    }
    return 1;
}

int report_org_placeholder(const char *name)
{
    return !name || !*name || strstr(name, "XX") || strstr(name, "xx") || strstr(name, "××") ||
           strstr(name, "某某");
}

/* What the figures rest on, for the footer of every page (`line`, hashes
 * shortened to 16 hex digits) and the first page (key-value lines with
 * the whole hashes). `judged` is the as-of day of the figures. */
typedef struct basis {
    char judged[11];             /* the as-of day the figures were judged at */
    check_info ci;               /* the last check */
    long head_seq;               /* audit chain head of the data: seq (0: none) */
    char head[HASH_HEX_LEN];     /* and hash */
    sbuf line;                   /* the footer line (owned) */
} basis;

static int basis_load(rctx *rc, basis *b)
{
    const char *kind = rc->o->kind;
    if (store_report_query(rc->st, SRQ_RUN_CHECK, NULL, 0, check_info_row, &b->ci, rc->e) < 0) return -1;
    if (store_audit_head(rc->st, &b->head_seq, b->head, rc->e) < 0) return -1;
    /* fines, visits and the run print what the last check stored: its day
     * is the day they were judged; retention and the register, the as-of */
    int stored = strcmp(kind, "fines") == 0 || strcmp(kind, "visits") == 0 || strcmp(kind, "run") == 0;
    snprintf(b->judged, sizeof b->judged, "%s", stored && b->ci.as_of[0] ? b->ci.as_of : rc->as_of);
    const char *pol = b->ci.policy[0] ? b->ci.policy : rc->p->source ? rc->p->source : "";
    const char *adopted = rc->p->adoption.adopted_on;
    sbuf *l = &b->line;
    sbuf_printf(l, "%s %s", L(rc, "基准日", "As of"), b->judged);
    if (rc->o->generated) sbuf_printf(l, " | %s %s", L(rc, "生成", "made"), rc->o->generated);
    sbuf_printf(l, " | %s %s", L(rc, "政策", "policy"), pol);
    if (adopted) sbuf_printf(l, rc->en ? " (adopted %s)" : "（%s 通过）", adopted);
    if (b->ci.sha[0]) sbuf_printf(l, " sha256 %.16s", b->ci.sha);
    sbuf_printf(l, " | kefu %s", KEFU_VERSION);
    if (rc->o->run_id) sbuf_printf(l, " | %s %s", L(rc, "运行", "run"), rc->o->run_id);
    if (b->head_seq > 0) sbuf_printf(l, " | %s #%ld %.16s", L(rc, "审计链头", "audit head"), b->head_seq, b->head);
    else sbuf_printf(l, " | %s", L(rc, "审计链头 无", "audit head: none"));
    return 0;
}

/* The first page's block: the organisation (a placeholder name warned on
 * the page and in `warnings`), then the basis in full. */
static int basis_block(rctx *rc, const basis *b, sbuf *warnings)
{
    const char *org = rc->p->org.name;
    if (org && para(rc, org) < 0) return -1;
    if (report_org_placeholder(org)) {
        if (para(rc, L(rc, "【警告】机构名称为模板占位符，请在政策文件 <organization name=\"…\"> 中填写本单位名称。",
                       "[WARNING] The organisation's name is a template placeholder: set <organization "
                       "name=\"…\"> in the policy file.")) < 0)
            return -1;
        if (warnings)
            sbuf_printf(warnings, msg_tr("warning: the policy's organisation name '%s' is a placeholder: set "
                                         "<organization name=\"…\"> in the policy file\n"), org ? org : "");
    }
    char buf[400];
    if (kv(rc, "基准日", "As of", b->judged) < 0) return -1;
    if (rc->o->judged_apart) {
        snprintf(buf, sizeof buf, L(rc, "本报告按 %s 当日重新判断全部规则，结果未保存（库中保存的是最近一次检查的结果）。",
                                    "Every rule was judged again as of %s for this report, and nothing was stored "
                                    "(the database keeps the last check's)."), b->judged);
        if (para(rc, buf) < 0) return -1;
    }
    if (rc->o->generated && kv(rc, "生成时间", "Made", rc->o->generated) < 0) return -1;
    const char *pol = b->ci.policy[0] ? b->ci.policy : rc->p->source ? rc->p->source : "";
    if (rc->p->adoption.adopted_on)
        snprintf(buf, sizeof buf, rc->en ? "%s (adopted %s)" : "%s（%s 通过）", pol, rc->p->adoption.adopted_on);
    else
        snprintf(buf, sizeof buf, "%s", pol);
    if (kv(rc, "政策", "Policy", buf) < 0) return -1;
    if (kv(rc, "政策 SHA-256", "Policy SHA-256",
           b->ci.sha[0] ? b->ci.sha : L(rc, "（尚未运行 kefu check）", "(kefu check has not run)")) < 0)
        return -1;
    if (kv(rc, "kefu 版本", "kefu version", KEFU_VERSION) < 0) return -1;
    if (rc->o->run_id && kv(rc, "运行", "Run", rc->o->run_id) < 0) return -1;
    if (b->head_seq > 0) snprintf(buf, sizeof buf, "#%ld %s", b->head_seq, b->head);
    else snprintf(buf, sizeof buf, "%s", L(rc, "无", "none"));
    return kv(rc, "审计链头", "Audit chain head", buf);
}

/* Draws the whole report into a new document (*out, the caller frees). */
static int render_with(store *st, const policy *p, const report_opts *o0, pdf_doc **out, report_tables *tabs,
                       sbuf *warnings, kerr *e);

/* Renders the report with the store's page cache at STORE_REPORT_CACHE,
 * and sets it back after: the report's memory stays the same whatever the
 * number of rows it reads (issue 12), and a nightly run's next steps get
 * the store's own cache again. */
static int render(store *st, const policy *p, const report_opts *o0, pdf_doc **out, report_tables *tabs,
                  sbuf *warnings, kerr *e)
{
    int old = 0;
    *out = NULL;
    if (store_report_cache(st, STORE_REPORT_CACHE, &old, e) < 0) return -1;
    int r = render_with(st, p, o0, out, tabs, warnings, e);
    kerr e2 = {0};
    if (store_report_cache(st, old, NULL, &e2) < 0 && r == 0) {
        *e = e2;
        pdf_free(*out);
        *out = NULL;
        r = -1;
    }
    return r;
}

/* render() with the cache set: the report drawn into *out (caller frees). */
static int render_with(store *st, const policy *p, const report_opts *o0, pdf_doc **out, report_tables *tabs,
                       sbuf *warnings, kerr *e)
{
    report_opts o = *o0;
    rctx rc;
    memset(&rc, 0, sizeof rc);
    rc.st = st;
    rc.p = p;
    rc.o = &o;
    rc.e = e;
    rc.en = o.lang && strcmp(o.lang, "en") == 0;
    rc.tabs = tabs;
    char batch[64] = "", title[600], label[96];
    basis bs;
    memset(&bs, 0, sizeof bs);
    int ret = -1, draft = 0;
    *out = NULL;
    if (o.lang && strcmp(o.lang, "zh") != 0 && strcmp(o.lang, "en") != 0)
        return kerr_set(e, EXIT_USAGE, "--lang '%s': expected zh or en", o.lang);
    const report_kind *k = kind_find(o.kind, e);
    if (!k) return -1;
    rc.spec = &k->spec;
    if (k->needs_period) {
        if (!o.from || !o.to || val_date(o.from, rc.from) < 0 || val_date(o.to, rc.to) < 0)
            return kerr_set(e, EXIT_USAGE, "report %s: a period is required (--month YYYY-MM or --from DATE --to DATE)",
                            o.kind);
        if (strcmp(rc.from, rc.to) > 0)
            return kerr_set(e, EXIT_USAGE, "report %s: --from %s is after --to %s", o.kind, rc.from, rc.to);
    } else {
        if (o.from && val_date(o.from, rc.from) < 0) rc.from[0] = 0;
        if (o.to && val_date(o.to, rc.to) < 0) rc.to[0] = 0;
        if (!rc.from[0] || !rc.to[0]) rc.from[0] = rc.to[0] = 0;
    }
    /* the reference date: --as-of, else the last check's, else the period's end */
    if (o.as_of && val_date(o.as_of, rc.as_of) < 0)
        return kerr_set(e, EXIT_USAGE, "--as-of '%s' is not a date", o.as_of);
    if (!rc.as_of[0]) {
        char checked[11] = "";
        if (store_report_query(st, SRQ_RUN_CHECK, NULL, 0, check_as_of_row, checked, e) < 0) return -1;
        snprintf(rc.as_of, sizeof rc.as_of, "%s", checked[0] ? checked : rc.to);
    }
    if (strcmp(o.kind, "retention") == 0 && !rc.as_of[0])
        return kerr_set(e, EXIT_USAGE, "report retention: no reference date (give --as-of or run kefu check)");
    if (strcmp(o.kind, "register") == 0) {
        if (!o.batch_id) {
            if (store_report_query(st, SRQ_REG_LATEST, NULL, 0, latest_cb, batch, e) < 0) return -1;
            if (!batch[0]) return kerr_set(e, EXIT_NOINPUT, "report register: there is no purge batch");
            o.batch_id = batch;
        }
        batch_row b;
        if (load_batch(&rc, &b) < 0) return -1;
        int found = b.found;
        /* a batch not yet approved is a draft: 草稿 on every page */
        draft = found && b.c[1] && strcmp(b.c[1], "planned") == 0;
        batch_free(&b);
        if (!found) return kerr_set(e, EXIT_NOINPUT, "report register: no purge batch '%s'", o.batch_id);
        const char *par[1] = { o.batch_id };
        if (store_report_query(st, SRQ_REG_ITEMS, par, 1, disp_count_cb, &rc, e) < 0) return -1;
    }
    if (tpl_load(&k->spec, o.template_dir, &rc.t, e) < 0) return -1;

    snprintf(title, sizeof title, "%s", L(&rc, rc.t->title_zh, rc.t->title_en));
    if (strcmp(o.kind, "register") == 0) {
        const char *suffix = rc.n_transfer && rc.n_destroy ? L(&rc, "（销毁清册 / 移交清册）", " (destruction and transfer lists)")
                           : rc.n_transfer ? L(&rc, "（移交清册）", " (transfer list)")
                           : L(&rc, "（销毁清册）", " (destruction list)");
        size_t tl = strlen(title);
        snprintf(title + tl, sizeof title - tl, "%s", suffix);
    }
    if (o.period_label) snprintf(label, sizeof label, "%s", o.period_label);
    else if (strcmp(o.kind, "register") == 0) snprintf(label, sizeof label, "%s", o.batch_id);
    else if (rc.from[0]) snprintf(label, sizeof label, "%s — %s", rc.from, rc.to);
    else snprintf(label, sizeof label, "%s", rc.as_of);
    if (draft) {
        /* the running header says it too, in text a search or pdftotext finds */
        size_t ll = strlen(label);
        snprintf(label + ll, sizeof label - ll, "%s", L(&rc, "（草稿）", " (DRAFT)"));
    }
    if (basis_load(&rc, &bs) < 0) goto out;
    if (rc.to[0] && strcmp(rc.to, bs.judged) > 0) {
        /* the period is not over by the day it was judged: say so */
        char asof[64];
        snprintf(asof, sizeof asof, rc.en ? " (as of %s)" : "（截至 %s）", bs.judged);
        size_t tl = strlen(title), ll = strlen(label);
        snprintf(title + tl, sizeof title - tl, "%s", asof);
        snprintf(label + ll, sizeof label - ll, "%s", asof);
    }
    char keywords[700];
    snprintf(keywords, sizeof keywords, "kefu; %s; %s; %s", o.kind, label, p->org.name ? p->org.name : "");
    pdf_opts po = {
        .font_path = o.font, .font_face = 0, .english = rc.en, .title = title,
        .author = p->org.name ? p->org.name : "kefu", .org = p->org.name, .period = label,
        .keywords = keywords, .created = o.created, .basis = bs.line.p,
        .watermark = draft ? L(&rc, "草稿", "DRAFT") : NULL,
        .landscape = strcmp(o.kind, "register") == 0,   /* the register's twelve columns */
    };
    rc.d = pdf_open(&po, e);
    if (!rc.d) goto out;
    if (heading(&rc, 1, title, title) < 0) goto out;
    if (basis_block(&rc, &bs, warnings) < 0) goto out;
    for (size_t i = 0; i < rc.t->nsecs; i++) {
        const tpl_section *s = &rc.t->secs[i];
        if (k->fns[s->spec](&rc, s) < 0) {
            if (!e->code) pdf_fail(&rc);
            goto out;
        }
    }
    if (warnings) {
        size_t n = pdf_warning_count(rc.d);
        for (size_t i = 0; i < n; i++) {
            pdf_warning_format(pdf_warning_get(rc.d, i), warnings);
            if (!warnings->len || warnings->p[warnings->len - 1] != '\n') sbuf_addc(warnings, '\n');
        }
        if (pdf_warnings_dropped(rc.d))
            sbuf_printf(warnings, msg_tr("%zu more characters drawn as boxes\n"), pdf_warnings_dropped(rc.d));
    }
    *out = rc.d;
    rc.d = NULL;
    ret = 0;
out:
    sbuf_free(&bs.line);
    pdf_free(rc.d);
    tpl_free(rc.t);
    for (int j = 0; j < PDF_MAX_COLS; j++) sbuf_free(&rc.cell[j]);
    store_srcq_free(rc.srcq);
    sbuf_free(&rc.src);
    sbuf_free(&rc.who);
    sbuf_free(&rc.det);
    return ret;
}

int report_render(store *st, const policy *p, const report_opts *o, const char *out_path, sbuf *warnings,
                  kerr *e)
{
    pdf_doc *d = NULL;
    if (render(st, p, o, &d, NULL, warnings, e) < 0) return -1;
    int r = pdf_save(d, out_path, e);
    pdf_free(d);
    return r;
}

int report_render_mem(store *st, const policy *p, const report_opts *o, unsigned char **pdf, size_t *len,
                      sbuf *warnings, kerr *e)
{
    pdf_doc *d = NULL;
    *pdf = NULL;
    *len = 0;
    if (render(st, p, o, &d, NULL, warnings, e) < 0) return -1;
    int r = pdf_save_mem(d, pdf, len, e);
    pdf_free(d);
    return r;
}

int report_render_tables(store *st, const policy *p, const report_opts *o, report_tables *out,
                         sbuf *warnings, kerr *e)
{
    /* the PDF is drawn too (and dropped): its writer decides nothing the
     * tables keep, but drawing it is what runs every section's rows */
    pdf_doc *d = NULL;
    int r = render(st, p, o, &d, out, warnings, e);
    pdf_free(d);
    if (r < 0) report_tables_free(out);
    return r;
}
