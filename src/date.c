/*
 * date.c -- RFC 5322 date-time by arithmetic.
 *
 * strftime() substitutes the locale's day and month names and localtime()
 * is slow and, in its plain form, not thread-safe; the formatter needs
 * neither. After a range check, a division by a constant (compiled to a
 * multiplication) splits the instant into days and seconds, the civil date
 * follows from the days by multiply-and-shift (Neri and Schneider's
 * Euclidean affine functions), and a constant template, names and
 * two-digit numbers from tables fill the text: no loop, no call, no divide
 * instruction; about 130 instructions a call (tests/bench/run.sh counts).
 * rcvd_i_days_from_civil, the inverse, keeps Howard Hinnant's algorithm.
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

/* "00" .. "99": two digits by one lookup instead of a division each; rows
 * of two bytes, so that the row address is a scaled index. */
static const char two_digits[100][2] = {
	{'0','0'},{'0','1'},{'0','2'},{'0','3'},{'0','4'},{'0','5'},{'0','6'},{'0','7'},{'0','8'},{'0','9'},
	{'1','0'},{'1','1'},{'1','2'},{'1','3'},{'1','4'},{'1','5'},{'1','6'},{'1','7'},{'1','8'},{'1','9'},
	{'2','0'},{'2','1'},{'2','2'},{'2','3'},{'2','4'},{'2','5'},{'2','6'},{'2','7'},{'2','8'},{'2','9'},
	{'3','0'},{'3','1'},{'3','2'},{'3','3'},{'3','4'},{'3','5'},{'3','6'},{'3','7'},{'3','8'},{'3','9'},
	{'4','0'},{'4','1'},{'4','2'},{'4','3'},{'4','4'},{'4','5'},{'4','6'},{'4','7'},{'4','8'},{'4','9'},
	{'5','0'},{'5','1'},{'5','2'},{'5','3'},{'5','4'},{'5','5'},{'5','6'},{'5','7'},{'5','8'},{'5','9'},
	{'6','0'},{'6','1'},{'6','2'},{'6','3'},{'6','4'},{'6','5'},{'6','6'},{'6','7'},{'6','8'},{'6','9'},
	{'7','0'},{'7','1'},{'7','2'},{'7','3'},{'7','4'},{'7','5'},{'7','6'},{'7','7'},{'7','8'},{'7','9'},
	{'8','0'},{'8','1'},{'8','2'},{'8','3'},{'8','4'},{'8','5'},{'8','6'},{'8','7'},{'8','8'},{'8','9'},
	{'9','0'},{'9','1'},{'9','2'},{'9','3'},{'9','4'},{'9','5'},{'9','6'},{'9','7'},{'9','8'},{'9','9'}};

static void put2(char *p, uint32_t v)
{
	memcpy(p, two_digits[v], 2);
}

/* Day and month names with the separator after them, four bytes a row, so
 * one four-byte copy writes each. */
static const char day_names[7][4] = {
	{'T','h','u',','},{'F','r','i',','},{'S','a','t',','},{'S','u','n',','},
	{'M','o','n',','},{'T','u','e',','},{'W','e','d',','}};
static const char month_names[12][4] = {
	{'J','a','n',' '},{'F','e','b',' '},{'M','a','r',' '},{'A','p','r',' '},
	{'M','a','y',' '},{'J','u','n',' '},{'J','u','l',' '},{'A','u','g',' '},
	{'S','e','p',' '},{'O','c','t',' '},{'N','o','v',' '},{'D','e','c',' '}};

/* Errors, in the documented order; only RCVD_E_NOSPACE reports a length. */
static int date_error(char *buf, size_t cap, size_t *len, int status)
{
	if (len != NULL)
		*len = status == RCVD_E_NOSPACE ? 31 : 0;
	if (buf != NULL && cap > 0)
		buf[0] = '\0';
	return status;
}

/* The errors, in the documented order (the fast path has ruled out none
 * of them in particular). */
static int date_slow(char *buf, size_t cap, int off, uint64_t u, size_t *len)
{
	if (buf == NULL && cap > 0)
		return date_error(NULL, 0, len, RCVD_E_ARG);
	if (off < -1439 || off > 1439)
		return date_error(buf, cap, len, RCVD_E_ZONE);
	if (u > (uint64_t)(LAST_SECOND - FIRST_SECOND))
		return date_error(buf, cap, len, RCVD_E_RANGE);
	return date_error(buf, cap, len, RCVD_E_NOSPACE);
}

int rcvd_date(char *buf, size_t cap, int64_t t, int offset_min, size_t *len)
{
	uint64_t u, p2;
	uint32_t dn, sec, n1, c, nc, n2, z, ny, n3, m, d, y, j, w, am;
	uint32_t cent, hour, rest, min, zh;
	int unknown = offset_min == RCVD_ZONE_UNKNOWN;
	int off = unknown ? 0 : offset_min;

	/* The local instant minus 1900-01-01T00:00:00Z in unsigned, wrapping
	 * arithmetic: for every t and offset the true value lies within
	 * (-2^64, 2^64), and no value outside 0..span wraps into that range,
	 * so one compare is the whole range check and nothing overflows. */
	u = (uint64_t)t + (uint64_t)((int64_t)off * 60) - (uint64_t)FIRST_SECOND;
	/* Three tests for the usual case; the errors, in their documented
	 * order, only when one fails. */
	if (cap < 32 || buf == NULL || (uint32_t)off + 1439u > 2878u ||
	    u > (uint64_t)(LAST_SECOND - FIRST_SECOND))
		return date_slow(buf, cap, off, u, len);
	if (len != NULL)
		*len = 31;

	dn = (uint32_t)(u / 86400u);
	sec = (uint32_t)u - dn * 86400u; /* modulo 2^32, exact below 86400 */

	/* The civil date from the day number, with the Euclidean affine
	 * functions of Neri and Schneider (2022): days since 0000-03-01, so
	 * that the leap day ends the computational year; centuries and years
	 * from multiply-and-shift instead of divisions. Exact for every day
	 * of 1900..9999 (checked day by day against Hinnant's algorithm when
	 * it was introduced; tests/test_date.c holds the vectors). */
	n1 = 4u * (dn + 693901u) + 3u; /* 1900-01-01 counted from 0000-03-01 */
	c = n1 / 146097u;
	nc = n1 % 146097u / 4u;
	n2 = 4u * nc + 3u;
	p2 = (uint64_t)2939745u * n2;
	z = (uint32_t)(p2 >> 32);
	ny = (uint32_t)p2 / 2939745u / 4u;
	n3 = 2141u * ny + 197913u;
	m = n3 >> 16;
	d = (n3 & 0xffffu) / 2141u;
	j = ny >= 306u;
	y = 100u * c + z + j;
	m = j ? m - 12u : m;

	/* (dn + 4) % 7, 1900-01-01 being a Monday (row 4): below 2^29 the
	 * quotient is one multiply by ceil(2^32 / 7) and a shift. */
	w = dn + 4u;
	w -= 7u * (uint32_t)(((uint64_t)w * 613566757u) >> 32);

	/* Every separator from one template, then the variable parts. The
	 * quotients below are multiply-and-shift with constants exact over
	 * the ranges that reach them (years < 10000, seconds < 86400,
	 * offsets < 1440; checked exhaustively when introduced). */
	memcpy(buf, "Mon, 00 Jan 0000 00:00:00 +0000", 32);
	memcpy(buf, day_names[w], 4);
	put2(buf + 5, d + 1u);
	memcpy(buf + 8, month_names[m - 1u], 4);
	cent = (y * 5243u) >> 19; /* y / 100 */
	put2(buf + 12, cent);
	put2(buf + 14, y - 100u * cent);
	hour = (sec * 37283u) >> 27; /* sec / 3600 */
	rest = sec - 3600u * hour;
	min = (rest * 2185u) >> 17; /* rest / 60 */
	put2(buf + 17, hour);
	put2(buf + 20, min);
	put2(buf + 23, rest - 60u * min);
	/* '+' and '-' are two apart in ASCII */
	buf[26] = (char)('+' + 2 * (off < 0 || unknown));
	am = (uint32_t)(off < 0 ? -off : off);
	zh = (am * 2185u) >> 17; /* am / 60 */
	put2(buf + 27, zh);
	put2(buf + 29, am - 60u * zh);
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
