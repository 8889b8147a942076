/* csv.h — a streaming CSV reader (RFC 4180 as SPEC §5 widens it).
 *
 * Bytes come from a caller's read function, so tests feed memory and ingest
 * feeds files (STYLE 3). The reader splits records on the raw bytes — the
 * delimiters, quotes, CR and LF are ASCII and never occur inside a UTF-8 or
 * GB18030 multi-byte sequence — and then decodes each finished field to
 * UTF-8 (GB18030 through iconv). Memory is bounded by KEFU_MAX_FIELD and
 * KEFU_MAX_ROW, never by the file size. Values are never altered: no
 * trimming, leading zeros and "=SUM(…)" stay. */
#ifndef KEFU_CSV_H
#define KEFU_CSV_H

#include <stddef.h>
#include "util.h"

/* Reads up to n bytes into buf; returns the count, 0 at end of input, or
 * -1 on a read error. */
typedef long (*csv_read_fn)(void *ctx, char *buf, size_t n);

typedef enum csv_encoding {
    CSV_ENC_AUTO,     /* UTF-8 if the whole input is valid UTF-8, else GB18030:
                         the caller decides (csv_detect) and passes one below */
    CSV_ENC_UTF8,
    CSV_ENC_GB18030
} csv_encoding;

typedef struct csv_reader csv_reader;

/* One record: fields decoded to UTF-8, each NUL-terminated. The pointers
 * stay valid until the next csv_next or csv_close. */
typedef struct csv_record {
    int nfields;            /* fields in this record */
    char **fields;          /* nfields UTF-8 strings (owned by the reader) */
    size_t *lens;           /* their byte lengths (a field may hold no NUL: NUL is an error) */
    long line;              /* physical line (1-based) where the record starts */
} csv_record;

/* Incremental detection over the raw bytes, run while hashing the file:
 * feed all bytes with csv_detect_feed, then csv_detect_result tells the
 * encoding. A UTF-8 BOM means UTF-8; a UTF-16 BOM sets *utf16 to 1;
 * otherwise UTF-8 when the bytes are well-formed UTF-8, or when
 * well-formed UTF-8 hanzi and CJK punctuation outnumber ill-formed
 * sequences 2 to 1 (a UTF-8 export with damaged bytes, whose bad rows are
 * then rejected by line), else GB18030. */
typedef struct csv_detect {
    int state;           /* internal UTF-8 validator state */
    int need;            /* continuation bytes still expected */
    unsigned long pos;   /* bytes seen */
    int valid_utf8;      /* 0 once an invalid sequence was seen */
    int cjk;             /* the sequence in progress encodes U+3000..U+9FFF */
    unsigned long mb_ok; /* well-formed UTF-8 sequences of U+3000..U+9FFF seen */
    unsigned long mb_bad;/* ill-formed sequences (the validator resynchronises) */
    unsigned char first[3]; /* the first bytes, for the BOM */
} csv_detect;
void csv_detect_init(csv_detect *d);
void csv_detect_feed(csv_detect *d, const void *buf, size_t n);
/* Returns CSV_ENC_UTF8 or CSV_ENC_GB18030; *utf16 = 1 for a UTF-16 BOM. */
csv_encoding csv_detect_result(const csv_detect *d, int *utf16);

/* Opens a reader. enc must be CSV_ENC_UTF8 or CSV_ENC_GB18030; a UTF-8 BOM
 * is skipped in either case. delim is ',' or '\t', or 0 to detect it from
 * the header record (the one of the two that occurs outside quotes; comma
 * when neither or both — a one-column file). name is used in messages.
 * Returns NULL and fills e for a UTF-16 BOM ("... is UTF-16: save it as
 * UTF-8 or GB18030"). Caller frees with csv_close. */
csv_reader *csv_open(csv_read_fn fn, void *ctx, csv_encoding enc, char delim,
                     const char *name, kerr *e);

/* Reads the next record, skipping blank lines (a line with nothing on it).
 * Returns:
 *   1  a record in *rec;
 *   0  end of input;
 *  -1  this record is bad (ragged rows are NOT detected here: the caller
 *      compares nfields with the header) — a NUL byte, text after a closing
 *      quote, a field over KEFU_MAX_FIELD, a record over KEFU_MAX_ROW, or a
 *      field that does not decode in the encoding; e->msg is
 *      "NAME:LINE: ..." and rec->line is set; reading can go on;
 *  -2  the input cannot be read on (unterminated quote at end of input, a
 *      read error); e is filled, stop.
 * Errors are EXIT_DATAERR (read errors EXIT_NOINPUT). */
int csv_next(csv_reader *r, csv_record *rec, kerr *e);

/* The delimiter in use (after the first csv_next). */
char csv_delimiter(const csv_reader *r);

void csv_close(csv_reader *r);  /* accepts NULL */

#endif
