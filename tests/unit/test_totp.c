/* TOTP against the RFC 6238 appendix B vectors (SHA-1), and replay. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "crypto/totp.h"

static const unsigned char KEY[] = "12345678901234567890";

static void
test_rfc6238_vectors(void **state)
{
	static const struct { uint64_t t; uint32_t code; } v[] = {
		{ 59, 94287082 }, { 1111111109, 7081804 }, { 1111111111, 14050471 },
		{ 1234567890, 89005924 }, { 2000000000, 69279037 },
		{ 20000000000ULL, 65353130 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		assert_int_equal(totp_at(KEY, 20, v[i].t / 30, 8), v[i].code);
}

static void
code_at(uint64_t t, char out[8])
{
	snprintf(out, 8, "%06u", totp_at(KEY, 20, t / 30, 6));
}

static void
test_verify_window_and_replay(void **state)
{
	uint64_t now = 1234567890, last = 0;
	char c[8];

	(void)state;
	code_at(now, c);
	assert_true(totp_verify(KEY, 20, c, now, &last));
	assert_false(totp_verify(KEY, 20, c, now, &last));	/* replayed */
	last = 0;
	code_at(now - 30, c);
	assert_true(totp_verify(KEY, 20, c, now, &last));	/* one step late */
	code_at(now - 90, c);
	assert_false(totp_verify(KEY, 20, c, now, &last));	/* too old */
	code_at(now + 90, c);
	assert_false(totp_verify(KEY, 20, c, now, &last));	/* too early */
}

static void
test_malformed_codes(void **state)
{
	uint64_t last = 0;

	(void)state;
	assert_false(totp_verify(KEY, 20, "", 1234567890, &last));
	assert_false(totp_verify(KEY, 20, "12345", 1234567890, &last));
	assert_false(totp_verify(KEY, 20, "1234567", 1234567890, &last));
	assert_false(totp_verify(KEY, 20, "12a456", 1234567890, &last));
	assert_false(totp_verify(KEY, 20, NULL, 1234567890, &last));
}

static void
test_base32(void **state)
{
	char out[64];

	(void)state;
	totp_base32((const unsigned char *)"foobar", 6, out, sizeof(out));
	assert_string_equal(out, "MZXW6YTBOI");	/* RFC 4648 vector, unpadded */
	totp_base32(KEY, 20, out, sizeof(out));
	assert_string_equal(out, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc6238_vectors),
		cmocka_unit_test(test_verify_window_and_replay),
		cmocka_unit_test(test_malformed_codes),
		cmocka_unit_test(test_base32),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
