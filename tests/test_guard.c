/*
 * test_guard.c -- every function that writes into a caller's buffer, at
 * every capacity from 0 to needed + 1, with the buffer ending on a
 * PROT_NONE page (tests/support/guard.c): one byte written past cap is a
 * SIGSEGV, not a silent overrun. The same trick on the input side: every
 * (pointer, length) input is copied so that it ends on the guard page, so
 * a read past n faults too; the parser is fed every prefix of its fields
 * that way, so that no cut-off point can make it read on.
 *
 * Writers: rcvd_date, rcvd_addr_normalize, rcvd_format. Readers:
 * rcvd_parse, rcvd_iter_next, rcvd_keyword_decode, rcvd_addr_normalize,
 * rcvd_session_greeting and rcvd_session_auth.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "guard.h"
#include "rcvd.h"

/* (s, n) copied so that its last byte abuts the guard page. */
static const char *at_end(const char *s, size_t n, void **h)
{
	char *p = guard_alloc(n, h);

	assert_non_null(p);
	if (n > 0)
		memcpy(p, s, n);
	return p;
}

/* ---- rcvd_date ---- */

struct date_case {
	int64_t t;
	int offset;
	int status;
};

static const struct date_case date_cases[] = {
	{1795843238, 0, RCVD_OK},
	{1795843238, -330, RCVD_OK},
	{1795843238, RCVD_ZONE_UNKNOWN, RCVD_OK},
	{-2208988800LL, 0, RCVD_OK},
	{253402300799LL, 0, RCVD_OK},
	{253402300799LL, 1, RCVD_E_RANGE},
	{0, 1440, RCVD_E_ZONE},
};

static void test_date_capacities(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < sizeof date_cases / sizeof date_cases[0]; k++) {
		const struct date_case *c = &date_cases[k];
		char ref[RCVD_DATE_MAX];
		size_t need = 0, cap;
		int rc = rcvd_date(ref, sizeof ref, c->t, c->offset, &need);

		assert_int_equal(rc, c->status);
		if (rc == RCVD_OK)
			assert_int_equal(need, strlen(ref));
		else
			need = 31; /* sweep the same range for the errors */
		for (cap = 0; cap <= need + 1; cap++) {
			void *h = NULL;
			char *buf = guard_alloc(cap, &h);
			size_t len = 999;

			assert_non_null(buf);
			memset(buf, 'x', cap);
			rc = rcvd_date(cap > 0 ? buf : NULL, cap, c->t, c->offset, &len);
			if (c->status != RCVD_OK) {
				assert_int_equal(rc, c->status);
			} else if (cap > need) {
				assert_int_equal(rc, RCVD_OK);
				assert_int_equal(len, need);
				assert_memory_equal(buf, ref, need + 1);
			} else {
				assert_int_equal(rc, RCVD_E_NOSPACE);
				assert_int_equal(len, need);
			}
			if (rc != RCVD_OK && cap > 0)
				assert_int_equal(buf[0], '\0');
			/* A non-NULL buffer with cap 0 is never touched: buf is the
			 * guard page itself then. */
			if (cap == 0)
				assert_int_not_equal(rcvd_date(buf, 0, c->t, c->offset, NULL),
				                     RCVD_OK);
			guard_free(h);
		}
	}
}

/* ---- rcvd_addr_normalize ---- */

static const char *const addr_in[] = {
	"192.0.2.1",
	"255.255.255.255",
	"[IPv6:2001:DB8:0:0:0:0:0:1]",
	"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
	"1111:2222:3333:4444:5555:6666:7777:8888%somewhat-long-zone-name",
	"::ffff:192.0.2.7",
	"::",
	"fe80::1%eth0",
	"999.1.1.1",
	"",
	"[192.0.2.1",
};

static void test_addr_capacities(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < sizeof addr_in / sizeof addr_in[0]; k++) {
		size_t n = strlen(addr_in[k]), need = 0, cap;
		char ref[RCVD_ADDR_MAX];
		void *hin = NULL;
		const char *in = at_end(addr_in[k], n, &hin);
		int want = rcvd_addr_normalize(in, n, ref, sizeof ref, &need);

		assert_true(want == RCVD_OK || want == RCVD_E_ADDRESS);
		if (want != RCVD_OK)
			need = 8;
		for (cap = 0; cap <= need + 1; cap++) {
			void *h = NULL;
			char *buf = guard_alloc(cap, &h);
			size_t len = 999;
			int rc;

			assert_non_null(buf);
			memset(buf, 'x', cap);
			rc = rcvd_addr_normalize(in, n, cap > 0 ? buf : NULL, cap, &len);
			if (want != RCVD_OK) {
				assert_int_equal(rc, want);
			} else if (cap > need) {
				assert_int_equal(rc, RCVD_OK);
				assert_int_equal(len, need);
				assert_memory_equal(buf, ref, need + 1);
			} else {
				assert_int_equal(rc, RCVD_E_NOSPACE);
				assert_int_equal(len, need);
			}
			if (rc != RCVD_OK && cap > 0)
				assert_int_equal(buf[0], '\0');
			guard_free(h);
		}
		guard_free(hin);
	}
}

/* ---- rcvd_format ---- */

struct format_case {
	const char *name;
	const char *helo, *rdns, *addr, *host, *product, *id, *rcpt, *sender,
		*identity, *tls_version, *tls_cipher;
	enum rcvd_greeting greeting;
	unsigned flags, options;
};

#define LONG_TEXT \
	"0123456789 ()<>[];\"\\ \xc3\xa9\xe2\x80\xae 0123456789 0123456789 " \
	"0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 " \
	"0123456789 0123456789 0123456789 0123456789 0123456789 0123456789 "

static const struct format_case format_cases[] = {
	{"minimal", NULL, NULL, NULL, "mx.example.org", NULL, NULL, NULL, NULL,
	 NULL, NULL, NULL, RCVD_HELO, 0, 0},
	{"typical", "client.example", "client.example", "192.0.2.1",
	 "mx.example.org", "librcvd", "4Q1abc", "<user@example.org>",
	 "<s@example.net>", "user", "TLSv1.3", "TLS_AES_256_GCM_SHA384",
	 RCVD_EHLO, RCVD_TLS | RCVD_AUTH, RCVD_O_SHOW_AUTH},
	{"value-only-crlf", "[192.0.2.1]", NULL, "2001:db8::1",
	 "[IPv6:2001:db8::25]", NULL, "<a.b@mx.example.org>", NULL, "", NULL,
	 NULL, "0x1302", RCVD_LHLO, RCVD_TLS,
	 RCVD_O_VALUE_ONLY | RCVD_O_CRLF},
	{"hostile-utf8", LONG_TEXT LONG_TEXT, LONG_TEXT, "::ffff:192.0.2.7",
	 "mx.example.org", LONG_TEXT, "id", LONG_TEXT, LONG_TEXT, LONG_TEXT,
	 LONG_TEXT, LONG_TEXT, RCVD_EHLO, RCVD_TLS | RCVD_AUTH | RCVD_UTF8,
	 RCVD_O_SHOW_AUTH | RCVD_O_FORCE_FOR | RCVD_O_CRLF},
	{"hidden", LONG_TEXT, "x.example", "192.0.2.1", "mx.example.org", NULL,
	 NULL, "<u@example.org>", "<s@example.net>", "u", "TLSv1.2",
	 "TLS_AES_128_GCM_SHA256", RCVD_EHLO, RCVD_TLS | RCVD_AUTH,
	 RCVD_O_HIDE_CLIENT},
	{"bad-host", NULL, NULL, NULL, "not a host", NULL, NULL, NULL, NULL,
	 NULL, NULL, NULL, RCVD_EHLO, 0, 0},
	/* found by fuzz_compose: a TLS version cut at its budget, where the
	 * encoder writes ahead of the cut; it once wrote one byte past cap */
	{"cut-tls-version", NULL, NULL, NULL, "mx.example.org", NULL, NULL,
	 NULL, NULL, NULL,
	 "rrrrrr\x8e\x8d\x8d\x85rrrrrrrrr\x99.rrrrrrrrrr\xb2\xb2\xb2\xb2\xb2"
	 "\xb2\xb2\xb2\xb2\xb2\xb2\xb2\xb2\xb2\xb2\xb2\xb2\xb2",
	 NULL, RCVD_EHLO, RCVD_TLS, 0},
	/* every encoded item cut at its budget, each one near the end */
	{"cut-all", LONG_TEXT LONG_TEXT, NULL, "192.0.2.1", "mx.example.org",
	 LONG_TEXT, "4Q1abc", NULL, LONG_TEXT LONG_TEXT, LONG_TEXT, LONG_TEXT,
	 LONG_TEXT, RCVD_EHLO, RCVD_TLS | RCVD_AUTH, RCVD_O_SHOW_AUTH},
};

/* Every string of the case copied to the end of its own guard page. */
struct guarded_info {
	struct rcvd_info info;
	void *h[11];
};

static struct rcvd_span guarded(const char *s, void **h)
{
	struct rcvd_span sp = {NULL, 0};

	*h = NULL;
	if (s == NULL)
		return sp;
	sp.len = strlen(s);
	sp.ptr = at_end(s, sp.len, h);
	return sp;
}

static void guarded_info(struct guarded_info *g, const struct format_case *c)
{
	rcvd_info_init(&g->info);
	g->info.helo = guarded(c->helo, &g->h[0]);
	g->info.rdns = guarded(c->rdns, &g->h[1]);
	g->info.addr = guarded(c->addr, &g->h[2]);
	g->info.host = guarded(c->host, &g->h[3]);
	g->info.product = guarded(c->product, &g->h[4]);
	g->info.id = guarded(c->id, &g->h[5]);
	g->info.rcpt = guarded(c->rcpt, &g->h[6]);
	g->info.sender = guarded(c->sender, &g->h[7]);
	g->info.identity = guarded(c->identity, &g->h[8]);
	g->info.tls_version = guarded(c->tls_version, &g->h[9]);
	g->info.tls_cipher = guarded(c->tls_cipher, &g->h[10]);
	g->info.greeting = c->greeting;
	g->info.flags = c->flags;
	g->info.options = c->options;
	g->info.tls_bits = 256;
	g->info.time = 1795843238;
	g->info.offset = 60;
}

static void guarded_free(struct guarded_info *g)
{
	size_t i;

	for (i = 0; i < sizeof g->h / sizeof g->h[0]; i++)
		guard_free(g->h[i]);
}

static void test_format_capacities(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < sizeof format_cases / sizeof format_cases[0]; k++) {
		struct guarded_info g;
		char *ref = malloc(RCVD_FIELD_MAX);
		size_t need = 0, cap;
		int want;

		assert_non_null(ref);
		guarded_info(&g, &format_cases[k]);
		want = rcvd_format(ref, RCVD_FIELD_MAX, &g.info, &need, NULL);
		if (want != RCVD_OK && want != RCVD_E_HOST)
			fail_msg("%s: status %d", format_cases[k].name, want);
		if (want == RCVD_OK)
			assert_int_equal(need, strlen(ref));
		else
			need = 40;
		for (cap = 0; cap <= need + 1; cap++) {
			void *h = NULL;
			char *buf = guard_alloc(cap, &h);
			size_t len = 99999;
			int rc;

			assert_non_null(buf);
			memset(buf, 'x', cap);
			rc = rcvd_format(cap > 0 ? buf : NULL, cap, &g.info, &len, NULL);
			if (want != RCVD_OK) {
				assert_int_equal(rc, want);
			} else if (cap > need) {
				assert_int_equal(rc, RCVD_OK);
				assert_int_equal(len, need);
				assert_memory_equal(buf, ref, need + 1);
			} else {
				if (rc != RCVD_E_NOSPACE)
					fail_msg("%s: cap %zu of %zu: status %d",
					         format_cases[k].name, cap, need, rc);
				assert_int_equal(len, need);
			}
			if (rc != RCVD_OK && cap > 0)
				assert_int_equal(buf[0], '\0');
			guard_free(h);
		}
		guarded_free(&g);
		free(ref);
	}
}

/* ---- readers: every prefix of every field, ending on the guard page ---- */

static const char *const fields[] = {
	"Received: from client.example (client.example [192.0.2.1])\r\n"
	"\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))\r\n"
	"\tby mx.example.org (Postfix) with ESMTPSA id 4Q1abc\r\n"
	"\tfor <user@example.org> tls TLS_AES_256_GCM_SHA384;\r\n"
	"\tSun, 29 Nov 2026 05:00:38 +0000\r\n",
	"Received: from localhost ([127.0.0.1]:49019 helo=hummus.example)\n"
	" by hummus.example with esmtpsa (Exim 4.91) (envelope-from <a@b.example>)\n"
	" id 1fZ55o-0006DP-3H for xxx@example.com; Sat, 30 Jun 18 02:54:28 EST\n",
	"Received: (qmail 1234 invoked by uid 89); 1 Jan 2000 00:00:00 -0000",
	/* one string in two pieces (parenthesised for clang's
	 * -Wstring-concatenation) */
	("Received: from [IPv6:2001:db8::1] (\"quoted \\\" (x)\" [2001:db8::1]) by "
	 "2002:a05:6000:1a8e:b0:33e::1 with SMTP id x \"q\\"),
	"Received: from a (b (c (d) e) f) by g; Mon, 31 Feb 2020 25:61:61 +9999",
};

static void test_parse_prefixes(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < sizeof fields / sizeof fields[0]; k++) {
		size_t len = strlen(fields[k]), n;

		for (n = 0; n <= len; n++) {
			void *h = NULL;
			const char *p = at_end(fields[k], n, &h);
			struct rcvd_hop hop;
			int rc;

			rcvd_hop_init(&hop);
			rc = rcvd_parse(p, n, &hop, 0);
			assert_true(rc == RCVD_OK || rc == RCVD_E_SYNTAX);
			guard_free(h);
		}
	}
}

static void test_iter_prefixes(void **state)
{
	static const char block[] =
		"Return-Path: <a@b.example>\r\n"
		"Received: from a by b; Thu, 01 Jan 1970 00:00:00 +0000\r\n"
		"Received: by c\r\n\tid 1;\r\n Fri, 02 Jan 1970 00:00:00 +0100\r\n"
		"received:from d by e\n"
		"Subject: x\r\n\r\nReceived: body text\r\n";
	size_t len = sizeof block - 1, n;

	(void)state;
	for (n = 0; n <= len; n++) {
		void *h = NULL;
		const char *p = at_end(block, n, &h);
		struct rcvd_iter it;
		struct rcvd_span f;
		size_t count = 0;

		rcvd_iter_init(&it, p, n);
		while (rcvd_iter_next(&it, &f) == RCVD_OK) {
			assert_true(f.ptr >= p && f.ptr + f.len <= p + n);
			assert_true(++count <= 4);
		}
		if (n == len)
			assert_int_equal(count, 3);
		guard_free(h);
	}
}

static void test_keyword_prefixes(void **state)
{
	static const char *const words[] = {"UTF8ESMTPSA", "utf8lmtpsa", "MMS",
	                                    "ESMTPSAX"};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof words / sizeof words[0]; k++) {
		size_t len = strlen(words[k]), n;

		for (n = 0; n <= len; n++) {
			void *h = NULL;
			const char *p = at_end(words[k], n, &h);
			int rc = rcvd_keyword_decode(p, n, NULL, NULL);

			assert_true(rc == RCVD_OK || rc == RCVD_E_KEYWORD);
			guard_free(h);
		}
	}
}

static void test_addr_prefixes(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < sizeof addr_in / sizeof addr_in[0]; k++) {
		size_t len = strlen(addr_in[k]), n;

		for (n = 0; n <= len; n++) {
			void *h = NULL;
			const char *p = at_end(addr_in[k], n, &h);
			char out[RCVD_ADDR_MAX];
			int rc = rcvd_addr_normalize(p, n, out, sizeof out, NULL);

			assert_true(rc == RCVD_OK || rc == RCVD_E_ADDRESS);
			guard_free(h);
		}
	}
}

/* The session copies exactly n bytes of the argument and the identity,
 * at every length around its limits. */
static void test_session_copies(void **state)
{
	static const size_t lens[] = {0, 1, RCVD_SESSION_ID_MAX - 1,
	                              RCVD_SESSION_ID_MAX, RCVD_SESSION_ID_MAX + 1,
	                              RCVD_SESSION_ARG_MAX - 1, RCVD_SESSION_ARG_MAX,
	                              RCVD_SESSION_ARG_MAX + 1, 4096};
	char src[4096];
	size_t k;

	(void)state;
	memset(src, 'a', sizeof src);
	for (k = 0; k < sizeof lens / sizeof lens[0]; k++) {
		void *h1 = NULL, *h2 = NULL;
		const char *arg = at_end(src, lens[k], &h1);
		const char *id = at_end(src, lens[k], &h2);
		struct rcvd_session s;

		rcvd_session_init(&s);
		assert_int_equal(rcvd_session_connect(&s, 0), RCVD_OK);
		assert_int_equal(rcvd_session_greeting(&s, RCVD_EHLO, arg, lens[k]), RCVD_OK);
		assert_int_equal(rcvd_session_auth(&s, id, lens[k]), RCVD_OK);
		assert_int_equal(s.arg_len, lens[k] < RCVD_SESSION_ARG_MAX ? lens[k]
		                                                           : RCVD_SESSION_ARG_MAX);
		assert_int_equal(s.identity_len, lens[k] < RCVD_SESSION_ID_MAX ? lens[k]
		                                                               : RCVD_SESSION_ID_MAX);
		guard_free(h1);
		guard_free(h2);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_capacities),
		cmocka_unit_test(test_addr_capacities),
		cmocka_unit_test(test_format_capacities),
		cmocka_unit_test(test_parse_prefixes),
		cmocka_unit_test(test_iter_prefixes),
		cmocka_unit_test(test_keyword_prefixes),
		cmocka_unit_test(test_addr_prefixes),
		cmocka_unit_test(test_session_copies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
