#!/bin/sh
# tests/e2e/cli.sh KEFU — the command line of issue 16: help per command on
# stdout with exit 0, options a command does not take refused with 64 naming
# the option, -q and -V, '--' before an argument that starts with '-', and a
# required option named when it is missing.
. "$(dirname "$0")/lib.sh"
# English unless a test asks for Chinese, whatever the machine's locale
KEFU_LANG=en; export KEFU_LANG
cd "$T_DIR" || exit 1
cp "$ROOT/samples/01-employee.csv" ./-dash.csv

# help
"$KEFU" help >out 2>err; rc=$?
check_eq "kefu help: exit 0" "$rc" 0
check "kefu help lists every command" sh -c 'for c in init ingest inspect check report run "purge plan" "purge approve" \
  "purge execute" "purge list" "purge show" "hold add" "hold lift" "hold list" "bundle sources" "bundle verify" \
  "policy show" "policy check" "audit verify" "audit show"; do grep -q "^  $c" out || exit 1; done'
check "kefu help: nothing on stderr" test ! -s err
"$KEFU" help ingest >h1 2>err; rc=$?
check_eq "kefu help ingest: exit 0" "$rc" 0
"$KEFU" ingest --help >h2; rc=$?
check_eq "kefu ingest --help: exit 0" "$rc" 0
check "help ingest = ingest --help" cmp -s h1 h2
check "ingest help: synopsis" grep -q '^usage: kefu ingest PATH\.\.\. \[options\]$' h1
check "ingest help: its options" sh -c "grep -q -- '--strict' h1 && grep -q -- '--encoding utf-8|gb18030' h1 && grep -q -- '--kind KIND' h1"
check "ingest help: an example" grep -q '^  kefu ingest ' h1
check "ingest help: says how to pass -name" grep -q "kefu ingest -- -name" h1
check "ingest help: no option it does not take" sh -c "! grep -q -- '--witness' h1"
"$KEFU" help purge plan >h3; rc=$?
check_eq "kefu help purge plan: exit 0" "$rc" 0
check "purge plan help: required option in the synopsis" grep -q '^usage: kefu purge plan --prepared-by ID \[options\]$' h3
"$KEFU" purge --help >h4; rc=$?
check_eq "kefu purge --help: exit 0" "$rc" 0
check "purge --help shows every purge subcommand" sh -c 'for s in plan approve execute list show; do grep -q "^usage: kefu purge $s" h4 || exit 1; done'
"$KEFU" help frobnicate >out 2>err; rc=$?
check_eq "help of an unknown command: exit 64" "$rc" 64
check "help of an unknown command names it" grep -q "unknown command 'frobnicate'" err
"$KEFU" >out 2>err; rc=$?
check_eq "no command: exit 64" "$rc" 64
check "no command: the command list on stderr" grep -q '^  ingest PATH' err

# options a command does not take
"$KEFU" --db k.db check --witness E001 -o foo.pdf >out 2>err; rc=$?
check_eq "check --witness -o: exit 64" "$rc" 64
check "check --witness: names the option and the command" grep -q "option '--witness' does not apply to 'kefu check'" err
check "check --witness: says where the options are" grep -q "Try 'kefu help check'" err
check "check --witness: no database created" test ! -e k.db
check "check --witness: no PDF" test ! -e foo.pdf
"$KEFU" policy check "$ROOT/templates/policy/default.xml" --db k.db >out 2>err; rc=$?
check_eq "policy check --db: exit 64" "$rc" 64
"$KEFU" --nope init >out 2>err; rc=$?
check_eq "unknown option: exit 64" "$rc" 64
check "unknown option named" grep -q "unknown option '--nope'" err

# -q and -V
"$KEFU" -V >out; rc=$?
check_eq "-V: exit 0" "$rc" 0
check "-V prints the version" grep -q '^kefu [0-9]' out
"$KEFU" --version >out2
check "-V = --version" cmp -s out out2
"$KEFU" --db q.db -q init >out; rc=$?
check_eq "-q init: exit 0" "$rc" 0
check "-q init: prints nothing" test ! -s out
"$KEFU" --db q2.db init >out
check "init without -q prints" test -s out

# an argument that starts with '-'
"$KEFU" --db d.db ingest -dash.csv >out 2>err; rc=$?
check_eq "ingest -dash.csv: exit 64" "$rc" 64
check "ingest -dash.csv: blames that argument and says how" \
  grep -q "unknown option '-d' in '-dash.csv' (an argument that starts with '-' goes after '--': kefu ingest -- -dash.csv)" err
check "ingest -dash.csv: no database created" test ! -e d.db
"$KEFU" --db d.db --json ingest -- -dash.csv >out 2>err; rc=$?
check_eq "ingest -- -dash.csv: exit 0" "$rc" 0
check "ingest -- -dash.csv: the file stored" grep -q '"path": *"-dash.csv"' out

# a required option named when missing
"$KEFU" --db d.db purge plan >out 2>err; rc=$?
check_eq "purge plan without --prepared-by: exit 64" "$rc" 64
check "purge plan: says --prepared-by is missing" grep -q "'kefu purge plan' needs --prepared-by ID" err
"$KEFU" --db d.db run --in "$ROOT/samples" >out 2>err; rc=$?
check_eq "run without --out: exit 64" "$rc" 64
check "run: says --out is missing" grep -q "'kefu run' needs --out DIR" err
"$KEFU" --db d.db check extra >out 2>err; rc=$?
check_eq "check with an argument: exit 64" "$rc" 64
check "check: names the extra argument" grep -q "'kefu check' takes no arguments, but was given 'extra'" err

# a command that needs a database never creates one: a missing one is 66
mkdir -p wrong
for c in "check" "report fines --month 2026-11 -o wrong/f.pdf" "audit verify" "audit show" "purge list" \
         "purge show B1" "hold list" "purge plan --prepared-by E001" "bundle sources"; do
  # shellcheck disable=SC2086
  "$KEFU" --db wrong/kefu.db $c >out 2>err; rc=$?
  check_eq "'$c' without a database: exit 66" "$rc" 66
  check "'$c' without a database: names the path" grep -q "kefu: wrong/kefu.db: no such database" err
  check "'$c' without a database: creates nothing" sh -c '[ -z "$(ls wrong)" ]'
done

# quiet nights: a second quiet run over the samples prints nothing at all
"$KEFU" --quiet --db n.db run --in "$ROOT/samples" --out night --as-of 2026-11-26 >out 2>err
"$KEFU" --quiet --db n.db run --in "$ROOT/samples" --out night --as-of 2026-11-27 >out 2>err; rc=$?
check_eq "second quiet run: exit 0" "$rc" 0
check "second quiet run: nothing on stdout" test ! -s out
check "second quiet run: nothing on stderr" test ! -s err
check "second night: no bundle (no new file)" test ! -e night/bundles/sources-2026-11-27.tar.gz
check "second night: run JSON lists the files already bundled" python3 -c "
import json; d = json.load(open('night/run-2026-11-27.json'))
a = d['already_bundled']; assert len(a) == len(d['files']) and len(a) > 0, a
assert all(x['bundle'] == 'sources-2026-11-26.tar.gz' and len(x['sha256']) == 64 for x in a), a"
mkdir in3 && cp "$ROOT"/samples/*.csv "$ROOT"/samples/*.xml in3/ && \
  sed 's/家中老人住院陪护/家中老人住院陪护（补录）/' "$ROOT/samples/03-leave.csv" > in3/13-leave-new.csv
"$KEFU" -q --db n.db run --in in3 --out night --as-of 2026-11-28 >out 2>err
check_eq "third night: its bundle holds only the new file" \
  "$(tar -tzf night/bundles/sources-2026-11-28.tar.gz | grep '/data/.' | sed 's|.*/data/||')" "13-leave-new.csv"
cp night/bundles/sources-2026-11-28.tar.gz first.tar.gz
"$KEFU" -q --db n.db run --in in3 --out night --as-of 2026-11-28 >out 2>err
check "third night again: the same bundle, byte for byte" cmp -s first.tar.gz night/bundles/sources-2026-11-28.tar.gz
"$KEFU" -q --db n.db ingest "$ROOT/samples" >out 2>err
check "quiet ingest of known files: nothing on stderr" test ! -s err
"$KEFU" --db n.db ingest "$ROOT/samples/01-employee.csv" >out 2>err
check "ingest without -q still notes the skip" grep -q "already ingested on .*; skipped" err

# display width: check's tables line up with Chinese in them, under LANG=C
LANG=C LC_ALL=C "$KEFU" --db n.db check --as-of 2026-11-26 >chk.txt 2>err
check "check tables: every row of a table is as wide as its header (display columns)" python3 -c "
import unicodedata, sys
def w(s): return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)
sec, widths, cjk = None, {}, 0
for l in open('chk.txt', encoding='utf-8').read().split('\n'):
    if l.endswith(':') and not l.startswith(' '): sec = l; continue
    if l.startswith('  ') and sec:
        widths.setdefault(sec, set()).add(w(l)); cjk += any(ord(c) > 0x2E80 for c in l)
assert cjk > 0 and len(widths) >= 2 and all(len(v) == 1 for v in widths.values()), (cjk, widths)"

# findings and rejects: what check and ingest stored, filtered, as text, JSON, CSV
"$KEFU" --db n.db findings --json >f.json; rc=$?
check_eq "findings --json: exit 0" "$rc" 0
check "findings --json: versioned, with exit and every stored finding" python3 -c "
import json, sqlite3; d = json.load(open('f.json'))
n = sqlite3.connect('n.db').execute('SELECT count(*) FROM finding').fetchone()[0]
assert d['schema'] == 1 and d['exit'] == 0 and d['count'] == len(d['findings']) == n > 0, (d['count'], n)"
"$KEFU" --db n.db findings --month 2026-11 --dept 客服部 --json >f2.json
check "findings --month --dept: only that month and department" python3 -c "
import json; d = json.load(open('f2.json'))['findings']
assert d and all(x['date'].startswith('2026-11') and x['dept'] == '客服部' for x in d), d[:2]"
E=$(python3 -c "import json; print([x['subject_id'] for x in json.load(open('f.json'))['findings'] if x['subject_kind'] == 'employee'][0])")
"$KEFU" --db n.db findings --employee "$E" --rule absence_run --csv >f.csv
check "findings --employee --rule --csv: header and only those rows" python3 -c "
import csv; r = list(csv.DictReader(open('f.csv', newline='')))
assert all(x['subject_id'] == '$E' and x['rule'] == 'absence_run' for x in r), r[:2]
assert open('f.csv').readline().startswith('date,rule,subject_kind,subject_id,name,dept,sanction,amount,article')"
"$KEFU" --db n.db findings --rule absence_run >f.txt
check "findings text: a count line" grep -q '^[0-9][0-9]* findings$' f.txt
"$KEFU" --db n.db findings --month 2026-11 --from 2026-11-01 >out 2>err; rc=$?
check_eq "findings --month with --from: exit 64" "$rc" 64
cp "$ROOT/samples/bad/bad-date.csv" ./bad-date.csv
"$KEFU" -q --db n.db ingest bad-date.csv >out 2>err
"$KEFU" --db n.db rejects --json >r.json; rc=$?
check_eq "rejects --json: exit 0" "$rc" 0
check "rejects --json: the rejected row with its line and message" python3 -c "
import json; d = json.load(open('r.json')); r = [x for x in d['rejects'] if x['file'] == 'bad-date.csv']
assert d['schema'] == 1 and d['exit'] == 0 and r and r[0]['line'] > 0 and 'bad-date.csv:' in r[0]['message'], d"
"$KEFU" --db n.db rejects --month 2000-01 >r.txt
check_eq "rejects of a month with none" "$(tail -n 1 r.txt)" "0 rejects"

# --json where the issue found it ignored, and '-' for stdout
"$KEFU" policy show >pol.xml
"$KEFU" policy check --json pol.xml >pc.json; rc=$?
check_eq "policy check --json of a valid policy: exit 0" "$rc" 0
check "policy check --json: valid, schema, exit" python3 -c "
import json; d = json.load(open('pc.json')); assert d == {'schema': 1, 'file': 'pol.xml', 'valid': True, 'problems': [], 'exit': 0}, d"
head -c 300 pol.xml >broken.xml
"$KEFU" policy check --json broken.xml >pc2.json 2>err; rc=$?
check_eq "policy check --json of a broken policy: exit 65" "$rc" 65
check "policy check --json: its problems with their line" python3 -c "
import json; d = json.load(open('pc2.json')); assert not d['valid'] and d['exit'] == 65 and d['problems'], d
assert all(p.startswith('broken.xml:') for p in d['problems']), d"
"$KEFU" --db n.db audit verify --json >av.json; rc=$?
check_eq "audit verify --json: exit 0" "$rc" 0
check "audit verify --json: intact, with its entries" python3 -c "
import json; d = json.load(open('av.json')); assert d['schema'] == 1 and d['intact'] and d['entries'] > 0 and d['exit'] == 0, d"
"$KEFU" --db n.db report fines --month 2026-11 -o - >stdout.pdf; rc=$?
check_eq "report -o -: exit 0" "$rc" 0
check "report -o -: the PDF on stdout" sh -c "head -c 5 stdout.pdf | grep -q '%PDF-'"
check "report -o -: no file named '-'" test ! -e ./-

# inspect: UTF-16 named as UTF-16; a file error carries the line its message names
printf '\377\376A\000,\000B\000\n\000' > u16.csv
"$KEFU" inspect --json u16.csv >i.json
check "inspect of UTF-16: encoding UTF-16LE" python3 -c "
import json; d = json.load(open('i.json')); assert d['encoding'] == 'UTF-16LE', d"
printf 'employee_id,name,dept,role,monthly_wage\nE1,"Zhang,d,staff,100\nE2,Li,d,staff,100\n' > uq.csv
printf 'employee_id,name,name,dept,role,monthly_wage\nE1,a,b,d,staff,100\n' > dup.csv
for f in uq:2 dup:1; do
  "$KEFU" inspect --json "${f%%:*}.csv" >i.json
  check "inspect ${f%%:*}.csv: the JSON error's line is the one its message names" python3 -c "
import json; e = json.load(open('i.json'))['errors'][0]
assert e['line'] == ${f#*:} and e['message'].startswith('${f%%:*}.csv:${f#*:}:'), e"
done

# Chinese help: --lang zh, KEFU_LANG=zh under cron's C locale, a zh_CN LANG
"$KEFU" --lang zh help >zh1.txt
check "--lang zh: kefu help in Chinese" grep -q '^用法：kefu \[选项\] 命令' zh1.txt
KEFU_LANG=zh LANG=C LC_ALL=C "$KEFU" help purge plan >zh2.txt
check "KEFU_LANG=zh under LANG=C: a command's help in Chinese" sh -c "grep -q '^用法：kefu purge plan' zh2.txt && grep -q '^选项：' zh2.txt && grep -q '编制人的员工编号' zh2.txt"
env -u KEFU_LANG LANG=zh_CN.UTF-8 "$KEFU" ingest --help >zh3.txt
check "LANG=zh_CN: help in Chinese" grep -q '^用法：kefu ingest' zh3.txt
env -u KEFU_LANG LANG=zh_CN.UTF-8 "$KEFU" --lang en help >en.txt
check "--lang en wins over a zh LANG" grep -q '^usage: kefu' en.txt
KEFU_LANG=zh "$KEFU" check --witness E1 >out 2>err
check "a usage error in Chinese keeps the option named and says where to look" sh -c "grep -q \"'--witness'\" err && grep -q \"请看 'kefu help check'\" err"

# inspect of a CSV whose header matches no kind: its rows as the header splits them
printf 'a,b,c\n1,2,3\n4,5\n' > nokind.csv
"$KEFU" inspect --json nokind.csv >i.json
check "inspect, no kind: kind null, the rows split by the header, an error of kind 'kind'" python3 -c "
import json; d = json.load(open('i.json'))
assert d['kind'] is None and d['records'] == [] and d['split'][0] == {'line': 2, 'fields': {'a': '1', 'b': '2', 'c': '3'}}, d
k = [e for e in d['errors'] if e['kind'] == 'kind']; assert len(k) == 1 and k[0]['line'] == 1, d['errors']
assert any(e['kind'] == 'row' and e['line'] == 3 for e in d['errors']), d['errors']"

# inspect - reads stdin, and names it '-'
"$KEFU" inspect --json - <"$ROOT/samples/bad/bad-date.csv" >i.json; rc=$?
check_eq "inspect -: exit 65 (a bad row)" "$rc" 65
check "inspect -: the file named '-', its error '-:2:'" python3 -c "
import json; d = json.load(open('i.json')); assert d['file'] == '-' and d['kind'] == 'attendance', d
assert any(e['message'].startswith('-:2:') for e in d['errors']), d['errors']"

# '-' is standard input for ingest, policy check and bundle verify, and
# stdout for export -o (CSV and .xlsx)
S="$KEFU --db stdin.db"
$S ingest - <"$ROOT/samples/03-leave.csv" >/dev/null 2>err; rc=$?
check_eq "ingest -: exit 0" "$rc" 0
check_eq "ingest -: the source is named '-' with the SHA-256 of the bytes read" \
  "$(sqlite3 stdin.db "SELECT file || ' ' || sha256 FROM source")" "- $(sha256sum <"$ROOT/samples/03-leave.csv" | cut -c1-64)"
check_eq "ingest -: its rows stored" "$(sqlite3 stdin.db 'SELECT count(*) FROM leave_data')" 10
$S ingest - <"$ROOT/samples/03-leave.csv" >/dev/null 2>err; rc=$?
check_eq "ingest - of the same bytes again: exit 0" "$rc" 0
check "ingest - of the same bytes again: skipped" grep -q "^kefu: -: already ingested on .* (as -); skipped" err
check_eq "ingest - again: nothing stored twice" "$(sqlite3 stdin.db 'SELECT count(*) FROM source')" 1
$S ingest - <"$ROOT/samples/05-meeting_attendance.xml" >/dev/null 2>err; rc=$?
check_eq "ingest - of XML: recognised by its root element" "$rc/$(sqlite3 stdin.db "SELECT kind FROM source WHERE file = '-' ORDER BY id DESC LIMIT 1")" "0/meeting_attendance"
$S ingest - <"$ROOT/samples/bad/bad-date.csv" >/dev/null 2>err; rc=$?
check_eq "ingest - of a bad row: exit 65" "$rc" 65
check "ingest - of a bad row: the message names '-:2:'" grep -q "^kefu: -:2: field 'date'" err
sed 's/2026-02-30/2026-02-28/' "$ROOT/samples/bad/bad-date.csv" | $S ingest - >/dev/null 2>&1
check_eq "one standard input does not resolve another's rejects (all are named '-')" \
  "$(sqlite3 stdin.db "SELECT count(*) FROM reject WHERE resolved_by IS NULL AND line > 0")" 1
$S ingest - - </dev/null >/dev/null 2>err; rc=$?
check_eq "ingest - -: exit 64" "$rc" 64
check "ingest - -: says standard input is given once" grep -q "'-' (standard input) may be given once" err
"$KEFU" policy show | "$KEFU" policy check - >out 2>err; rc=$?
check_eq "policy check -: a valid policy, exit 0" "$rc" 0
check "policy check -: named '-'" grep -q '^-: valid policy$' out
printf '<policy>\n' | "$KEFU" policy check - >out 2>err; rc=$?
check_eq "policy check -: a broken policy, exit 65" "$rc" 65
check "policy check -: its problem names '-:LINE:'" grep -q '^-:2: ' err
"$KEFU" --db n.db --as-of 2026-11-27 bundle sources --date "$(sqlite3 n.db 'SELECT substr(min(ingested_at), 1, 10) FROM source')" --out bun >bpath 2>/dev/null
"$KEFU" bundle verify - <"$(cat bpath)" >out 2>err; rc=$?
check_eq "bundle verify -: exit 0" "$rc" 0
check "bundle verify -: named '-'" grep -q '^-: valid BagIt' out
"$KEFU" bundle verify - <"$ROOT/samples/03-leave.csv" >out 2>err; rc=$?
check_eq "bundle verify - of a file that is no bundle: exit 65" "$rc" 65
"$KEFU" --db n.db export employee -o - >e1.csv; rc=$?
"$KEFU" --db n.db export employee >e2.csv
check_eq "export -o -: exit 0" "$rc" 0
check "export -o - is stdout, as no -o" cmp -s e1.csv e2.csv
check "export -o -: no file named '-'" test ! -e ./-
"$KEFU" --db n.db export employee --format xlsx -o - >e.xlsx; rc=$?
check_eq "export --format xlsx -o -: exit 0" "$rc" 0
check "export --format xlsx -o -: a workbook kefu reads back as employee" python3 -c "
import json, subprocess, sys
d = json.loads(subprocess.run(['$KEFU', 'inspect', '--json', 'e.xlsx'], capture_output=True).stdout)
assert open('e.xlsx', 'rb').read(2) == b'PK' and d['kind'] == 'employee' and d['records'], d"

# every command's help prints (a table typo would show here)
for c in help init ingest inspect check findings rejects report run "purge plan" "purge approve" "purge execute" "purge list" \
  "purge show" "hold add" "hold lift" "hold list" "bundle sources" "bundle verify" "policy show" "policy check" \
  "audit verify" "audit show"; do
  # shellcheck disable=SC2086
  "$KEFU" help $c >out 2>err; rc=$?
  check_eq "help $c: exit 0" "$rc" 0
  check "help $c: usage line" grep -q "^usage: kefu $c" out
done
finish
