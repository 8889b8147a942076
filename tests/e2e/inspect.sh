# tests/e2e/inspect.sh KEFU — `kefu inspect --json` shows exactly what
# `kefu ingest` would store (issue 16): the lines of its records are the
# src_line values ingest stores from the same file, and every rejected line
# is in its errors and not in its records — for CSV (field, cross-field,
# ragged, unterminated-quote and enum errors, and a row a later one of the
# same key replaces), XML and a file refused whole.
. "$(dirname "$0")/lib.sh"

cd "$T_DIR" || exit 1

# same FILE TABLE — inspect's record lines == ingest's stored src_line;
# inspect's error lines == the lines ingest rejected; the two disjoint
same() {
  file=$1 table=$2
  "$KEFU" inspect --json "$file" >i.json 2>/dev/null
  "$KEFU" --db "$file.db" ingest "$file" >/dev/null 2>&1
  sqlite3 "$file.db" "SELECT src_line FROM ${table}_data ORDER BY src_line" >stored
  sqlite3 "$file.db" "SELECT line FROM reject WHERE line > 0 ORDER BY line" >rejected
  python3 -c '
import json, sys
d = json.load(open("i.json"))
rec = [r["line"] for r in d["records"]]
err = sorted({e["line"] for e in d["errors"] if e["line"] > 0})
stored = [int(x) for x in open("stored").read().split()]
rejected = sorted({int(x) for x in open("rejected").read().split()})
assert sorted(rec) == stored, ("records", rec, "stored", stored)
assert err == rejected, ("errors", err, "rejected", rejected)
assert not set(rec) & set(err), ("in both", set(rec) & set(err))
assert d["valid"] == len(rec) + len(d["superseded"]), (d["valid"], len(rec), d["superseded"])
'
}

cat >leave.csv <<'CSV'
leave_id,employee_id,type,start_date,end_date,approved_by,medical_cert,note
L1,E013,事假,2026-10-12,2026-10-14,E003,,ok
L2,E013,事假,2026-02-30,2026-10-14,E003,,bad date
L3,E013,事假,2026-10-12,2026-10-14,E003,,ok
L4,E013,事假,2026-10-14,2026-10-12,E003,,end before start
L5,E013,事假,2026-10-12
L6,E013,holiday,2026-10-12,2026-10-14,E003,,bad enum
L7,,事假,2026-10-12,2026-10-14,E003,,missing employee
L8,E014,病假,2026-11-09,2026-11-10,E016,是,"a note
over two lines"
L9,E014,病假,2026-11-09,2026-11-10,E016,是,ok
L1,E013,事假,2026-10-12,2026-10-15,E003,,the same key again: replaces line 2
CSV
check "CSV: records are the rows ingest stores, rejects only in errors" same leave.csv leave
"$KEFU" inspect --json leave.csv >i.json 2>/dev/null
check "CSV: a record names the line it starts on (a quoted newline spans two); a replaced row is superseded" python3 -c '
import json; d = json.load(open("i.json")); r = {x["fields"]["leave_id"]: x["line"] for x in d["records"]}
assert r == {"L1": 12, "L3": 4, "L8": 9, "L9": 11} and d["superseded"] == [2], (r, d["superseded"])'

cat >ma.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<meeting_attendance>
  <record><meeting_id>M1</meeting_id><employee_id>E003</employee_id><arrived>08:29</arrived><left>08:47</left><excused>N</excused><disruption>N</disruption></record>
  <record><meeting_id>M1</meeting_id><employee_id>E004</employee_id><arrived>25:99</arrived><left>08:47</left><excused>N</excused><disruption>N</disruption></record>
  <record><meeting_id>M1</meeting_id><employee_id>E005</employee_id><arrived>08:20</arrived><left>08:47</left><excused>maybe</excused><disruption>N</disruption></record>
  <record><meeting_id>M1</meeting_id><employee_id>E006</employee_id><arrived>08:21</arrived><left>08:47</left><excused>N</excused><disruption>N</disruption></record>
</meeting_attendance>
XML
check "XML: records are the rows ingest stores, rejects only in errors" same ma.xml meeting_attendance

# a file refused whole (an unterminated quote at its end): ingest stores
# nothing, so inspect lists no record, though rows before it were valid
printf 'leave_id,employee_id,type,start_date,end_date,approved_by,medical_cert,note\nL1,E013,事假,2026-10-12,2026-10-14,E003,,ok\nL2,E013,事假,2026-10-12,2026-10-14,E003,,"open\n' >whole.csv
"$KEFU" inspect --json whole.csv >i.json 2>/dev/null
check "refused whole: no record, the error has its line" python3 -c '
import json; d = json.load(open("i.json"))
assert d["records"] == [] and d["errors"] and d["errors"][-1]["line"] == 3, d'
"$KEFU" --db whole.db ingest whole.csv >/dev/null 2>&1
check_eq "refused whole: ingest stored nothing either" "$(sqlite3 whole.db 'SELECT count(*) FROM leave_data')" 0

finish
