/*
 * guard.h -- buffers that end on a PROT_NONE page, so that touching
 * buf[cap] (a write past the end, or a read past the end of an input copied
 * there) faults at once instead of passing unnoticed.
 */
#ifndef RCVD_TEST_GUARD_H
#define RCVD_TEST_GUARD_H

#include <stddef.h>

/* cap writable bytes whose end abuts an inaccessible page; cap may be 0
 * (the pointer is then the guard page itself). *handle is for guard_free.
 * Returns NULL when the system refuses the mapping. */
char *guard_alloc(size_t cap, void **handle);
/* Releases a region from guard_alloc; NULL is a no-op. */
void guard_free(void *handle);

#endif
