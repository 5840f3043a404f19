#!/bin/sh
# keyword.sh RCVD WANT_RC WANT_STDOUT [ARGS...]
# Runs "RCVD keyword ARGS..." and checks the exit status, the exact
# standard output (one line; "<none>" means nothing at all) and standard
# error: empty on success, a message on failure, the usage on exit 2.
# An argument "<empty>" stands for the empty string, which CMake lists drop.
rcvd=$1 want_rc=$2 want_out=$3
shift 3
n=$#
while [ "$n" -gt 0 ]; do
	a=$1; shift
	[ "$a" = "<empty>" ] && a=
	set -- "$@" "$a"
	n=$((n - 1))
done
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

"$rcvd" keyword "$@" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$want_out" = "<none>" ]; then
	: >"$tmp/want"
else
	printf '%s\n' "$want_out" >"$tmp/want"
fi

fail=0
if [ "$rc" != "$want_rc" ]; then
	echo "exit status $rc, want $want_rc"; fail=1
fi
if ! cmp -s "$tmp/out" "$tmp/want"; then
	echo "stdout differs; want:"; cat "$tmp/want"; echo "got:"; cat "$tmp/out"; fail=1
fi
case $want_rc in
0) [ -s "$tmp/err" ] && { echo "unexpected stderr:"; cat "$tmp/err"; fail=1; } ;;
2) grep -q '^usage: rcvd keyword' "$tmp/err" || { echo "no usage on stderr:"; cat "$tmp/err"; fail=1; } ;;
*) [ -s "$tmp/err" ] || { echo "no message on stderr"; fail=1; } ;;
esac
[ "$fail" = 0 ] || echo "command: $rcvd keyword $*"
exit "$fail"
