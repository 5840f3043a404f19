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

/* Case-insensitive: (p, n) at i starts with the lower-case word w. The
 * second letter is tested first: it rules out nearly every candidate. */
static int ci_at(const unsigned char *p, size_t n, size_t i, const char *w,
                 size_t wn)
{
	size_t k;

	if (n - i < wn || rcvd_i_lower(p[i + 1]) != (unsigned char)w[1])
		return 0;
	for (k = 2; k < wn; k++)
		if (rcvd_i_lower(p[i + k]) != (unsigned char)w[k])
			return 0;
	return 1;
}

#define W2(a, b) ((uint32_t)(a) << 8 | (uint32_t)(b))
#define W3(a, b, c) (W2(a, b) << 8 | (uint32_t)(c))
#define W4(a, b, c, d) (W3(a, b, c) << 8 | (uint32_t)(d))

/* The whole token is one of the clause words (by id for tls via from with
 * helo ehlo lhlo), any case: folded into one number and compared. */
static int keyword(const unsigned char *p, size_t n)
{
	uint32_t v = 0;
	size_t i;

	if (n < 2 || n > 4)
		return 0;
	for (i = 0; i < n; i++)
		v = v << 8 | rcvd_i_lower(p[i]);
	switch (n) {
	case 2:
		return v == W2('b', 'y') || v == W2('i', 'd');
	case 3:
		return v == W3('f', 'o', 'r') || v == W3('t', 'l', 's') ||
		       v == W3('v', 'i', 'a');
	default:
		return v == W4('f', 'r', 'o', 'm') || v == W4('w', 'i', 't', 'h') ||
		       v == W4('h', 'e', 'l', 'o') || v == W4('e', 'h', 'l', 'o') ||
		       v == W4('l', 'h', 'l', 'o');
	}
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

/* The first index in [i, lim) whose byte t marks, or lim: one lookup a
 * byte, four bytes a round. */
static size_t find(const unsigned char *p, size_t i, size_t lim,
                   const unsigned char *t)
{
	while (lim - i >= 4) {
		if (t[p[i]])
			return i;
		if (t[p[i + 1]])
			return i + 1;
		if (t[p[i + 2]])
			return i + 2;
		if (t[p[i + 3]])
			return i + 3;
		i += 4;
	}
	while (i < lim && !t[p[i]])
		i++;
	return i;
}

/* Letters where a reader word may begin past the first byte: a, e, r in
 * either case. */
static const unsigned char word_start[256] = {
	['A'] = 1, ['E'] = 1, ['R'] = 1, ['a'] = 1, ['e'] = 1, ['r'] = 1,
};

/* The letter after a, e or r can still continue a reader word:
 * "au(thenticated)", "ex(im)", "en(velope-)", "re(turn-path)". */
static int second_ok(unsigned char c, unsigned char next)
{
	unsigned char x = rcvd_i_lower(next);

	switch (rcvd_i_lower(c)) {
	case 'a':
		return x == 'u';
	case 'e':
		return x == 'x' || x == 'n';
	default:
		return x == 'e';
	}
}

int rcvd_i_reader_word(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	if (n > 0 && rcvd_i_reader_mark(p, n, 0))
		return 1;
	/* the shortest word past the first byte, "exim", needs 4 octets */
	if (n < 5)
		return 0;
	for (i = 1; (i = find(p, i, n - 3, word_start)) < n - 3; i++)
		if (second_ok(p[i], p[i + 1]) && rcvd_i_reader_mark(p, n, i))
			return 1;
	return 0;
}

/* 'E' and 'a', where "Exim" and "authenticated" begin. */
static const unsigned char trap_start[256] = {['E'] = 1, ['a'] = 1};

int rcvd_i_name_trap(const char *s, size_t n, int as_word)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	if (as_word && keyword(p, n))
		return 1;
	/* "Exim" is the shorter word: past n - 4 neither can start */
	if (n < 4)
		return 0;
	for (i = 0; (i = find(p, i, n - 3, trap_start)) < n - 3; i++) {
		if (p[i] == 'E' ? memcmp(p + i, "Exim", 4) == 0
		                : i + 13 <= n && p[i + 1] == 'u' &&
		                      memcmp(p + i, "authenticated", 13) == 0)
			return 1;
	}
	return 0;
}
