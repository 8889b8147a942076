#!/bin/sh
# End-to-end .xlsx ingest: workbooks written by tests/gen/make_xlsx.py
# (title rows, a merged title, typed dates and times, a formula's cached
# value, the 1904 date system, shared strings with rich text, two registers
# in one workbook), the same rows as CSV and as workbooks stored
# identically, errors named by cell, and every hostile workbook refused
# with its exact message, exit 65, nothing stored, within 2 s and 100 MB.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
G=$T_DIR/gen
# The generator needs only the standard library; its openpyxl workbook is
# written when some python3 on the machine has python3-openpyxl.
PY=python3
for p in python3 /usr/bin/python3; do
  if "$p" -c 'import openpyxl' 2>/dev/null; then PY=$p; break; fi
done
"$PY" tests/gen/make_xlsx.py "$G" 2>"$T_DIR/generr"
check_eq "workbooks generated" "$?" 0
[ -s "$T_DIR/generr" ] && echo "note: $(cat "$T_DIR/generr")"

rows() {  # DB — the attendance rows, canonical and ordered
  sqlite3 "$1" "select employee_id||'|'||date||'|'||shift_start||'|'||shift_end||'|'||ifnull(clock_in,'')||'|'||ifnull(clock_out,'')||'|'||ifnull(note,'') from attendance order by employee_id, date"
}
ing() {  # DB FILE... — ingest quietly, stderr to $T_DIR/err, exit code echoed
  db=$1; shift
  "$KEFU" --quiet --db "$db" ingest "$@" >/dev/null 2>"$T_DIR/err"
  echo $?
}

check_eq "CSV ingests" "$(ing "$T_DIR/csv.db" "$G/same.csv")" 0
check_eq "1904 workbook ingests" "$(ing "$T_DIR/d1904.db" "$G/d1904.xlsx")" 0
check_eq "CSV and 1904 workbook store identical rows" "$(rows "$T_DIR/d1904.db")" "$(rows "$T_DIR/csv.db")"
check_eq "rich text and phonetic guide: runs joined, guide skipped" \
  "$(sqlite3 "$T_DIR/d1904.db" "select note from attendance where employee_id='E001'")" "正常"
if [ -f "$G/openpyxl.xlsx" ]; then
  check_eq "openpyxl workbook ingests" "$(ing "$T_DIR/op.db" "$G/openpyxl.xlsx")" 0
  check_eq "CSV and openpyxl workbook store identical rows" "$(rows "$T_DIR/op.db")" "$(rows "$T_DIR/csv.db")"
else
  echo "skip: python3-openpyxl missing: the openpyxl-written workbook is not tested"
fi

# The sample registers as workbooks (samples/xlsx/, a merged title row,
# typed dates and amounts) store exactly the rows of their CSV.
for x in samples/xlsx/*.xlsx; do
  b=$(basename "$x" .xlsx); k=${b#*-}
  rm -f "$T_DIR"/sa.db* "$T_DIR"/sb.db*
  check_eq "$x ingests" "$(ing "$T_DIR/sa.db" "$x")" 0
  c=samples/$b.csv   # a register of the main sample, or of a sample org (samples/punch-log/)
  # (the punch workbook is samples/punch-log's log: samples/punch-log/README.md)
  for d in samples/punch-log samples/*; do [ -f "$c" ] || c=$d/$b.csv; done
  ing "$T_DIR/sb.db" "$c" >/dev/null
  cols=$(sqlite3 "$T_DIR/sa.db" "select group_concat('quote(\"'||name||'\")', '||''|''||') from pragma_table_info('${k}_data') where name not like 'src_%'")
  check_eq "$x stores the rows of $c" \
    "$(sqlite3 "$T_DIR/sa.db" "select $cols from ${k}_data order by 1")" \
    "$(sqlite3 "$T_DIR/sb.db" "select $cols from ${k}_data order by 1")"
  check "$x: rows stored" [ "$(sqlite3 "$T_DIR/sa.db" "select count(*) from ${k}_data")" -ge 2 ]
done

# Title rows, a merged title, a formula's cached value, styled empty rows.
DB=$T_DIR/k.db
check_eq "titled workbook ingests" "$(ing "$DB" "$G/title.xlsx")" 0
check_eq "no messages" "$(cat "$T_DIR/err")" ""
check_eq "4 rows, formula cached value used, empty trailing rows skipped" \
  "$(sqlite3 "$DB" "select employee_id||'|'||date||'|'||substr(shift_start,1,5)||'|'||substr(shift_end,1,5)||'|'||ifnull(substr(clock_in,1,16),'')||'|'||ifnull(substr(clock_out,1,16),'')||'|'||ifnull(note,'') from attendance order by employee_id")" \
  "$(cat "$G/title.expect")"
check_eq "provenance: sheet rows 4-7" "$(sqlite3 "$DB" "select group_concat(src_line) from (select src_line from attendance order by src_line)")" "4,5,6,7"
check_eq "source is the workbook, format xlsx" \
  "$(sqlite3 "$DB" "select format||' '||kind||' '||(sha256='$(sha256sum "$G/title.xlsx" | cut -c1-64)') from source")" "xlsx attendance 1"
check_eq "re-ingest skips the workbook" "$(ing "$DB" "$G/title.xlsx")" 0
# --quiet prints only errors and rejects (issue 16): ask without it
"$KEFU" --db "$DB" ingest "$G/title.xlsx" >/dev/null 2>"$T_DIR/err"
check "re-ingest says already ingested" grep -q 'already ingested on' "$T_DIR/err"

# 18.2 MB of shared strings: past the 16 MiB kept in memory, spilled to a
# temporary file and read back from it, in bounded memory.
TIMEV=
[ -x /usr/bin/time ] && TIMEV="/usr/bin/time -f %M -o $T_DIR/rss"
$TIMEV "$KEFU" --quiet --db "$T_DIR/spill.db" ingest "$G/spill.xlsx" 2>"$T_DIR/err"
check_eq "spilled shared strings: ingest exits 0" "$?:$(cat "$T_DIR/err")" "0:"
check_eq "spilled shared strings: every row, notes read back from the spill" \
  "$(sqlite3 "$T_DIR/spill.db" "select count(*)||' '||count(distinct note)||' '||min(note)||' '||(select note from attendance where src_line=2) from attendance")" \
  "160000 160000 备注 000000 $(printf 'x%.0s' $(seq 100)) 备注 159999 $(printf 'x%.0s' $(seq 100))"
# (not under AddressSanitizer, whose shadow memory and quarantine are the RSS)
if [ -n "$TIMEV" ] && ! grep -q __asan_init "$KEFU"; then
  rss=$(tail -n 1 "$T_DIR/rss")
  check "spilled shared strings: peak RSS $rss KB (< 64 MiB)" [ "$rss" -lt 65536 ]
fi

# Serial dates around Excel's 1900-02-29; errors named by sheet and cell.
check_eq "leap workbook: rows rejected" "$(ing "$T_DIR/leap.db" "$G/leap1900.xlsx")" 65
check_eq "leap workbook: messages by cell" "$(cat "$T_DIR/err")" \
"kefu: $G/leap1900.xlsx[考勤]!B4: field 'date': '1900-02-29' is not a date (YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD or YYYY年MM月DD日)
kefu: $G/leap1900.xlsx[考勤]!C5: field 'shift_start': 'abc' is not a time (HH:MM or HH:MM:SS)"
check_eq "serials 59 and 61 are 1900-02-28 and 1900-03-01" \
  "$(sqlite3 "$T_DIR/leap.db" "select group_concat(date) from (select date from attendance order by date)")" "1900-02-28,1900-03-01"
check_eq "rejects stored with the sheet row" "$(sqlite3 "$T_DIR/leap.db" "select group_concat(line) from reject")" "4,5"

# Two registers in one workbook; --sheet picks one.
check_eq "two registers ingest" "$(ing "$T_DIR/two.db" "$G/two.xlsx")" 0
check_eq "borrowing rows (title row skipped), Excel booleans read" \
  "$(sqlite3 "$T_DIR/two.db" "select group_concat(loan_id||':'||external||':'||out_at||':'||ifnull(returned_at,'-'), ' ') from borrowing")" \
  "L001:1:2026-11-02 09:00:00:2026-11-02 12:00:00 L002:0:2026-11-03 09:00:00:-"
check_eq "audit entry names each sheet with its kind, header row and counts" \
  "$(sqlite3 "$T_DIR/two.db" "select json_extract(detail, '\$.sheets') from audit where action='ingest'")" \
  '[{"sheet":"借用","kind":"borrowing","header_row":2,"stored":2,"rejected":0},{"sheet":"回访","kind":"callback","header_row":1,"stored":1,"rejected":0}]'
check_eq "callback row" "$(sqlite3 "$T_DIR/two.db" "select callback_id||' '||at||' '||channel from callback")" "CB1 2026-11-02 14:24:00 phone"
check_eq "--sheet 回访 reads only that sheet" \
  "$("$KEFU" --json inspect --sheet 回访 "$G/two.xlsx" | grep -o '"kind":"[a-z_]*"')" '"kind":"callback"'
"$KEFU" --sheet 无此表 inspect "$G/two.xlsx" >"$T_DIR/out"
check_eq "--sheet with an unknown sheet exits 65" "$?" 65
check "--sheet names the sheets there are" grep -q "no sheet named '无此表' (sheets: 借用, 回访)" "$T_DIR/out"

# A directory's .xlsx files are ingested beside its CSV.
mkdir -p "$T_DIR/dir"
cp "$G/same.csv" "$G/two.xlsx" "$T_DIR/dir/"
check_eq "a directory ingests its .xlsx" "$(ing "$T_DIR/dir.db" "$T_DIR/dir")" 0
check_eq "both files recorded" "$(sqlite3 "$T_DIR/dir.db" "select group_concat(format) from (select format from source order by file)")" "csv,xlsx"

# Hostile workbooks: exact message, exit 65, nothing stored but the reject,
# within 2 s (and 100 MB where GNU time is there to measure it).
TIME=
[ -x /usr/bin/time ] && TIME="/usr/bin/time -f %M -o $T_DIR/rss"
hostile() {  # FILE MESSAGE
  rm -f "$T_DIR"/h.db*
  t0=$(date +%s%N)
  $TIME "$KEFU" --quiet --db "$T_DIR/h.db" ingest "$G/$1" >/dev/null 2>"$T_DIR/err"
  rc=$?
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  check_eq "$1: exit 65" "$rc" 65
  check_eq "$1: message" "$(cat "$T_DIR/err")" "kefu: $G/$1: $2"
  check_eq "$1: nothing stored" "$(sqlite3 "$T_DIR/h.db" "select ((select count(*) from source)+(select count(*) from attendance))||' '||(select count(*) from reject where line=0)")" "0 1"
  check "$1: refused in ${ms} ms (< 2000)" [ "$ms" -lt 2000 ]
  if [ -n "$TIME" ]; then
    rss=$(tail -n 1 "$T_DIR/rss")
    check "$1: peak RSS $rss KB (< 100 MB)" [ "$rss" -lt 102400 ]
  fi
}
hostile bomb.xlsx "member 'xl/worksheets/sheet1.xml' inflates past 200 times its compressed size (zip bomb?): refused"
hostile encrypted.xlsx "the workbook is encrypted (an EncryptionInfo stream): remove its password in Excel or WPS and save it again as .xlsx"
hostile old.xls "an Excel 97-2003 binary workbook (.xls, a Workbook stream) is not read: open it in Excel or WPS and save it as .xlsx"
hostile macro.xlsm "a macro-enabled workbook (.xlsm, part 'xl/vbaProject.bin'): kefu never runs macros; save it as a plain .xlsx workbook"
hostile dotdot.xlsx "member name '../../evil.sh' is absolute or leaves the archive ('..'): refused"
# (two messages whose place is the sheet: no ': ' after the file name)
rm -f "$T_DIR"/h.db*
"$KEFU" --quiet --db "$T_DIR/h.db" ingest "$G/doctype.xlsx" 2>"$T_DIR/err"
check_eq "doctype.xlsx: exit 65" "$?" 65
check_eq "doctype.xlsx: message" "$(cat "$T_DIR/err")" \
  "kefu: $G/doctype.xlsx[Sheet1]: the sheet's XML has a DOCTYPE: a workbook part never does (refused)"
"$KEFU" --quiet --db "$T_DIR/h.db" ingest "$G/huge-dim.xlsx" 2>"$T_DIR/err"
check_eq "huge-dim.xlsx: exit 65" "$?" 65
check_eq "huge-dim.xlsx: message" "$(cat "$T_DIR/err")" \
  "kefu: $G/huge-dim.xlsx[Sheet1]: dimension 'A1:G99999999' lies past Excel's 1,048,576 rows and 16,384 columns (absurd dimensions): refused"
# Sheets that are not well-formed: the scanner names the sheet, the line
# and the cause; nothing of the good first rows is stored.
badxml() {  # FILE CAUSE
  "$KEFU" --quiet --db "$T_DIR/h.db" ingest "$G/$1" 2>"$T_DIR/err"
  check_eq "$1: exit 65" "$?" 65
  check_eq "$1: message" "$(cat "$T_DIR/err")" \
    "kefu: $G/$1[Sheet1]: the sheet's XML is not well-formed (line 2: $2)"
}
badxml mismatch.xlsx "an end tag that does not match its start tag"
badxml entity.xlsx "an entity other than the five XML predefines, or a bad character reference"
badxml badutf8.xlsx "bytes that are not UTF-8"
"$KEFU" --quiet --db "$T_DIR/h.db" ingest "$G/bigcell.xlsx" 2>"$T_DIR/err"
check_eq "bigcell.xlsx: exit 65" "$?" 65
check_eq "bigcell.xlsx: the 64 KiB field limit holds for a cell" "$(cat "$T_DIR/err")" \
  "kefu: $G/bigcell.xlsx[Sheet1]!A2: a cell over 65536 bytes"
# A workbook part (read whole by the one safe parse, xmlcfg.c): a broken
# xl/workbook.xml is named with its line and cause; a DOCTYPE in
# xl/styles.xml is refused as in a sheet.
python3 - "$G/doctype.xlsx" "$T_DIR/badpart.xlsx" "$T_DIR/dtdstyles.xlsx" <<'PY'
import sys, zipfile
src = zipfile.ZipFile(sys.argv[1])
def rewrite(out, name, data):
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for i in src.infolist():
            z.writestr(i.filename, data if i.filename == name else src.read(i.filename))
rewrite(sys.argv[2], "xl/workbook.xml", b'<?xml version="1.0" encoding="UTF-8"?>\n<workbook>\n<sheets></workbook>\n')
rewrite(sys.argv[3], "xl/styles.xml",
        b'<?xml version="1.0"?>\n<!DOCTYPE s [<!ENTITY x "y">]>\n<styleSheet/>\n')
PY
"$KEFU" --quiet --db "$T_DIR/h.db" ingest "$T_DIR/badpart.xlsx" 2>"$T_DIR/err"
check_eq "badpart.xlsx: exit 65" "$?" 65
check "badpart.xlsx: the part, its line and the cause are named" \
  grep -qF "part 'xl/workbook.xml' is not well-formed XML (line 4: Premature end of data in tag workbook line 2)" "$T_DIR/err"
"$KEFU" --quiet --db "$T_DIR/h.db" ingest "$T_DIR/dtdstyles.xlsx" 2>"$T_DIR/err"
check_eq "dtdstyles.xlsx: exit 65" "$?" 65
check "dtdstyles.xlsx: the DOCTYPE of a part is refused" \
  grep -q "part 'xl/styles.xml' has a DOCTYPE: a workbook part never does (refused)" "$T_DIR/err"
check_eq "hostile sheets: nothing stored" "$(sqlite3 "$T_DIR/h.db" "select count(*) from source")" 0
finish
