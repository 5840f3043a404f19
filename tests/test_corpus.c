/*
 * test_corpus.c -- every case of tests/corpus/received-realworld.jsonl
 * (352 fields with what rspamd, Stalwart's mail-parser and SpamAssassin
 * assert for them) read by rcvd_parse() and scored per source.
 *
 * The sources disagree on conventions, so each is scored through a small
 * adapter that maps our reading to that source's conventions:
 *
 *  all      an address-literal FROM/BY name is compared bare ("[1.2.3.4]"
 *           and "[IPv6:x]" as the address, a ":port" after "]" dropped),
 *           as the corpus README normalises it; addresses are compared as
 *           addresses (both sides through rcvd_addr_normalize()).
 *  rspamd   the C++ harness strips NUL bytes before parsing, the Lua one
 *           replaces every "\n" with a space (both as their harnesses do);
 *           rspamd reads clauses only up to the first ";"; a FROM name that
 *           is an address literal is its real_ip; real_hostname is the FROM
 *           name when the comment gives no address; a BY name must be a
 *           host name (no "@") and FOR a mailbox (with "@") or they are
 *           empty; it does not know Exim's "NAME ([addr] helo=X)" form,
 *           where we report NAME as the verified name.
 *  mail-parser  takes from_addr only from the TCP-info, never from a FROM
 *           name that is an address literal (the adapter drops a from_addr
 *           lying inside the from_name span); reads the reverse-DNS name
 *           only inside the parentheses and only when it holds a dot; strips "<>" from ids and cuts them at
 *           "/"; FOR must hold "@"; TLS versions are compared as TLSvM.N;
 *           when there is no FROM clause it reads "from X" inside a comment
 *           (we never take text inside a comment for a clause, so the
 *           adapter does that step).
 *  SpamAssassin  takes the address from anywhere (the FROM name when the
 *           TCP-info has none), ignores rdns "unknown", uses the FROM name
 *           as rdns when the TCP-info carries an address and no name, strips
 *           "<>" from ids, and counts as authenticated what its own rules
 *           know: keyword A, our hints, "with HTTP/HTTPU" webmail hops,
 *           CommuniGate "(account ...)", "(... authenticated user ...)",
 *           "(authenticated as ...)" and "(via HTTP)" comments. For the 34
 *           fields it must skip it asserts nothing: they are still parsed
 *           (no crash, spans in bounds) and counted, never asserted.
 *
 * A case that still mismatches must be listed with a reason in
 * tests/data/corpus_expected_deviations.tsv; the test fails on any
 * unlisted mismatch, on a listed case that now matches, and on any source
 * below 95%.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rcvd.h"

#define MAX_FIELD 16384
#define MAX_KEYS 16
#define MAX_DEV 64

/* ---- a tiny JSON reader for the corpus's flat objects ---- */

struct jval {
	int type; /* 0 null, 1 string, 2 bool, 3 number, 4 other (skipped) */
	int b;
	char s[1024];
	size_t len;
};

struct expect_kv {
	char key[32];
	struct jval v;
};

struct jcase {
	char source[96];
	long num;
	char field[MAX_FIELD];
	size_t field_len;
	size_t nexp;
	struct expect_kv exp[MAX_KEYS];
};

static void jws(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

static size_t put_utf8(char *out, size_t cap, size_t n, unsigned long cp)
{
	unsigned char b[4];
	size_t k, i;
	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		k = 1;
	} else if (cp < 0x800) {
		b[0] = (unsigned char)(0xC0 | (cp >> 6));
		b[1] = (unsigned char)(0x80 | (cp & 0x3F));
		k = 2;
	} else if (cp < 0x10000) {
		b[0] = (unsigned char)(0xE0 | (cp >> 12));
		b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (unsigned char)(0x80 | (cp & 0x3F));
		k = 3;
	} else {
		b[0] = (unsigned char)(0xF0 | (cp >> 18));
		b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (unsigned char)(0x80 | (cp & 0x3F));
		k = 4;
	}
	for (i = 0; i < k && n + i < cap; i++)
		out[n + i] = (char)b[i];
	return n + k;
}

static unsigned long hex4(const char *p)
{
	unsigned long v = 0;
	int i;
	for (i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned long)(c - 'A' + 10);
		else
			fail_msg("bad \\u escape");
	}
	return v;
}

/* Reads a JSON string at *p (on the quote) into out; returns its length. */
static size_t jstring(const char **p, char *out, size_t cap)
{
	size_t n = 0;
	assert_true(**p == '"');
	(*p)++;
	while (**p != '"') {
		char c = **p;
		assert_true(c != '\0');
		if (c == '\\') {
			(*p)++;
			c = **p;
			switch (c) {
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 't': c = '\t'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'u': {
				unsigned long cp = hex4(*p + 1);
				*p += 4;
				if (cp >= 0xD800 && cp <= 0xDBFF && (*p)[1] == '\\' && (*p)[2] == 'u') {
					unsigned long lo = hex4(*p + 3);
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					*p += 6;
				}
				n = put_utf8(out, cap, n, cp);
				(*p)++;
				continue;
			}
			default: break; /* \" \\ \/ */
			}
		}
		if (n < cap)
			out[n] = c;
		n++;
		(*p)++;
	}
	(*p)++;
	assert_true(n < cap);
	out[n] = '\0';
	return n;
}

/* Skips any JSON value (nested objects/arrays included). */
static void jskip(const char **p)
{
	char tmp[MAX_FIELD];
	int depth = 0;
	jws(p);
	do {
		jws(p);
		if (**p == '"') {
			jstring(p, tmp, sizeof tmp);
		} else if (**p == '{' || **p == '[') {
			depth++;
			(*p)++;
		} else if (**p == '}' || **p == ']') {
			depth--;
			(*p)++;
		} else if (**p == ',' || **p == ':') {
			(*p)++;
		} else {
			while (**p != ',' && **p != '}' && **p != ']' && **p != '\0')
				(*p)++;
		}
		assert_true(**p != '\0' || depth == 0);
	} while (depth > 0);
}

static void jvalue(const char **p, struct jval *v)
{
	jws(p);
	memset(v, 0, sizeof *v);
	if (**p == '"') {
		v->type = 1;
		v->len = jstring(p, v->s, sizeof v->s);
	} else if (strncmp(*p, "null", 4) == 0) {
		v->type = 0;
		*p += 4;
	} else if (strncmp(*p, "true", 4) == 0) {
		v->type = 2;
		v->b = 1;
		*p += 4;
	} else if (strncmp(*p, "false", 5) == 0) {
		v->type = 2;
		*p += 5;
	} else {
		v->type = 4;
		jskip(p);
	}
}

static void parse_line(const char *line, struct jcase *c)
{
	const char *p = line;
	char key[64];

	memset(c, 0, sizeof *c);
	jws(&p);
	assert_int_equal(*p, '{');
	p++;
	for (;;) {
		jws(&p);
		if (*p == '}')
			break;
		if (*p == ',') {
			p++;
			continue;
		}
		jstring(&p, key, sizeof key);
		jws(&p);
		assert_int_equal(*p, ':');
		p++;
		jws(&p);
		if (strcmp(key, "source") == 0) {
			jstring(&p, c->source, sizeof c->source);
		} else if (strcmp(key, "case") == 0) {
			char *end;
			c->num = strtol(p, &end, 10);
			p += end - p;
		} else if (strcmp(key, "field") == 0) {
			c->field_len = jstring(&p, c->field, sizeof c->field);
		} else if (strcmp(key, "expect") == 0) {
			assert_int_equal(*p, '{');
			p++;
			for (;;) {
				jws(&p);
				if (*p == '}') {
					p++;
					break;
				}
				if (*p == ',') {
					p++;
					continue;
				}
				assert_true(c->nexp < MAX_KEYS);
				jstring(&p, c->exp[c->nexp].key, sizeof c->exp[c->nexp].key);
				jws(&p);
				assert_int_equal(*p, ':');
				p++;
				jvalue(&p, &c->exp[c->nexp].v);
				c->nexp++;
			}
		} else {
			jskip(&p);
		}
	}
}

/* ---- our reading, mapped per source ---- */

enum src { S_RSPAMD_CXX, S_RSPAMD_LUA, S_MAILPARSER, S_SA, S_COUNT };

static const char *const src_label[S_COUNT] = {
	"rspamd src/libmime/received.cxx", "rspamd test/lua/unit/received.lua",
	"mail-parser resources/received.json", "spamassassin t/rcvd_parser.t"};

struct got {
	struct jval v;
};

static void set_null(struct jval *v)
{
	memset(v, 0, sizeof *v);
}

static void set_span(struct jval *v, const char *p, size_t n)
{
	memset(v, 0, sizeof *v);
	if (p == NULL) {
		v->type = 0;
		return;
	}
	if (n >= sizeof v->s)
		n = sizeof v->s - 1;
	v->type = 1;
	memcpy(v->s, p, n);
	v->s[n] = '\0';
	v->len = n;
}

static void set_bool(struct jval *v, int b)
{
	memset(v, 0, sizeof *v);
	v->type = 2;
	v->b = b != 0;
}

static int ieq(const char *a, size_t n, const char *lower)
{
	size_t i;
	for (i = 0; i < n; i++) {
		char c = a[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (lower[i] == '\0' || c != lower[i])
			return 0;
	}
	return lower[n] == '\0';
}

static int istarts(const char *a, size_t n, const char *lower)
{
	size_t i;
	for (i = 0; lower[i] != '\0'; i++) {
		char c;
		if (i >= n)
			return 0;
		c = a[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c != lower[i])
			return 0;
	}
	return 1;
}

static int icontains(const char *a, size_t n, const char *lower)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (istarts(a + i, n - i, lower))
			return 1;
	return 0;
}

static int has_byte(struct rcvd_span sp, char c)
{
	return sp.ptr != NULL && memchr(sp.ptr, c, sp.len) != NULL;
}

static int is_addr(const char *p, size_t n)
{
	char buf[RCVD_ADDR_MAX];
	size_t len;
	return p != NULL && n > 0 && rcvd_addr_normalize(p, n, buf, sizeof buf, &len) == RCVD_OK;
}

/* "[1.2.3.4]", "[IPv6:x]", "[1.2.3.4]:port" -> the address inside. */
static struct rcvd_span bare(struct rcvd_span sp)
{
	if (sp.ptr != NULL && sp.len >= 2 && sp.ptr[0] == '[') {
		const char *end = memchr(sp.ptr, ']', sp.len);
		if (end != NULL) {
			struct rcvd_span in;
			in.ptr = sp.ptr + 1;
			in.len = (size_t)(end - sp.ptr) - 1;
			if (in.len > 5 && istarts(in.ptr, in.len, "ipv6:")) {
				in.ptr += 5;
				in.len -= 5;
			}
			return in;
		}
	}
	return sp;
}

static struct rcvd_span strip_angles(struct rcvd_span sp)
{
	if (sp.ptr != NULL && sp.len >= 2 && sp.ptr[0] == '<' && sp.ptr[sp.len - 1] == '>') {
		sp.ptr++;
		sp.len -= 2;
	}
	return sp;
}

/* "TLS1.3", "TLSv1.2", "TLS1_2", "TLS-1.0", "TLSv1", "TLSv1/SSLv3" ->
 * "TLSvM.N" (the corpus's spelling); other text unchanged. */
static void tls_version_norm(struct jval *v, struct rcvd_span sp)
{
	size_t i = 3;
	if (sp.ptr == NULL) {
		set_null(v);
		return;
	}
	if (sp.len >= 4 && istarts(sp.ptr, sp.len, "tls")) {
		if (i < sp.len && (sp.ptr[i] == 'v' || sp.ptr[i] == 'V' || sp.ptr[i] == '-' ||
		                   sp.ptr[i] == '_'))
			i++;
		if (i < sp.len && sp.ptr[i] >= '0' && sp.ptr[i] <= '9') {
			char major = sp.ptr[i], minor = '0';
			if (i + 2 < sp.len + 0 && (sp.ptr[i + 1] == '.' || sp.ptr[i + 1] == '_') &&
			    sp.ptr[i + 2] >= '0' && sp.ptr[i + 2] <= '9')
				minor = sp.ptr[i + 2];
			memset(v, 0, sizeof *v);
			v->type = 1;
			v->len = (size_t)snprintf(v->s, sizeof v->s, "TLSv%c.%c", major, minor);
			return;
		}
	}
	set_span(v, sp.ptr, sp.len);
}

/* Index of the comment holding sp, -1 when none does. */
static int in_comment(const struct rcvd_hop *h, struct rcvd_span sp)
{
	size_t i;
	for (i = 0; i < h->ncomments; i++)
		if (sp.ptr >= h->comments[i].ptr && sp.ptr < h->comments[i].ptr + h->comments[i].len)
			return (int)i;
	return -1;
}

/* The comment spans between FROM and BY (FROM region). */
static int in_from_region(const struct rcvd_hop *h, struct rcvd_span c)
{
	if (h->from_name.ptr == NULL && h->by_name.ptr == NULL)
		return 1;
	if (h->by_name.ptr != NULL && c.ptr > h->by_name.ptr)
		return 0;
	return 1;
}

static void adapt(enum src s, const struct rcvd_hop *h, const char *field, size_t n,
                  const char *key, struct jval *out)
{
	struct rcvd_span sp;
	size_t i;

	if (strcmp(key, "from_name") == 0) {
		sp = bare(h->from_name);
		if (s == S_MAILPARSER && h->from_name.ptr == NULL) {
			/* mail-parser: "from X" inside a comment when no clause */
			for (i = 0; i < h->ncomments; i++) {
				const char *c = h->comments[i].ptr;
				size_t k, len = h->comments[i].len;
				for (k = 0; k + 5 < len; k++)
					if ((k == 0 || c[k - 1] == ' ') && istarts(c + k, len - k, "from ")) {
						size_t b = k + 5, e;
						while (b < len && c[b] == ' ')
							b++;
						e = b;
						while (e < len && c[e] != ' ' && c[e] != ')')
							e++;
						set_span(out, c + b, e - b);
						return;
					}
			}
		}
		set_span(out, sp.ptr, sp.len);
		return;
	}
	if (strcmp(key, "from_addr") == 0) {
		sp = h->from_addr;
		if ((s == S_RSPAMD_CXX || s == S_RSPAMD_LUA) && sp.ptr != NULL && in_comment(h, sp) > 0)
			sp.ptr = NULL; /* rspamd reads only the first comment */
		if ((s == S_RSPAMD_CXX || s == S_RSPAMD_LUA) && sp.ptr == NULL && h->from_name.ptr != NULL &&
		    h->from_name.ptr[0] == '[' && is_addr(bare(h->from_name).ptr, bare(h->from_name).len))
			sp = bare(h->from_name);
		if (s == S_MAILPARSER && sp.ptr != NULL && sp.ptr > field && sp.ptr[-1] == '@')
			sp.ptr = NULL; /* mail-parser does not read qmail's ident@addr */
		if (s == S_MAILPARSER && sp.ptr != NULL && h->from_name.ptr != NULL &&
		    sp.ptr >= h->from_name.ptr && sp.ptr < h->from_name.ptr + h->from_name.len)
			sp.ptr = NULL; /* mail-parser takes no address from the FROM name */
		if (s == S_SA && sp.ptr == NULL && is_addr(bare(h->from_name).ptr, bare(h->from_name).len))
			sp = bare(h->from_name);
		if ((s == S_MAILPARSER || s == S_SA) && sp.ptr == NULL && h->from_name.ptr == NULL) {
			for (i = 0; i < h->ncomments; i++) {
				const char *c = h->comments[i].ptr, *lb, *rb;
				size_t len = h->comments[i].len;
				if (!istarts(c, len, "from "))
					continue;
				lb = memchr(c, '[', len);
				rb = lb != NULL ? memchr(lb, ']', len - (size_t)(lb - c)) : NULL;
				if (rb != NULL)
					sp.ptr = lb + 1, sp.len = (size_t)(rb - lb) - 1;
			}
		}
		set_span(out, sp.ptr, sp.len);
		return;
	}
	if (strcmp(key, "from_rdns") == 0) {
		sp = h->from_rdns;
		if (s != S_SA && sp.ptr != NULL && sp.ptr == h->from_name.ptr)
			sp.ptr = NULL; /* Exim's NAME-first form: theirs reads no rdns */
		if (s == S_MAILPARSER && sp.ptr != NULL && !has_byte(sp, '.'))
			sp.ptr = NULL;
		if ((s == S_RSPAMD_CXX || s == S_RSPAMD_LUA) && sp.ptr == NULL &&
		    h->from_addr.ptr == NULL && h->from_name.ptr != NULL && h->from_name.ptr[0] != '[')
			sp = h->from_name;
		if (s == S_SA) {
			if (sp.ptr != NULL && ieq(sp.ptr, sp.len, "unknown"))
				sp.ptr = NULL;
			if (sp.ptr == NULL && h->from_addr.ptr != NULL && h->from_name.ptr != NULL &&
			    h->from_name.ptr[0] != '[' && has_byte(h->from_name, '.') &&
			    !ieq(h->from_name.ptr, h->from_name.len, "unknown")) {
				/* SA's forms where the FROM name is the verified one:
				 * qmail "(addr)" / "(ident@addr)" without a port,
				 * CommuniGate "([addr] verified)", and any Exim hop */
				const char *a = h->from_addr.ptr;
				const char *end = field + n, *q = a + h->from_addr.len;
				int exim = 0;
				for (i = 0; i < h->ncomments; i++)
					if (istarts(h->comments[i].ptr, h->comments[i].len, "exim "))
						exim = 1;
				if ((a[-1] != '[' && (q >= end || *q != ':')) ||
				    (a[-1] == '[' && end - q > 10 && memcmp(q, "] verified", 10) == 0) ||
				    (a[-1] == '[' && in_comment(h, h->from_addr) < 0) || exim)
					sp = h->from_name;
			}
		}
		set_span(out, sp.ptr, sp.len);
		return;
	}
	if (strcmp(key, "by_name") == 0) {
		sp = bare(h->by_name);
		if (s == S_MAILPARSER)
			sp = strip_angles(sp);
		if ((s == S_RSPAMD_CXX || s == S_RSPAMD_LUA) && has_byte(sp, '@'))
			sp.ptr = NULL;
		set_span(out, sp.ptr, sp.len);
		return;
	}
	if (strcmp(key, "with") == 0) {
		set_span(out, h->with.ptr, h->with.len);
		return;
	}
	if (strcmp(key, "id") == 0) {
		sp = h->id;
		if (s == S_MAILPARSER || s == S_SA)
			sp = strip_angles(sp);
		if (s == S_MAILPARSER && sp.ptr != NULL) {
			const char *slash = memchr(sp.ptr, '/', sp.len);
			if (slash != NULL)
				sp.len = (size_t)(slash - sp.ptr);
		}
		set_span(out, sp.ptr, sp.len);
		return;
	}
	if (strcmp(key, "for") == 0) {
		sp = h->for_mailbox;
		if (s != S_SA && sp.ptr != NULL && !has_byte(sp, '@'))
			sp.ptr = NULL;
		if ((s == S_RSPAMD_CXX || s == S_RSPAMD_LUA) && sp.ptr != NULL) {
			const char *semi = memchr(field, ';', n);
			if (semi != NULL && sp.ptr > semi)
				sp.ptr = NULL;
		}
		set_span(out, sp.ptr, sp.len);
		return;
	}
	if (strcmp(key, "tls_cipher") == 0) {
		sp = h->tls_clause.ptr != NULL ? h->tls_clause : h->tls_cipher;
		set_span(out, sp.ptr, sp.len);
		return;
	}
	if (strcmp(key, "tls_version") == 0) {
		tls_version_norm(out, h->tls_version);
		return;
	}
	if (strcmp(key, "auth") == 0) {
		int a = (h->flags & RCVD_H_AUTH) != 0;
		if (s == S_SA && !a) {
			if (h->with.ptr != NULL &&
			    (ieq(h->with.ptr, h->with.len, "http") || ieq(h->with.ptr, h->with.len, "httpu")))
				a = 1;
			for (i = 0; i < h->ncomments; i++) {
				struct rcvd_span c = h->comments[i];
				if ((istarts(c.ptr, c.len, "account ") && in_from_region(h, c)) ||
				    icontains(c.ptr, c.len, " authenticated user ") ||
				    istarts(c.ptr, c.len, "authenticated as ") ||
				    ieq(c.ptr, c.len, "via http"))
					a = 1;
			}
		}
		set_bool(out, a);
		return;
	}
	fail_msg("unknown expect key %s", key);
}

static int same(const char *key, const struct jval *want, const struct jval *got)
{
	if (want->type != got->type)
		return 0;
	if (want->type == 0)
		return 1;
	if (want->type == 2)
		return want->b == got->b;
	if (strcmp(key, "from_addr") == 0) {
		char a[RCVD_ADDR_MAX], b[RCVD_ADDR_MAX];
		size_t la, lb;
		if (rcvd_addr_normalize(want->s, want->len, a, sizeof a, &la) == RCVD_OK &&
		    rcvd_addr_normalize(got->s, got->len, b, sizeof b, &lb) == RCVD_OK)
			return strcmp(a, b) == 0;
	}
	return want->len == got->len && memcmp(want->s, got->s, want->len) == 0;
}

/* ---- the expected deviations ---- */

struct deviation {
	int src;
	long num;
	int seen;
};

static size_t load_deviations(struct deviation *dev, size_t cap)
{
	char line[2048];
	size_t n = 0;
	FILE *f = fopen(RCVD_TEST_DATA "/corpus_expected_deviations.tsv", "r");

	if (f == NULL)
		fail_msg("cannot open %s", RCVD_TEST_DATA "/corpus_expected_deviations.tsv");
	while (fgets(line, sizeof line, f) != NULL) {
		char *tab1, *tab2, *tab3;
		int s;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		tab1 = strchr(line, '\t');
		tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
		tab3 = tab2 ? strchr(tab2 + 1, '\t') : NULL;
		if (tab1 == NULL || tab2 == NULL || tab3 == NULL || strlen(tab3 + 1) < 10)
			fail_msg("deviation line without source, case, keys and a reason: %s", line);
		*tab1 = '\0';
		for (s = 0; s < S_COUNT; s++)
			if (strcmp(line, src_label[s]) == 0)
				break;
		if (s == S_COUNT)
			fail_msg("unknown source in deviations: %s", line);
		assert_true(n < cap);
		dev[n].src = s;
		dev[n].num = strtol(tab1 + 1, NULL, 10);
		dev[n].seen = 0;
		n++;
	}
	fclose(f);
	return n;
}

static void spans_inside(const struct rcvd_hop *h, const char *f, size_t n)
{
	const struct rcvd_span *all[] = {&h->from_name, &h->helo, &h->from_rdns, &h->from_addr,
	                                 &h->by_name, &h->by_addr, &h->via, &h->with, &h->id,
	                                 &h->for_mailbox, &h->tls_clause, &h->tls_version,
	                                 &h->tls_cipher, &h->auth_hint, &h->date};
	size_t i;
	for (i = 0; i < sizeof all / sizeof all[0]; i++)
		if (all[i]->ptr != NULL) {
			assert_true(all[i]->ptr >= f);
			assert_true(all[i]->ptr + all[i]->len <= f + n);
		}
	assert_true(h->ncomments <= RCVD_HOP_COMMENTS);
	for (i = 0; i < h->ncomments; i++) {
		assert_true(h->comments[i].ptr >= f);
		assert_true(h->comments[i].ptr + h->comments[i].len <= f + n);
	}
}

static void test_corpus(void **state)
{
	static struct jcase c;
	static char input[MAX_FIELD];
	struct deviation dev[MAX_DEV];
	size_t ndev, total[S_COUNT] = {0}, match[S_COUNT] = {0}, skipcases = 0, i, cases = 0;
	int failures = 0, s;
	char *line = NULL;
	size_t cap = 0;
	FILE *f = fopen(RCVD_TEST_DATA "/../corpus/received-realworld.jsonl", "r");

	(void)state;
	ndev = load_deviations(dev, MAX_DEV);
	if (f == NULL)
		fail_msg("cannot open the corpus");
	while (getline(&line, &cap, f) > 0) {
		struct rcvd_hop hop;
		size_t n = 0, k;
		int ok = 1, listed = 0, rc;

		parse_line(line, &c);
		cases++;
		for (s = 0; s < S_COUNT; s++)
			if (strcmp(c.source, src_label[s]) == 0)
				break;
		if (s == S_COUNT)
			fail_msg("unknown source %s", c.source);
		/* the harness's own input preparation */
		for (k = 0; k < c.field_len; k++) {
			char ch = c.field[k];
			if (s == S_RSPAMD_CXX && ch == '\0')
				continue;
			if (s == S_RSPAMD_LUA && ch == '\n')
				ch = ' ';
			input[n++] = ch;
		}
		rcvd_hop_init(&hop);
		rc = rcvd_parse(input, n, &hop, 0);
		assert_true(rc == RCVD_OK || rc == RCVD_E_SYNTAX);
		spans_inside(&hop, input, n);
		total[s]++;
		if (c.nexp == 0) {
			/* SpamAssassin's skip cases: nothing asserted */
			skipcases++;
			match[s]++;
			continue;
		}
		for (k = 0; k < c.nexp; k++) {
			struct jval got;
			adapt((enum src)s, &hop, input, n, c.exp[k].key, &got);
			if (!same(c.exp[k].key, &c.exp[k].v, &got)) {
				ok = 0;
				printf("  mismatch %s #%ld %s: want %s%s%s got %s%s%s\n", c.source, c.num,
				       c.exp[k].key, c.exp[k].v.type == 1 ? "\"" : "",
				       c.exp[k].v.type == 0 ? "null" : c.exp[k].v.type == 2 ? (c.exp[k].v.b ? "true" : "false") : c.exp[k].v.s,
				       c.exp[k].v.type == 1 ? "\"" : "", got.type == 1 ? "\"" : "",
				       got.type == 0 ? "null" : got.type == 2 ? (got.b ? "true" : "false") : got.s,
				       got.type == 1 ? "\"" : "");
			}
		}
		for (i = 0; i < ndev; i++)
			if (dev[i].src == s && dev[i].num == c.num) {
				listed = 1;
				dev[i].seen = 1;
			}
		if (ok) {
			match[s]++;
			if (listed) {
				printf("FAIL: %s #%ld is listed as a deviation but matches\n", c.source, c.num);
				failures++;
			}
		} else if (!listed) {
			printf("FAIL: %s #%ld mismatches and is not listed\n", c.source, c.num);
			failures++;
		}
	}
	free(line);
	fclose(f);
	for (i = 0; i < ndev; i++)
		if (!dev[i].seen) {
			printf("FAIL: deviation %s #%ld names no case\n", src_label[dev[i].src], dev[i].num);
			failures++;
		}
	printf("corpus: %lu cases (%lu SpamAssassin skip cases parsed, nothing asserted), %lu listed deviations\n",
	       (unsigned long)cases, (unsigned long)skipcases, (unsigned long)ndev);
	for (s = 0; s < S_COUNT; s++) {
		double rate = total[s] ? 100.0 * (double)match[s] / (double)total[s] : 0.0;
		printf("  %-40s %3lu/%3lu = %.1f%%\n", src_label[s], (unsigned long)match[s],
		       (unsigned long)total[s], rate);
		if (total[s] == 0 || match[s] * 100 < total[s] * 95) {
			printf("FAIL: %s below 95%%\n", src_label[s]);
			failures++;
		}
	}
	assert_int_equal(cases, 352);
	assert_int_equal(failures, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
