# tests/e2e/auditkey.sh KEFU — the HMAC-keyed audit chain (issue 13,
# --audit-key-file): an unsafe key file is refused; `init` with the key keys
# an existing chain from an audit_keyed entry (a new chain is keyed from its
# first entry); a writer without the key, or with another, is refused (77)
# and writes nothing; verify without the key
# says what it could not check (77); and the attack it exists for — rewrite
# the chain with recomputed plain SHA-256 hashes, having the database but
# not the key — fails verify with the key. Needs sqlite3 and python3.
. "$(dirname "$0")/lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
  echo "skip: sqlite3 or python3 is not installed"; finish; exit $?
fi

DB=$T_DIR/kefu.db
KEY=$T_DIR/audit.key
K() { "$KEFU" --db "$DB" --as-of 2026-11-26 "$@"; }
Q() { sqlite3 "$DB" "$1"; }
head -c 32 /dev/urandom > "$KEY"; chmod 600 "$KEY"

# 1. the key file: only a private regular file of 32+ bytes
bad_key() {  # LABEL EXIT MESSAGE-PATTERN FILE
  "$KEFU" --db "$T_DIR/none.db" --audit-key-file "$4" init >/dev/null 2>"$T_DIR/err"
  check_eq "$1: exit $2" $? "$2"
  check "$1: says why" grep -q "$3" "$T_DIR/err"
}
cp "$KEY" "$T_DIR/k644"; chmod 644 "$T_DIR/k644"
bad_key "a key readable by others" 77 "k644: mode 0644: the audit key file must be readable by its owner only (chmod 600" "$T_DIR/k644"
cp "$KEY" "$T_DIR/k640"; chmod 640 "$T_DIR/k640"
bad_key "a key readable by the group" 77 "mode 0640" "$T_DIR/k640"
ln -s "$KEY" "$T_DIR/klink"
bad_key "a key behind a symbolic link" 77 "klink: the audit key file is a symbolic link" "$T_DIR/klink"
head -c 16 /dev/urandom > "$T_DIR/kshort"; chmod 600 "$T_DIR/kshort"
bad_key "a 16-byte key" 77 "kshort: 16 bytes: an audit key has 32 to 4096 bytes" "$T_DIR/kshort"
mkdir -m 700 "$T_DIR/kdir"
bad_key "a directory" 77 "kdir: the audit key file is not a regular file" "$T_DIR/kdir"
bad_key "a missing key file" 66 "nokey: cannot open the audit key file" "$T_DIR/nokey"
if [ "$(id -u)" = 0 ]; then
  cp "$KEY" "$T_DIR/kother"; chmod 600 "$T_DIR/kother"; chown 65534 "$T_DIR/kother"
  bad_key "a key owned by another user" 77 "kother: the audit key file is owned by uid 65534" "$T_DIR/kother"
fi
check "no database was created by a refused key" test ! -e "$T_DIR/none.db"

# 2. an unkeyed database, then the first write with the key keys the chain
K --quiet ingest "$ROOT/samples" >/dev/null 2>&1
N0=$(Q 'SELECT count(*) FROM audit')
check_eq "unkeyed: no audit_keyed entry" "$(Q "SELECT count(*) FROM audit WHERE action = 'audit_keyed'")" 0
# a writer with a key does not key a chain with entries by the way
K --quiet --audit-key-file "$KEY" check >/dev/null 2>"$T_DIR/err"
check_eq "check with a key on an unkeyed chain: exit 77" $? 77
check "check with a key on an unkeyed chain: says how to key it" grep -q "the audit chain is not keyed, but an audit key was given .*: key it once with 'kefu --audit-key-file FILE init'" "$T_DIR/err"
check_eq "check with a key on an unkeyed chain: nothing written" "$(Q 'SELECT count(*) FROM audit')" "$N0"
"$KEFU" --db "$DB" --audit-key-file "$KEY" init >"$T_DIR/out" 2>&1
check_eq "init with the key: exit 0" $? 0
check "init with the key: says so" grep -q "audit chain HMAC-keyed from entry $((N0 + 1)) (key id" "$T_DIR/out"
"$KEFU" --db "$DB" --audit-key-file "$KEY" init >"$T_DIR/out" 2>&1
check_eq "init with the key again: nothing more" "$(Q "SELECT count(*) FROM audit WHERE action = 'audit_keyed'")" 1
K --quiet --audit-key-file "$KEY" check >/dev/null 2>&1
check_eq "check with the key: exit 0" $? 0
check_eq "the chain is keyed from the next entry" "$(Q "SELECT seq FROM audit WHERE action = 'audit_keyed'")" $((N0 + 1))
KID=$(Q "SELECT json_extract(detail, '\$.key_id') FROM audit WHERE action = 'audit_keyed'")
check "the entry records a key id" sh -c "echo '$KID' | grep -q '^[0-9a-f]\{64\}$'"
KHEX=$(od -An -tx1 -v "$KEY" | tr -d ' \n')
check "the key id is not the key's plain SHA-256" test "$KID" != "$(sha256sum "$KEY" | cut -c1-64)"
check "the key is nowhere in the database" sh -c "! sqlite3 '$DB' .dump | grep -qi '$KHEX'"
"$KEFU" --db "$DB" --audit-key-file "$KEY" audit verify >"$T_DIR/out" 2>&1
check_eq "verify with the key: exit 0" $? 0
check "verify with the key: intact, keyed" grep -q "audit log intact: $((N0 + 2)) entries (HMAC-keyed from entry $((N0 + 1))" "$T_DIR/out"
# the environment variable, for cron
KEFU_AUDIT_KEY_FILE=$KEY "$KEFU" --db "$DB" audit verify >/dev/null 2>&1
check_eq "KEFU_AUDIT_KEY_FILE: verify exit 0" $? 0

# 3. verify without the key: the unkeyed part only, and says so
"$KEFU" --db "$DB" audit verify >"$T_DIR/out" 2>"$T_DIR/err"
check_eq "verify without the key: exit 77" $? 77
check "verify without the key: says what it could not check" grep -q "the audit chain is keyed from entry $((N0 + 1)) .*entries 1 to $N0 verified" "$T_DIR/err"
"$KEFU" --db "$DB" --json audit verify >"$T_DIR/out" 2>/dev/null
check "verify --json without the key: not intact, unverified_from" grep -q "\"intact\":false.*\"unverified_from\":$((N0 + 1)),\"keyed_from\":$((N0 + 1)),\"exit\":77" "$T_DIR/out"

# 4. writers without the key, or with another key, are refused and write nothing
head -c 32 /dev/urandom > "$T_DIR/other.key"; chmod 600 "$T_DIR/other.key"
N1=$(Q 'SELECT count(*) FROM audit')
CHIEF=$(Q "SELECT employee_id FROM employee WHERE role = 'cs_chief' AND left_on IS NULL ORDER BY employee_id LIMIT 1")
REC=$(Q "SELECT record_id FROM archive_record ORDER BY record_id LIMIT 1")
for kf in "" "$T_DIR/other.key"; do
  if [ -z "$kf" ]; then what="without the key"; set --; else what="with another key"; set -- --audit-key-file "$kf"; fi
  K "$@" --quiet check >/dev/null 2>"$T_DIR/err"
  check_eq "check $what: exit 77" $? 77
  if [ -z "$kf" ]; then
    check "check $what: says the chain is keyed" grep -q "the audit chain is keyed from entry $((N0 + 1)) (key id ${KID%"${KID#????????????????}"}…): a command that writes the database needs its key" "$T_DIR/err"
  else
    check "check $what: says it is not its key" grep -q "but $T_DIR/other.key holds key id .*: not its key; nothing was written" "$T_DIR/err"
  fi
  K "$@" --quiet ingest "$ROOT/samples/03-leave.csv" >/dev/null 2>&1
  check_eq "ingest $what: exit 77" $? 77
  K "$@" hold add --hold-id H-KEY --record "$REC" --reason test --by "$CHIEF" >/dev/null 2>&1
  check_eq "hold add $what: exit 77" $? 77
  "$KEFU" --db "$DB" --as-of 2026-11-26 "$@" --quiet run --in "$ROOT/samples" --out "$T_DIR/out-run" >/dev/null 2>&1
  check_eq "run $what: exit 77" $? 77
  check_eq "nothing written $what" "$(Q 'SELECT count(*) FROM audit')" "$N1"
done
check_eq "no hold was placed" "$(Q "SELECT count(*) FROM hold WHERE hold_id = 'H-KEY'")" 0
"$KEFU" --db "$DB" --audit-key-file "$T_DIR/other.key" audit verify >/dev/null 2>"$T_DIR/err"
check_eq "verify with another key: exit 65" $? 65
check "verify with another key: named" grep -q "audit entry $((N0 + 1)): the chain is keyed from here with key id .*, not with the key of" "$T_DIR/err"
# with the key, the night goes on
"$KEFU" --db "$DB" --as-of 2026-11-26 --audit-key-file "$KEY" --quiet run --in "$ROOT/samples" --out "$T_DIR/out-run" >/dev/null 2>&1
check_eq "run with the key: exit 0" $? 0
"$KEFU" --db "$DB" --audit-key-file "$KEY" audit verify --anchor "$T_DIR/out-run/run-2026-11-26.json" >/dev/null 2>&1
check_eq "verify --anchor run JSON with the key: exit 0" $? 0

# 5. the attack: the database but not the key — rewrite the chain with
# recomputed plain SHA-256 hashes (an ingest entry altered)
rewrite() {  # DB DROP-KEYED(0|1)
python3 - "$1" "$2" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("DROP TRIGGER audit_no_update")
db.execute("DROP TRIGGER audit_no_delete")
rows = db.execute("SELECT seq, at, action, detail FROM audit ORDER BY seq").fetchall()
if sys.argv[2] == "1":
    rows = [r for r in rows if r[2] != "audit_keyed"]
db.execute("DELETE FROM audit")
prev = "0" * 64
for i, (seq, at, action, detail) in enumerate(rows, 1):
    if action == "ingest":
        detail = detail.replace('"stored":', '"stored_rewritten":', 1)
    h = hashlib.sha256(f"{i}|{at}|{action}|{detail}|{prev}".encode()).hexdigest()
    db.execute("INSERT INTO audit(seq,at,action,detail,prev_hash,hash) VALUES(?,?,?,?,?,?)", (i, at, action, detail, prev, h))
    prev = h
db.commit()
PY
}
cp "$DB" "$T_DIR/rw.db"; rewrite "$T_DIR/rw.db" 0
"$KEFU" --db "$T_DIR/rw.db" --audit-key-file "$KEY" audit verify >/dev/null 2>"$T_DIR/err"
check_eq "rewritten with plain hashes: verify with the key exit 65" $? 65
check "rewritten with plain hashes: the keyed entry is named" grep -q "audit entry $((N0 + 1)): content does not match its HMAC under the audit key" "$T_DIR/err"
cp "$DB" "$T_DIR/rw2.db"; rewrite "$T_DIR/rw2.db" 1
"$KEFU" --db "$T_DIR/rw2.db" --audit-key-file "$KEY" audit verify >/dev/null 2>"$T_DIR/err"
check_eq "rewritten unkeyed (audit_keyed dropped): verify with the key exit 65" $? 65
check "rewritten unkeyed: said" grep -q "the chain is not keyed, but an audit key was given" "$T_DIR/err"
# the night with the key on the stripped chain neither keys nor extends it
N2=$(sqlite3 "$T_DIR/rw2.db" 'SELECT count(*) FROM audit')
"$KEFU" --db "$T_DIR/rw2.db" --as-of 2026-11-26 --audit-key-file "$KEY" --quiet check >/dev/null 2>&1
check_eq "rewritten unkeyed: a writer with the key is refused (77)" $? 77
check_eq "rewritten unkeyed: nothing written" "$(sqlite3 "$T_DIR/rw2.db" 'SELECT count(*) FROM audit')" "$N2"
"$KEFU" --db "$T_DIR/rw2.db" audit verify --anchor "$T_DIR/out-run/run-2026-11-26.json" >/dev/null 2>&1
check_eq "rewritten unkeyed: verify --anchor without the key exit 65" $? 65
# and with the key, an honest keyed chain still verifies after all this
"$KEFU" --db "$DB" --audit-key-file "$KEY" audit verify >/dev/null 2>&1
check_eq "the keyed chain: verify with the key exit 0" $? 0

# a new database written with a key is keyed from its first entry
"$KEFU" --db "$T_DIR/new.db" --as-of 2026-11-26 --audit-key-file "$KEY" --quiet ingest "$ROOT/samples/03-leave.csv" >/dev/null 2>&1
check_eq "a new chain: entry 1 is audit_keyed" "$(sqlite3 "$T_DIR/new.db" 'SELECT action FROM audit WHERE seq = 1')" audit_keyed
"$KEFU" --db "$T_DIR/new.db" --audit-key-file "$KEY" audit verify >/dev/null 2>&1
check_eq "a new keyed chain verifies with the key" $? 0

finish
