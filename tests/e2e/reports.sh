#!/bin/sh
# tests/e2e/reports.sh — the PDF reports end to end (SPEC §8): ingest
# samples/, check as of 2026-11-26, render every report for 2026-10 and
# 2026-11 (zh and en), and check each PDF with the tools an auditor's IT
# would use: qpdf --check, pdffonts (the font embedded), pdftotext (the
# Chinese title, the organisation, a known employee and amount), pdftoppm
# (the glyphs have ink), and a second rendering byte for byte; the archival
# structure (PDF/A-1b aimed at, checked structurally): PDF 1.4, XMP, an
# OutputIntent, a CIDSet, a file /ID, bookmarks, and pdftotext silent.
# Usage: sh tests/e2e/reports.sh KEFU
. "$(dirname "$0")/lib.sh"

DB=$T_DIR/k.db
ORG=$("$KEFU" policy show | sed -n 's/.*<organization name="\([^"]*\)".*/\1/p' | head -n 1)
export SOURCE_DATE_EPOCH=1795651200   # 2026-11-26 00:00 UTC

check "ingest samples" "$KEFU" --db "$DB" --quiet ingest "$ROOT/samples/"
check "check as of 2026-11-26" "$KEFU" --db "$DB" --as-of 2026-11-26 --quiet check

# render KIND MONTH [extra args] — writes $T_DIR/KIND-MONTH[-en].pdf
render() {
  kind=$1; month=$2; shift 2
  out=$T_DIR/$kind-$month$SUFFIX.pdf
  "$KEFU" --db "$DB" --as-of 2026-11-26 --quiet "$@" report "$kind" --month "$month" -o "$out"
}

# pdf_ok LABEL FILE — structure, embedded font, ink on page 1
pdf_ok() {
  check "$1: qpdf --check" sh -c "qpdf --check '$2' >/dev/null 2>&1"
  check "$1: pdftotext prints no warning" sh -c "test -z \"\$(pdftotext -enc UTF-8 '$2' - 2>&1 >/dev/null)\""
  check "$1: PDF 1.4 with XMP naming PDF/A-1b" sh -c "pdfinfo '$2' | grep -q 'PDF version: *1.4' &&
    pdfinfo -meta '$2' | grep -q '<pdfaid:part>1</pdfaid:part>'"
  check "$1: OutputIntent, CIDSet, bookmarks" sh -c "qpdf --qdf --object-streams=disable '$2' - 2>/dev/null |
    LC_ALL=C awk '/S .GTS_PDFA1/ {a=1} /CIDSet/ {b=1} /Outlines/ {d=1} END {exit !(a && b && d)}'"
  check "$1: a file /ID of our own (qpdf would add one)" sh -c "tail -c 400 '$2' | LC_ALL=C grep -aq '^/ID \\[ <[0-9A-F]\\{32\\}> <'"
  check "$1: font embedded" sh -c "pdffonts '$2' 2>/dev/null | awk 'NR>2 && \$(NF-4)==\"yes\" {ok=1} END {exit !ok}'"
  check "$1: page 1 has ink" sh -c "pdftoppm -r 30 -f 1 -l 1 -gray '$2' '$T_DIR/ink' 2>/dev/null &&
    python3 -c 'import sys; d=open(sys.argv[1],\"rb\").read(); h=d.split(b\"\\n\",3); px=h[3]; sys.exit(0 if sum(1 for b in px if b<128)>500 else 1)' \$(ls '$T_DIR'/ink*.pgm | head -n 1); rm -f '$T_DIR'/ink*.pgm"
}

# text_has LABEL FILE STRING... — pdftotext finds every string (wrapped cell lines joined)
text_has() {
  label=$1; file=$2; shift 2
  txt=$(pdftotext -enc UTF-8 "$file" - 2>/dev/null | tr -d '\n')
  for s in "$@"; do
    case $txt in
      *"$s"*) T_PASS=$((T_PASS + 1)); echo "ok $label: '$s'" ;;
      *) T_FAIL=$((T_FAIL + 1)); echo "not ok $label: '$s' not in the text" ;;
    esac
  done
}

# same_twice LABEL KIND MONTH [extra] — a second rendering is byte-identical
same_twice() {
  label=$1; kind=$2; month=$3; shift 3
  SUFFIX=-again render "$kind" "$month" "$@" 2>/dev/null
  check "$label: byte-identical twice" cmp -s "$T_DIR/$kind-$month$SUFFIX.pdf" "$T_DIR/$kind-$month-again.pdf"
}

SUFFIX=
for month in 2026-10 2026-11; do
  for kind in fines visits retention run; do
    check "report $kind $month" render "$kind" "$month"
    f=$T_DIR/$kind-$month.pdf
    [ -s "$f" ] || continue
    pdf_ok "$kind $month" "$f"
    same_twice "$kind $month" "$kind" "$month"
    text_has "$kind $month" "$f" "$ORG" "第 1 页 / 共"
  done
done

text_has "fines 2026-10" "$T_DIR/fines-2026-10.pdf" "月度罚款与扣款明细" "张伟" "413.79" "罗志刚" "6,000.00" \
  "第一篇 第三十一条" "《劳动合同法》第四条"
text_has "fines 2026-11" "$T_DIR/fines-2026-11.pdf" "孙浩" "5,200.00" "周杰" "2,500.00" "for HR review"
text_has "visits 2026-11" "$T_DIR/visits-2026-11.pdf" "回访覆盖率报告" "SJ00121"
text_has "retention 2026-11" "$T_DIR/retention-2026-11.pdf" "档案保管期限报告" "JY2026-004"
text_has "run 2026-11" "$T_DIR/run-2026-11.pdf" "夜间批处理摘要" "2026-11-26"

# no raw phone or ID number of the samples reaches a report
for f in "$T_DIR"/*.pdf; do
  if pdftotext -enc UTF-8 "$f" - 2>/dev/null | grep -Eq '(^|[^0-9])(1[3-9][0-9]{9}|[0-9]{17}[0-9X])([^0-9]|$)'; then
    T_FAIL=$((T_FAIL + 1)); echo "not ok $(basename "$f"): an unmasked phone or ID number"
  else
    T_PASS=$((T_PASS + 1)); echo "ok $(basename "$f"): personal numbers masked"
  fi
done

# English
SUFFIX=-en
check "report fines 2026-10 --lang en" render fines 2026-10 --lang en
text_has "fines en" "$T_DIR/fines-2026-10-en.pdf" "Monthly fines and deductions" "Page 1 of" "413.79"

# --from/--to: the same findings as --month (only the running header's period differs)
check "report fines --from --to" "$KEFU" --db "$DB" --as-of 2026-11-26 --quiet report fines \
  --from 2026-10-01 --to 2026-10-31 -o "$T_DIR/fines-range.pdf"
text_has "fines --from --to" "$T_DIR/fines-range.pdf" "413.79"

# an empty period says so and is not an error
SUFFIX=
check "report fines for an empty month" render fines 2025-01
text_has "fines 2025-01" "$T_DIR/fines-2025-01.pdf" "本期无记录"

# the register of a purge batch, when one can be planned
BATCH=$("$KEFU" --db "$DB" --as-of 2026-11-26 --quiet purge plan --prepared-by E005 --out "$T_DIR/b" 2>/dev/null | head -n 1)
case $BATCH in
  P-*)
    check "report register $BATCH" "$KEFU" --db "$DB" --as-of 2026-11-26 report register --batch "$BATCH" -o "$T_DIR/reg.pdf"
    pdf_ok "register" "$T_DIR/reg.pdf"
    text_has "register" "$T_DIR/reg.pdf" "过期文件处理登记表" "郑丽娟" "监销人 1" "监销人 2" ;;
  *) echo "# register: no purge batch could be planned here (purge plan not available or nothing eligible)" ;;
esac

# The basis on every page (issue 12): the as-of day, the time made, the
# policy and its SHA-256, kefu's version and the audit chain head, in the
# footer of each page, and whole on the first page.
SHA=$(sqlite3 "$DB" "SELECT policy_sha256 FROM check_run")
HEAD=$(sqlite3 "$DB" "SELECT count(*) FROM audit") # the head is one of these entries
for f in "$T_DIR"/*.pdf; do
  n=$(pdfinfo "$f" 2>/dev/null | sed -n 's/^Pages: *//p')
  case $f in *-en.pdf) key="audit head" ;; *) key="审计链头" ;; esac
  got=$(pdftotext -enc UTF-8 "$f" - 2>/dev/null | grep -c "| $key #")
  check_eq "$(basename "$f"): the basis line on each of its $n pages" "$got" "$n"
done
text_has "fines 2026-11 basis" "$T_DIR/fines-2026-11.pdf" "基准日 2026-11-26" "生成 2026-11-26 08:00:00" \
  "sha256 $(echo "$SHA" | cut -c1-16)" "$SHA" "kefu 0.1.0"
# October is over by the check of 11-26: judged again as of its last day, apart
text_has "fines en basis" "$T_DIR/fines-2026-10-en.pdf" "As of 2026-10-31" "made 2026-11-26 08:00:00" \
  "judged again as of 2026-10-31"
# a period not over by its as-of day says so in its title and header; a past one does not
text_has "fines 2026-11: not over" "$T_DIR/fines-2026-11.pdf" "月度罚款与扣款明细（截至 2026-11-26）"
check "fines 2026-10: over, no 截至" sh -c "! pdftotext -enc UTF-8 '$T_DIR/fines-2026-10.pdf' - 2>/dev/null | grep -q 截至"
# the placeholder organisation name is warned about, on the page and on stderr
"$KEFU" --db "$DB" --as-of 2026-11-26 --quiet report fines --month 2026-10 -o "$T_DIR/ph.pdf" 2>"$T_DIR/ph.err"
check "placeholder name: a warning on stderr" grep -q "organisation name '$ORG' is a placeholder" "$T_DIR/ph.err"
text_has "placeholder name: a warning on the page" "$T_DIR/ph.pdf" "【警告】机构名称为模板占位符"
"$KEFU" policy show | sed "s/name=\"$ORG\"/name=\"阳光花园物业服务中心 客服部\"/" > "$T_DIR/named.xml"
"$KEFU" --db "$DB" --policy "$T_DIR/named.xml" --as-of 2026-11-26 --quiet report fines --month 2026-10 \
  -o "$T_DIR/named.pdf" 2>"$T_DIR/named.err"
check "a real name: no warning on stderr" sh -c "! grep -q placeholder '$T_DIR/named.err'"
check "a real name: no warning on the page" sh -c "! pdftotext -enc UTF-8 '$T_DIR/named.pdf' - 2>/dev/null | grep -q 占位符"
text_has "a real name on the first page" "$T_DIR/named.pdf" "阳光花园物业服务中心 客服部"

# misuse: unknown kind, no period
"$KEFU" --db "$DB" report payroll --month 2026-10 -o "$T_DIR/x.pdf" 2>/dev/null
check_eq "unknown report kind exits 64" "$?" 64
"$KEFU" --db "$DB" report fines -o "$T_DIR/x.pdf" 2>/dev/null
check_eq "fines without a period exits 64" "$?" 64

finish
