/* run.h — the nightly batch (SPEC §9): `kefu run --in DIR --out DIR`.
 *
 * One run: take the database lock (lock.h; another writer holding it makes
 * the run wait up to `wait` seconds, then fail with EXIT_TEMPFAIL naming the
 * holder's pid and start time); ingest the new
 * files in IN (files already ingested are skipped by their SHA-256);
 * recompute every rule (rules_check); render the as-of month's reports
 * under OUT/reports/YYYY-MM/ (the as-of day defaults to the last complete
 * day, so the run at 01:30 on the 1st writes the month just ended's final
 * reports); bundle the source files of IN under
 * OUT/bundles/sources-DATE.tar.gz (BagIt, verified after writing); write
 * OUT/run-DATE.json; and summarise. DATE is the as-of date.
 *
 * Same database, inputs and as-of date → the same reports, bundle and JSON
 * (but for its "duration_s"): every output is built from the database
 * state, never from what this particular invocation happened to ingest, so
 * a second run — or a run after a kill -9 — gives what an uninterrupted
 * first run gave. Purges never run unattended: the run reports how many
 * records became eligible for disposition. */
#ifndef KEFU_RUN_H
#define KEFU_RUN_H

#include "util.h"

struct policy;

typedef struct run_opts {
    const char *in_dir;        /* --in: the night's exports */
    const char *out_dir;       /* --out: reports, bundles, run-DATE.json (created if missing) */
    const char *db;            /* database path; the lock is DB.lock beside it */
    const char *as_of;         /* "YYYY-MM-DD": the run's date, judged at its end */
    const char *now;           /* "YYYY-MM-DD HH:MM:SS": recorded as ingested_at, audit times */
    const char *policy_name;   /* "default" or the --policy path (recorded with the check) */
    const char *policy_sha256; /* of the policy's bytes */
    const char *lang;          /* report language, "zh" or "en" */
    const char *font;          /* --font, or NULL */
    int64_t created;           /* PDF creation date: when the run started (SOURCE_DATE_EPOCH or
                                  the clock), the same instant as `now` */
    int64_t bundle_time;       /* the sources bundle's file times: SOURCE_DATE_EPOCH or the as-of
                                  date at 00:00 UTC, never the clock, so a night redone writes the
                                  same bundle byte for byte */
    int progress;              /* 1: progress lines on stderr (stderr is a terminal) */
    int wait;                  /* --wait: seconds to wait for the database lock (0: none) */
    int quiet;                 /* --quiet: on stderr only errors and rejects */
} run_opts;

/* The outcome, for main.c to print and to choose the exit code. */
typedef struct run_result {
    int exit_code;             /* EXIT_OK, or EXIT_DATAERR when rows or files were rejected */
    char *json_path;           /* OUT/run-DATE.json (owned) */
    sbuf summary;              /* a short human summary (owned) */
    sbuf json;                 /* the JSON written to json_path (owned) */
} run_result;

/* Runs the nightly batch. Returns 0 when the run completed (see
 * r->exit_code for rejected input), -1 with e filled otherwise:
 * EXIT_TEMPFAIL when another kefu process holds the lock, EXIT_CANTCREAT when an
 * output cannot be written, EXIT_NOINPUT when IN is missing, EXIT_SOFTWARE
 * for SQLite or libharu errors. */
int run_nightly(const struct policy *p, const run_opts *o, run_result *r, kerr *e);
void run_result_free(run_result *r);   /* accepts NULL */

#endif
