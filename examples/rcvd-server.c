/*
 * rcvd-server -- an example SMTP and LMTP receiver built on librcvd.
 *
 *   rcvd-server --listen ADDR:PORT [--lmtp] [--implicit-tls] --maildir DIR
 *               [--cert PEM --key PEM] [--user NAME:PASSWORD]
 *               [--allow-insecure-auth] [--hostname NAME] [--max-size BYTES]
 *
 * It serves one connection at a time, feeds every protocol event to an
 * rcvd_session, and delivers each message into a Maildir with the Received
 * field that rcvd_format() composed prepended. Port 0 picks a free port;
 * "listening on ADDR:PORT" tells which. SIGTERM stops it cleanly.
 * The command loop is in server/smtp.c, the Received field in
 * server/deliver.c.
 */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/err.h>

#include "server.h"

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static int usage(void)
{
	fprintf(stderr,
	        "usage: rcvd-server --listen ADDR:PORT [--lmtp] [--implicit-tls] --maildir DIR\n"
	        "                   [--cert PEM --key PEM] [--user NAME:PASSWORD]\n"
	        "                   [--allow-insecure-auth] [--hostname NAME] [--max-size BYTES]\n");
	return 2;
}

/* "ADDR:PORT" or "[ADDR]:PORT" into a bound, listening socket. */
static int listen_on(const char *spec)
{
	char host[256];
	const char *colon = strrchr(spec, ':');
	const char *h = spec;
	size_t hl;
	struct addrinfo hints, *res = NULL;
	int fd, one = 1, rc;

	hl = colon != NULL ? (size_t)(colon - spec) : 0;
	if (hl >= 2 && spec[0] == '[' && spec[hl - 1] == ']') {
		h++;
		hl -= 2;
	}
	if (hl == 0 || hl >= sizeof host) {
		fprintf(stderr, "rcvd-server: --listen %s: expected ADDR:PORT\n", spec);
		return -1;
	}
	memcpy(host, h, hl);
	host[hl] = '\0';
	memset(&hints, 0, sizeof hints);
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;
	rc = getaddrinfo(host, colon + 1, &hints, &res);
	if (rc != 0) {
		fprintf(stderr, "rcvd-server: %s: %s\n", spec, gai_strerror(rc));
		return -1;
	}
	fd = socket(res->ai_family, SOCK_STREAM, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, 16) != 0) {
		fprintf(stderr, "rcvd-server: %s: %s\n", spec, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

static int announce(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char host[64], port[16];

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0 ||
	    getnameinfo((struct sockaddr *)&ss, len, host, sizeof host, port, sizeof port,
	                NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		return -1;
	if (ss.ss_family == AF_INET6)
		printf("listening on [%s]:%s\n", host, port);
	else
		printf("listening on %s:%s\n", host, port);
	return fflush(stdout) == 0 ? 0 : -1;
}

static SSL_CTX *tls_context(const char *cert, const char *key)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

	if (ctx == NULL || SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 ||
	    SSL_CTX_use_certificate_chain_file(ctx, cert) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(ctx) != 1) {
		char msg[256];
		ERR_error_string_n(ERR_get_error(), msg, sizeof msg);
		fprintf(stderr, "rcvd-server: TLS setup: %s\n", msg);
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

/* This host's name is trusted input: a bad one would make every delivery
 * fail, so refuse it at start-up with the composer's own verdict. */
static int check_hostname(const char *host)
{
	char field[RCVD_FIELD_MAX];
	struct rcvd_info info;
	int st;

	rcvd_info_init(&info);
	info.greeting = RCVD_EHLO;
	info.addr = rcvd_span_cstr("127.0.0.1");
	info.host = rcvd_span_cstr(host);
	info.id = rcvd_span_cstr("CHECK");
	st = rcvd_format(field, sizeof field, &info, NULL, NULL);
	if (st != RCVD_OK) {
		fprintf(stderr, "rcvd-server: hostname '%s': %s (use --hostname)\n", host,
		        rcvd_strerror(st));
		return -1;
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct srv_config *cfg,
                      const char **listen_spec)
{
	const char *cert = NULL, *key = NULL;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--lmtp") == 0)
			cfg->lmtp = 1;
		else if (strcmp(a, "--implicit-tls") == 0)
			cfg->implicit_tls = 1;
		else if (strcmp(a, "--allow-insecure-auth") == 0)
			cfg->allow_insecure_auth = 1;
		else if (v == NULL)
			return -1;
		else if (strcmp(a, "--listen") == 0)
			*listen_spec = v, i++;
		else if (strcmp(a, "--maildir") == 0)
			cfg->maildir = v, i++;
		else if (strcmp(a, "--cert") == 0)
			cert = v, i++;
		else if (strcmp(a, "--key") == 0)
			key = v, i++;
		else if (strcmp(a, "--user") == 0) {
			const char *colon = strchr(v, ':');
			if (colon == NULL || colon == v)
				return -1;
			cfg->user = v;
			cfg->user_len = (size_t)(colon - v);
			cfg->password = colon + 1;
			cfg->password_len = strlen(colon + 1);
			i++;
		} else if (strcmp(a, "--hostname") == 0) {
			size_t hn = strlen(v);
			if (hn >= sizeof cfg->hostname)
				return -1;
			memcpy(cfg->hostname, v, hn + 1);
			i++;
		} else if (strcmp(a, "--max-size") == 0) {
			char *end;
			unsigned long long n = strtoull(v, &end, 10);
			if (*v < '0' || *v > '9' || *end != '\0' || n == 0 || n > (1ull << 30))
				return -1;
			cfg->max_size = (size_t)n;
			i++;
		} else
			return -1;
	}
	if (*listen_spec == NULL || cfg->maildir == NULL || (cert == NULL) != (key == NULL))
		return -1;
	if (cfg->implicit_tls && cert == NULL) {
		fprintf(stderr, "rcvd-server: --implicit-tls needs --cert and --key\n");
		return -1;
	}
	if (cert != NULL && (cfg->tls = tls_context(cert, key)) == NULL)
		return -2;
	return 0;
}

int main(int argc, char **argv)
{
	struct srv_config cfg;
	const char *listen_spec = NULL;
	struct sigaction sa;
	sigset_t block, orig;
	int lfd, rc;

	memset(&cfg, 0, sizeof cfg);
	cfg.max_size = 10u * 1024u * 1024u;
	rc = parse_args(argc, argv, &cfg, &listen_spec);
	if (rc != 0)
		return rc == -2 ? 1 : usage();
	if (cfg.hostname[0] == '\0' &&
	    (gethostname(cfg.hostname, sizeof cfg.hostname - 1) != 0 || cfg.hostname[0] == '\0'))
		strcpy(cfg.hostname, "localhost");
	if (check_hostname(cfg.hostname) != 0 || srv_maildir_prepare(cfg.maildir) != 0)
		return 1;

	/* SIGTERM is blocked except while waiting in pselect() or serving a
	 * connection, so a stop request can never slip in unnoticed between
	 * the flag test and the wait. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal; /* no SA_RESTART: blocking calls return EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &orig);

	lfd = listen_on(listen_spec);
	if (lfd < 0 || announce(lfd) != 0)
		return 1;

	while (!stop_flag) {
		struct srv_peer peer;
		socklen_t plen = sizeof peer.sa;
		struct timeval tv;
		fd_set rd;
		int fd;

		FD_ZERO(&rd);
		FD_SET(lfd, &rd);
		if (pselect(lfd + 1, &rd, NULL, NULL, NULL, &orig) <= 0)
			continue;
		memset(&peer, 0, sizeof peer);
		fd = accept(lfd, (struct sockaddr *)&peer.sa, &plen);
		if (fd < 0)
			continue;
		tv.tv_sec = SRV_TIMEOUT_S;
		tv.tv_usec = 0;
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
		srv_peer_lookup(&peer, plen);
		sigprocmask(SIG_SETMASK, &orig, NULL);
		srv_serve(&cfg, fd, &peer, &stop_flag);
		sigprocmask(SIG_BLOCK, &block, NULL);
	}
	close(lfd);
	SSL_CTX_free(cfg.tls);
	return 0;
}
