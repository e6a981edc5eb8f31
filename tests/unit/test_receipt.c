/* Receipts: entropy, check digits, typing, lookup and the reporter's key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "crypto/receipt.h"

#define FAST_OPS crypto_pwhash_OPSLIMIT_MIN
#define FAST_MEM crypto_pwhash_MEMLIMIT_MIN

static void
test_entropy_is_at_least_80_bits(void **state)
{
	(void)state;
	/* 26 free decimal digits: log2(10^26) = 86.4 bits */
	assert_true(RECEIPT_RANDOM_DIGITS * 3.3219 >= 80.0);
}

static void
test_new_receipts_differ_and_parse(void **state)
{
	char a[RECEIPT_DIGITS + 1], b[RECEIPT_DIGITS + 1], c[RECEIPT_DIGITS + 1];
	int i;

	(void)state;
	for (i = 0; i < 200; i++) {
		receipt_new(a);
		receipt_new(b);
		assert_int_equal(strlen(a), RECEIPT_DIGITS);
		assert_string_not_equal(a, b);
		assert_int_equal(receipt_parse(a, strlen(a), c), RECEIPT_OK);
		assert_string_equal(a, c);
	}
}

static void
test_format_groups_of_four(void **state)
{
	char canon[RECEIPT_DIGITS + 1], text[RECEIPT_TEXTLEN + 1], back[RECEIPT_DIGITS + 1];

	(void)state;
	receipt_new(canon);
	receipt_format(canon, text);
	assert_int_equal(strlen(text), RECEIPT_TEXTLEN);
	assert_int_equal(text[4], '-');
	assert_int_equal(text[29], '-');
	assert_int_equal(receipt_parse(text, strlen(text), back), RECEIPT_OK);
	assert_string_equal(back, canon);
}

static void
test_every_single_digit_typo_is_caught(void **state)
{
	char canon[RECEIPT_DIGITS + 1], typo[RECEIPT_DIGITS + 1], out[RECEIPT_DIGITS + 1];
	int n, i, d;

	(void)state;
	for (n = 0; n < 20; n++) {
		receipt_new(canon);
		for (i = 0; i < RECEIPT_DIGITS; i++)
			for (d = 0; d < 10; d++) {
				if (canon[i] == '0' + d)
					continue;
				memcpy(typo, canon, sizeof(typo));
				typo[i] = (char)('0' + d);
				assert_int_equal(receipt_parse(typo, RECEIPT_DIGITS, out),
				    RECEIPT_ECHECK);
			}
	}
}

static void
test_every_adjacent_swap_is_caught(void **state)
{
	char canon[RECEIPT_DIGITS + 1], typo[RECEIPT_DIGITS + 1], out[RECEIPT_DIGITS + 1];
	int n, i;

	(void)state;
	for (n = 0; n < 50; n++) {
		receipt_new(canon);
		for (i = 0; i + 1 < RECEIPT_DIGITS; i++) {
			if (canon[i] == canon[i + 1])
				continue;
			memcpy(typo, canon, sizeof(typo));
			typo[i] = canon[i + 1];
			typo[i + 1] = canon[i];
			assert_int_equal(receipt_parse(typo, RECEIPT_DIGITS, out),
			    RECEIPT_ECHECK);
		}
	}
}

static void
test_full_width_and_separators(void **state)
{
	char canon[RECEIPT_DIGITS + 1], out[RECEIPT_DIGITS + 1], in[256];
	size_t i, o = 0;

	(void)state;
	receipt_new(canon);
	for (i = 0; i < RECEIPT_DIGITS; i++) {
		if (i > 0 && i % 4 == 0) {
			/* alternate full-width hyphen, ideographic space, long vowel */
			const char *sep = (i / 4) % 3 == 0 ? "\xef\xbc\x8d" :
			    (i / 4) % 3 == 1 ? "\xe3\x80\x80" : "\xe3\x83\xbc";
			memcpy(in + o, sep, 3);
			o += 3;
		}
		in[o++] = (char)0xef;
		in[o++] = (char)0xbc;
		in[o++] = (char)(0x90 + (canon[i] - '0'));
	}
	assert_int_equal(receipt_parse(in, o, out), RECEIPT_OK);
	assert_string_equal(out, canon);
}

static void
test_garbage_is_format_error(void **state)
{
	char out[RECEIPT_DIGITS + 1], canon[RECEIPT_DIGITS + 1], longer[64];
	static const char *const bad[] = { "", "1234", "abcd-efgh",
	    "1234567890123456789012345678a", "'; DROP TABLE cases; --",
	    "12345678901234567890123456789", "\xef\xbc", NULL };
	size_t i;

	(void)state;
	for (i = 0; bad[i] != NULL; i++)
		assert_int_equal(receipt_parse(bad[i], strlen(bad[i]), out),
		    RECEIPT_EFORMAT);
	receipt_new(canon);
	snprintf(longer, sizeof(longer), "%s0", canon);	/* one digit too many */
	assert_int_equal(receipt_parse(longer, strlen(longer), out), RECEIPT_EFORMAT);
	assert_int_equal(receipt_parse(canon, RECEIPT_INPUT_MAX + 1, out),
	    RECEIPT_EFORMAT);
	assert_int_equal(receipt_parse(NULL, 0, out), RECEIPT_EFORMAT);
}

static void
test_lookup_is_keyed(void **state)
{
	unsigned char k1[32], k2[32], a[32], b[32], c[32];
	char r1[RECEIPT_DIGITS + 1], r2[RECEIPT_DIGITS + 1];

	(void)state;
	randombytes_buf(k1, 32);
	randombytes_buf(k2, 32);
	receipt_new(r1);
	receipt_new(r2);
	receipt_lookup(k1, r1, a);
	receipt_lookup(k1, r1, b);
	assert_memory_equal(a, b, 32);
	receipt_lookup(k2, r1, c);
	assert_memory_not_equal(a, c, 32);
	receipt_lookup(k1, r2, c);
	assert_memory_not_equal(a, c, 32);
}

static void
test_keypair_opens_only_with_the_receipt(void **state)
{
	char r[RECEIPT_DIGITS + 1], other[RECEIPT_DIGITS + 1];
	unsigned char salt[16], salt2[16], pk[32], pk2[32], sealed[ENV_SEALED_KEYBYTES];
	unsigned char *sk = sodium_malloc(32), *k = env_key_new(), *got;

	(void)state;
	receipt_new(r);
	receipt_new(other);
	receipt_salt(salt);
	receipt_salt(salt2);
	assert_int_equal(receipt_keypair(r, salt, FAST_OPS, FAST_MEM, pk, sk), RECEIPT_OK);
	assert_int_equal(env_key_seal(k, pk, sealed), ENV_OK);
	/* deterministic: the same receipt and salt give the same key */
	assert_int_equal(receipt_keypair(r, salt, FAST_OPS, FAST_MEM, pk2, sk), RECEIPT_OK);
	assert_memory_equal(pk, pk2, 32);
	assert_int_equal(env_key_open(sealed, sizeof(sealed), pk2, sk, &got), ENV_OK);
	assert_memory_equal(got, k, 32);
	env_secret_free(got);
	/* a wrong receipt or a wrong salt cannot open it */
	receipt_keypair(other, salt, FAST_OPS, FAST_MEM, pk2, sk);
	assert_memory_not_equal(pk, pk2, 32);
	assert_int_equal(env_key_open(sealed, sizeof(sealed), pk2, sk, &got), ENV_EDECRYPT);
	receipt_keypair(r, salt2, FAST_OPS, FAST_MEM, pk2, sk);
	assert_int_equal(env_key_open(sealed, sizeof(sealed), pk2, sk, &got), ENV_EDECRYPT);
	/* parameters below Argon2id's minimum are refused */
	assert_int_not_equal(receipt_keypair(r, salt, 0, FAST_MEM, pk2, sk), RECEIPT_OK);
	sodium_free(sk);
	env_secret_free(k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entropy_is_at_least_80_bits),
		cmocka_unit_test(test_new_receipts_differ_and_parse),
		cmocka_unit_test(test_format_groups_of_four),
		cmocka_unit_test(test_every_single_digit_typo_is_caught),
		cmocka_unit_test(test_every_adjacent_swap_is_caught),
		cmocka_unit_test(test_full_width_and_separators),
		cmocka_unit_test(test_garbage_is_format_error),
		cmocka_unit_test(test_lookup_is_keyed),
		cmocka_unit_test(test_keypair_opens_only_with_the_receipt),
	};

	if (env_init() == -1)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
