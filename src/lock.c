/* lock.c — the database lock DB.lock (lock.h). */
#include "msg.h"
#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* How often a waiting command tries the lock again. */
#define LOCK_POLL_NS (100 * 1000 * 1000L)

/* The holder note of a held lock, read into `out` (first line only, control
 * characters shown as '?', since the file is not ours alone to write). */
static void read_holder(int fd, char *out, size_t outsz)
{
    ssize_t n = pread(fd, out, outsz - 1, 0);
    out[n > 0 ? n : 0] = '\0';
    out[strcspn(out, "\n")] = '\0';
    for (char *c = out; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f) *c = '?';
}

int lock_take(const char *db, const char *now, const char *what, int wait_secs, kerr *e)
{
    char *path = xasprintf("%s.lock", db);
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
    struct stat sb;
    if (fd < 0) {
        if (errno == ELOOP)
            kerr_set(e, EXIT_CANTCREAT, "%s: the lock file is a symbolic link; refusing to follow it "
                     "(remove it if it is not yours)", path);
        else
            kerr_set(e, EXIT_CANTCREAT, "%s: cannot open the lock file: %s", path, msg_strerror(errno));
        goto fail;
    }
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        kerr_set(e, EXIT_CANTCREAT, "%s: the lock file is not a regular file; refusing to use it", path);
        goto fail;
    }
    struct timespec start, t;
    clock_gettime(CLOCK_MONOTONIC, &start);
    while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            kerr_set(e, EXIT_CANTCREAT, "%s: cannot lock: %s", path, msg_strerror(errno));
            goto fail;
        }
        clock_gettime(CLOCK_MONOTONIC, &t);
        if (t.tv_sec - start.tv_sec >= wait_secs) {
            char holder[160];
            read_holder(fd, holder, sizeof holder);
            if (wait_secs > 0)
                kerr_set(e, EXIT_TEMPFAIL, "%s: another kefu process still holds the lock (%s) after "
                         "waiting %d s; try again when it has finished", path,
                         holder[0] ? holder : msg_tr("holder unknown"), wait_secs);
            else
                kerr_set(e, EXIT_TEMPFAIL, "%s: another kefu process holds the lock (%s); try again "
                         "when it has finished, or pass --wait SECONDS", path,
                         holder[0] ? holder : msg_tr("holder unknown"));
            goto fail;
        }
        struct timespec nap = { 0, LOCK_POLL_NS };
        nanosleep(&nap, NULL);
    }
    char info[160];
    int len = snprintf(info, sizeof info, "pid %ld, started %s, kefu %s\n", (long)getpid(), now, what);
    if (len < 0 || (size_t)len >= sizeof info) len = (int)strlen(info);
    if (ftruncate(fd, 0) != 0 || pwrite(fd, info, (size_t)len, 0) != len) {
        /* the lock is held; only the holder note is missing: go on */
    }
    free(path);
    return fd;
fail:
    if (fd >= 0) close(fd);
    free(path);
    return -1;
}

void lock_release(int fd)
{
    if (fd >= 0) close(fd);
}
