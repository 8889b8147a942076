/* t.h — the unit-test harness: a few checking macros and a closing line
 * "N passed, N failed" that tests/run.sh adds up. Each tests/unit/test_*.c
 * is one program; table-driven tests loop over arrays of cases and call
 * T_CHECK with a label naming the case (and the article, for rules). */
#ifndef KEFU_T_H
#define KEFU_T_H

#include <stdio.h>
#include <string.h>
#include <stdint.h>

static int t_pass, t_fail;

#define T_CHECK(cond, ...) do {                                             \
    if (cond) t_pass++;                                                     \
    else {                                                                  \
        t_fail++;                                                           \
        fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                \
        fprintf(stderr, __VA_ARGS__);                                       \
        fputc('\n', stderr);                                                \
    }                                                                       \
} while (0)

#define T_EQ_INT(got, want, label) do {                                     \
    long long t_g = (long long)(got), t_w = (long long)(want);              \
    T_CHECK(t_g == t_w, "%s: got %lld, want %lld", (label), t_g, t_w);      \
} while (0)

#define T_EQ_STR(got, want, label) do {                                     \
    const char *t_g = (got), *t_w = (want);                                 \
    T_CHECK((t_g == NULL && t_w == NULL) ||                                 \
            (t_g && t_w && strcmp(t_g, t_w) == 0),                          \
            "%s: got '%s', want '%s'", (label), t_g ? t_g : "(null)",       \
            t_w ? t_w : "(null)");                                          \
} while (0)

/* Prints the closing line; returns the exit status for main. */
static inline int t_done(void)
{
    printf("%d passed, %d failed\n", t_pass, t_fail);
    return t_fail ? 1 : 0;
}

#endif
