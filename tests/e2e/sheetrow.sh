#!/bin/sh
# The sheet of every stored row (issue 14, schema version 8): rows read
# from a workbook name their sheet in the views (src_sheet), by the small
# sheet table's id packed above the row in src_line; CSV rows name none and
# store nothing more; a version-7 database upgrades in place and keeps
# every row.
. "$(dirname "$0")/lib.sh"
cd "$T_DIR" || exit 1
PY=python3
for p in python3 /usr/bin/python3; do
  if "$p" -c 'import openpyxl' 2>/dev/null; then PY=$p; break; fi
done

# --- a two-sheet workbook: each row lands with its sheet's name -------------
# Two sheets of the same kind (attendance), so a row's sheet cannot be
# guessed from its kind; the second sheet has a title row, so its rows
# start lower than the first's.
"$PY" - <<'PY'
import openpyxl
wb = openpyxl.Workbook()
a = wb.active
a.title = "一月"
a.append(["employee_id", "date", "shift_start", "shift_end", "clock_in", "clock_out", "note"])
a.append(["E001", "2026-01-05", "08:30", "17:30", "2026-01-05 08:29", "2026-01-05 17:31", ""])
a.append(["E002", "2026-01-05", "08:30", "17:30", "2026-01-05 08:40", "2026-01-05 17:35", ""])
b = wb.create_sheet("二月 (B)")
b.append(["二月打卡"])
b.append(["employee_id", "date", "shift_start", "shift_end", "clock_in", "clock_out", "note"])
b.append(["E001", "2026-02-02", "08:30", "17:30", "2026-02-02 08:20", "2026-02-02 17:40", ""])
wb.save("two.xlsx")
PY
check_eq "the two-sheet workbook is written" "$?" 0
cat > emp.csv <<'CSV'
employee_id,name,dept,role,monthly_wage
E001,张三,客服部,部门负责人,4350.00
E002,李四,客服部,部门负责人,4350.00
CSV
"$KEFU" --quiet --db w.db ingest two.xlsx emp.csv >/dev/null 2>err
check_eq "workbook and CSV ingest" "$?" 0
CUR=$(sed -n 's/^PRAGMA user_version = \([0-9]*\);$/\1/p' "$ROOT/schemas/schema.sql")
check_eq "database is the current version ($CUR)" "$(sqlite3 w.db 'pragma user_version')" "$CUR"
check_eq "each workbook row names its sheet and its row" \
  "$(sqlite3 w.db "select employee_id||' '||date||' '||src_file||'['||src_sheet||']!'||src_line from attendance order by date, employee_id" | tr '\n' ';')" \
  "E001 2026-01-05 two.xlsx[一月]!2;E002 2026-01-05 two.xlsx[一月]!3;E001 2026-02-02 two.xlsx[二月 (B)]!3;"
check_eq "CSV rows name no sheet" \
  "$(sqlite3 w.db "select count(*)||' '||count(src_sheet) from employee")" "2 0"
check_eq "the sheet table holds each sheet once, as a small integer per row" \
  "$(sqlite3 w.db "select group_concat(name, ',') from (select name from sheet order by id)")" "一月,二月 (B)"
check_eq "a workbook row packs its sheet's id above its row: (id << 32) | row" \
  "$(sqlite3 w.db "select group_concat(src_line, ',') from (select src_line from attendance_data order by src_line)")" \
  "$(((1 << 32) | 2)),$(((1 << 32) | 3)),$(((2 << 32) | 3))"
check_eq "a CSV row's src_line is its line: nothing more is stored for it" \
  "$(sqlite3 w.db "select group_concat(src_line, ',') from (select src_line from employee_data order by src_line)")" "2,3"
check_eq "the kind tables have no column beyond version 7's" \
  "$(sqlite3 w.db "select count(*) from pragma_table_info('attendance_data') where name like 'src%'")" 2

# --- the role history names the sheet of a workbook's employee row ----------
"$PY" - <<'PY'
import openpyxl
wb = openpyxl.Workbook()
a = wb.active
a.title = "人员"
a.append(["employee_id", "name", "dept", "role", "monthly_wage"])
a.append(["E003", "王五", "客服部", "部门负责人", 5000])
wb.save("staff.xlsx")
PY
"$KEFU" --quiet --db w.db ingest staff.xlsx >/dev/null 2>err
check_eq "the staff workbook ingests" "$?" 0
"$KEFU" --db w.db audit show --roles >roles 2>err
check "audit show --roles names a workbook row as ingest does: FILE[SHEET]!ROW" grep -qF "staff.xlsx[人员]!2" roles
check "and a CSV row as FILE:LINE" grep -qF "emp.csv:2" roles
"$KEFU" --db w.db audit show --roles --json >roles.json 2>err
check_eq "audit show --roles --json: the sheet, null for CSV" \
  "$("$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); r=d if isinstance(d,list) else d.get("roles", d.get("history")); print(sorted((x["employee"], x["sheet"]) for x in r))' roles.json)" \
  "[('E001', None), ('E002', None), ('E003', '人员')]"
check_eq "the role's audit entry records the sheet" \
  "$(sqlite3 w.db "select json_extract(detail, '$.sheet') from audit where action = 'role' and json_extract(detail, '$.employee') = 'E003'")" "人员"

# --- purge show and the register name a workbook role row's sheet ----------
# The samples, with the employees from their workbook (samples/xlsx/).
mkdir org
for f in "$ROOT"/samples/*.csv "$ROOT"/samples/*.xml; do
  case $f in */01-employee.csv) ;; *) cp "$f" org/ ;; esac
done
cp -r "$ROOT/samples/attachments" org/ 2>/dev/null
cp "$ROOT/samples/xlsx/01-employee.xlsx" org/
P() { "$KEFU" --db p.db --as-of 2026-11-26 "$@"; }
P --quiet ingest org >/dev/null 2>err
check_eq "the samples ingest with the employee workbook" "$(sqlite3 p.db "select count(*) from employee where src_sheet = '员工'")" \
  "$(sqlite3 p.db "select count(*) from employee")"
prole() { sqlite3 p.db "SELECT employee_id FROM employee WHERE role = '$1' AND left_on IS NULL ORDER BY employee_id LIMIT 1"; }
P --quiet check >/dev/null 2>&1
BATCH=$(P purge plan --prepared-by "$(prole cs_chief)" --out out 2>err)
P purge approve "$BATCH" --reviewed-by "$(prole cs_supervisor)" --approved-by "$(prole center_director)" >/dev/null 2>err
check_eq "a batch is planned and approved" "$?" 0
P purge show "$BATCH" >show 2>err
check "purge show: the reviewer's role row from the workbook names its sheet" \
  grep -q "^  reviewer .*, role row from .*01-employee.xlsx\[员工\] read 20" show
W=$(sqlite3 p.db "SELECT employee_id FROM employee WHERE role = 'staff' AND left_on IS NULL ORDER BY employee_id LIMIT 2")
set -- $W
B=$(P purge execute "$BATCH" --rechecked-by "$(prole cs_supervisor)" --witness "$1" --witness "$2" --out out 2>err)
check "the batch executes" test -s "$B"
tar -xzf "$B" "purge-$BATCH/data/register.pdf" 2>err
pdftotext -layout "purge-$BATCH/data/register.pdf" register.txt 2>/dev/null
check "the register names the role rows' workbook and sheet" grep -qF "01-employee.xlsx[员工]" register.txt

# --- a version-7 database upgrades in place and keeps every row --------------
# Made from a current one as version 7 had it: plain lines in src_line,
# the views without src_sheet, no sheet table.
cp w.db v7.db
before=$(sqlite3 v7.db "select employee_id||date||src_file||src_line from attendance order by 1" | cksum)
kinds=$(sqlite3 v7.db "select substr(name, 1, length(name) - 5) from sqlite_master where type = 'table' and name like '%\_data' escape '\\' and name <> 'obligation_data'")
status=$(sqlite3 v7.db "select sql from sqlite_master where name = 'record_status'")
sql="drop view record_status;"
for k in $kinds; do sql="$sql drop view \"$k\";"; done
for k in $kinds; do
  sql="$sql update \"${k}_data\" set src_line = src_line & 4294967295;
  create view \"$k\" as select d.rowid as rowid, d.*, s.file as src_file, s.sha256 as src_sha256
    from \"${k}_data\" d join source s on s.id = d.src_id;"
done
sql="$sql $status; drop table sheet; alter table role_history drop column src_sheet; pragma user_version = 7;"
sqlite3 v7.db "$sql" 2>err
check_eq "the version-7 database is made" "$?" 0
check_eq "its views have no src_sheet" \
  "$(sqlite3 v7.db "select count(*) from pragma_table_info('attendance') where name = 'src_sheet'")" 0
n7=$(sqlite3 v7.db "select (select count(*) from attendance_data)||' '||(select count(*) from employee_data)")
"$KEFU" --quiet --db v7.db init >/dev/null 2>err
check_eq "kefu init upgrades it" "$?" 0
check_eq "it is now the current version ($CUR)" "$(sqlite3 v7.db 'pragma user_version')" "$CUR"
check_eq "every row is kept" \
  "$(sqlite3 v7.db "select (select count(*) from attendance_data)||' '||(select count(*) from employee_data)")" "$n7"
check_eq "with its file and line" \
  "$(sqlite3 v7.db "select employee_id||date||src_file||src_line from attendance order by 1" | cksum)" "$before"
check_eq "every kind's view shows src_sheet (NULL: version 7 did not keep it)" \
  "$(for k in $kinds; do sqlite3 v7.db "select count(*) from pragma_table_info('$k') where name = 'src_sheet'"; done | sort -u)" 1
check_eq "record_status (a view over archive_record) still reads" \
  "$(sqlite3 v7.db "select count(*) from record_status" 2>&1)" 0
check_eq "the role history gains src_sheet (NULL for the rows before)" \
  "$(sqlite3 v7.db "select count(*)||' '||count(src_sheet) from role_history")" "3 0"
check_eq "the rows stored before the upgrade name no sheet" \
  "$(sqlite3 v7.db "select count(src_sheet) from attendance")" 0
cat > three.csv <<'CSV'
employee_id,date,shift_start,shift_end,clock_in,clock_out,note
E002,2026-03-02,08:30,17:30,2026-03-02 08:30,2026-03-02 17:30,
CSV
"$PY" - <<'PY'
import openpyxl
wb = openpyxl.Workbook()
a = wb.active
a.title = "四月"
a.append(["employee_id", "date", "shift_start", "shift_end", "clock_in", "clock_out", "note"])
a.append(["E002", "2026-04-01", "08:30", "17:30", "2026-04-01 08:29", "2026-04-01 17:31", ""])
wb.save("four.xlsx")
PY
"$KEFU" --quiet --db v7.db ingest three.csv four.xlsx >/dev/null 2>err
check_eq "the upgraded database takes new files" "$?" 0
check_eq "and its new workbook rows name their sheet" \
  "$(sqlite3 v7.db "select ifnull(src_sheet, '-') from attendance where date in ('2026-03-02', '2026-04-01') order by date" | tr '\n' ';')" "-;四月;"
finish
