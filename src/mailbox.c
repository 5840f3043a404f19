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

int rcvd_i_path_ok(const char *s, size_t n, int utf8)
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
	/* the trap words hold no '@': they lie on one side of it */
	if (rcvd_i_name_trap(s, local, 0))
		return 0;
	s = at + 1;
	n -= local + 1;
	if (n > 0 && s[0] == '[')
		return rcvd_i_addr_literal_ok(s, n) && !rcvd_i_name_trap(s, n, 0);
	return rcvd_i_name_ok(s, n, utf8, 0);
}
