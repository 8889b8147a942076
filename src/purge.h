/* purge.h — disposition of expired archive records (SPEC §7.3, §8, §10):
 * the three-step purge batch (plan → approve → execute), holds, batch
 * listings, and the bundle of the source files ingested on a day.
 *
 * Steps (每一步都记入审计日志 — every step, hold and refusal is an audit entry):
 *   plan     the preparer (employee whose role is ret.purge_preparer,
 *            cs_chief 客服主任) proposes every record that is eligible on the
 *            as-of date (retain.h), optionally of one category, and not
 *            already proposed in a planned or approved batch. Batch id
 *            P-YYYYMMDD-NN (as-of date, sequence from 01). Each item keeps
 *            the record's content SHA-256 (below). The register PDF is
 *            rendered and written to OUT/register-BATCH.pdf. Nothing
 *            eligible: no batch (result batch_id "", exit 0).
 *   approve  planned → approved only: the reviewer has role
 *            ret.purge_reviewer (cs_supervisor), the approver
 *            ret.purge_approver (center_director); preparer, reviewer and
 *            approver are three distinct people. The batch's content hash
 *            (below) must be the one its plan's audit entry recorded; the
 *            approval's entry records it too.
 *   execute  approved → executed only. Witnesses: at least
 *            ret.purge_min_witnesses distinct ids (naming one twice is
 *            refused), each an employee not gone (left_on after the as-of
 *            date or empty). DECISION: the preparer may not witness — the
 *            preparer carries the disposal out, and the witnesses (两人以上
 *            在场) attest it, so they must be other people; the reviewer and
 *            the approver may witness. The state column alone is not
 *            trusted (issue 13): the audit chain must verify and hold the
 *            plan (preparer, content hash) and the approval (preparer,
 *            reviewer, approver, content hash) of exactly this batch, else
 *            the execution is refused — a state set by SQL, or an item
 *            added or changed after approval, destroys nothing. Then:
 *            1. re-check (one transaction): every proposed item whose
 *               record is gone, changed since the plan (content SHA-256), or
 *               no longer eligible (a hold placed since approval, …) is
 *               dropped with a note; the witnesses are recorded;
 *            2. the bundle is written under a pending name beside its
 *               final one, OUT/.purge-BATCH.tar.gz.pending-PID-RANDOM
 *               (created exclusively, never through a link), re-read and
 *               verified, and its path and SHA-256 recorded; a pending
 *               bundle left by an interrupted run is reused when it still
 *               verifies and its SHA-256 is the one recorded (anything that
 *               changes the batch forgets the recorded bundle, so it is
 *               rebuilt); pending files of the batch that no live process
 *               writes and the batch does not record are removed;
 *            3. one transaction with PRAGMA secure_delete on checks every
 *               item once more (record present, content unchanged, no hold
 *               row in force) — when one fails, it is dropped and step 2
 *               runs again — then deletes the records, their retention rows
 *               and the attachments no other record uses, keeps a tombstone
 *               per record (record_id, category, content SHA-256, batch,
 *               disposition), marks items destroyed/transferred, the batch
 *               executed with the bundle's final path OUT/purge-BATCH.tar.gz;
 *            4. only then is the pending bundle renamed to that final name
 *               and the directory synced; then the WAL is checkpointed
 *               (TRUNCATE). The connection's automatic checkpoint is off
 *               from step 2 on, so that nothing runs inside the COMMIT after
 *               it is durable: the rename follows it within a millisecond.
 *            A final-named bundle therefore always certifies a deletion
 *            that committed; a pending one certifies nothing (`bundle
 *            verify` refuses it). kill -9 at any point leaves the records
 *            in place unless the verified bundle is on disk (pending in the
 *            instant between the commit and the rename); running execute
 *            again finishes the job: on an approved batch it reuses or
 *            rewrites the pending bundle; on an executed batch whose final
 *            bundle is missing it renames the pending one whose SHA-256 is
 *            the one recorded, and otherwise only re-verifies the bundle
 *            and checkpoints (idempotent).
 *            Compare-and-set (issue 13): every state change — planned →
 *            approved, the witnesses, the bundle recorded, approved →
 *            executed — is an UPDATE that names the state and the fields
 *            its step read (the witnesses, the pending bundle and its
 *            SHA-256), inside the step's transaction; when another process
 *            changed the batch meanwhile it matches no row and the step
 *            refuses (EXIT_TEMPFAIL), changing nothing. An executed batch is
 *            never executed again: a second execute names no new witness,
 *            audit entry or bundle, and one that names other witnesses than
 *            those recorded is refused (EXIT_DATAERR).
 *
 * Export files: source.content keeps every ingested file's bytes for the
 * sources bundle, and an archive_record export holds the purged record's
 * line. So that deleted content does not stay in the database file (SPEC
 * §7.3), the disposal also clears (NULL) the content of the exports the
 * purged records came from. The day's sources bundle written by the
 * nightly run keeps them; `bundle sources` for that day then omits them
 * and never overwrites an existing bundle that still has them.
 *
 * Content SHA-256 of a record (purge_item.content_sha256, tombstone): the
 * SHA-256 of one CSV line (RFC 4180 quoting: a field holding ',', '"', CR
 * or LF is quoted and its quotes doubled; LF at the end) of the stored
 * fields record_id, category, owner, title, created_on, closed_on,
 * location, confidential (0/1), file_sha256 — empty for NULL. The
 * attachment enters by its hash, not its name, so the hash can be
 * recomputed from a transfer bundle's records.csv and attachment files.
 *
 * Content hash of a batch (audit entries purge_plan and purge_approve,
 * field content_sha256): SHA-256 of "batch ID\n" then one CSV line
 * record_id,disposition,content_sha256 per item, ordered by record_id.
 *
 * Bundle (BagIt, top directory purge-BATCH): bag-info Source-Organization
 * (policy organisation), Bagging-Date (as-of), External-Description,
 * Kefu-Batch-Id, Kefu-Prepared-By, Kefu-Reviewed-By, Kefu-Approved-By,
 * Kefu-Witness (one per witness; "ID 姓名"), Kefu-Audit-Head ("SEQ HASH": the
 * audit chain head of the data when the bundle was made, audit.h). Payload:
 *   data/register.pdf       the register (销毁清册 / 移交清册) rendered after the
 *                           witnesses are known, so it names all five roles;
 *   data/destroyed.csv      destroyed records: record_id, category, title,
 *                           content_sha256 (the certificate);
 *   data/transferred.csv    the same for transferred records;
 *   data/records.csv, data/records.xml
 *                           transferred records in kefu's archive_record
 *                           format (English header / <archive_record>), so
 *                           `kefu ingest` reads them back; `file` names
 *                           attachments/…, relative to them. records.csv is
 *                           exact; records.xml cannot carry control
 *                           characters other than TAB, LF, CR (none pass
 *                           ingest today);
 *   data/attachments/NAME   transferred records' attachments, under the name
 *                           the export gave them, or attachments/SHA256[.ext]
 *                           when that name is unusable in a bag ('%', …) or
 *                           two different files share it.
 * A batch with both dispositions gets one bundle with both parts. Same
 * database content, batch, people and as-of date → byte-identical bundle
 * (when the renderer is deterministic).
 *
 * Sources bundle (`bundle sources`, the nightly run): OUT/sources-DATE.tar.gz
 * (top directory sources-DATE), every source whose ingested_at falls on
 * DATE, as data/BASENAME (bytes that a bag cannot name — '%', control
 * characters, '\\', invalid UTF-8 — become '_'; basenames shared by several
 * files become SHA256PREFIX12-BASENAME for all of them); bag-info
 * Kefu-Source-File "NAME SHA256 KIND INGESTED_AT ORIGINAL-PATH" per file
 * and Kefu-Source-Omitted for content cleared by a purge; entries dated
 * DATE 00:00:00. No source that day: no bundle. */
#ifndef KEFU_PURGE_H
#define KEFU_PURGE_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"
#include "util.h"

struct policy;

#define PURGE_ID_MAX 24              /* "P-YYYYMMDD-NN" and its NUL, with room */
#define PURGE_MAX_WITNESSES 16       /* witnesses named at one execution */
#define PURGE_DEFAULT_OUT "bundles"  /* --out default (SPEC §7.3: ./bundles/) */

/* Renders the register PDF of `batch_id` from the store (the CLI passes
 * purge_render_register, over report_render_mem). *pdf is malloc'd and owned
 * by the caller; warnings (may be NULL) receive non-fatal notes. */
typedef int (*purge_render_fn)(void *arg, store *st, const struct policy *p, const char *batch_id,
                               const char *as_of, unsigned char **pdf, size_t *len, sbuf *warnings,
                               kerr *e);

/* The register renderer of the CLI, over report_render_mem (report.h):
 * `arg` is a const report_opts * (may be NULL) carrying the CLI's lang, font,
 * template_dir and created; kind "register", batch_id and as_of are set
 * here. With arg NULL: Chinese, the default font, the embedded template,
 * PDF dates from the as-of day (00:00 UTC), so bundles stay reproducible. */
int purge_render_register(void *arg, store *st, const struct policy *p, const char *batch_id,
                          const char *as_of, unsigned char **pdf, size_t *len, sbuf *warnings, kerr *e);

/* What every step needs. */
typedef struct purge_ctx {
    store *st;                   /* the store (borrowed) */
    const struct policy *p;      /* the policy (borrowed) */
    const char *as_of;           /* "YYYY-MM-DD": eligibility, batch ids, Bagging-Date, mtimes */
    const char *now;             /* "YYYY-MM-DD HH:MM:SS": audit entries, prepared_at, … */
    const char *out_dir;         /* --out DIR (created when missing); NULL: PURGE_DEFAULT_OUT */
    purge_render_fn render;      /* the register renderer (required by plan and execute) */
    void *render_arg;            /* passed to render (e.g. a report_opts with lang and font) */
    sbuf *warnings;              /* renderer warnings, one per line (may be NULL) */
    const char *rechecked_by;    /* execute: who re-checks what is destroyed (--rechecked-by), or NULL */
    int64_t clock;               /* the real time (seconds since the epoch) for the disposition
                                  * limits; 0: time(NULL). Tests set it; never SOURCE_DATE_EPOCH */
} purge_ctx;

/* Disposition runs on the real clock (issue 13): plan, approve and execute
 * refuse an as-of later than the last complete day (yesterday in the
 * policy's timezone, on the real clock — SOURCE_DATE_EPOCH never moves
 * it), and execute re-checks every item's eligibility as of that day
 * (and the holds as of today), whatever the plan's as-of was. This writes
 * that day into last (and today into today when not NULL), at time t (0:
 * now). The CLI uses it as the purge commands' default as-of. */
int purge_last_complete_day(const struct policy *p, int64_t t, char last[11], char today[11], kerr *e);

/* 1 when `role` is a custody role of the policy: the purge preparer,
 * reviewer or approver, a hold role, or the external-borrower approver. */
int purge_custody_role(const struct policy *p, const char *role);

/* 1 when s is a batch id kefu makes (P-YYYYMMDD-NN…, digits only), the
 * only form allowed into a file name. */
int purge_valid_batch_id(const char *s);

/* ---- plan ---- */

typedef struct purge_plan_result {
    char batch_id[PURGE_ID_MAX]; /* the new batch, "" when nothing was eligible */
    long nitems;                 /* records proposed */
    long ndestroy, ntransfer;    /* of which to destroy / to transfer */
    char *register_path;         /* OUT/register-BATCH.pdf (owned), NULL when no batch */
} purge_plan_result;

/* category: a code or Chinese name declared by the policy, or NULL (all).
 * Refusals: EXIT_DATAERR with the person, the role expected and the role
 * found. */
int purge_plan(const purge_ctx *c, const char *prepared_by, const char *category,
               purge_plan_result *r, kerr *e);
void purge_plan_result_free(purge_plan_result *r);      /* NULL ok */
void purge_plan_result_json(const purge_plan_result *r, sbuf *out);

/* ---- approve ---- */

/* Refusals (EXIT_DATAERR): wrong roles, the same person twice, a batch not
 * in state planned. An unknown batch is EXIT_NOINPUT; a malformed id
 * EXIT_USAGE. */
int purge_approve(const purge_ctx *c, const char *batch_id, const char *reviewed_by,
                  const char *approved_by, kerr *e);

/* ---- execute ---- */

typedef struct purge_exec_result {
    char *bundle_path;           /* the verified bundle (owned) */
    char bundle_sha256[65];      /* its SHA-256 */
    long ndestroyed, ntransferred, ndropped; /* items by outcome */
    int reused;                  /* 1 when an interrupted run's pending bundle was reused */
    int completed;               /* 1 when an executed batch's pending bundle was renamed into place now */
    int already;                 /* 1 when the batch had been executed before (nothing deleted now) */
    int checkpoint_busy;         /* 1 when a reader kept the WAL checkpoint from finishing */
} purge_exec_result;

int purge_execute(const purge_ctx *c, const char *batch_id, const char *const *witnesses, int nwitnesses,
                  purge_exec_result *r, kerr *e);
void purge_exec_result_free(purge_exec_result *r);      /* NULL ok */
void purge_exec_result_json(const purge_exec_result *r, const char *batch_id, sbuf *out);

/* ---- list / show ---- */

/* Appends a table of every batch (or one JSON object {"batches":[…]}). */
int purge_list(const purge_ctx *c, int json, sbuf *out, kerr *e);
/* Appends a batch with its people and items (or one JSON object). */
int purge_show(const purge_ctx *c, const char *batch_id, int json, sbuf *out, kerr *e);

/* ---- holds ---- */

/* A hold placed from the command line. Exactly one of record_id, category,
 * owner. */
typedef struct purge_hold_spec {
    const char *hold_id;         /* --hold-id: an identifier (<= 64 bytes, no '/', '\\', controls) */
    const char *record_id;       /* --record: must be in the archive */
    const char *category;        /* --category: code or Chinese name declared by the policy */
    const char *owner;           /* --owner: 业主 as in archive_record.owner */
    const char *reason;          /* --reason: required */
    const char *placed_by;       /* --placed-by: an employee id */
    const char *placed_on;       /* --on DATE (any SPEC §4 form), NULL: the as-of date */
} purge_hold_spec;

int purge_hold_add(const purge_ctx *c, const purge_hold_spec *h, kerr *e);
/* Lifts a hold in force on `on` (NULL: as-of) by employee `by` (required,
 * a role of the policy's <hold-roles>; the audit entry names them). Refused:
 * a day before it was placed, before the date of the last audit entry that
 * touched the hold, or after the last complete day on the real clock. */
int purge_hold_lift(const purge_ctx *c, const char *hold_id, const char *by, const char *on, kerr *e);
/* Appends every hold (or one JSON object), with "in force" judged on as-of. */
int purge_hold_list(const purge_ctx *c, int json, sbuf *out, kerr *e);

/* ---- sources bundle ---- */

typedef struct purge_sources_result {
    char *bundle_path;           /* OUT/sources-DATE.tar.gz (owned), NULL when no source that day */
    char bundle_sha256[65];      /* its SHA-256 */
    long nfiles;                 /* files in the bundle */
    long nomitted;               /* files whose content was cleared by a purge */
    int kept;                    /* 1 when an existing bundle was kept (it holds what is now cleared) */
} purge_sources_result;

/* date: "YYYY-MM-DD" (any SPEC §4 form), NULL: the as-of date. */
int purge_bundle_sources(const purge_ctx *c, const char *date, purge_sources_result *r, kerr *e);
void purge_sources_result_free(purge_sources_result *r);  /* NULL ok */
void purge_sources_result_json(const purge_sources_result *r, sbuf *out);

/* ---- verify ---- */

/* `kefu bundle verify FILE|DIR`: bag_verify with the report appended to
 * out (text lines "error: …"/"warning: …" and a verdict line, or one JSON
 * object). Returns 0 when valid, -1 with e set (EXIT_DATAERR invalid,
 * EXIT_NOINPUT unreadable). A pending purge bundle (".purge-BATCH.tar.gz.
 * pending-…", written before its deletion committed) is never valid,
 * whole or not: "NOT A COMPLETED BUNDLE", JSON "pending": true. */
int purge_bundle_verify(const char *path, int json, sbuf *out, kerr *e);

#endif
