/*
 * cmd_compose.c -- rcvd compose: one Received field from the command line.
 *
 *   rcvd compose --by HOST [options]
 *
 * Prints the field with its final line break (--value-only: the value
 * alone, no final line break). Exit 0 on success; 1 when the library
 * refuses a trusted input (host, id, address, time), with a message on
 * stderr and nothing on stdout; 2 on a usage error.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "rcvd.h"
#include "cli.h"

static int usage(FILE *f)
{
	fprintf(f,
	        "usage: rcvd compose --by HOST [options]\n"
	        "  --greeting helo|ehlo|lhlo  (default ehlo)\n"
	        "  --helo TEXT --addr IP --rdns NAME\n"
	        "  --tls --auth --utf8\n"
	        "  --id ID --for MAILBOX --rcpt-count N (default 1) --force-for\n"
	        "  --envelope-from MAILBOX (<> allowed) --auth-user TEXT\n"
	        "  --tls-version TEXT --tls-cipher NAME --tls-bits N\n"
	        "  --no-tls-comment --no-tls-clause --comment TEXT\n"
	        "  --time EPOCH (default now) --zone +HHMM|-HHMM (default local)\n"
	        "  --crlf --value-only --hide-client\n");
	return 2;
}

static int bad_usage(const char *what, const char *arg)
{
	fprintf(stderr, "rcvd: compose: %s '%s'\n", what, arg);
	return usage(stderr);
}

/* Options that set a bit and options that take a text. */
static const struct {
	const char *name;
	unsigned flag;   /* into info.flags */
	unsigned option; /* into info.options */
} switches[] = {
	{"--tls", RCVD_TLS, 0},
	{"--auth", RCVD_AUTH, 0},
	{"--utf8", RCVD_UTF8, 0},
	{"--force-for", 0, RCVD_O_FORCE_FOR},
	{"--no-tls-comment", 0, RCVD_O_NO_TLS_COMMENT},
	{"--no-tls-clause", 0, RCVD_O_NO_TLS_CLAUSE},
	{"--crlf", 0, RCVD_O_CRLF},
	{"--value-only", 0, RCVD_O_VALUE_ONLY},
	{"--hide-client", 0, RCVD_O_HIDE_CLIENT},
};

static struct rcvd_span *text_option(struct rcvd_info *in, const char *a)
{
	static const char *const names[] = {
		"--by", "--helo", "--addr", "--rdns", "--id", "--for",
		"--envelope-from", "--auth-user", "--tls-version", "--tls-cipher",
		"--comment"};
	struct rcvd_span *const slots[] = {
		&in->host, &in->helo, &in->addr, &in->rdns, &in->id, &in->rcpt,
		&in->sender, &in->identity, &in->tls_version, &in->tls_cipher,
		&in->product};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(a, names[i]) == 0)
			return slots[i];
	return NULL;
}

static int parse_args(int argc, char **argv, struct rcvd_info *in)
{
	int have_time = 0, have_zone = 0, i;
	size_t k;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		struct rcvd_span *slot;
		uint64_t v;

		for (k = 0; k < sizeof switches / sizeof switches[0]; k++)
			if (strcmp(a, switches[k].name) == 0)
				break;
		if (k < sizeof switches / sizeof switches[0]) {
			in->flags |= switches[k].flag;
			in->options |= switches[k].option;
			continue;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
			return -1;
		if (a[0] != '-' || a[1] != '-')
			return bad_usage("unknown argument", a);
		if (i + 1 == argc)
			return bad_usage("missing value for", a);
		slot = text_option(in, a);
		if (slot != NULL) {
			if (slot->ptr != NULL)
				return bad_usage("repeated option", a);
			*slot = rcvd_span_cstr(argv[++i]);
			if (slot == &in->identity)
				in->options |= RCVD_O_SHOW_AUTH;
		} else if (strcmp(a, "--greeting") == 0) {
			const char *g = argv[++i];

			if (strcmp(g, "helo") == 0)
				in->greeting = RCVD_HELO;
			else if (strcmp(g, "ehlo") == 0)
				in->greeting = RCVD_EHLO;
			else if (strcmp(g, "lhlo") == 0)
				in->greeting = RCVD_LHLO;
			else
				return bad_usage("bad greeting", g);
		} else if (strcmp(a, "--rcpt-count") == 0) {
			if (cli_parse_unsigned(argv[++i], SIZE_MAX, &v) != 0)
				return bad_usage("bad count", argv[i]);
			in->rcpt_count = (size_t)v;
		} else if (strcmp(a, "--tls-bits") == 0) {
			if (cli_parse_unsigned(argv[++i], 0xffffffffu, &v) != 0)
				return bad_usage("bad bits", argv[i]);
			in->tls_bits = (unsigned)v;
		} else if (strcmp(a, "--time") == 0) {
			if (have_time || cli_parse_epoch(argv[++i], &in->time) != 0)
				return bad_usage("bad or repeated --time", argv[i]);
			have_time = 1;
		} else if (strcmp(a, "--zone") == 0) {
			if (have_zone || cli_parse_zone(argv[++i], &in->offset) != 0)
				return bad_usage("bad or repeated --zone", argv[i]);
			have_zone = 1;
		} else {
			return bad_usage("unknown option", a);
		}
	}
	if (in->host.ptr == NULL) {
		fprintf(stderr, "rcvd: compose: --by HOST is required\n");
		return usage(stderr);
	}
	if (!have_time)
		in->time = (int64_t)time(NULL);
	if (!have_zone && rcvd_local_offset(in->time, &in->offset) != RCVD_OK)
		in->offset = RCVD_ZONE_UNKNOWN;
	return 0;
}

int cli_compose(int argc, char **argv)
{
	char buf[RCVD_FIELD_MAX];
	struct rcvd_info in;
	size_t len = 0;
	int rc;

	rcvd_info_init(&in);
	in.greeting = RCVD_EHLO;
	rc = parse_args(argc, argv, &in);
	if (rc < 0) {
		usage(stdout);
		return 0;
	}
	if (rc != 0)
		return rc;
	rc = rcvd_format(buf, sizeof buf, &in, &len, NULL);
	if (rc != RCVD_OK) {
		fprintf(stderr, "rcvd: compose: %s\n", rcvd_strerror(rc));
		return 1;
	}
	if (fwrite(buf, 1, len, stdout) != len || fflush(stdout) != 0) {
		fprintf(stderr, "rcvd: compose: cannot write the output\n");
		return 1;
	}
	return 0;
}
