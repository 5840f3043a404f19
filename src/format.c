/*
 * format.c -- the composer: one whole Received field from a struct rcvd_info.
 *
 * Two steps, and no copy of the field anywhere but in the caller's
 * buffer. First every clause is checked and decided, and client text that
 * needs encoding is measured (rcvd_i_encode_len), so that the length of
 * every word is known before it is written. Then the words are written
 * straight into the caller's buffer, each after a space, or after a fold
 * where the line would pass 78 columns: the writer stores what fits and
 * counts the rest, so the length needed is exact without a second pass,
 * and nothing is ever written past cap. Encoded text is encoded in place.
 * For a buffer that needs no checks, the usual FROM, BY and FOR lines are
 * measured whole first and, when all of a line fits in 78 columns,
 * written with straight copies and no fold test a word.
 *
 * Layout (DESIGN.md), forced folds before each line but the first:
 *
 *   Received: from NAME (RDNS [ADDRESS])
 *   	(using VERSION with cipher CIPHER (BITS/BITS bits))
 *   	(authenticated as IDENTITY)
 *   	by HOST (PRODUCT) with KEYWORD id ID
 *   	(helo=GREETING)
 *   	(envelope-from <SENDER>)
 *   	for <RECIPIENT> tls CIPHER;
 *   	DATE
 *
 * Budgets for client text, in output octets (see encode.c for the scheme):
 * greeting 128, identity 128, envelope sender 256, TLS version 32, TLS
 * cipher 64, product 64. Other lengths are bounded by validation: names
 * 255, queue id 128, mailbox 254 (path 256), date 31.
 *
 * Where client text goes, and why:
 *  - the greeting is the FROM name only when it is a Domain (U-labels in
 *    SMTPUTF8 transactions) or, with a client address to follow as
 *    TCP-info, an address literal; and not a name a reader would take for
 *    something else (reader.c). Otherwise FROM is the client's address
 *    literal or "unknown", and the greeting goes, encoded, into "(helo=)"
 *    after BY, where no reader looks for the client's claims. An empty
 *    greeting is treated as absent: no "(helo=)".
 *  - rDNS: one trailing dot dropped; not a Domain (or a reader trap):
 *    "unknown", which SpamAssassin reads as no rDNS. Without a client
 *    address there is no TCP-info and the rDNS is dropped.
 *  - the envelope sender goes after BY, as a path when it is a Dot-string
 *    mailbox, "<>" for the null path, else encoded without brackets.
 *    Privacy mode drops it with the rest of the client's details.
 *  - FOR: one valid Dot-string path when the transaction had exactly one
 *    recipient (or the caller forces it), else nothing.
 *  - TLS strings only with RCVD_TLS; the tls clause only for an RFC 8314
 *    cipher name, else the cipher stays in the comment alone.
 * The report's "dropped" means: present in the input, asked for by the
 * options, and yet written nowhere (invalid, no place for it, or hidden by
 * privacy mode). Items the options turn off are not reported.
 *
 * Worst case, every item at its maximum, every space folded with CRLF (a
 * space becomes CRLF TAB, +2 octets):
 *   "Received:"                                                9
 *   SP from SP NAME(255)                                     261
 *   SP (RDNS(255) SP [IPv6:ADDR(45)])                        311
 *   (using V(32) with cipher C(64) (B(10)/B(10) bits))       146
 *   (authenticated as ID(128))                               147
 *   by HOST(255) SP (HOST(255)) SP (P(64)) with KW(10) id ID(128) 731
 *   (helo=H(128))                                            135
 *   (envelope-from SENDER(256))                              272
 *   for <M(254)> tls C(64)                                   329
 *   ";"  DATE(31)  final CRLF                                 34
 *   7 forced folds x 3, 23 spaces x 2                         67
 *                                                     total 2442
 * which RCVD_FIELD_MAX (4096, NUL included) holds with room to spare;
 * tests/test_format.c checks it. No line can pass 998 octets: the longest
 * word is 258 octets and a line holds one word once it passes 78.
 */
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "internal.h"

#define LINE_SOFT 78

#define BUDGET_HELO 128
#define BUDGET_IDENTITY 128
#define BUDGET_SENDER 256
#define BUDGET_TLS_VERSION 32
#define BUDGET_TLS_CIPHER 64
#define BUDGET_PRODUCT 64
#define NAME_MAX_LEN 255
#define ID_MAX_LEN 128

/* "[IPv6:" ADDRESS "]" */
#define LITERAL_MAX (RCVD_ADDR_MAX + 8)

/* An option this library does not know (from a newer header) is refused
 * rather than silently ignored. */
#define OPTIONS_KNOWN                                                        \
	(RCVD_O_CRLF | RCVD_O_VALUE_ONLY | RCVD_O_NO_TLS_COMMENT |           \
	 RCVD_O_NO_TLS_CLAUSE | RCVD_O_FORCE_FOR | RCVD_O_HIDE_CLIENT |      \
	 RCVD_O_SHOW_AUTH)

/* The writer. w runs up to end (cap less the NUL). Checked (ck non-zero),
 * a piece that does not fit is only counted in over, and end drops to w
 * so that nothing after it is stored either: the field is RCVD_E_NOSPACE
 * then, and only its length matters. Unchecked, every test is compiled
 * out: compose() takes that path only for a buffer of RCVD_FIELD_MAX
 * octets or more, which every field fits (see the worst case above), and
 * no write, not even an encoded word before it moves, reaches past the
 * field's own end. col is the column after the last word. Everything is
 * inlined into the two instances of write_field(). */
struct out {
	char *w;
	char *end;
	size_t over;
	size_t col;
	int crlf;
	struct rcvd_report *rep;
};

/* A copy of a few dozen bytes at most, inlined: overlapping word moves
 * rather than a call to memcpy for each short piece. */
static RCVD_I_INLINE void copy(char *d, const char *s, size_t n)
{
	if (n >= 8) {
		size_t i;

		memcpy(d, s, 8);
		for (i = 8; i + 8 < n; i += 8)
			memcpy(d + i, s + i, 8);
		memcpy(d + n - 8, s + n - 8, 8);
	} else if (n >= 4) {
		memcpy(d, s, 4);
		memcpy(d + n - 4, s + n - 4, 4);
	} else if (n > 0) {
		d[0] = s[0];
		d[n / 2] = s[n / 2];
		d[n - 1] = s[n - 1];
	}
}

/* Room for n more octets; when there is none, they are counted instead. */
static RCVD_I_INLINE int room(struct out *o, size_t n, int ck)
{
	if (!ck || n <= (size_t)(o->end - o->w))
		return 1;
	o->over += n;
	o->end = o->w;
	return 0;
}

static RCVD_I_INLINE void put(struct out *o, const char *s, size_t n, int ck)
{
	if (room(o, n, ck)) {
		copy(o->w, s, n);
		o->w += n;
	}
}

#define PUTS(o, lit, ck) put((o), (lit), sizeof(lit) - 1, (ck))

static RCVD_I_INLINE void put_char(struct out *o, char c, int ck)
{
	if (room(o, 1, ck))
		*o->w++ = c;
}

static RCVD_I_INLINE void fold(struct out *o, int ck)
{
	if (o->crlf)
		PUTS(o, "\r\n\t", ck);
	else
		PUTS(o, "\n\t", ck);
}

/* Starts a word of wlen octets, glue included: after a forced fold, or
 * after a space that folds when the word would pass the soft limit. */
static RCVD_I_INLINE void word(struct out *o, int brk, size_t wlen, int ck)
{
	if (brk || o->col + 1 + wlen > LINE_SOFT) {
		fold(o, ck);
		o->col = 1 + wlen;
	} else {
		put_char(o, ' ', ck);
		o->col += 1 + wlen;
	}
}

/* A word of its own after a space. */
static RCVD_I_INLINE void put_word(struct out *o, const char *s, size_t n, int ck)
{
	word(o, 0, n, ck);
	put(o, s, n, ck);
}

#define WORD(o, brk, lit, ck)                                                 \
	do {                                                                  \
		word((o), (brk), sizeof(lit) - 1, (ck));                      \
		PUTS((o), lit, (ck));                                         \
	} while (0)

/* A literal word (sp: its nlit octets after a space) and then the word
 * (s, n) with glue more octets after it, which the caller writes. When
 * both fit on the line, neither folds: one test and one space stored
 * with the literal instead of two of each. */
static RCVD_I_INLINE void lit_word(struct out *o, const char *sp, size_t nlit,
                                   const char *s, size_t n, size_t glue, int ck)
{
	if (!ck && o->col + nlit + 2 + n + glue <= LINE_SOFT) {
		put(o, sp, nlit + 2, 0);
		put(o, s, n, 0);
		o->col += nlit + 2 + n + glue;
		return;
	}
	word(o, 0, nlit, ck);
	put(o, sp + 1, nlit, ck);
	word(o, 0, n + glue, ck);
	put(o, s, n, ck);
}

/* lit_word() for a string literal " word ". */
#define LIT_WORD(o, sp, s, n, glue, ck)                                        \
	lit_word((o), (sp), sizeof(sp) - 3, (s), (n), (glue), (ck))

/* rcvd_i_reader_mark(p, n, 0), asked only where it can hold: past the
 * clause words (2 to 4 octets), only a token that begins with a, b, e or
 * r, in either case, begins a reader word. */
static RCVD_I_INLINE int first_mark(const unsigned char *p, size_t n)
{
	unsigned c = p[0] | 0x20u;

	if (n > 4 && c != 'a' && c != 'b' && c != 'e' && c != 'r')
		return 0;
	return rcvd_i_reader_mark(p, n, 0);
}

/* (s) is its own encoding within budget (see rcvd_i_run): a short run of
 * plain bytes that starts no reader word. */
static RCVD_I_INLINE int plain_text(struct rcvd_span s, size_t budget)
{
	const unsigned char *p = (const unsigned char *)s.ptr;
	size_t i;

	if (s.len == 0 || s.len + 3 >= budget)
		return 0;
	/* four table values ANDed: one test a round */
	for (i = 0; i + 4 <= s.len; i += 4)
		if (!(rcvd_i_run[p[i]] & rcvd_i_run[p[i + 1]] & rcvd_i_run[p[i + 2]] &
		      rcvd_i_run[p[i + 3]]))
			return 0;
	for (; i < s.len; i++)
		if (!rcvd_i_run[p[i]])
			return 0;
	return !first_mark(p, s.len);
}

/* Client text as one encoded word: npre octets of pre glued before it,
 * post octets (written by the caller) glued after it. Checked, the token
 * is measured first, then encoded where it goes. Unchecked, it is encoded
 * in place after a one-octet space and moved on in the rare case that
 * the word folds. Notes the item in the report. */
static RCVD_I_INLINE void enc_word(struct out *o, int brk, const char *pre,
                                   size_t npre, struct rcvd_span s, int utf8,
                                   size_t budget, unsigned item, size_t post,
                                   int ck)
{
	unsigned how = 0, again = 0;
	size_t n;

	if (ck) {
		n = rcvd_i_encode_len(s.ptr, s.len, utf8, budget, &how);
		word(o, brk, npre + n + post, 1);
		put(o, pre, npre, 1);
		if (room(o, n, 1)) {
			/* The encoder writes ahead, up to its budget, before it
			 * learns that it must cut and mark the token. A cut token
			 * is encoded again with a budget of exactly n: the units
			 * are the same, the cut falls at the same unit boundary
			 * (the last one within n - 3), and no write passes n, so
			 * nothing lands past cap and no scratch copy is needed. */
			(void)rcvd_i_encode(s.ptr, s.len, utf8, o->w,
			                    (how & RCVD_I_TRUNCATED) ? n : budget, &again);
			o->w += n;
		}
	} else if (!brk && plain_text(s, budget)) {
		/* the usual version string: its own encoding, copied (and
		 * nothing encoded or cut to report) */
		word(o, 0, npre + s.len + post, 0);
		put(o, pre, npre, 0);
		put(o, s.ptr, s.len, 0);
	} else if (brk) {
		fold(o, 0);
		put(o, pre, npre, 0);
		n = rcvd_i_encode(s.ptr, s.len, utf8, o->w, budget, &how);
		o->w += n;
		o->col = 1 + npre + n + post;
	} else {
		char *sp = o->w;

		n = rcvd_i_encode(s.ptr, s.len, utf8, sp + 1 + npre, budget, &how);
		if (o->col + 1 + npre + n + post > LINE_SOFT) {
			memmove(sp + (o->crlf ? 3 : 2) + npre, sp + 1 + npre, n);
			fold(o, 0);
			o->col = 1 + npre + n + post;
		} else {
			*o->w++ = ' ';
			o->col += 1 + npre + n + post;
		}
		put(o, pre, npre, 0);
		o->w += n;
	}
	if (how & RCVD_I_ENCODED)
		o->rep->encoded |= item;
	if (how & RCVD_I_TRUNCATED)
		o->rep->truncated |= item;
}

/* A length without a pointer. A span with a pointer costs one test: the
 * length is looked at only when the pointer is NULL. */
static RCVD_I_INLINE int span_bad(struct rcvd_span s)
{
	return s.ptr == NULL && s.len > 0;
}

/* Only after spans_ok(): a span with a length has a pointer. */
static int has(struct rcvd_span s)
{
	return s.len > 0;
}

static struct rcvd_span without_angles(struct rcvd_span s)
{
	if (s.len >= 2 && s.ptr[0] == '<' && s.ptr[s.len - 1] == '>') {
		s.ptr++;
		s.len -= 2;
	}
	return s;
}

/* dot-atom-text, or with literal_ok also a no-fold-literal "[" *dtext "]" */
static int dot_atom(const char *s, size_t n, int literal_ok)
{
	size_t i;
	int atom = 0;

	if (literal_ok && n >= 2 && s[0] == '[' && s[n - 1] == ']') {
		for (i = 1; i + 1 < n; i++) {
			unsigned char c = (unsigned char)s[i];

			if (c < 33 || c > 126 || (c >= 91 && c <= 93))
				return 0;
		}
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (!atom)
				return 0;
			atom = 0;
		} else if (rcvd_i_is((unsigned char)s[i], RCVD_C_ATEXT)) {
			atom = 1;
		} else {
			return 0;
		}
	}
	return atom;
}

/* RFC 5321 ID: Atom / msg-id (RFC 5322 3.6.4, obsolete forms excluded). */
static int id_ok(const char *s, size_t n)
{
	const char *at;

	if (n == 0 || n > ID_MAX_LEN)
		return 0;
	if (s[0] != '<') {
		const unsigned char *p = (const unsigned char *)s;
		size_t i;

		/* four class bits ANDed: one test a round */
		for (i = 0; i + 4 <= n; i += 4)
			if (!(rcvd_i_class[p[i]] & rcvd_i_class[p[i + 1]] &
			      rcvd_i_class[p[i + 2]] & rcvd_i_class[p[i + 3]] &
			      RCVD_C_ATEXT))
				return 0;
		for (; i < n; i++)
			if (!rcvd_i_is(p[i], RCVD_C_ATEXT))
				return 0;
		return 1;
	}
	if (n < 5 || s[n - 1] != '>')
		return 0;
	at = memchr(s, '@', n);
	if (at == NULL)
		return 0;
	return dot_atom(s + 1, (size_t)(at - s) - 1, 0) &&
	       dot_atom(at + 1, (size_t)(s + n - 1 - at) - 1, 1);
}

/* The bytes of an IANA cipher-suite name (letters, digits, '_'): bit 1;
 * and the letters of the reader words (reader.c) that can begin past the
 * first byte, "au", "ex", "en" and "re" in either case: a 2, u 4, e 8,
 * x and n 16, r 32. */
#define SU 1u
static const unsigned char suite[256] = {
	['_'] = SU,
	['0'] = SU, ['1'] = SU, ['2'] = SU, ['3'] = SU, ['4'] = SU,
	['5'] = SU, ['6'] = SU, ['7'] = SU, ['8'] = SU, ['9'] = SU,
	['A'] = SU | 2, ['B'] = SU, ['C'] = SU, ['D'] = SU, ['E'] = SU | 8,
	['F'] = SU, ['G'] = SU, ['H'] = SU, ['I'] = SU, ['J'] = SU, ['K'] = SU,
	['L'] = SU, ['M'] = SU, ['N'] = SU | 16, ['O'] = SU, ['P'] = SU,
	['Q'] = SU, ['R'] = SU | 32, ['S'] = SU, ['T'] = SU, ['U'] = SU | 4,
	['V'] = SU, ['W'] = SU, ['X'] = SU | 16, ['Y'] = SU, ['Z'] = SU,
	['a'] = SU | 2, ['b'] = SU, ['c'] = SU, ['d'] = SU, ['e'] = SU | 8,
	['f'] = SU, ['g'] = SU, ['h'] = SU, ['i'] = SU, ['j'] = SU, ['k'] = SU,
	['l'] = SU, ['m'] = SU, ['n'] = SU | 16, ['o'] = SU, ['p'] = SU,
	['q'] = SU, ['r'] = SU | 32, ['s'] = SU, ['t'] = SU, ['u'] = SU | 4,
	['v'] = SU, ['w'] = SU, ['x'] = SU | 16, ['y'] = SU, ['z'] = SU,
};

/* RFC 8314 4.3: an IANA cipher-suite name or "0x" and four hex digits.
 * Written raw, it must not hand regex readers a word (encode.c). One pass
 * checks the bytes and notes which letters occur; only a name holding
 * both letters of a pair that begins a word past the first byte is
 * searched for the words (rcvd_i_reader_word); the first byte is always
 * asked (first_mark), for the words that begin only there. */
static int iana_cipher_ok(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned all = SU, any = 0;
	size_t i;

	if (n == 0 || n > BUDGET_TLS_CIPHER)
		return 0;
	if (n == 6 && s[0] == '0' && s[1] == 'x') {
		for (i = 2; i < 6; i++)
			if (!rcvd_i_is(p[i], RCVD_C_HEX))
				return 0;
		return 1;
	}
	if (!rcvd_i_is(p[0], RCVD_C_ALPHA))
		return 0;
	for (i = 1; i + 4 <= n; i += 4) {
		unsigned a = suite[p[i]], b = suite[p[i + 1]], c = suite[p[i + 2]],
		         d = suite[p[i + 3]];

		all &= a & b & c & d;
		any |= a | b | c | d;
	}
	for (; i < n; i++) {
		all &= suite[p[i]];
		any |= suite[p[i]];
	}
	if (all == 0)
		return 0;
	if (((any & 2) && (any & 4)) || ((any & 8) && (any & (16 | 32))))
		return !rcvd_i_reader_word(s, n);
	return !first_mark(p, n);
}

static int host_ok(struct rcvd_span h, int utf8)
{
	if (h.ptr == NULL || h.len == 0 || h.len > NAME_MAX_LEN)
		return 0;
	if (h.ptr[0] == '[')
		return rcvd_i_addr_literal_ok(h.ptr, h.len);
	return rcvd_i_domain_ok(h.ptr, h.len, utf8);
}

/* The canonical text of ip into lit as "[1.2.3.4]" or "[IPv6:...]"; the
 * length. Exactly that many octets are written (the NUL that
 * rcvd_i_ip_format() stores falls where the "]" then goes), so the text
 * can go straight into the caller's buffer once its length is known. */
static size_t bracket(const struct rcvd_i_ip *ip, char *lit)
{
	size_t n;

	if (ip->v6) {
		memcpy(lit, "[IPv6:", 6);
		n = rcvd_i_ip_format(ip, lit + 6);
		lit[6 + n] = ']';
		return n + 7;
	}
	lit[0] = '[';
	n = rcvd_i_ip_format(ip, lit + 1);
	lit[n + 1] = ']';
	return n + 2;
}

/* A dotted quad as rcvd_addr_normalize() reads IPv4 (four numbers
 * 0..255, no leading zero), the usual client address: the composer's fast
 * path. */
static int v4_plain(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e;
	int part;

	if (s == NULL || n < 7 || n > 15)
		return 0;
	e = p + n;
	for (part = 0;; part++) {
		unsigned d0 = (unsigned)p[0] - '0', d1, d2;

		if (d0 > 9u)
			return 0;
		if (p + 1 < e && (d1 = (unsigned)p[1] - '0') <= 9u) {
			if (d0 == 0)
				return 0;
			if (p + 2 < e && (d2 = (unsigned)p[2] - '0') <= 9u) {
				if (d0 * 100u + d1 * 10u + d2 > 255u)
					return 0;
				p += 3;
			} else {
				p += 2;
			}
		} else {
			p += 1;
		}
		if (part == 3)
			return p == e;
		if (p >= e || *p != '.')
			return 0;
		p++;
		if (p == e)
			return 0;
	}
}

/* The client address, checked: 0, with *len the length of its literal
 * ("[1.2.3.4]" or "[IPv6:...]", 0 when there is none) and *ip the
 * address (ip->v6 == 2: the literal is the address text itself, a strict
 * dotted quad, between brackets); -1 when it is invalid. Only the address
 * is kept, not its text: emit() writes the text where it goes. */
static RCVD_I_NOINLINE int client_literal(const struct rcvd_info *info,
                                   struct rcvd_i_ip *out, unsigned char *len)
{
	struct rcvd_i_ip *ip = out;
	char tmp[LITERAL_MAX];

	*len = 0;
	if (info->addr_sa != NULL) {
		const char *sa = (const char *)info->addr_sa;

		memset(ip, 0, sizeof *ip);
		if (info->addr_sa->sa_family == AF_INET) {
			memcpy(ip->b, sa + offsetof(struct sockaddr_in, sin_addr), 4);
		} else if (info->addr_sa->sa_family == AF_INET6) {
			static const unsigned char mapped[12] = {
				0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

			memcpy(ip->b, sa + offsetof(struct sockaddr_in6, sin6_addr), 16);
			ip->v6 = 1;
			if (memcmp(ip->b, mapped, sizeof mapped) == 0) {
				memmove(ip->b, ip->b + 12, 4);
				ip->v6 = 0;
			}
		} else {
			return -1;
		}
	} else if (v4_plain(info->addr.ptr, info->addr.len)) {
		/* a strict dotted quad is its own canonical form */
		ip->v6 = 2;
		*len = (unsigned char)(info->addr.len + 2);
		return 0;
	} else if (has(info->addr)) {
		if (rcvd_i_addr_parse(info->addr.ptr, info->addr.len, ip) != 0)
			return -1;
	} else {
		return 0;
	}
	*len = (unsigned char)bracket(ip, tmp);
	return 0;
}


/* An address literal the caller or the client wrote, in canonical form
 * (RFC 5952 for IPv6, the "IPv6:" tag spelled so, v4-mapped as IPv4) into
 * out (exactly the length returned); 0 when it is a General-address-literal,
 * which stays as written. (s, n) must be a valid address literal. */
static RCVD_I_INLINE size_t canon_literal(const char *s, size_t n, char *out)
{
	struct rcvd_i_ip ip;

	if (memchr(s, ':', n) != NULL &&
	    !(n > 6 && rcvd_i_lower((unsigned char)s[1]) == 'i' &&
	      rcvd_i_lower((unsigned char)s[2]) == 'p' &&
	      rcvd_i_lower((unsigned char)s[3]) == 'v' && s[4] == '6' && s[5] == ':'))
		return 0;
	if (rcvd_i_addr_parse(s, n, &ip) != 0)
		return 0;
	return bracket(&ip, out);
}

/* The length canon_literal() would write, from a frame of its own. */
static RCVD_I_NOINLINE unsigned char canon_len(const char *s, size_t n)
{
	char tmp[LITERAL_MAX];

	return (unsigned char)canon_literal(s, n, tmp);
}

/* What the session (or the info itself) says about the client. */
struct state {
	const char *keyword;
	unsigned flags;
	unsigned char utf8;
	unsigned char helo_cut;
	struct rcvd_span helo;
	struct rcvd_span identity;
};

static int read_state(const struct rcvd_info *info, struct state *st)
{
	enum rcvd_greeting g;

	memset(st, 0, sizeof *st);
	if (info->session != NULL) {
		const struct rcvd_session *s = info->session;
		int r = rcvd_session_keyword(s, &st->keyword);

		if (r != RCVD_OK)
			return r;
		if (s->arg_len > RCVD_SESSION_ARG_MAX ||
		    s->identity_len > RCVD_SESSION_ID_MAX)
			return RCVD_E_ARG;
		g = s->greeting;
		st->flags = s->flags;
		st->helo.ptr = s->arg;
		st->helo.len = s->arg_len;
		st->identity.ptr = s->identity;
		st->identity.len = s->identity_len;
		st->helo_cut = (s->status & RCVD_S_ARG_CUT) != 0;
	} else {
		g = info->greeting;
		if (g == RCVD_GREETING_NONE)
			return RCVD_E_NOGREETING;
		st->keyword = rcvd_keyword(g, info->flags);
		if (st->keyword == NULL)
			return RCVD_E_ARG;
		st->flags = info->flags;
		st->helo = info->helo;
		st->identity = info->identity;
	}
	/* SMTPUTF8 is an ESMTP extension: after HELO 8-bit text stays encoded. */
	st->utf8 = (st->flags & RCVD_UTF8) != 0 && g != RCVD_HELO;
	return RCVD_OK;
}

static int spans_ok(const struct rcvd_info *info)
{
	return !(span_bad(info->helo) || span_bad(info->rdns) ||
	         span_bad(info->addr) || span_bad(info->host) ||
	         span_bad(info->product) || span_bad(info->id) ||
	         span_bad(info->rcpt) || span_bad(info->sender) ||
	         span_bad(info->identity) || span_bad(info->tls_version) ||
	         span_bad(info->tls_cipher));
}

/* The word before ";": it must leave room for the glued ";" when it
 * decides whether to fold. */
enum last { LAST_KEYWORD, LAST_ID, LAST_HELO, LAST_SENDER, LAST_FOR, LAST_TLS };

/* Every decision about the field, made before a byte of it is written. */
struct plan {
	struct state st;
	unsigned opt;
	/* one octet each: the plan stays on the stack under every check */
	unsigned char hide, tls_comment, iana, tls_clause, auth, named, rdns_ok;
	unsigned char helo_word;
	unsigned char sender_kind; /* 0 none, 1 "<>", 2 path, 3 encoded */
	unsigned char wrote_for;
	unsigned char last;        /* enum last */
	unsigned char lit_len;     /* the client's literal, 0: none */
	unsigned char helo_lit;    /* canonical length of a literal FROM name */
	unsigned char host_lit;    /* canonical length of a literal BY host */
	unsigned char kw_len;
	unsigned char date_len;
	struct rcvd_i_ip ip;       /* the client's address: see client_literal */
	struct rcvd_report rep;
	size_t need;
};

/* The rDNS as written: one trailing dot dropped. */
static struct rcvd_span rdns_name(struct rcvd_span r)
{
	if (has(r) && r.ptr[r.len - 1] == '.')
		r.len--;
	return r;
}

/* 1 when the last label of (s, n) is all digits: no top-level domain is
 * (RFC 3696 section 2), and a PTR name such as "19.0.4.22" before the
 * literal made our own parser read it as the client's address (found by
 * fuzz_compose). Such an rDNS is written "unknown". */
static int numeric_tld(const char *s, size_t n)
{
	size_t i = n;

	while (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
		i--;
	return i < n && (i == 0 || s[i - 1] == '.');
}

/* 1 when (s, n) is, in any case, a word that opens another kind of
 * comment in the FROM part: a greeting word (helo, ehlo, lhlo, hello),
 * "using" (Postfix's TLS comment) or "authenticated" (Sendmail's
 * authentication comment). Readers take "(HELO x)" for the client's
 * greeting (qmail writes "(HELO [10.0.0.1]) (192.0.2.1)"; SpamAssassin's
 * rule is /\b(HELO|EHLO) /), and "(using x)" or "(authenticated x)" for
 * TLS or authentication: an rDNS "ehlO" before the literal made our own
 * parser read the literal as the greeting and lose the rDNS (found by
 * fuzz_compose). Such an rDNS is written "unknown". */
static RCVD_I_NOINLINE int comment_opener(const char *s, size_t n)
{
	static const char words[][14] = {"helo", "ehlo", "lhlo", "hello", "using",
	                                 "authenticated"};
	size_t i, k;

	if (n != 4 && n != 5 && n != 13)
		return 0;
	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (strlen(words[i]) != n)
			continue;
		for (k = 0; k < n && rcvd_i_lower((unsigned char)s[k]) == (unsigned char)words[i][k]; k++)
			;
		if (k == n)
			return 1;
	}
	return 0;
}

/* A client's address literal may stand as the FROM name only when it is
 * an IPv4 or an IPv6 one. A General-address-literal ("[tag:dcontent]")
 * may hold ( ) ; and '"', which readers take for the end of the name:
 * "[x:a\"(b]" made our own parser read the whole rest of the field as
 * the FROM name (found by fuzz_compose). Such a greeting goes to helo=. */
static RCVD_I_NOINLINE int ip_literal(struct rcvd_span h)
{
	struct rcvd_i_ip ip;
	const char *in = h.ptr + 1;
	size_t n;

	if (h.len < 3 || h.ptr[h.len - 1] != ']')
		return 0;
	n = h.len - 2;
	if (memchr(in, '%', n) != NULL)
		return 0; /* no zone id in a literal */
	if (n > 5 && rcvd_i_lower((unsigned char)in[0]) == 'i' &&
	    rcvd_i_lower((unsigned char)in[1]) == 'p' &&
	    rcvd_i_lower((unsigned char)in[2]) == 'v' && in[3] == '6' && in[4] == ':')
		return rcvd_i_ip_parse(in + 5, n - 5, &ip) == 0;
	return memchr(in, ':', n) == NULL && rcvd_i_ip_parse(in, n, &ip) == 0 &&
	       ip.v6 == 0;
}

/* memcmp(a, b, n) == 0, inlined for the usual name of 8 to 16 octets:
 * its first and last eight compared as two words. */
static RCVD_I_INLINE int same(const char *a, const char *b, size_t n)
{
	if (n >= 8 && n <= 16) {
		uint64_t x0, y0, x1, y1;

		memcpy(&x0, a, 8);
		memcpy(&y0, b, 8);
		memcpy(&x1, a + n - 8, 8);
		memcpy(&y1, b + n - 8, 8);
		return ((x0 ^ y0) | (x1 ^ y1)) == 0;
	}
	return memcmp(a, b, n) == 0;
}

/* The FROM name and the rDNS: whether the greeting stands as the name,
 * whether the rDNS is written. */
static void decide_from(struct plan *pl, const struct rcvd_info *info,
                        struct rcvd_report *rep)
{
	const struct state *st = &pl->st;
	struct rcvd_span h = st->helo, r = info->rdns;

	if (has(h) && !st->helo_cut && h.len <= NAME_MAX_LEN) {
		/* an address literal alone is no Extended-Domain: it needs the
		 * TCP-info that only a client address gives */
		if (h.ptr[0] == '[')
			pl->named = pl->lit_len > 0 && rcvd_i_addr_literal_ok(h.ptr, h.len) &&
			            ip_literal(h);
		else
			pl->named = rcvd_i_name_ok(h.ptr, h.len, st->utf8, 1) != 0;
		pl->named = pl->named && (h.ptr[0] != '[' || !rcvd_i_name_trap(h.ptr, h.len, 1));
	}
	r = rdns_name(r);
	/* the usual case, rDNS equal to a valid greeting, needs no second check */
	pl->rdns_ok = pl->lit_len > 0 && has(r) &&
	              ((pl->named && h.ptr[0] != '[' && r.len == h.len &&
	                same(r.ptr, h.ptr, h.len)) ||
	               rcvd_i_name_plain(r.ptr, r.len, st->utf8)) &&
	              !numeric_tld(r.ptr, r.len) &&
	              !(r.len <= 13 && comment_opener(r.ptr, r.len));
	if (!pl->rdns_ok && has(info->rdns))
		rep->dropped |= RCVD_ITEM_RDNS;
}

static RCVD_I_INLINE void decide(struct plan *pl, const struct rcvd_info *info,
                            struct rcvd_report *rep)
{
	const struct state *st = &pl->st;
	unsigned opt = info->options;
	int tls = (st->flags & RCVD_TLS) != 0;
	int show_auth = (opt & RCVD_O_SHOW_AUTH) && has(st->identity);

	pl->opt = opt;
	pl->hide = (opt & RCVD_O_HIDE_CLIENT) != 0;
	pl->tls_comment = tls && !(opt & RCVD_O_NO_TLS_COMMENT) &&
	                  (has(info->tls_version) || has(info->tls_cipher));
	pl->iana = tls && iana_cipher_ok(info->tls_cipher.ptr, info->tls_cipher.len);
	pl->tls_clause = pl->iana && !(opt & RCVD_O_NO_TLS_CLAUSE);
	pl->auth = 0;
	pl->named = 0;
	pl->rdns_ok = 0;
	pl->helo_word = 0;
	pl->sender_kind = 0;
	pl->wrote_for = 0;

	if (pl->hide) {
		if (has(st->helo))
			rep->dropped |= RCVD_ITEM_HELO;
		if (has(info->rdns))
			rep->dropped |= RCVD_ITEM_RDNS;
		if (pl->lit_len > 0)
			rep->dropped |= RCVD_ITEM_ADDR;
		if (info->sender.ptr != NULL)
			rep->dropped |= RCVD_ITEM_SENDER;
		if (pl->tls_comment && has(info->tls_version))
			rep->dropped |= RCVD_ITEM_TLS_VERSION;
		if (show_auth)
			rep->dropped |= RCVD_ITEM_IDENTITY;
	} else {
		decide_from(pl, info, rep);
		if (show_auth && (st->flags & RCVD_AUTH))
			pl->auth = 1;
		else if (show_auth)
			rep->dropped |= RCVD_ITEM_IDENTITY;
	}
	/* a cipher the options wanted somewhere but that went nowhere */
	if (has(info->tls_cipher) && tls && !pl->tls_clause &&
	    (pl->hide || !pl->tls_comment) &&
	    (opt & (RCVD_O_NO_TLS_COMMENT | RCVD_O_NO_TLS_CLAUSE)) !=
	        (RCVD_O_NO_TLS_COMMENT | RCVD_O_NO_TLS_CLAUSE))
		rep->dropped |= RCVD_ITEM_TLS_CIPHER;

	pl->last = has(info->id) ? LAST_ID : LAST_KEYWORD;

	if (!pl->hide && has(st->helo) && !pl->named) {
		pl->helo_word = 1;
		pl->last = LAST_HELO;
	}
	if (!pl->hide && info->sender.ptr != NULL) {
		struct rcvd_span s = without_angles(info->sender);

		pl->last = LAST_SENDER;
		if (s.len == 0) {
			pl->sender_kind = 1;
		} else if (rcvd_i_path_ok(s.ptr, s.len, st->utf8)) {
			pl->sender_kind = 2;
		} else {
			pl->sender_kind = 3;
		}
	}

	if (has(info->rcpt)) {
		struct rcvd_span rc = without_angles(info->rcpt);

		if ((info->rcpt_count == 1 || (opt & RCVD_O_FORCE_FOR)) &&
		    rcvd_i_path_ok(rc.ptr, rc.len, st->utf8)) {
			pl->wrote_for = 1;
			pl->last = LAST_FOR;
		} else {
			rep->dropped |= RCVD_ITEM_RCPT;
		}
	}
	if (pl->tls_clause)
		pl->last = LAST_TLS;
}

/* Decimal digits of v, least significant first; their count. */
static size_t digits(char *d, unsigned v)
{
	size_t n = 0;

	do {
		d[n++] = (char)('0' + v % 10u);
		v /= 10u;
	} while (v != 0);
	return n;
}

/* The client's literal, pl->lit_len octets, at w. */
static void put_client(const struct plan *pl, const struct rcvd_info *info, char *w)
{
	if (pl->ip.v6 == 2) {
		w[0] = '[';
		copy(w + 1, info->addr.ptr, info->addr.len);
		w[info->addr.len + 1] = ']';
	} else {
		(void)bracket(&pl->ip, w);
	}
}

/* A literal in canonical form, k octets. */
static RCVD_I_INLINE void put_canon(struct out *o, const char *s, size_t n,
                                    size_t k, int ck)
{
	if (room(o, k, ck)) {
		(void)canon_literal(s, n, o->w);
		o->w += k;
	}
}

static RCVD_I_INLINE void write_from(struct out *o, const struct plan *pl,
                                     const struct rcvd_info *info, int ck)
{
	const struct rcvd_span h = pl->st.helo;
	char *first = NULL;

	if (!ck && pl->named && pl->helo_lit == 0 && pl->rdns_ok && pl->lit_len > 0) {
		/* the usual line, " NAME (RDNS [ADDRESS])": when all of it
		 * fits, no word folds and it is written straight */
		struct rcvd_span r = rdns_name(info->rdns);
		size_t t = h.len + r.len + pl->lit_len + 5;

		if (o->col + t <= LINE_SOFT) {
			char *w = o->w;

			w[0] = ' ';
			copy(w + 1, h.ptr, h.len);
			w += 1 + h.len;
			w[0] = ' ';
			w[1] = '(';
			copy(w + 2, r.ptr, r.len);
			w += 2 + r.len;
			*w++ = ' ';
			put_client(pl, info, w);
			w += pl->lit_len;
			*w++ = ')';
			o->w = w;
			o->col += t;
			return;
		}
	}
	if (pl->named && pl->helo_lit > 0) {
		word(o, 0, pl->helo_lit, ck);
		put_canon(o, h.ptr, h.len, pl->helo_lit, ck);
	} else if (pl->named) {
		put_word(o, h.ptr, h.len, ck);
	} else if (pl->lit_len > 0) {
		word(o, 0, pl->lit_len, ck);
		if (room(o, pl->lit_len, ck)) {
			first = o->w;
			put_client(pl, info, first);
			o->w += pl->lit_len;
		}
	} else {
		WORD(o, 0, "unknown", ck);
	}
	if (pl->rdns_ok) {
		struct rcvd_span r = rdns_name(info->rdns);

		word(o, 0, 1 + r.len, ck);
		put_char(o, '(', ck);
		put(o, r.ptr, r.len, ck);
	} else if (pl->lit_len > 0) {
		WORD(o, 0, "(unknown", ck);
	}
	if (pl->lit_len > 0) {
		/* the second time, a copy of the first when it was stored */
		word(o, 0, pl->lit_len + 1, ck);
		if (room(o, pl->lit_len, ck)) {
			if (first != NULL)
				memcpy(o->w, first, pl->lit_len);
			else
				put_client(pl, info, o->w);
			o->w += pl->lit_len;
		}
		put_char(o, ')', ck);
	}
}

static RCVD_I_INLINE void write_tls_comment(struct out *o, const struct plan *pl,
                                            const struct rcvd_info *info, int ck)
{
	int v = has(info->tls_version), c = has(info->tls_cipher);
	int b = info->tls_bits > 0;

	/* the ")" that closes the comment glues to its last word */
	WORD(o, 1, "(using", ck);
	if (v)
		enc_word(o, 0, "", 0, info->tls_version, 0, BUDGET_TLS_VERSION,
		         RCVD_ITEM_TLS_VERSION, (size_t)(!c && !b), ck);
	if (c) {
		if (!v)
			WORD(o, 0, "cipher", ck);
		else if (!ck && o->col + 12 <= LINE_SOFT) {
			/* both fit: no fold between them */
			PUTS(o, " with cipher", 0);
			o->col += 12;
		} else {
			WORD(o, 0, "with", ck);
			WORD(o, 0, "cipher", ck);
		}
		/* an IANA name (no reader words: see iana_cipher_ok) is all
		 * SAFE bytes and within budget: the encoder would copy it */
		if (pl->iana) {
			word(o, 0, info->tls_cipher.len + (size_t)!b, ck);
			put(o, info->tls_cipher.ptr, info->tls_cipher.len, ck);
		} else {
			enc_word(o, 0, "", 0, info->tls_cipher, 0, BUDGET_TLS_CIPHER,
			         RCVD_ITEM_TLS_CIPHER, (size_t)!b, ck);
		}
	}
	if (b && info->tls_bits >= 100 && info->tls_bits < 1000) {
		/* the usual strengths, 128 and 256: "(NNN/NNN" at once */
		unsigned bits = info->tls_bits;

		word(o, 0, 8, ck);
		if (room(o, 8, ck)) {
			char *w = o->w;

			unsigned q = bits / 10u;

			w[0] = '(';
			w[1] = w[5] = (char)('0' + q / 10u);
			w[2] = w[6] = (char)('0' + q % 10u);
			w[3] = w[7] = (char)('0' + (bits - q * 10u));
			w[4] = '/';
			o->w = w + 8;
		}
		/* the ")" that closes the comment, glued */
		word(o, 0, 6, ck);
		PUTS(o, "bits))", ck);
		return;
	} else if (b) {
		char d[12];
		size_t n = digits(d, info->tls_bits), i;

		word(o, 0, 2 + 2 * n, ck);
		if (room(o, 2 + 2 * n, ck)) {
			char *w = o->w;

			*w++ = '(';
			for (i = n; i-- > 0;)
				*w++ = d[i];
			*w++ = '/';
			for (i = n; i-- > 0;)
				*w++ = d[i];
			o->w = w;
		}
		word(o, 0, 6, ck);
		PUTS(o, "bits)", ck);
	}
	put_char(o, ')', ck);
}

static RCVD_I_INLINE void write_by(struct out *o, const struct plan *pl,
                                   const struct rcvd_info *info, int ck)
{
	const char *hp = info->host.ptr;
	size_t hn = info->host.len;
	size_t semi;

	if (!ck && hp[0] != '[' && !has(info->product) && has(info->id)) {
		/* the usual line, "by HOST with KEYWORD id ID", 14 columns
		 * and the three words (and a glued ";" after the ID when it
		 * is the last word): when it fits, written straight */
		size_t kn = pl->kw_len, in = info->id.len;
		size_t t = 14 + hn + kn + in + (pl->last == LAST_ID);

		if (t <= LINE_SOFT) {
			char *w;

			fold(o, 0);
			w = o->w;
			memcpy(w, "by ", 3);
			copy(w + 3, hp, hn);
			w += 3 + hn;
			memcpy(w, " with ", 6);
			copy(w + 6, pl->st.keyword, kn);
			w += 6 + kn;
			memcpy(w, " id ", 4);
			copy(w + 4, info->id.ptr, in);
			o->w = w + 4 + in;
			o->col = t;
			return;
		}
	}
	WORD(o, 1, "by", ck);
	if (hp[0] == '[') {
		/* a literal needs the TCP-info after it that the grammar asks;
		 * the second copy is the first one's when it was stored */
		size_t k = pl->host_lit > 0 ? pl->host_lit : hn;
		char *first = NULL;

		word(o, 0, k, ck);
		if (room(o, k, ck)) {
			first = o->w;
			if (pl->host_lit > 0)
				(void)canon_literal(hp, hn, first);
			else
				copy(first, hp, hn);
			o->w += k;
		}
		word(o, 0, k + 2, ck);
		put_char(o, '(', ck);
		if (room(o, k, ck)) {
			memcpy(o->w, first, k);
			o->w += k;
		}
		put_char(o, ')', ck);
	} else {
		put_word(o, hp, hn, ck);
	}
	if (has(info->product)) {
		enc_word(o, 0, "(", 1, info->product, 0, BUDGET_PRODUCT,
		         RCVD_ITEM_PRODUCT, 1, ck);
		put_char(o, ')', ck);
	}
	semi = pl->last == LAST_KEYWORD;
	LIT_WORD(o, " with ", pl->st.keyword, pl->kw_len, semi, ck);
	if (has(info->id)) {
		semi = pl->last == LAST_ID;
		LIT_WORD(o, " id ", info->id.ptr, info->id.len, semi, ck);
	}
}

static RCVD_I_INLINE void write_tail(struct out *o, const struct plan *pl,
                                     const struct rcvd_info *info, int ck)
{
	const struct state *st = &pl->st;
	size_t semi;

	if (pl->helo_word) {
		semi = pl->last == LAST_HELO;
		enc_word(o, 1, "(helo=", 6, st->helo, st->utf8, BUDGET_HELO,
		         RCVD_ITEM_HELO, 1 + semi, ck);
		put_char(o, ')', ck);
	}
	if (pl->sender_kind != 0) {
		struct rcvd_span sn = without_angles(info->sender);

		semi = pl->last == LAST_SENDER;
		WORD(o, 1, "(envelope-from", ck);
		if (pl->sender_kind == 1) {
			word(o, 0, 3 + semi, ck);
			PUTS(o, "<>)", ck);
		} else if (pl->sender_kind == 2) {
			word(o, 0, sn.len + 3 + semi, ck);
			put_char(o, '<', ck);
			put(o, sn.ptr, sn.len, ck);
			PUTS(o, ">)", ck);
		} else {
			enc_word(o, 0, "", 0, sn, st->utf8, BUDGET_SENDER,
			         RCVD_ITEM_SENDER, 1 + semi, ck);
			put_char(o, ')', ck);
		}
	}
	if (!ck && pl->wrote_for && pl->tls_clause) {
		/* the usual line, "for <RCPT> tls CIPHER;", 13 columns (the
		 * fold's TAB counted as one, as everywhere) and the two
		 * words: when it fits, written straight */
		struct rcvd_span rc = without_angles(info->rcpt);
		size_t nc = info->tls_cipher.len;
		char *w;

		if (13 + rc.len + nc <= LINE_SOFT) {
			fold(o, 0);
			w = o->w;
			memcpy(w, "for <", 5);
			copy(w + 5, rc.ptr, rc.len);
			w += 5 + rc.len;
			memcpy(w, "> tls ", 6);
			copy(w + 6, info->tls_cipher.ptr, nc);
			w[6 + nc] = ';';
			o->w = w + 7 + nc;
			o->col = 13 + rc.len + nc;
			return;
		}
	}
	if (pl->wrote_for) {
		struct rcvd_span rc = without_angles(info->rcpt);

		semi = pl->last == LAST_FOR;
		WORD(o, 1, "for", ck);
		word(o, 0, rc.len + 2 + semi, ck);
		put_char(o, '<', ck);
		put(o, rc.ptr, rc.len, ck);
		put_char(o, '>', ck);
	}
	if (pl->tls_clause && !pl->wrote_for) {
		WORD(o, 1, "tls", ck);
		word(o, 0, info->tls_cipher.len + 1, ck);
		put(o, info->tls_cipher.ptr, info->tls_cipher.len, ck);
	} else if (pl->tls_clause) {
		LIT_WORD(o, " tls ", info->tls_cipher.ptr, info->tls_cipher.len, 1, ck);
	}
	put_char(o, ';', ck);
}

/* The whole field, from "Received:" (or "from") to the final line break. */
static RCVD_I_INLINE int write_field(struct out *o, const struct plan *pl,
                                     const struct rcvd_info *info,
                                     size_t date_len, int ck)
{
	int r;

	/* value-only starts at column 10, after the "Received: " it omits */
	if (pl->opt & RCVD_O_VALUE_ONLY)
		PUTS(o, "from", ck);
	else
		PUTS(o, "Received: from", ck);
	o->col = 14;
	if (pl->hide)
		WORD(o, 0, "unknown", ck);
	else
		write_from(o, pl, info, ck);
	if (!pl->hide && pl->tls_comment)
		write_tls_comment(o, pl, info, ck);
	if (pl->auth) {
		WORD(o, 1, "(authenticated", ck);
		WORD(o, 0, "as", ck);
		enc_word(o, 0, "", 0, pl->st.identity, pl->st.utf8, BUDGET_IDENTITY,
		         RCVD_ITEM_IDENTITY, 1, ck);
		put_char(o, ')', ck);
	}
	write_by(o, pl, info, ck);
	write_tail(o, pl, info, ck);
	word(o, 1, date_len, ck);
	/* room for the date leaves room for its NUL too: end is cap - 1.
	 * Unchecked, the date was not measured before: its errors come
	 * from here (none can come later; nothing is stored before them
	 * that rcvd_format() does not blank). */
	r = RCVD_OK;
	if (room(o, date_len, ck)) {
		r = rcvd_date(o->w, (size_t)(o->end - o->w) + 1, info->time,
		              info->offset, NULL);
		o->w += date_len;
	}
	if (!(pl->opt & RCVD_O_VALUE_ONLY)) {
		if (o->crlf)
			put_char(o, '\r', ck);
		put_char(o, '\n', ck);
	}
	return r;
}

/* The writing, in a frame of its own: the writer is not on the stack
 * while the checks run, nor the checks' frames while it writes. */
static RCVD_I_NOINLINE int emit(char *buf, size_t cap, struct plan *pl,
                         const struct rcvd_info *info)
{
	struct out o;

	o.w = buf;
	o.end = buf + (cap > 0 ? cap - 1 : 0);
	o.over = 0;
	o.col = 0;
	o.crlf = (info->options & RCVD_O_CRLF) != 0;
	o.rep = &pl->rep;
	if (cap >= RCVD_FIELD_MAX) {
		int r = write_field(&o, pl, info, RCVD_DATE_MAX - 1, 0);

		if (r != RCVD_OK)
			return r;
	} else {
		(void)write_field(&o, pl, info, pl->date_len, 1);
	}
	pl->need = (size_t)(o.w - buf) + o.over;
	if (o.over > 0)
		return RCVD_E_NOSPACE;
	*o.w = '\0';
	return RCVD_OK;
}

/* Every check and decision, in a frame of its own: the plan is all that
 * rcvd_format() keeps on the stack for emit(). */
static RCVD_I_NOINLINE int prepare(struct plan *plp, size_t cap,
                            const struct rcvd_info *info)
{
#define pl (*plp)
	size_t date_len = RCVD_DATE_MAX - 1;
	int r;

	if (info == NULL || info->size < sizeof *info || !spans_ok(info) ||
	    (info->options & ~OPTIONS_KNOWN) != 0)
		return RCVD_E_ARG;
	r = read_state(info, &pl.st);
	if (r != RCVD_OK)
		return r;
	if (!host_ok(info->host, pl.st.utf8))
		return RCVD_E_HOST;
	if (has(info->id) && !id_ok(info->id.ptr, info->id.len))
		return RCVD_E_ID;
	if (info->addr_sa == NULL && v4_plain(info->addr.ptr, info->addr.len)) {
		/* the usual client address: a strict dotted quad is its own
		 * canonical form (see client_literal) */
		pl.ip.v6 = 2;
		pl.lit_len = (unsigned char)(info->addr.len + 2);
	} else if (client_literal(info, &pl.ip, &pl.lit_len) != 0) {
		return RCVD_E_ADDRESS;
	}
	pl.host_lit = info->host.ptr[0] == '[' ? canon_len(info->host.ptr, info->host.len) : 0;
	/* only the date's errors here (a valid date reports no room); it is
	 * written last, in place. A valid date is always RCVD_DATE_MAX - 1
	 * octets: for a buffer that needs no checks it is not measured, and
	 * its errors come from writing it (emit) */
	if (cap < RCVD_FIELD_MAX) {
		r = rcvd_date(NULL, 0, info->time, info->offset, &date_len);
		if (r != RCVD_E_NOSPACE)
			return r;
	}
	pl.date_len = (unsigned char)date_len;
	pl.kw_len = (unsigned char)strlen(pl.st.keyword);
	decide(&pl, info, &pl.rep);
	pl.helo_lit = 0;
	if (pl.named && pl.st.helo.ptr[0] == '[')
		pl.helo_lit = canon_len(pl.st.helo.ptr, pl.st.helo.len);
	return RCVD_OK;
#undef pl
}

int rcvd_format(char *buf, size_t cap, const struct rcvd_info *info,
                size_t *needed, struct rcvd_report *report)
{
	struct plan pl;
	char none;
	int r = RCVD_E_ARG;

	memset(&pl.rep, 0, sizeof pl.rep);
	pl.need = 0;
	/* with cap 0 nothing is stored; a NULL buf writes through a dummy */
	if (buf != NULL || cap == 0) {
		r = prepare(&pl, cap, info);
		if (r == RCVD_OK)
			r = emit(buf != NULL ? buf : &none, cap, &pl, info);
	}
	if (r != RCVD_OK && cap > 0 && buf != NULL)
		buf[0] = '\0';
	if (r != RCVD_OK && r != RCVD_E_NOSPACE) {
		pl.need = 0;
		memset(&pl.rep, 0, sizeof pl.rep);
	}
	if (needed != NULL)
		*needed = pl.need;
	if (report != NULL)
		*report = pl.rep;
	return r;
}
