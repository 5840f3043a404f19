/* test_ctype.c -- the byte-class table (src/ctype.c) against the class
 * definitions, written out here as plain ranges and lists. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "internal.h"

static int in(const char *set, unsigned c)
{
	return c != 0 && c < 128 && strchr(set, (int)c) != NULL;
}

static unsigned expected(unsigned c)
{
	int alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
	int digit = c >= '0' && c <= '9';
	unsigned e = 0;

	if (alpha)
		e |= RCVD_C_ALPHA;
	if (digit)
		e |= RCVD_C_DIGIT;
	if (digit || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'))
		e |= RCVD_C_HEX;
	/* RFC 5322 3.2.3 atext */
	if (alpha || digit || in("!#$%&'*+-/=?^_`{|}~", c))
		e |= RCVD_C_ATEXT;
	if (c == ' ' || c == '\t')
		e |= RCVD_C_WSP;
	/* RFC 5322 3.2.2 ctext: %d33-39 / %d42-91 / %d93-126 */
	if ((c >= 33 && c <= 39) || (c >= 42 && c <= 91) || (c >= 93 && c <= 126))
		e |= RCVD_C_CTEXT;
	if (alpha || digit || in("-._@+/!#$&*?^{|}~", c))
		e |= RCVD_C_SAFE;
	if (c >= 0x21 && c <= 0x7e)
		e |= RCVD_C_VCHAR;
	return e;
}

static void test_every_byte(void **state)
{
	unsigned c;

	(void)state;
	for (c = 0; c < 256; c++)
		if (rcvd_i_class[c] != expected(c))
			fail_msg("byte 0x%02x: table 0x%02x, expected 0x%02x", c,
			         rcvd_i_class[c], expected(c));
}

/* The bytes DESIGN.md forbids in a one-token text are never SAFE. */
static void test_safe_excludes_delimiters(void **state)
{
	static const char never[] = "()[]<>;\"\\% =,:'`";
	size_t i;

	(void)state;
	for (i = 0; never[i] != '\0'; i++)
		assert_false(rcvd_i_is((unsigned char)never[i], RCVD_C_SAFE));
	for (i = 0; i < 32; i++)
		assert_false(rcvd_i_is((unsigned char)i, RCVD_C_SAFE));
	for (i = 127; i < 256; i++)
		assert_int_equal(rcvd_i_class[i], 0);
}

static void test_lower(void **state)
{
	unsigned c;

	(void)state;
	for (c = 0; c < 256; c++) {
		unsigned want = (c >= 'A' && c <= 'Z') ? c + 32 : c;

		assert_int_equal(rcvd_i_lower((unsigned char)c), want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_byte),
		cmocka_unit_test(test_safe_excludes_delimiters),
		cmocka_unit_test(test_lower),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
