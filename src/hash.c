/* hash.c — SHA-256 through nettle. */
#include "hash.h"

#include <stdio.h>
#include <nettle/sha2.h>
#include <nettle/version.h>

_Static_assert(sizeof(struct sha256_ctx) <= sizeof(((hash_ctx *)0)->opaque),
               "hash_ctx too small for nettle's sha256_ctx");

void hash_init(hash_ctx *h) { sha256_init((struct sha256_ctx *)h->opaque); }

void hash_update(hash_ctx *h, const void *data, size_t len)
{
    sha256_update((struct sha256_ctx *)h->opaque, len, data);
}

void hash_final_hex(hash_ctx *h, char hex[HASH_HEX_LEN])
{
    static const char digits[] = "0123456789abcdef";
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_digest((struct sha256_ctx *)h->opaque, sizeof d, d);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[64] = '\0';
}

void hash_hex(const void *data, size_t len, char hex[HASH_HEX_LEN])
{
    hash_ctx h;
    hash_init(&h);
    hash_update(&h, data, len);
    hash_final_hex(&h, hex);
}

const char *hash_lib_version(void)
{
    static char v[16];
    snprintf(v, sizeof v, "%d.%d", nettle_version_major(), nettle_version_minor());
    return v;
}
