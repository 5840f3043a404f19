/*
 * fuzz_compose.c -- rcvd_format() on hostile client text, read back.
 *
 * Input (see fuzz.h for fuzz_str):
 *   byte 0  this host's name        (index into hosts[])
 *   byte 1  queue id                (ids[])
 *   byte 2  client address          (addrs[]: text or sockaddr)
 *   byte 3  product comment         (products[])
 *   byte 4  time and offset         (times[], plus an hour step)
 *   byte 5  greeting (bits 0-1, 0 = none), session struct (bit 2),
 *           TLS/AUTH/UTF8 (bits 3-5), implicit TLS (bit 6); without a
 *           session, bits 6 and 7 both set: flags outside the domain
 *   byte 6  RCVD_O_* options (bits 0-6)
 *   byte 7  recipient count selector
 *   byte 8  capacity of the second call
 *   byte 9  TLS bits (times 8)
 *   then the client's strings: greeting argument, reverse-DNS name,
 *   recipient, envelope sender, identity, TLS version, TLS cipher.
 * The trusted part comes from fixed lists, a few entries of which are
 * invalid on purpose: those must give their error status.
 *
 * Oracles:
 *  - status: trusted input decides it; client text never causes an error;
 *    the field always fits RCVD_FIELD_MAX; NOSPACE exactly when
 *    cap < needed + 1, with an empty string and the same needed; any error
 *    leaves an empty string;
 *  - the output: NUL-terminated at needed, no NUL inside, no write past
 *    cap (exact-size heap buffers), the same bytes for every capacity that
 *    fits, the same report;
 *  - form: "Received: " and the final line break unless value-only; line
 *    breaks all of the asked kind; every line <= 998 octets; no control
 *    bytes; 8-bit octets only in SMTPUTF8 transactions and never a Unicode
 *    space, control or format character;
 *  - strict-valid under rcvd_parse() and under the independent recogniser
 *    in tests/support/rfc5321_check.c;
 *  - read back: BY = the host, WITH = the keyword for the state, ID = the
 *    queue id, the date = (time, offset), the client address = the given
 *    one normalised, FOR only for a single valid recipient and equal to it;
 *  - nothing client-chosen read back as a clause, address, id or hint: no
 *    VIA, no AUTH without AUTH, no TLS without TLS, a tls clause only with
 *    the given cipher, the FROM name either the greeting (when it is a
 *    valid name), the client's address literal or "unknown";
 *  - the helo= comment decodes back to the greeting (or a prefix of it,
 *    when cut); the report marks the greeting cut exactly when the token
 *    ends in the cut mark, a greeting hidden by privacy mode as dropped,
 *    and a recipient as dropped exactly when FOR is missing.
 */
#include <netinet/in.h>
#include <sys/socket.h>

#include "fuzz.h"
#include "rfc5321_check.h"

#define LONG_LABEL "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz1"
#define LONG_NAME \
	LONG_LABEL "." LONG_LABEL "." LONG_LABEL "." \
	"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxy" /* 253 */
#define ATOM_128 \
	"0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF" \
	"0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"

/* A trusted string and the status it must give on its own; NULL: absent.
 * want_utf8: valid only inside an SMTPUTF8 transaction (U-labels). */
struct trusted {
	const char *s;
	int status;
	int utf8_only;
};

static const struct trusted hosts[] = {
	{"mx.example.org", RCVD_OK, 0},
	{"[192.0.2.25]", RCVD_OK, 0},
	{"[IPv6:2001:db8::25]", RCVD_OK, 0},
	{"a", RCVD_OK, 0},
	{"xn--bcher-kva.example", RCVD_OK, 0},
	{LONG_NAME, RCVD_OK, 0},
	{"MX-1.Example.NET", RCVD_OK, 0},
	{"mx.b\xc3\xbc" "cher.example", RCVD_OK, 1},
	{"bad host", RCVD_E_HOST, 0},
	{"-x.example", RCVD_E_HOST, 0},
	{"[1.2.3]", RCVD_E_HOST, 0},
	{LONG_NAME "zzz", RCVD_E_HOST, 0},
	{"mx.example.org (evil)", RCVD_E_HOST, 0},
	{NULL, RCVD_E_HOST, 0},
};

static const struct trusted ids[] = {
	{NULL, RCVD_OK, 0},
	{"4Q1abc", RCVD_OK, 0},
	{"1fZ55o-0006DP-3H", RCVD_OK, 0},
	{"<20261129.abc@mx.example.org>", RCVD_OK, 0},
	{"<a.b@[192.0.2.1]>", RCVD_OK, 0},
	{ATOM_128, RCVD_OK, 0},
	{"a b", RCVD_E_ID, 0},
	{"<x>", RCVD_E_ID, 0},
	{ATOM_128 "9", RCVD_E_ID, 0},
	{"id;", RCVD_E_ID, 0},
};

static const struct trusted products[] = {
	{NULL, RCVD_OK, 0},
	{"librcvd", RCVD_OK, 0},
	{"Postfix", RCVD_OK, 0},
	{"Exim 4.96", RCVD_OK, 0},
	{"x (y) \\z", RCVD_OK, 0},
};

/* Client addresses: text ones, and sockaddrs (s == NULL, sa set). */
struct addr {
	const char *s;
	int status;
	int family;             /* 0: text (or absent when s is NULL) */
	unsigned char b[16];
	const char *normal;     /* what FROM must show, NULL: nothing */
};

static const struct addr addrs[] = {
	{NULL, RCVD_OK, 0, {0}, NULL},
	{"192.0.2.1", RCVD_OK, 0, {0}, "192.0.2.1"},
	{"2001:DB8::1", RCVD_OK, 0, {0}, "2001:db8::1"},
	{"::ffff:192.0.2.7", RCVD_OK, 0, {0}, "192.0.2.7"},
	{"[IPv6:2001:db8:0:0:0:0:0:1]", RCVD_OK, 0, {0}, "2001:db8::1"},
	{"fe80::1%eth0", RCVD_OK, 0, {0}, "fe80::1"},
	{"0.0.0.0", RCVD_OK, 0, {0}, "0.0.0.0"},
	{NULL, RCVD_OK, AF_INET, {198, 51, 100, 9}, "198.51.100.9"},
	{NULL, RCVD_OK, AF_INET6,
	 {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9}, "2001:db8::9"},
	{NULL, RCVD_OK, AF_INET6,
	 {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 203, 0, 113, 5}, "203.0.113.5"},
	{"999.1.1.1", RCVD_E_ADDRESS, 0, {0}, NULL},
	{"example.org", RCVD_E_ADDRESS, 0, {0}, NULL},
	{"1.2.3.4:25", RCVD_E_ADDRESS, 0, {0}, NULL},
};

struct when {
	int64_t t;
	int offset;
	int status;
};

static const struct when times[] = {
	{1795843238, 0, RCVD_OK},
	{1795843238, 60, RCVD_OK},
	{1795843238, -330, RCVD_OK},
	{1795843238, RCVD_ZONE_UNKNOWN, RCVD_OK},
	{0, 0, RCVD_OK},
	{-2208988800LL, 0, RCVD_OK},
	{253402300799LL, 0, RCVD_OK},
	{951825600, 1439, RCVD_OK},
	{253402300799LL, 1, RCVD_E_RANGE},
	{0, 1440, RCVD_E_ZONE},
};

#define N(a) (sizeof a / sizeof a[0])

struct expect {
	enum rcvd_greeting g;
	unsigned flags;
	struct rcvd_span helo, identity;
	int utf8; /* 8-bit text allowed: SMTPUTF8 and not HELO */
};

/* ---- helpers over the output ---- */

static struct rcvd_span strip_angles(struct rcvd_span s)
{
	if (s.ptr != NULL && s.len >= 2 && s.ptr[0] == '<' && s.ptr[s.len - 1] == '>') {
		s.ptr++;
		s.len -= 2;
	}
	return s;
}

static int absent(struct rcvd_span s)
{
	return s.ptr == NULL;
}

static int eq_cstr(struct rcvd_span s, const char *c)
{
	return fuzz_span_eq(s, c, strlen(c));
}

/* The code point of the well-formed UTF-8 sequence at p, its length in
 * *len; 0 with *len 0 when ill-formed (the recogniser reports that). */
static uint32_t utf8_cp(const unsigned char *p, size_t n, size_t *len)
{
	uint32_t cp;
	size_t k, i;

	*len = 0;
	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		k = 4;
		cp = p[0] & 0x07u;
	} else if (p[0] >= 0xe0) {
		k = 3;
		cp = p[0] & 0x0fu;
	} else if (p[0] >= 0xc2 && p[0] < 0xe0) {
		k = 2;
		cp = p[0] & 0x1fu;
	} else {
		return 0;
	}
	if (k > n)
		return 0;
	for (i = 1; i < k; i++) {
		if ((p[i] & 0xc0u) != 0x80u)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3fu);
	}
	*len = k;
	return cp;
}

/* Unicode spaces, controls and format characters: what could hide or
 * reorder text for a human or split words for a regular expression. */
static int cp_invisible(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0xa0) || cp == 0xad || cp == 0x61c ||
	       cp == 0x1680 || cp == 0x180e || (cp >= 0x2000 && cp <= 0x200f) ||
	       (cp >= 0x2028 && cp <= 0x202f) || (cp >= 0x205f && cp <= 0x206f) ||
	       cp == 0x3000 || cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb) ||
	       (cp >= 0xe0000 && cp <= 0xe007f);
}

static void check_form(const char *f, size_t n, unsigned opt, int utf8)
{
	int crlf = (opt & RCVD_O_CRLF) != 0, value_only = (opt & RCVD_O_VALUE_ONLY) != 0;
	size_t i, line = 0, k;

	if (!value_only) {
		FUZZ_CHECK(n >= 10 && memcmp(f, "Received: ", 10) == 0);
		FUZZ_CHECK(f[n - 1] == '\n');
		if (crlf)
			FUZZ_CHECK(n >= 2 && f[n - 2] == '\r');
	} else {
		FUZZ_CHECK(n > 0 && f[n - 1] != '\n' && f[n - 1] != '\r');
		FUZZ_CHECK(!(n >= 9 && fuzz_ieq(f, "Received:", 9)));
		FUZZ_CHECK(f[0] != ' ' && f[0] != '\t');
	}
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)f[i];

		if (c == '\n') {
			FUZZ_CHECK(crlf == (i > 0 && f[i - 1] == '\r'));
			/* The next line is a continuation: it starts with WSP. */
			if (i + 1 < n)
				FUZZ_CHECK(f[i + 1] == '\t' || f[i + 1] == ' ');
			line = 0;
			continue;
		}
		if (c == '\r') {
			FUZZ_CHECK(crlf && i + 1 < n && f[i + 1] == '\n');
			continue;
		}
		line++;
		FUZZ_CHECK(line <= 998);
		FUZZ_CHECK(c != 0 && c != 0x7f && (c >= 0x20 || c == '\t'));
		if (c >= 0x80) {
			uint32_t cp;

			FUZZ_CHECK(utf8);
			cp = utf8_cp((const unsigned char *)f + i, n - i, &k);
			FUZZ_CHECK(k > 0);
			if (cp_invisible(cp))
				fprintf(stderr, "U+%04lX at offset %zu\n", (unsigned long)cp, i);
			FUZZ_CHECK(!cp_invisible(cp));
			i += k - 1;
			line += k - 1;
			FUZZ_CHECK(line <= 998);
		}
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The helo= token decodes (percent-hex, upper case) to the greeting, or to
 * a prefix of it when it ends in the cut mark "%..". */
static void check_helo_token(struct rcvd_span tok, struct rcvd_span helo)
{
	size_t i = 0, o = 0;
	int cut = tok.len >= 3 && memcmp(tok.ptr + tok.len - 3, "%..", 3) == 0;
	size_t end = cut ? tok.len - 3 : tok.len;

	while (i < end) {
		unsigned char b;

		if (tok.ptr[i] == '%') {
			int hi, lo;

			FUZZ_CHECK(i + 2 < end);
			hi = hexval(tok.ptr[i + 1]);
			lo = hexval(tok.ptr[i + 2]);
			FUZZ_CHECK(hi >= 0 && lo >= 0);
			b = (unsigned char)(hi * 16 + lo);
			i += 3;
		} else {
			b = (unsigned char)tok.ptr[i];
			i++;
		}
		FUZZ_CHECK(o < helo.len && (unsigned char)helo.ptr[o] == b);
		o++;
	}
	FUZZ_CHECK(i == end);
	if (!cut)
		FUZZ_CHECK(o == helo.len);
	else
		FUZZ_CHECK(o < helo.len);
}

static void check_readback(const char *f, size_t n, const struct rcvd_info *info,
                           const struct expect *ex, const char *keyword,
                           const char *normal, const char *date,
                           const struct rcvd_report *rep)
{
	struct rcvd_hop hop;
	int rc, hide = (info->options & RCVD_O_HIDE_CLIENT) != 0;
	size_t off = 0;
	const char *why = NULL;
	unsigned gf;

	rcvd_hop_init(&hop);
	rc = rcvd_parse(f, n, &hop, 0);
	if (rc != RCVD_OK || (hop.flags & RCVD_H_STRICT) == 0) {
		fprintf(stderr, "rcvd_parse: rc %d, error \"%s\" at %zu\n", rc,
		        hop.error != NULL ? hop.error : "(none)", hop.error_offset);
		fuzz_dump("field", f, n);
	}
	FUZZ_CHECK(rc == RCVD_OK);
	FUZZ_CHECK((hop.flags & RCVD_H_STRICT) != 0 && hop.error == NULL);
	if (!rfc5321_check(f, n, ex->utf8, &off, &why)) {
		fprintf(stderr, "rfc5321_check: %s at %zu\n", why, off);
		fuzz_dump("field", f, n);
	}
	FUZZ_CHECK(rfc5321_check(f, n, ex->utf8, NULL, NULL));

	/* BY, WITH, ID: exactly the trusted values. */
	FUZZ_CHECK(fuzz_span_eq(hop.by_name, info->host.ptr, info->host.len));
	FUZZ_CHECK(eq_cstr(hop.with, keyword));
	FUZZ_CHECK((hop.flags & RCVD_H_WITH_KNOWN) != 0);
	FUZZ_CHECK(hop.with_greeting == ex->g);
	gf = ex->g == RCVD_HELO ? 0u : ex->flags;
	FUZZ_CHECK(hop.with_flags == gf);
	if (info->id.ptr != NULL && info->id.len > 0)
		FUZZ_CHECK(fuzz_span_eq(hop.id, info->id.ptr, info->id.len));
	else
		FUZZ_CHECK(absent(hop.id));
	FUZZ_CHECK(absent(hop.via));

	/* The date. */
	if ((hop.flags & RCVD_H_DATE) == 0)
		fuzz_dump("field", f, n);
	FUZZ_CHECK((hop.flags & RCVD_H_DATE) != 0);
	FUZZ_CHECK(hop.epoch == info->time);
	FUZZ_CHECK(eq_cstr(hop.date, date));
	if (info->offset == RCVD_ZONE_UNKNOWN)
		FUZZ_CHECK((hop.flags & RCVD_H_ZONE_UNKNOWN) != 0);
	else
		FUZZ_CHECK((hop.flags & RCVD_H_ZONE_UNKNOWN) == 0 &&
		           hop.offset == info->offset);
	FUZZ_CHECK((hop.flags & RCVD_H_DATE_OBSOLETE) == 0);

	/* The client's address: the one given, or none at all. */
	if (normal != NULL && !hide) {
		char a[RCVD_ADDR_MAX];
		size_t al = 0;

		if (hop.from_addr.ptr == NULL)
			fuzz_dump("field", f, n);
		FUZZ_CHECK(hop.from_addr.ptr != NULL);
		FUZZ_CHECK(rcvd_addr_normalize(hop.from_addr.ptr, hop.from_addr.len,
		                               a, sizeof a, &al) == RCVD_OK);
		if (al != strlen(normal) || memcmp(a, normal, al) != 0) {
			fprintf(stderr, "client address given %s, read back %.*s\n", normal,
			        (int)al, a);
			fuzz_dump("field", f, n);
		}
		FUZZ_CHECK(al == strlen(normal) && memcmp(a, normal, al) == 0);
	} else {
		FUZZ_CHECK(absent(hop.from_addr));
	}

	/* The FROM name: the greeting when it is a name, else the literal or
	 * "unknown"; with the client hidden always "unknown". */
	FUZZ_CHECK(hop.from_name.ptr != NULL);
	if (hide) {
		FUZZ_CHECK(eq_cstr(hop.from_name, "unknown"));
		FUZZ_CHECK(absent(hop.from_rdns));
		FUZZ_CHECK(absent(hop.helo) || eq_cstr(hop.helo, "unknown"));
	} else if (!eq_cstr(hop.from_name, "unknown") &&
	           !fuzz_span_eq(hop.from_name, ex->helo.ptr, ex->helo.len)) {
		char lit[RCVD_ADDR_MAX + 8], hcanon[RCVD_ADDR_MAX], hlit[RCVD_ADDR_MAX + 8];
		int helo_lit = 0;

		/* an IP literal greeting is written in canonical form */
		if (ex->helo.ptr != NULL && ex->helo.len > 2 && ex->helo.ptr[0] == '[' &&
		    rcvd_addr_normalize(ex->helo.ptr, ex->helo.len, hcanon, sizeof hcanon,
		                        NULL) == RCVD_OK) {
			snprintf(hlit, sizeof hlit, "[%s%s]",
			         strchr(hcanon, ':') != NULL ? "IPv6:" : "", hcanon);
			helo_lit = eq_cstr(hop.from_name, hlit);
		}
		if (!helo_lit) {
			FUZZ_CHECK(normal != NULL);
			snprintf(lit, sizeof lit, "[%s%s]",
			         strchr(normal, ':') != NULL ? "IPv6:" : "", normal);
			FUZZ_CHECK(eq_cstr(hop.from_name, lit));
		}
	}
	if (!hide && ex->helo.ptr != NULL && ex->helo.len > 0 &&
	    fuzz_span_eq(hop.from_name, ex->helo.ptr, ex->helo.len)) {
		FUZZ_CHECK(rfc5321_is_domain(ex->helo.ptr, ex->helo.len, ex->utf8) ||
		           (normal != NULL &&
		            rfc5321_is_address_literal(ex->helo.ptr, ex->helo.len)));
	}
	/* The converse (a valid name always stands) does not hold: names that
	 * regex readers would act on are refused (src/reader.c). */
	if (!hide && hop.helo.ptr != NULL && ex->helo.ptr != NULL &&
	    !fuzz_span_eq(hop.from_name, ex->helo.ptr, ex->helo.len)) {
		int cut = hop.helo.len >= 3 &&
		          memcmp(hop.helo.ptr + hop.helo.len - 3, "%..", 3) == 0;

		check_helo_token(hop.helo, ex->helo);
		/* The report says so exactly when the token is cut. */
		FUZZ_CHECK(cut == ((rep->truncated & RCVD_ITEM_HELO) != 0));
	}
	if (hide && ex->helo.ptr != NULL && ex->helo.len > 0)
		FUZZ_CHECK((rep->dropped & RCVD_ITEM_HELO) != 0);
	/* The rDNS, less one trailing dot: one read back is the one given;
	 * one given with the address and not reported dropped is read back
	 * ("unknown", any case, is the word for none). */
	{
		struct rcvd_span r = info->rdns;

		if (r.len > 0 && r.ptr[r.len - 1] == '.')
			r.len--;
		if (hop.from_rdns.ptr != NULL && !eq_cstr(hop.from_rdns, "unknown")) {
			FUZZ_CHECK(r.ptr != NULL && normal != NULL);
			FUZZ_CHECK(fuzz_span_eq(hop.from_rdns, r.ptr, r.len));
		}
		if (!hide && normal != NULL && info->rdns.len > 0 &&
		    (rep->dropped & RCVD_ITEM_RDNS) == 0 &&
		    !(r.len == 7 && fuzz_ieq(r.ptr, "unknown", 7))) {
			if (hop.from_rdns.ptr == NULL) {
				fprintf(stderr, "rDNS given %.*s, not read back\n", (int)r.len, r.ptr);
				fuzz_dump("field", f, n);
			}
			FUZZ_CHECK(fuzz_span_eq(hop.from_rdns, r.ptr, r.len));
		}
	}

	/* FOR: only the single valid recipient, exactly. */
	if (hop.for_mailbox.ptr != NULL) {
		struct rcvd_span r = strip_angles(info->rcpt);

		FUZZ_CHECK(info->rcpt_count == 1 || (info->options & RCVD_O_FORCE_FOR));
		FUZZ_CHECK(fuzz_span_eq(hop.for_mailbox, r.ptr, r.len));
		FUZZ_CHECK(rfc5321_is_dot_mailbox(r.ptr, r.len, ex->utf8));
	}

	/* A recipient given but not written is reported dropped. */
	if (info->rcpt.ptr != NULL && info->rcpt.len > 0)
		FUZZ_CHECK((hop.for_mailbox.ptr == NULL) ==
		           ((rep->dropped & RCVD_ITEM_RCPT) != 0));

	/* No hint the state does not justify. */
	if ((ex->flags & RCVD_AUTH) == 0) {
		FUZZ_CHECK((hop.flags & RCVD_H_AUTH) == 0);
		FUZZ_CHECK(absent(hop.auth_hint));
	}
	if ((ex->flags & RCVD_TLS) == 0) {
		FUZZ_CHECK((hop.flags & RCVD_H_TLS) == 0);
		FUZZ_CHECK(absent(hop.tls_clause));
		FUZZ_CHECK(absent(hop.tls_version) && absent(hop.tls_cipher));
	}
	if (hop.tls_clause.ptr != NULL)
		FUZZ_CHECK(fuzz_span_eq(hop.tls_clause, info->tls_cipher.ptr,
		                        info->tls_cipher.len));
}

/* ---- the session, built from the same bytes ---- */

static void build_session(struct rcvd_session *s, unsigned g, unsigned flags,
                          int implicit, struct rcvd_span helo,
                          struct rcvd_span identity)
{
	rcvd_session_init(s);
	FUZZ_CHECK(rcvd_session_connect(s, implicit) == RCVD_OK);
	if (g == RCVD_GREETING_NONE)
		return;
	(void)rcvd_session_greeting(s, (enum rcvd_greeting)g, helo.ptr, helo.len);
	if ((flags & RCVD_TLS) && !implicit &&
	    rcvd_session_starttls(s) == RCVD_OK)
		(void)rcvd_session_greeting(s, (enum rcvd_greeting)g, helo.ptr, helo.len);
	if (flags & RCVD_AUTH)
		(void)rcvd_session_auth(s, identity.ptr, identity.len);
	(void)rcvd_session_mail(s, (flags & RCVD_UTF8) != 0);
}

static struct rcvd_span cspan(const char *s)
{
	return rcvd_span_cstr(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in;
	struct rcvd_info info;
	struct rcvd_session sess;
	struct rcvd_report rep1, rep2;
	struct expect ex;
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	const struct trusted *host, *id, *prod;
	const struct addr *ad;
	const struct when *wh;
	unsigned b5, opt, cnt, capsel, g, flags;
	int use_session, implicit, want, rc, bad_flags = 0;
	size_t needed = 0, needed2 = 0, cap;
	char *buf, *buf2;
	const char *keyword = NULL;
	char date[RCVD_DATE_MAX];
	struct rcvd_span helo, identity;

	in.p = data;
	in.n = size;
	host = &hosts[fuzz_u8(&in) % N(hosts)];
	id = &ids[fuzz_u8(&in) % N(ids)];
	ad = &addrs[fuzz_u8(&in) % N(addrs)];
	prod = &products[fuzz_u8(&in) % N(products)];
	{
		unsigned b = fuzz_u8(&in);

		wh = &times[b % N(times)];
		rcvd_info_init(&info);
		info.time = wh->t;
		/* Steps of an hour and a bit keep valid instants valid. */
		if (wh->status == RCVD_OK && wh->t > 0 && wh->t < 4000000000LL)
			info.time += (int64_t)(b / N(times)) * 3607;
		info.offset = wh->offset;
	}
	b5 = fuzz_u8(&in);
	opt = fuzz_u8(&in) & 0x7fu;
	cnt = fuzz_u8(&in);
	capsel = fuzz_u8(&in);
	info.tls_bits = fuzz_u8(&in) * 8u;

	helo = fuzz_str(&in);
	info.rdns = fuzz_str(&in);
	info.rcpt = fuzz_str(&in);
	info.sender = fuzz_str(&in);
	identity = fuzz_str(&in);
	info.tls_version = fuzz_str(&in);
	info.tls_cipher = fuzz_str(&in);

	info.host = cspan(host->s);
	info.id = cspan(id->s);
	info.product = cspan(prod->s);
	if (ad->family == AF_INET) {
		memset(&sin, 0, sizeof sin);
		sin.sin_family = AF_INET;
		memcpy(&sin.sin_addr, ad->b, 4);
		info.addr_sa = (const struct sockaddr *)&sin;
	} else if (ad->family == AF_INET6) {
		memset(&sin6, 0, sizeof sin6);
		sin6.sin6_family = AF_INET6;
		memcpy(&sin6.sin6_addr, ad->b, 16);
		info.addr_sa = (const struct sockaddr *)&sin6;
	} else {
		info.addr = cspan(ad->s);
	}
	info.options = opt;
	switch (cnt & 3u) {
	case 2:
		info.rcpt_count = 0;
		break;
	case 3:
		info.rcpt_count = 2 + cnt / 4u;
		break;
	default:
		info.rcpt_count = 1;
		break;
	}

	g = b5 & 3u;
	use_session = (b5 & 4u) != 0;
	flags = (b5 >> 3) & 7u;
	implicit = (b5 & 0x40u) != 0;
	if (use_session) {
		build_session(&sess, g, flags, implicit, helo, identity);
		info.session = &sess;
		ex.g = sess.greeting;
		ex.flags = sess.flags;
		ex.helo.ptr = sess.arg;
		ex.helo.len = sess.arg_len;
		ex.identity.ptr = sess.identity;
		ex.identity.len = sess.identity_len;
	} else {
		info.greeting = (enum rcvd_greeting)g;
		/* Bits 6 and 7 together, meaningless without a session: flags
		 * outside the domain. */
		bad_flags = (b5 & 0xc0u) == 0xc0u;
		info.flags = bad_flags ? flags | 0x80u : flags;
		info.helo = helo;
		info.identity = identity;
		ex.g = info.greeting;
		ex.flags = info.flags;
		ex.helo = helo;
		ex.identity = identity;
	}
	ex.utf8 = (ex.flags & RCVD_UTF8) != 0 && ex.g != RCVD_HELO;

	/* The status the trusted part decides, in rcvd.h's order of checks
	 * where several are wrong: the state, then host, id, address, date. */
	if (ex.g == RCVD_GREETING_NONE)
		want = use_session ? RCVD_E_NOGREETING : -1; /* NOGREETING or ARG */
	else if (bad_flags)
		want = RCVD_E_ARG;
	else if (host->status != RCVD_OK || (host->utf8_only && !ex.utf8))
		want = RCVD_E_HOST;
	else if (id->status != RCVD_OK)
		want = RCVD_E_ID;
	else if (ad->status != RCVD_OK)
		want = RCVD_E_ADDRESS;
	else
		want = wh->status;

	buf = (char *)malloc(RCVD_FIELD_MAX);
	FUZZ_CHECK(buf != NULL);
	memset(buf, 'x', RCVD_FIELD_MAX);
	rc = rcvd_format(buf, RCVD_FIELD_MAX, &info, &needed, &rep1);
	if (want == -1)
		FUZZ_CHECK(rc == RCVD_E_NOGREETING || rc == RCVD_E_ARG);
	else {
		if (rc != want || getenv("RCVD_FUZZ_SHOW") != NULL)
			fprintf(stderr, "rcvd_format: want %d got %d\n", want, rc);
		FUZZ_CHECK(rc == want);
	}
	if (rc != RCVD_OK) {
		FUZZ_CHECK(buf[0] == '\0');
		free(buf);
		return 0;
	}

	/* The bounds. */
	FUZZ_CHECK(needed + 1 <= RCVD_FIELD_MAX);
	FUZZ_CHECK(buf[needed] == '\0' && strlen(buf) == needed);
	FUZZ_CHECK((rep1.encoded | rep1.dropped | rep1.truncated) <= 0x1ffu);

	keyword = rcvd_keyword(ex.g, ex.flags);
	FUZZ_CHECK(keyword != NULL);
	FUZZ_CHECK(rcvd_date(date, sizeof date, info.time, info.offset, NULL) == RCVD_OK);

	/* RCVD_FUZZ_SHOW=1 prints each field, to see what a seed exercises. */
	if (getenv("RCVD_FUZZ_SHOW") != NULL)
		fuzz_dump("field", buf, needed);
	check_form(buf, needed, opt, ex.utf8);
	check_readback(buf, needed, &info, &ex, keyword, ad->normal, date, &rep1);

	/* The second call, at a capacity around the size needed. */
	switch (capsel & 3u) {
	case 0:
		cap = needed + 1;
		break;
	case 1:
		cap = needed;
		break;
	case 2:
		cap = (capsel >> 2) & 1u ? 0 : needed + 2;
		break;
	default:
		cap = (capsel >> 2) % (needed + 2);
		break;
	}
	buf2 = cap > 0 ? (char *)malloc(cap) : NULL;
	FUZZ_CHECK(cap == 0 || buf2 != NULL);
	if (cap > 0)
		memset(buf2, 'x', cap);
	rc = rcvd_format(buf2, cap, &info, &needed2, &rep2);
	FUZZ_CHECK(needed2 == needed);
	FUZZ_CHECK(memcmp(&rep1, &rep2, sizeof rep1) == 0);
	if (cap >= needed + 1) {
		FUZZ_CHECK(rc == RCVD_OK);
		FUZZ_CHECK(memcmp(buf, buf2, needed + 1) == 0);
	} else {
		FUZZ_CHECK(rc == RCVD_E_NOSPACE);
		if (cap > 0)
			FUZZ_CHECK(buf2[0] == '\0');
	}
	/* NULL out-pointers are allowed and change nothing. */
	if (cap >= needed + 1)
		FUZZ_CHECK(rcvd_format(buf2, cap, &info, NULL, NULL) == RCVD_OK &&
		           memcmp(buf, buf2, needed + 1) == 0);
	free(buf2);
	free(buf);
	return 0;
}
