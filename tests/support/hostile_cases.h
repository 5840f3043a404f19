/*
 * hostile_cases.h -- the table of hostile client input shared by
 * tests/test_hostile.c and the SpamAssassin field generator
 * (tests/sa/gen-fields.c), and the independent oracle that says what a
 * correct composer must write for any struct rcvd_info.
 *
 * The oracle and the field verifier use nothing of librcvd but the public
 * types: their own IP canonicaliser, date arithmetic, token decoder and the
 * grammar checker in rfc5321_check.c.
 */
#ifndef HOSTILE_CASES_H
#define HOSTILE_CASES_H

#include <stddef.h>

#include "rcvd.h"

/* The untrusted field a row puts its payload into. */
enum hc_target {
	HC_NONE,        /* the baseline itself, session/options varied */
	HC_HELO,
	HC_RDNS,
	HC_ADDR,        /* trusted, but its many spellings must all normalise */
	HC_SENDER,
	HC_RCPT,
	HC_IDENTITY,
	HC_TLS_VERSION,
	HC_TLS_CIPHER
};

struct hostile_case {
	const char *name;
	enum hc_target target;
	const char *bytes; /* payload; NULL with len 0 and no fill: NULL pointer */
	size_t len;        /* explicit: payloads hold NUL bytes */
	const char *fill;  /* non-NULL: fill_reps copies of it come first */
	size_t fill_reps;
	enum rcvd_greeting greeting;
	unsigned flags;    /* RCVD_TLS | RCVD_AUTH | RCVD_UTF8 */
	unsigned options;  /* RCVD_O_*, added to the baseline options */
};

extern const struct hostile_case hostile_cases[];
extern const size_t hostile_cases_count;

/* Payload room: the largest row (fill plus bytes) fits. */
#define HOSTILE_PAYLOAD_MAX 1100

/* The baseline every row starts from. */
#define HC_BASE_HELO "client.example.org"
#define HC_BASE_RDNS "client-7.isp.example"
#define HC_BASE_ADDR "192.0.2.1"
#define HC_BASE_HOST "mx.example.net"
#define HC_BASE_PRODUCT "librcvd"
#define HC_BASE_ID "4Qx7Zk1abc"
#define HC_BASE_RCPT "rcpt@example.net"
#define HC_BASE_SENDER "sender@example.org"
#define HC_BASE_IDENTITY "alice@example.org"
#define HC_BASE_TLS_VERSION "TLSv1.3"
#define HC_BASE_TLS_CIPHER "TLS_AES_256_GCM_SHA384"
#define HC_BASE_TLS_BITS 256u
#define HC_BASE_TIME 1795928438 /* Sun, 29 Nov 2026 05:00:38 +0000 */
#define HC_BASE_OPTIONS RCVD_O_SHOW_AUTH

/* Fills *info with the baseline, then the row's payload (materialised in
 * payload[HOSTILE_PAYLOAD_MAX]), greeting, flags and options. */
void hostile_setup(const struct hostile_case *hc, struct rcvd_info *info,
                   char *payload);

/* Puts (p, n) into the target field of info; p NULL means a NULL span. */
void hostile_set_target(struct rcvd_info *info, enum hc_target t,
                        const char *p, size_t n);

/* ---- the oracle ---- */

#define HX_NAME_MAX 512

struct hostile_expect {
	int privacy;
	int utf8;          /* 8-bit may stand in the output */
	int named;         /* the greeting is the FROM name */
	char from_name[HX_NAME_MAX];
	int has_addr;
	char addr_lit[64]; /* "[192.0.2.1]" / "[IPv6:2001:db8::1]" */
	char addr_ip[64];  /* the address as a reader should report it */
	char rdns[HX_NAME_MAX]; /* written name in TCP-info, "unknown" if none */
	const char *keyword;
	int tls_comment, tls_clause, auth_comment, helo_comment;
	int sender_comment, sender_path;
	char sender[HX_NAME_MAX]; /* mailbox without <> when sender_path */
	int for_clause;
	char rcpt[HX_NAME_MAX];   /* mailbox without <> when for_clause */
	char date[40];
	int reader_auth;   /* what a reader should conclude: authenticated */
};

/* Computes what must be written for info; 0 when info is not a hostile
 * case this oracle covers (e.g. info->session set). */
int hostile_expect(const struct rcvd_info *info, struct hostile_expect *e);

/* Checks a composed field against the expectation and every rule of
 * DESIGN.md on hostile input. Returns 1 when it holds; otherwise 0 and a
 * reason in why[why_cap]. rep may be NULL. */
int hostile_verify(const char *field, size_t n, const struct rcvd_info *info,
                   const struct hostile_expect *e,
                   const struct rcvd_report *rep, char *why, size_t why_cap);

/* Decodes one encoded client token (t, tn) into out[cap]; returns the
 * decoded length, or (size_t)-1 when t is no valid encoding (a byte
 * outside the safe set, bad %XX, a hidden code point, 8-bit when !utf8).
 * *cut is set when the token ends with the truncation mark "%..". */
size_t hostile_decode(const char *t, size_t tn, int utf8, char *out,
                      size_t cap, int *cut);

#endif
