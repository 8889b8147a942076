/* kinds.h — the 15 record kinds of SPEC §3: canonical field names, Chinese
 * header aliases, value types, required fields, natural keys, and the fixed
 * enumerations (codes with their Chinese names).
 *
 * This table is the data contract shared by both readers (CSV headers, XML
 * element names), the store (table and column names) and the XSDs in
 * schemas/. Roles, offence codes and archive categories are not fixed here:
 * the policy declares them (FT_ROLE, FT_OFFENSE, FT_CATEGORY). */
#ifndef KEFU_KINDS_H
#define KEFU_KINDS_H

#include <stddef.h>

typedef enum ftype {
    FT_TEXT,      /* any text, stored as is */
    FT_ID,        /* an identifier: text without control characters, '/', or surrounding spaces */
    FT_DATE,      /* stored YYYY-MM-DD */
    FT_TIME,      /* stored HH:MM:SS */
    FT_DATETIME,  /* stored YYYY-MM-DD HH:MM:SS */
    FT_MONEY,     /* stored as integer fen */
    FT_BOOL,      /* stored 0/1; empty is 0 */
    FT_ENUM,      /* one of a fixed enumeration (kfield.enumset), stored as its code */
    FT_PERIOD,    /* YYYY-MM or YYYY-Www (report_submission.period) */
    FT_ROLE,      /* a role code declared by the policy */
    FT_OFFENSE,   /* an offence code declared by the policy */
    FT_CATEGORY,  /* an archive category code declared by the policy */
    FT_FILE       /* an attachment path relative to the export file (archive_record.file) */
} ftype;

typedef struct kfield {
    const char *name;     /* canonical name: English CSV header, XML element, SQL column */
    const char *zh;       /* Chinese CSV header */
    ftype type;           /* value type */
    int required;         /* 1 when the field must be non-empty (the * of SPEC §3) */
    const char *enumset;  /* for FT_ENUM: name of the enumeration (kind_enum_lookup) */
} kfield;

#define KIND_MAX_FIELDS 12
#define KIND_MAX_KEY 3

typedef struct kind_def {
    const char *name;                 /* canonical kind name: table name, XML root */
    const char *zh;                   /* Chinese name */
    int nfields;                      /* entries used in fields[] */
    kfield fields[KIND_MAX_FIELDS];   /* in the order of SPEC §3 */
    int nkey;                         /* fields forming the natural key */
    int key[KIND_MAX_KEY];            /* indexes into fields[] */
} kind_def;

enum { KIND_COUNT = 15 };

/* Returns the table of all kinds (KIND_COUNT entries, static). */
const kind_def *kind_all(void);
/* Returns the kind with this canonical name, or NULL. */
const kind_def *kind_by_name(const char *name);
/* Returns the index of the field whose canonical or Chinese name equals
 * `header` (exact match after the caller trimmed spaces), or -1. */
int kind_field_index(const kind_def *k, const char *header);

/* Recognises a CSV header: the kind whose required fields are all present
 * among the header names (canonical or Chinese, any order) and whose fields
 * cover the most header names; ties and no match return NULL. map[i] receives
 * the field index for header column i, or -1 for an extra column. */
const kind_def *kind_from_header(const char *const *names, int n, int *map);

/* Looks up an enumeration value by code or Chinese name (an exact match).
 * Returns the canonical code (static) or NULL. */
const char *kind_enum_lookup(const char *enumset, const char *value);
/* The Chinese name of an enumeration code as SPEC §3 lists it ("comp" →
 * "调休/换休假"), written into out (the code itself when unknown). */
void kind_enum_zh(const char *enumset, const char *code, char *out, size_t outsz);
/* Writes "code (中文), code (中文), …" for messages into out. */
void kind_enum_describe(const char *enumset, char *out, size_t outsz);
/* Returns 1 when the callback outcome code counts as reached (SPEC §3). */
int kind_outcome_reached(const char *code);

#endif
