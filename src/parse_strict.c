/*
 * parse_strict.c -- the strict verdict: the RFC 5321 4.4 Stamp built from
 * RFC 5322 tokens, obsolete forms excluded (SPEC.md section 2).
 *
 * One walk of its own over the field, apart from the lenient reading
 * (parse.c): the line rules first (998 octets, folds followed by white
 * space, no line of white space only, CR only before LF, no NUL), then the
 * grammar, a fold read as plain white space, up to the date, which the
 * caller reads (once for both, when the reading's last ";" is the
 * grammar's) before rcvd_i_strict_tail(). No recursion: nested comments
 * are counted, not descended.
 */
#include <stdint.h>
#include <string.h>

#include "parse_int.h"

struct st {
	const char *s;
	size_t n;
	size_t p;
	const char *err;
	size_t at;
};

static int bad(struct st *t, const char *why, size_t at)
{
	if (t->err == NULL) {
		t->err = why;
		t->at = at;
	}
	return 0;
}

/* SP, HTAB, CR, LF: one load a byte */
static const unsigned char strict_ws[256] = {['\t'] = 1, ['\n'] = 1, ['\r'] = 1, [' '] = 1};

static RCVD_I_INLINE int strict_is_ws(unsigned char c)
{
	return strict_ws[c];
}

/* The first index from p (p <= n) on whose byte is not of class cls, or
 * n; unrolled by four: a load and a table test a byte. */
static RCVD_I_INLINE size_t class_run(const unsigned char *s, size_t p, size_t n, unsigned cls)
{
	while (n - p >= 4) {
		if (!rcvd_i_is(s[p], cls))
			return p;
		if (!rcvd_i_is(s[p + 1], cls))
			return p + 1;
		if (!rcvd_i_is(s[p + 2], cls))
			return p + 2;
		if (!rcvd_i_is(s[p + 3], cls))
			return p + 3;
		p += 4;
	}
	while (p < n && rcvd_i_is(s[p], cls))
		p++;
	return p;
}

/* Length of one valid UTF-8 sequence at s[p], 0 if none. */
static size_t utf8_len(const char *s, size_t n, size_t p)
{
	unsigned char c = (unsigned char)s[p];
	size_t k, len;
	unsigned cp;

	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		cp = c & 0x1Fu;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		cp = c & 0x0Fu;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		cp = c & 0x07u;
	} else {
		return 0;
	}
	if (n - p < len)
		return 0;
	for (k = 1; k < len; k++) {
		unsigned char x = (unsigned char)s[p + k];
		if ((x & 0xC0u) != 0x80u)
			return 0;
		cp = (cp << 6) | (x & 0x3Fu);
	}
	if ((len == 3 && (cp < 0x800u || (cp >= 0xD800u && cp <= 0xDFFFu))) ||
	    (len == 4 && (cp < 0x10000u || cp > 0x10FFFFu)))
		return 0;
	return len;
}

size_t rcvd_i_utf8_len(const char *s, size_t n, size_t p)
{
	return utf8_len(s, n, p);
}

static size_t skip_ws(struct st *t)
{
	const unsigned char *s = (const unsigned char *)t->s;
	size_t b = t->p, p = b, n = t->n;

	while (p < n && strict_is_ws(s[p]))
		p++;
	t->p = p;
	return p - b;
}

/* One comment at t->p == '(' with balanced nesting, strict content. */
static int comment(struct st *t)
{
	const unsigned char *s = (const unsigned char *)t->s;
	size_t depth = 0, p = t->p, n = t->n;

	for (;;) {
		unsigned char c;

		/* the common bytes first: ctext and SP/HTAB share no byte with
		 * the cases below */
		p = class_run(s, p, n, RCVD_C_CTEXT | RCVD_C_WSP);
		if (p >= n)
			break;
		c = s[p];
		if (c == '(') {
			depth++;
			p++;
		} else if (c == ')') {
			p++;
			if (--depth == 0) {
				t->p = p;
				return 1;
			}
		} else if (c == '\\') {
			t->p = p;
			if (p + 1 >= n)
				return bad(t, "backslash at the end of a comment", p);
			if (!rcvd_i_is(s[p + 1], RCVD_C_VCHAR | RCVD_C_WSP))
				return bad(t, "invalid quoted-pair in a comment", p);
			p += 2;
		} else if (c == '\r' || c == '\n') {
			p++;
		} else if (c >= 0x80) {
			size_t k = utf8_len(t->s, n, p);
			if (k == 0) {
				t->p = p;
				return bad(t, "invalid UTF-8 in a comment", p);
			}
			p += k;
		} else {
			t->p = p;
			return bad(t, "invalid byte in a comment", p);
		}
	}
	t->p = p;
	return bad(t, "unbalanced parenthesis", n);
}

/* CFWS: returns 1 when at least one white space or comment was present. */
static int cfws(struct st *t, int *ok)
{
	int any = 0;
	*ok = 1;
	for (;;) {
		if (skip_ws(t) > 0)
			any = 1;
		if (t->p < t->n && t->s[t->p] == '(') {
			any = 1;
			if (!comment(t)) {
				*ok = 0;
				return any;
			}
			continue;
		}
		return any;
	}
}

/* Domain or (when utf8) U-labels: the run of name bytes at t->p. */
static size_t name_run(const struct st *t, size_t p)
{
	size_t e = p;
	while (e < t->n) {
		unsigned char c = (unsigned char)t->s[e];
		if (rcvd_i_is(c, RCVD_C_ALPHA | RCVD_C_DIGIT) || c == '-' || c == '.' || c >= 0x80)
			e++;
		else
			break;
	}
	return e - p;
}

/* What an ASCII byte is to a name: 1 letter or digit, 2 "-", 3 ".". */
static const unsigned char name_cls[128] = {
	['-'] = 2, ['.'] = 3,
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
	['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
	['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
	['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
	['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
	['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
	['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
	['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

/* name_run(t, p) and, in *ok, rcvd_i_domain_ok() of that run with U-labels
 * allowed: for ASCII in the same pass (labels of 1..63 letters, digits and
 * hyphens, no hyphen at either end, 255 octets at most), with 8-bit bytes
 * by the two calls. */
static size_t domain_run(const struct st *t, size_t p, int *ok)
{
	const unsigned char *s = (const unsigned char *)t->s;
	size_t e = p, n = t->n, lab = p, k;
	int good = 1;

	for (;; e++) {
		unsigned c;

		e = class_run(s, e, n, RCVD_C_ALPHA | RCVD_C_DIGIT);
		c = e >= n ? 0u : s[e] >= 0x80 ? 4u : name_cls[s[e]];
		if (c == 2) {
			if (e == lab)
				good = 0;
			continue;
		}
		if (c == 4) {
			k = name_run(t, p);
			*ok = rcvd_i_domain_ok(t->s + p, k, 1);
			return k;
		}
		/* a label ends at "." or at the end of the run */
		if (e == lab || e - lab > 63 || s[e - 1] == '-')
			good = 0;
		if (c == 0)
			break;
		lab = e + 1;
	}
	k = e - p;
	*ok = good && k > 0 && k <= 255;
	return k;
}

static size_t literal_run(const struct st *t, size_t p)
{
	size_t e = p + 1;
	while (e < t->n && t->s[e] != ']' && t->s[e] != '[' && !strict_is_ws((unsigned char)t->s[e]))
		e++;
	if (e < t->n && t->s[e] == ']')
		return e + 1 - p;
	return 0;
}

/* Extended-Domain without TCP-info; sets *literal. */
static int ext_name(struct st *t, int *literal, const char *what)
{
	size_t k;
	int ok;

	*literal = 0;
	if (t->p < t->n && t->s[t->p] == '[') {
		k = literal_run(t, t->p);
		if (k == 0 || !rcvd_i_literal_ok(t->s + t->p, k))
			return bad(t, "invalid address literal", t->p);
		*literal = 1;
		t->p += k;
		return 1;
	}
	k = domain_run(t, t->p, &ok);
	if (k == 0)
		return bad(t, what, t->p);
	if (!ok)
		return bad(t, "invalid domain name", t->p);
	t->p += k;
	return 1;
}

/* "(" TCP-info ")" at p, without moving unless it matches. */
static size_t tcp_info(const struct st *t, size_t p)
{
	size_t k;
	int ok;
	if (p >= t->n || t->s[p] != '(')
		return 0;
	p++;
	if (p < t->n && t->s[p] != '[') {
		k = domain_run(t, p, &ok);
		if (k == 0 || !ok)
			return 0;
		p += k;
		if (p >= t->n || !strict_is_ws((unsigned char)t->s[p]))
			return 0;
		while (p < t->n && strict_is_ws((unsigned char)t->s[p]))
			p++;
	}
	if (p >= t->n || t->s[p] != '[')
		return 0;
	k = literal_run(t, p);
	if (k == 0 || !rcvd_i_literal_ok(t->s + p, k))
		return 0;
	p += k;
	if (p >= t->n || t->s[p] != ')')
		return 0;
	return p + 1;
}

static RCVD_I_INLINE int extended_domain(struct st *t, const char *what)
{
	int literal;
	size_t save, e;

	if (!ext_name(t, &literal, what))
		return 0;
	save = t->p;
	skip_ws(t);
	if (t->p > save && (e = tcp_info(t, t->p)) != 0) {
		t->p = e;
		return 1;
	}
	t->p = save;
	if (literal)
		return bad(t, "address literal without TCP-info", save);
	return 1;
}

static size_t atom_run(const struct st *t, size_t p)
{
	const unsigned char *s = (const unsigned char *)t->s;
	size_t e = p, n = t->n, k;

	for (;;) {
		e = class_run(s, e, n, RCVD_C_ATEXT);
		if (e < n && s[e] >= 0x80 && (k = utf8_len(t->s, n, e)) > 0)
			e += k;
		else
			return e - p;
	}
}

/* lower: a clause name, letters only, so that OR 0x20 folds the case */
static RCVD_I_INLINE int word_is(const struct st *t, size_t p, size_t k, const char *lower)
{
	size_t i;

	if (k != strlen(lower))
		return 0;
	for (i = 0; i < k; i++)
		if ((unsigned char)(t->s[p + i] | 0x20) != (unsigned char)lower[i])
			return 0;
	return 1;
}

static size_t quoted_run(const struct st *t, size_t p)
{
	size_t e = p + 1;
	while (e < t->n) {
		unsigned char c = (unsigned char)t->s[e];
		if (c == '"')
			return e + 1 - p;
		if (c == '\\') {
			if (e + 1 >= t->n)
				return 0;
			e += 2;
			continue;
		}
		if (c < 0x20 && c != '\t')
			return 0;
		if (c == 0x7F)
			return 0;
		if (c >= 0x80) {
			/* RFC 6532: 8-bit text only as well-formed UTF-8 */
			size_t k = utf8_len(t->s, t->n, e);
			if (k == 0)
				return 0;
			e += k;
			continue;
		}
		e++;
	}
	return 0;
}

/* dot-atom-text */
static size_t dot_atom_run(const struct st *t, size_t p)
{
	size_t e = p, k;
	for (;;) {
		k = atom_run(t, e);
		if (k == 0)
			return 0;
		e += k;
		if (e < t->n && t->s[e] == '.' && e + 1 < t->n) {
			e++;
			continue;
		}
		return e - p;
	}
}

/* Mailbox = Local-part "@" ( Domain / address-literal ) */
static size_t mailbox_run(const struct st *t, size_t p)
{
	int ok;
	size_t e = p, k;
	if (e < t->n && t->s[e] == '"')
		k = quoted_run(t, e);
	else
		k = dot_atom_run(t, e);
	/* RFC 5321 4.5.3.1.1: a local part is at most 64 octets */
	if (k == 0 || k > 64)
		return 0;
	e += k;
	if (e >= t->n || t->s[e] != '@')
		return 0;
	e++;
	if (e < t->n && t->s[e] == '[') {
		k = literal_run(t, e);
		if (k == 0 || !rcvd_i_literal_ok(t->s + e, k))
			return 0;
	} else {
		k = domain_run(t, e, &ok);
		if (k == 0 || !ok)
			return 0;
	}
	return e + k - p;
}

static size_t path_run(const struct st *t, size_t p)
{
	int ok;
	size_t e = p + 1, k;
	if (p >= t->n || t->s[p] != '<')
		return 0;
	/* A-d-l: "@" Domain *( "," "@" Domain ) ":" */
	if (e < t->n && t->s[e] == '@') {
		for (;;) {
			e++;
			k = domain_run(t, e, &ok);
			if (k == 0 || !ok)
				return 0;
			e += k;
			if (e < t->n && t->s[e] == ',' && e + 1 < t->n && t->s[e + 1] == '@') {
				e++;
				continue;
			}
			break;
		}
		if (e >= t->n || t->s[e] != ':')
			return 0;
		e++;
	}
	k = mailbox_run(t, e);
	if (k == 0)
		return 0;
	e += k;
	if (e >= t->n || t->s[e] != '>')
		return 0;
	/* RFC 5321 4.5.3.1.3: a path is at most 256 octets */
	if (e + 1 - p > 256)
		return 0;
	return e + 1 - p;
}

static size_t msg_id_run(const struct st *t, size_t p)
{
	size_t e = p + 1, k;
	if (p >= t->n || t->s[p] != '<')
		return 0;
	k = dot_atom_run(t, e);
	if (k == 0)
		return 0;
	e += k;
	if (e >= t->n || t->s[e] != '@')
		return 0;
	e++;
	if (e < t->n && t->s[e] == '[') {
		/* no-fold-literal */
		size_t b = e;
		e++;
		while (e < t->n && t->s[e] != ']' && rcvd_i_is((unsigned char)t->s[e], RCVD_C_VCHAR) &&
		       t->s[e] != '[' && t->s[e] != '\\')
			e++;
		if (e >= t->n || t->s[e] != ']')
			return 0;
		e++;
		(void)b;
	} else {
		k = dot_atom_run(t, e);
		if (k == 0)
			return 0;
		e += k;
	}
	if (e >= t->n || t->s[e] != '>')
		return 0;
	return e + 1 - p;
}

static size_t tls_cipher_run(const struct st *t, size_t p)
{
	size_t e = p;
	if (p + 6 <= t->n && t->s[p] == '0' && (t->s[p + 1] == 'x' || t->s[p + 1] == 'X')) {
		size_t i;
		for (i = 2; i < 6; i++)
			if (!rcvd_i_is((unsigned char)t->s[p + i], RCVD_C_HEX))
				return 0;
		return 6;
	}
	if (e >= t->n || !rcvd_i_is((unsigned char)t->s[e], RCVD_C_ALPHA))
		return 0;
	while (e < t->n && (rcvd_i_is((unsigned char)t->s[e], RCVD_C_ALPHA | RCVD_C_DIGIT) ||
	                    t->s[e] == '_'))
		e++;
	return e - p;
}

/* After a token, the next byte must end it: white space, "(", ";" or the
 * end. Anything else means the token itself was malformed. */
static int token_end(struct st *t, const char *why)
{
	if (t->p >= t->n)
		return 1;
	{
		unsigned char c = (unsigned char)t->s[t->p];
		if (strict_is_ws(c) || c == '(' || c == ';')
			return 1;
	}
	return bad(t, why, t->p);
}

/* The line rules, over the whole field. */
static int lines(struct st *t)
{
	size_t i, line_start = 0, n = t->n;
	int brk = 0; /* 1: LF, 2: CRLF; one field uses one kind */

	/* A single final line break ends the field and is not a fold. */
	if (n > 0 && t->s[n - 1] == '\n') {
		n--;
		if (n > 0 && t->s[n - 1] == '\r')
			n--;
	}
	/* Without NUL and CR in the field (the usual case), only LF has a
	 * rule: the library's memchr finds each one. Else the walk below. */
	if (memchr(t->s, '\r', t->n) == NULL && memchr(t->s, 0, t->n) == NULL) {
		const char *lf;

		for (i = 0; (lf = memchr(t->s + i, '\n', n - i)) != NULL; i++) {
			size_t len, j;

			i = (size_t)(lf - t->s);
			len = i - line_start;
			if (len > 998)
				return bad(t, "line longer than 998 octets", line_start + 998);
			if (i + 1 >= n || (t->s[i + 1] != ' ' && t->s[i + 1] != '\t'))
				return bad(t, "line break not followed by white space", i + 1);
			for (j = i + 1; j < n && (t->s[j] == ' ' || t->s[j] == '\t'); j++)
				;
			if (j >= n || t->s[j] == '\n')
				return bad(t, "line of white space only", i + 1);
			line_start = i + 1;
		}
		if (n - line_start > 998)
			return bad(t, "line longer than 998 octets", line_start + 998);
		return 1;
	}
	for (i = 0;; i++) {
		unsigned char c;

		/* only NUL, LF and CR (all below 14) have rules: skip the rest
		 * eight bytes at a time while no byte of the eight is below 14
		 * (a borrow test, the same on either byte order), then one
		 * compare a byte */
		while (n - i >= 8) {
			uint64_t x;

			memcpy(&x, t->s + i, 8);
			if (((x - UINT64_C(0x0E0E0E0E0E0E0E0E)) & ~x & UINT64_C(0x8080808080808080)) != 0)
				break;
			i += 8;
		}
		while (i < n && (unsigned char)t->s[i] > '\r')
			i++;
		if (i >= n)
			break;
		c = (unsigned char)t->s[i];
		if (c == '\r' && (i + 1 >= t->n || t->s[i + 1] != '\n'))
			return bad(t, "CR not followed by LF", i);
		if (c == '\n') {
			size_t len = i - line_start;
			size_t j;
			int kind = (i > 0 && t->s[i - 1] == '\r') ? 2 : 1;
			if (brk != 0 && kind != brk)
				return bad(t, "CRLF and LF line breaks mixed", i);
			brk = kind;
			if (len > 0 && t->s[i - 1] == '\r')
				len--;
			if (len > 998)
				return bad(t, "line longer than 998 octets", line_start + 998);
			if (i + 1 >= n || (t->s[i + 1] != ' ' && t->s[i + 1] != '\t'))
				return bad(t, "line break not followed by white space", i + 1);
			for (j = i + 1; j < n && (t->s[j] == ' ' || t->s[j] == '\t'); j++)
				;
			if (j >= n || t->s[j] == '\r' || t->s[j] == '\n')
				return bad(t, "line of white space only", i + 1);
			line_start = i + 1;
		} else if (c == 0) {
			return bad(t, "NUL byte", i);
		}
	}
	if (n - line_start > 998)
		return bad(t, "line longer than 998 octets", line_start + 998);
	/* the final line break is of the same kind as the others */
	if (brk != 0 && n < t->n && ((n + 2 == t->n) ? 2 : 1) != brk)
		return bad(t, "CRLF and LF line breaks mixed", t->n - 1);
	return 1;
}

enum { C_VIA = 1, C_WITH, C_ID, C_FOR, C_MORE };

static int opt_clause(struct st *t, size_t kp, size_t kk, int *rank)
{
	int r;
	size_t k;

	r = C_MORE;
	switch (kk) {
	case 2:
		if (word_is(t, kp, kk, "id"))
			r = C_ID;
		else if (word_is(t, kp, kk, "by"))
			return bad(t, "repeated FROM or BY clause", kp);
		break;
	case 3:
		if (word_is(t, kp, kk, "via"))
			r = C_VIA;
		else if (word_is(t, kp, kk, "for"))
			r = C_FOR;
		break;
	case 4:
		if (word_is(t, kp, kk, "with"))
			r = C_WITH;
		else if (word_is(t, kp, kk, "from"))
			return bad(t, "repeated FROM or BY clause", kp);
		break;
	default:
		break;
	}
	if (r <= *rank)
		return bad(t, "clause out of order or repeated", kp);
	*rank = r;
	t->p = kp + kk;
	if (skip_ws(t) == 0)
		return bad(t, "white space expected after the clause name", t->p);
	switch (r) {
	case C_VIA:
	case C_WITH:
		k = atom_run(t, t->p);
		if (k == 0)
			return bad(t, r == C_VIA ? "VIA needs a link name" : "WITH needs a protocol", t->p);
		t->p += k;
		return token_end(t, "invalid byte in a clause value");
	case C_ID:
		if (t->p < t->n && t->s[t->p] == '<') {
			k = msg_id_run(t, t->p);
			if (k == 0)
				return bad(t, "ID is not a valid msg-id", t->p);
		} else {
			k = atom_run(t, t->p);
			if (k == 0)
				return bad(t, "ID needs an atom or msg-id", t->p);
		}
		t->p += k;
		return token_end(t, "ID is not a valid atom");
	case C_FOR:
		if (t->p < t->n && t->s[t->p] == '<')
			k = path_run(t, t->p);
		else
			k = mailbox_run(t, t->p);
		if (k == 0)
			return bad(t, "FOR is not a valid path or mailbox", t->p);
		t->p += k;
		return token_end(t, "FOR is not a valid path or mailbox");
	default:
		if (word_is(t, kp, kk, "tls")) {
			k = tls_cipher_run(t, t->p);
			if (k == 0)
				return bad(t, "tls clause needs an IANA cipher name", t->p);
		} else if (t->p < t->n && t->s[t->p] == '"') {
			k = quoted_run(t, t->p);
			if (k == 0)
				return bad(t, "unterminated quoted string", t->p);
		} else {
			k = atom_run(t, t->p);
			if (k == 0)
				return bad(t, "clause needs an atom or quoted string", t->p);
		}
		t->p += k;
		return token_end(t, "invalid byte in a clause value");
	}
}

/* The grammar up to the date: 1 with t->p at the date and *semi at the
 * ";" before it, else 0 with the reason in t. */
static RCVD_I_INLINE int strict_clauses(struct st *t_, int named, size_t *semi)
{
	struct st t = *t_;
	const char *s = t.s;
	size_t pos = t.p, k;
	int ok, rank = 0, reached = 0;

	if (!lines(&t))
		goto out;
	if (named) {
		if (s[0] == ' ' || s[0] == '\t') {
			bad(&t, "white space before the field name", 0);
			goto out;
		}
		if (s[pos - 2] == ' ' || s[pos - 2] == '\t') {
			/* obs-optional: WSP between the name and its colon */
			bad(&t, "white space before the colon", pos - 2);
			goto out;
		}
		if (skip_ws(&t) == 0) {
			bad(&t, "white space expected after \"Received:\"", t.p);
			goto out;
		}
	} else {
		skip_ws(&t);
	}
	k = atom_run(&t, t.p);
	if (!word_is(&t, t.p, k, "from")) {
		bad(&t, "missing FROM clause", t.p);
		goto out;
	}
	t.p += k;
	if (skip_ws(&t) == 0) {
		bad(&t, "white space expected after FROM", t.p);
		goto out;
	}
	if (!extended_domain(&t, "FROM needs a domain or address literal"))
		goto out;
	if (!token_end(&t, "invalid byte after the FROM domain"))
		goto out;
	if (!cfws(&t, &ok)) {
		bad(&t, "missing BY clause", t.p);
		goto out;
	}
	if (!ok)
		goto out;
	k = atom_run(&t, t.p);
	if (!word_is(&t, t.p, k, "by")) {
		bad(&t, "missing BY clause", t.p);
		goto out;
	}
	t.p += k;
	if (skip_ws(&t) == 0) {
		bad(&t, "white space expected after BY", t.p);
		goto out;
	}
	if (!extended_domain(&t, "BY needs a domain or address literal"))
		goto out;
	if (!token_end(&t, "invalid byte after the BY domain"))
		goto out;
	for (;;) {
		size_t before = t.p;
		int any = cfws(&t, &ok);
		if (!ok)
			goto out;
		if (t.p >= t.n) {
			bad(&t, "missing \";\" and date", t.p);
			goto out;
		}
		if (t.s[t.p] == ';')
			break;
		if (!any) {
			bad(&t, "white space expected before a clause", before);
			goto out;
		}
		k = atom_run(&t, t.p);
		if (k == 0) {
			bad(&t, "clause name expected", t.p);
			goto out;
		}
		if (!opt_clause(&t, t.p, k, &rank))
			goto out;
	}
	*semi = t.p;
	t.p++;
	if (skip_ws(&t) == 0) {
		bad(&t, "white space expected after \";\"", t.p);
		goto out;
	}
	reached = 1;
out:
	*t_ = t;
	return reached;
}

const char *rcvd_i_strict_head(const char *s, size_t n, size_t pos, int named, size_t *at)
{
	struct st t = {s, n, pos, NULL, 0};
	size_t semi;

	if (!strict_clauses(&t, named, &semi)) {
		*at = t.at;
		return t.err;
	}
	*at = t.p;
	return NULL;
}

const char *rcvd_i_strict_tail(const char *s, size_t n, size_t pos, size_t *at)
{
	struct st t = {s, n, pos, NULL, 0};
	int ok;

	cfws(&t, &ok);
	if (ok && t.p < t.n)
		bad(&t, "text after the date", t.p);
	*at = t.at;
	return t.err;
}
