/* test_date.c -- RFC 5322 date-time by arithmetic (src/date.c).
 *
 * The reference is tests/data/date_vectors.txt, made with Python's datetime
 * (independent of this platform's time_t) by tests/tools/gen_date_vectors.py.
 * To regenerate it, from the top of the tree:
 *     python3 tests/tools/gen_date_vectors.py > tests/data/date_vectors.txt
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "guard.h"
#include "internal.h"

#define VECTORS RCVD_TEST_DATA "/date_vectors.txt"

/* Decimal int64 without strtoll's locale and errno rules; -1 on junk. */
static int parse_i64(const char *s, int64_t *out)
{
	uint64_t v = 0;
	int neg = *s == '-';

	if (neg)
		s++;
	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (v > (uint64_t)INT64_MAX + (neg ? 1u : 0u))
		return -1;
	if (neg)
		*out = v == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)v;
	else
		*out = (int64_t)v;
	return 0;
}

static char *next_field(char **p)
{
	char *f = *p, *sp = strchr(f, ' ');

	if (sp != NULL) {
		*sp = '\0';
		*p = sp + 1;
	} else {
		*p = f + strlen(f);
	}
	return f;
}

/* One "T EPOCH OFFSET EXPECTED" line, into a buffer of exactly 32 bytes
 * on the heap so that the sanitizer stage sees any overrun. */
static void check_t(unsigned long lineno, char *rest)
{
	int64_t t = 0, off64 = 0;
	const char *ts = next_field(&rest), *os = next_field(&rest);
	const char *want = rest;
	char *buf = malloc(RCVD_DATE_MAX);
	size_t len = 999;
	int off = 0, rc;

	assert_non_null(buf);
	if (parse_i64(ts, &t) != 0)
		fail_msg("line %lu: bad epoch", lineno);
	if (strcmp(os, "u") == 0)
		off = RCVD_ZONE_UNKNOWN;
	else if (parse_i64(os, &off64) == 0 && off64 > -100000 && off64 < 100000)
		off = (int)off64;
	else
		fail_msg("line %lu: bad offset", lineno);
	memset(buf, 'x', RCVD_DATE_MAX);
	rc = rcvd_date(buf, RCVD_DATE_MAX, t, off, &len);
	if (strcmp(want, "RANGE") == 0 || strcmp(want, "ZONE") == 0) {
		int want_rc = want[0] == 'R' ? RCVD_E_RANGE : RCVD_E_ZONE;

		if (rc != want_rc)
			fail_msg("line %lu: %s %s: status %d, want %s (\"%s\")", lineno,
			         ts, os, rc, want, rc == 0 ? buf : "");
		assert_int_equal(buf[0], '\0');
		assert_int_equal(len, 0);
	} else {
		if (rc != RCVD_OK || strcmp(buf, want) != 0)
			fail_msg("line %lu: %s %s: status %d \"%s\", want \"%s\"", lineno,
			         ts, os, rc, rc == 0 ? buf : "", want);
		assert_int_equal(len, strlen(want));
	}
	free(buf);
}

static void check_d(unsigned long lineno, char *rest)
{
	int64_t y = 0, m = 0, d = 0, days = 0;

	if (parse_i64(next_field(&rest), &y) != 0 ||
	    parse_i64(next_field(&rest), &m) != 0 ||
	    parse_i64(next_field(&rest), &d) != 0 || parse_i64(rest, &days) != 0)
		fail_msg("line %lu: bad D line", lineno);
	if (rcvd_i_days_from_civil(y, (unsigned)m, (unsigned)d) != days)
		fail_msg("line %lu: days_from_civil(%lld-%lld-%lld) != %lld", lineno,
		         (long long)y, (long long)m, (long long)d, (long long)days);
}

static void test_vectors(void **state)
{
	FILE *f = fopen(VECTORS, "r");
	char line[256];
	unsigned long lineno = 0, nt = 0, nd = 0, nrange = 0, nzone = 0;

	(void)state;
	if (f == NULL)
		fail_msg("cannot open %s", VECTORS);
	while (fgets(line, sizeof line, f) != NULL) {
		size_t n = strlen(line);

		lineno++;
		if (n == 0 || line[n - 1] != '\n')
			fail_msg("line %lu: too long or unterminated", lineno);
		line[n - 1] = '\0';
		if (line[0] == '#')
			continue;
		if (strncmp(line, "T ", 2) == 0) {
			/* counted first: check_t() cuts the line into fields */
			nrange += strstr(line, " RANGE") != NULL;
			nzone += strstr(line, " ZONE") != NULL;
			check_t(lineno, line + 2);
			nt++;
		} else if (strncmp(line, "D ", 2) == 0) {
			check_d(lineno, line + 2);
			nd++;
		} else {
			fail_msg("line %lu: unknown kind", lineno);
		}
	}
	fclose(f);
	/* A truncated or emptied file must not pass quietly. */
	assert_true(nt >= 100000);
	assert_true(nd >= 4000);
	assert_true(nrange >= 50);
	assert_true(nzone >= 40);
	print_message("date vectors: %lu dates (%lu RANGE, %lu ZONE), %lu civil\n",
	              nt, nrange, nzone, nd);
}

/* Every day of 1900-01-01 .. 9999-12-31, against a calendar that walks
 * day by day (nothing shared with src/date.c's arithmetic): each day at
 * one of several local times and one of several offsets, the two cycles
 * of co-prime lengths, so that every time meets every offset. The days
 * just outside the range are RANGE at every offset. */
struct walk {
	unsigned y, m, d, wd; /* wd: 0 = Monday */
};

static void walk_next(struct walk *w)
{
	static const unsigned char mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	unsigned last = mdays[w->m - 1];

	if (w->m == 2 && w->y % 4 == 0 && (w->y % 100 != 0 || w->y % 400 == 0))
		last = 29;
	w->wd = (w->wd + 1) % 7;
	if (++w->d > last) {
		w->d = 1;
		if (++w->m > 12) {
			w->m = 1;
			w->y++;
		}
	}
}

static void put_num(char *p, unsigned v, int digits)
{
	while (digits-- > 0) {
		p[digits] = (char)('0' + v % 10);
		v /= 10;
	}
}

static void walk_text(char *out, const struct walk *w, unsigned sec, int off)
{
	static const char names[] = "MonTueWedThuFriSatSun";
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	unsigned am = off == RCVD_ZONE_UNKNOWN ? 0 : (unsigned)(off < 0 ? -off : off);

	memcpy(out, names + 3 * w->wd, 3);
	memcpy(out + 3, ", ", 2);
	put_num(out + 5, w->d, 2);
	out[7] = ' ';
	memcpy(out + 8, months + 3 * (w->m - 1), 3);
	out[11] = ' ';
	put_num(out + 12, w->y, 4);
	out[16] = ' ';
	put_num(out + 17, sec / 3600, 2);
	out[19] = ':';
	put_num(out + 20, sec / 60 % 60, 2);
	out[22] = ':';
	put_num(out + 23, sec % 60, 2);
	out[25] = ' ';
	out[26] = off < 0 ? '-' : '+';
	put_num(out + 27, am / 60, 2);
	put_num(out + 29, am % 60, 2);
	out[31] = '\0';
}

static void test_every_day(void **state)
{
	static const unsigned secs[] = {0, 1, 59, 60, 3599, 3600, 43199, 43200,
	                                45296, 82800, 86340, 86399, 36061};
	static const int offs[] = {0, RCVD_ZONE_UNKNOWN, 1, -1, 59, -59, 60, -60,
	                           330, -210, 345, 825, 1439, -1439, 720, -720, 1380};
	const size_t ns = sizeof secs / sizeof secs[0], no = sizeof offs / sizeof offs[0];
	struct walk w = {1900, 1, 1, 0};
	int64_t local = -2208988800LL; /* 1900-01-01T00:00:00 */
	char want[RCVD_DATE_MAX], got[RCVD_DATE_MAX];
	unsigned long days = 0, bad = 0;
	size_t i, len;

	(void)state;
	for (;;) {
		/* and every second of the day, one a day */
		unsigned sec = days % 2 ? secs[days / 2 % ns] : (unsigned)(days / 2 % 86400);
		int off = offs[days % no];
		int64_t t = local + sec - (off == RCVD_ZONE_UNKNOWN ? 0 : (int64_t)off * 60);

		walk_text(want, &w, sec, off);
		len = 0;
		if (rcvd_date(got, sizeof got, t, off, &len) != RCVD_OK || len != 31 ||
		    memcmp(got, want, sizeof want) != 0) {
			if (bad++ < 5)
				print_error("day %lu: %lld at %d: \"%.31s\", want \"%s\"\n", days,
				            (long long)t, off, got, want);
		}
		days++;
		if (w.y == 9999 && w.m == 12 && w.d == 31)
			break;
		walk_next(&w);
		local += 86400;
	}
	assert_int_equal(bad, 0);
	/* 8100 years of 365 days and 1964 leap days, the last day included */
	assert_int_equal(days, 8100UL * 365 + 1964);
	/* one second either side of the range, at every offset */
	for (i = 0; i < no; i++) {
		int off = offs[i];
		int64_t shift = off == RCVD_ZONE_UNKNOWN ? 0 : (int64_t)off * 60;

		assert_int_equal(rcvd_date(got, sizeof got, -2208988800LL - 1 - shift, off, &len),
		                 RCVD_E_RANGE);
		assert_int_equal(rcvd_date(got, sizeof got, local + 86400 - shift, off, &len),
		                 RCVD_E_RANGE);
	}
	print_message("every day: %lu days, %lu wrong\n", days, bad);
}

static void test_days_from_civil(void **state)
{
	(void)state;
	assert_int_equal(rcvd_i_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(rcvd_i_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(rcvd_i_days_from_civil(1900, 1, 1), -25567);
	assert_int_equal(rcvd_i_days_from_civil(2000, 2, 29), 11016);
	assert_int_equal(rcvd_i_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(rcvd_i_days_from_civil(9999, 12, 31), 2932896);
	assert_int_equal(rcvd_i_days_from_civil(0, 3, 1), -719468);
	/* before year 1 the proleptic calendar goes on: 400 years later is
	 * always 146097 days later */
	assert_int_equal(rcvd_i_days_from_civil(-400, 3, 1), -719468 - 146097);
	assert_int_equal(rcvd_i_days_from_civil(-1, 12, 31), -719529);
}

/* Any int64 year and any unsigned month/day: defined, no overflow (the
 * sanitizer stage checks), and days * 86400 still fits int64. */
static void test_days_from_civil_extremes(void **state)
{
	static const int64_t years[] = {INT64_MIN, INT64_MIN + 1, -1000000000000LL,
	                                INT64_MAX, INT64_MAX - 1, 1000000000000LL};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof years / sizeof years[0]; i++) {
		int64_t d1 = rcvd_i_days_from_civil(years[i], 1, 1);
		int64_t d2 = rcvd_i_days_from_civil(years[i], 0xffffffffu, 0xffffffffu);

		assert_true(d1 < INT64_MAX / 86400 && d1 > INT64_MIN / 86400);
		assert_true(d2 < INT64_MAX / 86400 && d2 > INT64_MIN / 86400);
		if (years[i] > 0)
			assert_true(d1 > 0);
		else
			assert_true(d1 < 0);
	}
}

static void test_arguments(void **state)
{
	char buf[RCVD_DATE_MAX];
	size_t len = 7;

	(void)state;
	assert_int_equal(rcvd_date(NULL, 5, 0, 0, &len), RCVD_E_ARG);
	assert_int_equal(len, 0);
	/* len may be NULL */
	assert_int_equal(rcvd_date(buf, sizeof buf, 0, 0, NULL), RCVD_OK);
	assert_string_equal(buf, "Thu, 01 Jan 1970 00:00:00 +0000");
	/* the zone is judged before the range */
	assert_int_equal(rcvd_date(buf, sizeof buf, INT64_MIN, 1440, &len), RCVD_E_ZONE);
	assert_string_equal(buf, "");
	assert_int_equal(rcvd_date(buf, sizeof buf, 0, -32767, NULL), RCVD_E_ZONE);
	assert_int_equal(rcvd_date(buf, sizeof buf, 0, -2147483647 - 1, NULL), RCVD_E_ZONE);
	assert_int_equal(rcvd_date(buf, sizeof buf, 0, 2147483647, NULL), RCVD_E_ZONE);
	/* an error leaves the empty string even when cap is small */
	memset(buf, 'x', sizeof buf);
	assert_int_equal(rcvd_date(buf, 3, INT64_MAX, 0, &len), RCVD_E_RANGE);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[3], 'x');
}

/* Capacity 0 .. 33: 32 (31 + NUL) is the exact fit. Each buffer ends on
 * an inaccessible page, so a write at buf[cap] faults. */
static void test_capacity(void **state)
{
	size_t cap;

	(void)state;
	for (cap = 0; cap <= RCVD_DATE_MAX + 1; cap++) {
		void *h = NULL;
		char *buf = guard_alloc(cap, &h);
		size_t len = 0;
		int rc;

		assert_non_null(buf);
		memset(buf, 'x', cap);
		rc = rcvd_date(cap > 0 ? buf : NULL, cap, 1764392438, -210, &len);
		assert_int_equal(len, 31);
		if (cap >= 32) {
			assert_int_equal(rc, RCVD_OK);
			assert_string_equal(buf, "Sat, 29 Nov 2025 01:30:38 -0330");
		} else {
			assert_int_equal(rc, RCVD_E_NOSPACE);
			if (cap > 0)
				assert_int_equal(buf[0], '\0');
		}
		/* errors also stay inside the buffer */
		rc = rcvd_date(cap > 0 ? buf : NULL, cap, INT64_MAX, 0, &len);
		assert_int_equal(rc, RCVD_E_RANGE);
		guard_free(h);
	}
}

struct tz_case {
	const char *tz;
	int64_t t;
	int want; /* minutes east */
};

/* POSIX TZ strings need no time zone database. */
static const struct tz_case tz_cases[] = {
	{"UTC0", 0, 0},
	{"UTC0", 1764392438, 0},
	{"IST-5:30", 1764392438, 330},
	{"NST+3:30", 1764392438, -210},
	{"CHAST-13:45", 1764392438, 825},
	{"EST5EDT,M3.2.0,M11.1.0", 1782864000, -240}, /* 2026-07-01 */
	{"EST5EDT,M3.2.0,M11.1.0", 1768435200, -300}, /* 2026-01-15 */
	{"XXX-14", 0, 840},
	{"XXX+12", -1000000000, -720},
};

static void test_local_offset(void **state)
{
	char *saved = getenv("TZ");
	char keep[256] = "";
	size_t i;
	int off = 12345;

	(void)state;
	if (saved != NULL && strlen(saved) < sizeof keep)
		strcpy(keep, saved);
	for (i = 0; i < sizeof tz_cases / sizeof tz_cases[0]; i++) {
		assert_int_equal(setenv("TZ", tz_cases[i].tz, 1), 0);
		tzset();
		off = 12345;
		if (rcvd_local_offset(tz_cases[i].t, &off) != RCVD_OK)
			fail_msg("%s: status not OK", tz_cases[i].tz);
		if (off != tz_cases[i].want)
			fail_msg("%s at %lld: %d, want %d", tz_cases[i].tz,
			         (long long)tz_cases[i].t, off, tz_cases[i].want);
	}
	assert_int_equal(rcvd_local_offset(0, NULL), RCVD_E_ARG);
	/* far beyond any year struct tm can hold */
	assert_int_equal(rcvd_local_offset(INT64_MAX, &off), RCVD_E_SYSTEM);
	assert_int_equal(rcvd_local_offset(INT64_MIN, &off), RCVD_E_SYSTEM);
	/* a 32-bit time_t cannot hold 2^40: the same answer, never a wrap */
	if (sizeof(time_t) < 8)
		assert_int_equal(rcvd_local_offset((int64_t)1 << 40, &off), RCVD_E_SYSTEM);
	if (saved != NULL)
		setenv("TZ", keep, 1);
	else
		unsetenv("TZ");
	tzset();
}

/* The formatter ignores TZ entirely. */
static void test_date_ignores_tz(void **state)
{
	char buf[RCVD_DATE_MAX];

	(void)state;
	assert_int_equal(setenv("TZ", "IST-5:30", 1), 0);
	tzset();
	assert_int_equal(rcvd_date(buf, sizeof buf, 0, 0, NULL), RCVD_OK);
	assert_string_equal(buf, "Thu, 01 Jan 1970 00:00:00 +0000");
	unsetenv("TZ");
	tzset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_every_day),
		cmocka_unit_test(test_days_from_civil),
		cmocka_unit_test(test_days_from_civil_extremes),
		cmocka_unit_test(test_arguments),
		cmocka_unit_test(test_capacity),
		cmocka_unit_test(test_local_offset),
		cmocka_unit_test(test_date_ignores_tz),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
