/* mapping.h — foreign export layouts (issue 14; README "Mappings").
 *
 * A mapping file (XML, validated against the embedded schemas/mapping.xsd)
 * says how one source system's export — a CSV file or a workbook sheet —
 * becomes rows of one kefu kind: the source's header names for each field,
 * strptime(3) formats for its dates and times, a date and a time kept in
 * two columns joined into one datetime, value maps (有 → 是; 缺卡 → no
 * record), the title rows above the header, the columns dropped on
 * purpose, and a <repeat> group that makes several records of one source
 * row (a daily-statistics row's 上班1 / 下班1 / 上班2 … punches). Shipped mappings are embedded (templates/mappings/NAME.xml).
 *
 * The ingest calls map_header once per header row and map_row for every
 * row; what comes out is the kind's raw values, which ingest then
 * validates exactly as for kefu's own layout (so every error still names
 * the place, the field and the value). libxml2 is used here to read the
 * mapping file only. */
#ifndef KEFU_MAPPING_H
#define KEFU_MAPPING_H

#include "kinds.h"
#include "util.h"

typedef struct mapping mapping;

/* Loads a shipped mapping by name ("dingtalk-punch") when `arg` is one
 * and no file of that name exists, else the file `arg`. Returns 0 and
 * *out (free with map_free), or -1 with e filled: EXIT_USAGE naming the
 * shipped mappings for an unknown name, EXIT_NOINPUT for an unreadable
 * file, EXIT_DATAERR "FILE:LINE: …" for one that breaks the schema or names
 * a kind, field or header the kind does not have. */
int map_load(const char *arg, mapping **out, kerr *e);
/* Loads a mapping held in memory (len bytes), named `name` in messages;
 * the same results as map_load for a file (tests and the fuzz target). */
int map_load_mem(const char *buf, size_t len, const char *name, mapping **out, kerr *e);
void map_free(mapping *m);                        /* accepts NULL */

const kind_def *map_kind(const mapping *m);       /* the kind it makes */
const char *map_name(const mapping *m);           /* as given to map_load */
int map_title_rows(const mapping *m);             /* rows above the header */
/* Calls fn with the name of every shipped mapping. */
void map_each_shipped(void (*fn)(void *ctx, const char *name), void *ctx);

/* Repetitions of one <repeat>: a daily-statistics row has at most a few
 * punch pairs (上班1 … 下班3); more values than this is not such a sheet. */
#define MAP_MAX_REPS 12

/* The repetitions each source row makes (<repeat values>; 1 without one). */
int map_reps(const mapping *m);

/* Where a mapping's fields are in one file's header (map_header). */
typedef struct map_cols {
    int col[KIND_MAX_FIELDS];       /* per mapped field: its column (a repeated field's in its first
                                       repetition that has one), or -1 */
    int date_col[KIND_MAX_FIELDS];  /* per mapped field: its date column, or -1 */
    int rcol[MAP_MAX_REPS][KIND_MAX_FIELDS];      /* per repetition: each field's column, or -1 */
    int rdate_col[MAP_MAX_REPS][KIND_MAX_FIELDS]; /* per repetition: each field's date column, or -1 */
} map_cols;

/* Matches a header row (n names, trimmed) against the mapping. Returns 0
 * with mc filled, and appends to `unknown` the header names no field uses
 * and no <ignore> names ("'X', 'Y'"; may be NULL); -1 with *msg (malloc'd)
 * naming the first required field whose column is missing. */
int map_header(const mapping *m, const char *const *names, int n, map_cols *mc, sbuf *unknown,
               char **msg);

/* Scratch space of one row's converted values. */
typedef struct map_rowbuf {
    char text[KIND_MAX_FIELDS][128]; /* a reformatted date, time or joined datetime */
} map_rowbuf;

/* Turns repetition `rep` (0 .. map_reps - 1) of one source row (ncells
 * cells, NULL for empty) into the kind's raw values: vals[f] for each
 * field f of the kind (NULL when empty), pointing into cells, the mapping
 * or rb. Returns 1 when it is no record: a value map skips it (a shared
 * field's skips every repetition of the row, a repeated field's only
 * that one), or, in a <repeat>, the required fields it repeats are all
 * empty (上班2打卡时间 blank: no second punch); else 0. */
int map_row(const mapping *m, const map_cols *mc, int rep, const char *const *cells, int ncells,
            map_rowbuf *rb, const char **vals);

#endif
