/* export.h — what the store holds for a kind, written back in kefu's own
 * layout (kefu export), so that a department can start its exports from
 * a correct template and check a round trip.
 *
 * The layout is the one ingest reads first: one column per field of the
 * kind, headed by its Chinese name (SPEC §3), in the kinds table's order;
 * money in yuan with two decimals (435000 fen → 4350.00), booleans 是/否,
 * enumerations by their Chinese name, everything else as stored (roles,
 * offences and archive categories by the policy's codes). Ingesting an
 * export stores the same rows. */
#ifndef KEFU_EXPORT_H
#define KEFU_EXPORT_H

#include "kinds.h"
#include "report.h"
#include "store.h"
#include "util.h"

/* Appends the kind's rows as UTF-8 CSV (comma, CRLF, RFC 4180 quoting) to
 * out. Returns 0, or -1 with e filled (SQLite). */
int export_csv(store *st, const kind_def *k, sbuf *out, kerr *e);

/* Writes the kind's rows as an .xlsx workbook at path, whole or not at all
 * (util_tmp_create's temporary file beside it, synced and renamed; a
 * target that is not a regular file is refused): one sheet
 * named after the kind in Chinese, the header in row 1, money as numbers
 * in yuan under the format 0.00, other values as text. libxlsxwriter is
 * used here only, in constant-memory mode. Returns 0, or -1 with e filled
 * (EXIT_CANTCREAT for the file, EXIT_SOFTWARE for SQLite). */
int export_xlsx(store *st, const kind_def *k, const char *path, kerr *e);

/* A report's tables for a spreadsheet (kefu report --format csv|xlsx).
 *
 * CSV: one file; every line starts with the table's name (the template
 * section: "employees", "totals" …) and the row's kind — "head" for the
 * column headings that open each table, "row", "group" (a group heading)
 * or "total" (a subtotal or total) — then the cells as the PDF shows them.
 * Cells go through util_csv_cell_safe: one that starts with = + - @, tab or
 * CR gets a leading "'" so a spreadsheet does not run it. Appends to out.
 *
 * xlsx: one sheet per table, named after the section; row 1 holds the
 * column headings and a last column "kind" (row/group/total); every cell is
 * a string cell, exactly the PDF's text (amounts included: "4350.00"), so
 * nothing is run as a formula and nothing is re-rounded. Written whole or
 * not at all, as export_xlsx. Returns 0, or -1 with e filled. */
void export_report_csv(const report_tables *t, sbuf *out);
int export_report_xlsx(const report_tables *t, const char *path, kerr *e);

#endif
