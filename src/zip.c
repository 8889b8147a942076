/* zip.c — the ZIP reader for workbooks (see zip.h).
 *
 * Why not libminizip: minizip's unzip API reads the same central directory
 * but gives no hook to stop a member while it inflates; the ratio check
 * below must run on every chunk, and the name checks on every entry before
 * anything is read. The directory walk is 100 lines over zlib, which kefu
 * already links (tar.c writes with it; this module only reads). */
#include "msg.h"
#include "zip.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define ZIP_IN_CHUNK 65536   /* compressed bytes read per step */

typedef struct zip_entry {
    char *name;          /* member name (owned) */
    uint32_t crc;        /* CRC-32 of the inflated bytes */
    uint64_t csize;      /* compressed size */
    uint64_t usize;      /* inflated size, as declared */
    uint64_t local;      /* offset of the local header */
    int method;          /* 0 stored, 8 deflate */
    int flags;           /* general purpose bits (bit 0: encrypted) */
} zip_entry;

struct zip_archive {
    zip_pread_fn fn;     /* byte source */
    void *ctx;           /* its context */
    uint64_t size;       /* archive bytes */
    char *name;          /* for messages (owned) */
    zip_entry *ent;      /* the members (owned) */
    int n;               /* entries */
};

struct zip_member {
    zip_archive *z;      /* the archive (not owned) */
    const zip_entry *en; /* the member's entry */
    z_stream zs;         /* inflate state (deflate members) */
    int zinit;           /* 1 once inflateInit2 succeeded */
    unsigned char *in;   /* compressed input buffer (owned) */
    uint64_t pos;        /* next compressed byte to read, absolute */
    uint64_t cleft;      /* compressed bytes not yet read */
    uint64_t out;        /* inflated bytes handed out */
    uint32_t crc;        /* running CRC */
    int done;            /* 1 at the end of the member */
};

static unsigned rd16(const unsigned char *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }
static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int rd_at(zip_archive *z, void *buf, size_t n, uint64_t off)
{
    if (off > z->size || n > z->size - off) return -1;
    return z->fn(z->ctx, buf, n, off) == (long)n ? 0 : -1;
}

/* 1 when a member name could lead an extractor out of its directory or is
 * not a plain name: absolute, drive letter, '..' component, backslash,
 * control character. */
static int bad_name(const char *s, size_t n)
{
    if (n == 0 || s[0] == '/' || (n >= 2 && s[1] == ':')) return 1;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == '\\' || s[i] == 0x7f) return 1;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != '/') j++;
        if (j - i == 2 && s[i] == '.' && s[i + 1] == '.') return 1;
        i = j + 1;
    }
    return 0;
}

zip_archive *zip_open(zip_pread_fn fn, void *ctx, uint64_t size, const char *name, kerr *e)
{
    zip_archive *z = xcalloc(1, sizeof *z);
    unsigned char *tail = NULL, *cd = NULL;
    z->fn = fn;
    z->ctx = ctx;
    z->size = size;
    z->name = xstrdup(name);
    /* The end-of-central-directory record: in the last 22 + 65535 bytes. */
    size_t tl = size < 22 + 65535 ? (size_t)size : 22 + 65535;
    if (tl < 22) {
        kerr_set(e, EXIT_DATAERR, "%s: not a ZIP archive (too short)", name);
        goto fail;
    }
    tail = xmalloc(tl);
    if (rd_at(z, tail, tl, size - tl)) {
        kerr_set(e, EXIT_NOINPUT, "%s: read error", name);
        goto fail;
    }
    long eocd = -1;
    for (long i = (long)tl - 22; i >= 0; i--)
        if (rd32(tail + i) == 0x06054b50 && (size_t)i + 22 + rd16(tail + i + 20) <= tl) { eocd = i; break; }
    if (eocd < 0) {
        kerr_set(e, EXIT_DATAERR, "%s: not a ZIP archive (no end of central directory)", name);
        goto fail;
    }
    const unsigned char *q = tail + eocd;
    unsigned nent = rd16(q + 10);
    uint32_t cdsize = rd32(q + 12), cdoff = rd32(q + 16);
    if (nent == 0xffff || cdsize == 0xffffffffu || cdoff == 0xffffffffu) {
        kerr_set(e, EXIT_DATAERR, "%s: ZIP64 archives are not read (a workbook is far below 4 GiB)", name);
        goto fail;
    }
    if (rd16(q + 4) != 0 || rd16(q + 6) != 0 || rd16(q + 8) != nent) {
        kerr_set(e, EXIT_DATAERR, "%s: multi-part ZIP archives are not read", name);
        goto fail;
    }
    if (nent > ZIP_MAX_ENTRIES) {
        kerr_set(e, EXIT_DATAERR, "%s: %u members (at most %d)", name, nent, ZIP_MAX_ENTRIES);
        goto fail;
    }
    if ((uint64_t)cdoff + cdsize > size) {
        kerr_set(e, EXIT_DATAERR, "%s: the central directory lies outside the file (truncated?)", name);
        goto fail;
    }
    cd = xmalloc(cdsize ? cdsize : 1);
    if (rd_at(z, cd, cdsize, cdoff)) {
        kerr_set(e, EXIT_NOINPUT, "%s: read error", name);
        goto fail;
    }
    z->ent = xcalloc(nent ? nent : 1, sizeof *z->ent);
    size_t p = 0;
    for (unsigned i = 0; i < nent; i++) {
        if (p + 46 > cdsize || rd32(cd + p) != 0x02014b50) {
            kerr_set(e, EXIT_DATAERR, "%s: central directory entry %u is damaged", name, i + 1);
            goto fail;
        }
        const unsigned char *c = cd + p;
        size_t nl = rd16(c + 28), xl = rd16(c + 30), cl = rd16(c + 32);
        if (p + 46 + nl + xl + cl > cdsize || nl > ZIP_MAX_NAME) {
            kerr_set(e, EXIT_DATAERR, "%s: central directory entry %u is damaged", name, i + 1);
            goto fail;
        }
        const char *nm = (const char *)c + 46;
        if (bad_name(nm, nl) || memchr(nm, '\0', nl)) {
            char clip[96], *raw = xstrndup(nm, nl);
            util_clip(raw, clip, sizeof clip);
            free(raw);
            kerr_set(e, EXIT_DATAERR, "%s: member name '%s' is absolute or leaves the archive ('..'): refused",
                     name, clip);
            goto fail;
        }
        zip_entry *en = &z->ent[z->n++];
        en->name = xstrndup(nm, nl);
        en->flags = (int)rd16(c + 8);
        en->method = (int)rd16(c + 10);
        en->crc = rd32(c + 16);
        en->csize = rd32(c + 20);
        en->usize = rd32(c + 24);
        en->local = rd32(c + 42);
        if (en->csize == 0xffffffffu || en->usize == 0xffffffffu || en->local == 0xffffffffu) {
            kerr_set(e, EXIT_DATAERR, "%s: member '%s' is ZIP64 (not read)", name, en->name);
            goto fail;
        }
        p += 46 + nl + xl + cl;
    }
    free(tail);
    free(cd);
    return z;
fail:
    free(tail);
    free(cd);
    zip_close(z);
    return NULL;
}

void zip_close(zip_archive *z)
{
    if (!z) return;
    for (int i = 0; i < z->n; i++) free(z->ent[i].name);
    free(z->ent);
    free(z->name);
    free(z);
}

int zip_count(const zip_archive *z) { return z->n; }
const char *zip_name(const zip_archive *z, int i) { return z->ent[i].name; }

int zip_find(const zip_archive *z, const char *name)
{
    for (int i = 0; i < z->n; i++)
        if (strcmp(z->ent[i].name, name) == 0) return i;
    return -1;
}

zip_member *zip_member_open(zip_archive *z, int i, kerr *e)
{
    const zip_entry *en = &z->ent[i];
    if (en->flags & 1) {
        kerr_set(e, EXIT_DATAERR, "%s: member '%s' is encrypted", z->name, en->name);
        return NULL;
    }
    if (en->method != 0 && en->method != 8) {
        kerr_set(e, EXIT_DATAERR, "%s: member '%s' uses compression method %d (only stored and deflate are read)",
                 z->name, en->name, en->method);
        return NULL;
    }
    unsigned char lh[30];
    if (rd_at(z, lh, sizeof lh, en->local) || rd32(lh) != 0x04034b50) {
        kerr_set(e, EXIT_DATAERR, "%s: member '%s': local header is damaged", z->name, en->name);
        return NULL;
    }
    uint64_t data = en->local + 30 + rd16(lh + 26) + rd16(lh + 28);
    if (data > z->size || en->csize > z->size - data) {
        kerr_set(e, EXIT_DATAERR, "%s: member '%s' lies outside the file (truncated?)", z->name, en->name);
        return NULL;
    }
    if (en->method == 0 && en->usize != en->csize) {
        kerr_set(e, EXIT_DATAERR, "%s: member '%s': stored sizes disagree", z->name, en->name);
        return NULL;
    }
    zip_member *m = xcalloc(1, sizeof *m);
    m->z = z;
    m->en = en;
    m->pos = data;
    m->cleft = en->csize;
    m->crc = crc32(0L, Z_NULL, 0);
    m->in = xmalloc(ZIP_IN_CHUNK);
    if (en->method == 8) {
        if (inflateInit2(&m->zs, -MAX_WBITS) != Z_OK) {
            kerr_set(e, EXIT_SOFTWARE, "%s: inflateInit2 failed", z->name);
            zip_member_close(m);
            return NULL;
        }
        m->zinit = 1;
    }
    return m;
}

/* The zip bomb test, run after every chunk: the bytes inflated so far
 * against the compressed bytes consumed so far. */
static int over_limit(zip_member *m, kerr *e)
{
    uint64_t used = m->en->csize - m->cleft - (m->zinit ? m->zs.avail_in : 0);
    if (m->out > ZIP_MAX_MEMBER || m->out > m->en->usize ||
        m->out > used * ZIP_MAX_RATIO + ZIP_RATIO_SLACK) {
        kerr_set(e, EXIT_DATAERR, "%s: member '%s' inflates past %s (zip bomb?): refused",
                 m->z->name, m->en->name,
                 m->out > m->en->usize ? msg_tr("its declared size")
                 : m->out > ZIP_MAX_MEMBER ? "4 GiB" : msg_tr("200 times its compressed size"));
        return -1;
    }
    return 0;
}

long zip_member_read(zip_member *m, char *buf, size_t n, kerr *e)
{
    if (m->done || n == 0) return 0;
    if (n > 1u << 30) n = 1u << 30;
    size_t got = 0;
    if (!m->zinit) {
        uint64_t k = m->cleft < n ? m->cleft : n;
        if (k && rd_at(m->z, buf, (size_t)k, m->pos)) {
            kerr_set(e, EXIT_NOINPUT, "%s: member '%s': read error", m->z->name, m->en->name);
            return -1;
        }
        m->pos += k;
        m->cleft -= k;
        got = (size_t)k;
        m->out += got;
        if (m->cleft == 0) m->done = 1;
    } else {
        uint64_t base = m->out;
        m->zs.next_out = (unsigned char *)buf;
        m->zs.avail_out = (uInt)n;
        while (m->zs.avail_out > 0) {
            if (m->zs.avail_in == 0 && m->cleft > 0) {
                uint64_t k = m->cleft < ZIP_IN_CHUNK ? m->cleft : ZIP_IN_CHUNK;
                if (rd_at(m->z, m->in, (size_t)k, m->pos)) {
                    kerr_set(e, EXIT_NOINPUT, "%s: member '%s': read error", m->z->name, m->en->name);
                    return -1;
                }
                m->pos += k;
                m->cleft -= k;
                m->zs.next_in = m->in;
                m->zs.avail_in = (uInt)k;
            }
            int rc = inflate(&m->zs, Z_NO_FLUSH);
            m->out = base + (n - m->zs.avail_out);
            if (over_limit(m, e)) return -1;
            if (rc == Z_STREAM_END) { m->done = 1; break; }
            if (rc == Z_BUF_ERROR && m->zs.avail_in == 0 && m->cleft == 0) {
                kerr_set(e, EXIT_DATAERR, "%s: member '%s' is truncated", m->z->name, m->en->name);
                return -1;
            }
            if (rc != Z_OK && rc != Z_BUF_ERROR) {
                kerr_set(e, EXIT_DATAERR, "%s: member '%s' is damaged (%s)", m->z->name, m->en->name,
                         m->zs.msg ? m->zs.msg : msg_tr("inflate error"));
                return -1;
            }
        }
        got = n - m->zs.avail_out;
    }
    m->crc = (uint32_t)crc32(m->crc, (const unsigned char *)buf, (uInt)got);
    if (over_limit(m, e)) return -1;
    if (m->done && (m->crc != m->en->crc || m->out != m->en->usize)) {
        kerr_set(e, EXIT_DATAERR, "%s: member '%s' is damaged (CRC or size mismatch)", m->z->name, m->en->name);
        return -1;
    }
    return (long)got;
}

void zip_member_close(zip_member *m)
{
    if (!m) return;
    if (m->zinit) inflateEnd(&m->zs);
    free(m->in);
    free(m);
}

int zip_read_all(zip_archive *z, int i, size_t max, char **out, size_t *len, kerr *e)
{
    *out = NULL;
    *len = 0;
    if (z->ent[i].usize > max) {
        return kerr_set(e, EXIT_DATAERR, "%s: member '%s' is %llu bytes (at most %zu)", z->name,
                        z->ent[i].name, (unsigned long long)z->ent[i].usize, max);
    }
    zip_member *m = zip_member_open(z, i, e);
    if (!m) return -1;
    /* one byte more than declared, so that a member longer than its
     * declaration is caught by zip_member_read's size check */
    size_t cap = (size_t)z->ent[i].usize + 2;
    char *buf = xmalloc(cap);
    size_t n = 0;
    long got;
    while ((got = zip_member_read(m, buf + n, cap - 1 - n, e)) > 0) n += (size_t)got;
    zip_member_close(m);
    if (got < 0) {
        free(buf);
        return -1;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}
