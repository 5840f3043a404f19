/*
 * floor.c -- the memcpy floor: the cheapest conceivable way to put the
 * typical field into a buffer is to copy it. The copy lives in its own
 * translation unit, is noinline and is called through a volatile function
 * pointer, and the length comes from a run-time value, so the compiler
 * can neither inline it nor specialise it for a constant size.
 */
#include <string.h>

#include "bench.h"

__attribute__((noinline)) static void floor_copy(char *dst, const char *src,
                                                 size_t n)
{
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void (*volatile bench_floor_copy)(char *, const char *, size_t) = floor_copy;
