/* test_date.c -- RFC 5322 date-time by arithmetic (src/date.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "internal.h"

static void test_days_from_civil(void **state)
{
	(void)state;
	assert_int_equal(rcvd_i_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(rcvd_i_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(rcvd_i_days_from_civil(1900, 1, 1), -25567);
	assert_int_equal(rcvd_i_days_from_civil(2000, 2, 29), 11016);
	assert_int_equal(rcvd_i_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(rcvd_i_days_from_civil(9999, 12, 31), 2932896);
	assert_int_equal(rcvd_i_days_from_civil(0, 3, 1), -719468);
}

static void test_basic(void **state)
{
	char buf[RCVD_DATE_MAX];
	size_t len = 0;

	(void)state;
	assert_int_equal(rcvd_date(buf, sizeof buf, 0, 0, &len), RCVD_OK);
	assert_string_equal(buf, "Thu, 01 Jan 1970 00:00:00 +0000");
	assert_int_equal(len, 31);
	assert_int_equal(rcvd_date(buf, sizeof buf, 0, RCVD_ZONE_UNKNOWN, &len), RCVD_OK);
	assert_string_equal(buf, "Thu, 01 Jan 1970 00:00:00 -0000");
	assert_int_equal(rcvd_date(buf, sizeof buf, 0, 1440, &len), RCVD_E_ZONE);
	assert_int_equal(rcvd_date(buf, sizeof buf, INT64_MIN, 0, &len), RCVD_E_RANGE);
	assert_int_equal(rcvd_date(buf, sizeof buf, INT64_MAX, 0, &len), RCVD_E_RANGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_days_from_civil),
		cmocka_unit_test(test_basic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
