/* smtp.c -- the SMTP/LMTP command loop. Every protocol event goes to an
 * rcvd_session first: it decides what is in sequence (503 otherwise), and
 * its state becomes the WITH keyword of the Received field. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server.h"

struct smtp {
	struct srv_config *cfg;
	struct srv_conn conn;
	const struct srv_peer *peer;
	struct rcvd_session s;
	struct srv_txn txn;
	int errors;
	int quit;
};

static unsigned char upper(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') ? (unsigned char)(ch - 32) : ch;
}

/* Case-insensitive prefix test; returns the length matched or 0. */
static size_t prefix(const char *s, const char *p)
{
	size_t i;
	for (i = 0; p[i] != '\0'; i++)
		if (upper((unsigned char)s[i]) != (unsigned char)p[i])
			return 0;
	return i;
}

static int verb_is(const char *line, size_t vlen, const char *verb)
{
	return strlen(verb) == vlen && prefix(line, verb) == vlen;
}

static void bad(struct smtp *m, const char *reply)
{
	srv_reply(&m->conn, "%s", reply);
	if (++m->errors >= SRV_ERRORS_MAX) {
		srv_reply(&m->conn, "421 4.7.0 %s Too many errors, closing", m->cfg->hostname);
		m->quit = 1;
	}
}

static void txn_clear(struct srv_txn *t)
{
	t->sender_len = 0;
	t->sender[0] = '\0';
	t->nrcpt = 0;
}

/* Reads "<path>" at *p (RFC 5321 4.1.2, quoted local parts allowed) into
 * out without the brackets; advances *p past it. 0 on success. */
static int path(const char **p, char *out, size_t *len)
{
	const char *s = *p;
	size_t n = 0;
	int quoted = 0;

	if (*s != '<')
		return -1;
	s++;
	for (;; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '\0' || ch == '\r' || ch == '\n')
			return -1;
		if (!quoted && ch == '>')
			break;
		if (ch == '"')
			quoted = !quoted;
		else if (quoted && ch == '\\' && s[1] != '\0') {
			if (n + 2 > SRV_PATH_MAX)
				return -1;
			out[n++] = (char)ch;
			ch = (unsigned char)*++s;
		}
		if (n + 1 > SRV_PATH_MAX)
			return -1;
		out[n++] = (char)ch;
	}
	out[n] = '\0';
	*len = n;
	*p = s + 1;
	return 0;
}

static int session_ok(struct smtp *m, int st)
{
	if (st == RCVD_OK)
		return 1;
	bad(m, "503 5.5.1 Bad sequence of commands");
	return 0;
}

static void cmd_greeting(struct smtp *m, enum rcvd_greeting g, const char *arg)
{
	const struct srv_config *cfg = m->cfg;
	struct srv_conn *c = &m->conn;
	int esmtp = g != RCVD_HELO;

	if ((g == RCVD_LHLO) != (cfg->lmtp != 0)) {
		bad(m, cfg->lmtp ? "500 5.5.1 This is an LMTP server: use LHLO"
		                 : "500 5.5.1 LHLO is for LMTP; use EHLO");
		return;
	}
	if (*arg == '\0') {
		bad(m, "501 5.5.4 A domain or address literal is required");
		return;
	}
	if (!session_ok(m, rcvd_session_greeting(&m->s, g, arg, strlen(arg))))
		return;
	txn_clear(&m->txn); /* a greeting ends any transaction (5321 4.1.4) */
	if (!esmtp) {
		srv_reply(c, "250 %s", cfg->hostname);
		return;
	}
	srv_reply(c, "250-%s", cfg->hostname);
	srv_reply(c, "250-PIPELINING");
	srv_reply(c, "250-SIZE %zu", cfg->max_size);
	srv_reply(c, "250-8BITMIME");
	srv_reply(c, "250-ENHANCEDSTATUSCODES");
	if (cfg->tls != NULL && c->ssl == NULL)
		srv_reply(c, "250-STARTTLS");
	if (cfg->user != NULL && !(m->s.flags & RCVD_AUTH) &&
	    (c->ssl != NULL || cfg->allow_insecure_auth))
		srv_reply(c, "250-AUTH PLAIN LOGIN");
	srv_reply(c, "250 SMTPUTF8");
}

static void cmd_starttls(struct smtp *m, const char *arg)
{
	struct rcvd_session probe = m->s;
	size_t dropped;

	if (m->cfg->tls == NULL) {
		bad(m, "502 5.5.1 STARTTLS not available");
		return;
	}
	if (*arg != '\0') {
		bad(m, "501 5.5.4 STARTTLS takes no argument");
		return;
	}
	/* Ask the session first: after the handshake it is too late to say 503. */
	if (!session_ok(m, rcvd_session_starttls(&probe)))
		return;
	srv_reply(&m->conn, "220 2.0.0 Ready to start TLS");
	/* Anything pipelined after STARTTLS came in clear text and must not be
	 * read as if it had been sent under TLS (the CVE-2011-0411 class). */
	dropped = srv_drop_input(&m->conn);
	if (dropped > 0)
		fprintf(stderr, "rcvd-server: dropped %zu octets sent after STARTTLS\n", dropped);
	if (srv_tls_accept(&m->conn, m->cfg->tls) != 0) {
		m->quit = 1;
		return;
	}
	m->s = probe;
	txn_clear(&m->txn);
}

static void cmd_auth(struct smtp *m, const char *arg)
{
	struct rcvd_session probe = m->s;
	char id[RCVD_SESSION_ID_MAX + 1];
	size_t id_len = 0;
	int r;

	if (m->cfg->user == NULL) {
		bad(m, "502 5.5.1 AUTH not available");
		return;
	}
	if (m->conn.ssl == NULL && !m->cfg->allow_insecure_auth) {
		bad(m, "538 5.7.11 Encryption required for requested authentication mechanism");
		return;
	}
	if (!session_ok(m, rcvd_session_auth(&probe, "x", 1)))
		return;
	if (*arg == '\0') {
		bad(m, "501 5.5.4 AUTH needs a mechanism");
		return;
	}
	r = srv_auth(&m->conn, m->cfg, arg, id, sizeof id, &id_len);
	if (r < 0)
		m->quit = 1;
	else if (r == 0)
		m->errors++;
	else if (rcvd_session_auth(&m->s, id, id_len) != RCVD_OK)
		m->quit = 1; /* cannot happen: the probe said yes */
}

static void cmd_mail(struct smtp *m, const char *arg)
{
	struct rcvd_session probe = m->s;
	const char *p;
	size_t n;
	int utf8 = 0;
	unsigned long long size = 0;

	/* The sequence comes first: MAIL before a greeting is 503 whatever its
	 * syntax. */
	if (rcvd_session_mail(&probe, 0) != RCVD_OK) {
		bad(m, "503 5.5.1 Bad sequence of commands");
		return;
	}
	n = prefix(arg, "FROM:");
	p = arg + n;
	if (n == 0 || (*p == ' ' && *++p == '\0') || path(&p, m->txn.sender, &m->txn.sender_len) != 0) {
		txn_clear(&m->txn);
		bad(m, "501 5.5.4 Syntax: MAIL FROM:<address>");
		return;
	}
	while (*p == ' ') {
		const char *kw = ++p;
		size_t kl = strcspn(kw, " =");
		const char *val = kw[kl] == '=' ? kw + kl + 1 : NULL;
		size_t vl = val != NULL ? strcspn(val, " ") : 0;
		if (kl == 8 && prefix(kw, "SMTPUTF8") == 8 && val == NULL)
			utf8 = 1;
		else if (kl == 4 && prefix(kw, "BODY") == 4 && val != NULL &&
		         ((vl == 4 && prefix(val, "7BIT") == 4) ||
		          (vl == 8 && prefix(val, "8BITMIME") == 8)))
			;
		else if (kl == 4 && prefix(kw, "SIZE") == 4 && val != NULL && vl > 0 && vl <= 20 &&
		         strspn(val, "0123456789") == vl)
			size = strtoull(val, NULL, 10);
		else if (kl == 4 && prefix(kw, "AUTH") == 4 && val != NULL)
			; /* RFC 4954 5: accepted, and it proves nothing */
		else {
			txn_clear(&m->txn);
			bad(m, "555 5.5.4 Unsupported MAIL parameter");
			return;
		}
		p = val != NULL ? val + vl : kw + kl;
	}
	if (*p != '\0') {
		txn_clear(&m->txn);
		bad(m, "501 5.5.4 Syntax: MAIL FROM:<address> [parameters]");
		return;
	}
	if (size > m->cfg->max_size) {
		txn_clear(&m->txn);
		srv_reply(&m->conn, "552 5.3.4 Message size exceeds fixed limit");
		return;
	}
	if (!session_ok(m, rcvd_session_mail(&m->s, utf8))) {
		txn_clear(&m->txn);
		return;
	}
	m->txn.nrcpt = 0;
	srv_reply(&m->conn, "250 2.1.0 Ok");
}

static void cmd_rcpt(struct smtp *m, const char *arg)
{
	struct srv_txn *t = &m->txn;
	const char *p;
	size_t n;

	if (!(m->s.status & RCVD_S_IN_MAIL)) {
		bad(m, "503 5.5.1 Need MAIL before RCPT");
		return;
	}
	if (t->nrcpt == SRV_RCPT_MAX) {
		srv_reply(&m->conn, "452 4.5.3 Too many recipients");
		return;
	}
	n = prefix(arg, "TO:");
	p = arg + n;
	if (n == 0 || (*p == ' ' && *++p == '\0') ||
	    path(&p, t->rcpt[t->nrcpt], &t->rcpt_len[t->nrcpt]) != 0 ||
	    t->rcpt_len[t->nrcpt] == 0 || *p != '\0') {
		bad(m, "501 5.5.4 Syntax: RCPT TO:<address>");
		return;
	}
	t->nrcpt++;
	srv_reply(&m->conn, "250 2.1.5 Ok");
}

/* Reads the message after 354 into a heap buffer (at most max_size
 * octets kept), dot-unstuffed, with LF line ends as Maildir wants.
 * Returns 1 complete, 2 complete but too big, 0 connection lost. */
static int read_data(struct smtp *m, char **out, size_t *out_len)
{
	char line[SRV_LINE_MAX + 1];
	size_t cap = 0, len = 0, max = m->cfg->max_size;
	char *buf = NULL;
	int bol = 1, big = 0;

	for (;;) {
		size_t n = srv_read_line(&m->conn, line, sizeof line);
		const char *p = line;
		int crlf;
		if (n == 0) {
			free(buf);
			return 0;
		}
		crlf = n >= 2 && line[n - 2] == '\r' && line[n - 1] == '\n';
		/* Only CRLF.CRLF ends the message: a bare LF never starts a line
		 * here, so "LF.CRLF" cannot smuggle a second message. */
		if (bol && n == 3 && crlf && line[0] == '.')
			break;
		if (crlf) {
			n--;
			line[n - 1] = '\n';
		}
		if (bol && line[0] == '.') {
			p++;
			n--;
		}
		bol = crlf;
		if (big || len + n > max) {
			big = 1;
			continue;
		}
		if (len + n > cap) {
			size_t ncap = cap == 0 ? 65536 : cap * 2;
			char *nb;
			while (ncap < len + n)
				ncap *= 2;
			nb = realloc(buf, ncap);
			if (nb == NULL) {
				big = 1;
				continue;
			}
			buf = nb;
			cap = ncap;
		}
		if (n == 0) /* a lone "." with no line end yet: nothing to keep */
			continue;
		memcpy(buf + len, p, n);
		len += n;
	}
	*out = buf;
	*out_len = len;
	return big ? 2 : 1;
}

static void cmd_data(struct smtp *m, const char *arg)
{
	struct srv_txn *t = &m->txn;
	char id[SRV_ID_MAX];
	char *msg = NULL;
	size_t len = 0, i;
	int r;

	if (!(m->s.status & RCVD_S_IN_MAIL)) {
		bad(m, "503 5.5.1 Need MAIL before DATA");
		return;
	}
	if (t->nrcpt == 0) {
		bad(m, "554 5.5.1 No valid recipients");
		return;
	}
	if (*arg != '\0') {
		bad(m, "501 5.5.4 DATA takes no argument");
		return;
	}
	srv_reply(&m->conn, "354 End data with <CR><LF>.<CR><LF>");
	r = read_data(m, &msg, &len);
	if (r == 0) {
		m->quit = 1;
		return;
	}
	srv_queue_id(m->cfg, id);
	if (!m->cfg->lmtp) {
		if (r == 2)
			srv_reply(&m->conn, "552 5.3.4 Message size exceeds fixed limit");
		else if (srv_deliver(m->cfg, &m->conn, &m->s, m->peer, t, 0, t->nrcpt, id, msg, len) != 0)
			srv_reply(&m->conn, "451 4.3.0 Local delivery failed");
		else
			srv_reply(&m->conn, "250 2.0.0 Ok: queued as %s", id);
	} else {
		/* LMTP (RFC 2033 4.2): one reply per accepted recipient, and
		 * each recipient gets its own copy with FOR naming it. */
		for (i = 0; i < t->nrcpt; i++) {
			if (r == 2)
				srv_reply(&m->conn, "552 5.3.4 Message size exceeds fixed limit");
			else if (srv_deliver(m->cfg, &m->conn, &m->s, m->peer, t, i, 1, id, msg, len) != 0)
				srv_reply(&m->conn, "451 4.3.0 Local delivery failed");
			else
				srv_reply(&m->conn, "250 2.0.0 Ok: queued as %s", id);
		}
	}
	free(msg);
	rcvd_session_end(&m->s);
	txn_clear(t);
}

static void command(struct smtp *m, char *line)
{
	size_t vlen = strcspn(line, " ");
	char *arg = line + vlen;

	if (*arg == ' ')
		arg++;
	if (verb_is(line, vlen, "EHLO"))
		cmd_greeting(m, RCVD_EHLO, arg);
	else if (verb_is(line, vlen, "HELO"))
		cmd_greeting(m, RCVD_HELO, arg);
	else if (verb_is(line, vlen, "LHLO"))
		cmd_greeting(m, RCVD_LHLO, arg);
	else if (verb_is(line, vlen, "STARTTLS"))
		cmd_starttls(m, arg);
	else if (verb_is(line, vlen, "AUTH"))
		cmd_auth(m, arg);
	else if (verb_is(line, vlen, "MAIL"))
		cmd_mail(m, arg);
	else if (verb_is(line, vlen, "RCPT"))
		cmd_rcpt(m, arg);
	else if (verb_is(line, vlen, "DATA"))
		cmd_data(m, arg);
	else if (verb_is(line, vlen, "RSET")) {
		rcvd_session_rset(&m->s);
		txn_clear(&m->txn);
		srv_reply(&m->conn, "250 2.0.0 Ok");
	} else if (verb_is(line, vlen, "NOOP"))
		srv_reply(&m->conn, "250 2.0.0 Ok");
	else if (verb_is(line, vlen, "QUIT")) {
		srv_reply(&m->conn, "221 2.0.0 %s Bye", m->cfg->hostname);
		m->quit = 1;
	} else if (verb_is(line, vlen, "VRFY") || verb_is(line, vlen, "EXPN") ||
	           verb_is(line, vlen, "HELP") || verb_is(line, vlen, "BDAT"))
		bad(m, "502 5.5.1 Command not implemented");
	else
		bad(m, "500 5.5.2 Command unrecognized");
}

void srv_serve(struct srv_config *cfg, int fd, const struct srv_peer *peer,
               volatile const sig_atomic_t *stop)
{
	/* On the heap: the transaction holds 100 paths of 257 octets. */
	struct smtp *m = calloc(1, sizeof *m);
	char line[SRV_LINE_MAX + 2];

	if (m == NULL) {
		fprintf(stderr, "rcvd-server: out of memory\n");
		close(fd);
		return;
	}
	m->cfg = cfg;
	m->peer = peer;
	m->conn.fd = fd;
	rcvd_session_init(&m->s);
	if ((cfg->implicit_tls && srv_tls_accept(&m->conn, cfg->tls) != 0) ||
	    rcvd_session_connect(&m->s, cfg->implicit_tls) != RCVD_OK) {
		srv_close(&m->conn);
		free(m);
		return;
	}
	srv_reply(&m->conn, "220 %s %s rcvd-server", cfg->hostname, cfg->lmtp ? "LMTP" : "ESMTP");
	while (!m->quit && !m->conn.failed && !*stop) {
		size_t n = srv_read_line(&m->conn, line, sizeof line);
		if (n == 0)
			break;
		if (line[n - 1] != '\n') {
			/* Too long: swallow the rest of the line, then refuse it. */
			while (n > 0 && line[n - 1] != '\n')
				n = srv_read_line(&m->conn, line, sizeof line);
			bad(m, "500 5.5.2 Line too long");
			continue;
		}
		line[--n] = '\0';
		if (n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
		if (n + 2 > SRV_LINE_MAX) {
			bad(m, "500 5.5.2 Line too long");
			continue;
		}
		if (memchr(line, '\0', n) != NULL) {
			bad(m, "500 5.5.2 NUL in command");
			continue;
		}
		command(m, line);
	}
	rcvd_session_init(&m->s);
	srv_close(&m->conn);
	free(m);
}
