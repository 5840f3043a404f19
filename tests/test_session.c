/*
 * test_session.c -- the session state machine: reset rules, out-of-sequence
 * events, bounded copies.
 *
 * Each scenario is a script of events with the status, keyword, flags and
 * status bits expected after each one (written by hand from SPEC.md section
 * 1 and the RFCs). Whenever an event is expected to fail, the driver also
 * checks that the struct is byte-for-byte what it was before.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "rcvd.h"

#define T RCVD_TLS
#define A RCVD_AUTH
#define U RCVD_UTF8
#define C RCVD_S_CONNECTED
#define M RCVD_S_IN_MAIL
#define L RCVD_S_SASL_LAYER
#define I RCVD_S_IMPLICIT_TLS
#define OK RCVD_OK
#define SEQ RCVD_E_SEQUENCE
#define ANY 0xffffffffu
#define NOGREET NULL /* expected keyword: RCVD_E_NOGREETING */

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum op {
	STOP, CONNECT, CONNECT_TLS, HELO, EHLO, LHLO, STARTTLS, AUTH, SASL,
	MAIL, MAIL8, RSET, ENDTX
};

struct step {
	enum op op;
	const char *arg; /* greeting argument or identity */
	int rc;
	const char *kw;  /* keyword afterwards, or NOGREET */
	unsigned flags;  /* session flags afterwards, or ANY */
	unsigned status; /* session status afterwards, or ANY */
};

struct scenario {
	const char *name;
	const struct step *steps;
};

static int apply(struct rcvd_session *s, enum op op, const char *arg)
{
	size_t n = arg != NULL ? strlen(arg) : 0;

	switch (op) {
	case CONNECT: return rcvd_session_connect(s, 0);
	case CONNECT_TLS: return rcvd_session_connect(s, 1);
	case HELO: return rcvd_session_greeting(s, RCVD_HELO, arg, n);
	case EHLO: return rcvd_session_greeting(s, RCVD_EHLO, arg, n);
	case LHLO: return rcvd_session_greeting(s, RCVD_LHLO, arg, n);
	case STARTTLS: return rcvd_session_starttls(s);
	case AUTH: return rcvd_session_auth(s, arg, n);
	case SASL: return rcvd_session_sasl_layer(s);
	case MAIL: return rcvd_session_mail(s, 0);
	case MAIL8: return rcvd_session_mail(s, 1);
	case RSET: return rcvd_session_rset(s);
	case ENDTX: return rcvd_session_end(s);
	case STOP: break;
	}
	return -1;
}

/* What must hold after any sequence of events. */
static void check_invariants(const struct rcvd_session *s)
{
	const char *k = "x";
	int rc = rcvd_session_keyword(s, &k);

	assert_true(s->arg_len <= RCVD_SESSION_ARG_MAX);
	assert_true(s->identity_len <= RCVD_SESSION_ID_MAX);
	assert_int_equal(s->arg[s->arg_len], '\0');
	assert_int_equal(s->identity[s->identity_len], '\0');
	assert_int_equal(s->flags & ~(T | A | U), 0);
	assert_int_equal(s->status & ~0x3fu, 0);
	if (s->greeting == RCVD_GREETING_NONE) {
		assert_int_equal(rc, RCVD_E_NOGREETING);
		assert_null(k);
		assert_int_equal(s->arg_len, 0);
		assert_int_equal(s->status & RCVD_S_ARG_CUT, 0);
	} else {
		assert_int_equal(rc, RCVD_OK);
		assert_ptr_equal(k, rcvd_keyword(s->greeting, s->flags));
	}
	/* SMTPUTF8 lives only inside a transaction, never after HELO */
	if (s->flags & U) {
		assert_true(s->status & M);
		assert_int_not_equal(s->greeting, RCVD_HELO);
	}
	/* a transaction needs a greeting; forgetting it is refused inside one */
	if (s->status & M)
		assert_int_not_equal(s->greeting, RCVD_GREETING_NONE);
	if (s->status & I)
		assert_true(s->flags & T);
	if (s->status & L)
		assert_true(s->flags & A);
	if (!(s->flags & A)) {
		assert_int_equal(s->identity_len, 0);
		assert_int_equal(s->status & RCVD_S_ID_CUT, 0);
	}
	if (!(s->status & C)) {
		assert_int_equal(s->flags, 0);
		assert_int_equal(s->status, 0);
		assert_int_equal(s->greeting, RCVD_GREETING_NONE);
	}
}

static void run_script(void **state)
{
	const struct scenario *sc = *state;
	const struct step *st;
	struct rcvd_session s, before;
	size_t i;

	rcvd_session_init(&s);
	for (i = 0, st = sc->steps; st->op != STOP; i++, st++) {
		const char *k = "x";
		int rc;

		memcpy(&before, &s, sizeof s);
		rc = apply(&s, st->op, st->arg);
		if (rc != st->rc)
			fail_msg("%s step %zu: status %d, want %d", sc->name, i, rc, st->rc);
		if (rc != RCVD_OK && memcmp(&before, &s, sizeof s) != 0)
			fail_msg("%s step %zu: failed event changed the session", sc->name, i);
		rc = rcvd_session_keyword(&s, &k);
		if (st->kw == NOGREET) {
			if (rc != RCVD_E_NOGREETING || k != NULL)
				fail_msg("%s step %zu: keyword status %d '%s', want NOGREETING",
				         sc->name, i, rc, k ? k : "(null)");
		} else if (rc != RCVD_OK || k == NULL || strcmp(k, st->kw) != 0) {
			fail_msg("%s step %zu: keyword status %d '%s', want '%s'",
			         sc->name, i, rc, k ? k : "(null)", st->kw);
		}
		if (st->flags != ANY && s.flags != st->flags)
			fail_msg("%s step %zu: flags %#x, want %#x", sc->name, i,
			         s.flags, st->flags);
		if (st->status != ANY && s.status != st->status)
			fail_msg("%s step %zu: status bits %#x, want %#x", sc->name, i,
			         s.status, st->status);
		if (st->rc == RCVD_OK && st->arg != NULL) {
			if (st->op == HELO || st->op == EHLO || st->op == LHLO)
				assert_string_equal(s.arg, st->arg);
			if (st->op == AUTH)
				assert_string_equal(s.identity, st->arg);
		}
		check_invariants(&s);
	}
}

/* ---- scenarios ---- */

static const struct step two_transactions_plain[] = {
	{CONNECT, NULL, OK, NOGREET, 0, C},
	{EHLO, "client.example", OK, "ESMTP", 0, C},
	{MAIL8, NULL, OK, "UTF8SMTP", U, C | M},
	{ENDTX, NULL, OK, "ESMTP", 0, C},
	{MAIL, NULL, OK, "ESMTP", 0, C | M},
	{ENDTX, NULL, OK, "ESMTP", 0, C},
	{STOP, NULL, 0, NULL, 0, 0},
};

/* SMTPUTF8 is per transaction: UTF8SMTPS, then ESMTPS. */
static const struct step two_transactions_tls[] = {
	{CONNECT, NULL, OK, NOGREET, 0, C},
	{EHLO, "a.example", OK, "ESMTP", 0, C},
	{STARTTLS, NULL, OK, NOGREET, T, C},
	{EHLO, "b.example", OK, "ESMTPS", T, C},
	{MAIL8, NULL, OK, "UTF8SMTPS", T | U, C | M},
	{ENDTX, NULL, OK, "ESMTPS", T, C},
	{MAIL, NULL, OK, "ESMTPS", T, C | M},
	{ENDTX, NULL, OK, "ESMTPS", T, C},
	{STOP, NULL, 0, NULL, 0, 0},
};

/* RFC 3207 4.2: AUTH before STARTTLS is forgotten, and so is the greeting. */
static const struct step auth_then_starttls[] = {
	{CONNECT, NULL, OK, NOGREET, 0, C},
	{EHLO, "a.example", OK, "ESMTP", 0, C},
	{AUTH, "alice", OK, "ESMTPA", A, C},
	{STARTTLS, NULL, OK, NOGREET, T, C},
	{MAIL, NULL, SEQ, NOGREET, T, C},
	{MAIL8, NULL, SEQ, NOGREET, T, C},
	{AUTH, "alice", SEQ, NOGREET, T, C},
	{EHLO, "b.example", OK, "ESMTPS", T, C},
	{AUTH, "bob", OK, "ESMTPSA", T | A, C},
	{MAIL8, NULL, OK, "UTF8SMTPSA", T | A | U, C | M},
	{ENDTX, NULL, OK, "ESMTPSA", T | A, C},
	{STOP, NULL, 0, NULL, 0, 0},
};

/* RFC 4954 4: a SASL layer forgets the greeting, keeps TLS and AUTH. */
static const struct step sasl_layer[] = {
	{CONNECT, NULL, OK, NOGREET, 0, C},
	{EHLO, "a.example", OK, "ESMTP", 0, C},
	{SASL, NULL, SEQ, "ESMTP", 0, C},            /* no AUTH yet */
	{AUTH, "alice", OK, "ESMTPA", A, C},
	{SASL, NULL, OK, NOGREET, A, C | L},
	{MAIL, NULL, SEQ, NOGREET, A, C | L},
	{AUTH, "alice", SEQ, NOGREET, A, C | L},
	{SASL, NULL, SEQ, NOGREET, A, C | L},
	{STARTTLS, NULL, SEQ, NOGREET, A, C | L},   /* no greeting */
	{EHLO, "a.example", OK, "ESMTPA", A, C | L},
	{SASL, NULL, SEQ, "ESMTPA", A, C | L},       /* a second layer */
	{AUTH, "alice", SEQ, "ESMTPA", A, C | L},    /* a second AUTH */
	{MAIL8, NULL, OK, "UTF8SMTPA", A | U, C | L | M},
	{ENDTX, NULL, OK, "ESMTPA", A, C | L},
	{STOP, NULL, 0, NULL, 0, 0},
};

static const struct step sasl_layer_keeps_tls[] = {
	{CONNECT_TLS, NULL, OK, NOGREET, T, C | I},
	{EHLO, "a.example", OK, "ESMTPS", T, C | I},
	{AUTH, "alice", OK, "ESMTPSA", T | A, C | I},
	{MAIL, NULL, OK, "ESMTPSA", T | A, C | I | M},
	{SASL, NULL, SEQ, "ESMTPSA", T | A, C | I | M}, /* inside a transaction */
	{RSET, NULL, OK, "ESMTPSA", T | A, C | I},
	{SASL, NULL, OK, NOGREET, T | A, C | I | L},
	{EHLO, "a.example", OK, "ESMTPSA", T | A, C | I | L},
	{STOP, NULL, 0, NULL, 0, 0},
};

/* RFC 5321 4.1.4: a new greeting ends the transaction; TLS and AUTH stay. */
static const struct step greeting_ends_transaction[] = {
	{CONNECT, NULL, OK, NOGREET, 0, C},
	{EHLO, "a.example", OK, "ESMTP", 0, C},
	{MAIL8, NULL, OK, "UTF8SMTP", U, C | M},
	{EHLO, "b.example", OK, "ESMTP", 0, C},
	{ENDTX, NULL, SEQ, "ESMTP", 0, C},
	{MAIL, NULL, OK, "ESMTP", 0, C | M},
	{STOP, NULL, 0, NULL, 0, 0},
};

static const struct step greeting_keeps_tls_auth[] = {
	{CONNECT_TLS, NULL, OK, NOGREET, T, C | I},
	{EHLO, "a.example", OK, "ESMTPS", T, C | I},
	{AUTH, "alice", OK, "ESMTPSA", T | A, C | I},
	{MAIL8, NULL, OK, "UTF8SMTPSA", T | A | U, C | I | M},
	{EHLO, "b.example", OK, "ESMTPSA", T | A, C | I},
	{MAIL8, NULL, OK, "UTF8SMTPSA", T | A | U, C | I | M},
	{HELO, "c.example", OK, "SMTP", T | A, C | I},
	{MAIL8, NULL, SEQ, "SMTP", T | A, C | I},
	{MAIL, NULL, OK, "SMTP", T | A, C | I | M},
	{LHLO, "d.example", OK, "LMTPSA", T | A, C | I},
	{STOP, NULL, 0, NULL, 0, 0},
};

static const struct step rset[] = {
	{CONNECT, NULL, OK, NOGREET, 0, C},
	{RSET, NULL, OK, NOGREET, 0, C},             /* valid before a greeting */
	{EHLO, "a.example", OK, "ESMTP", 0, C},
	{RSET, NULL, OK, "ESMTP", 0, C},
	{MAIL8, NULL, OK, "UTF8SMTP", U, C | M},
	{RSET, NULL, OK, "ESMTP", 0, C},
	{ENDTX, NULL, SEQ, "ESMTP", 0, C},
	{MAIL, NULL, OK, "ESMTP", 0, C | M},
	{RSET, NULL, OK, "ESMTP", 0, C},
	{MAIL8, NULL, OK, "UTF8SMTP", U, C | M},
	{STOP, NULL, 0, NULL, 0, 0},
};

/* RFC 8314 implicit TLS counts as S; STARTTLS on top of it is refused. */
static const struct step implicit_tls[] = {
	{CONNECT_TLS, NULL, OK, NOGREET, T, C | I},
	{STARTTLS, NULL, SEQ, NOGREET, T, C | I},
	{EHLO, "a.example", OK, "ESMTPS", T, C | I},
	{STARTTLS, NULL, SEQ, "ESMTPS", T, C | I},
	{AUTH, "alice", OK, "ESMTPSA", T | A, C | I},
	{STARTTLS, NULL, SEQ, "ESMTPSA", T | A, C | I},
	{MAIL8, NULL, OK, "UTF8SMTPSA", T | A | U, C | I | M},
	{STOP, NULL, 0, NULL, 0, 0},
};

static const struct step second_starttls[] = {
	{CONNECT, NULL, OK, NOGREET, 0, C},
	{EHLO, "a.example", OK, "ESMTP", 0, C},
	{STARTTLS, NULL, OK, NOGREET, T, C},
	{STARTTLS, NULL, SEQ, NOGREET, T, C},
	{EHLO, "a.example", OK, "ESMTPS", T, C},
	{STARTTLS, NULL, SEQ, "ESMTPS", T, C},
	{STOP, NULL, 0, NULL, 0, 0},
};

/* No ESMTP extension after HELO; HELO maps to SMTP whatever the state. */
static const struct step helo_session[] = {
	{CONNECT, NULL, OK, NOGREET, 0, C},
	{HELO, "a.example", OK, "SMTP", 0, C},
	{AUTH, "alice", SEQ, "SMTP", 0, C},
	{STARTTLS, NULL, SEQ, "SMTP", 0, C},
	{MAIL8, NULL, SEQ, "SMTP", 0, C},
	{MAIL, NULL, OK, "SMTP", 0, C | M},
	{ENDTX, NULL, OK, "SMTP", 0, C},
	{EHLO, "a.example", OK, "ESMTP", 0, C},
	{STARTTLS, NULL, OK, NOGREET, T, C},
	{HELO, "a.example", OK, "SMTP", T, C},
	{AUTH, "alice", SEQ, "SMTP", T, C},
	{STOP, NULL, 0, NULL, 0, 0},
};

static const struct step helo_implicit_tls[] = {
	{CONNECT_TLS, NULL, OK, NOGREET, T, C | I},
	{HELO, "a.example", OK, "SMTP", T, C | I},
	{MAIL, NULL, OK, "SMTP", T, C | I | M},
	{STOP, NULL, 0, NULL, 0, 0},
};

static const struct step before_connect[] = {
	{HELO, "a.example", SEQ, NOGREET, 0, 0},
	{EHLO, "a.example", SEQ, NOGREET, 0, 0},
	{LHLO, "a.example", SEQ, NOGREET, 0, 0},
	{STARTTLS, NULL, SEQ, NOGREET, 0, 0},
	{AUTH, "alice", SEQ, NOGREET, 0, 0},
	{SASL, NULL, SEQ, NOGREET, 0, 0},
	{MAIL, NULL, SEQ, NOGREET, 0, 0},
	{MAIL8, NULL, SEQ, NOGREET, 0, 0},
	{RSET, NULL, SEQ, NOGREET, 0, 0},
	{ENDTX, NULL, SEQ, NOGREET, 0, 0},
	{CONNECT, NULL, OK, NOGREET, 0, C},
	{STOP, NULL, 0, NULL, 0, 0},
};

static const struct step second_connect[] = {
	{CONNECT, NULL, OK, NOGREET, 0, C},
	{CONNECT, NULL, SEQ, NOGREET, 0, C},
	{CONNECT_TLS, NULL, SEQ, NOGREET, 0, C},
	{EHLO, "a.example", OK, "ESMTP", 0, C},
	{CONNECT, NULL, SEQ, "ESMTP", 0, C},
	{STOP, NULL, 0, NULL, 0, 0},
};

static const struct step second_connect_tls[] = {
	{CONNECT_TLS, NULL, OK, NOGREET, T, C | I},
	{CONNECT_TLS, NULL, SEQ, NOGREET, T, C | I},
	{CONNECT, NULL, SEQ, NOGREET, T, C | I},
	{STOP, NULL, 0, NULL, 0, 0},
};

static const struct step before_greeting[] = {
	{CONNECT, NULL, OK, NOGREET, 0, C},
	{STARTTLS, NULL, SEQ, NOGREET, 0, C},
	{AUTH, "alice", SEQ, NOGREET, 0, C},
	{SASL, NULL, SEQ, NOGREET, 0, C},
	{MAIL, NULL, SEQ, NOGREET, 0, C},
	{MAIL8, NULL, SEQ, NOGREET, 0, C},
	{ENDTX, NULL, SEQ, NOGREET, 0, C},
	{STOP, NULL, 0, NULL, 0, 0},
};

static const struct step inside_transaction[] = {
	{CONNECT, NULL, OK, NOGREET, 0, C},
	{EHLO, "a.example", OK, "ESMTP", 0, C},
	{MAIL, NULL, OK, "ESMTP", 0, C | M},
	{AUTH, "alice", SEQ, "ESMTP", 0, C | M},
	{STARTTLS, NULL, SEQ, "ESMTP", 0, C | M},
	{MAIL, NULL, SEQ, "ESMTP", 0, C | M},
	{MAIL8, NULL, SEQ, "ESMTP", 0, C | M},
	{CONNECT, NULL, SEQ, "ESMTP", 0, C | M},
	{ENDTX, NULL, OK, "ESMTP", 0, C},
	{ENDTX, NULL, SEQ, "ESMTP", 0, C},
	{AUTH, "alice", OK, "ESMTPA", A, C},
	{AUTH, "alice", SEQ, "ESMTPA", A, C},
	{MAIL8, NULL, OK, "UTF8SMTPA", A | U, C | M},
	{MAIL, NULL, SEQ, "UTF8SMTPA", A | U, C | M},
	{SASL, NULL, SEQ, "UTF8SMTPA", A | U, C | M},
	{STOP, NULL, 0, NULL, 0, 0},
};

/* LMTP: every LMTP keyword, including the UTF8LMTP family no server emits. */
static const struct step lmtp[] = {
	{CONNECT, NULL, OK, NOGREET, 0, C},
	{LHLO, "mx.example", OK, "LMTP", 0, C},
	{MAIL8, NULL, OK, "UTF8LMTP", U, C | M},
	{ENDTX, NULL, OK, "LMTP", 0, C},
	{AUTH, "alice", OK, "LMTPA", A, C},
	{MAIL8, NULL, OK, "UTF8LMTPA", A | U, C | M},
	{RSET, NULL, OK, "LMTPA", A, C},
	{STARTTLS, NULL, OK, NOGREET, T, C},
	{LHLO, "mx.example", OK, "LMTPS", T, C},
	{MAIL8, NULL, OK, "UTF8LMTPS", T | U, C | M},
	{RSET, NULL, OK, "LMTPS", T, C},
	{AUTH, "bob", OK, "LMTPSA", T | A, C},
	{MAIL, NULL, OK, "LMTPSA", T | A, C | M},
	{ENDTX, NULL, OK, "LMTPSA", T | A, C},
	{MAIL8, NULL, OK, "UTF8LMTPSA", T | A | U, C | M},
	{STOP, NULL, 0, NULL, 0, 0},
};

static const struct step lmtp_implicit_tls[] = {
	{CONNECT_TLS, NULL, OK, NOGREET, T, C | I},
	{LHLO, "mx.example", OK, "LMTPS", T, C | I},
	{STARTTLS, NULL, SEQ, "LMTPS", T, C | I},
	{SASL, NULL, SEQ, "LMTPS", T, C | I},
	{AUTH, "alice", OK, "LMTPSA", T | A, C | I},
	{SASL, NULL, OK, NOGREET, T | A, C | I | L},
	{LHLO, "mx.example", OK, "LMTPSA", T | A, C | I | L},
	{MAIL8, NULL, OK, "UTF8LMTPSA", T | A | U, C | I | L | M},
	{STOP, NULL, 0, NULL, 0, 0},
};

/* STARTTLS after a SASL layer (once the client greeted again) is allowed
 * and drops the layer along with AUTH. */
static const struct step starttls_drops_sasl_layer[] = {
	{CONNECT, NULL, OK, NOGREET, 0, C},
	{EHLO, "a.example", OK, "ESMTP", 0, C},
	{AUTH, "alice", OK, "ESMTPA", A, C},
	{SASL, NULL, OK, NOGREET, A, C | L},
	{EHLO, "a.example", OK, "ESMTPA", A, C | L},
	{STARTTLS, NULL, OK, NOGREET, T, C},
	{EHLO, "a.example", OK, "ESMTPS", T, C},
	{AUTH, "alice", OK, "ESMTPSA", T | A, C},
	{SASL, NULL, OK, NOGREET, T | A, C | L},
	{STOP, NULL, 0, NULL, 0, 0},
};

#define SCENARIO(s) {#s, s}

static const struct scenario scenarios[] = {
	SCENARIO(two_transactions_plain),
	SCENARIO(two_transactions_tls),
	SCENARIO(auth_then_starttls),
	SCENARIO(sasl_layer),
	SCENARIO(sasl_layer_keeps_tls),
	SCENARIO(greeting_ends_transaction),
	SCENARIO(greeting_keeps_tls_auth),
	SCENARIO(rset),
	SCENARIO(implicit_tls),
	SCENARIO(second_starttls),
	SCENARIO(helo_session),
	SCENARIO(helo_implicit_tls),
	SCENARIO(before_connect),
	SCENARIO(second_connect),
	SCENARIO(second_connect_tls),
	SCENARIO(before_greeting),
	SCENARIO(inside_transaction),
	SCENARIO(lmtp),
	SCENARIO(lmtp_implicit_tls),
	SCENARIO(starttls_drops_sasl_layer),
};

/* ---- arguments ---- */

static void test_init(void **unused)
{
	struct rcvd_session s, zero;

	(void)unused;
	memset(&s, 0xa5, sizeof s);
	memset(&zero, 0, sizeof zero);
	rcvd_session_init(&s);
	assert_int_equal(s.greeting, RCVD_GREETING_NONE);
	assert_int_equal(s.flags, 0);
	assert_int_equal(s.status, 0);
	assert_int_equal(s.arg_len, 0);
	assert_int_equal(s.identity_len, 0);
	assert_memory_equal(&s, &zero, sizeof s);
	rcvd_session_init(NULL); /* a no-op, not a crash */
}

static void test_null_session(void **unused)
{
	const char *k = "x";

	(void)unused;
	assert_int_equal(rcvd_session_connect(NULL, 0), RCVD_E_ARG);
	assert_int_equal(rcvd_session_connect(NULL, 1), RCVD_E_ARG);
	assert_int_equal(rcvd_session_greeting(NULL, RCVD_EHLO, "a", 1), RCVD_E_ARG);
	assert_int_equal(rcvd_session_starttls(NULL), RCVD_E_ARG);
	assert_int_equal(rcvd_session_auth(NULL, "a", 1), RCVD_E_ARG);
	assert_int_equal(rcvd_session_sasl_layer(NULL), RCVD_E_ARG);
	assert_int_equal(rcvd_session_mail(NULL, 0), RCVD_E_ARG);
	assert_int_equal(rcvd_session_mail(NULL, 1), RCVD_E_ARG);
	assert_int_equal(rcvd_session_rset(NULL), RCVD_E_ARG);
	assert_int_equal(rcvd_session_end(NULL), RCVD_E_ARG);
	assert_int_equal(rcvd_session_keyword(NULL, &k), RCVD_E_ARG);
	assert_null(k);
}

/* Bad arguments are refused, before and after connect, and change nothing. */
static void test_bad_arguments_change_nothing(void **unused)
{
	static const int bad_greetings[] = {RCVD_GREETING_NONE, 4, 7, -1};
	struct rcvd_session s, before;
	size_t i;
	int pass;

	(void)unused;
	rcvd_session_init(&s);
	for (pass = 0; pass < 3; pass++) {
		memcpy(&before, &s, sizeof s);
		assert_int_equal(rcvd_session_greeting(&s, RCVD_EHLO, NULL, 5), RCVD_E_ARG);
		assert_int_equal(rcvd_session_greeting(&s, RCVD_HELO, NULL, 1), RCVD_E_ARG);
		for (i = 0; i < COUNT(bad_greetings); i++)
			assert_int_equal(rcvd_session_greeting(&s,
			                 (enum rcvd_greeting)bad_greetings[i], "a", 1),
			                 RCVD_E_ARG);
		assert_int_equal(rcvd_session_auth(&s, NULL, 3), RCVD_E_ARG);
		assert_int_equal(rcvd_session_keyword(&s, NULL),
		                 RCVD_E_ARG);
		assert_memory_equal(&before, &s, sizeof s);
		if (pass == 0)
			assert_int_equal(rcvd_session_connect(&s, 0), RCVD_OK);
		if (pass == 1)
			assert_int_equal(rcvd_session_greeting(&s, RCVD_EHLO, "x", 1), RCVD_OK);
	}
}

/* NULL with length 0 is an absent, i.e. empty, argument. */
static void test_empty_arguments(void **unused)
{
	struct rcvd_session s;
	const char *k;

	(void)unused;
	rcvd_session_init(&s);
	assert_int_equal(rcvd_session_connect(&s, 0), RCVD_OK);
	assert_int_equal(rcvd_session_greeting(&s, RCVD_EHLO, NULL, 0), RCVD_OK);
	assert_int_equal(s.arg_len, 0);
	assert_int_equal(s.arg[0], '\0');
	assert_int_equal(rcvd_session_auth(&s, NULL, 0), RCVD_OK);
	assert_int_equal(s.identity_len, 0);
	assert_int_equal(rcvd_session_keyword(&s, &k), RCVD_OK);
	assert_string_equal(k, "ESMTPA");
}

static void greet(struct rcvd_session *s, const char *arg, size_t n)
{
	assert_int_equal(rcvd_session_greeting(s, RCVD_EHLO, arg, n), RCVD_OK);
}

static void test_greeting_argument_cut(void **unused)
{
	char big[600];
	struct rcvd_session s;
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof big; i++)
		big[i] = (char)('a' + i % 26);
	rcvd_session_init(&s);
	assert_int_equal(rcvd_session_connect(&s, 0), RCVD_OK);

	greet(&s, big, 600);
	assert_int_equal(s.arg_len, RCVD_SESSION_ARG_MAX);
	assert_int_equal(RCVD_SESSION_ARG_MAX, 512);
	assert_memory_equal(s.arg, big, 512);
	assert_int_equal(s.arg[512], '\0');
	assert_true(s.status & RCVD_S_ARG_CUT);

	greet(&s, "short", 5);            /* a new greeting clears the mark */
	assert_int_equal(s.arg_len, 5);
	assert_string_equal(s.arg, "short");
	assert_false(s.status & RCVD_S_ARG_CUT);

	greet(&s, big, 512);              /* exact fit: not cut */
	assert_int_equal(s.arg_len, 512);
	assert_false(s.status & RCVD_S_ARG_CUT);
	assert_int_equal(s.arg[512], '\0');

	greet(&s, big, 513);              /* one byte over */
	assert_int_equal(s.arg_len, 512);
	assert_true(s.status & RCVD_S_ARG_CUT);

	greet(&s, big, 511);
	assert_int_equal(s.arg_len, 511);
	assert_int_equal(s.arg[511], '\0');
	assert_false(s.status & RCVD_S_ARG_CUT);

	greet(&s, big, 600);
	assert_int_equal(rcvd_session_starttls(&s), RCVD_OK); /* forgets it */
	assert_int_equal(s.arg_len, 0);
	assert_int_equal(s.arg[0], '\0');
	assert_false(s.status & RCVD_S_ARG_CUT);
}

/* The argument may hold any byte, NUL included, and may be the session's
 * own copy (a caller re-greeting with what it stored). */
static void test_greeting_argument_bytes(void **unused)
{
	static const char odd[] = "a\0b(\r\n)\xff\x80 ";
	struct rcvd_session s;

	(void)unused;
	rcvd_session_init(&s);
	assert_int_equal(rcvd_session_connect(&s, 0), RCVD_OK);
	greet(&s, odd, sizeof odd - 1);
	assert_int_equal(s.arg_len, sizeof odd - 1);
	assert_memory_equal(s.arg, odd, sizeof odd - 1);
	assert_int_equal(s.arg[sizeof odd - 1], '\0');

	greet(&s, s.arg, s.arg_len);
	assert_int_equal(s.arg_len, sizeof odd - 1);
	assert_memory_equal(s.arg, odd, sizeof odd - 1);

	greet(&s, s.arg + 2, 3);          /* overlapping copy */
	assert_int_equal(s.arg_len, 3);
	assert_memory_equal(s.arg, "b(\r", 3);
}

static void test_identity_cut(void **unused)
{
	char big[300];
	struct rcvd_session s;
	size_t i;

	(void)unused;
	for (i = 0; i < sizeof big; i++)
		big[i] = (char)('A' + i % 26);
	rcvd_session_init(&s);
	assert_int_equal(rcvd_session_connect(&s, 0), RCVD_OK);
	greet(&s, "a.example", 9);
	assert_int_equal(rcvd_session_auth(&s, big, 300), RCVD_OK);
	assert_int_equal(RCVD_SESSION_ID_MAX, 256);
	assert_int_equal(s.identity_len, 256);
	assert_memory_equal(s.identity, big, 256);
	assert_int_equal(s.identity[256], '\0');
	assert_true(s.status & RCVD_S_ID_CUT);

	/* a SASL layer keeps the identity */
	assert_int_equal(rcvd_session_sasl_layer(&s), RCVD_OK);
	assert_int_equal(s.identity_len, 256);
	assert_true(s.status & RCVD_S_ID_CUT);

	/* STARTTLS forgets it, with its mark */
	greet(&s, "a.example", 9);
	assert_int_equal(rcvd_session_starttls(&s), RCVD_OK);
	assert_int_equal(s.identity_len, 0);
	assert_int_equal(s.identity[0], '\0');
	assert_false(s.status & RCVD_S_ID_CUT);

	greet(&s, "a.example", 9);
	assert_int_equal(rcvd_session_auth(&s, big, 256), RCVD_OK); /* exact fit */
	assert_int_equal(s.identity_len, 256);
	assert_false(s.status & RCVD_S_ID_CUT);
}

/* A value no event can store (the fields are public) is refused, not
 * indexed with. */
static void test_keyword_corrupt_greeting(void **unused)
{
	struct rcvd_session s;
	const char *k = "x";

	(void)unused;
	rcvd_session_init(&s);
	s.greeting = (enum rcvd_greeting)9;
	assert_int_equal(rcvd_session_keyword(&s, &k), RCVD_E_ARG);
	assert_null(k);
}

/* Random event sequences: every status is OK or SEQUENCE, a refused event
 * changes nothing, and the invariants always hold. */
static void test_random_sequences(void **unused)
{
	static const char *const args[] = {"a.example", "", "[192.0.2.1]", "x y"};
	uint32_t seed = 12345u;
	struct rcvd_session s, before;
	unsigned run, ev, seen_ok = 0, seen_seq = 0;

	(void)unused;
	for (run = 0; run < 2000; run++) {
		rcvd_session_init(&s);
		for (ev = 0; ev < 40; ev++) {
			enum op op;
			int rc;

			seed = seed * 1103515245u + 12345u;
			op = (enum op)(1 + (seed >> 16) % ENDTX);
			memcpy(&before, &s, sizeof s);
			rc = apply(&s, op, args[(seed >> 8) % COUNT(args)]);
			if (rc == RCVD_OK) {
				seen_ok++;
			} else {
				assert_int_equal(rc, RCVD_E_SEQUENCE);
				assert_memory_equal(&before, &s, sizeof s);
				seen_seq++;
			}
			check_invariants(&s);
		}
	}
	assert_true(seen_ok > 10000);
	assert_true(seen_seq > 10000);
}

int main(void)
{
	struct CMUnitTest tests[COUNT(scenarios) + 10];
	size_t i, n = 0;

	for (i = 0; i < COUNT(scenarios); i++) {
		struct CMUnitTest t;
		memset(&t, 0, sizeof t);
		t.name = scenarios[i].name;
		t.test_func = run_script;
		t.initial_state = (void *)(uintptr_t)&scenarios[i];
		tests[n++] = t;
	}
	{
		const struct CMUnitTest more[] = {
			cmocka_unit_test(test_init),
			cmocka_unit_test(test_null_session),
			cmocka_unit_test(test_bad_arguments_change_nothing),
			cmocka_unit_test(test_empty_arguments),
			cmocka_unit_test(test_greeting_argument_cut),
			cmocka_unit_test(test_greeting_argument_bytes),
			cmocka_unit_test(test_identity_cut),
			cmocka_unit_test(test_keyword_corrupt_greeting),
			cmocka_unit_test(test_random_sequences),
		};
		for (i = 0; i < COUNT(more); i++)
			tests[n++] = more[i];
	}
	return _cmocka_run_group_tests("test_session", tests, n, NULL, NULL);
}
