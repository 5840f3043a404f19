/*
 * fuzz_keyword.c -- WITH keyword decode and encode against a table written
 * out here from SPEC.md section 1, independently of src/keyword.c.
 *
 * Oracles, for every input:
 *  - rcvd_keyword_decode() succeeds exactly when the input is one of the
 *    spellings below in some case mix, and yields that row's state;
 *  - a registered word decoded then re-encoded with rcvd_keyword() gives the
 *    input back, up to case (MMS has no session state and is excepted);
 *  - the NULL out-pointers change nothing; NULL text with n > 0 is ARG;
 *  - all 24 (greeting, flags) states: keyword -> decode -> the same state
 *    (HELO states decode to plain HELO: they are all written SMTP);
 *  - rcvd_keyword() with arbitrary greeting and flag values from the input
 *    is NULL exactly outside the domain.
 */
#include "fuzz.h"

struct spelling {
	const char *word;
	enum rcvd_greeting g;
	unsigned flags;
};

#define T RCVD_TLS
#define A RCVD_AUTH
#define U RCVD_UTF8
#define X RCVD_UNREGISTERED

static const struct spelling spellings[] = {
	{"SMTP", RCVD_HELO, 0},
	{"ESMTP", RCVD_EHLO, 0},
	{"ESMTPA", RCVD_EHLO, A},
	{"ESMTPS", RCVD_EHLO, T},
	{"ESMTPSA", RCVD_EHLO, T | A},
	{"LMTP", RCVD_LHLO, 0},
	{"LMTPA", RCVD_LHLO, A},
	{"LMTPS", RCVD_LHLO, T},
	{"LMTPSA", RCVD_LHLO, T | A},
	{"UTF8SMTP", RCVD_EHLO, U},
	{"UTF8SMTPA", RCVD_EHLO, U | A},
	{"UTF8SMTPS", RCVD_EHLO, U | T},
	{"UTF8SMTPSA", RCVD_EHLO, U | T | A},
	{"UTF8LMTP", RCVD_LHLO, U},
	{"UTF8LMTPA", RCVD_LHLO, U | A},
	{"UTF8LMTPS", RCVD_LHLO, U | T},
	{"UTF8LMTPSA", RCVD_LHLO, U | T | A},
	{"MMS", RCVD_GREETING_NONE, 0},
	{"SMTPS", RCVD_HELO, X | T},
	{"SMTPA", RCVD_HELO, X | A},
	{"SMTPSA", RCVD_HELO, X | T | A},
	{"SSMTP", RCVD_HELO, X | T},
	{"ESSMTP", RCVD_EHLO, X | T},
	{"ESSMTPA", RCVD_EHLO, X | T | A},
	{"ASMTP", RCVD_EHLO, X | A},
	{"UTF8ESMTP", RCVD_EHLO, X | U},
	{"UTF8ESMTPS", RCVD_EHLO, X | U | T},
	{"UTF8ESMTPA", RCVD_EHLO, X | U | A},
	{"UTF8ESMTPSA", RCVD_EHLO, X | U | T | A},
};

#undef T
#undef A
#undef U
#undef X

static const struct spelling *lookup(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof spellings / sizeof spellings[0]; i++)
		if (strlen(spellings[i].word) == n && fuzz_ieq(s, spellings[i].word, n))
			return &spellings[i];
	return NULL;
}

static void check_all_states(void)
{
	unsigned g, f;

	for (g = RCVD_HELO; g <= RCVD_LHLO; g++)
		for (f = 0; f < 8; f++) {
			const char *k = rcvd_keyword((enum rcvd_greeting)g, f);
			enum rcvd_greeting dg = RCVD_GREETING_NONE;
			unsigned df = 0xffu;

			FUZZ_CHECK(k != NULL);
			FUZZ_CHECK(rcvd_keyword_decode(k, strlen(k), &dg, &df) == RCVD_OK);
			FUZZ_CHECK((unsigned)dg == g);
			FUZZ_CHECK(df == (g == RCVD_HELO ? 0u : f));
		}
}

static void check_decode(const char *s, size_t n)
{
	const struct spelling *want = lookup(s, n);
	enum rcvd_greeting g = (enum rcvd_greeting)77;
	unsigned f = 0xdeadu;
	int rc = rcvd_keyword_decode(s, n, &g, &f);

	if (want == NULL) {
		if (rc != RCVD_E_KEYWORD)
			fuzz_dump("input", s, n);
		FUZZ_CHECK(rc == RCVD_E_KEYWORD);
	} else {
		if (rc != RCVD_OK)
			fuzz_dump("input", s, n);
		FUZZ_CHECK(rc == RCVD_OK);
		FUZZ_CHECK(g == want->g);
		FUZZ_CHECK(f == want->flags);
	}
	FUZZ_CHECK(rcvd_keyword_decode(s, n, NULL, NULL) == rc);
	FUZZ_CHECK(rcvd_keyword_decode(NULL, n, &g, &f) ==
	           (n > 0 ? RCVD_E_ARG : RCVD_E_KEYWORD));

	/* The round trip: what decodes as registered encodes back to itself. */
	if (rc == RCVD_OK && (f & RCVD_UNREGISTERED) == 0 && g != RCVD_GREETING_NONE) {
		const char *k = rcvd_keyword(g, f);

		FUZZ_CHECK(k != NULL);
		FUZZ_CHECK(strlen(k) == n && fuzz_ieq(k, s, n));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in;
	unsigned g, f;
	const char *k;

	check_all_states();
	check_decode((const char *)data, size);

	/* Arbitrary state values: NULL exactly outside the domain. */
	in.p = data;
	in.n = size;
	g = (unsigned)fuzz_u8(&in) % 6u; /* 4 and 5: beyond the enum */
	f = (unsigned)fuzz_u8(&in);
	k = rcvd_keyword((enum rcvd_greeting)g, f);
	if (g < RCVD_HELO || g > RCVD_LHLO || (f & ~7u) != 0) {
		FUZZ_CHECK(k == NULL);
	} else {
		const struct spelling *row;

		FUZZ_CHECK(k != NULL);
		row = lookup(k, strlen(k));
		FUZZ_CHECK(row != NULL && (row->flags & RCVD_UNREGISTERED) == 0);
		/* Upper case, as written. */
		FUZZ_CHECK(strcmp(k, row->word) == 0);
		FUZZ_CHECK(row->g == (enum rcvd_greeting)g);
		FUZZ_CHECK(row->flags == (g == RCVD_HELO ? 0u : f));
	}
	return 0;
}
