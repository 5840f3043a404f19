/*
 * parse_date.c -- reads the RFC 5322 date-time of a Received field.
 *
 * One pass serves both readings: the lenient one accepts the obsolete
 * forms of RFC 5322 4.3 (2- and 3-digit years, zone names, military
 * letters, comments between the parts) and says so through d->obsolete;
 * the first place where the text leaves the strict current grammar is kept
 * in d->error / d->error_at for the Stamp verdict. A numeric zone is
 * "+" or "-" and four digits whose last two are 00..59 (RFC 5322 3.3
 * bounds nothing else): "+2400" .. "+9959" are valid, offsets up to 5999
 * minutes either way. A year has four digits or more (nine at most here).
 *
 * Most dates are written exactly as composers write them; date_fast reads
 * that one form at fixed places and leaves everything else (and every
 * deviation but a wrong day name) to date_general, which reads any form.
 * tests/test_parse_date.c holds both to the same answers.
 */
#include "parse_int.h"

static const char rcvd_days[7][4] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
static const char rcvd_months[12][4] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};

struct zone_name {
	const char *name;
	int offset;
};

/* RFC 5322 4.3: the only names with a known meaning. */
static const struct zone_name rcvd_zones[] = {
	{"ut", 0}, {"gmt", 0}, {"edt", -240}, {"est", -300}, {"cdt", -300},
	{"cst", -360}, {"mdt", -360}, {"mst", -420}, {"pdt", -420}, {"pst", -480},
};

static void fail(struct rcvd_i_date *d, const char *why, size_t at)
{
	if (d->error == NULL) {
		d->error = why;
		d->error_at = at;
	}
}

/* Skips white space and comments; a comment inside a date-time exists only
 * in the obsolete grammar. Returns the number of bytes skipped. */
static size_t skip_cfws(const char *s, size_t n, size_t *pos, struct rcvd_i_date *d)
{
	size_t p = *pos, start = *pos;

	while (p < n) {
		unsigned char c = (unsigned char)s[p];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			p++;
		} else if (c == '(') {
			d->obsolete = 1;
			fail(d, "comment inside the date", p);
			p = rcvd_i_skip_comment(s, n, p);
		} else {
			break;
		}
	}
	*pos = p;
	return p - start;
}

static size_t alpha_run(const char *s, size_t n, size_t p)
{
	size_t e = p;
	while (e < n && rcvd_i_is((unsigned char)s[e], RCVD_C_ALPHA))
		e++;
	return e - p;
}

/* The length of the run of digits at p, and its value, exact up to nine
 * digits (then no longer read). */
static size_t digit_run(const char *s, size_t n, size_t p, unsigned *value)
{
	size_t e = p;
	unsigned v = 0;
	while (e < n && rcvd_i_is((unsigned char)s[e], RCVD_C_DIGIT)) {
		if (v < 100000000u)
			v = v * 10u + (unsigned)(s[e] - '0');
		e++;
	}
	*value = v;
	return e - p;
}

static int name3(const char *s, const char (*table)[4], int count)
{
	int i;
	for (i = 0; i < count; i++)
		if (rcvd_i_lower((unsigned char)s[0]) == (unsigned char)table[i][0] &&
		    rcvd_i_lower((unsigned char)s[1]) == (unsigned char)table[i][1] &&
		    rcvd_i_lower((unsigned char)s[2]) == (unsigned char)table[i][2])
			return i;
	return -1;
}

static int same_word(const char *s, size_t len, const char *lower)
{
	size_t i;
	for (i = 0; i < len; i++)
		if (lower[i] == '\0' || rcvd_i_lower((unsigned char)s[i]) != (unsigned char)lower[i])
			return 0;
	return lower[len] == '\0';
}

static unsigned month_days(int64_t y, unsigned m)
{
	static const unsigned char md[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return md[m - 1];
}

/* Reads "HH:MM[:SS]"; 0 on failure. */
static int read_time(const char *s, size_t n, size_t *pos, unsigned *secs,
                     struct rcvd_i_date *d)
{
	size_t p = *pos, k;
	unsigned h, m, sec = 0;

	k = digit_run(s, n, p, &h);
	if (k == 0 || k > 2)
		return 0;
	if (k != 2)
		fail(d, "hour is not two digits", p);
	p += k;
	if (p >= n || s[p] != ':')
		return 0;
	p++;
	k = digit_run(s, n, p, &m);
	if (k == 0 || k > 2)
		return 0;
	if (k != 2)
		fail(d, "minute is not two digits", p);
	p += k;
	if (p < n && s[p] == ':') {
		p++;
		k = digit_run(s, n, p, &sec);
		if (k == 0 || k > 2)
			return 0;
		if (k != 2)
			fail(d, "second is not two digits", p);
		p += k;
	}
	if (h > 23 || m > 59 || sec > 60)
		return 0;
	*secs = h * 3600u + m * 60u + sec;
	*pos = p;
	return 1;
}

/* Reads the zone; 0 when there is none at p. */
static int read_zone(const char *s, size_t n, size_t *pos, struct rcvd_i_date *d)
{
	size_t p = *pos, k;
	unsigned v;

	if (p < n && (s[p] == '+' || s[p] == '-')) {
		k = digit_run(s, n, p + 1, &v);
		if (k != 4)
			return 0;
		/* RFC 5322 3.3 bounds only the minutes: "+2400" .. "+9959" are
		 * valid, up to 5999 minutes either way. */
		if (v % 100u > 59u) {
			fail(d, "zone minutes above 59", p);
			return 0;
		}
		if (s[p] == '-' && v == 0) {
			d->zone_unknown = 1;
			d->offset = RCVD_ZONE_UNKNOWN;
		} else {
			int off = (int)(v / 100u * 60u + v % 100u);
			d->offset = s[p] == '-' ? -off : off;
		}
		*pos = p + 5;
		return 1;
	}
	k = alpha_run(s, n, p);
	if (k > 0) {
		size_t i;
		d->obsolete = 1;
		fail(d, "zone name instead of a numeric zone", p);
		d->zone_unknown = 1;
		d->offset = RCVD_ZONE_UNKNOWN;
		for (i = 0; i < sizeof rcvd_zones / sizeof rcvd_zones[0]; i++)
			if (same_word(s + p, k, rcvd_zones[i].name)) {
				d->zone_unknown = 0;
				d->offset = rcvd_zones[i].offset;
			}
		*pos = p + k;
		return 1;
	}
	return 0;
}

/* The general reader: every form, every deviation. */
static void date_general(const char *s, size_t n, size_t pos, struct rcvd_i_date *d)
{
	size_t p = pos, k, at;
	int wday = -1, mon;
	unsigned day, year, secs = 0;
	int64_t y, days;

	d->ok = 0;
	d->obsolete = 0;
	d->zone_unknown = 0;
	d->epoch = 0;
	d->offset = 0;
	d->error = NULL;
	d->error_at = pos;

	skip_cfws(s, n, &p, d);
	d->begin = p;
	d->end = p;
	if (alpha_run(s, n, p) == 3 && (wday = name3(s + p, rcvd_days, 7)) >= 0) {
		size_t name_end;
		p += 3;
		name_end = p;
		k = p;
		while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r' || s[k] == '\n' ||
		                 s[k] == '('))
			k = s[k] == '(' ? rcvd_i_skip_comment(s, n, k) : k + 1;
		if (k < n && s[k] == ',') {
			if (k > name_end) {
				/* obs-day-of-week: CFWS before the comma */
				d->obsolete = 1;
				fail(d, "white space after the day name", name_end);
			}
			p = k + 1;
		} else {
			fail(d, "missing comma after the day name", name_end);
		}
	} else if (alpha_run(s, n, p) > 0) {
		fail(d, "not a date", p);
		return;
	}
	skip_cfws(s, n, &p, d);
	at = p;
	k = digit_run(s, n, p, &day);
	if (k == 0 || k > 2) {
		fail(d, "day of month expected", at);
		return;
	}
	p += k;
	if (skip_cfws(s, n, &p, d) == 0)
		fail(d, "white space expected after the day", p);
	at = p;
	if (alpha_run(s, n, p) != 3 || (mon = name3(s + p, rcvd_months, 12)) < 0) {
		fail(d, "month name expected", at);
		return;
	}
	p += 3;
	if (skip_cfws(s, n, &p, d) == 0)
		fail(d, "white space expected after the month", p);
	at = p;
	/* RFC 5322 3.3: year = 4*DIGIT. Nine digits at most here, as in the
	 * independent checker (tests/support/rfc5321_check.c): the epoch of
	 * year 999999999 is still far from overflowing. */
	k = digit_run(s, n, p, &year);
	if (k < 2 || k > 9) {
		fail(d, "year expected", at);
		return;
	}
	p += k;
	if (k == 2) {
		d->obsolete = 1;
		fail(d, "two-digit year", at);
		year += year < 50 ? 2000u : 1900u;
	} else if (k == 3) {
		d->obsolete = 1;
		fail(d, "three-digit year", at);
		year += 1900u;
	}
	if (year < 1900u)
		fail(d, "year before 1900", at);
	if (skip_cfws(s, n, &p, d) == 0)
		fail(d, "white space expected after the year", p);
	at = p;
	if (!read_time(s, n, &p, &secs, d)) {
		fail(d, "time of day expected", at);
		return;
	}
	if (day == 0 || day > month_days(year, (unsigned)mon + 1u)) {
		fail(d, "day of month out of range", at);
		return;
	}
	d->end = p;
	k = p;
	if (skip_cfws(s, n, &k, d) == 0 && k < n)
		fail(d, "white space expected before the zone", k);
	if (read_zone(s, n, &k, d)) {
		p = k;
	} else {
		fail(d, "zone expected", k);
		d->zone_unknown = 1;
		d->offset = RCVD_ZONE_UNKNOWN;
	}
	y = (int64_t)year;
	days = rcvd_i_days_from_civil(y, (unsigned)mon + 1u, day);
	if (wday >= 0 && (int)(((days % 7) + 11) % 7) != wday)
		fail(d, "day name does not match the date", d->begin);
	d->epoch = days * 86400 + (int64_t)secs;
	if (!d->zone_unknown)
		d->epoch -= (int64_t)d->offset * 60;
	d->end = p;
	d->ok = 1;
}

/* The bytes s[0..3] as one number, the first in the low bits, whatever
 * the byte order; the first three folded to lower case by setting bit 5,
 * which maps no byte other than a letter's two cases onto a lower-case
 * letter. The fourth (',' or ' ') stays as it is: folded, NUL would pass
 * for ' ' and form feed for ','. */
static RCVD_I_INLINE uint32_t word4_lower(const unsigned char *s)
{
	return ((uint32_t)s[0] | (uint32_t)s[1] << 8 | (uint32_t)s[2] << 16 |
	        (uint32_t)s[3] << 24) | 0x00202020u;
}

#define W4(a, b, c, e) ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | \
	(uint32_t)(e) << 24)

/* "sun," .. "sat," by a perfect hash: (word * DAY_MUL) >> 29 is a
 * different slot for each; the row holds the word and the day (0 is
 * Sunday, as in rcvd_days). An empty row's word 0 matches nothing. */
#define DAY_MUL 3246141861u
static const struct { uint32_t w; unsigned char v; } fast_days[8] = {
	{W4('f','r','i',','), 5}, {W4('t','h','u',','), 4}, {W4('s','u','n',','), 0},
	{W4('t','u','e',','), 2}, {0, 0}, {W4('w','e','d',','), 3},
	{W4('s','a','t',','), 6}, {W4('m','o','n',','), 1}};

/* "jan " .. "dec " the same way, 16 slots; the row holds the month,
 * 1 .. 12. */
#define MONTH_MUL 1304659205u
static const struct { uint32_t w; unsigned char v; } fast_months[16] = {
	{W4('m','a','r',' '), 3}, {W4('j','a','n',' '), 1}, {W4('n','o','v',' '), 11},
	{W4('o','c','t',' '), 10}, {W4('j','u','l',' '), 7}, {W4('j','u','n',' '), 6},
	{0, 0}, {0, 0}, {0, 0}, {W4('d','e','c',' '), 12}, {W4('f','e','b',' '), 2},
	{W4('m','a','y',' '), 5}, {0, 0}, {W4('a','p','r',' '), 4},
	{W4('s','e','p',' '), 9}, {W4('a','u','g',' '), 8}};

/* Days before the first of each month (1 .. 12) in a year that begins
 * on March 1, and the length of each month outside leap years. */
static const unsigned short fast_mstart[13] = {0, 306, 337, 0, 31, 61, 92, 122, 153,
                                               184, 214, 245, 275};
static const unsigned char fast_mdays[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

/* s[0..7] as one number, s[i] in bits 8i..8i+7 whatever the byte order
 * (compilers make it one load where they can). */
static RCVD_I_INLINE uint64_t load8(const unsigned char *s)
{
	return (uint64_t)s[0] | (uint64_t)s[1] << 8 | (uint64_t)s[2] << 16 |
	       (uint64_t)s[3] << 24 | (uint64_t)s[4] << 32 | (uint64_t)s[5] << 40 |
	       (uint64_t)s[6] << 48 | (uint64_t)s[7] << 56;
}

#define LANES(a, b, c, d, e, f, g, h) ((uint64_t)(a) | (uint64_t)(b) << 8 | \
	(uint64_t)(c) << 16 | (uint64_t)(d) << 24 | (uint64_t)(e) << 32 | \
	(uint64_t)(f) << 40 | (uint64_t)(g) << 48 | (uint64_t)(h) << 56)
#define ALL(v) LANES(v, v, v, v, v, v, v, v)

/* Non-zero unless every byte of x where digits has 0xff is a digit and
 * x & sepmask == sep. A digit is 0x30..0x39: high nibble 3, and still 3
 * after adding 6 (a carry out of a byte happens only from 0xfa and up,
 * which the first test refuses). */
static RCVD_I_INLINE uint64_t word_bad(uint64_t x, uint64_t digits, uint64_t sepmask, uint64_t sep)
{
	uint64_t hi = digits & ALL(0xf0), three = digits & ALL(0x30);

	return ((x & (hi | sepmask)) ^ (three | sep)) |
	       (((x + (digits & ALL(0x06))) & hi) ^ three);
}

#define DIGITS_A LANES(0xff, 0xff, 0xff, 0xff, 0, 0xff, 0xff, 0)
#define SEPMASK_A LANES(0, 0, 0, 0, 0xff, 0, 0, 0xff)
#define SEP_A LANES(0, 0, 0, 0, ' ', 0, 0, ':')
#define DIGITS_B LANES(0xff, 0xff, 0, 0xff, 0xff, 0, 0, 0xff)
#define SEPMASK_B LANES(0, 0, 0xff, 0, 0, 0xff, 0, 0)
#define SEP_B LANES(0, 0, ':', 0, 0, ' ', 0, 0)
#define DIGITS_C LANES(0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff)

/* The digit at s[i] as 0..9, or a value above 9. */
#define DIG(i) ((unsigned)u[i] - '0')

/* The fast path: the current form exactly as composers write it,
 * "[Ddd, ]D[D] Mon YYYY HH:MM:SS +ZZZZ" with single spaces, after white
 * space without comments, a year 1900..9999 and every field in range.
 * Returns 0, having written nothing, for anything else; the general
 * reader then gives its answer. For the text it accepts it gives the
 * general reader's answer exactly (tests/test_parse_date.c compares them
 * on every test and on random and mutated dates). */
static int date_fast(const char *s, size_t n, size_t pos, struct rcvd_i_date *d)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t p = pos, b;
	unsigned wd = 7, day, mon, year, y, cent, h, mi, sec, zh, zm, slot;
	uint64_t a, c, bad;
	uint32_t w, dn;
	int zone;

	while (p < n && (u[p] == ' ' || u[p] == '\t' || u[p] == '\r' || u[p] == '\n'))
		p++;
	b = p;
	/* "D Mon YYYY HH:MM:SS +ZZZZ" is 25 bytes, the day name 5 more */
	if (p > n || n - p < 25)
		return 0;
	if (DIG(p) > 9) {
		if (n - p < 30 || u[p + 4] != ' ')
			return 0;
		w = word4_lower(u + p);
		slot = (w * DAY_MUL) >> 29;
		if (fast_days[slot].w != w)
			return 0;
		wd = fast_days[slot].v;
		p += 5;
	}
	/* one digit or two, then the rest at fixed places from p */
	day = DIG(p);
	if (day > 9)
		return 0;
	if (DIG(p + 1) <= 9) {
		day = day * 10 + DIG(p + 1);
		p++;
		if (n - p < 25)
			return 0;
	}
	p++;
	if (u[p] != ' ')
		return 0;
	w = word4_lower(u + p + 1);
	slot = (w * MONTH_MUL) >> 28;
	if (fast_months[slot].w != w)
		return 0;
	mon = fast_months[slot].v;
	/* p + 5: "YYYY HH:MM:SS +ZZZZ" */
	p += 5;
	/* "YYYY HH:", "MM:SS +Z" and "SS +ZZZZ" as three words: the digits
	 * and the separators at their places, the sign apart, and no digit
	 * right after the zone */
	a = load8(u + p);
	c = load8(u + p + 8);
	bad = word_bad(a, DIGITS_A, SEPMASK_A, SEP_A) | word_bad(c, DIGITS_B, SEPMASK_B, SEP_B) |
	      word_bad(load8(u + p + 11), DIGITS_C, 0, 0) |
	      (uint64_t)(((unsigned)u[p + 14] - '+') & ~2u) | /* '+' or '-' = '+' + 2 */
	      (uint64_t)(p + 19 < n && DIG(p + 19) <= 9);
	if (bad)
		return 0;
	/* Two-digit numbers from the words: byte i becomes 10 * digit i +
	 * digit i+1 (at most 165 over the separators' low nibbles, so no
	 * byte carries into the next). */
	a &= ALL(0x0f);
	a = a * 10 + (a >> 8);
	c &= ALL(0x0f);
	c = c * 10 + (c >> 8);
	year = (unsigned)(a & 0xff) * 100u + (unsigned)(a >> 16 & 0xff);
	h = (unsigned)(a >> 40 & 0xff);
	mi = (unsigned)(c & 0xff);
	sec = (unsigned)(c >> 24 & 0xff);
	zh = DIG(p + 15) * 10 + DIG(p + 16);
	zm = DIG(p + 17) * 10 + DIG(p + 18);
	if (year < 1900 || h > 23 || mi > 59 || sec > 60 || zm > 59 || day == 0)
		return 0;
	if (day > fast_mdays[mon] &&
	    !(mon == 2 && day == 29 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
		return 0;

	/* Days since 0000-03-01 (Hinnant's count without the eras, which
	 * years 1900..9999 do not need); 1970-01-01 is day 719468. */
	y = year - (mon <= 2);
	cent = y / 100u;
	dn = 365u * y + (y >> 2) - cent + (cent >> 2) + fast_mstart[mon] + day - 1u;

	d->ok = 1;
	d->obsolete = 0;
	d->begin = b;
	d->end = p + 19;
	d->error = NULL;
	d->error_at = pos;
	/* 0000-03-01 was a Wednesday (3); the remainder by 7 from the top
	 * three bits of the fraction (dn + 3) / 7 (exact below 178 million,
	 * as in date.c) */
	if (wd != 7 && ((dn + 3u) * 613566757u) >> 29 != wd) {
		d->error = "day name does not match the date";
		d->error_at = b;
	}
	/* "-0000" is the unknown zone, read as UTC like "+0000" */
	zone = (int)(zh * 60u + zm);
	if (u[p + 14] == '-')
		zone = -zone;
	d->zone_unknown = u[p + 14] == '-' && zone == 0;
	d->offset = d->zone_unknown ? RCVD_ZONE_UNKNOWN : zone;
	d->epoch = (int64_t)dn * 86400 + (((int)(h * 60u + mi) - zone) * 60 + (int)sec) -
	           719468LL * 86400;
	return 1;
}

#undef DIG
#undef W4
#undef LANES
#undef ALL
#undef DIGITS_A
#undef SEPMASK_A
#undef SEP_A
#undef DIGITS_B
#undef SEPMASK_B
#undef SEP_B
#undef DIGITS_C

void rcvd_i_date_read(const char *s, size_t n, size_t pos, struct rcvd_i_date *d)
{
	if (!date_fast(s, n, pos, d))
		date_general(s, n, pos, d);
}
