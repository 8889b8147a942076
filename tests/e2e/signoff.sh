#!/bin/sh
# tests/e2e/signoff.sh — what lets an auditor sign a report (issues 11, 12):
# the appendix 依据条文 of the fines, visits and retention reports (every
# quote and assumption of the rules behind the report's lines, verbatim,
# and the pack's <adopt>), the 制表 / 审核 / 批准 block with the policy's
# roles, kept on one page, in Chinese and English.
# Usage: sh tests/e2e/signoff.sh KEFU
. "$(dirname "$0")/lib.sh"

DB=$T_DIR/k.db
export SOURCE_DATE_EPOCH=1795651200   # 2026-11-26 00:00 UTC
check "ingest samples" "$KEFU" --db "$DB" --quiet ingest "$ROOT/samples/"
check "check as of 2026-11-26" "$KEFU" --db "$DB" --as-of 2026-11-26 --quiet check

render() { # KIND MONTH LANG
  "$KEFU" --db "$DB" --as-of 2026-11-26 --quiet report "$1" --month "$2" --lang "$3" \
    -o "$T_DIR/$1-$2-$3.pdf" 2>/dev/null
}

# appendix_text FILE — the text from the appendix heading on, without the
# page furniture (running header, footer, basis line) and without any
# whitespace, so that a quote broken across lines or pages reads whole
appendix_text() {
  pdftotext -enc UTF-8 "$1" - 2>/dev/null | python3 -c '
import sys, re
t = sys.stdin.read()
i = max(t.find("附录 依据条文"), t.find("Appendix: the rules cited"))
if i < 0: sys.exit(1)
lines = t[i:].split("\n")
furn = set()   # the running header: the first three lines of every page after the first
for page in t.split("\f")[1:]:
    furn.update([l for l in page.split("\n") if l.strip()][:3])
out = []
for l in lines:
    l = l.replace("\f", "")
    if re.match(r"^(第 \d+ 页 / 共 \d+ 页|Page \d+ of \d+)$", l) or l.startswith(("基准日 ", "As of ")) or l in furn:
        continue
    out.append(l)
print(re.sub(r"[\s\u3000]", "", "".join(out)))'
}

# has_all LABEL HAYSTACK_FILE NEEDLES_FILE — every line of NEEDLES (its
# whitespace removed) is in the haystack
has_all() {
  python3 - "$2" "$3" <<'PY'
import sys, re
hay = open(sys.argv[1], encoding="utf-8").read()
bad = [n for n in open(sys.argv[2], encoding="utf-8").read().split("\n")
       if re.sub(r"[\s\u3000]", "", n) and re.sub(r"[\s\u3000]", "", n) not in hay]
for b in bad: print("  missing:", b)
sys.exit(1 if bad else 0)
PY
  rc=$?
  n=$(grep -c . "$3")
  if [ $rc -eq 0 ] && [ "$n" -gt 0 ]; then T_PASS=$((T_PASS + 1)); echo "ok $1 ($n texts)"
  else T_FAIL=$((T_FAIL + 1)); echo "not ok $1 ($n texts)"; fi
}

for lang in zh en; do
  check "report fines 2026-10 $lang" render fines 2026-10 $lang
  check "report visits 2026-11 $lang" render visits 2026-11 $lang
  check "report retention 2026-11 $lang" render retention 2026-11 $lang
  f=$T_DIR/fines-2026-10-$lang.pdf
  appendix_text "$f" >"$T_DIR/appx-fines-$lang.txt"
  # the quotes and assumptions of every rule with a finding on the report
  sqlite3 "$DB" "SELECT quote FROM finding WHERE subject_kind IN ('employee','department')
    AND date BETWEEN '2026-10-01' AND '2026-10-31'" >"$T_DIR/quotes.txt"
  sqlite3 "$DB" "SELECT assumed FROM finding WHERE subject_kind IN ('employee','department')
    AND date BETWEEN '2026-10-01' AND '2026-10-31'" >"$T_DIR/assumed.txt"
  # and those of the pay notes October shows (E015, E017, E019: national
  # pay law, no finding, but cited and assumed in the appendix all the same)
  python3 -c "
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
for tag in ('deduction-warning', 'minimum-wage'):
    for el in r.iter(tag): print(el.get('assumed'))" "$ROOT/templates/policy/default.xml" >>"$T_DIR/assumed.txt"
  has_all "fines $lang: every quote of its findings in the appendix" "$T_DIR/appx-fines-$lang.txt" "$T_DIR/quotes.txt"
  has_all "fines $lang: every assumption of its findings in the appendix" "$T_DIR/appx-fines-$lang.txt" "$T_DIR/assumed.txt"
  appendix_text "$T_DIR/visits-2026-11-$lang.pdf" >"$T_DIR/appx-visits-$lang.txt"
  sqlite3 "$DB" "SELECT quote FROM obligation WHERE substr(due_at, 1, 10) BETWEEN '2026-11-01' AND '2026-11-30'" \
    >"$T_DIR/quotes.txt"
  has_all "visits $lang: every quote of its obligations in the appendix" "$T_DIR/appx-visits-$lang.txt" "$T_DIR/quotes.txt"
  # retention: the policy's retention periods are assumed, and listed
  appendix_text "$T_DIR/retention-2026-11-$lang.pdf" >"$T_DIR/appx-ret-$lang.txt"
  "$KEFU" policy show | python3 -c '
import sys, re, html
t = sys.stdin.read()
for m in re.finditer(r"<category [^>]*?assumed=\"([^\"]*)\"", t, re.S): print(html.unescape(m.group(1)))
for m in re.finditer(r"<(?:category|key-loan|archive-loan|purge) [^>]*?quote=\"([^\"]*)\"", t, re.S): print(html.unescape(m.group(1)))
' >"$T_DIR/ret.txt"
  has_all "retention $lang: the retention rules' quotes and assumptions" "$T_DIR/appx-ret-$lang.txt" "$T_DIR/ret.txt"
done

# the property pack says what it adopted from the landscaping pack
check "fines zh: an adopted rule names its pack" grep -q "第一篇第三十一条旷工landscaping包旷工1-2天" "$T_DIR/appx-fines-zh.txt"
check "fines zh: the adoption from landscaping is listed" grep -q "采用landscaping包的规则：请假审批(leave)" "$T_DIR/appx-fines-zh.txt"
check "fines en: the adoption from landscaping is listed" grep -q "Adoptedfrompacklandscaping:leaveapproval(leave)" "$T_DIR/appx-fines-en.txt"
check "fines en: headings translated, the quotes stay Chinese" sh -c \
  "grep -q 'Therulesandtheirtext' '$T_DIR/appx-fines-en.txt' && grep -q 'Assumptionsinforce' '$T_DIR/appx-fines-en.txt' &&
   grep -q '迟到、早退按月累计' '$T_DIR/appx-fines-en.txt' && ! grep -q '条文原文' '$T_DIR/appx-fines-en.txt'"
# a rule without a finding in the period is not listed among the rules
check "fines zh: a rule with no finding this month is not listed" sh -c \
  "! sed 's/本政策的假定.*//' '$T_DIR/appx-fines-zh.txt' | grep -q '住户档案管理规定3(4)'"

# retention status order (issue 12): what stops a record first — permanent,
# open, active, held (the hold the only obstacle), eligible; samples/README.md
# expects the lawyer letters under DJ2026-02 as 4 held, 4 not yet due, 4 open
check_eq "lawyer_letter statuses under hold DJ2026-02" "$(sqlite3 "$DB" "SELECT group_concat(s || ' ' || n, ', ') FROM
  (SELECT r.status AS s, count(*) AS n FROM retention r JOIN archive_record_data a ON a.record_id = r.record_id
   WHERE a.category = 'lawyer_letter' AND r.hold_id = 'DJ2026-02' GROUP BY r.status ORDER BY r.status)")" \
  "active 4, held 4, open 4"
open_rec=$(sqlite3 "$DB" "SELECT r.record_id FROM retention r JOIN archive_record_data a ON a.record_id = r.record_id
  WHERE a.category = 'lawyer_letter' AND r.status = 'open' ORDER BY 1 LIMIT 1")
t=$(pdftotext -enc UTF-8 "$T_DIR/retention-2026-11-zh.pdf" - 2>/dev/null | tr -d ' \n' | sed 's/.*冻结中的档案//; s/90天内到期的档案.*//')
case $t in
  *"$open_rec"*未结*DJ2026-02*) T_PASS=$((T_PASS + 1)); echo "ok retention: an open record under hold listed with its status and hold" ;;
  *) T_FAIL=$((T_FAIL + 1)); echo "not ok retention: an open record ($open_rec) under hold listed with its status and hold" ;;
esac

# the sign-off: the three lines, the policy's roles, all on the last page
last_page() {
  n=$(pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p')
  pdftotext -enc UTF-8 -f "$n" -l "$n" "$1" - 2>/dev/null | tr -d ' \n'
}
for k in fines-2026-10 visits-2026-11 retention-2026-11; do
  t=$(last_page "$T_DIR/$k-zh.pdf")
  case $t in
    *签署*制表（客服主任）姓名：*日期：*审核（客户服务部主管）姓名：*日期：*批准（服务中心主任）姓名：*日期：*)
      T_PASS=$((T_PASS + 1)); echo "ok $k zh: sign-off block whole on the last page" ;;
    *) T_FAIL=$((T_FAIL + 1)); echo "not ok $k zh: sign-off block not whole on the last page" ;;
  esac
  t=$(last_page "$T_DIR/$k-en.pdf")
  case $t in
    *Sign-off*Preparedby\(Customerservicechief\):*Date:*Reviewedby\(Customerservicesupervisor\):*Approvedby\(Servicecentredirector\):*)
      T_PASS=$((T_PASS + 1)); echo "ok $k en: sign-off block whole on the last page" ;;
    *) T_FAIL=$((T_FAIL + 1)); echo "not ok $k en: sign-off block not whole on the last page" ;;
  esac
done

# another pack's roles: landscaping signs 劳动人事部 / 部门负责人 / 总经理
check "report fines --policy landscaping" "$KEFU" --db "$DB" --policy landscaping --as-of 2026-11-26 --quiet \
  report fines --month 2026-10 -o "$T_DIR/land.pdf"
t=$(last_page "$T_DIR/land.pdf")
case $t in
  *制表（劳动人事部）姓名*审核（部门负责人）姓名*批准（总经理）姓名*) T_PASS=$((T_PASS + 1)); echo "ok landscaping: its roles sign" ;;
  *) T_FAIL=$((T_FAIL + 1)); echo "not ok landscaping: its roles sign" ;;
esac

# a policy without <sign-off> prints the three lines without roles
"$KEFU" policy show | sed '/<sign-off/,/\/>/d' >"$T_DIR/nosign.xml"
check "a policy without <sign-off> loads" "$KEFU" policy check "$T_DIR/nosign.xml"
check "report fines without <sign-off>" "$KEFU" --db "$DB" --policy "$T_DIR/nosign.xml" --as-of 2026-11-26 --quiet \
  report fines --month 2026-10 -o "$T_DIR/nosign.pdf"
t=$(last_page "$T_DIR/nosign.pdf")
case $t in
  *制表姓名：*审核姓名：*批准姓名：*) T_PASS=$((T_PASS + 1)); echo "ok no <sign-off>: lines without roles" ;;
  *) T_FAIL=$((T_FAIL + 1)); echo "not ok no <sign-off>: lines without roles" ;;
esac

# the register: 草稿 (DRAFT) on every page while the batch is planned, on
# none once executed; the columns of a destruction register; the SHA-256
# of the bundle it certifies once executed (not inside the bundle itself)
role() { sqlite3 "$DB" "SELECT employee_id FROM employee WHERE role = '$1' AND left_on IS NULL ORDER BY employee_id LIMIT 1 OFFSET ${2:-0}"; }
K() { "$KEFU" --db "$DB" --as-of 2026-11-26 "$@"; }
BATCH=$(K purge plan --prepared-by "$(role cs_chief)" --out "$T_DIR/b" 2>/dev/null)
check "purge plan" test -n "$BATCH"
# every_page FILE WORD — WORD on every page (yes) or on none (no); the
# diagonal watermark comes out of pdftotext one character a line
pages_with() {
  n=$(pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p'); k=0
  for i in $(seq 1 "$n"); do
    pdftotext -enc UTF-8 -f "$i" -l "$i" "$1" - 2>/dev/null | tr -d ' \n' | grep -q "$2" && k=$((k + 1))
  done
  echo "$k/$n"
}
K --quiet report register --batch "$BATCH" -o "$T_DIR/reg-planned.pdf" 2>/dev/null
K --quiet --lang en report register --batch "$BATCH" -o "$T_DIR/reg-planned-en.pdf" 2>/dev/null
K --quiet report register --batch "$BATCH" -o "$T_DIR/reg-planned2.pdf" 2>/dev/null
check "planned register: byte-identical twice" cmp -s "$T_DIR/reg-planned.pdf" "$T_DIR/reg-planned2.pdf"
n=$(pdfinfo "$T_DIR/reg-planned.pdf" | sed -n 's/^Pages: *//p')
check "planned register has several pages" test "$n" -gt 1
check_eq "planned register: 草稿 on every page" "$(pages_with "$T_DIR/reg-planned.pdf" 草稿)" "$n/$n"
n=$(pdfinfo "$T_DIR/reg-planned-en.pdf" | sed -n 's/^Pages: *//p')
check_eq "planned register (en): DRAFT on every page" "$(pages_with "$T_DIR/reg-planned-en.pdf" DRAFT)" "$n/$n"
check "the register purge plan writes is a draft too" sh -c "pdftotext -enc UTF-8 -f 1 -l 1 '$T_DIR/b/register-$BATCH.pdf' - | tr -d ' \n' | grep -q 草稿"
t=$(pdftotext -enc UTF-8 "$T_DIR/reg-planned.pdf" - 2>/dev/null | tr -d ' \n')
for s in 年度 保管期限 件数/页数 销毁原因 方式 "1件/页数未记录" "保管期限已满（第二篇规章制度1住户档案管理规定5(4)）"; do
  case $t in *"$s"*) T_PASS=$((T_PASS + 1)); echo "ok register column: $s" ;;
    *) T_FAIL=$((T_FAIL + 1)); echo "not ok register column: $s" ;; esac
done
check "planned register: no bundle hash yet" sh -c "! pdftotext -enc UTF-8 '$T_DIR/reg-planned.pdf' - | grep -q 'SHA-256 *[0-9a-f]\{64\}\|凭证包'"
# the watermark itself: page 1 drawn, the planned one has the watermark's
# grey (0.82, ~209) over a large area, the approved one only in antialiasing
grey209() {
  pdftoppm -r 50 -gray -f 1 -l 1 "$1" "$T_DIR/g" && python3 -c '
import sys
d = open(sys.argv[1], "rb").read().split(b"\n", 3)[3]
print(sum(1 for b in d if 208 <= b <= 210))' "$T_DIR/g-01.pgm"; rm -f "$T_DIR"/g-*.pgm
}
K --quiet purge approve "$BATCH" --reviewed-by "$(role cs_supervisor)" --approved-by "$(role center_director)" >/dev/null 2>&1
K --quiet report register --batch "$BATCH" -o "$T_DIR/reg-approved.pdf" 2>/dev/null
gp=$(grey209 "$T_DIR/reg-planned.pdf"); ga=$(grey209 "$T_DIR/reg-approved.pdf")
check "planned page 1 carries the watermark's grey, the approved one not ($gp vs $ga pixels)" \
  test "$gp" -gt 1000 -a "$gp" -gt $((3 * ga))
check_eq "approved register: 草稿 on no page" "$(pages_with "$T_DIR/reg-approved.pdf" 草稿 | cut -d/ -f1)" 0
BUNDLE=$(K purge execute "$BATCH" --rechecked-by "$(role cs_supervisor)" --witness "$(role staff 0)" --witness "$(role cs_supervisor)" --out "$T_DIR/b" 2>/dev/null)
check "purge execute" test -s "$BUNDLE"
K --quiet report register --batch "$BATCH" -o "$T_DIR/reg-executed.pdf" 2>/dev/null
check_eq "executed register: 草稿 on no page" "$(pages_with "$T_DIR/reg-executed.pdf" 草稿 | cut -d/ -f1)" 0
sha=$(sha256sum "$BUNDLE" | cut -d' ' -f1)
check "executed register: the bundle's SHA-256" sh -c "pdftotext -enc UTF-8 '$T_DIR/reg-executed.pdf' - | tr -d ' \n' | grep -q '凭证包SHA-256.*$sha'"
tar -xzf "$BUNDLE" -C "$T_DIR" --wildcards '*/data/register.pdf' 2>/dev/null
check "the register inside the bundle: no draft mark, no hash of itself" sh -c "
  f=\$(ls '$T_DIR'/purge-*/data/register.pdf) && t=\$(pdftotext -enc UTF-8 \"\$f\" - | tr -d ' \n') &&
  case \$t in *草稿*|*凭证包*) exit 1 ;; *过期文件处理登记表*) exit 0 ;; *) exit 1 ;; esac"

finish
