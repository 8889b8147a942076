#!/bin/sh
# tests/e2e/trace.sh — traceable report lines (issue 12): every finding
# line of the fines report names the export file and line of the rows it
# rests on (来源, "02-attendance.xml:17", a workbook row as
# "07-incident.xlsx[违规记录]!3"), and says so when a row is no longer
# stored; a fines line from an invalid leave names the leave (id, type,
# days); visit exceptions name the staff member and the head of the staff
# member's department (the policy's <roles dept-head>), or say the pack
# names no such role; custody lines name the borrower and the head, or that
# the borrower has no department. Over samples/, as of 2026-11-26.
# Usage: sh tests/e2e/trace.sh KEFU
. "$(dirname "$0")/lib.sh"

DB=$T_DIR/k.db
export SOURCE_DATE_EPOCH=1795651200   # 2026-11-26 00:00 UTC
check "ingest samples" "$KEFU" --db "$DB" --quiet ingest "$ROOT/samples/"
check "check as of 2026-11-26" "$KEFU" --db "$DB" --as-of 2026-11-26 --quiet check

# report DB KIND MONTH OUT [options before the command]
report() {
  db=$1; kind=$2; month=$3; out=$4; shift 4
  "$KEFU" --db "$db" --as-of 2026-11-26 --quiet "$@" report "$kind" --month "$month" -o "$out" 2>/dev/null
}
# text PDF — its text with every blank removed (a cell's lines joined)
text() { pdftotext -enc UTF-8 "$1" - | tr -d ' \n'; }

for m in 2026-10 2026-11; do
  check "report fines $m" report "$DB" fines $m "$T_DIR/fines-$m.pdf"
  n=$(pdftotext -enc UTF-8 "$T_DIR/fines-$m.pdf" - | grep -c '来源：')
  want=$(sqlite3 "$DB" "SELECT count(*) FROM finding WHERE subject_kind IN ('employee','department')
    AND date BETWEEN '$m-01' AND '$m-31'")
  check_eq "fines $m: every finding line names its source ($want)" "$n" "$want"
done

# each finding resting on one row names that row's file and line exactly
sqlite3 -separator ' ' "$DB" "SELECT f.sources FROM finding f WHERE f.subject_kind IN ('employee','department')
  AND f.date BETWEEN '2026-11-01' AND '2026-11-30' AND f.sources NOT LIKE '% %' AND f.sources <> ''" >"$T_DIR/one.txt"
: >"$T_DIR/want.txt"
while read -r s; do
  k=${s%%#*}; r=${s#*#}
  sqlite3 "$DB" "SELECT replace(src_file, rtrim(src_file, replace(src_file, '/', '')), '') || ':' || src_line
    FROM $k WHERE rowid = $r" >>"$T_DIR/want.txt"
done <"$T_DIR/one.txt"
check "some findings rest on one row" test -s "$T_DIR/want.txt"
text "$T_DIR/fines-2026-11.pdf" >"$T_DIR/fines.txt"
check "each names its file:line" sh -c "
  while read -r w; do grep -qF \"来源：\$w\" '$T_DIR/fines.txt' || { echo \"missing 来源：\$w\"; exit 1; }; done <'$T_DIR/want.txt'"
check "a finding on a missing report says it rests on no row" grep -qF '来源：无（依据为应有记录的缺失）' "$T_DIR/fines.txt"

# the invalid leave named whole: id, type, days (samples/03-leave.csv)
check "an absence from an invalid leave names it" \
  grep -qF '请假单QJ2026-109（事假，2026-11-16）无效（无批准人），按旷工处理' "$T_DIR/fines.txt"
text "$T_DIR/fines-2026-10.pdf" >"$T_DIR/f10.txt"
check "a leave of several days names them" grep -qF '请假单QJ2026-108（病假，2026-10-20至2026-10-21）无效' "$T_DIR/f10.txt"

# a row purged or replaced since the check: said, not left blank
cp "$DB" "$T_DIR/gone.db"
row=$(sqlite3 "$DB" "SELECT substr(sources, 12) FROM finding WHERE rule = 'late' AND sources LIKE 'attendance#%'
  AND date LIKE '2026-11-%' LIMIT 1")
sqlite3 "$T_DIR/gone.db" "DELETE FROM attendance_data WHERE rowid = ${row%% *}"
check "report fines after a row is gone" report "$T_DIR/gone.db" fines 2026-11 "$T_DIR/gone.pdf"
text "$T_DIR/gone.pdf" >"$T_DIR/gone.txt"
check "the line says its row is no longer stored" grep -qF "attendance#${row%% *}（记录已不在库：已清除或被替换）" "$T_DIR/gone.txt"

# a workbook row: file[sheet]!row, as the ingest messages write it
check "ingest samples with the incidents from a workbook" "$KEFU" --db "$T_DIR/x.db" --quiet ingest "$ROOT/samples/" \
  "$ROOT/samples/xlsx/07-incident.xlsx"
check "check" "$KEFU" --db "$T_DIR/x.db" --as-of 2026-11-26 --quiet check
check "report fines 2026-11 (workbook incidents)" report "$T_DIR/x.db" fines 2026-11 "$T_DIR/x.pdf"
want=$(sqlite3 "$T_DIR/x.db" "SELECT '07-incident.xlsx[' || i.src_sheet || ']!' || i.src_line FROM finding f
  JOIN incident i ON f.sources = 'incident#' || i.rowid WHERE f.date LIKE '2026-11-%' LIMIT 1")
text "$T_DIR/x.pdf" >"$T_DIR/x.txt"
check "a workbook row is named file[sheet]!row ($want)" grep -qF "来源：$want" "$T_DIR/x.txt"

# visits: the source, the staff member and the department's head
check "report visits 2026-11" report "$DB" visits 2026-11 "$T_DIR/visits.pdf"
n=$(sqlite3 "$DB" "SELECT count(*) FROM obligation WHERE status IN ('late','missed') AND due_at LIKE '2026-11-%'")
text "$T_DIR/visits.pdf" >"$T_DIR/visits.txt"
check_eq "every late or missed line names its source ($n)" "$(pdftotext -enc UTF-8 "$T_DIR/visits.pdf" - |
  grep -c '来源：')" "$n"
# the staff of one missed obligation, and the dept_head of that staff member's department
sqlite3 -separator ' ' "$DB" "SELECT st.employee_id, st.name, h.employee_id, h.name FROM obligation o
  JOIN service_event_data se ON se.event_id = o.subject_id JOIN employee_data st ON st.employee_id = se.staff_id
  JOIN employee_data h ON h.dept = st.dept AND h.role = 'dept_head'
  WHERE o.status = 'missed' AND o.due_at LIKE '2026-11-%' AND o.callback_id IS NULL LIMIT 1" >"$T_DIR/who.txt"
read -r sid sname hid hname <"$T_DIR/who.txt"
check "a missed callback names its staff member and the head ($sid, $hid)" \
  grep -qF "$sid$sname部门负责人：$hid$hname" "$T_DIR/visits.txt"
check "report visits --lang en" report "$DB" visits 2026-11 "$T_DIR/visits-en.pdf" --lang en
text "$T_DIR/visits-en.pdf" >"$T_DIR/visits-en.txt"
check "in English: Department head" grep -qF "$sid${sname}Departmenthead:$hid$hname" "$T_DIR/visits-en.txt"

# a pack naming no department-head role says so, and invents none
"$KEFU" policy show | sed 's/<roles dept-head="[a-z_]*">/<roles>/' >"$T_DIR/nohead.xml"
check "a pack without <roles dept-head> loads" sh -c "'$KEFU' policy check '$T_DIR/nohead.xml' >/dev/null"
check "report visits without a dept-head role" report "$DB" visits 2026-11 "$T_DIR/nohead.pdf" --policy "$T_DIR/nohead.xml"
text "$T_DIR/nohead.pdf" >"$T_DIR/nohead.txt"
check "it says the pack names none" grep -qF '部门负责人：本政策包未指定部门负责人角色' "$T_DIR/nohead.txt"
check "and names nobody as head" sh -c "! grep -qF '部门负责人：$hid' '$T_DIR/nohead.txt'"
"$KEFU" policy show | sed 's/<roles dept-head="[a-z_]*">/<roles dept-head="nobody">/' >"$T_DIR/badhead.xml"
check "a dept-head that is no role is refused" sh -c "! '$KEFU' policy check '$T_DIR/badhead.xml' 2>'$T_DIR/bad.txt' &&
  grep -q \"dept-head: 'nobody' is not a declared role\" '$T_DIR/bad.txt'"

# retention: overdue loans and other custody findings name the borrower and the head
check "report retention" report "$DB" retention 2026-11 "$T_DIR/ret.pdf"
text "$T_DIR/ret.pdf" >"$T_DIR/ret.txt"
sqlite3 -separator ' ' "$DB" "SELECT b.borrower, e.name, h.employee_id, h.name FROM finding f
  JOIN borrowing_data b ON b.loan_id = f.subject_id JOIN employee_data e ON e.employee_id = b.borrower
  JOIN employee_data h ON h.dept = e.dept AND h.role = 'dept_head' WHERE f.rule = 'key_loan_overdue' AND f.date LIKE '2026-11-%' LIMIT 1" >"$T_DIR/who.txt"
read -r bid bname hid hname <"$T_DIR/who.txt"
check "an overdue key names its borrower and the head ($bid, $hid)" grep -qF "$bid$bname部门负责人：$hid$hname" "$T_DIR/ret.txt"
# (the overdue loans of the month, and every other custody finding)
n=$(sqlite3 "$DB" "SELECT count(*) FROM finding WHERE subject_kind = 'loan' AND (date LIKE '2026-11-%'
  OR rule NOT IN ('key_loan_overdue', 'archive_loan_overdue'))")
check_eq "every custody line names its source ($n)" "$(pdftotext -enc UTF-8 "$T_DIR/ret.pdf" - | grep -c '来源：')" "$n"
check "an external borrower has no department" grep -qF '不在员工名册中，无所属部门' "$T_DIR/ret.txt"
finish
