#!/bin/sh
# Output that attacks its reader (issue 13, item 7), each attack reproduced
# and refused:
# - ESC and BEL from a CSV cell, a hold's reason or a file name never reach
#   the terminal raw: error messages (stderr, always), and listings when
#   stdout is a terminal (run under script(1)), show them as \x1b;
# - formula cells (=HYPERLINK, =cmd|) in a purge bundle's CSV copy carry a
#   leading "'", bag-info.txt says so, and the record hash still covers the
#   exact value;
# - a file name that is not UTF-8 leaves run-DATE.json parseable, with the
#   name's exact bytes in "path_bytes".
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
DB=$T_DIR/k.db
ESC=$(printf '\033')
BEL=$(printf '\007')
raw() { grep -q "[$ESC$BEL]" "$1"; }
K() { "$KEFU" --db "$DB" --as-of 2026-11-26 "$@"; }
K --quiet ingest samples >/dev/null 2>&1

# A CSV cell that clears the screen and sets the window title, in a value
# the ingest rejects: the error line names it escaped.
mkdir -p "$T_DIR/in"
{ echo "incident_id,employee_id,date,offense,amount,recorded_by,note"
  printf 'X1,E024,2026-10-0\033]0;pwned\007\033[2J9,gossip,,E023,x\n'; } > "$T_DIR/in/incident.csv"
K --quiet ingest "$T_DIR/in/incident.csv" 2>"$T_DIR/err"
check_eq "the bad row is rejected (65)" "$?" 65
check "stderr carries no raw ESC or BEL" sh -c "! grep -q '[$ESC$BEL]' '$T_DIR/err'"
check "stderr shows the value escaped" grep -q 'field .date.: .2026-10-0\\x1b\]0;pwned\\x07\\x1b\[2J9' "$T_DIR/err"

# A file name with ESC: the ingest listing on a terminal, and messages.
cp "$T_DIR/in/incident.csv" "$T_DIR/in/x${ESC}[2Jy.csv"
rm "$T_DIR/in/incident.csv"
script -qec "'$KEFU' --db '$DB' --as-of 2026-11-26 ingest '$T_DIR/in'" /dev/null > "$T_DIR/tty" 2>&1
check "terminal: the listing has no raw ESC" sh -c "! grep -q '[$ESC$BEL]' '$T_DIR/tty'"
check "terminal: the file name is shown escaped" grep -q 'x\\x1b\[2Jy.csv' "$T_DIR/tty"

# A hold whose reason drives the terminal: hold list and the refusal.
K --quiet hold add --hold-id "H-ESC" --record DA2011-001 --reason "$(printf 'x\033]0;pwned\007\033[2J')" \
  --placed-by E005 --on 2026-11-20 2>"$T_DIR/err"
check_eq "hold with control characters in its reason placed" "$?" 0
script -qec "'$KEFU' --db '$DB' --as-of 2026-11-26 hold list" /dev/null > "$T_DIR/tty" 2>&1
check "terminal: hold list shows the hold" grep -q "H-ESC" "$T_DIR/tty"
check "terminal: hold list has no raw ESC or BEL" sh -c "! grep -q '[$ESC$BEL]' '$T_DIR/tty'"
check "terminal: hold list shows the reason escaped" grep -q 'x\\x1b\]0;pwned\\x07' "$T_DIR/tty"
K hold add --hold-id "$(printf 'H\033[2J')" --record NOPE --reason r --placed-by E005 2>"$T_DIR/err" >/dev/null
check "a refused hold id is echoed escaped on stderr" sh -c "! grep -q '[$ESC$BEL]' '$T_DIR/err'"
K --json hold list > "$T_DIR/holds.json"
check "hold list --json parses and keeps the exact reason" python3 -c "
import json; d = json.load(open('$T_DIR/holds.json'))
hs = d['holds'] if isinstance(d, dict) else d
assert any(h.get('reason') == 'x\x1b]0;pwned\x07\x1b[2J' for h in hs), hs"

# Formula cells in a purge bundle's CSV copy.
rm -rf "$T_DIR/s"
cp -r samples "$T_DIR/s"
python3 - "$T_DIR/s/11-archive_record.csv" <<'PY'
import csv, io, sys
p = sys.argv[1]
rows = list(csv.reader(io.StringIO(open(p, encoding='gb18030').read())))
for r in rows:
    if r[0] == 'DA2011-002': r[3] = '=HYPERLINK("http://evil.example/","点此")'
    if r[0] == 'DA2011-003': r[3] = "=cmd|' /C calc'!A0"
out = io.StringIO(); csv.writer(out, lineterminator='\n').writerows(rows)
open(p, 'w', encoding='gb18030').write(out.getvalue())
PY
DB2=$T_DIR/p.db
P() { "$KEFU" --db "$DB2" --as-of 2026-11-26 "$@"; }
P --quiet ingest "$T_DIR/s" >/dev/null 2>&1
P --quiet check >/dev/null 2>&1
role() { sqlite3 "$DB2" "SELECT employee_id FROM employee WHERE role = '$1' AND left_on IS NULL ORDER BY employee_id LIMIT 1 OFFSET ${2:-0}"; }
BATCH=$(P purge plan --prepared-by "$(role cs_chief)" --out "$T_DIR/p" 2>/dev/null)
P --quiet purge approve "$BATCH" --reviewed-by "$(role cs_supervisor)" --approved-by "$(role center_director)" 2>/dev/null
BUNDLE=$(P purge execute "$BATCH" --rechecked-by "$(role cs_supervisor)" --witness "$(role staff 0)" --witness "$(role staff 1)" --out "$T_DIR/p" 2>/dev/null)
check "the purge bundle verifies" "$KEFU" bundle verify "$BUNDLE"
mkdir -p "$T_DIR/x"
tar -xzf "$BUNDLE" -C "$T_DIR/x"
D=$T_DIR/x/purge-$BATCH
check "destroyed.csv: =HYPERLINK neutralised" grep -q "^DA2011-002,[a-z_]*,\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"点此\"\")\"," "$D/data/destroyed.csv"
check "destroyed.csv: =cmd| neutralised" grep -q "^DA2011-003,[a-z_]*,\"'=cmd|' /C calc'!A0\"," "$D/data/destroyed.csv"
check "destroyed.csv: no cell starts a formula" python3 -c "
import csv; rows = list(csv.reader(open('$D/data/destroyed.csv', encoding='utf-8')))
assert all(not c or c[0] not in '=+-@\t\r' for r in rows for c in r), rows"
check "bag-info.txt says the CSV is neutralised" grep -q "^Kefu-CSV-Note: CSV cells starting with = + - @" "$D/bag-info.txt"
# A file name that is not UTF-8 in the night's exports: run-DATE.json parses.
rm -rf "$T_DIR/n"
mkdir -p "$T_DIR/n"
cp samples/*.csv samples/*.xml "$T_DIR/n/"
cp -r samples/attachments "$T_DIR/n/"
mv "$T_DIR/n/07-incident.csv" "$T_DIR/n/$(printf '07-\377\033[2J-incident.csv')"
"$KEFU" --quiet --db "$T_DIR/n.db" run --in "$T_DIR/n" --out "$T_DIR/no" --as-of 2026-11-26 2>"$T_DIR/err"
check_eq "run over a non-UTF-8 file name exits 0" "$?" 0
check "run-DATE.json parses; the name has U+FFFD and its exact bytes in path_bytes" python3 -c "
import json; d = json.load(open('$T_DIR/no/run-2026-11-26.json'))
f = [f for f in d['files'] if 'incident' in f['path']][0]
assert f['path'].endswith('07-\ufffd\x1b[2J-incident.csv'), f
assert f['path_bytes'].endswith('07-\\\\xff\\\\x1b[2J-incident.csv'), f
assert f['status'] == 'ingested'"
"$KEFU" --db "$T_DIR/n2.db" --json ingest "$T_DIR/n" > "$T_DIR/ing.json" 2>/dev/null
check "ingest --json over it parses too" python3 -c "
import json; d = json.load(open('$T_DIR/ing.json')); assert any('path_bytes' in f for f in d['files'])"
finish
