/* embed.c — lookup in the table that src/embedgen.sh generates. */
#include "embed.h"

#include <stdint.h>
#include <string.h>

struct embed_entry {
    const char *name;  /* path relative to the repository root */
    const char *data;  /* bytes, followed by a NUL */
    uint64_t len;      /* bytes, without the NUL */
};

extern const struct embed_entry kefu_embed_table[];

const char *embed_get(const char *name, size_t *len)
{
    for (const struct embed_entry *e = kefu_embed_table; e->name; e++) {
        if (strcmp(e->name, name) == 0) {
            if (len) *len = (size_t)e->len;
            return e->data;
        }
    }
    return NULL;
}

void embed_each(void (*fn)(void *ctx, const char *name, const char *data, size_t len), void *ctx)
{
    for (const struct embed_entry *e = kefu_embed_table; e->name; e++)
        fn(ctx, e->name, e->data, (size_t)e->len);
}
