#!/bin/sh
# milter.sh MILTER SCRIPT WITH_R -- runs the miltertest script against
# rcvd-milter once (WITH_R=1: the MTA sends the r macro; 0: it does not).
# miltertest starts the filter, stops it with SIGTERM at the end and waits
# for it; a timeout and a trap make sure nothing outlives the test.
milter=$1 script=$2 with_r=$3
skip_or_fail() {
	if [ "${RCVD_ALLOW_SKIP:-0}" = 1 ]; then echo "SKIP: $1 (RCVD_ALLOW_SKIP=1)"; exit 77; fi
	echo "FAIL: $1 (set RCVD_ALLOW_SKIP=1 to skip)"; exit 1
}
command -v miltertest >/dev/null 2>&1 || skip_or_fail "'miltertest' is missing"
command -v timeout >/dev/null 2>&1 || skip_or_fail "'timeout' is missing"
[ -n "$milter" ] && [ -x "$milter" ] || skip_or_fail "rcvd-milter was not built (libmilter-dev missing?)"
dir=$(mktemp -d "${TMPDIR:-/tmp}/rcvd-milter.XXXXXX") || exit 1
sock=$dir/milter.sock
cleanup() {
	# Only a filter started on this test's own socket path is ours.
	for p in $(ps -eo pid=,args= | awk -v s="unix:$sock" 'index($0, s) && $2 ~ /rcvd-milter$/ {print $1}'); do
		kill "$p" 2>/dev/null
	done
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM
timeout -k 5 120 miltertest -s "$script" -D FILTER="$milter" -D SOCK="$sock" -D WITH_R="$with_r"
rc=$?
[ $rc -eq 0 ] || echo "FAIL: miltertest exit status $rc"
exit $rc
