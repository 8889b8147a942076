# tests/e2e/store.sh KEFU — the store's physical layout (issue 15): source
# files stored zlib-compressed with the SHA-256 of their original bytes,
# read back whole by `bundle sources` and checked against that hash (a
# damaged stream or altered bytes fail the bundle, never a wrong file in
# it); files stored raw before version 11 stay readable. `kefu vacuum`
# shrinks the file after a purge and changes no view's content (rowids
# included: findings cite records by them). Rows are stored by a writer
# thread, STORE_PUT_MANY to a statement: a file whose rows replace each
# other within a statement ends exactly as row-by-row INSERTs end, rowids
# included; a failed INSERT rolls the whole file back.
. "$(dirname "$0")/lib.sh"
if ! command -v sqlite3 >/dev/null 2>&1; then
  echo "skipped: sqlite3 not installed"; finish; exit $?
fi

DB=$T_DIR/kefu.db
OUT=$T_DIR/out
K() { "$KEFU" --db "$DB" --as-of 2026-11-26 "$@"; }
K --quiet ingest "$ROOT/samples" >/dev/null 2>&1
check "samples ingested" test -s "$DB"

q() { sqlite3 "$DB" "$1"; }
check_eq "every stored source is zlib-coded" \
  "$(q "SELECT count(*) FROM source WHERE content IS NOT NULL AND content_coding <> 'zlib'")" 0
check_eq "the CSV of employees is stored smaller than its bytes" \
  "$(q "SELECT length(content) < bytes FROM source WHERE file LIKE '%01-employee.csv'")" 1
check_eq "bytes and sha256 are the original file's" \
  "$(q "SELECT bytes || ' ' || sha256 FROM source WHERE file LIKE '%03-leave.csv'")" \
  "$(wc -c <"$ROOT/samples/03-leave.csv" | tr -d ' ') $(sha256sum "$ROOT/samples/03-leave.csv" | cut -c1-64)"

# bundle sources inflates every file back to its bytes
DAY=$(q "SELECT substr(min(ingested_at), 1, 10) FROM source WHERE sha256 <> ''")
SRC=$(K bundle sources --date "$DAY" --out "$OUT" 2>"$T_DIR/err")
check "bundle sources of compressed files" test -s "$SRC"
check "it verifies" sh -c "'$KEFU' bundle verify '$SRC' >/dev/null"
mkdir "$T_DIR/x" && tar -mxzf "$SRC" -C "$T_DIR/x"
for f in 01-employee.csv 02-attendance.xml 11-archive_record.csv; do
  check "$f comes back byte for byte" cmp -s "$ROOT/samples/$f" "$T_DIR/x/sources-$DAY/data/$f"
done

# a file stored before version 11 (raw bytes, content_coding 'raw') is bundled as it is
cp "$DB" "$T_DIR/raw.db"
sqlite3 "$T_DIR/raw.db" "UPDATE source SET content = readfile('$ROOT/samples/03-leave.csv'),
  content_coding = 'raw' WHERE file LIKE '%03-leave.csv'"
SRC=$("$KEFU" --db "$T_DIR/raw.db" --as-of 2026-11-26 bundle sources --date "$DAY" --out "$T_DIR/o2" 2>"$T_DIR/err")
check "bundle sources with a raw-coded file" test -s "$SRC"
mkdir "$T_DIR/y" && tar -mxzf "$SRC" -C "$T_DIR/y"
check "the raw-coded file comes back byte for byte" \
  cmp -s "$ROOT/samples/03-leave.csv" "$T_DIR/y/sources-$DAY/data/03-leave.csv"

# raw bytes that are not the file ingested: refused, no bundle
sqlite3 "$T_DIR/raw.db" "UPDATE source SET content = CAST('not the file' AS BLOB) WHERE file LIKE '%03-leave.csv'"
"$KEFU" --db "$T_DIR/raw.db" --as-of 2026-11-26 bundle sources --date "$DAY" --out "$T_DIR/o3" >/dev/null 2>"$T_DIR/err"
check_eq "altered raw content: exit 65" $? 65
check "altered raw content: the message names the source and the hashes" \
  grep -q "its stored content (12 bytes, SHA-256 .*) is not the file ingested" "$T_DIR/err"
check "altered raw content: no bundle left" sh -c "! ls '$T_DIR/o3'/*.tar.gz >/dev/null 2>&1"

# a damaged zlib stream: refused, no bundle
cp "$DB" "$T_DIR/bad.db"
sqlite3 "$T_DIR/bad.db" "UPDATE source SET content = substr(content, 1, length(content) / 2)
  WHERE file LIKE '%01-employee.csv'"
"$KEFU" --db "$T_DIR/bad.db" --as-of 2026-11-26 bundle sources --date "$DAY" --out "$T_DIR/o4" >/dev/null 2>"$T_DIR/err"
check_eq "truncated zlib content: exit 65" $? 65
check "truncated zlib content: the message says damaged" grep -q "its stored content is damaged" "$T_DIR/err"
check "truncated zlib content: no bundle left" sh -c "! ls '$T_DIR/o4'/*.tar.gz >/dev/null 2>&1"

# every view's content (and the findings, which cite rowids), sorted
views() {
  for v in $(sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name"); do
    echo "== $v"; sqlite3 "$1" "SELECT * FROM \"$v\"" | sort
  done
  echo "== finding"; sqlite3 "$1" "SELECT rule, subject_id, date, sources FROM finding" | sort
}

# vacuum after a purge: the file shrinks, the views stay the same. 3,000
# more visitor registers of 2011 (long expired), with titles that do not
# compress, so that destroying them frees whole pages
python3 - "$T_DIR/more-archive.csv" <<'PY'
import hashlib, sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("档案编号,档案类别,业主,标题,建档日期,结案日期,存放位置,保密,附件\n")
    for i in range(3000):
        h = hashlib.sha256(str(i).encode()).hexdigest()
        f.write("DX2011-%04d,来访客户登记表,,来访客户登记表 %s,2011-03-21,2011-03-31,档案室D-04柜,×,\n" % (i, h))
PY
K --quiet ingest "$T_DIR/more-archive.csv" >/dev/null 2>&1
role() { q "SELECT employee_id FROM employee WHERE role = '$1' AND left_on IS NULL ORDER BY employee_id LIMIT 1 OFFSET ${2:-0}"; }
K --quiet check >/dev/null 2>&1
CHIEF=$(role cs_chief); SUP=$(role cs_supervisor); DIR=$(role center_director)
W1=$(role staff 0); W2=$(role staff 1)
BATCH=$(K purge plan --prepared-by "$CHIEF" --out "$OUT" 2>/dev/null)
K purge approve "$BATCH" --reviewed-by "$SUP" --approved-by "$DIR" >/dev/null 2>&1
K purge execute "$BATCH" --rechecked-by "$SUP" --witness "$W1" --witness "$W2" --out "$OUT" >/dev/null 2>&1
check_eq "purge executed" "$(q "SELECT state FROM purge_batch WHERE batch_id = '$BATCH'")" executed
check "the purge left free pages" test "$(q 'PRAGMA freelist_count')" -gt 0
views "$DB" >"$T_DIR/views.before"
before=$(stat -c %s "$DB")
J=$(K --json vacuum 2>"$T_DIR/err")
check_eq "vacuum: exit 0" $? 0
after=$(stat -c %s "$DB")
check "the file is smaller after vacuum ($before -> $after bytes)" test "$after" -lt "$before"
check_eq "no free page left" "$(q 'PRAGMA freelist_count')" 0
check_eq "the WAL is emptied" "$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)" 0
views "$DB" >"$T_DIR/views.after"
check "every view's content (rowids included) is unchanged" cmp -s "$T_DIR/views.before" "$T_DIR/views.after"
check_eq "--json gives the sizes" "$(echo "$J" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["bytes_before"] > d["bytes_after"], d["bytes_after"])')" "True $after"
check_eq "vacuum is in the audit log with its sizes" \
  "$(q "SELECT json_extract(detail, '\$.bytes_after') FROM audit WHERE action = 'vacuum'")" "$after"
check "the audit chain verifies" sh -c "'$KEFU' --db '$DB' audit verify >/dev/null"
check_eq "integrity_check" "$(q 'PRAGMA integrity_check')" ok
K vacuum >"$T_DIR/said" 2>&1
check "a second vacuum says what it did" grep -q "$DB: vacuumed: $after bytes before (0 of them free), $after after" "$T_DIR/said"

# refused while a batch is part-way through its execution (bundle recorded, records not yet destroyed)
sqlite3 "$DB" "UPDATE purge_batch SET state = 'approved' WHERE batch_id = '$BATCH'"
K vacuum >/dev/null 2>"$T_DIR/err"
check_eq "vacuum mid-execution: exit 65" $? 65
check "…names the batch and what to do" grep -q "purge batch $BATCH is part-way through its execution .*kefu purge execute $BATCH" "$T_DIR/err"
# Ingest memory does not grow with the file (issue 2's bound, kept by
# issue 15's compressed sources): the zlib stream goes through an unlinked
# temporary file into a zeroblob, never a buffer the size of the file. Two
# files of poorly compressible rows, 200,000 and 600,000 rows (19 and 58
# MB, both past SQLite's 16 MiB page cache): the larger one's peak RSS may
# exceed the smaller's by less than 8 MiB; holding the stream in memory
# cost it about 25 MiB more. Not under
# AddressSanitizer (its shadow memory and quarantine are the RSS).
rows() {
  python3 - "$1" "$2" <<'PY'
import datetime, random, sys
random.seed(7)
n, d0 = int(sys.argv[1]), datetime.date(2025, 1, 1)
with open(sys.argv[2], "w") as f:
    f.write("employee_id,date,shift_start,shift_end,clock_in,clock_out,note\n")
    for i in range(n):
        d = (d0 + datetime.timedelta(days=i // 1000)).isoformat()
        f.write("E%04d,%s,08:30,17:30,%s 08:2%d,%s 17:3%d,%032x\n" % (i % 1000, d, d, i % 10, d, i % 10,
                                                                     random.getrandbits(128)))
PY
}
if grep -q __asan_init "$KEFU"; then
  echo "skipped: ingest memory not measured under AddressSanitizer"
else
  rows 200000 "$T_DIR/small.csv"
  rows 600000 "$T_DIR/large.csv"
  S=$(peak "$KEFU" --quiet --db "$T_DIR/ms.db" ingest "$T_DIR/small.csv")
  L=$(peak "$KEFU" --quiet --db "$T_DIR/ml.db" ingest "$T_DIR/large.csv")
  check_eq "the large file's rows are stored" "$(sqlite3 "$T_DIR/ml.db" "select count(*) from attendance")" 600000
  check "ingest peak RSS does not grow with the file: $S KiB for 19 MB, $L KiB for 58 MB (< +8 MiB)" \
    test "${L:-999999999}" -lt $(( ${S:-0} + 8192 ))
fi

# --- replacement within a file, as row by row ------------------------------
# 1,000 attendance rows over 100 keys (20 employees × 5 days): each key
# comes back about 10 times, often within the same 16-row statement. The
# reference is the same rows sent to sqlite3 one INSERT OR REPLACE each,
# into a table of the same key.
awk 'BEGIN { srand(7); print "employee_id,date,shift_start,shift_end,clock_in,clock_out,note";
  for (i = 0; i < 1000; i++) { e = sprintf("E%03d", 1 + int(rand() * 20)); d = sprintf("2026-10-%02d", 1 + int(rand() * 5));
    printf "%s,%s,08:30,17:30,,,n%d\n", e, d, i } }' >"$T_DIR/dup.csv"
"$KEFU" --db "$T_DIR/dup.db" ingest "$T_DIR/dup.csv" >"$T_DIR/dup.out" 2>&1
check_eq "duplicate keys in a file: ingest exit 0" $? 0
check "1,000 stored, 900 of them replaced (100 keys)" grep -q "1000 stored .* 900 replaced" "$T_DIR/dup.out"
{ echo "CREATE TABLE a(employee_id TEXT, date TEXT, shift_start TEXT, note TEXT, UNIQUE (date, employee_id, shift_start));"
  tail -n +2 "$T_DIR/dup.csv" | awk -F, '{ printf "INSERT OR REPLACE INTO a VALUES(%c%s%c,%c%s%c,%c08:30:00%c,%c%s%c);\n",
    39, $1, 39, 39, $2, 39, 39, 39, 39, $7, 39 }'
  echo "SELECT rowid, employee_id, date, shift_start, note FROM a ORDER BY rowid;"; } | sqlite3 >"$T_DIR/dup.want"
sqlite3 "$T_DIR/dup.db" "SELECT rowid, employee_id, date, shift_start, note FROM attendance ORDER BY rowid" >"$T_DIR/dup.got"
check_eq "the reference holds 100 rows" "$(wc -l <"$T_DIR/dup.want" | tr -d ' ')" 100
check "the same rows with the same rowids as row-by-row INSERTs" cmp -s "$T_DIR/dup.want" "$T_DIR/dup.got"
finish
