/* util.c — allocation wrappers, error values, byte buffers, whole-file I/O. */
#include "msg.h"
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
#include <dirent.h>

static void oom(size_t n)
{
    fprintf(stderr, msg_tr("kefu: out of memory (%zu bytes)\n"), n);
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
        vsnprintf(e->msg, sizeof e->msg, msg_tr(fmt), ap);   /* built once, in the chosen language */
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

size_t util_utf8_len(const unsigned char *p, size_t n)
{
    if (n == 0) return 0;
    unsigned c = p[0];
    if (c < 0x80) return 1;
    size_t len;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; min = 0x10000; }
    else return 0;
    if (n < len) return 0;
    unsigned cp = c & (0x7F >> len);
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

int util_utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    while (n > 0) {
        size_t l = util_utf8_len(p, n);
        if (l == 0) return 0;
        p += l;
        n -= l;
    }
    return 1;
}

void sbuf_json_str(sbuf *b, const char *s)
{
    sbuf_addc(b, '"');
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = strlen((const char *)p);
    while (n > 0) {
        size_t l = 1;
        switch (*p) {
        case '"': sbuf_adds(b, "\\\""); break;
        case '\\': sbuf_adds(b, "\\\\"); break;
        case '\n': sbuf_adds(b, "\\n"); break;
        case '\r': sbuf_adds(b, "\\r"); break;
        case '\t': sbuf_adds(b, "\\t"); break;
        default:
            if (*p < 0x20 || *p == 0x7f) sbuf_printf(b, "\\u%04x", *p);
            else if (*p < 0x80) sbuf_addc(b, (char)*p);
            else if ((l = util_utf8_len(p, n)) == 2 && p[0] == 0xC2 && p[1] < 0xA0)
                sbuf_printf(b, "\\u%04x", p[1]);   /* C1 controls escaped too */
            else if (l > 0) sbuf_add(b, p, l);
            else {
                sbuf_adds(b, "\\ufffd");   /* JSON text is UTF-8: a bad byte is replaced */
                l = 1;
            }
        }
        p += l;
        n -= l;
    }
    sbuf_addc(b, '"');
}

/* Appends bytes p[0..n) with every control character (C0 but \n and \t,
 * DEL, C1) and every byte that is not part of well-formed UTF-8 as \xNN. */
static void term_escape(sbuf *b, const unsigned char *p, size_t n)
{
    while (n > 0) {
        size_t l = util_utf8_len(p, n);
        int ctl = l == 0 || (l == 1 && ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)) ||
                  (l == 2 && p[0] == 0xC2 && p[1] < 0xA0);   /* U+0080..U+009F: C1 controls */
        if (!ctl) {
            sbuf_add(b, p, l);
        } else {
            if (l == 0) l = 1;
            for (size_t i = 0; i < l; i++) sbuf_printf(b, "\\x%02x", p[i]);
        }
        p += l;
        n -= l;
    }
}

void util_term_escape(sbuf *b, const char *s)
{
    term_escape(b, (const unsigned char *)s, strlen(s));
}

void util_bytes_escaped(sbuf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0x20 && *p < 0x7f && *p != '\\') sbuf_addc(b, (char)*p);
        else sbuf_printf(b, "\\x%02x", *p);
    }
}

void util_json_name(sbuf *b, const char *key, const char *name)
{
    sbuf_printf(b, "\"%s\":", key);
    sbuf_json_str(b, name);
    if (name && !util_utf8_valid(name)) {
        sbuf tmp = {0};
        util_bytes_escaped(&tmp, name);
        sbuf_printf(b, ",\"%s_bytes\":", key);
        sbuf_json_str(b, tmp.p);
        sbuf_free(&tmp);
    }
}

void util_csv_cell_safe(sbuf *b, const char *v)
{
    if (!v) return;
    int formula = strchr("=+-@\t\r", v[0]) != NULL && v[0] != '\0';
    if (!formula && !strpbrk(v, ",\"\r\n")) {
        sbuf_adds(b, v);
        return;
    }
    sbuf_addc(b, '"');
    if (formula) sbuf_addc(b, '\'');
    for (const char *p = v; *p; p++) {
        if (*p == '"') sbuf_addc(b, '"');
        sbuf_addc(b, *p);
    }
    sbuf_addc(b, '"');
}

/* The state of a terminal-safe stream (util_term_stream): the stream it
 * writes to and the bytes of a UTF-8 sequence cut by a buffer boundary. */
typedef struct term_cookie {
    FILE *to;                  /* the underlying stream (not owned) */
    unsigned char carry[4];    /* start of an incomplete sequence */
    size_t ncarry;             /* bytes in carry */
} term_cookie;

static ssize_t term_write(void *arg, const char *buf, size_t size)
{
    term_cookie *c = arg;
    sbuf out = {0};
    size_t used = 0;
    if (c->ncarry) {   /* complete the cut sequence first */
        unsigned char tmp[4];
        size_t k = c->ncarry, added = 0, want = c->carry[0] >= 0xF0 ? 4 : c->carry[0] >= 0xE0 ? 3 : 2;
        memcpy(tmp, c->carry, k);
        while (k < want && added < size && ((unsigned char)buf[added] & 0xC0) == 0x80)
            tmp[k++] = (unsigned char)buf[added++];
        if (k < want && added == size) {   /* still cut: wait for more */
            memcpy(c->carry, tmp, k);
            c->ncarry = k;
            return (ssize_t)size;
        }
        if (util_utf8_len(tmp, k) == k) {
            term_escape(&out, tmp, k);
            used = added;
        } else {
            term_escape(&out, c->carry, c->ncarry);   /* each byte alone is invalid: \xNN */
        }
        c->ncarry = 0;
    }
    size_t n = size - used;
    const unsigned char *p = (const unsigned char *)buf + used;
    /* an incomplete sequence at the end waits for the next write */
    size_t tail = 0;
    for (size_t back = 1; back <= 3 && back <= n; back++) {
        unsigned char c0 = p[n - back];
        if ((c0 & 0xC0) == 0x80) continue;
        size_t want = c0 >= 0xF0 ? 4 : c0 >= 0xE0 ? 3 : c0 >= 0xC2 ? 2 : 1;
        if (c0 >= 0xC2 && c0 <= 0xF4 && want > back) tail = back;
        break;
    }
    term_escape(&out, p, n - tail);
    memcpy(c->carry, p + n - tail, tail);
    c->ncarry = tail;
    if (out.len && fwrite(out.p, 1, out.len, c->to) != out.len) {
        sbuf_free(&out);
        return -1;
    }
    sbuf_free(&out);
    return (ssize_t)size;
}

static int term_close(void *arg)
{
    term_cookie *c = arg;
    if (c->ncarry) {
        sbuf out = {0};
        term_escape(&out, c->carry, c->ncarry);
        fwrite(out.p, 1, out.len, c->to);
        sbuf_free(&out);
    }
    int rc = fflush(c->to);
    free(c);
    return rc;
}

FILE *util_term_stream(FILE *to)
{
    term_cookie *c = xcalloc(1, sizeof *c);
    c->to = to;
    cookie_io_functions_t fns = { .read = NULL, .write = term_write, .seek = NULL, .close = term_close };
    FILE *f = fopencookie(c, "w", fns);
    if (!f) {
        free(c);
        return to;
    }
    return f;
}

int util_read_file(const char *path, char **out, size_t *len, kerr *e)
{
    FILE *f = fopen(path, "rb");
    if (!f) return kerr_set(e, EXIT_NOINPUT, "%s: cannot open: %s", path, msg_strerror(errno));
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

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int util_read_doc(const char *path, char **out, size_t *len, kerr *e)
{
    struct stat sb;
    if (stat(path, &sb) != 0) return kerr_set(e, EXIT_NOINPUT, "%s: cannot open: %s", path, msg_strerror(errno));
    if (!S_ISDIR(sb.st_mode)) return util_read_file(path, out, len, e);
    DIR *d = opendir(path);
    if (!d) return kerr_set(e, EXIT_NOINPUT, "%s: cannot open: %s", path, msg_strerror(errno));
    char *names[UTIL_DOC_MAX_FILES];
    int n = 0, rc = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t l = strlen(de->d_name);
        if (de->d_name[0] == '.' || l < 5 || strcmp(de->d_name + l - 4, ".txt") != 0) continue;
        if (n == UTIL_DOC_MAX_FILES) {
            rc = kerr_set(e, EXIT_NOINPUT, "%s: more than %d .txt files", path, UTIL_DOC_MAX_FILES);
            break;
        }
        names[n++] = xasprintf("%s/%s", path, de->d_name);
    }
    closedir(d);
    if (rc == 0 && n == 0) rc = kerr_set(e, EXIT_NOINPUT, "%s: a directory with no .txt file", path);
    qsort(names, (size_t)n, sizeof *names, cmp_names);
    sbuf b = {0};
    for (int i = 0; i < n && rc == 0; i++) {
        char *one = NULL;
        size_t l1 = 0;
        rc = util_read_file(names[i], &one, &l1, e);
        if (rc == 0) {
            sbuf_add(&b, one, l1);
            sbuf_addc(&b, '\n');
        }
        free(one);
    }
    for (int i = 0; i < n; i++) free(names[i]);
    if (rc) {
        sbuf_free(&b);
        return rc;
    }
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
        return kerr_set(e, EXIT_CANTCREAT, "%s: cannot examine: %s", path, msg_strerror(errno));
    }
    if (S_ISREG(sb.st_mode)) return 0;
    return kerr_set(e, EXIT_CANTCREAT, "%s: exists and is not a regular file (%s); refusing to replace it",
                    path, S_ISLNK(sb.st_mode) ? msg_tr("a symbolic link") : S_ISDIR(sb.st_mode) ? msg_tr("a directory")
                    : S_ISFIFO(sb.st_mode) ? msg_tr("a FIFO") : S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode) ? msg_tr("a device")
                    : msg_tr("a socket or other special file"));
}

int util_tmp_create(const char *path, char **tmp, kerr *e)
{
    return util_tmp_create_tag(path, "tmp", tmp, e);
}

int util_tmp_create_tag(const char *path, const char *tag, char **tmp, kerr *e)
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
        char *t = xasprintf("%.*s.%s.%s-%ld-%s", dirlen, path, base, tag, (long)getpid(), suffix);
        int fd = open(t, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, out_mode);
        if (fd >= 0) {
            if (fchmod(fd, out_mode) != 0) {   /* whatever the umask */
                kerr_set(e, EXIT_CANTCREAT, "%s: cannot set its mode: %s", t, msg_strerror(errno));
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
            kerr_set(e, EXIT_CANTCREAT, "%s: cannot create: %s", t, msg_strerror(err));
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
    int fd = -1;
    if (util_check_target(path, e)) return -1;
    fd = util_tmp_create(path, &tmp, e);
    if (fd < 0) return -1;
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
            if (errno == EINTR) continue;
            kerr_set(e, EXIT_CANTCREAT, "%s: write failed: %s", tmp, msg_strerror(errno));
            close(fd);
            unlink(tmp);
            free(tmp);
            return -1;
        }
        p += w;
        left -= (size_t)w;
    }
    return util_tmp_commit(fd, tmp, path, e);
}

int util_tmp_commit(int fd, char *tmp, const char *path, kerr *e)
{
    char *dircopy = xstrdup(path);
    int rc = -1, dfd = -1;
    if (fsync(fd) != 0 || close(fd) != 0) {
        fd = -1;
        kerr_set(e, EXIT_CANTCREAT, "%s: sync failed: %s", tmp, msg_strerror(errno));
        goto out;
    }
    fd = -1;
    /* checked again right before the rename: what appeared at the target
     * meanwhile is refused too (rename itself never follows a link) */
    if (util_check_target(path, e)) goto out;
    if (rename(tmp, path) != 0) {
        kerr_set(e, EXIT_CANTCREAT, "%s: cannot rename into place: %s", path, msg_strerror(errno));
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

/* East Asian Wide (W) and Fullwidth (F) ranges of Unicode 15, merged; a
 * character in one takes two columns. */
static const struct { unsigned lo, hi; } wide_ranges[] = {
    { 0x1100, 0x115F }, { 0x231A, 0x231B }, { 0x2329, 0x232A }, { 0x23E9, 0x23EC }, { 0x23F0, 0x23F0 },
    { 0x23F3, 0x23F3 }, { 0x25FD, 0x25FE }, { 0x2614, 0x2615 }, { 0x2648, 0x2653 }, { 0x267F, 0x267F },
    { 0x2693, 0x2693 }, { 0x26A1, 0x26A1 }, { 0x26AA, 0x26AB }, { 0x26BD, 0x26BE }, { 0x26C4, 0x26C5 },
    { 0x26CE, 0x26CE }, { 0x26D4, 0x26D4 }, { 0x26EA, 0x26EA }, { 0x26F2, 0x26F3 }, { 0x26F5, 0x26F5 },
    { 0x26FA, 0x26FA }, { 0x26FD, 0x26FD }, { 0x2705, 0x2705 }, { 0x270A, 0x270B }, { 0x2728, 0x2728 },
    { 0x274C, 0x274C }, { 0x274E, 0x274E }, { 0x2753, 0x2755 }, { 0x2757, 0x2757 }, { 0x2795, 0x2797 },
    { 0x27B0, 0x27B0 }, { 0x27BF, 0x27BF }, { 0x2B1B, 0x2B1C }, { 0x2B50, 0x2B50 }, { 0x2B55, 0x2B55 },
    { 0x2E80, 0x303E }, { 0x3041, 0x33FF }, { 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF }, { 0xA000, 0xA4CF },
    { 0xA960, 0xA97F }, { 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF }, { 0xFE10, 0xFE19 }, { 0xFE30, 0xFE6F },
    { 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x16FE0, 0x16FE4 }, { 0x17000, 0x18CFF }, { 0x1B000, 0x1B2FF },
    { 0x1F004, 0x1F004 }, { 0x1F0CF, 0x1F0CF }, { 0x1F18E, 0x1F18E }, { 0x1F191, 0x1F19A },
    { 0x1F200, 0x1F251 }, { 0x1F300, 0x1F64F }, { 0x1F680, 0x1F6FF }, { 0x1F900, 0x1F9FF },
    { 0x20000, 0x2FFFD }, { 0x30000, 0x3FFFD },
};

/* Zero-width: combining marks and the zero-width characters. */
static int zero_width(unsigned c)
{
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
           (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F) || (c >= 0x200B && c <= 0x200F) ||
           c == 0xFEFF || (c >= 0xFE00 && c <= 0xFE0F) || c < 0x20 || (c >= 0x7F && c < 0xA0);
}

int util_display_width(const char *s)
{
    int w = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0) {   /* a stray byte */
            w++;
            p++;
            continue;
        }
        if (n > 1) c &= 0x3F >> (n - 1);
        int k;
        for (k = 1; k < n && (p[k] & 0xC0) == 0x80; k++) c = (c << 6) | (p[k] & 0x3F);
        if (k < n) {    /* truncated sequence */
            w++;
            p++;
            continue;
        }
        p += n;
        if (zero_width(c)) continue;
        int wide = 0;
        for (size_t i = 0; i < sizeof wide_ranges / sizeof wide_ranges[0]; i++)
            if (c >= wide_ranges[i].lo && c <= wide_ranges[i].hi) {
                wide = 1;
                break;
            }
        w += wide ? 2 : 1;
    }
    return w;
}

void sbuf_pad(sbuf *b, const char *s, int width)
{
    sbuf_adds(b, s);
    for (int w = util_display_width(s); w < width; w++) sbuf_addc(b, ' ');
}

void sbuf_header(sbuf *b, int indent, int n, const char *const *names, const int *widths)
{
    for (int i = 0; i < indent; i++) sbuf_addc(b, ' ');
    for (int i = 0; i < n; i++) {
        int w = widths[i] < 0 ? -widths[i] : widths[i];
        int pad = w - util_display_width(names[i]);
        if (i) sbuf_addc(b, ' ');
        if (widths[i] > 0)
            for (int k = 0; k < pad; k++) sbuf_addc(b, ' ');
        sbuf_adds(b, names[i]);
        if (widths[i] < 0 && i + 1 < n)
            for (int k = 0; k < pad; k++) sbuf_addc(b, ' ');
    }
    sbuf_addc(b, '\n');
}
