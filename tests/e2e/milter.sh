#!/bin/sh
# milter.sh MILTER SCRIPT WITH_R -- runs the miltertest script against
# rcvd-milter once (WITH_R=1: the MTA sends the r macro; 0: it does not).
# miltertest starts the filter, stops it with SIGTERM at the end and waits
# for it; a timeout and a trap make sure nothing outlives the test.
# Under RCVD_E2E_VALGRIND=DIR the filter runs under valgrind memcheck (log
# in DIR/milter_WITH_R/, emptied first, tests/e2e/valgrind.supp applied),
# every wait is RCVD_E2E_SLOW (default 10) times longer, and any error,
# leak or incomplete report (the filter did not exit by itself) fails.
milter=$1 script=$2 with_r=$3
skip_or_fail() {
	if [ "${RCVD_ALLOW_SKIP:-0}" = 1 ]; then echo "SKIP: $1 (RCVD_ALLOW_SKIP=1)"; exit 77; fi
	echo "FAIL: $1 (set RCVD_ALLOW_SKIP=1 to skip)"; exit 1
}
command -v miltertest >/dev/null 2>&1 || skip_or_fail "'miltertest' is missing"
command -v timeout >/dev/null 2>&1 || skip_or_fail "'timeout' is missing"
[ -n "$milter" ] && [ -x "$milter" ] || skip_or_fail "rcvd-milter was not built (libmilter-dev missing?)"
vg=${RCVD_E2E_VALGRIND:-}
slow=${RCVD_E2E_SLOW:-1}
if [ -n "$vg" ]; then
	command -v valgrind >/dev/null 2>&1 || skip_or_fail "'valgrind' is missing (RCVD_E2E_VALGRIND is set)"
	slow=${RCVD_E2E_SLOW:-10}
	vg=$(cd "$vg" && pwd)/milter_$with_r || exit 1
	rm -rf "$vg" && mkdir -p "$vg" || exit 1
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/rcvd-milter.XXXXXX") || exit 1
sock=$dir/milter.sock
# The processes started on this test's own (unique) socket path: ours.
ours() {
	# (not this awk, whose own arguments hold both strings)
	ps -eo pid=,args= | awk -v s="unix:$sock" \
		'$2 != "awk" && index($0, s) && index($0, "rcvd-milter") {print $1}'
}
cleanup() {
	for p in $(ours); do
		kill "$p" 2>/dev/null
	done
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM
filter=$milter
if [ -n "$vg" ]; then
	filter=$dir/rcvd-milter
	supp=$(cd "$(dirname "$0")" && pwd)/valgrind.supp
	printf '#!/bin/sh\nexec valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 --suppressions=\047%s\047 --log-file=\047%s/rcvd-milter.%%p.log\047 \047%s\047 "$@"\n' \
		"$supp" "$vg" "$milter" >"$filter" && chmod +x "$filter" || exit 1
fi
timeout -k 5 $((120 * slow)) miltertest -s "$script" -D FILTER="$filter" -D SOCK="$sock" \
	-D WITH_R="$with_r" -D CONNECT_TRIES=$((40 * slow))
rc=$?
[ $rc -eq 0 ] || echo "FAIL: miltertest exit status $rc"
if [ -n "$vg" ]; then
	# The filter must have finished (and written its report) on its own.
	i=0
	while [ -n "$(ours)" ] && [ $i -lt $((10 * slow)) ]; do
		sleep 1; i=$((i + 1))
	done
	logs=0 bad=0
	for log in "$vg"/*.log; do
		[ -f "$log" ] || continue
		logs=$((logs + 1))
		if ! grep -q 'ERROR SUMMARY: 0 errors' "$log"; then
			bad=$((bad + 1)); cat "$log"
		fi
	done
	echo "valgrind: $logs process(es) under memcheck, $bad with findings"
	if [ $logs -eq 0 ] || [ $bad -ne 0 ]; then
		echo "FAIL: valgrind"; rc=1
	fi
fi
exit $rc
