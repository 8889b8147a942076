#!/bin/sh
# tests/gen/make_store.sh KEFU VERSION OUT.sql.gz — a fixture of
# tests/e2e/migrate.sh: a database made by an older kefu of schema version
# VERSION over samples/ — every kind ingested, a check (findings,
# obligations), a hold and a purge executed (tombstones, an export's
# content cleared) — dumped as SQL and gzipped. The test loads it with
# sqlite3, upgrades it with the kefu under test and compares every view's
# content before and after. The fixtures and the kefu that made them:
#   tests/data/store-v8  — version 8, the release before issue 15 (main at
#                          8f43906: `git worktree add /tmp/v8 8f43906 &&
#                          make -C /tmp/v8 kefu`);
#   tests/data/store-v12 — version 12, the release before dates were
#                          stored as integers (main at 95cfb94).
# Rowids are kept (.dump --preserve-rowids; store-v8 was dumped without:
# its rows were renumbered by the load, the findings made before still
# cite the old numbers). Run from the repository's top.
set -eu
KEFU=$1
VERSION=$2
OUT=$3
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
# the night after the purge: its findings are what a check of the upgraded
# database must find again (store-v8 was made before this step was added)
K --quiet check >/dev/null
test "$(sqlite3 "$DB" 'PRAGMA user_version')" = "$VERSION"
{ sqlite3 "$DB" ".dump --preserve-rowids"; echo "PRAGMA user_version = $VERSION;"; } | gzip -9n >"$OUT"   # .dump omits the version
