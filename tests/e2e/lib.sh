# tests/e2e/lib.sh — sourced by end-to-end scripts: ok/fail counters, a
# scratch directory removed at exit, and the closing line tests/run.sh reads.
# Usage: . "$(dirname "$0")/lib.sh"; KEFU=$1; check "label" test-command...
KEFU=${1:?usage: $0 KEFU}
T_PASS=0
T_FAIL=0
T_DIR=$(mktemp -d)
trap 'rm -rf "$T_DIR"' EXIT
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

# check LABEL CMD... — runs CMD; counts a pass when it succeeds.
check() {
  label=$1; shift
  if "$@"; then T_PASS=$((T_PASS + 1)); echo "ok $label"
  else T_FAIL=$((T_FAIL + 1)); echo "not ok $label"; fi
}

# check_eq LABEL GOT WANT
check_eq() {
  if [ "$2" = "$3" ]; then T_PASS=$((T_PASS + 1)); echo "ok $1"
  else T_FAIL=$((T_FAIL + 1)); echo "not ok $1: got '$2', want '$3'"; fi
}

# peak CMD... — runs CMD (output discarded) and prints its peak RSS in KiB
# (the kernel's ru_maxrss of the child: machine load does not move it);
# exits with CMD's status when it fails.
peak() {
  python3 -c 'import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
sys.exit(r.returncode) if r.returncode else print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}

finish() {
  echo "$T_PASS passed, $T_FAIL failed"
  [ "$T_FAIL" -eq 0 ]
}
