/*
 * cmd_date.c -- rcvd date: an RFC 5322 date-time for an instant and zone.
 *
 *   rcvd date [--time EPOCH] [--zone +HHMM|-HHMM]
 *
 * Defaults: now, in the local zone (-0000 when the system cannot tell).
 * Exit 0 with the date-time on stdout; 1 when the instant falls outside
 * the years 1900..9999; 2 on a usage error.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "rcvd.h"
#include "cli.h"

static int usage(FILE *f)
{
	fprintf(f, "usage: rcvd date [--time EPOCH] [--zone +HHMM|-HHMM]\n"
	           "  EPOCH  seconds since 1970-01-01T00:00:00Z (default: now)\n"
	           "  zone   -2359..+2359 (default: local); -0000 means unknown\n");
	return 2;
}

static int bad_usage(const char *what, const char *arg)
{
	fprintf(stderr, "rcvd: date: %s '%s'\n", what, arg);
	return usage(stderr);
}

int cli_date(int argc, char **argv)
{
	char buf[RCVD_DATE_MAX];
	int64_t t = 0;
	int zone = 0, have_time = 0, have_zone = 0, i, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--time") == 0) {
			if (++i == argc)
				return bad_usage("missing value for", "--time");
			if (have_time || cli_parse_epoch(argv[i], &t) != 0)
				return bad_usage(have_time ? "second --time" : "bad EPOCH", argv[i]);
			have_time = 1;
		} else if (strcmp(argv[i], "--zone") == 0) {
			if (++i == argc)
				return bad_usage("missing value for", "--zone");
			if (have_zone || cli_parse_zone(argv[i], &zone) != 0)
				return bad_usage(have_zone ? "second --zone" : "bad zone", argv[i]);
			have_zone = 1;
		} else {
			return bad_usage("unknown argument", argv[i]);
		}
	}
	if (!have_time)
		t = (int64_t)time(NULL);
	if (!have_zone && rcvd_local_offset(t, &zone) != RCVD_OK)
		zone = RCVD_ZONE_UNKNOWN;
	rc = rcvd_date(buf, sizeof buf, t, zone, NULL);
	if (rc != RCVD_OK) {
		fprintf(stderr, "rcvd: date: %s\n", rcvd_strerror(rc));
		return 1;
	}
	if (printf("%s\n", buf) < 0 || fflush(stdout) != 0) {
		fprintf(stderr, "rcvd: date: cannot write the output\n");
		return 1;
	}
	return 0;
}
