/*
 * hostile_cases.c -- the hostile-input table (issue 3, section 6). Each row
 * names the untrusted field that gets the payload, the payload bytes with
 * their explicit length, and the session state and options.
 */
#include "hostile_cases.h"

#include <string.h>

#define P(lit) lit, sizeof lit - 1, NULL, 0
#define NULLP NULL, 0, NULL, 0
#define FILL(pat, k, lit) lit, sizeof lit - 1, pat, k

#define E RCVD_EHLO
#define H RCVD_HELO
#define L RCVD_LHLO
#define T RCVD_TLS
#define A RCVD_AUTH
#define U RCVD_UTF8

/* The reader-spoofing payloads, each tried in every untrusted field. */
#define SPOOF_ROWS(tgt, tag, g, f)                                              \
	{ tag " with ESMTPSA", tgt, P("x with ESMTPSA y"), g, f, 0 },               \
	{ tag " id FAKE", tgt, P("x id FAKE"), g, f, 0 },                           \
	{ tag " by evil.example", tgt, P("x by evil.example"), g, f, 0 },           \
	{ tag " (authenticated bits=0)", tgt, P("x (authenticated bits=0)"), g, f, 0 }, \
	{ tag " Authenticated sender:", tgt,                                        \
	  P("x) (Authenticated sender: evil) by evil.example (Postfix) with ESMTPSA id FAKE ("), \
	  g, f, 0 },                                                                \
	{ tag " [10.0.0.1]", tgt, P("[10.0.0.1]"), g, f, 0 },                       \
	{ tag " for <x@y>", tgt, P("x for <x@y>"), g, f, 0 }

const struct hostile_case hostile_cases[] = {
	{ "baseline EHLO", HC_NONE, NULLP, E, 0, 0 },
	{ "baseline ESMTPSA", HC_NONE, NULLP, E, T | A, 0 },

	/* ---- the greeting argument ---- */
	{ "helo parentheses", HC_HELO, P("a(b)c"), E, 0, 0 },
	{ "helo unbalanced (", HC_HELO, P("(unbalanced"), E, 0, 0 },
	{ "helo unbalanced )", HC_HELO, P("x) by evil.example ("), E, 0, 0 },
	{ "helo backslashes", HC_HELO, P("a\\b\\(c\\)\\"), E, 0, 0 },
	{ "helo quotes", HC_HELO, P("\"quoted\" 'single' `back`"), E, 0, 0 },
	{ "helo CRLF injection", HC_HELO, P("x\r\nX-Injected: 1"), E, 0, 0 },
	{ "helo lone CR", HC_HELO, P("x\rX-Injected: 1"), E, 0, 0 },
	{ "helo lone LF", HC_HELO, P("x\nX-Injected: 1"), E, 0, 0 },
	{ "helo empty line", HC_HELO, P("x\r\n\r\nbody"), E, 0, 0 },
	{ "helo folded continuation", HC_HELO, P("x\r\n\tcontinued"), E, 0, 0 },
	{ "helo NUL", HC_HELO, P("x\0y"), E, 0, 0 },
	{ "helo DEL", HC_HELO, P("x\x7fy"), E, 0, 0 },
	{ "helo ESC sequence", HC_HELO, P("\x1b[31mred"), E, 0, 0 },
	{ "helo TAB", HC_HELO, P("a\tb"), E, 0, 0 },
	{ "helo semicolon date", HC_HELO, P("x; Mon, 1 Jan 2001 00:00:00 +0000"), E, 0, 0 },
	{ "helo percent", HC_HELO, P("%41%"), E, 0, 0 },
	{ "helo cut mark", HC_HELO, P("a%.."), E, 0, 0 },
	{ "helo helo=", HC_HELO, P("helo=evil.example"), E, 0, 0 },
	{ "helo Exim", HC_HELO, P("x (Exim 4.96) with esmtpsa"), E, 0, 0 },
	{ "helo SMTPSVC", HC_HELO, P("x ([10.0.0.1]) by evil with Microsoft SMTPSVC"), E, 0, 0 },
	{ "helo 8-bit no SMTPUTF8", HC_HELO, P("caf\xc3\xa9.example"), E, 0, 0 },
	{ "helo 8-bit latin1", HC_HELO, P("caf\xe9"), E, U, 0 },
	{ "helo U-label SMTPUTF8", HC_HELO, P("b\xc3\xbc" "cher.example"), E, U, 0 },
	{ "helo U-label after HELO", HC_HELO, P("b\xc3\xbc" "cher.example"), H, U, 0 },
	{ "helo overlong C0 AF", HC_HELO, P("a\xc0\xaf" "b"), E, U, 0 },
	{ "helo overlong E0 80 AF", HC_HELO, P("a\xe0\x80\xaf" "b"), E, U, 0 },
	{ "helo surrogate ED A0 80", HC_HELO, P("a\xed\xa0\x80" "b"), E, U, 0 },
	{ "helo above U+10FFFF", HC_HELO, P("a\xf4\x90\x80\x80" "b"), E, U, 0 },
	{ "helo cut UTF-8", HC_HELO, P("a\xe2\x82"), E, U, 0 },
	{ "helo U+00A0", HC_HELO, P("a\xc2\xa0" "b"), E, U, 0 },
	{ "helo U+2003", HC_HELO, P("a\xe2\x80\x83" "b"), E, U, 0 },
	{ "helo U+3000", HC_HELO, P("a\xe3\x80\x80" "b"), E, U, 0 },
	{ "helo U+202E", HC_HELO, P("a\xe2\x80\xae" "b"), E, U, 0 },
	{ "helo U+2066", HC_HELO, P("a\xe2\x81\xa6" "b"), E, U, 0 },
	{ "helo U+200B", HC_HELO, P("a\xe2\x80\x8b" "b"), E, U, 0 },
	{ "helo U+FEFF", HC_HELO, P("\xef\xbb\xbf" "a"), E, U, 0 },
	{ "helo U+0604 (Cf)", HC_HELO, P("a\xd8\x84" "b"), E, U, 0 },
	{ "helo U+1D173 (Cf)", HC_HELO, P("a\xf0\x9d\x85\xb3" "b"), E, U, 0 },
	{ "helo U+0085", HC_HELO, P("a\xc2\x85" "b"), E, U, 0 },
	{ "helo U+2028", HC_HELO, P("a\xe2\x80\xa8" "b"), E, U, 0 },
	{ "helo 600 bytes", HC_HELO, FILL("a", 600, ""), E, 0, 0 },
	{ "helo 600 bytes spaced", HC_HELO, FILL(" ", 600, "x"), E, 0, 0 },
	{ "helo 600 percent", HC_HELO, FILL("%", 600, ""), E, 0, 0 },
	{ "helo 600 UTF-8", HC_HELO, FILL("\xc3\xa9", 300, ""), E, U, 0 },
	{ "helo 300-byte label", HC_HELO, FILL("a", 300, ".example"), E, 0, 0 },
	{ "helo 63-byte labels (valid)", HC_HELO,
	  P("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."
	    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb."
	    "ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc."
	    "example"), E, 0, 0 },
	{ "helo [1.2.3.4]", HC_HELO, P("[1.2.3.4]"), E, 0, 0 },
	{ "helo [IPv6:::1]", HC_HELO, P("[IPv6:::1]"), E, 0, 0 },
	{ "helo [IPv6:2001:db8::1]", HC_HELO, P("[IPv6:2001:db8::1]"), E, 0, 0 },
	{ "helo [1.2.3.4 unterminated", HC_HELO, P("[1.2.3.4"), E, 0, 0 },
	{ "helo [1.2.3.256]", HC_HELO, P("[1.2.3.256]"), E, 0, 0 },
	{ "helo untagged IPv6 literal", HC_HELO, P("[2001:db8::1]"), E, 0, 0 },
	{ "helo literal with zone", HC_HELO, P("[IPv6:fe80::1%eth0]"), E, 0, 0 },
	{ "helo trailing dot", HC_HELO, P("mail.example.com."), E, 0, 0 },
	{ "helo underscore", HC_HELO, P("my_host.example"), E, 0, 0 },
	{ "helo keyword id", HC_HELO, P("id"), E, 0, 0 },
	{ "helo keyword by", HC_HELO, P("by"), E, 0, 0 },
	{ "helo keyword with", HC_HELO, P("with"), E, 0, 0 },
	{ "helo keyword for", HC_HELO, P("for"), E, 0, 0 },
	{ "helo keyword ID upper", HC_HELO, P("ID"), E, 0, 0 },
	{ "helo ESMTPA", HC_HELO, P("ESMTPA"), E, 0, 0 },
	{ "helo empty", HC_HELO, P(""), E, 0, 0 },
	{ "helo NULL", HC_HELO, NULLP, E, 0, 0 },
	SPOOF_ROWS(HC_HELO, "helo", E, 0),
	{ "helo quoted local part", HC_HELO, P("\"a b\"@example.com"), E, 0, 0 },
	{ "helo literal, no client address", HC_HELO, P("[192.0.2.9]"), E, 0, 0 },

	/* ---- the reverse-DNS name ---- */
	{ "rdns trailing dot", HC_RDNS, P("mail.example.com."), E, 0, 0 },
	{ "rdns two trailing dots", HC_RDNS, P("mail.example.com.."), E, 0, 0 },
	{ "rdns only a dot", HC_RDNS, P("."), E, 0, 0 },
	{ "rdns parentheses", HC_RDNS, P("a(b).example"), E, 0, 0 },
	{ "rdns CRLF injection", HC_RDNS, P("x\r\nX-Injected: 1"), E, 0, 0 },
	{ "rdns NUL", HC_RDNS, P("mail\0.example"), E, 0, 0 },
	{ "rdns 300-byte label", HC_RDNS, FILL("b", 300, ".example"), E, 0, 0 },
	{ "rdns name and literal", HC_RDNS, P("evil.example [10.0.0.1]"), E, 0, 0 },
	{ "rdns U-label SMTPUTF8", HC_RDNS, P("b\xc3\xbc" "cher.example"), E, U, 0 },
	{ "rdns U-label no SMTPUTF8", HC_RDNS, P("b\xc3\xbc" "cher.example"), E, 0, 0 },
	{ "rdns keyword id", HC_RDNS, P("id"), E, 0, 0 },
	{ "rdns greeting word ehlO", HC_RDNS, P("ehlO"), E, 0, 0 },
	{ "rdns greeting word HELO", HC_RDNS, P("HELO"), E, 0, 0 },
	{ "rdns greeting word hello.", HC_RDNS, P("hello."), E, 0, 0 },
	{ "rdns TLS comment word using", HC_RDNS, P("using"), E, 0, 0 },
	{ "rdns mixed-case authenticated", HC_RDNS, P("autHentIcated"), E, 0, 0 },
	{ "rdns a dotted quad", HC_RDNS, P("19.0.4.22"), E, 0, 0 },
	{ "rdns numeric last label", HC_RDNS, P("host.example.123"), E, 0, 0 },
	{ "rdns Exim, greeting not a name", HC_RDNS, P("Exim.example"), E, 0, 0 },
	{ "rdns unknown", HC_RDNS, P("unknown"), E, 0, 0 },
	{ "rdns empty", HC_RDNS, P(""), E, 0, 0 },
	{ "rdns NULL", HC_RDNS, NULLP, E, 0, 0 },
	SPOOF_ROWS(HC_RDNS, "rdns", E, 0),

	/* ---- the client address (trusted, many spellings) ---- */
	{ "addr IPv6", HC_ADDR, P("2001:db8::1"), E, 0, 0 },
	{ "addr IPv6 long form", HC_ADDR, P("2001:0DB8:0000:0000:0000:0000:0000:0001"), E, 0, 0 },
	{ "addr IPv6 two zero runs", HC_ADDR, P("2001:db8:0:0:1:0:0:1"), E, 0, 0 },
	{ "addr IPv6 one zero group", HC_ADDR, P("2001:db8:0:1:1:1:1:1"), E, 0, 0 },
	{ "addr IPv6 loopback", HC_ADDR, P("::1"), E, 0, 0 },
	{ "addr v4-mapped", HC_ADDR, P("::ffff:192.0.2.7"), E, 0, 0 },
	{ "addr v4-mapped hex", HC_ADDR, P("::FFFF:c000:0207"), E, 0, 0 },
	{ "addr zone id", HC_ADDR, P("fe80::1%eth0"), E, 0, 0 },
	{ "addr bracketed tagged", HC_ADDR, P("[IPv6:2001:db8::2]"), E, 0, 0 },
	{ "addr bracketed IPv4", HC_ADDR, P("[198.51.100.3]"), E, 0, 0 },
	{ "addr NULL", HC_ADDR, NULLP, E, 0, 0 },

	/* ---- the envelope sender ---- */
	{ "sender null path", HC_SENDER, P("<>"), E, 0, 0 },
	{ "sender empty", HC_SENDER, P(""), E, 0, 0 },
	{ "sender NULL", HC_SENDER, NULLP, E, 0, 0 },
	{ "sender in brackets", HC_SENDER, P("<sender@example.org>"), E, 0, 0 },
	{ "sender quoted local part", HC_SENDER, P("\"a b\"@example.com"), E, 0, 0 },
	{ "sender breaks out of brackets", HC_SENDER, P("x@y> (authenticated bits=0) <z@w"), E, 0, 0 },
	{ "sender CRLF injection", HC_SENDER, P("x@y\r\nX-Injected: 1"), E, 0, 0 },
	{ "sender 300-byte local part", HC_SENDER, FILL("s", 300, "@example.org"), E, 0, 0 },
	{ "sender helo= local part", HC_SENDER, P("helo=evil@example.org"), E, 0, 0 },
	{ "sender UTF-8 SMTPUTF8", HC_SENDER, P("j\xc3\xb6rg@example.org"), E, U, 0 },
	{ "sender UTF-8 no SMTPUTF8", HC_SENDER, P("j\xc3\xb6rg@example.org"), E, 0, 0 },
	SPOOF_ROWS(HC_SENDER, "sender", E, 0),

	/* ---- the recipient ---- */
	{ "rcpt quoted local part", HC_RCPT, P("\"a b\"@example.com"), E, 0, 0 },
	{ "rcpt in brackets", HC_RCPT, P("<rcpt@example.net>"), E, 0, 0 },
	{ "rcpt id FAKE in brackets", HC_RCPT, P("<x@y> id FAKE"), E, 0, 0 },
	{ "rcpt CRLF injection", HC_RCPT, P("x@y\r\nX-Injected: 1"), E, 0, 0 },
	{ "rcpt empty", HC_RCPT, P(""), E, 0, 0 },
	{ "rcpt NULL", HC_RCPT, NULLP, E, 0, 0 },
	{ "rcpt UTF-8 SMTPUTF8", HC_RCPT, P("j\xc3\xb6rg@b\xc3\xbc" "cher.example"), E, U, 0 },
	{ "rcpt UTF-8 no SMTPUTF8", HC_RCPT, P("j\xc3\xb6rg@example.net"), E, 0, 0 },
	{ "rcpt 70-byte local part", HC_RCPT, FILL("r", 70, "@example.net"), E, 0, 0 },
	{ "rcpt helo= local part", HC_RCPT, P("helo=evil@example.net"), E, 0, 0 },
	{ "rcpt to a literal", HC_RCPT, P("rcpt@[192.0.2.44]"), E, 0, 0 },
	{ "rcpt Exim, greeting not a name", HC_RCPT, P("Exim@example.net"), E, 0, 0 },
	SPOOF_ROWS(HC_RCPT, "rcpt", E, 0),

	/* ---- the authenticated identity ---- */
	{ "identity CRLF injection", HC_IDENTITY, P("x\r\nX-Injected: 1"), E, A, 0 },
	{ "identity empty", HC_IDENTITY, P(""), E, A, 0 },
	{ "identity NULL", HC_IDENTITY, NULLP, E, A, 0 },
	{ "identity 600 bytes", HC_IDENTITY, FILL("i", 600, ""), E, A, 0 },
	{ "identity without AUTH", HC_IDENTITY, P("x (authenticated bits=0)"), E, 0, 0 },
	{ "identity UTF-8 bidi", HC_IDENTITY, P("admin\xe2\x80\xae" "gpj.exe"), E, A | U, 0 },
	{ "identity after HELO", HC_IDENTITY, P("x with ESMTPSA y"), H, A, 0 },
	{ "identity not shown", HC_IDENTITY, P("x with ESMTPSA y"), E, A, RCVD_O_HIDE_CLIENT },
	SPOOF_ROWS(HC_IDENTITY, "identity", E, T | A),

	/* ---- TLS strings ---- */
	{ "cipher OpenSSL name", HC_TLS_CIPHER, P("ECDHE-RSA-AES256-GCM-SHA384"), E, T, 0 },
	{ "cipher hex code", HC_TLS_CIPHER, P("0x1301"), E, T, 0 },
	{ "cipher CRLF injection", HC_TLS_CIPHER, P("TLS_X\r\nX-Injected: 1"), E, T, 0 },
	{ "cipher 600 bytes", HC_TLS_CIPHER, FILL("C", 600, ""), E, T, 0 },
	{ "cipher NULL", HC_TLS_CIPHER, NULLP, E, T, 0 },
	{ "version NULL", HC_TLS_VERSION, NULLP, E, T, 0 },
	{ "version keyword id", HC_TLS_VERSION, P("id"), E, T, 0 },
	{ "version authenticated", HC_TLS_VERSION, P("authenticated"), E, T, 0 },
	{ "cipher keyword id", HC_TLS_CIPHER, P("id"), E, T, 0 },
	{ "cipher keyword by", HC_TLS_CIPHER, P("by"), E, T, 0 },
	{ "version bits=0", HC_TLS_VERSION, P("TLSv1.3) (authenticated bits=0"), E, T, 0 },
	SPOOF_ROWS(HC_TLS_VERSION, "tls version", E, T),
	SPOOF_ROWS(HC_TLS_CIPHER, "tls cipher", E, T),

	/* ---- sessions and options around a hostile greeting ---- */
	{ "HELO session spoof", HC_HELO, P("x with ESMTPA y"), H, 0, 0 },
	{ "HELO + TLS + AUTH", HC_HELO, P("x with ESMTPA y"), H, T | A, 0 },
	{ "LHLO spoof", HC_HELO, P("x by evil.example"), L, T | A | U, 0 },
	{ "privacy mode spoof", HC_HELO, P("x id FAKE [10.0.0.1]"), E, T | A, RCVD_O_HIDE_CLIENT },
	{ "privacy mode rdns", HC_RDNS, P("evil.example"), E, 0, RCVD_O_HIDE_CLIENT },
	{ "CRLF output", HC_HELO, P("x\r\nX-Injected: 1"), E, T | A, RCVD_O_CRLF },
	{ "value only", HC_HELO, P("x\nX-Injected: 1"), E, T, RCVD_O_VALUE_ONLY },
	{ "value only CRLF", HC_SENDER, P("x\r\n\r\n"), E, 0, RCVD_O_VALUE_ONLY | RCVD_O_CRLF },
	{ "no TLS comment", HC_TLS_VERSION, P("x by evil.example"), E, T, RCVD_O_NO_TLS_COMMENT },
	{ "no tls clause", HC_TLS_CIPHER, P("TLS_AES_128_GCM_SHA256"), E, T, RCVD_O_NO_TLS_CLAUSE },
	{ "force FOR, 3 recipients", HC_RCPT, P("x for <x@y>"), E, 0, RCVD_O_FORCE_FOR },
};

const size_t hostile_cases_count = sizeof hostile_cases / sizeof hostile_cases[0];

void hostile_set_target(struct rcvd_info *info, enum hc_target t,
                        const char *p, size_t n)
{
	struct rcvd_span s;

	s.ptr = p;
	s.len = p == NULL ? 0 : n;
	switch (t) {
	case HC_HELO: info->helo = s; break;
	case HC_RDNS: info->rdns = s; break;
	case HC_ADDR: info->addr = s; break;
	case HC_SENDER: info->sender = s; break;
	case HC_RCPT: info->rcpt = s; break;
	case HC_IDENTITY: info->identity = s; break;
	case HC_TLS_VERSION: info->tls_version = s; break;
	case HC_TLS_CIPHER: info->tls_cipher = s; break;
	case HC_NONE: break;
	}
}

void hostile_setup(const struct hostile_case *hc, struct rcvd_info *info,
                   char *payload)
{
	size_t n = 0;

	rcvd_info_init(info);
	info->greeting = hc->greeting;
	info->flags = hc->flags;
	info->helo = rcvd_span_cstr(HC_BASE_HELO);
	info->rdns = rcvd_span_cstr(HC_BASE_RDNS);
	info->addr = rcvd_span_cstr(HC_BASE_ADDR);
	info->host = rcvd_span_cstr(HC_BASE_HOST);
	info->product = rcvd_span_cstr(HC_BASE_PRODUCT);
	info->id = rcvd_span_cstr(HC_BASE_ID);
	info->rcpt = rcvd_span_cstr(HC_BASE_RCPT);
	info->rcpt_count = 1;
	info->sender = rcvd_span_cstr(HC_BASE_SENDER);
	info->identity = rcvd_span_cstr(HC_BASE_IDENTITY);
	info->tls_version = rcvd_span_cstr(HC_BASE_TLS_VERSION);
	info->tls_cipher = rcvd_span_cstr(HC_BASE_TLS_CIPHER);
	info->tls_bits = HC_BASE_TLS_BITS;
	info->time = HC_BASE_TIME;
	info->offset = 0;
	info->options = HC_BASE_OPTIONS | hc->options;
	if (hc->options & RCVD_O_FORCE_FOR)
		info->rcpt_count = 3;
	if (strcmp(hc->name, "helo literal, no client address") == 0)
		info->addr = rcvd_span_cstr(NULL);
	if (strstr(hc->name, "greeting not a name") != NULL)
		info->helo = rcvd_span_cstr("bad helo");
	if (hc->target == HC_NONE)
		return;
	if (hc->bytes == NULL && hc->fill == NULL) {
		hostile_set_target(info, hc->target, NULL, 0);
		return;
	}
	if (hc->fill != NULL) {
		size_t k, pl = strlen(hc->fill);
		for (k = 0; k < hc->fill_reps; k++, n += pl)
			memcpy(payload + n, hc->fill, pl);
	}
	if (hc->len > 0)
		memcpy(payload + n, hc->bytes, hc->len);
	n += hc->len;
	hostile_set_target(info, hc->target, payload, n);
}
