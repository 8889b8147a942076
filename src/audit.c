/* audit.c — anchors of the audit chain (audit.h). */
#include "audit.h"
#include "bag.h"
#include "msg.h"
#include "store.h"
#include "tar.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define AUDIT_MAX_BAGINFO (1 << 20)   /* a bag-info.txt larger than 1 MiB is not one kefu wrote */

static int is_hex64(const char *s, size_t n)
{
    if (n < 64) return 0;
    for (size_t i = 0; i < 64; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return 0;
    return 1;
}

/* Reads a decimal seq at p (within end); returns the position after it, or
 * NULL. */
static const char *read_seq(const char *p, const char *end, long *seq)
{
    long v = 0;
    const char *q = p;
    while (q < end && *q >= '0' && *q <= '9' && q - p < 18) v = v * 10 + (*q++ - '0');
    if (q == p) return NULL;
    *seq = v;
    return q;
}

int audit_anchor_parse(const char *text, size_t len, long *seq, char hash[HASH_HEX_LEN])
{
    const char *end = text + len;
    static const char bag[] = AUDIT_BAG_LABEL ": ";
    static const char js[] = "\"audit_head\":{\"seq\":";
    const char *p = memmem(text, len, bag, sizeof bag - 1);
    if (p) {
        p = read_seq(p + sizeof bag - 1, end, seq);
        if (p && p < end && *p == ' ' && is_hex64(p + 1, (size_t)(end - p - 1))) {
            memcpy(hash, p + 1, 64);
            hash[64] = '\0';
            return 1;
        }
    }
    p = memmem(text, len, js, sizeof js - 1);
    if (p) {
        static const char mid[] = ",\"hash\":\"";
        p = read_seq(p + sizeof js - 1, end, seq);
        if (p && (size_t)(end - p) > sizeof mid - 1 && memcmp(p, mid, sizeof mid - 1) == 0 &&
            is_hex64(p + sizeof mid - 1, (size_t)(end - p - (sizeof mid - 1)))) {
            memcpy(hash, p + sizeof mid - 1, 64);
            hash[64] = '\0';
            return 1;
        }
    }
    return 0;
}

/* The bag-info.txt of a bundle (.tar.gz): its bytes in *out (owned). */
static int bundle_bag_info(const char *path, char **out, size_t *len, kerr *e)
{
    tar_reader *r = NULL;
    tar_entry ent;
    int rc;
    *out = NULL;
    *len = 0;
    if (tar_reader_open(path, 0, &r, e)) return -1;
    while ((rc = tar_reader_next(r, &ent, e)) == 1) {
        const char *slash = strchr(ent.name, '/');
        if (!slash || strcmp(slash + 1, "bag-info.txt") != 0) continue;
        char *buf = xmalloc(AUDIT_MAX_BAGINFO + 1);
        size_t have = 0, got = 1;
        while (got && have < AUDIT_MAX_BAGINFO) {
            if (tar_reader_read(r, buf + have, AUDIT_MAX_BAGINFO - have, &got, e)) {
                free(buf);
                tar_reader_close(r);
                return -1;
            }
            have += got;
        }
        buf[have] = '\0';
        *out = buf;
        *len = have;
        tar_reader_close(r);
        return 0;
    }
    tar_reader_close(r);
    if (rc < 0) return -1;
    return kerr_set(e, EXIT_DATAERR, "%s: a bundle without bag-info.txt", path);
}

int audit_anchor_read(const char *arg, long *seq, char hash[HASH_HEX_LEN], kerr *e)
{
    size_t n = strlen(arg);
    if (n == 64 && is_hex64(arg, n)) {
        *seq = 0;
        memcpy(hash, arg, 65);
        return 0;
    }
    char *buf = NULL, *path = NULL;
    size_t len = 0;
    int ret = -1;
    struct stat sb;
    if (stat(arg, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        path = xasprintf("%s/bag-info.txt", arg);
        if (util_read_file(path, &buf, &len, e)) goto out;
    } else if (n > 7 && strcmp(arg + n - 7, ".tar.gz") == 0) {
        if (bundle_bag_info(arg, &buf, &len, e)) goto out;
    } else if (util_read_file(arg, &buf, &len, e)) {
        goto out;
    }
    if (!audit_anchor_parse(buf, len, seq, hash)) {
        kerr_set(e, EXIT_DATAERR, "%s: holds no audit chain head (%s: SEQ HASH, or \"audit_head\"), and is not "
                 "64 hex digits", arg, AUDIT_BAG_LABEL);
        goto out;
    }
    ret = 0;
out:
    free(buf);
    free(path);
    return ret;
}

int audit_head_baginfo(store *st, bag_builder *b, kerr *e)
{
    long seq = 0;
    char h[HASH_HEX_LEN];
    if (store_audit_head(st, &seq, h, e)) return -1;
    if (seq <= 0) return 0;
    char *val = xasprintf("%ld %s", seq, h);
    int rc = bag_add_info(b, AUDIT_BAG_LABEL, val, e);
    free(val);
    return rc;
}

int audit_head_json(store *st, sbuf *j, kerr *e)
{
    long seq = 0;
    char h[HASH_HEX_LEN];
    if (store_audit_head(st, &seq, h, e)) return -1;
    if (seq <= 0) sbuf_adds(j, "\"audit_head\":null");
    else sbuf_printf(j, "\"audit_head\":{\"seq\":%ld,\"hash\":\"%s\"}", seq, h);
    return 0;
}

int audit_key_load(const char *path, unsigned char **key, size_t *len, kerr *e)
{
    *key = NULL;
    *len = 0;
    /* O_NOFOLLOW: a link planted at the name could point at a key the
     * attacker knows; O_NONBLOCK: a FIFO must not hang the night */
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ELOOP)
            return kerr_set(e, EXIT_NOPERM, "%s: the audit key file is a symbolic link; name the file itself", path);
        return kerr_set(e, EXIT_NOINPUT, "%s: cannot open the audit key file: %s", path, msg_strerror(errno));
    }
    struct stat sb;
    int ret = -1;
    unsigned char *buf = NULL;
    if (fstat(fd, &sb) != 0) {
        kerr_set(e, EXIT_NOINPUT, "%s: cannot read the audit key file: %s", path, msg_strerror(errno));
        goto out;
    }
    if (!S_ISREG(sb.st_mode)) {
        kerr_set(e, EXIT_NOPERM, "%s: the audit key file is not a regular file", path);
        goto out;
    }
    if (sb.st_uid != geteuid()) {
        kerr_set(e, EXIT_NOPERM, "%s: the audit key file is owned by uid %ld, not by this user (uid %ld)", path,
                 (long)sb.st_uid, (long)geteuid());
        goto out;
    }
    if (sb.st_mode & 077) {
        kerr_set(e, EXIT_NOPERM, "%s: mode %04o: the audit key file must be readable by its owner only "
                 "(chmod 600 %s)", path, (unsigned)(sb.st_mode & 07777), path);
        goto out;
    }
    if (sb.st_size < AUDIT_KEY_MIN || sb.st_size > AUDIT_KEY_MAX) {
        kerr_set(e, EXIT_NOPERM, "%s: %lld bytes: an audit key has %d to %d bytes (head -c 32 /dev/urandom > %s)",
                 path, (long long)sb.st_size, AUDIT_KEY_MIN, AUDIT_KEY_MAX, path);
        goto out;
    }
    buf = xmalloc((size_t)sb.st_size);
    size_t have = 0;
    while (have < (size_t)sb.st_size) {
        ssize_t r = read(fd, buf + have, (size_t)sb.st_size - have);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) {
            kerr_set(e, EXIT_NOINPUT, "%s: cannot read the audit key file: %s", path,
                     r < 0 ? msg_strerror(errno) : msg_tr("it shrank while read"));
            goto out;
        }
        have += (size_t)r;
    }
    *key = buf;
    *len = have;
    buf = NULL;
    ret = 0;
out:
    free(buf);
    close(fd);
    return ret;
}
