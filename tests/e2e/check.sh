#!/bin/sh
# kefu check on samples/: every rule of §7.1–§7.3 has findings with its
# article; the visit coverage equals what the sample generator computed on
# its own (samples/README.md, in Python); --json is one object; two checks
# give the same findings.
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
DB=$T_DIR/k.db
"$KEFU" --quiet --db "$DB" ingest samples/ 2>/dev/null
"$KEFU" --db "$DB" --json check --as-of 2026-11-26 > "$T_DIR/c1.json"
check_eq "check exits 0" "$?" 0
for rule in absence_run absence_occurrences dismissal late early meeting_absent meeting_late \
            meeting_left_early meeting_disruption report_weekly report_monthly incident \
            complaint_callback complaint_progress repair_arrival \
            repair_callback reception_register \
            key_loan_overdue archive_loan_overdue external_loan_unapproved confidential_loan \
            archive_loan_unapproved archive_loan_at_leaving archive_copy_unsigned key_loan_no_purpose \
            key_loan_external_unsigned; do
  check "findings of $rule, each with an article" python3 -c "
import json; d = json.load(open('$T_DIR/c1.json'))
r = [x for x in d['by_rule'] if x['rule'] == '$rule']
assert r and r[0]['count'] > 0 and r[0]['article'], r"
done
# The deduction line and the minimum wage are national pay law, not the
# regulations (issue 11): pay notes, never findings. Five employee-months
# of the samples cross a line (the findings the main binary stored as
# deduction and minimum-wage warnings before): E012 and E014 in November,
# E015, E017 and E019 in October; E017 (1,048.28 of 5,200.00, over the
# 1,040.00 line) stays above the minimum wage.
check_eq "no finding of pay law" \
  "$(sqlite3 "$DB" "select count(*) from finding where rule in ('deduction_warning','minimum_wage_warning')")" 0
check "the check's pay notes, worked from the findings" python3 -c "
import json; d = json.load(open('$T_DIR/c1.json'))
got = [(n['employee_id'], n['month'], n['warning_day'], n['minimum_wage_day']) for n in d['pay_notes']]
want = [('E012', '2026-11', '2026-11-17', '2026-11-17'), ('E014', '2026-11', '2026-11-23', '2026-11-23'),
        ('E015', '2026-10', '2026-10-29', '2026-10-29'), ('E017', '2026-10', '2026-10-21', None),
        ('E019', '2026-10', '2026-10-27', '2026-10-27')]
assert sorted(got) == want, got
e17 = [n for n in d['pay_notes'] if n['employee_id'] == 'E017'][0]
assert e17['total_fen'] == 104828 and e17['wage_fen'] == 520000 and 104828 * 10000 > 2000 * 520000, e17"
check_eq "no finding without an article" "$(sqlite3 "$DB" "select count(*) from finding where article = ''")" 0
# The property pack checks the centre's own rules only (issue 11): the
# members' callback and rest hours (规章制度2), the projects' callbacks
# (规章制度5), the households' quarterly visits (规章制度10) and the club's and
# hospital's offences are other packs'.
check_eq "no finding or obligation of another organisation's rule" \
  "$(sqlite3 "$DB" "select (select count(*) from finding where rule in ('membership_callback','household_visit','project_visit','quiet_hours'))
     + (select count(*) from obligation where rule in ('membership_callback','household_visit','project_visit'))
     + (select count(*) from incident where offense <> 'gossip')")" 0
# Coverage per rule against the generator's own count (samples/README.md).
python3 - "$T_DIR/c1.json" samples/README.md > "$T_DIR/cov" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
got = {}
for c in d["coverage"]:
    t = got.setdefault(c["rule"], [0, 0, 0, 0])
    for i, k in enumerate(("met", "late", "missed", "pending")):
        t[i] += c[k]
for line in open(sys.argv[2], encoding="utf-8"):
    if line.startswith("## Rows moved to the pack folders"):
        break                   # the pack folders' tables are packs.sh's
    m = re.match(r"\| (\w+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$", line.strip())
    if m:
        want = [int(x) for x in m.groups()[1:]]
        print(m.group(1), "ok" if got.get(m.group(1)) == want else "got %s want %s" % (got.get(m.group(1)), want))
PY
check_eq "5 coverage rows compared" "$(wc -l < "$T_DIR/cov")" 5
while read -r rule verdict; do
  check_eq "coverage of $rule equals the generator's" "$verdict" ok
done < "$T_DIR/cov"
"$KEFU" --db "$DB" --json check --as-of 2026-11-26 > "$T_DIR/c2.json"
check "a second check gives the same summary" cmp -s "$T_DIR/c1.json" "$T_DIR/c2.json"
sqlite3 "$DB" "select rule,subject_id,date,amount_fen,detail from finding order by id" > "$T_DIR/f2"
"$KEFU" --quiet --db "$DB" check --as-of 2026-11-26
sqlite3 "$DB" "select rule,subject_id,date,amount_fen,detail from finding order by id" > "$T_DIR/f3"
check "the same findings in the same order" cmp -s "$T_DIR/f2" "$T_DIR/f3"
# 第一篇 第三十一条: 张伟 (E007) 7 late arrivals in October = 2 absence days.
check_eq "E007: two absence days from lateness" \
  "$(sqlite3 "$DB" "select count(*) from finding where rule='absence_occurrences' and subject_id='E007'")" 2
finish
