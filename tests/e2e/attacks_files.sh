#!/bin/sh
# Files kefu does not own (issue 13, item 2 and 9), each attack reproduced
# and refused:
# - a symlink planted at the temp name kefu used to write through
#   (PATH.tmp.PID, predictable when kefu is exec'd by a known pid) is never
#   followed: temps are random, created O_EXCL|O_NOFOLLOW;
# - -o naming a symlink, FIFO, device (a /dev/null, as root) or directory is
#   refused (73) and left as it was; so is a link planted at a run's
#   predictable output name (run-DATE.json, a report, the sources bundle);
# - the database, its -wal and -shm, reports, run JSON, registers and
#   bundles are created 0600 (0640 with --group-readable) under umask 000.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
DB=$T_DIR/k.db
mode() { stat -c %a "$1"; }
printf 'precious\n' > "$T_DIR/victim"
victim_ok() { [ "$(cat "$T_DIR/victim")" = precious ] && [ "$(mode "$T_DIR/victim")" = 644 ]; }
chmod 644 "$T_DIR/victim"

"$KEFU" --quiet --db "$DB" ingest samples 2>/dev/null

# The old predictable temp name: the shell plants the link, then execs kefu
# under the same pid. kefu must neither write through it nor remove it.
sh -c 'ln -s "$1/victim" "$1/r.pdf.tmp.$$"; ln -s "$1/victim" "$1/.r.pdf.tmp-$$-0"
       exec "$2" --quiet --db "$3" --as-of 2026-11-26 report fines --month 2026-11 -o "$1/r.pdf"' \
  sh "$T_DIR" "$KEFU" "$DB" 2>/dev/null
check_eq "planted temp links: the report is written" "$?" 0
check "planted temp links: the target is untouched" victim_ok
check "planted temp links: the report is a regular file" test -f "$T_DIR/r.pdf" -a ! -L "$T_DIR/r.pdf"
check "no temp is left beside the report" sh -c "! ls -a '$T_DIR' | grep -q '^\.r\.pdf\.tmp-[0-9]*-[A-Za-z0-9]\{8\}$'"
rm -f "$T_DIR"/r.pdf.tmp.* "$T_DIR"/.r.pdf.tmp-*

# -o at things that are not regular files.
ln -s "$T_DIR/victim" "$T_DIR/link.pdf"
"$KEFU" --quiet --db "$DB" --as-of 2026-11-26 report fines --month 2026-11 -o "$T_DIR/link.pdf" 2>"$T_DIR/err"
check_eq "-o a symlink: 73" "$?" 73
check "-o a symlink: the message names it" grep -q "link.pdf: exists and is not a regular file (a symbolic link)" "$T_DIR/err"
check "-o a symlink: it is still a link to the untouched target" sh -c "test -L '$T_DIR/link.pdf'" 
check "-o a symlink: the target is untouched" victim_ok
mkfifo "$T_DIR/fifo"
timeout 20 "$KEFU" --quiet --db "$DB" --as-of 2026-11-26 report fines --month 2026-11 -o "$T_DIR/fifo" 2>"$T_DIR/err"
check_eq "-o a FIFO: 73" "$?" 73
check "-o a FIFO: still a FIFO" test -p "$T_DIR/fifo"
check "-o a FIFO: the message says so" grep -q "fifo: exists and is not a regular file (a FIFO)" "$T_DIR/err"
# The device is a private copy of /dev/null (mknod, as root): a kefu that
# regressed must not take the machine's /dev/null with it.
if mknod "$T_DIR/null" c 1 3 2>/dev/null; then
  "$KEFU" --quiet --db "$DB" --as-of 2026-11-26 report fines --month 2026-11 -o "$T_DIR/null" 2>"$T_DIR/err"
  check_eq "-o a device (a copy of /dev/null): 73" "$?" 73
  check "-o a device: still a character device" test -c "$T_DIR/null"
  check "-o a device: the message says a device" grep -q "null: exists and is not a regular file (a device)" "$T_DIR/err"
else
  echo "skip: mknod is not permitted here: -o a device is not tested"
fi
mkdir "$T_DIR/adir"
"$KEFU" --quiet --db "$DB" --as-of 2026-11-26 report fines --month 2026-11 -o "$T_DIR/adir" 2>"$T_DIR/err"
check_eq "-o a directory: 73" "$?" 73
check "-o a directory: still an empty directory" sh -c "test -d '$T_DIR/adir' && [ -z \"\$(ls -A '$T_DIR/adir')\" ]"
check "no temp left after refusals" sh -c "! ls -a '$T_DIR' | grep -q 'tmp-'"
"$KEFU" --quiet --db "$DB" --as-of 2026-11-26 report fines --month 2026-11 -o "$T_DIR/r.pdf"
check_eq "-o an existing regular file: replaced (0)" "$?" 0

# Links planted at a run's predictable output names.
for name in run-2026-11-26.json reports/2026-11/fines.pdf bundles/sources-2026-11-26.tar.gz; do
  rm -rf "$T_DIR/o"
  mkdir -p "$T_DIR/o/reports/2026-11" "$T_DIR/o/bundles"
  ln -s "$T_DIR/victim" "$T_DIR/o/$name"
  "$KEFU" --quiet --db "$T_DIR/run.db" run --in samples --out "$T_DIR/o" --as-of 2026-11-26 2>"$T_DIR/err"
  check_eq "link at OUT/$name: the run exits 73" "$?" 73
  check "link at OUT/$name: the target is untouched" victim_ok
  check "link at OUT/$name: the message names it" grep -q "$name: exists and is not a regular file (a symbolic link)" "$T_DIR/err"
done

# Modes under umask 000: 0600 by default, 0640 with --group-readable.
rm -rf "$T_DIR/o" "$T_DIR/run.db"*
(umask 000; "$KEFU" --quiet --db "$T_DIR/run.db" run --in samples --out "$T_DIR/o" --as-of 2026-11-26) 2>/dev/null &
runner=$!
wal='' shm='' n=0
while [ $n -lt 1000 ] && kill -0 "$runner" 2>/dev/null; do
  [ -z "$wal" ] && [ -e "$T_DIR/run.db-wal" ] && wal=$(mode "$T_DIR/run.db-wal")
  [ -z "$shm" ] && [ -e "$T_DIR/run.db-shm" ] && shm=$(mode "$T_DIR/run.db-shm")
  [ -n "$wal" ] && [ -n "$shm" ] && break
  sleep 0.005; n=$((n + 1))
done
wait "$runner"
check_eq "umask 000: the run succeeds" "$?" 0
check_eq "umask 000: the database is 0600" "$(mode "$T_DIR/run.db")" 600
check_eq "umask 000: the -wal was 0600" "$wal" 600
check_eq "umask 000: the -shm was 0600" "$shm" 600
check_eq "umask 000: the lock is 0600" "$(mode "$T_DIR/run.db.lock")" 600
for f in run-2026-11-26.json reports/2026-11/fines.pdf reports/2026-11/visits.pdf bundles/sources-2026-11-26.tar.gz; do
  check_eq "umask 000: OUT/$f is 0600" "$(mode "$T_DIR/o/$f")" 600
done
check_eq "umask 000: OUT/reports is 0700" "$(mode "$T_DIR/o/reports")" 700
rm -rf "$T_DIR/g" "$T_DIR/g.db"*
(umask 000; "$KEFU" --quiet --group-readable --db "$T_DIR/g.db" run --in samples --out "$T_DIR/g" --as-of 2026-11-26) 2>/dev/null
check_eq "--group-readable: the database is 0640" "$(mode "$T_DIR/g.db")" 640
check_eq "--group-readable: the sources bundle is 0640" "$(mode "$T_DIR/g/bundles/sources-2026-11-26.tar.gz")" 640
check_eq "--group-readable: a report is 0640" "$(mode "$T_DIR/g/reports/2026-11/fines.pdf")" 640
check_eq "--group-readable: OUT/bundles is 0750" "$(mode "$T_DIR/g/bundles")" 750
(umask 000; "$KEFU" --quiet --db "$DB" --as-of 2026-11-26 report fines --month 2026-11 -o "$T_DIR/r2.pdf")
check_eq "umask 000: report -o is 0600" "$(mode "$T_DIR/r2.pdf")" 600

# A purge: the register and the purge bundle are 0600 too.
K() { (umask 000; "$KEFU" --db "$DB" --as-of 2026-11-26 "$@"); }
K --quiet check >/dev/null 2>&1
role() { sqlite3 "$DB" "SELECT employee_id FROM employee WHERE role = '$1' AND left_on IS NULL ORDER BY employee_id LIMIT 1 OFFSET ${2:-0}"; }
BATCH=$(K purge plan --prepared-by "$(role cs_chief)" --out "$T_DIR/p" 2>/dev/null)
K --quiet purge approve "$BATCH" --reviewed-by "$(role cs_supervisor)" --approved-by "$(role center_director)" 2>/dev/null
BUNDLE=$(K purge execute "$BATCH" --rechecked-by "$(role cs_supervisor)" --witness "$(role staff 0)" --witness "$(role staff 1)" --out "$T_DIR/p" 2>/dev/null)
check "purge: the bundle was written" test -s "$BUNDLE"
check_eq "umask 000: the register is 0600" "$(mode "$T_DIR/p/register-$BATCH.pdf")" 600
check_eq "umask 000: the purge bundle is 0600" "$(mode "$BUNDLE")" 600
finish
