/* The public header alone, as strict C99 with every warning an error
 * (tests/header.cmake): a user's strict build must not trip on it. */
#include "rcvd.h"

int rcvd_header_c99_check(void);

int rcvd_header_c99_check(void)
{
	struct rcvd_span sp = rcvd_span_cstr("x");
	struct rcvd_info info;
	struct rcvd_hop hop;

	rcvd_info_init(&info);
	rcvd_hop_init(&hop);
	return (int)sp.len + (int)(info.size != 0) + (int)(hop.size != 0);
}
