#!/bin/sh
# tests/e2e/english.sh — the English reports are English (issue 12): every
# report kind rendered with --lang en over samples/ (the register of a
# planned purge batch included), and every run of Chinese characters in
# their text must be the data's own (a value stored in the database: names,
# titles, departments) or the policy's citations, quotes and assumptions —
# no label, heading, sanction, status word, role or category name, and no
# finding detail left in Chinese (tests/cjkcheck.py); and no word cut at a
# continuation mark. The medium year is checked the same way in
# tests/e2e/layout.sh.
# Usage: sh tests/e2e/english.sh KEFU
. "$(dirname "$0")/lib.sh"

DB=$T_DIR/k.db
export SOURCE_DATE_EPOCH=1795651200   # 2026-11-26 00:00 UTC
K() { "$KEFU" --db "$DB" --as-of 2026-11-26 --quiet "$@"; }
check "ingest samples" K ingest "$ROOT/samples/"
check "check as of 2026-11-26" K check
pdfs=
for m in 2026-10 2026-11; do
  for kind in fines visits retention run; do
    check "report $kind $m --lang en" sh -c "'$KEFU' --db '$DB' --as-of 2026-11-26 --quiet --lang en \
      report $kind --month $m -o '$T_DIR/$kind-$m.pdf' 2>/dev/null"
    pdfs="$pdfs $T_DIR/$kind-$m.pdf"
  done
done
chief=$(sqlite3 "$DB" "SELECT employee_id FROM employee WHERE role = 'cs_chief' AND left_on IS NULL LIMIT 1")
BATCH=$("$KEFU" --db "$DB" --as-of 2026-11-26 purge plan --prepared-by "$chief" --out "$T_DIR/b" 2>/dev/null)
check "purge plan" test -n "$BATCH"
check "report register --lang en" sh -c "'$KEFU' --db '$DB' --as-of 2026-11-26 --quiet --lang en \
  report register --batch '$BATCH' -o '$T_DIR/register.pdf' 2>/dev/null"
pdfs="$pdfs $T_DIR/register.pdf"

# shellcheck disable=SC2086
python3 "$ROOT/tests/cjkcheck.py" "$DB" "$ROOT/templates/policy" $pdfs >"$T_DIR/cjk.txt"
rc=$?
check_eq "no Chinese of kefu's own in the English reports ($(tail -n 1 "$T_DIR/cjk.txt"))" "$rc" 0
[ "$rc" -eq 0 ] || head -n 20 "$T_DIR/cjk.txt"

# the other packs' samples (a reward, a complaint rate, loan rules …)
for d in "$ROOT"/samples/*/; do
  pack=$(basename "$d")
  [ -f "$ROOT/templates/policy/$pack.xml" ] || continue
  P() { "$KEFU" --db "$T_DIR/$pack.db" --policy "$pack" --as-of 2026-11-26 --quiet "$@"; }
  P ingest "$d" >/dev/null 2>&1
  P check >/dev/null 2>&1
  pp=
  for kind in fines visits retention; do
    for m in 2026-10 2026-11; do
      P --lang en report $kind --month $m -o "$T_DIR/$pack-$kind-$m.pdf" 2>/dev/null && pp="$pp $T_DIR/$pack-$kind-$m.pdf"
    done
  done
  # shellcheck disable=SC2086
  python3 "$ROOT/tests/cjkcheck.py" "$T_DIR/$pack.db" "$ROOT/templates/policy" $pp >"$T_DIR/cjk-$pack.txt"
  rc=$?
  check_eq "$pack: no Chinese of kefu's own in English ($(tail -n 1 "$T_DIR/cjk-$pack.txt"))" "$rc" 0
  [ "$rc" -eq 0 ] || head -n 10 "$T_DIR/cjk-$pack.txt"
done

# words never split: no run is cut at the continuation mark → (a column
# too narrow for "Pending" or "Disposition" cut them)
check "no word or file name cut in any report (→)" sh -c "
  for f in $pdfs; do pdftotext -enc UTF-8 \"\$f\" - | grep -q '→' && { echo \"cut in \$f\"; exit 1; }; done; exit 0"

# the words behind it: a finding's detail, a role, a category, in English
txt() { pdftotext -enc UTF-8 "$1" - | tr -s ' \n' ' '; }
check "a late finding's detail in English" sh -c "pdftotext -enc UTF-8 '$T_DIR/fines-2026-11.pdf' - | tr -s ' \n' ' ' |
  grep -q 'Late: clocked in at [0-9:]*, shift [0-9:]* start, grace'"
check "an invalid leave in English" sh -c "pdftotext -enc UTF-8 '$T_DIR/fines-2026-11.pdf' - | tr -s ' \n' ' ' |
  grep -qF 'leave QJ2026-109 (personal leave, 2026-11-16) invalid (no approver); counted as absence'"
check "a sign-off role by its name-en" sh -c "pdftotext -enc UTF-8 '$T_DIR/fines-2026-11.pdf' - | grep -q 'Customer service chief'"
check "a category by its name-en" sh -c "pdftotext -enc UTF-8 '$T_DIR/retention-2026-11.pdf' - | grep -q 'Visitor registers'"
check "a custody line in English" sh -c "pdftotext -enc UTF-8 '$T_DIR/retention-2026-11.pdf' - | tr -s ' \n' ' ' |
  grep -q 'whose role is dept_head (Department head); required: center_director (Service centre director) approval'"
finish
