/*
 * date.c -- RFC 5322 date-time by arithmetic.
 *
 * strftime() substitutes the locale's day and month names and localtime()
 * is slow and, in its plain form, not thread-safe; the formatter needs
 * neither: one floor division splits the instant into days and seconds,
 * the civil date follows from the days (the proleptic Gregorian algorithms
 * published by Howard Hinnant), and the names come from tables.
 */
#include <string.h>
#include <time.h>

#include "internal.h"

/* 1900-01-01T00:00:00Z and 9999-12-31T23:59:59Z. */
#define FIRST_SECOND (-2208988800LL)
#define LAST_SECOND 253402300799LL

/* Years whose day count times 86400 (plus a day) still fits int64_t. */
#define YEAR_LIMIT 100000000000LL

int64_t rcvd_i_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe, mm = (int64_t)m;

	/* Clamping keeps every product below in range for any argument;
	 * dates that far out are outside every caller's range anyway. */
	if (y > YEAR_LIMIT)
		y = YEAR_LIMIT;
	else if (y < -YEAR_LIMIT)
		y = -YEAR_LIMIT;
	if (mm <= 2)
		y -= 1;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (mm > 2 ? mm - 3 : mm + 9) + 2) / 5 + (int64_t)d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void put2(char *p, unsigned v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

int rcvd_date(char *buf, size_t cap, int64_t t, int offset_min, size_t *len)
{
	static const char days[] = "ThuFriSatSunMonTueWed";
	static const char months[] = "MarAprMayJunJulAugSepOctNovDecJanFeb";
	char out[RCVD_DATE_MAX];
	int64_t local;
	uint32_t z, era, doe, yoe, doy, mp, sec, dn, y, mon, day;
	unsigned am;
	int off = offset_min == RCVD_ZONE_UNKNOWN ? 0 : offset_min;

	if (len != NULL)
		*len = 0;
	if (buf == NULL && cap > 0)
		return RCVD_E_ARG;
	if (cap > 0)
		buf[0] = '\0';
	if (off < -1439 || off > 1439)
		return RCVD_E_ZONE;
	/* Compare before adding so that extreme t cannot overflow. */
	if (t < FIRST_SECOND - 86400 || t > LAST_SECOND + 86400)
		return RCVD_E_RANGE;
	local = t + (int64_t)off * 60;
	if (local < FIRST_SECOND || local > LAST_SECOND)
		return RCVD_E_RANGE;

	/* Shift to days since 0000-03-01 so that every quantity is unsigned
	 * and the leap day ends the computed year. */
	local -= FIRST_SECOND;
	dn = (uint32_t)(local / 86400);
	sec = (uint32_t)(local % 86400);
	z = dn + 693901u; /* 1900-01-01 counted from 0000-03-01 */
	era = z / 146097u;
	doe = z - era * 146097u;
	yoe = (doe - doe / 1460u + doe / 36524u - doe / 146096u) / 365u;
	doy = doe - (365u * yoe + yoe / 4u - yoe / 100u);
	mp = (5u * doy + 2u) / 153u;
	day = doy - (153u * mp + 2u) / 5u + 1u;
	mon = mp;
	y = era * 400u + yoe + (mp >= 10u ? 1u : 0u);

	/* 1900-01-01 was a Monday: index 4 in the Thursday-first table. */
	memcpy(out, days + 3u * ((dn + 4u) % 7u), 3);
	out[3] = ',';
	out[4] = ' ';
	put2(out + 5, day);
	out[7] = ' ';
	memcpy(out + 8, months + 3u * mon, 3);
	out[11] = ' ';
	put2(out + 12, y / 100u);
	put2(out + 14, y % 100u);
	out[16] = ' ';
	put2(out + 17, sec / 3600u);
	out[19] = ':';
	put2(out + 20, sec / 60u % 60u);
	out[22] = ':';
	put2(out + 23, sec % 60u);
	out[25] = ' ';
	out[26] = off < 0 || offset_min == RCVD_ZONE_UNKNOWN ? '-' : '+';
	am = (unsigned)(off < 0 ? -off : off);
	put2(out + 27, am / 60u);
	put2(out + 29, am % 60u);
	out[31] = '\0';

	if (len != NULL)
		*len = 31;
	if (cap < 32)
		return RCVD_E_NOSPACE;
	memcpy(buf, out, 32);
	return RCVD_OK;
}

/* The broken-down fields of the same instant, local minus UTC, in
 * seconds; the year can differ by one at most. */
static long tm_diff(const struct tm *l, const struct tm *u)
{
	long days = l->tm_year != u->tm_year ? (l->tm_year > u->tm_year ? 1 : -1)
	                                     : (long)l->tm_yday - u->tm_yday;

	return ((days * 24 + (l->tm_hour - u->tm_hour)) * 60 +
	        (l->tm_min - u->tm_min)) * 60 + (l->tm_sec - u->tm_sec);
}

int rcvd_local_offset(int64_t t, int *offset_min)
{
	struct tm lt, ut;
	time_t tt;
	long d;

	if (offset_min == NULL)
		return RCVD_E_ARG;
	/* A 32-bit time_t (i386 without _TIME_BITS=64) cannot hold every
	 * instant: the system cannot tell the zone there. */
	if (sizeof(time_t) < sizeof(int64_t) && (t < INT32_MIN || t > INT32_MAX))
		return RCVD_E_SYSTEM;
	tt = (time_t)t;
	if (localtime_r(&tt, &lt) == NULL || gmtime_r(&tt, &ut) == NULL)
		return RCVD_E_SYSTEM;
	d = tm_diff(&lt, &ut);
	/* Local mean time offsets have seconds; truncating keeps the sign. */
	d /= 60;
	if (d < -1439 || d > 1439)
		return RCVD_E_SYSTEM;
	*offset_min = (int)d;
	return RCVD_OK;
}
