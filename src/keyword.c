/*
 * keyword.c -- the WITH keyword table (IANA "Mail Transmission Types",
 * RFC 3848, RFC 6531) and both directions over it: session state to
 * keyword, and keyword text to session state.
 */
#include <string.h>

#include "internal.h"

/* The length comes from the literal itself so that it cannot drift. */
#define KW(s, g, f) { (s), (unsigned char)(sizeof(s) - 1), (g), (f) }

#define T RCVD_TLS
#define A RCVD_AUTH
#define U RCVD_UTF8
#define X RCVD_UNREGISTERED

/* Registered rows first, in the order of the registry as SPEC.md lists it;
 * then the unregistered spellings real servers write, which are decoded
 * (flagged) but never produced. Every name is in upper case: that is how
 * keywords are written, and decoding folds its input to match. */
const struct rcvd_i_keyword rcvd_i_keywords[] = {
	KW("SMTP", RCVD_HELO, 0),                     /*  0 */
	KW("ESMTP", RCVD_EHLO, 0),                    /*  1 */
	KW("ESMTPA", RCVD_EHLO, A),                   /*  2 */
	KW("ESMTPS", RCVD_EHLO, T),                   /*  3 */
	KW("ESMTPSA", RCVD_EHLO, T | A),              /*  4 */
	KW("LMTP", RCVD_LHLO, 0),                     /*  5 */
	KW("LMTPA", RCVD_LHLO, A),                    /*  6 */
	KW("LMTPS", RCVD_LHLO, T),                    /*  7 */
	KW("LMTPSA", RCVD_LHLO, T | A),               /*  8 */
	KW("UTF8SMTP", RCVD_EHLO, U),                 /*  9 */
	KW("UTF8SMTPA", RCVD_EHLO, U | A),            /* 10 */
	KW("UTF8SMTPS", RCVD_EHLO, U | T),            /* 11 */
	KW("UTF8SMTPSA", RCVD_EHLO, U | T | A),       /* 12 */
	KW("UTF8LMTP", RCVD_LHLO, U),                 /* 13 */
	KW("UTF8LMTPA", RCVD_LHLO, U | A),            /* 14 */
	KW("UTF8LMTPS", RCVD_LHLO, U | T),            /* 15 */
	KW("UTF8LMTPSA", RCVD_LHLO, U | T | A),       /* 16 */
	/* RFC 4356 MMS relay: no SMTP session state maps to it. */
	KW("MMS", RCVD_GREETING_NONE, 0),             /* 17 */

	KW("SMTPS", RCVD_HELO, X | T),
	KW("SMTPA", RCVD_HELO, X | A),
	KW("SMTPSA", RCVD_HELO, X | T | A),
	KW("SSMTP", RCVD_HELO, X | T),
	KW("ESSMTP", RCVD_EHLO, X | T),
	KW("ESSMTPA", RCVD_EHLO, X | T | A),
	KW("ASMTP", RCVD_EHLO, X | A),
	KW("UTF8ESMTP", RCVD_EHLO, X | U),
	KW("UTF8ESMTPS", RCVD_EHLO, X | U | T),
	KW("UTF8ESMTPA", RCVD_EHLO, X | U | A),
	KW("UTF8ESMTPSA", RCVD_EHLO, X | U | T | A),
};

const size_t rcvd_i_keywords_count =
	sizeof rcvd_i_keywords / sizeof rcvd_i_keywords[0];

/* State to row, [greeting - 1][flags]: a constant lookup instead of a
 * search, so the composer pays two loads. Every HELO state is SMTP (row 0):
 * no keyword is registered for HELO with TLS, and AUTH and SMTPUTF8 are
 * ESMTP extensions, so writing "SMTPS" or the like would be an unregistered
 * word that filters misread. test_keyword checks every entry against the
 * rows above. */
static const unsigned char kw_by_state[3][8] = {
	/* flags:  0  T  A TA  U UT UA UTA */
	/* HELO */ {0, 0, 0, 0, 0, 0, 0, 0},
	/* EHLO */ {1, 3, 2, 4, 9, 11, 10, 12},
	/* LHLO */ {5, 7, 6, 8, 13, 15, 14, 16},
};

#undef T
#undef A
#undef U
#undef X
#undef KW

/* Shortest ("MMS") and longest ("UTF8ESMTPSA") names in the table: other
 * lengths are rejected before any comparison, and the longest bounds the
 * folding buffer. */
#define KW_LEN_MIN 3u
#define KW_LEN_MAX 11u

const char *rcvd_keyword(enum rcvd_greeting greeting, unsigned flags)
{
	int g = (int)greeting;

	if (g < (int)RCVD_HELO || g > (int)RCVD_LHLO)
		return NULL;
	if ((flags & ~(RCVD_TLS | RCVD_AUTH | RCVD_UTF8)) != 0)
		return NULL;
	return rcvd_i_keywords[kw_by_state[g - 1][flags]].name;
}

/* ASCII letters only: 8-bit bytes and NUL stay as they are and so never
 * match a table byte, whatever the locale. */
static unsigned char kw_upper(unsigned char c)
{
	return (c >= 'a' && c <= 'z') ? (unsigned char)(c - 32) : c;
}

int rcvd_keyword_decode(const char *s, size_t n, enum rcvd_greeting *greeting,
                        unsigned *flags)
{
	char word[KW_LEN_MAX];
	size_t i;

	if (s == NULL)
		return n > 0 ? RCVD_E_ARG : RCVD_E_KEYWORD;
	if (n < KW_LEN_MIN || n > KW_LEN_MAX)
		return RCVD_E_KEYWORD;
	/* Fold once; then length and first byte rule out nearly every row
	 * before a memcmp. */
	for (i = 0; i < n; i++)
		word[i] = (char)kw_upper((unsigned char)s[i]);
	for (i = 0; i < rcvd_i_keywords_count; i++) {
		const struct rcvd_i_keyword *k = &rcvd_i_keywords[i];

		if (k->len != n || k->name[0] != word[0] ||
		    memcmp(word, k->name, n) != 0)
			continue;
		if (greeting != NULL)
			*greeting = (enum rcvd_greeting)k->greeting;
		if (flags != NULL)
			*flags = k->flags;
		return RCVD_OK;
	}
	return RCVD_E_KEYWORD;
}
