/*
 * parse.c -- the lenient reading of a Received field (SPEC.md section 5).
 *
 * The value is cut into tokens: words, comments (nesting counted, never
 * descended by recursion) and ";". The date follows the last ";" outside
 * comments. Clause names are recognised only as words outside comments,
 * and each clause is taken once (the first occurrence wins), so text a
 * client managed to put inside a comment never becomes a clause. Inside
 * comments only fixed shapes are read: the TCP-info after FROM/BY, the
 * helo= / HELO forms, and the TLS and authentication comments of the
 * well-known servers, each matched as a whole comment or a whole token.
 *
 * from_addr is the address as written inside the brackets (or bare), with
 * the "IPv6:" tag and any ":port" after the brackets left out; a zone id
 * stays. rcvd_addr_normalize() gives the canonical text. It comes from the
 * TCP-info comment or a bracket word after the FROM name, else from the
 * FROM name itself when that is an address literal.
 *
 * Two walks, each linear and reading nothing past n: this reading, and the
 * strict grammar's (parse_strict.c), which shares the date with it. Apart,
 * each keeps a small frame and its own tight loops.
 */
#include <string.h>

#include "parse_int.h"

enum tok_kind { T_END, T_WORD, T_COMMENT, T_SEMI };

struct tok {
	enum tok_kind kind;
	size_t b, e; /* word bytes, or the comment's inside (parens excluded) */
};


/* What a byte can mean to the scanners below, so that each skips plain
 * bytes with one table load instead of a chain of compares. White space
 * includes NUL: some writers leave them in, and they can never be part of
 * a name. */
#define B_WS 0x01u
#define B_OPEN 0x02u
#define B_CLOSE 0x04u
#define B_BACKSLASH 0x08u
#define B_QUOTE 0x10u
#define B_SEMI 0x20u
#define B_COMMA 0x40u

static const unsigned char byte_role[256] = {
	[0] = B_WS, ['\t'] = B_WS, ['\n'] = B_WS, ['\r'] = B_WS, [' '] = B_WS,
	['('] = B_OPEN, [')'] = B_CLOSE, ['\\'] = B_BACKSLASH, ['"'] = B_QUOTE,
	[';'] = B_SEMI, [','] = B_COMMA,
};

static RCVD_I_INLINE int role(unsigned char c, unsigned roles)
{
	return (byte_role[c] & roles) != 0;
}

/* The first index from p (p <= n) on whose byte has one of roles, or n;
 * unrolled by four: a load and a table test a byte. */
static RCVD_I_INLINE size_t run_until(const char *str, size_t p, size_t n, unsigned roles)
{
	const unsigned char *s = (const unsigned char *)str;

	while (n - p >= 4) {
		if (byte_role[s[p]] & roles)
			return p;
		if (byte_role[s[p + 1]] & roles)
			return p + 1;
		if (byte_role[s[p + 2]] & roles)
			return p + 2;
		if (byte_role[s[p + 3]] & roles)
			return p + 3;
		p += 4;
	}
	while (p < n && !(byte_role[s[p]] & roles))
		p++;
	return p;
}

/* The end of the comment opened at s[pos]; *closed says whether its
 * closing parenthesis was found (else the end is n). */
static RCVD_I_INLINE size_t comment_end(const char *s, size_t n, size_t pos, int *closed)
{
	size_t depth = 0, p = pos;

	for (;;) {
		unsigned char c;

		p = run_until(s, p, n, B_OPEN | B_CLOSE | B_BACKSLASH);
		if (p >= n)
			break;
		c = (unsigned char)s[p];
		if (c == '\\') {
			/* the byte after it is taken whatever it is */
			if (n - p <= 2)
				break;
			p += 2;
			continue;
		}
		p++;
		if (c == '(') {
			depth++;
		} else if (--depth == 0) {
			*closed = 1;
			return p;
		}
	}
	*closed = 0;
	return n;
}

size_t rcvd_i_skip_comment(const char *s, size_t n, size_t pos)
{
	int closed;
	return comment_end(s, n, pos, &closed);
}

/* The index after the quoted run opened by the quote at s[p]; a backslash
 * takes the next byte with it; n when the run is not closed. */
static size_t quoted_end(const char *s, size_t n, size_t p)
{
	p++;
	while (p < n && s[p] != '"') {
		if (s[p] == '\\' && p + 1 < n)
			p++;
		p++;
	}
	return p < n ? p + 1 : p;
}

static RCVD_I_INLINE void next_tok(const char *s, size_t n, size_t *pos, struct tok *t)
{
	size_t p = *pos;

	while (p < n && role((unsigned char)s[p], B_WS))
		p++;
	if (p >= n) {
		t->kind = T_END;
		t->b = t->e = n;
		*pos = n;
		return;
	}
	if (s[p] == '(') {
		int closed;
		size_t e = comment_end(s, n, p, &closed);
		t->kind = T_COMMENT;
		t->b = p + 1;
		t->e = closed ? e - 1 : e;
		*pos = e;
		return;
	}
	if (s[p] == ';') {
		t->kind = T_SEMI;
		t->b = p;
		t->e = p + 1;
		*pos = p + 1;
		return;
	}
	t->kind = T_WORD;
	t->b = p;
	for (;;) {
		p = run_until(s, p, n, B_WS | B_OPEN | B_SEMI | B_QUOTE);
		if (p >= n || s[p] != '"')
			break;
		p = quoted_end(s, n, p);
	}
	t->e = p;
	*pos = p;
}

/* lower: lower-case ASCII; its length folds to a constant when inlined */
static RCVD_I_INLINE int eq_word(const char *s, size_t len, const char *lower)
{
	size_t i;

	if (len != strlen(lower))
		return 0;
	for (i = 0; i < len; i++)
		if (rcvd_i_lower((unsigned char)s[i]) != (unsigned char)lower[i])
			return 0;
	return 1;
}

static RCVD_I_INLINE int starts_with(const char *s, size_t len, const char *lower)
{
	size_t i, k = strlen(lower);

	if (len < k)
		return 0;
	for (i = 0; i < k; i++)
		if (rcvd_i_lower((unsigned char)s[i]) != (unsigned char)lower[i])
			return 0;
	return 1;
}

static struct rcvd_span span(const char *s, size_t b, size_t e)
{
	struct rcvd_span sp;
	sp.ptr = s + b;
	sp.len = e - b;
	return sp;
}

enum clause { K_NONE = 0, K_FROM, K_BY, K_VIA, K_WITH, K_ID, K_FOR, K_TLS, K_COUNT };

static enum clause keyword_of(const char *w, size_t len)
{
	/* by length first: most words are no clause name at all */
	switch (len) {
	case 2:
		if (eq_word(w, len, "by"))
			return K_BY;
		if (eq_word(w, len, "id"))
			return K_ID;
		break;
	case 3:
		if (eq_word(w, len, "via"))
			return K_VIA;
		if (eq_word(w, len, "for"))
			return K_FOR;
		if (eq_word(w, len, "tls"))
			return K_TLS;
		break;
	case 4:
		if (eq_word(w, len, "from"))
			return K_FROM;
		if (eq_word(w, len, "with"))
			return K_WITH;
		break;
	default:
		break;
	}
	return K_NONE;
}

/* 1 when (s, len) is an IPv4 or IPv6 address text (zone id allowed), as
 * rcvd_i_ip_parse() reads it; with snum, IPv4 numbers may have leading
 * zeros (RFC 5321 Snum, for the inside of an address literal). */
static RCVD_I_INLINE int is_ip(const char *s, size_t len, int snum)
{
	/* address text starts with a digit, a hex digit or "::" */
	if (len == 0 || len > 64 || (s[0] != ':' && !rcvd_i_is((unsigned char)s[0], RCVD_C_HEX)))
		return 0;
	return rcvd_i_ip_ok(s, len, snum);
}

/* A name that can be a reverse-DNS name: letters, digits, "-", "_", "."
 * (writers keep a trailing dot) and visible UTF-8 (U-labels, RFC 6531),
 * not an address, not "unknown". */
static RCVD_I_INLINE int is_hostname(const char *s, size_t len)
{
	size_t i;
	int alpha = 0, eight = 0;
	if (len == 0 || len > 255)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (rcvd_i_is(c, RCVD_C_ALPHA))
			alpha = 1;
		else if (!rcvd_i_is(c, RCVD_C_DIGIT) && c != '-' && c != '_' && c != '.') {
			if (c < 0x80)
				return 0;
			eight = 1;
		}
	}
	/* 8-bit bytes only as the composer writes them: visible UTF-8 */
	if (eight)
		return rcvd_i_utf8_visible(s, len);
	if (!alpha && is_ip(s, len, 0))
		return 0;
	return !eq_word(s, len, "unknown");
}

/* A bare address, IPv4 possibly followed by ":port". */
static RCVD_I_INLINE int bare_addr(const char *s, size_t b, size_t e, size_t *ae)
{
	size_t q;
	if (b >= e || (s[b] != ':' && !rcvd_i_is((unsigned char)s[b], RCVD_C_HEX)))
		return 0;
	if (is_ip(s + b, e - b, 0)) {
		*ae = e;
		return 1;
	}
	q = e;
	while (q > b && s[q - 1] != ':')
		q--;
	if (q > b + 1 && q < e && is_ip(s + b, q - 1 - b, 0)) {
		size_t i;
		for (i = b; i < q - 1; i++)
			if (s[i] == ':')
				return 0; /* an IPv6 text: no port form */
		for (i = q; i < e; i++)
			if (!rcvd_i_is((unsigned char)s[i], RCVD_C_DIGIT))
				return 0;
		*ae = q - 1;
		return 1;
	}
	return 0;
}

static int has_alpha(const char *s, size_t len)
{
	size_t i;
	for (i = 0; i < len; i++)
		if (rcvd_i_is((unsigned char)s[i], RCVD_C_ALPHA))
			return 1;
	return 0;
}

/* The bare address of a bracket word "[x]" or "[IPv6:x]" starting at b;
 * returns 1 and its span when it is an address. */
static RCVD_I_INLINE int bracket_addr(const char *s, size_t b, size_t e, size_t *ab, size_t *ae)
{
	size_t p = b + 1, q;
	if (b >= e || s[b] != '[')
		return 0;
	q = p;
	while (q < e && s[q] != ']')
		q++;
	if (q - p > 5 && starts_with(s + p, q - p, "ipv6:"))
		p += 5;
	if (!is_ip(s + p, q - p, 1)) {
		size_t pe;
		/* "[a.b.c.d:port]" (ecelerity) */
		if (!bare_addr(s, p, q, &pe))
			return 0;
		q = pe;
	}
	*ab = p;
	*ae = q;
	return 1;
}

struct reader {
	const char *s;
	size_t n;
	struct rcvd_hop *hop;
	int exim; /* "NAME ([addr] helo=X)": NAME is the verified host */
	unsigned seen; /* 1 << clause for each clause taken */
	int found, first, after_value;
	enum clause region, want;
	size_t nfrom_comments;
};

/* Splits a comment's inside into words at white space and ","; nested
 * comments are skipped whole. Returns 0 at the end. */
static RCVD_I_INLINE int comment_word(const char *s, size_t e, size_t *pos, size_t *wb, size_t *we,
                                     int comma)
{
	size_t p = *pos;
	for (;;) {
		while (p < e && role((unsigned char)s[p], comma ? B_WS | B_COMMA : B_WS))
			p++;
		if (p < e && s[p] == '(') {
			p = rcvd_i_skip_comment(s, e, p);
			continue;
		}
		break;
	}
	if (p >= e) {
		*pos = e;
		return 0;
	}
	*wb = p;
	p = run_until(s, p, e, comma ? B_WS | B_OPEN | B_COMMA : B_WS | B_OPEN);
	*we = p;
	*pos = p;
	return 1;
}

/* "TLSv1.3", "TLS1_2", "TLS-1.0", "SSLv3" and the like, possibly followed
 * by ":cipher:bits" */
static int is_tls_version(const char *s, size_t len)
{
	size_t k = 0;
	unsigned char c0 = len > 0 ? rcvd_i_lower((unsigned char)s[0]) : 0;

	if (c0 != 't' && c0 != 's')
		return 0;
	while (k < len && s[k] != ':')
		k++;
	if (k < 4 || k > 16 || !(starts_with(s, len, "tls") || starts_with(s, len, "ssl")))
		return 0;
	if (rcvd_i_is((unsigned char)s[3], RCVD_C_DIGIT))
		return 1;
	return k > 4 && (s[3] == 'v' || s[3] == 'V' || s[3] == '-' || s[3] == '_') &&
	       rcvd_i_is((unsigned char)s[4], RCVD_C_DIGIT);
}

/* TLS comments of the well-known servers. */
static RCVD_I_INLINE void tls_comment(const char *s, struct rcvd_hop *h, size_t b, size_t e)
{
	size_t p = b, wb, we, w2b, w2e;
	size_t vb = 0, ve = 0, cb = 0, ce = 0;
	int words = 0;

	if (h->tls_version.ptr != NULL || h->tls_cipher.ptr != NULL)
		return;
	if (starts_with(s + b, e - b, "using ")) {
		/* Postfix: "using TLSv1.3 with cipher X (...)"; ours may also
		 * say "using cipher X" or "using TLSv1.3" alone */
		p = b + 6;
		if (comment_word(s, e, &p, &wb, &we, 0)) {
			if (!eq_word(s + wb, we - wb, "cipher")) {
				vb = wb;
				ve = we;
				if (comment_word(s, e, &p, &wb, &we, 0) && eq_word(s + wb, we - wb, "with"))
					(void)comment_word(s, e, &p, &wb, &we, 0);
				else
					wb = we = 0;
			}
			if (we > wb && eq_word(s + wb, we - wb, "cipher") &&
			    comment_word(s, e, &p, &wb, &we, 0)) {
				cb = wb;
				ce = we;
			}
		}
	} else if (starts_with(s + b, e - b, "auth:") || starts_with(s + b, e - b, "tls:") ||
	           starts_with(s + b, e - b, "ssl:")) {
		/* Courier: AUTH: method user, TLS: version, bits, cipher */
		while (comment_word(s, e, &p, &wb, &we, 1)) {
			if (eq_word(s + wb, we - wb, "tls:") || eq_word(s + wb, we - wb, "ssl:")) {
				if (comment_word(s, e, &p, &wb, &we, 1)) {
					vb = wb;
					ve = we;
					if (comment_word(s, e, &p, &wb, &we, 1) &&
					    comment_word(s, e, &p, &w2b, &w2e, 1)) {
						cb = w2b;
						ce = w2e;
					}
				}
				break;
			}
		}
	} else {
		while (comment_word(s, e, &p, &wb, &we, 1)) {
			words++;
			if (starts_with(s + wb, we - wb, "version=")) {
				vb = wb + 8;
				ve = we;
			} else if (starts_with(s + wb, we - wb, "cipher=")) {
				cb = wb + 7;
				ce = we;
			} else if (words <= 2 && is_tls_version(s + wb, we - wb)) {
				/* V:C:bits[:verify] (Exim, OpenSMTPD, GnuTLS spelling), or
				 * a lone version (Exim before its tls clause) */
				size_t c1 = wb, c2;
				while (c1 < we && s[c1] != ':')
					c1++;
				if (c1 < we) {
					c2 = c1 + 1;
					while (c2 < we && s[c2] != ':')
						c2++;
					if (c2 < we && c2 > c1 + 1) {
						vb = wb;
						ve = c1;
						cb = c1 + 1;
						ce = c2;
						break;
					}
				} else if (comment_word(s, e, &p, &w2b, &w2e, 1) == 0 && words == 1) {
					vb = wb;
					ve = we;
					break;
				}
				break;
			} else if (words >= 2 && vb == 0 && cb == 0) {
				break;
			}
		}
		/* version= alone is not a TLS comment; both are needed */
		if (cb == 0 && ve > vb && s[vb - 1] == '=')
			vb = ve = 0;
	}
	if (ve > vb)
		h->tls_version = span(s, vb, ve);
	if (ce > cb)
		h->tls_cipher = span(s, cb, ce);
}

static int digits_only(const char *s, size_t len)
{
	size_t i;
	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		if (!rcvd_i_is((unsigned char)s[i], RCVD_C_DIGIT))
			return 0;
	return 1;
}

/* Authentication hints, whole comments only. from_side: the comment lies
 * between the FROM clause and BY, where our own "(authenticated as X)"
 * goes. */
static RCVD_I_INLINE void auth_comment(const char *s, struct rcvd_hop *hop, size_t b, size_t e, int from_side)
{
	size_t len = e - b, p, wb, we;

	if (hop->auth_hint.ptr != NULL)
		return;
	if (starts_with(s + b, len, "authenticated bits=") && digits_only(s + b + 19, len - 19)) {
		hop->auth_hint = span(s, b, e);
	} else if (starts_with(s + b, len, "authenticated (") && len > 21 &&
	           starts_with(s + e - 6, 6, " bits)") && digits_only(s + b + 15, len - 21)) {
		hop->auth_hint = span(s, b, e);
	} else if (starts_with(s + b, len, "authenticated sender:") || starts_with(s + b, len, "auth:")) {
		hop->auth_hint = span(s, b, e);
	} else if (from_side && starts_with(s + b, len, "authenticated as") && len > 17 &&
	           role((unsigned char)s[b + 16], B_WS)) {
		p = b + 17;
		if (comment_word(s, e, &p, &wb, &we, 0) && !comment_word(s, e, &p, &wb, &we, 0))
			hop->auth_hint = span(s, b, e);
	}
}

/* The words that open a greeting inside a FROM comment: "(HELO x)"
 * (qmail, CommuniGate), "(EHLO x)", "(hello x)". */
static RCVD_I_INLINE int greeting_word(const char *s, size_t len)
{
	return (len == 4 && (eq_word(s, len, "helo") || eq_word(s, len, "ehlo") ||
	                     eq_word(s, len, "lhlo"))) ||
	       eq_word(s, len, "hello");
}

/* The comment(s) after the FROM name: TCP-info and what writers add. */
static RCVD_I_INLINE void from_comment(struct reader *r, size_t b, size_t e, int first)
{
	const char *s = r->s;
	struct rcvd_hop *h = r->hop;
	size_t p = b, wb, we, prevb = 0, preve = 0, ab, ae;
	int words = 0, have_prev = 0, saw_addr = 0, bare_here = 0;

	while (comment_word(s, e, &p, &wb, &we, 1)) {
		words++;
		if (greeting_word(s + wb, we - wb)) {
			size_t save = p;
			if (comment_word(s, e, &p, &wb, &we, 1)) {
				if (h->helo.ptr == NULL)
					h->helo = span(s, wb, we);
			} else {
				p = save;
			}
			have_prev = 0;
			continue;
		}
		if (starts_with(s + wb, we - wb, "helo=")) {
			if (we > wb + 5 && h->helo.ptr == NULL)
				h->helo = span(s, wb + 5, we);
			if (first && words == 2 && saw_addr && s[b] == '[')
				r->exim = 1;
			have_prev = 0;
			continue;
		}
		{
			/* a bracket anywhere in the word: [addr], rdns[addr], x@[addr] */
			size_t q = wb;
			while (q < we && s[q] != '[')
				q++;
			if (q < we && bracket_addr(s, q, we, &ab, &ae)) {
				saw_addr = 1;
				/* the literal is the address, also after a bare one
				 * in the same comment: "(19.0.4.22 [192.0.2.1])" is a
				 * PTR name that looks like an address, then the
				 * address (RFC 5321 TCP-info) */
				if (h->from_addr.ptr == NULL || bare_here)
					h->from_addr = span(s, ab, ae);
				bare_here = 0;
				if (h->from_rdns.ptr == NULL) {
					size_t rb = wb, re = q;
					if (re > rb && s[rb] == '<' && s[re - 1] == '>') {
						rb++;
						re--;
					}
					if (re > rb && is_hostname(s + rb, re - rb))
						h->from_rdns = span(s, rb, re);
					else if (re == rb && have_prev && is_hostname(s + prevb, preve - prevb))
						h->from_rdns = span(s, prevb, preve);
				}
				have_prev = 0;
				continue;
			}
			if (q + 2 < we && q == wb && have_prev && words == 2 && h->from_rdns.ptr == NULL &&
			    is_hostname(s + prevb, preve - prevb) && has_alpha(s + prevb, preve - prevb)) {
				/* "(name [local])": a name with no address */
				h->from_rdns = span(s, prevb, preve);
				have_prev = 0;
				continue;
			}
		}
		{
			/* qmail: "(ident@a.b.c.d)", the ident being the client's */
			size_t at = we;
			while (at > wb && s[at - 1] != '@')
				at--;
			if (at > wb && at < we && bare_addr(s, at, we, &ae)) {
				saw_addr = 1;
				if (h->from_addr.ptr == NULL)
					h->from_addr = span(s, at, ae);
				have_prev = 0;
				continue;
			}
		}
		if (bare_addr(s, wb, we, &ae)) {
			saw_addr = 1;
			if (h->from_addr.ptr == NULL) {
				h->from_addr = span(s, wb, ae);
				bare_here = 1;
			}
			have_prev = 1;
			prevb = wb;
			preve = we;
			continue;
		}
		have_prev = 1;
		prevb = wb;
		preve = we;
	}
	/* "(name)" alone: a reverse-DNS name without an address */
	if (words == 1 && !saw_addr && have_prev && h->from_rdns.ptr == NULL) {
		size_t i;
		for (i = prevb; i < preve && s[i] != '.'; i++)
			;
		if (i < preve && is_hostname(s + prevb, preve - prevb))
			h->from_rdns = span(s, prevb, preve);
	}
}

/* An address in the comment right after the BY name. */
static RCVD_I_INLINE void by_comment(struct reader *r, size_t b, size_t e)
{
	const char *s = r->s;
	size_t p = b, wb, we, ab, ae;

	while (comment_word(s, e, &p, &wb, &we, 0)) {
		if (bracket_addr(s, wb, we, &ab, &ae)) {
			r->hop->by_addr = span(s, ab, ae);
			return;
		}
		if (bare_addr(s, wb, we, &ae)) {
			r->hop->by_addr = span(s, wb, ae);
			return;
		}
	}
}

static void strip_angles(const char *s, size_t *b, size_t *e)
{
	if (*e - *b >= 2 && s[*b] == '<' && s[*e - 1] == '>') {
		(*b)++;
		(*e)--;
	} else if (*e > *b && s[*b] == '<') {
		(*b)++;
	}
}

static void set_clause(struct reader *r, enum clause k, size_t b, size_t e)
{
	struct rcvd_hop *h = r->hop;
	const char *s = r->s;
	size_t i;

	/* "by host, id X": a comma never belongs to the value */
	if (e > b + 1 && s[e - 1] == ',')
		e--;
	switch (k) {
	case K_FROM:
		h->from_name = span(s, b, e);
		break;
	case K_BY:
		h->by_name = span(s, b, e);
		break;
	case K_VIA:
		h->via = span(s, b, e);
		break;
	case K_WITH:
		h->with = span(s, b, e);
		/* "ESMTP/TLS/cipher" (a German provider's form) */
		for (i = b; i + 5 < e; i++)
			if (s[i] == '/' && starts_with(s + i, e - i, "/tls/")) {
				if (h->tls_cipher.ptr == NULL)
					h->tls_cipher = span(s, i + 5, e);
				break;
			}
		break;
	case K_ID:
		h->id = span(s, b, e);
		break;
	case K_FOR:
		strip_angles(s, &b, &e);
		h->for_mailbox = span(s, b, e);
		break;
	case K_TLS:
		h->tls_clause = span(s, b, e);
		break;
	default:
		break;
	}
}

static void add_comment(struct rcvd_hop *h, const char *s, size_t b, size_t e)
{
	if (h->ncomments < RCVD_HOP_COMMENTS)
		h->comments[h->ncomments++] = span(s, b, e);
	else
		h->flags |= RCVD_H_COMMENTS_CUT;
}

/* "from [addr] (helo=x)": when no TCP-info gave an address, a FROM name
 * that is an address literal ("[a]", "[IPv6:a]", "[a]:port") is the
 * client's address -- Exim writes it so when there is no reverse DNS. */
static void name_literal_addr(const char *s, struct rcvd_hop *h)
{
	size_t b = (size_t)(h->from_name.ptr - s), e = b + h->from_name.len, q = b, ab, ae;

	if (s[b] != '[')
		return;
	while (q < e && s[q] != ']')
		q++;
	if (q >= e || (q + 1 < e && (s[q + 1] != ':' || !digits_only(s + q + 2, e - q - 2))))
		return;
	if (bracket_addr(s, b, q + 1, &ab, &ae))
		h->from_addr = span(s, ab, ae);
}

/* The name "Received" and its colon at the start; returns the index after
 * the colon, or 0 when the name is absent. */
static size_t name_end(const char *s, size_t n)
{
	size_t p = 0;
	while (p < n && (s[p] == ' ' || s[p] == '\t'))
		p++;
	if (n - p < 9 || !starts_with(s + p, n - p, "received"))
		return 0;
	p += 8;
	while (p < n && (s[p] == ' ' || s[p] == '\t'))
		p++;
	if (p < n && s[p] == ':')
		return p + 1;
	return 0;
}

/* 1 when c[k..clen) is white space then a bracketed word ending the
 * comment. */
static int literal_rest(const char *c, size_t clen, size_t k)
{
	size_t i = k;

	while (i < clen && (c[i] == ' ' || c[i] == '\t' || c[i] == '\r' || c[i] == '\n'))
		i++;
	return i > k && i < clen && c[i] == '[' && c[clen - 1] == ']' &&
	       memchr(c + i, ' ', clen - i) == NULL && memchr(c + i, '\t', clen - i) == NULL;
}

/* 1 when a FROM comment's inside c[0..clen) is "NAME [LITERAL]": one word
 * that is_hostname() takes for a reverse-DNS name, white space, and a
 * bracketed word that ends the comment. That is RFC 5321 TCP-info (Domain
 * FWS address-literal), the reverse-DNS name and the client's address,
 * whatever the name says: even a name that opens another writer's
 * comment, "(using [192.0.2.1])" (Postfix's TLS comment begins "using")
 * or "(authenticated [192.0.2.1])", says nothing of TLS or
 * authentication. The greeting words stay out: qmail writes
 * "(HELO [10.0.0.1]) (192.0.2.1)", where the literal is what the client
 * said and its address comes next (our composer writes no rDNS that is a
 * greeting word). */
static int tcp_info_shape(const char *c, size_t clen)
{
	size_t k;

	if (clen < 4 || c[clen - 1] != ']')
		return 0;
	k = run_until(c, 0, clen, B_WS | B_OPEN);
	return is_hostname(c, k) && !greeting_word(c, k) && literal_rest(c, clen, k);
}

/* A comment of the clause part; b/e are its inside. Kept out of
 * read_clauses() (into which next_tok() and clause_tok() are inlined) so
 * that the deep readers below start from a small frame. */
static RCVD_I_NOINLINE void comment_tok(struct reader *r, size_t b, size_t e)
{
	const char *field = r->s;
	struct rcvd_hop *hop = r->hop;
	const char *c = field + b;
	size_t clen = e - b;
	unsigned char c0 = clen > 0 ? rcvd_i_lower((unsigned char)c[0]) : 0;
	/* Of the comments of that shape, only those opening with "u" or "a"
	 * ("using", "authenticated") could be taken by the TLS and
	 * authentication readers below; the rest reach from_comment anyway. */
	int tcp_info = r->region == K_FROM && (c0 == 'u' || c0 == 'a') && tcp_info_shape(c, clen);

	add_comment(hop, field, b, e);
	if (!tcp_info) {
		tls_comment(field, hop, b, e);
		if (c0 == 'a')
			auth_comment(field, hop, b, e, r->region == K_FROM);
	}
	if (r->region == K_FROM &&
	    (tcp_info ||
	     /* not the openings of the TLS and authentication comments above
	      * (the word "authenticated", not a name that begins so) */
	     (!(c0 == 'u' && starts_with(c, clen, "using ")) &&
	      !(c0 == 'a' && (starts_with(c, clen, "auth:") ||
	                      (starts_with(c, clen, "authenticated") &&
	                       (clen == 13 || c[13] == ' ' || c[13] == '\t')))) &&
	      !(c0 == 't' && starts_with(c, clen, "tls:")) &&
	      !(c0 == 's' && starts_with(c, clen, "ssl:"))))) {
		from_comment(r, b, e, r->nfrom_comments == 0 && r->after_value);
		r->nfrom_comments++;
	} else if (r->region == K_BY && r->after_value && hop->by_addr.ptr == NULL) {
		by_comment(r, b, e);
	} else if (r->region != K_FROM && c0 == 'h' && hop->helo.ptr == NULL &&
	           starts_with(c, clen, "helo=")) {
		/* our own "(helo=ENCODED)" after BY: one token */
		size_t p = b + 5, wb, we;
		if (comment_word(field, e, &p, &wb, &we, 0) &&
		    !comment_word(field, e, &p, &wb, &we, 0) && clen > 5)
			hop->helo = span(field, b + 5, e);
	}
	if (r->region == K_BY)
		r->after_value = 0;
	r->want = K_NONE;
}

/* One token of the clause part (before the last ";"); b/e of a comment
 * are its inside. */
static RCVD_I_INLINE void clause_tok(struct reader *r, enum tok_kind kind, size_t b, size_t e)
{
	const char *field = r->s;
	struct rcvd_hop *hop = r->hop;

	if (kind == T_SEMI) {
		r->want = K_NONE;
		r->after_value = 0;
		return;
	}
	/* a word */
	{
		enum clause k = keyword_of(field + b, e - b);
		int fresh = k != K_NONE && !(r->seen & (1u << k)) && (k != K_FROM || r->first);

		r->first = 0;
		if (r->want != K_NONE && !fresh) {
			set_clause(r, r->want, b, e);
			r->want = K_NONE;
			r->after_value = 1;
			return;
		}
		if (fresh) {
			r->seen |= 1u << k;
			r->found = 1;
			r->region = k;
			r->want = k;
			r->after_value = 0;
			return;
		}
		r->after_value = 0;
		if (eq_word(field + b, e - b, "auth=yes") && hop->auth_hint.ptr == NULL)
			hop->auth_hint = span(field, b, e);
		if (field[b] == '[' && (r->region == K_FROM || r->region == K_BY)) {
			size_t ab, ae, q = b;
			while (q < e && field[q] != ']')
				q++;
			if (q < e && bracket_addr(field, b, q + 1, &ab, &ae)) {
				if (r->region == K_FROM && hop->from_addr.ptr == NULL)
					hop->from_addr = span(field, ab, ae);
				else if (r->region == K_BY && hop->by_addr.ptr == NULL)
					hop->by_addr = span(field, ab, ae);
			}
		}
	}
}

/* From p on: the index of the next ";" outside comments and quoted runs,
 * or n -- where the tokens from p would next give a ";" or end. */
static size_t semi_scan(const char *s, size_t n, size_t p)
{
	int closed;

	for (;;) {
		p = run_until(s, p, n, B_OPEN | B_SEMI | B_QUOTE);
		if (p >= n || s[p] == ';')
			return p;
		if (s[p] == '(')
			p = comment_end(s, n, p, &closed);
		else
			p = quoted_end(s, n, p);
	}
}

/* The lenient reading of everything before the date: every token up to
 * the first ";" at once, and the tokens between two ";" once the later
 * one has shown that they are not the date. Kept out of rcvd_parse() so
 * that its frame is gone when the date is read. Returns 1 when a clause
 * was found; hop->error_offset holds the last ";" + 1 (0: none) for
 * read_date(). */
static RCVD_I_NOINLINE int read_clauses(const char *field, size_t n, size_t start,
                                       struct rcvd_hop *hop)
{
	struct reader r;
	struct tok t;
	size_t pos = start, last = 0, lim = n, resume = 0;
	int have_semi = 0;

	memset(&r, 0, sizeof r);
	r.s = field;
	r.n = n;
	r.hop = hop;
	r.first = 1;
	r.region = r.want = K_NONE;
	/* replay: the tokens between the last two ";" are read again, up to
	 * lim, after which the walk resumes at resume */
	for (;;) {
		next_tok(field, lim, &pos, &t);
		if (t.kind == T_END) {
			if (lim == n)
				break;
			lim = n;
			pos = resume;
			continue;
		}
		if (t.kind == T_SEMI && lim == n) {
			size_t prev = last;

			last = t.b;
			if (!have_semi) {
				have_semi = 1;
				continue;
			}
			/* the ";" before is not the date's: it, then what
			 * follows it up to this one */
			t.b = prev;
			t.e = prev + 1;
			resume = last + 1;
			lim = last;
			pos = prev + 1;
		} else if (have_semi && lim == n) {
			/* after a ";" only the next ";" matters: skip to it, over
			 * comments and quoted runs, as the tokens would */
			pos = semi_scan(field, n, t.e);
			continue;
		}
		if (t.kind == T_COMMENT)
			comment_tok(&r, t.b, t.e);
		else
			clause_tok(&r, t.kind, t.b, t.e);
	}
	/* the last ";" + 1, or 0 when there is none, for read_date() */
	hop->error_offset = have_semi ? last + 1 : 0;
	if (!r.found)
		return 0;

	if (hop->from_addr.ptr == NULL && hop->from_name.ptr != NULL)
		name_literal_addr(field, hop);

	/* Exim: "from NAME ([addr] helo=X)" puts the verified name first */
	if (r.exim && hop->from_rdns.ptr == NULL && hop->from_name.ptr != NULL &&
	    is_hostname(hop->from_name.ptr, hop->from_name.len))
		hop->from_rdns = hop->from_name;
	return 1;
}

/* The comments after the date, e.g. "(UTC)", from pos on. */
static RCVD_I_NOINLINE void read_trailer(const char *field, size_t n, struct rcvd_hop *hop,
                                        size_t pos)
{
	struct tok t;

	for (;;) {
		next_tok(field, n, &pos, &t);
		if (t.kind == T_END)
			break;
		if (t.kind == T_COMMENT) {
			add_comment(hop, field, t.b, t.e);
			tls_comment(field, hop, t.b, t.e);
			auth_comment(field, hop, t.b, t.e, 0);
		}
	}
}

/* The date after the last ";" and the comments after it, the strict
 * verdict from the grammar's date on, the flags. err/at: what
 * rcvd_i_strict_head() said (err NULL: the date at at); hop->error_offset:
 * the reading's last ";" + 1, 0 when there is none (read_clauses()). The
 * date is read once when the two ";" are the same. */
static RCVD_I_NOINLINE void finish(const char *field, size_t n, struct rcvd_hop *hop,
                                  const char *err, size_t at)
{
	struct rcvd_i_date d;
	size_t last_semi = hop->error_offset, pos = 0;

	if (last_semi != 0) {
		pos = last_semi;
		rcvd_i_date_read(field, n, pos, &d);
		if (d.ok) {
			hop->date = span(field, d.begin, d.end);
			hop->epoch = d.epoch;
			hop->offset = d.offset;
			hop->flags |= RCVD_H_DATE;
			if (d.zone_unknown)
				hop->flags |= RCVD_H_ZONE_UNKNOWN;
			if (d.obsolete)
				hop->flags |= RCVD_H_DATE_OBSOLETE;
			pos = d.end;
		}
	}
	if (err == NULL) {
		size_t date_at = at, semi = at;

		/* the grammar's ";": white space only between it and its date */
		while (semi > 0 && (field[semi - 1] == ' ' || field[semi - 1] == '\t' ||
		                    field[semi - 1] == '\r' || field[semi - 1] == '\n'))
			semi--;
		if (last_semi == 0 || semi != last_semi)
			rcvd_i_date_read(field, n, date_at, &d);
		if (d.error != NULL) {
			err = d.error;
			at = d.error_at;
		} else if (!d.ok) {
			err = "invalid date";
			at = date_at;
		} else {
			err = rcvd_i_strict_tail(field, n, d.end, &at);
		}
	}
	if (last_semi != 0)
		read_trailer(field, n, hop, pos);

	if ((hop->flags & RCVD_H_WITH_KNOWN) && (hop->with_flags & RCVD_TLS))
		hop->flags |= RCVD_H_TLS;
	if (hop->tls_clause.ptr != NULL || hop->tls_version.ptr != NULL || hop->tls_cipher.ptr != NULL)
		hop->flags |= RCVD_H_TLS;
	if ((hop->flags & RCVD_H_WITH_KNOWN) && (hop->with_flags & RCVD_AUTH))
		hop->flags |= RCVD_H_AUTH;
	if (hop->auth_hint.ptr != NULL)
		hop->flags |= RCVD_H_AUTH;

	if (err == NULL) {
		hop->flags |= RCVD_H_STRICT;
		hop->error = NULL;
		hop->error_offset = 0;
	} else {
		hop->error = err;
		hop->error_offset = at;
	}
}

int rcvd_parse(const char *field, size_t n, struct rcvd_hop *hop, unsigned flags)
{
	size_t start, at = 0;
	const char *err;

	(void)flags;
	if (hop == NULL || (field == NULL && n > 0))
		return RCVD_E_ARG;
	if (hop->size != sizeof *hop) {
		/* only the full struct is filled in this version; a hop with
		 * size 0 is set up here, one from rcvd_hop_init() as it is */
		if (hop->size != 0 && hop->size < sizeof *hop)
			return RCVD_E_ARG;
		rcvd_hop_init(hop);
	}
	hop->error = "not a Received field";
	if (field == NULL)
		return RCVD_E_SYNTAX;

	start = name_end(field, n);
	/* another header field's name: not ours to read */
	if (start == 0) {
		size_t k = 0;
		while (k < n && field[k] > ' ' && field[k] < 0x7F && field[k] != ':' && field[k] != '(')
			k++;
		if (k > 0 && k < n && field[k] == ':')
			return RCVD_E_SYNTAX;
	}

	if (!read_clauses(field, n, start, hop)) {
		hop->error_offset = 0;
		return RCVD_E_SYNTAX;
	}
	if (hop->with.ptr != NULL &&
	    rcvd_keyword_decode(hop->with.ptr, hop->with.len, &hop->with_greeting,
	                        &hop->with_flags) == RCVD_OK)
		hop->flags |= RCVD_H_WITH_KNOWN;
	err = rcvd_i_strict_head(field, n, start, start != 0, &at);
	finish(field, n, hop, err, at);
	return RCVD_OK;
}
