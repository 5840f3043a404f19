/*
 * test_parse.c -- rcvd_parse(): the lenient reading of the real-world
 * forms, the strict verdict (one invalid sample per grammar rule, with
 * the offset of the first deviation), dates old and new, hostile bytes,
 * refolding, and the round trip composer -> parser over random states and
 * hostile client text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rcvd.h"
#include "parse_int.h"

/* ---- helpers ---- */

static int span_is(struct rcvd_span sp, const char *want)
{
	if (want == NULL)
		return sp.ptr == NULL;
	return sp.ptr != NULL && sp.len == strlen(want) && memcmp(sp.ptr, want, sp.len) == 0;
}

static void check_span(struct rcvd_span sp, const char *want, const char *what, int line)
{
	if (!span_is(sp, want))
		fail_msg("%s: want %s%s%s, got %s%.*s%s (line %d)", what, want ? "\"" : "",
		         want ? want : "null", want ? "\"" : "", sp.ptr ? "\"" : "",
		         (int)(sp.ptr ? sp.len : 4), sp.ptr ? sp.ptr : "null", sp.ptr ? "\"" : "", line);
}

#define ASSERT_SPAN(sp, want) check_span((sp), (want), #sp, __LINE__)

static void spans_inside(const struct rcvd_hop *h, const char *f, size_t n)
{
	const struct rcvd_span *all[] = {&h->from_name, &h->helo, &h->from_rdns, &h->from_addr,
	                                 &h->by_name, &h->by_addr, &h->via, &h->with, &h->id,
	                                 &h->for_mailbox, &h->tls_clause, &h->tls_version,
	                                 &h->tls_cipher, &h->auth_hint, &h->date};
	size_t i;
	for (i = 0; i < sizeof all / sizeof all[0]; i++)
		if (all[i]->ptr != NULL) {
			assert_true(all[i]->ptr >= f);
			assert_true(all[i]->len <= n);
			assert_true(all[i]->ptr + all[i]->len <= f + n);
		}
	assert_true(h->ncomments <= RCVD_HOP_COMMENTS);
	for (i = 0; i < h->ncomments; i++) {
		assert_true(h->comments[i].ptr >= f);
		assert_true(h->comments[i].ptr + h->comments[i].len <= f + n);
	}
	if (h->error != NULL)
		assert_true(h->error_offset <= n);
}

static int parse(const char *s, struct rcvd_hop *h)
{
	int rc;
	rcvd_hop_init(h);
	rc = rcvd_parse(s, strlen(s), h, 0);
	spans_inside(h, s, strlen(s));
	return rc;
}

/* ---- real-world forms (SPEC.md section 5) ---- */

struct form {
	const char *field;
	const char *from_name, *helo, *rdns, *addr, *by_name, *by_addr, *with, *id, *for_;
	const char *tls_version, *tls_cipher, *tls_clause, *auth_hint;
	unsigned flags_set, flags_clear;
};

static const struct form forms[] = {
	{"Received: from mail.example (mail.example [192.0.2.7])\n"
	 "\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))\n"
	 "\t(Client did not present a certificate)\n"
	 "\tby mx.example.net (Postfix) with ESMTPS id 4ABC\n"
	 "\tfor <u@example.net>; Sun, 29 Nov 2026 05:00:38 +0000 (UTC)",
	 "mail.example", NULL, "mail.example", "192.0.2.7", "mx.example.net", NULL, "ESMTPS", "4ABC",
	 "u@example.net", "TLSv1.3", "TLS_AES_256_GCM_SHA384", NULL, NULL,
	 RCVD_H_TLS | RCVD_H_STRICT | RCVD_H_DATE | RCVD_H_WITH_KNOWN, RCVD_H_AUTH},
	{"Received: from helo.example (unknown [IPv6:2001:db8::5])\r\n"
	 "\t(Authenticated sender: joe)\r\n\tby mx.example.net (Postfix) with ESMTPSA id 1;"
	 " Mon, 6 Jul 2015 09:01:20 +0000",
	 "helo.example", NULL, NULL, "2001:db8::5", "mx.example.net", NULL, "ESMTPSA", "1", NULL,
	 NULL, NULL, NULL, "Authenticated sender: joe",
	 RCVD_H_AUTH | RCVD_H_TLS | RCVD_H_STRICT, 0},
	/* found by fuzz_compose: an rDNS name that begins like the word
	 * "authenticated" is still the name in TCP-info */
	{"Received: from client.example (authentIcatede [192.0.2.1])\n"
	 "\tby mx.example.org with ESMTP id 4Q1abc;\n\tSat, 28 Nov 2026 05:20:38 +0000\n",
	 "client.example", NULL, "authentIcatede", "192.0.2.1", "mx.example.org", NULL, "ESMTP",
	 "4Q1abc", NULL, NULL, NULL, NULL, NULL, RCVD_H_STRICT | RCVD_H_DATE, RCVD_H_AUTH},
	/* found by fuzz_compose: the name "authenticated" itself (any case)
	 * before an address literal is TCP-info too, and says nothing of
	 * authentication */
	{"Received: from client.example (autHentIcated [192.0.2.1])\n"
	 "\tby mx.example.org (librcvd) with ESMTPSA id 4Q1abc;\n\tSat, 28 Nov 2026 05:20:38 +0000\n",
	 "client.example", NULL, "autHentIcated", "192.0.2.1", "mx.example.org", NULL, "ESMTPSA",
	 "4Q1abc", NULL, NULL, NULL, NULL, NULL, RCVD_H_STRICT | RCVD_H_DATE, 0},
	{"Received: from client.example (Authenticated\n\t[192.0.2.1]) by mx.example.org with ESMTP"
	 " id 4Q1abc; Sat, 28 Nov 2026 05:20:38 +0000",
	 "client.example", NULL, "Authenticated", "192.0.2.1", "mx.example.org", NULL, "ESMTP",
	 "4Q1abc", NULL, NULL, NULL, NULL, NULL, RCVD_H_STRICT | RCVD_H_DATE, RCVD_H_AUTH},
	/* any "NAME [literal]" comment in the FROM part is TCP-info: the name
	 * "using" (Postfix's TLS comment opens so) says nothing of TLS, and
	 * the address is read where the FROM name gives none */
	{"Received: from client.example (using [192.0.2.1])\n"
	 "\tby mx.example.org with ESMTP id 4Q1abc;\n\tSat, 28 Nov 2026 05:20:38 +0000\n",
	 "client.example", NULL, "using", "192.0.2.1", "mx.example.org", NULL, "ESMTP",
	 "4Q1abc", NULL, NULL, NULL, NULL, NULL, RCVD_H_STRICT | RCVD_H_DATE, RCVD_H_TLS},
	{"Received: from [192.0.2.1] (Using\n\t[192.0.2.1]) by mx.example.org with ESMTP"
	 " id 4Q1abc; Sat, 28 Nov 2026 05:20:38 +0000",
	 "[192.0.2.1]", NULL, "Using", "192.0.2.1", "mx.example.org", NULL, "ESMTP",
	 "4Q1abc", NULL, NULL, NULL, NULL, NULL, RCVD_H_STRICT | RCVD_H_DATE, RCVD_H_TLS},
	/* an rDNS U-label (RFC 6531), as our composer writes it after
	 * SMTPUTF8 */
	{"Received: from b\xc3\xbc" "cher.example (b\xc3\xbc" "cher.example [192.0.2.1])\n"
	 "\tby mx.example.org with UTF8SMTP id 4Q1abc;\n\tSat, 28 Nov 2026 05:20:38 +0000\n",
	 "b\xc3\xbc" "cher.example", NULL, "b\xc3\xbc" "cher.example", "192.0.2.1",
	 "mx.example.org", NULL, "UTF8SMTP", "4Q1abc", NULL, NULL, NULL, NULL, NULL,
	 RCVD_H_DATE, RCVD_H_TLS},
	/* ... but not 8-bit bytes that are no visible UTF-8 */
	{"Received: from client.example (b\xfc" "cher.example [192.0.2.1])\n"
	 "\tby mx.example.org with ESMTP id 4Q1abc;\n\tSat, 28 Nov 2026 05:20:38 +0000\n",
	 "client.example", NULL, NULL, "192.0.2.1", "mx.example.org", NULL, "ESMTP", "4Q1abc",
	 NULL, NULL, NULL, NULL, NULL, RCVD_H_DATE, RCVD_H_TLS},
	/* a PTR name that looks like an address, then the literal: the
	 * literal is the address (another writer's TCP-info) */
	{"Received: from mail.example (19.0.4.22 [192.0.2.1])\n"
	 "\tby mx.example.org with ESMTP id 4Q1abc;\n\tSat, 28 Nov 2026 05:20:38 +0000\n",
	 "mail.example", NULL, NULL, "192.0.2.1", "mx.example.org", NULL, "ESMTP", "4Q1abc",
	 NULL, NULL, NULL, NULL, NULL, RCVD_H_STRICT | RCVD_H_DATE, RCVD_H_TLS},
	/* ... but a greeting word before a literal is the greeting (qmail:
	 * "(HELO [literal]) (address)"), any case; our composer writes no
	 * such rDNS (found by fuzz_compose: rDNS "ehlO") */
	{"Received: from unknown (HELO [10.0.0.1]) (192.0.2.1)\n"
	 "  by mx.example.org with SMTP; 28 Nov 2026 05:20:38 -0000",
	 "unknown", "[10.0.0.1]", NULL, "192.0.2.1", "mx.example.org", NULL, "SMTP",
	 NULL, NULL, NULL, NULL, NULL, NULL, RCVD_H_DATE, RCVD_H_TLS},
	{"Received: from [192.0.2.1] (ehlO [192.0.2.1])\n"
	 "\tby mx.example.org with ESMTP id 4Q1abc;\n\tSat, 28 Nov 2026 05:20:38 +0000\n",
	 "[192.0.2.1]", "[192.0.2.1]", NULL, "192.0.2.1", "mx.example.org", NULL, "ESMTP",
	 "4Q1abc", NULL, NULL, NULL, NULL, NULL, RCVD_H_STRICT | RCVD_H_DATE, RCVD_H_TLS},
	/* a name with more than one word before the literal is not this
	 * shape: Postfix's TLS comment keeps its reading */
	{"Received: from client.example (client.example [192.0.2.1])\n"
	 "\t(using TLSv1.2 with cipher X [y])\n"
	 "\tby mx.example.org with ESMTPS id 4Q1abc;\n\tSat, 28 Nov 2026 05:20:38 +0000\n",
	 "client.example", NULL, "client.example", "192.0.2.1", "mx.example.org", NULL, "ESMTPS",
	 "4Q1abc", NULL, "TLSv1.2", "X", NULL, NULL, RCVD_H_STRICT | RCVD_H_DATE | RCVD_H_TLS, 0},
	/* Exim: the verified name first, helo= inside, lower-case keyword */
	{"Received: from rdns.example ([198.51.100.3]:4711 helo=claimed.example)\n"
	 " by exim.example with esmtpsa (TLS1.3) tls TLS_AES_128_GCM_SHA256\n"
	 " (Exim 4.96) (envelope-from <s@example.org>) id 1pQ-0007\n"
	 " for r@example.net; Sat, 30 Jun 2018 02:54:28 +0100",
	 "rdns.example", "claimed.example", "rdns.example", "198.51.100.3", "exim.example", NULL,
	 "esmtpsa", "1pQ-0007", "r@example.net", "TLS1.3", NULL, "TLS_AES_128_GCM_SHA256", NULL,
	 RCVD_H_TLS | RCVD_H_AUTH | RCVD_H_WITH_KNOWN, RCVD_H_STRICT},
	{"Received: from [203.0.113.9] (helo=x.example) by e.example with smtp (Exim 4)"
	 " id 18t2z0-0001NX-00; Wed, 12 Mar 2003 01:57:10 -0800",
	 "[203.0.113.9]", "x.example", NULL, "203.0.113.9", "e.example", NULL, "smtp",
	 "18t2z0-0001NX-00", NULL, NULL, NULL, NULL, NULL, 0, RCVD_H_TLS},
	/* an address-literal FROM name is the client's address when no
	 * TCP-info gives one (Exim without reverse DNS, SPEC.md section 5) */
	{"Received: from [192.0.2.9] (helo=x.example) by relay.example.net with esmtp"
	 " id 1abc-000; Sun, 29 Nov 2026 04:59:58 +0000",
	 "[192.0.2.9]", "x.example", NULL, "192.0.2.9", "relay.example.net", NULL, "esmtp",
	 "1abc-000", NULL, NULL, NULL, NULL, NULL, RCVD_H_DATE, RCVD_H_STRICT},
	{"Received: from [1.2.3.4] (port=4711 helo=x) by e.example with esmtp id 1;"
	 " Sun, 29 Nov 2026 04:59:58 +0000",
	 "[1.2.3.4]", "x", NULL, "1.2.3.4", "e.example", NULL, "esmtp", "1", NULL, NULL, NULL, NULL,
	 NULL, RCVD_H_DATE, RCVD_H_STRICT},
	{"Received: from [198.51.100.7]:50312 by e.example with smtp; Sun, 29 Nov 2026 04:59:58 +0000",
	 "[198.51.100.7]:50312", NULL, NULL, "198.51.100.7", "e.example", NULL, "smtp", NULL, NULL,
	 NULL, NULL, NULL, NULL, RCVD_H_DATE, RCVD_H_STRICT},
	{"Received: from [IPv6:2001:db8::9] (helo=v6.example) by e.example with esmtp;"
	 " Sun, 29 Nov 2026 04:59:58 +0000",
	 "[IPv6:2001:db8::9]", "v6.example", NULL, "2001:db8::9", "e.example", NULL, "esmtp", NULL,
	 NULL, NULL, NULL, NULL, NULL, RCVD_H_DATE, RCVD_H_STRICT},
	{"Received: from [2001:db8::a] by e.example with esmtp; Sun, 29 Nov 2026 04:59:58 +0000",
	 "[2001:db8::a]", NULL, NULL, "2001:db8::a", "e.example", NULL, "esmtp", NULL, NULL, NULL,
	 NULL, NULL, NULL, RCVD_H_DATE, RCVD_H_STRICT},
	/* the TCP-info's address wins over the literal name */
	{"Received: from [192.0.2.1] (h.example [192.0.2.2]) by e.example; 1 Jan 2020 00:00 +0000",
	 "[192.0.2.1]", NULL, "h.example", "192.0.2.2", "e.example", NULL, NULL, NULL, NULL, NULL,
	 NULL, NULL, NULL, RCVD_H_STRICT, 0},
	/* decision (c): a literal with leading-zero octets is an address
	 * literal (RFC 5321 Snum); from_addr is kept as written */
	{"Received: from [010.1.2.3] (h.example [010.001.2.1]) by e.example; 1 Jan 2020 00:00 +0000",
	 "[010.1.2.3]", NULL, "h.example", "010.001.2.1", "e.example", NULL, NULL, NULL, NULL, NULL,
	 NULL, NULL, NULL, RCVD_H_STRICT, 0},
	{"Received: from [IPv6:::ffff:010.1.2.3] (helo=x) by e.example; 1 Jan 2020 00:00 +0000",
	 "[IPv6:::ffff:010.1.2.3]", "x", NULL, "::ffff:010.1.2.3", "e.example", NULL, NULL, NULL,
	 NULL, NULL, NULL, NULL, NULL, 0, RCVD_H_STRICT},
	/* not an address, or more than a literal (and ":port"): no address */
	{"Received: from [unix socket] by e.example with esmtp; Sun, 29 Nov 2026 04:59:58 +0000",
	 "[unix", NULL, NULL, NULL, "e.example", NULL, "esmtp", NULL, NULL, NULL, NULL, NULL, NULL,
	 RCVD_H_DATE, RCVD_H_STRICT},
	{"Received: from [192.0.2.1]x by e.example; Sun, 29 Nov 2026 04:59:58 +0000",
	 "[192.0.2.1]x", NULL, NULL, NULL, "e.example", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	 NULL, RCVD_H_DATE, RCVD_H_STRICT},
	{"Received: from [192.0.2.1]:x by e.example; Sun, 29 Nov 2026 04:59:58 +0000",
	 "[192.0.2.1]:x", NULL, NULL, NULL, "e.example", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	 NULL, RCVD_H_DATE, RCVD_H_STRICT},
	{"Received: from [192.0.2.1 by e.example; Sun, 29 Nov 2026 04:59:58 +0000",
	 "[192.0.2.1", NULL, NULL, NULL, "e.example", NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	 NULL, RCVD_H_DATE, RCVD_H_STRICT},
	{"Received: from h.example ([192.0.2.1]) by e.example with esmtps"
	 " (TLSv1.3:TLS_AES_256_GCM_SHA384:256) (Exim 4.91) id X; Sat, 30 Jun 2018 02:54:24 +0100",
	 "h.example", NULL, NULL, "192.0.2.1", "e.example", NULL, "esmtps", "X", NULL, "TLSv1.3",
	 "TLS_AES_256_GCM_SHA384", NULL, NULL, RCVD_H_TLS, 0},
	/* Sendmail */
	{"Received: from client.example (host.example [192.0.2.44] (may be forged))\n"
	 "\t(authenticated bits=0)\n\tby sm.example (8.15.2/8.15.2) with ESMTP id x1\n"
	 "\t(version=TLSv1.3 cipher=TLS_AES_256_GCM_SHA384 bits=256 verify=NO)\n"
	 "\tfor <u@example.net>; Sat, 15 Mar 2003 00:38:03 GMT",
	 "client.example", NULL, "host.example", "192.0.2.44", "sm.example", NULL, "ESMTP", "x1",
	 "u@example.net", "TLSv1.3", "TLS_AES_256_GCM_SHA384", NULL, "authenticated bits=0",
	 RCVD_H_TLS | RCVD_H_AUTH | RCVD_H_DATE | RCVD_H_DATE_OBSOLETE, RCVD_H_STRICT},
	/* qmail */
	{"Received: from unknown (HELO claimed.example) (192.0.2.8)\n"
	 "  by q.example with SMTP; 12 Feb 2003 18:23:19 -0000",
	 "unknown", "claimed.example", NULL, "192.0.2.8", "q.example", NULL, "SMTP", NULL, NULL,
	 NULL, NULL, NULL, NULL, RCVD_H_ZONE_UNKNOWN | RCVD_H_DATE | RCVD_H_STRICT, 0},
	{"Received: (qmail 1234 invoked by uid 89); 12 Feb 2003 18:23:19 -0000", NULL, NULL, NULL,
	 NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0},
	/* Microsoft */
	{"Received: from EX1.example.com (10.45.252.152) by EX2.example.com (10.45.252.153)"
	 " with Microsoft SMTP Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)"
	 " id 15.1.1261.35; Mon, 29 Oct 2018 11:17:19 +0100",
	 "EX1.example.com", NULL, NULL, "10.45.252.152", "EX2.example.com", "10.45.252.153",
	 "Microsoft", "15.1.1261.35", NULL, "TLS1_2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", NULL,
	 NULL, RCVD_H_TLS, RCVD_H_WITH_KNOWN},
	{"Received: from AM5PR.outlook.com ([fe80::19bd:c588:dd17:5226]) by AM6PR.outlook.com"
	 " ([fe80::19bd:c588:dd17:5226%6]) with mapi id 15.20.1943.023; Wed, 5 Jun 2019 10:17:08 +0000",
	 "AM5PR.outlook.com", NULL, NULL, "fe80::19bd:c588:dd17:5226", "AM6PR.outlook.com",
	 "fe80::19bd:c588:dd17:5226%6", "mapi", "15.20.1943.023", NULL, NULL, NULL, NULL, NULL, 0,
	 RCVD_H_TLS},
	/* Google hop line without FROM: readable, not strict */
	{"Received: by 2002:a05:6000:1a8e:b0:33e::1 with SMTP id k14csp123;\n"
	 "        Tue, 5 Dec 2023 04:13:07 -0800 (PST)",
	 NULL, NULL, NULL, NULL, "2002:a05:6000:1a8e:b0:33e::1", NULL, "SMTP", "k14csp123", NULL, NULL,
	 NULL, NULL, NULL, RCVD_H_DATE, RCVD_H_STRICT},
	/* OpenSMTPD */
	{"Received: from c.example (c.example [192.0.2.50]) by o.example (OpenSMTPD) with ESMTPSA"
	 " id 5db34e0d (TLSv1.3:TLS_AES_256_GCM_SHA384:256:NO) auth=yes for <e@example.com>;"
	 " Tue, 7 Jan 2020 10:00:00 +0100 (CET)",
	 "c.example", NULL, "c.example", "192.0.2.50", "o.example", NULL, "ESMTPSA", "5db34e0d",
	 "e@example.com", "TLSv1.3", "TLS_AES_256_GCM_SHA384", NULL, "auth=yes",
	 RCVD_H_TLS | RCVD_H_AUTH, RCVD_H_STRICT},
	/* Courier */
	{"Received: from gork (my.dns.example [192.0.2.4]) (AUTH: LOGIN gork@example.com, TLS:"
	 " TLSv1.3,256bits,TLS_AES_256_GCM_SHA384) by c.example with esmtp;"
	 " Thu, 10 Nov 2005 08:24:21 -0600",
	 "gork", NULL, "my.dns.example", "192.0.2.4", "c.example", NULL, "esmtp", NULL, NULL, "TLSv1.3",
	 "TLS_AES_256_GCM_SHA384", NULL, "AUTH: LOGIN gork@example.com, TLS: TLSv1.3,256bits,TLS_AES_256_GCM_SHA384",
	 RCVD_H_TLS | RCVD_H_AUTH, 0},
	/* Dovecot / Cyrus LMTP, no FROM, no date for Cyrus */
	{"Received: by imap.example with LMTPS id abc (envelope-from <s@example.org>)"
	 " for <u@example.net>; Mon, 01 Apr 2024 10:00:00 +0200",
	 NULL, NULL, NULL, NULL, "imap.example", NULL, "LMTPS", "abc", "u@example.net", NULL, NULL,
	 NULL, NULL, RCVD_H_TLS | RCVD_H_WITH_KNOWN, RCVD_H_STRICT},
	{"Received: from lmtp.example ([unix socket]) by cyrus.example with LMTPA",
	 "lmtp.example", NULL, NULL, NULL, "cyrus.example", NULL, "LMTPA", NULL, NULL, NULL, NULL,
	 NULL, NULL, RCVD_H_AUTH, RCVD_H_DATE | RCVD_H_STRICT},
	/* v4-mapped address, written as is */
	{"Received: from a.example (b.example [::ffff:192.0.2.1]) by c.example; 1 Jan 2020 00:00 +0000",
	 "a.example", NULL, "b.example", "::ffff:192.0.2.1", "c.example", NULL, NULL, NULL, NULL,
	 NULL, NULL, NULL, NULL, RCVD_H_DATE | RCVD_H_STRICT, 0}, /* not TCP-info: a comment */
	/* text in comments never becomes a clause or a hint */
	{"Received: from x.example (helo=y with ESMTPA id FAKE by evil.example authenticated bits=0)"
	 " by real.example with ESMTP id REAL; Sun, 29 Nov 2026 05:00:38 +0000",
	 "x.example", "y", NULL, NULL, "real.example", NULL, "ESMTP", "REAL", NULL, NULL, NULL,
	 NULL, NULL, RCVD_H_DATE, RCVD_H_AUTH | RCVD_H_TLS},
	{"Received: from x.example (x.example [192.0.2.1]) by r.example (some text: authenticated"
	 " as bob, using TLSv1.3 with cipher X) with ESMTP id R; Sun, 29 Nov 2026 05:00:38 +0000",
	 "x.example", NULL, "x.example", "192.0.2.1", "r.example", NULL, "ESMTP", "R", NULL, NULL,
	 NULL, NULL, NULL, RCVD_H_STRICT, RCVD_H_AUTH | RCVD_H_TLS},
	/* our own layout */
	{"Received: from [IPv6:2001:db8::1] (client.example [IPv6:2001:db8::1])\n"
	 "\t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits))\n"
	 "\t(authenticated as alice)\n"
	 "\tby mx.example.org (librcvd) with ESMTPSA id ABC123\n"
	 "\t(helo=bad%20helo%20%28x%29)\n"
	 "\t(envelope-from <s@example.com>)\n"
	 "\tfor <u@example.net> tls TLS_AES_256_GCM_SHA384;\n"
	 "\tSun, 29 Nov 2026 06:00:38 +0100\n",
	 "[IPv6:2001:db8::1]", "bad%20helo%20%28x%29", "client.example", "2001:db8::1",
	 "mx.example.org", NULL, "ESMTPSA", "ABC123", "u@example.net", "TLSv1.3",
	 "TLS_AES_256_GCM_SHA384", "TLS_AES_256_GCM_SHA384", "authenticated as alice",
	 RCVD_H_STRICT | RCVD_H_TLS | RCVD_H_AUTH | RCVD_H_DATE, 0},
	/* "authenticated as" after BY is not our shape: no hint */
	{"Received: from a.example (a.example [192.0.2.1]) by b.example (authenticated as eve)"
	 " with ESMTP; Sun, 29 Nov 2026 06:00:38 +0100",
	 "a.example", NULL, "a.example", "192.0.2.1", "b.example", NULL, "ESMTP", NULL, NULL, NULL,
	 NULL, NULL, NULL, RCVD_H_STRICT, RCVD_H_AUTH},
	/* words between two ";" are clauses; the date follows the last */
	{"Received: from a.example by b.example; with ESMTP (x [192.0.2.1]) id X;"
	 " Sun, 29 Nov 2026 06:00:38 +0100 (UTC)",
	 "a.example", NULL, NULL, NULL, "b.example", NULL, "ESMTP", "X", NULL, NULL, NULL, NULL, NULL,
	 RCVD_H_DATE | RCVD_H_WITH_KNOWN, RCVD_H_STRICT},
	/* name without "Received:", lower-case name, space before colon */
	{"from a.example (b.example [192.0.2.1]) by c.example; Sun, 29 Nov 2026 06:00:38 +0100",
	 "a.example", NULL, "b.example", "192.0.2.1", "c.example", NULL, NULL, NULL, NULL, NULL,
	 NULL, NULL, NULL, RCVD_H_STRICT, 0},
	{"received : from a.example by c.example via TCP with SMTP; Sun, 29 Nov 2026 06:00:38 +0100",
	 "a.example", NULL, NULL, NULL, "c.example", NULL, "SMTP", NULL, NULL, NULL, NULL, NULL, NULL,
	 RCVD_H_WITH_KNOWN, 0},
};

static void test_forms(void **state)
{
	size_t i;
	(void)state;
	for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		const struct form *f = &forms[i];
		struct rcvd_hop h;
		int rc = parse(f->field, &h);
		if (f->by_name == NULL && f->from_name == NULL) {
			assert_int_equal(rc, RCVD_E_SYNTAX);
			continue;
		}
		if (rc != RCVD_OK)
			fail_msg("form %lu: rc %d", (unsigned long)i, rc);
		ASSERT_SPAN(h.from_name, f->from_name);
		ASSERT_SPAN(h.helo, f->helo);
		ASSERT_SPAN(h.from_rdns, f->rdns);
		ASSERT_SPAN(h.from_addr, f->addr);
		ASSERT_SPAN(h.by_name, f->by_name);
		ASSERT_SPAN(h.by_addr, f->by_addr);
		ASSERT_SPAN(h.with, f->with);
		ASSERT_SPAN(h.id, f->id);
		ASSERT_SPAN(h.for_mailbox, f->for_);
		ASSERT_SPAN(h.tls_version, f->tls_version);
		ASSERT_SPAN(h.tls_cipher, f->tls_cipher);
		ASSERT_SPAN(h.tls_clause, f->tls_clause);
		ASSERT_SPAN(h.auth_hint, f->auth_hint);
		if ((h.flags & f->flags_set) != f->flags_set || (h.flags & f->flags_clear) != 0)
			fail_msg("form %lu: flags %#x, want set %#x clear %#x (error %s at %lu)",
			         (unsigned long)i, h.flags, f->flags_set, f->flags_clear,
			         h.error ? h.error : "-", (unsigned long)h.error_offset);
		assert_true(((h.flags & RCVD_H_STRICT) != 0) == (h.error == NULL));
	}
}

static void test_with_decoded(void **state)
{
	struct rcvd_hop h;
	(void)state;
	assert_int_equal(parse("Received: from a.example by b.example with UTF8LMTPSA;"
	                       " Sun, 29 Nov 2026 06:00:38 +0100", &h), RCVD_OK);
	assert_true(h.flags & RCVD_H_WITH_KNOWN);
	assert_int_equal(h.with_greeting, RCVD_LHLO);
	assert_int_equal(h.with_flags, RCVD_TLS | RCVD_AUTH | RCVD_UTF8);
	assert_true(h.flags & RCVD_H_TLS);
	assert_true(h.flags & RCVD_H_AUTH);
	assert_int_equal(parse("Received: from a.example by b.example with smtps;"
	                       " Sun, 29 Nov 2026 06:00:38 +0100", &h), RCVD_OK);
	assert_int_equal(h.with_greeting, RCVD_HELO);
	assert_true(h.with_flags & RCVD_UNREGISTERED);
	assert_int_equal(parse("Received: from a.example by b.example with HTTP;"
	                       " Sun, 29 Nov 2026 06:00:38 +0100", &h), RCVD_OK);
	assert_false(h.flags & RCVD_H_WITH_KNOWN);
	assert_true(h.flags & RCVD_H_STRICT); /* any Atom is a Protocol */
}

/* ---- strict verdict: one invalid sample per rule ---- */

struct bad {
	const char *field;
	const char *reason; /* a word of the reason */
	size_t offset;
};

#define OK_TAIL " by b.example; Sun, 29 Nov 2026 06:00:38 +0100"

static const struct bad bads[] = {
	{"Received: by b.example; Sun, 29 Nov 2026 06:00:38 +0100", "FROM", 10},
	/* a second additional clause: the ABNF has room for one */
	{"Received: from a.example by b.example tls 0x1301 X-Other q; Sun, 29 Nov 2026 06:00:38 +0100",
	 "clause out of order or repeated", 49},
	{"Received: from a.example by b.example tls 0x1301 tls 0x1302; Sun, 29 Nov 2026 06:00:38 +0100",
	 "clause out of order or repeated", 49},
	{"Received: from a.example by b.example id x X-A q X-B \"r\"; Sun, 29 Nov 2026 06:00:38 +0100",
	 "clause out of order or repeated", 49},
	{"Received:from a.example" OK_TAIL, "white space", 9},
	{"Received :from a.example" OK_TAIL, "before the colon", 8},
	{" Received: from a.example" OK_TAIL, "before the field name", 0},
	{"Received: from (c)" OK_TAIL, "domain", 15},
	{"Received: from a..example" OK_TAIL, "domain", 15},
	{"Received: from -a.example" OK_TAIL, "domain", 15},
	{"Received: from a_b.example" OK_TAIL, "after the FROM domain", 16},
	{"Received: from [192.0.2.1]" OK_TAIL, "TCP-info", 26},
	{"Received: from [192.0.2.256] (x [192.0.2.1])" OK_TAIL, "literal", 15},
	{"Received: from [2001:db8::1] (x [IPv6:2001:db8::1])" OK_TAIL, "literal", 15},
	/* decision (c): Snum is 1*3DIGIT, 0..255 -- more digits or a larger
	 * value is not an address literal, with or without leading zeros */
	{"Received: from [0010.1.2.3] (x [192.0.2.1])" OK_TAIL, "literal", 15},
	{"Received: from [010.001.2.256] (x [192.0.2.1])" OK_TAIL, "literal", 15},
	{"Received: from [300.1.2.3] (x [192.0.2.1])" OK_TAIL, "literal", 15},
	{"Received: from [00.1.2.3.4] (x [192.0.2.1])" OK_TAIL, "literal", 15},
	{"Received: from [IPv6:2001:db8::0256.1.2.3] (x [192.0.2.1])" OK_TAIL, "literal", 15},
	{"Received: from [IPv6:2001:db8::256.01.2.3] (x [192.0.2.1])" OK_TAIL, "literal", 15},
	/* an IPv6 text that lost its tag stays refused with a zero-led tail */
	{"Received: from [2001:db8::010.1.2.3] (x [192.0.2.1])" OK_TAIL, "literal", 15},
	{"Received: from a.example; Sun, 29 Nov 2026 06:00:38 +0100", "BY", 24},
	{"Received: from a.example by ; Sun, 29 Nov 2026 06:00:38 +0100", "BY needs", 28},
	{"Received: from a.example (unbalanced by b.example; Sun, 29 Nov 2026 06:00:38 +0100",
	 "unbalanced", 82},
	{"Received: from a.example (x\001y) by b.example; Sun, 29 Nov 2026 06:00:38 +0100",
	 "comment", 27},
	{"Received: from a.example (x\\", "backslash", 27},
	{"Received: from a.example (x \xff) by b.example; Sun, 29 Nov 2026 06:00:38 +0100",
	 "UTF-8", 28},
	{"Received: from a.example by b.example with; Sun, 29 Nov 2026 06:00:38 +0100", "white space",
	 42},
	{"Received: from a.example by b.example with ESMTP via TCP; Sun, 29 Nov 2026 06:00:38 +0100",
	 "order", 49},
	{"Received: from a.example by b.example id 1 id 2; Sun, 29 Nov 2026 06:00:38 +0100", "order",
	 43},
	{"Received: from a.example by b.example via (c); Sun, 29 Nov 2026 06:00:38 +0100", "VIA",
	 42},
	{"Received: from a.example by b.example by c.example; Sun, 29 Nov 2026 06:00:38 +0100",
	 "repeated FROM or BY", 38},
	{"Received: from a.example by b.example X-Y \"open; Sun, 29 Nov 2026 06:00:38 +0100",
	 "unterminated", 42},
	{"Received: from a.example by b.example X-Y <z>; Sun, 29 Nov 2026 06:00:38 +0100",
	 "atom or quoted string", 42},
	{"Received: from a.example by b.example with ESMTP[; Sun, 29 Nov 2026 06:00:38 +0100",
	 "invalid byte", 48},
	{"Received: from a.example by b.example id <a@b>x; Sun, 29 Nov 2026 06:00:38 +0100",
	 "atom", 46},
	{"Received: from a.example by b.example id <no-at>; Sun, 29 Nov 2026 06:00:38 +0100",
	 "msg-id", 41},
	{"Received: from a.example by b.example for u; Sun, 29 Nov 2026 06:00:38 +0100", "FOR", 42},
	{"Received: from a.example by b.example for <u@>; Sun, 29 Nov 2026 06:00:38 +0100", "FOR", 42},
	{"Received: from a.example by b.example for <a b@c.example>; Sun, 29 Nov 2026 06:00:38 +0100",
	 "FOR", 42},
	{"Received: from a.example by b.example tls ECDHE-RSA-AES256-GCM-SHA384;"
	 " Sun, 29 Nov 2026 06:00:38 +0100", "invalid byte", 47},
	{"Received: from a.example by b.example tls _X; Sun, 29 Nov 2026 06:00:38 +0100", "cipher", 42},
	{"Received: from a.example by b.example with ESMTP", "date", 48},
	{"Received: from a.example by b.example;Sun, 29 Nov 2026 06:00:38 +0100", "white space", 38},
	{"Received: from a.example by b.example; Sun 29 Nov 2026 06:00:38 +0100", "comma", 42},
	{"Received: from a.example by b.example; Mon, 29 Nov 2026 06:00:38 +0100", "day name", 39},
	{"Received: from a.example by b.example; 29 Nov 26 06:00:38 +0100", "two-digit", 46},
	{"Received: from a.example by b.example; 29 Nov 926 06:00:38 +0100", "three-digit", 46},
	{"Received: from a.example by b.example; 29 Nov 1899 06:00:38 +0100", "1900", 46},
	{"Received: from a.example by b.example; 29 Nov 2026 06:00:38 EST", "zone name", 60},
	{"Received: from a.example by b.example; 29 Nov 2026 06:00:38 +0160", "zone minutes", 60},
	{"Received: from a.example by b.example; 29 Nov 2026 06:00:38", "zone", 59},
	{"Received: from a.example by b.example; 29 (c) Nov 2026 06:00:38 +0000", "comment", 42},
	{"Received: from a.example by b.example; 31 Nov 2026 06:00:38 +0000", "range", 51},
	{"Received: from a.example by b.example; 29 Nov 2026 24:00:38 +0000", "time", 51},
	{"Received: from a.example by b.example; 29 Nov 2026 6:00:38 +0000", "hour", 51},
	{"Received: from a.example by b.example; 29 Nov 2026 06:00:38 +0000 junk", "after the date",
	 66},
	{"Received: from a.example\n by b.example; 29 Nov 2026 06:00:38 +0000\nX", "white space", 67},
	{"Received: from a.example\n\n by b.example; 29 Nov 2026 06:00:38 +0000", "white space", 25},
	{"Received: from a.example\n  \n by b.example; 29 Nov 2026 06:00:38 +0000", "white space only",
	 25},
	{"Received: from a.example\r by b.example; 29 Nov 2026 06:00:38 +0000", "CR", 24},
	/* found by fuzz_parse: one field, one kind of line break */
	{"Received: from a.example\r\n by b.example\n (c); Thu, 01 Jan 1970 00:00:00 +0000",
	 "mixed", 39},
	{"Received: from a.example\n by b.example\r\n (c); Thu, 01 Jan 1970 00:00:00 +0000",
	 "mixed", 39},
	{"Received: from a.example\r\n by b.example; Thu, 01 Jan 1970 00:00:00 +0000\n",
	 "mixed", 72},
	/* found by fuzz_parse: a local part is at most 64 octets, quoted too */
	{"Received: from a.example by b.example for <\"+++++++++++++++++++++++++++++++"
	 "+++++++++++++++++++++++++++++++++ u\"@example.org>; Thu, 01 Jan 1970 00:00:00 +0000",
	 "FOR", 42},
	{"Received: from a.example by b.example for <aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	 "aaaaaaaaaaaaaaaaaaaaaaaaa@example.org>; Thu, 01 Jan 1970 00:00:00 +0000", "FOR", 42},
	/* found by fuzz_parse: 8-bit text in a quoted local part is UTF-8 */
	{"Received: from a.example by b.example for <\"q\xe0\x8e\"@example.org>;"
	 " Thu, 01 Jan 1970 00:00:00 +0000", "FOR", 42},
	/* two ";": the verdict reads the date after the first */
	{"Received: from a.example by b.example; Sun, 29 Nov 2026 06:00:38 +0100;"
	 " Sun, 29 Nov 2026 06:00:38 +0100", "after the date", 70},
	{"Received: from a.example by b.example; x; Sun, 29 Nov 2026 06:00:38 +0100", "not a date",
	 39},
	/* a literal holding "(": the grammar's token ends inside the reader's */
	{"Received: from a.example (h [x:a)b]) by b.example id <a@[x(]>x;"
	 " Sun, 29 Nov 2026 06:00:38 +0100", "atom", 61},
	/* keep last: the sample with a NUL byte */
	{"Received: from a.example by b.example; 29 Nov 2026 06:00:38 +0000\0", "NUL", 65},
};

static void test_strict_invalid(void **state)
{
	size_t i;
	(void)state;
	for (i = 0; i < sizeof bads / sizeof bads[0]; i++) {
		struct rcvd_hop h;
		size_t n = strlen(bads[i].field);
		if (i == sizeof bads / sizeof bads[0] - 1)
			n++; /* the sample with a NUL byte */
		rcvd_hop_init(&h);
		(void)rcvd_parse(bads[i].field, n, &h, 0);
		spans_inside(&h, bads[i].field, n);
		if (h.flags & RCVD_H_STRICT)
			fail_msg("bad %lu: strict-valid: %s", (unsigned long)i, bads[i].field);
		assert_non_null(h.error);
		if (strstr(h.error, bads[i].reason) == NULL || h.error_offset != bads[i].offset)
			fail_msg("bad %lu: got \"%s\" at %lu, want \"%s\" at %lu", (unsigned long)i, h.error,
			         (unsigned long)h.error_offset, bads[i].reason,
			         (unsigned long)bads[i].offset);
	}
}

static const char *const goods[] = {
	"Received: from a.example by b.example; Sun, 29 Nov 2026 06:00:38 +0100",
	"Received: from a.example by b.example; 29 Nov 2026 06:00 +0100",  /* no day, no secs */
	"Received: from a.example by b.example; 1 Jan 2000 00:00:60 -0000", /* leap second */
	"from a.example by b.example; 1 Jan 2000 00:00:00 +2359",
	/* one additional clause, registered (tls) or not: Opt-info ends in
	 * [Additional-Registered-Clauses] = CFWS Atom FWS String, at most one */
	"Received: from a.example by b.example with ESMTPS tls 0x1301; Sun, 29 Nov 2026 06:00:38 +0100",
	"Received: from a.example (b.example [192.0.2.1]) by c.example (d.example [IPv6:::1])"
	" via TCP with ESMTP id <x.y@z> for <@r.example:u@v.example> X-Other \"q s\";"
	"\r\n\tSun, 29 Nov 2026 06:00:38 +0100 (CET)\r\n",
	"Received: from [192.0.2.1] ([192.0.2.1]) by [IPv6:2001:db8::2] ([IPv6:2001:db8::2])"
	" with ESMTP id X for u@[192.0.2.3]; Sun, 29 Nov 2026 06:00:38 +0100",
	"Received: from a.example (not tcp info) (nested (comment \\( here)) by b.example"
	" (Postfix); Sun, 29 Nov 2026 06:00:38 +0100",
	"Received: from a.example by b.example for <\"q u\"@c.example>; Sun, 29 Nov 2026 06:00:38 +0100",
	/* address literals holding "(", ")", ";" or a quote: valid, though
	 * the reader's cut of the field differs from the grammar's there */
	"Received: from [x:a(b] ([x:a(b]) by b.example; Sun, 29 Nov 2026 06:00:38 +0100",
	"Received: from a.example (h [x:a)b]) by b.example; Sun, 29 Nov 2026 06:00:38 +0100",
	"Received: from a.example by b.example id <a@[x;y]> for <u@[x:(;\"]>;"
	" Sun, 29 Nov 2026 06:00:38 +0100",
	"Received: from a.example by b.example id <a@[x\"y]> ; Sun, 29 Nov 2026 06:00:38 +0100",
	/* decision (c): RFC 5321 Snum allows leading zeros in an IPv4 literal
	 * and in the IPv4 tail of an IPv6 one */
	"Received: from [010.001.2.1] (h.example [010.001.002.001]) by [000.0.00.255]"
	" ([255.255.255.255]) for u@[01.2.3.4]; Sun, 29 Nov 2026 06:00:38 +0100",
	"Received: from [IPv6:2001:db8::010.001.2.1] ([IPv6:::ffff:001.2.3.4]) by b.example"
	" id <a@[09.1.1.1]>; Sun, 29 Nov 2026 06:00:38 +0100",
	"Received: from xn--bcher-kva.example (b\xc3\xbc\x63her.example [192.0.2.1]) by"
	" b\xc3\xbc\x63her.example for <j\xc3\xb6rg@b\xc3\xbc\x63her.example>; Sun, 29 Nov 2026 06:00:38 +0100",
};

static void test_strict_valid(void **state)
{
	size_t i;
	(void)state;
	for (i = 0; i < sizeof goods / sizeof goods[0]; i++) {
		struct rcvd_hop h;
		assert_int_equal(parse(goods[i], &h), RCVD_OK);
		if (!(h.flags & RCVD_H_STRICT))
			fail_msg("good %lu: %s at %lu: %s", (unsigned long)i, h.error,
			         (unsigned long)h.error_offset, goods[i]);
		assert_null(h.error);
	}
}

static void test_line_length(void **state)
{
	static char buf[2200];
	struct rcvd_hop h;
	size_t n;
	(void)state;
	/* a 998-octet line is fine, 999 is not */
	strcpy(buf, "Received: from a.example (");
	n = strlen(buf);
	memset(buf + n, 'x', 998 - n - 1);
	n = 998 - 1;
	buf[n++] = ')';
	strcpy(buf + n, "\n by b.example; Sun, 29 Nov 2026 06:00:38 +0100");
	assert_int_equal(parse(buf, &h), RCVD_OK);
	assert_true(h.flags & RCVD_H_STRICT);
	memmove(buf + 27, buf + 26, strlen(buf + 26) + 1);
	buf[26] = 'x';
	assert_int_equal(parse(buf, &h), RCVD_OK);
	assert_false(h.flags & RCVD_H_STRICT);
	assert_non_null(strstr(h.error, "998"));
	assert_int_equal(h.error_offset, 998);
}

/* The line rules give the same verdict and the same place with LF and
 * with CRLF line breaks (the place moved by the CRs before it): a field
 * without CR and NUL takes another walk than one with them. */
struct lines_case {
	const char *field; /* with LF; the CRLF copy is made here */
	const char *reason; /* part of the error, NULL: strict-valid */
	size_t at;         /* error_offset in the LF form */
};

static void crlf_copy(const char *lf, char *out, size_t cap)
{
	size_t k = 0;
	for (; *lf != '\0' && k + 2 < cap; lf++) {
		if (*lf == '\n')
			out[k++] = '\r';
		out[k++] = *lf;
	}
	out[k] = '\0';
}

static void test_line_rules_lf_crlf(void **state)
{
	static const struct lines_case cases[] = {
		{"Received: from a.example\n by b.example\n with ESMTP; Sun, 29 Nov 2026 06:00:38 +0100\n",
		 NULL, 0},
		{"Received: from a.example\n by b.example\n\n with x; Sun, 29 Nov 2026 06:00:38 +0100",
		 "not followed by white space", 39},
		{"Received: from a.example\nby b.example; Sun, 29 Nov 2026 06:00:38 +0100",
		 "not followed by white space", 25},
		{"Received: from a.example\n \t\n by b.example; Sun, 29 Nov 2026 06:00:38 +0100",
		 "white space only", 25},
		{"Received: from a.example\n by b.example;\n \n Sun, 29 Nov 2026 06:00:38 +0100",
		 "white space only", 40},
	};
	static char buf[2400], crlf[2600];
	struct rcvd_hop h;
	size_t i, n, k, lfs;
	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		for (k = 0; k < 2; k++) {
			const char *f = cases[i].field;
			size_t at = cases[i].at;
			if (k == 1) {
				crlf_copy(f, crlf, sizeof crlf);
				for (n = 0, lfs = 0; n < cases[i].at; n++)
					lfs += f[n] == '\n';
				f = crlf;
				at += lfs;
			}
			assert_int_equal(parse(f, &h), RCVD_OK);
			if (cases[i].reason == NULL) {
				if (h.error != NULL)
					fail_msg("case %lu/%lu: %s at %lu", (unsigned long)i, (unsigned long)k,
					         h.error, (unsigned long)h.error_offset);
				assert_true(h.flags & RCVD_H_STRICT);
				continue;
			}
			assert_false(h.flags & RCVD_H_STRICT);
			if (strstr(h.error, cases[i].reason) == NULL || h.error_offset != at)
				fail_msg("case %lu/%lu: %s at %lu, wanted %s at %lu", (unsigned long)i,
				         (unsigned long)k, h.error, (unsigned long)h.error_offset,
				         cases[i].reason, (unsigned long)at);
		}
	}
	/* a second line of 999 octets; its place is 998 after its start */
	strcpy(buf, "Received: from a.example\n (");
	n = strlen(buf);
	memset(buf + n, 'x', 998 + 25 - n);
	n = 998 + 25;
	buf[n++] = ')';
	strcpy(buf + n, "\n by b.example; Sun, 29 Nov 2026 06:00:38 +0100");
	assert_int_equal(parse(buf, &h), RCVD_OK);
	assert_non_null(h.error);
	assert_non_null(strstr(h.error, "998"));
	assert_int_equal(h.error_offset, 25 + 998);
	crlf_copy(buf, crlf, sizeof crlf);
	assert_int_equal(parse(crlf, &h), RCVD_OK);
	assert_non_null(h.error);
	assert_non_null(strstr(h.error, "998"));
	assert_int_equal(h.error_offset, 26 + 998);
	/* one byte shorter: fine in both forms */
	memmove(buf + 30, buf + 31, strlen(buf + 31) + 1);
	assert_int_equal(parse(buf, &h), RCVD_OK);
	assert_true(h.flags & RCVD_H_STRICT);
	crlf_copy(buf, crlf, sizeof crlf);
	assert_int_equal(parse(crlf, &h), RCVD_OK);
	assert_true(h.flags & RCVD_H_STRICT);
}

/* ---- dates ---- */

struct date_case {
	const char *date;
	int ok;
	int64_t epoch;
	int offset;
	int obsolete, unknown;
};

static const struct date_case dates[] = {
	{"Sun, 29 Nov 2026 05:00:38 +0000", 1, 1795928438, 0, 0, 0},
	{"29 Nov 2026 06:00:38 +0100", 1, 1795928438, 60, 0, 0},
	{"Sun, 29 Nov 2026 05:00 +0000", 1, 1795928400, 0, 0, 0},
	{"Sat, 28 Nov 2026 23:30:38 -0530", 1, 1795928438, -330, 0, 0},
	{"Sun, 29 Nov 2026 05:00:38 -0000", 1, 1795928438, RCVD_ZONE_UNKNOWN, 0, 1},
	{"29 Nov 26 05:00:38 +0000", 1, 1795928438, 0, 1, 0},
	{"1 Jan 70 00:00:00 +0000", 1, 0, 0, 1, 0},
	{"1 Jan 49 00:00:00 +0000", 1, 2493072000, 0, 1, 0},
	{"1 Jan 100 00:00:00 +0000", 1, 946684800, 0, 1, 0},
	{"Sun, 29 Nov 2026 00:00:38 EST", 1, 1795928438, -300, 1, 0},
	{"Sun, 29 Nov 2026 01:00:38 EDT", 1, 1795928438, -240, 1, 0},
	{"Sat, 28 Nov 2026 21:00:38 PST", 1, 1795928438, -480, 1, 0},
	{"Sun, 29 Nov 2026 05:00:38 GMT", 1, 1795928438, 0, 1, 0},
	{"Sun, 29 Nov 2026 05:00:38 UT", 1, 1795928438, 0, 1, 0},
	{"Sun, 29 Nov 2026 05:00:38 Z", 1, 1795928438, RCVD_ZONE_UNKNOWN, 1, 1},
	{"Sun, 29 Nov 2026 05:00:38 A", 1, 1795928438, RCVD_ZONE_UNKNOWN, 1, 1},
	{"Sun, 29 Nov 2026 05:00:38 CEST", 1, 1795928438, RCVD_ZONE_UNKNOWN, 1, 1},
	{"Sun (day), 29 (d) Nov (m) 2026 (y) 05:00:38 +0000", 1, 1795928438, 0, 1, 0},
	{"Sun ,29 Nov 2026 05:00:38 +0000", 1, 1795928438, 0, 1, 0},
	{"sun, 29 nov 2026 05:00:38 +0000", 1, 1795928438, 0, 0, 0},
	{"29 Feb 2024 00:00:00 +0000", 1, 1709164800, 0, 0, 0},
	{"29 Feb 2023 00:00:00 +0000", 0, 0, 0, 0, 0},
	{"32 Jan 2023 00:00:00 +0000", 0, 0, 0, 0, 0},
	{"1 Foo 2023 00:00:00 +0000", 0, 0, 0, 0, 0},
	{"1 Jan 2023 25:00:00 +0000", 0, 0, 0, 0, 0},
	{"1 Jan 2023", 0, 0, 0, 0, 0},
	{"garbage", 0, 0, 0, 0, 0},
	{"", 0, 0, 0, 0, 0},
};

static void test_dates(void **state)
{
	size_t i;
	char buf[256];
	(void)state;
	for (i = 0; i < sizeof dates / sizeof dates[0]; i++) {
		const struct date_case *d = &dates[i];
		struct rcvd_hop h;
		snprintf(buf, sizeof buf, "Received: from a.example by b.example; %s", d->date);
		assert_int_equal(parse(buf, &h), RCVD_OK);
		if (((h.flags & RCVD_H_DATE) != 0) != d->ok)
			fail_msg("date %lu (%s): read %d", (unsigned long)i, d->date,
			         (h.flags & RCVD_H_DATE) != 0);
		if (!d->ok) {
			assert_false(h.flags & RCVD_H_STRICT);
			continue;
		}
		if (h.epoch != d->epoch || h.offset != d->offset)
			fail_msg("date %lu (%s): epoch %lld offset %d", (unsigned long)i, d->date,
			         (long long)h.epoch, h.offset);
		assert_int_equal((h.flags & RCVD_H_DATE_OBSOLETE) != 0, d->obsolete);
		assert_int_equal((h.flags & RCVD_H_ZONE_UNKNOWN) != 0, d->unknown);
		if (d->obsolete)
			assert_false(h.flags & RCVD_H_STRICT);
		assert_non_null(h.date.ptr);
		assert_true(h.date.ptr >= buf + 39);
	}
}

/* ---- comments ---- */

static void test_comments(void **state)
{
	char buf[1024];
	size_t n = 0, i;
	struct rcvd_hop h;
	(void)state;
	n += (size_t)snprintf(buf + n, sizeof buf - n, "Received: from a.example");
	for (i = 0; i < RCVD_HOP_COMMENTS + 3; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, " (c%lu (n))", (unsigned long)i);
	snprintf(buf + n, sizeof buf - n, " by b.example; Sun, 29 Nov 2026 06:00:38 +0100 (CET)");
	assert_int_equal(parse(buf, &h), RCVD_OK);
	assert_int_equal(h.ncomments, RCVD_HOP_COMMENTS);
	assert_true(h.flags & RCVD_H_COMMENTS_CUT);
	ASSERT_SPAN(h.comments[0], "c0 (n)");
	ASSERT_SPAN(h.comments[15], "c15 (n)");
	assert_true(h.flags & RCVD_H_STRICT);

	assert_int_equal(parse("Received: from a (x) by b (y); 1 Jan 2020 00:00 +0000 (z)", &h), RCVD_OK);
	assert_int_equal(h.ncomments, 3);
	ASSERT_SPAN(h.comments[2], "z");
	assert_false(h.flags & RCVD_H_COMMENTS_CUT);
}

/* ---- hostile bytes ---- */

static uint64_t rng_state;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 32);
}

static void parse_exact(const char *buf, size_t n)
{
	/* a heap copy of exactly n bytes, so a read past n is an overrun that
	 * the sanitizers report */
	char *copy = malloc(n ? n : 1);
	struct rcvd_hop h;
	int rc;
	assert_non_null(copy);
	if (n)
		memcpy(copy, buf, n);
	rcvd_hop_init(&h);
	rc = rcvd_parse(copy, n, &h, 0);
	assert_true(rc == RCVD_OK || rc == RCVD_E_SYNTAX);
	spans_inside(&h, copy, n);
	assert_true(((h.flags & RCVD_H_STRICT) != 0) == (h.error == NULL));
	free(copy);
}

static void test_hostile(void **state)
{
	static char big[300000];
	static const char alphabet[] = "()[]<>;:\\\"@ \t\r\nfrom by with id for tls via ESMTPSA x.y 1.2.3.4 "
	                               "helo= HELO authenticated bits=0 using TLSv1.3:A:1 version= cipher="
	                               "\0\x80\xff\xc3\xa9";
	struct rcvd_hop h;
	size_t i, k, n;
	(void)state;

	rcvd_hop_init(&h);
	assert_int_equal(rcvd_parse(NULL, 5, &h, 0), RCVD_E_ARG);
	assert_int_equal(rcvd_parse("x", 1, NULL, 0), RCVD_E_ARG);
	rcvd_hop_init(&h);
	assert_int_equal(rcvd_parse(NULL, 0, &h, 0), RCVD_E_SYNTAX);
	assert_int_equal(parse("", &h), RCVD_E_SYNTAX);
	assert_int_equal(parse("Received:", &h), RCVD_E_SYNTAX);
	assert_int_equal(parse("Subject: from a by b", &h), RCVD_E_SYNTAX);
	parse_exact("Received: from (((((", 20);
	parse_exact("Received: from a (\\", 19);
	parse_exact("Received: from a [", 18);
	parse_exact("Received: from a (b [", 21);
	parse_exact("Received: from a (b [1.2.3.4", 28);
	parse_exact("Received: from a by b; Sun,", 27);
	parse_exact("Received: from a by b; 1 Jan 2020 00:00 +00", 44);
	parse_exact("Received: from a by b for <", 27);
	parse_exact("Received: from a by b id \"", 26);
	parse_exact("Received: from a by b tls 0x", 28);
	parse_exact("Received: from a by b; 2 Jan 2020 00:00 +0000 (TLS-", 51); /* found by libFuzzer */
	parse_exact("Received: from a (TLS-", 22);

	/* deep nesting, opened and never closed, then closed */
	n = (size_t)snprintf(big, sizeof big, "Received: from a.example ");
	for (i = 0; i < 100000; i++)
		big[n++] = '(';
	parse_exact(big, n);
	for (i = 0; i < 100000; i++)
		big[n++] = ')';
	n += (size_t)snprintf(big + n, sizeof big - n, " by b.example; 1 Jan 2020 00:00 +0000");
	rcvd_hop_init(&h);
	assert_int_equal(rcvd_parse(big, n, &h, 0), RCVD_OK);
	ASSERT_SPAN(h.by_name, "b.example");
	assert_int_equal(h.ncomments, 1);
	assert_false(h.flags & RCVD_H_STRICT); /* the line passes 998 octets */
	assert_non_null(strstr(h.error, "998"));

	/* very long input, folded so every line is short: strict and linear */
	n = (size_t)snprintf(big, sizeof big, "Received: from a.example");
	while (n < 250000)
		n += (size_t)snprintf(big + n, sizeof big - n, "\n (comment %lu)", (unsigned long)n);
	n += (size_t)snprintf(big + n, sizeof big - n, "\n by b.example; 1 Jan 2020 00:00 +0000");
	rcvd_hop_init(&h);
	assert_int_equal(rcvd_parse(big, n, &h, 0), RCVD_OK);
	assert_true(h.flags & RCVD_H_STRICT);
	assert_true(h.flags & RCVD_H_COMMENTS_CUT);

	/* random soup from an alphabet of the parser's own tokens */
	rng_state = 0x9E3779B97F4A7C15ull;
	for (i = 0; i < 20000; i++) {
		char buf[256];
		n = rnd() % sizeof buf;
		for (k = 0; k < n; k++)
			buf[k] = alphabet[rnd() % (sizeof alphabet - 1)];
		parse_exact(buf, n);
	}
	for (i = 0; i < 5000; i++) {
		char buf[128];
		n = rnd() % sizeof buf;
		for (k = 0; k < n; k++)
			buf[k] = (char)(rnd() & 0xFF);
		parse_exact(buf, n);
	}
	/* every prefix of a rich field */
	{
		const char *f = forms[17].field;
		size_t len = strlen(f);
		for (k = 0; k <= len; k++)
			parse_exact(f, k);
	}
}

/* ---- refolding does not change the verdict ---- */

static void test_refold(void **state)
{
	static const char *const fields[] = {
		"Received: from a.example (b.example [192.0.2.1]) (using TLSv1.3 with cipher"
		" TLS_AES_256_GCM_SHA384 (256/256 bits)) by c.example (Postfix) with ESMTPS id X1"
		" for <u@d.example> tls TLS_AES_256_GCM_SHA384; Sun, 29 Nov 2026 05:00:38 +0000",
		"Received: from [192.0.2.1] by c.example with ESMTP id X1; Sun, 29 Nov 2026 05:00:38 +0000",
		"Received: from a.example by c.example with ESMTP id X1; 29 Nov 26 05:00:38 +0000",
		"Received: from a.example by c.example id <a@b> id X1; Sun, 29 Nov 2026 05:00:38 +0000",
	};
	size_t i, k;
	(void)state;
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		const char *f = fields[i];
		size_t len = strlen(f);
		struct rcvd_hop base;
		assert_int_equal(parse(f, &base), RCVD_OK);
		/* fold at every space (LF and CRLF): the verdict stays */
		for (k = 10; k < len; k++) {
			char buf[1024];
			struct rcvd_hop h;
			int crlf;
			if (f[k] != ' ')
				continue;
			for (crlf = 0; crlf < 2; crlf++) {
				size_t n = 0;
				memcpy(buf, f, k);
				n = k;
				if (crlf)
					buf[n++] = '\r';
				buf[n++] = '\n';
				memcpy(buf + n, f + k, len - k);
				n += len - k;
				rcvd_hop_init(&h);
				assert_int_equal(rcvd_parse(buf, n, &h, 0), RCVD_OK);
				if ((h.flags & RCVD_H_STRICT) != (base.flags & RCVD_H_STRICT))
					fail_msg("field %lu folded at %lu: verdict changed (%s)", (unsigned long)i,
					         (unsigned long)k, h.error ? h.error : "valid");
				assert_int_equal(h.by_name.len, base.by_name.len);
				assert_int_equal(h.epoch, base.epoch);
			}
		}
	}
}

/* ---- round trip: compose, parse, compare ---- */

static void pick(char *out, size_t cap, int hostile)
{
	static const char *const names[] = {"client.example", "mail.example.org", "a.b.c.example",
	                                    "xn--bcher-kva.example", "localhost", "[192.0.2.1]",
	                                    "[IPv6:2001:db8::1]", "b\xc3\xbc\x63her.example"};
	size_t n, k;
	if (!hostile) {
		snprintf(out, cap, "%s", names[rnd() % (sizeof names / sizeof names[0])]);
		return;
	}
	n = rnd() % (cap - 1);
	if (rnd() % 4 == 0)
		n = rnd() % 12;
	for (k = 0; k < n; k++) {
		static const char nasty[] = "()[]<>;:\\\" \t\r\n%=,@ with ESMTPA id by for tls\x80\xc3\xa9";
		out[k] = (rnd() % 3) ? (char)(0x21 + rnd() % 94) : nasty[rnd() % (sizeof nasty - 1)];
	}
	out[n] = '\0';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Percent-decodes (s, n) into out; returns the length. */
static size_t pct_decode(const char *s, size_t n, char *out)
{
	size_t i, o = 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n + 0 && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			out[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	return o;
}

static size_t roundtrip_count(void)
{
	const char *e = getenv("RCVD_ROUNDTRIP_N");
	if (e != NULL && *e != '\0')
		return (size_t)strtoul(e, NULL, 10);
	return 5000;
}

static void test_roundtrip(void **state)
{
	static const char *const addrs[] = {"192.0.2.1", "2001:db8::1", "::ffff:198.51.100.2",
	                                    "fe80::1%eth0", "2001:DB8:0:0:0:0:0:1", NULL};
	static const char *const ciphers[] = {"TLS_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
	                                      "0x1301", NULL};
	size_t runs = roundtrip_count(), i, strict = 0, composed = 0;
	(void)state;
	rng_state = 0x243F6A8885A308D3ull;
	for (i = 0; i < runs; i++) {
		struct rcvd_info in;
		struct rcvd_report rep;
		struct rcvd_hop h;
		char helo[200], rdns[200], rcpt[120], sender[120], ident[120], ver[40], buf[RCVD_FIELD_MAX];
		char dec[400], want_addr[RCVD_ADDR_MAX], got_addr[RCVD_ADDR_MAX];
		size_t need, la, lg;
		int hostile = (int)(rnd() % 2), rc;
		const char *addr = addrs[rnd() % (sizeof addrs / sizeof addrs[0])];
		const char *cipher = ciphers[rnd() % (sizeof ciphers / sizeof ciphers[0])];
		const char *kw;

		rcvd_info_init(&in);
		in.greeting = (enum rcvd_greeting)(1 + rnd() % 3);
		in.flags = in.greeting == RCVD_HELO ? 0 : (rnd() % 8) & (RCVD_TLS | RCVD_AUTH | RCVD_UTF8);
		if (in.greeting == RCVD_HELO && rnd() % 2)
			in.flags = RCVD_TLS;
		pick(helo, sizeof helo, hostile);
		pick(rdns, sizeof rdns, hostile && rnd() % 2);
		if (hostile) {
			pick(rcpt, sizeof rcpt, 1);
			pick(sender, sizeof sender, 1);
		} else {
			snprintf(rcpt, sizeof rcpt, "<u%u@example.net>", (unsigned)(rnd() % 100));
			snprintf(sender, sizeof sender, "s@example.org");
		}
		pick(ident, sizeof ident, hostile);
		snprintf(ver, sizeof ver, "%s", hostile ? "TLS v1.3 (x)" : "TLSv1.3");
		in.helo = rcvd_span_cstr(helo);
		in.rdns = rcvd_span_cstr(rdns);
		in.addr = rcvd_span_cstr(addr);
		in.host = rcvd_span_cstr(rnd() % 5 ? "mx.example.org" : "[192.0.2.99]");
		in.product = rcvd_span_cstr(rnd() % 2 ? "librcvd" : NULL);
		in.id = rcvd_span_cstr(rnd() % 3 ? "4ABC12" : (rnd() % 2 ? "<q.1@mx.example.org>" : NULL));
		in.rcpt = rcvd_span_cstr(rnd() % 4 ? rcpt : NULL);
		in.sender = rcvd_span_cstr(rnd() % 3 ? sender : NULL);
		in.identity = rcvd_span_cstr(ident);
		if (in.flags & RCVD_TLS) {
			in.tls_version = rcvd_span_cstr(ver);
			in.tls_cipher = rcvd_span_cstr(cipher);
			in.tls_bits = rnd() % 2 ? 256 : 0;
		}
		in.time = (int64_t)(rnd() % 4000000000u) - 1000000000;
		in.offset = (rnd() % 10 == 0) ? RCVD_ZONE_UNKNOWN : (int)(rnd() % 2879) - 1439;
		in.options = (rnd() % 2 ? RCVD_O_CRLF : 0) | (rnd() % 2 ? RCVD_O_SHOW_AUTH : 0) |
		             (rnd() % 8 == 0 ? RCVD_O_VALUE_ONLY : 0) |
		             (rnd() % 8 == 0 ? RCVD_O_HIDE_CLIENT : 0) |
		             (rnd() % 8 == 0 ? RCVD_O_NO_TLS_CLAUSE : 0) |
		             (rnd() % 8 == 0 ? RCVD_O_NO_TLS_COMMENT : 0);
		if (in.time < -2208988800 + 86400)
			in.time = -2208988800 + 86400;
		rc = rcvd_format(buf, sizeof buf, &in, &need, &rep);
		if (rc != RCVD_OK)
			continue; /* trusted-input errors (e.g. the zone id) say nothing here */
		composed++;
		rcvd_hop_init(&h);
		assert_int_equal(rcvd_parse(buf, need, &h, 0), RCVD_OK);
		spans_inside(&h, buf, need);
		if (!(h.flags & RCVD_H_STRICT))
			fail_msg("composed field not strict (%s at %lu):\n%s", h.error,
			         (unsigned long)h.error_offset, buf);
		strict++;
		/* the fields come back */
		ASSERT_SPAN(h.by_name, in.host.ptr);
		kw = rcvd_keyword(in.greeting, in.flags);
		ASSERT_SPAN(h.with, kw);
		assert_true(h.flags & RCVD_H_WITH_KNOWN);
		assert_int_equal(h.with_greeting, in.greeting);
		assert_true(h.flags & RCVD_H_DATE);
		assert_true(h.epoch == in.time);
		assert_int_equal(h.offset, in.offset);
		if (in.id.ptr != NULL)
			ASSERT_SPAN(h.id, in.id.ptr);
		else
			ASSERT_SPAN(h.id, NULL);
		if (in.greeting != RCVD_HELO || !(in.flags & RCVD_TLS))
			assert_int_equal((h.flags & RCVD_H_TLS) != 0, (in.flags & RCVD_TLS) != 0);
		else if (!(in.options & (RCVD_O_NO_TLS_COMMENT | RCVD_O_HIDE_CLIENT)))
			if (!(h.flags & RCVD_H_TLS)) /* SMTP says nothing; the comment does */
				fail_msg("no TLS read from\n%s", buf);
		if (in.flags & RCVD_AUTH)
			assert_true(h.flags & RCVD_H_AUTH);
		else if (in.greeting != RCVD_HELO)
			assert_false(h.flags & RCVD_H_AUTH);
		if ((in.flags & RCVD_TLS) && !(in.options & RCVD_O_NO_TLS_CLAUSE) && cipher != NULL &&
		    strcmp(cipher, "ECDHE-RSA-AES256-GCM-SHA384") != 0)
			ASSERT_SPAN(h.tls_clause, cipher);
		else
			ASSERT_SPAN(h.tls_clause, NULL);
		if (in.options & RCVD_O_HIDE_CLIENT) {
			ASSERT_SPAN(h.from_name, "unknown");
			ASSERT_SPAN(h.from_addr, NULL);
			ASSERT_SPAN(h.helo, NULL);
			continue;
		}
		if ((in.flags & RCVD_TLS) && !(in.options & RCVD_O_NO_TLS_COMMENT) && !hostile) {
			ASSERT_SPAN(h.tls_version, "TLSv1.3");
			ASSERT_SPAN(h.tls_cipher, cipher);
		}
		if ((in.flags & RCVD_AUTH) && (in.options & RCVD_O_SHOW_AUTH) && ident[0] != '\0' &&
		    h.auth_hint.ptr == NULL)
			fail_msg("no auth hint read from\n%s", buf);
		if (addr != NULL && rcvd_addr_normalize(addr, strlen(addr), want_addr, sizeof want_addr,
		                                        &la) == RCVD_OK) {
			assert_non_null(h.from_addr.ptr);
			assert_int_equal(rcvd_addr_normalize(h.from_addr.ptr, h.from_addr.len, got_addr,
			                                     sizeof got_addr, &lg), RCVD_OK);
			assert_string_equal(got_addr, want_addr);
		}
		/* the greeting: the FROM name, or the helo= comment that decodes
		 * back to it (or to its start, when cut) */
		if (h.helo.ptr != NULL) {
			size_t hl = h.helo.len, dn;
			if (hl >= 3 && memcmp(h.helo.ptr + hl - 3, "%..", 3) == 0)
				hl -= 3; /* the composer's mark of a cut token */
			dn = pct_decode(h.helo.ptr, hl, dec);
			if (dn > strlen(helo) || memcmp(dec, helo, dn) != 0)
				fail_msg("helo %s\nread back as %.*s\nin %s", helo, (int)h.helo.len, h.helo.ptr, buf);
			assert_memory_equal(dec, helo, dn);
			if (!(rep.truncated & RCVD_ITEM_HELO))
				assert_int_equal(dn, strlen(helo));
		} else if (helo[0] != '\0') {
			ASSERT_SPAN(h.from_name, helo);
		}
		if (in.rcpt.ptr != NULL && h.for_mailbox.ptr != NULL) {
			const char *r = in.rcpt.ptr;
			size_t rl = strlen(r);
			if (rl >= 2 && r[0] == '<' && r[rl - 1] == '>') {
				r++;
				rl -= 2;
			}
			assert_int_equal(h.for_mailbox.len, rl);
			assert_memory_equal(h.for_mailbox.ptr, r, rl);
		}
		if (!hostile && in.rcpt.ptr != NULL)
			assert_non_null(h.for_mailbox.ptr);
	}
	printf("round trip: %lu runs, %lu composed, %lu strict-valid and read back\n",
	       (unsigned long)runs, (unsigned long)composed, (unsigned long)strict);
	assert_true(composed > runs / 2);
	assert_int_equal(strict, composed);
}

static void test_hop_init(void **state)
{
	struct rcvd_hop h;
	(void)state;
	memset(&h, 0xAB, sizeof h);
	rcvd_hop_init(&h);
	assert_int_equal(h.size, sizeof h);
	assert_null(h.from_name.ptr);
	assert_null(h.error);
	assert_int_equal(h.flags, 0);
	rcvd_hop_init_size(NULL, sizeof h); /* no crash */
	/* a caller built against a smaller struct is refused, not overrun */
	memset(&h, 0, sizeof h);
	h.size = offsetof(struct rcvd_hop, comments);
	assert_int_equal(rcvd_parse("from a by b", 11, &h, 0), RCVD_E_ARG);
}

/* parse_lit.c judges address text without a struct: it must agree with
 * addr.c (rcvd_i_ip_parse, rcvd_i_addr_literal_ok) wherever no IPv4 number
 * has a leading zero, and differ only by Snum where one has. */
static void test_address_text(void **state)
{
	static const char alphabet[] = "0123456789abcdefABCDEF:::...%x[]Iv6P-";
	static const char *const fixed[] = {
		"192.0.2.1", "::", "::1", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::ffff:1.2.3.4",
		"fe80::1%eth0", "fe80::1%", "1.2.3.4%x", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4",
		"255.255.255.255", "256.1.1.1", "1.2.3", "1.2.3.4.", "12345::", ":1::", "1:::2",
		"[192.0.2.1]", "[IPv6:::1]", "[IPv6:1::2:3:4:5:6:7]", "[IPv6:1::2:3:4:5:6]", "[x:y]",
		"[2001:db8::1]", "[a-:b]", "[-a:b]", "[tag:]", "[tag:a]b]", "[ipv6:::]", "[]", "[1.2.3.4",
	};
	char buf[40];
	size_t i, k;
	struct rcvd_i_ip ip;
	(void)state;

	for (i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		size_t n = strlen(fixed[i]);
		if (rcvd_i_ip_ok(fixed[i], n, 0) != (rcvd_i_ip_parse(fixed[i], n, &ip) == 0))
			fail_msg("ip text \"%s\": parse_lit and addr.c disagree", fixed[i]);
		if (rcvd_i_literal_ok(fixed[i], n) != rcvd_i_addr_literal_ok(fixed[i], n))
			fail_msg("literal \"%s\": parse_lit and addr.c disagree", fixed[i]);
	}
	rng_state = 0x5eedf00du;
	for (i = 0; i < 300000; i++) {
		size_t n = 1 + rnd() % 24;
		int zero_led = 0;

		for (k = 0; k < n; k++)
			buf[k] = alphabet[rnd() % (sizeof alphabet - 1)];
		if (rnd() % 3 == 0) {
			buf[0] = '[';
			buf[n - 1] = ']';
		}
		/* a "0" followed by a digit: an octet may be zero-led */
		for (k = 0; k + 1 < n; k++)
			if (buf[k] == '0' && buf[k + 1] >= '0' && buf[k + 1] <= '9')
				zero_led = 1;
		if (rcvd_i_ip_ok(buf, n, 1) < rcvd_i_ip_ok(buf, n, 0))
			fail_msg("Snum refuses what the strict reading accepts: %.*s", (int)n, buf);
		if (rcvd_i_ip_ok(buf, n, 0) != (rcvd_i_ip_parse(buf, n, &ip) == 0))
			fail_msg("ip text \"%.*s\": parse_lit and addr.c disagree", (int)n, buf);
		if (!zero_led && rcvd_i_ip_ok(buf, n, 1) != rcvd_i_ip_ok(buf, n, 0))
			fail_msg("ip text \"%.*s\": Snum differs without a leading zero", (int)n, buf);
		if (!zero_led && rcvd_i_literal_ok(buf, n) != rcvd_i_addr_literal_ok(buf, n))
			fail_msg("literal \"%.*s\": parse_lit and addr.c disagree", (int)n, buf);
	}
	/* with a leading zero, only the Snum readings accept */
	assert_true(rcvd_i_ip_ok("010.1.2.3", 9, 1));
	assert_false(rcvd_i_ip_ok("010.1.2.3", 9, 0));
	assert_true(rcvd_i_literal_ok("[010.1.2.3]", 11));
	assert_false(rcvd_i_addr_literal_ok("[010.1.2.3]", 11));
	assert_true(rcvd_i_literal_ok("[IPv6:::ffff:01.2.3.4]", 22));
	assert_false(rcvd_i_literal_ok("[0010.1.2.3]", 12));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_forms),        cmocka_unit_test(test_with_decoded),
		cmocka_unit_test(test_strict_invalid), cmocka_unit_test(test_strict_valid),
		cmocka_unit_test(test_line_length),  cmocka_unit_test(test_line_rules_lf_crlf),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_comments),     cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_refold),       cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_hop_init),     cmocka_unit_test(test_address_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
