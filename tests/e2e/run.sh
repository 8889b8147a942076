#!/bin/sh
# kefu run: the nightly batch over samples/ produces the reports, the
# sources bundle and run-DATE.json; a second run gives the same outputs; a
# second concurrent run exits 75 at once naming the holder.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
DB=$T_DIR/k.db
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
assert d['rows']['stored'] == 2789 and d['rows']['rejected'] == 0
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

# Within the first 5 days of a month the previous month's reports come too.
"$KEFU" --quiet --db "$DB" run --in samples --out "$T_DIR/out3" --as-of 2026-12-03 2>/dev/null
check "day 3: previous month's fines report" test -s "$T_DIR/out3/reports/2026-11/fines.pdf"
check "day 3: this month's fines report" test -s "$T_DIR/out3/reports/2026-12/fines.pdf"

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
