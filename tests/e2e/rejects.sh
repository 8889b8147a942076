#!/bin/sh
# tests/e2e/rejects.sh KEFU — rejects that follow the file (issue 16): an
# explicit ingest of an unchanged file whose rows were rejected fails again
# (65) and says so, even quiet; the nightly run skips it without failing and
# lists it under outstanding_rejects; a fixed file of the same name resolves
# the earlier rejects, naming itself; a schema-2 database upgrades in place.
. "$(dirname "$0")/lib.sh"
cd "$T_DIR" || exit 1
mkdir -p a b night
cp "$ROOT/samples/bad/bad-date.csv" a/att.csv
"$KEFU" -q --db r.db ingest a/att.csv >out 2>err; rc=$?
check_eq "a file with a bad row: exit 65" "$rc" 65
"$KEFU" -q --db r.db ingest a/att.csv >out 2>err; rc=$?
check_eq "the same file again: exit 65 again" "$rc" 65
check "the same file again: says its rejects still stand, even quiet" \
  grep -q "a/att.csv: already ingested on .*, and 1 of its rows were rejected: they still stand" err

cp a/att.csv night/att.csv
"$KEFU" -q --db r.db run --in night --out o --as-of 2026-11-26 >out.txt 2>err; rc=$?
check_eq "nightly run over the unchanged file: exit 0 (no new reject)" "$rc" 0
check "nightly run: quiet" test ! -s err
check "nightly run: the outstanding rejects in the run JSON" python3 -c "
import json; d = json.load(open('o/run-2026-11-26.json'))['outstanding_rejects']
assert len(d) == 1 and d[0]['file'] == 'a/att.csv' and d[0]['rejects'] == 1 and len(d[0]['sha256']) == 64, d"

sed 's/2026-02-30/2026-02-27/' a/att.csv > b/att.csv
"$KEFU" --db r.db ingest b/att.csv >out 2>err; rc=$?
check_eq "the fixed file (same name, other folder): exit 0" "$rc" 0
check "the fixed file: says it resolved the earlier rejects" \
  grep -q "b/att.csv: replaces an earlier file of that name: 1 of its rejects resolved" err
"$KEFU" --db r.db rejects --json >r.json
check "rejects: the old reject names the file that replaced it" python3 -c "
import json; r = json.load(open('r.json'))['rejects']
assert [(x['file'], x['resolved_by']) for x in r] == [('a/att.csv', 'b/att.csv')], r"
"$KEFU" -q --db r.db ingest a/att.csv >out 2>err; rc=$?
check_eq "the old file again, its rejects resolved: exit 0" "$rc" 0
"$KEFU" -q --db r.db run --in night --out o --as-of 2026-11-27 >out.txt 2>err
check "next night: nothing outstanding" python3 -c "
import json; assert json.load(open('o/run-2026-11-27.json'))['outstanding_rejects'] == []"

# a file rejected whole: the nightly run does not reject it again each night
printf 'no,kind,here\n1,2,3\n' > night/zz-unknown.csv
"$KEFU" -q --db r.db run --in night --out o --as-of 2026-11-28 >out.txt 2>err; rc=$?
check_eq "a file rejected whole: exit 65 the first night" "$rc" 65
"$KEFU" -q --db r.db run --in night --out o --as-of 2026-11-29 >out.txt 2>err; rc=$?
check_eq "the same file the next night: exit 0 (not new)" "$rc" 0
check "the next night: still listed as outstanding" python3 -c "
import json; d = json.load(open('o/run-2026-11-29.json'))['outstanding_rejects']
assert [x['file'] for x in d] == ['night/zz-unknown.csv'], d"
"$KEFU" -q --db r.db ingest night/zz-unknown.csv >out 2>err; rc=$?
check_eq "an explicit ingest of it: exit 65 again" "$rc" 65
n=$(sqlite3 r.db "SELECT count(*) FROM reject WHERE file = 'night/zz-unknown.csv'" 2>/dev/null || echo 1)
check_eq "its reason is stored once" "$n" 1

# a schema-2 database (before resolved_by) upgrades in place
if command -v sqlite3 >/dev/null 2>&1; then
  "$KEFU" -q --db old.db ingest a/att.csv >/dev/null 2>&1
  sqlite3 old.db 'ALTER TABLE reject DROP COLUMN resolved_by; DROP TABLE role_history; ALTER TABLE purge_batch DROP COLUMN rechecked_by; PRAGMA user_version = 3;'
  "$KEFU" -q --db cur.db init >/dev/null 2>&1
  cur=$(sqlite3 cur.db 'PRAGMA user_version')   # the current version, whatever its number
  "$KEFU" --db old.db init >out 2>err; rc=$?
  check_eq "init of a schema-2 database: exit 0" "$rc" 0
  check "init says it upgraded 3 → $cur" grep -q "upgraded from schema version 3 to $cur" out
  check_eq "the reject kept, standing" "$(sqlite3 old.db 'SELECT count(*) FROM reject WHERE resolved_by IS NULL')" 1
  check_eq "user_version $cur" "$(sqlite3 old.db 'PRAGMA user_version')" "$cur"
  "$KEFU" -q --db old.db ingest b/att.csv >/dev/null 2>&1
  check_eq "the upgraded database resolves it" "$(sqlite3 old.db 'SELECT count(*) FROM reject WHERE resolved_by IS NULL')" 0
else
  echo "skipped: sqlite3 (the CLI) is not installed; the upgrade of a schema-2 database is not tested"
fi
finish
