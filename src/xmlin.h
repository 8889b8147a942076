/* xmlin.h — the streaming XML reader for record files (SPEC §5).
 *
 * A record file is <KIND><record><field>value</field>…</record>…</KIND>.
 * The kind comes from the root element; the document is validated while it
 * streams against the kind's own XSD (schemas/KIND.xsd, embedded), never a
 * schema location named in the document. Hardening (kefu's own job, libxml2
 * accepts these by default): a DOCTYPE is rejected outright; no entity is
 * substituted, no DTD loaded, no XInclude processed, no network touched, and
 * every external entity load is refused as a second line of defence; depth
 * is capped at 16 (the format needs 3) and a text node at KEFU_MAX_FIELD.
 * Billion laughs, XXE and deep nesting fail fast with bounded memory.
 *
 * libxml2 is touched only here and in the policy/template loaders. */
#ifndef KEFU_XMLIN_H
#define KEFU_XMLIN_H

#include <stddef.h>
#include "kinds.h"
#include "util.h"

/* Called once per <record>: values[i] is the text of field i of the kind
 * (kind_def.fields order), "" when the element is empty, NULL when absent.
 * line is the line of the <record> start tag. Return 0 to go on, -1 to stop
 * the parse (the callback's own error stays in its context). */
typedef int (*xmlin_record_fn)(void *ctx, const kind_def *k, long line,
                               const char *const *values);

/* Reads the first bytes of a document and names its kind: returns the kind
 * or NULL with e filled ("NAME: root element <x> is not a record kind",
 * "NAME:LINE: DOCTYPE is not allowed ..."). */
const kind_def *xmlin_sniff(const char *buf, size_t len, const char *name, kerr *e);

/* Parses a whole document held in memory (the caller reads the file: the
 * input size is bounded by the caller, the parse memory by the limits
 * above). If `want` is not NULL the root must be that kind. Calls fn for
 * each record in document order. Returns 0, or -1 with e filled: a
 * malformed or invalid document is rejected whole with one message
 * "NAME:LINE: …" (EXIT_DATAERR); -1 from fn returns -1 with e untouched. */
int xmlin_parse(const char *buf, size_t len, const char *name, const kind_def *want,
                xmlin_record_fn fn, void *ctx, kerr *e);

/* Reads up to n bytes into buf; returns the count, 0 at the end, -1 on a
 * read error. */
typedef long (*xmlin_read_fn)(void *ctx, char *buf, size_t n);

/* The streaming form of xmlin_parse: the document is `head` (the bytes
 * already read, which must hold the root start tag: the kind is sniffed
 * from it) followed by whatever `rd` returns, so memory stays bounded by
 * the limits, not the file size. rd may be NULL (head is everything). */
int xmlin_parse_stream(const char *head, size_t headlen, xmlin_read_fn rd, void *rctx,
                       const char *name, const kind_def *want, xmlin_record_fn fn, void *ctx,
                       kerr *e);

/* Initialises libxml2 once and installs the refusing external-entity
 * loader; safe to call many times. xmlin_cleanup frees the compiled schemas
 * (for leak checkers at exit). */
void xmlin_init(void);
void xmlin_cleanup(void);

/* The libxml2 version in use, e.g. "2.9.14" (kefu --version). */
const char *xmlin_lib_version(void);

#endif
