/* audit.h — anchors of the audit chain (issue 13): the chain head of the
 * data (store_audit_head) as every bundle and run JSON carries it, and
 * read back for `kefu audit verify --anchor FILE|HASH`, which checks that
 * the chain still extends it (store_audit_verify_anchor) — so a chain
 * truncated, or rewritten with recomputed hashes, no longer passes.
 *
 * Forms of an anchor:
 *   bag-info.txt   "Kefu-Audit-Head: SEQ HASH"
 *   run-DATE.json  "audit_head":{"seq":SEQ,"hash":"HASH"}
 *   a bare HASH    64 hex digits (any entry with that hash) */
#ifndef KEFU_AUDIT_H
#define KEFU_AUDIT_H

#include <stddef.h>
#include "hash.h"
#include "util.h"

struct store;
struct bag_builder;

#define AUDIT_BAG_LABEL "Kefu-Audit-Head"   /* the bag-info label of the anchor */
#define AUDIT_KEY_MIN 32      /* bytes: a key shorter than SHA-256's block of entropy is refused */
#define AUDIT_KEY_MAX 4096    /* bytes: a larger "key file" is not one (a key is 32 random bytes) */

/* Finds an anchor in text (either form above): 1 with *seq and hash
 * filled, 0 when there is none. */
int audit_anchor_parse(const char *text, size_t len, long *seq, char hash[HASH_HEX_LEN]);

/* Reads an anchor from `arg`: 64 hex digits (then *seq = 0), or a file — a
 * run JSON, a bag-info.txt, a bag directory or a bundle (.tar.gz, whose
 * bag-info.txt is read). Fails with EXIT_NOINPUT (unreadable) or
 * EXIT_DATAERR (no anchor in it), naming the file. */
int audit_anchor_read(const char *arg, long *seq, char hash[HASH_HEX_LEN], kerr *e);

/* Reads the audit chain's key from `path` (--audit-key-file,
 * $KEFU_AUDIT_KEY_FILE) into *key (owned, *len bytes). The file must be a
 * regular file and not a symbolic link, owned by the effective user and
 * neither readable nor writable by group or others, with AUDIT_KEY_MIN to
 * AUDIT_KEY_MAX bytes. Fails with EXIT_NOINPUT (missing, unreadable) or
 * EXIT_NOPERM (a link, another owner, a mode that shares it, a wrong size),
 * naming the file and, for a mode, the mode. */
int audit_key_load(const char *path, unsigned char **key, size_t *len, kerr *e);

/* Appends the chain head of the data (store_audit_head) to a bundle's
 * bag-info as "Kefu-Audit-Head: SEQ HASH"; nothing while the log is empty.
 * Returns 0, or -1 with e. */
int audit_head_baginfo(struct store *st, struct bag_builder *b, kerr *e);
/* Appends `"audit_head":{"seq":SEQ,"hash":"HASH"}` (or `"audit_head":null`
 * while the log is empty) to a JSON object being written. Returns 0, or -1
 * with e. */
int audit_head_json(struct store *st, sbuf *j, kerr *e);

#endif
