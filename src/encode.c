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
 * Words that reader regexes act on even without white space around them
 * lose their first letter to "%XX" as well (see reader.c).
 *
 * A token longer than its budget is cut at a unit boundary (never inside a
 * "%XX" or a UTF-8 sequence) and ends in "%..": the encoder can never
 * produce it ("%" is always followed by two hex digits), so a cut token is
 * unambiguous.
 */
#include <string.h>

#include "internal.h"

/* Code points that are invisible, move or hide text, or separate words
 * (Unicode 15): C1 controls, the spaces (Zs, Zl, Zp), every format
 * character (Cf: bidi embeddings, overrides and isolates, zero-width
 * characters, the BOM, prepended concatenation marks, tags) and the
 * other default-ignorable code points (fillers, variation selectors).
 * Sorted ranges, first and last included. */
static const uint32_t hidden[][2] = {
	{0x80, 0xa0},       {0xad, 0xad},       {0x34f, 0x34f},
	{0x600, 0x605},     {0x61c, 0x61c},     {0x6dd, 0x6dd},
	{0x70f, 0x70f},     {0x890, 0x891},     {0x8e2, 0x8e2},
	{0x115f, 0x1160},   {0x1680, 0x1680},   {0x17b4, 0x17b5},
	{0x180b, 0x180f},   {0x2000, 0x200f},   {0x2028, 0x202f},
	{0x205f, 0x206f},   {0x3000, 0x3000},   {0x3164, 0x3164},
	{0xfe00, 0xfe0f},   {0xfeff, 0xfeff},   {0xffa0, 0xffa0},
	{0xfff0, 0xfffb},   {0x110bd, 0x110bd}, {0x110cd, 0x110cd},
	{0x13430, 0x1343f}, {0x1bca0, 0x1bca3}, {0x1d173, 0x1d17a},
	{0xe0000, 0xe0fff},
};

static int cp_hidden(uint32_t cp)
{
	size_t i;

	for (i = 0; i < sizeof hidden / sizeof hidden[0] && hidden[i][0] <= cp; i++)
		if (cp <= hidden[i][1])
			return 1;
	return 0;
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

/* Bytes that continue a run of plain output: SAFE, and not a letter where
 * a reader word (reader.c) may begin past the first byte (a, e, r in either
 * case). One lookup a byte instead of three tests. */
const unsigned char rcvd_i_run[256] = {
	['!'] = 1, ['#'] = 1, ['$'] = 1, ['&'] = 1, ['*'] = 1, ['+'] = 1,
	['-'] = 1, ['.'] = 1, ['/'] = 1, ['?'] = 1, ['@'] = 1, ['^'] = 1,
	['_'] = 1, ['{'] = 1, ['|'] = 1, ['}'] = 1, ['~'] = 1,
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
	['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['B'] = 1, ['C'] = 1, ['D'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
	['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
	['O'] = 1, ['P'] = 1, ['Q'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
	['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1,
	['b'] = 1, ['c'] = 1, ['d'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
	['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
	['o'] = 1, ['p'] = 1, ['q'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
	['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

int rcvd_i_utf8_visible(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		k = rcvd_i_utf8_safe(p + i, n - i);
		if (k == 0)
			return 0;
		i += k;
	}
	return 1;
}

/* A run is short (a name, a version): overlapping word moves instead of
 * a call to memcpy. */
static RCVD_I_INLINE void copy_run(char *d, const unsigned char *s, size_t n)
{
	if (n >= 8) {
		size_t i;

		for (i = 0; i + 8 < n; i += 8)
			memcpy(d + i, s + i, 8);
		memcpy(d + n - 8, s + n - 8, 8);
	} else if (n >= 4) {
		memcpy(d, s, 4);
		memcpy(d + n - 4, s + n - 4, 4);
	} else {
		/* n >= 1: a run holds at least its first byte */
		d[0] = (char)s[0];
		d[n / 2] = (char)s[n / 2];
		d[n - 1] = (char)s[n - 1];
	}
}

/* The encoder and its measuring twin are one body: with out == NULL it
 * only counts, so the composer can learn a token's length (to decide a
 * fold) before it writes the token in place, and the two cannot disagree. */
static RCVD_I_INLINE size_t encode(const char *s, size_t n, int utf8, char *out,
                                   size_t budget, unsigned *how)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len = 0, keep = 0, k;
	size_t room = budget - 3; /* what may stand before a "%.." mark */
	unsigned enc = 0, enc_keep = 0;

	while (i < n) {
		unsigned char c = p[i];
		/* past the first byte only a, e or r can start a reader word */
		int plain = rcvd_i_is(c, RCVD_C_SAFE) &&
		            ((i > 0 && rcvd_i_run[c]) || !rcvd_i_reader_mark(p, n, i));

		/* the common case, a run of plain bytes, costs one lookup a
		 * byte; len and i move together, so one bound covers both */
		if (plain && len < room) {
			size_t stop = n - i < room - len ? n : i + (room - len);
			size_t from = i;

			i++;
			while (i < stop && rcvd_i_run[p[i]])
				i++;
			if (out != NULL)
				copy_run(out + len, p + from, i - from);
			len += i - from;
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
			if (out != NULL)
				memcpy(out + len, p + i, k);
			len += k;
			i += k;
		} else {
			if (out != NULL) {
				out[len] = '%';
				out[len + 1] = hex[c >> 4];
				out[len + 2] = hex[c & 15u];
			}
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
	if (out != NULL) {
		out[keep] = '%';
		out[keep + 1] = '.';
		out[keep + 2] = '.';
	}
	/* "encoded" speaks of what was written, not of bytes after the cut. */
	*how |= enc_keep | RCVD_I_TRUNCATED;
	return keep + 3;
}

size_t rcvd_i_encode(const char *s, size_t n, int utf8, char *out,
                     size_t budget, unsigned *how)
{
	return encode(s, n, utf8, out, budget, how);
}

size_t rcvd_i_encode_len(const char *s, size_t n, int utf8, size_t budget,
                         unsigned *how)
{
	return encode(s, n, utf8, NULL, budget, how);
}
