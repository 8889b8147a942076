#!/bin/sh
# policy show / policy check: the embedded default is the shipped file, the
# four packs are valid, a broken policy lists every problem with its line.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
"$KEFU" policy show > "$T_DIR/shown.xml"
check_eq "policy show exits 0" "$?" 0
check "policy show prints templates/policy/default.xml" cmp -s "$T_DIR/shown.xml" templates/policy/default.xml
for f in templates/policy/*.xml; do
  "$KEFU" policy check "$f" > "$T_DIR/out" 2>&1
  check_eq "policy check $f" "$?" 0
done
# Two problems in one file, an unknown approver role and an amount that is
# not money: both reported, each with its line.
sed -e 's|approver-role="center_director"|approver-role="boss"|' \
    -e '0,/<fine amount="10.00"\/>/s|<fine amount="10.00"/>|<fine amount="ten"/>|' \
    templates/policy/default.xml > "$T_DIR/bad.xml"
"$KEFU" policy check "$T_DIR/bad.xml" 2> "$T_DIR/err"
check_eq "broken policy exits 65" "$?" 65
check "unknown role reported with its line" grep -qE "bad.xml:[0-9]+: .*'boss'" "$T_DIR/err"
check "bad amount reported with its line" grep -qE "bad.xml:[0-9]+: .*'ten'" "$T_DIR/err"
# --policy with a broken file stops a check before anything is computed
"$KEFU" --policy "$T_DIR/bad.xml" --db "$T_DIR/k.db" check 2>/dev/null
check_eq "check with a broken policy exits 65" "$?" 65
# A DOCTYPE in a policy is refused.
printf '<?xml version="1.0"?>\n<!DOCTYPE policy [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<policy>&x;</policy>\n' > "$T_DIR/xxe.xml"
"$KEFU" policy check "$T_DIR/xxe.xml" 2> "$T_DIR/err"
check_eq "policy with DOCTYPE exits 65" "$?" 65
check "DOCTYPE named" grep -qi "doctype" "$T_DIR/err"
check "no file content leaked" sh -c "! grep -q 'root:' '$T_DIR/err'"

# A callback condition on a boolean field is written as the data may write
# it (是 = 1); a value the field cannot hold is a policy error with its line.
for v in 是 1 maybe; do
  "$KEFU" policy show | sed "s|<callback code=\"complaint_callback\" from=\"resolved_at\" within=\"PT24H\"|& if-field=\"valid\" if-value=\"$v\"|" > "$T_DIR/cond-$v.xml"
done
check "the condition was written into the test policies" grep -q 'if-value="是"' "$T_DIR/cond-是.xml"
"$KEFU" --db "$T_DIR/cond.db" --quiet ingest samples/ >/dev/null 2>&1
"$KEFU" --db "$T_DIR/cond.db" --policy "$T_DIR/cond-1.xml" --quiet check --as-of 2026-11-26 >/dev/null
c1=$(sqlite3 "$T_DIR/cond.db" "select count(*) from obligation where rule='complaint_callback'")
"$KEFU" --db "$T_DIR/cond.db" --policy "$T_DIR/cond-是.xml" --quiet check --as-of 2026-11-26 >/dev/null
c2=$(sqlite3 "$T_DIR/cond.db" "select count(*) from obligation where rule='complaint_callback'")
check "if-value 是 owes callbacks, as if-value 1 does ($c2 = $c1 > 0)" test "$c1" -gt 0 -a "$c1" = "$c2"
"$KEFU" policy check "$T_DIR/cond-maybe.xml" 2>"$T_DIR/err"
check_eq "if-value 'maybe' on a boolean exits 65" "$?" 65
check "the bad if-value named with its line" grep -q "cond-maybe.xml:[0-9]*: SLA 'complaint_callback': if-value 'maybe' is not a boolean" "$T_DIR/err"
# A policy or a report template in an encoding it does not declare: one
# message naming the conversion failure (not the "Premature end of data"
# it leads to), and nothing of libxml2's own on stderr (xmlcfg.c).
printf '<?xml version="1.0" encoding="GB18030"?>\n<policy version="1">\n<organization name="\201\040 bad"/>\n</policy>\n' >"$T_DIR/badenc.xml"
"$KEFU" policy check "$T_DIR/badenc.xml" >/dev/null 2>"$T_DIR/err"
check_eq "a policy its encoding cannot read exits 65" "$?" 65
check "the encoding error is named, with its line" grep -q "badenc.xml:3: not well-formed XML: input conversion failed" "$T_DIR/err"
check_eq "and it is the only line on stderr" "$(wc -l <"$T_DIR/err")" 1
mkdir -p "$T_DIR/tpl"
printf '<?xml version="1.0" encoding="GB18030"?>\n<template kind="fines">\n<title zh="\201\040"/>\n</template>\n' >"$T_DIR/tpl/fines.xml"
"$KEFU" --db "$T_DIR/cond.db" --templates "$T_DIR/tpl" report fines --month 2026-10 -o "$T_DIR/f.pdf" >/dev/null 2>"$T_DIR/err"
check_eq "a report template its encoding cannot read exits 65" "$?" 65
check "the template's encoding error is named" grep -q "fines.xml:3: not well-formed XML: input conversion failed" "$T_DIR/err"
check "libxml2 prints nothing of its own" sh -c "! grep -q '^encoding error\|^I/O error' '$T_DIR/err'"
finish
