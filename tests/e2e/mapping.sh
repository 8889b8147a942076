#!/bin/sh
# End-to-end --mapping (issue 14): the shipped DingTalk raw-punch layout
# from CSV and from a workbook (a date column with the weekday and a time
# column joined, 缺卡 rows skipped, an unknown column reported once per
# file), a user's own mapping (header aliases, a strptime format, a value
# map, title rows), and bad mappings refused with their place.
. "$(dirname "$0")/lib.sh"
cd "$T_DIR"

cat > ding.csv <<'EOF'
姓名,工号,部门,日期,打卡时间,打卡结果,打卡地址,打卡设备,外勤备注
张伟,K001,客服部,2026-11-16 星期一,08:21,正常,深圳市南山区,考勤机A,
张伟,K001,客服部,2026-11-16 星期一,17:33,正常,深圳市南山区,考勤机A,
李娜,K002,客服部,26-11-16 星期一,,缺卡,,,
李娜,K002,客服部,2026/11/17,8:27:10,正常,深圳市南山区,手机,
李娜,K002,客服部,26-11-18 星期三,08:02,迟到,深圳市南山区,手机,
李娜,K002,客服部,2026-11-17,25:00,正常,深圳市南山区,手机,
EOF
rows() {
  sqlite3 "$1" "select employee_id||'|'||at||'|'||ifnull(device,'')||'|'||ifnull(source,'')||'|'||src_line from punch order by at"
}
"$KEFU" --db d.db --mapping dingtalk-punch ingest ding.csv >out 2>err
check_eq "dingtalk-punch CSV: exit 65 (one bad time)" "$?" 65
check_eq "date + time joined, the weekday dropped, 缺卡 skipped, formats tried in turn" "$(rows d.db | tr '\n' ' ')" \
  "K001|2026-11-16 08:21:00|考勤机A|正常|2 K001|2026-11-16 17:33:00|考勤机A|正常|3 K002|2026-11-17 08:27:10|手机|正常|5 K002|2026-11-18 08:02:00|手机|迟到|6 "
check_eq "the unknown column is reported once for the file" \
  "$(grep -c "ding.csv: columns not in mapping dingtalk-punch, ignored: '外勤备注'" err)" 1
check "a bad time still names the place, the field and the value" \
  grep -qF "ding.csv:7: field 'at': '2026-11-17 25:00' is not a date and time" err
"$KEFU" --mapping dingtalk-punch inspect ding.csv >out 2>err
check "inspect names the mapping and the unknown column" \
  grep -qF "mapping:   dingtalk-punch; columns it does not know, ignored: '外勤备注'" out
"$KEFU" --mapping dingtalk-punch inspect --json ding.csv >out.json 2>err
check "inspect --json: the mapping and the unknown column as members" \
  grep -qF '"mapping":"dingtalk-punch","unmapped":"'"'"'外勤备注'"'"'"' out.json

PY=python3
for p in python3 /usr/bin/python3; do "$p" -c 'import openpyxl' 2>/dev/null && { PY=$p; break; }; done
if "$PY" -c 'import openpyxl' 2>/dev/null; then
  "$PY" - <<'EOF'
import datetime, openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = '原始记录'
ws.append(['原始打卡记录 统计日期：2026-11-16 至 2026-11-17']); ws.merge_cells('A1:H1')
ws.append(['姓名', '工号', '部门', '日期', '打卡时间', '打卡结果', '打卡地址', '打卡设备'])
ws.append(['张伟', 'K001', '客服部', datetime.date(2026, 11, 16), datetime.time(8, 21), '正常', '南山', '考勤机A'])
ws.append(['张伟', 'K001', '客服部', '2026-11-16 星期一', '17:33', '正常', '南山', '考勤机A'])
ws.append(['李娜', 'K002', '客服部', datetime.date(2026, 11, 16), None, '缺卡', None, None])
ws.cell(row=3, column=4).number_format = 'yyyy-mm-dd'
ws.cell(row=3, column=5).number_format = 'hh:mm'
wb.save('ding.xlsx')
EOF
  "$KEFU" -q --db x.db --mapping dingtalk-punch ingest ding.xlsx >out 2>err
  check_eq "dingtalk-punch workbook (title row, typed date and time cells): exit 0" "$?" 0
  check_eq "its rows" "$(rows x.db | tr '\n' ' ')" "K001|2026-11-16 08:21:00|考勤机A|正常|3 K001|2026-11-16 17:33:00|考勤机A|正常|4 "
else
  echo "skipped: python3-openpyxl missing: the dingtalk-punch workbook is not tested"
fi

# a user's own mapping: two title rows, header aliases, a compact timestamp
# format, a value map (进/出 → in/out) and an ignored column
cat > clock.xml <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<mapping version="1" kind="punch" title-rows="2">
  <about>门禁机 X100 导出 (firmware 2.3), as our front desk exports it</about>
  <field name="employee_id" header="卡号|工号"/>
  <field name="at" header="刷卡时间" format="%Y%m%d%H%M%S"/>
  <field name="source" header="方向">
    <value from="进" to="in"/>
    <value from="出" to="out"/>
    <value from="测试" skip="true"/>
  </field>
  <ignore header="序号"/>
</mapping>
EOF
printf '门禁刷卡记录\n导出时间 2026-11-18\n序号,卡号,刷卡时间,方向,备注\n1,K001,20261116082107,进,\n2,K001,20261116173340,出,\n3,K009,20261116120000,测试,\n' > clock.csv
"$KEFU" --db c.db --mapping clock.xml ingest clock.csv >out 2>err
check_eq "a user's mapping file: exit 0" "$?" 0
check_eq "title rows skipped, alias, format and value map applied" "$(rows c.db | tr '\n' ' ')" \
  "K001|2026-11-16 08:21:07||in|4 K001|2026-11-16 17:33:40||out|5 "
check "its unknown column reported" grep -qF "columns not in mapping clock.xml, ignored: '备注'" err

# bad mappings: refused before anything is read, with the place
sed 's/name="at"/name="when"/' clock.xml > badfield.xml
"$KEFU" --db b.db --mapping badfield.xml ingest clock.csv >out 2>err
check_eq "a field the kind has not: exit 65" "$?" 65
check "it names the line" grep -qF "badfield.xml:5: field 'when' is not a field of kind punch" err
check "nothing created" test ! -e b.db
sed 's/<about>.*<\/about>//' clock.xml > noabout.xml
"$KEFU" --db b.db --mapping noabout.xml ingest clock.csv >out 2>err
check_eq "a mapping that breaks the schema: exit 65" "$?" 65
check "its message names the file and line" grep -q "^kefu: noabout.xml:4: .*field" err
printf '<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY a "x">]>\n<mapping version="1" kind="punch"/>\n' > dt.xml
"$KEFU" --db b.db --mapping dt.xml ingest clock.csv >out 2>err
check_eq "a DOCTYPE: exit 65" "$?" 65
check "refused as such" grep -qF "dt.xml:2: DOCTYPE is not allowed in a mapping file" err
"$KEFU" --db b.db --mapping nope ingest clock.csv >out 2>err
check_eq "an unknown name: usage error" "$?" 64
check "it lists the shipped ones" grep -qF "'nope' is neither a file nor a shipped mapping (dingtalk-punch)" err
"$KEFU" --db b.db --mapping clock.xml --kind punch ingest clock.csv >out 2>err
check_eq "--kind with --mapping: usage error" "$?" 64
printf '工号,打卡结果\nK001,正常\n' > nocol.csv
"$KEFU" --db b.db --mapping dingtalk-punch ingest nocol.csv >out 2>err
check_eq "a file without a required column: exit 65" "$?" 65
check "it names the column the mapping expects" \
  grep -qF "nocol.csv:1: header has no column '打卡时间' for field 'at' (mapping dingtalk-punch), required for kind punch" err
finish
