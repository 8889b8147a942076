# tests/e2e/attacks_custody.sh KEFU — issue 13's attacks on custody,
# reproduced through the CLI on the samples; each must be refused and must
# destroy nothing: early destruction (--as-of 2099-12-31, SOURCE_DATE_EPOCH
# in 2099), a batch approved by SQL UPDATE, an item slipped into an
# approved batch. Needs sqlite3 (the attacker's tool); skipped without it.
. "$(dirname "$0")/lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
  echo "skip: sqlite3 is not installed"; finish; exit $?
fi

DB=$T_DIR/kefu.db
OUT=$T_DIR/bundles
K() { "$KEFU" --db "$DB" --as-of 2026-11-26 "$@"; }
Q() { sqlite3 "$DB" "$1"; }

K --quiet ingest "$ROOT/samples" >/dev/null 2>&1
K --quiet check >/dev/null 2>&1
role() { Q "SELECT employee_id FROM employee WHERE role = '$1' AND left_on IS NULL ORDER BY employee_id LIMIT 1 OFFSET ${2:-0}"; }
CHIEF=$(role cs_chief); SUP=$(role cs_supervisor); DIR=$(role center_director)
W1=$(role staff 0); W2=$(role staff 1)
N0=$(Q 'SELECT count(*) FROM archive_record')

# 1. early destruction: an as-of after yesterday on the real clock
"$KEFU" --db "$DB" --as-of 2099-12-31 purge plan --prepared-by "$CHIEF" --out "$OUT" >/dev/null 2>"$T_DIR/err"
check_eq "plan --as-of 2099-12-31: exit 65" $? 65
check "plan --as-of 2099-12-31: the refusal says why" grep -q "is after .*, the last complete day in Asia/Shanghai on the real clock" "$T_DIR/err"
check_eq "plan --as-of 2099-12-31: no batch" "$(Q 'SELECT count(*) FROM purge_batch')" 0
# SOURCE_DATE_EPOCH in 2099 does not move the purge's default as-of
YESTERDAY=$(TZ=Asia/Shanghai date -d yesterday +%Y%m%d)
# (on a copy: the batch it plans must not stand in the way of the next ones)
cp "$DB" "$T_DIR/sde.db"
B0=$(SOURCE_DATE_EPOCH=4102444800 "$KEFU" --db "$T_DIR/sde.db" purge plan --prepared-by "$CHIEF" --category daily --out "$OUT" 2>/dev/null)
check "SOURCE_DATE_EPOCH=2100: the plan is as of yesterday on the real clock ($B0)" sh -c "expr '$B0' : 'P-$YESTERDAY-' >/dev/null"
N2099=$(sqlite3 "$T_DIR/sde.db" "SELECT count(*) FROM purge_item WHERE batch_id = '$B0'")
echo "# $N2099 daily records eligible as of yesterday"

# 3. forged approval: the state set by SQL
BATCH=$(K purge plan --prepared-by "$CHIEF" --out "$OUT" 2>/dev/null)
check "a batch is planned" test -n "$BATCH"
Q "UPDATE purge_batch SET state = 'approved', reviewed_by = '$SUP', approved_by = '$DIR', approved_at = '2026-11-26 12:00:00' WHERE batch_id = '$BATCH'"
K purge execute "$BATCH" --rechecked-by "$SUP" --witness "$W1" --witness "$W2" --out "$OUT" >/dev/null 2>"$T_DIR/err"
check_eq "SQL-approved batch: exit 65" $? 65
check "SQL-approved batch: the refusal says why" grep -q "holds no approval of batch $BATCH" "$T_DIR/err"
check_eq "SQL-approved batch: nothing destroyed" "$(Q 'SELECT count(*) FROM archive_record')" "$N0"
check "SQL-approved batch: no bundle" test ! -e "$OUT/purge-$BATCH.tar.gz"
check_eq "the refusal is in the audit log" "$(Q "SELECT count(*) FROM audit WHERE action = 'purge_refused' AND detail LIKE '%holds no approval%'")" 1

# 3. an item slipped into a genuinely approved batch
Q "UPDATE purge_batch SET state = 'planned', reviewed_by = NULL, approved_by = NULL, approved_at = NULL WHERE batch_id = '$BATCH'"
K purge approve "$BATCH" --reviewed-by "$SUP" --approved-by "$DIR" >/dev/null
check_eq "genuine approval" $? 0
KEEP=$(Q "SELECT record_id FROM archive_record WHERE record_id NOT IN (SELECT record_id FROM purge_item) ORDER BY record_id LIMIT 1")
Q "INSERT INTO purge_item(batch_id, record_id, category, title, disposition, content_sha256, status)
   SELECT '$BATCH', record_id, category, title, 'destroy', 'x', 'proposed' FROM archive_record WHERE record_id = '$KEEP'"
K purge execute "$BATCH" --rechecked-by "$SUP" --witness "$W1" --witness "$W2" --out "$OUT" >/dev/null 2>"$T_DIR/err"
check_eq "item slipped in: exit 65" $? 65
check "item slipped in: the refusal says why" grep -q "its items were changed outside kefu" "$T_DIR/err"
check_eq "item slipped in: nothing destroyed" "$(Q 'SELECT count(*) FROM archive_record')" "$N0"
Q "DELETE FROM purge_item WHERE batch_id = '$BATCH' AND record_id = '$KEEP'"
K purge execute "$BATCH" --rechecked-by "$SUP" --witness "$W1" --witness "$W2" --out "$OUT" >/dev/null 2>&1
check_eq "the genuine batch then executes" $? 0
check_eq "the slipped-in record survives" "$(Q "SELECT count(*) FROM archive_record WHERE record_id = '$KEEP'")" 1
check "audit chain intact" sh -c "'$KEFU' --db '$DB' audit verify >/dev/null"

# 4. a log that can be rewritten: the bundle carries the chain head it was
# made from; truncating or rewriting the chain passes a plain verify but
# not --anchor
BUNDLE=$OUT/purge-$BATCH.tar.gz
check "the bundle carries the chain head" sh -c "tar -xzOf '$BUNDLE' purge-$BATCH/bag-info.txt | grep -q '^Kefu-Audit-Head: [0-9]* [0-9a-f]\{64\}$'"
"$KEFU" --db "$DB" audit verify --anchor "$BUNDLE" >"$T_DIR/out"
check_eq "verify --anchor BUNDLE: exit 0" $? 0
check "verify --anchor says it extends the anchor" grep -q "it extends the anchor" "$T_DIR/out"
ASEQ=$(tar -xzOf "$BUNDLE" "purge-$BATCH/bag-info.txt" | sed -n 's/^Kefu-Audit-Head: \([0-9]*\) .*/\1/p')
AHASH=$(tar -xzOf "$BUNDLE" "purge-$BATCH/bag-info.txt" | sed -n 's/^Kefu-Audit-Head: [0-9]* //p')
"$KEFU" --db "$DB" audit verify --anchor "$AHASH" >/dev/null
check_eq "verify --anchor HASH: exit 0" $? 0
cp "$DB" "$T_DIR/rw.db"
# rewrite: change the plan's detail and recompute every hash after it
python3 - "$T_DIR/rw.db" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DROP TRIGGER audit_no_update")
prev = "0" * 64
for seq, at, action, detail in db.execute("SELECT seq, at, action, detail FROM audit ORDER BY seq").fetchall():
    if action == "purge_plan":
        detail = detail.replace('"items":', '"items_rewritten":', 1)
    h = hashlib.sha256(f"{seq}|{at}|{action}|{detail}|{prev}".encode()).hexdigest()
    db.execute("UPDATE audit SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?", (detail, prev, h, seq))
    prev = h
db.commit()
PY
"$KEFU" --db "$T_DIR/rw.db" audit verify >/dev/null
check_eq "a rewritten chain with recomputed hashes passes a plain verify" $? 0
"$KEFU" --db "$T_DIR/rw.db" audit verify --anchor "$BUNDLE" >/dev/null 2>"$T_DIR/err"
check_eq "rewritten chain: verify --anchor exit 65" $? 65
check "rewritten chain: named" grep -q "audit entry $ASEQ: hash .*the chain was rewritten" "$T_DIR/err"
cp "$DB" "$T_DIR/tr.db"
sqlite3 "$T_DIR/tr.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq >= $ASEQ"
# the batch row outlives the entries cut off: a plain verify sees that too
"$KEFU" --db "$T_DIR/tr.db" audit verify >/dev/null 2>"$T_DIR/err"
check_eq "a truncated chain: plain verify exit 65" $? 65
check "a truncated chain: the batch row names it" grep -q "purge_batch row '$BATCH': field 'state': 'executed', but the audit log holds no approval" "$T_DIR/err"
"$KEFU" --db "$T_DIR/tr.db" audit verify --anchor "$BUNDLE" >/dev/null 2>"$T_DIR/err"
check_eq "truncated chain: verify --anchor exit 65" $? 65
check "truncated chain: named" grep -q "it was truncated since the anchor was taken" "$T_DIR/err"
"$KEFU" --db "$T_DIR/tr.db" audit verify --anchor "$T_DIR/err" >/dev/null 2>&1
check_eq "a file without an anchor: exit 65" $? 65

finish
