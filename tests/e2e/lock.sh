#!/bin/sh
# One writer at a time (issue 13): every command that writes the database
# holds DB.lock; another writer exits 75 naming the holder, or waits up to
# --wait SECONDS; readers are not held up. DB.lock is opened with
# O_NOFOLLOW and must be a regular file: a planted symlink's target is
# untouched, a FIFO cannot make kefu hang. A check started during a run is
# refused instead of rewriting the findings under the run's reports.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
DB=$T_DIR/k.db
"$KEFU" --quiet --db "$DB" init
"$KEFU" --quiet --db "$DB" ingest samples 2>/dev/null

# A holder: flock(1) holds DB.lock, whose note names pid 4242.
hold_lock() {
  printf 'pid 4242, started 2026-11-26 23:00:00, kefu run\n' > "$DB.lock"
  flock "$DB.lock" sleep "$1" &
  holder=$!
  sleep 0.3
}
hold_lock 8
for cmd in "init" "ingest samples/01-employee.csv" "check" \
           "purge plan --prepared-by E001" "purge approve B1 --reviewed-by E002 --approved-by E003" \
           "purge execute B1 --witness E004 --witness E005" \
           "hold add --hold-id H9 --record R1 --reason x --placed-by E001" "hold lift H9" \
           "bundle sources --out $T_DIR/bs"; do
  # shellcheck disable=SC2086
  "$KEFU" --quiet --db "$DB" --as-of 2026-11-26 $cmd 2>"$T_DIR/err" >/dev/null
  check_eq "locked: '$cmd' exits 75" "$?" 75
  check "locked: '$cmd' names the holder" \
    grep -q "holds the lock (pid 4242, started 2026-11-26 23:00:00, kefu run)" "$T_DIR/err"
done
for cmd in "audit verify" "purge list" "hold list" "report retention -o $T_DIR/r.pdf"; do
  # shellcheck disable=SC2086
  "$KEFU" --quiet --db "$DB" --as-of 2026-11-26 $cmd >/dev/null 2>&1
  check_eq "locked: reader '$cmd' still runs" "$?" 0
done
start=$(date +%s)
"$KEFU" --quiet --db "$DB" --wait 1 check 2>"$T_DIR/err"
check_eq "--wait 1 on a lock held longer: 75" "$?" 75
check "--wait: the message says how long it waited" grep -q "after waiting 1 s" "$T_DIR/err"
check "--wait 1 gave up within 3 s" test $(( $(date +%s) - start )) -lt 3
kill "$holder" 2>/dev/null; wait 2>/dev/null

hold_lock 1
"$KEFU" --quiet --db "$DB" --wait 10 --as-of 2026-11-26 check 2>"$T_DIR/err"
check_eq "--wait 10 on a lock released after 1 s: check runs" "$?" 0
wait 2>/dev/null
check "the lock note names the last holder" grep -q "^pid [0-9]*, started .*, kefu check$" "$DB.lock"
"$KEFU" --quiet --db "$DB" --wait -1 check 2>/dev/null
check_eq "--wait -1 is a usage error" "$?" 64
"$KEFU" --quiet --db "$DB" --wait 1x check 2>/dev/null
check_eq "--wait 1x is a usage error" "$?" 64

# A symlink at DB.lock: refused, its target neither truncated nor written.
rm -f "$DB.lock"
printf 'precious\n' > "$T_DIR/victim"
ln -s "$T_DIR/victim" "$DB.lock"
"$KEFU" --quiet --db "$DB" check 2>"$T_DIR/err"
check_eq "symlinked DB.lock: check exits 73" "$?" 73
check "symlinked DB.lock: the message says why" grep -q "k.db.lock: the lock file is a symbolic link" "$T_DIR/err"
check_eq "symlinked DB.lock: the target is untouched" "$(cat "$T_DIR/victim")" precious
"$KEFU" --quiet --db "$DB" run --in samples --out "$T_DIR/o" --as-of 2026-11-26 2>/dev/null
check_eq "symlinked DB.lock: run exits 73" "$?" 73
check_eq "symlinked DB.lock: the target is still untouched" "$(cat "$T_DIR/victim")" precious
rm -f "$DB.lock"
ln -s "$T_DIR/absent" "$DB.lock"
"$KEFU" --quiet --db "$DB" check 2>/dev/null
check_eq "dangling symlink at DB.lock: 73" "$?" 73
check "dangling symlink at DB.lock: nothing created at its target" test ! -e "$T_DIR/absent"
rm -f "$DB.lock"
mkfifo "$DB.lock"
start=$(date +%s)
timeout 10 "$KEFU" --quiet --db "$DB" check 2>"$T_DIR/err"
check_eq "FIFO at DB.lock: refused with 73, no hang" "$?" 73
check "FIFO at DB.lock: not a regular file" grep -q "not a regular file" "$T_DIR/err"
rm -f "$DB.lock"

# The issue's race: `check --policy club.xml` started during a run. The
# check is refused (75) while the run holds the lock, so the run's JSON and
# reports agree with the findings the run stored.
rm -f "$DB" "$DB-wal" "$DB-shm"
"$KEFU" --quiet --db "$DB" run --in samples --out "$T_DIR/out" --as-of 2026-11-26 2>/dev/null &
runner=$!
n=0 seen=0
while [ $n -lt 500 ] && kill -0 "$runner" 2>/dev/null; do
  if grep -q "kefu run" "$DB.lock" 2>/dev/null && ! flock -n "$DB.lock" true; then seen=1; break; fi
  sleep 0.01; n=$((n + 1))
done
check_eq "the run was caught holding the lock" "$seen" 1
"$KEFU" --quiet --db "$DB" --policy templates/policy/club.xml --as-of 2026-11-26 check 2>"$T_DIR/err"
check_eq "check --policy during a run: 75" "$?" 75
check "check during a run names the run" grep -q "kefu run)" "$T_DIR/err"
wait "$runner"
check_eq "the run completed" "$?" 0
check_eq "the findings in the database are the run's (default policy)" \
  "$(sqlite3 "$DB" 'SELECT policy FROM check_run')" default
finish
