/*
 * reader.c -- words that regular-expression readers of Received fields act
 * on, even when they stand inside one token.
 *
 * SpamAssassin 4 (Mail::SpamAssassin::Message::Metadata::Received) is the
 * reader that matters most, and its rules were checked one by one against
 * what a one-token text can hold (no white space, no ( ) [ ] < > ; " \ = ,
 * or ':'), given the punctuation the composer puts around it:
 *  - /authenticated/ in any parenthesised text after the client's address
 *    and before a later " by" marks the hop as authenticated;
 *  - /Exim/ anywhere switches to its Exim parser, which skips the rDNS;
 *  - / id X/, / by X/, / with X/, /\b(HELO|EHLO) X/ take the first such
 *    word that stands alone between spaces, and " by" alone ends the
 *    authentication rule above;
 *  - /envelope-(sender|from)[ =]X/i and /return-path:? X/i set the sender.
 * The encoder neutralises such words by writing their first letter as %XX
 * (still lossless). Names written as they are (the FROM name, the rDNS,
 * paths) cannot be altered, so the composer refuses them instead
 * (rcvd_i_name_trap). Case is ignored for encoded text, where it costs
 * nothing; names are matched exactly as SpamAssassin does, so that a
 * mailing list at lists.exim.org keeps its FOR clause.
 */
#include <string.h>

#include "internal.h"

/* Case-insensitive: (p, n) at i starts with the lower-case word w. */
static int ci_at(const unsigned char *p, size_t n, size_t i, const char *w,
                 size_t wn)
{
	size_t k;

	if (n - i < wn)
		return 0;
	for (k = 0; k < wn; k++)
		if (rcvd_i_lower(p[i + k]) != (unsigned char)w[k])
			return 0;
	return 1;
}

/* The whole token is one of the clause words. */
static int keyword(const unsigned char *p, size_t n)
{
	static const char *const words[] = {
		"by", "id", "for", "tls", "via", "from", "with", "helo", "ehlo", "lhlo"};
	size_t i;

	if (n < 2 || n > 4)
		return 0;
	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strlen(words[i]) == n && ci_at(p, n, 0, words[i], n))
			return 1;
	return 0;
}

int rcvd_i_reader_mark(const unsigned char *p, size_t n, size_t i)
{
	switch (rcvd_i_lower(p[i])) {
	case 'a':
		return ci_at(p, n, i, "authenticated", 13);
	case 'b':
		/* "by" starting a token that follows a space */
		return i == 0 && n >= 2 && rcvd_i_lower(p[1]) == 'y';
	case 'e':
		return ci_at(p, n, i, "exim", 4) || ci_at(p, n, i, "envelope-", 9) ||
		       (i == 0 && keyword(p, n));
	case 'r':
		return ci_at(p, n, i, "return-path", 11);
	case 'f': case 'h': case 'i': case 'l': case 't': case 'v': case 'w':
		return i == 0 && keyword(p, n);
	default:
		return 0;
	}
}

int rcvd_i_reader_word(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	if (n > 0 && rcvd_i_reader_mark(p, n, 0))
		return 1;
	/* past the first byte only these letters can start a word */
	for (i = 1; i < n; i++) {
		unsigned char c = rcvd_i_lower(p[i]);

		if ((c == 'a' || c == 'e' || c == 'r') && rcvd_i_reader_mark(p, n, i))
			return 1;
	}
	return 0;
}

int rcvd_i_name_trap(const char *s, size_t n, int as_word)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	if (as_word && keyword(p, n))
		return 1;
	/* "Exim" is the shorter word: past n - 4 neither can start */
	for (i = 0; i + 4 <= n; i++) {
		if (p[i] != 'E' && p[i] != 'a')
			continue;
		if (p[i] == 'E' ? memcmp(p + i, "Exim", 4) == 0
		                : i + 13 <= n && memcmp(p + i, "authenticated", 13) == 0)
			return 1;
	}
	return 0;
}
