/* status.c -- version and status texts. */
#include "internal.h"

const char *rcvd_version(void)
{
	return RCVD_VERSION_STRING;
}

const char *rcvd_strerror(int status)
{
	switch (status) {
	case RCVD_OK: return "success";
	case RCVD_E_NOSPACE: return "output buffer too small";
	case RCVD_E_ARG: return "invalid argument";
	case RCVD_E_KEYWORD: return "unknown WITH keyword";
	case RCVD_E_NOGREETING: return "no greeting (HELO/EHLO/LHLO) in force";
	case RCVD_E_SEQUENCE: return "session event out of sequence";
	case RCVD_E_RANGE: return "date outside the years 1900 to 9999";
	case RCVD_E_ZONE: return "UTC offset outside -23:59 to +23:59";
	case RCVD_E_HOST: return "host name is not a valid domain or address literal";
	case RCVD_E_ADDRESS: return "not a valid IPv4 or IPv6 address";
	case RCVD_E_ID: return "queue id is not a valid atom or msg-id";
	case RCVD_E_SYSTEM: return "the system could not tell the local time zone";
	case RCVD_E_SYNTAX: return "not a Received field";
	case RCVD_E_END: return "no further Received field";
	default: return "unknown status";
	}
}
