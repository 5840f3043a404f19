/*
 * cmd_parse_common.h -- input reading shared by `rcvd parse` and
 * `rcvd validate` (included by both; everything is static).
 *
 * Input: a header block, a whole message (the walk stops at the blank
 * line), or one field with or without its "Received:" name. It is read
 * with fread into memory, at most CLI_INPUT_MAX bytes; larger input is
 * refused as an I/O error rather than cut, since a cut field would be
 * misread.
 */
#ifndef RCVD_CMD_PARSE_COMMON_H
#define RCVD_CMD_PARSE_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rcvd.h"

#define CLI_INPUT_MAX ((size_t)16 << 20)

/* Reads all of path (stdin when NULL or "-") into *buf (malloc'd).
 * 0 on success, -1 with a message on stderr otherwise. */
static int cli_read_input(const char *cmd, const char *path, char **buf, size_t *len)
{
	FILE *own = NULL; /* the file we opened and must close, if any */
	FILE *f = stdin;
	size_t cap = 65536, n = 0;
	char *b;

	if (path != NULL && strcmp(path, "-") != 0) {
		own = fopen(path, "rb");
		if (own == NULL) {
			fprintf(stderr, "rcvd: %s: cannot open '%s'\n", cmd, path);
			return -1;
		}
		f = own;
	}
	b = malloc(cap);
	if (b == NULL)
		goto fail;
	for (;;) {
		size_t got;
		if (n == cap) {
			char *nb;
			if (cap >= CLI_INPUT_MAX + 1)
				break;
			cap *= 2;
			if (cap > CLI_INPUT_MAX + 1)
				cap = CLI_INPUT_MAX + 1;
			nb = realloc(b, cap);
			if (nb == NULL)
				goto fail;
			b = nb;
		}
		got = fread(b + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "rcvd: %s: read error\n", cmd);
		goto fail_quiet;
	}
	if (n > CLI_INPUT_MAX) {
		fprintf(stderr, "rcvd: %s: input larger than %lu bytes\n", cmd,
		        (unsigned long)CLI_INPUT_MAX);
		goto fail_quiet;
	}
	if (own != NULL)
		fclose(own);
	*buf = b;
	*len = n;
	return 0;
fail:
	fprintf(stderr, "rcvd: %s: out of memory\n", cmd);
fail_quiet:
	free(b);
	if (own != NULL)
		fclose(own);
	return -1;
}

/* The fields of the input, in order. When the text holds no line starting
 * with "Received:", the whole text (one trailing line break removed) is
 * tried as a single field without its name. */
struct cli_fields {
	struct rcvd_iter it;
	const char *text;
	size_t len;
	int single; /* 0 unknown, 1 the whole text is the one field, 2 done */
};

static void cli_fields_init(struct cli_fields *f, const char *text, size_t len)
{
	struct rcvd_iter probe;
	struct rcvd_span sp;

	rcvd_iter_init(&f->it, text, len);
	f->text = text;
	f->len = len;
	rcvd_iter_init(&probe, text, len);
	f->single = rcvd_iter_next(&probe, &sp) == RCVD_OK ? 0 : 1;
}

static int cli_fields_next(struct cli_fields *f, struct rcvd_span *sp)
{
	if (f->single == 0)
		return rcvd_iter_next(&f->it, sp) == RCVD_OK;
	if (f->single == 1) {
		size_t n = f->len;
		f->single = 2;
		while (n > 0 && (f->text[n - 1] == '\n' || f->text[n - 1] == '\r'))
			n--;
		if (n == 0)
			return 0;
		sp->ptr = f->text;
		sp->len = n;
		return 1;
	}
	return 0;
}

#endif
