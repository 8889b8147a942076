/* pdf.h — the PDF writer the reports are drawn with (SPEC §8 "Reports").
 *
 * One opaque `pdf_doc` is one A4 document in one embedded CJK TrueType font
 * (libharu 2.3 subsets it). The caller flows content down the pages —
 * headings, paragraphs, key-value lines, tables that break across pages with
 * their header row repeated, bar charts, signature lines — and the module
 * draws the running header (organisation, report title, period) on every page
 * and, when the document is saved, the footer "第 X 页 / 共 Y 页" (or
 * "Page X of Y").
 *
 * The file aims at PDF/A-1b, checked structurally (no validator is packaged
 * in Debian): PDF 1.4; XMP metadata that repeats the Info entries, escaped;
 * an sRGB OutputIntent (the ICC profile of Debian's icc-profiles-free,
 * embedded in the binary at build time); a ToUnicode map of the characters
 * drawn, and a CIDSet for the subset font; a file /ID that is a hash of the
 * file's own bytes, never of the clock; bookmarks (pdf_heading and
 * pdf_bookmark).
 *
 * Text is UTF-8. Every text call takes a context string (a record id, a
 * section name; may be NULL) that is kept with any warning the text causes: a
 * character the font has no glyph for, one outside the BMP (libharu 2.3
 * encodes only the BMP), a control character or invalid UTF-8 is drawn as a
 * hollow box and listed by pdf_warning_count()/pdf_warning_get() — never
 * dropped silently.
 *
 * Font safety: libharu 2.3's subsetter keeps the parts of a composite glyph
 * only when their glyph id is at most 32767 and only one level deep, so with
 * WenQuanYi Micro Hei or Droid fonts most hanzi print blank while every
 * structural check passes. This module reads the font itself (pdf_font_check)
 * and checks every character actually drawn; pdf_save() and pdf_save_mem()
 * refuse a document that uses such a glyph, naming the font and the
 * characters. The environment variable KEFU_PDF_UNSAFE_FONT=1 turns the
 * refusal off; it exists ONLY so that tests can demonstrate the blank glyphs
 * (tests/e2e/glyphs.sh) and must never be set in production.
 *
 * Lengths are millimetres, font sizes points, positions measured from the
 * top-left corner of the page.
 *
 * Errors are values and sticky (like stdio's ferror): a call that fails
 * records the first error in the document and returns -1; after that every
 * drawing call returns -1 without drawing, and pdf_save()/pdf_save_mem()/
 * pdf_error() report that first error. The libharu error handler records
 * libharu's error code into the document; nothing longjmps or aborts except
 * out of memory (util.h). */
#ifndef KEFU_PDF_H
#define KEFU_PDF_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* The font used when neither --font nor $KEFU_FONT names one: AR PL UMing CN
 * (fonts-arphic-uming), face 0. */
#define PDF_DEFAULT_FONT "/usr/share/fonts/truetype/arphic/uming.ttc"
/* The font environment variable (SPEC §1). */
#define PDF_FONT_ENV "KEFU_FONT"
/* Test-only switch: "1" lets a document use glyphs libharu 2.3 prints blank. */
#define PDF_UNSAFE_FONT_ENV "KEFU_PDF_UNSAFE_FONT"

/* Limits on what callers (and through them, input) control. */
#define PDF_MAX_COLS     32       /* a table column narrower than 5 mm is useless on A4 */
#define PDF_MAX_BARS     60       /* a bar slot under ~2.5 mm cannot hold a label */
#define PDF_MAX_WARNINGS 10000    /* further warnings are counted, not stored */
/* The mark at the end of a line where a word longer than a whole line was
 * cut (an identifier over ~30 characters in a narrow column): U+2192 →,
 * which AR PL UMing has. Nothing shorter than a line is ever cut. */
#define PDF_CONT_MARK    "\xE2\x86\x92"
#define PDF_CONT_CP      0x2192
#define PDF_MAX_OUTLINE  4        /* bookmark levels: title, section, department, employee */

typedef struct pdf_doc pdf_doc;

typedef enum pdf_align { PDF_LEFT = 0, PDF_CENTER, PDF_RIGHT } pdf_align;

/* What pdf_open() needs. Strings are copied; NULL means "none". */
typedef struct pdf_opts {
    const char *font_path;   /* --font; NULL: $KEFU_FONT, then PDF_DEFAULT_FONT */
    unsigned font_face;      /* face index in a .ttc collection (must be 0 for .ttf) */
    int landscape;           /* nonzero: A4 landscape instead of portrait */
    int english;             /* nonzero: footer "Page X of Y" instead of "第 X 页 / 共 Y 页" */
    const char *title;       /* the centre of the running header; /Title is
                              * "title period — org" (whichever are given) */
    const char *subject;     /* /Subject; NULL: "org: title period" */
    const char *keywords;    /* /Keywords, e.g. "kefu; fines; 2026-10; ORG"; NULL: none */
    const char *author;      /* /Author */
    const char *org;         /* organisation name, left of the running header */
    const char *period;      /* e.g. "2026-10", right of the running header */
    const char *basis;       /* one line under the page number on every page: what
                              * the figures rest on (as-of day, generation time,
                              * policy, kefu version, run, audit head); shrunk to
                              * fit the width, never cut; NULL: none */
    const char *watermark;   /* drawn large, light grey and at 45 degrees across every
                              * page under the content ("草稿" on an unapproved
                              * register); NULL or "": none */
    int64_t created;         /* /CreationDate and /ModDate, seconds since the
                              * epoch, UTC (SOURCE_DATE_EPOCH or --as-of);
                              * negative: no dates. Never the current time, so
                              * that the same inputs give the same bytes. */
} pdf_opts;

/* Opens a document with its first page. Finds the font (font_path, else
 * $KEFU_FONT, else the default), checks that it is a TrueType font libharu
 * can embed, loads it. Returns NULL and fills `e` on failure: EXIT_NOINPUT
 * naming every path tried when no font file is found, EXIT_DATAERR when the
 * font is corrupt or unusable, EXIT_SOFTWARE for a libharu error. The caller
 * frees the result with pdf_free(). */
pdf_doc *pdf_open(const pdf_opts *o, kerr *e);

/* Frees the document; `d` may be NULL. */
void pdf_free(pdf_doc *d);

/* The font file and face in use (owned by `d`). */
const char *pdf_font_path(const pdf_doc *d);
unsigned pdf_font_face(const pdf_doc *d);

/* ---- flowing content (each returns 0, or -1 after recording an error) ---- */

/* A heading, level 1 (largest) to 3; kept on one page with the next 3
 * lines. It is also a bookmark at its level (pdf_bookmark). */
int pdf_heading(pdf_doc *d, int level, const char *text, const char *ctx);
/* A bookmark (outline entry) `text` at `level` (1..PDF_MAX_OUTLINE) that
 * opens the current page at the flow position; it nests under the last
 * bookmark of a lower level. Control characters and invalid UTF-8 become
 * U+FFFD, characters outside the BMP too (libharu 2.3 encodes only the BMP). */
int pdf_bookmark(pdf_doc *d, int level, const char *text);
/* A paragraph wrapped to the text width; '\n' starts a new line. */
int pdf_paragraph(pdf_doc *d, const char *text, const char *ctx);
/* "key  value": the key in a 35 mm column, the value wrapped beside it. */
int pdf_keyvalue(pdf_doc *d, const char *key, const char *value, const char *ctx);
/* The height in mm pdf_keyvalue would take for these texts (to keep a
 * block of them on one page with pdf_keep). */
double pdf_keyvalue_height(pdf_doc *d, const char *key, const char *value);
/* Vertical space; at most to the bottom of the page. */
int pdf_space(pdf_doc *d, double mm);
/* Starts a new page (the running header is drawn on it). */
int pdf_new_page(pdf_doc *d);
/* Keeps a block of `mm` together: starts a new page unless that much still
 * fits below the flow position (a block taller than a page starts one). */
int pdf_keep(pdf_doc *d, double mm);
/* A signature line: "label：______  date_label：______" (": " in English);
 * kept on one page. `date_label` may be NULL (no date line). */
int pdf_signature(pdf_doc *d, const char *label, const char *date_label, const char *ctx);

/* ---- tables ---- */

/* One column. Width: `mm` when > 0, else `frac` (of the text width) when > 0,
 * else an equal share of what the other columns leave; if the widths add up
 * to more than the text width they are scaled down. */
typedef struct pdf_col {
    const char *heading;     /* header row text (copied); NULL = empty */
    double mm;               /* fixed width in millimetres, or 0 */
    double frac;             /* fraction of the text width (0..1], or 0 */
    pdf_align align;         /* alignment of the cells (the heading is centred) */
    int words;               /* nonzero: break at spaces before CJK boundaries, so a
                              * citation stays whole between its spaces; 0: prose,
                              * whichever of the two fills the line */
} pdf_col;

/* Row flags. */
enum {
    PDF_ROW_SHADE = 1,       /* light grey background (subtotals) */
    PDF_ROW_BOLD = 2,        /* emboldened text (totals) */
    PDF_ROW_GROUP = 4,       /* a group header: kept on a page with the row after it,
                              * and repeated with "（续）" / " (cont.)" under the
                              * header row of every page its group runs onto */
    PDF_ROW_END = 8          /* a group's (sub)total: kept on a page with the row
                              * before it; ends the group */
};

/* Starts a table (ending any open one) and draws its header row. */
int pdf_table_begin(pdf_doc *d, const pdf_col *cols, size_t ncols);
/* Adds a row of ncols strings (NULL = empty). Cells wrap (pdf_paragraph's
 * rule; in a `words` column a space comes before a CJK boundary); a row that does not fit goes to a new page
 * under a repeated header row; a row taller than a whole page is split
 * across pages. A row is drawn when the next one comes (or the table ends),
 * so that PDF_ROW_GROUP and PDF_ROW_END can keep rows together; pdf_cursor()
 * does not count the row still waiting. */
int pdf_table_row(pdf_doc *d, const char *const *cells, unsigned flags, const char *ctx);
/* Ends the table and leaves a little space after it. */
int pdf_table_end(pdf_doc *d);

/* ---- charts ---- */

typedef struct pdf_bar {
    const char *label;       /* category label, Chinese fine; wrapped to 2 lines */
    double value;            /* bar height; negative values draw as 0 */
} pdf_bar;

/* A vertical bar chart `height_mm` tall (0: 70 mm) across the text width:
 * title above, value axis with ticks and numbers on the left (`unit`, e.g.
 * "元", above it; may be NULL), category labels below, each value printed
 * over its bar. At most PDF_MAX_BARS bars; kept on one page. */
int pdf_bar_chart(pdf_doc *d, const char *title, const char *unit,
                  const pdf_bar *bars, size_t n, double height_mm, const char *ctx);

/* ---- absolute placement ---- */

/* Draws one line of text (no wrapping) with its baseline at (x_mm, y_mm)
 * on the current page, `size_pt` points high. */
int pdf_text_at(pdf_doc *d, double x_mm, double y_mm, double size_pt,
                const char *text, const char *ctx);
/* The width of `text` in millimetres at `size_pt` (a replacement box
 * counts as 0.9 em). */
double pdf_text_width(pdf_doc *d, const char *text, double size_pt);

/* Page geometry, so that callers (and tests) can predict the layout. */
typedef struct pdf_metrics {
    double page_w, page_h;       /* page size, mm */
    double body_left;            /* left edge of the text area, mm from the left */
    double body_width;           /* width of the text area, mm */
    double body_top;             /* top of the text area, mm from the top */
    double body_bottom;          /* bottom of the text area, mm from the top */
    double table_font;           /* table text size, pt */
    double table_line;           /* height of one line of table text, mm */
    double table_pad;            /* space above and below the text of a cell, mm */
} pdf_metrics;

void pdf_get_metrics(const pdf_doc *d, pdf_metrics *m);
/* The flow position: mm from the top of the current page. */
double pdf_cursor(const pdf_doc *d);
/* Pages so far. */
int pdf_page_count(const pdf_doc *d);

/* ---- warnings ---- */

typedef enum pdf_warn_kind {
    PDF_WARN_NO_GLYPH = 1,   /* the font has no glyph for the character */
    PDF_WARN_NON_BMP,        /* the font has it, but libharu 2.3 cannot encode it */
    PDF_WARN_CONTROL,        /* a control character */
    PDF_WARN_BAD_UTF8        /* an invalid UTF-8 byte (cp holds the byte) */
} pdf_warn_kind;

/* A character drawn as a replacement box. */
typedef struct pdf_warning {
    uint32_t cp;             /* the code point (the byte, for PDF_WARN_BAD_UTF8) */
    pdf_warn_kind kind;      /* why it was replaced */
    const char *ctx;         /* the caller's context string, "" if none (owned by the doc) */
} pdf_warning;

/* Warnings in the order the characters were drawn; a repeat of the same
 * character in the same context is listed once. */
size_t pdf_warning_count(const pdf_doc *d);
const pdf_warning *pdf_warning_get(const pdf_doc *d, size_t i);
/* Warnings past PDF_MAX_WARNINGS, counted but not stored. */
size_t pdf_warnings_dropped(const pdf_doc *d);
/* Appends one line describing `w` to `out`, e.g.
 * "record V-0042: U+20BB7 '𠮷' is outside the BMP, drawn as a box". */
void pdf_warning_format(const pdf_warning *w, sbuf *out);

/* ---- output ---- */

/* Finishes the document (writes every page's footer, then no more drawing)
 * and writes it to `path` whole or not at all: libharu serialises it
 * straight into a temp file beside `path` (util_tmp_create), the /ID is
 * written into it, then util_tmp_commit() puts it in place. The file is
 * never held whole in memory. Can be called again, or after
 * pdf_save_mem(), and writes the same bytes. Fails with the document's
 * first error, with EXIT_DATAERR when the font check found characters
 * libharu would print blank, or EXIT_CANTCREAT (a failed write leaves the
 * document as it was: it can be saved again). */
int pdf_save(pdf_doc *d, const char *path, kerr *e);
/* Same, into memory: *out (caller frees) and *len. */
int pdf_save_mem(pdf_doc *d, unsigned char **out, size_t *len, kerr *e);
/* Copies the first error recorded into `e`; returns 0 when there is none. */
int pdf_error(const pdf_doc *d, kerr *e);

/* ---- the font check ---- */

/* Checks that libharu 2.3 can print code points cps[0..n) with face `face`
 * of the font at `path`: reads the font (TTC header, table directory, the
 * cmap libharu uses, loca, glyf) and refuses, with EXIT_DATAERR naming the
 * path and the first characters affected, every glyph that is composite with
 * a component glyph id above 32767 or a component that is itself composite,
 * or whose data is corrupt. Characters the font lacks are not errors (they
 * are drawn as boxes). Fails with EXIT_NOINPUT when the file cannot be read
 * and EXIT_DATAERR when it is not a usable TrueType font (every offset read
 * from the file is bounds-checked). Returns 0 when all is well. */
int pdf_font_check(const char *path, unsigned face, const uint32_t *cps, size_t n, kerr *e);

/* The libharu version in use, e.g. "2.3.0" (kefu --version). */
const char *pdf_lib_version(void);

/* The number of pages of a PDF this module wrote: its "/Type /Page"
 * objects (libharu writes no object streams, so each is in plain text).
 * For `report --json`; not a parser of other PDFs. */
long pdf_count_pages(const unsigned char *pdf, size_t len);

#endif
