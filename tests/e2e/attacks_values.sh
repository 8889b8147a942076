#!/bin/sh
# Bad values (issue 13, item 8), each reproduced and refused:
# - a negative monthly_wage (it made a fine of -2,000.00 yuan), bonus or
#   incident amount is rejected at ingest by file, line, field and value
#   (the exact messages are samples/bad/negative-*.expect, run by ingest.sh);
# - a policy duration under one minute, or a cadence that makes obligations
#   (progress step, recurring window) under one hour, is a policy error
#   with its line: `every="PT1S"` no longer passes policy check.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
DB=$T_DIR/k.db
"$KEFU" --quiet --db "$DB" ingest samples/bad/negative-money.csv 2>"$T_DIR/err"
check_eq "negative wage and bonus: 65" "$?" 65
check "negative wage: file, line, field, value" \
  grep -qx "kefu: samples/bad/negative-money.csv:2: field 'monthly_wage': '-2000' is negative: an amount of money here is 0 or more" "$T_DIR/err"
check_eq "negative wage: the row is not stored" "$(sqlite3 "$DB" "SELECT count(*) FROM employee WHERE employee_id = 'E901'")" 0
"$KEFU" --quiet --db "$DB" ingest samples/bad/negative-incident.csv 2>"$T_DIR/err"
check_eq "negative incident amount: 65" "$?" 65
check "negative incident amount: named" grep -q "negative-incident.csv:2: field 'amount': '-200' is negative" "$T_DIR/err"

pol() {  # pol NAME SED-EXPR [PACK]: the default policy (or PACK) edited
  "$KEFU" policy show ${3:-} | sed "$2" > "$T_DIR/$1.xml"
  "$KEFU" policy show ${3:-} | cmp -s - "$T_DIR/$1.xml"
  check_eq "$1: the edit applies to ${3:-the default pack}" "$?" 1
}
# recurring windows: the tech-service pack's project visits (规章制度5)
pol pt1s 's/<phase every="P1M" count="12"\/>/<phase every="PT1S" count="12"\/>/' tech-service
"$KEFU" policy check "$T_DIR/pt1s.xml" 2>"$T_DIR/err"
check_eq "recurring every=PT1S: policy check fails (65)" "$?" 65
check "every=PT1S: shorter than one minute, with its line" \
  grep -q "pt1s.xml:[0-9]*: .*every: 'PT1S' is shorter than one minute" "$T_DIR/err"
pol pt30m 's/<phase every="P1M" count="12"\/>/<phase every="PT30M" count="12"\/>/' tech-service
"$KEFU" policy check "$T_DIR/pt30m.xml" 2>"$T_DIR/err"
check_eq "recurring every=PT30M: policy check fails" "$?" 65
check "every=PT30M: a cadence under an hour, with its line" \
  grep -q "pt30m.xml:[0-9]*: .*every: 'PT30M' is shorter than one hour" "$T_DIR/err"
pol prog 's/until="resolved_at" every="P2D"/until="resolved_at" every="PT59M"/'
"$KEFU" policy check "$T_DIR/prog.xml" 2>"$T_DIR/err"
check_eq "progress every=PT59M: policy check fails" "$?" 65
check "progress every=PT59M: named with its line" grep -q "prog.xml:[0-9]*: .*'PT59M' is shorter than one hour" "$T_DIR/err"
pol dl 's/within="PT15M"/within="PT30S"/'
"$KEFU" policy check "$T_DIR/dl.xml" 2>"$T_DIR/err"
check_eq "deadline within=PT30S: policy check fails" "$?" 65
check "deadline within=PT30S: under a minute, with its line" grep -q "dl.xml:[0-9]*: .*within: 'PT30S' is shorter than one minute" "$T_DIR/err"
"$KEFU" --quiet --db "$DB" --policy "$T_DIR/pt1s.xml" check 2>/dev/null
check_eq "check with the PT1S policy is refused too" "$?" 65
pol ok 's/<phase every="P1M" count="12"\/>/<phase every="PT1H" count="12"\/>/' tech-service
"$KEFU" --quiet policy check "$T_DIR/ok.xml"
check_eq "every=PT1H (the floor) passes" "$?" 0
finish
