/* hash.c — SHA-256 and HMAC-SHA256 through nettle. */
#include "hash.h"

#include <stdio.h>
#include <nettle/hmac.h>
#include <nettle/sha2.h>
#include <nettle/version.h>

_Static_assert(sizeof(struct sha256_ctx) <= sizeof(((hash_ctx *)0)->opaque),
               "hash_ctx too small for nettle's sha256_ctx");

void hash_init(hash_ctx *h) { sha256_init((struct sha256_ctx *)h->opaque); }

void hash_update(hash_ctx *h, const void *data, size_t len)
{
    sha256_update((struct sha256_ctx *)h->opaque, len, data);
}

static void to_hex(const uint8_t d[SHA256_DIGEST_SIZE], char hex[HASH_HEX_LEN])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[64] = '\0';
}

void hash_final_hex(hash_ctx *h, char hex[HASH_HEX_LEN])
{
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_digest((struct sha256_ctx *)h->opaque, sizeof d, d);
    to_hex(d, hex);
}

void hash_hmac_hex(const void *key, size_t klen, const void *data, size_t len, char hex[HASH_HEX_LEN])
{
    struct hmac_sha256_ctx c;
    uint8_t d[SHA256_DIGEST_SIZE];
    hmac_sha256_set_key(&c, klen, key);
    hmac_sha256_update(&c, len, data);
    hmac_sha256_digest(&c, sizeof d, d);
    to_hex(d, hex);
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
