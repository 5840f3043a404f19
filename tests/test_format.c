/*
 * test_format.c -- the composer: every clause and option, folding, errors,
 * reports, the RCVD_FIELD_MAX bound and every output capacity.
 *
 * Expected fields are written out by hand from DESIGN.md's layout, not
 * captured from the composer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "internal.h"
#include "guard.h"
#include "rfc5321_check.h"

#define T0 1795928438 /* Sun, 29 Nov 2026 05:00:38 +0000 */
#define D "Sun, 29 Nov 2026 05:00:38 +0000"
#define HOST "mx.example.net"
#define AES "TLS_AES_256_GCM_SHA384"

#define I_HELO RCVD_ITEM_HELO
#define I_RDNS RCVD_ITEM_RDNS
#define I_ADDR RCVD_ITEM_ADDR
#define I_PROD RCVD_ITEM_PRODUCT
#define I_RCPT RCVD_ITEM_RCPT
#define I_SEND RCVD_ITEM_SENDER
#define I_IDEN RCVD_ITEM_IDENTITY
#define I_TLSV RCVD_ITEM_TLS_VERSION
#define I_TLSC RCVD_ITEM_TLS_CIPHER

/* One case: NULL strings are absent; host defaults to HOST, greeting to
 * EHLO, rcpt_count to 1 (use -1 for 0), time to T0. */
struct row {
	const char *name;
	int greeting;
	unsigned flags;
	const char *helo, *rdns, *addr, *host, *product, *id;
	const char *rcpt;
	int rcpt_count;
	const char *sender, *identity, *tls_version, *tls_cipher;
	unsigned tls_bits;
	unsigned options;
	int offset;
	const char *want;
	unsigned enc, drop, trunc;
};

static struct rcvd_span sp(const char *s)
{
	return rcvd_span_cstr(s);
}

static void fill(struct rcvd_info *in, const struct row *r)
{
	rcvd_info_init(in);
	in->greeting = r->greeting ? (enum rcvd_greeting)r->greeting : RCVD_EHLO;
	in->flags = r->flags;
	in->helo = sp(r->helo);
	in->rdns = sp(r->rdns);
	in->addr = sp(r->addr);
	in->host = sp(r->host ? r->host : HOST);
	in->product = sp(r->product);
	in->id = sp(r->id);
	in->rcpt = sp(r->rcpt);
	in->rcpt_count = r->rcpt_count < 0 ? 0 : r->rcpt_count == 0 ? 1 : (size_t)r->rcpt_count;
	in->sender = sp(r->sender);
	in->identity = sp(r->identity);
	in->tls_version = sp(r->tls_version);
	in->tls_cipher = sp(r->tls_cipher);
	in->tls_bits = r->tls_bits;
	in->time = T0;
	in->offset = r->offset;
	in->options = r->options;
}

/* Checks an output against the independent grammar checker and the line
 * limits. */
static void check_valid(const char *f, size_t n, int utf8)
{
	size_t off = 0, oct = 0, chars = 0;
	const char *why = NULL;

	if (!rfc5321_check(f, n, utf8, &off, &why))
		fail_msg("grammar: %s at %zu in\n%s", why ? why : "?", off, f);
	rfc5321_line_stats(f, n, &oct, &chars);
	assert_true(oct <= 998);
}

static const struct row rows[] = {
	{.name = "minimal",
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP;\n\t" D "\n"},
	{.name = "helo rdns v4",
	 .helo = "mail.example.org", .rdns = "mail.example.org", .addr = "192.0.2.1",
	 .want = "Received: from mail.example.org (mail.example.org [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n"},
	{.name = "rdns loses one trailing dot",
	 .helo = "mail.example.org", .rdns = "mail.example.org.", .addr = "192.0.2.1",
	 .want = "Received: from mail.example.org (mail.example.org [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n"},
	{.name = "no rdns",
	 .helo = "mail.example.org", .addr = "192.0.2.1",
	 .want = "Received: from mail.example.org (unknown [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n"},
	{.name = "rdns invalid",
	 .helo = "mail.example.org", .rdns = "bad_name.example", .addr = "192.0.2.1",
	 .want = "Received: from mail.example.org (unknown [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n",
	 .drop = I_RDNS},
	{.name = "rdns two trailing dots",
	 .rdns = "a.example..", .addr = "192.0.2.1",
	 .want = "Received: from [192.0.2.1] (unknown [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n",
	 .drop = I_RDNS},
	{.name = "rdns a dotted quad",
	 .helo = "mail.example.org", .rdns = "19.0.4.22", .addr = "192.0.2.1",
	 .want = "Received: from mail.example.org (unknown [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n",
	 .drop = I_RDNS},
	{.name = "rdns equal to a dotted-quad greeting",
	 .helo = "19.0.4.22", .rdns = "19.0.4.22.", .addr = "192.0.2.1",
	 .want = "Received: from 19.0.4.22 (unknown [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n",
	 .drop = I_RDNS},
	{.name = "rdns with a numeric last label",
	 .helo = "mail.example.org", .rdns = "host.example.123", .addr = "192.0.2.1",
	 .want = "Received: from mail.example.org (unknown [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n",
	 .drop = I_RDNS},
	{.name = "rdns with digits, not a numeric last label",
	 .helo = "mail.example.org", .rdns = "192-0-2-1.dsl.example", .addr = "192.0.2.1",
	 .want = "Received: from mail.example.org (192-0-2-1.dsl.example [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n"},
	{.name = "rdns a greeting word",
	 .helo = "mail.example.org", .rdns = "ehlO", .addr = "192.0.2.1",
	 .want = "Received: from mail.example.org (unknown [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n",
	 .drop = I_RDNS},
	{.name = "rdns equal to a greeting word greeting",
	 .helo = "Hello", .rdns = "hello.", .addr = "192.0.2.1",
	 .want = "Received: from Hello (unknown [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n",
	 .drop = I_RDNS},
	{.name = "rdns one letter more than a greeting word",
	 .helo = "mail.example.org", .rdns = "helos", .addr = "192.0.2.1",
	 .want = "Received: from mail.example.org (helos [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n"},
	{.name = "rdns the word that opens a TLS comment",
	 .rdns = "Using", .addr = "192.0.2.1",
	 .want = "Received: from [192.0.2.1] (unknown [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n",
	 .drop = I_RDNS},
	{.name = "rdns the word authenticated in another case",
	 .helo = "mail.example.org", .rdns = "autHentIcated", .addr = "192.0.2.1",
	 .want = "Received: from mail.example.org (unknown [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n",
	 .drop = I_RDNS},
	{.name = "rdns a word that begins like one",
	 .helo = "mail.example.org", .rdns = "usingx", .addr = "192.0.2.1",
	 .want = "Received: from mail.example.org (usingx [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n"},
	{.name = "rdns without address",
	 .helo = "mail.example.org", .rdns = "mail.example.org",
	 .want = "Received: from mail.example.org\n\tby " HOST " with ESMTP;\n\t" D "\n",
	 .drop = I_RDNS},
	{.name = "bad helo, address",
	 .helo = "x y", .addr = "192.0.2.1",
	 .want = "Received: from [192.0.2.1] (unknown [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP\n\t(helo=x%20y);\n\t" D "\n",
	 .enc = I_HELO},
	{.name = "bad helo, no address",
	 .helo = "x y",
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP\n\t(helo=x%20y);\n\t" D "\n",
	 .enc = I_HELO},
	{.name = "literal helo",
	 .helo = "[198.51.100.7]", .addr = "192.0.2.1",
	 .want = "Received: from [198.51.100.7] (unknown [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n"},
	{.name = "literal helo without address",
	 .helo = "[198.51.100.7]",
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP\n"
	         "\t(helo=%5B198.51.100.7%5D);\n\t" D "\n",
	 .enc = I_HELO},
	{.name = "IPv6 literal helo",
	 .helo = "[IPv6:2001:db8::7]", .addr = "2001:db8::1",
	 .want = "Received: from [IPv6:2001:db8::7] (unknown [IPv6:2001:db8::1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n"},
	{.name = "helo with trailing dot is kept, not encoded",
	 .helo = "mail.example.org.",
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP\n"
	         "\t(helo=mail.example.org.);\n\t" D "\n"},
	{.name = "empty helo",
	 .helo = "", .addr = "192.0.2.1",
	 .want = "Received: from [192.0.2.1] (unknown [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n"},
	{.name = "reader spoofing in helo",
	 .helo = "x with ESMTPA id FAKE by evil.example", .addr = "192.0.2.1",
	 .want = "Received: from [192.0.2.1] (unknown [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP\n"
	         "\t(helo=x%20with%20ESMTPA%20id%20FAKE%20by%20evil.example);\n\t" D "\n",
	 .enc = I_HELO},
	{.name = "percent and controls in helo",
	 .helo = "a%b\r\nX-Injected:\t1\x7f", .addr = "192.0.2.1",
	 .want = "Received: from [192.0.2.1] (unknown [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP\n"
	         "\t(helo=a%25b%0D%0AX-Injected%3A%091%7F);\n\t" D "\n",
	 .enc = I_HELO},
	{.name = "IPv6 canonical",
	 .addr = "2001:DB8:0:0:0:0:0:1",
	 .want = "Received: from [IPv6:2001:db8::1] (unknown [IPv6:2001:db8::1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n"},
	{.name = "v4-mapped is IPv4",
	 .addr = "::ffff:192.0.2.1",
	 .want = "Received: from [192.0.2.1] (unknown [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n"},
	{.name = "zone dropped",
	 .addr = "fe80::1%eth0",
	 .want = "Received: from [IPv6:fe80::1] (unknown [IPv6:fe80::1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n"},
	{.name = "bracketed tagged address text",
	 .addr = "[IPv6:2001:db8::1]",
	 .want = "Received: from [IPv6:2001:db8::1] (unknown [IPv6:2001:db8::1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n"},
	{.name = "TLS comment and clause",
	 .flags = RCVD_TLS, .tls_version = "TLSv1.3", .tls_cipher = AES, .tls_bits = 256,
	 .want = "Received: from unknown\n"
	         "\t(using TLSv1.3 with cipher " AES " (256/256 bits))\n"
	         "\tby " HOST " with ESMTPS\n\ttls " AES ";\n\t" D "\n"},
	{.name = "TLS version only",
	 .flags = RCVD_TLS, .tls_version = "TLSv1.2",
	 .want = "Received: from unknown\n\t(using TLSv1.2)\n"
	         "\tby " HOST " with ESMTPS;\n\t" D "\n"},
	{.name = "TLS cipher only",
	 .flags = RCVD_TLS, .tls_cipher = "TLS_AES_128_GCM_SHA256",
	 .want = "Received: from unknown\n\t(using cipher TLS_AES_128_GCM_SHA256)\n"
	         "\tby " HOST " with ESMTPS\n\ttls TLS_AES_128_GCM_SHA256;\n\t" D "\n"},
	{.name = "TLS bits only",
	 .flags = RCVD_TLS, .tls_bits = 128,
	 .want = "Received: from unknown\n\tby " HOST " with ESMTPS;\n\t" D "\n"},
	{.name = "OpenSSL cipher name stays in the comment",
	 .flags = RCVD_TLS, .tls_version = "TLSv1.2",
	 .tls_cipher = "ECDHE-RSA-AES256-GCM-SHA384", .tls_bits = 256,
	 .want = "Received: from unknown\n"
	         "\t(using TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits))\n"
	         "\tby " HOST " with ESMTPS;\n\t" D "\n"},
	{.name = "OpenSSL cipher, no comment: dropped",
	 .flags = RCVD_TLS, .tls_cipher = "ECDHE-RSA-AES256-GCM-SHA384",
	 .options = RCVD_O_NO_TLS_COMMENT,
	 .want = "Received: from unknown\n\tby " HOST " with ESMTPS;\n\t" D "\n",
	 .drop = I_TLSC},
	{.name = "both TLS outputs off: not reported",
	 .flags = RCVD_TLS, .tls_version = "TLSv1.3", .tls_cipher = AES,
	 .options = RCVD_O_NO_TLS_COMMENT | RCVD_O_NO_TLS_CLAUSE,
	 .want = "Received: from unknown\n\tby " HOST " with ESMTPS;\n\t" D "\n"},
	{.name = "no TLS clause",
	 .flags = RCVD_TLS, .tls_version = "TLSv1.3", .tls_cipher = AES,
	 .options = RCVD_O_NO_TLS_CLAUSE,
	 .want = "Received: from unknown\n\t(using TLSv1.3 with cipher " AES ")\n"
	         "\tby " HOST " with ESMTPS;\n\t" D "\n"},
	{.name = "no TLS comment",
	 .flags = RCVD_TLS, .tls_version = "TLSv1.3", .tls_cipher = AES,
	 .options = RCVD_O_NO_TLS_COMMENT,
	 .want = "Received: from unknown\n\tby " HOST " with ESMTPS\n\ttls " AES ";\n\t" D "\n"},
	{.name = "TLS strings without TLS",
	 .tls_version = "TLSv1.3", .tls_cipher = AES,
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP;\n\t" D "\n"},
	{.name = "hex cipher code",
	 .flags = RCVD_TLS, .tls_cipher = "0x1302", .options = RCVD_O_NO_TLS_COMMENT,
	 .want = "Received: from unknown\n\tby " HOST " with ESMTPS\n\ttls 0x1302;\n\t" D "\n"},
	{.name = "short hex cipher code",
	 .flags = RCVD_TLS, .tls_cipher = "0x13",
	 .want = "Received: from unknown\n\t(using cipher 0x13)\n"
	         "\tby " HOST " with ESMTPS;\n\t" D "\n"},
	{.name = "cipher starting with a digit",
	 .flags = RCVD_TLS, .tls_cipher = "1TLS_X", .options = RCVD_O_NO_TLS_COMMENT,
	 .want = "Received: from unknown\n\tby " HOST " with ESMTPS;\n\t" D "\n",
	 .drop = I_TLSC},
	{.name = "hostile TLS strings",
	 .flags = RCVD_TLS, .tls_version = "TLS 1.3 (x)", .tls_cipher = "a;b",
	 .want = "Received: from unknown\n"
	         "\t(using TLS%201.3%20%28x%29 with cipher a%3Bb)\n"
	         "\tby " HOST " with ESMTPS;\n\t" D "\n",
	 .enc = I_TLSV | I_TLSC},
	{.name = "reader words in helo and sender",
	 .helo = "authenticated(", .sender = "by evil", .addr = "192.0.2.1",
	 .want = "Received: from [192.0.2.1] (unknown [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP\n\t(helo=%61uthenticated%28)\n"
	         "\t(envelope-from %62y%20evil);\n\t" D "\n",
	 .enc = I_HELO | I_SEND},
	{.name = "reader word as TLS strings",
	 .flags = RCVD_TLS, .tls_version = "authenticated", .tls_cipher = "by",
	 .want = "Received: from unknown\n"
	         "\t(using %61uthenticated with cipher %62y)\n"
	         "\tby " HOST " with ESMTPS;\n\t" D "\n",
	 .enc = I_TLSV | I_TLSC},
	{.name = "authenticated as IANA-shaped cipher",
	 .flags = RCVD_TLS, .tls_cipher = "TLS_authenticated",
	 .want = "Received: from unknown\n"
	         "\t(using cipher TLS_%61uthenticated)\n"
	         "\tby " HOST " with ESMTPS;\n\t" D "\n",
	 .enc = I_TLSC},
	{.name = "Exim in an IANA-shaped cipher, any case",
	 .flags = RCVD_TLS, .tls_cipher = "TLS_EXIM_AES",
	 .want = "Received: from unknown\n"
	         "\t(using cipher TLS_%45XIM_AES)\n"
	         "\tby " HOST " with ESMTPS;\n\t" D "\n",
	 .enc = I_TLSC},
	{.name = "cipher beginning like a clause",
	 .flags = RCVD_TLS, .tls_cipher = "BY_AES",
	 .want = "Received: from unknown\n"
	         "\t(using cipher %42Y_AES)\n"
	         "\tby " HOST " with ESMTPS;\n\t" D "\n",
	 .enc = I_TLSC},
	{.name = "cipher with the letters of a word, not the word",
	 .flags = RCVD_TLS, .tls_cipher = "TLS_RETURN_AUTH_EXAM",
	 .want = "Received: from unknown\n"
	         "\t(using cipher TLS_RETURN_AUTH_EXAM)\n"
	         "\tby " HOST " with ESMTPS\n\ttls TLS_RETURN_AUTH_EXAM;\n\t" D "\n"},
	{.name = "clause word as greeting",
	 .helo = "id", .addr = "192.0.2.1",
	 .want = "Received: from [192.0.2.1] (unknown [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP\n\t(helo=%69d);\n\t" D "\n",
	 .enc = I_HELO},
	{.name = "Exim in greeting, rDNS, sender and recipient",
	 .helo = "Exim.example", .rdns = "Exim.example", .addr = "192.0.2.1",
	 .sender = "Exim@example.org", .rcpt = "Exim@example.net",
	 .want = "Received: from [192.0.2.1] (unknown [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP\n\t(helo=%45xim.example)\n"
	         "\t(envelope-from %45xim@example.org);\n\t" D "\n",
	 .enc = I_HELO | I_SEND, .drop = I_RDNS | I_RCPT},
	{.name = "lower-case exim names stay",
	 .helo = "exim.example", .rdns = "exim.example", .addr = "192.0.2.1",
	 .rcpt = "exim-users@lists.exim.org",
	 .want = "Received: from exim.example (exim.example [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP\n\tfor <exim-users@lists.exim.org>;\n\t" D "\n"},
	{.name = "authenticated in a recipient",
	 .rcpt = "authenticated@example.net", .rdns = "authenticated.example",
	 .addr = "192.0.2.1",
	 .want = "Received: from [192.0.2.1] (unknown [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n",
	 .drop = I_RDNS | I_RCPT},
	{.name = "clause words as TLS strings",
	 .flags = RCVD_TLS, .tls_version = "id", .tls_cipher = "id", .tls_bits = 256,
	 .want = "Received: from unknown\n"
	         "\t(using %69d with cipher %69d (256/256 bits))\n"
	         "\tby " HOST " with ESMTPS;\n\t" D "\n",
	 .enc = I_TLSV | I_TLSC},
	{.name = "authenticated identity",
	 .flags = RCVD_AUTH, .identity = "alice", .options = RCVD_O_SHOW_AUTH,
	 .addr = "192.0.2.1",
	 .want = "Received: from [192.0.2.1] (unknown [192.0.2.1])\n"
	         "\t(authenticated as alice)\n\tby " HOST " with ESMTPA;\n\t" D "\n"},
	{.name = "identity not asked for",
	 .flags = RCVD_AUTH, .identity = "alice",
	 .want = "Received: from unknown\n\tby " HOST " with ESMTPA;\n\t" D "\n"},
	{.name = "identity without AUTH",
	 .identity = "alice", .options = RCVD_O_SHOW_AUTH,
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP;\n\t" D "\n",
	 .drop = I_IDEN},
	{.name = "hostile identity",
	 .flags = RCVD_AUTH, .identity = "a b(c)", .options = RCVD_O_SHOW_AUTH,
	 .want = "Received: from unknown\n\t(authenticated as a%20b%28c%29)\n"
	         "\tby " HOST " with ESMTPA;\n\t" D "\n",
	 .enc = I_IDEN},
	{.name = "order of the comments",
	 .flags = RCVD_TLS | RCVD_AUTH, .identity = "alice", .options = RCVD_O_SHOW_AUTH,
	 .tls_version = "TLSv1.3", .helo = "(x)", .sender = "a@example.org",
	 .want = "Received: from unknown\n\t(using TLSv1.3)\n\t(authenticated as alice)\n"
	         "\tby " HOST " with ESMTPSA\n\t(helo=%28x%29)\n"
	         "\t(envelope-from <a@example.org>);\n\t" D "\n",
	 .enc = I_HELO},
	{.name = "atom id",
	 .id = "4Fq1x2Yz",
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP id 4Fq1x2Yz;\n\t" D "\n"},
	{.name = "msg-id id",
	 .id = "<20261129.1@mx.example.net>",
	 .want = "Received: from unknown\n\tby " HOST
	         " with ESMTP id <20261129.1@mx.example.net>;\n\t" D "\n"},
	{.name = "msg-id with literal",
	 .id = "<a.b@[10.0.0.1]>",
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP id <a.b@[10.0.0.1]>;\n\t" D "\n"},
	{.name = "empty id is absent",
	 .id = "",
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP;\n\t" D "\n"},
	{.name = "product",
	 .product = "Postfix",
	 .want = "Received: from unknown\n\tby " HOST " (Postfix) with ESMTP;\n\t" D "\n"},
	{.name = "product encoded",
	 .product = "librcvd 0.1",
	 .want = "Received: from unknown\n\tby " HOST " (librcvd%200.1) with ESMTP;\n\t" D "\n",
	 .enc = I_PROD},
	{.name = "literal host gets TCP-info",
	 .host = "[192.0.2.25]",
	 .want = "Received: from unknown\n\tby [192.0.2.25] ([192.0.2.25]) with ESMTP;\n\t" D "\n"},
	{.name = "literal host in canonical form",
	 .host = "[IPv6:2001:DB8:0:0:0:0:0:25]",
	 .want = "Received: from unknown\n\tby [IPv6:2001:db8::25] ([IPv6:2001:db8::25])"
	         " with ESMTP;\n\t" D "\n"},
	{.name = "literal host, tag in lower case",
	 .host = "[ipv6:::ffff:192.0.2.25]",
	 .want = "Received: from unknown\n\tby [192.0.2.25] ([192.0.2.25]) with ESMTP;\n\t" D "\n"},
	{.name = "general literal host stays",
	 .host = "[x-tag:Some-Thing]",
	 .want = "Received: from unknown\n\tby [x-tag:Some-Thing] ([x-tag:Some-Thing])"
	         " with ESMTP;\n\t" D "\n"},
	{.name = "general address literal greeting is no FROM name",
	 /* '"' ( ) ; may stand in a General-address-literal; readers took
	 * them for the end of the name (fuzz_compose) */
	 .helo = "[APv6:fe80\":1]", .addr = "192.0.2.1",
	 .want = "Received: from [192.0.2.1] (unknown [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP\n"
	         "\t(helo=%5BAPv6%3Afe80%22%3A1%5D);\n\t" D "\n",
	 .enc = I_HELO},
	{.name = "valid general address literal greeting is no FROM name",
	 .helo = "[x-tag:Some-Thing]", .addr = "192.0.2.1",
	 .want = "Received: from [192.0.2.1] (unknown [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP\n"
	         "\t(helo=%5Bx-tag%3ASome-Thing%5D);\n\t" D "\n",
	 .enc = I_HELO},
	{.name = "IPv6 literal greeting in canonical form",
	 .helo = "[ipv6:2001:DB8:0::7]", .addr = "2001:db8::1",
	 .want = "Received: from [IPv6:2001:db8::7] (unknown [IPv6:2001:db8::1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n"},
	{.name = "sender",
	 .sender = "<alice@example.org>",
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP\n"
	         "\t(envelope-from <alice@example.org>);\n\t" D "\n"},
	{.name = "sender without brackets",
	 .sender = "alice@example.org",
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP\n"
	         "\t(envelope-from <alice@example.org>);\n\t" D "\n"},
	{.name = "null sender <>",
	 .sender = "<>",
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP\n"
	         "\t(envelope-from <>);\n\t" D "\n"},
	{.name = "null sender empty",
	 .sender = "",
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP\n"
	         "\t(envelope-from <>);\n\t" D "\n"},
	{.name = "quoted sender encoded",
	 .sender = "<\"a b\"@example.org>",
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP\n"
	         "\t(envelope-from %22a%20b%22@example.org);\n\t" D "\n",
	 .enc = I_SEND},
	{.name = "sender not a mailbox, nothing to encode",
	 .sender = "postmaster",
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP\n"
	         "\t(envelope-from postmaster);\n\t" D "\n"},
	{.name = "recipient",
	 .rcpt = "<bob@example.net>",
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP\n"
	         "\tfor <bob@example.net>;\n\t" D "\n"},
	{.name = "recipient without brackets",
	 .rcpt = "bob@example.net",
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP\n"
	         "\tfor <bob@example.net>;\n\t" D "\n"},
	{.name = "recipient at a literal",
	 .rcpt = "bob@[192.0.2.9]",
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP\n"
	         "\tfor <bob@[192.0.2.9]>;\n\t" D "\n"},
	{.name = "recipient at a general literal",
	 .rcpt = "bob@[x-tag:a.b]",
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP\n"
	         "\tfor <bob@[x-tag:a.b]>;\n\t" D "\n"},
	/* ( ) ; " < > , may stand in a General-address-literal; "(" made our
	 * reader take the rest of the field for a comment (fuzz_compose) */
	{.name = "recipient at a literal holding ( dropped",
	 .rcpt = "<user@[663:0.3(5]>",
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP;\n\t" D "\n",
	 .drop = I_RCPT},
	{.name = "recipient at a literal holding ; dropped",
	 .rcpt = "user@[x:a;b]",
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP;\n\t" D "\n",
	 .drop = I_RCPT},
	{.name = "recipient at a literal holding > dropped",
	 .rcpt = "user@[x:a>b]",
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP;\n\t" D "\n",
	 .drop = I_RCPT},
	{.name = "two recipients: no FOR",
	 .rcpt = "bob@example.net", .rcpt_count = 2,
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP;\n\t" D "\n",
	 .drop = I_RCPT},
	{.name = "zero recipients: no FOR",
	 .rcpt = "bob@example.net", .rcpt_count = -1,
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP;\n\t" D "\n",
	 .drop = I_RCPT},
	{.name = "forced FOR",
	 .rcpt = "bob@example.net", .rcpt_count = 5, .options = RCVD_O_FORCE_FOR,
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP\n"
	         "\tfor <bob@example.net>;\n\t" D "\n"},
	{.name = "quoted recipient dropped",
	 .rcpt = "<\"bob smith\"@example.net>",
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP;\n\t" D "\n",
	 .drop = I_RCPT},
	{.name = "recipient with a source route dropped",
	 .rcpt = "<@relay.example:bob@example.net>",
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP;\n\t" D "\n",
	 .drop = I_RCPT},
	{.name = "UTF-8 recipient outside SMTPUTF8 dropped",
	 .rcpt = "j\xc3\xb6ran@example.net",
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP;\n\t" D "\n",
	 .drop = I_RCPT},
	{.name = "UTF-8 recipient in SMTPUTF8",
	 .flags = RCVD_UTF8, .rcpt = "j\xc3\xb6ran@example.net",
	 .want = "Received: from unknown\n\tby " HOST " with UTF8SMTP\n"
	         "\tfor <j\xc3\xb6ran@example.net>;\n\t" D "\n"},
	{.name = "bidi override in a recipient dropped",
	 .flags = RCVD_UTF8, .rcpt = "a\xe2\x80\xae" "b@example.net",
	 .want = "Received: from unknown\n\tby " HOST " with UTF8SMTP;\n\t" D "\n",
	 .drop = I_RCPT},
	{.name = "FOR then tls clause",
	 .flags = RCVD_TLS, .rcpt = "bob@example.net", .tls_cipher = AES,
	 .options = RCVD_O_NO_TLS_COMMENT,
	 .want = "Received: from unknown\n\tby " HOST " with ESMTPS\n"
	         "\tfor <bob@example.net> tls " AES ";\n\t" D "\n"},
	{.name = "U-label helo in SMTPUTF8",
	 .flags = RCVD_UTF8, .helo = "b\xc3\xbc" "cher.example", .addr = "192.0.2.1",
	 .want = "Received: from b\xc3\xbc" "cher.example (unknown [192.0.2.1])\n"
	         "\tby " HOST " with UTF8SMTP;\n\t" D "\n"},
	{.name = "U-label helo outside SMTPUTF8",
	 .helo = "b\xc3\xbc" "cher.example", .addr = "192.0.2.1",
	 .want = "Received: from [192.0.2.1] (unknown [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP\n\t(helo=b%C3%BCcher.example);\n\t" D "\n",
	 .enc = I_HELO},
	{.name = "bidi override in a U-label helo",
	 .flags = RCVD_UTF8, .helo = "b\xc3\xbc\xe2\x80\xae" "cher.example",
	 .want = "Received: from unknown\n\tby " HOST " with UTF8SMTP\n"
	         "\t(helo=b\xc3\xbc%E2%80%AEcher.example);\n\t" D "\n",
	 .enc = I_HELO},
	{.name = "SMTPUTF8 after HELO stays ASCII",
	 .greeting = RCVD_HELO, .flags = RCVD_UTF8, .helo = "b\xc3\xbc" "cher.example",
	 .want = "Received: from unknown\n\tby " HOST " with SMTP\n"
	         "\t(helo=b%C3%BCcher.example);\n\t" D "\n",
	 .enc = I_HELO},
	{.name = "HELO with TLS and AUTH is SMTP",
	 .greeting = RCVD_HELO, .flags = RCVD_TLS | RCVD_AUTH,
	 .want = "Received: from unknown\n\tby " HOST " with SMTP;\n\t" D "\n"},
	{.name = "LHLO everything",
	 .greeting = RCVD_LHLO, .flags = RCVD_TLS | RCVD_AUTH | RCVD_UTF8,
	 .want = "Received: from unknown\n\tby " HOST " with UTF8LMTPSA;\n\t" D "\n"},
	{.name = "CRLF",
	 .options = RCVD_O_CRLF, .sender = "<>",
	 .want = "Received: from unknown\r\n\tby " HOST " with ESMTP\r\n"
	         "\t(envelope-from <>);\r\n\t" D "\r\n"},
	{.name = "value only",
	 .options = RCVD_O_VALUE_ONLY,
	 .want = "from unknown\n\tby " HOST " with ESMTP;\n\t" D},
	{.name = "value only CRLF",
	 .options = RCVD_O_VALUE_ONLY | RCVD_O_CRLF,
	 .want = "from unknown\r\n\tby " HOST " with ESMTP;\r\n\t" D},
	{.name = "zone unknown",
	 .offset = RCVD_ZONE_UNKNOWN,
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP;\n\t"
	         "Sun, 29 Nov 2026 05:00:38 -0000\n"},
	{.name = "zone +0530",
	 .offset = 330,
	 .want = "Received: from unknown\n\tby " HOST " with ESMTP;\n\t"
	         "Sun, 29 Nov 2026 10:30:38 +0530\n"},
	{.name = "privacy mode",
	 .flags = RCVD_TLS | RCVD_AUTH, .helo = "laptop", .rdns = "dsl.example",
	 .addr = "192.0.2.1", .product = "librcvd", .id = "Q1", .rcpt = "bob@example.net",
	 .sender = "alice@example.org", .identity = "alice", .tls_version = "TLSv1.3",
	 .tls_cipher = AES, .tls_bits = 256, .options = RCVD_O_HIDE_CLIENT | RCVD_O_SHOW_AUTH,
	 .want = "Received: from unknown\n\tby " HOST " (librcvd) with ESMTPSA id Q1\n"
	         "\tfor <bob@example.net> tls " AES ";\n\t" D "\n",
	 .drop = I_HELO | I_RDNS | I_ADDR | I_SEND | I_IDEN | I_TLSV},
	{.name = "privacy mode, OpenSSL cipher",
	 .flags = RCVD_TLS, .tls_cipher = "ECDHE-RSA-AES256-GCM-SHA384",
	 .options = RCVD_O_HIDE_CLIENT,
	 .want = "Received: from unknown\n\tby " HOST " with ESMTPS;\n\t" D "\n",
	 .drop = I_TLSC},
	{.name = "soft fold before a long TCP-info",
	 .helo = "aaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbb.cccccccccccccccccccc",
	 .rdns = "aaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbb.cccccccccccccccccccc",
	 .addr = "192.0.2.1",
	 .want = "Received: from aaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbb.cccccccccccccccccccc\n"
	         "\t(aaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbb.cccccccccccccccccccc [192.0.2.1])\n"
	         "\tby " HOST " with ESMTP;\n\t" D "\n"},
	{.name = "line of exactly 78 does not fold",
	 .id = "12345678901234567890123456789012345678901234",
	 .want = "Received: from unknown\n"
	         "\tby " HOST " with ESMTP id 12345678901234567890123456789012345678901234;\n"
	         "\t" D "\n"},
	{.name = "line of 79 folds",
	 .id = "123456789012345678901234567890123456789012345",
	 .want = "Received: from unknown\n"
	         "\tby " HOST " with ESMTP id\n"
	         "\t123456789012345678901234567890123456789012345;\n\t" D "\n"},
	{.name = "value only folds as if the name were there",
	 .options = RCVD_O_VALUE_ONLY,
	 .helo = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bc", /* 66 octets: 14 + 1 + 66 > 78 */
	 .addr = "192.0.2.1",
	 .want = "from\n\taaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bc (unknown\n"
	         "\t[192.0.2.1])\n\tby " HOST " with ESMTP;\n\t" D},
};

static void test_rows(void **state)
{
	char buf[RCVD_FIELD_MAX];
	struct rcvd_info in;
	struct rcvd_report rep;
	size_t i, need;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *r = &rows[i];
		int st;

		fill(&in, r);
		memset(&rep, 0xa5, sizeof rep);
		st = rcvd_format(buf, sizeof buf, &in, &need, &rep);
		if (st != RCVD_OK)
			fail_msg("%s: status %d", r->name, st);
		if (strcmp(buf, r->want) != 0)
			fail_msg("%s:\ngot:\n%s\nwant:\n%s", r->name, buf, r->want);
		assert_int_equal(need, strlen(r->want));
		if (rep.encoded != r->enc || rep.dropped != r->drop ||
		    rep.truncated != r->trunc)
			fail_msg("%s: report enc %x drop %x trunc %x, want %x %x %x",
			         r->name, rep.encoded, rep.dropped, rep.truncated,
			         r->enc, r->drop, r->trunc);
		check_valid(buf, need, (r->flags & RCVD_UTF8) != 0);
	}
}

/* ---- the full drawing ---- */

static void full_info(struct rcvd_info *in)
{
	rcvd_info_init(in);
	in->greeting = RCVD_EHLO;
	in->flags = RCVD_TLS | RCVD_AUTH;
	in->helo = sp("mail.example.org");
	in->rdns = sp("mail.example.org.");
	in->addr = sp("2001:DB8::1");
	in->host = sp(HOST);
	in->product = sp("librcvd");
	in->id = sp("4Fq1x2Yz");
	in->rcpt = sp("<bob@example.net>");
	in->sender = sp("alice@example.org");
	in->identity = sp("alice");
	in->tls_version = sp("TLSv1.3");
	in->tls_cipher = sp(AES);
	in->tls_bits = 256;
	in->options = RCVD_O_SHOW_AUTH;
	in->time = T0;
}

static const char full_want[] =
	"Received: from mail.example.org (mail.example.org [IPv6:2001:db8::1])\n"
	"\t(using TLSv1.3 with cipher " AES " (256/256 bits))\n"
	"\t(authenticated as alice)\n"
	"\tby " HOST " (librcvd) with ESMTPSA id 4Fq1x2Yz\n"
	"\t(envelope-from <alice@example.org>)\n"
	"\tfor <bob@example.net> tls " AES ";\n"
	"\t" D "\n";

static void test_full(void **state)
{
	char buf[RCVD_FIELD_MAX];
	struct rcvd_info in;
	size_t need;

	(void)state;
	full_info(&in);
	assert_int_equal(rcvd_format(buf, sizeof buf, &in, &need, NULL), RCVD_OK);
	assert_string_equal(buf, full_want);
	assert_int_equal(need, sizeof full_want - 1);
	check_valid(buf, need, 0);
}

/* ---- sockaddr input ---- */

static void test_sockaddr(void **state)
{
	char buf[RCVD_FIELD_MAX];
	struct rcvd_info in;
	struct sockaddr_in s4;
	struct sockaddr_in6 s6;
	struct sockaddr_storage other;
	size_t need;

	(void)state;
	rcvd_info_init(&in);
	in.greeting = RCVD_EHLO;
	in.host = sp(HOST);
	in.time = T0;
	in.addr = sp("198.51.100.1"); /* the sockaddr wins */

	memset(&s4, 0, sizeof s4);
	s4.sin_family = AF_INET;
	assert_int_equal(inet_pton(AF_INET, "192.0.2.1", &s4.sin_addr), 1);
	in.addr_sa = (const struct sockaddr *)&s4;
	assert_int_equal(rcvd_format(buf, sizeof buf, &in, &need, NULL), RCVD_OK);
	assert_string_equal(buf, "Received: from [192.0.2.1] (unknown [192.0.2.1])\n"
	                         "\tby " HOST " with ESMTP;\n\t" D "\n");

	memset(&s6, 0, sizeof s6);
	s6.sin6_family = AF_INET6;
	assert_int_equal(inet_pton(AF_INET6, "2001:db8:0:0:1:0:0:1", &s6.sin6_addr), 1);
	in.addr_sa = (const struct sockaddr *)&s6;
	assert_int_equal(rcvd_format(buf, sizeof buf, &in, &need, NULL), RCVD_OK);
	assert_string_equal(buf, "Received: from [IPv6:2001:db8::1:0:0:1]"
	                         " (unknown [IPv6:2001:db8::1:0:0:1])\n"
	                         "\tby " HOST " with ESMTP;\n\t" D "\n");

	assert_int_equal(inet_pton(AF_INET6, "::ffff:192.0.2.77", &s6.sin6_addr), 1);
	assert_int_equal(rcvd_format(buf, sizeof buf, &in, &need, NULL), RCVD_OK);
	assert_string_equal(buf, "Received: from [192.0.2.77] (unknown [192.0.2.77])\n"
	                         "\tby " HOST " with ESMTP;\n\t" D "\n");

	memset(&other, 0, sizeof other);
	other.ss_family = AF_UNIX;
	in.addr_sa = (const struct sockaddr *)&other;
	assert_int_equal(rcvd_format(buf, sizeof buf, &in, &need, NULL), RCVD_E_ADDRESS);
	assert_string_equal(buf, "");
	assert_int_equal(need, 0);
}

/* ---- sessions ---- */

static void test_session(void **state)
{
	char buf[RCVD_FIELD_MAX];
	struct rcvd_session s;
	struct rcvd_info in;
	struct rcvd_report rep;
	size_t need = 99;

	(void)state;
	rcvd_session_init(&s);
	rcvd_info_init(&in);
	in.host = sp(HOST);
	in.time = T0;
	in.session = &s;
	in.greeting = RCVD_EHLO;        /* ignored: the session wins */
	in.helo = sp("ignored.example"); /* likewise */
	strcpy(buf, "junk");
	assert_int_equal(rcvd_format(buf, sizeof buf, &in, &need, NULL), RCVD_E_NOGREETING);
	assert_string_equal(buf, "");
	assert_int_equal(need, 0);

	assert_int_equal(rcvd_session_connect(&s, 0), RCVD_OK);
	assert_int_equal(rcvd_session_greeting(&s, RCVD_EHLO, "client.example", 14), RCVD_OK);
	assert_int_equal(rcvd_session_starttls(&s), RCVD_OK);
	assert_int_equal(rcvd_format(buf, sizeof buf, &in, &need, NULL), RCVD_E_NOGREETING);

	assert_int_equal(rcvd_session_greeting(&s, RCVD_EHLO, "x y", 3), RCVD_OK);
	assert_int_equal(rcvd_session_auth(&s, "alice", 5), RCVD_OK);
	assert_int_equal(rcvd_session_mail(&s, 1), RCVD_OK);
	in.options = RCVD_O_SHOW_AUTH;
	in.identity = sp("ignored");
	assert_int_equal(rcvd_format(buf, sizeof buf, &in, &need, &rep), RCVD_OK);
	assert_string_equal(buf, "Received: from unknown\n\t(authenticated as alice)\n"
	                         "\tby " HOST " with UTF8SMTPSA\n\t(helo=x%20y);\n\t" D "\n");
	assert_int_equal(rep.encoded, I_HELO);
}

static void test_session_cut_greeting(void **state)
{
	char buf[RCVD_FIELD_MAX], arg[600];
	struct rcvd_session s;
	struct rcvd_info in;
	struct rcvd_report rep;
	size_t need;

	(void)state;
	memset(arg, 'a', sizeof arg);
	rcvd_session_init(&s);
	assert_int_equal(rcvd_session_connect(&s, 0), RCVD_OK);
	assert_int_equal(rcvd_session_greeting(&s, RCVD_EHLO, arg, sizeof arg), RCVD_OK);
	rcvd_info_init(&in);
	in.host = sp(HOST);
	in.time = T0;
	in.session = &s;
	assert_int_equal(rcvd_format(buf, sizeof buf, &in, &need, &rep), RCVD_OK);
	assert_int_equal(rep.truncated, I_HELO);
	assert_non_null(strstr(buf, "(helo=aaaa"));
	assert_non_null(strstr(buf, "aaa%..);"));
}

/* ---- errors for trusted input ---- */

struct err_row {
	const char *name;
	const char *host, *id, *addr;
	int64_t time;
	int offset;
	int greeting;
	unsigned flags;
	int want;
};

static const struct err_row err_rows[] = {
	{"empty host", "", NULL, NULL, T0, 0, 0, 0, RCVD_E_HOST},
	{"host with empty label", "mx..example", NULL, NULL, T0, 0, 0, 0, RCVD_E_HOST},
	{"host leading hyphen", "-mx.example", NULL, NULL, T0, 0, 0, 0, RCVD_E_HOST},
	{"host trailing dot", "mx.example.", NULL, NULL, T0, 0, 0, 0, RCVD_E_HOST},
	{"host underscore", "mx_1.example", NULL, NULL, T0, 0, 0, 0, RCVD_E_HOST},
	{"host bad literal", "[300.1.1.1]", NULL, NULL, T0, 0, 0, 0, RCVD_E_HOST},
	{"host with space", "mx example", NULL, NULL, T0, 0, 0, 0, RCVD_E_HOST},
	{"U-label host outside SMTPUTF8", "b\xc3\xbc" "cher.example", NULL, NULL, T0, 0, 0, 0,
	 RCVD_E_HOST},
	{"id with space", HOST, "a b", NULL, T0, 0, 0, 0, RCVD_E_ID},
	{"id with parenthesis", HOST, "a(b)", NULL, T0, 0, 0, 0, RCVD_E_ID},
	{"id unclosed msg-id", HOST, "<a@b", NULL, T0, 0, 0, 0, RCVD_E_ID},
	{"id empty left", HOST, "<@b>", NULL, T0, 0, 0, 0, RCVD_E_ID},
	{"id two at signs", HOST, "<a@b@c>", NULL, T0, 0, 0, 0, RCVD_E_ID},
	{"id with semicolon", HOST, "a;b", NULL, T0, 0, 0, 0, RCVD_E_ID},
	{"address out of range", HOST, NULL, "300.1.2.3", T0, 0, 0, 0, RCVD_E_ADDRESS},
	{"address is a name", HOST, NULL, "example.com", T0, 0, 0, 0, RCVD_E_ADDRESS},
	{"address short", HOST, NULL, "1.2.3", T0, 0, 0, 0, RCVD_E_ADDRESS},
	{"address two ::", HOST, NULL, "1::2::3", T0, 0, 0, 0, RCVD_E_ADDRESS},
	{"zone +2400", HOST, NULL, NULL, T0, 1440, 0, 0, RCVD_E_ZONE},
	{"zone -2400", HOST, NULL, NULL, T0, -1440, 0, 0, RCVD_E_ZONE},
	{"year 1899", HOST, NULL, NULL, -2208988801LL, 0, 0, 0, RCVD_E_RANGE},
	{"year 10000", HOST, NULL, NULL, 253402300800LL, 0, 0, 0, RCVD_E_RANGE},
	{"no greeting", HOST, NULL, NULL, T0, 0, -1, 0, RCVD_E_NOGREETING},
	{"greeting out of range", HOST, NULL, NULL, T0, 0, 7, 0, RCVD_E_ARG},
	{"unknown flag", HOST, NULL, NULL, T0, 0, 0, RCVD_UNREGISTERED, RCVD_E_ARG},
};

/* The FROM, BY and FOR lines have a straight path for a buffer of
 * RCVD_FIELD_MAX (no checks) when the whole line fits in 78 columns. A
 * name, a host and a recipient grown one octet at a time carry each line
 * across 78: the field must be the one the checked writer (any smaller
 * buffer) composes, byte for byte. */
static void test_straight_lines_match_checked(void **state)
{
	static char big[RCVD_FIELD_MAX], small[RCVD_FIELD_MAX];
	char name[80], rcpt[90];
	struct rcvd_info in;
	size_t k, n1, n2;
	int which;

	(void)state;
	for (which = 0; which < 3; which++) {
		for (k = 4; k < 70; k++) {
			size_t i;

			rcvd_info_init(&in);
			in.greeting = RCVD_EHLO;
			in.flags = RCVD_TLS | RCVD_AUTH;
			in.helo = sp("mail.example.org");
			in.rdns = sp("mail.example.org");
			in.addr = sp("192.0.2.1");
			in.host = sp("mx.example.net");
			in.id = sp("4Nq7xT2kLmz9");
			in.rcpt = sp("<bob@example.net>");
			in.rcpt_count = 1;
			in.tls_version = sp("TLSv1.3");
			in.tls_cipher = sp("TLS_AES_256_GCM_SHA384");
			in.tls_bits = 256;
			in.time = T0;
			/* k octets of labels of up to 9 letters, ".org" after */
			for (i = 0; i < k; i++)
				name[i] = (i % 10 == 9) ? '.' : (char)('a' + i % 7);
			if (name[k - 1] == '.')
				name[k - 1] = 'z';
			memcpy(name + k, ".org", 5);
			if (which == 0) {
				in.helo = sp(name);
				in.rdns = sp(name);
			} else if (which == 1) {
				in.host = sp(name);
			} else {
				rcpt[0] = '<';
				memcpy(rcpt + 1, "bob@", 4);
				memcpy(rcpt + 5, name, k + 4);
				rcpt[k + 9] = '>';
				rcpt[k + 10] = '\0';
				in.rcpt = sp(rcpt);
			}
			memset(big, 'x', sizeof big);
			assert_int_equal(rcvd_format(big, sizeof big, &in, &n1, NULL), RCVD_OK);
			memset(small, 'y', sizeof small);
			assert_int_equal(rcvd_format(small, n1 + 1, &in, &n2, NULL), RCVD_OK);
			assert_int_equal(n1, n2);
			assert_int_equal(strlen(big), n1);
			assert_memory_equal(big, small, n1 + 1);
		}
	}
}

/* A date error wins over "no room" at every capacity, and the field is
 * blanked, with no length and no report, also when the buffer is large
 * enough that the date is not measured before the field is written. */
static void test_date_error_any_capacity(void **state)
{
	static const size_t caps[] = {1, 10, 100, 300, RCVD_FIELD_MAX - 1,
	                              RCVD_FIELD_MAX, RCVD_FIELD_MAX + 64};
	static char buf[RCVD_FIELD_MAX + 64];
	struct rcvd_info in;
	struct rcvd_report rep;
	size_t k, need;

	(void)state;
	rcvd_info_init(&in);
	in.greeting = RCVD_EHLO;
	in.host = sp(HOST);
	in.helo = sp("x y"); /* encoded: the report has something to clear */
	in.addr = sp("192.0.2.1");
	in.time = 253402300800LL;
	for (k = 0; k < sizeof caps / sizeof caps[0]; k++) {
		memset(buf, 'x', sizeof buf);
		need = 77;
		memset(&rep, 0xff, sizeof rep);
		assert_int_equal(rcvd_format(buf, caps[k], &in, &need, &rep), RCVD_E_RANGE);
		assert_int_equal(buf[0], '\0');
		assert_int_equal(need, 0);
		assert_int_equal(rep.encoded | rep.dropped | rep.truncated, 0);
	}
	in.time = T0;
	in.offset = 1440;
	need = 77;
	assert_int_equal(rcvd_format(buf, RCVD_FIELD_MAX, &in, &need, NULL), RCVD_E_ZONE);
	assert_int_equal(need, 0);
	/* an invalid address is reported before the date */
	in.addr = sp("300.1.2.3");
	assert_int_equal(rcvd_format(buf, RCVD_FIELD_MAX, &in, &need, NULL),
	                 RCVD_E_ADDRESS);
}

static void test_errors(void **state)
{
	char buf[RCVD_FIELD_MAX];
	char id129[130];
	char host256[257];
	struct rcvd_info in;
	struct rcvd_report rep;
	size_t i, need;

	(void)state;
	for (i = 0; i < sizeof err_rows / sizeof err_rows[0]; i++) {
		const struct err_row *e = &err_rows[i];
		int st;

		rcvd_info_init(&in);
		in.greeting = e->greeting < 0 ? RCVD_GREETING_NONE
		              : e->greeting ? (enum rcvd_greeting)e->greeting : RCVD_EHLO;
		in.flags = e->flags;
		in.host = sp(e->host);
		in.id = sp(e->id);
		in.addr = sp(e->addr);
		in.helo = sp("x y");
		in.time = e->time;
		in.offset = e->offset;
		strcpy(buf, "junk");
		need = 77;
		memset(&rep, 0xff, sizeof rep);
		st = rcvd_format(buf, sizeof buf, &in, &need, &rep);
		if (st != e->want)
			fail_msg("%s: status %d, want %d", e->name, st, e->want);
		assert_string_equal(buf, "");
		assert_int_equal(need, 0);
		assert_int_equal(rep.encoded | rep.dropped | rep.truncated, 0);
	}

	/* lengths just past the limits, and just at them */
	memset(id129, 'a', 129);
	id129[129] = '\0';
	rcvd_info_init(&in);
	in.greeting = RCVD_EHLO;
	in.host = sp(HOST);
	in.time = T0;
	in.id = sp(id129);
	assert_int_equal(rcvd_format(buf, sizeof buf, &in, &need, NULL), RCVD_E_ID);
	in.id.len = 128;
	assert_int_equal(rcvd_format(buf, sizeof buf, &in, &need, NULL), RCVD_OK);
	in.id.len = 0;

	/* a 256-octet name of valid labels */
	for (i = 0; i < 256; i++)
		host256[i] = (i % 64 == 63) ? '.' : 'h';
	host256[256] = '\0';
	in.host = sp(host256);
	assert_int_equal(rcvd_format(buf, sizeof buf, &in, &need, NULL), RCVD_E_HOST);
	in.host.len = 255; /* ends in "hh...h" after the third dot: valid */
	assert_int_equal(rcvd_format(buf, sizeof buf, &in, &need, NULL), RCVD_OK);
}

static void test_bad_arguments(void **state)
{
	char buf[64];
	struct rcvd_info in;
	size_t need = 5;

	(void)state;
	rcvd_info_init(&in);
	in.greeting = RCVD_EHLO;
	in.host = sp(HOST);
	in.time = T0;
	assert_int_equal(rcvd_format(buf, sizeof buf, NULL, &need, NULL), RCVD_E_ARG);
	assert_int_equal(need, 0);
	assert_int_equal(rcvd_format(NULL, 10, &in, &need, NULL), RCVD_E_ARG);
	/* buf NULL with cap 0 is a size query */
	assert_int_equal(rcvd_format(NULL, 0, &in, &need, NULL), RCVD_E_NOSPACE);
	assert_true(need > 0);
	in.size = sizeof in - 1;
	assert_int_equal(rcvd_format(buf, sizeof buf, &in, &need, NULL), RCVD_E_ARG);
	in.size = sizeof in;
	in.options = 0x80; /* not an option of this version */
	assert_int_equal(rcvd_format(buf, sizeof buf, &in, &need, NULL), RCVD_E_ARG);
	in.options = 0;
	in.rdns.ptr = NULL;
	in.rdns.len = 3;
	assert_int_equal(rcvd_format(buf, sizeof buf, &in, &need, NULL), RCVD_E_ARG);
}

static void test_info_init(void **state)
{
	struct rcvd_info in;
	union {
		struct rcvd_info info;
		unsigned char raw[sizeof(struct rcvd_info) + 16];
	} u;
	size_t i;

	(void)state;
	memset(&in, 0x5a, sizeof in);
	rcvd_info_init(&in);
	assert_int_equal(in.size, sizeof in);
	assert_int_equal(in.rcpt_count, 1);
	assert_int_equal(in.offset, 0);
	assert_null(in.session);
	assert_null(in.host.ptr);
	assert_int_equal(in.options, 0);

	/* an older, smaller caller struct: nothing past its size is touched */
	memset(u.raw, 0x5a, sizeof u.raw);
	rcvd_info_init_size(&u.info, offsetof(struct rcvd_info, rcpt_count));
	for (i = offsetof(struct rcvd_info, rcpt_count); i < sizeof u.raw; i++)
		assert_int_equal(u.raw[i], 0x5a);
	assert_int_equal(u.info.size, offsetof(struct rcvd_info, rcpt_count));
	assert_null(u.info.session);
	rcvd_info_init_size(NULL, sizeof in); /* no-op */

	in.time = 0;
	in.offset = 12345;
	assert_int_equal(rcvd_info_set_now(&in), RCVD_OK);
	assert_true(in.time > 1700000000);
	assert_true(in.offset == RCVD_ZONE_UNKNOWN ||
	            (in.offset > -1440 && in.offset < 1440));
	assert_int_equal(rcvd_info_set_now(NULL), RCVD_E_ARG);
}

/* ---- the encoder ---- */

struct enc_row {
	const char *in;
	size_t n;
	int utf8;
	size_t budget;
	const char *want;
	unsigned how;
};

#define E(s) s, sizeof(s) - 1

static const struct enc_row enc_rows[] = {
	{E("plain.text-1_@+/!#$&*?^{|}~"), 0, 64, "plain.text-1_@+/!#$&*?^{|}~", 0},
	{E("%"), 0, 64, "%25", RCVD_I_ENCODED},
	{E("%.."), 0, 64, "%25..", RCVD_I_ENCODED},
	{E("a b\tc"), 0, 64, "a%20b%09c", RCVD_I_ENCODED},
	{E("()[]<>;\"\\"), 0, 64, "%28%29%5B%5D%3C%3E%3B%22%5C", RCVD_I_ENCODED},
	{E("=,:'`"), 0, 64, "%3D%2C%3A%27%60", RCVD_I_ENCODED},
	{E("\0\x01\x1f\x7f"), 0, 64, "%00%01%1F%7F", RCVD_I_ENCODED},
	{E("\r\nX: 1"), 0, 64, "%0D%0AX%3A%201", RCVD_I_ENCODED},
	{E("\xc3\xbc"), 0, 64, "%C3%BC", RCVD_I_ENCODED},
	{E("\xc3\xbc"), 1, 64, "\xc3\xbc", 0},
	{E("\xf0\x9f\x98\x80"), 1, 64, "\xf0\x9f\x98\x80", 0},
	{E("\xc0\xaf"), 1, 64, "%C0%AF", RCVD_I_ENCODED},             /* overlong */
	{E("\xe0\x80\xaf"), 1, 64, "%E0%80%AF", RCVD_I_ENCODED},      /* overlong */
	{E("\xed\xa0\x80"), 1, 64, "%ED%A0%80", RCVD_I_ENCODED},      /* surrogate */
	{E("\xf4\x90\x80\x80"), 1, 64, "%F4%90%80%80", RCVD_I_ENCODED}, /* > U+10FFFF */
	{E("\xe2\x82"), 1, 64, "%E2%82", RCVD_I_ENCODED},             /* cut sequence */
	{E("\xbf"), 1, 64, "%BF", RCVD_I_ENCODED},                    /* lone continuation */
	{E("\xc2\x85"), 1, 64, "%C2%85", RCVD_I_ENCODED},             /* NEL */
	{E("\xc2\xa0"), 1, 64, "%C2%A0", RCVD_I_ENCODED},             /* NBSP */
	{E("\xc2\xad"), 1, 64, "%C2%AD", RCVD_I_ENCODED},             /* soft hyphen */
	{E("\xd8\x9c"), 1, 64, "%D8%9C", RCVD_I_ENCODED},             /* ALM */
	{E("\xe1\x9a\x80"), 1, 64, "%E1%9A%80", RCVD_I_ENCODED},      /* ogham space */
	{E("\xe2\x80\x8b"), 1, 64, "%E2%80%8B", RCVD_I_ENCODED},      /* ZWSP */
	{E("\xe2\x80\xa8"), 1, 64, "%E2%80%A8", RCVD_I_ENCODED},      /* LS */
	{E("\xe2\x80\xae"), 1, 64, "%E2%80%AE", RCVD_I_ENCODED},      /* RLO */
	{E("\xe2\x81\xa6"), 1, 64, "%E2%81%A6", RCVD_I_ENCODED},      /* LRI */
	{E("\xe3\x80\x80"), 1, 64, "%E3%80%80", RCVD_I_ENCODED},      /* ideographic space */
	{E("\xef\xbb\xbf"), 1, 64, "%EF%BB%BF", RCVD_I_ENCODED},      /* BOM */
	{E("\xf3\xa0\x81\x81"), 1, 64, "%F3%A0%81%81", RCVD_I_ENCODED}, /* tag A */
	{E("\xe2\x80\x90"), 1, 64, "\xe2\x80\x90", 0},                 /* hyphen passes */
	/* reader words lose their first letter */
	{E("authenticated"), 0, 64, "%61uthenticated", RCVD_I_ENCODED},
	{E("xAUTHENTICATEDy"), 0, 64, "x%41UTHENTICATEDy", RCVD_I_ENCODED},
	{E("authenticatedauthenticated"), 0, 64, "%61uthenticated%61uthenticated",
	 RCVD_I_ENCODED},
	{E("authenticate"), 0, 64, "authenticate", 0},
	{E("by"), 0, 64, "%62y", RCVD_I_ENCODED},
	{E("By.example"), 0, 64, "%42y.example", RCVD_I_ENCODED},
	{E("b"), 0, 64, "b", 0},
	{E("aby"), 0, 64, "aby", 0},
	{E("abcdefghijkauthenticated"), 0, 16, "abcdefghijk%..", RCVD_I_TRUNCATED},
	{E("Exim"), 0, 64, "%45xim", RCVD_I_ENCODED},
	{E("x.exim.example"), 0, 64, "x.%65xim.example", RCVD_I_ENCODED},
	{E("envelope-from"), 0, 64, "%65nvelope-from", RCVD_I_ENCODED},
	{E("Return-Path"), 0, 64, "%52eturn-Path", RCVD_I_ENCODED},
	{E("id"), 0, 64, "%69d", RCVD_I_ENCODED},
	{E("ID"), 0, 64, "%49D", RCVD_I_ENCODED},
	{E("idx"), 0, 64, "idx", 0},
	{E("xid"), 0, 64, "xid", 0},
	{E("With"), 0, 64, "%57ith", RCVD_I_ENCODED},
	{E("from"), 0, 64, "%66rom", RCVD_I_ENCODED},
	{E("for"), 0, 64, "%66or", RCVD_I_ENCODED},
	{E("via"), 0, 64, "%76ia", RCVD_I_ENCODED},
	{E("tls"), 0, 64, "%74ls", RCVD_I_ENCODED},
	{E("HELO"), 0, 64, "%48ELO", RCVD_I_ENCODED},
	{E("ehlo"), 0, 64, "%65hlo", RCVD_I_ENCODED},
	{E("lhlo"), 0, 64, "%6Chlo", RCVD_I_ENCODED},
	{E("area.example"), 0, 64, "area.example", 0},
	/* budgets: never split a unit, mark the cut */
	{E("abcdefgh"), 0, 8, "abcdefgh", 0},
	{E("abcdefghi"), 0, 8, "abcde%..", RCVD_I_TRUNCATED},
	{E("aaaa(("), 0, 8, "aaaa%..", RCVD_I_TRUNCATED}, /* the %28 was cut */
	{E("aaaaa(("), 0, 8, "aaaaa%..", RCVD_I_TRUNCATED},
	{E("aaaa((x"), 0, 10, "aaaa%28%..", RCVD_I_ENCODED | RCVD_I_TRUNCATED},
	{E("aaa\xc3\xbc\xc3\xbc"), 1, 6, "aaa%..", RCVD_I_TRUNCATED},
	{E("aa\xc3\xbcwxyz"), 1, 7, "aa\xc3\xbc%..", RCVD_I_TRUNCATED},
	{E("abc"), 0, 3, "abc", 0},
	{E("abcd"), 0, 3, "%..", RCVD_I_TRUNCATED},
};

static void test_encode(void **state)
{
	char out[256];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof enc_rows / sizeof enc_rows[0]; i++) {
		const struct enc_row *e = &enc_rows[i];
		unsigned how = 0;

		n = rcvd_i_encode(e->in, e->n, e->utf8, out, e->budget, &how);
		assert_true(n <= e->budget);
		if (n != strlen(e->want) || memcmp(out, e->want, n) != 0)
			fail_msg("row %zu: got '%.*s' want '%s'", i, (int)n, out, e->want);
		if (how != e->how)
			fail_msg("row %zu: how %x want %x", i, how, e->how);
	}
}

static int hexval(char c)
{
	return c <= '9' ? c - '0' : c - 'A' + 10;
}

/* Decoding %XX gives back the input exactly, for every byte, in both
 * modes; only SAFE bytes and (under utf8) whole sequences stand as is. */
static void test_encode_lossless(void **state)
{
	unsigned char in[200], back[200];
	char out[200 * 3];
	unsigned seed = 12345;
	int round, mode;

	(void)state;
	for (round = 0; round < 2000; round++) {
		size_t n = (size_t)(round % 150), i, j, m;

		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			in[i] = (unsigned char)(seed >> 16);
			if (round % 3 == 0 && in[i] >= 0x80 && i + 1 < n) { /* some UTF-8 */
				in[i] = 0xc3;
				in[++i] = (unsigned char)(0x80 | ((seed >> 8) & 0x3f));
			}
		}
		for (mode = 0; mode < 2; mode++) {
			unsigned how = 0;

			m = rcvd_i_encode((const char *)in, n, mode, out, sizeof out, &how);
			assert_int_equal(how & RCVD_I_TRUNCATED, 0);
			for (i = 0, j = 0; i < m; i++) {
				unsigned char c = (unsigned char)out[i];

				if (c == '%') {
					assert_true(i + 2 < m);
					back[j++] = (unsigned char)(hexval(out[i + 1]) * 16 +
					                            hexval(out[i + 2]));
					i += 2;
				} else {
					assert_true(rcvd_i_is(c, RCVD_C_SAFE) || (mode && c >= 0x80));
					back[j++] = c;
				}
			}
			assert_int_equal(j, n);
			assert_memory_equal(back, in, n);
		}
	}
}

/* ---- the bound: every input at its maximum ---- */

static void max_info(struct rcvd_info *in, char *store, int variant)
{
	/* store: helo 600, rdns 256, host 256, product 100, id 129, rcpt 255,
	 * sender 600, identity 600, version 100, cipher 65 */
	char *p = store;
	size_t i;

	rcvd_info_init(in);
	in->greeting = RCVD_LHLO;
	in->flags = RCVD_TLS | RCVD_AUTH | RCVD_UTF8;
	in->options = RCVD_O_CRLF | RCVD_O_SHOW_AUTH | RCVD_O_FORCE_FOR;
	in->time = 253402300799LL; /* 9999-12-31T23:59:59Z */
	in->offset = 0;
	in->rcpt_count = 9;

	if (variant == 0) { /* greeting that must be encoded: all 3 octets each */
		memset(p, '(', 600);
		in->helo.ptr = p;
		in->helo.len = 600;
	} else { /* a 255-octet valid greeting as FROM name */
		for (i = 0; i < 255; i++)
			p[i] = (i % 64 == 63) ? '.' : 'g';
		in->helo.ptr = p;
		in->helo.len = 255;
	}
	p += 600;
	for (i = 0; i < 255; i++)
		p[i] = (i % 64 == 63) ? '.' : 'r';
	in->rdns.ptr = p;
	in->rdns.len = 255;
	p += 256;
	/* longest host: a 255-octet General-address-literal, written twice */
	p[0] = '[';
	p[1] = 'x';
	p[2] = ':';
	memset(p + 3, 'z', 251);
	p[254] = ']';
	in->host.ptr = p;
	in->host.len = 255;
	p += 256;
	memset(p, ' ', 100);
	in->product.ptr = p;
	in->product.len = 100;
	p += 100;
	memset(p, 'i', 128);
	in->id.ptr = p;
	in->id.len = 128;
	p += 129;
	memset(p, 'l', 64);
	p[64] = '@';
	for (i = 65; i < 254; i++)
		p[i] = (i % 64 == 0) ? '.' : 'd';
	in->rcpt.ptr = p;
	in->rcpt.len = 254;
	p += 255;
	memset(p, ')', 600);
	in->sender.ptr = p;
	in->sender.len = 600;
	p += 600;
	memset(p, '\\', 600);
	in->identity.ptr = p;
	in->identity.len = 600;
	p += 600;
	memset(p, ';', 100);
	in->tls_version.ptr = p;
	in->tls_version.len = 100;
	p += 100;
	memset(p, 'C', 64);
	in->tls_cipher.ptr = p;
	in->tls_cipher.len = 64;
	in->tls_bits = 4294967295u;
	in->addr = sp("1111:2222:3333:4444:5555:6666:7777:8888");
}

static void test_field_max(void **state)
{
	static char store[4000];
	char buf[RCVD_FIELD_MAX];
	struct rcvd_info in;
	struct rcvd_report rep;
	size_t need;
	int variant;

	(void)state;
	for (variant = 0; variant < 2; variant++) {
		max_info(&in, store, variant);
		assert_int_equal(rcvd_format(buf, sizeof buf, &in, &need, &rep), RCVD_OK);
		assert_true(need < RCVD_FIELD_MAX);
		/* the analytic bound in format.c */
		assert_true(need <= 2442);
		check_valid(buf, need, 1);
		assert_int_equal(rep.dropped, 0);
		assert_int_equal(rep.truncated,
		                 (variant == 0 ? I_HELO : 0u) | I_PROD | I_SEND | I_IDEN | I_TLSV);
		/* everything present */
		assert_non_null(strstr(buf, "(using "));
		assert_non_null(strstr(buf, "(authenticated as"));
		if (getenv("RCVD_SHOW") != NULL)
			printf("%s[%zu octets]\n", buf, need);
		assert_non_null(strstr(buf, "(envelope-from"));
		assert_non_null(strstr(buf, "for"));
		assert_non_null(strstr(buf, "tls CCCC"));
		assert_non_null(strstr(buf, "(4294967295/4294967295"));
		assert_non_null(strstr(buf, "Fri, 31 Dec 9999 23:59:59 +0000\r\n"));
		assert_true(variant == 1 || strstr(buf, "(helo=") != NULL);
	}
}

/* ---- every capacity, the buffer ending on a guard page ---- */

static void capacity_sweep(const struct rcvd_info *in)
{
	char ref[RCVD_FIELD_MAX];
	size_t need_ref, need, cap;

	assert_int_equal(rcvd_format(ref, sizeof ref, in, &need_ref, NULL), RCVD_OK);
	for (cap = 0; cap <= need_ref + 1; cap++) {
		void *h;
		char *b = guard_alloc(cap, &h);
		int st;

		assert_non_null(h);
		if (cap > 0)
			memset(b, 'x', cap);
		need = 0;
		st = rcvd_format(cap > 0 ? b : NULL, cap, in, &need, NULL);
		assert_int_equal(need, need_ref);
		if (cap <= need_ref) {
			assert_int_equal(st, RCVD_E_NOSPACE);
			if (cap > 0)
				assert_int_equal(b[0], '\0');
		} else {
			assert_int_equal(st, RCVD_OK);
			assert_int_equal(b[need_ref], '\0');
			assert_memory_equal(b, ref, need_ref);
		}
		guard_free(h);
	}
}

static void test_capacity(void **state)
{
	static char store[4000];
	struct rcvd_info in;

	(void)state;
	full_info(&in);
	capacity_sweep(&in);
	in.options |= RCVD_O_CRLF | RCVD_O_VALUE_ONLY;
	capacity_sweep(&in);
	max_info(&in, store, 0);
	capacity_sweep(&in);
}

/* ---- random client input: always one valid, bounded field ---- */

static unsigned rnd(unsigned *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) & 0x7fffu;
}

/* Hostile text: pieces that look like clauses, delimiters, controls,
 * 8-bit and UTF-8, and plain letters. */
static size_t random_text(unsigned *seed, char *out, size_t max)
{
	static const char *const bits[] = {
		" with ESMTPSA ", " id FAKE", " by evil.example", "(authenticated bits=0)",
		"Authenticated sender:", "[10.0.0.1]", "for <x@y>", "\"a b\"@c", "\r\n",
		"X-Injected: 1", "(", ")", "\\", ";", "<", ">", "%", "%..", "\t", "=",
		"\xc3\xbc", "\xe2\x80\xae", "\xc2\xa0", "\xc0\xaf", "\xff", "\x00", "\x7f",
		"mail.example.org", "a@b.example", ".", "-", "IPv6:", "::1", "unknown"};
	size_t n = 0, want = rnd(seed) % (max + 1);

	while (n < want) {
		const char *b = bits[rnd(seed) % (sizeof bits / sizeof bits[0])];
		size_t k = b[0] == '\0' ? 1 : strlen(b);

		if (rnd(seed) % 3 == 0) {
			out[n++] = (char)('a' + rnd(seed) % 26);
			continue;
		}
		if (n + k > want)
			break;
		memcpy(out + n, b, k);
		n += k;
	}
	return n;
}

static int unhex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static void test_random_input(void **state)
{
	static char text[9][800];
	static const char *const addrs[] = {
		NULL, "192.0.2.1", "2001:db8::1", "::ffff:192.0.2.5", "fe80::1%eth0",
		"[IPv6:2001:DB8::2]"};
	struct rcvd_span *spans[9];
	char buf[RCVD_FIELD_MAX], value[RCVD_FIELD_MAX], crlf[RCVD_FIELD_MAX];
	struct rcvd_info in;
	struct rcvd_report rep;
	unsigned seed = 20261129u;
	size_t need, vneed, cneed;
	int round, k;

	(void)state;
	for (round = 0; round < 20000; round++) {
		rcvd_info_init(&in);
		in.greeting = (enum rcvd_greeting)(1 + rnd(&seed) % 3);
		in.flags = rnd(&seed) % 8;
		in.options = rnd(&seed) % 128 & ~(RCVD_O_CRLF | RCVD_O_VALUE_ONLY);
		in.host = sp(rnd(&seed) % 4 == 0 ? "[192.0.2.25]" : HOST);
		in.id = sp(rnd(&seed) % 2 ? "Q1x" : NULL);
		in.addr = sp(addrs[rnd(&seed) % (sizeof addrs / sizeof addrs[0])]);
		in.rcpt_count = rnd(&seed) % 3;
		in.tls_bits = rnd(&seed) % 2 ? 256 : 0;
		in.time = T0 + (int64_t)rnd(&seed) * 1000;
		in.offset = (int)(rnd(&seed) % 2879) - 1439;
		spans[0] = &in.helo;
		spans[1] = &in.rdns;
		spans[2] = &in.product;
		spans[3] = &in.rcpt;
		spans[4] = &in.sender;
		spans[5] = &in.identity;
		spans[6] = &in.tls_version;
		spans[7] = &in.tls_cipher;
		spans[8] = NULL;
		for (k = 0; k < 8; k++) {
			unsigned how = rnd(&seed) % 8;

			if (how == 0)
				continue; /* absent */
			spans[k]->ptr = text[k];
			spans[k]->len = how == 1 ? 0 : random_text(&seed, text[k], how == 2 ? 700 : 60);
		}
		if (rnd(&seed) % 4 == 0) {
			in.tls_cipher = sp(AES);
		}
		memset(&rep, 0, sizeof rep);
		if (rcvd_format(buf, sizeof buf, &in, &need, &rep) != RCVD_OK)
			fail_msg("round %d: not OK", round);
		assert_true(need < RCVD_FIELD_MAX);
		check_valid(buf, need, (in.flags & RCVD_UTF8) && in.greeting != RCVD_HELO);
		assert_int_equal(memcmp(buf, "Received: from ", 15), 0);
		assert_true(strstr(buf, "X-Injected") == NULL || strstr(buf, "\nX-Injected") == NULL);

		/* value-only is the same field without name and final line
		 * break; CRLF is the same field with CRLF */
		in.options |= RCVD_O_VALUE_ONLY;
		assert_int_equal(rcvd_format(value, sizeof value, &in, &vneed, NULL), RCVD_OK);
		assert_int_equal(vneed + 11, need);
		assert_memory_equal(value, buf + 10, vneed);
		in.options ^= RCVD_O_VALUE_ONLY | RCVD_O_CRLF;
		assert_int_equal(rcvd_format(crlf, sizeof crlf, &in, &cneed, NULL), RCVD_OK);
		{
			size_t i, j = 0;

			for (i = 0; i < need; i++) {
				if (buf[i] == '\n')
					assert_int_equal(crlf[j++], '\r');
				assert_int_equal(crlf[j++], buf[i]);
			}
			assert_int_equal(j, cneed);
		}

		/* the helo= comment decodes to the greeting, unless cut */
		{
			const char *h = strstr(buf, "(helo=");

			if (h != NULL && !(rep.truncated & I_HELO)) {
				char dec[800];
				size_t j = 0;

				for (h += 6; *h != ')'; h++) {
					if (*h == '%') {
						int a = unhex(h[1]), b = unhex(h[2]);

						assert_true(a >= 0 && b >= 0);
						dec[j++] = (char)(a * 16 + b);
						h += 2;
					} else {
						dec[j++] = *h;
					}
				}
				assert_int_equal(j, in.helo.len);
				assert_memory_equal(dec, in.helo.ptr, j);
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_sockaddr),
		cmocka_unit_test(test_session),
		cmocka_unit_test(test_session_cut_greeting),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_date_error_any_capacity),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_info_init),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_encode_lossless),
		cmocka_unit_test(test_field_max),
		cmocka_unit_test(test_capacity),
		cmocka_unit_test(test_straight_lines_match_checked),
		cmocka_unit_test(test_random_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
