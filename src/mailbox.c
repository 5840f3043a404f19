/*
 * mailbox.c -- is a client's mailbox fit to stand as a path?
 *
 * Only Dot-string local parts qualify: a Quoted-string may hold spaces and
 * delimiters that regex readers of the field would take for clauses.
 */
#include <string.h>

#include "internal.h"

#define LOCAL_MAX 64
#define MAILBOX_MAX 254 /* "<" Mailbox ">" <= 256 (RFC 5321 4.5.3.1.3) */

/* Dot-string = Atom *("." Atom), atext extended by UTF-8 under RFC 6531. */
static int dot_string(const unsigned char *p, size_t n, int utf8)
{
	size_t i = 0, k;
	int atom = 0;

	while (i < n) {
		unsigned char c = p[i];

		if (c == '.') {
			if (!atom)
				return 0;
			atom = 0;
			i++;
			continue;
		}
		if (rcvd_i_is(c, RCVD_C_ATEXT))
			k = 1;
		else if (utf8 && c >= 0x80)
			k = rcvd_i_utf8_safe(p + i, n - i);
		else
			k = 0;
		if (k == 0)
			return 0;
		atom = 1;
		i += k;
	}
	return atom;
}

int rcvd_i_mailbox_ok(const char *s, size_t n, int utf8)
{
	const char *at;
	size_t local;

	if (s == NULL || n == 0 || n > MAILBOX_MAX)
		return 0;
	at = memchr(s, '@', n);
	if (at == NULL)
		return 0;
	local = (size_t)(at - s);
	if (local == 0 || local > LOCAL_MAX ||
	    !dot_string((const unsigned char *)s, local, utf8))
		return 0;
	s = at + 1;
	n -= local + 1;
	if (n > 0 && s[0] == '[')
		return rcvd_i_addr_literal_ok(s, n);
	return rcvd_i_domain_ok(s, n, utf8) && (!utf8 || rcvd_i_utf8_visible(s, n));
}

/* The atext bytes (RFC 5322, ASCII) of a Dot-string's atoms: 1; and 2
 * as well for 'E' and 'a', where the reader traps "Exim" and
 * "authenticated" begin (reader.c). */
static const unsigned char atom_byte[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
	['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['A'] = 1, ['B'] = 1,
	['C'] = 1, ['D'] = 1, ['E'] = 3, ['F'] = 1, ['G'] = 1, ['H'] = 1,
	['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
	['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1,
	['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
	['a'] = 3, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1, ['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1,
	['&'] = 1, ['\''] = 1, ['*'] = 1, ['+'] = 1, ['-'] = 1, ['/'] = 1,
	['='] = 1, ['?'] = 1, ['^'] = 1, ['_'] = 1, ['`'] = 1, ['{'] = 1,
	['|'] = 1, ['}'] = 1, ['~'] = 1,
};

/* The local part of a path: a Dot-string of at most LOCAL_MAX octets up
 * to the first "@", in one pass, which also tells whether a trap word may
 * be in it. Its length (0: none, or not a Dot-string), and *trap. */
static size_t local_part(const unsigned char *p, size_t n, int utf8, unsigned *trap)
{
	size_t i = 0, k;
	unsigned seen = 0;
	int atom = 0;

	while (i < n) {
		unsigned char c = p[i];
		unsigned v = atom_byte[c];

		if (v != 0) {
			seen |= v;
			atom = 1;
			i++;
			continue;
		}
		if (c == '.') {
			if (!atom)
				return 0;
			atom = 0;
			i++;
			continue;
		}
		if (c == '@')
			break;
		if (!utf8 || c < 0x80 || (k = rcvd_i_utf8_safe(p + i, n - i)) == 0)
			return 0;
		atom = 1;
		i += k;
	}
	if (i == n || !atom || i > LOCAL_MAX)
		return 0;
	*trap = seen & 2u;
	return i;
}

/* 1 when an address literal's text holds a byte that readers take for
 * the end of a path or the start of a comment or the date: dcontent may
 * hold ( ) ; " < > , but "for <u@[x:(5]>" made our own reader take the
 * rest of the field for a comment and lose the date (found by
 * fuzz_compose). Such a mailbox is not written as a path. */
static int literal_cuts(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		switch (s[i]) {
		case '(': case ')': case ';': case '"': case '<': case '>': case ',':
			return 1;
		default:
			break;
		}
	return 0;
}

int rcvd_i_path_ok(const char *s, size_t n, int utf8)
{
	size_t local;
	unsigned trap = 0;

	if (s == NULL || n == 0 || n > MAILBOX_MAX)
		return 0;
	local = local_part((const unsigned char *)s, n, utf8, &trap);
	if (local == 0)
		return 0;
	/* the trap words hold no '@': they lie on one side of it */
	if (trap && rcvd_i_name_trap(s, local, 0))
		return 0;
	s += local + 1;
	n -= local + 1;
	if (n > 0 && s[0] == '[')
		return rcvd_i_addr_literal_ok(s, n) && !rcvd_i_name_trap(s, n, 0) &&
		       !literal_cuts(s, n);
	return rcvd_i_name_plain(s, n, utf8);
}
