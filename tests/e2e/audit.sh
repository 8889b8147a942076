# tests/e2e/audit.sh KEFU — the audit log covers the data it records (issue
# 13, "a log with an anchor"): a check leaves one digest entry over the
# findings and obligations it stored, and `audit verify` recomputes it and
# compares every purge batch with its entries, so an SQL edit of a finding
# or of a batch's witnesses is named. Needs sqlite3 (the attacker's tool).
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

# one digest entry per check, not one per finding
NF=$(Q 'SELECT count(*) FROM finding')
check_eq "check: one check entry" "$(Q "SELECT count(*) FROM audit WHERE action = 'check'")" 1
check_eq "check entry: the findings count" "$(Q "SELECT json_extract(detail,'\$.findings') FROM audit WHERE action = 'check'")" "$NF"
check "check entry: a SHA-256 of the findings" sh -c "sqlite3 '$DB' \"SELECT json_extract(detail,'\\\$.findings_sha256') FROM audit WHERE action = 'check'\" | grep -q '^[0-9a-f]\{64\}$'"
# a check over unchanged data adds no entry (the chain head stays)
N1=$(Q 'SELECT count(*) FROM audit')
K --quiet check >/dev/null 2>&1
check_eq "a second check over the same data: no new entry" "$(Q 'SELECT count(*) FROM audit')" "$N1"
# the purge batch the attacks edit
BATCH=$(K purge plan --prepared-by "$CHIEF" --category daily --out "$OUT" 2>/dev/null)
K purge approve "$BATCH" --reviewed-by "$SUP" --approved-by "$DIR" >/dev/null 2>&1
K purge execute "$BATCH" --rechecked-by "$SUP" --witness "$W1" --witness "$W2" --out "$OUT" >/dev/null 2>&1
check_eq "a batch executed" "$(Q "SELECT state FROM purge_batch WHERE batch_id = '$BATCH'")" executed
"$KEFU" --db "$DB" audit verify >"$T_DIR/out" 2>"$T_DIR/err"
check_eq "untouched: verify exit 0" $? 0
check "untouched: intact" grep -q "audit log intact" "$T_DIR/out"

# attack ATTACK-NAME SQL EXPECTED-MESSAGE — on a copy of the database
attack() {
  cp "$DB" "$T_DIR/a.db"
  sqlite3 "$T_DIR/a.db" "$2"
  "$KEFU" --db "$T_DIR/a.db" audit verify >/dev/null 2>"$T_DIR/err"
  check_eq "$1: verify exit 65" $? 65
  check "$1: named ($3)" grep -q "$3" "$T_DIR/err"
}
FID=$(Q 'SELECT id FROM finding WHERE amount_fen > 0 ORDER BY id LIMIT 1')
attack "a finding's amount edited" "UPDATE finding SET amount_fen = amount_fen - 100 WHERE id = $FID" \
  "table finding: its $NF rows digest to .*, but audit entry [0-9]* (check) recorded .*: a row was edited outside kefu"
attack "a finding deleted" "DELETE FROM finding WHERE id = $FID" \
  "table finding: $((NF - 1)) rows, but audit entry [0-9]* (check) recorded $NF: rows were deleted outside kefu"
attack "a finding's article edited" "UPDATE finding SET article = 'x' WHERE id = $FID" "table finding: its $NF rows digest"
attack "an obligation's status edited" "UPDATE obligation_data SET status = 'met' WHERE status = 'missed'" "table obligation: its"
# the view `obligation` reads its rule, article and quote from citation (v12)
attack "an obligation's quote edited" "UPDATE citation SET quote = 'x' WHERE id = (SELECT min(id) FROM citation)" \
  "table obligation: its"
attack "a batch's witnesses edited" "UPDATE purge_batch SET witnesses = '$W2 $DIR' WHERE batch_id = '$BATCH'" \
  "purge_batch row '$BATCH': field 'witnesses': '$W2 $DIR' is not what audit entry [0-9]* (purge_execute) recorded: '$W1 $W2'"
attack "a batch's approver edited" "UPDATE purge_batch SET approved_by = '$CHIEF' WHERE batch_id = '$BATCH'" \
  "purge_batch row '$BATCH': field 'approved_by': '$CHIEF' is not what audit entry [0-9]* (purge_approve) recorded"
attack "a batch's bundle hash edited" "UPDATE purge_batch SET bundle_sha256 = 'x' WHERE batch_id = '$BATCH'" \
  "field 'bundle_sha256': 'x' is not what audit entry"
attack "a batch's state edited" "UPDATE purge_batch SET state = 'approved', executed_at = NULL WHERE batch_id = '$BATCH'" \
  "field 'state': 'approved' is not what audit entry [0-9]* (purge_execute) recorded: 'executed'"
attack "a destroyed item marked dropped" "UPDATE purge_item SET status = 'dropped' WHERE batch_id = '$BATCH' AND rowid = (SELECT min(rowid) FROM purge_item WHERE batch_id = '$BATCH')" \
  "purge_item rows of batch '$BATCH': [0-9]* with status 'destroyed', but audit entry [0-9]* (purge_execute) recorded [0-9]*"
attack "a batch row deleted" "DELETE FROM purge_batch WHERE batch_id = '$BATCH'" \
  "purge_batch row '$BATCH': missing, but audit entry [0-9]* (purge_plan) recorded it"
attack "a batch row forged" "INSERT INTO purge_batch(batch_id,state,as_of,prepared_by,prepared_at) VALUES('P-20261126-77','planned','2026-11-26','$CHIEF','2026-11-26 00:00:00')" \
  "purge_batch row 'P-20261126-77': no purge_plan audit entry records it"
# a planned batch given an approver by SQL
B2=$(K purge plan --prepared-by "$CHIEF" --out "$OUT" 2>/dev/null)
check "a second batch planned" test -n "$B2"
attack "a planned batch given an approver" "UPDATE purge_batch SET reviewed_by = '$SUP' WHERE batch_id = '$B2'" \
  "purge_batch row '$B2': field 'reviewed_by': '$SUP', but the audit log holds no purge_approve entry"
attack "a planned batch approved by SQL" "UPDATE purge_batch SET state = 'approved' WHERE batch_id = '$B2'" \
  "purge_batch row '$B2': field 'state': 'approved', but the audit log holds no approval of it"
"$KEFU" --db "$DB" --json audit verify >"$T_DIR/out"
check "untouched after all: --json intact" grep -q '"intact":true' "$T_DIR/out"

# 2. every run JSON and sources bundle carries the chain head of the data
RDB=$T_DIR/run.db
ROUT=$T_DIR/runout
"$KEFU" --quiet --db "$RDB" --as-of 2026-11-26 run --in "$ROOT/samples" --out "$ROUT" >/dev/null 2>&1
JSON=$ROUT/run-2026-11-26.json
SRC=$ROUT/bundles/sources-2026-11-26.tar.gz
check "run JSON: audit_head" grep -q '"audit_head":{"seq":[0-9]*,"hash":"[0-9a-f]\{64\}"}' "$JSON"
check "sources bundle: Kefu-Audit-Head" sh -c "tar -xzOf '$SRC' sources-2026-11-26/bag-info.txt | grep -q '^Kefu-Audit-Head: [0-9]* [0-9a-f]\{64\}\$'"
JSEQ=$(sed -n 's/.*"audit_head":{"seq":\([0-9]*\),.*/\1/p' "$JSON")
check_eq "the head is the data's: the check entry, not the run's" \
  "$(sqlite3 "$RDB" "SELECT action FROM audit WHERE seq = $JSEQ")" check
BSEQ=$(tar -xzOf "$SRC" sources-2026-11-26/bag-info.txt | sed -n 's/^Kefu-Audit-Head: \([0-9]*\) .*/\1/p')
check_eq "the bundle's head is the JSON's" "$BSEQ" "$JSEQ"
for a in "$JSON" "$SRC"; do
  n=$(basename "$a")
  "$KEFU" --db "$RDB" audit verify --anchor "$a" >"$T_DIR/out.txt" 2>&1
  check_eq "verify --anchor $n: exit 0" $? 0
  check "verify --anchor $n: extends it" grep -q "it extends the anchor (entry $JSEQ," "$T_DIR/out.txt"
done
# a rerun over the same data: the same head
cp "$JSON" "$T_DIR/run1.json"
"$KEFU" --quiet --db "$RDB" --as-of 2026-11-26 run --in "$ROOT/samples" --out "$ROUT" >/dev/null 2>&1
check_eq "rerun: the same audit_head" "$(grep -o '"audit_head":{[^}]*}' "$JSON")" "$(grep -o '"audit_head":{[^}]*}' "$T_DIR/run1.json")"
# the attacks of attacks_custody.sh: rewrite with recomputed hashes, truncate
cp "$RDB" "$T_DIR/rw.db"
python3 - "$T_DIR/rw.db" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DROP TRIGGER audit_no_update")
prev = "0" * 64
for seq, at, action, detail in db.execute("SELECT seq, at, action, detail FROM audit ORDER BY seq").fetchall():
    if action == "ingest":
        detail = detail.replace('"stored":', '"stored_rewritten":', 1)
    h = hashlib.sha256(f"{seq}|{at}|{action}|{detail}|{prev}".encode()).hexdigest()
    db.execute("UPDATE audit SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?", (detail, prev, h, seq))
    prev = h
db.commit()
PY
"$KEFU" --db "$T_DIR/rw.db" audit verify >/dev/null 2>&1
check_eq "rewritten chain: a plain verify passes" $? 0
cp "$RDB" "$T_DIR/tr.db"
sqlite3 "$T_DIR/tr.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq >= $JSEQ"
for db in rw tr; do
  for a in "$JSON" "$SRC"; do
    n=$(basename "$a")
    "$KEFU" --db "$T_DIR/$db.db" audit verify --anchor "$a" >/dev/null 2>"$T_DIR/err"
    check_eq "$db chain: verify --anchor $n: exit 65" $? 65
    if [ $db = rw ]; then w="the chain was rewritten since the anchor was taken"; else w="it was truncated since the anchor was taken"; fi
    check "$db chain: verify --anchor $n: says so" grep -q "audit entry $JSEQ: .*$w" "$T_DIR/err"
  done
done

finish
