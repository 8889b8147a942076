/* main.c — the kefu command line: parses options, opens the store and the
 * policy, calls the modules, prints, and chooses the exit code (SPEC §2).
 * Everything else is a library that tests and fuzzers link without this. */
#include "util.h"
#include "store.h"
#include "ingest.h"
#include "policy.h"
#include "embed.h"
#include "kinds.h"
#include "value.h"
#include "xmlin.h"
#include "export.h"
#include "hash.h"
#include "rules.h"
#include "purge.h"
#include "report.h"
#include "run.h"
#include "visits.h"
#include "pdf.h"
#include "tar.h"
#include "lock.h"
#include "audit.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Global options (SPEC §2). */
typedef struct opts {
    const char *db;        /* --db, $KEFU_DB, or ./kefu.db */
    const char *policy;    /* --policy FILE or NAME (a shipped pack), or NULL for the default (property) */
    const char *source;    /* --source DOC (policy check): the regulations the quotes must occur in */
    const char *anchor;     /* audit verify --anchor FILE|HASH */
    const char *as_of;     /* --as-of DATE, canonical, or NULL (today) */
    char as_of_buf[11];    /* storage for a parsed --as-of */
    const char *lang;      /* --lang zh|en */
    const char *font;      /* --font FILE */
    const char *encoding;  /* --encoding utf-8|gb18030 (ingest, inspect) */
    const char *kind;      /* --kind KIND (ingest, inspect) */
    const char *sheet;     /* --sheet NAME: one sheet of a workbook (ingest, inspect) */
    const char *format;    /* --format csv|xlsx (export) */
    const char *month;     /* --month YYYY-MM (report) */
    const char *from, *to; /* --from / --to DATE, canonical (report) */
    char from_buf[11], to_buf[11]; /* storage for them */
    const char *output;    /* -o FILE (report) */
    const char *batch;     /* --batch ID (report register) */
    const char *templates; /* --templates DIR: report templates instead of the embedded ones */
    const char *in_dir;    /* --in DIR (run) */
    const char *out_dir;   /* --out DIR (run, purge, bundle) */
    const char *prepared_by, *reviewed_by, *approved_by; /* purge people (employee ids) */
    const char *witness[PURGE_MAX_WITNESSES + 1]; /* --witness ID, repeatable */
    int nwitness;          /* entries in witness (one more than the maximum is refused later) */
    const char *category;  /* --category CODE (purge plan, hold add) */
    const char *hold_id, *record, *owner, *reason, *placed_by; /* hold add */
    const char *on;        /* --on DATE (hold add / lift) */
    const char *date;      /* --date DATE (bundle sources) */
    int quiet;             /* --quiet */
    int json;              /* --json */
    int strict;            /* --strict (ingest) */
    int wait;              /* --wait SECONDS: how long a writer waits for the database lock */
    int group_readable;    /* --group-readable: files created 0640 instead of 0600 */
} opts;

static void usage(FILE *to)
{
    fputs("usage: kefu [global options] COMMAND [ARGS]\n"
          "\n"
          "commands:\n"
          "  init                     create or upgrade the database (idempotent)\n"
          "  ingest PATH...           ingest CSV/XML/.xlsx exports; a directory means its *.csv, *.xml, *.xlsx\n"
          "                           (--strict, --encoding utf-8|gb18030, --kind KIND, --sheet NAME)\n"
          "  inspect FILE [--json]    show how kefu reads a file, storing nothing\n"
          "  export KIND [-o FILE]    a kind's stored rows in kefu's own layout (--format csv|xlsx)\n"
          "  check                    recompute all rules; summary per rule, department, month\n"
          "  report KIND [-o FILE]    KIND: fines | visits | retention | register | run;\n"
          "                           --month YYYY-MM | --from DATE --to DATE; --batch ID (register);\n"
          "                           --templates DIR overrides the embedded report templates\n"
          "  run --in DIR --out DIR   the nightly batch: ingest, check, reports, sources bundle, run-DATE.json\n"
          "  purge plan --prepared-by ID [--category CODE] [--out DIR]\n"
          "  purge approve BATCH --reviewed-by ID --approved-by ID\n"
          "  purge execute BATCH --witness ID --witness ID [...] [--out DIR]\n"
          "  purge list | purge show BATCH\n"
          "  hold add --hold-id ID (--record R | --category C | --owner O) --reason TEXT --placed-by ID [--on DATE]\n"
          "  hold lift HOLD_ID [--on DATE] | hold list\n"
          "  bundle sources [--date DATE] [--out DIR] | bundle verify FILE|DIR\n"
          "  policy list              the shipped policy packs, one a line\n"
          "  policy show [NAME]       print a shipped pack (default: property, or --policy)\n"
          "  policy check FILE|NAME [--source DOC]\n"
          "                           validate a policy, listing every problem; with\n"
          "                           --source, every quote must occur in DOC\n"
          "  audit verify [--anchor FILE|HASH] | show\n"
          "                           check (and that it extends an anchor) or print the audit log\n"
          "\n"
          "global options:\n"
          "  --db PATH        database (default ./kefu.db, or $KEFU_DB)\n"
          "  --policy FILE|NAME  policy file or shipped pack (default: property)\n"
          "  --as-of DATE     judge as of the end of this date (default: yesterday in the policy's timezone)\n"
          "  --lang zh|en     report language (default zh)\n"
          "  --font FILE      CJK TrueType font for reports\n"
          "  --wait SECONDS   commands that write the database wait this long for another\n"
          "                   kefu process's lock (default 0: exit 75 at once)\n"
          "  --group-readable files kefu creates are 0640 (default 0600: they hold personal data)\n"
          "  --quiet          no summary on stdout\n"
          "  --json           one JSON object on stdout\n"
          "  --help, --version\n"
          "\n"
          "exit codes: 0 ok, 64 usage, 65 data error (rows rejected, invalid policy),\n"
          "66 input missing, 70 internal error, 73 cannot create output, 75 locked\n", to);
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "kefu: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'kefu --help'.\n");
    return EXIT_USAGE;
}

/* Now as wall-clock time "YYYY-MM-DD HH:MM:SS" in the policy's timezone —
 * or the time of SOURCE_DATE_EPOCH when it is set (the reproducible-builds
 * convention), so that the same commands on the same data write the same
 * bytes. */
static int now_str(const policy *p, char out[20], kerr *e)
{
    time_t t;
    util_clock(&t, 0);
    return util_local_time(p->org.timezone, t, out, e);
}

static int fail(const kerr *e)
{
    fprintf(stderr, "kefu: %s\n", e->msg);
    return e->code ? e->code : EXIT_SOFTWARE;
}

/* Takes the database lock for a command that writes the database (lock.h);
 * returns its descriptor, or -1 after printing why (the exit code is then
 * in *code: 75 when another process holds it). */
static int db_lock(const opts *o, const char *what, int *code)
{
    kerr e;
    kerr_clear(&e);
    char now[20];
    time_t t;
    struct tm tm;
    util_clock(&t, 0);   /* the holder note is read by the operator of this machine: its local time */
    localtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%d %H:%M:%S", &tm);
    int fd = lock_take(o->db, now, what, o->wait, &e);
    if (fd < 0) *code = fail(&e);
    return fd;
}

/* Loads the policy named by --policy, or the embedded default; when sha is
 * not NULL it receives the SHA-256 of the policy's bytes (recorded with
 * each check so that a report can say which rules it applied). */
static policy *load_policy(const opts *o, char sha[HASH_HEX_LEN], kerr *e)
{
    policy *p = NULL;
    sbuf problems = {0};
    int rc = o->policy ? policy_load_named(o->policy, &p, &problems, e)
                       : policy_load_default(&p, &problems, e);
    if (rc) {
        if (problems.p) fprintf(stderr, "%s", problems.p);
        p = NULL;
    }
    sbuf_free(&problems);
    if (p && sha) {
        size_t len;
        char *buf = NULL;
        const char *pack = o->policy ? policy_pack_text(o->policy, &len, NULL) : NULL;
        if (o->policy && (!pack || strcmp(p->source, o->policy) == 0)) {
            if (util_read_file(o->policy, &buf, &len, e) == 0) hash_hex(buf, len, sha);
            free(buf);
        } else if (pack) {
            hash_hex(pack, len, sha);
        } else {
            const char *text = policy_default_text(&len);
            hash_hex(text, len, sha);
        }
    }
    return p;
}

/* The as-of day: --as-of D (judged at the end of D), else the last
 * complete day — yesterday in the policy's timezone, at SOURCE_DATE_EPOCH
 * or now — so that a nightly run never judges a day still under way. */
static int as_of_date(const opts *o, const policy *p, char out[11], kerr *e)
{
    if (o->as_of) {
        memcpy(out, o->as_of, 11);
        return 0;
    }
    time_t t;
    util_clock(&t, 0);
    return util_last_complete_day(p->org.timezone, t, out, e);
}

/* Loads the policy and opens the store, as most commands need; on failure
 * prints the error, frees what was opened, and returns the exit code (0 on
 * success). sha may be NULL. */
static int open_policy_store(const opts *o, char sha[HASH_HEX_LEN], policy **pol, store **st)
{
    kerr e;
    kerr_clear(&e);
    *st = NULL;
    *pol = load_policy(o, sha, &e);
    if (!*pol) return fail(&e);
    *st = store_open(o->db, &e);
    if (!*st) {
        policy_free(*pol);
        *pol = NULL;
        return fail(&e);
    }
    return 0;
}

static int cmd_check(const opts *o, int argc, char **argv)
{
    (void)argv;
    if (argc != 0) return usage_error("check takes no arguments%s", "");
    kerr e;
    kerr_clear(&e);
    char sha[HASH_HEX_LEN], as_of[11];
    policy *pol;
    store *st;
    int oc = 0, lk = db_lock(o, "check", &oc);
    if (lk < 0) return oc;
    oc = open_policy_store(o, sha, &pol, &st);
    if (oc) {
        lock_release(lk);
        return oc;
    }
    rules_result r;
    memset(&r, 0, sizeof r);
    int code = 0;
    if (as_of_date(o, pol, as_of, &e) ||
        rules_check(st, pol, o->policy ? o->policy : "default", sha, as_of, &r, &e)) {
        code = fail(&e);
    } else {
        sbuf out = {0};
        if (o->json) {
            rules_summary_json(&r, &out);
            sbuf_addc(&out, '\n');
        } else if (!o->quiet) {
            rules_summary_text(&r, &out);
        }
        if (r.year_uncovered && o->json)
            fprintf(stderr, "kefu: warning: the policy calendar does not cover the year of %s\n", as_of);
        fputs(out.p ? out.p : "", stdout);
        sbuf_free(&out);
    }
    rules_result_free(&r);
    store_close(st);
    policy_free(pol);
    lock_release(lk);
    return code;
}

static int cmd_init(const opts *o, int argc, char **argv)
{
    (void)argv;
    if (argc != 0) return usage_error("init takes no arguments%s", "");
    kerr e;
    kerr_clear(&e);
    int code = 0, lk = db_lock(o, "init", &code);
    if (lk < 0) return code;
    store *st = store_open(o->db, &e);
    if (!st) {
        lock_release(lk);
        return fail(&e);
    }
    int before = store_version_before(st);
    if (!o->quiet) {
        if (before == STORE_SCHEMA_VERSION) printf("%s: schema version %d, up to date\n", o->db, before);
        else if (before == 0) printf("%s: created (schema version %d)\n", o->db, STORE_SCHEMA_VERSION);
        else printf("%s: upgraded from schema version %d to %d\n", o->db, before, STORE_SCHEMA_VERSION);
    }
    store_close(st);
    lock_release(lk);
    return 0;
}

static int cmd_ingest(const opts *o, int argc, char **argv)
{
    if (argc < 1) return usage_error("ingest needs at least one file or directory%s", "");
    kerr e;
    kerr_clear(&e);
    policy *pol;
    store *st;
    int oc = 0, lk = db_lock(o, "ingest", &oc);
    if (lk < 0) return oc;
    oc = open_policy_store(o, NULL, &pol, &st);
    if (oc) {
        lock_release(lk);
        return oc;
    }
    char now[20];
    if (now_str(pol, now, &e)) {
        store_close(st);
        policy_free(pol);
        lock_release(lk);
        return fail(&e);
    }
    ingest_opts io = { .strict = o->strict, .encoding = o->encoding, .kind = o->kind, .sheet = o->sheet, .now = now,
                       .msgs = stderr };
    ingest_result res;
    int rc = ingest_paths(st, pol, argv, argc, &io, &res, &e);
    int code = rc ? (e.code ? e.code : EXIT_SOFTWARE) : res.exit_code;
    if (rc) fprintf(stderr, "kefu: %s\n", e.msg);
    if (o->json) {
        sbuf b = {0};
        ingest_result_json(&res, &b);
        printf("%s\n", b.p);
        sbuf_free(&b);
    } else if (!o->quiet) {
        for (size_t i = 0; i < res.nfiles; i++) {
            const ingest_file *f = &res.files[i];
            if (f->skipped || f->failed) continue;
            printf("%-40s %-18s %6ld stored %6ld rejected %6ld replaced\n", f->path,
                   f->kind ? f->kind : "?", f->stored, f->rejected, f->replaced);
        }
        printf("total: %ld stored, %ld rejected, %ld replaced, %ld files skipped, %ld files rejected\n",
               res.stored, res.rejected, res.replaced, res.skipped, res.failed);
        int64_t counts[KIND_COUNT];
        if (store_kind_counts(st, counts, &e) == 0) {
            printf("database %s now holds:", o->db);
            for (int i = 0; i < KIND_COUNT; i++)
                printf("%s %s %lld", i ? "," : "", kind_all()[i].name, (long long)counts[i]);
            printf("\n");
        }
    }
    ingest_result_free(&res);
    store_close(st);
    policy_free(pol);
    lock_release(lk);
    return code;
}

static int cmd_inspect(const opts *o, int argc, char **argv)
{
    if (argc != 1) return usage_error("inspect needs exactly one file%s", "");
    kerr e;
    kerr_clear(&e);
    policy *pol = load_policy(o, NULL, &e);
    if (!pol) return fail(&e);
    ingest_opts io = { .encoding = o->encoding, .kind = o->kind, .sheet = o->sheet, .now = "" };
    sbuf out = {0};
    int code = ingest_inspect(pol, argv[0], &io, o->json, &out);
    fputs(out.p ? out.p : "", stdout);
    sbuf_free(&out);
    policy_free(pol);
    return code;
}

static void print_pack(void *ctx, const char *name)
{
    (void)ctx;
    printf("%s\n", name);
}

/* policy check: the loader's problems, the visit engine's, and with
 * --source every quote that the document does not hold (issue 11). */
static int policy_check(const opts *o, const char *arg)
{
    policy *p = NULL;
    sbuf problems = {0};
    kerr e;
    kerr_clear(&e);
    int rc = policy_load_named(arg, &p, &problems, &e);
    /* what the visit engine can run is checked too, so that a block it
     * cannot judge is found now, not at the night's check */
    if (rc == 0 && visits_check_policy(p, &e)) {
        fprintf(stderr, "kefu: %s\n", e.msg);
        rc = -1;
    } else if (rc) {
        if (problems.p) fputs(problems.p, stderr);
        else fprintf(stderr, "kefu: %s\n", e.msg);
    } else if (o->source) {
        char *doc = NULL;
        size_t len = 0;
        if (util_read_file(o->source, &doc, &len, &e)) {
            fprintf(stderr, "kefu: %s\n", e.msg);
            rc = -1;
        } else {
            int bad = policy_check_quotes(p, doc, len, o->source, &problems);
            if (bad) {
                fputs(problems.p, stderr);
                kerr_set(&e, EXIT_DATAERR, "%d quotes", bad);
                rc = -1;
            }
            free(doc);
        }
    }
    if (rc == 0 && !o->quiet) {
        if (o->source) printf("%s: valid policy; every quote occurs in %s\n", arg, o->source);
        else printf("%s: valid policy\n", arg);
    }
    sbuf_free(&problems);
    policy_free(p);
    return rc ? (e.code ? e.code : EXIT_DATAERR) : 0;
}

static int cmd_policy(const opts *o, int argc, char **argv)
{
    if (argc == 1 && strcmp(argv[0], "list") == 0) {
        policy_pack_each(print_pack, NULL);
        return 0;
    }
    if (argc >= 1 && strcmp(argv[0], "show") == 0 && argc <= 2) {
        size_t len;
        const char *name = argc == 2 ? argv[1] : o->policy;
        if (!name) name = "property";
        const char *text = NULL;
        if (strchr(name, '/') || access(name, F_OK) == 0 || !(text = policy_pack_text(name, &len, NULL))) {
            char *buf;
            kerr e;
            kerr_clear(&e);
            if (util_read_file(name, &buf, &len, &e)) {
                if (!strchr(name, '/') && !strchr(name, '.')) {
                    policy *p = NULL;
                    policy_load_pack(name, &p, NULL, &e);   /* names the shipped packs */
                }
                return fail(&e);
            }
            fwrite(buf, 1, len, stdout);
            free(buf);
            return 0;
        }
        fwrite(text, 1, len, stdout);
        return 0;
    }
    if (argc == 2 && strcmp(argv[0], "check") == 0) return policy_check(o, argv[1]);
    return usage_error("usage: kefu policy list | policy show [NAME] | policy check FILE|NAME [--source DOC]%s", "");
}

static void print_audit(void *ctx, long seq, const char *at, const char *action, const char *detail,
                        const char *hash)
{
    (void)ctx;
    printf("%6ld  %s  %-16s %.12s  %s\n", seq, at, action, hash, detail);
}

static int cmd_audit(const opts *o, int argc, char **argv)
{
    if (argc != 1 || (strcmp(argv[0], "verify") != 0 && strcmp(argv[0], "show") != 0))
        return usage_error("usage: kefu audit verify [--anchor FILE|HASH] | audit show%s", "");
    kerr e;
    kerr_clear(&e);
    store *st = store_open(o->db, &e);
    if (!st) return fail(&e);
    int code = 0;
    if (strcmp(argv[0], "show") == 0) {
        if (store_audit_each(st, print_audit, NULL, &e)) code = fail(&e);
    } else {
        long n = 0, aseq = 0, bad;
        char ahash[HASH_HEX_LEN];
        if (o->anchor && audit_anchor_read(o->anchor, &aseq, ahash, &e)) {
            store_close(st);
            return fail(&e);
        }
        bad = o->anchor ? store_audit_verify_anchor(st, aseq, ahash, &n, &e) : store_audit_verify(st, &n, &e);
        if (bad < 0) code = fail(&e);
        else if (bad > 0) {
            fprintf(stderr, "kefu: %s: %s\n", o->db, e.msg);
            code = EXIT_DATAERR;
        } else if (!o->quiet) {
            if (o->anchor)
                printf("audit log intact: %ld entries; it extends the anchor (entry %ld, %.16s…)\n", n, aseq, ahash);
            else
                printf("audit log intact: %ld entries\n", n);
        }
    }
    store_close(st);
    return code;
}

/* The creation date of the register a purge step embeds in its bundle:
 * SOURCE_DATE_EPOCH when set (the reproducible-builds convention), else
 * the as-of date at 00:00 UTC — never the clock, so a step redone after a
 * crash writes the same bundle. Other reports carry the time they were
 * made (report_clock). */
static int64_t pdf_created(const char *as_of)
{
    time_t t;
    if (util_clock(&t, 0)) return (int64_t)t;
    return (int64_t)val_days(as_of) * 86400;
}

/* When a report is made: the clock, or SOURCE_DATE_EPOCH when set, as
 * seconds (*created, the PDF dates) and as wall-clock time in the policy's
 * timezone (made, printed in the report's basis). */
static int report_clock(const policy *p, int64_t *created, char made[20], kerr *e)
{
    time_t t;
    util_clock(&t, 0);
    *created = (int64_t)t;
    return util_local_time(p->org.timezone, t, made, e);
}

static int cmd_report(const opts *o, int argc, char **argv)
{
    if (argc != 1) return usage_error("usage: kefu report KIND [--month YYYY-MM | --from DATE --to DATE] [-o FILE]%s", "");
    const char *kind = argv[0];
    int known = 0;
    for (int i = 0; REPORT_KINDS[i]; i++) known |= strcmp(REPORT_KINDS[i], kind) == 0;
    if (!known) return usage_error("report: '%s' is not fines, visits, retention, register or run", kind);
    char as_of[11], from[11], to[11], label[32];
    kerr e;
    kerr_clear(&e);
    policy *pol;
    store *st;
    int oc = open_policy_store(o, NULL, &pol, &st);
    if (oc) return oc;
    char made[20];
    int64_t created;
    if (as_of_date(o, pol, as_of, &e) || report_clock(pol, &created, made, &e)) {
        store_close(st);
        policy_free(pol);
        return fail(&e);
    }
    if (o->month) {
        int y = 0, m = 0;
        sscanf(o->month, "%4d-%2d", &y, &m);
        val_days_str(val_days_ymd(y, m, 1), from);
        val_days_str(val_days_ymd(y, m, val_month_days(y, m)), to);
        snprintf(label, sizeof label, "%s", o->month);
    } else if (o->from && o->to) {
        if (strcmp(o->from, o->to) > 0) {
            store_close(st);
            policy_free(pol);
            return usage_error("report: --from %s is after --to", o->from);
        }
        memcpy(from, o->from, 11);
        memcpy(to, o->to, 11);
        snprintf(label, sizeof label, "%s – %s", from, to);
    } else if (strcmp(kind, "register") == 0 || strcmp(kind, "retention") == 0) {
        /* a state as of a day, not a period: loans returned late of any date */
        from[0] = to[0] = '\0';
        snprintf(label, sizeof label, "%s", as_of);
    } else {
        store_close(st);
        policy_free(pol);
        return usage_error("report %s needs --month YYYY-MM or --from DATE --to DATE", kind);
    }
    char *path = o->output ? xstrdup(o->output)
                           : xasprintf("%s-%s.pdf", kind, o->month ? o->month : from[0] ? from : as_of);
    report_opts ro = { .kind = kind, .from = from[0] ? from : NULL, .to = to[0] ? to : NULL,
                       .period_label = label, .lang = o->lang,
                       .font = o->font, .template_dir = o->templates, .batch_id = o->batch,
                       .created = created, .generated = made, .as_of = as_of };
    sbuf warnings = {0};
    int code = 0;
    if (report_render(st, pol, &ro, path, &warnings, &e)) code = fail(&e);
    if (warnings.len) fprintf(stderr, "%s", warnings.p);
    if (code == 0 && !o->quiet) printf("%s\n", path);
    sbuf_free(&warnings);
    free(path);
    store_close(st);
    policy_free(pol);
    return code;
}

/* kefu export KIND [--format csv|xlsx] [-o FILE]: the kind's stored rows
 * in kefu's own layout, to FILE (whole or not at all) or stdout (CSV). */
static int cmd_export(const opts *o, int argc, char **argv)
{
    if (argc != 1) return usage_error("export needs exactly one record kind%s", "");
    const kind_def *k = kind_by_name(argv[0]);
    if (!k) return usage_error("export: '%s' is not a record kind", argv[0]);
    kerr e;
    kerr_clear(&e);
    store *st = store_open(o->db, &e);
    if (!st) return fail(&e);
    sbuf out = {0};
    int code = 0;
    if (o->format && strcmp(o->format, "xlsx") == 0) {
        if (!o->output) code = usage_error("export --format xlsx needs -o FILE%s", "");
        else if (export_xlsx(st, k, o->output, &e)) code = fail(&e);
    } else if (export_csv(st, k, &out, &e)) code = fail(&e);
    else if (o->output && util_write_file_atomic(o->output, out.p, out.len, &e)) code = fail(&e);
    else if (!o->output && (fwrite(out.p, 1, out.len, stdout) != out.len || fflush(stdout) != 0))
        code = fail(&(kerr){ EXIT_CANTCREAT, "export: cannot write to standard output" });
    sbuf_free(&out);
    store_close(st);
    return code;
}

static int cmd_run(const opts *o, int argc, char **argv)
{
    (void)argv;
    if (argc != 0 || !o->in_dir || !o->out_dir) return usage_error("usage: kefu run --in DIR --out DIR [--as-of DATE]%s", "");
    kerr e;
    kerr_clear(&e);
    char sha[HASH_HEX_LEN], as_of[11], now[20];
    policy *pol = load_policy(o, sha, &e);
    if (!pol) return fail(&e);
    int64_t created;
    if (as_of_date(o, pol, as_of, &e) || report_clock(pol, &created, now, &e)) {
        policy_free(pol);
        return fail(&e);
    }
    run_opts ro = { .in_dir = o->in_dir, .out_dir = o->out_dir, .db = o->db, .as_of = as_of, .now = now,
                    .policy_name = o->policy ? o->policy : "default", .policy_sha256 = sha, .lang = o->lang,
                    .font = o->font, .created = created, .progress = !o->quiet && isatty(2),
                    .wait = o->wait };
    run_result r;
    int code;
    if (run_nightly(pol, &ro, &r, &e)) {
        code = fail(&e);
    } else {
        code = r.exit_code;
        if (o->json) fputs(r.json.p, stdout);
        else if (!o->quiet) fputs(r.summary.p, stdout);
    }
    run_result_free(&r);
    policy_free(pol);
    return code;
}

/* The register renderer the purge steps call (purge_render_fn). */
static int render_register(void *arg, store *st, const policy *p, const char *batch_id, const char *as_of,
                           unsigned char **pdf, size_t *len, sbuf *warnings, kerr *e)
{
    const opts *o = arg;
    report_opts ro = { .kind = "register", .batch_id = batch_id, .lang = o->lang, .font = o->font,
                       .template_dir = o->templates, .created = pdf_created(as_of), .as_of = as_of,
                       .period_label = as_of };
    return report_render_mem(st, p, &ro, pdf, len, warnings, e);
}

/* purge, hold and bundle: the archivist's commands over purge.h. */
static int cmd_archive(const opts *o, const char *cmd, int argc, char **argv)
{
    const char *sub = argc >= 1 ? argv[0] : "";
    kerr e;
    kerr_clear(&e);
    if (strcmp(cmd, "bundle") == 0 && strcmp(sub, "verify") == 0) {
        if (argc != 2) return usage_error("usage: kefu bundle verify FILE|DIR%s", "");
        sbuf out = {0};
        int rc = purge_bundle_verify(argv[1], o->json, &out, &e);
        if (!o->quiet || o->json) fputs(out.p ? out.p : "", stdout);
        sbuf_free(&out);
        return rc ? fail(&e) : 0;
    }
    /* the subcommands that change the database hold its lock */
    int writes = (strcmp(cmd, "purge") == 0 && (strcmp(sub, "plan") == 0 || strcmp(sub, "approve") == 0 ||
                                                 strcmp(sub, "execute") == 0)) ||
                 (strcmp(cmd, "hold") == 0 && (strcmp(sub, "add") == 0 || strcmp(sub, "lift") == 0));
    policy *pol;
    store *st;
    int oc = 0, lk = -1;
    if (writes && (lk = db_lock(o, cmd, &oc)) < 0) return oc;
    oc = open_policy_store(o, NULL, &pol, &st);
    if (oc) {
        lock_release(lk);
        return oc;
    }
    char as_of[11], now[20];
    /* a purge's default as-of is the last complete day on the real clock:
     * SOURCE_DATE_EPOCH never moves disposition (issue 13) */
    int real = strcmp(cmd, "purge") == 0 && !o->as_of;
    if ((real ? purge_last_complete_day(pol, 0, as_of, NULL, &e) : as_of_date(o, pol, as_of, &e)) ||
        now_str(pol, now, &e)) {
        store_close(st);
        policy_free(pol);
        lock_release(lk);
        return fail(&e);
    }
    sbuf warnings = {0}, out = {0};
    purge_ctx c = { .st = st, .p = pol, .as_of = as_of, .now = now, .out_dir = o->out_dir,
                    .render = render_register, .render_arg = (void *)o, .warnings = &warnings };
    int rc = -2;   /* -2: usage */
    if (strcmp(cmd, "purge") == 0) {
        if (strcmp(sub, "plan") == 0 && argc == 1 && o->prepared_by) {
            purge_plan_result r;
            memset(&r, 0, sizeof r);
            rc = purge_plan(&c, o->prepared_by, o->category, &r, &e);
            if (rc == 0 && o->json) purge_plan_result_json(&r, &out);
            else if (rc == 0 && r.batch_id[0])
                sbuf_printf(&out, "%s\n", r.batch_id);
            else if (rc == 0)
                fprintf(stderr, "kefu: no record is eligible for disposition as of %s: no batch\n", as_of);
            if (rc == 0 && r.batch_id[0] && !o->json)
                fprintf(stderr, "kefu: batch %s: %ld records (%ld to destroy, %ld to transfer); register %s\n",
                        r.batch_id, r.nitems, r.ndestroy, r.ntransfer, r.register_path);
            purge_plan_result_free(&r);
        } else if (strcmp(sub, "approve") == 0 && argc == 2 && o->reviewed_by && o->approved_by) {
            rc = purge_approve(&c, argv[1], o->reviewed_by, o->approved_by, &e);
            if (rc == 0) sbuf_printf(&out, "%s approved\n", argv[1]);
        } else if (strcmp(sub, "execute") == 0 && argc == 2) {
            purge_exec_result r;
            memset(&r, 0, sizeof r);
            rc = purge_execute(&c, argv[1], o->witness, o->nwitness, &r, &e);
            if (rc == 0 && o->json) purge_exec_result_json(&r, argv[1], &out);
            else if (rc == 0) sbuf_printf(&out, "%s\n", r.bundle_path);
            if (rc == 0 && !o->json)
                fprintf(stderr, "kefu: batch %s executed: %ld destroyed, %ld transferred, %ld dropped%s\n",
                        argv[1], r.ndestroyed, r.ntransferred, r.ndropped, r.already ? " (already done before)" : "");
            purge_exec_result_free(&r);
        } else if (strcmp(sub, "list") == 0 && argc == 1) {
            rc = purge_list(&c, o->json, &out, &e);
        } else if (strcmp(sub, "show") == 0 && argc == 2) {
            rc = purge_show(&c, argv[1], o->json, &out, &e);
        }
    } else if (strcmp(cmd, "hold") == 0) {
        if (strcmp(sub, "add") == 0 && argc == 1) {
            purge_hold_spec h = { .hold_id = o->hold_id, .record_id = o->record, .category = o->category,
                                  .owner = o->owner, .reason = o->reason, .placed_by = o->placed_by,
                                  .placed_on = o->on };
            rc = purge_hold_add(&c, &h, &e);
            if (rc == 0) sbuf_printf(&out, "hold %s placed\n", o->hold_id);
        } else if (strcmp(sub, "lift") == 0 && argc == 2) {
            rc = purge_hold_lift(&c, argv[1], o->on, &e);
            if (rc == 0) sbuf_printf(&out, "hold %s lifted\n", argv[1]);
        } else if (strcmp(sub, "list") == 0 && argc == 1) {
            rc = purge_hold_list(&c, o->json, &out, &e);
        }
    } else if (strcmp(cmd, "bundle") == 0 && strcmp(sub, "sources") == 0 && argc == 1) {
        purge_sources_result r;
        memset(&r, 0, sizeof r);
        rc = purge_bundle_sources(&c, o->date, &r, &e);
        if (rc == 0 && o->json) purge_sources_result_json(&r, &out);
        else if (rc == 0 && r.bundle_path) sbuf_printf(&out, "%s\n", r.bundle_path);
        else if (rc == 0) fprintf(stderr, "kefu: no source file was ingested on %s: no bundle\n", o->date ? o->date : as_of);
        purge_sources_result_free(&r);
    }
    int code = 0;
    if (rc == -2) {
        code = usage_error("usage: see 'kefu --help' for the %s commands", cmd);
    } else if (rc != 0) {
        code = fail(&e);
    } else if (!o->quiet || o->json) {
        fputs(out.p ? out.p : "", stdout);
    }
    if (warnings.len) fputs(warnings.p, stderr);
    sbuf_free(&warnings);
    sbuf_free(&out);
    store_close(st);
    policy_free(pol);
    lock_release(lk);
    return code;
}

int main(int argc, char **argv)
{
    opts o = { .db = getenv("KEFU_DB"), .lang = "zh", .font = getenv("KEFU_FONT") };
    if (!o.db || !*o.db) o.db = "kefu.db";
    enum { O_DB = 256, O_POLICY, O_ASOF, O_LANG, O_FONT, O_QUIET, O_JSON, O_HELP, O_VERSION,
           O_STRICT, O_ENCODING, O_KIND, O_MONTH, O_FROM, O_TO, O_BATCH, O_TEMPLATES, O_IN, O_OUT,
           O_PREPARED, O_REVIEWED, O_APPROVED, O_WITNESS, O_CATEGORY, O_HOLD_ID, O_RECORD, O_OWNER,
           O_REASON, O_PLACED_BY, O_ON, O_DATE, O_WAIT, O_GROUP_READABLE, O_SOURCE, O_SHEET, O_FORMAT, O_ANCHOR };
    static const struct option longopts[] = {
        { "db", required_argument, NULL, O_DB }, { "policy", required_argument, NULL, O_POLICY },
        { "as-of", required_argument, NULL, O_ASOF }, { "lang", required_argument, NULL, O_LANG },
        { "font", required_argument, NULL, O_FONT }, { "quiet", no_argument, NULL, O_QUIET },
        { "json", no_argument, NULL, O_JSON }, { "help", no_argument, NULL, O_HELP },
        { "version", no_argument, NULL, O_VERSION }, { "strict", no_argument, NULL, O_STRICT },
        { "encoding", required_argument, NULL, O_ENCODING }, { "kind", required_argument, NULL, O_KIND },
        { "month", required_argument, NULL, O_MONTH }, { "from", required_argument, NULL, O_FROM },
        { "to", required_argument, NULL, O_TO }, { "batch", required_argument, NULL, O_BATCH },
        { "templates", required_argument, NULL, O_TEMPLATES }, { "in", required_argument, NULL, O_IN },
        { "out", required_argument, NULL, O_OUT }, { "output", required_argument, NULL, 'o' },
        { "prepared-by", required_argument, NULL, O_PREPARED }, { "reviewed-by", required_argument, NULL, O_REVIEWED },
        { "approved-by", required_argument, NULL, O_APPROVED }, { "witness", required_argument, NULL, O_WITNESS },
        { "category", required_argument, NULL, O_CATEGORY }, { "hold-id", required_argument, NULL, O_HOLD_ID },
        { "record", required_argument, NULL, O_RECORD }, { "owner", required_argument, NULL, O_OWNER },
        { "reason", required_argument, NULL, O_REASON }, { "placed-by", required_argument, NULL, O_PLACED_BY },
        { "on", required_argument, NULL, O_ON }, { "date", required_argument, NULL, O_DATE },
        { "wait", required_argument, NULL, O_WAIT }, { "group-readable", no_argument, NULL, O_GROUP_READABLE },
        { "source", required_argument, NULL, O_SOURCE },
        { "sheet", required_argument, NULL, O_SHEET },
        { "format", required_argument, NULL, O_FORMAT },
        { "anchor", required_argument, NULL, O_ANCHOR },
        { NULL, 0, NULL, 0 }
    };
    int c;
    opterr = 0;
    /* Options may come before or after the command (GNU permutation). */
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        switch (c) {
        case O_DB: o.db = optarg; break;
        case O_POLICY: o.policy = optarg; break;
        case O_SOURCE: o.source = optarg; break;
        case O_ANCHOR: o.anchor = optarg; break;
        case O_ASOF:
            if (val_date(optarg, o.as_of_buf)) return usage_error("--as-of: '%s' is not a date (YYYY-MM-DD)", optarg);
            o.as_of = o.as_of_buf;
            break;
        case O_LANG:
            if (strcmp(optarg, "zh") != 0 && strcmp(optarg, "en") != 0)
                return usage_error("--lang: '%s' is not zh or en", optarg);
            o.lang = optarg;
            break;
        case O_FONT: o.font = optarg; break;
        case O_QUIET: o.quiet = 1; break;
        case O_JSON: o.json = 1; break;
        case 'h':
        case O_HELP: usage(stdout); return 0;
        case O_VERSION:
            printf("kefu %s\nSQLite %s, libxml2 %s, zlib %s, libharu %s, nettle %s\n", KEFU_VERSION,
                   store_lib_version(), xmlin_lib_version(), tar_lib_version(), pdf_lib_version(),
                   hash_lib_version());
            return 0;
        case O_STRICT: o.strict = 1; break;
        case O_ENCODING:
            if (strcasecmp(optarg, "utf-8") != 0 && strcasecmp(optarg, "utf8") != 0 &&
                strcasecmp(optarg, "gb18030") != 0 && strcasecmp(optarg, "gbk") != 0)
                return usage_error("--encoding: '%s' is not utf-8 or gb18030", optarg);
            o.encoding = optarg;
            break;
        case O_MONTH: {
            char tmp[11];
            char *full = xasprintf("%s-01", optarg);
            int bad = strlen(optarg) != 7 || val_date(full, tmp) != 0;
            free(full);
            if (bad) return usage_error("--month: '%s' is not a month (YYYY-MM)", optarg);
            o.month = optarg;
            break;
        }
        case O_FROM:
            if (val_date(optarg, o.from_buf)) return usage_error("--from: '%s' is not a date (YYYY-MM-DD)", optarg);
            o.from = o.from_buf;
            break;
        case O_TO:
            if (val_date(optarg, o.to_buf)) return usage_error("--to: '%s' is not a date (YYYY-MM-DD)", optarg);
            o.to = o.to_buf;
            break;
        case 'o': o.output = optarg; break;
        case O_BATCH: o.batch = optarg; break;
        case O_TEMPLATES: o.templates = optarg; break;
        case O_IN: o.in_dir = optarg; break;
        case O_OUT: o.out_dir = optarg; break;
        case O_PREPARED: o.prepared_by = optarg; break;
        case O_REVIEWED: o.reviewed_by = optarg; break;
        case O_APPROVED: o.approved_by = optarg; break;
        case O_WITNESS:
            if (o.nwitness > PURGE_MAX_WITNESSES)
                return usage_error("--witness: at most %s witnesses", "16");
            o.witness[o.nwitness++] = optarg;
            break;
        case O_CATEGORY: o.category = optarg; break;
        case O_HOLD_ID: o.hold_id = optarg; break;
        case O_RECORD: o.record = optarg; break;
        case O_OWNER: o.owner = optarg; break;
        case O_REASON: o.reason = optarg; break;
        case O_PLACED_BY: o.placed_by = optarg; break;
        case O_ON: o.on = optarg; break;
        case O_DATE: o.date = optarg; break;
        case O_GROUP_READABLE: o.group_readable = 1; break;
        case O_WAIT: {
            char *end;
            errno = 0;
            long w = strtol(optarg, &end, 10);
            if (errno || end == optarg || *end || w < 0 || w > LOCK_MAX_WAIT)
                return usage_error("--wait: '%s' is not a number of seconds from 0 to 86400", optarg);
            o.wait = (int)w;
            break;
        }
        case O_SHEET: o.sheet = optarg; break;
        case O_FORMAT:
            if (strcmp(optarg, "csv") != 0 && strcmp(optarg, "xlsx") != 0)
                return usage_error("--format: '%s' is not csv or xlsx", optarg);
            o.format = optarg;
            break;
        case O_KIND:
            if (!kind_by_name(optarg)) return usage_error("--kind: '%s' is not a record kind", optarg);
            o.kind = optarg;
            break;
        default:
            return usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[optind];
    int nargs = argc - optind - 1;
    char **args = argv + optind + 1;
    int code;
    /* the database, its -wal/-shm, reports and bundles hold personal data */
    util_set_group_readable(o.group_readable);
    /* data must not drive the terminal: every message on stderr, and what
     * stdout shows when it is a terminal, has its control characters
     * escaped (util_term_stream); a pipe or file gets stdout's bytes */
    FILE *real_err = stderr, *real_out = stdout;
    stderr = util_term_stream(real_err);
    setvbuf(stderr, NULL, _IOLBF, 0);
    if (isatty(STDOUT_FILENO)) stdout = util_term_stream(real_out);
    xmlin_init();
    if (strcmp(cmd, "init") == 0) code = cmd_init(&o, nargs, args);
    else if (strcmp(cmd, "ingest") == 0) code = cmd_ingest(&o, nargs, args);
    else if (strcmp(cmd, "check") == 0) code = cmd_check(&o, nargs, args);
    else if (strcmp(cmd, "report") == 0) code = cmd_report(&o, nargs, args);
    else if (strcmp(cmd, "run") == 0) code = cmd_run(&o, nargs, args);
    else if (strcmp(cmd, "purge") == 0 || strcmp(cmd, "hold") == 0 || strcmp(cmd, "bundle") == 0)
        code = cmd_archive(&o, cmd, nargs, args);
    else if (strcmp(cmd, "inspect") == 0) code = cmd_inspect(&o, nargs, args);
    else if (strcmp(cmd, "export") == 0) code = cmd_export(&o, nargs, args);
    else if (strcmp(cmd, "policy") == 0) code = cmd_policy(&o, nargs, args);
    else if (strcmp(cmd, "audit") == 0) code = cmd_audit(&o, nargs, args);
    else code = usage_error("unknown command '%s'", cmd);
    xmlin_cleanup();
    if (stdout != real_out && fclose(stdout) != 0 && code == 0) code = EXIT_CANTCREAT;
    if (stderr != real_err) fclose(stderr);
    stdout = real_out;
    stderr = real_err;
    if (fflush(stdout) != 0 && code == 0) code = EXIT_CANTCREAT;
    return code;
}
