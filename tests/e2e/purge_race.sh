# tests/e2e/purge_race.sh KEFU — issue 13, "Races", through the CLI:
#   - the purge bundle takes its final name only after the deletion
#     commits: a fault right before the commit (a trigger that aborts the
#     batch's change to executed) leaves no final-named bundle, every record
#     in place and a pending bundle that `bundle verify` refuses; the rerun
#     finishes with one bundle. A crash between the commit and the rename
#     (the bundle moved back under a pending name) is completed by the rerun;
#   - a second execute of an executed batch changes nothing: with other
#     witnesses it exits 65, and `purge show`, the audit entry and the
#     bundle's bag-info still name the first witnesses; one bundle file;
#   - `hold add` and `execute` are serialised: a hold add started while
#     execute holds the lock exits 75, and with --wait it runs after the
#     execution and says the record was transferred — never a hold reported
#     in force on a record destroyed that second; a second execute with
#     --wait and other witnesses runs after the first and exits 65.
# Needs sqlite3 (the fault injection); skipped without it.
. "$(dirname "$0")/lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
  echo "skip: sqlite3 is not installed"; finish; exit $?
fi

IN=$T_DIR/in
mkdir -p "$IN/scans"
cat > "$IN/01-employee.csv" <<'CSV'
employee_id,name,dept,role,monthly_wage
E001,陈主任,客服部,cs_chief,9000
E002,王主管,客服部,cs_supervisor,8200
E003,李中心,客服部,center_director,12000
E004,赵员工,客服部,staff,4500
E005,钱员工,客服部,staff,4500
E006,孙员工,客服部,staff,4500
E007,周员工,客服部,staff,4500
CSV
# destroyed records, and transferred ones with scans big enough that the
# execution holds the lock for a moment
python3 - "$IN" <<'PY'
import os, random, sys
d = sys.argv[1]
rnd = random.Random(13)
with open(os.path.join(d, "02-archive_record.csv"), "w", encoding="utf-8") as f:
    f.write("record_id,category,owner,title,created_on,closed_on,location,confidential,file\n")
    for i in range(50):
        f.write(f"D{i:05d},daily,业主{i % 7},值班记录 {i},2010-01-{1 + i % 28:02d},,档案室A,0,\n")
    for i in range(60):
        name = f"scans/r{i:04d}.bin"
        with open(os.path.join(d, name), "wb") as g:
            g.write(rnd.randbytes(200000))
        f.write(f"R{i:05d},renovation,业主{i % 7},装修档案 {i},1980-01-01,1990-02-{1 + i % 28:02d},档案室C,0,{name}\n")
PY

mk() {   # mk DIR: a database with one approved batch; prints the batch id
  mkdir -p "$1"
  "$KEFU" --db "$1/kefu.db" --quiet ingest "$IN" >/dev/null 2>&1
  b=$("$KEFU" --db "$1/kefu.db" --as-of 2026-11-26 purge plan --prepared-by E001 --out "$1/out" 2>/dev/null)
  "$KEFU" --db "$1/kefu.db" --as-of 2026-11-26 purge approve "$b" --reviewed-by E002 --approved-by E003 >/dev/null 2>&1
  echo "$b"
}

# ---- 1. a fault right before the commit ---------------------------------
D=$T_DIR/a
BATCH=$(mk "$D")
check_eq "plan and approve" "$BATCH" P-20261126-01
K() { "$KEFU" --db "$D/kefu.db" --as-of 2026-11-26 "$@"; }
Q() { sqlite3 "$D/kefu.db" "$1"; }
N0=$(Q 'SELECT count(*) FROM archive_record')
Q "CREATE TRIGGER fail_commit BEFORE UPDATE OF state ON purge_batch WHEN NEW.state = 'executed'
   BEGIN SELECT RAISE(ABORT, 'injected fault before the commit'); END"
K purge execute "$BATCH" --rechecked-by E002 --witness E004 --witness E005 --out "$D/out" >/dev/null 2>"$T_DIR/err"
rc=$?
check "fault before the commit: execute fails (exit $rc)" test "$rc" -ne 0
check "fault before the commit: the message names it" grep -q "injected fault before the commit" "$T_DIR/err"
check "fault before the commit: no final-named bundle" test ! -e "$D/out/purge-$BATCH.tar.gz"
check_eq "fault before the commit: every record still there" "$(Q 'SELECT count(*) FROM archive_record')" "$N0"
check_eq "fault before the commit: no tombstone" "$(Q 'SELECT count(*) FROM tombstone')" 0
PEND=$(ls -A "$D/out" | grep "^\.purge-$BATCH\.tar\.gz\.pending-" || true)
check_eq "fault before the commit: one pending bundle" "$(echo "$PEND" | grep -c .)" 1
check_eq "the batch records it, still approved" "$(Q "SELECT state || ' ' || bundle_path FROM purge_batch WHERE batch_id = '$BATCH'")" \
  "approved $D/out/$PEND"
"$KEFU" bundle verify "$D/out/$PEND" >"$T_DIR/v" 2>"$T_DIR/err"
check_eq "bundle verify of the pending bundle: exit 65" $? 65
check "bundle verify says it is not a completed bundle" grep -q "NOT A COMPLETED BUNDLE: pending" "$T_DIR/v"
K purge show "$BATCH" >"$T_DIR/show"
check "purge show names no final bundle" grep -q "^  bundle     -$" "$T_DIR/show"
check "purge show names the pending one" grep -q "^  pending    $D/out/$PEND (written before the deletion" "$T_DIR/show"
check_eq "purge show --json: bundle null" \
  "$(K --json purge show "$BATCH" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["bundle"], d["pending_bundle"] is not None)')" "None True"
Q "DROP TRIGGER fail_commit"
OUTJ=$(K --json purge execute "$BATCH" --rechecked-by E002 --witness E004 --witness E005 --out "$D/out" 2>/dev/null)
check_eq "the rerun finishes" $? 0
check_eq "the rerun reuses the pending bundle and names the final one" \
  "$(echo "$OUTJ" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["reused_bundle"], d["bundle"])')" \
  "True $D/out/purge-$BATCH.tar.gz"
check_eq "one bundle, nothing pending" "$(ls -A "$D/out" | grep -v '^register-' | tr '\n' ' ')" "purge-$BATCH.tar.gz "
check "the bundle verifies" sh -c "'$KEFU' bundle verify '$D/out/purge-$BATCH.tar.gz' >/dev/null"
SHA=$(sha256sum "$D/out/purge-$BATCH.tar.gz" | cut -c1-64)
check_eq "it is the bundle recorded" "$(Q "SELECT bundle_sha256 FROM purge_batch WHERE batch_id = '$BATCH'")" "$SHA"

# ---- a crash between the commit and the rename ----------------------------
mv "$D/out/purge-$BATCH.tar.gz" "$D/out/.purge-$BATCH.tar.gz.pending-999999999-AbCdEfGh"
OUTJ=$(K --json purge execute "$BATCH" --rechecked-by E002 --witness E004 --witness E005 --out "$D/out" 2>/dev/null)
check_eq "after a crash before the rename: the rerun exits 0" $? 0
check_eq "the rerun completes the rename" \
  "$(echo "$OUTJ" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["already_executed"], d["completed_pending"])')" "True True"
check_eq "the final bundle is back, nothing pending" "$(ls -A "$D/out" | grep -v '^register-' | tr '\n' ' ')" "purge-$BATCH.tar.gz "
check_eq "the same bytes" "$(sha256sum "$D/out/purge-$BATCH.tar.gz" | cut -c1-64)" "$SHA"

# ---- 2. a second execute with other witnesses -----------------------------
K purge execute "$BATCH" --rechecked-by E002 --witness E006 --witness E007 --out "$D/out" >/dev/null 2>"$T_DIR/err"
check_eq "execute again with other witnesses: exit 65" $? 65
check "the refusal names the recorded witnesses" grep -q "was executed on .*, witnessed by E004 E005; it is not executed again, and the witnesses named now (E006 E007) are not recorded" "$T_DIR/err"
K purge show "$BATCH" >"$T_DIR/show"
check "purge show still names the first witnesses" grep -q "^  witnesses  E004 E005$" "$T_DIR/show"
check_eq "one execution entry, the first witnesses" \
  "$(Q "SELECT count(*) || ' ' || json_extract(detail, '\$.witnesses') FROM audit WHERE action = 'purge_execute'")" "1 E004 E005"
check_eq "the bundle's bag-info names the first witnesses" \
  "$(tar -xzOf "$D/out/purge-$BATCH.tar.gz" "purge-$BATCH/bag-info.txt" | grep '^Kefu-Witness:' | cut -d' ' -f2 | tr '\n' ' ')" "E004 E005 "
check_eq "one bundle file, unchanged" "$(ls -A "$D/out" | grep -v '^register-' | tr '\n' ' ') $(sha256sum "$D/out/purge-$BATCH.tar.gz" | cut -c1-64)" \
  "purge-$BATCH.tar.gz  $SHA"
K purge execute "$BATCH" --rechecked-by E002 --witness E005 --witness E004 --out "$D/out" >/dev/null 2>&1
check_eq "execute again with the same witnesses: exit 0 (already done)" $? 0
check "audit chain intact" sh -c "'$KEFU' --db '$D/kefu.db' audit verify >/dev/null"

# ---- 3. hold add while execute holds the lock -----------------------------
D=$T_DIR/b
BATCH=$(mk "$D")
# (--wait: the poll below takes the lock for an instant itself)
"$KEFU" --db "$D/kefu.db" --as-of 2026-11-26 --wait 30 purge execute "$BATCH" --rechecked-by E002 --witness E004 --witness E005 \
  --out "$D/out" >/dev/null 2>"$T_DIR/exec_err" &
runner=$!
n=0 seen=0
while [ $n -lt 1000 ] && kill -0 "$runner" 2>/dev/null; do
  if grep -q "kefu purge" "$D/kefu.db.lock" 2>/dev/null && ! flock -n "$D/kefu.db.lock" true; then seen=1; break; fi
  sleep 0.005; n=$((n + 1))
done
check_eq "execute was caught holding the lock" "$seen" 1
"$KEFU" --db "$D/kefu.db" --as-of 2026-11-26 hold add --hold-id RACE-1 --record R00007 --reason 诉讼 --by E002 \
  >/dev/null 2>"$T_DIR/err"
rc=$?
still=0; kill -0 "$runner" 2>/dev/null && still=1
check_eq "hold add during execute: exit 75" "$rc" 75
check "hold add during execute names the holder" grep -q "kefu purge)" "$T_DIR/err"
# a second execute of the batch, with other witnesses, waiting for the lock
"$KEFU" --db "$D/kefu.db" --as-of 2026-11-26 --wait 60 purge execute "$BATCH" --rechecked-by E002 --witness E006 --witness E007 \
  --out "$D/out" >/dev/null 2>"$T_DIR/err2" &
second=$!
"$KEFU" --db "$D/kefu.db" --as-of 2026-11-26 --wait 60 hold add --hold-id RACE-2 --record R00007 --reason 诉讼 --by E002 \
  >/dev/null 2>"$T_DIR/err"
check_eq "hold add --wait after the execution: exit 65" $? 65
wait "$runner"
check_eq "the execution completed" $? 0
wait "$second"
check_eq "execute --wait with other witnesses, after the first: exit 65" $? 65
check "it names the first witnesses" grep -q "witnessed by E004 E005; it is not executed again" "$T_DIR/err2"
check_eq "the batch, its one audit entry and its one bundle name the first witnesses" \
  "$(sqlite3 "$D/kefu.db" "SELECT witnesses || ' ' || (SELECT count(*) FROM audit WHERE action = 'purge_execute') FROM purge_batch WHERE batch_id = '$BATCH'") $(ls -A "$D/out" | grep -v '^register-' | tr '\n' ' ')" \
  "E004 E005 1 purge-$BATCH.tar.gz "
check "hold add --wait says the record was transferred" \
  grep -q "hold refused: record R00007 was transferred (移交) on .* by purge batch $BATCH; it is no longer in the archive" "$T_DIR/err"
check_eq "no hold was recorded" "$(sqlite3 "$D/kefu.db" 'SELECT count(*) FROM hold')" 0
check_eq "R00007 is gone, with its tombstone" \
  "$(sqlite3 "$D/kefu.db" "SELECT (SELECT count(*) FROM archive_record WHERE record_id = 'R00007') || ' ' || (SELECT count(*) FROM tombstone WHERE record_id = 'R00007')")" "0 1"
echo "# the execution was still running when the refused hold add returned: $still"
finish
