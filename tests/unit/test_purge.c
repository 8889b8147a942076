/* test_purge.c — purge batches, holds and source bundles (SPEC §7.3, §8;
 * purge.h) on real SQLite databases in a temp directory, fed by kefu's own
 * ingest: every refusal with its exact message (wrong role, the preparer
 * reviewing, one person reviewing and approving, one witness, the same
 * witness twice, the preparer witnessing, executing an unapproved batch,
 * approving twice), a hold placed after approval (dropped and noted in the
 * register), the happy path (records gone, tombstones kept, bundle valid for
 * bag_verify, GNU tar, bsdtar and tests/bagcheck.py; deleted content absent
 * from the database file; integrity_check ok; audit chain intact), a failed
 * register render that deletes nothing and a re-run that finishes, a
 * transfer bundle that kefu ingests back, byte-identical bundles from two
 * databases, holds add/lift/list, and the sources bundle.
 *
 * The register renderer is a stub here (the PDF report has its own tests):
 * a small deterministic text naming the batch's people and items, read from
 * the store, so the test can see that the bundle's register was rendered
 * after the witnesses and the drops were known. */
#include "purge.h"
#include "bag.h"
#include "hash.h"
#include "ingest.h"
#include "policy.h"
#include "store.h"
#include "store_retain.h"
#include "util.h"
#include "t.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static policy *P;
static char TMP[256];
static int render_fail;   /* fault injection: the next render fails */
/* The renderer hook: when set, the next render (during execute, while the
 * bundle is written) places this hold and runs this SQL first, as another
 * user would at exactly that moment. */
static const purge_ctx *hook_ctx;
static const purge_hold_spec *hook_hold;
static const char *hook_sql;
/* … and, when hook_exec is set, runs a whole second execution of
 * hook_exec_batch through another connection (hook_exec) with these
 * witnesses, recording its outcome: two executions interleaved without the
 * file lock, so that only the compare-and-set of the state changes
 * separates them. */
static const purge_ctx *hook_exec;
static const char *hook_exec_batch;
static const char *const *hook_exec_w;
static int hook_exec_rc;
static kerr hook_exec_e;

/* ---- fixtures --------------------------------------------------------- */

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    if (!fp) { perror(path); exit(2); }
    fputs(text, fp);
    fclose(fp);
}

static const char *EMPLOYEES =
    "employee_id,name,dept,role,monthly_wage\n"
    "E001,陈主任,客服部,cs_chief,900000\n"
    "E002,王主管,客服部,cs_supervisor,820000\n"
    "E003,李中心,客服部,center_director,1200000\n"
    "E004,赵员工,客服部,staff,450000\n"
    "E005,钱员工,客服部,staff,450000\n"
    "E006,孙员工,客服部,staff,450000\n"
    "E012,张伟,客服部,staff,450000\n";

/* daily: P10Y destroy; renovation: P30Y from closed_on, transfer; move_in: permanent */
static const char *RECORDS =
    "record_id,category,owner,title,created_on,closed_on,location,confidential,file\n"
    "D001,daily,,2010年值班记录,2010-01-05,,档案室A-01 LOCMARK-D001-XYZZY,0,scans/d001.txt\n"
    "D002,daily,业主甲,\"投诉记录, 含逗号\",2012-03-01,,档案室A-02,0,\n"
    "D003,daily,,2016年值班记录,2016-11-27,,档案室A-03,0,\n"
    "D004,daily,,将被冻结的记录,2011-06-01,,档案室A-04,0,\n"
    "M001,move_in,业主乙,入住档案,2005-01-01,,档案室B-01,1,\n"
    "R001,renovation,业主丙,装修档案 1 号,1990-01-01,1995-05-05,档案室C-01,0,scans/r001.txt\n"
    "R002,renovation,业主丁,装修档案 2 号,1990-01-01,,档案室C-02,0,\n";

/* msg with "@SRC@" replaced by where setup(dir)'s roles come from: "role
 * row from DIR/in/01-employee.csv read 2026-11-26 08:00:00". */
static const char *with_src(const char *dir, const char *msg)
{
    static char out[2048];
    const char *at = strstr(msg, "@SRC@");
    if (!at) return msg;
    snprintf(out, sizeof out, "%.*srole row from %s/in/01-employee.csv read 2026-11-26 08:00:00%s",
             (int)(at - msg), msg, dir, at + 5);
    return out;
}

/* Creates DIR/in with the exports and ingests them into DIR/kefu.db. */
static store *setup(const char *dir)
{
    char path[1024], in[512];
    snprintf(path, sizeof path, "mkdir -p %s/in/scans", dir);
    if (system(path) != 0) exit(2);
    snprintf(in, sizeof in, "%s/in", dir);
    snprintf(path, sizeof path, "%s/01-employee.csv", in);
    write_file(path, EMPLOYEES);
    snprintf(path, sizeof path, "%s/02-archive_record.csv", in);
    write_file(path, RECORDS);
    snprintf(path, sizeof path, "%s/scans/d001.txt", in);
    write_file(path, "SCANMARK-D001 值班记录扫描件\n");
    snprintf(path, sizeof path, "%s/scans/r001.txt", in);
    write_file(path, "装修图纸扫描件 R001\n");
    snprintf(path, sizeof path, "%s/kefu.db", dir);
    kerr e;
    kerr_clear(&e);
    store *st = store_open(path, &e);
    if (!st) { fprintf(stderr, "%s\n", e.msg); exit(2); }
    ingest_opts io = { .now = "2026-11-26 08:00:00" };
    ingest_result res;
    char *paths[] = { in };
    if (ingest_paths(st, P, paths, 1, &io, &res, &e) || res.stored != 14) {
        fprintf(stderr, "ingest: %s (%ld stored, %ld rejected)\n", e.msg, res.stored, res.rejected);
        exit(2);
    }
    ingest_result_free(&res);
    return st;
}

/* The stub register: batch, people, items with status and note. */
static int stub_render(void *arg, store *st, const struct policy *p, const char *batch_id, const char *as_of,
                       unsigned char **pdf, size_t *len, sbuf *warnings, kerr *e)
{
    (void)arg; (void)p; (void)warnings;
    if (render_fail) {
        render_fail = 0;
        return kerr_set(e, EXIT_SOFTWARE, "stub renderer: injected failure");
    }
    if (hook_ctx) {
        const purge_ctx *hc = hook_ctx;
        hook_ctx = NULL;
        kerr he;
        kerr_clear(&he);
        if (hook_hold && purge_hold_add(hc, hook_hold, &he) != 0)
            fprintf(stderr, "render hook: hold add failed: %s\n", he.msg);
        if (hook_sql && store_query(st, hook_sql, NULL, 0, NULL, NULL, &he) != 0)
            fprintf(stderr, "render hook: %s failed: %s\n", hook_sql, he.msg);
    }
    if (hook_exec) {
        const purge_ctx *hc = hook_exec;
        hook_exec = NULL;
        purge_exec_result hr;
        kerr_clear(&hook_exec_e);
        hook_exec_rc = purge_execute(hc, hook_exec_batch, hook_exec_w, 2, &hr, &hook_exec_e);
        purge_exec_result_free(&hr);
    }
    store_batch b;
    store_item *it = NULL;
    size_t n = 0;
    if (store_batch_get(st, batch_id, &b, &it, &n, e) != 1) return -1;
    sbuf s = {0};
    sbuf_printf(&s, "%%PDF-stub register %s as of %s\nprepared %s reviewed %s approved %s witnesses %s\n",
                batch_id, as_of, b.prepared_by, b.reviewed_by ? b.reviewed_by : "-",
                b.approved_by ? b.approved_by : "-", b.witnesses ? b.witnesses : "-");
    for (size_t i = 0; i < n; i++)
        sbuf_printf(&s, "%s %s %s %s\n", it[i].record_id, it[i].disposition, it[i].status,
                    it[i].note ? it[i].note : "");
    store_items_free(it, n);
    store_batch_free(&b);
    *pdf = (unsigned char *)s.p;
    *len = s.len;
    return 0;
}

static purge_ctx ctx_for(store *st, const char *out)
{
    /* E002 (cs_supervisor) re-checks every destruction (住户档案管理规定 6) */
    purge_ctx c = { .st = st, .p = P, .as_of = "2026-11-26", .now = "2026-11-26 10:00:00", .out_dir = out,
                    .render = stub_render, .rechecked_by = "E002" };
    return c;
}

/* Runs a query and returns the first column of the first row (static buffer). */
static int first_col(void *ctx, int ncol, const char *const *cols)
{
    (void)ncol;
    snprintf((char *)ctx, 1024, "%s", cols[0] ? cols[0] : "(null)");
    return 1;
}

static const char *q1(store *st, const char *sql, const char *param)
{
    static char buf[1024];
    kerr e;
    buf[0] = '\0';
    const char *params[1] = { param };
    if (store_query(st, sql, params, param ? 1 : 0, first_col, buf, &e)) snprintf(buf, sizeof buf, "ERR %.200s", e.msg);
    return buf;
}

static int sh(const char *fmt, const char *arg)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, fmt, arg, arg, arg);
    return system(cmd);
}

/* 1 when the file holds `needle` (binary search over the bytes). */
static int file_has(const char *path, const char *needle)
{
    char *buf = NULL;
    size_t len = 0;
    kerr e;
    if (util_read_file(path, &buf, &len, &e)) return 0;
    int found = memmem(buf, len, needle, strlen(needle)) != NULL;
    free(buf);
    return found;
}

/* The names in dir that contain `part`, sorted, separated by spaces
 * (static buffer); "" when none. */
static const char *ls_grep(const char *dir, const char *part)
{
    static char buf[2048];
    char *names[64];
    int n = 0;
    DIR *dp = opendir(dir);
    struct dirent *de;
    while (dp && n < 64 && (de = readdir(dp)) != NULL)
        if (strstr(de->d_name, part)) names[n++] = strdup(de->d_name);
    if (dp) closedir(dp);
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    buf[0] = '\0';
    for (int i = 0; i < n; i++) {
        size_t l = strlen(buf);
        snprintf(buf + l, sizeof buf - l, "%s%s", i ? " " : "", names[i]);
        free(names[i]);
    }
    return buf;
}

/* SHA-256 of a file, hex (static buffer), "" when unreadable. */
static const char *sha_of(const char *path)
{
    static char hex[65];
    char *buf = NULL;
    size_t len = 0;
    kerr e;
    hex[0] = '\0';
    if (util_read_file(path, &buf, &len, &e)) return hex;
    hash_hex(buf, len, hex);
    free(buf);
    return hex;
}

/* ---- the cases -------------------------------------------------------- */

static void test_refusals_and_happy_path(void)
{
    char dir[300], out[320], path[1024];
    snprintf(dir, sizeof dir, "%s/a", TMP);
    snprintf(out, sizeof out, "%s/out", dir);
    store *st = setup(dir);
    purge_ctx c = ctx_for(st, out);
    kerr e;
    purge_plan_result pr;

    /* plan: the preparer's role */
    kerr_clear(&e);
    T_EQ_INT(purge_plan(&c, "E012", NULL, &pr, &e), -1, "plan by staff refused");
    T_EQ_STR(e.msg, with_src(dir, "plan refused: E012 张伟 is staff (员工), @SRC@; the preparer must be cs_chief "
                                  "(客服主任)"), "plan refusal message");
    T_EQ_INT(e.code, EXIT_DATAERR, "plan refusal code");
    kerr_clear(&e);
    T_EQ_INT(purge_plan(&c, "E999", NULL, &pr, &e), -1, "plan by unknown refused");
    T_EQ_STR(e.msg, "plan refused: E999 is not in the employee table; the preparer must be cs_chief (客服主任)",
             "unknown preparer message");
    kerr_clear(&e);
    T_EQ_INT(purge_plan(&c, "E001", "nosuch", &pr, &e), -1, "unknown category refused");
    T_CHECK(strstr(e.msg, "category 'nosuch' is not declared by the policy") != NULL, "category message: %s", e.msg);

    /* plan: D001 D002 D004 (daily, expired) and R001 (renovation, closed 1995) */
    kerr_clear(&e);
    T_EQ_INT(purge_plan(&c, "E001", NULL, &pr, &e), 0, e.msg);
    T_EQ_STR(pr.batch_id, "P-20261126-01", "batch id from the as-of date");
    T_EQ_INT(pr.nitems, 4, "items planned");
    T_EQ_INT(pr.ndestroy, 3, "to destroy");
    T_EQ_INT(pr.ntransfer, 1, "to transfer");
    snprintf(path, sizeof path, "%s/register-P-20261126-01.pdf", out);
    T_EQ_STR(pr.register_path, path, "register path");
    T_CHECK(file_has(path, "prepared E001"), "register written at plan");
    T_EQ_STR(q1(st, "SELECT count(*) FROM purge_item WHERE batch_id = ? AND content_sha256 GLOB "
                    "'[0-9a-f]*' AND length(content_sha256) = 64", "P-20261126-01"), "4", "content hashes");
    purge_plan_result_free(&pr);

    /* the same records are not planned twice */
    kerr_clear(&e);
    T_EQ_INT(purge_plan(&c, "E001", "daily", &pr, &e), 0, "second plan");
    T_EQ_STR(pr.batch_id, "", "nothing left to plan");
    purge_plan_result_free(&pr);

    /* execute before approval */
    const char *w2[] = { "E004", "E005" };
    purge_exec_result xr;
    kerr_clear(&e);
    T_EQ_INT(purge_execute(&c, "P-20261126-01", w2, 2, &xr, &e), -1, "execute unapproved refused");
    T_EQ_STR(e.msg, "execution refused: batch P-20261126-01 is planned, not approved; run kefu purge approve "
                    "P-20261126-01 --reviewed-by ID --approved-by ID first", "unapproved message");

    /* approval refusals */
    struct { const char *rev, *app, *msg; } ar[] = {
        { "E002", "E012", "approval refused: E012 张伟 is staff (员工), @SRC@; the approver must be center_director (服务中心主任)" },
        { "E001", "E003", "approval refused: the reviewer E001 陈主任 is the preparer of P-20261126-01; preparer, "
                          "reviewer and approver must be three distinct people" },
        { "E002", "E001", "approval refused: the approver E001 陈主任 is the preparer of P-20261126-01; preparer, "
                          "reviewer and approver must be three distinct people" },
        { "E003", "E003", "approval refused: E003 李中心 is named as both reviewer and approver; preparer, reviewer "
                          "and approver must be three distinct people" },
        { "E004", "E003", "approval refused: E004 赵员工 is staff (员工), @SRC@; the reviewer must be cs_supervisor (客户服务部主管)" },
        { "E002", "E999", "approval refused: E999 is not in the employee table; the approver must be center_director (服务中心主任)" },
    };
    for (size_t i = 0; i < sizeof ar / sizeof ar[0]; i++) {
        kerr_clear(&e);
        T_EQ_INT(purge_approve(&c, "P-20261126-01", ar[i].rev, ar[i].app, &e), -1, ar[i].msg);
        T_EQ_STR(e.msg, with_src(dir, ar[i].msg), "approval refusal");
    }
    kerr_clear(&e);
    T_EQ_INT(purge_approve(&c, "P-20261126-99", "E002", "E003", &e), -1, "unknown batch");
    T_EQ_INT(e.code, EXIT_NOINPUT, "unknown batch code");
    kerr_clear(&e);
    T_EQ_INT(purge_approve(&c, "../etc", "E002", "E003", &e), -1, "malformed batch id");
    T_EQ_INT(e.code, EXIT_USAGE, "malformed batch id code");
    T_EQ_STR(q1(st, "SELECT state FROM purge_batch WHERE batch_id = ?", "P-20261126-01"), "planned",
             "still planned after refusals");

    kerr_clear(&e);
    T_EQ_INT(purge_approve(&c, "P-20261126-01", "E002", "E003", &e), 0, e.msg);
    kerr_clear(&e);
    T_EQ_INT(purge_approve(&c, "P-20261126-01", "E002", "E003", &e), -1, "approve twice refused");
    T_EQ_STR(e.msg, "approval refused: batch P-20261126-01 is approved already (reviewed by E002, approved by "
                    "E003 on 2026-11-26 10:00:00)", "approve twice message");

    /* witness refusals: 两人以上在场, the re-checker among them (住户档案管理规定 6) */
    const char *one[] = { "E002" };
    const char *twice[] = { "E004", "E004" };
    const char *prep[] = { "E001", "E004" };
    kerr_clear(&e);
    T_EQ_INT(purge_execute(&c, "P-20261126-01", one, 1, &xr, &e), -1, "the re-checker alone refused");
    T_EQ_STR(e.msg, "execution refused: 1 witness named, at least 2 distinct people must be present "
                    "(第二篇 规章制度1 住户档案管理规定 6)", "one person present: message");
    {
        purge_ctx c2 = c;
        c2.rechecked_by = NULL;
        kerr_clear(&e);
        T_EQ_INT(purge_execute(&c2, "P-20261126-01", prep + 1, 1, &xr, &e), -1, "no re-checker refused");
        T_EQ_STR(e.msg, "execution refused: --rechecked-by ID is required: 第二篇 规章制度1 住户档案管理规定 6 asks "
                        "the cs_supervisor (客户服务部主管) to re-check what is destroyed, on the spot",
                 "no re-checker: message");
        T_EQ_INT(e.code, EXIT_USAGE, "no re-checker: usage");
        c2.rechecked_by = "E004";
        kerr_clear(&e);
        T_EQ_INT(purge_execute(&c2, "P-20261126-01", one, 1, &xr, &e), -1, "a staff re-checker refused");
        T_CHECK(strstr(e.msg, "execution refused: E004 赵员工 is staff (员工), role row from ") == e.msg &&
                strstr(e.msg, "; the re-checker must be cs_supervisor (客户服务部主管)"), "staff re-checker: %s", e.msg);
    }
    kerr_clear(&e);
    T_EQ_INT(purge_execute(&c, "P-20261126-01", twice, 2, &xr, &e), -1, "same witness twice refused");
    T_CHECK(strncmp(e.msg, "execution refused: witness E004 is named twice; 2 distinct witnesses must be present",
                    80) == 0, "twice message: %s", e.msg);
    kerr_clear(&e);
    T_EQ_INT(purge_execute(&c, "P-20261126-01", prep, 2, &xr, &e), -1, "preparer as witness refused");
    T_EQ_STR(e.msg, "execution refused: witness E001 陈主任 is the preparer of P-20261126-01, who carries the "
                    "disposal out; the witnesses must be other people", "preparer witness message");
    T_EQ_STR(q1(st, "SELECT count(*) FROM archive_record", NULL), "7", "nothing deleted by refusals");

    /* a hold placed after approval on D004 */
    purge_hold_spec hs = { .hold_id = "DJ-9", .record_id = "D004", .reason = "法院保全", .placed_by = "E002" };
    kerr_clear(&e);
    T_EQ_INT(purge_hold_add(&c, &hs, &e), 0, e.msg);

    /* a render failure: nothing deleted, batch still approved */
    render_fail = 1;
    kerr_clear(&e);
    T_EQ_INT(purge_execute(&c, "P-20261126-01", w2, 2, &xr, &e), -1, "render failure fails the execution");
    T_EQ_STR(q1(st, "SELECT count(*) FROM archive_record", NULL), "7", "nothing deleted after a failure");
    T_EQ_STR(q1(st, "SELECT state FROM purge_batch WHERE batch_id = ?", "P-20261126-01"), "approved",
             "still approved after a failure");

    /* the execution */
    kerr_clear(&e);
    T_EQ_INT(purge_execute(&c, "P-20261126-01", w2, 2, &xr, &e), 0, e.msg);
    snprintf(path, sizeof path, "%s/purge-P-20261126-01.tar.gz", out);
    T_EQ_STR(xr.bundle_path, path, "bundle path");
    T_EQ_INT(xr.ndestroyed, 2, "destroyed");
    T_EQ_INT(xr.ntransferred, 1, "transferred");
    T_EQ_INT(xr.ndropped, 1, "dropped");
    T_EQ_INT(xr.already, 0, "not already");
    T_EQ_STR(q1(st, "SELECT group_concat(record_id, ' ') FROM (SELECT record_id FROM archive_record ORDER BY 1)",
                NULL), "D003 D004 M001 R002", "records left");
    T_EQ_STR(q1(st, "SELECT group_concat(record_id || ':' || disposition, ' ') FROM (SELECT * FROM tombstone "
                    "ORDER BY record_id)", NULL), "D001:destroy D002:destroy R001:transfer", "tombstones");
    T_EQ_STR(q1(st, "SELECT note FROM purge_item WHERE record_id = 'D004' AND batch_id = ?", "P-20261126-01"),
             "审批后被冻结，不予处理：DJ-9（法院保全） (held by DJ-9 since approval)", "drop note");
    char want[200];
    snprintf(want, sizeof want, "executed E004 E005 %s", xr.bundle_sha256);
    T_EQ_STR(q1(st, "SELECT state || ' ' || witnesses || ' ' || bundle_sha256 FROM purge_batch WHERE batch_id = ?",
                "P-20261126-01"), want, "batch executed with witnesses and bundle hash");
    T_EQ_STR(q1(st, "SELECT count(*) FROM attachment", NULL), "0", "attachments no longer used are gone");
    T_EQ_STR(q1(st, "PRAGMA integrity_check", NULL), "ok", "integrity_check");
    long bad = store_audit_verify(st, NULL, &e);
    T_EQ_INT(bad, 0, "audit chain intact");
    T_EQ_STR(q1(st, "SELECT group_concat(action, ' ') FROM (SELECT action FROM audit WHERE action LIKE 'purge%' "
                    "OR action LIKE 'hold%' ORDER BY seq)", NULL),
             "purge_refused purge_refused purge_refused purge_plan purge_refused purge_refused purge_refused "
             "purge_refused purge_refused purge_refused purge_refused purge_approve purge_refused purge_refused "
             "purge_refused purge_refused purge_refused purge_refused hold_add purge_drop purge_execute",
             "audit entries of every step (two more refusals: no re-checker, a staff re-checker)");

    /* the bundle: kefu, GNU tar, bsdtar, bagcheck.py */
    bag_report rep;
    memset(&rep, 0, sizeof rep);
    T_EQ_INT(bag_verify(path, &rep, &e), 0, "bag_verify");
    T_EQ_INT(rep.nwarnings, 0, "no warnings");
    bag_report_free(&rep);
    T_EQ_INT(sh("tar -tzvf %s >/dev/null", path), 0, "GNU tar -tzvf");
    T_EQ_INT(sh("bsdtar -tzvf %s >/dev/null", path), 0, "bsdtar -tzvf");
    T_EQ_INT(sh("python3 tests/bagcheck.py %s", path), 0, "tests/bagcheck.py");
    char cmd[2400];
    snprintf(cmd, sizeof cmd, "cd %s && tar -xzf %s", dir, path);
    T_EQ_INT(system(cmd), 0, "extract");
    snprintf(path, sizeof path, "%s/purge-P-20261126-01/data/register.pdf", dir);
    T_CHECK(file_has(path, "witnesses E004 E005"), "register names the witnesses");
    T_CHECK(file_has(path, "D004 destroy dropped 审批后被冻结"), "register notes the dropped record");
    snprintf(path, sizeof path, "%s/purge-P-20261126-01/data/destroyed.csv", dir);
    T_CHECK(file_has(path, "record_id,category,title,content_sha256\nD001,daily,2010年值班记录,"),
            "destroyed.csv lists D001");
    T_CHECK(file_has(path, "D002,daily,\"投诉记录, 含逗号\","), "destroyed.csv quotes a comma");
    T_CHECK(!file_has(path, "D004"), "destroyed.csv omits the dropped record");
    snprintf(path, sizeof path, "%s/purge-P-20261126-01/data/attachments/scans/r001.txt", dir);
    T_CHECK(file_has(path, "装修图纸扫描件 R001"), "transfer carries its attachment");
    snprintf(path, sizeof path, "%s/purge-P-20261126-01/data/attachments/scans/d001.txt", dir);
    T_CHECK(access(path, F_OK) != 0, "a destroyed record's attachment is not in the bundle");
    snprintf(path, sizeof path, "%s/purge-P-20261126-01/bag-info.txt", dir);
    T_CHECK(file_has(path, "Kefu-Batch-Id: P-20261126-01\n"), "bag-info batch id");
    T_CHECK(file_has(path, "Bagging-Date: 2026-11-26\n"), "bag-info date");
    T_CHECK(file_has(path, "Kefu-Witness: E005 钱员工 staff (员工), role row from "), "bag-info witness");
    T_CHECK(file_has(path, "/in/01-employee.csv read 2026-11-26 08:00:00\n"), "bag-info: where the role came from");

    /* the transfer part reads back into kefu */
    {
        char db2[400];
        snprintf(db2, sizeof db2, "%s/back.db", dir);
        store *st2 = store_open(db2, &e);
        snprintf(path, sizeof path, "%s/purge-P-20261126-01/data/records.csv", dir);
        char *paths[] = { path };
        ingest_opts io = { .now = "2026-11-27 08:00:00" };
        ingest_result res;
        T_EQ_INT(ingest_paths(st2, P, paths, 1, &io, &res, &e), 0, "re-ingest records.csv");
        T_EQ_INT(res.stored, 1, "one record back");
        T_EQ_STR(q1(st2, "SELECT title || '|' || closed_on || '|' || location FROM archive_record", NULL),
                 "装修档案 1 号|1995-05-05|档案室C-01", "its fields");
        T_EQ_STR(q1(st2, "SELECT count(*) FROM attachment", NULL), "1", "its attachment");
        ingest_result_free(&res);
        snprintf(path, sizeof path, "%s/purge-P-20261126-01/data/records.xml", dir);
        T_EQ_INT(ingest_paths(st2, P, paths, 1, &io, &res, &e), 0, "re-ingest records.xml");
        T_EQ_INT(res.stored, 1, "one record from the XML");
        ingest_result_free(&res);
        store_close(st2);
    }

    /* deleted content is not in the database file any more */
    snprintf(path, sizeof path, "%s/kefu.db", dir);
    T_CHECK(!file_has(path, "LOCMARK-D001-XYZZY"), "purged record's location not in the database file");
    T_CHECK(!file_has(path, "SCANMARK-D001"), "purged attachment not in the database file");
    snprintf(path, sizeof path, "%s/kefu.db-wal", dir);
    T_CHECK(!file_has(path, "LOCMARK-D001-XYZZY"), "nor in the WAL");

    /* execute again: already done, nothing more */
    purge_exec_result xr2;
    kerr_clear(&e);
    T_EQ_INT(purge_execute(&c, "P-20261126-01", w2, 2, &xr2, &e), 0, e.msg);
    T_EQ_INT(xr2.already, 1, "second execute reports already executed");
    T_EQ_STR(xr2.bundle_sha256, xr.bundle_sha256, "same bundle");
    purge_exec_result_free(&xr2);

    /* list / show */
    sbuf o = {0};
    T_EQ_INT(purge_list(&c, 0, &o, &e), 0, "list");
    T_CHECK(o.p && strstr(o.p, "P-20261126-01  executed"), "list shows the batch: %s", o.p ? o.p : "");
    sbuf_reset(&o);
    T_EQ_INT(purge_show(&c, "P-20261126-01", 1, &o, &e), 0, "show --json");
    T_CHECK(o.p && strstr(o.p, "\"state\":\"executed\"") && strstr(o.p, "\"status\":\"dropped\""),
            "show json: %s", o.p ? o.p : "");
    sbuf_free(&o);
    purge_exec_result_free(&xr);

    /* the sources bundle of the day: the archive export's content was
     * cleared by the purge; none was bundled before, so it is omitted */
    purge_sources_result sr;
    kerr_clear(&e);
    T_EQ_INT(purge_bundle_sources(&c, "2026-11-26", &sr, &e), 0, e.msg);
    T_EQ_INT(sr.nfiles, 1, "one source kept (employees)");
    T_EQ_INT(sr.nomitted, 1, "the archive export omitted");
    T_EQ_INT(bag_verify(sr.bundle_path, NULL, &e), 0, "sources bundle verifies");
    T_EQ_INT(sh("python3 tests/bagcheck.py %s", sr.bundle_path), 0, "sources bundle: bagcheck.py");
    purge_sources_result_free(&sr);
    store_close(st);
}

/* Two databases with the same input give byte-identical bundles, with the
 * stub register and with the real one (report_render_mem, the default
 * font): the register PDF inside is reproducible too. The second database
 * is built at the same path as the first (removed in between): the audit
 * log records the ingested files' paths, and the register prints its
 * head, so the same input means the same paths too. */
static void test_deterministic(int real)
{
    char sums[2][65];
    for (int k = 0; k < 2; k++) {
        char dir[300], out[320];
        snprintf(dir, sizeof dir, "%s/det%d", TMP, real);
        if (k) sh("rm -rf '%s'", dir);
        snprintf(out, sizeof out, "%s/out", dir);
        store *st = setup(dir);
        purge_ctx c = ctx_for(st, out);
        if (real) c.render = purge_render_register;
        kerr e;
        kerr_clear(&e);
        purge_plan_result pr;
        purge_exec_result xr;
        const char *w[] = { "E005", "E006", "E004" };
        int ok = purge_plan(&c, "E001", NULL, &pr, &e) == 0 &&
                 purge_approve(&c, pr.batch_id, "E002", "E003", &e) == 0 &&
                 purge_execute(&c, pr.batch_id, w, 3, &xr, &e) == 0;
        T_CHECK(ok, "purge %d (%s register): %s", k, real ? "real" : "stub", e.msg);
        snprintf(sums[k], sizeof sums[k], "%s", ok ? xr.bundle_sha256 : "?");
        if (ok) {
            T_EQ_INT(bag_verify(xr.bundle_path, NULL, &e), 0, "bundle with this register verifies");
            purge_exec_result_free(&xr);
        }
        purge_plan_result_free(&pr);
        store_close(st);
    }
    T_EQ_STR(sums[0], sums[1], real ? "byte-identical bundles, real register" : "byte-identical bundles, stub register");
}

static void test_holds(void)
{
    char dir[300], out[320];
    snprintf(dir, sizeof dir, "%s/h", TMP);
    snprintf(out, sizeof out, "%s/out", dir);
    store *st = setup(dir);
    purge_ctx c = ctx_for(st, out);
    kerr e;
    struct { purge_hold_spec h; int rc; const char *msg; } cases[] = {
        { { .hold_id = "H1", .record_id = "NOPE", .reason = "x", .placed_by = "E002" }, -1,
          "hold refused: record NOPE is not in the archive" },
        { { .hold_id = "H1", .category = "nosuch", .reason = "x", .placed_by = "E002" }, -1, NULL },
        { { .hold_id = "H1", .record_id = "D001", .owner = "业主甲", .reason = "x", .placed_by = "E002" }, -1,
          "hold add: give exactly one of --record, --category, --owner" },
        { { .hold_id = "a/b", .record_id = "D001", .reason = "x", .placed_by = "E002" }, -1, NULL },
        { { .hold_id = "H1", .record_id = "D001", .reason = "x", .placed_by = "E999" }, -1,
          "hold refused: E999 is not in the employee table; the person placing or lifting it must be an employee (员工)" },
        { { .hold_id = "H1", .record_id = "D001", .reason = "x", .placed_by = "E004" }, -1,
          "hold refused: E004 赵员工 is staff (员工); the policy's <hold-roles> allows only cs_chief (客服主任), "
          "cs_supervisor (客户服务部主管), center_director (服务中心主任), gm (总经理)" },
        { { .hold_id = "H1", .record_id = "D001", .reason = "x" }, -1,
          "hold add: --by ID (or --placed-by ID) is required: who places the hold" },
        { { .hold_id = "H1", .category = "日常资料档案", .reason = "审计", .placed_by = "E002", .placed_on = "2026/11/20" },
          0, NULL },
        { { .hold_id = "H1", .record_id = "D001", .reason = "x", .placed_by = "E002" }, -1, "hold H1 exists already" },
        { { .hold_id = "H2", .owner = "业主甲", .reason = "纠纷", .placed_by = "E002" }, 0, NULL },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kerr_clear(&e);
        int rc = purge_hold_add(&c, &cases[i].h, &e);
        T_EQ_INT(rc, cases[i].rc, cases[i].msg ? cases[i].msg : e.msg);
        if (cases[i].msg) T_EQ_STR(e.msg, cases[i].msg, "hold message");
    }
    T_EQ_STR(q1(st, "SELECT category || ' ' || placed_on || ' ' || src_file || ' ' || src_line FROM hold "
                    "WHERE hold_id = 'H1'", NULL), "daily 2026-11-20 kefu hold 0", "hold row as written");
    /* the category hold keeps every daily record out of a plan */
    purge_plan_result pr;
    kerr_clear(&e);
    T_EQ_INT(purge_plan(&c, "E001", "daily", &pr, &e), 0, e.msg);
    T_EQ_STR(pr.batch_id, "", "held category: nothing to plan");
    purge_plan_result_free(&pr);
    kerr_clear(&e);
    T_EQ_INT(purge_hold_lift(&c, "H1", NULL, "2026-11-26", &e), -1, "lift without --by refused");
    T_EQ_INT(e.code, EXIT_USAGE, "lift without --by: usage");
    T_EQ_STR(e.msg, "hold lift: --by ID is required: who lifts the hold", "lift without --by message");
    kerr_clear(&e);
    T_EQ_INT(purge_hold_lift(&c, "H1", "E005", NULL, &e), -1, "lift by staff refused");
    T_CHECK(strstr(e.msg, "hold lift refused: E005 钱员工 is staff (员工); the policy's <hold-roles> allows only") != NULL,
            "lift by staff message: %s", e.msg);
    kerr_clear(&e);
    T_EQ_INT(purge_hold_lift(&c, "H1", "E999", NULL, &e), -1, "lift by a stranger refused");
    kerr_clear(&e);
    T_EQ_INT(purge_hold_lift(&c, "H1", "E002", "2099-01-01", &e), -1, "lift after the last complete day refused");
    T_EQ_INT(e.code, EXIT_DATAERR, "future lift: data error");
    T_CHECK(strstr(e.msg, "hold lift refused: 2099-01-01 is after ") != NULL, "future lift message: %s", e.msg);
    kerr_clear(&e);
    /* placed (dated) 11-20 but recorded 2026-11-26: a lift on 11-22 predates the entry */
    T_EQ_INT(purge_hold_lift(&c, "H1", "E002", "2026-11-22", &e), -1, "lift before the hold's audit entry refused");
    T_CHECK(strstr(e.msg, "hold lift refused: 2026-11-22 is before audit entry ") != NULL &&
            strstr(e.msg, "(hold_add of hold H1, recorded 2026-11-26)") != NULL, "backdated lift message: %s", e.msg);
    T_EQ_INT(e.code, EXIT_DATAERR, "backdated lift: data error");
    kerr_clear(&e);
    T_EQ_INT(purge_hold_lift(&c, "H1", "E002", "2026-11-19", &e), -1, "lift before placed refused");
    T_EQ_STR(e.msg, "hold lift refused: 2026-11-19 is before hold H1 was placed (2026-11-20)", "lift message");
    kerr_clear(&e);
    T_EQ_INT(purge_hold_lift(&c, "H1", "E001", NULL, &e), 0, e.msg);
    T_EQ_STR(q1(st, "SELECT json_extract(detail, '$.lifted_by') FROM audit WHERE action = 'hold_lift'", NULL), "E001",
             "the lift's audit entry names who");
    kerr_clear(&e);
    T_EQ_INT(purge_hold_lift(&c, "H1", "E002", NULL, &e), -1, "lift twice refused");
    T_EQ_STR(e.msg, "hold lift refused: hold H1 was lifted on 2026-11-26 already", "lift twice message");
    kerr_clear(&e);
    T_EQ_INT(purge_hold_lift(&c, "H9", "E002", NULL, &e), -1, "unknown hold");
    T_EQ_INT(e.code, EXIT_NOINPUT, "unknown hold code");
    /* lifted on the as-of date: free; D002 (业主甲) still held by owner */
    kerr_clear(&e);
    T_EQ_INT(purge_plan(&c, "E001", "daily", &pr, &e), 0, e.msg);
    T_EQ_INT(pr.nitems, 2, "lifted: D001 and D004 planned, D002 held by owner");
    purge_plan_result_free(&pr);
    sbuf o = {0};
    T_EQ_INT(purge_hold_list(&c, 0, &o, &e), 0, "hold list");
    T_CHECK(o.p && strstr(o.p, "H1") && strstr(o.p, "H2") && strstr(o.p, "owner 业主甲"), "list: %s", o.p ? o.p : "");
    sbuf_free(&o);
    T_EQ_INT(store_audit_verify(st, NULL, &e), 0, "audit intact");
    T_EQ_STR(q1(st, "SELECT count(*) FROM audit WHERE action IN ('hold_add','hold_lift')", NULL), "3",
             "hold audit entries");

    /* sources bundle before any purge: both files, deterministic */
    purge_sources_result sr, sr2;
    kerr_clear(&e);
    T_EQ_INT(purge_bundle_sources(&c, NULL, &sr, &e), 0, e.msg);
    T_EQ_INT(sr.nfiles, 2, "two sources that day");
    T_EQ_INT(sr.nomitted, 0, "none omitted");
    T_EQ_INT(sh("tar -tzf %s | grep -q 'sources-2026-11-26/data/02-archive_record.csv'", sr.bundle_path), 0,
             "basename in the bundle");
    T_EQ_INT(purge_bundle_sources(&c, "2026-11-26", &sr2, &e), 0, e.msg);
    T_EQ_STR(sr2.bundle_sha256, sr.bundle_sha256, "same bytes when run again");
    purge_sources_result_free(&sr2);
    kerr_clear(&e);
    T_EQ_INT(purge_bundle_sources(&c, "2026-11-25", &sr2, &e), 0, e.msg);
    T_CHECK(sr2.bundle_path == NULL, "no sources on another day: no bundle");
    purge_sources_result_free(&sr2);
    purge_sources_result_free(&sr);
    store_close(st);
}

/* Issue 13: a hold placed, and a record edited, while the purge bundle is
 * being written (the renderer hook runs at exactly that moment): the held
 * record and the edited one survive, each with its note; a record edited
 * after approval, before execute, is dropped with its note too. */
static void test_changes_during_execute(void)
{
    char dir[300], out[320], path[1024];
    snprintf(dir, sizeof dir, "%s/race", TMP);
    snprintf(out, sizeof out, "%s/out", dir);
    store *st = setup(dir);
    purge_ctx c = ctx_for(st, out);
    kerr e;
    kerr_clear(&e);
    purge_plan_result pr;
    purge_exec_result xr;
    T_EQ_INT(purge_plan(&c, "E001", NULL, &pr, &e), 0, e.msg);
    T_EQ_INT(purge_approve(&c, pr.batch_id, "E002", "E003", &e), 0, e.msg);
    /* after approval: D002's title edited */
    T_EQ_STR(q1(st, "UPDATE archive_record_data SET title = '改过的标题' WHERE record_id = ?", "D002"), "", "edit D002");
    T_EQ_STR(q1(st, "SELECT title FROM archive_record WHERE record_id = ?", "D002"), "改过的标题", "D002 edited");
    purge_hold_spec hs = { .hold_id = "RACE-1", .record_id = "D004", .reason = "写包时冻结", .placed_by = "E002" };
    hook_ctx = &c;
    hook_hold = &hs;
    hook_sql = "UPDATE archive_record_data SET location = '搬走了' WHERE record_id = 'D001'";
    const char *w[] = { "E004", "E005" };
    T_EQ_INT(purge_execute(&c, pr.batch_id, w, 2, &xr, &e), 0, e.msg);
    T_CHECK(hook_ctx == NULL, "the hook ran");
    hook_hold = NULL;
    hook_sql = NULL;
    T_EQ_STR(q1(st, "SELECT group_concat(record_id, ' ') FROM (SELECT record_id FROM archive_record ORDER BY 1)",
                NULL), "D001 D002 D003 D004 M001 R002", "held, edited records survive; R001 transferred");
    T_EQ_STR(q1(st, "SELECT note FROM purge_item WHERE batch_id = ? AND record_id = 'D004'", pr.batch_id),
             "写入归档包时被冻结：RACE-1 (held by RACE-1 while the bundle was written)", "hold during bundle: note");
    T_EQ_STR(q1(st, "SELECT note FROM purge_item WHERE batch_id = ? AND record_id = 'D001'", pr.batch_id),
             "写入归档包时档案内容被变更 (content changed while the bundle was written)", "edit during bundle: note");
    const char *d2 = q1(st, "SELECT note FROM purge_item WHERE batch_id = ? AND record_id = 'D002'", pr.batch_id);
    T_CHECK(d2 && strncmp(d2, "计划后档案内容已变更 (content changed since the plan: SHA-256 ", 70) == 0,
            "edit after approval: note: %s", d2 ? d2 : "(null)");
    T_EQ_STR(q1(st, "SELECT group_concat(record_id || ':' || status, ' ') FROM (SELECT * FROM purge_item "
                    "WHERE batch_id = ? ORDER BY record_id)", pr.batch_id),
             "D001:dropped D002:dropped D004:dropped R001:transferred", "items' outcome");
    T_EQ_INT(xr.ndropped, 3, "three dropped");
    snprintf(path, sizeof path, "cd %s && tar -xzf %s", dir, xr.bundle_path);
    T_EQ_INT(system(path), 0, "extract");
    snprintf(path, sizeof path, "%s/purge-%s/data/destroyed.csv", dir, pr.batch_id);
    T_CHECK(access(path, F_OK) != 0, "nothing destroyed: no destroyed.csv in the bundle");
    snprintf(path, sizeof path, "%s/purge-%s/data/register.pdf", dir, pr.batch_id);
    T_CHECK(file_has(path, "D004 destroy dropped 写入归档包时被冻结"), "the bundle's register notes the hold");
    T_EQ_INT(store_audit_verify(st, NULL, &e), 0, "audit intact");
    purge_exec_result_free(&xr);
    purge_plan_result_free(&pr);
    store_close(st);
}

/* Issue 13, forged approvals: a state set by SQL UPDATE, an item slipped
 * into an approved batch, a rewritten audit entry — execute refuses each
 * and deletes nothing. */
static void test_forged_approval(void)
{
    char dir[300], out[320];
    snprintf(dir, sizeof dir, "%s/forge", TMP);
    snprintf(out, sizeof out, "%s/out", dir);
    store *st = setup(dir);
    purge_ctx c = ctx_for(st, out);
    kerr e;
    kerr_clear(&e);
    purge_plan_result pr;
    purge_exec_result xr;
    const char *w[] = { "E004", "E005" };
    T_EQ_INT(purge_plan(&c, "E001", NULL, &pr, &e), 0, e.msg);
    const char *id = pr.batch_id;

    /* 1. approved by SQL */
    T_EQ_STR(q1(st, "UPDATE purge_batch SET state = 'approved', reviewed_by = 'E002', approved_by = 'E003', "
                    "approved_at = '2026-11-26 11:00:00' WHERE batch_id = ?", id), "", "forge the state");
    kerr_clear(&e);
    T_EQ_INT(purge_execute(&c, id, w, 2, &xr, &e), -1, "SQL-approved batch refused");
    T_EQ_STR(e.msg, "execution refused: the audit log holds no approval of batch P-20261126-01 with these items by "
                    "reviewer E002 and approver E003: it was not approved with kefu purge approve",
             "SQL-approved batch: message");
    T_EQ_STR(q1(st, "SELECT count(*) FROM archive_record", NULL), "7", "nothing deleted (forged state)");
    T_EQ_STR(q1(st, "UPDATE purge_batch SET state = 'planned', reviewed_by = NULL, approved_by = NULL, "
                    "approved_at = NULL WHERE batch_id = ?", id), "", "undo the forgery");

    /* 2. an item added to the planned batch is refused at approval */
    T_EQ_STR(q1(st, "INSERT INTO purge_item(batch_id, record_id, category, title, disposition, content_sha256, "
                    "status) VALUES(?, 'M001', 'move_in', '入住档案', 'destroy', 'x', 'proposed')", id), "",
             "slip M001 in");
    kerr_clear(&e);
    T_EQ_INT(purge_approve(&c, id, "E002", "E003", &e), -1, "approval of a changed batch refused");
    T_CHECK(strstr(e.msg, "approval refused: the audit log holds no plan of batch P-20261126-01 by E001 with these "
                    "5 items") == e.msg, "changed batch at approval: %s", e.msg);
    T_EQ_STR(q1(st, "DELETE FROM purge_item WHERE record_id = 'M001' AND batch_id = ?", id), "", "take it out");
    kerr_clear(&e);
    T_EQ_INT(purge_approve(&c, id, "E002", "E003", &e), 0, e.msg);

    /* 3. … and after approval, at execution */
    T_EQ_STR(q1(st, "INSERT INTO purge_item(batch_id, record_id, category, title, disposition, content_sha256, "
                    "status) VALUES(?, 'M001', 'move_in', '入住档案', 'destroy', 'x', 'proposed')", id), "",
             "slip M001 in after approval");
    kerr_clear(&e);
    T_EQ_INT(purge_execute(&c, id, w, 2, &xr, &e), -1, "changed approved batch refused");
    T_CHECK(strstr(e.msg, "execution refused: the audit log holds no plan of batch P-20261126-01 by E001 with these "
                    "5 items") == e.msg, "changed batch at execution: %s", e.msg);
    T_EQ_STR(q1(st, "SELECT count(*) FROM archive_record", NULL), "7", "nothing deleted (item slipped in)");
    T_EQ_STR(q1(st, "DELETE FROM purge_item WHERE record_id = 'M001' AND batch_id = ?", id), "", "take it out");

    /* 4. a rewritten audit entry: the chain no longer verifies */
    T_EQ_STR(q1(st, "DROP TRIGGER audit_no_update", NULL), "", "drop the append-only trigger");
    T_EQ_STR(q1(st, "UPDATE audit SET at = '2026-11-25 09:00:00' WHERE action = 'purge_plan'", NULL), "",
             "backdate the plan");
    kerr_clear(&e);
    T_EQ_INT(purge_execute(&c, id, w, 2, &xr, &e), -1, "broken chain refused");
    T_CHECK(strstr(e.msg, "execution refused: the audit chain does not verify (audit entry ") &&
            strstr(e.msg, "content does not match its hash (altered)"), "broken chain: %s", e.msg);
    T_EQ_STR(q1(st, "SELECT count(*) FROM archive_record", NULL), "7", "nothing deleted (broken chain)");
    T_EQ_STR(q1(st, "UPDATE audit SET at = '2026-11-26 10:00:00' WHERE action = 'purge_plan'", NULL), "",
             "restore the plan entry");
    kerr_clear(&e);
    T_EQ_INT(purge_execute(&c, id, w, 2, &xr, &e), 0, e.msg);
    T_EQ_INT(xr.ndestroyed + xr.ntransferred, 4, "the genuine batch executes");
    purge_exec_result_free(&xr);
    purge_plan_result_free(&pr);
    store_close(st);
}

/* Issue 13, early destruction: plan, approve and execute refuse an as-of
 * after the last complete day on the real clock (ctx.clock), and execute
 * re-checks eligibility as of that day, not the plan's as-of: a hold dated
 * after the as-of the batch was planned and executed with still stops it. */
static void test_real_clock(void)
{
    char dir[300], out[320];
    snprintf(dir, sizeof dir, "%s/clock", TMP);
    snprintf(out, sizeof out, "%s/out", dir);
    store *st = setup(dir);
    purge_ctx c = ctx_for(st, out);
    kerr e;
    purge_plan_result pr;
    purge_exec_result xr;
    const char *w[] = { "E004", "E005" };
    /* 2026-11-26 12:00 in Asia/Shanghai: the last complete day is 11-25 */
    c.clock = 1795651200 + 4 * 3600;
    kerr_clear(&e);
    T_EQ_INT(purge_plan(&c, "E001", NULL, &pr, &e), -1, "as-of today refused");
    T_EQ_STR(e.msg, "plan refused: --as-of 2026-11-26 is after 2026-11-25, the last complete day in Asia/Shanghai on "
                    "the real clock; records are disposed of only when their time has really come", "as-of message");
    c.as_of = "2099-12-31";
    kerr_clear(&e);
    T_EQ_INT(purge_plan(&c, "E001", NULL, &pr, &e), -1, "as-of 2099 refused");
    T_EQ_STR(q1(st, "SELECT count(*) FROM purge_batch", NULL), "0", "no batch");
    T_EQ_STR(q1(st, "SELECT count(*) FROM audit WHERE action = 'purge_refused' AND detail LIKE '%last complete day%'",
                NULL), "2", "refusals audited");
    char last[11], today[11];
    T_EQ_INT(purge_last_complete_day(P, c.clock, last, today, &e), 0, e.msg);
    T_EQ_STR(last, "2026-11-25", "last complete day at 12:00");
    T_EQ_STR(today, "2026-11-26", "today at 12:00");
    /* 23:30 UTC on 11-25 is 07:30 on 11-26 in Shanghai: the zone decides */
    T_EQ_INT(purge_last_complete_day(P, 1795651200 - 1800, last, NULL, &e), 0, e.msg);
    T_EQ_STR(last, "2026-11-25", "the policy's timezone, not UTC");

    /* a plan as of 11-20; a hold placed on 11-24 after approval; execute
     * as of 11-20 on 11-26: re-checked as of 11-25, D001 stays */
    c.as_of = "2026-11-20";
    kerr_clear(&e);
    T_EQ_INT(purge_plan(&c, "E001", NULL, &pr, &e), 0, e.msg);
    T_EQ_INT(purge_approve(&c, pr.batch_id, "E002", "E003", &e), 0, e.msg);
    purge_hold_spec hs = { .hold_id = "LATE-1", .record_id = "D001", .reason = "诉讼", .placed_by = "E002",
                           .placed_on = "2026-11-24" };
    T_EQ_INT(purge_hold_add(&c, &hs, &e), 0, e.msg);
    c.as_of = "2026-11-26";
    kerr_clear(&e);
    T_EQ_INT(purge_execute(&c, pr.batch_id, w, 2, &xr, &e), -1, "execute as of today refused");
    T_CHECK(strstr(e.msg, "execution refused: --as-of 2026-11-26 is after 2026-11-25") == e.msg, "%s", e.msg);
    c.as_of = "2026-11-20";
    kerr_clear(&e);
    T_EQ_INT(purge_execute(&c, pr.batch_id, w, 2, &xr, &e), 0, e.msg);
    T_EQ_STR(q1(st, "SELECT count(*) FROM archive_record WHERE record_id = 'D001'", NULL), "1",
             "D001, held since 11-24, survives an execute as of 11-20");
    T_EQ_STR(q1(st, "SELECT status FROM purge_item WHERE record_id = 'D001' AND batch_id = ?", pr.batch_id), "dropped",
             "D001 dropped");
    purge_exec_result_free(&xr);
    purge_plan_result_free(&pr);
    store_close(st);
}

/* Ingests one more CSV file, DIR/in2/NAME, into st at `now`. */
static void ingest_more(store *st, const char *dir, const char *name, const char *text, const char *now)
{
    char path[1024];
    snprintf(path, sizeof path, "mkdir -p %s/in2", dir);
    if (system(path) != 0) exit(2);
    snprintf(path, sizeof path, "%s/in2/%s", dir, name);
    write_file(path, text);
    kerr e;
    kerr_clear(&e);
    ingest_opts io = { .now = now };
    ingest_result res;
    char *paths[] = { path };
    if (ingest_paths(st, P, paths, 1, &io, &res, &e)) {
        fprintf(stderr, "ingest %s: %s\n", name, e.msg);
        exit(2);
    }
    ingest_result_free(&res);
}

/* Issue 13, who may approve: the roles that count are those recorded in
 * the role history, with their audit entries, before the batch was
 * planned; people not yet hired on the day of the action are refused. */
static void test_role_history(void)
{
    char dir[300], out[320];
    snprintf(dir, sizeof dir, "%s/roles", TMP);
    snprintf(out, sizeof out, "%s/out", dir);
    store *st = setup(dir);
    purge_ctx c = ctx_for(st, out);
    kerr e;
    purge_plan_result pr;
    purge_exec_result xr;

    /* the first file's 7 employees, each with its role entry */
    T_EQ_STR(q1(st, "SELECT count(*) FROM role_history", NULL), "7", "one history row per employee");
    T_EQ_STR(q1(st, "SELECT count(*) FROM audit WHERE action = 'role'", NULL), "7", "one role entry each");
    T_EQ_STR(q1(st, "SELECT json_extract(detail, '$.role') FROM audit WHERE action = 'role' AND "
                    "json_extract(detail, '$.employee') = ?", "E002"), "cs_supervisor", "E002's entry");
    /* the same file again, and a file with the same rows: nothing new */
    ingest_more(st, dir, "01-employee-again.csv", EMPLOYEES, "2026-11-26 08:30:00");
    T_EQ_STR(q1(st, "SELECT count(*) FROM role_history", NULL), "7", "unchanged rows add no history");

    /* hired in 2030 (before the plan, so the row counts) */
    ingest_more(st, dir, "02-employee-future.csv",
                "employee_id,name,dept,role,monthly_wage,hired_on\n"
                "E070,周未来,客服部,cs_supervisor,820000,2030-01-01\n"
                "E071,吴未来,客服部,staff,450000,2030-01-01\n", "2026-11-26 09:00:00");
    kerr_clear(&e);
    T_EQ_INT(purge_plan(&c, "E001", NULL, &pr, &e), 0, e.msg);
    const char *id = pr.batch_id;

    /* after the plan: E012 becomes cs_supervisor, E050 arrives as center_director */
    ingest_more(st, dir, "03-employee-promoted.csv",
                "employee_id,name,dept,role,monthly_wage\n"
                "E012,张伟,客服部,cs_supervisor,820000\n"
                "E050,郑新,客服部,center_director,1200000\n", "2026-11-26 11:00:00");
    T_EQ_STR(q1(st, "SELECT json_extract(detail, '$.prev_role') || '→' || json_extract(detail, '$.role') FROM "
                    "audit WHERE action = 'role' AND json_extract(detail, '$.employee') = ? ORDER BY seq DESC "
                    "LIMIT 1", "E012"), "staff→cs_supervisor", "the promotion is its own audit entry");
    kerr_clear(&e);
    T_EQ_INT(purge_approve(&c, id, "E012", "E003", &e), -1, "a role ingested after the plan does not count");
    T_CHECK(strstr(e.msg, "approval refused: E012 张伟 is staff (员工), role row from ") == e.msg &&
            strstr(e.msg, "/in/01-employee.csv read 2026-11-26 08:00:00; the reviewer must be cs_supervisor"),
            "promoted after the plan: %s", e.msg);
    kerr_clear(&e);
    T_EQ_INT(purge_approve(&c, id, "E002", "E050", &e), -1, "a person first ingested after the plan refused");
    T_CHECK(strstr(e.msg, "approval refused: E050 郑新 has no role row from before the batch was planned (the "
                          "first came from ") == e.msg && strstr(e.msg, "03-employee-promoted.csv, read "
                          "2026-11-26 11:00:00); the approver must have been center_director"),
            "arrived after the plan: %s", e.msg);

    /* not yet hired on the day of the approval */
    kerr_clear(&e);
    T_EQ_INT(purge_approve(&c, id, "E070", "E003", &e), -1, "a reviewer hired in 2030 refused");
    T_CHECK(strstr(e.msg, "approval refused: E070 周未来 is hired on 2030-01-01, after ") == e.msg &&
            strstr(e.msg, "the day of the approval; the reviewer must be an employee then"), "future hire: %s",
            e.msg);

    /* a role minted by SQL, with no audit entry of its own */
    T_EQ_STR(q1(st, "INSERT INTO role_history(seq, employee_id, name, role, hired_on, left_on, src_file, "
                    "src_sha256, src_line, ingested_at, audit_seq) SELECT max(seq) + 1, 'E004', '赵员工', "
                    "'cs_supervisor', NULL, NULL, 'x.csv', 'x', 2, '2026-11-26 08:00:00', 1 FROM role_history",
                    NULL), "", "mint a reviewer in SQL");
    kerr_clear(&e);
    T_EQ_INT(purge_approve(&c, id, "E004", "E003", &e), -1, "a minted role refused");
    T_CHECK(strstr(e.msg, "approval refused: the role row of E004 赵员工 (history ") == e.msg &&
            strstr(e.msg, "from x.csv) has no audit entry recording it"), "minted: %s", e.msg);
    T_CHECK(strstr(q1(st, "UPDATE role_history SET role = 'staff' WHERE employee_id = 'E002'", NULL),
                   "role history is append-only") != NULL, "role history is append-only");

    /* the genuine people are still accepted; a witness hired in 2030 is not */
    kerr_clear(&e);
    T_EQ_INT(purge_approve(&c, id, "E002", "E003", &e), 0, e.msg);
    const char *w[] = { "E005", "E071" };
    kerr_clear(&e);
    T_EQ_INT(purge_execute(&c, id, w, 2, &xr, &e), -1, "a witness hired in 2030 refused");
    T_CHECK(strstr(e.msg, "execution refused: E071 吴未来 is hired on 2030-01-01") == e.msg, "future witness: %s",
            e.msg);
    const char *w2[] = { "E005", "E012" };
    kerr_clear(&e);
    T_EQ_INT(purge_execute(&c, id, w2, 2, &xr, &e), 0, e.msg);
    char path[1024];
    snprintf(path, sizeof path, "cd %s && tar xzf %s", out, xr.bundle_path);
    T_EQ_INT(system(path), 0, "extract the bundle");
    snprintf(path, sizeof path, "%s/purge-%s/bag-info.txt", out, id);
    T_CHECK(file_has(path, "Kefu-Reviewed-By: E002 王主管 cs_supervisor (客户服务部主管), role row from "),
            "bag-info names where the reviewer's role came from");
    T_CHECK(file_has(path, "Kefu-Witness: E012 张伟 staff (员工), role row from "),
            "a witness's role is the one held at the plan");
    purge_exec_result_free(&xr);
    purge_plan_result_free(&pr);
    store_close(st);
}

/* Issue 13: the purge bundle takes its final name only after the deletion
 * commits. A trigger that the renderer hook installs while the bundle is
 * written makes the disposal fail right before its commit: no final-named
 * bundle exists, every record is still there, the bundle is pending (and
 * `bundle verify` says it is not a completed one); the rerun reuses it and
 * ends with one bundle. Then a crash between the commit and the rename
 * (the final bundle moved back to a pending name): the rerun completes the
 * rename and removes a stale pending file. A second execute with other
 * witnesses changes nothing; a hold on a destroyed record says so. */
static void test_pending_until_commit(void)
{
    char dir[300], out[320], final[1024], pend[1024], want[1200];
    snprintf(dir, sizeof dir, "%s/pend", TMP);
    snprintf(out, sizeof out, "%s/out", dir);
    store *st = setup(dir);
    purge_ctx c = ctx_for(st, out);
    kerr e;
    kerr_clear(&e);
    purge_plan_result pr;
    purge_exec_result xr;
    const char *w[] = { "E004", "E005" };
    T_EQ_INT(purge_plan(&c, "E001", NULL, &pr, &e), 0, e.msg);
    T_EQ_INT(purge_approve(&c, pr.batch_id, "E002", "E003", &e), 0, e.msg);
    const char *id = pr.batch_id;
    snprintf(final, sizeof final, "%s/purge-%s.tar.gz", out, id);

    hook_ctx = &c;
    hook_sql = "CREATE TRIGGER fail_commit BEFORE UPDATE OF state ON purge_batch WHEN NEW.state = 'executed' "
               "BEGIN SELECT RAISE(ABORT, 'injected: the disposal fails before it commits'); END";
    kerr_clear(&e);
    T_EQ_INT(purge_execute(&c, id, w, 2, &xr, &e), -1, "the disposal fails right before its commit");
    T_CHECK(strstr(e.msg, "injected: the disposal fails before it commits") != NULL, "the failure: %s", e.msg);
    T_CHECK(hook_ctx == NULL, "the hook ran");
    hook_sql = NULL;
    T_CHECK(access(final, F_OK) != 0, "no final-named bundle certifies a deletion that did not happen");
    T_EQ_STR(q1(st, "SELECT count(*) FROM archive_record", NULL), "7", "every record is still there");
    T_EQ_STR(q1(st, "SELECT count(*) FROM tombstone", NULL), "0", "no tombstone");
    const char *pl = ls_grep(out, ".pending-");
    snprintf(want, sizeof want, ".purge-%s.tar.gz.pending-", id);
    T_CHECK(strncmp(pl, want, strlen(want)) == 0 && !strchr(pl, ' '), "one pending bundle: '%s'", pl);
    snprintf(pend, sizeof pend, "%s/%s", out, pl);
    char psha[65];
    snprintf(psha, sizeof psha, "%s", sha_of(pend));
    snprintf(want, sizeof want, "approved %s %s", pend, psha);
    T_EQ_STR(q1(st, "SELECT state || ' ' || bundle_path || ' ' || bundle_sha256 FROM purge_batch WHERE batch_id = ?",
                id), want, "the batch records the pending bundle and its SHA-256");
    T_EQ_INT(bag_verify(pend, NULL, &e), 0, "the pending bag itself is whole");
    sbuf o = {0};
    kerr_clear(&e);
    T_EQ_INT(purge_bundle_verify(pend, 0, &o, &e), -1, "bundle verify refuses a pending bundle");
    T_EQ_INT(e.code, EXIT_DATAERR, "pending bundle: data error");
    T_CHECK(o.p && strstr(o.p, ": NOT A COMPLETED BUNDLE: pending"), "verify says pending: %s", o.p ? o.p : "");
    sbuf_reset(&o);
    T_EQ_INT(purge_show(&c, id, 0, &o, &e), 0, "show");
    snprintf(want, sizeof want, "  pending    %s (written before the deletion; not a completed bundle)\n", pend);
    T_CHECK(o.p && strstr(o.p, "  bundle     -\n") && strstr(o.p, want), "show: no final bundle, one pending: %s",
            o.p ? o.p : "");
    sbuf_reset(&o);
    T_EQ_INT(purge_show(&c, id, 1, &o, &e), 0, "show --json");
    T_CHECK(o.p && strstr(o.p, "\"bundle\":null") && strstr(o.p, "\"pending_bundle\":\""), "show json: %s",
            o.p ? o.p : "");

    T_EQ_STR(q1(st, "DROP TRIGGER fail_commit", NULL), "", "the fault goes");
    kerr_clear(&e);
    T_EQ_INT(purge_execute(&c, id, w, 2, &xr, &e), 0, e.msg);
    T_EQ_INT(xr.reused, 1, "the rerun reuses the pending bundle");
    T_EQ_STR(xr.bundle_path, final, "and names the final path");
    T_EQ_STR(xr.bundle_sha256, psha, "the same bytes");
    T_EQ_STR(sha_of(final), psha, "renamed into place");
    snprintf(want, sizeof want, "purge-%s.tar.gz", id);
    T_EQ_STR(ls_grep(out, "purge-"), want, "one bundle, nothing pending");
    snprintf(want, sizeof want, "executed %s %s", final, psha);
    T_EQ_STR(q1(st, "SELECT state || ' ' || bundle_path || ' ' || bundle_sha256 FROM purge_batch WHERE batch_id = ?",
                id), want, "the batch records the final bundle");
    T_EQ_STR(q1(st, "SELECT count(*) FROM tombstone", NULL), "4", "the records went");
    purge_exec_result_free(&xr);

    /* killed between the commit and the rename: the bundle is still pending */
    snprintf(pend, sizeof pend, "%s/.purge-%s.tar.gz.pending-999999999-AbCdEfGh", out, id);
    T_EQ_INT(rename(final, pend), 0, "the final bundle back under a pending name");
    sbuf_reset(&o);
    T_EQ_INT(purge_show(&c, id, 0, &o, &e), 0, "show, the rename not done");
    snprintf(want, sizeof want, "  pending    %s is missing: run kefu purge execute %s again to complete its rename\n",
             final, id);
    T_CHECK(o.p && strstr(o.p, "  bundle     -\n") && strstr(o.p, want), "show names no missing bundle: %s",
            o.p ? o.p : "");
    sbuf_reset(&o);
    T_EQ_INT(purge_show(&c, id, 1, &o, &e), 0, "show --json, the rename not done");
    T_CHECK(o.p && strstr(o.p, "\"bundle\":null"), "show json names no missing bundle: %s", o.p ? o.p : "");
    snprintf(want, sizeof want, "%s/.purge-%s.tar.gz.pending-999999998-stale", out, id);
    write_file(want, "a pending file of a dead process, not this batch's bundle\n");
    kerr_clear(&e);
    T_EQ_INT(purge_execute(&c, id, w, 2, &xr, &e), 0, e.msg);
    T_EQ_INT(xr.already, 1, "already executed");
    T_EQ_INT(xr.completed, 1, "the rename completed by the rerun");
    T_EQ_STR(sha_of(final), psha, "the final bundle is the one recorded");
    snprintf(want, sizeof want, "purge-%s.tar.gz", id);
    T_EQ_STR(ls_grep(out, "purge-"), want, "one bundle, the stale pending file removed");
    purge_exec_result_free(&xr);

    /* a second execute with other witnesses changes nothing */
    const char *w2[] = { "E005", "E006" };
    kerr_clear(&e);
    T_EQ_INT(purge_execute(&c, id, w2, 2, &xr, &e), -1, "executed batch, other witnesses: refused");
    T_EQ_INT(e.code, EXIT_DATAERR, "other witnesses: data error");
    T_EQ_STR(e.msg, "execution refused: batch P-20261126-01 was executed on 2026-11-26 10:00:00, witnessed by E004 "
                    "E005; it is not executed again, and the witnesses named now (E005 E006) are not recorded",
             "other witnesses: message");
    T_EQ_STR(q1(st, "SELECT witnesses FROM purge_batch WHERE batch_id = ?", id), "E004 E005", "witnesses unchanged");
    T_EQ_STR(q1(st, "SELECT count(*) || ' ' || json_extract(detail, '$.witnesses') FROM audit WHERE action = "
                    "'purge_execute'", NULL), "1 E004 E005", "one execution entry, the first one's");
    T_EQ_STR(sha_of(final), psha, "the bundle unchanged");
    const char *w3[] = { "E005", "E004" };
    kerr_clear(&e);
    T_EQ_INT(purge_execute(&c, id, w3, 2, &xr, &e), 0, "the same witnesses in another order: already done");
    T_EQ_INT(xr.already, 1, "already");
    purge_exec_result_free(&xr);

    /* a hold on a record the batch took away says so */
    purge_hold_spec hs = { .hold_id = "LATE-D", .record_id = "D001", .reason = "诉讼", .placed_by = "E002" };
    kerr_clear(&e);
    T_EQ_INT(purge_hold_add(&c, &hs, &e), -1, "hold on a destroyed record refused");
    T_EQ_STR(e.msg, "hold refused: record D001 was destroyed (销毁) on 2026-11-26 10:00:00 by purge batch "
                    "P-20261126-01; it is no longer in the archive and a hold on it would hold nothing",
             "destroyed record: message");
    hs.record_id = "R001";
    kerr_clear(&e);
    T_EQ_INT(purge_hold_add(&c, &hs, &e), -1, "hold on a transferred record refused");
    T_CHECK(strstr(e.msg, "hold refused: record R001 was transferred (移交) on ") == e.msg, "transferred: %s", e.msg);
    hs.record_id = "X999";
    kerr_clear(&e);
    T_EQ_INT(purge_hold_add(&c, &hs, &e), -1, "hold on an unknown record refused");
    T_EQ_STR(e.msg, "hold refused: record X999 is not in the archive", "unknown record: message");
    T_EQ_STR(q1(st, "SELECT count(*) FROM hold", NULL), "0", "no hold recorded");
    T_EQ_INT(store_audit_verify(st, NULL, &e), 0, "audit intact");
    sbuf_free(&o);
    purge_plan_result_free(&pr);
    store_close(st);
}

/* Issue 13, compare-and-set: each purge state change names what its step
 * read, and changes nothing when another process changed the batch. */
static void test_cas_store(void)
{
    char dir[300], out[320];
    snprintf(dir, sizeof dir, "%s/casstore", TMP);
    snprintf(out, sizeof out, "%s/out", dir);
    store *st = setup(dir);
    purge_ctx c = ctx_for(st, out);
    kerr e;
    kerr_clear(&e);
    purge_plan_result pr;
    T_EQ_INT(purge_plan(&c, "E001", NULL, &pr, &e), 0, e.msg);
    const char *id = pr.batch_id;
    T_EQ_INT(store_batch_set_witnesses(st, id, NULL, "E004 E005", NULL, &e), 0, "witnesses on a planned batch: no");
    T_EQ_INT(purge_approve(&c, id, "E002", "E003", &e), 0, e.msg);
    T_EQ_INT(store_batch_approve(st, id, "E002", "E003", "x", &e), 0, "approve an approved batch: no");
    T_EQ_INT(store_batch_set_witnesses(st, id, NULL, "E004 E005", NULL, &e), 1, "witnesses, none before: yes");
    T_EQ_INT(store_batch_set_witnesses(st, id, NULL, "E005 E006", NULL, &e), 0, "witnesses read as none, now set: no");
    T_EQ_STR(q1(st, "SELECT witnesses FROM purge_batch WHERE batch_id = ?", id), "E004 E005", "the first stay");
    T_EQ_INT(store_batch_set_bundle(st, id, "E005 E006", NULL, NULL, "p1", "h1", &e), 0, "bundle, other witnesses: no");
    T_EQ_INT(store_batch_set_bundle(st, id, "E004 E005", NULL, NULL, "p1", "h1", &e), 1, "bundle: yes");
    T_EQ_INT(store_batch_set_bundle(st, id, "E004 E005", NULL, NULL, "p2", "h2", &e), 0,
             "bundle read as none, now recorded: no");
    T_EQ_INT(store_batch_set_witnesses(st, id, "E004 E005", "E004 E005", NULL, &e), 1, "the same witnesses again: yes");
    T_EQ_STR(q1(st, "SELECT bundle_path FROM purge_batch WHERE batch_id = ?", id), "p1", "and the bundle is kept");
    T_EQ_INT(store_batch_executed(st, id, "t", "E004 E005", "p2", "h1", "final", &e), 0, "executed, other pending: no");
    T_EQ_INT(store_batch_executed(st, id, "t", "E004 E006", "p1", "h1", "final", &e), 0,
             "executed, other witnesses: no");
    T_EQ_STR(q1(st, "SELECT state FROM purge_batch WHERE batch_id = ?", id), "approved", "still approved");
    T_EQ_INT(store_batch_executed(st, id, "t", "E004 E005", "p1", "h1", "final", &e), 1, "executed: yes");
    T_EQ_INT(store_batch_executed(st, id, "t", "E004 E005", "p1", "h1", "final", &e), 0, "executed twice: no");
    T_EQ_INT(store_batch_set_witnesses(st, id, "E004 E005", "E005 E006", NULL, &e), 0, "witnesses of an executed batch: no");
    T_EQ_INT(store_batch_set_bundle(st, id, "E004 E005", "final", "h1", "p3", "h3", &e), 0,
             "bundle of an executed batch: no");
    T_EQ_STR(q1(st, "SELECT state || ' ' || witnesses || ' ' || bundle_path || ' ' || bundle_sha256 FROM purge_batch "
                    "WHERE batch_id = ?", id), "executed E004 E005 final h1", "the executed row as it was set");
    purge_plan_result_free(&pr);
    store_close(st);
}

/* Issue 13, two executions of one batch interleaved without the file
 * lock: while the first writes its bundle (the renderer hook), a second,
 * through another connection, runs whole — with the same witnesses, or
 * with others (it read the first one's witnesses, so replacing them is a
 * change it is entitled to: nothing was destroyed yet). The first then
 * finds the batch changed and is refused by the compare-and-set, changing
 * nothing: the batch, its one audit entry, its one bundle and the bundle's
 * bag-info all name the second's witnesses. */
static void test_cas_interleave(int same)
{
    char dir[300], out[320], final[1024], path[1400];
    snprintf(dir, sizeof dir, "%s/cas%d", TMP, same);
    snprintf(out, sizeof out, "%s/out", dir);
    store *st = setup(dir);
    snprintf(path, sizeof path, "%s/kefu.db", dir);
    kerr e;
    kerr_clear(&e);
    store *st2 = store_open(path, &e);
    T_CHECK(st2 != NULL, "second connection: %s", e.msg);
    if (!st2) return;
    purge_ctx a = ctx_for(st, out), b = ctx_for(st2, out);
    purge_plan_result pr;
    purge_exec_result xr;
    /* daily only: destroyed records, no attachment the second execution's
     * deletion could take from under the first one's bundle */
    T_EQ_INT(purge_plan(&a, "E001", "daily", &pr, &e), 0, e.msg);
    T_EQ_INT(purge_approve(&a, pr.batch_id, "E002", "E003", &e), 0, e.msg);
    const char *id = pr.batch_id;
    snprintf(final, sizeof final, "%s/purge-%s.tar.gz", out, id);
    const char *wa[] = { "E004", "E005" }, *wb_other[] = { "E005", "E006" };
    const char *const *wb = same ? wa : wb_other;
    const char *jb = same ? "E004 E005" : "E005 E006";
    hook_exec = &b;
    hook_exec_batch = id;
    hook_exec_w = wb;
    hook_exec_rc = 99;
    kerr_clear(&e);
    int rc = purge_execute(&a, id, wa, 2, &xr, &e);
    T_CHECK(hook_exec == NULL, "the second execution ran");
    T_EQ_INT(hook_exec_rc, 0, hook_exec_e.msg);
    T_EQ_INT(rc, -1, "the first, overtaken, is refused");
    T_EQ_INT(e.code, EXIT_TEMPFAIL, "refused as a temporary failure");
    T_EQ_STR(e.msg, "execution of P-20261126-01 refused: the batch changed while its bundle was written (another "
                    "execution of it?); nothing was deleted: see kefu purge show P-20261126-01", "refusal message");
    char want[1300];
    snprintf(want, sizeof want, "executed %s %s", jb, final);
    T_EQ_STR(q1(st, "SELECT state || ' ' || witnesses || ' ' || bundle_path FROM purge_batch WHERE batch_id = ?", id),
             want, "the batch is the second's");
    char sha[65];
    snprintf(sha, sizeof sha, "%s", sha_of(final));
    T_EQ_STR(q1(st, "SELECT bundle_sha256 FROM purge_batch WHERE batch_id = ?", id), sha,
             "the bundle on disk is the one recorded");
    snprintf(want, sizeof want, "1 %s %s", jb, sha);
    T_EQ_STR(q1(st, "SELECT count(*) || ' ' || json_extract(detail, '$.witnesses') || ' ' || "
                    "json_extract(detail, '$.bundle_sha256') FROM audit WHERE action = 'purge_execute'", NULL),
             want, "one execution entry, with the same witnesses and bundle");
    snprintf(want, sizeof want, "purge-%s.tar.gz", id);
    T_EQ_STR(ls_grep(out, "purge-"), want, "one bundle, nothing pending");
    T_EQ_STR(ls_grep(out, ".tmp-"), "", "no temp file");
    T_EQ_STR(q1(st, "SELECT count(*) FROM tombstone", NULL), "3", "the three daily records went, once");
    snprintf(path, sizeof path, "cd %s && tar -xzf %s", dir, final);
    T_EQ_INT(system(path), 0, "extract");
    snprintf(path, sizeof path, "%s/purge-%s/bag-info.txt", dir, id);
    T_CHECK(file_has(path, same ? "Kefu-Witness: E004 " : "Kefu-Witness: E006 "), "bag-info names the witnesses");
    T_CHECK(same || !file_has(path, "Kefu-Witness: E004 "), "bag-info names no witness of the refused one");
    /* the first run again, sequentially: with its witnesses it is refused
     * (other than recorded), or already done (the same) */
    kerr_clear(&e);
    rc = purge_execute(&a, id, wa, 2, &xr, &e);
    T_EQ_INT(rc, same ? 0 : -1, "the first run again");
    if (rc == 0) purge_exec_result_free(&xr);
    T_EQ_STR(q1(st, "SELECT count(*) FROM audit WHERE action = 'purge_execute'", NULL), "1", "still one entry");
    T_EQ_INT(store_audit_verify(st, NULL, &e), 0, "audit intact");
    purge_plan_result_free(&pr);
    store_close(st2);
    store_close(st);
}

int main(void)
{
    kerr e;
    kerr_clear(&e);
    if (policy_load_default(&P, NULL, &e)) {
        fprintf(stderr, "default policy: %s\n", e.msg);
        return 1;
    }
    snprintf(TMP, sizeof TMP, "/tmp/kefu-test-purge-XXXXXX");
    if (!mkdtemp(TMP)) { perror("mkdtemp"); return 1; }
    test_refusals_and_happy_path();
    test_deterministic(0);
    test_deterministic(1);
    test_holds();
    test_changes_during_execute();
    test_forged_approval();
    test_real_clock();
    test_role_history();
    test_pending_until_commit();
    test_cas_store();
    test_cas_interleave(1);
    test_cas_interleave(0);
    policy_free(P);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf %s", TMP);
    if (t_fail == 0 && system(cmd) != 0) fprintf(stderr, "could not remove %s\n", TMP);
    return t_done();
}
