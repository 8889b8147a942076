#!/bin/sh
# tests/e2e/lang.sh KEFU — messages in Chinese (issue 16): with --lang zh,
# KEFU_LANG=zh or a zh_CN LANG — under `env -i`, i.e. cron's C locale
# otherwise — a rejected row, a usage error, the ingest and run summaries
# and a purge refusal are in Chinese, with the same FILE:LINE: prefix as in
# English; English stays the default, and --lang en wins over the
# environment. That every message has its Chinese is tests/msgcheck.py's
# part (tests/e2e/msgcatalogue.sh).
. "$(dirname "$0")/lib.sh"
cd "$T_DIR"

# a leave row whose start date is no date
printf '\357\273\277请假单号,员工编号,请假类型,开始日期,结束日期,批准人,医院证明,备注\n' > bad.csv
printf 'L9,E001,annual,2026-13-01,2026-11-02,E002,否,\n' >> bad.csv
EN="kefu: bad.csv:2: field 'start_date': '2026-13-01' is not a date (YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD or YYYY年MM月DD日)"
ZH="kefu: bad.csv:2: 字段 'start_date'（开始日期）：'2026-13-01' 不是日期（YYYY-MM-DD、YYYY/MM/DD、YYYY.MM.DD 或 YYYY年MM月DD日）"

# $1: a fresh database name; the rest: how kefu is run
reject_line() {
  db=$1; shift
  "$@" --db "$db" ingest bad.csv 2>&1 >/dev/null | head -n 1
}
check_eq "default: the reject in English" "$(env -i "$KEFU" --db d1.db ingest bad.csv 2>&1 >/dev/null)" "$EN"
check_eq "--lang zh: the reject in Chinese" "$(reject_line d2.db env -i "$KEFU" --lang zh)" "$ZH"
check_eq "KEFU_LANG=zh: the reject in Chinese" "$(reject_line d3.db env -i KEFU_LANG=zh "$KEFU")" "$ZH"
check_eq "LANG=zh_CN.UTF-8: the reject in Chinese" "$(reject_line d4.db env -i LANG=zh_CN.UTF-8 "$KEFU")" "$ZH"
check_eq "LC_ALL=C with KEFU_LANG=zh (cron): Chinese" \
  "$(reject_line d5.db env -i LC_ALL=C KEFU_LANG=zh "$KEFU")" "$ZH"
check_eq "--lang en over LANG=zh_CN.UTF-8: English" \
  "$(reject_line d6.db env -i LANG=zh_CN.UTF-8 "$KEFU" --lang en)" "$EN"
check_eq "LANG=en_US.UTF-8: English" "$(reject_line d7.db env -i LANG=en_US.UTF-8 "$KEFU")" "$EN"
env -i KEFU_LANG=zh "$KEFU" --db d8.db ingest bad.csv >out.txt 2>/dev/null
check_eq "the reject exits 65 in Chinese too" $? 65
check "the ingest summary in Chinese" grep -q '^合计：存入 0 行，拒收 1 行，替换 0 行' out.txt
check "the stored reject is the message shown" sh -c \
  "env -i \"$KEFU\" --db d8.db rejects | grep -q '不是日期'"

# a usage error: the complaint and the hint
env -i KEFU_LANG=zh "$KEFU" ingest --frob x 2>err.txt
check_eq "usage error: exit 64" $? 64
check_eq "usage error in Chinese" "$(cat err.txt)" "kefu: 未知选项 '--frob'
请看 'kefu help ingest'。"
env -i "$KEFU" ingest --frob x 2>err.txt
check_eq "usage error in English by default" "$(cat err.txt)" "kefu: unknown option '--frob'
Try 'kefu help ingest'."
env -i KEFU_LANG=zh "$KEFU" --db none.db purge plan 2>err.txt
check_eq "a missing option, explained by its Chinese help" "$(head -n 1 err.txt)" \
  "kefu: 'kefu purge plan' 需要 --prepared-by ID：编制人的员工编号（客服主任）"
env -i KEFU_LANG=zh "$KEFU" --db none.db findings 2>err.txt
check_eq "a missing database in Chinese" "$(cat err.txt)" \
  "kefu: none.db: 数据库不存在（请用 'kefu init' 或 'kefu ingest' 创建，或用 --db 或 \$KEFU_DB 指定）"

# the nightly run's summary
export SOURCE_DATE_EPOCH=1795712400   # 2026-11-27 00:20 Asia/Shanghai
env -i SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH KEFU_LANG=zh "$KEFU" --db run.db run --in "$ROOT/samples" \
  --out out --as-of 2026-11-26 >run.txt 2>&1
check_eq "run exits 0" $? 0
check "run summary in Chinese: files and rows" \
  grep -q "^kefu run 2026-11-26：$ROOT/samples 中 13 个文件（存入 2852 行，拒收 0 行，替换 0 行；" run.txt
check "run summary in Chinese: findings" grep -q '^  违规 [0-9]* 项（罚款和扣款合计 [0-9,.]* 元），回访义务' run.txt
check "run summary in Chinese: outputs" grep -q '^  输出在 out，运行摘要 ' run.txt
check "run summary: no English line" sh -c "! grep -q 'files in\|findings (\|outputs under' run.txt"

# a purge refusal: execution before approval
role() { sqlite3 run.db "SELECT employee_id FROM employee WHERE role = '$1' AND left_on IS NULL ORDER BY employee_id LIMIT 1 OFFSET ${2:-0}"; }
if command -v sqlite3 >/dev/null 2>&1; then
  CHIEF=$(role cs_chief); W1=$(role staff 0); W2=$(role staff 1)
  BATCH=$("$KEFU" --db run.db --as-of 2026-11-26 purge plan --prepared-by "$CHIEF" --out bundles 2>/dev/null)
  env -i KEFU_LANG=zh "$KEFU" --db run.db --as-of 2026-11-26 purge execute "$BATCH" --witness "$W1" \
    --witness "$W2" --out bundles >/dev/null 2>err.txt
  check_eq "execute before approval: exit 65" $? 65
  check_eq "execute before approval: refused in Chinese" "$(cat err.txt)" \
    "kefu: 执行被拒绝：批次 $BATCH 的状态为 planned，未经批准；请先运行 kefu purge approve $BATCH --reviewed-by ID --approved-by ID"
  env -i KEFU_LANG=zh "$KEFU" --db run.db --as-of 2026-11-26 purge plan --prepared-by "$W1" --out bundles \
    >/dev/null 2>err.txt
  check "plan by staff: refused in Chinese, naming the role" \
    grep -q "^kefu: 计划被拒绝：$W1 .* 的岗位是 staff（.*），岗位记录来自 .*，读取于 .*；编制人必须是 cs_chief（客服主任）$" err.txt
else
  echo "skipped: sqlite3 is not installed: the purge refusal is not checked"
fi

finish
