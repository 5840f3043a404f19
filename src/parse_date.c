/*
 * parse_date.c -- reads the RFC 5322 date-time of a Received field.
 *
 * One pass serves both readings: the lenient one accepts the obsolete
 * forms of RFC 5322 4.3 (2- and 3-digit years, zone names, military
 * letters, comments between the parts) and says so through d->obsolete;
 * the first place where the text leaves the strict current grammar is kept
 * in d->error / d->error_at for the Stamp verdict.
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

static size_t digit_run(const char *s, size_t n, size_t p, unsigned *value)
{
	size_t e = p;
	unsigned v = 0;
	while (e < n && rcvd_i_is((unsigned char)s[e], RCVD_C_DIGIT)) {
		if (v < 100000u)
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
		if (v % 100u > 59u) {
			fail(d, "zone minutes above 59", p);
			return 0;
		}
		if (v / 100u > 23u)
			return 0;
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

void rcvd_i_date_read(const char *s, size_t n, size_t pos, struct rcvd_i_date *d)
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
	k = digit_run(s, n, p, &year);
	if (k < 2 || k > 4) {
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
