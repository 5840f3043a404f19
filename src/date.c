/*
 * date.c -- RFC 5322 date-time by arithmetic.
 *
 * strftime() substitutes the locale's day and month names and localtime()
 * is slow and, in its plain form, not thread-safe; the formatter needs
 * neither. After a range check, a division by a constant (compiled to a
 * multiplication) splits the instant into days and seconds, the civil date
 * follows from the days (the proleptic Gregorian algorithms published by
 * Howard Hinnant), and names and two-digit numbers come from tables: no
 * loop, no call, no divide instruction; about 200 instructions a call.
 *
 * Errors are checked in this order: RCVD_E_ARG, RCVD_E_ZONE, RCVD_E_RANGE,
 * RCVD_E_NOSPACE. Only RCVD_E_NOSPACE (and RCVD_OK) report a length (31);
 * the other errors set *len to 0.
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

/* "00" .. "99": two digits by one lookup instead of a division each. */
static const char two_digits[] =
	"00010203040506070809101112131415161718192021222324252627282930313233"
	"34353637383940414243444546474849505152535455565758596061626364656667"
	"6869707172737475767778798081828384858687888990919293949596979899";

static void put2(char *p, uint32_t v)
{
	memcpy(p, two_digits + 2u * v, 2);
}

int rcvd_date(char *buf, size_t cap, int64_t t, int offset_min, size_t *len)
{
	static const char days[] = "ThuFriSatSunMonTueWed";
	static const char months[] = "MarAprMayJunJulAugSepOctNovDecJanFeb";
	int64_t local;
	uint32_t z, era, doe, yoe, doy, mp, sec, dn, y, mon, day, am;
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

	if (len != NULL)
		*len = 31;
	if (cap < 32)
		return RCVD_E_NOSPACE;

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
	memcpy(buf, days + 3u * ((dn + 4u) % 7u), 3);
	buf[3] = ',';
	buf[4] = ' ';
	put2(buf + 5, day);
	buf[7] = ' ';
	memcpy(buf + 8, months + 3u * mon, 3);
	buf[11] = ' ';
	put2(buf + 12, y / 100u);
	put2(buf + 14, y % 100u);
	buf[16] = ' ';
	put2(buf + 17, sec / 3600u);
	buf[19] = ':';
	put2(buf + 20, sec / 60u % 60u);
	buf[22] = ':';
	put2(buf + 23, sec % 60u);
	buf[25] = ' ';
	buf[26] = off < 0 || offset_min == RCVD_ZONE_UNKNOWN ? '-' : '+';
	am = (uint32_t)(off < 0 ? -off : off);
	put2(buf + 27, am / 60u);
	put2(buf + 29, am % 60u);
	buf[31] = '\0';
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

/* localtime_r() need not look at TZ again after the first call (glibc does
 * not): a program that changes TZ calls tzset() itself. tzset() is not
 * called here because it writes the tzname globals. */
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
