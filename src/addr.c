/*
 * addr.c -- IP address text (parse, RFC 5952 output), RFC 5321 Domain and
 * address-literal checks.
 *
 * Choices where the RFCs leave room:
 *  - IPv4 is a strict dotted quad: four decimal numbers 0..255, and a number
 *    with a leading zero ("01", "001") is refused, because inet_aton() and
 *    others read it as octal: 010.0.0.1 would be 8.0.0.1 to them.
 *  - A zone id ("%eth0", 1+ printable non-space ASCII bytes) is accepted
 *    after IPv6 text only, and dropped.
 *  - The RFC 5321 literal check is stricter than RFC 4291 text: "::" must
 *    stand for at least two zero groups there (RFC 5321 4.1.3), and no zone.
 *  - An IPv4-mapped address (::ffff:0:0/96) is IPv4, whatever its spelling.
 */
#include <string.h>

#include "internal.h"

/* The parsers below nest (text, IPv6, its dotted tail): inlined into
 * their callers, they share one frame instead of stacking three, which
 * keeps the composer's deepest call path short. */
/* A decimal 0..255 without a leading zero, exactly the bytes [i, end). */
static RCVD_I_INLINE int parse_v4(const char *s, size_t n, unsigned char out[4])
{
	size_t i = 0;
	int part;

	for (part = 0; part < 4; part++) {
		unsigned v = 0;
		size_t k = 0;

		if (part > 0) {
			if (i >= n || s[i] != '.')
				return -1;
			i++;
		}
		while (i < n && k < 4 && rcvd_i_is((unsigned char)s[i], RCVD_C_DIGIT)) {
			v = v * 10u + (unsigned)(s[i] - '0');
			i++;
			k++;
		}
		if (k == 0 || k > 3 || v > 255u || (k > 1 && s[i - k] == '0'))
			return -1;
		out[part] = (unsigned char)v;
	}
	return i == n ? 0 : -1;
}

static unsigned hex_value(unsigned char c)
{
	if (c <= '9')
		return (unsigned)(c - '0');
	return (unsigned)(rcvd_i_lower(c) - 'a' + 10);
}

/* RFC 4291 section 2.2 text, no zone. strict: RFC 5321's rule that "::"
 * replaces at least two groups. */
/* The groups go straight into out, two octets each, and the ones after
 * "::" move to the end at the close: no array of groups on the stack. */
static RCVD_I_INLINE int parse_v6(const char *s, size_t n, unsigned char out[16], int strict)
{
	int ng = 0, gap = -1;
	size_t i = 0;

	if (n < 2)
		return -1;
	if (s[0] == ':') {
		if (s[1] != ':')
			return -1;
		gap = 0;
		i = 2;
	}
	while (i < n) {
		size_t start = i, nd;
		unsigned v = 0;

		if (ng == 8)
			return -1;
		while (i < n && rcvd_i_is((unsigned char)s[i], RCVD_C_HEX) && i - start < 5) {
			v = (v << 4) | hex_value((unsigned char)s[i]);
			i++;
		}
		nd = i - start;
		if (i < n && s[i] == '.') {
			/* The dotted tail holds the last 32 bits and ends the text. */
			if (ng > 6 || parse_v4(s + start, n - start, out + 2 * ng) != 0)
				return -1;
			ng += 2;
			break;
		}
		if (nd == 0 || nd > 4)
			return -1;
		out[2 * ng] = (unsigned char)(v >> 8);
		out[2 * ng + 1] = (unsigned char)(v & 0xffu);
		ng++;
		if (i == n)
			break;
		if (s[i] != ':')
			return -1;
		i++;
		if (i < n && s[i] == ':') {
			if (gap >= 0)
				return -1;
			gap = ng;
			i++;
		} else if (i == n) {
			return -1; /* a single trailing colon */
		}
	}
	if (gap < 0) {
		if (ng != 8)
			return -1;
	} else if (ng > (strict ? 6 : 7)) {
		return -1;
	} else {
		size_t after = (size_t)(ng - gap) * 2, zeros = (size_t)(8 - ng) * 2;

		memmove(out + 2 * gap + zeros, out + 2 * gap, after);
		memset(out + 2 * gap, 0, zeros);
	}
	return 0;
}

static int has_byte(const char *s, size_t n, char c)
{
	return n > 0 && memchr(s, c, n) != NULL;
}

static void v4_from_mapped(struct rcvd_i_ip *ip)
{
	static const unsigned char prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

	if (memcmp(ip->b, prefix, sizeof prefix) == 0) {
		memmove(ip->b, ip->b + 12, 4);
		memset(ip->b + 4, 0, 12);
		ip->v6 = 0;
	}
}

/* want_v6: the text followed an "IPv6:" tag, so dotted IPv4 is refused. */
static RCVD_I_INLINE int parse_text(const char *s, size_t n, struct rcvd_i_ip *ip, int want_v6)
{
	const char *pct;

	memset(ip, 0, sizeof *ip);
	if (s == NULL || n == 0)
		return -1;
	pct = memchr(s, '%', n);
	if (pct != NULL) {
		size_t a = (size_t)(pct - s), j;

		if (a + 1 == n)
			return -1;
		for (j = a + 1; j < n; j++)
			if (!rcvd_i_is((unsigned char)s[j], RCVD_C_VCHAR))
				return -1;
		n = a;
		if (!has_byte(s, n, ':'))
			return -1;
	}
	if (!has_byte(s, n, ':'))
		return want_v6 ? -1 : parse_v4(s, n, ip->b);
	if (parse_v6(s, n, ip->b, 0) != 0) {
		memset(ip, 0, sizeof *ip);
		return -1;
	}
	ip->v6 = 1;
	v4_from_mapped(ip);
	return 0;
}

int rcvd_i_ip_parse(const char *s, size_t n, struct rcvd_i_ip *ip)
{
	if (ip == NULL)
		return -1;
	return parse_text(s, n, ip, 0);
}

static size_t put_dec(char *out, unsigned v)
{
	size_t k = 0;

	if (v >= 100)
		out[k++] = (char)('0' + v / 100);
	if (v >= 10)
		out[k++] = (char)('0' + v / 10 % 10);
	out[k++] = (char)('0' + v % 10);
	return k;
}

static size_t put_hex(char *out, unsigned v)
{
	static const char digits[] = "0123456789abcdef";
	size_t k = 0;
	int shift;

	for (shift = 12; shift > 0; shift -= 4)
		if (v >> shift != 0 || k > 0)
			out[k++] = digits[(v >> shift) & 0xfu];
	out[k++] = digits[v & 0xfu];
	return k;
}

size_t rcvd_i_ip_format(const struct rcvd_i_ip *ip, char *out)
{
	size_t k = 0;
	int i;

	if (!ip->v6) {
		for (i = 0; i < 4; i++) {
			if (i > 0)
				out[k++] = '.';
			k += put_dec(out + k, ip->b[i]);
		}
	} else {
		unsigned g[8];
		int best = -1, bestlen = 1, run = 0;

		for (i = 0; i < 8; i++)
			g[i] = (unsigned)ip->b[2 * i] << 8 | ip->b[2 * i + 1];
		/* RFC 5952 4.2: the longest run of two or more zero groups, the
		 * first one on a tie. */
		for (i = 0; i < 8; i++) {
			run = g[i] == 0 ? run + 1 : 0;
			if (run > bestlen) {
				bestlen = run;
				best = i - run + 1;
			}
		}
		for (i = 0; i < 8; i++) {
			if (i == best) {
				out[k++] = ':';
				out[k++] = ':';
				i += bestlen - 1;
				continue;
			}
			if (i > 0 && i != best + bestlen)
				out[k++] = ':';
			k += put_hex(out + k, g[i]);
		}
	}
	out[k] = '\0';
	return k;
}

static int tag_is_ipv6(const char *s, size_t n)
{
	static const char tag[] = "ipv6";
	size_t i;

	if (n != 4)
		return 0;
	for (i = 0; i < 4; i++)
		if (rcvd_i_lower((unsigned char)s[i]) != (unsigned char)tag[i])
			return 0;
	return 1;
}

int rcvd_i_addr_parse(const char *s, size_t n, struct rcvd_i_ip *ip)
{
	int want_v6 = 0;

	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		s++;
		n -= 2;
	}
	if (n >= 5 && s[4] == ':' && tag_is_ipv6(s, 4)) {
		s += 5;
		n -= 5;
		want_v6 = 1;
	}
	return parse_text(s, n, ip, want_v6);
}

int rcvd_addr_normalize(const char *s, size_t n, char *buf, size_t cap,
                        size_t *len)
{
	struct rcvd_i_ip ip;
	char tmp[RCVD_ADDR_MAX];
	size_t l;

	if (len != NULL)
		*len = 0;
	if ((s == NULL && n > 0) || (buf == NULL && cap > 0))
		return RCVD_E_ARG;
	if (cap > 0)
		buf[0] = '\0';
	if (rcvd_i_addr_parse(s, n, &ip) != 0)
		return RCVD_E_ADDRESS;
	l = rcvd_i_ip_format(&ip, tmp);
	if (len != NULL)
		*len = l;
	if (cap <= l)
		return RCVD_E_NOSPACE;
	memcpy(buf, tmp, l + 1);
	return RCVD_OK;
}

/* Code points a U-label must not carry even when they are well-formed:
 * C1 controls, Unicode spaces and format characters (bidi controls,
 * zero-width marks, the BOM), which would let a name look like another
 * or reorder the text around it. */
static int cp_refused(unsigned long cp)
{
	return cp <= 0xa0ul || cp == 0xadul || cp == 0x1680ul || cp == 0x180eul ||
	       (cp >= 0x2000ul && cp <= 0x200ful) ||
	       (cp >= 0x2028ul && cp <= 0x202ful) ||
	       (cp >= 0x205ful && cp <= 0x206ful) || cp == 0x3000ul ||
	       cp == 0xfefful || (cp >= 0xfff9ul && cp <= 0xfffbul) ||
	       (cp >= 0xe0000ul && cp <= 0xe007ful);
}

/* Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), 0 if there is none. */
static size_t utf8_seq(const unsigned char *p, size_t rem, unsigned long *cp)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xbf;
	size_t need, i;
	unsigned long v;

	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
		v = c & 0x1fu;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		v = c & 0x0fu;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		v = c & 0x07u;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	if (rem < need + 1 || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 1; i <= need; i++) {
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
		v = v << 6 | (p[i] & 0x3fu);
	}
	*cp = v;
	return need + 1;
}

/* The bytes a label's fast loop runs over: letters and digits. The
 * hyphen stops it, so that the rule on hyphens is checked only where
 * there is one; a dot ends the label. */
static const unsigned char go_domain[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
	['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
	['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
	['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
	['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
};

/* The same without 'E', where the reader trap "Exim" begins (reader.c):
 * the name check stops there. The other trap, "authenticated", is looked
 * for at the end of a label long enough to hold it, rather than at every
 * 'a', a common letter in names. */
static const unsigned char go_name[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
	['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['F'] = 1,
	['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
	['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
	['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
};

/* "authenticated" somewhere in [p, e). */
static int has_auth_word(const unsigned char *p, const unsigned char *e)
{
	for (; e - p >= 13; p++)
		if (p[0] == 'a' && p[1] == 'u' && memcmp(p, "authenticated", 13) == 0)
			return 1;
	return 0;
}

/* One pass, label by label: four table loads a round while nothing
 * stops, the byte that stops the run examined on its own: a dot ends a
 * label (1..63 octets), a hyphen may stand neither first nor last in its
 * label, an 8-bit byte must begin a good UTF-8 sequence (which ends in a
 * continuation byte, never a hyphen). With names, also
 * what rcvd_i_name_ok adds: every UTF-8 sequence visible, and no reader
 * trap word, looked for where the table stops at 'E' or at the end of a
 * long label (the words hold no '.', '-' or 8-bit byte, so they never
 * cross a label). */
static RCVD_I_INLINE int domain_scan(const char *s, size_t n, int utf8, int names)
{
	const unsigned char *t = names ? go_name : go_domain;
	const unsigned char *p = (const unsigned char *)s, *e, *start;

	if (s == NULL || n == 0 || n > 255)
		return 0;
	e = p + n;
	start = p;
	for (;;) {
		while (e - p >= 4) {
			if (!t[p[0]])
				goto stop;
			if (!t[p[1]]) {
				p += 1;
				goto stop;
			}
			if (!t[p[2]]) {
				p += 2;
				goto stop;
			}
			if (!t[p[3]]) {
				p += 3;
				goto stop;
			}
			p += 4;
		}
		while (p < e && t[*p])
			p++;
	stop:
		if (p == e || *p == '.') {
			/* a label ends */
			if (p == start || p - start > 63)
				return 0;
			if (names && p - start >= 13 && has_auth_word(start, p))
				return 0;
			if (p == e)
				return 1;
			start = ++p;
			if (p == e)
				return 0; /* a trailing dot: an empty label */
			continue;
		}
		if (*p == '-') {
			if (p == start || p + 1 == e || p[1] == '.')
				return 0;
			p++;
			continue;
		}
		if (*p >= 0x80 && utf8) {
			unsigned long cp = 0;
			size_t k = utf8_seq(p, (size_t)(e - p), &cp);

			if (k == 0 || cp_refused(cp))
				return 0;
			if (names && rcvd_i_utf8_safe(p, (size_t)(e - p)) == 0)
				return 0;
			p += k;
			continue;
		}
		if (names && *p == 'E') {
			if (e - p >= 4 && memcmp(p, "Exim", 4) == 0)
				return 0;
			p++;
			continue;
		}
		return 0;
	}
}

int rcvd_i_domain_ok(const char *s, size_t n, int utf8)
{
	return domain_scan(s, n, utf8, 0);
}

int rcvd_i_name_plain(const char *s, size_t n, int utf8)
{
	return domain_scan(s, n, utf8, 1);
}

int rcvd_i_name_ok(const char *s, size_t n, int utf8, int as_word)
{
	/* a clause word has 2 to 4 octets */
	if (as_word && n <= 4 && s != NULL && rcvd_i_name_trap(s, n, 1))
		return 0;
	return domain_scan(s, n, utf8, 1);
}

/* RFC 5321 Ldh-str: letters, digits, hyphens, ending in a letter or digit. */
static int ldh_str(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || s[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] != '-' && !rcvd_i_is((unsigned char)s[i], RCVD_C_ALPHA | RCVD_C_DIGIT))
			return 0;
	return 1;
}

int rcvd_i_addr_literal_ok(const char *s, size_t n)
{
	struct rcvd_i_ip ip;
	const char *colon;
	size_t t, i;

	if (s == NULL || n < 3 || s[0] != '[' || s[n - 1] != ']')
		return 0;
	s++;
	n -= 2;
	colon = memchr(s, ':', n);
	if (colon == NULL)
		return parse_v4(s, n, ip.b) == 0;
	t = (size_t)(colon - s);
	if (tag_is_ipv6(s, t))
		return parse_v6(colon + 1, n - t - 1, ip.b, 1) == 0;
	if (!ldh_str(s, t) || t + 1 == n)
		return 0;
	/* "[2001:db8::1]" fits the general form with the tag "2001", but it is
	 * an IPv6 address without its required tag: no. */
	if (parse_text(s, n, &ip, 0) == 0)
		return 0;
	/* dcontent: %d33-90 / %d94-126, i.e. VCHAR without [ \ ] */
	for (i = t + 1; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 33 || c > 126 || (c >= 91 && c <= 93))
			return 0;
	}
	return 1;
}
