# tests/e2e/migrate.sh KEFU — `kefu init` upgrades a database made by an
# older release in place: every view's columns and content (rowids
# included), the findings and the audit chain are the same after.
# Two fixtures, dumps made over samples/ by those releases
# (tests/gen/make_store.sh says how):
#  * version 8, the release before issue 15: the source files it stored
#    raw stay readable (`bundle sources` gives them back byte for byte) and
#    a file ingested after the upgrade is stored compressed;
#  * version 12, the release before dates and times were stored as
#    integers (version 13): every KIND_data table is rebuilt STRICT with
#    integers, and a value that is not canonical stops the upgrade,
#    named, with nothing changed.
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
views() {  # DB TAG — notes the views of DB and their columns, as of now
  sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name" >"$T_DIR/views-$2"
  for v in $(cat "$T_DIR/views-$2"); do
    sqlite3 "$1" "SELECT group_concat('\"' || name || '\"', ',') FROM pragma_table_info('$v')" >"$T_DIR/cols-$2-$v"
  done
}
state() {  # DB TAG — the content of the views noted, the findings, the audit log
  for v in $(cat "$T_DIR/views-$2"); do
    echo "== $v"
    cat "$T_DIR/cols-$2-$v"
    sqlite3 "$1" "SELECT $(cat "$T_DIR/cols-$2-$v") FROM \"$v\"" | sort
  done
  echo "== finding"; sqlite3 "$1" "SELECT * FROM finding" | sort
  echo "== obligation"; sqlite3 "$1" "SELECT * FROM obligation" | sort
  echo "== audit"; sqlite3 "$1" "SELECT seq, action, hash FROM audit ORDER BY seq"
}
views "$DB" v8
state "$DB" v8 >"$T_DIR/before"
check "the fixture has attendance rows and findings" test "$(sqlite3 "$DB" "SELECT (SELECT count(*) FROM attendance) > 0 AND (SELECT count(*) FROM finding) > 0")" = 1

"$KEFU" --db "$DB" init >"$T_DIR/out" 2>&1
check_eq "init: exit 0" $? 0
check "init says it upgraded from 8" grep -q "upgraded from schema version 8 to " "$T_DIR/out"
state "$DB" v8 >"$T_DIR/after"
check "every view's columns and content, the findings and the audit log are unchanged" \
  cmp -s "$T_DIR/before" "$T_DIR/after"
cmp -s "$T_DIR/before" "$T_DIR/after" || diff "$T_DIR/before" "$T_DIR/after" | head -20
# a column a later version adds to a view holds nothing for the rows of version 8
for v in $(cat "$T_DIR/views-v8"); do
  for c in $(sqlite3 "$DB" "SELECT name FROM pragma_table_info('$v')"); do
    grep -q "\"$c\"" "$T_DIR/cols-v8-$v" && continue
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

# v13 shape, checked on any upgraded database: every KIND_data table STRICT,
# its date, time and datetime columns integers (or NULL), nothing left aside
shape13() {  # DB
  check_eq "$1: the 15 KIND_data tables are STRICT" \
    "$(sqlite3 "$1" "SELECT count(*) FROM pragma_table_list WHERE name LIKE '%\_data' ESCAPE '\'
      AND name <> 'obligation_data' AND strict = 1")" 15
  check_eq "$1: attendance's date, times and datetimes are integers" \
    "$(sqlite3 "$1" "SELECT count(*) FROM attendance_data WHERE typeof(date) <> 'integer'
      OR typeof(shift_start) <> 'integer' OR typeof(clock_in) NOT IN ('integer', 'null')")" 0
  check_eq "$1: no table left aside" \
    "$(sqlite3 "$1" "SELECT count(*) FROM sqlite_master WHERE name LIKE '%before_v1%'")" 0
}
shape13 "$DB"

# --- version 12 → 13: dates and times become integers ----------------------
DB12=$T_DIR/v12.db
gzip -dc "$ROOT/tests/data/store-v12/samples.sql.gz" | sqlite3 "$DB12"
check_eq "the second fixture is schema version 12" "$(sqlite3 "$DB12" 'PRAGMA user_version')" 12
check_eq "its attendance dates are text" \
  "$(sqlite3 "$DB12" "SELECT DISTINCT typeof(date) FROM attendance_data")" text
views "$DB12" v12
state "$DB12" v12 >"$T_DIR/before12"
# a copy with stored values that are not canonical (a hand's edit): the
# upgrade names the first it meets and changes nothing
cp "$DB12" "$T_DIR/bad12.db"
sqlite3 "$T_DIR/bad12.db" "UPDATE leave_data SET requested_at = '2026-10-11 7:00'
  WHERE rowid = (SELECT min(rowid) FROM leave_data)"
sqlite3 "$T_DIR/bad12.db" .dump >"$T_DIR/bad12.before"
"$KEFU" --db "$T_DIR/bad12.db" init >"$T_DIR/out" 2>&1
check_eq "a non-canonical stored datetime: init refuses, exit 65" $? 65
check "the message names the table, row, field and value" \
  grep -q "cannot upgrade leave_data: row [0-9]*, field requested_at: '2026-10-11 7:00' is not a canonical" "$T_DIR/out"
sqlite3 "$T_DIR/bad12.db" .dump >"$T_DIR/bad12.after"
check "the refused database is unchanged" cmp -s "$T_DIR/bad12.before" "$T_DIR/bad12.after"
check_eq "and still version 12" "$(sqlite3 "$T_DIR/bad12.db" 'PRAGMA user_version')" 12

"$KEFU" --db "$DB12" init >"$T_DIR/out" 2>&1
check_eq "init of version 12: exit 0" $? 0
check "init says it upgraded from 12" grep -q "upgraded from schema version 12 to " "$T_DIR/out"
state "$DB12" v12 >"$T_DIR/after12"
check "version 12: every view's columns and content, the findings and the audit log are unchanged" \
  cmp -s "$T_DIR/before12" "$T_DIR/after12"
cmp -s "$T_DIR/before12" "$T_DIR/after12" || diff "$T_DIR/before12" "$T_DIR/after12" | head -20
check_eq "version 12: integrity_check" "$(sqlite3 "$DB12" 'PRAGMA integrity_check')" ok
check "version 12: the audit chain verifies" sh -c "'$KEFU' --db '$DB12' audit verify >/dev/null"
shape13 "$DB12"
# the next check judges the upgraded rows as the old release did
sqlite3 "$DB12" "SELECT rule, subject_id, date, amount_fen, sources FROM finding ORDER BY id" >"$T_DIR/f-before"
"$KEFU" --db "$DB12" --quiet --as-of 2026-11-26 check >/dev/null 2>&1
check_eq "a check after the upgrade: exit 0" $? 0
sqlite3 "$DB12" "SELECT rule, subject_id, date, amount_fen, sources FROM finding ORDER BY id" >"$T_DIR/f-after"
check "a check after the upgrade finds what the old release found" cmp -s "$T_DIR/f-before" "$T_DIR/f-after"
finish
