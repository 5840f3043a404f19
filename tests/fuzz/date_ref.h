/*
 * date_ref.h -- a reference RFC 5322 date-time writer for the date oracle.
 *
 * Deliberately naive and unlike src/date.c: it walks whole years and then
 * months from 1970-01-01, one at a time, using only the leap-year rule, and
 * formats with snprintf in the C locale's digits. Slow (thousands of steps
 * per call) and obviously right is what an oracle should be.
 */
#ifndef RCVD_FUZZ_DATE_REF_H
#define RCVD_FUZZ_DATE_REF_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rcvd.h"

static int ref_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* The text rcvd_date() must produce into out (32 bytes), or the error it
 * must return: RCVD_E_ZONE before RCVD_E_RANGE, because the range depends
 * on the offset. */
static int ref_date(int64_t t, int offset_min, char out[32])
{
	static const char *const wday[7] = {"Thu", "Fri", "Sat", "Sun",
	                                    "Mon", "Tue", "Wed"};
	static const char *const mname[12] = {"Jan", "Feb", "Mar", "Apr",
	                                      "May", "Jun", "Jul", "Aug",
	                                      "Sep", "Oct", "Nov", "Dec"};
	static const int mdays[12] = {31, 28, 31, 30, 31, 30,
	                              31, 31, 30, 31, 30, 31};
	int unknown = offset_min == RCVD_ZONE_UNKNOWN;
	int off = unknown ? 0 : offset_min;
	int64_t local, days, secs, y = 1970, wd;
	int m = 0, a, n;
	char tmp[64];

	if (off < -1439 || off > 1439)
		return RCVD_E_ZONE;
	/* Far outside 1900..9999 whatever the offset; also keeps the sum
	 * below from overflowing. */
	if (t < -4000000000000LL || t > 4000000000000LL)
		return RCVD_E_RANGE;
	local = t + (int64_t)off * 60;
	days = local / 86400;
	secs = local % 86400;
	if (secs < 0) {
		secs += 86400;
		days -= 1;
	}
	wd = days % 7;
	if (wd < 0)
		wd += 7;
	while (days < 0) {
		y--;
		days += ref_leap(y) ? 366 : 365;
		if (y < 1900)
			return RCVD_E_RANGE;
	}
	while (days >= (ref_leap(y) ? 366 : 365)) {
		days -= ref_leap(y) ? 366 : 365;
		y++;
		if (y > 9999)
			return RCVD_E_RANGE;
	}
	if (y < 1900 || y > 9999)
		return RCVD_E_RANGE;
	for (;;) {
		int len = mdays[m] + (m == 1 && ref_leap(y) ? 1 : 0);

		if (days < len)
			break;
		days -= len;
		m++;
	}
	a = off < 0 ? -off : off;
	/* A roomy buffer: the compiler cannot see that every field fits. */
	n = snprintf(tmp, sizeof tmp, "%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d",
	         wday[wd], (int)days + 1, mname[m], (int)y, (int)(secs / 3600),
	         (int)(secs / 60 % 60), (int)(secs % 60),
	         (unknown || off < 0) ? '-' : '+', a / 60, a % 60);
	if (n != 31)
		abort();
	memcpy(out, tmp, 32);
	return RCVD_OK;
}

#endif
