/* bag.h — BagIt 1.0 (RFC 8493) bundles: a deterministic builder writing one
 * .tar.gz (through tar.h), and a verifier for .tar.gz bundles and unpacked
 * bag directories (SPEC §8, §7.3, §10).
 *
 * Builder layout: every entry under one top directory named like the
 * bundle; tag files first (bagit.txt, bag-info.txt, manifest-sha256.txt,
 * tagmanifest-sha256.txt), then data/ sorted by name (byte order), so a
 * verifier can check the payload in one streaming pass. The manifests must
 * precede the payload, so bag_write() makes two passes over the payload:
 * the first computes sizes and SHA-256, the second writes. Payload given
 * from memory is copied at add time; payload given by a callback or a file
 * path is produced twice, and bag_write() fails if the second pass yields
 * different bytes (size or SHA-256), so no bag with a wrong manifest is
 * ever renamed into place.
 *
 * Verifier: bagit.txt (version 0.93–1.0, encoding UTF-8 / ISO-8859-1 /
 * UTF-16), every payload and tag manifest (md5, sha1, sha224, sha256,
 * sha384, sha512), completeness both ways, fetch.txt, Payload-Oxum,
 * out-of-scope paths; warnings for non-fatal findings (duplicate entries in
 * bags before 1.0, names equal up to case or Unicode normalization, md5sum
 * '*' markers, "./" prefixes, OS metadata files). */
#ifndef KEFU_BAG_H
#define KEFU_BAG_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Limits (STYLE 9), each with its reason. */
#define BAG_MAX_NAME      100          /* bundle (top directory) name: fits a ustar name field */
#define BAG_MAX_PATH      1024         /* payload path under data/: far beyond any kefu name */
#define BAG_MAX_COMPONENT 255          /* one path component: NAME_MAX of Linux file systems */
#define BAG_MAX_TAGFILE   (64u << 20)  /* a tag file is buffered whole when verifying */
#define BAG_MAX_FILES     1000000      /* payload files in one bag */
#define BAG_MAX_DEPTH     64           /* directory nesting walked when verifying a directory */
#define BAG_MAX_MESSAGES  200          /* errors (and warnings) kept in a report */

/* ---- builder ---- */

typedef struct bag_builder bag_builder;

/* A source pushes content into the builder by calling `emit` any number of
 * times (any chunk sizes). It is called twice per bag_write() and must
 * produce the same bytes both times. Returns 0, or -1 with e set. */
typedef int (*bag_emit_fn)(void *sink, const void *data, size_t len, kerr *e);
typedef int (*bag_source_fn)(void *arg, bag_emit_fn emit, void *sink, kerr *e);

/* Creates a builder for a bundle whose top directory is `name` (letters,
 * digits, '.', '_', '-'; not starting with '.' or '-'; <= BAG_MAX_NAME
 * bytes). *out is owned by the caller (bag_builder_free). */
int bag_builder_new(const char *name, bag_builder **out, kerr *e);
void bag_builder_free(bag_builder *b);   /* NULL ok */

/* Adds a bag-info.txt field (kept in the order added; a label may repeat).
 * Payload-Oxum is computed and must not be given. Labels: UTF-8, no ':',
 * CR, LF, no surrounding blanks. In values, control characters (CR, LF
 * and ESC included; tab kept) and bytes that are not UTF-8 are written as
 * \xNN (util_term_escape), so data can neither forge a field nor drive a
 * terminal. */
int bag_add_info(bag_builder *b, const char *label, const char *value, kerr *e);

/* Checks a payload path (relative to data/): valid UTF-8 (Chinese is
 * fine); no '%', CR, LF, other control characters or '\'; not absolute;
 * no empty, '.' or '..' components; <= BAG_MAX_PATH bytes and each
 * component <= BAG_MAX_COMPONENT. Fails with EXIT_DATAERR naming it. */
int bag_check_payload_name(const char *path, kerr *e);

/* Adds a payload file at data/`path`. bag_add_bytes copies the bytes.
 * bag_add_source keeps fn/arg until bag_write (arg is borrowed).
 * bag_add_path reads the file `fs_path` at write time (twice). Duplicate
 * paths, and a path that is both a file and a directory, fail at add time
 * or at bag_write. */
int bag_add_bytes(bag_builder *b, const char *path, const void *data, size_t len, kerr *e);
int bag_add_source(bag_builder *b, const char *path, bag_source_fn fn, void *arg, kerr *e);
int bag_add_path(bag_builder *b, const char *path, const char *fs_path, kerr *e);
/* Like bag_add_source for content whose size and SHA-256 (lowercase hex)
 * are already known (an attachment stored with its hash): the first pass
 * skips it, and the write pass checks the bytes against them — a mismatch
 * fails bag_write and nothing is renamed into place. */
int bag_add_source_known(bag_builder *b, const char *path, bag_source_fn fn, void *arg,
                         uint64_t size, const char *sha256, kerr *e);

/* Writes the bag as one .tar.gz at `out_path` (whole or not at all), with
 * compression `level` (-1: default 6) and every entry's mtime = `mtime`
 * (seconds since 1970, from the as-of date). Same inputs → same bytes. */
int bag_write(bag_builder *b, const char *out_path, int level, int64_t mtime, kerr *e);

/* ---- verifier ---- */

/* What bag_verify found. Messages name the file and the problem. */
typedef struct bag_report {
    int valid;              /* 1 when no error was found (warnings allowed) */
    char version[16];       /* BagIt-Version from bagit.txt, "" when unknown */
    size_t nerrors;         /* errors found (may exceed the messages kept) */
    size_t nwarnings;       /* warnings found (may exceed the messages kept) */
    char **errors;          /* the first BAG_MAX_MESSAGES error messages (owned) */
    char **warnings;        /* the first BAG_MAX_MESSAGES warning messages (owned) */
    size_t nkept_errors;    /* entries in errors[] */
    size_t nkept_warnings;  /* entries in warnings[] */
    uint64_t payload_bytes; /* bytes of payload files found */
    uint64_t payload_files; /* payload files found */
} bag_report;

/* Verifies the bag at `path`: a directory (an unpacked bag) or a .tar.gz
 * bundle (one top directory holding the bag; read in one streaming pass
 * when tag files come first, else a second pass computes what the first
 * could not know). Returns 0 when the bag is valid (warnings allowed);
 * -1 otherwise, with e set: EXIT_DATAERR and the first error's message
 * for an invalid bag, EXIT_NOINPUT when `path` cannot be read at all.
 * `rep` (may be NULL) receives every finding; free it with
 * bag_report_free (also after a failure). */
int bag_verify(const char *path, bag_report *rep, kerr *e);
void bag_report_free(bag_report *rep);  /* NULL ok; leaves it zeroed */

#endif
