/* store_retain.h — the store's SQL for retention, holds, purge batches and
 * source bundles (SPEC §7.3, §8): part of the store module (store.h), the
 * only place besides store.c that touches SQLite. Every statement is
 * prepared with bound parameters; nothing here decides a rule: retain.c
 * judges, purge.c orchestrates, this file reads and writes rows.
 *
 * Ownership: every struct filled here owns its strings; free it with the
 * matching *_free function (NULL ok). Functions return 0 (or 1/0 for
 * "found") and -1 with e set (EXIT_SOFTWARE for SQLite errors, naming the
 * database and the statement's purpose). */
#ifndef KEFU_STORE_RETAIN_H
#define KEFU_STORE_RETAIN_H

#include <stddef.h>
#include <stdint.h>

#include "facts.h"
#include "retain.h"
#include "store.h"
#include "util.h"

/* Pushes bytes to a consumer (same shape as bag_emit_fn, bag.h). */
typedef int (*store_emit_fn)(void *sink, const void *data, size_t len, kerr *e);

/* ---- retention (kefu check) ---- */

/* Replaces the retention table with one row per status (inside the
 * caller's transaction, or autocommit). */
int store_replace_retention(store *st, const facts *f, const retain_result *r, kerr *e);

/* ---- archive records ---- */

/* The columns of archive_record in kinds.c order, then file_sha256. */
enum {
    AREC_RECORD_ID, AREC_CATEGORY, AREC_OWNER, AREC_TITLE, AREC_CREATED_ON, AREC_CLOSED_ON,
    AREC_LOCATION, AREC_CONFIDENTIAL, AREC_FILE, AREC_FILE_SHA256, AREC_NFIELDS
};

/* One archive record as stored. */
typedef struct store_arec {
    char *f[AREC_NFIELDS];   /* column text (confidential as "0"/"1"); NULL for SQL NULL (owned) */
    char *src_file;          /* provenance: the export it came from (owned) */
    char *src_sha256;        /* that export's SHA-256 (owned) */
    long src_line;           /* its line */
} store_arec;

/* Reads the record `record_id`: 1 when found (*out filled), 0 when not. */
int store_arec_get(store *st, const char *record_id, store_arec *out, kerr *e);
void store_arec_free(store_arec *r);

/* Streams an attachment's bytes (in chunks of at most 1 MiB) to fn; *bytes
 * (may be NULL) receives its size. 1 when found, 0 when not. */
int store_attachment_stream(store *st, const char *sha256, store_emit_fn fn, void *sink,
                            int64_t *bytes, kerr *e);

/* ---- employees ---- */

/* Reads one employee: 1 when found (name, role, left_on filled; left_on ""
 * when empty), 0 when not. */
int store_employee_get(store *st, const char *id, char *name, size_t namesz, char *role,
                       size_t rolesz, char left_on[11], kerr *e);

/* ---- role history (issue 13) ---- */

/* One row of role_history: what kefu knew of an employee's role from one
 * ingested file on. Text fields are "" when the column is NULL. */
typedef struct store_role {
    long seq;                 /* role_history.seq */
    long audit_seq;           /* its 'role' audit entry */
    int audited;              /* 1 when that entry exists and records this row (employee, role, dates) */
    char name[128], role[64], prev_role[64];
    char hired_on[11], left_on[11];
    char src_file[512], src_sha256[65], ingested_at[20];
    char src_sheet[256];      /* the workbook sheet of src_file, "" for CSV and XML */
    long src_line;
} store_role;

/* Records in role_history every stored employee row of source src_id (0:
 * of every source) whose role, hire or leaving date differs from that
 * employee's last row there, each with its own audit entry 'role' written
 * at `at` (NULL: the file's ingest time, for the schema upgrade, which
 * says so in the entry). Inside the caller's transaction. *n (may be
 * NULL) receives the rows added. */
int store_roles_record(store *st, int64_t src_id, const char *at, long *n, kerr *e);

/* The employee's last role_history row whose audit entry comes before
 * audit entry `before` (before <= 0: the last row of all). 1 when found,
 * 0 when none, -1 on error. */
int store_role_at(store *st, const char *id, long before, store_role *r, kerr *e);

/* Calls fn for every role_history row, in order (employee_id and the row,
 * valid during the call). */
typedef void (*store_role_fn)(void *ctx, const char *employee_id, const store_role *r);
int store_roles_each(store *st, store_role_fn fn, void *ctx, kerr *e);

/* The sequence number of the first audit entry of `action` whose detail's
 * `key` is `value` (a string): 1 found, 0 none, -1 on error. */
int store_audit_find(store *st, const char *action, const char *key, const char *value, long *seq, kerr *e);

/* ---- holds ---- */

/* One hold row. */
typedef struct store_hold {
    char *hold_id, *record_id, *category, *owner; /* what it covers (NULL when not) (owned) */
    char *reason;             /* 原因 (owned) */
    char *placed_on;          /* YYYY-MM-DD (owned) */
    char *lifted_on;          /* YYYY-MM-DD, or NULL while in force (owned) */
    char *placed_by;          /* employee id, or NULL (owned) */
    char *src_file;           /* provenance ("kefu hold" when placed by the CLI) (owned) */
} store_hold;

/* Inserts a hold placed from the command line; a hold_id that exists
 * already fails with EXIT_DATAERR. Its provenance is one pseudo-source row
 * shared by all such holds: file `src_file` ("kefu hold"), SHA-256 "",
 * line 0, no content (created at `ingested_at` the first time; the
 * sources bundle skips it). */
int store_hold_insert(store *st, const store_hold *h, const char *src_file, const char *ingested_at,
                      kerr *e);
/* Reads one hold: 1 found, 0 not. */
int store_hold_get(store *st, const char *hold_id, store_hold *out, kerr *e);
/* Sets lifted_on of a hold that has none. */
int store_hold_lift(store *st, const char *hold_id, const char *lifted_on, kerr *e);
/* Every hold, by hold_id. *v owned by the caller (store_holds_free). */
int store_hold_list(store *st, store_hold **v, size_t *n, kerr *e);
void store_hold_free(store_hold *h);
void store_holds_free(store_hold *v, size_t n);
/* The first (by hold_id) hold row in force on `day` covering this record
 * by record_id, category or owner: 1 with hold_id copied, 0 when none. */
int store_hold_covering(store *st, const char *record_id, const char *category, const char *owner,
                        const char *day, char *hold_id, size_t idsz, kerr *e);

/* ---- purge batches ---- */

/* One purge_batch row, with its items counted by status. */
typedef struct store_batch {
    char *batch_id, *state, *category, *as_of;     /* (owned; category may be NULL) */
    char *prepared_by, *prepared_at;               /* (owned) */
    char *reviewed_by, *approved_by, *approved_at; /* NULL until approved (owned) */
    char *witnesses;                               /* ids separated by spaces, or NULL (owned) */
    char *rechecked_by;                            /* who re-checked the destruction, or NULL (owned) */
    char *executed_at, *bundle_path, *bundle_sha256; /* NULL until set (owned) */
    long nitems;                                   /* items in all */
    long nproposed, ndropped, ndestroyed, ntransferred; /* items by status */
} store_batch;

/* One purge_item row. */
typedef struct store_item {
    char *record_id, *category, *title, *owner;    /* (owned; owner may be NULL) */
    char *trigger_on, *expires_on;                 /* YYYY-MM-DD or NULL (owned) */
    char *disposition;                             /* destroy | transfer (owned) */
    char *content_sha256;                          /* (owned) */
    char *status;                                  /* proposed | dropped | destroyed | transferred (owned) */
    char *note;                                    /* why dropped, or NULL (owned) */
} store_item;

void store_batch_free(store_batch *b);
void store_items_free(store_item *v, size_t n);

/* Reads a batch and (when items != NULL) its items by record_id: 1 found, 0 not. */
int store_batch_get(store *st, const char *batch_id, store_batch *b, store_item **items, size_t *n,
                    kerr *e);
/* Every batch, by batch_id. */
int store_batch_list(store *st, store_batch **v, size_t *n, kerr *e);
void store_batches_free(store_batch *v, size_t n);
/* The highest sequence number of the batches whose id starts with prefix
 * ("P-20261126-"), 0 when none. */
int store_batch_max_seq(store *st, const char *prefix, int *seq, kerr *e);
/* Record ids still proposed in a planned or approved batch, sorted (so a
 * record is never planned twice). *ids owned by the caller (free each, then
 * the array). */
int store_pending_records(store *st, char ***ids, size_t *n, kerr *e);
/* Inserts a planned batch and its items (caller's transaction). */
int store_batch_insert(store *st, const store_batch *b, const store_item *items, size_t n, kerr *e);
/* planned → approved. Returns 1 when the row changed, 0 when the batch was
 * not in state planned. */
int store_batch_approve(store *st, const char *batch_id, const char *reviewed_by,
                        const char *approved_by, const char *approved_at, kerr *e);
/* The purge state changes below are compare-and-set (issue 13): each
 * UPDATE names the state (and the fields) its caller read, and returns 1
 * when the row changed, 0 when another process changed the batch in
 * between (nothing is changed then), -1 on error. */

/* Records the witnesses, and who re-checks (NULL: nobody), of an approved
 * batch whose witnesses are still `expected` (NULL: none recorded); other
 * people than before forget the recorded bundle (its register names the
 * wrong people). */
int store_batch_set_witnesses(store *st, const char *batch_id, const char *expected, const char *witnesses,
                              const char *rechecked_by, kerr *e);
/* Marks a proposed item dropped with a note and forgets any bundle
 * recorded for the batch (its content no longer matches): 1, or 0 when
 * the item was no longer proposed (then nothing is changed). */
int store_item_drop(store *st, const char *batch_id, const char *record_id, const char *note, kerr *e);
/* Records the verified (pending) bundle of an approved batch, path and
 * SHA-256, when the batch is still approved with these witnesses and the
 * bundle recorded is still expect_path/expect_sha256 (NULL: none). */
int store_batch_set_bundle(store *st, const char *batch_id, const char *witnesses, const char *expect_path,
                           const char *expect_sha256, const char *path, const char *sha256, kerr *e);
/* The disposal itself, inside the caller's transaction: for the item
 * (proposed), keeps a tombstone, deletes the record and its retention row,
 * deletes its attachment when no other record refers to it, clears the
 * content of the export files it came from (see purge.h), and sets the
 * item's status (destroyed | transferred). */
int store_item_dispose(store *st, const char *batch_id, const store_item *it, const char *status,
                       const char *disposed_at, kerr *e);
/* approved → executed with executed_at, recording final_path as the
 * bundle's path, when the batch is still approved with these witnesses and
 * this pending bundle (path and SHA-256) recorded. */
int store_batch_executed(store *st, const char *batch_id, const char *executed_at, const char *witnesses,
                         const char *pending, const char *sha256, const char *final_path, kerr *e);
/* The tombstone of a purged record (the latest): its batch, disposition
 * (destroy | transfer) and disposed_at. 1 found, 0 not, -1 error. */
int store_tombstone_get(store *st, const char *record_id, char batch[64], char disposition[16], char at[20],
                        kerr *e);
/* Compares every purge_batch row with the audit entries that made it
 * (plan, approval, execution): state, preparer, reviewer, approver and
 * their times, witnesses, bundle and execution time, and an executed
 * batch's items destroyed, transferred and dropped; and finds a row the
 * log planned that is gone. 0 when all match, >0 (the entry's seq) with e
 * naming the row and the field, -1 on SQLite error. */
long store_batch_verify(store *st, kerr *e);
/* Tombstones of a batch (for tests and `purge show`): the count. */
int store_tombstone_count(store *st, const char *batch_id, long *n, kerr *e);

/* PRAGMA secure_delete on (1) or off (0) for this connection. */
int store_secure_delete(store *st, int on, kerr *e);
/* Sets this connection's WAL auto-checkpoint to `pages` (0: off) and
 * writes the previous value into *prev (may be NULL). A purge turns it off
 * for its disposal: an automatic checkpoint runs inside COMMIT, after the
 * commit is durable, and would hold the bundle under its pending name for
 * as long as it takes to copy the WAL (purge.h). */
int store_wal_autocheckpoint(store *st, int pages, int *prev, kerr *e);
/* PRAGMA wal_checkpoint(TRUNCATE); *busy (may be NULL) is set to 1 when a
 * reader kept it from completing. */
int store_checkpoint_truncate(store *st, int *busy, kerr *e);

/* ---- source bundles ---- */

/* One ingested source file. */
typedef struct store_source {
    int64_t id;               /* source.id */
    char *file;               /* path as given to ingest (owned) */
    char *sha256;             /* (owned) */
    int64_t bytes;            /* size */
    char *kind;               /* kind recognised, or NULL (owned) */
    char *ingested_at;        /* datetime (owned) */
    int has_content;          /* 0 when the content was cleared (by a purge) */
} store_source;

/* Sources whose ingested_at falls on `date`, by id (not the holds' pseudo-source). */
int store_sources_on(store *st, const char *date, store_source **v, size_t *n, kerr *e);
void store_sources_free(store_source *v, size_t n);
/* Streams a source's content to fn. */
int store_source_stream(store *st, int64_t id, store_emit_fn fn, void *sink, kerr *e);

#endif
