/*
 * parse_lit.c -- address text as the parser judges it: yes or no, nothing
 * stored, a few words of stack (the parser's deepest path runs through
 * here, so no struct rcvd_i_ip is built).
 *
 * Two readings:
 *  - the text rcvd_i_ip_parse() accepts (snum == 0): dotted quads without
 *    leading zeros, RFC 4291 IPv6 text, a "%zone" after IPv6 text;
 *  - RFC 5321's own (snum != 0): an IPv4 number is Snum = 1*3DIGIT with a
 *    value 0..255, so "010" and "001" are valid, in a bare IPv4 literal and
 *    in the dotted tail of an IPv6 one alike.
 * rcvd_addr_normalize() keeps refusing leading zeros (some readers take
 * them for octal); only the parser's verdict and its from_addr follow the
 * ABNF.
 */
#include "parse_int.h"

/* One frame for the whole check: the parser's deepest path ends here. */
/* A dotted quad, exactly s[0..n): four numbers of 1-3 digits, 0..255;
 * without snum, no leading zero either. */
static RCVD_I_INLINE int lit_v4(const char *s, size_t n, int snum)
{
	size_t i = 0;
	int part;

	for (part = 0; part < 4; part++) {
		unsigned v = 0;
		size_t k = 0;

		if (part > 0) {
			if (i >= n || s[i] != '.')
				return 0;
			i++;
		}
		while (i < n && k < 4 && rcvd_i_is((unsigned char)s[i], RCVD_C_DIGIT)) {
			v = v * 10u + (unsigned)(s[i] - '0');
			i++;
			k++;
		}
		if (k == 0 || k > 3 || v > 255u || (!snum && k > 1 && s[i - k] == '0'))
			return 0;
	}
	return i == n;
}

/* RFC 4291 text without zone, exactly s[0..n). strict: RFC 5321's rule
 * that "::" stands for at least two groups. */
static RCVD_I_INLINE int lit_v6(const char *s, size_t n, int strict, int snum)
{
	int ng = 0, gap = 0;
	size_t i = 0;

	if (n < 2)
		return 0;
	if (s[0] == ':') {
		if (s[1] != ':')
			return 0;
		gap = 1;
		i = 2;
	}
	while (i < n) {
		size_t start = i;

		if (ng == 8)
			return 0;
		while (i < n && i - start < 5 && rcvd_i_is((unsigned char)s[i], RCVD_C_HEX))
			i++;
		if (i < n && s[i] == '.') {
			/* the dotted tail: the last 32 bits, up to the end */
			if (ng > 6 || !lit_v4(s + start, n - start, snum))
				return 0;
			ng += 2;
			break;
		}
		if (i == start || i - start > 4)
			return 0;
		ng++;
		if (i == n)
			break;
		if (s[i] != ':')
			return 0;
		i++;
		if (i < n && s[i] == ':') {
			if (gap)
				return 0;
			gap = 1;
			i++;
		} else if (i == n) {
			return 0; /* a single trailing colon */
		}
	}
	if (!gap)
		return ng == 8;
	return ng <= (strict ? 6 : 7);
}

int rcvd_i_ip_ok(const char *s, size_t n, int snum)
{
	size_t i;
	int colon = 0;

	if (n == 0)
		return 0;
	/* one pass to the first "%": a colon before it means IPv6 text */
	for (i = 0; i < n && s[i] != '%'; i++)
		if (s[i] == ':')
			colon = 1;
	if (i < n) {
		/* a zone id: printable ASCII, after IPv6 text only */
		size_t j;

		if (i + 1 == n || !colon)
			return 0;
		for (j = i + 1; j < n; j++)
			if (!rcvd_i_is((unsigned char)s[j], RCVD_C_VCHAR))
				return 0;
		n = i;
	} else if (!colon) {
		return lit_v4(s, n, snum);
	}
	return lit_v6(s, n, 0, snum);
}

int rcvd_i_literal_ok(const char *s, size_t n)
{
	size_t t, i;

	if (n < 3 || s[0] != '[' || s[n - 1] != ']')
		return 0;
	s++;
	n -= 2;
	for (t = 0; t < n && s[t] != ':'; t++)
		;
	if (t == n)
		return lit_v4(s, n, 1);
	if (t == 4 && (s[0] | 0x20) == 'i' && (s[1] | 0x20) == 'p' && (s[2] | 0x20) == 'v' &&
	    s[3] == '6')
		return lit_v6(s + 5, n - 5, 1, 1);
	/* General-address-literal: Standardized-tag ":" 1*dcontent, the tag
	 * an Ldh-str */
	if (t == 0 || t + 1 == n || s[t - 1] == '-')
		return 0;
	for (i = 0; i < t; i++)
		if (s[i] != '-' && !rcvd_i_is((unsigned char)s[i], RCVD_C_ALPHA | RCVD_C_DIGIT))
			return 0;
	/* "[2001:db8::1]" fits that form with the tag "2001", but it is an
	 * IPv6 address without its required tag: no. */
	if (rcvd_i_ip_ok(s, n, 1))
		return 0;
	/* dcontent: %d33-90 / %d94-126, i.e. VCHAR without [ \ ] */
	for (i = t + 1; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 33 || c > 126 || (c >= 91 && c <= 93))
			return 0;
	}
	return 1;
}
