/*
 * test_keyword.c -- the WITH keyword table, both directions.
 *
 * The expectations below are written out by hand from SPEC.md section 1
 * (and RFC 3848 / RFC 6531), not derived from the library's table, so a
 * wrong table row cannot agree with itself.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "internal.h"

#define T RCVD_TLS
#define A RCVD_AUTH
#define U RCVD_UTF8
#define X RCVD_UNREGISTERED

/* ---- expectations, by hand from SPEC.md ---- */

struct state_case {
	enum rcvd_greeting greeting;
	unsigned flags;
	const char *keyword;
};

/* All 24 states: 3 greetings x TLS x AUTH x SMTPUTF8. */
static const struct state_case states[] = {
	{RCVD_HELO, 0, "SMTP"},
	{RCVD_HELO, T, "SMTP"},
	{RCVD_HELO, A, "SMTP"},
	{RCVD_HELO, T | A, "SMTP"},
	{RCVD_HELO, U, "SMTP"},
	{RCVD_HELO, U | T, "SMTP"},
	{RCVD_HELO, U | A, "SMTP"},
	{RCVD_HELO, U | T | A, "SMTP"},
	{RCVD_EHLO, 0, "ESMTP"},
	{RCVD_EHLO, T, "ESMTPS"},
	{RCVD_EHLO, A, "ESMTPA"},
	{RCVD_EHLO, T | A, "ESMTPSA"},
	{RCVD_EHLO, U, "UTF8SMTP"},
	{RCVD_EHLO, U | T, "UTF8SMTPS"},
	{RCVD_EHLO, U | A, "UTF8SMTPA"},
	{RCVD_EHLO, U | T | A, "UTF8SMTPSA"},
	{RCVD_LHLO, 0, "LMTP"},
	{RCVD_LHLO, T, "LMTPS"},
	{RCVD_LHLO, A, "LMTPA"},
	{RCVD_LHLO, T | A, "LMTPSA"},
	{RCVD_LHLO, U, "UTF8LMTP"},
	{RCVD_LHLO, U | T, "UTF8LMTPS"},
	{RCVD_LHLO, U | A, "UTF8LMTPA"},
	{RCVD_LHLO, U | T | A, "UTF8LMTPSA"},
};

struct word_case {
	const char *word;
	enum rcvd_greeting greeting;
	unsigned flags; /* as decoded, RCVD_UNREGISTERED included */
};

/* The 18 registered keywords of the IANA registry. */
static const struct word_case registered[] = {
	{"SMTP", RCVD_HELO, 0},
	{"ESMTP", RCVD_EHLO, 0},
	{"ESMTPA", RCVD_EHLO, A},
	{"ESMTPS", RCVD_EHLO, T},
	{"ESMTPSA", RCVD_EHLO, T | A},
	{"LMTP", RCVD_LHLO, 0},
	{"LMTPA", RCVD_LHLO, A},
	{"LMTPS", RCVD_LHLO, T},
	{"LMTPSA", RCVD_LHLO, T | A},
	{"UTF8SMTP", RCVD_EHLO, U},
	{"UTF8SMTPA", RCVD_EHLO, U | A},
	{"UTF8SMTPS", RCVD_EHLO, U | T},
	{"UTF8SMTPSA", RCVD_EHLO, U | T | A},
	{"UTF8LMTP", RCVD_LHLO, U},
	{"UTF8LMTPA", RCVD_LHLO, U | A},
	{"UTF8LMTPS", RCVD_LHLO, U | T},
	{"UTF8LMTPSA", RCVD_LHLO, U | T | A},
	{"MMS", RCVD_GREETING_NONE, 0},
};

/* The unregistered spellings of SPEC.md section 1's second table. */
static const struct word_case unregistered[] = {
	{"smtps", RCVD_HELO, X | T},
	{"smtpa", RCVD_HELO, X | A},
	{"smtpsa", RCVD_HELO, X | T | A},
	{"ssmtp", RCVD_HELO, X | T},
	{"essmtp", RCVD_EHLO, X | T},
	{"essmtpa", RCVD_EHLO, X | T | A},
	{"asmtp", RCVD_EHLO, X | A},
	{"utf8esmtp", RCVD_EHLO, X | U},
	{"utf8esmtps", RCVD_EHLO, X | U | T},
	{"utf8esmtpa", RCVD_EHLO, X | U | A},
	{"utf8esmtpsa", RCVD_EHLO, X | U | T | A},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ---- */

static unsigned char up(unsigned char c)
{
	return (c >= 'a' && c <= 'z') ? (unsigned char)(c - 32) : c;
}

static unsigned char low(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

enum casing { AS_IS, UPPER, LOWER, ALT_UP, ALT_LOW, NCASINGS };

/* Writes word in the given casing into out (NUL-terminated). */
static size_t recase(char *out, const char *word, enum casing c)
{
	size_t i, n = strlen(word);

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)word[i];
		switch (c) {
		case UPPER: ch = up(ch); break;
		case LOWER: ch = low(ch); break;
		case ALT_UP: ch = (i % 2) ? low(ch) : up(ch); break;
		case ALT_LOW: ch = (i % 2) ? up(ch) : low(ch); break;
		case AS_IS:
		case NCASINGS: break;
		}
		out[i] = (char)ch;
	}
	out[n] = '\0';
	return n;
}

/* Case-insensitive (ASCII letters only) equality of (s, n) with word. */
static int same_ci(const char *s, size_t n, const char *word)
{
	size_t i;

	if (strlen(word) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (low((unsigned char)s[i]) != low((unsigned char)word[i]))
			return 0;
	return 1;
}

/* The hand-written case that (s, n) spells, or NULL. */
static const struct word_case *known(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < COUNT(registered); i++)
		if (same_ci(s, n, registered[i].word))
			return &registered[i];
	for (i = 0; i < COUNT(unregistered); i++)
		if (same_ci(s, n, unregistered[i].word))
			return &unregistered[i];
	return NULL;
}

/* Decodes (s, n) and checks it against the hand-written expectation:
 * success with that state if it spells a known word, RCVD_E_KEYWORD
 * otherwise. */
static void check_decode(const char *s, size_t n)
{
	const struct word_case *w = known(s, n);
	enum rcvd_greeting g = (enum rcvd_greeting)77;
	unsigned f = 0xdeadu;
	int rc = rcvd_keyword_decode(s, n, &g, &f);

	if (w == NULL) {
		if (rc != RCVD_E_KEYWORD)
			fail_msg("decode of %zu bytes '%.*s' gave %d, want E_KEYWORD",
			         n, (int)n, s, rc);
		return;
	}
	if (rc != RCVD_OK)
		fail_msg("decode '%.*s' gave %d, want OK", (int)n, s, rc);
	assert_int_equal(g, w->greeting);
	assert_int_equal(f, w->flags);
}

/* ---- state -> keyword ---- */

static void test_all_24_states(void **unused)
{
	size_t i;

	(void)unused;
	assert_int_equal(COUNT(states), 24);
	for (i = 0; i < COUNT(states); i++) {
		const char *k = rcvd_keyword(states[i].greeting, states[i].flags);
		assert_non_null(k);
		assert_string_equal(k, states[i].keyword);
	}
}

static void test_17_distinct_keywords(void **unused)
{
	const char *seen[24];
	size_t nseen = 0, i, j;

	(void)unused;
	for (i = 0; i < COUNT(states); i++) {
		const char *k = rcvd_keyword(states[i].greeting, states[i].flags);
		for (j = 0; j < nseen; j++)
			if (strcmp(seen[j], k) == 0)
				break;
		if (j == nseen)
			seen[nseen++] = k;
	}
	assert_int_equal(nseen, 17);
}

static void test_keyword_bad_input(void **unused)
{
	static const int bad_greetings[] = {0, 4, 5, 255, -1, 1000};
	static const unsigned bad_flags[] = {
		RCVD_UNREGISTERED, RCVD_UNREGISTERED | T, 0x10u, 0x20u,
		0x80000000u, 0xffffffffu, 0x8u | U | T | A,
	};
	size_t i;
	unsigned f;

	(void)unused;
	for (i = 0; i < COUNT(bad_greetings); i++)
		for (f = 0; f < 8; f++)
			assert_null(rcvd_keyword((enum rcvd_greeting)bad_greetings[i], f));
	for (i = 0; i < COUNT(bad_flags); i++) {
		assert_null(rcvd_keyword(RCVD_HELO, bad_flags[i]));
		assert_null(rcvd_keyword(RCVD_EHLO, bad_flags[i]));
		assert_null(rcvd_keyword(RCVD_LHLO, bad_flags[i]));
	}
}

/* ---- the library's table: consistent with itself and with SPEC.md ---- */

static void test_table_matches_spec(void **unused)
{
	size_t i, j, nreg = 0, nunreg = 0;

	(void)unused;
	assert_int_equal(rcvd_i_keywords_count,
	                 COUNT(registered) + COUNT(unregistered));
	for (i = 0; i < rcvd_i_keywords_count; i++) {
		const struct rcvd_i_keyword *k = &rcvd_i_keywords[i];
		const struct word_case *w = known(k->name, strlen(k->name));

		assert_int_equal(k->len, strlen(k->name));
		assert_non_null(w);
		assert_int_equal(k->greeting, w->greeting);
		assert_int_equal(k->flags, w->flags);
		if (k->flags & X) {
			nunreg++;
		} else {
			char u[32];
			nreg++;
			/* registered rows are what rcvd_keyword writes: upper case */
			recase(u, k->name, UPPER);
			assert_string_equal(k->name, u);
		}
		for (j = 0; j < i; j++)
			assert_false(same_ci(k->name, k->len, rcvd_i_keywords[j].name));
	}
	assert_int_equal(nreg, 18);
	assert_int_equal(nunreg, 11);
}

/* rcvd_keyword() uses a lookup array beside the table; every entry must
 * point at the table row for that very state. */
static void test_lookup_agrees_with_table(void **unused)
{
	int g;
	unsigned f;
	size_t i, reached = 0;

	(void)unused;
	for (g = RCVD_HELO; g <= RCVD_LHLO; g++) {
		for (f = 0; f < 8; f++) {
			const char *k = rcvd_keyword((enum rcvd_greeting)g, f);
			const struct rcvd_i_keyword *row = NULL;

			for (i = 0; i < rcvd_i_keywords_count; i++)
				if (rcvd_i_keywords[i].name == k)
					row = &rcvd_i_keywords[i];
			assert_non_null(row);
			assert_int_equal(row->flags & X, 0);
			assert_int_equal(row->greeting, g);
			assert_int_equal(row->flags, g == RCVD_HELO ? 0u : f);
		}
	}
	/* and every registered row but MMS is reached by some state */
	for (i = 0; i < rcvd_i_keywords_count; i++) {
		const struct rcvd_i_keyword *k = &rcvd_i_keywords[i];
		if ((k->flags & X) || k->greeting == RCVD_GREETING_NONE)
			continue;
		assert_ptr_equal(rcvd_keyword((enum rcvd_greeting)k->greeting, k->flags),
		                 k->name);
		reached++;
	}
	assert_int_equal(reached, 17);
}

/* ---- keyword -> state ---- */

static void test_registered_all_cases(void **unused)
{
	size_t i;
	int c;

	(void)unused;
	for (i = 0; i < COUNT(registered); i++) {
		for (c = AS_IS; c < NCASINGS; c++) {
			char buf[32];
			size_t n = recase(buf, registered[i].word, (enum casing)c);
			enum rcvd_greeting g = (enum rcvd_greeting)77;
			unsigned f = 0xdeadu;

			assert_int_equal(rcvd_keyword_decode(buf, n, &g, &f), RCVD_OK);
			assert_int_equal(g, registered[i].greeting);
			assert_int_equal(f, registered[i].flags);
			/* round trip: the state gives back the upper-case word */
			if (g != RCVD_GREETING_NONE)
				assert_string_equal(rcvd_keyword(g, f), registered[i].word);
			/* outputs are optional */
			assert_int_equal(rcvd_keyword_decode(buf, n, NULL, NULL), RCVD_OK);
			assert_int_equal(rcvd_keyword_decode(buf, n, &g, NULL), RCVD_OK);
			assert_int_equal(rcvd_keyword_decode(buf, n, NULL, &f), RCVD_OK);
		}
	}
}

static void test_unregistered_all_cases(void **unused)
{
	size_t i;
	int c;

	(void)unused;
	for (i = 0; i < COUNT(unregistered); i++) {
		for (c = AS_IS; c < NCASINGS; c++) {
			char buf[32];
			size_t n = recase(buf, unregistered[i].word, (enum casing)c);
			enum rcvd_greeting g = (enum rcvd_greeting)77;
			unsigned f = 0;

			assert_int_equal(rcvd_keyword_decode(buf, n, &g, &f), RCVD_OK);
			assert_int_equal(g, unregistered[i].greeting);
			assert_int_equal(f, unregistered[i].flags);
			assert_true(f & RCVD_UNREGISTERED);
			/* never written: the state maps to a registered word */
			assert_non_null(rcvd_keyword(g, f & (T | A | U)));
			assert_false(same_ci(rcvd_keyword(g, f & (T | A | U)),
			                     strlen(rcvd_keyword(g, f & (T | A | U))),
			                     unregistered[i].word));
		}
	}
}

/* Not NUL-terminated: the word is read from (pointer, length) only. */
static void test_decode_reads_only_n_bytes(void **unused)
{
	static const char text[] = "ESMTPSA with junk";
	enum rcvd_greeting g;
	unsigned f;

	(void)unused;
	assert_int_equal(rcvd_keyword_decode(text, 7, &g, &f), RCVD_OK);
	assert_int_equal(g, RCVD_EHLO);
	assert_int_equal(f, T | A);
	assert_int_equal(rcvd_keyword_decode(text, 6, &g, &f), RCVD_OK);
	assert_int_equal(f, T);
	assert_int_equal(rcvd_keyword_decode(text, 5, &g, &f), RCVD_OK);
	assert_int_equal(f, 0u);
	assert_int_equal(rcvd_keyword_decode(text, 8, &g, &f), RCVD_E_KEYWORD);
}

struct garbage {
	const char *s;
	size_t n;
	int rc;
};

static void test_garbage(void **unused)
{
	static char big[1000];
	static const struct garbage cases[] = {
		{"", 0, RCVD_E_KEYWORD},
		{NULL, 0, RCVD_E_KEYWORD},
		{NULL, 5, RCVD_E_ARG},
		{NULL, 1, RCVD_E_ARG},
		{"ES\0MTP", 6, RCVD_E_KEYWORD},
		{"ESMTP\0", 6, RCVD_E_KEYWORD},
		{"\0ESMTP", 6, RCVD_E_KEYWORD},
		{"SMTP\0", 5, RCVD_E_KEYWORD},
		{"\0\0\0\0", 4, RCVD_E_KEYWORD},
		{" ESMTP", 6, RCVD_E_KEYWORD},
		{"ESMTP ", 6, RCVD_E_KEYWORD},
		{"\tESMTP", 6, RCVD_E_KEYWORD},
		{"ESMTP\r\n", 7, RCVD_E_KEYWORD},
		{"ESMTP;", 6, RCVD_E_KEYWORD},
		{"E SMTP", 6, RCVD_E_KEYWORD},
		{"ESMTP-A", 7, RCVD_E_KEYWORD},
		{"UTF-8SMTP", 9, RCVD_E_KEYWORD},
		{"\xC3\x89SMTP", 6, RCVD_E_KEYWORD},   /* E-acute in UTF-8 */
		{"ESMTP\xC5", 6, RCVD_E_KEYWORD},
		{"\xC5SMTP", 5, RCVD_E_KEYWORD},       /* 0xC5 is not 'E' | 0x80 */
		{"\xE5SMTP", 5, RCVD_E_KEYWORD},       /* 'e' | 0x80 */
		{"ESMT\xD0", 5, RCVD_E_KEYWORD},       /* 'P' | 0x80 */
		{"SMTP\xFF", 5, RCVD_E_KEYWORD},
		{"HTTP", 4, RCVD_E_KEYWORD},
		{"UTF8", 4, RCVD_E_KEYWORD},
		{"ESMTPAS", 7, RCVD_E_KEYWORD},        /* S and A swapped */
		{"UTF8ESMTPSAX", 12, RCVD_E_KEYWORD},
		{"SMTPSAA", 7, RCVD_E_KEYWORD},
		{"MM", 2, RCVD_E_KEYWORD},
		{"M", 1, RCVD_E_KEYWORD},
	};
	size_t i;

	(void)unused;
	for (i = 0; i < COUNT(cases); i++) {
		enum rcvd_greeting g = RCVD_EHLO;
		unsigned f = 0;
		int rc = rcvd_keyword_decode(cases[i].s, cases[i].n, &g, &f);
		if (rc != cases[i].rc)
			fail_msg("garbage case %zu gave %d, want %d", i, rc, cases[i].rc);
	}

	/* 1,000 bytes: letters, then a keyword followed by 995 more bytes */
	memset(big, 'A', sizeof big);
	assert_int_equal(rcvd_keyword_decode(big, sizeof big, NULL, NULL),
	                 RCVD_E_KEYWORD);
	memcpy(big, "ESMTP", 5);
	assert_int_equal(rcvd_keyword_decode(big, sizeof big, NULL, NULL),
	                 RCVD_E_KEYWORD);
	memset(big, 0, sizeof big);
	assert_int_equal(rcvd_keyword_decode(big, sizeof big, NULL, NULL),
	                 RCVD_E_KEYWORD);
}

static void check_every_prefix_and_suffix(const char *word)
{
	static const char *const junk[] = {
		" ", "\t", "X", "Z", "1", ";", "-", "_", ".", "\x80", "\xFF", "SS",
		"S", "A", "SA", "(", "\r\n",
	};
	char buf[64];
	size_t n = strlen(word), k, j;

	/* every proper prefix (some are keywords themselves: ESMTP < ESMTPS) */
	for (k = 0; k < n; k++)
		check_decode(word, k);
	/* keyword + junk, junk + keyword */
	for (j = 0; j < COUNT(junk); j++) {
		size_t m = strlen(junk[j]);
		memcpy(buf, word, n);
		memcpy(buf + n, junk[j], m);
		check_decode(buf, n + m);
		memcpy(buf, junk[j], m);
		memcpy(buf + m, word, n);
		check_decode(buf, n + m);
	}
	/* a NUL after the word, counted in n */
	memcpy(buf, word, n);
	buf[n] = '\0';
	assert_int_equal(rcvd_keyword_decode(buf, n + 1, NULL, NULL), RCVD_E_KEYWORD);
}

static void test_prefixes_and_junk(void **unused)
{
	size_t i;

	(void)unused;
	for (i = 0; i < COUNT(registered); i++)
		check_every_prefix_and_suffix(registered[i].word);
	for (i = 0; i < COUNT(unregistered); i++)
		check_every_prefix_and_suffix(unregistered[i].word);
}

/* Only ASCII letters fold. Flipping bit 0x20 of a letter changes its case
 * (still a match); of a digit it gives a control byte (no match). Setting
 * bit 0x80 never matches, and neither does a NUL in any position. */
static void check_byte_flips(const char *word)
{
	char buf[32];
	size_t n = strlen(word), i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)word[i];
		int letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');

		memcpy(buf, word, n);
		buf[i] = (char)(c ^ 0x20u);
		if (letter)
			check_decode(buf, n);
		else
			assert_int_equal(rcvd_keyword_decode(buf, n, NULL, NULL),
			                 RCVD_E_KEYWORD);
		buf[i] = (char)(c | 0x80u);
		assert_int_equal(rcvd_keyword_decode(buf, n, NULL, NULL), RCVD_E_KEYWORD);
		buf[i] = '\0';
		assert_int_equal(rcvd_keyword_decode(buf, n, NULL, NULL), RCVD_E_KEYWORD);
	}
}

static void test_byte_flips(void **unused)
{
	size_t i;

	(void)unused;
	for (i = 0; i < COUNT(registered); i++)
		check_byte_flips(registered[i].word);
	for (i = 0; i < COUNT(unregistered); i++)
		check_byte_flips(unregistered[i].word);
}

/* Every string of 3..5 bytes over a small alphabet that touches the
 * keywords' letters: only the hand-written words may decode. */
static void test_exhaustive_short(void **unused)
{
	static const char alpha[] = "SMTPLAEsmtplae8UF\0 ";
	const size_t na = sizeof alpha - 1;
	char buf[5];
	size_t len, idx[5], k, hits = 0;

	(void)unused;
	for (len = 3; len <= 5; len++) {
		memset(idx, 0, sizeof idx);
		for (;;) {
			for (k = 0; k < len; k++)
				buf[k] = alpha[idx[k]];
			check_decode(buf, len);
			if (known(buf, len) != NULL)
				hits++;
			for (k = 0; k < len && ++idx[k] == na; k++)
				idx[k] = 0;
			if (k == len)
				break;
		}
	}
	/* MMS, SMTP, LMTP, ESMTP, LMTPA, LMTPS, smtps, smtpa, ssmtp, asmtp:
	 * 10 words, each in 2^(letters) casings */
	assert_int_equal(hits, 8 + 16 + 16 + 32 * 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_24_states),
		cmocka_unit_test(test_17_distinct_keywords),
		cmocka_unit_test(test_keyword_bad_input),
		cmocka_unit_test(test_table_matches_spec),
		cmocka_unit_test(test_lookup_agrees_with_table),
		cmocka_unit_test(test_registered_all_cases),
		cmocka_unit_test(test_unregistered_all_cases),
		cmocka_unit_test(test_decode_reads_only_n_bytes),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_prefixes_and_junk),
		cmocka_unit_test(test_byte_flips),
		cmocka_unit_test(test_exhaustive_short),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
