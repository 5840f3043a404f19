/* deliver.c -- the Received field and Maildir delivery. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>

#include "server.h"

void srv_queue_id(struct srv_config *cfg, char id[SRV_ID_MAX])
{
	/* Time, process and a counter in hex: unique per host, an Atom, and
	 * long enough that SpamAssassin reads it as an id. */
	cfg->counter++;
	snprintf(id, SRV_ID_MAX, "%08llX%04X%04lX",
	         (unsigned long long)time(NULL) & 0xFFFFFFFFull,
	         (unsigned)getpid() & 0xFFFFu, cfg->counter & 0xFFFFul);
}

int srv_maildir_prepare(const char *dir)
{
	static const char *const sub[] = {"", "/tmp", "/new", "/cur"};
	char path[4096];
	size_t i;

	for (i = 0; i < sizeof sub / sizeof sub[0]; i++) {
		if ((size_t)snprintf(path, sizeof path, "%s%s", dir, sub[i]) >= sizeof path)
			return -1;
		if (mkdir(path, 0700) != 0 && errno != EEXIST) {
			fprintf(stderr, "rcvd-server: mkdir %s: %s\n", path, strerror(errno));
			return -1;
		}
	}
	return 0;
}

static int same_addr(const struct sockaddr *a, const struct sockaddr *b)
{
	if (a->sa_family != b->sa_family)
		return 0;
	if (a->sa_family == AF_INET) {
		const struct sockaddr_in *x = (const struct sockaddr_in *)(const void *)a;
		const struct sockaddr_in *y = (const struct sockaddr_in *)(const void *)b;
		return memcmp(&x->sin_addr, &y->sin_addr, sizeof x->sin_addr) == 0;
	}
	if (a->sa_family == AF_INET6) {
		const struct sockaddr_in6 *x = (const struct sockaddr_in6 *)(const void *)a;
		const struct sockaddr_in6 *y = (const struct sockaddr_in6 *)(const void *)b;
		return memcmp(&x->sin6_addr, &y->sin6_addr, sizeof x->sin6_addr) == 0;
	}
	return 0;
}

void srv_peer_lookup(struct srv_peer *peer, socklen_t len)
{
	/* A PTR record is the client's to choose: keep the name only when it
	 * resolves back to the same address (forward-confirmed). */
	char name[1025];
	struct addrinfo hints, *res = NULL, *ai;

	peer->rdns[0] = '\0';
	if (getnameinfo((const struct sockaddr *)&peer->sa, len, name, sizeof name,
	                NULL, 0, NI_NAMEREQD) != 0)
		return;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = peer->sa.ss_family;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(name, NULL, &hints, &res) != 0)
		return;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if (same_addr(ai->ai_addr, (const struct sockaddr *)&peer->sa)) {
			size_t n = strlen(name);
			if (n < sizeof peer->rdns)
				memcpy(peer->rdns, name, n + 1);
			break;
		}
	}
	freeaddrinfo(res);
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int store(const char *dir, const char *name, const char *field,
                 size_t field_len, const char *msg, size_t msg_len)
{
	char tmp[4096], dst[4096];
	int fd, ok;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s/tmp/%s", dir, name) >= sizeof tmp ||
	    (size_t)snprintf(dst, sizeof dst, "%s/new/%s", dir, name) >= sizeof dst)
		return -1;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0) {
		fprintf(stderr, "rcvd-server: %s: %s\n", tmp, strerror(errno));
		return -1;
	}
	ok = write_all(fd, field, field_len) == 0 && write_all(fd, msg, msg_len) == 0 &&
	     fsync(fd) == 0;
	if (close(fd) != 0)
		ok = 0;
	/* Maildir: a message appears in new/ whole or not at all. */
	if (!ok || rename(tmp, dst) != 0) {
		fprintf(stderr, "rcvd-server: delivering %s: %s\n", dst, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

int srv_deliver(const struct srv_config *cfg, const struct srv_conn *c,
                const struct rcvd_session *s, const struct srv_peer *peer,
                const struct srv_txn *txn, size_t rcpt, size_t rcpt_count,
                const char *id, const char *msg, size_t msg_len)
{
	char field[RCVD_FIELD_MAX];
	char name[256];
	struct rcvd_info info;
	struct rcvd_report report;
	size_t needed = 0;
	int st;

	rcvd_info_init(&info);
	info.session = s;
	info.addr_sa = (const struct sockaddr *)&peer->sa;
	info.rdns = rcvd_span_cstr(peer->rdns[0] != '\0' ? peer->rdns : NULL);
	info.host = rcvd_span_cstr(cfg->hostname);
	info.product = rcvd_span_cstr("rcvd-server");
	info.id = rcvd_span_cstr(id);
	info.rcpt.ptr = txn->rcpt[rcpt];
	info.rcpt.len = txn->rcpt_len[rcpt];
	info.rcpt_count = rcpt_count;
	info.sender.ptr = txn->sender;
	info.sender.len = txn->sender_len;
	info.options = RCVD_O_SHOW_AUTH;
	if (c->ssl != NULL) {
		const SSL_CIPHER *cipher = SSL_get_current_cipher(c->ssl);
		info.tls_version = rcvd_span_cstr(SSL_get_version(c->ssl));
		if (cipher != NULL) {
			int bits = SSL_CIPHER_get_bits(cipher, NULL);
			/* The IANA name fits the RFC 8314 tls clause; OpenSSL's own
			 * names (with hyphens) would not. */
			info.tls_cipher = rcvd_span_cstr(SSL_CIPHER_standard_name(cipher));
			info.tls_bits = bits > 0 ? (unsigned)bits : 0u;
		}
	}
	st = rcvd_info_set_now(&info);
	if (st != RCVD_OK) {
		fprintf(stderr, "rcvd-server: clock: %s\n", rcvd_strerror(st));
		return -1;
	}
	st = rcvd_format(field, sizeof field, &info, &needed, &report);
	if (st != RCVD_OK) {
		fprintf(stderr, "rcvd-server: Received field: %s\n", rcvd_strerror(st));
		return -1;
	}
	if (report.encoded | report.dropped | report.truncated)
		fprintf(stderr, "rcvd-server: %s: client input encoded 0x%x dropped 0x%x cut 0x%x\n",
		        id, report.encoded, report.dropped, report.truncated);
	snprintf(name, sizeof name, "%lld.%sR%zu.rcvd-server",
	         (long long)info.time, id, rcpt);
	return store(cfg->maildir, name, field, needed, msg, msg_len);
}
