/* util.h — memory wrappers, the error value every module fills, a growable
 * byte buffer, and the exit codes of SPEC §2 (sysexits).
 *
 * Out of memory is decided here once: the x* wrappers print and abort
 * (STYLE 10). Errors are values: a function that can fail takes a
 * `kerr *` and, on failure, fills it with where and why; only main.c prints
 * and chooses the exit code (STYLE 5). */
#ifndef KEFU_UTIL_H
#define KEFU_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#define KEFU_VERSION "0.1.0"   /* printed by --version and on every report page */

/* Exit codes (sysexits.h values, named here so modules need not include it). */
enum {
    EXIT_OK = 0,
    EXIT_USAGE = 64,    /* command line misuse */
    EXIT_DATAERR = 65,  /* rows rejected, invalid policy or template */
    EXIT_NOINPUT = 66,  /* input file missing or unreadable */
    EXIT_SOFTWARE = 70, /* internal error (SQLite, libharu, a bug) */
    EXIT_CANTCREAT = 73,/* cannot create an output file */
    EXIT_TEMPFAIL = 75, /* another run holds the lock */
    EXIT_NOPERM = 77    /* the audit key: missing on a keyed chain, wrong, or unsafe */
};

/* Limits on what input controls (STYLE 9), each with its reason. */
#define KEFU_MAX_FIELD   (64 * 1024)    /* SPEC §5: a field over 64 KiB is a data error */
#define KEFU_MAX_ROW     (1024 * 1024)  /* SPEC §5: a row over 1 MiB is a data error */
#define KEFU_MAX_COLUMNS 256            /* no export has more; bounds per-row work */

/* An error: the message is complete ("FILE:LINE: field 'x': 'v' is not …")
 * and `code` is the exit code it should lead to. */
typedef struct kerr {
    int code;          /* one of EXIT_*; 0 when no error was recorded */
    char msg[1024];    /* one line, no trailing newline */
} kerr;

/* Records an error (printf-style) into `e` (may be NULL) and returns -1 so
 * callers can `return kerr_set(e, EXIT_DATAERR, "...")`. */
int kerr_set(kerr *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void kerr_clear(kerr *e);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a newly allocated formatted string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable byte buffer, always NUL-terminated after sbuf_* calls. */
typedef struct sbuf {
    char *p;      /* data (owned), NULL until the first append */
    size_t len;   /* bytes used, excluding the terminating NUL */
    size_t cap;   /* bytes allocated */
} sbuf;

void sbuf_add(sbuf *b, const void *data, size_t n);
void sbuf_adds(sbuf *b, const char *s);
void sbuf_addc(sbuf *b, char c);
void sbuf_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_reset(sbuf *b);        /* len = 0, keeps memory */
void sbuf_free(sbuf *b);         /* frees memory; b may be zeroed or NULL */
/* Appends `s` (NULL: "") as a JSON string literal, with quotes and escapes.
 * JSON text is UTF-8: a byte that is not part of well-formed UTF-8 becomes
 * \ufffd, so the result always parses; a caller that must keep such a
 * value exactly adds it beside, escaped (util_bytes_escaped). */
void sbuf_json_str(sbuf *b, const char *s);

/* The length (1-4) of the well-formed UTF-8 sequence at p[0..n), or 0 when
 * the bytes there are not one (overlong, surrogate, cut, stray byte). */
size_t util_utf8_len(const unsigned char *p, size_t n);
/* 1 when the string is well-formed UTF-8, else 0. */
int util_utf8_valid(const char *s);

/* Appends `s` with every byte outside printable ASCII, and '\\', as \xNN:
 * an exact, ASCII-only spelling of a name that is not valid UTF-8. */
void util_bytes_escaped(sbuf *b, const char *s);

/* Appends the member "KEY":"NAME" (after sbuf_json_str), and when NAME is
 * not valid UTF-8 — a file name on Linux may be any bytes — also
 * "KEY_bytes":"…" with its exact bytes (util_bytes_escaped), so the JSON
 * parses and the name can still be found. */
void util_json_name(sbuf *b, const char *key, const char *name);

/* Appends `s` for a terminal: control characters (C0 but newline and tab,
 * DEL, C1) and bytes that are not well-formed UTF-8 become \xNN, so data
 * cannot clear the screen, set the window title or move the cursor;
 * hanzi pass unchanged. */
void util_term_escape(sbuf *b, const char *s);

/* A stream that writes to `to` through util_term_escape (a UTF-8 sequence
 * cut between two writes is kept whole). main.c puts stderr, and stdout
 * when it is a terminal, behind one, so every message and listing kefu
 * prints is escaped in one place. Closing it flushes `to` but does not
 * close it. Returns `to` itself if the stream cannot be made. */
FILE *util_term_stream(FILE *to);

/* Appends one CSV cell for a file people open in a spreadsheet: RFC 4180
 * quoting (when it holds ',', '"', CR or LF), and a cell that starts with
 * '=', '+', '-', '@', tab or CR — which Excel and LibreOffice would run as a
 * formula (=HYPERLINK(…), =cmd|…) — gets a leading "'" and is quoted. The
 * value is then not exact: a copy meant to be exact (a bundle's XML, a
 * hash input) must not use this. NULL appends nothing. */
void util_csv_cell_safe(sbuf *b, const char *v);

/* Reads a whole file into a new buffer (caller frees *out). Fails with
 * EXIT_NOINPUT naming the path when it cannot be read. */
int util_read_file(const char *path, char **out, size_t *len, kerr *e);

/* Reads a document given as a file, or as a directory whose *.txt files
 * (sorted by name, at most UTIL_DOC_MAX_FILES) are read one after another,
 * each followed by a newline — so `--source ../regulations/` names the
 * folder that holds the regulations text. Caller frees *out. Fails with
 * EXIT_NOINPUT naming the path when nothing can be read, or when a
 * directory holds no .txt file. */
#define UTIL_DOC_MAX_FILES 64
int util_read_doc(const char *path, char **out, size_t *len, kerr *e);

/* Writes `len` bytes to `path` whole or not at all: a temp file in the same
 * directory (util_tmp_create), written, fsynced, renamed over `path`,
 * directory fsynced (STYLE 8). A `path` that exists and is not a regular
 * file (symlink, FIFO, device, directory) is refused (util_check_target).
 * The file gets util_output_mode(). Fails with EXIT_CANTCREAT. */
int util_write_file_atomic(const char *path, const void *data, size_t len, kerr *e);

/* Files kefu creates hold personal data: they are created 0600, or 0640
 * when `on` (--group-readable), whatever the caller's umask. This also sets
 * the process umask (077 or 027) so that what SQLite creates — the
 * database, its -wal and -shm — and the directories kefu makes get the
 * same. Called once by main.c; the default is 0600 without touching the
 * umask. */
void util_set_group_readable(int on);
unsigned util_output_mode(void);   /* 0600 or 0640 */

/* Refuses (EXIT_CANTCREAT, naming the path and what it is) an output
 * target that exists and is not a regular file: a symbolic link, a
 * directory, a FIFO, a device. `-o /dev/null` as root must not replace
 * /dev/null; a link planted at a predictable output name must not be
 * replaced either. Returns 0 when `path` is absent or a regular file. */
int util_check_target(const char *path, kerr *e);

/* Creates a new temporary file beside `path` — ".BASE.tmp-PID-RANDOM" in
 * the target's directory — with O_CREAT|O_EXCL|O_NOFOLLOW (a name planted
 * in advance, symlink or not, is never opened; another random name is
 * tried) and mode util_output_mode(). Returns the descriptor (write only)
 * and the temp path in *tmp (caller frees, and unlinks it on failure), or
 * -1 with EXIT_CANTCREAT. */
int util_tmp_create(const char *path, char **tmp, kerr *e);
/* The same with another word than "tmp" in the name (".BASE.TAG-PID-RANDOM"):
 * a purge bundle written before its deletion commits is ".BASE.pending-…"
 * (purge.h), so that nothing takes it for a completed bundle. */
int util_tmp_create_tag(const char *path, const char *tag, char **tmp, kerr *e);
/* Puts a temp file from util_tmp_create() in place once the caller has
 * written it through `fd`: fsync and close `fd`, check `path` again
 * (util_check_target), rename `tmp` over it, fsync the directory — the end
 * of util_write_file_atomic(), for writers that stream their output. Takes
 * `fd` and `tmp` in every case: closes the one, frees the other, and
 * unlinks the temp file on failure. Fails with EXIT_CANTCREAT. */
int util_tmp_commit(int fd, char *tmp, const char *path, kerr *e);

/* Shortens a value for an error message: at most 60 bytes, cut on a UTF-8
 * boundary, "…" appended when cut. Writes into `out` (>= 80 bytes). */
void util_clip(const char *s, char *out, size_t outsz);

/* --- time in the policy's timezone ---
 * Times in the exports are local wall-clock time (SPEC §4) in the policy's
 * timezone, whatever TZ the machine running kefu has. */

#define UTIL_DEFAULT_TZ "Asia/Shanghai"  /* when the policy names none (SPEC §6) */
#define UTIL_MAX_TZ 64                   /* longest IANA name is 32; room to spare */

/* Whether `tz` is spelled as an IANA timezone name ("Asia/Shanghai",
 * "UTC", "America/Argentina/Buenos_Aires"): letters, digits, '_', '-', '+'
 * in '/'-separated parts, none empty or starting with '.', at most
 * UTIL_MAX_TZ bytes. Says nothing about whether the zone exists. */
int util_tz_name_ok(const char *tz);

/* Whether the zone `tz` (a valid name) has a zoneinfo file ($TZDIR, else
 * /usr/share/zoneinfo: Debian's tzdata). Without it the C library would
 * silently use UTC. Returns 1 or 0. */
int util_tz_exists(const char *tz);

/* The clock: SOURCE_DATE_EPOCH when it is set to a valid number of seconds
 * (the reproducible-builds convention; returns 1), else the real time
 * (returns 0). `real_only` ignores SOURCE_DATE_EPOCH (a purge is never
 * moved by it). */
int util_clock(time_t *t, int real_only);

/* The wall-clock time of `t` in timezone `tz` (NULL: UTIL_DEFAULT_TZ) as
 * "YYYY-MM-DD HH:MM:SS". The machine's TZ is restored afterwards. Fails
 * with EXIT_DATAERR when tz is not a valid name or has no zoneinfo file. */
int util_local_time(const char *tz, time_t t, char out[20], kerr *e);

/* The last complete day at time `t` in timezone `tz` (NULL:
 * UTIL_DEFAULT_TZ): the day before t's local day, "YYYY-MM-DD". This is the
 * default as-of day: at 01:30 on 12-01 it is 11-30, whose every deadline is
 * over. Errors as util_local_time. */
int util_last_complete_day(const char *tz, time_t t, char out[11], kerr *e);

/* The columns a UTF-8 string takes on a terminal, computed by kefu itself
 * so that tables line up under cron's C locale too: 2 for East Asian wide
 * and fullwidth characters (CJK, kana, hangul, fullwidth forms, CJK
 * punctuation), 0 for combining marks and controls, 1 otherwise. An invalid
 * byte counts 1. */
int util_display_width(const char *s);

/* Appends `s` to `b` padded with spaces to `width` display columns (left
 * aligned; nothing added when it is already as wide or wider). */
void sbuf_pad(sbuf *b, const char *s, int width);

/* Appends a table's header line: n column names, each after one space and
 * padded to its width in display columns — as printf's %-Ns when the
 * width is negative, as %Ns when positive (the last one left-aligned gets
 * no trailing blanks) — so a Chinese header (msg.h) lines up with the
 * rows that printf writes under it. The line starts with " " + the first
 * column's space, as "  %-Ns" would; give indent 0 for none. */
void sbuf_header(sbuf *b, int indent, int n, const char *const *names, const int *widths);

#endif
