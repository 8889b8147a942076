# tests/e2e/loans.sh KEFU — the borrowing's action and signer (issue 11,
# 业主档案管理细则 8(9), schema version 10): 借阅方式 takes the listed
# values only, and a version-8 database gains the columns in place.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1

DB=$T_DIR/l.db
mkdir "$T_DIR/in"
printf '\357\273\277借用编号,物品类型,物品编号,借用人,借出时间,借阅方式,签字人\r\nJY-1,档案,DA1,E1,2026-11-01 10:00,复印,E3\r\nJY-2,档案,DA2,E1,2026-11-01 10:00,带走,\r\nJY-3,档案,DA3,E1,2026-11-01 10:00,查阅,\r\nJY-4,钥匙,K1,E1,2026-11-01 10:00,,\r\n' \
  >"$T_DIR/in/13-borrowing.csv"
"$KEFU" --quiet --db "$DB" ingest "$T_DIR/in/13-borrowing.csv" >/dev/null 2>&1
check_eq "a borrowing with 借阅方式 and 签字人 ingests" "$?" 0
check_eq "借阅方式 by Chinese name is stored by code, with its signer" \
  "$(sqlite3 "$DB" "select group_concat(loan_id||':'||ifnull(action,'-')||':'||ifnull(signed_by,'-'), ' ') from (select * from borrowing order by loan_id)")" \
  "JY-1:copy:E3 JY-2:take_away:- JY-3:read:- JY-4:-:-"

# --- 借阅方式 takes the listed values only -------------------------------------
mkdir "$T_DIR/bad"
printf '借用编号,物品类型,物品编号,借用人,借出时间,借阅方式\nJY-X,档案,DA1,E1,2026-11-01 10:00,影印\n' \
  >"$T_DIR/bad/13-borrowing.csv"
"$KEFU" --quiet --db "$T_DIR/b.db" ingest "$T_DIR/bad/13-borrowing.csv" >"$T_DIR/b.out" 2>&1
check "an unknown 借阅方式 is rejected, naming the field and the value" \
  grep -q "13-borrowing.csv:2: field 'action'.*'影印'" "$T_DIR/b.out"

# --- a version-8 database gains the columns in place -------------------------
"$KEFU" --quiet --db "$T_DIR/s.db" ingest samples/ >/dev/null 2>&1
cp "$T_DIR/s.db" "$T_DIR/v8.db"
view=$(sqlite3 "$T_DIR/v8.db" "select sql from sqlite_master where name = 'borrowing'")
sqlite3 "$T_DIR/v8.db" "drop view borrowing; alter table borrowing_data drop column action;
  alter table borrowing_data drop column signed_by;
  $(echo "$view" | sed 's/, d\.action, d\.signed_by//');
  pragma user_version = 8;" 2>"$T_DIR/err"
check_eq "the version-8 database is made" "$?" 0
check_eq "it has no action column" \
  "$(sqlite3 "$T_DIR/v8.db" "select count(*) from pragma_table_info('borrowing_data') where name = 'action'")" 0
n8=$(sqlite3 "$T_DIR/v8.db" "select count(*) from borrowing")
"$KEFU" --quiet --db "$T_DIR/v8.db" init >/dev/null 2>"$T_DIR/err"
check_eq "kefu init upgrades it" "$?" 0
CUR=$(sed -n 's/^PRAGMA user_version = \([0-9]*\);$/\1/p' schemas/schema.sql)
check_eq "to the current version" "$(sqlite3 "$T_DIR/v8.db" 'pragma user_version')" "$CUR"
check_eq "the borrowing view shows action and signed_by" \
  "$(sqlite3 "$T_DIR/v8.db" "select count(*) from pragma_table_info('borrowing') where name in ('action','signed_by')")" 2
check_eq "every loan row is kept" "$(sqlite3 "$T_DIR/v8.db" "select count(*) from borrowing")" "$n8"
"$KEFU" --quiet --db "$T_DIR/v8.db" ingest "$T_DIR/in/13-borrowing.csv" >/dev/null 2>&1
check_eq "and takes rows with an action" \
  "$(sqlite3 "$T_DIR/v8.db" "select action||':'||signed_by from borrowing where loan_id = 'JY-1'")" "copy:E3"

finish
