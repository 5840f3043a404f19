/* hop.c -- setting up struct rcvd_hop before a parse. */
#include <string.h>

#include "internal.h"

void rcvd_hop_init_size(struct rcvd_hop *hop, size_t size)
{
	if (hop == NULL)
		return;
	/* A caller compiled against an older, smaller struct gets only its
	 * own bytes cleared; the size tells rcvd_parse() what it may fill. */
	if (size > sizeof *hop)
		size = sizeof *hop;
	if (size < sizeof hop->size)
		return;
	memset(hop, 0, size);
	hop->size = size;
	hop->offset = 0;
}
