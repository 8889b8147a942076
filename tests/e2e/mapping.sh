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
check "it lists the shipped ones" grep -qF "'nope' is neither a file nor a shipped mapping (dingtalk-daily, dingtalk-punch)" err
"$KEFU" --db b.db --mapping clock.xml --kind punch ingest clock.csv >out 2>err
check_eq "--kind with --mapping: usage error" "$?" 64
printf '工号,打卡结果\nK001,正常\n' > nocol.csv
"$KEFU" --db b.db --mapping dingtalk-punch ingest nocol.csv >out 2>err
check_eq "a file without a required column: exit 65" "$?" 65
check "it names the column the mapping expects" \
  grep -qF "nocol.csv:1: header has no column '打卡时间' for field 'at' (mapping dingtalk-punch), required for kind punch" err

# --- one source row, several records: the shipped dingtalk-daily ------------
# 每日统计: one row per employee and day, 上班1 … 下班2 clock times in
# columns of their own; each time is one punch at 日期 + time, its 打卡结果
# the source. Hand-checked: line 2 gives 4 punches; line 3 3 (上班2 blank,
# 缺卡); line 4 none (休息, all blank); line 5 2 (下班1 缺卡 skipped though a
# time is there, 上班2 blank and 未打卡); line 6 3 and a rejected 25:10.
cat > daily.csv <<'EOF'
姓名,工号,部门,日期,班次,上班1打卡时间,上班1打卡结果,下班1打卡时间,下班1打卡结果,上班2打卡时间,上班2打卡结果,下班2打卡时间,下班2打卡结果,迟到次数,加班时长
张伟,K001,客服部,2026-11-16 星期一,早班 08:00-12:00 13:30-17:30,07:58,正常,12:01,正常,13:25,正常,17:35,正常,0,1
李娜,K002,客服部,26-11-16 星期一,早班 08:00-12:00 13:30-17:30,08:12,迟到,12:00,正常,,缺卡,17:31:20,正常,1,0
王强,K003,秩序维护部,2026/11/17,休息,,,,,,,,,0,0
张伟,K001,客服部,2026-11-17 星期二,早班 08:00-12:00 13:30-17:30,08:00,正常,12:30,缺卡,,未打卡,17:30,正常,0,0
李娜,K002,客服部,2026-11-17,早班 08:00-12:00 13:30-17:30,07:59,正常,12:00,正常,13:30,正常,25:10,正常,0,0
EOF
drows() {
  sqlite3 "$1" "select employee_id||'|'||at||'|'||ifnull(source,'')||'|'||src_line from punch order by employee_id, at" | tr '\n' ' '
}
DWANT="K001|2026-11-16 07:58:00|正常|2 K001|2026-11-16 12:01:00|正常|2 K001|2026-11-16 13:25:00|正常|2 \
K001|2026-11-16 17:35:00|正常|2 K001|2026-11-17 08:00:00|正常|5 K001|2026-11-17 17:30:00|正常|5 \
K002|2026-11-16 08:12:00|迟到|3 K002|2026-11-16 12:00:00|正常|3 K002|2026-11-16 17:31:20|正常|3 \
K002|2026-11-17 07:59:00|正常|6 K002|2026-11-17 12:00:00|正常|6 K002|2026-11-17 13:30:00|正常|6 "
"$KEFU" --db dd.db --mapping dingtalk-daily ingest daily.csv >out 2>err
check_eq "dingtalk-daily CSV: exit 65 (one bad time)" "$?" 65
check_eq "one punch per clock time of each row, blank and 缺卡 none" "$(drows dd.db)" "$DWANT"
check_eq "the unknown column is reported once for the file, not per row" \
  "$(grep -c "daily.csv: columns not in mapping dingtalk-daily, ignored: '加班时长'" err)" 1
check_eq "the bad time is the only error" "$(grep -c "daily.csv:[0-9]" err)" 1
check "its message names line, field and value" \
  grep -qF "daily.csv:6: field 'at': '2026-11-17 25:10' is not a date and time" err
# the whole way: daily statistics in, no roster, the landscaping schedule
# (08:00-17:30) judges the punches. K002 on 11-16: in 08:12 (late); on
# 11-17: 07:59 in, and 13:30 - the start of the end window (17:30 - 4 h) -
# the last punch near the end (early). K001's lunch punches lie inside.
printf '员工编号,姓名,部门,岗位,月工资\nK001,张伟,销售部,员工,4350\nK002,李娜,销售部,员工,4350\n' > lemp.csv
"$KEFU" -q --db dd.db --policy landscaping ingest lemp.csv >/dev/null 2>&1
"$KEFU" -q --db dd.db --policy landscaping check --as-of 2026-11-30 >/dev/null 2>err
check_eq "daily statistics judged against the schedule: exit 0" "$?" 0
check_eq "their findings: warnings only" \
  "$(sqlite3 dd.db "select subject_id||' '||date||' '||rule||' '||sanction||' '||amount_fen from finding
                    where subject_kind = 'employee' order by 1" | tr '\n' ';')" \
  "K002 2026-11-16 late_schedule warning 0;K002 2026-11-17 early_schedule warning 0;"
"$KEFU" --mapping dingtalk-daily inspect --json daily.csv >out.json 2>err
check_eq "inspect --json: a record per punch, each with its row's line" \
  "$("$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["records"]), [r["line"] for r in d["records"]][:5])' out.json)" \
  "12 [2, 2, 2, 2, 3]"
if "$PY" -c 'import openpyxl' 2>/dev/null; then
  "$PY" - <<'EOF'
import datetime, openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = '每日统计'
ws.append(['每日统计 统计日期：2026-11-16 至 2026-11-17']); ws.merge_cells('A1:O1')
ws.append(['姓名', '工号', '部门', '日期', '班次', '上班1打卡时间', '上班1打卡结果', '下班1打卡时间', '下班1打卡结果',
           '上班2打卡时间', '上班2打卡结果', '下班2打卡时间', '下班2打卡结果', '迟到次数', '加班时长'])
T = datetime.time
S = '早班 08:00-12:00 13:30-17:30'
ws.append(['张伟', 'K001', '客服部', datetime.date(2026, 11, 16), S, T(7, 58), '正常', T(12, 1), '正常', T(13, 25), '正常', T(17, 35), '正常', 0, 1])
ws.append(['李娜', 'K002', '客服部', '26-11-16 星期一', S, '08:12', '迟到', '12:00', '正常', None, '缺卡', T(17, 31, 20), '正常', 1, 0])
ws.append(['王强', 'K003', '秩序维护部', '2026/11/17', '休息', None, None, None, None, None, None, None, None, 0, 0])
ws.append(['张伟', 'K001', '客服部', '2026-11-17 星期二', S, '08:00', '正常', '12:30', '缺卡', None, '未打卡', '17:30', '正常', 0, 0])
ws.append(['李娜', 'K002', '客服部', datetime.date(2026, 11, 17), S, '07:59', '正常', '12:00', '正常', '13:30', '正常', '25:10', '正常', 0, 0])
for r in range(3, 8):
    if isinstance(ws.cell(row=r, column=4).value, datetime.date): ws.cell(row=r, column=4).number_format = 'yyyy-mm-dd'
    for col in (6, 8, 10, 12):
        if isinstance(ws.cell(row=r, column=col).value, datetime.time): ws.cell(row=r, column=col).number_format = 'hh:mm:ss'
wb.save('daily.xlsx')
EOF
  "$KEFU" --db dx.db --mapping dingtalk-daily ingest daily.xlsx >out 2>err
  check_eq "dingtalk-daily workbook (title row, typed and text times): exit 65 (one bad time)" "$?" 65
  check_eq "the workbook stores the CSV's punches (rows one lower: the title row)" \
    "$(drows dx.db | sed 's/|3 /|2 /g; s/|4 /|3 /g; s/|6 /|5 /g; s/|7 /|6 /g')" "$DWANT"
  check "the bad time names the cell of its own repetition's column (下班2打卡时间: L)" \
    grep -qF "daily.xlsx[每日统计]!L7: field 'at': '2026-11-17 25:10' is not a date and time" err
  check_eq "the unknown column once for the sheet" "$(grep -c "columns not in mapping dingtalk-daily" err)" 1
else
  echo "skipped: python3-openpyxl missing: the dingtalk-daily workbook is not tested"
fi

# a <repeat> whose headers lack the index would read the same columns each time
cat > rep.xml <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<mapping version="1" kind="punch">
  <about>test</about>
  <field name="employee_id" header="工号"/>
  <repeat index="#" values="上班1 下班1">
    <field name="at" header="打卡时间"/>
  </repeat>
</mapping>
EOF
"$KEFU" --db b.db --mapping rep.xml ingest daily.csv >out 2>err
check_eq "a repeat without its index in a header: exit 65" "$?" 65
check "it says so with the line" grep -qF "rep.xml:5: repeat: no header of its fields holds the index '#'" err

# found by fuzz_mapping: bytes its declared encoding cannot read made
# libxml2 print three lines of its own on stderr, and the message named
# the consequence ("Premature end of data"), not the cause
printf '<?xml version="1.0" encoding="GB18030"?>\n<mapping version="1" kind="punch"><about>\250\040\342\206</about><field name="at" header="x"/></mapping>\n' > enc.xml
"$KEFU" --db b.db --mapping enc.xml ingest daily.csv >out 2>err
check_eq "a mapping its encoding cannot read: exit 65" "$?" 65
check_eq "one line on stderr, kefu's own" "$(wc -l < err | tr -d ' '):$(grep -c '^kefu: ' err)" "1:1"
check "it names the cause" grep -qF "enc.xml:2: not well-formed XML: input conversion failed due to input error, bytes 0xA8 0x20 0xE2 0x86" err
finish
