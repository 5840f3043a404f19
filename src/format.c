/*
 * format.c -- the composer: one whole Received field from a struct rcvd_info.
 *
 * Two steps. First every clause is checked, encoded and laid out as a list
 * of pieces (pointers into the caller's input, constant strings and small
 * scratch buffers on the stack); a piece either glues to the previous one
 * or is a word preceded by a space that may fold, or by a forced fold.
 * Then one loop writes the pieces, folding where a line would pass 78
 * columns, into the caller's buffer: it writes what fits and counts the
 * rest, so the length needed is exact without a second pass, and nothing
 * is ever written past cap.
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

#define PIECES_MAX 64

/* An option this library does not know (from a newer header) is refused
 * rather than silently ignored. */
#define OPTIONS_KNOWN                                                        \
	(RCVD_O_CRLF | RCVD_O_VALUE_ONLY | RCVD_O_NO_TLS_COMMENT |           \
	 RCVD_O_NO_TLS_CLAUSE | RCVD_O_FORCE_FOR | RCVD_O_HIDE_CLIENT |      \
	 RCVD_O_SHOW_AUTH)

/* How a piece joins what is before it: glued to it (part of the same
 * word), starting a word with no space (the first), after a space that
 * may fold, or after a forced fold. */
enum sep { SEP_GLUE, SEP_NONE, SEP_SPACE, SEP_BREAK };

struct piece {
	const char *p;
	size_t n;
	size_t word; /* on a word's first piece: the word's length, glue included */
	enum sep sep;
};

struct plan {
	struct piece v[PIECES_MAX];
	size_t n;
	size_t head; /* first piece of the last word */
};

/* The bounded writer: room excludes the NUL; len counts every octet, also
 * those that did not fit. */
struct out {
	char *buf;
	size_t room;
	size_t len;
};

static void add(struct plan *pl, enum sep sep, const char *p, size_t n)
{
	struct piece *x = &pl->v[pl->n];

	x->p = p;
	x->n = n;
	x->sep = sep;
	if (sep == SEP_GLUE && pl->n > 0) {
		pl->v[pl->head].word += n;
	} else {
		x->word = n;
		pl->head = pl->n;
	}
	pl->n++;
}

static void add_lit(struct plan *pl, enum sep sep, const char *s)
{
	add(pl, sep, s, strlen(s));
}

static void put(struct out *o, const char *s, size_t n)
{
	if (o->len < o->room) {
		size_t k = o->room - o->len;

		memcpy(o->buf + o->len, s, n < k ? n : k);
	}
	o->len += n;
}

static void put_char(struct out *o, char c)
{
	if (o->len < o->room)
		o->buf[o->len] = c;
	o->len++;
}

static void emit(struct out *o, const struct plan *pl, size_t col, int crlf)
{
	const struct piece *v = pl->v, *end = pl->v + pl->n;

	for (; v < end; v++) {
		if (v->sep == SEP_GLUE) {
			put(o, v->p, v->n);
			continue;
		}
		if (v->sep == SEP_BREAK ||
		    (v->sep == SEP_SPACE && col + 1 + v->word > LINE_SOFT)) {
			if (crlf)
				put_char(o, '\r');
			put_char(o, '\n');
			put_char(o, '\t');
			col = 1;
		} else if (v->sep == SEP_SPACE) {
			put_char(o, ' ');
			col++;
		}
		col += v->word;
		put(o, v->p, v->n);
	}
}

static int span_bad(struct rcvd_span s)
{
	return s.ptr == NULL && s.len > 0;
}

static int has(struct rcvd_span s)
{
	return s.ptr != NULL && s.len > 0;
}

static struct rcvd_span strip_angles(struct rcvd_span s)
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
		size_t i;

		for (i = 0; i < n; i++)
			if (!rcvd_i_is((unsigned char)s[i], RCVD_C_ATEXT))
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

/* RFC 8314 4.3: an IANA cipher-suite name or "0x" and four hex digits. */
static int iana_cipher_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > BUDGET_TLS_CIPHER)
		return 0;
	if (n == 6 && s[0] == '0' && s[1] == 'x') {
		for (i = 2; i < 6; i++)
			if (!rcvd_i_is((unsigned char)s[i], RCVD_C_HEX))
				return 0;
		return 1;
	}
	if (!rcvd_i_is((unsigned char)s[0], RCVD_C_ALPHA))
		return 0;
	for (i = 1; i < n; i++)
		if (s[i] != '_' &&
		    !rcvd_i_is((unsigned char)s[i], RCVD_C_ALPHA | RCVD_C_DIGIT))
			return 0;
	/* written raw, it must not hand regex readers a word (encode.c) */
	return !rcvd_i_reader_word(s, n);
}

static int host_ok(struct rcvd_span h, int utf8)
{
	if (h.ptr == NULL || h.len == 0 || h.len > NAME_MAX_LEN)
		return 0;
	if (h.ptr[0] == '[')
		return rcvd_i_addr_literal_ok(h.ptr, h.len);
	return rcvd_i_domain_ok(h.ptr, h.len, utf8);
}

/* "[" txt "]", with the "IPv6:" tag when v6; the length written. */
static size_t bracket(const char *txt, size_t n, int v6, char *out)
{
	size_t k = 0;

	out[k++] = '[';
	if (v6) {
		memcpy(out + k, "IPv6:", 5);
		k += 5;
	}
	memcpy(out + k, txt, n);
	k += n;
	out[k++] = ']';
	return k;
}

/* The client address as "[1.2.3.4]" or "[IPv6:...]" into lit; its length,
 * 0 when there is none, or -1 when it is invalid. */
static int client_literal(const struct rcvd_info *info, char *lit, size_t *len)
{
	struct rcvd_i_ip ip;
	char txt[RCVD_ADDR_MAX];
	size_t n;

	*len = 0;
	if (info->addr_sa != NULL) {
		memset(&ip, 0, sizeof ip);
		if (info->addr_sa->sa_family == AF_INET) {
			struct sockaddr_in sin;

			memcpy(&sin, info->addr_sa, sizeof sin);
			memcpy(ip.b, &sin.sin_addr, 4);
		} else if (info->addr_sa->sa_family == AF_INET6) {
			static const unsigned char mapped[12] = {
				0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
			struct sockaddr_in6 sin6;

			memcpy(&sin6, info->addr_sa, sizeof sin6);
			memcpy(ip.b, &sin6.sin6_addr, 16);
			ip.v6 = 1;
			if (memcmp(ip.b, mapped, sizeof mapped) == 0) {
				memmove(ip.b, ip.b + 12, 4);
				ip.v6 = 0;
			}
		} else {
			return -1;
		}
		n = rcvd_i_ip_format(&ip, txt);
	} else if (has(info->addr)) {
		if (rcvd_addr_normalize(info->addr.ptr, info->addr.len, txt,
		                        sizeof txt, &n) != RCVD_OK)
			return -1;
		ip.v6 = memchr(txt, ':', n) != NULL;
	} else {
		return 0;
	}
	*len = bracket(txt, n, ip.v6, lit);
	return 0;
}

/* An address literal the caller or the client wrote, in canonical form
 * (RFC 5952 for IPv6, the "IPv6:" tag spelled so, v4-mapped as IPv4) into
 * out (RCVD_ADDR_MAX + 8 bytes); 0 when it is a General-address-literal,
 * which stays as written. (s, n) must be a valid address literal. */
static size_t canon_literal(const char *s, size_t n, char *out)
{
	char txt[RCVD_ADDR_MAX];
	size_t k;

	if (memchr(s, ':', n) != NULL &&
	    !(n > 6 && rcvd_i_lower((unsigned char)s[1]) == 'i' &&
	      rcvd_i_lower((unsigned char)s[2]) == 'p' &&
	      rcvd_i_lower((unsigned char)s[3]) == 'v' && s[4] == '6' && s[5] == ':'))
		return 0;
	if (rcvd_addr_normalize(s, n, txt, sizeof txt, &k) != RCVD_OK)
		return 0;
	return bracket(txt, k, memchr(txt, ':', k) != NULL, out);
}

static size_t put_dec(char *p, unsigned v)
{
	char tmp[16];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10u);
		v /= 10u;
	} while (v != 0);
	for (i = 0; i < n; i++)
		p[i] = tmp[n - 1 - i];
	return n;
}

/* Encodes one item into its scratch buffer and notes it in the report. */
static size_t enc_item(struct rcvd_span s, int utf8, char *out, size_t budget,
                       unsigned item, struct rcvd_report *rep)
{
	unsigned how = 0;
	size_t n = rcvd_i_encode(s.ptr, s.len, utf8, out, budget, &how);

	if (how & RCVD_I_ENCODED)
		rep->encoded |= item;
	if (how & RCVD_I_TRUNCATED)
		rep->truncated |= item;
	return n;
}

struct scratch {
	char lit[RCVD_ADDR_MAX + 8];
	char helo_lit[RCVD_ADDR_MAX + 8];
	char host_lit[RCVD_ADDR_MAX + 8];
	char helo[BUDGET_HELO];
	char identity[BUDGET_IDENTITY];
	char sender[BUDGET_SENDER];
	char tls_version[BUDGET_TLS_VERSION];
	char tls_cipher[BUDGET_TLS_CIPHER];
	char product[BUDGET_PRODUCT];
	char bits[32];
	char date[RCVD_DATE_MAX];
};

/* What the session (or the info itself) says about the client. */
struct state {
	const char *keyword;
	unsigned flags;
	int utf8;
	int helo_cut;
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

/* The FROM clause and its TCP-info; returns whether the greeting stood as
 * the FROM name. */
static int plan_from(struct plan *pl, const struct rcvd_info *info,
                     const struct state *st, struct scratch *sc,
                     const char *lit, size_t lit_len, struct rcvd_report *rep)
{
	size_t k;
	struct rcvd_span h = st->helo, r = info->rdns;
	int named = 0;

	add_lit(pl, SEP_SPACE, "from");
	if (has(h) && !st->helo_cut && h.len <= NAME_MAX_LEN) {
		/* an address literal alone is no Extended-Domain: it needs the
		 * TCP-info that only a client address gives */
		if (h.ptr[0] == '[')
			named = lit_len > 0 && rcvd_i_addr_literal_ok(h.ptr, h.len);
		else
			named = rcvd_i_domain_ok(h.ptr, h.len, st->utf8) &&
			        (!st->utf8 || rcvd_i_utf8_visible(h.ptr, h.len));
		named = named && !rcvd_i_name_trap(h.ptr, h.len, 1);
	}
	if (named && h.ptr[0] == '[' && (k = canon_literal(h.ptr, h.len, sc->helo_lit)) > 0)
		add(pl, SEP_SPACE, sc->helo_lit, k);
	else if (named)
		add(pl, SEP_SPACE, h.ptr, h.len);
	else if (lit_len > 0)
		add(pl, SEP_SPACE, lit, lit_len);
	else
		add_lit(pl, SEP_SPACE, "unknown");

	if (has(r) && r.ptr[r.len - 1] == '.')
		r.len--;
	/* the usual case, rDNS equal to a valid greeting, needs no second check */
	if (lit_len > 0 && has(r) &&
	    ((named && h.ptr[0] != '[' && r.len == h.len &&
	      memcmp(r.ptr, h.ptr, h.len) == 0) ||
	     (rcvd_i_domain_ok(r.ptr, r.len, st->utf8) &&
	      (!st->utf8 || rcvd_i_utf8_visible(r.ptr, r.len)) &&
	      !rcvd_i_name_trap(r.ptr, r.len, 0)))) {
		add_lit(pl, SEP_SPACE, "(");
		add(pl, SEP_GLUE, r.ptr, r.len);
	} else {
		if (has(info->rdns))
			rep->dropped |= RCVD_ITEM_RDNS;
		if (lit_len > 0)
			add_lit(pl, SEP_SPACE, "(unknown");
	}
	if (lit_len > 0) {
		add(pl, SEP_SPACE, lit, lit_len);
		add_lit(pl, SEP_GLUE, ")");
	}
	return named;
}

static void plan_tls_comment(struct plan *pl, const struct rcvd_info *info,
                             int iana, struct scratch *sc,
                             struct rcvd_report *rep)
{
	size_t n;

	add_lit(pl, SEP_BREAK, "(using");
	if (has(info->tls_version)) {
		n = enc_item(info->tls_version, 0, sc->tls_version,
		             BUDGET_TLS_VERSION, RCVD_ITEM_TLS_VERSION, rep);
		add(pl, SEP_SPACE, sc->tls_version, n);
	}
	if (has(info->tls_cipher)) {
		if (has(info->tls_version))
			add_lit(pl, SEP_SPACE, "with");
		add_lit(pl, SEP_SPACE, "cipher");
		/* an IANA name (no reader words: see iana_cipher_ok) is all SAFE
		 * bytes and within budget: the encoder would copy it as is */
		if (iana) {
			add(pl, SEP_SPACE, info->tls_cipher.ptr, info->tls_cipher.len);
		} else {
			n = enc_item(info->tls_cipher, 0, sc->tls_cipher,
			             BUDGET_TLS_CIPHER, RCVD_ITEM_TLS_CIPHER, rep);
			add(pl, SEP_SPACE, sc->tls_cipher, n);
		}
	}
	if (info->tls_bits > 0) {
		n = 0;
		sc->bits[n++] = '(';
		n += put_dec(sc->bits + n, info->tls_bits);
		sc->bits[n++] = '/';
		n += put_dec(sc->bits + n, info->tls_bits);
		add(pl, SEP_SPACE, sc->bits, n);
		add_lit(pl, SEP_SPACE, "bits)");
	}
	add_lit(pl, SEP_GLUE, ")");
}

static void plan_sender(struct plan *pl, const struct rcvd_info *info,
                        const struct state *st, struct scratch *sc,
                        struct rcvd_report *rep)
{
	struct rcvd_span s = strip_angles(info->sender);
	size_t n;

	add_lit(pl, SEP_BREAK, "(envelope-from");
	if (s.len == 0) {
		add_lit(pl, SEP_SPACE, "<>)");
		return;
	}
	if (rcvd_i_mailbox_ok(s.ptr, s.len, st->utf8) &&
	    !rcvd_i_name_trap(s.ptr, s.len, 0)) {
		add_lit(pl, SEP_SPACE, "<");
		add(pl, SEP_GLUE, s.ptr, s.len);
		add_lit(pl, SEP_GLUE, ">)");
		return;
	}
	n = enc_item(s, st->utf8, sc->sender, BUDGET_SENDER,
	             RCVD_ITEM_SENDER, rep);
	add(pl, SEP_SPACE, sc->sender, n);
	add_lit(pl, SEP_GLUE, ")");
}

static void plan_field(struct plan *pl, const struct rcvd_info *info,
                       const struct state *st, struct scratch *sc,
                       const char *lit, size_t lit_len, size_t date_len,
                       struct rcvd_report *rep)
{
	unsigned opt = info->options;
	int hide = (opt & RCVD_O_HIDE_CLIENT) != 0;
	int tls = (st->flags & RCVD_TLS) != 0;
	int tls_comment = tls && !(opt & RCVD_O_NO_TLS_COMMENT) &&
	                  (has(info->tls_version) || has(info->tls_cipher));
	int iana = tls && iana_cipher_ok(info->tls_cipher.ptr, info->tls_cipher.len);
	int tls_clause = iana && !(opt & RCVD_O_NO_TLS_CLAUSE);
	int show_auth = (opt & RCVD_O_SHOW_AUTH) && has(st->identity);
	int named = 0, wrote_for = 0;
	struct rcvd_span rcpt;
	size_t n;

	if (hide) {
		add_lit(pl, SEP_SPACE, "from");
		add_lit(pl, SEP_SPACE, "unknown");
		if (has(st->helo))
			rep->dropped |= RCVD_ITEM_HELO;
		if (has(info->rdns))
			rep->dropped |= RCVD_ITEM_RDNS;
		if (lit_len > 0)
			rep->dropped |= RCVD_ITEM_ADDR;
		if (info->sender.ptr != NULL)
			rep->dropped |= RCVD_ITEM_SENDER;
		if (tls_comment && has(info->tls_version))
			rep->dropped |= RCVD_ITEM_TLS_VERSION;
		if (show_auth)
			rep->dropped |= RCVD_ITEM_IDENTITY;
	} else {
		named = plan_from(pl, info, st, sc, lit, lit_len, rep);
		if (tls_comment)
			plan_tls_comment(pl, info, iana, sc, rep);
		if (show_auth && (st->flags & RCVD_AUTH)) {
			add_lit(pl, SEP_BREAK, "(authenticated");
			add_lit(pl, SEP_SPACE, "as");
			n = enc_item(st->identity, st->utf8, sc->identity,
			             BUDGET_IDENTITY, RCVD_ITEM_IDENTITY, rep);
			add(pl, SEP_SPACE, sc->identity, n);
			add_lit(pl, SEP_GLUE, ")");
		} else if (show_auth) {
			rep->dropped |= RCVD_ITEM_IDENTITY;
		}
	}
	/* a cipher the options wanted somewhere but that went nowhere */
	if (has(info->tls_cipher) && tls && !tls_clause && (hide || !tls_comment) &&
	    (opt & (RCVD_O_NO_TLS_COMMENT | RCVD_O_NO_TLS_CLAUSE)) !=
	        (RCVD_O_NO_TLS_COMMENT | RCVD_O_NO_TLS_CLAUSE))
		rep->dropped |= RCVD_ITEM_TLS_CIPHER;

	add_lit(pl, SEP_BREAK, "by");
	if (info->host.ptr[0] == '[') {
		/* a literal needs the TCP-info after it that the grammar asks */
		const char *hp = info->host.ptr;
		size_t hn = canon_literal(hp, info->host.len, sc->host_lit);

		if (hn > 0)
			hp = sc->host_lit;
		else
			hn = info->host.len;
		add(pl, SEP_SPACE, hp, hn);
		add_lit(pl, SEP_SPACE, "(");
		add(pl, SEP_GLUE, hp, hn);
		add_lit(pl, SEP_GLUE, ")");
	} else {
		add(pl, SEP_SPACE, info->host.ptr, info->host.len);
	}
	if (has(info->product)) {
		n = enc_item(info->product, 0, sc->product, BUDGET_PRODUCT,
		             RCVD_ITEM_PRODUCT, rep);
		add_lit(pl, SEP_SPACE, "(");
		add(pl, SEP_GLUE, sc->product, n);
		add_lit(pl, SEP_GLUE, ")");
	}
	add_lit(pl, SEP_SPACE, "with");
	add_lit(pl, SEP_SPACE, st->keyword);
	if (has(info->id)) {
		add_lit(pl, SEP_SPACE, "id");
		add(pl, SEP_SPACE, info->id.ptr, info->id.len);
	}

	if (!hide && has(st->helo) && !named) {
		n = enc_item(st->helo, st->utf8, sc->helo, BUDGET_HELO,
		             RCVD_ITEM_HELO, rep);
		add_lit(pl, SEP_BREAK, "(helo=");
		add(pl, SEP_GLUE, sc->helo, n);
		add_lit(pl, SEP_GLUE, ")");
	}
	if (!hide && info->sender.ptr != NULL)
		plan_sender(pl, info, st, sc, rep);

	rcpt = strip_angles(info->rcpt);
	if (has(info->rcpt)) {
		if ((info->rcpt_count == 1 || (opt & RCVD_O_FORCE_FOR)) &&
		    rcvd_i_mailbox_ok(rcpt.ptr, rcpt.len, st->utf8) &&
		    !rcvd_i_name_trap(rcpt.ptr, rcpt.len, 0)) {
			add_lit(pl, SEP_BREAK, "for");
			add_lit(pl, SEP_SPACE, "<");
			add(pl, SEP_GLUE, rcpt.ptr, rcpt.len);
			add_lit(pl, SEP_GLUE, ">");
			wrote_for = 1;
		} else {
			rep->dropped |= RCVD_ITEM_RCPT;
		}
	}
	if (tls_clause) {
		add_lit(pl, wrote_for ? SEP_SPACE : SEP_BREAK, "tls");
		add(pl, SEP_SPACE, info->tls_cipher.ptr, info->tls_cipher.len);
	}
	add_lit(pl, SEP_GLUE, ";");
	add(pl, SEP_BREAK, sc->date, date_len);
}

static int compose(char *buf, size_t cap, const struct rcvd_info *info,
                   size_t *needed, struct rcvd_report *rep)
{
	struct state st;
	struct scratch sc;
	struct plan pl;
	struct out o;
	size_t lit_len, date_len;
	int r, crlf;

	if (info == NULL || info->size < sizeof *info || !spans_ok(info) ||
	    (info->options & ~OPTIONS_KNOWN) != 0)
		return RCVD_E_ARG;
	r = read_state(info, &st);
	if (r != RCVD_OK)
		return r;
	if (!host_ok(info->host, st.utf8))
		return RCVD_E_HOST;
	if (has(info->id) && !id_ok(info->id.ptr, info->id.len))
		return RCVD_E_ID;
	if (client_literal(info, sc.lit, &lit_len) != 0)
		return RCVD_E_ADDRESS;
	r = rcvd_date(sc.date, sizeof sc.date, info->time, info->offset, &date_len);
	if (r != RCVD_OK)
		return r;

	pl.n = 0;
	if (!(info->options & RCVD_O_VALUE_ONLY))
		add_lit(&pl, SEP_NONE, "Received:");
	plan_field(&pl, info, &st, &sc, sc.lit, lit_len, date_len, rep);
	/* value-only starts at column 10, after the "Received: " it omits */
	if (info->options & RCVD_O_VALUE_ONLY)
		pl.v[0].sep = SEP_NONE;

	o.buf = buf;
	o.room = cap > 0 ? cap - 1 : 0;
	o.len = 0;
	crlf = (info->options & RCVD_O_CRLF) != 0;
	emit(&o, &pl, info->options & RCVD_O_VALUE_ONLY ? 10 : 0, crlf);
	if (!(info->options & RCVD_O_VALUE_ONLY)) {
		if (crlf)
			put_char(&o, '\r');
		put_char(&o, '\n');
	}
	*needed = o.len;
	if (o.len > o.room)
		return RCVD_E_NOSPACE;
	buf[o.len] = '\0';
	return RCVD_OK;
}

int rcvd_format(char *buf, size_t cap, const struct rcvd_info *info,
                size_t *needed, struct rcvd_report *report)
{
	struct rcvd_report rep = {0, 0, 0};
	size_t need = 0;
	int r = RCVD_E_ARG;

	if (buf != NULL || cap == 0)
		r = compose(buf, cap, info, &need, &rep);
	if (r != RCVD_OK && cap > 0 && buf != NULL)
		buf[0] = '\0';
	if (r != RCVD_OK && r != RCVD_E_NOSPACE) {
		need = 0;
		memset(&rep, 0, sizeof rep);
	}
	if (needed != NULL)
		*needed = need;
	if (report != NULL)
		*report = rep;
	return r;
}
