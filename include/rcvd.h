/*
 * rcvd.h -- librcvd: compose and read the Received: trace header field.
 *
 * librcvd maps the state of an SMTP or LMTP session to the registered WITH
 * keyword (RFC 3848, RFC 6531), builds a complete RFC 5321 section 4.4
 * Received field around it, and reads such fields back.
 *
 * Conventions that hold for every function below:
 *  - Thread safety: every function is reentrant and thread-safe. The library
 *    has no global or static mutable state, allocates no heap memory, and
 *    does not depend on the locale.
 *  - Buffers belong to the caller. A function that writes text into
 *    (buf, cap) always NUL-terminates it when cap > 0, never writes past
 *    cap, and on RCVD_E_NOSPACE leaves an empty string (buf[0] == '\0' when
 *    cap > 0) and reports through *len / *needed the length the text needs,
 *    not counting the NUL. buf may be NULL only when cap is 0.
 *  - Strings given as (pointer, length) may contain any byte, NUL included;
 *    a NULL pointer with length 0 means "absent".
 *  - Statuses: 0 (RCVD_OK) is success; rcvd_strerror() names every value.
 *  - The library never aborts, prints or exits.
 *
 * Copyright (c) 2026 the librcvd authors. MIT licence, see LICENSE.
 */
#ifndef RCVD_H
#define RCVD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------
 * Export and attribute macros
 * ------------------------------------------------------------------------ */

#if defined(RCVD_BUILDING) && defined(__GNUC__)
#define RCVD_API __attribute__((visibility("default")))
#else
#define RCVD_API
#endif

#if defined(__GNUC__) && (__GNUC__ >= 4)
#define RCVD_WUR __attribute__((warn_unused_result))
#else
#define RCVD_WUR
#endif

/* ------------------------------------------------------------------------
 * Version
 * ------------------------------------------------------------------------ */

#define RCVD_VERSION_MAJOR 0
#define RCVD_VERSION_MINOR 1
#define RCVD_VERSION_PATCH 0
#define RCVD_VERSION_STRING "0.1.0"

/* The version of the library actually linked, e.g. "0.1.0". Never NULL. */
RCVD_API const char *rcvd_version(void);

/* ------------------------------------------------------------------------
 * Status codes
 * ------------------------------------------------------------------------ */

enum rcvd_status {
	RCVD_OK = 0,
	RCVD_E_NOSPACE = 1,     /* output buffer too small; *needed says how big */
	RCVD_E_ARG = 2,         /* a required pointer is NULL or a value is out of its domain */
	RCVD_E_KEYWORD = 3,     /* not a WITH keyword this library knows */
	RCVD_E_NOGREETING = 4,  /* no greeting (HELO/EHLO/LHLO) in force yet */
	RCVD_E_SEQUENCE = 5,    /* session event out of sequence; state unchanged */
	RCVD_E_RANGE = 6,       /* date outside the years 1900..9999 after the offset */
	RCVD_E_ZONE = 7,        /* UTC offset outside -23:59..+23:59 */
	RCVD_E_HOST = 8,        /* this host's name is not a valid Domain or address literal */
	RCVD_E_ADDRESS = 9,     /* client address is not a valid IPv4/IPv6 address */
	RCVD_E_ID = 10,         /* queue id is neither an Atom nor a msg-id, or too long */
	RCVD_E_SYSTEM = 11,     /* the system could not tell the local time zone */
	RCVD_E_SYNTAX = 12,     /* parser: the text is not a Received field at all */
	RCVD_E_END = 13         /* iterator: no further field */
};

/* A static, human-readable English text for a status. Never NULL; unknown
 * values give "unknown status". */
RCVD_API const char *rcvd_strerror(int status);

/* ------------------------------------------------------------------------
 * Strings as (pointer, length)
 * ------------------------------------------------------------------------ */

struct rcvd_span {
	const char *ptr; /* NULL when absent */
	size_t len;
};

/* A span over a NUL-terminated string; NULL gives the absent span. */
static inline struct rcvd_span rcvd_span_cstr(const char *s)
{
	struct rcvd_span sp;
	size_t n = 0;
	if (s != NULL)
		while (s[n] != '\0')
			n++;
	sp.ptr = s;
	sp.len = n;
	return sp;
}

/* ------------------------------------------------------------------------
 * WITH keywords (the registry of "Mail Transmission Types")
 * ------------------------------------------------------------------------ */

enum rcvd_greeting {
	RCVD_GREETING_NONE = 0, /* no greeting yet; also what MMS decodes to */
	RCVD_HELO = 1,
	RCVD_EHLO = 2,
	RCVD_LHLO = 3
};

/* Session state flags, combined with |. */
#define RCVD_TLS 0x01u          /* TLS negotiated (STARTTLS or implicit TLS) */
#define RCVD_AUTH 0x02u         /* an AUTH command succeeded (235) */
#define RCVD_UTF8 0x04u         /* this transaction's MAIL carried SMTPUTF8 */
#define RCVD_UNREGISTERED 0x08u /* decode only: a spelling not in the IANA registry */

/* The registered keyword for a session state, upper case, static storage.
 * flags: any of RCVD_TLS | RCVD_AUTH | RCVD_UTF8.
 * Every HELO state gives "SMTP": no keyword is registered for HELO with TLS,
 * and AUTH and SMTPUTF8 are ESMTP extensions a HELO client cannot use.
 * Returns NULL for RCVD_GREETING_NONE, a greeting outside the enum, or flags
 * with other bits set. */
RCVD_API const char *rcvd_keyword(enum rcvd_greeting greeting, unsigned flags);

/* Decodes a WITH keyword (s, n), case-insensitively; s need not be
 * NUL-terminated. On success stores the greeting (RCVD_GREETING_NONE for
 * MMS) and the flags (RCVD_TLS/AUTH/UTF8, plus RCVD_UNREGISTERED for the
 * unregistered spellings real servers write, such as "smtps" or
 * "utf8esmtpsa"). greeting and flags may be NULL.
 * Returns RCVD_OK, RCVD_E_KEYWORD for anything else (including n == 0), or
 * RCVD_E_ARG when s is NULL and n > 0. */
RCVD_API int rcvd_keyword_decode(const char *s, size_t n,
                                 enum rcvd_greeting *greeting,
                                 unsigned *flags);

/* ------------------------------------------------------------------------
 * Session state machine
 *
 * Feed it the events of one SMTP/LMTP connection; ask it for the keyword at
 * any point. The rules (RFC 3207 4.2, RFC 4954 4, RFC 5321 4.1.4):
 *  - STARTTLS forgets everything learned before it: greeting, its argument,
 *    AUTH. Until the client greets again there is no greeting.
 *  - A SASL security layer forgets the greeting and its argument; TLS and
 *    the authentication remain. The client must greet again.
 *  - A new greeting ends any transaction (like RSET); TLS and AUTH remain.
 *  - RSET and the end of a transaction clear SMTPUTF8 (per transaction).
 * Out-of-sequence events return RCVD_E_SEQUENCE and change nothing:
 *  any event before connect, a second connect, AUTH, STARTTLS or SMTPUTF8
 *  after HELO, AUTH or STARTTLS before a greeting or inside a transaction,
 *  a second AUTH, STARTTLS when TLS is already on, a SASL layer without
 *  AUTH, inside a transaction or a second one, MAIL with no greeting in
 *  force or inside a transaction, end of transaction outside one.
 * ------------------------------------------------------------------------ */

#define RCVD_SESSION_ARG_MAX 512 /* greeting argument bytes kept */
#define RCVD_SESSION_ID_MAX 256  /* authenticated identity bytes kept */

/* Bits of rcvd_session.status */
#define RCVD_S_CONNECTED 0x01u
#define RCVD_S_IN_MAIL 0x02u       /* inside a transaction (after MAIL) */
#define RCVD_S_SASL_LAYER 0x04u
#define RCVD_S_ARG_CUT 0x08u       /* greeting argument was longer than kept */
#define RCVD_S_ID_CUT 0x10u        /* identity was longer than kept */
#define RCVD_S_IMPLICIT_TLS 0x20u  /* TLS from the first byte (RFC 8314) */

/* Read the fields; change them only through the functions below. The
 * arrays are NUL-terminated copies (the copy may itself contain NULs; use
 * the _len fields). */
struct rcvd_session {
	enum rcvd_greeting greeting; /* RCVD_GREETING_NONE when none in force */
	unsigned flags;              /* RCVD_TLS | RCVD_AUTH | RCVD_UTF8 */
	unsigned status;             /* RCVD_S_* bits */
	size_t arg_len;
	size_t identity_len;
	char arg[RCVD_SESSION_ARG_MAX + 1];
	char identity[RCVD_SESSION_ID_MAX + 1];
};

/* Sets *s to the state before a connection. s must not be NULL (no-op). */
RCVD_API void rcvd_session_init(struct rcvd_session *s);
/* A connection was accepted; implicit_tls non-zero for TLS from the first
 * byte (port 465 style), which sets RCVD_TLS. */
RCVD_API int rcvd_session_connect(struct rcvd_session *s, int implicit_tls);
/* HELO/EHLO/LHLO with its argument (arg, n), copied (cut to
 * RCVD_SESSION_ARG_MAX, marked by RCVD_S_ARG_CUT). */
RCVD_API int rcvd_session_greeting(struct rcvd_session *s,
                                   enum rcvd_greeting greeting,
                                   const char *arg, size_t n);
/* STARTTLS completed its handshake. */
RCVD_API int rcvd_session_starttls(struct rcvd_session *s);
/* AUTH succeeded (235) for identity (id, n), copied like the argument. */
RCVD_API int rcvd_session_auth(struct rcvd_session *s, const char *id, size_t n);
/* A SASL security layer was installed after AUTH. */
RCVD_API int rcvd_session_sasl_layer(struct rcvd_session *s);
/* MAIL FROM accepted; smtputf8 non-zero when it carried SMTPUTF8. */
RCVD_API int rcvd_session_mail(struct rcvd_session *s, int smtputf8);
/* RSET: ends any transaction. Valid at any time after connect. */
RCVD_API int rcvd_session_rset(struct rcvd_session *s);
/* The transaction ended (message accepted or rejected after DATA). */
RCVD_API int rcvd_session_end(struct rcvd_session *s);
/* The keyword for the current state into *keyword (static storage).
 * RCVD_E_NOGREETING when no greeting is in force. */
RCVD_API int rcvd_session_keyword(const struct rcvd_session *s,
                                  const char **keyword);

/* ------------------------------------------------------------------------
 * Dates (RFC 5322 3.3)
 * ------------------------------------------------------------------------ */

/* The UTC offset that means "local zone unknown", written "-0000". */
#define RCVD_ZONE_UNKNOWN (-32768)
/* Buffer size that always holds a date-time and its NUL. */
#define RCVD_DATE_MAX 32

/* Writes "Sun, 29 Nov 2026 05:00:38 +0000" for the instant t (seconds since
 * 1970-01-01T00:00:00Z) seen at offset_min minutes east of UTC
 * (-1439..1439, or RCVD_ZONE_UNKNOWN for "-0000", which shows UTC).
 * The day of the month is always two digits ("01"): fixed width, and valid
 * under the RFC 5322 grammar (1*2DIGIT). Pure arithmetic: no strftime, no
 * locale, no time zone database. len may be NULL.
 * RCVD_E_ZONE for a bad offset, RCVD_E_RANGE when the local year is outside
 * 1900..9999, RCVD_E_NOSPACE when cap is too small. */
RCVD_API int rcvd_date(char *buf, size_t cap, int64_t t, int offset_min,
                       size_t *len);

/* The local time zone's offset from UTC at instant t, in minutes east, via
 * localtime_r (thread-safe). RCVD_E_SYSTEM when the system cannot tell;
 * RCVD_E_ARG when offset_min is NULL. */
RCVD_API int rcvd_local_offset(int64_t t, int *offset_min);

/* ------------------------------------------------------------------------
 * Addresses
 * ------------------------------------------------------------------------ */

/* Buffer size that always holds a normalised address and its NUL. */
#define RCVD_ADDR_MAX 46

/* Normalises the textual address (s, n): IPv4 dotted quad, or IPv6 written
 * in RFC 5952 canonical form (lower case, longest zero run compressed);
 * an IPv4-mapped IPv6 address (::ffff:a.b.c.d) is written as IPv4. Accepts
 * surrounding brackets, an "IPv6:" tag (any case) and a zone id ("%eth0"),
 * all of which are dropped. RCVD_E_ADDRESS when it is not an address. */
RCVD_API int rcvd_addr_normalize(const char *s, size_t n, char *buf,
                                 size_t cap, size_t *len);

/* ------------------------------------------------------------------------
 * Composer
 * ------------------------------------------------------------------------ */

/* Option flags of rcvd_info.options */
#define RCVD_O_CRLF 0x01u          /* CRLF line breaks (default LF) */
#define RCVD_O_VALUE_ONLY 0x02u    /* omit "Received: " and the final line break */
#define RCVD_O_NO_TLS_COMMENT 0x04u /* no "(using TLS... with cipher ...)" comment */
#define RCVD_O_NO_TLS_CLAUSE 0x08u  /* no RFC 8314 "tls CIPHER" clause */
#define RCVD_O_FORCE_FOR 0x10u     /* write FOR even when rcpt_count != 1 */
#define RCVD_O_HIDE_CLIENT 0x20u   /* privacy mode, see README */
#define RCVD_O_SHOW_AUTH 0x40u     /* write "(authenticated as IDENTITY)" after AUTH */

/* Items, for struct rcvd_report */
#define RCVD_ITEM_HELO 0x001u
#define RCVD_ITEM_RDNS 0x002u
#define RCVD_ITEM_ADDR 0x004u
#define RCVD_ITEM_PRODUCT 0x008u
#define RCVD_ITEM_RCPT 0x010u
#define RCVD_ITEM_SENDER 0x020u
#define RCVD_ITEM_IDENTITY 0x040u
#define RCVD_ITEM_TLS_VERSION 0x080u
#define RCVD_ITEM_TLS_CIPHER 0x100u

/* What the composer changed in untrusted input, so a server can log it. */
struct rcvd_report {
	unsigned encoded;   /* items written with some bytes encoded */
	unsigned dropped;   /* items present in the input but not written */
	unsigned truncated; /* items cut to their output budget */
};

/* Every field rcvd_format() can produce, with its final line break and NUL,
 * fits in this many bytes. */
#define RCVD_FIELD_MAX 4096

struct sockaddr;

/* The description of one accepted message. Initialise with
 * rcvd_info_init(), then set what you have; unset spans are absent.
 * Trusted: host, product, id, addr/addr_sa (taken from the socket).
 * Untrusted (client-chosen): helo, rdns, rcpt, sender, identity, and the TLS
 * strings. */
struct rcvd_info {
	size_t size; /* set by rcvd_info_init(); lets the struct grow */

	/* Session state: from session when non-NULL (greeting, flags, greeting
	 * argument, identity), else from greeting/flags/helo/identity. */
	const struct rcvd_session *session;
	enum rcvd_greeting greeting;
	unsigned flags; /* RCVD_TLS | RCVD_AUTH | RCVD_UTF8 */

	struct rcvd_span helo;     /* the greeting argument */
	struct rcvd_span rdns;     /* verified reverse-DNS name of the client */
	struct rcvd_span addr;     /* client address as text */
	const struct sockaddr *addr_sa; /* or as AF_INET/AF_INET6 sockaddr (wins) */
	struct rcvd_span host;     /* this host's name: Domain or address literal */
	struct rcvd_span product;  /* optional comment after BY, e.g. "librcvd" */
	struct rcvd_span id;       /* queue id: Atom or msg-id */
	struct rcvd_span rcpt;     /* the recipient mailbox, <> optional */
	size_t rcpt_count;         /* recipients of the transaction (default 1) */
	struct rcvd_span sender;   /* envelope sender; "" or "<>" is the null path */
	struct rcvd_span identity; /* authenticated identity */
	struct rcvd_span tls_version; /* e.g. "TLSv1.3" */
	struct rcvd_span tls_cipher;  /* e.g. "TLS_AES_256_GCM_SHA384" */
	unsigned tls_bits;            /* cipher strength, 0 when unknown */

	int64_t time;   /* seconds since the epoch */
	int offset;     /* minutes east of UTC, or RCVD_ZONE_UNKNOWN */
	unsigned options; /* RCVD_O_* */
};

RCVD_API void rcvd_info_init_size(struct rcvd_info *info, size_t size);

/* Clears *info, sets rcpt_count = 1, offset = 0 and records the struct
 * size the caller was compiled with. */
static inline void rcvd_info_init(struct rcvd_info *info)
{
	rcvd_info_init_size(info, sizeof *info);
}

/* Sets info->time to now and info->offset to the local zone's offset
 * (RCVD_ZONE_UNKNOWN if the system cannot tell). */
RCVD_API int rcvd_info_set_now(struct rcvd_info *info);

/* Composes the field into (buf, cap). needed (may be NULL) receives the
 * field's length without NUL, also on RCVD_E_NOSPACE; report (may be NULL)
 * says what untrusted input was encoded, dropped or cut.
 * Errors for trusted input: RCVD_E_HOST, RCVD_E_ADDRESS, RCVD_E_ID,
 * RCVD_E_ZONE, RCVD_E_RANGE, RCVD_E_NOGREETING (no greeting in the
 * session), RCVD_E_ARG. On any error buf holds the empty string. */
RCVD_API int rcvd_format(char *buf, size_t cap, const struct rcvd_info *info,
                         size_t *needed, struct rcvd_report *report);

/* ------------------------------------------------------------------------
 * Parser
 * ------------------------------------------------------------------------ */

/* Bits of rcvd_hop.flags */
#define RCVD_H_STRICT 0x001u       /* valid under the strict RFC 5321 Stamp */
#define RCVD_H_TLS 0x002u          /* keyword S, a tls clause or a TLS comment */
#define RCVD_H_AUTH 0x004u         /* keyword A or an authentication hint */
#define RCVD_H_DATE 0x008u         /* a date was read; epoch/offset are set */
#define RCVD_H_ZONE_UNKNOWN 0x010u /* the zone was -0000 or unknown */
#define RCVD_H_COMMENTS_CUT 0x020u /* more comments than RCVD_HOP_COMMENTS */
#define RCVD_H_WITH_KNOWN 0x040u   /* with_greeting/with_flags are set */
#define RCVD_H_DATE_OBSOLETE 0x080u /* the date used an obsolete form */

#define RCVD_HOP_COMMENTS 16

/* One parsed field. Every span points into the parsed text. */
struct rcvd_hop {
	size_t size; /* set by rcvd_hop_init() */

	struct rcvd_span from_name;  /* as written after FROM */
	struct rcvd_span helo;       /* client HELO where carried apart */
	struct rcvd_span from_rdns;  /* reverse-DNS name of the client */
	struct rcvd_span from_addr;  /* client address as written, without the
	                              * brackets, the "IPv6:" tag or a ":port";
	                              * rcvd_addr_normalize() gives the canonical
	                              * form */
	struct rcvd_span by_name;
	struct rcvd_span by_addr;
	struct rcvd_span via;
	struct rcvd_span with;       /* the WITH word */
	struct rcvd_span id;
	struct rcvd_span for_mailbox; /* without angle brackets */
	struct rcvd_span tls_clause; /* RFC 8314 cipher after "tls" */
	struct rcvd_span tls_version; /* from a TLS comment */
	struct rcvd_span tls_cipher;  /* from a TLS comment */
	struct rcvd_span auth_hint;  /* the comment or token that said AUTH */
	struct rcvd_span date;       /* the date-time as written */

	enum rcvd_greeting with_greeting; /* decoded WITH word */
	unsigned with_flags;              /* RCVD_TLS/AUTH/UTF8/UNREGISTERED */
	unsigned flags;                   /* RCVD_H_* */
	int64_t epoch;                    /* when RCVD_H_DATE */
	int offset;                       /* minutes east, or RCVD_ZONE_UNKNOWN */

	size_t error_offset;  /* strict: offset of the first deviation */
	const char *error;    /* strict: static reason, NULL when strict-valid */

	size_t ncomments;
	struct rcvd_span comments[RCVD_HOP_COMMENTS];
};

RCVD_API void rcvd_hop_init_size(struct rcvd_hop *hop, size_t size);
static inline void rcvd_hop_init(struct rcvd_hop *hop)
{
	rcvd_hop_init_size(hop, sizeof *hop);
}

/* Parser flags: none are defined yet; pass 0. (The "Received:" name may be
 * present or not, whatever the flags.) */
#define RCVD_P_DEFAULT 0

/* Reads one field (with or without "Received:", folded or not, CRLF or LF)
 * in one call: the lenient reading into *hop and the strict verdict
 * (RCVD_H_STRICT, error, error_offset, counted from field[0]).
 * hop must have been set up by rcvd_hop_init(). Linear time, no heap.
 * Returns RCVD_OK when something was read (even if not strict-valid),
 * RCVD_E_SYNTAX when the text is not a Received field, RCVD_E_ARG. */
RCVD_API int rcvd_parse(const char *field, size_t n, struct rcvd_hop *hop,
                        unsigned flags);

/* Iterator over the Received fields of a header block or a whole message
 * (it stops at the first empty line). Index 0 is the topmost field. */
struct rcvd_iter {
	const char *text;
	size_t len;
	size_t pos;
	size_t index;
};

RCVD_API void rcvd_iter_init(struct rcvd_iter *it, const char *text, size_t len);
/* Stores the next whole field (name included, folds included, final line
 * break excluded) into *field. RCVD_E_END when there is none. */
RCVD_API int rcvd_iter_next(struct rcvd_iter *it, struct rcvd_span *field);

#ifdef __cplusplus
}
#endif

#endif /* RCVD_H */
