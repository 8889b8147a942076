/* zip.h — a reading-only ZIP archive reader for Office Open XML workbooks.
 *
 * Reads the central directory, checks every member name, and inflates one
 * member at a time as a stream (stored or deflated members only). Bytes come
 * through a positioned-read function, so the fuzzer feeds memory and ingest
 * feeds a file (STYLE 3). Hostile archives are refused by the limits below
 * (STYLE 9): a member that inflates past ZIP_MAX_RATIO times its
 * compressed size (plus ZIP_RATIO_SLACK) or past ZIP_MAX_MEMBER bytes is a
 * zip bomb and reading it stops at once, after at most the slack has been
 * inflated beyond the ratio. Errors are EXIT_DATAERR and name the archive
 * and the member. */
#ifndef KEFU_ZIP_H
#define KEFU_ZIP_H

#include <stddef.h>
#include <stdint.h>
#include "util.h"

#define ZIP_MAX_ENTRIES  10000                     /* a workbook has tens of members */
#define ZIP_MAX_NAME     1024                      /* member name bytes */
#define ZIP_MAX_MEMBER   (4ULL * 1024 * 1024 * 1024) /* inflated bytes of one member */
#define ZIP_MAX_RATIO    200                       /* inflated / compressed, a sheet reaches ~40 */
#define ZIP_RATIO_SLACK  (4 * 1024 * 1024)         /* small members may compress better */

/* Reads up to n bytes at offset off; returns the count (short only at the
 * end) or -1 on error. */
typedef long (*zip_pread_fn)(void *ctx, void *buf, size_t n, uint64_t off);

typedef struct zip_archive zip_archive;
typedef struct zip_member zip_member;

/* Opens an archive of `size` bytes. name is used in messages. Fails (NULL,
 * e filled) when the central directory cannot be found or read, for ZIP64
 * archives, for more than ZIP_MAX_ENTRIES members, and for a member name
 * that is absolute, holds a '..' component, a backslash or a control
 * character (a workbook never does; an extractor could be led outside its
 * directory). Caller frees with zip_close. */
zip_archive *zip_open(zip_pread_fn fn, void *ctx, uint64_t size, const char *name, kerr *e);
void zip_close(zip_archive *z);   /* accepts NULL */

/* Members: their count and names (owned by the archive). */
int zip_count(const zip_archive *z);
const char *zip_name(const zip_archive *z, int i);
/* The index of the member named exactly `name`, or -1. */
int zip_find(const zip_archive *z, const char *name);

/* Opens member i for reading. Fails for encrypted members and methods other
 * than stored and deflate. Caller frees with zip_member_close. */
zip_member *zip_member_open(zip_archive *z, int i, kerr *e);
/* Reads up to n inflated bytes; returns the count, 0 at the end, -1 on an
 * error (corrupt data, CRC mismatch, a size or ratio limit: e filled). */
long zip_member_read(zip_member *m, char *buf, size_t n, kerr *e);
void zip_member_close(zip_member *m);   /* accepts NULL */

/* Reads member i whole into a new NUL-terminated buffer (caller frees
 * *out); refused when it inflates past `max` bytes. */
int zip_read_all(zip_archive *z, int i, size_t max, char **out, size_t *len, kerr *e);

#endif
