/* cmd_args.c -- option values the subcommands share: decimal numbers, the
 * epoch and the zone, read without the locale. */
#include <stdint.h>
#include <string.h>

#include "rcvd.h"
#include "cli.h"

int cli_parse_unsigned(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		unsigned d;

		if (*s < '0' || *s > '9')
			return -1;
		d = (unsigned)(*s - '0');
		if (v > (max - d) / 10u)
			return -1;
		v = v * 10u + d;
	}
	*out = v;
	return 0;
}

int cli_parse_epoch(const char *s, int64_t *out)
{
	uint64_t v;
	int neg = *s == '-';

	if (*s == '-' || *s == '+')
		s++;
	if (cli_parse_unsigned(s, (uint64_t)INT64_MAX + (neg ? 1u : 0u), &v) != 0)
		return -1;
	if (!neg)
		*out = (int64_t)v;
	else if (v == (uint64_t)INT64_MAX + 1u)
		*out = INT64_MIN;
	else
		*out = -(int64_t)v;
	return 0;
}

int cli_parse_zone(const char *s, int *out)
{
	int i, hh, mm;

	if ((s[0] != '+' && s[0] != '-') || strlen(s) != 5)
		return -1;
	for (i = 1; i < 5; i++)
		if (s[i] < '0' || s[i] > '9')
			return -1;
	hh = (s[1] - '0') * 10 + (s[2] - '0');
	mm = (s[3] - '0') * 10 + (s[4] - '0');
	if (hh > 23 || mm > 59)
		return -1;
	if (s[0] == '-' && hh == 0 && mm == 0)
		*out = RCVD_ZONE_UNKNOWN;
	else
		*out = (s[0] == '-' ? -1 : 1) * (hh * 60 + mm);
	return 0;
}
