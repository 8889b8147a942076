/* store.c — SQLite behind the store_ interface (see store.h). */
#include "msg.h"
#include "store.h"
#include "store_retain.h"
#include "embed.h"
#include "hash.h"
#include "value.h"

#include <pthread.h>
#include <sqlite3.h>
#include <zlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

struct store {
    sqlite3 *db;                       /* the connection */
    char *path;                        /* database path, for messages */
    int version_before;                /* user_version found at open */
    int in_tx;                         /* 1 inside store_begin … commit/rollback */
    int apart;                         /* 1 after store_judge_apart: judgements go to TEMP tables */
    sqlite3_stmt *put[KIND_COUNT];     /* per-kind INSERT OR REPLACE, prepared lazily */
    sqlite3_stmt *put_many[KIND_COUNT]; /* the same for STORE_PUT_MANY rows at once */
    sqlite3_stmt *reject;              /* INSERT INTO reject */
    long keyed_from;                   /* the chain's audit_keyed entry once found (the log is append-only,
                                        * so it stays), else 0: looked up again */
    char key_id[HASH_HEX_LEN];         /* the key id it records */
    /* the writer thread of store_put_record (below, "the writer thread") */
    int w_on;                          /* 1 once started (until store_close) */
    pthread_t w_thread;
    pthread_mutex_t w_mu;              /* guards the w_ fields below */
    pthread_cond_t w_work;             /* a batch was queued, or quit */
    pthread_cond_t w_idle;             /* a batch was stored */
    struct wbatch *w_fill;             /* the batch the caller fills (the caller's alone) */
    struct wbatch *w_head, *w_tail;    /* queued for the writer */
    struct wbatch *w_free;             /* stored, for reuse */
    int w_queued;                      /* batches queued or being stored */
    int w_busy;                        /* the writer holds a batch */
    int w_quit;
    int w_failed;                      /* an INSERT failed: w_err says why */
    kerr w_err;
    /* a source file compressed meanwhile (store_source_compress) */
    int z_on;                          /* 1 while z_thread runs or is not joined */
    pthread_t z_thread;
    int64_t z_id;                      /* the source row */
    long (*z_read)(void *ctx, char *buf, size_t n);
    void *z_ctx;
    FILE *z_tmp;                       /* the zlib stream */
    int64_t z_n, z_len;                /* bytes read (-1: failed, z_err), stream length */
    kerr z_err;
};

/* the writer thread (below) */
static sqlite3 *db(store *st);
static void writer_drain(store *st);
static void writer_stop(store *st);
static void compress_abandon(store *st);

/* The exit code of the connection's last error: a full disk, a file over
 * the size limit (EFBIG), an I/O error or a read-only database is "cannot
 * create output" (73), which the operator can fix; anything else is
 * internal (70). */
static int db_code(store *st)
{
    switch (sqlite3_errcode(st->db) & 0xff) {
    case SQLITE_FULL: case SQLITE_IOERR: case SQLITE_READONLY: case SQLITE_CANTOPEN:
        return EXIT_CANTCREAT;
    default:
        return EXIT_SOFTWARE;
    }
}

static int dberr(store *st, kerr *e, const char *what)
{
    return kerr_set(e, db_code(st), "%s: %s: %s", st->path, what, sqlite3_errmsg(st->db));
}

static int exec(store *st, const char *sql, kerr *e)
{
    char *msg = NULL;
    if (sqlite3_exec(db(st), sql, NULL, NULL, &msg) != SQLITE_OK) {
        kerr_set(e, db_code(st), "%s: %s", st->path, msg ? msg : sqlite3_errmsg(db(st)));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

/* Whether table `table` exists and has column `col`: 1 when it has it, 2
 * when the table is missing (schema.sql will create it whole), 0 when the
 * table lacks the column, -1 with e filled on error. */
static int column_state(store *st, const char *table, const char *col, kerr *e)
{
    sqlite3_stmt *s = NULL;
    int ret = -1;
    if (sqlite3_prepare_v2(db(st), "SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1),"
                           " (SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2)", -1, &s, NULL) ||
        sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC) || sqlite3_bind_text(s, 2, col, -1, SQLITE_STATIC) ||
        sqlite3_step(s) != SQLITE_ROW) {
        dberr(st, e, "upgrading the schema");
        goto out;
    }
    ret = sqlite3_column_int(s, 0) == 0 ? 2 : sqlite3_column_int(s, 1) > 0;
out:
    sqlite3_finalize(s);
    return ret;
}

/* 12 → 13: 1 when kind k's table exists and holds its dates and times as
 * text (a table of version 12 or older: not STRICT), 0 when not (absent,
 * or of version 13), -1 with e filled. */
static int kind_table_textual(store *st, const kind_def *k, kerr *e)
{
    char table[64];
    snprintf(table, sizeof table, "%s_data", k->name);
    sqlite3_stmt *s = NULL;
    int ret = -1;
    if (sqlite3_prepare_v2(db(st), "SELECT strict FROM pragma_table_list WHERE schema = 'main' AND name = ?1", -1,
                           &s, NULL) || sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC)) {
        dberr(st, e, "upgrading the schema");
        goto out;
    }
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) ret = sqlite3_column_int(s, 0) == 0;
    else if (rc == SQLITE_DONE) ret = 0;
    else dberr(st, e, "upgrading the schema");
out:
    sqlite3_finalize(s);
    return ret;
}

/* Whether a field of type t is stored as an integer (store.h, STORE_SQL_DATE). */
static int is_when(ftype t)
{
    return t == FT_DATE || t == FT_TIME || t == FT_DATETIME;
}

/* 12 → 13, after schema.sql made the new table: moves kind k's rows from
 * K_data_before_v13 with their rowids, each date and time turned into its
 * integer (store.h). A value that does not come back as the same text
 * from the view's expression (not canonical: written by hand, or by a
 * bug) stops the upgrade, named, before anything moves: the caller rolls
 * the whole upgrade back. */
static int move_kind_rows(store *st, const kind_def *k, kerr *e)
{
    sbuf chk = {0}, ins = {0}, sel = {0};
    int ret = -1;
    sqlite3_stmt *s = NULL;
    /* names come from the constant kinds table, never from input */
    for (int i = 0; i < k->nfields; i++) {
        const kfield *f = &k->fields[i];
        char col[80], conv[160], back[200];
        snprintf(col, sizeof col, "o.\"%s\"", f->name);
        sbuf_printf(&ins, "\"%s\",", f->name);
        if (!is_when(f->type)) {
            sbuf_printf(&sel, "%s,", col);
            continue;
        }
        if (f->type == FT_DATE) snprintf(conv, sizeof conv, STORE_SQL_DAYS("%s"), col);
        else if (f->type == FT_TIME) snprintf(conv, sizeof conv, "unixepoch('1970-01-01 ' || %s)", col);
        else snprintf(conv, sizeof conv, "unixepoch(%s)", col);
        if (f->type == FT_DATE) snprintf(back, sizeof back, STORE_SQL_DATE("%s"), conv);
        else if (f->type == FT_TIME) snprintf(back, sizeof back, STORE_SQL_TIME("%s"), conv);
        else snprintf(back, sizeof back, STORE_SQL_DATETIME("%s"), conv);
        sbuf_printf(&sel, "%s,", conv);
        sbuf_printf(&chk, "%sSELECT o.rowid, '%s', %s FROM \"%s_data_before_v13\" o"
                    " WHERE %s IS NOT NULL AND %s IS NOT %s",
                    chk.len ? " UNION ALL " : "", f->name, col, k->name, col, back, col);
    }
    sbuf_adds(&chk, " LIMIT 1");
    if (sqlite3_prepare_v2(db(st), chk.p, -1, &s, NULL)) {
        dberr(st, e, "upgrading the schema");
        goto out;
    }
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        kerr_set(e, EXIT_DATAERR, "%s: cannot upgrade %s_data: row %lld, field %s: '%s' is not a canonical "
                 "date, time or datetime; nothing was changed", st->path, k->name,
                 (long long)sqlite3_column_int64(s, 0), (const char *)sqlite3_column_text(s, 1),
                 (const char *)sqlite3_column_text(s, 2));
        goto out;
    }
    if (rc != SQLITE_DONE) {
        dberr(st, e, "upgrading the schema");
        goto out;
    }
    int extra = strcmp(k->name, "archive_record") == 0;
    sbuf full = {0};
    sbuf_printf(&full, "INSERT INTO \"%s_data\"(rowid,%ssrc_id,src_line%s) SELECT o.rowid,%so.src_id,o.src_line%s"
                " FROM \"%s_data_before_v13\" o ORDER BY o.rowid; DROP TABLE \"%s_data_before_v13\";",
                k->name, ins.p, extra ? ",file_sha256" : "", sel.p, extra ? ",o.file_sha256" : "",
                k->name, k->name);
    ret = exec(st, full.p, e);
    sbuf_free(&full);
out:
    sqlite3_finalize(s);
    sbuf_free(&chk);
    sbuf_free(&ins);
    sbuf_free(&sel);
    return ret;
}

/* 1 when `content` is the last column of the source table (or there is
 * no such table yet), 0 when it is not, -1 with e filled. */
static int source_content_last(store *st, kerr *e)
{
    sqlite3_stmt *s = NULL;
    int ret = -1;
    if (sqlite3_prepare_v2(db(st), "SELECT name FROM pragma_table_info('source') ORDER BY cid DESC LIMIT 1", -1,
                           &s, NULL)) {
        dberr(st, e, "upgrading the schema");
        goto out;
    }
    int r = sqlite3_step(s);
    if (r == SQLITE_DONE) ret = 1;
    else if (r == SQLITE_ROW) ret = strcmp((const char *)sqlite3_column_text(s, 0), "content") == 0;
    else dberr(st, e, "upgrading the schema");
out:
    sqlite3_finalize(s);
    return ret;
}

static int user_version(store *st, int *v, kerr *e)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db(st), "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
        return dberr(st, e, "reading the schema version");
    *v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
    sqlite3_finalize(s);
    return 0;
}

store *store_open(const char *path, kerr *e)
{
    /* kefu is single-threaded: no memory statistics (a mutex per
     * allocation) and no per-connection mutex (one per API call); both
     * showed in the ingest profile. sqlite3_config only works before the
     * library initialises, so later calls are harmless no-ops. */
    static int configured;
    if (!configured) {
        (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        /* a statement of STORE_PUT_MANY rows keeps a statement journal (it
         * may fail part-way); at SQLite's default 64 KiB it spilled to a
         * temporary file, 300,000 writes for a million rows: 1 MiB keeps
         * it in memory (one statement touches a few 16 KiB pages) */
        (void)sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 1 << 20);
        configured = 1;
    }
    store *st = xcalloc(1, sizeof *st);
    st->path = xstrdup(path);
    if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        kerr_set(e, EXIT_CANTCREAT, "%s: cannot open database: %s", path,
                 st->db ? sqlite3_errmsg(st->db) : msg_tr("out of memory"));
        goto fail;
    }
    sqlite3_busy_timeout(st->db, 5000);
    /* 16 KiB pages: the WAL writes every page twice (log, then checkpoint)
     * and per-page costs dominate bulk ingest; 16 KiB measured 20 % faster
     * than 4 KiB on a million rows (no effect on an existing database). The
     * cache stays at 16 MiB: larger measured no faster, and peak memory is
     * bounded by it (SPEC §5). */
    if (exec(st, "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF; PRAGMA cache_size=-16384;", e))
        goto fail;
    if (user_version(st, &st->version_before, e)) goto fail;
    if (st->version_before > STORE_SCHEMA_VERSION) {
        kerr_set(e, EXIT_DATAERR, "%s: database schema version %d is newer than this kefu (%d)",
                 path, st->version_before, STORE_SCHEMA_VERSION);
        goto fail;
    }
    if (st->version_before < STORE_SCHEMA_VERSION) {
        /* Version 0 (a new file) gets the whole schema. An older database
         * first takes the ALTER steps from its version on (tables that
         * exist gain their new columns), then the schema, whose IF NOT
         * EXISTS statements add what is new and set the version. */
        static const char *const upgrade[STORE_SCHEMA_VERSION] = {
            NULL,
            /* 1 → 2 (issue 11): findings and obligations carry the quote
             * and the assumptions behind their article */
            "ALTER TABLE finding ADD COLUMN quote TEXT NOT NULL DEFAULT '';"
            "ALTER TABLE finding ADD COLUMN assumed TEXT NOT NULL DEFAULT '';"
            "ALTER TABLE obligation ADD COLUMN quote TEXT NOT NULL DEFAULT '';"
            "ALTER TABLE obligation ADD COLUMN assumed TEXT NOT NULL DEFAULT '';",
            /* 2 → 3 (issue 11): a finding's sanction may be 'reward' (the club's
             * clean-month reward). SQLite cannot change a CHECK: the table is
             * rebuilt with its rows; schema.sql then recreates its index. */
            "ALTER TABLE finding RENAME TO finding_v2;"
            "CREATE TABLE finding (id INTEGER PRIMARY KEY, rule TEXT NOT NULL, article TEXT NOT NULL,"
            " subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL, date TEXT NOT NULL, period TEXT NOT NULL,"
            " sanction TEXT NOT NULL CHECK (sanction IN ('none','warning','fine','deduction','dismissal','reward')),"
            " amount_fen INTEGER NOT NULL, detail TEXT NOT NULL, sources TEXT NOT NULL,"
            " quote TEXT NOT NULL DEFAULT '', assumed TEXT NOT NULL DEFAULT '');"
            "INSERT INTO finding SELECT id, rule, article, subject_kind, subject_id, date, period, sanction,"
            " amount_fen, detail, sources, quote, assumed FROM finding_v2;"
            "DROP TABLE finding_v2;",
            /* 3 → 4 (issue 16): rejects that follow the file — a later file
             * of the same name resolves them */
            "ALTER TABLE reject ADD COLUMN resolved_by TEXT;",
            /* 4 → 5 (issue 13): schema.sql adds role_history; the
             * employees already stored are recorded in it below */
            NULL,
            /* 5 → 6 (issue 11): who re-checked a destruction */
            "ALTER TABLE purge_batch ADD COLUMN rechecked_by TEXT;",
            /* 6 → 7 (issue 14): the punch kind. New tables and a view only:
             * schema.sql's CREATE … IF NOT EXISTS adds them below, and no
             * existing table changes */
            NULL,
            /* 7 → 8 (issue 14): each workbook row names its sheet, packed
             * in src_line (schema.sql, the sheet table). No table changes:
             * the views that unpack it (and record_status, over
             * archive_record) are dropped here, and schema.sql recreates
             * them with src_sheet and adds the sheet table. Rows stored
             * before hold a plain line: src_sheet NULL, not kept */
            "DROP VIEW IF EXISTS record_status;"
            "DROP VIEW IF EXISTS employee;"
            "DROP VIEW IF EXISTS attendance;"
            "DROP VIEW IF EXISTS leave;"
            "DROP VIEW IF EXISTS meeting;"
            "DROP VIEW IF EXISTS meeting_attendance;"
            "DROP VIEW IF EXISTS report_submission;"
            "DROP VIEW IF EXISTS incident;"
            "DROP VIEW IF EXISTS customer;"
            "DROP VIEW IF EXISTS service_event;"
            "DROP VIEW IF EXISTS callback;"
            "DROP VIEW IF EXISTS archive_record;"
            "DROP VIEW IF EXISTS hold;"
            "DROP VIEW IF EXISTS borrowing;"
            "DROP VIEW IF EXISTS punch;",
            /* 8 → 9 (issue 11): leave gains requested_at. The column is
             * added below when missing (a database rebuilt by hand may
             * have it); its view is dropped here and schema.sql recreates
             * it with the column. The shift_swap kind is a new table and
             * view (schema.sql); its view is dropped too, so that one
             * rebuilt by hand comes back whole */
            "DROP VIEW IF EXISTS leave;"
            "DROP VIEW IF EXISTS shift_swap;",
            /* 9 → 10 (issue 11, 业主档案管理细则 8(9)): a borrowing says
             * whether an archive was read, copied or taken away, and who
             * signed for it. The columns are added below (when missing);
             * schema.sql recreates the view with them */
            "DROP VIEW IF EXISTS borrowing;",
            /* 10 → 11 (issue 15): below, by column_state */
            NULL,
            /* 11 → 12 (issue 15): below, by the obligation table's shape */
            NULL,
            /* 12 → 13 (issue 15): below, by each kind table's shape */
            NULL,
        };
        const char *sql = embed_get("schemas/schema.sql", NULL);
        if (!sql) {
            kerr_set(e, EXIT_SOFTWARE, "schemas/schema.sql is not embedded in this build");
            goto fail;
        }
        if (exec(st, "BEGIN IMMEDIATE", e)) goto fail;
        for (int v = st->version_before; v > 0 && v < STORE_SCHEMA_VERSION; v++)
            if (upgrade[v] && exec(st, upgrade[v], e)) {
                exec(st, "ROLLBACK", NULL);
                goto fail;
            }
        /* 7 → 8: the role history names the sheet of its rows. A database
         * older than the table (version 5) gets it whole from schema.sql */
        int has = st->version_before < 8 ? column_state(st, "role_history", "src_sheet", e) : 1;
        if (has < 0 || (has == 0 && exec(st, "ALTER TABLE role_history ADD COLUMN src_sheet TEXT", e))) {
            exec(st, "ROLLBACK", NULL);
            goto fail;
        }
        /* 8 → 9: the time a leave was asked for; rows stored before have none
         * (NULL), and the rules do not judge a leave without it. INTEGER, as
         * version 13 stores a datetime (a textual table is rebuilt below
         * anyway; a STRICT one keeps the column as added) */
        has = st->version_before < 9 ? column_state(st, "leave_data", "requested_at", e) : 1;
        if (has < 0 || (has == 0 && exec(st, "ALTER TABLE leave_data ADD COLUMN requested_at INTEGER", e))) {
            exec(st, "ROLLBACK", NULL);
            goto fail;
        }
        /* 9 → 10: the borrowing's action and signer (a table that does
         * not exist yet comes whole from schema.sql) */
        static const struct { const char *col, *sql; } add10[] = {
            { "action", "ALTER TABLE borrowing_data ADD COLUMN action TEXT" },
            { "signed_by", "ALTER TABLE borrowing_data ADD COLUMN signed_by TEXT" },
        };
        for (size_t i = 0; st->version_before < 10 && i < sizeof add10 / sizeof add10[0]; i++) {
            has = column_state(st, "borrowing_data", add10[i].col, e);
            if (has < 0 || (has == 0 && exec(st, add10[i].sql, e))) {
                exec(st, "ROLLBACK", NULL);
                goto fail;
            }
        }
        /* 10 → 11 (issue 15): stored sources are zlib-compressed, marked
         * by content_coding; the files stored before keep their bytes as
         * they are, marked raw. content must stay the table's last column
         * (ingest writes it in pieces into a zeroblob, which SQLite only
         * leaves unmaterialised at the end of a row), so a table without
         * content_coding, or with it after content, is rebuilt: renamed
         * aside (legacy_alter_table: the other tables' and the views'
         * references, an auditor's own views too, are left alone and name
         * the new table), made anew by schema.sql, refilled. Decided by the table's
         * shape, not the version: the step depends on no other one's. */
        int rebuild = 0;
        if (st->version_before < 11) {
            has = column_state(st, "source", "content_coding", e);
            int last = source_content_last(st, e);
            if (has < 0 || last < 0) {
                exec(st, "ROLLBACK", NULL);
                goto fail;
            }
            rebuild = has == 0 || last == 0;
            if (rebuild && exec(st, "PRAGMA legacy_alter_table=ON; ALTER TABLE source RENAME TO source_before_v11;"
                                    " PRAGMA legacy_alter_table=OFF;", e)) {
                exec(st, "ROLLBACK", NULL);
                goto fail;
            }
        }
        /* 11 → 12 (issue 15): obligations name their citation by number.
         * A database whose `obligation` is still a table has it renamed
         * aside (legacy_alter_table, as for source above: views that
         * name obligation, an auditor's too, then read the new view), its
         * index dropped so that schema.sql can make the new one under the
         * same name, and its rows moved below with their ids. Decided by
         * shape: obligation is a view from version 12 on. */
        int obl_rebuild = 0;
        if (st->version_before < 12) {
            int obl = column_state(st, "obligation", "id", e);
            if (obl < 0) {
                exec(st, "ROLLBACK", NULL);
                goto fail;
            }
            obl_rebuild = obl == 1;
            if (obl_rebuild && exec(st, "DROP INDEX IF EXISTS obligation_period; PRAGMA legacy_alter_table=ON;"
                                        " ALTER TABLE obligation RENAME TO obligation_before_v12;"
                                        " PRAGMA legacy_alter_table=OFF;", e)) {
                exec(st, "ROLLBACK", NULL);
                goto fail;
            }
        }
        /* 12 → 13 (issue 15): dates and times as integers in STRICT
         * tables (store.h). Each kind's table still of the old shape loses
         * its view (schema.sql makes it anew, formatting the integers) and
         * is renamed aside as for source above; its rows move below.
         * record_status reads archive_record's view: made anew too. */
        unsigned textual = 0;
        for (int i = 0; st->version_before > 0 && st->version_before < 13 && i < KIND_COUNT; i++) {
            const kind_def *k = &kind_all()[i];
            int t = kind_table_textual(st, k, e);
            if (t < 0) {
                exec(st, "ROLLBACK", NULL);
                goto fail;
            }
            if (!t) continue;
            textual |= 1u << i;
            char q[400];
            snprintf(q, sizeof q, "DROP VIEW IF EXISTS record_status; DROP VIEW IF EXISTS \"%s\";"
                     " PRAGMA legacy_alter_table=ON; ALTER TABLE \"%s_data\" RENAME TO \"%s_data_before_v13\";"
                     " PRAGMA legacy_alter_table=OFF;", k->name, k->name, k->name);
            if (exec(st, q, e)) {
                exec(st, "ROLLBACK", NULL);
                goto fail;
            }
        }
        if (exec(st, sql, e)) {
            exec(st, "ROLLBACK", NULL);
            goto fail;
        }
        for (int i = 0; i < KIND_COUNT; i++)
            if ((textual >> i & 1) && move_kind_rows(st, &kind_all()[i], e)) {
                exec(st, "ROLLBACK", NULL);
                goto fail;
            }
        if (obl_rebuild && exec(st, "INSERT OR IGNORE INTO citation(rule, article, quote, assumed)"
                                    " SELECT rule, article, quote, assumed FROM obligation_before_v12 ORDER BY id;"
                                    "INSERT INTO obligation_data(id, cite, subject_kind, subject_id, anchor_at,"
                                    " due_at, done_at, status, period, callback_id, callback_rowid)"
                                    " SELECT o.id, c.id, o.subject_kind, o.subject_id, o.anchor_at, o.due_at,"
                                    " o.done_at, o.status, o.period, o.callback_id, o.callback_rowid"
                                    " FROM obligation_before_v12 o JOIN citation c ON c.rule = o.rule"
                                    " AND c.article = o.article AND c.quote = o.quote AND c.assumed = o.assumed;"
                                    "DROP TABLE obligation_before_v12;", e)) {
            exec(st, "ROLLBACK", NULL);
            goto fail;
        }
        if (rebuild && exec(st, has ? "INSERT INTO source(id, file, sha256, bytes, kind, format, encoding,"
                                      " ingested_at, rows_stored, rows_rejected, rows_replaced, content_coding,"
                                      " content) SELECT id, file, sha256, bytes, kind, format, encoding,"
                                      " ingested_at, rows_stored, rows_rejected, rows_replaced, content_coding,"
                                      " content FROM source_before_v11; DROP TABLE source_before_v11;"
                                    : "INSERT INTO source(id, file, sha256, bytes, kind, format, encoding,"
                                      " ingested_at, rows_stored, rows_rejected, rows_replaced, content_coding,"
                                      " content) SELECT id, file, sha256, bytes, kind, format, encoding,"
                                      " ingested_at, rows_stored, rows_rejected, rows_replaced, 'raw',"
                                      " content FROM source_before_v11; DROP TABLE source_before_v11;", e)) {
            exec(st, "ROLLBACK", NULL);
            goto fail;
        }
        /* 4 → 5: the employees stored so far start the role history, each
         * row with its audit entry, dated by its file's ingest */
        if (st->version_before > 0 && st->version_before < 5 && store_roles_record(st, 0, NULL, NULL, e)) {
            exec(st, "ROLLBACK", NULL);
            goto fail;
        }
        if (exec(st, "COMMIT", e)) goto fail;
    }
    return st;
fail:
    store_close(st);
    return NULL;
}

store *store_open_ro(const char *path, kerr *e)
{
    store *st = xcalloc(1, sizeof *st);
    st->path = xstrdup(path);
    if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        kerr_set(e, EXIT_NOINPUT, "%s: cannot open database: %s", path,
                 st->db ? sqlite3_errmsg(st->db) : msg_tr("out of memory"));
        goto fail;
    }
    sqlite3_busy_timeout(st->db, 5000);
    if (user_version(st, &st->version_before, e)) goto fail;
    if (st->version_before != STORE_SCHEMA_VERSION) {
        kerr_set(e, EXIT_DATAERR, "%s: database schema version %d, this kefu reads %d (run 'kefu init' to upgrade it)",
                 path, st->version_before, STORE_SCHEMA_VERSION);
        goto fail;
    }
    return st;
fail:
    store_close(st);
    return NULL;
}

void store_close(store *st)
{
    if (!st) return;
    compress_abandon(st);
    writer_stop(st);
    for (int i = 0; i < KIND_COUNT; i++) {
        sqlite3_finalize(st->put[i]);
        sqlite3_finalize(st->put_many[i]);
    }
    sqlite3_finalize(st->reject);
    if (st->db) sqlite3_close(st->db);
    free(st->path);
    free(st);
}

int store_version_before(const store *st) { return st->version_before; }

sqlite3 *store_db(store *st) { return db(st); }

int store_begin(store *st, kerr *e)
{
    /* apart, only the connection's TEMP tables are written: no lock on
     * the database, so a report never waits for (or blocks) a writer */
    if (exec(st, st->apart ? "BEGIN" : "BEGIN IMMEDIATE", e)) return -1;
    st->in_tx = 1;
    return 0;
}

int store_commit(store *st, kerr *e)
{
    /* rows the writer failed to store: the transaction must not commit
     * (in_tx stays set: the caller's store_rollback ends it) */
    if (store_put_flush(st, e)) return -1;
    st->in_tx = 0;
    return exec(st, "COMMIT", e);
}

void store_rollback(store *st)
{
    compress_abandon(st);
    writer_drain(st);
    if (st->in_tx) exec(st, "ROLLBACK", NULL);
    st->in_tx = 0;
    /* the next transaction starts without the failed one's error */
    if (st->w_on) {
        pthread_mutex_lock(&st->w_mu);
        st->w_failed = 0;
        pthread_mutex_unlock(&st->w_mu);
    }
}

int store_source_seen(store *st, const char *sha256, char at[20], char *file, size_t filesz, kerr *e)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db(st), "SELECT ingested_at, file FROM source WHERE sha256 = ?", -1, &s, NULL))
        return dberr(st, e, "looking up a source");
    sqlite3_bind_text(s, 1, sha256, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    int found = 0;
    if (rc == SQLITE_ROW) {
        snprintf(at, 20, "%s", (const char *)sqlite3_column_text(s, 0));
        snprintf(file, filesz, "%s", (const char *)sqlite3_column_text(s, 1));
        found = 1;
    } else if (rc != SQLITE_DONE) {
        found = dberr(st, e, "looking up a source");
    }
    sqlite3_finalize(s);
    return found;
}

int64_t store_count(store *st, const kind_def *k, kerr *e)
{
    /* The table name comes from the constant kinds table, never from input. */
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s_data\"", k->name);
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db(st), sql, -1, &s, NULL)) return dberr(st, e, "counting rows");
    int64_t n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
    sqlite3_finalize(s);
    return n;
}

/* Builds "INSERT OR REPLACE INTO k_data(f1,…,src_id,src_line[,file_sha256])
 * VALUES(?,…)" from the constant kinds table. */
/* Rows stored by one INSERT statement when a batch has that many of one
 * kind in a row (the writer thread, below). */
enum { STORE_PUT_MANY = 16 };

static sqlite3_stmt *put_stmt(store *st, const kind_def *k, int many, kerr *e)
{
    int idx = (int)(k - kind_all());
    sqlite3_stmt **slot = many ? &st->put_many[idx] : &st->put[idx];
    if (*slot) return *slot;
    sbuf sql = {0};
    int extra = strcmp(k->name, "archive_record") == 0;
    sbuf_printf(&sql, "INSERT OR REPLACE INTO \"%s_data\"(", k->name);
    for (int i = 0; i < k->nfields; i++) sbuf_printf(&sql, "\"%s\",", k->fields[i].name);
    sbuf_adds(&sql, "src_id,src_line");
    if (extra) sbuf_adds(&sql, ",file_sha256");
    sbuf_adds(&sql, ") VALUES");
    for (int r = 0; r < (many ? STORE_PUT_MANY : 1); r++) {
        sbuf_adds(&sql, r ? ",(" : "(");
        for (int i = 0; i < k->nfields + 2 + extra; i++) sbuf_adds(&sql, i ? ",?" : "?");
        sbuf_adds(&sql, ")");
    }
    if (sqlite3_prepare_v3(st->db, sql.p, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL))
        dberr(st, e, "preparing an insert");
    sbuf_free(&sql);
    return *slot;
}

/* --- the writer thread ---
 *
 * store_put_record only copies a row into a batch; a second thread binds
 * and steps the batches' INSERTs while the caller reads and checks the next
 * rows (issue 15: the rows' parsing and SQLite's work on two cores). The
 * connection is never used by two threads at once: every other use of it
 * goes through db() below, which first hands over the batch being filled
 * and waits until the writer has stored everything and sleeps. The mutex
 * hand-offs order the two threads' uses (SQLite's multi-thread mode:
 * SQLITE_OPEN_NOMUTEX). A failed INSERT stops the writer: the rest of its
 * rows are dropped, and the error is returned by the next
 * store_put_record, by store_commit (which then does not commit) or by
 * store_put_flush; the caller rolls the file back. */

enum { WB_ROWS = 512, WB_QUEUE = 4 };

enum { WV_NULL, WV_INT, WV_TEXT };

typedef struct wrow {
    const kind_def *k;
    int64_t src_id, line;            /* line: the packed src_line */
    int8_t tag[KIND_MAX_FIELDS + 1];  /* WV_*; the last slot: archive_record's file_sha256 */
    int64_t v[KIND_MAX_FIELDS + 1];   /* WV_INT: the value; WV_TEXT: the offset in the arena */
} wrow;

typedef struct wbatch {
    struct wbatch *next;
    size_t n;
    wrow rows[WB_ROWS];
    char *arena;                      /* the rows' texts, NUL-terminated */
    size_t len, cap;
} wbatch;

static void *writer_main(void *arg);

/* Starts the writer on first use. 0, or -1 with e filled. */
static int writer_start(store *st, kerr *e)
{
    if (st->w_on) return 0;
    if (pthread_mutex_init(&st->w_mu, NULL) || pthread_cond_init(&st->w_work, NULL) ||
        pthread_cond_init(&st->w_idle, NULL))
        return kerr_set(e, EXIT_SOFTWARE, "%s: cannot start the writer thread", st->path);
    st->w_quit = st->w_busy = st->w_failed = 0;
    st->w_head = st->w_tail = st->w_free = st->w_fill = NULL;
    st->w_queued = 0;
    if (pthread_create(&st->w_thread, NULL, writer_main, st)) {
        pthread_cond_destroy(&st->w_idle);
        pthread_cond_destroy(&st->w_work);
        pthread_mutex_destroy(&st->w_mu);
        return kerr_set(e, EXIT_SOFTWARE, "%s: cannot start the writer thread", st->path);
    }
    st->w_on = 1;
    return 0;
}

/* Queues the batch being filled (if it holds rows); waits while the queue
 * is full. Called with the mutex held. */
static void writer_hand_over(store *st)
{
    wbatch *b = st->w_fill;
    if (!b || b->n == 0) return;
    while (st->w_queued >= WB_QUEUE) pthread_cond_wait(&st->w_idle, &st->w_mu);
    st->w_fill = NULL;
    b->next = NULL;
    if (st->w_tail) st->w_tail->next = b; else st->w_head = b;
    st->w_tail = b;
    st->w_queued++;
    pthread_cond_signal(&st->w_work);
}

/* Hands over every row and waits until the writer has stored them all. */
static void writer_drain(store *st)
{
    if (!st->w_on) return;
    pthread_mutex_lock(&st->w_mu);
    writer_hand_over(st);
    while (st->w_queued || st->w_busy) pthread_cond_wait(&st->w_idle, &st->w_mu);
    pthread_mutex_unlock(&st->w_mu);
}

/* The connection, for any use but the writer's own: drained first. */
static sqlite3 *db(store *st)
{
    writer_drain(st);
    return st->db;
}

/* The writer's error, if it failed (once drained): copied into e, -1. */
static int writer_error(store *st, kerr *e)
{
    if (!st->w_on) return 0;
    pthread_mutex_lock(&st->w_mu);
    int failed = st->w_failed;
    if (failed && e) *e = st->w_err;
    pthread_mutex_unlock(&st->w_mu);
    return failed ? -1 : 0;
}

static void batch_free(wbatch *b)
{
    if (!b) return;
    free(b->arena);
    free(b);
}

static void writer_stop(store *st)
{
    if (!st->w_on) return;
    writer_drain(st);
    pthread_mutex_lock(&st->w_mu);
    st->w_quit = 1;
    pthread_cond_signal(&st->w_work);
    pthread_mutex_unlock(&st->w_mu);
    pthread_join(st->w_thread, NULL);
    pthread_cond_destroy(&st->w_idle);
    pthread_cond_destroy(&st->w_work);
    pthread_mutex_destroy(&st->w_mu);
    batch_free(st->w_fill);
    while (st->w_free) {
        wbatch *n = st->w_free->next;
        batch_free(st->w_free);
        st->w_free = n;
    }
    st->w_on = 0;
}

static void bind_slot(sqlite3_stmt *s, int n, const wbatch *b, const wrow *r, int slot)
{
    if (r->tag[slot] == WV_NULL) sqlite3_bind_null(s, n);
    else if (r->tag[slot] == WV_INT) sqlite3_bind_int64(s, n, r->v[slot]);
    else sqlite3_bind_text(s, n, b->arena + r->v[slot], -1, SQLITE_STATIC);
}

/* Stores rows [from, from + n) of a batch, all of one kind, with one
 * statement (n is 1 or STORE_PUT_MANY): in the writer thread. In order: a
 * later row of the same key replaces an earlier one, as row by row. */
static int write_rows(store *st, const wbatch *b, size_t from, int n, kerr *e)
{
    const kind_def *k = b->rows[from].k;
    sqlite3_stmt *s = put_stmt(st, k, n > 1, e);
    if (!s) return -1;
    int extra = strcmp(k->name, "archive_record") == 0;
    int p = 1;
    for (size_t j = from; j < from + (size_t)n; j++) {
        const wrow *r = &b->rows[j];
        for (int i = 0; i < k->nfields; i++) bind_slot(s, p++, b, r, i);
        sqlite3_bind_int64(s, p++, r->src_id);
        sqlite3_bind_int64(s, p++, r->line);
        if (extra) bind_slot(s, p++, b, r, KIND_MAX_FIELDS);
    }
    int rc = sqlite3_step(s);
    sqlite3_reset(s);   /* every parameter is bound again for the next rows */
    if (rc != SQLITE_DONE) return dberr(st, e, "storing a record");
    return 0;
}

/* Stores a batch's rows: runs of STORE_PUT_MANY rows of one kind with one
 * statement (fewer statement starts per row), the rest one by one. */
static int write_batch(store *st, const wbatch *b, kerr *e)
{
    size_t i = 0;
    while (i < b->n) {
        size_t run = 1;
        while (run < STORE_PUT_MANY && i + run < b->n && b->rows[i + run].k == b->rows[i].k) run++;
        int many = run == STORE_PUT_MANY;
        if (write_rows(st, b, i, many ? STORE_PUT_MANY : 1, e)) return -1;
        i += many ? STORE_PUT_MANY : 1;
    }
    return 0;
}

static void *writer_main(void *arg)
{
    store *st = arg;
    pthread_mutex_lock(&st->w_mu);
    for (;;) {
        while (!st->w_head && !st->w_quit) pthread_cond_wait(&st->w_work, &st->w_mu);
        if (!st->w_head) break;   /* quit, and nothing left */
        wbatch *b = st->w_head;
        st->w_head = b->next;
        if (!st->w_head) st->w_tail = NULL;
        st->w_busy = 1;
        int failed = st->w_failed;
        pthread_mutex_unlock(&st->w_mu);
        kerr e;
        kerr_clear(&e);
        int bad = 0;
        if (!failed) bad = write_batch(st, b, &e) != 0;
        pthread_mutex_lock(&st->w_mu);
        if (bad) {
            st->w_failed = 1;
            st->w_err = e;
        }
        b->n = 0;
        b->len = 0;
        b->next = st->w_free;
        st->w_free = b;
        st->w_queued--;
        st->w_busy = 0;
        pthread_cond_broadcast(&st->w_idle);
    }
    pthread_mutex_unlock(&st->w_mu);
    return NULL;
}

/* Copies text into the batch's arena; its offset. */
static int64_t batch_text(wbatch *b, const char *t)
{
    size_t n = strlen(t) + 1;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 65536;
        while (b->len + n > cap) cap *= 2;
        b->arena = xrealloc(b->arena, cap);
        b->cap = cap;
    }
    memcpy(b->arena + b->len, t, n);
    b->len += n;
    return (int64_t)(b->len - n);
}

/* The SQL that reads field f of a KIND_data table aliased d as the views
 * give it (dates and times as text: store.h, STORE_SQL_DATE). */
static void field_expr(sbuf *sql, const kfield *f)
{
    char col[80];
    snprintf(col, sizeof col, "d.\"%s\"", f->name);
    switch (f->type) {
    case FT_DATE: sbuf_printf(sql, STORE_SQL_DATE("%s"), col); break;
    case FT_TIME: sbuf_printf(sql, STORE_SQL_TIME("%s"), col); break;
    case FT_DATETIME: sbuf_printf(sql, STORE_SQL_DATETIME("%s"), col); break;
    default: sbuf_adds(sql, col); break;
    }
}

int store_each_record(store *st, const kind_def *k, store_record_fn fn, void *ctx, kerr *e)
{
    /* Column and table names come from the constant kinds table. The key
     * orders by the stored integers: the same order as their text. */
    sbuf sql = {0};
    sbuf_adds(&sql, "SELECT ");
    for (int i = 0; i < k->nfields; i++) {
        if (i) sbuf_adds(&sql, ",");
        field_expr(&sql, &k->fields[i]);
    }
    sbuf_printf(&sql, " FROM \"%s_data\" d ORDER BY ", k->name);
    for (int i = 0; i < k->nkey; i++) sbuf_printf(&sql, "%sd.\"%s\"", i ? "," : "", k->fields[k->key[i]].name);
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db(st), sql.p, -1, &s, NULL);
    sbuf_free(&sql);
    if (rc != SQLITE_OK) return dberr(st, e, "reading a kind's rows");
    kval v[KIND_MAX_FIELDS];
    int ret = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        for (int i = 0; i < k->nfields; i++) {
            int t = sqlite3_column_type(s, i);
            v[i].null = t == SQLITE_NULL;
            v[i].is_int = t == SQLITE_INTEGER;
            v[i].i = v[i].is_int ? sqlite3_column_int64(s, i) : 0;
            v[i].s = t == SQLITE_TEXT ? (const char *)sqlite3_column_text(s, i) : NULL;
        }
        if ((ret = fn(ctx, k, v)) != 0) break;
    }
    if (ret == 0 && rc != SQLITE_DONE) ret = dberr(st, e, "reading a kind's rows");
    sqlite3_finalize(s);
    return ret;
}

/* Whether t is the canonical text of a date (YYYY-MM-DD), a time
 * (HH:MM:SS) or a datetime (both, one space between): only the shape, as
 * the value parsers wrote it; a text of another shape is a caller's bug. */
static int canonical_shape(ftype type, const char *t)
{
    static const char date[] = "0000-00-00", time[] = "00:00:00", datetime[] = "0000-00-00 00:00:00";
    const char *pat = type == FT_DATE ? date : type == FT_TIME ? time : datetime;
    size_t i = 0;
    for (; pat[i]; i++) {
        unsigned char c = (unsigned char)t[i];
        if (pat[i] == '0' ? (c < '0' || c > '9') : c != (unsigned char)pat[i]) return 0;
    }
    return t[i] == '\0';
}

int store_put_record(store *st, const kind_def *k, const kval *vals, int64_t src_id,
                     long src_line, int64_t sheet_id, const char *file_sha256, kerr *e)
{
    /* a workbook row packs its sheet above its row (schema.sql, sheet);
     * a sheet's rows are capped far below 2^32 (XLSX_MAX_ROWS) */
    if (sheet_id > 0 && (src_line < 0 || (long long)src_line > STORE_LINE_MASK))
        return kerr_set(e, EXIT_SOFTWARE, "%s: row %ld of a sheet does not fit its provenance", st->path, src_line);
    if (writer_start(st, e)) return -1;
    wbatch *b = st->w_fill;
    if (!b) {
        pthread_mutex_lock(&st->w_mu);
        b = st->w_free;
        if (b) st->w_free = b->next;
        pthread_mutex_unlock(&st->w_mu);
        if (!b) b = xcalloc(1, sizeof *b);
        b->n = b->len = 0;
        st->w_fill = b;
    }
    wrow *r = &b->rows[b->n];
    r->k = k;
    r->src_id = src_id;
    r->line = sheet_id > 0 ? (int64_t)((uint64_t)sheet_id << 32 | (uint64_t)src_line) : (int64_t)src_line;
    for (int i = 0; i < k->nfields; i++) {
        ftype t = k->fields[i].type;
        if (vals[i].null) {
            r->tag[i] = WV_NULL;
        } else if (vals[i].is_int) {
            r->tag[i] = WV_INT;
            r->v[i] = vals[i].i;
        } else if (is_when(t)) {
            /* stored as integers (store.h, STORE_SQL_DATE) */
            const char *v = vals[i].s ? vals[i].s : "";
            if (!canonical_shape(t, v))
                return kerr_set(e, EXIT_SOFTWARE, "%s: field %s of a %s row: '%s' is not a canonical date or time",
                                st->path, k->fields[i].name, k->name, v);
            r->tag[i] = WV_INT;
            r->v[i] = t == FT_DATE ? val_days(v) : t == FT_TIME ? val_tod(v) : val_secs(v);
        } else {
            r->tag[i] = WV_TEXT;
            r->v[i] = batch_text(b, vals[i].s ? vals[i].s : "");
        }
    }
    r->tag[KIND_MAX_FIELDS] = file_sha256 ? WV_TEXT : WV_NULL;
    if (file_sha256) r->v[KIND_MAX_FIELDS] = batch_text(b, file_sha256);
    b->n++;
    if (b->n < WB_ROWS) return 0;
    pthread_mutex_lock(&st->w_mu);
    writer_hand_over(st);
    pthread_mutex_unlock(&st->w_mu);
    return writer_error(st, e);
}

int store_put_flush(store *st, kerr *e)
{
    writer_drain(st);
    return writer_error(st, e);
}

int store_sheet_id(store *st, int64_t src_id, const char *name, int64_t *id, kerr *e)
{
    sqlite3_stmt *s = NULL;
    int ret = -1;
    /* one row per (workbook, sheet): a sheet read again (a second kind's
     * rows, or an ingest retried after a rollback) keeps its id */
    if (sqlite3_prepare_v2(db(st), "INSERT OR IGNORE INTO sheet(src_id, name) VALUES(?1, ?2)", -1, &s, NULL)) {
        dberr(st, e, "recording a sheet");
        goto out;
    }
    sqlite3_bind_int64(s, 1, src_id);
    sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_DONE) {
        dberr(st, e, "recording a sheet");
        goto out;
    }
    sqlite3_finalize(s);
    s = NULL;
    if (sqlite3_prepare_v2(db(st), "SELECT id FROM sheet WHERE src_id = ?1 AND name = ?2", -1, &s, NULL)) {
        dberr(st, e, "recording a sheet");
        goto out;
    }
    sqlite3_bind_int64(s, 1, src_id);
    sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
    if (sqlite3_step(s) != SQLITE_ROW) {
        dberr(st, e, "recording a sheet");
        goto out;
    }
    *id = sqlite3_column_int64(s, 0);
    ret = 0;
out:
    sqlite3_finalize(s);
    return ret;
}

int store_rejects_resolve(store *st, const char *base, const char *sha256, long *n, kerr *e)
{
    sqlite3_stmt *s = NULL;
    *n = 0;
    /* the same base name: the whole name, or the part after its last '/' */
    if (sqlite3_prepare_v2(db(st),
                           "UPDATE reject SET resolved_by = ?2 WHERE resolved_by IS NULL AND src_sha256 <> ?2"
                           " AND (file = ?1 OR (length(file) > length(?1) AND substr(file, -length(?1)) = ?1"
                           " AND substr(file, -length(?1) - 1, 1) = '/'))", -1, &s, NULL))
        return dberr(st, e, "resolving rejects");
    sqlite3_bind_text(s, 1, base, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, sha256, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return dberr(st, e, "resolving rejects");
    *n = (long)sqlite3_changes(db(st));
    return 0;
}

long store_rejects_standing(store *st, const char *sha256, kerr *e)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db(st), "SELECT count(*) FROM reject WHERE src_sha256 = ? AND resolved_by IS NULL",
                           -1, &s, NULL))
        return dberr(st, e, "counting rejects");
    sqlite3_bind_text(s, 1, sha256, -1, SQLITE_STATIC);
    long n = sqlite3_step(s) == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : -1;
    sqlite3_finalize(s);
    if (n < 0) return dberr(st, e, "counting rejects");
    return n;
}

int store_put_reject(store *st, const char *file, const char *sha256, long line,
                     const char *field, const char *value, const char *message, kerr *e)
{
    /* the statement is kept: the connection is taken (the writer's rows
     * stored) here, not by the prepare */
    writer_drain(st);
    if (!st->reject &&
        sqlite3_prepare_v3(st->db, "INSERT INTO reject(file,src_sha256,line,field,value,message) "
                           "VALUES(?,?,?,?,?,?)", -1, SQLITE_PREPARE_PERSISTENT, &st->reject, NULL))
        return dberr(st, e, "preparing the reject insert");
    sqlite3_stmt *s = st->reject;
    sqlite3_bind_text(s, 1, file, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, sha256, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, line);
    if (field) sqlite3_bind_text(s, 4, field, -1, SQLITE_STATIC); else sqlite3_bind_null(s, 4);
    if (value) sqlite3_bind_text(s, 5, value, -1, SQLITE_STATIC); else sqlite3_bind_null(s, 5);
    sqlite3_bind_text(s, 6, message, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return dberr(st, e, "storing a reject");
    return 0;
}

int store_source_begin(store *st, const char *file, const char *sha256, int64_t bytes,
                       const char *ingested_at, int64_t *id, kerr *e)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db(st),
            "INSERT INTO source(file,sha256,bytes,ingested_at,rows_stored,rows_rejected,rows_replaced)"
            " VALUES(?,?,?,?,0,0,0)", -1, &s, NULL))
        return dberr(st, e, "preparing the source insert");
    sqlite3_bind_text(s, 1, file, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, sha256, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, bytes);
    sqlite3_bind_text(s, 4, ingested_at, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return dberr(st, e, "storing a source");
    *id = sqlite3_last_insert_rowid(db(st));
    return 0;
}

/* Reads the source back through `read` and writes its zlib stream
 * (STORE_SOURCE_LEVEL) to `tmp`, a piece at a time: memory stays at two
 * STORE_SOURCE_CHUNKs whatever the file's size. Returns the bytes read,
 * with the stream's length in *zlen, or -1 with e filled. */
static int64_t deflate_source(store *st, int64_t id, long (*read)(void *ctx, char *buf, size_t n), void *ctx,
                              FILE *tmp, int64_t *zlen, kerr *e)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit(&z, STORE_SOURCE_LEVEL) != Z_OK) {
        kerr_set(e, EXIT_SOFTWARE, "%s: source %lld: zlib deflateInit failed", st->path, (long long)id);
        return -1;
    }
    char *in = xmalloc(STORE_SOURCE_CHUNK);
    unsigned char *out = xmalloc(STORE_SOURCE_CHUNK);
    int64_t total = 0, written = 0;
    int flush = Z_NO_FLUSH, zr = Z_OK;
    while (zr != Z_STREAM_END) {
        if (z.avail_in == 0 && flush == Z_NO_FLUSH) {
            long n = read(ctx, in, STORE_SOURCE_CHUNK);
            if (n < 0) {
                kerr_set(e, EXIT_NOINPUT, "%s: source %lld: reading the file back failed", st->path,
                         (long long)id);
                goto fail;
            }
            if (n == 0) flush = Z_FINISH;
            z.next_in = (unsigned char *)in;
            z.avail_in = (uInt)n;
            total += n;
        }
        z.next_out = out;
        z.avail_out = STORE_SOURCE_CHUNK;
        zr = deflate(&z, flush);
        if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR) {
            kerr_set(e, EXIT_SOFTWARE, "%s: source %lld: zlib deflate failed (%d)", st->path, (long long)id, zr);
            goto fail;
        }
        size_t got = STORE_SOURCE_CHUNK - z.avail_out;
        if (got && fwrite(out, 1, got, tmp) != got) {
            kerr_set(e, EXIT_CANTCREAT, "%s: source %lld: writing the compressed copy to a temporary file: %s",
                     st->path, (long long)id, msg_strerror(errno));
            goto fail;
        }
        written += (int64_t)got;
        if (written > STORE_SOURCE_MAX) {   /* SQLite's blob limit: the row could not hold it */
            kerr_set(e, EXIT_DATAERR, "%s: source %lld: compressed, the file is over %d MiB: too large to store",
                     st->path, (long long)id, STORE_SOURCE_MAX >> 20);
            goto fail;
        }
    }
    if (fflush(tmp) != 0) {
        kerr_set(e, EXIT_CANTCREAT, "%s: source %lld: writing the compressed copy to a temporary file: %s",
                 st->path, (long long)id, msg_strerror(errno));
        goto fail;
    }
    *zlen = written;
    deflateEnd(&z);
    free(in);
    free(out);
    return total;
fail:
    deflateEnd(&z);
    free(in);
    free(out);
    return -1;
}

static void *compress_main(void *arg)
{
    store *st = arg;
    kerr_clear(&st->z_err);
    st->z_n = deflate_source(st, st->z_id, st->z_read, st->z_ctx, st->z_tmp, &st->z_len, &st->z_err);
    return NULL;
}

int store_source_compress(store *st, int64_t id, long (*read)(void *ctx, char *buf, size_t n), void *ctx,
                          kerr *e)
{
    compress_abandon(st);
    st->z_tmp = tmpfile();
    if (!st->z_tmp)
        return kerr_set(e, EXIT_CANTCREAT, "%s: source %lld: cannot create a temporary file: %s", st->path,
                        (long long)id, msg_strerror(errno));
    st->z_id = id;
    st->z_read = read;
    st->z_ctx = ctx;
    st->z_n = st->z_len = 0;
    if (pthread_create(&st->z_thread, NULL, compress_main, st)) {
        fclose(st->z_tmp);
        st->z_tmp = NULL;
        return kerr_set(e, EXIT_SOFTWARE, "%s: cannot start the compression thread", st->path);
    }
    st->z_on = 1;
    return 0;
}

/* Waits for the compression of store_source_compress; its stream becomes
 * the caller's (*tmp, to close). Bytes read, or -1 with e filled. */
static int64_t compress_join(store *st, FILE **tmp, int64_t *zlen, kerr *e)
{
    pthread_join(st->z_thread, NULL);
    st->z_on = 0;
    *tmp = st->z_tmp;
    st->z_tmp = NULL;
    *zlen = st->z_len;
    if (st->z_n < 0 && e) *e = st->z_err;
    return st->z_n;
}

/* A compression whose source will not be finished (rollback, close):
 * joined (the caller's file stays open until then) and dropped. */
static void compress_abandon(store *st)
{
    if (!st->z_on) return;
    FILE *tmp = NULL;
    int64_t zlen;
    compress_join(st, &tmp, &zlen, NULL);
    if (tmp) fclose(tmp);
}

int store_source_finish(store *st, int64_t id, const char *kind, const char *format,
                        const char *encoding, long stored, long rejected, long replaced,
                        long (*read)(void *ctx, char *buf, size_t n), void *ctx, kerr *e)
{
    sqlite3_stmt *s = NULL;
    sqlite3_blob *blob = NULL;
    FILE *tmp = NULL;
    char *buf = NULL;
    int64_t zlen = 0;
    int ret = -1;
    /* The content is compressed first, into an unlinked temporary file
     * (its size is not known before), then stored: content =
     * zeroblob(zlen) reserves the space without building the blob in
     * memory (content is the row's last column), and the stream is
     * written in pieces. A source row with no read function keeps content
     * NULL. */
    if (read) {
        int64_t n;
        if (st->z_on && st->z_id == id) {
            n = compress_join(st, &tmp, &zlen, e);   /* store_source_compress did it meanwhile */
        } else {
            tmp = tmpfile();
            if (!tmp) {
                kerr_set(e, EXIT_CANTCREAT, "%s: source %lld: cannot create a temporary file: %s", st->path,
                         (long long)id, msg_strerror(errno));
                goto out;
            }
            n = deflate_source(st, id, read, ctx, tmp, &zlen, e);
        }
        if (n < 0) goto out;
        sqlite3_stmt *b = NULL;
        int64_t bytes = -1;
        if (sqlite3_prepare_v2(db(st), "SELECT bytes FROM source WHERE id=?", -1, &b, NULL) == SQLITE_OK) {
            sqlite3_bind_int64(b, 1, id);
            if (sqlite3_step(b) == SQLITE_ROW) bytes = sqlite3_column_int64(b, 0);
        }
        sqlite3_finalize(b);
        if (bytes < 0) {
            dberr(st, e, "reading a source's size");
            goto out;
        }
        if (n != bytes) {
            kerr_set(e, EXIT_NOINPUT, "source %lld: the file changed while it was ingested", (long long)id);
            goto out;
        }
    }
    if (sqlite3_prepare_v2(db(st), read ? "UPDATE source SET kind=?,format=?,encoding=?,rows_stored=?,"
                                          "rows_rejected=?,rows_replaced=?,content_coding='zlib',"
                                          "content=zeroblob(?) WHERE id=?"
                                        : "UPDATE source SET kind=?,format=?,encoding=?,rows_stored=?,"
                                          "rows_rejected=?,rows_replaced=?,content_coding='raw',"
                                          "content=NULL WHERE id=?",
                           -1, &s, NULL)) {
        dberr(st, e, "preparing the source update");
        goto out;
    }
    if (kind) sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC); else sqlite3_bind_null(s, 1);
    sqlite3_bind_text(s, 2, format, -1, SQLITE_STATIC);
    if (encoding) sqlite3_bind_text(s, 3, encoding, -1, SQLITE_STATIC); else sqlite3_bind_null(s, 3);
    sqlite3_bind_int64(s, 4, stored);
    sqlite3_bind_int64(s, 5, rejected);
    sqlite3_bind_int64(s, 6, replaced);
    if (read) {
        sqlite3_bind_int64(s, 7, zlen);
        sqlite3_bind_int64(s, 8, id);
    } else {
        sqlite3_bind_int64(s, 7, id);
    }
    if (sqlite3_step(s) != SQLITE_DONE) {
        dberr(st, e, "updating a source");
        goto out;
    }
    if (read) {
        if (sqlite3_blob_open(db(st), "main", "source", "content", id, 1, &blob)) {
            dberr(st, e, "opening the source blob");
            goto out;
        }
        if (fseek(tmp, 0, SEEK_SET) != 0) {
            kerr_set(e, EXIT_CANTCREAT, "%s: source %lld: reading the compressed copy back: %s", st->path,
                     (long long)id, msg_strerror(errno));
            goto out;
        }
        buf = xmalloc(STORE_SOURCE_CHUNK);
        int64_t off = 0;
        while (off < zlen) {
            size_t want = zlen - off < STORE_SOURCE_CHUNK ? (size_t)(zlen - off) : STORE_SOURCE_CHUNK;
            if (fread(buf, 1, want, tmp) != want) {
                kerr_set(e, EXIT_CANTCREAT, "%s: source %lld: reading the compressed copy back: %s", st->path,
                         (long long)id, ferror(tmp) ? msg_strerror(errno) : msg_tr("the file is shorter"));
                goto out;
            }
            if (sqlite3_blob_write(blob, buf, (int)want, (int)off)) {
                dberr(st, e, "writing the source blob");
                goto out;
            }
            off += (int64_t)want;
        }
    }
    ret = 0;
out:
    if (blob) sqlite3_blob_close(blob);
    if (tmp) fclose(tmp);
    sqlite3_finalize(s);
    free(buf);
    return ret;
}

/* One PRAGMA's integer value, or -1 with e filled. */
static int64_t pragma_int(store *st, const char *sql, kerr *e)
{
    sqlite3_stmt *s = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db(st), sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (v < 0) dberr(st, e, sql);
    return v;
}

int64_t store_free_bytes(store *st, kerr *e)
{
    int64_t psz = pragma_int(st, "PRAGMA page_size", e), freep;
    if (psz < 0 || (freep = pragma_int(st, "PRAGMA freelist_count", e)) < 0) return -1;
    return psz * freep;
}

int store_vacuum(store *st, const char *at, store_vacuum_info *vi, kerr *e)
{
    sqlite3_stmt *s = NULL;
    memset(vi, 0, sizeof *vi);
    if (store_audit_writable(st, e)) return -1;
    /* a batch whose bundle is recorded but whose records are not yet
     * destroyed (purge.h, step 2 done, step 3 not): the vacuum would keep
     * the pages its destruction is about to free — finish it first */
    if (sqlite3_prepare_v2(db(st), "SELECT batch_id FROM purge_batch WHERE state = 'approved' AND "
                           "bundle_sha256 IS NOT NULL ORDER BY batch_id LIMIT 1", -1, &s, NULL))
        return dberr(st, e, "reading the purge batches");
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        kerr_set(e, EXIT_DATAERR, "%s: purge batch %s is part-way through its execution (its bundle is written, "
                 "its records not yet destroyed): finish it with `kefu purge execute %s` before vacuum",
                 st->path, (const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 0));
        sqlite3_finalize(s);
        return -1;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return dberr(st, e, "reading the purge batches");
    int64_t psz = pragma_int(st, "PRAGMA page_size", e), pages, freep;
    if (psz < 0 || (pages = pragma_int(st, "PRAGMA page_count", e)) < 0 ||
        (freep = pragma_int(st, "PRAGMA freelist_count", e)) < 0)
        return -1;
    vi->bytes_before = pages * psz;
    vi->free_before = freep * psz;
    /* VACUUM writes the rebuilt database through the WAL (one atomic
     * transaction: a crash leaves the old file or the new one); the
     * TRUNCATE checkpoint then copies it into the file, which shrinks, and
     * empties the WAL */
    if (exec(st, "VACUUM", e) || exec(st, "PRAGMA wal_checkpoint(TRUNCATE)", e)) return -1;
    if ((pages = pragma_int(st, "PRAGMA page_count", e)) < 0) return -1;
    vi->bytes_after = pages * psz;
    char *d = xasprintf("{\"bytes_before\":%lld,\"free_before\":%lld,\"bytes_after\":%lld}",
                        (long long)vi->bytes_before, (long long)vi->free_before, (long long)vi->bytes_after);
    int ret = store_begin(st, e) || store_audit(st, at, "vacuum", d, e) || store_commit(st, e) ? -1 : 0;
    if (ret) store_rollback(st);
    free(d);
    return ret;
}

int store_put_attachment(store *st, const char *sha256, const char *name,
                         const void *data, size_t len, kerr *e)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db(st), "INSERT OR IGNORE INTO attachment(sha256,name,bytes,data) "
                           "VALUES(?,?,?,?)", -1, &s, NULL))
        return dberr(st, e, "preparing the attachment insert");
    sqlite3_bind_text(s, 1, sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)len);
    sqlite3_bind_blob64(s, 4, data, len, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return dberr(st, e, "storing an attachment");
    return 0;
}

/* The audit chain's key (store_set_audit_key): process-wide, like
 * sqlite3_config, set by main before any store is opened. */
static unsigned char *audit_key;          /* the key bytes (owned), NULL when none */
static size_t audit_key_len;              /* its length */
static char audit_key_id_hex[HASH_HEX_LEN]; /* its id: SHA-256 of AUDIT_KEY_ID_TAG and the key */
static char *audit_key_path;              /* the key file, for messages (owned) */

#define AUDIT_KEY_ID_TAG "kefu audit key id\n"   /* domain of the key id: never the key's plain hash */
#define AUDIT_KEYED "audit_keyed"                /* the action of the entry the keyed chain starts at */
#define AUDIT_ZERO "0000000000000000000000000000000000000000000000000000000000000000"

void store_set_audit_key(const unsigned char *key, size_t len, const char *path)
{
    if (audit_key) memset(audit_key, 0, audit_key_len);
    free(audit_key);
    free(audit_key_path);
    audit_key = NULL;
    audit_key_path = NULL;
    audit_key_len = 0;
    audit_key_id_hex[0] = '\0';
    if (!key) return;
    audit_key = xmalloc(len);
    memcpy(audit_key, key, len);
    audit_key_len = len;
    audit_key_path = xstrdup(path ? path : "the audit key");
    hash_ctx h;
    hash_init(&h);
    hash_update(&h, AUDIT_KEY_ID_TAG, sizeof AUDIT_KEY_ID_TAG - 1);
    hash_update(&h, key, len);
    hash_final_hex(&h, audit_key_id_hex);
}

/* The canonical content an audit entry's hash covers; HMAC-SHA256 under
 * the key from the chain's audit_keyed entry on (keyed), else SHA-256. */
static void audit_hash(long seq, const char *at, const char *action, const char *detail,
                       const char *prev, int keyed, char out[HASH_HEX_LEN])
{
    sbuf b = {0};
    sbuf_printf(&b, "%ld|%s|%s|%s|%s", seq, at, action, detail, prev);
    if (keyed) hash_hmac_hex(audit_key, audit_key_len, b.p, b.len, out);
    else hash_hex(b.p, b.len, out);
    sbuf_free(&b);
}

int store_audit_keyed(store *st, long *from, char key_id[HASH_HEX_LEN], kerr *e)
{
    sqlite3_stmt *s = NULL;
    if (st->keyed_from > 0) {
        *from = st->keyed_from;
        memcpy(key_id, st->key_id, HASH_HEX_LEN);
        return 1;
    }
    *from = 0;
    key_id[0] = '\0';
    if (sqlite3_prepare_v2(db(st), "SELECT seq, CASE WHEN json_valid(detail) THEN json_extract(detail, '$.key_id') "
                           "END FROM audit WHERE action = '" AUDIT_KEYED "' ORDER BY seq LIMIT 1", -1, &s, NULL))
        return dberr(st, e, "reading the audit log");
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(s, 1);
        *from = (long)sqlite3_column_int64(s, 0);
        snprintf(key_id, HASH_HEX_LEN, "%s", id ? id : "");
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return dberr(st, e, "reading the audit log");
    if (*from > 0 && !st->in_tx) {
        /* cached only when committed: an entry of a transaction rolled
         * back must not be remembered */
        st->keyed_from = *from;
        memcpy(st->key_id, key_id, HASH_HEX_LEN);
    }
    return *from > 0;
}

/* The number of audit entries (0 or 1: whether there is one). */
static int audit_any(store *st, kerr *e)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db(st), "SELECT 1 FROM audit LIMIT 1", -1, &s, NULL))
        return dberr(st, e, "reading the audit log");
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return dberr(st, e, "reading the audit log");
    return rc == SQLITE_ROW;
}

int store_audit_writable(store *st, kerr *e)
{
    long from;
    char id[HASH_HEX_LEN];
    int keyed = store_audit_keyed(st, &from, id, e);
    if (keyed < 0) return -1;
    if (!keyed) {
        /* a key on a chain with entries but none keyed: keying it is the
         * operator's deliberate step (init), never a side effect — else a
         * chain whose keyed part was stripped and rewritten in plain
         * hashes would be silently accepted and extended */
        int any = audit_key ? audit_any(st, e) : 0;
        if (any < 0) return -1;
        if (any)
            return kerr_set(e, EXIT_NOPERM, "%s: the audit chain is not keyed, but an audit key was given (%s): key "
                            "it once with 'kefu --audit-key-file FILE init' — or, if it was keyed before, its keyed "
                            "entries were removed (see kefu audit verify); nothing was written", st->path,
                            audit_key_path);
        return 0;
    }
    if (!audit_key)
        return kerr_set(e, EXIT_NOPERM, "%s: the audit chain is keyed from entry %ld (key id %.16s…): a command "
                        "that writes the database needs its key (--audit-key-file FILE or $KEFU_AUDIT_KEY_FILE); "
                        "nothing was written", st->path, from, id);
    if (strcmp(id, audit_key_id_hex) != 0)
        return kerr_set(e, EXIT_NOPERM, "%s: the audit chain is keyed with key id %.16s… (entry %ld), but %s holds "
                        "key id %.16s…: not its key; nothing was written", st->path, id, from, audit_key_path,
                        audit_key_id_hex);
    return 0;
}

/* Appends one entry after the last (caller's transaction or autocommit). */
static int append_entry(store *st, const char *at, const char *action, const char *detail, int keyed, kerr *e)
{
    sqlite3_stmt *s = NULL;
    char prev[HASH_HEX_LEN] = AUDIT_ZERO;
    long seq = 1;
    if (sqlite3_prepare_v2(db(st), "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", -1, &s, NULL))
        return dberr(st, e, "reading the audit log");
    if (sqlite3_step(s) == SQLITE_ROW) {
        seq = (long)sqlite3_column_int64(s, 0) + 1;
        snprintf(prev, sizeof prev, "%s", (const char *)sqlite3_column_text(s, 1));
    }
    sqlite3_finalize(s);
    char h[HASH_HEX_LEN];
    audit_hash(seq, at, action, detail, prev, keyed, h);
    if (sqlite3_prepare_v2(db(st), "INSERT INTO audit(seq,at,action,detail,prev_hash,hash) "
                           "VALUES(?,?,?,?,?,?)", -1, &s, NULL))
        return dberr(st, e, "preparing the audit insert");
    sqlite3_bind_int64(s, 1, seq);
    sqlite3_bind_text(s, 2, at, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, detail, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, prev, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 6, h, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return dberr(st, e, "appending to the audit log");
    return 0;
}

int store_audit(store *st, const char *at, const char *action, const char *detail, kerr *e)
{
    long from;
    char id[HASH_HEX_LEN];
    /* a keyed chain is never extended with plain hashes, nor under
     * another key */
    if (store_audit_writable(st, e)) return -1;
    int keyed = store_audit_keyed(st, &from, id, e);
    if (keyed < 0) return -1;
    if (!keyed && audit_key) {
        /* the first entry of a new chain written with a key (writable
         * refused a chain with entries): keyed from here on, and says so
         * in an entry of its own (the key id, never the key) */
        char *d = xasprintf("{\"key_id\":\"%s\"}", audit_key_id_hex);
        int rc = append_entry(st, at, AUDIT_KEYED, d, 1, e);
        free(d);
        if (rc) return -1;
        keyed = 1;
    }
    return append_entry(st, at, action, detail, keyed, e);
}

int store_audit_key_chain(store *st, const char *at, kerr *e)
{
    long from;
    char id[HASH_HEX_LEN];
    if (!audit_key) return 0;
    int keyed = store_audit_keyed(st, &from, id, e);
    if (keyed < 0) return -1;
    if (keyed) return store_audit_writable(st, e);   /* its key: nothing to do; another: refused */
    /* only a chain that verifies is keyed: the HMACs would vouch for it */
    long n = 0, unverified = 0, bad;
    unsigned char *k = audit_key;
    audit_key = NULL;   /* verified as the plain chain it is */
    bad = store_audit_verify_ex(st, &n, &unverified, e);
    audit_key = k;
    if (bad < 0) return -1;
    if (bad > 0)
        return kerr_set(e, EXIT_DATAERR, "%s: the audit chain does not verify (%s): not keyed", st->path, e->msg);
    char *d = xasprintf("{\"key_id\":\"%s\"}", audit_key_id_hex);
    int rc = append_entry(st, at, AUDIT_KEYED, d, 1, e);
    free(d);
    return rc ? -1 : 1;
}

long store_audit_verify_ex(store *st, long *entries, long *unverified, kerr *e)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db(st), "SELECT seq, at, action, detail, prev_hash, hash, CASE WHEN action = '"
                           AUDIT_KEYED "' AND json_valid(detail) THEN json_extract(detail, '$.key_id') END "
                           "FROM audit ORDER BY seq", -1, &s, NULL))
        return dberr(st, e, "reading the audit log");
    char prev[HASH_HEX_LEN] = AUDIT_ZERO;
    long expect = 1, bad = 0, n = 0;
    int keyed = 0;
    *unverified = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        long seq = (long)sqlite3_column_int64(s, 0);
        const char *at = (const char *)sqlite3_column_text(s, 1);
        const char *action = (const char *)sqlite3_column_text(s, 2);
        const char *detail = (const char *)sqlite3_column_text(s, 3);
        const char *p = (const char *)sqlite3_column_text(s, 4);
        const char *h = (const char *)sqlite3_column_text(s, 5);
        const char *kid = (const char *)sqlite3_column_text(s, 6);
        char want[HASH_HEX_LEN];
        n++;
        if (seq != expect) {
            kerr_set(e, EXIT_DATAERR, "audit entry %ld: expected entry %ld (an entry is missing)", seq, expect);
            bad = seq;
            break;
        }
        if (!p || strcmp(p, prev) != 0) {
            kerr_set(e, EXIT_DATAERR, "audit entry %ld: prev_hash does not match entry %ld's hash", seq, seq - 1);
            bad = seq;
            break;
        }
        if (!keyed && action && strcmp(action, AUDIT_KEYED) == 0) {
            keyed = 1;
            if (audit_key && (!kid || strcmp(kid, audit_key_id_hex) != 0)) {
                kerr_set(e, EXIT_DATAERR, "audit entry %ld: the chain is keyed from here with key id %.16s…, not "
                         "with the key of %s (key id %.16s…): the wrong key, or a chain rewritten under "
                         "another key", seq, kid ? kid : "(none)", audit_key_path, audit_key_id_hex);
                bad = seq;
                break;
            }
        }
        if (keyed && !audit_key) {
            /* the links still chain, but the hashes need the key */
            if (!*unverified) *unverified = seq;
        } else {
            audit_hash(seq, at ? at : "", action ? action : "", detail ? detail : "", prev, keyed, want);
            if (!h || strcmp(h, want) != 0) {
                kerr_set(e, EXIT_DATAERR, "audit entry %ld: content does not match its %s (altered)", seq,
                         keyed ? msg_tr("HMAC under the audit key") : msg_tr("hash"));
                bad = seq;
                break;
            }
        }
        snprintf(prev, sizeof prev, "%s", h ? h : "");
        expect++;
    }
    sqlite3_finalize(s);
    if (entries) *entries = n;
    if (!bad && audit_key && !keyed && n > 0) {
        /* a key was given, yet the chain holds no keyed entry: never
         * written with the key, or its keyed part rewritten without it */
        kerr_set(e, EXIT_DATAERR, "audit entry %ld: the chain is not keyed, but an audit key was given (%s): no "
                 "command has written with this key yet, or the keyed entries were removed and the chain "
                 "rewritten with plain hashes", n, audit_key_path);
        bad = n;
    }
    return bad;
}

long store_audit_verify(store *st, long *entries, kerr *e)
{
    long unverified = 0;
    long bad = store_audit_verify_ex(st, entries, &unverified, e);
    if (bad == 0 && unverified > 0) {
        kerr_set(e, EXIT_NOPERM, "audit entry %ld: the chain is keyed from here and cannot be verified without "
                 "its key (--audit-key-file FILE or $KEFU_AUDIT_KEY_FILE)", unverified);
        bad = unverified;
    }
    return bad;
}

/* Actions that record no change of data: the run summary, a rendered
 * report, a refused purge step (nothing was changed), a sources bundle
 * written by the run (run, run_files) or by `bundle sources` (an output of
 * data already logged, which carries the head itself). Every other action
 * does. An exclusion list, so a new kind of data entry cannot be left out
 * of the head by forgetting it here. */
static const char *const AUDIT_NOT_DATA[] = { "run", "run_files", "report", "purge_refused", "sources_bundled",
                                              "bundle_sources", "vacuum" };

int store_audit_is_data(const char *action)
{
    for (size_t i = 0; i < sizeof AUDIT_NOT_DATA / sizeof *AUDIT_NOT_DATA; i++)
        if (strcmp(action, AUDIT_NOT_DATA[i]) == 0) return 0;
    return 1;
}

int store_audit_head(store *st, long *seq, char hash[HASH_HEX_LEN], kerr *e)
{
    sqlite3_stmt *s = NULL;
    *seq = 0;
    hash[0] = 0;
    if (sqlite3_prepare_v2(db(st), "SELECT seq, action, hash FROM audit ORDER BY seq DESC", -1, &s, NULL))
        return dberr(st, e, "reading the audit log");
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *action = (const char *)sqlite3_column_text(s, 1);
        const char *h = (const char *)sqlite3_column_text(s, 2);
        if (!action || !store_audit_is_data(action)) continue;
        *seq = (long)sqlite3_column_int64(s, 0);
        snprintf(hash, HASH_HEX_LEN, "%s", h ? h : "");
        break;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return dberr(st, e, "reading the audit log");
    return 0;
}

long store_audit_verify_anchor(store *st, long seq, const char *hash, long *entries, long *unverified, kerr *e)
{
    long bad = store_audit_verify_ex(st, entries, unverified, e);
    if (bad != 0) return bad;
    long n = entries ? *entries : 0;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db(st), seq > 0 ? "SELECT seq, hash FROM audit WHERE seq = ?"
                                           : "SELECT seq, hash FROM audit WHERE hash = ?", -1, &s, NULL))
        return dberr(st, e, "reading the audit log");
    if (seq > 0) sqlite3_bind_int64(s, 1, seq);
    else sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    long ret = 0;
    if (rc == SQLITE_ROW) {
        const char *h = (const char *)sqlite3_column_text(s, 1);
        if (!h || strcmp(h, hash) != 0) {
            kerr_set(e, EXIT_DATAERR, "audit entry %ld: hash %.16s…, but the anchor holds %.16s…: the chain was "
                     "rewritten since the anchor was taken", seq, h ? h : "", hash);
            ret = seq;
        }
    } else if (rc == SQLITE_DONE) {
        if (seq > 0)
            kerr_set(e, EXIT_DATAERR, "audit entry %ld: the chain ends at entry %ld and no longer reaches the "
                     "anchor's entry: it was truncated since the anchor was taken", seq, n);
        else
            kerr_set(e, EXIT_DATAERR, "no audit entry has the anchor's hash %.16s…: the chain was truncated or "
                     "rewritten since the anchor was taken", hash);
        ret = seq > 0 ? seq : n + 1;
    } else {
        ret = dberr(st, e, "reading the audit log");
    }
    sqlite3_finalize(s);
    return ret;
}

int store_audit_count_match(store *st, const char *action, const char *const *keys, const char *const *vals,
                            int nkv, long *n, kerr *e)
{
    /* the statement's shape comes from nkv alone; keys and values are bound */
    sbuf q = {0};
    sqlite3_stmt *s = NULL;
    int ret = -1;
    *n = 0;
    sbuf_adds(&q, "SELECT count(*) FROM audit WHERE action = ? AND json_valid(detail)");
    for (int i = 0; i < nkv; i++)
        sbuf_adds(&q, " AND CASE WHEN json_valid(detail) THEN json_extract(detail, ?) END IS ?");
    if (sqlite3_prepare_v2(db(st), q.p, -1, &s, NULL)) {
        dberr(st, e, "searching the audit log");
        goto out;
    }
    sqlite3_bind_text(s, 1, action, -1, SQLITE_STATIC);
    for (int i = 0; i < nkv; i++) {
        char *path = xasprintf("$.%s", keys[i]);
        sqlite3_bind_text(s, 2 + 2 * i, path, -1, free);
        sqlite3_bind_text(s, 3 + 2 * i, vals[i], -1, SQLITE_STATIC);
    }
    if (sqlite3_step(s) != SQLITE_ROW) {
        dberr(st, e, "searching the audit log");
        goto out;
    }
    *n = (long)sqlite3_column_int64(s, 0);
    ret = 0;
out:
    sqlite3_finalize(s);
    sbuf_free(&q);
    return ret;
}

int store_audit_each(store *st, void (*fn)(void *ctx, long seq, const char *at, const char *action,
                                            const char *detail, const char *hash), void *ctx, kerr *e)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db(st), "SELECT seq, at, action, detail, hash FROM audit ORDER BY seq", -1, &s, NULL))
        return dberr(st, e, "reading the audit log");
    while (sqlite3_step(s) == SQLITE_ROW)
        fn(ctx, (long)sqlite3_column_int64(s, 0), (const char *)sqlite3_column_text(s, 1),
           (const char *)sqlite3_column_text(s, 2), (const char *)sqlite3_column_text(s, 3),
           (const char *)sqlite3_column_text(s, 4));
    sqlite3_finalize(s);
    return 0;
}

/* The canonical digest of one table (docs/SPEC.md §8 "Digests of the
 * derived tables"): SHA-256 over its rows in `sql`'s order, each column as
 * N; (NULL), I<decimal>; (integer), R<%.17g>; (real) or T<bytes>:<text>;
 * (text, blob), each row ended by '\n'. Length-prefixed, so no two tables
 * serialise alike. */
static int table_digest(store *st, const char *sql, long *n, char hex[HASH_HEX_LEN], kerr *e)
{
    sqlite3_stmt *s = NULL;
    hash_ctx h;
    char num[48];
    int rc;
    *n = 0;
    if (sqlite3_prepare_v2(db(st), sql, -1, &s, NULL)) return dberr(st, e, "digesting the findings");
    hash_init(&h);
    int ncol = sqlite3_column_count(s);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        for (int i = 0; i < ncol; i++) {
            int len;
            switch (sqlite3_column_type(s, i)) {
            case SQLITE_NULL:
                hash_update(&h, "N;", 2);
                break;
            case SQLITE_INTEGER:
                len = snprintf(num, sizeof num, "I%lld;", (long long)sqlite3_column_int64(s, i));
                hash_update(&h, num, (size_t)len);
                break;
            case SQLITE_FLOAT:
                len = snprintf(num, sizeof num, "R%.17g;", sqlite3_column_double(s, i));
                hash_update(&h, num, (size_t)len);
                break;
            default: {
                const void *p = sqlite3_column_blob(s, i);
                int bytes = sqlite3_column_bytes(s, i);
                len = snprintf(num, sizeof num, "T%d:", bytes);
                hash_update(&h, num, (size_t)len);
                if (bytes > 0) hash_update(&h, p, (size_t)bytes);
                hash_update(&h, ";", 1);
            }
            }
        }
        hash_update(&h, "\n", 1);
        (*n)++;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return dberr(st, e, "digesting the findings");
    hash_final_hex(&h, hex);
    return 0;
}

int store_check_digest(store *st, store_digest *d, kerr *e)
{
    /* every column, in the schema's order; a new column goes at the end
     * of its list (and changes every digest from the next check on) */
    return table_digest(st, "SELECT id, rule, article, subject_kind, subject_id, date, period, sanction, "
                            "amount_fen, detail, sources, quote, assumed FROM finding ORDER BY id",
                        &d->findings, d->findings_sha256, e) ||
           table_digest(st, "SELECT id, rule, article, subject_kind, subject_id, anchor_at, due_at, done_at, "
                            "status, period, callback_id, callback_rowid, quote, assumed FROM obligation "
                            "ORDER BY id", &d->obligations, d->obligations_sha256, e) ? -1 : 0;
}

/* The digest the last `check` audit entry recorded: 1 found (*seq, *d
 * filled), 0 none, -1 error. */
static int last_check_entry(store *st, long *seq, store_digest *d, kerr *e)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db(st), "SELECT seq, json_extract(detail,'$.findings'), "
                           "json_extract(detail,'$.findings_sha256'), json_extract(detail,'$.obligations'), "
                           "json_extract(detail,'$.obligations_sha256') FROM audit WHERE action = 'check' "
                           "AND json_valid(detail) ORDER BY seq DESC LIMIT 1", -1, &s, NULL))
        return dberr(st, e, "reading the audit log");
    int rc = sqlite3_step(s), found = 0;
    if (rc == SQLITE_ROW) {
        const char *fh = (const char *)sqlite3_column_text(s, 2);
        const char *oh = (const char *)sqlite3_column_text(s, 4);
        *seq = (long)sqlite3_column_int64(s, 0);
        d->findings = (long)sqlite3_column_int64(s, 1);
        d->obligations = (long)sqlite3_column_int64(s, 3);
        snprintf(d->findings_sha256, sizeof d->findings_sha256, "%s", fh ? fh : "");
        snprintf(d->obligations_sha256, sizeof d->obligations_sha256, "%s", oh ? oh : "");
        found = 1;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return dberr(st, e, "reading the audit log");
    return found;
}

static int digest_equal(const store_digest *a, const store_digest *b)
{
    return a->findings == b->findings && a->obligations == b->obligations &&
           strcmp(a->findings_sha256, b->findings_sha256) == 0 &&
           strcmp(a->obligations_sha256, b->obligations_sha256) == 0;
}

int store_audit_check(store *st, const char *at, const char *as_of, const char *policy_sha256, int *written,
                      kerr *e)
{
    store_digest now, last;
    long seq = 0;
    *written = 0;
    /* a judgement apart (a past period's report) changes no stored data:
     * nothing to record */
    if (st->apart) return 0;
    if (store_check_digest(st, &now, e)) return -1;
    int found = last_check_entry(st, &seq, &last, e);
    if (found < 0) return -1;
    /* the same tables as the last entry attests: a new entry would say
     * nothing new and move the chain head (a rerun must not) */
    if (found && digest_equal(&now, &last)) return 0;
    sbuf d = {0};
    sbuf_printf(&d, "{\"as_of\":\"%s\",\"policy_sha256\":\"%s\",\"findings\":%ld,\"findings_sha256\":\"%s\","
                "\"obligations\":%ld,\"obligations_sha256\":\"%s\"}", as_of, policy_sha256, now.findings,
                now.findings_sha256, now.obligations, now.obligations_sha256);
    int rc = store_audit(st, at, "check", d.p, e);
    sbuf_free(&d);
    if (rc == 0) *written = 1;
    return rc;
}

long store_audit_verify_check(store *st, kerr *e)
{
    store_digest now, last;
    long seq = 0;
    int found = last_check_entry(st, &seq, &last, e);
    if (found <= 0) return found;   /* no check since the chain began: nothing attests the tables */
    if (store_check_digest(st, &now, e)) return -1;
    const char *tab[2] = { "finding", "obligation" };
    long had[2] = { last.findings, last.obligations }, have[2] = { now.findings, now.obligations };
    const char *was[2] = { last.findings_sha256, last.obligations_sha256 };
    const char *is[2] = { now.findings_sha256, now.obligations_sha256 };
    for (int i = 0; i < 2; i++) {
        if (had[i] != have[i]) {
            kerr_set(e, EXIT_DATAERR, "table %s: %ld rows, but audit entry %ld (check) recorded %ld: rows were %s "
                     "outside kefu", tab[i], have[i], seq, had[i], have[i] < had[i] ? msg_tr("deleted") : msg_tr("added"));
            return seq;
        }
        if (strcmp(was[i], is[i]) != 0) {
            kerr_set(e, EXIT_DATAERR, "table %s: its %ld rows digest to %.16s…, but audit entry %ld (check) "
                     "recorded %.16s…: a row was edited outside kefu", tab[i], have[i], is[i], seq, was[i]);
            return seq;
        }
    }
    return 0;
}

long store_audit_verify_data(store *st, kerr *e)
{
    long bad = store_audit_verify_check(st, e);
    return bad ? bad : store_batch_verify(st, e);
}

int store_kind_counts(store *st, int64_t counts[KIND_COUNT], kerr *e)
{
    for (int i = 0; i < KIND_COUNT; i++) {
        counts[i] = store_count(st, &kind_all()[i], e);
        if (counts[i] < 0) return -1;
    }
    return 0;
}

int store_source_get(store *st, const char *sha256, store_source_info *info, kerr *e)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db(st), "SELECT file, coalesce(kind,''), ingested_at, rows_stored, rows_rejected, "
                           "rows_replaced FROM source WHERE sha256 = ?", -1, &s, NULL))
        return dberr(st, e, "looking up a source");
    sqlite3_bind_text(s, 1, sha256, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s), found = 0;
    if (rc == SQLITE_ROW) {
        snprintf(info->file, sizeof info->file, "%s", (const char *)sqlite3_column_text(s, 0));
        snprintf(info->kind, sizeof info->kind, "%s", (const char *)sqlite3_column_text(s, 1));
        snprintf(info->ingested_at, sizeof info->ingested_at, "%s", (const char *)sqlite3_column_text(s, 2));
        info->stored = (long)sqlite3_column_int64(s, 3);
        info->rejected = (long)sqlite3_column_int64(s, 4);
        info->replaced = (long)sqlite3_column_int64(s, 5);
        found = 1;
    } else if (rc != SQLITE_DONE) {
        found = dberr(st, e, "looking up a source");
    }
    sqlite3_finalize(s);
    return found;
}

int store_run_prev(store *st, const char *as_of, char prev[11], kerr *e)
{
    sqlite3_stmt *s = NULL;
    prev[0] = '\0';
    if (sqlite3_prepare_v2(db(st), "SELECT max(as_of) FROM run_log WHERE as_of < ?", -1, &s, NULL))
        return dberr(st, e, "reading the run log");
    sqlite3_bind_text(s, 1, as_of, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL)
        snprintf(prev, 11, "%s", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    return 0;
}

int store_run_put(store *st, const char *as_of, const char *ran_at, const char *json_sha256, kerr *e)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db(st), "INSERT OR REPLACE INTO run_log(as_of, ran_at, json_sha256) VALUES(?,?,?)",
                           -1, &s, NULL))
        return dberr(st, e, "preparing the run log");
    sqlite3_bind_text(s, 1, as_of, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, ran_at, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, json_sha256, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return dberr(st, e, "writing the run log");
    return 0;
}

int store_eligible_counts(store *st, const char *after, long *newly, long *total, kerr *e)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db(st), "SELECT count(*), coalesce(sum(?1 = '' OR expires_on > ?1), 0) "
                           "FROM retention WHERE status = 'eligible'", -1, &s, NULL))
        return dberr(st, e, "counting eligible records");
    sqlite3_bind_text(s, 1, after, -1, SQLITE_STATIC);
    if (sqlite3_step(s) == SQLITE_ROW) {
        *total = (long)sqlite3_column_int64(s, 0);
        *newly = (long)sqlite3_column_int64(s, 1);
    }
    sqlite3_finalize(s);
    return 0;
}

/* The tables a check writes, shadowed by store_judge_apart, and the views
 * over them, made after the tables they read (a TEMP view reads the TEMP
 * tables of the same names). */
static const char *const JUDGED[] = { "finding", "citation", "obligation_data", "obligation", "retention",
                                      "check_run", "record_status" };

int store_judge_apart(store *st, kerr *e)
{
    if (st->apart) return 0;
    for (size_t i = 0; i < sizeof JUDGED / sizeof *JUDGED; i++) {
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(db(st), "SELECT sql FROM main.sqlite_master WHERE name = ?1 AND type IN ('table','view')",
                               -1, &s, NULL))
            return dberr(st, e, "reading the schema");
        sqlite3_bind_text(s, 1, JUDGED[i], -1, SQLITE_STATIC);
        char *ddl = NULL;
        if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0)) {
            /* the database's own CREATE TABLE / CREATE VIEW, made TEMP */
            const char *sql = (const char *)sqlite3_column_text(s, 0);
            if (strncmp(sql, "CREATE TABLE ", 13) == 0) ddl = xasprintf("CREATE TEMP TABLE %s", sql + 13);
            else if (strncmp(sql, "CREATE VIEW ", 12) == 0) ddl = xasprintf("CREATE TEMP VIEW %s", sql + 12);
        }
        sqlite3_finalize(s);
        if (!ddl) return kerr_set(e, EXIT_SOFTWARE, "%s: no table '%s' to judge apart", st->path, JUDGED[i]);
        int rc = exec(st, ddl, e);
        free(ddl);
        if (rc) return -1;
    }
    st->apart = 1;
    return 0;
}

int store_newly_eligible(store *st, const char *first_day, char prev[11], long *newly, long *total, kerr *e)
{
    *newly = *total = 0;
    if (store_run_prev(st, first_day, prev, e)) return -1;
    return store_eligible_counts(st, prev, newly, total, e);
}

int store_query(store *st, const char *sql, const char *const *params, int nparams,
                int (*fn)(void *ctx, int ncol, const char *const *cols), void *ctx, kerr *e)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db(st), sql, -1, &s, NULL)) return dberr(st, e, "preparing a query");
    for (int i = 0; i < nparams; i++) sqlite3_bind_text(s, i + 1, params[i], -1, SQLITE_STATIC);
    int ncol = sqlite3_column_count(s), rc, ret = 0;
    const char **cols = xcalloc((size_t)ncol + 1, sizeof *cols);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        for (int i = 0; i < ncol; i++) cols[i] = (const char *)sqlite3_column_text(s, i);
        if (fn(ctx, ncol, cols)) break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) ret = dberr(st, e, "running a query");
    free(cols);
    sqlite3_finalize(s);
    return ret;
}

/* --- facts for the rules engines --- */

static char *col_dup(facts *f, sqlite3_stmt *s, int i)
{
    return facts_str(f, (const char *)sqlite3_column_text(s, i));
}

/* An enumeration code as the static code of kinds.c (no copy for a million
 * callbacks' outcomes), or a copy when it is not one of them. */
static char *col_enum(facts *f, sqlite3_stmt *s, int i, const char *set)
{
    const char *t = (const char *)sqlite3_column_text(s, i);
    const char *code = t ? kind_enum_lookup(set, t) : NULL;
    return code ? (char *)code : facts_str(f, t);
}

/* A date, time or datetime column of a KIND_data table: the stored
 * integer (store.h), or the "none" value for NULL. */
static int32_t col_day(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL ? FACT_NODAY : sqlite3_column_int(s, i);
}

static int64_t col_secs(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL ? FACT_NONE : sqlite3_column_int64(s, i);
}

/* Column i, of field fd, as the text the views give (a copy in the arena). */
static char *col_text(facts *f, sqlite3_stmt *s, int i, const kfield *fd)
{
    char buf[20];
    if (sqlite3_column_type(s, i) == SQLITE_NULL) return NULL;
    switch (fd->type) {
    case FT_DATE: val_days_str(sqlite3_column_int(s, i), buf); return facts_str(f, buf);
    case FT_TIME: val_secs_str(sqlite3_column_int64(s, i), buf); return facts_str(f, buf + 11);
    case FT_DATETIME: val_secs_str(sqlite3_column_int64(s, i), buf); return facts_str(f, buf);
    default: return col_dup(f, s, i);
    }
}

/* A day and the time column i (seconds since midnight) → instant. */
static int64_t day_time(int32_t day, sqlite3_stmt *s, int i)
{
    if (sqlite3_column_type(s, i) == SQLITE_NULL) return FACT_NONE;
    return (int64_t)day * 86400 + sqlite3_column_int64(s, i);
}

#define GROW(arr, n, cap) do { if ((n) == (cap)) { (cap) = (cap) ? (cap) * 2 : 256; \
    (arr) = xrealloc((arr), (cap) * sizeof *(arr)); } } while (0)

/* Sizes an array for the rows a table holds, so that loading a million
 * callbacks neither doubles past them nor copies them on the way. */
#define RESERVE(st, table, arr, cap) do { int64_t n_ = table_rows((st), (table)); \
    (cap) = n_ > 0 ? (size_t)n_ : 0; (arr) = (cap) ? xmalloc((cap) * sizeof *(arr)) : NULL; } while (0)

static int64_t table_rows(store *st, const char *table)
{
    /* the table name is one of kefu's constants, never input */
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", table);
    sqlite3_stmt *s = NULL;
    int64_t n = 0;
    if (sqlite3_prepare_v2(db(st), sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

/* Index of a meeting by id in the id-sorted temporary list. */
typedef struct idx_entry { const char *id; int i; } idx_entry;
static int cmp_idx(const void *a, const void *b)
{
    return strcmp(((const idx_entry *)a)->id, ((const idx_entry *)b)->id);
}

int store_load_facts(store *st, facts *f, unsigned event_raw_mask, kerr *e)
{
    sqlite3_stmt *s = NULL;
    size_t cap;
    idx_entry *mix = NULL;
    memset(f, 0, sizeof *f);
    facts_arena_begin(f);

    if (sqlite3_prepare_v2(db(st), "SELECT employee_id,name,dept,role,monthly_wage,"
            "coalesce(monthly_bonus,0),hired_on,left_on,rowid FROM employee_data ORDER BY employee_id",
            -1, &s, NULL)) goto dbfail;
    RESERVE(st, "employee_data", f->emp, cap);
    while (sqlite3_step(s) == SQLITE_ROW) {
        GROW(f->emp, f->nemp, cap);
        fact_employee *x = &f->emp[f->nemp++];
        x->id = col_dup(f, s, 0); x->name = col_dup(f, s, 1); x->dept = col_dup(f, s, 2); x->role = col_dup(f, s, 3);
        x->wage_fen = sqlite3_column_int64(s, 4); x->bonus_fen = sqlite3_column_int64(s, 5);
        x->hired_on = col_day(s, 6); x->left_on = col_day(s, 7); x->rowid = sqlite3_column_int64(s, 8);
    }
    sqlite3_finalize(s);
    facts_index_emp(f);

    /* Shifts: the roster order (employee, date, start). An end not after the
     * start ends the next day (SPEC §7.1). */
    if (sqlite3_prepare_v2(db(st), "SELECT employee_id,date,shift_start,shift_end,clock_in,clock_out,rowid "
            "FROM attendance_data ORDER BY employee_id,date,shift_start", -1, &s, NULL)) goto dbfail;
    RESERVE(st, "attendance_data", f->shift, cap);
    {
        char last_id[256] = "";
        int last_emp = -1;
        while (sqlite3_step(s) == SQLITE_ROW) {
            GROW(f->shift, f->nshift, cap);
            fact_shift *x = &f->shift[f->nshift++];
            const char *id = (const char *)sqlite3_column_text(s, 0);
            if (strcmp(id, last_id) != 0) {
                snprintf(last_id, sizeof last_id, "%s", id);
                last_emp = facts_emp_index(f, id);
            }
            x->emp = last_emp;
            x->date = col_day(s, 1);
            x->start = day_time(x->date, s, 2);
            x->end = day_time(x->date, s, 3);
            if (x->end <= x->start) x->end += 86400;
            x->clock_in = col_secs(s, 4);
            x->clock_out = col_secs(s, 5);
            x->rowid = sqlite3_column_int64(s, 6);
            x->in_punch = x->out_punch = 0;
            x->generated = 0;               /* a roster row */
        }
    }
    sqlite3_finalize(s);

    /* Punches, by employee and instant: punch_pair (at check time) makes
     * them the clock times of the shifts above. */
    if (sqlite3_prepare_v2(db(st), "SELECT employee_id,at,device,rowid FROM punch_data "
            "ORDER BY employee_id,at,rowid", -1, &s, NULL)) goto dbfail;
    RESERVE(st, "punch_data", f->punch, cap);
    {
        const char *last_id = NULL;
        int last_emp = -1;
        while (sqlite3_step(s) == SQLITE_ROW) {
            GROW(f->punch, f->npunch, cap);
            fact_punch *x = &f->punch[f->npunch++];
            const char *id = (const char *)sqlite3_column_text(s, 0);
            if (!last_id || strcmp(id, last_id) != 0) {
                x->emp_id = col_dup(f, s, 0);
                last_emp = facts_emp_index(f, id);
            } else {
                x->emp_id = f->punch[f->npunch - 2].emp_id;   /* the arena's copy, shared */
            }
            last_id = x->emp_id;
            x->emp = last_emp;
            x->at = col_secs(s, 1);
            x->device = col_dup(f, s, 2);
            x->rowid = sqlite3_column_int64(s, 3);
        }
    }
    sqlite3_finalize(s);

    if (sqlite3_prepare_v2(db(st), "SELECT leave_id,employee_id,type,start_date,end_date,approved_by,"
            "certificate,rowid,requested_at FROM leave_data ORDER BY employee_id,start_date,leave_id", -1, &s, NULL)) goto dbfail;
    RESERVE(st, "leave_data", f->leave, cap);
    while (sqlite3_step(s) == SQLITE_ROW) {
        GROW(f->leave, f->nleave, cap);
        fact_leave *x = &f->leave[f->nleave++];
        x->id = col_dup(f, s, 0);
        x->emp = facts_emp_index(f, (const char *)sqlite3_column_text(s, 1));
        x->type = col_enum(f, s, 2, "leave_type"); x->start = col_day(s, 3); x->end = col_day(s, 4);
        x->approved_by = col_dup(f, s, 5); x->certificate = sqlite3_column_int(s, 6);
        x->rowid = sqlite3_column_int64(s, 7);
        x->requested_at = col_secs(s, 8);
    }
    sqlite3_finalize(s);

    if (sqlite3_prepare_v2(db(st), "SELECT meeting_id,type,date,start,\"end\",title,rowid FROM meeting_data "
            "ORDER BY date,start,meeting_id", -1, &s, NULL)) goto dbfail;
    RESERVE(st, "meeting_data", f->meeting, cap);
    while (sqlite3_step(s) == SQLITE_ROW) {
        GROW(f->meeting, f->nmeeting, cap);
        fact_meeting *x = &f->meeting[f->nmeeting++];
        x->id = col_dup(f, s, 0); x->type = col_enum(f, s, 1, "meeting_type"); x->date = col_day(s, 2);
        x->start = day_time(x->date, s, 3);
        x->end = day_time(x->date, s, 4);
        if (x->end <= x->start) x->end += 86400;
        x->title = col_dup(f, s, 5); x->rowid = sqlite3_column_int64(s, 6);
    }
    sqlite3_finalize(s);
    mix = xcalloc(f->nmeeting + 1, sizeof *mix);
    for (size_t i = 0; i < f->nmeeting; i++) { mix[i].id = f->meeting[i].id; mix[i].i = (int)i; }
    qsort(mix, f->nmeeting, sizeof *mix, cmp_idx);

    if (sqlite3_prepare_v2(db(st), "SELECT meeting_id,employee_id,arrived,\"left\",excused,disruption,rowid "
            "FROM meeting_attendance_data ORDER BY meeting_id,employee_id", -1, &s, NULL)) goto dbfail;
    RESERVE(st, "meeting_attendance_data", f->matt, cap);
    while (sqlite3_step(s) == SQLITE_ROW) {
        GROW(f->matt, f->nmatt, cap);
        fact_meeting_att *x = &f->matt[f->nmatt++];
        idx_entry key = { (const char *)sqlite3_column_text(s, 0), 0 };
        idx_entry *m = f->nmeeting ? bsearch(&key, mix, f->nmeeting, sizeof *mix, cmp_idx) : NULL;
        x->meeting = m ? m->i : -1;
        x->emp = facts_emp_index(f, (const char *)sqlite3_column_text(s, 1));
        int32_t day = m ? f->meeting[m->i].date : 0;
        x->arrived = m ? day_time(day, s, 2) : FACT_NONE;
        x->left = m ? day_time(day, s, 3) : FACT_NONE;
        /* a meeting over midnight: a departure before the start is the next day */
        if (m && x->left != FACT_NONE && x->left < f->meeting[m->i].start) x->left += 86400;
        x->excused = sqlite3_column_int(s, 4); x->disruption = sqlite3_column_int(s, 5);
        x->rowid = sqlite3_column_int64(s, 6);
    }
    sqlite3_finalize(s);

    if (sqlite3_prepare_v2(db(st), "SELECT dept,report_type,period,submitted_at,rowid FROM report_submission_data "
            "ORDER BY dept,report_type,period", -1, &s, NULL)) goto dbfail;
    RESERVE(st, "report_submission_data", f->report, cap);
    while (sqlite3_step(s) == SQLITE_ROW) {
        GROW(f->report, f->nreport, cap);
        fact_report *x = &f->report[f->nreport++];
        x->dept = col_dup(f, s, 0);
        x->weekly = strcmp((const char *)sqlite3_column_text(s, 1), "weekly") == 0;
        x->period = col_dup(f, s, 2); x->submitted_at = col_secs(s, 3);
        x->rowid = sqlite3_column_int64(s, 4);
    }
    sqlite3_finalize(s);

    if (sqlite3_prepare_v2(db(st), "SELECT incident_id,employee_id,date,offense,amount,rowid FROM incident_data "
            "ORDER BY employee_id,date,incident_id", -1, &s, NULL)) goto dbfail;
    RESERVE(st, "incident_data", f->incident, cap);
    while (sqlite3_step(s) == SQLITE_ROW) {
        GROW(f->incident, f->nincident, cap);
        fact_incident *x = &f->incident[f->nincident++];
        x->id = col_dup(f, s, 0);
        x->emp = facts_emp_index(f, (const char *)sqlite3_column_text(s, 1));
        x->date = col_day(s, 2); x->offense = col_dup(f, s, 3);
        x->amount_fen = sqlite3_column_type(s, 4) == SQLITE_NULL ? FACT_NONE : sqlite3_column_int64(s, 4);
        x->rowid = sqlite3_column_int64(s, 5);
    }
    sqlite3_finalize(s);

    if (sqlite3_prepare_v2(db(st), "SELECT customer_id,kind,since,rowid FROM customer_data ORDER BY customer_id",
            -1, &s, NULL)) goto dbfail;
    RESERVE(st, "customer_data", f->cust, cap);
    while (sqlite3_step(s) == SQLITE_ROW) {
        GROW(f->cust, f->ncust, cap);
        fact_customer *x = &f->cust[f->ncust++];
        x->id = col_dup(f, s, 0); x->kind = col_enum(f, s, 1, "customer_kind"); x->since = col_day(s, 2);
        x->rowid = sqlite3_column_int64(s, 3);
    }
    sqlite3_finalize(s);
    facts_index_cust(f);

    /* Events: the fields in kinds.c order (raw), then rowid. */
    if (sqlite3_prepare_v2(db(st), "SELECT event_id,kind,customer_id,opened_at,dispatched_at,arrived_at,"
            "resolved_at,registered_at,valid,staff_id,summary,rowid FROM service_event_data ORDER BY event_id",
            -1, &s, NULL)) goto dbfail;
    RESERVE(st, "service_event_data", f->event, cap);
    const kind_def *evk = kind_by_name("service_event");
    while (sqlite3_step(s) == SQLITE_ROW) {
        GROW(f->event, f->nevent, cap);
        fact_event *x = &f->event[f->nevent++];
        x->raw = NULL;
        if (event_raw_mask) {
            char **raw = facts_event_raw(f, x);
            for (int i = 0; i < FACT_EVENT_NFIELDS; i++)
                if ((event_raw_mask >> i) & 1) raw[i] = col_text(f, s, i, &evk->fields[i]);
        }
        x->id = col_dup(f, s, 0); x->kind = col_enum(f, s, 1, "event_kind");
        x->cust = facts_cust_index(f, (const char *)sqlite3_column_text(s, 2));
        x->opened_at = col_secs(s, 3); x->dispatched_at = col_secs(s, 4);
        x->arrived_at = col_secs(s, 5); x->resolved_at = col_secs(s, 6);
        x->registered_at = col_secs(s, 7);
        x->valid = sqlite3_column_int(s, 8) != 0;
        x->rowid = sqlite3_column_int64(s, 11);
    }
    sqlite3_finalize(s);
    facts_index_event(f);

    if (sqlite3_prepare_v2(db(st), "SELECT callback_id,event_id,customer_id,at,channel,outcome,rowid,staff_id "
            "FROM callback_data ORDER BY at,callback_id", -1, &s, NULL)) goto dbfail;
    RESERVE(st, "callback_data", f->callback, cap);
    while (sqlite3_step(s) == SQLITE_ROW) {
        GROW(f->callback, f->ncallback, cap);
        fact_callback *x = &f->callback[f->ncallback++];
        x->id = col_dup(f, s, 0);
        x->event = facts_event_index(f, (const char *)sqlite3_column_text(s, 1));
        x->cust = facts_cust_index(f, (const char *)sqlite3_column_text(s, 2));
        x->at = col_secs(s, 3); x->channel = col_enum(f, s, 4, "channel"); x->outcome = col_enum(f, s, 5, "outcome");
        x->reached = kind_outcome_reached(x->outcome);
        x->rowid = sqlite3_column_int64(s, 6);
        x->staff_id = col_dup(f, s, 7);
    }
    sqlite3_finalize(s);

    if (sqlite3_prepare_v2(db(st), "SELECT record_id,category,owner,title,created_on,closed_on,confidential,"
            "file_sha256,rowid FROM archive_record_data ORDER BY record_id", -1, &s, NULL)) goto dbfail;
    RESERVE(st, "archive_record_data", f->record, cap);
    while (sqlite3_step(s) == SQLITE_ROW) {
        GROW(f->record, f->nrecord, cap);
        fact_record *x = &f->record[f->nrecord++];
        x->id = col_dup(f, s, 0); x->category = col_dup(f, s, 1); x->owner = col_dup(f, s, 2);
        x->title = col_dup(f, s, 3); x->created_on = col_day(s, 4); x->closed_on = col_day(s, 5);
        x->confidential = sqlite3_column_int(s, 6); x->file_sha256 = col_dup(f, s, 7);
        x->rowid = sqlite3_column_int64(s, 8);
    }
    sqlite3_finalize(s);

    if (sqlite3_prepare_v2(db(st), "SELECT hold_id,record_id,category,owner,reason,placed_on,lifted_on,rowid "
            "FROM hold_data ORDER BY hold_id", -1, &s, NULL)) goto dbfail;
    RESERVE(st, "hold_data", f->hold, cap);
    while (sqlite3_step(s) == SQLITE_ROW) {
        GROW(f->hold, f->nhold, cap);
        fact_hold *x = &f->hold[f->nhold++];
        x->id = col_dup(f, s, 0); x->record_id = col_dup(f, s, 1); x->category = col_dup(f, s, 2);
        x->owner = col_dup(f, s, 3); x->reason = col_dup(f, s, 4); x->placed_on = col_day(s, 5);
        x->lifted_on = col_day(s, 6); x->rowid = sqlite3_column_int64(s, 7);
    }
    sqlite3_finalize(s);

    if (sqlite3_prepare_v2(db(st), "SELECT loan_id,item_type,item_id,borrower,external,approved_by,out_at,"
            "returned_at,rowid,purpose,action,signed_by FROM borrowing_data ORDER BY loan_id", -1, &s, NULL)) goto dbfail;
    RESERVE(st, "borrowing_data", f->loan, cap);
    while (sqlite3_step(s) == SQLITE_ROW) {
        GROW(f->loan, f->nloan, cap);
        fact_loan *x = &f->loan[f->nloan++];
        x->id = col_dup(f, s, 0);
        x->archive = strcmp((const char *)sqlite3_column_text(s, 1), "archive") == 0;
        x->item_id = col_dup(f, s, 2); x->borrower = col_dup(f, s, 3); x->external = sqlite3_column_int(s, 4);
        x->approved_by = col_dup(f, s, 5); x->out_at = col_secs(s, 6); x->returned_at = col_secs(s, 7);
        x->rowid = sqlite3_column_int64(s, 8);
        x->purpose = col_dup(f, s, 9); x->action = col_dup(f, s, 10); x->signed_by = col_dup(f, s, 11);
    }
    sqlite3_finalize(s);

    if (sqlite3_prepare_v2(db(st), "SELECT swap_id,employee_id,date,with_employee,reported_to,rowid "
            "FROM shift_swap_data ORDER BY employee_id,date,swap_id", -1, &s, NULL)) goto dbfail;
    RESERVE(st, "shift_swap_data", f->swap, cap);
    while (sqlite3_step(s) == SQLITE_ROW) {
        GROW(f->swap, f->nswap, cap);
        fact_swap *x = &f->swap[f->nswap++];
        x->id = col_dup(f, s, 0);
        x->emp = facts_emp_index(f, (const char *)sqlite3_column_text(s, 1));
        x->date = col_day(s, 2); x->with = col_dup(f, s, 3); x->reported_to = col_dup(f, s, 4);
        x->rowid = sqlite3_column_int64(s, 5);
    }
    sqlite3_finalize(s);
    free(mix);
    return 0;
dbfail:
    dberr(st, e, "loading facts");
    sqlite3_finalize(s);
    free(mix);
    facts_free(f);
    return -1;
}

int store_replace_obligations(store *st, const obligation_list *l, kerr *e)
{
    sqlite3_stmt *s = NULL, *cs = NULL;
    int ret = -1;
    char anchor[20], due[20], done[20];
    /* the last citation stored, by its strings' addresses: a list's
     * obligations of one rule share the policy's strings */
    const char *last[4] = { NULL, NULL, NULL, NULL };
    sqlite3_int64 cite = 0;
    if (exec(st, "DELETE FROM obligation_data; DELETE FROM citation", e)) goto out;
    if (sqlite3_prepare_v2(db(st), "INSERT INTO obligation_data(cite,subject_kind,subject_id,anchor_at,"
            "due_at,done_at,status,period,callback_id,callback_rowid) VALUES(?,?,?,?,?,?,?,?,?,?)",
            -1, &s, NULL) ||
        sqlite3_prepare_v2(db(st), "INSERT INTO citation(rule,article,quote,assumed) VALUES(?1,?2,?3,?4)"
            " ON CONFLICT DO UPDATE SET rule = excluded.rule RETURNING id", -1, &cs, NULL)) {
        dberr(st, e, "preparing the obligation insert");
        goto out;
    }
    for (size_t i = 0; i < l->n; i++) {
        const obligation *o = &l->v[i];
        const char *c[4] = { o->rule, o->article ? o->article : "", o->quote ? o->quote : "",
                             o->assumed ? o->assumed : "" };
        if (!cite || memcmp(c, last, sizeof c) != 0) {
            for (int k = 0; k < 4; k++) sqlite3_bind_text(cs, k + 1, c[k], -1, SQLITE_STATIC);
            if (sqlite3_step(cs) != SQLITE_ROW) {
                dberr(st, e, "storing an obligation's citation");
                goto out;
            }
            cite = sqlite3_column_int64(cs, 0);
            sqlite3_reset(cs);
            memcpy(last, c, sizeof c);
        }
        val_secs_str(o->anchor_at, anchor);
        val_secs_str(o->due_at, due);
        sqlite3_bind_int64(s, 1, cite);
        sqlite3_bind_text(s, 2, o->subject_kind, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, o->subject_id ? o->subject_id : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, anchor, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, due, -1, SQLITE_STATIC);
        if (o->done_at != FACT_NONE) {
            val_secs_str(o->done_at, done);
            sqlite3_bind_text(s, 6, done, -1, SQLITE_STATIC);
        } else {
            sqlite3_bind_null(s, 6);
        }
        sqlite3_bind_text(s, 7, obl_status_name(o->status), -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 8, o->period, -1, SQLITE_STATIC);
        if (o->callback_id) sqlite3_bind_text(s, 9, o->callback_id, -1, SQLITE_STATIC);
        else sqlite3_bind_null(s, 9);
        if (o->callback_rowid) sqlite3_bind_int64(s, 10, o->callback_rowid);
        else sqlite3_bind_null(s, 10);
        if (sqlite3_step(s) != SQLITE_DONE) {
            dberr(st, e, "storing an obligation");
            goto out;
        }
        sqlite3_reset(s);
    }
    ret = 0;
out:
    sqlite3_finalize(s);
    sqlite3_finalize(cs);
    return ret;
}

int store_put_check_run(store *st, const char *as_of, const char *policy_name,
                        const char *policy_sha256, long findings, long obligations, kerr *e)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db(st), "INSERT OR REPLACE INTO check_run(id,as_of,policy,policy_sha256,findings,"
                           "obligations) VALUES(1,?,?,?,?,?)", -1, &s, NULL))
        return dberr(st, e, "preparing the check record");
    sqlite3_bind_text(s, 1, as_of, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, policy_name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, policy_sha256, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, findings);
    sqlite3_bind_int64(s, 5, obligations);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return dberr(st, e, "storing the check record");
    return 0;
}

int store_replace_findings(store *st, const finding_list *l, kerr *e)
{
    sqlite3_stmt *s = NULL;
    sbuf src = {0};
    int ret = -1;
    if (exec(st, "DELETE FROM finding", e)) goto out;
    if (sqlite3_prepare_v2(db(st), "INSERT INTO finding(rule,article,subject_kind,subject_id,date,period,"
            "sanction,amount_fen,detail,sources,quote,assumed) VALUES(?,?,?,?,?,?,?,?,?,?,?,?)", -1, &s, NULL)) {
        dberr(st, e, "preparing the finding insert");
        goto out;
    }
    for (size_t i = 0; i < l->n; i++) {
        const finding *f = &l->v[i];
        sbuf_reset(&src);
        for (int j = 0; j < f->nsrc; j++)
            sbuf_printf(&src, "%s%s#%lld", j ? " " : "", f->src[j].kind, (long long)f->src[j].rowid);
        sqlite3_bind_text(s, 1, f->rule, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, f->article ? f->article : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, f->subject_kind, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, f->subject_id ? f->subject_id : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, f->date, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 6, f->period, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 7, sanction_name(f->sanction), -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 8, f->amount_fen);
        sqlite3_bind_text(s, 9, f->detail ? f->detail : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 10, src.p ? src.p : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 11, f->quote ? f->quote : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 12, f->assumed ? f->assumed : "", -1, SQLITE_STATIC);
        if (sqlite3_step(s) != SQLITE_DONE) {
            dberr(st, e, "storing a finding");
            goto out;
        }
        sqlite3_reset(s);
    }
    ret = 0;
out:
    sqlite3_finalize(s);
    sbuf_free(&src);
    return ret;
}

const char *store_lib_version(void) { return sqlite3_libversion(); }
