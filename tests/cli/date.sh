#!/bin/sh
# date.sh RCVD -- the `rcvd date` subcommand: output, exit status, usage.
# Every check runs; the script fails if any did, and says which.
set -u
rcvd=${1:?usage: date.sh PATH-TO-RCVD}
tmp=${TMPDIR:-/tmp}/rcvd-cli-date.$$
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT
failures=0
checks=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# run ARGS...: runs rcvd date, leaving status in $rc, stdout in $tmp/out,
# stderr in $tmp/err.
run() {
	"$rcvd" date "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# ok EXPECTED ARGS...: exit 0, exactly EXPECTED and a newline, no stderr.
ok() {
	want=$1
	shift
	checks=$((checks + 1))
	run "$@"
	printf '%s\n' "$want" >"$tmp/want"
	if [ "$rc" -ne 0 ]; then
		fail "date $*: exit $rc, want 0 ($(cat "$tmp/err"))"
	elif ! cmp -s "$tmp/out" "$tmp/want"; then
		fail "date $*: printed '$(cat "$tmp/out")', want '$want'"
	elif [ -s "$tmp/err" ]; then
		fail "date $*: wrote to stderr: $(cat "$tmp/err")"
	fi
}

# range ARGS...: exit 1, nothing on stdout, a message on stderr.
range() {
	checks=$((checks + 1))
	run "$@"
	if [ "$rc" -ne 1 ]; then
		fail "date $*: exit $rc, want 1"
	elif [ -s "$tmp/out" ]; then
		fail "date $*: printed '$(cat "$tmp/out")' on failure"
	elif [ ! -s "$tmp/err" ]; then
		fail "date $*: no message on stderr"
	fi
}

# usage ARGS...: exit 2, nothing on stdout, the usage on stderr.
usage() {
	checks=$((checks + 1))
	run "$@"
	if [ "$rc" -ne 2 ]; then
		fail "date $*: exit $rc, want 2 ($(cat "$tmp/out"))"
	elif [ -s "$tmp/out" ]; then
		fail "date $*: printed '$(cat "$tmp/out")' on a usage error"
	elif ! grep -q '^usage: rcvd date ' "$tmp/err"; then
		fail "date $*: no usage on stderr"
	fi
}

# explicit instant and zone
ok 'Thu, 01 Jan 1970 00:00:00 +0000' --time 0 --zone +0000
ok 'Thu, 01 Jan 1970 00:00:00 +0000' --zone +0000 --time 0
ok 'Thu, 01 Jan 1970 00:00:00 -0000' --time 0 --zone -0000
ok 'Thu, 01 Jan 1970 05:30:00 +0530' --time 0 --zone +0530
ok 'Wed, 31 Dec 1969 20:30:00 -0330' --time 0 --zone -0330
ok 'Thu, 01 Jan 1970 13:45:00 +1345' --time 0 --zone +1345
ok 'Thu, 01 Jan 1970 23:59:00 +2359' --time 0 --zone +2359
ok 'Wed, 31 Dec 1969 00:01:00 -2359' --time 0 --zone -2359
ok 'Sun, 29 Nov 2026 05:00:38 +0000' --time 1795928438 --zone +0000
ok 'Tue, 29 Feb 2000 12:00:00 +0000' --time 951825600 --zone +0000
ok 'Mon, 01 Mar 2100 00:00:00 +0000' --time 4107542400 --zone +0000
ok 'Thu, 01 Jan 1970 00:00:05 +0000' --time +5 --zone +0000
ok 'Wed, 31 Dec 1969 23:59:55 +0000' --time -5 --zone +0000
ok 'Thu, 01 Jan 1970 00:00:07 +0000' --time 0007 --zone +0000

# range limits, judged after the offset
ok 'Mon, 01 Jan 1900 00:00:00 +0000' --time -2208988800 --zone +0000
ok 'Mon, 01 Jan 1900 00:00:00 -0000' --time -2208988800 --zone -0000
range --time -2208988801 --zone +0000
range --time -2208988800 --zone -0001
ok 'Mon, 01 Jan 1900 00:00:00 +0001' --time -2208988860 --zone +0001
ok 'Fri, 31 Dec 9999 23:59:59 +0000' --time 253402300799 --zone +0000
range --time 253402300800 --zone +0000
range --time 253402300799 --zone +0001
ok 'Fri, 31 Dec 9999 23:58:59 -0001' --time 253402300799 --zone -0001
range --time 9223372036854775807 --zone +0000
range --time -9223372036854775808 --zone +0000

# bad EPOCH
usage --time 9223372036854775808
usage --time -9223372036854775809
usage --time 99999999999999999999999
usage --time ''
usage --time -
usage --time +
usage --time ' 1'
usage --time '1 '
usage --time 1e3
usage --time 0x10
usage --time 1.5
usage --time --zone

# bad zone: exactly a sign and four digits, at most 23:59
usage --zone +2400
usage --zone -2400
usage --zone +0060
usage --zone +9999
usage --zone +123
usage --zone +12345
usage --zone 0000
usage --zone 00000
usage --zone ''
usage --zone +12:3
usage --zone '+1 00'
usage --zone UTC
usage --zone GMT

# other usage errors
usage --time
usage --zone
usage --bogus
usage --time 0 --time 0
usage --zone +0000 --zone +0000
usage --time 0 extra

# --help goes to stdout and succeeds
checks=$((checks + 1))
run --help
if [ "$rc" -ne 0 ] || ! grep -q '^usage: rcvd date ' "$tmp/out"; then
	fail "date --help: exit $rc or no usage on stdout"
fi

# defaults: the local zone, from TZ (POSIX TZ strings need no database)
checks=$((checks + 1))
TZ=UTC0 "$rcvd" date --time 0 >"$tmp/out" 2>&1
[ "$(cat "$tmp/out")" = 'Thu, 01 Jan 1970 00:00:00 +0000' ] || fail "TZ=UTC0: $(cat "$tmp/out")"
checks=$((checks + 1))
TZ=IST-5:30 "$rcvd" date --time 0 >"$tmp/out" 2>&1
[ "$(cat "$tmp/out")" = 'Thu, 01 Jan 1970 05:30:00 +0530' ] || fail "TZ=IST-5:30: $(cat "$tmp/out")"
checks=$((checks + 1))
TZ=EST5EDT,M3.2.0,M11.1.0 "$rcvd" date --time 1782864000 >"$tmp/out" 2>&1
[ "$(cat "$tmp/out")" = 'Tue, 30 Jun 2026 20:00:00 -0400' ] || fail "TZ=EST5EDT summer: $(cat "$tmp/out")"
checks=$((checks + 1))
TZ=EST5EDT,M3.2.0,M11.1.0 "$rcvd" date --time 1768435200 >"$tmp/out" 2>&1
[ "$(cat "$tmp/out")" = 'Wed, 14 Jan 2026 19:00:00 -0500' ] || fail "TZ=EST5EDT winter: $(cat "$tmp/out")"
# --zone wins over TZ
checks=$((checks + 1))
TZ=IST-5:30 "$rcvd" date --time 0 --zone -0000 >"$tmp/out" 2>&1
[ "$(cat "$tmp/out")" = 'Thu, 01 Jan 1970 00:00:00 -0000' ] || fail "TZ + --zone: $(cat "$tmp/out")"

# default instant: now, to the minute (read the clock before and after, in
# case the minute turns in between)
checks=$((checks + 1))
before=$(LC_ALL=C TZ=UTC0 date -u '+%a, %d %b %Y %H:%M')
TZ=UTC0 "$rcvd" date >"$tmp/out" 2>"$tmp/err"
rc=$?
after=$(LC_ALL=C TZ=UTC0 date -u '+%a, %d %b %Y %H:%M')
got=$(cat "$tmp/out")
case "$got" in
"$before":[0-5][0-9]' +0000' | "$after":[0-5][0-9]' +0000') ;;
*) fail "now: '$got' (rc $rc), clock says '$before' .. '$after'" ;;
esac

echo "cli_date: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
