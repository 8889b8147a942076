#!/bin/sh
# tests/e2e/install.sh KEFU — `make install` and `make uninstall` with
# DESTDIR, PREFIX, BINDIR and MANDIR: the binary under test, the manual
# page and the bash completion land where asked and leave again; the
# completion completes commands and a command's options from `kefu help`.
. "$(dirname "$0")/lib.sh"
D=$T_DIR/dest
# BIN= installs the binary under test without rebuilding anything; the
# MAKEFLAGS of a calling make (make asan) must not reach this one.
mk() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$ROOT" BIN="$KEFU" DESTDIR="$D" "$@"; }
mk install PREFIX=/usr BINDIR=/usr/sbin MANDIR=/usr/man >"$T_DIR/out" 2>&1; rc=$?
check_eq "make install: exit 0" "$rc" 0
check "binary in BINDIR" test -x "$D/usr/sbin/kefu"
check "installed binary runs" sh -c "'$D/usr/sbin/kefu' -V | grep -q '^kefu '"
check "man page in MANDIR/man1" test -s "$D/usr/man/man1/kefu.1"
check "bash completion under PREFIX" test -s "$D/usr/share/bash-completion/completions/kefu"
if command -v bash >/dev/null 2>&1; then
  mkdir -p "$T_DIR/bin" && ln -s "$KEFU" "$T_DIR/bin/kefu"
  comp() { PATH="$T_DIR/bin:$PATH" bash -c ". '$D/usr/share/bash-completion/completions/kefu'; COMP_WORDS=($1); COMP_CWORD=$2; _kefu; echo \"\${COMPREPLY[*]}\""; }
  check_eq "completes a command" "$(comp 'kefu ing' 1)" "ingest"
  check_eq "completes a subcommand" "$(comp 'kefu purge ap' 2)" "approve"
  check_eq "completes a command's option" "$(comp 'kefu purge plan --prep' 3)" "--prepared-by"
  check "completes only the command's options" sh -c "! echo '$(comp 'kefu check --' 2)' | grep -q -- --witness"
else
  echo "skipped: bash is not installed, the completion is not exercised"
fi
mk uninstall PREFIX=/usr BINDIR=/usr/sbin MANDIR=/usr/man >"$T_DIR/out" 2>&1; rc=$?
check_eq "make uninstall: exit 0" "$rc" 0
check "uninstall removes all three" sh -c "! find '$D' -type f | grep -q ."
finish
