/*
 * fuzz_parse.c -- rcvd_parse() and the header iterator on arbitrary bytes.
 *
 * The input is the text itself (a field, or a header block for the
 * iterator), so the real-world fields of tests/corpus make good seeds.
 *
 * Oracles:
 *  - no crash, no read outside the input (exact-size heap copies);
 *  - every span of the hop lies inside the input; error_offset too;
 *  - the verdict is coherent: strict-valid exactly when error is NULL,
 *    and a strict-valid field has FROM, BY and a date; a decoded WITH word
 *    agrees with rcvd_keyword_decode();
 *  - the strict verdict equals that of the independent recogniser in
 *    tests/support/rfc5321_check.c (UTF-8 allowed, as RFC 6532 does),
 *    with no exception: both follow the ABNF (zones with hours 24-99,
 *    leading-zero Snum octets and one unregistered additional clause are
 *    valid; a second additional clause is not);
 *  - the strict verdict does not change when the field is refolded: line
 *    breaks before white space are removed and put back at other white
 *    space, chosen by a hash of the input (two different refoldings, and
 *    the original when it is folded cleanly);
 *  - the iterator returns fields in order, inside the input, and ends.
 */
#include "fuzz.h"
#include "rfc5321_check.h"

static int inside(struct rcvd_span s, const char *base, size_t n)
{
	if (s.ptr == NULL)
		return s.len == 0;
	return s.ptr >= base && s.ptr <= base + n &&
	       s.len <= (size_t)(base + n - s.ptr);
}

static void check_hop(const struct rcvd_hop *h, int rc, const char *f, size_t n)
{
	const struct rcvd_span *all[] = {
		&h->from_name, &h->helo, &h->from_rdns, &h->from_addr, &h->by_name,
		&h->by_addr, &h->via, &h->with, &h->id, &h->for_mailbox,
		&h->tls_clause, &h->tls_version, &h->tls_cipher, &h->auth_hint,
		&h->date,
	};
	size_t i;

	for (i = 0; i < sizeof all / sizeof all[0]; i++) {
		if (!inside(*all[i], f, n))
			fprintf(stderr, "span %zu outside the input\n", i);
		FUZZ_CHECK(inside(*all[i], f, n));
	}
	FUZZ_CHECK(h->ncomments <= RCVD_HOP_COMMENTS);
	for (i = 0; i < h->ncomments; i++)
		FUZZ_CHECK(inside(h->comments[i], f, n));
	FUZZ_CHECK(rc == RCVD_OK || rc == RCVD_E_SYNTAX);
	if (rc != RCVD_OK) {
		FUZZ_CHECK((h->flags & RCVD_H_STRICT) == 0);
		return;
	}
	if ((h->flags & RCVD_H_STRICT) != 0) {
		FUZZ_CHECK(h->error == NULL);
		FUZZ_CHECK(h->from_name.ptr != NULL && h->by_name.ptr != NULL);
		FUZZ_CHECK((h->flags & RCVD_H_DATE) != 0);
		FUZZ_CHECK((h->flags & RCVD_H_DATE_OBSOLETE) == 0);
	} else {
		FUZZ_CHECK(h->error != NULL);
		FUZZ_CHECK(h->error_offset <= n);
	}
	if ((h->flags & RCVD_H_WITH_KNOWN) != 0) {
		enum rcvd_greeting g;
		unsigned fl;

		FUZZ_CHECK(h->with.ptr != NULL);
		FUZZ_CHECK(rcvd_keyword_decode(h->with.ptr, h->with.len, &g, &fl) == RCVD_OK);
		FUZZ_CHECK(g == h->with_greeting && fl == h->with_flags);
	}
	if ((h->flags & RCVD_H_DATE) != 0)
		FUZZ_CHECK(h->date.ptr != NULL);
}

/* Parses (p, n) from an exact-size copy; returns 1 when strict-valid. */
static int verdict(const char *p, size_t n)
{
	char *c = fuzz_dup(p, n);
	struct rcvd_hop hop;
	int rc, strict;

	rcvd_hop_init(&hop);
	rc = rcvd_parse(c, n, &hop, 0);
	check_hop(&hop, rc, c, n);
	strict = rc == RCVD_OK && (hop.flags & RCVD_H_STRICT) != 0;
	/* Two recognisers written apart from the same ABNF must agree. */
	if (strict != rfc5321_check(c, n, 1, NULL, NULL)) {
		size_t off = 0;
		const char *why = NULL;

		(void)rfc5321_check(c, n, 1, &off, &why);
		fprintf(stderr, "rcvd_parse strict=%d (%s at %zu); rfc5321_check "
		        "says %s at %zu\n", strict, hop.error ? hop.error : "-",
		        hop.error_offset, why ? why : "valid", off);
		fuzz_dump("field", c, n);
		FUZZ_CHECK(strict == rfc5321_check(c, n, 1, NULL, NULL));
	}
	free(c);
	return strict;
}

/* ---- refolding ---- */

static int wsp(char c)
{
	return c == ' ' || c == '\t';
}

/* Removes every line break (CRLF or LF) that is followed by WSP. */
static size_t unfold(const char *s, size_t n, char *out)
{
	size_t i = 0, o = 0;

	while (i < n) {
		if (s[i] == '\r' && i + 2 < n && s[i + 1] == '\n' && wsp(s[i + 2])) {
			i += 2;
			continue;
		}
		if (s[i] == '\n' && i + 1 < n && wsp(s[i + 1])) {
			i += 1;
			continue;
		}
		out[o++] = s[i++];
	}
	return o;
}

/* Marks in q[i] the bytes that lie inside a double-quoted string outside
 * comments: RFC 5321's Quoted-string (in a Path or a String) has no FWS,
 * so folding there would change the verdict for a good reason. */
static void mark_quoted(const char *s, size_t n, unsigned char *q)
{
	size_t i, depth = 0;
	int quoted = 0;

	for (i = 0; i < n; i++) {
		q[i] = (unsigned char)quoted;
		if (s[i] == '\\' && (quoted || depth > 0)) {
			if (i + 1 < n)
				q[i + 1] = (unsigned char)quoted;
			i++;
		} else if (quoted) {
			if (s[i] == '"')
				quoted = 0;
		} else if (s[i] == '(') {
			depth++;
		} else if (s[i] == ')' && depth > 0) {
			depth--;
		} else if (s[i] == '"' && depth == 0) {
			quoted = 1;
			q[i] = 1;
		}
	}
}

/* Where a fold may go: before a WSP that starts a run of WSP which the
 * same line continues after with something else, not at the very start,
 * not after a line break, not after a backslash (it would turn a
 * quoted-pair into a quoted line break), not inside a quoted string. */
static int foldable(const char *s, size_t n, const unsigned char *q, size_t i)
{
	size_t j;

	if (i == 0 || !wsp(s[i]) || wsp(s[i - 1]) || s[i - 1] == '\\' ||
	    s[i - 1] == '\n' || s[i - 1] == '\r' || q[i])
		return 0;
	for (j = i; j < n && wsp(s[j]); j++)
		;
	return j < n && s[j] != '\r' && s[j] != '\n';
}

static uint32_t next_rand(uint32_t *x)
{
	/* xorshift32: deterministic, so a failure reproduces from the input. */
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* Inserts a line break before about one in `every` foldable positions. */
static size_t refold(const char *s, size_t n, const unsigned char *q,
                     char *out, uint32_t seed, unsigned every, int crlf)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		if (foldable(s, n, q, i) && next_rand(&seed) % every == 0) {
			if (crlf)
				out[o++] = '\r';
			out[o++] = '\n';
		}
		out[o++] = s[i];
	}
	return o;
}

static size_t longest_line(const char *s, size_t n)
{
	size_t i, cur = 0, max = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n' || s[i] == '\r') {
			cur = 0;
			continue;
		}
		if (++cur > max)
			max = cur;
	}
	return max;
}

/* Folded cleanly: no over-long line, no line of white space only, no
 * break after a backslash or inside a quoted string, breaks all CRLF or
 * all LF and no bare CR. Only then must unfolding keep the verdict. */
static int clean(const char *s, size_t n, const unsigned char *q)
{
	size_t i, start = 0;
	int lf = 0, crlf = 0;

	if (longest_line(s, n) > 998)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '\r' && (i + 1 >= n || s[i + 1] != '\n'))
			return 0;
		if (s[i] != '\n')
			continue;
		if (q[i])
			return 0;
		if (i > 0 && s[i - 1] == '\r')
			crlf = 1;
		else
			lf = 1;
		{
			size_t j, end = (i > 0 && s[i - 1] == '\r') ? i - 1 : i;
			int blank = 1;

			for (j = start; j < end; j++)
				if (!wsp(s[j]))
					blank = 0;
			if (blank)
				return 0;
			if (end > 0 && s[end - 1] == '\\')
				return 0;
		}
		start = i + 1;
	}
	/* the last line, after the last break */
	if (start > 0 && start < n) {
		size_t j;
		int blank = 1;

		for (j = start; j < n; j++)
			if (!wsp(s[j]))
				blank = 0;
		if (blank)
			return 0;
	}
	return !(lf && crlf);
}

static void check_refold(const char *s, size_t n)
{
	char *u = (char *)malloc(n + 1), *a, *b;
	unsigned char *q = (unsigned char *)malloc(n + 1);
	unsigned char *qs = (unsigned char *)malloc(n + 1);
	size_t un, an, bn;
	uint32_t h = 2166136261u;
	size_t i;
	int crlf = 0, va, vb, cl;

	FUZZ_CHECK(u != NULL && q != NULL && qs != NULL);
	mark_quoted(s, n, qs);
	cl = clean(s, n, qs);
	for (i = 0; i < n; i++) {
		h = (h ^ (unsigned char)s[i]) * 16777619u;
		if (s[i] == '\n' && i > 0 && s[i - 1] == '\r')
			crlf = 1;
	}
	if (h == 0)
		h = 1;
	un = unfold(s, n, u);
	/* a field that ends in a line break keeps its kind: the new breaks
	 * are of the same kind, since one field uses one */
	if (un > 0 && u[un - 1] == '\n')
		crlf = un > 1 && u[un - 2] == '\r';
	mark_quoted(u, un, q);
	a = (char *)malloc(3 * un + 1);
	b = (char *)malloc(3 * un + 1);
	FUZZ_CHECK(a != NULL && b != NULL);
	an = refold(u, un, q, a, h, 2, crlf);
	bn = refold(u, un, q, b, h * 2654435761u + 1u, 5, crlf);
	va = verdict(a, an);
	vb = verdict(b, bn);
	/* Over-long lines make a field invalid whatever else it holds. */
	if (longest_line(a, an) > 998)
		FUZZ_CHECK(!va);
	if (longest_line(b, bn) > 998)
		FUZZ_CHECK(!vb);
	if (longest_line(a, an) <= 998 && longest_line(b, bn) <= 998) {
		if (va != vb) {
			fuzz_dump("refold A", a, an);
			fuzz_dump("refold B", b, bn);
		}
		FUZZ_CHECK(va == vb);
		if (cl && verdict(s, n) != va) {
			fuzz_dump("original", s, n);
			fuzz_dump("refold A", a, an);
		}
		if (cl)
			FUZZ_CHECK(verdict(s, n) == va);
	}
	free(b);
	free(a);
	free(qs);
	free(q);
	free(u);
}

static void check_iter(const char *s, size_t n)
{
	struct rcvd_iter it;
	struct rcvd_span f;
	const char *last_end = s;
	size_t count = 0;
	int rc;

	rcvd_iter_init(&it, s, n);
	while ((rc = rcvd_iter_next(&it, &f)) == RCVD_OK) {
		FUZZ_CHECK(f.ptr != NULL && inside(f, s, n));
		FUZZ_CHECK(f.ptr >= last_end);
		FUZZ_CHECK(f.len > 0);
		last_end = f.ptr + f.len;
		FUZZ_CHECK(++count <= n);
		(void)verdict(f.ptr, f.len);
	}
	FUZZ_CHECK(rc == RCVD_E_END);
	FUZZ_CHECK(rcvd_iter_next(&it, &f) == RCVD_E_END);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;

	(void)verdict(s, size);
	check_refold(s, size);
	check_iter(s, size);
	return 0;
}
