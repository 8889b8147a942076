/* tar.h — a streaming tar.gz writer and reader (POSIX ustar + pax), the only
 * module that touches zlib (STYLE 2).
 *
 * The writer produces deterministic archives (SPEC §8): ustar headers with
 * uid/gid 0, empty uname/gname, mode 0644 for files and 0755 for
 * directories, the caller's mtime, a gzip header without name or time and a
 * fixed OS byte; names that do not fit ustar's prefix/name split get a pax
 * 'x' header with a `path` record, never a truncated name. It writes to a
 * temp file beside the destination and renames it into place only in
 * tar_writer_finish(), after fsync (STYLE 8).
 *
 * The reader streams entries from a .tar.gz (or plain .tar) file for
 * verification: pax 'x' path/size records and GNU 'L' long names are
 * applied; absolute names, '..' components and oversized entries are
 * refused. */
#ifndef KEFU_TAR_H
#define KEFU_TAR_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Limits on what input (or a caller) controls (STYLE 9). */
#define TAR_MAX_NAME   4096                      /* PATH_MAX: longest entry name accepted */
#define TAR_MAX_SIZE   ((uint64_t)64 << 30)      /* 64 GiB: default cap on one entry's size */
#define TAR_MAX_PAX    (64 * 1024)               /* longest pax 'x' or GNU 'L' body read */
#define TAR_DEFAULT_LEVEL 6                      /* gzip's default compression level */

/* ---- writer ---- */

typedef struct tar_writer tar_writer;

/* Starts an archive that will become `path`: creates a temp file in the
 * same directory (util_tmp_create: random name, exclusive, no link
 * followed, mode util_output_mode()); a `path` that exists and is not a
 * regular file is refused, here and again before the rename. `level` is the zlib compression level 0..9 (-1 means
 * TAR_DEFAULT_LEVEL), with the Z_FILTERED strategy; `mtime` (seconds since 1970, >= 0) is written into
 * every header. On success *out is a new writer owned by the caller, who
 * must end it with tar_writer_finish() or tar_writer_abort(). Fails with
 * EXIT_CANTCREAT naming the path. */
int tar_writer_open(const char *path, int level, int64_t mtime, tar_writer **out, kerr *e);

/* Adds a directory entry (mode 0755). `name` is a relative path without a
 * trailing slash (one is added); no '..' components, not absolute. */
int tar_writer_add_dir(tar_writer *w, const char *name, kerr *e);

/* Adds a regular file (mode 0644) with `len` bytes from memory. */
int tar_writer_add_file(tar_writer *w, const char *name, const void *data, size_t len, kerr *e);

/* Streams a regular file whose size is known up front: begin, then any
 * number of tar_writer_write() calls adding up to exactly `size` bytes, then
 * tar_writer_end_file() (which fails when fewer or more bytes came). */
int tar_writer_begin_file(tar_writer *w, const char *name, uint64_t size, kerr *e);
int tar_writer_write(tar_writer *w, const void *data, size_t len, kerr *e);
int tar_writer_end_file(tar_writer *w, kerr *e);

/* Ends the archive: end-of-archive blocks, gzip trailer, fsync, close,
 * rename to the final path, fsync of the directory. Always frees `w`; on
 * failure the temp file is removed and nothing appears at the final path.
 * A writer that saw an earlier error fails here too. */
int tar_writer_finish(tar_writer *w, kerr *e);

/* Abandons the archive: removes the temp file and frees `w` (NULL ok). */
void tar_writer_abort(tar_writer *w);

/* ---- reader ---- */

typedef struct tar_reader tar_reader;

/* Entry types the reader reports. */
enum {
    TAR_FILE = '0',    /* regular file ('0' or the old '\0') */
    TAR_DIR = '5',     /* directory */
    TAR_OTHER = '?'    /* symlink, hard link, device, fifo, …: reported, never followed */
};

/* One entry header as the reader returns it. */
typedef struct tar_entry {
    char name[TAR_MAX_NAME + 1]; /* full name (pax path / GNU long name applied), no trailing '/' */
    uint64_t size;               /* content bytes (0 for directories and others) */
    int type;                    /* TAR_FILE, TAR_DIR or TAR_OTHER */
    char typeflag;               /* the raw ustar typeflag, for messages */
} tar_entry;

/* Opens `path` (gzip-compressed or plain tar) for streaming. Entries larger
 * than `max_size` bytes (0 means TAR_MAX_SIZE) are refused. On success *out
 * is owned by the caller (tar_reader_close). Fails with EXIT_NOINPUT. */
int tar_reader_open(const char *path, uint64_t max_size, tar_reader **out, kerr *e);

/* Advances to the next entry (skipping any unread content of the current
 * one). Returns 1 with *ent filled, 0 at the end of the archive, -1 on a
 * damaged archive or a refused entry (EXIT_DATAERR, message names the path,
 * the entry and the problem). */
int tar_reader_next(tar_reader *r, tar_entry *ent, kerr *e);

/* Reads up to `cap` bytes of the current entry's content into buf; *got is
 * 0 at the end of the entry. Returns 0 or -1 (truncated/damaged archive). */
int tar_reader_read(tar_reader *r, void *buf, size_t cap, size_t *got, kerr *e);

void tar_reader_close(tar_reader *r);   /* NULL ok */

/* The zlib version in use, e.g. "1.2.13" (kefu --version). */
const char *tar_lib_version(void);

#endif
