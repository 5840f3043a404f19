/*
 * fuzz_session.c -- random event sequences through the session state
 * machine, checked step by step against a model written here from the
 * rules in rcvd.h and SPEC.md section 1 (RFC 3207 4.2, RFC 4954 4,
 * RFC 5321 4.1.4, RFC 6531 3.7.3), independently of src/session.c.
 *
 * Input: a sequence of events, each one byte of kind and parameters, with
 * greeting arguments and identities as fuzz_str() strings.
 *
 * Oracles after every event:
 *  - the status equals the model's (OK / SEQUENCE / ARG);
 *  - an event that fails leaves the struct byte-identical;
 *  - greeting, flags, status bits and the copied argument and identity
 *    equal the model's;
 *  - invariants: UTF8 only inside a transaction and never after HELO;
 *    TLS, once on, stays on; right after STARTTLS no greeting, no AUTH;
 *    the keyword query agrees with rcvd_keyword() for the state.
 */
#include "fuzz.h"

struct model {
	int connected, in_mail, sasl, implicit_tls, arg_cut, id_cut;
	enum rcvd_greeting greeting;
	unsigned flags;
	size_t arg_len, id_len;
	char arg[RCVD_SESSION_ARG_MAX];
	char id[RCVD_SESSION_ID_MAX];
};

enum event {
	EV_CONNECT, EV_GREETING, EV_STARTTLS, EV_AUTH, EV_SASL, EV_MAIL,
	EV_RSET, EV_END, EV_GREETING_SELF, EV_COUNT
};

static int ehlo_like(const struct model *m)
{
	return m->greeting == RCVD_EHLO || m->greeting == RCVD_LHLO;
}

static void end_transaction(struct model *m)
{
	m->in_mail = 0;
	m->flags &= ~RCVD_UTF8;
}

static void forget_greeting(struct model *m)
{
	m->greeting = RCVD_GREETING_NONE;
	m->arg_len = 0;
	m->arg_cut = 0;
}

/* Applies one event to the model; returns the status rcvd.h promises. */
static int model_event(struct model *m, enum event ev, unsigned g, int bit,
                       const char *p, size_t n)
{
	switch (ev) {
	case EV_CONNECT:
		if (m->connected)
			return RCVD_E_SEQUENCE;
		m->connected = 1;
		if (bit) {
			m->flags |= RCVD_TLS;
			m->implicit_tls = 1;
		}
		return RCVD_OK;
	case EV_GREETING:
	case EV_GREETING_SELF:
		if (g < RCVD_HELO || g > RCVD_LHLO)
			return RCVD_E_ARG;
		if (!m->connected)
			return RCVD_E_SEQUENCE;
		end_transaction(m);
		m->greeting = (enum rcvd_greeting)g;
		m->arg_cut = n > RCVD_SESSION_ARG_MAX;
		m->arg_len = m->arg_cut ? RCVD_SESSION_ARG_MAX : n;
		if (m->arg_len > 0)
			memmove(m->arg, p, m->arg_len);
		return RCVD_OK;
	case EV_STARTTLS:
		if (!m->connected || !ehlo_like(m) || m->in_mail ||
		    (m->flags & RCVD_TLS) != 0)
			return RCVD_E_SEQUENCE;
		forget_greeting(m);
		m->flags = RCVD_TLS;
		m->id_len = 0;
		m->id_cut = 0;
		m->sasl = 0;
		return RCVD_OK;
	case EV_AUTH:
		if (!m->connected || !ehlo_like(m) || m->in_mail ||
		    (m->flags & RCVD_AUTH) != 0)
			return RCVD_E_SEQUENCE;
		m->flags |= RCVD_AUTH;
		m->id_cut = n > RCVD_SESSION_ID_MAX;
		m->id_len = m->id_cut ? RCVD_SESSION_ID_MAX : n;
		if (m->id_len > 0)
			memcpy(m->id, p, m->id_len);
		return RCVD_OK;
	case EV_SASL:
		/* rcvd.h lists "without AUTH or a second one"; a layer inside a
		 * transaction is out of order too, since AUTH is refused there. */
		if (!m->connected || (m->flags & RCVD_AUTH) == 0 || m->sasl ||
		    m->in_mail)
			return RCVD_E_SEQUENCE;
		forget_greeting(m);
		m->sasl = 1;
		return RCVD_OK;
	case EV_MAIL:
		if (!m->connected || m->greeting == RCVD_GREETING_NONE || m->in_mail)
			return RCVD_E_SEQUENCE;
		if (bit && m->greeting == RCVD_HELO)
			return RCVD_E_SEQUENCE;
		m->in_mail = 1;
		if (bit)
			m->flags |= RCVD_UTF8;
		return RCVD_OK;
	case EV_RSET:
		if (!m->connected)
			return RCVD_E_SEQUENCE;
		end_transaction(m);
		return RCVD_OK;
	case EV_END:
		if (!m->connected || !m->in_mail)
			return RCVD_E_SEQUENCE;
		end_transaction(m);
		return RCVD_OK;
	case EV_COUNT:
		break;
	}
	return RCVD_E_ARG;
}

static int lib_event(struct rcvd_session *s, enum event ev, unsigned g,
                     int bit, const char *p, size_t n)
{
	switch (ev) {
	case EV_CONNECT:
		return rcvd_session_connect(s, bit);
	case EV_GREETING:
	case EV_GREETING_SELF:
		return rcvd_session_greeting(s, (enum rcvd_greeting)g, p, n);
	case EV_STARTTLS:
		return rcvd_session_starttls(s);
	case EV_AUTH:
		return rcvd_session_auth(s, p, n);
	case EV_SASL:
		return rcvd_session_sasl_layer(s);
	case EV_MAIL:
		return rcvd_session_mail(s, bit);
	case EV_RSET:
		return rcvd_session_rset(s);
	case EV_END:
		return rcvd_session_end(s);
	case EV_COUNT:
		break;
	}
	return RCVD_E_ARG;
}

static void compare(const struct rcvd_session *s, const struct model *m)
{
	unsigned st = 0;

	if (m->connected)
		st |= RCVD_S_CONNECTED;
	if (m->in_mail)
		st |= RCVD_S_IN_MAIL;
	if (m->sasl)
		st |= RCVD_S_SASL_LAYER;
	if (m->arg_cut)
		st |= RCVD_S_ARG_CUT;
	if (m->id_cut)
		st |= RCVD_S_ID_CUT;
	if (m->implicit_tls)
		st |= RCVD_S_IMPLICIT_TLS;
	FUZZ_CHECK(s->greeting == m->greeting);
	FUZZ_CHECK(s->flags == m->flags);
	FUZZ_CHECK(s->status == st);
	FUZZ_CHECK(s->arg_len == m->arg_len);
	FUZZ_CHECK(memcmp(s->arg, m->arg, m->arg_len) == 0);
	FUZZ_CHECK(s->arg[s->arg_len] == '\0');
	FUZZ_CHECK(s->identity_len == m->id_len);
	FUZZ_CHECK(memcmp(s->identity, m->id, m->id_len) == 0);
	FUZZ_CHECK(s->identity[s->identity_len] == '\0');
}

/* Invariants that hold whatever the history, checked on the library alone
 * so that they do not lean on the model. */
static void invariants(const struct rcvd_session *s)
{
	const char *k = (const char *)1;
	int rc = rcvd_session_keyword(s, &k);

	if ((s->flags & RCVD_UTF8) != 0) {
		FUZZ_CHECK((s->status & RCVD_S_IN_MAIL) != 0);
		FUZZ_CHECK(s->greeting != RCVD_HELO);
	}
	FUZZ_CHECK((s->flags & ~(RCVD_TLS | RCVD_AUTH | RCVD_UTF8)) == 0);
	if ((s->status & RCVD_S_IMPLICIT_TLS) != 0)
		FUZZ_CHECK((s->flags & RCVD_TLS) != 0);
	if ((s->status & RCVD_S_SASL_LAYER) != 0)
		FUZZ_CHECK((s->flags & RCVD_AUTH) != 0);
	if ((s->status & RCVD_S_IN_MAIL) != 0)
		FUZZ_CHECK(s->greeting != RCVD_GREETING_NONE);
	if (s->greeting == RCVD_GREETING_NONE) {
		FUZZ_CHECK(rc == RCVD_E_NOGREETING);
		FUZZ_CHECK(k == NULL);
	} else {
		FUZZ_CHECK(rc == RCVD_OK);
		FUZZ_CHECK(k != NULL && strcmp(k, rcvd_keyword(s->greeting, s->flags)) == 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in;
	struct rcvd_session s, before;
	struct model m;
	unsigned steps = 0;

	in.p = data;
	in.n = size;
	rcvd_session_init(&s);
	memset(&m, 0, sizeof m);
	compare(&s, &m);
	invariants(&s);

	while (in.n > 0 && steps++ < 256) {
		unsigned b = fuzz_u8(&in);
		enum event ev = (enum event)(b % EV_COUNT);
		/* Greeting values 0 and 4..7 probe the ARG path. */
		unsigned g = (b >> 4) & 7u;
		int bit = (b & 0x80u) != 0;
		const char *p = NULL;
		size_t n = 0;
		int want, got;

		if (ev == EV_GREETING || ev == EV_AUTH) {
			struct rcvd_span sp = fuzz_str(&in);

			p = sp.ptr;
			n = sp.len;
			/* A NULL pointer with a length is the ARG case. */
			if (p == NULL && bit)
				n = 1;
		} else if (ev == EV_GREETING_SELF) {
			/* The struct's own copy handed back: overlapping copy. */
			size_t off = fuzz_u8(&in) % (s.arg_len + 1);

			p = s.arg + off;
			n = s.arg_len - off;
		}
		memcpy(&before, &s, sizeof s);
		if (p == NULL && n > 0)
			want = RCVD_E_ARG;
		else
			want = model_event(&m, ev, g, bit, p, n);
		got = lib_event(&s, ev, g, bit, p, n);
		if (got != want)
			fprintf(stderr, "event %u (g=%u bit=%d): want %d got %d\n",
			        (unsigned)ev, g, bit, want, got);
		FUZZ_CHECK(got == want);
		if (got != RCVD_OK)
			FUZZ_CHECK(memcmp(&before, &s, sizeof s) == 0);
		if (got == RCVD_OK && ev == EV_STARTTLS) {
			FUZZ_CHECK(s.greeting == RCVD_GREETING_NONE);
			FUZZ_CHECK(s.flags == RCVD_TLS);
		}
		if ((before.flags & RCVD_TLS) != 0)
			FUZZ_CHECK((s.flags & RCVD_TLS) != 0);
		compare(&s, &m);
		invariants(&s);
	}
	return 0;
}
