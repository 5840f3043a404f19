/*
 * fuzz.h -- what the fuzz harnesses share: the libFuzzer entry point, a
 * failing check that names the broken oracle, and a byte reader that turns
 * the fuzzer's input into decisions.
 *
 * A harness is one fuzz_NAME.c defining LLVMFuzzerTestOneInput(). Built
 * with clang -fsanitize=fuzzer it is a libFuzzer target; linked with
 * fuzz_main.c it is a plain program that replays files, which is how ctest
 * and the musl build run it. Harnesses need only libc and librcvd.
 *
 * An oracle failure prints what broke and aborts: libFuzzer records the
 * input as a crash, the replay program dies and ctest reports it.
 */
#ifndef RCVD_FUZZ_H
#define RCVD_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rcvd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Prints (p, n) with every byte that is not printable ASCII escaped, so a
 * failure report can be turned back into a test case. */
static inline void fuzz_dump(const char *label, const void *p, size_t n)
{
	const unsigned char *b = (const unsigned char *)p;
	size_t i;

	fprintf(stderr, "  %s (%zu bytes): \"", label, n);
	if (b == NULL) {
		fputs("<NULL>\"\n", stderr);
		return;
	}
	for (i = 0; i < n; i++) {
		if (b[i] == '\\' || b[i] == '"')
			fprintf(stderr, "\\%c", b[i]);
		else if (b[i] >= 0x20 && b[i] < 0x7f)
			fputc(b[i], stderr);
		else if (b[i] == '\n')
			fputs("\\n", stderr);
		else if (b[i] == '\r')
			fputs("\\r", stderr);
		else if (b[i] == '\t')
			fputs("\\t", stderr);
		else
			fprintf(stderr, "\\x%02x", b[i]);
	}
	fputs("\"\n", stderr);
}

static inline void fuzz_check_at(int ok, const char *what, const char *file,
                                 int line)
{
	if (ok)
		return;
	fprintf(stderr, "%s:%d: oracle failed: %s\n", file, line, what);
	fflush(stderr);
	abort();
}

/* FUZZ_CHECK(cond): the oracle; the failing condition's text is the
 * message. A function-like macro only because it must capture the source
 * text and position. */
#define FUZZ_CHECK(cond) fuzz_check_at((cond) != 0, #cond, __FILE__, __LINE__)

/* Reads decisions off the input front to back; past the end it yields
 * zeros, so every input, however short, is a complete test. */
struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

static inline unsigned fuzz_u8(struct fuzz_in *in)
{
	unsigned v;

	if (in->n == 0)
		return 0;
	v = in->p[0];
	in->p++;
	in->n--;
	return v;
}

static inline uint64_t fuzz_u64(struct fuzz_in *in, unsigned bytes)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < bytes; i++)
		v = (v << 8) | (uint64_t)fuzz_u8(in);
	return v;
}

/* A byte string: one length byte (0xff: absent; 0xf0..0xfe: a second byte
 * follows and the length is ((b - 0xf0) << 8 | b2), up to 3839), then that
 * many bytes, fewer if the input ends first. */
static inline struct rcvd_span fuzz_str(struct fuzz_in *in)
{
	struct rcvd_span s;
	size_t len;
	unsigned b;

	s.ptr = NULL;
	s.len = 0;
	if (in->n == 0)
		return s;
	b = fuzz_u8(in);
	if (b == 0xff)
		return s;
	len = b;
	if (b >= 0xf0)
		len = ((size_t)(b - 0xf0) << 8) | fuzz_u8(in);
	if (len > in->n)
		len = in->n;
	/* A present empty string still needs a non-NULL pointer. */
	s.ptr = (const char *)in->p;
	s.len = len;
	in->p += len;
	in->n -= len;
	return s;
}

static inline int fuzz_span_eq(struct rcvd_span a, const char *p, size_t n)
{
	return a.ptr != NULL && a.len == n && (n == 0 || memcmp(a.ptr, p, n) == 0);
}

/* ASCII-only case folding: the oracles must not depend on the locale. */
static inline int fuzz_ieq(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];

		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x + 32);
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y + 32);
		if (x != y)
			return 0;
	}
	return 1;
}

/* A heap copy of exactly n bytes (at least one allocation byte), so that
 * AddressSanitizer sees any read past the end. */
static inline char *fuzz_dup(const void *p, size_t n)
{
	char *c = (char *)malloc(n > 0 ? n : 1);

	if (c == NULL)
		abort();
	if (n > 0)
		memcpy(c, p, n);
	return c;
}

#endif
