#!/bin/sh
# tests/e2e/layout.sh — the report layout on a generated medium year
# (tests/gen/make_large.py --scale $KEFU_LAYOUT_SCALE, default 0.05: 25
# employees, 50,000 callbacks, 5,000 archive records): no identifier of the
# database of up to 32 characters is broken across two lines in any report
# (tests/brokenids.py, over `pdftotext -raw`), with or without the
# continuation mark; an employee's group header is repeated with （续） on
# the pages its rows run onto; a total row never starts a page alone; the
# English reports hold no Chinese of kefu's own (tests/cjkcheck.py).
# Usage: sh tests/e2e/layout.sh KEFU
. "$(dirname "$0")/lib.sh"

DB=$T_DIR/med.db
export SOURCE_DATE_EPOCH=1795651200   # 2026-11-26 00:00 UTC
check "generate a medium year" sh -c "python3 '$ROOT/tests/gen/make_large.py' '$T_DIR/med' --scale ${KEFU_LAYOUT_SCALE:-0.05} >/dev/null"
check "ingest it" "$KEFU" --db "$DB" --quiet ingest "$T_DIR/med/"
check "check as of 2026-11-26" "$KEFU" --db "$DB" --as-of 2026-11-26 --quiet check

pdfs=
for m in 2026-09 2026-10 2026-11; do
  for kind in fines visits; do
    f=$T_DIR/$kind-$m.pdf
    check "report $kind $m" "$KEFU" --db "$DB" --as-of 2026-11-26 --quiet report "$kind" --month "$m" -o "$f"
    pdfs="$pdfs $f"
  done
done
check "report retention" "$KEFU" --db "$DB" --as-of 2026-11-26 --quiet report retention --month 2026-11 -o "$T_DIR/ret.pdf"
check "report fines --lang en" "$KEFU" --db "$DB" --as-of 2026-11-26 --quiet --lang en report fines --month 2026-10 \
  -o "$T_DIR/fines-en.pdf"
check "report visits --lang en" "$KEFU" --db "$DB" --as-of 2026-11-26 --quiet --lang en report visits --month 2026-11 \
  -o "$T_DIR/visits-en.pdf"
pdfs="$pdfs $T_DIR/ret.pdf $T_DIR/fines-en.pdf $T_DIR/visits-en.pdf"
check "report retention --lang en" "$KEFU" --db "$DB" --as-of 2026-11-26 --quiet --lang en report retention \
  --month 2026-11 -o "$T_DIR/ret-en.pdf"
check "report run --lang en" "$KEFU" --db "$DB" --as-of 2026-11-26 --quiet --lang en report run --month 2026-11 \
  -o "$T_DIR/run-en.pdf"
pdfs="$pdfs $T_DIR/ret-en.pdf"

# the English reports hold no Chinese of kefu's own (tests/cjkcheck.py;
# the samples' are tests/e2e/english.sh)
python3 "$ROOT/tests/cjkcheck.py" "$DB" "$ROOT/templates/policy" "$T_DIR/fines-en.pdf" "$T_DIR/visits-en.pdf" \
  "$T_DIR/ret-en.pdf" "$T_DIR/run-en.pdf" >"$T_DIR/cjk.txt"
rc=$?
check_eq "medium year: no Chinese of kefu's own in English ($(tail -n 1 "$T_DIR/cjk.txt"))" "$rc" 0
[ "$rc" -eq 0 ] || head -n 20 "$T_DIR/cjk.txt"

# shellcheck disable=SC2086
python3 "$ROOT/tests/brokenids.py" "$DB" $pdfs >"$T_DIR/broken.txt"
rc=$?
check_eq "no identifier of up to 32 characters broken across lines ($(tail -n 1 "$T_DIR/broken.txt"))" "$rc" 0
[ "$rc" -eq 0 ] || head -n 20 "$T_DIR/broken.txt"

# a group that runs onto a new page shows its header again, marked (the
# English "(cont.)" is tested in tests/unit/test_pdf.c)
# (which month has a group running over a page depends on the rows' heights:
# any of the three will do)
check "fines: a group header repeated with （续）" sh -c "
  for m in 2026-09 2026-10 2026-11; do pdftotext -enc UTF-8 \"$T_DIR/fines-\$m.pdf\" -; done | grep -q '（续）'"

# no page starts with a total row, nor ends with a group header: the first
# body row of a page is never 小计/合计, the last never an employee header
# alone (an employee header is "E0013 钱雪梅" followed by nothing on its line)
# (the totals section's heading and its chart's title, 各部门…合计, are not
# total rows)
check "no page starts with a (sub)total" sh -c "
  for m in 2026-09 2026-10 2026-11; do
    f=\"$T_DIR/fines-\$m.pdf\"
    n=\$(pdfinfo \"\$f\" | awk '/^Pages:/ {print \$2}')
    for p in \$(seq 1 \$n); do
      pdftotext -f \$p -l \$p -layout -enc UTF-8 \"\$f\" - |
        awk 'NF && !/物业服务中心/ && !/日期/ && !/各部门/ {print; exit}' | grep -q '小计\\|合计' && exit 1
    done
  done; exit 0"
finish
