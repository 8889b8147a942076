/* store.h — the SQLite store: the only module that touches SQLite.
 *
 * Opens the database in WAL mode, creates or upgrades the schema
 * (schemas/schema.sql, embedded; PRAGMA user_version), inserts records with
 * their provenance, keeps sources, rejects, attachments, findings and the
 * hash-chained audit log, and loads the facts the rules engines read. Every
 * statement is prepared once with bound parameters (STYLE 17); the per-kind
 * INSERTs are generated from the constant kinds table, never from input. */
#ifndef KEFU_STORE_H
#define KEFU_STORE_H

#include <stdint.h>
#include <stddef.h>
#include "kinds.h"
#include "facts.h"
#include "util.h"
#include "hash.h"

typedef struct store store;
struct sqlite3;

/* The connection, for the other store*.c files of the store module only
 * (store_report.c, …): SQLite stays inside the store module. */
struct sqlite3 *store_db(store *st);

#define STORE_SCHEMA_VERSION 13

/* How the KIND_data tables hold dates and times (schema.sql, version 13):
 * as integers — a date as days since 1970-01-01, a time as seconds since
 * midnight, a datetime as seconds since 1970-01-01 00:00:00 (wall clock,
 * no zone). The views give them back as text with these expressions, and
 * a statement of the store module that reads a table directly uses the
 * same ones: STORE_SQL_DATE("d.left_on") is 'YYYY-MM-DD' or NULL.
 * STORE_SQL_DAYS turns a canonical date text (a bound parameter, a
 * finding's date) into the stored day number. */
#define STORE_SQL_DATE(x) "date(" x " * 86400, 'unixepoch')"
#define STORE_SQL_TIME(x) "time(" x ", 'unixepoch')"
#define STORE_SQL_DATETIME(x) "datetime(" x ", 'unixepoch')"
#define STORE_SQL_DAYS(x) "(unixepoch(" x ") / 86400)"

/* The zlib level of stored source files (issue 15, BENCHMARKS.md): 1
 * compresses a million attendance rows 8.9× (65 MB → 7.3 MB) for a third
 * of level 6's CPU, which only gains 2.3 MB more; ingest time is what the
 * nightly run waits on. Overridable at build time for measuring. */
#ifndef STORE_SOURCE_LEVEL
#define STORE_SOURCE_LEVEL 1
#endif
/* The most a stored source's compressed stream may take: SQLite's default
 * SQLITE_MAX_LENGTH is 10^9 bytes, and the buffer doubles up to it (so its
 * size always fits zlib's 32-bit counters). */
#define STORE_SOURCE_MAX (1 << 29)
/* The piece of a source file read (and inflated) at a time. */
#define STORE_SOURCE_CHUNK 65536

/* A normalised value bound into an INSERT. */
typedef struct kval {
    int null;         /* 1: SQL NULL */
    int is_int;       /* 1: integer in i; 0: text in s */
    int64_t i;        /* integer value (fen, 0/1) */
    const char *s;    /* text value (not owned) */
} kval;

/* Opens (creating if needed) the database at path and brings the schema to
 * STORE_SCHEMA_VERSION. Returns NULL with e filled (EXIT_CANTCREAT when the
 * file cannot be opened, EXIT_SOFTWARE for SQLite errors, EXIT_DATAERR for a
 * database newer than this kefu). Caller closes with store_close. */
store *store_open(const char *path, kerr *e);
/* Opens an existing database read-only, for a command that must change
 * nothing (kefu inspect pairing a punch log with the stored roster): no
 * file is created and no schema upgraded. A database of another schema
 * version is an error (EXIT_DATAERR: "run kefu init"); a missing file
 * EXIT_NOINPUT. */
store *store_open_ro(const char *path, kerr *e);
void store_close(store *st);                    /* accepts NULL */
/* The schema version found before any upgrade, and after. */
int store_version_before(const store *st);

int store_begin(store *st, kerr *e);
/* From now on, for this connection only, the tables a check writes
 * (finding, obligation, retention, check_run, and the record_status view)
 * are empty TEMP copies that shadow the stored ones: a check run after it
 * judges apart — for a report of a past day — and stores nothing; reads
 * see what it judged. Takes no lock on the database. Returns 0, or -1. */
int store_judge_apart(store *st, kerr *e);
int store_commit(store *st, kerr *e);
void store_rollback(store *st);                 /* no-op outside a transaction */

/* If a file with this SHA-256 was ingested, copies its ingested_at and file
 * name into the buffers and returns 1; 0 when not; -1 on error. */
int store_source_seen(store *st, const char *sha256, char at[20], char *file, size_t filesz, kerr *e);
/* Number of rows in a kind's table (to count replacements). */
int64_t store_count(store *st, const kind_def *k, kerr *e);

/* Calls fn for every row of a kind's table, in the order of its natural
 * key, with the values by field index (text valid during the call; NULL
 * columns have null set, integer columns — fen, 0/1 — is_int; dates,
 * times and datetimes as their canonical text, as the views give them). Returns 0,
 * fn's nonzero return when it stopped, or -1 with e filled (SQLite). */
typedef int (*store_record_fn)(void *ctx, const kind_def *k, const kval *vals);
int store_each_record(store *st, const kind_def *k, store_record_fn fn, void *ctx, kerr *e);

/* Inserts (or replaces, by natural key) one record: vals[i] for field i of
 * the kind (a date, time or datetime as its canonical text: the store
 * turns it into its integer), then its provenance (the source row's id, the line, and the
 * workbook sheet's id from store_sheet_id, or 0 for none: CSV, XML). A
 * sheet's id is stored packed above the line, (sheet_id << 32) | line, so
 * a row without one stores nothing more (schema.sql, the sheet table). */
#define STORE_LINE_MASK 0xffffffffLL /* the line's bits of a packed src_line */
int store_put_record(store *st, const kind_def *k, const kval *vals, int64_t src_id,
                     long src_line, int64_t sheet_id, const char *file_sha256, kerr *e);
/* store_put_record copies the row and returns: a writer thread stores the
 * rows in batches while the caller reads on (issue 15). Every other store
 * function first waits until the rows handed over are stored, so the
 * connection is never used by two threads at once. An INSERT that failed
 * is reported, with its message, by a later store_put_record, by
 * store_put_flush (which waits for every row) or by store_commit (which
 * then does not commit: the caller rolls back). 0, or -1 with e filled. */
int store_put_flush(store *st, kerr *e);
/* The id of sheet `name` of the workbook stored as source src_id, recorded
 * in the sheet table on first use, into *id. Returns 0, or -1 with e filled. */
int store_sheet_id(store *st, int64_t src_id, const char *name, int64_t *id, kerr *e);
/* Rejects that follow the file: marks the standing rejects of earlier
 * files named `base` (the same base name, any directory) whose bytes were
 * not `sha256` as resolved by the source `sha256`; *n receives how many. */
int store_rejects_resolve(store *st, const char *base, const char *sha256, long *n, kerr *e);
/* How many rejects of the file with this SHA-256 still stand (0 when none). */
long store_rejects_standing(store *st, const char *sha256, kerr *e);
int store_put_reject(store *st, const char *file, const char *sha256, long line,
                     const char *field, const char *value, const char *message, kerr *e);
/* Records a source file before its rows (they cite its id, *id). The
 * counts and the content follow with store_source_finish in the same
 * transaction. */
int store_source_begin(store *st, const char *file, const char *sha256, int64_t bytes,
                       const char *ingested_at, int64_t *id, kerr *e);
/* Completes the source row: kind, format, encoding, counts, and the content
 * streamed in by the read function (called until it returns 0, -1 on a
 * read error) and stored zlib-compressed at STORE_SOURCE_LEVEL
 * (content_coding 'zlib'): memory holds one chunk of the file and its
 * compressed stream, never the file. Fails when the file's length is not
 * the one recorded by store_source_begin (it changed meanwhile). */
int store_source_finish(store *st, int64_t id, const char *kind, const char *format,
                        const char *encoding, long stored, long rejected, long replaced,
                        long (*read)(void *ctx, char *buf, size_t n), void *ctx, kerr *e);
/* Starts the compression of store_source_finish early, in a thread of its
 * own, so that it runs while the caller reads and stores the file's rows
 * (issue 15): store_source_finish for this id then takes its stream
 * instead of reading (pass the same read and ctx). read and ctx are used
 * by that thread until store_source_finish, store_rollback or store_close
 * returns: the caller keeps ctx (its open file) until then. 0, or -1 with
 * e filled (no temporary file, no thread). */
int store_source_compress(store *st, int64_t id, long (*read)(void *ctx, char *buf, size_t n), void *ctx,
                          kerr *e);
/* What store_vacuum did, in bytes of the database file (pages × page size). */
typedef struct store_vacuum_info {
    int64_t bytes_before;   /* the file before */
    int64_t free_before;    /* of which free pages (freed by deletions, purges) */
    int64_t bytes_after;    /* the file after */
} store_vacuum_info;
/* The bytes of the database file's free pages (what store_vacuum would
 * return): 0 or more, or -1 with e filled. */
int64_t store_free_bytes(store *st, kerr *e);
/* kefu vacuum: rebuilds the database file without its free pages (VACUUM,
 * then a TRUNCATE checkpoint so that the file shrinks and the WAL is
 * emptied), and appends a `vacuum` audit entry with the sizes (at: its
 * time). Refused (EXIT_DATAERR) while a purge batch is part-way through its
 * execution. The caller holds the writer lock; needs free disk space for a
 * second copy of the database. 0, or -1 with e filled. */
int store_vacuum(store *st, const char *at, store_vacuum_info *vi, kerr *e);
/* Stores an attachment once per content hash. */
int store_put_attachment(store *st, const char *sha256, const char *name,
                         const void *data, size_t len, kerr *e);

/* The key of the audit chain (--audit-key-file), for every store opened
 * afterwards; NULL for none. Process-wide, like sqlite3_config: main sets
 * it once before opening a store. The key is copied; path names it in
 * messages. */
void store_set_audit_key(const unsigned char *key, size_t len, const char *path);
/* Whether the chain is keyed: 1 with *from (the seq of its audit_keyed
 * entry, from which every hash is an HMAC) and key_id (what that entry
 * records), 0 when it is not, -1 on error. */
int store_audit_keyed(store *st, long *from, char key_id[HASH_HEX_LEN], kerr *e);
/* Whether this process may extend the chain: 0 when it is keyed and the
 * key set is its key, or it is not keyed and no key is set (or the chain is
 * empty); else -1 with EXIT_NOPERM naming the entry and key ids, or saying
 * that a chain with entries is keyed only by init. A writing command calls
 * it before it changes anything. */
int store_audit_writable(store *st, kerr *e);
/* Keys the chain from its next entry (`kefu --audit-key-file F init`):
 * appends an `audit_keyed` entry with the key's id after checking that the
 * plain chain verifies. 1 when it keyed it, 0 when there is no key or the
 * chain is keyed with it already, -1 with e otherwise (another key: 77; a
 * chain that does not verify: 65). */
int store_audit_key_chain(store *st, const char *at, kerr *e);
/* Appends an audit entry (SPEC §8): the chain hash is computed here from the
 * previous entry — SHA-256, or HMAC-SHA256 under the key once the chain is
 * keyed. A new chain written with a key starts with an `audit_keyed` entry
 * with the key's id. A keyed chain and no key or another key, or a key and
 * a chain with entries that is not keyed: refused (store_audit_writable).
 * detail is one line (JSON). */
int store_audit(store *st, const char *at, const char *action, const char *detail, kerr *e);
/* Recomputes the chain; returns 0 when intact, else the seq of the first
 * broken entry (>0) with a description in e->msg; -1 on SQLite error.
 * Without the key, a keyed chain's links are followed but its hashes
 * cannot be checked: *unverified is the first such entry (0 when every
 * hash was checked). With a key, a chain that is not keyed, or keyed
 * under another key, is broken. */
long store_audit_verify_ex(store *st, long *entries, long *unverified, kerr *e);
/* store_audit_verify_ex, where an unverified keyed part is broken too. */
long store_audit_verify(store *st, long *entries, kerr *e);
/* The audit chain head of the DATA: the last entry that records a change of
 * data (ingest, check, purge step, hold or role change), not one that only
 * records a run or a report. *seq = 0 and hash = "" when there is none.
 * Reports, bundles and run JSON carry it so `audit verify --anchor` can
 * later show the chain still extends it. Returns 0, or -1 with e. */
int store_audit_head(store *st, long *seq, char hash[HASH_HEX_LEN], kerr *e);
/* Whether an audit action records a change of data (see store_audit_head). */
int store_audit_is_data(const char *action);
/* Checks that the chain verifies and still extends an anchor taken
 * earlier (a chain head printed on a report, a bundle or a run JSON):
 * entry `seq` exists and has `hash` (seq 0: some entry has `hash`).
 * Returns 0 when it does; >0 (the seq at fault) with e saying whether the
 * chain was truncated or rewritten; -1 on SQLite error. *unverified as
 * store_audit_verify_ex. */
long store_audit_verify_anchor(store *st, long seq, const char *hash, long *entries, long *unverified, kerr *e);
/* The digests of the tables a check derives (docs/SPEC.md §8): row counts
 * and SHA-256 over the rows in canonical serialisation. */
typedef struct store_digest {
    long findings;                        /* rows of finding */
    char findings_sha256[HASH_HEX_LEN];   /* their digest */
    long obligations;                     /* rows of obligation */
    char obligations_sha256[HASH_HEX_LEN];/* their digest */
} store_digest;
/* Computes the digests of the finding and obligation tables as they stand. */
int store_check_digest(store *st, store_digest *d, kerr *e);
/* Appends ONE `check` audit entry with the digests of the findings and
 * obligations just stored (inside the caller's transaction), unless the
 * last check entry already attests exactly these tables (a rerun over
 * unchanged data then leaves the chain head where it was). *written says
 * which. Returns 0, or -1 with e. */
int store_audit_check(store *st, const char *at, const char *as_of, const char *policy_sha256, int *written,
                      kerr *e);
/* Compares the finding and obligation tables with the digests the last
 * `check` entry recorded: 0 when they match (or no check entry exists), >0
 * (that entry's seq) with e naming the table when they differ, -1 on
 * SQLite error. */
long store_audit_verify_check(store *st, kerr *e);
/* What `audit verify` checks after the chain: the tables the log attests
 * (findings and obligations: store_audit_verify_check; purge batches:
 * store_batch_verify) still hold what it recorded. 0, >0 with e naming
 * the table, row and field, or -1. */
long store_audit_verify_data(store *st, kerr *e);
/* Counts into *n the audit entries of `action` whose JSON detail has, for
 * each i < nkv, the string field keys[i] equal to vals[i] (a detail that is
 * not JSON matches nothing). keys are names written in kefu's code. */
int store_audit_count_match(store *st, const char *action, const char *const *keys, const char *const *vals,
                            int nkv, long *n, kerr *e);
/* Calls fn for each audit entry in order. */
int store_audit_each(store *st, void (*fn)(void *ctx, long seq, const char *at, const char *action,
                                            const char *detail, const char *hash), void *ctx, kerr *e);

/* Per-kind row counts, in kinds table order (KIND_COUNT entries). */
int store_kind_counts(store *st, int64_t counts[KIND_COUNT], kerr *e);

/* Loads what the rules engines read (facts.h), in the documented orders.
 * event_raw_mask: bit i keeps service_event field i (kinds.c order) as text
 * in fact_event.raw — only the fields a policy condition reads are kept. */
int store_load_facts(store *st, facts *f, unsigned event_raw_mask, kerr *e);
/* Replaces the finding table with these findings (in one transaction the
 * caller opened, or its own). */
int store_replace_findings(store *st, const finding_list *l, kerr *e);

/* Replaces the obligation table with these obligations. */
int store_replace_obligations(store *st, const obligation_list *l, kerr *e);
/* Records what the last check ran with (single row). */
int store_put_check_run(store *st, const char *as_of, const char *policy_name,
                        const char *policy_sha256, long findings, long obligations, kerr *e);

/* A source file as recorded at its ingest. */
typedef struct store_source_info {
    char file[512];          /* path as given to ingest */
    char kind[32];           /* kind recognised, "" when none */
    char ingested_at[20];    /* when */
    long stored, rejected, replaced;  /* row counts */
} store_source_info;
/* Looks a source up by SHA-256: 1 found (info filled), 0 not, -1 error. */
int store_source_get(store *st, const char *sha256, store_source_info *info, kerr *e);

/* The latest nightly run date strictly before as_of, copied into prev
 * (YYYY-MM-DD); "" when none. */
int store_run_prev(store *st, const char *as_of, char prev[11], kerr *e);
/* Records (or re-records) the nightly run of as_of. */
int store_run_put(store *st, const char *as_of, const char *ran_at, const char *json_sha256, kerr *e);
/* Archive records eligible for disposition on the last check (retention
 * table): *total, and *newly those whose expiry date is after `after`
 * ("" = all of them). */
int store_eligible_counts(store *st, const char *after, long *newly, long *total, kerr *e);
/* "Newly eligible" (issue 12), the one definition the run JSON and the run
 * PDF print: the records eligible on the last check (*total) whose period
 * ended after the as-of day of the latest nightly run before `first_day`,
 * copied into prev (*newly; all of them, prev "", when there is none). */
int store_newly_eligible(store *st, const char *first_day, char prev[11], long *newly, long *total, kerr *e);

/* Runs a read-only query written in kefu's own code (reports, check) and
 * calls fn for each row with its columns as text (NULL for SQL NULL).
 * Parameters are bound as text, in order. */
int store_query(store *st, const char *sql, const char *const *params, int nparams,
                int (*fn)(void *ctx, int ncol, const char *const *cols), void *ctx, kerr *e);

/* The SQLite library version in use, e.g. "3.40.1" (kefu --version). */
const char *store_lib_version(void);

#endif
