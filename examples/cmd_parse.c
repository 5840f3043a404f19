/*
 * cmd_parse.c -- rcvd parse: read the Received fields of a header block,
 * a message or a single field, one row (or JSON object) per hop.
 *
 *   rcvd parse [--json] [FILE]
 *
 * Index 0 is the topmost (most recent) hop. delay = this hop's epoch minus
 * the epoch of the hop below it (index + 1); none for the bottom hop and
 * for any hop without a date. Exit 0 when at least one field was read,
 * 1 when there is no Received field, 2 on a usage error, 3 on an I/O error.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rcvd.h"
#include "cli.h"
#include "cmd_parse_common.h"

static int usage(FILE *f)
{
	fprintf(f, "usage: rcvd parse [--json] [FILE]\n"
	           "  reads stdin when FILE is absent or \"-\"\n");
	return 2;
}

/* JSON string: escapes, and U+FFFD for each byte that does not start a
 * valid UTF-8 sequence. */
static void json_str(struct rcvd_span sp)
{
	size_t i = 0;
	const unsigned char *s = (const unsigned char *)sp.ptr;

	if (sp.ptr == NULL) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	while (i < sp.len) {
		unsigned char c = s[i];
		if (c == '"' || c == '\\') {
			putchar('\\');
			putchar(c);
			i++;
		} else if (c < 0x20 || c == 0x7F) {
			switch (c) {
			case '\n': fputs("\\n", stdout); break;
			case '\r': fputs("\\r", stdout); break;
			case '\t': fputs("\\t", stdout); break;
			default: printf("\\u%04x", (unsigned)c); break;
			}
			i++;
		} else if (c < 0x80) {
			putchar(c);
			i++;
		} else {
			size_t len = 0, k;
			unsigned cp = 0;
			if (c >= 0xC2 && c <= 0xDF) {
				len = 2;
				cp = c & 0x1Fu;
			} else if (c >= 0xE0 && c <= 0xEF) {
				len = 3;
				cp = c & 0x0Fu;
			} else if (c >= 0xF0 && c <= 0xF4) {
				len = 4;
				cp = c & 0x07u;
			}
			if (len == 0 || sp.len - i < len)
				len = 0;
			for (k = 1; k < len; k++) {
				if ((s[i + k] & 0xC0u) != 0x80u) {
					len = 0;
					break;
				}
				cp = (cp << 6) | (s[i + k] & 0x3Fu);
			}
			if ((len == 3 && (cp < 0x800u || (cp >= 0xD800u && cp <= 0xDFFFu))) ||
			    (len == 4 && (cp < 0x10000u || cp > 0x10FFFFu)))
				len = 0;
			if (len == 0) {
				fputs("\xEF\xBF\xBD", stdout);
				i++;
			} else {
				fwrite(s + i, 1, len, stdout);
				i += len;
			}
		}
	}
	putchar('"');
}

static void json_bool(const char *key, int v)
{
	printf(",\"%s\":%s", key, v ? "true" : "false");
}

static void json_span(const char *key, struct rcvd_span sp)
{
	printf(",\"%s\":", key);
	json_str(sp);
}

static void print_json(size_t index, const struct rcvd_hop *h, int has_delay, int64_t delay)
{
	static const char *const greet[] = {NULL, "helo", "ehlo", "lhlo"};
	int known = (h->flags & RCVD_H_WITH_KNOWN) != 0;
	struct rcvd_span cipher = h->tls_clause.ptr != NULL ? h->tls_clause : h->tls_cipher;

	printf("{\"index\":%lu", (unsigned long)index);
	json_span("from_name", h->from_name);
	json_span("helo", h->helo);
	json_span("from_rdns", h->from_rdns);
	json_span("from_addr", h->from_addr);
	json_span("by_name", h->by_name);
	json_span("by_addr", h->by_addr);
	json_span("via", h->via);
	json_span("with", h->with);
	if (known && h->with_greeting >= RCVD_HELO && h->with_greeting <= RCVD_LHLO)
		printf(",\"greeting\":\"%s\"", greet[h->with_greeting]);
	else
		fputs(",\"greeting\":null", stdout);
	json_bool("tls", (h->flags & RCVD_H_TLS) != 0);
	json_bool("auth", (h->flags & RCVD_H_AUTH) != 0);
	json_bool("utf8", known && (h->with_flags & RCVD_UTF8) != 0);
	json_bool("registered", known && (h->with_flags & RCVD_UNREGISTERED) == 0);
	json_span("id", h->id);
	json_span("for", h->for_mailbox);
	json_span("tls_version", h->tls_version);
	json_span("tls_cipher", cipher);
	json_span("date", h->date);
	if (h->flags & RCVD_H_DATE) {
		printf(",\"epoch\":%" PRId64, h->epoch);
		if (h->flags & RCVD_H_ZONE_UNKNOWN)
			fputs(",\"offset\":null", stdout);
		else
			printf(",\"offset\":%d", h->offset);
	} else {
		fputs(",\"epoch\":null,\"offset\":null", stdout);
	}
	if (has_delay)
		printf(",\"delay\":%" PRId64, delay);
	else
		fputs(",\"delay\":null", stdout);
	json_bool("strict", (h->flags & RCVD_H_STRICT) != 0);
	if (h->error != NULL) {
		struct rcvd_span e = rcvd_span_cstr(h->error);
		json_span("error", e);
		printf(",\"error_offset\":%lu}\n", (unsigned long)h->error_offset);
	} else {
		fputs(",\"error\":null,\"error_offset\":null}\n", stdout);
	}
}

/* Table cell: at most w bytes, printable ASCII only ("?" otherwise), "-"
 * when absent. */
static void cell(struct rcvd_span sp, int w)
{
	int i, k = 0;
	if (sp.ptr == NULL || sp.len == 0) {
		printf("%-*s ", w, "-");
		return;
	}
	for (i = 0; (size_t)i < sp.len && i < w; i++) {
		unsigned char c = (unsigned char)sp.ptr[i];
		putchar(c >= 0x20 && c < 0x7F ? c : '?');
		k++;
	}
	printf("%*s ", w - k, "");
}

static void print_row(size_t index, const struct rcvd_hop *h, int has_delay, int64_t delay)
{
	char date[RCVD_DATE_MAX];
	char num[32];

	printf("%-3lu ", (unsigned long)index);
	cell(h->from_name, 24);
	cell(h->from_rdns, 24);
	cell(h->from_addr, 24);
	cell(h->by_name, 24);
	cell(h->with, 10);
	cell(h->id, 16);
	cell(h->for_mailbox, 20);
	if ((h->flags & RCVD_H_DATE) &&
	    rcvd_date(date, sizeof date, h->epoch, 0, NULL) == RCVD_OK)
		cell(rcvd_span_cstr(date), 31);
	else
		cell(rcvd_span_cstr(NULL), 31);
	if (has_delay) {
		snprintf(num, sizeof num, "%" PRId64, delay);
		cell(rcvd_span_cstr(num), 8);
	} else {
		cell(rcvd_span_cstr("none"), 8);
	}
	printf("%-3s %s\n", (h->flags & RCVD_H_TLS) ? "yes" : "no",
	       (h->flags & RCVD_H_STRICT) ? "yes" : "no");
}

int cli_parse(int argc, char **argv)
{
	const char *path = NULL;
	int json = 0, i, have_cur = 0, have_next;
	char *buf;
	size_t len, index = 0;
	struct cli_fields fields;
	struct rcvd_span sp;
	struct rcvd_hop cur, next;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return usage(stdout), 0;
		else if (argv[i][0] == '-' && argv[i][1] != '\0')
			return usage(stderr);
		else if (path == NULL)
			path = argv[i];
		else
			return usage(stderr);
	}
	if (cli_read_input("parse", path, &buf, &len) != 0)
		return 3;

	/* cur is read only once have_cur is set; initialised anyway so that
	 * gcc -O2 sees it is never used uninitialised */
	rcvd_hop_init(&cur);
	cli_fields_init(&fields, buf, len);
	if (!json)
		printf("%-3s %-24s %-24s %-24s %-24s %-10s %-16s %-20s %-31s %-8s %-3s %s\n", "idx",
		       "from", "rdns", "address", "by", "with", "id", "for", "date (UTC)", "delay",
		       "tls", "strict");
	/* one hop of lookahead: the delay needs the hop below */
	for (;;) {
		have_next = 0;
		while (cli_fields_next(&fields, &sp)) {
			rcvd_hop_init(&next);
			if (rcvd_parse(sp.ptr, sp.len, &next, 0) == RCVD_OK) {
				have_next = 1;
				break;
			}
			/* text that is not a field at all has no row; a Received
			 * field we cannot read still has one */
			if (fields.single == 2)
				break;
			rcvd_hop_init(&next);
			next.error = "not a Received field";
			have_next = 1;
			break;
		}
		if (have_cur) {
			int has_delay = have_next && (cur.flags & RCVD_H_DATE) && (next.flags & RCVD_H_DATE);
			int64_t delay = has_delay ? cur.epoch - next.epoch : 0;
			if (json)
				print_json(index, &cur, has_delay, delay);
			else
				print_row(index, &cur, has_delay, delay);
			index++;
		}
		if (!have_next)
			break;
		cur = next;
		have_cur = 1;
	}
	free(buf);
	if (index == 0) {
		fprintf(stderr, "rcvd: parse: no Received field\n");
		return 1;
	}
	return 0;
}
