/* test_value.c — the value parsers of SPEC §4 and the calendar arithmetic
 * (value.h), as one table per function: accepted forms with their
 * canonical output, rejected forms, and the boundaries on both sides.
 * Known day numbers, weekdays and ISO weeks were checked against an
 * independent implementation (Python's datetime); the sweeps at the end
 * walk every day of 1900..2199. */
#include "value.h"
#include "util.h"
#include "t.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- parsers ------------------------------------------------------- */

struct str_case {
    const char *in;     /* field text */
    int ok;             /* 1 when it must be accepted */
    const char *want;   /* canonical output when accepted */
};

static const struct str_case date_cases[] = {
    { "2026-11-26", 1, "2026-11-26" },
    { "2026/11/26", 1, "2026-11-26" },
    { "2026.11.26", 1, "2026-11-26" },
    { "2026\xE5\xB9\xB4" "11\xE6\x9C\x88" "26\xE6\x97\xA5", 1, "2026-11-26" },  /* 2026年11月26日 */
    { "2026\xE5\xB9\xB4" "1\xE6\x9C\x88" "5\xE6\x97\xA5", 1, "2026-01-05" },    /* 2026年1月5日 */
    { "2026/1/5", 1, "2026-01-05" },
    { "2026-1-05", 1, "2026-01-05" },
    { "2026.01.5", 1, "2026-01-05" },
    { "  2026-11-26  ", 1, "2026-11-26" },   /* padded export cell */
    { "2024-02-29", 1, "2024-02-29" },       /* leap */
    { "2000-02-29", 1, "2000-02-29" },       /* divisible by 400: leap */
    { "2026-02-28", 1, "2026-02-28" },
    { "1900-01-01", 1, "1900-01-01" },       /* lowest year */
    { "2199-12-31", 1, "2199-12-31" },       /* highest year */
    { "2026-01-31", 1, "2026-01-31" },
    { "2026-04-30", 1, "2026-04-30" },
    { "2026-12-31", 1, "2026-12-31" },
    { "2026-02-29", 0, NULL },               /* not leap */
    { "1900-02-29", 0, NULL },               /* divisible by 100: not leap */
    { "2100-02-29", 0, NULL },
    { "2024-02-30", 0, NULL },
    { "2026-04-31", 0, NULL },
    { "2026-06-31", 0, NULL },
    { "2026-01-32", 0, NULL },
    { "2025-13-01", 0, NULL },
    { "2026-00-10", 0, NULL },
    { "2026-01-00", 0, NULL },
    { "1899-12-31", 0, NULL },               /* below the range */
    { "2200-01-01", 0, NULL },               /* above the range */
    { "0000-01-01", 0, NULL },
    { "", 0, NULL },
    { "   ", 0, NULL },
    { "26-11-26", 0, NULL },                 /* two-digit year */
    { "02026-11-26", 0, NULL },
    { "2026-011-26", 0, NULL },              /* three-digit month */
    { "2026-11-026", 0, NULL },
    { "2026-11/26", 0, NULL },               /* mixed separators */
    { "2026/11-26", 0, NULL },
    { "2026-11", 0, NULL },                  /* no day */
    { "2026-11-", 0, NULL },
    { "2026-11-26 ", 1, "2026-11-26" },
    { "2026-11-26x", 0, NULL },
    { "2026-11-26 08:00", 0, NULL },         /* a datetime is not a date */
    { "2026 - 11 - 26", 0, NULL },           /* inner spaces */
    { "20261126", 0, NULL },
    { "2026\xE5\xB9\xB4" "11\xE6\x9C\x88" "26", 0, NULL },  /* 日 missing */
    { "2026\xE5\xB9\xB4" "11\xE6\x9C\x88", 0, NULL },       /* no day */
    { "2026\xE5\xB9\xB4" "2\xE6\x9C\x88" "29\xE6\x97\xA5", 0, NULL },  /* 2026年2月29日 */
    { "\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\x96-11-26", 0, NULL },  /* full-width digits */
    { "\t2026-11-26", 0, NULL },             /* only spaces are trimmed */
};

static const struct str_case time_cases[] = {
    { "08:05", 1, "08:05:00" },
    { "8:05", 1, "08:05:00" },
    { "08:05:30", 1, "08:05:30" },
    { "8:05:30", 1, "08:05:30" },
    { "00:00", 1, "00:00:00" },
    { "0:00", 1, "00:00:00" },
    { "23:59", 1, "23:59:00" },
    { "23:59:59", 1, "23:59:59" },
    { " 08:05 ", 1, "08:05:00" },
    { "24:00", 0, NULL },
    { "25:61", 0, NULL },
    { "23:60", 0, NULL },
    { "08:05:60", 0, NULL },
    { "8:5", 0, NULL },              /* minutes need two digits */
    { "08:5", 0, NULL },
    { "08:05:3", 0, NULL },
    { "008:05", 0, NULL },
    { "08:005", 0, NULL },
    { "08", 0, NULL },
    { "08:", 0, NULL },
    { "08:05:", 0, NULL },
    { ":05", 0, NULL },
    { "08-05", 0, NULL },
    { "08.05", 0, NULL },
    { "08:05:30:00", 0, NULL },
    { "08:05 AM", 0, NULL },
    { "8\xE7\x82\xB9", 0, NULL },    /* 8点 */
    { "", 0, NULL },
    { "-1:00", 0, NULL },
};

static const struct str_case datetime_cases[] = {
    { "2026-11-26 08:05", 1, "2026-11-26 08:05:00" },
    { "2026-11-26T08:05", 1, "2026-11-26 08:05:00" },
    { "2026-11-26 08:05:30", 1, "2026-11-26 08:05:30" },
    { "2026/11/26 8:05", 1, "2026-11-26 08:05:00" },
    { "2026.1.5 8:05:09", 1, "2026-01-05 08:05:09" },
    { "2026\xE5\xB9\xB4" "11\xE6\x9C\x88" "26\xE6\x97\xA5 08:05", 1, "2026-11-26 08:05:00" },
    { "2024-02-29T23:59:59", 1, "2024-02-29 23:59:59" },
    { "1900-01-01 00:00", 1, "1900-01-01 00:00:00" },
    { "2199-12-31 23:59:59", 1, "2199-12-31 23:59:59" },
    { " 2026-11-26 08:05 ", 1, "2026-11-26 08:05:00" },
    { "2026-11-26  08:05", 0, NULL },   /* two separators */
    { "2026-11-26", 0, NULL },          /* no time */
    { "2026-11-26 ", 0, NULL },         /* trimmed to a date: no time */
    { "2026-11-26T", 0, NULL },
    { "08:05", 0, NULL },
    { "2026-11-2608:05", 0, NULL },
    { "2026-11-26t08:05", 0, NULL },
    { "2026-11-26 24:00", 0, NULL },
    { "2026-02-29 08:00", 0, NULL },
    { "2026-11-26 8:5", 0, NULL },
    { "2026-11-26Z08:05", 0, NULL },
    { "2026-11-26T08:05Z", 0, NULL },   /* no zones: SPEC §4 */
    { "", 0, NULL },
};

/* Money: text, accepted, fen. */
struct money_case {
    const char *in;   /* field text */
    int ok;           /* 1 when it must be accepted */
    int64_t fen;      /* amount when accepted */
};

static const struct money_case money_cases[] = {
    { "1234.5", 1, 123450 },
    { "1,234.50", 1, 123450 },
    { "\xC2\xA5" "1234.5", 1, 123450 },          /* ¥ */
    { "\xEF\xBF\xA5" "1234.5", 1, 123450 },      /* ￥ */
    { "1234.5\xE5\x85\x83", 1, 123450 },         /* 元 */
    { "1,234.5\xE5\x85\x83", 1, 123450 },
    { "\xC2\xA5" "1,234.50", 1, 123450 },
    { "0.05", 1, 5 },
    { "0.5", 1, 50 },
    { "0", 1, 0 },
    { "0.00", 1, 0 },
    { "-0", 1, 0 },
    { "-3", 1, -300 },
    { "-0.01", 1, -1 },
    { "-1,234.56", 1, -123456 },
    { "-\xC2\xA5" "3", 1, -300 },
    { "\xC2\xA5-3", 1, -300 },
    { "50", 1, 5000 },
    { "007", 1, 700 },
    { "1,000,000", 1, 100000000 },
    { "  12.30 ", 1, 1230 },                     /* padded: trimmed */
    { "999,999,999,999.99", 1, INT64_C(99999999999999) },   /* the largest */
    { "999999999999.99", 1, INT64_C(99999999999999) },
    { "-999,999,999,999.99", 1, -INT64_C(99999999999999) },
    { "1,000,000,000,000.00", 0, 0 },            /* one yuan above */
    { "1000000000000", 0, 0 },
    { "999999999999.991", 0, 0 },
    { "99999999999999999999999", 0, 0 },         /* would overflow int64 */
    { "1.234", 0, 0 },                           /* 3 decimals */
    { "1,23.00", 0, 0 },                         /* bad grouping */
    { "12,34", 0, 0 },
    { "1,2345", 0, 0 },
    { "1234,567", 0, 0 },                        /* first group too long */
    { ",123", 0, 0 },
    { "1,", 0, 0 },
    { "1,,234", 0, 0 },
    { "0,123", 0, 0 },
    { "abc", 0, 0 },
    { "", 0, 0 },
    { "1e3", 0, 0 },
    { "\xC2\xA5", 0, 0 },
    { "\xE5\x85\x83", 0, 0 },
    { "\xC2\xA5\xE5\x85\x83", 0, 0 },
    { "\xC2\xA5" "12\xE5\x85\x83", 0, 0 },       /* two currency marks */
    { "12\xE5\x85\x83\xE5\x85\x83", 0, 0 },
    { "1.", 0, 0 },
    { ".5", 0, 0 },
    { "-", 0, 0 },
    { "--3", 0, 0 },
    { "+3", 0, 0 },
    { "3-", 0, 0 },
    { "1 234", 0, 0 },
    { "12 \xE5\x85\x83", 0, 0 },
    { "1.2.3", 0, 0 },
    { "12$", 0, 0 },
    { "\xC2\xA5\xC2\xA5" "1", 0, 0 },
    { "1,234.5.0", 0, 0 },
};

struct bool_case {
    const char *in;   /* field text */
    int ok;           /* 1 when it must be accepted */
    int val;          /* value when accepted */
};

static const struct bool_case bool_cases[] = {
    { "\xE6\x98\xAF", 1, 1 },   /* 是 */
    { "\xE5\x90\xA6", 1, 0 },   /* 否 */
    { "Y", 1, 1 }, { "y", 1, 1 }, { "N", 1, 0 }, { "n", 1, 0 },
    { "yes", 1, 1 }, { "YES", 1, 1 }, { "Yes", 1, 1 },
    { "no", 1, 0 }, { "No", 1, 0 }, { "NO", 1, 0 },
    { "true", 1, 1 }, { "TRUE", 1, 1 }, { "True", 1, 1 },
    { "false", 1, 0 }, { "FALSE", 1, 0 },
    { "1", 1, 1 }, { "0", 1, 0 },
    { "\xE2\x88\x9A", 1, 1 },   /* √ */
    { "\xC3\x97", 1, 0 },       /* × */
    { "", 1, 0 },               /* empty is false */
    { "   ", 1, 0 },
    { " yes ", 1, 1 },
    { "2", 0, 0 }, { "00", 0, 0 }, { "01", 0, 0 }, { "-1", 0, 0 },
    { "ye", 0, 0 }, { "yess", 0, 0 }, { "t", 0, 0 }, { "f", 0, 0 },
    { "on", 0, 0 }, { "off", 0, 0 },
    { "\xE2\x9C\x93", 0, 0 },   /* ✓ is not listed */
    { "\xE2\x9C\x97", 0, 0 },   /* ✗ */
    { "x", 0, 0 }, { "X", 0, 0 },
    { "\xE6\x98\xAF\xE7\x9A\x84", 0, 0 },   /* 是的 */
    { "\xE4\xB8\x8D\xE6\x98\xAF", 0, 0 },   /* 不是 */
    { "y es", 0, 0 },
};

struct period_case {
    const char *in;     /* field text */
    int ok;             /* 1 when it must be accepted */
    const char *want;   /* canonical text when accepted */
    int weekly;         /* 1 for the ISO week form */
};

static const struct period_case period_cases[] = {
    { "2026-11", 1, "2026-11", 0 },
    { "2026-01", 1, "2026-01", 0 },
    { "2026-1", 1, "2026-01", 0 },
    { "2026/11", 1, "2026-11", 0 },
    { "2026.3", 1, "2026-03", 0 },
    { "2026\xE5\xB9\xB4" "11\xE6\x9C\x88", 1, "2026-11", 0 },   /* 2026年11月 */
    { "2026-12", 1, "2026-12", 0 },
    { " 2026-11 ", 1, "2026-11", 0 },
    { "1900-01", 1, "1900-01", 0 },
    { "2199-12", 1, "2199-12", 0 },
    { "2026-W05", 1, "2026-W05", 1 },
    { "2026-W5", 1, "2026-W05", 1 },
    { "2026-w05", 1, "2026-W05", 1 },
    { "2026-W01", 1, "2026-W01", 1 },
    { "2026-W53", 1, "2026-W53", 1 },   /* 2026 has 53 ISO weeks */
    { "2020-W53", 1, "2020-W53", 1 },
    { "2025-W52", 1, "2025-W52", 1 },
    { "2025-W53", 0, NULL, 0 },         /* 2025 has 52 */
    { "2027-W53", 0, NULL, 0 },
    { "2026-W54", 0, NULL, 0 },
    { "2026-W00", 0, NULL, 0 },
    { "2026-W0", 0, NULL, 0 },
    { "2026-W", 0, NULL, 0 },
    { "2026-W005", 0, NULL, 0 },
    { "2026W05", 0, NULL, 0 },
    { "2026-W05-1", 0, NULL, 0 },
    { "2026-00", 0, NULL, 0 },
    { "2026-13", 0, NULL, 0 },
    { "2026-011", 0, NULL, 0 },
    { "2026-11-01", 0, NULL, 0 },
    { "2026", 0, NULL, 0 },
    { "2026-", 0, NULL, 0 },
    { "1899-12", 0, NULL, 0 },
    { "2200-01", 0, NULL, 0 },
    { "1899-W52", 0, NULL, 0 },
    { "26-11", 0, NULL, 0 },
    { "2026-11\xE6\x9C\x88", 0, NULL, 0 },
    { "2026\xE5\xB9\xB4" "11", 0, NULL, 0 },
    { "", 0, NULL, 0 },
    { "2026-Q4", 0, NULL, 0 },
};

struct dur_case {
    const char *in;     /* policy text */
    int ok;             /* 1 when it must be accepted */
    int years, months, days;   /* expected calendar part */
    int64_t seconds;           /* expected time part */
    int workdays;              /* expected "N workdays" */
};

static const struct dur_case dur_cases[] = {
    { "PT15M", 1, 0, 0, 0, 900, 0 },
    { "P3D", 1, 0, 0, 3, 0, 0 },
    { "P1M", 1, 0, 1, 0, 0, 0 },
    { "P10Y", 1, 10, 0, 0, 0, 0 },
    { "P1Y6M", 1, 1, 6, 0, 0, 0 },
    { "PT1H30M", 1, 0, 0, 0, 5400, 0 },
    { "P2W", 1, 0, 0, 14, 0, 0 },
    { "P1DT12H", 1, 0, 0, 1, 43200, 0 },
    { "PT30S", 1, 0, 0, 0, 30, 0 },
    { "PT1H1M1S", 1, 0, 0, 0, 3661, 0 },
    { "PT48H", 1, 0, 0, 0, 172800, 0 },
    { "P0D", 1, 0, 0, 0, 0, 0 },
    { "P1Y2M3DT4H5M6S", 1, 1, 2, 3, 14706, 0 },
    { "P1W2D", 1, 0, 0, 9, 0, 0 },
    { "P999999D", 1, 0, 0, 999999, 0, 0 },
    { " P3D ", 1, 0, 0, 3, 0, 0 },
    { "3 workdays", 1, 0, 0, 0, 0, 3 },
    { "1 workday", 1, 0, 0, 0, 0, 1 },
    { "1 workdays", 1, 0, 0, 0, 0, 1 },
    { "3650 workdays", 1, 0, 0, 0, 0, 3650 },
    { "P", 0, 0, 0, 0, 0, 0 },
    { "PT", 0, 0, 0, 0, 0, 0 },
    { "P1DT", 0, 0, 0, 0, 0, 0 },
    { "15M", 0, 0, 0, 0, 0, 0 },
    { "P1.5D", 0, 0, 0, 0, 0, 0 },
    { "P1,5D", 0, 0, 0, 0, 0, 0 },
    { "PT0.5H", 0, 0, 0, 0, 0, 0 },
    { "P1H", 0, 0, 0, 0, 0, 0 },          /* hours need T */
    { "PT1D", 0, 0, 0, 0, 0, 0 },         /* days before T */
    { "PT1Y", 0, 0, 0, 0, 0, 0 },
    { "P1M1Y", 0, 0, 0, 0, 0, 0 },        /* out of order */
    { "P1D1D", 0, 0, 0, 0, 0, 0 },        /* repeated */
    { "PT1M1H", 0, 0, 0, 0, 0, 0 },
    { "P1DT1H1H", 0, 0, 0, 0, 0, 0 },
    { "P1DTT1H", 0, 0, 0, 0, 0, 0 },
    { "PD", 0, 0, 0, 0, 0, 0 },
    { "P1", 0, 0, 0, 0, 0, 0 },
    { "p3d", 0, 0, 0, 0, 0, 0 },
    { "-P3D", 0, 0, 0, 0, 0, 0 },
    { "P-3D", 0, 0, 0, 0, 0, 0 },
    { "P1000000D", 0, 0, 0, 0, 0, 0 },    /* more than 6 digits */
    { "P3D ", 1, 0, 0, 3, 0, 0 },
    { "P3 D", 0, 0, 0, 0, 0, 0 },
    { "P3DX", 0, 0, 0, 0, 0, 0 },
    { "", 0, 0, 0, 0, 0, 0 },
    { "0 workdays", 0, 0, 0, 0, 0, 0 },
    { "3651 workdays", 0, 0, 0, 0, 0, 0 },
    { "10000 workdays", 0, 0, 0, 0, 0, 0 },
    { "3 workday ", 1, 0, 0, 0, 0, 3 },
    { "3  workdays", 0, 0, 0, 0, 0, 0 },
    { "3workdays", 0, 0, 0, 0, 0, 0 },
    { "3 days", 0, 0, 0, 0, 0, 0 },
    { "3 workdayss", 0, 0, 0, 0, 0, 0 },
    { "-3 workdays", 0, 0, 0, 0, 0, 0 },
    { "workdays", 0, 0, 0, 0, 0, 0 },
};

/* Runs a string-valued parser table. */
static void run_str_cases(const char *name, const struct str_case *c, size_t n,
                          int (*fn)(const char *, char *), size_t outsz)
{
    char out[32], label[160];
    for (size_t i = 0; i < n; i++) {
        memset(out, 'X', sizeof out);
        int rc = fn(c[i].in, out);
        snprintf(label, sizeof label, "%s('%s')", name, c[i].in);
        T_EQ_INT(rc, c[i].ok ? 0 : -1, label);
        if (c[i].ok && rc == 0 && c[i].want) {
            T_EQ_STR(out, c[i].want, label);
            T_CHECK(out[outsz - 1] == '\0' && strlen(out) == outsz - 1,
                    "%s: output is %zu bytes", label, outsz - 1);
        }
        if (rc != 0)   /* a rejected value leaves out alone */
            T_CHECK(out[0] == 'X', "%s: out written on failure", label);
    }
}

static int date_fn(const char *s, char *out) { return val_date(s, out); }
static int time_fn(const char *s, char *out) { return val_time(s, out); }
static int datetime_fn(const char *s, char *out) { return val_datetime(s, out); }

static void test_parsers_str(void)
{
    run_str_cases("val_date", date_cases, N(date_cases), date_fn, 11);
    run_str_cases("val_time", time_cases, N(time_cases), time_fn, 9);
    run_str_cases("val_datetime", datetime_cases, N(datetime_cases), datetime_fn, 20);
}

static void test_money(void)
{
    char label[160];
    for (size_t i = 0; i < N(money_cases); i++) {
        const struct money_case *c = &money_cases[i];
        int64_t fen = 12345;
        int rc = val_money(c->in, &fen);
        snprintf(label, sizeof label, "val_money('%s')", c->in);
        T_EQ_INT(rc, c->ok ? 0 : -1, label);
        if (c->ok) T_EQ_INT(fen, c->fen, label);
        else T_EQ_INT(fen, 12345, label);   /* untouched on failure */
    }
    T_EQ_INT(val_money(NULL, &(int64_t){0}), -1, "val_money(NULL)");
}

static void test_bool(void)
{
    char label[160];
    for (size_t i = 0; i < N(bool_cases); i++) {
        const struct bool_case *c = &bool_cases[i];
        int v = 7;
        int rc = val_bool(c->in, &v);
        snprintf(label, sizeof label, "val_bool('%s')", c->in);
        T_EQ_INT(rc, c->ok ? 0 : -1, label);
        T_EQ_INT(v, c->ok ? c->val : 7, label);
    }
    int v = 7;
    T_EQ_INT(val_bool(NULL, &v), 0, "val_bool(NULL) is empty");
    T_EQ_INT(v, 0, "val_bool(NULL) is false");
}

static void test_period(void)
{
    char label[160];
    for (size_t i = 0; i < N(period_cases); i++) {
        const struct period_case *c = &period_cases[i];
        char out[9] = "XXXXXXXX";
        int weekly = 7;
        int rc = val_period(c->in, out, &weekly);
        snprintf(label, sizeof label, "val_period('%s')", c->in);
        T_EQ_INT(rc, c->ok ? 0 : -1, label);
        if (c->ok) {
            T_EQ_STR(out, c->want, label);
            T_EQ_INT(weekly, c->weekly, label);
        } else {
            T_EQ_INT(weekly, 7, label);
        }
    }
    /* W53 exists exactly in the years whose 28 December is in week 53. */
    int bad = 0;
    for (int y = 1900; y <= 2199; y++) {
        char s[16], out[9];
        int weekly, iy, w;
        snprintf(s, sizeof s, "%d-W53", y);
        val_iso_week(val_days_ymd(y, 12, 28), &iy, &w);
        if ((val_period(s, out, &weekly) == 0) != (w == 53)) bad++;
        snprintf(s, sizeof s, "%d-W52", y);
        if (val_period(s, out, &weekly) != 0) bad++;
    }
    T_EQ_INT(bad, 0, "val_period W52/W53 over 1900..2199");
}

static void test_duration(void)
{
    char label[160];
    for (size_t i = 0; i < N(dur_cases); i++) {
        const struct dur_case *c = &dur_cases[i];
        val_duration d = { 9, 9, 9, 9, 9 };
        int rc = val_duration_parse(c->in, &d);
        snprintf(label, sizeof label, "val_duration_parse('%s')", c->in);
        T_EQ_INT(rc, c->ok ? 0 : -1, label);
        if (c->ok) {
            T_CHECK(d.years == c->years && d.months == c->months &&
                    d.days == c->days && d.seconds == c->seconds &&
                    d.workdays == c->workdays,
                    "%s: got Y%d M%d D%d S%lld W%d", label, d.years, d.months,
                    d.days, (long long)d.seconds, d.workdays);
        } else {
            T_CHECK(d.years == 9 && d.workdays == 9, "%s: d written on failure", label);
        }
    }
}

/* ---- calendar arithmetic ------------------------------------------- */

struct day_case {
    const char *date;   /* canonical date */
    int32_t days;       /* days since 1970-01-01 */
    int weekday;        /* ISO 1 = Monday */
    int iso_year, week; /* ISO week */
};

static const struct day_case day_cases[] = {
    { "1970-01-01", 0, 4, 1970, 1 },
    { "1969-12-31", -1, 3, 1970, 1 },
    { "1900-01-01", -25567, 1, 1900, 1 },
    { "2000-02-29", 11016, 2, 2000, 9 },
    { "2000-03-01", 11017, 3, 2000, 9 },
    { "2024-02-29", 19782, 4, 2024, 9 },
    { "2026-11-26", 20783, 4, 2026, 48 },   /* a Thursday */
    { "2199-12-31", 84005, 2, 2200, 1 },
    { "1600-03-01", -135080, 3, 1600, 9 },
    { "0001-01-01", -719162, 1, 1, 1 },
    /* ISO weeks around year ends */
    { "2026-01-01", 20454, 4, 2026, 1 },    /* Thursday: week 1 */
    { "2027-01-01", 20819, 5, 2026, 53 },   /* Friday: last week of 2026 */
    { "2026-12-31", 20818, 4, 2026, 53 },
    { "2024-12-30", 20087, 1, 2025, 1 },
    { "2025-12-29", 20451, 1, 2026, 1 },
    { "2020-12-31", 18627, 4, 2020, 53 },
    { "2021-01-03", 18630, 7, 2020, 53 },
    { "2021-01-04", 18631, 1, 2021, 1 },
    { "2015-12-31", 16800, 4, 2015, 53 },
    { "2016-01-03", 16803, 7, 2015, 53 },
    { "2008-12-29", 14242, 1, 2009, 1 },
    { "2010-01-03", 14612, 7, 2009, 53 },
};

static void test_days(void)
{
    char label[80], out[11];
    for (size_t i = 0; i < N(day_cases); i++) {
        const struct day_case *c = &day_cases[i];
        int y, m, d, iy, w;
        snprintf(label, sizeof label, "days(%s)", c->date);
        T_EQ_INT(val_days(c->date), c->days, label);
        val_days_str(c->days, out);
        T_EQ_STR(out, c->date, label);
        T_EQ_INT(sscanf(c->date, "%d-%d-%d", &y, &m, &d), 3, label);
        T_EQ_INT(val_days_ymd(y, m, d), c->days, label);
        int yy, mm, dd;
        val_ymd(c->days, &yy, &mm, &dd);
        T_CHECK(yy == y && mm == m && dd == d, "%s: val_ymd %d-%d-%d", label, yy, mm, dd);
        T_EQ_INT(val_weekday(c->days), c->weekday, label);
        val_iso_week(c->days, &iy, &w);
        T_CHECK(iy == c->iso_year && w == c->week, "%s: ISO week %d-W%02d, want %d-W%02d",
                label, iy, w, c->iso_year, c->week);
    }
}

static void test_iso_week_monday(void)
{
    static const struct {
        int iso_year, week;   /* ISO week */
        const char *monday;   /* its Monday */
    } cases[] = {
        { 2026, 1, "2025-12-29" }, { 2026, 53, "2026-12-28" },
        { 2020, 53, "2020-12-28" }, { 2025, 1, "2024-12-30" },
        { 2026, 48, "2026-11-23" }, { 2015, 53, "2015-12-28" },
        { 2021, 1, "2021-01-04" }, { 1900, 1, "1900-01-01" },
    };
    char out[11], label[64];
    for (size_t i = 0; i < N(cases); i++) {
        snprintf(label, sizeof label, "val_iso_week_monday(%d, %d)",
                 cases[i].iso_year, cases[i].week);
        val_days_str(val_iso_week_monday(cases[i].iso_year, cases[i].week), out);
        T_EQ_STR(out, cases[i].monday, label);
    }
}

static void test_month_days(void)
{
    static const struct {
        int y, m, n;   /* year, month, its length */
    } cases[] = {
        { 2026, 1, 31 }, { 2026, 2, 28 }, { 2026, 3, 31 }, { 2026, 4, 30 },
        { 2026, 5, 31 }, { 2026, 6, 30 }, { 2026, 7, 31 }, { 2026, 8, 31 },
        { 2026, 9, 30 }, { 2026, 10, 31 }, { 2026, 11, 30 }, { 2026, 12, 31 },
        { 2024, 2, 29 }, { 2000, 2, 29 }, { 1900, 2, 28 }, { 2100, 2, 28 },
        { 2028, 2, 29 }, { 2199, 2, 28 }, { 2196, 2, 29 },
    };
    char label[64];
    for (size_t i = 0; i < N(cases); i++) {
        snprintf(label, sizeof label, "val_month_days(%d, %d)", cases[i].y, cases[i].m);
        T_EQ_INT(val_month_days(cases[i].y, cases[i].m), cases[i].n, label);
    }
}

static void test_add_months(void)
{
    static const struct {
        const char *from;   /* start day */
        int n;              /* months to add */
        const char *want;   /* result */
    } cases[] = {
        { "2026-01-31", 1, "2026-02-28" },
        { "2024-01-31", 1, "2024-02-29" },
        { "2026-03-31", -1, "2026-02-28" },
        { "2024-03-31", -1, "2024-02-29" },
        { "2026-01-31", 2, "2026-03-31" },
        { "2026-01-31", 3, "2026-04-30" },
        { "2026-05-31", -1, "2026-04-30" },
        { "2026-11-26", 0, "2026-11-26" },
        { "2026-11-26", 1, "2026-12-26" },
        { "2026-12-15", 1, "2027-01-15" },
        { "2026-01-15", -1, "2025-12-15" },
        { "2026-01-15", -12, "2025-01-15" },
        { "2026-01-15", -13, "2024-12-15" },
        { "2026-01-15", 24, "2028-01-15" },
        { "2024-02-29", 12, "2025-02-28" },
        { "2024-02-29", 48, "2028-02-29" },
        { "2024-02-29", -12, "2023-02-28" },
        { "2016-02-29", 120, "2026-02-28" },   /* P10Y on a leap day */
        { "2026-08-31", 6, "2027-02-28" },
        { "1900-01-31", 1, "1900-02-28" },
        { "2000-01-31", 1, "2000-02-29" },
        { "1970-01-15", -1, "1969-12-15" },
        { "1969-12-31", -10, "1969-02-28" },
    };
    char out[11], label[64];
    for (size_t i = 0; i < N(cases); i++) {
        snprintf(label, sizeof label, "val_add_months(%s, %d)", cases[i].from, cases[i].n);
        val_days_str(val_add_months(val_days(cases[i].from), cases[i].n), out);
        T_EQ_STR(out, cases[i].want, label);
    }
}

static void test_secs(void)
{
    static const struct {
        const char *dt;     /* canonical datetime (or date) */
        int64_t secs;       /* seconds since 1970-01-01 00:00:00 */
        const char *back;   /* val_secs_str of secs */
    } cases[] = {
        { "1970-01-01 00:00:00", 0, "1970-01-01 00:00:00" },
        { "1970-01-01", 0, "1970-01-01 00:00:00" },
        { "1969-12-31 23:59:59", -1, "1969-12-31 23:59:59" },
        { "1969-12-31", -86400, "1969-12-31 00:00:00" },
        { "2026-11-26 08:05:30", INT64_C(1795680330), "2026-11-26 08:05:30" },
        { "2026-11-26", INT64_C(1795651200), "2026-11-26 00:00:00" },
        { "1900-01-01 00:00:00", -INT64_C(2208988800), "1900-01-01 00:00:00" },
        { "2199-12-31 23:59:59", INT64_C(7258118399), "2199-12-31 23:59:59" },
        { "2024-02-29 12:00:00", INT64_C(1709208000), "2024-02-29 12:00:00" },
    };
    char out[20], label[64];
    for (size_t i = 0; i < N(cases); i++) {
        snprintf(label, sizeof label, "val_secs(%s)", cases[i].dt);
        T_EQ_INT(val_secs(cases[i].dt), cases[i].secs, label);
        val_secs_str(cases[i].secs, out);
        T_EQ_STR(out, cases[i].back, label);
    }
    static const struct {
        const char *t;   /* canonical time */
        int32_t tod;     /* seconds since midnight */
    } tods[] = {
        { "00:00:00", 0 }, { "08:05:30", 29130 }, { "23:59:59", 86399 },
        { "12:00:00", 43200 },
    };
    for (size_t i = 0; i < N(tods); i++) {
        snprintf(label, sizeof label, "val_tod(%s)", tods[i].t);
        T_EQ_INT(val_tod(tods[i].t), tods[i].tod, label);
    }
    /* Parsed values feed the arithmetic: a parse then val_secs. */
    char dt[20];
    T_EQ_INT(val_datetime("2026/11/26 8:05", dt), 0, "parse for val_secs");
    T_EQ_INT(val_secs(dt), INT64_C(1795680300), "val_secs of a parsed datetime");
}

static void test_add_duration(void)
{
    static const struct {
        const char *from;   /* canonical datetime */
        const char *dur;    /* duration text */
        const char *want;   /* result */
    } cases[] = {
        { "2026-01-31 00:00:00", "P1M", "2026-02-28 00:00:00" },
        { "2024-01-31 09:30:00", "P1M", "2024-02-29 09:30:00" },
        { "2026-11-26 08:00:00", "PT15M", "2026-11-26 08:15:00" },
        { "2026-11-26 23:50:00", "PT15M", "2026-11-27 00:05:00" },
        { "2026-12-31 12:00:00", "P1DT12H", "2027-01-02 00:00:00" },
        { "2026-11-26 08:00:00", "P3D", "2026-11-29 08:00:00" },
        { "2026-11-26 08:00:00", "P2W", "2026-12-10 08:00:00" },
        { "2016-02-29 00:00:00", "P10Y", "2026-02-28 00:00:00" },
        { "2024-08-31 00:00:00", "P1Y6M", "2026-02-28 00:00:00" },
        /* months first, then days: Jan 31 + P1M1D = Feb 28 + 1 = Mar 1 */
        { "2026-01-31 00:00:00", "P1M1D", "2026-03-01 00:00:00" },
        { "2026-02-28 22:00:00", "PT2H", "2026-03-01 00:00:00" },
        { "2024-02-28 22:00:00", "PT2H", "2024-02-29 00:00:00" },
        { "1969-12-31 23:00:00", "PT1H30M", "1970-01-01 00:30:00" },
        { "2026-11-26 08:00:00", "P0D", "2026-11-26 08:00:00" },
    };
    char out[20], label[96];
    for (size_t i = 0; i < N(cases); i++) {
        val_duration d;
        snprintf(label, sizeof label, "%s + %s", cases[i].from, cases[i].dur);
        T_EQ_INT(val_duration_parse(cases[i].dur, &d), 0, label);
        val_secs_str(val_add_duration(val_secs(cases[i].from), &d), out);
        T_EQ_STR(out, cases[i].want, label);
    }
}

static void test_fen_str(void)
{
    static const struct {
        int64_t fen;        /* amount */
        const char *want;   /* text */
    } cases[] = {
        { 123450, "1,234.50" }, { -50, "-0.50" }, { 0, "0.00" },
        { 100000000, "1,000,000.00" }, { 1, "0.01" }, { -1, "-0.01" },
        { 99, "0.99" }, { 100, "1.00" }, { 99999, "999.99" },
        { 100000, "1,000.00" }, { -100000, "-1,000.00" },
        { 12345678, "123,456.78" }, { 123456789, "1,234,567.89" },
        { INT64_C(99999999999999), "999,999,999,999.99" },
        { INT64_MAX, "92,233,720,368,547,758.07" },
        { INT64_MIN, "-92,233,720,368,547,758.08" },
    };
    char out[32], label[64];
    for (size_t i = 0; i < N(cases); i++) {
        snprintf(label, sizeof label, "val_fen_str(%lld)", (long long)cases[i].fen);
        val_fen_str(cases[i].fen, out, sizeof out);
        T_EQ_STR(out, cases[i].want, label);
    }
    /* A short buffer gets a truncated, terminated string and nothing beyond. */
    char small[8];
    memset(small, 'Z', sizeof small);
    val_fen_str(123456789, small, 5);
    T_EQ_STR(small, "1,23", "val_fen_str truncated");
    T_EQ_INT(small[5], 'Z', "val_fen_str writes no further than outsz");
    /* Every parsed amount prints back to a text that parses to the same. */
    int bad = 0;
    for (size_t i = 0; i < N(money_cases); i++) {
        int64_t a, b;
        if (!money_cases[i].ok || val_money(money_cases[i].in, &a) != 0) continue;
        val_fen_str(a, out, sizeof out);
        if (val_money(out, &b) != 0 || a != b) bad++;
    }
    T_EQ_INT(bad, 0, "val_fen_str / val_money round trip");
}

/* Walks every day of 1900..2199 and checks the functions against each
 * other: day numbers are consecutive, text round-trips through the parser,
 * weekdays cycle, ISO weeks advance on Mondays and invert. */
static void test_sweep(void)
{
    int32_t first = val_days_ymd(1900, 1, 1), last = val_days_ymd(2199, 12, 31);
    int bad_text = 0, bad_ymd = 0, bad_wd = 0, bad_week = 0, bad_secs = 0;
    int prev_y = 1899, prev_m = 12, prev_d = 31;
    int prev_iy = 1900, prev_w = 1;
    for (int32_t n = first; n <= last; n++) {
        char s[11], p[11], st[20];
        int y, m, d, iy, w;
        val_days_str(n, s);
        if (val_date(s, p) != 0 || strcmp(s, p) != 0 || val_days(s) != n) bad_text++;
        val_ymd(n, &y, &m, &d);
        int next_day = (y == prev_y && m == prev_m && d == prev_d + 1) ||
                       (y == prev_y && m == prev_m + 1 && d == 1 &&
                        prev_d == val_month_days(prev_y, prev_m)) ||
                       (y == prev_y + 1 && m == 1 && d == 1 && prev_m == 12 && prev_d == 31);
        if (!next_day || val_days_ymd(y, m, d) != n) bad_ymd++;
        prev_y = y, prev_m = m, prev_d = d;
        int wd = val_weekday(n);
        if (wd < 1 || wd > 7 || val_weekday(n + 1) != wd % 7 + 1) bad_wd++;
        val_iso_week(n, &iy, &w);
        if (n > first) {
            int ok = wd == 1 ? ((iy == prev_iy && w == prev_w + 1) ||
                                (iy == prev_iy + 1 && w == 1 && prev_w >= 52))
                             : (iy == prev_iy && w == prev_w);
            if (!ok) bad_week++;
        }
        if (val_iso_week_monday(iy, w) != n - (wd - 1)) bad_week++;
        prev_iy = iy, prev_w = w;
        val_secs_str((int64_t)n * 86400 + 86399, st);
        if (strncmp(st, s, 10) != 0 || strcmp(st + 10, " 23:59:59") != 0 ||
            val_secs(st) != (int64_t)n * 86400 + 86399)
            bad_secs++;
    }
    T_EQ_INT(bad_text, 0, "sweep: val_days_str / val_date / val_days");
    T_EQ_INT(bad_ymd, 0, "sweep: consecutive days");
    T_EQ_INT(bad_wd, 0, "sweep: weekdays cycle");
    T_EQ_INT(bad_week, 0, "sweep: ISO weeks");
    T_EQ_INT(bad_secs, 0, "sweep: seconds round trip");
    /* Every second of one day round-trips. */
    int bad = 0;
    int64_t base = val_secs("2026-11-26");
    for (int64_t t = base - 3600; t < base + 86400 + 3600; t++) {
        char st[20];
        val_secs_str(t, st);
        if (val_secs(st) != t) bad++;
    }
    T_EQ_INT(bad, 0, "seconds round trip across midnight");
}

/* The as-of day (util_last_complete_day): yesterday in the policy's zone,
 * whatever TZ the machine has, which is restored afterwards. */
static void test_last_complete_day(void)
{
    static const struct {
        const char *tz;
        long long t;        /* seconds since the epoch */
        const char *want;   /* the last complete day, or "" for an error */
        const char *label;
    } cases[] = {
        { "Asia/Shanghai", 1796059800, "2026-11-30", "01:30 on 12-01 in Shanghai: the month just ended" },
        { "Asia/Shanghai", 1796054400, "2026-11-30", "midnight opening 12-01: 11-30 is complete" },
        { "Asia/Shanghai", 1796054399, "2026-11-29", "23:59:59 on 11-30: 11-30 is not complete yet" },
        { "Asia/Shanghai", 1767202200, "2025-12-31", "01:30 on New Year's Day: the year before" },
        { NULL, 1796059800, "2026-11-30", "no zone given: Asia/Shanghai" },
        { "UTC", 1796059800, "2026-11-29", "the same instant in UTC is still 11-30" },
        { "America/New_York", 1772343000, "2026-02-28", "00:30 on 03-01 in New York: 02-28" },
        { "Asia/Shanghai (UTC+8)", 1796059800, "", "free text is no zone name" },
        { "../etc/passwd", 1796059800, "", "a path is no zone name" },
        { "Mars/Olympus_Mons", 1796059800, "", "an unknown zone" },
    };
    setenv("TZ", "America/Los_Angeles", 1);   /* the machine's zone must not matter */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char day[11] = "";
        kerr e;
        kerr_clear(&e);
        int rc = util_last_complete_day(cases[i].tz, (time_t)cases[i].t, day, &e);
        if (cases[i].want[0]) {
            T_EQ_INT(rc, 0, cases[i].label);
            T_EQ_STR(day, cases[i].want, cases[i].label);
        } else {
            T_EQ_INT(rc, -1, cases[i].label);
            T_CHECK(strstr(e.msg, cases[i].tz) != NULL, "%s: message names the zone: %s", cases[i].label, e.msg);
        }
    }
    T_EQ_STR(getenv("TZ"), "America/Los_Angeles", "the machine's TZ is restored");
    char now[20];
    kerr e;
    T_EQ_INT(util_local_time("Asia/Shanghai", 1796059800, now, &e), 0, "local time");
    T_EQ_STR(now, "2026-12-01 01:30:00", "local time in Shanghai");
    unsetenv("TZ");
    time_t t;
    setenv("SOURCE_DATE_EPOCH", "1796059800", 1);
    T_EQ_INT(util_clock(&t, 0), 1, "SOURCE_DATE_EPOCH is the clock");
    T_EQ_INT(t, 1796059800, "SOURCE_DATE_EPOCH's time");
    T_EQ_INT(util_clock(&t, 1), 0, "the real clock ignores SOURCE_DATE_EPOCH");
    T_CHECK(t != 1796059800, "the real clock is not SOURCE_DATE_EPOCH");
    setenv("SOURCE_DATE_EPOCH", "12ab", 1);
    T_EQ_INT(util_clock(&t, 0), 0, "an invalid SOURCE_DATE_EPOCH is ignored");
    unsetenv("SOURCE_DATE_EPOCH");
}

int main(void)
{
    test_parsers_str();
    test_money();
    test_bool();
    test_period();
    test_duration();
    test_days();
    test_iso_week_monday();
    test_month_days();
    test_add_months();
    test_secs();
    test_add_duration();
    test_fen_str();
    test_sweep();
    test_last_complete_day();
    return t_done();
}
