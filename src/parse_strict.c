/*
 * parse_strict.c -- the strict verdict: the RFC 5321 4.4 Stamp built from
 * RFC 5322 tokens, obsolete forms excluded (SPEC.md section 2).
 *
 * rcvd_parse() feeds the grammar token by token from its single walk
 * (rcvd_i_stamp_*, at the end of this file); that walk checks the line
 * rules (998 octets, folds followed by white space, no line of white space
 * only, CR only before LF, no NUL). rcvd_i_strict() is the same grammar as
 * a walk of its own, line rules first, then a fold read as plain white
 * space; the reader uses it only where the two cuts of the field disagree
 * (see rcvd_i_stamp_tok). No recursion: nested comments are counted, not
 * descended.
 */
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

static int strict_is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
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
	size_t b = t->p;
	while (t->p < t->n && strict_is_ws((unsigned char)t->s[t->p]))
		t->p++;
	return t->p - b;
}

/* One comment at t->p == '(' with balanced nesting, strict content. */
static int comment(struct st *t)
{
	size_t depth = 0, start = t->p;

	while (t->p < t->n) {
		unsigned char c = (unsigned char)t->s[t->p];
		/* the common bytes first: ctext and SP/HTAB share no byte with
		 * the cases below */
		if (rcvd_i_is(c, RCVD_C_CTEXT | RCVD_C_WSP)) {
			t->p++;
			continue;
		}
		if (c == '(') {
			depth++;
			t->p++;
		} else if (c == ')') {
			depth--;
			t->p++;
			if (depth == 0)
				return 1;
		} else if (c == '\\') {
			if (t->p + 1 >= t->n)
				return bad(t, "backslash at the end of a comment", t->p);
			c = (unsigned char)t->s[t->p + 1];
			if (!rcvd_i_is(c, RCVD_C_VCHAR | RCVD_C_WSP))
				return bad(t, "invalid quoted-pair in a comment", t->p);
			t->p += 2;
		} else if (strict_is_ws(c) || rcvd_i_is(c, RCVD_C_CTEXT)) {
			t->p++;
		} else if (c >= 0x80) {
			size_t k = utf8_len(t->s, t->n, t->p);
			if (k == 0)
				return bad(t, "invalid UTF-8 in a comment", t->p);
			t->p += k;
		} else {
			return bad(t, "invalid byte in a comment", t->p);
		}
	}
	(void)start;
	return bad(t, "unbalanced parenthesis", t->n);
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
	*literal = 0;
	if (t->p < t->n && t->s[t->p] == '[') {
		k = literal_run(t, t->p);
		if (k == 0 || !rcvd_i_literal_ok(t->s + t->p, k))
			return bad(t, "invalid address literal", t->p);
		*literal = 1;
		t->p += k;
		return 1;
	}
	k = name_run(t, t->p);
	if (k == 0)
		return bad(t, what, t->p);
	if (!rcvd_i_domain_ok(t->s + t->p, k, 1))
		return bad(t, "invalid domain name", t->p);
	t->p += k;
	return 1;
}

/* "(" TCP-info ")" at p, without moving unless it matches. */
static size_t tcp_info(const struct st *t, size_t p)
{
	size_t k;
	if (p >= t->n || t->s[p] != '(')
		return 0;
	p++;
	if (p < t->n && t->s[p] != '[') {
		k = name_run(t, p);
		if (k == 0 || !rcvd_i_domain_ok(t->s + p, k, 1))
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

static int extended_domain(struct st *t, const char *what)
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
	size_t e = p;
	while (e < t->n) {
		unsigned char c = (unsigned char)t->s[e];
		if (rcvd_i_is(c, RCVD_C_ATEXT))
			e++;
		else if (c >= 0x80 && utf8_len(t->s, t->n, e) > 0)
			e += utf8_len(t->s, t->n, e);
		else
			break;
	}
	return e - p;
}

static int word_is(const struct st *t, size_t p, size_t k, const char *lower)
{
	size_t i;
	for (i = 0; i < k; i++)
		if (lower[i] == '\0' || rcvd_i_lower((unsigned char)t->s[p + i]) != (unsigned char)lower[i])
			return 0;
	return lower[k] == '\0';
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
		k = name_run(t, e);
		if (k == 0 || !rcvd_i_domain_ok(t->s + e, k, 1))
			return 0;
	}
	return e + k - p;
}

static size_t path_run(const struct st *t, size_t p)
{
	size_t e = p + 1, k;
	if (p >= t->n || t->s[p] != '<')
		return 0;
	/* A-d-l: "@" Domain *( "," "@" Domain ) ":" */
	if (e < t->n && t->s[e] == '@') {
		for (;;) {
			e++;
			k = name_run(t, e);
			if (k == 0 || !rcvd_i_domain_ok(t->s + e, k, 1))
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
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t->s[i];
		/* only NUL, LF and CR (all below 14) have rules: skip the rest
		 * with one compare a byte */
		if (c > '\r')
			continue;
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

	if (word_is(t, kp, kk, "via"))
		r = C_VIA;
	else if (word_is(t, kp, kk, "with"))
		r = C_WITH;
	else if (word_is(t, kp, kk, "id"))
		r = C_ID;
	else if (word_is(t, kp, kk, "for"))
		r = C_FOR;
	else
		r = C_MORE;
	if (word_is(t, kp, kk, "from") || word_is(t, kp, kk, "by"))
		return bad(t, "repeated FROM or BY clause", kp);
	if (r < *rank || (r == *rank && r != C_MORE))
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

const char *rcvd_i_strict(const char *s, size_t n, size_t pos, int named, size_t *at)
{
	struct st t;
	struct rcvd_i_date d;
	size_t k;
	int ok, rank = 0;

	t.s = s;
	t.n = n;
	t.p = pos;
	t.err = NULL;
	t.at = 0;

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
	t.p++;
	if (skip_ws(&t) == 0) {
		bad(&t, "white space expected after \";\"", t.p);
		goto out;
	}
	rcvd_i_date_read(s, n, t.p, &d);
	if (d.error != NULL) {
		bad(&t, d.error, d.error_at);
		goto out;
	}
	if (!d.ok) {
		bad(&t, "invalid date", t.p);
		goto out;
	}
	t.p = d.end;
	cfws(&t, &ok);
	if (!ok)
		goto out;
	if (t.p < t.n)
		bad(&t, "text after the date", t.p);
out:
	*at = t.at;
	return t.err;
}

/* ---- the same grammar fed token by token by the reader's walk ----
 *
 * parse.c cuts the field once into white space, comments, words and ";"
 * and hands each token here; the steps below are the ones of
 * rcvd_i_strict() above, with the same reasons at the same offsets. A
 * word is checked on its own bytes; a comment arrives with its strict
 * verdict already made by the walk. Only an address literal holding
 * "(", ")", ";" or a quote can end where the walk's token does not: then
 * m->misaligned is set and the caller runs rcvd_i_strict() instead. */

enum {
	M_WS0,      /* white space after "Received:" */
	M_KW,       /* the FROM or BY keyword */
	M_KW_WS,    /* white space after it */
	M_DOM,      /* the domain or address literal */
	M_DOM_END,  /* right after the domain */
	M_DOM_WS,   /* after white space: TCP-info or not */
	M_DOM_TCP,  /* after TCP-info */
	M_CFWS_BY,  /* CFWS before BY */
	M_CLAUSES,  /* CFWS, then a clause or ";" */
	M_CL_WS,    /* white space after a clause name */
	M_CL_VAL,   /* the clause value */
	M_DATE_WS,  /* white space after ";" */
	M_DATE,     /* the date: the caller reads it */
	M_DONE
};

static void mbad(struct rcvd_i_stamp *m, const char *why, size_t at)
{
	m->err = why;
	m->at = at;
	m->state = M_DONE;
}

void rcvd_i_stamp_init(struct rcvd_i_stamp *m, const char *s, size_t n, size_t pos, int named)
{
	m->s = s;
	m->n = n;
	m->sp = pos;
	m->save = m->before = m->semi = m->date_at = 0;
	m->err = NULL;
	m->at = 0;
	m->state = M_WS0;
	m->named = named;
	m->by = m->literal = m->any = m->rank = m->clause = m->tls = 0;
	m->misaligned = 0;
	if (named) {
		if (strict_is_ws((unsigned char)s[0]))
			mbad(m, "white space before the field name", 0);
		else if (strict_is_ws((unsigned char)s[pos - 2]))
			mbad(m, "white space before the colon", pos - 2); /* obs-optional */
	}
}

/* A rule ended at s[p], inside the walk's word ending at e: a byte that
 * ends a token there means the rule took a quote the walk took as the start
 * of a quoted run -- the two no longer agree on the tokens. */
static int split(struct rcvd_i_stamp *m, size_t p)
{
	unsigned char c = (unsigned char)m->s[p];

	if (strict_is_ws(c) || c == '(' || c == ';') {
		m->misaligned = 1;
		m->state = M_DONE;
		return 1;
	}
	return 0;
}

static void to_cfws(struct rcvd_i_stamp *m, int any, size_t before)
{
	m->any = any;
	m->before = before;
	m->state = m->by ? M_CLAUSES : M_CFWS_BY;
}

/* A clause name at b (atom of kk bytes): its rank, as opt_clause(). */
static void clause_name(struct rcvd_i_stamp *m, const struct st *t, size_t b, size_t kk, size_t e)
{
	int r;

	if (word_is(t, b, kk, "via"))
		r = C_VIA;
	else if (word_is(t, b, kk, "with"))
		r = C_WITH;
	else if (word_is(t, b, kk, "id"))
		r = C_ID;
	else if (word_is(t, b, kk, "for"))
		r = C_FOR;
	else
		r = C_MORE;
	if (word_is(t, b, kk, "from") || word_is(t, b, kk, "by")) {
		mbad(m, "repeated FROM or BY clause", b);
		return;
	}
	if (r < m->rank || (r == m->rank && r != C_MORE)) {
		mbad(m, "clause out of order or repeated", b);
		return;
	}
	m->rank = r;
	m->clause = r;
	m->tls = r == C_MORE && word_is(t, b, kk, "tls");
	if (b + kk < e) {
		mbad(m, "white space expected after the clause name", b + kk);
		return;
	}
	m->sp = e;
	m->state = M_CL_WS;
}

/* The clause value at b, as opt_clause(); e is the token's end. */
static void clause_value(struct rcvd_i_stamp *m, const struct st *t, size_t b, size_t e)
{
	size_t k;
	const char *end_why = "invalid byte in a clause value";

	switch (m->clause) {
	case C_VIA:
	case C_WITH:
		k = atom_run(t, b);
		if (k == 0) {
			mbad(m, m->clause == C_VIA ? "VIA needs a link name" : "WITH needs a protocol", b);
			return;
		}
		break;
	case C_ID:
		if (b < t->n && t->s[b] == '<') {
			k = msg_id_run(t, b);
			if (k == 0) {
				mbad(m, "ID is not a valid msg-id", b);
				return;
			}
		} else {
			k = atom_run(t, b);
			if (k == 0) {
				mbad(m, "ID needs an atom or msg-id", b);
				return;
			}
		}
		end_why = "ID is not a valid atom";
		break;
	case C_FOR:
		if (b < t->n && t->s[b] == '<')
			k = path_run(t, b);
		else
			k = mailbox_run(t, b);
		if (k == 0) {
			mbad(m, "FOR is not a valid path or mailbox", b);
			return;
		}
		end_why = "FOR is not a valid path or mailbox";
		break;
	default:
		if (m->tls) {
			k = tls_cipher_run(t, b);
			if (k == 0) {
				mbad(m, "tls clause needs an IANA cipher name", b);
				return;
			}
		} else if (b < t->n && t->s[b] == '"') {
			k = quoted_run(t, b);
			if (k == 0) {
				mbad(m, "unterminated quoted string", b);
				return;
			}
		} else {
			k = atom_run(t, b);
			if (k == 0) {
				mbad(m, "clause needs an atom or quoted string", b);
				return;
			}
		}
		break;
	}
	if (b + k > e) {
		m->misaligned = 1;
		m->state = M_DONE;
	} else if (b + k < e) {
		if (!split(m, b + k))
			mbad(m, end_why, b + k);
	} else {
		m->sp = e;
		to_cfws(m, 0, e);
	}
}

void rcvd_i_stamp_tok(struct rcvd_i_stamp *m, enum rcvd_i_tok k, size_t b, size_t e,
                      const char *cerr, size_t cat)
{
	struct st t;
	size_t kk, p;

	if (m->state >= M_DATE)
		return;
	if (b != m->sp) {
		m->misaligned = 1;
		m->state = M_DONE;
		return;
	}
	t.s = m->s;
	t.n = m->n;
	for (;;) {
		switch (m->state) {
		case M_WS0:
			if (k == RCVD_I_WS) {
				m->sp = e;
				m->state = M_KW;
				return;
			}
			if (m->named) {
				mbad(m, "white space expected after \"Received:\"", b);
				return;
			}
			m->state = M_KW;
			continue;
		case M_KW:
			kk = k == RCVD_I_WORD ? atom_run(&t, b) : 0;
			if (!word_is(&t, b, kk, m->by ? "by" : "from")) {
				mbad(m, m->by ? "missing BY clause" : "missing FROM clause", b);
				return;
			}
			if (b + kk < e) {
				mbad(m, m->by ? "white space expected after BY" : "white space expected after FROM",
				     b + kk);
				return;
			}
			m->sp = e;
			m->state = M_KW_WS;
			return;
		case M_KW_WS:
			if (k != RCVD_I_WS) {
				mbad(m, m->by ? "white space expected after BY" : "white space expected after FROM", b);
				return;
			}
			m->sp = e;
			m->state = M_DOM;
			return;
		case M_DOM:
			m->literal = 0;
			if (k == RCVD_I_WORD && t.s[b] == '[') {
				kk = literal_run(&t, b);
				if (kk == 0 || !rcvd_i_literal_ok(t.s + b, kk)) {
					mbad(m, "invalid address literal", b);
					return;
				}
				m->literal = 1;
				if (b + kk > e) {
					m->misaligned = 1;
					m->state = M_DONE;
					return;
				}
			} else {
				kk = k == RCVD_I_WORD ? name_run(&t, b) : 0;
				if (kk == 0) {
					mbad(m, m->by ? "BY needs a domain or address literal"
					              : "FROM needs a domain or address literal", b);
					return;
				}
				if (!rcvd_i_domain_ok(t.s + b, kk, 1)) {
					mbad(m, "invalid domain name", b);
					return;
				}
			}
			p = b + kk;
			m->save = p;
			if (p < e) {
				if (split(m, p))
					return;
				if (m->literal)
					mbad(m, "address literal without TCP-info", p);
				else
					mbad(m, m->by ? "invalid byte after the BY domain"
					              : "invalid byte after the FROM domain", p);
				return;
			}
			m->sp = e;
			m->state = M_DOM_END;
			return;
		case M_DOM_END:
			if (k == RCVD_I_WS) {
				m->sp = e;
				m->state = M_DOM_WS;
				return;
			}
			if (m->literal) {
				mbad(m, "address literal without TCP-info", m->save);
				return;
			}
			to_cfws(m, 0, m->save);
			continue;
		case M_DOM_WS:
			if (k == RCVD_I_COMMENT && (p = tcp_info(&t, b)) != 0) {
				if (p != e) {
					m->misaligned = 1;
					m->state = M_DONE;
					return;
				}
				m->sp = e;
				m->state = M_DOM_TCP;
				return;
			}
			if (m->literal) {
				mbad(m, "address literal without TCP-info", m->save);
				return;
			}
			to_cfws(m, 1, m->save);
			continue;
		case M_DOM_TCP:
			if (k == RCVD_I_WORD) {
				mbad(m, m->by ? "invalid byte after the BY domain"
				              : "invalid byte after the FROM domain", b);
				return;
			}
			to_cfws(m, 0, b);
			continue;
		case M_CFWS_BY:
		case M_CLAUSES:
			if (k == RCVD_I_WS || k == RCVD_I_COMMENT) {
				if (cerr != NULL && k == RCVD_I_COMMENT) {
					mbad(m, cerr, cat);
					return;
				}
				m->any = 1;
				m->sp = e;
				return;
			}
			if (m->state == M_CFWS_BY) {
				if (!m->any) {
					mbad(m, "missing BY clause", b);
					return;
				}
				m->by = 1;
				m->state = M_KW;
				continue;
			}
			if (k == RCVD_I_END) {
				mbad(m, "missing \";\" and date", b);
				return;
			}
			if (k == RCVD_I_SEMI) {
				m->semi = b;
				m->sp = e;
				m->state = M_DATE_WS;
				return;
			}
			if (!m->any) {
				mbad(m, "white space expected before a clause", m->before);
				return;
			}
			kk = atom_run(&t, b);
			if (kk == 0) {
				mbad(m, "clause name expected", b);
				return;
			}
			clause_name(m, &t, b, kk, e);
			return;
		case M_CL_WS:
			if (k != RCVD_I_WS) {
				mbad(m, "white space expected after the clause name", b);
				return;
			}
			m->sp = e;
			m->state = M_CL_VAL;
			return;
		case M_CL_VAL:
			clause_value(m, &t, b, e);
			return;
		case M_DATE_WS:
			if (k != RCVD_I_WS) {
				mbad(m, "white space expected after \";\"", b);
				return;
			}
			m->date_at = e;
			m->state = M_DATE;
			return;
		default:
			return;
		}
	}
}

int rcvd_i_stamp_date(const struct rcvd_i_stamp *m, size_t *semi, size_t *date_at)
{
	*semi = m->semi;
	*date_at = m->date_at;
	return m->state == M_DATE;
}

const char *rcvd_i_stamp_tail(const char *s, size_t n, size_t pos, size_t *at)
{
	struct st t;
	int ok;

	t.s = s;
	t.n = n;
	t.p = pos;
	t.err = NULL;
	t.at = 0;
	cfws(&t, &ok);
	if (ok && t.p < t.n)
		bad(&t, "text after the date", t.p);
	*at = t.at;
	return t.err;
}
