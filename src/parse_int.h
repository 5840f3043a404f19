/*
 * parse_int.h -- what the parser's files (parse.c, parse_date.c,
 * parse_strict.c) share. Private to the library.
 */
#ifndef RCVD_PARSE_INT_H
#define RCVD_PARSE_INT_H

#include "internal.h"

/* Result of reading an RFC 5322 date-time. */
struct rcvd_i_date {
	int ok;               /* a date was read: epoch/offset set */
	int obsolete;         /* an obsolete form was used (RFC 5322 4.3) */
	int zone_unknown;     /* -0000, a military letter or an unknown name */
	int64_t epoch;
	int offset;           /* minutes east, RCVD_ZONE_UNKNOWN when unknown */
	size_t begin, end;    /* span of the date as written (indexes into s) */
	const char *error;    /* first deviation from the strict form, or NULL */
	size_t error_at;      /* index into s of that deviation */
};

/* Reads a date-time from s[pos..n): leading CFWS is skipped, the date is
 * read leniently (obsolete forms included), and the first deviation from
 * the strict current grammar is recorded. Trailing CFWS is not consumed. */
RCVD_HIDDEN void rcvd_i_date_read(const char *s, size_t n, size_t pos,
                                  struct rcvd_i_date *d);

/* Strict RFC 5321 Stamp check of s[pos..n) (pos just after "Received:",
 * or 0 when the name is absent). Returns NULL when valid, else a static
 * reason with *at the index of the first deviation. */
RCVD_HIDDEN const char *rcvd_i_strict(const char *s, size_t n, size_t pos,
                                      int named, size_t *at);

/* Skips one comment starting at s[pos] == '(' without recursion; returns
 * the index after its closing parenthesis, or n when it is unbalanced. */
RCVD_HIDDEN size_t rcvd_i_skip_comment(const char *s, size_t n, size_t pos);

#endif
