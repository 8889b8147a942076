#!/bin/sh
# tests/run.sh BUILD KEFU — runs every unit test program in BUILD/tests and
# every end-to-end script tests/e2e/*.sh (each gets KEFU, the binary under
# test, as $1), adds up their closing lines "N passed, N failed" and prints
# the total as the last line. A program that dies without its closing line
# counts as one failure.
build=$1
kefu=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
total_p=0
total_f=0
log=$(mktemp)
for t in "$build"/tests/test_* tests/e2e/*.sh; do
  [ -e "$t" ] || continue
  case "$t" in
    */lib.sh) continue ;;
    *.sh) sh "$t" "$kefu" >"$log" 2>&1; rc=$? ;;
    *.d|*.o) continue ;;
    *) "$t" >"$log" 2>&1; rc=$? ;;
  esac
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
  if [ -z "$line" ]; then
    p=0; f=1
    echo "== $t: exited $rc without a closing line"
    tail -n 30 "$log"
  else
    p=${line%% passed*}
    f=${line#*passed, }; f=${f%% failed*}
    if [ "$f" -ne 0 ] || [ "$rc" -ne 0 ]; then
      [ "$f" -eq 0 ] && f=1
      echo "== $t: $line (exit $rc)"
      grep -E '^(FAIL|not ok)' "$log" | head -n 40
      grep -E 'ERROR: (Address|Leak)Sanitizer|runtime error' "$log" | head -n 5
    else
      echo "ok $t: $p passed"
    fi
    # a test that could not run part of itself says so on its own line
    grep -E '^skipped:' "$log" | sed "s|^|   $t: |"
  fi
  total_p=$((total_p + p))
  total_f=$((total_f + f))
done
rm -f "$log"
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
