/* run.c — the nightly batch (run.h). */
#include "msg.h"
#include "run.h"
#include "audit.h"
#include "store_report.h"
#include "bag.h"
#include "hash.h"
#include "ingest.h"
#include "lock.h"
#include "policy.h"
#include "report.h"
#include "rules.h"
#include "store.h"
#include "value.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The reports rendered each night (SPEC §9), in this order. */
static const char *const NIGHTLY_REPORTS[] = { "fines", "visits", "retention", NULL };

/* Creates a directory and its parents (mkdir -p); fails with EXIT_CANTCREAT. */
static int make_dirs(const char *path, kerr *e)
{
    char *p = xstrdup(path);
    int ret = 0;
    for (char *q = p + 1;; q++) {
        if (*q == '/' || *q == '\0') {
            char c = *q;
            *q = '\0';
            if (mkdir(p, 0755) != 0 && errno != EEXIST) {
                ret = kerr_set(e, EXIT_CANTCREAT, "%s: cannot create directory: %s", p, msg_strerror(errno));
                break;
            }
            *q = c;
            if (!c) break;
        }
    }
    free(p);
    return ret;
}

/* Removes the temp files a killed process left in dir: ".NAME.tmp-PID-RANDOM"
 * (util_tmp_create) and the older "NAME.tmp.PID" whose
 * PID is no longer alive. Outputs appear whole or not at all; this clears
 * the debris of the "not at all". */
static void remove_stale_temps(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        const char *t = strstr(de->d_name, ".tmp");
        if (!t || (t[4] != '.' && t[4] != '-')) continue;
        char *end;
        errno = 0;
        long pid = strtol(t + 5, &end, 10);
        if (errno || end == t + 5 || pid <= 0 || (*end != '\0' && *end != '-')) continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH) continue;   /* alive, or not ours to judge */
        char *path = xasprintf("%s/%s", dir, de->d_name);
        (void)unlink(path);
        free(path);
    }
    closedir(d);
}

static void progress(const run_opts *o, const char *what)
{
    if (o->progress) fprintf(stderr, "kefu run: %s…\n", what);
}

/* Appends {"path":…,"sha256":…} for a written output, reading it back;
 * the path is given relative to OUT, so the summary does not depend on
 * where OUT is. */
static int add_output(sbuf *outs, const char *out_dir, const char *path, kerr *e)
{
    char *buf;
    size_t len;
    if (util_read_file(path, &buf, &len, e)) return -1;
    char hex[HASH_HEX_LEN];
    hash_hex(buf, len, hex);
    free(buf);
    if (outs->len > 1) sbuf_addc(outs, ',');
    size_t ol = strlen(out_dir);
    const char *rel = strncmp(path, out_dir, ol) == 0 && path[ol] == '/' ? path + ol + 1 : path;
    sbuf_adds(outs, "{\"path\":");
    sbuf_json_str(outs, rel);
    sbuf_printf(outs, ",\"sha256\":\"%s\",\"bytes\":%zu}", hex, len);
    return 0;
}

/* Renders the nightly reports of month `ym` (YYYY-MM) into OUT/reports/ym/. */
static int render_month(store *st, const struct policy *p, const run_opts *o, const char *ym,
                        sbuf *outs, sbuf *warnings, kerr *e)
{
    int y = 0, m = 0;
    if (sscanf(ym, "%4d-%2d", &y, &m) != 2) return kerr_set(e, EXIT_SOFTWARE, "bad month %s", ym);
    char from[11], to[11];
    val_days_str(val_days_ymd(y, m, 1), from);
    val_days_str(val_days_ymd(y, m, val_month_days(y, m)), to);
    char *dir = xasprintf("%s/reports/%s", o->out_dir, ym);
    char *run_id = xasprintf("run-%s", o->as_of);
    int ret = -1;
    if (make_dirs(dir, e)) goto out;
    for (int i = 0; NIGHTLY_REPORTS[i]; i++) {
        report_opts ro = { .kind = NIGHTLY_REPORTS[i], .from = from, .to = to, .period_label = ym,
                           .lang = o->lang, .font = o->font, .created = o->created, .as_of = o->as_of,
                           .generated = o->now, .run_id = run_id };
        char *path = xasprintf("%s/%s.pdf", dir, NIGHTLY_REPORTS[i]);
        int rc = report_render(st, (const policy *)p, &ro, path, warnings, e);
        if (rc == 0) rc = add_output(outs, o->out_dir, path, e);
        free(path);
        if (rc) goto out;
    }
    /* the run summary of the as-of day, in the as-of month only */
    if (strncmp(ym, o->as_of, 7) == 0) {
        report_opts ro = { .kind = "run", .from = o->as_of, .to = o->as_of, .period_label = o->as_of,
                           .lang = o->lang, .font = o->font, .created = o->created, .as_of = o->as_of,
                           .generated = o->now, .run_id = run_id };
        char *path = xasprintf("%s/run-%s.pdf", dir, o->as_of);
        int rc = report_render(st, (const policy *)p, &ro, path, warnings, e);
        if (rc == 0) rc = add_output(outs, o->out_dir, path, e);
        free(path);
        if (rc) goto out;
    }
    ret = 0;
out:
    free(dir);
    free(run_id);
    return ret;
}

/* The night's exports: every regular *.csv, *.xml and *.xlsx of IN, by name. */
typedef struct infile {
    char *path;            /* IN/name (owned) */
    const char *name;      /* the base name, inside path */
    char sha256[HASH_HEX_LEN]; /* of its bytes */
} infile;

/* A file an earlier night's bundle holds, as its audit entry lists it. */
typedef struct bundled {
    char sha256[HASH_HEX_LEN]; /* the file's SHA-256 */
    char bundle[48];           /* "sources-DATE.tar.gz" that holds it */
} bundled;

/* The files bundled before the as-of date (collect_bundled's context). */
typedef struct bundled_set {
    const char *as_of;         /* entries of this date or later are not counted */
    bundled *v;                /* owned */
    size_t n, cap;
} bundled_set;

/* The audit entry a nightly bundle leaves (store_audit_each callback):
 * {"as_of":"DATE","bundle":"NAME","sha256":["HEX",...]}, written by
 * bundle_sources. The audit log is the record because it is append-only:
 * a rerun of the same night ignores its own date's entries, so it bundles
 * the same files again and writes the same bytes. */
static void collect_bundled(void *ctx, long seq, const char *at, const char *action, const char *detail,
                            const char *hash)
{
    (void)seq;
    (void)at;
    (void)hash;
    bundled_set *b = ctx;
    static const char pre[] = "{\"as_of\":\"";
    if (strcmp(action, "sources_bundled") != 0 || strncmp(detail, pre, sizeof pre - 1) != 0) return;
    const char *date = detail + sizeof pre - 1;
    if (strlen(date) < 10 || strncmp(date, b->as_of, 10) >= 0) return;
    const char *bn = strstr(date, "\"bundle\":\"");
    const char *list = strstr(date, "\"sha256\":[");
    if (!bn || !list) return;
    bn += 10;
    size_t bl = strcspn(bn, "\"");
    for (const char *q = list + 10; (q = strchr(q, '"')) != NULL; q += HASH_HEX_LEN + 1) {
        q++;
        if (strspn(q, "0123456789abcdef") != HASH_HEX_LEN - 1 || q[HASH_HEX_LEN - 1] != '"') break;
        if (b->n == b->cap) {
            b->cap = b->cap ? b->cap * 2 : 64;
            b->v = xrealloc(b->v, b->cap * sizeof *b->v);
        }
        memcpy(b->v[b->n].sha256, q, HASH_HEX_LEN - 1);
        b->v[b->n].sha256[HASH_HEX_LEN - 1] = '\0';
        snprintf(b->v[b->n].bundle, sizeof b->v[b->n].bundle, "%.*s", (int)bl, bn);
        b->n++;
    }
}

/* The earlier bundle that holds a file, or NULL. */
static const char *bundled_in(const bundled_set *b, const char *sha256)
{
    for (size_t i = 0; i < b->n; i++)
        if (strcmp(b->v[i].sha256, sha256) == 0) return b->v[i].bundle;
    return NULL;
}

/* Bundles the night's new export files as received (BagIt, SPEC §8) into
 * OUT/bundles/sources-DATE.tar.gz, with each file's fate at ingest in
 * bag-info, then verifies the bundle and records in the audit log which
 * files it holds. A file an earlier night bundled is not bundled again: it
 * is appended to *already (JSON objects, comma-separated) with the bundle
 * that holds it. No new file, no bundle. */
static int bundle_sources(store *st, const struct policy *p, const run_opts *o, const ingest_result *in,
                          sbuf *outs, sbuf *already, kerr *e)
{
    const policy *pol = (const policy *)p;
    char *dir = xasprintf("%s/bundles", o->out_dir);
    char *name = xasprintf("sources-%s", o->as_of);
    char *path = xasprintf("%s/%s.tar.gz", dir, name);
    bag_builder *b = NULL;
    bundled_set old = { .as_of = o->as_of };
    sbuf shas = {0};
    size_t nnew = 0;
    int ret = -1;
    if (store_audit_each(st, collect_bundled, &old, e)) goto out;
    if (make_dirs(dir, e)) goto out;
    if (bag_builder_new(name, &b, e)) goto out;
    if (bag_add_info(b, "Source-Organization", pol->org.name ? pol->org.name : "", e) ||
        bag_add_info(b, "Bagging-Date", o->as_of, e) ||
        bag_add_info(b, "External-Description", "kefu nightly run: the export files received in the input directory", e) ||
        audit_head_baginfo(st, b, e))   /* the head after the night's ingest and check */
        goto out;
    for (size_t i = 0; i < in->nfiles; i++) {
        const ingest_file *f = &in->files[i];
        if (!f->sha256[0]) continue;           /* unreadable: nothing to keep */
        const char *prev = bundled_in(&old, f->sha256);
        if (prev) {
            if (already->len) sbuf_addc(already, ',');
            sbuf_adds(already, "{\"path\":");
            sbuf_json_str(already, f->path);
            sbuf_printf(already, ",\"sha256\":\"%s\",\"bundle\":", f->sha256);
            sbuf_json_str(already, prev);
            sbuf_addc(already, '}');
            continue;
        }
        sbuf_printf(&shas, "%s\"%s\"", nnew++ ? "," : "", f->sha256);
        const char *base = strrchr(f->path, '/');
        base = base ? base + 1 : f->path;
        kerr ne;
        char *payload;
        if (bag_check_payload_name(base, &ne) == 0) payload = xstrdup(base);
        else payload = xasprintf("%.12s%s", f->sha256, strrchr(base, '.') ? strrchr(base, '.') : "");
        store_source_info si;
        int found = store_source_get(st, f->sha256, &si, e);
        if (found < 0) {
            free(payload);
            goto out;
        }
        char *info = found
            ? xasprintf("%s %s %s stored=%ld rejected=%ld replaced=%ld", payload, f->sha256,
                        si.kind[0] ? si.kind : "-", si.stored, si.rejected, si.replaced)
            : xasprintf("%s %s rejected-whole", payload, f->sha256);
        int rc = bag_add_info(b, "Kefu-Source-File", info, e) || bag_add_path(b, payload, f->path, e);
        free(info);
        free(payload);
        if (rc) goto out;
    }
    if (nnew == 0) {
        ret = 0;
        goto out;
    }
    if (bag_write(b, path, -1, o->bundle_time, e)) goto out;
    bag_report rep;
    memset(&rep, 0, sizeof rep);
    int vrc = bag_verify(path, &rep, e);
    bag_report_free(&rep);
    if (vrc) goto out;
    if (add_output(outs, o->out_dir, path, e)) goto out;
    char *detail = xasprintf("{\"as_of\":\"%s\",\"bundle\":\"%s.tar.gz\",\"sha256\":[%s]}", o->as_of, name, shas.p);
    int arc = store_audit(st, o->now, "sources_bundled", detail, e);
    free(detail);
    if (arc) goto out;
    ret = 0;
out:
    free(old.v);
    sbuf_free(&shas);
    bag_builder_free(b);
    free(dir);
    free(name);
    free(path);
    return ret;
}

/* Records in the audit log which files the night read, in order, before
 * the reports are drawn: the run report and the run JSON list the files
 * of the night from this entry (SRQ_RUN_SOURCES), so both, and any later
 * `kefu report run` of the day, show the same files whatever day the
 * clock says. Not a data entry: it changes no data (store.c). */
static int record_run_files(store *st, const run_opts *o, const ingest_result *in, kerr *e)
{
    sbuf d = {0};
    sbuf_printf(&d, "{\"as_of\":\"%s\",\"files\":[", o->as_of);
    for (size_t i = 0; i < in->nfiles; i++) {
        sbuf_adds(&d, i ? ",{\"path\":" : "{\"path\":");
        sbuf_json_str(&d, in->files[i].path);
        sbuf_printf(&d, ",\"sha256\":\"%s\"}", in->files[i].sha256);
    }
    sbuf_adds(&d, "]}");
    int rc = store_audit(st, o->now, "run_files", d.p, e);
    sbuf_free(&d);
    return rc;
}

/* files_json's state: the night's files, row by row of SRQ_RUN_SOURCES. */
typedef struct files_ctx {
    const ingest_result *in;     /* the night's files (exact path bytes, messages of unreadable files) */
    sbuf *j;                     /* the JSON array being written */
    long *tot;                   /* rows stored, rejected, replaced */
    size_t k;                    /* rows seen */
} files_ctx;

static int files_row(void *ctx, int ncol, const char *const *c)
{
    files_ctx *fc = ctx;
    (void)ncol;
    const ingest_file *f = fc->k < fc->in->nfiles ? &fc->in->files[fc->k] : NULL;
    if (fc->k) sbuf_addc(fc->j, ',');
    fc->k++;
    sbuf_addc(fc->j, '{');
    util_json_name(fc->j, "path", f ? f->path : c[0]);
    sbuf_printf(fc->j, ",\"sha256\":\"%s\",\"status\":", c[8] ? c[8] : "");
    if (c[1]) {
        long n[3];
        for (int i = 0; i < 3; i++) n[i] = c[5 + i] ? strtol(c[5 + i], NULL, 10) : 0;
        sbuf_adds(fc->j, "\"ingested\",\"kind\":");
        sbuf_json_str(fc->j, c[1]);
        sbuf_printf(fc->j, ",\"stored\":%ld,\"rejected\":%ld,\"replaced\":%ld}", n[0], n[1], n[2]);
        for (int i = 0; i < 3; i++) fc->tot[i] += n[i];
    } else {
        sbuf_adds(fc->j, "\"rejected\",\"message\":");
        const char *msg = c[9] ? c[9] : f ? f->msg : NULL;
        if (msg) sbuf_json_str(fc->j, msg); else sbuf_adds(fc->j, "null");
        sbuf_addc(fc->j, '}');
    }
    return 0;
}

/* The JSON of the night's files and their row totals: "files imported",
 * the rows of SRQ_RUN_SOURCES for the as-of day, as the run report lists
 * them (so a second run describes them as the first did). */
static int files_json(store *st, const run_opts *o, const ingest_result *in, sbuf *j, long tot[3], kerr *e)
{
    files_ctx fc = { in, j, tot, 0 };
    const char *par[2] = { o->as_of, o->as_of };
    sbuf_adds(j, "[");
    if (store_report_query(st, SRQ_RUN_SOURCES, par, 2, files_row, &fc, e)) return -1;
    sbuf_adds(j, "]");
    return 0;
}

/* Counts the rows of SRQ_RUN_REJECTS (a store_report_row_fn). */
static int count_row(void *ctx, int ncol, const char *const *cols)
{
    (void)ncol;
    (void)cols;
    (*(long *)ctx)++;
    return 0;
}

/* One file whose rejects still stand, as JSON (a store_report_row_fn). */
static int standing_json(void *ctx, int ncol, const char *const *cols)
{
    sbuf *b = ctx;
    (void)ncol;
    if (b->len) sbuf_addc(b, ',');
    sbuf_adds(b, "{\"file\":");
    sbuf_json_str(b, cols[0]);
    sbuf_printf(b, ",\"sha256\":\"%s\",\"rejects\":%s}", cols[1], cols[2]);
    return 0;
}

int run_nightly(const struct policy *p, const run_opts *o, run_result *r, kerr *e)
{
    memset(r, 0, sizeof *r);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int lockfd = -1, ret = -1;
    store *st = NULL;
    ingest_result in;
    rules_result rr;
    sbuf outs = {0}, warnings = {0}, fj = {0}, already = {0}, headj = {0};
    memset(&in, 0, sizeof in);
    memset(&rr, 0, sizeof rr);
    struct stat sb;

    if (stat(o->in_dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return kerr_set(e, EXIT_NOINPUT, "%s: no such input directory", o->in_dir);
    if (make_dirs(o->out_dir, e)) return -1;
    lockfd = lock_take(o->db, o->now, "run", o->wait, e);
    if (lockfd < 0) return -1;
    {
        /* what a killed run left half-written: never renamed into place */
        char *b = xasprintf("%s/bundles", o->out_dir);
        remove_stale_temps(o->out_dir);
        remove_stale_temps(b);
        free(b);
        for (int back = 0; back < 2; back++) {   /* this month's and the previous */
            int y, m, d;
            val_ymd(val_days(o->as_of), &y, &m, &d);
            if (back) { if (--m == 0) { m = 12; y--; } }
            char day[11];
            val_days_str(val_days_ymd(y, m, 1), day);
            char *r = xasprintf("%s/reports/%.7s", o->out_dir, day);
            remove_stale_temps(r);
            free(r);
        }
    }
    st = store_open(o->db, e);
    if (!st || store_audit_writable(st, e)) goto out;

    progress(o, "ingesting");
    char *const paths[] = { (char *)o->in_dir };
    ingest_opts io = { .now = o->now, .msgs = stderr, .quiet = o->quiet, .nightly = 1 };
    if (ingest_paths(st, (const policy *)p, paths, 1, &io, &in, e)) goto out;

    progress(o, "checking the rules");
    if (rules_check(st, (const policy *)p, o->policy_name, o->policy_sha256, o->as_of, o->now, &rr, e)) goto out;

    if (record_run_files(st, o, &in, e)) goto out;
    progress(o, "rendering the reports");
    sbuf_addc(&outs, '[');
    /* the as-of month only: the as-of day is the last complete day, so the
     * run at 01:30 on the 1st writes the final reports of the month just
     * ended, and no later run rewrites them */
    char ym[8];
    snprintf(ym, sizeof ym, "%.7s", o->as_of);
    if (render_month(st, p, o, ym, &outs, &warnings, e)) goto out;

    progress(o, "bundling the night's exports");
    if (bundle_sources(st, p, o, &in, &outs, &already, e)) goto out;
    sbuf_addc(&outs, ']');

    /* Eligible records: all, and those that became eligible since the
     * previous run date (purges never run unattended: they are reported);
     * the run report prints the same function's figures. */
    char prev[11];
    long newly = 0, eligible = 0, nrejects = 0;
    if (store_newly_eligible(st, o->as_of, prev, &newly, &eligible, e)) goto out;
    const char *day[2] = { o->as_of, o->as_of };
    if (store_report_query(st, SRQ_RUN_REJECTS, day, 2, count_row, &nrejects, e)) goto out;

    /* the data's chain head: a run entry does not move it, so a rerun over
     * unchanged data writes the same bytes (audit verify --anchor JSON) */
    if (audit_head_json(st, &headj, e)) goto out;
    long tot[3] = {0, 0, 0};
    sbuf_addc(&fj, ' ');
    if (files_json(st, o, &in, &fj, tot, e)) goto out;
    sbuf summary_json = {0};
    rules_summary_json(&rr, &summary_json);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    r->exit_code = (in.rejected || in.failed) ? EXIT_DATAERR : EXIT_OK;
    /* the envelope of every JSON kefu prints (docs/json.md) */
    sbuf_printf(&r->json, "{\"schema\":1,\"date\":\"%s\",%s,\"in\":", o->as_of, headj.p);
    sbuf_json_str(&r->json, o->in_dir);
    sbuf_adds(&r->json, ",\"files\":");
    sbuf_adds(&r->json, fj.p + 1);
    sbuf_printf(&r->json, ",\"already_bundled\":[%s]", already.p ? already.p : "");
    sbuf standing = {0};
    if (store_report_query(st, SRQ_REJECTS_STANDING, NULL, 0, standing_json, &standing, e)) {
        sbuf_free(&standing);
        goto out;
    }
    sbuf_printf(&r->json, ",\"outstanding_rejects\":[%s]", standing.p ? standing.p : "");
    sbuf_free(&standing);
    sbuf_printf(&r->json, ",\"rows\":{\"stored\":%ld,\"rejected\":%ld,\"replaced\":%ld},\"rejects\":%ld,\"check\":%s,"
                "\"records_eligible\":%ld,\"records_newly_eligible\":%ld,\"newly_eligible_since\":",
                tot[0], tot[1], tot[2], nrejects, summary_json.p, eligible, newly);
    if (prev[0]) sbuf_json_str(&r->json, prev); else sbuf_adds(&r->json, "null");
    sbuf_printf(&r->json, ",\"outputs\":%s,\"exit\":%d,\"duration_s\":%.3f}\n", outs.p, r->exit_code, secs);
    sbuf_free(&summary_json);

    r->json_path = xasprintf("%s/run-%s.json", o->out_dir, o->as_of);
    if (util_write_file_atomic(r->json_path, r->json.p, r->json.len, e)) goto out;
    char jsha[HASH_HEX_LEN];
    hash_hex(r->json.p, r->json.len, jsha);
    if (store_run_put(st, o->as_of, o->now, jsha, e)) goto out;
    sbuf audit = {0};
    sbuf_printf(&audit, "{\"as_of\":\"%s\",\"files\":%zu,\"stored\":%ld,\"rejected\":%ld,\"findings\":%zu,"
                "\"json_sha256\":\"%s\"}", o->as_of, in.nfiles, in.stored, in.rejected, rr.findings.n, jsha);
    int arc = store_audit(st, o->now, "run", audit.p, e);
    sbuf_free(&audit);
    if (arc) goto out;

    sbuf_printf(&r->summary, msg_tr("kefu run %s: %zu files in %s (%ld rows stored, %ld rejected, %ld replaced; "
                "%ld files skipped as already ingested, %ld rejected whole)\n"), o->as_of, in.nfiles,
                o->in_dir, in.stored, in.rejected, in.replaced, in.skipped, in.failed);
    int64_t fines = 0;
    for (size_t i = 0; i < rr.findings.n; i++) fines += rr.findings.v[i].amount_fen;
    char amt[32];
    val_fen_str(fines, amt, sizeof amt);
    sbuf_printf(&r->summary, msg_tr("  %zu findings (%s yuan in fines and deductions), %zu visit obligations\n"),
                rr.findings.n, amt, rr.nobligations);
    sbuf_printf(&r->summary, msg_tr("  %ld archive records eligible for disposition (%ld newly); purges need approval: "
                "kefu purge plan\n"), eligible, newly);
    if (rr.year_uncovered)
        sbuf_printf(&r->summary, msg_tr("  warning: the policy calendar does not cover %.4s\n"), o->as_of);
    if (warnings.len) sbuf_printf(&r->summary, msg_tr("  report warnings:\n%s"), warnings.p);
    sbuf_printf(&r->summary, msg_tr("  outputs under %s, summary %s (%.1f s)\n"), o->out_dir, r->json_path, secs);
    ret = 0;
out:
    rules_result_free(&rr);
    ingest_result_free(&in);
    store_close(st);
    sbuf_free(&outs);
    sbuf_free(&warnings);
    sbuf_free(&fj);
    sbuf_free(&already);
    sbuf_free(&headj);
    lock_release(lockfd);
    return ret;
}

void run_result_free(run_result *r)
{
    if (!r) return;
    free(r->json_path);
    sbuf_free(&r->summary);
    sbuf_free(&r->json);
    memset(r, 0, sizeof *r);
}
