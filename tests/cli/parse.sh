#!/bin/sh
# parse.sh RCVD -- `rcvd parse [--json] [FILE]` and `rcvd validate [FILE]`:
# table and JSON output, delays, exit statuses, usage and I/O errors.
# Every check runs; the script fails if any did, and says which.
set -u
rcvd=${1:?usage: parse.sh PATH-TO-RCVD}
tmp=${TMPDIR:-/tmp}/rcvd-cli-parse.$$
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT
failures=0
checks=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# expect_rc WANT NAME: compares $rc.
expect_rc() {
	checks=$((checks + 1))
	[ "$rc" -eq "$1" ] || fail "$2: exit $rc, want $1 ($(cat "$tmp/err"))"
}

# expect_out NAME: stdout equals $tmp/want.
expect_out() {
	checks=$((checks + 1))
	if ! cmp -s "$tmp/out" "$tmp/want"; then
		fail "$1: output differs:"
		diff "$tmp/want" "$tmp/out" | head -20
	fi
}

# A message: two hops, the top one 2 s after the bottom one, then a body
# holding something that looks like a field.
printf '%s\r\n' \
	'Return-Path: <s@example.org>' \
	'Received: from b.example (b.example [192.0.2.2])' \
	'	(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))' \
	'	by c.example (Postfix) with ESMTPSA id C1 for <u@example.net>;' \
	'	Sun, 29 Nov 2026 06:00:40 +0100' \
	'X-Folded: a' \
	' Received: from fake by fake; 1 Jan 2000 00:00 +0000' \
	'Received: from a.example ([192.0.2.1] helo=claimed) by b.example with esmtp' \
	'	id B1; 29 Nov 26 05:00:38 GMT' \
	'Subject: test' \
	'' \
	'Received: from body by body; 1 Jan 2000 00:00 +0000' >"$tmp/msg"

# --json: exact objects, one per line
"$rcvd" parse --json "$tmp/msg" >"$tmp/out" 2>"$tmp/err"; rc=$?
expect_rc 0 "parse --json msg"
cat >"$tmp/want" <<'JSON'
{"index":0,"from_name":"b.example","helo":null,"from_rdns":"b.example","from_addr":"192.0.2.2","by_name":"c.example","by_addr":null,"via":null,"with":"ESMTPSA","greeting":"ehlo","tls":true,"auth":true,"utf8":false,"registered":true,"id":"C1","for":"u@example.net","tls_version":"TLSv1.3","tls_cipher":"TLS_AES_256_GCM_SHA384","date":"Sun, 29 Nov 2026 06:00:40 +0100","epoch":1795928440,"offset":60,"delay":2,"strict":true,"error":null,"error_offset":null}
{"index":1,"from_name":"a.example","helo":"claimed","from_rdns":"a.example","from_addr":"192.0.2.1","by_name":"b.example","by_addr":null,"via":null,"with":"esmtp","greeting":"ehlo","tls":false,"auth":false,"utf8":false,"registered":true,"id":"B1","for":null,"tls_version":null,"tls_cipher":null,"date":"29 Nov 26 05:00:38 GMT","epoch":1795928438,"offset":0,"delay":null,"strict":false,"error":"two-digit year","error_offset":92}
JSON
expect_out "parse --json msg"

# table: header + one row per hop, delay and strict columns
"$rcvd" parse "$tmp/msg" >"$tmp/out" 2>"$tmp/err"; rc=$?
expect_rc 0 "parse msg"
checks=$((checks + 1))
[ "$(wc -l <"$tmp/out")" -eq 3 ] || fail "parse msg: want 3 lines, got $(wc -l <"$tmp/out")"
checks=$((checks + 1))
sed -n 2p "$tmp/out" | grep -q '^0   b.example .* 2 .* yes yes$' || fail "parse msg: row 0: $(sed -n 2p "$tmp/out")"
checks=$((checks + 1))
sed -n 3p "$tmp/out" | grep -q '^1   a.example .* none .* no  no$' || fail "parse msg: row 1: $(sed -n 3p "$tmp/out")"

# stdin, and a single field without its name
printf 'from x.example by y.example; Sun, 29 Nov 2026 05:00:38 +0000\n' |
	"$rcvd" parse --json >"$tmp/out" 2>"$tmp/err"; rc=$?
expect_rc 0 "parse --json stdin single"
checks=$((checks + 1))
grep -q '^{"index":0,"from_name":"x.example",.*"strict":true,"error":null,"error_offset":null}$' "$tmp/out" ||
	fail "parse single: $(cat "$tmp/out")"

# an address-literal FROM name gives from_addr when no TCP-info does
printf 'Received: from [192.0.2.9] (helo=x.example) by relay.example.net with esmtp id 1abc-000; Sun, 29 Nov 2026 04:59:58 +0000\n' |
	"$rcvd" parse --json >"$tmp/out" 2>"$tmp/err"; rc=$?
expect_rc 0 "parse --json literal name"
checks=$((checks + 1))
grep -q '^{"index":0,"from_name":"\[192.0.2.9\]","helo":"x.example","from_rdns":null,"from_addr":"192.0.2.9",' "$tmp/out" ||
	fail "parse literal name: $(cat "$tmp/out")"

# JSON escaping and U+FFFD for bytes that are not UTF-8; unknown zone null
printf 'Received: from a.example by b.example id "q\\"\t" (\377x); 1 Jan 2020 00:00 -0000\n' |
	"$rcvd" parse --json >"$tmp/out" 2>"$tmp/err"; rc=$?
expect_rc 0 "parse --json escapes"
checks=$((checks + 1))
grep -q '"id":"\\"q\\\\\\"\\t\\""' "$tmp/out" || fail "parse escapes: $(cat "$tmp/out")"
checks=$((checks + 1))
grep -q '"offset":null' "$tmp/out" || fail "parse unknown zone: $(cat "$tmp/out")"
printf 'Received: from a.example (\377) by b\377.example; 1 Jan 2020 00:00 +0000\n' |
	"$rcvd" parse --json >"$tmp/out" 2>"$tmp/err"; rc=$?
checks=$((checks + 1))
grep -q "\"by_name\":\"b$(printf '\357\277\275').example\"" "$tmp/out" || fail "parse U+FFFD: $(cat "$tmp/out")"

# no Received field: exit 1
printf 'Subject: nothing here\n\nbody\n' | "$rcvd" parse >"$tmp/out" 2>"$tmp/err"; rc=$?
expect_rc 1 "parse without fields"
printf '' | "$rcvd" parse --json >"$tmp/out" 2>"$tmp/err"; rc=$?
expect_rc 1 "parse empty input"

# usage and I/O errors
"$rcvd" parse --bogus >"$tmp/out" 2>"$tmp/err"; rc=$?
expect_rc 2 "parse --bogus"
"$rcvd" parse a b >"$tmp/out" 2>"$tmp/err"; rc=$?
expect_rc 2 "parse two files"
"$rcvd" parse "$tmp/does-not-exist" >"$tmp/out" 2>"$tmp/err"; rc=$?
expect_rc 3 "parse missing file"
"$rcvd" parse "$tmp" >"$tmp/out" 2>"$tmp/err"; rc=$?
expect_rc 3 "parse a directory"

# validate
"$rcvd" validate "$tmp/msg" >"$tmp/out" 2>"$tmp/err"; rc=$?
expect_rc 1 "validate msg"
printf '0: valid\n1: invalid at 92: two-digit year\n' >"$tmp/want"
expect_out "validate msg"
printf 'Received: from a.example by b.example; Sun, 29 Nov 2026 05:00:38 +0000\n' >"$tmp/one"
"$rcvd" validate <"$tmp/one" >"$tmp/out" 2>"$tmp/err"; rc=$?
expect_rc 0 "validate valid"
printf '0: valid\n' >"$tmp/want"
expect_out "validate valid"
printf 'Received: from [192.0.2.1] by b.example; Sun, 29 Nov 2026 05:00:38 +0000\n' |
	"$rcvd" validate >"$tmp/out" 2>"$tmp/err"; rc=$?
expect_rc 1 "validate literal without TCP-info"
printf '0: invalid at 26: address literal without TCP-info\n' >"$tmp/want"
expect_out "validate literal without TCP-info"
printf 'Received: garbage\n' | "$rcvd" validate >"$tmp/out" 2>"$tmp/err"; rc=$?
expect_rc 1 "validate garbage"
printf '0: invalid at 0: not a Received field\n' >"$tmp/want"
expect_out "validate garbage"
printf 'X: y\n\n' | "$rcvd" validate >"$tmp/out" 2>"$tmp/err"; rc=$?
expect_rc 1 "validate none"
"$rcvd" validate --bogus >"$tmp/out" 2>"$tmp/err"; rc=$?
expect_rc 2 "validate --bogus"
"$rcvd" validate "$tmp/does-not-exist" >"$tmp/out" 2>"$tmp/err"; rc=$?
expect_rc 3 "validate missing file"

# input above the 16 MiB bound is an I/O error, not a cut field
head -c 16777217 /dev/zero >"$tmp/big" 2>/dev/null
"$rcvd" validate "$tmp/big" >"$tmp/out" 2>"$tmp/err"; rc=$?
expect_rc 3 "validate 16 MiB + 1"

echo "cli_parse: $checks checks, $failures failed"
[ "$failures" -eq 0 ]
