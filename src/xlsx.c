/* xlsx.c — the workbook reader (see xlsx.h).
 *
 * Small parts (content types, relationships, workbook, styles) are read
 * whole and parsed to a tree; the shared strings are streamed through
 * libxml2's SAX2 parser and the sheets through the worksheet scanner
 * (xscan.h), both fed from the inflating zip member, so memory does not
 * grow with the sheet. Every part is scanned for "<!DOCTYPE" before a
 * parser sees it: a workbook part never has one, and refusing it outright
 * leaves no entity for the parser to expand. */
#include "msg.h"
#include "xlsx.h"
#include "xmlcfg.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "value.h"
#include "xscan.h"

#define XLSX_CHUNK     65536    /* inflated bytes fed to the parser at a time */
#define XLSX_MAX_DEPTH 32       /* a sheet needs 5 levels (worksheet/sheetData/row/c/is/r/t: 7) */
#define XLSX_MAX_STYLES 65536   /* cell formats (cellXfs) */

/* One sheet of the workbook. */
typedef struct xsheet {
    char *name;          /* as the tab shows it (owned) */
    char *part;          /* zip member of its XML (owned) */
} xsheet;

struct xlsx_book {
    zip_archive *z;      /* the archive (owned) */
    char *name;          /* file name for messages (owned) */
    int date1904;        /* 1: the 1904 date system */
    xsheet *sheets;      /* in workbook order (owned) */
    int nsheets;         /* entries */
    unsigned char *xfkind; /* per cellXfs index: 0 number, 1 date, 2 time, 3 datetime (owned) */
    int nxf;             /* entries */
    /* shared strings: offsets[i]..offsets[i+1] in mem, or in spill */
    uint64_t *soff;      /* nsst + 1 offsets (owned) */
    long nsst;           /* strings */
    sbuf smem;           /* the bytes while in memory */
    FILE *spill;         /* the bytes once spilled (tmpfile), or NULL */
    uint64_t sbytes;     /* bytes stored */
    sbuf tmp;            /* a spilled string read back */
};

/* The last day written by serial_text: a sheet's dates repeat row after
 * row (the date, then the same day in the clock-in and clock-out), and
 * the calendar arithmetic of val_days_str showed in the profile. */
typedef struct daycache {
    int32_t d;           /* day number of s, or INT32_MIN: none yet */
    char s[11];          /* its YYYY-MM-DD */
} daycache;

/* --- small helpers --- */

int xlsx_magic(const void *head, size_t n)
{
    static const unsigned char cfb[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
    const unsigned char *p = head;
    if (n >= 8 && memcmp(p, cfb, 8) == 0) return 1;
    if (n >= 4 && p[0] == 'P' && p[1] == 'K' && p[2] == 3 && p[3] == 4) return 2;
    return 0;
}

void xlsx_col_name(int col, char out[4])
{
    char t[4];
    int n = 0;
    col++;
    while (col > 0 && n < 3) {
        col--;
        t[n++] = (char)('A' + col % 26);
        col /= 26;
    }
    for (int i = 0; i < n; i++) out[i] = t[n - 1 - i];
    out[n] = '\0';
}

/* Parses a cell reference "C7": column (0-based) and row; -1 when it is
 * not one or lies past Excel's dimensions. */
static int parse_ref(const char *s, int *col, long *row)
{
    long c = 0, r = 0;
    int nl = 0, nd = 0;
    while (*s >= 'A' && *s <= 'Z') {
        c = c * 26 + (*s++ - 'A' + 1);
        if (++nl > 3) return -1;
    }
    while (*s >= '0' && *s <= '9') {
        r = r * 10 + (*s++ - '0');
        if (++nd > 7) return -1;
    }
    if (*s || nl == 0 || nd == 0 || c > 16384 || r < 1 || r > XLSX_MAX_ROWS) return -1;
    *col = (int)c - 1;
    *row = r;
    return 0;
}

/* 1 when buf holds "<!DOCTYPE" (the caller carries the last 8 bytes of
 * the previous chunk in front). */
static int has_doctype(const char *buf, size_t n)
{
    return memmem(buf, n, "<!DOCTYPE", 9) != NULL;
}

static const char *attr_local(const xmlNode *n, const char *local)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (strcmp((const char *)a->name, local) == 0 && a->children && a->children->content)
            return (const char *)a->children->content;
    return NULL;
}

static int is_el(const xmlNode *n, const char *local)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

/* libxml2 reports through this while a tree parse runs: messages are
 * dropped (the failure itself is reported by the caller). */
static void quiet_error(void *ctx, xmlErrorPtr err) { (void)ctx; (void)err; }

/* Reads part `path` whole and parses it; NULL with e filled when it is
 * missing (and required), too large, has a DOCTYPE or is not well-formed.
 * *missing is set to 1 (and e left alone) when it does not exist. */
static xmlDoc *read_part(xlsx_book *b, const char *path, int *missing, kerr *e)
{
    if (missing) *missing = 0;
    int i = zip_find(b->z, path);
    if (i < 0) {
        if (missing) {
            *missing = 1;
            return NULL;
        }
        kerr_set(e, EXIT_DATAERR, "%s: not a workbook (no part '%s')", b->name, path);
        return NULL;
    }
    char *buf;
    size_t len;
    if (zip_read_all(b->z, i, XLSX_MAX_PART, &buf, &len, e)) return NULL;
    /* the one safe parse of small XML (xmlcfg.h): no DOCTYPE, DTD, entity
     * or network; libxml2's messages kept, the failure named by its cause */
    xmlcfg_result xr;
    xmlDoc *d = xmlcfg_parse(buf, len, path, &xr);
    free(buf);
    if (xr.doctype_line) {
        kerr_set(e, EXIT_DATAERR, "%s: part '%s' has a DOCTYPE: a workbook part never does (refused)", b->name, path);
        return NULL;
    }
    if (!d || !xmlDocGetRootElement(d)) {
        xmlFreeDoc(d);
        if (xr.err[0])
            kerr_set(e, EXIT_DATAERR, "%s: part '%s' is not well-formed XML (line %ld: %s)", b->name, path,
                     xr.err_line, xr.err);
        else
            kerr_set(e, EXIT_DATAERR, "%s: part '%s' is not well-formed XML", b->name, path);
        return NULL;
    }
    return d;
}

/* The directory of part `path` with a trailing '/' ("xl/"), or "". */
static char *part_dir(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? xstrndup(path, (size_t)(s - path + 1)) : xstrdup("");
}

/* Resolves a relationship target against the directory of its source:
 * "/xl/x.xml" is absolute, "worksheets/s.xml" relative; "." and ".."
 * segments are folded (never above the root). */
static char *resolve_target(const char *dir, const char *target)
{
    sbuf in = {0}, out = {0};
    if (target[0] == '/') sbuf_adds(&in, target + 1);
    else {
        sbuf_adds(&in, dir);
        sbuf_adds(&in, target);
    }
    const char *p = in.p;
    while (p && *p) {
        const char *q = strchr(p, '/');
        size_t n = q ? (size_t)(q - p) : strlen(p);
        if (n == 0 || (n == 1 && p[0] == '.')) {
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            char *s = out.p ? strrchr(out.p, '/') : NULL;
            if (s) { *s = '\0'; out.len = (size_t)(s - out.p); }
            else sbuf_reset(&out);
        } else {
            if (out.len) sbuf_addc(&out, '/');
            sbuf_add(&out, p, n);
        }
        if (!q) break;
        p = q + 1;
    }
    sbuf_free(&in);
    if (!out.p) sbuf_adds(&out, "");
    return out.p;
}

/* --- compound files: encrypted workbook or .xls --- */

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Reads the compound file's directory (bounded: at most 256 directory
 * sectors, FAT sectors from the header's 109 DIFAT entries) and returns
 * 1 for an encrypted OOXML package (EncryptionInfo / EncryptedPackage),
 * 2 for an Excel 97-2003 workbook (Workbook / Book), 3 for another
 * compound document, 0 when the directory cannot be read. */
static int cfb_what(zip_pread_fn fn, void *ctx, uint64_t size)
{
    unsigned char h[512];
    if (size < 512 || fn(ctx, h, 512, 0) != 512) return 0;
    unsigned shift = (unsigned)h[0x1E] | (unsigned)h[0x1F] << 8;
    if (shift != 9 && shift != 12) return 0;
    uint32_t ss = 1u << shift, nfat = le32(h + 0x2C), dir = le32(h + 0x30);
    if (nfat > 109) nfat = 109;
    uint32_t per = ss / 4;
    unsigned char *sec = xmalloc(ss);
    uint32_t *fat = xcalloc((size_t)nfat * per + 1, sizeof *fat);
    size_t nf = 0;
    for (uint32_t i = 0; i < nfat; i++) {
        uint32_t s = le32(h + 0x4C + 4 * i);
        uint64_t off = ((uint64_t)s + 1) << shift;
        if (off + ss > size || fn(ctx, sec, ss, off) != (long)ss) break;
        for (uint32_t k = 0; k < per; k++) fat[nf++] = le32(sec + 4 * k);
    }
    int what = 3, found = 0;
    for (int hops = 0; hops < 256 && dir < 0xFFFFFFFA; hops++) {
        uint64_t off = ((uint64_t)dir + 1) << shift;
        if (off + ss > size || fn(ctx, sec, ss, off) != (long)ss) break;
        found = 1;
        for (uint32_t k = 0; k + 128 <= ss; k += 128) {
            const unsigned char *d = sec + k;
            unsigned nl = (unsigned)d[64] | (unsigned)d[65] << 8;
            char nm[33];
            int j = 0;
            /* nl counts the terminating NUL character */
            for (unsigned c = 0; c + 2 < nl && c < 62 && j < 32; c += 2)
                nm[j++] = d[c + 1] == 0 && d[c] >= 0x20 && d[c] < 0x7f ? (char)d[c] : '?';
            nm[j] = '\0';
            if (strcmp(nm, "EncryptionInfo") == 0 || strcmp(nm, "EncryptedPackage") == 0) what = 1;
            else if ((strcmp(nm, "Workbook") == 0 || strcmp(nm, "Book") == 0) && what != 1) what = 2;
        }
        if (dir >= nf) break;
        dir = fat[dir];
    }
    free(sec);
    free(fat);
    return found ? what : 0;
}

/* --- shared strings --- */

/* Appends one string to the table, spilling to a temporary file once the
 * bytes kept in memory pass XLSX_SST_MEM. */
static int sst_add(xlsx_book *b, const char *s, size_t n, kerr *e)
{
    if (b->nsst >= XLSX_MAX_SST)
        return kerr_set(e, EXIT_DATAERR, "%s: more than %d shared strings (absurd dimensions): refused",
                        b->name, XLSX_MAX_SST);
    if (!b->spill && b->smem.len + n > XLSX_SST_MEM) {
        b->spill = tmpfile();
        if (!b->spill) return kerr_set(e, EXIT_CANTCREAT, "%s: cannot create a temporary file for the shared strings", b->name);
        if (b->smem.len && fwrite(b->smem.p, 1, b->smem.len, b->spill) != b->smem.len)
            return kerr_set(e, EXIT_CANTCREAT, "%s: cannot write the shared strings' temporary file", b->name);
        sbuf_free(&b->smem);
    }
    if (b->spill) {
        if (n && fwrite(s, 1, n, b->spill) != n)
            return kerr_set(e, EXIT_CANTCREAT, "%s: cannot write the shared strings' temporary file", b->name);
    } else {
        sbuf_add(&b->smem, s, n);
    }
    if ((b->nsst + 2) % 4096 == 0 || !b->soff)
        b->soff = xrealloc(b->soff, ((size_t)b->nsst + 4098) * sizeof *b->soff);
    b->sbytes += n;
    b->soff[++b->nsst] = b->sbytes;
    return 0;
}

/* String i of the table (valid until the next call), or NULL. */
static const char *sst_get(xlsx_book *b, long i)
{
    if (i < 0 || i >= b->nsst) return NULL;
    uint64_t a = b->soff[i], z = b->soff[i + 1];
    if (!b->spill) {
        sbuf_reset(&b->tmp);
        sbuf_add(&b->tmp, b->smem.p ? b->smem.p + a : "", (size_t)(z - a));
        return b->tmp.p;
    }
    sbuf_reset(&b->tmp);
    char chunk[4096];
    uint64_t off = a;
    if (fflush(b->spill)) return NULL;
    while (off < z) {
        size_t k = z - off < sizeof chunk ? (size_t)(z - off) : sizeof chunk;
        if (pread(fileno(b->spill), chunk, k, (off_t)off) != (ssize_t)k) return NULL;
        sbuf_add(&b->tmp, chunk, k);
        off += k;
    }
    if (!b->tmp.p) sbuf_adds(&b->tmp, "");
    return b->tmp.p;
}

/* --- streaming parts (shared strings and sheets) --- */

/* The state of one streamed part. */
typedef struct xstream {
    xlsx_book *b;        /* the workbook */
    const char *sheet;   /* sheet name for messages, or NULL (shared strings) */
    kerr *e;             /* where the first error goes */
    int err;             /* 1 once an error stopped the parse */
    int stopret;         /* the row callback's nonzero return, or 0 */
    xmlParserCtxtPtr p;  /* the parser */
    int depth;           /* element depth */
    /* shared strings */
    int in_si, in_rph;   /* inside <si>, inside <rPh> (phonetic text, skipped) */
    /* sheets */
    int in_data;         /* inside <sheetData> */
    long row;            /* current row number */
    int nextcol;         /* column of a cell without an r attribute */
    int col;             /* current cell's column */
    char ctype[12];      /* current cell's t attribute */
    int cstyle;          /* current cell's s attribute */
    int in_text;         /* collecting text: <v>, or <t> of an inline string / shared string */
    sbuf text;           /* the text being collected */
    sbuf *cells;         /* KEFU_MAX_COLUMNS values of the current row */
    unsigned char *set;  /* which columns of the row are set */
    int ncells;          /* highest set column + 1 */
    xlsx_row_fn fn;      /* row callback */
    void *ctx;           /* its context */
    daycache days;       /* the last day a serial date was written as (serial_text) */
} xstream;

static void xs_fail(xstream *x, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void xs_fail(xstream *x, int code, const char *fmt, ...)
{
    if (x->err) return;
    x->err = 1;
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, msg_tr(fmt), ap);
    va_end(ap);
    if (x->sheet) kerr_set(x->e, code, "%s[%s]%s", x->b->name, x->sheet, msg);
    else kerr_set(x->e, code, "%s: %s", x->b->name, msg);
    if (x->p) xmlStopParser(x->p);
}

static void on_chars(void *ctx, const xmlChar *ch, int len)
{
    xstream *x = ctx;
    if (!x->in_text || x->err) return;
    if (x->text.len + (size_t)len > KEFU_MAX_FIELD) {
        char ref[16];
        xlsx_col_name(x->col, ref);
        if (x->sheet) xs_fail(x, EXIT_DATAERR, "!%s%ld: a cell over %d bytes", ref, x->row, KEFU_MAX_FIELD);
        else xs_fail(x, EXIT_DATAERR, "a shared string over %d bytes", KEFU_MAX_FIELD);
        return;
    }
    sbuf_add(&x->text, ch, (size_t)len);
}

static void sst_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                      int nns, const xmlChar **ns, int nattr, int ndef, const xmlChar **attrs)
{
    xstream *x = ctx;
    (void)prefix; (void)uri; (void)nns; (void)ns; (void)nattr; (void)ndef; (void)attrs;
    if (++x->depth > XLSX_MAX_DEPTH) {
        xs_fail(x, EXIT_DATAERR, "sharedStrings nested deeper than %d", XLSX_MAX_DEPTH);
        return;
    }
    const char *l = (const char *)local;
    if (strcmp(l, "si") == 0) {
        x->in_si = 1;
        sbuf_reset(&x->text);
    } else if (strcmp(l, "rPh") == 0) {
        x->in_rph = 1;
    } else if (strcmp(l, "t") == 0 && x->in_si && !x->in_rph) {
        x->in_text = 1;
    }
}

static void sst_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    xstream *x = ctx;
    (void)prefix; (void)uri;
    x->depth--;
    const char *l = (const char *)local;
    if (strcmp(l, "t") == 0) x->in_text = 0;
    else if (strcmp(l, "rPh") == 0) x->in_rph = 0;
    else if (strcmp(l, "si") == 0 && x->in_si) {
        x->in_si = 0;
        if (!x->err && sst_add(x->b, x->text.p ? x->text.p : "", x->text.len, x->e)) {
            x->err = 1;
            xmlStopParser(x->p);
        }
    }
}

/* 1 when s[0, n) is an integer without sign, leading zero or exponent. */
static int plain_int(const char *s, size_t n)
{
    if (n == 0 || (s[0] == '0' && n > 1)) return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

/* Parses "DIGITS[.DIGITS]" without strtod (a tenth of a million-row
 * sheet's time). Exact — the same double strtod gives — when the digits
 * fit in 2^53 (a quotient of two exact doubles is correctly rounded);
 * with `approx` (a date or time cell, rounded to the second afterwards)
 * up to 19 digits are taken, within an ulp. Returns 0 when the text is
 * not of that form or too long: the caller uses strtod. */
static int fast_decimal(const char *s, size_t n, int approx, double *out)
{
    static const double p10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
                                  1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19 };
    uint64_t m = 0;
    int digits = 0, frac = -1;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '.' && frac < 0 && i > 0) { frac = 0; continue; }
        if (c < '0' || c > '9' || ++digits > 19) return 0;
        m = m * 10 + (uint64_t)(c - '0');
        if (frac >= 0) frac++;
    }
    if (digits == 0 || frac == 0) return 0;
    if (!approx && m > (1ULL << 53)) return 0;
    *out = (double)m / p10[frac > 0 ? frac : 0];
    return 1;
}

static int serial_text(double serial, int date1904, int kind, char out[20], daycache *dc);

/* The value of the finished cell, as text, into x->cells[col]. */
static void cell_done(xstream *x)
{
    char ref[16];
    const char *t = x->ctype;
    const char *v = x->text.p ? x->text.p : "";
    char out[64];
    const char *val = NULL;
    size_t vlen = 0;
    if (x->text.len == 0) return;   /* empty (a merged cell's other parts, a styled blank) */
    if (strcmp(t, "s") == 0) {
        char *end;
        long i = strtol(v, &end, 10);
        val = *end == '\0' ? sst_get(x->b, i) : NULL;
        if (!val) {
            xlsx_col_name(x->col, ref);
            xs_fail(x, EXIT_DATAERR, "!%s%ld: shared string '%s' does not exist (%ld strings)", ref, x->row,
                    v, x->b->nsst);
            return;
        }
        vlen = strlen(val);
    } else if (strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0 || strcmp(t, "e") == 0) {
        val = v;
        vlen = x->text.len;
    } else if (strcmp(t, "b") == 0) {
        val = strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
        vlen = strlen(val);
    } else if (strcmp(t, "d") == 0) {
        /* ISO 8601: midnight is a date, the epoch day a time */
        snprintf(out, sizeof out, "%s", v);
        char *T = strchr(out, 'T');
        if (T) {
            *T = ' ';
            if (strcmp(T + 1, "00:00:00") == 0) *T = '\0';
            else if (strncmp(out, "1899-12-30 ", 11) == 0 || strncmp(out, "1899-12-31 ", 11) == 0)
                memmove(out, T + 1, strlen(T + 1) + 1);
        }
        val = out;
        vlen = strlen(out);
    } else if (x->text.len < 16 && plain_int(v, x->text.len) &&
               !(x->cstyle >= 0 && x->cstyle < x->b->nxf && x->b->xfkind[x->cstyle])) {
        /* an integer written as digits (ids, counts, whole amounts): as is */
        val = v;
        vlen = x->text.len;
    } else {
        char *end = NULL;
        int kind = x->cstyle >= 0 && x->cstyle < x->b->nxf ? x->b->xfkind[x->cstyle] : 0;
        double d;
        if (fast_decimal(v, x->text.len, kind != 0, &d)) end = (char *)v + x->text.len;
        else d = strtod(v, &end);
        if (end == v || *end != '\0' || !isfinite(d)) {
            xlsx_col_name(x->col, ref);
            xs_fail(x, EXIT_DATAERR, "!%s%ld: '%s' is not a number", ref, x->row, v);
            return;
        }
        if (kind && serial_text(d, x->b->date1904, kind, out, &x->days) == 0) {
        } else if (d == floor(d) && fabs(d) < 1e15) {
            snprintf(out, sizeof out, "%.0f", d);
        } else {
            snprintf(out, sizeof out, "%.15g", d);
        }
        val = out;
        vlen = strlen(out);
    }
    sbuf *c = &x->cells[x->col];
    sbuf_reset(c);
    sbuf_add(c, val, vlen);
    if (!c->p) sbuf_adds(c, "");
    x->set[x->col] = 1;
    if (x->col + 1 > x->ncells) x->ncells = x->col + 1;
}

static void row_done(xstream *x)
{
    if (x->ncells == 0) return;
    const char *vals[KEFU_MAX_COLUMNS];
    for (int i = 0; i < x->ncells; i++) vals[i] = x->set[i] ? x->cells[i].p : NULL;
    int rc = x->fn(x->ctx, x->row, x->ncells, vals);
    for (int i = 0; i < x->ncells; i++) x->set[i] = 0;
    x->ncells = 0;
    if (rc) {
        x->stopret = rc;
        x->err = 1;
        if (x->p) xmlStopParser(x->p);
    }
}

/* Copies attribute `local` of a start tag into out (truncated). */
static const char *xattr_copy(int nattr, const xscan_attr *attrs, const char *local, char *out, size_t outsz)
{
    for (int i = 0; i < nattr; i++) {
        if (strcmp(attrs[i].name, local) == 0) {
            size_t n = attrs[i].len < outsz ? attrs[i].len : outsz - 1;
            memcpy(out, attrs[i].value, n);
            out[n] = '\0';
            return out;
        }
    }
    return NULL;
}

/* The scanner's start callback for a sheet: returns nonzero to stop. */
static int sheet_start(void *ctx, const char *l, int nattr, const xscan_attr *attrs)
{
    xstream *x = ctx;
    if (x->err) return 1;
    if (++x->depth > XLSX_MAX_DEPTH) {
        xs_fail(x, EXIT_DATAERR, ": elements nested deeper than %d", XLSX_MAX_DEPTH);
        return 1;
    }
    char buf[32];
    if (!x->in_data) {
        if (strcmp(l, "sheetData") == 0) x->in_data = 1;
        else if (strcmp(l, "dimension") == 0 && xattr_copy(nattr, attrs, "ref", buf, sizeof buf)) {
            char *colon = strchr(buf, ':');
            const char *last = colon ? colon + 1 : buf;
            int c;
            long r;
            if (parse_ref(last, &c, &r))
                xs_fail(x, EXIT_DATAERR, ": dimension '%s' lies past Excel's 1,048,576 rows and 16,384 columns "
                        "(absurd dimensions): refused", buf);
        }
        return x->err;
    }
    if (l[0] == 'r' && l[1] == 'o' && strcmp(l, "row") == 0) {
        long r = x->row + 1;
        if (xattr_copy(nattr, attrs, "r", buf, sizeof buf)) {
            char *end;
            r = strtol(buf, &end, 10);
            if (*end || r < 1) r = -1;
        }
        if (r < 1 || r > XLSX_MAX_ROWS || r <= x->row) {
            xs_fail(x, EXIT_DATAERR, ": row %ld after row %ld is out of order or past row %d: refused", r,
                    x->row, XLSX_MAX_ROWS);
            return 1;
        }
        x->row = r;
        x->nextcol = 0;
    } else if (l[0] == 'c' && l[1] == '\0') {
        int col = x->nextcol;
        long r = x->row;
        if (xattr_copy(nattr, attrs, "r", buf, sizeof buf) && (parse_ref(buf, &col, &r) || r != x->row)) {
            xs_fail(x, EXIT_DATAERR, ": cell reference '%s' in row %ld is not a cell of that row", buf, x->row);
            return 1;
        }
        if (col >= KEFU_MAX_COLUMNS) {
            char ref[16];
            xlsx_col_name(col, ref);
            xs_fail(x, EXIT_DATAERR, "!%s%ld: a cell past column %d (absurd dimensions): refused", ref, x->row,
                    KEFU_MAX_COLUMNS);
            return 1;
        }
        x->col = col;
        x->nextcol = col + 1;
        x->ctype[0] = '\0';
        x->cstyle = -1;
        for (int a = 0; a < nattr; a++) {
            const char *an = attrs[a].name;
            if (an[0] == '\0' || an[1] != '\0') continue;
            const char *v = attrs[a].value;
            size_t n = attrs[a].len;
            if (an[0] == 't') {
                if (n >= sizeof x->ctype) n = sizeof x->ctype - 1;
                memcpy(x->ctype, v, n);
                x->ctype[n] = '\0';
            } else if (an[0] == 's') {
                int st = 0;
                for (size_t k = 0; k < n && k < 6 && v[k] >= '0' && v[k] <= '9'; k++) st = st * 10 + (v[k] - '0');
                x->cstyle = st;
            }
        }
        sbuf_reset(&x->text);
    } else if (l[0] == 'v' && l[1] == '\0') {
        x->in_text = 1;
    } else if (strcmp(l, "rPh") == 0) {
        x->in_rph = 1;
    } else if (strcmp(l, "t") == 0 && !x->in_rph) {
        x->in_text = 1;
    }
    return x->err;
}

/* The scanner's end callback for a sheet: returns nonzero to stop. */
static int sheet_end(void *ctx, const char *l)
{
    xstream *x = ctx;
    x->depth--;
    if (x->err || !x->in_data) return x->err;
    if (l[1] == '\0' && (l[0] == 'v' || l[0] == 't')) x->in_text = 0;
    else if (l[0] == 'c' && l[1] == '\0') cell_done(x);
    else if (l[0] == 'r' && strcmp(l, "row") == 0) row_done(x);
    else if (strcmp(l, "rPh") == 0) x->in_rph = 0;
    else if (strcmp(l, "sheetData") == 0) x->in_data = 0;
    return x->err;
}

/* The scanner's text callback for a sheet. */
static int sheet_text(void *ctx, const char *s, size_t n)
{
    xstream *x = ctx;
    on_chars(x, (const xmlChar *)s, (int)n);
    return x->err;
}

/* A DOCTYPE reached the parser (the byte scan should have caught it). */
static void on_subset(void *ctx, const xmlChar *name, const xmlChar *eid, const xmlChar *sid)
{
    xstream *x = ctx;
    (void)name; (void)eid; (void)sid;
    xs_fail(x, EXIT_DATAERR, "%sa DOCTYPE: a workbook part never has one (refused)", x->sheet ? ": " : "");
}

/* The byte source of a streamed part: the inflating member, with the
 * DOCTYPE scan run on every chunk (and across chunk boundaries). */
typedef struct xfeed {
    xstream *x;          /* the stream (for errors) */
    zip_member *m;       /* the member */
    const char *part;    /* its name */
    char carry[8];       /* the last bytes of the previous chunk */
    size_t ncarry;       /* entries in carry */
    int failed;          /* 1 after a read error or a DOCTYPE (x->e filled) */
} xfeed;

static int feed_read(void *ctx, char *buf, int len)
{
    xfeed *f = ctx;
    xstream *x = f->x;
    if (f->failed || x->err) return -1;
    long got = zip_member_read(f->m, buf, (size_t)len, x->e);
    if (got < 0) {
        f->failed = 1;
        return -1;
    }
    char edge[24];
    size_t ne = f->ncarry, k = (size_t)got < 16 ? (size_t)got : 16;
    memcpy(edge, f->carry, ne);
    memcpy(edge + ne, buf, k);
    if (has_doctype(edge, ne + k) || has_doctype(buf, (size_t)got)) {
        if (x->sheet) kerr_set(x->e, EXIT_DATAERR, "%s[%s]: the sheet's XML has a DOCTYPE: a workbook part never does (refused)", x->b->name, x->sheet);
        else kerr_set(x->e, EXIT_DATAERR, "%s: part '%s' has a DOCTYPE: a workbook part never does (refused)", x->b->name, f->part);
        f->failed = 1;
        return -1;
    }
    if (got >= 8) {
        memcpy(f->carry, buf + got - 8, 8);
        f->ncarry = 8;
    } else if (got > 0) {
        size_t keep = f->ncarry + (size_t)got > 8 ? 8 - (size_t)got : f->ncarry;
        memmove(f->carry, f->carry + f->ncarry - keep, keep);
        memcpy(f->carry + keep, buf, (size_t)got);
        f->ncarry = keep + (size_t)got;
    }
    return (int)got;
}

static int feed_close(void *ctx) { (void)ctx; return 0; }

/* Streams member `part` through the SAX handlers with libxml2's pull
 * parser reading from the member (measured faster than pushing chunks:
 * the push parser scans ahead for complete tags). Returns 0, or -1 with
 * x->e filled (or x->stopret set by the row callback). */
static int stream_part(xstream *x, const char *part, xmlSAXHandler *sax)
{
    xlsx_book *b = x->b;
    int i = zip_find(b->z, part);
    if (i < 0) {
        if (x->sheet) return kerr_set(x->e, EXIT_DATAERR, "%s[%s]: part '%s' is missing", b->name, x->sheet, part);
        return kerr_set(x->e, EXIT_DATAERR, "%s: part '%s' is missing", b->name, part);
    }
    xfeed f = { .x = x, .part = part };
    f.m = zip_member_open(b->z, i, x->e);
    if (!f.m) return -1;
    int ret = 0;
    /* the parser owns no input until created; feed_close frees nothing */
    x->p = xmlCreateIOParserCtxt(sax, x, feed_read, feed_close, &f, XML_CHAR_ENCODING_NONE);
    if (!x->p) {
        if (!f.failed) kerr_set(x->e, EXIT_SOFTWARE, "%s: cannot create an XML parser", b->name);
        ret = -1;
        goto out;
    }
    xmlCtxtUseOptions(x->p, XML_PARSE_NONET | XML_PARSE_HUGE);
    xmlParseDocument(x->p);
    if (x->err || f.failed) {
        ret = -1;
    } else if (!x->p->wellFormed) {
        const xmlError *xe = xmlCtxtGetLastError(x->p);
        char why[200];
        snprintf(why, sizeof why, "%s", xe && xe->message ? xe->message : "error");
        why[strcspn(why, "\n")] = '\0';
        if (x->sheet)
            kerr_set(x->e, EXIT_DATAERR, "%s[%s]: the sheet's XML is not well-formed (line %d: %s)", b->name,
                     x->sheet, xe ? xe->line : 0, why);
        else
            kerr_set(x->e, EXIT_DATAERR, "%s: part '%s' is not well-formed XML", b->name, part);
        ret = -1;
    }
out:
    if (x->p) xmlFreeParserCtxt(x->p);
    x->p = NULL;
    zip_member_close(f.m);
    return ret;
}

static long sheet_read(void *ctx, char *buf, size_t n)
{
    return feed_read(ctx, buf, n > INT_MAX ? INT_MAX : (int)n);
}

/* Streams sheet member `part` through the worksheet scanner (xscan.h),
 * fed from the inflating member with the same DOCTYPE byte scan as the
 * libxml2 parts. Returns 0, or -1 with x->e filled (or x->stopret set by
 * the row callback). */
static int stream_sheet(xstream *x, const char *part)
{
    xlsx_book *b = x->b;
    int i = zip_find(b->z, part);
    if (i < 0) return kerr_set(x->e, EXIT_DATAERR, "%s[%s]: part '%s' is missing", b->name, x->sheet, part);
    xfeed f = { .x = x, .part = part };
    f.m = zip_member_open(b->z, i, x->e);
    if (!f.m) return -1;
    static const xscan_ops ops = { sheet_start, sheet_end, sheet_text };
    char why[160];
    long line = 0;
    int rc = xscan_run(sheet_read, &f, &ops, x, why, sizeof why, &line);
    int ret = 0;
    if (rc == XSCAN_DOCTYPE) {
        ret = kerr_set(x->e, EXIT_DATAERR, "%s[%s]: the sheet's XML has a DOCTYPE: a workbook part never does (refused)",
                       b->name, x->sheet);
    } else if (rc == XSCAN_BAD) {
        ret = kerr_set(x->e, EXIT_DATAERR, "%s[%s]: the sheet's XML is not well-formed (line %d: %s)", b->name,
                       x->sheet, line > INT_MAX ? INT_MAX : (int)line, why);
    } else if (rc != XSCAN_OK) {
        ret = -1;   /* the reader or a callback filled x->e */
    }
    zip_member_close(f.m);
    return ret;
}

static void sax_init(xmlSAXHandler *sax)
{
    memset(sax, 0, sizeof *sax);
    sax->initialized = XML_SAX2_MAGIC;
    sax->characters = on_chars;
    sax->internalSubset = on_subset;
    sax->externalSubset = on_subset;
    sax->serror = quiet_error;
}

/* --- number formats --- */

int xlsx_format_kind(const char *code)
{
    int date = 0, time = 0, m = 0;
    for (const char *p = code; *p && *p != ';'; p++) {
        char c = *p;
        if (c == '"') {
            while (*++p && *p != '"') {}
            if (!*p) break;
        } else if (c == '\\' || c == '_' || c == '*') {
            if (!*++p) break;
        } else if (c == '[') {
            const char *q = strchr(p, ']');
            if (!q) break;
            /* [h], [mm], [ss]: elapsed time; [Red], [$-804], [DBNum1]: not */
            if (q - p >= 2 && (p[1] == 'h' || p[1] == 'H' || p[1] == 's' || p[1] == 'S' ||
                               ((p[1] == 'm' || p[1] == 'M') && (p[2] == 'm' || p[2] == 'M' || p[2] == ']'))))
                time = 1;
            p = q;
        } else if ((c == 'A' || c == 'a') && (strncasecmp(p, "AM/PM", 5) == 0 || strncasecmp(p, "A/P", 3) == 0)) {
            p += strncasecmp(p, "AM/PM", 5) == 0 ? 4 : 2;
            time = 1;
        } else if (c == 'y' || c == 'Y' || c == 'd' || c == 'D') {
            date = 1;
        } else if (c == 'h' || c == 'H' || c == 's' || c == 'S') {
            time = 1;
        } else if (c == 'm' || c == 'M') {
            m = 1;
        }
    }
    if (m && !time) date = 1;
    return date && time ? 3 : date ? 1 : time ? 2 : 0;
}

/* The kind of a built-in number format (ECMA-376 18.8.30 and the zh-CN
 * built-ins 27-36, 50-58). */
static int builtin_kind(long id)
{
    if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 54) ||
        id == 57 || id == 58)
        return 1;
    if ((id >= 18 && id <= 21) || (id >= 32 && id <= 35) || (id >= 45 && id <= 47) || id == 55 || id == 56)
        return 2;
    if (id == 22) return 3;
    return 0;
}

static int serial_text(double serial, int date1904, int kind, char out[20], daycache *dc)
{
    if (!isfinite(serial) || serial < 0 || serial > 2958466.0) return -1;
    long long secs = llround(serial * 86400.0);
    long long days = secs / 86400, tod = secs % 86400;
    static int32_t e1904, e1899a, e1899b;   /* epochs: constants, computed on first use */
    if (e1904 == 0) {
        e1904 = val_days_ymd(1904, 1, 1);
        e1899a = val_days_ymd(1899, 12, 31);
        e1899b = val_days_ymd(1899, 12, 30);
    }
    int32_t d;
    if (date1904) {
        d = e1904 + (int32_t)days;
    } else if (days == 60 && kind != 2) {
        /* Lotus's leap-year bug, kept by Excel: serial 60 is a day that
         * never was; its text fails the date check with the day it claims */
        snprintf(out, 20, "1900-02-29");
        return 0;
    } else if (days < 60) {
        d = e1899a + (int32_t)days;
    } else {
        d = e1899b + (int32_t)days;
    }
    /* written by hand: a million rows of snprintf showed in the profile */
    unsigned h = (unsigned)(tod / 3600) % 24, mi = (unsigned)(tod / 60 % 60), s = (unsigned)(tod % 60);
    char *o = out;
    if (kind != 2) {
        if (!dc || dc->d != d) {
            val_days_str(d, o);
            if (dc) {
                memcpy(dc->s, o, 11);
                dc->d = d;
            }
        } else {
            memcpy(o, dc->s, 10);
        }
        o += 10;
        if (kind == 3) *o++ = ' ';
    }
    if (kind != 1) {
        o[0] = (char)('0' + h / 10); o[1] = (char)('0' + h % 10); o[2] = ':';
        o[3] = (char)('0' + mi / 10); o[4] = (char)('0' + mi % 10); o[5] = ':';
        o[6] = (char)('0' + s / 10); o[7] = (char)('0' + s % 10);
        o += 8;
    }
    *o = '\0';
    return 0;
}

int xlsx_serial_text(double serial, int date1904, int kind, char out[20])
{
    return serial_text(serial, date1904, kind, out, NULL);
}

/* --- the workbook --- */

/* Reads styles: which cell formats (cellXfs) show dates or times. */
static int read_styles(xlsx_book *b, const char *part, kerr *e)
{
    int missing;
    xmlDoc *d = read_part(b, part, &missing, e);
    if (missing) return 0;
    if (!d) return -1;
    /* custom formats first: id → kind */
    long ids[1024];
    int kinds[1024], nid = 0;
    xmlNode *root = xmlDocGetRootElement(d);
    for (xmlNode *n = root->children; n; n = n->next) {
        if (is_el(n, "numFmts")) {
            for (xmlNode *f = n->children; f && nid < 1024; f = f->next) {
                const char *id = is_el(f, "numFmt") ? attr_local(f, "numFmtId") : NULL;
                const char *code = id ? attr_local(f, "formatCode") : NULL;
                if (!code) continue;
                ids[nid] = strtol(id, NULL, 10);
                kinds[nid++] = xlsx_format_kind(code);
            }
        }
    }
    for (xmlNode *n = root->children; n; n = n->next) {
        if (!is_el(n, "cellXfs")) continue;
        for (xmlNode *x = n->children; x; x = x->next) {
            if (!is_el(x, "xf")) continue;
            if (b->nxf >= XLSX_MAX_STYLES) {
                xmlFreeDoc(d);
                return kerr_set(e, EXIT_DATAERR, "%s: more than %d cell formats (absurd): refused", b->name,
                                XLSX_MAX_STYLES);
            }
            const char *id = attr_local(x, "numFmtId");
            long fid = id ? strtol(id, NULL, 10) : 0;
            int k = builtin_kind(fid);
            for (int i = 0; i < nid; i++)
                if (ids[i] == fid) k = kinds[i];
            b->xfkind = xrealloc(b->xfkind, (size_t)b->nxf + 1);
            b->xfkind[b->nxf++] = (unsigned char)k;
        }
    }
    xmlFreeDoc(d);
    return 0;
}

/* Reads a relationships part: for each relationship whose Type ends with
 * one of the suffixes, calls back with its Id and resolved target. */
typedef struct rel {
    char *id, *type, *target;   /* owned */
} rel;

static int read_rels(xlsx_book *b, const char *part, const char *srcdir, rel **out, int *nout, kerr *e)
{
    *out = NULL;
    *nout = 0;
    int missing;
    xmlDoc *d = read_part(b, part, &missing, e);
    if (missing) return 0;
    if (!d) return -1;
    for (xmlNode *n = xmlDocGetRootElement(d)->children; n; n = n->next) {
        if (!is_el(n, "Relationship")) continue;
        const char *id = attr_local(n, "Id"), *type = attr_local(n, "Type"), *tg = attr_local(n, "Target");
        const char *mode = attr_local(n, "TargetMode");
        if (!id || !type || !tg || (mode && strcmp(mode, "External") == 0)) continue;
        if (*nout >= 4 * XLSX_MAX_SHEETS) break;
        *out = xrealloc(*out, ((size_t)*nout + 1) * sizeof **out);
        rel *r = &(*out)[(*nout)++];
        r->id = xstrdup(id);
        const char *slash = strrchr(type, '/');
        r->type = xstrdup(slash ? slash + 1 : type);
        r->target = resolve_target(srcdir, tg);
    }
    xmlFreeDoc(d);
    return 0;
}

static void free_rels(rel *r, int n)
{
    for (int i = 0; i < n; i++) {
        free(r[i].id);
        free(r[i].type);
        free(r[i].target);
    }
    free(r);
}

xlsx_book *xlsx_open(zip_pread_fn fn, void *ctx, uint64_t size, const char *name, kerr *e)
{
    unsigned char head[8] = {0};
    long hn = fn(ctx, head, size < 8 ? (size_t)size : 8, 0);
    int magic = xlsx_magic(head, hn > 0 ? (size_t)hn : 0);
    if (magic == 1) {
        int what = cfb_what(fn, ctx, size);
        if (what == 1)
            kerr_set(e, EXIT_DATAERR, "%s: the workbook is encrypted (an EncryptionInfo stream): remove its password "
                     "in Excel or WPS and save it again as .xlsx", name);
        else if (what == 2)
            kerr_set(e, EXIT_DATAERR, "%s: an Excel 97-2003 binary workbook (.xls, a Workbook stream) is not read: "
                     "open it in Excel or WPS and save it as .xlsx", name);
        else
            kerr_set(e, EXIT_DATAERR, "%s: a compound (OLE) file that is neither a workbook nor an encrypted one: "
                     "not read", name);
        return NULL;
    }
    if (magic != 2) {
        kerr_set(e, EXIT_DATAERR, "%s: not an .xlsx workbook (no ZIP signature)", name);
        return NULL;
    }
    xlsx_book *b = xcalloc(1, sizeof *b);
    b->name = xstrdup(name);
    rel *rr = NULL, *wr = NULL;
    int nrr = 0, nwr = 0;
    char *wbpart = NULL, *wbdir = NULL, *relpart = NULL;
    xmlDoc *wb = NULL;
    b->z = zip_open(fn, ctx, size, name, e);
    if (!b->z) goto fail;
    /* Macros: a vbaProject part, or the macro-enabled content type. */
    for (int i = 0; i < zip_count(b->z); i++) {
        const char *nm = zip_name(b->z, i);
        size_t l = strlen(nm);
        if (l >= 14 && strcasecmp(nm + l - 14, "vbaProject.bin") == 0) {
            kerr_set(e, EXIT_DATAERR, "%s: a macro-enabled workbook (.xlsm, part '%s'): kefu never runs macros; "
                     "save it as a plain .xlsx workbook", name, nm);
            goto fail;
        }
    }
    int missing;
    xmlDoc *ct = read_part(b, "[Content_Types].xml", &missing, e);
    if (!ct && !missing) goto fail;
    if (ct) {
        int macro = 0;
        for (xmlNode *n = xmlDocGetRootElement(ct)->children; n; n = n->next) {
            const char *t = n->type == XML_ELEMENT_NODE ? attr_local(n, "ContentType") : NULL;
            if (t && strstr(t, "macroEnabled")) macro = 1;
        }
        xmlFreeDoc(ct);
        if (macro) {
            kerr_set(e, EXIT_DATAERR, "%s: a macro-enabled workbook (.xlsm content type): kefu never runs macros; "
                     "save it as a plain .xlsx workbook", name);
            goto fail;
        }
    }
    /* The workbook part, from the package relationships. */
    if (read_rels(b, "_rels/.rels", "", &rr, &nrr, e)) goto fail;
    for (int i = 0; i < nrr; i++)
        if (strcmp(rr[i].type, "officeDocument") == 0) wbpart = xstrdup(rr[i].target);
    if (!wbpart) wbpart = xstrdup("xl/workbook.xml");
    wbdir = part_dir(wbpart);
    const char *slash = strrchr(wbpart, '/');
    relpart = xasprintf("%s_rels/%s.rels", wbdir, slash ? slash + 1 : wbpart);
    if (read_rels(b, relpart, wbdir, &wr, &nwr, e)) goto fail;
    wb = read_part(b, wbpart, NULL, e);
    if (!wb) goto fail;
    for (xmlNode *n = xmlDocGetRootElement(wb)->children; n; n = n->next) {
        if (is_el(n, "workbookPr")) {
            const char *d = attr_local(n, "date1904");
            b->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
        }
        if (!is_el(n, "sheets")) continue;
        for (xmlNode *s = n->children; s; s = s->next) {
            if (!is_el(s, "sheet")) continue;
            const char *nm = attr_local(s, "name"), *id = attr_local(s, "id");
            if (!nm || !id) continue;
            const char *target = NULL;
            for (int i = 0; i < nwr; i++)
                if (strcmp(wr[i].id, id) == 0 && strcmp(wr[i].type, "worksheet") == 0) target = wr[i].target;
            if (!target) continue;   /* a chart sheet or a dialog sheet: no cells */
            if (b->nsheets >= XLSX_MAX_SHEETS) {
                kerr_set(e, EXIT_DATAERR, "%s: more than %d sheets: refused", name, XLSX_MAX_SHEETS);
                goto fail;
            }
            b->sheets = xrealloc(b->sheets, ((size_t)b->nsheets + 1) * sizeof *b->sheets);
            b->sheets[b->nsheets].name = xstrdup(nm);
            b->sheets[b->nsheets++].part = xstrdup(target);
        }
    }
    for (int i = 0; i < nwr; i++)
        if (strcmp(wr[i].type, "styles") == 0 && read_styles(b, wr[i].target, e)) goto fail;
    b->soff = xcalloc(4098, sizeof *b->soff);
    for (int i = 0; i < nwr; i++) {
        if (strcmp(wr[i].type, "sharedStrings") != 0) continue;
        xmlSAXHandler sax;
        sax_init(&sax);
        sax.startElementNs = sst_start;
        sax.endElementNs = sst_end;
        xstream x = { .b = b, .e = e };
        int rc = stream_part(&x, wr[i].target, &sax);
        sbuf_free(&x.text);
        if (rc) goto fail;
    }
    if (b->nsheets == 0) {
        kerr_set(e, EXIT_DATAERR, "%s: the workbook has no worksheet", name);
        goto fail;
    }
    xmlFreeDoc(wb);
    free_rels(rr, nrr);
    free_rels(wr, nwr);
    free(wbpart);
    free(wbdir);
    free(relpart);
    return b;
fail:
    xmlFreeDoc(wb);
    free_rels(rr, nrr);
    free_rels(wr, nwr);
    free(wbpart);
    free(wbdir);
    free(relpart);
    xlsx_close(b);
    return NULL;
}

void xlsx_close(xlsx_book *b)
{
    if (!b) return;
    zip_close(b->z);
    for (int i = 0; i < b->nsheets; i++) {
        free(b->sheets[i].name);
        free(b->sheets[i].part);
    }
    free(b->sheets);
    free(b->xfkind);
    free(b->soff);
    sbuf_free(&b->smem);
    sbuf_free(&b->tmp);
    if (b->spill) fclose(b->spill);
    free(b->name);
    free(b);
}

int xlsx_sheet_count(const xlsx_book *b) { return b->nsheets; }
const char *xlsx_sheet_name(const xlsx_book *b, int i) { return b->sheets[i].name; }
int xlsx_date1904(const xlsx_book *b) { return b->date1904; }

int xlsx_read_sheet(xlsx_book *b, int i, xlsx_row_fn fn, void *ctx, kerr *e)
{
    xstream x = { .b = b, .sheet = b->sheets[i].name, .e = e, .fn = fn, .ctx = ctx, .days = { .d = INT32_MIN } };
    x.cells = xcalloc(KEFU_MAX_COLUMNS, sizeof *x.cells);
    x.set = xcalloc(KEFU_MAX_COLUMNS, 1);
    int rc = stream_sheet(&x, b->sheets[i].part);
    for (int k = 0; k < KEFU_MAX_COLUMNS; k++) sbuf_free(&x.cells[k]);
    free(x.cells);
    free(x.set);
    sbuf_free(&x.text);
    if (x.stopret) return x.stopret;
    return rc;
}
