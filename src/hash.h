/* hash.h — SHA-256 and HMAC-SHA256 (over libnettle, a maintained Debian library; we do not
 * write our own crypto). Hex digests are 64 lowercase characters + NUL. */
#ifndef KEFU_HASH_H
#define KEFU_HASH_H

#include <stddef.h>
#include <stdint.h>

#define HASH_HEX_LEN 65  /* 64 hex digits and the NUL */

/* An incremental SHA-256; opaque storage big enough for nettle's context. */
typedef struct hash_ctx {
    uint64_t opaque[16];
} hash_ctx;

void hash_init(hash_ctx *h);
void hash_update(hash_ctx *h, const void *data, size_t len);
/* Writes the hex digest into hex (HASH_HEX_LEN bytes); h may be reused after hash_init. */
void hash_final_hex(hash_ctx *h, char hex[HASH_HEX_LEN]);

/* One-shot digest of a buffer. */
void hash_hex(const void *data, size_t len, char hex[HASH_HEX_LEN]);

/* HMAC-SHA256 (RFC 2104) of a buffer under key, as hex: the keyed audit
 * chain. */
void hash_hmac_hex(const void *key, size_t klen, const void *data, size_t len, char hex[HASH_HEX_LEN]);

/* The nettle version in use, e.g. "3.8" (kefu --version). */
const char *hash_lib_version(void);

#endif
