# tests/e2e/json.sh KEFU — `--json` on every command (docs/json.md, issue
# 16): each prints exactly one JSON object on stdout carrying "schema": 1
# and "exit" equal to the code the process really returns, on success and
# on a refusal. The commands are read from `kefu help`'s own list (and
# `kefu help --json`'s, which must agree): a command added to the table
# without a success and a refusal case here fails this script.
. "$(dirname "$0")/lib.sh"

export KEFU_LANG=en
# 2026-11-27 01:30 in Asia/Shanghai: the files are ingested that day
export SOURCE_DATE_EPOCH=1795714200
cd "$T_DIR" || exit 1
DB=$T_DIR/k.db
OUT=$T_DIR/out
K() { "$KEFU" --db "$DB" --as-of 2026-11-26 "$@"; }

# The commands covered, one a line, each with its outcome (ok / refusal).
: >covered

# j CMDNAME OUTCOME KEY KEFU-ARGS... — runs kefu with the arguments and
# --json; stdout must be one JSON object with schema 1, exit = the real
# exit code, the exit 0 (OUTCOME ok) or not (refusal), and the member KEY
# (the command's own shape; "error" for a refusal that has none).
j() {
  name=$1 outcome=$2 key=$3; shift 3
  "$@" --json >j.out 2>j.err
  rc=$?
  if python3 -c '
import json, sys
d = json.loads(open("j.out", encoding="utf-8").read())
rc, outcome, key = int(sys.argv[1]), sys.argv[2], sys.argv[3]
assert isinstance(d, dict), d
assert d.get("schema") == 1, ("schema", d.get("schema"))
assert d.get("exit") == rc, ("exit", d.get("exit"), "rc", rc)
assert (rc == 0) == (outcome == "ok"), ("rc", rc, outcome)
assert d.get(key) is not None, ("no member", key, sorted(d))
' "$rc" "$outcome" "$key" 2>j.why; then
    T_PASS=$((T_PASS + 1)); echo "ok $name --json: $outcome (exit $rc)"
    echo "$name|$outcome" >>covered
  else
    T_FAIL=$((T_FAIL + 1)); echo "not ok $name --json: $outcome (exit $rc): $(tail -1 j.why)"
    sed 's/^/#   stdout: /' j.out | head -3; sed 's/^/#   stderr: /' j.err | head -3
  fi
}

# the data: the samples, and a bad file
mkdir in && cp -r "$ROOT"/samples/*.csv "$ROOT"/samples/*.xml "$ROOT"/samples/attachments in/
j "ingest" refusal files K ingest "$ROOT/samples/bad/bad-date.csv"
j "ingest" ok files K ingest in
j "init" ok version K init
j "init" refusal error "$KEFU" --db "$T_DIR/no/such/dir/k.db" init
j "vacuum" ok bytes_after K vacuum
j "vacuum" refusal error "$KEFU" --db "$T_DIR/none.db" vacuum
j "inspect" ok records "$KEFU" inspect "$ROOT/samples/03-leave.csv"
j "inspect" refusal errors "$KEFU" inspect "$ROOT/samples/bad/bad-date.csv"
j "check" ok findings K check
j "check" refusal error "$KEFU" --db "$T_DIR/none.db" check
j "findings" ok findings K findings
j "findings" refusal error "$KEFU" --db "$T_DIR/none.db" findings
j "rejects" ok rejects K rejects
j "rejects" refusal error K rejects --month 2026-13
j "report" ok pages K report fines --month 2026-11 -o fines.pdf
check_eq "report --json: pages, sha256 and bytes of the file written" \
  "$(python3 -c 'import json; d = json.load(open("j.out")); print(d["pages"], d["sha256"], d["bytes"])')" \
  "$(pdfinfo fines.pdf | sed -n 's/^Pages: *//p') $(sha256sum <fines.pdf | cut -c1-64) $(wc -c <fines.pdf)"
j "report" refusal error K report fines -o - --month 2026-11
j "export" ok sha256 K export employee -o employee.csv
check_eq "export --json: the sha256 of the file written" \
  "$(python3 -c 'import json; print(json.load(open("j.out"))["sha256"])')" "$(sha256sum <employee.csv | cut -c1-64)"
j "export" refusal error K export employee
j "run" ok files "$KEFU" --db "$T_DIR/run.db" --as-of 2026-11-26 run --in in --out night
j "run" refusal error "$KEFU" --db "$T_DIR/run.db" --as-of 2026-11-26 run --in no-such-dir --out night
j "help" ok commands "$KEFU" help
j "help" refusal error "$KEFU" help no-such-command
j "policy list" ok packs "$KEFU" policy list
j "policy list" refusal error "$KEFU" policy list extra
j "policy show" ok text "$KEFU" policy show
j "policy show" refusal error "$KEFU" policy show no-such-pack
j "policy check" ok problems "$KEFU" policy check property
printf '<policy>\n' >broken.xml
j "policy check" refusal problems "$KEFU" policy check broken.xml

role() { sqlite3 "$DB" "SELECT employee_id FROM employee WHERE role = '$1' AND left_on IS NULL ORDER BY employee_id LIMIT 1 OFFSET ${2:-0}"; }
CHIEF=$(role cs_chief); SUP=$(role cs_supervisor); DIR=$(role center_director)
W1=$(role staff 0); W2=$(role staff 1)
j "purge plan" refusal error K purge plan --prepared-by "$W1" --out "$OUT"
j "purge plan" ok batch_id K purge plan --prepared-by "$CHIEF" --out "$OUT"
BATCH=$(python3 -c 'import json; print(json.load(open("j.out"))["batch_id"])')
j "purge approve" refusal error K purge approve "$BATCH" --reviewed-by "$SUP" --approved-by "$W1"
j "purge approve" ok batch_id K purge approve "$BATCH" --reviewed-by "$SUP" --approved-by "$DIR"
j "purge execute" refusal error K purge execute "$BATCH" --witness "$W1" --out "$OUT"
j "purge execute" ok bundle K purge execute "$BATCH" --rechecked-by "$SUP" --witness "$W1" --witness "$W2" --out "$OUT"
BUNDLE=$(python3 -c 'import json; print(json.load(open("j.out"))["bundle"])')
j "purge list" ok batches K purge list
j "purge list" refusal error "$KEFU" --db "$T_DIR/none.db" purge list
j "purge show" ok item_list K purge show "$BATCH"
j "purge show" refusal error K purge show P-NO-SUCH
j "hold add" ok hold_id K hold add --hold-id J-1 --category daily --reason 审计 --by "$SUP"
j "hold add" refusal error K hold add --hold-id J-1 --category daily --reason 审计 --by "$SUP"
j "hold lift" ok hold_id K hold lift DJ2026-02 --by "$SUP"
j "hold lift" refusal error K hold lift NO-SUCH --by "$SUP"
j "hold list" ok holds K hold list
j "hold list" refusal error "$KEFU" --db "$T_DIR/none.db" hold list
j "bundle sources" ok bundle K bundle sources --date 2026-11-27 --out "$OUT"
j "bundle sources" refusal error "$KEFU" --db "$T_DIR/none.db" bundle sources --out "$OUT"
j "bundle verify" ok valid K bundle verify "$BUNDLE"
j "bundle verify" refusal valid K bundle verify broken.xml
j "audit verify" ok intact K audit verify
j "audit verify" refusal error "$KEFU" --db "$T_DIR/none.db" audit verify
j "audit show" ok entries K audit show
j "audit show" refusal error "$KEFU" --db "$T_DIR/none.db" audit show

# a usage error with --json is the error object too, exit 64
j "ingest" refusal error "$KEFU" ingest
check_eq "usage error with --json: exit 64" "$rc" 64

# run's stdout is the bytes of OUT/run-DATE.json
"$KEFU" --db "$T_DIR/run.db" --as-of 2026-11-26 run --in in --out night --json >run.out 2>/dev/null
check "run --json prints OUT/run-DATE.json" cmp -s run.out night/run-2026-11-26.json

# every command `kefu help` lists has both cases above, and `kefu help
# --json` lists the same commands
"$KEFU" help | awk '/^commands:/ { on = 1; next } on && /^$/ { exit }
  on && /^  [a-z]/ { sub(/^  /, ""); split($0, f, /  +/); k = split(f[1], w, " "); n = ""
                     for (i = 1; i <= k && w[i] ~ /^[a-z]+$/; i++) n = n (n ? " " : "") w[i]; print n }' \
  | sort >listed
"$KEFU" help --json | python3 -c 'import json, sys; [print(c["name"]) for c in json.load(sys.stdin)["commands"]]' \
  | sort >listed-json
check "kefu help lists commands" test "$(wc -l <listed)" -gt 20
check "kefu help --json lists the same commands" cmp -s listed listed-json
missing=
while read -r c; do
  for outcome in ok refusal; do
    grep -qx "$c|$outcome" covered || missing="$missing '$c' ($outcome)"
  done
done <listed
check_eq "every command has --json cases" "${missing:-none}" none

finish
