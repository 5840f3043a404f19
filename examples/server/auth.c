/* auth.c -- AUTH PLAIN and AUTH LOGIN (RFC 4954, RFC 4616) for one user. */
#include <string.h>

#include "server.h"

static int b64_value(unsigned char ch)
{
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A';
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a' + 26;
	if (ch >= '0' && ch <= '9')
		return ch - '0' + 52;
	if (ch == '+')
		return 62;
	if (ch == '/')
		return 63;
	return -1;
}

/* Decodes base64 (s, n) into out; -1 on bad input or no room. */
static long b64_decode(const char *s, size_t n, unsigned char *out, size_t cap)
{
	size_t i, o = 0, pad = 0;
	unsigned long acc = 0;
	unsigned bits = 0;

	if (n % 4 != 0)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		int v;
		if (ch == '=') {
			if (i + 2 < n)
				return -1;
			pad++;
			continue;
		}
		if (pad > 0)
			return -1;
		v = b64_value(ch);
		if (v < 0)
			return -1;
		acc = (acc << 6) | (unsigned long)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o >= cap)
				return -1;
			out[o++] = (unsigned char)((acc >> bits) & 0xFFu);
		}
	}
	return (long)o;
}

static int same(const char *a, size_t an, const unsigned char *b, size_t bn)
{
	return an == bn && memcmp(a, b, an) == 0;
}

/* Reads one client response line; strips CRLF. -1 broken, 0 cancelled
 * ("*"), else 1. */
static int response(struct srv_conn *c, char *line, size_t cap, size_t *len)
{
	size_t n = srv_read_line(c, line, cap);
	if (n == 0 || line[n - 1] != '\n')
		return -1;
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	*len = n;
	return (n == 1 && line[0] == '*') ? 0 : 1;
}

static int finish(struct srv_conn *c, const struct srv_config *cfg,
                  const unsigned char *authz, size_t authz_len,
                  const unsigned char *user, size_t user_len,
                  const unsigned char *pass, size_t pass_len,
                  char *id, size_t cap, size_t *id_len)
{
	/* Acting for another identity is not supported: only the user itself. */
	if (authz_len > 0 && !same(cfg->user, cfg->user_len, authz, authz_len)) {
		srv_reply(c, "535 5.7.8 Authentication credentials invalid");
		return 0;
	}
	if (!same(cfg->user, cfg->user_len, user, user_len) ||
	    !same(cfg->password, cfg->password_len, pass, pass_len) ||
	    user_len + 1 > cap) {
		srv_reply(c, "535 5.7.8 Authentication credentials invalid");
		return 0;
	}
	memcpy(id, user, user_len);
	id[user_len] = '\0';
	*id_len = user_len;
	srv_reply(c, "235 2.7.0 Authentication successful");
	return c->failed ? -1 : 1;
}

static int auth_plain(struct srv_conn *c, const struct srv_config *cfg,
                      const char *initial, char *id, size_t cap, size_t *id_len)
{
	char line[SRV_LINE_MAX + 1];
	unsigned char raw[SRV_LINE_MAX];
	const unsigned char *user, *pass, *end;
	size_t n;
	long got;
	int r;

	if (initial != NULL) {
		n = strlen(initial);
		memcpy(line, initial, n + 1);
	} else {
		srv_reply(c, "334 ");
		r = response(c, line, sizeof line, &n);
		if (r <= 0) {
			if (r == 0)
				srv_reply(c, "501 5.7.0 Authentication cancelled");
			return r < 0 ? -1 : 0;
		}
	}
	got = b64_decode(line, n, raw, sizeof raw);
	if (got < 0) {
		srv_reply(c, "501 5.5.2 Cannot decode response");
		return 0;
	}
	end = raw + got;
	user = memchr(raw, '\0', (size_t)got);
	pass = user != NULL ? memchr(user + 1, '\0', (size_t)(end - user - 1)) : NULL;
	if (user == NULL || pass == NULL) {
		srv_reply(c, "501 5.5.2 Malformed PLAIN response");
		return 0;
	}
	return finish(c, cfg, raw, (size_t)(user - raw), user + 1,
	              (size_t)(pass - user - 1), pass + 1, (size_t)(end - pass - 1),
	              id, cap, id_len);
}

static int auth_login(struct srv_conn *c, const struct srv_config *cfg,
                      const char *initial, char *id, size_t cap, size_t *id_len)
{
	char line[SRV_LINE_MAX + 1];
	unsigned char user[SRV_LINE_MAX], pass[SRV_LINE_MAX];
	long ulen, plen;
	size_t n;
	int r;

	if (initial != NULL) {
		n = strlen(initial);
		memcpy(line, initial, n + 1);
	} else {
		srv_reply(c, "334 VXNlcm5hbWU6"); /* "Username:" */
		r = response(c, line, sizeof line, &n);
		if (r <= 0) {
			if (r == 0)
				srv_reply(c, "501 5.7.0 Authentication cancelled");
			return r < 0 ? -1 : 0;
		}
	}
	ulen = b64_decode(line, n, user, sizeof user);
	if (ulen < 0) {
		srv_reply(c, "501 5.5.2 Cannot decode response");
		return 0;
	}
	srv_reply(c, "334 UGFzc3dvcmQ6"); /* "Password:" */
	r = response(c, line, sizeof line, &n);
	if (r <= 0) {
		if (r == 0)
			srv_reply(c, "501 5.7.0 Authentication cancelled");
		return r < 0 ? -1 : 0;
	}
	plen = b64_decode(line, n, pass, sizeof pass);
	if (plen < 0) {
		srv_reply(c, "501 5.5.2 Cannot decode response");
		return 0;
	}
	return finish(c, cfg, NULL, 0, user, (size_t)ulen, pass, (size_t)plen, id, cap, id_len);
}

static int word_is(const char *s, size_t n, const char *word)
{
	size_t i;
	if (strlen(word) != n)
		return 0;
	for (i = 0; i < n; i++) {
		char a = s[i];
		if (a >= 'a' && a <= 'z')
			a = (char)(a - 32);
		if (a != word[i])
			return 0;
	}
	return 1;
}

int srv_auth(struct srv_conn *c, const struct srv_config *cfg,
             const char *args, char *id, size_t cap, size_t *id_len)
{
	size_t mech_len = strcspn(args, " ");
	const char *initial = args[mech_len] == ' ' ? args + mech_len + 1 : NULL;

	/* "=" is the empty initial response (RFC 4954 4). */
	if (initial != NULL && strcmp(initial, "=") == 0)
		initial = "";
	if (initial != NULL && strcmp(initial, "*") == 0) {
		srv_reply(c, "501 5.7.0 Authentication cancelled");
		return 0;
	}
	if (word_is(args, mech_len, "PLAIN"))
		return auth_plain(c, cfg, initial, id, cap, id_len);
	if (word_is(args, mech_len, "LOGIN"))
		return auth_login(c, cfg, initial, id, cap, id_len);
	srv_reply(c, "504 5.5.4 Unrecognized authentication type");
	return 0;
}
