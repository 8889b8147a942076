#!/bin/sh
# kill -9 of `kefu run` at random moments (SPEC §10): after each kill the
# database passes PRAGMA integrity_check, no file is half ingested (every
# source's rows_stored equals the rows that cite it), `audit verify` passes
# (findings are stored with their check entry or not at all), and the next run
# completes with the same outputs as an uninterrupted run.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
TRIALS=${CRASH_TRIALS:-20}
# reports carry the time they were made: the clock, or this (same bytes)
export SOURCE_DATE_EPOCH=1795712400   # 2026-11-27 00:20 Asia/Shanghai
IN=$T_DIR/in
python3 tests/gen/make_large.py "$IN" --scale 0.02 >/dev/null 2>&1
check "generated a small department's year" test -s "$IN/10-callback.csv"

# The uninterrupted run, and its duration in milliseconds.
start=$(date +%s%N)
"$KEFU" --quiet --db "$T_DIR/base.db" run --in "$IN" --out "$T_DIR/base" --as-of 2026-11-26 2>/dev/null
check_eq "uninterrupted run exits 0" "$?" 0
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$ms" -lt 200 ] && ms=200
outputs() { # outputs DIR — checksums of the reports and bundles, and the JSON without duration_s
  (cd "$1" && find . -type f ! -name '*.json' | sort | xargs sha256sum
   sed 's/"duration_s":[0-9.]*//' run-2026-11-26.json | sha256sum)
}
outputs "$T_DIR/base" > "$T_DIR/base.sums"

half_ingested() { # prints sources whose stored rows are not all there
  sqlite3 "$1" "
    SELECT s.file FROM source s WHERE s.rows_replaced = 0 AND s.rows_stored <> (
      (SELECT count(*) FROM employee_data WHERE src_id=s.id) + (SELECT count(*) FROM attendance_data WHERE src_id=s.id) +
      (SELECT count(*) FROM leave_data WHERE src_id=s.id) + (SELECT count(*) FROM meeting_data WHERE src_id=s.id) +
      (SELECT count(*) FROM meeting_attendance_data WHERE src_id=s.id) + (SELECT count(*) FROM report_submission_data WHERE src_id=s.id) +
      (SELECT count(*) FROM incident_data WHERE src_id=s.id) + (SELECT count(*) FROM customer_data WHERE src_id=s.id) +
      (SELECT count(*) FROM service_event_data WHERE src_id=s.id) + (SELECT count(*) FROM callback_data WHERE src_id=s.id) +
      (SELECT count(*) FROM archive_record_data WHERE src_id=s.id) + (SELECT count(*) FROM hold_data WHERE src_id=s.id) +
      (SELECT count(*) FROM borrowing_data WHERE src_id=s.id));"
}

i=1
killed=0
while [ "$i" -le "$TRIALS" ]; do
  db=$T_DIR/t$i.db
  out=$T_DIR/o$i
  delay=$(awk -v s="$i" -v m="$ms" 'BEGIN { srand(s * 7919); printf "%.3f", (0.05 + 0.9 * rand()) * m / 1000 }')
  "$KEFU" --quiet --db "$db" run --in "$IN" --out "$out" --as-of 2026-11-26 >/dev/null 2>&1 &
  pid=$!
  sleep "$delay"
  if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
  wait "$pid" 2>/dev/null
  if [ -e "$db" ]; then
    check_eq "trial $i (killed after ${delay}s): integrity_check" "$(sqlite3 "$db" 'PRAGMA integrity_check')" ok
    check_eq "trial $i: no file half ingested" "$(half_ingested "$db")" ""
    check "trial $i: audit verify (the chain, the findings against their check entry)" \
      "$KEFU" --quiet --db "$db" audit verify
  fi
  "$KEFU" --quiet --db "$db" run --in "$IN" --out "$out" --as-of 2026-11-26 2>/dev/null
  check_eq "trial $i: the next run completes" "$?" 0
  outputs "$out" > "$T_DIR/t$i.sums"
  check "trial $i: outputs equal the uninterrupted run's" cmp -s "$T_DIR/base.sums" "$T_DIR/t$i.sums"
  check "trial $i: no temp files left" sh -c "! find '$out' -name '*.tmp*' | grep -q ."
  rm -rf "$db" "$db-wal" "$db-shm" "$db.lock" "$out"
  i=$((i + 1))
done
check "at least half of the trials were killed mid-run ($killed of $TRIALS)" test "$killed" -ge $((TRIALS / 2))
finish
