#!/bin/sh
# End-to-end punch logs (issue 14): the punch kind from CSV, XML and .xlsx
# stores the same rows; its key is (employee, instant); a schema-6
# database (before the punch kind) upgrades in place.
. "$(dirname "$0")/lib.sh"
cd "$T_DIR"

cat > p.csv <<'EOF'
员工编号,打卡时间,打卡设备,来源
P001,2026-10-12 07:58:00,门禁1,考勤机
P001,2026-10-12 07:58:20,门禁1,考勤机
P001,2026/10/12 17:31,门禁1,考勤机
EOF
cat > p.xml <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<punch>
  <record><employee_id>P001</employee_id><at>2026-10-12 07:58:00</at><device>门禁1</device><source>考勤机</source></record>
  <record><employee_id>P001</employee_id><at>2026-10-12 07:58:20</at><device>门禁1</device><source>考勤机</source></record>
  <record><employee_id>P001</employee_id><at>2026-10-12 17:31</at><device>门禁1</device><source>考勤机</source></record>
</punch>
EOF
rows() {  # DB — the punch rows, canonical and ordered
  sqlite3 "$1" "select employee_id||'|'||at||'|'||ifnull(device,'')||'|'||ifnull(source,'') from punch order by employee_id, at"
}
"$KEFU" -q --db csv.db ingest p.csv >/dev/null 2>err
check_eq "a punch CSV ingests (Chinese headers recognised)" "$?" 0
check_eq "its rows: two punches 20 s apart kept as rows" "$(rows csv.db | tr '\n' ' ')" \
  "P001|2026-10-12 07:58:00|门禁1|考勤机 P001|2026-10-12 07:58:20|门禁1|考勤机 P001|2026-10-12 17:31:00|门禁1|考勤机 "
"$KEFU" -q --db xml.db ingest p.xml >/dev/null 2>err
check_eq "a punch XML ingests (schemas/punch.xsd)" "$?" 0
check_eq "XML and CSV store identical rows" "$(rows xml.db)" "$(rows csv.db)"
check_eq "provenance: the file and line of each row" \
  "$(sqlite3 csv.db "select src_file||':'||src_line from punch order by at" | tr '\n' ' ')" "p.csv:2 p.csv:3 p.csv:4 "

# the same second again (another export of the same clock) replaces the row
printf 'employee_id,at,device\nP001,2026-10-12 07:58:00,门禁2\n' > again.csv
"$KEFU" -q --db csv.db ingest again.csv >/dev/null 2>err
check_eq "the key is (employee, instant): the same second replaces" \
  "$(sqlite3 csv.db "select count(*)||':'||group_concat(device) from punch where at = '2026-10-12 07:58:00'")" "1:门禁2"

printf 'employee_id,at\nP001,7:58\n' > bad.csv
"$KEFU" -q --db bad.db ingest bad.csv >/dev/null 2>err
check_eq "a bare time is no punch instant: exit 65" "$?" 65
check "its message names the place" grep -q "bad.csv:2: field 'at': '7:58' is not a date and time" err

# the same rows as a workbook (the stdlib writer of tests/gen, no openpyxl needed)
PY=python3
command -v python3 >/dev/null 2>&1 || PY=/usr/bin/python3
"$PY" "$ROOT/tests/gen/make_punch_xlsx.py" punch.xlsx
check_eq "punch workbook written" "$?" 0
"$KEFU" -q --db x.db ingest punch.xlsx >/dev/null 2>err
check_eq "a punch workbook ingests (title row skipped, dates as serials)" "$?" 0
check_eq "workbook and CSV store identical rows" "$(rows x.db)" "$(rows xml.db)"

# a schema-6 database (before the punch kind) upgrades in place
"$KEFU" -q --db cur.db init >/dev/null 2>&1
cur=$(sqlite3 cur.db 'PRAGMA user_version')
"$KEFU" -q --db old.db ingest p.csv >/dev/null 2>&1
sqlite3 old.db 'DROP VIEW punch; DROP TABLE punch_data; PRAGMA user_version = 6;'
check_eq "the old database has no punch table" "$(sqlite3 old.db "select count(*) from sqlite_master where name = 'punch_data'")" 0
"$KEFU" --db old.db init >out 2>err
check_eq "init of a schema-6 database: exit 0" "$?" 0
check "init says it upgraded 6 → $cur" grep -q "upgraded from schema version 6 to $cur" out
check_eq "the punch table and view are there" \
  "$(sqlite3 old.db "select count(*) from sqlite_master where name in ('punch_data', 'punch')")" 2
check_eq "the old rows were kept" "$(sqlite3 old.db "select count(*) from source")" 1
"$KEFU" -q --db old.db ingest p.xml >/dev/null 2>&1
check_eq "the upgraded database takes punches" "$(sqlite3 old.db "select count(*) from punch")" 3
finish
