/* embed.h — files embedded in the binary at build time (SPEC §11): the SQL
 * schema, the XSDs, the policy packs and the report templates. Names are the
 * paths relative to the repository root, e.g. "schemas/schema.sql". */
#ifndef KEFU_EMBED_H
#define KEFU_EMBED_H

#include <stddef.h>

/* Returns the embedded file's bytes (NUL-terminated, static, never freed) and
 * stores its length in *len (may be NULL); NULL when no such file. */
const char *embed_get(const char *name, size_t *len);

/* Calls fn for every embedded file, in name order. */
void embed_each(void (*fn)(void *ctx, const char *name, const char *data, size_t len), void *ctx);

#endif
