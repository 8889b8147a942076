/* bag.c — BagIt bundles: the deterministic builder and the verifier (see
 * bag.h for the layout and the rules checked).
 *
 * The verifier first collects the bag into a small model — tag files
 * (everything outside data/, buffered whole, they are small) and payload
 * files (path, size, digests) — from a directory walk or a tar stream, then
 * runs one set of checks on the model, so directories and bundles get the
 * same verdicts. Digests for md5/sha1/sha224/sha384/sha512 use nettle's
 * generic hash interface; the builder uses hash.h (SHA-256). */
#include "msg.h"
#include "bag.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/nettle-meta.h>

#include "hash.h"
#include "tar.h"

/* ================================================================== */
/* Shared helpers                                                     */

/* Checks UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
 * Returns the offset of the first bad byte, or (size_t)-1 when valid. */
static size_t utf8_bad_offset(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t len;
        uint32_t cp;
        if (c < 0x80) { i++; continue; }
        else if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
        else return i;
        if (i + len > n) return i;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += len;
    }
    return (size_t)-1;
}

/* qsort() that accepts an empty (NULL) array. */
static void sort_n(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1) qsort(base, n, size, cmp);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ================================================================== */
/* Builder                                                            */

/* One payload file to write. */
typedef struct bpay {
    char *path;             /* "data/…" relative to the bag root (owned) */
    unsigned char *bytes;   /* copied content (bag_add_bytes), else NULL */
    size_t len;             /* length of bytes */
    bag_source_fn fn;       /* content callback (bag_add_source), else NULL */
    void *arg;              /* its argument (borrowed) */
    char *fs_path;          /* file read at write time (bag_add_path), else NULL */
    uint64_t size;          /* size found by the first pass (or given: known) */
    char sha[HASH_HEX_LEN]; /* SHA-256 found by the first pass (or given: known) */
    int known;              /* 1: size and SHA-256 given by the caller, no first pass */
} bpay;

struct bag_builder {
    char *name;             /* top directory name (owned) */
    sbuf info;              /* bag-info.txt lines the caller added */
    bpay *pay;              /* payload files (owned) */
    size_t npay;            /* entries in pay */
    size_t cap;             /* allocated entries */
};

int bag_builder_new(const char *name, bag_builder **out, kerr *e)
{
    *out = NULL;
    size_t n = strlen(name);
    if (n == 0 || n > BAG_MAX_NAME || name[0] == '.' || name[0] == '-')
        return kerr_set(e, EXIT_DATAERR, "bundle name '%.*s': must be 1..%d bytes, not starting with '.' or '-'",
                        (int)(n > 120 ? 120 : n), name, BAG_MAX_NAME);
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return kerr_set(e, EXIT_DATAERR, "bundle name '%s': character %zu is not a letter, digit, '.', '_' or '-'",
                            name, i + 1);
    }
    bag_builder *b = xcalloc(1, sizeof *b);
    b->name = xstrdup(name);
    *out = b;
    return 0;
}

void bag_builder_free(bag_builder *b)
{
    if (!b) return;
    for (size_t i = 0; i < b->npay; i++) {
        free(b->pay[i].path);
        free(b->pay[i].bytes);
        free(b->pay[i].fs_path);
    }
    free(b->pay);
    sbuf_free(&b->info);
    free(b->name);
    free(b);
}

int bag_add_info(bag_builder *b, const char *label, const char *value, kerr *e)
{
    size_t ln = strlen(label);
    if (ln == 0 || strpbrk(label, ":\r\n") || label[0] == ' ' || label[0] == '\t' ||
        label[ln - 1] == ' ' || label[ln - 1] == '\t')
        return kerr_set(e, EXIT_DATAERR, "bag-info label '%s': empty, or has ':', a line break or surrounding blanks",
                        label);
    if (strcasecmp(label, "Payload-Oxum") == 0)
        return kerr_set(e, EXIT_DATAERR, "bag-info label 'Payload-Oxum': computed by the builder, not given");
    if (utf8_bad_offset((const unsigned char *)label, ln) != (size_t)-1)
        return kerr_set(e, EXIT_DATAERR, "bag-info label '%s': not valid UTF-8", label);
    /* values carry data (people's names): control characters — a line
     * break that would forge a field, ESC that would drive the terminal of
     * whoever cats the file — and bytes that are not UTF-8 become \xNN */
    sbuf_printf(&b->info, "%s: ", label);
    for (const char *v = value; *v;) {
        size_t cut = strcspn(v, "\n");
        char *part = xstrndup(v, cut);
        util_term_escape(&b->info, part);
        free(part);
        v += cut;
        if (*v == '\n') {
            sbuf_adds(&b->info, "\\x0a");
            v++;
        }
    }
    sbuf_addc(&b->info, '\n');
    return 0;
}

int bag_check_payload_name(const char *path, kerr *e)
{
    size_t n = strlen(path);
    char clip[80];
    util_clip(path, clip, sizeof clip);
    if (n == 0) return kerr_set(e, EXIT_DATAERR, "payload name '': empty");
    if (n > BAG_MAX_PATH)
        return kerr_set(e, EXIT_DATAERR, "payload name '%s': longer than %d bytes", clip, BAG_MAX_PATH);
    size_t bad = utf8_bad_offset((const unsigned char *)path, n);
    if (bad != (size_t)-1)
        return kerr_set(e, EXIT_DATAERR, "payload name '%s': not valid UTF-8 at byte %zu", clip, bad + 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];
        if (c == '%')
            return kerr_set(e, EXIT_DATAERR, "payload name '%s': '%%' is not allowed (tools disagree on its percent-encoding)", clip);
        if (c == '\r' || c == '\n')
            return kerr_set(e, EXIT_DATAERR, "payload name '%s': CR or LF is not allowed", clip);
        if (c < 0x20 || c == 0x7F)
            return kerr_set(e, EXIT_DATAERR, "payload name '%s': control character 0x%02X is not allowed", clip, c);
        if (c == '\\')
            return kerr_set(e, EXIT_DATAERR, "payload name '%s': '\\' is not allowed (a path separator on Windows)", clip);
    }
    if (path[0] == '/')
        return kerr_set(e, EXIT_DATAERR, "payload name '%s': absolute paths are not allowed", clip);
    const char *p = path;
    for (;;) {
        const char *s = strchr(p, '/');
        size_t len = s ? (size_t)(s - p) : strlen(p);
        if (len == 0)
            return kerr_set(e, EXIT_DATAERR, "payload name '%s': empty path component", clip);
        if ((len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
            return kerr_set(e, EXIT_DATAERR, "payload name '%s': '.' and '..' components are not allowed", clip);
        if (len > BAG_MAX_COMPONENT)
            return kerr_set(e, EXIT_DATAERR, "payload name '%s': a component is longer than %d bytes", clip,
                            BAG_MAX_COMPONENT);
        if (!s) break;
        p = s + 1;
    }
    return 0;
}

/* Appends a payload slot after checking its name. */
static bpay *add_pay(bag_builder *b, const char *path, kerr *e)
{
    if (bag_check_payload_name(path, e) != 0) return NULL;
    if (b->npay >= BAG_MAX_FILES) {
        kerr_set(e, EXIT_DATAERR, "payload name '%s': more than %d payload files", path, BAG_MAX_FILES);
        return NULL;
    }
    if (b->npay == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 16;
        b->pay = xrealloc(b->pay, b->cap * sizeof *b->pay);
    }
    bpay *p = &b->pay[b->npay++];
    memset(p, 0, sizeof *p);
    p->path = xasprintf("data/%s", path);
    return p;
}

int bag_add_bytes(bag_builder *b, const char *path, const void *data, size_t len, kerr *e)
{
    bpay *p = add_pay(b, path, e);
    if (!p) return -1;
    p->bytes = xmalloc(len);
    if (len) memcpy(p->bytes, data, len);
    p->len = len;
    return 0;
}

int bag_add_source(bag_builder *b, const char *path, bag_source_fn fn, void *arg, kerr *e)
{
    bpay *p = add_pay(b, path, e);
    if (!p) return -1;
    p->fn = fn;
    p->arg = arg;
    return 0;
}

int bag_add_source_known(bag_builder *b, const char *path, bag_source_fn fn, void *arg,
                         uint64_t size, const char *sha256, kerr *e)
{
    if (!sha256 || strlen(sha256) != HASH_HEX_LEN - 1 || strspn(sha256, "0123456789abcdef") != HASH_HEX_LEN - 1)
        return kerr_set(e, EXIT_SOFTWARE, "payload '%s': '%s' is not a SHA-256 in lowercase hex", path,
                        sha256 ? sha256 : "");
    bpay *p = add_pay(b, path, e);
    if (!p) return -1;
    p->fn = fn;
    p->arg = arg;
    p->known = 1;
    p->size = size;
    memcpy(p->sha, sha256, HASH_HEX_LEN);
    return 0;
}

int bag_add_path(bag_builder *b, const char *path, const char *fs_path, kerr *e)
{
    bpay *p = add_pay(b, path, e);
    if (!p) return -1;
    p->fs_path = xstrdup(fs_path);
    return 0;
}

/* Produces one payload's bytes into emit/sink. */
static int pay_produce(const bpay *p, bag_emit_fn emit, void *sink, kerr *e)
{
    if (p->fn) return p->fn(p->arg, emit, sink, e);
    if (!p->fs_path) return p->len ? emit(sink, p->bytes, p->len, e) : 0;
    int fd = open(p->fs_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return kerr_set(e, EXIT_NOINPUT, "%s: cannot open: %s", p->fs_path, msg_strerror(errno));
    enum { BUFSZ = 256 * 1024 };
    unsigned char *buf = xmalloc(BUFSZ);
    int rc = 0;
    for (;;) {
        ssize_t k = read(fd, buf, BUFSZ);
        if (k < 0) {
            if (errno == EINTR) continue;
            rc = kerr_set(e, EXIT_NOINPUT, "%s: read error: %s", p->fs_path, msg_strerror(errno));
            break;
        }
        if (k == 0) break;
        if (emit(sink, buf, (size_t)k, e) != 0) { rc = -1; break; }
    }
    free(buf);
    close(fd);
    return rc;
}

/* The first pass: size and SHA-256. */
typedef struct sink1 {
    hash_ctx h;             /* running SHA-256 */
    uint64_t size;          /* bytes seen */
} sink1;

static int emit1(void *sink, const void *data, size_t len, kerr *e)
{
    (void)e;
    sink1 *s = sink;
    hash_update(&s->h, data, len);
    s->size += len;
    return 0;
}

/* The second pass: into the tar, checking the bytes match the first pass. */
typedef struct sink2 {
    tar_writer *w;          /* the archive being written */
    const bpay *p;          /* the payload being written */
    hash_ctx h;             /* running SHA-256 of what was written */
    uint64_t size;          /* bytes written */
} sink2;

static int emit2(void *sink, const void *data, size_t len, kerr *e)
{
    sink2 *s = sink;
    if (s->size + len > s->p->size)
        return kerr_set(e, EXIT_SOFTWARE, "payload '%s': the source gave more bytes on the second pass than on the first",
                        s->p->path);
    hash_update(&s->h, data, len);
    s->size += len;
    return tar_writer_write(s->w, data, len, e);
}

static int cmp_pay(const void *a, const void *b)
{
    return strcmp(((const bpay *)a)->path, ((const bpay *)b)->path);
}

/* Returns 1 when `dir` ("data/x") is a parent directory of `path`. */
static int is_parent(const char *dir, size_t dlen, const char *path)
{
    return strncmp(path, dir, dlen) == 0 && path[dlen] == '/';
}

int bag_write(bag_builder *b, const char *out_path, int level, int64_t mtime, kerr *e)
{
    int rc = -1;
    tar_writer *w = NULL;
    sbuf bagit = {0}, info = {0}, man = {0}, tagman = {0}, name = {0};

    sort_n(b->pay, b->npay, sizeof *b->pay, cmp_pay);
    for (size_t i = 0; i < b->npay; i++) {
        if (i > 0 && strcmp(b->pay[i - 1].path, b->pay[i].path) == 0) {
            kerr_set(e, EXIT_DATAERR, "payload '%s': added twice", b->pay[i].path);
            goto out;
        }
        /* a name that is also a directory of another name: files under
         * "p/" sort in one run, found by binary search for "p/" */
        size_t lo = i + 1, hi = b->npay, plen = strlen(b->pay[i].path);
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            const char *m = b->pay[mid].path;
            int c = strncmp(m, b->pay[i].path, plen);
            if (c < 0 || (c == 0 && (unsigned char)m[plen] < '/')) lo = mid + 1;
            else hi = mid;
        }
        if (lo < b->npay && is_parent(b->pay[i].path, plen, b->pay[lo].path)) {
            kerr_set(e, EXIT_DATAERR, "payload '%s': is a file and also the directory of '%s'",
                     b->pay[i].path, b->pay[lo].path);
            goto out;
        }
    }

    /* pass 1: sizes and digests */
    uint64_t total = 0;
    for (size_t i = 0; i < b->npay; i++) {
        if (b->pay[i].known) {   /* checked against the bytes on the second pass */
            total += b->pay[i].size;
            continue;
        }
        sink1 s;
        hash_init(&s.h);
        s.size = 0;
        if (pay_produce(&b->pay[i], emit1, &s, e) != 0) goto out;
        b->pay[i].size = s.size;
        hash_final_hex(&s.h, b->pay[i].sha);
        total += s.size;
    }

    /* tag files */
    sbuf_adds(&bagit, "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
    if (b->info.len) sbuf_add(&info, b->info.p, b->info.len);
    sbuf_printf(&info, "Payload-Oxum: %" PRIu64 ".%zu\n", total, b->npay);
    for (size_t i = 0; i < b->npay; i++)
        sbuf_printf(&man, "%s  %s\n", b->pay[i].sha, b->pay[i].path);
    if (!man.p) sbuf_add(&man, "", 0);
    struct { const char *name; sbuf *content; } tags[] = {
        { "bagit.txt", &bagit }, { "bag-info.txt", &info }, { "manifest-sha256.txt", &man },
    };
    /* tagmanifest lines in byte order of the names */
    const char *order[] = { "bag-info.txt", "bagit.txt", "manifest-sha256.txt" };
    for (size_t k = 0; k < 3; k++)
        for (size_t t = 0; t < 3; t++)
            if (strcmp(order[k], tags[t].name) == 0) {
                char hex[HASH_HEX_LEN];
                hash_hex(tags[t].content->p, tags[t].content->len, hex);
                sbuf_printf(&tagman, "%s  %s\n", hex, tags[t].name);
            }

    if (tar_writer_open(out_path, level, mtime, &w, e) != 0) goto out;
    if (tar_writer_add_dir(w, b->name, e) != 0) goto out;
    for (size_t t = 0; t < 3; t++) {
        sbuf_reset(&name);
        sbuf_printf(&name, "%s/%s", b->name, tags[t].name);
        if (tar_writer_add_file(w, name.p, tags[t].content->p, tags[t].content->len, e) != 0) goto out;
    }
    sbuf_reset(&name);
    sbuf_printf(&name, "%s/tagmanifest-sha256.txt", b->name);
    if (tar_writer_add_file(w, name.p, tagman.p, tagman.len, e) != 0) goto out;
    sbuf_reset(&name);
    sbuf_printf(&name, "%s/data", b->name);
    if (tar_writer_add_dir(w, name.p, e) != 0) goto out;

    /* pass 2: payload, with each directory entry before its first file */
    for (size_t i = 0; i < b->npay; i++) {
        const bpay *p = &b->pay[i];
        const char *prev = i > 0 ? b->pay[i - 1].path : "data";
        for (const char *s = strchr(p->path + 5, '/'); s; s = strchr(s + 1, '/')) {
            size_t dlen = (size_t)(s - p->path);
            if (is_parent(p->path, dlen, prev)) continue;   /* already written */
            sbuf_reset(&name);
            sbuf_printf(&name, "%s/%.*s", b->name, (int)dlen, p->path);
            if (tar_writer_add_dir(w, name.p, e) != 0) goto out;
        }
        sbuf_reset(&name);
        sbuf_printf(&name, "%s/%s", b->name, p->path);
        if (tar_writer_begin_file(w, name.p, p->size, e) != 0) goto out;
        sink2 s = { .w = w, .p = p, .size = 0 };
        hash_init(&s.h);
        if (pay_produce(p, emit2, &s, e) != 0) goto out;
        char hex[HASH_HEX_LEN];
        hash_final_hex(&s.h, hex);
        if (s.size != p->size || strcmp(hex, p->sha) != 0) {
            kerr_set(e, EXIT_SOFTWARE, p->known
                     ? "payload '%s': the bytes differ from the size and SHA-256 recorded for them"
                     : "payload '%s': the source gave different bytes on the second pass", p->path);
            goto out;
        }
        if (tar_writer_end_file(w, e) != 0) goto out;
    }
    rc = tar_writer_finish(w, e);
    w = NULL;
out:
    tar_writer_abort(w);
    sbuf_free(&bagit);
    sbuf_free(&info);
    sbuf_free(&man);
    sbuf_free(&tagman);
    sbuf_free(&name);
    return rc;
}

/* ================================================================== */
/* Verifier: digests                                                  */

#define NALG 6
static const struct {
    const char *name;               /* as in manifest-NAME.txt */
    const struct nettle_hash *h;    /* nettle's implementation */
} ALGS[NALG] = {
    { "md5", &nettle_md5 },       { "sha1", &nettle_sha1 },     { "sha224", &nettle_sha224 },
    { "sha256", &nettle_sha256 }, { "sha384", &nettle_sha384 }, { "sha512", &nettle_sha512 },
};
#define ALL_ALGS ((1u << NALG) - 1)

static int alg_index(const char *name, size_t n)
{
    for (int i = 0; i < NALG; i++)
        if (strlen(ALGS[i].name) == n && memcmp(ALGS[i].name, name, n) == 0) return i;
    return -1;
}

/* Several digests over one stream. */
typedef struct mhash {
    unsigned mask;          /* algorithms being computed */
    void *ctx[NALG];        /* nettle contexts (owned) */
} mhash;

static void mh_init(mhash *m, unsigned mask)
{
    m->mask = mask;
    for (int i = 0; i < NALG; i++) {
        m->ctx[i] = NULL;
        if (mask & (1u << i)) {
            m->ctx[i] = xmalloc(ALGS[i].h->context_size);
            ALGS[i].h->init(m->ctx[i]);
        }
    }
}

static void mh_update(mhash *m, const void *data, size_t len)
{
    for (int i = 0; i < NALG; i++)
        if (m->ctx[i]) ALGS[i].h->update(m->ctx[i], len, data);
}

/* Stores each digest as a new lowercase hex string into hex[i] (replacing
 * nothing: hex[i] must be NULL for computed algorithms) and frees m. */
static void mh_final(mhash *m, char *hex[NALG])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < NALG; i++) {
        if (!m->ctx[i]) continue;
        unsigned char d[64];
        unsigned n = ALGS[i].h->digest_size;
        ALGS[i].h->digest(m->ctx[i], n, d);
        free(hex[i]);
        hex[i] = xmalloc(2 * n + 1);
        for (unsigned k = 0; k < n; k++) {
            hex[i][2 * k] = digits[d[k] >> 4];
            hex[i][2 * k + 1] = digits[d[k] & 15];
        }
        hex[i][2 * n] = '\0';
        free(m->ctx[i]);
        m->ctx[i] = NULL;
    }
}

/* ================================================================== */
/* Verifier: the report                                               */

static void rep_add(bag_report *r, int is_err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void rep_add(bag_report *r, int is_err, const char *fmt, ...)
{
    size_t *count = is_err ? &r->nerrors : &r->nwarnings;
    size_t *kept = is_err ? &r->nkept_errors : &r->nkept_warnings;
    char ***list = is_err ? &r->errors : &r->warnings;
    (*count)++;
    if (is_err) r->valid = 0;
    if (*kept >= BAG_MAX_MESSAGES) return;
    va_list ap;
    va_start(ap, fmt);
    char *m = NULL;
    if (vasprintf(&m, msg_tr(fmt), ap) < 0) m = NULL;
    va_end(ap);
    if (!m) m = xstrdup("(out of memory formatting a message)");
    *list = xrealloc(*list, (*kept + 1) * sizeof **list);
    (*list)[(*kept)++] = m;
}
#define ERR(r, ...) rep_add((r), 1, __VA_ARGS__)
#define WARN(r, ...) rep_add((r), 0, __VA_ARGS__)

void bag_report_free(bag_report *rep)
{
    if (!rep) return;
    for (size_t i = 0; i < rep->nkept_errors; i++) free(rep->errors[i]);
    for (size_t i = 0; i < rep->nkept_warnings; i++) free(rep->warnings[i]);
    free(rep->errors);
    free(rep->warnings);
    memset(rep, 0, sizeof *rep);
}

/* ================================================================== */
/* Verifier: the model                                                */

/* A tag file (anything outside data/), buffered whole. */
typedef struct vtag {
    char *path;             /* relative to the bag root (owned) */
    char *data;             /* content (owned, NUL-terminated) */
    size_t len;             /* content length */
} vtag;

/* A payload file (under data/). */
typedef struct vfile {
    char *path;             /* "data/…" (owned) */
    uint64_t size;          /* bytes */
    char *hex[NALG];        /* digests computed so far (owned), NULL = not computed */
    char *key;              /* case/normalization folding key (owned, lazily) */
} vfile;

typedef struct vbag {
    bag_report *rep;        /* findings */
    vtag *tags;             /* tag files */
    size_t ntags, ctags;    /* count, allocated */
    vfile *files;           /* payload files */
    size_t nfiles, cfiles;  /* count, allocated */
    int have_data;          /* the data/ directory exists */
    char **fetch;           /* payload paths named by fetch.txt (owned, sorted) */
    size_t nfetch;          /* entries in fetch */
    int v10;                /* 1 for BagIt 1.0 and later rules */
    int enc;                /* tag file encoding: ENC_* */
} vbag;

enum { ENC_UTF8, ENC_LATIN1, ENC_UTF16, ENC_UTF16LE, ENC_UTF16BE };

static vtag *add_tag(vbag *v, const char *path)
{
    if (v->ntags == v->ctags) {
        v->ctags = v->ctags ? 2 * v->ctags : 16;
        v->tags = xrealloc(v->tags, v->ctags * sizeof *v->tags);
    }
    vtag *t = &v->tags[v->ntags++];
    t->path = xstrdup(path);
    t->data = NULL;
    t->len = 0;
    return t;
}

static vfile *add_file(vbag *v, const char *path, uint64_t size)
{
    if (v->nfiles == v->cfiles) {
        v->cfiles = v->cfiles ? 2 * v->cfiles : 64;
        v->files = xrealloc(v->files, v->cfiles * sizeof *v->files);
    }
    vfile *f = &v->files[v->nfiles++];
    memset(f, 0, sizeof *f);
    f->path = xstrdup(path);
    f->size = size;
    return f;
}

static void vbag_free(vbag *v)
{
    for (size_t i = 0; i < v->ntags; i++) {
        free(v->tags[i].path);
        free(v->tags[i].data);
    }
    for (size_t i = 0; i < v->nfiles; i++) {
        free(v->files[i].path);
        free(v->files[i].key);
        for (int k = 0; k < NALG; k++) free(v->files[i].hex[k]);
    }
    for (size_t i = 0; i < v->nfetch; i++) free(v->fetch[i]);
    free(v->fetch);
    free(v->tags);
    free(v->files);
}

static int cmp_tag(const void *a, const void *b)
{
    return strcmp(((const vtag *)a)->path, ((const vtag *)b)->path);
}

static int cmp_file(const void *a, const void *b)
{
    return strcmp(((const vfile *)a)->path, ((const vfile *)b)->path);
}

static vtag *find_tag(vbag *v, const char *path)
{
    vtag k = { .path = (char *)path };
    if (!v->ntags) return NULL;
    return bsearch(&k, v->tags, v->ntags, sizeof *v->tags, cmp_tag);
}

static vfile *find_file(vbag *v, const char *path)
{
    vfile k = { .path = (char *)path };
    if (!v->nfiles) return NULL;
    return bsearch(&k, v->files, v->nfiles, sizeof *v->files, cmp_file);
}

/* Returns the algorithm of a root-level "PREFIXALG.txt" name, -2 when the
 * name has that shape with an unsupported algorithm, -1 otherwise. */
static int manifest_alg(const char *path, const char *prefix)
{
    size_t pl = strlen(prefix), n = strlen(path);
    if (strchr(path, '/') || n <= pl + 4 || strncmp(path, prefix, pl) != 0 || strcmp(path + n - 4, ".txt") != 0)
        return -1;
    int a = alg_index(path + pl, n - pl - 4);
    return a >= 0 ? a : -2;
}

/* Algorithms of the payload manifests among the tag files seen so far. */
static unsigned payload_mask(const vbag *v)
{
    unsigned m = 0;
    for (size_t i = 0; i < v->ntags; i++) {
        int a = manifest_alg(v->tags[i].path, "manifest-");
        if (a >= 0) m |= 1u << a;
    }
    return m;
}

/* Returns 1 for names operating systems leave behind. */
static int is_os_junk(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    return strcmp(b, ".DS_Store") == 0 || strcasecmp(b, "Thumbs.db") == 0 || strcasecmp(b, "desktop.ini") == 0 ||
           strcasecmp(b, "ehthumbs.db") == 0 || strncmp(b, "._", 2) == 0 || strcmp(b, ".Spotlight-V100") == 0 ||
           strcmp(b, ".Trashes") == 0 || strcmp(b, ".fseventsd") == 0;
}

/* ================================================================== */
/* Verifier: collecting a directory                                   */

/* Reads a whole tag file with a size cap. */
static int read_capped(const char *fs, vtag *t, vbag *v)
{
    struct stat st;
    int fd = open(fs, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) != 0) {
        ERR(v->rep, "%s: cannot read: %s", t->path, msg_strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    if ((uint64_t)st.st_size > BAG_MAX_TAGFILE) {
        ERR(v->rep, "%s: tag file of %lld bytes exceeds the limit of %u bytes", t->path, (long long)st.st_size,
            BAG_MAX_TAGFILE);
        close(fd);
        return -1;
    }
    sbuf b = {0};
    char buf[65536];
    for (;;) {
        ssize_t k = read(fd, buf, sizeof buf);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) {
            ERR(v->rep, "%s: read error: %s", t->path, msg_strerror(errno));
            break;
        }
        if (k == 0) break;
        sbuf_add(&b, buf, (size_t)k);
        if (b.len > BAG_MAX_TAGFILE) {
            ERR(v->rep, "%s: tag file exceeds the limit of %u bytes", t->path, BAG_MAX_TAGFILE);
            break;
        }
    }
    close(fd);
    if (!b.p) sbuf_add(&b, "", 0);
    t->data = b.p;
    t->len = b.len;
    return 0;
}

/* Hashes a file on disk into f->hex for the algorithms in mask. */
static int hash_fs_file(const char *fs, vfile *f, unsigned mask, vbag *v)
{
    int fd = open(fs, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        ERR(v->rep, "%s: cannot read: %s", f->path, msg_strerror(errno));
        return -1;
    }
    mhash m;
    mh_init(&m, mask);
    enum { BUFSZ = 256 * 1024 };
    unsigned char *buf = xmalloc(BUFSZ);
    int rc = 0;
    uint64_t total = 0;
    for (;;) {
        ssize_t k = read(fd, buf, BUFSZ);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) {
            ERR(v->rep, "%s: read error: %s", f->path, msg_strerror(errno));
            rc = -1;
            break;
        }
        if (k == 0) break;
        mh_update(&m, buf, (size_t)k);
        total += (size_t)k;
    }
    free(buf);
    close(fd);
    mh_final(&m, f->hex);
    f->size = total;
    return rc;
}

/* Walks the bag directory without recursion: a stack of relative
 * directory paths, depth-limited. Tag files are read; payload files are
 * listed and hashed afterwards, once the manifests are known. */
static int collect_dir(const char *root, vbag *v)
{
    char **stack = xmalloc(sizeof *stack);
    size_t nstack = 1, cstack = 1;
    stack[0] = xstrdup("");
    int rc = 0;
    while (nstack > 0) {
        char *rel = stack[--nstack];
        char *abs = rel[0] ? xasprintf("%s/%s", root, rel) : xstrdup(root);
        size_t depth = 0;
        for (const char *p = rel; *p; p++) depth += *p == '/';
        DIR *d = opendir(abs);
        if (!d) {
            ERR(v->rep, "%s/: cannot open directory: %s", rel[0] ? rel : ".", msg_strerror(errno));
            free(abs);
            free(rel);
            continue;
        }
        struct dirent *de;
        while ((de = readdir(d)) != NULL) {
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
            char *crel = rel[0] ? xasprintf("%s/%s", rel, de->d_name) : xstrdup(de->d_name);
            char *cabs = xasprintf("%s/%s", abs, de->d_name);
            struct stat st;
            if (lstat(cabs, &st) != 0) {
                ERR(v->rep, "%s: cannot stat: %s", crel, msg_strerror(errno));
            } else if (S_ISLNK(st.st_mode)) {
                ERR(v->rep, "%s: is a symbolic link; a bag holds only files and directories", crel);
            } else if (S_ISDIR(st.st_mode)) {
                if (strcmp(crel, "data") == 0) v->have_data = 1;
                if (depth + 1 >= BAG_MAX_DEPTH) {
                    ERR(v->rep, "%s: directories nested deeper than %d", crel, BAG_MAX_DEPTH);
                } else {
                    if (nstack == cstack) {
                        cstack *= 2;
                        stack = xrealloc(stack, cstack * sizeof *stack);
                    }
                    stack[nstack++] = crel;
                    crel = NULL;
                }
            } else if (S_ISREG(st.st_mode)) {
                if (strncmp(crel, "data/", 5) == 0) {
                    if (v->nfiles >= BAG_MAX_FILES) {
                        ERR(v->rep, "%s: more than %d payload files", crel, BAG_MAX_FILES);
                        rc = -1;
                    } else {
                        add_file(v, crel, (uint64_t)st.st_size);
                    }
                } else {
                    read_capped(cabs, add_tag(v, crel), v);
                }
            } else {
                ERR(v->rep, "%s: not a regular file or directory", crel);
            }
            free(crel);
            free(cabs);
            if (rc) break;
        }
        closedir(d);
        free(abs);
        free(rel);
        if (rc) break;
    }
    while (nstack > 0) free(stack[--nstack]);
    free(stack);
    if (rc) return rc;
    unsigned mask = payload_mask(v);
    for (size_t i = 0; i < v->nfiles; i++) {
        char *fs = xasprintf("%s/%s", root, v->files[i].path);
        hash_fs_file(fs, &v->files[i], mask, v);
        free(fs);
    }
    return 0;
}

/* ================================================================== */
/* Verifier: collecting a .tar.gz                                     */

/* One pass over the archive. Pass 1 (`v->files` empty on entry) builds the
 * model; a later pass (`need` != 0) only adds the digests in `need` to
 * payload files that lack them. Returns -1 when the archive is unreadable
 * or damaged (already reported). */
static int collect_tar(const char *path, vbag *v, unsigned need, kerr *e)
{
    tar_reader *r = NULL;
    if (tar_reader_open(path, 0, &r, e) != 0) return -2;
    enum { BUFSZ = 256 * 1024 };
    unsigned char *buf = xmalloc(BUFSZ);
    char top[TAR_MAX_NAME + 1] = "";
    size_t toplen = 0;
    int rc = 0;
    tar_entry *ent = xmalloc(sizeof *ent);
    for (;;) {
        kerr te = {0};
        int k = tar_reader_next(r, ent, &te);
        if (k < 0) { ERR(v->rep, "%s", te.msg); rc = -1; break; }
        if (k == 0) break;
        if (strcmp(ent->name, ".") == 0) continue;
        if (!top[0]) {
            const char *s = strchr(ent->name, '/');
            toplen = s ? (size_t)(s - ent->name) : strlen(ent->name);
            memcpy(top, ent->name, toplen);
            top[toplen] = '\0';
        }
        if (strncmp(ent->name, top, toplen) != 0 || (ent->name[toplen] != '/' && ent->name[toplen] != '\0')) {
            if (!need) ERR(v->rep, "%s: entry outside the bag's top directory '%s/'", ent->name, top);
            continue;
        }
        if (ent->name[toplen] == '\0') {
            if (ent->type != TAR_DIR && !need) ERR(v->rep, "%s: the top of the bag is not a directory", ent->name);
            continue;
        }
        const char *rel = ent->name + toplen + 1;
        if (ent->type == TAR_OTHER) {
            if (!need)
                ERR(v->rep, "%s: entry type '%c' (link, device or other) does not belong in a bag", rel,
                    ent->typeflag ? ent->typeflag : '0');
            continue;
        }
        if (ent->type == TAR_DIR) {
            if (strcmp(rel, "data") == 0) v->have_data = 1;
            continue;
        }
        int payload = strncmp(rel, "data/", 5) == 0;
        if (need) {
            if (!payload) continue;
            vfile *f = find_file(v, rel);
            unsigned m = f ? need : 0;
            if (f)
                for (int a = 0; a < NALG; a++) if (f->hex[a]) m &= ~(1u << a);
            if (!m) continue;
            mhash mh;
            mh_init(&mh, m);
            size_t got;
            while ((rc = tar_reader_read(r, buf, BUFSZ, &got, &te)) == 0 && got) mh_update(&mh, buf, got);
            mh_final(&mh, f->hex);
            if (rc) { ERR(v->rep, "%s", te.msg); break; }
            continue;
        }
        if (payload) {
            v->have_data = 1;   /* archives may omit directory entries */
            if (v->nfiles >= BAG_MAX_FILES) {
                ERR(v->rep, "%s: more than %d payload files", rel, BAG_MAX_FILES);
                rc = -1;
                break;
            }
            unsigned m = payload_mask(v);   /* manifests seen so far */
            if (!m) m = ALL_ALGS;            /* none yet: compute them all */
            vfile *f = add_file(v, rel, ent->size);
            mhash mh;
            mh_init(&mh, m);
            size_t got;
            while ((rc = tar_reader_read(r, buf, BUFSZ, &got, &te)) == 0 && got) mh_update(&mh, buf, got);
            mh_final(&mh, f->hex);
            if (rc) { ERR(v->rep, "%s", te.msg); break; }
        } else {
            vtag *t = add_tag(v, rel);
            if (ent->size > BAG_MAX_TAGFILE) {
                ERR(v->rep, "%s: tag file of %" PRIu64 " bytes exceeds the limit of %u bytes", rel, ent->size,
                    BAG_MAX_TAGFILE);
                t->data = xstrdup("");
                continue;
            }
            t->data = xmalloc((size_t)ent->size + 1);
            t->len = (size_t)ent->size;
            size_t off = 0, got;
            while (off < t->len && (rc = tar_reader_read(r, t->data + off, t->len - off, &got, &te)) == 0 && got)
                off += got;
            t->data[off] = '\0';
            if (rc) { ERR(v->rep, "%s", te.msg); break; }
        }
    }
    free(ent);
    free(buf);
    tar_reader_close(r);
    return rc;
}

/* ================================================================== */
/* Verifier: text of tag files                                        */

/* Appends code point cp as UTF-8. */
static void put_utf8(sbuf *b, uint32_t cp)
{
    char u[4];
    if (cp < 0x80) { sbuf_addc(b, (char)cp); return; }
    if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 0x3F));
        sbuf_add(b, u, 2);
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        sbuf_add(b, u, 3);
    } else {
        u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F));
        sbuf_add(b, u, 4);
    }
}

/* Decodes a tag file from the bag's declared encoding into UTF-8. Returns
 * a new string (caller frees) or NULL after reporting the problem. */
static char *decode_tag(vbag *v, const vtag *t)
{
    const unsigned char *s = (const unsigned char *)t->data;
    size_t n = t->len;
    sbuf b = {0};
    if (v->enc == ENC_UTF8) {
        if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
            WARN(v->rep, "%s: starts with a UTF-8 byte-order mark", t->path);
            s += 3;
            n -= 3;
        }
        size_t bad = utf8_bad_offset(s, n);
        if (bad != (size_t)-1) {
            ERR(v->rep, "%s: not valid UTF-8 (byte %zu), the encoding bagit.txt declares", t->path, bad + 1);
            return NULL;
        }
        sbuf_add(&b, s, n);
    } else if (v->enc == ENC_LATIN1) {
        for (size_t i = 0; i < n; i++) put_utf8(&b, s[i]);
        if (!b.p) sbuf_add(&b, "", 0);
    } else {
        int be = v->enc != ENC_UTF16LE;
        if (n >= 2 && ((s[0] == 0xFE && s[1] == 0xFF) || (s[0] == 0xFF && s[1] == 0xFE))) {
            be = s[0] == 0xFE;
            s += 2;
            n -= 2;
        }
        if (n % 2) {
            ERR(v->rep, "%s: odd number of bytes for UTF-16", t->path);
            return NULL;
        }
        for (size_t i = 0; i < n; i += 2) {
            uint32_t u = be ? (uint32_t)(s[i] << 8 | s[i + 1]) : (uint32_t)(s[i + 1] << 8 | s[i]);
            if (u >= 0xD800 && u <= 0xDBFF && i + 3 < n) {
                uint32_t l = be ? (uint32_t)(s[i + 2] << 8 | s[i + 3]) : (uint32_t)(s[i + 3] << 8 | s[i + 2]);
                if (l >= 0xDC00 && l <= 0xDFFF) {
                    put_utf8(&b, 0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00));
                    i += 2;
                    continue;
                }
            }
            if (u >= 0xD800 && u <= 0xDFFF) {
                ERR(v->rep, "%s: invalid UTF-16 surrogate at byte %zu", t->path, i + 1);
                sbuf_free(&b);
                return NULL;
            }
            if (u == 0) {
                ERR(v->rep, "%s: NUL character at byte %zu", t->path, i + 1);
                sbuf_free(&b);
                return NULL;
            }
            put_utf8(&b, u);
        }
        if (!b.p) sbuf_add(&b, "", 0);
    }
    if (!b.p) sbuf_add(&b, "", 0);
    if (memchr(b.p, '\0', b.len)) {
        ERR(v->rep, "%s: contains a NUL byte", t->path);
        sbuf_free(&b);
        return NULL;
    }
    return b.p;
}

/* Line iterator over decoded text: LF, CRLF and CR all end a line. */
typedef struct liner {
    char *p;                /* next unread byte */
    size_t lineno;          /* number of the line last returned */
} liner;

/* Returns the next line (NUL-terminated in place) or NULL at the end. */
static char *next_line(liner *L)
{
    if (!*L->p) return NULL;
    char *s = L->p, *q = s;
    while (*q && *q != '\n' && *q != '\r') q++;
    if (*q == '\r' && q[1] == '\n') { *q = '\0'; L->p = q + 2; }
    else if (*q) { *q = '\0'; L->p = q + 1; }
    else L->p = q;
    L->lineno++;
    return s;
}

/* ================================================================== */
/* Verifier: folding keys (case and Unicode normalization)            */

/* Canonical decompositions of U+00C0..U+017F (Latin-1 Supplement and
 * Latin Extended-A), generated from Python's unicodedata (NFD). Enough to
 * see that "Núñez" in NFC and NFD is one name; other scripts compare by
 * their bytes (Chinese has no case and these bags do not decompose it). */
static const uint16_t NFD[][3] = {
    {0x00C0,0x0041,0x0300},{0x00C1,0x0041,0x0301},{0x00C2,0x0041,0x0302},
    {0x00C3,0x0041,0x0303},{0x00C4,0x0041,0x0308},{0x00C5,0x0041,0x030A},
    {0x00C7,0x0043,0x0327},{0x00C8,0x0045,0x0300},{0x00C9,0x0045,0x0301},
    {0x00CA,0x0045,0x0302},{0x00CB,0x0045,0x0308},{0x00CC,0x0049,0x0300},
    {0x00CD,0x0049,0x0301},{0x00CE,0x0049,0x0302},{0x00CF,0x0049,0x0308},
    {0x00D1,0x004E,0x0303},{0x00D2,0x004F,0x0300},{0x00D3,0x004F,0x0301},
    {0x00D4,0x004F,0x0302},{0x00D5,0x004F,0x0303},{0x00D6,0x004F,0x0308},
    {0x00D9,0x0055,0x0300},{0x00DA,0x0055,0x0301},{0x00DB,0x0055,0x0302},
    {0x00DC,0x0055,0x0308},{0x00DD,0x0059,0x0301},{0x00E0,0x0061,0x0300},
    {0x00E1,0x0061,0x0301},{0x00E2,0x0061,0x0302},{0x00E3,0x0061,0x0303},
    {0x00E4,0x0061,0x0308},{0x00E5,0x0061,0x030A},{0x00E7,0x0063,0x0327},
    {0x00E8,0x0065,0x0300},{0x00E9,0x0065,0x0301},{0x00EA,0x0065,0x0302},
    {0x00EB,0x0065,0x0308},{0x00EC,0x0069,0x0300},{0x00ED,0x0069,0x0301},
    {0x00EE,0x0069,0x0302},{0x00EF,0x0069,0x0308},{0x00F1,0x006E,0x0303},
    {0x00F2,0x006F,0x0300},{0x00F3,0x006F,0x0301},{0x00F4,0x006F,0x0302},
    {0x00F5,0x006F,0x0303},{0x00F6,0x006F,0x0308},{0x00F9,0x0075,0x0300},
    {0x00FA,0x0075,0x0301},{0x00FB,0x0075,0x0302},{0x00FC,0x0075,0x0308},
    {0x00FD,0x0079,0x0301},{0x00FF,0x0079,0x0308},{0x0100,0x0041,0x0304},
    {0x0101,0x0061,0x0304},{0x0102,0x0041,0x0306},{0x0103,0x0061,0x0306},
    {0x0104,0x0041,0x0328},{0x0105,0x0061,0x0328},{0x0106,0x0043,0x0301},
    {0x0107,0x0063,0x0301},{0x0108,0x0043,0x0302},{0x0109,0x0063,0x0302},
    {0x010A,0x0043,0x0307},{0x010B,0x0063,0x0307},{0x010C,0x0043,0x030C},
    {0x010D,0x0063,0x030C},{0x010E,0x0044,0x030C},{0x010F,0x0064,0x030C},
    {0x0112,0x0045,0x0304},{0x0113,0x0065,0x0304},{0x0114,0x0045,0x0306},
    {0x0115,0x0065,0x0306},{0x0116,0x0045,0x0307},{0x0117,0x0065,0x0307},
    {0x0118,0x0045,0x0328},{0x0119,0x0065,0x0328},{0x011A,0x0045,0x030C},
    {0x011B,0x0065,0x030C},{0x011C,0x0047,0x0302},{0x011D,0x0067,0x0302},
    {0x011E,0x0047,0x0306},{0x011F,0x0067,0x0306},{0x0120,0x0047,0x0307},
    {0x0121,0x0067,0x0307},{0x0122,0x0047,0x0327},{0x0123,0x0067,0x0327},
    {0x0124,0x0048,0x0302},{0x0125,0x0068,0x0302},{0x0128,0x0049,0x0303},
    {0x0129,0x0069,0x0303},{0x012A,0x0049,0x0304},{0x012B,0x0069,0x0304},
    {0x012C,0x0049,0x0306},{0x012D,0x0069,0x0306},{0x012E,0x0049,0x0328},
    {0x012F,0x0069,0x0328},{0x0130,0x0049,0x0307},{0x0134,0x004A,0x0302},
    {0x0135,0x006A,0x0302},{0x0136,0x004B,0x0327},{0x0137,0x006B,0x0327},
    {0x0139,0x004C,0x0301},{0x013A,0x006C,0x0301},{0x013B,0x004C,0x0327},
    {0x013C,0x006C,0x0327},{0x013D,0x004C,0x030C},{0x013E,0x006C,0x030C},
    {0x0143,0x004E,0x0301},{0x0144,0x006E,0x0301},{0x0145,0x004E,0x0327},
    {0x0146,0x006E,0x0327},{0x0147,0x004E,0x030C},{0x0148,0x006E,0x030C},
    {0x014C,0x004F,0x0304},{0x014D,0x006F,0x0304},{0x014E,0x004F,0x0306},
    {0x014F,0x006F,0x0306},{0x0150,0x004F,0x030B},{0x0151,0x006F,0x030B},
    {0x0154,0x0052,0x0301},{0x0155,0x0072,0x0301},{0x0156,0x0052,0x0327},
    {0x0157,0x0072,0x0327},{0x0158,0x0052,0x030C},{0x0159,0x0072,0x030C},
    {0x015A,0x0053,0x0301},{0x015B,0x0073,0x0301},{0x015C,0x0053,0x0302},
    {0x015D,0x0073,0x0302},{0x015E,0x0053,0x0327},{0x015F,0x0073,0x0327},
    {0x0160,0x0053,0x030C},{0x0161,0x0073,0x030C},{0x0162,0x0054,0x0327},
    {0x0163,0x0074,0x0327},{0x0164,0x0054,0x030C},{0x0165,0x0074,0x030C},
    {0x0168,0x0055,0x0303},{0x0169,0x0075,0x0303},{0x016A,0x0055,0x0304},
    {0x016B,0x0075,0x0304},{0x016C,0x0055,0x0306},{0x016D,0x0075,0x0306},
    {0x016E,0x0055,0x030A},{0x016F,0x0075,0x030A},{0x0170,0x0055,0x030B},
    {0x0171,0x0075,0x030B},{0x0172,0x0055,0x0328},{0x0173,0x0075,0x0328},
    {0x0174,0x0057,0x0302},{0x0175,0x0077,0x0302},{0x0176,0x0059,0x0302},
    {0x0177,0x0079,0x0302},{0x0178,0x0059,0x0308},{0x0179,0x005A,0x0301},
    {0x017A,0x007A,0x0301},{0x017B,0x005A,0x0307},{0x017C,0x007A,0x0307},
    {0x017D,0x005A,0x030C},{0x017E,0x007A,0x030C},
};

/* Appends the folded form of one code point to the key. */
static void fold_cp(uint32_t *key, size_t *n, uint32_t cp)
{
    size_t lo = 0, hi = sizeof NFD / sizeof NFD[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (NFD[mid][0] == cp) {
            /* every base in this table is ASCII: fold it directly */
            uint32_t base = NFD[mid][1];
            key[(*n)++] = base >= 'A' && base <= 'Z' ? base + 0x20 : base;
            key[(*n)++] = NFD[mid][2];
            return;
        }
        if (NFD[mid][0] < cp) lo = mid + 1; else hi = mid;
    }
    if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
        (cp >= 0x391 && cp <= 0x3A9) || (cp >= 0x410 && cp <= 0x42F))
        cp += 0x20;
    else if (cp >= 0x400 && cp <= 0x40F)
        cp += 0x50;
    else if (cp >= 0x100 && cp <= 0x17F && !(cp & 1))
        cp += 1;   /* Latin Extended-A pairs without a decomposition (Đ, Ł, Œ, …) */
    key[(*n)++] = cp;
}

/* Returns a new string: `s` with ASCII/Latin/Greek/Cyrillic case folded and
 * Latin precomposed letters decomposed, combining marks (U+0300..U+036F)
 * in a fixed order. Two names with equal keys are "the same" on
 * case-insensitive or normalizing file systems. Bytes that are not UTF-8
 * are kept as themselves. */
static char *fold_key(const char *s)
{
    size_t n = strlen(s);
    uint32_t *key = xmalloc((2 * n + 1) * sizeof *key);
    size_t k = 0;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t len = 1;
        unsigned c = p[i];
        if (c < 0x80) cp = c;
        else if ((c & 0xE0) == 0xC0 && i + 1 < n) { cp = ((c & 0x1F) << 6) | (p[i + 1] & 0x3F); len = 2; }
        else if ((c & 0xF0) == 0xE0 && i + 2 < n) {
            cp = ((c & 0x0F) << 12) | ((uint32_t)(p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F);
            len = 3;
        } else if ((c & 0xF8) == 0xF0 && i + 3 < n) {
            cp = ((c & 0x07) << 18) | ((uint32_t)(p[i + 1] & 0x3F) << 12) | ((uint32_t)(p[i + 2] & 0x3F) << 6) |
                 (p[i + 3] & 0x3F);
            len = 4;
        } else cp = 0xDC00 + c;   /* stray byte: a lone surrogate never produced by UTF-8 */
        fold_cp(key, &k, cp);
        i += len;
    }
    /* order each run of combining marks (insertion sort; runs are short) */
    for (size_t a = 0; a < k; a++) {
        if (key[a] < 0x300 || key[a] > 0x36F) continue;
        size_t b = a;
        while (b < k && key[b] >= 0x300 && key[b] <= 0x36F) b++;
        for (size_t x = a + 1; x < b; x++)
            for (size_t y = x; y > a && key[y - 1] > key[y]; y--) {
                uint32_t t = key[y]; key[y] = key[y - 1]; key[y - 1] = t;
            }
        a = b - 1;
    }
    sbuf out = {0};
    for (size_t a = 0; a < k; a++) put_utf8(&out, key[a]);
    if (!out.p) sbuf_add(&out, "", 0);
    free(key);
    return out.p;
}

/* ================================================================== */
/* Verifier: manifests                                                */

/* One manifest line. */
typedef struct mentry {
    char *path;             /* decoded, normalized path (owned) */
    char *hex;              /* lowercase checksum (owned) */
    size_t line;            /* line number in the manifest */
    char *key;              /* folding key (owned, lazily) */
} mentry;

/* One parsed manifest. */
typedef struct manifest {
    const char *name;       /* tag file name (borrowed from the model) */
    int alg;                /* index into ALGS */
    mentry *e;              /* entries sorted by path (owned) */
    size_t n;               /* entries */
} manifest;

static int cmp_mentry(const void *a, const void *b)
{
    const mentry *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    return c ? c : (x->line < y->line ? -1 : x->line > y->line);
}

static void manifest_free(manifest *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->e[i].path);
        free(m->e[i].hex);
        free(m->e[i].key);
    }
    free(m->e);
    m->e = NULL;
    m->n = 0;
}

static mentry *find_entry(const manifest *m, const char *path)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(m->e[mid].path, path);
        if (c == 0) {
            while (mid > 0 && strcmp(m->e[mid - 1].path, path) == 0) mid--;
            return &m->e[mid];
        }
        if (c < 0) lo = mid + 1; else hi = mid;
    }
    return NULL;
}

/* Decodes %0A %0D %25 (RFC 8493 §2.1.3) in place. */
static void pct_decode(char *s)
{
    char *w = s;
    for (char *r = s; *r; ) {
        if (r[0] == '%' && r[1] == '0' && (r[2] == 'A' || r[2] == 'a')) { *w++ = '\n'; r += 3; }
        else if (r[0] == '%' && r[1] == '0' && (r[2] == 'D' || r[2] == 'd')) { *w++ = '\r'; r += 3; }
        else if (r[0] == '%' && r[1] == '2' && r[2] == '5') { *w++ = '%'; r += 3; }
        else *w++ = *r++;
    }
    *w = '\0';
}

/* Checks a path read from a manifest or fetch.txt: returns NULL when it
 * stays inside the bag, else the reason. */
static const char *out_of_scope(const char *p)
{
    if (p[0] == '/') return msg_tr("an absolute path, outside the bag");
    if (p[0] == '~') return msg_tr("a home-directory shortcut, outside the bag");
    for (const char *c = p;;) {
        const char *s = strchr(c, '/');
        size_t len = s ? (size_t)(s - c) : strlen(c);
        if (len == 2 && c[0] == '.' && c[1] == '.') return msg_tr("a '..' component that leads outside the bag");
        if (len == 0) return msg_tr("an empty path component");
        if (len == 1 && c[0] == '.') return msg_tr("a '.' path component");
        if (!s) break;
        c = s + 1;
    }
    return NULL;
}

/* Parses one manifest file (payload when `payload`, else tag manifest).
 * Reports malformed lines, out-of-scope paths and duplicates. */
static void parse_manifest(vbag *v, const vtag *t, int alg, int payload, manifest *m)
{
    m->name = t->path;
    m->alg = alg;
    m->e = NULL;
    m->n = 0;
    char *text = decode_tag(v, t);
    if (!text) return;
    size_t cap = 0;
    unsigned hexlen = 2 * ALGS[alg].h->digest_size;
    liner L = { .p = text, .lineno = 0 };
    char *line;
    while ((line = next_line(&L)) != NULL) {
        if (!line[0]) continue;
        char *sp = line;
        while (*sp && *sp != ' ' && *sp != '\t') sp++;
        char *path = sp;
        while (*path == ' ' || *path == '\t') path++;
        if (!*sp || !*path) {
            ERR(v->rep, "%s:%zu: expected 'CHECKSUM FILEPATH'", t->path, L.lineno);
            continue;
        }
        *sp = '\0';
        size_t hl = strlen(line);
        int hexok = hl == hexlen;
        for (size_t i = 0; hexok && i < hl; i++) {
            char c = line[i];
            if (c >= 'A' && c <= 'F') line[i] = (char)(c + 32);
            else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) hexok = 0;
        }
        if (!hexok) {
            char clip[80];
            util_clip(line, clip, sizeof clip);
            ERR(v->rep, "%s:%zu: '%s' is not a %u-digit %s checksum", t->path, L.lineno, clip, hexlen, ALGS[alg].name);
            continue;
        }
        if (*path == '*') {
            WARN(v->rep, "%s:%zu: '*' before '%s' (a binary-mode marker from md5sum-style tools) ignored", t->path,
                 L.lineno, path + 1);
            path++;
        }
        pct_decode(path);
        if (path[0] == '.' && path[1] == '/') {
            WARN(v->rep, "%s:%zu: path '%s' starts with './'", t->path, L.lineno, path);
            while (path[0] == '.' && path[1] == '/') path += 2;
        }
        const char *why = out_of_scope(path);
        if (why) {
            ERR(v->rep, "%s:%zu: '%s' is %s", t->path, L.lineno, path, why);
            continue;
        }
        if (payload && strncmp(path, "data/", 5) != 0) {
            ERR(v->rep, "%s:%zu: '%s' is outside the payload directory data/", t->path, L.lineno, path);
            continue;
        }
        if (!payload && strcmp(path, t->path) == 0) {
            WARN(v->rep, "%s:%zu: lists itself; a file cannot hold its own checksum, entry ignored", t->path, L.lineno);
            continue;
        }
        if (m->n == cap) {
            cap = cap ? 2 * cap : 16;
            m->e = xrealloc(m->e, cap * sizeof *m->e);
        }
        m->e[m->n++] = (mentry){ .path = xstrdup(path), .hex = xstrdup(line), .line = L.lineno, .key = NULL };
    }
    free(text);
    sort_n(m->e, m->n, sizeof *m->e, cmp_mentry);
    /* duplicates: adjacent after sorting; drop the repeats */
    size_t w = 0;
    for (size_t i = 0; i < m->n; i++) {
        if (w > 0 && strcmp(m->e[w - 1].path, m->e[i].path) == 0) {
            mentry *a = &m->e[w - 1], *b = &m->e[i];
            if (strcmp(a->hex, b->hex) != 0)
                ERR(v->rep, "%s: '%s' is listed twice with different checksums (lines %zu and %zu)", t->path, a->path,
                    a->line, b->line);
            else if (v->v10)
                ERR(v->rep, "%s: '%s' is listed twice (lines %zu and %zu); BagIt 1.0 forbids duplicate entries",
                    t->path, a->path, a->line, b->line);
            else
                WARN(v->rep, "%s: '%s' is listed twice with the same checksum (lines %zu and %zu)", t->path, a->path,
                     a->line, b->line);
            free(b->path);
            free(b->hex);
            continue;
        }
        m->e[w++] = m->e[i];
    }
    m->n = w;
}

/* Finds, for an entry missing from the payload, another entry of the same
 * manifest with the same folding key that is present with the same
 * checksum: the bag was made on a case-insensitive or normalizing file
 * system where the two names are one file. */
static const mentry *folded_twin(vbag *v, manifest *m, mentry *miss)
{
    if (!miss->key) miss->key = fold_key(miss->path);
    for (size_t i = 0; i < m->n; i++) {
        mentry *o = &m->e[i];
        if (o == miss || strcmp(o->hex, miss->hex) != 0) continue;
        if (!o->key) o->key = fold_key(o->path);
        if (strcmp(o->key, miss->key) == 0 && find_file(v, o->path)) return o;
    }
    return NULL;
}

/* ================================================================== */
/* Verifier: bagit.txt, bag-info.txt, fetch.txt                      */

/* Parses bagit.txt strictly (RFC 8493 §2.1.1). Returns -1 when the bag
 * cannot be read further (missing file). */
static int check_bagit_txt(vbag *v)
{
    vtag *t = find_tag(v, "bagit.txt");
    if (!t) {
        ERR(v->rep, "bagit.txt: missing; every bag must have one");
        return -1;
    }
    const unsigned char *s = (const unsigned char *)t->data;
    if ((t->len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) ||
        (t->len >= 2 && ((s[0] == 0xFE && s[1] == 0xFF) || (s[0] == 0xFF && s[1] == 0xFE)))) {
        ERR(v->rep, "bagit.txt: starts with a byte-order mark, which BagIt forbids");
        return 0;
    }
    size_t bad = utf8_bad_offset(s, t->len);
    if (bad != (size_t)-1 || memchr(t->data, '\0', t->len)) {
        ERR(v->rep, "bagit.txt: not valid UTF-8 text");
        return 0;
    }
    char *text = xstrdup(t->data);
    liner L = { .p = text, .lineno = 0 };
    char *line;
    const char *version = NULL, *enc = NULL;
    size_t nlines = 0;
    while ((line = next_line(&L)) != NULL) {
        if (!line[0]) {
            if (*L.p) WARN(v->rep, "bagit.txt:%zu: empty line", L.lineno);
            continue;
        }
        nlines++;
        char *colon = strchr(line, ':');
        if (!colon) {
            ERR(v->rep, "bagit.txt:%zu: expected 'Label: value'", L.lineno);
            continue;
        }
        size_t ll = (size_t)(colon - line);
        if (ll == 0 || line[ll - 1] == ' ' || line[ll - 1] == '\t') {
            ERR(v->rep, "bagit.txt:%zu: whitespace before ':' (the line must read 'Label: value')", L.lineno);
            continue;
        }
        if (colon[1] != ' ' || colon[2] == '\0' || colon[2] == ' ' || colon[2] == '\t') {
            ERR(v->rep, "bagit.txt:%zu: ':' must be followed by exactly one space and the value", L.lineno);
            continue;
        }
        char *val = colon + 2;
        size_t vl = strlen(val);
        if (val[vl - 1] == ' ' || val[vl - 1] == '\t') {
            ERR(v->rep, "bagit.txt:%zu: trailing whitespace after the value '%.*s'", L.lineno, (int)vl, val);
            continue;
        }
        *colon = '\0';
        if (strcmp(line, "BagIt-Version") == 0) {
            if (nlines != 1) WARN(v->rep, "bagit.txt:%zu: BagIt-Version should be the first line", L.lineno);
            version = val;
        } else if (strcmp(line, "Tag-File-Character-Encoding") == 0) {
            enc = val;
        } else {
            WARN(v->rep, "bagit.txt:%zu: unexpected field '%s'", L.lineno, line);
        }
    }
    if (!version) {
        ERR(v->rep, "bagit.txt: BagIt-Version missing");
    } else {
        const char *p = version;
        int ok = *p >= '0' && *p <= '9';
        while (*p >= '0' && *p <= '9') p++;
        ok = ok && *p == '.' && p[1] >= '0' && p[1] <= '9';
        if (ok) for (p++; *p; p++) if (*p < '0' || *p > '9') ok = 0;
        if (!ok) {
            ERR(v->rep, "bagit.txt: BagIt-Version '%s' is not of the form MAJOR.MINOR", version);
        } else {
            static const char *known[] = { "0.93", "0.94", "0.95", "0.96", "0.97", "1.0" };
            int k = 0;
            for (size_t i = 0; i < sizeof known / sizeof *known; i++) k |= strcmp(version, known[i]) == 0;
            if (!k) ERR(v->rep, "bagit.txt: BagIt-Version '%s' is not supported (0.93 to 1.0)", version);
            snprintf(v->rep->version, sizeof v->rep->version, "%s", version);
            v->v10 = strtol(version, NULL, 10) >= 1;
        }
    }
    if (!enc) {
        ERR(v->rep, "bagit.txt: Tag-File-Character-Encoding missing");
    } else if (strcasecmp(enc, "UTF-8") == 0 || strcasecmp(enc, "UTF8") == 0) {
        v->enc = ENC_UTF8;
    } else if (strcasecmp(enc, "ISO-8859-1") == 0 || strcasecmp(enc, "ISO8859-1") == 0 ||
               strcasecmp(enc, "LATIN1") == 0 || strcasecmp(enc, "LATIN-1") == 0) {
        v->enc = ENC_LATIN1;
    } else if (strcasecmp(enc, "UTF-16") == 0) {
        v->enc = ENC_UTF16;
    } else if (strcasecmp(enc, "UTF-16LE") == 0) {
        v->enc = ENC_UTF16LE;
    } else if (strcasecmp(enc, "UTF-16BE") == 0) {
        v->enc = ENC_UTF16BE;
    } else {
        ERR(v->rep, "bagit.txt: Tag-File-Character-Encoding '%s' is not supported", enc);
    }
    free(text);
    return 0;
}

static int cmp_cstr(const void *a, const void *b) { return cmp_str(a, b); }

/* Parses fetch.txt: "URL LENGTH FILEPATH" lines naming payload files. */
static void check_fetch(vbag *v)
{
    vtag *t = find_tag(v, "fetch.txt");
    if (!t) return;
    char *text = decode_tag(v, t);
    if (!text) return;
    size_t cap = 0;
    liner L = { .p = text, .lineno = 0 };
    char *line;
    while ((line = next_line(&L)) != NULL) {
        if (!line[0]) continue;
        char *p = line;
        while (*p && *p != ' ' && *p != '\t') p++;           /* URL */
        while (*p == ' ' || *p == '\t') p++;
        char *len = p;
        while (*p && *p != ' ' && *p != '\t') p++;           /* LENGTH */
        int lenok = p > len && (p - len == 1 && *len == '-');
        if (!lenok) {
            lenok = p > len;
            for (char *q = len; q < p; q++) if (*q < '0' || *q > '9') lenok = 0;
        }
        while (*p == ' ' || *p == '\t') p++;
        if (p == line || !lenok || !*p) {
            ERR(v->rep, "fetch.txt:%zu: expected 'URL LENGTH FILEPATH'", L.lineno);
            continue;
        }
        pct_decode(p);
        const char *why = out_of_scope(p);
        if (why) {
            ERR(v->rep, "fetch.txt:%zu: '%s' is %s", L.lineno, p, why);
            continue;
        }
        if (strncmp(p, "data/", 5) != 0) {
            ERR(v->rep, "fetch.txt:%zu: '%s' is outside the payload directory data/", L.lineno, p);
            continue;
        }
        if (v->nfetch == cap) {
            cap = cap ? 2 * cap : 16;
            v->fetch = xrealloc(v->fetch, cap * sizeof *v->fetch);
        }
        v->fetch[v->nfetch++] = xstrdup(p);
    }
    free(text);
    sort_n(v->fetch, v->nfetch, sizeof *v->fetch, cmp_cstr);
}

static int in_fetch(const vbag *v, const char *path)
{
    return v->nfetch && bsearch(&path, v->fetch, v->nfetch, sizeof *v->fetch, cmp_cstr) != NULL;
}

/* Parses bag-info.txt (package-info.txt before 0.96) leniently ("Label :
 * value", continuation lines) and checks Payload-Oxum against the payload.
 * `os_missing` OS metadata files were tolerated as absent; `os_bytes_known`
 * is 0 when their sizes are unknown. */
static void check_bag_info(vbag *v, size_t os_missing, int os_bytes_known)
{
    vtag *t = find_tag(v, "bag-info.txt");
    if (!t) t = find_tag(v, "package-info.txt");
    if (!t) return;
    char *text = decode_tag(v, t);
    if (!text) return;
    liner L = { .p = text, .lineno = 0 };
    char *line;
    int have_label = 0;
    char *oxum = NULL;
    size_t oxum_line = 0;
    while ((line = next_line(&L)) != NULL) {
        if (!line[0]) continue;
        if (line[0] == ' ' || line[0] == '\t') {
            if (!have_label) ERR(v->rep, "%s:%zu: continuation line before any label", t->path, L.lineno);
            continue;
        }
        char *colon = strchr(line, ':');
        if (!colon) {
            ERR(v->rep, "%s:%zu: expected 'Label: value'", t->path, L.lineno);
            continue;
        }
        char *end = colon;
        while (end > line && (end[-1] == ' ' || end[-1] == '\t')) end--;
        if (end == line) {
            ERR(v->rep, "%s:%zu: empty label", t->path, L.lineno);
            continue;
        }
        *end = '\0';
        have_label = 1;
        char *val = colon + 1;
        while (*val == ' ' || *val == '\t') val++;
        size_t vl = strlen(val);
        while (vl && (val[vl - 1] == ' ' || val[vl - 1] == '\t')) val[--vl] = '\0';
        if (strcmp(line, "Payload-Oxum") == 0) {
            if (oxum && strcmp(oxum, val) != 0)
                ERR(v->rep, "%s:%zu: second Payload-Oxum '%s' differs from line %zu's '%s'", t->path, L.lineno, val,
                    oxum_line, oxum);
            if (!oxum) { oxum = val; oxum_line = L.lineno; }
        }
    }
    if (oxum) {
        uint64_t bytes = 0, count = 0;
        const char *p = oxum;
        int ok = *p >= '0' && *p <= '9';
        for (; *p >= '0' && *p <= '9'; p++) { if (bytes > UINT64_MAX / 10 - 10) ok = 0; bytes = bytes * 10 + (uint64_t)(*p - '0'); }
        ok = ok && *p == '.' && p[1] >= '0' && p[1] <= '9';
        if (ok) for (p++; *p; p++) {
            if (*p < '0' || *p > '9' || count > UINT64_MAX / 10 - 10) { ok = 0; break; }
            count = count * 10 + (uint64_t)(*p - '0');
        }
        if (!ok) {
            ERR(v->rep, "%s:%zu: Payload-Oxum '%s' is not OCTETS.COUNT", t->path, oxum_line, oxum);
        } else {
            uint64_t have_b = v->rep->payload_bytes, have_n = v->rep->payload_files;
            int match = bytes == have_b && count == have_n;
            if (!match && os_missing && count == have_n + os_missing &&
                (os_bytes_known ? bytes == have_b : bytes >= have_b)) {
                WARN(v->rep, "%s: Payload-Oxum %s counts %zu absent operating-system metadata file(s)", t->path, oxum,
                     os_missing);
                match = 1;
            }
            if (!match)
                ERR(v->rep, "%s:%zu: Payload-Oxum %s, but the payload holds %" PRIu64 " bytes in %" PRIu64 " files",
                    t->path, oxum_line, oxum, have_b, have_n);
        }
    }
    free(text);
}

/* ================================================================== */
/* Verifier: the checks                                               */

static int cmp_file_key(const void *a, const void *b)
{
    const vfile *x = *(vfile *const *)a, *y = *(vfile *const *)b;
    int c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->path, y->path);
}

/* Runs every check on the collected model. */
static void check_model(vbag *v)
{
    sort_n(v->tags, v->ntags, sizeof *v->tags, cmp_tag);
    sort_n(v->files, v->nfiles, sizeof *v->files, cmp_file);
    for (size_t i = 1; i < v->ntags; i++)
        if (strcmp(v->tags[i - 1].path, v->tags[i].path) == 0)
            ERR(v->rep, "%s: appears twice in the archive", v->tags[i].path);
    for (size_t i = 1; i < v->nfiles; i++)
        if (strcmp(v->files[i - 1].path, v->files[i].path) == 0)
            ERR(v->rep, "%s: appears twice in the archive", v->files[i].path);
    for (size_t i = 0; i < v->nfiles; i++) {
        v->rep->payload_bytes += v->files[i].size;
        v->rep->payload_files++;
    }

    if (check_bagit_txt(v) != 0) return;
    if (!v->have_data) ERR(v->rep, "data/: the payload directory is missing");

    /* payload manifests */
    manifest *pm = NULL;
    size_t npm = 0, nunsupported = 0;
    for (size_t i = 0; i < v->ntags; i++) {
        int a = manifest_alg(v->tags[i].path, "manifest-");
        if (a == -2) {
            WARN(v->rep, "%s: algorithm not supported (md5, sha1, sha224, sha256, sha384, sha512); not checked",
                 v->tags[i].path);
            nunsupported++;
        }
        if (a < 0) continue;
        pm = xrealloc(pm, (npm + 1) * sizeof *pm);
        parse_manifest(v, &v->tags[i], a, 1, &pm[npm++]);
    }
    if (npm == 0)
        ERR(v->rep, nunsupported ? "no payload manifest with a supported algorithm"
                                 : "no payload manifest (manifest-ALGORITHM.txt) in the bag");

    check_fetch(v);

    /* every payload file in every manifest */
    for (size_t i = 0; i < v->nfiles; i++)
        for (size_t k = 0; k < npm; k++)
            if (!find_entry(&pm[k], v->files[i].path))
                ERR(v->rep, "%s: in the payload but not listed in %s", v->files[i].path, pm[k].name);

    /* every manifest entry present, with its checksum */
    size_t os_missing = 0;
    int os_bytes_known = 1;
    for (size_t k = 0; k < npm; k++) {
        manifest *m = &pm[k];
        for (size_t i = 0; i < m->n; i++) {
            mentry *en = &m->e[i];
            vfile *f = find_file(v, en->path);
            if (f) {
                if (!f->hex[m->alg])
                    ERR(v->rep, "%s: %s digest not computed (internal error)", en->path, ALGS[m->alg].name);
                else if (strcmp(f->hex[m->alg], en->hex) != 0)
                    ERR(v->rep, "%s: %s checksum mismatch: %s:%zu says %s, the file has %s", en->path,
                        ALGS[m->alg].name, m->name, en->line, en->hex, f->hex[m->alg]);
                continue;
            }
            const mentry *twin = folded_twin(v, m, en);
            if (twin) {
                WARN(v->rep, "%s: '%s' and '%s' differ only in case or Unicode normalization; one file '%s' is "
                     "in the bag (made on a case-insensitive or normalizing file system)",
                     m->name, en->path, twin->path, twin->path);
            } else if (is_os_junk(en->path)) {
                WARN(v->rep, "%s: operating-system metadata file listed in %s but absent from the bag", en->path,
                     m->name);
                if (k == 0) {
                    os_missing++;
                    /* the digest of empty content tells its size was 0 */
                    mhash mh;
                    char *hx[NALG] = {0};
                    mh_init(&mh, 1u << m->alg);
                    mh_final(&mh, hx);
                    if (strcmp(hx[m->alg], en->hex) != 0) os_bytes_known = 0;
                    free(hx[m->alg]);
                }
            } else if (in_fetch(v, en->path)) {
                ERR(v->rep, "%s: listed in fetch.txt but not fetched; the bag is incomplete", en->path);
            } else {
                ERR(v->rep, "%s: listed in %s:%zu but missing from the bag", en->path, m->name, en->line);
            }
        }
    }
    /* fetch entries must be in the payload manifests */
    for (size_t i = 0; i < v->nfetch; i++)
        for (size_t k = 0; k < npm; k++)
            if (!find_entry(&pm[k], v->fetch[i])) {
                if (v->v10) ERR(v->rep, "fetch.txt: '%s' is not listed in %s", v->fetch[i], pm[k].name);
                else WARN(v->rep, "fetch.txt: '%s' is not listed in %s", v->fetch[i], pm[k].name);
            }

    /* payload names that collide on case-insensitive or normalizing file systems */
    if (v->nfiles > 1) {
        vfile **idx = xmalloc(v->nfiles * sizeof *idx);
        for (size_t i = 0; i < v->nfiles; i++) {
            if (!v->files[i].key) v->files[i].key = fold_key(v->files[i].path);
            idx[i] = &v->files[i];
        }
        sort_n(idx, v->nfiles, sizeof *idx, cmp_file_key);
        for (size_t i = 1; i < v->nfiles; i++)
            if (strcmp(idx[i - 1]->key, idx[i]->key) == 0)
                WARN(v->rep, "%s and %s differ only in case or Unicode normalization; they collide on some file systems",
                     idx[i - 1]->path, idx[i]->path);
        free(idx);
    }
    for (size_t i = 0; i < v->nfiles; i++)
        if (is_os_junk(v->files[i].path))
            WARN(v->rep, "%s: operating-system metadata file in the payload", v->files[i].path);

    check_bag_info(v, os_missing, os_bytes_known);

    /* tag manifests */
    for (size_t i = 0; i < v->ntags; i++) {
        int a = manifest_alg(v->tags[i].path, "tagmanifest-");
        if (a == -2)
            WARN(v->rep, "%s: algorithm not supported; not checked", v->tags[i].path);
        if (a < 0) continue;
        manifest tm;
        parse_manifest(v, &v->tags[i], a, 0, &tm);
        for (size_t j = 0; j < tm.n; j++) {
            mentry *en = &tm.e[j];
            char *hx[NALG] = {0};
            vtag *t = find_tag(v, en->path);
            vfile *f = t ? NULL : find_file(v, en->path);
            const char *have = NULL;
            if (t) {
                mhash mh;
                mh_init(&mh, 1u << a);
                mh_update(&mh, t->data, t->len);
                mh_final(&mh, hx);
                have = hx[a];
            } else if (f) {
                have = f->hex[a];
            }
            if (!t && !f)
                ERR(v->rep, "%s: listed in %s:%zu but missing from the bag", en->path, tm.name, en->line);
            else if (!have)
                WARN(v->rep, "%s: payload file in %s; its %s digest was not computed", en->path, tm.name, ALGS[a].name);
            else if (strcmp(have, en->hex) != 0)
                ERR(v->rep, "%s: %s checksum mismatch: %s:%zu says %s, the file has %s", en->path, ALGS[a].name,
                    tm.name, en->line, en->hex, have);
            free(hx[a]);
        }
        manifest_free(&tm);
    }
    for (size_t k = 0; k < npm; k++) manifest_free(&pm[k]);
    free(pm);
}

int bag_verify(const char *path, bag_report *rep, kerr *e)
{
    bag_report local;
    if (!rep) rep = &local;
    memset(rep, 0, sizeof *rep);
    rep->valid = 1;
    vbag v;
    memset(&v, 0, sizeof v);
    v.rep = rep;
    int rc = 0;
    struct stat st;
    if (stat(path, &st) != 0) {
        kerr_set(e, EXIT_NOINPUT, "%s: cannot open: %s", path, msg_strerror(errno));
        rep->valid = 0;
        rc = -1;
        goto out;
    }
    if (S_ISDIR(st.st_mode)) {
        collect_dir(path, &v);
    } else {
        int k = collect_tar(path, &v, 0, e);
        if (k == -2) { rep->valid = 0; rc = -1; goto out; }
        if (k == 0) {
            /* digests of manifests that came after some payload files */
            sort_n(v.files, v.nfiles, sizeof *v.files, cmp_file);
            unsigned need = payload_mask(&v), missing = 0;
            for (size_t i = 0; i < v.nfiles; i++)
                for (int a = 0; a < NALG; a++)
                    if ((need & (1u << a)) && !v.files[i].hex[a]) missing |= 1u << a;
            if (missing) {
                k = collect_tar(path, &v, missing, e);
                if (k == -2) { rep->valid = 0; rc = -1; goto out; }
            }
        }
    }
    check_model(&v);
    if (!rep->valid) {
        kerr_set(e, EXIT_DATAERR, "%s: %s%s", path, rep->nkept_errors ? rep->errors[0] : msg_tr("invalid bag"),
                 rep->nerrors > 1 ? msg_tr(" (and more)") : "");
        rc = -1;
    }
out:
    vbag_free(&v);
    if (rep == &local) bag_report_free(&local);
    return rc;
}
