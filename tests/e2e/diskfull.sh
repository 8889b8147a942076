#!/bin/sh
# tests/e2e/diskfull.sh — issue 13 item 10: a full disk (here: the file size
# limit of `ulimit -f`, which makes a write fail as a full disk does) exits
# 73, names the file being ingested, and leaves nothing half-written: the
# database passes integrity_check, holds none of the file's rows, and its
# audit chain verifies. Before: exit 70 ("internal error"), no file named.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
if ! command -v bash >/dev/null 2>&1 || ! command -v sqlite3 >/dev/null 2>&1; then
  echo "skipped: bash and sqlite3 are needed for the file-size limit"
  finish; exit $?
fi
DB=$T_DIR/k.db
"$KEFU" -q --db "$DB" ingest samples >/dev/null 2>&1
check_eq "samples ingested" "$?" 0
rows_before=$(sqlite3 "$DB" "select count(*) from attendance")
python3 -c "
print('employee_id,date,shift_start,shift_end,clock_in,clock_out,note')
for i in range(60000):
    d = 1 + i % 28
    print(f'X{i:06d},2026-10-{d:02d},08:00,17:30,2026-10-{d:02d} 08:0{i % 10},2026-10-{d:02d} 17:31,'
          '填充一些文字以增加大小填充一些文字以增加大小')
" > "$T_DIR/big.csv"
size_k=$(du -k "$DB" | cut -f1)
# bash's ulimit -f counts KiB; the database may grow 600 KiB and no more
bash -c "ulimit -f $((size_k + 600)); exec '$KEFU' --db '$DB' ingest '$T_DIR/big.csv'" >"$T_DIR/out" 2>"$T_DIR/err"
rc=$?
check_eq "disk full during ingest: exit 73" "$rc" 73
check "the message names the file being ingested" grep -q "ingest of $T_DIR/big.csv" "$T_DIR/err"
check "the summary claims no stored row" grep -q "total: 0 stored" "$T_DIR/out"
check "and does not list the file as stored" sh -c "! grep -q '60000 stored' '$T_DIR/out'"
check_eq "the database is intact" "$(sqlite3 "$DB" "pragma integrity_check")" "ok"
check_eq "none of the file's rows is stored" "$(sqlite3 "$DB" "select count(*) from attendance")" "$rows_before"
check_eq "the file is not recorded as ingested" "$(sqlite3 "$DB" "select count(*) from source where file like '%big.csv'")" 0
check "the audit chain verifies" "$KEFU" -q --db "$DB" audit verify
# with room again, the same file goes in whole
"$KEFU" -q --db "$DB" ingest "$T_DIR/big.csv" >/dev/null 2>&1
check_eq "with room again the file is ingested" "$?" 0
check_eq "all its rows" "$(sqlite3 "$DB" "select count(*) from attendance")" "$((rows_before + 60000))"
# A read-only database (issue 13, "Errors"): as root file modes do not stop
# writes, so the file is made immutable (chattr +i, ext2/3/4 and others);
# where the file system or the user cannot, the check says it skipped.
RO=$T_DIR/ro.db
"$KEFU" -q --db "$RO" init >/dev/null 2>&1
if chattr +i "$RO" 2>/dev/null; then
  "$KEFU" --db "$RO" ingest "$ROOT/samples/01-employee.csv" >"$T_DIR/out" 2>"$T_DIR/err"
  rc=$?
  chattr -i "$RO"
  check_eq "a read-only database: exit 73" "$rc" 73
  check "…naming the file being ingested and the database" \
    grep -q "ingest of $ROOT/samples/01-employee.csv: $RO: .*readonly database" "$T_DIR/err"
  check_eq "…and nothing of it stored" "$(sqlite3 "$RO" "select count(*) from employee")" 0
else
  echo "skipped: chattr +i is not possible here: the read-only database case is not tested"
fi
finish
