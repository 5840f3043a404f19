/*
 * test_hostile.c -- hostile client input against rcvd_format(): the table
 * of tests/support/hostile_cases.c, every control byte and every 8-bit
 * byte in every untrusted field, the reader-spoofing payloads across
 * sessions and options, and seeded random bytes.
 *
 * For every field: status OK (hostile input never errors), needed ==
 * strlen, and hostile_verify(): valid under the independent RFC 5321
 * checker, lines <= 998 octets and <= 78 characters wherever a fold was
 * possible, exactly one field, the right FROM/BY/WITH/ID/FOR/tls/date
 * words at the top level, only the expected comments in their places, and
 * every piece of client text either absent or one encoded token that
 * decodes back to the input (or to a proper prefix, marked "%..").
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "hostile_cases.h"
#include "rcvd.h"

static char field[RCVD_FIELD_MAX];

/* Composes info and holds it to the oracle; prints the case on failure. */
static int run_one(const char *name, const struct rcvd_info *info)
{
	struct hostile_expect e;
	struct rcvd_report rep;
	size_t needed = 0;
	char why[512];
	int r;

	if (!hostile_expect(info, &e)) {
		print_error("%s: the oracle does not cover this info\n", name);
		return 0;
	}
	memset(field, 'X', sizeof field);
	r = rcvd_format(field, sizeof field, info, &needed, &rep);
	if (r != RCVD_OK) {
		print_error("%s: status %d (%s)\n", name, r, rcvd_strerror(r));
		return 0;
	}
	if (needed != strlen(field)) {
		print_error("%s: needed %zu, strlen %zu\n", name, needed, strlen(field));
		return 0;
	}
	if (!hostile_verify(field, needed, info, &e, &rep, why, sizeof why)) {
		print_error("%s: %s\n---\n%s\n---\n", name, why, field);
		return 0;
	}
	return 1;
}

static void test_table(void **state)
{
	static char payload[HOSTILE_PAYLOAD_MAX];
	struct rcvd_info info;
	size_t i, bad = 0;

	(void)state;
	assert_true(hostile_cases_count >= 80);
	for (i = 0; i < hostile_cases_count; i++) {
		hostile_setup(&hostile_cases[i], &info, payload);
		if (!run_one(hostile_cases[i].name, &info))
			bad++;
	}
	if (bad)
		print_error("%zu of %zu table rows failed\n", bad, hostile_cases_count);
	assert_int_equal(bad, 0);
}

static const enum hc_target text_targets[] = {
	HC_HELO, HC_RDNS, HC_SENDER, HC_RCPT, HC_IDENTITY, HC_TLS_VERSION, HC_TLS_CIPHER,
};
#define NTARGETS (sizeof text_targets / sizeof text_targets[0])

static void base_info(struct rcvd_info *info, enum rcvd_greeting g, unsigned f,
                      unsigned opt)
{
	static const struct hostile_case base = {
		"base", HC_NONE, NULL, 0, NULL, 0, RCVD_EHLO, 0, 0,
	};
	static char unused[HOSTILE_PAYLOAD_MAX];

	hostile_setup(&base, info, unused);
	info->greeting = g;
	info->flags = f;
	info->options |= opt;
}

/* Every C0 control byte and DEL, alone and between letters, in every
 * untrusted field. */
static void test_control_bytes(void **state)
{
	struct rcvd_info info;
	char p[3], name[64];
	size_t k, bad = 0, runs = 0;
	unsigned b, form;

	(void)state;
	for (k = 0; k < NTARGETS; k++) {
		for (b = 0; b <= 0x20; b++) {
			unsigned byte = b == 0x20 ? 0x7f : b;
			for (form = 0; form < 2; form++) {
				base_info(&info, RCVD_EHLO, RCVD_TLS | RCVD_AUTH, 0);
				p[0] = 'a';
				p[1] = (char)byte;
				p[2] = 'b';
				if (form == 0)
					hostile_set_target(&info, text_targets[k], p + 1, 1);
				else
					hostile_set_target(&info, text_targets[k], p, 3);
				snprintf(name, sizeof name, "target %u byte 0x%02x form %u",
				         (unsigned)text_targets[k], byte, form);
				runs++;
				if (!run_one(name, &info))
					bad++;
			}
		}
	}
	assert_int_equal(runs, NTARGETS * 33 * 2);
	assert_int_equal(bad, 0);
}

/* Every 8-bit byte alone, with and without SMTPUTF8: never well-formed
 * UTF-8 alone, so always encoded. */
static void test_8bit_bytes(void **state)
{
	struct rcvd_info info;
	char p[1], name[64];
	size_t k, bad = 0;
	unsigned b, u;

	(void)state;
	for (k = 0; k < NTARGETS; k++)
		for (u = 0; u < 2; u++)
			for (b = 0x80; b <= 0xff; b++) {
				base_info(&info, RCVD_EHLO, RCVD_TLS | RCVD_AUTH | (u ? RCVD_UTF8 : 0), 0);
				p[0] = (char)b;
				hostile_set_target(&info, text_targets[k], p, 1);
				snprintf(name, sizeof name, "target %u byte 0x%02x utf8 %u",
				         (unsigned)text_targets[k], b, u);
				if (!run_one(name, &info))
					bad++;
			}
	assert_int_equal(bad, 0);
}

static const char *const spoofs[] = {
	"x with ESMTPSA y",
	" with ESMTPSA ",
	"x id FAKE",
	" id FAKE ",
	"x by evil.example",
	" by evil.example ",
	"(authenticated bits=0)",
	"x (authenticated bits=0)",
	"Authenticated sender: evil",
	"x) (Authenticated sender: evil) by evil.example (Postfix) with ESMTPSA id FAKE (",
	"[10.0.0.1]",
	"x ([10.0.0.1]) by",
	"for <x@y>",
	"x for <x@y>",
	"\"a b\"@example.com",
	"\"x id FAKE\"@example.com",
};

/* Every spoofing payload in every untrusted field, under every greeting,
 * with and without TLS/AUTH/SMTPUTF8, in every output form. */
static void test_spoof_matrix(void **state)
{
	static const enum rcvd_greeting gs[] = { RCVD_HELO, RCVD_EHLO, RCVD_LHLO };
	static const unsigned fs[] = { 0, RCVD_TLS | RCVD_AUTH, RCVD_TLS | RCVD_AUTH | RCVD_UTF8,
	                               RCVD_AUTH, RCVD_TLS };
	static const unsigned os[] = { 0, RCVD_O_CRLF, RCVD_O_VALUE_ONLY, RCVD_O_HIDE_CLIENT,
	                               RCVD_O_NO_TLS_COMMENT | RCVD_O_FORCE_FOR };
	struct rcvd_info info;
	char name[160];
	size_t s, k, g, f, o, bad = 0, runs = 0;

	(void)state;
	for (s = 0; s < sizeof spoofs / sizeof spoofs[0]; s++)
		for (k = 0; k < NTARGETS; k++)
			for (g = 0; g < 3; g++)
				for (f = 0; f < 5; f++)
					for (o = 0; o < 5; o++) {
						base_info(&info, gs[g], fs[f], os[o]);
						hostile_set_target(&info, text_targets[k], spoofs[s],
						                   strlen(spoofs[s]));
						snprintf(name, sizeof name,
						         "spoof '%s' target %u greeting %d flags %u options %u",
						         spoofs[s], (unsigned)text_targets[k], (int)gs[g], fs[f],
						         os[o]);
						runs++;
						if (!run_one(name, &info))
							bad++;
					}
	print_message("spoof matrix: %zu fields, %zu failed\n", runs, bad);
	assert_int_equal(bad, 0);
}

/* xorshift64*, seeded: the same fields on every run. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

/* Random bytes biased towards the dangerous ones, in random fields and
 * sessions. */
static void test_random(void **state)
{
	static const char spice[] = "()[]<>;\"\\% \t\r\n=:,@.-_";
	static char p[NTARGETS][800];
	struct rcvd_info info;
	uint64_t seed = 0x5eed1234abcdull;
	char name[64];
	size_t it, bad = 0;

	(void)state;
	for (it = 0; it < 4000 && bad < 5; it++) {
		unsigned f = (unsigned)(rnd(&seed) % 8);
		enum rcvd_greeting g = (enum rcvd_greeting)(1 + rnd(&seed) % 3);
		unsigned opt = (unsigned)(rnd(&seed) % 64) &
		               (RCVD_O_CRLF | RCVD_O_VALUE_ONLY | RCVD_O_HIDE_CLIENT |
		                RCVD_O_NO_TLS_COMMENT | RCVD_O_NO_TLS_CLAUSE | RCVD_O_FORCE_FOR);
		size_t k;

		if (rnd(&seed) % 8 == 0)
			opt |= RCVD_O_HIDE_CLIENT;
		base_info(&info, g, f, opt);
		for (k = 0; k < NTARGETS; k++) {
			size_t len, j;
			uint64_t kind = rnd(&seed) % 4;
			if (kind == 0)
				continue; /* keep the baseline value */
			len = (size_t)(rnd(&seed) % (kind == 3 ? 700 : 40));
			for (j = 0; j < len; j++) {
				uint64_t x = rnd(&seed);
				switch (x % 4) {
				case 0:
					p[k][j] = spice[(x >> 8) % (sizeof spice - 1)];
					break;
				case 1:
					p[k][j] = (char)(0x80 + (x >> 8) % 0x80);
					break;
				case 2:
					p[k][j] = (char)((x >> 8) % 0x100);
					break;
				default:
					p[k][j] = (char)('a' + (x >> 8) % 26);
					break;
				}
			}
			hostile_set_target(&info, text_targets[k], rnd(&seed) % 16 ? p[k] : NULL,
			                   len);
		}
		snprintf(name, sizeof name, "random field %zu", it);
		if (!run_one(name, &info))
			bad++;
	}
	assert_int_equal(bad, 0);
}

/* The decoder the verifier relies on must itself reject what is not the
 * documented encoding, or the checks above would be hollow. */
static void test_decoder(void **state)
{
	static const struct {
		const char *t;
		int utf8;
		const char *out; /* NULL: must be rejected */
		int cut;
	} v[] = {
		{ "abc", 0, "abc", 0 },
		{ "a%20b", 0, "a b", 0 },
		{ "%25%00", 0, "%\0", 0 },
		{ "ab%..", 0, "ab", 1 },
		{ "a b", 0, NULL, 0 },
		{ "a(b", 0, NULL, 0 },
		{ "a=b", 0, NULL, 0 },
		{ "a%2", 0, NULL, 0 },
		{ "a%2g", 0, NULL, 0 },
		{ "a%2f", 0, NULL, 0 },
		{ "%..x", 0, NULL, 0 },
		{ "caf\xc3\xa9", 0, NULL, 0 },
		{ "caf\xc3\xa9", 1, "caf\xc3\xa9", 0 },
		{ "a\xe2\x80\xae" "b", 1, NULL, 0 },
		{ "a\xc2\xa0" "b", 1, NULL, 0 },
		{ "\xc0\xaf", 1, NULL, 0 },
	};
	char out[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof v / sizeof v[0]; i++) {
		int cut = -1;
		size_t n = hostile_decode(v[i].t, strlen(v[i].t), v[i].utf8, out, sizeof out, &cut);
		if (v[i].out == NULL) {
			assert_true(n == (size_t)-1);
		} else {
			size_t want = strlen(v[i].out) + (i == 2 ? 1u : 0u);
			assert_int_equal(n, want);
			assert_memory_equal(out, v[i].out, want);
			assert_int_equal(cut, v[i].cut);
		}
	}
}

/* The verifier must reject fields that break the rules: a hand-made
 * baseline field passes, and each mutation of it fails. */
static void test_verifier_rejects(void **state)
{
	static const char good[] =
	    "Received: from client.example.org (client-7.isp.example [192.0.2.1])\n"
	    "\tby mx.example.net (librcvd) with ESMTP id 4Qx7Zk1abc\n"
	    "\t(envelope-from <sender@example.org>)\n"
	    "\tfor <rcpt@example.net>;\n"
	    "\tSun, 29 Nov 2026 05:00:38 +0000\n";
	static const char *const mutants[] = {
		/* client text between FROM and BY */
		"Received: from client.example.org (client-7.isp.example [192.0.2.1])\n"
		"\t(x with ESMTPA y)\n"
		"\tby mx.example.net (librcvd) with ESMTP id 4Qx7Zk1abc\n"
		"\t(envelope-from <sender@example.org>)\n"
		"\tfor <rcpt@example.net>;\n"
		"\tSun, 29 Nov 2026 05:00:38 +0000\n",
		/* a second id */
		"Received: from client.example.org (client-7.isp.example [192.0.2.1])\n"
		"\tby mx.example.net (librcvd) with ESMTP id 4Qx7Zk1abc\n"
		"\t(envelope-from <x id FAKE>)\n"
		"\tfor <rcpt@example.net>;\n"
		"\tSun, 29 Nov 2026 05:00:38 +0000\n",
		/* wrong keyword */
		"Received: from client.example.org (client-7.isp.example [192.0.2.1])\n"
		"\tby mx.example.net (librcvd) with ESMTPA id 4Qx7Zk1abc\n"
		"\t(envelope-from <sender@example.org>)\n"
		"\tfor <rcpt@example.net>;\n"
		"\tSun, 29 Nov 2026 05:00:38 +0000\n",
		/* wrong date */
		"Received: from client.example.org (client-7.isp.example [192.0.2.1])\n"
		"\tby mx.example.net (librcvd) with ESMTP id 4Qx7Zk1abc\n"
		"\t(envelope-from <sender@example.org>)\n"
		"\tfor <rcpt@example.net>;\n"
		"\tSun, 29 Nov 2026 05:00:39 +0000\n",
		/* an injected header */
		"Received: from client.example.org (client-7.isp.example [192.0.2.1])\n"
		"\tby mx.example.net (librcvd) with ESMTP id 4Qx7Zk1abc\n"
		"X-Injected: 1\n"
		"\t(envelope-from <sender@example.org>)\n"
		"\tfor <rcpt@example.net>;\n"
		"\tSun, 29 Nov 2026 05:00:38 +0000\n",
		/* a fold missing where the line passes 78 */
		"Received: from client.example.org (client-7.isp.example [192.0.2.1]) by mx.example.net (librcvd) with ESMTP id 4Qx7Zk1abc\n"
		"\t(envelope-from <sender@example.org>)\n"
		"\tfor <rcpt@example.net>;\n"
		"\tSun, 29 Nov 2026 05:00:38 +0000\n",
		/* FOR lost */
		"Received: from client.example.org (client-7.isp.example [192.0.2.1])\n"
		"\tby mx.example.net (librcvd) with ESMTP id 4Qx7Zk1abc\n"
		"\t(envelope-from <sender@example.org>);\n"
		"\tSun, 29 Nov 2026 05:00:38 +0000\n",
	};
	struct rcvd_info info;
	struct hostile_expect e;
	char why[512];
	size_t i;

	(void)state;
	base_info(&info, RCVD_EHLO, 0, 0);
	assert_true(hostile_expect(&info, &e));
	if (!hostile_verify(good, strlen(good), &info, &e, NULL, why, sizeof why))
		fail_msg("hand-made field rejected: %s", why);
	for (i = 0; i < sizeof mutants / sizeof mutants[0]; i++) {
		if (hostile_verify(mutants[i], strlen(mutants[i]), &info, &e, NULL, why,
		                   sizeof why))
			fail_msg("mutant %zu accepted", i);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decoder),
		cmocka_unit_test(test_verifier_rejects),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_control_bytes),
		cmocka_unit_test(test_8bit_bytes),
		cmocka_unit_test(test_spoof_matrix),
		cmocka_unit_test(test_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
