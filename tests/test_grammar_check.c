/*
 * test_grammar_check.c -- the grammar checker that judges the composer must
 * itself be judged: it has to accept hand-written valid fields and reject
 * each kind of violation, or a green hostile-input test would prove
 * nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "rfc5321_check.h"

#define S(lit) lit, sizeof lit - 1

struct gcase {
	const char *text;
	size_t len;
	int utf8;
	const char *what;
};

#define D " Sun, 29 Nov 2026 05:00:38 +0000"

static const struct gcase valid_fields[] = {
	{ S("Received: from mail.example.org (mail.example.org [192.0.2.1])\r\n"
	    "\tby mx.example.net (librcvd) with ESMTP id 4Qx7Zk1abc;\r\n"
	    "\tSun, 29 Nov 2026 05:00:38 +0000\r\n"), 0, "Postfix style, CRLF" },
	{ S("Received: from mail.example.org (mail.example.org [192.0.2.1])\n"
	    "\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))\n"
	    "\t(authenticated as alice%40example.org)\n"
	    "\tby mx.example.net (librcvd) with ESMTPSA id 4Qx7Zk1abc\n"
	    "\t(helo=bad%20helo)\n"
	    "\t(envelope-from <a@example.org>)\n"
	    "\tfor <b@example.net> tls TLS_AES_256_GCM_SHA384;\n"
	    "\tSun, 29 Nov 2026 05:00:38 +0000\n"), 0, "every clause, LF" },
	{ S("from mail.example.org (unknown [192.0.2.1])\n"
	    "\tby mx.example.net with SMTP id ABCDEF;" D), 0, "value only" },
	{ S(" from a.example by b.example;" D), 0, "value with leading space" },
	{ S("Received: from [192.0.2.1] (unknown [192.0.2.1]) by mx.example.net"
	    " with ESMTP id ABCDEF;" D "\n"), 0, "address literal + TCP-info" },
	{ S("Received: from host.example ([192.0.2.1]) by mx.example.net;" D "\n"), 0,
	  "TCP-info = address literal alone" },
	{ S("Received: from x.example (unknown [IPv6:2001:db8::1]) by y.example;" D), 0,
	  "IPv6 compressed" },
	{ S("Received: from [IPv6:::1] (localhost [IPv6:::1]) by y.example;" D), 0,
	  "IPv6 loopback as FROM name" },
	{ S("Received: from x.example (unknown [IPv6:2001:db8:0:0:1:2:3:4]) by y.example;" D), 0,
	  "IPv6 full" },
	{ S("Received: from x.example (unknown [IPv6:::ffff:192.0.2.1]) by y.example;" D), 0,
	  "IPv6 v4-compressed" },
	{ S("Received: from x.example (unknown [IPv6:1:2:3:4:5:6:192.0.2.1]) by y.example;" D), 0,
	  "IPv6 v4-full" },
	{ S("Received: from x.example (unknown [IPv6:1::]) by y.example;" D), 0,
	  "IPv6 trailing ::" },
	{ S("Received: from x.example (unknown [x-tag:opaque.value]) by y.example;" D), 0,
	  "general address literal" },
	{ S("Received: from x.example (a (nested \\( comment) \\) here) by y.example;" D), 0,
	  "nested comment and quoted pairs" },
	{ S("Received: from x.example by y.example with ESMTP id <a.b@c.example>;" D), 0,
	  "msg-id as ID" },
	{ S("Received: from x.example by y.example with ESMTP id <a@[10.0.0.1]>;" D), 0,
	  "msg-id with literal right side" },
	{ S("Received: from x.example by y.example via TCP with ESMTP id ABC;" D), 0,
	  "VIA" },
	{ S("Received: from x.example by y.example for user@example.com;" D), 0,
	  "FOR with a bare mailbox" },
	{ S("Received: from x.example by y.example for <\"a b\"@example.com>;" D), 0,
	  "FOR with a quoted local part (valid, though the composer never writes it)" },
	{ S("Received: from x.example by y.example for <@r1.example,@r2.example:u@example.com>;" D), 0,
	  "FOR with a source route" },
	{ S("Received: from x.example by y.example for <u@[192.0.2.7]>;" D), 0,
	  "FOR to an address literal" },
	{ S("Received: from x.example by y.example tls 0x1301;" D), 0, "tls clause, hex code" },
	{ S("Received: from x.example by y.example with ESMTPS id A1B2C3 for <u@example.com>\n"
	    "\ttls TLS_AES_128_GCM_SHA256;" D), 0, "tls after FOR" },
	{ S("Received: from x.example by y.example; 1 Jan 2000 00:00 -0000"), 0,
	  "no day name, one-digit day, no seconds, -0000" },
	{ S("Received: from x.example by y.example; Thu, 29 Feb 2024 23:59:60 +1345"), 0,
	  "leap day, leap second, +1345" },
	{ S("Received: from x.example by y.example; Mon, 01 Jan 1900 00:00:00 +0000"), 0,
	  "first valid year" },
	{ S("Received: from x.example by y.example; sun, 29 nov 2026 05:00:38 -0330 (comment)"), 0,
	  "names in lower case, trailing comment" },
	{ S("Received: from x.example by y.example;" D " \n"), 0, "trailing WSP before break" },
	{ S("RECEIVED: FROM x.example BY y.example WITH esmtp ID abc;" D), 0,
	  "keywords in upper case" },
	{ S("Received: from x.example (unknown [192.0.2.1])\n"
	    " (a comment folded\n"
	    "  over two lines) by y.example;" D), 0, "fold inside a comment" },
	{ S("Received: from b\xc3\xbc" "cher.example (unknown [192.0.2.1]) by y.example\n"
	    "\t(helo=caf\xc3\xa9) for <j\xc3\xb6rg@b\xc3\xbc" "cher.example>;" D), 1,
	  "UTF-8 U-label, comment and mailbox under SMTPUTF8" },
	{ S("Received: from x.example (unknown [192.0.2.1]) by y.example (\xf0\x9f\x93\xa8);" D), 1,
	  "4-byte UTF-8 in a comment" },
	{ S("Received: from 1.2.3.4 (unknown [1.2.3.4]) by y.example;" D), 0,
	  "a numeric Domain is still a Domain" },
	/* Additional-Registered-Clauses = CFWS Atom FWS String: any Atom is a
	 * grammatical name (registration is a SHOULD, not grammar). */
	{ S("Received: from x.example by y.example xyz ABC;" D), 0, "unregistered clause" },
	{ S("Received: from x.example by y.example with ESMTP id ABC for <u@example.com>\n"
	    "\tX-Score \"4.2 (b; c)\" ;" D), 0, "unregistered clause, quoted value, after FOR" },
	{ S("Received: from x.example by y.example (c) xy-z!#$ 'v'/{} (d);" D), 0,
	  "unregistered clause, atext name and value, comments around" },
	/* A Standardized-tag is an Ldh-str, which may begin with a digit. */
	{ S("Received: from [09:.8.2.1] (unknown [09:.8.2.1]) by y.example;" D), 0,
	  "general literal, digit tag" },
	{ S("Received: from [ab:cd] (unknown [ab:cd]) by y.example;" D), 0,
	  "general literal, hex tag, content no IPv6 address" },
	{ S("Received: from [1:2:3] (unknown [1:2:3]) by y.example;" D), 0,
	  "general literal, three hex groups are no IPv6 address" },
	{ S("Received: from [-9:x] (unknown [-9:x]) by y.example;" D), 0,
	  "general literal, tag starting with a hyphen" },
	/* Snum = 1*3DIGIT, value at most 255: leading zeros allowed. */
	{ S("Received: from [010.1.2.1] (unknown [010.1.2.1]) by y.example;" D), 0,
	  "IPv4 literal, leading zero" },
	{ S("Received: from [000.001.002.255] (unknown [000.001.002.255]) by y.example;" D), 0,
	  "IPv4 literal, three-digit octets with zeros" },
	{ S("Received: from [IPv6:::ffff:010.1.2.1] (unknown [IPv6:::ffff:010.1.2.1]) by y.example;" D), 0,
	  "IPv6 literal with a leading-zero IPv4 tail" },
	/* RFC 5322 zone = ("+" / "-") 4DIGIT; only the minutes are bounded. */
	{ S("Received: from x.example by y.example; 29 Nov 2026 05:00:38 +2400"), 0, "zone +2400" },
	{ S("Received: from x.example by y.example; 29 Nov 2026 05:00:38 -9959"), 0, "zone -9959" },
	{ S("Received: from x.example by y.example; 29 Nov 2026 05:00:38 +9900"), 0, "zone +9900" },
};

/* Each must be rejected; off is the expected error offset, or -1. */
struct bcase {
	const char *text;
	size_t len;
	int utf8;
	long off;
	const char *what;
};

static const struct bcase invalid_fields[] = {
	{ S(""), 0, -1, "empty" },
	{ S("Received: from x.example;" D), 0, -1, "no BY" },
	{ S("Received: by y.example;" D), 0, -1, "no FROM" },
	{ S("Received: from x.example by y.example" D), 0, -1, "no ';'" },
	{ S("Received: from x.example by y.example;"), 0, -1, "no date" },
	{ S("Received : from x.example by y.example;" D), 0, -1, "obsolete WSP before ':'" },
	{ S("Received: from x.example (a(b) by y.example;" D), 0, -1, "unbalanced comment" },
	{ S("Received: from x.example (a) b) by y.example;" D), 0, -1, "stray ')'" },
	{ S("Received: from x.example (a\\) by y.example;" D), 0, -1, "escaped close paren leaves comment open" },
	{ S("Received: from x.example (a\"b\\\x01) by y.example;" D), 0, 30, "control after a backslash" },
	{ S("Received: from x.example by y.example;" D "\r"), 0, 70, "bare CR at the end" },
	{ S("Received: from x\rexample by y.example;" D), 0, 16, "bare CR inside" },
	{ S("Received: from x.example\r\n by y.example;\n" D), 0, 40, "CRLF and LF mixed" },
	{ S("Received: from x.example by y.example;" D "\nX-Injected: 1\n"), 0, 71, "injected second field" },
	{ S("Received: from x.example\r\nX-Injected: 1\r\n by y.example;" D "\r\n"), 0, 26, "injected field mid-way" },
	{ S("Received: from x.example\n \n by y.example;" D), 0, 25, "white-space-only line" },
	{ S("Received: from x.example\n\n by y.example;" D), 0, 25, "empty line (end of header)" },
	{ S("Received: from x.example by y.example;" D "\n\n"), 0, -1, "two final breaks" },
	{ S("Received: from x.example (\x00) by y.example;" D), 0, 26, "NUL" },
	{ S("Received: from x.example (\x7f) by y.example;" D), 0, 26, "DEL" },
	{ S("Received: from x.example (\x1b[31m) by y.example;" D), 0, 26, "ESC" },
	{ S("Received: from x.example (\x0b) by y.example;" D), 0, 26, "VT" },
	{ S("Received: from x.example (caf\xc3\xa9) by y.example;" D), 0, 29, "8-bit outside SMTPUTF8" },
	{ S("Received: from x.example (\xc0\xaf) by y.example;" D), 1, 26, "overlong C0 AF" },
	{ S("Received: from x.example (\xe0\x80\xaf) by y.example;" D), 1, 26, "overlong E0 80 AF" },
	{ S("Received: from x.example (\xed\xa0\x80) by y.example;" D), 1, 26, "surrogate" },
	{ S("Received: from x.example (\xf4\x90\x80\x80) by y.example;" D), 1, 26, "above U+10FFFF" },
	{ S("Received: from x.example (\xc3) by y.example;" D), 1, 26, "cut sequence" },
	{ S("Received: from x.example (\x80) by y.example;" D), 1, 26, "lone continuation byte" },
	{ S("Received: from [1.2.3.256] (unknown [1.2.3.4]) by y.example;" D), 0, -1, "Snum > 255" },
	{ S("Received: from [1.2.3.4] (unknown [1.2.3.256]) by y.example;" D), 0, -1, "Snum > 255 in TCP-info" },
	{ S("Received: from [1.2.3.4] by y.example;" D), 0, -1, "literal without TCP-info" },
	{ S("Received: from [1.2.3.4] (garbage here) by y.example;" D), 0, -1, "literal with a comment, not TCP-info" },
	{ S("Received: from [2001:db8::1] (unknown [2001:db8::1]) by y.example;" D), 0, -1, "IPv6 without tag" },
	{ S("Received: from [IPv6:1::2::3] (x [IPv6:1::2::3]) by y.example;" D), 0, -1, "two ::" },
	{ S("Received: from [IPv6:1:2:3:4:5:6:7] (x [1.2.3.4]) by y.example;" D), 0, -1, "7 groups" },
	{ S("Received: from [IPv6:1:2:3:4:5:6:7::] (x [1.2.3.4]) by y.example;" D), 0, -1, "7 groups and ::" },
	{ S("Received: from [IPv6:12345::] (x [1.2.3.4]) by y.example;" D), 0, -1, "5-digit group" },
	{ S("Received: from [IPv6:1:2:3:4:5:6:7:8:9] (x [1.2.3.4]) by y.example;" D), 0, -1, "9 groups" },
	{ S("Received: from [IPv6:1:2:3:4:5:1.2.3.4] (x [1.2.3.4]) by y.example;" D), 0, -1, "v4-full with 5 groups" },
	{ S("Received: from mail..example by y.example;" D), 0, -1, "empty label" },
	{ S("Received: from -mail.example by y.example;" D), 0, -1, "leading hyphen" },
	{ S("Received: from mail-.example by y.example;" D), 0, -1, "trailing hyphen" },
	{ S("Received: from mail.example. by y.example;" D), 0, -1, "trailing dot" },
	{ S("Received: from a234567890123456789012345678901234567890123456789012345678901234.example by y.example;" D),
	  0, -1, "64-octet label" },
	{ S("Received: from x_y.example by y.example;" D), 0, -1, "underscore in a Domain" },
	{ S("Received: from b\xc3\xbc" "cher.example by y.example;" D), 0, -1, "U-label outside SMTPUTF8" },
	{ S("Received: from a\xe2\x80\xae" "b.example by y.example;" D), 1, -1, "bidi override in a U-label" },
	{ S("Received: from x.example by y.example; Mon, 29 Nov 2026 05:00:38 +0000"), 0, -1, "wrong day name" },
	{ S("Received: from x.example by y.example; Tue, 31 Nov 2026 05:00:38 +0000"), 0, -1, "31 November" },
	{ S("Received: from x.example by y.example; 29 Feb 2025 05:00:38 +0000"), 0, -1, "29 Feb in a common year" },
	{ S("Received: from x.example by y.example; 29 Feb 1900 05:00:38 +0000"), 0, -1, "1900 is not leap" },
	{ S("Received: from x.example by y.example; 29 Nov 2026 24:00:00 +0000"), 0, -1, "hour 24" },
	{ S("Received: from x.example by y.example; 29 Nov 2026 05:60:00 +0000"), 0, -1, "minute 60" },
	{ S("Received: from x.example by y.example; 29 Nov 2026 05:00:61 +0000"), 0, -1, "second 61" },
	{ S("Received: from x.example by y.example; 29 Nov 2026 05:00:38 +0060"), 0, -1, "zone minutes 60" },
	{ S("Received: from x.example by y.example; 29 Nov 2026 05:00:38 GMT"), 0, -1, "obsolete zone name" },
	{ S("Received: from x.example by y.example; 29 Nov 26 05:00:38 +0000"), 0, -1, "2-digit year" },
	{ S("Received: from x.example by y.example; 29 Nov 1899 05:00:38 +0000"), 0, -1, "year 1899" },
	{ S("Received: from x.example by y.example; 29 Nov 2026 5:00:38 +0000"), 0, -1, "1-digit hour" },
	{ S("Received: from x.example by y.example; 29 Nov 2026 05:00:38"), 0, -1, "no zone" },
	{ S("Received: from x.example by y.example; 29 Nov 2026 05:00:38 +00000"), 0, -1, "5-digit zone" },
	{ S("Received: from x.example by y.example; Sun,29 Nov 2026 05:00:38 +0000 x"), 0, -1, "text after the date" },
	{ S("Received: from x.example by y.example with (c);" D), 0, -1, "WITH without protocol" },
	{ S("Received: from x.example by y.example id <a@b;" D), 0, -1, "unterminated msg-id" },
	{ S("Received: from x.example by y.example for <a b@c.example>;" D), 0, -1, "space in local part" },
	{ S("Received: from x.example by y.example for <>;" D), 0, -1, "null path in FOR" },
	{ S("Received: from x.example by y.example for <\"a b\"@c.example;" D), 0, -1, "unterminated path" },
	{ S("Received: from x.example by y.example for <a@b.example> id ABC;" D), 0, -1, "FOR before ID" },
	{ S("Received: from x.example by y.example with ESMTP by z.example;" D), 0, -1, "second BY" },
	{ S("Received: from x.example by y.example tls ECDHE-RSA-AES256-GCM-SHA384;" D), 0, -1, "OpenSSL name in tls clause" },
	{ S("Received: from x.example by y.example tls A tls B;" D), 0, -1, "two tls clauses" },
	{ S("Received: from x.example by y.example xyz;" D), 0, -1, "additional clause without value" },
	{ S("Received: from x.example by y.example xyz <a@b.example>;" D), 0, -1,
	  "additional clause value neither Atom nor Quoted-string" },
	{ S("Received: from x.example by y.example xyz \"open;" D), 0, -1,
	  "additional clause, unterminated quoted value" },
	{ S("Received: from x.example by y.example xyz A abc B;" D), 0, -1,
	  "two additional clauses (the ABNF has one)" },
	{ S("Received: from x.example by y.example xyz A for <u@example.com>;" D), 0, -1,
	  "additional clause before FOR" },
	{ S("Received: from x.example by y.example with ESMTP via TCP;" D), 0, -1,
	  "VIA after WITH is VIA out of order, not an additional clause" },
	{ S("Received: from x.example by y.example for postmaster;" D), 0, -1,
	  "FOR with neither path nor mailbox is no additional clause \"for\"" },
	{ S("Received: from [09-:.8.2.1] (unknown [09-:.8.2.1]) by y.example;" D), 0, -1,
	  "general literal, tag ending in a hyphen" },
	{ S("Received: from [09:] (unknown [09:]) by y.example;" D), 0, -1,
	  "general literal, no dcontent" },
	{ S("Received: from [09:a\\b] (unknown [09:a\\b]) by y.example;" D), 0, -1,
	  "general literal, backslash in dcontent" },
	{ S("Received: from [0_9:a] (unknown [0_9:a]) by y.example;" D), 0, -1,
	  "general literal, '_' in the tag" },
	{ S("Received: from [1:2:3:4:5:6:7:8] (unknown [1:2:3:4:5:6:7:8]) by y.example;" D), 0, -1,
	  "IPv6 without tag, full form" },
	{ S("Received: from [1::2] (unknown [1::2]) by y.example;" D), 0, -1,
	  "IPv6 without tag, digit-only first group" },
	{ S("Received: from [0100.1.2.1] (unknown [0100.1.2.1]) by y.example;" D), 0, -1,
	  "IPv4 literal, four-digit octet" },
	{ S("Received: from [256.1.2.1] (unknown [256.1.2.1]) by y.example;" D), 0, -1,
	  "IPv4 literal, octet 256" },
	{ S("Received: from [010.1.2] (unknown [010.1.2]) by y.example;" D), 0, -1,
	  "IPv4 literal, three octets" },
	{ S("Received: from x.example by y.example; 29 Nov 2026 05:00:38 +2460"), 0, -1,
	  "zone +2460: minutes 60" },
	{ S("Received: from x.example by y.example; 29 Nov 2026 05:00:38 +240"), 0, -1,
	  "zone of three digits" },
	{ S("Received: from x.example by y.example with ESMTP id ABC (x;y);" D "(z"), 0, -1, "unterminated trailing comment" },
	{ S("from x.example by y.example;" D "\nReceived: from a by b;" D), 0, -1, "two fields" },
};

static void test_valid(void **state)
{
	size_t i, bad = 0;

	(void)state;
	for (i = 0; i < sizeof valid_fields / sizeof valid_fields[0]; i++) {
		const struct gcase *g = &valid_fields[i];
		size_t off = 99999;
		const char *why = "unset";
		if (!rfc5321_check(g->text, g->len, g->utf8, &off, &why)) {
			print_error("valid case %zu (%s) rejected at %zu: %s\n", i,
			            g->what, off, why ? why : "?");
			bad++;
		} else {
			assert_null(why);
		}
	}
	assert_int_equal(bad, 0);
}

static void test_invalid(void **state)
{
	size_t i, bad = 0;

	(void)state;
	for (i = 0; i < sizeof invalid_fields / sizeof invalid_fields[0]; i++) {
		const struct bcase *b = &invalid_fields[i];
		size_t off = 99999;
		const char *why = NULL;
		if (rfc5321_check(b->text, b->len, b->utf8, &off, &why)) {
			print_error("invalid case %zu (%s) accepted\n", i, b->what);
			bad++;
			continue;
		}
		if (why == NULL || off > b->len) {
			print_error("invalid case %zu (%s): no reason or offset %zu\n", i,
			            b->what, off);
			bad++;
		}
		if (b->off >= 0 && off != (size_t)b->off) {
			print_error("invalid case %zu (%s): offset %zu, want %ld (%s)\n", i,
			            b->what, off, b->off, why);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* Every byte value inside a comment: only the ones RFC 5322 allows pass
 * (UTF-8 allowed, yet a lone 8-bit octet is never well-formed). */
static void test_every_byte_in_comment(void **state)
{
	char f[128];
	unsigned b;
	int accepted = 0;

	(void)state;
	for (b = 0; b < 256; b++) {
		int want, got;
		size_t n;
		memcpy(f, "Received: from x.example (a", 27);
		f[27] = (char)b;
		memcpy(f + 28, "b) by y.example;" D, 16 + sizeof D - 1);
		n = 28 + 16 + sizeof D - 1;
		/* "\\b" is a quoted-pair, so only the parentheses fail */
		want = (b >= 0x21 && b <= 0x7e && b != '(' && b != ')') ||
		       b == ' ' || b == '\t';
		got = rfc5321_check(f, n, 1, NULL, NULL);
		if (got != want)
			print_error("byte 0x%02x: got %d want %d\n", b, got, want);
		assert_int_equal(got, want);
		accepted += got;
	}
	assert_int_equal(accepted, 94 - 2 + 2);
}

static void test_line_limit(void **state)
{
	static char f[1200];
	size_t pre = 26, n, k, fill;
	int ok;

	(void)state;
	/* A comment that makes the first line exactly 998, then 999 octets. */
	for (k = 0; k < 2; k++) {
		const char *tail = ") by y.example;" D;
		size_t tl = strlen(") by y.example;");
		memcpy(f, "Received: from x.example (", pre);
		fill = 998 - pre - tl + k;
		memset(f + pre, 'a', fill);
		memcpy(f + pre + fill, tail, strlen(tail));
		n = pre + fill + strlen(tail);
		/* fold the date onto its own line so only line 1 grows */
		f[pre + fill + tl] = '\n';
		memmove(f + pre + fill + tl + 1, D, sizeof D - 1);
		n = pre + fill + tl + 1 + sizeof D - 1;
		ok = rfc5321_check(f, n, 0, NULL, NULL);
		assert_int_equal(ok, k == 0);
		{
			size_t mo = 0, mc = 0;
			rfc5321_line_stats(f, n, &mo, &mc);
			assert_int_equal(mo, 998 + k);
			assert_int_equal(mc, 998 + k);
		}
	}
}

static void test_line_stats_utf8(void **state)
{
	static const char f[] = "ab\n\t\xc3\xa9\xe2\x82\xac\r\nxyz";
	size_t mo = 0, mc = 0;

	(void)state;
	rfc5321_line_stats(f, sizeof f - 1, &mo, &mc);
	assert_int_equal(mo, 6);
	assert_int_equal(mc, 3);
}

struct tok {
	const char *s;
	size_t n;
	int utf8;
	int domain, literal, mailbox;
};

static const struct tok tokens[] = {
	{ S("mail.example.com"), 0, 1, 0, 0 },
	{ S("localhost"), 0, 1, 0, 0 },
	{ S("mail.example.com."), 0, 0, 0, 0 },
	{ S("a_b.example"), 0, 0, 0, 0 },
	{ S(""), 0, 0, 0, 0 },
	{ S("[192.0.2.1]"), 0, 0, 1, 0 },
	{ S("[IPv6:::1]"), 0, 0, 1, 0 },
	{ S("[ipv6:2001:DB8::1]"), 0, 0, 1, 0 },
	{ S("[IPv6:fe80::1%eth0]"), 0, 0, 0, 0 },
	{ S("[10.0.0.1"), 0, 0, 0, 0 },
	{ S("[010.000.0.01]"), 0, 0, 1, 0 },
	{ S("[09:.8.2.1]"), 0, 0, 1, 0 },
	{ S("[1:2:3:4:5:6:7:8]"), 0, 0, 0, 0 },
	{ S("[1:2:3:4:5:6:7:8:9]"), 0, 0, 1, 0 }, /* 9 groups: no IPv6-addr, so General */
	{ S("user@example.com"), 0, 0, 0, 1 },
	{ S("first.last+tag@example.com"), 0, 0, 0, 1 },
	{ S("u@[192.0.2.1]"), 0, 0, 0, 1 },
	{ S("\"a b\"@example.com"), 0, 0, 0, 0 },
	{ S("a..b@example.com"), 0, 0, 0, 0 },
	{ S(".a@example.com"), 0, 0, 0, 0 },
	{ S("a@example.com."), 0, 0, 0, 0 },
	{ S("a b@example.com"), 0, 0, 0, 0 },
	{ S("x@y"), 0, 0, 0, 1 },
	{ S("j\xc3\xb6rg@b\xc3\xbc" "cher.example"), 1, 0, 0, 1 },
	{ S("j\xc3\xb6rg@b\xc3\xbc" "cher.example"), 0, 0, 0, 0 },
	{ S("b\xc3\xbc" "cher.example"), 1, 1, 0, 0 },
	{ S("a\x00" "b.example"), 0, 0, 0, 0 },
	{ S("a\xc2\xa0" "b.example"), 1, 0, 0, 0 },
	{ S("a\xe2\x80\xae" "b@example.com"), 1, 0, 0, 0 },
	{ S("a\xe2\x80\x8b" "b.example"), 1, 0, 0, 0 },
	{ S("1234567890123456789012345678901234567890123456789012345678901234567890@x.example"),
	  0, 0, 0, 0 }, /* local part of 70 */
};

static void test_tokens(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof tokens / sizeof tokens[0]; i++) {
		const struct tok *t = &tokens[i];
		if (rfc5321_is_domain(t->s, t->n, t->utf8) != t->domain ||
		    rfc5321_is_address_literal(t->s, t->n) != t->literal ||
		    rfc5321_is_dot_mailbox(t->s, t->n, t->utf8) != t->mailbox)
			print_error("token %zu '%s'\n", i, t->s);
		assert_int_equal(rfc5321_is_domain(t->s, t->n, t->utf8), t->domain);
		assert_int_equal(rfc5321_is_address_literal(t->s, t->n), t->literal);
		assert_int_equal(rfc5321_is_dot_mailbox(t->s, t->n, t->utf8), t->mailbox);
	}
	assert_int_equal(rfc5321_is_domain(NULL, 0, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_every_byte_in_comment),
		cmocka_unit_test(test_line_limit),
		cmocka_unit_test(test_line_stats_utf8),
		cmocka_unit_test(test_tokens),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
