/*
 * baseline.c -- the typical field written the way mail servers write it
 * today: localtime_r + strftime for the date, one snprintf for the layout,
 * with the line breaks placed by hand. It checks nothing and encodes
 * nothing, so it is a generous baseline: the library also validates the
 * host, the id and the recipient, canonicalises the address and folds by
 * column. The bench runs it under TZ=UTC (setenv + tzset before the run)
 * and checks once that it writes the very bytes rcvd_format writes.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <time.h>

#include "bench.h"

int bench_baseline(char *buf, size_t cap, const struct bench_typical *in)
{
	struct tm tm;
	char date[64];

	if (localtime_r(&in->time, &tm) == NULL)
		return -1;
	if (strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S %z", &tm) == 0)
		return -1;
	return snprintf(buf, cap,
	                "Received: from %s (%s [%s])\n"
	                "\t(using %s with cipher %s (%u/%u bits))\n"
	                "\tby %s with %s id %s\n"
	                "\tfor <%s> tls %s;\n"
	                "\t%s\n",
	                in->helo, in->rdns, in->addr, in->tls_version,
	                in->tls_cipher, in->tls_bits, in->tls_bits, in->host,
	                in->keyword, in->id, in->rcpt, in->tls_cipher, date);
}
