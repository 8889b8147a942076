#!/bin/sh
# kefu export: every kind of samples/ written back in kefu's own layout
# (Chinese headers, yuan, 是/否, enumerations by name) and ingested into a
# fresh database stores exactly the same rows — the round trip a
# department relies on when it starts from an exported template.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
A=$T_DIR/a.db
B=$T_DIR/b.db
"$KEFU" --quiet --db "$A" ingest samples/ 2>/dev/null
check_eq "samples ingest" "$?" 0
mkdir -p "$T_DIR/exp"
cp -r samples/attachments "$T_DIR/exp/"   # archive records name their scans relative to the file
n=0
for k in employee attendance leave meeting meeting_attendance report_submission incident customer \
         service_event callback archive_record hold borrowing; do
  n=$((n + 1))
  "$KEFU" --db "$A" export "$k" -o "$T_DIR/exp/$(printf %02d $n)-$k.csv"
  check_eq "export $k exits 0" "$?" 0
done
check_eq "employee export: Chinese header, yuan, codes" \
  "$(head -n 2 "$T_DIR/exp/01-employee.csv" | tr -d '\r')" \
  "员工编号,姓名,部门,岗位,月工资,月奖金,入职日期,离职日期,身份证号,电话
E001,陈建国,客服部,gm,9000.00,3000.00,2012-03-01,,440303197608023016,13843588136"
"$KEFU" --quiet --db "$B" ingest "$T_DIR/exp" 2>"$T_DIR/err"
check_eq "the exports ingest without a reject" "$?:$(cat "$T_DIR/err")" "0:"
for k in employee attendance leave meeting meeting_attendance report_submission incident customer \
         service_event callback archive_record hold borrowing; do
  cols=$(sqlite3 "$A" "select group_concat('quote(\"'||name||'\")', '||''|''||') from pragma_table_info('${k}_data') where name not like 'src_%'")
  want=$(sqlite3 "$A" "select $cols from ${k}_data order by 1")
  check "round trip of $k: rows to compare" [ -n "$want" ]
  check_eq "round trip of $k: same rows" "$(sqlite3 "$B" "select $cols from ${k}_data order by 1")" "$want"
done
check "round trip compared non-empty tables" [ "$(sqlite3 "$B" "select count(*) from attendance")" -gt 1000 ]

"$KEFU" --db "$A" export employee > "$T_DIR/stdout.csv"
check_eq "export to standard output" "$(cmp "$T_DIR/stdout.csv" "$T_DIR/exp/01-employee.csv" && echo same)" same
"$KEFU" --db "$A" export visitor 2>"$T_DIR/err"
check_eq "unknown kind: usage error" "$?" 64
check_eq "unknown kind: message" "$(head -n 1 "$T_DIR/err")" "kefu: export: 'visitor' is not a record kind"
"$KEFU" --db "$A" export employee --format xlsx 2>"$T_DIR/err"
check_eq "--format xlsx: usage error" "$?" 64
finish
