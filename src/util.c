/* util.c — allocation wrappers, error values, byte buffers, whole-file I/O. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
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

/* The mode of every file kefu creates (util_set_group_readable). */
static mode_t out_mode = 0600;

void util_set_group_readable(int on)
{
    out_mode = on ? 0640 : 0600;
    umask(on ? 027 : 077);
}

unsigned util_output_mode(void) { return (unsigned)out_mode; }

int util_check_target(const char *path, kerr *e)
{
    struct stat sb;
    if (lstat(path, &sb) != 0) {
        if (errno == ENOENT) return 0;
        return kerr_set(e, EXIT_CANTCREAT, "%s: cannot examine: %s", path, strerror(errno));
    }
    if (S_ISREG(sb.st_mode)) return 0;
    return kerr_set(e, EXIT_CANTCREAT, "%s: exists and is not a regular file (%s); refusing to replace it",
                    path, S_ISLNK(sb.st_mode) ? "a symbolic link" : S_ISDIR(sb.st_mode) ? "a directory"
                    : S_ISFIFO(sb.st_mode) ? "a FIFO" : S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode) ? "a device"
                    : "a socket or other special file");
}

int util_tmp_create(const char *path, char **tmp, kerr *e)
{
    static const char alnum[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    const char *slash = strrchr(path, '/');
    int dirlen = slash ? (int)(slash - path + 1) : 0;
    const char *base = slash ? slash + 1 : path;
    *tmp = NULL;
    for (int attempt = 0; attempt < 100; attempt++) {
        unsigned char rnd[8];
        if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd) {
            /* no entropy source: the pid and the attempt still differ; O_EXCL keeps it safe */
            for (size_t i = 0; i < sizeof rnd; i++) rnd[i] = (unsigned char)(attempt * 31 + (int)i * 7);
        }
        char suffix[sizeof rnd + 1];
        for (size_t i = 0; i < sizeof rnd; i++) suffix[i] = alnum[rnd[i] % (sizeof alnum - 1)];
        suffix[sizeof rnd] = '\0';
        char *t = xasprintf("%.*s.%s.tmp-%ld-%s", dirlen, path, base, (long)getpid(), suffix);
        int fd = open(t, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, out_mode);
        if (fd >= 0) {
            if (fchmod(fd, out_mode) != 0) {   /* whatever the umask */
                kerr_set(e, EXIT_CANTCREAT, "%s: cannot set its mode: %s", t, strerror(errno));
                close(fd);
                unlink(t);
                free(t);
                return -1;
            }
            *tmp = t;
            return fd;
        }
        int err = errno;
        if (err != EEXIST) {
            kerr_set(e, EXIT_CANTCREAT, "%s: cannot create: %s", t, strerror(err));
            free(t);
            return -1;
        }
        free(t);
    }
    return kerr_set(e, EXIT_CANTCREAT, "%s: cannot create a temporary file beside it: 100 names taken", path);
}

int util_write_file_atomic(const char *path, const void *data, size_t len, kerr *e)
{
    char *tmp = NULL;
    char *dircopy = xstrdup(path);
    int rc = -1, fd = -1, dfd = -1;
    if (util_check_target(path, e)) goto out;
    fd = util_tmp_create(path, &tmp, e);
    if (fd < 0) goto out;
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
    /* checked again right before the rename: what appeared at the target
     * meanwhile is refused too (rename itself never follows a link) */
    if (util_check_target(path, e)) goto out;
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
    if (rc != 0 && tmp) unlink(tmp);
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

/* ------------------------------------------------------------------ */
/* time in the policy's timezone */

int util_tz_name_ok(const char *tz)
{
    if (!tz || !*tz || strlen(tz) > UTIL_MAX_TZ) return 0;
    const char *part = tz;
    for (const char *q = tz;; q++) {
        if (*q == '/' || *q == '\0') {
            if (q == part || *part == '.') return 0;   /* empty part, "..", hidden file */
            if (!*q) return 1;
            part = q + 1;
        } else if (!((*q >= 'A' && *q <= 'Z') || (*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') ||
                     *q == '_' || *q == '-' || *q == '+')) {
            return 0;
        }
    }
}

int util_tz_exists(const char *tz)
{
    if (!util_tz_name_ok(tz)) return 0;
    const char *dir = getenv("TZDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", tz);
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

int util_clock(time_t *t, int real_only)
{
    *t = time(NULL);
    const char *sde = real_only ? NULL : getenv("SOURCE_DATE_EPOCH");
    if (!sde || !*sde) return 0;
    char *end;
    errno = 0;
    long long v = strtoll(sde, &end, 10);
    if (errno != 0 || *end != '\0' || v < 0) return 0;
    *t = (time_t)v;
    return 1;
}

/* localtime_r of t in zone tz, restoring the process's TZ after: kefu is
 * single-threaded, and this is the C library's only way to use a named
 * zone. */
static int local_tm(const char *tz, time_t t, struct tm *out, kerr *e)
{
    if (!tz) tz = UTIL_DEFAULT_TZ;
    if (!util_tz_name_ok(tz))
        return kerr_set(e, EXIT_DATAERR, "timezone '%s' is not an IANA timezone name (e.g. Asia/Shanghai)", tz);
    if (!util_tz_exists(tz))
        return kerr_set(e, EXIT_DATAERR, "timezone '%s': no such zone in %s (is the tzdata package installed?)",
                        tz, getenv("TZDIR") && *getenv("TZDIR") ? getenv("TZDIR") : "/usr/share/zoneinfo");
    const char *old = getenv("TZ");
    char *saved = old ? xstrdup(old) : NULL;
    setenv("TZ", tz, 1);
    tzset();
    struct tm *r = localtime_r(&t, out);
    if (saved) setenv("TZ", saved, 1); else unsetenv("TZ");
    tzset();
    free(saved);
    if (!r) return kerr_set(e, EXIT_SOFTWARE, "time %lld cannot be shown in timezone '%s'", (long long)t, tz);
    return 0;
}

int util_local_time(const char *tz, time_t t, char out[20], kerr *e)
{
    struct tm tm;
    if (local_tm(tz, t, &tm, e)) return -1;
    if (tm.tm_year < -1900 || tm.tm_year > 9999 - 1900)
        return kerr_set(e, EXIT_SOFTWARE, "time %lld is outside the years 0000-9999", (long long)t);
    char buf[64];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
             tm.tm_hour, tm.tm_min, tm.tm_sec);
    memcpy(out, buf, 20);
    return 0;
}

int util_last_complete_day(const char *tz, time_t t, char out[11], kerr *e)
{
    struct tm tm;
    if (local_tm(tz, t, &tm, e)) return -1;
    /* the day before, by calendar arithmetic on the date alone (noon UTC,
     * so no zone or leap second can move it) */
    struct tm d = { .tm_year = tm.tm_year, .tm_mon = tm.tm_mon, .tm_mday = tm.tm_mday - 1, .tm_hour = 12 };
    time_t noon = timegm(&d);
    struct tm y;
    if (noon == (time_t)-1 || !gmtime_r(&noon, &y))
        return kerr_set(e, EXIT_SOFTWARE, "time %lld: no day before it", (long long)t);
    if (y.tm_year < -1900 || y.tm_year > 9999 - 1900)
        return kerr_set(e, EXIT_SOFTWARE, "time %lld is outside the years 0000-9999", (long long)t);
    char buf[48];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y.tm_year + 1900, y.tm_mon + 1, y.tm_mday);
    memcpy(out, buf, 11);
    return 0;
}
