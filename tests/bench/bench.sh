#!/bin/sh
# make bench — every figure beside its peer, measured side by side in one
# run on this machine (ratios, not absolute goals; see BENCHMARKS.md).
#   ingest: kefu CSV ingest vs sqlite3 .import of the same file into a table
#           of the same shape; kefu XML ingest vs xmllint --stream --noout;
#           kefu's peak RSS.
# N (default 1000000) sets the row count.
set -eu
KEFU=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
N=${N:-1000000}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

secs() { # secs CMD... — prints wall seconds and peak RSS KiB of CMD
  /usr/bin/time -f '%e %M' -o "$W/time" "$@" >/dev/null 2>"$W/err" || { cat "$W/err" >&2; return 1; }
  cat "$W/time"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "inf" }'; }

echo "kefu bench — $(date -u '+%Y-%m-%d %H:%M UTC') — $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m)"
echo "generating $N attendance rows (CSV and XML)…"
python3 "$ROOT/tests/bench/gen_attendance.py" "$N" "$W/att.csv" "$W/att.xml"

# sqlite3 .import into a table of the same shape (no validation, no index).
cat > "$W/import.sql" <<SQL
CREATE TABLE attendance(employee_id TEXT, date TEXT, shift_start TEXT, shift_end TEXT,
  clock_in TEXT, clock_out TEXT, note TEXT);
.mode csv
.import --skip 1 $W/att.csv attendance
SQL
# best of REPS (default 3) rounds, the four commands alternating, each on a
# fresh database: the machine is shared, and the least-disturbed run is the
# one that measures the program. RSS: the largest seen.
min() { awk -v t="$1" -v m="$2" 'BEGIN { print (m == "" || t + 0 < m + 0) ? t : m }'; }
max() { awk -v t="$1" -v m="$2" 'BEGIN { print (m == "" || t + 0 > m + 0) ? t : m }'; }
imp_s=; csv_s=; xl_s=; xml_s=; csv_rss=; xml_rss=
for r in $(seq "${REPS:-3}"); do
  rm -f "$W"/import.db "$W"/csv.db* "$W"/xml.db*
  set -- $(secs sqlite3 "$W/import.db" ".read $W/import.sql")
  imp_s=$(min "$1" "$imp_s")
  set -- $(secs "$KEFU" --quiet --db "$W/csv.db" ingest "$W/att.csv")
  csv_s=$(min "$1" "$csv_s"); csv_rss=$(max "$2" "$csv_rss")
  set -- $(secs xmllint --stream --noout "$W/att.xml")
  xl_s=$(min "$1" "$xl_s")
  set -- $(secs "$KEFU" --quiet --db "$W/xml.db" ingest "$W/att.xml")
  xml_s=$(min "$1" "$xml_s"); xml_rss=$(max "$2" "$xml_rss")
done

printf '\n%-34s %10s %12s %14s\n' "ingest of $N rows (best of ${REPS:-3})" seconds rows/s "ratio to peer"
printf '%-34s %10s %12s %14s\n' "sqlite3 .import (peer)" "$imp_s" "$(rate "$N" "$imp_s")" ""
printf '%-34s %10s %12s %14s\n' "kefu ingest CSV" "$csv_s" "$(rate "$N" "$csv_s")" "$(ratio "$imp_s" "$csv_s")x .import"
printf '%-34s %10s %12s %14s\n' "xmllint --stream --noout (peer)" "$xl_s" "$(rate "$N" "$xl_s")" ""
printf '%-34s %10s %12s %14s\n' "kefu ingest XML" "$xml_s" "$(rate "$N" "$xml_s")" "$(ratio "$xl_s" "$xml_s")x xmllint"
printf '%-34s %10s %12s %14s\n' "kefu XML vs kefu CSV rate" "" "" "$(ratio "$csv_s" "$xml_s")x"
printf 'peak RSS: kefu CSV ingest %s KiB, XML ingest %s KiB\n' "$csv_rss" "$xml_rss"
# sizes (the same every round): the database with its stored source against
# .import's (issue 15: at most 1.5x)
imp_b=$(wc -c <"$W/import.db"); csv_b=$(wc -c <"$W/csv.db"); xml_b=$(wc -c <"$W/xml.db")
printf 'database: .import %s B; kefu CSV %s B (%sx .import), XML %s B (%sx)\n' \
  "$imp_b" "$csv_b" "$(ratio "$csv_b" "$imp_b")" "$xml_b" "$(ratio "$xml_b" "$imp_b")"
for extra in "$ROOT"/tests/bench/bench-*.sh; do
  [ -e "$extra" ] && sh "$extra" "$KEFU" "$W"
done
exit 0
