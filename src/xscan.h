/* xscan.h — a streaming scanner for the XML of a worksheet.
 *
 * Why not libxml2 here: a sheet is megabytes of a few small elements
 * (row, c, v, is, t, f), and libxml2's generic parser spent about 40 % of
 * a workbook ingest on it (BENCHMARKS.md, "Workbook ingest"). This scanner
 * does only what a sheet needs, and checks what a conforming parser would
 * refuse, so that a cell is never mis-read:
 *   - the input is UTF-8 (a BOM is skipped; an XML declaration naming any
 *     other encoding is refused), every character is one XML allows;
 *   - elements nest and close by name, one root element, nothing but
 *     white space, comments and processing instructions outside it;
 *   - start tags are well-formed: quoted attribute values without '<',
 *     no attribute twice;
 *   - only the five predefined entities and character references are
 *     decoded; any other entity is refused (there is no DTD to declare
 *     one: a DOCTYPE stops the scan with XSCAN_DOCTYPE);
 *   - line ends are normalised (CR LF and CR to LF) in text, and white
 *     space to spaces in attribute values, as XML requires;
 *   - CDATA sections inside the root are read as text;
 *   - comments and processing instructions are skipped.
 * Namespaces are not resolved: element and attribute names are handed out
 * without their prefix, as libxml2's SAX2 local names are; namespace
 * declarations (xmlns, xmlns:*) are not handed out as attributes.
 *
 * It is fed by a read callback in chunks and holds at most XSCAN_BUF
 * bytes of the input: a tag, comment, processing instruction or CDATA
 * section longer than that is refused. Text is handed out in pieces as it
 * is decoded; the caller concatenates. */
#ifndef KEFU_XSCAN_H
#define KEFU_XSCAN_H

#include <stddef.h>

#define XSCAN_BUF       (256 * 1024)  /* bytes of input held: the longest tag or CDATA section */
#define XSCAN_MAX_DEPTH 64            /* element nesting (the caller may allow less) */
#define XSCAN_MAX_ATTRS 64            /* attributes of one start tag */
#define XSCAN_MAX_NAME  256           /* bytes of an element's name */

/* One attribute of a start tag: the local name and the decoded value,
 * both NUL-terminated, valid during the start callback only. */
typedef struct xscan_attr {
    const char *name;    /* local name (after any prefix) */
    const char *value;   /* decoded value */
    size_t len;          /* bytes of value */
} xscan_attr;

/* What the scanner reports. Each callback returns 0 to go on, nonzero to
 * stop the scan (xscan_run then returns XSCAN_STOPPED). */
typedef struct xscan_ops {
    int (*start)(void *ctx, const char *local, int nattr, const xscan_attr *attrs);  /* a start tag (also of an empty element) */
    int (*end)(void *ctx, const char *local);                                       /* its end (right after start for <x/>) */
    int (*text)(void *ctx, const char *s, size_t n);                                /* decoded character data inside the root */
} xscan_ops;

/* Reads up to n bytes into buf: returns the count, 0 at the end of the
 * input, -1 on failure (the reader records why). */
typedef long (*xscan_read_fn)(void *ctx, char *buf, size_t n);

enum {
    XSCAN_OK = 0,        /* the whole document was read */
    XSCAN_READ = -1,     /* the read callback failed */
    XSCAN_STOPPED = -2,  /* a callback returned nonzero */
    XSCAN_BAD = -3,      /* not well-formed: why and line filled */
    XSCAN_DOCTYPE = -4   /* a DOCTYPE: line filled */
};

/* Scans one document read through rd. On XSCAN_BAD, why (of whysz bytes)
 * holds a short phrase, already translated (msg_tr), and *line the
 * 1-based line where the scanner stopped (also on XSCAN_DOCTYPE). */
int xscan_run(xscan_read_fn rd, void *rctx, const xscan_ops *ops, void *ctx, char *why, size_t whysz,
              long *line);

#endif
