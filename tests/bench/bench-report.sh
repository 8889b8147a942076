#!/bin/sh
# tests/bench/bench-report.sh — the fines report at 10,000 and 100,000
# findings: pages per second and bytes per page, beside a bare libharu
# program (bare_hpdf.c) that writes the same rows as plain lines in the same
# font with no layout — the floor. Goals: within 2x of the floor's user CPU,
# under 40 KB a page, and a peak RSS within the floor's for the same pages
# plus a constant (issue 12): the difference printed at 10,000 and 100,000
# findings must not grow with them. Usage: sh bench-report.sh KEFU WORKDIR
# (make bench); REPS (default 3) runs of each side.
set -e
KEFU=${1:?usage: $0 KEFU WORKDIR}
WORK=${2:?usage: $0 KEFU WORKDIR}
HERE=$(cd "$(dirname "$0")" && pwd)
FONT=${KEFU_FONT:-/usr/share/fonts/truetype/arphic/uming.ttc}
mkdir -p "$WORK"
export SOURCE_DATE_EPOCH=1795651200

cc -O2 -o "$WORK/bare_hpdf" "$HERE/bare_hpdf.c" -lhpdf

size() { wc -c < "$1" | tr -d ' '; }
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ {print $2}'; }

# db N — a database with 100 employees and N findings in October 2026
db() {
  n=$1; f=$WORK/report-$n.db
  rm -f "$f" "$f-wal" "$f-shm"
  "$KEFU" --db "$f" --quiet init
  sqlite3 "$f" <<SQL
INSERT INTO source(id,file,sha256,bytes,kind,format,encoding,ingested_at,rows_stored,rows_rejected,rows_replaced)
  VALUES(1,'bench','bench',0,'employee','csv','UTF-8','2026-10-31 00:00:00',100,0,0);
WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 99)
INSERT INTO employee_data(employee_id,name,dept,role,monthly_wage,src_id,src_line)
  SELECT printf('E%03d', i), '员工' || i, CASE i % 3 WHEN 0 THEN '客服部' WHEN 1 THEN '工程部' ELSE '秩序维护部' END,
         'staff', 450000, 1, i + 2 FROM c;
INSERT INTO source(id,file,sha256,bytes,kind,format,encoding,ingested_at,rows_stored,rows_rejected,rows_replaced)
  VALUES(2,'exports/07-incident.csv','bench2',0,'incident','csv','UTF-8','2026-10-31 00:00:00',$n,0,0);
WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < $n - 1)
INSERT INTO incident_data(rowid,incident_id,employee_id,date,offense,src_id,src_line)
  SELECT i, printf('WG%06d', i), printf('E%03d', i % 100), unixepoch(printf('2026-10-%02d', 1 + i % 28)) / 86400,
         'appearance', 2, i + 2
  FROM c;
WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < $n - 1)
INSERT INTO finding(rule,article,subject_kind,subject_id,date,period,sanction,amount_fen,detail,sources)
  SELECT 'incident', '第二篇 仪容仪表规范 第六条', 'employee', printf('E%03d', i % 100),
         printf('2026-10-%02d', 1 + i % 28), '2026-10', 'fine', 1000,
         printf('仪容仪表（记录 WG%06d）本月第 1 次：罚款 10.00 元', i), printf('incident#%d', i) FROM c;
SQL
  # the same rows as plain lines, for the floor: each finding and, as kefu
  # prints it below the detail, the export file and line it rests on
  sqlite3 -separator '  ' "$f" "SELECT f.date, f.subject_id, e.name, f.article, f.detail, printf('%.2f', f.amount_fen / 100.0)
    || char(10) || '来源：07-incident.csv:' || i.src_line
    FROM finding f JOIN employee_data e ON e.employee_id = f.subject_id
    JOIN incident_data i ON i.rowid = CAST(substr(f.sources, 10) AS INTEGER) ORDER BY e.dept, f.subject_id, f.date, f.id" \
    > "$WORK/report-$n.txt"
}

db 1
"$KEFU" --db "$WORK/report-1.db" --quiet report fines --month 2025-01 -o "$WORK/empty.pdf"
FIXED=$(size "$WORK/empty.pdf")
echo "report: fixed bytes per file (an empty fines report, 1 page, font subset): $FIXED"

# run OUT CMD... — runs CMD under /usr/bin/time; OUT gets "WALL USER RSS_KIB"
run() {
  out=$1; shift
  /usr/bin/time -f '%e %U %M' -o "$out" "$@" >"$out.stdout" || { echo "report: $* failed" >&2; exit 1; }
}
# the bare program's lines per page (bare_hpdf.c: from 785 pt down to 60 pt
# in steps of 14 pt), to feed it the same number of pages as kefu
BARE_LPP=52

for n in 10000 100000; do
  db "$n"
  # best of REPS runs each, alternating: the machine is shared, and the
  # least-disturbed run is the one that measures the program; time is
  # user CPU (load from other processes does not inflate it, as it does
  # wall time), peak RSS the largest seen
  kt=; bt=; kw=; bw=; krss=; brss=
  for r in $(seq "${REPS:-3}"); do
    run "$WORK/k.time" "$KEFU" --db "$WORK/report-$n.db" --quiet report fines --month 2026-10 -o "$WORK/fines-$n.pdf"
    run "$WORK/b.time" "$WORK/bare_hpdf" "$FONT" "$WORK/report-$n.txt" "$WORK/bare-$n.pdf"
    read -r w u m < "$WORK/k.time"
    kw=$(awk -v t="$w" -v m="$kw" 'BEGIN { print (m == "" || t < m) ? t : m }')
    kt=$(awk -v t="$u" -v m="$kt" 'BEGIN { print (m == "" || t < m) ? t : m }')
    krss=$(awk -v t="$m" -v m="$krss" 'BEGIN { print (m == "" || t > m) ? t : m }')
    read -r w u m < "$WORK/b.time"
    bw=$(awk -v t="$w" -v m="$bw" 'BEGIN { print (m == "" || t < m) ? t : m }')
    bt=$(awk -v t="$u" -v m="$bt" 'BEGIN { print (m == "" || t < m) ? t : m }')
    brss=$(awk -v t="$m" -v m="$brss" 'BEGIN { print (m == "" || t > m) ? t : m }')
  done
  bp=$(cat "$WORK/b.time.stdout")
  kp=$(pages "$WORK/fines-$n.pdf"); ks=$(size "$WORK/fines-$n.pdf"); bs=$(size "$WORK/bare-$n.pdf")
  # the bare program again, given as many lines as make kefu's page count
  # (its rows over and over): libharu keeps every page until it saves, so
  # this is the floor of memory for the same pages
  awk -v want=$((kp * BARE_LPP)) '{ l[NR] = $0 } END { for (i = 0; i < want; i++) print l[i % NR + 1] }' \
    "$WORK/report-$n.txt" > "$WORK/same-$n.txt"
  run "$WORK/s.time" "$WORK/bare_hpdf" "$FONT" "$WORK/same-$n.txt" "$WORK/same-$n.pdf"
  sp=$(cat "$WORK/s.time.stdout")
  read -r w u srss < "$WORK/s.time"
  awk -v n="$n" -v kp="$kp" -v ks="$ks" -v bp="$bp" -v bs="$bs" -v kt="$kt" -v bt="$bt" -v kw="$kw" -v bw="$bw" \
      -v krss="$krss" -v brss="$brss" -v sp="$sp" -v srss="$srss" -v fixed="$FIXED" -v reps="${REPS:-3}" 'BEGIN {
    if (kt <= 0) kt = 0.001; if (bt <= 0) bt = 0.001;
    printf "report: fines, %d findings: kefu %d pages, %.2f s user CPU (%.2f s wall) = %.0f pages/s, %.0f bytes/page (%.0f after the fixed part), peak RSS %.1f MiB\n",
           n, kp, kt, kw, kp / kt, ks / kp, (ks - fixed) / (kp > 1 ? kp - 1 : 1), krss / 1024;
    printf "report: fines, %d findings: bare libharu %d pages, %.2f s user CPU (%.2f s wall) = %.0f pages/s, %.0f bytes/page, peak RSS %.1f MiB\n",
           n, bp, bt, bw, bp / bt, bs / bp, brss / 1024;
    printf "report: fines, %d findings: bare libharu for kefu'"'"'s %d pages: peak RSS %.1f MiB\n", n, sp, srss / 1024;
    printf "report: %d findings: user CPU ratio kefu / bare for the same rows (best of %d each): %.2f (goal <= 2); bytes per page %s 40 KB\n",
           n, reps, kt / bt, (ks - fixed) / (kp > 1 ? kp - 1 : 1) < 40960 ? "under" : "OVER";
    printf "report: %d findings: peak RSS kefu - bare: %+.1f MiB for the same rows (ratio %.2f), %+.1f MiB for the same pages (ratio %.2f)\n",
           n, (krss - brss) / 1024, krss / brss, (krss - srss) / 1024, krss / srss;
  }'
done
