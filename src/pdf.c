/* pdf.c — the PDF writer over libharu 2.3 (see pdf.h), and the TrueType
 * reader behind the font safety check. The only file that includes hpdf.h.
 *
 * Layout is done in points with y measured from the top of the page; the
 * conversion to libharu's bottom-up coordinates happens only where libharu is
 * called. Widths come from the font's own hmtx through our reader, rounded the
 * way libharu rounds them into the PDF's /W array, so measured and printed
 * widths agree and libharu never sees a glyph we only measured. */
#include "msg.h"
#include "pdf.h"

#include "embed.h"
#include "hash.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <hpdf.h>
#include <hpdf_conf.h>

#define PT_PER_MM (72.0 / 25.4)
#define MM(x) ((x) * PT_PER_MM)

/* Page furniture, in millimetres from the page edges. */
#define MARGIN_X        18.0   /* left and right margins */
#define HEADER_BASE     12.0   /* running header baseline, from the top */
#define HEADER_RULE     14.0   /* rule under the running header */
#define BODY_TOP        20.0   /* top of the text area */
#define BODY_BOTTOM_GAP 17.0   /* bottom of the text area, from the bottom */
#define FOOTER_RULE     14.0   /* rule over the footer, from the bottom */
#define FOOTER_BASE     9.0    /* footer baseline, from the bottom */
#define BASIS_BASE      5.5    /* basis line baseline, from the bottom */

/* Type sizes (points) and leading. */
#define SIZE_FURNITURE  8.5
#define SIZE_BASIS      6.5    /* the basis line; smaller when it would not fit */
#define WATERMARK_SIZE  120.0  /* the watermark's size: two hanzi about 85 mm wide */
#define WATERMARK_GRAY  0.82   /* its grey: light enough to read the content drawn over it */
#define SIZE_BODY       10.0
#define SIZE_TABLE      9.0
#define SIZE_TABLE_MIN  6.0    /* a cell is set down to this so that an identifier fits whole */
#define SIZE_CHART      8.0
#define LEADING         1.45   /* line height / size, running text */
#define LEADING_TABLE   1.30   /* line height / size, table cells */
#define ASCENT          0.86   /* baseline below the top of the glyph box, em */
#define CELL_PAD_X      1.5    /* mm left and right of cell text */
#define CELL_PAD_Y      1.2    /* mm above and below cell text */
#define KV_KEY_MM       35.0   /* key column of pdf_keyvalue */
#define MARK_EM         0.9    /* advance of a replacement box, em */

/* Limits of the font reader (STYLE 9): a table directory or collection
 * bigger than these is not a font anyone ships. */
#define TTF_MAX_TABLES  1024
#define TTF_MAX_FACES   4096
#define MAX_BAD_LISTED  8      /* characters named in a refusal */
#define HEADER_MAX_LINES 3     /* a table heading longer than this is clipped */

/* ======================================================================
 * UTF-8
 * ====================================================================== */

/* Decodes the code point at s[*i] (strictly: no overlongs, surrogates or
 * values above U+10FFFF) and advances *i. An invalid byte advances by one
 * and returns 0x80000000 | byte. */
#define BAD_BYTE 0x80000000u
static uint32_t utf8_next(const char *s, size_t n, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    size_t left = n - *i;
    uint32_t c = p[0], cp;
    size_t len;
    if (c < 0x80) { *i += 1; return c; }
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
    else { *i += 1; return BAD_BYTE | c; }
    if (left < len) { *i += 1; return BAD_BYTE | c; }
    for (size_t k = 1; k < len; k++) {
        if ((p[k] & 0xC0) != 0x80) { *i += 1; return BAD_BYTE | c; }
        cp = (cp << 6) | (p[k] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
        *i += 1;
        return BAD_BYTE | c;
    }
    *i += len;
    return cp;
}

/* Appends the UTF-8 encoding of `cp` (a valid scalar value) to `b`. */
static void utf8_put(sbuf *b, uint32_t cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) { u[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    sbuf_add(b, u, n);
}

/* ======================================================================
 * TrueType reader: just enough to know, for a code point, the glyph libharu
 * will use, its advance width, and whether libharu's subsetter keeps all
 * of it. Every offset read from the file is checked against the file size
 * and the table it belongs to.
 * ====================================================================== */

typedef struct ttf {
    int fd;                  /* the open font file, -1 when closed */
    uint64_t size;           /* file size; no read goes past it */
    int is_ttc;              /* nonzero: a TrueType collection */
    uint32_t glyf_off;       /* file offset of the 'glyf' table */
    uint32_t glyf_len;       /* its length */
    uint32_t *loca;          /* num_glyphs + 1 byte offsets into 'glyf' (owned) */
    uint16_t *adv;           /* advance width of each glyph, font units (owned) */
    uint16_t num_glyphs;     /* maxp.numGlyphs */
    uint16_t upem;           /* head.unitsPerEm */
    unsigned char *cmap4;    /* the format 4 subtable libharu uses (owned) */
    uint32_t cmap4_len;      /* bytes in cmap4 (libharu's own length rule) */
    unsigned char *cmap12;   /* a format 12 subtable, or NULL (owned) */
    uint32_t cmap12_len;     /* bytes in cmap12 */
} ttf;

/* What the check found for one glyph. */
enum {
    GLYPH_OK = 0,
    GLYPH_PART_HIGH,         /* a component glyph id above 32767 */
    GLYPH_NESTED,            /* a component that is itself composite */
    GLYPH_BAD_COMPOSITE,     /* numberOfContours negative but not -1 */
    GLYPH_CORRUPT            /* data outside its bounds */
};

static uint16_t be16(const unsigned char *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Reads n bytes at off; -1 when that is past the end of the file. */
static int ttf_read(const ttf *t, uint64_t off, void *buf, size_t n)
{
    if (off > t->size || n > t->size - off) return -1;
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(t->fd, (char *)buf + got, n - got, (off_t)(off + got));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return -1;
        got += (size_t)r;
    }
    return 0;
}

/* Reads n bytes at off into a new buffer (caller frees); NULL when out of bounds. */
static unsigned char *ttf_read_new(const ttf *t, uint64_t off, size_t n)
{
    unsigned char *p = xmalloc(n);
    if (ttf_read(t, off, p, n) < 0) { free(p); return NULL; }
    return p;
}

static void ttf_close(ttf *t)
{
    if (t->fd >= 0) close(t->fd);
    free(t->loca);
    free(t->adv);
    free(t->cmap4);
    free(t->cmap12);
    memset(t, 0, sizeof *t);
    t->fd = -1;
}

/* A table directory entry. */
typedef struct ttf_tab {
    uint32_t off;            /* file offset */
    uint32_t len;            /* length in bytes */
} ttf_tab;

/* Tables libharu 2.3 parses when it loads a font and so requires ('cvt ',
 * 'fpgm', 'prep' and 'post' it copies when present: AR PL UMing has none of
 * the first three). */
static const char *const REQUIRED[] = {
    "OS/2", "cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name"
};

/* Finds `tag` in the directory dir[0..n); its bounds were checked on load. */
static const ttf_tab *ttf_find(const unsigned char *dir, const ttf_tab *tabs, size_t n, const char *tag)
{
    for (size_t i = 0; i < n; i++)
        if (memcmp(dir + 16 * i, tag, 4) == 0) return &tabs[i];
    return NULL;
}

/* Picks and loads the cmap subtables: (3,1) format 4 as libharu does, else
 * (0,3) format 4; a font where libharu would fall back to the Mac byte
 * encoding is refused. Also loads a format 12 subtable for the code points
 * outside the BMP. Returns NULL or the reason it failed. */
static const char *ttf_load_cmap(ttf *t, const ttf_tab *cm)
{
    unsigned char h[4], rec[8], sub[8];
    if (cm->len < 4 || ttf_read(t, cm->off, h, 4) < 0) return msg_tr("table 'cmap' is truncated");
    uint16_t nrec = be16(h + 2);
    if (4 + (uint64_t)nrec * 8 > cm->len) return msg_tr("table 'cmap' is truncated");
    uint32_t ms4 = 0, uni4 = 0, f12 = 0;
    int have_ms4 = 0, have_uni4 = 0, have_mac0 = 0, have_f12 = 0;
    for (uint16_t i = 0; i < nrec; i++) {
        if (ttf_read(t, cm->off + 4 + 8 * (uint64_t)i, rec, 8) < 0) return msg_tr("table 'cmap' is truncated");
        uint16_t plat = be16(rec), enc = be16(rec + 2);
        uint32_t off = be32(rec + 4);
        if (off > cm->len - 2 || ttf_read(t, (uint64_t)cm->off + off, sub, 2) < 0)
            return msg_tr("a 'cmap' subtable lies outside the table");
        uint16_t fmt = be16(sub);
        if (plat == 3 && enc == 1 && fmt == 4 && !have_ms4) { ms4 = off; have_ms4 = 1; }
        if (plat == 1 && enc == 0 && fmt == 0) have_mac0 = 1;
        if (plat == 0 && enc == 3 && fmt == 4 && !have_uni4) { uni4 = off; have_uni4 = 1; }
        if (fmt == 12 && !have_f12 && (plat == 0 || (plat == 3 && enc == 10))) { f12 = off; have_f12 = 1; }
    }
    uint32_t off4;
    if (have_ms4) off4 = ms4;
    else if (have_mac0) return msg_tr("its only cmap libharu would use is the Mac Roman byte encoding");
    else if (have_uni4) off4 = uni4;
    else return msg_tr("it has no Unicode cmap of format 4 (which libharu 2.3 requires)");

    /* Format 4: libharu takes the glyph id array to be what the 16-bit
     * length leaves after the segment arrays; so do we. */
    if (off4 > cm->len - 14 || ttf_read(t, (uint64_t)cm->off + off4, sub, 8) < 0)
        return msg_tr("the format 4 cmap is truncated");
    uint32_t len4 = be16(sub + 2);
    uint16_t seg2 = be16(sub + 6);
    if (seg2 == 0 || (seg2 & 1) || 16 + 4 * (uint32_t)seg2 > len4 || off4 + (uint64_t)len4 > cm->len)
        return msg_tr("the format 4 cmap is malformed");
    t->cmap4 = ttf_read_new(t, (uint64_t)cm->off + off4, len4);
    if (!t->cmap4) return msg_tr("the format 4 cmap is truncated");
    t->cmap4_len = len4;
    uint32_t seg = seg2 / 2u;
    const unsigned char *endc = t->cmap4 + 14, *startc = endc + seg2 + 2,
                        *iro = startc + 2 * seg2;
    if (be16(endc + 2 * (seg - 1)) != 0xFFFF)
        return msg_tr("the format 4 cmap does not end with U+FFFF");
    /* libharu reads glyph_id_array[count] for an index equal to count: refuse
     * a font whose ranges reach it rather than let libharu read past. */
    int64_t count = (int64_t)(len4 - 16 - 4 * (uint32_t)seg2) / 2;
    for (uint32_t i = 0; i < seg; i++) {
        uint16_t e = be16(endc + 2 * i), s = be16(startc + 2 * i), r = be16(iro + 2 * i);
        if (r == 0 || s > e) continue;
        int64_t lo = (int64_t)(r / 2) - (int64_t)(seg - i), hi = lo + (e - s);
        if (lo <= count && count <= hi) return msg_tr("the format 4 cmap points past its glyph array");
    }
    if (have_f12) {
        unsigned char g[16];
        if (f12 > cm->len - 16 || ttf_read(t, (uint64_t)cm->off + f12, g, 16) < 0)
            return msg_tr("the format 12 cmap is truncated");
        uint32_t len12 = be32(g + 4), ng = be32(g + 12);
        if (len12 < 16 || f12 + (uint64_t)len12 > cm->len || 16 + (uint64_t)ng * 12 > len12)
            return msg_tr("the format 12 cmap is malformed");
        t->cmap12 = ttf_read_new(t, (uint64_t)cm->off + f12, 16 + (size_t)ng * 12);
        if (!t->cmap12) return msg_tr("the format 12 cmap is truncated");
        t->cmap12_len = 16 + ng * 12;
    }
    return NULL;
}

/* Opens face `face` of the font at `path`. Fails with EXIT_NOINPUT when the
 * file cannot be read, EXIT_DATAERR naming the defect otherwise. */
static int ttf_open(ttf *t, const char *path, unsigned face, kerr *e)
{
    memset(t, 0, sizeof *t);
    t->fd = -1;
    const char *why = NULL;
    unsigned char h[12], *dir = NULL;
    ttf_tab *tabs = NULL;
    struct stat st;

    t->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (t->fd < 0 || fstat(t->fd, &st) < 0) {
        kerr_set(e, EXIT_NOINPUT, "font '%s': %s", path, msg_strerror(errno));
        goto fail;
    }
    if (!S_ISREG(st.st_mode)) {
        kerr_set(e, EXIT_NOINPUT, "font '%s': not a regular file", path);
        goto fail;
    }
    t->size = (uint64_t)st.st_size;
    if (ttf_read(t, 0, h, 12) < 0) { why = msg_tr("shorter than a font header"); goto bad; }
    uint64_t base = 0;
    if (memcmp(h, "ttcf", 4) == 0) {
        t->is_ttc = 1;
        uint32_t nf = be32(h + 8);
        unsigned char o[4];
        if (nf == 0 || nf > TTF_MAX_FACES) { why = msg_tr("the collection header is malformed"); goto bad; }
        if (face >= nf) {
            kerr_set(e, EXIT_DATAERR, "font '%s': no face %u (the collection has %u)", path, face, nf);
            goto fail;
        }
        if (ttf_read(t, 12 + 4 * (uint64_t)face, o, 4) < 0) { why = msg_tr("the collection header is truncated"); goto bad; }
        base = be32(o);
        if (ttf_read(t, base, h, 12) < 0) { why = msg_tr("the face's offset table lies past the end"); goto bad; }
    } else if (face != 0) {
        kerr_set(e, EXIT_DATAERR, "font '%s': face %u asked of a single-face font", path, face);
        goto fail;
    }
    uint32_t ver = be32(h);
    if (memcmp(h, "OTTO", 4) == 0) { why = msg_tr("it has CFF outlines, which libharu 2.3 cannot embed"); goto bad; }
    if (ver != 0x00010000 && memcmp(h, "true", 4) != 0) { why = msg_tr("not a TrueType font"); goto bad; }
    uint16_t ntab = be16(h + 4);
    if (ntab == 0 || ntab > TTF_MAX_TABLES) { why = msg_tr("the table directory is malformed"); goto bad; }
    dir = ttf_read_new(t, base + 12, 16 * (size_t)ntab);
    if (!dir) { why = msg_tr("the table directory is truncated"); goto bad; }
    tabs = xcalloc(ntab, sizeof *tabs);
    for (uint16_t i = 0; i < ntab; i++) {
        tabs[i].off = be32(dir + 16 * i + 8);
        tabs[i].len = be32(dir + 16 * i + 12);
    }
    for (size_t i = 0; i < sizeof REQUIRED / sizeof REQUIRED[0]; i++) {
        const ttf_tab *tb = ttf_find(dir, tabs, ntab, REQUIRED[i]);
        if (!tb) {
            kerr_set(e, EXIT_DATAERR, "font '%s' face %u: no '%s' table, which libharu 2.3 needs to embed it",
                     path, face, REQUIRED[i]);
            goto fail;
        }
        if ((uint64_t)tb->off + tb->len > t->size) {
            kerr_set(e, EXIT_DATAERR, "font '%s' face %u: corrupt: table '%s' extends past the end of the file",
                     path, face, REQUIRED[i]);
            goto fail;
        }
    }
    const ttf_tab *head = ttf_find(dir, tabs, ntab, "head"), *maxp = ttf_find(dir, tabs, ntab, "maxp"),
                  *hhea = ttf_find(dir, tabs, ntab, "hhea"), *hmtx = ttf_find(dir, tabs, ntab, "hmtx"),
                  *loca = ttf_find(dir, tabs, ntab, "loca"), *glyf = ttf_find(dir, tabs, ntab, "glyf"),
                  *cmap = ttf_find(dir, tabs, ntab, "cmap"), *os2 = ttf_find(dir, tabs, ntab, "OS/2");
    unsigned char b[54];
    if (head->len < 54 || ttf_read(t, head->off, b, 54) < 0) { why = msg_tr("table 'head' is truncated"); goto bad; }
    t->upem = be16(b + 18);
    int16_t locfmt = (int16_t)be16(b + 50);
    if (t->upem < 16 || t->upem > 16384) { why = msg_tr("head.unitsPerEm is out of range"); goto bad; }
    if (locfmt != 0 && locfmt != 1) { why = msg_tr("head.indexToLocFormat is neither 0 nor 1"); goto bad; }
    if (maxp->len < 6 || ttf_read(t, maxp->off, b, 6) < 0) { why = msg_tr("table 'maxp' is truncated"); goto bad; }
    t->num_glyphs = be16(b + 4);
    if (t->num_glyphs == 0) { why = msg_tr("it has no glyphs"); goto bad; }
    if (hhea->len < 36 || ttf_read(t, hhea->off, b, 36) < 0) { why = msg_tr("table 'hhea' is truncated"); goto bad; }
    uint16_t nhm = be16(b + 34);
    /* libharu stores nhm metrics into an array of num_glyphs: more overflow it. */
    if (nhm == 0 || nhm > t->num_glyphs) { why = msg_tr("hhea.numberOfHMetrics is out of range"); goto bad; }
    if (hmtx->len < 4 * (uint32_t)nhm) { why = msg_tr("table 'hmtx' is truncated"); goto bad; }
    if (os2->len < 10 || ttf_read(t, os2->off, b, 10) < 0) { why = msg_tr("table 'OS/2' is truncated"); goto bad; }
    if (be16(b + 8) & (0x0002 | 0x0100 | 0x0200)) {
        kerr_set(e, EXIT_DATAERR, "font '%s' face %u: its licence (OS/2.fsType) forbids embedding", path, face);
        goto fail;
    }
    unsigned char *hm = ttf_read_new(t, hmtx->off, 4 * (size_t)nhm);
    if (!hm) { why = msg_tr("table 'hmtx' is truncated"); goto bad; }
    t->adv = xmalloc(sizeof *t->adv * t->num_glyphs);
    for (uint32_t g = 0; g < t->num_glyphs; g++)
        t->adv[g] = be16(hm + 4 * (g < nhm ? g : nhm - 1u));
    free(hm);

    size_t esz = locfmt ? 4 : 2, nloc = (size_t)t->num_glyphs + 1;
    if (loca->len < esz * nloc) { why = msg_tr("table 'loca' is shorter than maxp.numGlyphs needs"); goto bad; }
    unsigned char *lo = ttf_read_new(t, loca->off, esz * nloc);
    if (!lo) { why = msg_tr("table 'loca' is truncated"); goto bad; }
    t->loca = xmalloc(sizeof *t->loca * nloc);
    for (size_t g = 0; g < nloc; g++)
        t->loca[g] = locfmt ? be32(lo + 4 * g) : 2u * be16(lo + 2 * g);
    free(lo);
    t->glyf_off = glyf->off;
    t->glyf_len = glyf->len;
    for (size_t g = 0; g < nloc; g++) {
        if (t->loca[g] > t->glyf_len || (g > 0 && t->loca[g] < t->loca[g - 1])) {
            kerr_set(e, EXIT_DATAERR, "font '%s' face %u: corrupt: table 'loca' entry %zu points outside 'glyf'",
                     path, face, g);
            goto fail;
        }
    }
    why = ttf_load_cmap(t, cmap);
    if (why) goto bad;
    free(dir);
    free(tabs);
    return 0;
bad:
    kerr_set(e, EXIT_DATAERR, "font '%s' face %u: unusable: %s", path, face, why);
fail:
    free(dir);
    free(tabs);
    ttf_close(t);
    return -1;
}

/* The glyph id libharu's format 4 lookup gives for a BMP code point
 * (HPDF_TTFontDef_GetGlyphid, without its out-of-bounds read). */
static uint16_t ttf_gid4(const ttf *t, uint32_t cp)
{
    uint32_t seg2 = be16(t->cmap4 + 6), seg = seg2 / 2, i;
    const unsigned char *endc = t->cmap4 + 14, *startc = endc + seg2 + 2,
                        *delta = startc + seg2, *iro = delta + seg2, *arr = iro + seg2;
    for (i = 0; i < seg; i++)
        if (cp <= be16(endc + 2 * i)) break;
    if (i == seg || be16(startc + 2 * i) > cp) return 0;
    uint16_t r = be16(iro + 2 * i), d = be16(delta + 2 * i);
    if (r == 0) return (uint16_t)(cp + d);
    int64_t count = (int64_t)(t->cmap4_len - 16 - 4 * seg2) / 2;
    int64_t idx = (int64_t)(r / 2) + (int64_t)(cp - be16(startc + 2 * i)) - (int64_t)(seg - i);
    if (idx < 0 || idx >= count) return 0;
    return (uint16_t)(be16(arr + 2 * idx) + d);
}

/* The glyph id of any code point in the format 12 subtable (0 if none). */
static uint32_t ttf_gid12(const ttf *t, uint32_t cp)
{
    if (!t->cmap12) return 0;
    uint32_t lo = 0, hi = be32(t->cmap12 + 12);
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const unsigned char *g = t->cmap12 + 16 + 12 * (size_t)mid;
        if (cp < be32(g)) hi = mid;
        else if (cp > be32(g + 4)) lo = mid + 1;
        else return be32(g + 8) + (cp - be32(g));
    }
    return 0;
}

/* numberOfContours of glyph g; 0 for an empty glyph, -2 past the bounds
 * (reported as GLYPH_CORRUPT by the caller). */
static int ttf_contours(const ttf *t, uint32_t g, int *ncont)
{
    uint32_t a = t->loca[g], b = t->loca[g + 1];
    unsigned char h[2];
    if (a == b) { *ncont = 0; return 0; }
    if (b - a < 10 || ttf_read(t, (uint64_t)t->glyf_off + a, h, 2) < 0) return -1;
    *ncont = (int16_t)be16(h);
    return 0;
}

/* Classifies glyph g (< num_glyphs) as libharu's subsetter will treat it
 * (CheckCompositGryph): a composite's components are embedded only when
 * their id, read as signed 16 bits, is positive, and only one level deep.
 * *part receives the offending component id. */
static int ttf_glyph_check(const ttf *t, uint16_t g, uint32_t *part)
{
    int nc;
    *part = 0;
    if (ttf_contours(t, g, &nc) < 0) return GLYPH_CORRUPT;
    if (nc >= 0) return GLYPH_OK;
    if (nc != -1) return GLYPH_BAD_COMPOSITE;
    uint64_t p = (uint64_t)t->glyf_off + t->loca[g] + 10, end = (uint64_t)t->glyf_off + t->loca[g + 1];
    for (;;) {    /* each pass consumes at least 6 bytes of a bounded glyph */
        unsigned char c[4];
        if (p + 4 > end || ttf_read(t, p, c, 4) < 0) return GLYPH_CORRUPT;
        uint16_t flags = be16(c), comp = be16(c + 2);
        p += 4 + ((flags & 1) ? 4 : 2);
        if (flags & 8) p += 2;
        else if (flags & 64) p += 4;
        else if (flags & 128) p += 8;
        if (p > end) return GLYPH_CORRUPT;
        *part = comp;
        if (comp >= t->num_glyphs) return GLYPH_CORRUPT;
        if (comp > 32767) return GLYPH_PART_HIGH;
        if (ttf_contours(t, comp, &nc) < 0) return GLYPH_CORRUPT;
        if (nc < 0) return GLYPH_NESTED;
        if (!(flags & 32)) return GLYPH_OK;
    }
}

/* The reason text of a glyph class, for refusals. */
static void glyph_reason(sbuf *b, int why, uint32_t part)
{
    switch (why) {
    case GLYPH_PART_HIGH: sbuf_printf(b, msg_tr("part glyph %u > 32767"), part); break;
    case GLYPH_NESTED: sbuf_printf(b, msg_tr("part glyph %u is itself composite"), part); break;
    case GLYPH_BAD_COMPOSITE: sbuf_adds(b, msg_tr("unsupported composite")); break;
    default: sbuf_adds(b, msg_tr("corrupt glyph data")); break;
    }
}

/* The refusal message: the font, the count, the first characters. */
static void refusal(sbuf *b, const char *path, unsigned face, size_t nbad, size_t ncheck,
                    const uint32_t *cps, const uint8_t *why, const uint32_t *parts, size_t nlist)
{
    sbuf_printf(b, msg_tr("font '%s' face %u: libharu 2.3 would print %zu "), path, face, nbad);
    if (ncheck) sbuf_printf(b, "of %zu ", ncheck);
    sbuf_adds(b, msg_tr("characters blank or broken (their glyphs are built from parts its subsetter drops): "));
    for (size_t i = 0; i < nlist; i++) {
        if (i) sbuf_adds(b, ", ");
        utf8_put(b, cps[i]);
        sbuf_printf(b, " U+%04X (", (unsigned)cps[i]);
        glyph_reason(b, why[i], parts[i]);
        sbuf_addc(b, ')');
    }
    if (nbad > nlist) sbuf_printf(b, msg_tr(" and %zu more"), nbad - nlist);
    sbuf_printf(b, msg_tr("; use AR PL UMing (fonts-arphic-uming, %s)"), PDF_DEFAULT_FONT);
}

int pdf_font_check(const char *path, unsigned face, const uint32_t *cps, size_t n, kerr *e)
{
    ttf t;
    if (ttf_open(&t, path, face, e) < 0) return -1;
    uint32_t bad[MAX_BAD_LISTED], parts[MAX_BAD_LISTED];
    uint8_t why[MAX_BAD_LISTED];
    size_t nbad = 0;
    for (size_t i = 0; i < n; i++) {
        if (cps[i] > 0xFFFF) continue;          /* drawn as boxes, never by libharu */
        uint16_t g = ttf_gid4(&t, cps[i]);
        if (g == 0 || g >= t.num_glyphs) continue;
        uint32_t part;
        int w = ttf_glyph_check(&t, g, &part);
        if (w == GLYPH_OK) continue;
        if (nbad < MAX_BAD_LISTED) { bad[nbad] = cps[i]; why[nbad] = (uint8_t)w; parts[nbad] = part; }
        nbad++;
    }
    ttf_close(&t);
    if (!nbad) return 0;
    sbuf m = {0};
    refusal(&m, path, face, nbad, n, bad, why, parts, nbad < MAX_BAD_LISTED ? nbad : MAX_BAD_LISTED);
    kerr_set(e, EXIT_DATAERR, "%s", m.p);
    sbuf_free(&m);
    return -1;
}

/* ======================================================================
 * The document
 * ====================================================================== */

/* Per-code-point state in the document's cache (BMP only). */
enum { CP_UNKNOWN = 0, CP_OK, CP_MISSING, CP_UNSAFE, CP_UNSAFE_SEEN };

/* A line of wrapped text: bytes [a, b) of the source string. */
typedef struct span {
    size_t a;                /* first byte */
    size_t b;                /* one past the last byte */
    int cont;                /* 1: a word cut here, drawn with PDF_CONT_MARK after it */
} span;

/* A growable array of spans. */
typedef struct spans {
    span *v;                 /* the spans (owned) */
    size_t n;                /* in use */
    size_t cap;              /* allocated */
} spans;

/* One table column, laid out. */
typedef struct tcol {
    double x;                /* left edge, pt from the left */
    double w;                /* width, pt */
    pdf_align align;         /* cell alignment */
    int words;               /* pdf_col.words */
    char *heading;           /* header text (owned) */
} tcol;

struct pdf_doc {
    HPDF_Doc h;              /* the libharu document */
    HPDF_Font font;          /* the CJK font, UTF-8 encoded */
    ttf tt;                  /* our reader of the same font */
    char *font_path;         /* the font file (owned) */
    unsigned face;           /* face index in it */
    int unsafe_ok;           /* KEFU_PDF_UNSAFE_FONT=1: do not refuse */
    kerr err;                /* the first error; err.code 0 while none */
    HPDF_STATUS herr;        /* libharu error code from the handler, or 0 */
    HPDF_STATUS hdetail;     /* its detail number */
    double pw, ph;           /* page size, pt */
    double left, right;      /* text area edges, pt from the left */
    double top, bottom;      /* text area edges, pt from the top */
    double y;                /* flow position, pt from the top of the page */
    HPDF_Page page;          /* the current page */
    HPDF_Page tf_page;       /* the page whose font size was last set ... */
    double tf_size;          /* ... and that size (Tf lasts across BT/ET) */
    HPDF_Page *pages;        /* every page, for the footers (owned array) */
    size_t npages;           /* pages so far */
    size_t cap_pages;        /* allocated in pages */
    char *org, *title, *period; /* running header parts (owned, may be NULL) */
    char *basis;             /* footer basis line (owned, may be NULL) */
    char *watermark;         /* drawn across every page under the content (owned, may be NULL) */
    int english;             /* footer in English */
    int finished;            /* footers written; no more drawing */
    uint8_t *cpstate;        /* CP_* per BMP code point (owned, 65536) */
    uint16_t *cpgid;         /* glyph id per BMP code point once known (owned) */
    uint32_t bad[MAX_BAD_LISTED];   /* first unsafe characters drawn */
    uint8_t bad_why[MAX_BAD_LISTED];/* their GLYPH_* class */
    uint32_t bad_part[MAX_BAD_LISTED]; /* their offending component */
    size_t nbad;             /* distinct unsafe characters drawn, all told */
    pdf_warning *warn;       /* warnings (owned; ctx strings owned) */
    size_t nwarn;            /* stored */
    size_t cap_warn;         /* allocated */
    size_t warn_dropped;     /* past PDF_MAX_WARNINGS */
    int in_table;            /* a table is open */
    tcol cols[PDF_MAX_COLS]; /* its columns */
    size_t ncols;            /* how many */
    sbuf run;                /* scratch: a run of text for libharu */
    double *boxes;           /* scratch: x of the replacement boxes of a line (owned) */
    size_t cap_boxes;        /* allocated in boxes */
    spans cell[PDF_MAX_COLS];/* scratch: wrapped lines of each cell */
    spans hdr[PDF_MAX_COLS]; /* the header row's wrapped lines, per column */
    size_t hdr_nl;           /* header row lines (at most HEADER_MAX_LINES) */
    double hdr_h;            /* header row height, pt */
    double *rule_ys;         /* the table's rows on this page not yet ruled: */
    size_t nrule_ys;         /*   their top, then each bottom, pt (owned) */
    size_t cap_rule_ys;      /* allocated in rule_ys */
    sbuf pend;               /* the row not drawn yet (one-row lookahead): its cells, each NUL-ended */
    size_t pend_off[PDF_MAX_COLS]; /* where each cell starts in pend */
    unsigned pend_flags;     /* its PDF_ROW_* flags */
    sbuf pend_ctx;           /* its context string */
    int has_pend;            /* 1 while a row waits */
    int pend_bm_level;       /* a bookmark for the waiting row: its level, 0 if none */
    sbuf pend_bm;            /* and its text */
    sbuf grp;                /* the open group's header row, cells NUL-ended, (续) added */
    size_t grp_off[PDF_MAX_COLS]; /* where each cell starts in grp */
    int has_grp;             /* 1 while a group is open: repeated after a page break */
    spans gcell[PDF_MAX_COLS]; /* scratch: the repeated group row's lines */
    spans ncell[PDF_MAX_COLS]; /* scratch: the next row's lines, to keep rows together */
    double csize[PDF_MAX_COLS]; /* the type size of each cell of the row being drawn, pt */
    double nsize[PDF_MAX_COLS]; /* and of the next row */
    uint8_t *used;           /* bit per BMP code point drawn through libharu (owned, 8192):
                              * the font subset, hence the ToUnicode map and the CIDSet */
    HPDF_Dict_BeforeWriteFunc font_bw; /* libharu's own before-write of the font, which we wrap */
    HPDF_Outline outl[PDF_MAX_OUTLINE]; /* the last bookmark at each level, NULL if none yet */
    int64_t created;         /* pdf_opts.created (XMP dates) */
};

/* The libharu error handler: records the first error; never jumps. */
static void on_hpdf_error(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
    pdf_doc *d = user;
    if (d && !d->herr) { d->herr = code; d->hdetail = detail; }
}

/* Records the first error; returns -1. */
static int fail(pdf_doc *d, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(pdf_doc *d, int code, const char *fmt, ...)
{
    if (d->err.code) return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->err.msg, sizeof d->err.msg, msg_tr(fmt), ap);
    va_end(ap);
    d->err.code = code;
    return -1;
}

/* Checks a libharu status; on failure records "libharu: WHAT failed: error
 * 0xNNNN (detail N)" and returns -1. */
static int hk(pdf_doc *d, HPDF_STATUS st, const char *what)
{
    if (st == HPDF_OK && !d->herr) return 0;
    return fail(d, EXIT_SOFTWARE, "libharu: %s failed: error 0x%04X (detail %u)", what,
                (unsigned)(st != HPDF_OK ? st : d->herr), (unsigned)d->hdetail);
}

/* 0 when drawing may proceed, -1 after an error or once finished. */
static int ready(pdf_doc *d)
{
    if (d->err.code) return -1;
    if (d->finished) return fail(d, EXIT_SOFTWARE, "pdf: drawing after the document was saved");
    return 0;
}

static const char *ctx_or_empty(const char *ctx) { return ctx ? ctx : ""; }

/* ---- warnings ---- */

static void warn(pdf_doc *d, uint32_t cp, pdf_warn_kind kind, const char *ctx)
{
    ctx = ctx_or_empty(ctx);
    size_t from = d->nwarn > 64 ? d->nwarn - 64 : 0;   /* recent repeats only: linear, bounded */
    for (size_t i = from; i < d->nwarn; i++)
        if (d->warn[i].cp == cp && d->warn[i].kind == kind && strcmp(d->warn[i].ctx, ctx) == 0) return;
    if (d->nwarn >= PDF_MAX_WARNINGS) { d->warn_dropped++; return; }
    if (d->nwarn == d->cap_warn) {
        d->cap_warn = d->cap_warn ? 2 * d->cap_warn : 16;
        d->warn = xrealloc(d->warn, d->cap_warn * sizeof *d->warn);
    }
    d->warn[d->nwarn].cp = cp;
    d->warn[d->nwarn].kind = kind;
    d->warn[d->nwarn].ctx = xstrdup(ctx);
    d->nwarn++;
}

size_t pdf_warning_count(const pdf_doc *d) { return d ? d->nwarn : 0; }
size_t pdf_warnings_dropped(const pdf_doc *d) { return d ? d->warn_dropped : 0; }
const pdf_warning *pdf_warning_get(const pdf_doc *d, size_t i)
{
    return d && i < d->nwarn ? &d->warn[i] : NULL;
}

void pdf_warning_format(const pdf_warning *w, sbuf *out)
{
    if (w->ctx[0]) sbuf_printf(out, "%s: ", w->ctx);
    if (w->kind == PDF_WARN_BAD_UTF8) {
        sbuf_printf(out, msg_tr("invalid UTF-8 byte 0x%02X, drawn as a box"), (unsigned)w->cp);
        return;
    }
    sbuf_printf(out, "U+%04X", (unsigned)w->cp);
    if (w->kind != PDF_WARN_CONTROL) {
        sbuf_adds(out, " '");
        utf8_put(out, w->cp);
        sbuf_addc(out, '\'');
    }
    switch (w->kind) {
    case PDF_WARN_NO_GLYPH: sbuf_adds(out, msg_tr(" is not in the font")); break;
    case PDF_WARN_NON_BMP: sbuf_adds(out, msg_tr(" is outside the BMP, which libharu 2.3 cannot encode")); break;
    default: sbuf_adds(out, msg_tr(" is a control character")); break;
    }
    sbuf_adds(out, msg_tr(", drawn as a box"));
}

/* ---- characters ---- */

/* How a code point is drawn. */
enum { CH_GLYPH, CH_BOX, CH_SPACE };

/* Classifies `cp` (or an invalid byte) for drawing and returns CH_*; *w is
 * its advance in 1/1000 em, as libharu puts it in /W. With `drawn` set,
 * records warnings and unsafe glyphs (against `ctx`). */
static int classify(pdf_doc *d, uint32_t cp, int drawn, const char *ctx, int *w)
{
    int mark = (int)(MARK_EM * 1000);
    if (cp & BAD_BYTE) {
        if (drawn) warn(d, cp & 0xFF, PDF_WARN_BAD_UTF8, ctx);
        *w = mark;
        return CH_BOX;
    }
    if (cp == '\t') cp = ' ';
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
        if (drawn) warn(d, cp, PDF_WARN_CONTROL, ctx);
        *w = mark;
        return CH_BOX;
    }
    if (cp > 0xFFFF) {
        if (drawn) {
            uint32_t g = ttf_gid12(&d->tt, cp);
            warn(d, cp, g && g < d->tt.num_glyphs ? PDF_WARN_NON_BMP : PDF_WARN_NO_GLYPH, ctx);
        }
        *w = mark;
        return CH_BOX;
    }
    uint8_t *st = &d->cpstate[cp];
    if (*st == CP_UNKNOWN) {
        uint16_t g = ttf_gid4(&d->tt, cp);
        uint32_t part;
        d->cpgid[cp] = g;
        if (g == 0 || g >= d->tt.num_glyphs) *st = CP_MISSING;
        else *st = ttf_glyph_check(&d->tt, g, &part) == GLYPH_OK ? CP_OK : CP_UNSAFE;
    }
    if (*st == CP_MISSING) {
        if (drawn) warn(d, cp, PDF_WARN_NO_GLYPH, ctx);
        *w = mark;
        return CH_BOX;
    }
    if (*st == CP_UNSAFE && drawn) {
        uint32_t part;
        int why = ttf_glyph_check(&d->tt, d->cpgid[cp], &part);
        if (d->nbad < MAX_BAD_LISTED) {
            d->bad[d->nbad] = cp;
            d->bad_why[d->nbad] = (uint8_t)why;
            d->bad_part[d->nbad] = part;
        }
        d->nbad++;
        *st = CP_UNSAFE_SEEN;
    }
    *w = (int)((unsigned)d->tt.adv[d->cpgid[cp]] * 1000u / d->tt.upem);
    return cp == ' ' ? CH_SPACE : CH_GLYPH;
}

/* Width of bytes [a, b) of s at `size`, pt. */
static double width_of(pdf_doc *d, const char *s, size_t a, size_t b, double size)
{
    long total = 0;
    size_t i = a;
    while (i < b) {
        int w;
        classify(d, utf8_next(s, b, &i), 0, NULL, &w);
        total += w;
    }
    return (double)total * size / 1000.0;
}

/* ---- drawing primitives ---- */

static double hy(const pdf_doc *d, double y_top) { return d->ph - y_top; }

/* Shows one run of text at (x, y) (pt, libharu's bottom-up y) inside the
 * current text object. `hex` holds the run's UTF-16 code units as
 * upper-case hex, `wsum` its width in 1/1000 em.
 *
 * This writes what HPDF_Page_TextOut writes ("x y Td", then "<hex> Tj"),
 * byte for byte, without libharu's path to it: HPDF_Page_ShowText looks
 * each character's glyph up by a linear search of the font's cmap segments
 * just to advance its text position, which was half the report's CPU. The
 * position move still goes through libharu, computed from its text matrix
 * in its own float arithmetic (TextPos_AbsToRel), so its state stays
 * right; the glyphs the run uses were already marked for the subset when
 * each was first drawn (mark_used). libharu skips the Tj of a run of no
 * width, and so does this. */
static int show_run(pdf_doc *d, HPDF_Page pg, double x, double y, const sbuf *hex, long wsum)
{
    HPDF_TransMatrix m = HPDF_Page_GetTextMatrix(pg);
    HPDF_REAL xa = (HPDF_REAL)x, ya = (HPDF_REAL)y, rx, ry;
    if (m.a == 0) {
        rx = (ya - m.y - (xa - m.x) * m.d / m.c) / m.b;
        ry = (xa - m.x) / m.c;
    } else {
        HPDF_REAL t = (ya - m.y - (xa - m.x) * m.b / m.a) / (m.d - m.c * m.b / m.a);
        rx = (xa - m.x - t * m.c) / m.a;
        ry = t;
    }
    if (hk(d, HPDF_Page_MoveTextPos(pg, rx, ry), "MoveTextPos") < 0) return -1;
    if (!wsum) return 0;
    HPDF_Stream out = ((HPDF_PageAttr)pg->attr)->stream;
    HPDF_STATUS st = HPDF_Stream_WriteStr(out, "<");
    if (st == HPDF_OK) st = HPDF_Stream_Write(out, (const HPDF_BYTE *)hex->p, (HPDF_UINT)hex->len);
    if (st == HPDF_OK) st = HPDF_Stream_WriteStr(out, "> Tj\012");
    return hk(d, st, "ShowText");
}

/* Marks code point u as drawn: the first time, libharu is asked its width,
 * which is what flags its glyph (and a composite's parts) for the subset. */
static void mark_used(pdf_doc *d, uint32_t u)
{
    uint8_t bit = (uint8_t)(1u << (u & 7));
    if (d->used[u >> 3] & bit) return;
    d->used[u >> 3] |= bit;
    (void)HPDF_Font_GetUnicodeWidth(d->font, (HPDF_UNICODE)(u > 0xFFFF ? 0x20 : u));
}

/* Draws bytes [a, b) of s with its baseline at (x, y) (pt, y from the top):
 * runs of printable characters through libharu, replacement boxes with
 * lines afterwards. `bold` strokes the outlines too. */
static int draw_text(pdf_doc *d, double x, double y, double size, const char *s, size_t a, size_t b,
                     int bold, const char *ctx)
{
    if (ready(d) < 0) return -1;
    if (a >= b) return 0;
    HPDF_Page pg = d->page;
    size_t nbox = 0;
    if (hk(d, HPDF_Page_BeginText(pg), "BeginText") < 0) return -1;
    if (pg != d->tf_page || size != d->tf_size) {
        if (hk(d, HPDF_Page_SetFontAndSize(pg, d->font, (HPDF_REAL)size), "SetFontAndSize") < 0) return -1;
        d->tf_page = pg;
        d->tf_size = size;
    }
    if (bold) {
        if (hk(d, HPDF_Page_SetTextRenderingMode(pg, HPDF_FILL_THEN_STROKE), "SetTextRenderingMode") < 0 ||
            hk(d, HPDF_Page_SetLineWidth(pg, (HPDF_REAL)(size * 0.035)), "SetLineWidth") < 0)
            return -1;
    }
    size_t i = a;
    double cx = x, run_x = x;
    long run_w = 0;
    sbuf_reset(&d->run);
    while (i <= b) {
        size_t at = i;
        uint32_t cp = 0;
        int kind = CH_BOX, w = 0;
        if (i < b) {
            cp = utf8_next(s, b, &i);
            kind = classify(d, cp, 1, ctx, &w);
        } else {
            i++;                     /* the end flushes the last run */
        }
        if (kind != CH_BOX) {
            uint32_t u = cp == '\t' ? ' ' : cp;
            static const char hexd[] = "0123456789ABCDEF";
            char h[4];
            mark_used(d, u);
            if (u > 0xFFFF) u = 0x20;            /* as libharu's UTF-8 encoder */
            if (!d->run.len) { run_x = cx; run_w = 0; }
            h[0] = hexd[u >> 12]; h[1] = hexd[(u >> 8) & 15]; h[2] = hexd[(u >> 4) & 15]; h[3] = hexd[u & 15];
            sbuf_add(&d->run, h, 4);
            run_w += w;
        } else {
            if (d->run.len) {
                if (show_run(d, pg, run_x, hy(d, y), &d->run, run_w) < 0) return -1;
                sbuf_reset(&d->run);
            }
            if (at < b) {
                if (nbox == d->cap_boxes) {
                    d->cap_boxes = d->cap_boxes ? 2 * d->cap_boxes : 32;
                    d->boxes = xrealloc(d->boxes, d->cap_boxes * sizeof *d->boxes);
                }
                d->boxes[nbox++] = cx;
            }
        }
        cx += (double)w * size / 1000.0;
    }
    if (bold && hk(d, HPDF_Page_SetTextRenderingMode(pg, HPDF_FILL), "SetTextRenderingMode") < 0) return -1;
    if (hk(d, HPDF_Page_EndText(pg), "EndText") < 0) return -1;
    if (nbox) {
        if (hk(d, HPDF_Page_SetLineWidth(pg, (HPDF_REAL)(size * 0.06)), "SetLineWidth") < 0) return -1;
        for (size_t k = 0; k < nbox; k++) {
            double bx = d->boxes[k] + size * 0.12, bw = size * 0.66;
            double by = hy(d, y) - size * 0.08, bh = size * 0.80;
            if (hk(d, HPDF_Page_Rectangle(pg, (HPDF_REAL)bx, (HPDF_REAL)by, (HPDF_REAL)bw, (HPDF_REAL)bh),
                   "Rectangle") < 0 ||
                hk(d, HPDF_Page_MoveTo(pg, (HPDF_REAL)bx, (HPDF_REAL)by), "MoveTo") < 0 ||
                hk(d, HPDF_Page_LineTo(pg, (HPDF_REAL)(bx + bw), (HPDF_REAL)(by + bh)), "LineTo") < 0)
                return -1;
        }
        if (hk(d, HPDF_Page_Stroke(pg), "Stroke") < 0) return -1;
    }
    return 0;
}

/* Draws a line from (x1,y1) to (x2,y2), pt from the top-left. */
static int rule(pdf_doc *d, double x1, double y1, double x2, double y2, double width, double gray)
{
    HPDF_Page pg = d->page;
    if (hk(d, HPDF_Page_SetLineWidth(pg, (HPDF_REAL)width), "SetLineWidth") < 0 ||
        hk(d, HPDF_Page_SetGrayStroke(pg, (HPDF_REAL)gray), "SetGrayStroke") < 0 ||
        hk(d, HPDF_Page_MoveTo(pg, (HPDF_REAL)x1, (HPDF_REAL)hy(d, y1)), "MoveTo") < 0 ||
        hk(d, HPDF_Page_LineTo(pg, (HPDF_REAL)x2, (HPDF_REAL)hy(d, y2)), "LineTo") < 0 ||
        hk(d, HPDF_Page_Stroke(pg), "Stroke") < 0 ||
        hk(d, HPDF_Page_SetGrayStroke(pg, 0), "SetGrayStroke") < 0)
        return -1;
    return 0;
}

/* Fills a rectangle with top-left (x, y), pt from the top-left. */
static int fill_rect(pdf_doc *d, double x, double y, double w, double h, double r, double g, double b)
{
    HPDF_Page pg = d->page;
    if (hk(d, HPDF_Page_SetRGBFill(pg, (HPDF_REAL)r, (HPDF_REAL)g, (HPDF_REAL)b), "SetRGBFill") < 0 ||
        hk(d, HPDF_Page_Rectangle(pg, (HPDF_REAL)x, (HPDF_REAL)hy(d, y + h), (HPDF_REAL)w, (HPDF_REAL)h),
           "Rectangle") < 0 ||
        hk(d, HPDF_Page_Fill(pg), "Fill") < 0 ||
        hk(d, HPDF_Page_SetGrayFill(pg, 0), "SetGrayFill") < 0)
        return -1;
    return 0;
}

/* The longest prefix of s[0..n) that fits `maxw` at `size`, with "…" added
 * when cut; returns its byte length and sets *ellipsis. */
static size_t fit_prefix(pdf_doc *d, const char *s, size_t n, double size, double maxw, int *ellipsis)
{
    *ellipsis = 0;
    if (width_of(d, s, 0, n, size) <= maxw) return n;
    double ell = width_of(d, "\xE2\x80\xA6", 0, 3, size), w = 0;
    size_t i = 0, last = 0;
    while (i < n) {
        int cw;
        size_t at = i;
        classify(d, utf8_next(s, n, &i), 0, NULL, &cw);
        w += cw * size / 1000.0;
        if (w + ell > maxw) { last = at; break; }
        last = i;
    }
    *ellipsis = 1;
    return last;
}

/* Draws s clipped to `maxw` with "…" when cut, aligned within [x, x+maxw]. */
static int draw_fit(pdf_doc *d, double x, double y, double size, double maxw, pdf_align al,
                    const char *s, int bold, const char *ctx)
{
    if (!s || !*s) return 0;
    int ell;
    size_t n = fit_prefix(d, s, strlen(s), size, maxw, &ell);
    sbuf t = {0};
    sbuf_add(&t, s, n);
    if (ell) sbuf_adds(&t, "\xE2\x80\xA6");
    double w = width_of(d, t.p, 0, t.len, size);
    double off = al == PDF_RIGHT ? maxw - w : al == PDF_CENTER ? (maxw - w) / 2 : 0;
    int r = draw_text(d, x + off, y, size, t.p, 0, t.len, bold, ctx);
    sbuf_free(&t);
    return r;
}

/* ---- line breaking ---- */

static int is_wide(uint32_t c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || c >= 0x20000 || (c & BAD_BYTE);
}

/* Characters a line may not start with (closing punctuation, 禁则). */
static int no_break_before(uint32_t c)
{
    static const uint32_t set[] = {
        0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF09, 0x3011, 0x300B, 0x300D,
        0x300F, 0x3015, 0x3009, 0x201D, 0x2019, 0x2026, 0xFF05, 0xFF0E, 0x00B7, 0x30FC,
        ',', '.', ';', ':', '?', '!', ')', ']', '}', '%'
    };
    for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
        if (set[i] == c) return 1;
    return 0;
}

/* Characters a line may not end with (opening punctuation). */
static int no_break_after(uint32_t c)
{
    static const uint32_t set[] = {
        0xFF08, 0x3010, 0x300A, 0x300C, 0x300E, 0x3014, 0x3008, 0x201C, 0x2018, '(', '[', '{'
    };
    for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
        if (set[i] == c) return 1;
    return 0;
}

static void spans_push(spans *v, size_t a, size_t b)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? 2 * v->cap : 8;
        v->v = xrealloc(v->v, v->cap * sizeof *v->v);
    }
    v->v[v->n].a = a;
    v->v[v->n].b = b;
    v->v[v->n].cont = 0;
    v->n++;
}

/* Pushes [a, b) without trailing spaces. */
static void push_trim(spans *v, const char *s, size_t a, size_t b)
{
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) b--;
    spans_push(v, a, b);
}

/* Pushes [a, b) without trailing spaces; `cont` marks a cut word. */
static void push_cut(spans *v, const char *s, size_t a, size_t b, int cont)
{
    push_trim(v, s, a, b);
    v->v[v->n - 1].cont = cont;
}

/* A place a line may end: the line ends before `end`, the next starts at
 * `next`, and `w` is the width from the line's start to `next`. */
typedef struct brkpt {
    size_t end, next;
    double w;
    int ok;                  /* 1 while the place lies inside the current line */
} brkpt;

/* Breaks s[0..n) into lines no wider than maxw at `size`: at '\n'; else at
 * the last space that fits, or (not `words`, or no space on the line) the
 * last CJK boundary that fits (禁则 respected). A run without either — an
 * identifier, a date, an amount, an English word — is never split, unless
 * it alone is wider than a whole line: then it is cut where it must be and
 * the line ends with the continuation mark (PDF_CONT_MARK, counted in the
 * width). `words` (table cells) keeps a citation such as "第二篇
 * 仪容仪表规范 第六条" whole between its spaces. One linear pass, but for
 * the rescan of a cut run; always at least one line. */
static void wrap(pdf_doc *d, const char *s, size_t n, double size, double maxw, int words, spans *out)
{
    size_t i = 0, ls = 0;
    double w = 0;
    brkpt sp = {0}, cj = {0};
    uint32_t prev = 0;
    int have_prev = 0, mw_i;
    classify(d, PDF_CONT_CP, 0, NULL, &mw_i);
    double markw = mw_i * size / 1000.0;
    out->n = 0;
    while (i < n) {
        size_t at = i;
        uint32_t cp = utf8_next(s, n, &i);
        if (cp == '\n' || cp == '\r') {
            if (cp == '\r' && i < n && s[i] == '\n') i++;
            push_trim(out, s, ls, at);
            ls = i; w = 0; sp.ok = cj.ok = 0; have_prev = 0;
            continue;
        }
        int cw;
        classify(d, cp, 0, NULL, &cw);
        double cwp = cw * size / 1000.0;
        if (cp == ' ' || cp == '\t') {
            if (at == ls) { ls = i; continue; }          /* no leading spaces */
            if (!have_prev || prev != ' ') sp.end = at;
            w += cwp;
            sp.next = i; sp.w = w; sp.ok = 1;
            prev = ' '; have_prev = 1;
            continue;
        }
        if (have_prev && prev != ' ' && (is_wide(prev) || is_wide(cp)) &&
            !no_break_before(cp) && !no_break_after(prev)) {
            cj.end = at; cj.next = at; cj.w = w; cj.ok = 1;
        }
        while (w + cwp > maxw + 1e-9 && at > ls) {
            brkpt *b = NULL;
            if (words) b = sp.ok ? &sp : cj.ok ? &cj : NULL;
            else if (sp.ok || cj.ok) b = !cj.ok ? &sp : !sp.ok ? &cj : cj.next > sp.next ? &cj : &sp;
            if (b) {
                brkpt *o = b == &sp ? &cj : &sp;
                push_trim(out, s, ls, b->end);
                ls = b->next; w -= b->w;
                if (o->ok && o->next > ls) o->w -= b->w;
                else o->ok = 0;
                b->ok = 0;
                continue;
            }
            /* one unbreakable run wider than the line: cut it, marked */
            size_t k = ls, cut = ls;
            double cwid = 0;
            while (k < at) {
                size_t kk = k;
                int w2;
                classify(d, utf8_next(s, at, &kk), 0, NULL, &w2);
                if (k > ls && cwid + w2 * size / 1000.0 + markw > maxw + 1e-9) break;
                cwid += w2 * size / 1000.0;
                k = kk;
                cut = k;
            }
            push_cut(out, s, ls, cut, 1);
            w -= cwid;
            ls = cut;
            sp.ok = cj.ok = 0;
        }
        w += cwp;
        prev = cp; have_prev = 1;
    }
    if (ls < n || out->n == 0) push_trim(out, s, ls, n);
}

/* ---- pages ---- */

static int draw_header(pdf_doc *d)
{
    double y = MM(HEADER_BASE), wid = d->right - d->left;
    if (draw_fit(d, d->left, y, SIZE_FURNITURE, wid * 0.32, PDF_LEFT, d->org, 0, "header") < 0 ||
        draw_fit(d, d->left + wid * 0.33, y, SIZE_FURNITURE, wid * 0.40, PDF_CENTER, d->title, 0, "header") < 0 ||
        draw_fit(d, d->left + wid * 0.74, y, SIZE_FURNITURE, wid * 0.26, PDF_RIGHT, d->period, 0, "header") < 0)
        return -1;
    return rule(d, d->left, MM(HEADER_RULE), d->right, MM(HEADER_RULE), 0.6, 0);
}

static void clear_err(pdf_doc *d);

/* The write hook of a page stream deflated by seal_page(). */
static HPDF_STATUS write_flate_key(HPDF_Dict obj, HPDF_Stream out)
{
    (void)obj;
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

/* The same for a footer stream: the key as libharu writes it for the
 * streams it deflates at the save, which is what the footers were until
 * they were sealed as they are drawn (the same bytes as before). */
static HPDF_STATUS write_flate_key_array(HPDF_Dict obj, HPDF_Stream out)
{
    (void)obj;
    return HPDF_Stream_WriteStr(out, "/Filter [ /FlateDecode ]\012");
}

/* Deflates a finished page's content stream (the page's last one, the
 * footer's too) now and marks it /Filter /FlateDecode, so that libharu
 * does not hold every page uncompressed until the save (what made the
 * 100,000-finding report's peak 2.6 times the bare program's). The page's
 * footer is drawn later into a second content stream (draw_footers), and
 * sealed as soon as it is drawn. */
static int seal_page(pdf_doc *d, HPDF_Page pg, HPDF_Dict_OnWriteFunc key)
{
    HPDF_PageAttr pa = (HPDF_PageAttr)pg->attr;
    HPDF_Dict c = pa->contents;
    if (!c || !(c->filter & HPDF_STREAM_FILTER_FLATE_DECODE) || c->write_fn) return 0;
    HPDF_Stream z = HPDF_MemStream_New(d->h->mmgr, HPDF_STREAM_BUF_SIZ);
    if (!z) return hk(d, HPDF_FAILD_TO_ALLOC_MEM, "MemStream_New");
    HPDF_STATUS st = HPDF_Stream_WriteToStream(c->stream, z, HPDF_STREAM_FILTER_FLATE_DECODE, NULL);
    if (st == HPDF_OK || st == HPDF_STREAM_EOF) {
        clear_err(d);
        HPDF_MemStream_FreeData(c->stream);
        /* one block of exactly the deflated size: in libharu's default
         * 4 KiB blocks a 2 KB page (or a 200-byte footer) would keep
         * 4 KiB, which is what grew with the number of pages */
        HPDF_MemStreamAttr ma = (HPDF_MemStreamAttr)c->stream->attr;
        ma->buf_siz = z->size ? z->size : 1;
        ma->w_pos = ma->buf_siz;
        st = HPDF_Stream_WriteToStream(z, c->stream, HPDF_STREAM_FILTER_NONE, NULL);
    }
    HPDF_Stream_Free(z);
    if (st != HPDF_OK && st != HPDF_STREAM_EOF) return hk(d, st, "deflate a page");
    clear_err(d);
    /* libharu drops a /Filter entry of a stream it does not filter itself,
     * and writes the data as it is: the key is written by the dict's
     * write hook instead, which libharu calls after the entries */
    c->filter = HPDF_STREAM_FILTER_NONE;
    c->write_fn = key;
    return 0;
}

/* Draws the watermark ("草稿") large, light grey and at 45 degrees across
 * the middle of the current page, before any content, so that the content
 * is drawn over it (PDF/A-1 allows no transparency). */
static int draw_watermark(pdf_doc *d)
{
    const double size = WATERMARK_SIZE, c = 0.70710678, sn = 0.70710678;   /* cos, sin 45° */
    HPDF_Page pg = d->page;
    double w = width_of(d, d->watermark, 0, strlen(d->watermark), size);
    if (w > d->pw * 1.2) w = d->pw * 1.2;
    if (hk(d, HPDF_Page_GSave(pg), "GSave") < 0 || hk(d, HPDF_Page_SetGrayFill(pg, WATERMARK_GRAY), "SetGrayFill") < 0 ||
        hk(d, HPDF_Page_Concat(pg, (HPDF_REAL)c, (HPDF_REAL)sn, (HPDF_REAL)-sn, (HPDF_REAL)c, (HPDF_REAL)(d->pw / 2),
                               (HPDF_REAL)(d->ph / 2)), "Concat") < 0)
        return -1;
    /* in the rotated frame the origin is the page centre; draw_text takes
     * y from the top (hy), so y = ph + a third of the size centres it */
    int r = draw_text(d, -w / 2, d->ph + size * 0.35, size, d->watermark, 0, strlen(d->watermark), 0, "watermark");
    d->tf_page = NULL;       /* the font size set inside is gone with GRestore */
    if (hk(d, HPDF_Page_GRestore(pg), "GRestore") < 0) return -1;
    return r;
}

/* Adds a page with its running header and puts the flow at its top. */
static int add_page(pdf_doc *d)
{
    if (ready(d) < 0) return -1;
    if (d->npages && seal_page(d, d->page, write_flate_key) < 0) return -1;
    HPDF_Page pg = HPDF_AddPage(d->h);
    if (!pg) return hk(d, HPDF_FAILD_TO_ALLOC_MEM, "AddPage");
    if (hk(d, HPDF_Page_SetWidth(pg, (HPDF_REAL)d->pw), "SetWidth") < 0 ||
        hk(d, HPDF_Page_SetHeight(pg, (HPDF_REAL)d->ph), "SetHeight") < 0)
        return -1;
    if (d->npages == d->cap_pages) {
        d->cap_pages = d->cap_pages ? 2 * d->cap_pages : 16;
        d->pages = xrealloc(d->pages, d->cap_pages * sizeof *d->pages);
    }
    d->pages[d->npages++] = pg;
    d->page = pg;
    d->y = d->top;
    if (d->watermark && draw_watermark(d) < 0) return -1;
    return draw_header(d);
}

/* Makes room for `h` pt of flow: a new page when it does not fit (and the
 * page is not empty already). */
static int need(pdf_doc *d, double h)
{
    if (ready(d) < 0) return -1;
    if (d->y + h <= d->bottom + 1e-6 || d->y <= d->top + 1e-6) return 0;
    return add_page(d);
}

/* Writes "第 X 页 / 共 Y 页" (or "Page X of Y") on every page. */
static int draw_footers(pdf_doc *d)
{
    char buf[96];
    if (d->npages && seal_page(d, d->pages[d->npages - 1], write_flate_key) < 0) return -1;
    for (size_t i = 0; i < d->npages; i++) {
        d->page = d->pages[i];
        HPDF_Dict foot = NULL;
        if (hk(d, HPDF_Page_New_Content_Stream(d->page, &foot), "New_Content_Stream") < 0) return -1;
        foot->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
        if (d->english) snprintf(buf, sizeof buf, "Page %zu of %zu", i + 1, d->npages);
        else snprintf(buf, sizeof buf, "第 %zu 页 / 共 %zu 页", i + 1, d->npages);
        double y = d->ph - MM(FOOTER_BASE);
        if (rule(d, d->left, d->ph - MM(FOOTER_RULE), d->right, d->ph - MM(FOOTER_RULE), 0.4, 0) < 0 ||
            draw_fit(d, d->left, y, SIZE_FURNITURE, d->right - d->left, PDF_CENTER, buf, 0, "footer") < 0)
            return -1;
        if (d->basis) {
            /* the basis is never cut: a line too long for the width is set smaller */
            double w = d->right - d->left, size = SIZE_BASIS;
            double tw = width_of(d, d->basis, 0, strlen(d->basis), size);
            if (tw > w) size *= w / tw * 0.999;
            if (draw_fit(d, d->left, d->ph - MM(BASIS_BASE), size, w, PDF_CENTER, d->basis, 0, "footer") < 0)
                return -1;
        }
        if (seal_page(d, d->page, write_flate_key_array) < 0) return -1;
    }
    return 0;
}

/* ======================================================================
 * The archival parts (PDF/A-1b): bookmarks, ToUnicode, CIDSet, XMP,
 * OutputIntent, file /ID. libharu 2.3 stays the writer; its exported object
 * API (hpdf_objects.h) lets us put our own objects in its tree.
 * ====================================================================== */

/* The embedded ICC profile (Makefile ICC_PROFILE: icc-profiles-free's
 * sRGB.icc, ICC v2 as PDF 1.4 needs, zlib licence) and its description. */
#define ICC_EMBED_NAME "srgb.icc"
#define ICC_CONDITION  "sRGB IEC61966-2.1"
/* The placeholder /ID written by libharu, replaced by a hash of the file. */
#define ID_LEN 16

/* Appends s to b as text for a PDF string or XMP value: invalid UTF-8,
 * control characters and (with `bmp_only`) characters outside the BMP
 * become U+FFFD, so that the same string is valid in both places. */
static void clean_text(sbuf *b, const char *s, int bmp_only)
{
    size_t n = strlen(s), i = 0;
    while (i < n) {
        size_t at = i;
        uint32_t cp = utf8_next(s, n, &i);
        if ((cp & BAD_BYTE) || cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || (bmp_only && cp > 0xFFFF))
            utf8_put(b, 0xFFFD);
        else
            sbuf_add(b, s + at, i - at);
    }
    if (!b->p) sbuf_adds(b, "");
}

/* Forgets an error libharu raised for a lookup that found nothing (its
 * error state is sticky and would make the next write a no-op). */
static void clear_err(pdf_doc *d)
{
    d->herr = 0;
    HPDF_ResetError(d->h);
}

/* Appends s to b escaped for XML character data and attribute values. */
static void xml_escape(sbuf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': sbuf_adds(b, "&amp;"); break;
        case '<': sbuf_adds(b, "&lt;"); break;
        case '>': sbuf_adds(b, "&gt;"); break;
        case '"': sbuf_adds(b, "&quot;"); break;
        case '\'': sbuf_adds(b, "&apos;"); break;
        default: sbuf_addc(b, *s);
        }
    }
}

/* Creates the bookmark at the flow position now. */
static int make_bookmark(pdf_doc *d, int level, const char *text)
{
    HPDF_Outline parent = NULL;
    for (int l = level - 1; l >= 1 && !parent; l--) parent = d->outl[l - 1];
    sbuf t = {0};
    clean_text(&t, text ? text : "", 1);
    HPDF_Encoder enc = HPDF_GetEncoder(d->h, "UTF-8");
    HPDF_Outline o = enc ? HPDF_CreateOutline(d->h, parent, t.p, enc) : NULL;
    sbuf_free(&t);
    if (!o) return hk(d, d->herr ? d->herr : HPDF_FAILD_TO_ALLOC_MEM, "CreateOutline");
    HPDF_Destination dst = HPDF_Page_CreateDestination(d->page);
    if (!dst) return hk(d, d->herr ? d->herr : HPDF_FAILD_TO_ALLOC_MEM, "CreateDestination");
    if (hk(d, HPDF_Destination_SetFitH(dst, (HPDF_REAL)hy(d, d->y)), "Destination_SetFitH") < 0 ||
        hk(d, HPDF_Outline_SetDestination(o, dst), "Outline_SetDestination") < 0 ||
        hk(d, HPDF_Outline_SetOpened(o, level < 3 ? HPDF_TRUE : HPDF_FALSE), "Outline_SetOpened") < 0)
        return -1;
    d->outl[level - 1] = o;
    for (int l = level; l < PDF_MAX_OUTLINE; l++) d->outl[l] = NULL;
    return 0;
}

int pdf_bookmark(pdf_doc *d, int level, const char *text)
{
    if (ready(d) < 0) return -1;
    if (level < 1 || level > PDF_MAX_OUTLINE)
        return fail(d, EXIT_SOFTWARE, "pdf: bookmark level %d is not 1..%d", level, PDF_MAX_OUTLINE);
    if (!d->has_pend) return make_bookmark(d, level, text);
    /* a table row waits: the bookmark opens where that row is drawn */
    if (d->pend_bm_level && make_bookmark(d, d->pend_bm_level, d->pend_bm.p) < 0) return -1;
    d->pend_bm_level = level;
    sbuf_reset(&d->pend_bm);
    sbuf_adds(&d->pend_bm, text ? text : "");
    return 0;
}

/* Replaces the body of libharu's ToUnicode stream (a copy of its encoding
 * CMap, which readers reject) with a CMap of the characters drawn: the
 * content's 2-byte codes are the BMP code points themselves (Identity-H
 * over a CIDToGIDMap), so each code maps to itself; runs within one high
 * byte become bfrange lines, single codes bfchar lines, at most 100 a block. */
static int write_tounicode(pdf_doc *d)
{
    HPDF_FontAttr fa = (HPDF_FontAttr)d->font->attr;
    HPDF_Dict cm = fa ? fa->cmap_stream : NULL;
    if (!cm || !cm->stream) return fail(d, EXIT_SOFTWARE, "libharu: the font has no ToUnicode stream to replace");
    sbuf ranges = {0}, chars = {0};
    size_t nr = 0, nc = 0;
    sbuf out = {0};
    sbuf_adds(&out, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    for (uint32_t c = 0; c < 0x10000;) {
        if (!(d->used[c >> 3] & (1u << (c & 7)))) { c++; continue; }
        uint32_t e = c;
        while (e + 1 < 0x10000 && ((e + 1) & 0xFF) != 0 && (d->used[(e + 1) >> 3] & (1u << ((e + 1) & 7)))) e++;
        if (e > c) {
            if (nr % 100 == 0) {
                if (nr) sbuf_adds(&ranges, "endbfrange\n");
                sbuf_printf(&ranges, "%s beginbfrange\n", "@");   /* count patched below */
            }
            sbuf_printf(&ranges, "<%04X> <%04X> <%04X>\n", (unsigned)c, (unsigned)e, (unsigned)c);
            nr++;
        } else {
            if (nc % 100 == 0) {
                if (nc) sbuf_adds(&chars, "endbfchar\n");
                sbuf_printf(&chars, "%s beginbfchar\n", "@");
            }
            sbuf_printf(&chars, "<%04X> <%04X>\n", (unsigned)c, (unsigned)c);
            nc++;
        }
        c = e + 1;
    }
    if (nr) sbuf_adds(&ranges, "endbfrange\n");
    if (nc) sbuf_adds(&chars, "endbfchar\n");
    /* each block's count: 100, except the last */
    size_t blk = 0;
    for (int pass = 0; pass < 2; pass++) {
        sbuf *src = pass ? &chars : &ranges;
        size_t total = pass ? nc : nr;
        blk = 0;
        for (size_t i = 0; src->p && i < src->len; i++) {
            if (src->p[i] == '@') {
                size_t k = total - blk * 100 < 100 ? total - blk * 100 : 100;
                sbuf_printf(&out, "%zu", k);
                blk++;
            } else {
                sbuf_addc(&out, src->p[i]);
            }
        }
    }
    sbuf_adds(&out, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    sbuf_free(&ranges);
    sbuf_free(&chars);
    HPDF_MemStream_FreeData(cm->stream);
    int r = hk(d, HPDF_Stream_Write(cm->stream, (const HPDF_BYTE *)out.p, (HPDF_UINT)out.len), "ToUnicode");
    sbuf_free(&out);
    if (r < 0) return -1;
    /* the entries of libharu's encoding CMap do not describe a ToUnicode stream */
    static const char *const drop[] = { "Type", "CMapName", "CIDSystemInfo", "WMode", "UseCMap" };
    for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++)
        if (HPDF_Dict_GetItem(cm, drop[i], HPDF_OCLASS_UNKNOWN)) HPDF_Dict_RemoveElement(cm, drop[i]);
    clear_err(d);   /* GetItem of an absent key is not an error */
    return 0;
}

/* Wraps libharu's before-write of the Type0 font: after it has made the
 * font descriptor, adds CapHeight (required) and the CIDSet of the subset
 * (PDF/A-1 6.3.5): one bit per CID present, most significant bit first,
 * CID 0 (.notdef) always. */
static HPDF_STATUS font_before_write(HPDF_Dict font)
{
    pdf_doc *d = font->error->user_data;
    HPDF_STATUS st = d->font_bw ? d->font_bw(font) : HPDF_OK;
    if (st != HPDF_OK) return st;
    HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
    HPDF_FontDef def = fa->fontdef;
    HPDF_Dict desc = def->descriptor;
    if (!desc) return HPDF_INVALID_FONTDEF_DATA;
    if (HPDF_Dict_GetItem(desc, "CIDSet", HPDF_OCLASS_DICT)) return HPDF_OK;
    clear_err(d);
    st = HPDF_Dict_AddNumber(desc, "CapHeight", def->cap_height ? def->cap_height : def->ascent);
    if (st != HPDF_OK) return st;
    uint32_t maxc = 0;
    for (uint32_t c = 0; c < 0x10000; c++)
        if (d->used[c >> 3] & (1u << (c & 7))) maxc = c;
    size_t nbytes = maxc / 8 + 1;
    unsigned char *bits = xcalloc(nbytes, 1);
    for (uint32_t c = 0; c <= maxc; c++)
        if (c == 0 || (d->used[c >> 3] & (1u << (c & 7)))) bits[c / 8] |= (unsigned char)(0x80u >> (c % 8));
    HPDF_Dict set = HPDF_DictStream_New(font->mmgr, fa->xref);
    if (!set) { free(bits); return HPDF_FAILD_TO_ALLOC_MEM; }
    set->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    st = HPDF_Stream_Write(set->stream, bits, (HPDF_UINT)nbytes);
    free(bits);
    if (st != HPDF_OK) return st;
    return HPDF_Dict_Add(desc, "CIDSet", set);
}

/* Formats `t` (seconds, UTC) as XMP's date, "2026-11-26T00:00:00Z". */
static int xmp_date(int64_t t, char out[32])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm)) return -1;
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return 0;
}

/* The XMP packet (PDF/A-1 6.7): the Info entries again, each escaped, and
 * the PDF/A identification, as an uncompressed /Metadata stream. */
static int write_xmp(pdf_doc *d)
{
    static const struct { HPDF_InfoType k; const char *open, *close; } F[] = {
        { HPDF_INFO_TITLE, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">", "</rdf:li></rdf:Alt></dc:title>" },
        { HPDF_INFO_AUTHOR, "<dc:creator><rdf:Seq><rdf:li>", "</rdf:li></rdf:Seq></dc:creator>" },
        { HPDF_INFO_SUBJECT, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">",
          "</rdf:li></rdf:Alt></dc:description>" },
        { HPDF_INFO_KEYWORDS, "<pdf:Keywords>", "</pdf:Keywords>" },
        { HPDF_INFO_PRODUCER, "<pdf:Producer>", "</pdf:Producer>" },
        { HPDF_INFO_CREATOR, "<xmp:CreatorTool>", "</xmp:CreatorTool>" },
    };
    sbuf x = {0};
    sbuf_adds(&x, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                  "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                  "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                  "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
                  " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\""
                  " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                  "<pdfaid:part>1</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n");
    for (size_t i = 0; i < sizeof F / sizeof F[0]; i++) {
        const char *v = HPDF_GetInfoAttr(d->h, F[i].k);
        if (!v) continue;
        sbuf_adds(&x, F[i].open);
        xml_escape(&x, v);
        sbuf_adds(&x, F[i].close);
        sbuf_addc(&x, '\n');
    }
    clear_err(d);   /* GetInfoAttr of an entry never set is not an error */
    char date[32];
    if (d->created >= 0 && xmp_date(d->created, date) == 0)
        sbuf_printf(&x, "<xmp:CreateDate>%s</xmp:CreateDate>\n<xmp:ModifyDate>%s</xmp:ModifyDate>\n", date, date);
    sbuf_adds(&x, "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n");
    for (int i = 0; i < 20; i++)   /* room for an editor to add in place, as XMP asks */
        sbuf_adds(&x, "                                                                                                   \n");
    sbuf_adds(&x, "<?xpacket end=\"w\"?>");
    HPDF_Dict m = HPDF_DictStream_New(d->h->mmgr, d->h->xref);
    int r = -1;
    if (!m) { hk(d, HPDF_FAILD_TO_ALLOC_MEM, "Metadata"); goto out; }
    m->filter = HPDF_STREAM_FILTER_NONE;   /* PDF/A-1: the metadata stream is not filtered */
    if (hk(d, HPDF_Dict_AddName(m, "Type", "Metadata"), "Metadata") < 0 ||
        hk(d, HPDF_Dict_AddName(m, "Subtype", "XML"), "Metadata") < 0 ||
        hk(d, HPDF_Stream_Write(m->stream, (const HPDF_BYTE *)x.p, (HPDF_UINT)x.len), "Metadata") < 0 ||
        hk(d, HPDF_Dict_Add(d->h->catalog, "Metadata", m), "Metadata") < 0)
        goto out;
    r = 0;
out:
    sbuf_free(&x);
    return r;
}

/* The OutputIntent (PDF/A-1 6.2.2): the embedded sRGB profile. */
static int write_output_intent(pdf_doc *d)
{
    size_t len = 0;
    const char *icc = embed_get(ICC_EMBED_NAME, &len);
    if (!icc || len < 132) return fail(d, EXIT_SOFTWARE, "pdf: the ICC profile '%s' is not embedded", ICC_EMBED_NAME);
    HPDF_MMgr mm = d->h->mmgr;
    HPDF_Dict prof = HPDF_DictStream_New(mm, d->h->xref);
    HPDF_Dict oi = HPDF_Dict_New(mm);
    HPDF_Array arr = HPDF_Array_New(mm);
    if (!prof || !oi || !arr) return hk(d, HPDF_FAILD_TO_ALLOC_MEM, "OutputIntent");
    prof->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    if (hk(d, HPDF_Dict_AddNumber(prof, "N", 3), "OutputIntent") < 0 ||
        hk(d, HPDF_Stream_Write(prof->stream, (const HPDF_BYTE *)icc, (HPDF_UINT)len), "OutputIntent") < 0 ||
        hk(d, HPDF_Dict_AddName(oi, "Type", "OutputIntent"), "OutputIntent") < 0 ||
        hk(d, HPDF_Dict_AddName(oi, "S", "GTS_PDFA1"), "OutputIntent") < 0 ||
        hk(d, HPDF_Dict_Add(oi, "OutputConditionIdentifier", HPDF_String_New(mm, ICC_CONDITION, NULL)),
           "OutputIntent") < 0 ||
        hk(d, HPDF_Dict_Add(oi, "Info", HPDF_String_New(mm, ICC_CONDITION, NULL)), "OutputIntent") < 0 ||
        hk(d, HPDF_Dict_Add(oi, "RegistryName", HPDF_String_New(mm, "http://www.color.org", NULL)),
           "OutputIntent") < 0 ||
        hk(d, HPDF_Dict_Add(oi, "DestOutputProfile", prof), "OutputIntent") < 0 ||
        hk(d, HPDF_Array_Add(arr, oi), "OutputIntent") < 0 ||
        hk(d, HPDF_Dict_Add(d->h->catalog, "OutputIntents", arr), "OutputIntent") < 0)
        return -1;
    return 0;
}

/* A zero /ID of ID_LEN bytes in the trailer, for set_file_id() to fill. */
static int add_id_placeholder(pdf_doc *d)
{
    HPDF_BYTE zero[ID_LEN] = {0};
    HPDF_Array id = HPDF_Array_New(d->h->mmgr);
    if (!id) return hk(d, HPDF_FAILD_TO_ALLOC_MEM, "ID");
    if (hk(d, HPDF_Dict_Add(d->h->trailer, "ID", id), "ID") < 0 ||
        hk(d, HPDF_Array_Add(id, HPDF_Binary_New(d->h->mmgr, zero, ID_LEN)), "ID") < 0 ||
        hk(d, HPDF_Array_Add(id, HPDF_Binary_New(d->h->mmgr, zero, ID_LEN)), "ID") < 0)
        return -1;
    return 0;
}

/* Where the saved file goes while libharu serialises it (pdf_write): a
 * temp file through a write buffer, or memory. The SHA-256 of every byte
 * and the last bytes are kept on the way, for the content-derived /ID
 * (set_file_id): the file is never held whole in memory when it goes to
 * a file. */
#define SINK_BUF (64 * 1024) /* write buffer of a file sink */
#define ID_TAIL 4096         /* the trailer, /ID and all, lies within the file's last ID_TAIL bytes */
typedef struct pdf_sink {
    int fd;                  /* the temp file, or -1: the file goes to `mem` */
    const char *name;        /* the temp file's name, for messages */
    sbuf mem;                /* the whole file (fd < 0), or the bytes not written yet */
    hash_ctx hc;             /* SHA-256 of every byte so far */
    uint64_t len;            /* bytes so far */
    unsigned char tail[2 * ID_TAIL]; /* the last min(len, ID_TAIL) bytes at least */
    size_t ntail;            /* bytes in tail */
    int werr;                /* errno of the first failed write, 0 if none */
} pdf_sink;

/* Writes the sink's buffer to its file; -1 (werr set) when that fails. */
static int sink_flush(pdf_sink *k)
{
    size_t done = 0;
    while (done < k->mem.len) {
        ssize_t w = write(k->fd, k->mem.p + done, k->mem.len - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) { k->werr = w < 0 ? errno : EIO; return -1; }
        done += (size_t)w;
    }
    sbuf_reset(&k->mem);
    return 0;
}

/* libharu's write function for the sink (HPDF_CallbackWriter_New). */
static HPDF_STATUS sink_write(HPDF_Stream stream, const HPDF_BYTE *p, HPDF_UINT n)
{
    pdf_sink *k = stream->attr;
    if (k->werr) return HPDF_FILE_IO_ERROR;
    hash_update(&k->hc, p, n);
    k->len += n;
    if (n >= ID_TAIL) {
        memcpy(k->tail, p + n - ID_TAIL, ID_TAIL);
        k->ntail = ID_TAIL;
    } else {
        if (k->ntail + n > sizeof k->tail) {
            memmove(k->tail, k->tail + k->ntail - (ID_TAIL - n), ID_TAIL - n);
            k->ntail = ID_TAIL - n;
        }
        memcpy(k->tail + k->ntail, p, n);
        k->ntail += n;
    }
    sbuf_add(&k->mem, p, n);
    if (k->fd >= 0 && k->mem.len >= SINK_BUF && sink_flush(k) < 0) return HPDF_FILE_IO_ERROR;
    return HPDF_OK;
}

/* Fills the trailer's /ID (both halves: the file is never updated in
 * place) with the first ID_LEN bytes of the SHA-256 of the whole file as
 * written with the zero placeholder: the same content, the same /ID. The
 * placeholder is found in the sink's tail; the digits go into the file or
 * the memory the sink wrote to. Returns as pdf_write(). */
static int set_file_id(pdf_doc *d, pdf_sink *k, kerr *e)
{
    static const char zeros[2 * ID_LEN + 1] = "00000000000000000000000000000000";
    const unsigned char *t = k->ntail > ID_TAIL ? k->tail + k->ntail - ID_TAIL : k->tail;
    size_t n = k->ntail > ID_TAIL ? ID_TAIL : k->ntail, hits = 0, at[2] = {0, 0};
    for (size_t i = 0; i + 4 <= n; i++) {
        if (memcmp(t + i, "/ID", 3) != 0) continue;
        size_t j = i + 3, found = 0, pos[2];
        while (j < n && (t[j] == ' ' || t[j] == '[')) j++;
        for (; found < 2; found++) {
            if (j + 2 * ID_LEN + 2 > n || t[j] != '<' || memcmp(t + j + 1, zeros, 2 * ID_LEN) != 0 ||
                t[j + 1 + 2 * ID_LEN] != '>')
                break;
            pos[found] = j + 1;
            j += 2 * ID_LEN + 2;
            while (j < n && t[j] == ' ') j++;
        }
        if (found == 2) { at[0] = pos[0]; at[1] = pos[1]; hits++; }
    }
    if (hits != 1) return fail(d, EXIT_SOFTWARE, "pdf: the trailer's /ID placeholder was not found once (%zu)", hits);
    char hex[HASH_HEX_LEN];
    hash_final_hex(&k->hc, hex);
    for (size_t i = 0; i < 2 * ID_LEN; i++) hex[i] = hex[i] >= 'a' ? (char)(hex[i] - 'a' + 'A') : hex[i];
    uint64_t base = k->len - n;      /* file offset of t[0] */
    for (int h = 0; h < 2; h++) {
        if (k->fd < 0) {
            memcpy(k->mem.p + base + at[h], hex, 2 * ID_LEN);
            continue;
        }
        ssize_t w;
        do w = pwrite(k->fd, hex, 2 * ID_LEN, (off_t)(base + at[h]));
        while (w < 0 && errno == EINTR);
        if (w != 2 * ID_LEN) {
            kerr_set(e, EXIT_CANTCREAT, "%s: write failed: %s", k->name, msg_strerror(w < 0 ? errno : EIO));
            return -2;
        }
    }
    return 0;
}

/* ---- open / free ---- */

static char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

static int is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Chooses the font file: --font, else $KEFU_FONT, else the default; an
 * explicit choice that is missing is an error, not a silent fallback. */
static const char *pick_font(const pdf_opts *o, kerr *e)
{
    const char *env = getenv(PDF_FONT_ENV);
    if (o->font_path && *o->font_path) {
        if (is_file(o->font_path)) return o->font_path;
        kerr_set(e, EXIT_NOINPUT, "no CJK font found: tried '%s' (--font): %s", o->font_path,
                 msg_strerror(errno ? errno : ENOENT));
        return NULL;
    }
    if (env && *env) {
        if (is_file(env)) return env;
        kerr_set(e, EXIT_NOINPUT, "no CJK font found: tried '%s' ($%s): %s", env, PDF_FONT_ENV,
                 msg_strerror(errno ? errno : ENOENT));
        return NULL;
    }
    if (is_file(PDF_DEFAULT_FONT)) return PDF_DEFAULT_FONT;
    kerr_set(e, EXIT_NOINPUT, "no CJK font found: tried '%s' (the default; install fonts-arphic-uming, "
             "or give --font or $%s)", PDF_DEFAULT_FONT, PDF_FONT_ENV);
    return NULL;
}

/* Sets the Info entries (each cleaned so that XMP can repeat it exactly):
 * /Title "title period — org", /Author, /Subject, /Keywords, /Creator,
 * /Producer. */
static int set_info(pdf_doc *d, const pdf_opts *o)
{
    sbuf raw = {0}, t = {0};
    int r = 0;
    const char *sep = "";
    if (o->title && *o->title) { sbuf_adds(&raw, o->title); sep = " "; }
    if (o->period && *o->period) { sbuf_adds(&raw, sep); sbuf_adds(&raw, o->period); sep = " "; }
    if (o->org && *o->org) { sbuf_adds(&raw, *sep ? " \xE2\x80\x94 " : ""); sbuf_adds(&raw, o->org); }
    struct { HPDF_InfoType k; const char *v; } I[6] = {
        { HPDF_INFO_TITLE, raw.p }, { HPDF_INFO_AUTHOR, o->author }, { HPDF_INFO_SUBJECT, o->subject },
        { HPDF_INFO_KEYWORDS, o->keywords }, { HPDF_INFO_CREATOR, "kefu" },
        { HPDF_INFO_PRODUCER, NULL },
    };
    sbuf subj = {0}, prod = {0};
    if (!o->subject && raw.p) {
        if (o->org && *o->org) { sbuf_adds(&subj, o->org); sbuf_adds(&subj, ": "); }
        if (o->title) sbuf_adds(&subj, o->title);
        if (o->period && *o->period) { sbuf_adds(&subj, " "); sbuf_adds(&subj, o->period); }
        I[2].v = subj.p;
    }
    sbuf_printf(&prod, "kefu (libharu %s)", HPDF_GetVersion());
    I[5].v = prod.p;
    for (size_t i = 0; r == 0 && i < sizeof I / sizeof I[0]; i++) {
        if (!I[i].v || !*I[i].v) continue;
        sbuf_reset(&t);
        clean_text(&t, I[i].v, 1);
        r = hk(d, HPDF_SetInfoAttr(d->h, I[i].k, t.p), "SetInfoAttr");
    }
    sbuf_free(&raw);
    sbuf_free(&t);
    sbuf_free(&subj);
    sbuf_free(&prod);
    return r;
}

pdf_doc *pdf_open(const pdf_opts *o, kerr *e)
{
    errno = 0;
    const char *path = pick_font(o, e);
    if (!path) return NULL;
    pdf_doc *d = xcalloc(1, sizeof *d);
    d->tt.fd = -1;
    if (ttf_open(&d->tt, path, o->font_face, e) < 0) { free(d); return NULL; }
    d->font_path = xstrdup(path);
    d->face = o->font_face;
    const char *unsafe = getenv(PDF_UNSAFE_FONT_ENV);
    d->unsafe_ok = unsafe && strcmp(unsafe, "1") == 0;
    d->cpstate = xcalloc(65536, 1);
    d->cpgid = xcalloc(65536, sizeof *d->cpgid);
    d->used = xcalloc(65536 / 8, 1);
    d->created = o->created;
    d->english = o->english;
    d->org = dup_or_null(o->org);
    d->title = dup_or_null(o->title);
    d->period = dup_or_null(o->period);
    d->basis = dup_or_null(o->basis);
    d->watermark = o->watermark && *o->watermark ? xstrdup(o->watermark) : NULL;
    d->pw = o->landscape ? 841.89 : 595.276;
    d->ph = o->landscape ? 595.276 : 841.89;
    d->left = MM(MARGIN_X);
    d->right = d->pw - MM(MARGIN_X);
    d->top = MM(BODY_TOP);
    d->bottom = d->ph - MM(BODY_BOTTOM_GAP);

    d->h = HPDF_New(on_hpdf_error, d);
    if (!d->h) { kerr_set(e, EXIT_SOFTWARE, "libharu: cannot create a document"); pdf_free(d); return NULL; }
    const char *name = NULL;
    if (hk(d, HPDF_SetCompressionMode(d->h, HPDF_COMP_ALL), "SetCompressionMode") < 0 ||
        hk(d, HPDF_UseUTFEncodings(d->h), "UseUTFEncodings") < 0 ||
        hk(d, HPDF_SetCurrentEncoder(d->h, "UTF-8"), "SetCurrentEncoder") < 0)
        goto err;
    name = d->tt.is_ttc ? HPDF_LoadTTFontFromFile2(d->h, path, d->face, HPDF_TRUE)
                        : HPDF_LoadTTFontFromFile(d->h, path, HPDF_TRUE);
    if (!name) {
        fail(d, EXIT_DATAERR, "font '%s' face %u: libharu cannot load it (error 0x%04X, detail %u)", path,
             d->face, (unsigned)d->herr, (unsigned)d->hdetail);
        goto err;
    }
    d->font = HPDF_GetFont(d->h, name, "UTF-8");
    if (!d->font) { hk(d, HPDF_INVALID_FONTDEF_DATA, "GetFont"); goto err; }
    d->h->pdf_version = HPDF_VER_14;                 /* PDF/A-1 is PDF 1.4 */
    d->font_bw = d->font->before_write_fn;
    d->font->before_write_fn = font_before_write;
    if (set_info(d, o) < 0 || add_id_placeholder(d) < 0 ||
        hk(d, HPDF_SetPageMode(d->h, HPDF_PAGE_MODE_USE_OUTLINE), "SetPageMode") < 0)
        goto err;
    if (o->created >= 0) {
        time_t t = (time_t)o->created;
        struct tm tm;
        if (!gmtime_r(&t, &tm)) { fail(d, EXIT_SOFTWARE, "pdf: creation time %lld out of range", (long long)o->created); goto err; }
        HPDF_Date dt = { tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                         'Z', 0, 0 };
        if (hk(d, HPDF_SetInfoDateAttr(d->h, HPDF_INFO_CREATION_DATE, dt), "SetInfoDateAttr") < 0 ||
            hk(d, HPDF_SetInfoDateAttr(d->h, HPDF_INFO_MOD_DATE, dt), "SetInfoDateAttr") < 0)
            goto err;
    }
    if (add_page(d) < 0) goto err;
    return d;
err:
    if (e) *e = d->err;
    pdf_free(d);
    return NULL;
}

void pdf_free(pdf_doc *d)
{
    if (!d) return;
    if (d->h) HPDF_Free(d->h);
    ttf_close(&d->tt);
    free(d->font_path);
    free(d->cpstate);
    free(d->cpgid);
    free(d->used);
    free(d->pages);
    free(d->org);
    free(d->title);
    free(d->period);
    free(d->basis);
    free(d->watermark);
    for (size_t i = 0; i < d->nwarn; i++) free((char *)d->warn[i].ctx);
    free(d->warn);
    for (size_t i = 0; i < d->ncols; i++) free(d->cols[i].heading);
    for (size_t i = 0; i < PDF_MAX_COLS; i++) {
        free(d->cell[i].v); free(d->hdr[i].v); free(d->gcell[i].v); free(d->ncell[i].v);
    }
    sbuf_free(&d->pend);
    sbuf_free(&d->pend_ctx);
    sbuf_free(&d->pend_bm);
    sbuf_free(&d->grp);
    sbuf_free(&d->run);
    free(d->boxes);
    free(d->rule_ys);
    free(d);
}

const char *pdf_font_path(const pdf_doc *d) { return d->font_path; }
unsigned pdf_font_face(const pdf_doc *d) { return d->face; }
int pdf_page_count(const pdf_doc *d) { return (int)d->npages; }
double pdf_cursor(const pdf_doc *d) { return d->y / PT_PER_MM; }

void pdf_get_metrics(const pdf_doc *d, pdf_metrics *m)
{
    m->page_w = d->pw / PT_PER_MM;
    m->page_h = d->ph / PT_PER_MM;
    m->body_left = MARGIN_X;
    m->body_width = (d->right - d->left) / PT_PER_MM;
    m->body_top = d->top / PT_PER_MM;
    m->body_bottom = d->bottom / PT_PER_MM;
    m->table_font = SIZE_TABLE;
    m->table_line = SIZE_TABLE * LEADING_TABLE / PT_PER_MM;
    m->table_pad = CELL_PAD_Y;
}

int pdf_error(const pdf_doc *d, kerr *e)
{
    if (!d->err.code) return 0;
    if (e) *e = d->err;
    return -1;
}

/* ---- flowing content ---- */

/* Draws wrapped lines [from, to) of `v` (from s) in [x, x+w], the first
 * baseline at y + asc. */
static int draw_lines(pdf_doc *d, const char *s, const spans *v, size_t from, size_t to, double x, double w,
                      double y, double size, double lh, pdf_align al, int bold, const char *ctx)
{
    for (size_t k = from; k < to; k++) {
        const span *sp = &v->v[k];
        double lw = width_of(d, s, sp->a, sp->b, size);
        double mw = sp->cont ? width_of(d, PDF_CONT_MARK, 0, strlen(PDF_CONT_MARK), size) : 0;
        double off = al == PDF_RIGHT ? w - lw - mw : al == PDF_CENTER ? (w - lw - mw) / 2 : 0;
        if (off < 0) off = 0;
        double base = y + (k - from) * lh + (lh - size) / 2 + size * ASCENT;
        if (draw_text(d, x + off, base, size, s, sp->a, sp->b, bold, ctx) < 0) return -1;
        if (sp->cont && draw_text(d, x + off + lw, base, size, PDF_CONT_MARK, 0, strlen(PDF_CONT_MARK), 0,
                                  ctx) < 0)
            return -1;
    }
    return 0;
}

/* Flows wrapped text in [x, x+w] from the cursor, breaking pages between
 * lines; `keep` extra pt must fit with the first line. */
static int flow_text(pdf_doc *d, const char *text, double x, double w, double size, double lead,
                     pdf_align al, int bold, double keep, const char *ctx)
{
    if (ready(d) < 0) return -1;
    if (!text) text = "";
    spans v = {0};
    double lh = size * lead;
    size_t n = strlen(text);
    wrap(d, text, n, size, w, 0, &v);
    int r = need(d, lh + keep);
    for (size_t k = 0; r == 0 && k < v.n; k++) {
        if (k > 0) r = need(d, lh);
        if (r == 0) r = draw_lines(d, text, &v, k, k + 1, x, w, d->y, size, lh, al, bold, ctx);
        d->y += lh;
    }
    free(v.v);
    return r;
}

int pdf_heading(pdf_doc *d, int level, const char *text, const char *ctx)
{
    if (pdf_table_end(d) < 0) return -1;
    double size = level <= 1 ? 15.0 : level == 2 ? 12.0 : 10.5;
    if (d->y > d->top + 1e-6) d->y += size * 0.6;
    if (need(d, size * 1.35 + 3 * SIZE_BODY * LEADING) < 0 ||
        pdf_bookmark(d, level < 1 ? 1 : level > 3 ? 3 : level, text) < 0)
        return -1;
    if (flow_text(d, text, d->left, d->right - d->left, size, 1.35, PDF_LEFT, 1,
                  3 * SIZE_BODY * LEADING, ctx) < 0)
        return -1;
    d->y += size * 0.25;
    return 0;
}

int pdf_paragraph(pdf_doc *d, const char *text, const char *ctx)
{
    if (pdf_table_end(d) < 0) return -1;
    if (flow_text(d, text, d->left, d->right - d->left, SIZE_BODY, LEADING, PDF_LEFT, 0, 0, ctx) < 0) return -1;
    d->y += SIZE_BODY * 0.4;
    return 0;
}

int pdf_keyvalue(pdf_doc *d, const char *key, const char *value, const char *ctx)
{
    if (pdf_table_end(d) < 0 || ready(d) < 0) return -1;
    spans kv = {0}, vv = {0};
    double kw = MM(KV_KEY_MM), gap = MM(2), lh = SIZE_BODY * LEADING;
    double vx = d->left + kw + gap, vw = d->right - vx;
    if (!key) key = "";
    if (!value) value = "";
    wrap(d, key, strlen(key), SIZE_BODY, kw, 0, &kv);
    wrap(d, value, strlen(value), SIZE_BODY, vw, 0, &vv);
    size_t n = kv.n > vv.n ? kv.n : vv.n;
    int r = 0;
    for (size_t k = 0; r == 0 && k < n; k++) {
        r = need(d, lh);
        if (r == 0 && k < kv.n)
            r = draw_lines(d, key, &kv, k, k + 1, d->left, kw, d->y, SIZE_BODY, lh, PDF_LEFT, 1, ctx);
        if (r == 0 && k < vv.n)
            r = draw_lines(d, value, &vv, k, k + 1, vx, vw, d->y, SIZE_BODY, lh, PDF_LEFT, 0, ctx);
        d->y += lh;
    }
    free(kv.v);
    free(vv.v);
    return r;
}

double pdf_keyvalue_height(pdf_doc *d, const char *key, const char *value)
{
    if (!d) return 0;
    spans kv = {0}, vv = {0};
    double kw = MM(KV_KEY_MM), gap = MM(2), lh = SIZE_BODY * LEADING;
    double vw = d->right - (d->left + kw + gap);
    if (!key) key = "";
    if (!value) value = "";
    wrap(d, key, strlen(key), SIZE_BODY, kw, 0, &kv);
    wrap(d, value, strlen(value), SIZE_BODY, vw, 0, &vv);
    size_t n = kv.n > vv.n ? kv.n : vv.n;
    free(kv.v);
    free(vv.v);
    return (double)n * lh / PT_PER_MM;
}

int pdf_space(pdf_doc *d, double mm)
{
    if (ready(d) < 0) return -1;
    if (mm < 0) mm = 0;
    d->y += MM(mm);
    if (d->y > d->bottom) d->y = d->bottom;
    return 0;
}

int pdf_new_page(pdf_doc *d)
{
    if (pdf_table_end(d) < 0) return -1;
    return add_page(d);
}

int pdf_keep(pdf_doc *d, double mm)
{
    if (pdf_table_end(d) < 0) return -1;
    return need(d, MM(mm > 0 ? mm : 0));
}

int pdf_text_at(pdf_doc *d, double x_mm, double y_mm, double size_pt, const char *text, const char *ctx)
{
    if (ready(d) < 0) return -1;
    if (!text) return 0;
    if (!(size_pt > 0 && size_pt < 1000)) return fail(d, EXIT_SOFTWARE, "pdf: text size %g out of range", size_pt);
    return draw_text(d, MM(x_mm), MM(y_mm), size_pt, text, 0, strlen(text), 0, ctx);
}

double pdf_text_width(pdf_doc *d, const char *text, double size_pt)
{
    if (!text) return 0;
    return width_of(d, text, 0, strlen(text), size_pt) / PT_PER_MM;
}

int pdf_signature(pdf_doc *d, const char *label, const char *date_label, const char *ctx)
{
    if (pdf_table_end(d) < 0 || ready(d) < 0) return -1;
    double h = MM(14), size = SIZE_BODY;
    if (need(d, h) < 0) return -1;
    double base = d->y + MM(10);
    double x = d->left, w = d->right - d->left;
    double date_w = date_label ? MM(55) : 0;
    sbuf t = {0};
    const char *colon = d->english ? ": " : "\xEF\xBC\x9A";   /* "：" in Chinese */
    sbuf_adds(&t, label ? label : "");
    sbuf_adds(&t, colon);
    /* the label may take half the line: an English role name is long
     * ("Reviewed by (Customer service supervisor)") and must not be cut */
    double lw = width_of(d, t.p, 0, t.len, size);
    if (lw > w * 0.5) lw = w * 0.5;
    int r = draw_fit(d, x, base, size, w * 0.5, PDF_LEFT, t.p, 0, ctx);
    double line_end = x + w - date_w - (date_label ? MM(6) : 0);
    if (r == 0) r = rule(d, x + lw + MM(1), base + 1.5, line_end, base + 1.5, 0.6, 0);
    if (r == 0 && date_label) {
        sbuf_reset(&t);
        sbuf_adds(&t, date_label);
        sbuf_adds(&t, colon);
        double dx = x + w - date_w, dw = width_of(d, t.p, 0, t.len, size);
        if (dw > date_w * 0.5) dw = date_w * 0.5;
        r = draw_fit(d, dx, base, size, date_w * 0.5, PDF_LEFT, t.p, 0, ctx);
        if (r == 0) r = rule(d, dx + dw + MM(1), base + 1.5, x + w, base + 1.5, 0.6, 0);
    }
    sbuf_free(&t);
    d->y += h;
    return r;
}

/* ---- tables ---- */

static double row_pad(void) { return MM(CELL_PAD_Y); }
static double table_lh(void) { return SIZE_TABLE * LEADING_TABLE; }

/* Rules the table's rows drawn on this page since the last call: a line
 * along the top of the first and the bottom of each, and every column edge
 * from the first top to the last bottom, as one path after the rows' fills
 * and text (a line per row and one per column edge, not a box per cell). */
static int flush_rules(pdf_doc *d)
{
    if (d->nrule_ys < 2) { d->nrule_ys = 0; return 0; }
    double x0 = d->cols[0].x, x1 = d->cols[d->ncols - 1].x + d->cols[d->ncols - 1].w;
    double top = hy(d, d->rule_ys[0]), bot = hy(d, d->rule_ys[d->nrule_ys - 1]);
    HPDF_Page pg = d->page;
    /* square caps close the corners as a rectangle's joins would */
    if (hk(d, HPDF_Page_SetLineWidth(pg, 0.3), "SetLineWidth") < 0 ||
        hk(d, HPDF_Page_SetGrayStroke(pg, 0.3), "SetGrayStroke") < 0 ||
        hk(d, HPDF_Page_SetLineCap(pg, HPDF_PROJECTING_SCUARE_END), "SetLineCap") < 0)
        return -1;
    for (size_t i = 0; i < d->nrule_ys; i++) {
        double y = hy(d, d->rule_ys[i]);
        if (hk(d, HPDF_Page_MoveTo(pg, (HPDF_REAL)x0, (HPDF_REAL)y), "MoveTo") < 0 ||
            hk(d, HPDF_Page_LineTo(pg, (HPDF_REAL)x1, (HPDF_REAL)y), "LineTo") < 0)
            return -1;
    }
    for (size_t c = 0; c <= d->ncols; c++) {
        double x = c < d->ncols ? d->cols[c].x : x1;
        if (hk(d, HPDF_Page_MoveTo(pg, (HPDF_REAL)x, (HPDF_REAL)top), "MoveTo") < 0 ||
            hk(d, HPDF_Page_LineTo(pg, (HPDF_REAL)x, (HPDF_REAL)bot), "LineTo") < 0)
            return -1;
    }
    d->nrule_ys = 0;
    if (hk(d, HPDF_Page_Stroke(pg), "Stroke") < 0 || hk(d, HPDF_Page_SetGrayStroke(pg, 0), "SetGrayStroke") < 0 ||
        hk(d, HPDF_Page_SetLineCap(pg, HPDF_BUTT_END), "SetLineCap") < 0)
        return -1;
    return 0;
}

/* Notes a row band [y, y+h] for flush_rules. */
static void add_rules(pdf_doc *d, double y, double h)
{
    if (d->nrule_ys + 2 > d->cap_rule_ys) {
        d->cap_rule_ys = d->cap_rule_ys ? 2 * d->cap_rule_ys : 64;
        d->rule_ys = xrealloc(d->rule_ys, d->cap_rule_ys * sizeof *d->rule_ys);
    }
    if (d->nrule_ys == 0) d->rule_ys[d->nrule_ys++] = y;
    d->rule_ys[d->nrule_ys++] = y + h;
}

/* Draws lines [from, from+k) of every cell in `lines` (texts in `texts`)
 * as one band at the cursor, shaded when asked, and moves the cursor. */
static int draw_band(pdf_doc *d, const char *const *texts, spans *lines, const double *sizes, size_t from,
                     size_t k, int shade, int bold, int center, const char *ctx)
{
    double lh = table_lh(), pad = row_pad(), h = k * lh + 2 * pad;
    double x0 = d->cols[0].x, x1 = d->cols[d->ncols - 1].x + d->cols[d->ncols - 1].w;
    if (shade && fill_rect(d, x0, d->y, x1 - x0, h, shade == 2 ? 0.86 : 0.93, shade == 2 ? 0.88 : 0.93,
                           shade == 2 ? 0.92 : 0.93) < 0)
        return -1;
    for (size_t c = 0; c < d->ncols; c++) {
        const char *s = texts[c] ? texts[c] : "";
        size_t to = from + k < lines[c].n ? from + k : lines[c].n;
        if (from >= to) continue;
        double px = MM(CELL_PAD_X);
        if (draw_lines(d, s, &lines[c], from, to, d->cols[c].x + px, d->cols[c].w - 2 * px, d->y + pad,
                       sizes ? sizes[c] : SIZE_TABLE, lh, center ? PDF_CENTER : d->cols[c].align, bold, ctx) < 0)
            return -1;
    }
    add_rules(d, d->y, h);
    d->y += h;
    return 0;
}

/* Draws the header row at the cursor. */
static int header_row(pdf_doc *d)
{
    const char *texts[PDF_MAX_COLS];
    for (size_t c = 0; c < d->ncols; c++) texts[c] = d->cols[c].heading;
    return draw_band(d, texts, d->hdr, NULL, 0, d->hdr_nl, 2, 1, 1, msg_tr("table header"));
}

/* The widest run of a cell that no line may break (no space, no CJK
 * boundary: an identifier, a date, an amount, a word), pt at `size`. */
static double widest_run(pdf_doc *d, const char *s, double size)
{
    size_t n = strlen(s), i = 0;
    double best = 0, cur = 0;
    while (i < n) {
        uint32_t cp = utf8_next(s, n, &i);
        int w;
        classify(d, cp, 0, NULL, &w);
        if (cp == ' ' || cp == '\t' || cp == '\n' || is_wide(cp)) { cur = 0; continue; }
        cur += w * size / 1000.0;
        if (cur > best) best = cur;
    }
    return best;
}

/* Wraps every cell of a row into lines[] and returns the row's line count.
 * A cell with a run wider than its column is set smaller (sizes[c], down to
 * SIZE_TABLE_MIN) so that the run fits whole; only a run too wide even
 * then is cut, at the continuation mark. */
static size_t wrap_row(pdf_doc *d, const char *const *cells, spans *lines, double *sizes)
{
    size_t nl = 1;
    for (size_t c = 0; c < d->ncols; c++) {
        const char *s = cells[c] ? cells[c] : "";
        double avail = d->cols[c].w - 2 * MM(CELL_PAD_X), size = SIZE_TABLE;
        double run = widest_run(d, s, SIZE_TABLE);
        if (run > avail) {
            size = floor(SIZE_TABLE * avail / run * 10) / 10;
            if (size < SIZE_TABLE_MIN) size = SIZE_TABLE_MIN;
        }
        sizes[c] = size;
        wrap(d, s, strlen(s), size, avail, d->cols[c].words, &lines[c]);
        if (lines[c].n > nl) nl = lines[c].n;
    }
    return nl;
}

/* A new page inside a table: the running header, the header row, and the
 * open group's header again, marked (续) / (cont.). */
static int table_page(pdf_doc *d)
{
    if (flush_rules(d) < 0 || add_page(d) < 0 || header_row(d) < 0) return -1;
    if (!d->has_grp) return 0;
    const char *texts[PDF_MAX_COLS];
    double sizes[PDF_MAX_COLS];
    for (size_t c = 0; c < d->ncols; c++) texts[c] = d->grp.p + d->grp_off[c];
    size_t nl = wrap_row(d, texts, d->gcell, sizes);
    return draw_band(d, texts, d->gcell, sizes, 0, nl, 0, 1, 0, msg_tr("group header (continued)"));
}

int pdf_table_begin(pdf_doc *d, const pdf_col *cols, size_t ncols)
{
    if (pdf_table_end(d) < 0 || ready(d) < 0) return -1;
    if (ncols == 0 || ncols > PDF_MAX_COLS)
        return fail(d, EXIT_SOFTWARE, "pdf: a table needs 1 to %d columns, not %zu", PDF_MAX_COLS, ncols);
    double W = d->right - d->left, fixed = 0;
    size_t nrest = 0;
    for (size_t c = 0; c < ncols; c++) {
        if (cols[c].mm > 0) fixed += MM(cols[c].mm);
        else if (cols[c].frac > 0) fixed += cols[c].frac * W;
        else nrest++;
    }
    double rest = nrest ? (W - fixed) / (double)nrest : 0;
    if (rest < MM(8) && nrest) rest = MM(8);
    double total = fixed + rest * (double)nrest, scale = total > W ? W / total : 1.0, x = d->left;
    for (size_t c = 0; c < ncols; c++) {
        double w = cols[c].mm > 0 ? MM(cols[c].mm) : cols[c].frac > 0 ? cols[c].frac * W : rest;
        d->cols[c].x = x;
        d->cols[c].w = w * scale;
        d->cols[c].align = cols[c].align;
        d->cols[c].words = cols[c].words;
        d->cols[c].heading = xstrdup(cols[c].heading ? cols[c].heading : "");
        x += w * scale;
    }
    d->ncols = ncols;
    d->in_table = 1;
    d->hdr_nl = 1;
    for (size_t c = 0; c < ncols; c++) {
        const char *s = d->cols[c].heading;
        wrap(d, s, strlen(s), SIZE_TABLE, d->cols[c].w - 2 * MM(CELL_PAD_X), 1, &d->hdr[c]);
        if (d->hdr[c].n > d->hdr_nl) d->hdr_nl = d->hdr[c].n;
    }
    if (d->hdr_nl > HEADER_MAX_LINES) d->hdr_nl = HEADER_MAX_LINES;
    d->hdr_h = d->hdr_nl * table_lh() + 2 * row_pad();
    /* the header row and one line of body together */
    if (need(d, d->hdr_h + table_lh() + 2 * row_pad()) < 0) return -1;
    return header_row(d);
}


/* Copies a row's cells into b (each NUL-ended) and their offsets into off;
 * `suffix` (may be NULL) is added to the first non-empty cell. */
static void copy_row(const pdf_doc *d, const char *const *cells, sbuf *b, size_t *off, const char *suffix)
{
    sbuf_reset(b);
    int added = !suffix;
    for (size_t c = 0; c < d->ncols; c++) {
        off[c] = b->len;
        const char *s = cells[c] ? cells[c] : "";
        sbuf_adds(b, s);
        if (!added && *s) { sbuf_adds(b, suffix); added = 1; }
        sbuf_addc(b, 0);
    }
}

/* Draws the waiting row. `next` (may be NULL) is the row after it when the
 * two must share a page: a group header with its first row, a last row
 * with the total under it. Then the usual rule: a row that does not fit
 * goes to a new page under the repeated headers; a row taller than a page
 * is split. */
static int draw_pending(pdf_doc *d, const char *const *next)
{
    const char *cells[PDF_MAX_COLS];
    for (size_t c = 0; c < d->ncols; c++) cells[c] = d->pend.p + d->pend_off[c];
    unsigned flags = d->pend_flags;
    const char *ctx = d->pend_ctx.p && *d->pend_ctx.p ? d->pend_ctx.p : NULL;
    d->has_pend = 0;
    double lh = table_lh(), pad = row_pad();
    if (flags & PDF_ROW_GROUP) d->has_grp = 0;          /* a new group: the old one is not repeated */
    size_t nl = wrap_row(d, cells, d->cell, d->csize);
    if (next) {
        size_t nn = wrap_row(d, next, d->ncell, d->nsize);
        double both = nl * lh + 2 * pad + nn * lh + 2 * pad;
        double page = d->bottom - d->top - d->hdr_h - (d->has_grp ? lh + 2 * pad : 0);
        if (both > page) both = nl * lh + 2 * pad + lh + 2 * pad;
        int fresh = d->y <= d->top + d->hdr_h + 1e-6;
        if (!fresh && d->y + both > d->bottom + 1e-6 && table_page(d) < 0) return -1;
        nl = wrap_row(d, cells, d->cell, d->csize);      /* table_page may have used the scratch */
    }
    size_t done = 0;
    for (;;) {     /* each pass draws at least one line or starts a fresh page */
        size_t left = nl - done;
        double room = d->bottom - d->y - 2 * pad;
        size_t fit = room > 0 ? (size_t)floor(room / lh + 1e-9) : 0;
        int fresh = d->y <= d->top + d->hdr_h + 1e-6;
        if (fit < left && !fresh) {
            if (table_page(d) < 0) return -1;
            continue;
        }
        size_t k = left < fit ? left : fit;
        if (k == 0) k = 1;
        if (d->pend_bm_level) {
            int lv = d->pend_bm_level;
            d->pend_bm_level = 0;
            if (make_bookmark(d, lv, d->pend_bm.p) < 0) return -1;
        }
        if (draw_band(d, cells, d->cell, d->csize, done, k, (flags & PDF_ROW_SHADE) ? 1 : 0, (flags & PDF_ROW_BOLD) != 0,
                      0, ctx) < 0)
            return -1;
        done += k;
        if (done >= nl) break;
        if (table_page(d) < 0) return -1;
    }
    if (flags & PDF_ROW_GROUP) {
        copy_row(d, cells, &d->grp, d->grp_off, d->english ? " (cont.)" : "\xEF\xBC\x88\xE7\xBB\xAD\xEF\xBC\x89");
        d->has_grp = 1;
    }
    if (flags & PDF_ROW_END) d->has_grp = 0;
    return 0;
}

int pdf_table_row(pdf_doc *d, const char *const *cells, unsigned flags, const char *ctx)
{
    if (ready(d) < 0) return -1;
    if (!d->in_table) return fail(d, EXIT_SOFTWARE, "pdf: a table row outside a table");
    if (d->has_pend) {
        int keep = (d->pend_flags & PDF_ROW_GROUP) || (flags & PDF_ROW_END);
        if (draw_pending(d, keep ? cells : NULL) < 0) return -1;
    }
    copy_row(d, cells, &d->pend, d->pend_off, NULL);
    d->pend_flags = flags;
    sbuf_reset(&d->pend_ctx);
    sbuf_adds(&d->pend_ctx, ctx ? ctx : "");
    d->has_pend = 1;
    return 0;
}

int pdf_table_end(pdf_doc *d)
{
    if (d->err.code) return -1;
    if (!d->in_table) return 0;
    if (d->has_pend && draw_pending(d, NULL) < 0) return -1;
    d->has_grp = 0;
    if (flush_rules(d) < 0) return -1;
    for (size_t c = 0; c < d->ncols; c++) { free(d->cols[c].heading); d->cols[c].heading = NULL; }
    d->ncols = 0;
    d->in_table = 0;
    d->y += MM(3);
    if (d->y > d->bottom) d->y = d->bottom;
    return 0;
}

/* ---- the bar chart ---- */

/* Formats v with at most `dec` decimals, trailing zeros dropped. */
static void fmt_num(char *buf, size_t n, double v, int dec)
{
    snprintf(buf, n, "%.*f", dec, v);
    if (dec > 0 && strchr(buf, '.')) {
        size_t l = strlen(buf);
        while (l > 0 && buf[l - 1] == '0') buf[--l] = 0;
        if (l > 0 && buf[l - 1] == '.') buf[--l] = 0;
    }
    if (strcmp(buf, "-0") == 0) snprintf(buf, n, "0");
}

int pdf_bar_chart(pdf_doc *d, const char *title, const char *unit, const pdf_bar *bars, size_t n,
                  double height_mm, const char *ctx)
{
    if (pdf_table_end(d) < 0 || ready(d) < 0) return -1;
    if (n > PDF_MAX_BARS) return fail(d, EXIT_SOFTWARE, "pdf: a bar chart holds at most %d bars, not %zu",
                                      PDF_MAX_BARS, n);
    double H = MM(height_mm > 0 ? height_mm : 70), fs = SIZE_CHART;
    if (H < MM(40)) H = MM(40);
    if (H > d->bottom - d->top) H = d->bottom - d->top;
    if (need(d, H) < 0) return -1;
    double y0 = d->y, x0 = d->left, W = d->right - d->left;

    /* scale: a "nice" step (1, 2 or 5 × 10^k) giving about 5 ticks */
    double vmax = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(bars[i].value) && bars[i].value > vmax) vmax = bars[i].value;
    double step = 1, top;
    if (vmax > 0) {
        double raw = vmax / 5, mag = pow(10, floor(log10(raw))), norm = raw / mag;
        step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
    }
    top = vmax > 0 ? ceil(vmax / step - 1e-9) * step : 5;
    if (top <= 0) top = step;
    int dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    if (dec > 6) dec = 6;
    char num[64];
    double tickw = 0;
    for (double v = 0; v <= top + step / 2; v += step) {
        fmt_num(num, sizeof num, v, dec);
        double w = width_of(d, num, 0, strlen(num), fs);
        if (w > tickw) tickw = w;
    }

    /* geometry: title, unit, plot, two lines of labels */
    double title_h = 12 * 1.6, unit_h = fs * 1.6, label_h = 2 * fs * 1.3 + MM(2);
    double px0 = x0 + tickw + MM(3), px1 = x0 + W - MM(2);
    double py0 = y0 + title_h + unit_h + fs, py1 = y0 + H - label_h;   /* plot top, bottom (from top) */
    if (title && draw_fit(d, x0, y0 + 12 * 1.1, 12, W, PDF_CENTER, title, 1, ctx) < 0) return -1;
    if (unit && draw_fit(d, x0, py0 - fs * 1.2, fs, W / 3, PDF_LEFT, unit, 0, ctx) < 0) return -1;

    /* grid lines, ticks and numbers */
    for (double v = 0; v <= top + step / 2; v += step) {
        double yy = py1 - (py1 - py0) * v / top;
        fmt_num(num, sizeof num, v, dec);
        if (v > 0 && rule(d, px0, yy, px1, yy, 0.3, 0.8) < 0) return -1;
        if (rule(d, px0 - MM(1), yy, px0, yy, 0.5, 0) < 0) return -1;
        if (draw_fit(d, x0, yy + fs * 0.33, fs, tickw, PDF_RIGHT, num, 0, ctx) < 0) return -1;
    }
    if (rule(d, px0, py0 - fs * 0.5, px0, py1, 0.7, 0) < 0 || rule(d, px0, py1, px1, py1, 0.7, 0) < 0) return -1;
    if (n == 0) {
        if (draw_fit(d, px0, (py0 + py1) / 2, SIZE_BODY, px1 - px0, PDF_CENTER,
                     d->english ? "(no data)" : "（无数据）", 0, ctx) < 0)
            return -1;
        d->y = y0 + H + MM(2);
        return 0;
    }

    double slot = (px1 - px0) / (double)n, bw = slot * 0.6, vs = fs;
    if (bw > MM(18)) bw = MM(18);
    /* one size for the values over the bars, smaller when a slot is narrow;
     * below 5 pt they are left out (the value axis still gives them) */
    for (size_t i = 0; i < n; i++) {
        fmt_num(num, sizeof num, isfinite(bars[i].value) ? bars[i].value : 0, 2);
        double nw = width_of(d, num, 0, strlen(num), fs);
        if (nw * vs / fs > slot * 0.95) vs = fs * slot * 0.95 / nw;
    }
    for (size_t i = 0; i < n; i++) {
        double v = isfinite(bars[i].value) && bars[i].value > 0 ? bars[i].value : 0;
        double cx = px0 + slot * ((double)i + 0.5), bh = (py1 - py0) * v / top;
        if (bh > 0 && fill_rect(d, cx - bw / 2, py1 - bh, bw, bh, 0.29, 0.45, 0.68) < 0) return -1;
        /* the value over the bar */
        fmt_num(num, sizeof num, isfinite(bars[i].value) ? bars[i].value : 0, 2);
        if (vs >= 5 && draw_fit(d, cx - slot / 2, py1 - bh - vs * 0.4, vs, slot, PDF_CENTER, num, 0, ctx) < 0)
            return -1;
        /* label: up to two lines within the slot, the second clipped with "…" */
        const char *lab = bars[i].label ? bars[i].label : "";
        spans v2 = {0};
        wrap(d, lab, strlen(lab), fs, slot - MM(1), 0, &v2);
        int r = 0;
        for (size_t k = 0; r == 0 && k < v2.n && k < 2; k++) {
            double base = py1 + MM(1.5) + fs * 0.9 + k * fs * 1.3;
            if (k == 1 && v2.n > 2) {
                char *rest = xstrndup(lab + v2.v[1].a, strlen(lab) - v2.v[1].a);
                r = draw_fit(d, cx - slot / 2 + MM(0.5), base, fs, slot - MM(1), PDF_CENTER, rest, 0, ctx);
                free(rest);
            } else {
                r = draw_lines(d, lab, &v2, k, k + 1, cx - slot / 2 + MM(0.5), slot - MM(1),
                               base - fs * ASCENT - (fs * 1.3 - fs) / 2, fs, fs * 1.3, PDF_CENTER, 0, ctx);
            }
        }
        free(v2.v);
        if (r < 0) return -1;
    }
    d->y = y0 + H + MM(2);
    return 0;
}

/* ---- saving ---- */

/* Writes the footers and the archival parts, once: after this the
 * document is complete and only serialised (pdf_write). */
static int finish(pdf_doc *d)
{
    if (d->err.code) return -1;
    if (d->finished) return 0;
    if (pdf_table_end(d) < 0 || draw_footers(d) < 0) return -1;
    d->finished = 1;
    if (d->nbad && !d->unsafe_ok) {
        sbuf m = {0};
        refusal(&m, d->font_path, d->face, d->nbad, 0, d->bad, d->bad_why, d->bad_part,
                d->nbad < MAX_BAD_LISTED ? d->nbad : MAX_BAD_LISTED);
        fail(d, EXIT_DATAERR, "%s", m.p);
        sbuf_free(&m);
        return -1;
    }
    if (write_tounicode(d) < 0 || write_xmp(d) < 0 || write_output_intent(d) < 0) return -1;
    return 0;
}

/* Serialises the finished document into the sink `k` (libharu writes it
 * through sink_write; nothing of it is kept in libharu's memory stream)
 * and fills in its /ID. The sink's file, if any, is left open. Returns 0,
 * or -1 with the document's error, or -2 when writing the file failed
 * (EXIT_CANTCREAT in *e; the document is not marked failed: it can be
 * saved elsewhere). */
static int pdf_write(pdf_doc *d, pdf_sink *k, kerr *e)
{
    if (finish(d) < 0) return -1;
    hash_init(&k->hc);
    HPDF_Stream s = HPDF_CallbackWriter_New(d->h->mmgr, sink_write, k);
    if (!s) return hk(d, HPDF_FAILD_TO_ALLOC_MEM, "CallbackWriter_New");
    /* HPDF_SaveToStream writes to the document's stream when there is
     * one: ours, instead of the memory stream it would make */
    HPDF_Stream_Free(d->h->stream);
    d->h->stream = s;
    HPDF_STATUS st = HPDF_SaveToStream(d->h);
    if (k->werr || (st == HPDF_OK && k->fd >= 0 && sink_flush(k) < 0)) {
        clear_err(d);
        kerr_set(e, EXIT_CANTCREAT, "%s: write failed: %s", k->name, msg_strerror(k->werr));
        return -2;
    }
    if (hk(d, st, "SaveToStream") < 0) return -1;
    if (k->len == 0) return fail(d, EXIT_SOFTWARE, "libharu: SaveToStream produced nothing");
    return set_file_id(d, k, e);
}

int pdf_save_mem(pdf_doc *d, unsigned char **out, size_t *len, kerr *e)
{
    pdf_sink k = { .fd = -1 };
    if (pdf_write(d, &k, e) < 0) {
        sbuf_free(&k.mem);
        return pdf_error(d, e);
    }
    *out = (unsigned char *)k.mem.p;
    *len = k.mem.len;
    return 0;
}

int pdf_save(pdf_doc *d, const char *path, kerr *e)
{
    if (finish(d) < 0) return pdf_error(d, e);
    if (util_check_target(path, e)) return -1;
    char *tmp = NULL;
    int fd = util_tmp_create(path, &tmp, e);
    if (fd < 0) return -1;
    pdf_sink k = { .fd = fd, .name = tmp };
    int r = pdf_write(d, &k, e);
    sbuf_free(&k.mem);
    if (r < 0) {
        close(fd);
        unlink(tmp);
        free(tmp);
        return r == -2 ? -1 : pdf_error(d, e);
    }
    return util_tmp_commit(fd, tmp, path, e);
}

const char *pdf_lib_version(void) { return HPDF_GetVersion(); }

long pdf_count_pages(const unsigned char *pdf, size_t len)
{
    static const char key[] = "/Type /Page";
    const size_t kn = sizeof key - 1;
    long n = 0;
    for (const unsigned char *p = pdf, *end = pdf + len; p && (size_t)(end - p) > kn;) {
        p = memmem(p, (size_t)(end - p), key, kn);
        if (!p) break;
        p += kn;
        /* "/Type /Pages" is the page tree, not a page */
        if (p == end || !((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))) n++;
    }
    return n;
}
