/* test_pdf.c — the PDF writer (src/pdf.c): the font safety check on AR PL
 * UMing (passes) and WenQuanYi Micro Hei (refused, naming the hanzi it would
 * print blank); truncated and corrupted fonts failing cleanly; a 1,000-row
 * table giving the page count predicted from the row height and page area;
 * byte-identical output for the same content; missing fonts named; the
 * replacement box and warning for 𠮷 (U+20BB7); and the glyph-grid ink check:
 * GB2312 level-1 hanzi, one per grid cell, rasterised with
 * `pdftoppm -r 50 -gray`, every cell must have dark pixels.
 *
 * With KEFU_GLYPH_DIR set the program runs only the full glyph-grid test
 * (all 3,755 level-1 hanzi, with UMing and — through the test-only
 * KEFU_PDF_UNSAFE_FONT=1 — with WenQuanYi), leaving the PDFs in that
 * directory; with KEFU_GLYPH_EXTRA (a UTF-8 file) its characters join the
 * UMing grid too. tests/e2e/glyphs.sh runs it that way, with every
 * character of the templates, the samples and kefu's own strings. */
#include "pdf.h"
#include "t.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define UMING "/usr/share/fonts/truetype/arphic/uming.ttc"
#define WQY   "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
#define CREATED 1790000000LL     /* 2026-09-21, a fixed SOURCE_DATE_EPOCH */

static char tmpdir[256];

/* ---- helpers ---- */

static int has_file(const char *p) { return access(p, R_OK) == 0; }

/* Decodes UTF-8 `s` into code points (at most max); returns the count. */
static size_t cps_of(const char *s, uint32_t *out, size_t max)
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && n < max) {
        uint32_t c = *p;
        int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        c = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
        for (int k = 1; k < len; k++) c = (c << 6) | (p[k] & 0x3F);
        out[n++] = c;
        p += len;
    }
    return n;
}

/* The 3,755 GB2312 level-1 hanzi (EUC-CN 0xB0A1–0xD7F9), converted with
 * iconv; returns the count. */
static size_t gb2312_level1(uint32_t *out, size_t max)
{
    iconv_t cd = iconv_open("UTF-32LE", "GB2312");
    size_t n = 0;
    if (cd == (iconv_t)-1) return 0;
    for (int hi = 0xB0; hi <= 0xD7; hi++) {
        for (int lo = 0xA1; lo <= 0xFE; lo++) {
            if (hi == 0xD7 && lo > 0xF9) break;
            char in[2] = { (char)hi, (char)lo }, ob[4];
            char *ip = in, *op = ob;
            size_t il = 2, ol = 4;
            if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 || ol != 0) continue;
            if (n < max)
                out[n++] = (uint32_t)(unsigned char)ob[0] | (uint32_t)(unsigned char)ob[1] << 8 |
                           (uint32_t)(unsigned char)ob[2] << 16 | (uint32_t)(unsigned char)ob[3] << 24;
        }
    }
    iconv_close(cd);
    return n;
}

static void put_utf8(char *buf, uint32_t c)
{
    if (c < 0x80) { buf[0] = (char)c; buf[1] = 0; }
    else if (c < 0x800) { buf[0] = (char)(0xC0 | c >> 6); buf[1] = (char)(0x80 | (c & 0x3F)); buf[2] = 0; }
    else if (c < 0x10000) {
        buf[0] = (char)(0xE0 | c >> 12); buf[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (c & 0x3F)); buf[3] = 0;
    } else {
        buf[0] = (char)(0xF0 | c >> 18); buf[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        buf[2] = (char)(0x80 | ((c >> 6) & 0x3F)); buf[3] = (char)(0x80 | (c & 0x3F)); buf[4] = 0;
    }
}

static pdf_doc *open_doc(const char *font, int english, kerr *e)
{
    pdf_opts o = { .font_path = font, .title = "测试报告 test", .author = "kefu test",
                   .org = "阳光花园物业服务中心", .period = "2026-10", .created = CREATED, .english = english };
    return pdf_open(&o, e);
}

/* Copies `n` bytes of `src` (all when n is 0) to `dst`. */
static int copy_file(const char *src, const char *dst, size_t n)
{
    char *data;
    size_t len;
    kerr e = {0};
    if (util_read_file(src, &data, &len, &e) < 0) return -1;
    if (n && n < len) len = n;
    int r = util_write_file_atomic(dst, data, len, &e);
    free(data);
    return r;
}

/* Runs a shell command and returns its first line of output (caller frees). */
static char *run_out(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    if (!p) return NULL;
    sbuf b = {0};
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) sbuf_add(&b, buf, n);
    pclose(p);
    if (!b.p) sbuf_adds(&b, "");
    return b.p;
}

/* ---- the glyph grid and its ink check ---- */

#define GRID_CELL 9.0     /* mm */
#define GRID_SIZE 18.0    /* pt */
/* A cell has ink when its darkness (sum of 255 - grey over the glyph box)
 * is worth one black pixel: at 50 dpi 一, a single thin stroke, scores
 * ~1,500, the smallest marks ' , 、 ： score 355–750, and a glyph libharu
 * dropped scores 0. */
#define INK_MIN   255

/* Grid geometry: cells per row and per page. */
typedef struct grid {
    double left, top;     /* mm, top-left of the first cell */
    int cols, rows;       /* cells per row, rows per page */
} grid;

static grid grid_of(const pdf_doc *d)
{
    pdf_metrics m;
    pdf_get_metrics(d, &m);
    grid g = { m.body_left, m.body_top, (int)(m.body_width / GRID_CELL),
               (int)((m.body_bottom - m.body_top) / GRID_CELL) };
    return g;
}

/* Writes a PDF with cps[0..n) one per grid cell; returns 0 or -1 with `e`. */
static int make_grid(const char *font, const uint32_t *cps, size_t n, const char *path, kerr *e, pdf_doc **keep)
{
    pdf_doc *d = open_doc(font, 0, e);
    if (!d) return -1;
    grid g = grid_of(d);
    int per = g.cols * g.rows;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && i % (size_t)per == 0) pdf_new_page(d);
        int k = (int)(i % (size_t)per);
        char txt[8], ctx[32];
        put_utf8(txt, cps[i]);
        snprintf(ctx, sizeof ctx, "cell %zu", i);
        pdf_text_at(d, g.left + (k % g.cols) * GRID_CELL, g.top + (k / g.cols) * GRID_CELL + 7.0, GRID_SIZE, txt, ctx);
    }
    int r = pdf_save(d, path, e);
    if (keep && r == 0) *keep = d;
    else pdf_free(d);
    return r;
}

/* A greyscale image from pdftoppm. */
typedef struct pgm {
    int w, h;             /* pixels */
    unsigned char *px;    /* w*h bytes, 0 = black (owned) */
} pgm;

static int read_pgm(const char *path, pgm *img)
{
    char *data;
    size_t len, i = 2;
    kerr e = {0};
    int vals[3];
    if (util_read_file(path, &data, &len, &e) < 0) return -1;
    if (len < 2 || data[0] != 'P' || data[1] != '5') { free(data); return -1; }
    for (int k = 0; k < 3; k++) {
        while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t')) i++;
        long v = 0;
        int digits = 0;
        while (i < len && data[i] >= '0' && data[i] <= '9' && digits < 7) { v = v * 10 + (data[i++] - '0'); digits++; }
        if (!digits) { free(data); return -1; }
        vals[k] = (int)v;
    }
    i++;   /* the single whitespace after maxval */
    if (vals[2] != 255 || (size_t)vals[0] * (size_t)vals[1] > len - i) { free(data); return -1; }
    img->w = vals[0];
    img->h = vals[1];
    img->px = xmalloc((size_t)img->w * (size_t)img->h);
    memcpy(img->px, data + i, (size_t)img->w * (size_t)img->h);
    free(data);
    return 0;
}

/* Rasterises `pdf` at 50 dpi and counts the cells of the n-cell grid with
 * no ink (darkness under INK_MIN); the first blank cell's index
 * goes to *first. Returns -1 when pdftoppm fails. */
static long blank_cells(const char *pdf, const grid *g, size_t n, long *first)
{
    long blank = 0;
    int per = g->cols * g->rows;
    int pages = (int)((n + (size_t)per - 1) / (size_t)per);
    double px = 50.0 / 25.4;
    *first = -1;
    for (int p = 1; p <= pages; p++) {
        char *cmd = xasprintf("pdftoppm -r 50 -gray -f %d -l %d -singlefile '%s' '%s/grid-page' 2>/dev/null",
                              p, p, pdf, tmpdir);
        char *file = xasprintf("%s/grid-page.pgm", tmpdir);
        int rc = system(cmd);
        free(cmd);
        pgm img;
        if (rc != 0 || read_pgm(file, &img) < 0) { free(file); return -1; }
        for (int k = 0; k < per; k++) {
            size_t idx = (size_t)(p - 1) * (size_t)per + (size_t)k;
            if (idx >= n) break;
            double x0 = g->left + (k % g->cols) * GRID_CELL, base = g->top + (k / g->cols) * GRID_CELL + 7.0;
            int ax = (int)(x0 * px), bx = (int)((x0 + 6.6) * px), ay = (int)((base - 6.2) * px),
                by = (int)((base + 1.3) * px);
            long ink = 0;
            for (int y = ay; y <= by && y < img.h; y++)
                for (int x = ax; x <= bx && x < img.w; x++)
                    if (y >= 0 && x >= 0) ink += 255 - img.px[(size_t)y * (size_t)img.w + (size_t)x];
            if (ink < INK_MIN) {
                if (*first < 0) *first = (long)idx;
                if (blank < 20) fprintf(stderr, "  blank cell %zu (page %d): darkness %ld\n", idx, p, ink);
                blank++;
            }
        }
        free(img.px);
        unlink(file);
        free(file);
    }
    return blank;
}

/* The grid test for one font: writes DIR/grid-NAME.pdf and returns the
 * number of blank cells (-1 when the PDF could not be made or rasterised). */
static long grid_test(const char *font, const char *name, const uint32_t *cps, size_t n, const char *dir,
                      int unsafe, long *first)
{
    char path[512];
    kerr e = {0};
    pdf_doc *d = NULL;
    snprintf(path, sizeof path, "%s/grid-%s.pdf", dir, name);
    if (unsafe) setenv(PDF_UNSAFE_FONT_ENV, "1", 1);
    int r = make_grid(font, cps, n, path, &e, &d);
    if (unsafe) unsetenv(PDF_UNSAFE_FONT_ENV);
    if (r < 0) { fprintf(stderr, "grid %s: %s\n", name, e.msg); return -1; }
    grid g = grid_of(d);
    /* every character outside the BMP is listed with its cell */
    for (size_t i = 0; i < n; i++) {
        if (cps[i] <= 0xFFFF) continue;
        char ctx[32];
        int found = 0;
        snprintf(ctx, sizeof ctx, "cell %zu", i);
        for (size_t k = 0; k < pdf_warning_count(d); k++) {
            const pdf_warning *w = pdf_warning_get(d, k);
            if (w->cp == cps[i] && strcmp(w->ctx, ctx) == 0) found = 1;
        }
        T_CHECK(found, "%s: U+%04X listed in the warnings as '%s'", name, (unsigned)cps[i], ctx);
    }
    /* and every character of the BMP is in the font: not a box (which has ink) */
    for (size_t k = 0; k < pdf_warning_count(d); k++) {
        const pdf_warning *w = pdf_warning_get(d, k);
        char u[8];
        put_utf8(u, w->cp);
        T_CHECK(w->cp > 0xFFFF, "%s: %s U+%04X (%s) drawn as a box, not in the font", name, u, (unsigned)w->cp,
                w->ctx);
    }
    pdf_free(d);
    return blank_cells(path, &g, n, first);
}

/* ---- the tests ---- */

static const char COMMON[] = "的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自"
                             "着去之过家学对可里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用"
                             "主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实"
                             "客服部罚款扣款明细回访覆盖率报告档案保管期限过期文件处理登记表测试员工迟到早退";

static void test_font_check(void)
{
    uint32_t cps[512];
    size_t n = cps_of(COMMON, cps, 512);
    kerr e = {0};
    T_EQ_INT(pdf_font_check(UMING, 0, cps, n, &e), 0, "uming face 0 passes the common hanzi");
    if (e.code) fprintf(stderr, "  %s\n", e.msg);

    kerr_clear(&e);
    T_EQ_INT(pdf_font_check(WQY, 0, cps, n, &e), -1, "wqy-microhei is refused");
    T_EQ_INT(e.code, EXIT_DATAERR, "wqy refusal is a data error");
    T_CHECK(strstr(e.msg, WQY) != NULL, "refusal names the font: %s", e.msg);
    T_CHECK(strstr(e.msg, "32767") != NULL || strstr(e.msg, "composite") != NULL,
            "refusal gives the reason: %s", e.msg);
    /* hanzi seen blank in WenQuanYi through libharu 2.3: 测 试 的 */
    static const char *broken[] = { "测", "试", "的" };
    for (size_t i = 0; i < 3; i++) {
        uint32_t c[1];
        cps_of(broken[i], c, 1);
        kerr e1 = {0};
        T_EQ_INT(pdf_font_check(WQY, 0, c, 1, &e1), -1, broken[i]);
        T_CHECK(strstr(e1.msg, broken[i]) != NULL, "refusal of %s names it: %s", broken[i], e1.msg);
    }
    /* ASCII is simple glyphs in both */
    uint32_t latin[] = { 'A', 'b', '1', ' ' };
    kerr e2 = {0};
    T_EQ_INT(pdf_font_check(WQY, 0, latin, 4, &e2), 0, "wqy is fine for ASCII");
    /* characters the font lacks are not refusals (they become boxes) */
    uint32_t odd[] = { 0x20BB7, 0xE000, 0x1F600 };
    kerr e3 = {0};
    T_EQ_INT(pdf_font_check(UMING, 0, odd, 3, &e3), 0, "missing characters are not a refusal");
    kerr e4 = {0};
    T_EQ_INT(pdf_font_check(UMING, 9, cps, 1, &e4), -1, "face 9 of a 4-face collection");
    T_CHECK(strstr(e4.msg, "no face 9") != NULL, "face error: %s", e4.msg);
}

/* Finds table `tag` of face 0 of the collection/font in `data`. */
static int find_table(const unsigned char *f, size_t len, const char *tag, uint32_t *off, uint32_t *tl)
{
    size_t base = 0;
#define U32(p) ((uint32_t)(p)[0] << 24 | (uint32_t)(p)[1] << 16 | (uint32_t)(p)[2] << 8 | (p)[3])
    if (len < 16) return -1;
    if (memcmp(f, "ttcf", 4) == 0) base = U32(f + 12);
    if (base + 12 > len) return -1;
    unsigned nt = (unsigned)(f[base + 4] << 8 | f[base + 5]);
    for (unsigned i = 0; i < nt && base + 12 + 16 * (i + 1) <= len; i++) {
        const unsigned char *r = f + base + 12 + 16 * i;
        if (memcmp(r, tag, 4) == 0) { *off = U32(r + 8); *tl = U32(r + 12); return 0; }
    }
    return -1;
}

static void test_hostile_fonts(void)
{
    char trunc[512], bad[512];
    uint32_t cps[64];
    size_t n = cps_of("客服部罚款中文", cps, 64);
    kerr e = {0};

    snprintf(trunc, sizeof trunc, "%s/trunc.ttc", tmpdir);
    T_EQ_INT(copy_file(UMING, trunc, 1024), 0, "copy 1 KB of uming");
    T_EQ_INT(pdf_font_check(trunc, 0, cps, n, &e), -1, "1 KB font fails the check");
    T_EQ_INT(e.code, EXIT_DATAERR, "truncated font is a data error");
    T_CHECK(strstr(e.msg, trunc) && (strstr(e.msg, "past the end") || strstr(e.msg, "truncated")),
            "truncation named: %s", e.msg);
    kerr_clear(&e);
    pdf_doc *d = open_doc(trunc, 0, &e);
    T_CHECK(d == NULL && e.code == EXIT_DATAERR, "pdf_open refuses the 1 KB font: %s", e.msg);
    pdf_free(d);

    /* empty file, and a file that is not a font */
    snprintf(trunc, sizeof trunc, "%s/empty.ttf", tmpdir);
    kerr e0 = {0};
    util_write_file_atomic(trunc, "", 0, &e0);
    T_EQ_INT(pdf_font_check(trunc, 0, cps, n, &e0), -1, "empty font file");
    util_write_file_atomic(trunc, "hello, not a font at all", 24, &e0);
    kerr_clear(&e0);
    T_EQ_INT(pdf_font_check(trunc, 0, cps, n, &e0), -1, "text file as font");
    T_CHECK(strstr(e0.msg, "not a TrueType") != NULL, "not a font: %s", e0.msg);

    /* corrupt loca offsets in a copy of WenQuanYi (5 MB) */
    char *data;
    size_t len;
    kerr e1 = {0};
    if (util_read_file(WQY, &data, &len, &e1) < 0) { T_CHECK(0, "read %s", WQY); return; }
    unsigned char *f = (unsigned char *)data;
    uint32_t loff = 0, llen = 0, coff = 0, clen = 0;
    T_EQ_INT(find_table(f, len, "loca", &loff, &llen), 0, "wqy has loca");
    T_EQ_INT(find_table(f, len, "cmap", &coff, &clen), 0, "wqy has cmap");
    snprintf(bad, sizeof bad, "%s/badloca.ttc", tmpdir);
    unsigned char save[16];
    memcpy(save, f + loff + 400, 16);
    memset(f + loff + 400, 0xFF, 16);       /* offsets far past 'glyf' */
    util_write_file_atomic(bad, data, len, &e1);
    kerr e2 = {0};
    T_EQ_INT(pdf_font_check(bad, 0, cps, n, &e2), -1, "corrupt loca fails the check");
    T_CHECK(strstr(e2.msg, "loca") != NULL, "loca named: %s", e2.msg);
    kerr_clear(&e2);
    d = open_doc(bad, 0, &e2);
    T_CHECK(d == NULL && strstr(e2.msg, "loca"), "pdf_open refuses corrupt loca: %s", e2.msg);
    pdf_free(d);
    memcpy(f + loff + 400, save, 16);

    /* decreasing loca entries */
    memset(f + loff + 800, 0, 4);
    util_write_file_atomic(bad, data, len, &e1);
    kerr e3 = {0};
    T_EQ_INT(pdf_font_check(bad, 0, cps, n, &e3), -1, "decreasing loca fails the check");

    /* random damage to the headers, the cmap and loca: never a crash, and
     * the check either passes or fails with a message */
    uint32_t seed = 12345;
    int fails = 0, runs = 0;
    char *orig;
    size_t olen;
    util_read_file(WQY, &orig, &olen, &e1);
    int fd = open(bad, O_RDWR);
    if (fd >= 0 && pwrite(fd, orig, olen, 0) == (ssize_t)olen) {
        for (int it = 0; it < 150; it++) {
            size_t pos[3] = { (size_t)-1, (size_t)-1, (size_t)-1 };
            for (int k = 0; k < 3; k++) {
                seed = seed * 1103515245u + 12345u;
                uint32_t r = seed >> 8;
                pos[k] = k == 0 ? r % 1024 : k == 1 ? coff + r % (clen ? clen : 1) : loff + r % (llen ? llen : 1);
                if (k != it % 3) pos[k] = (size_t)-1;     /* one region per iteration */
                unsigned char b = (unsigned char)(seed >> 3);
                if (pos[k] < olen && pwrite(fd, &b, 1, (off_t)pos[k]) != 1) break;
            }
            kerr ek = {0};
            static const uint32_t ascii[] = { 'H', 'e', 'l', 'o', ' ', '1', '2', 0x20BB7 };
            int r = pdf_font_check(bad, 0, ascii, sizeof ascii / sizeof ascii[0], &ek);
            runs++;
            if (r < 0) { fails++; if (!ek.msg[0]) T_CHECK(0, "failure without a message, iteration %d", it); }
            if (getenv("FUZZ_DEBUG")) fprintf(stderr, "it %d: %s\n", it, r < 0 ? ek.msg : "ok");
            for (int k = 0; k < 3; k++)
                if (pos[k] < olen && pwrite(fd, orig + pos[k], 1, (off_t)pos[k]) != 1) break;
        }
    }
    if (fd >= 0) close(fd);
    T_EQ_INT(runs, 150, "150 damaged fonts checked without a crash");
    T_CHECK(fails > 0 && fails < runs, "damage is sometimes refused, sometimes harmless (%d of %d)", fails, runs);
    fprintf(stderr, "  damaged fonts: %d of %d refused\n", fails, runs);
    free(orig);
    free(data);
}

static void test_missing_font(void)
{
    kerr e = {0};
    pdf_doc *d = open_doc("/nonexistent/dir/font.ttc", 0, &e);
    T_CHECK(d == NULL, "missing --font fails");
    T_EQ_INT(e.code, EXIT_NOINPUT, "missing font is EXIT_NOINPUT");
    T_CHECK(strstr(e.msg, "/nonexistent/dir/font.ttc") != NULL, "path named: %s", e.msg);

    setenv(PDF_FONT_ENV, "/nonexistent/env-font.ttf", 1);
    kerr_clear(&e);
    d = open_doc(NULL, 0, &e);
    T_CHECK(d == NULL && strstr(e.msg, "/nonexistent/env-font.ttf") && strstr(e.msg, PDF_FONT_ENV),
            "$KEFU_FONT named: %s", e.msg);
    unsetenv(PDF_FONT_ENV);

    kerr_clear(&e);
    d = open_doc(NULL, 0, &e);
    T_CHECK(d != NULL, "default font opens: %s", e.msg);
    if (d) T_EQ_STR(pdf_font_path(d), PDF_DEFAULT_FONT, "default font path");
    pdf_free(d);

    kerr_clear(&e);
    T_EQ_INT(pdf_font_check("/nonexistent/x.ttf", 0, NULL, 0, &e), -1, "check of a missing font");
    T_CHECK(e.code == EXIT_NOINPUT && strstr(e.msg, "/nonexistent/x.ttf"), "check names it: %s", e.msg);
}

/* Counts "/Type /Page" objects (not /Pages) in a PDF. */
static int count_pages(const unsigned char *p, size_t n)
{
    static const char pat[] = "/Type /Page";
    int c = 0;
    for (size_t i = 0; i + sizeof pat <= n; i++)
        if (memcmp(p + i, pat, sizeof pat - 1) == 0 && p[i + sizeof pat - 1] != 's') c++;
    return c;
}

static void big_table(pdf_doc *d, int rows)
{
    pdf_col cols[] = { { "序号", 15, 0, PDF_RIGHT, 0 }, { "员工", 25, 0, PDF_LEFT, 0 }, { "事由", 0, 0, PDF_LEFT, 0 },
                       { "金额（元）", 25, 0, PDF_RIGHT, 0 } };
    pdf_table_begin(d, cols, 4);
    for (int i = 0; i < rows; i++) {
        char no[16], amt[32];
        snprintf(no, sizeof no, "%d", i + 1);
        snprintf(amt, sizeof amt, "%d.%02d", i * 7 % 500, i % 100);
        const char *cells[] = { no, i % 3 ? "张三" : "李四", "迟到（第一篇第二十九条）", amt };
        pdf_table_row(d, cells, 0, no);
    }
    pdf_table_end(d);
}

static void test_table_pages(void)
{
    kerr e = {0};
    pdf_doc *d = open_doc(NULL, 0, &e);
    if (!d) { T_CHECK(0, "open: %s", e.msg); return; }
    pdf_metrics m;
    pdf_get_metrics(d, &m);
    double row = m.table_line + 2 * m.table_pad;         /* a one-line row, header included */
    int per = (int)floor((m.body_bottom - m.body_top - row) / row + 1e-9);
    int want = (1000 + per - 1) / per;
    big_table(d, 1000);
    T_EQ_INT(pdf_page_count(d), want, "1000 rows: pages from row height and page area");
    char path[512];
    snprintf(path, sizeof path, "%s/table.pdf", tmpdir);
    T_EQ_INT(pdf_save(d, path, &e), 0, "1000-row table saved");
    char *data;
    size_t len;
    if (util_read_file(path, &data, &len, &e) == 0) {
        T_EQ_INT(count_pages((unsigned char *)data, len), want, "page objects in the file");
        T_CHECK(len > 4 && memcmp(data, "%PDF", 4) == 0, "file is a PDF");
        free(data);
    }
    char cmd[700];
    snprintf(cmd, sizeof cmd, "pdftotext -f 2 -l 2 '%s' - 2>/dev/null", path);
    char *txt = run_out(cmd);
    T_CHECK(txt && strstr(txt, "序号") && strstr(txt, "金额"), "header row repeated on page 2");
    char foot[64];
    snprintf(foot, sizeof foot, "共 %d 页", want);
    T_CHECK(txt && strstr(txt, "第 2 页") && strstr(txt, foot), "footer '第 2 页 / %s' on page 2", foot);
    free(txt);
    pdf_free(d);

    /* English footer */
    d = open_doc(NULL, 1, &e);
    big_table(d, 100);
    int np = pdf_page_count(d);
    snprintf(path, sizeof path, "%s/table-en.pdf", tmpdir);
    T_EQ_INT(pdf_save(d, path, &e), 0, "English variant saved");
    snprintf(cmd, sizeof cmd, "pdftotext -f 1 -l 1 '%s' - 2>/dev/null", path);
    txt = run_out(cmd);
    snprintf(foot, sizeof foot, "Page 1 of %d", np);
    T_CHECK(txt && strstr(txt, foot), "English footer '%s'", foot);
    free(txt);
    pdf_free(d);

    /* a cell taller than a page is split, not lost or looped on */
    d = open_doc(NULL, 0, &e);
    sbuf big = {0};
    for (int i = 0; i < 4000; i++) sbuf_adds(&big, "很长的说明");
    pdf_col c2[] = { { "编号", 20, 0, PDF_LEFT, 0 }, { "说明", 0, 0, PDF_LEFT, 0 } };
    pdf_table_begin(d, c2, 2);
    const char *cells[] = { "X-1", big.p };
    T_EQ_INT(pdf_table_row(d, cells, 0, "X-1"), 0, "a 20,000-character cell");
    T_EQ_INT(pdf_table_end(d), 0, "the waiting row drawn");
    T_CHECK(pdf_page_count(d) > 3, "it spans pages (%d)", pdf_page_count(d));
    unsigned char *out;
    size_t olen;
    T_EQ_INT(pdf_save_mem(d, &out, &olen, &e), 0, "saved to memory");
    if (olen) free(out);
    sbuf_free(&big);
    pdf_free(d);
}

/* The basis line (pdf_opts.basis) is on every page, whole, however long. */
static void test_basis_line(void)
{
    static const char *const bases[] = {
        "基准日 2026-11-25 | 生成 2026-11-26 01:30:00 | 政策 default sha256 0123456789ab | kefu 0.1.0",
        /* longer than the width at the basis size: set smaller, never cut */
        "基准日 2026-11-25 | 生成 2026-11-26 01:30:00 | 政策 default（2025-01-01 通过）sha256 "
        "0123456789abcdef0123456789abcdef | kefu 0.1.0 | 运行 run-2026-11-25 | 审计链 #123456 fedcba9876543210fedcba98 END",
    };
    for (size_t b = 0; b < sizeof bases / sizeof bases[0]; b++) {
        kerr e = {0};
        pdf_opts o = { .title = "T", .org = "O", .period = "2026-11", .created = 0, .basis = bases[b] };
        pdf_doc *d = pdf_open(&o, &e);
        if (!d) { T_CHECK(0, "open: %s", e.msg); return; }
        big_table(d, 120);
        int np = pdf_page_count(d);
        char path[512], cmd[700];
        snprintf(path, sizeof path, "%s/basis%zu.pdf", tmpdir, b);
        T_EQ_INT(pdf_save(d, path, &e), 0, "basis: saved");
        pdf_free(d);
        T_CHECK(np >= 2, "basis: the table spans pages (%d)", np);
        for (int pg = 1; pg <= np; pg++) {
            snprintf(cmd, sizeof cmd, "pdftotext -raw -f %d -l %d '%s' - 2>/dev/null", pg, pg, path);
            char *txt = run_out(cmd);
            T_CHECK(txt && strstr(txt, "基准日 2026-11-25") && strstr(txt, b ? " END" : "kefu 0.1.0") &&
                    !strstr(txt, "\xE2\x80\xA6"),
                    "basis %zu whole on page %d of %d", b, pg, np);
            free(txt);
        }
    }
}

/* Builds a small report with every kind of content into memory. */
/* A few pages of report, not saved yet (caller frees); NULL on failure. */
static pdf_doc *sample_doc(int64_t created, kerr *e)
{
    pdf_opts o = { .title = "月度罚款与扣款明细", .author = "kefu", .org = "阳光花园物业服务中心客服部",
                   .period = "2026-10", .created = created };
    pdf_doc *d = pdf_open(&o, e);
    if (!d) return NULL;
    pdf_heading(d, 1, "月度罚款与扣款明细（2026年10月）", NULL);
    pdf_paragraph(d, "本报告依据《客服部管理制度》第一篇第二十八条至第三十四条汇总本月违规记录。", NULL);
    pdf_keyvalue(d, "部门", "客服部", NULL);
    big_table(d, 40);
    pdf_bar bars[] = { { "前台", 1250 }, { "回访组", 830.5 }, { "夜班", 0 } };
    pdf_bar_chart(d, "各部门罚款合计", "元", bars, 3, 0, "chart");
    pdf_signature(d, "经办人", "日期", NULL);
    return d;
}

static int sample_report(int64_t created, unsigned char **out, size_t *len, kerr *e)
{
    pdf_doc *d = sample_doc(created, e);
    if (!d) return -1;
    int r = pdf_save_mem(d, out, len, e);
    pdf_free(d);
    return r;
}

/* Whether the file at `path` holds exactly the n bytes at p. */
static int file_is(const char *path, const unsigned char *p, size_t n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    int same = 1;
    size_t at = 0;
    unsigned char buf[65536];
    size_t got;
    while (same && (got = fread(buf, 1, sizeof buf, f)) > 0) {
        same = at + got <= n && memcmp(buf, p + at, got) == 0;
        at += got;
    }
    fclose(f);
    return same && at == n;
}

/* Whether tmpdir holds a file whose name begins with `prefix`. */
static int tmp_has(const char *prefix)
{
    DIR *dir = opendir(tmpdir);
    int found = 0;
    struct dirent *de;
    while (dir && (de = readdir(dir)) != NULL)
        if (strncmp(de->d_name, prefix, strlen(prefix)) == 0) found = 1;
    if (dir) closedir(dir);
    return found;
}

/* pdf_save streams the file to its temp file as libharu writes it (the
 * file is never held whole in memory): the same bytes as pdf_save_mem,
 * /ID included, saved again and again; a write that fails (the file size
 * limit, EFBIG) leaves neither the target nor a temp file, and the
 * document can still be saved. */
static void test_save_paths(void)
{
    kerr e = {0};
    pdf_doc *d = sample_doc(CREATED, &e);
    if (!d) { T_CHECK(0, "open: %s", e.msg); return; }
    unsigned char *m = NULL;
    size_t ml = 0;
    T_EQ_INT(pdf_save_mem(d, &m, &ml, &e), 0, "save: to memory");
    T_CHECK(ml > 2 * 65536, "save: the file is larger than the write buffer (%zu bytes)", ml);
    char a[300], b[300];
    snprintf(a, sizeof a, "%s/save-a.pdf", tmpdir);
    snprintf(b, sizeof b, "%s/save-b.pdf", tmpdir);
    T_EQ_INT(pdf_save(d, a, &e), 0, "save: to a file after memory");
    T_CHECK(file_is(a, m, ml), "save: the file holds the bytes saved to memory");
    T_EQ_INT(pdf_save(d, a, &e), 0, "save: the same file again");
    T_CHECK(file_is(a, m, ml), "save: again the same bytes");

    struct rlimit old, lim;
    T_EQ_INT(getrlimit(RLIMIT_FSIZE, &old), 0, "save: getrlimit");
    lim = old;
    lim.rlim_cur = 100000;
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    kerr e2 = {0};
    int r = setrlimit(RLIMIT_FSIZE, &lim) == 0 ? pdf_save(d, b, &e2) : -2;
    setrlimit(RLIMIT_FSIZE, &old);
    signal(SIGXFSZ, prev);
    T_EQ_INT(r, -1, "save: a write past the file size limit fails");
    T_EQ_INT(e2.code, EXIT_CANTCREAT, "save: EXIT_CANTCREAT");
    T_CHECK(strstr(e2.msg, "write failed") && strstr(e2.msg, ".save-b.pdf.tmp-"), "save: names the temp file: %s",
            e2.msg);
    T_CHECK(access(b, F_OK) != 0 && !tmp_has(".save-b.pdf."), "save: no target, no temp file left");
    kerr e3 = {0};
    T_CHECK(pdf_save(d, b, &e3) == 0, "save: the document saves after a failed write: %s", e3.msg);
    T_CHECK(file_is(b, m, ml), "save: the same bytes after the failed write");
    free(m);
    pdf_free(d);
}

static void test_reproducible(void)
{
    unsigned char *a = NULL, *b = NULL, *c = NULL;
    size_t la = 0, lb = 0, lc = 0;
    kerr e = {0};
    T_EQ_INT(sample_report(CREATED, &a, &la, &e), 0, "report A");
    T_EQ_INT(sample_report(CREATED, &b, &lb, &e), 0, "report B");
    T_CHECK(la == lb && la > 0 && memcmp(a, b, la) == 0, "same content twice: byte-identical (%zu, %zu)", la, lb);
    T_EQ_INT(sample_report(CREATED + 86400, &c, &lc, &e), 0, "report C, a day later");
    T_CHECK(!(la == lc && memcmp(a, c, la) == 0), "the creation date is in the bytes");
    /* an /ID (a hash of the content: the same twice, above) and our date */
    int has_id = 0, has_date = 0;
    for (size_t i = 0; i + 20 < la; i++) {
        if (memcmp(a + i, "/ID [ <", 7) == 0 && memcmp(a + i + 7, "0000000000", 10) != 0) has_id = 1;
        if (memcmp(a + i, "D:20260921", 10) == 0) has_date = 1;
    }
    T_CHECK(has_id, "an /ID in the file");
    T_CHECK(has_date, "/CreationDate is the given time (2026-09-21)");
    free(a); free(b); free(c);
}

static void test_warnings_and_errors(void)
{
    kerr e = {0};
    pdf_doc *d = open_doc(NULL, 0, &e);
    if (!d) { T_CHECK(0, "open: %s", e.msg); return; }
    pdf_paragraph(d, "姓名：吉𠮷祥", "V-0042");
    pdf_paragraph(d, "bad \xff byte, tab\tand bell\x07", "V-0043");
    pdf_paragraph(d, "𠮷𠮷", "V-0042");            /* repeat: listed once */
    T_EQ_INT(pdf_warning_count(d), 3, "three warnings");
    const pdf_warning *w = pdf_warning_get(d, 0);
    T_CHECK(w && w->cp == 0x20BB7 && strcmp(w->ctx, "V-0042") == 0, "U+20BB7 with its record");
    sbuf s = {0};
    if (w) pdf_warning_format(w, &s);
    T_CHECK(s.p && strstr(s.p, "V-0042") && strstr(s.p, "U+20BB7") && strstr(s.p, "𠮷"), "warning text: %s", s.p);
    sbuf_free(&s);
    w = pdf_warning_get(d, 1);
    T_CHECK(w && w->kind == PDF_WARN_BAD_UTF8 && w->cp == 0xFF, "invalid byte listed");
    w = pdf_warning_get(d, 2);
    T_CHECK(w && w->kind == PDF_WARN_CONTROL && w->cp == 7, "bell listed");
    T_CHECK(pdf_warning_get(d, 3) == NULL, "no fourth warning");

    /* widths: hanzi are 1 em in UMing */
    double w1 = pdf_text_width(d, "中", 10), w3 = pdf_text_width(d, "中文字", 10);
    T_CHECK(fabs(w1 - 10 * 25.4 / 72) < 0.01, "一 em at 10 pt: %g mm", w1);
    T_CHECK(fabs(w3 - 3 * w1) < 1e-9, "widths add up");

    /* errors are sticky and reported by save */
    const char *cells[] = { "x" };
    T_EQ_INT(pdf_table_row(d, cells, 0, NULL), -1, "row outside a table");
    T_EQ_INT(pdf_paragraph(d, "after the error", NULL), -1, "sticky: later calls fail");
    unsigned char *out = NULL;
    size_t len = 0;
    kerr e2 = {0};
    T_EQ_INT(pdf_save_mem(d, &out, &len, &e2), -1, "save reports the first error");
    T_CHECK(strstr(e2.msg, "outside a table") != NULL, "first error kept: %s", e2.msg);
    pdf_free(d);

    /* unwritable output */
    d = open_doc(NULL, 0, &e);
    pdf_paragraph(d, "内容", NULL);
    kerr e3 = {0};
    T_EQ_INT(pdf_save(d, "/nonexistent/dir/out.pdf", &e3), -1, "save into a missing directory");
    T_EQ_INT(e3.code, EXIT_CANTCREAT, "EXIT_CANTCREAT");
    T_EQ_INT(pdf_paragraph(d, "after save", NULL), -1, "no drawing after save");
    pdf_free(d);

    /* a document using WenQuanYi's broken glyphs is refused at save */
    kerr e4 = {0};
    d = open_doc(WQY, 0, &e4);
    T_CHECK(d != NULL, "wqy opens (the check is on what is drawn): %s", e4.msg);
    if (d) {
        pdf_paragraph(d, "ABC 测试", NULL);
        T_EQ_INT(pdf_save_mem(d, &out, &len, &e4), -1, "save refuses wqy hanzi");
        T_CHECK(strstr(e4.msg, WQY) && strstr(e4.msg, "测"), "refusal names font and 测: %s", e4.msg);
        pdf_free(d);
    }
    pdf_opts ascii = { .font_path = WQY, .title = "ASCII", .org = "Org", .period = "2026-10", .created = CREATED,
                       .english = 1 };
    d = pdf_open(&ascii, &e4);
    if (d) {
        pdf_paragraph(d, "ASCII only is fine", NULL);
        kerr e5 = {0};
        T_EQ_INT(pdf_save_mem(d, &out, &len, &e5), 0, "wqy with ASCII only saves");
        if (len) free(out);
        pdf_free(d);
    }
}

/* Edge cases of layout: many boxes on one line, empty and zero charts,
 * landscape pages, long headings, a table of one very narrow column. */
static void test_layout_edges(void)
{
    kerr e = {0};
    pdf_opts o = { .title = "横向 landscape", .org = "org", .period = "p", .created = CREATED, .landscape = 1 };
    pdf_doc *d = pdf_open(&o, &e);
    if (!d) { T_CHECK(0, "landscape open: %s", e.msg); return; }
    pdf_metrics m;
    pdf_get_metrics(d, &m);
    T_CHECK(m.page_w > m.page_h && fabs(m.page_w - 297) < 0.01, "landscape A4: %g x %g mm", m.page_w, m.page_h);
    sbuf many = {0};
    for (int i = 0; i < 300; i++) sbuf_adds(&many, "\xF0\xA0\xAE\xB7");        /* 𠮷 */
    T_EQ_INT(pdf_text_at(d, 10, 40, 4, many.p, "many"), 0, "300 boxes on one line");
    T_EQ_INT(pdf_warning_count(d), 1, "listed once for its context");
    sbuf_free(&many);
    T_EQ_INT(pdf_bar_chart(d, "空图", "元", NULL, 0, 50, NULL), 0, "empty chart");
    pdf_bar zero[] = { { "甲", 0 }, { "乙", -5 }, { NULL, 0 } };
    T_EQ_INT(pdf_bar_chart(d, "零值", NULL, zero, 3, 50, NULL), 0, "zero and negative bars");
    pdf_bar small[] = { { "很长很长很长很长很长很长的部门名称", 0.25 }, { "B", 0.5 } };
    T_EQ_INT(pdf_bar_chart(d, "小数", "%", small, 2, 0, NULL), 0, "fractional values");
    pdf_bar lots[PDF_MAX_BARS + 1];
    for (int i = 0; i <= PDF_MAX_BARS; i++) { lots[i].label = "x"; lots[i].value = i; }
    T_EQ_INT(pdf_bar_chart(d, "满", NULL, lots, PDF_MAX_BARS, 0, NULL), 0, "PDF_MAX_BARS bars");
    pdf_col narrow[] = { { "窄", 3, 0, PDF_LEFT, 0 }, { "宽", 0, 0, PDF_CENTER, 0 } };
    T_EQ_INT(pdf_table_begin(d, narrow, 2), 0, "narrow column");
    const char *cells[] = { "很长的文字 and words", "居中" };
    T_EQ_INT(pdf_table_row(d, cells, PDF_ROW_SHADE, NULL), 0, "narrow row");
    T_EQ_INT(pdf_table_end(d), 0, "table end");
    T_EQ_INT(pdf_heading(d, 2, "一个很长的标题，一个很长的标题，一个很长的标题，一个很长的标题，一个很长的标题，"
                                "一个很长的标题，一个很长的标题，一个很长的标题", NULL), 0, "long heading wraps");
    T_EQ_INT(pdf_keyvalue(d, NULL, NULL, NULL), 0, "empty key-value");
    T_EQ_INT(pdf_signature(d, "经办人", NULL, NULL), 0, "signature without a date");
    unsigned char *out;
    size_t len;
    T_EQ_INT(pdf_save_mem(d, &out, &len, &e), 0, "landscape saved");
    if (len) free(out);
    T_EQ_INT(pdf_bar_chart(d, "x", NULL, lots, PDF_MAX_BARS + 1, 0, NULL), -1, "no drawing after save");
    pdf_free(d);

    d = open_doc(NULL, 0, &e);
    T_EQ_INT(pdf_bar_chart(d, "x", NULL, lots, PDF_MAX_BARS + 1, 0, NULL), -1, "too many bars");
    kerr e2 = {0};
    T_CHECK(pdf_error(d, &e2) == -1 && strstr(e2.msg, "at most"), "too many bars named: %s", e2.msg);
    pdf_free(d);
}

/* Appends to cps[0..n) every character of the UTF-8 file `path` that is
 * not already there, not ASCII space or control; returns the new count. */
static size_t add_chars_of(const char *path, uint32_t *cps, size_t n, size_t max)
{
    char *data;
    size_t len;
    kerr e = {0};
    if (util_read_file(path, &data, &len, &e) < 0) {
        T_CHECK(0, "reading the characters of the templates and samples: %s", e.msg);
        return n;
    }
    static uint32_t got[8192];
    size_t k = cps_of(data, got, sizeof got / sizeof *got);
    free(data);
    for (size_t i = 0; i < k && n < max; i++) {
        if (got[i] <= 0x20 || got[i] == 0x7F) continue;
        int dup = 0;
        for (size_t j = 0; j < n && !dup; j++) dup = cps[j] == got[i];
        if (!dup) cps[n++] = got[i];
    }
    return n;
}

/* The grid check on the first `n` level-1 hanzi, then (with `extra`, a
 * UTF-8 file) every other character kefu prints from its templates, samples
 * and sources, then 𠮷: UMing has ink in every cell (𠮷 as a box);
 * WenQuanYi without the check has blank cells among the hanzi. */
static int glyph_grids(size_t n, const char *dir, const char *extra)
{
    static uint32_t cps[12000];
    size_t max = sizeof cps / sizeof *cps - 1;
    size_t total = gb2312_level1(cps, max);
    T_EQ_INT(total, 3755, "GB2312 level 1 has 3,755 hanzi");
    if (n > total) n = total;
    size_t all = extra ? add_chars_of(extra, cps, n, max) : n;
    if (extra) printf("glyphs extra: %zu characters beyond GB2312 level 1\n", all - n);
    cps[all] = 0x20BB7;
    long first;
    long blank = grid_test(UMING, "uming", cps, all + 1, dir, 0, &first);
    printf("glyphs uming: %zu cells, %ld blank\n", all + 1, blank);
    T_EQ_INT(blank, 0, "uming: every cell has ink (𠮷 as a box)");
    if (blank > 0) {
        char u[8];
        put_utf8(u, cps[first]);
        fprintf(stderr, "  first blank cell %ld: %s U+%04X\n", first, u, (unsigned)cps[first]);
    }

    kerr e = {0};
    char path[512];
    snprintf(path, sizeof path, "%s/grid-refused.pdf", dir);
    T_EQ_INT(make_grid(WQY, cps, n, path, &e, NULL), -1, "wqy grid refused without the test switch");
    T_CHECK(strstr(e.msg, WQY) != NULL, "refusal: %.200s", e.msg);

    blank = grid_test(WQY, "wqy-unsafe", cps, n, dir, 1, &first);
    printf("glyphs wqy-unsafe: %zu cells, %ld blank\n", n, blank);
    T_CHECK(blank > 0, "wqy with the check bypassed: blank cells detected (%ld)", blank);
    if (blank > 0) {
        char u[8];
        put_utf8(u, cps[first]);
        fprintf(stderr, "  wqy: %ld of %zu cells blank, first %s U+%04X\n", blank, n, u, (unsigned)cps[first]);
    }
    return 0;
}

/* ---- the archival parts (PDF/A-1b, checked structurally) ---- */

/* Saves a small document whose title and org hold XML specials and a
 * control character, with a heading, a bookmark and `body`; returns the
 * path written (static). */
static const char *archival_doc(const char *name, const char *body)
{
    static char path[400];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    kerr e = {0};
    pdf_opts o = { .font_path = UMING, .title = "罚款 <a&b> \"q\" 'x'\x01", .author = "A&B",
                   .org = "阳光<物业>", .period = "2026-10", .keywords = "kefu; fines; 2026-10",
                   .created = CREATED };
    pdf_doc *d = pdf_open(&o, &e);
    T_CHECK(d != NULL, "archival: open: %s", e.msg);
    if (!d) return path;
    T_EQ_INT(pdf_heading(d, 2, "第一节 Section", NULL), 0, "archival: heading");
    T_EQ_INT(pdf_bookmark(d, 4, "E007 张伟"), 0, "archival: a level-4 bookmark under a level-2 heading");
    T_EQ_INT(pdf_bookmark(d, 9, "x"), -1, "archival: bookmark level 9 is refused");
    kerr e2 = {0};
    T_EQ_INT(pdf_save(d, path, &e2), -1, "archival: the refused bookmark is the document's error");
    pdf_free(d);
    d = pdf_open(&o, &e);
    if (!d) return path;
    T_EQ_INT(pdf_heading(d, 2, "第一节 Section", NULL), 0, "archival: heading");
    T_EQ_INT(pdf_bookmark(d, 4, "E007 张伟"), 0, "archival: bookmark");
    T_EQ_INT(pdf_paragraph(d, body, NULL), 0, "archival: paragraph");
    T_EQ_INT(pdf_save(d, path, &e), 0, "archival: save");
    pdf_free(d);
    return path;
}

static void test_archival(void)
{
    char cmd[700], *out;
    const char *p1 = archival_doc("a1.pdf", "张伟 SJ0024997 罚款 50.00 元");
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' - 2>&1 >/dev/null", p1);
    out = run_out(cmd);
    T_CHECK(out && out[0] == 0, "archival: pdftotext prints no warning: %s", out ? out : "?");
    free(out);
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", p1);
    out = run_out(cmd);
    T_CHECK(out && strstr(out, "张伟 SJ0024997 罚款 50.00 元"), "archival: the ToUnicode map gives the text back: %s",
            out ? out : "?");
    free(out);
    snprintf(cmd, sizeof cmd, "pdfinfo -meta '%s'", p1);
    out = run_out(cmd);
    T_CHECK(out && strstr(out, "<pdfaid:part>1</pdfaid:part>") && strstr(out, "<pdfaid:conformance>B<"),
            "archival: XMP names PDF/A-1b");
    T_CHECK(out && strstr(out, "罚款 &lt;a&amp;b&gt; &quot;q&quot; &apos;x&apos;\xEF\xBF\xBD 2026-10 \xE2\x80\x94 阳光&lt;物业&gt;"),
            "archival: XMP title escaped, the control character replaced: %s", out ? out : "?");
    T_CHECK(out && strstr(out, "<xmp:CreateDate>2026-09-21T14:13:20Z</xmp:CreateDate>"), "archival: XMP date");
    T_CHECK(out && strstr(out, "<pdf:Keywords>kefu; fines; 2026-10</pdf:Keywords>"), "archival: XMP keywords");
    free(out);
    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", p1);
    out = run_out(cmd);
    T_CHECK(out && strstr(out, "PDF version:     1.4"), "archival: PDF 1.4");
    T_CHECK(out && strstr(out, "Keywords:        kefu; fines; 2026-10"), "archival: Info keywords");
    T_CHECK(out && strstr(out, "Subject:         阳光<物业>: 罚款"), "archival: Info subject: %s", out ? out : "?");
    free(out);
    snprintf(cmd, sizeof cmd, "qpdf --qdf --object-streams=disable '%s' - 2>/dev/null | LC_ALL=C grep -a -c "
             "-e '/S /GTS_PDFA1' -e '/CIDSet' -e '/DestOutputProfile' -e '/Type /Metadata' -e '/Outlines'", p1);
    out = run_out(cmd);
    T_CHECK(out && atoi(out) >= 5, "archival: OutputIntent, profile, CIDSet, Metadata, Outlines present (%s)",
            out ? out : "?");
    free(out);
    snprintf(cmd, sizeof cmd, "qpdf --json --json-key=outlines '%s' | python3 -c \"import json,sys; "
             "o=json.load(sys.stdin)['outlines']; print(o[0]['title'], '/', o[0]['kids'][0]['title'])\"", p1);
    out = run_out(cmd);
    T_CHECK(out && strstr(out, "第一节 Section / E007 张伟"), "archival: the bookmark nests under the heading: %s",
            out ? out : "?");
    free(out);
    /* the /ID: a hash of the content, never of the clock */
    snprintf(cmd, sizeof cmd, "LC_ALL=C grep -a -o '/ID \\[ <[0-9A-F]*>' '%s'", p1);
    char *id1 = run_out(cmd);
    const char *p2 = archival_doc("a2.pdf", "张伟 SJ0024997 罚款 50.00 元");
    char *id2 = run_out(cmd);
    (void)p2;
    snprintf(cmd, sizeof cmd, "cmp -s '%s/a1.pdf' '%s/a2.pdf' && echo same", tmpdir, tmpdir);
    out = run_out(cmd);
    T_CHECK(out && strstr(out, "same"), "archival: the same content gives the same bytes");
    free(out);
    const char *p3 = archival_doc("a3.pdf", "张伟 SJ0024997 罚款 60.00 元");
    snprintf(cmd, sizeof cmd, "LC_ALL=C grep -a -o '/ID \\[ <[0-9A-F]*>' '%s'", p3);
    char *id3 = run_out(cmd);
    T_CHECK(id1 && strlen(id1) > 30 && !strstr(id1, "<00000000000000000000000000000000>"),
            "archival: /ID filled: %s", id1 ? id1 : "?");
    T_CHECK(id1 && id2 && strcmp(id1, id2) == 0, "archival: the same content, the same /ID");
    T_CHECK(id1 && id3 && strcmp(id1, id3) != 0, "archival: other content, another /ID");
    free(id1);
    free(id2);
    free(id3);
}

/* ---- line breaking and keeping rows together ---- */

static void test_wrap_and_groups(void)
{
    kerr e = {0};
    char path[400], cmd[600], *out;
    /* words, identifiers and long runs in a narrow column */
    pdf_doc *d = open_doc(NULL, 1, &e);
    pdf_col c1[] = { { "Note", 25, 0, PDF_LEFT, 1 }, { "Rest", 0, 0, PDF_LEFT, 0 } };
    pdf_table_begin(d, c1, 2);
    const char *r1[] = { "Pending review of SJ0024997 and 仪容仪表规范 第六条", "x" };
    const char *r2[] = { "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJ", "y" };
    T_EQ_INT(pdf_table_row(d, r1, 0, NULL), 0, "wrap: row 1");
    T_EQ_INT(pdf_table_row(d, r2, 0, NULL), 0, "wrap: row 2");
    snprintf(path, sizeof path, "%s/wrap.pdf", tmpdir);
    T_EQ_INT(pdf_save(d, path, &e), 0, "wrap: saved");
    pdf_free(d);
    snprintf(cmd, sizeof cmd, "pdftotext -raw -enc UTF-8 '%s' -", path);
    out = run_out(cmd);
    T_CHECK(out && strstr(out, "Pending\n") && strstr(out, "SJ0024997") && strstr(out, "仪容仪表规范"),
            "wrap: words, the id and the citation whole: %s", out ? out : "?");
    T_CHECK(out && strstr(out, "\xE2\x86\x92\n"), "wrap: a 46-character run is cut at the mark →");
    T_CHECK(out && !strstr(out, "Pendin\n"), "wrap: no word split");
    free(out);

    /* a group header repeated with (cont.) / （续）; a total never alone at the top */
    for (int en = 0; en <= 1; en++) {
        d = open_doc(NULL, en, &e);
        pdf_col c2[] = { { "A", 30, 0, PDF_LEFT, 0 }, { "B", 0, 0, PDF_LEFT, 0 } };
        pdf_table_begin(d, c2, 2);
        const char *g[] = { "G-1 Group", NULL };
        pdf_table_row(d, g, PDF_ROW_BOLD | PDF_ROW_GROUP, NULL);
        for (int i = 0; i < 80; i++) {
            char a[16];
            snprintf(a, sizeof a, "row %d", i);
            const char *r[] = { a, "data" };
            pdf_table_row(d, r, 0, NULL);
        }
        const char *t[] = { "SUBTOTAL", "80" };
        pdf_table_row(d, t, PDF_ROW_END, NULL);
        pdf_table_end(d);
        snprintf(path, sizeof path, "%s/group%d.pdf", tmpdir, en);
        T_EQ_INT(pdf_save(d, path, &e), 0, "group: saved");
        pdf_free(d);
        snprintf(cmd, sizeof cmd, "pdftotext -f 2 -l 2 -raw -enc UTF-8 '%s' -", path);
        out = run_out(cmd);
        T_CHECK(out && strstr(out, en ? "G-1 Group (cont.)" : "G-1 Group\xEF\xBC\x88\xE7\xBB\xAD\xEF\xBC\x89"),
                "group: the header repeated on page 2 (%s)", en ? "en" : "zh");
        free(out);
    }
    /* for every table length around a page break: the total row never
     * starts a page, the group header never ends one */
    int bad_total = 0, bad_group = 0;
    for (int n = 30; n <= 75; n++) {
        d = open_doc(NULL, 0, &e);
        pdf_col c3[] = { { "A", 30, 0, PDF_LEFT, 0 }, { "B", 0, 0, PDF_LEFT, 0 } };
        pdf_table_begin(d, c3, 2);
        for (int i = 0; i < n; i++) {
            const char *r[] = { "row", "data" };
            pdf_table_row(d, r, 0, NULL);
        }
        const char *g[] = { "GROUP", NULL };
        pdf_table_row(d, g, PDF_ROW_GROUP, NULL);
        const char *r[] = { "member", "data" };
        pdf_table_row(d, r, 0, NULL);
        const char *t[] = { "TOTAL", "1" };
        pdf_table_row(d, t, PDF_ROW_END, NULL);
        pdf_table_end(d);
        snprintf(path, sizeof path, "%s/keep.pdf", tmpdir);
        if (pdf_save(d, path, &e) == 0 && pdf_page_count(d) > 1) {
            snprintf(cmd, sizeof cmd, "pdftotext -f 2 -l 2 -raw -enc UTF-8 '%s' - | sed -n 3p", path);
            out = run_out(cmd);
            if (out && strncmp(out, "TOTAL", 5) == 0) bad_total++;
            free(out);
            snprintf(cmd, sizeof cmd, "pdftotext -f 1 -l 1 -raw -enc UTF-8 '%s' - | grep -v '^第' | tail -n 1", path);
            out = run_out(cmd);
            if (out && strncmp(out, "GROUP", 5) == 0) bad_group++;
            free(out);
        }
        pdf_free(d);
    }
    T_EQ_INT(bad_total, 0, "keep: no page starts with the total row");
    T_EQ_INT(bad_group, 0, "keep: no page ends with the group header");
}

/* pdf_keep (the sign-off block): a new page only when the block would
 * not fit below the flow position; never one at the top of a page. */
static void test_keep(void)
{
    kerr e = {0};
    pdf_doc *d = open_doc(NULL, 0, &e);
    T_CHECK(d != NULL, "open: %s", e.msg);
    if (!d) return;
    pdf_metrics m;
    pdf_get_metrics(d, &m);
    T_EQ_INT(pdf_keep(d, 1000), 0, "a block taller than a page at the top");
    T_EQ_INT(pdf_page_count(d), 1, "no new page at the top of a page");
    while (pdf_cursor(d) < m.body_bottom - 40) pdf_paragraph(d, "一行正文", NULL);
    double left = m.body_bottom - pdf_cursor(d);
    T_EQ_INT(pdf_keep(d, left - 1), 0, "a block that fits");
    T_EQ_INT(pdf_page_count(d), 1, "no new page when it fits");
    T_EQ_INT(pdf_keep(d, left + 1), 0, "a block that does not fit");
    T_EQ_INT(pdf_page_count(d), 2, "a new page when it does not fit");
    T_CHECK(pdf_cursor(d) <= m.body_top + 1e-6, "the flow at the top of the new page: %g", pdf_cursor(d));
    /* pdf_keyvalue_height predicts what pdf_keyvalue takes */
    static const char *const vals[] = { "一行", "旷工1-2天的每天扣发2天工资和奖金,连续旷工3天至5天的,扣发半个月的工资和奖金,"
                                        "连续旷工6天至10天的,扣发1个月的工资和奖金,连续旷工11天至14天的,扣发1个月的工资和2个月的奖金。\n"
                                        "连续旷工15天经上或年累计旷工30天以上的,按规定予以除名等处分。", "" };
    for (size_t i = 0; i < sizeof vals / sizeof *vals; i++) {
        double before = pdf_cursor(d), h = pdf_keyvalue_height(d, "原文", vals[i]);
        pdf_keyvalue(d, "原文", vals[i], NULL);
        T_CHECK(h > 0 && fabs(pdf_cursor(d) - before - h) < 1e-6, "keyvalue %zu: predicted %g mm, took %g mm", i, h,
                pdf_cursor(d) - before);
    }
    pdf_free(d);
}

int main(void)
{
    const char *gdir = getenv("KEFU_GLYPH_DIR");
    snprintf(tmpdir, sizeof tmpdir, "/tmp/test_pdf.XXXXXX");
    if (!mkdtemp(tmpdir)) { perror("mkdtemp"); return 1; }
    if (!has_file(UMING) || !has_file(WQY)) {
        fprintf(stderr, "test_pdf: needs %s and %s\n", UMING, WQY);
        T_CHECK(0, "fonts installed");
        return t_done();
    }
    if (gdir && *gdir) {
        const char *extra = getenv("KEFU_GLYPH_EXTRA");
        glyph_grids(3755, gdir, extra && *extra ? extra : NULL);
    } else {
        test_font_check();
        test_hostile_fonts();
        test_missing_font();
        test_table_pages();
        test_keep();
        test_basis_line();
        test_reproducible();
        test_save_paths();
        test_warnings_and_errors();
        test_layout_edges();
        test_archival();
        test_wrap_and_groups();
        glyph_grids(300, tmpdir, NULL);
    }
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
    return t_done();
}
