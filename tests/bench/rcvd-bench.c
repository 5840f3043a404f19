/*
 * rcvd-bench -- how much librcvd costs, next to what servers do today.
 *
 *   rcvd-bench [--only NAME] [--iterations N] [--json] [--corpus PATH]
 *
 * Without --iterations every operation is warmed up, calibrated to runs of
 * at least 0.2 s, run 5 times (the runs go round the operations, so that
 * load from elsewhere falls on all of them alike), and reported as the
 * median ns/op. With
 * --iterations N the operation(s) run exactly N times, once, with no
 * warm-up: differencing two values of N under valgrind --tool=callgrind
 * gives instructions per operation with every fixed cost cancelled.
 *
 * Heap allocations of the whole process are counted (alloc.c) across the
 * measured runs, after the warm-up; any allocation inside a librcvd
 * operation makes the exit status 1. The baseline is exempt (it is libc).
 * Wrong output from any operation at set-up makes the exit status 2.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "rcvd.h"

#ifndef RCVD_BENCH_CORPUS
#define RCVD_BENCH_CORPUS "tests/corpus/received-realworld.jsonl"
#endif

#define RUNS 5
#define RUN_SECONDS 0.2
#define BLOCK_HOPS 20
#define T_TYPICAL ((int64_t)1795929638) /* 2026-11-29T05:20:38Z */

struct ctx {
	/* compose */
	struct rcvd_info typical, hostile;
	struct rcvd_session hostile_session;
	struct bench_typical base;
	char out[RCVD_FIELD_MAX];
	char field[RCVD_FIELD_MAX]; /* the typical field, as composed */
	size_t field_len;
	/* hostile input storage */
	char h_helo[RCVD_SESSION_ARG_MAX], h_rdns[255], h_sender[1024];
	char h_identity[RCVD_SESSION_ID_MAX], h_version[256], h_cipher[256];
	char h_rcpt[254], h_product[256], h_host[256], h_id[128];
	/* parse */
	struct rcvd_hop hop;
	struct bench_corpus corpus;
	char *block;
	size_t block_len;
	/* results the compiler must keep */
	volatile size_t sink;
};

typedef void (*op_fn)(struct ctx *c);

struct op {
	const char *name;
	op_fn fn;
	int library;    /* a librcvd operation: must not allocate */
	size_t bytes;   /* input bytes per op for bytes/s, 0 if none */
	unsigned long batch;     /* calls per timed run */
	double sample[RUNS];     /* ns/op of each run */
	unsigned long allocs;    /* over all timed runs */
	double ns;               /* results */
	double allocs_per_op;
	int selected, done;
};

/* ---- operations ---- */

static void op_keyword(struct ctx *c)
{
	const char *k = rcvd_keyword(RCVD_EHLO, RCVD_TLS | RCVD_AUTH);

	c->sink += (size_t)k[0];
}

static void op_decode(struct ctx *c)
{
	enum rcvd_greeting g;
	unsigned f;

	c->sink += (size_t)rcvd_keyword_decode("ESMTPSA", 7, &g, &f) + f;
}

static void op_session(struct ctx *c)
{
	struct rcvd_session s;
	const char *k = NULL;
	int r = 0;

	rcvd_session_init(&s);
	r |= rcvd_session_connect(&s, 0);
	r |= rcvd_session_greeting(&s, RCVD_EHLO, "mail.example.org", 16);
	r |= rcvd_session_starttls(&s);
	r |= rcvd_session_greeting(&s, RCVD_EHLO, "mail.example.org", 16);
	r |= rcvd_session_auth(&s, "alice@example.org", 17);
	r |= rcvd_session_mail(&s, 0);
	r |= rcvd_session_end(&s);
	r |= rcvd_session_keyword(&s, &k);
	c->sink += (size_t)r + (size_t)k[0];
}

static void op_date(struct ctx *c)
{
	size_t n;

	c->sink += (size_t)rcvd_date(c->out, sizeof c->out, T_TYPICAL, 0, &n) + n;
}

/* The zone lookup a server makes per message (rcvd_info_set_now): libc's
 * localtime_r, which allocates once on its first call (exempt, done at
 * set-up by tzset) and never after. */
static void op_local_offset(struct ctx *c)
{
	int off = 0;

	c->sink += (size_t)rcvd_local_offset(T_TYPICAL, &off) + (size_t)off;
}

static void op_compose_typical(struct ctx *c)
{
	size_t n;

	c->sink += (size_t)rcvd_format(c->out, sizeof c->out, &c->typical, &n,
	                               NULL) + n;
}

static void op_compose_hostile(struct ctx *c)
{
	struct rcvd_report rep;
	size_t n;

	c->sink += (size_t)rcvd_format(c->out, sizeof c->out, &c->hostile, &n,
	                               &rep) + n + rep.encoded;
}

static void op_baseline_typical(struct ctx *c)
{
	c->sink += (size_t)bench_baseline(c->out, sizeof c->out, &c->base);
}

static void op_memcpy_floor(struct ctx *c)
{
	bench_floor_copy(c->out, c->field, c->field_len);
	c->sink += (size_t)c->out[0];
}

static void op_parse_typical(struct ctx *c)
{
	rcvd_hop_init(&c->hop);
	c->sink += (size_t)rcvd_parse(c->field, c->field_len, &c->hop, 0) +
	           c->hop.flags;
}

static void op_parse_corpus(struct ctx *c)
{
	const struct bench_corpus *k = &c->corpus;
	size_t i, s = 0;

	for (i = 0; i < k->count; i++) {
		rcvd_hop_init(&c->hop);
		s += (size_t)rcvd_parse(k->text + k->off[i], k->len[i], &c->hop, 0) +
		     c->hop.flags;
	}
	c->sink += s;
}

static void op_iterate_block(struct ctx *c)
{
	struct rcvd_iter it;
	struct rcvd_span f;
	size_t s = 0;

	rcvd_iter_init(&it, c->block, c->block_len);
	while (rcvd_iter_next(&it, &f) == RCVD_OK) {
		rcvd_hop_init(&c->hop);
		s += (size_t)rcvd_parse(f.ptr, f.len, &c->hop, 0) + c->hop.flags;
	}
	c->sink += s;
}

/* The harness alone (loop and indirect call), to subtract from counts. */
static void op_empty(struct ctx *c)
{
	c->sink++;
}

static struct op ops[] = {
	{"keyword", op_keyword, 1, 0, 0, {0}, 0, 0, 0, 0, 0},
	{"decode", op_decode, 1, 0, 0, {0}, 0, 0, 0, 0, 0},
	{"session", op_session, 1, 0, 0, {0}, 0, 0, 0, 0, 0},
	{"date", op_date, 1, 0, 0, {0}, 0, 0, 0, 0, 0},
	{"local_offset", op_local_offset, 1, 0, 0, {0}, 0, 0, 0, 0, 0},
	{"compose_typical", op_compose_typical, 1, 0, 0, {0}, 0, 0, 0, 0, 0},
	{"compose_hostile", op_compose_hostile, 1, 0, 0, {0}, 0, 0, 0, 0, 0},
	{"baseline_typical", op_baseline_typical, 0, 0, 0, {0}, 0, 0, 0, 0, 0},
	{"memcpy_floor", op_memcpy_floor, 0, 0, 0, {0}, 0, 0, 0, 0, 0},
	{"parse_typical", op_parse_typical, 1, 0, 0, {0}, 0, 0, 0, 0, 0},
	{"parse_corpus", op_parse_corpus, 1, 0, 0, {0}, 0, 0, 0, 0, 0},
	{"iterate_block", op_iterate_block, 1, 0, 0, {0}, 0, 0, 0, 0, 0},
	/* only with --only empty: the harness overhead per op */
	{"empty", op_empty, 0, 0, 0, {0}, 0, 0, 0, 0, 0},
};
#define NOPS (sizeof ops / sizeof ops[0])
#define NDEFAULT (NOPS - 1)

/* ---- set-up ---- */

static struct rcvd_span sp(const char *s, size_t n)
{
	struct rcvd_span r;

	r.ptr = s;
	r.len = n;
	return r;
}

/* Fills buf with a repeating pattern of bytes every one of which the
 * encoder must turn into %XX or judge as UTF-8: controls, delimiters,
 * white space, '%', invalid and hidden UTF-8, and the reader words. */
static void hostile_fill(char *buf, size_t n)
{
	static const char pat[] =
		"\x01(\\)%; \t\r\n\"<>@[]\xff\xfe\xc0\xaf\xe2\x80\xae"
		"\xc2\xa0\xef\xbb\xbf\x7f"
		"authenticated by ";
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = pat[i % (sizeof pat - 1)];
}

static void setup_typical(struct ctx *c)
{
	struct rcvd_info *in = &c->typical;

	rcvd_info_init(in);
	in->greeting = RCVD_EHLO;
	in->flags = RCVD_TLS | RCVD_AUTH;
	in->helo = rcvd_span_cstr("mail.example.org");
	in->rdns = rcvd_span_cstr("mail.example.org");
	in->addr = rcvd_span_cstr("192.0.2.1");
	in->host = rcvd_span_cstr("mx.example.net");
	in->id = rcvd_span_cstr("4Nq7xT2kLmz9");
	in->rcpt = rcvd_span_cstr("<bob@example.net>");
	in->tls_version = rcvd_span_cstr("TLSv1.3");
	in->tls_cipher = rcvd_span_cstr("TLS_AES_256_GCM_SHA384");
	in->tls_bits = 256;
	in->time = T_TYPICAL;
	in->offset = 0;

	c->base.helo = "mail.example.org";
	c->base.rdns = "mail.example.org";
	c->base.addr = "192.0.2.1";
	c->base.host = "mx.example.net";
	c->base.keyword = "ESMTPSA";
	c->base.id = "4Nq7xT2kLmz9";
	c->base.rcpt = "bob@example.net";
	c->base.tls_version = "TLSv1.3";
	c->base.tls_cipher = "TLS_AES_256_GCM_SHA384";
	c->base.tls_bits = 256;
	c->base.time = (time_t)T_TYPICAL;
}

/* The worst case: every untrusted item at or past its maximum and made
 * of bytes that need encoding, the longest trusted host and id, the
 * identity shown, CRLF, SMTPUTF8 (so UTF-8 is judged, not just escaped). */
static void setup_hostile(struct ctx *c)
{
	struct rcvd_info *in = &c->hostile;
	struct rcvd_session *s = &c->hostile_session;
	size_t i;

	hostile_fill(c->h_helo, sizeof c->h_helo);
	hostile_fill(c->h_sender, sizeof c->h_sender);
	hostile_fill(c->h_identity, sizeof c->h_identity);
	hostile_fill(c->h_version, sizeof c->h_version);
	hostile_fill(c->h_cipher, sizeof c->h_cipher);
	hostile_fill(c->h_product, sizeof c->h_product);
	/* names that fail their check only at the last byte */
	for (i = 0; i < sizeof c->h_rdns; i++)
		c->h_rdns[i] = (i % 2) ? '.' : 'a';
	c->h_rdns[sizeof c->h_rdns - 1] = '_';
	memset(c->h_rcpt, 'r', sizeof c->h_rcpt);
	memcpy(c->h_rcpt + 60, "@", 1);
	for (i = 61; i < sizeof c->h_rcpt; i++)
		c->h_rcpt[i] = (i % 2) ? 'x' : '.';
	c->h_rcpt[sizeof c->h_rcpt - 1] = '\x01';
	/* a 253-octet host name: labels of 63 */
	memset(c->h_host, 'h', 253);
	c->h_host[63] = c->h_host[127] = c->h_host[191] = '.';
	c->h_host[253] = '\0';
	/* a 128-octet msg-id */
	memset(c->h_id, 'i', sizeof c->h_id);
	c->h_id[0] = '<';
	c->h_id[60] = '@';
	c->h_id[sizeof c->h_id - 1] = '>';

	rcvd_session_init(s);
	if (rcvd_session_connect(s, 0) != RCVD_OK ||
	    rcvd_session_greeting(s, RCVD_EHLO, c->h_helo, sizeof c->h_helo) ||
	    rcvd_session_starttls(s) ||
	    rcvd_session_greeting(s, RCVD_EHLO, c->h_helo, sizeof c->h_helo) ||
	    rcvd_session_auth(s, c->h_identity, sizeof c->h_identity) ||
	    rcvd_session_mail(s, 1)) {
		fprintf(stderr, "rcvd-bench: hostile session refused\n");
		exit(2);
	}

	rcvd_info_init(in);
	in->session = s;
	in->rdns = sp(c->h_rdns, sizeof c->h_rdns);
	in->addr = rcvd_span_cstr("2001:db8:85a3:1:2:8a2e:370:7334");
	in->host = sp(c->h_host, 253);
	in->product = sp(c->h_product, sizeof c->h_product);
	in->id = sp(c->h_id, sizeof c->h_id);
	in->rcpt = sp(c->h_rcpt, sizeof c->h_rcpt);
	in->sender = sp(c->h_sender, sizeof c->h_sender);
	in->tls_version = sp(c->h_version, sizeof c->h_version);
	in->tls_cipher = sp(c->h_cipher, sizeof c->h_cipher);
	in->tls_bits = 4294967295u;
	in->time = T_TYPICAL;
	in->offset = -(23 * 60 + 59);
	in->options = RCVD_O_CRLF | RCVD_O_SHOW_AUTH;
}

/* 20 hops as a message header carries them (CRLF, newest first), other
 * fields between and after them, then the body. */
static int setup_block(struct ctx *c)
{
	static const char tail[] =
		"From: Alice <alice@example.org>\r\n"
		"To: Bob <bob@example.net>\r\n"
		"Subject: quarterly figures\r\n"
		"Date: Sun, 29 Nov 2026 05:20:30 +0000\r\n"
		"Message-ID: <20261129052030.4Nq7xT2kLmz9@example.org>\r\n"
		"\r\n"
		"Body text.\r\nReceived: not a header\r\n";
	size_t cap = BLOCK_HOPS * RCVD_FIELD_MAX + sizeof tail, k = 0, n;
	struct rcvd_info in;
	char host[32], id[32];
	int i;

	c->block = malloc(cap);
	if (c->block == NULL)
		return -1;
	for (i = 0; i < BLOCK_HOPS; i++) {
		in = c->typical;
		in.options = RCVD_O_CRLF;
		snprintf(host, sizeof host, "relay%d.example.net", i);
		snprintf(id, sizeof id, "Q%06dX", i * 7919);
		in.host = rcvd_span_cstr(host);
		in.id = rcvd_span_cstr(id);
		in.time = T_TYPICAL - 3 * i;
		if (i % 3 == 1)
			in.flags = 0; /* plain ESMTP, no TLS comment or clause */
		if (rcvd_format(c->block + k, cap - k, &in, &n, NULL) != RCVD_OK)
			return -1;
		k += n;
		if (i == 9) {
			static const char mid[] = "X-Spam-Checked: yes\r\n\tby filter\r\n";

			memcpy(c->block + k, mid, sizeof mid - 1);
			k += sizeof mid - 1;
		}
	}
	memcpy(c->block + k, tail, sizeof tail - 1);
	k += sizeof tail - 1;
	c->block_len = k;
	return 0;
}

/* Every operation gives the right answer before it is timed. */
static int check(struct ctx *c)
{
	char base[RCVD_FIELD_MAX];
	struct rcvd_iter it;
	struct rcvd_span f;
	size_t n, hops = 0;
	int r;

	r = rcvd_format(c->field, sizeof c->field, &c->typical, &c->field_len, NULL);
	if (r != RCVD_OK) {
		fprintf(stderr, "rcvd-bench: typical compose: %s\n", rcvd_strerror(r));
		return -1;
	}
	if (bench_baseline(base, sizeof base, &c->base) < 0 ||
	    strcmp(base, c->field) != 0) {
		fprintf(stderr, "rcvd-bench: baseline differs:\n%s---\n%s", base,
		        c->field);
		return -1;
	}
	r = rcvd_format(c->out, sizeof c->out, &c->hostile, &n, NULL);
	if (r != RCVD_OK) {
		fprintf(stderr, "rcvd-bench: hostile compose: %s\n", rcvd_strerror(r));
		return -1;
	}
	rcvd_hop_init(&c->hop);
	if (rcvd_parse(c->field, c->field_len, &c->hop, 0) != RCVD_OK ||
	    !(c->hop.flags & RCVD_H_STRICT)) {
		fprintf(stderr, "rcvd-bench: the typical field does not parse strict\n");
		return -1;
	}
	rcvd_iter_init(&it, c->block, c->block_len);
	while (rcvd_iter_next(&it, &f) == RCVD_OK) {
		rcvd_hop_init(&c->hop);
		if (rcvd_parse(f.ptr, f.len, &c->hop, 0) != RCVD_OK ||
		    !(c->hop.flags & RCVD_H_STRICT)) {
			fprintf(stderr, "rcvd-bench: block hop %zu not strict\n", hops);
			return -1;
		}
		hops++;
	}
	if (hops != BLOCK_HOPS) {
		fprintf(stderr, "rcvd-bench: block has %zu hops, not %d\n", hops,
		        BLOCK_HOPS);
		return -1;
	}
	r = rcvd_date(c->out, sizeof c->out, T_TYPICAL, 0, &n);
	if (r != RCVD_OK || strcmp(c->out, "Sun, 29 Nov 2026 05:20:38 +0000") != 0) {
		fprintf(stderr, "rcvd-bench: date wrong: %s\n", c->out);
		return -1;
	}
	return 0;
}

/* ---- timing ---- */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double run(struct ctx *c, op_fn fn, unsigned long n)
{
	double t0 = now();
	unsigned long i;

	for (i = 0; i < n; i++)
		fn(c);
	return now() - t0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* --iterations: exactly n calls, nothing else. */
static void count_run(struct ctx *c, struct op *o, unsigned long n)
{
	unsigned long a0 = bench_allocs;
	double t = run(c, o->fn, n);

	o->allocs_per_op = (double)(bench_allocs - a0) / (double)n;
	o->ns = t * 1e9 / (double)n;
	o->done = 1;
}

/* Warm-up and calibration: double the batch until it takes 50 ms, then
 * size it for RUN_SECONDS. */
static void calibrate(struct ctx *c, struct op *o)
{
	unsigned long n = 1;
	double t;

	while ((t = run(c, o->fn, n)) < 0.05)
		n *= 2;
	o->batch = (unsigned long)((double)n * RUN_SECONDS / t * 1.05) + 1;
}

/* One timed run of the batch; allocations are summed over the runs. */
static void timed_run(struct ctx *c, struct op *o, int i)
{
	unsigned long a0 = bench_allocs;

	o->sample[i] = run(c, o->fn, o->batch) * 1e9 / (double)o->batch;
	o->allocs += bench_allocs - a0;
}

static void finish(struct op *o)
{
	double ns[RUNS];

	memcpy(ns, o->sample, sizeof ns);
	qsort(ns, RUNS, sizeof ns[0], cmp_double);
	o->ns = ns[RUNS / 2];
	o->allocs_per_op = (double)o->allocs / ((double)o->batch * RUNS);
	o->done = 1;
}

static struct op *find(const char *name)
{
	size_t i;

	for (i = 0; i < NOPS; i++)
		if (strcmp(ops[i].name, name) == 0)
			return &ops[i];
	return NULL;
}

static void ratio(const char *what, const char *a, const char *b, int json)
{
	const struct op *x = find(a), *y = find(b);

	if (x->done && y->done && y->ns > 0) {
		if (json)
			printf("{\"ratio\":\"%s\",\"value\":%.2f}\n", what, x->ns / y->ns);
		else
			printf("ratio %-35s %8.2f\n", what, x->ns / y->ns);
	} else if (json) {
		printf("{\"ratio\":\"%s\",\"value\":null}\n", what);
	} else {
		printf("ratio %-35s      n/a (needs both operations)\n", what);
	}
}

static void usage(void)
{
	size_t i;

	fprintf(stderr, "usage: rcvd-bench [--only NAME] [--iterations N] [--json]"
	                " [--corpus PATH]\noperations:");
	for (i = 0; i < NOPS; i++)
		fprintf(stderr, " %s", ops[i].name);
	fprintf(stderr, "\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static struct ctx c;
	const char *only = NULL, *corpus = RCVD_BENCH_CORPUS;
	unsigned long iterations = 0;
	int json = 0, bad = 0, i;
	size_t k;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
			only = argv[++i];
		} else if (strcmp(argv[i], "--iterations") == 0 && i + 1 < argc) {
			char *end;

			iterations = strtoul(argv[++i], &end, 10);
			if (*end != '\0' || iterations == 0)
				usage();
		} else if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (strcmp(argv[i], "--corpus") == 0 && i + 1 < argc) {
			corpus = argv[++i];
		} else {
			usage();
		}
	}
	if (only != NULL && find(only) == NULL)
		usage();

	/* the baseline's zone: loaded here, before anything is counted */
	setenv("TZ", "UTC", 1);
	tzset();

	setup_typical(&c);
	setup_hostile(&c);
	if (bench_corpus_load(corpus, &c.corpus) != 0 || setup_block(&c) != 0 ||
	    check(&c) != 0)
		return 2;
	find("parse_typical")->bytes = c.field_len;
	find("memcpy_floor")->bytes = c.field_len;
	find("parse_corpus")->bytes = c.corpus.bytes;
	find("iterate_block")->bytes = c.block_len;

	/* proves the counter sees this process's allocations at all */
	if (!json)
		printf("allocations during set-up (counter check): %lu\n",
		       bench_allocs);
	if (!json)
		printf("%-17s %12s %14s %10s %10s\n", "operation", "ns/op", "ops/s",
		       "MB/s", "allocs/op");
	for (k = 0; k < NOPS; k++)
		ops[k].selected = only != NULL ? strcmp(only, ops[k].name) == 0
		                               : k < NDEFAULT;
	if (iterations > 0) {
		for (k = 0; k < NOPS; k++)
			if (ops[k].selected)
				count_run(&c, &ops[k], iterations);
	} else {
		/* Runs go round the operations, so that a change in the machine's
		 * load touches every operation alike and the ratios stay fair. */
		for (k = 0; k < NOPS; k++)
			if (ops[k].selected)
				calibrate(&c, &ops[k]);
		for (i = 0; i < RUNS; i++)
			for (k = 0; k < NOPS; k++)
				if (ops[k].selected)
					timed_run(&c, &ops[k], i);
		for (k = 0; k < NOPS; k++)
			if (ops[k].selected)
				finish(&ops[k]);
	}
	for (k = 0; k < NOPS; k++) {
		struct op *o = &ops[k];

		if (!o->selected)
			continue;
		if (o->library && o->allocs_per_op > 0)
			bad = 1;
		if (json) {
			printf("{\"name\":\"%s\",\"ns_per_op\":%.3f,\"ops_per_s\":%.0f",
			       o->name, o->ns, 1e9 / o->ns);
			if (o->bytes > 0)
				printf(",\"bytes_per_op\":%zu,\"bytes_per_s\":%.0f",
				       o->bytes, (double)o->bytes * 1e9 / o->ns);
			printf(",\"allocs_per_op\":%g}\n", o->allocs_per_op);
		} else {
			printf("%-17s %12.2f %14.0f ", o->name, o->ns, 1e9 / o->ns);
			if (o->bytes > 0)
				printf("%10.1f", (double)o->bytes * 1e3 / o->ns);
			else
				printf("%10s", "-");
			printf(" %10g\n", o->allocs_per_op);
		}
	}
	ratio("baseline_typical/compose_typical", "baseline_typical",
	      "compose_typical", json);
	ratio("compose_typical/memcpy_floor", "compose_typical", "memcpy_floor",
	      json);
	if (!json)
		printf("heap allocations in librcvd operations: %s\n",
		       bad ? "SOME (failure)" : "none");
	return bad;
}
