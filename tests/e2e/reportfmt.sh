#!/bin/sh
# tests/e2e/reportfmt.sh — kefu report KIND --format csv|xlsx (issue 12):
# for fines, visits, retention, register and run over the samples (with a
# file of bad rows, and an archive title that starts with '='), the CSV's
# and the workbook's tables equal each other and their rows and totals are
# the PDF's, in order (tests/reportfmt.py reads the PDF back with
# pdftotext -layout and the workbook with openpyxl); a cell that starts
# with '=' is neutralised in the CSV and a string cell in the workbook; a
# changed figure fails the comparison.
# Usage: sh tests/e2e/reportfmt.sh KEFU
. "$(dirname "$0")/lib.sh"

PY=
for p in python3 /usr/bin/python3; do "$p" -c 'import openpyxl' 2>/dev/null && { PY=$p; break; }; done
if [ -z "$PY" ] || ! command -v pdftotext >/dev/null 2>&1 || ! command -v sqlite3 >/dev/null 2>&1; then
  echo "skip: python3-openpyxl, pdftotext or sqlite3 missing"; finish; exit $?
fi

# compare LABEL BASE — BASE.pdf, BASE.csv and BASE.xlsx, one line a comparison
compare() {
  "$PY" "$ROOT/tests/reportfmt.py" "$2.pdf" "$2.csv" "$2.xlsx" >"$T_DIR/cmp.out" 2>&1
  rc=$?
  sed "s/^\(not \)\{0,1\}ok /&$1: /" "$T_DIR/cmp.out"
  n_ok=$(grep -c '^ok ' "$T_DIR/cmp.out")
  n_bad=$(grep -vc '^ok ' "$T_DIR/cmp.out")
  T_PASS=$((T_PASS + n_ok))
  T_FAIL=$((T_FAIL + n_bad))
  if [ "$rc" -ne 0 ] && [ "$n_bad" -eq 0 ]; then T_FAIL=$((T_FAIL + 1)); echo "not ok $1: reportfmt.py exit $rc"; fi
}

# three LABEL BASE ARGS... — the report in the three formats
three() {
  label=$1 base=$2; shift 2
  "$KEFU" --db k.db --quiet report "$@" -o "$base.pdf" 2>/dev/null &&
    "$KEFU" --db k.db --quiet report "$@" --format csv -o "$base.csv" 2>/dev/null &&
    "$KEFU" --db k.db --quiet report "$@" --format xlsx -o "$base.xlsx" 2>/dev/null
  check_eq "$label: pdf, csv and xlsx written" $? 0
  compare "$label" "$base"
}

S=$T_DIR/s
mkdir -p "$S/in"
cp "$ROOT"/samples/*.csv "$ROOT"/samples/*.xml "$S/in/"
cp -r "$ROOT/samples/attachments" "$S/in/"
printf 'employee_id,date,shift_start,shift_end,clock_in,clock_out\nE001,2026-11-25,08:00,17:00,25:61,17:00\n' \
  >"$S/in/99-attendance-bad.csv"
# an archive title a spreadsheet would run as a formula (the file is GB18030)
"$PY" - "$S/in/11-archive_record.csv" <<'PYEOF'
import sys
p = sys.argv[1]
lines = open(p, encoding="gb18030", newline="").read().split("\n")
f = lines[1].split(",")
assert f[0] == "DA2011-001"
f[3] = "=1+2 " + f[3]   # the title (档案名称 is the category)
lines[1] = ",".join(f)
open(p, "w", encoding="gb18030", newline="").write("\n".join(lines))
PYEOF
cd "$S" || exit 1
export SOURCE_DATE_EPOCH=1795714200   # 01:30 on 2026-11-27, Asia/Shanghai
"$KEFU" --db k.db --quiet run --in in --out out >/dev/null 2>&1
check_eq "samples: the night of 11-26 runs, with rejects (exit 65)" $? 65

three "fines" fines fines --month 2026-11
three "fines en" fines-en fines --month 2026-11 --lang en
check "fines en: English headings and totals" sh -c 'grep -q "^totals,head,Department,Findings,Amount (yuan)" fines-en.csv && grep -q "^totals,total,Grand total," fines-en.csv'
three "visits" visits visits --month 2026-11
three "run" run run --from 2026-11-26 --to 2026-11-26
three "retention" retention retention
role() { sqlite3 k.db "SELECT employee_id FROM employee WHERE role = '$1' AND left_on IS NULL ORDER BY employee_id LIMIT 1"; }
BATCH=$("$KEFU" --db k.db --as-of 2026-11-26 purge plan --prepared-by "$(role cs_chief)" --out bundles 2>"$T_DIR/err")
check "purge plan (for the register)" test -n "$BATCH"
three "register" register register --batch "$BATCH"

# every kind has rows and totals to compare (the comparison is not empty)
check "fines: the CSV has data rows and totals" sh -c 'grep -q "^employees,row," fines.csv && grep -q "^totals,total," fines.csv'
check "run: the CSV has the rejected row" sh -c 'grep -q "^rejects,row," run.csv'
check "register: the CSV has items" sh -c 'grep -q ",row," register.csv'

# '=' neutralised in the CSV, a string cell in the workbook
check "retention: the '=' title is neutralised in the CSV" grep -q "\"'=1+2 " retention.csv
check "retention: no CSV cell starts with '='" sh -c '! grep -q ",=" retention.csv'
check "retention: the '=' title is a string cell in the workbook" "$PY" -c '
import sys, openpyxl
wb = openpyxl.load_workbook("retention.xlsx")
hits = [c for ws in wb.worksheets for r in ws.iter_rows() for c in r
        if isinstance(c.value, str) and c.value.startswith("=1+2 ")]
sys.exit(0 if hits and all(c.data_type == "s" for c in hits) else 1)'

# the comparison fails when a figure changes or a row goes missing
sed '/^totals,total,/s/\([0-9]\)\(\.[0-9][0-9]"\{0,1\}\r\)$/\1\1\2/' fines.csv >bad.csv
cmp -s fines.csv bad.csv
check_eq "tamper: a total was changed" $? 1
cp fines.pdf bad.pdf
cp fines.xlsx bad.xlsx
"$PY" "$ROOT/tests/reportfmt.py" bad.pdf bad.csv bad.xlsx >/dev/null 2>&1
check_eq "tamper: a changed total fails the comparison" $? 1
grep -v '^warnings,row,' fines.csv >bad.csv
"$PY" "$ROOT/tests/reportfmt.py" bad.pdf bad.csv bad.xlsx >/dev/null 2>&1
check_eq "tamper: a missing row fails the comparison" $? 1

# stdout, defaults, and what is refused
"$KEFU" --db k.db --quiet report fines --month 2026-11 --format csv -o - 2>/dev/null >stdout.csv
check "csv -o -: the same bytes on stdout" cmp -s stdout.csv fines.csv
"$KEFU" --db k.db report visits --month 2026-11 --format xlsx >made.out 2>/dev/null
check_eq "xlsx without -o: visits-2026-11.xlsx" "$(cat made.out)" "visits-2026-11.xlsx"
check "xlsx without -o: the workbook opens" "$PY" -c 'import openpyxl; openpyxl.load_workbook("visits-2026-11.xlsx")'
"$KEFU" --db k.db --quiet report fines --month 2026-11 --format pdf -o default.pdf 2>/dev/null
check "--format pdf is the PDF" sh -c 'head -c 5 default.pdf | grep -q "%PDF-"'
"$KEFU" --db k.db report fines --month 2026-11 --format xlsx -o - >/dev/null 2>"$T_DIR/err"
check_eq "xlsx -o - is refused (usage)" $? 64
"$KEFU" --db k.db report fines --month 2026-11 --format csv --json -o x.csv >/dev/null 2>"$T_DIR/err"
check_eq "--format csv --json is refused (usage)" $? 64
check "no x.csv after the refusal" test ! -e x.csv
"$KEFU" --db k.db report fines --month 2026-11 --format ods >/dev/null 2>"$T_DIR/err"
check_eq "--format ods is refused (usage)" $? 64
check "the refusal names the format" grep -q "'ods'" "$T_DIR/err"
"$KEFU" --db k.db export employee --format pdf >/dev/null 2>"$T_DIR/err"
check_eq "export --format pdf is refused (usage)" $? 64
finish
