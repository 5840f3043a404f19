/*
 * bench.h -- what the parts of rcvd-bench share. The bench is not part of
 * the library: it may print, allocate at start-up and use libc freely.
 */
#ifndef RCVD_BENCH_H
#define RCVD_BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* alloc.c: every malloc/calloc/realloc/free/memalign of the process
 * (libc's own included) is counted here. */
extern volatile unsigned long bench_allocs; /* allocating calls */
extern volatile unsigned long bench_frees;

/* floor.c: memcpy behind a call the compiler cannot see through. */
extern void (*volatile bench_floor_copy)(char *dst, const char *src, size_t n);

/* The typical field's inputs, as a server holds them: C strings. */
struct bench_typical {
	const char *helo, *rdns, *addr, *host, *keyword, *id, *rcpt;
	const char *tls_version, *tls_cipher;
	unsigned tls_bits;
	time_t time;
};

/* baseline.c: the typical field the way servers write it today
 * (snprintf + localtime_r + strftime); returns snprintf's length. */
int bench_baseline(char *buf, size_t cap, const struct bench_typical *in);

/* corpus.c: the "field" strings of a JSON-lines file, decoded, one after
 * another in one allocation; NULL on failure (message on stderr). */
struct bench_corpus {
	char *text;       /* all fields, back to back */
	size_t *off;      /* field i is text + off[i], len[i] bytes */
	size_t *len;
	size_t count;
	size_t bytes;     /* sum of len[] */
};
int bench_corpus_load(const char *path, struct bench_corpus *c);

#endif
