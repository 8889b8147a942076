# tests/e2e/migrate.sh KEFU — `kefu init` upgrades a database made by the
# release before issue 15 (schema version 8) in place: every view's
# columns and content (rowids included), the findings and the audit chain
# are the same after; the source files it stored raw stay readable
# (`bundle sources` gives them back byte for byte) and a file ingested
# after the upgrade is stored compressed. The fixture is a dump made by
# that release over samples/ (tests/gen/make_store_v8.sh says how).
. "$(dirname "$0")/lib.sh"
if ! command -v sqlite3 >/dev/null 2>&1; then
  echo "skipped: sqlite3 not installed"; finish; exit $?
fi
DB=$T_DIR/kefu.db
gzip -dc "$ROOT/tests/data/store-v8/samples.sql.gz" | sqlite3 "$DB"
check_eq "the fixture is schema version 8" "$(sqlite3 "$DB" 'PRAGMA user_version')" 8
# an auditor's own view over the sources: the upgrade, which rebuilds the
# source table (content last), keeps it with its content (compared below)
sqlite3 "$DB" "CREATE VIEW auditor_files AS SELECT id, file, sha256, bytes FROM source"

# every view of version 8: its columns, then its rows sorted (the columns a
# later version adds are checked apart: empty on the rows stored before);
# the findings and the obligations (rowid citations); the audit log
sqlite3 "$DB" "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name" >"$T_DIR/views"
for v in $(cat "$T_DIR/views"); do
  sqlite3 "$DB" "SELECT group_concat('\"' || name || '\"', ',') FROM pragma_table_info('$v')" >"$T_DIR/cols-$v"
done
state() {
  for v in $(cat "$T_DIR/views"); do
    echo "== $v"
    cat "$T_DIR/cols-$v"
    sqlite3 "$1" "SELECT $(cat "$T_DIR/cols-$v") FROM \"$v\"" | sort
  done
  echo "== finding"; sqlite3 "$1" "SELECT * FROM finding" | sort
  echo "== obligation"; sqlite3 "$1" "SELECT * FROM obligation" | sort
  echo "== audit"; sqlite3 "$1" "SELECT seq, action, hash FROM audit ORDER BY seq"
}
state "$DB" >"$T_DIR/before"
check "the fixture has attendance rows and findings" test "$(sqlite3 "$DB" "SELECT (SELECT count(*) FROM attendance) > 0 AND (SELECT count(*) FROM finding) > 0")" = 1

"$KEFU" --db "$DB" init >"$T_DIR/out" 2>&1
check_eq "init: exit 0" $? 0
check "init says it upgraded from 8" grep -q "upgraded from schema version 8 to " "$T_DIR/out"
state "$DB" >"$T_DIR/after"
check "every view's columns and content, the findings and the audit log are unchanged" \
  cmp -s "$T_DIR/before" "$T_DIR/after"
cmp -s "$T_DIR/before" "$T_DIR/after" || diff "$T_DIR/before" "$T_DIR/after" | head -20
# a column a later version adds to a view holds nothing for the rows of version 8
for v in $(cat "$T_DIR/views"); do
  for c in $(sqlite3 "$DB" "SELECT name FROM pragma_table_info('$v')"); do
    grep -q "\"$c\"" "$T_DIR/cols-$v" && continue
    check_eq "view $v: the new column $c is empty on the rows stored before" \
      "$(sqlite3 "$DB" "SELECT count(*) FROM \"$v\" WHERE \"$c\" IS NOT NULL")" 0
  done
done
check_eq "integrity_check" "$(sqlite3 "$DB" 'PRAGMA integrity_check')" ok
check "the audit chain verifies" sh -c "'$KEFU' --db '$DB' audit verify >/dev/null"
# v12: the obligations moved into obligation_data, their citations stored once
check_eq "obligation is now a view over obligation_data and citation" \
  "$(sqlite3 "$DB" "SELECT type FROM sqlite_master WHERE name = 'obligation'")|$(sqlite3 "$DB" \
     "SELECT count(*) FROM sqlite_master WHERE name LIKE '%before_v1%'")" "view|0"
check_eq "each citation is stored once" \
  "$(sqlite3 "$DB" "SELECT count(*) FROM citation")" \
  "$(sqlite3 "$DB" "SELECT count(*) FROM (SELECT DISTINCT rule, article, quote, assumed FROM obligation)")"
check_eq "the files stored before are marked raw" \
  "$(sqlite3 "$DB" "SELECT count(*) FROM source WHERE content IS NOT NULL AND content_coding <> 'raw'")" 0
"$KEFU" --db "$DB" init >"$T_DIR/out" 2>&1
check "init again: up to date" grep -q "up to date" "$T_DIR/out"

# the raw files come back byte for byte
DAY=$(sqlite3 "$DB" "SELECT substr(min(ingested_at), 1, 10) FROM source WHERE sha256 <> ''")
SRC=$("$KEFU" --db "$DB" --as-of 2026-11-26 bundle sources --date "$DAY" --out "$T_DIR/o" 2>"$T_DIR/err")
check "bundle sources after the upgrade" test -s "$SRC"
mkdir "$T_DIR/x" && tar -mxzf "$SRC" -C "$T_DIR/x"
for f in 01-employee.csv 02-attendance.xml 09-service_event.xml; do
  check "$f (stored raw by version 8) comes back byte for byte" cmp -s "$ROOT/samples/$f" "$T_DIR/x/sources-$DAY/data/$f"
done
check "the export the purge cleared is omitted" grep -q "^Kefu-Source-Omitted: 11-archive_record.csv" "$T_DIR/x/sources-$DAY/bag-info.txt"

# a file ingested after the upgrade is stored compressed
printf 'employee_id,date,shift_start,shift_end,clock_in,clock_out,note\nE001,2026-11-25,08:30,17:30,2026-11-25 08:31,2026-11-25 17:40,\n' >"$T_DIR/late.csv"
"$KEFU" --db "$DB" --quiet ingest "$T_DIR/late.csv" >/dev/null 2>&1
check_eq "a file ingested after the upgrade is zlib-coded" \
  "$(sqlite3 "$DB" "SELECT content_coding FROM source WHERE file LIKE '%late.csv'")" zlib
finish
