// The public header from C++ (C++11 and C++17, tests/header.cmake): it must
// compile cleanly and link by C names (extern "C").
#include "rcvd.h"

#include <cstdio>
#include <cstring>

int main()
{
	struct rcvd_info info;
	rcvd_info_init(&info);
	struct rcvd_hop hop;
	rcvd_hop_init(&hop);
	const char *kw = rcvd_keyword(RCVD_LHLO, RCVD_TLS | RCVD_AUTH | RCVD_UTF8);
	rcvd_span sp = rcvd_span_cstr("x");
	if (kw == nullptr || std::strcmp(kw, "UTF8LMTPSA") != 0 || sp.len != 1 ||
	    info.rcpt_count != 1 || std::strcmp(rcvd_version(), RCVD_VERSION_STRING) != 0) {
		std::fprintf(stderr, "header C++ check failed\n");
		return 1;
	}
	return 0;
}
