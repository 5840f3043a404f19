/*
 * rfc5321_check.h -- an independent recogniser for the Received field.
 *
 * Written from the ABNF of RFC 5321 section 4.4 (Time-stamp-line, Stamp)
 * and the RFC 5322 tokens it names (FWS, CFWS, comment, msg-id, date-time),
 * with every obsolete RFC 5322 form excluded, plus RFC 6531/6532 UTF-8
 * where the caller allows it. It shares no code with librcvd on purpose:
 * a composer bug copied into its own checker would prove nothing.
 *
 * Test support only: it allocates nothing and keeps no state.
 */
#ifndef RFC5321_CHECK_H
#define RFC5321_CHECK_H

#include <stddef.h>

/* Checks one whole field, "Received:" included or value only (then it may
 * start with white space), with an optional final line break. Line breaks
 * must be all CRLF or all LF; every line <= 998 octets; no bare CR; no
 * line of white space only; every line after the first starts with WSP;
 * 8-bit octets only when allow_utf8, and then as well-formed UTF-8.
 * Returns 1 when valid. Otherwise 0, with *err_off (may be NULL) the
 * offset of the furthest point the recogniser reached and *why (may be
 * NULL) a static reason. */
int rfc5321_check(const char *field, size_t n, int allow_utf8,
                  size_t *err_off, const char **why);

/* Longest line of the field, in octets and in characters (UTF-8 sequences
 * count one), line breaks excluded. */
void rfc5321_line_stats(const char *field, size_t n, size_t *max_octets,
                        size_t *max_chars);

/* Single-token predicates, the same rules the field check applies; under
 * utf8 they also refuse spaces, controls and format characters (bidi,
 * zero-width) in U-labels and local parts. */
/* RFC 5321 Domain (with U-labels when utf8), label <= 63, total <= 255. */
int rfc5321_is_domain(const char *s, size_t n, int utf8);
/* RFC 5321 address-literal, brackets included. */
int rfc5321_is_address_literal(const char *s, size_t n);
/* RFC 5321 Mailbox whose local part is a Dot-string (no quoted string),
 * local part <= 64, whole <= 254 so that the Path fits 256. */
int rfc5321_is_dot_mailbox(const char *s, size_t n, int utf8);

#endif
