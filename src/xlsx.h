/* xlsx.h — the Office Open XML workbook reader (.xlsx, as Excel and WPS
 * write it), streaming one sheet at a time.
 *
 * What it reads: the workbook's sheets (names, order, date system), the
 * shared strings (kept in memory up to XLSX_SST_MEM bytes, then spilled
 * to a temporary file: a large table is read, not refused), the cell
 * styles (which number formats are dates and times, built-in and custom),
 * and each sheet's cells: shared and inline strings, numbers, booleans,
 * formula results (the cached value; formulas are never evaluated),
 * serial dates and times in the 1900 system (with Excel's fictitious
 * 1900-02-29) and the 1904 system. Cells come out as text, the way the
 * CSV reader gives them: a date-formatted cell as "YYYY-MM-DD", a time as
 * "HH:MM:SS", a date and time as "YYYY-MM-DD HH:MM:SS", a number in its
 * shortest form ("4350", "1234.5"), a boolean as "TRUE"/"FALSE". Merged
 * cells need nothing: Excel keeps the value in the first cell only.
 *
 * What it refuses (EXIT_DATAERR, naming the file): compound files — an
 * encrypted workbook (an EncryptionInfo stream) or an Excel 97-2003 .xls
 * (a Workbook stream), told apart by reading the compound file's
 * directory; macro-enabled workbooks (.xlsm: a vbaProject part or the
 * macro-enabled content type), whose macros kefu would never run but
 * whose refusal tells the user to save a plain .xlsx; any part with a
 * DOCTYPE; zip bombs and bad member names (zip.h); dimensions past
 * Excel's own (1,048,576 rows, 16,384 columns) and cells past column
 * KEFU_MAX_COLUMNS.
 *
 * libxml2 is used here as well as in xmlin.c and policy.c (STYLE 2 names
 * one module per library): the workbook parts are XML, and a second XML
 * parser would be worse than a second user of the first. The sheets are
 * the exception: megabytes of a few small elements, read by the scanner
 * of xscan.h at a fraction of libxml2's cost (BENCHMARKS.md). */
#ifndef KEFU_XLSX_H
#define KEFU_XLSX_H

#include <stdint.h>
#include "zip.h"
#include "util.h"

#define XLSX_MAX_ROWS    1048576                /* Excel's own limit */
#define XLSX_MAX_SHEETS  256                    /* sheets in one workbook */
#define XLSX_MAX_SST     4000000                /* shared strings (offsets: 8 bytes each) */
#define XLSX_SST_MEM     (16 * 1024 * 1024)     /* shared-string bytes kept in memory */
#define XLSX_MAX_PART    (32 * 1024 * 1024)     /* workbook, rels, styles read whole */

typedef struct xlsx_book xlsx_book;

/* Called once per non-empty row: `row` is the sheet row number (1-based),
 * cells[0 .. ncells) the values by column (NULL for an empty cell), valid
 * until the call returns. A nonzero return stops the sheet and is passed
 * back by xlsx_read_sheet. */
typedef int (*xlsx_row_fn)(void *ctx, long row, int ncells, const char *const *cells);

/* 1 when the first bytes are a compound file's signature (.xls or an
 * encrypted OOXML workbook), 2 when they are a ZIP archive's, else 0. */
int xlsx_magic(const void *head, size_t n);

/* Opens a workbook of `size` bytes read through fn (name for messages).
 * Reads the directory, the workbook part, its relationships, the styles
 * and the shared strings. Returns NULL with e filled when it is not a
 * readable plain workbook (see above). Caller frees with xlsx_close. */
xlsx_book *xlsx_open(zip_pread_fn fn, void *ctx, uint64_t size, const char *name, kerr *e);
void xlsx_close(xlsx_book *b);   /* accepts NULL */

int xlsx_sheet_count(const xlsx_book *b);
const char *xlsx_sheet_name(const xlsx_book *b, int i);   /* owned by b */
int xlsx_date1904(const xlsx_book *b);

/* Streams sheet i row by row into fn. Returns 0 at the end, fn's nonzero
 * value when it stopped the read, or -1 with e filled for a sheet that
 * cannot be read (message "NAME[SHEET]!CELL: …" where a cell is known). */
int xlsx_read_sheet(xlsx_book *b, int i, xlsx_row_fn fn, void *ctx, kerr *e);

/* Column letters of a 0-based column index ("A", "Z", "AA"…). */
void xlsx_col_name(int col, char out[4]);

/* Converts an Excel serial day number to text: kind 1 date, 2 time,
 * 3 date and time. Returns -1 for a serial that is no date (negative,
 * past 9999-12-31). The 1900 system's serial 60 gives "1900-02-29", a day
 * that never was, which the value check then refuses by name. */
int xlsx_serial_text(double serial, int date1904, int kind, char out[20]);

/* The kind of a number format code: 0 not a date, 1 date, 2 time,
 * 3 date and time (quoted text, escapes, [colour] and AM/PM skipped). */
int xlsx_format_kind(const char *code);

#endif
