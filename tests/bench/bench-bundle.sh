#!/bin/sh
# bench-bundle.sh KEFU WORKDIR — bundling beside `tar | gzip -6` (SPEC §8).
# Generates SIZE_MB (default 1024) of attachments — half random bytes (as
# scans are: already compressed), half repetitive text — in FILES files
# (default 64), ingests them as transferable archive records (renovation,
# closed in 1990), plans and approves a purge, and times:
#   bundle   `kefu purge execute`: re-check, write the BagIt tar.gz (two
#            passes: digests, then the archive), re-read and verify it, then
#            delete with secure_delete and checkpoint the WAL;
#   peer     `tar cf - scans | gzip -6 > x.tar.gz` of the same files;
#   sources  `kefu bundle sources` of SIZE_MB of CSV exports (the bundle
#            alone: write and verify, nothing deleted) beside tar | gzip -6.
# Prints the times, their ratio (goal: within 1.2×) and the sizes (goal: the
# bundle no larger than the peer's archive). WORKDIR needs about 5× SIZE_MB.
set -eu
KEFU=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
W=${2:?usage: bench-bundle.sh KEFU WORKDIR}
SIZE_MB=${SIZE_MB:-1024}
FILES=${FILES:-64}
mkdir -p "$W"
W=$(cd "$W" && pwd)/bench-bundle.$$
mkdir -p "$W/in/scans"
trap 'rm -rf "$W"' EXIT

ms() { echo $(( $(date +%s%N) / 1000000 )); }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
# sizes: the difference in bytes and per cent, and whether "no larger" holds
sizecmp() { awk -v a="$1" -v b="$2" 'BEGIN { pct = (b > 0) ? (a - b) * 100 / b : 0; v = (a <= b) ? "no larger, met" : "LARGER, not met"
                                           printf "%+d bytes (%+.3f %%): %s", a - b, pct, v }'; }

echo "bench-bundle — $(date -u '+%Y-%m-%d %H:%M UTC') — $(nproc) cores, $(uname -m), ${SIZE_MB} MB in $FILES files"
cat > "$W/in/01-employee.csv" <<'EOF'
employee_id,name,dept,role,monthly_wage
E001,陈主任,客服部,cs_chief,9000
E002,王主管,客服部,cs_supervisor,8200
E003,李中心,客服部,center_director,12000
E004,赵员工,客服部,staff,4500
E005,钱员工,客服部,staff,4500
EOF
python3 - "$W/in" "$SIZE_MB" "$FILES" <<'EOF'
import os, sys
d, size_mb, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
per = size_mb * 1024 * 1024 // files
text = "".join("装修竣工图纸 第%05d页 栋号 %d 单元 %d 房号 %d；" % (i, i % 17, i % 3, i % 3001) for i in range(20000)).encode()
with open(os.path.join(d, "02-archive_record.csv"), "w", encoding="utf-8") as f:
    f.write("record_id,category,owner,title,created_on,closed_on,location,confidential,file\n")
    for i in range(files):
        name = "scans/r%04d.bin" % i
        with open(os.path.join(d, name), "wb") as g:
            half = per // 2
            g.write(os.urandom(half))
            left = per - half
            while left > 0:
                chunk = text[:left]
                g.write(chunk)
                left -= len(chunk)
        f.write("R%05d,renovation,业主%d,装修档案 %d,1980-01-01,1990-02-01,档案室C,0,%s\n" % (i, i % 7, i, name))
EOF

DB=$W/kefu.db
K() { "$KEFU" --db "$DB" --as-of 2026-11-26 "$@"; }
t0=$(ms); K --quiet ingest "$W/in" >/dev/null; t1=$(ms)
echo "ingest (not compared): $((t1 - t0)) ms"
BATCH=$(K purge plan --prepared-by E001 --out "$W/out")
K purge approve "$BATCH" --reviewed-by E002 --approved-by E003 >/dev/null
sync

t0=$(ms)
BUNDLE=$(K purge execute "$BATCH" --witness E004 --witness E005 --out "$W/out")
t1=$(ms)
KEFU_MS=$((t1 - t0))

sync
t0=$(ms)
( cd "$W/in" && tar cf - scans | gzip -6 > "$W/peer.tar.gz" )
t1=$(ms)
PEER_MS=$((t1 - t0))

# sync the peer too, as kefu fsyncs its bundle before renaming it
t0=$(ms); sync; t1=$(ms)
PEER_SYNC_MS=$((t1 - t0))

KB=$(stat -c %s "$BUNDLE"); PB=$(stat -c %s "$W/peer.tar.gz")
echo "1. purge execute (bundle ${SIZE_MB} MB + verify + delete): ${KEFU_MS} ms, $KB bytes"
echo "   tar cf - | gzip -6:                                 ${PEER_MS} ms (+ ${PEER_SYNC_MS} ms sync), $PB bytes"
echo "   time ratio kefu / peer: $(ratio "$KEFU_MS" "$((PEER_MS + PEER_SYNC_MS))") (goal <= 1.20)"
echo "   size kefu - peer: $(sizecmp "$KB" "$PB") (goal: no larger)"


# 2. the bundle alone: `kefu bundle sources` of SIZE_MB of CSV exports
# (ingested today) beside tar | gzip -6 of the same files, synced.
mkdir -p "$W/src"
python3 - "$W/src" "$SIZE_MB" <<'EOF'
import base64, os, sys
d, size_mb = sys.argv[1], int(sys.argv[2])
nfiles = 8
per = size_mb * 1024 * 1024 // nfiles
text = "".join("来访客户登记 第%05d号 访客 %d 事由 咨询物业费；" % (i, i % 97) for i in range(600))
n = 0
for k in range(nfiles):
    with open(os.path.join(d, "%02d-archive_record.csv" % k), "w", encoding="utf-8") as f:
        f.write("record_id,category,owner,title,created_on,closed_on,location,confidential,file\n")
        size = 0
        while size < per:
            # a title of ~40 KiB: half random (base64), half repetitive text
            title = base64.b64encode(os.urandom(15000)).decode() + text[:7000]
            line = "S%07d,visitor_register,,%s,2025-01-01,,档案室D,0,\n" % (n, title)
            f.write(line)
            size += len(line.encode())
            n += 1
EOF
DB2=$W/kefu2.db
"$KEFU" --db "$DB2" --quiet ingest "$W/src" >/dev/null
DAY=$(date +%F)
sync
t0=$(ms); SRC=$("$KEFU" --db "$DB2" bundle sources --date "$DAY" --out "$W/out2"); t1=$(ms)
SRC_MS=$((t1 - t0))
sync
t0=$(ms); ( cd "$W" && tar cf - src | gzip -6 > "$W/peer2.tar.gz" ); sync; t1=$(ms)
PEER2_MS=$((t1 - t0))
SB=$(stat -c %s "$SRC"); P2B=$(stat -c %s "$W/peer2.tar.gz")
echo "2. bundle sources (${SIZE_MB} MB of CSV: write + verify): ${SRC_MS} ms, $SB bytes"
echo "   tar cf - | gzip -6 + sync:                           ${PEER2_MS} ms, $P2B bytes"
echo "   time ratio kefu / peer: $(ratio "$SRC_MS" "$PEER2_MS") (goal <= 1.20)"
echo "   size kefu - peer: $(sizecmp "$SB" "$P2B") (goal: no larger)"
