/*
 * rcvd-milter -- an example mail filter (libmilter) that inserts a
 * Received field composed by librcvd at the top of each message.
 *
 *   rcvd-milter -p SOCKETSPEC [-t EPOCH]
 *
 *   -p  where to listen, e.g. unix:/run/rcvd-milter.sock or inet:8891@127.0.0.1
 *   -t  compose every field with this fixed time (seconds since the epoch,
 *       zone +0000) instead of the clock; only for reproducible tests
 *
 * Everything comes from the MTA's macros:
 *   j or {j}           this host's name (BY); {if_addr} when j is missing
 *   {client_addr}      the client's address (else the connect callback's)
 *   {client_name}      the client's verified reverse-DNS name; Postfix and
 *                      Sendmail say "unknown" or "[addr]" when there is none.
 *                      {client_ptr} (the unverified PTR name) is used only
 *                      when {client_resolve} says OK.
 *   {tls_version} {cipher} {cipher_bits}   the TLS comment and tls clause
 *   {auth_type} {auth_authen}              AUTH and the identity
 *   i                  the queue id
 *   r                  the protocol; decoded with rcvd_keyword_decode()
 * plus the HELO argument, the envelope sender, the recipients and the MAIL
 * parameters, which the MTA hands to the callbacks.
 *
 * Postfix sends no r, and Sendmail only when configured to. Without it the
 * keyword is worked out from evidence: TLS when {tls_version} is set, AUTH
 * when {auth_type} is set, UTF8 when MAIL carried SMTPUTF8. A milter is not
 * told whether the client said HELO or EHLO, so the filter assumes EHLO
 * when there is any ESMTP evidence (TLS, AUTH, or any MAIL parameter) and
 * HELO (keyword SMTP) otherwise: it never claims more than it can show.
 * When r is present and decodes, its greeting wins and the evidence only
 * adds flags (an MTA whose r says "ESMTP" after STARTTLS still gets "S").
 *
 * The field is inserted with smfi_insheader(ctx, 0, "Received", value),
 * using librcvd's value-only output with LF line breaks, as libmilter wants.
 * All state lives in per-connection private data (smfi_setpriv).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <libmilter/mfapi.h>

#include "rcvd.h"

#define COPY_MAX 512

struct text {
	size_t len;
	char s[COPY_MAX + 1];
};

struct conn_state {
	struct text helo;
	struct text sender;
	struct text rcpt;      /* the first recipient */
	size_t rcpt_count;
	int have_helo;
	int mail_params;       /* MAIL carried ESMTP parameters */
	int smtputf8;
	char addr[INET6_ADDRSTRLEN]; /* from the connect callback */
};

/* The fixed time from -t: configuration, set before smfi_main() starts the
 * worker threads and only read afterwards (libmilter offers no other way
 * to hand configuration to the callbacks). */
static long long fixed_time = -1;

static void text_set(struct text *t, const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;
	if (n > COPY_MAX)
		n = COPY_MAX; /* the composer budgets client text anyway */
	if (n > 0)
		memcpy(t->s, s, n);
	t->s[n] = '\0';
	t->len = n;
}

static struct rcvd_span text_span(const struct text *t)
{
	struct rcvd_span sp;
	sp.ptr = t->len > 0 ? t->s : NULL;
	sp.len = t->len;
	return sp;
}

/* libmilter's API takes char *; keep our literals const. */
static const char *macro(SMFICTX *ctx, const char *name)
{
	char buf[64];
	const char *v;
	size_t n = strlen(name);

	if (n >= sizeof buf)
		return NULL;
	memcpy(buf, name, n + 1);
	v = smfi_getsymval(ctx, buf);
	return (v != NULL && *v != '\0') ? v : NULL;
}

/* An octet with ASCII upper case folded to lower case, as an int (no
 * narrowing back to char, whose signedness is the implementation's). */
static int fold(char c)
{
	unsigned char u = (unsigned char)c;
	return (u >= 'A' && u <= 'Z') ? u + ('a' - 'A') : u;
}

static int same_word(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++) {
		if (fold(*a) != fold(*b))
			return 0;
	}
	return *a == *b;
}

static struct conn_state *state(SMFICTX *ctx)
{
	return (struct conn_state *)smfi_getpriv(ctx);
}

static sfsistat on_connect(SMFICTX *ctx, char *hostname, struct sockaddr *sa)
{
	struct conn_state *st = calloc(1, sizeof *st);

	(void)hostname; /* {client_name} says the same, with its status */
	if (st == NULL || smfi_setpriv(ctx, st) != MI_SUCCESS) {
		free(st);
		return SMFIS_TEMPFAIL;
	}
	if (sa != NULL && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
		          st->addr, sizeof st->addr);
	else if (sa != NULL && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		          st->addr, sizeof st->addr);
	return SMFIS_CONTINUE;
}

static sfsistat on_helo(SMFICTX *ctx, char *arg)
{
	struct conn_state *st = state(ctx);
	if (st != NULL) {
		text_set(&st->helo, arg);
		st->have_helo = 1;
	}
	return SMFIS_CONTINUE;
}

static sfsistat on_envfrom(SMFICTX *ctx, char **argv)
{
	struct conn_state *st = state(ctx);
	size_t i;

	if (st == NULL)
		return SMFIS_CONTINUE;
	text_set(&st->sender, argv[0]);
	text_set(&st->rcpt, NULL);
	st->rcpt_count = 0;
	st->mail_params = argv[0] != NULL && argv[1] != NULL;
	st->smtputf8 = 0;
	for (i = 1; argv[0] != NULL && argv[i] != NULL; i++)
		if (same_word(argv[i], "SMTPUTF8"))
			st->smtputf8 = 1;
	return SMFIS_CONTINUE;
}

static sfsistat on_envrcpt(SMFICTX *ctx, char **argv)
{
	struct conn_state *st = state(ctx);
	if (st != NULL) {
		if (st->rcpt_count == 0)
			text_set(&st->rcpt, argv[0]);
		st->rcpt_count++;
	}
	return SMFIS_CONTINUE;
}

static sfsistat on_header(SMFICTX *ctx, char *name, char *value)
{
	(void)ctx;
	(void)name;
	(void)value;
	return SMFIS_CONTINUE;
}

static sfsistat on_body(SMFICTX *ctx, unsigned char *chunk, size_t len)
{
	(void)ctx;
	(void)chunk;
	(void)len;
	/* Nothing to learn from the body (SMFIS_SKIP would need SMFIP_SKIP
	 * negotiated). */
	return SMFIS_CONTINUE;
}

static sfsistat on_nothing(SMFICTX *ctx)
{
	(void)ctx;
	return SMFIS_CONTINUE;
}

static sfsistat on_unknown(SMFICTX *ctx, const char *cmd)
{
	(void)ctx;
	(void)cmd;
	return SMFIS_CONTINUE;
}

/* The session state: r when it decodes, else evidence; see the top. */
static void session_state(SMFICTX *ctx, const struct conn_state *st,
                          enum rcvd_greeting *greeting, unsigned *flags)
{
	const char *r = macro(ctx, "r");
	enum rcvd_greeting g = RCVD_GREETING_NONE;
	unsigned f = 0;

	if (macro(ctx, "{tls_version}") != NULL)
		f |= RCVD_TLS;
	if (macro(ctx, "{auth_type}") != NULL)
		f |= RCVD_AUTH;
	if (st->smtputf8)
		f |= RCVD_UTF8;
	if (r != NULL) {
		unsigned rf = 0;
		if (rcvd_keyword_decode(r, strlen(r), &g, &rf) == RCVD_OK)
			f |= rf & (RCVD_TLS | RCVD_AUTH | RCVD_UTF8);
		else
			g = RCVD_GREETING_NONE;
	}
	if (g == RCVD_GREETING_NONE)
		g = (f != 0 || st->mail_params) ? RCVD_EHLO : RCVD_HELO;
	if (g == RCVD_HELO)
		f = 0; /* no ESMTP extension after HELO; the keyword is SMTP */
	*greeting = g;
	*flags = f;
}

static sfsistat on_eom(SMFICTX *ctx)
{
	struct conn_state *st = state(ctx);
	struct rcvd_info info;
	char field[RCVD_FIELD_MAX];
	char host[300];
	char name[] = "Received";
	const char *j, *rdns, *addr, *bits, *id;
	size_t needed = 0;
	int rc;

	if (st == NULL)
		return SMFIS_CONTINUE;
	rcvd_info_init(&info);
	session_state(ctx, st, &info.greeting, &info.flags);

	j = macro(ctx, "j");
	if (j == NULL)
		j = macro(ctx, "{j}");
	if (j == NULL && macro(ctx, "{if_addr}") != NULL) {
		snprintf(host, sizeof host, "[%s]", macro(ctx, "{if_addr}"));
		j = host;
	}
	info.host = rcvd_span_cstr(j);

	rdns = macro(ctx, "{client_name}");
	if (rdns != NULL && (rdns[0] == '[' || same_word(rdns, "unknown")))
		rdns = NULL;
	if (rdns == NULL && macro(ctx, "{client_resolve}") != NULL &&
	    same_word(macro(ctx, "{client_resolve}"), "OK"))
		rdns = macro(ctx, "{client_ptr}");
	info.rdns = rcvd_span_cstr(rdns);

	addr = macro(ctx, "{client_addr}");
	info.addr = rcvd_span_cstr(addr != NULL ? addr : (st->addr[0] ? st->addr : NULL));

	info.helo = text_span(&st->helo);
	info.sender = text_span(&st->sender);
	info.rcpt = text_span(&st->rcpt);
	info.rcpt_count = st->rcpt_count;
	info.identity = rcvd_span_cstr(macro(ctx, "{auth_authen}"));
	info.tls_version = rcvd_span_cstr(macro(ctx, "{tls_version}"));
	info.tls_cipher = rcvd_span_cstr(macro(ctx, "{cipher}"));
	bits = macro(ctx, "{cipher_bits}");
	if (bits != NULL && strspn(bits, "0123456789") == strlen(bits) && strlen(bits) <= 5)
		info.tls_bits = (unsigned)strtoul(bits, NULL, 10);
	id = macro(ctx, "i");
	info.id = rcvd_span_cstr(id);
	info.options = RCVD_O_VALUE_ONLY | RCVD_O_SHOW_AUTH;
	if (fixed_time >= 0) {
		info.time = fixed_time;
		info.offset = 0;
	} else if (rcvd_info_set_now(&info) != RCVD_OK) {
		fprintf(stderr, "rcvd-milter: cannot read the clock\n");
		return SMFIS_CONTINUE;
	}

	rc = rcvd_format(field, sizeof field, &info, &needed, NULL);
	if (rc == RCVD_E_ADDRESS) {
		/* Not an IP address (an MTA says "unspec" or a local path for
		 * local submission): the field is still worth having without. */
		info.addr = rcvd_span_cstr(NULL);
		rc = rcvd_format(field, sizeof field, &info, &needed, NULL);
	}
	if (rc != RCVD_OK) {
		/* A missing header is better than a wrong one; let mail flow. */
		fprintf(stderr, "rcvd-milter: %s: no Received field: %s\n",
		        id != NULL ? id : "-", rcvd_strerror(rc));
		return SMFIS_CONTINUE;
	}
	if (smfi_insheader(ctx, 0, name, field) != MI_SUCCESS)
		fprintf(stderr, "rcvd-milter: %s: smfi_insheader failed\n", id != NULL ? id : "-");
	return SMFIS_CONTINUE;
}

static sfsistat on_abort(SMFICTX *ctx)
{
	struct conn_state *st = state(ctx);
	if (st != NULL) {
		text_set(&st->sender, NULL);
		text_set(&st->rcpt, NULL);
		st->rcpt_count = 0;
		st->mail_params = 0;
		st->smtputf8 = 0;
	}
	return SMFIS_CONTINUE;
}

static sfsistat on_close(SMFICTX *ctx)
{
	free(state(ctx));
	smfi_setpriv(ctx, NULL);
	return SMFIS_CONTINUE;
}

static int usage(void)
{
	fprintf(stderr, "usage: rcvd-milter -p SOCKETSPEC [-t EPOCH]\n");
	return 2;
}

int main(int argc, char **argv)
{
	char filter_name[] = "rcvd-milter";
	struct smfiDesc desc;
	char *spec = NULL;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-p") == 0 && i + 1 < argc)
			spec = argv[++i];
		else if (strcmp(argv[i], "-t") == 0 && i + 1 < argc) {
			char *end;
			fixed_time = strtoll(argv[++i], &end, 10);
			if (*end != '\0' || fixed_time < 0)
				return usage();
		} else
			return usage();
	}
	if (spec == NULL)
		return usage();

	memset(&desc, 0, sizeof desc);
	desc.xxfi_name = filter_name;
	desc.xxfi_version = SMFI_VERSION;
	desc.xxfi_flags = SMFIF_ADDHDRS;
	desc.xxfi_connect = on_connect;
	desc.xxfi_helo = on_helo;
	desc.xxfi_envfrom = on_envfrom;
	desc.xxfi_envrcpt = on_envrcpt;
	desc.xxfi_header = on_header;
	desc.xxfi_eoh = on_nothing;
	desc.xxfi_body = on_body;
	desc.xxfi_eom = on_eom;
	desc.xxfi_abort = on_abort;
	desc.xxfi_close = on_close;
	desc.xxfi_unknown = on_unknown;
	desc.xxfi_data = on_nothing;

	if (smfi_setconn(spec) != MI_SUCCESS || smfi_register(desc) != MI_SUCCESS) {
		fprintf(stderr, "rcvd-milter: cannot set up %s\n", spec);
		return 1;
	}
	/* 1: remove a stale unix socket left by an earlier run. */
	if (smfi_opensocket(1) != MI_SUCCESS) {
		fprintf(stderr, "rcvd-milter: cannot open %s\n", spec);
		return 1;
	}
	return smfi_main() == MI_SUCCESS ? 0 : 1;
}
