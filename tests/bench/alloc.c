/*
 * alloc.c -- counts heap allocations by interposing the allocator.
 *
 * An executable's own malloc wins over libc's for every caller, libc's
 * internal calls included (glibc supports this replacement), which the
 * linker's --wrap would miss (it only rewrites references in the objects
 * being linked). The real work is passed to glibc's __libc_* entry points.
 */
#include <stddef.h>

#include "bench.h"

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);
extern void __libc_free(void *);

volatile unsigned long bench_allocs;
volatile unsigned long bench_frees;

void *malloc(size_t n);
void *calloc(size_t k, size_t n);
void *realloc(void *p, size_t n);
void free(void *p);
void *memalign(size_t a, size_t n);
void *aligned_alloc(size_t a, size_t n);
int posix_memalign(void **r, size_t a, size_t n);

void *malloc(size_t n)
{
	bench_allocs++;
	return __libc_malloc(n);
}

void *calloc(size_t k, size_t n)
{
	bench_allocs++;
	return __libc_calloc(k, n);
}

void *realloc(void *p, size_t n)
{
	bench_allocs++;
	return __libc_realloc(p, n);
}

void free(void *p)
{
	if (p != NULL)
		bench_frees++;
	__libc_free(p);
}

void *memalign(size_t a, size_t n)
{
	bench_allocs++;
	return __libc_memalign(a, n);
}

void *aligned_alloc(size_t a, size_t n)
{
	bench_allocs++;
	return __libc_memalign(a, n);
}

int posix_memalign(void **r, size_t a, size_t n)
{
	void *p;

	bench_allocs++;
	p = __libc_memalign(a, n);
	if (p == NULL)
		return 12; /* ENOMEM */
	*r = p;
	return 0;
}
