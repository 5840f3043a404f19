/*
 * guard.c -- see guard.h. Layout of one mapping:
 *   [ header page ][ data pages ... | cap bytes ][ PROT_NONE page ]
 * The header page records the mapping's length for guard_free; the bytes
 * handed out end exactly where the inaccessible page begins.
 */
#define _DEFAULT_SOURCE 1 /* MAP_ANONYMOUS */
#include "guard.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

char *guard_alloc(size_t cap, void **handle)
{
	long ps = sysconf(_SC_PAGESIZE);
	size_t page, data, total;
	unsigned char *base;

	*handle = NULL;
	if (ps <= 0)
		return NULL;
	page = (size_t)ps;
	data = (cap + page - 1) / page * page;
	total = page + data + page;
	base = mmap(NULL, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	            -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	if (mprotect(base + page + data, page, PROT_NONE) != 0) {
		munmap(base, total);
		return NULL;
	}
	memcpy(base, &total, sizeof total);
	*handle = base;
	return (char *)(base + page + data - cap);
}

void guard_free(void *handle)
{
	size_t total;

	if (handle == NULL)
		return;
	memcpy(&total, handle, sizeof total);
	munmap(handle, total);
}
