/*
 * rcvd -- command-line front end to librcvd.
 *
 *   rcvd keyword [--greeting helo|ehlo|lhlo] [--tls] [--auth] [--utf8]
 *   rcvd keyword --decode WORD
 *   rcvd date [--time EPOCH] [--zone +HHMM|-HHMM]
 *   rcvd compose --by HOST [options]
 *   rcvd parse [--json] [FILE]
 *   rcvd validate [FILE]
 */
#include <stdio.h>
#include <string.h>

#include "rcvd.h"
#include "cli.h"

static const struct {
	const char *name;
	int (*run)(int, char **);
} commands[] = {
	{"keyword", cli_keyword},
	{"date", cli_date},
	{"compose", cli_compose},
	{"parse", cli_parse},
	{"validate", cli_validate},
};

static int usage(FILE *f)
{
	fprintf(f,
	        "usage: rcvd keyword [--greeting helo|ehlo|lhlo] [--tls] [--auth] [--utf8]\n"
	        "       rcvd keyword --decode WORD\n"
	        "       rcvd date [--time EPOCH] [--zone +HHMM|-HHMM]\n"
	        "       rcvd compose --by HOST [options]   (rcvd compose --help)\n"
	        "       rcvd parse [--json] [FILE]\n"
	        "       rcvd validate [FILE]\n"
	        "       rcvd --version\n");
	return 2;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2)
		return usage(stderr);
	if (strcmp(argv[1], "--version") == 0) {
		printf("rcvd %s\n", rcvd_version());
		return 0;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "rcvd: unknown command '%s'\n", argv[1]);
	return usage(stderr);
}
