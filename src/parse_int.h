/*
 * parse_int.h -- what the parser's files (parse.c, parse_date.c, parse_lit.c,
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
 * or 0 when the name is absent), line rules included, up to the date.
 * Returns a static reason with *at the index of the first deviation, or
 * NULL with *at where the date begins (after the ";" and white space);
 * the caller reads the date with rcvd_i_date_read() and ends with
 * rcvd_i_strict_tail(). */
RCVD_HIDDEN const char *rcvd_i_strict_head(const char *s, size_t n, size_t pos, int named,
                                           size_t *at);

/* After the date (s[pos]): CFWS, then the end of the field. NULL when so,
 * else the reason with *at. */
RCVD_HIDDEN const char *rcvd_i_strict_tail(const char *s, size_t n, size_t pos, size_t *at);

/* Skips one comment starting at s[pos] == '(' without recursion; returns
 * the index after its closing parenthesis, or n when it is unbalanced. */
RCVD_HIDDEN size_t rcvd_i_skip_comment(const char *s, size_t n, size_t pos);

/* Length of one valid UTF-8 sequence at s[p] (shortest form, no
 * surrogates, at most U+10FFFF), 0 if none. */
RCVD_HIDDEN size_t rcvd_i_utf8_len(const char *s, size_t n, size_t p);

/* Address text (parse_lit.c), judged without building a struct
 * rcvd_i_ip. rcvd_i_ip_ok(s, n, 0) is 1 exactly when rcvd_i_ip_parse()
 * accepts (s, n); with snum, IPv4 numbers are RFC 5321 Snum (1*3DIGIT,
 * 0..255, leading zeros allowed), alone or as an IPv6 dotted tail. */
RCVD_HIDDEN int rcvd_i_ip_ok(const char *s, size_t n, int snum);
/* 1 when (s, n) is an RFC 5321 address-literal, brackets included, by the
 * ABNF: Snum octets (leading zeros allowed), "IPv6:" text where "::"
 * stands for two groups or more, or a General-address-literal whose
 * value is not IPv6 text that lost its tag. */
RCVD_HIDDEN int rcvd_i_literal_ok(const char *s, size_t n);

#endif
