#!/bin/sh
# compose.sh RCVD -- the `rcvd compose` subcommand: output bytes, exit
# statuses, usage. Every check runs; the script fails if any did.
set -u
rcvd=${1:?usage: compose.sh PATH-TO-RCVD}
tmp=${TMPDIR:-/tmp}/rcvd-cli-compose.$$
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT
failures=0
checks=0
T='--time 1795928438 --zone +0000'
D='Sun, 29 Nov 2026 05:00:38 +0000'

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

run() {
	"$rcvd" compose "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# ok WANT ARGS...: exit 0, stdout byte for byte WANT (a printf format), no
# stderr.
ok() {
	want=$1
	shift
	checks=$((checks + 1))
	run "$@"
	# shellcheck disable=SC2059
	printf "$want" >"$tmp/want"
	if [ "$rc" -ne 0 ]; then
		fail "compose $*: exit $rc, want 0 ($(cat "$tmp/err"))"
	elif ! cmp -s "$tmp/out" "$tmp/want"; then
		fail "compose $*: printed"
		od -c "$tmp/out" | head -20
		echo "want"
		od -c "$tmp/want" | head -20
	elif [ -s "$tmp/err" ]; then
		fail "compose $*: wrote to stderr: $(cat "$tmp/err")"
	fi
}

# refused ARGS...: exit 1, nothing on stdout, a message on stderr.
refused() {
	checks=$((checks + 1))
	run "$@"
	if [ "$rc" -ne 1 ]; then
		fail "compose $*: exit $rc, want 1"
	elif [ -s "$tmp/out" ]; then
		fail "compose $*: printed '$(cat "$tmp/out")' on failure"
	elif ! grep -q '^rcvd: compose: ' "$tmp/err"; then
		fail "compose $*: no message on stderr"
	fi
}

# usage ARGS...: exit 2, nothing on stdout, the usage on stderr.
usage() {
	checks=$((checks + 1))
	run "$@"
	if [ "$rc" -ne 2 ]; then
		fail "compose $*: exit $rc, want 2"
	elif [ -s "$tmp/out" ]; then
		fail "compose $*: printed '$(cat "$tmp/out")' on a usage error"
	elif ! grep -q '^usage: rcvd compose ' "$tmp/err"; then
		fail "compose $*: no usage on stderr"
	fi
}

# a typical field: every clause
# shellcheck disable=SC2086
ok "Received: from mail.example.org (mail.example.org [192.0.2.1])\n\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))\n\t(authenticated as alice)\n\tby mx.example.net (librcvd) with ESMTPSA id 4Fq1x2Yz\n\t(envelope-from <alice@example.org>)\n\tfor <bob@example.net> tls TLS_AES_256_GCM_SHA384;\n\t$D\n" \
	--by mx.example.net --helo mail.example.org --addr 192.0.2.1 \
	--rdns mail.example.org. --tls --auth --tls-version TLSv1.3 \
	--tls-cipher TLS_AES_256_GCM_SHA384 --tls-bits 256 --id 4Fq1x2Yz \
	--for '<bob@example.net>' --envelope-from alice@example.org \
	--auth-user alice --comment librcvd $T
# shellcheck disable=SC2086
ok "Received: from unknown\n\tby mx.example.net with ESMTP;\n\t$D\n" --by mx.example.net $T
# shellcheck disable=SC2086
ok "Received: from unknown\r\n\tby mx.example.net with ESMTP;\r\n\t$D\r\n" --by mx.example.net --crlf $T
# value-only: no final line break
# shellcheck disable=SC2086
ok "from unknown\n\tby mx.example.net with ESMTP;\n\t$D" --by mx.example.net --value-only $T
# shellcheck disable=SC2086
ok "from unknown\r\n\tby mx.example.net with ESMTP;\r\n\t$D" --by mx.example.net --value-only --crlf $T
# hostile greeting goes encoded after BY
# shellcheck disable=SC2086
ok "Received: from [IPv6:2001:db8::1] (unknown [IPv6:2001:db8::1])\n\tby mx.example.net with ESMTP\n\t(helo=x%%29%%20by%%20evil.example%%20%%28y);\n\t$D\n" \
	--by mx.example.net --helo 'x) by evil.example (y' --addr 2001:DB8::1 $T
# FOR rules, LHLO, null sender, -0000
# shellcheck disable=SC2086
ok "Received: from unknown\n\tby mx.example.net with LMTP\n\t(envelope-from <>);\n\tSun, 29 Nov 2026 05:00:38 -0000\n" \
	--by mx.example.net --greeting lhlo --for bob@example.net --rcpt-count 2 \
	--envelope-from '<>' --time 1795928438 --zone -0000
# shellcheck disable=SC2086
ok "Received: from unknown\n\tby mx.example.net with SMTP\n\tfor <bob@example.net>;\n\t$D\n" \
	--by mx.example.net --greeting helo --for bob@example.net --rcpt-count 2 --force-for $T
# privacy mode, TLS switches, UTF-8
# shellcheck disable=SC2086
ok "Received: from unknown\n\tby mx.example.net with UTF8SMTPS id Q1;\n\t$D\n" \
	--by mx.example.net --hide-client --helo laptop --addr 192.0.2.1 --utf8 --tls \
	--tls-version TLSv1.3 --tls-cipher TLS_AES_128_GCM_SHA256 --no-tls-clause --id Q1 $T
# shellcheck disable=SC2086
ok "Received: from unknown\n\tby [192.0.2.25] ([192.0.2.25]) with ESMTPS\n\ttls TLS_AES_128_GCM_SHA256;\n\t$D\n" \
	--by '[192.0.2.25]' --tls --tls-cipher TLS_AES_128_GCM_SHA256 --no-tls-comment $T

# default time and zone: a field all the same
checks=$((checks + 1))
run --by mx.example.net
if [ "$rc" -ne 0 ] || ! head -n 1 "$tmp/out" | grep -q '^Received: from unknown$' ||
	[ "$(wc -l <"$tmp/out")" -ne 3 ]; then
	fail "compose with default time: exit $rc, '$(cat "$tmp/out")'"
fi

# --help
checks=$((checks + 1))
run --help
if [ "$rc" -ne 0 ] || ! grep -q '^usage: rcvd compose ' "$tmp/out"; then
	fail "compose --help: exit $rc"
fi

# invalid trusted input: exit 1
refused --by 'bad_host.example' $T
refused --by mx.example.net --id 'a b' $T
refused --by mx.example.net --addr 300.1.2.3 $T
refused --by mx.example.net --addr example.com $T
refused --by mx.example.net --time -2208988801 --zone +0000
refused --by mx.example.net --time 253402300800 --zone +0000
refused --by mx.example.net --time -9223372036854775808 --zone +0000

# usage errors: exit 2
usage
usage --helo x
usage --by
usage --by mx.example.net --greeting smtp
usage --by mx.example.net --zone +2400
usage --by mx.example.net --zone 0000
usage --by mx.example.net --rcpt-count x
usage --by mx.example.net --rcpt-count -1
usage --by mx.example.net --tls-bits 4294967296
usage --by mx.example.net --time 12ab
usage --by mx.example.net --bogus
usage --by mx.example.net stray
usage --by mx.example.net --by mx2.example.net

echo "$checks checks, $failures failed"
[ "$failures" -eq 0 ]
