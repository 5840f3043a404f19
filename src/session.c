/*
 * session.c -- the session state machine: which WITH keyword applies at any
 * point of one SMTP or LMTP connection (RFC 3207 4.2, RFC 4954 4,
 * RFC 5321 4.1.4, RFC 6531 3.7.3).
 *
 * Every event checks all its preconditions before it writes anything, so
 * an out-of-sequence event leaves the struct exactly as it was.
 */
#include <string.h>

#include "internal.h"

void rcvd_session_init(struct rcvd_session *s)
{
	if (s == NULL)
		return;
	/* memset, not member assignment: padding too is zeroed, so callers may
	 * compare or hash whole structs. */
	memset(s, 0, sizeof *s);
	s->greeting = RCVD_GREETING_NONE;
}

/* Copies (src, n) into dst[0..max], cut to max bytes and NUL-terminated;
 * returns the length kept. memmove: the caller may hand back the struct's
 * own copy. */
static size_t ses_copy(char *dst, size_t max, const char *src, size_t n)
{
	size_t keep = n > max ? max : n;

	if (keep > 0)
		memmove(dst, src, keep);
	dst[keep] = '\0';
	return keep;
}

static int ses_connected(const struct rcvd_session *s)
{
	return (s->status & RCVD_S_CONNECTED) != 0;
}

static int ses_in_mail(const struct rcvd_session *s)
{
	return (s->status & RCVD_S_IN_MAIL) != 0;
}

static void ses_forget_greeting(struct rcvd_session *s)
{
	s->greeting = RCVD_GREETING_NONE;
	s->arg_len = 0;
	s->arg[0] = '\0';
	s->status &= ~RCVD_S_ARG_CUT;
}

/* SMTPUTF8 belongs to one transaction (RFC 6531 3.7.3), not the session. */
static void ses_end_transaction(struct rcvd_session *s)
{
	s->status &= ~RCVD_S_IN_MAIL;
	s->flags &= ~RCVD_UTF8;
}

int rcvd_session_connect(struct rcvd_session *s, int implicit_tls)
{
	if (s == NULL)
		return RCVD_E_ARG;
	if (ses_connected(s))
		return RCVD_E_SEQUENCE;
	s->status |= RCVD_S_CONNECTED;
	if (implicit_tls) {
		/* RFC 8314 implicit TLS counts as "S": common practice (Postfix,
		 * Dovecot, James), not RFC 3848 text. */
		s->flags |= RCVD_TLS;
		s->status |= RCVD_S_IMPLICIT_TLS;
	}
	return RCVD_OK;
}

int rcvd_session_greeting(struct rcvd_session *s, enum rcvd_greeting greeting,
                          const char *arg, size_t n)
{
	int g = (int)greeting;

	if (s == NULL || (arg == NULL && n > 0))
		return RCVD_E_ARG;
	if (g < (int)RCVD_HELO || g > (int)RCVD_LHLO)
		return RCVD_E_ARG;
	if (!ses_connected(s))
		return RCVD_E_SEQUENCE;
	/* RFC 5321 4.1.4: a greeting resets the transaction like RSET; TLS and
	 * AUTH are properties of the connection and stay. */
	ses_end_transaction(s);
	s->greeting = greeting;
	s->arg_len = ses_copy(s->arg, RCVD_SESSION_ARG_MAX, arg, n);
	if (n > RCVD_SESSION_ARG_MAX)
		s->status |= RCVD_S_ARG_CUT;
	else
		s->status &= ~RCVD_S_ARG_CUT;
	return RCVD_OK;
}

int rcvd_session_starttls(struct rcvd_session *s)
{
	if (s == NULL)
		return RCVD_E_ARG;
	/* STARTTLS is an ESMTP extension: it needs EHLO or LHLO in force
	 * (HELO, or no greeting, means the client never saw it offered). */
	if (!ses_connected(s) || (s->flags & RCVD_TLS) != 0 || ses_in_mail(s) ||
	    (s->greeting != RCVD_EHLO && s->greeting != RCVD_LHLO))
		return RCVD_E_SEQUENCE;
	/* RFC 3207 4.2: everything not learned from the TLS negotiation itself
	 * is discarded: the greeting, AUTH and whatever rode on it. */
	ses_forget_greeting(s);
	s->flags = RCVD_TLS;
	s->identity_len = 0;
	s->identity[0] = '\0';
	s->status &= ~(RCVD_S_ID_CUT | RCVD_S_SASL_LAYER);
	return RCVD_OK;
}

int rcvd_session_auth(struct rcvd_session *s, const char *id, size_t n)
{
	if (s == NULL || (id == NULL && n > 0))
		return RCVD_E_ARG;
	if (!ses_connected(s) || (s->flags & RCVD_AUTH) != 0 || ses_in_mail(s) ||
	    (s->greeting != RCVD_EHLO && s->greeting != RCVD_LHLO))
		return RCVD_E_SEQUENCE;
	s->flags |= RCVD_AUTH;
	s->identity_len = ses_copy(s->identity, RCVD_SESSION_ID_MAX, id, n);
	if (n > RCVD_SESSION_ID_MAX)
		s->status |= RCVD_S_ID_CUT;
	else
		s->status &= ~RCVD_S_ID_CUT;
	return RCVD_OK;
}

int rcvd_session_sasl_layer(struct rcvd_session *s)
{
	if (s == NULL)
		return RCVD_E_ARG;
	/* The layer starts right after the AUTH exchange, and AUTH is refused
	 * inside a transaction: a layer reported inside one is out of order. */
	if (!ses_connected(s) || (s->flags & RCVD_AUTH) == 0 || ses_in_mail(s) ||
	    (s->status & RCVD_S_SASL_LAYER) != 0)
		return RCVD_E_SEQUENCE;
	/* RFC 4954 4: knowledge from outside the SASL exchange (the greeting)
	 * is discarded; TLS and the authentication stay. */
	ses_forget_greeting(s);
	s->status |= RCVD_S_SASL_LAYER;
	return RCVD_OK;
}

int rcvd_session_mail(struct rcvd_session *s, int smtputf8)
{
	if (s == NULL)
		return RCVD_E_ARG;
	if (!ses_connected(s) || s->greeting == RCVD_GREETING_NONE || ses_in_mail(s))
		return RCVD_E_SEQUENCE;
	/* SMTPUTF8 is an ESMTP extension (RFC 6531): not after HELO. */
	if (smtputf8 && s->greeting == RCVD_HELO)
		return RCVD_E_SEQUENCE;
	s->status |= RCVD_S_IN_MAIL;
	if (smtputf8)
		s->flags |= RCVD_UTF8;
	return RCVD_OK;
}

int rcvd_session_rset(struct rcvd_session *s)
{
	if (s == NULL)
		return RCVD_E_ARG;
	if (!ses_connected(s))
		return RCVD_E_SEQUENCE;
	ses_end_transaction(s);
	return RCVD_OK;
}

int rcvd_session_end(struct rcvd_session *s)
{
	if (s == NULL)
		return RCVD_E_ARG;
	if (!ses_connected(s) || !ses_in_mail(s))
		return RCVD_E_SEQUENCE;
	ses_end_transaction(s);
	return RCVD_OK;
}

int rcvd_session_keyword(const struct rcvd_session *s, const char **keyword)
{
	const char *k;

	if (keyword != NULL)
		*keyword = NULL;
	if (s == NULL || keyword == NULL)
		return RCVD_E_ARG;
	if (s->greeting == RCVD_GREETING_NONE)
		return RCVD_E_NOGREETING;
	k = rcvd_keyword(s->greeting, s->flags & (RCVD_TLS | RCVD_AUTH | RCVD_UTF8));
	if (k == NULL)
		return RCVD_E_ARG; /* a greeting value no event can store */
	*keyword = k;
	return RCVD_OK;
}
