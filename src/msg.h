/* msg.h — kefu's message catalogue: every English message (a printf format
 * as written in the source) and its Chinese, chosen once per process.
 *
 * The language is decided by main.c (--lang, KEFU_LANG, a zh LANG) and set
 * here with msg_set_zh; it needs no locale, so it works under cron's C
 * locale. kerr_set translates its format, so every error is translated
 * where it is built; printing code wraps its formats in msg_tr. The
 * Chinese of a format has the same conversion specifications in the same
 * order (or numbered ones, %1$s, that take the same argument types); the
 * test tests/msgcheck.py holds every format of src/ to that. */
#ifndef KEFU_MSG_H
#define KEFU_MSG_H

/* Chooses Chinese (1) or English (0, the default) for msg_tr. */
void msg_set_zh(int on);
/* 1 when messages are in Chinese. */
int msg_zh(void);

/* The message for the English format `en` in the chosen language: `en`
 * itself in English, or when the catalogue has no Chinese for it; else
 * the Chinese (static storage, never freed). format_arg lets the compiler
 * check the arguments against the English format at every call. */
const char *msg_tr(const char *en) __attribute__((format_arg(1)));

/* strerror(err) in the chosen language: the system's text in English
 * (kefu runs in the C locale), kefu's own Chinese for the errors a file
 * operation commonly meets (ENOENT, EACCES, ENOSPC, …) — the system's
 * text for the rest. Static storage. */
const char *msg_strerror(int err);

/* The Chinese of `en` in the catalogue, or NULL (whatever the language):
 * for tests and for the catalogue check. */
const char *msg_lookup(const char *en);

#endif
