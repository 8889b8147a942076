/* listing.h — `kefu findings` and `kefu rejects`: the stored findings and
 * rejected rows, filtered, as a text table, JSON or CSV. Read-only: it
 * queries the store (store_report.h) and formats; main.c prints. */
#ifndef KEFU_LISTING_H
#define KEFU_LISTING_H

#include "store.h"
#include "util.h"

/* Output formats. */
enum { LIST_TEXT, LIST_JSON, LIST_CSV };

/* What to list; NULL means no filter. */
typedef struct list_filter {
    const char *from, *to;  /* "YYYY-MM-DD", both or neither: the period (a finding's date,
                             * a reject's ingest day) */
    const char *rule;       /* a rule name (findings) */
    const char *dept;       /* a department (findings: the employee's, or the department's own) */
    const char *employee;   /* an employee id (findings) */
} list_filter;

/* Appends the findings (list_rejects: the rejected rows) that pass the
 * filter to *out in `format`; *count receives how many. The JSON is
 * {"findings":[...],"count":N}, to which main.c adds the envelope
 * (schema, exit: docs/json.md).
 * Returns 0, or -1 with e set (a database error). */
int list_findings(store *st, const list_filter *f, int format, sbuf *out, long *count, kerr *e);
int list_rejects(store *st, const list_filter *f, int format, sbuf *out, long *count, kerr *e);

/* Appends `s` (NULL: "") as one CSV field: util_csv_cell_safe (RFC 4180
 * quoting; a cell a spreadsheet would run as a formula gets a leading '). */
void list_csv_field(sbuf *b, const char *s);

#endif
