#!/bin/sh
# bench-check.sh KEFU WORKDIR — how `kefu check` grows with the data
# (called by tests/bench/bench.sh; also runs alone).
#   fines:  make_large.py --attendance-only 1,000,000 and 100,000 (one year,
#           2026; the roster grows: ≈ 4,600 and ≈ 460 employees, with leaves,
#           meetings, reports and incidents in proportion), each ingested
#           into its own database, then `kefu check --as-of 2026-11-26`;
#   visits: make_large.py --visits-only at 1,000,000 callbacks / 300,000
#           events / 20,000 households, and at a tenth of that.
# Wall seconds, peak RSS and CPU seconds from /usr/bin/time -f '%e %M %U %S'. For an
# O(n log n) engine the time ratio of 10× the rows is ≈ 10–12×.
# Environment: BENCH_ATT_ROWS (default 1000000), BENCH_CALLBACKS (default
# 1000000); the small runs are a tenth of each. Goals: check < 5 s at the
# million (fines and visits).
set -eu
KEFU=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
W=${2:-}
if [ -z "$W" ]; then
  W=$(mktemp -d)
  trap 'rm -rf "$W"' EXIT
fi
W=$W/check
rm -rf "$W"
mkdir -p "$W"
GEN="$ROOT/tests/gen/make_large.py"
BIG=${BENCH_ATT_ROWS:-1000000}
SMALL=$((BIG / 10))
CB=${BENCH_CALLBACKS:-1000000}
EV=$((CB * 3 / 10))
HH=$((CB / 50))
GOAL=5

secs() { # secs CMD... — prints "wall-seconds peak-RSS-KiB cpu-seconds" of CMD, or "fail fail fail"
  if /usr/bin/time -f '%e %M %U %S' -o "$W/time" "$@" >"$W/out" 2>"$W/err"; then
    tail -n 1 "$W/time" | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }'
  else
    echo "kefu bench-check: failed: $*" >&2
    tail -n 5 "$W/err" >&2
    : >"$W/failed"
    echo "fail fail fail"
  fi
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "n/a" }'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s + 0 > 0) printf "%.0f", n / s; else print "n/a" }'; }
mib() { awk -v k="$1" 'BEGIN { if (k ~ /^[0-9]+$/) printf "%.0f", k / 1024; else print "n/a" }'; }
verdict() { awk -v s="$1" -v g="$2" 'BEGIN { if (s !~ /^[0-9.]+$/) print "n/a"; else if (s + 0 < g + 0) print "met"; else print "MISSED" }'; }

# run NAME GEN-ARGS... — generate into W/NAME, ingest into W/NAME.db, check;
# sets GEN_S ING_S CHK_S CHK_M CHK_C EMPS
run() {
  name=$1
  shift
  dir=$W/$name
  GEN_S=fail ING_S=fail CHK_S=fail CHK_M=fail CHK_C=fail EMPS=0
  t0=$(date +%s.%N)
  if ! python3 "$GEN" "$dir" "$@" >/dev/null 2>"$W/gen.err"; then
    echo "kefu bench-check: make_large.py $* failed:" >&2
    tail -n 5 "$W/gen.err" >&2
    : >"$W/failed"
    return 0
  fi
  t1=$(date +%s.%N)
  GEN_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  EMPS=$(($(wc -l <"$dir/01-employee.csv") - 1))
  size=$(du -sh "$dir" | cut -f1)
  set -- $(secs "$KEFU" --quiet --db "$W/$name.db" ingest "$dir")
  ING_S=$1
  set -- $(secs "$KEFU" --quiet --db "$W/$name.db" check --as-of 2026-11-26)
  CHK_S=$1 CHK_M=$2 CHK_C=$3
  echo "  $name: generated in $GEN_S s ($size, $EMPS employees), ingested in $ING_S s, checked in $CHK_S s"
  rm -rf "$dir" "$W/$name.db" "$W/$name.db-wal" "$W/$name.db-shm"
}

echo
echo "check benchmark (make_large.py; check --as-of 2026-11-26, every rule recomputed)"
echo "generating, ingesting and checking $BIG and $SMALL attendance rows, $CB and $((CB / 10)) callbacks…"
run att-big --attendance-only "$BIG"
ab_s=$CHK_S ab_c=$CHK_C ab_m=$CHK_M ab_i=$ING_S ab_e=$EMPS
run att-small --attendance-only "$SMALL"
as_s=$CHK_S as_c=$CHK_C as_m=$CHK_M as_i=$ING_S as_e=$EMPS
run vis-big --visits-only --callbacks "$CB" --events "$EV" --households "$HH"
vb_s=$CHK_S vb_c=$CHK_C vb_m=$CHK_M vb_i=$ING_S
run vis-small --visits-only --callbacks "$((CB / 10))" --events "$((EV / 10))" --households "$((HH / 10))"
vs_s=$CHK_S vs_c=$CHK_C vs_m=$CHK_M vs_i=$ING_S

F='%-26s %9s %9s %8s %7s %10s %9s %8s %8s\n'
printf "\n$F" "kefu check" rows ingest_s check_s cpu_s "rows/s" "peak MiB" growth goal
printf "$F" "fines (attendance rows)" "$SMALL" "$as_i" "$as_s" "$as_c" "$(rate "$SMALL" "$as_s")" "$(mib "$as_m")" "" ""
printf "$F" "fines (attendance rows)" "$BIG" "$ab_i" "$ab_s" "$ab_c" "$(rate "$BIG" "$ab_s")" "$(mib "$ab_m")" \
  "$(ratio "$ab_s" "$as_s")x" "< ${GOAL} s"
printf "$F" "visits (callbacks)" "$((CB / 10))" "$vs_i" "$vs_s" "$vs_c" "$(rate "$((CB / 10))" "$vs_s")" "$(mib "$vs_m")" "" ""
printf "$F" "visits (callbacks)" "$CB" "$vb_i" "$vb_s" "$vb_c" "$(rate "$CB" "$vb_s")" "$(mib "$vb_m")" \
  "$(ratio "$vb_s" "$vs_s")x" "< ${GOAL} s"
echo "check_s: wall seconds (the goal's measure); cpu_s: user + system seconds (steadier on a busy machine)"
echo "growth: check time at 10x the rows over the time at 1x (≈ 10-12x expected for n log n)"
echo "goal: fines check of $BIG rows < ${GOAL} s: $(verdict "$ab_s" "$GOAL"); visits check of $CB callbacks < ${GOAL} s: $(verdict "$vb_s" "$GOAL")"
echo "(fines: one year, 2026, of $ab_e and $as_e employees' shifts, not 500 employees over several years: the policy calendar covers 2025-2026 only;"
echo " visits: $CB callbacks, $EV service events, $HH households, with projects, members and leads in proportion)"
[ ! -e "$W/failed" ] || echo "kefu bench-check: some steps failed (see above); their figures read 'fail'" >&2
rm -rf "$W"
exit 0
