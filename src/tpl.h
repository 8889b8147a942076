/* tpl.h — report templates (SPEC §8): templates/reports/KIND.xml, embedded in
 * the binary, or KIND.xml from a directory a department keeps its own
 * versions in. A template gives the title (zh, en), the text printed for an
 * empty period, and the report's sections in order; a section with a table
 * lists its columns (field of the row model, heading zh/en, width, alignment)
 * and may name a chart.
 *
 * Loading: parsed by libxml2 hardened (no network, no entity substitution,
 * no DOCTYPE), validated against the embedded schemas/template.xsd, then
 * checked against what the report kind offers (tpl_spec): an unknown
 * section, field or chart is refused with "NAME:LINE: …". Errors are
 * EXIT_DATAERR (EXIT_NOINPUT when the file cannot be read). */
#ifndef KEFU_TPL_H
#define KEFU_TPL_H

#include <stddef.h>
#include "util.h"

#define TPL_MAX_BYTES (256 * 1024)  /* a template is a page of XML; bounds parse work */
#define TPL_MAX_DEPTH 8             /* report/section/table/column: 4 levels needed */

typedef enum tpl_align { TPL_LEFT = 0, TPL_CENTER, TPL_RIGHT } tpl_align;

/* What one section of a kind accepts. */
typedef struct tpl_section_spec {
    const char *name;              /* section name in the template */
    const char *const *fields;     /* fields its table may use, NULL-terminated;
                                      NULL: the section has no table */
    const char *const *charts;     /* charts it may draw, NULL-terminated (NULL: none) */
} tpl_section_spec;

/* What a report kind accepts. */
typedef struct tpl_spec {
    const char *kind;              /* "fines" … (the root's kind attribute must match) */
    const tpl_section_spec *secs;  /* its sections */
    size_t nsecs;                  /* entries in secs */
} tpl_spec;

/* One table column. */
typedef struct tpl_col {
    int field;                     /* index into the section spec's fields */
    char *zh, *en;                 /* headings (owned) */
    double mm;                     /* width in mm, or 0 */
    double frac;                   /* width as a fraction of the text width, or 0 */
    tpl_align align;               /* cell alignment */
    int wrap_words;                /* wrap="words": spaces before CJK boundaries (citations) */
    long line;                     /* line in the template */
} tpl_col;

/* One section. */
typedef struct tpl_section {
    int spec;                      /* index into tpl_spec.secs */
    char *zh, *en;                 /* heading (owned) */
    int chart;                     /* index into the spec's charts, -1: none */
    size_t ncols;                  /* columns; 0 when the section has no table */
    tpl_col *cols;                 /* the columns in order (owned) */
    long line;                     /* line in the template */
} tpl_section;

/* A loaded template. */
typedef struct tpl {
    char *name;                    /* where it came from (a path or the embedded name) (owned) */
    char *title_zh, *title_en;     /* report title (owned) */
    char *empty_zh, *empty_en;     /* "本期无记录" … (owned; defaults when absent) */
    size_t nsecs;                  /* sections */
    tpl_section *secs;             /* in template order (owned) */
} tpl;

/* Parses and checks a template held in memory; `name` names it in
 * messages. On success *out (free with tpl_free). */
int tpl_load_mem(const char *buf, size_t len, const char *name, const tpl_spec *spec,
                 tpl **out, kerr *e);
/* Loads DIR/KIND.xml when dir is not NULL, else the embedded
 * templates/reports/KIND.xml. */
int tpl_load(const tpl_spec *spec, const char *dir, tpl **out, kerr *e);
/* Frees a template; accepts NULL. */
void tpl_free(tpl *t);

/* The section of `t` built from spec section `spec`, or NULL when the
 * template dropped it. */
const tpl_section *tpl_find(const tpl *t, int spec);

#endif
