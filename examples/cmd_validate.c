/*
 * cmd_validate.c -- rcvd validate: the strict RFC 5321 verdict for each
 * Received field of a header block, a message or a single field.
 *
 *   rcvd validate [FILE]
 *
 * Prints "N: valid" or "N: invalid at OFFSET: REASON" per field (N the hop
 * index, 0 = topmost; OFFSET counted in bytes from the start of that field,
 * its name included). Exit 0 when every field is valid, 1 when any is
 * invalid or there is none, 2 on a usage error, 3 on an I/O error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rcvd.h"
#include "cli.h"
#include "cmd_parse_common.h"

static int usage(FILE *f)
{
	fprintf(f, "usage: rcvd validate [FILE]\n"
	           "  reads stdin when FILE is absent or \"-\"\n");
	return 2;
}

int cli_validate(int argc, char **argv)
{
	const char *path = NULL;
	char *buf;
	size_t len, index = 0;
	int i, invalid = 0;
	struct cli_fields fields;
	struct rcvd_span sp;
	struct rcvd_hop hop;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return usage(stdout), 0;
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return usage(stderr);
		else if (path == NULL)
			path = argv[i];
		else
			return usage(stderr);
	}
	if (cli_read_input("validate", path, &buf, &len) != 0)
		return 3;
	cli_fields_init(&fields, buf, len);
	while (cli_fields_next(&fields, &sp)) {
		rcvd_hop_init(&hop);
		if (rcvd_parse(sp.ptr, sp.len, &hop, 0) != RCVD_OK) {
			if (fields.single == 2)
				break; /* the text is not a field at all */
			printf("%lu: invalid at 0: not a Received field\n", (unsigned long)index);
			invalid = 1;
		} else if (hop.flags & RCVD_H_STRICT) {
			printf("%lu: valid\n", (unsigned long)index);
		} else {
			printf("%lu: invalid at %lu: %s\n", (unsigned long)index,
			       (unsigned long)hop.error_offset, hop.error);
			invalid = 1;
		}
		index++;
	}
	free(buf);
	if (index == 0) {
		fprintf(stderr, "rcvd: validate: no Received field\n");
		return 1;
	}
	return invalid ? 1 : 0;
}
