#!/bin/sh
# End-to-end ingest: samples/ into a fresh database (row counts per kind),
# re-ingest changes nothing, every samples/bad file gives its exact message
# and exit code (samples/bad/NAME.expect: the exit code, then stderr), and
# replacement, --strict, inspect and the audit chain behave.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
DB=$T_DIR/k.db
q() { sqlite3 "$DB" "$1"; }

"$KEFU" --quiet --db "$DB" ingest samples/ 2>"$T_DIR/err"
check_eq "ingest samples exits 0" "$?" 0
check_eq "no messages on a clean ingest" "$(cat "$T_DIR/err")" ""
for kv in employee:31 attendance:1032 leave:10 meeting:38 meeting_attendance:452 \
          report_submission:30 incident:2 customer:164 service_event:342 callback:422 \
          archive_record:300 hold:4 borrowing:25; do
  k=${kv%%:*}; n=${kv#*:}
  check_eq "rows of $k" "$(q "select count(*) from $k")" "$n"
done
check_eq "13 sources recorded" "$(q 'select count(*) from source')" 13
check_eq "no rejects" "$(q 'select count(*) from reject')" 0
# GB18030 employee file decoded: a Chinese name and the wage in fen
check_eq "GB18030 name decoded" "$(q "select count(*) from employee where name glob '*[一-龥]*'")" 31
check_eq "money stored in fen" "$(q "select typeof(monthly_wage) from employee limit 1")" integer
check_eq "provenance on every row" "$(q "select count(*) from attendance where src_file='samples/02-attendance.xml' and src_line>0 and length(src_sha256)=64")" 1032
check_eq "attachments stored with their hash" "$(q "select count(*) from archive_record a join attachment t on t.sha256=a.file_sha256")" \
  "$(q "select count(*) from archive_record where file is not null")"
q "select writefile('$T_DIR/att', data) from attachment order by sha256 limit 1" >/dev/null
check_eq "attachment hash matches its bytes" "$(sha256sum "$T_DIR/att" | cut -c1-64)" \
  "$(q "select sha256 from attachment order by sha256 limit 1")"
check_eq "dates canonical" "$(q "select count(*) from attendance where date not glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'")" 0

before=$(q "select count(*) from attendance")
"$KEFU" --db "$DB" ingest samples/ >"$T_DIR/out" 2>"$T_DIR/err"
check_eq "re-ingest exits 0" "$?" 0
check_eq "re-ingest skips all 13 files" "$(grep -c 'already ingested on' "$T_DIR/err")" 13
check_eq "re-ingest changes nothing" "$(q "select count(*) from attendance")" "$before"
check_eq "still 13 sources" "$(q 'select count(*) from source')" 13

# A corrected export replaces rows by key and counts them.
{ head -n 1 samples/06-report_submission.csv; sed -n '2,4p' samples/06-report_submission.csv; } > "$T_DIR/fix.csv"
"$KEFU" --json --db "$DB" ingest "$T_DIR/fix.csv" >"$T_DIR/json" 2>/dev/null
check_eq "replacement exits 0" "$?" 0
check "replaced 3 rows (json)" grep -q '"replaced":3' "$T_DIR/json"
check_eq "report_submission count unchanged" "$(q 'select count(*) from report_submission')" 30
check "audit records the replacement" sh -c "sqlite3 '$DB' \"select detail from audit where action='ingest'\" | grep -q '\"replaced\":3'"

# Every malformed file: the exact message and exit code.
for f in samples/bad/*.csv samples/bad/*.xml; do
  b=${f%.*}
  rm -f "$T_DIR"/bad.db*
  "$KEFU" --quiet --db "$T_DIR/bad.db" ingest "$f" >/dev/null 2>"$T_DIR/err"
  rc=$?
  check_eq "$f exit code" "$rc" "$(head -n 1 "$b.expect")"
  check_eq "$f message" "$(cat "$T_DIR/err")" "$(tail -n +2 "$b.expect")"
done
# Good rows of a file with a bad row are kept; --strict keeps none.
rm -f "$T_DIR"/bad.db*
"$KEFU" --quiet --db "$T_DIR/bad.db" ingest samples/bad/ragged-row.csv 2>/dev/null
check_eq "good rows kept beside a ragged row" "$(sqlite3 "$T_DIR/bad.db" 'select count(*) from employee')" 2
check_eq "the reject is stored" "$(sqlite3 "$T_DIR/bad.db" "select line||' '||message from reject")" \
  "3 samples/bad/ragged-row.csv:3: row has 6 fields, the header has 5"
rm -f "$T_DIR"/bad.db*
"$KEFU" --quiet --strict --db "$T_DIR/bad.db" ingest samples/bad/ragged-row.csv 2>"$T_DIR/err"
check_eq "--strict exits 65" "$?" 65
check_eq "--strict stores nothing" "$(sqlite3 "$T_DIR/bad.db" 'select count(*) from employee')" 0
check "--strict says the file was rejected whole" grep -q 'rejected whole under --strict (1 bad row)' "$T_DIR/err"
check_eq "--strict leaves no source entry (a fixed file can be ingested)" "$(sqlite3 "$T_DIR/bad.db" 'select count(*) from source')" 0

# An encoding error deep in a GB18030 XML file names the line of the bad
# bytes, not the line the parser had reached (found by fuzzing).
cp tests/fuzz/regressions/xml-encoding-error-line "$T_DIR/enc.xml"
"$KEFU" --quiet --db "$T_DIR/enc.db" ingest "$T_DIR/enc.xml" 2>"$T_DIR/err"
check_eq "bad GB18030 bytes in XML exit 65" "$?" 65
check "bad GB18030 bytes: the line of the bytes (186)" grep -q "enc.xml:186: input conversion failed" "$T_DIR/err"
check_eq "bad GB18030 bytes: nothing of the file stored" "$(sqlite3 "$T_DIR/enc.db" 'select count(*) from service_event')" 0

# A missing input is 66.
"$KEFU" --quiet --db "$T_DIR/bad.db" ingest "$T_DIR/nope.csv" 2>/dev/null
check_eq "missing input exits 66" "$?" 66

# inspect: how a file is read, nothing stored.
"$KEFU" --json inspect samples/bad/bad-date.csv >"$T_DIR/insp" 2>/dev/null
check_eq "inspect of a bad file exits 65" "$?" 65
check "inspect --json names the kind and the error line" sh -c "grep -q '\"kind\":\"attendance\"' '$T_DIR/insp' && grep -q '\"line\":2' '$T_DIR/insp'"
check "inspect --json is one valid JSON object" python3 -c "import json,sys; d=json.load(open('$T_DIR/insp')); assert d['delimiter']==',' and d['rows']==2 and [r['line'] for r in d['records']]==[3] and d['records'][0]['fields']['date']=='2026-10-09'"
"$KEFU" inspect samples/01-employee.csv >"$T_DIR/insp2"
check_eq "inspect of a good file exits 0" "$?" 0
check "inspect detects GB18030" grep -q 'encoding:  GB18030' "$T_DIR/insp2"

# An attachment that is a symlink out of the export's directory is refused;
# one inside it is taken. A UTF-8 file with one damaged byte keeps its good
# rows as UTF-8 (no GB18030 mojibake) and rejects the damaged one by line.
mkdir -p "$T_DIR/ln/att"
ln -s /etc/passwd "$T_DIR/ln/att/out.txt"
printf 'scan\n' > "$T_DIR/ln/att/in.txt"
ln -s in.txt "$T_DIR/ln/att/alias.txt"
printf 'record_id,category,title,created_on,file\nL1,daily,x,2020-01-01,att/out.txt\nL2,daily,y,2020-01-01,att/alias.txt\n' > "$T_DIR/ln/ar.csv"
"$KEFU" --db "$T_DIR/ln.db" ingest "$T_DIR/ln/ar.csv" 2>"$T_DIR/ln.err"
check "a symlink out of the directory is rejected by line and field" grep -q "ar.csv:2: field 'file': 'att/out.txt' names an attachment that is a link to a file outside" "$T_DIR/ln.err"
check_eq "nothing of /etc/passwd stored" "$(sqlite3 "$T_DIR/ln.db" "select count(*) from archive_record where record_id='L1'")" 0
check_eq "a symlink inside the directory is taken" "$(sqlite3 "$T_DIR/ln.db" "select count(*) from archive_record where record_id='L2'")" 1
printf 'leave_id,employee_id,type,start_date,end_date,approved_by,certificate,note\nQ1,E001,sick,2026-10-01,2026-10-02,E003,1,\344\270\255\346\226\207\345\244\207\346\263\250\nQ2,E001,sick,2026-10-01,2026-10-02,E003,1,bad\377\n' > "$T_DIR/u8bad.csv"
"$KEFU" --db "$T_DIR/u8.db" ingest "$T_DIR/u8bad.csv" 2>"$T_DIR/u8.err"
check_eq "UTF-8 with a damaged byte: the good row kept as UTF-8" "$(sqlite3 "$T_DIR/u8.db" "select note from leave where leave_id='Q1'")" "中文备注"
check "UTF-8 with a damaged byte: the damaged row rejected by line" grep -q "u8bad.csv:3: .*not valid UTF-8" "$T_DIR/u8.err"

# The audit chain is intact, and a tampered entry is found.
"$KEFU" --quiet --db "$DB" audit verify
check_eq "audit verify ok" "$?" 0
sqlite3 "$DB" "drop trigger audit_no_update; update audit set detail='{}' where seq=2"
"$KEFU" --db "$DB" audit verify 2>"$T_DIR/err"
check_eq "tampered audit exits 65" "$?" 65
check "tampered entry named" grep -q 'audit entry 2: content does not match its hash' "$T_DIR/err"
finish
