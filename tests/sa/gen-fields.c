/*
 * gen-fields.c -- writes composed Received fields, with what a correct
 * reader must find in them, for tests/sa/sa-relays.pl.
 *
 * Usage: sa_gen_fields OUT.tsv
 *
 * One record per line, tab-separated:
 *   name  ip  rdns  by  id  auth  privacy  field
 * ip is the client address as a reader reports it ("" when the field must
 * name none: privacy mode or no address); rdns is the verified name, ""
 * when the field says unknown; auth is 1 when a reader should conclude the
 * client authenticated: the WITH keyword says so (EHLO/LHLO + AUTH), or,
 * after HELO, the "(authenticated as ...)" comment does. field is the
 * whole field, "Received: " added to value-only output, escaped with
 * \\ \n \r \t and \xHH for other controls.
 *
 * Records: every row of the hostile table, seeded random session states,
 * and every spoofing payload in every untrusted field under every
 * greeting. The expectations come from the independent oracle in
 * tests/support/hostile_expect.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "hostile_cases.h"
#include "rcvd.h"

static size_t n_written, n_unverified;

static void put_escaped(FILE *f, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\\')
			fputs("\\\\", f);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\r')
			fputs("\\r", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02X", c);
		else
			fputc(c, f);
	}
}

/* The name goes into a TSV column and a message Subject: keep it plain. */
static void put_name(FILE *f, const char *name, size_t serial)
{
	const char *p;

	fprintf(f, "%04zu-", serial);
	for (p = name; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;
		fputc((c > 0x20 && c < 0x7f) ? c : '_', f);
	}
}

static int emit(FILE *f, const char *name, const struct rcvd_info *info)
{
	static char field[RCVD_FIELD_MAX];
	struct hostile_expect e;
	struct rcvd_report rep;
	size_t needed = 0;
	char why[512];
	int r;

	if (!hostile_expect(info, &e)) {
		fprintf(stderr, "%s: the oracle does not cover this info\n", name);
		return 0;
	}
	r = rcvd_format(field, sizeof field, info, &needed, &rep);
	if (r != RCVD_OK) {
		fprintf(stderr, "%s: rcvd_format: %s\n", name, rcvd_strerror(r));
		return 0;
	}
	if (!hostile_verify(field, needed, info, &e, &rep, why, sizeof why)) {
		/* test_hostile fails on these; here they still go to the reader */
		n_unverified++;
		fprintf(stderr, "note: %s: %s\n", name, why);
	}
	put_name(f, name, n_written);
	fputc('\t', f);
	fputs(e.privacy || !e.has_addr ? "" : e.addr_ip, f);
	fputc('\t', f);
	{
		const char *rd = e.rdns;
		/* a reader cannot tell a host named "unknown" from no name */
		size_t k;
		char low[8];
		for (k = 0; k < 7 && rd[k] != '\0'; k++)
			low[k] = (char)((rd[k] >= 'A' && rd[k] <= 'Z') ? rd[k] + 32 : rd[k]);
		low[k] = '\0';
		if (e.privacy || (k == 7 && rd[7] == '\0' && strcmp(low, "unknown") == 0))
			rd = "";
		put_escaped(f, rd, strlen(rd));
	}
	fputc('\t', f);
	put_escaped(f, info->host.ptr, info->host.len);
	fputc('\t', f);
	if (info->id.ptr != NULL)
		put_escaped(f, info->id.ptr, info->id.len);
	fprintf(f, "\t%d\t%d\t", e.reader_auth ? 1 : 0, e.privacy);
	if (info->options & RCVD_O_VALUE_ONLY)
		fputs("Received: ", f);
	put_escaped(f, field, needed);
	if (info->options & RCVD_O_VALUE_ONLY)
		fputs(info->options & RCVD_O_CRLF ? "\\r\\n" : "\\n", f);
	fputc('\n', f);
	n_written++;
	return 1;
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ull;
}

static const char *pick(const char *const *v, size_t n, uint64_t *s)
{
	return v[rnd(s) % n];
}

#define PICK(v, s) pick(v, sizeof v / sizeof v[0], s)

static const enum hc_target targets[] = {
	HC_HELO, HC_RDNS, HC_SENDER, HC_RCPT, HC_IDENTITY, HC_TLS_VERSION, HC_TLS_CIPHER,
};

static const char *const spoofs[] = {
	"x with ESMTPSA y",
	" with ESMTPA ",
	"x id FAKE",
	" id FAKEFAKE ",
	"x by evil.example",
	" by evil.example ",
	"(authenticated bits=0)",
	"x (authenticated bits=0)",
	"Authenticated sender: evil",
	"x) (Authenticated sender: evil) by evil.example (Postfix) with ESMTPSA id FAKE (",
	"[10.0.0.1]",
	"x ([10.0.0.1]) by evil.example",
	"for <x@y>",
	"x for <x@y>",
	"\"a b\"@example.com",
	"\"x id FAKE\"@example.com",
};

int main(int argc, char **argv)
{
	static char payload[HOSTILE_PAYLOAD_MAX];
	static const char *const helos[] = {
		"client.example.org", "mail.example.com", "[192.0.2.77]", "[IPv6:2001:db8::77]",
		"bad helo", "x with ESMTPA y", "localhost", "a(b)", "", NULL,
		"b\xc3\xbc" "cher.example", "host_name.example",
	};
	static const char *const rdnss[] = {
		"client-7.isp.example", "mail.example.com.", "unknown-host.example", "", NULL,
		"bad name", "b\xc3\xbc" "cher.example",
	};
	static const char *const addrs[] = {
		"192.0.2.1", "198.51.100.23", "203.0.113.200", "2001:db8::1", "2001:db8:0:0:1::5",
		"::ffff:192.0.2.9", "fe80::1%eth0", "10.1.2.3", "2001:db8:85a3::8a2e:370:7334",
	};
	static const char *const ids[] = {
		"4Qx7Zk1abc", "ABCDEF012345", "1k2J3h-000Abc-Zz", "<20261129050038.ABC@mx.example.net>",
		"qid-784512",
	};
	static const char *const versions[] = { "TLSv1.3", "TLSv1.2", "", NULL };
	static const char *const ciphers[] = {
		"TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
		"ECDHE-RSA-AES256-GCM-SHA384", "0x1301", NULL,
	};
	static const char *const people[] = {
		"alice@example.org", "bob", "\"q u\"@example.org", "<>", "", NULL, "x@y",
		"j\xc3\xb6rg@example.org",
	};
	static const char *const hosts[] = {
		"mx.example.net", "mail-in.example.com", "[198.51.100.254]",
	};
	static const struct hostile_case base = {
		"base", HC_NONE, NULL, 0, NULL, 0, RCVD_EHLO, 0, 0,
	};
	static const enum rcvd_greeting gs[] = { RCVD_HELO, RCVD_EHLO, RCVD_LHLO };
	static const unsigned fs[] = { 0, RCVD_TLS, RCVD_AUTH, RCVD_TLS | RCVD_AUTH,
	                               RCVD_TLS | RCVD_AUTH | RCVD_UTF8 };
	struct rcvd_info info;
	uint64_t seed = 0x5a5a1234c0ffeeull;
	char name[200];
	size_t i, s, k, g, f, bad = 0;
	FILE *out;

	if (argc != 2) {
		fprintf(stderr, "usage: %s OUT.tsv\n", argv[0]);
		return 2;
	}
	out = fopen(argv[1], "wb");
	if (out == NULL) {
		perror(argv[1]);
		return 1;
	}

	/* 1. the hostile table, with and without the product comment (the
	 * comment after BY steers which of SpamAssassin's rules parses it) */
	for (i = 0; i < 2 * hostile_cases_count; i++) {
		const struct hostile_case *hc = &hostile_cases[i % hostile_cases_count];
		hostile_setup(hc, &info, payload);
		if (i >= hostile_cases_count)
			info.product = rcvd_span_cstr(NULL);
		snprintf(name, sizeof name, "%s%s", hc->name,
		         i >= hostile_cases_count ? " (no product)" : "");
		if (!emit(out, name, &info))
			bad++;
	}

	/* 2. random session states */
	for (i = 0; i < 400; i++) {
		unsigned opt = 0;
		hostile_setup(&base, &info, payload);
		info.greeting = gs[rnd(&seed) % 3];
		info.flags = (unsigned)(rnd(&seed) % 8);
		info.helo = rcvd_span_cstr(PICK(helos, &seed));
		info.rdns = rcvd_span_cstr(PICK(rdnss, &seed));
		info.addr = rcvd_span_cstr(PICK(addrs, &seed));
		info.host = rcvd_span_cstr(PICK(hosts, &seed));
		info.id = rcvd_span_cstr(PICK(ids, &seed));
		info.tls_version = rcvd_span_cstr(PICK(versions, &seed));
		info.tls_cipher = rcvd_span_cstr(PICK(ciphers, &seed));
		info.tls_bits = rnd(&seed) % 4 == 0 ? 0u : 128u;
		info.sender = rcvd_span_cstr(PICK(people, &seed));
		info.rcpt = rcvd_span_cstr(PICK(people, &seed));
		info.identity = rcvd_span_cstr(PICK(people, &seed));
		info.rcpt_count = (size_t)(rnd(&seed) % 3);
		if (rnd(&seed) % 3 == 0)
			info.product = rcvd_span_cstr(NULL);
		info.time = HC_BASE_TIME + (int64_t)(rnd(&seed) % 100000000);
		if (rnd(&seed) % 2)
			opt |= RCVD_O_SHOW_AUTH;
		if (rnd(&seed) % 8 == 0)
			opt |= RCVD_O_HIDE_CLIENT;
		if (rnd(&seed) % 4 == 0)
			opt |= RCVD_O_CRLF;
		if (rnd(&seed) % 6 == 0)
			opt |= RCVD_O_VALUE_ONLY;
		if (rnd(&seed) % 6 == 0)
			opt |= RCVD_O_NO_TLS_COMMENT;
		if (rnd(&seed) % 6 == 0)
			opt |= RCVD_O_NO_TLS_CLAUSE;
		if (rnd(&seed) % 6 == 0)
			opt |= RCVD_O_FORCE_FOR;
		info.options = opt;
		snprintf(name, sizeof name, "random-%zu", i);
		if (!emit(out, name, &info))
			bad++;
	}

	/* 3. every spoofing payload in every untrusted field and greeting */
	for (s = 0; s < sizeof spoofs / sizeof spoofs[0]; s++)
		for (k = 0; k < sizeof targets / sizeof targets[0]; k++)
			for (g = 0; g < 3; g++)
				for (f = 0; f < sizeof fs / sizeof fs[0]; f++) {
					hostile_setup(&base, &info, payload);
					info.greeting = gs[g];
					info.flags = fs[f];
					hostile_set_target(&info, targets[k], spoofs[s], strlen(spoofs[s]));
					snprintf(name, sizeof name, "spoof-%zu-target%u-g%d-f%u", s,
					         (unsigned)targets[k], (int)gs[g], fs[f]);
					if (!emit(out, name, &info))
						bad++;
				}

	if (fclose(out) != 0) {
		perror(argv[1]);
		return 1;
	}
	fprintf(stderr, "sa_gen_fields: %zu fields written, %zu not composed, %zu failing"
	        " the verifier (see test_hostile)\n", n_written, bad, n_unverified);
	return bad == 0 ? 0 : 1;
}
