/*
 * encode.c -- the one-token encoding of client-chosen text.
 *
 * Readers of Received fields (SpamAssassin and friends) use regular
 * expressions that ignore comment quoting, so client text must not carry
 * white space or delimiters into the field at all. It is written as one
 * token: bytes in RCVD_C_SAFE stand as they are; every other byte becomes
 * "%XX" (two upper-case hex digits), "%" itself included, so decoding is
 * exact. In SMTPUTF8 transactions a well-formed UTF-8 sequence also stands
 * as it is, unless it is a Unicode space, a control or a format character
 * (bidi controls, zero-width marks, tags), which could hide or reorder text.
 *
 * Two words that reader regexes act on even without white space around
 * them lose their first letter to "%XX" as well (see starts_by).
 *
 * A token longer than its budget is cut at a unit boundary (never inside a
 * "%XX" or a UTF-8 sequence) and ends in "%..": the encoder can never
 * produce it ("%" is always followed by two hex digits), so a cut token is
 * unambiguous.
 */
#include <string.h>

#include "internal.h"

/* Code points that are invisible, move or hide text, or separate words:
 * C1 controls (U+0085 among them), no-break and other Unicode spaces, line
 * and paragraph separators, bidi embeddings, overrides and isolates,
 * zero-width characters, the BOM, interlinear annotation marks and the
 * tag block. */
static int cp_hidden(uint32_t cp)
{
	if (cp <= 0xa0u)
		return 1; /* C0 is ASCII and never reaches here; C1 and NBSP */
	if (cp < 0x2000u)
		return cp == 0xadu || cp == 0x61cu || cp == 0x1680u ||
		       cp == 0x180eu;
	if (cp <= 0x206fu)
		return cp <= 0x200fu || (cp >= 0x2028u && cp <= 0x202fu) ||
		       cp >= 0x205fu;
	return cp == 0x3000u || cp == 0xfeffu ||
	       (cp >= 0xfff9u && cp <= 0xfffbu) ||
	       (cp >= 0xe0000u && cp <= 0xe007fu);
}

size_t rcvd_i_utf8_safe(const unsigned char *p, size_t rem)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xbf;
	size_t need, i;
	uint32_t v;

	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
		v = c & 0x1fu;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		v = c & 0x0fu;
		if (c == 0xe0)
			lo = 0xa0; /* overlong */
		else if (c == 0xed)
			hi = 0x9f; /* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		v = c & 0x07u;
		if (c == 0xf0)
			lo = 0x90; /* overlong */
		else if (c == 0xf4)
			hi = 0x8f; /* above U+10FFFF */
	} else {
		return 0;
	}
	if (rem <= need || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 1; i <= need; i++) {
		if ((p[i] & 0xc0u) != 0x80u)
			return 0;
		v = v << 6 | (uint32_t)(p[i] & 0x3fu);
	}
	return cp_hidden(v) ? 0 : need + 1;
}

/* Words that regular-expression readers act on even inside one token
 * (starts_by, authenticated_at).
 * SpamAssassin takes any parenthesised text holding "authenticated"
 * between the client's address and a later " by" as proof of
 * authentication (its Sendmail rule), and a token starting with "by" after
 * a space supplies that " by". Encoding the first letter of such a word
 * ("%61uthenticated", "%62y") keeps the text lossless and the reader
 * blind. Case is ignored, for readers less particular than SpamAssassin. */
static int starts_by(const unsigned char *p, size_t n)
{
	return n >= 2 && rcvd_i_lower(p[0]) == 'b' && rcvd_i_lower(p[1]) == 'y';
}

static int authenticated_at(const unsigned char *p, size_t n, size_t i)
{
	static const char word[] = "authenticated";
	size_t k;

	if (n - i < sizeof word - 1)
		return 0;
	for (k = 0; k < sizeof word - 1; k++)
		if (rcvd_i_lower(p[i + k]) != (unsigned char)word[k])
			return 0;
	return 1;
}

int rcvd_i_reader_word(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	if (starts_by(p, n))
		return 1;
	for (i = 0; i < n; i++)
		if (rcvd_i_lower(p[i]) == 'a' && authenticated_at(p, n, i))
			return 1;
	return 0;
}

size_t rcvd_i_encode(const char *s, size_t n, int utf8, char *out,
                     size_t budget, unsigned *how)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len = 0, keep = 0, k;
	size_t room = budget - 3; /* what may stand before a "%.." mark */
	unsigned enc = 0, enc_keep = 0;

	while (i < n) {
		unsigned char c = p[i];

		int plain = c != '%' && rcvd_i_is(c, RCVD_C_SAFE) &&
		            !(i == 0 && starts_by(p, n)) &&
		            !(rcvd_i_lower(c) == 'a' && authenticated_at(p, n, i));

		/* the common case, a run of SAFE bytes, costs a few instructions
		 * a byte; an "a" goes back to the full check */
		if (plain && len < room) {
			do
				out[len++] = (char)p[i++];
			while (i < n && len < room && p[i] != '%' &&
			       rcvd_i_is(p[i], RCVD_C_SAFE) && rcvd_i_lower(p[i]) != 'a');
			keep = len;
			enc_keep = enc;
			continue;
		}
		if (plain)
			k = 1;
		else if (utf8 && c >= 0x80 && (k = rcvd_i_utf8_safe(p + i, n - i)) > 0)
			;
		else
			k = 0;
		if (len + (k > 0 ? k : 3) > budget)
			goto cut;
		if (k > 0) {
			memcpy(out + len, p + i, k);
			len += k;
			i += k;
		} else {
			out[len] = '%';
			out[len + 1] = hex[c >> 4];
			out[len + 2] = hex[c & 15u];
			len += 3;
			i++;
			enc = RCVD_I_ENCODED;
		}
		if (len <= room) {
			keep = len;
			enc_keep = enc;
		}
	}
	*how |= enc;
	return len;
cut:
	/* Everything up to keep was whole units; a unit never straddles it. */
	out[keep] = '%';
	out[keep + 1] = '.';
	out[keep + 2] = '.';
	/* "encoded" speaks of what was written, not of bytes after the cut. */
	*how |= enc_keep | RCVD_I_TRUNCATED;
	return keep + 3;
}
