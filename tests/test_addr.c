/* test_addr.c -- IP text parsing and RFC 5952 output, Domain and
 * address-literal checks (src/addr.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "guard.h"
#include "internal.h"

/* in: the text; out: canonical text, or NULL when it must be refused. */
struct norm_case {
	const char *in;
	const char *out;
};

static const struct norm_case norm_cases[] = {
	/* IPv4 */
	{"192.0.2.1", "192.0.2.1"},
	{"0.0.0.0", "0.0.0.0"},
	{"255.255.255.255", "255.255.255.255"},
	{"10.0.0.10", "10.0.0.10"},
	{"256.0.0.1", NULL},
	{"1.2.3.999", NULL},
	{"01.2.3.4", NULL},
	{"1.2.3.04", NULL},
	{"1.2.3.000", NULL},
	{"1.2.3", NULL},
	{"1.2.3.4.5", NULL},
	{"1.2.3.", NULL},
	{".1.2.3", NULL},
	{"1..2.3", NULL},
	{"1.2.3.4 ", NULL},
	{" 1.2.3.4", NULL},
	{"1.2.3.1234", NULL},
	{"1.2.3.a", NULL},
	{"0x1.2.3.4", NULL},
	{"1.2.3.4%eth0", NULL},
	{"+1.2.3.4", NULL},
	/* IPv6, full and compressed, RFC 4291 2.2 examples */
	{"2001:DB8:0:0:8:800:200C:417A", "2001:db8::8:800:200c:417a"},
	{"FF01:0:0:0:0:0:0:101", "ff01::101"},
	{"0:0:0:0:0:0:0:1", "::1"},
	{"0:0:0:0:0:0:0:0", "::"},
	{"::", "::"},
	{"::1", "::1"},
	{"1::", "1::"},
	{"2001:DB8::8:800:200C:417A", "2001:db8::8:800:200c:417a"},
	{"0:0:0:0:0:0:13.1.68.3", "::d01:4403"},
	{"::13.1.68.3", "::d01:4403"},
	{"0:0:0:0:0:FFFF:129.144.52.38", "129.144.52.38"},
	{"::FFFF:129.144.52.38", "129.144.52.38"},
	{"::ffff:c000:201", "192.0.2.1"},
	{"::ffff:0:0", "0.0.0.0"},
	{"::fffe:1.2.3.4", "::fffe:102:304"},
	{"64:ff9b::192.0.2.33", "64:ff9b::c000:221"},
	{"1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"},
	{"1:2:3:4:5::1.2.3.4", "1:2:3:4:5:0:102:304"},
	/* RFC 5952 section 4 */
	{"2001:db8:0:0:0:0:2:1", "2001:db8::2:1"},
	{"2001:0db8::0001", "2001:db8::1"},
	{"2001:db8::0:1", "2001:db8::1"},
	{"2001:db8::1:1:1:1:1", "2001:db8:0:1:1:1:1:1"},
	{"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},
	{"2001:0:0:1:0:0:0:1", "2001:0:0:1::1"},
	{"2001:db8::aaaa:0:0:1", "2001:db8::aaaa:0:0:1"},
	{"2001:DB8::AAAA", "2001:db8::aaaa"},
	{"2001:db8:aaaa:bbbb:cccc:dddd:eeee:0001", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1"},
	{"2001:db8:aaaa:bbbb:cccc:dddd::1", "2001:db8:aaaa:bbbb:cccc:dddd:0:1"},
	{"0:1:0:1:0:1:0:1", "0:1:0:1:0:1:0:1"},
	{"1:0:0:2:0:0:3:4", "1::2:0:0:3:4"},
	{"1:0:0:2:0:0:0:4", "1:0:0:2::4"},
	{"0:0:1:0:0:0:0:0", "0:0:1::"},
	{"fe80:0000:0000:0000:0204:61ff:fe9d:f156", "fe80::204:61ff:fe9d:f156"},
	/* zone ids */
	{"fe80::1%eth0", "fe80::1"},
	{"fe80::1%25", "fe80::1"},
	{"fe80::1%", NULL},
	{"fe80::1%et h0", NULL},
	{"fe80::1%eth\x01", NULL},
	{"::ffff:1.2.3.4%1", "1.2.3.4"},
	/* brackets and tags */
	{"[192.0.2.1]", "192.0.2.1"},
	{"[::1]", "::1"},
	{"[IPv6:2001:DB8::1]", "2001:db8::1"},
	{"[ipv6:2001:db8::1]", "2001:db8::1"},
	{"IPV6:2001:db8::1", "2001:db8::1"},
	{"IPv6:::ffff:1.2.3.4", "1.2.3.4"},
	{"[IPv6:fe80::1%eth0]", "fe80::1"},
	{"[IPv6:1.2.3.4]", NULL},
	{"IPv6:1.2.3.4", NULL},
	{"[IPv4:1.2.3.4]", NULL},
	{"[1.2.3.4", NULL},
	{"1.2.3.4]", NULL},
	{"[[::1]]", NULL},
	{"[]", NULL},
	{"[IPv6:]", NULL},
	/* malformed IPv6 */
	{":", NULL},
	{":::", NULL},
	{"1:2", NULL},
	{":1::2", NULL},
	{"1::2:", NULL},
	{"1:::2", NULL},
	{"1::2::3", NULL},
	{"1:2:3:4:5:6:7", NULL},
	{"1:2:3:4:5:6:7:8:9", NULL},
	{"1:2:3:4:5:6:7:8::", NULL},
	{"::1:2:3:4:5:6:7:8", NULL},
	{"1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"},
	{"::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"},
	{"12345::1", NULL},
	{"g::1", NULL},
	{"1:2:3:4:5:6:7:1.2.3.4", NULL},
	{"::1.2.3", NULL},
	{"::1.2.3.4:1", NULL},
	{"::01.2.3.4", NULL},
	{"1.2.3.4::", NULL},
	{"::ffff:256.1.1.1", NULL},
	{" ::1", NULL},
	{"::1 ", NULL},
	/* garbage */
	{"", NULL},
	{"localhost", NULL},
	{"example.com", NULL},
	{"1", NULL},
	{"1.2.3.4\n", NULL},
};

static void test_normalize_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof norm_cases / sizeof norm_cases[0]; i++) {
		const struct norm_case *c = &norm_cases[i];
		char buf[RCVD_ADDR_MAX];
		size_t len = 12345;
		int rc;

		memset(buf, 'x', sizeof buf);
		rc = rcvd_addr_normalize(c->in, strlen(c->in), buf, sizeof buf, &len);
		if (c->out == NULL) {
			if (rc != RCVD_E_ADDRESS)
				fail_msg("accepted \"%s\" as \"%s\"", c->in, buf);
			assert_string_equal(buf, "");
			assert_int_equal(len, 0);
		} else {
			if (rc != RCVD_OK)
				fail_msg("refused \"%s\": %d", c->in, rc);
			assert_string_equal(buf, c->out);
			assert_int_equal(len, strlen(c->out));
		}
	}
}

/* An embedded NUL ends nothing: the length rules. */
static void test_normalize_nul(void **state)
{
	char buf[RCVD_ADDR_MAX];

	(void)state;
	assert_int_equal(rcvd_addr_normalize("1.2.3.4\0", 8, buf, sizeof buf, NULL),
	                 RCVD_E_ADDRESS);
	assert_int_equal(rcvd_addr_normalize("1.2.3.4\0junk", 7, buf, sizeof buf, NULL),
	                 RCVD_OK);
	assert_string_equal(buf, "1.2.3.4");
	assert_int_equal(rcvd_addr_normalize("::1%e\0", 6, buf, sizeof buf, NULL),
	                 RCVD_E_ADDRESS);
}

static void test_normalize_args(void **state)
{
	char buf[8] = "zzz";
	size_t len = 99;

	(void)state;
	assert_int_equal(rcvd_addr_normalize(NULL, 3, buf, sizeof buf, &len), RCVD_E_ARG);
	assert_int_equal(rcvd_addr_normalize("::1", 3, NULL, 4, &len), RCVD_E_ARG);
	assert_int_equal(rcvd_addr_normalize(NULL, 0, buf, sizeof buf, &len), RCVD_E_ADDRESS);
	assert_string_equal(buf, "");
	/* cap 0: only the length, buf untouched and may be NULL */
	assert_int_equal(rcvd_addr_normalize("::1", 3, NULL, 0, &len), RCVD_E_NOSPACE);
	assert_int_equal(len, 3);
}

/* Every capacity from 0 to one past the need, for the longest outputs. */
static void test_normalize_capacity(void **state)
{
	static const char *const ins[] = {
		"1111:2222:3333:4444:5555:6666:7777:8888",
		"255.255.255.255",
		"::",
		"0.0.0.0",
	};
	size_t k;

	(void)state;
	for (k = 0; k < sizeof ins / sizeof ins[0]; k++) {
		size_t need = strlen(ins[k]), cap;

		for (cap = 0; cap <= need + 1; cap++) {
			void *h = NULL;
			/* ends on an inaccessible page: buf[cap] faults */
			char *buf = guard_alloc(cap, &h);
			size_t len = 0;
			int rc;

			assert_non_null(buf);
			memset(buf, 'x', cap);
			rc = rcvd_addr_normalize(ins[k], need, cap > 0 ? buf : NULL, cap, &len);
			assert_int_equal(len, need);
			if (cap > need) {
				assert_int_equal(rc, RCVD_OK);
				assert_string_equal(buf, ins[k]);
			} else {
				assert_int_equal(rc, RCVD_E_NOSPACE);
				if (cap > 0)
					assert_int_equal(buf[0], '\0');
			}
			rc = rcvd_addr_normalize("junk", 4, cap > 0 ? buf : NULL, cap, &len);
			assert_int_equal(rc, RCVD_E_ADDRESS);
			guard_free(h);
		}
	}
}

/* The longest text rcvd_i_ip_format can make fits RCVD_ADDR_MAX. */
static void test_format_bounds(void **state)
{
	struct rcvd_i_ip ip;
	char out[RCVD_ADDR_MAX];
	int i;

	(void)state;
	memset(&ip, 0, sizeof ip);
	ip.v6 = 1;
	for (i = 0; i < 16; i++)
		ip.b[i] = (unsigned char)(i % 2 == 0 ? 0xab : 0xcd + i);
	assert_int_equal(rcvd_i_ip_format(&ip, out), 39);
	assert_string_equal(out, "abce:abd0:abd2:abd4:abd6:abd8:abda:abdc");
	memset(ip.b, 0, sizeof ip.b);
	assert_int_equal(rcvd_i_ip_format(&ip, out), 2);
	assert_string_equal(out, "::");
	ip.v6 = 0;
	memset(ip.b, 255, 4);
	assert_int_equal(rcvd_i_ip_format(&ip, out), 15);
	assert_string_equal(out, "255.255.255.255");
}

static void test_ip_parse_bytes(void **state)
{
	static const unsigned char want[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
	                                       0, 0, 0, 0, 0, 0, 0, 0x01};
	struct rcvd_i_ip ip;

	(void)state;
	assert_int_equal(rcvd_i_ip_parse("2001:db8::1", 11, &ip), 0);
	assert_int_equal(ip.v6, 1);
	assert_memory_equal(ip.b, want, 16);
	assert_int_equal(rcvd_i_ip_parse("192.0.2.7", 9, &ip), 0);
	assert_int_equal(ip.v6, 0);
	assert_int_equal(ip.b[0], 192);
	assert_int_equal(ip.b[3], 7);
	assert_int_equal(rcvd_i_ip_parse("::ffff:192.0.2.7", 16, &ip), 0);
	assert_int_equal(ip.v6, 0);
	assert_int_equal(ip.b[0], 192);
	assert_int_equal(ip.b[3], 7);
	assert_int_equal(rcvd_i_ip_parse("[::1]", 5, &ip), -1);
	assert_int_equal(rcvd_i_ip_parse("IPv6:::1", 8, &ip), -1);
	assert_int_equal(rcvd_i_ip_parse(NULL, 0, &ip), -1);
	assert_int_equal(rcvd_i_ip_parse("::1", 3, NULL), -1);
}

/* Every 16-bit pattern of zero and non-zero groups: parse(format(x)) == x
 * and the text is the RFC 5952 form. */
static void test_v6_roundtrip(void **state)
{
	unsigned mask;

	(void)state;
	for (mask = 0; mask < 256; mask++) {
		struct rcvd_i_ip ip, back;
		char out[RCVD_ADDR_MAX];
		size_t n;
		int i, best = 0, run = 0;

		memset(&ip, 0, sizeof ip);
		ip.v6 = 1;
		for (i = 0; i < 8; i++)
			if (mask & (1u << i))
				ip.b[2 * i + 1] = (unsigned char)(i + 1);
		/* the v4-mapped prefix is never produced by mask values with
		 * group 5 (0xffff) set, so every case stays IPv6 */
		n = rcvd_i_ip_format(&ip, out);
		assert_int_equal(n, strlen(out));
		assert_int_equal(rcvd_i_ip_parse(out, n, &back), 0);
		assert_int_equal(back.v6, 1);
		assert_memory_equal(back.b, ip.b, 16);
		for (i = 0; i < 8; i++) {
			run = (mask & (1u << i)) ? 0 : run + 1;
			if (run > best)
				best = run;
		}
		/* "::" appears exactly when some run of zeros is 2+ long */
		assert_int_equal(strstr(out, "::") != NULL, best >= 2);
		assert_null(strstr(out, ":::"));
	}
}

struct ok_case {
	const char *s;
	int ascii; /* expected with utf8 == 0 */
	int utf8;  /* expected with utf8 != 0 */
};

static const struct ok_case domain_cases[] = {
	{"example.com", 1, 1},
	{"a", 1, 1},
	{"A-1.b2.C", 1, 1},
	{"1.2.3.4", 1, 1}, /* RFC 5321 grammar: digits are Let-dig */
	{"xn--bcher-kva.example", 1, 1},
	{"a--b.example", 1, 1},
	{"-a.example", 0, 0},
	{"a-.example", 0, 0},
	{"a.-b", 0, 0},
	{"a.b-", 0, 0},
	{"-", 0, 0},
	{"", 0, 0},
	{".", 0, 0},
	{".example", 0, 0},
	{"example.", 0, 0},
	{"a..b", 0, 0},
	{"a_b.example", 0, 0},
	{"a b", 0, 0},
	{"exa\0mple", 0, 0},
	{"[1.2.3.4]", 0, 0},
	{"b\xc3\xbc" "cher.example", 0, 1},          /* U+00FC */
	{"\xe4\xbe\x8b\xe3\x81\x88.\xe3\x83\x86\xe3\x82\xb9\xe3\x83\x88", 0, 1},
	{"\xf0\x9f\x98\x80.example", 0, 1},          /* U+1F600 */
	{"\xf4\x8f\xbf\xbd.example", 0, 1},          /* U+10FFFD */
	{"-\xc3\xbc.example", 0, 0},
	{"\xc3\xbc-.example", 0, 0},
	{"\xc3.example", 0, 0},                      /* truncated */
	{"\xc3\xbc\xbc.example", 0, 0},              /* stray continuation */
	{"\xc0\xaf.example", 0, 0},                  /* overlong '/' */
	{"\xc1\xbf.example", 0, 0},                  /* overlong */
	{"\xe0\x80\xaf.example", 0, 0},              /* overlong */
	{"\xf0\x80\x80\xaf.example", 0, 0},          /* overlong */
	{"\xed\xa0\x80.example", 0, 0},              /* surrogate U+D800 */
	{"\xed\xbf\xbf.example", 0, 0},              /* surrogate U+DFFF */
	{"\xf4\x90\x80\x80.example", 0, 0},          /* U+110000 */
	{"\xf5\x80\x80\x80.example", 0, 0},
	{"\xff.example", 0, 0},
	{"\x80.example", 0, 0},
	{"a\xc2\x85" "b.example", 0, 0},             /* U+0085 NEL */
	{"a\xc2\xa0" "b.example", 0, 0},             /* U+00A0 NBSP */
	{"a\xe2\x80\x8b" "b.example", 0, 0},         /* U+200B zero width */
	{"a\xe2\x80\xae" "b.example", 0, 0},         /* U+202E RLO */
	{"a\xe2\x81\xa6" "b.example", 0, 0},         /* U+2066 LRI */
	{"a\xe3\x80\x80" "b.example", 0, 0},         /* U+3000 */
	{"a\xef\xbb\xbf" "b.example", 0, 0},         /* U+FEFF */
	{"a\xf3\xa0\x80\x81" "b.example", 0, 0},     /* U+E0001 tag */
};

static void test_domain_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof domain_cases / sizeof domain_cases[0]; i++) {
		const struct ok_case *c = &domain_cases[i];
		size_t n = strlen(c->s);

		if (strcmp(c->s, "exa") == 0)
			n = 8; /* the entry with a NUL inside */
		if (rcvd_i_domain_ok(c->s, n, 0) != c->ascii)
			fail_msg("domain_ok(\"%s\", ascii) != %d", c->s, c->ascii);
		if (rcvd_i_domain_ok(c->s, n, 1) != c->utf8)
			fail_msg("domain_ok(\"%s\", utf8) != %d", c->s, c->utf8);
	}
	assert_int_equal(rcvd_i_domain_ok(NULL, 0, 1), 0);
	assert_int_equal(rcvd_i_domain_ok(NULL, 5, 1), 0);
}

/* Label and total length limits, in octets. */
static void test_domain_lengths(void **state)
{
	char s[400];
	size_t i;

	(void)state;
	memset(s, 'a', sizeof s);
	assert_int_equal(rcvd_i_domain_ok(s, 63, 0), 1);
	assert_int_equal(rcvd_i_domain_ok(s, 64, 0), 0);
	assert_int_equal(rcvd_i_domain_ok(s, 300, 0), 0);
	/* 63 + 1 + 63 + 1 + 63 + 1 + 63 = 255 */
	for (i = 63; i < 255; i += 64)
		s[i] = '.';
	assert_int_equal(rcvd_i_domain_ok(s, 255, 0), 1);
	s[255] = 'a';
	assert_int_equal(rcvd_i_domain_ok(s, 256, 0), 0);
	/* 256 with every label short */
	for (i = 0; i < 256; i++)
		s[i] = (i % 2 == 0) ? 'a' : '.';
	assert_int_equal(rcvd_i_domain_ok(s, 255, 0), 1);
	assert_int_equal(rcvd_i_domain_ok(s, 256, 0), 0); /* also ends in '.' */
	s[255] = 'b';
	s[256] = '\0';
	assert_int_equal(rcvd_i_domain_ok(s, 256, 0), 0);
	/* UTF-8 counts octets: 31 two-byte letters + 1 = 63 octets */
	for (i = 0; i < 62; i += 2) {
		s[i] = '\xc3';
		s[i + 1] = '\xa9';
	}
	s[62] = 'x';
	assert_int_equal(rcvd_i_domain_ok(s, 63, 1), 1);
	s[63] = 'y';
	assert_int_equal(rcvd_i_domain_ok(s, 64, 1), 0);
}

static const struct ok_case literal_cases[] = {
	{"[192.0.2.1]", 1, 1},
	{"[0.0.0.0]", 1, 1},
	{"[255.255.255.255]", 1, 1},
	{"[256.0.0.1]", 0, 0},
	{"[01.2.3.4]", 0, 0},
	{"[1.2.3]", 0, 0},
	{"192.0.2.1", 0, 0},
	{"[192.0.2.1", 0, 0},
	{"[ 192.0.2.1]", 0, 0},
	{"[IPv6:2001:db8::1]", 1, 1},
	{"[ipv6:2001:DB8::1]", 1, 1},
	{"[IPV6:::1]", 1, 1},
	{"[IPv6:::]", 1, 1},
	{"[IPv6:1:2:3:4:5:6:7:8]", 1, 1},
	{"[IPv6:1::5:6:7:8]", 1, 1},
	{"[IPv6:1:2:3:4:5:6::8]", 0, 0}, /* "::" for one group: not RFC 5321 */
	{"[IPv6:::ffff:192.0.2.1]", 1, 1},
	{"[IPv6:1:2:3:4::192.0.2.1]", 1, 1},
	{"[IPv6:1:2:3:4:5::192.0.2.1]", 0, 0},
	{"[IPv6:1:2:3:4:5:6:192.0.2.1]", 1, 1},
	{"[IPv6:fe80::1%eth0]", 0, 0},
	{"[IPv6:192.0.2.1]", 0, 0},
	{"[IPv6:]", 0, 0},
	{"[IPv6:junk]", 0, 0},
	{"[2001:db8::1]", 0, 0}, /* untagged IPv6, not a tag "2001" */
	{"[fe80::1]", 0, 0},
	{"[fe80::1%eth0]", 0, 0},
	{"[abc:def]", 1, 1},
	{"[::1]", 0, 0},
	{"[x-tag:anything-goes!~]", 1, 1},
	{"[X400:c=us;a=;p=x]", 1, 1},
	{"[tag:]", 0, 0},
	{"[:content]", 0, 0},
	{"[-tag-:x]", 0, 0},
	{"[t_g:x]", 0, 0},
	{"[tag:a b]", 0, 0},
	{"[tag:a[b]", 0, 0},
	{"[tag:a\\b]", 0, 0},
	{"[tag:\xc3\xa9]", 0, 0},
	{"[]", 0, 0},
	{"[", 0, 0},
	{"", 0, 0},
};

static void test_literal_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof literal_cases / sizeof literal_cases[0]; i++) {
		const struct ok_case *c = &literal_cases[i];

		if (rcvd_i_addr_literal_ok(c->s, strlen(c->s)) != c->ascii)
			fail_msg("addr_literal_ok(\"%s\") != %d", c->s, c->ascii);
	}
	assert_int_equal(rcvd_i_addr_literal_ok(NULL, 0), 0);
	assert_int_equal(rcvd_i_addr_literal_ok("[1.2.3.4]\0", 10), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize_table),
		cmocka_unit_test(test_normalize_nul),
		cmocka_unit_test(test_normalize_args),
		cmocka_unit_test(test_normalize_capacity),
		cmocka_unit_test(test_format_bounds),
		cmocka_unit_test(test_ip_parse_bytes),
		cmocka_unit_test(test_v6_roundtrip),
		cmocka_unit_test(test_domain_table),
		cmocka_unit_test(test_domain_lengths),
		cmocka_unit_test(test_literal_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
