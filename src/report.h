/* report.h — the PDF reports auditors sign (SPEC §8): fines, visits,
 * retention, register, run. Each reads what `kefu check` stored (finding,
 * obligation, retention, check_run) and the records, through the store
 * (store_report.h), lays it out with a template (tpl.h: titles, sections,
 * columns; embedded or from a directory) and draws it with the PDF writer
 * (pdf.h). Personal data is masked in every cell (report_mask_*). The same
 * database and options give byte-identical PDFs: no clock is read; the PDF
 * dates come from report_opts.created. */
#ifndef KEFU_REPORT_H
#define KEFU_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "policy.h"
#include "store.h"
#include "util.h"

/* What to render. Strings are borrowed for the call. */
typedef struct report_opts {
    const char *kind;          /* fines | visits | retention | register | run */
    const char *from, *to;     /* the period, inclusive "YYYY-MM-DD"; required by fines,
                                  visits and run; retention uses it for loans returned late
                                  (NULL: all); register ignores it */
    const char *period_label;  /* running header, e.g. "2026-10"; NULL: "FROM – TO" */
    const char *lang;          /* "zh" (default, NULL) or "en": titles, headings, labels, footer */
    const char *font;          /* --font; NULL: $KEFU_FONT, then the default (pdf.h) */
    const char *template_dir;  /* when set, KIND.xml is loaded from here, else the embedded one */
    const char *batch_id;      /* register: the purge batch; NULL: the latest batch */
    int64_t created;           /* PDF /CreationDate, seconds since the epoch (SOURCE_DATE_EPOCH
                                  or the as-of date at 00:00 UTC); negative: no dates */
    const char *as_of;         /* "YYYY-MM-DD": retention's reference date (NULL: the last
                                  check's); register: printed when the batch has none */
    const char *generated;     /* "YYYY-MM-DD HH:MM:SS", local: when the report was made (the
                                  clock or SOURCE_DATE_EPOCH), printed in the basis; NULL: not
                                  printed (the register a purge embeds, which must not vary) */
    const char *run_id;        /* the run that made the report ("run-2026-11-25"), or NULL */
    int judged_apart;          /* 1: the store was judged as of as_of for this report and not
                                  stored (rules_judge_apart); the first page says so */
} report_opts;

/* Copies the as-of day of the last check (whose findings, obligations and
 * retention statuses are stored) into out, "" when none ran. 0, or -1. */
int report_last_check(store *st, char out[11], kerr *e);

/* Report kinds, in the order of SPEC §8. */
extern const char *const REPORT_KINDS[];   /* NULL-terminated */

/* Renders report o->kind into out_path (written atomically). Warnings
 * (characters drawn as boxes, with the record they came from; one line
 * each) are appended to `warnings` (may be NULL). Errors: EXIT_USAGE (an
 * unknown kind, a missing period), EXIT_DATAERR (an invalid template, a
 * font libharu would print blank), EXIT_NOINPUT (a template or font file
 * missing, an unknown batch), EXIT_SOFTWARE (SQLite, libharu),
 * EXIT_CANTCREAT (the output). */
int report_render(store *st, const policy *p, const report_opts *o, const char *out_path,
                  sbuf *warnings, kerr *e);
/* Same, into memory: *pdf (malloc'd, the caller frees) and *len. The purge
 * step embeds the register this way. */
int report_render_mem(store *st, const policy *p, const report_opts *o, unsigned char **pdf,
                      size_t *len, sbuf *warnings, kerr *e);

/* The tables of a report, for spreadsheets (kefu report --format csv|xlsx).
 * They are filled by the same section code that draws the PDF, at the point
 * where each row goes to the PDF writer, so that the rows and totals are the
 * PDF's by construction: the same masked cell texts, the group headings and
 * subtotal rows included. One table per template section with columns, in
 * template order; a section whose PDF table is drawn in parts (fines'
 * employees, one part per department) is one table. A figure the section
 * prints beside its table as "label value" (the employees' total) is kept
 * with the table as a note. */
enum {
    REPORT_ROW_DATA = 0,       /* a data row */
    REPORT_ROW_GROUP = 1,      /* a group heading (a department, an employee) */
    REPORT_ROW_TOTAL = 2       /* a subtotal or total */
};
typedef struct report_table {
    char *name;                /* the template section's name ("employees") (owned) */
    char *title;               /* its heading in the report's language (owned) */
    size_t ncols;              /* columns */
    char **heads;              /* ncols column headings (owned) */
    size_t nrows, cap;         /* rows, and room in cells/kinds */
    char **cells;              /* nrows * ncols cell texts, row by row (owned) */
    unsigned char *kinds;      /* per row: REPORT_ROW_* (owned) */
    size_t nnotes;             /* figures the section states beside its table */
    char **notes;              /* 2 * nnotes: label, value ("员工合计", "10,498.61 元（15 项）") (owned) */
} report_table;
typedef struct report_tables {
    report_table *t;           /* the tables (owned) */
    size_t n, cap;             /* tables, and room in t */
} report_tables;

/* Renders report o->kind as report_render does, but keeps its tables in
 * *out (which the caller empties first and frees with report_tables_free)
 * instead of saving the PDF. Returns 0, or -1 with e filled. */
int report_render_tables(store *st, const policy *p, const report_opts *o, report_tables *out,
                         sbuf *warnings, kerr *e);
/* Frees what *t holds and empties it; accepts NULL. */
void report_tables_free(report_tables *t);

/* Loads and checks the template of `kind` (from dir, or the embedded one)
 * without rendering: 0 when valid, else -1 with "NAME:LINE: …" in e
 * (EXIT_DATAERR; EXIT_USAGE for an unknown kind). */
int report_check_template(const char *kind, const char *dir, kerr *e);

/* Whether an organisation name is a template's placeholder ("XX物业服务中心",
 * 某某, empty): such a report prints a visible warning under the name. */
int report_org_placeholder(const char *name);

/* Masking (SPEC §8). Lengths count UTF-8 characters; the output is written
 * into out (truncated to outsz, always NUL-terminated; outsz >= 1).
 * ID numbers: 11 characters or more keep the first 6 and the last 4
 * (440305********1234); shorter ones are masked whole (a partial ID must
 * not leak its digits). NULL or "" gives "". */
void report_mask_id(const char *in, char *out, size_t outsz);
/* Phones: 8 characters or more hide the 4 before the last 4
 * (13812341234 → 138****1234, 0755-12345678 → 0755-****5678); shorter
 * ones are masked whole. */
void report_mask_phone(const char *in, char *out, size_t outsz);
/* Free text: masks what looks like personal data inside it — a run of 18
 * characters of digits (the last may be X) or of 15 digits, as an ID
 * number; a run of 11 digits starting with 1, as a mobile phone — and
 * appends the result to out. Runs must not touch other digits. */
void report_mask_text(const char *in, sbuf *out);

#endif
