#!/bin/sh
# bench-run.sh KEFU WORKDIR — the nightly run (SPEC §9) on a large
# department's whole year (called by tests/bench/bench.sh; also runs alone).
#   make_large.py --scale 1: 500 employees, ≈ 108,000 attendance rows,
#   300,000 service events, 1,000,000 callbacks, 100,000 archive records …
#   (≈ 210 MB of CSV and XML), then
#   kefu run --in DIR --out OUT --db DB --as-of 2026-11-26 on a fresh
#   database (the first night), and once more (nothing new to ingest).
#   Until `kefu run` exists, it times `kefu ingest DIR` then `kefu check`
#   and says so. Goals: under 60 s and under 256 MiB peak RSS.
# Peers, each on this machine in the same run: sqlite3 .import of the
# largest CSV into a table of the same shape, xmllint --stream --noout of the
# largest XML, tar czf of the export directory; and kefu ingest of the same
# CSV and XML files alone, for like-for-like ratios.
# Environment: BENCH_SCALE (default 1).
set -eu
KEFU=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
W=${2:-}
if [ -z "$W" ]; then
  W=$(mktemp -d)
  trap 'rm -rf "$W"' EXIT
fi
W=$W/run
rm -rf "$W"
mkdir -p "$W"
IN=$W/in
SCALE=${BENCH_SCALE:-1}
GOAL_S=60
GOAL_MIB=256

secs() { # secs CMD... — prints "wall-seconds peak-RSS-KiB cpu-seconds" of CMD, or "fail fail fail"
  if /usr/bin/time -f '%e %M %U %S' -o "$W/time" "$@" >"$W/cmd.out" 2>"$W/err"; then
    tail -n 1 "$W/time" | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }'
  else
    echo "kefu bench-run: failed: $*" >&2
    tail -n 5 "$W/err" >&2
    : >"$W/failed"
    echo "fail fail fail"
  fi
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "n/a" }'; }
add() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/) printf "%.2f", a + b; else print "fail" }'; }
maxk() { awk -v a="$1" -v b="$2" 'BEGIN { if (a !~ /^[0-9]+$/ || b !~ /^[0-9]+$/) print "fail"; else print (a > b ? a : b) }'; }
mib() { awk -v k="$1" 'BEGIN { if (k ~ /^[0-9]+$/) printf "%.0f", k / 1024; else print "n/a" }'; }
verdict() { awk -v s="$1" -v g="$2" 'BEGIN { if (s !~ /^[0-9.]+$/) print "n/a"; else if (s + 0 < g + 0) print "met"; else print "MISSED" }'; }

echo
echo "nightly run benchmark (make_large.py --scale $SCALE, as of 2026-11-26)"
t0=$(date +%s.%N)
if ! python3 "$ROOT/tests/gen/make_large.py" "$IN" --scale "$SCALE" >"$W/files" 2>"$W/gen.err"; then
  echo "kefu bench-run: make_large.py failed:" >&2
  tail -n 5 "$W/gen.err" >&2
  rm -rf "$W"
  exit 0
fi
t1=$(date +%s.%N)
rows=$(awk '{ n += $2 } END { print n }' "$W/files")
bytes=$(awk '{ n += $3 } END { print n }' "$W/files")
echo "generated $(wc -l <"$W/files") files, $rows rows, $(awk -v b="$bytes" 'BEGIN { printf "%.0f MiB", b / 1048576 }') in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"

# --- kefu run (or ingest + check while `kefu run` does not exist)
DB=$W/kefu.db
OUT=$W/out
mode=run
if /usr/bin/time -f '%e %M %U %S' -o "$W/time" "$KEFU" --quiet --db "$DB" run --in "$IN" --out "$OUT" \
    --as-of 2026-11-26 >"$W/run.out" 2>"$W/run.err"; then
  set -- $(tail -n 1 "$W/time" | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }')
  run_s=$1 run_k=$2 run_c=$3
  set -- $(secs "$KEFU" --quiet --db "$DB" run --in "$IN" --out "$OUT" --as-of 2026-11-26)
  rerun_s=$1 rerun_k=$2 rerun_c=$3
elif grep -q "unknown command\|unknown option '--in'\|unknown option '--out'" "$W/run.err"; then
  mode=fallback
  rm -f "$DB" "$DB-wal" "$DB-shm"
  set -- $(secs "$KEFU" --quiet --db "$DB" ingest "$IN")
  ing_s=$1 ing_k=$2 ing_c=$3
  set -- $(secs "$KEFU" --quiet --db "$DB" check --as-of 2026-11-26)
  chk_s=$1 chk_k=$2 chk_c=$3
  run_s=$(add "$ing_s" "$chk_s") run_k=$(maxk "$ing_k" "$chk_k") run_c=$(add "$ing_c" "$chk_c")
  set -- $(secs "$KEFU" --quiet --db "$DB" ingest "$IN")
  ring_s=$1 ring_k=$2 ring_c=$3
  set -- $(secs "$KEFU" --quiet --db "$DB" check --as-of 2026-11-26)
  rchk_s=$1 rchk_k=$2 rchk_c=$3
  rerun_s=$(add "$ring_s" "$rchk_s") rerun_k=$(maxk "$ring_k" "$rchk_k") rerun_c=$(add "$ring_c" "$rchk_c")
else
  : >"$W/failed"
  echo "kefu bench-run: kefu run failed:" >&2
  tail -n 5 "$W/run.err" >&2
  run_s=fail run_k=fail run_c=fail rerun_s=fail rerun_k=fail rerun_c=fail
fi
dbsize="?"
[ -e "$DB" ] && dbsize=$(du -m "$DB" | cut -f1)

# --- peers: the largest CSV and XML, the whole directory
big_csv=$(ls -S "$IN"/*.csv | head -n 1)
big_xml=$(ls -S "$IN"/*.xml | head -n 1)
csv_rows=$(awk -v f="$(basename "$big_csv")" '$1 == f { print $2 }' "$W/files")
xml_rows=$(awk -v f="$(basename "$big_xml")" '$1 == f { print $2 }' "$W/files")
hdr=$(head -n 1 "$big_csv" | tr -d '\r\357\273\277')
case $hdr in
  *"	"*) sep='\t'; cols=$(printf '%s' "$hdr" | tr '\t' ',') ;;
  *) sep=','; cols=$hdr ;;
esac
cat >"$W/import.sql" <<SQL
CREATE TABLE t($cols);
.mode csv
.separator "$sep" "\n"
.import --skip 1 $big_csv t
SQL
set -- $(secs sqlite3 "$W/import.db" ".read $W/import.sql")
imp_s=$1
set -- $(secs xmllint --stream --noout "$big_xml")
xl_s=$1
set -- $(secs tar czf "$W/in.tar.gz" -C "$W" in)
tar_s=$1
tar_mib="?"
[ -e "$W/in.tar.gz" ] && tar_mib=$(du -m "$W/in.tar.gz" | cut -f1)
set -- $(secs "$KEFU" --quiet --db "$W/csv.db" ingest "$big_csv")
kcsv_s=$1
set -- $(secs "$KEFU" --quiet --db "$W/xml.db" ingest "$big_xml")
kxml_s=$1
peers=$(add "$(add "$imp_s" "$xl_s")" "$tar_s")

if [ "$mode" = fallback ]; then
  echo "NOTE: 'kefu run' is not built yet ($(head -n 1 "$W/run.err" | sed 's/^kefu: //')): timed 'kefu ingest DIR' then"
  echo "      'kefu check --as-of 2026-11-26'"
  echo "      instead (no reports, no bundles); the run figures below are their sum and the larger peak RSS."
fi
F='%-56s %8s %7s %9s %10s %8s\n'
what=$([ "$mode" = run ] && echo "kefu run" || echo "kefu ingest + check")
printf "\n$F" "nightly run, $rows rows" seconds cpu_s "peak MiB" goal verdict
if [ "$mode" = fallback ]; then
  printf "$F" "  kefu ingest DIR (fresh database)" "$ing_s" "$ing_c" "$(mib "$ing_k")" "" ""
  printf "$F" "  kefu check --as-of 2026-11-26" "$chk_s" "$chk_c" "$(mib "$chk_k")" "" ""
fi
printf "$F" "$what (first night)" "$run_s" "$run_c" "$(mib "$run_k")" "< $GOAL_S s" "$(verdict "$run_s" "$GOAL_S")"
printf "$F" "  peak RSS" "" "" "$(mib "$run_k")" "< $GOAL_MIB MiB" "$(verdict "$(mib "$run_k")" "$GOAL_MIB")"
printf "$F" "$what again (nothing new)" "$rerun_s" "$rerun_c" "$(mib "$rerun_k")" "" ""
if [ "$mode" = fallback ]; then
  printf "$F" "  kefu ingest DIR (every file already ingested)" "$ring_s" "$ring_c" "$(mib "$ring_k")" "" ""
  printf "$F" "  kefu check (replaces the stored results)" "$rchk_s" "$rchk_c" "$(mib "$rchk_k")" "" ""
fi
echo "seconds: wall (the goal's measure); cpu_s: user + system (steadier on a busy machine)"
echo "database: ${dbsize} MiB"

printf '\n%-56s %8s %16s\n' "peers (same machine, same run)" seconds "kefu / peer"
printf '%-56s %8s %16s\n' "sqlite3 .import $(basename "$big_csv") ($csv_rows rows)" "$imp_s" ""
printf '%-56s %8s %16s\n' "  kefu ingest of the same file" "$kcsv_s" "$(ratio "$kcsv_s" "$imp_s")x"
printf '%-56s %8s %16s\n' "xmllint --stream --noout $(basename "$big_xml") ($xml_rows rows)" "$xl_s" ""
printf '%-56s %8s %16s\n' "  kefu ingest of the same file" "$kxml_s" "$(ratio "$kxml_s" "$xl_s")x"
printf '%-56s %8s %16s\n' "tar czf of the export directory (${tar_mib} MiB)" "$tar_s" ""
printf '%-56s %8s %16s\n' "the three peers together" "$peers" "$(ratio "$run_s" "$peers")x (run)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
echo "kefu / peer: how many times the peer's time kefu takes (1.00 = as fast as the peer)"
[ ! -e "$W/failed" ] || echo "kefu bench-run: some steps failed; their figures read 'fail'" >&2
rm -rf "$W"
exit 0
