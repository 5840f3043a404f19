/* io.c -- one client connection, plain or TLS, read in bounded lines. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>

#include "server.h"

static int fill(struct srv_conn *c)
{
	if (c->failed)
		return 0;
	if (c->ssl != NULL) {
		int n = SSL_read(c->ssl, c->in, (int)sizeof c->in);
		if (n <= 0) {
			c->failed = 1;
			return 0;
		}
		c->in_pos = 0;
		c->in_len = (size_t)n;
		return 1;
	} else {
		ssize_t n = read(c->fd, c->in, sizeof c->in);
		if (n <= 0) {
			/* EINTR included: the only signal we catch means "stop". */
			c->failed = 1;
			return 0;
		}
		c->in_pos = 0;
		c->in_len = (size_t)n;
		return 1;
	}
}

size_t srv_read_line(struct srv_conn *c, char *buf, size_t cap)
{
	size_t n = 0;

	if (cap == 0)
		return 0;
	while (n + 1 < cap) {
		if (c->in_pos == c->in_len && !fill(c))
			break;
		buf[n] = c->in[c->in_pos++];
		if (buf[n++] == '\n')
			break;
	}
	buf[n] = '\0';
	return n;
}

size_t srv_drop_input(struct srv_conn *c)
{
	size_t n = c->in_len - c->in_pos;
	c->in_pos = c->in_len = 0;
	return n;
}

int srv_write(struct srv_conn *c, const char *data, size_t len)
{
	while (len > 0 && !c->failed) {
		if (c->ssl != NULL) {
			int n = SSL_write(c->ssl, data, len > 65536 ? 65536 : (int)len);
			if (n <= 0) {
				c->failed = 1;
				break;
			}
			data += n;
			len -= (size_t)n;
		} else {
			ssize_t n = write(c->fd, data, len);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				c->failed = 1;
				break;
			}
			data += n;
			len -= (size_t)n;
		}
	}
	return c->failed ? -1 : 0;
}

int srv_reply(struct srv_conn *c, const char *fmt, ...)
{
	char line[SRV_LINE_MAX + 1];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof line - 2, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n > sizeof line - 3)
		n = (int)(sizeof line - 3);
	line[n++] = '\r';
	line[n++] = '\n';
	return srv_write(c, line, (size_t)n);
}

int srv_tls_accept(struct srv_conn *c, SSL_CTX *ctx)
{
	c->ssl = SSL_new(ctx);
	if (c->ssl == NULL || SSL_set_fd(c->ssl, c->fd) != 1 || SSL_accept(c->ssl) != 1) {
		unsigned long e = ERR_get_error();
		char msg[256];
		ERR_error_string_n(e, msg, sizeof msg);
		fprintf(stderr, "rcvd-server: TLS handshake failed: %s\n", e ? msg : "connection closed");
		ERR_clear_error();
		if (c->ssl != NULL)
			SSL_free(c->ssl);
		c->ssl = NULL;
		c->failed = 1;
		return -1;
	}
	return 0;
}

void srv_close(struct srv_conn *c)
{
	if (c->ssl != NULL) {
		if (!c->failed)
			SSL_shutdown(c->ssl);
		SSL_free(c->ssl);
		c->ssl = NULL;
	}
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}
