/*
 * test_iter.c -- rcvd_iter_init()/rcvd_iter_next(): the Received fields of
 * a header block or a whole message, top first, folds kept, the final line
 * break left out, other fields (and their continuation lines) skipped, the
 * walk ending at the first empty line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rcvd.h"

struct iter_case {
	const char *text;
	const char *want[4]; /* the fields, NULL-terminated */
};

static const struct iter_case cases[] = {
	{"", {NULL}},
	{"Subject: hi\n\nReceived: from body by body; x\n", {NULL}},
	{"Received: from a by b; 1 Jan 2020 00:00 +0000", {"Received: from a by b; 1 Jan 2020 00:00 +0000", NULL}},
	{"Received: from a\n\tby b; x\nReceived: from c by d; y\n",
	 {"Received: from a\n\tby b; x", "Received: from c by d; y", NULL}},
	{"Received: from a\r\n by b; x\r\nSubject: s\r\nReceived: second\r\n\r\nReceived: body\r\n",
	 {"Received: from a\r\n by b; x", "Received: second", NULL}},
	/* a continuation line of another field that looks like a Received field */
	{"X-Note: text\n Received: from fake by fake; x\nreceived:lower\n",
	 {"received:lower", NULL}},
	/* name with white space before the colon; names that only start alike */
	{"Received-SPF: pass\nReceivedX: no\nReceived : yes\nRECEIVED:\tcaps\n",
	 {"Received : yes", "RECEIVED:\tcaps", NULL}},
	/* mbox "From " line before the header, no final line break */
	{"From sender@example Sun Nov 29 05:00:38 2026\nReceived: from a by b; z",
	 {"Received: from a by b; z", NULL}},
	/* the header starts with an empty line: no fields */
	{"\nReceived: from a by b; z\n", {NULL}},
	/* a field folded over a white-space-only line stays one field */
	{"Received: from a\n \n by b; z\nReceived: c\n", {"Received: from a\n \n by b; z", "Received: c", NULL}},
};

static void test_cases(void **state)
{
	size_t i, k;
	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct rcvd_iter it;
		struct rcvd_span f;
		const char *t = cases[i].text;
		rcvd_iter_init(&it, t, strlen(t));
		for (k = 0; cases[i].want[k] != NULL; k++) {
			if (rcvd_iter_next(&it, &f) != RCVD_OK)
				fail_msg("case %lu: field %lu missing", (unsigned long)i, (unsigned long)k);
			assert_int_equal(f.len, strlen(cases[i].want[k]));
			assert_memory_equal(f.ptr, cases[i].want[k], f.len);
			assert_true(f.ptr >= t && f.ptr + f.len <= t + strlen(t));
			assert_int_equal(it.index, k + 1);
		}
		if (rcvd_iter_next(&it, &f) != RCVD_E_END)
			fail_msg("case %lu: an extra field %.*s", (unsigned long)i, (int)f.len, f.ptr);
		assert_null(f.ptr);
		assert_int_equal(rcvd_iter_next(&it, &f), RCVD_E_END); /* stays at the end */
	}
}

static void test_args(void **state)
{
	struct rcvd_iter it;
	struct rcvd_span f;
	(void)state;
	rcvd_iter_init(NULL, "x", 1); /* no crash */
	rcvd_iter_init(&it, NULL, 5);
	assert_int_equal(rcvd_iter_next(&it, &f), RCVD_E_END);
	assert_int_equal(rcvd_iter_next(NULL, &f), RCVD_E_ARG);
	assert_int_equal(rcvd_iter_next(&it, NULL), RCVD_E_ARG);
}

/* Every field the iterator yields parses; the hop order is top first. */
static void test_with_parse(void **state)
{
	static const char msg[] =
		"Return-Path: <s@example.org>\r\n"
		"Received: from b.example (b.example [192.0.2.2]) by c.example with ESMTPS id C;\r\n"
		"\tSun, 29 Nov 2026 05:00:40 +0000\r\n"
		"Received: from a.example (a.example [192.0.2.1])\r\n"
		"\tby b.example with ESMTP id B; Sun, 29 Nov 2026 05:00:38 +0000\r\n"
		"Subject: test\r\n"
		"\r\n"
		"body\r\n";
	const char *want_by[] = {"c.example", "b.example"};
	struct rcvd_iter it;
	struct rcvd_span f;
	int64_t epochs[2];
	size_t n = 0;
	(void)state;
	rcvd_iter_init(&it, msg, sizeof msg - 1);
	while (rcvd_iter_next(&it, &f) == RCVD_OK) {
		struct rcvd_hop h;
		rcvd_hop_init(&h);
		assert_true(n < 2);
		assert_int_equal(rcvd_parse(f.ptr, f.len, &h, 0), RCVD_OK);
		assert_true(h.flags & RCVD_H_STRICT);
		assert_int_equal(h.by_name.len, strlen(want_by[n]));
		assert_memory_equal(h.by_name.ptr, want_by[n], h.by_name.len);
		epochs[n] = h.epoch;
		n++;
	}
	assert_int_equal(n, 2);
	assert_int_equal(epochs[0] - epochs[1], 2);
}

/* Random bytes: fields stay inside the text, the walk ends. */
static void test_random(void **state)
{
	static const char pieces[][16] = {"Received:", "received :", "\n", "\r\n", " ", "\t", "x",
	                                  "X-A: b", ":", "\n\n", "\r"};
	uint64_t s = 0x9E3779B97F4A7C15ull;
	size_t i, k;
	(void)state;
	for (i = 0; i < 20000; i++) {
		char buf[256];
		size_t n = 0, count = 0;
		struct rcvd_iter it;
		struct rcvd_span f;
		size_t parts;
		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		parts = (size_t)(s % 24);
		for (k = 0; k < parts; k++) {
			const char *p;
			size_t len;
			s ^= s << 13;
			s ^= s >> 7;
			s ^= s << 17;
			p = pieces[(s >> 8) % (sizeof pieces / sizeof pieces[0])];
			len = strlen(p);
			if (n + len > sizeof buf)
				break;
			memcpy(buf + n, p, len);
			n += len;
		}
		{
			char *copy = malloc(n ? n : 1);
			assert_non_null(copy);
			memcpy(copy, buf, n);
			rcvd_iter_init(&it, copy, n);
			while (rcvd_iter_next(&it, &f) == RCVD_OK) {
				assert_true(f.ptr >= copy && f.ptr + f.len <= copy + n);
				assert_true(f.len >= 9);
				assert_true(++count <= n);
			}
			free(copy);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_args),
		cmocka_unit_test(test_with_parse),
		cmocka_unit_test(test_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
