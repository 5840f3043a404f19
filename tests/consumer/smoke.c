/*
 * smoke.c -- a consumer of librcvd that needs nothing but libc: every main
 * function once, with results checked. It is the program built against the
 * installed package (find_package and pkg-config), against the amalgamated
 * rcvd.c, under musl, and as a ctest ("smoke") everywhere else.
 *
 *   smoke            run the checks; exit 0 when all pass, 1 otherwise
 *   smoke --version  print rcvd_version() (for the versions check)
 */
#include <stdio.h>
#include <string.h>

#include "rcvd.h"

static int failures;

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "smoke: FAIL: %s\n", what);
		failures++;
	}
}

static int span_is(struct rcvd_span sp, const char *s)
{
	size_t n = strlen(s);
	return sp.ptr != NULL && sp.len == n && memcmp(sp.ptr, s, n) == 0;
}

static void keywords(void)
{
	enum rcvd_greeting g = RCVD_GREETING_NONE;
	unsigned flags = 0;
	const char *kw = rcvd_keyword(RCVD_EHLO, RCVD_TLS | RCVD_AUTH);

	check(kw != NULL && strcmp(kw, "ESMTPSA") == 0, "rcvd_keyword(EHLO, TLS|AUTH)");
	check(rcvd_keyword_decode("utf8lmtps", 9, &g, &flags) == RCVD_OK &&
	              g == RCVD_LHLO && flags == (RCVD_TLS | RCVD_UTF8),
	      "rcvd_keyword_decode(utf8lmtps)");
	check(rcvd_keyword_decode("ESMTPX", 6, &g, &flags) == RCVD_E_KEYWORD,
	      "rcvd_keyword_decode rejects ESMTPX");
}

static void session(void)
{
	struct rcvd_session s;
	const char *kw = NULL;

	rcvd_session_init(&s);
	check(rcvd_session_connect(&s, 0) == RCVD_OK, "connect");
	check(rcvd_session_greeting(&s, RCVD_EHLO, "client.example", 14) == RCVD_OK, "EHLO");
	check(rcvd_session_starttls(&s) == RCVD_OK, "STARTTLS");
	check(rcvd_session_keyword(&s, &kw) == RCVD_E_NOGREETING, "no greeting after STARTTLS");
	check(rcvd_session_greeting(&s, RCVD_EHLO, "client.example", 14) == RCVD_OK, "EHLO again");
	check(rcvd_session_auth(&s, "user", 4) == RCVD_OK, "AUTH");
	check(rcvd_session_mail(&s, 1) == RCVD_OK, "MAIL SMTPUTF8");
	check(rcvd_session_keyword(&s, &kw) == RCVD_OK && kw != NULL &&
	              strcmp(kw, "UTF8SMTPSA") == 0,
	      "session keyword UTF8SMTPSA");
}

static void dates(void)
{
	char buf[RCVD_DATE_MAX];
	size_t len = 0;

	check(rcvd_date(buf, sizeof buf, 0, 0, &len) == RCVD_OK &&
	              strcmp(buf, "Thu, 01 Jan 1970 00:00:00 +0000") == 0 && len == 31,
	      "rcvd_date(0, +0000)");
	check(rcvd_date(buf, sizeof buf, 1795237238, -330, &len) == RCVD_OK &&
	              strcmp(buf, "Fri, 20 Nov 2026 23:30:38 -0530") == 0,
	      "rcvd_date(1795237238, -0530)");
	check(rcvd_date(buf, 5, 0, 0, &len) == RCVD_E_NOSPACE && buf[0] == '\0' && len == 31,
	      "rcvd_date reports the size needed");
}

static void addresses(void)
{
	char buf[RCVD_ADDR_MAX];
	size_t len = 0;
	static const char in[] = "[IPv6:2001:DB8:0:0:0:0:0:1]";

	check(rcvd_addr_normalize(in, sizeof in - 1, buf, sizeof buf, &len) == RCVD_OK &&
	              strcmp(buf, "2001:db8::1") == 0 && len == 11,
	      "rcvd_addr_normalize(IPv6)");
}

/* Compose one field, read it back with the parser and the iterator. */
static void compose_and_parse(void)
{
	char field[RCVD_FIELD_MAX];
	char message[RCVD_FIELD_MAX + 64];
	size_t needed = 0;
	struct rcvd_info info;
	struct rcvd_hop hop;
	struct rcvd_iter it;
	struct rcvd_span sp;
	int n;

	rcvd_info_init(&info);
	info.greeting = RCVD_EHLO;
	info.flags = RCVD_TLS;
	info.helo = rcvd_span_cstr("client.example");
	info.addr = rcvd_span_cstr("192.0.2.7");
	info.host = rcvd_span_cstr("mx.example.net");
	info.id = rcvd_span_cstr("4Qx7Lm2Zk");
	info.rcpt = rcvd_span_cstr("<alice@example.net>");
	info.time = 1795237238;
	info.offset = 60;
	check(rcvd_format(field, sizeof field, &info, &needed, NULL) == RCVD_OK &&
	              needed == strlen(field) && strncmp(field, "Received: from ", 15) == 0,
	      "rcvd_format");
	check(rcvd_format(field, 10, &info, &needed, NULL) == RCVD_E_NOSPACE && field[0] == '\0',
	      "rcvd_format reports NOSPACE and leaves an empty string");
	check(rcvd_format(field, sizeof field, &info, &needed, NULL) == RCVD_OK, "rcvd_format again");

	rcvd_hop_init(&hop);
	check(rcvd_parse(field, strlen(field), &hop, 0) == RCVD_OK, "rcvd_parse");
	check((hop.flags & RCVD_H_STRICT) != 0, "composed field is strict-valid");
	check(span_is(hop.by_name, "mx.example.net"), "parsed BY");
	check(span_is(hop.with, "ESMTPS"), "parsed WITH");
	check(span_is(hop.id, "4Qx7Lm2Zk"), "parsed ID");
	check(span_is(hop.for_mailbox, "alice@example.net"), "parsed FOR");
	check(span_is(hop.from_addr, "192.0.2.7"), "parsed FROM address");
	check((hop.flags & RCVD_H_DATE) != 0 && hop.epoch == 1795237238 && hop.offset == 60,
	      "parsed date");

	n = snprintf(message, sizeof message, "%sSubject: x\n\nReceived: no\n", field);
	check(n > 0 && (size_t)n < sizeof message, "message fits");
	rcvd_iter_init(&it, message, strlen(message));
	check(rcvd_iter_next(&it, &sp) == RCVD_OK && sp.ptr == message, "iterator: first field");
	check(rcvd_iter_next(&it, &sp) == RCVD_E_END, "iterator stops at the body");
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		printf("%s\n", rcvd_version());
		return 0;
	}
	check(strcmp(rcvd_version(), RCVD_VERSION_STRING) == 0, "rcvd_version() == RCVD_VERSION_STRING");
	check(strcmp(rcvd_strerror(RCVD_E_NOSPACE), "unknown status") != 0, "rcvd_strerror");
	keywords();
	session();
	dates();
	addresses();
	compose_and_parse();
	if (failures != 0) {
		fprintf(stderr, "smoke: %d check(s) failed\n", failures);
		return 1;
	}
	printf("smoke: librcvd %s: all checks passed\n", rcvd_version());
	return 0;
}
