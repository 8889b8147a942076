/* util.c — allocation wrappers, error values, byte buffers, whole-file I/O. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libgen.h>

static void oom(size_t n)
{
    fprintf(stderr, "kefu: out of memory (%zu bytes)\n", n);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) oom(n);
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) oom(n * size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) oom(n);
    return q;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = NULL;
    int n = vasprintf(&p, fmt, ap);
    va_end(ap);
    if (n < 0) oom(0);
    return p;
}

int kerr_set(kerr *e, int code, const char *fmt, ...)
{
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
        e->code = code;
    }
    return -1;
}

void kerr_clear(kerr *e)
{
    if (e) {
        e->code = 0;
        e->msg[0] = '\0';
    }
}

static void sbuf_grow(sbuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) cap *= 2;
    b->p = xrealloc(b->p, cap);
    b->cap = cap;
}

void sbuf_add(sbuf *b, const void *data, size_t n)
{
    sbuf_grow(b, n);
    if (n) memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void sbuf_adds(sbuf *b, const char *s) { sbuf_add(b, s, strlen(s)); }

void sbuf_addc(sbuf *b, char c) { sbuf_add(b, &c, 1); }

void sbuf_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) { va_end(ap2); return; }
    sbuf_grow(b, (size_t)n);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
}

void sbuf_reset(sbuf *b)
{
    b->len = 0;
    if (b->p) b->p[0] = '\0';
}

void sbuf_free(sbuf *b)
{
    if (!b) return;
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

void sbuf_json_str(sbuf *b, const char *s)
{
    sbuf_addc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
        switch (*p) {
        case '"': sbuf_adds(b, "\\\""); break;
        case '\\': sbuf_adds(b, "\\\\"); break;
        case '\n': sbuf_adds(b, "\\n"); break;
        case '\r': sbuf_adds(b, "\\r"); break;
        case '\t': sbuf_adds(b, "\\t"); break;
        default:
            if (*p < 0x20) sbuf_printf(b, "\\u%04x", *p);
            else sbuf_addc(b, (char)*p);
        }
    }
    sbuf_addc(b, '"');
}

int util_read_file(const char *path, char **out, size_t *len, kerr *e)
{
    FILE *f = fopen(path, "rb");
    if (!f) return kerr_set(e, EXIT_NOINPUT, "%s: cannot open: %s", path, strerror(errno));
    sbuf b = {0};
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) sbuf_add(&b, tmp, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        sbuf_free(&b);
        return kerr_set(e, EXIT_NOINPUT, "%s: read error", path);
    }
    if (!b.p) sbuf_add(&b, "", 0);
    *out = b.p;
    *len = b.len;
    return 0;
}

int util_write_file_atomic(const char *path, const void *data, size_t len, kerr *e)
{
    char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
    char *dircopy = xstrdup(path);
    int rc = -1, fd = -1, dfd = -1;
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        kerr_set(e, EXIT_CANTCREAT, "%s: cannot create: %s", tmp, strerror(errno));
        goto out;
    }
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
            if (errno == EINTR) continue;
            kerr_set(e, EXIT_CANTCREAT, "%s: write failed: %s", tmp, strerror(errno));
            goto out;
        }
        p += w;
        left -= (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        fd = -1;
        kerr_set(e, EXIT_CANTCREAT, "%s: sync failed: %s", tmp, strerror(errno));
        goto out;
    }
    fd = -1;
    if (rename(tmp, path) != 0) {
        kerr_set(e, EXIT_CANTCREAT, "%s: cannot rename into place: %s", path, strerror(errno));
        goto out;
    }
    dfd = open(dirname(dircopy), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        (void)fsync(dfd); /* best effort: some file systems refuse directory fsync */
        close(dfd);
    }
    rc = 0;
out:
    if (fd >= 0) close(fd);
    if (rc != 0) unlink(tmp);
    free(tmp);
    free(dircopy);
    return rc;
}

void util_clip(const char *s, char *out, size_t outsz)
{
    size_t n = strlen(s);
    if (n <= 60) {
        snprintf(out, outsz, "%s", s);
        return;
    }
    size_t cut = 60;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80) cut--;
    snprintf(out, outsz, "%.*s…", (int)cut, s);
}
