#!/bin/sh
# tests/bench/bench-xlsx.sh KEFU W — run by bench.sh after its own figures:
# kefu ingest of the benchmark's attendance rows as an .xlsx workbook
# (W/att.csv rewritten by gen_xlsx.py as Excel stores it: shared strings,
# serial dates under date formats) beside kefu ingest of the same rows as
# CSV; best of REPS alternating rounds, each on a fresh database, and the
# workbook ingest's peak RSS. Goal (issue 14): at least 0.5x kefu's CSV
# rate, peak RSS under 64 MiB.
set -eu
KEFU=$1
W=$2
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
N=$(($(wc -l < "$W/att.csv") - 1))
python3 "$ROOT/tests/bench/gen_xlsx.py" "$W/att.csv" "$W/att.xlsx"
secs() {
  /usr/bin/time -f '%e %U %M' -o "$W/time" "$@" >/dev/null 2>"$W/err" || { cat "$W/err" >&2; return 1; }
  cat "$W/time"
}
min() { awk -v t="$1" -v m="$2" 'BEGIN { print (m == "" || t + 0 < m + 0) ? t : m }'; }
max() { awk -v t="$1" -v m="$2" 'BEGIN { print (m == "" || t + 0 > m + 0) ? t : m }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "inf" }'; }
csv_s=; csv_u=; x_s=; x_u=; x_rss=
for r in $(seq "${REPS:-3}"); do
  rm -f "$W"/bx-csv.db* "$W"/bx-xlsx.db*
  set -- $(secs "$KEFU" --quiet --db "$W/bx-csv.db" ingest "$W/att.csv")
  csv_s=$(min "$1" "$csv_s"); csv_u=$(min "$2" "$csv_u")
  set -- $(secs "$KEFU" --quiet --db "$W/bx-xlsx.db" ingest "$W/att.xlsx")
  x_s=$(min "$1" "$x_s"); x_u=$(min "$2" "$x_u"); x_rss=$(max "$3" "$x_rss")
done
rows=$(sqlite3 "$W/bx-xlsx.db" "select count(*) from attendance")
printf '\n%-34s %10s %10s %12s %14s\n' "xlsx ingest of $N rows (best of ${REPS:-3})" seconds "user s" rows/s "ratio"
printf '%-34s %10s %10s %12s %14s\n' "kefu ingest CSV (peer)" "$csv_s" "$csv_u" "$(rate "$N" "$csv_s")" ""
printf '%-34s %10s %10s %12s %14s\n' "kefu ingest .xlsx" "$x_s" "$x_u" "$(rate "$N" "$x_s")" "$(ratio "$csv_s" "$x_s")x CSV"
printf 'xlsx: %s bytes (sheet XML inflated from it), %s rows stored; peak RSS %s KiB; user-time ratio %sx\n' \
  "$(wc -c < "$W/att.xlsx")" "$rows" "$x_rss" "$(ratio "$csv_u" "$x_u")"
