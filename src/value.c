/* value.c — the value formats of SPEC §4 (dates, times, datetimes, money,
 * booleans, report periods, policy durations) and the calendar arithmetic
 * the rules engines use.
 *
 * Parsers work on a byte range [p, e) after leading and trailing ASCII
 * spaces have been dropped (exports pad typed cells; see value.h). They
 * read ASCII digits only ('0'..'9', never isdigit(), which depends on the
 * locale), never allocate and never use floating point: money is
 * accumulated in integer fen with a bound checked before every step.
 *
 * Day numbers are days since 1970-01-01 in the proleptic Gregorian calendar.
 * The conversion counts in 400-year eras that start on 1 March, so that the
 * leap day is the last day of its "year" and each month's first day is a
 * linear function of its index (the method described by Howard Hinnant in
 * "chrono-Compatible Low-Level Date Algorithms"); division is floored
 * explicitly so negative day numbers work too. */
#include "value.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define YEAR_MIN 1900          /* value.h: dates outside 1900..2199 are errors */
#define YEAR_MAX 2199
#define MONEY_MAX_FEN INT64_C(99999999999999)  /* 999,999,999,999.99 yuan */
#define DUR_DIGITS 6           /* per ISO duration component (999999 at most) */
#define WORKDAYS_MAX 3650      /* ten years of work days is more than any deadline */
#define SECS_PER_DAY INT64_C(86400)

/* UTF-8 spellings of the non-ASCII marks the formats use. */
#define U_YEN_HALF "\xC2\xA5"       /* ¥ U+00A5 */
#define U_YEN_FULL "\xEF\xBF\xA5"   /* ￥ U+FFE5 */
#define U_YUAN     "\xE5\x85\x83"   /* 元 */
#define U_NIAN     "\xE5\xB9\xB4"   /* 年 */
#define U_YUE      "\xE6\x9C\x88"   /* 月 */
#define U_RI       "\xE6\x97\xA5"   /* 日 */
#define U_SHI      "\xE6\x98\xAF"   /* 是 */
#define U_FOU      "\xE5\x90\xA6"   /* 否 */
#define U_CHECK    "\xE2\x88\x9A"   /* √ U+221A */
#define U_TIMES    "\xC3\x97"       /* × U+00D7 */

/* ------------------------------------------------------------------ */
/* small scanning helpers                                              */

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Sets *p and *e to the text of s without leading and trailing ASCII
 * spaces. A NULL s is the empty string. */
static void trim(const char *s, const char **p, const char **e)
{
    if (!s) s = "";
    const char *b = s, *t = s + strlen(s);
    while (b < t && *b == ' ') b++;
    while (t > b && t[-1] == ' ') t--;
    *p = b;
    *e = t;
}

/* Reads between min and max ASCII digits at *p (not past e) into *v and
 * advances *p. Returns 0, or -1 when fewer than min digits are there or
 * more than max follow (the digit run must end within max). */
static int digits(const char **p, const char *e, int min, int max, int *v)
{
    const char *q = *p;
    int n = 0, x = 0;
    while (q < e && is_digit(*q)) {
        if (n == max) return -1;
        x = x * 10 + (*q - '0');
        q++;
        n++;
    }
    if (n < min) return -1;
    *p = q;
    *v = x;
    return 0;
}

/* If the bytes at *p (not past e) start with the string w, advances *p
 * past it and returns 1; otherwise returns 0. */
static int lit(const char **p, const char *e, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(e - *p) < n || memcmp(*p, w, n) != 0) return 0;
    *p += n;
    return 1;
}

/* Case-insensitive equality of the range [p, e) and the lower-case ASCII
 * word w. */
static int word_ieq(const char *p, const char *e, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(e - p) != n) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c != w[i]) return 0;
    }
    return 1;
}

/* Floored division and its remainder, for negative day and second counts. */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
    return q;
}

/* Writes v (0 <= v < 10^width) as exactly `width` digits at out. */
static void put_digits(char *out, int width, int v)
{
    for (int i = width - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

/* ------------------------------------------------------------------ */
/* parsers                                                             */

/* Parses a date occupying exactly [p, e); fills y, m, d. */
static int parse_date(const char *p, const char *e, int *y, int *m, int *d)
{
    if (digits(&p, e, 4, 4, y) < 0) return -1;
    if (p < e && (*p == '-' || *p == '/' || *p == '.')) {
        char sep = *p++;
        if (digits(&p, e, 1, 2, m) < 0) return -1;
        if (p >= e || *p != sep) return -1;   /* one separator throughout */
        p++;
        if (digits(&p, e, 1, 2, d) < 0) return -1;
    } else if (lit(&p, e, U_NIAN)) {
        if (digits(&p, e, 1, 2, m) < 0 || !lit(&p, e, U_YUE)) return -1;
        if (digits(&p, e, 1, 2, d) < 0 || !lit(&p, e, U_RI)) return -1;
    } else {
        return -1;
    }
    if (p != e) return -1;
    if (*y < YEAR_MIN || *y > YEAR_MAX || *m < 1 || *m > 12) return -1;
    if (*d < 1 || *d > val_month_days(*y, *m)) return -1;
    return 0;
}

/* Parses a time occupying exactly [p, e); fills h, mi, s. */
static int parse_time(const char *p, const char *e, int *h, int *mi, int *s)
{
    *s = 0;
    if (digits(&p, e, 1, 2, h) < 0) return -1;
    if (p >= e || *p++ != ':') return -1;
    if (digits(&p, e, 2, 2, mi) < 0) return -1;
    if (p < e && *p == ':') {
        p++;
        if (digits(&p, e, 2, 2, s) < 0) return -1;
    }
    if (p != e) return -1;
    if (*h > 23 || *mi > 59 || *s > 59) return -1;
    return 0;
}

static void fmt_date(char out[11], int y, int m, int d)
{
    put_digits(out, 4, y);
    out[4] = '-';
    put_digits(out + 5, 2, m);
    out[7] = '-';
    put_digits(out + 8, 2, d);
    out[10] = '\0';
}

static void fmt_time(char out[9], int h, int mi, int s)
{
    put_digits(out, 2, h);
    out[2] = ':';
    put_digits(out + 3, 2, mi);
    out[5] = ':';
    put_digits(out + 6, 2, s);
    out[8] = '\0';
}

int val_date(const char *s, char out[11])
{
    const char *p, *e;
    int y, m, d;
    trim(s, &p, &e);
    if (parse_date(p, e, &y, &m, &d) < 0) return -1;
    fmt_date(out, y, m, d);
    return 0;
}

int val_time(const char *s, char out[9])
{
    const char *p, *e;
    int h, mi, sec;
    trim(s, &p, &e);
    if (parse_time(p, e, &h, &mi, &sec) < 0) return -1;
    fmt_time(out, h, mi, sec);
    return 0;
}

int val_datetime(const char *s, char out[20])
{
    const char *p, *e, *sep;
    int y, m, d, h, mi, sec;
    trim(s, &p, &e);
    /* No date form contains a space or 'T', so the first one separates. */
    for (sep = p; sep < e && *sep != ' ' && *sep != 'T'; sep++)
        ;
    if (sep == e) return -1;
    if (parse_date(p, sep, &y, &m, &d) < 0) return -1;
    if (parse_time(sep + 1, e, &h, &mi, &sec) < 0) return -1;
    fmt_date(out, y, m, d);
    out[10] = ' ';
    fmt_time(out + 11, h, mi, sec);
    return 0;
}

int val_money(const char *s, int64_t *fen)
{
    const char *p, *e;
    int neg = 0, cur = 0;
    int64_t v = 0;
    trim(s, &p, &e);
    /* Sign and currency mark in either order: -¥3, ¥-3. */
    for (int i = 0; i < 2; i++) {
        if (!neg && p < e && *p == '-') {
            neg = 1;
            p++;
        } else if (!cur && (lit(&p, e, U_YEN_HALF) || lit(&p, e, U_YEN_FULL))) {
            cur = 1;
        }
    }
    /* Integer part: plain digits, or 1-3 digits then groups ",ddd". */
    const char *ib = p;
    while (p < e && is_digit(*p)) {
        v = v * 10 + (*p - '0');
        if (v > MONEY_MAX_FEN / 100) return -1;
        p++;
    }
    if (p == ib) return -1;
    if (p < e && *p == ',') {
        if (p - ib > 3 || *ib == '0') return -1;
        while (p < e && *p == ',') {
            p++;
            for (int k = 0; k < 3; k++, p++) {
                if (p >= e || !is_digit(*p)) return -1;
                v = v * 10 + (*p - '0');
            }
            if (v > MONEY_MAX_FEN / 100) return -1;
        }
        if (p < e && is_digit(*p)) return -1;   /* a group of 4+ digits */
    }
    v *= 100;
    if (p < e && *p == '.') {
        p++;
        if (p >= e || !is_digit(*p)) return -1;
        v += (*p++ - '0') * 10;
        if (p < e && is_digit(*p)) v += *p++ - '0';
        if (p < e && is_digit(*p)) return -1;   /* more than 2 decimals */
    }
    if (!cur) lit(&p, e, U_YUAN);
    if (p != e) return -1;
    if (v > MONEY_MAX_FEN) return -1;
    *fen = neg ? -v : v;
    return 0;
}

int val_bool(const char *s, int *out)
{
    static const struct {
        const char *word;   /* lower-case spelling */
        int value;          /* what it means */
    } words[] = {
        { U_SHI, 1 }, { U_FOU, 0 }, { "y", 1 }, { "n", 0 },
        { "yes", 1 }, { "no", 0 }, { "true", 1 }, { "false", 0 },
        { "1", 1 }, { "0", 0 }, { U_CHECK, 1 }, { U_TIMES, 0 },
    };
    const char *p, *e;
    trim(s, &p, &e);
    if (p == e) {
        *out = 0;
        return 0;
    }
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (word_ieq(p, e, words[i].word)) {
            *out = words[i].value;
            return 0;
        }
    }
    return -1;
}

/* Number of ISO weeks (52 or 53) in ISO year y: 28 December is always in
 * the last week. */
static int iso_weeks_in_year(int y)
{
    int iy, w;
    val_iso_week(val_days_ymd(y, 12, 28), &iy, &w);
    return w;
}

int val_period(const char *s, char out[9], int *weekly)
{
    const char *p, *e;
    int y, n;
    trim(s, &p, &e);
    if (digits(&p, e, 4, 4, &y) < 0) return -1;
    if (y < YEAR_MIN || y > YEAR_MAX) return -1;
    if (p < e && *p == '-' && p + 1 < e && (p[1] == 'W' || p[1] == 'w')) {
        p += 2;
        if (digits(&p, e, 1, 2, &n) < 0 || p != e) return -1;
        if (n < 1 || n > iso_weeks_in_year(y)) return -1;
        put_digits(out, 4, y);
        out[4] = '-';
        out[5] = 'W';
        put_digits(out + 6, 2, n);
        out[8] = '\0';
        *weekly = 1;
        return 0;
    }
    if (p < e && (*p == '-' || *p == '/' || *p == '.')) {
        p++;
        if (digits(&p, e, 1, 2, &n) < 0) return -1;
    } else if (lit(&p, e, U_NIAN)) {
        if (digits(&p, e, 1, 2, &n) < 0 || !lit(&p, e, U_YUE)) return -1;
    } else {
        return -1;
    }
    if (p != e || n < 1 || n > 12) return -1;
    put_digits(out, 4, y);
    out[4] = '-';
    put_digits(out + 5, 2, n);
    out[7] = '\0';
    *weekly = 0;
    return 0;
}

/* Parses "N workday(s)" occupying [p, e). */
static int parse_workdays(const char *p, const char *e, val_duration *d)
{
    int n;
    if (digits(&p, e, 1, 4, &n) < 0) return -1;
    if (!lit(&p, e, " workday")) return -1;
    lit(&p, e, "s");
    if (p != e || n < 1 || n > WORKDAYS_MAX) return -1;
    d->workdays = n;
    return 0;
}

/* Stores component n with designator c into r; time says whether it came
 * after the 'T'. */
static void dur_set(val_duration *r, int time, char c, int n)
{
    if (!time) {
        switch (c) {
        case 'Y': r->years = n; break;
        case 'M': r->months = n; break;
        case 'W': r->days += 7 * n; break;
        default:  r->days += n; break;            /* 'D' */
        }
    } else {
        switch (c) {
        case 'H': r->seconds += (int64_t)n * 3600; break;
        case 'M': r->seconds += (int64_t)n * 60; break;
        default:  r->seconds += n; break;         /* 'S' */
        }
    }
}

int val_duration_parse(const char *s, val_duration *d)
{
    /* Designators in the order ISO 8601 requires, before and after 'T'. */
    static const char *const des[2] = { "YMWD", "HMS" };
    const char *p, *e;
    val_duration r;
    int any = 0;
    memset(&r, 0, sizeof r);
    trim(s, &p, &e);
    if (p < e && is_digit(*p)) {
        if (parse_workdays(p, e, &r) < 0) return -1;
        *d = r;
        return 0;
    }
    if (p >= e || *p++ != 'P') return -1;
    for (int part = 0; part < 2; part++) {
        int next = 0, count = 0;
        if (part == 1) {
            if (p == e) break;
            if (*p++ != 'T') return -1;
        }
        while (p < e && *p != 'T') {
            int n;
            /* At most DUR_DIGITS digits: no fractions, and sums stay far
             * from overflow (7 * 999999 days). */
            if (digits(&p, e, 1, DUR_DIGITS, &n) < 0 || p >= e) return -1;
            while (des[part][next] && des[part][next] != *p) next++;
            if (!des[part][next]) return -1;   /* unknown, repeated or out of order */
            dur_set(&r, part, *p, n);
            next++;
            p++;
            count++;
        }
        if (part == 1 && count == 0) return -1;  /* "PT", "P1DT" */
        any += count;
    }
    if (p != e || !any) return -1;
    *d = r;
    return 0;
}

/* ------------------------------------------------------------------ */
/* calendar arithmetic                                                 */

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int val_month_days(int y, int m)
{
    static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m < 1 || m > 12) return 0;
    return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

int32_t val_days_ymd(int y, int m, int d)
{
    /* Years start on 1 March: January and February belong to the year
     * before, so the leap day comes last. */
    int64_t yy = y - (m <= 2);
    int64_t era = floor_div(yy, 400);
    int64_t yoe = yy - era * 400;                           /* 0..399 */
    int64_t mp = m > 2 ? m - 3 : m + 9;                     /* March = 0 */
    int64_t doy = (153 * mp + 2) / 5 + d - 1;               /* 0..365 */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;    /* 0..146096 */
    /* 719468 days lie between 0000-03-01 and 1970-01-01. */
    return (int32_t)(era * 146097 + doe - 719468);
}

void val_ymd(int32_t days, int *y, int *m, int *d)
{
    int64_t z = (int64_t)days + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;                                      /* 0..146096 */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* 0..399 */
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* 0..365 */
    int64_t mp = (5 * doy + 2) / 153;                                    /* 0..11 */
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Reads up to n digits of s (stopping at a NUL) as a number. */
static int fixed_num(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n && s[i]; i++)
        if (is_digit(s[i])) v = v * 10 + (s[i] - '0');
    return v;
}

/* Length-safe field access for canonical text: the address of byte i, or
 * NULL when the string ends before it. */
static const char *at(const char *s, size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (!s[k]) return NULL;
    return s + i;
}

int32_t val_days(const char *date)
{
    const char *mo = at(date, 5), *dd = at(date, 8);
    int y = fixed_num(date, 4);
    int m = mo ? fixed_num(mo, 2) : 1;
    int d = dd ? fixed_num(dd, 2) : 1;
    return val_days_ymd(y, m, d);
}

void val_days_str(int32_t days, char out[11])
{
    int y, m, d;
    val_ymd(days, &y, &m, &d);
    /* Outside years 0..9999 the text cannot be canonical; saturate. */
    if (y < 0) y = 0;
    if (y > 9999) y = 9999;
    fmt_date(out, y, m, d);
}

int val_weekday(int32_t days)
{
    /* 1970-01-01 was a Thursday (ISO 4): day 0 maps to 3 + 1. */
    int64_t t = (int64_t)days + 3;
    return (int)(t - floor_div(t, 7) * 7) + 1;
}

int32_t val_add_months(int32_t days, int n)
{
    int y, m, d;
    val_ymd(days, &y, &m, &d);
    int64_t t = (int64_t)y * 12 + (m - 1) + n;
    int ny = (int)floor_div(t, 12);
    int nm = (int)(t - (int64_t)ny * 12) + 1;
    int last = val_month_days(ny, nm);
    return val_days_ymd(ny, nm, d > last ? last : d);
}

void val_iso_week(int32_t days, int *iso_year, int *week)
{
    /* A week belongs to the year that holds its Thursday. */
    int32_t thu = days - (val_weekday(days) - 1) + 3;
    int y, m, d;
    val_ymd(thu, &y, &m, &d);
    *iso_year = y;
    *week = (thu - val_days_ymd(y, 1, 1)) / 7 + 1;
}

int32_t val_iso_week_monday(int iso_year, int week)
{
    /* 4 January is always in week 1. */
    int32_t jan4 = val_days_ymd(iso_year, 1, 4);
    return jan4 - (val_weekday(jan4) - 1) + 7 * (week - 1);
}

int32_t val_tod(const char *time)
{
    const char *mi = at(time, 3), *s = at(time, 6);
    int h = fixed_num(time, 2);
    int m = mi ? fixed_num(mi, 2) : 0;
    int sec = s ? fixed_num(s, 2) : 0;
    return h * 3600 + m * 60 + sec;
}

int64_t val_secs(const char *datetime)
{
    const char *t = at(datetime, 11);
    int64_t secs = (int64_t)val_days(datetime) * SECS_PER_DAY;
    if (t && *t) secs += val_tod(t);
    return secs;
}

void val_secs_str(int64_t secs, char out[20])
{
    int64_t days = floor_div(secs, SECS_PER_DAY);
    int tod = (int)(secs - days * SECS_PER_DAY);
    val_days_str((int32_t)days, out);
    out[10] = ' ';
    fmt_time(out + 11, tod / 3600, tod / 60 % 60, tod % 60);
}

int64_t val_add_duration(int64_t secs, const val_duration *d)
{
    int64_t days = floor_div(secs, SECS_PER_DAY);
    int64_t tod = secs - days * SECS_PER_DAY;
    int64_t months = (int64_t)d->years * 12 + d->months;
    int32_t day = (int32_t)days;
    if (months) day = val_add_months(day, (int)months);
    return ((int64_t)day + d->days) * SECS_PER_DAY + tod + d->seconds;
}

void val_hundredths_str(int64_t v, char *out, int outsz)
{
    if (!out || outsz <= 0) return;
    if (v % 100 == 0) snprintf(out, (size_t)outsz, "%lld", (long long)(v / 100));
    else if (v % 10 == 0) snprintf(out, (size_t)outsz, "%lld.%lld", (long long)(v / 100), (long long)(v % 100 / 10));
    else snprintf(out, (size_t)outsz, "%lld.%02lld", (long long)(v / 100), (long long)(v % 100));
}

void val_fen_str(int64_t fen, char *out, int outsz)
{
    char buf[40];   /* "-92,233,720,368,547,758.08" needs 27 bytes */
    int i = (int)sizeof buf;
    /* Magnitude as unsigned, so INT64_MIN has one too. */
    uint64_t v = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    uint64_t yuan = v / 100;
    int cents = (int)(v % 100);
    int ndig = 0;

    if (!out || outsz <= 0) return;
    buf[--i] = '\0';
    buf[--i] = (char)('0' + cents % 10);
    buf[--i] = (char)('0' + cents / 10);
    buf[--i] = '.';
    do {
        if (ndig > 0 && ndig % 3 == 0) buf[--i] = ',';
        buf[--i] = (char)('0' + yuan % 10);
        yuan /= 10;
        ndig++;
    } while (yuan);
    if (fen < 0) buf[--i] = '-';
    size_t n = sizeof buf - (size_t)i;   /* with the NUL */
    if (n > (size_t)outsz) n = (size_t)outsz;
    memcpy(out, buf + i, n);
    out[n - 1] = '\0';
}
