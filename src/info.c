/*
 * info.c -- setting up struct rcvd_info.
 *
 * The caller passes the size of the struct it was compiled with, so that a
 * program built against an older, smaller struct still works when fields
 * are added at the end: only the bytes the caller owns are touched.
 */
#include <stddef.h>
#include <string.h>
#include <time.h>

#include "internal.h"

#define HAS(size, field) \
	((size) >= offsetof(struct rcvd_info, field) + sizeof(((struct rcvd_info *)0)->field))

void rcvd_info_init_size(struct rcvd_info *info, size_t size)
{
	if (info == NULL)
		return;
	/* A caller built against a newer header owns all size bytes. */
	memset(info, 0, size);
	if (HAS(size, size))
		info->size = size;
	if (HAS(size, rcpt_count))
		info->rcpt_count = 1;
	if (HAS(size, offset))
		info->offset = 0;
}

int rcvd_info_set_now(struct rcvd_info *info)
{
	time_t now;
	int64_t t;
	int off;

	if (info == NULL || info->size < sizeof *info)
		return RCVD_E_ARG;
	now = time(NULL);
	if (now == (time_t)-1)
		return RCVD_E_SYSTEM;
	t = (int64_t)now;
	if (rcvd_local_offset(t, &off) != RCVD_OK)
		off = RCVD_ZONE_UNKNOWN;
	info->time = t;
	info->offset = off;
	return RCVD_OK;
}
