/*
 * corpus.c -- reads the "field" strings out of a JSON-lines corpus
 * (tests/corpus/received-realworld.jsonl) so that parse_corpus times the
 * parser alone. Just enough JSON for that file: the first "field" key of
 * each line, string escapes including \uXXXX and surrogate pairs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

static int hex4(const char *p, unsigned *v)
{
	unsigned r = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = p[i];

		r <<= 4;
		if (c >= '0' && c <= '9')
			r |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			r |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			r |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*v = r;
	return 0;
}

static size_t put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Decodes the JSON string starting after its opening quote at *pp into o;
 * returns the decoded length or (size_t)-1. */
static size_t json_string(const char **pp, const char *end, char *o)
{
	const char *p = *pp;
	size_t k = 0;
	unsigned cp, lo;

	while (p < end && *p != '"') {
		if (*p != '\\') {
			o[k++] = *p++;
			continue;
		}
		if (++p >= end)
			return (size_t)-1;
		switch (*p++) {
		case '"': o[k++] = '"'; break;
		case '\\': o[k++] = '\\'; break;
		case '/': o[k++] = '/'; break;
		case 'b': o[k++] = '\b'; break;
		case 'f': o[k++] = '\f'; break;
		case 'n': o[k++] = '\n'; break;
		case 'r': o[k++] = '\r'; break;
		case 't': o[k++] = '\t'; break;
		case 'u':
			if (end - p < 4 || hex4(p, &cp) != 0)
				return (size_t)-1;
			p += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && end - p >= 6 &&
			    p[0] == '\\' && p[1] == 'u' && hex4(p + 2, &lo) == 0 &&
			    lo >= 0xdc00 && lo < 0xe000) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				p += 6;
			}
			k += put_utf8(o + k, cp);
			break;
		default:
			return (size_t)-1;
		}
	}
	if (p >= end)
		return (size_t)-1;
	*pp = p + 1;
	return k;
}

int bench_corpus_load(const char *path, struct bench_corpus *c)
{
	FILE *f = fopen(path, "rb");
	char *raw;
	long size;
	size_t lines = 0, k = 0, i;
	const char *p, *end;

	memset(c, 0, sizeof *c);
	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		fprintf(stderr, "rcvd-bench: cannot read %s\n", path);
		if (f != NULL)
			fclose(f);
		return -1;
	}
	raw = malloc((size_t)size + 1);
	if (raw == NULL || fread(raw, 1, (size_t)size, f) != (size_t)size) {
		fprintf(stderr, "rcvd-bench: cannot read %s\n", path);
		fclose(f);
		free(raw);
		return -1;
	}
	fclose(f);
	raw[size] = '\0';
	for (i = 0; i < (size_t)size; i++)
		lines += raw[i] == '\n';
	lines++;
	/* decoded text is never longer than its JSON form */
	c->text = malloc((size_t)size + 1);
	c->off = malloc(lines * sizeof *c->off);
	c->len = malloc(lines * sizeof *c->len);
	if (c->text == NULL || c->off == NULL || c->len == NULL) {
		free(raw);
		return -1;
	}
	p = raw;
	end = raw + size;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *key;
		size_t n;

		if (eol == NULL)
			eol = end;
		key = strstr(p, "\"field\"");
		if (key != NULL && key < eol) {
			key += 7;
			while (key < eol && (*key == ' ' || *key == ':'))
				key++;
			if (key < eol && *key == '"') {
				key++;
				n = json_string(&key, eol, c->text + k);
				if (n == (size_t)-1) {
					fprintf(stderr, "rcvd-bench: bad JSON string in %s\n", path);
					free(raw);
					return -1;
				}
				c->off[c->count] = k;
				c->len[c->count] = n;
				c->count++;
				c->bytes += n;
				k += n;
			}
		}
		p = eol + 1;
	}
	free(raw);
	if (c->count == 0) {
		fprintf(stderr, "rcvd-bench: no \"field\" in %s\n", path);
		return -1;
	}
	return 0;
}
