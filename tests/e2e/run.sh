#!/bin/sh
# kefu run: the nightly batch over samples/ produces the reports, the
# sources bundle and run-DATE.json; a second run gives the same outputs; a
# second concurrent run exits 75 at once naming the holder.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
DB=$T_DIR/k.db
# reports carry the time they were made: the clock, or this (same bytes twice)
export SOURCE_DATE_EPOCH=1795712400   # 2026-11-27 00:20 Asia/Shanghai
"$KEFU" --quiet --db "$DB" run --in samples --out "$T_DIR/out1" --as-of 2026-11-26
check_eq "run exits 0" "$?" 0
for f in reports/2026-11/fines.pdf reports/2026-11/visits.pdf reports/2026-11/retention.pdf \
         reports/2026-11/run-2026-11-26.pdf bundles/sources-2026-11-26.tar.gz run-2026-11-26.json; do
  check "run wrote $f" test -s "$T_DIR/out1/$f"
done
check "no previous month's reports after day 5" test ! -e "$T_DIR/out1/reports/2026-10"
check "run-DATE.json is valid JSON with files, outputs and coverage" python3 -c "
import json; d = json.load(open('$T_DIR/out1/run-2026-11-26.json'))
assert d['date'] == '2026-11-26' and len(d['files']) == 13
assert d['rows']['stored'] == 2852 and d['rows']['rejected'] == 0
assert len(d['outputs']) == 5 and all(len(o['sha256']) == 64 for o in d['outputs'])
assert d['check']['by_rule'] and d['check']['coverage']
assert 'duration_s' in d and 'records_newly_eligible' in d"
check "sources bundle verifies" "$KEFU" bundle verify "$T_DIR/out1/bundles/sources-2026-11-26.tar.gz"
check "GNU tar lists the sources bundle" sh -c "tar -tzf '$T_DIR/out1/bundles/sources-2026-11-26.tar.gz' | grep -q 'sources-2026-11-26/data/01-employee.csv'"

# A second run over the same inputs: same reports, bundle and JSON.
"$KEFU" --quiet --db "$DB" run --in samples --out "$T_DIR/out2" --as-of 2026-11-26 2>/dev/null
check_eq "second run exits 0" "$?" 0
for d in out1 out2; do
  (cd "$T_DIR/$d" && find . -type f ! -name '*.json' | sort | xargs sha256sum) > "$T_DIR/$d.sums"
  sed 's/"duration_s":[0-9.]*//' "$T_DIR/$d/run-2026-11-26.json" > "$T_DIR/$d.json"
done
check "second run: identical reports and bundle" cmp -s "$T_DIR/out1.sums" "$T_DIR/out2.sums"
check "second run: identical run-DATE.json but for duration_s" cmp -s "$T_DIR/out1.json" "$T_DIR/out2.json"

# The nightly run at 01:30 without --as-of judges the last complete day in
# the policy's timezone (Asia/Shanghai), whatever TZ the machine has: at
# 01:30 on 11-26 nothing due later on 11-26 is missed yet (a callback is due
# on 11-26 in the samples: missed when judged as of 11-26, pending now).
DB2=$T_DIR/k2.db
SOURCE_DATE_EPOCH=1795627800 TZ=America/Los_Angeles "$KEFU" --quiet --db "$DB2" run --in samples \
  --out "$T_DIR/out3" 2>/dev/null
check_eq "01:30 run exits 0" "$?" 0
check "01:30 on 11-26: the as-of day is 11-25" test -s "$T_DIR/out3/run-2026-11-25.json"
check_eq "01:30 on 11-26: nothing due on 11-26 is missed or late" \
  "$(sqlite3 "$DB2" "SELECT count(*) FROM obligation WHERE due_at >= '2026-11-26' AND status IN ('missed','late')")" 0
check_eq "01:30 on 11-26: what is due on 11-26 is pending" \
  "$(sqlite3 "$DB2" "SELECT count(*) FROM obligation WHERE substr(due_at,1,10) = '2026-11-26' AND status = 'pending'")" 2
check_eq "01:30 on 11-26: no finding dated 11-26" \
  "$(sqlite3 "$DB2" "SELECT count(*) FROM finding WHERE date >= '2026-11-26'")" 0
check_eq "--as-of 2026-11-26 (its end): the callback due on 11-26 is missed" \
  "$(sqlite3 "$DB" "SELECT count(*) FROM obligation WHERE substr(due_at,1,10) = '2026-11-26' AND status = 'missed'")" 1
# At 01:30 on the 1st the run writes the final reports of the month just
# ended, and none of the new month (the "first 5 days" rule is retired).
SOURCE_DATE_EPOCH=1796059800 "$KEFU" --quiet --db "$DB2" run --in samples --out "$T_DIR/out6" 2>/dev/null
check "01:30 on 12-01: November's reports" test -s "$T_DIR/out6/reports/2026-11/fines.pdf"
check "01:30 on 12-01: the run of 11-30" test -s "$T_DIR/out6/reports/2026-11/run-2026-11-30.pdf"
check "01:30 on 12-01: no December reports" test ! -e "$T_DIR/out6/reports/2026-12"

# The lock: while another process holds DB.lock, a run exits 75 at once.
printf 'pid 4242, started 2026-11-26 23:00:00\n' > "$DB.lock"
flock "$DB.lock" sleep 5 &
holder=$!
sleep 0.5
start=$(date +%s)
"$KEFU" --quiet --db "$DB" run --in samples --out "$T_DIR/out4" --as-of 2026-11-26 2>"$T_DIR/err"
check_eq "a second concurrent run exits 75" "$?" 75
check "it names the holder" grep -q 'another kefu process holds the lock (pid 4242, started 2026-11-26 23:00:00)' "$T_DIR/err"
check "it does not wait for the holder" test $(( $(date +%s) - start )) -lt 3
kill "$holder" 2>/dev/null
wait 2>/dev/null

# A missing input directory is 66; bad options are 64.
"$KEFU" --quiet --db "$DB" run --in "$T_DIR/nope" --out "$T_DIR/out5" 2>/dev/null
check_eq "missing --in exits 66" "$?" 66
"$KEFU" --quiet --db "$DB" run --in samples 2>/dev/null
check_eq "run without --out exits 64" "$?" 64
finish
