/* lock.h — one writer at a time: the database lock DB.lock.
 *
 * Every command that writes the database (init, ingest, check, run, purge
 * plan/approve/execute, hold add/lift, bundle sources) holds an exclusive
 * flock on DB.lock, the file beside the database, for as long as it runs.
 * The kernel releases it when the process ends, so a kill -9 leaves no
 * stale lock. The file holds one line naming the holder ("pid N, started
 * TIME, kefu COMMAND"), which a refused command quotes.
 *
 * The lock file is opened with O_NOFOLLOW and O_NONBLOCK and must be a
 * regular file: a symlink planted at DB.lock is refused and its target is
 * neither opened nor written; a FIFO there cannot make kefu hang. */
#ifndef KEFU_LOCK_H
#define KEFU_LOCK_H

#include "util.h"

/* The longest --wait accepted, in seconds (a day: a longer wait is a
 * mistake, not a schedule). */
#define LOCK_MAX_WAIT 86400

/* Takes the lock of database `db`, waiting up to `wait_secs` seconds
 * (0: fail at once) for another holder to finish. `now` ("YYYY-MM-DD
 * HH:MM:SS") and `what` (the command, e.g. "check") go into the holder
 * note. Returns the lock's descriptor (>= 0), which the caller keeps open
 * while it writes and closes with lock_release; or -1 with e filled:
 * EXIT_TEMPFAIL naming the holder when it is still held after the wait,
 * EXIT_CANTCREAT when DB.lock cannot be opened or is not a regular file. */
int lock_take(const char *db, const char *now, const char *what, int wait_secs, kerr *e);

/* Releases a lock taken by lock_take (closing its descriptor); -1 is
 * accepted and ignored. The holder note is left: it is only read while the
 * lock is held. */
void lock_release(int fd);

#endif
