/*
 * date.c -- RFC 5322 date-time by arithmetic.
 *
 * strftime() substitutes the locale's day and month names and localtime()
 * is slow and, in its plain form, not thread-safe; the formatter needs
 * neither. After a range check, a division by a constant (compiled to a
 * multiplication) splits the instant into days and seconds, the civil date
 * follows from the days by multiply-and-shift (Neri and Schneider's
 * Euclidean affine functions), and a few copies from tables fill the text:
 * the day name, "DD Mon " for each day of the year, "HHMM" for each minute
 * of a day (the time and the zone), two-digit numbers, and the separators
 * with the zone's sign. No loop, no call, no divide instruction; about 76
 * instructions a call (tests/bench/run.sh counts), for 9 KB of tables.
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

/* Every table of the formatter in one object, so that one base address
 * serves them all. */
struct date_tables {
	/* Day names with ", " after them and three bytes that the next copy
	 * overwrites; row 0 is Monday, as 1900-01-01 was. */
	char days[7][8];
	/* The text after the year: separators, the zone's sign and the NUL,
	 * for offsets of 0 and more, and for negative ones. */
	char tail[2][16];
	/* "DD Mon " for every day of a year that begins on March 1 (row 0 is
	 * March 1, row 365 February 29), then 1 for January and February,
	 * which belong to the next calendar year: that byte lands where the
	 * year's first digit goes and is overwritten. */
	char doy[366][8];
	/* "HHMM" for every minute of a day, 0 .. 1439: the time of day (the
	 * ':' between comes from the template) and the zone's digits. */
	char hhmm[1440][4];
	/* "00" .. "99": two digits by one lookup instead of a division each.
	 * Row 100 reads "00" as well: the year's last two digits when the
	 * century carries (see date_text). */
	char digits[101][2];
};

#define DOY(a, b, x, y, z, j) {a, b, ' ', x, y, z, ' ', j}
#define DOY9(x, y, z, j) DOY('0','1',x,y,z,j), DOY('0','2',x,y,z,j), DOY('0','3',x,y,z,j), \
	DOY('0','4',x,y,z,j), DOY('0','5',x,y,z,j), DOY('0','6',x,y,z,j), DOY('0','7',x,y,z,j), \
	DOY('0','8',x,y,z,j), DOY('0','9',x,y,z,j)
#define DOY10(t, x, y, z, j) DOY(t,'0',x,y,z,j), DOY(t,'1',x,y,z,j), DOY(t,'2',x,y,z,j), \
	DOY(t,'3',x,y,z,j), DOY(t,'4',x,y,z,j), DOY(t,'5',x,y,z,j), DOY(t,'6',x,y,z,j), \
	DOY(t,'7',x,y,z,j), DOY(t,'8',x,y,z,j), DOY(t,'9',x,y,z,j)
#define DOY29(x, y, z, j) DOY9(x,y,z,j), DOY10('1',x,y,z,j), DOY10('2',x,y,z,j)
#define DOY30(x, y, z, j) DOY29(x,y,z,j), DOY('3','0',x,y,z,j)
#define DOY31(x, y, z, j) DOY30(x,y,z,j), DOY('3','1',x,y,z,j)
#define DAY(a, b, c) {a, b, c, ',', ' ', ' ', ' ', ' '}
#define HM10(a, b, t) {a,b,t,'0'},{a,b,t,'1'},{a,b,t,'2'},{a,b,t,'3'},{a,b,t,'4'}, \
	{a,b,t,'5'},{a,b,t,'6'},{a,b,t,'7'},{a,b,t,'8'},{a,b,t,'9'}
#define HM60(a, b) HM10(a,b,'0'), HM10(a,b,'1'), HM10(a,b,'2'), HM10(a,b,'3'), \
	HM10(a,b,'4'), HM10(a,b,'5')
#define HM600(a) HM60(a,'0'), HM60(a,'1'), HM60(a,'2'), HM60(a,'3'), HM60(a,'4'), \
	HM60(a,'5'), HM60(a,'6'), HM60(a,'7'), HM60(a,'8'), HM60(a,'9')
#define DIG10(t) {t,'0'},{t,'1'},{t,'2'},{t,'3'},{t,'4'},{t,'5'},{t,'6'},{t,'7'},{t,'8'},{t,'9'}

static const struct date_tables tab = {
	{DAY('M','o','n'), DAY('T','u','e'), DAY('W','e','d'), DAY('T','h','u'),
	 DAY('F','r','i'), DAY('S','a','t'), DAY('S','u','n')},
	{" 00:00:00 +0000", " 00:00:00 -0000"},
	{DOY31('M','a','r',0), DOY30('A','p','r',0), DOY31('M','a','y',0), DOY30('J','u','n',0),
	 DOY31('J','u','l',0), DOY31('A','u','g',0), DOY30('S','e','p',0), DOY31('O','c','t',0),
	 DOY30('N','o','v',0), DOY31('D','e','c',0), DOY31('J','a','n',1), DOY29('F','e','b',1)},
	{HM600('0'), HM600('1'), HM60('2','0'), HM60('2','1'), HM60('2','2'), HM60('2','3')},
	{DIG10('0'), DIG10('1'), DIG10('2'), DIG10('3'), DIG10('4'),
	 DIG10('5'), DIG10('6'), DIG10('7'), DIG10('8'), DIG10('9'), {'0','0'}}};

#undef DOY
#undef DOY9
#undef DOY10
#undef DOY29
#undef DOY30
#undef DOY31
#undef DAY
#undef HM10
#undef HM60
#undef HM600
#undef DIG10

/* Errors, in the documented order; only RCVD_E_NOSPACE reports a length. */
static int date_error(char *buf, size_t cap, size_t *len, int status)
{
	if (len != NULL)
		*len = status == RCVD_E_NOSPACE ? 31 : 0;
	if (buf != NULL && cap > 0)
		buf[0] = '\0';
	return status;
}

/* The 31 characters and the NUL of the local instant u (seconds since
 * 1900-01-01T00:00:00, at most LAST_SECOND - FIRST_SECOND) at offset off
 * (-1439..1439). Every quotient is a multiply-and-shift whose constant is
 * exact over the range that reaches it (years 1900..9999, seconds of a
 * day, offsets below 1440; tests/test_date.c walks every day). Row
 * numbers are cast to size_t: as 32-bit values gcc adds the table's
 * offset in tab to them, one instruction more each. */
static RCVD_I_INLINE void date_text(char *buf, uint64_t u, int off)
{
	uint32_t dn, sec, n1, c, n2, z, ny, yc, min, neg, am;
	uint64_t p2;

	dn = (uint32_t)(u / 86400u);
	sec = (uint32_t)u - dn * 86400u; /* modulo 2^32, exact below 86400 */

	/* The civil date from the day number, with the Euclidean affine
	 * functions of Neri and Schneider (2022) in 32 bits: days since
	 * 0000-03-01, so that the leap day ends the computational year;
	 * centuries (c), years of the century (z) and days of the year (ny)
	 * by multiply-and-shift instead of divisions. */
	n1 = 4u * (dn + 693901u) + 3u; /* 1900-01-01 counted from 0000-03-01 */
	c = n1 / 146097u;
	n2 = (n1 - 146097u * c) | 3u;  /* 4 * (day of the century) + 3 */
	p2 = (uint64_t)2939745u * n2;
	z = (uint32_t)(p2 >> 32);
	ny = (uint32_t)p2 / 2939745u / 4u;

	/* The day of the week by the fractional part of dn / 7: the top
	 * three bits of dn * ceil(2^32 / 7) modulo 2^32 are the remainder
	 * dn % 7 itself while dn < 178 million. */
	memcpy(buf, tab.days[(size_t)((dn * 613566757u) >> 29)], 8);
	memcpy(buf + 5, tab.doy[(size_t)ny], 8);
	/* The year of the century, one more in January and February: 100
	 * at most, and then the century carries (yc + 28 reaches 128 only
	 * then) and row 100 reads "00". */
	yc = z + (unsigned char)tab.doy[(size_t)ny][7];
	memcpy(buf + 12, tab.digits[(size_t)(c + ((yc + 28u) >> 7))], 2);
	memcpy(buf + 14, tab.digits[(size_t)yc], 2);
	/* all ones for a negative offset, else 0; tail row 1 has the '-' */
	neg = 0u - ((uint32_t)off >> 31);
	memcpy(buf + 16, (const char *)tab.tail + (neg & 16u), 16);

	min = (uint32_t)(((uint64_t)sec * 4473925u) >> 28); /* sec / 60 */
	memcpy(buf + 17, tab.hhmm[(size_t)min], 2);
	memcpy(buf + 20, tab.hhmm[(size_t)min] + 2, 2);
	memcpy(buf + 23, tab.digits[(size_t)(sec - 60u * min)], 2);

	am = ((uint32_t)off ^ neg) - neg; /* |off| */
	memcpy(buf + 27, tab.hhmm[(size_t)am], 4);
}

/* Whatever the fast test in rcvd_date let through: the errors in their
 * documented order, and RCVD_ZONE_UNKNOWN, written as the instant at
 * offset 0 with "-0000". */
static RCVD_I_NOINLINE int date_slow(char *buf, size_t cap, int64_t t, int offset_min, size_t *len)
{
	int off = offset_min == RCVD_ZONE_UNKNOWN ? 0 : offset_min;
	uint64_t u;

	if (buf == NULL && cap > 0)
		return date_error(NULL, 0, len, RCVD_E_ARG);
	if (off < -1439 || off > 1439)
		return date_error(buf, cap, len, RCVD_E_ZONE);
	u = (uint64_t)t + (uint64_t)((int64_t)off * 60) - (uint64_t)FIRST_SECOND;
	if (u > (uint64_t)(LAST_SECOND - FIRST_SECOND))
		return date_error(buf, cap, len, RCVD_E_RANGE);
	if (cap < 32 || buf == NULL)
		return date_error(buf, cap, len, RCVD_E_NOSPACE);
	/* only RCVD_ZONE_UNKNOWN with everything else right gets here */
	if (len != NULL)
		*len = 31;
	date_text(buf, u, 0);
	buf[26] = '-';
	return RCVD_OK;
}

int rcvd_date(char *buf, size_t cap, int64_t t, int offset_min, size_t *len)
{
	uint64_t u;

	/* Four tests for the usual case; the errors, in their documented
	 * order, and the unknown zone only when one fails. */
	if (cap < 32 || buf == NULL || (uint32_t)offset_min + 1439u > 2878u)
		return date_slow(buf, cap, t, offset_min, len);
	/* The local instant minus 1900-01-01T00:00:00Z in unsigned, wrapping
	 * arithmetic: for every t the true value lies within (-2^64, 2^64),
	 * and no value outside 0..span wraps into that range, so one compare
	 * is the whole range check and nothing overflows (offset_min * 60
	 * is below 86400 in magnitude here). */
	u = (uint64_t)t + (uint64_t)(int64_t)(offset_min * 60) - (uint64_t)FIRST_SECOND;
	if (u > (uint64_t)(LAST_SECOND - FIRST_SECOND))
		return date_slow(buf, cap, t, offset_min, len);
	if (len != NULL)
		*len = 31;
	date_text(buf, u, offset_min);
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
