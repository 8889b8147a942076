#!/bin/sh
# Leave asked for in time, the hospital's emergency notice and rest day
# (issue 11, schema version 9): leave.requested_at from CSV (Chinese or
# canonical header) and XML; leave_late_request cites the pack's own
# article and quote; a leave without requested_at is not judged; a
# version-8 database (before requested_at and shift_swap) upgrades in
# place, its leaves kept and not judged. The shift_swap kind and the
# online shop's swap rules (四、2(4)).
. "$(dirname "$0")/lib.sh"
cd "$T_DIR"

cat > emp.csv <<'EOF'
employee_id,name,dept,role,monthly_wage
E001,甲,客服部,staff,4350
E002,乙,客服部,dept_head,6000
EOF
# Q1 asked the day before (in time), Q2 on its first day (late), Q3 with
# no requested_at (data from before: not judged)
cat > lv.csv <<'EOF'
请假单号,员工编号,请假类型,开始日期,结束日期,批准人,申请时间
Q1,E001,事假,2026-10-12,2026-10-12,E002,2026-10-11 17:00
Q2,E001,事假,2026-10-14,2026-10-14,E002,2026-10-14 08:10
Q3,E001,事假,2026-10-16,2026-10-16,E002,
EOF
cat > lv.xml <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<leave>
  <record><leave_id>Q1</leave_id><employee_id>E001</employee_id><type>personal</type><start_date>2026-10-12</start_date><end_date>2026-10-12</end_date><approved_by>E002</approved_by><requested_at>2026-10-11 17:00</requested_at></record>
  <record><leave_id>Q2</leave_id><employee_id>E001</employee_id><type>personal</type><start_date>2026-10-14</start_date><end_date>2026-10-14</end_date><approved_by>E002</approved_by><requested_at>2026-10-14T08:10:00</requested_at></record>
  <record><leave_id>Q3</leave_id><employee_id>E001</employee_id><type>personal</type><start_date>2026-10-16</start_date><end_date>2026-10-16</end_date><approved_by>E002</approved_by></record>
</leave>
EOF
rows() {  # DB — the leave rows with requested_at
  sqlite3 "$1" "select leave_id||'|'||ifnull(requested_at,'-') from leave order by leave_id" | tr '\n' ' '
}
late() {  # DB — the leave_late_request findings: subject date sanction amount sources | article
  sqlite3 "$1" "select subject_id||' '||date||' '||sanction||' '||amount_fen||' '||sources||' | '||article
                from finding where rule = 'leave_late_request' order by date" | tr '\n' ';'
}
"$KEFU" -q --db csv.db ingest emp.csv lv.csv >/dev/null 2>err
check_eq "a leave CSV with 申请时间 ingests" "$?" 0
check_eq "requested_at is stored (an empty cell: NULL)" "$(rows csv.db)" \
  "Q1|2026-10-11 17:00:00 Q2|2026-10-14 08:10:00 Q3|- "
"$KEFU" -q --db xml.db ingest emp.csv lv.xml >/dev/null 2>err
check_eq "a leave XML with <requested_at> ingests (schemas/leave.xsd)" "$?" 0
check_eq "XML and CSV store the same requested_at" "$(rows xml.db)" "$(rows csv.db)"

"$KEFU" -q --db csv.db check --as-of 2026-10-31 >/dev/null 2>err
check_eq "check: exit 0" "$?" 0
check_eq "property: only Q2, asked on its first day, is late (a warning of 0, the pack's article)" \
  "$(late csv.db)" "E001 2026-10-14 warning 0 leave#2 | 第二篇 规章制度1 办公环境管理规定 1;"
check_eq "its quote is the pack's sentence, and the assumption is stored" \
  "$(sqlite3 csv.db "select quote||' | '||(assumed <> '') from finding where rule = 'leave_late_request'")" \
  "如有特殊情况可提前一天向服务中心递交请假条。 | 1"
check_eq "its detail names the request and the deadline" \
  "$(sqlite3 csv.db "select detail from finding where rule = 'leave_late_request'")" \
  "请假 Q2（事假 2026-10-14 至 2026-10-14）于 2026-10-14 08:10 提出，未提前 1 天（最迟 2026-10-13 23:59:59）"
"$KEFU" -q --db xml.db --policy member-service check --as-of 2026-10-31 >/dev/null 2>err
check_eq "member-service cites its own 五、4" \
  "$(sqlite3 xml.db "select article from finding where rule = 'leave_late_request'")" "第二篇 规章制度2 五、4"
"$KEFU" -q --db xml.db --policy landscaping check --as-of 2026-10-31 >/dev/null 2>err
check_eq "landscaping (第一篇 has no such rule): no finding" \
  "$(sqlite3 xml.db "select count(*) from finding where rule like 'leave_late%'")" 0

printf 'leave_id,employee_id,type,start_date,end_date,requested_at\nQ9,E001,personal,2026-10-20,2026-10-20,yesterday\n' > bad.csv
"$KEFU" -q --db bad.db ingest emp.csv bad.csv >/dev/null 2>err
check_eq "a requested_at that is no date and time: exit 65" "$?" 65
check "its message names the place and field" grep -q "bad.csv:2: field 'requested_at': 'yesterday' is not a date and time" err

# --- a version-8 database (before requested_at) upgrades in place -----------
"$KEFU" -q --db v8.db ingest emp.csv lv.csv >/dev/null 2>&1
view=$(sqlite3 v8.db "select sql from sqlite_master where name = 'leave'" |
  sed "s/, datetime(d\.requested_at, 'unixepoch') AS requested_at//")
sqlite3 v8.db "drop view leave; alter table leave_data drop column requested_at; $view;
  drop view shift_swap; drop table shift_swap_data; pragma user_version = 8;" 2>err
check_eq "the version-8 database is made" "$?" 0
check_eq "its leave view has no requested_at" \
  "$(sqlite3 v8.db "select count(*) from pragma_table_info('leave') where name = 'requested_at'")" 0
"$KEFU" -q --db v8.db init >/dev/null 2>err
check_eq "kefu init upgrades it" "$?" 0
check_eq "it is now version 9 or later" "$([ "$(sqlite3 v8.db 'pragma user_version')" -ge 9 ] && echo yes)" yes
check_eq "its leaves are kept, requested_at empty" "$(rows v8.db)" "Q1|- Q2|- Q3|- "
check_eq "it has the shift_swap table and view" \
  "$(sqlite3 v8.db "select count(*) from sqlite_master where name in ('shift_swap', 'shift_swap_data')")" 2
"$KEFU" -q --db v8.db check --as-of 2026-10-31 >/dev/null 2>err
check_eq "the old leaves are not judged" "$(late v8.db)" ""
printf 'leave_id,employee_id,type,start_date,end_date,approved_by,requested_at\nQ4,E001,personal,2026-10-22,2026-10-22,E002,2026-10-22 07:00\n' > new.csv
"$KEFU" -q --db v8.db ingest new.csv >/dev/null 2>err
"$KEFU" -q --db v8.db check --as-of 2026-10-31 >/dev/null 2>err
check_eq "a leave ingested after the upgrade is judged" "$(late v8.db)" \
  "E001 2026-10-22 warning 0 leave#4 | 第二篇 规章制度1 办公环境管理规定 1;"
"$KEFU" -q --db v8.db init >/dev/null 2>err
check_eq "init again is a no-op" "$?" 0

# --- the hospital: the emergency notice and the weekly rest day -------------
cat > cemp.csv <<'EOF'
employee_id,name,dept,role,monthly_wage
H001,丙,客服部,staff,4000
H002,丁,客服部,dept_head,6000
EOF
# H001 worked Mon 10-12 … Sun 10-18 (no rest day); C1 told 10-21 09:00 for
# a leave that began 10-19 (more than 24 h after); C2 told within 24 h
{ echo "employee_id,date,shift_start,shift_end,clock_in,clock_out"
  for d in 12 13 14 15 16 17 18; do echo "H001,2026-10-$d,08:00,16:00,2026-10-$d 07:55,2026-10-$d 16:05"; done
} > cshift.csv
cat > clv.csv <<'EOF'
leave_id,employee_id,type,start_date,end_date,approved_by,requested_at
C1,H001,sick,2026-10-19,2026-10-20,H002,2026-10-21 09:00
C2,H001,personal,2026-10-23,2026-10-23,H002,2026-10-23 10:00
EOF
"$KEFU" -q --db c.db ingest cemp.csv cshift.csv clv.csv >/dev/null 2>err
"$KEFU" -q --db c.db --policy clinic check --as-of 2026-10-31 >/dev/null 2>err
check_eq "clinic check: exit 0" "$?" 0
check_eq "clinic: C1 told late (六、2); the week without rest (六、1)" \
  "$(sqlite3 c.db "select subject_id||' '||date||' '||rule||' '||sanction||' '||amount_fen||' '||article from finding
                   where rule in ('leave_late_notice','leave_late_request','rest_day_missing') order by date" | tr '\n' ';')" \
  "H001 2026-10-18 rest_day_missing warning 0 第二篇 规章制度3 六、1;H001 2026-10-19 leave_late_notice warning 0 第二篇 规章制度3 六、2;"
# --- the online shop's shift swaps (四、2(4)) ---------------------------------
cat > semp.csv <<'EOF'
employee_id,name,dept,role,monthly_wage
M001,店长甲,客服部,shop_manager,6000
S001,客服乙,客服部,staff,4000
S002,客服丙,客服部,staff,4000
EOF
# S001: three swaps in October (the third is one too many), the second
# reported to a colleague; one in November, reported to the 店长
cat > sw.csv <<'EOF'
换班单号,员工编号,换班日期,换班对象,报备人,备注
HB1,S001,2026-10-05,S002,M001,
HB2,S001,2026-10-12,S002,S002,报给了同事
HB3,S001,2026-10-20,S002,M001,本月第三次
HB4,S001,2026-11-02,S002,M001,
EOF
cat > sw.xml <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<shift_swap>
  <record><swap_id>HB1</swap_id><employee_id>S001</employee_id><date>2026-10-05</date><with_employee>S002</with_employee><reported_to>M001</reported_to></record>
  <record><swap_id>HB2</swap_id><employee_id>S001</employee_id><date>2026-10-12</date><with_employee>S002</with_employee><reported_to>S002</reported_to><note>报给了同事</note></record>
  <record><swap_id>HB3</swap_id><employee_id>S001</employee_id><date>2026-10-20</date><with_employee>S002</with_employee><reported_to>M001</reported_to><note>本月第三次</note></record>
  <record><swap_id>HB4</swap_id><employee_id>S001</employee_id><date>2026-11-02</date><with_employee>S002</with_employee><reported_to>M001</reported_to></record>
</shift_swap>
EOF
swaps() {  # DB — the stored swaps
  sqlite3 "$1" "select swap_id||'|'||employee_id||'|'||date||'|'||ifnull(with_employee,'')||'|'||ifnull(reported_to,'')
                from shift_swap order by swap_id" | tr '\n' ' '
}
"$KEFU" -q --db s.db --policy online-shop ingest semp.csv sw.csv >/dev/null 2>err
check_eq "a shift_swap CSV with Chinese headers ingests" "$?" 0
check_eq "its rows" "$(swaps s.db)" \
  "HB1|S001|2026-10-05|S002|M001 HB2|S001|2026-10-12|S002|S002 HB3|S001|2026-10-20|S002|M001 HB4|S001|2026-11-02|S002|M001 "
"$KEFU" -q --db sx.db --policy online-shop ingest semp.csv sw.xml >/dev/null 2>err
check_eq "a shift_swap XML ingests (schemas/shift_swap.xsd)" "$?" 0
check_eq "XML and CSV store the same swaps" "$(swaps sx.db)" "$(swaps s.db)"
"$KEFU" -q --db s.db --policy online-shop check --as-of 2026-11-30 >/dev/null 2>err
check_eq "online-shop check: exit 0" "$?" 0
check_eq "HB2 not reported to the 店长, HB3 the third in October" \
  "$(sqlite3 s.db "select subject_id||' '||date||' '||rule||' '||sanction||' '||amount_fen||' '||sources||' '||article
                   from finding where rule like 'shift_swap%' order by date" | tr '\n' ';')" \
  "S001 2026-10-12 shift_swap_unreported warning 0 shift_swap#2 第二篇 规章制度9 四、2(4);S001 2026-10-20 shift_swap_excess warning 0 shift_swap#3 第二篇 规章制度9 四、2(4);"
check_eq "each quotes its own sentence" \
  "$(sqlite3 s.db "select rule||': '||quote from finding where rule like 'shift_swap%' order by rule" | tr '\n' ';')" \
  "shift_swap_excess: 每月换班不得超不2次。;shift_swap_unreported: 换班需提前向店长报备。;"
"$KEFU" -q --db s.db export shift_swap -o swx.csv >/dev/null 2>err
check_eq "export shift_swap: exit 0" "$?" 0
"$KEFU" -q --db s2.db --policy online-shop ingest semp.csv swx.csv >/dev/null 2>err
check_eq "the export ingests back to the same rows" "$(swaps s2.db)" "$(swaps s.db)"
"$KEFU" -q --db s.db --policy online-shop report fines --month 2026-10 -o f.pdf >/dev/null 2>err
check_eq "online-shop fines report of 2026-10: exit 0" "$?" 0
pdftotext -layout f.pdf f.txt 2>/dev/null
check "the report names the rules in words (换班未报备)" grep -q "换班未报备" f.txt
check "…and quotes 四、2(4) in its appendix" grep -q "每月换班不得超不2次。" f.txt
finish
