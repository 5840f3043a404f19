/*
 * rfc5321_check.c -- a recursive-descent recogniser for the RFC 5321
 * section 4.4 Time-stamp-line, written straight from the ABNF (see the
 * header). Deliberately independent of librcvd: its own byte tests, its
 * own UTF-8 decoder, its own calendar arithmetic.
 *
 * Two passes. The physical pass looks at octets and lines only (breaks,
 * lengths, controls, 8-bit, UTF-8 well-formedness); the grammar pass then
 * reads the text in place, treating a line break followed by WSP as the
 * fold inside FWS, so offsets in errors are offsets in the caller's text.
 *
 * Where the ABNF is ambiguous (a parenthesis after a Domain may open
 * TCP-info or a comment; CFWS before an optional clause may belong to the
 * final [CFWS] ";" instead) the recogniser tries the longer reading and
 * backs off to the saved position.
 */
#include "rfc5321_check.h"

#include <stdint.h>

#define LINE_MAX_OCTETS 998u

struct ck {
	const unsigned char *s;
	size_t n;   /* end of the text the grammar sees (final break excluded) */
	size_t p;
	size_t brk; /* 1: LF, 2: CRLF, 0: the field has no line break */
	int utf8;
	int no_hidden; /* refuse invisible code points in atoms too */
	size_t far;
	const char *why;
};

/* ---- bytes ---- */

static int is_alpha(unsigned c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int is_digit(unsigned c)
{
	return c >= '0' && c <= '9';
}

static int is_hex(unsigned c)
{
	return is_digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

static int is_wsp(unsigned c)
{
	return c == ' ' || c == '\t';
}

/* RFC 5322 atext, ASCII part. */
static int is_atext(unsigned c)
{
	if (is_alpha(c) || is_digit(c))
		return 1;
	switch (c) {
	case '!': case '#': case '$': case '%': case '&': case '\'':
	case '*': case '+': case '-': case '/': case '=': case '?':
	case '^': case '_': case '`': case '{': case '|': case '}':
	case '~':
		return 1;
	default:
		return 0;
	}
}

static unsigned lower(unsigned c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32u : c;
}

/* Length of the well-formed UTF-8 sequence of 2..4 octets at s (RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF), else 0. */
static size_t utf8_len(const unsigned char *s, size_t rem)
{
	unsigned c = s[0], lo = 0x80, hi = 0xbf;
	size_t need, i;

	if (c >= 0xc2 && c <= 0xdf)
		need = 1;
	else if (c >= 0xe0 && c <= 0xef)
		need = 2;
	else if (c >= 0xf0 && c <= 0xf4)
		need = 3;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (rem < need + 1)
		return 0;
	for (i = 1; i <= need; i++) {
		unsigned b = s[i];
		if (b < (i == 1 ? lo : 0x80u) || b > (i == 1 ? hi : 0xbfu))
			return 0;
	}
	return need + 1;
}

/* Code points that are spaces, controls, format characters (bidi,
 * zero-width, BOM, tags) or other default-ignorables (fillers, variation
 * selectors): no U-label may hold them (IDNA2008 leaves them DISALLOWED),
 * and DESIGN.md keeps them out of client text. */
static int cp_invisible(const unsigned char *s, size_t len)
{
	unsigned long cp;

	if (len == 2)
		cp = (s[0] & 0x1fu) << 6 | (s[1] & 0x3fu);
	else if (len == 3)
		cp = (unsigned long)(s[0] & 0x0fu) << 12 | (s[1] & 0x3fu) << 6 | (s[2] & 0x3fu);
	else
		cp = (unsigned long)(s[0] & 0x07u) << 18 | (unsigned long)(s[1] & 0x3fu) << 12 |
		     (s[2] & 0x3fu) << 6 | (s[3] & 0x3fu);
	/* Cc, Zs, Zl, Zp, Cf and the other default-ignorables (Unicode 15) */
	if (cp <= 0xa0 || cp == 0xad || cp == 0x34f)
		return 1;
	if (cp < 0x2000)
		return (cp >= 0x600 && cp <= 0x605) || cp == 0x61c || cp == 0x6dd ||
		       cp == 0x70f || cp == 0x890 || cp == 0x891 || cp == 0x8e2 ||
		       cp == 0x115f || cp == 0x1160 || cp == 0x1680 || cp == 0x17b4 ||
		       cp == 0x17b5 || (cp >= 0x180b && cp <= 0x180f);
	if (cp <= 0x206f)
		return cp <= 0x200f || (cp >= 0x2028 && cp <= 0x202f) || cp >= 0x205f;
	return cp == 0x3000 || cp == 0x3164 || (cp >= 0xfe00 && cp <= 0xfe0f) ||
	       cp == 0xfeff || cp == 0xffa0 || (cp >= 0xfff0 && cp <= 0xfffb) ||
	       cp == 0x110bd || cp == 0x110cd || (cp >= 0x13430 && cp <= 0x1343f) ||
	       (cp >= 0x1bca0 && cp <= 0x1bca3) || (cp >= 0x1d173 && cp <= 0x1d17a) ||
	       (cp >= 0xe0000 && cp <= 0xe0fff);
}

/* ---- cursor helpers ---- */

static int fail(struct ck *c, const char *why)
{
	if (c->why == NULL || c->p > c->far) {
		c->far = c->p;
		c->why = why;
	}
	return 0;
}

static int at(const struct ck *c, unsigned ch)
{
	return c->p < c->n && c->s[c->p] == ch;
}

static unsigned cur(const struct ck *c)
{
	return c->p < c->n ? c->s[c->p] : 0u;
}

/* Octets of one UTF8-non-ascii unit at p when UTF-8 is allowed, else 0.
 * The physical pass has already proved the sequences well-formed. */
static size_t u8unit(const struct ck *c)
{
	if (!c->utf8 || c->p >= c->n || c->s[c->p] < 0x80)
		return 0;
	return utf8_len(c->s + c->p, c->n - c->p);
}

/* Length of the line break at q, 0 when there is none. */
static size_t brk_at(const struct ck *c, size_t q)
{
	if (c->brk == 2 && q + 1 < c->n && c->s[q] == '\r' && c->s[q + 1] == '\n')
		return 2;
	if (c->brk == 1 && q < c->n && c->s[q] == '\n')
		return 1;
	return 0;
}

/* FWS = ([*WSP CRLF] 1*WSP), obs-FWS excluded. */
static int fws(struct ck *c)
{
	size_t q = c->p, b, r;

	while (q < c->n && is_wsp(c->s[q]))
		q++;
	b = brk_at(c, q);
	if (b != 0) {
		r = q + b;
		if (r < c->n && is_wsp(c->s[r])) {
			while (r < c->n && is_wsp(c->s[r]))
				r++;
			c->p = r;
			return 1;
		}
	}
	if (q > c->p) {
		c->p = q;
		return 1;
	}
	return fail(c, "white space expected");
}

/* comment = "(" *([FWS] ccontent) [FWS] ")", nesting kept by a counter. */
static int comment(struct ck *c)
{
	size_t depth = 0;

	if (!at(c, '('))
		return fail(c, "'(' expected");
	for (;;) {
		unsigned ch;
		size_t u;

		if (depth > 0) {
			size_t before = c->p;
			if (!fws(c))
				c->p = before;
		}
		if (c->p >= c->n)
			return fail(c, "unterminated comment");
		ch = c->s[c->p];
		if (ch == '(') {
			depth++;
			c->p++;
			continue;
		}
		if (ch == ')') {
			depth--;
			c->p++;
			if (depth == 0)
				return 1;
			continue;
		}
		if (ch == '\\') {
			/* quoted-pair = "\" (VCHAR / WSP); obs-qp excluded */
			unsigned q;
			c->p++;
			if (c->p >= c->n)
				return fail(c, "quoted-pair cut at the end");
			q = c->s[c->p];
			if ((q >= 0x21 && q <= 0x7e) || is_wsp(q)) {
				c->p++;
				continue;
			}
			u = u8unit(c);
			if (u != 0) {
				c->p += u;
				continue;
			}
			return fail(c, "bad quoted-pair in comment");
		}
		if (ch >= 0x21 && ch <= 0x7e) { /* ctext: VCHAR minus ( ) \ */
			c->p++;
			continue;
		}
		u = u8unit(c);
		if (u != 0) {
			c->p += u;
			continue;
		}
		return fail(c, "byte not allowed in a comment");
	}
}

/* CFWS = (1*([FWS] comment) [FWS]) / FWS. Consumes nothing on failure. */
static int cfws(struct ck *c)
{
	size_t start = c->p;

	for (;;) {
		size_t save = c->p;
		if (!fws(c))
			c->p = save;
		if (at(c, '(')) {
			if (!comment(c)) {
				c->p = start;
				return 0;
			}
			continue;
		}
		break;
	}
	if (c->p == start)
		return fail(c, "white space or comment expected");
	return 1;
}

/* Case-insensitive literal. */
static int word(struct ck *c, const char *w)
{
	size_t q = c->p;

	for (; *w != '\0'; w++, q++)
		if (q >= c->n || lower(c->s[q]) != lower((unsigned char)*w))
			return fail(c, "keyword expected");
	c->p = q;
	return 1;
}

/* ---- RFC 5321 tokens ---- */

/* Domain = sub-domain *("." sub-domain); sub-domain = Let-dig [Ldh-str]
 * (U-label too under SMTPUTF8). Label <= 63, Domain <= 255 octets. */
static int domain(struct ck *c)
{
	size_t start = c->p;

	for (;;) {
		size_t ls = c->p, u;
		unsigned last = 0;

		for (;;) {
			unsigned ch = cur(c);
			if (c->p < c->n && (is_alpha(ch) || is_digit(ch) || ch == '-')) {
				last = ch;
				c->p++;
			} else if ((u = u8unit(c)) != 0) {
				if (cp_invisible(c->s + c->p, u))
					return fail(c, "invisible code point in a U-label");
				last = 0x80;
				c->p += u;
			} else {
				break;
			}
		}
		if (c->p == ls) {
			c->p = ls;
			return fail(c, "domain label expected");
		}
		if (c->s[ls] == '-' || last == '-') {
			return fail(c, "domain label starts or ends with '-'");
		}
		if (c->p - ls > 63)
			return fail(c, "domain label longer than 63 octets");
		if (at(c, '.') && c->p + 1 < c->n) {
			unsigned nx = c->s[c->p + 1];
			if (is_alpha(nx) || is_digit(nx) || (c->utf8 && nx >= 0x80)) {
				c->p++;
				continue;
			}
		}
		break;
	}
	if (c->p - start > 255)
		return fail(c, "domain longer than 255 octets");
	return 1;
}

/* Snum = 1*3DIGIT, 0..255 */
static int snum(struct ck *c)
{
	unsigned v = 0;
	size_t k = 0;

	while (k < 3 && c->p < c->n && is_digit(c->s[c->p])) {
		v = v * 10 + (c->s[c->p] - '0');
		c->p++;
		k++;
	}
	if (k == 0)
		return fail(c, "IPv4 number expected");
	if (c->p < c->n && is_digit(c->s[c->p]))
		return fail(c, "IPv4 number too long");
	if (v > 255)
		return fail(c, "IPv4 number above 255");
	return 1;
}

static int ipv4(struct ck *c)
{
	int i;

	for (i = 0; i < 4; i++) {
		if (i > 0) {
			if (!at(c, '.'))
				return fail(c, "'.' expected in IPv4 address");
			c->p++;
		}
		if (!snum(c))
			return 0;
	}
	return 1;
}

/* IPv6-addr (RFC 5321 4.1.3): 8 units without "::", at most 6 with it
 * ("::" stands for at least two zero groups); a trailing IPv4 counts 2. */
static int ipv6(struct ck *c)
{
	unsigned units = 0;
	int dbl = 0;

	if (at(c, ':')) {
		if (c->p + 1 >= c->n || c->s[c->p + 1] != ':')
			return fail(c, "IPv6 address starts with a single ':'");
		c->p += 2;
		dbl = 1;
		if (at(c, ']'))
			return 1;
	}
	for (;;) {
		size_t q = c->p, k = 0;
		while (q < c->n && is_hex(c->s[q]) && k < 5) {
			q++;
			k++;
		}
		if (q < c->n && c->s[q] == '.') {
			if (!ipv4(c))
				return 0;
			units += 2;
			break;
		}
		if (k == 0)
			return fail(c, "IPv6 group expected");
		if (k > 4) {
			c->p = q;
			return fail(c, "IPv6 group longer than 4 digits");
		}
		c->p = q;
		units++;
		if (at(c, ':')) {
			if (c->p + 1 < c->n && c->s[c->p + 1] == ':') {
				if (dbl)
					return fail(c, "two '::' in an IPv6 address");
				dbl = 1;
				c->p += 2;
				if (at(c, ']'))
					break;
				continue;
			}
			c->p++;
			continue;
		}
		break;
	}
	if (dbl ? units > 6 : units != 8)
		return fail(c, "wrong number of IPv6 groups");
	return 1;
}

/* address-literal = "[" ( IPv4 / "IPv6:" IPv6-addr / General ) "]" */
static int addr_literal(struct ck *c)
{
	size_t q;

	if (!at(c, '['))
		return fail(c, "'[' expected");
	c->p++;
	if (is_digit(cur(c))) {
		size_t save = c->p;
		if (ipv4(c) && at(c, ']')) {
			c->p++;
			return 1;
		}
		c->p = save;
	}
	/* Standardized-tag = Ldh-str, then ":" */
	q = c->p;
	while (c->p < c->n && (is_alpha(cur(c)) || is_digit(cur(c)) || cur(c) == '-'))
		c->p++;
	if (c->p == q || c->s[c->p - 1] == '-' || !at(c, ':'))
		return fail(c, "address literal is neither IPv4 nor tag:value");
	if (c->p - q == 4 && lower(c->s[q]) == 'i' && lower(c->s[q + 1]) == 'p' &&
	    lower(c->s[q + 2]) == 'v' && c->s[q + 3] == '6') {
		c->p++;
		if (!ipv6(c))
			return 0;
	} else {
		size_t d, tag_end = c->p, far = c->far;
		const char *why = c->why;
		int bare_v6;
		/* The tag is any Ldh-str, a leading digit included ("[09:.8.2.1]").
		 * But "[2001:db8::1]", which also fits tag ":" dcontent, is an
		 * IPv6 address without its tag, which RFC 5321 4.1.3 requires:
		 * refuse a literal whose whole content reads as IPv6-addr. */
		c->p = q;
		bare_v6 = ipv6(c) && at(c, ']');
		c->far = far; /* the trial reading is no error of the text's */
		c->why = why;
		if (bare_v6) {
			c->p = q;
			return fail(c, "IPv6 address literal without the IPv6: tag");
		}
		c->p = tag_end + 1;
		d = c->p;
		/* dcontent = %d33-90 / %d94-126 */
		while (c->p < c->n && cur(c) >= 33 && cur(c) <= 126 && cur(c) != '[' &&
		       cur(c) != '\\' && cur(c) != ']')
			c->p++;
		if (c->p == d)
			return fail(c, "empty general address literal");
	}
	if (!at(c, ']'))
		return fail(c, "']' expected");
	c->p++;
	return 1;
}

/* TCP-info = address-literal / ( Domain FWS address-literal ) */
static int tcp_info(struct ck *c)
{
	if (at(c, '['))
		return addr_literal(c);
	return domain(c) && fws(c) && addr_literal(c);
}

/* Extended-Domain; TCP-info is required after an address literal and
 * optional after a Domain, where a parenthesis that is no TCP-info is
 * left for the following CFWS. */
static int ext_domain(struct ck *c)
{
	size_t save;

	if (at(c, '[')) {
		if (!addr_literal(c) || !fws(c))
			return 0;
		if (!at(c, '('))
			return fail(c, "address literal needs (TCP-info)");
		c->p++;
		if (!tcp_info(c))
			return 0;
		if (!at(c, ')'))
			return fail(c, "')' expected after TCP-info");
		c->p++;
		return 1;
	}
	if (!domain(c))
		return 0;
	save = c->p;
	if (fws(c) && at(c, '(')) {
		c->p++;
		if (tcp_info(c) && at(c, ')')) {
			c->p++;
			return 1;
		}
	}
	c->p = save;
	return 1;
}

/* Atom (RFC 5321) = 1*atext, UTF-8 too under RFC 6531. */
static int atom(struct ck *c)
{
	size_t start = c->p, u;

	for (;;) {
		if (c->p < c->n && is_atext(cur(c))) {
			c->p++;
		} else if ((u = u8unit(c)) != 0) {
			if (c->no_hidden && cp_invisible(c->s + c->p, u))
				return fail(c, "invisible code point");
			c->p += u;
		} else {
			break;
		}
	}
	if (c->p == start)
		return fail(c, "atom expected");
	return 1;
}

/* dot-atom-text / Dot-string = Atom *("." Atom) */
static int dot_atom(struct ck *c)
{
	if (!atom(c))
		return 0;
	while (at(c, '.')) {
		c->p++;
		if (!atom(c))
			return 0;
	}
	return 1;
}

/* msg-id = "<" id-left "@" id-right ">", obsolete forms excluded. */
static int msg_id(struct ck *c)
{
	if (!at(c, '<'))
		return fail(c, "'<' expected");
	c->p++;
	if (!dot_atom(c))
		return 0;
	if (!at(c, '@'))
		return fail(c, "'@' expected in msg-id");
	c->p++;
	if (at(c, '[')) {
		size_t u;
		c->p++;
		for (;;) {
			unsigned ch = cur(c);
			if (c->p < c->n && ch >= 33 && ch <= 126 && ch != '[' && ch != ']' &&
			    ch != '\\')
				c->p++;
			else if ((u = u8unit(c)) != 0)
				c->p += u;
			else
				break;
		}
		if (!at(c, ']'))
			return fail(c, "']' expected in msg-id");
		c->p++;
	} else if (!dot_atom(c)) {
		return 0;
	}
	if (!at(c, '>'))
		return fail(c, "'>' expected after msg-id");
	c->p++;
	return 1;
}

/* Quoted-string = DQUOTE *QcontentSMTP DQUOTE */
static int quoted_string(struct ck *c)
{
	size_t u;

	if (!at(c, '"'))
		return fail(c, "'\"' expected");
	c->p++;
	for (;;) {
		unsigned ch = cur(c);
		if (c->p >= c->n)
			return fail(c, "unterminated quoted string");
		if (ch == '"') {
			c->p++;
			return 1;
		}
		if (ch == '\\') {
			c->p++;
			if (c->p < c->n && cur(c) >= 32 && cur(c) <= 126) {
				c->p++;
				continue;
			}
			return fail(c, "bad quoted-pair in quoted string");
		}
		if (ch >= 32 && ch <= 126) {
			c->p++;
			continue;
		}
		if ((u = u8unit(c)) != 0) {
			c->p += u;
			continue;
		}
		return fail(c, "byte not allowed in a quoted string");
	}
}

/* Mailbox = Local-part "@" ( Domain / address-literal ) */
static int mailbox(struct ck *c, int dot_only)
{
	size_t ls = c->p;

	if (at(c, '"')) {
		if (dot_only)
			return fail(c, "quoted local part");
		if (!quoted_string(c))
			return 0;
	} else if (!dot_atom(c)) {
		return 0;
	}
	if (c->p - ls > 64)
		return fail(c, "local part longer than 64 octets");
	if (!at(c, '@'))
		return fail(c, "'@' expected in mailbox");
	c->p++;
	if (at(c, '['))
		return addr_literal(c);
	return domain(c);
}

/* Path = "<" [ A-d-l ":" ] Mailbox ">", at most 256 octets. */
static int path(struct ck *c)
{
	size_t start = c->p;

	if (!at(c, '<'))
		return fail(c, "'<' expected");
	c->p++;
	if (at(c, '@')) {
		for (;;) {
			c->p++;
			if (!domain(c))
				return 0;
			if (at(c, ',') && c->p + 1 < c->n && c->s[c->p + 1] == '@') {
				c->p++;
				continue;
			}
			break;
		}
		if (!at(c, ':'))
			return fail(c, "':' expected after source route");
		c->p++;
	}
	if (!mailbox(c, 0))
		return 0;
	if (!at(c, '>'))
		return fail(c, "'>' expected");
	c->p++;
	if (c->p - start > 256)
		return fail(c, "path longer than 256 octets");
	return 1;
}

/* The cipher of the RFC 8314 tls clause: an IANA name or 0x + 4 hex. */
static int tls_cipher(struct ck *c)
{
	if (cur(c) == '0' && c->p + 6 <= c->n && lower(c->s[c->p + 1]) == 'x') {
		size_t i;
		for (i = 2; i < 6; i++)
			if (!is_hex(c->s[c->p + i]))
				break;
		if (i == 6) {
			c->p += 6;
			if (c->p < c->n && is_atext(cur(c)))
				return fail(c, "tls cipher code is not 0x and 4 hex digits");
			return 1;
		}
	}
	if (!is_alpha(cur(c)))
		return fail(c, "tls cipher must start with a letter");
	while (c->p < c->n && (is_alpha(cur(c)) || is_digit(cur(c)) || cur(c) == '_'))
		c->p++;
	if (c->p < c->n && is_atext(cur(c)))
		return fail(c, "tls cipher holds a byte outside [A-Za-z0-9_]");
	return 1;
}

/* ---- date-time (RFC 5322 3.3, obsolete forms excluded) ---- */

static const char *const month_names[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};
static const char *const day_names[7] = {
	"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
};

static int leap(unsigned long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Day of the week, 0 = Sunday (Sakamoto's method). */
static unsigned weekday(unsigned long y, unsigned m, unsigned d)
{
	static const unsigned t[12] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
	if (m < 3)
		y -= 1;
	return (unsigned)((y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7);
}

static int name3(struct ck *c, const char *const *names, unsigned count,
                 unsigned *idx)
{
	unsigned i;

	if (c->p + 3 > c->n)
		return fail(c, "name expected");
	for (i = 0; i < count; i++) {
		/* names are case-insensitive in the ABNF */
		if (lower(c->s[c->p]) == lower((unsigned char)names[i][0]) &&
		    lower(c->s[c->p + 1]) == lower((unsigned char)names[i][1]) &&
		    lower(c->s[c->p + 2]) == lower((unsigned char)names[i][2])) {
			*idx = i;
			c->p += 3;
			return 1;
		}
	}
	return fail(c, "unknown day or month name");
}

static int digits(struct ck *c, size_t min, size_t max, unsigned long *v)
{
	size_t k = 0;

	*v = 0;
	while (k < max && c->p < c->n && is_digit(cur(c))) {
		*v = *v * 10 + (cur(c) - '0');
		c->p++;
		k++;
	}
	if (k < min)
		return fail(c, "digits expected");
	if (c->p < c->n && is_digit(cur(c)))
		return fail(c, "too many digits");
	return 1;
}

static int opt_fws(struct ck *c)
{
	size_t save = c->p;
	if (!fws(c))
		c->p = save;
	return 1;
}

static int date_time(struct ck *c)
{
	static const unsigned mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned dow = 7, mon = 0, dim;
	unsigned long day, year, hh, mm, ss = 0, zone;
	size_t save;

	opt_fws(c);
	if (is_alpha(cur(c))) {
		if (!name3(c, day_names, 7, &dow))
			return 0;
		if (!at(c, ','))
			return fail(c, "',' expected after the day name");
		c->p++;
		opt_fws(c);
	}
	if (!digits(c, 1, 2, &day) || !fws(c))
		return 0;
	if (!name3(c, month_names, 12, &mon) || !fws(c))
		return 0;
	save = c->p;
	if (!digits(c, 4, 9, &year))
		return 0;
	if (year < 1900) {
		c->p = save;
		return fail(c, "year before 1900");
	}
	if (!fws(c))
		return 0;
	save = c->p;
	if (!digits(c, 2, 2, &hh) || !at(c, ':'))
		return fail(c, "time expected");
	c->p++;
	if (!digits(c, 2, 2, &mm))
		return 0;
	if (at(c, ':')) {
		c->p++;
		if (!digits(c, 2, 2, &ss))
			return 0;
	}
	if (hh > 23 || mm > 59 || ss > 60) {
		c->p = save;
		return fail(c, "time out of range");
	}
	if (!fws(c))
		return 0;
	if (!at(c, '+') && !at(c, '-'))
		return fail(c, "numeric zone expected");
	c->p++;
	save = c->p;
	if (!digits(c, 4, 4, &zone))
		return 0;
	if (zone % 100 > 59) {
		c->p = save;
		return fail(c, "zone minutes above 59");
	}
	dim = mdays[mon] + (mon == 1 && leap(year) ? 1u : 0u);
	if (day < 1 || day > dim)
		return fail(c, "no such day in that month");
	if (dow != 7 && weekday(year, mon + 1, (unsigned)day) != dow)
		return fail(c, "day name does not match the date");
	save = c->p;
	if (!cfws(c))
		c->p = save;
	return 1;
}

/* ---- the Stamp ---- */

/* CFWS KEYWORD FWS, consuming nothing when it is not there. */
static int clause(struct ck *c, const char *kw)
{
	size_t save = c->p;

	if (cfws(c) && word(c, kw) && fws(c))
		return 1;
	c->p = save;
	return 0;
}

/* Additional-Registered-Clauses = CFWS Atom FWS String, String = Atom /
 * Quoted-string. Any Atom is grammatical as the name: RFC 5321's "SHOULD
 * NOT use unregistered names" is no grammar rule. The one registered name,
 * "tls" (RFC 8314 4.3), has its own value syntax, the cipher. The names of
 * the Stamp's own clauses (FROM BY VIA WITH ID FOR) are not taken as
 * additional names: there they are that clause, repeated or out of order
 * (as rcvd_parse reads them too). Consumes nothing when no clause is
 * there; 0 only for a clause name whose value is wrong. */
static int more_clause(struct ck *c)
{
	static const char *const own[] = { "from", "by", "via", "with", "id", "for" };
	size_t save = c->p, name, len, i, far = c->far;
	const char *why = c->why;

	if (!cfws(c))
		goto none;
	name = c->p;
	if (!atom(c))
		goto none;
	len = c->p - name;
	for (i = 0; i < sizeof own / sizeof own[0]; i++) {
		size_t k;
		for (k = 0; k < len && own[i][k] != '\0' &&
		            lower(c->s[name + k]) == (unsigned char)own[i][k]; k++)
			;
		if (k == len && own[i][k] == '\0')
			goto none;
	}
	if (!fws(c))
		goto none;
	if (len == 3 && lower(c->s[name]) == 't' && lower(c->s[name + 1]) == 'l' &&
	    lower(c->s[name + 2]) == 's')
		return tls_cipher(c);
	return at(c, '"') ? quoted_string(c) : atom(c);
none:
	c->p = save;
	c->far = far; /* nothing was there: no error of the text's */
	c->why = why;
	return 1;
}

static int stamp(struct ck *c)
{
	if (!word(c, "from") || !fws(c) || !ext_domain(c))
		return 0;
	if (!cfws(c) || !word(c, "by") || !fws(c) || !ext_domain(c))
		return 0;
	if (clause(c, "via") && !atom(c))
		return 0;
	if (clause(c, "with") && !atom(c))
		return 0;
	if (clause(c, "id")) {
		if (at(c, '<') ? !msg_id(c) : !atom(c))
			return 0;
	}
	if (clause(c, "for")) {
		if (at(c, '<') ? !path(c) : !mailbox(c, 0))
			return 0;
	}
	if (!more_clause(c))
		return 0;
	{
		size_t save = c->p;
		if (!cfws(c))
			c->p = save;
	}
	if (!at(c, ';'))
		return fail(c, "';' expected before the date");
	c->p++;
	if (!fws(c))
		return 0;
	return date_time(c);
}

/* ---- the physical pass ---- */

static int physical(struct ck *c, size_t total)
{
	size_t i = 0, line = 0;

	c->brk = 0;
	c->n = total;
	while (i < total) {
		unsigned b = c->s[i];
		if (b == '\r' || b == '\n') {
			size_t len = 1, k, next;
			if (b == '\r') {
				if (i + 1 >= total || c->s[i + 1] != '\n') {
					c->p = i;
					return fail(c, "bare CR");
				}
				len = 2;
			}
			if (c->brk == 0)
				c->brk = len;
			else if (c->brk != len) {
				c->p = i;
				return fail(c, "line breaks mix CRLF and LF");
			}
			if (i - line > LINE_MAX_OCTETS) {
				c->p = line + LINE_MAX_OCTETS;
				return fail(c, "line longer than 998 octets");
			}
			for (k = line; k < i && is_wsp(c->s[k]); k++)
				;
			if (k == i) {
				c->p = line;
				return fail(c, "line of white space only");
			}
			next = i + len;
			if (next == total) {
				c->n = i;
				return 1;
			}
			if (!is_wsp(c->s[next])) {
				c->p = next;
				return fail(c, "line does not start with white space: a second field");
			}
			line = next;
			i = next;
			continue;
		}
		if ((b < 0x20 && b != '\t') || b == 0x7f) {
			c->p = i;
			return fail(c, "control octet");
		}
		if (b >= 0x80) {
			size_t u;
			if (!c->utf8) {
				c->p = i;
				return fail(c, "8-bit octet outside SMTPUTF8");
			}
			u = utf8_len(c->s + i, total - i);
			if (u == 0) {
				c->p = i;
				return fail(c, "malformed UTF-8");
			}
			i += u;
			continue;
		}
		i++;
	}
	if (total - line > LINE_MAX_OCTETS) {
		c->p = line + LINE_MAX_OCTETS;
		return fail(c, "line longer than 998 octets");
	}
	{
		size_t k;
		for (k = line; k < total && is_wsp(c->s[k]); k++)
			;
		if (k == total) {
			c->p = line;
			return fail(c, "line of white space only");
		}
	}
	return 1;
}

int rfc5321_check(const char *field, size_t n, int allow_utf8,
                  size_t *err_off, const char **why)
{
	struct ck c;
	int ok = 0;

	c.s = (const unsigned char *)field;
	c.p = 0;
	c.far = 0;
	c.why = NULL;
	c.utf8 = allow_utf8;
	c.no_hidden = 0;
	c.brk = 0;
	c.n = n;
	if (field == NULL) {
		fail(&c, "no field");
	} else if (physical(&c, n)) {
		c.p = 0;
		c.far = 0;
		c.why = NULL;
		if (c.n >= 9 && lower(c.s[0]) == 'r') {
			if (word(&c, "Received:") && fws(&c))
				ok = stamp(&c);
		} else {
			opt_fws(&c);
			ok = stamp(&c);
		}
		if (ok && c.p != c.n) {
			ok = 0;
			fail(&c, "text after the date");
		}
	}
	if (ok) {
		c.far = 0;
		c.why = NULL;
	}
	if (err_off != NULL)
		*err_off = c.far;
	if (why != NULL)
		*why = c.why;
	return ok;
}

void rfc5321_line_stats(const char *field, size_t n, size_t *max_octets,
                        size_t *max_chars)
{
	const unsigned char *s = (const unsigned char *)field;
	size_t i, oct = 0, chr = 0, mo = 0, mc = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n' || s[i] == '\r') {
			oct = chr = 0;
			continue;
		}
		oct++;
		if ((s[i] & 0xc0) != 0x80)
			chr++;
		if (oct > mo)
			mo = oct;
		if (chr > mc)
			mc = chr;
	}
	if (max_octets != NULL)
		*max_octets = mo;
	if (max_chars != NULL)
		*max_chars = mc;
}

/* ---- single tokens ---- */

static void token_init(struct ck *c, const char *s, size_t n, int utf8)
{
	c->s = (const unsigned char *)s;
	c->n = n;
	c->p = 0;
	c->brk = 0;
	c->utf8 = utf8;
	c->no_hidden = 1;
	c->far = 0;
	c->why = NULL;
}

/* Token predicates must see well-formed UTF-8 only; the field check gets
 * that from the physical pass. */
static int bytes_ok(const char *s, size_t n, int utf8)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if (!utf8)
			return 0;
		{
			size_t l = utf8_len(u + i, n - i);
			if (l == 0)
				return 0;
			i += l;
		}
	}
	return 1;
}

int rfc5321_is_domain(const char *s, size_t n, int utf8)
{
	struct ck c;

	if (s == NULL || !bytes_ok(s, n, utf8))
		return 0;
	token_init(&c, s, n, utf8);
	return domain(&c) && c.p == n;
}

int rfc5321_is_address_literal(const char *s, size_t n)
{
	struct ck c;

	if (s == NULL || !bytes_ok(s, n, 0))
		return 0;
	token_init(&c, s, n, 0);
	return addr_literal(&c) && c.p == n;
}

int rfc5321_is_dot_mailbox(const char *s, size_t n, int utf8)
{
	struct ck c;

	if (s == NULL || n > 254 || !bytes_ok(s, n, utf8))
		return 0;
	token_init(&c, s, n, utf8);
	return mailbox(&c, 1) && c.p == n;
}
