/* xscan.c — the streaming worksheet XML scanner (see xscan.h).
 *
 * The input sits in one buffer of XSCAN_BUF bytes: step() consumes every
 * complete token from s->pos and returns NEED when the rest is a token cut
 * by the end of the buffer; the driver then moves the rest to the front
 * and reads more. Text is consumed up to the last whole character, so only
 * tags, comments, processing instructions and CDATA sections have to fit
 * in the buffer whole. Start tags are parsed in place: names and values
 * are NUL-terminated and attribute values decoded over their raw bytes
 * (decoding never lengthens them), which is safe because the tag has been
 * consumed when the callback sees it. */
#include "xscan.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "msg.h"
#include "util.h"

enum { NEED = 1, DONE = 0 };

/* The state of one scan. */
typedef struct scan {
    const xscan_ops *ops;  /* callbacks */
    void *ctx;             /* their context */
    unsigned char *buf;    /* input held (XSCAN_BUF bytes, owned) */
    size_t pos, len;       /* consumed up to pos, read up to len */
    int eof;               /* 1 once the reader returned 0 */
    int started;           /* 1 once a BOM was looked for */
    size_t docstart;       /* stream offset of the first byte after a BOM */
    uint64_t off;          /* stream offset of buf[0] */
    long line;             /* 1 + newlines in the bytes moved out of buf */
    int depth;             /* open elements */
    int root_seen;         /* 1 once the root element started */
    int root_done;         /* 1 once it ended */
    char *names;           /* XSCAN_MAX_DEPTH open element names, XSCAN_MAX_NAME + 1 bytes each (owned) */
    size_t nlen[XSCAN_MAX_DEPTH]; /* their lengths */
    size_t nloc[XSCAN_MAX_DEPTH]; /* offsets of their local names (after a prefix) */
    const char *why;       /* the cause, on XSCAN_BAD */
    size_t errat;          /* offset in buf where the error was found */
} scan;

static int bad(scan *s, const unsigned char *at, const char *why)
{
    s->why = why;
    s->errat = (size_t)(at - s->buf);
    return XSCAN_BAD;
}

static int is_ws(unsigned c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Byte classes, by table (the scanner's per-byte tests showed in the
 * profile): CL_TEXT a byte of text needing no further look (ASCII
 * printable but '<', '&', ']'), CL_NAME0 a name's first byte, CL_NAME a
 * later one. Filled once by classes_init (same values every time). */
enum { CL_TEXT = 1, CL_NAME0 = 2, CL_NAME = 4 };
static unsigned char cls[256];

static void classes_init(void)
{
    if (cls['a']) return;
    for (unsigned c = 0; c < 256; c++) {
        unsigned char k = 0;
        if (c >= 0x20 && c < 0x80 && c != '<' && c != '&' && c != ']') k |= CL_TEXT;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80) k |= CL_NAME0 | CL_NAME;
        if ((c >= '0' && c <= '9') || c == '-' || c == '.') k |= CL_NAME;
        cls[c] = k;
    }
}

static int name_start(unsigned c) { return cls[c] & CL_NAME0; }
static int name_char(unsigned c) { return cls[c] & CL_NAME; }

/* 1 when code point c is a character XML allows. */
static int xml_char(uint32_t c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

/* Decodes the UTF-8 sequence at p (p < end, *p >= 0x80): returns its
 * length, 0 when it is cut by end, -1 when it is not valid UTF-8 (overlong
 * forms and surrogates included). */
static int utf8_char(const unsigned char *p, const unsigned char *end, uint32_t *cp)
{
    unsigned c = p[0];
    int n;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; v = c & 0x07; min = 0x10000; }
    else return -1;
    for (int k = 1; k < n; k++) {
        if (p + k >= end) {
            /* cut: the bytes so far must still be continuation bytes */
            for (int j = 1; j < k; j++)
                if ((p[j] & 0xC0) != 0x80) return -1;
            return 0;
        }
        if ((p[k] & 0xC0) != 0x80) return -1;
        v = (v << 6) | (p[k] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return -1;
    *cp = v;
    return n;
}

static int utf8_put(uint32_t c, char out[4])
{
    if (c < 0x80) { out[0] = (char)c; return 1; }
    if (c < 0x800) { out[0] = (char)(0xC0 | (c >> 6)); out[1] = (char)(0x80 | (c & 0x3F)); return 2; }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

#define ENTITY_MAX 32   /* bytes of "&...;" looked at for the ';' */

/* Decodes the reference at p ('&'): returns its length with the character
 * in out[0, *n), 0 when it may be cut by end, -1 when it is not one of
 * the five predefined entities or a reference to an XML character. */
static int entity(const unsigned char *p, const unsigned char *end, int eof, char out[4], int *n)
{
    const unsigned char *semi = memchr(p, ';', (size_t)(end - p) < ENTITY_MAX ? (size_t)(end - p) : ENTITY_MAX);
    if (!semi) return !eof && end - p < ENTITY_MAX ? 0 : -1;
    size_t len = (size_t)(semi - p - 1);
    const char *nm = (const char *)p + 1;
    static const struct { const char *name; char c; } pre[] = {
        { "lt", '<' }, { "gt", '>' }, { "amp", '&' }, { "apos", '\'' }, { "quot", '"' },
    };
    for (size_t i = 0; i < sizeof pre / sizeof pre[0]; i++) {
        if (strlen(pre[i].name) == len && memcmp(nm, pre[i].name, len) == 0) {
            out[0] = pre[i].c;
            *n = 1;
            return (int)(semi - p + 1);
        }
    }
    if (len < 2 || nm[0] != '#') return -1;
    uint32_t v = 0;
    size_t i = 1;
    int hex = nm[1] == 'x';
    if (hex) i = 2;
    if (i >= len) return -1;
    for (; i < len; i++) {
        unsigned c = (unsigned char)nm[i], d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return -1;
        v = v * (hex ? 16 : 10) + d;
        if (v > 0x10FFFF) return -1;
    }
    if (!xml_char(v)) return -1;
    *n = utf8_put(v, out);
    return (int)(semi - p + 1);
}

/* Checks that [p, end) — a whole comment, PI or CDATA body — is UTF-8
 * of characters XML allows. Returns 0 or XSCAN_BAD. */
static int check_chars(scan *s, const unsigned char *p, const unsigned char *end)
{
    while (p < end) {
        unsigned c = *p;
        if (c >= 0x20 && c < 0x80) { p++; continue; }
        if (c < 0x80) {
            if (c != '\t' && c != '\n' && c != '\r') return bad(s, p, msg_tr("a character not allowed in XML"));
            p++;
            continue;
        }
        uint32_t cp;
        int k = utf8_char(p, end, &cp);
        if (k <= 0) return bad(s, p, msg_tr("bytes that are not UTF-8"));
        if (!xml_char(cp)) return bad(s, p, msg_tr("a character not allowed in XML"));
        p += k;
    }
    return 0;
}

/* Hands [p, end) to the text callback with CR LF and CR as LF. */
static int emit_text(scan *s, const unsigned char *p, const unsigned char *end)
{
    while (p < end) {
        const unsigned char *cr = memchr(p, '\r', (size_t)(end - p));
        const unsigned char *stop = cr ? cr : end;
        if (stop > p && s->ops->text(s->ctx, (const char *)p, (size_t)(stop - p))) return XSCAN_STOPPED;
        if (!cr) break;
        if (s->ops->text(s->ctx, "\n", 1)) return XSCAN_STOPPED;
        p = cr + 1 < end && cr[1] == '\n' ? cr + 2 : cr + 1;
    }
    return 0;
}

/* Character data from s->pos up to the next '<' or the end of the buffer. */
static int text(scan *s)
{
    const unsigned char *p = s->buf + s->pos, *end = s->buf + s->len, *run = p;
    int rc = 0;
    if (s->depth == 0) {
        /* outside the root: white space only */
        while (p < end && *p != '<') {
            if (!is_ws(*p)) return bad(s, p, msg_tr("text outside the root element"));
            p++;
        }
        s->pos = (size_t)(p - s->buf);
        return 0;
    }
#define FLUSH() do { if (p > run && s->ops->text(s->ctx, (const char *)run, (size_t)(p - run))) return XSCAN_STOPPED; } while (0)
    while (p < end) {
        unsigned c = *p;
        if (cls[c] & CL_TEXT) { p++; continue; }
        if (c == '<') break;
        if (c == '\n' || c == '\t') { p++; continue; }
        if (c == '&') {
            char out[4];
            int n, k = entity(p, end, s->eof, out, &n);
            if (k < 0) return bad(s, p, msg_tr("an entity other than the five XML predefines, or a bad character reference"));
            FLUSH();
            if (k == 0) { rc = NEED; break; }
            if (s->ops->text(s->ctx, out, (size_t)n)) return XSCAN_STOPPED;
            p += k;
            run = p;
            continue;
        }
        if (c == ']') {
            if (end - p < 3 && !s->eof) { FLUSH(); run = p; rc = NEED; break; }
            if (end - p >= 3 && p[1] == ']' && p[2] == '>') return bad(s, p, msg_tr("']]>' in text"));
            p++;
            continue;
        }
        if (c == '\r') {
            FLUSH();
            if (p + 1 == end && !s->eof) { run = p; rc = NEED; break; }
            if (s->ops->text(s->ctx, "\n", 1)) return XSCAN_STOPPED;
            p += p + 1 < end && p[1] == '\n' ? 2 : 1;
            run = p;
            continue;
        }
        if (c < 0x20) return bad(s, p, msg_tr("a character not allowed in XML"));
        uint32_t cp;
        int k = utf8_char(p, end, &cp);
        if (k < 0) return bad(s, p, msg_tr("bytes that are not UTF-8"));
        if (k == 0) {
            if (s->eof) return bad(s, p, msg_tr("bytes that are not UTF-8"));
            FLUSH();
            run = p;
            rc = NEED;
            break;
        }
        if (!xml_char(cp)) return bad(s, p, msg_tr("a character not allowed in XML"));
        p += k;
    }
    if (rc == 0) FLUSH();
#undef FLUSH
    s->pos = (size_t)(p - s->buf);
    return rc;
}

/* Decodes an attribute value [v, ve) in place; returns its new length, or
 * -1 with the error recorded. */
static long attr_value(scan *s, unsigned char *v, unsigned char *ve)
{
    unsigned char *w = v;
    const unsigned char *p = v;
    while (p < ve) {
        unsigned c = *p;
        if (c >= 0x20 && c < 0x80 && c != '&' && c != '<') { *w++ = *p++; continue; }
        if (c == '<') return bad(s, p, msg_tr("'<' in an attribute value")), -1;
        if (c == '&') {
            char out[4];
            int n, k = entity(p, ve, 1, out, &n);
            if (k <= 0) return bad(s, p, msg_tr("an entity other than the five XML predefines, or a bad character reference")), -1;
            p += k;
            memcpy(w, out, (size_t)n);
            w += n;
            continue;
        }
        if (c == '\r') {   /* CR LF and CR: one line end, then a space */
            p += p + 1 < ve && p[1] == '\n' ? 2 : 1;
            *w++ = ' ';
            continue;
        }
        if (c == '\n' || c == '\t') { p++; *w++ = ' '; continue; }
        if (c < 0x20) return bad(s, p, msg_tr("a character not allowed in XML")), -1;
        uint32_t cp;
        int k = utf8_char(p, ve, &cp);
        if (k <= 0) return bad(s, p, msg_tr("bytes that are not UTF-8")), -1;
        if (!xml_char(cp)) return bad(s, p, msg_tr("a character not allowed in XML")), -1;
        memmove(w, p, (size_t)k);
        w += k;
        p += k;
    }
    return (long)(w - v);
}

/* Scans a name at p; returns its end, or NULL when p does not start one. */
static unsigned char *name_end(unsigned char *p, unsigned char *end)
{
    if (p >= end || !name_start(*p)) return NULL;
    while (p < end && name_char(*p)) p++;
    return p;
}

/* Checks the non-ASCII bytes of a name are UTF-8. */
static int name_utf8(scan *s, const unsigned char *p, const unsigned char *e)
{
    for (; p < e; p++)
        if (*p >= 0x80) return check_chars(s, p, e);
    return 0;
}

/* The offset of the local name in qname[0, n): after the first ':' (as
 * libxml2's SAX2 local names), or 0 when there is none or nothing after. */
static size_t local_at(const unsigned char *q, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (q[i] == ':') return i + 1;
    return 0;
}

/* A start tag at p, its '>' at q. */
static int start_tag(scan *s, unsigned char *p, unsigned char *q)
{
    xscan_attr at[XSCAN_MAX_ATTRS];
    unsigned char *nend[XSCAN_MAX_ATTRS], *vend[XSCAN_MAX_ATTRS];
    const char *qn[XSCAN_MAX_ATTRS];
    size_t qlen[XSCAN_MAX_ATTRS];
    int na = 0, self = 0;
    if (s->root_done) return bad(s, p, msg_tr("content after the root element"));
    unsigned char *n0 = p + 1, *ne = name_end(n0, q);
    if (!ne) return bad(s, p, msg_tr("a malformed start tag"));
    if (ne - n0 > XSCAN_MAX_NAME) return bad(s, p, msg_tr("an element name over 256 bytes"));
    if (name_utf8(s, n0, ne)) return XSCAN_BAD;
    unsigned char *a = ne;
    for (;;) {
        int ws = 0;
        while (a < q && is_ws(*a)) { a++; ws = 1; }
        if (a == q) break;
        if (*a == '/') {
            if (a + 1 != q) return bad(s, a, msg_tr("a malformed start tag"));
            self = 1;
            break;
        }
        if (!ws) return bad(s, a, msg_tr("a malformed start tag"));
        unsigned char *an = a, *ae = name_end(a, q);
        if (!ae) return bad(s, a, msg_tr("a malformed attribute"));
        if (name_utf8(s, an, ae)) return XSCAN_BAD;
        a = ae;
        while (a < q && is_ws(*a)) a++;
        if (a == q || *a != '=') return bad(s, a, msg_tr("a malformed attribute"));
        a++;
        while (a < q && is_ws(*a)) a++;
        if (a == q || (*a != '"' && *a != '\'')) return bad(s, a, msg_tr("an attribute value without quotes"));
        unsigned char quote = *a, *v = a + 1, *ve = memchr(v, quote, (size_t)(q - v));
        if (!ve) return bad(s, a, msg_tr("a malformed attribute"));
        long vl = attr_value(s, v, ve);
        if (vl < 0) return XSCAN_BAD;
        if (na == XSCAN_MAX_ATTRS) return bad(s, an, msg_tr("more than 64 attributes in a tag"));
        at[na].value = (const char *)v;
        at[na].len = (size_t)vl;
        nend[na] = ae;
        vend[na] = v + vl;
        qn[na] = (const char *)an;
        qlen[na] = (size_t)(ae - an);
        na++;
        a = ve + 1;
    }
    /* terminate the names and values in place: every byte written over
     * has been read (a name's end is '=', space, '/' or '>', a value's the
     * quote or decoded-away bytes) */
    *ne = '\0';
    for (int i = 0; i < na; i++) {
        *nend[i] = '\0';
        *vend[i] = '\0';
    }
    int nout = 0;
    for (int i = 0; i < na; i++) {
        for (int j = 0; j < i; j++)
            if (qlen[i] == qlen[j] && memcmp(qn[i], qn[j], qlen[i]) == 0)
                return bad(s, (const unsigned char *)qn[i], msg_tr("an attribute given twice"));
        if (qn[i][0] == 'x' && qlen[i] >= 5 && memcmp(qn[i], "xmlns", 5) == 0 && (qlen[i] == 5 || qn[i][5] == ':'))
            continue;
        at[nout] = at[i];
        at[nout].name = qn[i] + local_at((const unsigned char *)qn[i], qlen[i]);
        nout++;
    }
    if (s->depth == XSCAN_MAX_DEPTH) return bad(s, p, msg_tr("elements nested deeper than 64"));
    size_t n = (size_t)(ne - n0), loc = local_at(n0, n);
    memcpy(s->names + (size_t)s->depth * (XSCAN_MAX_NAME + 1), n0, n + 1);
    s->nlen[s->depth] = n;
    s->nloc[s->depth] = loc;
    s->depth++;
    s->root_seen = 1;
    const char *local = (const char *)n0 + loc;
    s->pos = (size_t)(q + 1 - s->buf);
    if (s->ops->start(s->ctx, local, nout, at)) return XSCAN_STOPPED;
    if (self) {
        s->depth--;
        if (s->depth == 0) s->root_done = 1;
        if (s->ops->end(s->ctx, local)) return XSCAN_STOPPED;
    }
    return 0;
}

/* An end tag at p, its '>' at q. */
static int end_tag(scan *s, unsigned char *p, unsigned char *q)
{
    unsigned char *n0 = p + 2, *ne = name_end(n0, q);
    if (!ne) return bad(s, p, msg_tr("a malformed end tag"));
    unsigned char *a = ne;
    while (a < q && is_ws(*a)) a++;
    if (a != q) return bad(s, p, msg_tr("a malformed end tag"));
    if (s->depth == 0) return bad(s, p, msg_tr("an end tag without its start tag"));
    int d = s->depth - 1;
    const char *open = s->names + (size_t)d * (XSCAN_MAX_NAME + 1);
    size_t n = (size_t)(ne - n0);
    if (s->nlen[d] != n || memcmp(open, n0, n) != 0)
        return bad(s, p, msg_tr("an end tag that does not match its start tag"));
    s->depth--;
    if (s->depth == 0) s->root_done = 1;
    s->pos = (size_t)(q + 1 - s->buf);
    if (s->ops->end(s->ctx, open + s->nloc[d])) return XSCAN_STOPPED;
    return 0;
}

/* A processing instruction [p, q) with "?>" at q. */
static int pi(scan *s, unsigned char *p, unsigned char *q)
{
    unsigned char *t = p + 2, *te = name_end(t, q);
    if (!te || (te < q && !is_ws(*te))) return bad(s, p, msg_tr("a malformed processing instruction"));
    if (check_chars(s, te, q)) return XSCAN_BAD;
    if (te - t == 3 && (t[0] | 0x20) == 'x' && (t[1] | 0x20) == 'm' && (t[2] | 0x20) == 'l') {
        if (s->off + (uint64_t)(p - s->buf) != s->docstart) return bad(s, p, msg_tr("an XML declaration not at the start"));
        /* the declared encoding, if any, must be UTF-8 (no other is read) */
        unsigned char *e = te;
        while (e + 8 <= q && memcmp(e, "encoding", 8) != 0) e++;
        if (e + 8 <= q) {
            e += 8;
            while (e < q && (is_ws(*e) || *e == '=')) e++;
            if (e < q && (*e == '"' || *e == '\'')) {
                unsigned char quote = *e++, *ee = e;
                while (ee < q && *ee != quote) ee++;
                size_t n = (size_t)(ee - e);
                if (!((n == 5 && strncasecmp((char *)e, "utf-8", 5) == 0) ||
                      (n == 4 && strncasecmp((char *)e, "utf8", 4) == 0)))
                    return bad(s, e, msg_tr("an encoding other than UTF-8"));
            }
        }
    }
    s->pos = (size_t)(q + 2 - s->buf);
    return 0;
}

/* Consumes the complete tokens from s->pos. Returns NEED (more input
 * wanted), DONE (end of input, all consumed) or an XSCAN_ error. */
static int step(scan *s)
{
    if (!s->started) {
        if (s->len < 3 && !s->eof) return NEED;
        if (s->len >= 3 && s->buf[0] == 0xEF && s->buf[1] == 0xBB && s->buf[2] == 0xBF) s->pos = s->docstart = 3;
        else if (s->len >= 2 && ((s->buf[0] == 0xFF && s->buf[1] == 0xFE) || (s->buf[0] == 0xFE && s->buf[1] == 0xFF)))
            return bad(s, s->buf, msg_tr("an encoding other than UTF-8"));
        s->started = 1;
    }
    for (;;) {
        if (s->pos == s->len) return s->eof ? DONE : NEED;
        unsigned char *p = s->buf + s->pos, *end = s->buf + s->len;
        if (*p != '<') {
            int rc = text(s);
            if (rc) return rc;
            continue;
        }
        if (end - p < 2) return s->eof ? bad(s, p, msg_tr("unexpected end of input")) : NEED;
        int rc;
        if (p[1] == '/') {
            unsigned char *q = memchr(p, '>', (size_t)(end - p));
            if (!q) return s->eof ? bad(s, p, msg_tr("unexpected end of input")) : NEED;
            rc = end_tag(s, p, q);
        } else if (p[1] == '?') {
            unsigned char *q = memmem(p + 2, (size_t)(end - p - 2), "?>", 2);
            if (!q) return s->eof ? bad(s, p, msg_tr("unexpected end of input")) : NEED;
            rc = pi(s, p, q);
        } else if (p[1] == '!') {
            if (end - p < 9 && !s->eof) return NEED;
            if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
                unsigned char *q = memmem(p + 4, (size_t)(end - p - 4), "--", 2);
                if (!q || q + 2 >= end) return s->eof ? bad(s, p, msg_tr("unexpected end of input")) : NEED;
                if (q[2] != '>') return bad(s, q, msg_tr("'--' inside a comment"));
                if (check_chars(s, p + 4, q)) return XSCAN_BAD;
                s->pos = (size_t)(q + 3 - s->buf);
                rc = 0;
            } else if (end - p >= 9 && memcmp(p, "<![CDATA[", 9) == 0) {
                if (s->depth == 0) return bad(s, p, msg_tr("text outside the root element"));
                unsigned char *q = memmem(p + 9, (size_t)(end - p - 9), "]]>", 3);
                if (!q) return s->eof ? bad(s, p, msg_tr("unexpected end of input")) : NEED;
                if (check_chars(s, p + 9, q)) return XSCAN_BAD;
                s->pos = (size_t)(q + 3 - s->buf);
                rc = emit_text(s, p + 9, q);
            } else if (end - p >= 9 && memcmp(p, "<!DOCTYPE", 9) == 0) {
                s->errat = (size_t)(p - s->buf);
                return XSCAN_DOCTYPE;
            } else {
                return bad(s, p, msg_tr("a malformed declaration"));
            }
        } else {
            /* a start tag: its '>' is the first outside quotes */
            unsigned char *q = p + 1, quote = 0;
            for (; q < end; q++) {
                if (quote) { if (*q == quote) quote = 0; }
                else if (*q == '>') break;
                else if (*q == '"' || *q == '\'') quote = *q;
                else if (*q == '<') return bad(s, q, msg_tr("a malformed start tag"));
            }
            if (q == end) return s->eof ? bad(s, p, msg_tr("unexpected end of input")) : NEED;
            rc = start_tag(s, p, q);
        }
        if (rc) return rc;
    }
}

static long count_lines(const unsigned char *p, size_t n)
{
    long k = 0;
    const unsigned char *end = p + n;
    while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
        k++;
        p++;
    }
    return k;
}

int xscan_run(xscan_read_fn rd, void *rctx, const xscan_ops *ops, void *ctx, char *why, size_t whysz, long *line)
{
    scan s = { .ops = ops, .ctx = ctx, .line = 1 };
    classes_init();
    s.buf = xmalloc(XSCAN_BUF);
    s.names = xmalloc((size_t)XSCAN_MAX_DEPTH * (XSCAN_MAX_NAME + 1));
    int rc;
    for (;;) {
        rc = step(&s);
        if (rc != NEED) break;
        if (s.eof) {   /* step consumes everything at the end, or fails */
            rc = bad(&s, s.buf + s.pos, msg_tr("unexpected end of input"));
            break;
        }
        s.line += count_lines(s.buf, s.pos);
        memmove(s.buf, s.buf + s.pos, s.len - s.pos);
        s.off += s.pos;
        s.len -= s.pos;
        s.pos = 0;
        if (s.len == XSCAN_BUF) {
            rc = bad(&s, s.buf, msg_tr("a tag, comment or CDATA section over 256 KiB"));
            break;
        }
        long n = rd(rctx, (char *)s.buf + s.len, XSCAN_BUF - s.len);
        if (n < 0) {
            rc = XSCAN_READ;
            break;
        }
        if (n == 0) s.eof = 1;
        s.len += (size_t)n;
    }
    if (rc == DONE) {
        if (!s.root_seen) rc = bad(&s, s.buf + s.pos, msg_tr("no root element"));
        else if (s.depth > 0) rc = bad(&s, s.buf + s.pos, msg_tr("unexpected end of input"));
        else rc = XSCAN_OK;
    }
    if (rc == XSCAN_BAD || rc == XSCAN_DOCTYPE) {
        if (line) *line = s.line + count_lines(s.buf, s.errat);
        if (why && whysz) snprintf(why, whysz, "%s", rc == XSCAN_BAD ? s.why : "DOCTYPE");
    }
    free(s.buf);
    free(s.names);
    return rc;
}
