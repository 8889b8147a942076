#!/bin/sh
# tests/e2e/msgcatalogue.sh KEFU — every message format in src/ has its
# Chinese in src/msg.c with the same arguments (tests/msgcheck.py; its
# failure output lists the missing entries, ready to fill in).
. "$(dirname "$0")/lib.sh"
if ! command -v python3 >/dev/null 2>&1; then
  echo "skipped: python3 is not installed: the message catalogue is not checked"; finish; exit $?
fi
python3 "$ROOT/tests/msgcheck.py" "$ROOT/src"
