/* test_parse_date.c -- the date reader (src/parse_date.c, rcvd_i_date_read).
 *
 * The library's reader tries a fast path for the current form and falls
 * back to the general reader for anything else; the fast path must give
 * the general reader's answer exactly. To hold both, this file compiles
 * its own copy of src/parse_date.c (the library's function renamed, so
 * that the copy's static date_general and date_fast are reachable) and
 * compares the library's rcvd_i_date_read with the copy's date_general on:
 *   - the zone rows and the other rows below;
 *   - every position of every line of the real-world corpus and of every
 *     committed fuzz seed (tests/fuzz/corpus/{parse,date});
 *   - random dates written by rcvd_date at random offsets, in the forms
 *     composers use, and random mutations of them.
 * It also checks the RFC 5322 3.3 zone rule through rcvd_parse: hours
 * 00..99 and minutes 00..59 are valid.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>

#include "rcvd.h"

/* The copy: its rcvd_i_date_read is test_copy_date_read. Before cmocka.h,
 * whose fail() macro would rename the copy's own fail(). */
#define rcvd_i_date_read test_copy_date_read
#include "parse_date.c"
#undef rcvd_i_date_read

#include <cmocka.h>

/* The library's, declared as parse_int.h declares it (the header's guard
 * keeps it from being read twice). */
void rcvd_i_date_read(const char *s, size_t n, size_t pos, struct rcvd_i_date *d);

#define CORPUS RCVD_TEST_DATA "/../corpus/received-realworld.jsonl"
#define FUZZ_SEEDS RCVD_TEST_DATA "/../fuzz/corpus"

static unsigned long compared, fast_taken;

static int same_reason(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* The library's answer and the general reader's on s[pos..n), field by
 * field; the deviation's text is compared, not its address (the copy
 * has its own string literals). */
static void compare_at(const char *s, size_t n, size_t pos)
{
	struct rcvd_i_date lib, gen, fast;

	memset(&lib, 0x5a, sizeof lib);
	memset(&gen, 0xa5, sizeof gen);
	rcvd_i_date_read(s, n, pos, &lib);
	date_general(s, n, pos, &gen);
	compared++;
	if (date_fast(s, n, pos, &fast))
		fast_taken++;
	if (lib.ok != gen.ok || lib.obsolete != gen.obsolete ||
	    lib.zone_unknown != gen.zone_unknown || lib.epoch != gen.epoch ||
	    lib.offset != gen.offset || lib.begin != gen.begin || lib.end != gen.end ||
	    !same_reason(lib.error, gen.error) || lib.error_at != gen.error_at)
		fail_msg("\"%.*s\" from %lu: ok %d/%d obs %d/%d unk %d/%d epoch %lld/%lld "
		         "off %d/%d span %lu-%lu/%lu-%lu error \"%s\"@%lu / \"%s\"@%lu",
		         (int)(n - pos), s + pos, (unsigned long)pos, lib.ok, gen.ok, lib.obsolete,
		         gen.obsolete, lib.zone_unknown, gen.zone_unknown, (long long)lib.epoch,
		         (long long)gen.epoch, lib.offset, gen.offset, (unsigned long)lib.begin,
		         (unsigned long)lib.end, (unsigned long)gen.begin, (unsigned long)gen.end,
		         lib.error ? lib.error : "-", (unsigned long)lib.error_at,
		         gen.error ? gen.error : "-", (unsigned long)gen.error_at);
}

static void compare_all(const char *s, size_t n)
{
	size_t pos;

	for (pos = 0; pos <= n; pos++)
		compare_at(s, n, pos);
}

/* ---- rows: text, ok, epoch, offset (RCVD_ZONE_UNKNOWN), error or NULL ---- */

struct row {
	const char *text;
	int ok;
	int64_t epoch;
	int offset;
	const char *error; /* a substring of the deviation, NULL for none */
};

static const struct row rows[] = {
	/* RFC 5322 3.3: zone = ("+" / "-") 4DIGIT, only the minutes bounded */
	{"Sun, 29 Nov 2026 05:00:38 +0000", 1, 1795928438, 0, NULL},
	{"Sun, 29 Nov 2026 05:00:38 +2359", 1, 1795928438 - 1439 * 60, 1439, NULL},
	{"Sun, 29 Nov 2026 05:00:38 +2400", 1, 1795928438 - 1440 * 60, 1440, NULL},
	{"Sun, 29 Nov 2026 05:00:38 -2400", 1, 1795928438 + 1440 * 60, -1440, NULL},
	{"Sun, 29 Nov 2026 05:00:38 +9959", 1, 1795928438 - 5999 * 60, 5999, NULL},
	{"Sun, 29 Nov 2026 05:00:38 -9959", 1, 1795928438 + 5999 * 60, -5999, NULL},
	{"Sun, 29 Nov 2026 05:00:38 +3000", 1, 1795928438 - 1800 * 60, 1800, NULL},
	{"29 Nov 2026 05:00:38 -7230", 1, 1795928438 + 4350 * 60, -4350, NULL},
	{"Sun, 29 Nov 2026 05:00:38 -0000", 1, 1795928438, RCVD_ZONE_UNKNOWN, NULL},
	{"Sun, 29 Nov 2026 05:00:38 +0060", 1, 1795928438, RCVD_ZONE_UNKNOWN, "zone minutes above 59"},
	{"Sun, 29 Nov 2026 05:00:38 +9960", 1, 1795928438, RCVD_ZONE_UNKNOWN, "zone minutes above 59"},
	{"Sun, 29 Nov 2026 05:00:38 +10000", 1, 1795928438, RCVD_ZONE_UNKNOWN, "zone expected"},
	{"Sun, 29 Nov 2026 05:00:38 +100", 1, 1795928438, RCVD_ZONE_UNKNOWN, "zone expected"},
	/* the other strict rules stay */
	{"Mon, 29 Nov 2026 05:00:38 +0000", 1, 1795928438, 0, "day name does not match"},
	{"Sun, 31 Nov 2026 05:00:38 +0000", 0, 0, 0, "day of month out of range"},
	{"Mon, 29 Feb 2027 00:00:00 +0000", 0, 0, 0, "day of month out of range"},
	{"Thu, 29 Feb 2024 00:00:00 +0000", 1, 1709164800, 0, NULL},
	{"Sun, 29 Nov 2026 24:00:00 +0000", 0, 0, 0, "time of day expected"},
	{"Sun, 29 Nov 2026 23:60:00 +0000", 0, 0, 0, "time of day expected"},
	{"Sun, 29 Nov 2026 23:59:60 +0000", 1, 1795996800, 0, NULL},
	{"Sun, 29 Nov 2026 23:59:61 +0000", 0, 0, 0, "time of day expected"},
	{"Mon, 01 Jan 1900 00:00:00 +0000", 1, -2208988800LL, 0, NULL},
	{"Sun, 31 Dec 1899 23:59:59 +0000", 1, -2208988801LL, 0, "year before 1900"},
	{"Fri, 31 Dec 9999 23:59:59 +0000", 1, 253402300799LL, 0, NULL},
	{"Sun, 29 Nov 2026 05:00:38", 1, 1795928438, RCVD_ZONE_UNKNOWN, "zone expected"},
	{"Sun,29 Nov 2026 05:00:38 +0000", 1, 1795928438, 0, NULL},
	{"Sun , 29 Nov 2026 05:00:38 +0000", 1, 1795928438, 0, "white space after the day name"},
	{"Sun 29 Nov 2026 05:00:38 +0000", 1, 1795928438, 0, "missing comma"},
	{"Sun, 29 Nov 26 05:00:38 +0000", 1, 1795928438, 0, "two-digit year"},
	{"Sun, 29 Nov 2026 05:00:38 GMT", 1, 1795928438, 0, "zone name"},
	{"Sun, 29 Nov 2026 05:00 +0000", 1, 1795928400, 0, NULL},
	{"Sun, 29 Nov 2026 5:00:38 +0000", 1, 1795928438, 0, "hour is not two digits"},
	{"Sun, 029 Nov 2026 05:00:38 +0000", 0, 0, 0, "day of month expected"},
	{"Sun, 9 Nov 2026 05:00:38 +0000", 1, 1794200438, 0, "does not match"},
	{"Mon, 9 Nov 2026 05:00:38 +0000", 1, 1794200438, 0, NULL},
	{"MON, 09 NOV 2026 05:00:38 +0000", 1, 1794200438, 0, NULL},
	{" \r\n\tSun, 29 Nov 2026 05:00:38 +0000", 1, 1795928438, 0, NULL},
	{"(c) Sun, 29 Nov 2026 05:00:38 +0000", 1, 1795928438, 0, "comment inside the date"},
	/* year = 4*DIGIT: nine digits read, ten refused (as the checker) */
	{"Sun, 29 Nov 02026 05:00:38 +0000", 1, 1795928438, 0, NULL},
	{"Fri, 1 Sep 2006006 20:28:14 -0400", 1, 63241288964894LL, -240, NULL},
	{"Fri, 1 Jan 999999999 00:00:00 +0000", 1, 31556889801244800LL, 0, NULL},
	{"Fri, 1 Jan 0999999999 00:00:00 +0000", 0, 0, 0, "year expected"},
	{"Sun, 29 Nov 0999 05:00:38 +0000", 1, -30613057162LL, 0, "year before 1900"},
	{"Sun, 29 Nov 2026 05:00:38 +0000 (UTC)", 1, 1795928438, 0, NULL},
	/* bytes that differ from a separator by the case bit only ('@'
	 * stands for NUL) */
	{"Sun\f 29 Nov 2026 05:00:38 +0000", 0, 0, 0, "missing comma"},
	{"Sun, 29 Nov@2026 05:00:38 +0000", 0, 0, 0, "white space expected after the month"},
	{"Sun, 29 Nov 2026@05:00:38 +0000", 0, 0, 0, "white space expected after the year"},
	{"Sun, 29 Nov 2026 05:00:38@+0000", 1, 1795928438, RCVD_ZONE_UNKNOWN,
	 "white space expected before the zone"},
	{"Sun, 29 Nov 2026 05\x1a""00:38 +0000", 0, 0, 0, "time of day expected"},
	{"Sun, 29 Nov 2026 05:00:38 )0000", 1, 1795928438, RCVD_ZONE_UNKNOWN, "zone expected"},
	{"Sun, 29 Nov 2026 05:00:38 /0000", 1, 1795928438, RCVD_ZONE_UNKNOWN, "zone expected"},
};

static void test_rows(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct row *r = &rows[i];
		struct rcvd_i_date d;
		size_t n = strlen(r->text), k;
		char text[64];

		assert_true(n < sizeof text);
		for (k = 0; k < n; k++)
			text[k] = r->text[k] == '@' ? '\0' : r->text[k];
		rcvd_i_date_read(text, n, 0, &d);
		if (d.ok != r->ok)
			fail_msg("row %lu (%s): ok %d", (unsigned long)i, r->text, d.ok);
		if (r->ok && (d.epoch != r->epoch || d.offset != r->offset))
			fail_msg("row %lu (%s): epoch %lld offset %d, want %lld %d", (unsigned long)i,
			         r->text, (long long)d.epoch, d.offset, (long long)r->epoch, r->offset);
		if (r->ok && (d.offset == RCVD_ZONE_UNKNOWN) != d.zone_unknown)
			fail_msg("row %lu (%s): zone_unknown %d", (unsigned long)i, r->text,
			         d.zone_unknown);
		if (r->error == NULL ? d.error != NULL
		                     : d.error == NULL || strstr(d.error, r->error) == NULL)
			fail_msg("row %lu (%s): error \"%s\", want \"%s\"", (unsigned long)i, r->text,
			         d.error ? d.error : "-", r->error ? r->error : "-");
		compare_all(text, n);
	}
}

/* Whole fields through the public parser: the zone rule decides the
 * strict verdict, the offset and the epoch. */
static void test_zone_fields(void **state)
{
	static const struct {
		const char *zone;
		int strict, offset;
	} z[] = {
		{"+2400", 1, 1440}, {"-2400", 1, -1440}, {"+9959", 1, 5999}, {"-9959", 1, -5999},
		{"+4530", 1, 2730}, {"+0000", 1, 0}, {"-2359", 1, -1439},
		{"+0060", 0, RCVD_ZONE_UNKNOWN}, {"-9999", 0, RCVD_ZONE_UNKNOWN},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof z / sizeof z[0]; i++) {
		char f[160];
		struct rcvd_hop h;

		snprintf(f, sizeof f,
		         "Received: from a.example (a.example [192.0.2.1]) by b.example "
		         "with ESMTP id 1abc; Sun, 29 Nov 2026 05:00:38 %s",
		         z[i].zone);
		rcvd_hop_init(&h);
		assert_int_equal(rcvd_parse(f, strlen(f), &h, 0), RCVD_OK);
		if (((h.flags & RCVD_H_STRICT) != 0) != z[i].strict)
			fail_msg("%s: strict %d (%s)", z[i].zone, (h.flags & RCVD_H_STRICT) != 0,
			         h.error ? h.error : "-");
		assert_true(h.flags & RCVD_H_DATE);
		assert_int_equal(h.offset, z[i].offset);
		if (z[i].offset != RCVD_ZONE_UNKNOWN)
			assert_int_equal(h.epoch, 1795928438 - (int64_t)z[i].offset * 60);
		else
			assert_int_equal(h.epoch, 1795928438);
	}
}

/* ---- committed inputs ---- */

static size_t read_file(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL)
		fail_msg("cannot open %s", path);
	n = fread(buf, 1, cap, f);
	fclose(f);
	return n;
}

static void test_corpus(void **state)
{
	FILE *f = fopen(CORPUS, "r");
	char line[16384];
	unsigned long lines = 0, before = compared;

	(void)state;
	if (f == NULL)
		fail_msg("cannot open %s", CORPUS);
	while (fgets(line, sizeof line, f) != NULL) {
		compare_all(line, strlen(line));
		lines++;
	}
	fclose(f);
	assert_true(lines >= 300);
	print_message("corpus: %lu lines, %lu positions\n", lines, compared - before);
}

static void test_fuzz_seeds(void **state)
{
	static const char *const dirs[] = {FUZZ_SEEDS "/parse", FUZZ_SEEDS "/date"};
	static char buf[65536];
	unsigned long files = 0, before = compared;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		DIR *dir = opendir(dirs[i]);
		struct dirent *e;

		if (dir == NULL)
			fail_msg("cannot open %s", dirs[i]);
		while ((e = readdir(dir)) != NULL) {
			char path[1024];

			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof path, "%s/%s", dirs[i], e->d_name);
			compare_all(buf, read_file(path, buf, sizeof buf));
			files++;
		}
		closedir(dir);
	}
	assert_true(files >= 50);
	print_message("fuzz seeds: %lu files, %lu positions\n", files, compared - before);
}

/* ---- random dates and mutations ---- */

static uint64_t rng = 0x2026112905003800ULL;

static uint32_t rnd(void)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (uint32_t)(rng >> 33);
}

/* A date as composers write it, in one of the variants the fast path
 * takes or just misses; returns its length. *t, *off: what it says. */
static size_t random_date(char *out, int64_t *t, int *off)
{
	static const char *const lead[] = {"", " ", "\r\n\t", "  ", "\t"};
	static const char *const trail[] = {"", " ", "\r\n", " (UTC)", "0", "x", ";"};
	char date[RCVD_DATE_MAX];
	size_t n;
	uint32_t r = rnd();

	*t = -2208988800LL + 86400 + (int64_t)(((uint64_t)rnd() << 32 | rnd()) % 255611116800ULL);
	*off = r % 16 == 0 ? RCVD_ZONE_UNKNOWN : (int)(rnd() % 2879) - 1439;
	assert_int_equal(rcvd_date(date, sizeof date, *t, *off, NULL), RCVD_OK);
	n = (size_t)sprintf(out, "%s", lead[rnd() % 5]);
	if (!(r & 0x100)) { /* the day name, or none */
		memcpy(out + n, date, 5);
		n += 5;
	}
	/* "9 Nov" for "09 Nov" */
	n += (size_t)sprintf(out + n, "%s", date + ((r & 0x200) && date[5] == '0' ? 6 : 5));
	if (r & 0x400) { /* upper or lower case names */
		size_t i;
		for (i = 0; i < n; i++)
			if (out[i] >= 'a' && out[i] <= 'z' && (r & 0x800))
				out[i] = (char)(out[i] - 32);
			else if (out[i] >= 'A' && out[i] <= 'Z' && !(r & 0x800))
				out[i] = (char)(out[i] + 32);
	}
	if ((r & 0x7000) == 0x1000 && *off != RCVD_ZONE_UNKNOWN) {
		/* a zone of 24..99 hours: the same local time, another instant */
		unsigned zh = 24 + rnd() % 76, zm = rnd() % 60;
		int z = (int)(zh * 60 + zm) * (rnd() % 2 ? -1 : 1);

		*t += (int64_t)(*off - z) * 60;
		*off = z;
		sprintf(out + n - 5, "%c%02u%02u", z < 0 ? '-' : '+', zh, zm);
	}
	n += (size_t)sprintf(out + n, "%s", trail[rnd() % 7]);
	return n;
}

static void test_random(void **state)
{
	/* NUL, form feed and the other bytes one bit from a separator too */
	static const char bytes[] = "0123456789 :+-,()\t\r\nSunMonNovDecJanFebxyzAZ\x80\xff"
	                            "\f\x01\x1a\x0b\x7f\xa0\xac/)*\x00";
	unsigned long i, exact = 0, before = compared;

	(void)state;
	for (i = 0; i < 200000; i++) {
		char s[96];
		int64_t t;
		int off;
		size_t n = random_date(s, &t, &off), k;
		struct rcvd_i_date d;

		/* unmutated: what it says, and no deviation unless a trailing
		 * digit spoils the zone */
		rcvd_i_date_read(s, n, 0, &d);
		if (s[n - 1] != '0') {
			if (!d.ok || d.epoch != t || d.offset != off || d.error != NULL)
				fail_msg("\"%s\": ok %d epoch %lld (want %lld) offset %d (want %d) %s", s,
				         d.ok, (long long)d.epoch, (long long)t, d.offset, off,
				         d.error ? d.error : "");
			exact++;
		}
		compare_at(s, n, 0);
		/* one to three mutations: replace, delete, insert, cut */
		for (k = rnd() % 3 + 1; k > 0 && n > 0; k--) {
			size_t at = rnd() % n;
			char c = bytes[rnd() % (sizeof bytes - 1)];

			switch (rnd() % 4) {
			case 0:
				s[at] = c;
				break;
			case 1:
				memmove(s + at, s + at + 1, n - at);
				n--;
				break;
			case 2:
				if (n + 1 < sizeof s) {
					memmove(s + at + 1, s + at, n - at + 1);
					s[at] = c;
					n++;
				}
				break;
			default:
				n = at;
				s[n] = '\0';
				break;
			}
		}
		compare_at(s, n, 0);
		compare_at(s, n, rnd() % (n + 1));
	}
	assert_true(exact > 150000);
	print_message("random: %lu dates (%lu read exactly), %lu comparisons\n", i, exact,
	              compared - before);
}

/* Runs last: the fast path must have carried a good share of the
 * comparisons above, or they proved little about it. */
static void test_fast_path_used(void **state)
{
	(void)state;
	print_message("%lu comparisons in all, the fast path took %lu\n", compared, fast_taken);
	assert_true(fast_taken > 100000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),       cmocka_unit_test(test_zone_fields),
		cmocka_unit_test(test_corpus),     cmocka_unit_test(test_fuzz_seeds),
		cmocka_unit_test(test_random),     cmocka_unit_test(test_fast_path_used),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
