/* test_report.c — the PDF reports (report.h) and their templates (tpl.h):
 * the masking table, template validation errors with their line, every kind
 * rendered from a small database built here, a department's own template
 * changing the text, byte-identical output, an empty period, English, and
 * 1,000 findings paging with the header row on every page (checked with
 * pdftotext through popen; pages are separated by form feeds). */
#include "t.h"
#include "report.h"
#include "pdf.h"
#include "store_report.h"
#include "tpl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char g_dir[64];

/* ---- masking ---- */

static void test_masking(void)
{
    static const struct { const char *in, *id, *phone; } cases[] = {
        { "440305198001011234", "440305********1234", "4403051980****1234" },
        { "44030519800101123X", "440305********123X", "4403051980****123X" },
        { "13812341234", "138123*1234", "138****1234" },
        { "0755-12345678", "0755-1***5678", "0755-****5678" },
        { "", "", "" },
        { "123", "***", "***" },
        { "1234567", "*******", "*******" },
        { "12345678", "********", "****5678" },
        { "1234567890", "**********", "12****7890" },
        { "12345678901", "123456*8901", "123****8901" },
        { "电话一二三四五六七八", "**********", "电话****五六七八" },
        { "电话一二三四五六七八九", "电话一二三四*六七八九", "电话一****六七八九" },
    };
    char out[128];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        report_mask_id(cases[i].in, out, sizeof out);
        T_EQ_STR(out, cases[i].id, cases[i].in);
        report_mask_phone(cases[i].in, out, sizeof out);
        T_EQ_STR(out, cases[i].phone, cases[i].in);
    }
    report_mask_id(NULL, out, sizeof out);
    T_EQ_STR(out, "", "mask_id NULL");
    report_mask_phone(NULL, out, sizeof out);
    T_EQ_STR(out, "", "mask_phone NULL");
    report_mask_id("440305198001011234", out, 8);
    T_EQ_STR(out, "440305*", "mask_id truncated to the buffer");

    static const struct { const char *in, *want; } text[] = {
        { "客户电话13812341234已回访", "客户电话138****1234已回访" },
        { "身份证440305198001011234，电话 13912345678", "身份证440305********1234，电话 139****5678" },
        { "ID 44030519800101123X end", "ID 440305********123X end" },
        { "旧证 440305800101123", "旧证 440305*****1123" },
        { "金额 1,234.50 元 2026-10-15", "金额 1,234.50 元 2026-10-15" },
        { "单号 123456789012", "单号 123456789012" },
        { "23812341234", "23812341234" },
        { "", "" },
    };
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++) {
        sbuf b = {0};
        report_mask_text(text[i].in, &b);
        T_EQ_STR(b.p ? b.p : "", text[i].want, text[i].in);
        sbuf_free(&b);
    }
}

/* ---- templates ---- */

static const char *const FIELDS[] = { "date", "amount", NULL };
static const char *const CHARTS[] = { "dept_totals", NULL };
static const tpl_section_spec SECS[] = { { "summary", NULL, NULL }, { "list", FIELDS, CHARTS } };
static const tpl_spec SPEC = { "fines", SECS, 2 };

static void test_templates(void)
{
    static const struct { const char *label, *xml, *want; } cases[] = {
        { "unknown field names its line",
          "<report kind=\"fines\">\n<title zh=\"a\" en=\"b\"/>\n<section name=\"list\" zh=\"x\" en=\"y\">\n"
          "<table>\n<column field=\"date\" zh=\"日期\" en=\"Date\"/>\n<column field=\"amout\" zh=\"金额\" en=\"A\"/>\n"
          "</table></section></report>\n",
          "t.xml:6: section 'list': unknown field 'amout' (known: date, amount)" },
        { "unknown section",
          "<report kind=\"fines\">\n<title zh=\"a\" en=\"b\"/>\n\n<section name=\"nope\" zh=\"x\" en=\"y\"/>\n</report>",
          "t.xml:4: unknown section 'nope' for a fines report (known: summary, list)" },
        { "unknown chart",
          "<report kind=\"fines\"><title zh=\"a\" en=\"b\"/>\n<section name=\"list\" zh=\"x\" en=\"y\" chart=\"pie\"/></report>",
          "t.xml:2: section 'list': unknown chart 'pie' (known: dept_totals)" },
        { "a table where the section has none",
          "<report kind=\"fines\"><title zh=\"a\" en=\"b\"/><section name=\"summary\" zh=\"x\" en=\"y\">\n"
          "<table><column field=\"date\" zh=\"a\" en=\"b\"/></table></section></report>",
          "t.xml:2: section 'summary' has no table" },
        { "wrong kind",
          "<report kind=\"visits\"><title zh=\"a\" en=\"b\"/><section name=\"list\" zh=\"x\" en=\"y\"/></report>",
          "t.xml:1: this is a 'visits' template; a 'fines' template is needed" },
        { "DOCTYPE refused",
          "<?xml version=\"1.0\"?>\n<!DOCTYPE report [<!ENTITY x \"boom\">]>\n<report kind=\"fines\"/>",
          "t.xml:2: DOCTYPE is not allowed" },
        { "schema: missing en",
          "<report kind=\"fines\">\n<title zh=\"a\" en=\"b\"/>\n<section name=\"list\" zh=\"x\"/>\n</report>",
          "t.xml:3: Element 'section': The attribute 'en' is required but missing." },
        { "schema: bad width",
          "<report kind=\"fines\"><title zh=\"a\" en=\"b\"/><section name=\"list\" zh=\"x\" en=\"y\">\n<table>\n"
          "<column field=\"date\" zh=\"a\" en=\"b\" width=\"wide\"/></table></section></report>",
          "t.xml:3: Element 'column', attribute 'width'" },
        { "not well-formed",
          "<report kind=\"fines\">\n<title zh=\"a\" en=\"b\">\n</report>",
          "t.xml:3: not well-formed XML" },
        { "duplicate section",
          "<report kind=\"fines\"><title zh=\"a\" en=\"b\"/>\n<section name=\"list\" zh=\"x\" en=\"y\"/>\n"
          "<section name=\"list\" zh=\"x\" en=\"y\"/></report>",
          "t.xml:3: section 'list' appears twice" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tpl *t = NULL;
        kerr e = {0};
        int r = tpl_load_mem(cases[i].xml, strlen(cases[i].xml), "t.xml", &SPEC, &t, &e);
        T_CHECK(r == -1 && t == NULL, "%s: accepted", cases[i].label);
        T_CHECK(e.code == EXIT_DATAERR, "%s: code %d", cases[i].label, e.code);
        T_CHECK(strncmp(e.msg, cases[i].want, strlen(cases[i].want)) == 0, "%s: got '%s'", cases[i].label, e.msg);
        tpl_free(t);
    }
    /* a valid one: widths, alignment, order, defaults */
    const char *ok = "<report kind=\"fines\"><title zh=\"标题\" en=\"Title\"/><section name=\"list\" zh=\"x\" en=\"y\" "
                     "chart=\"dept_totals\"><table><column field=\"amount\" zh=\"金额\" en=\"A\" width=\"22mm\" "
                     "align=\"right\"/><column field=\"date\" zh=\"日\" en=\"D\" width=\"0.25\"/></table></section>"
                     "<section name=\"summary\" zh=\"s\" en=\"s\"/></report>";
    tpl *t = NULL;
    kerr e = {0};
    T_CHECK(tpl_load_mem(ok, strlen(ok), "ok.xml", &SPEC, &t, &e) == 0, "valid template: %s", e.msg);
    if (t) {
        T_EQ_INT(t->nsecs, 2, "sections");
        T_EQ_INT(t->secs[0].spec, 1, "first section is 'list'");
        T_EQ_INT(t->secs[0].chart, 0, "chart");
        T_EQ_INT(t->secs[0].ncols, 2, "columns");
        T_EQ_INT(t->secs[0].cols[0].field, 1, "field amount");
        T_CHECK(t->secs[0].cols[0].mm == 22.0, "width mm");
        T_EQ_INT(t->secs[0].cols[0].align, TPL_RIGHT, "align");
        T_CHECK(t->secs[0].cols[1].frac == 0.25, "width fraction");
        T_EQ_STR(t->empty_zh, "本期无记录", "default empty text");
        T_CHECK(tpl_find(t, 0) == &t->secs[1], "tpl_find");
    }
    tpl_free(t);
    /* every embedded template is valid */
    for (int i = 0; REPORT_KINDS[i]; i++) {
        kerr e2 = {0};
        T_CHECK(report_check_template(REPORT_KINDS[i], NULL, &e2) == 0, "embedded %s: %s", REPORT_KINDS[i], e2.msg);
    }
    kerr e3 = {0};
    T_CHECK(report_check_template("nope", NULL, &e3) == -1 && e3.code == EXIT_USAGE, "unknown kind");
    kerr e4 = {0};
    T_CHECK(report_check_template("fines", "/nonexistent-dir", &e4) == -1 && e4.code == EXIT_NOINPUT,
            "missing template dir: %d %s", e4.code, e4.msg);
}

/* ---- a small database ---- */

static const char *SETUP_SQL =
    "INSERT INTO source(id,file,sha256,bytes,kind,format,encoding,ingested_at,rows_stored,rows_rejected,rows_replaced)"
    " VALUES(1,'t/employee.csv','aa',10,'employee','csv','UTF-8','2026-11-01 01:30:00',3,1,0);"
    /* the night's files as the run of 2026-10-31 read them at 01:30 on
     * 11-01 (the as-of day is the last complete day, not the clock's) */
    "INSERT INTO audit(seq,at,action,detail,prev_hash,hash) VALUES(1,'2026-11-01 01:30:00','run_files',"
    " '{\"as_of\":\"2026-10-31\",\"files\":[{\"path\":\"t/employee.csv\",\"sha256\":\"aa\"},"
    "{\"path\":\"t/bad.csv\",\"sha256\":\"bb\"}]}','0','h1');"
    "INSERT INTO reject(file,src_sha256,line,field,value,message) VALUES('t/bad.csv','bb',0,NULL,NULL,"
    " 't/bad.csv: rejected whole under --strict (1 bad row)');"
    "INSERT INTO reject(file,src_sha256,line,field,value,message) VALUES('t/employee.csv','aa',4,'monthly_wage','x',"
    " 't/employee.csv:4: field ''monthly_wage'': ''x'' is not an amount');"
    "INSERT INTO employee_data(employee_id,name,dept,role,monthly_wage,monthly_bonus,id_number,phone,src_id,src_line) VALUES"
    " ('E005','郑丽娟','客服部','cs_chief',580000,60000,'440305198001011234','13812341234',1,2),"
    " ('E004','吴晓燕','客服部','cs_supervisor',650000,80000,NULL,NULL,1,3),"
    " ('E002','林美玲','客服部','center_director',820000,150000,NULL,NULL,1,4),"
    " ('E007','张伟','客服部','staff',420000,30000,NULL,NULL,1,5),"
    " ('E017','何俊','工程部','staff',520000,50000,NULL,NULL,1,6);"
    "INSERT INTO finding(rule,article,subject_kind,subject_id,date,period,sanction,amount_fen,detail,sources) VALUES"
    " ('absence_run','第一篇 第三十一条','employee','E007','2026-10-15','2026-10','deduction',41379,"
    "  '旷工 1 天，客户电话13812341234','attendance#1'),"
    " ('incident','第二篇 仪容仪表规范 第六条','employee','E007','2026-10-13','2026-10','fine',1000,'仪容仪表','incident#1'),"
    /* the same rule under another article: its own row in the run's table */
    " ('incident','第二篇 规章制度4 一','employee','E007','2026-10-14','2026-10','warning',0,'警告','incident#2'),"
    " ('late','第一篇 第二十九条','employee','E017','2026-10-20','2026-10','none',0,'迟到 5 分钟','attendance#2'),"
    " ('dismissal','第一篇 第三十一条','employee','E017','2026-10-21','2026-10','dismissal',0,"
    "  'meets the regulation''s dismissal threshold — for HR review','attendance#3'),"
    " ('report_weekly','第二篇 报表制度 第二条','department','工程部','2026-10-26','2026-10','fine',1000,'周报表逾期',''),"
    " ('confidential_loan','档案管理 第五条','loan','JY-2','2026-10-05','2026-10','warning',0,'保密档案外借',''),"
    /* overdue loans as retain.c reports them: JY-1 a key still out, JY-2 an
     * archive back 12 days late; JY-3 came back the same day (no finding) */
    " ('key_loan_overdue','钥匙管理 第三条','loan','JY-1','2026-10-09','2026-10','none',0,'钥匙未归还','borrowing#13'),"
    " ('archive_loan_overdue','档案管理 第四条','loan','JY-2','2026-10-08','2026-10','none',0,'档案逾期归还','borrowing#14');"
    /* the KIND_data tables hold dates as days and datetimes as seconds
     * since 1970-01-01 (schema 13): unixepoch() turns the text into them */
    "INSERT INTO customer_data(customer_id,name,kind,phone,since,src_id,src_line) VALUES"
    " ('H0001','李秀英','household','13912345678',unixepoch('2020-01-01')/86400,1,7);"
    "INSERT INTO service_event_data(event_id,kind,customer_id,opened_at,src_id,src_line) VALUES"
    " ('SJ1','complaint','H0001',unixepoch('2026-10-10 09:00:00'),1,8);"
    /* obligations name their rule and article through citation (v12) */
    "INSERT INTO citation(id,rule,article,quote,assumed) VALUES"
    " (1,'complaint_callback','第三篇 第三条','',''), (2,'household_visit','第三篇 第六条','','');"
    "INSERT INTO obligation_data(cite,subject_kind,subject_id,anchor_at,due_at,done_at,status,period) VALUES"
    " (1,'event','SJ1','2026-10-10 09:00:00','2026-10-11 09:00:00',NULL,'missed','2026-10'),"
    " (1,'event','SJ1','2026-10-12 09:00:00','2026-10-13 09:00:00','2026-10-13 08:00:00','met','2026-10'),"
    " (2,'customer','H0001','2026-10-01 00:00:00','2026-10-20 00:00:00','2026-10-22 10:00:00','late','2026-10');"
    "INSERT INTO archive_record_data(record_id,category,owner,title,created_on,closed_on,src_id,src_line) VALUES"
    " ('DA1','fee_notice','王五(1栋0101)','催费通知',unixepoch('2015-01-01')/86400,NULL,1,9),"
    " ('DA2','fee_notice','王五(1栋0101)','催费通知二',unixepoch('2015-02-01')/86400,NULL,1,10),"
    " ('DA3','repair_order',NULL,'维修单',unixepoch('2021-12-01')/86400,NULL,1,11);"
    "INSERT INTO hold_data(hold_id,record_id,reason,placed_on,src_id,src_line)"
    " VALUES('DJ1','DA2','诉讼保全',unixepoch('2026-01-01')/86400,1,12);"
    "INSERT INTO retention(record_id,category,status,trigger_on,expires_on,disposition,hold_id,article) VALUES"
    " ('DA1','fee_notice','eligible','2015-01-01','2018-01-01','destroy',NULL,'a'),"
    " ('DA2','fee_notice','held','2015-02-01','2018-02-01','destroy','DJ1','a'),"
    " ('DA3','repair_order','active','2021-12-01','2026-12-01','destroy',NULL,'a');"
    "INSERT INTO borrowing_data(loan_id,item_type,item_id,borrower,out_at,returned_at,src_id,src_line) VALUES"
    " ('JY-1','key','KEY-1','E017',unixepoch('2026-10-09 09:00:00'),NULL,1,13),"
    " ('JY-2','archive','DA3','E007',unixepoch('2026-10-01 09:00:00'),unixepoch('2026-10-20 09:00:00'),1,14),"
    " ('JY-3','key','KEY-2','E007',unixepoch('2026-10-02 09:00:00'),unixepoch('2026-10-02 11:00:00'),1,15);"
    "INSERT INTO check_run(id,as_of,policy,policy_sha256,findings,obligations) VALUES(1,'2026-11-26','default','abcd',7,3);"
    "INSERT INTO purge_batch(batch_id,state,as_of,prepared_by,prepared_at,reviewed_by,approved_by,approved_at,witnesses)"
    " VALUES('P-20261126-01','approved','2026-11-26','E005','2026-11-26 10:00:00','E004','E002','2026-11-26 11:00:00',NULL);"
    "INSERT INTO purge_item(batch_id,record_id,category,title,owner,trigger_on,expires_on,disposition,status,note) VALUES"
    " ('P-20261126-01','DA1','fee_notice','催费通知','王五(1栋0101)','2015-01-01','2018-01-01','destroy','proposed',NULL),"
    " ('P-20261126-01','DA9','fee_notice','已冻结','某','2015-01-01','2018-01-01','destroy','dropped','批准后冻结 DJ9');";

/* Writes a PDF to a file and returns pdftotext's output (caller frees). */
static char *pdf_text(const unsigned char *pdf, size_t len)
{
    char path[128], cmd[300];
    snprintf(path, sizeof path, "%s/x.pdf", g_dir);
    FILE *f = fopen(path, "wb");
    if (!f) return NULL;
    fwrite(pdf, 1, len, f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' - 2>/dev/null", path);
    FILE *p = popen(cmd, "r");
    if (!p) return NULL;
    sbuf b = {0};
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) sbuf_add(&b, buf, n);
    pclose(p);
    return b.p ? b.p : xstrdup("");
}

typedef struct rendered {
    unsigned char *pdf;   /* the document (owned) */
    size_t len;           /* its length */
    char *text;           /* pdftotext of it (owned) */
} rendered;

static int render(store *st, const policy *p, report_opts o, rendered *r, kerr *e)
{
    memset(r, 0, sizeof *r);
    sbuf w = {0};
    if (o.created == 0) o.created = 1795651200;  /* 2026-11-26 */
    int rc = report_render_mem(st, p, &o, &r->pdf, &r->len, &w, e);
    sbuf_free(&w);
    if (rc == 0) r->text = pdf_text(r->pdf, r->len);
    return rc;
}

static void rendered_free(rendered *r)
{
    free(r->pdf);
    free(r->text);
}

/* 1 when the text holds s, also across a line break inside a table cell
 * (pdftotext ends each wrapped line: a break where a space was, or inside
 * Chinese text where there was none). */
static int has(const rendered *r, const char *s)
{
    if (!r->text) return 0;
    if (strstr(r->text, s)) return 1;
    size_t n = strlen(r->text);
    char *sp = xmalloc(n + 1), *none = xmalloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        sp[i] = r->text[i] == '\n' ? ' ' : r->text[i];
        if (r->text[i] != '\n') none[k++] = r->text[i];
    }
    sp[n] = 0;
    none[k] = 0;
    int found = strstr(sp, s) || strstr(none, s);
    if (!found) {
        /* a long text wrapped both at a space and between two hanzi:
         * compare with every space and newline removed on both sides */
        char *a = xmalloc(n + 1), *b = xmalloc(strlen(s) + 1);
        size_t ka = 0, kb = 0;
        for (size_t i = 0; i < n; i++)
            if (r->text[i] != '\n' && r->text[i] != ' ') a[ka++] = r->text[i];
        for (const char *q = s; *q; q++)
            if (*q != ' ') b[kb++] = *q;
        a[ka] = b[kb] = 0;
        found = kb > 0 && strstr(a, b) != NULL;
        free(a);
        free(b);
    }
    free(sp);
    free(none);
    return found;
}

/* The text after `label` on the first line of `pdftotext -layout` that
 * holds it (the value of a key-value line, or a table row's other cells),
 * spaces squeezed, into out; "" when no line holds the label. With
 * label "", the first line equal (squeezed) to `out`'s initial text is
 * looked for instead, and out is left as it was when one is found, ""
 * when none is. */
static void layout_value(const rendered *r, const char *label, char *out, size_t outsz)
{
    char path[128], cmd[300], want[400];
    snprintf(want, sizeof want, "%s", label[0] ? "" : out);
    int whole = !label[0], found = 0;
    out[0] = 0;
    snprintf(path, sizeof path, "%s/l.pdf", g_dir);
    FILE *f = fopen(path, "wb");
    if (!f) return;
    fwrite(r->pdf, 1, r->len, f);
    fclose(f);
    snprintf(cmd, sizeof cmd, "pdftotext -layout -enc UTF-8 '%s' - 2>/dev/null", path);
    FILE *pp = popen(cmd, "r");
    if (!pp) return;
    char line[4096], sq[4096];
    while (fgets(line, sizeof line, pp)) {
        const char *at = whole ? line : strstr(line, label);
        if (!at || found) continue;
        size_t k = 0;
        for (const char *c = at + strlen(label); *c && *c != '\n' && k + 1 < sizeof sq; c++) {
            if (*c == ' ' && (k == 0 || sq[k - 1] == ' ')) continue;
            sq[k++] = *c;
        }
        while (k > 0 && sq[k - 1] == ' ') k--;
        sq[k] = 0;
        if (whole && strcmp(sq, want) != 0) continue;
        found = 1;
        size_t n = strlen(sq) < outsz ? strlen(sq) : outsz - 1;
        memcpy(out, sq, n);
        out[n] = 0;
    }
    pclose(pp);
}

/* The figures of issue 12: each as the one definition gives it, checked
 * where a report prints it (the values are worked out by hand from
 * SETUP_SQL; each case fails with the definition it replaced). */
static void test_figures(store *st, const policy *p)
{
    rendered r;
    kerr e = {0};
    char v[400];
    /* fines: 记录数 counts the rows the detail tables show — 4 employee
     * findings (not E017's dismissal and deduction warning) + 1 department
     * finding; the warnings were counted too before (7) */
    report_opts o = { .kind = "fines", .from = "2026-10-01", .to = "2026-10-31", .period_label = "2026-10" };
    T_CHECK(render(st, p, o, &r, &e) == 0, "fines: %s", e.msg);
    layout_value(&r, "记录数", v, sizeof v);
    T_EQ_STR(v, "5", "fines: 记录数 counts the rows shown");
    snprintf(v, sizeof v, "工程部 2 10.00");
    layout_value(&r, "", v, sizeof v);
    T_EQ_STR(v, "工程部 2 10.00", "fines: 工程部's total counts its shown rows (E017 late, the weekly report)");
    rendered_free(&r);

    /* run of October: the files the run of 10-31 read, though the clock
     * day of their ingest was 11-01; one rejected whole */
    o.kind = "run";
    T_CHECK(render(st, p, o, &r, &e) == 0, "run: %s", e.msg);
    layout_value(&r, "t/employee.csv", v, sizeof v);
    T_EQ_STR(v, "employee UTF-8 2026-11-01 01:30 3 1 0", "run: the run's file though ingested the next day");
    layout_value(&r, "t/bad.csv", v, sizeof v);
    T_CHECK(strncmp(v, "整文件拒收", strlen("整文件拒收")) == 0, "run: a file rejected whole is listed: %s", v);
    layout_value(&r, "合计（2 个文件）", v, sizeof v);
    T_EQ_STR(v, "3 1 0", "run: the files' row totals");
    layout_value(&r, "拒收共", v, sizeof v);
    T_EQ_STR(v, "2 条。", "run: the rejects counted (a row and a whole file)");
    /* one row per rule and article: incident cites two */
    layout_value(&r, "第二篇 仪容仪表规范 第六条", v, sizeof v);
    T_EQ_STR(v, "1 10.00", "run: incident under its first article");
    layout_value(&r, "第二篇 规章制度4 一", v, sizeof v);
    T_EQ_STR(v, "1 0.00", "run: incident under its second article");
    /* the period's count is the table's total: 9 findings dated in October (the
     * deduction line is a pay note, no finding) */
    layout_value(&r, "本期发现问题", v, sizeof v);
    T_EQ_STR(v, "9", "run: findings of the period");
    layout_value(&r, "全部发现问题", v, sizeof v);
    T_EQ_STR(v, "7", "run: the check's count, labelled as all dates");
    /* newly eligible: no earlier run, so every eligible record (DA1) */
    layout_value(&r, "本期新到期可处理", v, sizeof v);
    T_EQ_STR(v, "1", "run: newly eligible without an earlier run");
    rendered_free(&r);
    T_CHECK(store_report_exec(st, "INSERT INTO run_log(as_of, ran_at, json_sha256) VALUES('2026-09-30','x','y');",
                              &e) == 0, "run_log: %s", e.msg);
    T_CHECK(render(st, p, o, &r, &e) == 0, "run: %s", e.msg);
    layout_value(&r, "本期新到期可处理", v, sizeof v);
    T_EQ_STR(v, "0", "run: newly eligible since the run of 09-30 (DA1 expired in 2018)");
    layout_value(&r, "新到期的起算", v, sizeof v);
    T_EQ_STR(v, "2026-09-30 的运行之后到期", "run: newly eligible says since when");
    long newly = -1, total = -1;
    char prev[11];
    T_CHECK(store_newly_eligible(st, "2026-10-01", prev, &newly, &total, &e) == 0, "newly: %s", e.msg);
    T_CHECK(newly == 0 && total == 1 && strcmp(prev, "2026-09-30") == 0, "store_newly_eligible: %ld %ld %s",
            newly, total, prev);
    rendered_free(&r);
    T_CHECK(store_report_exec(st, "DELETE FROM run_log;", &e) == 0, "run_log: %s", e.msg);

    /* coverage at the rounding edge: 14 met, 2 late, 1 missed in September
     * is 82.35 %, printed 82.3 % (rounded down), never 82.4 % */
    T_CHECK(store_report_exec(st,
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 17)"
        " INSERT INTO obligation_data(cite,subject_kind,subject_id,anchor_at,due_at,done_at,status,period)"
        " SELECT 1,'event','SJ' || i,'2026-09-01 09:00:00',"
        " printf('2026-09-%02d 09:00:00', i),NULL,CASE WHEN i <= 14 THEN 'met' WHEN i <= 16 THEN 'late'"
        " ELSE 'missed' END,'2026-09' FROM n;", &e) == 0, "obligations: %s", e.msg);
    report_opts ov = { .kind = "visits", .from = "2026-09-01", .to = "2026-09-30" };
    T_CHECK(render(st, p, ov, &r, &e) == 0, "visits: %s", e.msg);
    layout_value(&r, "第三篇 第三条", v, sizeof v);
    T_CHECK(strstr(v, "82.3%") && !strstr(v, "82.4%"), "visits: 14/17 rounded down: %s", v);
    rendered_free(&r);
    T_CHECK(store_report_exec(st, "DELETE FROM obligation_data WHERE period = '2026-09';", &e) == 0, "cleanup: %s",
            e.msg);

    /* a retention report of a day before records were disposed of says
     * it cannot show them; one of a later day does not */
    T_CHECK(store_report_exec(st, "INSERT INTO tombstone(record_id,category,content_sha256,batch_id,disposition,"
                              "disposed_at) VALUES('DA7','fee_notice','cc','P-20261120-01','destroy',"
                              "'2026-11-20 10:00:00');", &e) == 0, "tombstone: %s", e.msg);
    report_opts orr = { .kind = "retention", .as_of = "2026-11-01" };
    T_CHECK(render(st, p, orr, &r, &e) == 0, "retention: %s", e.msg);
    T_CHECK(has(&r, "2026-11-01 之后已销毁或移交 1 件档案（批次 P-20261120-01）"), "retention: records purged since");
    rendered_free(&r);
    orr.as_of = "2026-11-26";
    T_CHECK(render(st, p, orr, &r, &e) == 0, "retention: %s", e.msg);
    T_CHECK(!has(&r, "之后已销毁或移交"), "retention: nothing purged after 11-26");
    rendered_free(&r);
    T_CHECK(store_report_exec(st, "DELETE FROM tombstone;", &e) == 0, "cleanup: %s", e.msg);
}

static void test_kinds(store *st, const policy *p)
{
    rendered r;
    kerr e = {0};
    report_opts o = { .kind = "fines", .from = "2026-10-01", .to = "2026-10-31", .period_label = "2026-10" };
    T_CHECK(render(st, p, o, &r, &e) == 0, "fines: %s", e.msg);
    T_CHECK(r.len > 4 && memcmp(r.pdf, "%PDF", 4) == 0, "fines is a PDF");
    T_CHECK(has(&r, "月度罚款与扣款明细"), "fines: title");
    T_CHECK(has(&r, p->org.name), "fines: organisation");
    T_CHECK(has(&r, "张伟"), "fines: employee name");
    T_CHECK(has(&r, "413.79"), "fines: amount");
    T_CHECK(has(&r, "423.79"), "fines: employee subtotal 413.79 + 10.00");
    T_CHECK(has(&r, "第一篇 第三十一条"), "fines: article");
    T_CHECK(has(&r, "周报表逾期"), "fines: department finding");
    T_CHECK(has(&r, "433.79"), "fines: grand total with the department fine");
    T_CHECK(has(&r, "dismissal threshold"), "fines: dismissal warning listed");
    T_CHECK(has(&r, "138****1234") && !has(&r, "13812341234"), "fines: phone in a detail masked");
    T_CHECK(has(&r, p->adoption.article ? p->adoption.article : "劳动合同法"), "fines: adoption article");
    T_CHECK(has(&r, "第 1 页 / 共"), "fines: footer");
    /* byte-identical */
    rendered r2;
    kerr e2 = {0};
    T_CHECK(render(st, p, o, &r2, &e2) == 0, "fines again: %s", e2.msg);
    T_CHECK(r.len == r2.len && memcmp(r.pdf, r2.pdf, r.len) == 0, "fines twice: byte-identical");
    rendered_free(&r2);
    rendered_free(&r);

    /* English */
    o.lang = "en";
    T_CHECK(render(st, p, o, &r, &e) == 0, "fines en: %s", e.msg);
    T_CHECK(has(&r, "Monthly fines and deductions") && has(&r, "Page 1 of") && has(&r, "Amount (yuan)"),
            "fines en: title, footer, heading");
    rendered_free(&r);
    o.lang = NULL;

    /* an empty period */
    o.from = "2025-01-01";
    o.to = "2025-01-31";
    T_CHECK(render(st, p, o, &r, &e) == 0, "fines empty: %s", e.msg);
    T_CHECK(has(&r, "本期无记录"), "fines empty: says so");
    rendered_free(&r);
    o.from = "2026-10-01";
    o.to = "2026-10-31";

    /* a department's template: heading renamed, the article column dropped */
    char tdir[128], path[200];
    snprintf(tdir, sizeof tdir, "%s/tpl", g_dir);
    mkdir(tdir, 0700);
    snprintf(path, sizeof path, "%s/fines.xml", tdir);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<report kind=\"fines\">\n"
              "<title zh=\"罚款明细（本部门格式）\" en=\"Fines\"/>\n"
              "<section name=\"employees\" zh=\"明细\" en=\"Detail\"><table>\n"
              "<column field=\"date\" zh=\"发生日期\" en=\"Date\" width=\"22mm\"/>\n"
              "<column field=\"detail\" zh=\"情况说明\" en=\"Detail\"/>\n"
              "<column field=\"amount\" zh=\"罚没金额\" en=\"Amount\" width=\"25mm\" align=\"right\"/>\n"
              "</table></section></report>\n", f);
        fclose(f);
    }
    o.template_dir = tdir;
    T_CHECK(render(st, p, o, &r, &e) == 0, "fines with a template dir: %s", e.msg);
    T_CHECK(has(&r, "罚没金额") && has(&r, "罚款明细（本部门格式）"), "template dir: renamed heading and title");
    T_CHECK(!has(&r, "依据条款") && !has(&r, "第一篇 第三十一条"), "template dir: article column dropped");
    rendered_free(&r);
    f = fopen(path, "w");
    if (f) {
        fputs("<report kind=\"fines\">\n<title zh=\"a\" en=\"b\"/>\n<section name=\"employees\" zh=\"a\" en=\"b\">\n"
              "<table>\n<column field=\"salary\" zh=\"a\" en=\"b\"/>\n</table></section></report>\n", f);
        fclose(f);
    }
    kerr e3 = {0};
    T_CHECK(render(st, p, o, &r, &e3) == -1 && e3.code == EXIT_DATAERR && strstr(e3.msg, "fines.xml:5: ") &&
            strstr(e3.msg, "unknown field 'salary'"), "template dir: unknown field rejected with its line: %s", e3.msg);
    rendered_free(&r);
    o.template_dir = NULL;

    /* visits */
    o.kind = "visits";
    T_CHECK(render(st, p, o, &r, &e) == 0, "visits: %s", e.msg);
    T_CHECK(has(&r, "回访覆盖率报告") && has(&r, "投诉回访") && has(&r, "50.0%"), "visits: coverage 1 of 2");
    T_CHECK(has(&r, "李秀英") && has(&r, "139****5678") && !has(&r, "13912345678"), "visits: customer, phone masked");
    T_CHECK(has(&r, "W41"), "visits: weekly chart label");
    rendered_free(&r);

    /* retention */
    o.kind = "retention";
    o.as_of = "2026-11-26";
    T_CHECK(render(st, p, o, &r, &e) == 0, "retention: %s", e.msg);
    T_CHECK(has(&r, "档案保管期限报告") && has(&r, "DA1") && has(&r, "诉讼保全"), "retention: eligible and held");
    T_CHECK(has(&r, "DA3"), "retention: DA3 eligible within 90 days");
    T_CHECK(has(&r, "JY-1") && has(&r, "JY-2") && !has(&r, "JY-3\n"), "retention: overdue loans");
    T_CHECK(has(&r, "保密档案外借"), "retention: custody finding");
    rendered_free(&r);
    o.as_of = NULL;

    /* register */
    o.kind = "register";
    o.batch_id = "P-20261126-01";
    T_CHECK(render(st, p, o, &r, &e) == 0, "register: %s", e.msg);
    T_CHECK(has(&r, "过期文件处理登记表（销毁清册）"), "register: title by disposition");
    T_CHECK(has(&r, "郑丽娟") && has(&r, "吴晓燕") && has(&r, "林美玲"), "register: names filled in");
    T_CHECK(has(&r, "监销人 1") && has(&r, "监销人 2"), "register: two witness lines");
    T_CHECK(has(&r, "批准后冻结 DJ9"), "register: note of a dropped item");
    rendered_free(&r);
    o.batch_id = "P-19990101-01";
    kerr e4 = {0};
    T_CHECK(render(st, p, o, &r, &e4) == -1 && e4.code == EXIT_NOINPUT, "register: unknown batch");
    rendered_free(&r);
    o.batch_id = NULL;

    /* run */
    o.kind = "run";
    T_CHECK(render(st, p, o, &r, &e) == 0, "run: %s", e.msg);
    T_CHECK(has(&r, "夜间批处理摘要") && has(&r, "t/employee.csv") && has(&r, "is not an amount"),
            "run: sources and rejects");
    T_CHECK(has(&r, "2026-11-26"), "run: last check");
    rendered_free(&r);

    /* misuse */
    report_opts bad = { .kind = "fines" };
    kerr e5 = {0};
    T_CHECK(render(st, p, bad, &r, &e5) == -1 && e5.code == EXIT_USAGE, "fines without a period");
    rendered_free(&r);
    bad.kind = "payroll";
    kerr e6 = {0};
    T_CHECK(render(st, p, bad, &r, &e6) == -1 && e6.code == EXIT_USAGE, "unknown kind");
    rendered_free(&r);
}

/* 1,000 findings in one month: pages, and the header row on each. */
/* The appendix 依据条文 and the sign-off (issues 11, 12), and the
 * register's draft mark, columns and bundle hash. */
static void test_signing(store *st, const policy *p)
{
    rendered r;
    kerr e = {0};
    T_EQ_INT(store_report_exec(st, "UPDATE finding SET quote = '旷工1-2天的每天扣发2天工资和奖金', "
                                   "assumed = '甲假定：取两天' WHERE rule = 'absence_run';", &e), 0, e.msg);
    report_opts o = { .kind = "fines", .from = "2026-10-01", .to = "2026-10-31", .period_label = "2026-10" };
    T_CHECK(render(st, p, o, &r, &e) == 0, "fines: %s", e.msg);
    T_CHECK(has(&r, "附录 依据条文") && has(&r, "条文原文"), "appendix: its headings");
    T_CHECK(has(&r, "旷工1-2天的每天扣发2天工资和奖金"), "appendix: the stored quote of a finding's rule");
    T_CHECK(has(&r, "第一篇 第三十一条：甲假定：取两天"), "appendix: the assumption after its citation");
    T_CHECK(has(&r, "（本文件无原文，见下列假定）"), "appendix: a citation without a quote says so");
    T_CHECK(!has(&r, "档案管理 第五条"), "appendix: a custody finding is not a fines citation");
    /* every assumption of the pack, with or without a citation (hold-roles has none) */
    for (int i = 0; i < p->ncites; i++)
        if (p->cites[i].assumed) T_CHECK(has(&r, p->cites[i].assumed), "appendix: assumption of <%s> line %ld",
                                         p->cites[i].element, p->cites[i].line);
    for (int i = 0; i < p->nadopts; i++) {
        char line[160];
        snprintf(line, sizeof line, "采用 %s 包的规则", p->adopts[i].pack);
        T_CHECK(has(&r, line), "appendix: %s", line);
    }
    T_CHECK(has(&r, "签署") && has(&r, "制表（客服主任）姓名") && has(&r, "审核（客户服务部主管）姓名") &&
            has(&r, "批准（服务中心主任）姓名"), "sign-off: roles from the policy");
    rendered_free(&r);
    o.lang = "en";
    T_CHECK(render(st, p, o, &r, &e) == 0, "fines en: %s", e.msg);
    T_CHECK(has(&r, "Appendix: the rules cited") && has(&r, "旷工1-2天的每天扣发2天工资和奖金") &&
            has(&r, "Prepared by (Customer service chief): "), "appendix and sign-off in English, the quote Chinese");
    T_CHECK(!has(&r, "条文原文") && !has(&r, "本政策的假定") && !has(&r, "签署"), "English: no Chinese heading");
    rendered_free(&r);

    /* the register: 草稿 while planned, the columns, the bundle's hash once executed */
    report_opts g = { .kind = "register", .batch_id = "P-20261126-01" };
    T_CHECK(render(st, p, g, &r, &e) == 0, "register: %s", e.msg);
    T_CHECK(!has(&r, "草稿"), "approved register: no draft mark");
    T_CHECK(has(&r, "2015") && has(&r, "3 年") && has(&r, "1 件 / 页数未记录") && has(&r, "保管期限已满（"),
            "register: year, period, items, reason");
    rendered_free(&r);
    T_EQ_INT(store_report_exec(st, "UPDATE purge_batch SET state = 'planned';", &e), 0, e.msg);
    T_CHECK(render(st, p, g, &r, &e) == 0, "planned register: %s", e.msg);
    T_CHECK(has(&r, "（草稿）"), "planned register: 草稿 in the running header");
    rendered_free(&r);
    T_EQ_INT(store_report_exec(st, "UPDATE purge_batch SET state = 'executed', executed_at = '2026-11-26 12:00:00', "
                                   "bundle_sha256 = 'ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12';",
                               &e), 0, e.msg);
    T_CHECK(render(st, p, g, &r, &e) == 0, "executed register: %s", e.msg);
    T_CHECK(has(&r, "凭证包 SHA-256") && has(&r, "ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12") &&
            !has(&r, "草稿"), "executed register: the bundle's hash, no draft mark");
    rendered_free(&r);
    T_EQ_INT(store_report_exec(st, "UPDATE purge_batch SET state = 'approved', executed_at = NULL, "
                                   "bundle_sha256 = NULL; UPDATE finding SET quote = '', assumed = '';", &e), 0, e.msg);
}

static void test_paging(store *st, const policy *p)
{
    kerr e = {0};
    sbuf sql = {0};
    sbuf_adds(&sql, "DELETE FROM finding; BEGIN;");
    for (int i = 0; i < 1000; i++)
        sbuf_printf(&sql, "INSERT INTO finding(rule,article,subject_kind,subject_id,date,period,sanction,amount_fen,"
                          "detail,sources) VALUES('incident','第二篇','employee','E%03d','2026-10-%02d','2026-10',"
                          "'fine',1000,'罚款','');", 100 + i % 10, 1 + i % 28);
    sbuf_adds(&sql, "COMMIT;");
    T_CHECK(store_report_exec(st, sql.p, &e) == 0, "inserting 1,000 findings: %s", e.msg);
    sbuf_free(&sql);
    rendered r;
    report_opts o = { .kind = "fines", .from = "2026-10-01", .to = "2026-10-31" };
    T_CHECK(render(st, p, o, &r, &e) == 0, "fines of 1,000: %s", e.msg);
    /* rows are two lines each, the detail and its source (来源：无…, these
     * findings resting on no row): a page holds at most body / row height */
    pdf_opts po = { .created = -1 };
    kerr fe = {0};
    pdf_doc *d = pdf_open(&po, &fe);
    int min_pages = 0, max_pages = 0;
    if (d) {
        pdf_metrics m;
        pdf_get_metrics(d, &m);
        double row_h = 2 * m.table_line + 2 * m.table_pad;
        int per_page = (int)((m.body_bottom - m.body_top) / row_h);
        /* 1,000 rows + 10 employee heads + 10 subtotals + 1 total */
        min_pages = (1021 + per_page - 1) / per_page;
        max_pages = min_pages + 5;   /* page 1's summary, the last pages' appendix, kept groups */
        pdf_free(d);
    }
    int pages = 0, with_header = 0, total = 0, in_appendix = 0;
    if (r.text) {
        const char *s = r.text;
        while (*s) {
            const char *ff = strchr(s, '\f');
            size_t n = ff ? (size_t)(ff - s) : strlen(s);
            if (n == 0 && !ff) break;
            char *page = xstrndup(s, n);
            total++;
            /* the pages after the appendix's first hold the pack's citations
             * and assumptions, as many as the pack has: not counted */
            if (!in_appendix) {
                pages++;
                /* the fines table ends on the last pages; the header appears on every page the table covers */
                if (strstr(page, "依据条款")) with_header++;
                in_appendix = strstr(page, "附录 依据条文") != NULL;
            }
            free(page);
            if (!ff) break;
            s = ff + 1;
        }
    }
    T_CHECK(pages >= min_pages && pages <= max_pages, "1,000 findings: %d pages, expected %d..%d", pages, min_pages,
            max_pages);
    T_CHECK(with_header >= pages - 1 && pages > 10, "header row on every page of the table: %d of %d", with_header,
            pages);
    char last[64];
    snprintf(last, sizeof last, "第 %d 页 / 共 %d 页", total, total);
    T_CHECK(has(&r, last), "footer of the last page: %s", last);
    T_CHECK(has(&r, "10,000.00"), "1,000 × 10 yuan");
    rendered_free(&r);
}

/* A report reads with SQLite's page cache at STORE_REPORT_CACHE (which
 * also bounds the sorter's memory: the report's peak stays a constant above
 * libharu's, tests/e2e/reportmem.sh) and gives the connection its own cache
 * back, after a report that fails too: a nightly run goes on with it. */
static void test_cache(store *st, const policy *p)
{
    kerr e = {0};
    int old = 0, now = 0;
    T_EQ_INT(store_report_cache(st, -1234, &old, &e), 0, "cache: set");
    T_EQ_INT(store_report_cache(st, -1234, &now, &e), 0, "cache: read back");
    T_EQ_INT(now, -1234, "cache: the size set is the size read");
    rendered r;
    report_opts o = { .kind = "fines", .from = "2026-10-01", .to = "2026-10-31" };
    T_CHECK(render(st, p, o, &r, &e) == 0, "cache: fines rendered: %s", e.msg);
    rendered_free(&r);
    T_EQ_INT(store_report_cache(st, -1234, &now, &e), 0, "cache: read after the report");
    T_EQ_INT(now, -1234, "cache: the report gives the connection's cache back");
    kerr e2 = {0};
    report_opts bad = { .kind = "fines", .from = "2026-10-01", .to = "2026-10-31", .template_dir = "/nonexistent" };
    T_CHECK(render(st, p, bad, &r, &e2) != 0, "cache: a report that fails (no template directory)");
    rendered_free(&r);
    T_EQ_INT(store_report_cache(st, old, &now, &e), 0, "cache: read after the failure");
    T_EQ_INT(now, -1234, "cache: given back after a failure too");
}

int main(void)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/kefu-test-report-XXXXXX");
    if (!mkdtemp(g_dir)) { perror("mkdtemp"); return 1; }
    test_masking();
    test_templates();
    char db[128];
    snprintf(db, sizeof db, "%s/k.db", g_dir);
    kerr e = {0};
    store *st = store_open(db, &e);
    policy *p = NULL;
    T_CHECK(st != NULL, "store_open: %s", e.msg);
    T_CHECK(policy_load_default(&p, NULL, &e) == 0, "policy: %s", e.msg);
    if (st && p) {
        T_CHECK(store_report_exec(st, SETUP_SQL, &e) == 0, "setup: %s", e.msg);
        test_kinds(st, p);
        test_signing(st, p);
        test_figures(st, p);
        test_paging(st, p);
        test_cache(st, p);
    }
    policy_free(p);
    store_close(st);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", g_dir);
    return t_done();
}
