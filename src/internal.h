/*
 * internal.h -- what the library's modules share. Nothing here is exported
 * (hidden visibility); every name still carries the rcvd_ prefix (rcvd_i_)
 * so that the amalgamated single-file build cannot collide with user code.
 */
#ifndef RCVD_INTERNAL_H
#define RCVD_INTERNAL_H

#include "rcvd.h"

#if defined(__GNUC__)
#define RCVD_HIDDEN __attribute__((visibility("hidden")))
#else
#define RCVD_HIDDEN
#endif

/* The hot paths' shape is chosen by hand (tests/bench/run.sh measures it):
 * small helpers forced inline into the loop that calls them, rare cases
 * kept out of line so that they cost the common path no frame. Plain
 * inline / nothing on compilers without the attributes. */
#if defined(__GNUC__)
#define RCVD_I_INLINE inline __attribute__((always_inline))
#define RCVD_I_NOINLINE __attribute__((noinline))
#else
#define RCVD_I_INLINE inline
#define RCVD_I_NOINLINE
#endif

/* ---- byte classes (src/ctype.c): a 256-entry table, never <ctype.h> ---- */
#define RCVD_C_ALPHA 0x01u  /* A-Z a-z */
#define RCVD_C_DIGIT 0x02u  /* 0-9 */
#define RCVD_C_HEX 0x04u    /* 0-9 A-F a-f */
#define RCVD_C_ATEXT 0x08u  /* RFC 5322 atext (ASCII only) */
#define RCVD_C_WSP 0x10u    /* SP HTAB */
#define RCVD_C_CTEXT 0x20u  /* RFC 5322 ctext (printable ASCII minus ( ) \) */
#define RCVD_C_SAFE 0x40u   /* may stand unencoded in an encoded token */
#define RCVD_C_VCHAR 0x80u  /* %x21-7E */

RCVD_HIDDEN extern const unsigned char rcvd_i_class[256];

static inline int rcvd_i_is(unsigned char c, unsigned cls)
{
	return (rcvd_i_class[c] & cls) != 0;
}

static inline unsigned char rcvd_i_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* ---- WITH keywords (src/keyword.c) ---- */
/* One row of the keyword table, the single source of truth for both
 * directions. flags holds RCVD_TLS/AUTH/UTF8, plus RCVD_UNREGISTERED for
 * spellings that are decoded but never written. */
struct rcvd_i_keyword {
	const char *name;        /* registered rows in upper case */
	unsigned char len;
	unsigned char greeting;  /* enum rcvd_greeting */
	unsigned char flags;
};
RCVD_HIDDEN extern const struct rcvd_i_keyword rcvd_i_keywords[];
RCVD_HIDDEN extern const size_t rcvd_i_keywords_count;

/* ---- addresses (src/addr.c) ---- */
struct rcvd_i_ip {
	int v6;                  /* 0: IPv4 in b[0..3]; 1: IPv6 in b[0..15] */
	unsigned char b[16];
};

/* Parses a bare IPv4 or IPv6 text (no brackets, no tag); a trailing
 * "%zone" is accepted and dropped. 0 on success, -1 otherwise.
 * A v4-mapped IPv6 address is returned as IPv4 (v6 = 0). */
RCVD_HIDDEN int rcvd_i_ip_parse(const char *s, size_t n, struct rcvd_i_ip *ip);
/* Parses an address the way rcvd_addr_normalize() reads it: brackets and
 * an "IPv6:" tag (any case, then no dotted IPv4) allowed around the text.
 * 0 on success, -1 otherwise. */
RCVD_HIDDEN int rcvd_i_addr_parse(const char *s, size_t n, struct rcvd_i_ip *ip);
/* Writes the canonical text (RFC 5952 for IPv6) into out, which must have
 * room for RCVD_ADDR_MAX bytes; returns the length (NUL written too). */
RCVD_HIDDEN size_t rcvd_i_ip_format(const struct rcvd_i_ip *ip, char *out);

/* ---- names (src/addr.c) ---- */
/* 1 when (s, n) is an RFC 5321 Domain (labels of letters, digits and
 * hyphens, no leading/trailing hyphen, label <= 63, total <= 255). With
 * utf8 non-zero, labels may also hold valid UTF-8 (U-labels), except C1
 * controls, Unicode spaces and format characters (bidi, zero-width). */
RCVD_HIDDEN int rcvd_i_domain_ok(const char *s, size_t n, int utf8);
/* rcvd_i_domain_ok(s, n, utf8) && (!utf8 || rcvd_i_utf8_visible(s, n)) &&
 * !rcvd_i_name_trap(s, n, as_word), in one pass: a name that may stand as
 * it is in the field. */
RCVD_HIDDEN int rcvd_i_name_ok(const char *s, size_t n, int utf8, int as_word);
/* rcvd_i_name_ok(s, n, utf8, 0), without the clause-word test: a call
 * fewer on the stack below it. */
RCVD_HIDDEN int rcvd_i_name_plain(const char *s, size_t n, int utf8);
/* 1 when (s, n) is an RFC 5321 address-literal including the brackets:
 * [IPv4], [IPv6:...] or a General-address-literal. */
RCVD_HIDDEN int rcvd_i_addr_literal_ok(const char *s, size_t n);

/* ---- dates (src/date.c) ---- */
/* Days from 1970-01-01 to the proleptic Gregorian date y-m-d. */
RCVD_HIDDEN int64_t rcvd_i_days_from_civil(int64_t y, unsigned m, unsigned d);

/* ---- client text for the composer (src/encode.c, src/mailbox.c) ---- */
#define RCVD_I_ENCODED 0x1u   /* rcvd_i_encode wrote some byte as %XX */
#define RCVD_I_TRUNCATED 0x2u /* rcvd_i_encode cut the text, ending "%.." */

/* Length (2..4) of the well-formed UTF-8 sequence at p (rem >= 1 bytes
 * readable) when its code point is neither a control, a Unicode space, a
 * format character nor another default-ignorable one; 0 otherwise. */
RCVD_HIDDEN size_t rcvd_i_utf8_safe(const unsigned char *p, size_t rem);
/* 1 when every 8-bit sequence in (s, n) passes rcvd_i_utf8_safe. */
RCVD_HIDDEN int rcvd_i_utf8_visible(const char *s, size_t n);
/* Writes (s, n) as one token into out (budget >= 3 bytes, no NUL): SAFE
 * bytes as they are, with utf8 also safe UTF-8 sequences, every other byte
 * as %XX, and the first letter of the reader words below as %XX too; cut
 * to budget and marked "%..". ORs RCVD_I_* into *how and returns the
 * length written. It may write ahead of a cut, but never past out +
 * budget; a cut token of length k comes out the same with budget k. */
RCVD_HIDDEN size_t rcvd_i_encode(const char *s, size_t n, int utf8, char *out,
                                 size_t budget, unsigned *how);
/* Bytes that rcvd_i_encode copies as they are wherever they stand past
 * the first byte: SAFE, and none of a, e, r (either case), where a reader
 * word may begin. A text of such bytes, shorter than budget - 3, whose
 * first byte is no reader mark (rcvd_i_reader_mark), is its own encoding. */
RCVD_HIDDEN extern const unsigned char rcvd_i_run[256];
/* The length rcvd_i_encode would return, and the same *how, without
 * writing anything. */
RCVD_HIDDEN size_t rcvd_i_encode_len(const char *s, size_t n, int utf8,
                                     size_t budget, unsigned *how);

/* ---- words regex readers act on (src/reader.c) ---- */
/* 1 when the byte at i of (p, n) starts a reader word, so that the encoder
 * must write it as %XX (any case): "authenticated", "exim", "envelope-",
 * "return-path" anywhere; at i == 0 "by..." and a whole token that is a
 * clause word (by id for tls via from with helo ehlo lhlo). */
RCVD_HIDDEN int rcvd_i_reader_mark(const unsigned char *p, size_t n, size_t i);
/* 1 when some byte of (s, n) is such a mark: the text may not stand raw. */
RCVD_HIDDEN int rcvd_i_reader_word(const char *s, size_t n);
/* 1 when a name written as it is would mislead SpamAssassin: it holds
 * "Exim" or "authenticated" (exact case), or, with as_word, it is a whole
 * clause word (any case). */
RCVD_HIDDEN int rcvd_i_name_trap(const char *s, size_t n, int as_word);
/* 1 when (s, n) is an RFC 5321 Mailbox whose local part is a Dot-string:
 * local part <= 64 octets, a Domain or an address literal after "@", and
 * at most 254 octets in all (so that "<" Mailbox ">" fits the 256-octet
 * path limit). With utf8, the local part and the domain may also hold
 * UTF-8 that rcvd_i_utf8_safe accepts (RFC 6531). */
RCVD_HIDDEN int rcvd_i_mailbox_ok(const char *s, size_t n, int utf8);
/* rcvd_i_mailbox_ok(s, n, utf8) && !rcvd_i_name_trap(s, n, 0), and an
 * address literal after "@" holds none of ( ) ; " < > , (readers cut the
 * field there): a mailbox that may stand as a path; the domain checked in
 * one pass. */
RCVD_HIDDEN int rcvd_i_path_ok(const char *s, size_t n, int utf8);

#endif
