#!/bin/sh
# kefu export: every kind of samples/ written back in kefu's own layout
# (Chinese headers, yuan, 是/否, enumerations by name), as CSV and as .xlsx,
# and ingested into a fresh database stores exactly the same rows — the round trip a
# department relies on when it starts from an exported template.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
A=$T_DIR/a.db
B=$T_DIR/b.db
"$KEFU" --quiet --db "$A" ingest samples/ 2>/dev/null
check_eq "samples ingest" "$?" 0
KINDS="employee attendance leave meeting meeting_attendance report_submission incident customer
       service_event callback archive_record hold borrowing"
roundtrip() {  # FORMAT — export every kind, ingest the exports afresh, compare
  fmt=$1; D=$T_DIR/exp-$fmt; B=$T_DIR/b-$fmt.db
  mkdir -p "$D"
  cp -r samples/attachments "$D/"   # archive records name their scans relative to the file
  n=0
  for k in $KINDS; do
    n=$((n + 1))
    "$KEFU" --db "$A" export "$k" --format "$fmt" -o "$D/$(printf %02d $n)-$k.$fmt"
    check_eq "$fmt: export $k exits 0" "$?" 0
  done
  "$KEFU" --quiet --db "$B" ingest "$D" 2>"$T_DIR/err"
  check_eq "$fmt: the exports ingest without a reject" "$?:$(cat "$T_DIR/err")" "0:"
  for k in $KINDS; do
    cols=$(sqlite3 "$A" "select group_concat('quote(\"'||name||'\")', '||''|''||') from pragma_table_info('${k}_data') where name not like 'src_%'")
    want=$(sqlite3 "$A" "select $cols from ${k}_data order by 1")
    check "$fmt: round trip of $k: rows to compare" [ -n "$want" ]
    check_eq "$fmt: round trip of $k: same rows" "$(sqlite3 "$B" "select $cols from ${k}_data order by 1")" "$want"
  done
  check_eq "$fmt: every file a source" "$(sqlite3 "$B" "select count(*) from source where format='$fmt'")" 13
}
roundtrip csv
roundtrip xlsx
check_eq "employee export: Chinese header, yuan, codes" \
  "$(head -n 2 "$T_DIR/exp-csv/01-employee.csv" | tr -d '\r')" \
  "员工编号,姓名,部门,岗位,月工资,月奖金,入职日期,离职日期,身份证号,电话
E001,陈建国,客服部,gm,9000.00,3000.00,2012-03-01,,440303197608023016,13843588136"
"$KEFU" --db "$A" export employee --format xlsx 2>"$T_DIR/err"
check_eq "--format xlsx without -o: usage error" "$?" 64

"$KEFU" --db "$A" export employee > "$T_DIR/stdout.csv"
check_eq "export to standard output" "$(cmp "$T_DIR/stdout.csv" "$T_DIR/exp-csv/01-employee.csv" && echo same)" same
"$KEFU" --db "$A" export visitor 2>"$T_DIR/err"
check_eq "unknown kind: usage error" "$?" 64
check_eq "unknown kind: message" "$(head -n 1 "$T_DIR/err")" "kefu: export: 'visitor' is not a record kind"
ln -s "$T_DIR/victim" "$T_DIR/link.xlsx"
"$KEFU" --db "$A" export employee --format xlsx -o "$T_DIR/link.xlsx" 2>/dev/null
check_eq "--format xlsx -o a symlink: refused" "$?:$(test -e "$T_DIR/victim" && echo written)" "73:"
check_eq "the workbook is 0600 and no temporary file is left" \
  "$(stat -c %a "$T_DIR/exp-xlsx/01-employee.xlsx"):$(ls -a "$T_DIR/exp-xlsx" | grep -c tmp)" "600:0"
"$KEFU" --db "$A" export employee --format ods 2>"$T_DIR/err"
check_eq "--format ods: usage error" "$?" 64
finish
