/* value.h — parsers for the value formats of SPEC §4 and the calendar
 * arithmetic every rule needs (days, seconds, months, ISO weeks).
 *
 * Parsers take the raw field text exactly as the reader gave it and return
 * 0 on success, -1 when the text is not of the type; they never allocate.
 * Leading and trailing ASCII spaces (0x20 only, not tabs or U+3000) are
 * ignored by every parser here, because exports pad typed cells; spaces
 * inside a value are not (only the one datetime separator, and the one in
 * "N workdays"). The reader itself never trims (SPEC §5), so a message
 * still quotes the value as given. A NULL string is the empty string.
 * Canonical stored forms: date "YYYY-MM-DD", time "HH:MM:SS",
 * datetime "YYYY-MM-DD HH:MM:SS", money integer fen, boolean 0/1. */
#ifndef KEFU_VALUE_H
#define KEFU_VALUE_H

#include <stdint.h>

/* Dates: 2026-11-26, 2026/11/26, 2026.11.26, 2026年11月26日; month and day
 * may have one digit (Excel writes 2026/1/5). Rejects impossible dates
 * (2026-02-29, 2025-13-01) and years outside 1900..2199. out: "YYYY-MM-DD". */
int val_date(const char *s, char out[11]);
/* Times: 08:05, 8:05, 08:05:30; hours 0..23, minutes and seconds 0..59.
 * out: "HH:MM:SS". */
int val_time(const char *s, char out[9]);
/* A date and a time separated by one space or 'T'. out: "YYYY-MM-DD HH:MM:SS". */
int val_datetime(const char *s, char out[20]);
/* Money: 1234.5, 1,234.50, ¥1234.5 (also the full-width ￥), 1234.5元, a
 * leading '-' for negatives; at most 2 decimals; thousands separators only
 * in groups of 3; at most 999,999,999,999.99. *fen receives the amount. */
int val_money(const char *s, int64_t *fen);
/* Booleans: 是/否, Y/N, yes/no, true/false, 1/0, √/× (case-insensitive for
 * the Latin forms); empty is false. */
int val_bool(const char *s, int *out);
/* Periods of report_submission: "YYYY-MM" (monthly) or "YYYY-Www" (ISO
 * week, W01..W53 and existing in that ISO year). *weekly is set to 1 for
 * the week form. Also read: 2026/11, 2026.11, 2026年11月, a one-digit month
 * or week (2026-1, 2026-W5) and a lower-case w; years 1900..2199.
 * out: the canonical text (same forms, zero-padded). */
int val_period(const char *s, char out[9], int *weekly);

/* A policy duration: ISO 8601 (PnYnMnWnDTnHnMnS, designators in that
 * order, each at most once, whole numbers of at most 6 digits; no sign, no
 * fractions) or "N workdays" / "N workday" with N 1..3650. */
typedef struct val_duration {
    int years, months, days;   /* calendar part, applied in that order */
    int64_t seconds;           /* time part (hours, minutes, seconds) */
    int workdays;              /* > 0 for "N workdays" (the rest is 0) */
} val_duration;
int val_duration_parse(const char *s, val_duration *d);

/* --- calendar arithmetic (proleptic Gregorian, no time zones: SPEC §4) --- */

/* Days since 1970-01-01 of a canonical "YYYY-MM-DD" (no validation beyond
 * the digits: pass only canonical dates). */
int32_t val_days(const char *date);
/* Writes the canonical date of a day number. */
void val_days_str(int32_t days, char out[11]);
/* Days of (y, m, d) with m 1..12, d 1..31 (not validated). */
int32_t val_days_ymd(int y, int m, int d);
void val_ymd(int32_t days, int *y, int *m, int *d);
/* ISO weekday 1 = Monday … 7 = Sunday. */
int val_weekday(int32_t days);
/* Days in month m (1..12) of year y. */
int val_month_days(int y, int m);
/* Adds n months to a day, clamping to the last day of the target month
 * (2026-01-31 + 1 month = 2026-02-28). */
int32_t val_add_months(int32_t days, int n);
/* ISO 8601 week of a day: *iso_year and *week (1..53). */
void val_iso_week(int32_t days, int *iso_year, int *week);
/* The Monday of ISO week `week` of `iso_year`. */
int32_t val_iso_week_monday(int iso_year, int week);

/* Seconds since 1970-01-01 00:00:00 local wall-clock of a canonical
 * "YYYY-MM-DD HH:MM:SS" (or "YYYY-MM-DD", meaning 00:00:00). */
int64_t val_secs(const char *datetime);
/* Writes "YYYY-MM-DD HH:MM:SS" for seconds since the epoch. */
void val_secs_str(int64_t secs, char out[20]);
/* Seconds since midnight of a canonical "HH:MM:SS". */
int32_t val_tod(const char *time);

/* Adds a duration to a wall-clock instant: years and months with clamping
 * (val_add_months), then days, then seconds. Work days need the calendar
 * and are not handled here (policy_add_workdays). */
int64_t val_add_duration(int64_t secs, const val_duration *d);

/* Formats fen as yuan with two decimals and thousands separators
 * ("1,234.50", "-0.50") into out (>= 32 bytes). */
void val_fen_str(int64_t fen, char *out, int outsz);

/* Formats hundredths without trailing zeros: 2175 → "21.75", 2050 →
 * "20.5", 2000 → "20" (percent lines, days per month). */
void val_hundredths_str(int64_t v, char *out, int outsz);

#endif
