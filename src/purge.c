/* purge.c — purge batches (plan, approve, execute, list, show), holds and
 * the sources bundle (purge.h). The rules come from retain.c and the
 * policy; the SQL from store_retain.c; the bag from bag.h. */
#include "msg.h"
#include "purge.h"
#include "audit.h"
#include "bag.h"
#include "facts.h"
#include "hash.h"
#include "policy.h"
#include "report.h"
#include "retain.h"
#include "store_retain.h"
#include "value.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define SECS_PER_DAY 86400
#define PURGE_LEVEL 6               /* gzip level of bundles: gzip's default (bench: beside tar czf) */
#define PURGE_MAX_SEQ 999           /* batches per as-of day */
#define PURGE_MAX_RETRIES 1000      /* bundle rebuilds when holds keep arriving during execute */
/* bag-info.txt's word on the CSV copies (util_csv_cell_safe) */
#define PURGE_CSV_NOTE "CSV cells starting with = + - @ TAB CR carry a leading ' (spreadsheet formulas " \
    "neutralised); data/records.xml and the record hashes keep the exact values. CSV 中以 = + - @ 制表符 " \
    "回车开头的单元格前加了 '（防止表格软件执行公式）；data/records.xml 与记录哈希保留原值。"

/* ---- small helpers ---------------------------------------------------- */

int purge_valid_batch_id(const char *s)
{
    /* P-YYYYMMDD-NN[N] */
    if (!s || strncmp(s, "P-", 2) != 0) return 0;
    size_t n = strlen(s);
    if (n < 13 || n > 14 || s[10] != '-') return 0;
    for (size_t i = 2; i < n; i++)
        if (i != 10 && (s[i] < '0' || s[i] > '9')) return 0;
    return 1;
}

/* An identifier a person typed (hold id): what ingest accepts for FT_ID. */
static int valid_id(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 64 || s[0] == ' ' || s[n - 1] == ' ' || s[0] == '.') return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\') return 0;
    return 1;
}

static const char *out_dir(const purge_ctx *c)
{
    return c->out_dir && *c->out_dir ? c->out_dir : PURGE_DEFAULT_OUT;
}

/* mkdir -p: creates `dir` and its missing parents. */
static int mkdir_p(const char *dir, kerr *e)
{
    char *p = xstrdup(dir);
    int ret = -1;
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST) goto fail;
        *s = '/';
    }
    if (mkdir(p, 0755) != 0 && errno != EEXIST) goto fail;
    struct stat sb;
    if (stat(p, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        errno = ENOTDIR;
        goto fail;
    }
    ret = 0;
    goto out;
fail:
    kerr_set(e, EXIT_CANTCREAT, "%s: cannot create directory: %s", dir, msg_strerror(errno));
out:
    free(p);
    return ret;
}

/* SHA-256 of a file's bytes; 0, or -1 (EXIT_NOINPUT). */
static int file_sha256(const char *path, char hex[HASH_HEX_LEN], kerr *e)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return kerr_set(e, EXIT_NOINPUT, "%s: cannot read: %s", path, msg_strerror(errno));
    hash_ctx h;
    hash_init(&h);
    char *buf = xmalloc(1 << 20);
    size_t n;
    while ((n = fread(buf, 1, 1 << 20, fp)) > 0) hash_update(&h, buf, n);
    int bad = ferror(fp);
    fclose(fp);
    free(buf);
    if (bad) return kerr_set(e, EXIT_NOINPUT, "%s: read error", path);
    hash_final_hex(&h, hex);
    return 0;
}

/* Appends one CSV field (RFC 4180: quoted when it holds ',', '"', CR, LF). */
static void csv_field(sbuf *b, const char *v)
{
    if (!v) return;
    if (!strpbrk(v, ",\"\r\n")) {
        sbuf_adds(b, v);
        return;
    }
    sbuf_addc(b, '"');
    for (const char *p = v; *p; p++) {
        if (*p == '"') sbuf_addc(b, '"');
        sbuf_addc(b, *p);
    }
    sbuf_addc(b, '"');
}

/* Appends XML character data: markup escaped, CR kept as a reference (a
 * parser would turn a raw CR into LF), other C0 controls (not allowed in
 * XML 1.0) as U+FFFD. */
static void xml_text(sbuf *b, const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        switch (*p) {
        case '&': sbuf_adds(b, "&amp;"); break;
        case '<': sbuf_adds(b, "&lt;"); break;
        case '>': sbuf_adds(b, "&gt;"); break;
        case '\r': sbuf_adds(b, "&#13;"); break;
        default:
            if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f) sbuf_adds(b, "\xEF\xBF\xBD");
            else sbuf_addc(b, (char)*p);
        }
    }
}

/* The content SHA-256 of a record (purge.h). */
static void content_sha256(const store_arec *r, char hex[HASH_HEX_LEN])
{
    static const int cols[] = { AREC_RECORD_ID, AREC_CATEGORY, AREC_OWNER, AREC_TITLE, AREC_CREATED_ON,
                                AREC_CLOSED_ON, AREC_LOCATION, AREC_CONFIDENTIAL, AREC_FILE_SHA256 };
    sbuf b = {0};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        if (i) sbuf_addc(&b, ',');
        csv_field(&b, r->f[cols[i]]);
    }
    sbuf_addc(&b, '\n');
    hash_hex(b.p, b.len, hex);
    sbuf_free(&b);
}

static int cmp_item_ptr(const void *a, const void *b)
{
    return strcmp((*(const store_item *const *)a)->record_id, (*(const store_item *const *)b)->record_id);
}

/* The content hash of a batch (purge.h): SHA-256 of "batch ID\n" and one
 * line "record_id,disposition,content_sha256\n" per item, by record_id —
 * what the plan proposed and the approval approved, whatever each item's
 * status is now. */
static void batch_content_sha256(const char *batch_id, const store_item *items, size_t n,
                                 char hex[HASH_HEX_LEN])
{
    const store_item **v = xcalloc(n + 1, sizeof *v);
    for (size_t i = 0; i < n; i++) v[i] = &items[i];
    qsort(v, n, sizeof *v, cmp_item_ptr);
    sbuf b = {0};
    sbuf_adds(&b, "batch ");
    sbuf_adds(&b, batch_id);
    sbuf_addc(&b, '\n');
    for (size_t i = 0; i < n; i++) {
        csv_field(&b, v[i]->record_id);
        sbuf_addc(&b, ',');
        csv_field(&b, v[i]->disposition);
        sbuf_addc(&b, ',');
        csv_field(&b, v[i]->content_sha256 ? v[i]->content_sha256 : "");
        sbuf_addc(&b, '\n');
    }
    hash_hex(b.p, b.len, hex);
    sbuf_free(&b);
    free(v);
}

/* Whether the audit chain holds an entry of `action` for this batch with
 * these fields (NULL-terminated key, value pairs): *found 1 or 0. */
static int audit_has(const purge_ctx *c, const char *action, const char *const *kv, int *found, kerr *e)
{
    const char *keys[8], *vals[8];
    int n = 0;
    for (; kv[2 * n] && n < 8; n++) {
        keys[n] = kv[2 * n];
        vals[n] = kv[2 * n + 1];
    }
    long count = 0;
    if (store_audit_count_match(c->st, action, keys, vals, n, &count, e)) return -1;
    *found = count > 0;
    return 0;
}

/* Execute trusts no state column alone (issue 13): the audit chain must
 * verify, and hold the plan and the approval of exactly these items by
 * exactly these people. A state set by SQL, or an item added, removed or
 * re-hashed after approval, is refused. */
static int verify_approval(const purge_ctx *c, const store_batch *b, const store_item *items, size_t n, kerr *e)
{
    long entries = 0;
    kerr ve;
    kerr_clear(&ve);
    long bad = store_audit_verify(c->st, &entries, &ve);
    if (bad < 0) {
        *e = ve;
        return -1;
    }
    if (bad > 0)
        return kerr_set(e, EXIT_DATAERR, "execution refused: the audit chain does not verify (%s); batch %s "
                        "cannot be shown to be approved", ve.msg, b->batch_id);
    char hex[HASH_HEX_LEN];
    batch_content_sha256(b->batch_id, items, n, hex);
    const char *plan[] = { "batch", b->batch_id, "prepared_by", b->prepared_by, "content_sha256", hex, NULL };
    const char *appr[] = { "batch", b->batch_id, "prepared_by", b->prepared_by, "reviewed_by",
                           b->reviewed_by ? b->reviewed_by : "", "approved_by", b->approved_by ? b->approved_by : "",
                           "content_sha256", hex, NULL };
    int has_plan = 0, has_appr = 0;
    if (audit_has(c, "purge_plan", plan, &has_plan, e) || audit_has(c, "purge_approve", appr, &has_appr, e))
        return -1;
    if (!has_plan)
        return kerr_set(e, EXIT_DATAERR, "execution refused: the audit log holds no plan of batch %s by %s with "
                        "these %zu items (content SHA-256 %.12s…): its items were changed outside kefu",
                        b->batch_id, b->prepared_by, n, hex);
    if (!has_appr)
        return kerr_set(e, EXIT_DATAERR, "execution refused: the audit log holds no approval of batch %s with "
                        "these items by reviewer %s and approver %s: it was not approved with kefu purge approve",
                        b->batch_id, b->reviewed_by ? b->reviewed_by : "(none)",
                        b->approved_by ? b->approved_by : "(none)");
    return 0;
}

static const char *role_zh(const purge_ctx *c, const char *role)
{
    const char *n = role ? policy_vocab_name(c->p, POLICY_VOCAB_ROLE, role) : NULL;
    return n ? n : (role ? role : "");
}

int purge_custody_role(const struct policy *p, const char *role)
{
    const policy_retention *r = &p->ret;
    const char *one[] = { r->purge_preparer, r->purge_reviewer, r->purge_approver, r->external_role };
    if (!role) return 0;
    for (size_t i = 0; i < sizeof one / sizeof *one; i++)
        if (one[i] && strcmp(one[i], role) == 0) return 1;
    for (int i = 0; i < r->hold_roles.n; i++)
        if (strcmp(r->hold_roles.v[i], role) == 0) return 1;
    return 0;
}

/* A person looked up for a step: the role as the role history held it
 * when the step's batch was planned (issue 13), the leaving date as known
 * now. */
typedef struct person {
    char id[72];        /* employee_id as given */
    char name[128];     /* 姓名 */
    char role[64];      /* role code */
    char hired_on[11];  /* "" when not given */
    char left_on[11];   /* "" when still employed (the latest role row's) */
    char src_file[512 + 256 + 2]; /* the file the role row came from, FILE[SHEET] for a workbook's */
    char ingested_at[20]; /* when kefu read it */
    long history;       /* role_history.seq of the row that counts */
    int audited;        /* 1 when that row's audit entry records it */
    int found;          /* 1 when a role row counts for the step */
    int later;          /* 1 when the person has role rows, all ingested after the plan */
} person;

/* The file a role row came from as ingest names it: FILE, or FILE[SHEET]
 * for a workbook's row. */
static void person_file(person *out, const store_role *r)
{
    if (r->src_sheet[0]) snprintf(out->src_file, sizeof out->src_file, "%s[%s]", r->src_file, r->src_sheet);
    else snprintf(out->src_file, sizeof out->src_file, "%s", r->src_file);
}

/* Looks `id` up in the role history as of audit entry `before` (the
 * batch's plan entry; 0: now). */
static int person_get(const purge_ctx *c, const char *id, long before, person *out, kerr *e)
{
    store_role r;
    memset(out, 0, sizeof *out);
    snprintf(out->id, sizeof out->id, "%s", id ? id : "");
    if (!id || !*id) return 0;
    int rc = store_role_at(c->st, id, before, &r, e);
    if (rc < 0) return -1;
    if (rc == 1) {
        out->found = 1;
        snprintf(out->name, sizeof out->name, "%s", r.name);
        snprintf(out->role, sizeof out->role, "%s", r.role);
        snprintf(out->hired_on, sizeof out->hired_on, "%s", r.hired_on);
        person_file(out, &r);
        snprintf(out->ingested_at, sizeof out->ingested_at, "%s", r.ingested_at);
        out->history = r.seq;
        out->audited = r.audited;
    }
    /* what is known now: a leaving date, or rows that came after the plan */
    rc = store_role_at(c->st, id, 0, &r, e);
    if (rc < 0) return -1;
    if (rc == 1) {
        snprintf(out->left_on, sizeof out->left_on, "%s", r.left_on);
        if (!out->found) {
            out->later = 1;
            snprintf(out->name, sizeof out->name, "%s", r.name);
            person_file(out, &r);
            snprintf(out->ingested_at, sizeof out->ingested_at, "%s", r.ingested_at);
        }
    }
    return 0;
}

/* "ROLE (中文), role row FILE read at TIME": where a person's role came from. */
static void person_source(const purge_ctx *c, const person *p, sbuf *out)
{
    sbuf_printf(out, msg_tr("%s (%s), role row from "), p->role, role_zh(c, p->role));
    util_term_escape(out, p->src_file);
    sbuf_printf(out, msg_tr(" read %s"), p->ingested_at);
}

/* Checks that `who` held role `want` (NULL: any role) when the batch was
 * planned, through a role row kefu recorded in the audit chain, and was
 * employed on `day`, the day of the action: hired by then and not gone.
 * On refusal fills e: "WHAT refused: ID NAME …, the DUTY must be …". */
static int check_role(const purge_ctx *c, const person *who, const char *want, const char *what,
                      const char *duty, const char *day, kerr *e)
{
    if (who->later)
        return kerr_set(e, EXIT_DATAERR, "%s refused: %s %s has no role row from before the batch was planned (the "
                        "first came from %s, read %s); the %s must have been %s (%s) then", what, who->id, who->name,
                        who->src_file, who->ingested_at, duty, want ? want : msg_tr("an employee"),
                        want ? role_zh(c, want) : "员工");
    if (!who->found)
        return kerr_set(e, EXIT_DATAERR, "%s refused: %s is not in the employee table; the %s must be %s (%s)",
                        what, who->id, duty, want ? want : msg_tr("an employee"), want ? role_zh(c, want) : "员工");
    if (!who->audited)
        return kerr_set(e, EXIT_DATAERR, "%s refused: the role row of %s %s (history %ld, from %s) has no audit "
                        "entry recording it: it was not ingested by kefu", what, who->id, who->name, who->history,
                        who->src_file);
    if (who->hired_on[0] && strcmp(who->hired_on, day) > 0)
        return kerr_set(e, EXIT_DATAERR, "%s refused: %s %s is hired on %s, after %s, the day of the %s; the %s "
                        "must be an employee then", what, who->id, who->name, who->hired_on, day, what, duty);
    if (who->left_on[0] && strcmp(who->left_on, day) <= 0)
        return kerr_set(e, EXIT_DATAERR, "%s refused: %s %s left on %s; the %s must be a current employee",
                        what, who->id, who->name, who->left_on, duty);
    if (want && strcmp(who->role, want) != 0) {
        sbuf src = {0};
        person_source(c, who, &src);
        kerr_set(e, EXIT_DATAERR, "%s refused: %s %s is %s; the %s must be %s (%s)", what, who->id, who->name,
                 src.p, duty, want, role_zh(c, want));
        sbuf_free(&src);
        return -1;
    }
    return 0;
}

/* The audit entry of the batch's plan: the roles that count for its later
 * steps are those recorded before it. */
static int plan_entry(const purge_ctx *c, const char *batch_id, long *seq, kerr *e)
{
    int rc = store_audit_find(c->st, "purge_plan", "batch", batch_id, seq, e);
    if (rc < 0) return -1;
    if (rc == 0)
        return kerr_set(e, EXIT_DATAERR, "batch %s: the audit log holds no plan entry for it, so the roles it was "
                        "planned under are unknown; plan it again", batch_id);
    return 0;
}

/* Checks that `who` may place or lift a hold: a current employee whose
 * role is in the policy's <hold-roles> (absent: the purge reviewer or
 * approver). */
static int check_hold_role(const purge_ctx *c, const person *who, const char *what, const char *day, kerr *e)
{
    if (check_role(c, who, NULL, what, msg_tr("person placing or lifting it"), day, e)) return -1;
    if (policy_may_hold(c->p, who->role)) return 0;
    char allowed[1024];
    policy_hold_roles_describe(c->p, allowed, sizeof allowed);
    return kerr_set(e, EXIT_DATAERR, "%s refused: %s %s is %s (%s); the policy's <hold-roles> allows only %s", what,
                    who->id, who->name, who->role, role_zh(c, who->role), allowed);
}

int purge_last_complete_day(const struct policy *p, int64_t t, char last[11], char today[11], kerr *e)
{
    time_t now = (time_t)t;
    if (!t) util_clock(&now, 1);   /* real_only: SOURCE_DATE_EPOCH never moves disposition */
    if (util_last_complete_day(p->org.timezone, now, last, e)) return -1;
    if (today) {
        char lt[20];
        if (util_local_time(p->org.timezone, now, lt, e)) return -1;
        memcpy(today, lt, 10);
        today[10] = '\0';
    }
    return 0;
}

/* Refuses (EXIT_DATAERR, "WHAT refused: …") an as-of after the last
 * complete day on the real clock; fills last (and today). */
static int check_as_of(const purge_ctx *c, const char *what, char last[11], char today[11], kerr *e)
{
    if (purge_last_complete_day(c->p, c->clock, last, today, e)) return -1;
    if (strcmp(c->as_of, last) > 0)
        return kerr_set(e, EXIT_DATAERR, "%s refused: --as-of %s is after %s, the last complete day in %s on the "
                        "real clock; records are disposed of only when their time has really come", what,
                        c->as_of, last, c->p->org.timezone ? c->p->org.timezone : UTIL_DEFAULT_TZ);
    return 0;
}

/* Appends an audit entry in its own transaction (or the caller's when
 * in_tx). */
static int audit(const purge_ctx *c, int in_tx, const char *action, const sbuf *detail, kerr *e)
{
    if (!in_tx && store_begin(c->st, e)) return -1;
    if (store_audit(c->st, c->now, action, detail->p ? detail->p : "{}", e)) {
        if (!in_tx) store_rollback(c->st);
        return -1;
    }
    if (!in_tx && store_commit(c->st, e)) return -1;
    return 0;
}

/* Records a refusal (already in e) in the audit log; keeps e. */
static int refused(const purge_ctx *c, const char *step, const char *batch_id, kerr *e)
{
    sbuf d = {0};
    kerr ae;
    kerr_clear(&ae);
    sbuf_printf(&d, "{\"step\":");
    sbuf_json_str(&d, step);
    sbuf_adds(&d, ",\"batch\":");
    sbuf_json_str(&d, batch_id ? batch_id : "");
    sbuf_adds(&d, ",\"reason\":");
    sbuf_json_str(&d, e->msg);
    sbuf_addc(&d, '}');
    audit(c, 0, "purge_refused", &d, &ae);   /* a failure to log must not hide the refusal */
    sbuf_free(&d);
    return -1;
}

int purge_render_register(void *arg, store *st, const struct policy *p, const char *batch_id,
                          const char *as_of, unsigned char **pdf, size_t *len, sbuf *warnings, kerr *e)
{
    report_opts o;
    if (arg) {
        o = *(const report_opts *)arg;
    } else {
        memset(&o, 0, sizeof o);
        o.created = (int64_t)val_days(as_of) * SECS_PER_DAY;
    }
    o.kind = "register";
    o.batch_id = batch_id;
    o.as_of = as_of;
    return report_render_mem(st, p, &o, pdf, len, warnings, e);
}

/* Renders the register of a batch to memory. */
static int render_register(const purge_ctx *c, const char *batch_id, unsigned char **pdf, size_t *len, kerr *e)
{
    *pdf = NULL;
    *len = 0;
    if (!c->render) return kerr_set(e, EXIT_SOFTWARE, "purge: no register renderer configured");
    return c->render(c->render_arg, c->st, c->p, batch_id, c->as_of, pdf, len, c->warnings, e);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- plan ------------------------------------------------------------- */

void purge_plan_result_free(purge_plan_result *r)
{
    if (!r) return;
    free(r->register_path);
    memset(r, 0, sizeof *r);
}

void purge_plan_result_json(const purge_plan_result *r, sbuf *out)
{
    sbuf_adds(out, "{\"batch_id\":");
    if (r->batch_id[0]) sbuf_json_str(out, r->batch_id);
    else sbuf_adds(out, "null");
    sbuf_printf(out, ",\"items\":%ld,\"destroy\":%ld,\"transfer\":%ld,\"register\":", r->nitems, r->ndestroy,
                r->ntransfer);
    if (r->register_path) sbuf_json_str(out, r->register_path);
    else sbuf_adds(out, "null");
    sbuf_addc(out, '}');
}

int purge_plan(const purge_ctx *c, const char *prepared_by, const char *category, purge_plan_result *r,
               kerr *e)
{
    facts f;
    retain_result rr;
    finding_list fl = {0};
    char **pending = NULL;
    size_t npending = 0, n = 0;
    store_item *items = NULL;
    store_batch b;
    sbuf d = {0};
    unsigned char *pdf = NULL;
    size_t pdflen = 0;
    int ret = -1, in_tx = 0;
    char prefix[32], dbuf[2][11];
    memset(r, 0, sizeof *r);
    memset(&f, 0, sizeof f);
    memset(&rr, 0, sizeof rr);
    memset(&b, 0, sizeof b);

    char last[11], today[11];
    if (check_as_of(c, msg_tr("plan"), last, today, e)) {
        refused(c, "plan", NULL, e);
        goto out;
    }
    const char *cat = NULL;
    if (category) {
        cat = policy_vocab(c->p, POLICY_VOCAB_CATEGORY, category);
        if (!cat) {
            char list[512];
            policy_vocab_describe(c->p, POLICY_VOCAB_CATEGORY, list, sizeof list);
            kerr_set(e, EXIT_DATAERR, "plan refused: category '%s' is not declared by the policy (%s)", category,
                     list);
            refused(c, "plan", NULL, e);
            goto out;
        }
    }
    person prep;
    if (person_get(c, prepared_by, 0, &prep, e)) goto out;
    if (check_role(c, &prep, c->p->ret.purge_preparer, msg_tr("plan"), msg_tr("preparer"), today, e)) {
        refused(c, "plan", NULL, e);
        goto out;
    }
    if (store_load_facts(c->st, &f, 0, e)) goto out;
    if (retain_run(&f, c->p, val_days(c->as_of), &rr, &fl, e)) goto out;
    if (store_begin(c->st, e)) goto out;
    in_tx = 1;
    if (store_pending_records(c->st, &pending, &npending, e)) goto out;

    items = xcalloc(rr.n + 1, sizeof *items);
    for (size_t i = 0; i < rr.n; i++) {
        const retain_status *s = &rr.v[i];
        const fact_record *rec = &f.record[s->record];
        if (s->state != RETAIN_ELIGIBLE) continue;
        if (cat && strcmp(rec->category, cat) != 0) continue;
        const char *key = rec->id;
        if (npending && bsearch(&key, pending, npending, sizeof *pending, cmp_str)) continue;
        store_arec a;
        int found = store_arec_get(c->st, rec->id, &a, e);
        if (found < 0) goto out;
        if (!found) continue;
        char hex[HASH_HEX_LEN];
        content_sha256(&a, hex);
        store_item *x = &items[n++];
        x->record_id = xstrdup(rec->id);
        x->category = xstrdup(rec->category);
        x->title = xstrdup(rec->title ? rec->title : "");
        x->owner = rec->owner ? xstrdup(rec->owner) : NULL;
        val_days_str(s->trigger_on, dbuf[0]);
        val_days_str(s->expires_on, dbuf[1]);
        x->trigger_on = xstrdup(dbuf[0]);
        x->expires_on = xstrdup(dbuf[1]);
        x->disposition = xstrdup(retain_disposition_name(s->disposition));
        x->content_sha256 = xstrdup(hex);
        if (s->disposition == POLICY_DISPOSE_DESTROY) r->ndestroy++;
        else r->ntransfer++;
        store_arec_free(&a);
    }
    if (n == 0) {           /* nothing eligible: no batch */
        ret = 0;
        goto out;
    }
    int y, m, dd, seq;
    val_ymd(val_days(c->as_of), &y, &m, &dd);
    snprintf(prefix, sizeof prefix, "P-%04d%02d%02d-", y, m, dd);
    if (store_batch_max_seq(c->st, prefix, &seq, e)) goto out;
    if (seq >= PURGE_MAX_SEQ) {
        kerr_set(e, EXIT_DATAERR, "plan refused: %d batches were planned on %s already", seq, c->as_of);
        goto out;
    }
    snprintf(r->batch_id, sizeof r->batch_id, "%.11s%02d", prefix, (seq + 1) % 1000);
    b.batch_id = r->batch_id;
    b.category = (char *)cat;
    b.as_of = (char *)c->as_of;
    b.prepared_by = prep.id;
    b.prepared_at = (char *)c->now;
    if (store_batch_insert(c->st, &b, items, n, e)) goto out;
    r->nitems = (long)n;

    /* the register, for signature (it reads the batch just inserted) */
    if (render_register(c, r->batch_id, &pdf, &pdflen, e)) goto out;
    if (mkdir_p(out_dir(c), e)) goto out;
    r->register_path = xasprintf("%s/register-%s.pdf", out_dir(c), r->batch_id);
    if (util_write_file_atomic(r->register_path, pdf, pdflen, e)) goto out;

    sbuf_adds(&d, "{\"batch\":");
    sbuf_json_str(&d, r->batch_id);
    sbuf_adds(&d, ",\"prepared_by\":");
    sbuf_json_str(&d, prep.id);
    sbuf_adds(&d, ",\"category\":");
    if (cat) sbuf_json_str(&d, cat);
    else sbuf_adds(&d, "null");
    char chex[HASH_HEX_LEN];
    batch_content_sha256(r->batch_id, items, n, chex);
    sbuf_printf(&d, ",\"as_of\":\"%s\",\"items\":%zu,\"destroy\":%ld,\"transfer\":%ld,\"content_sha256\":\"%s\","
                "\"register\":", c->as_of, n, r->ndestroy, r->ntransfer, chex);
    sbuf_json_str(&d, r->register_path);
    sbuf_addc(&d, '}');
    if (audit(c, 1, "purge_plan", &d, e)) goto out;
    if (store_commit(c->st, e)) {
        in_tx = 0;
        goto out;
    }
    in_tx = 0;
    ret = 0;
out:
    if (in_tx) store_rollback(c->st);
    if (ret != 0) {
        r->batch_id[0] = '\0';
        r->nitems = r->ndestroy = r->ntransfer = 0;
    } else if (n == 0) {
        r->ndestroy = r->ntransfer = 0;
    }
    for (size_t i = 0; i < npending; i++) free(pending[i]);
    free(pending);
    store_items_free(items, n);
    retain_result_free(&rr);
    finding_list_free(&fl);
    facts_free(&f);
    sbuf_free(&d);
    free(pdf);
    return ret;
}

/* ---- approve ---------------------------------------------------------- */

/* Reads a batch for a step; fills e when it is missing or malformed. */
static int batch_for_step(const purge_ctx *c, const char *batch_id, const char *what, store_batch *b,
                          store_item **items, size_t *n, kerr *e)
{
    if (!purge_valid_batch_id(batch_id))
        return kerr_set(e, EXIT_USAGE, "%s: '%s' is not a batch id (P-YYYYMMDD-NN)", what,
                        batch_id ? batch_id : "");
    int rc = store_batch_get(c->st, batch_id, b, items, n, e);
    if (rc < 0) return -1;
    if (rc == 0) return kerr_set(e, EXIT_NOINPUT, "%s: no batch %s (see kefu purge list)", what, batch_id);
    return 0;
}

int purge_approve(const purge_ctx *c, const char *batch_id, const char *reviewed_by, const char *approved_by,
                  kerr *e)
{
    store_batch b;
    store_item *items = NULL;
    size_t nitems = 0;
    char chex[HASH_HEX_LEN];
    sbuf d = {0};
    int ret = -1, in_tx = 0, refusal = 0;
    memset(&b, 0, sizeof b);
    char last[11], today[11];
    long planned = 0;
    if (check_as_of(c, msg_tr("approval"), last, today, e)) {
        refused(c, "approve", batch_id, e);
        return -1;
    }
    if (store_begin(c->st, e)) return -1;
    in_tx = 1;
    if (batch_for_step(c, batch_id, "approval", &b, &items, &nitems, e)) goto out;
    if (strcmp(b.state, "planned") != 0) {
        refusal = 1;
        if (strcmp(b.state, "approved") == 0)
            kerr_set(e, EXIT_DATAERR, "approval refused: batch %s is approved already (reviewed by %s, approved by "
                     "%s on %s)", batch_id, b.reviewed_by ? b.reviewed_by : "?", b.approved_by ? b.approved_by : "?",
                     b.approved_at ? b.approved_at : "?");
        else
            kerr_set(e, EXIT_DATAERR, "approval refused: batch %s is %s (on %s); only a planned batch can be "
                     "approved", batch_id, b.state, b.executed_at ? b.executed_at : "?");
        goto out;
    }
    person prep, rev, app;
    if (plan_entry(c, batch_id, &planned, e)) {
        refusal = 1;
        goto out;
    }
    if (person_get(c, b.prepared_by, planned, &prep, e) || person_get(c, reviewed_by, planned, &rev, e) ||
        person_get(c, approved_by, planned, &app, e))
        goto out;
    refusal = 1;
    if (!reviewed_by || !*reviewed_by || !approved_by || !*approved_by) {
        kerr_set(e, EXIT_USAGE, "approval refused: both --reviewed-by and --approved-by are required");
        goto out;
    }
    if (strcmp(reviewed_by, b.prepared_by) == 0) {
        kerr_set(e, EXIT_DATAERR, "approval refused: the reviewer %s %s is the preparer of %s; preparer, reviewer "
                 "and approver must be three distinct people", rev.id, rev.name, batch_id);
        goto out;
    }
    if (strcmp(approved_by, b.prepared_by) == 0) {
        kerr_set(e, EXIT_DATAERR, "approval refused: the approver %s %s is the preparer of %s; preparer, reviewer "
                 "and approver must be three distinct people", app.id, app.name, batch_id);
        goto out;
    }
    if (strcmp(reviewed_by, approved_by) == 0) {
        kerr_set(e, EXIT_DATAERR, "approval refused: %s %s is named as both reviewer and approver; preparer, "
                 "reviewer and approver must be three distinct people", rev.id, rev.name);
        goto out;
    }
    if (check_role(c, &rev, c->p->ret.purge_reviewer, msg_tr("approval"), msg_tr("reviewer"), today, e)) goto out;
    if (check_role(c, &app, c->p->ret.purge_approver, msg_tr("approval"), msg_tr("approver"), today, e)) goto out;
    /* what is approved is what was planned: the items as the plan's audit
     * entry hashed them */
    batch_content_sha256(batch_id, items, nitems, chex);
    {
        const char *plan[] = { "batch", batch_id, "prepared_by", b.prepared_by, "content_sha256", chex, NULL };
        int has_plan = 0;
        if (audit_has(c, "purge_plan", plan, &has_plan, e)) goto out;
        if (!has_plan) {
            kerr_set(e, EXIT_DATAERR, "approval refused: the audit log holds no plan of batch %s by %s with these "
                     "%zu items (content SHA-256 %.12s…): its items were changed outside kefu", batch_id,
                     b.prepared_by, nitems, chex);
            goto out;
        }
    }
    refusal = 0;
    int changed = store_batch_approve(c->st, batch_id, reviewed_by, approved_by, c->now, e);
    if (changed < 0) goto out;
    if (changed == 0) {
        kerr_set(e, EXIT_DATAERR, "approval refused: batch %s changed state meanwhile", batch_id);
        goto out;
    }
    sbuf_adds(&d, "{\"batch\":");
    sbuf_json_str(&d, batch_id);
    sbuf_adds(&d, ",\"prepared_by\":");
    sbuf_json_str(&d, b.prepared_by);
    sbuf_adds(&d, ",\"reviewed_by\":");
    sbuf_json_str(&d, reviewed_by);
    sbuf_adds(&d, ",\"approved_by\":");
    sbuf_json_str(&d, approved_by);
    sbuf_printf(&d, ",\"content_sha256\":\"%s\"}", chex);
    if (audit(c, 1, "purge_approve", &d, e)) goto out;
    in_tx = 0;
    if (store_commit(c->st, e)) goto out;
    ret = 0;
out:
    if (in_tx) store_rollback(c->st);
    if (ret && refusal) refused(c, "approve", batch_id, e);
    store_items_free(items, nitems);
    store_batch_free(&b);
    sbuf_free(&d);
    return ret;
}

/* ---- execute ---------------------------------------------------------- */

void purge_exec_result_free(purge_exec_result *r)
{
    if (!r) return;
    free(r->bundle_path);
    memset(r, 0, sizeof *r);
}

void purge_exec_result_json(const purge_exec_result *r, const char *batch_id, sbuf *out)
{
    sbuf_adds(out, "{\"batch_id\":");
    sbuf_json_str(out, batch_id ? batch_id : "");
    sbuf_adds(out, ",\"bundle\":");
    if (r->bundle_path) sbuf_json_str(out, r->bundle_path);
    else sbuf_adds(out, "null");
    sbuf_printf(out, ",\"bundle_sha256\":\"%s\",\"destroyed\":%ld,\"transferred\":%ld,\"dropped\":%ld,"
                "\"reused_bundle\":%s,\"completed_pending\":%s,\"already_executed\":%s,\"checkpoint_busy\":%s}",
                r->bundle_sha256, r->ndestroyed, r->ntransferred, r->ndropped, r->reused ? "true" : "false",
                r->completed ? "true" : "false", r->already ? "true" : "false", r->checkpoint_busy ? "true" : "false");
}

/* A proposed item with the record as stored now. */
typedef struct exec_item {
    const store_item *it;   /* the item (borrowed from the batch's list) */
    store_arec rec;         /* the record (owned) */
    char att_name[BAG_MAX_PATH + 1]; /* payload path of its attachment under data/, "" when none */
} exec_item;

/* An attachment streamed into the bag from the store. */
typedef struct att_src {
    store *st;              /* the store (borrowed) */
    const char *sha256;     /* the attachment (borrowed from the record) */
} att_src;

static int att_produce(void *arg, bag_emit_fn emit, void *sink, kerr *e)
{
    const att_src *a = arg;
    int rc = store_attachment_stream(a->st, a->sha256, emit, sink, NULL, e);
    if (rc < 0) return -1;
    if (rc == 0) return kerr_set(e, EXIT_DATAERR, "attachment %s is missing from the database", a->sha256);
    return 0;
}

/* The note of an item that may not be disposed of now, or NULL when it
 * may: record gone, content changed, not eligible (held …). Uses the facts
 * for the policy's rules and the standing holds. */
static char *recheck(const purge_ctx *c, const facts *f, const store_item *it, const store_arec *rec, int found,
                     const char *on)
{
    if (!found) return xstrdup("档案已不在库中 (no longer in the archive)");
    char hex[HASH_HEX_LEN];
    content_sha256(rec, hex);
    if (strcmp(hex, it->content_sha256 ? it->content_sha256 : "") != 0)
        return xasprintf("计划后档案内容已变更 (content changed since the plan: SHA-256 %.12s… now %.12s…)",
                         it->content_sha256 ? it->content_sha256 : "", hex);
    int idx = facts_record_index(f, it->record_id);
    if (idx < 0) return xstrdup("档案已不在库中 (no longer in the archive)");
    retain_status s;
    retain_judge(f, c->p, val_days(on), idx, &s);
    if (s.state == RETAIN_HELD)
        return xasprintf("审批后被冻结，不予处理：%s（%s） (held by %s since approval)", s.hold_id,
                         s.hold_reason ? s.hold_reason : "", s.hold_id);
    if (s.state != RETAIN_ELIGIBLE)
        return xasprintf("已不符合处理条件：状态 %s (no longer eligible: %s)", retain_state_name(s.state),
                         retain_state_name(s.state));
    return NULL;
}

/* Chooses the payload names of the transferred records' attachments
 * (purge.h): the export's name when a bag can carry it and no other file
 * shares it, else attachments/SHA256[.ext]. */
static void name_attachments(exec_item *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        exec_item *x = &v[i];
        x->att_name[0] = '\0';
        if (strcmp(x->it->disposition, "transfer") != 0 || !x->rec.f[AREC_FILE_SHA256]) continue;
        const char *file = x->rec.f[AREC_FILE] ? x->rec.f[AREC_FILE] : "";
        char cand[BAG_MAX_PATH + 64];
        kerr ne;
        snprintf(cand, sizeof cand, "attachments/%s", file);
        if (!*file || strlen(cand) > BAG_MAX_PATH || bag_check_payload_name(cand, &ne) != 0) cand[0] = '\0';
        memcpy(x->att_name, cand, strlen(cand) + 1);   /* <= BAG_MAX_PATH, checked above */
    }
    /* the same name for different contents: every one of them by hash */
    for (size_t i = 0; i < n; i++) {
        if (!v[i].att_name[0] || strncmp(v[i].att_name, "attachments/", 12) != 0) continue;
        int clash = 0;
        for (size_t j = 0; j < n && !clash; j++)
            if (j != i && strcmp(v[j].att_name, v[i].att_name) == 0 &&
                strcmp(v[j].rec.f[AREC_FILE_SHA256], v[i].rec.f[AREC_FILE_SHA256]) != 0)
                clash = 1;
        if (clash) v[i].att_name[0] = '\x01';   /* marked; renamed below */
    }
    for (size_t i = 0; i < n; i++) {
        exec_item *x = &v[i];
        if (strcmp(x->it->disposition, "transfer") != 0 || !x->rec.f[AREC_FILE_SHA256]) continue;
        if (x->att_name[0] && x->att_name[0] != '\x01') continue;
        const char *file = x->rec.f[AREC_FILE] ? x->rec.f[AREC_FILE] : "";
        const char *dot = strrchr(file, '.');
        int ext_ok = dot && !strchr(dot, '/') && strlen(dot) >= 2 && strlen(dot) <= 9;
        for (const char *q = dot ? dot + 1 : ""; ext_ok && *q; q++)
            if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9'))) ext_ok = 0;
        snprintf(x->att_name, sizeof x->att_name, "attachments/%s%s", x->rec.f[AREC_FILE_SHA256],
                 ext_ok ? dot : "");
    }
}

/* Adds data/records.csv, data/records.xml, the manifests and the
 * attachments of the items to the bag. */
static int add_payload(const purge_ctx *c, bag_builder *bb, exec_item *v, size_t n, att_src *srcs, kerr *e)
{
    static const char *const names[] = { "record_id", "category", "owner", "title", "created_on", "closed_on",
                                         "location", "confidential", "file" };
    sbuf csv = {0}, xml = {0}, dest = {0}, trans = {0};
    int ret = -1;
    long ndest = 0, ntrans = 0;
    sbuf_adds(&csv, "record_id,category,owner,title,created_on,closed_on,location,confidential,file\n");
    sbuf_adds(&xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<archive_record>\n");
    sbuf_adds(&dest, "record_id,category,title,content_sha256\n");
    sbuf_adds(&trans, "record_id,category,title,content_sha256\n");
    name_attachments(v, n);
    for (size_t i = 0; i < n; i++) {
        exec_item *x = &v[i];
        int transfer = strcmp(x->it->disposition, "transfer") == 0;
        sbuf *man = transfer ? &trans : &dest;
        /* the CSVs are for people, who open them in a spreadsheet: formula
         * cells neutralised (bag-info says so); records.xml keeps exact values */
        util_csv_cell_safe(man, x->it->record_id);
        sbuf_addc(man, ',');
        util_csv_cell_safe(man, x->it->category);
        sbuf_addc(man, ',');
        util_csv_cell_safe(man, x->it->title);
        sbuf_addc(man, ',');
        util_csv_cell_safe(man, x->it->content_sha256);
        sbuf_addc(man, '\n');
        if (!transfer) {
            ndest++;
            continue;
        }
        ntrans++;
        sbuf_adds(&xml, "  <record>\n");
        for (int k = 0; k <= AREC_FILE; k++) {
            const char *val = k == AREC_FILE ? (x->att_name[0] ? x->att_name : NULL) : x->rec.f[k];
            if (k) sbuf_addc(&csv, ',');
            util_csv_cell_safe(&csv, val);
            if (val && *val) {
                sbuf_printf(&xml, "    <%s>", names[k]);
                xml_text(&xml, val);
                sbuf_printf(&xml, "</%s>\n", names[k]);
            }
        }
        sbuf_addc(&csv, '\n');
        sbuf_adds(&xml, "  </record>\n");
        if (x->att_name[0]) {
            int dup = 0;
            for (size_t j = 0; j < i && !dup; j++) dup = strcmp(v[j].att_name, x->att_name) == 0;
            if (!dup) {
                srcs[i].st = c->st;
                srcs[i].sha256 = x->rec.f[AREC_FILE_SHA256];
                /* an attachment is stored with its SHA-256 and size: the bag
                 * need not read it twice (the write pass checks them) */
                int64_t bytes = 0;
                int found = store_attachment_stream(c->st, srcs[i].sha256, NULL, NULL, &bytes, e);
                if (found < 0) goto out;
                if (found ? bag_add_source_known(bb, x->att_name, att_produce, &srcs[i], (uint64_t)bytes,
                                                 srcs[i].sha256, e)
                          : bag_add_source(bb, x->att_name, att_produce, &srcs[i], e))
                    goto out;
            }
        }
    }
    sbuf_adds(&xml, "</archive_record>\n");
    if (ndest && bag_add_bytes(bb, "destroyed.csv", dest.p, dest.len, e)) goto out;
    if (ntrans) {
        if (bag_add_bytes(bb, "transferred.csv", trans.p, trans.len, e)) goto out;
        if (bag_add_bytes(bb, "records.csv", csv.p, csv.len, e)) goto out;
        if (bag_add_bytes(bb, "records.xml", xml.p, xml.len, e)) goto out;
    }
    ret = 0;
out:
    sbuf_free(&csv);
    sbuf_free(&xml);
    sbuf_free(&dest);
    sbuf_free(&trans);
    return ret;
}

/* A bag-info line "LABEL: ID NAME ROLE (中文), role row from FILE read AT":
 * a person of the batch with the role that counted at its plan. */
static int bag_person(const purge_ctx *c, bag_builder *bb, const char *label, const char *id, long planned,
                      kerr *e)
{
    person p;
    if (person_get(c, id, planned, &p, e)) return -1;
    sbuf val = {0};
    sbuf_printf(&val, "%s %s ", p.id, p.name);
    person_source(c, &p, &val);
    int rc = bag_add_info(bb, label, val.p, e);
    sbuf_free(&val);
    return rc;
}

/* Writes and verifies the bundle of the batch at `path`. */
static int build_bundle(const purge_ctx *c, const store_batch *b, exec_item *v, size_t n, long ndropped,
                        const char *path, kerr *e)
{
    bag_builder *bb = NULL;
    att_src *srcs = xcalloc(n + 1, sizeof *srcs);
    unsigned char *pdf = NULL;
    size_t pdflen = 0;
    bag_report rep;
    memset(&rep, 0, sizeof rep);
    int ret = -1;
    char *top = xasprintf("purge-%s", b->batch_id);
    long ndest = 0, ntrans = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i].it->disposition, "transfer") == 0) ntrans++;
        else ndest++;
    }
    if (bag_builder_new(top, &bb, e)) goto out;
    char *desc = xasprintf("过期文件处理登记（%s%s%s）批次 %s：销毁 %ld 件，移交 %ld 件，撤出 %ld 件；依据 %s",
                           ndest ? "销毁清册" : "", ndest && ntrans ? "、" : "", ntrans ? "移交清册" : "",
                           b->batch_id, ndest, ntrans, ndropped,
                           c->p->ret.purge_article ? c->p->ret.purge_article : "");
    int rc = bag_add_info(bb, "Source-Organization", c->p->org.name ? c->p->org.name : "", e) ||
             bag_add_info(bb, "Bagging-Date", c->as_of, e) ||
             bag_add_info(bb, "External-Description", desc, e) ||
             bag_add_info(bb, "Kefu-Batch-Id", b->batch_id, e) ||
             bag_add_info(bb, "Kefu-CSV-Note", PURGE_CSV_NOTE, e);
    free(desc);
    if (rc) goto out;
    {
        /* the chain head this bundle was made from: `audit verify --anchor
         * BUNDLE` later shows the chain still extends it (audit.h) */
        if (audit_head_baginfo(c->st, bb, e)) goto out;
    }
    const char *roles[3][2] = { { "Kefu-Prepared-By", b->prepared_by }, { "Kefu-Reviewed-By", b->reviewed_by },
                                { "Kefu-Approved-By", b->approved_by } };
    long planned = 0;
    if (plan_entry(c, b->batch_id, &planned, e)) goto out;
    for (int k = 0; k < 3; k++)
        if (bag_person(c, bb, roles[k][0], roles[k][1], planned, e)) goto out;
    /* witnesses: ids separated by single spaces (as check_witnesses joined them) */
    for (const char *t = b->witnesses; t && *t;) {
        const char *sp = strchr(t, ' ');
        size_t len = sp ? (size_t)(sp - t) : strlen(t);
        char *id = xstrndup(t, len);
        rc = bag_person(c, bb, "Kefu-Witness", id, planned, e);
        free(id);
        if (rc) goto out;
        t = sp ? sp + 1 : t + len;
    }
    if (b->rechecked_by && bag_person(c, bb, "Kefu-Rechecked-By", b->rechecked_by, planned, e)) goto out;
    if (render_register(c, b->batch_id, &pdf, &pdflen, e)) goto out;
    if (bag_add_bytes(bb, "register.pdf", pdf, pdflen, e)) goto out;
    if (add_payload(c, bb, v, n, srcs, e)) goto out;
    if (bag_write(bb, path, PURGE_LEVEL, (int64_t)val_days(c->as_of) * SECS_PER_DAY, e)) goto out;
    if (bag_verify(path, &rep, e)) {
        char msg[sizeof e->msg];
        snprintf(msg, sizeof msg, "%s", e->msg);
        kerr_set(e, EXIT_SOFTWARE, "%s: the bundle just written does not verify: %s; nothing was deleted", path,
                 msg);
        goto out;
    }
    ret = 0;
out:
    bag_report_free(&rep);
    bag_builder_free(bb);
    free(srcs);
    free(pdf);
    free(top);
    return ret;
}

static void exec_items_free(exec_item *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) store_arec_free(&v[i].rec);
    free(v);
}

/* Checks the witnesses and joins them ("E1 E2 …") into *joined (owned). */
/* 住户档案管理规定 6 (property): "销毁档案时,应有两人以上在场,客户服务部主管
 * 复核销毁内容". When the policy names a <purge rechecker> role and the batch
 * destroys something, execute needs --rechecked-by: a person who held that
 * role when the batch was planned, not its preparer. The re-checker is
 * present, so counts among the people present whether or not also named a
 * witness: *extra is 1 when not. */
static int check_rechecker(const purge_ctx *c, const store_batch *b, const store_item *items, size_t n,
                           const char *const *w, int nw, const char *day, int *extra, kerr *e)
{
    const char *role = c->p->ret.purge_rechecker, *id = c->rechecked_by;
    const char *art = c->p->ret.purge_article ? c->p->ret.purge_article : "";
    *extra = 0;
    int destroys = 0;
    for (size_t i = 0; i < n; i++)
        destroys |= strcmp(items[i].status, "proposed") == 0 && strcmp(items[i].disposition, "destroy") == 0;
    if (!role) {
        if (id && *id)
            return kerr_set(e, EXIT_USAGE, "execution refused: --rechecked-by %s, but the policy's <purge> names no "
                            "rechecker role", id);
        return 0;
    }
    if (!id || !*id) {
        if (!destroys) return 0;
        return kerr_set(e, EXIT_USAGE, "execution refused: --rechecked-by ID is required: %s asks the %s (%s) to "
                        "re-check what is destroyed, on the spot", art, role, role_zh(c, role));
    }
    long planned = 0;
    person p;
    if (plan_entry(c, b->batch_id, &planned, e) || person_get(c, id, planned, &p, e)) return -1;
    if (check_role(c, &p, role, msg_tr("execution"), msg_tr("re-checker"), day, e)) return -1;
    if (strcmp(id, b->prepared_by) == 0)
        return kerr_set(e, EXIT_DATAERR, "execution refused: the re-checker %s %s is the preparer of %s, whose work "
                        "is re-checked", p.id, p.name, b->batch_id);
    *extra = 1;
    for (int i = 0; i < nw; i++)
        if (w[i] && strcmp(w[i], id) == 0) *extra = 0;
    return 0;
}

/* The witnesses named: distinct, employed, not the preparer, and with the
 * re-checker (`extra` 1 when not among them) at least the policy's
 * min-witnesses people present. */
static int check_witnesses(const purge_ctx *c, const store_batch *b, const char *const *w, int nw, int extra,
                           const char *day, char **joined, kerr *e)
{
    int min = c->p->ret.purge_min_witnesses > 0 ? c->p->ret.purge_min_witnesses : 2;
    *joined = NULL;
    if (nw > PURGE_MAX_WITNESSES)
        return kerr_set(e, EXIT_USAGE, "execution refused: at most %d witnesses can be named", PURGE_MAX_WITNESSES);
    for (int i = 0; i < nw; i++) {
        if (!w[i] || !*w[i]) return kerr_set(e, EXIT_USAGE, "execution refused: an empty --witness");
        for (int j = 0; j < i; j++)
            if (strcmp(w[i], w[j]) == 0)
                return kerr_set(e, EXIT_DATAERR, "execution refused: witness %s is named twice; %d distinct "
                                "witnesses must be present (%s)", w[i], min,
                                c->p->ret.purge_article ? c->p->ret.purge_article : "");
    }
    if (nw + extra < min)
        return kerr_set(e, EXIT_DATAERR, "execution refused: %d witness%s named%s, at least %d distinct people must "
                        "be present (%s)", nw, nw == 1 ? "" : "es", extra ? msg_tr(" besides the re-checker") : "", min,
                        c->p->ret.purge_article ? c->p->ret.purge_article : "");
    sbuf j = {0};
    for (int i = 0; i < nw; i++) {
        person p;
        long planned = 0;
        if (plan_entry(c, b->batch_id, &planned, e) || person_get(c, w[i], planned, &p, e)) goto fail;
        if (check_role(c, &p, NULL, msg_tr("execution"), msg_tr("witness"), day, e)) goto fail;
        if (strcmp(w[i], b->prepared_by) == 0) {
            kerr_set(e, EXIT_DATAERR, "execution refused: witness %s %s is the preparer of %s, who carries the "
                     "disposal out; the witnesses must be other people", p.id, p.name, b->batch_id);
            goto fail;
        }
        sbuf_printf(&j, "%s%s", i ? " " : "", w[i]);
    }
    *joined = j.p;
    return 0;
fail:
    sbuf_free(&j);
    return -1;
}

/* The leftovers of interrupted bundle writes of `base` (purge-BATCH.tar.gz)
 * in `dir` whose process is gone are removed: temps ".BASE.tmp-PID-…"
 * (util_tmp_create), pending bundles ".BASE.pending-PID-…" (purge.h) and
 * their own temps "..BASE.pending-PID-….tmp-…" — except the one named
 * `keep` (the pending bundle the batch records; NULL: none). */
static void remove_stale(const char *dir, const char *base, const char *keep)
{
    DIR *dp = opendir(dir);
    if (!dp) return;
    char *pre[3] = { xasprintf(".%s.tmp-", base), xasprintf(".%s.pending-", base), xasprintf("..%s.pending-", base) };
    const char *keepname = keep ? (strrchr(keep, '/') ? strrchr(keep, '/') + 1 : keep) : NULL;
    struct dirent *de;
    while ((de = readdir(dp)) != NULL) {
        if (keepname && strcmp(de->d_name, keepname) == 0) continue;
        for (int k = 0; k < 3; k++) {
            size_t plen = strlen(pre[k]);
            if (strncmp(de->d_name, pre[k], plen) != 0) continue;
            char *end;
            errno = 0;
            long pid = strtol(de->d_name + plen, &end, 10);
            if (!errno && *end == '-' && pid > 0 && pid != (long)getpid() && kill((pid_t)pid, 0) != 0 &&
                errno == ESRCH) {
                char *p = xasprintf("%s/%s", dir, de->d_name);
                unlink(p);
                free(p);
            }
            break;
        }
    }
    for (int k = 0; k < 3; k++) free(pre[k]);
    closedir(dp);
}

/* 1 when `path` names a pending bundle of `base`: ".BASE.pending-…" in the
 * directory of `final` (the bundle's final path). */
static int is_pending_of(const char *path, const char *final)
{
    const char *ps = strrchr(path, '/'), *fs = strrchr(final, '/');
    size_t pdl = ps ? (size_t)(ps - path) : 0, fdl = fs ? (size_t)(fs - final) : 0;
    if (pdl != fdl || strncmp(path, final, pdl) != 0) return 0;
    const char *name = ps ? ps + 1 : path, *base = fs ? fs + 1 : final;
    size_t bl = strlen(base);
    return name[0] == '.' && strncmp(name + 1, base, bl) == 0 && strncmp(name + 1 + bl, ".pending-", 9) == 0 &&
           !strstr(name + 1 + bl, ".tmp-");
}

/* Looks beside `final` for a pending bundle of it whose SHA-256 is `sha`:
 * its path (owned), or NULL. */
static char *find_pending(const char *final, const char *sha)
{
    char *dir = strrchr(final, '/') ? xstrndup(final, (size_t)(strrchr(final, '/') - final)) : xstrdup(".");
    char *found = NULL;
    DIR *dp = opendir(dir);
    struct dirent *de;
    while (dp && !found && (de = readdir(dp)) != NULL) {
        char *p = xasprintf("%s/%s", dir, de->d_name);
        char hex[HASH_HEX_LEN];
        kerr ig;
        if (is_pending_of(p, final) && file_sha256(p, hex, &ig) == 0 && strcmp(hex, sha) == 0) found = p;
        else free(p);
    }
    if (dp) closedir(dp);
    free(dir);
    return found;
}

/* fsync of the directory of `path`: a rename in it is durable. Best
 * effort, as in util_write_file_atomic: some file systems refuse it. */
static void sync_dir_of(const char *path)
{
    char *dir = strrchr(path, '/') ? xstrndup(path, (size_t)(strrchr(path, '/') - path)) : xstrdup(".");
    if (dir[0] == '\0') {
        free(dir);
        dir = xstrdup("/");
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
    free(dir);
}

/* The last step of an execution whose deletion has committed: the pending
 * bundle is renamed to its final name and the directory synced. The
 * pending file was hashed, verified and checked by size right before the
 * commit (or, after a crash, found by its SHA-256): it is not hashed again
 * here, which would widen the instant in which a kill leaves the records
 * gone and the bundle still pending. On failure e says so and how to
 * finish. */
static int promote_bundle(const char *batch_id, const char *pending, const char *final, kerr *e)
{
    kerr le;
    kerr_clear(&le);
    if (util_check_target(final, &le) == 0) {
        if (rename(pending, final) == 0) {
            sync_dir_of(final);
            return 0;
        }
        kerr_set(&le, EXIT_CANTCREAT, "%s: cannot rename to %s: %s", pending, final, msg_strerror(errno));
    }
    return kerr_set(e, le.code, "batch %s: the deletion has committed, but its bundle is still pending: %s; run "
                    "kefu purge execute %s again to complete it", batch_id, le.msg, batch_id);
}

/* 1 when the witnesses named now are the ones recorded ("E1 E2 …"), in
 * any order. */
static int same_witnesses(const char *recorded, const char *const *w, int nw)
{
    int ntok = 0;
    for (const char *t = recorded; t && *t;) {
        const char *sp = strchr(t, ' ');
        size_t len = sp ? (size_t)(sp - t) : strlen(t);
        int named = 0;
        for (int i = 0; i < nw && !named; i++) named = strlen(w[i]) == len && strncmp(w[i], t, len) == 0;
        if (!named) return 0;
        ntok++;
        t = sp ? sp + 1 : t + len;
    }
    return ntok == nw;
}

/* An executed batch: its bundle, completed when a crash came between the
 * deletion's commit and the rename (a pending bundle beside it with the
 * SHA-256 recorded is renamed into place), verified again; then the WAL
 * checkpoint. Nothing of the batch changes: witnesses named now that are
 * not the recorded ones are refused (*refusal set). */
static int finish_already(const purge_ctx *c, const store_batch *b, const char *const *w, int nw,
                          purge_exec_result *r, int *refusal, kerr *e)
{
    r->already = 1;
    r->ndestroyed = b->ndestroyed;
    r->ntransferred = b->ntransferred;
    r->ndropped = b->ndropped;
    if (!b->bundle_path) return kerr_set(e, EXIT_SOFTWARE, "batch %s is executed but records no bundle", b->batch_id);
    snprintf(r->bundle_sha256, sizeof r->bundle_sha256, "%s", b->bundle_sha256 ? b->bundle_sha256 : "");
    char hex[HASH_HEX_LEN];
    kerr fe;
    kerr_clear(&fe);
    int have = file_sha256(b->bundle_path, hex, &fe) == 0;
    if ((!have || !b->bundle_sha256 || strcmp(hex, b->bundle_sha256) != 0) && b->bundle_sha256) {
        char *pend = find_pending(b->bundle_path, b->bundle_sha256);
        if (pend) {
            int rc = promote_bundle(b->batch_id, pend, b->bundle_path, e);
            free(pend);
            if (rc) return -1;
            r->completed = 1;
            snprintf(hex, sizeof hex, "%s", b->bundle_sha256);
            have = 1;
        }
    }
    if (!have)
        return kerr_set(e, EXIT_NOINPUT, "batch %s was executed on %s but its bundle is gone: %s", b->batch_id,
                        b->executed_at ? b->executed_at : "?", fe.msg);
    if (!b->bundle_sha256 || strcmp(hex, b->bundle_sha256) != 0)
        return kerr_set(e, EXIT_DATAERR, "batch %s was executed on %s but %s is not the bundle written then "
                        "(SHA-256 %s, recorded %s)", b->batch_id, b->executed_at ? b->executed_at : "?",
                        b->bundle_path, hex, b->bundle_sha256 ? b->bundle_sha256 : "none");
    {
        const char *slash = strrchr(b->bundle_path, '/');
        char *dir = slash ? xstrndup(b->bundle_path, (size_t)(slash - b->bundle_path)) : xstrdup(".");
        remove_stale(dir, slash ? slash + 1 : b->bundle_path, NULL);
        free(dir);
    }
    if (bag_verify(b->bundle_path, NULL, e)) return -1;
    r->bundle_path = xstrdup(b->bundle_path);
    if (nw > 0 && !same_witnesses(b->witnesses, w, nw)) {
        sbuf named = {0};
        for (int i = 0; i < nw; i++) sbuf_printf(&named, "%s%s", i ? " " : "", w[i] ? w[i] : "");
        kerr_set(e, EXIT_DATAERR, "execution refused: batch %s was executed on %s, witnessed by %s; it is not "
                 "executed again, and the witnesses named now (%s) are not recorded", b->batch_id,
                 b->executed_at ? b->executed_at : "?", b->witnesses ? b->witnesses : msg_tr("nobody"), named.p);
        sbuf_free(&named);
        *refusal = 1;
        return -1;
    }
    return store_checkpoint_truncate(c->st, &r->checkpoint_busy, e);
}

/* Appends the purge_drop entry of one item, in the caller's transaction. */
static int audit_drop(const purge_ctx *c, const char *batch_id, const char *record_id, const char *note, kerr *e)
{
    sbuf d = {0};
    sbuf_adds(&d, "{\"batch\":");
    sbuf_json_str(&d, batch_id);
    sbuf_adds(&d, ",\"record\":");
    sbuf_json_str(&d, record_id);
    sbuf_adds(&d, ",\"note\":");
    sbuf_json_str(&d, note);
    sbuf_addc(&d, '}');
    int rc = audit(c, 1, "purge_drop", &d, e);
    sbuf_free(&d);
    return rc;
}

/* Step 1 (one transaction): the witnesses are recorded — compare-and-set
 * against the witnesses `b` was read with —, and every proposed item that
 * may not be disposed of now (recheck) is dropped with its note. */
static int exec_recheck(const purge_ctx *c, const store_batch *b, const store_item *items, size_t nitems,
                        const facts *f, const char *joined, const char *last, kerr *e)
{
    if (store_begin(c->st, e)) return -1;
    int n = store_batch_set_witnesses(c->st, b->batch_id, b->witnesses, joined,
                                      c->rechecked_by && *c->rechecked_by ? c->rechecked_by : NULL, e);
    if (n == 0)
        kerr_set(e, EXIT_TEMPFAIL, "execution refused: batch %s changed after this execution read it (another "
                 "execution of it?); nothing was changed: see kefu purge show %s", b->batch_id, b->batch_id);
    for (size_t i = 0; n > 0 && i < nitems; i++) {
        if (strcmp(items[i].status, "proposed") != 0) continue;
        store_arec rec;
        int found = store_arec_get(c->st, items[i].record_id, &rec, e);
        if (found < 0) {
            n = -1;
            break;
        }
        char *note = recheck(c, f, &items[i], &rec, found, last);
        store_arec_free(&rec);
        if (!note) continue;
        int rc = store_item_drop(c->st, b->batch_id, items[i].record_id, note, e);
        if (rc < 0 || (rc > 0 && audit_drop(c, b->batch_id, items[i].record_id, note, e))) n = -1;
        free(note);
    }
    if (n <= 0) {
        store_rollback(c->st);
        return -1;
    }
    return store_commit(c->st, e);
}

/* Step 2: the pending bundle (purge.h). The one the batch records is
 * reused when it lies beside `final`, still verifies and its SHA-256 is
 * the one recorded; else a new one is written under a pending name,
 * verified, and recorded — compare-and-set: the batch still approved, with
 * these witnesses and the bundle it was read with. *pend (owned) and hex:
 * the pending bundle and its SHA-256. */
static int exec_pending(const purge_ctx *c, const store_batch *b, exec_item *xs, size_t nx, const char *final,
                        const char *joined, char **pend, char hex[HASH_HEX_LEN], int *reused, kerr *e)
{
    kerr ig;
    *pend = NULL;
    *reused = 0;
    int recorded = b->bundle_path && is_pending_of(b->bundle_path, final);
    if (recorded && b->bundle_sha256 && file_sha256(b->bundle_path, hex, &ig) == 0 &&
        strcmp(hex, b->bundle_sha256) == 0 && bag_verify(b->bundle_path, NULL, &ig) == 0) {
        *pend = xstrdup(b->bundle_path);
        *reused = 1;
        return 0;
    }
    int fd = util_tmp_create_tag(final, "pending", pend, e);   /* the name, created exclusively */
    if (fd < 0) return -1;
    close(fd);
    if (build_bundle(c, b, xs, nx, b->ndropped, *pend, e) || file_sha256(*pend, hex, e)) goto fail;
    if (store_begin(c->st, e)) goto fail;
    int n = store_batch_set_bundle(c->st, b->batch_id, joined, b->bundle_path, b->bundle_sha256, *pend, hex, e);
    if (n <= 0) {
        store_rollback(c->st);
        if (n == 0)
            kerr_set(e, EXIT_TEMPFAIL, "execution of %s refused: the batch changed while its bundle was written "
                     "(another execution of it?); nothing was deleted: see kefu purge show %s", b->batch_id,
                     b->batch_id);
        goto fail;
    }
    if (store_commit(c->st, e)) goto fail;
    if (recorded && strcmp(b->bundle_path, *pend) != 0) unlink(b->bundle_path);   /* no longer recorded */
    return 0;
fail:
    unlink(*pend);
    free(*pend);
    *pend = NULL;
    return -1;
}

/* Step 3: the disposal, one transaction with secure_delete on. Every item
 * is checked once more (record present, content unchanged, no hold in
 * force `today`); when one fails it is dropped (its own transaction) and
 * *late is set: the caller writes the bundle again. Else the records go
 * and the batch becomes executed — compare-and-set: still approved, with
 * these witnesses and this pending bundle recorded — with the bundle's
 * final path recorded in the same transaction. */
static int exec_dispose(const purge_ctx *c, const store_batch *b, exec_item *xs, size_t nx, const char *joined,
                        const char *pend, const char *hex, int64_t bundle_size, const char *final,
                        const char *today, purge_exec_result *r, int *late, kerr *e)
{
    const char *batch_id = b->batch_id;
    *late = 0;
    if (store_secure_delete(c->st, 1, e) || store_begin(c->st, e)) return -1;
    for (size_t i = 0; i < nx; i++) {
        store_arec now;
        char hold[RETAIN_HOLD_ID_MAX], chk[HASH_HEX_LEN];
        char *note = NULL;
        int found = store_arec_get(c->st, xs[i].it->record_id, &now, e);
        if (found < 0) goto fail;
        if (!found) {
            note = xstrdup("档案已不在库中 (no longer in the archive)");
        } else {
            content_sha256(&now, chk);
            if (strcmp(chk, xs[i].it->content_sha256) != 0) {
                note = xstrdup("写入归档包时档案内容被变更 (content changed while the bundle was written)");
            } else {
                int h = store_hold_covering(c->st, now.f[AREC_RECORD_ID], now.f[AREC_CATEGORY], now.f[AREC_OWNER],
                                            today, hold, sizeof hold, e);
                if (h < 0) {
                    store_arec_free(&now);
                    goto fail;
                }
                if (h) note = xasprintf("写入归档包时被冻结：%s (held by %s while the bundle was written)", hold, hold);
            }
        }
        store_arec_free(&now);
        if (!note) continue;
        /* drop it after the rollback, then write the bundle again */
        store_rollback(c->st);
        int rc = store_begin(c->st, e);
        if (rc == 0) {
            rc = store_item_drop(c->st, batch_id, xs[i].it->record_id, note, e);
            rc = rc < 0 || (rc > 0 && audit_drop(c, batch_id, xs[i].it->record_id, note, e)) ? -1 : 0;
            if (rc) store_rollback(c->st);
            else rc = store_commit(c->st, e);
        }
        free(note);
        *late = rc == 0;
        return rc;
    }
    /* the bundle must still be there, whole, before anything goes: it was
     * hashed and verified moments ago, so its size is the check; a link or
     * a directory planted at the final name is refused before, not after */
    struct stat sb;
    if (stat(pend, &sb) != 0 || (int64_t)sb.st_size != bundle_size) {
        kerr_set(e, EXIT_SOFTWARE, "%s vanished or changed on disk during execution; nothing was deleted", pend);
        goto fail;
    }
    if (util_check_target(final, e)) goto fail;
    r->ndestroyed = r->ntransferred = 0;
    for (size_t i = 0; i < nx; i++) {
        int transfer = strcmp(xs[i].it->disposition, "transfer") == 0;
        if (store_item_dispose(c->st, batch_id, xs[i].it, transfer ? "transferred" : "destroyed", c->now, e))
            goto fail;
        if (transfer) r->ntransferred++;
        else r->ndestroyed++;
    }
    int changed = store_batch_executed(c->st, batch_id, c->now, joined, pend, hex, final, e);
    if (changed < 0) goto fail;
    if (changed == 0) {
        kerr_set(e, EXIT_TEMPFAIL, "execution of %s refused: the batch changed during the execution (another "
                 "execution of it?); nothing was deleted: see kefu purge show %s", batch_id, batch_id);
        goto fail;
    }
    r->ndropped = b->ndropped;
    sbuf d = {0};
    sbuf_adds(&d, "{\"batch\":");
    sbuf_json_str(&d, batch_id);
    sbuf_adds(&d, ",\"witnesses\":");
    sbuf_json_str(&d, joined);
    sbuf_adds(&d, ",\"rechecked_by\":");
    if (b->rechecked_by) sbuf_json_str(&d, b->rechecked_by);
    else sbuf_adds(&d, "null");
    sbuf_adds(&d, ",\"bundle\":");
    sbuf_json_str(&d, final);
    sbuf_printf(&d, ",\"bundle_sha256\":\"%s\",\"destroyed\":%ld,\"transferred\":%ld,\"dropped\":%ld}", hex,
                r->ndestroyed, r->ntransferred, r->ndropped);
    int rc = audit(c, 1, "purge_execute", &d, e);
    sbuf_free(&d);
    if (rc) goto fail;
    return store_commit(c->st, e);
fail:
    store_rollback(c->st);
    return -1;
}

int purge_execute(const purge_ctx *c, const char *batch_id, const char *const *witnesses, int nwitnesses,
                  purge_exec_result *r, kerr *e)
{
    store_batch b;
    store_item *items = NULL;
    size_t nitems = 0, nx = 0;
    exec_item *xs = NULL;
    facts f;
    char *joined = NULL, *final = NULL, *base = NULL, *pend = NULL;
    char last[11], today[11];   /* eligibility is re-checked as of last, holds as of today */
    char hex[HASH_HEX_LEN];
    int ret = -1, refusal = 0, autockpt = 0, autockpt_off = 0;
    memset(r, 0, sizeof *r);
    memset(&b, 0, sizeof b);
    memset(&f, 0, sizeof f);

    if (batch_for_step(c, batch_id, "execution", &b, &items, &nitems, e)) goto out;
    if (strcmp(b.state, "executed") == 0) {
        ret = finish_already(c, &b, witnesses, nwitnesses, r, &refusal, e);
        goto out;
    }
    refusal = 1;
    if (check_as_of(c, msg_tr("execution"), last, today, e)) goto out;
    if (strcmp(b.state, "approved") != 0) {
        kerr_set(e, EXIT_DATAERR, "execution refused: batch %s is %s, not approved; run kefu purge approve %s "
                 "--reviewed-by ID --approved-by ID first", batch_id, b.state, batch_id);
        goto out;
    }
    if (verify_approval(c, &b, items, nitems, e)) goto out;
    int extra = 0;
    if (check_rechecker(c, &b, items, nitems, witnesses, nwitnesses, today, &extra, e) ||
        check_witnesses(c, &b, witnesses, nwitnesses, extra, today, &joined, e))
        goto out;
    refusal = 0;
    if (mkdir_p(out_dir(c), e)) goto out;
    base = xasprintf("purge-%s.tar.gz", batch_id);
    final = xasprintf("%s/%s", out_dir(c), base);
    if (util_check_target(final, e)) goto out;   /* a link or directory there: refused before anything */
    remove_stale(out_dir(c), base, b.bundle_path);
    if (store_load_facts(c->st, &f, 0, e)) goto out;

    /* 1. re-check, record the witnesses */
    if (exec_recheck(c, &b, items, nitems, &f, joined, last, e)) goto out;
    /* no automatic checkpoint inside the disposal's COMMIT: between the
     * commit and the rename nothing may take time (the explicit TRUNCATE
     * checkpoint runs after the rename) */
    if (store_wal_autocheckpoint(c->st, 0, &autockpt, e)) goto out;
    autockpt_off = 1;
    for (int attempt = 0;; attempt++) {
        if (attempt > PURGE_MAX_RETRIES) {
            kerr_set(e, EXIT_TEMPFAIL, "execution of %s: holds keep changing while the bundle is written; "
                     "nothing was deleted, run it again", batch_id);
            goto out;
        }
        /* the batch as it stands now */
        store_batch_free(&b);
        store_items_free(items, nitems);
        items = NULL;
        exec_items_free(xs, nx);
        xs = NULL;
        nx = 0;
        if (store_batch_get(c->st, batch_id, &b, &items, &nitems, e) != 1) {
            if (!e->code) kerr_set(e, EXIT_SOFTWARE, "batch %s vanished during execution", batch_id);
            goto out;
        }
        xs = xcalloc(nitems + 1, sizeof *xs);
        for (size_t i = 0; i < nitems; i++) {
            if (strcmp(items[i].status, "proposed") != 0) continue;
            xs[nx].it = &items[i];
            if (store_arec_get(c->st, items[i].record_id, &xs[nx].rec, e) < 0) goto out;
            nx++;
        }
        /* 2. the pending bundle */
        if (exec_pending(c, &b, xs, nx, final, joined, &pend, hex, &r->reused, e)) goto out;
        struct stat sb;
        if (stat(pend, &sb) != 0) {
            kerr_set(e, EXIT_SOFTWARE, "%s: vanished after it was verified; nothing was deleted", pend);
            goto out;
        }
        /* 3. the disposal */
        int late = 0;
        if (exec_dispose(c, &b, xs, nx, joined, pend, hex, (int64_t)sb.st_size, final, today, r, &late, e))
            goto out;
        if (!late) break;
        unlink(pend);   /* the drop forgot it: the bundle is written again */
        free(pend);
        pend = NULL;
    }
    /* 4. the deletion has committed: only now the bundle takes its final name */
    if (promote_bundle(batch_id, pend, final, e)) goto out;
    r->bundle_path = xstrdup(final);
    snprintf(r->bundle_sha256, sizeof r->bundle_sha256, "%s", hex);
    remove_stale(out_dir(c), base, NULL);
    /* deleted pages were zeroed (secure_delete); the WAL still holds older
     * images of them until it is checkpointed and truncated */
    if (store_checkpoint_truncate(c->st, &r->checkpoint_busy, e)) goto out;
    ret = 0;
out:
    if (autockpt_off) {
        kerr ae;
        store_wal_autocheckpoint(c->st, autockpt, NULL, &ae);   /* best effort: the connection's setting only */
    }
    if (ret && refusal) refused(c, "execute", batch_id, e);
    if (ret) {
        free(r->bundle_path);
        r->bundle_path = NULL;
    }
    exec_items_free(xs, nx);
    store_items_free(items, nitems);
    store_batch_free(&b);
    facts_free(&f);
    free(joined);
    free(final);
    free(base);
    free(pend);
    return ret;
}

/* ---- list / show ------------------------------------------------------ */

/* The bundle a batch names: its final path once executed (the deletion
 * committed, purge.h) and the file is there — not in the instant between
 * the commit and the rename, nor after a crash in it, until execute runs
 * again; before that a recorded bundle is only pending. */
static const char *final_bundle(const store_batch *b)
{
    return strcmp(b->state, "executed") == 0 && b->bundle_path && access(b->bundle_path, F_OK) == 0
               ? b->bundle_path : NULL;
}

static const char *pending_bundle(const store_batch *b)
{
    return strcmp(b->state, "executed") == 0 ? NULL : b->bundle_path;
}

static void batch_json(sbuf *o, const store_batch *b)
{
    const char *keys[] = { "batch_id", "state", "category", "as_of", "prepared_by", "prepared_at", "reviewed_by",
                           "approved_by", "approved_at", "witnesses", "executed_at", "bundle", "bundle_sha256",
                           "pending_bundle", "rechecked_by" };
    const char *vals[] = { b->batch_id, b->state, b->category, b->as_of, b->prepared_by, b->prepared_at,
                           b->reviewed_by, b->approved_by, b->approved_at, b->witnesses, b->executed_at,
                           final_bundle(b), b->bundle_sha256, pending_bundle(b), b->rechecked_by };
    sbuf_addc(o, '{');
    for (int i = 0; i < 15; i++) {
        sbuf_printf(o, "%s\"%s\":", i ? "," : "", keys[i]);
        if (vals[i]) sbuf_json_str(o, vals[i]);
        else sbuf_adds(o, "null");
    }
    sbuf_printf(o, ",\"items\":%ld,\"proposed\":%ld,\"dropped\":%ld,\"destroyed\":%ld,\"transferred\":%ld}",
                b->nitems, b->nproposed, b->ndropped, b->ndestroyed, b->ntransferred);
}

static const char *nz(const char *s) { return s ? s : "-"; }

int purge_list(const purge_ctx *c, int json, sbuf *out, kerr *e)
{
    store_batch *v = NULL;
    size_t n = 0;
    if (store_batch_list(c->st, &v, &n, e)) return -1;
    if (json) {
        sbuf_adds(out, "{\"batches\":[");
        for (size_t i = 0; i < n; i++) {
            if (i) sbuf_addc(out, ',');
            batch_json(out, &v[i]);
        }
        sbuf_adds(out, "]}\n");
    } else {
        sbuf_header(out, 0, 12, (const char *const[]){ msg_tr("batch"), msg_tr("state"), msg_tr("category"),
                    msg_tr("as_of"), msg_tr("prepared"), msg_tr("reviewed"), msg_tr("approved"), msg_tr("items"),
                    msg_tr("proposed"), msg_tr("dropped"), msg_tr("destroyed"), msg_tr("transferred") },
                    (const int[]){ -14, -9, -20, -10, -10, -10, -10, 6, 8, 7, 9, 11 });
        for (size_t i = 0; i < n; i++) {
            const store_batch *b = &v[i];
            sbuf_printf(out, "%-14s %-9s %-20s %-10s %-10s %-10s %-10s %6ld %8ld %7ld %9ld %11ld\n", b->batch_id,
                        b->state, b->category ? b->category : "(all)", b->as_of, b->prepared_by, nz(b->reviewed_by),
                        nz(b->approved_by), b->nitems, b->nproposed, b->ndropped, b->ndestroyed, b->ntransferred);
        }
        if (n == 0) sbuf_adds(out, msg_tr("(no purge batches)\n"));
    }
    store_batches_free(v, n);
    return 0;
}

/* The people of a batch, each with the role that counted for it and where
 * that role came from (issue 13: a minted approver shows on the record):
 * text lines "  DUTY  ID NAME ROLE (中文), role row from FILE read AT", or
 * JSON objects. */
static int batch_people(const purge_ctx *c, const store_batch *b, int json, sbuf *out, kerr *e)
{
    long planned = 0;
    int rc = store_audit_find(c->st, "purge_plan", "batch", b->batch_id, &planned, e);
    if (rc < 0) return -1;
    const char *duty[] = { "preparer", "reviewer", "approver", "rechecker" };
    const char *who[] = { b->prepared_by, b->reviewed_by, b->approved_by, b->rechecked_by };
    int n = 0;
    char *wit = b->witnesses ? xstrdup(b->witnesses) : NULL;
    char *save = NULL;
    for (int k = 0;; k++) {
        const char *d, *id;
        if (k < 4) {
            d = duty[k];
            id = who[k];
        } else {
            d = "witness";
            if (!wit) break;
            id = strtok_r(k == 4 ? wit : NULL, " ", &save);
            if (!id) break;
        }
        if (!id || !*id) continue;
        person p;
        if (person_get(c, id, planned, &p, e)) {
            free(wit);
            return -1;
        }
        if (json) {
            sbuf_printf(out, "%s{\"duty\":\"%s\",\"id\":", n ? "," : "", d);
            sbuf_json_str(out, p.id);
            sbuf_adds(out, ",\"name\":");
            sbuf_json_str(out, p.name);
            sbuf_adds(out, ",\"role\":");
            sbuf_json_str(out, p.found ? p.role : "");
            sbuf_adds(out, ",");
            util_json_name(out, "role_file", p.src_file);
            sbuf_adds(out, ",\"role_read_at\":");
            sbuf_json_str(out, p.ingested_at);
            sbuf_printf(out, ",\"role_recorded\":%s}", p.found && p.audited ? "true" : "false");
        } else {
            sbuf_adds(out, "  ");
            sbuf_pad(out, msg_tr(d), 10);   /* by display width: the duty may be Chinese */
            sbuf_printf(out, " %s %s ", p.id, p.name);
            if (p.found) person_source(c, &p, out);
            else sbuf_adds(out, p.later ? msg_tr("(no role row before the plan)") : msg_tr("(not in the employee table)"));
            if (p.found && !p.audited) sbuf_adds(out, msg_tr(" NOT RECORDED IN THE AUDIT LOG"));
            sbuf_addc(out, '\n');
        }
        n++;
    }
    free(wit);
    return 0;
}

int purge_show(const purge_ctx *c, const char *batch_id, int json, sbuf *out, kerr *e)
{
    store_batch b;
    store_item *items = NULL;
    size_t n = 0;
    if (batch_for_step(c, batch_id, "purge show", &b, &items, &n, e)) return -1;
    if (json) {
        batch_json(out, &b);
        out->len--;   /* reopen the object to add the people and the items */
        sbuf_adds(out, ",\"people\":[");
        if (batch_people(c, &b, 1, out, e)) goto fail;
        sbuf_adds(out, "],\"item_list\":[");
        for (size_t i = 0; i < n; i++) {
            const store_item *x = &items[i];
            const char *keys[] = { "record_id", "category", "title", "owner", "trigger_on", "expires_on",
                                   "disposition", "content_sha256", "status", "note" };
            const char *vals[] = { x->record_id, x->category, x->title, x->owner, x->trigger_on, x->expires_on,
                                   x->disposition, x->content_sha256, x->status, x->note };
            sbuf_adds(out, i ? ",{" : "{");
            for (int k = 0; k < 10; k++) {
                sbuf_printf(out, "%s\"%s\":", k ? "," : "", keys[k]);
                if (vals[k]) sbuf_json_str(out, vals[k]);
                else sbuf_adds(out, "null");
            }
            sbuf_addc(out, '}');
        }
        sbuf_adds(out, "]}\n");
    } else {
        sbuf_printf(out, msg_tr("batch %s: %s\n  category   %s\n  as of      %s\n  prepared   %s at %s\n"), b.batch_id,
                    b.state, b.category ? b.category : "(all)", b.as_of, b.prepared_by, b.prepared_at);
        sbuf_printf(out, msg_tr("  reviewed   %s\n  approved   %s at %s\n  witnesses  %s\n  rechecked  %s\n"
                                "  executed   %s\n  bundle     %s\n  sha256     %s\n"), nz(b.reviewed_by),
                    nz(b.approved_by), nz(b.approved_at), nz(b.witnesses), nz(b.rechecked_by), nz(b.executed_at),
                    nz(final_bundle(&b)), nz(b.bundle_sha256));
        if (pending_bundle(&b))
            sbuf_printf(out, msg_tr("  pending    %s (written before the deletion; not a completed bundle)\n"),
                        pending_bundle(&b));
        else if (b.bundle_path && !final_bundle(&b))
            sbuf_printf(out, msg_tr("  pending    %s is missing: run kefu purge execute %s again to complete its "
                                    "rename\n"), b.bundle_path, b.batch_id);
        sbuf_printf(out, msg_tr("  items      %ld (proposed %ld, dropped %ld, destroyed %ld, transferred %ld)\n\n"), b.nitems,
                    b.nproposed, b.ndropped, b.ndestroyed, b.ntransferred);
        sbuf_adds(out, msg_tr("  people, with the role that counted when the batch was planned:\n"));
        if (batch_people(c, &b, 0, out, e)) goto fail;
        sbuf_addc(out, '\n');
        sbuf_header(out, 2, 8, (const char *const[]){ msg_tr("record"), msg_tr("category"), msg_tr("trigger"),
                    msg_tr("expires"), msg_tr("status"), msg_tr("dispose"), "sha256", msg_tr("title / note") },
                    (const int[]){ -16, -20, -10, -10, -11, -9, -16, -1 });
        for (size_t i = 0; i < n; i++) {
            const store_item *x = &items[i];
            sbuf_printf(out, "  %-16s %-20s %-10s %-10s %-11s %-9s %.16s %s%s%s\n", x->record_id, x->category,
                        nz(x->trigger_on), nz(x->expires_on), x->status, x->disposition, nz(x->content_sha256),
                        nz(x->title), x->note ? " — " : "", x->note ? x->note : "");
        }
    }
    store_items_free(items, n);
    store_batch_free(&b);
    return 0;
fail:
    store_items_free(items, n);
    store_batch_free(&b);
    return -1;
}

/* ---- holds ------------------------------------------------------------ */

int purge_hold_add(const purge_ctx *c, const purge_hold_spec *h, kerr *e)
{
    char on[11];
    sbuf d = {0};
    int ret = -1;
    if (!valid_id(h->hold_id))
        return kerr_set(e, EXIT_USAGE, "hold add: --hold-id '%s' is not an identifier (1–64 bytes, no '/', '\\', "
                        "control characters or surrounding spaces)", h->hold_id ? h->hold_id : "");
    int ncover = (h->record_id && *h->record_id) + (h->category && *h->category) + (h->owner && *h->owner);
    if (ncover != 1)
        return kerr_set(e, EXIT_USAGE, "hold add: give exactly one of --record, --category, --owner");
    if (!h->reason || !*h->reason) return kerr_set(e, EXIT_USAGE, "hold add: --reason is required");
    if (!h->placed_by || !*h->placed_by)
        return kerr_set(e, EXIT_USAGE, "hold add: --by ID (or --placed-by ID) is required: who places the hold");
    if (h->placed_on) {
        if (val_date(h->placed_on, on))
            return kerr_set(e, EXIT_USAGE, "hold add: --on '%s' is not a date (YYYY-MM-DD)", h->placed_on);
    } else {
        snprintf(on, sizeof on, "%s", c->as_of);
    }
    person p;
    if (person_get(c, h->placed_by, 0, &p, e)) return -1;
    if (check_hold_role(c, &p, msg_tr("hold"), on, e)) return -1;
    store_hold row;
    memset(&row, 0, sizeof row);
    row.hold_id = (char *)h->hold_id;
    row.reason = (char *)h->reason;
    row.placed_on = on;
    row.placed_by = (char *)h->placed_by;
    /* the record is looked up inside the transaction that inserts the hold
     * (BEGIN IMMEDIATE): a purge's disposal, which checks the holds in its
     * own transaction, comes wholly before or wholly after it — a hold
     * reported in force is on a record still there */
    int in_tx = 0;
    if (store_begin(c->st, e)) goto out;
    in_tx = 1;
    if (h->record_id && *h->record_id) {
        store_arec a;
        int found = store_arec_get(c->st, h->record_id, &a, e);
        store_arec_free(&a);
        if (found < 0) goto out;
        if (!found) {
            /* a record a purge took away: say so, a hold on it holds nothing */
            char batch[64], disp[16], at[20];
            int gone = store_tombstone_get(c->st, h->record_id, batch, disp, at, e);
            if (gone < 0) goto out;
            if (gone)
                kerr_set(e, EXIT_DATAERR, "hold refused: record %s was %s on %s by purge batch %s; it is no longer "
                         "in the archive and a hold on it would hold nothing", h->record_id,
                         strcmp(disp, "transfer") == 0 ? msg_tr("transferred (移交)") : msg_tr("destroyed (销毁)"), at,
                         batch);
            else
                kerr_set(e, EXIT_DATAERR, "hold refused: record %s is not in the archive", h->record_id);
            goto out;
        }
        row.record_id = (char *)h->record_id;
    } else if (h->category && *h->category) {
        const char *code = policy_vocab(c->p, POLICY_VOCAB_CATEGORY, h->category);
        if (!code) {
            char list[512];
            policy_vocab_describe(c->p, POLICY_VOCAB_CATEGORY, list, sizeof list);
            kerr_set(e, EXIT_DATAERR, "hold refused: category '%s' is not declared by the policy (%s)",
                     h->category, list);
            goto out;
        }
        row.category = (char *)code;
    } else {
        row.owner = (char *)h->owner;
    }
    if (store_hold_insert(c->st, &row, "kefu hold", c->now, e)) goto out;
    sbuf_adds(&d, "{\"hold\":");
    sbuf_json_str(&d, h->hold_id);
    const char *kind = row.record_id ? "record" : row.category ? "category" : "owner";
    sbuf_printf(&d, ",\"%s\":", kind);
    sbuf_json_str(&d, row.record_id ? row.record_id : row.category ? row.category : row.owner);
    sbuf_adds(&d, ",\"reason\":");
    sbuf_json_str(&d, h->reason);
    sbuf_printf(&d, ",\"placed_on\":\"%s\",\"placed_by\":", on);
    sbuf_json_str(&d, h->placed_by);
    sbuf_addc(&d, '}');
    if (audit(c, 1, "hold_add", &d, e)) goto out;
    in_tx = 0;
    if (store_commit(c->st, e)) goto out;
    ret = 0;
out:
    if (in_tx) store_rollback(c->st);
    sbuf_free(&d);
    return ret;
}

/* The last audit entry that touched one hold (hold_add, hold_lift). */
typedef struct hold_touch {
    const char *needle;   /* "\"hold\":" + the JSON-quoted id */
    long seq;             /* 0: none */
    char day[11];         /* the entry's date (its `at`) */
    char action[32];
} hold_touch;

static void hold_touch_fn(void *ctx, long seq, const char *at, const char *action, const char *detail,
                          const char *hash)
{
    hold_touch *t = ctx;
    (void)hash;
    if (strncmp(action, "hold_", 5) != 0 || !detail || !strstr(detail, t->needle) || !at) return;
    t->seq = seq;
    snprintf(t->day, sizeof t->day, "%.10s", at);
    snprintf(t->action, sizeof t->action, "%s", action);
}

int purge_hold_lift(const purge_ctx *c, const char *hold_id, const char *by, const char *on, kerr *e)
{
    char day[11], last[11];
    store_hold h;
    sbuf d = {0}, needle = {0};
    int ret = -1;
    if (!by || !*by) return kerr_set(e, EXIT_USAGE, "hold lift: --by ID is required: who lifts the hold");
    if (on) {
        if (val_date(on, day)) return kerr_set(e, EXIT_USAGE, "hold lift: --on '%s' is not a date (YYYY-MM-DD)", on);
    } else {
        snprintf(day, sizeof day, "%s", c->as_of);
    }
    if (!valid_id(hold_id)) return kerr_set(e, EXIT_USAGE, "hold lift: '%s' is not a hold id", hold_id ? hold_id : "");
    if (purge_last_complete_day(c->p, c->clock, last, NULL, e)) return -1;
    if (strcmp(day, last) > 0)
        return kerr_set(e, EXIT_DATAERR, "hold lift refused: %s is after %s, the last complete day on the real "
                        "clock; a lift is dated on a day that has passed", day, last);
    person p;
    if (person_get(c, by, 0, &p, e)) return -1;
    if (check_hold_role(c, &p, msg_tr("hold lift"), day, e)) return -1;
    int rc = store_hold_get(c->st, hold_id, &h, e), in_tx = 0;
    if (rc < 0) return -1;
    if (rc == 0) return kerr_set(e, EXIT_NOINPUT, "hold lift: no hold %s (see kefu hold list)", hold_id);
    if (h.lifted_on) {
        kerr_set(e, EXIT_DATAERR, "hold lift refused: hold %s was lifted on %s already", hold_id, h.lifted_on);
        goto out;
    }
    if (strcmp(day, h.placed_on) < 0) {
        kerr_set(e, EXIT_DATAERR, "hold lift refused: %s is before hold %s was placed (%s)", day, hold_id, h.placed_on);
        goto out;
    }
    sbuf_adds(&needle, "\"hold\":");
    sbuf_json_str(&needle, hold_id);
    hold_touch t = { .needle = needle.p };
    if (store_audit_each(c->st, hold_touch_fn, &t, e)) goto out;
    if (t.seq && strcmp(day, t.day) < 0) {
        kerr_set(e, EXIT_DATAERR, "hold lift refused: %s is before audit entry %ld (%s of hold %s, recorded %s)",
                 day, t.seq, t.action, hold_id, t.day);
        goto out;
    }
    if (store_begin(c->st, e)) goto out;
    in_tx = 1;
    if (store_hold_lift(c->st, hold_id, day, e)) goto out;
    sbuf_adds(&d, "{\"hold\":");
    sbuf_json_str(&d, hold_id);
    sbuf_printf(&d, ",\"lifted_on\":\"%s\",\"lifted_by\":", day);
    sbuf_json_str(&d, by);
    sbuf_addc(&d, '}');
    if (audit(c, 1, "hold_lift", &d, e)) goto out;
    in_tx = 0;
    if (store_commit(c->st, e)) goto out;
    ret = 0;
out:
    if (in_tx) store_rollback(c->st);
    store_hold_free(&h);
    sbuf_free(&d);
    sbuf_free(&needle);
    return ret;
}

int purge_hold_list(const purge_ctx *c, int json, sbuf *out, kerr *e)
{
    store_hold *v = NULL;
    size_t n = 0;
    if (store_hold_list(c->st, &v, &n, e)) return -1;
    if (json) sbuf_adds(out, "{\"holds\":[");
    else sbuf_header(out, 0, 7, (const char *const[]){ msg_tr("hold"), msg_tr("covers"), msg_tr("placed"),
                     msg_tr("lifted"), msg_tr("in force"), msg_tr("by"), msg_tr("reason") },
                     (const int[]){ -16, -30, -10, -10, -8, -10, -1 });
    for (size_t i = 0; i < n; i++) {
        const store_hold *h = &v[i];
        int active = h->placed_on && strcmp(h->placed_on, c->as_of) <= 0 &&
                     (!h->lifted_on || strcmp(h->lifted_on, c->as_of) > 0);
        const char *kind = h->record_id && *h->record_id ? "record" : h->category && *h->category ? "category"
                         : h->owner && *h->owner ? "owner" : "nothing";
        const char *what = h->record_id && *h->record_id ? h->record_id : h->category && *h->category ? h->category
                         : h->owner && *h->owner ? h->owner : "";
        if (json) {
            sbuf_adds(out, i ? ",{\"hold_id\":" : "{\"hold_id\":");
            sbuf_json_str(out, h->hold_id);
            sbuf_printf(out, ",\"covers\":\"%s\",\"id\":", kind);
            sbuf_json_str(out, what);
            sbuf_adds(out, ",\"reason\":");
            sbuf_json_str(out, nz(h->reason));
            sbuf_adds(out, ",\"placed_on\":");
            sbuf_json_str(out, nz(h->placed_on));
            sbuf_adds(out, ",\"lifted_on\":");
            if (h->lifted_on) sbuf_json_str(out, h->lifted_on);
            else sbuf_adds(out, "null");
            sbuf_adds(out, ",\"placed_by\":");
            if (h->placed_by) sbuf_json_str(out, h->placed_by);
            else sbuf_adds(out, "null");
            sbuf_adds(out, ",\"source\":");
            sbuf_json_str(out, nz(h->src_file));
            sbuf_printf(out, ",\"in_force\":%s}", active ? "true" : "false");
        } else {
            char cov[160];
            snprintf(cov, sizeof cov, "%s %s", kind, what);
            sbuf_pad(out, h->hold_id, 16);   /* by display width: an owner may be Chinese */
            sbuf_addc(out, ' ');
            sbuf_pad(out, cov, 30);
            sbuf_printf(out, " %-10s %-10s ", nz(h->placed_on), nz(h->lifted_on));
            sbuf_pad(out, active ? msg_tr("yes") : msg_tr("no"), 8);   /* by display width: 是/否 */
            sbuf_printf(out, " %-10s %s\n", nz(h->placed_by), nz(h->reason));
        }
    }
    if (json) sbuf_adds(out, "]}\n");
    else if (n == 0) sbuf_adds(out, msg_tr("(no holds)\n"));
    store_holds_free(v, n);
    return 0;
}

/* ---- sources bundle --------------------------------------------------- */

void purge_sources_result_free(purge_sources_result *r)
{
    if (!r) return;
    free(r->bundle_path);
    memset(r, 0, sizeof *r);
}

void purge_sources_result_json(const purge_sources_result *r, sbuf *out)
{
    sbuf_adds(out, "{\"bundle\":");
    if (r->bundle_path) sbuf_json_str(out, r->bundle_path);
    else sbuf_adds(out, "null");
    sbuf_printf(out, ",\"bundle_sha256\":\"%s\",\"files\":%ld,\"omitted\":%ld,\"kept_existing\":%s}",
                r->bundle_sha256, r->nfiles, r->nomitted, r->kept ? "true" : "false");
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0. */
static int utf8_len(const unsigned char *p)
{
    if (p[0] < 0x80) return 1;
    int n = p[0] >= 0xF0 && p[0] <= 0xF4 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC2 && p[0] < 0xE0 ? 2 : 0;
    if (n == 0) return 0;
    for (int i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80) return 0;
    if (n == 3 && p[0] == 0xE0 && p[1] < 0xA0) return 0;   /* overlong */
    if (n == 3 && p[0] == 0xED && p[1] >= 0xA0) return 0;  /* surrogates */
    if (n == 4 && p[0] == 0xF0 && p[1] < 0x90) return 0;
    if (n == 4 && p[0] == 0xF4 && p[1] >= 0x90) return 0;
    return n;
}

/* The payload name of a source file (purge.h): its basename with what a
 * bag cannot name replaced by '_'. Returns a new string. */
static char *source_name(const char *file)
{
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    sbuf b = {0};
    for (const unsigned char *p = (const unsigned char *)base; *p;) {
        int n = utf8_len(p);
        if (n == 0 || *p < 0x20 || *p == 0x7f || *p == '%' || *p == '\\') {
            sbuf_addc(&b, '_');
            p += n ? n : 1;
        } else {
            sbuf_add(&b, p, (size_t)n);
            p += n;
        }
    }
    if (!b.p || strcmp(b.p, ".") == 0 || strcmp(b.p, "..") == 0) {
        sbuf_free(&b);
        return xstrdup("source");
    }
    return b.p;
}

/* A source streamed into the bag from the store. */
typedef struct src_arg {
    store *st;     /* the store (borrowed) */
    int64_t id;    /* source.id */
} src_arg;

static int src_produce(void *arg, bag_emit_fn emit, void *sink, kerr *e)
{
    const src_arg *a = arg;
    return store_source_stream(a->st, a->id, emit, sink, e);
}

int purge_bundle_sources(const purge_ctx *c, const char *date, purge_sources_result *r, kerr *e)
{
    char day[11];
    store_source *v = NULL;
    size_t n = 0;
    char **names = NULL;
    src_arg *args = NULL;
    bag_builder *bb = NULL;
    bag_report rep;
    sbuf d = {0};
    int ret = -1;
    memset(r, 0, sizeof *r);
    memset(&rep, 0, sizeof rep);
    if (date) {
        if (val_date(date, day)) return kerr_set(e, EXIT_USAGE, "bundle sources: --date '%s' is not a date", date);
    } else {
        snprintf(day, sizeof day, "%s", c->as_of);
    }
    if (store_sources_on(c->st, day, &v, &n, e)) return -1;
    if (n == 0) {
        ret = 0;
        goto out;
    }
    names = xcalloc(n, sizeof *names);
    args = xcalloc(n, sizeof *args);
    for (size_t i = 0; i < n; i++) names[i] = source_name(v[i].file);
    /* a shared basename: every file of that name gets its hash prefix */
    char *shared = xcalloc(n, 1);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(names[i], names[j]) == 0) shared[i] = shared[j] = 1;
    for (size_t i = 0; i < n; i++) {
        kerr ne;
        if (shared[i]) {
            char *s = xasprintf("%.12s-%s", v[i].sha256, names[i]);
            free(names[i]);
            names[i] = s;
        }
        if (bag_check_payload_name(names[i], &ne) != 0) {   /* too long, … */
            free(names[i]);
            names[i] = xasprintf("source-%s", v[i].sha256);
        }
    }
    free(shared);
    for (size_t i = 0; i < n; i++) r->nomitted += !v[i].has_content;
    r->nfiles = (long)n - r->nomitted;
    if (mkdir_p(out_dir(c), e)) goto out;
    r->bundle_path = xasprintf("%s/sources-%s.tar.gz", out_dir(c), day);
    struct stat sb;
    if (r->nomitted && stat(r->bundle_path, &sb) == 0) {
        /* written before a purge cleared some of these files: it is the
         * more complete record; keep it if it still verifies */
        if (bag_verify(r->bundle_path, NULL, e)) goto out;
        if (file_sha256(r->bundle_path, r->bundle_sha256, e)) goto out;
        r->kept = 1;
        ret = 0;
        goto out;
    }
    char *top = xasprintf("sources-%s", day);
    int rc = bag_builder_new(top, &bb, e);
    free(top);
    if (rc) goto out;
    char *desc = xasprintf("kefu 源文件（%s 导入）：%ld 个文件%s", day, r->nfiles,
                           r->nomitted ? "；部分文件内容已因档案销毁而清除" : "");
    rc = bag_add_info(bb, "Source-Organization", c->p->org.name ? c->p->org.name : "", e) ||
         bag_add_info(bb, "Bagging-Date", day, e) || bag_add_info(bb, "External-Description", desc, e) ||
         audit_head_baginfo(c->st, bb, e);
    free(desc);
    if (rc) goto out;
    for (size_t i = 0; i < n; i++) {
        char *orig = source_name(v[i].file);    /* the bag-info value must be clean UTF-8 too */
        char *full = NULL;
        {
            sbuf fb = {0};
            for (const unsigned char *p = (const unsigned char *)v[i].file; *p;) {
                int k = utf8_len(p);
                if (k == 0 || *p < 0x20 || *p == 0x7f) {
                    sbuf_addc(&fb, '_');
                    p += k ? k : 1;
                } else {
                    sbuf_add(&fb, p, (size_t)k);
                    p += k;
                }
            }
            full = fb.p ? fb.p : xstrdup("");
        }
        char *val = xasprintf("%s %s %s %s %s", names[i], v[i].sha256, v[i].kind ? v[i].kind : "-",
                              v[i].ingested_at, full);
        rc = bag_add_info(bb, v[i].has_content ? "Kefu-Source-File" : "Kefu-Source-Omitted", val, e);
        free(val);
        free(full);
        free(orig);
        if (rc) goto out;
        if (!v[i].has_content) continue;
        args[i].st = c->st;
        args[i].id = v[i].id;
        if (bag_add_source(bb, names[i], src_produce, &args[i], e)) goto out;
    }
    if (bag_write(bb, r->bundle_path, PURGE_LEVEL, (int64_t)val_days(day) * SECS_PER_DAY, e)) goto out;
    if (bag_verify(r->bundle_path, &rep, e)) goto out;
    if (file_sha256(r->bundle_path, r->bundle_sha256, e)) goto out;
    sbuf_adds(&d, "{\"date\":");
    sbuf_json_str(&d, day);
    sbuf_adds(&d, ",\"bundle\":");
    sbuf_json_str(&d, r->bundle_path);
    sbuf_printf(&d, ",\"sha256\":\"%s\",\"files\":%ld,\"omitted\":%ld}", r->bundle_sha256, r->nfiles, r->nomitted);
    if (audit(c, 0, "bundle_sources", &d, e)) goto out;
    ret = 0;
out:
    if (ret) {
        free(r->bundle_path);
        r->bundle_path = NULL;
    }
    bag_report_free(&rep);
    bag_builder_free(bb);
    for (size_t i = 0; names && i < n; i++) free(names[i]);
    free(names);
    free(args);
    store_sources_free(v, n);
    sbuf_free(&d);
    return ret;
}

/* ---- verify ----------------------------------------------------------- */

/* 1 when the file's name is that of a pending purge bundle
 * (".purge-BATCH.tar.gz.pending-…", purge.h). */
static int pending_name(const char *path)
{
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    return strncmp(name, ".purge-", 7) == 0 && strstr(name, ".tar.gz.pending-") != NULL;
}

int purge_bundle_verify(const char *path, int json, sbuf *out, kerr *e)
{
    bag_report rep;
    memset(&rep, 0, sizeof rep);
    int rc = bag_verify(path, &rep, e);
    int pending = pending_name(path);
    char bagmsg[sizeof e->msg];
    snprintf(bagmsg, sizeof bagmsg, "%s", rc ? e->msg : "");
    if (pending)   /* whatever its bag: it certifies no destruction */
        rc = kerr_set(e, EXIT_DATAERR, "%s: a pending purge bundle, not a completed one: it was written before its "
                      "batch's deletion committed, and certifies nothing (kefu purge execute renames it to "
                      "purge-BATCH.tar.gz once the deletion has committed)", path);
    if (json) {
        sbuf_adds(out, "{\"path\":");
        sbuf_json_str(out, path);
        sbuf_printf(out, ",\"valid\":%s,\"pending\":%s,\"version\":", rc == 0 ? "true" : "false",
                    pending ? "true" : "false");
        sbuf_json_str(out, rep.version);
        sbuf_printf(out, ",\"payload_files\":%llu,\"payload_bytes\":%llu,\"errors\":[",
                    (unsigned long long)rep.payload_files, (unsigned long long)rep.payload_bytes);
        size_t k = 0;
        for (size_t i = 0; i < rep.nkept_errors; i++, k++) {
            if (k) sbuf_addc(out, ',');
            sbuf_json_str(out, rep.errors[i]);
        }
        if (rep.nkept_errors == 0 && bagmsg[0]) {
            if (k++) sbuf_addc(out, ',');
            sbuf_json_str(out, bagmsg);
        }
        if (pending) {
            if (k++) sbuf_addc(out, ',');
            sbuf_json_str(out, e->msg);
        }
        sbuf_adds(out, "],\"warnings\":[");
        for (size_t i = 0; i < rep.nkept_warnings; i++) {
            if (i) sbuf_addc(out, ',');
            sbuf_json_str(out, rep.warnings[i]);
        }
        sbuf_adds(out, "]}\n");
    } else {
        for (size_t i = 0; i < rep.nkept_errors; i++) sbuf_printf(out, msg_tr("error: %s\n"), rep.errors[i]);
        for (size_t i = 0; i < rep.nkept_warnings; i++) sbuf_printf(out, msg_tr("warning: %s\n"), rep.warnings[i]);
        if (pending)
            sbuf_printf(out, msg_tr("%s: NOT A COMPLETED BUNDLE: pending (the bag is %s)\n"), path,
                        bagmsg[0] ? msg_tr("invalid too")
                                  : msg_tr("whole, but its deletion had not committed when it was written"));
        else if (rc == 0)
            sbuf_printf(out, msg_tr("%s: valid BagIt %s bag: %llu payload files, %llu bytes\n"), path, rep.version,
                        (unsigned long long)rep.payload_files, (unsigned long long)rep.payload_bytes);
        else
            sbuf_printf(out, msg_tr("%s: INVALID (%zu errors)\n"), path, rep.nerrors ? rep.nerrors : 1);
    }
    bag_report_free(&rep);
    return rc;
}
