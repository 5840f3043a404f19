/*
 * fuzz_date.c -- rcvd_date() against the naive reference in date_ref.h,
 * for any (instant, offset, capacity) the input describes, errors included.
 *
 * Input: mode byte, then 8 bytes of instant, 4 bytes of offset, 1 byte of
 * capacity. The mode picks how raw bytes become values: fully raw (mostly
 * RANGE/ZONE errors), inside the representable years, or a few seconds
 * around a boundary (1900, 1970, leap days, 9999) so that the edges get
 * the fuzzer's attention.
 *
 * Oracles: same status; on OK the same 31 characters and the NUL; on
 * NOSPACE (cap < 32) the needed length 31 and an empty buffer; on any
 * error an empty buffer when cap > 0; never a write past cap (the buffer
 * is a heap block of exactly cap bytes).
 */
#include "date_ref.h"
#include "fuzz.h"

#define FIRST (-2208988800LL) /* 1900-01-01T00:00:00Z */
#define LAST 253402300799LL   /* 9999-12-31T23:59:59Z */

static const int64_t edges[] = {
	FIRST, 0, LAST,
	951782400LL,    /* 2000-02-29 */
	-2203891200LL,  /* 1900-03-01 (1900 is not leap) */
	4107542400LL,   /* 2100-03-01 (2100 is not leap) */
	1795819238LL,   /* 2026-11-27 22:40:38 */
	253370764800LL, /* 9999-01-01 */
	-2147483648LL, 2147483647LL, 4294967295LL,
};

static const int offsets[] = {
	0, 1, -1, 60, -60, 330, -330, 345, 825, -570, 1439, -1439, 1440, -1440,
	RCVD_ZONE_UNKNOWN, RCVD_ZONE_UNKNOWN + 1, 32767, -32767,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in;
	unsigned mode;
	uint64_t raw_t;
	int64_t t;
	int off, want, got;
	size_t cap, len = 12345;
	char ref[32];
	char *buf;

	in.p = data;
	in.n = size;
	mode = fuzz_u8(&in);
	raw_t = fuzz_u64(&in, 8);
	off = (int)(int32_t)(uint32_t)fuzz_u64(&in, 4);
	cap = fuzz_u8(&in);

	switch (mode & 3u) {
	case 0: /* raw */
		t = (int64_t)raw_t;
		break;
	case 1: /* anywhere in the years the format can show, +- 2 days */
		t = FIRST - 2 * 86400 +
		    (int64_t)(raw_t % (uint64_t)(LAST - FIRST + 4 * 86400));
		break;
	default: /* around an edge, +- 1.5 days */
		t = edges[(raw_t >> 32) % (sizeof edges / sizeof edges[0])] +
		    (int64_t)((raw_t & 0xffffffu) % 259201u) - 129600;
		break;
	}
	switch ((mode >> 2) & 3u) {
	case 0: /* raw */
		break;
	case 1:
		off = offsets[(unsigned)off % (sizeof offsets / sizeof offsets[0])];
		break;
	default:
		off = (int)((unsigned)off % 2881u) - 1440;
		break;
	}
	/* Mostly enough room; small capacities a quarter of the time. */
	if ((mode & 0x30u) != 0)
		cap = 32 + cap % 8;
	else
		cap %= 34;

	want = ref_date(t, off, ref);
	buf = cap > 0 ? (char *)malloc(cap) : NULL;
	if (cap > 0 && buf == NULL)
		abort();
	if (cap > 0)
		memset(buf, 'x', cap);
	got = rcvd_date(buf, cap, t, off, (mode & 0x40u) ? NULL : &len);
	if (want == RCVD_OK && cap < 32)
		want = RCVD_E_NOSPACE;
	if (got != want) {
		fprintf(stderr, "t=%lld off=%d cap=%zu: want %d got %d\n",
		        (long long)t, off, cap, want, got);
		if (want == RCVD_OK)
			fuzz_dump("reference", ref, strlen(ref));
	}
	FUZZ_CHECK(got == want);
	if (got == RCVD_OK) {
		if (memcmp(buf, ref, 32) != 0) {
			fprintf(stderr, "t=%lld off=%d\n", (long long)t, off);
			fuzz_dump("reference", ref, 32);
			fuzz_dump("librcvd", buf, 32);
		}
		FUZZ_CHECK(memcmp(buf, ref, 32) == 0);
		if ((mode & 0x40u) == 0)
			FUZZ_CHECK(len == 31);
	} else {
		if (cap > 0)
			FUZZ_CHECK(buf[0] == '\0');
		if (got == RCVD_E_NOSPACE && (mode & 0x40u) == 0)
			FUZZ_CHECK(len == 31);
	}
	free(buf);
	return 0;
}
