/*
 * Check-in codes: length and entropy, check digits that catch every
 * single-digit typo and adjacent swap, what people type, the keyed
 * lookup hash (separate from any other use of the key), link tokens.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <sodium.h>

#include "crypto/checkin_code.h"

#define CANON (CHECKIN_DIGITS + 1)

/* Our own MOD 97-10, written apart from the library's. */
static int
mod97_is_one(const char *d)
{
	unsigned long long r = 0;
	size_t i;

	for (i = 0; d[i] != '\0'; i++)
		r = (r * 10 + (unsigned)(d[i] - '0')) % 97;
	return r == 1;
}

static void
test_new_codes_are_21_digits_and_check(void **state)
{
	char c[CANON];
	int i;
	size_t j;

	(void)state;
	for (i = 0; i < 1000; i++) {
		checkin_code_new(c);
		assert_int_equal(strlen(c), CHECKIN_DIGITS);
		for (j = 0; j < CHECKIN_DIGITS; j++)
			assert_true(c[j] >= '0' && c[j] <= '9');
		assert_true(mod97_is_one(c));
	}
}

/* 19 random decimal digits are at least 60 bits, as the design asks. */
static void
test_entropy_is_at_least_60_bits(void **state)
{
	double bits = CHECKIN_RANDOM_DIGITS * 3.321928;

	(void)state;
	assert_true(bits >= 60.0);
}

static void
test_codes_differ(void **state)
{
	char a[CANON], b[CANON];
	int i;

	(void)state;
	for (i = 0; i < 100; i++) {
		checkin_code_new(a);
		checkin_code_new(b);
		assert_string_not_equal(a, b);
	}
}

static void
test_format_groups_of_three(void **state)
{
	char t[CHECKIN_TEXTLEN + 1];

	(void)state;
	checkin_code_format("123456789012345678901", t);
	assert_string_equal(t, "123-456-789-012-345-678-901");
}

static void
test_every_single_typo_and_swap_is_caught(void **state)
{
	char c[CANON], t[CANON], out[CANON];
	int k, d;
	size_t i;

	(void)state;
	for (k = 0; k < 20; k++) {
		checkin_code_new(c);
		assert_int_equal(checkin_code_parse(c, strlen(c), out), CHECKIN_OK);
		for (i = 0; i < CHECKIN_DIGITS; i++)
			for (d = 0; d < 10; d++) {
				memcpy(t, c, CANON);
				if (t[i] == '0' + d)
					continue;
				t[i] = (char)('0' + d);
				assert_int_equal(checkin_code_parse(t, strlen(t), out),
				    CHECKIN_ECHECK);
			}
		for (i = 0; i + 1 < CHECKIN_DIGITS; i++) {
			memcpy(t, c, CANON);
			if (t[i] == t[i + 1])
				continue;
			t[i] = c[i + 1];
			t[i + 1] = c[i];
			assert_int_equal(checkin_code_parse(t, strlen(t), out),
			    CHECKIN_ECHECK);
		}
	}
}

static void
test_parse_what_people_type(void **state)
{
	char c[CANON], t[CHECKIN_TEXTLEN + 1], in[256], out[CANON];
	size_t i, n = 0;

	(void)state;
	checkin_code_new(c);
	checkin_code_format(c, t);
	assert_int_equal(checkin_code_parse(t, strlen(t), out), CHECKIN_OK);
	assert_string_equal(out, c);
	/* full-width digits with ideographic spaces and long vowel marks */
	for (i = 0; i < CHECKIN_DIGITS; i++) {
		in[n++] = (char)0xef, in[n++] = (char)0xbc;
		in[n++] = (char)(0x90 + (c[i] - '0'));
		if (i % 3 == 2 && i + 1 < CHECKIN_DIGITS) {
			memcpy(in + n, i % 2 ? "\xe3\x80\x80" : "\xe3\x83\xbc", 3);
			n += 3;
		}
	}
	assert_int_equal(checkin_code_parse(in, n, out), CHECKIN_OK);
	assert_string_equal(out, c);
}

static void
test_parse_refuses_wrong_shapes(void **state)
{
	char c[CANON], out[CANON], longer[64];

	(void)state;
	checkin_code_new(c);
	assert_int_equal(checkin_code_parse(c, CHECKIN_DIGITS - 1, out),
	    CHECKIN_EFORMAT);
	assert_string_equal(out, "");
	snprintf(longer, sizeof(longer), "%s0", c);
	assert_int_equal(checkin_code_parse(longer, strlen(longer), out),
	    CHECKIN_EFORMAT);
	assert_int_equal(checkin_code_parse("12a", 3, out), CHECKIN_EFORMAT);
	assert_int_equal(checkin_code_parse("", 0, out), CHECKIN_EFORMAT);
	assert_int_equal(checkin_code_parse(NULL, 0, out), CHECKIN_EFORMAT);
	/* a 28-digit receipt is never taken for a code */
	assert_int_equal(checkin_code_parse("3214282912345698765432161182",
	    28, out), CHECKIN_EFORMAT);
	memset(longer, '1', sizeof(longer));
	assert_int_equal(checkin_code_parse(longer, CHECKIN_INPUT_MAX + 1, out),
	    CHECKIN_EFORMAT);
}

static void
test_lookup_is_keyed(void **state)
{
	unsigned char k1[CHECKIN_KEYBYTES], k2[CHECKIN_KEYBYTES];
	unsigned char h1[CHECKIN_LOOKUPBYTES], h2[CHECKIN_LOOKUPBYTES];
	unsigned char plain[CHECKIN_LOOKUPBYTES];
	char c[CANON];

	(void)state;
	randombytes_buf(k1, sizeof(k1));
	randombytes_buf(k2, sizeof(k2));
	checkin_code_new(c);
	checkin_code_lookup(k1, c, h1);
	checkin_code_lookup(k1, c, h2);
	assert_memory_equal(h1, h2, sizeof(h1));
	checkin_code_lookup(k2, c, h2);
	assert_memory_not_equal(h1, h2, sizeof(h1));
	/* not the plain keyed hash of the digits (which a receipt would be) */
	crypto_generichash(plain, sizeof(plain), (unsigned char *)c, strlen(c),
	    k1, sizeof(k1));
	assert_memory_not_equal(h1, plain, sizeof(h1));
}

static void
test_link_tokens(void **state)
{
	unsigned char k[CHECKIN_KEYBYTES], h1[CHECKIN_LOOKUPBYTES];
	unsigned char h2[CHECKIN_LOOKUPBYTES];
	char t[CHECKIN_LINK_TEXT], u[CHECKIN_LINK_TEXT], c[CANON];

	(void)state;
	randombytes_buf(k, sizeof(k));
	checkin_link_new(t);
	checkin_link_new(u);
	assert_int_equal(strlen(t), CHECKIN_LINK_TEXT - 1);
	assert_string_not_equal(t, u);
	assert_int_equal(checkin_link_lookup(k, t, h1), 0);
	assert_int_equal(checkin_link_lookup(k, u, h2), 0);
	assert_memory_not_equal(h1, h2, sizeof(h1));
	assert_int_equal(checkin_link_lookup(k, "short", h2), -1);
	assert_int_equal(checkin_link_lookup(k, NULL, h2), -1);
	t[3] = '!';
	assert_int_equal(checkin_link_lookup(k, t, h2), -1);
	/* a code and a link never share a hash, even with the same text */
	checkin_code_new(c);
	checkin_code_lookup(k, c, h1);
	assert_memory_not_equal(h1, h2, sizeof(h1));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_codes_are_21_digits_and_check),
		cmocka_unit_test(test_entropy_is_at_least_60_bits),
		cmocka_unit_test(test_codes_differ),
		cmocka_unit_test(test_format_groups_of_three),
		cmocka_unit_test(test_every_single_typo_and_swap_is_caught),
		cmocka_unit_test(test_parse_what_people_type),
		cmocka_unit_test(test_parse_refuses_wrong_shapes),
		cmocka_unit_test(test_lookup_is_keyed),
		cmocka_unit_test(test_link_tokens),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
