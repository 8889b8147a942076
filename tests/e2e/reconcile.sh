#!/bin/sh
# tests/e2e/reconcile.sh — the figures of every report reconcile (issue 12,
# README "Figures"): tests/reconcile.py reads each PDF's totals back with
# `pdftotext -layout` and compares them with SQL over the database and with
# run-DATE.json, for all five kinds (fines, visits, retention, register,
# run), over the samples (with a file of bad rows, so that there are
# rejects) and over a generated medium year (tests/gen/make_large.py
# --scale $KEFU_RECONCILE_SCALE, default 0.05). The runs happen at 01:30
# on the day after their as-of day, as cron runs them, so the clock day of
# the ingest is never the as-of day. Every comparison is exact: a figure
# off by one fails it.
# Usage: sh tests/e2e/reconcile.sh KEFU
. "$(dirname "$0")/lib.sh"

if ! command -v pdftotext >/dev/null 2>&1 || ! command -v sqlite3 >/dev/null 2>&1; then
  echo "skip: pdftotext or sqlite3 missing"; finish; exit $?
fi

# reconcile LABEL KIND PDF DB ARGS... — one line per comparison, counted
reconcile() {
  label=$1; shift
  python3 "$ROOT/tests/reconcile.py" "$@" >"$T_DIR/rec.out" 2>&1
  rc=$?
  sed "s/^\(not \)\{0,1\}ok /&$label: /" "$T_DIR/rec.out"
  n_ok=$(grep -c '^ok ' "$T_DIR/rec.out")
  n_bad=$(grep -vc '^ok ' "$T_DIR/rec.out")
  T_PASS=$((T_PASS + n_ok))
  T_FAIL=$((T_FAIL + n_bad))
  if [ "$rc" -ne 0 ] && [ "$n_bad" -eq 0 ]; then T_FAIL=$((T_FAIL + 1)); echo "not ok $label: reconcile.py exit $rc"; fi
}

# the night of 2026-11-26 runs at 01:30 on 11-27, Asia/Shanghai
NIGHT1=1795714200
NIGHT2=$((NIGHT1 + 86400))

# ---- the samples, with a file of bad rows --------------------------------
S=$T_DIR/s
mkdir -p "$S/in"
cp "$ROOT"/samples/*.csv "$ROOT"/samples/*.xml "$S/in/"
cp -r "$ROOT/samples/attachments" "$S/in/"
printf 'employee_id,date,shift_start,shift_end,clock_in,clock_out\nE001,2026-11-25,08:00,17:00,25:61,17:00\nE001,2026-11-24,08:00,17:00,08:00,17:0x\nE001,2026-11-23,08:00,17:00,08:00,17:00\n' \
  >"$S/in/99-attendance-bad.csv"
cd "$S" || exit 1
SOURCE_DATE_EPOCH=$NIGHT1 "$KEFU" --db k.db --quiet run --in in --out out 2>/dev/null
check_eq "samples: the night of 11-26 runs, with rejects (exit 65)" $? 65
check "samples: the as-of day is the last complete day (run-2026-11-26.json)" test -s out/run-2026-11-26.json
J=out/run-2026-11-26.json
R=out/reports/2026-11
reconcile "samples" run "$R/run-2026-11-26.pdf" k.db 2026-11-26 "$J"
reconcile "samples" fines "$R/fines.pdf" k.db 2026-11-01 2026-11-30
reconcile "samples" visits "$R/visits.pdf" k.db 2026-11-01 2026-11-30 "$J"
reconcile "samples" retention "$R/retention.pdf" k.db "$J"
# a finished month, made by hand after the run: judged apart as of its
# last day, so it reconciles with a real check as of 10-31 (on a copy)
export SOURCE_DATE_EPOCH=$NIGHT1
"$KEFU" --db k.db --quiet report fines --month 2026-10 -o oct-fines.pdf 2>/dev/null
check_eq "samples: report fines 2026-10" $? 0
"$KEFU" --db k.db --quiet report visits --month 2026-10 -o oct-visits.pdf 2>/dev/null
check_eq "samples: report visits 2026-10" $? 0
"$KEFU" --db k.db --quiet report run --from 2026-10-31 --to 2026-10-31 -o oct-run.pdf 2>/dev/null
check_eq "samples: report run 2026-10-31" $? 0
cp k.db oct.db
"$KEFU" --db oct.db --quiet check --as-of 2026-10-31 >/dev/null 2>&1
reconcile "samples 2026-10" fines oct-fines.pdf oct.db 2026-10-01 2026-10-31
reconcile "samples 2026-10" visits oct-visits.pdf oct.db 2026-10-01 2026-10-31
check "samples: the October report says it was judged as of 10-31" sh -c \
  "pdftotext oct-visits.pdf - | tr -d '\n' | grep -q '本报告按 2026-10-31 当日重新判断'"
check_eq "samples: the October run report counts the findings as of 10-31" \
  "$(pdftotext -layout oct-run.pdf - | sed -n 's/^全部发现问题 *//p')" "$(sqlite3 oct.db 'SELECT count(*) FROM finding')"
# a purge batch and its register
role() { sqlite3 k.db "SELECT employee_id FROM employee WHERE role = '$1' AND left_on IS NULL ORDER BY employee_id LIMIT 1"; }
BATCH=$("$KEFU" --db k.db --as-of 2026-11-26 purge plan --prepared-by "$(role cs_chief)" --out bundles 2>"$T_DIR/err")
check "samples: purge plan (for the register)" test -n "$BATCH"
"$KEFU" --db k.db --quiet report register --batch "$BATCH" -o register.pdf 2>/dev/null
check_eq "samples: report register" $? 0
reconcile "samples" register register.pdf k.db "$BATCH"
# check's text and --json: the same coverage (rounded down), the same rows
"$KEFU" --db k.db --quiet --json check --as-of 2026-11-26 >check.json 2>/dev/null
"$KEFU" --db k.db check --as-of 2026-11-26 >check.txt 2>/dev/null
reconcile "samples" check check.txt k.db check.json
check "samples: check prints 14 of 17 as 82.3%" grep -q "complaint_callback *2026-11 *14 *0 *3 *1 *82.3%" check.txt
# retention of a past month: judged as of its end, apart, storing nothing —
# the same statuses as a real check as of that day (on a copy)
sqlite3 k.db "SELECT as_of FROM check_run; SELECT * FROM retention ORDER BY record_id" | sha256sum >before.sum
"$KEFU" --db k.db --quiet report retention --month 2025-12 -o ret-2025-12.pdf 2>/dev/null
check_eq "samples: report retention 2025-12" $? 0
sqlite3 k.db "SELECT as_of FROM check_run; SELECT * FROM retention ORDER BY record_id" | sha256sum >after.sum
check "samples: the past retention report stored nothing" cmp -s before.sum after.sum
cp k.db copy.db
"$KEFU" --db copy.db --quiet check --as-of 2025-12-31 >/dev/null 2>&1
reconcile "samples 2025-12 (against a check as of 2025-12-31)" retention ret-2025-12.pdf copy.db
check "samples: the past retention report says it was judged apart" sh -c \
  "pdftotext ret-2025-12.pdf - | tr -d '\n' | grep -q '本报告按 2025-12-31 当日重新判断'"
check_eq "samples: the stored check is still the run's" "$(sqlite3 k.db 'SELECT as_of FROM check_run')" 2026-11-26
# and its findings and obligations (every table behind them) are untouched:
# audit verify compares them with the digest the run's check recorded
"$KEFU" --db k.db --quiet audit verify >/dev/null 2>&1
check_eq "samples: past reports left the stored findings and obligations as checked" $? 0
# judging apart takes no lock: a past report is made while a writer holds one
check "samples: a past report is made while another process writes" python3 - "$KEFU" <<'PY'
import os, sqlite3, subprocess, sys
db = sqlite3.connect("k.db", isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("INSERT INTO run_log VALUES('1999-01-01', 'x', 'y')")
r = subprocess.run([sys.argv[1], "--db", "k.db", "--quiet", "report", "visits", "--month", "2026-10",
                    "-o", "locked.pdf"], capture_output=True, timeout=60)
db.execute("ROLLBACK")
sys.exit(r.returncode)
PY
# the next night: nothing new; newly eligible counts since the run of 11-26
SOURCE_DATE_EPOCH=$NIGHT2 "$KEFU" --db k.db --quiet run --in in --out out 2>/dev/null
check "samples: the night of 11-27 runs" test -s out/run-2026-11-27.json
check_eq "samples: newly eligible since the run of 11-26" \
  "$(python3 -c "import json; print(json.load(open('out/run-2026-11-27.json'))['newly_eligible_since'])")" 2026-11-26
reconcile "samples 11-27" run "$R/run-2026-11-27.pdf" k.db 2026-11-27 out/run-2026-11-27.json
cd "$ROOT" || exit 1

# ---- a generated medium year ---------------------------------------------
M=$T_DIR/m
mkdir -p "$M"
check "medium year: generated" sh -c "python3 '$ROOT/tests/gen/make_large.py' '$M/in' --scale ${KEFU_RECONCILE_SCALE:-0.05} >/dev/null 2>&1"
cd "$M" || exit 1
SOURCE_DATE_EPOCH=$NIGHT1 "$KEFU" --db k.db --quiet run --in in --out out 2>/dev/null
check_eq "medium year: the night of 11-26 runs" $? 0
J=out/run-2026-11-26.json
R=out/reports/2026-11
reconcile "medium" run "$R/run-2026-11-26.pdf" k.db 2026-11-26 "$J"
reconcile "medium" fines "$R/fines.pdf" k.db 2026-11-01 2026-11-30
reconcile "medium" visits "$R/visits.pdf" k.db 2026-11-01 2026-11-30 "$J"
reconcile "medium" retention "$R/retention.pdf" k.db "$J"
"$KEFU" --db k.db --quiet report visits --month 2026-10 -o oct-visits.pdf 2>/dev/null
cp k.db oct.db
"$KEFU" --db oct.db --quiet check --as-of 2026-10-31 >/dev/null 2>&1
reconcile "medium 2026-10" visits oct-visits.pdf oct.db 2026-10-01 2026-10-31
cd "$ROOT" || exit 1

finish
