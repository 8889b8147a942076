# tests/e2e/roles.sh KEFU — who may approve (issue 13, item 3), through
# the CLI on the samples:
#   - every employee row that brings a new role, hire or leaving date is a
#     role_history row with its own audit entry; `kefu audit show --roles`
#     lists them, custody roles marked;
#   - the issue's attack: after a batch is planned, a dropped employee file
#     makes two staff members cs_supervisor and center_director; they
#     cannot approve it, because the roles that count are those recorded
#     before the plan;
#   - `purge show` and the register print, for each person, the file their
#     role came from and when it was read;
#   - a database of schema version 4 upgrades in place: its employees start
#     the role history, each with an audit entry, and the chain verifies.
. "$(dirname "$0")/lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
  echo "skipped: sqlite3 is not installed"; finish; exit $?
fi

DB=$T_DIR/kefu.db
OUT=$T_DIR/bundles
K() { "$KEFU" --db "$DB" --as-of 2026-11-26 "$@"; }
K --quiet ingest "$ROOT/samples" >/dev/null 2>&1
n_emp=$(sqlite3 "$DB" 'SELECT count(*) FROM employee')
check_eq "one history row per employee" "$(sqlite3 "$DB" 'SELECT count(*) FROM role_history')" "$n_emp"
check_eq "one role audit entry per employee" "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'role'")" "$n_emp"
role() { sqlite3 "$DB" "SELECT employee_id FROM employee WHERE role = '$1' AND left_on IS NULL ORDER BY employee_id LIMIT 1 OFFSET ${2:-0}"; }
CHIEF=$(role cs_chief); SUP=$(role cs_supervisor); DIR=$(role center_director)
W1=$(role staff 0); W2=$(role staff 1)

"$KEFU" --db "$DB" audit show --roles > "$T_DIR/roles.txt"
check_eq "audit show --roles: exit 0" $? 0
check "custody roles are marked" grep -q "^ *[0-9]* *[0-9]*  .* $SUP .*\*cs_supervisor (客户服务部主管)" "$T_DIR/roles.txt"
check "staff roles are not" grep -q " $W1 .* staff (员工)" "$T_DIR/roles.txt"
check "each row names its file and line" grep -q "samples/01-employee.csv:[0-9]" "$T_DIR/roles.txt"
"$KEFU" --db "$DB" audit show --roles --json > "$T_DIR/roles.json"
check "audit show --roles --json parses, one entry per row, all recorded" python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
assert d['schema'] == 1 and d['exit'] == 0 and d['count'] == int(sys.argv[2]), d['count']
assert all(r['audited'] for r in d['roles'])
assert any(r['custody'] and r['role'] == 'center_director' for r in d['roles'])
" "$T_DIR/roles.json" "$n_emp"

# --- the attack: approvers minted by a file dropped after the plan ---------
K --quiet check >/dev/null 2>&1
BATCH=$(K purge plan --prepared-by "$CHIEF" --out "$OUT")
check "plan" test -n "$BATCH"
head -n 1 "$ROOT/samples/01-employee.csv" > "$T_DIR/zz-minted.csv"
grep -aE "^($W1|$W2)," "$ROOT/samples/01-employee.csv" >> "$T_DIR/zz-minted.csv"
# the role column of the samples' employee file is its 5th (岗位, in GB18030)
awk -F, -v a="$W1" -v b="$W2" 'NR == 1 { print; next }
  $1 == a { $5 = "cs_supervisor" } $1 == b { $5 = "center_director" } { print }' OFS=, \
  "$T_DIR/zz-minted.csv" > "$T_DIR/zz-minted2.csv"
mv "$T_DIR/zz-minted2.csv" "$T_DIR/zz-minted.csv"
K ingest "$T_DIR/zz-minted.csv" >/dev/null 2>"$T_DIR/err"
check_eq "the minted file is ingested" $? 0
check_eq "the promotions are role rows of their own" \
  "$(sqlite3 "$DB" "SELECT group_concat(prev_role || '→' || role, ' ') FROM role_history WHERE employee_id IN ('$W1','$W2') AND prev_role IS NOT NULL")" \
  "staff→cs_supervisor staff→center_director"
check_eq "…each with its audit entry" \
  "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE action = 'role' AND json_extract(detail, '$.prev_role') = 'staff'")" 2
"$KEFU" --db "$DB" audit show --roles > "$T_DIR/roles2.txt"
check "audit show --roles shows the change into a custody role" \
  grep -q " $W2 .*\*center_director (服务中心主任) ← staff .*zz-minted.csv:" "$T_DIR/roles2.txt"
K purge approve "$BATCH" --reviewed-by "$W1" --approved-by "$W2" >/dev/null 2>"$T_DIR/err"
check_eq "approval by the minted approvers: exit 65" $? 65
check "the refusal says which role counted and where it came from" \
  grep -q "approval refused: $W1 .* is staff (员工), role row from .*samples/01-employee.csv read .*; the reviewer must be cs_supervisor" "$T_DIR/err"
check_eq "the batch is still planned" "$(sqlite3 "$DB" "SELECT state FROM purge_batch WHERE batch_id = '$BATCH'")" planned

# --- the genuine approval; where each role came from on the record --------
K purge approve "$BATCH" --reviewed-by "$SUP" --approved-by "$DIR" >/dev/null
check_eq "approval by the people who held the roles at the plan" $? 0
K purge show "$BATCH" > "$T_DIR/show.txt"
check "purge show: the reviewer's role row and its file" \
  grep -q "^  reviewer   $SUP .* cs_supervisor (客户服务部主管), role row from .*01-employee.csv read 20" "$T_DIR/show.txt"
K purge show "$BATCH" --json > "$T_DIR/show.json"
check "purge show --json: people with role_file and role_read_at" python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
p = {x['duty']: x for x in d['people']}
assert p['approver']['role'] == 'center_director' and p['approver']['role_file'].endswith('01-employee.csv')
assert p['approver']['role_recorded'] and p['approver']['role_read_at']
" "$T_DIR/show.json"
BUNDLE=$(K purge execute "$BATCH" --rechecked-by "$SUP" --witness "$W1" --witness "$W2" --out "$OUT")
check "execute" test -s "$BUNDLE"
tar -xzf "$BUNDLE" -C "$T_DIR" "purge-$BATCH/data/register.pdf" "purge-$BATCH/bag-info.txt"
pdftotext -layout "$T_DIR/purge-$BATCH/data/register.pdf" "$T_DIR/register.txt" 2>/dev/null
check "the register has the people section" grep -q "人员及岗位来源" "$T_DIR/register.txt"
check "…with the file the roles came from" grep -q "01-employee.csv" "$T_DIR/register.txt"
check "…and a witness's role as it was at the plan, not the minted one" \
  sh -c "grep '$W2' '$T_DIR/register.txt' | grep -q '员工'"
check "bag-info names who re-checked the destruction (住户档案管理规定 6)" \
  grep -q "^Kefu-Rechecked-By: $SUP .* cs_supervisor (客户服务部主管), role row from " "$T_DIR/purge-$BATCH/bag-info.txt"
check "the register has the re-checker's signature line" grep -q "复核人（客户服务部主管）" "$T_DIR/register.txt"
check "…and the re-checker in its people table" sh -c "grep '复核人' '$T_DIR/register.txt' | grep -q '$SUP'"
K purge show "$BATCH" > "$T_DIR/show2.txt"
check "purge show names the re-checker" grep -q "^  rechecked  $SUP$" "$T_DIR/show2.txt"
check_eq "the execution's audit entry records the re-checker" \
  "$(sqlite3 "$DB" "SELECT json_extract(detail, '$.rechecked_by') FROM audit WHERE action = 'purge_execute'")" "$SUP"
check "bag-info names where each witness's role came from" \
  grep -q "^Kefu-Witness: $W1 .* staff (员工), role row from .*01-employee.csv read " "$T_DIR/purge-$BATCH/bag-info.txt"
check "audit chain intact" "$KEFU" --db "$DB" audit verify
sqlite3 "$DB" "UPDATE purge_batch SET rechecked_by = '$W1' WHERE batch_id = '$BATCH'"
"$KEFU" --db "$DB" audit verify >/dev/null 2>"$T_DIR/err"
check_eq "a re-checker changed by SQL: audit verify exit 65" $? 65
check "…names the field" grep -q "field 'rechecked_by': '$W1' is not what audit entry" "$T_DIR/err"
sqlite3 "$DB" "UPDATE purge_batch SET rechecked_by = '$SUP' WHERE batch_id = '$BATCH'"

# --- a schema-4 database upgrades in place ---------------------------------
V4=$T_DIR/v4.db
K4() { "$KEFU" --db "$V4" --as-of 2026-11-26 "$@"; }
K4 --quiet ingest "$ROOT/samples" >/dev/null 2>&1
# as version 4 left it: no role history, no role entries (the chain renumbered)
python3 - "$V4" <<'EOF'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.executescript("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; DROP TABLE role_history;"
                "ALTER TABLE purge_batch DROP COLUMN rechecked_by;")
rows = db.execute("SELECT at, action, detail FROM audit WHERE action <> 'role' ORDER BY seq").fetchall()
db.execute("DELETE FROM audit")
prev = "0" * 64
for seq, (at, action, detail) in enumerate(rows, 1):
    h = hashlib.sha256(f"{seq}|{at}|{action}|{detail}|{prev}".encode()).hexdigest()
    db.execute("INSERT INTO audit VALUES (?,?,?,?,?,?)", (seq, at, action, detail, prev, h))
    prev = h
db.execute("PRAGMA user_version = 4")
EOF
check_eq "no role history before the upgrade" "$(sqlite3 "$V4" "SELECT count(*) FROM sqlite_master WHERE name = 'role_history'")" 0
"$KEFU" --db "$V4" init > "$T_DIR/init.txt" 2>&1
check_eq "init upgrades it: exit 0" $? 0
"$KEFU" --quiet --db "$T_DIR/cur.db" init >/dev/null 2>&1
CUR=$(sqlite3 "$T_DIR/cur.db" 'PRAGMA user_version')   # the current version, whatever its number
check "init says 4 → $CUR" grep -q "upgraded from schema version 4 to $CUR" "$T_DIR/init.txt"
check_eq "its employees start the role history" "$(sqlite3 "$V4" 'SELECT count(*) FROM role_history')" "$n_emp"
check_eq "each with an audit entry that says it came from the upgrade" \
  "$(sqlite3 "$V4" "SELECT count(*) FROM audit WHERE action = 'role' AND json_extract(detail, '$.recorded') = 'schema 5 upgrade'")" "$n_emp"
check "the upgraded chain verifies" "$KEFU" --db "$V4" audit verify
K4 --quiet check >/dev/null 2>&1
B4=$(K4 purge plan --prepared-by "$CHIEF" --out "$T_DIR/b4")
K4 purge approve "$B4" --reviewed-by "$SUP" --approved-by "$DIR" >/dev/null
check_eq "a batch planned after the upgrade is approved by the seeded roles" $? 0


# --- a hold row by ingest: its placed_by is checked as hold add --by is ----
HD=$T_DIR/holds.db
KH() { "$KEFU" --db "$HD" --as-of 2026-11-26 "$@"; }
hold_csv() {  # FILE PLACED_BY [HOLD_ID]
  printf 'hold_id,record_id,category,owner,reason,placed_on,lifted_on,placed_by\n%s,DA2011-001,,,诉讼保全,2026-11-20,,%s\n' "${3:-DJ-T1}" "$2" > "$1"
}
hold_csv "$T_DIR/early-hold.csv" "$SUP"
KH ingest "$T_DIR/early-hold.csv" >/dev/null 2>"$T_DIR/err"
check_eq "a hold before any employee file: exit 65" $? 65
check "…says to ingest the employees first" grep -q "early-hold.csv:2: field 'placed_by': '$SUP' is not an employee kefu has recorded: ingest the employee file before the holds" "$T_DIR/err"
KH --quiet ingest "$ROOT/samples" >/dev/null 2>&1
hold_csv "$T_DIR/staff-hold.csv" "$W1"
KH ingest "$T_DIR/staff-hold.csv" >/dev/null 2>"$T_DIR/err"
check_eq "a hold placed by staff: exit 65" $? 65
check "…names the role and the roles allowed" grep -q "staff-hold.csv:2: field 'placed_by': '$W1' is .* staff (员工); the policy's <hold-roles> allows only cs_chief (客服主任), " "$T_DIR/err"
hold_csv "$T_DIR/nobody-hold.csv" ""
KH ingest "$T_DIR/nobody-hold.csv" >/dev/null 2>"$T_DIR/err"
check_eq "a hold placed by nobody: exit 65" $? 65
check "…says who may place one" grep -q "nobody-hold.csv:2: field 'placed_by': '' is empty, but a hold needs the person who placed it" "$T_DIR/err"
printf 'employee_id,name,dept,role,monthly_wage,hired_on\nE090,冯将来,客服部,cs_supervisor,820000,2030-01-01\n' > "$T_DIR/future-emp.csv"
KH --quiet ingest "$T_DIR/future-emp.csv" >/dev/null 2>&1
hold_csv "$T_DIR/future-hold.csv" E090
KH ingest "$T_DIR/future-hold.csv" >/dev/null 2>"$T_DIR/err"
check_eq "a hold placed by someone not yet hired: exit 65" $? 65
check "…names the hire date" grep -q "field 'placed_by': 'E090' is hired on 2030-01-01, after the hold's placed_on 2026-11-20" "$T_DIR/err"
check_eq "none of those holds is stored" "$(sqlite3 "$HD" "SELECT count(*) FROM hold WHERE hold_id = 'DJ-T1'")" 0
hold_csv "$T_DIR/good-hold.csv" "$SUP" DJ-T2
KH ingest "$T_DIR/good-hold.csv" >/dev/null 2>"$T_DIR/err"
check_eq "a hold placed by the cs_supervisor: exit 0" $? 0
check_eq "…is stored" "$(sqlite3 "$HD" "SELECT placed_by FROM hold WHERE hold_id = 'DJ-T2'")" "$SUP"

finish
