/*
 * server.h -- the pieces of rcvd-server, an example SMTP/LMTP receiver built
 * on librcvd's session state machine and composer.
 *
 *   io.c      the connection: plain or TLS (OpenSSL), bounded line reads
 *   auth.c    AUTH PLAIN and AUTH LOGIN against one configured user
 *   smtp.c    the command loop and its replies
 *   deliver.c the Received field (rcvd_format) and Maildir delivery
 *   ../rcvd-server.c  command line, listening socket, signals
 */
#ifndef RCVD_SERVER_H
#define RCVD_SERVER_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include <openssl/ssl.h>

#include "rcvd.h"

#if defined(__GNUC__)
#define SRV_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SRV_PRINTF(f, a)
#endif

/* A command line may hold at most this many octets, CRLF included
 * (RFC 5321 4.5.3.1.4 allows 512; extensions make room for more). */
#define SRV_LINE_MAX 1000
#define SRV_PATH_MAX 256   /* RFC 5321 4.5.3.1.3, brackets excluded */
#define SRV_RCPT_MAX 100   /* RFC 5321 4.5.3.1.8: at least 100 */
#define SRV_ERRORS_MAX 20  /* bad commands before the server hangs up */
#define SRV_TIMEOUT_S 60   /* idle seconds before the server hangs up */
#define SRV_ID_MAX 32

struct srv_config {
	int lmtp;
	int implicit_tls;
	int allow_insecure_auth;
	const char *maildir;
	const char *user;     /* NULL: AUTH is not offered */
	size_t user_len;
	const char *password;
	size_t password_len;
	char hostname[256];
	size_t max_size;
	SSL_CTX *tls;         /* NULL: no STARTTLS, no implicit TLS */
	unsigned long counter; /* queue ids issued so far */
};

struct srv_conn {
	int fd;
	SSL *ssl;
	int failed; /* a read or write failed: hang up */
	size_t in_pos, in_len;
	char in[4096];
};

/* io.c */
/* Reads up to cap - 1 bytes, stopping after a LF; NUL-terminates.
 * Returns the byte count (LF included), 0 at end of stream or on error. */
size_t srv_read_line(struct srv_conn *c, char *buf, size_t cap);
/* Discards whatever the client sent but the server has not read yet. */
size_t srv_drop_input(struct srv_conn *c);
int srv_write(struct srv_conn *c, const char *data, size_t len);
/* One reply line: the format plus CRLF. */
int srv_reply(struct srv_conn *c, const char *fmt, ...) SRV_PRINTF(2, 3);
/* The TLS handshake as the server; 0 on success. */
int srv_tls_accept(struct srv_conn *c, SSL_CTX *ctx);
void srv_close(struct srv_conn *c);

/* auth.c */
/* Runs the AUTH exchange for the command argument args (after "AUTH ").
 * On success copies the authenticated identity into id (cap bytes, NUL
 * included) and returns 1; returns 0 after a failure reply was sent and
 * -1 when the connection broke. */
int srv_auth(struct srv_conn *c, const struct srv_config *cfg,
             const char *args, char *id, size_t cap, size_t *id_len);

/* deliver.c */
struct srv_txn {
	char sender[SRV_PATH_MAX + 1];
	size_t sender_len;
	size_t nrcpt;
	char rcpt[SRV_RCPT_MAX][SRV_PATH_MAX + 1];
	size_t rcpt_len[SRV_RCPT_MAX];
};

struct srv_peer {
	struct sockaddr_storage sa;
	char rdns[256]; /* forward-confirmed reverse DNS name, or "" */
};

/* Writes a fresh queue id (an Atom) into id. */
void srv_queue_id(struct srv_config *cfg, char id[SRV_ID_MAX]);
/* Creates DIR/tmp, DIR/new and DIR/cur as needed; 0 on success. */
int srv_maildir_prepare(const char *dir);
/* Composes the Received field for recipients [first, first + count) of txn
 * (count is the transaction's recipient count in SMTP, 1 in LMTP) and
 * writes it with the message into the Maildir. 0 on success; -1 with a
 * message on stderr otherwise. */
int srv_deliver(const struct srv_config *cfg, const struct srv_conn *c,
                const struct rcvd_session *s, const struct srv_peer *peer,
                const struct srv_txn *txn, size_t rcpt, size_t rcpt_count,
                const char *id, const char *msg, size_t msg_len);
/* Fills peer->rdns with the verified name of the client, or "". */
void srv_peer_lookup(struct srv_peer *peer, socklen_t len);

/* smtp.c */
/* Serves one accepted connection until QUIT, error or SIGTERM. */
void srv_serve(struct srv_config *cfg, int fd, const struct srv_peer *peer,
               volatile const sig_atomic_t *stop);

#endif
