/* ingest.h — from export files to stored rows (SPEC §5).
 *
 * For each file: hash it and detect its encoding in one streaming pass;
 * skip it when its SHA-256 was already ingested; recognise its kind (CSV
 * header or XML root); read it record by record (csv_ / xmlin_), normalise
 * and validate every value (value_, kinds_, the policy's vocabularies), and
 * store good rows, rejects, the source entry and an audit entry in ONE
 * transaction: a file is stored whole or not at all. */
#ifndef KEFU_INGEST_H
#define KEFU_INGEST_H

#include <stdio.h>
#include "store.h"
#include "util.h"

struct policy;
struct mapping;

typedef struct ingest_opts {
    int strict;            /* one bad row rejects the whole file */
    const char *encoding;  /* NULL (detect), "utf-8" or "gb18030" */
    const char *kind;      /* NULL (recognise) or a kind name (--kind) */
    const char *sheet;     /* workbooks: NULL (every sheet with a header) or one sheet's name (--sheet) */
    const char *now;       /* "YYYY-MM-DD HH:MM:SS" recorded as ingested_at */
    FILE *msgs;            /* where reject lines and notes go (stderr), or NULL */
    int quiet;             /* 1: rejects only, no notes (a file skipped as already ingested) */
    int nightly;           /* 1: kefu run: a file whose rejects still stand is skipped quietly;
                            * 0: an explicit ingest of it fails again (65) and says so */
    const char *stdin_file;/* the file holding standard input's bytes (main.c copies them
                            * there), read for the path "-", which names it in every message
                            * and as the source; NULL: "-" is an ordinary file name */
    const struct mapping *mapping; /* --mapping: a foreign layout (mapping.h) for CSV and workbook
                            * sheets, or NULL for kefu's own headers */
    /* inspect only: called with every valid row as it would be stored (the
     * values are valid during the call only), e.g. to pair a punch log with
     * the stored roster; NULL for none */
    void (*row_fn)(void *ctx, const kind_def *k, const kval *v, long line);
    void *row_ctx;         /* passed to row_fn */
} ingest_opts;

/* What happened to one file. */
typedef struct ingest_file {
    char *path;            /* as given (owned) */
    char sha256[65];       /* of its bytes */
    const char *kind;      /* recognised kind name (static) or NULL */
    const char *format;    /* "csv", "xml" or "xlsx" */
    const char *encoding;  /* "UTF-8" or "GB18030" (CSV) */
    int skipped;           /* 1: already ingested */
    int failed;            /* 1: rejected whole (error in msg) */
    long standing;         /* rejects of this same file (same bytes) that still stand */
    long resolved;         /* earlier rejects of a file of the same name this one resolved */
    long stored, rejected, replaced;  /* row counts */
    char *msg;             /* the file-level message, or NULL (owned) */
    char *sheets;          /* workbook: JSON array of the sheets read — name, kind,
                              header row, rows stored, rejected — or NULL (owned) */
} ingest_file;

typedef struct ingest_result {
    ingest_file *files;    /* one per file, in processing order (owned) */
    size_t nfiles;         /* entries */
    long stored, rejected, replaced, skipped, failed;  /* totals */
    int exit_code;         /* EXIT_OK, EXIT_DATAERR (rejects or failed files), EXIT_NOINPUT */
} ingest_result;

/* Ingests files and directories (a directory means its *.csv, *.xml and *.xlsx,
 * sorted by name, not recursive). Keeps going across files (STYLE 7);
 * returns 0 when it could run (see res->exit_code for the data verdict),
 * -1 with e filled for an internal error (SQLite), which stops at once. */
int ingest_paths(store *st, const struct policy *pol, char *const *paths, int npaths,
                 const ingest_opts *o, ingest_result *res, kerr *e);
void ingest_result_free(ingest_result *r);   /* accepts NULL */

/* Appends the result as JSON ({"files":[…],"stored":…}) to b, without the
 * envelope (schema, exit) that main.c adds (docs/json.md). */
void ingest_result_json(const ingest_result *r, sbuf *b);

/* kefu inspect: reads a file as ingest would, storing nothing, and appends
 * a human description (or JSON, SPEC §2) to out. Returns the exit code the
 * file would give (0, EXIT_DATAERR, EXIT_NOINPUT). */
int ingest_inspect(const struct policy *pol, const char *path, const ingest_opts *o, int json, sbuf *out);

#endif
