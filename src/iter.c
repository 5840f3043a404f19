/*
 * iter.c -- walks the Received fields of a header block or a message.
 *
 * A field starts at the beginning of a line with its name and colon and
 * runs over every continuation line (one starting with SP or HTAB). The
 * walk ends at the first empty line (the end of the header) or the end of
 * the text; continuation lines of other fields are skipped with them.
 */
#include <string.h>

#include "internal.h"

void rcvd_iter_init(struct rcvd_iter *it, const char *text, size_t len)
{
	if (it == NULL)
		return;
	it->text = text;
	it->len = text == NULL ? 0 : len;
	it->pos = 0;
	it->index = 0;
}

/* Index just after the line break that ends the line starting at p, or
 * len. *content_end receives the end of the line without its break. */
static size_t line_end(const char *s, size_t len, size_t p, size_t *content_end)
{
	const char *lf = p < len ? memchr(s + p, '\n', len - p) : NULL;

	p = lf != NULL ? (size_t)(lf - s) : len;
	*content_end = p;
	if (p < len) {
		if (*content_end > 0 && s[*content_end - 1] == '\r')
			(*content_end)--;
		p++;
	}
	return p;
}

static int is_received(const char *s, size_t len, size_t p)
{
	static const char name[] = "received";
	size_t i;

	for (i = 0; i < 8; i++)
		if (p + i >= len || rcvd_i_lower((unsigned char)s[p + i]) != (unsigned char)name[i])
			return 0;
	p += 8;
	while (p < len && (s[p] == ' ' || s[p] == '\t'))
		p++;
	return p < len && s[p] == ':';
}

int rcvd_iter_next(struct rcvd_iter *it, struct rcvd_span *field)
{
	const char *s;
	size_t len, p, end, next;

	if (it == NULL || field == NULL)
		return RCVD_E_ARG;
	s = it->text;
	len = it->len;
	p = it->pos;
	while (p < len) {
		size_t start = p;
		int hit;

		/* the empty line that ends the header */
		if (s[p] == '\n' || (s[p] == '\r' && p + 1 < len && s[p + 1] == '\n'))
			break;
		hit = is_received(s, len, p);
		next = line_end(s, len, p, &end);
		while (next < len && (s[next] == ' ' || s[next] == '\t'))
			next = line_end(s, len, next, &end);
		if (hit) {
			field->ptr = s + start;
			field->len = end - start;
			it->pos = next;
			it->index++;
			return RCVD_OK;
		}
		p = next;
	}
	it->pos = len;
	field->ptr = NULL;
	field->len = 0;
	return RCVD_E_END;
}
