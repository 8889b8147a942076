#!/bin/sh
# tests/e2e/reportmem.sh — the report's memory beside bare libharu (issue
# 12): the fines report of 20,000 findings (the benchmark's database,
# tests/bench/bench-report.sh) peaks at most REPORTMEM_MIB above the peak
# of tests/bench/bare_hpdf.c writing the same rows as plain lines in the
# same font. libharu keeps every page until it saves, so the bare program's
# peak grows with the rows; kefu's may exceed it only by a constant.
#
# The constant, 18 MiB: measured 11–13 MiB at 10,000 to 20,000 findings
# (the libraries kefu links, the report's 4 MiB SQLite page cache and
# sorts, the policy, the font reader's tables — none of them growing with
# the findings; at 100,000 findings the difference is 1–9 MiB,
# BENCHMARKS.md) and 5 MiB for the allocator's moods. Before the report
# streamed its file and capped SQLite's cache the difference was 21–22 MiB
# at 20,000 findings.
# Peak RSS is the kernel's ru_maxrss of each child: machine load does not
# change it, and no time is measured. Needs cc with libharu's headers,
# python3 and sqlite3; skipped without them, and for a sanitizer build.
. "$(dirname "$0")/lib.sh"
REPORTMEM_MIB=18
N=20000
FONT=/usr/share/fonts/truetype/arphic/uming.ttc
if ! command -v python3 >/dev/null || ! command -v sqlite3 >/dev/null || ! command -v cc >/dev/null ||
   [ ! -r "$FONT" ]; then
  echo "skip: python3, sqlite3, cc or $FONT is missing"; finish; exit $?
fi
if ldd "$KEFU" 2>/dev/null | grep -q 'libasan\|libubsan'; then
  echo "skip: $KEFU is a sanitizer build: its memory is not the program's"; finish; exit $?
fi
if ! cc -O2 -o "$T_DIR/bare_hpdf" "$ROOT/tests/bench/bare_hpdf.c" -lhpdf 2>"$T_DIR/cc.err"; then
  echo "skip: tests/bench/bare_hpdf.c does not build here: $(head -n 1 "$T_DIR/cc.err")"; finish; exit $?
fi
cd "$T_DIR" || exit 1
export SOURCE_DATE_EPOCH=1795651200

# the benchmark's database: 100 employees and N findings in October 2026
"$KEFU" --db r.db --quiet init
check "database created" test -f r.db
sqlite3 r.db <<SQL
INSERT INTO source(id,file,sha256,bytes,kind,format,encoding,ingested_at,rows_stored,rows_rejected,rows_replaced)
  VALUES(1,'bench','bench',0,'employee','csv','UTF-8','2026-10-31 00:00:00',100,0,0);
WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 99)
INSERT INTO employee_data(employee_id,name,dept,role,monthly_wage,src_id,src_line)
  SELECT printf('E%03d', i), '员工' || i, CASE i % 3 WHEN 0 THEN '客服部' WHEN 1 THEN '工程部' ELSE '秩序维护部' END,
         'staff', 450000, 1, i + 2 FROM c;
WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < $N - 1)
INSERT INTO finding(rule,article,subject_kind,subject_id,date,period,sanction,amount_fen,detail,sources)
  SELECT 'incident', '第二篇 仪容仪表规范 第六条', 'employee', printf('E%03d', i % 100),
         printf('2026-10-%02d', 1 + i % 28), '2026-10', 'fine', 1000,
         printf('仪容仪表（记录 WG%06d）本月第 1 次：罚款 10.00 元', i), printf('incident#%d', i) FROM c;
SQL
sqlite3 -separator '  ' r.db "SELECT f.date, f.subject_id, e.name, f.article, f.detail, printf('%.2f', f.amount_fen / 100.0)
  FROM finding f JOIN employee_data e ON e.employee_id = f.subject_id ORDER BY e.dept, f.subject_id, f.date, f.id" >rows.txt
check_eq "$N rows for the bare program" "$(wc -l <rows.txt | tr -d ' ')" "$N"

# the peak RSS of each side (peak, lib.sh)
K=$(peak "$KEFU" --db r.db --quiet report fines --month 2026-10 -o fines.pdf)
check "kefu writes the report" test -s fines.pdf
B=$(peak ./bare_hpdf "$FONT" rows.txt bare.pdf)
check "the bare program writes the same rows" test -s bare.pdf
echo "# peak RSS at $N findings: kefu $K KiB, bare libharu $B KiB"
check "kefu's peak is within the bare program's + $REPORTMEM_MIB MiB ($K KiB vs $B KiB)" \
  test "${K:-999999999}" -le $(( ${B:-0} + REPORTMEM_MIB * 1024 ))
finish
