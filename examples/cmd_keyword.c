/*
 * cmd_keyword.c -- rcvd keyword: session state to WITH keyword and back.
 *
 *   rcvd keyword [--greeting helo|ehlo|lhlo] [--tls] [--auth] [--utf8]
 *   rcvd keyword --decode WORD
 */
#include <stdio.h>
#include <string.h>

#include "rcvd.h"
#include "cli.h"

static int usage(FILE *f)
{
	fprintf(f,
	        "usage: rcvd keyword [--greeting helo|ehlo|lhlo] [--tls] [--auth] [--utf8]\n"
	        "       rcvd keyword --decode WORD\n");
	return 2;
}

static int bad_usage(const char *what, const char *arg)
{
	fprintf(stderr, "rcvd: keyword: %s '%s'\n", what, arg);
	return usage(stderr);
}

static const char *greeting_name(enum rcvd_greeting g)
{
	switch (g) {
	case RCVD_HELO: return "helo";
	case RCVD_EHLO: return "ehlo";
	case RCVD_LHLO: return "lhlo";
	case RCVD_GREETING_NONE: break;
	}
	return "-";
}

static const char *yes_no(unsigned flags, unsigned bit)
{
	return (flags & bit) != 0 ? "yes" : "no";
}

static int decode(const char *word)
{
	enum rcvd_greeting g = RCVD_GREETING_NONE;
	unsigned flags = 0;
	int rc = rcvd_keyword_decode(word, strlen(word), &g, &flags);

	if (rc != RCVD_OK) {
		fprintf(stderr, "rcvd: keyword: '%s': %s\n", word, rcvd_strerror(rc));
		return 1;
	}
	printf("greeting=%s tls=%s auth=%s utf8=%s registered=%s\n",
	       greeting_name(g), yes_no(flags, RCVD_TLS), yes_no(flags, RCVD_AUTH),
	       yes_no(flags, RCVD_UTF8),
	       (flags & RCVD_UNREGISTERED) != 0 ? "no" : "yes");
	return 0;
}

int cli_keyword(int argc, char **argv)
{
	enum rcvd_greeting g = RCVD_EHLO;
	unsigned flags = 0;
	const char *word = NULL;
	const char *kw;
	int state_options = 0;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--tls") == 0) {
			flags |= RCVD_TLS;
			state_options = 1;
		} else if (strcmp(a, "--auth") == 0) {
			flags |= RCVD_AUTH;
			state_options = 1;
		} else if (strcmp(a, "--utf8") == 0) {
			flags |= RCVD_UTF8;
			state_options = 1;
		} else if (strcmp(a, "--greeting") == 0) {
			if (++i == argc)
				return bad_usage("missing value for", a);
			if (strcmp(argv[i], "helo") == 0)
				g = RCVD_HELO;
			else if (strcmp(argv[i], "ehlo") == 0)
				g = RCVD_EHLO;
			else if (strcmp(argv[i], "lhlo") == 0)
				g = RCVD_LHLO;
			else
				return bad_usage("unknown greeting", argv[i]);
			state_options = 1;
		} else if (strcmp(a, "--decode") == 0) {
			if (++i == argc)
				return bad_usage("missing value for", a);
			if (word != NULL)
				return bad_usage("repeated option", a);
			word = argv[i];
		} else {
			return bad_usage("unknown argument", a);
		}
	}
	if (word != NULL) {
		if (state_options)
			return bad_usage("state options do not combine with", "--decode");
		return decode(word);
	}
	kw = rcvd_keyword(g, flags);
	if (kw == NULL) {
		fprintf(stderr, "rcvd: keyword: no keyword for this state\n");
		return 1;
	}
	printf("%s\n", kw);
	return 0;
}
