#!/bin/sh
# tests/gen/make_store_v8.sh KEFU_V8 OUT.sql.gz — the fixture of
# tests/e2e/migrate.sh: a database made by a kefu of schema version 8 (the
# release before issue 15: main at 8f43906, `git worktree add /tmp/v8
# 8f43906 && make -C /tmp/v8 kefu`) over samples/ — every kind ingested,
# a check (findings, obligations), a hold and a purge executed (tombstones,
# an export's content cleared) — dumped as SQL and gzipped. The test loads
# it with sqlite3, upgrades it with the kefu under test and compares every
# view's content before and after. Run from the repository's top.
set -eu
KEFU=$1
OUT=$2
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
DB=$W/kefu.db
K() { "$KEFU" --db "$DB" --as-of 2026-11-26 "$@"; }
K --quiet ingest samples >/dev/null 2>&1 || true   # samples hold rejects on purpose
K --quiet check >/dev/null
role() { sqlite3 "$DB" "SELECT employee_id FROM employee WHERE role = '$1' AND left_on IS NULL ORDER BY employee_id LIMIT 1 OFFSET ${2:-0}"; }
CHIEF=$(role cs_chief); SUP=$(role cs_supervisor); DIR=$(role center_director)
W1=$(role staff 0); W2=$(role staff 1)
BATCH=$(K purge plan --prepared-by "$CHIEF" --out "$W/out")
K purge approve "$BATCH" --reviewed-by "$SUP" --approved-by "$DIR" >/dev/null
K purge execute "$BATCH" --rechecked-by "$SUP" --witness "$W1" --witness "$W2" --out "$W/out" >/dev/null
test "$(sqlite3 "$DB" 'PRAGMA user_version')" = 8
{ sqlite3 "$DB" .dump; echo "PRAGMA user_version = 8;"; } | gzip -9n >"$OUT"   # .dump omits the version
