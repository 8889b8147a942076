# tests/e2e/loans.sh KEFU — the loan rules of the property pack (issue 11):
# 住户档案管理规定 3(4) (a staff archive loan needs the 服务中心经理's
# approval), 业主档案管理细则 8(8) (archives back before an employee
# leaves) and 8(9) (a copy or take-away signed by the 部门负责人),
# 钥匙收发与使用的管理制度 4(1) (a staff key loan states its purpose) and
# 4(2) (an outside key borrower needs the 相关领导's signature). Over the
# samples each fires a hand-counted number of times (samples/README.md);
# each finding is a warning of 0 naming the borrower and the department
# head; the retention report shows them. The borrowing's 借阅方式 takes the
# listed values only, and a version-8 database gains it and 签字人 in place
# (schema version 10).
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1

DB=$T_DIR/l.db
"$KEFU" --quiet --db "$DB" ingest samples/ >/dev/null 2>&1
check_eq "samples ingest" "$?" 0
"$KEFU" --quiet --db "$DB" check --as-of 2026-11-26
check_eq "check exits 0" "$?" 0

q() { sqlite3 "$DB" "$1"; }
fired() { q "select group_concat(subject_id, ' ') from (select subject_id from finding where rule = '$1' order by subject_id)"; }
check_eq "3(4): JY2026-012 (approved by the cs_supervisor) and JY2026-021 (no approver)" \
  "$(fired archive_loan_unapproved)" "JY2026-012 JY2026-021"
check_eq "8(8): JY2026-022, back after E031 left" "$(fired archive_loan_at_leaving)" "JY2026-022"
check_eq "8(9): JY2026-023 (taken away unsigned) and JY2026-024 (signed by the cs_supervisor)" \
  "$(fired archive_copy_unsigned)" "JY2026-023 JY2026-024"
check_eq "4(1): the three staff key loans without a purpose" "$(fired key_loan_no_purpose)" \
  "JY2026-007 JY2026-010 JY2026-020"
check_eq "4(2): JY2026-025, an outside key borrower without a signature" "$(fired key_loan_external_unsigned)" \
  "JY2026-025"
check_eq "the outside key loan is judged by 4(2), not by the archive rule 3(2)" \
  "$(fired external_loan_unapproved)" "JY2026-014"
check_eq "the loans approved by the center_director, and the copy signed by the dept_head, are clean" \
  "$(q "select count(*) from finding where subject_id in ('JY2026-011','JY2026-015','JY2026-017','JY2026-018','JY2026-005')")" 0
check_eq "custody findings over the samples: 5 before issue 11's loan rules, 14 now" \
  "$(q "select count(*) from finding where subject_kind = 'loan'")" 14

NEW="'archive_loan_unapproved','archive_loan_at_leaving','archive_copy_unsigned','key_loan_no_purpose','key_loan_external_unsigned'"
check_eq "each is a warning of amount 0 (the text sets no sanction)" \
  "$(q "select distinct sanction||' '||amount_fen from finding where rule in ($NEW)")" "warning 0"
check_eq "each names who must act" \
  "$(q "select count(*) from finding where rule in ($NEW) and detail not like '%须处理：借用人 %'")" 0
check_eq "a staff loan names the borrower and the head of their department" \
  "$(q "select detail like '%须处理：借用人 E007 张伟，部门负责人 E003 黄志强' from finding where subject_id = 'JY2026-021'")" 1
check_eq "a key loan of 工程部 names its own head" \
  "$(q "select detail like '%部门负责人 E016 郭永强' from finding where subject_id = 'JY2026-007'")" 1
check_eq "the leaver's finding is dated on the leaving day and cites the employee row" \
  "$(q "select date||' '||(sources like '%employee#%') from finding where rule = 'archive_loan_at_leaving'")" "2026-09-30 1"
check_eq "the citations as the text numbers them" \
  "$(q "select group_concat(rule||'='||article, ';') from (select distinct rule, article from finding where rule in ($NEW) order by rule)")" \
  "archive_copy_unsigned=第四篇 业主档案管理细则 8(9);archive_loan_at_leaving=第四篇 业主档案管理细则 8(8);archive_loan_unapproved=第二篇 规章制度1 住户档案管理规定 3(4);key_loan_external_unsigned=第四篇 钥匙收发与使用的管理制度 4(2);key_loan_no_purpose=第四篇 钥匙收发与使用的管理制度 4(1)"
check_eq "3(4)'s approval quotes its own element, not the loan period's assumption" \
  "$(q "select distinct quote||' | '||assumed from finding where rule = 'archive_loan_unapproved'")" \
  "档案借出时须经服务中心经理批准 | “服务中心经理”取服务中心主任 (center_director)，岗位取员工表所载；未定处罚：警告，金额 0"
check_eq "and the overdue archive keeps its own" \
  "$(q "select distinct assumed from finding where rule = 'archive_loan_overdue'")" "借出期限未给出，取 7 天"
check_eq "the key purpose quotes 4(1)" "$(q "select distinct quote from finding where rule = 'key_loan_no_purpose'")" \
  "内部人员借用需说明用途并填写钥匙借用登记表"
if [ -n "$KEFU_REGULATIONS" ]; then
  "$KEFU" policy check property --source "$KEFU_REGULATIONS" >/dev/null 2>&1
  check_eq "the property pack's quotes occur in the document" "$?" 0
else
  echo "skipped: KEFU_REGULATIONS is unset: the quotes are not compared with the document"
fi

# --- the retention report shows them ---------------------------------------
"$KEFU" --quiet --db "$DB" report retention --as-of 2026-11-26 -o "$T_DIR/r.pdf" >/dev/null 2>&1
check_eq "the retention report renders" "$?" 0
pdftotext "$T_DIR/r.pdf" "$T_DIR/r.txt" 2>/dev/null
for label in 档案借出未经批准 离职未还档案 复印带走未签字 借钥匙未说明用途 外部借钥匙未签字; do
  check "the retention report labels $label" grep -q "$label" "$T_DIR/r.txt"
done
check "and says who must act" grep -q "须处理" "$T_DIR/r.txt"

# --- 借阅方式 and 签字人 ingest ----------------------------------------------
mkdir "$T_DIR/in"
printf '\357\273\277借用编号,物品类型,物品编号,借用人,借出时间,借阅方式,签字人\r\nJY-1,档案,DA1,E1,2026-11-01 10:00,复印,E3\r\nJY-2,档案,DA2,E1,2026-11-01 10:00,带走,\r\nJY-3,档案,DA3,E1,2026-11-01 10:00,查阅,\r\nJY-4,钥匙,K1,E1,2026-11-01 10:00,,\r\n' \
  >"$T_DIR/in/13-borrowing.csv"
"$KEFU" --quiet --db "$T_DIR/i.db" ingest "$T_DIR/in/13-borrowing.csv" >/dev/null 2>&1
check_eq "a borrowing with 借阅方式 and 签字人 ingests" "$?" 0
check_eq "借阅方式 by Chinese name is stored by code, with its signer" \
  "$(sqlite3 "$T_DIR/i.db" "select group_concat(loan_id||':'||ifnull(action,'-')||':'||ifnull(signed_by,'-'), ' ') from (select * from borrowing order by loan_id)")" \
  "JY-1:copy:E3 JY-2:take_away:- JY-3:read:- JY-4:-:-"

# --- 借阅方式 takes the listed values only -------------------------------------
mkdir "$T_DIR/bad"
printf '借用编号,物品类型,物品编号,借用人,借出时间,借阅方式\nJY-X,档案,DA1,E1,2026-11-01 10:00,影印\n' \
  >"$T_DIR/bad/13-borrowing.csv"
"$KEFU" --quiet --db "$T_DIR/b.db" ingest "$T_DIR/bad/13-borrowing.csv" >"$T_DIR/b.out" 2>&1
check "an unknown 借阅方式 is rejected, naming the field and the value" \
  grep -q "13-borrowing.csv:2: field 'action'.*'影印'" "$T_DIR/b.out"

# --- a version-8 database gains the columns in place -------------------------
cp "$DB" "$T_DIR/v8.db"
view=$(sqlite3 "$T_DIR/v8.db" "select sql from sqlite_master where name = 'borrowing'")
sqlite3 "$T_DIR/v8.db" "drop view borrowing; alter table borrowing_data drop column action;
  alter table borrowing_data drop column signed_by;
  $(echo "$view" | sed 's/, d\.action, d\.signed_by//');
  pragma user_version = 8;" 2>"$T_DIR/err"
check_eq "the version-8 database is made" "$?" 0
check_eq "it has no action column" \
  "$(sqlite3 "$T_DIR/v8.db" "select count(*) from pragma_table_info('borrowing_data') where name = 'action'")" 0
"$KEFU" --quiet --db "$T_DIR/v8.db" init >/dev/null 2>"$T_DIR/err"
check_eq "kefu init upgrades it" "$?" 0
CUR=$(sed -n 's/^PRAGMA user_version = \([0-9]*\);$/\1/p' schemas/schema.sql)
check_eq "to the current version" "$(sqlite3 "$T_DIR/v8.db" 'pragma user_version')" "$CUR"
check_eq "the borrowing view shows action and signed_by" \
  "$(sqlite3 "$T_DIR/v8.db" "select count(*) from pragma_table_info('borrowing') where name in ('action','signed_by')")" 2
check_eq "every loan row is kept" "$(sqlite3 "$T_DIR/v8.db" "select count(*) from borrowing")" 25
"$KEFU" --quiet --db "$T_DIR/v8.db" check --as-of 2026-11-26
check_eq "the rows stored before know no action: no copy is judged" \
  "$(sqlite3 "$T_DIR/v8.db" "select count(*) from finding where rule = 'archive_copy_unsigned'")" 0
mkdir "$T_DIR/again"
grep -E '^(.借用编号|JY2026-02[34],)' samples/13-borrowing.csv >"$T_DIR/again/13-borrowing.csv"
"$KEFU" --quiet --db "$T_DIR/v8.db" ingest "$T_DIR/again/13-borrowing.csv" >/dev/null 2>&1
check_eq "the two copies ingest again" "$?" 0
"$KEFU" --quiet --db "$T_DIR/v8.db" check --as-of 2026-11-26
check_eq "re-ingested, the copies are judged" \
  "$(sqlite3 "$T_DIR/v8.db" "select group_concat(subject_id, ' ') from finding where rule = 'archive_copy_unsigned'")" \
  "JY2026-023 JY2026-024"

finish
