/* main.c — the kefu command line: parses options, opens the store and the
 * policy, calls the modules, prints, and chooses the exit code (SPEC §2).
 * Everything else is a library that tests and fuzzers link without this. */
#include "msg.h"
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
#include "store_retain.h"
#include "report.h"
#include "run.h"
#include "visits.h"
#include "pdf.h"
#include "tar.h"
#include "lock.h"
#include "cli.h"
#include "listing.h"
#include "audit.h"
#include "mapping.h"

#include <errno.h>
#include <signal.h>
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
    int roles;              /* audit show --roles */
    const char *audit_key_file; /* --audit-key-file FILE, or $KEFU_AUDIT_KEY_FILE: the HMAC chain's key */
    const char *as_of;     /* --as-of DATE, canonical, or NULL (today) */
    char as_of_buf[11];    /* storage for a parsed --as-of */
    const char *lang;      /* --lang zh|en */
    const char *font;      /* --font FILE */
    const char *encoding;  /* --encoding utf-8|gb18030 (ingest, inspect) */
    const char *kind;      /* --kind KIND (ingest, inspect) */
    const char *sheet;     /* --sheet NAME: one sheet of a workbook (ingest, inspect) */
    const char *mapping;   /* --mapping NAME|FILE: a foreign layout (ingest, inspect) */
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
    const char *rechecked_by; /* purge execute --rechecked-by ID */
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
    const char *rule, *dept, *employee; /* findings filters */
    int csv;               /* --csv */
} opts;

/* The command being run, for usage_error's hint (set once by main). */
static const char *current_command;

/* 1: messages and help in Chinese (want_zh, set once by main). */
static int messages_zh;

/* --json (docs/json.md): every command prints one JSON object on stdout,
 * in the envelope {"schema":JSON_SCHEMA,…,"exit":CODE} — CODE being the
 * exit code kefu returns with it. A command that fails before it has an
 * object of its own gets the error object {"schema":1,"error":MSG,"exit":CODE}
 * from main, MSG being the last error printed (note_error). */
#define JSON_SCHEMA 1
static int json_mode;        /* --json was given */
static int json_printed;     /* a JSON object went to stdout */
static char *last_error;     /* the last error message printed (owned), or NULL */

/* Remembers msg as the last error, for the error object of --json. */
static void note_error(const char *msg)
{
    free(last_error);
    last_error = xstrdup(msg);
}

/* Prints body — one JSON object "{…}" made without the envelope (a
 * trailing newline is dropped) — on stdout as {"schema":1,…,"exit":code}. */
static void json_emit(const char *body, int code)
{
    size_t n = strlen(body);
    while (n > 0 && (body[n - 1] == '\n' || body[n - 1] == ' ')) n--;
    /* the members between the braces, if any */
    size_t inner = n >= 2 && body[0] == '{' && body[n - 1] == '}' ? n - 2 : 0;
    printf("{\"schema\":%d%s", JSON_SCHEMA, inner ? "," : "");
    fwrite(body + 1, 1, inner, stdout);
    printf(",\"exit\":%d}\n", code);
    json_printed = 1;
}

/* Appends `lines` (one message a line, "kefu: " dropped) as the members
 * of a JSON array. */
static void json_lines(sbuf *j, const char *lines)
{
    int n = 0;
    for (const char *l = lines; l && *l;) {
        const char *nl = strchr(l, '\n');
        size_t len = nl ? (size_t)(nl - l) : strlen(l);
        if (len > 6 && strncmp(l, "kefu: ", 6) == 0) l += 6, len -= 6;
        if (len) {
            char *one = xasprintf("%.*s", (int)len, l);
            if (n++) sbuf_addc(j, ',');
            sbuf_json_str(j, one);
            free(one);
        }
        l += len + (nl ? 1 : 0);
    }
}

/* Prints one usage line naming the argument at fault, and where to read
 * more; returns EXIT_USAGE. */
static int usage_error(const char *fmt, const char *arg)
{
    char *msg = xasprintf(msg_tr(fmt), arg);
    note_error(msg);
    fprintf(stderr, "kefu: %s", msg);
    free(msg);
    if (current_command) fprintf(stderr, msg_tr("\nTry 'kefu help %s'.\n"), current_command);
    else fprintf(stderr, msg_tr("\nTry 'kefu help'.\n"));
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
    note_error(e->msg);
    fprintf(stderr, "kefu: %s\n", e->msg);
    return e->code ? e->code : EXIT_SOFTWARE;
}

/* For a command that reads or changes an existing database (all but init,
 * ingest and run): returns 0 when the database file exists, else prints
 * that it is missing and returns EXIT_NOINPUT, so that a command run in the
 * wrong directory neither creates an empty database nor reports on one. */
static int need_db(const opts *o)
{
    if (access(o->db, F_OK) == 0) return 0;
    kerr e;
    kerr_set(&e, EXIT_NOINPUT, "%s: no such database (create one with 'kefu init' or 'kefu ingest', "
                               "or name it with --db or $KEFU_DB)", o->db);
    return fail(&e);
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
    (void)argc;
    (void)argv;
    kerr e;
    kerr_clear(&e);
    char sha[HASH_HEX_LEN], as_of[11], now[20];
    /* the policy first: a broken one is the error to report, database or not */
    policy *pol = load_policy(o, sha, &e);
    if (!pol) return fail(&e);
    int oc = need_db(o), lk = -1;
    if (oc || (lk = db_lock(o, "check", &oc)) < 0) {
        policy_free(pol);
        return oc;
    }
    store *st = store_open(o->db, &e);
    if (!st || store_audit_writable(st, &e)) {
        store_close(st);
        policy_free(pol);
        lock_release(lk);
        return fail(&e);
    }
    rules_result r;
    memset(&r, 0, sizeof r);
    int code = 0;
    if (as_of_date(o, pol, as_of, &e) || now_str(pol, now, &e) ||
        rules_check(st, pol, o->policy ? o->policy : "default", sha, as_of, now, &r, &e)) {
        code = fail(&e);
    } else {
        sbuf out = {0};
        if (o->json) {
            rules_summary_json(&r, &out);
            json_emit(out.p, code);
        } else if (!o->quiet) {
            rules_summary_text(&r, &out);
            fputs(out.p ? out.p : "", stdout);
        }
        if (r.year_uncovered && o->json)
            fprintf(stderr, msg_tr("kefu: warning: the policy calendar does not cover the year of %s\n"), as_of);
        sbuf_free(&out);
    }
    rules_result_free(&r);
    store_close(st);
    policy_free(pol);
    lock_release(lk);
    return code;
}

/* kefu vacuum: store_vacuum under the writer lock; prints the sizes. */
static int cmd_vacuum(const opts *o)
{
    kerr e;
    kerr_clear(&e);
    char now[20];
    int code = 0, lk = -1;
    policy *pol = load_policy(o, NULL, &e);
    if (!pol) return fail(&e);
    if ((code = need_db(o)) || (lk = db_lock(o, "vacuum", &code)) < 0) {
        policy_free(pol);
        return code;
    }
    store_vacuum_info vi;
    store *st = store_open(o->db, &e);
    if (!st || now_str(pol, now, &e) || store_vacuum(st, now, &vi, &e)) {
        code = fail(&e);
    } else if (o->json) {
        sbuf j = {0};
        sbuf_addc(&j, '{');
        util_json_name(&j, "db", o->db);
        sbuf_printf(&j, ",\"bytes_before\":%lld,\"free_before\":%lld,\"bytes_after\":%lld}",
                    (long long)vi.bytes_before, (long long)vi.free_before, (long long)vi.bytes_after);
        json_emit(j.p, 0);
        sbuf_free(&j);
    } else if (!o->quiet) {
        printf(msg_tr("%s: vacuumed: %lld bytes before (%lld of them free), %lld after\n"), o->db,
               (long long)vi.bytes_before, (long long)vi.free_before, (long long)vi.bytes_after);
    }
    store_close(st);
    policy_free(pol);
    lock_release(lk);
    return code;
}

static int cmd_init(const opts *o, int argc, char **argv)
{
    (void)argc;
    (void)argv;
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
    if (o->json) {
        sbuf j = {0};
        sbuf_addc(&j, '{');
        util_json_name(&j, "db", o->db);
        sbuf_printf(&j, ",\"action\":\"%s\",\"version_before\":%d,\"version\":%d}",
                    before == STORE_SCHEMA_VERSION ? "none" : before == 0 ? "created" : "upgraded", before,
                    STORE_SCHEMA_VERSION);
        json_emit(j.p, 0);
        sbuf_free(&j);
    } else if (!o->quiet) {
        if (before == STORE_SCHEMA_VERSION) printf(msg_tr("%s: schema version %d, up to date\n"), o->db, before);
        else if (before == 0) printf(msg_tr("%s: created (schema version %d)\n"), o->db, STORE_SCHEMA_VERSION);
        else printf(msg_tr("%s: upgraded from schema version %d to %d\n"), o->db, before, STORE_SCHEMA_VERSION);
        /* an upgrade that rebuilt tables (version 13 rewrites every record
         * table) leaves their old pages free inside the file */
        int64_t freeb = before && before != STORE_SCHEMA_VERSION ? store_free_bytes(st, &e) : 0;
        if (freeb > 0)
            printf(msg_tr("%s: %lld bytes of the file are free pages now: kefu vacuum returns them to the disk\n"),
                   o->db, (long long)freeb);
    }
    /* with --audit-key-file: the deliberate step that keys the chain */
    int keyed = 0;
    if (o->audit_key_file && *o->audit_key_file) {
        char now[20];
        policy *pol = load_policy(o, NULL, &e);
        if (!pol || now_str(pol, now, &e) || (keyed = store_audit_key_chain(st, now, &e)) < 0) code = fail(&e);
        policy_free(pol);
    }
    if (keyed > 0 && !o->quiet) {
        long from = 0;
        char id[HASH_HEX_LEN];
        if (store_audit_keyed(st, &from, id, &e) > 0)
            printf(msg_tr("%s: audit chain HMAC-keyed from entry %ld (key id %.16s…)\n"), o->db, from, id);
    }
    store_close(st);
    lock_release(lk);
    return code;
}

/* Standard input as a file (ingest -, inspect -): its bytes copied into a
 * private directory, so that the readers, which take paths (a workbook is
 * read with pread), and the source bundle, which re-reads the file, read
 * it as any other; the path "-" names it (ingest_opts.stdin_file). */
typedef struct stdin_copy {
    char *dir;             /* the private directory (mkdtemp, 0700), or NULL (owned) */
    char *file;            /* the copy in it, or NULL when no argument is "-" (owned) */
} stdin_copy;

/* When an argument is "-", copies standard input into *sc; returns 0, or
 * the exit code after printing why (a second "-" is a usage error: there
 * is one standard input). Free with stdin_drop either way. */
static int stdin_take(int argc, char **argv, stdin_copy *sc)
{
    sc->dir = sc->file = NULL;
    int n = 0;
    for (int i = 0; i < argc; i++) n += strcmp(argv[i], "-") == 0;
    if (n == 0) return 0;
    if (n > 1) return usage_error("'-' (standard input) may be given once%s", "");
    const char *tmp = getenv("TMPDIR");
    sc->dir = xasprintf("%s/kefu-stdin-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    kerr e;
    if (!mkdtemp(sc->dir)) {
        kerr_set(&e, EXIT_CANTCREAT, "-: cannot make a directory %s for standard input: %s", sc->dir,
                 msg_strerror(errno));
        free(sc->dir);
        sc->dir = NULL;
        return fail(&e);
    }
    sc->file = xasprintf("%s/-", sc->dir);   /* "-" also there: bundle verify reads it by that name */
    FILE *fp = fopen(sc->file, "wb");
    char buf[65536];
    size_t n_read;
    int ok = fp != NULL;
    while (ok && (n_read = fread(buf, 1, sizeof buf, stdin)) > 0)
        ok = fwrite(buf, 1, n_read, fp) == n_read;
    int err = errno;
    if (ferror(stdin)) ok = 0;
    if (fp && fclose(fp) != 0) ok = 0, err = errno;
    if (!ok) {
        kerr_set(&e, EXIT_CANTCREAT, "-: cannot copy standard input to %s: %s", sc->file, msg_strerror(err));
        return fail(&e);
    }
    return 0;
}

/* Loads --mapping (NULL when not given); prints why and returns the exit
 * code when it cannot, or when --kind is given too. */
static int load_mapping(const opts *o, mapping **m)
{
    kerr e;
    kerr_clear(&e);
    *m = NULL;
    if (!o->mapping) return 0;
    if (o->kind) {
        fprintf(stderr, msg_tr("kefu: --kind and --mapping exclude each other (the mapping names its kind)\n"));
        return EXIT_USAGE;
    }
    return map_load(o->mapping, m, &e) ? fail(&e) : 0;
}

/* Removes the copy of standard input, if any. */
static void stdin_drop(stdin_copy *sc)
{
    if (sc->file) unlink(sc->file);
    if (sc->dir) rmdir(sc->dir);
    free(sc->file);
    free(sc->dir);
    sc->file = sc->dir = NULL;
}

/* ingest of the paths in argv ("-" read from stdin_file). */
static int ingest_files(const opts *o, int argc, char **argv, const char *stdin_file)
{
    kerr e;
    kerr_clear(&e);
    policy *pol;
    store *st;
    mapping *map;
    int oc = load_mapping(o, &map);
    if (oc) return oc;
    int lk = db_lock(o, "ingest", &oc);
    if (lk < 0) { map_free(map); return oc; }
    oc = open_policy_store(o, NULL, &pol, &st);
    if (oc) {
        map_free(map);
        lock_release(lk);
        return oc;
    }
    char now[20];
    if (now_str(pol, now, &e) || store_audit_writable(st, &e)) {
        store_close(st);
        policy_free(pol);
        map_free(map);
        lock_release(lk);
        return fail(&e);
    }
    ingest_opts io = { .strict = o->strict, .encoding = o->encoding, .kind = o->kind, .sheet = o->sheet, .now = now,
                       .msgs = stderr, .quiet = o->quiet, .stdin_file = stdin_file, .mapping = map };
    ingest_result res;
    int rc = ingest_paths(st, pol, argv, argc, &io, &res, &e);
    int code = rc ? (e.code ? e.code : EXIT_SOFTWARE) : res.exit_code;
    if (rc) fprintf(stderr, "kefu: %s\n", e.msg);
    if (o->json) {
        sbuf b = {0};
        ingest_result_json(&res, &b);
        json_emit(b.p, code);
        sbuf_free(&b);
    } else if (!o->quiet) {
        for (size_t i = 0; i < res.nfiles; i++) {
            const ingest_file *f = &res.files[i];
            if (f->skipped || f->failed) continue;
            sbuf line = {0};   /* padded by display width: paths may be Chinese */
            sbuf_pad(&line, f->path, 40);
            sbuf_addc(&line, ' ');
            sbuf_pad(&line, f->kind ? f->kind : "?", 18);
            printf(msg_tr("%s %6ld stored %6ld rejected %6ld replaced\n"), line.p, f->stored, f->rejected, f->replaced);
            sbuf_free(&line);
        }
        printf(msg_tr("total: %ld stored, %ld rejected, %ld replaced, %ld files skipped, %ld files rejected\n"),
               res.stored, res.rejected, res.replaced, res.skipped, res.failed);
        int64_t counts[KIND_COUNT];
        if (store_kind_counts(st, counts, &e) == 0) {
            printf(msg_tr("database %s now holds:"), o->db);
            for (int i = 0; i < KIND_COUNT; i++)
                printf("%s %s %lld", i ? "," : "", kind_all()[i].name, (long long)counts[i]);
            printf("\n");
        }
    }
    ingest_result_free(&res);
    store_close(st);
    policy_free(pol);
    map_free(map);
    lock_release(lk);
    return code;
}

/* kefu ingest PATH...: standard input is copied first, before the lock
 * is taken, so that a slow pipe never holds up another kefu process. */
static int cmd_ingest(const opts *o, int argc, char **argv)
{
    stdin_copy sc;
    int code = stdin_take(argc, argv, &sc);
    if (code == 0) code = ingest_files(o, argc, argv, sc.file);
    stdin_drop(&sc);
    return code;
}

/* A punch log's pairing with the roster of the database (read-only),
 * added to inspect's output: a "pairing" member of its JSON object, or
 * lines of text. No database file: the text says how to get one. */
static int inspect_pairing(const opts *o, const policy *pol, const rules_punch_rows *r, sbuf *out, kerr *e)
{
    if (access(o->db, F_OK) != 0) {
        if (!o->json)
            sbuf_printf(out, msg_tr("pairing:   no database %s: name the one with the roster (--db) to see the shifts "
                                       "these punches make\n"), o->db);
        return 0;
    }
    store *st = store_open_ro(o->db, e);
    if (!st) return -1;
    sbuf p = {0};
    int rc = rules_punch_preview(st, pol, o->db, r->v, r->n, o->json, &p, e);
    store_close(st);
    if (rc == 0 && o->json && out->len >= 2 && out->p[out->len - 2] == '}') {
        out->len -= 2;                    /* "…}\n" → "…,\"pairing\":{…}}\n" */
        sbuf_adds(out, ",\"pairing\":");
        sbuf_add(out, p.p, p.len);
        sbuf_adds(out, "}\n");
    } else if (rc == 0) {
        sbuf_add(out, p.p, p.len);
    }
    sbuf_free(&p);
    return rc;
}

static int cmd_inspect(const opts *o, int argc, char **argv)
{
    kerr e;
    kerr_clear(&e);
    mapping *map;
    int mc = load_mapping(o, &map);
    if (mc) return mc;
    policy *pol = load_policy(o, NULL, &e);
    if (!pol) { map_free(map); return fail(&e); }
    rules_punch_rows punches = {0};
    ingest_opts io = { .encoding = o->encoding, .kind = o->kind, .sheet = o->sheet, .now = "", .mapping = map,
                       .row_fn = rules_punch_collect, .row_ctx = &punches };
    sbuf out = {0};
    int code;
    stdin_copy sc;
    if ((code = stdin_take(argc, argv, &sc)) == 0) {
        io.stdin_file = sc.file;
        code = ingest_inspect(pol, argv[0], &io, o->json, &out);
    }
    stdin_drop(&sc);
    if (punches.n && inspect_pairing(o, pol, &punches, &out, &e) && !code) code = fail(&e);
    if (o->json && out.p) json_emit(out.p, code);
    else fputs(out.p ? out.p : "", stdout);
    sbuf_free(&out);
    rules_punch_rows_free(&punches);
    policy_free(pol);
    map_free(map);
    return code;
}

/* policy list: one name a line, or (ctx an sbuf) a JSON array's members. */
static void print_pack(void *ctx, const char *name)
{
    sbuf *j = ctx;
    if (!j) {
        printf("%s\n", name);
        return;
    }
    if (j->p[j->len - 1] != '[') sbuf_addc(j, ',');
    sbuf_json_str(j, name);
}

/* policy show --json: the policy's name, where it came from, the SHA-256
 * and the text of its bytes. */
static void policy_show_json(const char *name, const char *from, const char *text, size_t len)
{
    char sha[HASH_HEX_LEN];
    hash_hex(text, len, sha);
    sbuf j = {0}, t = {0};
    sbuf_addc(&j, '{');
    util_json_name(&j, "name", name);
    sbuf_printf(&j, ",\"from\":\"%s\",\"sha256\":\"%s\",\"bytes\":%zu,\"text\":", from, sha, len);
    sbuf_add(&t, text, len);
    sbuf_json_str(&j, t.p ? t.p : "");
    sbuf_addc(&j, '}');
    json_emit(j.p, 0);
    sbuf_free(&t);
    sbuf_free(&j);
}

/* policy check: the loader's problems, the visit engine's, and with
 * --source every quote that the document does not hold (issue 11). */
static int policy_check(const opts *o, const char *arg)
{
    policy *p = NULL;
    sbuf problems = {0};
    kerr e;
    kerr_clear(&e);
    /* every problem, one line each ("FILE:LINE: …"), for stderr or the JSON */
    sbuf lines = {0};
    int rc;
    if (strcmp(arg, "-") == 0) {
        /* the policy on standard input, named "-" in every problem */
        sbuf in = {0};
        char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) sbuf_add(&in, buf, n);
        if (ferror(stdin)) rc = kerr_set(&e, EXIT_NOINPUT, "-: cannot read standard input: %s", msg_strerror(errno));
        else rc = policy_load_mem(in.p ? in.p : "", in.len, "-", &p, &problems, &e);
        sbuf_free(&in);
    } else {
        rc = policy_load_named(arg, &p, &problems, &e);
    }
    /* what the visit engine can run is checked too, so that a block it
     * cannot judge is found now, not at the night's check */
    if (rc == 0 && visits_check_policy(p, &e)) {
        sbuf_printf(&lines, "kefu: %s\n", e.msg);
        rc = -1;
    } else if (rc) {
        if (problems.p) sbuf_adds(&lines, problems.p);
        else sbuf_printf(&lines, "kefu: %s\n", e.msg);
    } else if (o->source) {
        char *doc = NULL;
        size_t len = 0;
        if (util_read_doc(o->source, &doc, &len, &e)) {
            sbuf_printf(&lines, "kefu: %s\n", e.msg);
            rc = -1;
        } else {
            int bad = policy_check_quotes(p, doc, len, o->source, &problems);
            if (bad) {
                sbuf_adds(&lines, problems.p);
                kerr_set(&e, EXIT_DATAERR, "%d quotes", bad);
                rc = -1;
            }
            free(doc);
        }
    }
    int code = rc ? (e.code ? e.code : EXIT_DATAERR) : 0;
    if (o->json) {
        sbuf j = {0};
        sbuf_addc(&j, '{');
        util_json_name(&j, "file", arg);
        sbuf_printf(&j, ",\"valid\":%s,\"problems\":[", rc ? "false" : "true");
        json_lines(&j, lines.p);
        sbuf_adds(&j, "]}");
        json_emit(j.p, code);
        sbuf_free(&j);
    } else if (rc) {
        fputs(lines.p ? lines.p : "", stderr);
    } else if (!o->quiet) {
        if (o->source) printf(msg_tr("%s: valid policy; every quote occurs in %s\n"), arg, o->source);
        else printf(msg_tr("%s: valid policy\n"), arg);
    }
    sbuf_free(&lines);
    sbuf_free(&problems);
    policy_free(p);
    return code;
}

static int cmd_policy(const opts *o, int cmd, char **argv)
{
    if (cmd == CLI_C_POLICY_LIST) {
        if (!o->json) {
            policy_pack_each(print_pack, NULL);
            return 0;
        }
        sbuf j = {0};
        sbuf_adds(&j, "{\"packs\":[");
        policy_pack_each(print_pack, &j);
        sbuf_adds(&j, "]}");
        json_emit(j.p, 0);
        sbuf_free(&j);
        return 0;
    }
    if (cmd == CLI_C_POLICY_SHOW) {
        size_t len;
        const char *name = argv[0] ? argv[0] : o->policy;
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
            if (o->json) policy_show_json(name, "file", buf, len);
            else fwrite(buf, 1, len, stdout);
            free(buf);
            return 0;
        }
        if (o->json) policy_show_json(name, "pack", text, len);
        else fwrite(text, 1, len, stdout);
        return 0;
    }
    return policy_check(o, argv[0]);
}

/* audit show: one entry a line, or (ctx an sbuf) a JSON array's members. */
static void print_audit(void *ctx, long seq, const char *at, const char *action, const char *detail,
                        const char *hash)
{
    sbuf *j = ctx;
    if (!j) {
        printf("%6ld  %s  %-16s %.12s  %s\n", seq, at, action, hash, detail);
        return;
    }
    if (j->p[j->len - 1] != '[') sbuf_addc(j, ',');
    sbuf_printf(j, "{\"seq\":%ld,\"at\":", seq);
    sbuf_json_str(j, at);
    sbuf_adds(j, ",\"action\":");
    sbuf_json_str(j, action);
    sbuf_adds(j, ",\"detail\":");
    sbuf_json_str(j, detail);
    sbuf_adds(j, ",\"hash\":");
    sbuf_json_str(j, hash);
    sbuf_addc(j, '}');
}

typedef struct roles_out {
    const policy *pol;
    int json;
    long n;
    sbuf b;
} roles_out;

static void print_role(void *ctx, const char *id, const store_role *r)
{
    roles_out *o = ctx;
    int custody = purge_custody_role(o->pol, r->role);
    if (o->json) {
        sbuf_printf(&o->b, "%s{\"history\":%ld,\"audit_seq\":%ld,\"audited\":%s,\"employee\":", o->n ? "," : "",
                    r->seq, r->audit_seq, r->audited ? "true" : "false");
        sbuf_json_str(&o->b, id);
        const char *kv[][2] = { { "name", r->name }, { "role", r->role }, { "prev_role", r->prev_role },
                                { "hired_on", r->hired_on }, { "left_on", r->left_on }, { "file", r->src_file },
                                { "sha256", r->src_sha256 }, { "ingested_at", r->ingested_at } };
        for (size_t i = 0; i < sizeof kv / sizeof *kv; i++) {
            sbuf_printf(&o->b, ",\"%s\":", kv[i][0]);
            sbuf_json_str(&o->b, kv[i][1]);
        }
        sbuf_adds(&o->b, ",\"sheet\":");
        if (r->src_sheet[0]) sbuf_json_str(&o->b, r->src_sheet);
        else sbuf_adds(&o->b, "null");
        sbuf_printf(&o->b, ",\"line\":%ld,\"custody\":%s}", r->src_line, custody ? "true" : "false");
    } else {
        const char *zh = policy_vocab_name(o->pol, POLICY_VOCAB_ROLE, r->role);
        printf("%5ld %6ld  %s  %s %s  %s%s (%s)", r->seq, r->audit_seq, r->ingested_at, id, r->name,
               custody ? "*" : "", r->role, zh ? zh : r->role);
        if (r->prev_role[0]) printf(" ← %s", r->prev_role);
        if (r->hired_on[0]) printf(msg_tr("  hired %s"), r->hired_on);
        if (r->left_on[0]) printf(msg_tr("  left %s"), r->left_on);
        /* a workbook row as ingest names it: FILE[SHEET]!ROW */
        if (r->src_sheet[0]) printf("  %s[%s]!%ld", r->src_file, r->src_sheet, r->src_line);
        else printf("  %s:%ld", r->src_file, r->src_line);
        printf("%s\n", r->audited ? "" : msg_tr("  NOT RECORDED IN THE AUDIT LOG"));
    }
    o->n++;
}

/* audit show --roles: the role history, custody roles marked. */
static int show_roles(const opts *o, store *st)
{
    kerr e;
    kerr_clear(&e);
    char sha[HASH_HEX_LEN];
    roles_out r = { .json = o->json };
    policy *pol = load_policy(o, sha, &e);
    if (!pol) return fail(&e);
    r.pol = pol;
    if (!o->json) {
        /* padded by display width: the header may be Chinese */
        sbuf h = {0};
        sbuf_header(&h, 0, 2, (const char *const[]){ msg_tr("hist"), msg_tr("entry") }, (const int[]){ 5, 6 });
        h.p[--h.len] = '\0';
        sbuf_adds(&h, "  ");
        sbuf_pad(&h, msg_tr("read at"), 19);
        sbuf_adds(&h, "  ");
        sbuf_adds(&h, msg_tr("employee, role (* custody) ← before, dates, file:line"));
        puts(h.p);
        sbuf_free(&h);
    }
    int code = 0;
    if (store_roles_each(st, print_role, &r, &e)) code = fail(&e);
    if (o->json && !code) {
        sbuf j = {0};
        sbuf_printf(&j, "{\"roles\":[%s],\"count\":%ld}", r.b.p ? r.b.p : "", r.n);
        json_emit(j.p, 0);
        sbuf_free(&j);
    }
    sbuf_free(&r.b);
    policy_free(pol);
    return code;
}

static int cmd_audit(const opts *o, int cmd)
{
    kerr e;
    kerr_clear(&e);
    int code = need_db(o);
    if (code) return code;
    store *st = store_open(o->db, &e);
    if (!st) return fail(&e);
    if (cmd == CLI_C_AUDIT_SHOW && o->roles) {
        code = show_roles(o, st);
    } else if (cmd == CLI_C_AUDIT_SHOW) {
        sbuf j = {0};
        if (o->json) sbuf_adds(&j, "{\"entries\":[");
        if (store_audit_each(st, print_audit, o->json ? &j : NULL, &e)) code = fail(&e);
        else if (o->json) {
            sbuf_adds(&j, "]}");
            json_emit(j.p, 0);
        }
        sbuf_free(&j);
    } else {
        long n = 0, aseq = 0, unverified = 0, kfrom = 0, bad;
        char ahash[HASH_HEX_LEN], kid[HASH_HEX_LEN];
        if (o->anchor && audit_anchor_read(o->anchor, &aseq, ahash, &e)) {
            store_close(st);
            return fail(&e);
        }
        bad = o->anchor ? store_audit_verify_anchor(st, aseq, ahash, &n, &unverified, &e)
                        : store_audit_verify_ex(st, &n, &unverified, &e);
        /* the chain holds; do the tables still hold what it recorded? */
        if (bad == 0) bad = store_audit_verify_data(st, &e);
        if (bad == 0 && store_audit_keyed(st, &kfrom, kid, &e) < 0) bad = -1;
        if (bad < 0) code = fail(&e);
        else if (bad > 0) {
            fprintf(stderr, "kefu: %s: %s\n", o->db, e.msg);
            code = EXIT_DATAERR;
        } else if (unverified > 0) {
            /* the keyed part needs the key: said, and not called intact */
            kerr_set(&e, EXIT_NOPERM, "the audit chain is keyed from entry %ld (key id %.16s…): entries 1 to %ld "
                     "verified, entries %ld to %ld chain but their HMACs need the key (--audit-key-file FILE or "
                     "$KEFU_AUDIT_KEY_FILE)", unverified, kid, unverified - 1, unverified, n);
            fprintf(stderr, "kefu: %s: %s\n", o->db, e.msg);
            code = EXIT_NOPERM;
        } else if (!o->quiet && !o->json) {
            char keyed[160] = "";   /* room for the Chinese too */
            if (kfrom > 0) snprintf(keyed, sizeof keyed, msg_tr(" (HMAC-keyed from entry %ld, key id %.16s…)"), kfrom, kid);
            if (o->anchor)
                printf(msg_tr("audit log intact: %ld entries%s; it extends the anchor (entry %ld, %.16s…)\n"), n, keyed,
                       aseq, ahash);
            else
                printf(msg_tr("audit log intact: %ld entries%s\n"), n, keyed);
        }
        if (o->json && bad >= 0) {
            sbuf j = {0};
            sbuf_printf(&j, "{\"intact\":%s,\"entries\":%ld,\"first_broken\":",
                        bad || unverified ? "false" : "true", n);
            if (bad) sbuf_printf(&j, "%ld,\"message\":", bad); else sbuf_adds(&j, "null,\"message\":");
            if (bad || unverified) sbuf_json_str(&j, e.msg); else sbuf_adds(&j, "null");
            if (unverified) sbuf_printf(&j, ",\"unverified_from\":%ld", unverified);
            else sbuf_adds(&j, ",\"unverified_from\":null");
            if (kfrom) sbuf_printf(&j, ",\"keyed_from\":%ld", kfrom); else sbuf_adds(&j, ",\"keyed_from\":null");
            sbuf_addc(&j, '}');
            json_emit(j.p, code);
            sbuf_free(&j);
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

/* report --json: what was written to path — its SHA-256, size and pages,
 * read back from the file — with the period, the as-of day and the
 * warnings. Returns the exit code (0, or the read's error). */
static int report_json(const char *path, const report_opts *ro, const char *warnings)
{
    kerr e;
    kerr_clear(&e);
    char *buf = NULL;
    size_t len = 0;
    if (util_read_file(path, &buf, &len, &e)) return fail(&e);
    char sha[HASH_HEX_LEN];
    hash_hex(buf, len, sha);
    sbuf j = {0};
    sbuf_adds(&j, "{\"kind\":");
    sbuf_json_str(&j, ro->kind);
    sbuf_addc(&j, ',');
    util_json_name(&j, "output", path);
    sbuf_printf(&j, ",\"sha256\":\"%s\",\"bytes\":%zu,\"pages\":%ld,\"from\":", sha, len,
                pdf_count_pages((const unsigned char *)buf, len));
    if (ro->from) sbuf_json_str(&j, ro->from); else sbuf_adds(&j, "null");
    sbuf_adds(&j, ",\"to\":");
    if (ro->to) sbuf_json_str(&j, ro->to); else sbuf_adds(&j, "null");
    sbuf_adds(&j, ",\"batch\":");
    if (ro->batch_id) sbuf_json_str(&j, ro->batch_id); else sbuf_adds(&j, "null");
    sbuf_printf(&j, ",\"as_of\":\"%s\",\"warnings\":[", ro->as_of);
    json_lines(&j, warnings);
    sbuf_adds(&j, "]}");
    json_emit(j.p, 0);
    sbuf_free(&j);
    free(buf);
    return 0;
}

static int cmd_report(const opts *o, int argc, char **argv)
{
    (void)argc;
    const char *kind = argv[0];
    int known = 0;
    for (int i = 0; REPORT_KINDS[i]; i++) known |= strcmp(REPORT_KINDS[i], kind) == 0;
    if (!known) return usage_error("report: '%s' is not fines, visits, retention, register or run", kind);
    if (o->json && o->output && strcmp(o->output, "-") == 0)
        return usage_error("report: -o - puts the PDF on stdout, where --json would go: name a file%s", "");
    /* --format csv|xlsx: the tables (report_render_tables), not the PDF */
    const char *fmt = o->format && strcmp(o->format, "pdf") != 0 ? o->format : NULL;
    if (fmt && o->json) return usage_error("report: --json describes a PDF; --format %s writes no PDF", fmt);
    if (fmt && strcmp(fmt, "xlsx") == 0 && o->output && strcmp(o->output, "-") == 0)
        return usage_error("report: --format xlsx needs -o FILE: a workbook is not for stdout%s", "");
    char as_of[11], from[11], to[11], label[32];
    kerr e;
    kerr_clear(&e);
    policy *pol;
    store *st;
    int oc = need_db(o);
    if (oc) return oc;
    char sha[HASH_HEX_LEN];
    oc = open_policy_store(o, sha, &pol, &st);
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
                           : xasprintf("%s-%s.%s", kind, o->month ? o->month : from[0] ? from : as_of,
                                       fmt ? fmt : "pdf");
    /* a report of a past day is judged as of that day, apart, storing
     * nothing: never the last check's state under another day's label
     * (the register certifies a batch: it is never judged again) */
    int apart = 0;
    if (strcmp(kind, "register") != 0) {
        char checked[11];
        if (to[0] && strcmp(to, as_of) < 0) memcpy(as_of, to, 11);
        apart = report_last_check(st, checked, &e) == 0 && checked[0] && strcmp(checked, as_of) != 0 &&
                (strcmp(kind, "retention") == 0 || strcmp(checked, as_of) > 0);
        if (e.code || (apart && rules_judge_apart(st, pol, o->policy ? o->policy : "default", sha, as_of, &e))) {
            free(path);
            store_close(st);
            policy_free(pol);
            return fail(&e);
        }
    }
    report_opts ro = { .kind = kind, .from = from[0] ? from : NULL, .to = to[0] ? to : NULL,
                       .period_label = label, .lang = o->lang,
                       .font = o->font, .template_dir = o->templates, .batch_id = o->batch,
                       .created = created, .generated = made, .as_of = as_of, .judged_apart = apart };
    sbuf warnings = {0};
    int code = 0;
    if (fmt) {
        report_tables tabs = {0};
        sbuf csv = {0};
        if (report_render_tables(st, pol, &ro, &tabs, &warnings, &e)) code = fail(&e);
        else if (strcmp(fmt, "xlsx") == 0) {
            if (export_report_xlsx(&tabs, path, &e)) code = fail(&e);
        } else {
            export_report_csv(&tabs, &csv);
            if (strcmp(path, "-") == 0) {
                if (fwrite(csv.p, 1, csv.len, stdout) != csv.len || fflush(stdout) != 0)
                    code = fail(&(kerr){ EXIT_CANTCREAT, "report: cannot write to standard output" });
            } else if (util_write_file_atomic(path, csv.p, csv.len, &e)) code = fail(&e);
        }
        if (!code && !o->quiet && strcmp(path, "-") != 0) printf("%s\n", path);
        sbuf_free(&csv);
        report_tables_free(&tabs);
    } else if (strcmp(path, "-") == 0) {
        /* -o -: the PDF on stdout, whole or not at all (rendered first) */
        unsigned char *pdf = NULL;
        size_t len = 0;
        if (report_render_mem(st, pol, &ro, &pdf, &len, &warnings, &e)) code = fail(&e);
        else if (fwrite(pdf, 1, len, stdout) != len || fflush(stdout) != 0) {
            fprintf(stderr, msg_tr("kefu: stdout: cannot write the PDF: %s\n"), msg_strerror(errno));
            code = EXIT_CANTCREAT;
        }
        free(pdf);
    } else {
        if (report_render(st, pol, &ro, path, &warnings, &e)) code = fail(&e);
        else if (o->json) code = report_json(path, &ro, warnings.p);
        else if (!o->quiet) printf("%s\n", path);
    }
    if (warnings.len) fprintf(stderr, "%s", warnings.p);
    sbuf_free(&warnings);
    free(path);
    store_close(st);
    policy_free(pol);
    return code;
}

/* export --format xlsx -o -: the workbook is written whole into a private
 * directory (the writer takes a path), then copied to stdout; returns the
 * exit code. */
static int xlsx_to_stdout(store *st, const kind_def *k)
{
    kerr e;
    kerr_clear(&e);
    const char *tmp = getenv("TMPDIR");
    char *dir = xasprintf("%s/kefu-xlsx-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    char *file = NULL, *buf = NULL;
    size_t len = 0;
    int code = 0;
    if (!mkdtemp(dir)) {
        kerr_set(&e, EXIT_CANTCREAT, "%s: cannot make a directory for the workbook: %s", dir, msg_strerror(errno));
        code = fail(&e);
        goto out;
    }
    file = xasprintf("%s/%s.xlsx", dir, k->name);
    if (export_xlsx(st, k, file, &e) || util_read_file(file, &buf, &len, &e)) code = fail(&e);
    else if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0)
        code = fail(&(kerr){ EXIT_CANTCREAT, "export: cannot write to standard output" });
    unlink(file);
    rmdir(dir);
out:
    free(buf);
    free(file);
    free(dir);
    return code;
}

/* kefu export KIND [--format csv|xlsx] [-o FILE]: the kind's stored rows
 * in kefu's own layout, to FILE (whole or not at all) or stdout (CSV). */
static int cmd_export(const opts *o, int argc, char **argv)
{
    if (argc != 1) return usage_error("export needs exactly one record kind%s", "");
    const kind_def *k = kind_by_name(argv[0]);
    if (!k) return usage_error("export: '%s' is not a record kind", argv[0]);
    if (o->format && strcmp(o->format, "pdf") == 0)
        return usage_error("export: --format pdf is for reports; export writes csv or xlsx%s", "");
    /* -o - is stdout, as no -o */
    const char *output = o->output && strcmp(o->output, "-") != 0 ? o->output : NULL;
    if (o->json && !output) return usage_error("export --json needs -o FILE: stdout carries the JSON%s", "");
    int code = need_db(o);
    if (code) return code;
    kerr e;
    kerr_clear(&e);
    store *st = store_open(o->db, &e);
    if (!st) return fail(&e);
    sbuf out = {0};
    if (o->format && strcmp(o->format, "xlsx") == 0) {
        if (!o->output) code = usage_error("export --format xlsx needs -o FILE (or -o - for stdout)%s", "");
        else if (output && export_xlsx(st, k, output, &e)) code = fail(&e);
        else if (!output) code = xlsx_to_stdout(st, k);
    } else if (export_csv(st, k, &out, &e)) code = fail(&e);
    else if (output && util_write_file_atomic(output, out.p, out.len, &e)) code = fail(&e);
    else if (!output && (fwrite(out.p, 1, out.len, stdout) != out.len || fflush(stdout) != 0))
        code = fail(&(kerr){ EXIT_CANTCREAT, "export: cannot write to standard output" });
    if (code == 0 && o->json) {
        /* what was written, read back */
        char *buf = NULL, sha[HASH_HEX_LEN];
        size_t len = 0;
        if (util_read_file(output, &buf, &len, &e)) code = fail(&e);
        else {
            hash_hex(buf, len, sha);
            sbuf j = {0};
            sbuf_printf(&j, "{\"kind\":\"%s\",\"format\":\"%s\",", k->name, o->format ? o->format : "csv");
            util_json_name(&j, "output", output);
            sbuf_printf(&j, ",\"sha256\":\"%s\",\"bytes\":%zu}", sha, len);
            json_emit(j.p, 0);
            sbuf_free(&j);
        }
        free(buf);
    }
    sbuf_free(&out);
    store_close(st);
    return code;
}

static int cmd_run(const opts *o, int argc, char **argv)
{
    (void)argc;
    (void)argv;
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
                    .font = o->font, .created = created, .bundle_time = pdf_created(as_of), .progress = !o->quiet && isatty(2),
                    .wait = o->wait, .quiet = o->quiet };
    run_result r;
    int code;
    if (run_nightly(pol, &ro, &r, &e)) {
        code = fail(&e);
    } else {
        code = r.exit_code;
        if (o->json) {
            /* the bytes of OUT/run-DATE.json, which carry the envelope themselves */
            fputs(r.json.p, stdout);
            json_printed = 1;
        } else if (!o->quiet) {
            fputs(r.summary.p, stdout);
        }
    }
    run_result_free(&r);
    policy_free(pol);
    return code;
}

/* The period of --month or --from/--to into from/to ("" when none);
 * returns 0 or the usage error's exit code. */
static int period(const opts *o, char from[11], char to[11])
{
    from[0] = to[0] = '\0';
    if (o->month && (o->from || o->to)) return usage_error("give --month or --from/--to, not both%s", "");
    if (o->month) {
        int y, m;
        sscanf(o->month, "%4d-%2d", &y, &m);
        val_days_str(val_days_ymd(y, m, 1), from);
        val_days_str(val_days_ymd(y, m, val_month_days(y, m)), to);
    } else if (o->from || o->to) {
        if (!o->from || !o->to) return usage_error("--from and --to go together%s", "");
        if (strcmp(o->from, o->to) > 0) return usage_error("--from %s is after --to", o->from);
        memcpy(from, o->from, 11);
        memcpy(to, o->to, 11);
    }
    return 0;
}

/* kefu findings / kefu rejects: what check and ingest stored, filtered. */
static int cmd_list(const opts *o, int cmd)
{
    char from[11], to[11];
    int code = period(o, from, to);
    if (code) return code;
    if (o->json && o->csv) return usage_error("give --json or --csv, not both%s", "");
    if ((code = need_db(o)) != 0) return code;
    kerr e;
    kerr_clear(&e);
    store *st = store_open(o->db, &e);
    if (!st) return fail(&e);
    list_filter f = { .from = from[0] ? from : NULL, .to = to[0] ? to : NULL, .rule = o->rule, .dept = o->dept,
                      .employee = o->employee };
    int format = o->json ? LIST_JSON : o->csv ? LIST_CSV : LIST_TEXT;
    sbuf out = {0};
    long n = 0;
    int rc = cmd == CLI_C_FINDINGS ? list_findings(st, &f, format, &out, &n, &e)
                                   : list_rejects(st, &f, format, &out, &n, &e);
    if (rc) code = fail(&e);
    else if (format == LIST_JSON) json_emit(out.p, 0);
    else if (!o->quiet || format != LIST_TEXT) fputs(out.p ? out.p : "", stdout);
    sbuf_free(&out);
    store_close(st);
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

/* hold add|lift --json: {"hold_id","action","by","on"}. */
static void hold_json(sbuf *out, const char *hold_id, const char *action, const char *by, const char *on)
{
    sbuf_adds(out, "{\"hold_id\":");
    sbuf_json_str(out, hold_id);
    sbuf_printf(out, ",\"action\":\"%s\",\"by\":", action);
    if (by) sbuf_json_str(out, by); else sbuf_adds(out, "null");
    sbuf_adds(out, ",\"on\":");
    sbuf_json_str(out, on);
    sbuf_addc(out, '}');
}

/* purge, hold and bundle: the archivist's commands over purge.h. cmd is
 * a CLI_C_* id; argv holds its positional arguments (already counted). */
static int cmd_archive(const opts *o, int cmd, char **argv)
{
    kerr e;
    kerr_clear(&e);
    if (cmd == CLI_C_BUNDLE_VERIFY) {
        sbuf out = {0};
        stdin_copy sc;
        int code = stdin_take(1, argv, &sc), rc = 0;
        char cwd[4096];
        if (code == 0 && sc.file) {
            /* a bundle on standard input: read from its copy, in its
             * directory, by the name "-" that every message then gives */
            if (!getcwd(cwd, sizeof cwd) || chdir(sc.dir) != 0)
                rc = kerr_set(&e, EXIT_SOFTWARE, "-: cannot enter %s: %s", sc.dir, msg_strerror(errno));
            else {
                rc = purge_bundle_verify("-", o->json, &out, &e);
                if (chdir(cwd) != 0 && rc == 0)
                    rc = kerr_set(&e, EXIT_SOFTWARE, "cannot return to %s: %s", cwd, msg_strerror(errno));
            }
        } else if (code == 0) {
            rc = purge_bundle_verify(argv[0], o->json, &out, &e);
        }
        stdin_drop(&sc);
        if (code) {
            sbuf_free(&out);
            return code;
        }
        code = rc ? fail(&e) : 0;
        if (o->json) json_emit(out.p, code);
        else if (!o->quiet) fputs(out.p ? out.p : "", stdout);
        sbuf_free(&out);
        return code;
    }
    /* the subcommands that change the database hold its lock (bundle
     * sources too: it appends an audit entry) */
    int writes = cmd == CLI_C_PURGE_PLAN || cmd == CLI_C_PURGE_APPROVE || cmd == CLI_C_PURGE_EXECUTE ||
                 cmd == CLI_C_HOLD_ADD || cmd == CLI_C_HOLD_LIFT || cmd == CLI_C_BUNDLE_SOURCES;
    const char *family = cmd == CLI_C_HOLD_ADD || cmd == CLI_C_HOLD_LIFT || cmd == CLI_C_HOLD_LIST ? "hold"
                         : cmd == CLI_C_BUNDLE_SOURCES ? "bundle" : "purge";
    policy *pol;
    store *st;
    int oc = need_db(o), lk = -1;
    if (oc) return oc;
    if (writes && (lk = db_lock(o, family, &oc)) < 0) return oc;
    oc = open_policy_store(o, NULL, &pol, &st);
    if (oc) {
        lock_release(lk);
        return oc;
    }
    char as_of[11], now[20];
    /* a purge's default as-of is the last complete day on the real clock:
     * SOURCE_DATE_EPOCH never moves disposition (issue 13) */
    int real = (cmd == CLI_C_PURGE_PLAN || cmd == CLI_C_PURGE_APPROVE || cmd == CLI_C_PURGE_EXECUTE ||
                cmd == CLI_C_PURGE_LIST || cmd == CLI_C_PURGE_SHOW) && !o->as_of;
    if ((real ? purge_last_complete_day(pol, 0, as_of, NULL, &e) : as_of_date(o, pol, as_of, &e)) ||
        now_str(pol, now, &e) ||
        (writes && store_audit_writable(st, &e))) {
        store_close(st);
        policy_free(pol);
        lock_release(lk);
        return fail(&e);
    }
    sbuf warnings = {0}, out = {0};
    purge_ctx c = { .st = st, .p = pol, .as_of = as_of, .now = now, .out_dir = o->out_dir,
                    .render = render_register, .render_arg = (void *)o, .warnings = &warnings,
                    .rechecked_by = o->rechecked_by };
    int rc = 0;
    switch (cmd) {
    case CLI_C_PURGE_PLAN: {
        purge_plan_result r;
        memset(&r, 0, sizeof r);
        rc = purge_plan(&c, o->prepared_by, o->category, &r, &e);
        if (rc == 0 && o->json) purge_plan_result_json(&r, &out);
        else if (rc == 0 && r.batch_id[0])
            sbuf_printf(&out, "%s\n", r.batch_id);
        else if (rc == 0)
            fprintf(stderr, msg_tr("kefu: no record is eligible for disposition as of %s: no batch\n"), as_of);
        if (rc == 0 && r.batch_id[0] && !o->json)
            fprintf(stderr, msg_tr("kefu: batch %s: %ld records (%ld to destroy, %ld to transfer); register %s\n"),
                    r.batch_id, r.nitems, r.ndestroy, r.ntransfer, r.register_path);
        purge_plan_result_free(&r);
        break;
    }
    case CLI_C_PURGE_APPROVE:
        rc = purge_approve(&c, argv[0], o->reviewed_by, o->approved_by, &e);
        if (rc == 0 && o->json) {
            sbuf_adds(&out, "{\"batch_id\":");
            sbuf_json_str(&out, argv[0]);
            sbuf_adds(&out, ",\"state\":\"approved\",\"reviewed_by\":");
            sbuf_json_str(&out, o->reviewed_by);
            sbuf_adds(&out, ",\"approved_by\":");
            sbuf_json_str(&out, o->approved_by);
            sbuf_addc(&out, '}');
        } else if (rc == 0) {
            sbuf_printf(&out, msg_tr("%s approved\n"), argv[0]);
        }
        break;
    case CLI_C_PURGE_EXECUTE: {
        purge_exec_result r;
        memset(&r, 0, sizeof r);
        rc = purge_execute(&c, argv[0], o->witness, o->nwitness, &r, &e);
        if (rc == 0 && o->json) purge_exec_result_json(&r, argv[0], &out);
        else if (rc == 0) sbuf_printf(&out, "%s\n", r.bundle_path);
        if (rc == 0 && !o->json)
            fprintf(stderr, msg_tr("kefu: batch %s executed: %ld destroyed, %ld transferred, %ld dropped%s\n"),
                    argv[0], r.ndestroyed, r.ntransferred, r.ndropped, r.already ? msg_tr(" (already done before)") : "");
        purge_exec_result_free(&r);
        break;
    }
    case CLI_C_PURGE_LIST:
        rc = purge_list(&c, o->json, &out, &e);
        break;
    case CLI_C_PURGE_SHOW:
        rc = purge_show(&c, argv[0], o->json, &out, &e);
        break;
    case CLI_C_HOLD_ADD: {
        purge_hold_spec h = { .hold_id = o->hold_id, .record_id = o->record, .category = o->category,
                              .owner = o->owner, .reason = o->reason, .placed_by = o->placed_by,
                              .placed_on = o->on };
        rc = purge_hold_add(&c, &h, &e);
        if (rc == 0 && o->json) hold_json(&out, o->hold_id, "placed", o->placed_by, o->on ? o->on : as_of);
        else if (rc == 0) sbuf_printf(&out, msg_tr("hold %s placed\n"), o->hold_id);
        break;
    }
    case CLI_C_HOLD_LIFT:
        rc = purge_hold_lift(&c, argv[0], o->placed_by, o->on, &e);
        if (rc == 0 && o->json) hold_json(&out, argv[0], "lifted", o->placed_by, o->on ? o->on : as_of);
        else if (rc == 0) sbuf_printf(&out, msg_tr("hold %s lifted\n"), argv[0]);
        break;
    case CLI_C_HOLD_LIST:
        rc = purge_hold_list(&c, o->json, &out, &e);
        break;
    case CLI_C_BUNDLE_SOURCES: {
        purge_sources_result r;
        memset(&r, 0, sizeof r);
        rc = purge_bundle_sources(&c, o->date, &r, &e);
        if (rc == 0 && o->json) purge_sources_result_json(&r, &out);
        else if (rc == 0 && r.bundle_path) sbuf_printf(&out, "%s\n", r.bundle_path);
        else if (rc == 0) fprintf(stderr, msg_tr("kefu: no source file was ingested on %s: no bundle\n"), o->date ? o->date : as_of);
        purge_sources_result_free(&r);
        break;
    }
    default:
        rc = kerr_set(&e, EXIT_SOFTWARE, "internal error: command %d is not an archive command", cmd);
        break;
    }
    int code = 0;
    if (rc != 0) code = fail(&e);
    else if (o->json && out.p) json_emit(out.p, 0);
    else if (!o->quiet) fputs(out.p ? out.p : "", stdout);
    if (warnings.len) fputs(warnings.p, stderr);
    sbuf_free(&warnings);
    sbuf_free(&out);
    store_close(st);
    policy_free(pol);
    lock_release(lk);
    return code;
}

/* Applies one parsed option to *o, checking its value; returns 0, or the
 * usage error's exit code after printing it. */
static int apply_option(opts *o, const cli_val *v)
{
    const char *arg = v->value;
    switch (v->opt->id) {
    case CLI_O_HELP: case CLI_O_VERSION: break;   /* handled by main */
    case CLI_O_DB: o->db = arg; break;
    case CLI_O_POLICY: o->policy = arg; break;
    case CLI_O_SOURCE: o->source = arg; break;
    case CLI_O_ASOF:
        if (val_date(arg, o->as_of_buf)) return usage_error("--as-of: '%s' is not a date (YYYY-MM-DD)", arg);
        o->as_of = o->as_of_buf;
        break;
    case CLI_O_LANG:
        if (strcmp(arg, "zh") != 0 && strcmp(arg, "en") != 0) return usage_error("--lang: '%s' is not zh or en", arg);
        o->lang = arg;
        break;
    case CLI_O_FONT: o->font = arg; break;
    case CLI_O_QUIET: o->quiet = 1; break;
    case CLI_O_JSON: o->json = 1; break;
    case CLI_O_STRICT: o->strict = 1; break;
    case CLI_O_ENCODING:
        if (strcasecmp(arg, "utf-8") != 0 && strcasecmp(arg, "utf8") != 0 && strcasecmp(arg, "gb18030") != 0 &&
            strcasecmp(arg, "gbk") != 0)
            return usage_error("--encoding: '%s' is not utf-8 or gb18030", arg);
        o->encoding = arg;
        break;
    case CLI_O_KIND:
        if (!kind_by_name(arg)) return usage_error("--kind: '%s' is not a record kind", arg);
        o->kind = arg;
        break;
    case CLI_O_MONTH: {
        char tmp[11];
        char *full = xasprintf("%s-01", arg);
        int bad = strlen(arg) != 7 || val_date(full, tmp) != 0;
        free(full);
        if (bad) return usage_error("--month: '%s' is not a month (YYYY-MM)", arg);
        o->month = arg;
        break;
    }
    case CLI_O_FROM:
        if (val_date(arg, o->from_buf)) return usage_error("--from: '%s' is not a date (YYYY-MM-DD)", arg);
        o->from = o->from_buf;
        break;
    case CLI_O_TO:
        if (val_date(arg, o->to_buf)) return usage_error("--to: '%s' is not a date (YYYY-MM-DD)", arg);
        o->to = o->to_buf;
        break;
    case CLI_O_OUTPUT: o->output = arg; break;
    case CLI_O_BATCH: o->batch = arg; break;
    case CLI_O_TEMPLATES: o->templates = arg; break;
    case CLI_O_IN: o->in_dir = arg; break;
    case CLI_O_OUT: o->out_dir = arg; break;
    case CLI_O_PREPARED: o->prepared_by = arg; break;
    case CLI_O_REVIEWED: o->reviewed_by = arg; break;
    case CLI_O_APPROVED: o->approved_by = arg; break;
    case CLI_O_RECHECKED: o->rechecked_by = arg; break;
    case CLI_O_WITNESS:
        if (o->nwitness > PURGE_MAX_WITNESSES) return usage_error("--witness: at most %s witnesses", "16");
        o->witness[o->nwitness++] = arg;
        break;
    case CLI_O_CATEGORY: o->category = arg; break;
    case CLI_O_HOLD_ID: o->hold_id = arg; break;
    case CLI_O_RECORD: o->record = arg; break;
    case CLI_O_OWNER: o->owner = arg; break;
    case CLI_O_REASON: o->reason = arg; break;
    case CLI_O_PLACED_BY: /* fall through: --placed-by is --by's older name */
    case CLI_O_BY: o->placed_by = arg; break;
    case CLI_O_ON: o->on = arg; break;
    case CLI_O_DATE: o->date = arg; break;
    case CLI_O_GROUP_READABLE: o->group_readable = 1; break;
    case CLI_O_RULE: o->rule = arg; break;
    case CLI_O_DEPT: o->dept = arg; break;
    case CLI_O_EMPLOYEE: o->employee = arg; break;
    case CLI_O_CSV: o->csv = 1; break;
    case CLI_O_SHEET: o->sheet = arg; break;
    case CLI_O_MAPPING: o->mapping = arg; break;
    case CLI_O_ANCHOR: o->anchor = arg; break;
    case CLI_O_ROLES: o->roles = 1; break;
    case CLI_O_AUDIT_KEY_FILE: o->audit_key_file = arg; break;
    case CLI_O_FORMAT:
        if (strcmp(arg, "csv") != 0 && strcmp(arg, "xlsx") != 0 && strcmp(arg, "pdf") != 0)
            return usage_error("--format: '%s' is not pdf, csv or xlsx", arg);
        o->format = arg;
        break;
    case CLI_O_WAIT: {
        char *end;
        errno = 0;
        long w = strtol(arg, &end, 10);
        if (errno || end == arg || *end || w < 0 || w > LOCK_MAX_WAIT)
            return usage_error("--wait: '%s' is not a number of seconds from 0 to 86400", arg);
        o->wait = (int)w;
        break;
    }
    default:
        fprintf(stderr, msg_tr("kefu: internal error: option --%s has no case in apply_option\n"), v->opt->name);
        return EXIT_SOFTWARE;
    }
    return 0;
}

/* `kefu help [COMMAND [SUBCOMMAND]]`, `kefu COMMAND --help`: the help of
 * what w1/w2 name (all commands when w1 is NULL) on stdout; exit 0, or 64
 * when they name no command. */
static int print_help(const char *w1, const char *w2, int json)
{
    sbuf b = {0};
    int code = 0;
    const cli_cmd *c = w1 ? cli_find_command(w1, w2) : NULL;
    if (json) {
        if (cli_help_json(w1, w2, &b) == 0) {
            json_emit(b.p, 0);
            sbuf_free(&b);
            return 0;
        }
        sbuf_free(&b);
        char *name = w2 ? xasprintf("%s %s", w1, w2) : xstrdup(w1);
        code = usage_error("help: unknown command '%s'", name);
        free(name);
        return code;
    }
    if (!w1) cli_help_all(&b);
    else if (c) cli_help_command(c, &b);
    else if (w2 || cli_help_family(w1, &b) != 0) {
        char *name = w2 ? xasprintf("%s %s", w1, w2) : xstrdup(w1);
        current_command = NULL;
        code = usage_error("help: unknown command '%s'", name);
        free(name);
    }
    if (code == 0) fputs(b.p, stdout);
    sbuf_free(&b);
    return code;
}

/* Whether kefu speaks Chinese: --lang zh|en when given, else KEFU_LANG,
 * else a zh locale in LC_ALL, LC_MESSAGES or LANG — read as text, so it
 * works under cron's C locale with KEFU_LANG=zh. English otherwise. */
static int want_zh(const cli_parsed *p)
{
    for (size_t i = p->nvals; i-- > 0;)
        if (p->vals[i].opt->id == CLI_O_LANG && p->vals[i].value) return strcmp(p->vals[i].value, "zh") == 0;
    const char *v = getenv("KEFU_LANG");
    if (v && *v) return strncmp(v, "zh", 2) == 0;
    static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        v = getenv(vars[i]);
        if (v && *v) return strncmp(v, "zh", 2) == 0;
    }
    return 0;
}

/* Reads the audit key file and hands the key to the store (every store
 * opened from now on keys its chain with it); returns 0 or the exit code
 * after printing why (store_set_audit_key, audit_key_load). */
static int load_audit_key(const char *path)
{
    kerr e;
    kerr_clear(&e);
    unsigned char *key = NULL;
    size_t len = 0;
    if (audit_key_load(path, &key, &len, &e)) return fail(&e);
    store_set_audit_key(key, len, path);
    memset(key, 0, len);
    free(key);
    return 0;
}

int main(int argc, char **argv)
{
    opts o = { .db = getenv("KEFU_DB"), .lang = "zh", .font = getenv("KEFU_FONT"),
               .audit_key_file = getenv("KEFU_AUDIT_KEY_FILE") };
    if (!o.db || !*o.db) o.db = "kefu.db";
    cli_parsed p;
    sbuf err = {0};
    int rc = cli_parse(argc, argv, &p, &err);
    for (size_t i = 0; i < p.nvals; i++) json_mode |= p.vals[i].opt->id == CLI_O_JSON;
    messages_zh = want_zh(&p);
    cli_set_zh(messages_zh);
    msg_set_zh(messages_zh);
    if (rc && messages_zh) {
        /* the language comes from the parsed line (--lang): parse once
         * more, so that the complaint is built in it */
        cli_parsed_free(&p);
        sbuf_reset(&err);
        rc = cli_parse(argc, argv, &p, &err);
    }
    int code = 0;
    if (p.cmd) current_command = p.cmd->name;
    else if (p.family) current_command = p.family;
    if (p.version) {
        printf("kefu %s\nSQLite %s, libxml2 %s, zlib %s, libharu %s, nettle %s\n", KEFU_VERSION,
               store_lib_version(), xmlin_lib_version(), tar_lib_version(), pdf_lib_version(),
               hash_lib_version());
        goto out;
    }
    if (p.help) {
        /* `kefu help --help` is the help of help */
        if (p.cmd && p.cmd->id != CLI_C_HELP) code = print_help(p.cmd->name, NULL, 0);
        else if (p.family) code = print_help(p.family, NULL, 0);
        else code = print_help(p.cmd ? "help" : NULL, NULL, 0);
        goto out;
    }
    if (rc) {
        code = usage_error("%s", err.p);
        goto out;
    }
    if (!p.cmd) {
        sbuf b = {0};
        cli_help_all(&b);
        fputs(b.p, stderr);
        sbuf_free(&b);
        code = EXIT_USAGE;
        goto out;
    }
    for (size_t i = 0; i < p.nvals; i++)
        if ((code = apply_option(&o, &p.vals[i])) != 0) goto out;
    /* the database, its -wal/-shm, reports and bundles hold personal data */
    util_set_group_readable(o.group_readable);
    if (o.audit_key_file && *o.audit_key_file && (code = load_audit_key(o.audit_key_file)) != 0) goto out;
    /* over a file size limit (ulimit -f) a write fails with EFBIG, then
     * exit 73, instead of the process being killed half-way */
    signal(SIGXFSZ, SIG_IGN);
    /* data must not drive the terminal: every message on stderr, and what
     * stdout shows when it is a terminal, has its control characters
     * escaped (util_term_stream); a pipe or file gets stdout's bytes */
    FILE *real_err = stderr, *real_out = stdout;
    stderr = util_term_stream(real_err);
    setvbuf(stderr, NULL, _IOLBF, 0);
    if (isatty(STDOUT_FILENO)) stdout = util_term_stream(real_out);
    xmlin_init();
    switch (p.cmd->id) {
    case CLI_C_HELP:
        code = print_help(p.nargs > 0 ? p.args[0] : NULL, p.nargs > 1 ? p.args[1] : NULL, o.json);
        break;
    case CLI_C_INIT: code = cmd_init(&o, p.nargs, p.args); break;
    case CLI_C_VACUUM: code = cmd_vacuum(&o); break;
    case CLI_C_INGEST: code = cmd_ingest(&o, p.nargs, p.args); break;
    case CLI_C_INSPECT: code = cmd_inspect(&o, p.nargs, p.args); break;
    case CLI_C_CHECK: code = cmd_check(&o, p.nargs, p.args); break;
    case CLI_C_REPORT: code = cmd_report(&o, p.nargs, p.args); break;
    case CLI_C_RUN: code = cmd_run(&o, p.nargs, p.args); break;
    case CLI_C_POLICY_LIST: case CLI_C_POLICY_SHOW: case CLI_C_POLICY_CHECK:
        code = cmd_policy(&o, p.cmd->id, p.args);
        break;
    case CLI_C_AUDIT_VERIFY: case CLI_C_AUDIT_SHOW: code = cmd_audit(&o, p.cmd->id); break;
    case CLI_C_EXPORT: code = cmd_export(&o, p.nargs, p.args); break;
    case CLI_C_FINDINGS: case CLI_C_REJECTS: code = cmd_list(&o, p.cmd->id); break;
    default: code = cmd_archive(&o, p.cmd->id, p.args); break;
    }
    xmlin_cleanup();
    if (stdout != real_out && fclose(stdout) != 0 && code == 0) code = EXIT_CANTCREAT;
    if (stderr != real_err) fclose(stderr);
    stdout = real_out;
    stderr = real_err;
    if (fflush(stdout) != 0 && code == 0) code = EXIT_CANTCREAT;
out:
    store_set_audit_key(NULL, 0, NULL);
    /* --json and no object printed: the error object (docs/json.md) */
    if (json_mode && !json_printed && code != 0 && !p.help && !p.version) {
        sbuf j = {0};
        sbuf_adds(&j, "{\"error\":");
        if (last_error) sbuf_json_str(&j, last_error); else sbuf_adds(&j, "null");
        sbuf_addc(&j, '}');
        json_emit(j.p, code);
        sbuf_free(&j);
        if (fflush(stdout) != 0 && code == 0) code = EXIT_CANTCREAT;
    }
    free(last_error);
    sbuf_free(&err);
    cli_parsed_free(&p);
    return code;
}
