/*
 * hostile_expect.c -- the oracle for composed fields and the verifier that
 * holds a field to it. Nothing here calls librcvd: the rules come from
 * DESIGN.md ("Trusted and untrusted input", "Layout of the composed
 * field"), the tokens from rfc5321_check.c, and the address, date and
 * decoding code is written again on purpose.
 *
 * Where DESIGN.md is silent the oracle follows the composer's documented
 * choices (src/format.c header comment): the greeting counts as a FROM
 * name only up to 255 octets; an address-literal greeting only when a
 * client address gives it the TCP-info it needs; SMTPUTF8 is ignored after
 * HELO; the tls clause takes cipher names of at most 64 octets.
 */
#include "hostile_cases.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "rfc5321_check.h"

/* ---- small helpers ---- */

static int span_has(struct rcvd_span s)
{
	return s.ptr != NULL && s.len > 0;
}

static struct rcvd_span strip_angles(struct rcvd_span s)
{
	if (s.ptr != NULL && s.len >= 2 && s.ptr[0] == '<' && s.ptr[s.len - 1] == '>') {
		s.ptr++;
		s.len -= 2;
	}
	return s;
}

static void copy_span(char *dst, size_t cap, struct rcvd_span s)
{
	size_t n = s.len < cap - 1 ? s.len : cap - 1;

	if (n > 0)
		memcpy(dst, s.ptr, n);
	dst[n] = '\0';
}

static unsigned lc(unsigned c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32u : c;
}

static int hexval(unsigned c)
{
	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (int)(c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (int)(c - 'A' + 10);
	return -1;
}

/* ---- addresses: parse any accepted spelling, write RFC 5952 ---- */

static int parse_v4(const char *s, size_t n, unsigned char *b)
{
	size_t i = 0;
	int k;

	for (k = 0; k < 4; k++) {
		unsigned v = 0, d = 0;
		if (k > 0) {
			if (i >= n || s[i] != '.')
				return 0;
			i++;
		}
		while (i < n && s[i] >= '0' && s[i] <= '9' && d < 3) {
			v = v * 10 + (unsigned)(s[i] - '0');
			i++;
			d++;
		}
		if (d == 0 || v > 255)
			return 0;
		b[k] = (unsigned char)v;
	}
	return i == n;
}

static int parse_v6(const char *s, size_t n, unsigned char *b)
{
	unsigned g[8];
	size_t i = 0, ng = 0, gap = 8;

	if (n >= 2 && s[0] == ':' && s[1] == ':') {
		gap = 0;
		i = 2;
	}
	while (i < n) {
		size_t j = i;
		unsigned v = 0;
		while (j < n && hexval((unsigned char)s[j]) >= 0 && j - i < 5)
			j++;
		if (j < n && s[j] == '.') {
			unsigned char v4[4];
			if (ng > 6 || !parse_v4(s + i, n - i, v4))
				return 0;
			g[ng++] = (unsigned)(v4[0] << 8 | v4[1]);
			g[ng++] = (unsigned)(v4[2] << 8 | v4[3]);
			i = n;
			break;
		}
		if (j == i || j - i > 4 || ng >= 8)
			return 0;
		for (; i < j; i++)
			v = v * 16 + (unsigned)hexval((unsigned char)s[i]);
		g[ng++] = v;
		if (i == n)
			break;
		if (s[i] != ':')
			return 0;
		if (i + 1 < n && s[i + 1] == ':') {
			if (gap != 8)
				return 0;
			gap = ng;
			i += 2;
			continue;
		}
		i++;
		if (i == n)
			return 0;
	}
	if (gap == 8) {
		if (ng != 8)
			return 0;
	} else {
		size_t k, z = 8 - ng;
		if (ng > 7)
			return 0;
		memmove(g + gap + z, g + gap, (ng - gap) * sizeof g[0]);
		for (k = 0; k < z; k++)
			g[gap + k] = 0;
	}
	for (i = 0; i < 8; i++) {
		b[2 * i] = (unsigned char)(g[i] >> 8);
		b[2 * i + 1] = (unsigned char)(g[i] & 0xff);
	}
	return 1;
}

/* Canonical text of an address spelling: brackets, "IPv6:" and a zone id
 * dropped, v4-mapped written as IPv4. *v6 says which. 0 on failure. */
static int canon_ip(const char *s, size_t n, char *out, int *v6)
{
	unsigned char b[16];
	size_t i;

	if (n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		s++;
		n -= 2;
	}
	if (n >= 5 && lc((unsigned char)s[0]) == 'i' && lc((unsigned char)s[1]) == 'p' &&
	    lc((unsigned char)s[2]) == 'v' && s[3] == '6' && s[4] == ':') {
		s += 5;
		n -= 5;
	}
	for (i = 0; i < n; i++)
		if (s[i] == '%') {
			n = i;
			break;
		}
	if (parse_v4(s, n, b)) {
		sprintf(out, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
		*v6 = 0;
		return 1;
	}
	if (!parse_v6(s, n, b))
		return 0;
	{
		static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
		size_t best = 0, blen = 0, k;
		char *o = out;
		if (memcmp(b, mapped, 12) == 0) {
			sprintf(out, "%u.%u.%u.%u", b[12], b[13], b[14], b[15]);
			*v6 = 0;
			return 1;
		}
		/* RFC 5952 4.2: the longest run of two or more zero groups, the
		 * first one on a tie, becomes "::" */
		for (k = 0; k < 8;) {
			size_t r = k;
			while (r < 8 && b[2 * r] == 0 && b[2 * r + 1] == 0)
				r++;
			if (r - k > blen) {
				best = k;
				blen = r - k;
			}
			k = r > k ? r : k + 1;
		}
		if (blen < 2)
			blen = 0;
		for (k = 0; k < 8; k++) {
			if (blen > 0 && k == best) {
				o += sprintf(o, "::");
				k += blen - 1;
				continue;
			}
			if (k > 0 && !(blen > 0 && k == best + blen))
				*o++ = ':';
			o += sprintf(o, "%x", (unsigned)(b[2 * k] << 8 | b[2 * k + 1]));
		}
		*o = '\0';
		*v6 = 1;
	}
	return 1;
}

/* ---- dates ---- */

static void civil(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
	/* days since 1970-01-01 to a Gregorian date, by 400-year eras */
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2 ? 1 : 0);
}

static void format_date(int64_t t, int offset, char *out, size_t cap)
{
	static const char *const dn[7] = { "Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed" };
	static const char *const mn[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	int unknown = offset == RCVD_ZONE_UNKNOWN;
	int off = unknown ? 0 : offset;
	int64_t lt = t + (int64_t)off * 60;
	int64_t days = lt >= 0 ? lt / 86400 : (lt - 86399) / 86400;
	int64_t sec = lt - days * 86400, y;
	unsigned m, d;
	int a = off < 0 ? -off : off;

	char tmp[128]; /* room for any value gcc can imagine in each part */
	size_t n;

	civil(days, &y, &m, &d);
	snprintf(tmp, sizeof tmp, "%s, %02u %s %04lld %02u:%02u:%02u %c%02d%02d",
	        dn[((days % 7) + 7) % 7], d, mn[m - 1], (long long)y,
	        (unsigned)(sec / 3600), (unsigned)(sec / 60 % 60), (unsigned)(sec % 60),
	        (unknown || off < 0) ? '-' : '+', a / 60, a % 60);
	n = strlen(tmp);
	if (n >= cap)
		n = cap - 1;
	memcpy(out, tmp, n);
	out[n] = '\0';
}

/* ---- keywords: greeting x flags, RFC 3848 / RFC 6531 ---- */

static const char *keyword_for(enum rcvd_greeting g, unsigned f)
{
	static const char *const ehlo[8] = { "ESMTP", "ESMTPS", "ESMTPA", "ESMTPSA",
	                                     "UTF8SMTP", "UTF8SMTPS", "UTF8SMTPA", "UTF8SMTPSA" };
	static const char *const lhlo[8] = { "LMTP", "LMTPS", "LMTPA", "LMTPSA",
	                                     "UTF8LMTP", "UTF8LMTPS", "UTF8LMTPA", "UTF8LMTPSA" };
	unsigned i = ((f & RCVD_TLS) ? 1u : 0u) | ((f & RCVD_AUTH) ? 2u : 0u) |
	             ((f & RCVD_UTF8) ? 4u : 0u);

	if (g == RCVD_HELO)
		return "SMTP";
	if (g == RCVD_EHLO)
		return ehlo[i];
	if (g == RCVD_LHLO)
		return lhlo[i];
	return NULL;
}

/* ---- reader words (the composer's documented policy, src/reader.c) ----
 * SpamAssassin acts on a few words even inside one token. Names the
 * composer writes raw (FROM name, rDNS, paths) are refused when they hold
 * "Exim" or "authenticated" (exact case, as SpamAssassin matches), or,
 * for the FROM name, when the whole name is a clause word. The tls clause
 * refuses any of them in any case, plus "envelope-", "return-path" and a
 * leading "by". */

static int has_sub(struct rcvd_span s, const char *w, int ci)
{
	size_t wn = strlen(w), i, k;

	for (i = 0; i + wn <= s.len; i++) {
		for (k = 0; k < wn; k++) {
			unsigned a = (unsigned char)s.ptr[i + k];
			if ((ci ? lc(a) : a) != (unsigned char)w[k])
				break;
		}
		if (k == wn)
			return 1;
	}
	return 0;
}

static int clause_word(struct rcvd_span s)
{
	static const char *const words[] = { "by", "id", "for", "tls", "via", "from",
	                                     "with", "helo", "ehlo", "lhlo" };
	size_t i, k;

	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (strlen(words[i]) != s.len)
			continue;
		for (k = 0; k < s.len && lc((unsigned char)s.ptr[k]) == (unsigned char)words[i][k]; k++)
			;
		if (k == s.len)
			return 1;
	}
	return 0;
}

static int name_trap(struct rcvd_span s, int as_word)
{
	return (as_word && clause_word(s)) || has_sub(s, "Exim", 0) ||
	       has_sub(s, "authenticated", 0);
}

/* An rDNS whose last label is all digits is no host name (no top-level
 * domain is numeric) and reads as an address before the literal. */
static int numeric_last_label(struct rcvd_span s)
{
	size_t i = s.len;

	while (i > 0 && s.ptr[i - 1] >= '0' && s.ptr[i - 1] <= '9')
		i--;
	return i < s.len && (i == 0 || s.ptr[i - 1] == '.');
}

/* "(HELO x)" in the FROM part is read as the greeting (qmail's form),
 * "(using x)" as TLS, "(authenticated x)" as authentication: an rDNS
 * that is such a word (any case) is not written. */
static int comment_opener(struct rcvd_span s)
{
	static const char *const words[] = {"helo", "ehlo", "lhlo", "hello", "using",
	                                    "authenticated"};
	size_t i, k;

	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (s.len != strlen(words[i]))
			continue;
		for (k = 0; k < s.len && lc((unsigned char)s.ptr[k]) == (unsigned char)words[i][k]; k++)
			;
		if (k == s.len)
			return 1;
	}
	return 0;
}

static int reader_word(struct rcvd_span s)
{
	return clause_word(s) || has_sub(s, "authenticated", 1) || has_sub(s, "exim", 1) ||
	       has_sub(s, "envelope-", 1) || has_sub(s, "return-path", 1) ||
	       (s.len >= 2 && lc((unsigned char)s.ptr[0]) == 'b' &&
	        lc((unsigned char)s.ptr[1]) == 'y');
}

static int iana_cipher(struct rcvd_span c)
{
	size_t i;

	if (!span_has(c) || c.len > 64)
		return 0;
	if (c.len == 6 && c.ptr[0] == '0' && c.ptr[1] == 'x') {
		for (i = 2; i < 6; i++)
			if (hexval((unsigned char)c.ptr[i]) < 0)
				return 0;
		return 1;
	}
	if (!((c.ptr[0] >= 'A' && c.ptr[0] <= 'Z') || (c.ptr[0] >= 'a' && c.ptr[0] <= 'z')))
		return 0;
	for (i = 1; i < c.len; i++) {
		char ch = c.ptr[i];
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
		      (ch >= '0' && ch <= '9') || ch == '_'))
			return 0;
	}
	return !reader_word(c);
}

int hostile_expect(const struct rcvd_info *info, struct hostile_expect *e)
{
	unsigned f = info->flags, o = info->options;
	enum rcvd_greeting g = info->greeting;
	struct rcvd_span h = info->helo, r = info->rdns, s, rc;
	int v6 = 0;

	memset(e, 0, sizeof *e);
	if (info->session != NULL || info->addr_sa != NULL)
		return 0;
	e->privacy = (o & RCVD_O_HIDE_CLIENT) != 0;
	e->utf8 = (f & RCVD_UTF8) != 0 && g != RCVD_HELO;
	e->keyword = keyword_for(g, f);
	if (e->keyword == NULL)
		return 0;
	if (span_has(info->addr)) {
		char ip[48];
		if (!canon_ip(info->addr.ptr, info->addr.len, ip, &v6))
			return 0;
		e->has_addr = 1;
		strcpy(e->addr_ip, ip);
		sprintf(e->addr_lit, "[%s%s]", v6 ? "IPv6:" : "", ip);
	}
	if (span_has(h) && h.len <= 255) {
		if (h.ptr[0] == '[')
			e->named = e->has_addr && rfc5321_is_address_literal(h.ptr, h.len);
		else
			e->named = rfc5321_is_domain(h.ptr, h.len, e->utf8);
		e->named = e->named && !name_trap(h, 1);
	}
	if (e->privacy)
		strcpy(e->from_name, "unknown");
	else if (e->named)
		copy_span(e->from_name, sizeof e->from_name, h);
	else if (e->has_addr)
		strcpy(e->from_name, e->addr_lit);
	else
		strcpy(e->from_name, "unknown");

	strcpy(e->rdns, "unknown");
	if (span_has(r) && r.ptr[r.len - 1] == '.')
		r.len--;
	if (e->has_addr && span_has(r) && rfc5321_is_domain(r.ptr, r.len, e->utf8) &&
	    !name_trap(r, 0) && !numeric_last_label(r) && !comment_opener(r))
		copy_span(e->rdns, sizeof e->rdns, r);

	e->tls_comment = !e->privacy && (f & RCVD_TLS) && !(o & RCVD_O_NO_TLS_COMMENT) &&
	                 (span_has(info->tls_version) || span_has(info->tls_cipher));
	e->tls_clause = (f & RCVD_TLS) && !(o & RCVD_O_NO_TLS_CLAUSE) &&
	                iana_cipher(info->tls_cipher);
	e->auth_comment = !e->privacy && (o & RCVD_O_SHOW_AUTH) && (f & RCVD_AUTH) &&
	                  span_has(info->identity);
	e->helo_comment = !e->privacy && span_has(h) && !e->named;
	e->sender_comment = !e->privacy && info->sender.ptr != NULL;
	s = strip_angles(info->sender);
	if (e->sender_comment) {
		if (s.len == 0) {
			e->sender_path = 1;
			e->sender[0] = '\0';
		} else if (rfc5321_is_dot_mailbox(s.ptr, s.len, e->utf8) && !name_trap(s, 0)) {
			e->sender_path = 1;
			copy_span(e->sender, sizeof e->sender, s);
		}
	}
	rc = strip_angles(info->rcpt);
	if (span_has(info->rcpt) && (info->rcpt_count == 1 || (o & RCVD_O_FORCE_FOR)) &&
	    rc.len > 0 && rfc5321_is_dot_mailbox(rc.ptr, rc.len, e->utf8) && !name_trap(rc, 0)) {
		e->for_clause = 1;
		copy_span(e->rcpt, sizeof e->rcpt, rc);
	}
	format_date(info->time, info->offset, e->date, sizeof e->date);
	e->reader_auth = (g != RCVD_HELO && (f & RCVD_AUTH)) || e->auth_comment;
	return 1;
}

/* ---- decoding the one-token encoding ---- */

static int safe_byte(unsigned c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
		return 1;
	return c != 0 && strchr("-._@+/!#$&*?^{|}~", (int)c) != NULL;
}

static size_t utf8_seq(const unsigned char *s, size_t rem, uint32_t *cp)
{
	unsigned c = s[0];
	size_t need, i;
	uint32_t v;

	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		v = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		v = c & 0x07;
	} else {
		return 0;
	}
	if (rem < need + 1)
		return 0;
	for (i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3fu);
	}
	if ((need == 2 && v < 0x800) || (need == 3 && v < 0x10000) || v > 0x10ffff ||
	    (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return need + 1;
}

/* Unicode spaces (Zs, Zl, Zp), controls (Cc), format characters (Cf) and
 * the other default-ignorable code points (fillers, variation selectors),
 * Unicode 15: DESIGN.md keeps spaces, controls and format characters out
 * of client text, and the composer documents the default-ignorables too. */
static int cp_hidden(uint32_t cp)
{
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

size_t hostile_decode(const char *t, size_t tn, int utf8, char *out, size_t cap,
                      int *cut)
{
	const unsigned char *u = (const unsigned char *)t;
	size_t i = 0, o = 0;

	*cut = 0;
	while (i < tn) {
		unsigned c = u[i];
		if (o + 4 > cap)
			return (size_t)-1;
		if (c == '%') {
			int hi, lo;
			if (tn - i == 3 && u[i + 1] == '.' && u[i + 2] == '.') {
				*cut = 1;
				return o;
			}
			if (tn - i < 3)
				return (size_t)-1;
			hi = hexval(u[i + 1]);
			lo = hexval(u[i + 2]);
			/* upper-case hex only: one spelling per byte */
			if (hi < 0 || lo < 0 || (u[i + 1] >= 'a' && u[i + 1] <= 'f') ||
			    (u[i + 2] >= 'a' && u[i + 2] <= 'f'))
				return (size_t)-1;
			out[o++] = (char)(hi << 4 | lo);
			i += 3;
			continue;
		}
		if (c < 0x80) {
			if (!safe_byte(c))
				return (size_t)-1;
			out[o++] = (char)c;
			i++;
			continue;
		}
		{
			uint32_t cp = 0;
			size_t l;
			if (!utf8)
				return (size_t)-1;
			l = utf8_seq(u + i, tn - i, &cp);
			if (l == 0 || cp_hidden(cp))
				return (size_t)-1;
			memcpy(out + o, t + i, l);
			o += l;
			i += l;
		}
	}
	return o;
}

/* ---- the verifier ---- */

#define TOK_MAX 160

struct tok {
	const char *p;
	size_t n;
	int comment; /* content without the outer parentheses */
	size_t after; /* index among top-level words it follows */
};

struct vctx {
	char *why;
	size_t cap;
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int bad(struct vctx *v, const char *fmt, ...);

static int bad(struct vctx *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v->why, v->cap, fmt, ap);
	va_end(ap);
	return 0;
}

/* Splits the unfolded, space-collapsed text into words (";" alone) and
 * comments (balanced, quoted-pairs honoured). */
static size_t tokenise(const char *u, size_t n, struct tok *t, size_t max, int *ok)
{
	size_t i = 0, k = 0, words = 0;

	*ok = 1;
	while (i < n && k < max) {
		if (u[i] == ' ') {
			i++;
			continue;
		}
		if (u[i] == '(') {
			size_t depth = 0, j = i;
			for (; j < n; j++) {
				if (u[j] == '\\') {
					j++;
					continue;
				}
				if (u[j] == '(')
					depth++;
				else if (u[j] == ')' && --depth == 0)
					break;
			}
			if (j >= n) {
				*ok = 0;
				return k;
			}
			t[k].p = u + i + 1;
			t[k].n = j - i - 1;
			t[k].comment = 1;
			t[k].after = words;
			k++;
			i = j + 1;
			continue;
		}
		if (u[i] == ';') {
			t[k].p = u + i;
			t[k].n = 1;
		} else {
			size_t j = i;
			while (j < n && u[j] != ' ' && u[j] != '(' && u[j] != ';')
				j++;
			t[k].p = u + i;
			t[k].n = j - i;
		}
		t[k].comment = 0;
		t[k].after = words;
		words++;
		i += t[k].n;
		k++;
	}
	if (k >= max)
		*ok = 0;
	return k;
}

static int tok_is(const struct tok *t, const char *s)
{
	return t->n == strlen(s) && memcmp(t->p, s, t->n) == 0;
}

static size_t count_sub(const char *u, size_t n, const char *needle, int ci)
{
	size_t k = strlen(needle), i, c = 0;

	for (i = 0; i + k <= n; i++) {
		size_t j;
		for (j = 0; j < k; j++) {
			unsigned a = (unsigned char)u[i + j], b = (unsigned char)needle[j];
			if (ci ? lc(a) != lc(b) : a != b)
				break;
		}
		if (j == k)
			c++;
	}
	return c;
}

/* One encoded client token against the input it came from. */
static int check_token(struct vctx *v, const char *what, const char *t, size_t tn,
                       struct rcvd_span in, int utf8, int *cut_out)
{
	static char dec[4096];
	size_t dn;
	int cut = 0;

	dn = hostile_decode(t, tn, utf8, dec, sizeof dec, &cut);
	if (dn == (size_t)-1)
		return bad(v, "%s: '%.*s' is not a valid encoded token", what, (int)tn, t);
	if (cut_out != NULL)
		*cut_out = cut;
	if (!cut && (dn != in.len || (dn > 0 && memcmp(dec, in.ptr, dn) != 0)))
		return bad(v, "%s: '%.*s' does not decode to the input", what, (int)tn, t);
	if (cut && (dn >= in.len || memcmp(dec, in.ptr, dn) != 0))
		return bad(v, "%s: cut token '%.*s' is not a proper prefix of the input",
		           what, (int)tn, t);
	return 1;
}

static int check_tls_comment(struct vctx *v, const struct tok *c,
                             const struct rcvd_info *info)
{
	const char *p = c->p, *end = c->p + c->n;
	const char *w[8];
	size_t wl[8], nw = 0, i = 0;
	char bits[64];

	while (p < end && nw < 8) {
		const char *q = p;
		if (*p == '(') { /* the nested "(B/B bits)" stays one word */
			w[nw] = p;
			wl[nw++] = (size_t)(end - p);
			break;
		}
		while (q < end && *q != ' ')
			q++;
		w[nw] = p;
		wl[nw++] = (size_t)(q - p);
		p = q < end ? q + 1 : q;
	}
	if (nw == 0 || wl[0] != 5 || memcmp(w[0], "using", 5) != 0)
		return bad(v, "TLS comment does not start with 'using'");
	i = 1;
	if (span_has(info->tls_version)) {
		if (i >= nw || !check_token(v, "TLS version", w[i], wl[i], info->tls_version, 0, NULL))
			return i >= nw ? bad(v, "TLS comment lacks the version") : 0;
		i++;
	}
	if (span_has(info->tls_cipher)) {
		if (span_has(info->tls_version)) {
			if (i >= nw || wl[i] != 4 || memcmp(w[i], "with", 4) != 0)
				return bad(v, "TLS comment lacks 'with'");
			i++;
		}
		if (i >= nw || wl[i] != 6 || memcmp(w[i], "cipher", 6) != 0)
			return bad(v, "TLS comment lacks 'cipher'");
		i++;
		if (i >= nw || !check_token(v, "TLS cipher", w[i], wl[i], info->tls_cipher, 0, NULL))
			return i >= nw ? bad(v, "TLS comment lacks the cipher") : 0;
		i++;
	}
	if (info->tls_bits > 0) {
		snprintf(bits, sizeof bits, "(%u/%u bits)", info->tls_bits, info->tls_bits);
		if (i >= nw || wl[i] != strlen(bits) || memcmp(w[i], bits, wl[i]) != 0)
			return bad(v, "TLS comment lacks '%s'", bits);
		i++;
	}
	if (i != nw)
		return bad(v, "TLS comment has extra words");
	return 1;
}

int hostile_verify(const char *field, size_t n, const struct rcvd_info *info,
                   const struct hostile_expect *e, const struct rcvd_report *rep,
                   char *why, size_t why_cap)
{
	static char u[8192];
	static struct tok t[TOK_MAX];
	struct vctx v;
	size_t un = 0, i, nt, off = 0, line, col0;
	int value_only = (info->options & RCVD_O_VALUE_ONLY) != 0;
	int crlf = (info->options & RCVD_O_CRLF) != 0;
	const char *reason = NULL;
	int ok;
	size_t w, from_i = 0, host_i = 0, kw_i = 0;
	const struct tok *words[TOK_MAX];
	size_t nwords = 0;

	v.why = why;
	v.cap = why_cap;
	if (why_cap > 0)
		why[0] = '\0';
	if (n == 0 || n >= RCVD_FIELD_MAX || n >= sizeof u)
		return bad(&v, "length %zu out of range", n);
	if (memchr(field, '\0', n) != NULL)
		return bad(&v, "NUL inside the field");

	/* grammar, independent of the composer */
	if (!rfc5321_check(field, n, e->utf8, &off, &reason))
		return bad(&v, "grammar: %s at offset %zu", reason ? reason : "?", off);

	/* line breaks: the asked style, one final break unless value-only */
	for (i = 0; i < n; i++) {
		if (field[i] == '\r' && !crlf)
			return bad(&v, "CR in an LF field at %zu", i);
		if (field[i] == '\n' && crlf && (i == 0 || field[i - 1] != '\r'))
			return bad(&v, "bare LF in a CRLF field at %zu", i);
	}
	if (value_only) {
		if (field[n - 1] == '\n' || field[n - 1] == '\r')
			return bad(&v, "value-only field ends with a line break");
		if (strncmp(field, "from", 4) != 0 || (field[4] != ' ' && field[4] != '\r' &&
		                                       field[4] != '\n'))
			return bad(&v, "value-only field does not start with 'from'");
	} else {
		if (crlf ? (n < 2 || field[n - 2] != '\r' || field[n - 1] != '\n')
		         : field[n - 1] != '\n')
			return bad(&v, "field does not end with its line break");
		if (strncmp(field, "Received:", 9) != 0)
			return bad(&v, "field does not start with 'Received:'");
	}

	/* lines: <= 998 octets always; > 78 characters only for one word */
	col0 = value_only ? 10 : 0;
	for (line = 0, i = 0; i <= n; i++) {
		if (i == n || field[i] == '\r' || field[i] == '\n') {
			size_t k, chars = col0, octets = i - line, words_in = 0;
			int in_word = 0;
			for (k = line; k < i; k++) {
				unsigned char c = (unsigned char)field[k];
				if ((c & 0xc0) != 0x80)
					chars++;
				if (c == ' ' || c == '\t') {
					in_word = 0;
				} else if (!in_word) {
					in_word = 1;
					words_in++;
				}
			}
			if (octets > 998)
				return bad(&v, "line of %zu octets", octets);
			if (chars > 78 && words_in > 1)
				return bad(&v, "line of %zu characters could have been folded", chars);
			col0 = 0;
			if (i < n && field[i] == '\r')
				i++;
			line = i + 1;
		}
	}

	/* hidden code points nowhere, even where UTF-8 may stand */
	if (e->utf8) {
		for (i = 0; i < n;) {
			unsigned char c = (unsigned char)field[i];
			uint32_t cp;
			size_t l;
			if (c < 0x80) {
				i++;
				continue;
			}
			l = utf8_seq((const unsigned char *)field + i, n - i, &cp);
			if (l == 0 || cp_hidden(cp))
				return bad(&v, "hidden or malformed UTF-8 at %zu", i);
			i += l;
		}
	}

	/* unfold and collapse white space, as the regex readers do */
	for (i = 0; i < n; i++) {
		char c = field[i];
		if (c == '\r' || c == '\n')
			continue;
		if (c == '\t')
			c = ' ';
		if (c == ' ' && un > 0 && u[un - 1] == ' ')
			continue;
		u[un++] = c;
	}
	while (un > 0 && u[un - 1] == ' ')
		un--;

	nt = tokenise(u, un, t, TOK_MAX, &ok);
	if (!ok)
		return bad(&v, "tokeniser: unbalanced comment or too many tokens");
	for (i = 0; i < nt; i++)
		if (!t[i].comment)
			words[nwords++] = &t[i];

	/* top-level words, exactly */
	w = 0;
	if (!value_only) {
		if (nwords < 1 || !tok_is(words[0], "Received:"))
			return bad(&v, "no 'Received:'");
		w = 1;
	}
#define WANT(s)                                                                   \
	do {                                                                          \
		if (w >= nwords || !tok_is(words[w], (s)))                                \
			return bad(&v, "word %zu: want '%s', got '%.*s'", w, (s),             \
			           w < nwords ? (int)words[w]->n : 0,                         \
			           w < nwords ? words[w]->p : "");                            \
		w++;                                                                      \
	} while (0)
	{
		char buf[HX_NAME_MAX + 4];
		WANT("from");
		from_i = w;
		WANT(e->from_name);
		WANT("by");
		host_i = w;
		copy_span(buf, sizeof buf, info->host);
		WANT(buf);
		WANT("with");
		kw_i = w;
		WANT(e->keyword);
		if (span_has(info->id)) {
			WANT("id");
			copy_span(buf, sizeof buf, info->id);
			kw_i = w;
			WANT(buf);
		}
		if (e->for_clause) {
			WANT("for");
			snprintf(buf, sizeof buf, "<%s>", e->rcpt);
			WANT(buf);
		}
		if (e->tls_clause) {
			WANT("tls");
			copy_span(buf, sizeof buf, info->tls_cipher);
			WANT(buf);
		}
		WANT(";");
		{
			/* the date, word by word */
			char d[40], *p = d, *sp;
			strcpy(d, e->date);
			while ((sp = strchr(p, ' ')) != NULL) {
				*sp = '\0';
				WANT(p);
				p = sp + 1;
			}
			WANT(p);
		}
		if (w != nwords)
			return bad(&v, "extra word '%.*s' after the date", (int)words[w]->n,
			           words[w]->p);
	}
#undef WANT

	/* comments: which, where, and the client text in them */
	{
		size_t ci = 0;
		int host_lit = info->host.len > 0 && info->host.ptr[0] == '[';
		char want[HX_NAME_MAX + 80];
		const struct tok *c;

		for (i = 0; i < nt; i++) {
			c = &t[i];
			if (!c->comment)
				continue;
			ci++;
			if (c->after == from_i + 1) {
				/* between FROM and BY: server-derived text only */
				if (c->n >= 6 && memcmp(c->p, "using ", 6) == 0) {
					if (!e->tls_comment)
						return bad(&v, "unexpected TLS comment");
					if (!check_tls_comment(&v, c, info))
						return 0;
				} else if (c->n >= 17 && memcmp(c->p, "authenticated as ", 17) == 0) {
					int cut = 0;
					if (!e->auth_comment)
						return bad(&v, "unexpected identity comment");
					if (!check_token(&v, "identity", c->p + 17, c->n - 17,
					                 info->identity, e->utf8, &cut))
						return 0;
					if (rep != NULL && cut && !(rep->truncated & RCVD_ITEM_IDENTITY))
						return bad(&v, "identity cut but not reported");
				} else {
					snprintf(want, sizeof want, "%s %s", e->rdns, e->addr_lit);
					if (!e->has_addr || e->privacy || strlen(want) != c->n ||
					    memcmp(want, c->p, c->n) != 0)
						return bad(&v, "comment '(%.*s)' before BY: want TCP-info '(%s)'",
						           (int)c->n, c->p, want);
				}
			} else if (c->after == host_i + 1) {
				if (host_lit && c->n == info->host.len &&
				    memcmp(c->p, info->host.ptr, c->n) == 0)
					continue;
				if (!(span_has(info->product) && c->n == info->product.len &&
				      memcmp(c->p, info->product.ptr, c->n) == 0))
					return bad(&v, "comment '(%.*s)' after the host", (int)c->n, c->p);
			} else if (c->after == kw_i + 1) {
				if (c->n >= 5 && memcmp(c->p, "helo=", 5) == 0) {
					int cut = 0;
					if (!e->helo_comment)
						return bad(&v, "unexpected helo= comment");
					if (!check_token(&v, "helo", c->p + 5, c->n - 5, info->helo,
					                 e->utf8, &cut))
						return 0;
					if (rep != NULL && cut && !(rep->truncated & RCVD_ITEM_HELO))
						return bad(&v, "helo cut but not reported");
				} else if (c->n >= 14 && memcmp(c->p, "envelope-from ", 14) == 0) {
					const char *x = c->p + 14;
					size_t xn = c->n - 14;
					if (!e->sender_comment)
						return bad(&v, "unexpected envelope-from comment");
					if (e->sender_path) {
						snprintf(want, sizeof want, "<%s>", e->sender);
						if (xn != strlen(want) || memcmp(x, want, xn) != 0)
							return bad(&v, "envelope-from '%.*s', want '%s'", (int)xn, x,
							           want);
					} else if (!check_token(&v, "sender", x, xn, info->sender, e->utf8,
					                        NULL)) {
						return 0;
					}
				} else {
					return bad(&v, "comment '(%.*s)' after the id", (int)c->n, c->p);
				}
			} else {
				return bad(&v, "comment '(%.*s)' in the wrong place", (int)c->n, c->p);
			}
		}
		{
			size_t want_n = (size_t)((e->has_addr && !e->privacy) + e->tls_comment +
			                         e->auth_comment + host_lit +
			                         span_has(info->product) + e->helo_comment +
			                         e->sender_comment);
			if (ci != want_n)
				return bad(&v, "%zu comments, want %zu", ci, want_n);
		}
	}

	/* what a regex reader sees, whitespace collapsed as SpamAssassin does;
	 * clause words counted in any case, as RFC 5321 reads them */
	{
		size_t with_in_tls = e->tls_comment && span_has(info->tls_version) &&
		                     span_has(info->tls_cipher);
		if (count_sub(u, un, " by ", 1) != 1)
			return bad(&v, "' by ' appears %zu times", count_sub(u, un, " by ", 1));
		if (count_sub(u, un, " with ", 1) != 1 + with_in_tls)
			return bad(&v, "' with ' appears %zu times", count_sub(u, un, " with ", 1));
		if (count_sub(u, un, " id ", 1) != (size_t)span_has(info->id))
			return bad(&v, "' id ' appears %zu times", count_sub(u, un, " id ", 1));
		if (count_sub(u, un, " for ", 1) != (size_t)e->for_clause)
			return bad(&v, "' for ' appears %zu times", count_sub(u, un, " for ", 1));
		/* Readers take parenthesised "authenticated" between the client
		 * address and BY as proof of AUTH (SpamAssassin's Sendmail rule);
		 * after BY it is inert. */
		{
			size_t by = 0, k;
			for (k = 0; k + 4 <= un; k++)
				if (memcmp(u + k, " by ", 4) == 0) {
					by = k;
					break;
				}
			if (!e->auth_comment && count_sub(u, by, "authenticated", 1) != 0)
				return bad(&v, "'authenticated' before BY without AUTH");
			if (count_sub(u, by, "[", 0) !=
			    (size_t)(e->has_addr && !e->privacy) + (e->from_name[0] == '['))
				return bad(&v, "'[' before BY outside the FROM name and TCP-info");
		}
		if (e->privacy && e->has_addr && count_sub(u, un, e->addr_ip, 1) != 0)
			return bad(&v, "privacy field shows the client address");
	}
	return 1;
}
